/* An area beside its enclosing area, every indicator of the survey by
 * section: the value with its interval, the previous survey's value, the
 * change and the difference from the enclosing area in the library's
 * words (▲ ökning, ⊕ högre), as Swedish reports print a municipality
 * against its county. A hidden cell says "för få svar" and nothing else:
 * no interval, change or difference of it. */
#include "book_internal.h"

#include <stdio.h>
#include <string.h>

#define SV(c) ((c)->lang == TRYGG_REPORT_SV)

enum { COLS = 6, PER_PAGE = 24 };

static const char *value_of(const trygg_book_ctx *c, trygg_book_arena *a,
                            const trygg_estimate_row *x, size_t k, int with_ci)
{
    trygg_report_value v = trygg_book_value(x);
    if (v.flags & TRYGG_REPORT_SUPPRESSED)
        return SV(c) ? "för få svar" : "too few answers";
    if (v.flags & TRYGG_REPORT_EMPTY)
        return SV(c) ? "inga svar" : "no answers";
    if (!(v.est == v.est))
        return "–";
    char e[64], ci[96];
    trygg_report_scale sc = book_scale(c->def, (long)k);
    trygg_report_format(e, sizeof e, v.est, &sc, c->lang);
    trygg_report_format_ci(ci, sizeof ci, v.lo, v.hi, &sc, c->lang);
    return with_ci && *ci ? book_printf(a, "%s (%s)", e, ci) : trygg_book_strdup(a, e);
}

/* "▲ ökning, sämre": a mark the library set, in words. */
static const char *mark_words(const trygg_book_ctx *c, trygg_book_arena *a,
                              trygg_report_mark m, trygg_report_tone t)
{
    static const char *const w[5][2] = {{"", ""},
                                        {"▲ ökning", "▲ increase"},
                                        {"▼ minskning", "▼ decrease"},
                                        {"⊕ högre", "⊕ higher"},
                                        {"⊖ lägre", "⊖ lower"}};
    if ((unsigned)m > 4 || m == TRYGG_REPORT_MARK_NONE)
        return "";
    const char *tone = t == TRYGG_REPORT_TONE_BETTER ? (SV(c) ? ", bättre" : ", better")
                       : t == TRYGG_REPORT_TONE_WORSE ? (SV(c) ? ", sämre" : ", worse") : "";
    return book_printf(a, "%s%s", w[m][SV(c) ? 0 : 1], tone);
}

/* The table's rows: a bold row per section, then its indicators; -1 for
 * a section's row. */
static size_t rows_of(const trygg_book_ctx *c, trygg_book_arena *a, long **out, size_t **sec)
{
    size_t ns = trygg_book_sections(c->def), n = trygg_definition_indicator_count(c->def);
    long *r = trygg_book_alloc(a, (n + ns + 1) * sizeof *r);
    size_t *s = trygg_book_alloc(a, (n + ns + 1) * sizeof *s), m = 0;
    for (size_t i = 0; r && s && i < ns; i++) {
        const size_t *inds;
        size_t ni = trygg_book_section_indicators(c, a, i, &inds);
        s[m] = i;
        r[m++] = -1;
        for (size_t j = 0; j < ni; j++)
            r[m++] = (long)inds[j];
    }
    *out = r;
    *sec = s;
    return r && s ? m : 0;
}

static void indicator_row(const trygg_book_ctx *c, trygg_book_arena *a, const char **cells,
                          const char *level, const char *area, size_t k)
{
    const char *ind = trygg_definition_indicator_name(c->def, k);
    const trygg_estimate_row *x = trygg_results_find(c->est, c->year, level, area, ind);
    int py = book_previous_year(c, level, area);
    trygg_report_tone tone;
    cells[0] = book_label(c, k);
    cells[1] = value_of(c, a, x, k, 1);
    cells[2] = py ? value_of(c, a, trygg_results_find(c->est, py, level, area, ind), k, 0) : "–";
    trygg_report_mark m = book_change_mark(c, level, area, ind, &tone, NULL);
    cells[3] = mark_words(c, a, m, tone);
    const trygg_estimate_row *p =
        x && x->parent[0] ? trygg_results_find(c->est, c->year, x->parent_level, x->parent, ind)
                          : NULL;
    cells[4] = p ? value_of(c, a, p, k, 0) : "–";
    m = book_contrast_mark(c, level, area, ind, &tone, NULL);
    cells[5] = mark_words(c, a, m, tone);
}

