/* Respondent weights and the weight report, written through output groups
 * (outfile.c) with CSV text cells made safe for spreadsheets. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors_internal.h"
#include "year.h"
#include "dict.h"
#include "labels_internal.h"
#include "outfile_internal.h"
#include "output_internal.h"
#include "weighting_state.h"

typedef struct {
    int year;
    size_t row;
    double d, w;
} weight_row;

struct trygg_weights {
    const trygg_survey *sv;
    trygg_weighting weighting;
    weight_row *rows;
    size_t count;
    int *iterations;      /* per year */
    char **scaling;       /* per year: "; "-joined notes "WHERE: MARGIN × F to
                             REFERENCE" of margins scaled to agree, or NULL */
};

/* "Botkyrka: municipality*age_group × 0.99952 (44880 to 44858.5, as
 * municipality*sex)", each scaling of the year, '\n'-separated with its
 * area first, so that the report finds a municipality's (a new string). */
static char *scaling_notes(const trygg_weighting_state *ws)
{
    char *all = NULL;
    for (size_t k = 0; ws && k < ws->nscalings; k++) {
        const trygg_margin_scaling *m = &ws->scalings[k];
        char *one = trygg_strprintf("%s%s%s\t%s × %.9g (%.10g to %.10g, as %s)",
                                    all ? all : "", all ? "\n" : "", m->where,
                                    m->margin, m->factor, m->total, m->reference_total,
                                    m->reference);
        free(all);
        if (!(all = one))
            return NULL;
    }
    return all;
}

static trygg_status year_weights(trygg_weights *out, size_t yi, trygg_errors *err)
{
    const trygg_survey *sv = out->sv;
    trygg_design d;
    trygg_status st = trygg_design_build(sv, sv->years[yi], &d, err);
    if (st != TRYGG_OK)
        return st;
    double *w = malloc((d.n + 1) * sizeof *w);
    trygg_weighting_state *ws = NULL;
    if (!w)
        st = TRYGG_ERR_NOMEM;
    else {
        memcpy(w, d.w, d.n * sizeof *w);
        if (out->weighting != TRYGG_WEIGHTING_DESIGN || sv->def->nonresponse)
            st = trygg_weighting_apply(sv, &d, out->weighting, w, &ws, err);
    }
    for (size_t i = 0; st == TRYGG_OK && i < d.n; i++)
        out->rows[out->count++] = (weight_row){d.year, d.row[i], d.w[i], w[i]};
    const trygg_cal_report *rep = trygg_weighting_report(ws);
    out->iterations[yi] = rep ? rep->iterations : 0;
    if (st == TRYGG_OK && ws && ws->nscalings && !(out->scaling[yi] = scaling_notes(ws)))
        st = TRYGG_ERR_NOMEM;
    trygg_weighting_state_free(ws);
    free(w);
    trygg_design_free(&d);
    return st;
}

trygg_status trygg_weights_compute(const trygg_survey *sv,
                                   trygg_weighting weighting,
                                   trygg_weights **out, trygg_errors *err)
{
    *out = NULL;
    trygg_weights *w = calloc(1, sizeof *w);
    if (!w)
        return TRYGG_ERR_NOMEM;
    w->sv = sv;
    w->weighting = weighting == TRYGG_WEIGHTING_DEFAULT ? sv->def->weighting : weighting;
    w->rows = malloc((sv->nrows + 1) * sizeof *w->rows);
    w->iterations = calloc(sv->nyears + 1, sizeof *w->iterations);
    w->scaling = calloc(sv->nyears + 1, sizeof *w->scaling);
    trygg_status st = w->rows && w->iterations && w->scaling ? TRYGG_OK : TRYGG_ERR_NOMEM;
    for (size_t y = 0; y < sv->nyears && st == TRYGG_OK; y++)
        st = year_weights(w, y, err);
    if (st != TRYGG_OK) {
        trygg_weights_free(w);
        return st;
    }
    *out = w;
    return TRYGG_OK;
}

void trygg_weights_free(trygg_weights *w)
{
    if (!w)
        return;
    free(w->rows);
    free(w->iterations);
    for (size_t y = 0; w->scaling && y < w->sv->nyears; y++)
        free(w->scaling[y]);
    free(w->scaling);
    free(w);
}

