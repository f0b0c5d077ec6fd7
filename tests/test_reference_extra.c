/* More R survey figures (tests/reference/extra/estimation, made by
 * make_estimation.R): two-stage and first-stage-only cluster designs,
 * weights derived from the fpc, JK1 and JKn replicates, and every
 * lonely-PSU policy, including a self-representing stratum. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"
#include "trygg.h"

#define EXTRA TRYGG_TEST_DIR "/reference/extra/estimation/"
#define DEFS TRYGG_TEST_DIR "/reference/defs/"

typedef struct {
    const char *name;      /* case id in estimation_reference.csv */
    const char *def;       /* definition file, or NULL: the lonely data */
    const char *lonely;    /* lonely_psu policy for the lonely data */
    int selfrep;           /* lonely data with fpc_sr, w_sr */
    trygg_variance variance;
    int domains;           /* check domain rows too */
} ref_case;

static const ref_case CASES[] = {
    {"c1_clus2_twostage", DEFS "api/apiclus2.trygg", NULL, 0, TRYGG_VARIANCE_LINEARIZATION, 1},
    {"c1_clus2_onestage", DEFS "extra/apiclus2_onestage.trygg", NULL, 0, TRYGG_VARIANCE_LINEARIZATION, 1},
    {"c2_strat_fpcN", DEFS "extra/apistrat_noweight.trygg", NULL, 0, TRYGG_VARIANCE_LINEARIZATION, 1},
    {"c3_clus1_JK1", DEFS "api/apiclus1.trygg", NULL, 0, TRYGG_VARIANCE_JK1, 1},
    {"c3_strat_JKn", DEFS "api/apistrat.trygg", NULL, 0, TRYGG_VARIANCE_JKN, 1},
    {"c4_lonely_adjust", NULL, "adjust", 0, TRYGG_VARIANCE_LINEARIZATION, 1},
    {"c4_lonely_certainty", NULL, "certainty", 0, TRYGG_VARIANCE_LINEARIZATION, 1},
    {"c4_lonely_remove", NULL, "remove", 0, TRYGG_VARIANCE_LINEARIZATION, 1},
    /* R's svyby subsets the design, so "average" counts only the strata a
     * domain touches; trygg estimates domains on the full design */
    {"c4_lonely_average", NULL, "average", 0, TRYGG_VARIANCE_LINEARIZATION, 0},
    {"c4_selfrep_fail", NULL, "fail", 1, TRYGG_VARIANCE_LINEARIZATION, 1},
    {"c4_selfrep_adjust", NULL, "adjust", 1, TRYGG_VARIANCE_LINEARIZATION, 1},
    {"c4_selfrep_average", NULL, "average", 1, TRYGG_VARIANCE_LINEARIZATION, 1},
};

static const char *lonely_definition(const ref_case *c)
{
    static char path[600];
    snprintf(path, sizeof path, "%s/lonely_%s_%d.trygg", TRYGG_BINARY_DIR, c->lonely,
             c->selfrep);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fprintf(f, "[survey]\nname = lonely\nfiles = %slonely.csv\n"
               "scales = %sextra/lonely_scales.csv\nitems = %sextra/lonely_items.csv\n"
               "indicators = %sextra/lonely_indicators.csv\n"
               "[columns]\nid = id\nstratum = stratum\npsu = psu\nfpc = %s\n"
               "weight = %s\ngroups = dom\n[design]\nlonely_psu = %s\n"
               "[report]\nlevels = region dom\nmin_n = 0\nunstable_n = 0\n",
            EXTRA, DEFS, DEFS, DEFS, c->selfrep ? "fpc_sr" : "fpc",
            c->selfrep ? "w_sr" : "w", c->lonely);
    fclose(f);
    return path;
}

static const char *indicator_of(const char *statistic, const char *variable)
{
    if (!strcmp(variable, "y"))
        return strcmp(statistic, "total") ? "y" : "total_y";
    return variable;  /* api: named as R's variables */
}

