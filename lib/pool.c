/* Pooled years: the N latest survey years (or every window of N that does
 * not overlap the next) stacked as one sample, made as a survey of its own
 * so that every estimator, suppression and audit of the library works on
 * it unchanged. Each window is one "year" of the pooled survey (its last
 * year); its strata are year × stratum with each year's fpc, and its design
 * weights each year's final (calibrated) weights divided by N: exactly R's
 * svydesign(ids = ~1, strata = ~year:stratum, fpc, weights = w / N) on the
 * stacked rows. */
#include "survey_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "design.h"
#include "errors_internal.h"
#include "weighting.h"

/* The definition a pooled survey is described by: the original's, with a
 * stratum and a weight column of its own and design weighting. Freed with
 * the survey (survey.c frees pool_def: the names live in the block). */
typedef struct {
    trygg_definition def;
    char stratum[48], weight[48];
} pool_definition;

void trygg_pool_options_init(trygg_pool_options *o)
{
    memset(o, 0, sizeof *o);
    o->years = 2;
    o->weighting = TRYGG_WEIGHTING_DEFAULT;
}

int trygg_survey_pooled_from(const trygg_survey *sv, int year)
{
    for (size_t i = 0; sv->pool_first && i < sv->nyears; i++)
        if (sv->years[i] == year)
            return sv->pool_first[i];
    return year;
}

int trygg_survey_pool_size(const trygg_survey *sv)
{
    return sv->pool_first ? sv->pool_years : 1;
}

static int column_taken(const trygg_survey *sv, const char *name)
{
    for (size_t i = 0; i < sv->ncols; i++)
        if (strcmp(sv->cols[i].name, name) == 0)
            return 1;
    return 0;
}

/* A column name no column of the survey has ("pooled_stratum", or with a
 * number after it). */
static void fresh_name(const trygg_survey *sv, const char *base, char *out, size_t size)
{
    snprintf(out, size, "%s", base);
    for (int k = 2; column_taken(sv, out); k++)
        snprintf(out, size, "%s_%d", base, k);
}

static trygg_status pool_definition_new(const trygg_survey *sv, pool_definition **out)
{
    pool_definition *pd = calloc(1, sizeof *pd);
    if (!pd)
        return TRYGG_ERR_NOMEM;
    pd->def = *sv->def;  /* shares the original's tables: it must outlive us */
    fresh_name(sv, "pooled_stratum", pd->stratum, sizeof pd->stratum);
    fresh_name(sv, "pooled_weight", pd->weight, sizeof pd->weight);
    pd->def.roles[TRYGG_ROLE_STRATUM] = pd->stratum;
    pd->def.roles[TRYGG_ROLE_WEIGHT] = pd->weight;
    pd->def.weighting = TRYGG_WEIGHTING_DESIGN;
    *out = pd;
    return TRYGG_OK;
}

/* The windows: index of each survey year's window (-1: in none), their
 * last years' indices in ascending order. */
typedef struct {
    long *of_year;      /* per survey year */
    size_t *last;       /* per window: index of its last survey year */
    size_t nwin;
} windows;

static trygg_status plan_windows(const trygg_survey *sv, const trygg_pool_options *o,
                                 windows *w, trygg_errors *err)
{
    size_t end = sv->nyears;
    for (size_t i = 0; i < sv->nyears; i++)
        if (sv->years[i] == o->year || (!o->year && i + 1 == sv->nyears))
            end = i;
    if (end == sv->nyears) {
        trygg_errors_add(err, "", 0, 0, "no survey year %d in the data to pool up to",
                         o->year);
        return TRYGG_ERR_NOT_FOUND;
    }
    size_t n = (size_t)o->years;
    if (end + 1 < n) {
        trygg_errors_add(err, "", 0, 0, "pooling %zu survey years up to %d needs %zu "
                         "survey years; the data has %zu", n, sv->years[end], n, end + 1);
        return TRYGG_ERR_INVALID;
    }
    w->of_year = malloc((sv->nyears + 1) * sizeof *w->of_year);
    w->last = malloc((sv->nyears + 1) * sizeof *w->last);
    if (!w->of_year || !w->last)
        return TRYGG_ERR_NOMEM;
    for (size_t i = 0; i < sv->nyears; i++)
        w->of_year[i] = -1;
    size_t nwin = 0;
    for (size_t e = end + 1; e >= n && (nwin == 0 || o->all_windows); e -= n)
        nwin++;
    w->nwin = nwin;
    for (size_t k = 0; k < nwin; k++) {   /* the earliest window first */
        size_t last = end - (nwin - 1 - k) * n;
        w->last[k] = last;
        for (size_t i = last + 1 - n; i <= last; i++)
            w->of_year[i] = (long)k;
    }
    return TRYGG_OK;
}

static long year_index(const trygg_survey *sv, int year)
{
    for (size_t i = 0; i < sv->nyears; i++)
        if (sv->years[i] == year)
            return (long)i;
    return -1;
}

