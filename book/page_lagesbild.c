/* The Lägesbild of an area: its headline figures and its problem items,
 * each with the enclosing area's value and the change since the previous
 * survey as the library decided it. */
#include "book_internal.h"

#include <math.h>
#include <string.h>

#define SV(c) ((c)->lang == TRYGG_REPORT_SV)

typedef struct {
    trygg_report_lagesbild *m;
    trygg_report_bar *bars;
    trygg_report_headline *hl;
    const trygg_estimate_row *first;   /* a row of the page: its level */
    const char *parent;
    book_rule rule;
} lb_build;

static void item(const trygg_book_ctx *c, lb_build *b, size_t k, const char *level,
                 const char *area, const trygg_estimate_row *x)
{
    const char *ind = trygg_definition_indicator_name(c->def, k);
    trygg_report_bar *bar = &b->bars[b->m->nitems++];
    trygg_report_bar_init(bar);
    bar->label = book_label(c, k);
    bar->value = trygg_book_value(x);
    bar->mark = book_change_mark(c, level, area, ind, &bar->tone, &b->rule);
    const trygg_estimate_row *p =
        x->parent[0] ? trygg_results_find(c->est, c->year, x->parent_level, x->parent, ind)
                     : NULL;
    trygg_report_value pv = trygg_book_value(p);
    if (!(pv.flags & (TRYGG_REPORT_SUPPRESSED | TRYGG_REPORT_EMPTY)) && isfinite(pv.est)) {
        bar->parent = pv.est;
        b->parent = book_parent_name(c, x);
    }
}

static void headline(const trygg_book_ctx *c, lb_build *b, size_t k, const char *level,
                     const char *area, const trygg_estimate_row *x)
{
    trygg_report_headline *h = &b->hl[b->m->nheadlines++];
    trygg_report_headline_init(h);
    h->label = book_label(c, k);
    h->value = trygg_book_value(x);
    h->scale = book_scale(c->def, (long)k);
    h->mark = book_change_mark(c, level, area, trygg_definition_indicator_name(c->def, k),
                               &h->tone, &b->rule);
}

int trygg_book_lagesbild(const trygg_book_ctx *c, trygg_book_arena *a, const char *level,
                         const char *area, trygg_report_chart *chart)
{
    size_t n = trygg_definition_indicator_count(c->def);
    lb_build b = {trygg_book_alloc(a, sizeof *b.m), trygg_book_alloc(a, (n + 1) * sizeof *b.bars),
                  trygg_book_alloc(a, 6 * sizeof *b.hl), NULL, NULL, {0}};
    if (!b.m || !b.bars || !b.hl)
        return book_fail(a, "out of memory");
    trygg_report_lagesbild_init(b.m);
    for (size_t k = 0; k < n; k++) {
        const trygg_estimate_row *x = trygg_results_find(
            c->est, c->year, level, area, trygg_definition_indicator_name(c->def, k));
        if (!x)
            continue;
        b.first = b.first ? b.first : x;
        if (book_is_problem_share(c->def, k))
            item(c, &b, k, level, area, x);
        else if (!strcmp(trygg_definition_indicator_group(c->def, k), "headline") &&
                 b.m->nheadlines < 6)
            headline(c, &b, k, level, area, x);
    }
    if (!b.m->nitems && !b.m->nheadlines)
        return book_fail(a, "no estimates for %s '%s' in %d", level, area, c->year);
    const char *name = trygg_book_area_name(c, level, area);
    char *title = book_printf(a, SV(c) ? "Lägesbild %s %d" : "Situation picture: %s %d",
                              name, c->year);
    book_frame(c, a, &b.m->frame, title, SV(c) ?
               "Andel som ser problemet som ganska eller mycket stort" :
               "Share who see the problem as fairly or very big", b.first);
    const char *lvl = book_level(c, a, b.m->frame.ci_level);
    char *what = book_printf(a, SV(c) ? "Staplarna visar andelen med %s konfidensintervall%s%s."
                                      : "The bars show the share with its %s confidence "
                                        "interval%s%s.",
                             lvl, b.parent ? "; ◆ = " : "",
                             b.parent ? b.parent : "");
    book_note(c, a, &b.m->frame, what, book_change_rule(c, a, &b.rule));
    b.m->items = b.bars;
    b.m->headlines = b.hl;
    b.m->parent_label = b.parent ? trygg_book_strdup(a, b.parent) : NULL;
    chart->type = TRYGG_REPORT_CHART_LAGESBILD;
    chart->m.lagesbild = b.m;
    return 0;
}
