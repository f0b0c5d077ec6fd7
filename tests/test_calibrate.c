/* Calibration of weights (lib/calibrate.h) against R survey 4.1-1:
 * post-stratified, raked and calibrated (linear, raking, logit; bounds;
 * trimming) weights of apiclus1, and the standard errors of svymean and
 * svytotal of api00 that the calibration residuals give through a one-stage
 * cluster variance. Plus small cases computed by hand, and the errors:
 * infeasible bounds, cells without respondents, totals that disagree. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "calibrate.h"
#include "test_support.h"
#include "trygg.h"

#define API TRYGG_TEST_DIR "/reference/api/"
#define EXTRA TRYGG_TEST_DIR "/reference/extra/"

/* apiclus1: 183 schools in 15 districts (PSUs) of 757. */
typedef struct {
    size_t n, npsu;
    char **cds;
    uint32_t *stype, *schwide, *psu;   /* stype E 0, H 1, M 2; No 0, Yes 1 */
    double *pw, *api00;
    trygg_margin m_stype, m_schwide;
} api;

static const double stype_tot[] = {4421, 755, 1018};
static const double schwide_tot[] = {1072, 5122};
static const char *const stype_names[] = {"E", "H", "M"};
static const char *const schwide_names[] = {"No", "Yes"};

/* Largest relative differences seen, printed at the end for the record. */
static double maxrel_weights[4], maxrel_se[4];   /* poststrat, rake, greg, greg5 */
static double maxrel_failed;

static double relerr(double got, double want)
{
    return fabs(got - want) / fmax(fabs(want), 1e-300);
}

static uint32_t code_of(const char *v, const char *const *names, uint32_t k)
{
    for (uint32_t c = 0; c < k; c++)
        if (strcmp(v, names[c]) == 0)
            return c;
    fail_msg("unexpected value '%s'", v);
    return 0;
}

static uint32_t psu_of(api *a, double dnum, double *ids)
{
    for (size_t p = 0; p < a->npsu; p++)
        if (ids[p] == dnum)
            return (uint32_t)p;
    ids[a->npsu] = dnum;
    return (uint32_t)a->npsu++;
}

static api *api_load(void)
{
    ts_table *t = ts_table_read(API "apiclus1.csv");
    api *a = calloc(1, sizeof *a);
    assert_non_null(a);
    a->n = t->nrows;
    a->cds = calloc(a->n, sizeof *a->cds);
    a->stype = calloc(a->n, sizeof *a->stype);
    a->schwide = calloc(a->n, sizeof *a->schwide);
    a->psu = calloc(a->n, sizeof *a->psu);
    a->pw = calloc(a->n, sizeof *a->pw);
    a->api00 = calloc(a->n, sizeof *a->api00);
    double *ids = calloc(a->n, sizeof *ids);
    assert_true(a->cds && a->stype && a->schwide && a->psu && a->pw && a->api00 && ids);
    for (size_t i = 0; i < a->n; i++) {
        a->cds[i] = strdup(ts_cell(t, i, ts_col(t, "cds")));
        a->stype[i] = code_of(ts_cell(t, i, ts_col(t, "stype")), stype_names, 3);
        a->schwide[i] = code_of(ts_cell(t, i, ts_col(t, "sch.wide")), schwide_names, 2);
        a->psu[i] = psu_of(a, ts_num(t, i, ts_col(t, "dnum")), ids);
        a->pw[i] = ts_num(t, i, ts_col(t, "pw"));
        a->api00[i] = ts_num(t, i, ts_col(t, "api00"));
    }
    free(ids);
    ts_table_free(t);
    a->m_stype = (trygg_margin){"stype", 3, a->stype, stype_tot, stype_names};
    a->m_schwide = (trygg_margin){"sch.wide", 2, a->schwide, schwide_tot,
                                  schwide_names};
    return a;
}

static void api_free(api *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->cds[i]);
    free(a->cds);
    free(a->stype);
    free(a->schwide);
    free(a->psu);
    free(a->pw);
    free(a->api00);
    free(a);
}

static int group_setup(void **state)
{
    *state = api_load();
    return 0;
}

static int group_teardown(void **state)
{
    api_free(*state);
    printf("max relative differences to R: weights poststrat %.3g, rake %.3g, "
           "calibrate %.3g, calibrate (collinear dummies) %.3g; SEs poststrat "
           "%.3g, rake %.3g, calibrate %.3g, calibrate (collinear) %.3g\n",
           maxrel_weights[0], maxrel_weights[1], maxrel_weights[2],
           maxrel_weights[3], maxrel_se[0], maxrel_se[1], maxrel_se[2],
           maxrel_se[3]);
    printf("weights where R's grake fails (unit weights, cell dummies): %.3g\n",
           maxrel_failed);
    return 0;
}

