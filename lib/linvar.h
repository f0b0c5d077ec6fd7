/* Internal: linearized variances of domain estimators from sums over each
 * domain's own rows.
 *
 * The design variance (svyrecvar) is a quadratic form Q in the influence
 * values' unit totals: per stage, Σ_groups κ_g Σ_units (x_u − x̄_g)². A
 * domain's influence values are zero outside the domain, so its units are
 * few and the zeros of the rest enter only through x̄_g. Calibration
 * residuals are e = a − Σ_c g_c u_c over a few cells (weighting.h), so
 * Q(e) = Q(a) − 2 Q(a, Ug) + Q(Ug) where Q(u_c, u_q) is summed once per
 * year. One domain's variance costs its rows and its cells, not n. */
#ifndef TRYGG_LINVAR_H
#define TRYGG_LINVAR_H

#include "year.h"

typedef struct trygg_linvar trygg_linvar;

/** Prepares the year's engine: design stages, the calibration's cells,
 *  and each level's rows by domain. */
trygg_status trygg_linvar_new(const trygg_year *y, trygg_linvar **out);
/** An engine for another thread: its own scratch, the tables of `shared`
 *  (which must outlive it, and gain no levels meanwhile). */
trygg_status trygg_linvar_new_worker(const trygg_linvar *shared, trygg_linvar **out);
/** Indexes level l (added after trygg_linvar_new) by domain. */
trygg_status trygg_linvar_add_level(trygg_linvar *lv, const trygg_year *y,
                                    size_t l);
/** Forgets the levels from index `keep` on. */
void trygg_linvar_drop_levels(trygg_linvar *lv, size_t keep);
void trygg_linvar_free(trygg_linvar *lv);

/**
 * Variance of Σ over terms of the influence values
 * a_i = scale · w_i · (num_i − theta · den_i) for the valid rows i of
 * (level, domain, indicator). Lonely PSUs as the design says: a diagnostic
 * naming the stratum under "fail".
 */
trygg_status trygg_linvar_variance(trygg_linvar *lv, const trygg_year *y,
                                   const trygg_influence_term *terms,
                                   size_t nterms, double *var,
                                   trygg_errors *err);

/**
 * The point of (level l, domain dom, indicator k) from the domain's rows
 * alone and, with want_var, its variance in the same pass (NaN when the
 * domain has no valid answer).
 */
trygg_status trygg_linvar_estimate(trygg_linvar *lv, const trygg_year *y,
                                   size_t l, uint32_t dom, size_t k,
                                   int want_var, trygg_point *p, double *var,
                                   trygg_errors *err);

/** The same for indicators ks[0..K) at once (pts, vars: K each), reading
 *  the domain's rows once for all of them. want_var −1: counts and points
 *  only (no element variance either). */
trygg_status trygg_linvar_estimate_many(trygg_linvar *lv, const trygg_year *y,
                                        size_t l, uint32_t dom, const size_t *ks,
                                        size_t K, int want_var, trygg_point *pts,
                                        double *vars, trygg_errors *err);

#endif