size_t trygg_weights_count(const trygg_weights *w) { return w ? w->count : 0; }

trygg_status trygg_weights_get(const trygg_weights *w, size_t i, trygg_weight_row *row)
{
    if (!w || i >= w->count)
        return TRYGG_ERR_ARGUMENT;
    const weight_row *r = &w->rows[i];
    row->year = r->year;
    row->id = trygg_survey_cat(w->sv, w->sv->role_col[TRYGG_ROLE_ID], r->row);
    row->design_weight = r->d;
    row->weight = r->w;
    return TRYGG_OK;
}

static const char *cat_or(const trygg_survey *sv, int role, size_t r)
{
    long c = sv->role_col[role];
    return c >= 0 ? trygg_survey_cat(sv, c, r) : "";
}

static size_t weights_row(const void *t, size_t i, trygg_field *f, trygg_row *r)
{
    const trygg_weights *w = t;
    weight_row none = {0};
    const weight_row *x = i == SIZE_MAX ? &none : &w->rows[i];
    int head = i == SIZE_MAX;
    r->blank = 0;
    trygg_field v[] = {
        {"year", 'i', NULL, x->year, TRYGG_UNIT_YEAR},
        {"respondent", 't', head ? "" : cat_or(w->sv, TRYGG_ROLE_ID, x->row), 0, 0},
        {"municipality", 't', head ? "" : cat_or(w->sv, TRYGG_ROLE_MUNICIPALITY, x->row), 0, 0},
        {"district", 't', head ? "" : cat_or(w->sv, TRYGG_ROLE_DISTRICT, x->row), 0, 0},
        {"design_weight", 'n', NULL, x->d, TRYGG_UNIT_WEIGHT},
        {"weight", 'n', NULL, x->w, TRYGG_UNIT_WEIGHT},
        {"g", 'n', NULL, head ? 0 : x->w / x->d, TRYGG_UNIT_RATIO},
    };
    memcpy(f, v, sizeof v);
    return sizeof v / sizeof *v;
}

trygg_status trygg_weights_write_with(const trygg_weights *w, trygg_output_group *g,
                                      const char *path, const trygg_write_options *o,
                                      trygg_errors *err)
{
    trygg_table_spec t = {"weights", w, w->count, weights_row};
    return trygg_out_table_to(g, path, &t, o, err);
}

trygg_status trygg_weights_write_to(const trygg_weights *w, trygg_output_group *g,
                                    const char *path, trygg_errors *err)
{
    return trygg_weights_write_with(w, g, path, NULL, err);
}

static trygg_status weights_member(const void *obj, trygg_output_group *g,
                                   const char *path, int fmt, trygg_errors *err)
{
    (void)fmt;
    return trygg_weights_write_with(obj, g, path, NULL, err);
}

trygg_status trygg_weights_write(const trygg_weights *w, const char *path,
                                 trygg_errors *err)
{
    return trygg_output_alone(path, weights_member, w, 0, err);
}

/* ---- the report ------------------------------------------------------- */

typedef struct {
    double n, sw, sw2, min, max;
} wstat;

static void wstat_add(wstat *s, double w)
{
    if (s->n == 0 || w < s->min) s->min = w;
    if (s->n == 0 || w > s->max) s->max = w;
    s->n += 1;
    s->sw += w;
    s->sw2 += w * w;
}

/* One row of the report: a municipality's year, all or one group. A
 * group of fewer than min_n respondents is a row with its name and no
 * numbers (its n, its weights' sum and its shares would give it away). */
typedef struct {
    int year, iter, hidden;
    const char *area, *group;   /* pooled */
    const char *scaling;        /* the margins' scaling notes; pooled */
    wstat s;
    double all_n, all_sw;
} report_row;

typedef struct {
    const trygg_weights *w;
    report_row *rows;
    size_t count, cap;
    trygg_dict pool;
} report_table;