/* ---- The variance of R's svyrecvar for this design ----------------------
 * One stage, no strata, 15 PSUs sampled from 757 (fpc):
 *   V = (1 - 15/757) · 15/14 · Σ_psu (A_p - Ā)²,  A_p = Σ_{i in p} a_i,
 * a = the calibration residuals of the influence values z. */
static double cluster_variance(const api *a, const double *res)
{
    double A[64] = {0}, mean = 0, ss = 0;
    assert_true(a->npsu <= 64);
    for (size_t i = 0; i < a->n; i++)
        A[a->psu[i]] += res[i];
    for (size_t p = 0; p < a->npsu; p++)
        mean += A[p] / (double)a->npsu;
    for (size_t p = 0; p < a->npsu; p++)
        ss += (A[p] - mean) * (A[p] - mean);
    double n = (double)a->npsu;
    return (1 - n / 757.0) * n / (n - 1) * ss;
}

/* Influence values of the mean (z_i = w_i (y_i - ȳ) / Σw) or of the total
 * (z_i = w_i y_i) of api00; returns the estimate. */
static double influence(const api *a, const double *w, int mean, double *z)
{
    double sw = 0, swy = 0;
    for (size_t i = 0; i < a->n; i++) {
        sw += w[i];
        swy += w[i] * a->api00[i];
    }
    double ybar = swy / sw;
    for (size_t i = 0; i < a->n; i++)
        z[i] = mean ? w[i] * (a->api00[i] - ybar) / sw : w[i] * a->api00[i];
    return mean ? ybar : swy;
}

/* ---- Reference tables --------------------------------------------------- */

/* R's weight per school, column `col` of `file`, matched by cds. */
static void reference_weights(const api *a, const char *file, const char *col,
                              double *out)
{
    ts_table *t = ts_table_read(file);
    size_t ccds = ts_col(t, "cds"), cw = ts_col(t, col);
    assert_int_equal(t->nrows, a->n);
    for (size_t r = 0; r < t->nrows; r++) {
        size_t i = 0;
        while (i < a->n && strcmp(a->cds[i], ts_cell(t, r, ccds)) != 0)
            i++;
        assert_true(i < a->n);
        out[i] = ts_num(t, r, cw);
    }
    ts_table_free(t);
}

static void compare_weights(const api *a, const double *got, const double *want,
                            double tol, const char *what, double *maxrel)
{
    char buf[160];
    for (size_t i = 0; i < a->n; i++) {
        snprintf(buf, sizeof buf, "%s weight of school %s", what, a->cds[i]);
        ts_assert_close(got[i], want[i], tol, 0, buf);
        *maxrel = fmax(*maxrel, relerr(got[i], want[i]));
    }
}

typedef void (*residual_fn)(const api *a, const double *w, double *z, void *ctx);

/* Checks estimate and SE of mean and total of api00 against the rows of
 * apiclus1_calibrated_se.csv for `name`. */
static void compare_se(const api *a, const double *w, const char *name,
                       residual_fn resid, void *ctx, double tol, double *maxrel)
{
    ts_table *t = ts_table_read(EXTRA "apiclus1_calibrated_se.csv");
    double *z = malloc(a->n * sizeof *z);
    assert_non_null(z);
    int seen = 0;
    char buf[160];
    for (size_t r = 0; r < t->nrows; r++) {
        if (strcmp(ts_cell(t, r, ts_col(t, "weights")), name) != 0)
            continue;
        int mean = strcmp(ts_cell(t, r, ts_col(t, "statistic")), "mean") == 0;
        double est = influence(a, w, mean, z);
        resid(a, w, z, ctx);
        double se = sqrt(cluster_variance(a, z));
        snprintf(buf, sizeof buf, "%s %s api00", name, mean ? "mean" : "total");
        ts_assert_close(est, ts_num(t, r, ts_col(t, "estimate")), 1e-9, 0, buf);
        ts_assert_close(se, ts_num(t, r, ts_col(t, "se")), tol, 0, buf);
        *maxrel = fmax(*maxrel, relerr(se, ts_num(t, r, ts_col(t, "se"))));
        seen++;
    }
    assert_int_equal(seen, 2);
    free(z);
    ts_table_free(t);
}

static int has_message(trygg_errors *err, const char *a, const char *b)
{
    for (size_t k = 0; k < trygg_errors_count(err); k++) {
        const char *m = trygg_errors_get(err, k)->message;
        if (strstr(m, a) && (!b || strstr(m, b)))
            return 1;
    }
    return 0;
}

