/* Edge cases of domain estimation on constructed data whose answers are
 * computed by hand: lonely PSUs under each policy, a domain with one
 * respondent, an empty domain, all answers "don't know", shares of 0 and 1. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"
#include "trygg.h"

#define MINI TRYGG_TEST_DIR "/data/mini/"
#define HEADER "id,year,kommun,omrade,stratum,vikt,kon,p_a,p_b\n"

/* The mini definition with a lonely-PSU policy, written to the build dir. */
static trygg_definition *definition(const char *lonely)
{
    char path[512];
    snprintf(path, sizeof path, "%s/edges_%s.trygg", TRYGG_BINARY_DIR, lonely);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fprintf(f, "[survey]\nname = edges\nfiles = unused.csv\n"
               "scales = %sscales.csv\nitems = %sitems.csv\n"
               "indicators = %sindicators.csv\n"
               "[columns]\nid = id\nyear = year\nmunicipality = kommun\n"
               "district = omrade\nstratum = stratum\nweight = vikt\nsex = kon\n"
               "[design]\nlonely_psu = %s\n[report]\nmin_n = 1\nunstable_n = 3\n",
            MINI, MINI, MINI, lonely);
    fclose(f);
    trygg_definition *d = NULL;
    assert_int_equal(trygg_definition_load(path, &d, NULL), TRYGG_OK);
    remove(path);
    return d;
}

static trygg_status estimate(const trygg_definition *d, const char *data,
                             trygg_results **r, trygg_errors *err)
{
    trygg_survey *sv = NULL;
    trygg_status st = trygg_survey_load_buffer(d, "2024_sodertalje.csv", data,
                                               strlen(data), &sv, err);
    assert_int_equal(st, TRYGG_OK);
    st = trygg_estimate(sv, NULL, r, err);
    trygg_survey_free(sv);
    return st;
}

/* Strata S1 (2 rows), S2 (2 rows), S3 (1 row, lonely). share_a = 35/45. */
static const char LONELY[] = HEADER
    "A1,2024,Södertälje,Hovsjö,S1,10,1,3,2\n"
    "A2,2024,Södertälje,Hovsjö,S1,10,2,1,9\n"
    "A3,2024,Södertälje,Ronna,S2,20,1,4,\n"
    "A4,2024,Södertälje,Ronna,S2,20,2,9,4\n"
    "A5,2024,Södertälje,Ronna,S3,5,2,4,4\n";

/* z·405: S1 {20, -70}, S2 {40, 0}, S3 {10}; 2·Σ(z - z̄)² per stratum. */
static void check_lonely(const char *policy, double var_times_405sq)
{
    trygg_definition *d = definition(policy);
    trygg_results *r = NULL;
    assert_int_equal(estimate(d, LONELY, &r, NULL), TRYGG_OK);
    const trygg_estimate_row *x = trygg_results_find(r, 2024, "region", "region", "share_a");
    ts_assert_close(x->estimate, 7.0 / 9.0, 1e-15, 0, policy);
    ts_assert_close(x->se, sqrt(var_times_405sq) / 405.0, 1e-14, 0, policy);
    assert_true(x->df == 2);  /* 5 PSUs - 3 strata */
    trygg_results_free(r);
    trygg_definition_free(d);
}

static void test_lonely_psu_policies(void **state)
{
    (void)state;
    check_lonely("certainty", 9700);
    check_lonely("remove", 9700);
    check_lonely("adjust", 9800);
    check_lonely("average", 9700 * 1.5);
    trygg_definition *d = definition("fail");
    trygg_errors *err = trygg_errors_new(10);
    trygg_results *r = NULL;
    assert_int_equal(estimate(d, LONELY, &r, err), TRYGG_ERR_DESIGN);
    assert_null(r);
    assert_non_null(strstr(trygg_errors_get(err, 0)->message,
                           "stratum 'S3' (2024) has only one PSU at stage 1"));
    trygg_errors_free(err);
    trygg_definition_free(d);
}

static void test_small_and_degenerate_domains(void **state)
{
    (void)state;
    static const char data[] = HEADER
        "A1,2024,Södertälje,Hovsjö,S1,10,1,3,2\n"
        "A2,2024,Södertälje,Hovsjö,S1,10,2,4,9\n"
        "A3,2024,Södertälje,Ronna,S2,20,1,1,\n"
        "A4,2024,Södertälje,Ronna,S2,20,2,2,4\n"
        "A5,2024,Södertälje,Vårby,S2,20,2,9,9\n"
        "A6,2024,Södertälje,Ensam,S2,20,2,4,9\n";
    trygg_definition *d = definition("fail");
    trygg_results *r = NULL;
    assert_int_equal(estimate(d, data, &r, NULL), TRYGG_OK);
    /* Hovsjö: every valid answer is "big": share 1, SE 0, no logit CI */
    const trygg_estimate_row *x = trygg_results_find(r, 2024, "district", "Hovsjö", "share_a");
    assert_true(x->estimate == 1.0 && x->se == 0);
    assert_true(isnan(x->ci_low) && isnan(x->ci_high));
    assert_true(x->flags & TRYGG_FLAG_DEGENERATE);
    /* Ronna: share 0 */
    x = trygg_results_find(r, 2024, "district", "Ronna", "share_a");
    assert_true(x->estimate == 0.0 && x->se == 0 && isnan(x->ci_low));
    /* Vårby: only "don't know": empty (no value, nothing to hide: min_n is
     * 1 here), the excluded counted */
    x = trygg_results_find(r, 2024, "district", "Vårby", "share_a");
    assert_true(isnan(x->estimate) && x->n == 0 && x->n_excluded == 1);
    assert_true((x->flags & TRYGG_FLAG_EMPTY) && !(x->flags & TRYGG_FLAG_SUPPRESSED));
    /* Ensam: one respondent; z over stratum S2 of 4 rows: {0,0,0,0} -> 0 */
    x = trygg_results_find(r, 2024, "district", "Ensam", "share_a");
    assert_true(x->estimate == 1.0 && x->n == 1 && x->se == 0);
    /* region: (10 + 10 + 20) / 80 = 0.5; z·80 = {5, 5, -10, -10, 0, 10} */
    x = trygg_results_find(r, 2024, "region", "region", "share_a");
    ts_assert_close(x->estimate, 0.5, 1e-15, 0, "region");
    /* S1 {5, 5} has no spread; S2 {-10, -10, 0, 10} has mean -2.5 */
    double s2 = 4.0 / 3.0 * (pow(-7.5, 2) * 2 + pow(2.5, 2) + pow(12.5, 2));
    ts_assert_close(x->se, sqrt(s2) / 80.0, 1e-14, 0, "region se");
    trygg_results_free(r);
    trygg_definition_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lonely_psu_policies),
        cmocka_unit_test(test_small_and_degenerate_domains),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
