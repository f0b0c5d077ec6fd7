/* The Lägesbild of an area: figures (an index, a mean, the headline
 * shares) in a band, then shares as bars, each with the enclosing area's
 * value, the previous survey's value and the change since then as the
 * library decided it. One builder for the problem page (every district
 * of a municipality on one axis and in one item order) and for each
 * section of the survey. */
#include "book_internal.h"

#include <math.h>
#include <string.h>

#define SV(c) ((c)->lang == TRYGG_REPORT_SV)

typedef struct {
    const trygg_book_ctx *c;
    const char *level, *area;
    trygg_report_lagesbild *m;
    trygg_report_bar *bars;
    trygg_report_headline *hl;
    const trygg_estimate_row *first;   /* a row of the page: its level */
    const char *parent;
    book_rule rule;
    int small;                         /* a small page: no figures' band */
} lb_build;

static void item(lb_build *b, size_t k, const trygg_estimate_row *x)
{
    const trygg_book_ctx *c = b->c;
    const char *ind = trygg_definition_indicator_name(c->def, k);
    trygg_report_bar *bar = &b->bars[b->m->nitems++];
    int py;
    trygg_report_bar_init(bar);
    bar->label = book_label(c, k);
    long it = trygg_definition_indicator_item(c->def, k, 0);
    if (b->small && it >= 0 && trygg_definition_indicator_item_count(c->def, k) == 1)
        /* a small figure: the question's short label; the subtitle says
         * which answers the share counts */
        bar->label = trygg_definition_item_label(c->def, (size_t)it, (trygg_lang)c->lang);
    bar->value = trygg_book_value(x);
    bar->previous = book_previous(c, b->level, b->area, ind, &py);
    b->m->previous_year = py;
    bar->mark = book_change_mark(c, b->level, b->area, ind, &bar->tone, &b->rule);
    const trygg_estimate_row *p =
        x->parent[0] ? book_shown(c, c->year, x->parent_level, x->parent, ind) : NULL;
    if (p) {
        bar->parent = p->estimate;
        b->parent = book_parent_name(c, x);
    }
}

static void headline(lb_build *b, size_t k, const trygg_estimate_row *x)
{
    const char *ind = trygg_definition_indicator_name(b->c->def, k);
    trygg_report_headline *h = &b->hl[b->m->nheadlines++];
    trygg_report_headline_init(h);
    h->label = book_label(b->c, k);
    h->value = trygg_book_value(x);
    h->scale = book_scale(b->c->def, (long)k);
    h->previous = book_previous(b->c, b->level, b->area, ind, &h->previous_year);
    h->mark = book_change_mark(b->c, b->level, b->area, ind, &h->tone, &b->rule);
}

/* Bars or a figure: shares are bars (on the problem page the problem
 * shares), the rest figures (on the problem page the headline group). */
static void place(lb_build *b, const book_lb_spec *sp, size_t k, const trygg_estimate_row *x)
{
    const trygg_definition *def = b->c->def;
    int share = trygg_definition_indicator_is_share(def, k);
    int bar = sp->problem_page ? book_is_problem_share(def, k) : share;
    int fig = sp->problem_page ? !strcmp(trygg_definition_indicator_group(def, k), "headline")
                               : !share;
    if (bar)
        item(b, k, x);
    else if (fig && b->m->nheadlines < 6 && !b->small)
        headline(b, k, x);   /* a figure printed small has the bars alone */
}

/* The bars in the spec's order (indicators it does not name last). */
static void order_bars(const book_lb_spec *sp, trygg_report_lagesbild *m,
                       trygg_report_bar *bars, const size_t *ind_of, trygg_book_arena *a)
{
    trygg_report_bar *sorted = trygg_book_alloc(a, (m->nitems + 1) * sizeof *sorted);
    unsigned char *used = trygg_book_alloc(a, m->nitems + 1);
    if (!sp->order || !sorted || !used)
        return;
    size_t n = 0;
    for (size_t o = 0; o < sp->norder; o++)
        for (size_t i = 0; i < m->nitems; i++)
            if (!used[i] && ind_of[i] == sp->order[o]) {
                sorted[n++] = bars[i];
                used[i] = 1;
            }
    for (size_t i = 0; i < m->nitems; i++)
        if (!used[i])
            sorted[n++] = bars[i];
    memcpy(bars, sorted, m->nitems * sizeof *bars);
    m->sort = TRYGG_REPORT_SORT_NONE;
}