static void assert_message(trygg_errors *err, const char *a, const char *b)
{
    if (!has_message(err, a, b))
        fail_msg("no diagnostic with '%s' and '%s'; first: %s", a, b ? b : "",
                 trygg_errors_count(err) ? trygg_errors_get(err, 0)->message : "-");
}

/* ---- Post-stratification ------------------------------------------------ */

/* Two cells: d = 1, 2, 3 | 2, 2, 4 with populations 12 and 24, so the
 * factors are 12/6 = 2 and 24/8 = 3. Residuals of z = 1..6: cell 1 sums to
 * 6, 6/12 = 0.5, a = z - 0.5 w = 0, 0, 0; cell 2 sums to 15, 15/24 = 0.625,
 * a = 4 - 3.75, 5 - 3.75, 6 - 7.5. */
static void test_poststrat_by_hand(void **state)
{
    (void)state;
    double d[6] = {1, 2, 3, 2, 2, 4}, tot[2] = {12, 24};
    uint32_t cell[6] = {0, 0, 0, 1, 1, 1};
    trygg_margin m = {"sex", 2, cell, tot, NULL};
    double want_w[6] = {2, 4, 6, 6, 6, 12};
    double want_a[6] = {0, 0, 0, 0.25, 1.25, -1.5};
    double z[6] = {1, 2, 3, 4, 5, 6};
    assert_int_equal(trygg_cal_poststratify(6, d, &m, d, NULL), TRYGG_OK);
    trygg_cal_poststrat_residuals(6, &m, d, z, z);   /* both in place */
    for (int i = 0; i < 6; i++) {
        ts_assert_close(d[i], want_w[i], 1e-15, 0, "hand poststrat weight");
        ts_assert_close(z[i], want_a[i], 1e-15, 1e-15, "hand poststrat residual");
    }
}

static void test_poststrat_errors(void **state)
{
    (void)state;
    double d[4] = {1, 1, 1, 1}, w[4], tot[3] = {10, 0, 7};
    uint32_t cell[4] = {0, 0, 1, 1};   /* cell "85+" has no respondents */
    const char *names[3] = {"16-24", "25-84", "85+"};
    trygg_margin m = {"age_group", 3, cell, tot, names};
    trygg_errors *err = trygg_errors_new(10);
    assert_int_equal(trygg_cal_poststratify(4, d, &m, w, err), TRYGG_ERR_INVALID);
    assert_int_equal(trygg_errors_count(err), 2);
    assert_message(err, "margin 'age_group', cell '85+'", "no respondents");
    assert_message(err, "margin 'age_group', cell '25-84'", "population total 0");
    trygg_errors_clear(err);
    m.cell_names = NULL;   /* cells are then numbered from 1 */
    tot[1] = 5;
    assert_int_equal(trygg_cal_poststratify(4, d, &m, w, err), TRYGG_ERR_INVALID);
    assert_int_equal(trygg_errors_count(err), 1);
    assert_message(err, "margin 'age_group', cell '#3'", "no respondents");
    trygg_errors_free(err);
}

static void ps_resid(const api *a, const double *w, double *z, void *ctx)
{
    trygg_cal_poststrat_residuals(a->n, ctx, w, z, z);
}

static void test_poststrat_apiclus1(void **state)
{
    api *a = *state;
    double *w = malloc(a->n * sizeof *w), *ref = malloc(a->n * sizeof *ref);
    assert_true(w && ref);
    trygg_errors *err = trygg_errors_new(10);
    assert_int_equal(trygg_cal_poststratify(a->n, a->pw, &a->m_stype, w, err), TRYGG_OK);
    reference_weights(a, API "apiclus1_poststrat_weights.csv", "weight", ref);
    compare_weights(a, w, ref, 1e-9, "poststrat", &maxrel_weights[0]);
    reference_weights(a, EXTRA "apiclus1_calibrate_weights.csv", "poststrat_stype", ref);
    compare_weights(a, w, ref, 1e-9, "poststrat", &maxrel_weights[0]);
    compare_se(a, w, "poststrat_stype", ps_resid, &a->m_stype, 1e-9, &maxrel_se[0]);
    trygg_errors_free(err);
    free(w);
    free(ref);
}

/* ---- Raking ------------------------------------------------------------- */

typedef struct {
    trygg_margin m[2];
    const double *w_margin[2];   /* R: the weights after each margin, last sweep */
    double scratch[8];
} rake_ctx;

/* As the header says: every margin with the final raked weights. */
static void rake_resid(const api *a, const double *w, double *z, void *ctx)
{
    rake_ctx *c = ctx;
    trygg_cal_rake_residuals(a->n, 2, c->m, w, 10, z, z, c->scratch);
}