static trygg_status report_line(report_table *t, int year, int iter, const char *area,
                                const char *group, const wstat *s, const wstat *all,
                                int hidden, const char *scaling)
{
    if (t->count == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 64;
        report_row *n = realloc(t->rows, cap * sizeof *n);
        if (!n)
            return TRYGG_ERR_NOMEM;
        t->rows = n;
        t->cap = cap;
    }
    uint32_t ia, ig, is;
    if (!scaling)
        scaling = "";
    if (trygg_dict_intern(&t->pool, area, strlen(area), &ia) != TRYGG_OK ||
        trygg_dict_intern(&t->pool, group, strlen(group), &ig) != TRYGG_OK ||
        trygg_dict_intern(&t->pool, scaling, strlen(scaling), &is) != TRYGG_OK)
        return TRYGG_ERR_NOMEM;
    t->rows[t->count++] = (report_row){year, iter, hidden, t->pool.names[ia],
                                       t->pool.names[ig], t->pool.names[is], *s,
                                       all->n, all->sw};
    return TRYGG_OK;
}

/* The year's scalings of the municipality `area` and of every area ("" as
 * the cells' shared part), "; "-joined (a new string; "" for none). */
static char *area_scaling(const trygg_weights *w, int year, const char *area)
{
    const char *notes = NULL;
    for (size_t y = 0; y < w->sv->nyears; y++)
        if (w->sv->years[y] == year)
            notes = w->scaling[y];
    char *out = strdup("");
    for (const char *p = notes; p && *p && out;) {
        size_t len = strcspn(p, "\n"), tab = strcspn(p, "\t");
        if (tab < len && (tab == 0 || (strlen(area) == tab && !strncmp(p, area, tab)))) {
            char *more = trygg_strprintf("%s%s%.*s", out, out[0] ? "; " : "",
                                         (int)(len - tab - 1), p + tab + 1);
            free(out);
            out = more;
        }
        p += len + (p[len] == '\n');
    }
    return out;
}

/* A sex × age group of the report: its two names' indices (or ~0 when the
 * survey has no such column) and its weights. */
typedef struct {
    uint32_t sex, age;
    wstat s;
} group_stat;

static uint32_t cat_index(const trygg_survey *sv, int role, size_t r)
{
    long c = sv->role_col[role];
    return c >= 0 ? sv->cols[c].cat[r] : UINT32_MAX;
}

/* The sex × age groups of rows [first, end), in the order they first
 * appear, with their weights; NULL when out of memory. */
static group_stat *collect_groups(const trygg_weights *w, size_t first, size_t end,
                                  size_t *ngroups)
{
    const trygg_survey *sv = w->sv;
    group_stat *g = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = first; i < end; i++) {
        uint32_t sx = cat_index(sv, TRYGG_ROLE_SEX, w->rows[i].row);
        uint32_t ag = cat_index(sv, TRYGG_ROLE_AGE_GROUP, w->rows[i].row);
        size_t k = 0;
        while (k < n && (g[k].sex != sx || g[k].age != ag))
            k++;
        if (k == n) {
            if (n == cap) {
                cap = cap ? 2 * cap : 16;
                group_stat *ng = realloc(g, cap * sizeof *ng);
                if (!ng) {
                    free(g);
                    return NULL;
                }
                g = ng;
            }
            g[n++] = (group_stat){.sex = sx, .age = ag};
        }
        wstat_add(&g[k].s, w->rows[i].w);
    }
    *ngroups = n;
    return g ? g : calloc(1, sizeof *g);
}

/* Which groups of a municipality are left out: those of fewer than min_n
 * respondents, and, as for estimates, when the hidden ones are one alone or
 * fewer than min_n together (the municipality's n minus the others' would
 * give them), the smallest shown group too, until neither holds. A
 * municipality of fewer than min_n respondents shows no group at all. */
static void hide_groups(const group_stat *g, size_t ng, double all_n, int min_n,
                        uint8_t *hidden)
{
    for (size_t k = 0; k < ng; k++)
        hidden[k] = all_n < min_n || g[k].s.n < min_n;
    for (;;) {
        double sum = 0;
        size_t nh = 0;
        long best = -1;
        for (size_t k = 0; k < ng; k++) {
            if (hidden[k]) {
                sum += g[k].s.n;
                nh++;
            } else if (best < 0 || g[k].s.n < g[best].s.n) {
                best = (long)k;
            }
        }
        if (!nh || best < 0 || (nh > 1 && sum >= min_n))
            return;
        hidden[best] = 1;
    }
}

