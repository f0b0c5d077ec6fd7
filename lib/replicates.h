/* Internal: replicate-weight variance (jackknife JK1, JKn; Rao–Wu rescaled
 * bootstrap), as R's as.svrepdesign + svrVar (mse = FALSE). */
#ifndef TRYGG_REPLICATES_H
#define TRYGG_REPLICATES_H

#include "estimate_internal.h"

typedef struct trygg_replicates trygg_replicates;

/** Forms the replicate weights of the year (recalibrated when the year is
 *  calibrated) and attaches them to y->rep. */
trygg_status trygg_replicates_build(trygg_year *y, trygg_variance v,
                                    trygg_errors *err);
void trygg_replicates_free(trygg_replicates *r);

/** Replicate variance of (level l, domain dom, indicator k). */
trygg_status trygg_replicate_variance(const trygg_year *y, trygg_variance v,
                                      size_t l, uint32_t dom, size_t k,
                                      double *var, trygg_errors *err);

#endif