/* As R does: each margin with the weights it had right after its own
 * post-stratification in the last sweep (attr(, "weights") of each
 * postStrata entry), 10 times over. */
static void rake_resid_r(const api *a, const double *w, double *z, void *ctx)
{
    rake_ctx *c = ctx;
    (void)w;
    for (int s = 0; s < 10; s++)
        for (int k = 0; k < 2; k++)
            trygg_cal_rake_residuals(a->n, 1, &c->m[k], c->w_margin[k], 1, z, z,
                                     c->scratch);
}

/* R's rake() defaults: epsilon 1 (absolute), at most 10 sweeps. */
static void test_rake_apiclus1(void **state)
{
    api *a = *state;
    size_t n = a->n;
    double *w = malloc(n * sizeof *w), *ref = malloc(n * sizeof *ref);
    double *prev = malloc(n * sizeof *prev), *w1 = malloc(n * sizeof *w1);
    double *w2 = malloc(n * sizeof *w2);
    assert_true(w && ref && prev && w1 && w2);
    rake_ctx c = {{a->m_stype, a->m_schwide}, {w1, w2}, {0}};
    trygg_cal_report rep;
    trygg_errors *err = trygg_errors_new(10);
    assert_int_equal(trygg_cal_rake(n, a->pw, 2, c.m, 1.0, 10, w, &rep, err), TRYGG_OK);
    assert_true(rep.converged && rep.iterations > 1 && rep.achieved < 1);
    reference_weights(a, API "apiclus1_rake_weights.csv", "weight", ref);
    compare_weights(a, w, ref, 1e-6, "rake", &maxrel_weights[1]);
    reference_weights(a, EXTRA "apiclus1_calibrate_weights.csv", "rake_stype_schwide", ref);
    compare_weights(a, w, ref, 1e-6, "rake", &maxrel_weights[1]);
    /* The weights of the last sweep, margin by margin. */
    assert_int_equal(trygg_cal_rake(n, a->pw, 2, c.m, 1.0, rep.iterations - 1,
                                    prev, NULL, err), TRYGG_ERR_CONVERGENCE);
    assert_int_equal(trygg_cal_poststratify(n, prev, &c.m[0], w1, err), TRYGG_OK);
    assert_int_equal(trygg_cal_poststratify(n, w1, &c.m[1], w2, err), TRYGG_OK);
    compare_weights(a, w2, w, 1e-13, "rake, last sweep", &(double){0});
    compare_se(a, w, "rake_stype_schwide", rake_resid_r, &c, 1e-9, &maxrel_se[1]);
    /* With the final weights throughout R's SE is met to ~8.5e-7 here (R's
     * rake stops at a change below 1 in the crossed table). */
    double loose = 0;
    compare_se(a, w, "rake_stype_schwide", rake_resid, &c, 1e-6, &loose);
    printf("rake SE with the final weights in every margin: rel diff %.3g\n", loose);
    trygg_errors_free(err);
    free(w), free(ref), free(prev), free(w1), free(w2);
}

/* The same raking converged tightly: R with epsilon 1e-10 gives the same
 * weights as calibrate(calfun = "raking"). */
static void test_rake_converged_matches_calibrate(void **state)
{
    api *a = *state;
    double *w = malloc(a->n * sizeof *w), *ref = malloc(a->n * sizeof *ref);
    assert_true(w && ref);
    trygg_margin m[2] = {a->m_stype, a->m_schwide};
    trygg_cal_report rep;
    assert_int_equal(trygg_cal_rake(a->n, a->pw, 2, m, 1e-12, 100, w, &rep, NULL),
                     TRYGG_OK);
    reference_weights(a, EXTRA "apiclus1_calibrate_weights.csv", "raking", ref);
    compare_weights(a, w, ref, 1e-9, "rake to 1e-12", &maxrel_weights[1]);
    rake_ctx c = {{a->m_stype, a->m_schwide}, {w, w}, {0}};
    compare_se(a, w, "raking", rake_resid, &c, 1e-9, &maxrel_se[1]);
    free(w);
    free(ref);
}

