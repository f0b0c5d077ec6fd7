/* Confidence intervals as R survey computes them (confint with df;
 * svyciprop "logit" in closed form and "beta").
 *
 * GSL's quantile functions have no status: with the error handler off (the
 * program's duty, see trygg.h) a domain error or an inverse that does not
 * converge returns NaN, which every formula here carries into the interval
 * (as R gives NA), never a number. */
#include "intervals.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

double trygg_quantile(double level, double df)
{
    /* every cell of a year asks for the same one: keep the last */
    static _Thread_local double last_level = NAN, last_df = NAN, last_q = NAN;
    if (level == last_level && (df == last_df || (isnan(df) && isnan(last_df))))
        return last_q;
    double p = 1 - (1 - level) / 2;
    double q = isfinite(df) && df > 0 ? gsl_cdf_tdist_Pinv(p, df)
                                      : gsl_cdf_ugaussian_Pinv(p);
    last_level = level;
    last_df = df;
    last_q = q;
    return q;
}

static double expit(double x) { return 1 / (1 + exp(-x)); }

static void logit_ci(double p, double se, double q, double *lo, double *hi)
{
    if (!(p > 0 && p < 1)) {
        *lo = *hi = NAN;
        return;
    }
    double l = log(p / (1 - p)), h = q * se / (p * (1 - p));
    *lo = expit(l - h);
    *hi = expit(l + h);
}

/* Korn–Graubard: n_eff = p(1−p)/var, scaled by (t(n−1)/t(df))², then
 * beta quantiles (R svyciprop(method = "beta")). */
static void beta_ci(double p, double se, double n, double df, double level,
                    double *lo, double *hi)
{
    double alpha = 1 - level;
    double neff = p * (1 - p) / (se * se);
    double tn = n > 1 ? gsl_cdf_tdist_Pinv(alpha / 2, n - 1) : NAN;
    double td = df > 0 ? gsl_cdf_tdist_Pinv(alpha / 2, df) : NAN;
    neff *= (tn / td) * (tn / td);
    if (!(neff > 0) || !isfinite(neff) || !(p >= 0 && p <= 1)) {
        *lo = *hi = NAN;
        return;
    }
    double x = neff * p;
    *lo = x > 0 ? gsl_cdf_beta_Pinv(alpha / 2, x, neff * (1 - p) + 1) : 0;
    *hi = neff * (1 - p) > 0 ? gsl_cdf_beta_Pinv(1 - alpha / 2, x + 1, neff * (1 - p)) : 1;
}

void trygg_interval(trygg_ci_method m, double est, double se, double n,
                    double df, double level, double *lo, double *hi)
{
    double q = trygg_quantile(level, df);
    if (isnan(est) || isnan(se)) {
        *lo = *hi = NAN;
        return;
    }
    if (m == TRYGG_CI_LOGIT)
        logit_ci(est, se, q, lo, hi);
    else if (m == TRYGG_CI_BETA)
        beta_ci(est, se, n, df, level, lo, hi);
    else {
        *lo = est - q * se;
        *hi = est + q * se;
    }
}

double trygg_p_value(double z)
{
    if (isnan(z))
        return NAN;
    return 2 * gsl_cdf_ugaussian_P(-fabs(z));
}