static void words(lb_build *b, trygg_book_arena *a, const book_lb_spec *sp)
{
    const trygg_book_ctx *c = b->c;
    const char *name = trygg_book_area_name(c, b->level, b->area);
    char *title = book_printf(a, SV(c) ? "Lägesbild %s %d%s%s" : "Situation picture: %s %d%s%s",
                              name, c->year, sp->section ? ": " : "",
                              sp->section ? sp->section : "");
    book_frame(c, a, &b->m->frame, title, sp->subtitle, b->first);
    b->m->frame.facts = book_facts(c, a, b->level, b->area);
    b->m->frame.description = book_describe_bars(c, a, b->bars, b->m->nitems, &b->m->scale);
    const char *lvl = book_level(c, a, b->m->frame.ci_level);
    char *what = book_printf(a, SV(c) ? "Staplarna visar andelen med %s konfidensintervall%s%s"
                                        "%s."
                                      : "The bars show the share with its %s confidence "
                                        "interval%s%s%s.",
                             lvl, b->parent ? "; ◆ = " : "", b->parent ? b->parent : "",
                             b->m->previous_year ? (SV(c) ? "; inom parentes föregående mätning"
                                                          : "; in brackets the previous survey")
                                                 : "");
    book_note(c, a, &b->m->frame, what, book_change_rule(c, a, &b->rule));
    b->m->parent_label = b->parent ? trygg_book_strdup(a, b->parent) : NULL;
    b->m->axis_title = sp->axis_title;
}

int book_lagesbild_of(const trygg_book_ctx *c, trygg_book_arena *a, const char *level,
                      const char *area, const book_lb_spec *sp, trygg_report_chart *chart)
{
    lb_build b = {c, level, area, trygg_book_alloc(a, sizeof *b.m),
                  trygg_book_alloc(a, (sp->n + 1) * sizeof *b.bars),
                  trygg_book_alloc(a, 6 * sizeof *b.hl), NULL, NULL, {0},
                  c->page.min_font > 0 && (c->page.height < 400 || c->page.width < 500)};
    size_t *ind_of = trygg_book_alloc(a, (sp->n + 1) * sizeof *ind_of);
    if (!b.m || !b.bars || !b.hl || !ind_of)
        return book_fail(a, "out of memory");
    trygg_report_lagesbild_init(b.m);
    for (size_t i = 0; i < sp->n; i++) {
        size_t k = sp->inds[i], before = b.m->nitems;
        const trygg_estimate_row *x = trygg_results_find(
            c->est, c->year, level, area, trygg_definition_indicator_name(c->def, k));
        if (!x)
            continue;
        b.first = b.first ? b.first : x;
        place(&b, sp, k, x);
        if (b.m->nitems > before)
            ind_of[before] = k;
    }
    if (!b.m->nitems && !b.m->nheadlines)
        return book_fail(a, "no estimates for %s '%s' in %d", level, area, c->year);
    if (isfinite(sp->axis_max) && sp->axis_max > 0) {
        b.m->scale.min = 0;
        b.m->scale.max = sp->axis_max;
    }
    order_bars(sp, b.m, b.bars, ind_of, a);
    b.m->items = b.bars;
    b.m->headlines = b.hl;
    words(&b, a, sp);
    chart->type = TRYGG_REPORT_CHART_LAGESBILD;
    chart->m.lagesbild = b.m;
    return 0;
}

/* Every indicator, on the problem page's terms. */
static book_lb_spec problem_spec(const trygg_book_ctx *c, trygg_book_arena *a)
{
    size_t n = trygg_definition_indicator_count(c->def);
    size_t *all = trygg_book_alloc(a, (n + 1) * sizeof *all);
    for (size_t k = 0; all && k < n; k++)
        all[k] = k;
    book_lb_spec sp = {all, all ? n : 0, 1,
                       SV(c) ? "Andel som ser problemet som ganska eller mycket stort"
                             : "Share who see the problem as fairly or very big",
                       NULL, NULL, NAN, NULL, 0};
    return sp;
}