static void test_rake_errors(void **state)
{
    api *a = *state;
    double *w = malloc(a->n * sizeof *w);
    assert_non_null(w);
    trygg_errors *err = trygg_errors_new(10);
    double off[2] = {1072, 5000};   /* adds up to 6072, not 6194 */
    trygg_margin m[2] = {a->m_stype, a->m_schwide};
    m[1].total = off;
    assert_int_equal(trygg_cal_rake(a->n, a->pw, 2, m, 1, 10, w, NULL, err),
                     TRYGG_ERR_INVALID);
    assert_message(err, "margins 'stype' and 'sch.wide'", "different population totals");
    trygg_errors_clear(err);
    /* One sweep only, needing a change below 1e-3: does not converge. */
    trygg_cal_report rep;
    m[1].total = schwide_tot;
    assert_int_equal(trygg_cal_rake(a->n, a->pw, 2, m, 1e-3, 1, w, &rep, err),
                     TRYGG_ERR_CONVERGENCE);
    assert_true(!rep.converged && rep.iterations == 1);
    assert_message(err, "did not converge in 1 sweeps", "margin 'stype'");
    trygg_errors_clear(err);
    /* A cell with population but no respondents. */
    uint32_t cell[4] = {0, 0, 1, 1}, cell2[4] = {0, 1, 0, 1};
    double d[4] = {1, 1, 1, 1}, t1[3] = {4, 4, 2}, t2[2] = {5, 5};
    const char *names[3] = {"Norrtälje", "Täby", "Botkyrka"};
    trygg_margin s[2] = {{"municipality", 3, cell, t1, names},
                         {"sex", 2, cell2, t2, NULL}};
    assert_int_equal(trygg_cal_rake(4, d, 2, s, 1e-9, 10, w, NULL, err),
                     TRYGG_ERR_INVALID);
    assert_message(err, "margin 'municipality', cell 'Botkyrka'", "no respondents");
    trygg_errors_free(err);
    free(w);
}

/* 2 × 2 table by hand: one sweep of raking to rows then columns. */
static void test_rake_by_hand(void **state)
{
    (void)state;
    double d[4] = {1, 1, 1, 1}, w[4];
    uint32_t r[4] = {0, 0, 1, 1}, c[4] = {0, 1, 0, 1};
    double rt[2] = {2, 2}, ct[2] = {1, 3};
    trygg_margin m[2] = {{"row", 2, r, rt, NULL}, {"col", 2, c, ct, NULL}};
    trygg_cal_report rep;
    /* Rows already fit (factor 1); columns: 1/2 and 3/2. A second sweep
     * changes nothing, so it converges after 2 sweeps. */
    assert_int_equal(trygg_cal_rake(4, d, 2, m, 1e-9, 10, w, &rep, NULL), TRYGG_OK);
    assert_int_equal(rep.iterations, 2);
    double want[4] = {0.5, 1.5, 0.5, 1.5};
    for (int i = 0; i < 4; i++)
        ts_assert_close(w[i], want[i], 1e-15, 0, "hand rake");
    /* Residuals: z = 1, 0, 0, 0. Margin row: a/w = 2,0,0,0, cell means 1, 0
     * -> a = 1-0.5, 0-1.5, 0, 0 = 0.5, -1.5, 0, 0; margin col: a/w = 1, -1,
     * 0, 0, means 0.5, -0.5 -> a = 0.25, -0.75, -0.25, 0.75. */
    double z[4] = {1, 0, 0, 0}, scratch[4];
    trygg_cal_rake_residuals(4, 2, m, w, 1, z, z, scratch);
    double want_a[4] = {0.25, -0.75, -0.25, 0.75};
    for (int i = 0; i < 4; i++)
        ts_assert_close(z[i], want_a[i], 1e-15, 1e-15, "hand rake residual");
}

/* ---- Calibration (GREG) ------------------------------------------------ */

/* R's model.matrix(~stype + sch.wide): intercept, stypeH, stypeM,
 * sch.wideYes; or (collinear) the dummies of every cell of both margins. */
static double *design_matrix(const api *a, int dummies, size_t *p, double *tot)
{
    *p = dummies ? 5 : 4;
    double *X = calloc(a->n * *p, sizeof *X);
    assert_non_null(X);
    for (size_t i = 0; i < a->n; i++) {
        double *x = X + i * *p;
        if (dummies) {
            x[a->stype[i]] = 1;
            x[3 + a->schwide[i]] = 1;
        } else {
            x[0] = 1;
            x[1] = a->stype[i] == 1;
            x[2] = a->stype[i] == 2;
            x[3] = a->schwide[i] == 1;
        }
    }
    double t4[4] = {6194, 755, 1018, 5122}, t5[5] = {4421, 755, 1018, 1072, 5122};
    memcpy(tot, dummies ? t5 : t4, *p * sizeof *tot);
    return X;
}

static const char *const names4[] = {"(Intercept)", "stypeH", "stypeM", "sch.wideYes"};
static const char *const names5[] = {"stype E", "stype H", "stype M", "sch.wide No",
                                     "sch.wide Yes"};

