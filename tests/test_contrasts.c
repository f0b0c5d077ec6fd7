/* Contrasts of every domain with its enclosing area, as the contrasts table
 * makes them (each parent's sums once for all its children), against the
 * same contrast made alone by trygg_contrast_pair, which sums the child's
 * and the parent's rows together as R's svycontrast does on the joint
 * influence values (checked against R in test_reference_*). Designs:
 * strata, clusters of many rows, two stages, every lonely-PSU policy, and
 * design, post-stratified, raked and GREG weights. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"
#include "trygg.h"

#define DEFS TRYGG_TEST_DIR "/reference/defs/"
#define EXTRA TRYGG_TEST_DIR "/reference/extra/estimation/"

typedef struct {
    const char *def;          /* definition, or NULL: the lonely data */
    const char *lonely;       /* its lonely_psu policy */
    trygg_weighting weighting;
    int year;                 /* 0: every year */
    const char *indicator;    /* NULL: every indicator */
} contrast_case;

static const contrast_case CASES[] = {
    {DEFS "trygg_public/survey.trygg", NULL, TRYGG_WEIGHTING_DESIGN, 2024, NULL},
    {DEFS "trygg_public/survey.trygg", NULL, TRYGG_WEIGHTING_POSTSTRAT, 2024,
     "share_unsafe_night"},
    {DEFS "trygg_public/survey_rake.trygg", NULL, TRYGG_WEIGHTING_RAKE, 2024, NULL},
    {DEFS "trygg_public/survey_rake.trygg", NULL, TRYGG_WEIGHTING_CALIBRATE, 2023,
     "share_unsafe_night"},
    {DEFS "api/apistrat.trygg", NULL, TRYGG_WEIGHTING_DESIGN, 0, NULL},
    {DEFS "api/apiclus1.trygg", NULL, TRYGG_WEIGHTING_POSTSTRAT, 0, NULL},
    {DEFS "api/apiclus1_rake.trygg", NULL, TRYGG_WEIGHTING_RAKE, 0, NULL},
    {DEFS "api/apiclus2.trygg", NULL, TRYGG_WEIGHTING_DESIGN, 0, NULL},
    {NULL, "adjust", TRYGG_WEIGHTING_DESIGN, 0, NULL},
    {NULL, "certainty", TRYGG_WEIGHTING_DESIGN, 0, NULL},
    {NULL, "remove", TRYGG_WEIGHTING_DESIGN, 0, NULL},
    {NULL, "average", TRYGG_WEIGHTING_DESIGN, 0, NULL},
};

static const char *lonely_definition(const char *policy)
{
    static char path[600];
    snprintf(path, sizeof path, "%s/contrasts_lonely_%s.trygg", TRYGG_BINARY_DIR, policy);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fprintf(f, "[survey]\nname = lonely\nfiles = %slonely.csv\n"
               "scales = %sextra/lonely_scales.csv\nitems = %sextra/lonely_items.csv\n"
               "indicators = %sextra/lonely_indicators.csv\n"
               "[columns]\nid = id\nstratum = stratum\npsu = psu\nfpc = fpc\n"
               "weight = w\ngroups = dom\n[design]\nlonely_psu = %s\n"
               "[report]\nlevels = region dom\nmin_n = 0\nunstable_n = 0\n",
            EXTRA, DEFS, DEFS, DEFS, policy);
    fclose(f);
    return path;
}

static void check_row(const trygg_survey *sv, const trygg_change_options *o,
                      const trygg_change_row *x, const char *what)
{
    trygg_change_row one;
    trygg_errors *err = trygg_errors_new(10);
    assert_int_equal(trygg_contrast_pair(sv, o, x->year_to, x->level, x->domain,
                                         x->other_level, x->other_domain, x->indicator,
                                         &one, err),
                     TRYGG_OK);
    char msg[512];
    snprintf(msg, sizeof msg, "%s %d %s %s - %s", what, x->year_to, x->indicator,
             x->domain, x->other_domain);
    ts_assert_close(x->change, one.change, 1e-14, 0, msg);
    ts_assert_close(x->se, one.se, 1e-12, 1e-15 * x->se_if_independent, msg);
    ts_assert_close(x->se_to, one.se_to, 1e-12, 0, msg);
    ts_assert_close(x->se_from, one.se_from, 1e-12, 0, msg);
    ts_assert_close(x->se_if_independent, one.se_if_independent, 1e-12, 0, msg);
    trygg_errors_free(err);
}

static void check_case(const contrast_case *c)
{
    const char *path = c->def ? c->def : lonely_definition(c->lonely);
    trygg_definition *def = NULL;
    trygg_survey *sv = NULL;
    trygg_errors *err = trygg_errors_new(10);
    assert_int_equal(trygg_definition_load(path, &def, err), TRYGG_OK);
    assert_int_equal(trygg_survey_load(def, &sv, err), TRYGG_OK);
    trygg_change_options o;
    trygg_change_options_init(&o);
    o.weighting = c->weighting;
    o.year_to = c->year;
    o.indicator = c->indicator;
    trygg_changes *ch = NULL;
    assert_int_equal(trygg_contrasts_compute(sv, &o, &ch, err), TRYGG_OK);
    size_t n = trygg_changes_count(ch), checked = 0;
    for (size_t i = 0; i < n; i++) {
        const trygg_change_row *x = trygg_changes_row(ch, i);
        if (isnan(x->se))
            continue;
        check_row(sv, &o, x, c->def ? c->def : c->lonely);
        checked++;
    }
    assert_true(checked >= 3);
    trygg_changes_free(ch);
    trygg_survey_free(sv);
    trygg_definition_free(def);
    trygg_errors_free(err);
    if (!c->def)
        remove(path);
}

static void test_contrasts_as_one_at_a_time(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof CASES / sizeof *CASES; k++)
        check_case(&CASES[k]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contrasts_as_one_at_a_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
