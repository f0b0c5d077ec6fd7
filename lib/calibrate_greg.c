/* Calibration of weights to totals of auxiliary variables (R calibrate /
 * grake): Newton iterations on the calibration equations with a
 * pseudo-inverse, for the linear, raking and logit calibration functions
 * with bounds. Also the checks that tell infeasible or inconsistent totals
 * apart from slow convergence. */
#include "calibrate.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>

#include "errors_internal.h"

#define GINV_TOL (256 * DBL_EPSILON)   /* MASS::ginv's tolerance, as grake */
#define RESCALE_THRESHOLD 20.0         /* grake's SOMETHRESHOLD */
#define CERT_TOL 1e-9                  /* relative size of a proof of infeasibility */
/* A column whose part orthogonal to the columns before it has less than
 * this squared length, relative to its own, is taken as dependent on them
 * (R's qr() uses 1e-7 on the length; the Gram matrix this works on is
 * accurate to about 1e-15, so 1e-11 on the square, 3e-6 on the length). */
#define RANK_TOL 1e-11

/* Columns of X, by row: only the nonzero entries. */
typedef struct {
    size_t n, p;
    size_t *start;   /* n + 1 */
    size_t *col;
    double *val;
} sparse_rows;

typedef struct {
    size_t n, p;             /* p: kept columns */
    sparse_rows X;
    size_t *orig;            /* kept column -> caller's column */
    const char *const *names;
    double *T, *ww, *stot;   /* totals, working design weights, their totals */
    double scale;
    trygg_calfun f;
    double L, U;             /* caller's bounds (on g after rescaling) */
    double *eta, *deta, *xeta, *F, *dF, *misfit;
    double *last;            /* 3p: eta, deta, misfit of the last finite misfit */
    int have_last;
    double *Tmat, *A, *V, *S, *work;   /* p × p, p × p, p × p, p, p */
} greg;

/* ---- Calibration functions (R cal.linear, cal.raking, cal.logit) ----- */

static double clamp(double v, double lo, double hi)
{
    if (v < lo)   /* comparisons keep NaN, as R's pmin/pmax */
        v = lo;
    if (v > hi)
        v = hi;
    return v;
}

/* F(u) - 1 of R's calfun$Fm1: g = 1 + fm1. */
static double cal_fm1(trygg_calfun f, double u, double L, double U)
{
    if (f == TRYGG_CALFUN_LINEAR)
        return clamp(u + 1, L, U) - 1;
    if (f == TRYGG_CALFUN_RAKING)
        return clamp(exp(u), L, U) - 1;
    double A = (U - L) / ((U - 1) * (1 - L));
    double e = exp(A * u);
    return (L * (U - 1) + U * (1 - L) * e) / (U - 1 + (1 - L) * e) - 1;
}

/* R's calfun$dF. For raking, R zeroes the derivative where u (not e^u)
 * lies outside (L - 1, U - 1); kept so that the iterations follow R's. */
static double cal_df(trygg_calfun f, double u, double L, double U)
{
    int inside = u < U - 1 && u > L - 1;
    if (f == TRYGG_CALFUN_LINEAR)
        return inside ? 1.0 : 0.0;
    if (f == TRYGG_CALFUN_RAKING)
        return inside ? exp(u) : 0.0;
    double A = (U - L) / ((U - 1) * (1 - L));
    double e = exp(A * u);
    double den = U - 1 + (1 - L) * e;
    return U * (1 - L) * e * A / den -
           (L * (U - 1) + U * (1 - L) * e) * ((1 - L) * e * A) / (den * den);
}

/* ---- Names and argument checks --------------------------------------- */

static const char *col_name(const greg *g, size_t j, char *buf, size_t size)
{
    size_t c = g->orig ? g->orig[j] : j;
    if (g->names && g->names[c])
        return g->names[c];
    snprintf(buf, size, "column %zu", c + 1);
    return buf;
}

static trygg_status bad_arg(trygg_errors *err, const char *what)
{
    trygg_errors_add(err, NULL, 0, 0, "calibration: %s", what);
    return TRYGG_ERR_ARGUMENT;
}

static trygg_status check_bounds(trygg_calfun f, double L, double U,
                                 trygg_errors *err)
{
    if (f != TRYGG_CALFUN_LINEAR && f != TRYGG_CALFUN_RAKING &&
        f != TRYGG_CALFUN_LOGIT)
        return bad_arg(err, "unknown calibration function");
    if (isnan(L) || isnan(U) || !(L < U))
        return bad_arg(err, "bounds must satisfy lower < upper");
    if (f == TRYGG_CALFUN_LOGIT && !(isfinite(L) && isfinite(U)))
        return bad_arg(err, "logit calibration needs finite bounds");
    if (f == TRYGG_CALFUN_LOGIT && !(L < 1 && U > 1))
        return bad_arg(err, "logit calibration needs lower < 1 < upper");
    return TRYGG_OK;
}

static trygg_status check_args(size_t n, size_t p, const double *X,
                               const double *d, const double *totals,
                               double epsilon, int max_iterations,
                               trygg_errors *err)
{
    if (!n || !p || !X || !d || !totals)
        return bad_arg(err, "no rows or no columns");
    if (!(epsilon > 0) || max_iterations < 1)
        return bad_arg(err, "epsilon must be > 0 and max_iterations >= 1");
    for (size_t i = 0; i < n; i++)
        if (!(isfinite(d[i]) && d[i] >= 0))
            return bad_arg(err, "design weights must be finite and not negative");
    for (size_t k = 0; k < n * p; k++)
        if (!isfinite(X[k]))
            return bad_arg(err, "the auxiliary matrix has a value that is not finite");
    for (size_t j = 0; j < p; j++)
        if (!isfinite(totals[j]))
            return bad_arg(err, "a population total is not finite");
    return TRYGG_OK;
}

