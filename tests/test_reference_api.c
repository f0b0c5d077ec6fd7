/* Every row of R survey's api_reference.csv (apistrat, apiclus1; design,
 * poststratified, raked and JKn replicate weights), reproduced by trygg. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"
#include "trygg.h"

#define DEFS TRYGG_TEST_DIR "/reference/defs/api/"

typedef struct {
    const char *dataset, *weighting, *statistic, *variable, *domain, *ci_method;
    double estimate, se, lo, hi, df;
} ref_row;

static trygg_survey *load(const char *file, trygg_definition **def)
{
    trygg_errors *err = trygg_errors_new(10);
    trygg_survey *sv = NULL;
    char path[512];
    snprintf(path, sizeof path, "%s%s", DEFS, file);
    assert_int_equal(trygg_definition_load(path, def, err), TRYGG_OK);
    assert_int_equal(trygg_survey_load(*def, &sv, err), TRYGG_OK);
    trygg_errors_free(err);
    return sv;
}

static trygg_results *estimate(const trygg_survey *sv, trygg_weighting w,
                               trygg_variance v, trygg_ci_method ci)
{
    trygg_estimate_options o;
    trygg_estimate_options_init(&o);
    o.weighting = w;
    o.variance = v;
    o.ci_shares = ci;
    trygg_errors *err = trygg_errors_new(10);
    trygg_results *r = NULL;
    trygg_status st = trygg_estimate(sv, &o, &r, err);
    if (st != TRYGG_OK && trygg_errors_count(err))
        fail_msg("%s", trygg_errors_get(err, 0)->message);
    assert_int_equal(st, TRYGG_OK);
    trygg_errors_free(err);
    return r;
}

/* Which definition, weighting and variance a reference row was made with. */
static void setup_for(const ref_row *r, const char **file, trygg_weighting *w,
                      trygg_variance *v, double *tol)
{
    *file = strcmp(r->dataset, "apistrat") == 0 ? "apistrat.trygg" : "apiclus1.trygg";
    *w = TRYGG_WEIGHTING_DESIGN;
    *v = TRYGG_VARIANCE_LINEARIZATION;
    *tol = 1e-9;
    if (strncmp(r->weighting, "poststratify", 12) == 0)
        *w = TRYGG_WEIGHTING_POSTSTRAT;
    else if (strncmp(r->weighting, "rake", 4) == 0) {
        *file = "apiclus1_rake.trygg";
        *w = TRYGG_WEIGHTING_RAKE;
        *tol = 1e-6;
    } else if (strstr(r->weighting, "JKn"))
        *v = TRYGG_VARIANCE_JKN;
}

static trygg_ci_method ci_of(const char *m)
{
    if (strcmp(m, "logit") == 0) return TRYGG_CI_LOGIT;
    if (strcmp(m, "beta") == 0) return TRYGG_CI_BETA;
    return TRYGG_CI_T;
}

static void check_contrast(const trygg_survey *sv, const ref_row *r,
                           trygg_weighting w, double tol, const char *what)
{
    trygg_change_options o;
    trygg_change_options_init(&o);
    o.weighting = w;
    trygg_change_row c;
    trygg_errors *err = trygg_errors_new(10);
    /* "stype=E minus stype=H" */
    char a[8], b[8];
    assert_int_equal(sscanf(r->domain, "stype=%7s minus stype=%7s", a, b), 2);
    assert_int_equal(trygg_contrast_pair(sv, &o, 0, "stype", a, "stype", b,
                                         r->variable, &c, err), TRYGG_OK);
    ts_assert_close(c.change, r->estimate, tol, 0, what);
    if (w == TRYGG_WEIGHTING_DESIGN) {
        ts_assert_close(c.se, r->se, tol, 0, what);
    } else {
        /* R's svyby(covmat = TRUE) returns zero covariances between domains
         * of a calibrated survey.design2 (its contrast SE is exactly
         * sqrt(se_E² + se_H²)); trygg keeps the covariance, which in this
         * cluster sample is positive, so its SE is smaller. */
        ts_assert_close(c.se_if_independent, r->se, tol, 0, what);
        assert_true(c.se < c.se_if_independent);
    }
    trygg_errors_free(err);
}

static void check_row(const ref_row *r, int *checked)
{
    const char *file;
    trygg_weighting w;
    trygg_variance v;
    double tol;
    setup_for(r, &file, &w, &v, &tol);
    trygg_definition *def = NULL;
    trygg_survey *sv = load(file, &def);
    char what[256];
    snprintf(what, sizeof what, "%s %s %s %s %s %s", r->dataset, r->weighting,
             r->statistic, r->variable, r->domain, r->ci_method);
    if (strcmp(r->statistic, "contrast") == 0) {
        check_contrast(sv, r, w, tol, what);
    } else {
        trygg_results *res = estimate(sv, w, v, ci_of(r->ci_method));
        int all = strcmp(r->domain, "all") == 0;
        const trygg_estimate_row *x = trygg_results_find(
            res, 0, all ? "region" : "stype", all ? "region" : r->domain + 6,
            r->variable);
        assert_non_null(x);
        /* svyciprop(logit) reports expit of an IRLS fit: agrees to ~1e-9 */
        double etol = strcmp(r->ci_method, "logit") == 0 ? fmax(tol, 1e-8) : tol;
        ts_assert_close(x->estimate, r->estimate, etol, 0, what);
        ts_assert_close(x->se, r->se, tol, 1e-11, what);
        if (!isnan(r->df))
            assert_true(x->df == r->df);
        if (r->ci_method[0] && !isnan(r->lo) && x->se > 1e-9) {
            double ctol = strcmp(r->ci_method, "logit") == 0 ? 1e-7 : fmax(tol, 1e-9);
            ts_assert_close(x->ci_low, r->lo, ctol, 0, what);
            ts_assert_close(x->ci_high, r->hi, ctol, 0, what);
        }
        if (r->ci_method[0] && isnan(r->lo))  /* R: beta CI undefined at se 0 */
            assert_true(isnan(x->ci_low));
        trygg_results_free(res);
    }
    (*checked)++;
    trygg_survey_free(sv);
    trygg_definition_free(def);
}

static void test_every_reference_row(void **state)
{
    (void)state;
    ts_table *t = ts_table_read(TRYGG_TEST_DIR "/reference/api/api_reference.csv");
    int checked = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        ref_row r = {
            ts_cell(t, i, ts_col(t, "dataset")), ts_cell(t, i, ts_col(t, "weighting")),
            ts_cell(t, i, ts_col(t, "statistic")), ts_cell(t, i, ts_col(t, "variable")),
            ts_cell(t, i, ts_col(t, "domain")), ts_cell(t, i, ts_col(t, "ci_method")),
            ts_num(t, i, ts_col(t, "estimate")), ts_num(t, i, ts_col(t, "se")),
            ts_num(t, i, ts_col(t, "ci_low")), ts_num(t, i, ts_col(t, "ci_high")),
            ts_num(t, i, ts_col(t, "df"))};
        check_row(&r, &checked);
    }
    assert_int_equal(checked, 65);
    ts_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_reference_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