static void greg_resid(const api *a, const double *w, double *z, void *ctx)
{
    (void)a, (void)w;
    assert_int_equal(trygg_cal_projector_apply(ctx, z, z), TRYGG_OK);
}

typedef struct {
    const char *name;
    trygg_calfun f;
    double lo, hi, tlo, thi;
    int unit;   /* design weights 1 instead of pw */
} greg_case;

static trygg_calfun calfun_of(const char *s)
{
    if (strcmp(s, "raking") == 0)
        return TRYGG_CALFUN_RAKING;
    return strcmp(s, "logit") == 0 ? TRYGG_CALFUN_LOGIT : TRYGG_CALFUN_LINEAR;
}

/* Design weights 1 and the five cell dummies: the ratios population/sample
 * average 40.79 (R's model matrix: 40.13), grake rescales by it, and with
 * bounds [0.7, 1.7] the raking Newton steps stall (R zeroes dF where log g
 * is below -0.3 though g > 0.7). R fails with the same misfit after 101
 * iterations; trygg must stop at the same weights. */
static void check_failed_like_r(const api *a, const trygg_cal_report *rep,
                                const double *w, trygg_errors *err)
{
    ts_table *t = ts_table_read(EXTRA "apiclus1_grake_failed.csv");
    double *ref = malloc(a->n * sizeof *ref);
    assert_non_null(ref);
    assert_false(rep->converged);
    assert_int_equal(rep->iterations, (int)ts_num(t, 0, ts_col(t, "iterations")));
    ts_assert_close(rep->achieved, ts_num(t, 0, ts_col(t, "achieved")), 1e-6, 0,
                    "misfit where R's grake gave up");
    assert_message(err, "did not converge in 101 iterations", "rescaled by 40.79");
    assert_message(err, "'stype E' is off by", "weights within the bounds that meet "
                   "the totals do exist");
    reference_weights(a, EXTRA "apiclus1_calibrate_weights.csv",
                      "raking_unit_b07_17_dummies_failed", ref);
    compare_weights(a, w, ref, 1e-6, "failed raking", &maxrel_failed);
    free(ref);
    ts_table_free(t);
}

static void check_greg_case(const api *a, const greg_case *gc, int dummies)
{
    size_t p, nt = 0;
    double tot[5], *d = malloc(a->n * sizeof *d), *w = malloc(a->n * sizeof *w);
    double *ref = malloc(a->n * sizeof *ref), *X = design_matrix(a, dummies, &p, tot);
    assert_true(d && w && ref);
    for (size_t i = 0; i < a->n; i++)
        d[i] = gc->unit ? 1.0 : a->pw[i];
    trygg_errors *err = trygg_errors_new(10);
    trygg_cal_report rep;
    trygg_status st = trygg_cal_greg(a->n, p, X, d, tot, dummies ? names5 : names4,
                                     gc->f, gc->lo, gc->hi, 1e-10, 100, w, &rep, err);
    if (gc->unit && dummies) {   /* R's grake fails here too: see below */
        assert_int_equal(st, TRYGG_ERR_CONVERGENCE);
        check_failed_like_r(a, &rep, w, err);
        goto done;
    }
    if (st != TRYGG_OK)
        fail_msg("%s: %s", gc->name, trygg_errors_get(err, 0)->message);
    assert_true(rep.converged && rep.achieved < 1e-10);
    if (!isnan(gc->tlo))
        assert_int_equal(trygg_cal_trim(a->n, d, gc->tlo, gc->thi, w, &nt), TRYGG_OK);
    reference_weights(a, EXTRA "apiclus1_calibrate_weights.csv", gc->name, ref);
    compare_weights(a, w, ref, 1e-9, gc->name, &maxrel_weights[2 + dummies]);
    trygg_cal_projector *pr = NULL;
    assert_int_equal(trygg_cal_projector_new(a->n, p, X, d, w, &pr), TRYGG_OK);
    compare_se(a, w, gc->name, greg_resid, pr, 1e-9, &maxrel_se[2 + dummies]);
    trygg_cal_projector_free(pr);
done:
    trygg_errors_free(err);
    free(X), free(d), free(w), free(ref);
}

/* Every calibrate() row of the reference, with R's model matrix and with
 * the collinear cell dummies of both margins (the same constraints). */