/* ---- Set-up ------------------------------------------------------------ */

/* Columns all 0 with total 0 are dropped (as R); a column no respondent
 * with a positive weight has, with a nonzero total, is an error. */
static trygg_status choose_columns(greg *g, size_t p, const double *X,
                                   const double *d, const double *totals,
                                   trygg_errors *err)
{
    trygg_status st = TRYGG_OK;
    char buf[48];
    for (size_t j = 0; j < p; j++) {
        int any = 0, weighted = 0;
        for (size_t i = 0; i < g->n; i++)
            if (X[i * p + j] != 0) {
                any = 1;
                weighted |= d[i] > 0;
            }
        if (!any && totals[j] == 0)
            continue;
        g->orig[g->p++] = j;
        if (!weighted && totals[j] != 0) {
            trygg_errors_add(err, NULL, 0, 0, "calibration: '%s' has population "
                             "total %g but no respondents (no row with a "
                             "positive weight and a nonzero value)",
                             col_name(g, g->p - 1, buf, sizeof buf), totals[j]);
            st = TRYGG_ERR_INVALID;
        }
    }
    return st;
}

/* The columns `cols` (ncols of them) of the dense n × pX matrix X. */
static trygg_status sparse_build(size_t n, size_t pX, const double *X,
                                 const size_t *cols, size_t ncols,
                                 sparse_rows *s)
{
    size_t nnz = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < ncols; k++)
            nnz += X[i * pX + (cols ? cols[k] : k)] != 0;
    s->n = n;
    s->p = ncols;
    s->start = malloc((n + 1) * sizeof *s->start);
    s->col = malloc((nnz ? nnz : 1) * sizeof *s->col);
    s->val = malloc((nnz ? nnz : 1) * sizeof *s->val);
    if (!s->start || !s->col || !s->val)
        return TRYGG_ERR_NOMEM;
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        s->start[i] = at;
        for (size_t k = 0; k < ncols; k++) {
            double v = X[i * pX + (cols ? cols[k] : k)];
            if (v != 0) {
                s->col[at] = k;
                s->val[at++] = v;
            }
        }
    }
    s->start[n] = at;
    return TRYGG_OK;
}

static void sparse_free(sparse_rows *s)
{
    free(s->start);
    free(s->col);
    free(s->val);
}

/* Keeps the columns with keep[j] set, renumbered in order. */
static void sparse_keep(sparse_rows *s, const int *keep, size_t *newidx)
{
    size_t np = 0, at = 0;
    for (size_t j = 0; j < s->p; j++)
        newidx[j] = keep[j] ? np++ : SIZE_MAX;
    for (size_t i = 0; i < s->n; i++) {
        size_t from = s->start[i];
        s->start[i] = at;
        for (size_t k = from; k < s->start[i + 1]; k++)
            if (keep[s->col[k]]) {
                s->col[at] = newidx[s->col[k]];
                s->val[at++] = s->val[k];
            }
    }
    s->start[s->n] = at;
    s->p = np;
}

/* Neumaier's compensated addition of v to *sum (error kept in *comp). */
static void add_comp(double *sum, double *comp, double v)
{
    double t = *sum + v;
    *comp += fabs(*sum) >= fabs(v) ? (*sum - t) + v : (v - t) + *sum;
    *sum = t;
}

/* G = Σ_i rw_i x_i x_i' (p × p), summed with compensation so that exact
 * dependences between columns stay visible however many rows there are. */
static trygg_status gram(const sparse_rows *s, const double *rw, double *G)
{
    size_t p = s->p;
    double *comp = calloc(p * p, sizeof *comp);
    if (!comp)
        return TRYGG_ERR_NOMEM;
    memset(G, 0, p * p * sizeof *G);
    for (size_t i = 0; i < s->n; i++) {
        if (rw[i] == 0)
            continue;
        for (size_t a = s->start[i]; a < s->start[i + 1]; a++)
            for (size_t b = a; b < s->start[i + 1]; b++) {
                size_t at = s->col[a] * p + s->col[b];
                add_comp(&G[at], &comp[at], rw[i] * s->val[a] * s->val[b]);
            }
    }
    for (size_t a = 0; a < p; a++)
        for (size_t b = a; b < p; b++)
            G[b * p + a] = G[a * p + b] = G[a * p + b] + comp[a * p + b];
    free(comp);
    return TRYGG_OK;
}

/* One step of pivoted Cholesky on the normalised Gram matrix A: the
 * column q joins the basis; the others lose their part along it. */
static void basis_step(double *A, size_t p, const int *used, size_t q)
{
    double piv = sqrt(A[q * p + q]);
    for (size_t j = 0; j < p; j++)
        if (!used[j])
            A[j * p + q] /= piv;
    for (size_t i = 0; i < p; i++) {
        if (used[i])
            continue;
        for (size_t j = 0; j < p; j++)
            if (!used[j])
                A[i * p + j] -= A[i * p + q] * A[j * p + q];
    }
}

/* in_basis[j] = 1 for a maximal set of linearly independent columns
 * (greedy, largest remaining relative length first); *rank their count. */
static trygg_status pick_basis(const double *G, size_t p, int *in_basis,
                               size_t *rank)
{
    double *A = malloc(p * p * sizeof *A);
    if (!A)
        return TRYGG_ERR_NOMEM;
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < p; j++) {
            double den = sqrt(G[i * p + i] * G[j * p + j]);
            A[i * p + j] = den > 0 ? G[i * p + j] / den : 0.0;
        }
    memset(in_basis, 0, p * sizeof *in_basis);
    *rank = 0;
    for (;;) {
        size_t q = SIZE_MAX;
        for (size_t j = 0; j < p; j++)
            if (!in_basis[j] && (q == SIZE_MAX || A[j * p + j] > A[q * p + q]))
                q = j;
        if (q == SIZE_MAX || !(A[q * p + q] > RANK_TOL))
            break;
        in_basis[q] = 1;
        (*rank)++;
        basis_step(A, p, in_basis, q);
    }
    free(A);
    return TRYGG_OK;
}

