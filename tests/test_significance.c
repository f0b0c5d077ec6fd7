/* The one significance decision of changes and contrasts (p-values
 * adjusted within a family, compared with alpha), the definition keys it
 * reads, the reasons a row is unstable, and what the flag column says. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_support.h"
#include "trygg.h"
#include "output_internal.h"
#include "results_internal.h"
#include "significance.h"

#define BOOK TRYGG_TEST_DIR "/data/book/"

static trygg_change_row row(const char *domain, const char *ind, double change, double p,
                            unsigned flags)
{
    trygg_change_row c = {0};
    c.year_from = 2023;
    c.year_to = 2024;
    c.level = "district";
    c.domain = domain;
    c.other_level = c.other_domain = "";
    c.indicator = ind;
    c.change = change;
    c.p_value = p;
    c.flags = flags;
    return c;
}

/* Three tests in Östra (p 0.01, 0.04, 0.03), one suppressed beside them,
 * and one in Väst (p 0.02). Holm within Östra, by hand: sorted 0.01 · 3 =
 * 0.03, 0.03 · 2 = 0.06, max(0.04 · 1, 0.06) = 0.06; Väst alone: 0.02. */
static trygg_changes *table(void)
{
    trygg_changes *c;
    assert_int_equal(trygg_changes_new(&c), TRYGG_OK);
    trygg_change_row rows[] = {
        row("Östra", "a", 0.05, 0.01, 0), row("Östra", "b", -0.04, 0.04, 0),
        row("Östra", "c", -0.03, 0.03, 0), row("Östra", "d", 0.2, 0.001, TRYGG_FLAG_SUPPRESSED),
        row("Väst", "a", -0.02, 0.02, 0),
    };
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(trygg_changes_push(c, &rows[i]), TRYGG_OK);
    return c;
}

static void test_holm_within_a_family(void **state)
{
    (void)state;
    trygg_changes *c = table();
    assert_int_equal(trygg_changes_decide(c, 0.05, TRYGG_ADJUST_HOLM), TRYGG_OK);
    const trygg_change_row *r = trygg_changes_row(c, 0);
    assert_true(fabs(r->p_adjusted - 0.03) < 1e-12);
    assert_int_equal(r->significant, 1);
    assert_int_equal(r->family_size, 3);
    assert_true(fabs(trygg_changes_row(c, 1)->p_adjusted - 0.06) < 1e-12);
    assert_true(fabs(trygg_changes_row(c, 2)->p_adjusted - 0.06) < 1e-12);
    assert_int_equal(trygg_changes_row(c, 1)->significant, 0);
    assert_int_equal(trygg_changes_row(c, 2)->significant, 0);
    /* suppressed: no test, and not counted in its family */
    assert_true(isnan(trygg_changes_row(c, 3)->p_adjusted));
    assert_int_equal(trygg_changes_row(c, 3)->significant, 0);
    assert_int_equal(trygg_changes_row(c, 3)->family_size, 0);
    /* Väst is a family of its own: a significant decrease */
    r = trygg_changes_row(c, 4);
    assert_true(fabs(r->p_adjusted - 0.02) < 1e-12);
    assert_int_equal(r->significant, -1);
    assert_int_equal(r->family_size, 1);
    assert_int_equal(r->adjust, TRYGG_ADJUST_HOLM);
    assert_true(r->alpha == 0.05);
    trygg_changes_free(c);
}

/* Benjamini–Hochberg by hand: sorted 0.01, 0.03, 0.04 (m = 3): 0.04 · 3/3
 * = 0.04, min(0.03 · 3/2, 0.04) = 0.04, min(0.01 · 3, 0.04) = 0.03: all
 * three below 0.05. Unadjusted, p = 0.04 is below 0.05 too, but at alpha
 * 0.035 it is not. */
