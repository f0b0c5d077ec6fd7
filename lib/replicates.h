/* Internal: replicate-weight variance (jackknife JK1, JKn; Rao–Wu rescaled
 * bootstrap), as R's as.svrepdesign + svrVar (mse = FALSE). */
#ifndef TRYGG_REPLICATES_H
#define TRYGG_REPLICATES_H

#include "year.h"

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

/** 1 when the year's replicates are a delete-one jackknife (JK1, JKn). */
int trygg_replicates_jackknife(const trygg_year *y);

/** The jackknife variance of (domain dom of level l) minus its parent in
 *  the enclosing level, indicator k: the difference in every replicate,
 *  as trygg_replicate_spread() of it, from per-domain sums in one pass
 *  for every domain and indicator (made once, when first asked for). l
 *  and its parent must be the definition's levels; TRYGG_ERR_ARGUMENT
 *  otherwise or without a jackknife. */
trygg_status trygg_replicate_contrast_variance(const trygg_year *y, size_t l, uint32_t dom,
                                               size_t k, double *var, trygg_errors *err);

/** The jackknife variance of the total Σ w · num of indicator k in domain
 *  dom of level l (for a share: the residents giving the answer), as
 *  trygg_replicate_spread() of trygg_replicate_totals(); made with the
 *  contrasts' figures. Statuses as trygg_replicate_contrast_variance(). */
trygg_status trygg_replicate_total_variance(const trygg_year *y, size_t l, uint32_t dom,
                                            size_t k, double *var, trygg_errors *err);

/** Number of replicates of the year (0 without replicate weights). */
size_t trygg_replicate_count(const trygg_year *y);

/** The estimate of indicator k in every domain of level l in every
 *  replicate: theta[d · nrep + q] (the caller's, ndom × nrep). */
trygg_status trygg_replicate_thetas(const trygg_year *y, size_t l, size_t k,
                                    double *theta);

/** As trygg_replicate_thetas(), the weighted totals Σ w·num of indicator k
 *  (the estimated number of residents giving the answer, for a share). */
trygg_status trygg_replicate_totals(const trygg_year *y, size_t l, size_t k, double *tot);

/** The replicate variance of the replicated statistic t[0..nrep) (a domain's
 *  estimate, or a difference of two), as svrVar computes it. */
double trygg_replicate_spread(const trygg_year *y, const double *t);

#endif
