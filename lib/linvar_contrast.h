/* Internal: variances of many domains minus the one domain that encloses
 * them (districts minus their municipality, municipalities minus the
 * region), from the parent's unit, stratum and calibration-cell sums made
 * once, so that each child costs its own rows and the parent's strata,
 * not the parent's rows.
 *
 * With x = a − b (child's influence values minus the parent's), per stage
 * Q(x) is a sum over strata; a stratum no child row falls in keeps the
 * parent's part, and the others are summed again from the units' totals
 * x_u = a_u − b_u. Calibration enters as in linvar.c, Q(e) = Q(x) −
 * 2 Q(x, Ug) + Q(Ug), where Q(x, Ug) needs Σ_u κ x_u U_u, which is the
 * child's part plus the parent's, made once. The child's and the parent's
 * own variances come from the same sums. Where the calibration explains
 * nearly all of a variance linvar.c forms the residuals row by row; here
 * that variance is then handed to linvar.c whole. */
#ifndef TRYGG_LINVAR_CONTRAST_H
#define TRYGG_LINVAR_CONTRAST_H

#include "year.h"

typedef struct trygg_contrast_engine trygg_contrast_engine;

/** Scratch for contrasts in year y (which must outlive it). Returns
 *  TRYGG_OK or TRYGG_ERR_NOMEM. */
trygg_status trygg_contrast_engine_new(const trygg_year *y,
                                       trygg_contrast_engine **out);
/** The same on engine lv (y's, or a worker's from trygg_linvar_new_worker):
 *  its scratch is what the engine's row-by-row variances use, so engines
 *  on different threads each need their own. */
trygg_status trygg_contrast_engine_new_on(const trygg_year *y, trygg_linvar *lv,
                                          trygg_contrast_engine **out);
void trygg_contrast_engine_free(trygg_contrast_engine *e);

/** Sets the domain subtracted: (level pl, domain pd, indicator k) with
 *  point pb (copied), and gives the variance of its own estimator (NaN
 *  when it has no valid answer). One pass over its rows. Statuses as
 *  trygg_year_variance. */
trygg_status trygg_contrast_engine_parent(trygg_contrast_engine *e, size_t pl,
                                          uint32_t pd, size_t k, const trygg_point *pb,
                                          double *var, trygg_errors *err);

/**
 * For (level l, domain d, indicator k of the parent) with point pa: the
 * variance of its estimator minus the parent's (*diff,
 * trygg_year_diff_variance to rounding) and of its own (*own, as
 * trygg_domain_se squares it; NaN without a valid answer). Statuses as
 * trygg_year_variance (a lonely PSU under "fail" names its stratum).
 */
trygg_status trygg_contrast_engine_variance(trygg_contrast_engine *e, size_t l,
                                            uint32_t d, const trygg_point *pa,
                                            double *diff, double *own,
                                            trygg_errors *err);

#endif