static void test_greg_apiclus1(void **state)
{
    api *a = *state;
    ts_table *t = ts_table_read(EXTRA "apiclus1_calibrated_se.csv");
    int cases = 0;
    for (size_t r = 0; r < t->nrows; r += 2) {   /* rows come in mean/total pairs */
        if (strcmp(ts_cell(t, r, ts_col(t, "method")), "greg") != 0)
            continue;
        greg_case gc = {ts_cell(t, r, ts_col(t, "weights")),
                        calfun_of(ts_cell(t, r, ts_col(t, "calfun"))),
                        ts_num(t, r, ts_col(t, "bound_low")),
                        ts_num(t, r, ts_col(t, "bound_high")),
                        ts_num(t, r, ts_col(t, "trim_low")),
                        ts_num(t, r, ts_col(t, "trim_high")),
                        strcmp(ts_cell(t, r, ts_col(t, "design_weights")), "unit") == 0};
        check_greg_case(a, &gc, 0);
        check_greg_case(a, &gc, 1);
        cases++;
    }
    assert_int_equal(cases, 10);
    ts_table_free(t);
}

static trygg_status greg_try(const api *a, int dummies, const double *tot,
                             trygg_calfun f, double lo, double hi,
                             trygg_errors *err)
{
    size_t p;
    double t[5], *w = malloc(a->n * sizeof *w), *X = design_matrix(a, dummies, &p, t);
    assert_non_null(w);
    trygg_status st = trygg_cal_greg(a->n, p, X, a->pw, tot ? tot : t,
                                     dummies ? names5 : names4, f, lo, hi, 1e-10,
                                     100, w, NULL, err);
    free(X);
    free(w);
    return st;
}

/* apiclus1 has 14 high schools of weight 33.847: with g at most 1.5 they
 * reach 710.8, short of 755. With bounds [0.9, 1.8] each total alone is
 * reachable but not all together (R: "Calibration failed"): the No cells
 * reach at most 31.62 · 33.847 of the 1072 needed. */
static void test_greg_infeasible(void **state)
{
    api *a = *state;
    trygg_errors *err = trygg_errors_new(10);
    assert_int_equal(greg_try(a, 0, NULL, TRYGG_CALFUN_LINEAR, 0.8, 1.5, err),
                     TRYGG_ERR_INVALID);
    assert_message(err, "infeasible within bounds [0.8, 1.5]", "'stypeH' needs total 755");
    trygg_errors_clear(err);
    assert_int_equal(greg_try(a, 0, NULL, TRYGG_CALFUN_LOGIT, 0.9, 1.3, err),
                     TRYGG_ERR_INVALID);
    assert_message(err, "infeasible within bounds [0.9, 1.3]", "stypeH");
    for (trygg_calfun f = TRYGG_CALFUN_LINEAR; f <= TRYGG_CALFUN_LOGIT; f++) {
        trygg_errors_clear(err);
        assert_int_equal(greg_try(a, 0, NULL, f, 0.9, 1.8, err), TRYGG_ERR_INVALID);
        assert_message(err, "infeasible within bounds [0.9, 1.8]", "together");
    }
    trygg_errors_free(err);
}

static void test_greg_inconsistent_and_empty(void **state)
{
    api *a = *state;
    trygg_errors *err = trygg_errors_new(10);
    double tot[5] = {4421, 755, 1018, 1072, 5000};   /* sch.wide adds to 6072 */
    assert_int_equal(greg_try(a, 1, tot, TRYGG_CALFUN_LINEAR, -INFINITY, INFINITY, err),
                     TRYGG_ERR_INVALID);
    assert_message(err, "totals are inconsistent", "'sch.wide Yes' is a combination of "
                   "'stype E', 'stype H', 'stype M', 'sch.wide No'");
    assert_message(err, "population total 5000", "off by -122");
    trygg_errors_clear(err);
    /* A column nobody has: an error with a total, dropped without one. */
    double X[8] = {1, 0, 1, 0, 1, 0, 1, 0}, d[4] = {1, 2, 3, 4}, w[4];
    double t[2] = {20, 5};
    const char *nm[2] = {"all", "district Centrum"};
    assert_int_equal(trygg_cal_greg(4, 2, X, d, t, nm, TRYGG_CALFUN_RAKING, -INFINITY,
                                    INFINITY, 1e-10, 50, w, NULL, err),
                     TRYGG_ERR_INVALID);
    assert_message(err, "district Centrum", "no respondents");
    t[1] = 0;
    assert_int_equal(trygg_cal_greg(4, 2, X, d, t, nm, TRYGG_CALFUN_RAKING, -INFINITY,
                                    INFINITY, 1e-10, 50, w, NULL, err), TRYGG_OK);
    for (int i = 0; i < 4; i++)
        ts_assert_close(w[i], 2 * d[i], 1e-12, 0, "dropped empty column");
    trygg_errors_free(err);
}