/* C = the Cholesky factor of G restricted to the basis columns (r × r). */
static trygg_status basis_cholesky(const double *G, size_t p, const int *in_basis,
                                   size_t r, double *C)
{
    size_t a = 0;
    for (size_t i = 0; i < p; i++) {
        if (!in_basis[i])
            continue;
        size_t b = 0;
        for (size_t j = 0; j < p; j++)
            if (in_basis[j])
                C[a * r + b++] = G[i * p + j];
        a++;
    }
    if (r == 0)
        return TRYGG_OK;
    gsl_matrix_view Cv = gsl_matrix_view_array(C, r, r);
    return gsl_linalg_cholesky_decomp1(&Cv.matrix) == GSL_SUCCESS
               ? TRYGG_OK : TRYGG_ERR_NUMERIC;
}

/* x = C⁻¹ b for the factor of basis_cholesky, in place. */
static trygg_status chol_solve(const double *C, size_t r, double *x)
{
    if (r == 0)
        return TRYGG_OK;
    gsl_matrix_const_view Cv = gsl_matrix_const_view_array(C, r, r);
    gsl_vector_view xv = gsl_vector_view_array(x, r);
    return gsl_linalg_cholesky_svx(&Cv.matrix, &xv.vector) == GSL_SUCCESS
               ? TRYGG_OK : TRYGG_ERR_NUMERIC;
}

static trygg_status greg_alloc(greg *g, size_t p)
{
    size_t n = g->n;
    g->orig = malloc(p * sizeof *g->orig);
    g->T = malloc(p * sizeof *g->T);
    g->stot = malloc(p * sizeof *g->stot);
    g->eta = calloc(p, sizeof *g->eta);
    g->deta = calloc(p, sizeof *g->deta);
    g->last = calloc(3 * p, sizeof *g->last);
    g->misfit = malloc(p * sizeof *g->misfit);
    g->S = malloc(p * sizeof *g->S);
    g->work = malloc(p * sizeof *g->work);
    g->Tmat = malloc(p * p * sizeof *g->Tmat);
    g->A = malloc(p * p * sizeof *g->A);
    g->V = malloc(p * p * sizeof *g->V);
    g->ww = malloc(n * sizeof *g->ww);
    g->xeta = malloc(n * sizeof *g->xeta);
    g->F = malloc(n * sizeof *g->F);
    g->dF = malloc(n * sizeof *g->dF);
    if (!g->orig || !g->T || !g->stot || !g->eta || !g->deta || !g->last || !g->misfit ||
        !g->S || !g->work || !g->Tmat || !g->A || !g->V || !g->ww ||
        !g->xeta || !g->F || !g->dF)
        return TRYGG_ERR_NOMEM;
    return TRYGG_OK;
}

static void greg_free(greg *g)
{
    sparse_free(&g->X);
    void *arrays[] = {g->orig, g->T, g->stot, g->eta, g->deta, g->misfit,
                      g->S, g->work, g->Tmat, g->A, g->V, g->ww, g->xeta, g->last,
                      g->F, g->dF};
    for (size_t k = 0; k < sizeof arrays / sizeof arrays[0]; k++)
        free(arrays[k]);
}

/* Σ_i v_i x_i over the kept columns. */
static void col_sums(const greg *g, const double *v, double *out)
{
    for (size_t j = 0; j < g->p; j++)
        out[j] = 0;
    for (size_t i = 0; i < g->n; i++)
        for (size_t k = g->X.start[i]; k < g->X.start[i + 1]; k++)
            out[g->X.col[k]] += v[i] * g->X.val[k];
}

/* grake: when every population/sample ratio exceeds 20, the design weights
 * are first multiplied by the mean ratio (and the bounds then apply to g
 * relative to the rescaled weights). R's unbounded linear calibration
 * (regcalibrate) does not rescale. */
static void rescale(greg *g)
{
    g->scale = 1.0;
    col_sums(g, g->ww, g->stot);
    if (g->f == TRYGG_CALFUN_LINEAR && isinf(g->L) && isinf(g->U))
        return;
    double min = INFINITY, mean = 0;
    for (size_t j = 0; j < g->p; j++) {
        double s = g->T[j] / g->stot[j];
        if (isnan(s))
            return;
        min = s < min ? s : min;
        mean += s / (double)g->p;
    }
    if (!(min > RESCALE_THRESHOLD))
        return;
    g->scale = mean;
    for (size_t i = 0; i < g->n; i++)
        g->ww[i] *= mean;
    for (size_t j = 0; j < g->p; j++)
        g->stot[j] *= mean;
}

/* ---- Linear algebra ---------------------------------------------------- */

/* Tmat = Σ_i ww_i dF_i x_i x_i'. */
static void build_tmat(greg *g)
{
    size_t p = g->p;
    memset(g->Tmat, 0, p * p * sizeof *g->Tmat);
    for (size_t i = 0; i < g->n; i++) {
        double c = g->ww[i] * g->dF[i];
        if (c == 0)
            continue;
        for (size_t a = g->X.start[i]; a < g->X.start[i + 1]; a++)
            for (size_t b = a; b < g->X.start[i + 1]; b++)
                g->Tmat[g->X.col[a] * p + g->X.col[b]] +=
                    c * g->X.val[a] * g->X.val[b];
    }
    for (size_t a = 0; a < p; a++)
        for (size_t b = 0; b < a; b++)
            g->Tmat[a * p + b] = g->Tmat[b * p + a];
}

