/* The cover of an area's report: its headline figures with the previous
 * survey's values, its sample facts, and its summary in sentences made
 * from the rows (trygg_book_sentences()). */
#include "book_internal.h"

#include <string.h>

#define SV(c) ((c)->lang == TRYGG_REPORT_SV)

static void figures(const trygg_book_ctx *c, const char *level, const char *area,
                    trygg_report_cover *m, trygg_report_headline *hl, book_rule *rule,
                    const trygg_estimate_row **first)
{
    size_t n = trygg_definition_indicator_count(c->def);
    for (size_t k = 0; k < n && m->nheadlines < 9; k++) {
        const char *ind = trygg_definition_indicator_name(c->def, k);
        const trygg_estimate_row *x = trygg_results_find(c->est, c->year, level, area, ind);
        if (!x || strcmp(trygg_definition_indicator_group(c->def, k), "headline"))
            continue;
        *first = *first ? *first : x;
        trygg_report_headline *h = &hl[m->nheadlines++];
        trygg_report_headline_init(h);
        h->label = book_label(c, k);
        h->value = trygg_book_value(x);
        h->scale = book_scale(c->def, (long)k);
        h->previous = book_previous(c, level, area, ind, &h->previous_year);
        h->mark = book_change_mark(c, level, area, ind, &h->tone, rule);
    }
}

int trygg_book_cover(const trygg_book_ctx *c, trygg_book_arena *a, const char *level,
                     const char *area, trygg_report_chart *chart)
{
    trygg_report_cover *m = trygg_book_alloc(a, sizeof *m);
    trygg_report_headline *hl = trygg_book_alloc(a, 9 * sizeof *hl);
    const char **said;
    size_t ns = trygg_book_sentences(c, a, level, area, &said);
    const char **par = trygg_book_alloc(a, (ns + 3) * sizeof *par);
    if (!m || !hl || !par)
        return book_fail(a, "out of memory");
    trygg_report_cover_init(m);
    book_rule rule = {0};
    const trygg_estimate_row *first = NULL;
    figures(c, level, area, m, hl, &rule, &first);
    if (!m->nheadlines)
        return book_fail(a, "no headline figures (indicators of group 'headline') for %s "
                            "'%s' in %d", level, area, c->year);
    const char *name = trygg_book_area_name(c, level, area);
    char *title = book_printf(a, "%s %s %d", SV(c) ? "Trygghetsmätning" : "Safety survey",
                              name, c->year);
    book_frame(c, a, &m->frame, title, trygg_definition_name(c->def), first);
    m->frame.facts = book_facts(c, a, level, area);
    size_t np = 0;
    for (size_t i = 0; i < ns; i++)
        par[np++] = said[i];
    par[np++] = book_printf(a, SV(c) ? "Resultaten är vägda och redovisas med %s "
                                       "konfidensintervall."
                                     : "Results are weighted and shown with %s confidence "
                                       "intervals.", book_level(c, a, m->frame.ci_level));
    const char *rule_text = book_change_rule(c, a, &rule);
    if (rule_text && *rule_text)
        par[np++] = rule_text;
    m->headlines = hl;
    m->paragraphs = par;
    m->nparagraphs = np;
    book_note(c, a, &m->frame, NULL, NULL);
    chart->type = TRYGG_REPORT_CHART_COVER;
    chart->m.cover = m;
    return 0;
}
