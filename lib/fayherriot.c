/* The Fay–Herriot model on arrays: REML by Fisher scoring, EBLUP, MSE.
 * The m × m projection P = V⁻¹ − V⁻¹X(X'V⁻¹X)⁻¹X'V⁻¹ is never formed: with
 * V diagonal its traces and y'PPy reduce to p × p products, so a fit costs
 * O(m p²) per iteration however many areas there are. */
#include "fayherriot.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ITERATIONS 200
#define TOLERANCE 1e-12   /* of σ²'s step, relative to σ² + mean D */

/* X'WX for weights w (m), into out (p × p). */
static void cross(const trygg_fh_data *in, const double *w, double *out)
{
    size_t p = in->p;
    memset(out, 0, p * p * sizeof *out);
    for (size_t i = 0; i < in->m; i++) {
        const double *xi = in->x + i * p;
        for (size_t a = 0; a < p; a++)
            for (size_t b = 0; b < p; b++)
                out[a * p + b] += w[i] * xi[a] * xi[b];
    }
}

/* tr(A B) of two p × p matrices. */
static double trace_of(const double *a, const double *b, size_t p)
{
    double t = 0;
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < p; j++)
            t += a[i * p + j] * b[j * p + i];
    return t;
}

/* The inverse of the symmetric positive definite a (p × p), in place. */
static trygg_status invert(double *a, size_t p)
{
    gsl_matrix_view m = gsl_matrix_view_array(a, p, p);
    if (gsl_linalg_cholesky_decomp1(&m.matrix) != GSL_SUCCESS ||
        gsl_linalg_cholesky_invert(&m.matrix) != GSL_SUCCESS)
        return TRYGG_ERR_NUMERIC;
    for (size_t i = 0; i < p * p; i++)
        if (!isfinite(a[i]))
            return TRYGG_ERR_NUMERIC;
    return TRYGG_OK;
}

/* Work space of one fit: weights and p × p products. */
typedef struct {
    double *v, *w, *r;        /* m: 1/(σ²+D), a weight, residuals */
    double *ainv, *b, *c, *t; /* p × p */
} work;

/* β̂ = (X'V⁻¹X)⁻¹X'V⁻¹y at σ², with the inverse in k->ainv. */
static trygg_status gls(const trygg_fh_data *in, double s2, work *k, double *beta)
{
    size_t m = in->m, p = in->p;
    for (size_t i = 0; i < m; i++)
        k->v[i] = 1.0 / (s2 + in->d[i]);
    cross(in, k->v, k->ainv);
    trygg_status st = invert(k->ainv, p);
    if (st != TRYGG_OK)
        return st;
    double *xvy = k->t;
    memset(xvy, 0, p * sizeof *xvy);
    for (size_t i = 0; i < m; i++)
        for (size_t a = 0; a < p; a++)
            xvy[a] += in->x[i * p + a] * k->v[i] * in->y[i];
    for (size_t a = 0; a < p; a++) {
        beta[a] = 0;
        for (size_t b = 0; b < p; b++)
            beta[a] += k->ainv[a * p + b] * xvy[b];
    }
    for (size_t i = 0; i < m; i++) {
        double xb = 0;
        for (size_t a = 0; a < p; a++)
            xb += in->x[i * p + a] * beta[a];
        k->r[i] = in->y[i] - xb;
    }
    return TRYGG_OK;
}

/* One Fisher scoring step of the REML likelihood at σ²: score / information,
 * with tr(P) = Σv − tr(A⁻¹X'V²X), tr(PP) = Σv² − 2 tr(A⁻¹X'V³X) +
 * tr(A⁻¹X'V²X A⁻¹X'V²X) and y'PPy = Σ (v r)² (A = X'VX, V = diag v). */
static trygg_status scoring_step(const trygg_fh_data *in, double s2, work *k, double *beta,
                                 double *step)
{
    trygg_status st = gls(in, s2, k, beta);
    if (st != TRYGG_OK)
        return st;
    size_t m = in->m, p = in->p;
    double sv = 0, sv2 = 0, ypp = 0;
    for (size_t i = 0; i < m; i++) {
        sv += k->v[i];
        sv2 += k->v[i] * k->v[i];
        ypp += k->v[i] * k->r[i] * k->v[i] * k->r[i];
        k->w[i] = k->v[i] * k->v[i];
    }
    cross(in, k->w, k->b);                     /* X'V²X */
    for (size_t i = 0; i < m; i++)
        k->w[i] *= k->v[i];
    cross(in, k->w, k->c);                     /* X'V³X */
    double trp = sv - trace_of(k->ainv, k->b, p);
    /* A⁻¹B into t, then tr(A⁻¹B A⁻¹B) */
    for (size_t a = 0; a < p; a++)
        for (size_t b = 0; b < p; b++) {
            double s = 0;
            for (size_t c = 0; c < p; c++)
                s += k->ainv[a * p + c] * k->b[c * p + b];
            k->t[a * p + b] = s;
        }
    double trpp = sv2 - 2 * trace_of(k->ainv, k->c, p) + trace_of(k->t, k->t, p);
    if (!(trpp > 0))
        return TRYGG_ERR_NUMERIC;
    *step = (-0.5 * trp + 0.5 * ypp) / (0.5 * trpp);
    return TRYGG_OK;
}

