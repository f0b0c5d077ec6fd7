/* The trygg_public reference figures (R survey): every estimate of
 * reference_estimates.csv (design weights every year; post-stratified and
 * raked 2024), every change and every contrast. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"
#include "trygg.h"

#define REF TRYGG_TEST_DIR "/reference/trygg_public/"
#define DEF TRYGG_TEST_DIR "/reference/defs/trygg_public/survey.trygg"

static trygg_definition *def;
static trygg_survey *sv;

static int setup(void **state)
{
    (void)state;
    trygg_errors *err = trygg_errors_new(10);
    int ok = trygg_definition_load(DEF, &def, err) == TRYGG_OK &&
             trygg_survey_load(def, &sv, err) == TRYGG_OK;
    trygg_errors_free(err);
    return ok ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    trygg_survey_free(sv);
    trygg_definition_free(def);
    return 0;
}

static trygg_results *estimate_on(const trygg_survey *on, trygg_weighting w,
                                  trygg_ci_method ci, int year)
{
    trygg_estimate_options o;
    trygg_estimate_options_init(&o);
    o.weighting = w;
    o.ci_shares = ci;
    o.year = year;
    trygg_errors *err = trygg_errors_new(10);
    trygg_results *r = NULL;
    trygg_status st = trygg_estimate(on, &o, &r, err);
    if (st != TRYGG_OK)
        fail_msg("estimate: %s %s", trygg_strerror(st),
                 trygg_errors_count(err) ? trygg_errors_get(err, 0)->message : "");
    trygg_errors_free(err);
    return r;
}

static void check_weighting(const trygg_survey *on, const char *weighting,
                            trygg_weighting w, double tol)
{
    ts_table *t = ts_table_read(REF "reference_estimates.csv");
    int year = w == TRYGG_WEIGHTING_DESIGN ? 0 : 2024;
    trygg_results *logit = estimate_on(on, w, TRYGG_CI_LOGIT, year);
    trygg_results *wald = estimate_on(on, w, TRYGG_CI_T, year);
    size_t cw = ts_col(t, "weighting"), cm = ts_col(t, "ci_method");
    size_t checked = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        if (strcmp(ts_cell(t, i, cw), weighting) != 0)
            continue;
        const char *m = ts_cell(t, i, cm);
        const trygg_estimate_row *x = trygg_results_find(
            strcmp(m, "logit") == 0 ? logit : wald, atoi(ts_cell(t, i, 0)),
            ts_cell(t, i, ts_col(t, "level")), ts_cell(t, i, ts_col(t, "domain")),
            ts_cell(t, i, ts_col(t, "indicator")));
        char what[256];
        snprintf(what, sizeof what, "%s row %zu (%s %s %s)", weighting, i + 2,
                 ts_cell(t, i, ts_col(t, "domain")),
                 ts_cell(t, i, ts_col(t, "indicator")), m);
        if (!x)
            fail_msg("%s: no estimate", what);
        assert_true(x->n == ts_num(t, i, ts_col(t, "n")));
        assert_true(x->df == ts_num(t, i, ts_col(t, "df")));
        if (x->n == 0) {
            assert_true(isnan(ts_num(t, i, ts_col(t, "estimate"))));
            continue;
        }
        ts_assert_close(x->estimate, ts_num(t, i, ts_col(t, "estimate")), tol, 1e-14, what);
        ts_assert_close(x->se, ts_num(t, i, ts_col(t, "se")), tol, 1e-14, what);
        ts_assert_close(x->ci_low, ts_num(t, i, ts_col(t, "ci_low")), tol, 1e-14, what);
        ts_assert_close(x->ci_high, ts_num(t, i, ts_col(t, "ci_high")), tol, 1e-14, what);
        checked++;
    }
    assert_true(checked > 100);
    trygg_results_free(logit);
    trygg_results_free(wald);
    ts_table_free(t);
}

static void test_design_estimates(void **s)
{
    (void)s;
    check_weighting(sv, "design", TRYGG_WEIGHTING_DESIGN, 1e-9);
}

static void test_poststrat_estimates(void **s)
{
    (void)s;
    check_weighting(sv, "poststrat", TRYGG_WEIGHTING_POSTSTRAT, 1e-9);
}

/* Raking margins are municipality × sex and municipality × age group. */
static void test_rake_estimates(void **s)
{
    (void)s;
    trygg_definition *rdef = NULL;
    trygg_survey *rsv = NULL;
    trygg_errors *err = trygg_errors_new(10);
    assert_int_equal(trygg_definition_load(TRYGG_TEST_DIR
                     "/reference/defs/trygg_public/survey_rake.trygg", &rdef, err),
                     TRYGG_OK);
    assert_int_equal(trygg_survey_load(rdef, &rsv, err), TRYGG_OK);
    check_weighting(rsv, "rake", TRYGG_WEIGHTING_RAKE, 1e-6);
    trygg_survey_free(rsv);
    trygg_definition_free(rdef);
    trygg_errors_free(err);
}

static const trygg_change_row *find_change(const trygg_changes *c, const char *level,
                                           const char *domain, const char *ind)
{
    for (size_t i = 0; i < trygg_changes_count(c); i++) {
        const trygg_change_row *x = trygg_changes_row(c, i);
        if (!strcmp(x->level, level) && !strcmp(x->domain, domain) &&
            !strcmp(x->indicator, ind))
            return x;
    }
    return NULL;
}