static trygg_ci_method ci_of(const char *m)
{
    if (!strcmp(m, "logit")) return TRYGG_CI_LOGIT;
    if (!strcmp(m, "beta")) return TRYGG_CI_BETA;
    return TRYGG_CI_T;
}

static void check_case(const ref_case *c, const ts_table *t)
{
    trygg_definition *def = NULL;
    trygg_survey *sv = NULL;
    trygg_errors *err = trygg_errors_new(10);
    const char *path = c->def ? c->def : lonely_definition(c);
    assert_int_equal(trygg_definition_load(path, &def, err), TRYGG_OK);
    assert_int_equal(trygg_survey_load(def, &sv, err), TRYGG_OK);
    int checked = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        if (strcmp(ts_cell(t, i, 0), c->name))
            continue;
        const char *stat = ts_cell(t, i, 2), *var = ts_cell(t, i, 3);
        const char *dom = ts_cell(t, i, 4), *ci = ts_cell(t, i, 9);
        int all = !strcmp(dom, "all");
        if ((!all && !c->domains) || !strcmp(stat, "contrast"))
            continue;
        char what[256], level[64] = "region", domain[64] = "region";
        snprintf(what, sizeof what, "%s %s %s %s %s", c->name, stat, var, dom, ci);
        if (!all && sscanf(dom, "%63[^=]=%63s", level, domain) != 2)
            fail_msg("domain %s", dom);
        trygg_estimate_options o;
        trygg_estimate_options_init(&o);
        o.variance = c->variance;
        o.ci_shares = ci_of(ci);
        trygg_results *r = NULL;
        assert_int_equal(trygg_estimate(sv, &o, &r, err), TRYGG_OK);
        const trygg_estimate_row *x = trygg_results_find(r, 0, level, domain,
                                                         indicator_of(stat, var));
        if (!x)
            fail_msg("%s: no row", what);
        double tol = !strcmp(ci, "logit") ? 1e-8 : 1e-9;
        ts_assert_close(x->estimate, ts_num(t, i, 5), tol, 0, what);
        ts_assert_close(x->se, ts_num(t, i, 6), 1e-9, 1e-12, what);
        /* intervals: R's domain rows use the design df only for "t" rows */
        if (all || !strcmp(ci, "t")) {
            double ctol = !strcmp(ci, "logit") ? 1e-7 : 1e-9;
            ts_assert_close(x->ci_low, ts_num(t, i, 7), ctol, 0, what);
            ts_assert_close(x->ci_high, ts_num(t, i, 8), ctol, 0, what);
        }
        trygg_results_free(r);
        checked++;
    }
    assert_true(checked >= 3);
    trygg_survey_free(sv);
    trygg_definition_free(def);
    trygg_errors_free(err);
    if (!c->def)
        remove(path);
}

static void test_extra_cases(void **state)
{
    (void)state;
    ts_table *t = ts_table_read(EXTRA "estimation_reference.csv");
    for (size_t k = 0; k < sizeof CASES / sizeof *CASES; k++)
        check_case(&CASES[k], t);
    ts_table_free(t);
}

/* Under "fail" a stratum with one PSU stops the estimate, naming it, as R. */
static void test_lonely_fail(void **state)
{
    (void)state;
    ref_case c = {"c4_lonely_fail", NULL, "fail", 0, TRYGG_VARIANCE_LINEARIZATION, 1};
    const char *path = lonely_definition(&c);
    trygg_definition *def = NULL;
    trygg_survey *sv = NULL;
    trygg_errors *err = trygg_errors_new(10);
    assert_int_equal(trygg_definition_load(path, &def, err), TRYGG_OK);
    assert_int_equal(trygg_survey_load(def, &sv, err), TRYGG_OK);
    trygg_results *r = NULL;
    assert_int_equal(trygg_estimate(sv, NULL, &r, err), TRYGG_ERR_DESIGN);
    assert_non_null(strstr(trygg_errors_get(err, 0)->message, "has only one PSU at stage 1"));
    trygg_survey_free(sv);
    trygg_definition_free(def);
    trygg_errors_free(err);
    remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_extra_cases),
        cmocka_unit_test(test_lonely_fail),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