static void test_greg_arguments(void **state)
{
    api *a = *state;
    trygg_errors *err = trygg_errors_new(10);
    assert_int_equal(greg_try(a, 0, NULL, TRYGG_CALFUN_LOGIT, -INFINITY, 2, err),
                     TRYGG_ERR_ARGUMENT);
    assert_message(err, "logit", "finite bounds");
    assert_int_equal(greg_try(a, 0, NULL, TRYGG_CALFUN_LINEAR, 2, 1, err),
                     TRYGG_ERR_ARGUMENT);
    trygg_errors_free(err);
}

/* Linear calibration by hand: rows x = (1, t), t = 1, 2, 3, 4, d = 1, so
 * the sample totals are (4, 10); totals (8, 25). w_i = 1 + a + b t_i with
 * 4a + 10b = 4 and 10a + 30b = 15: b = 1, a = -1.5, w = t - 0.5. */
static void test_greg_by_hand(void **state)
{
    (void)state;
    double X[8] = {1, 1, 1, 2, 1, 3, 1, 4}, d[4] = {1, 1, 1, 1}, w[4];
    double t[2] = {8, 25};
    trygg_cal_report rep;
    assert_int_equal(trygg_cal_greg(4, 2, X, d, t, NULL, TRYGG_CALFUN_LINEAR,
                                    -INFINITY, INFINITY, 1e-12, 10, w, &rep, NULL),
                     TRYGG_OK);
    for (int i = 0; i < 4; i++)
        ts_assert_close(w[i], i + 0.5, 1e-12, 0, "hand linear calibration");
    assert_true(rep.converged);
    /* Projection: z = w · (c0 + c1 t) is explained fully: residual 0. */
    trygg_cal_projector *pr = NULL;
    double z[4];
    for (int i = 0; i < 4; i++)
        z[i] = w[i] * (3 - 2 * (i + 1));
    assert_int_equal(trygg_cal_projector_new(4, 2, X, d, w, &pr), TRYGG_OK);
    assert_int_equal(trygg_cal_projector_apply(pr, z, z), TRYGG_OK);
    for (int i = 0; i < 4; i++)
        ts_assert_close(z[i], 0, 0, 1e-12, "explained residual");
    trygg_cal_projector_free(pr);
}

/* ---- Trimming ------------------------------------------------------------ */

/* g = 0.5, 1, 1, 2.5 trimmed to [0.8, 2]: 0.5 -> 0.8 adds 0.3, 2.5 -> 2
 * removes 0.5; the net 0.2 goes to the two untrimmed rows (d = 1 each):
 * + 0.1. Total stays 5. */
static void test_trim_by_hand(void **state)
{
    (void)state;
    double d[4] = {1, 1, 1, 1}, w[4] = {0.5, 1, 1, 2.5};
    size_t nt;
    assert_int_equal(trygg_cal_trim(4, d, 0.8, 2, w, &nt), TRYGG_OK);
    assert_int_equal(nt, 2);
    double want[4] = {0.8, 1.1, 1.1, 2};
    for (int i = 0; i < 4; i++)
        ts_assert_close(w[i], want[i], 1e-15, 0, "hand trim");
    /* The spread is proportional to d: the 0.3 added to the trimmed row is
     * taken as 0.2 and 0.1 from the rows of d = 2 and 1 (g - 0.1 each). */
    double d2[3] = {2, 1, 1}, w2[3] = {2, 1, 0.5};
    assert_int_equal(trygg_cal_trim(3, d2, 0.8, 2, w2, &nt), TRYGG_OK);
    assert_int_equal(nt, 1);
    ts_assert_close(w2[0], 2 * (1 - 0.1), 1e-15, 0, "trim spread d = 2");
    ts_assert_close(w2[1], 1 - 0.1, 1e-15, 0, "trim spread d = 1");
    ts_assert_close(w2[2], 0.8, 1e-15, 0, "trimmed up");
    assert_int_equal(trygg_cal_trim(3, d2, 2, 1, w2, &nt), TRYGG_ERR_ARGUMENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_poststrat_by_hand),
        cmocka_unit_test(test_poststrat_errors),
        cmocka_unit_test(test_poststrat_apiclus1),
        cmocka_unit_test(test_rake_by_hand),
        cmocka_unit_test(test_rake_apiclus1),
        cmocka_unit_test(test_rake_converged_matches_calibrate),
        cmocka_unit_test(test_rake_errors),
        cmocka_unit_test(test_greg_by_hand),
        cmocka_unit_test(test_greg_apiclus1),
        cmocka_unit_test(test_greg_infeasible),
        cmocka_unit_test(test_greg_inconsistent_and_empty),
        cmocka_unit_test(test_greg_arguments),
        cmocka_unit_test(test_trim_by_hand),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
