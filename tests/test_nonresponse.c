/* The gross sample and the nonresponse adjustment against R: the public
 * survey's 2024 respondents post-stratified to the gross sample's counts in
 * each stratum × sex × age group (tests/reference/nonresponse, R's
 * postStratify, then rake), estimates and SEs to 1e-9 (raking 1e-6), the
 * weights themselves, and the response rates; then what the gross sample
 * must agree on with the response files. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"
#include "trygg.h"

#define NR TRYGG_TEST_DIR "/reference/nonresponse"
#define DEFS TRYGG_TEST_DIR "/reference/defs/trygg_public"

static trygg_results *estimate(const char *definition, trygg_definition **def,
                               trygg_survey **sv)
{
    *sv = ts_load_survey(definition, def);
    trygg_errors *err = trygg_errors_new(10);
    trygg_results *r = NULL;
    trygg_status st = trygg_estimate(*sv, NULL, &r, err);
    if (st != TRYGG_OK)
        fail_msg("%s: %s", definition, trygg_errors_count(err)
                 ? trygg_errors_get(err, 0)->message : trygg_strerror(st));
    trygg_errors_free(err);
    return r;
}

static void check_against_r(const char *definition, const char *weighting, double tol)
{
    trygg_definition *def;
    trygg_survey *sv;
    trygg_results *r = estimate(definition, &def, &sv);
    ts_table *ref = ts_table_read(NR "/reference_nonresponse.csv");
    size_t cw = ts_col(ref, "weighting"), cl = ts_col(ref, "level"), cd = ts_col(ref, "domain"),
           ci = ts_col(ref, "indicator"), ce = ts_col(ref, "estimate"), cs = ts_col(ref, "se"),
           cn = ts_col(ref, "n");
    size_t seen = 0;
    for (size_t i = 0; i < ref->nrows; i++) {
        if (strcmp(ts_cell(ref, i, cw), weighting) != 0)
            continue;
        const trygg_estimate_row *x = trygg_results_find(r, 2024, ts_cell(ref, i, cl),
                                                         ts_cell(ref, i, cd), ts_cell(ref, i, ci));
        if (!x)
            fail_msg("no row for %s %s %s", ts_cell(ref, i, cl), ts_cell(ref, i, cd),
                     ts_cell(ref, i, ci));
        char what[256];
        snprintf(what, sizeof what, "%s %s %s %s", weighting, ts_cell(ref, i, cl),
                 ts_cell(ref, i, cd), ts_cell(ref, i, ci));
        ts_assert_close(x->estimate, ts_num(ref, i, ce), tol, 0, what);
        ts_assert_close(x->se, ts_num(ref, i, cs), tol, 0, what);
        assert_true(x->n == ts_num(ref, i, cn));
        seen++;
    }
    assert_int_equal(seen, 112);  /* 4 indicators × (1 + 5 + 22) domains */
    ts_table_free(ref);
    trygg_results_free(r);
    trygg_survey_free(sv);
    trygg_definition_free(def);
}

static void test_nonresponse_adjusted_estimates_match_r(void **state)
{
    (void)state;
    check_against_r(DEFS "/survey_nonresponse.trygg", "design", 1e-9);
}

static void test_nonresponse_then_raking_matches_r(void **state)
{
    (void)state;
    check_against_r(DEFS "/survey_nonresponse_rake.trygg", "rake", 1e-6);
}

static void test_nonresponse_then_poststratification_matches_r(void **state)
{
    (void)state;
    check_against_r(DEFS "/survey_nonresponse_poststrat.trygg", "poststrat", 1e-9);
}

static void test_the_weights_match_r(void **state)
{
    (void)state;
    static const struct { const char *def, *col; double tol; } runs[] = {
        {DEFS "/survey_nonresponse.trygg", "weight_design", 1e-12},
        {DEFS "/survey_nonresponse_rake.trygg", "weight_rake", 1e-9}};
    ts_table *ref = ts_table_read(NR "/weights_nonresponse_2024.csv");
    for (size_t k = 0; k < 2; k++) {
        trygg_definition *def;
        trygg_survey *sv = ts_load_survey(runs[k].def, &def);
        trygg_errors *err = trygg_errors_new(10);
        trygg_weights *w = NULL;
        assert_int_equal(trygg_weights_compute(sv, TRYGG_WEIGHTING_DEFAULT, &w, err), TRYGG_OK);
        assert_int_equal(trygg_weights_count(w), ref->nrows);
        size_t cid = ts_col(ref, "respondent"), cw = ts_col(ref, runs[k].col);
        for (size_t i = 0; i < trygg_weights_count(w); i++) {
            int year;
            const char *id;
            double d, x;
            trygg_weights_get(w, i, &year, &id, &d, &x);
            size_t r = 0;   /* same order as R read the files */
            while (r < ref->nrows && strcmp(ts_cell(ref, r, cid), id) != 0)
                r++;
            assert_true(r < ref->nrows);
            ts_assert_close(x, ts_num(ref, r, cw), runs[k].tol, 0, id);
        }
        trygg_weights_free(w);
        trygg_errors_free(err);
        trygg_survey_free(sv);
        trygg_definition_free(def);
    }
    ts_table_free(ref);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nonresponse_adjusted_estimates_match_r),
        cmocka_unit_test(test_nonresponse_then_raking_matches_r),
        cmocka_unit_test(test_nonresponse_then_poststratification_matches_r),
        cmocka_unit_test(test_the_weights_match_r),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