/* SVD of Tmat: A = U, V, S. */
static trygg_status svd_tmat(greg *g)
{
    size_t p = g->p;
    memcpy(g->A, g->Tmat, p * p * sizeof *g->A);
    gsl_matrix_view A = gsl_matrix_view_array(g->A, p, p);
    gsl_matrix_view V = gsl_matrix_view_array(g->V, p, p);
    gsl_vector_view S = gsl_vector_view_array(g->S, p);
    gsl_vector_view W = gsl_vector_view_array(g->work, p);
    int rc = gsl_linalg_SV_decomp(&A.matrix, &V.matrix, &S.vector, &W.vector);
    return rc == GSL_SUCCESS ? TRYGG_OK : TRYGG_ERR_NUMERIC;
}

static double max_singular(const greg *g)
{
    double m = 0;
    for (size_t k = 0; k < g->p; k++)
        m = g->S[k] > m ? g->S[k] : m;
    return m;
}

/* out = ginv(Tmat) b, as MASS::ginv(tol = 256 eps). */
static trygg_status ginv_solve(greg *g, const double *b, double *out)
{
    size_t p = g->p;
    trygg_status st = svd_tmat(g);
    if (st != TRYGG_OK)
        return st;
    double tol = GINV_TOL * max_singular(g);
    for (size_t k = 0; k < p; k++) {
        double c = 0;
        if (g->S[k] > tol && g->S[k] > 0)
            for (size_t j = 0; j < p; j++)
                c += g->A[j * p + k] * b[j];
        g->work[k] = g->S[k] > tol && g->S[k] > 0 ? c / g->S[k] : 0.0;
    }
    for (size_t j = 0; j < p; j++) {
        out[j] = 0;
        for (size_t k = 0; k < p; k++)
            out[j] += g->V[j * p + k] * g->work[k];
    }
    return TRYGG_OK;
}

/* ---- Newton iterations (grake) ---------------------------------------- */

/* xeta = X eta, F, dF; 1 when all are finite. */
static int evaluate(greg *g)
{
    int finite = 1;
    for (size_t i = 0; i < g->n; i++) {
        double u = 0;
        for (size_t k = g->X.start[i]; k < g->X.start[i + 1]; k++)
            u += g->X.val[k] * g->eta[g->X.col[k]];
        g->xeta[i] = u;
        g->F[i] = cal_fm1(g->f, u, g->L, g->U);
        g->dF[i] = cal_df(g->f, u, g->L, g->U);
        finite &= isfinite(g->F[i]) && isfinite(g->dF[i]);
    }
    return finite;
}

/* misfit = T - Σ ww x - Σ ww F x; returns max |misfit| / (1 + |T|). */
static double compute_misfit(greg *g, size_t *worst)
{
    double *wf = g->xeta;   /* reused: xeta is not needed after evaluate */
    for (size_t i = 0; i < g->n; i++)
        wf[i] = g->ww[i] * g->F[i];
    col_sums(g, wf, g->misfit);
    double max = 0;
    *worst = 0;
    for (size_t j = 0; j < g->p; j++) {
        g->misfit[j] = g->T[j] - g->stot[j] - g->misfit[j];
        double r = fabs(g->misfit[j]) / (1 + fabs(g->T[j]));
        if (r > max || isnan(r)) {
            max = r;
            *worst = j;
        }
    }
    return max;
}

/* Remembers the iterate when its misfit is finite (the failure report and
 * the search for a proof of infeasibility use it). */
static void keep_last(greg *g)
{
    for (size_t j = 0; j < g->p; j++)
        if (!isfinite(g->misfit[j]) || !isfinite(g->eta[j]) || !isfinite(g->deta[j]))
            return;
    memcpy(g->last, g->eta, g->p * sizeof *g->last);
    memcpy(g->last + g->p, g->deta, g->p * sizeof *g->last);
    memcpy(g->last + 2 * g->p, g->misfit, g->p * sizeof *g->last);
    g->have_last = 1;
}

static void step(greg *g, double factor)
{
    for (size_t j = 0; j < g->p; j++)
        g->eta[j] += factor * g->deta[j];
}

/* The loop of R's grake: iteration counting and step halving as there. */
static trygg_status newton(greg *g, double epsilon, int maxit,
                           trygg_cal_report *rep, size_t *worst)
{
    int iter = 1;
    trygg_status st = TRYGG_OK;
    evaluate(g);
    for (;;) {
        build_tmat(g);
        compute_misfit(g, worst);
        if ((st = ginv_solve(g, g->misfit, g->deta)) != TRYGG_OK)
            return st;
        step(g, 1.0);
        while (!evaluate(g) && iter < maxit) {
            iter++;
            for (size_t j = 0; j < g->p; j++)
                g->deta[j] /= 2;
            step(g, -1.0);
        }
        rep->achieved = compute_misfit(g, worst);
        keep_last(g);
        if (rep->achieved < epsilon) {
            rep->converged = 1;
            break;
        }
        if (++iter > maxit)
            break;
    }
    rep->iterations = iter;
    return TRYGG_OK;
}

/* ---- Infeasible and inconsistent totals -------------------------------- */

/* The bounds on g that the calibration function can reach. */
static void reach(const greg *g, double *lo, double *hi)
{
    *lo = g->L;
    *hi = g->U;
    if (g->f == TRYGG_CALFUN_RAKING && !(*lo > 0))
        *lo = 0;
}

/* max over g in the bounds of Σ ww_i g_i (x_i'λ); +inf when unbounded. */
static double reachable(const greg *g, const double *lam, double *size)
{
    double lo, hi, sum = 0;
    reach(g, &lo, &hi);
    *size = 0;
    for (size_t i = 0; i < g->n; i++) {
        double u = 0, mag = 0;
        for (size_t k = g->X.start[i]; k < g->X.start[i + 1]; k++) {
            u += g->X.val[k] * lam[g->X.col[k]];
            mag += fabs(g->X.val[k] * lam[g->X.col[k]]);
        }
        if (g->ww[i] == 0 || fabs(u) <= 1e-12 * mag)
            continue;
        double t = g->ww[i] * (u > 0 ? hi * u : lo * u);
        if (isinf(t) && t > 0)
            return INFINITY;
        sum += t;
        *size += fabs(t);
    }
    return sum;
}