static void test_bh_and_none(void **state)
{
    (void)state;
    trygg_changes *c = table();
    assert_int_equal(trygg_changes_decide(c, 0.05, TRYGG_ADJUST_BH), TRYGG_OK);
    assert_true(fabs(trygg_changes_row(c, 0)->p_adjusted - 0.03) < 1e-12);
    assert_true(fabs(trygg_changes_row(c, 1)->p_adjusted - 0.04) < 1e-12);
    assert_true(fabs(trygg_changes_row(c, 2)->p_adjusted - 0.04) < 1e-12);
    assert_int_equal(trygg_changes_row(c, 1)->significant, -1);
    assert_int_equal(trygg_changes_row(c, 2)->significant, -1);
    assert_int_equal(trygg_changes_decide(c, 0.035, TRYGG_ADJUST_NONE), TRYGG_OK);
    assert_true(trygg_changes_row(c, 1)->p_adjusted == 0.04);
    assert_int_equal(trygg_changes_row(c, 1)->significant, 0);
    assert_int_equal(trygg_changes_row(c, 2)->significant, -1);
    assert_string_equal(trygg_adjust_name(TRYGG_ADJUST_NONE), "none");
    assert_string_equal(trygg_adjust_name(TRYGG_ADJUST_BH), "bh");
    trygg_changes_free(c);
}

/* Writes a definition (the book fixture's tables, `report` as its
 * [report] section, `extra` in [survey]) and loads it. */
static trygg_status load_with(const char *extra, const char *report, const char *better,
                              trygg_definition **d, trygg_errors *err)
{
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/sigtest_XXXXXX", TRYGG_BINARY_DIR);
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/indicators.csv", dir);
    FILE *f = fopen(path, "wb");
    fprintf(f, "indicator,type,items,codes,label_sv,group,better\n"
               "litter,share,p_litter,3 4,Nedskräpning,problem,%s\n"
               "trust_high,share,trust,3 4,Förtroende,headline,higher\n", better);
    fclose(f);
    snprintf(path, sizeof path, "%s/survey.trygg", dir);
    f = fopen(path, "wb");
    fprintf(f, "[survey]\nname = t\n%s\nfiles = " BOOK "data/*.csv\nscales = " BOOK
               "scales.csv\nitems = " BOOK "items.csv\nindicators = indicators.csv\n"
               "[columns]\nid = id\nyear = year\nmunicipality = kommun\n"
               "district = omrade\nweight = vikt\n[report]\n%s\n", extra, report);
    fclose(f);
    return trygg_definition_load(path, d, err);
}

static void test_definition_keys(void **state)
{
    (void)state;
    trygg_definition *d = NULL;
    trygg_errors *err = trygg_errors_new(10);
    assert_int_equal(load_with("region_name = Polisregion Stockholm", "alpha = 0.01\n"
                               "adjust = bh", "lower", &d, err), TRYGG_OK);
    assert_string_equal(trygg_definition_region_name(d), "Polisregion Stockholm");
    assert_true(trygg_definition_alpha(d) == 0.01);
    assert_int_equal(trygg_definition_adjust(d), TRYGG_ADJUST_BH);
    assert_int_equal(trygg_definition_indicator_better(d, 0), -1);
    assert_int_equal(trygg_definition_indicator_better(d, 1), 1);
    trygg_definition_free(d);
    /* the defaults: no region name, 0.05, Holm; blank = no direction */
    assert_int_equal(load_with("", "", "", &d, err), TRYGG_OK);
    assert_null(trygg_definition_region_name(d));
    assert_true(trygg_definition_alpha(d) == 0.05);
    assert_int_equal(trygg_definition_adjust(d), TRYGG_ADJUST_HOLM);
    assert_int_equal(trygg_definition_indicator_better(d, 0), 0);
    trygg_definition_free(d);
    trygg_errors_free(err);
}

static void expect_error(const char *report, const char *better, const char *message)
{
    trygg_definition *d = NULL;
    trygg_errors *err = trygg_errors_new(10);
    assert_int_not_equal(load_with("", report, better, &d, err), TRYGG_OK);
    assert_null(d);
    int found = 0;
    for (size_t i = 0; i < trygg_errors_count(err); i++)
        found |= strstr(trygg_errors_get(err, i)->message, message) != NULL;
    if (!found)
        fail_msg("expected '%s', got '%s'", message,
                 trygg_errors_count(err) ? trygg_errors_get(err, 0)->message : "nothing");
    trygg_errors_free(err);
}

static void test_definition_mistakes(void **state)
{
    (void)state;
    expect_error("alpha = 5", "", "alpha = '5': expected a significance level between 0 and 0.5");
    expect_error("adjust = bonferroni", "", "adjust = 'bonferroni': expected one of holm, bh, none");
    expect_error("", "smaller", "better = 'smaller': expected lower, higher or blank");
}

