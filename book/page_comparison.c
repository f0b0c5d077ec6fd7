/* One indicator for every district of a municipality against the
 * municipality: ⊕⊖ where the library found the difference significant. */
#include "book_internal.h"

#include <stdio.h>

#define SV(c) ((c)->lang == TRYGG_REPORT_SV)

int trygg_book_comparison(const trygg_book_ctx *c, trygg_book_arena *a, const char *muni,
                          const char *indicator, trygg_report_chart *chart)
{
    const char **names;
    size_t n = trygg_book_districts(c, a, muni, &names);
    long k = trygg_definition_indicator_find(c->def, indicator);
    if (k < 0)
        return book_fail(a, "no indicator '%s'", indicator);
    if (!n)
        return book_fail(a, "'%s' has no districts in %d", muni, c->year);
    trygg_report_comparison *m = trygg_book_alloc(a, sizeof *m);
    trygg_report_bar *bars = trygg_book_alloc(a, (n + 1) * sizeof *bars);
    if (!m || !bars)
        return book_fail(a, "out of memory");
    trygg_report_comparison_init(m);
    book_rule rule = {0};
    const trygg_estimate_row *first = NULL;
    for (size_t i = 0; i < n; i++) {
        trygg_report_bar *b = &bars[i];
        const trygg_estimate_row *x =
            trygg_results_find(c->est, c->year, "district", names[i], indicator);
        first = first ? first : x;
        trygg_report_bar_init(b);
        b->label = names[i];
        b->value = trygg_book_value(x);
        b->mark = book_contrast_mark(c, "district", names[i], indicator, &b->tone, &rule);
    }
    m->districts = bars;
    m->ndistricts = n;
    m->scale = book_scale(c->def, k);
    m->axis_title = book_label(c, (size_t)k);
    m->reference_label = muni;
    m->reference = trygg_book_value(
        trygg_results_find(c->est, c->year, "municipality", muni, indicator));
    char *title = book_printf(a, "%s: %s %d", muni, book_label(c, (size_t)k), c->year);
    book_frame(c, a, &m->frame, title, SV(c) ? "Stadsdelarna jämförda med kommunen"
                                             : "The districts compared with the municipality",
               first);
    const char *lvl = book_level(c, a, m->frame.ci_level);
    char *what = book_printf(a, SV(c) ? "Staplar med %s konfidensintervall; linjen och fältet: "
                                        "%s med sitt intervall."
                                      : "Bars with %s confidence intervals; the line and band: "
                                        "%s with its interval.", lvl, muni);
    book_note(c, a, &m->frame, what, book_contrast_rule(c, a, &rule, muni));
    chart->type = TRYGG_REPORT_CHART_COMPARISON;
    chart->m.comparison = m;
    return 0;
}
