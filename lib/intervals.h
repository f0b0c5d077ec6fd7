/* Internal: confidence intervals and tests. */
#ifndef TRYGG_INTERVALS_H
#define TRYGG_INTERVALS_H

#include "trygg.h"

/** t (df finite and > 0) or normal quantile for a two-sided interval. */
double trygg_quantile(double level, double df);

/**
 * Interval for an estimate. Shares (0..1): logit as R's svyciprop closed
 * form (expit(logit(p) ∓ q·se/(p(1−p))); NaN when p is 0 or 1), beta as
 * Korn–Graubard with the effective sample size of R (n = valid answers),
 * or estimate ± q·se ("t"/"wald").
 */
void trygg_interval(trygg_ci_method m, double est, double se, double n,
                    double df, double level, double *lo, double *hi);

/** Two-sided normal p-value of z. */
double trygg_p_value(double z);

#endif
