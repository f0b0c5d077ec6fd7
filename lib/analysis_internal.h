/* Internal: the analysis's years (analysis.c), for the estimates,
 * contrasts, priorities and follow-ups that it serves. */
#ifndef TRYGG_ANALYSIS_INTERNAL_H
#define TRYGG_ANALYSIS_INTERNAL_H

#include "trygg.h"
#include "year.h"

/** One survey year of an analysis: built when first needed. */
typedef struct {
    int year;
    trygg_year y;
    int built;          /* y holds the year */
    int replicates;     /* its replicate weights are made */
    size_t builds;      /* trygg_year_build calls made for it */
} trygg_analysis_year;

struct trygg_analysis {
    const trygg_survey *sv;
    trygg_analysis_options o;   /* resolved against the definition */
    int keep_years;             /* 0: each year freed after its one use */
    trygg_analysis_year *years; /* per survey year index */
    trygg_results *est;         /* every estimate, once made (or adopted) */
    int own_est;
};

/** An analysis for one call of a function that makes its own (the
 *  trygg_estimate() family): it frees each year once used. */
trygg_status trygg_analysis_new_once(const trygg_survey *sv, const trygg_analysis_options *o,
                                     trygg_analysis **out);

/** Analysis options from estimate options (its weighting, variance,
 *  intervals, level and threads). */
void trygg_analysis_options_from_estimate(const trygg_estimate_options *eo,
                                          trygg_analysis_options *o);

/** The slot of survey year `year`, or NULL when the survey has none. */
trygg_analysis_year *trygg_analysis_slot(trygg_analysis *a, int year);

/** Builds the slot's year (and its replicate weights with `replicates` and
 *  a replicate method) unless it is built already. Touches only the slot:
 *  two slots may be built on two threads at once. */
trygg_status trygg_analysis_slot_build(trygg_analysis *a, trygg_analysis_year *s,
                                       int replicates, trygg_errors *err);

/** The year `year`, built when first asked for (with replicate weights
 *  when the analysis's variance method takes them); TRYGG_ERR_ARGUMENT
 *  when the survey has no such year. */
trygg_status trygg_analysis_year_get(trygg_analysis *a, int year, trygg_year **y,
                                     trygg_errors *err);

/** Done with the year: an analysis for one call frees it, another keeps it. */
void trygg_analysis_year_done(trygg_analysis *a, int year);

/** How many times a year has been built in this analysis (each year at
 *  most once: the tests read it). */
size_t trygg_analysis_year_builds(const trygg_analysis *a);

/** Takes `est` (the caller's, made with the analysis's options) as the
 *  analysis's estimates instead of making them. */
void trygg_analysis_borrow_estimates(trygg_analysis *a, const trygg_results *est);

/** The estimates of `filter` (its year, level_name, indicator and
 *  counts_only) into `res`, suppressed (estimate.c). */
trygg_status trygg_estimate_into(trygg_analysis *a, const trygg_estimate_options *filter,
                                 trygg_results *res, trygg_errors *err);

/** The contrasts of one year's domains with their parents into `out`
 *  (contrasts.c), unsuppressed. */
trygg_status trygg_contrasts_of_year(trygg_analysis *a, int year, const char *indicator,
                                     trygg_changes *out, trygg_errors *err);

/** Trends of the estimates `res` (changes.c). */
trygg_status trygg_trends_from_estimates(const trygg_survey *sv, const trygg_results *res,
                                         const trygg_change_options *o, trygg_changes **out);

/** The thread limit of the analysis on the calling thread for the
 *  duration of one of its calls: the previous limit, to restore. */
size_t trygg_analysis_threads_begin(const trygg_analysis *a);
void trygg_analysis_threads_end(size_t previous);

#endif