/* 1 when λ proves that no g within the bounds meets the totals: λ'T is
 * beyond what any such g reaches (a Farkas certificate). */
static int proves_infeasible(const greg *g, const double *lam)
{
    double size, most = reachable(g, lam, &size), want = 0;
    if (isinf(most))
        return 0;
    for (size_t j = 0; j < g->p; j++) {
        want += lam[j] * g->T[j];
        size += fabs(lam[j] * g->T[j]);
    }
    return want - most > CERT_TOL * size;
}

static void bounds_note(const greg *g, char *buf, size_t size)
{
    if (g->scale != 1.0)
        snprintf(buf, size, " (bounds apply to g after the design weights "
                 "were rescaled by %.6g, as R's grake does)", g->scale);
    else
        buf[0] = 0;
}

/* Each column alone: its total within what the bounds can reach. */
static trygg_status check_columns(greg *g, double *lam, trygg_errors *err)
{
    trygg_status st = TRYGG_OK;
    char buf[48], note[128];
    bounds_note(g, note, sizeof note);
    memset(lam, 0, g->p * sizeof *lam);
    for (size_t j = 0; j < g->p; j++) {
        double size, hi, lo;
        lam[j] = 1;
        hi = reachable(g, lam, &size);
        lam[j] = -1;
        lo = -reachable(g, lam, &size);
        int bad = proves_infeasible(g, lam);
        lam[j] = 1;
        bad |= proves_infeasible(g, lam);
        lam[j] = 0;
        if (!bad)
            continue;
        trygg_errors_add(err, NULL, 0, 0, "calibration is infeasible within "
                         "bounds [%g, %g]: '%s' needs total %.10g but weights "
                         "within the bounds give %.10g to %.10g%s", g->L, g->U,
                         col_name(g, j, buf, sizeof buf), g->T[j],
                         lo, hi, note);
        st = TRYGG_ERR_INVALID;
    }
    return st;
}

/* "'a', 'b', ..." for the basis columns with a coefficient in c. */
static void name_columns(const greg *g, const int *in_basis, const double *c,
                         char *out, size_t size)
{
    char buf[48];
    double cmax = 0;
    size_t used = 0, shown = 0, k = 0;
    for (size_t j = 0; j < g->p; j++)
        if (in_basis[j])
            cmax = fmax(cmax, fabs(c[k++]));
    out[0] = 0;
    k = 0;
    for (size_t j = 0; j < g->p && used < size && shown <= 6; j++) {
        if (!in_basis[j] || fabs(c[k++]) <= 1e-9 * cmax)
            continue;
        used += (size_t)snprintf(out + used, size - used, "%s'%s'",
                                 shown ? ", " : "",
                                 shown < 6 ? col_name(g, j, buf, sizeof buf) : "...");
        shown++;
    }
}

/* Column j is, in the sample, the combination c of the basis columns: its
 * total must be the same combination of theirs. */
static trygg_status check_dependent(const greg *g, const double *G,
                                    const int *in_basis, const double *C,
                                    size_t r, size_t j, double *c,
                                    trygg_errors *err)
{
    size_t k = 0;
    for (size_t i = 0; i < g->p; i++)
        if (in_basis[i])
            c[k++] = G[i * g->p + j];
    trygg_status st = chol_solve(C, r, c);
    if (st != TRYGG_OK)
        return st;
    double want = 0, size = fabs(g->T[j]);
    k = 0;
    for (size_t i = 0; i < g->p; i++)
        if (in_basis[i]) {
            want += c[k] * g->T[i];
            size += fabs(c[k++] * g->T[i]);
        }
    if (!(fabs(g->T[j] - want) > CERT_TOL * size))
        return TRYGG_OK;
    char cols[512], buf[48];
    name_columns(g, in_basis, c, cols, sizeof cols);
    trygg_errors_add(err, NULL, 0, 0, "calibration totals are inconsistent: "
                     "in the sample, '%s' is a combination of %s (as when the "
                     "cells of two margins cover the same rows), but its "
                     "population total %.10g is off by %.10g from theirs",
                     col_name(g, j, buf, sizeof buf), cols, g->T[j],
                     g->T[j] - want);
    return TRYGG_ERR_INVALID;
}

/* Finds a basis of the columns (in_basis) and checks that the totals of
 * the others follow the same linear dependences. */
static trygg_status check_consistent(greg *g, int *in_basis, trygg_errors *err)
{
    size_t p = g->p, r = 0;
    double *G = malloc(p * p * sizeof *G), *C = malloc(p * p * sizeof *C);
    trygg_status st = TRYGG_ERR_NOMEM;
    if (!G || !C)
        goto cleanup;
    if ((st = gram(&g->X, g->ww, G)) != TRYGG_OK ||
        (st = pick_basis(G, p, in_basis, &r)) != TRYGG_OK ||
        (st = basis_cholesky(G, p, in_basis, r, C)) != TRYGG_OK)
        goto cleanup;
    for (size_t j = 0; j < p && st == TRYGG_OK; j++)
        if (!in_basis[j])
            st = check_dependent(g, G, in_basis, C, r, j, g->work, err);
cleanup:
    free(G);
    free(C);
    return st;
}

/* Continues with the basis columns only: the same constraints, and a
 * Newton matrix that is not singular by construction. */
static void keep_basis_columns(greg *g, const int *in_basis, size_t *newidx)
{
    size_t p = g->p;
    sparse_keep(&g->X, in_basis, newidx);
    for (size_t j = 0; j < p; j++)
        if (newidx[j] != SIZE_MAX) {
            g->T[newidx[j]] = g->T[j];
            g->orig[newidx[j]] = g->orig[j];
            g->stot[newidx[j]] = g->stot[j];
        }
    g->p = g->X.p;
}

