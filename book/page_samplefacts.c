/* "Urval och svar": answers per area and survey year, as Stockholm stad
 * tabulates "Urval / Antal svar / Andel svar" per district, and with a
 * gross sample the invited and the response rate of the year. A hidden
 * area says "för få svar", an area not surveyed "–". */
#include "book_internal.h"

#include <string.h>

#define SV(c) ((c)->lang == TRYGG_REPORT_SV)

enum { MAX_YEARS = 12 };

/* The survey years up to the page's, oldest first (at most MAX_YEARS). */
static size_t years_of(const trygg_book_ctx *c, const char *level, const char *area, int *ys)
{
    size_t n = 0;
    for (int y = c->year; y > c->year - 60 && n < MAX_YEARS; y--)
        if (book_respondents(c, y, level, area) >= 0 ||
            trygg_results_find(c->est, y, level, area, trygg_definition_indicator_name(c->def, 0)))
            ys[n++] = y;
    for (size_t i = 0; i < n / 2; i++) {
        int t = ys[i];
        ys[i] = ys[n - 1 - i];
        ys[n - 1 - i] = t;
    }
    return n;
}

static const char *answers(const trygg_book_ctx *c, trygg_book_arena *a, int year,
                           const char *level, const char *area)
{
    double n = book_respondents(c, year, level, area);
    if (n >= 0)
        return book_count(c, a, n);
    const trygg_estimate_row *x =
        trygg_results_find(c->est, year, level, area, trygg_definition_indicator_name(c->def, 0));
    return x ? (SV(c) ? "för få svar" : "too few answers") : "–";
}

static void row_of(const trygg_book_ctx *c, trygg_book_arena *a, const char **cells,
                   const char *level, const char *area, const int *ys, size_t ny, int gross)
{
    cells[0] = trygg_book_area_name(c, level, area);
    for (size_t j = 0; j < ny; j++)
        cells[1 + j] = answers(c, a, ys[j], level, area);
    if (!gross)
        return;
    const trygg_book_sample *s = book_sample(c, c->year, level, area);
    double n = book_respondents(c, c->year, level, area);
    /* a hidden area: neither the invited nor a rate, which would give
     * its answers away */
    cells[1 + ny] = s && n >= 0 ? book_count(c, a, s->invited) : "–";
    const char *r = s && n >= 0 ? book_rate(c, a, n, s->invited) : NULL;
    cells[2 + ny] = r ? r : "–";
}

int trygg_book_sample_facts(const trygg_book_ctx *c, trygg_book_arena *a, const char *level,
                            const char *area, size_t part, trygg_report_chart *chart)
{
    int ys[MAX_YEARS];
    size_t ny = years_of(c, level, area, ys);
    const char **kids;
    const char *child = !strcmp(level, "region") ? "municipality" : "district";
    size_t nk = book_children(c, a, child, area, &kids), per = 24;
    size_t nrows = nk + 1, nparts = (nrows + per - 1) / per;
    if (!ny)
        return book_fail(a, "no answers from '%s' up to %d", area, c->year);
    if (part >= nparts)
        return book_fail(a, "the table has %zu parts", nparts);
    int gross = c->sample != NULL;
    size_t r0 = part * per, rows = nrows - r0 < per ? nrows - r0 : per, nc = 1 + ny + 2 * gross;
    book_doc d;
    book_doc_init(&d, a, 3);
    trygg_report_block *t = book_doc_table(&d, rows, nc);
    if (!t)
        return book_fail(a, "out of memory");
    const char **h = (const char **)t->header, **cells = (const char **)t->cells;
    h[0] = SV(c) ? "Område" : "Area";
    for (size_t j = 0; j < ny; j++)
        h[1 + j] = book_printf(a, SV(c) ? "Antal svar %d" : "Answers %d", ys[j]);
    if (gross) {
        h[1 + ny] = book_printf(a, SV(c) ? "Urval %d" : "Invited %d", c->year);
        h[2 + ny] = book_printf(a, SV(c) ? "Svarsfrekvens %d" : "Response rate %d", c->year);
    }
    for (size_t r = 0; r < rows; r++) {
        size_t i = r0 + r;
        row_of(c, a, cells + r * nc, i ? child : level, i ? kids[i - 1] : area, ys, ny, gross);
        ((unsigned char *)t->bold)[r] = i == 0;
    }
    book_doc_paragraph(&d, gross ? NULL : SV(c) ? "Bruttourvalet (hur många som tillfrågades) "
                                                  "finns inte i underlaget, så urval och "
                                                  "svarsfrekvens redovisas inte."
                                                : "The gross sample (how many were asked) is "
                                                  "not in the data, so the sample and response "
                                                  "rate are not shown.");
    const char *name = trygg_book_area_name(c, level, area);
    int res = book_doc_finish(c, &d, book_printf(a, SV(c) ? "Urval och svar: %s" : "Sample and "
                                                 "answers: %s", name),
                              trygg_definition_name(c->def),
                              SV(c) ? "Antal svar är antalet personer som besvarat enkäten i "
                                      "området."
                                    : "Answers are the people in the area who answered the "
                                      "questionnaire.", chart);
    if (res == 0)
        ((trygg_report_doc *)chart->m.doc)->frame.facts = book_facts(c, a, level, area);
    return res;
}