static void test_changes(void **s)
{
    (void)s;
    trygg_change_options o;
    trygg_change_options_init(&o);
    o.weighting = TRYGG_WEIGHTING_DESIGN;
    o.year_to = 2024;
    trygg_changes *c = NULL;
    assert_int_equal(trygg_changes_compute(sv, &o, &c, NULL), TRYGG_OK);
    ts_table *t = ts_table_read(REF "reference_changes.csv");
    for (size_t i = 0; i < t->nrows; i++) {
        const trygg_change_row *x = find_change(c, ts_cell(t, i, 0), ts_cell(t, i, 1),
                                                ts_cell(t, i, ts_col(t, "indicator")));
        assert_non_null(x);
        assert_int_equal(x->year_from, atoi(ts_cell(t, i, ts_col(t, "year_from"))));
        /* the reference differences lose ~1e-12 to cancellation (README) */
        ts_assert_close(x->change, ts_num(t, i, ts_col(t, "difference")), 1e-10, 0, "change");
        ts_assert_close(x->se, ts_num(t, i, ts_col(t, "se")), 1e-9, 0, "change se");
        ts_assert_close(x->ci_low, ts_num(t, i, ts_col(t, "ci_low")), 1e-9, 0, "ci_low");
        ts_assert_close(x->p_value, ts_num(t, i, ts_col(t, "p_value")), 1e-9, 1e-15, "p");
    }
    /* region composition differs between years: no region change row */
    assert_null(find_change(c, "region", "region", "problem_index"));
    ts_table_free(t);
    trygg_changes_free(c);
}

static void test_contrasts(void **s)
{
    (void)s;
    trygg_change_options o;
    trygg_change_options_init(&o);
    o.weighting = TRYGG_WEIGHTING_DESIGN;
    o.year_to = 2024;
    o.indicator = "share_unsafe_night";
    trygg_changes *c = NULL;
    assert_int_equal(trygg_contrasts_compute(sv, &o, &c, NULL), TRYGG_OK);
    ts_table *t = ts_table_read(REF "reference_contrasts.csv");
    for (size_t i = 0; i < t->nrows; i++) {
        const trygg_change_row *x = find_change(c, "district",
                                                ts_cell(t, i, ts_col(t, "district")),
                                                "share_unsafe_night");
        assert_non_null(x);
        assert_string_equal(x->other_domain, ts_cell(t, i, ts_col(t, "municipality")));
        ts_assert_close(x->change, ts_num(t, i, ts_col(t, "estimate")), 1e-9, 0, "contrast");
        ts_assert_close(x->se, ts_num(t, i, ts_col(t, "se")), 1e-9, 0, "contrast se");
        ts_assert_close(x->se_if_independent,
                        ts_num(t, i, ts_col(t, "se_if_independent")), 1e-9, 0, "indep");
        ts_assert_close(x->ci_high, ts_num(t, i, ts_col(t, "ci_high")), 1e-9, 0, "ci");
    }
    ts_table_free(t);
    trygg_changes_free(c);
}

/* Every respondent's 2024 weight against R's weights files. */
static void check_weights(const trygg_survey *on, trygg_weighting w, const char *file,
                          double tol)
{
    trygg_weights *ws = NULL;
    trygg_errors *err = trygg_errors_new(10);
    assert_int_equal(trygg_weights_compute(on, w, &ws, err), TRYGG_OK);
    ts_table *t = ts_table_read(file);
    size_t matched = 0;
    for (size_t i = 0; i < trygg_weights_count(ws); i++) {
        trygg_weight_row x;
        assert_int_equal(trygg_weights_get(ws, i, &x), TRYGG_OK);
        if (x.year != 2024)
            continue;
        for (size_t r = 0; r < t->nrows; r++)
            if (!strcmp(ts_cell(t, r, 0), x.id)) {
                ts_assert_close(x.weight, ts_num(t, r, 1), tol, 0, x.id);
                matched++;
                break;
            }
    }
    assert_int_equal(matched, t->nrows);
    trygg_weight_row none = {.year = -1};
    assert_int_equal(trygg_weights_get(ws, trygg_weights_count(ws), &none), TRYGG_ERR_ARGUMENT);
    assert_int_equal(trygg_weights_get(NULL, 0, &none), TRYGG_ERR_ARGUMENT);
    assert_int_equal(none.year, -1);
    ts_table_free(t);
    trygg_weights_free(ws);
    trygg_errors_free(err);
}

static void test_calibrated_weights(void **s)
{
    (void)s;
    check_weights(sv, TRYGG_WEIGHTING_POSTSTRAT, REF "weights_poststrat_2024.csv", 1e-12);
    trygg_definition *rdef = NULL;
    trygg_survey *rsv = NULL;
    assert_int_equal(trygg_definition_load(TRYGG_TEST_DIR
                     "/reference/defs/trygg_public/survey_rake.trygg", &rdef, NULL),
                     TRYGG_OK);
    assert_int_equal(trygg_survey_load(rdef, &rsv, NULL), TRYGG_OK);
    check_weights(rsv, TRYGG_WEIGHTING_RAKE, REF "weights_rake_2024.csv", 1e-9);
    trygg_survey_free(rsv);
    trygg_definition_free(rdef);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_design_estimates),
        cmocka_unit_test(test_poststrat_estimates),
        cmocka_unit_test(test_rake_estimates),
        cmocka_unit_test(test_changes),
        cmocka_unit_test(test_contrasts),
        cmocka_unit_test(test_calibrated_weights),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
