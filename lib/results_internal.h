/* Internal: growing tables of result rows with their own string pool. */
#ifndef TRYGG_RESULTS_INTERNAL_H
#define TRYGG_RESULTS_INTERNAL_H

#include "dict.h"
#include "trygg.h"

struct trygg_results {
    trygg_estimate_row *rows;
    size_t count, cap;
    trygg_dict strings;
    size_t *slots;      /* hash of (year, level, domain, indicator) -> row */
    size_t nslots;      /* a power of two, or 0 */
};

struct trygg_changes {
    trygg_change_row *rows;
    size_t count, cap;
    trygg_dict strings;
    size_t *slots;      /* hash of (year_to, level, domain, indicator) -> row */
    size_t nslots;
};

/** 1 when the row's cell has answers: a published one with n > 0, or a
 *  suppressed one (which has answers, but no numbers to show them). */
static inline int trygg_row_answered(const trygg_estimate_row *x)
{
    return (x->flags & TRYGG_FLAG_SUPPRESSED) || x->n > 0;
}

/** The least-squares slope per year of the n estimates on their years, and
 *  its SE from the independent years' SEs: the one formula of trends (the
 *  trends table and the priorities' trend). */
void trygg_trend_slope(const trygg_estimate_row *const *pts, size_t n, double *slope,
                       double *se);

/** Estimate `to` minus estimate `from` of two independent years, and its
 *  SE (se² = se_from² + se_to²): the one formula of a change (the changes
 *  table, the priorities' change, the follow-ups). */
void trygg_change_between(const trygg_estimate_row *from, const trygg_estimate_row *to,
                          double *change, double *se);

/** A pooled copy of `s` that lives as long as the table. */
const char *trygg_pool(trygg_dict *pool, const char *s);
trygg_status trygg_results_new(trygg_results **out);
trygg_status trygg_results_push(trygg_results *r, const trygg_estimate_row *row);
trygg_status trygg_changes_new(trygg_changes **out);
trygg_status trygg_changes_push(trygg_changes *c, const trygg_change_row *row);

#endif