/* ---- Deciding feasibility after a failure -------------------------------
 * No g within the bounds meets the totals exactly when the concave dual
 *   D(η) = η'T - Σ_i ww_i ψ*(x_i'η),  ψ*(u) = max_{g in bounds} g u - (g-1)²/2
 * (the dual of bounded linear calibration) is unbounded above. D is
 * maximised by Newton steps with a line search (which grake lacks); once
 * D(η) exceeds max (g-1)²/2 · Σ ww, η is a proof (proves_infeasible). */

#define DUAL_ITERATIONS 500

typedef struct {
    double lo, hi;
    double *eta, *grad, *dir, *trial;
} dual;

static double psi_star(double u, double lo, double hi, int *free_row)
{
    double gs = clamp(1 + u, lo, hi);
    *free_row = 1 + u > lo && 1 + u < hi;
    return gs * u - (gs - 1) * (gs - 1) / 2;
}

/* D(η); with grad, also its gradient, and its Hessian (negated) in Tmat. */
static double dual_value(greg *g, const dual *du, const double *eta,
                         double *grad)
{
    double val = 0;
    for (size_t j = 0; j < g->p; j++)
        val += eta[j] * g->T[j];
    for (size_t i = 0; i < g->n; i++) {
        double u = 0;
        int fr;
        for (size_t k = g->X.start[i]; k < g->X.start[i + 1]; k++)
            u += g->X.val[k] * eta[g->X.col[k]];
        val -= g->ww[i] * psi_star(u, du->lo, du->hi, &fr);
        g->F[i] = clamp(1 + u, du->lo, du->hi) - 1;
        g->dF[i] = fr;
    }
    if (grad) {
        compute_misfit(g, &(size_t){0});   /* T - Σ ww (1 + F) x */
        memcpy(grad, g->misfit, g->p * sizeof *grad);
        build_tmat(g);
    }
    return val;
}

/* dir = H⁺ grad plus the part of grad outside the range of H. */
static trygg_status dual_direction(greg *g, dual *du)
{
    trygg_status st = ginv_solve(g, du->grad, du->dir);
    if (st != TRYGG_OK)
        return st;
    size_t p = g->p;
    double tol = GINV_TOL * max_singular(g);
    for (size_t k = 0; k < p; k++) {
        if (g->S[k] > tol && g->S[k] > 0)
            continue;
        double c = 0;   /* V's column k spans part of the null space */
        for (size_t j = 0; j < p; j++)
            c += g->V[j * p + k] * du->grad[j];
        for (size_t j = 0; j < p; j++)
            du->dir[j] += c * g->V[j * p + k];
    }
    return TRYGG_OK;
}

/* One ascent step with backtracking; 0 when no progress can be made. */
static int dual_step(greg *g, dual *du, double *val)
{
    double slope = 0;
    for (size_t j = 0; j < g->p; j++)
        slope += du->grad[j] * du->dir[j];
    if (!(slope > 0))
        return 0;
    for (double t = 1; t > 1e-12; t /= 2) {
        for (size_t j = 0; j < g->p; j++)
            du->trial[j] = du->eta[j] + t * du->dir[j];
        double v = dual_value(g, du, du->trial, NULL);
        if (v >= *val + 1e-4 * t * slope) {
            memcpy(du->eta, du->trial, g->p * sizeof *du->eta);
            *val = dual_value(g, du, du->eta, du->grad);
            return 1;
        }
    }
    return 0;
}

static int dual_solved(const greg *g, const double *grad, double epsilon)
{
    for (size_t j = 0; j < g->p; j++)
        if (!(fabs(grad[j]) / (1 + fabs(g->T[j])) < epsilon))
            return 0;
    return 1;
}

/* 1 with a proof in lam, -1 when bounded linear calibration meets the
 * totals (so they are feasible), 0 when undecided; st for failures. */
static int infeasible_after(greg *g, double *lam, double epsilon,
                            trygg_status *st)
{
    dual du = {0, 0, calloc(4 * g->p, sizeof *du.eta), NULL, NULL, NULL};
    int proven = 0;
    *st = du.eta ? TRYGG_OK : TRYGG_ERR_NOMEM;
    if (!du.eta)
        return 0;
    du.grad = du.eta + g->p, du.dir = du.grad + g->p, du.trial = du.dir + g->p;
    reach(g, &du.lo, &du.hi);
    double val = dual_value(g, &du, du.eta, du.grad);
    for (int it = 0; it < DUAL_ITERATIONS && proven == 0; it++) {
        if (dual_solved(g, du.grad, epsilon)) {
            proven = -1;
            break;
        }
        if ((*st = dual_direction(g, &du)) != TRYGG_OK || !dual_step(g, &du, &val))
            break;
        memcpy(lam, du.eta, g->p * sizeof *lam);
        proven = proves_infeasible(g, lam);
    }
    free(du.eta);
    return proven;
}

/* The column furthest off at the last iterate with a finite misfit. */
static size_t worst_last(const greg *g, double *off, double *rel)
{
    const double *m = g->have_last ? g->last + 2 * g->p : g->misfit;
    size_t worst = 0;
    *rel = -1;
    for (size_t j = 0; j < g->p; j++) {
        double r = fabs(m[j]) / (1 + fabs(g->T[j]));
        if (r > *rel || isnan(r)) {
            *rel = r;
            worst = j;
        }
    }
    *off = m[worst];
    return worst;
}

