/* One indicator for every part of an area against it: the districts of a
 * municipality, or the municipalities of the region. ⊕⊖ where the library
 * found the difference significant (with the covariance of the overlap);
 * each part's answers beside its name, its previous value beside its
 * value. The order is the estimates', largest first: no rank is printed,
 * and a hidden part has no place but last. */
#include "book_internal.h"

#include <stdio.h>
#include <string.h>

#define SV(c) ((c)->lang == TRYGG_REPORT_SV)

/* "Fittja (289 svar)"; the name alone beside a hidden value ("för få
 * svar" stands alone) or for a hidden area. */
static const char *label_of(const trygg_book_ctx *c, trygg_book_arena *a, const char *level,
                            const char *name, const trygg_report_value *v)
{
    double n = book_respondents(c, c->year, level, name);
    if (n < 0 || v->flags & TRYGG_REPORT_SUPPRESSED)
        return name;
    return book_printf(a, SV(c) ? "%s (%s svar)" : "%s (%s answers)", name, book_count(c, a, n));
}

static void bars_of(const trygg_book_ctx *c, trygg_book_arena *a, const char *level,
                    const char *const *names, size_t n, const char *indicator,
                    trygg_report_comparison *m, trygg_report_bar *bars, book_rule *rule,
                    const trygg_estimate_row **first)
{
    for (size_t i = 0; i < n; i++) {
        trygg_report_bar *b = &bars[i];
        const trygg_estimate_row *x = trygg_results_find(c->est, c->year, level, names[i],
                                                         indicator);
        *first = *first ? *first : x;
        trygg_report_bar_init(b);
        b->value = trygg_book_value(x);
        b->label = label_of(c, a, level, names[i], &b->value);
        int py;
        b->previous = book_previous(c, level, names[i], indicator, &py);
        m->previous_year = m->previous_year ? m->previous_year : py;
        if (py != m->previous_year)   /* parts surveyed in other years: no one year */
            m->previous_year = -1;
        b->mark = book_contrast_mark(c, level, names[i], indicator, &b->tone, rule);
    }
    if (m->previous_year < 0)
        m->previous_year = 0;
}

static int comparison_of(const trygg_book_ctx *c, trygg_book_arena *a, const char *level,
                         const char *parent_level, const char *parent, const char *indicator,
                         trygg_report_chart *chart)
{
    const char **names;
    size_t n = book_children(c, a, level, parent, &names);
    long k = trygg_definition_indicator_find(c->def, indicator);
    if (k < 0)
        return book_fail(a, "no indicator '%s'", indicator);
    if (!n)
        return book_fail(a, "'%s' has no %ss in %d", parent, level, c->year);
    trygg_report_comparison *m = trygg_book_alloc(a, sizeof *m);
    trygg_report_bar *bars = trygg_book_alloc(a, (n + 1) * sizeof *bars);
    if (!m || !bars)
        return book_fail(a, "out of memory");
    trygg_report_comparison_init(m);
    book_rule rule = {0};
    const trygg_estimate_row *first = NULL;
    bars_of(c, a, level, names, n, indicator, m, bars, &rule, &first);
    const char *ref = trygg_book_area_name(c, parent_level, parent);
    m->districts = bars;
    m->ndistricts = n;
    m->scale = book_scale(c->def, k);
    m->axis_title = book_label(c, (size_t)k);
    m->reference_label = ref;
    m->reference = trygg_book_value(trygg_results_find(c->est, c->year, parent_level, parent,
                                                       indicator));
    char *title = book_printf(a, "%s: %s %d", ref, book_label(c, (size_t)k), c->year);
    int districts = !strcmp(level, "district");
    book_frame(c, a, &m->frame, title,
               districts ? (SV(c) ? "Stadsdelarna jämförda med kommunen"
                                  : "The districts compared with the municipality")
                         : (SV(c) ? "Kommunerna jämförda med regionen"
                                  : "The municipalities compared with the region"), first);
    m->frame.facts = book_facts(c, a, parent_level, parent);
    m->frame.description = book_describe_bars(c, a, bars, n, &m->scale);
    const char *lvl = book_level(c, a, m->frame.ci_level);
    char *what = book_printf(a, SV(c) ? "Staplar med %s konfidensintervall; linjen och fältet: "
                                        "%s med sitt intervall.%s"
                                      : "Bars with %s confidence intervals; the line and band: "
                                        "%s with its interval.%s", lvl, ref,
                             districts ? ""
                             : SV(c) ? " Ordningen följer skattningarna men är ingen "
                                       "rangordning: intervallen överlappar, så en kommuns "
                                       "plats säger lite; ⊕⊖ säger vilka som skiljer sig "
                                       "från regionen."
                                     : " The order follows the estimates but is no ranking: "
                                       "the intervals overlap, so a place says little; ⊕⊖ "
                                       "say which differ from the region.");
    book_note(c, a, &m->frame, what, book_contrast_rule(c, a, &rule, ref));
    chart->type = TRYGG_REPORT_CHART_COMPARISON;
    chart->m.comparison = m;
    return 0;
}

int trygg_book_comparison(const trygg_book_ctx *c, trygg_book_arena *a, const char *muni,
                          const char *indicator, trygg_report_chart *chart)
{
    return comparison_of(c, a, "district", "municipality", muni, indicator, chart);
}

int trygg_book_region_comparison(const trygg_book_ctx *c, trygg_book_arena *a,
                                 const char *indicator, trygg_report_chart *chart)
{
    return comparison_of(c, a, "municipality", "region", "region", indicator, chart);
}
