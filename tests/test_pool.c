/* Pooled years (issue 20): estimates of the N latest survey years stacked
 * as one sample equal R survey's svydesign(ids = ~1, strata =
 * ~year:stratum, fpc, weights = w / N) on the stacked rows
 * (tests/reference/pool/make_pool.R) to 1e-9, with design weights and with
 * each year post-stratified first; windows, n and the pooled sample's own
 * suppression on constructed data. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"
#include "trygg.h"

#define REF TRYGG_TEST_DIR "/reference/pool/pool_reference.csv"
#define DEF TRYGG_TEST_DIR "/reference/defs/trygg_public/survey.trygg"

static trygg_definition *def;
static trygg_survey *sv;

static int setup(void **state)
{
    (void)state;
    sv = ts_load_survey(DEF, &def);
    return sv ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    trygg_survey_free(sv);
    trygg_definition_free(def);
    return 0;
}

static trygg_survey *pool_of(const trygg_survey *s, int years, int year, int all,
                             trygg_weighting w)
{
    trygg_pool_options o;
    trygg_pool_options_init(&o);
    o.years = years;
    o.year = year;
    o.all_windows = all;
    o.weighting = w;
    trygg_errors *err = trygg_errors_new(10);
    trygg_survey *p = NULL;
    trygg_status st = trygg_survey_pool(s, &o, &p, err);
    if (st != TRYGG_OK)
        fail_msg("pool: %s %s", trygg_strerror(st),
                 trygg_errors_count(err) ? trygg_errors_get(err, 0)->message : "");
    trygg_errors_free(err);
    return p;
}

static trygg_results *estimate(const trygg_survey *on)
{
    trygg_estimate_options o;
    trygg_estimate_options_init(&o);
    trygg_errors *err = trygg_errors_new(10);
    trygg_results *r = NULL;
    trygg_status st = trygg_estimate(on, &o, &r, err);
    if (st != TRYGG_OK)
        fail_msg("estimate: %s %s", trygg_strerror(st),
                 trygg_errors_count(err) ? trygg_errors_get(err, 0)->message : "");
    trygg_errors_free(err);
    return r;
}

/* Every reference row of one window and weighting, and no pooled row the
 * reference does not have. */
static void check_window(int from, int to, const char *weighting, trygg_weighting w)
{
    trygg_survey *p = pool_of(sv, to - from + 1, to, 0, w);
    assert_int_equal(trygg_survey_year_count(p), 1);
    assert_int_equal(trygg_survey_year(p, 0), to);
    assert_int_equal(trygg_survey_pooled_from(p, to), from);
    trygg_results *r = estimate(p);
    ts_table *t = ts_table_read(REF);
    size_t cf = ts_col(t, "year_from"), cw = ts_col(t, "weighting"), cl = ts_col(t, "level"),
           cd = ts_col(t, "domain"), ci = ts_col(t, "indicator");
    size_t matched = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        if (atoi(ts_cell(t, i, cf)) != from || strcmp(ts_cell(t, i, cw), weighting) ||
            atoi(ts_cell(t, i, ts_col(t, "year"))) != to)
            continue;
        const trygg_estimate_row *x = trygg_results_find(r, to, ts_cell(t, i, cl),
                                                         ts_cell(t, i, cd), ts_cell(t, i, ci));
        char what[256];
        snprintf(what, sizeof what, "%d-%d %s %s %s %s", from, to, weighting,
                 ts_cell(t, i, cl), ts_cell(t, i, cd), ts_cell(t, i, ci));
        if (!x)
            fail_msg("no row for %s", what);
        assert_int_equal(x->year_from, from);
        assert_string_equal(trygg_weighting_name(x->weighting), weighting);
        ts_assert_close(x->estimate, ts_num(t, i, ts_col(t, "estimate")), 1e-9, 1e-15, what);
        ts_assert_close(x->se, ts_num(t, i, ts_col(t, "se")), 1e-9, 1e-15, what);
        assert_true(x->n == ts_num(t, i, ts_col(t, "n")));
        assert_true(x->df == ts_num(t, i, ts_col(t, "df")));
        matched++;
    }
    size_t pooled = 0;
    for (size_t i = 0; i < trygg_results_count(r); i++)
        pooled += trygg_results_row(r, i)->n > 0;
    assert_true(matched >= 14 * 28);   /* 14 indicators × region, 5 municipalities, 22 districts */
    assert_int_equal(matched, pooled);
    ts_table_free(t);
    trygg_results_free(r);
    trygg_survey_free(p);
}

static void test_design_2023_2024(void **state)
{
    (void)state;
    check_window(2023, 2024, "design", TRYGG_WEIGHTING_DESIGN);
}

static void test_design_2022_2024(void **state)
{
    (void)state;
    check_window(2022, 2024, "design", TRYGG_WEIGHTING_DESIGN);
}

static void test_poststrat_each_year_first(void **state)
{
    (void)state;
    check_window(2023, 2024, "poststrat", TRYGG_WEIGHTING_POSTSTRAT);
}

/* Windows never overlap: with --all-years, back from the latest year N
 * survey years at a time, whole windows only. */
static void test_windows(void **state)
{
    (void)state;
    trygg_survey *p = pool_of(sv, 2, 0, 1, TRYGG_WEIGHTING_DESIGN);
    assert_int_equal(trygg_survey_year_count(p), 1);   /* 2022 alone is no window */
    assert_int_equal(trygg_survey_pooled_from(p, 2024), 2023);
    assert_int_equal(trygg_survey_pool_size(p), 2);
    trygg_survey_free(p);
    p = pool_of(sv, 2, 2023, 1, TRYGG_WEIGHTING_DESIGN);
    assert_int_equal(trygg_survey_year(p, 0), 2023);
    assert_int_equal(trygg_survey_pooled_from(p, 2023), 2022);
    /* the rows of 2022 and 2023: 699 + 716 + 549 + 775 + 474 + 330 + 789 +
     * 1078 + 1466 (tests/reference/trygg_public/README.md) */
    assert_int_equal(trygg_survey_rows(p), 6876);
    trygg_survey_free(p);
    assert_int_equal(trygg_survey_pooled_from(sv, 2024), 2024);
    assert_int_equal(trygg_survey_pool_size(sv), 1);
}

static void test_refusals(void **state)
{
    (void)state;
    trygg_pool_options o;
    trygg_pool_options_init(&o);
    trygg_errors *err = trygg_errors_new(10);
    trygg_survey *p = NULL;
    o.years = 4;
    assert_int_equal(trygg_survey_pool(sv, &o, &p, err), TRYGG_ERR_INVALID);
    assert_non_null(strstr(trygg_errors_get(err, 0)->message,
                           "pooling 4 survey years up to 2024 needs 4 survey years; "
                           "the data has 3"));
    o.years = 1;
    assert_int_equal(trygg_survey_pool(sv, &o, &p, err), TRYGG_ERR_ARGUMENT);
    o.years = 2;
    o.year = 2021;
    assert_int_equal(trygg_survey_pool(sv, &o, &p, err), TRYGG_ERR_NOT_FOUND);
    assert_null(p);
    trygg_errors_free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_design_2023_2024),
        cmocka_unit_test(test_design_2022_2024),
        cmocka_unit_test(test_poststrat_each_year_first),
        cmocka_unit_test(test_windows),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