int trygg_book_lagesbild(const trygg_book_ctx *c, trygg_book_arena *a, const char *level,
                         const char *area, trygg_report_chart *chart)
{
    book_lb_spec sp = problem_spec(c, a);
    if (!strcmp(level, "district")) {
        const trygg_estimate_row *x = NULL;
        for (size_t k = 0; !x && k < sp.n; k++)
            x = trygg_results_find(c->est, c->year, level, area,
                                   trygg_definition_indicator_name(c->def, k));
        if (x && x->parent[0])
            book_district_axis(c, a, x->parent, &sp);
    }
    return book_lagesbild_of(c, a, level, area, &sp, chart);
}

int trygg_book_section_lagesbild(const trygg_book_ctx *c, trygg_book_arena *a,
                                 const char *level, const char *area, size_t section,
                                 trygg_report_chart *chart)
{
    const size_t *inds;
    size_t n = trygg_book_section_indicators(c, a, section, &inds);
    if (!n)
        return book_fail(a, "no section %zu in the definition", section);
    const char *key = trygg_book_section_key(c->def, section);
    int problems = !strcmp(key, "problem");
    const char *axis = problems ? (SV(c) ? "Andel som ser problemet som ganska eller mycket "
                                           "stort"
                                         : "Share who see the problem as fairly or very big")
                                : (SV(c) ? "Andel" : "Share");
    book_lb_spec sp = {inds, n, 0, problems ? axis : trygg_book_section_title(c, section), axis,
                       trygg_book_section_title(c, section), NAN, NULL, 0};
    return book_lagesbild_of(c, a, level, area, &sp, chart);
}

/* ---- one axis and one order for a municipality's districts ------------ */

/* The problem shares' largest published value or upper limit among the
 * municipality's districts, itself and its enclosing area (a hidden value
 * must not move the axis). */
static double most_of(const trygg_book_ctx *c, const char *muni, const char **d, size_t nd,
                      const char *ind, double *own)
{
    double most = 0;
    for (size_t i = 0; i < nd; i++) {
        const trygg_estimate_row *x = book_shown(c, c->year, "district", d[i], ind);
        if (x)
            most = fmax(most, isfinite(x->ci_high) ? x->ci_high : x->estimate);
    }
    const trygg_estimate_row *m = book_shown(c, c->year, "municipality", muni, ind);
    const trygg_estimate_row *r =
        m && m->parent[0] ? book_shown(c, c->year, m->parent_level, m->parent, ind) : NULL;
    *own = m ? m->estimate : -1;   /* hidden: last, in the definition's order */
    most = fmax(most, m ? m->estimate : 0);
    return fmax(most, r ? r->estimate : 0);
}

void book_district_axis(const trygg_book_ctx *c, trygg_book_arena *a, const char *muni,
                        book_lb_spec *sp)
{
    const char **d;
    size_t nd = trygg_book_districts(c, a, muni, &d), n = trygg_definition_indicator_count(c->def);
    size_t *order = trygg_book_alloc(a, (n + 1) * sizeof *order), no = 0;
    double most = 0, *val = trygg_book_alloc(a, (n + 1) * sizeof *val);
    if (!order || !val)
        return;
    for (size_t k = 0; k < n; k++) {
        if (!book_is_problem_share(c->def, k))
            continue;
        double own;
        most = fmax(most, most_of(c, muni, d, nd, trygg_definition_indicator_name(c->def, k),
                                  &own));
        size_t at = no++;   /* the municipality's order: largest first, stable */
        for (; at > 0 && val[at - 1] < own; at--) {
            val[at] = val[at - 1];
            order[at] = order[at - 1];
        }
        val[at] = own;
        order[at] = k;
    }
    sp->axis_max = most > 0 ? most : NAN;
    sp->order = order;
    sp->norder = no;
}