/* "women / 16-29": the group's label (a new string), or NULL. */
static char *group_label(const trygg_weights *w, size_t row)
{
    const char *sx = cat_or(w->sv, TRYGG_ROLE_SEX, row);
    const char *ag = cat_or(w->sv, TRYGG_ROLE_AGE_GROUP, row);
    size_t n = strlen(sx) + strlen(ag) + 4;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s / %s", sx, ag);
    return s;
}

/* Rows of one year and municipality: all, then each sex × age group. */
static trygg_status report_area(report_table *t, const trygg_weights *w, size_t first,
                                size_t end, int iter)
{
    const trygg_survey *sv = w->sv;
    const char *area = cat_or(sv, TRYGG_ROLE_MUNICIPALITY, w->rows[first].row);
    wstat all = {0};
    for (size_t i = first; i < end; i++)
        wstat_add(&all, w->rows[i].w);
    int year = w->rows[first].year, min_n = sv->def->min_n;
    char *scaling = area_scaling(w, year, area);
    if (!scaling)
        return TRYGG_ERR_NOMEM;
    trygg_status st = report_line(t, year, iter, area[0] ? area : "all", "all", &all, &all,
                                  all.n < min_n, scaling);
    free(scaling);
    size_t ng = 0;
    group_stat *g = st == TRYGG_OK ? collect_groups(w, first, end, &ng) : NULL;
    uint8_t *hidden = g ? malloc(ng + 1) : NULL;
    if (!hidden) {
        free(g);
        return TRYGG_ERR_NOMEM;
    }
    hide_groups(g, ng, all.n, min_n, hidden);
    for (size_t k = 0, i = first; k < ng && st == TRYGG_OK; k++) {
        /* the group's first row gives its names */
        while (cat_index(sv, TRYGG_ROLE_SEX, w->rows[i].row) != g[k].sex ||
               cat_index(sv, TRYGG_ROLE_AGE_GROUP, w->rows[i].row) != g[k].age)
            i++;
        char *label = group_label(w, w->rows[i].row);
        if (!label)
            st = TRYGG_ERR_NOMEM;
        else if (strcmp(label, " / ") != 0)
            st = report_line(t, year, iter, area[0] ? area : "all", label, &g[k].s, &all,
                             hidden[k], NULL);
        free(label);
    }
    free(hidden);
    free(g);
    return st;
}

typedef struct {
    uint64_t key;   /* year, then municipality code */
    size_t i;
} area_key;

static int cmp_key(const void *a, const void *b)
{
    const area_key *x = a, *y = b;
    if (x->key != y->key)
        return (x->key > y->key) - (x->key < y->key);
    return (x->i > y->i) - (x->i < y->i);
}

static int year_iterations(const trygg_weights *w, int year)
{
    for (size_t y = 0; y < w->sv->nyears; y++)
        if (w->sv->years[y] == year)
            return w->iterations[y];
    return 0;
}

