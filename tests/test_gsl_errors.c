/* Inputs on which GSL reports an error inside the library: GSL returns to
 * the library, which answers as R does or says why, never with a number
 * made of a failed routine and never by ending the program. Here GSL's
 * handler counts instead of being off (what the test start-up does), so
 * the test knows the error was raised; either way GSL returns its code.
 * Without either, GSL's default handler would abort the process: the
 * reason trygg.h asks every program to call gsl_set_error_handler_off(). */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"
#include "trygg.h"

#define API TRYGG_TEST_DIR "/reference/defs/api/"
#define SA TRYGG_TEST_DIR "/reference/smallarea/"

/* the library's workers call GSL, so the handler runs on their threads */
static atomic_int raised, last_code;

static void count_error(const char *reason, const char *file, int line, int code)
{
    (void)reason;
    (void)file;
    (void)line;
    atomic_fetch_add(&raised, 1);
    atomic_store(&last_code, code);
}

static int counting_setup(void **state)
{
    (void)state;
    atomic_store(&raised, 0);
    atomic_store(&last_code, GSL_SUCCESS);
    gsl_set_error_handler(count_error);
    return 0;
}

static int handler_off_teardown(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    return 0;
}

/* apiclus1 raked by stype and sch.wide: the share sch.wide is a margin, its
 * SE 1.9e-13 (R: 1.87422692557605e-13), and the Korn–Graubard interval's
 * beta quantiles for an effective sample of ~10^24 do not converge
 * (GSL_EFAILED). R's svyciprop(method = "beta") gives NaN for both limits
 * (tests/reference/api/api_reference.csv); so does trygg. */
static void test_beta_interval_that_does_not_converge(void **state)
{
    (void)state;
    trygg_definition *def = NULL;
    trygg_survey *sv = ts_load_survey(API "apiclus1_rake.trygg", &def);
    trygg_estimate_options o;
    trygg_estimate_options_init(&o);
    o.weighting = TRYGG_WEIGHTING_RAKE;
    o.ci_shares = TRYGG_CI_BETA;
    o.level_name = "region";
    o.indicator = "sch.wide==Yes";
    trygg_errors *err = trygg_errors_new(10);
    trygg_results *r = NULL;
    assert_int_equal(trygg_estimate(sv, &o, &r, err), TRYGG_OK);
    const trygg_estimate_row *x =
        trygg_results_find(r, 0, "region", "region", "sch.wide==Yes");
    assert_non_null(x);
    ts_assert_close(x->estimate, 8.26929286406200e-01, 1e-6, 0, "raked share");
    assert_true(x->se < 1e-11);
    assert_true(isnan(x->ci_low) && isnan(x->ci_high));
    assert_true(atomic_load(&raised) > 0);
    assert_int_equal(atomic_load(&last_code), GSL_EFAILED);
    trygg_results_free(r);
    trygg_errors_free(err);
    trygg_survey_free(sv);
    trygg_definition_free(def);
}

/* area_covariates.csv with share_65_84 twice: X'V⁻¹X is singular, GSL's
 * Cholesky factorisation refuses it (GSL_EDOM), and every area gets no
 * model, with the reason, beside its direct estimate as published. */
static char *covariates_with_a_copy(const char *dir)
{
    ts_table *t = ts_table_read(SA "area_covariates.csv");
    size_t copy = ts_col(t, "share_65_84");
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    for (size_t c = 0; c < t->ncols; c++)
        fprintf(f, "%s,", t->header[c]);
    fprintf(f, "share_65_84_again\n");
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++)
            fprintf(f, "%s,", ts_cell(t, r, c));
        fprintf(f, "%s\n", ts_cell(t, r, copy));
    }
    assert_int_equal(fclose(f), 0);
    ts_write_in(dir, "covariates.csv", text);
    free(text);
    ts_table_free(t);
    char *path = malloc(strlen(dir) + sizeof "/covariates.csv");
    sprintf(path, "%s/covariates.csv", dir);
    return path;
}

static trygg_smallarea *fay_herriot(const trygg_survey *sv, const char *covariates)
{
    trygg_smallarea_options o;
    trygg_smallarea_options_init(&o);
    o.indicator = "share_unsafe_night";
    o.covariates = covariates;
    trygg_errors *err = trygg_errors_new(10);
    trygg_smallarea *s = NULL;
    assert_int_equal(trygg_smallarea_compute(sv, &o, &s, err), TRYGG_OK);
    trygg_errors_free(err);
    return s;
}

static void test_collinear_covariates(void **state)
{
    (void)state;
    char dir[512];
    ts_temp_dir("gsl_errors", dir, sizeof dir);
    char *path = covariates_with_a_copy(dir);
    trygg_definition *def = NULL;
    trygg_survey *sv = ts_load_survey(SA "survey_min57.trygg", &def);
    trygg_smallarea *fit = fay_herriot(sv, SA "area_covariates.csv");
    assert_int_equal(atomic_load(&raised), 0);
    trygg_smallarea *bad = fay_herriot(sv, path);
    assert_true(atomic_load(&raised) > 0);
    assert_int_equal(atomic_load(&last_code), GSL_EDOM);
    assert_int_equal(trygg_smallarea_count(bad), trygg_smallarea_count(fit));
    for (size_t i = 0; i < trygg_smallarea_count(bad); i++) {
        const trygg_smallarea_row *b = trygg_smallarea_get(bad, i);
        const trygg_smallarea_row *f = trygg_smallarea_get(fit, i);
        assert_string_equal(b->domain, f->domain);
        assert_string_equal(b->model, "none: the covariates repeat one another "
                                      "(the model cannot be fitted)");
        assert_true(isnan(b->model_estimate) && isnan(b->model_rmse));
        assert_true(b->estimate == f->estimate || (isnan(b->estimate) && isnan(f->estimate)));
        assert_true(b->se == f->se || (isnan(b->se) && isnan(f->se)));
    }
    trygg_smallarea_free(bad);
    trygg_smallarea_free(fit);
    trygg_survey_free(sv);
    trygg_definition_free(def);
    free(path);
    ts_remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_beta_interval_that_does_not_converge,
                                        counting_setup, handler_off_teardown),
        cmocka_unit_test_setup_teardown(test_collinear_covariates, counting_setup,
                                        handler_off_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
