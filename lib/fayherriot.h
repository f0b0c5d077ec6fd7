/* Internal: the Fay–Herriot area-level model on arrays (Rao & Molina 2015,
 * ch. 6): y_i = x_i'β + u_i + e_i, u_i ~ (0, σ²_u), e_i ~ (0, D_i) with D_i
 * the design variance of the direct estimate y_i. REML σ²_u by Fisher
 * scoring, the EBLUP and its Prasad–Rao (Datta–Lahiri, for REML) MSE, and
 * the synthetic estimate x'β̂ of an area outside the fit. */
#ifndef TRYGG_FAYHERRIOT_H
#define TRYGG_FAYHERRIOT_H

#include <stddef.h>

#include "trygg.h"

typedef struct {
    size_t m, p;          /* areas fitted, covariates (the intercept one of them) */
    const double *y, *d;  /* direct estimates and their variances, m each */
    const double *x;      /* m × p, row-major */
} trygg_fh_data;

typedef struct {
    size_t p;
    double sigma2;        /* REML σ²_u, 0 when the likelihood's maximum is at 0 */
    double sigma2_var;    /* its asymptotic variance, 2 / Σ (σ² + D_i)⁻² */
    double *beta;         /* p */
    double *cov;          /* p × p: (X'V⁻¹X)⁻¹, the covariance of β̂ */
    int iterations;
    int converged;        /* 0: the iteration limit was reached */
} trygg_fh_fit;

/** Fits the model. TRYGG_ERR_NUMERIC when X'V⁻¹X is singular (covariates
 *  that repeat one another, or fewer areas than covariates); NOMEM. */
trygg_status trygg_fh_reml(const trygg_fh_data *in, trygg_fh_fit *fit);
void trygg_fh_fit_free(trygg_fh_fit *fit);

/** x'β̂ and x'(X'V⁻¹X)⁻¹x for covariates x (p). */
void trygg_fh_predict(const trygg_fh_fit *fit, const double *x, double *xb, double *xcx);

/** The EBLUP γ_i y_i + (1 − γ_i) x_i'β̂ of fitted area i, its MSE
 *  g1 + g2 + 2 g3 and its shrinkage γ_i = σ²/(σ² + D_i). */
void trygg_fh_eblup(const trygg_fh_data *in, const trygg_fh_fit *fit, size_t i,
                    double *est, double *mse, double *gamma);

/** The synthetic estimate x'β̂ of an area whose direct estimate is not in
 *  the fit, and its MSE σ² + x'(X'V⁻¹X)⁻¹x: no D of its own enters. */
void trygg_fh_synthetic(const trygg_fh_fit *fit, const double *x, double *est, double *mse);

#endif