/* Each pooled row's final weight of its own year (its own calibration),
 * divided by N; NaN for rows outside every window. */
static trygg_status final_weights(const trygg_survey *sv, const windows *win, int n,
                                  trygg_weighting weighting, double *fw, trygg_errors *err)
{
    for (size_t r = 0; r < sv->nrows; r++)
        fw[r] = NAN;
    trygg_status st = TRYGG_OK;
    for (size_t i = 0; i < sv->nyears && st == TRYGG_OK; i++) {
        if (win->of_year[i] < 0)
            continue;
        trygg_design d;
        st = trygg_design_build(sv, sv->years[i], &d, err);
        if (st != TRYGG_OK)
            break;
        trygg_weighting_state *ws = NULL;
        double *w = malloc((d.n + 1) * sizeof *w);
        st = w ? TRYGG_OK : TRYGG_ERR_NOMEM;
        if (st == TRYGG_OK) {
            memcpy(w, d.w, d.n * sizeof *w);
            if (weighting != TRYGG_WEIGHTING_DESIGN)
                st = trygg_weighting_apply(sv, &d, weighting, w, &ws, err);
        }
        for (size_t p = 0; st == TRYGG_OK && p < d.n; p++)
            fw[d.row[p]] = w[p] / n;
        trygg_weighting_state_free(ws);
        free(w);
        trygg_design_free(&d);
    }
    return st;
}

/* Copies column `from`'s values of the pooled rows into `to`. */
static trygg_status copy_cat(const trygg_column *from, trygg_column *to, const size_t *rows,
                             size_t m)
{
    uint32_t *map = malloc((from->dict.count + 1) * sizeof *map);
    if (!map)
        return TRYGG_ERR_NOMEM;
    for (size_t v = 0; v < from->dict.count; v++)
        map[v] = UINT32_MAX;
    trygg_status st = TRYGG_OK;
    for (size_t i = 0; i < m && st == TRYGG_OK; i++) {
        uint32_t v = from->cat[rows[i]];
        if (map[v] == UINT32_MAX) {   /* in order of first appearance */
            const char *s = from->dict.names[v];
            st = trygg_dict_intern(&to->dict, s, strlen(s), &map[v]);
        }
        to->cat[i] = map[v];
    }
    free(map);
    return st;
}

static trygg_status copy_column(const trygg_survey *sv, const trygg_column *from,
                                trygg_column *to, const size_t *rows, size_t m)
{
    trygg_status st = TRYGG_OK;
    switch (to->kind) {
    case TRYGG_COL_CAT:
        return copy_cat(from, to, rows, m);
    case TRYGG_COL_NUM:
        for (size_t i = 0; i < m; i++)
            to->num[i] = from->num[rows[i]];
        return TRYGG_OK;
    case TRYGG_COL_CODE:
        for (size_t i = 0; i < m; i++)
            to->code[i] = from->code[rows[i]];
        return TRYGG_OK;
    default:
        for (size_t i = 0; i < m && st == TRYGG_OK; i++) {
            const char *s = trygg_survey_cat(sv, (long)(from - sv->cols), rows[i]);
            st = trygg_column_put_text(to, i, s, strlen(s));
        }
        return st;
    }
}

/* The pooled stratum of each row: "YEAR:stratum" (or "YEAR" without
 * strata), so that every year keeps its own strata and fpc. */
static trygg_status pooled_strata(const trygg_survey *sv, trygg_column *to,
                                  const size_t *rows, size_t m)
{
    long cs = sv->role_col[TRYGG_ROLE_STRATUM];
    size_t ns = cs >= 0 ? sv->cols[cs].dict.count : 1;
    size_t cells = sv->nyears * ns;
    uint32_t *map = malloc((cells + 1) * sizeof *map);
    if (!map)
        return TRYGG_ERR_NOMEM;
    for (size_t c = 0; c < cells; c++)
        map[c] = UINT32_MAX;
    trygg_status st = TRYGG_OK;
    for (size_t i = 0; i < m && st == TRYGG_OK; i++) {
        size_t r = rows[i], y = (size_t)year_index(sv, sv->year[r]);
        size_t s = cs >= 0 ? sv->cols[cs].cat[r] : 0, c = y * ns + s;
        if (map[c] == UINT32_MAX) {
            char *name = cs >= 0 ? trygg_strprintf("%d:%s", sv->year[r],
                                                   sv->cols[cs].dict.names[s])
                                 : trygg_strprintf("%d", sv->year[r]);
            st = name ? trygg_dict_intern(&to->dict, name, strlen(name), &map[c])
                      : TRYGG_ERR_NOMEM;
            free(name);
        }
        to->cat[i] = map[c];
    }
    free(map);
    return st;
}

static trygg_status copy_files(const trygg_survey *sv, trygg_survey *ps)
{
    ps->files = calloc(sv->nfiles + 1, sizeof *ps->files);
    if (!ps->files)
        return TRYGG_ERR_NOMEM;
    for (size_t i = 0; i < sv->nfiles; i++) {
        ps->files[i] = sv->files[i];
        if (!(ps->files[i].path = strdup(sv->files[i].path)))
            return TRYGG_ERR_NOMEM;
        ps->nfiles = i + 1;
    }
    return TRYGG_OK;
}