static trygg_status report_failure(greg *g, const trygg_cal_report *rep,
                                   double *lam, double epsilon,
                                   trygg_errors *err)
{
    trygg_status st;
    char buf[48], note[128];
    double off, rel;
    bounds_note(g, note, sizeof note);
    const char *nm = col_name(g, worst_last(g, &off, &rel), buf, sizeof buf);
    const char *nonfinite = isfinite(rep->achieved) ? "" :
        " (the last steps gave weights that are not finite)";
    int proven = infeasible_after(g, lam, epsilon, &st);
    if (st != TRYGG_OK)
        return st;
    if (proven > 0) {
        trygg_errors_add(err, NULL, 0, 0, "calibration is infeasible within "
                         "bounds [%g, %g]: no weights within the bounds meet all"
                         " totals together ('%s' still off by %.6g after %d "
                         "iterations)%s", g->L, g->U, nm, off, rep->iterations,
                         note);
        return TRYGG_ERR_INVALID;
    }
    trygg_errors_add(err, NULL, 0, 0, "calibration did not converge in %d "
                     "iterations: '%s' is off by %.6g (relative %.3g, needed "
                     "below the epsilon)%s%s%s", rep->iterations, nm, off, rel,
                     nonfinite, proven < 0 ? "; weights within the bounds that "
                     "meet the totals do exist (linear calibration finds them)"
                     : "", note);
    return TRYGG_ERR_CONVERGENCE;
}

/* ---- Entry point ------------------------------------------------------- */

static trygg_status reduce(greg *g, trygg_errors *err)
{
    int *in_basis = malloc(g->p * sizeof *in_basis);
    size_t *newidx = malloc(g->p * sizeof *newidx);
    trygg_status st = TRYGG_ERR_NOMEM;
    if (!in_basis || !newidx)
        goto cleanup;
    if ((st = check_consistent(g, in_basis, err)) != TRYGG_OK)
        goto cleanup;
    if ((st = check_columns(g, g->work, err)) != TRYGG_OK)
        goto cleanup;
    keep_basis_columns(g, in_basis, newidx);
cleanup:
    free(in_basis);
    free(newidx);
    return st;
}

static trygg_status greg_setup(greg *g, size_t p, const double *X,
                               const double *d, const double *totals,
                               trygg_errors *err)
{
    trygg_status st = greg_alloc(g, p);
    if (st != TRYGG_OK)
        return st;
    if ((st = choose_columns(g, p, X, d, totals, err)) != TRYGG_OK)
        return st;
    for (size_t j = 0; j < g->p; j++)
        g->T[j] = totals[g->orig[j]];
    memcpy(g->ww, d, g->n * sizeof *g->ww);
    if (g->p == 0)
        return TRYGG_OK;
    if ((st = sparse_build(g->n, p, X, g->orig, g->p, &g->X)) != TRYGG_OK)
        return st;
    rescale(g);
    return reduce(g, err);
}

static void write_weights(const greg *g, const double *d, double *w)
{
    for (size_t i = 0; i < g->n; i++)
        w[i] = d[i] * (1 + (g->p ? g->F[i] : 0.0)) * g->scale;
}

trygg_status trygg_cal_greg(size_t n, size_t p, const double *X,
                            const double *d, const double *totals,
                            const char *const *column_names,
                            trygg_calfun calfun, double lower, double upper,
                            double epsilon, int max_iterations, double *w,
                            trygg_cal_report *rep, trygg_errors *err)
{
    trygg_cal_report r = {0, 0.0, 0};
    greg g = {.n = n, .names = column_names, .f = calfun, .L = lower,
              .U = upper, .scale = 1.0};
    size_t worst = 0;
    trygg_status st = check_args(n, p, X, d, totals, epsilon, max_iterations, err);
    if (st == TRYGG_OK && !w)
        st = bad_arg(err, "no output array");
    if (st != TRYGG_OK || (st = check_bounds(calfun, lower, upper, err)) != TRYGG_OK)
        goto done;
    if ((st = greg_setup(&g, p, X, d, totals, err)) != TRYGG_OK)
        goto cleanup;
    if (g.p == 0)
        r.converged = 1;
    else if ((st = newton(&g, epsilon, max_iterations, &r, &worst)) != TRYGG_OK)
        goto cleanup;
    write_weights(&g, d, w);   /* also on failure, as R's (force = TRUE) */
    if (!r.converged)
        st = report_failure(&g, &r, g.work, epsilon, err);
cleanup:
    greg_free(&g);
done:
    if (rep)
        *rep = r;
    return st;
}

/* ---- Projector for GREG residuals (R svyrecvar on greg_calibration) ----
 * R: a = qr.resid(qr(X√d), z / (g√d)) · g√d. That is a_i = z_i - w_i x_i'β
 * with β the least-squares fit, weights d, of u = z / w on X. Here: on a
 * basis of the columns, by the normal equations (Cholesky of X'DX) with one
 * step of iterative refinement, which brings it to the accuracy of QR. */

struct trygg_cal_projector {
    size_t n, r;
    sparse_rows X;   /* basis columns */
    double *d;       /* per row d_i, 0 for rows left out of the fit */
    double *w;
    double *chol;    /* r × r */
    double *gram;    /* r × r: X'DX on the basis, for refinement by cells */
};

/* b = Σ_i d_i x_i (u_i - x_i'β), u_i = z_i / w_i; β NULL for 0. */
static void normal_rhs(const trygg_cal_projector *pr, const double *z,
                       const double *beta, double *b)
{
    memset(b, 0, pr->r * sizeof *b);
    for (size_t i = 0; i < pr->n; i++) {
        if (pr->d[i] == 0)
            continue;
        double e = z[i] / pr->w[i];
        for (size_t k = pr->X.start[i]; beta && k < pr->X.start[i + 1]; k++)
            e -= pr->X.val[k] * beta[pr->X.col[k]];
        for (size_t k = pr->X.start[i]; k < pr->X.start[i + 1]; k++)
            b[pr->X.col[k]] += pr->d[i] * pr->X.val[k] * e;
    }
}