static size_t report_fields(const void *tab, size_t i, trygg_field *f, trygg_row *r)
{
    const report_table *t = tab;
    report_row none = {0};
    none.area = none.group = none.scaling = "";
    const report_row *x = i == SIZE_MAX ? &none : &t->rows[i];
    const wstat *s = &x->s;
    double mean = s->sw / s->n;
    double var = s->n > 1 ? (s->sw2 - s->n * mean * mean) / (s->n - 1) : NAN;
    r->blank = x->hidden;
    const char *all = trygg_labels_lang(r->labels) == TRYGG_LANG_EN ? "All" : "Alla";
    int whole = strcmp(x->group, "all") == 0;
    trygg_field v[] = {
        {"year", 'i', NULL, x->year, TRYGG_UNIT_YEAR},
        {"weighting", 't', trygg_weighting_name(t->w->weighting), 0, 0},
        {"municipality", 't', x->area, 0, 0},
        {"group", 't', x->group, 0, 0},
        {"group_label", 't', whole ? (r->labels ? all : x->group)
                                   : trygg_label_group(r->labels, "sex*age_group", x->group),
         0, 0},
        {"n", 'b', NULL, s->n, TRYGG_UNIT_COUNT},
        {"sum_weights", 'b', NULL, s->sw, TRYGG_UNIT_WEIGHT},
        {"min", 'b', NULL, s->min, TRYGG_UNIT_WEIGHT},
        {"max", 'b', NULL, s->max, TRYGG_UNIT_WEIGHT},
        {"mean", 'b', NULL, mean, TRYGG_UNIT_WEIGHT},
        {"cv", 'b', NULL, sqrt(var) / mean, TRYGG_UNIT_RATIO},
        {"deff_weighting", 'b', NULL, s->n * s->sw2 / (s->sw * s->sw), TRYGG_UNIT_RATIO},
        {"n_effective", 'b', NULL, s->sw * s->sw / s->sw2, TRYGG_UNIT_WEIGHT},
        {"share_respondents", 'b', NULL, s->n / x->all_n, TRYGG_UNIT_SHARE},
        {"share_weighted", 'b', NULL, s->sw / x->all_sw, TRYGG_UNIT_SHARE},
        {"iterations", 'i', NULL, x->iter, 0},
        {"flag", 't', x->hidden ? "suppressed" : "", 0, 0},
        {"margin_scaling", 't', x->scaling, 0, 0},
    };
    memcpy(f, v, sizeof v);
    return sizeof v / sizeof *v;
}

/* Every row of the report, per year and municipality in order. */
static trygg_status report_rows(const trygg_weights *w, report_table *t)
{
    long cm = w->sv->role_col[TRYGG_ROLE_MUNICIPALITY];
    area_key *k = malloc((w->count + 1) * sizeof *k);
    weight_row *run = malloc((w->count + 1) * sizeof *run);
    trygg_status st = k && run ? TRYGG_OK : TRYGG_ERR_NOMEM;
    for (size_t i = 0; st == TRYGG_OK && i < w->count; i++)
        k[i] = (area_key){((uint64_t)(uint32_t)w->rows[i].year << 32) |
                              (cm >= 0 ? w->sv->cols[cm].cat[w->rows[i].row] : 0), i};
    if (st == TRYGG_OK)
        qsort(k, w->count, sizeof *k, cmp_key);
    for (size_t a = 0; st == TRYGG_OK && a < w->count;) {
        size_t n = 0;
        while (a + n < w->count && k[a + n].key == k[a].key) {
            run[n] = w->rows[k[a + n].i];
            n++;
        }
        trygg_weights sub = *w;
        sub.rows = run;
        st = report_area(t, &sub, 0, n, year_iterations(w, run[0].year));
        a += n;
    }
    free(k);
    free(run);
    return st;
}

trygg_status trygg_weights_write_report_with(const trygg_weights *w,
                                             trygg_output_group *g, const char *path,
                                             const trygg_write_options *o,
                                             trygg_errors *err)
{
    report_table t = {.w = w};
    trygg_dict_init_pooled(&t.pool);
    trygg_status st = report_rows(w, &t);
    trygg_table_spec spec = {"weight report", &t, t.count, report_fields};
    if (st == TRYGG_OK)
        st = trygg_out_table_to(g, path, &spec, o, err);
    trygg_dict_free(&t.pool);
    free(t.rows);
    return st;
}

static trygg_status report_member(const void *obj, trygg_output_group *g,
                                  const char *path, int fmt, trygg_errors *err)
{
    (void)fmt;
    return trygg_weights_write_report_with(obj, g, path, NULL, err);
}

trygg_status trygg_weights_write_report_to(const trygg_weights *w,
                                           trygg_output_group *g, const char *path,
                                           trygg_errors *err)
{
    return trygg_weights_write_report_with(w, g, path, NULL, err);
}

trygg_status trygg_weights_write_report(const trygg_weights *w, const char *path,
                                        trygg_errors *err)
{
    return trygg_output_alone(path, report_member, w, 0, err);
}
