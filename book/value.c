/* Values and marks as the library made them: a suppressed row carries
 * nothing onto a page, and a mark is the library's significance decision
 * on the change or contrast row, never one made here. */
#include "book_internal.h"

#include <math.h>

trygg_report_value trygg_book_value(const trygg_estimate_row *x)
{
    trygg_report_value v;
    trygg_report_value_init(&v);
    if (!x)
        return v;
    if (x->flags & (TRYGG_FLAG_SUPPRESSED | TRYGG_FLAG_COMPLEMENTARY)) {
        v.flags = TRYGG_REPORT_SUPPRESSED;   /* numbers stay NAN */
        return v;
    }
    if (x->flags & TRYGG_FLAG_EMPTY || !(x->n > 0)) {
        v.flags = TRYGG_REPORT_EMPTY;
        return v;
    }
    if (!isfinite(x->estimate))
        return v;                            /* no data */
    v.est = x->estimate;
    if (isfinite(x->ci_low) && isfinite(x->ci_high)) {
        v.lo = x->ci_low;
        v.hi = x->ci_high;
    }
    if (x->flags & (TRYGG_FLAG_UNSTABLE | TRYGG_FLAG_LOW_N | TRYGG_FLAG_HIGH_CV))
        v.flags |= TRYGG_REPORT_UNSTABLE;
    if (x->flags & TRYGG_FLAG_LOW_N)
        v.flags |= TRYGG_REPORT_LOW_N;
    if (x->flags & TRYGG_FLAG_HIGH_CV)
        v.flags |= TRYGG_REPORT_HIGH_CV;
    return v;
}

trygg_report_tone book_tone(const trygg_definition *def, size_t k, int sign)
{
    int better = trygg_definition_indicator_better(def, k);
    if (!better || !sign)
        return TRYGG_REPORT_TONE_NEUTRAL;
    return better == sign ? TRYGG_REPORT_TONE_BETTER : TRYGG_REPORT_TONE_WORSE;
}

static void rule_add(book_rule *r, const trygg_change_row *x)
{
    if (!r || x->flags & TRYGG_FLAG_SUPPRESSED || !x->family_size)
        return;
    if (!r->rows) {
        r->alpha = x->alpha;
        r->adjust = x->adjust;
        r->family_min = r->family_max = x->family_size;
        r->from_min = r->from_max = x->year_from;
    }
    r->mixed |= x->alpha != r->alpha || x->adjust != r->adjust;
    r->family_min = x->family_size < r->family_min ? x->family_size : r->family_min;
    r->family_max = x->family_size > r->family_max ? x->family_size : r->family_max;
    r->from_min = x->year_from < r->from_min ? x->year_from : r->from_min;
    r->from_max = x->year_from > r->from_max ? x->year_from : r->from_max;
    r->rows++;
}

/* A published value of the area: the mark of a hidden one is not shown. */
static int shown(const trygg_book_ctx *c, int year, const char *level, const char *domain,
                 const char *indicator)
{
    const trygg_estimate_row *x = trygg_results_find(c->est, year, level, domain, indicator);
    trygg_report_value v = trygg_book_value(x);
    return isfinite(v.est);
}

static trygg_report_mark mark_of(const trygg_book_ctx *c, const trygg_change_row *r,
                                 int up, int down, trygg_report_tone *tone, book_rule *rule)
{
    *tone = TRYGG_REPORT_TONE_NEUTRAL;
    if (!r || r->flags & (TRYGG_FLAG_SUPPRESSED | TRYGG_FLAG_COMPLEMENTARY))
        return TRYGG_REPORT_MARK_NONE;
    rule_add(rule, r);
    if (!r->significant)
        return TRYGG_REPORT_MARK_NONE;
    *tone = book_tone(c->def, r->indicator_index, r->significant);
    return r->significant > 0 ? (trygg_report_mark)up : (trygg_report_mark)down;
}

trygg_report_mark book_change_mark(const trygg_book_ctx *c, const char *level,
                                   const char *domain, const char *indicator,
                                   trygg_report_tone *tone, book_rule *rule)
{
    *tone = TRYGG_REPORT_TONE_NEUTRAL;
    const trygg_change_row *r = trygg_changes_find(c->chg, c->year, level, domain, indicator);
    if (!r || !shown(c, c->year, level, domain, indicator) ||
        !shown(c, r->year_from, level, domain, indicator))
        return TRYGG_REPORT_MARK_NONE;
    return mark_of(c, r, TRYGG_REPORT_MARK_UP, TRYGG_REPORT_MARK_DOWN, tone, rule);
}

trygg_report_mark book_contrast_mark(const trygg_book_ctx *c, const char *level,
                                     const char *domain, const char *indicator,
                                     trygg_report_tone *tone, book_rule *rule)
{
    *tone = TRYGG_REPORT_TONE_NEUTRAL;
    const trygg_change_row *r = trygg_changes_find(c->con, c->year, level, domain, indicator);
    if (!r || !shown(c, c->year, level, domain, indicator) ||
        !shown(c, c->year, r->other_level, r->other_domain, indicator))
        return TRYGG_REPORT_MARK_NONE;
    return mark_of(c, r, TRYGG_REPORT_MARK_ABOVE, TRYGG_REPORT_MARK_BELOW, tone, rule);
}

trygg_report_value book_previous(const trygg_book_ctx *c, const char *level, const char *area,
                                 const char *indicator, int *year)
{
    *year = book_previous_year(c, level, area);
    trygg_report_value v = trygg_book_value(
        *year ? trygg_results_find(c->est, *year, level, area, indicator) : NULL);
    if (!(v.flags & TRYGG_REPORT_SUPPRESSED))
        return v;
    trygg_report_value_init(&v);   /* hidden: that it is, and nothing more */
    v.flags = TRYGG_REPORT_SUPPRESSED;
    return v;
}