int trygg_book_beside_parent(const trygg_book_ctx *c, trygg_book_arena *a, const char *level,
                             const char *area, size_t part, trygg_report_chart *chart)
{
    long *rows;
    size_t *sec, n = rows_of(c, a, &rows, &sec), nparts = (n + PER_PAGE - 1) / PER_PAGE;
    const trygg_estimate_row *any = NULL;
    for (size_t k = 0; !any && k < trygg_definition_indicator_count(c->def); k++)
        any = trygg_results_find(c->est, c->year, level, area,
                                 trygg_definition_indicator_name(c->def, k));
    if (!any || !any->parent[0])
        return book_fail(a, "'%s' has no enclosing area in %d", area, c->year);
    if (part >= nparts)
        return book_fail(a, "the table has %zu parts", nparts);
    size_t r0 = part * PER_PAGE, nr = n - r0 < PER_PAGE ? n - r0 : PER_PAGE;
    book_doc d;
    book_doc_init(&d, a, 2);
    trygg_report_block *t = book_doc_table(&d, nr, COLS);
    if (!t)
        return book_fail(a, "out of memory");
    const char *name = trygg_book_area_name(c, level, area), *pname = book_parent_name(c, any);
    int py = book_previous_year(c, level, area);
    const char **h = (const char **)t->header, **cells = (const char **)t->cells;
    h[0] = SV(c) ? "Indikator" : "Indicator";
    h[1] = book_printf(a, "%s %d (%s)", name, c->year,
                       book_printf(a, SV(c) ? "%s KI" : "%s CI",
                                   book_level(c, a, any->confidence > 0 ? any->confidence : 0.95)));
    h[2] = py ? book_printf(a, "%d", py) : (SV(c) ? "Föregående" : "Previous");
    h[3] = SV(c) ? "Förändring" : "Change";
    h[4] = book_printf(a, "%s %d", pname, c->year);
    h[5] = book_printf(a, SV(c) ? "Mot %s" : "Against %s", pname);
    for (size_t r = 0; r < nr; r++) {
        long k = rows[r0 + r];
        if (k < 0) {
            cells[r * COLS] = trygg_book_section_title(c, sec[r0 + r]);
            ((unsigned char *)t->bold)[r] = 1;
        } else {
            indicator_row(c, a, cells + r * COLS, level, area, (size_t)k);
        }
    }
    const char *of = nparts > 1 ? book_printf(a, " (%zu/%zu)", part + 1, nparts) : "";
    int res = book_doc_finish(c, &d, book_printf(a, SV(c) ? "%s jämfört med %s %d%s"
                                                          : "%s against %s %d%s",
                                                 name, pname, c->year, of),
                              SV(c) ? "Alla indikatorer" : "Every indicator",
                              SV(c) ? "Förändring: signifikant sedan föregående mätning; mot "
                                      "det omgivande området: signifikant skillnad (med hänsyn "
                                      "till att området ingår i det). Tomt: ingen signifikant "
                                      "skillnad."
                                    : "Change: significant since the previous survey; against "
                                      "the enclosing area: a significant difference (allowing "
                                      "for the area being part of it). Blank: no significant "
                                      "difference.", chart);
    if (res == 0)
        ((trygg_report_doc *)chart->m.doc)->frame.facts = book_facts(c, a, level, area);
    return res;
}
