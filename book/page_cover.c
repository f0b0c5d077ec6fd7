/* The cover of an area's report: its headline figures with their change
 * since the previous survey, and what the figures are. */
#include "book_internal.h"

#include <string.h>

#define SV(c) ((c)->lang == TRYGG_REPORT_SV)

int trygg_book_cover(const trygg_book_ctx *c, trygg_book_arena *a, const char *level,
                     const char *area, trygg_report_chart *chart)
{
    size_t n = trygg_definition_indicator_count(c->def);
    trygg_report_cover *m = trygg_book_alloc(a, sizeof *m);
    trygg_report_headline *hl = trygg_book_alloc(a, 9 * sizeof *hl);
    const char **par = trygg_book_alloc(a, 2 * sizeof *par);
    if (!m || !hl || !par)
        return book_fail(a, "out of memory");
    trygg_report_cover_init(m);
    book_rule rule = {0};
    const trygg_estimate_row *first = NULL;
    for (size_t k = 0; k < n && m->nheadlines < 9; k++) {
        const char *ind = trygg_definition_indicator_name(c->def, k);
        const trygg_estimate_row *x = trygg_results_find(c->est, c->year, level, area, ind);
        if (!x || strcmp(trygg_definition_indicator_group(c->def, k), "headline"))
            continue;
        first = first ? first : x;
        trygg_report_headline *h = &hl[m->nheadlines++];
        trygg_report_headline_init(h);
        h->label = book_label(c, k);
        h->value = trygg_book_value(x);
        h->scale = book_scale(c->def, (long)k);
        h->mark = book_change_mark(c, level, area, ind, &h->tone, &rule);
    }
    if (!m->nheadlines)
        return book_fail(a, "no headline figures (indicators of group 'headline') for %s "
                            "'%s' in %d", level, area, c->year);
    const char *name = trygg_book_area_name(c, level, area);
    char *title = book_printf(a, "%s %s %d", SV(c) ? "Trygghetsmätning" : "Safety survey",
                              name, c->year);
    book_frame(c, a, &m->frame, title, trygg_definition_name(c->def), first);
    par[0] = book_printf(a, SV(c) ? "Resultaten är vägda och redovisas med %s "
                                    "konfidensintervall."
                                  : "Results are weighted and shown with %s confidence "
                                    "intervals.", book_level(c, a, m->frame.ci_level));
    par[1] = book_change_rule(c, a, &rule);
    m->headlines = hl;
    m->paragraphs = par;
    m->nparagraphs = par[1] && *par[1] ? 2 : 1;
    book_note(c, a, &m->frame, NULL, NULL);
    chart->type = TRYGG_REPORT_CHART_COVER;
    chart->m.cover = m;
    return 0;
}
