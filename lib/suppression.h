/* Internal: which cells of a year may be published (README, "Disclosure
 * control"). The decision is made once, from counts alone, for the whole
 * lattice of the definition's levels and crossings; estimates, changes,
 * contrasts, priorities and follow-ups all take it from here. */
#ifndef TRYGG_SUPPRESSION_H
#define TRYGG_SUPPRESSION_H

#include "trygg.h"

/** The hidden cells of one year. */
typedef struct trygg_pattern trygg_pattern;

/**
 * Works out the year's hidden cells: every cell with fewer than min_n valid
 * answers (and more than none), and as many more as it takes for none of
 * them to be a linear combination of published cells (complementary
 * suppression over all levels and crossings at once), with the indicators of
 * one question hidden together and the respondents' counts protected first.
 * Returns TRYGG_OK or TRYGG_ERR_NOMEM / TRYGG_ERR_LIMIT.
 */
trygg_status trygg_pattern_build(const trygg_survey *sv, int year,
                                 trygg_pattern **out);
void trygg_pattern_free(trygg_pattern *p);

/** 1 when (level, domain, indicator k) is hidden, 0 when it is published,
 *  -1 when the year has no such cell in the definition's levels. */
int trygg_pattern_hidden(const trygg_pattern *p, const char *level,
                         const char *domain, size_t k);
/** 1 when the respondents' count of (level, domain) is hidden (fewer than
 *  min_n respondents, or hidden so that such a count cannot be worked out
 *  from published ones), 0 when it may be published, -1 when the year has
 *  no such cell. */
int trygg_pattern_respondents_hidden(const trygg_pattern *p, const char *level,
                                     const char *domain);
/** 1 when the cell is hidden for its own count (fewer than min_n valid
 *  answers of indicator k), not only to protect another. */
int trygg_pattern_primary(const trygg_pattern *p, const char *level,
                          const char *domain, size_t k);
/** The year the pattern is of. */
int trygg_pattern_year(const trygg_pattern *p);

/** A pattern for every year of the survey, built once and looked up. */
typedef struct trygg_patterns trygg_patterns;
trygg_status trygg_patterns_build(const trygg_survey *sv, trygg_patterns **out);
void trygg_patterns_free(trygg_patterns *ps);
/** The year's pattern, or NULL when the survey has no such year. */
const trygg_pattern *trygg_patterns_year(const trygg_patterns *ps, int year);
/** trygg_pattern_hidden() of the year's pattern; -1 without one. */
int trygg_patterns_hidden(const trygg_patterns *ps, int year, const char *level,
                          const char *domain, size_t k);

/**
 * Flags the rows of `res` (trygg_estimate's) as their year's pattern says:
 * TRYGG_FLAG_SUPPRESSED on every hidden cell (with TRYGG_FLAG_COMPLEMENTARY
 * where it is hidden to protect another), and then takes the numbers out of
 * every suppressed row (NaN), so that nothing built from the results can
 * show them. Returns TRYGG_OK or TRYGG_ERR_NOMEM.
 */
trygg_status trygg_suppress_results(const trygg_survey *sv, trygg_results *res);

/** Takes out the numbers of a suppressed estimate row (NaN). */
void trygg_blank_estimate_row(trygg_estimate_row *x);

/**
 * Contrasts (trygg_contrasts_compute) show both of their domains: a row is
 * suppressed when either cell is hidden in its year's pattern, and then has
 * no numbers. Returns TRYGG_OK or TRYGG_ERR_NOMEM.
 */
trygg_status trygg_suppress_contrasts(const trygg_survey *sv, trygg_changes *ch);

/** Takes out the numbers of a suppressed change, trend or contrast row. */
void trygg_blank_change_row(trygg_change_row *c);

#endif
