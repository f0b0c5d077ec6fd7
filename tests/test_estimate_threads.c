/* Estimates do not depend on how many threads compute them: the region's
 * every estimate (raked, with its linearized SE) on one thread and on
 * several must be the same rows in the same order, bit for bit, and so
 * must the changes made from them and those trygg_changes_compute makes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"
#include "trygg.h"

#define REGION TRYGG_SOURCE_DIR "/fixtures/region/survey.trygg"

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static trygg_results *estimate_with(const trygg_survey *sv, const char *threads)
{
    setenv("TRYGG_THREADS", threads, 1);
    trygg_errors *err = trygg_errors_new(10);
    trygg_results *r = NULL;
    assert_int_equal(trygg_estimate(sv, NULL, &r, err), TRYGG_OK);
    trygg_errors_free(err);
    unsetenv("TRYGG_THREADS");
    return r;
}

static void test_threads_change_nothing(void **unused)
{
    (void)unused;
    trygg_errors *err = trygg_errors_new(10);
    trygg_definition *def = NULL;
    trygg_survey *sv = NULL;
    assert_int_equal(trygg_definition_load(REGION, &def, err), TRYGG_OK);
    assert_int_equal(trygg_survey_load(def, &sv, err), TRYGG_OK);
    trygg_results *one = estimate_with(sv, "1"), *many = estimate_with(sv, "8");
    size_t n = trygg_results_count(one);
    assert_true(n > 5000);
    assert_int_equal(trygg_results_count(many), n);
    for (size_t i = 0; i < n; i++) {
        const trygg_estimate_row *a = trygg_results_row(one, i), *b = trygg_results_row(many, i);
        assert_int_equal(a->year, b->year);
        assert_string_equal(a->level, b->level);
        assert_string_equal(a->domain, b->domain);
        assert_string_equal(a->indicator, b->indicator);
        assert_true(same_bits(a->estimate, b->estimate));
        assert_true(same_bits(a->se, b->se));
        assert_true(same_bits(a->ci_low, b->ci_low));
        assert_true(same_bits(a->ci_high, b->ci_high));
        assert_true(same_bits(a->deff, b->deff));
        assert_int_equal(a->flags, b->flags);
    }
    /* changes from estimates made already = changes computed afresh */
    trygg_change_options co;
    trygg_change_options_init(&co);
    co.all_pairs = 1;
    trygg_changes *from = NULL, *fresh = NULL;
    assert_int_equal(trygg_changes_from_estimates(sv, one, &co, &from, err), TRYGG_OK);
    assert_int_equal(trygg_changes_compute(sv, &co, &fresh, err), TRYGG_OK);
    assert_int_equal(trygg_changes_count(from), trygg_changes_count(fresh));
    assert_true(trygg_changes_count(from) > 3000);
    for (size_t i = 0; i < trygg_changes_count(from); i++) {
        const trygg_change_row *a = trygg_changes_row(from, i), *b = trygg_changes_row(fresh, i);
        assert_string_equal(a->domain, b->domain);
        assert_true(same_bits(a->change, b->change));
        assert_true(same_bits(a->se, b->se));
        const trygg_change_row *f = trygg_changes_find(from, a->year_to, a->level,
                                                       a->domain, a->indicator);
        assert_non_null(f);
        assert_int_equal(f->year_to, a->year_to);
        assert_string_equal(f->domain, a->domain);
    }
    assert_null(trygg_changes_find(from, 2024, "district", "Ingenstans", "unsafe_night"));
    trygg_changes_free(from);
    trygg_changes_free(fresh);
    trygg_results_free(one);
    trygg_results_free(many);
    trygg_survey_free(sv);
    trygg_definition_free(def);
    trygg_errors_free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_change_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
