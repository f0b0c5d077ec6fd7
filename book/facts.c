/* Sample facts, as every Swedish report prints them: answers per area
 * ("Antal svar 1 884"), and with a gross sample the invited and the
 * response rate ("Svarsfrekvens 63 %"). The answers of an area are its
 * respondents as its published rows count them, so a hidden area shows
 * "för få svar" and never a count. */
#include "book_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define SV(c) ((c)->lang == TRYGG_REPORT_SV)

double book_respondents(const trygg_book_ctx *c, int year, const char *level,
                        const char *area)
{
    size_t n = trygg_definition_indicator_count(c->def);
    for (size_t k = 0; k < n; k++) {
        const trygg_estimate_row *x =
            trygg_results_find(c->est, year, level, area, trygg_definition_indicator_name(c->def, k));
        if (!x || x->flags & (TRYGG_FLAG_SUPPRESSED | TRYGG_FLAG_COMPLEMENTARY))
            continue;
        double r = x->n + x->n_excluded + x->n_missing;
        if (isfinite(r))
            return r;
    }
    return -1;
}

const char *book_count(const trygg_book_ctx *c, trygg_book_arena *a, double n)
{
    char digits[32], out[64];
    snprintf(digits, sizeof digits, "%.0f", n);
    size_t len = strlen(digits), at = 0;
    /* groups of three: a no-break space in Swedish, a comma in English */
    for (size_t i = 0; i < len && at + 4 < sizeof out; i++) {
        if (i && (len - i) % 3 == 0 && digits[i - 1] != '-') {
            if (SV(c)) {
                out[at++] = '\xC2';
                out[at++] = '\xA0';
            } else {
                out[at++] = ',';
            }
        }
        out[at++] = digits[i];
    }
    out[at] = 0;
    return trygg_book_strdup(a, out);
}

const trygg_book_sample *book_sample(const trygg_book_ctx *c, int year, const char *level,
                                     const char *area)
{
    for (size_t i = 0; c->sample && i < c->nsample; i++) {
        const trygg_book_sample *s = &c->sample[i];
        if (s->year == year && !strcmp(s->level, level) && !strcmp(s->area, area))
            return s;
    }
    return NULL;
}

const char *book_rate(const trygg_book_ctx *c, trygg_book_arena *a, double answers,
                      double invited)
{
    if (!(answers >= 0) || !(invited > 0))
        return NULL;
    return book_printf(a, SV(c) ? "%.0f %%" : "%.0f%%", 100 * answers / invited);
}

const char *book_facts(const trygg_book_ctx *c, trygg_book_arena *a, const char *level,
                       const char *area)
{
    double n = book_respondents(c, c->year, level, area);
    if (n < 0)
        return book_printf(a, SV(c) ? "Antal svar %d: för få svar" : "Answers %d: too few",
                           c->year);
    const trygg_book_sample *s = book_sample(c, c->year, level, area);
    if (s)
        return book_printf(a, SV(c) ? "Urval %d: %s, antal svar %s, svarsfrekvens %s"
                                    : "Sample %d: %s invited, %s answers, response rate %s",
                           c->year, book_count(c, a, s->invited), book_count(c, a, n),
                           book_rate(c, a, n, s->invited));
    int py = book_previous_year(c, level, area);
    double pn = py ? book_respondents(c, py, level, area) : -1;
    char prev[96] = "";
    if (py && pn >= 0)
        snprintf(prev, sizeof prev, " (%d: %s)", py, book_count(c, a, pn));
    return book_printf(a, SV(c) ? "Antal svar %d: %s%s" : "Answers %d: %s%s", c->year,
                       book_count(c, a, n), prev);
}