/* One share in three districts of one year (min_n 3, unstable_n 5,
 * max_cv 0.5): Östra 4 answers, 3 yes (n below 5: few answers; the CV of
 * 0.75 from 4 answers is about √(0.75 · 0.25 / 4) / 0.75 ≈ 0.3); Väst 20
 * answers, 1 yes (p = 0.05: CV ≈ √(0.05 · 0.95 / 20) / 0.05 ≈ 0.97, far above
 * 0.5, with n enough); Norr 20 answers, 10 yes (neither). */
static void test_unstable_reasons(void **state)
{
    (void)state;
    trygg_definition *d = NULL;
    trygg_survey *sv = NULL;
    trygg_results *res = NULL;
    trygg_errors *err = trygg_errors_new(10);
    assert_int_equal(load_with("", "min_n = 3\nunstable_n = 5\nmax_cv = 0.5", "lower", &d,
                               err), TRYGG_OK);
    char data[8192];
    size_t n = (size_t)snprintf(data, sizeof data,
                                "id,year,kommun,omrade,vikt,p_litter,p_speed,trust\n");
    const struct { const char *d; int all, yes; } D[] = {{"Östra", 4, 3}, {"Väst", 20, 1},
                                                         {"Norr", 20, 10}};
    int id = 0;
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < D[k].all; i++)
            n += (size_t)snprintf(data + n, sizeof data - n, "r%d,2024,Åby,%s,1,%d,1,1\n",
                                  ++id, D[k].d, i < D[k].yes ? 4 : 1);
    assert_int_equal(trygg_survey_load_buffer(d, "x.csv", data, n, &sv, err), TRYGG_OK);
    trygg_estimate_options o;
    trygg_estimate_options_init(&o);
    o.level = 0.8;
    assert_int_equal(trygg_estimate(sv, &o, &res, err), TRYGG_OK);
    const trygg_estimate_row *e = trygg_results_find(res, 2024, "district", "Östra", "litter");
    const trygg_estimate_row *v = trygg_results_find(res, 2024, "district", "Väst", "litter");
    const trygg_estimate_row *no = trygg_results_find(res, 2024, "district", "Norr", "litter");
    assert_non_null(e);
    assert_int_equal(e->flags & (TRYGG_FLAG_LOW_N | TRYGG_FLAG_HIGH_CV | TRYGG_FLAG_UNSTABLE),
                     TRYGG_FLAG_LOW_N | TRYGG_FLAG_UNSTABLE);
    assert_int_equal(v->flags & (TRYGG_FLAG_LOW_N | TRYGG_FLAG_HIGH_CV | TRYGG_FLAG_UNSTABLE),
                     TRYGG_FLAG_HIGH_CV | TRYGG_FLAG_UNSTABLE);
    assert_int_equal(no->flags, 0);
    /* the rows say their level and variance method */
    assert_true(e->confidence == 0.8);
    assert_int_equal(e->variance, TRYGG_VARIANCE_LINEARIZATION);
    char flags[96];
    trygg_out_flags(v->flags, flags, sizeof flags);
    assert_string_equal(flags, "unstable|high_cv");
    trygg_out_flags(e->flags, flags, sizeof flags);
    assert_string_equal(flags, "unstable|low_n");
    trygg_results_free(res);
    trygg_survey_free(sv);
    trygg_definition_free(d);
    trygg_errors_free(err);
}

/* A suppressed row's flag says "suppressed" and no reason about its value. */
static void test_suppressed_flags_say_nothing_more(void **state)
{
    (void)state;
    char flags[96];
    trygg_out_flags(TRYGG_FLAG_SUPPRESSED | TRYGG_FLAG_UNSTABLE | TRYGG_FLAG_LOW_N |
                    TRYGG_FLAG_HIGH_CV | TRYGG_FLAG_DEGENERATE, flags, sizeof flags);
    assert_string_equal(flags, "suppressed");
    trygg_out_flags(TRYGG_FLAG_SUPPRESSED | TRYGG_FLAG_COMPLEMENTARY | TRYGG_FLAG_HIGH_CV |
                    TRYGG_FLAG_UNSTABLE, flags, sizeof flags);
    /* nor whether it is hidden for its own count or as a complement */
    assert_string_equal(flags, "suppressed");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_holm_within_a_family),
        cmocka_unit_test(test_bh_and_none),
        cmocka_unit_test(test_definition_keys),
        cmocka_unit_test(test_definition_mistakes),
        cmocka_unit_test(test_unstable_reasons),
        cmocka_unit_test(test_suppressed_flags_say_nothing_more),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
