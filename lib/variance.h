/* Internal: the variance of domain estimators, one door for every caller.
 *
 * The design variance (svyrecvar) is a quadratic form Q in the influence
 * values' unit totals: per stage, Σ_groups κ_g Σ_units (x_u − x̄_g)². A
 * domain's influence values are zero outside the domain, so its units are
 * few and the zeros of the rest enter only through x̄_g. Calibration
 * residuals are e = a − Σ_c g_c u_c over a few cells (weighting.h), so
 * Q(e) = Q(a) − 2 Q(a, Ug) + Q(Ug) where Q(u_c, u_q) is summed once per
 * year. One domain's variance costs its rows and its cells, not n.
 *
 * Three questions, each answered from the same kernel (variance_stage.c):
 * a domain's K indicators with their points, the variance of any sum of
 * influence terms, and children against the parent that encloses them.
 * Every call names the year, the domains and the indicator, which is all a
 * replicate-weight method needs as well (y->rep, replicates.h); today the
 * callers that offer replicates choose them before calling. */
#ifndef TRYGG_VARIANCE_H
#define TRYGG_VARIANCE_H

#include "year.h"

/** Prepares the year's engine: design stages, the calibration's cells,
 *  and each level's rows by domain. TRYGG_OK or TRYGG_ERR_NOMEM. */
trygg_status trygg_variance_engine_new(const trygg_year *y, trygg_variance_engine **out);
/** An engine for another thread: its own scratch, the tables of `shared`
 *  (which must outlive it, and gain no levels meanwhile). */
trygg_status trygg_variance_engine_worker(const trygg_variance_engine *shared,
                                          trygg_variance_engine **out);
/** Indexes level l (added after trygg_variance_engine_new) by domain. */
trygg_status trygg_variance_engine_add_level(trygg_variance_engine *e, const trygg_year *y,
                                             size_t l);
/** Forgets the levels from index `keep` on. */
void trygg_variance_engine_drop_levels(trygg_variance_engine *e, size_t keep);
/** NULL-safe. */
void trygg_variance_engine_free(trygg_variance_engine *e);

/** What trygg_variance_domain() gives besides the points. */
typedef enum {
    TRYGG_WANT_COUNTS,     /* counts and points (no element variance) */
    TRYGG_WANT_POINTS,     /* points with their element variance s2 */
    TRYGG_WANT_VARIANCE    /* and the variance of each estimator */
} trygg_variance_want;

/**
 * (1) The points of indicators ks[0..K) in (level l, domain dom) from the
 * domain's rows alone, read once for all of them, and with
 * TRYGG_WANT_VARIANCE their variances (vars; NaN without a valid answer
 * or without TRYGG_WANT_VARIANCE). pts and vars: K each. Statuses as
 * trygg_variance_of_terms(); TRYGG_ERR_ARGUMENT for a domain not indexed.
 */
trygg_status trygg_variance_domain(trygg_variance_engine *e, const trygg_year *y, size_t l,
                                   uint32_t dom, const size_t *ks, size_t K,
                                   trygg_variance_want want, trygg_point *pts, double *vars,
                                   trygg_errors *err);

/**
 * (2) Variance of Σ over terms of the influence values
 * a_i = scale · w_i · (num_i − theta · den_i) for the valid rows i of
 * (level, domain, indicator), calibration residuals taken. Lonely PSUs as
 * the design says: TRYGG_ERR_DESIGN with a diagnostic naming the stratum
 * under "fail"; NaN under "average" at the second stage.
 */
trygg_status trygg_variance_of_terms(trygg_variance_engine *e, const trygg_year *y,
                                     const trygg_influence_term *terms, size_t nterms,
                                     double *var, trygg_errors *err);

/**
 * (3) Children against a parent. Sets the domain subtracted: (level pl,
 * domain pd, indicator k) with point pb (copied), and gives the variance
 * of its own estimator (NaN when it has no valid answer). One pass over
 * its rows; each child then costs its own rows and the parent's groups
 * that its rows fall in, not the parent's rows.
 */
trygg_status trygg_variance_parent(trygg_variance_engine *e, const trygg_year *y, size_t pl,
                                   uint32_t pd, size_t k, const trygg_point *pb, double *var,
                                   trygg_errors *err);

/**
 * For (level l, domain d, the parent's indicator) with point pa: the
 * variance of its estimator minus the parent's (*diff, with their
 * covariance) and of its own (*own, NaN without a valid answer). Statuses
 * as trygg_variance_of_terms().
 */
trygg_status trygg_variance_child(trygg_variance_engine *e, const trygg_year *y, size_t l,
                                  uint32_t d, const trygg_point *pa, double *diff, double *own,
                                  trygg_errors *err);

#endif