static double median_of(const double *d, size_t m)
{
    double *s = malloc((m + 1) * sizeof *s);
    if (!s)
        return NAN;
    memcpy(s, d, m * sizeof *s);
    for (size_t i = 1; i < m; i++)   /* m is small: areas of one level */
        for (size_t j = i; j > 0 && s[j - 1] > s[j]; j--) {
            double t = s[j];
            s[j] = s[j - 1];
            s[j - 1] = t;
        }
    double med = m % 2 ? s[m / 2] : (s[m / 2 - 1] + s[m / 2]) / 2;
    free(s);
    return med;
}

static trygg_status work_new(const trygg_fh_data *in, work *k)
{
    size_t m = in->m + 1, pp = in->p * in->p + in->p + 1;
    k->v = malloc(m * sizeof *k->v);
    k->w = malloc(m * sizeof *k->w);
    k->r = malloc(m * sizeof *k->r);
    k->ainv = malloc(pp * sizeof *k->ainv);
    k->b = malloc(pp * sizeof *k->b);
    k->c = malloc(pp * sizeof *k->c);
    k->t = malloc(pp * sizeof *k->t);
    return k->v && k->w && k->r && k->ainv && k->b && k->c && k->t ? TRYGG_OK
                                                                  : TRYGG_ERR_NOMEM;
}

static void work_free(work *k)
{
    free(k->v); free(k->w); free(k->r); free(k->ainv); free(k->b); free(k->c); free(k->t);
}

/* Fisher scoring from the median of the D_i (as sae::eblupFH starts), a
 * step that would make σ² negative stopping at 0 (the boundary maximum). */
static trygg_status iterate(const trygg_fh_data *in, work *k, trygg_fh_fit *fit)
{
    double dmean = 0;
    for (size_t i = 0; i < in->m; i++)
        dmean += in->d[i] / (double)in->m;
    double s2 = median_of(in->d, in->m);
    trygg_status st = isnan(s2) ? TRYGG_ERR_NOMEM : TRYGG_OK;
    for (int it = 1; it <= MAX_ITERATIONS && st == TRYGG_OK; it++) {
        double step;
        st = scoring_step(in, s2, k, fit->beta, &step);
        if (st != TRYGG_OK)
            break;
        double next = s2 + step > 0 ? s2 + step : 0;
        double moved = fabs(next - s2);
        s2 = next;
        fit->iterations = it;
        if (moved <= TOLERANCE * (s2 + dmean)) {
            fit->converged = 1;
            break;
        }
    }
    fit->sigma2 = s2;
    return st;
}

trygg_status trygg_fh_reml(const trygg_fh_data *in, trygg_fh_fit *fit)
{
    memset(fit, 0, sizeof *fit);
    fit->p = in->p;
    fit->beta = calloc(in->p + 1, sizeof *fit->beta);
    fit->cov = calloc(in->p * in->p + 1, sizeof *fit->cov);
    work k = {0};
    trygg_status st = fit->beta && fit->cov ? work_new(in, &k) : TRYGG_ERR_NOMEM;
    if (st == TRYGG_OK && in->m <= in->p)
        st = TRYGG_ERR_NUMERIC;
    if (st == TRYGG_OK)
        st = iterate(in, &k, fit);
    if (st == TRYGG_OK)   /* β̂ and its covariance at the estimate */
        st = gls(in, fit->sigma2, &k, fit->beta);
    if (st == TRYGG_OK) {
        memcpy(fit->cov, k.ainv, in->p * in->p * sizeof *fit->cov);
        double s = 0;
        for (size_t i = 0; i < in->m; i++)
            s += 1.0 / ((fit->sigma2 + in->d[i]) * (fit->sigma2 + in->d[i]));
        fit->sigma2_var = 2.0 / s;
    }
    work_free(&k);
    if (st != TRYGG_OK)
        trygg_fh_fit_free(fit);
    return st;
}

void trygg_fh_fit_free(trygg_fh_fit *fit)
{
    free(fit->beta);
    free(fit->cov);
    fit->beta = fit->cov = NULL;
}

void trygg_fh_predict(const trygg_fh_fit *fit, const double *x, double *xb, double *xcx)
{
    size_t p = fit->p;
    *xb = *xcx = 0;
    for (size_t a = 0; a < p; a++) {
        *xb += x[a] * fit->beta[a];
        for (size_t b = 0; b < p; b++)
            *xcx += x[a] * fit->cov[a * p + b] * x[b];
    }
}

void trygg_fh_eblup(const trygg_fh_data *in, const trygg_fh_fit *fit, size_t i,
                    double *est, double *mse, double *gamma)
{
    double xb, xcx, d = in->d[i], s2 = fit->sigma2;
    trygg_fh_predict(fit, in->x + i * in->p, &xb, &xcx);
    double g = s2 / (s2 + d);
    double g1 = g * d;
    double g2 = (1 - g) * (1 - g) * xcx;
    double g3 = d * d / ((s2 + d) * (s2 + d) * (s2 + d)) * fit->sigma2_var;
    *est = g * in->y[i] + (1 - g) * xb;
    *mse = g1 + g2 + 2 * g3;
    *gamma = g;
}

void trygg_fh_synthetic(const trygg_fh_fit *fit, const double *x, double *est, double *mse)
{
    double xcx;
    trygg_fh_predict(fit, x, est, &xcx);
    *mse = fit->sigma2 + xcx;
}
