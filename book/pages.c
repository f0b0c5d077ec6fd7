/* Chart models from results: look-ups and labels, no statistics. */
#include "trygg_book.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *trygg_book_alloc(trygg_book_arena *a, size_t size)
{
    if (a->n == a->cap) {
        size_t nc = a->cap ? 2 * a->cap : 64;
        void **np = realloc(a->ptr, nc * sizeof *np);
        if (!np)
            return NULL;
        a->ptr = np;
        a->cap = nc;
    }
    void *p = calloc(1, size ? size : 1);
    if (p)
        a->ptr[a->n++] = p;
    return p;
}

char *trygg_book_strdup(trygg_book_arena *a, const char *s)
{
    char *d = trygg_book_alloc(a, strlen(s) + 1);
    if (d)
        strcpy(d, s);
    return d;
}

void trygg_book_arena_free(trygg_book_arena *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->ptr[i]);
    free(a->ptr);
    memset(a, 0, sizeof *a);
}

trygg_report_value trygg_book_value(const trygg_estimate_row *x)
{
    trygg_report_value v;
    trygg_report_value_init(&v);
    if (!x)
        return v;
    v.est = x->estimate;
    v.lo = x->ci_low;
    v.hi = x->ci_high;
    if (x->flags & TRYGG_FLAG_SUPPRESSED)
        v.flags |= TRYGG_REPORT_SUPPRESSED;
    else if (x->flags & TRYGG_FLAG_UNSTABLE)
        v.flags |= TRYGG_REPORT_UNSTABLE;
    return v;
}

static trygg_report_mark mark_of(const trygg_changes *c, int year, const char *level,
                                 const char *domain, const char *indicator)
{
    const trygg_change_row *r = trygg_changes_find(c, year, level, domain, indicator);
    if (!r || r->flags & TRYGG_FLAG_SUPPRESSED || !(r->p_value < 0.05))
        return TRYGG_REPORT_MARK_NONE;
    return r->change > 0 ? TRYGG_REPORT_MARK_UP : TRYGG_REPORT_MARK_DOWN;
}

static trygg_report_scale scale_of(const trygg_definition *def, size_t k)
{
    trygg_report_scale s;
    trygg_report_scale_init(&s);
    if (!trygg_definition_indicator_is_share(def, k)) {
        s.kind = TRYGG_REPORT_NUMBER;
        s.decimals = 2;
    } else {
        s.min = 0;
    }
    return s;
}

static void frame_of(const trygg_book_ctx *c, trygg_report_frame *f, trygg_book_arena *a,
                     const char *title, const char *subtitle)
{
    trygg_report_frame_init(f);
    f->lang = c->lang;
    f->title = trygg_book_strdup(a, title);
    f->subtitle = subtitle ? trygg_book_strdup(a, subtitle) : NULL;
    char note[256];
    snprintf(note, sizeof note, c->lang == TRYGG_REPORT_SV
             ? "Källa: %s, %d. Staplar med 95 %% konfidensintervall."
             : "Source: %s, %d. Bars with 95%% confidence intervals.",
             trygg_definition_name(c->def), c->year);
    f->note = trygg_book_strdup(a, note);
}

static const char *label(const trygg_book_ctx *c, size_t k)
{
    return trygg_definition_indicator_label(c->def, k, (trygg_lang)c->lang);
}

static int is_problem_share(const trygg_definition *def, size_t k)
{
    return trygg_definition_indicator_is_share(def, k) &&
           strcmp(trygg_definition_indicator_group(def, k), "problem") == 0;
}

const char *trygg_book_main_indicator(const trygg_definition *def)
{
    size_t n = trygg_definition_indicator_count(def);
    for (size_t k = 0; k < n; k++)
        if (!strcmp(trygg_definition_indicator_group(def, k), "headline") &&
            trygg_definition_indicator_is_share(def, k))
            return trygg_definition_indicator_name(def, k);
    return trygg_definition_indicator_name(def, 0);
}