/* The pooled survey's rows: the windows' rows in the survey's order, the
 * year of each its window's last year. */
static trygg_status fill_rows(const trygg_survey *sv, const windows *win, const double *fw,
                              trygg_survey *ps, const size_t *rows, size_t m)
{
    trygg_status st = trygg_survey_reserve_exact(ps, m + 1);
    if (st == TRYGG_OK)
        st = copy_files(sv, ps);
    for (size_t i = 0; i < m && st == TRYGG_OK; i++) {
        size_t r = rows[i];
        long k = win->of_year[year_index(sv, sv->year[r])];
        ps->year[i] = sv->years[win->last[k]];
        ps->file[i] = sv->file[r];
        ps->line[i] = sv->line[r];
    }
    long wcol = ps->role_col[TRYGG_ROLE_WEIGHT], scol = ps->role_col[TRYGG_ROLE_STRATUM];
    for (size_t c = 0; c < ps->ncols && st == TRYGG_OK; c++) {
        trygg_column *to = &ps->cols[c];
        if ((long)c == wcol) {
            for (size_t i = 0; i < m; i++)
                to->num[i] = fw[rows[i]];
        } else if ((long)c == scol) {
            st = pooled_strata(sv, to, rows, m);
        } else {
            long from = trygg_survey_col_find(sv, to->name, to->kind);
            st = from < 0 ? TRYGG_ERR_INVALID : copy_column(sv, &sv->cols[from], to, rows, m);
        }
    }
    ps->nrows = m;
    return st;
}

static trygg_status set_years(const trygg_survey *sv, const windows *win, int n,
                              trygg_weighting weighting, trygg_survey *ps)
{
    ps->years = malloc((win->nwin + 1) * sizeof *ps->years);
    ps->pool_first = malloc((win->nwin + 1) * sizeof *ps->pool_first);
    if (!ps->years || !ps->pool_first)
        return TRYGG_ERR_NOMEM;
    for (size_t k = 0; k < win->nwin; k++) {
        ps->years[k] = sv->years[win->last[k]];
        ps->pool_first[k] = sv->years[win->last[k] + 1 - (size_t)n];
    }
    ps->nyears = win->nwin;
    ps->pool_years = n;
    ps->pool_weighting = weighting;
    return TRYGG_OK;
}

static trygg_status build(const trygg_survey *sv, const trygg_pool_options *o,
                          const windows *win, trygg_survey **out, trygg_errors *err)
{
    trygg_weighting weighting = o->weighting == TRYGG_WEIGHTING_DEFAULT
                                    ? sv->def->weighting : o->weighting;
    size_t m = 0;
    size_t *rows = malloc((sv->nrows + 1) * sizeof *rows);
    double *fw = malloc((sv->nrows + 1) * sizeof *fw);
    pool_definition *pd = NULL;
    trygg_survey *ps = NULL;
    trygg_status st = rows && fw ? TRYGG_OK : TRYGG_ERR_NOMEM;
    if (st == TRYGG_OK)
        st = final_weights(sv, win, o->years, weighting, fw, err);
    for (size_t r = 0; st == TRYGG_OK && r < sv->nrows; r++)
        if (win->of_year[year_index(sv, sv->year[r])] >= 0)
            rows[m++] = r;
    if (st == TRYGG_OK)
        st = pool_definition_new(sv, &pd);
    if (st == TRYGG_OK && (st = trygg_survey_new_empty(&pd->def, &ps)) != TRYGG_OK)
        free(pd);
    if (st == TRYGG_OK) {
        ps->pool_def = &pd->def;
        st = fill_rows(sv, win, fw, ps, rows, m);
    }
    if (st == TRYGG_OK)
        st = set_years(sv, win, o->years, weighting, ps);
    free(rows);
    free(fw);
    if (st != TRYGG_OK) {
        trygg_survey_free(ps);
        return st;
    }
    *out = ps;
    return TRYGG_OK;
}

trygg_status trygg_survey_pool(const trygg_survey *sv, const trygg_pool_options *o,
                               trygg_survey **out, trygg_errors *err)
{
    *out = NULL;
    if (!o || o->years < 2 || sv->pool_first) {
        trygg_errors_add(err, "", 0, 0, sv->pool_first ? "a pooled survey cannot be "
                         "pooled again" : "pooling needs 2 or more survey years");
        return TRYGG_ERR_ARGUMENT;
    }
    windows win = {0};
    trygg_status st = plan_windows(sv, o, &win, err);
    if (st == TRYGG_OK)
        st = build(sv, o, &win, out, err);
    free(win.of_year);
    free(win.last);
    return st;
}

int trygg_definition_pool(const trygg_definition *def)
{
    return def->pool > 1 ? def->pool : 1;
}
