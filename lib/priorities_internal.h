/* Internal: tables of priorities and follow-ups. */
#ifndef TRYGG_PRIORITIES_INTERNAL_H
#define TRYGG_PRIORITIES_INTERNAL_H

#include "dict.h"
#include "year.h"
#include "trygg.h"

struct trygg_priorities {
    trygg_priority_row *rows;
    size_t count, cap;
    trygg_dict pool;
};

struct trygg_followups {
    trygg_followup_row *rows;
    size_t count, cap;
    trygg_dict pool;
};

/** An analysis of its own for one call (trygg_priorities_compute(),
 *  trygg_followup_compute()) with `opt`'s weighting, variance and level
 *  (NULL: defaults), taking opt->estimates when given. */
trygg_status trygg_priority_analysis(const trygg_survey *sv, const trygg_priority_options *opt,
                                     trygg_analysis **out);

/** `opt` (NULL: defaults) into *o, with the analysis's weighting, variance
 *  and level, and alpha 0.05 when it is none. */
void trygg_priority_resolve(const trygg_analysis *an, const trygg_priority_options *opt,
                            trygg_priority_options *o);

/* An area (level l, domain d) and its parent (pl, pd; -1 for none). */
typedef struct {
    size_t l;
    uint32_t d;
    long pl, pd;
} trygg_prio_area;

/**
 * For areas[a] and indicators ks[j] (j < K), the variance of the area's
 * estimate minus its parent's in year y, as trygg_year_diff_variance gives
 * it, into var[a · K + j] with its status in st[a · K + j] (NaN and
 * TRYGG_OK where the area has no parent or no answer). Runs on every core.
 * Returns TRYGG_ERR_NOMEM when the workers cannot be set up (st is then
 * not filled).
 */
trygg_status trygg_priority_gaps(const trygg_year *y, const trygg_prio_area *areas,
                                 size_t na, const size_t *ks, size_t K, double *var,
                                 trygg_status *st);

/** The estimate row of a published cell, or NULL (hidden or absent). */
const trygg_estimate_row *trygg_prio_published(const trygg_results *all, int year,
                                               const char *level, const char *domain,
                                               const char *indicator);

/**
 * The row's change since the area's previous survey year and its trend over
 * every survey year up to the row's, from the estimates `all`: left NaN
 * when a year they need is hidden (change_from still names the year).
 * Returns TRYGG_OK or TRYGG_ERR_NOMEM.
 */
trygg_status trygg_prio_fill_time(const trygg_survey *sv, const trygg_results *all,
                                  trygg_priority_row *r);

/* Per year: which domain of each single-column level every domain of each
 * crossing lies in (inside[cl * nlev + l], NULL when it does not nest). */
typedef struct {
    size_t nlev;
    long **inside;
} trygg_prio_nesting;

trygg_status trygg_prio_nesting_build(const trygg_year *y, size_t nlev,
                                      trygg_prio_nesting *n);
void trygg_prio_nesting_free(trygg_prio_nesting *n);

/** The most affected group of area (l, d): the published crossing cell
 *  inside the area with the highest estimate (none: fields unchanged). */
void trygg_prio_fill_group(const trygg_year *y, const trygg_prio_nesting *n,
                           const trygg_results *all, size_t l, uint32_t d,
                           trygg_priority_row *r);

/** 0 when a member of the row's peer group other than the area itself is
 *  hidden in the row's year and indicator (its comparison would show it). */
int trygg_prio_peers_published(const trygg_survey *sv, const trygg_results *all,
                               const trygg_priority_row *r);

/* Priorities' replicate variances (priorities_replicates.c): the replicates'
 * estimates of each level and indicator, made once for all its areas. */
typedef struct trygg_prio_reps trygg_prio_reps;
trygg_status trygg_prio_reps_new(const trygg_year *y, trygg_prio_reps **out);
void trygg_prio_reps_free(trygg_prio_reps *c);
/** SE of domain a of level la minus domain b of level lb (indicator k), as
 *  the replicate variance of the difference; keep_b = 0 for a level made for
 *  one area only (not kept). */
trygg_status trygg_prio_rep_diff_se(trygg_prio_reps *c, size_t k, size_t la, uint32_t a,
                                    size_t lb, uint32_t b, int keep_b, double *se);
/** SE of the weighted total of indicator k in domain d of level l. */
trygg_status trygg_prio_rep_total_se(trygg_prio_reps *c, size_t k, size_t l, uint32_t d,
                                     double *se);

#endif