int trygg_book_lagesbild(const trygg_book_ctx *c, trygg_book_arena *a, const char *level, const char *area,
                 trygg_report_chart *chart)
{
    size_t n = trygg_definition_indicator_count(c->def);
    trygg_report_lagesbild *m = trygg_book_alloc(a, sizeof *m);
    trygg_report_bar *bars = trygg_book_alloc(a, (n + 1) * sizeof *bars);
    trygg_report_headline *hl = trygg_book_alloc(a, 6 * sizeof *hl);
    if (!m || !bars || !hl)
        return -1;
    trygg_report_lagesbild_init(m);
    const char *parent = NULL;
    for (size_t k = 0; k < n; k++) {
        const char *ind = trygg_definition_indicator_name(c->def, k);
        const trygg_estimate_row *x = trygg_results_find(c->est, c->year, level, area, ind);
        if (!x)
            continue;
        trygg_report_mark mk = mark_of(c->chg, c->year, level, area, ind);
        if (is_problem_share(c->def, k)) {
            trygg_report_bar *b = &bars[m->nitems++];
            trygg_report_bar_init(b);
            b->label = label(c, k);
            b->value = trygg_book_value(x);
            b->mark = mk;
            const trygg_estimate_row *p = x->parent[0] ?
                trygg_results_find(c->est, c->year, x->parent_level, x->parent, ind) : NULL;
            if (p && !(p->flags & TRYGG_FLAG_SUPPRESSED)) {
                b->parent = p->estimate;
                parent = x->parent;
            }
        } else if (!strcmp(trygg_definition_indicator_group(c->def, k), "headline") &&
                   m->nheadlines < 6) {
            trygg_report_headline *h = &hl[m->nheadlines++];
            trygg_report_headline_init(h);
            h->label = label(c, k);
            h->value = trygg_book_value(x);
            h->scale = scale_of(c->def, k);
            h->mark = mk;
        }
    }
    if (!m->nitems && !m->nheadlines)
        return -1;
    char title[256];
    snprintf(title, sizeof title, "%s %s %d", c->lang == TRYGG_REPORT_SV ?
             "Lägesbild" : "Situation picture", area, c->year);
    frame_of(c, &m->frame, a, title, c->lang == TRYGG_REPORT_SV ?
             "Andel som ser problemet som ganska eller mycket stort" :
             "Share who see the problem as fairly or very big");
    m->items = bars;
    m->headlines = hl;
    m->parent_label = parent ? trygg_book_strdup(a, parent) : NULL;
    chart->type = TRYGG_REPORT_CHART_LAGESBILD;
    chart->m.lagesbild = m;
    return 0;
}

size_t trygg_book_districts(const trygg_book_ctx *c, trygg_book_arena *a, const char *muni, const char ***out)
{
    if (a->districts && a->muni && !strcmp(a->muni, muni)) {
        *out = a->districts;
        return a->ndistricts;
    }
    size_t n = 0, cap = trygg_results_count(c->est);
    const char **d = trygg_book_alloc(a, (cap + 1) * sizeof *d);
    for (size_t i = 0; d && i < cap; i++) {
        const trygg_estimate_row *x = trygg_results_row(c->est, i);
        if (x->year == c->year && x->indicator_index == 0 && !strcmp(x->level, "district") &&
            !strcmp(x->parent, muni))
            d[n++] = x->domain;
    }
    a->muni = d ? trygg_book_strdup(a, muni) : NULL;
    a->districts = a->muni ? d : NULL;
    a->ndistricts = n;
    *out = d;
    return n;
}

int trygg_book_comparison(const trygg_book_ctx *c, trygg_book_arena *a, const char *muni,
                  const char *indicator, trygg_report_chart *chart)
{
    const char **names;
    size_t n = trygg_book_districts(c, a, muni, &names);
    long k = trygg_definition_indicator_find(c->def, indicator);
    trygg_report_comparison *m = trygg_book_alloc(a, sizeof *m);
    trygg_report_bar *bars = trygg_book_alloc(a, (n + 1) * sizeof *bars);
    if (!n || k < 0 || !m || !bars)
        return -1;
    trygg_report_comparison_init(m);
    for (size_t i = 0; i < n; i++) {
        trygg_report_bar *b = &bars[i];
        trygg_report_bar_init(b);
        b->label = names[i];
        b->value = trygg_book_value(trygg_results_find(c->est, c->year, "district", names[i], indicator));
        b->mark = mark_of(c->con, c->year, "district", names[i], indicator);
    }
    m->districts = bars;
    m->ndistricts = n;
    m->scale = scale_of(c->def, (size_t)k);
    m->axis_title = label(c, (size_t)k);
    m->reference_label = muni;
    m->reference = trygg_book_value(trygg_results_find(c->est, c->year, "municipality", muni, indicator));
    char title[256];
    snprintf(title, sizeof title, "%s: %s %d", muni, label(c, (size_t)k), c->year);
    frame_of(c, &m->frame, a, title, c->lang == TRYGG_REPORT_SV ?
             "Stadsdelar jämförda med kommunen (▲▼ = signifikant skillnad)" :
             "Districts compared with the municipality (▲▼ = significant difference)");
    chart->type = TRYGG_REPORT_CHART_COMPARISON;
    chart->m.comparison = m;
    return 0;
}

static trygg_report_cell cell_of(const trygg_book_ctx *c, const char *level,
                                 const char *area, const char *ind)
{
    trygg_report_cell cell;
    cell.value = trygg_book_value(trygg_results_find(c->est, c->year, level, area, ind));
    cell.mark = mark_of(c->chg, c->year, level, area, ind);
    return cell;
}

