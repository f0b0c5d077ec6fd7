/* Contrasts under replicate weights against R survey
 * (tests/reference/extra/replicates, made by make_replicate_contrasts.R):
 * each stype minus the whole population, the variance of the contrast
 * itself over the replicates (R's withReplicates of the difference), with
 * JK1 on the one-stage cluster sample and JKn on the stratified one. And
 * estimates and contrasts of raked replicate designs, every replicate
 * raked again (make_raked_replicates.R, make_raked_contrasts.R): the
 * jackknife's contrasts come from per-domain sums over the replicates
 * that change each domain, not from every replicate's estimates. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "test_support.h"
#include "trygg.h"

#define REF TRYGG_TEST_DIR "/reference/extra/replicates/replicate_contrasts.csv"
#define RAKED TRYGG_TEST_DIR "/reference/extra/replicates/raked_replicates.csv"
#define RAKED_CONTRASTS TRYGG_TEST_DIR "/reference/extra/replicates/raked_contrasts.csv"
#define DEFS TRYGG_TEST_DIR "/reference/defs/api/"

/* se_tol: R's raked replicates stop where R's raking of the full sample
 * stops (epsilon 1), as trygg's do, to about 1e-8. */
static void check_in(const char *ref, const char *case_name, const char *def_path,
                     trygg_weighting w, trygg_variance v, size_t want, double se_tol)
{
    trygg_definition *def = NULL;
    trygg_survey *sv = ts_load_survey(def_path, &def);
    trygg_change_options o;
    trygg_change_options_init(&o);
    o.variance = v;
    o.weighting = w;
    trygg_changes *c = NULL;
    trygg_errors *err = trygg_errors_new(10);
    if (trygg_contrasts_compute(sv, &o, &c, err) != TRYGG_OK)
        fail_msg("%s: %s", case_name, trygg_errors_count(err)
                 ? trygg_errors_get(err, 0)->message : "?");
    ts_table *t = ts_table_read(ref);
    size_t seen = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        if (strcmp(ts_cell(t, i, ts_col(t, "case")), case_name))
            continue;
        const char *dom = ts_cell(t, i, ts_col(t, "domain")) + strlen("stype=");
        const char *ind = ts_cell(t, i, ts_col(t, "indicator"));
        const trygg_change_row *r = NULL;
        for (size_t j = 0; j < trygg_changes_count(c) && !r; j++) {
            const trygg_change_row *x = trygg_changes_row(c, j);
            if (!strcmp(x->level, "stype") && !strcmp(x->domain, dom) &&
                !strcmp(x->indicator, ind))
                r = x;
        }
        if (!r)
            fail_msg("%s: no contrast for %s %s", case_name, dom, ind);
        char what[128];
        snprintf(what, sizeof what, "%s %s %s contrast", case_name, dom, ind);
        ts_assert_close(r->change, ts_num(t, i, ts_col(t, "contrast")), 1e-12, 0, what);
        snprintf(what, sizeof what, "%s %s %s se", case_name, dom, ind);
        ts_assert_close(r->se, ts_num(t, i, ts_col(t, "se")), se_tol, 0, what);
        assert_int_equal(r->variance, v);
        seen++;
    }
    assert_int_equal(seen, want);
    ts_table_free(t);
    trygg_changes_free(c);
    trygg_errors_free(err);
    trygg_survey_free(sv);
    trygg_definition_free(def);
}

/* 3 stypes × 4 indicators */
static void test_jk1_clusters(void **unused)
{
    (void)unused;
    check_in(REF, "c3_clus1_JK1", DEFS "apiclus1.trygg", TRYGG_WEIGHTING_DEFAULT,
             TRYGG_VARIANCE_JK1, 12, 1e-9);
}

static void test_jkn_strata(void **unused)
{
    (void)unused;
    check_in(REF, "c3_strat_JKn", DEFS "apistrat.trygg", TRYGG_WEIGHTING_DEFAULT,
             TRYGG_VARIANCE_JKN, 12, 1e-9);
}

/* 3 stypes × 3 indicators (two means, a total) */
static void test_jk1_clusters_raked_contrasts(void **unused)
{
    (void)unused;
    check_in(RAKED_CONTRASTS, "clus1_JK1", DEFS "apiclus1_rake.trygg", TRYGG_WEIGHTING_RAKE,
             TRYGG_VARIANCE_JK1, 9, 1e-8);
}

static void test_jkn_strata_raked_contrasts(void **unused)
{
    (void)unused;
    check_in(RAKED_CONTRASTS, "strat_JKn", DEFS "apistrat_rake.trygg", TRYGG_WEIGHTING_RAKE,
             TRYGG_VARIANCE_JKN, 9, 1e-8);
}

/* R rakes with epsilon 1 (absolute) in at most 10 sweeps, as the
 * definitions do; each replicate's raking stops where R's stops. */
static void check_raked(const char *case_name, const char *def_path, trygg_variance v)
{
    trygg_definition *def = NULL;
    trygg_survey *sv = ts_load_survey(def_path, &def);
    trygg_estimate_options o;
    trygg_estimate_options_init(&o);
    o.weighting = TRYGG_WEIGHTING_RAKE;
    o.variance = v;
    trygg_results *res = NULL;
    trygg_errors *err = trygg_errors_new(10);
    if (trygg_estimate(sv, &o, &res, err) != TRYGG_OK)
        fail_msg("%s: %s", case_name, trygg_errors_count(err)
                 ? trygg_errors_get(err, 0)->message : "?");
    ts_table *t = ts_table_read(RAKED);
    int seen = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        if (strcmp(ts_cell(t, i, ts_col(t, "case")), case_name))
            continue;
        const char *dom = ts_cell(t, i, ts_col(t, "domain"));
        const char *ind = ts_cell(t, i, ts_col(t, "indicator"));
        int all = strcmp(dom, "all") == 0;
        const trygg_estimate_row *x = trygg_results_find(
            res, 0, all ? "region" : "stype", all ? "region" : dom + strlen("stype="), ind);
        if (!x)
            fail_msg("%s: no estimate for %s %s", case_name, dom, ind);
        char what[128];
        snprintf(what, sizeof what, "%s %s %s", case_name, dom, ind);
        ts_assert_close(x->estimate, ts_num(t, i, ts_col(t, "estimate")), 1e-9, 0, what);
        ts_assert_close(x->se, ts_num(t, i, ts_col(t, "se")), 1e-8, 0, what);
        assert_int_equal(x->variance, v);
        seen++;
    }
    assert_int_equal(seen, 12);   /* (all + 3 stypes) × 3 indicators */
    ts_table_free(t);
    trygg_results_free(res);
    trygg_errors_free(err);
    trygg_survey_free(sv);
    trygg_definition_free(def);
}

static void test_jk1_clusters_raked(void **unused)
{
    (void)unused;
    check_raked("clus1_JK1", DEFS "apiclus1_rake.trygg", TRYGG_VARIANCE_JK1);
}

static void test_jkn_strata_raked(void **unused)
{
    (void)unused;
    check_raked("strat_JKn", DEFS "apistrat_rake.trygg", TRYGG_VARIANCE_JKN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jk1_clusters),
        cmocka_unit_test(test_jkn_strata),
        cmocka_unit_test(test_jk1_clusters_raked),
        cmocka_unit_test(test_jkn_strata_raked),
        cmocka_unit_test(test_jk1_clusters_raked_contrasts),
        cmocka_unit_test(test_jkn_strata_raked_contrasts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
