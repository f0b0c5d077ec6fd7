/* Internal: complementary suppression of result rows, so a cell suppressed
 * for too few respondents cannot be recovered by subtraction. */
#ifndef TRYGG_SUPPRESSION_H
#define TRYGG_SUPPRESSION_H

#include "trygg.h"

/**
 * Applies the complementary suppression rule (README, "Disclosure
 * control") to `res`, the rows trygg_estimate made with options `o` (NULL
 * = defaults): wherever the domains of a level cover a published domain of
 * another level exactly (same year and indicator) and a suppressed domain's
 * count or value could be recovered from it, the next smallest published
 * domain is suppressed too (TRYGG_FLAG_SUPPRESSED | TRYGG_FLAG_COMPLEMENTARY),
 * until nothing is recoverable. When `o` asks for one level only, the rule
 * is worked out on every level (counts only) and carried over, so the rows
 * published are the same whichever levels are asked for.
 * Returns TRYGG_OK, TRYGG_ERR_NOMEM, or the status of that extra estimation.
 */
trygg_status trygg_suppress_complementary(const trygg_survey *sv,
                                          const trygg_estimate_options *o,
                                          trygg_results *res,
                                          trygg_errors *err);

/**
 * Contrasts of each domain with its parent (trygg_contrasts_compute, year
 * `year`, 0 = all, and `indicator`, NULL = all, weighted by `w`) show both
 * estimates: a row is suppressed when either domain is suppressed in the
 * estimates, complementary suppression included. Returns TRYGG_OK,
 * TRYGG_ERR_NOMEM, or the status of the estimation.
 */
trygg_status trygg_suppress_contrasts(const trygg_survey *sv, trygg_weighting w,
                                      int year, const char *indicator,
                                      trygg_changes *ch, trygg_errors *err);

#endif