static trygg_report_band *bands_of(const trygg_book_ctx *c, trygg_book_arena *a, size_t *nb)
{
    static const double rgb[4][3] = {{0.0, 0.62, 0.45}, {0.94, 0.89, 0.26},
                                     {0.90, 0.62, 0.0}, {0.84, 0.37, 0.0}};
    static const char *const sv[] = {"litet", "måttligt", "stort", "mycket stort"};
    static const char *const en[] = {"small", "moderate", "big", "very big"};
    size_t n;
    const double *lim = trygg_definition_bands(c->def, &n);
    if (n > 3)
        n = 3;
    trygg_report_band *b = trygg_book_alloc(a, (n + 2) * sizeof *b);
    for (size_t i = 0; b && i <= n; i++) {
        size_t colour = n == 1 ? (i ? 3 : 0) : n == 2 ? (i == 2 ? 3 : i) : i;
        b[i].upper = i < n ? lim[i] : INFINITY;
        b[i].r = rgb[colour][0];
        b[i].g = rgb[colour][1];
        b[i].b = rgb[colour][2];
        b[i].label = c->lang == TRYGG_REPORT_SV ? sv[colour] : en[colour];
    }
    *nb = b ? n + 1 : 0;
    return b;
}

/* A page keeps its table legible: at most this many problems (columns)
 * and districts (rows); more make more pages. */
enum { TABLE_COLS = 12, TABLE_ROWS = 24 };

static size_t parts(size_t n, size_t per)
{
    return n ? (n + per - 1) / per : 0;
}

int trygg_book_table(const trygg_book_ctx *c, trygg_book_arena *a, const char *muni, size_t part,
             trygg_report_chart *chart)
{
    const char **rows;
    size_t nr = trygg_book_districts(c, a, muni, &rows), ni = trygg_definition_indicator_count(c->def);
    const char **cols = trygg_book_alloc(a, (ni + 1) * sizeof *cols);
    const char **inds = trygg_book_alloc(a, (ni + 1) * sizeof *inds);
    trygg_report_table *m = trygg_book_alloc(a, sizeof *m);
    if (!nr || !cols || !inds || !m)
        return -1;
    size_t nc = 0;
    for (size_t k = 0; k < ni; k++)
        if (is_problem_share(c->def, k)) {
            cols[nc] = label(c, k);
            inds[nc++] = trygg_definition_indicator_name(c->def, k);
        }
    size_t col_parts = parts(nc, TABLE_COLS), nparts = col_parts * parts(nr, TABLE_ROWS);
    if (!nc || part >= nparts)
        return -1;
    /* this page's block: rows r0.., columns k0.. */
    size_t r0 = part / col_parts * TABLE_ROWS, k0 = part % col_parts * TABLE_COLS;
    rows += r0;
    nr = nr - r0 < TABLE_ROWS ? nr - r0 : TABLE_ROWS;
    cols += k0;
    inds += k0;
    nc = nc - k0 < TABLE_COLS ? nc - k0 : TABLE_COLS;
    trygg_report_cell *cells = trygg_book_alloc(a, (nr * nc + 1) * sizeof *cells);
    trygg_report_cell *total = trygg_book_alloc(a, (nc + 1) * sizeof *total);
    if (!cells || !total)
        return -1;
    trygg_report_table_init(m);
    for (size_t r = 0; r < nr; r++)
        for (size_t k = 0; k < nc; k++)
            cells[r * nc + k] = cell_of(c, "district", rows[r], inds[k]);
    for (size_t k = 0; k < nc; k++)
        total[k] = cell_of(c, "municipality", muni, inds[k]);
    m->rows = rows;
    m->nrows = nr;
    m->cols = cols;
    m->ncols = nc;
    m->cells = cells;
    m->total = total;
    m->total_label = muni;
    m->bands = bands_of(c, a, &m->nbands);
    char title[256], of[48] = "";
    if (nparts > 1)
        snprintf(of, sizeof of, " (%zu/%zu)", part + 1, nparts);
    snprintf(title, sizeof title, "%s %s %d%s", c->lang == TRYGG_REPORT_SV ?
             "Problembild" : "Problems in", muni, c->year, of);
    frame_of(c, &m->frame, a, title, c->lang == TRYGG_REPORT_SV ?
             "Andel som ser problemet som stort, per stadsdel (▲▼ = signifikant förändring sedan förra mätningen)" :
             "Share seeing a big problem, by district (▲▼ = significant change since the last survey)");
    chart->type = TRYGG_REPORT_CHART_TABLE;
    chart->m.table = m;
    return 0;
}