static trygg_status projector_basis(trygg_cal_projector *pr, double *G)
{
    size_t p = pr->X.p, r = 0;
    int *in_basis = malloc(p * sizeof *in_basis);
    size_t *newidx = malloc(p * sizeof *newidx);
    trygg_status st = TRYGG_ERR_NOMEM;
    if (!in_basis || !newidx)
        goto cleanup;
    if ((st = gram(&pr->X, pr->d, G)) != TRYGG_OK ||
        (st = pick_basis(G, p, in_basis, &r)) != TRYGG_OK)
        goto cleanup;
    pr->r = r;
    if (!(pr->chol = malloc((r ? r * r : 1) * sizeof *pr->chol))) {
        st = TRYGG_ERR_NOMEM;
        goto cleanup;
    }
    if ((st = basis_cholesky(G, p, in_basis, r, pr->chol)) != TRYGG_OK)
        goto cleanup;
    if (!(pr->gram = malloc((r ? r * r : 1) * sizeof *pr->gram))) {
        st = TRYGG_ERR_NOMEM;
        goto cleanup;
    }
    for (size_t i = 0, a = 0; i < p; i++) {
        if (!in_basis[i])
            continue;
        for (size_t j = 0, b = 0; j < p; j++)
            if (in_basis[j])
                pr->gram[a * r + b++] = G[i * p + j];
        a++;
    }
    sparse_keep(&pr->X, in_basis, newidx);
cleanup:
    free(in_basis);
    free(newidx);
    return st;
}

trygg_status trygg_cal_projector_new(size_t n, size_t p, const double *X,
                                     const double *d, const double *w,
                                     trygg_cal_projector **out)
{
    if (!out)
        return TRYGG_ERR_ARGUMENT;
    *out = NULL;
    if (!n || !p || !X || !d || !w)
        return TRYGG_ERR_ARGUMENT;
    for (size_t i = 0; i < n; i++)
        if (!(isfinite(d[i]) && d[i] >= 0 && isfinite(w[i])))
            return TRYGG_ERR_ARGUMENT;
    for (size_t k = 0; k < n * p; k++)
        if (!isfinite(X[k]))
            return TRYGG_ERR_ARGUMENT;
    trygg_cal_projector *pr = calloc(1, sizeof *pr);
    double *G = malloc(p * p * sizeof *G);
    trygg_status st = TRYGG_ERR_NOMEM;
    if (!pr || !G || !(pr->d = malloc(n * sizeof *pr->d)) ||
        !(pr->w = malloc(n * sizeof *pr->w)))
        goto cleanup;
    pr->n = n;
    for (size_t i = 0; i < n; i++) {   /* rows with d or w 0 are left out */
        pr->d[i] = w[i] != 0 ? d[i] : 0.0;
        pr->w[i] = w[i];
    }
    if ((st = sparse_build(n, p, X, NULL, p, &pr->X)) == TRYGG_OK)
        st = projector_basis(pr, G);
cleanup:
    free(G);
    if (st != TRYGG_OK)
        trygg_cal_projector_free(pr);
    else
        *out = pr;
    return st;
}

void trygg_cal_projector_free(trygg_cal_projector *pr)
{
    if (!pr)
        return;
    sparse_free(&pr->X);
    free(pr->d);
    free(pr->w);
    free(pr->chol);
    free(pr->gram);
    free(pr);
}

/* β from the normal equations, refined once with its own residual. */
static trygg_status fit(const trygg_cal_projector *pr, const double *z,
                        double *beta, double *corr)
{
    normal_rhs(pr, z, NULL, beta);
    trygg_status st = chol_solve(pr->chol, pr->r, beta);
    if (st != TRYGG_OK)
        return st;
    normal_rhs(pr, z, beta, corr);
    if ((st = chol_solve(pr->chol, pr->r, corr)) != TRYGG_OK)
        return st;
    for (size_t k = 0; k < pr->r; k++)
        beta[k] += corr[k];
    return TRYGG_OK;
}

trygg_status trygg_cal_projector_apply(const trygg_cal_projector *pr,
                                       const double *z, double *a)
{
    if (!pr || !z || !a)
        return TRYGG_ERR_ARGUMENT;
    double *beta = malloc((2 * pr->r + 1) * sizeof *beta);
    if (!beta)
        return TRYGG_ERR_NOMEM;
    trygg_status st = fit(pr, z, beta, beta + pr->r);
    for (size_t i = 0; st == TRYGG_OK && i < pr->n; i++) {
        double xb = 0;
        for (size_t k = pr->X.start[i]; pr->d[i] != 0 && k < pr->X.start[i + 1]; k++)
            xb += pr->X.val[k] * beta[pr->X.col[k]];
        a[i] = z[i] - pr->w[i] * xb;
    }
    free(beta);
    return st;
}

void trygg_cal_projector_rows(const trygg_cal_projector *pr,
                              trygg_cal_projector_view *v)
{
    *v = (trygg_cal_projector_view){pr->n, pr->r, pr->X.start, pr->X.col,
                                    pr->X.val, pr->d, pr->w};
}

/* The same fit as fit(), with the right-hand side already summed over
 * rows: the refinement's residual comes from the Gram matrix. */
trygg_status trygg_cal_projector_solve(const trygg_cal_projector *pr, double *b,
                                       double *work)
{
    size_t r = pr->r;
    memcpy(work, b, r * sizeof *work);
    trygg_status st = chol_solve(pr->chol, r, b);
    if (st != TRYGG_OK)
        return st;
    for (size_t i = 0; i < r; i++) {
        double s = work[i];
        for (size_t j = 0; j < r; j++)
            s -= pr->gram[i * r + j] * b[j];
        work[i] = s;
    }
    if ((st = chol_solve(pr->chol, r, work)) != TRYGG_OK)
        return st;
    for (size_t i = 0; i < r; i++)
        b[i] += work[i];
    return TRYGG_OK;
}
