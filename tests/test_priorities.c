/* Priorities and follow-up on constructed data whose right answers are
 * known by construction: which problems stand out or rise, their order,
 * ties, a suppressed area, an area surveyed one year only, and verdicts. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_support.h"
#include "trygg.h"

#define MINI TRYGG_TEST_DIR "/data/mini/"

static char dir[512];
static trygg_definition *def;
static trygg_survey *sv;

/* n respondents of a district answering p_a and p_b: `big_a` of them 3 on
 * p_a (the rest 1), `big_b` of them 4 on p_b (the rest 2). */
static void district(FILE *f, int year, const char *muni, const char *name,
                     int n, int big_a, int big_b, int *id)
{
    for (int i = 0; i < n; i++)
        fprintf(f, "R%d,%d,%s,%s,%s,1,%d,%d,%d\n", (*id)++, year, muni, name, name,
                1 + i % 2, i < big_a ? 3 : 1, i < big_b ? 4 : 2);
}

static void write_file(const char *name, const char *text)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "%s/prio_XXXXXX", TRYGG_BINARY_DIR);
    if (!mkdtemp(dir))
        return -1;
    char path[600];
    int id = 1;
    for (int year = 2023; year <= 2024; year++) {
        snprintf(path, sizeof path, "%s/%d_data.csv", dir, year);
        FILE *f = fopen(path, "wb");
        fputs("id,year,kommun,omrade,stratum,vikt,kon,p_a,p_b\n", f);
        district(f, year, "Malmby", "Aby", 100, 90, year == 2023 ? 10 : 50, &id);
        district(f, year, "Malmby", "Bstad", 100, 10, year == 2023 ? 50 : 20, &id);
        if (year == 2024) {
            district(f, year, "Nort", "Cnäs", 100, 50, 50, &id);
            district(f, year, "Malmby", "Dvik", 2, 2, 2, &id);
            /* Dvik (2 answers) is suppressed and would be Malmby minus
             * its other districts: Eholm, the smallest of them, is
             * suppressed with it, so Aby and Bstad stay published */
            district(f, year, "Malmby", "Eholm", 40, 20, 20, &id);
        }
        fclose(f);
    }
    char text[2048];
    snprintf(text, sizeof text,
             "[survey]\nname = prio\nfiles = 20*_data.csv\nscales = %sscales.csv\n"
             "items = %sitems.csv\nindicators = indicators.csv\n"
             "[columns]\nid = id\nyear = year\nmunicipality = kommun\ndistrict = omrade\n"
             "stratum = stratum\nweight = vikt\nsex = kon\n"
             "[design]\nlonely_psu = certainty\n[report]\nmin_n = 30\n", MINI, MINI);
    write_file("survey.trygg", text);
    write_file("indicators.csv",
               "indicator,type,items,codes,valid,min_valid,label_sv,label_en,group\n"
               "share_a,share,p_a,3 4,,,A,A,problem\n"
               "share_b,share,p_b,3 4,,,B,B,problem\n"
               "index,index,p_a p_b,,,1,Index,Index,headline\n");
    write_file("promises.csv",
               "area,indicator,baseline_year,followup_year,direction,target\n"
               "Aby,share_a,2023,2024,decrease,\n"
               "Aby,share_b,2023,2024,decrease,\n"
               "Bstad,share_b,2023,2024,decrease,-20\n"
               "Bstad,share_b,2023,2024,decrease,-50\n"
               "Bstad,share_b,2023,2024,minska,\n");
    snprintf(path, sizeof path, "%s/survey.trygg", dir);
    trygg_errors *err = trygg_errors_new(10);
    int ok = trygg_definition_load(path, &def, err) == TRYGG_OK &&
             trygg_survey_load(def, &sv, err) == TRYGG_OK;
    if (!ok && trygg_errors_count(err))
        fprintf(stderr, "%s\n", trygg_errors_get(err, 0)->message);
    trygg_errors_free(err);
    return ok ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    trygg_survey_free(sv);
    trygg_definition_free(def);
    const char *files[] = {"2023_data.csv", "2024_data.csv", "survey.trygg",
                           "indicators.csv", "promises.csv"};
    char path[600];
    for (size_t i = 0; i < 5; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        remove(path);
    }
    rmdir(dir);
    return 0;
}

static trygg_priorities *prio(const char *area)
{
    trygg_priorities *p = NULL;
    trygg_errors *err = trygg_errors_new(10);
    trygg_status st = trygg_priorities_compute(sv, NULL, area, &p, err);
    if (st != TRYGG_OK)
        fail_msg("%s: %s", area, trygg_errors_count(err) ?
                 trygg_errors_get(err, 0)->message : trygg_strerror(st));
    trygg_errors_free(err);
    return p;
}

static const trygg_priority_row *ranked(const trygg_priorities *p, int rank)
{
    for (size_t i = 0; i < trygg_priorities_count(p); i++)
        if (trygg_priorities_row(p, i)->rank == rank)
            return trygg_priorities_row(p, i);
    return NULL;
}

static void test_standing_out_and_rising_come_first(void **state)
{
    (void)state;
    trygg_priorities *p = prio("Aby");
    assert_int_equal(trygg_priorities_count(p), 3);
    const trygg_priority_row *r1 = ranked(p, 1), *r2 = ranked(p, 2), *r3 = ranked(p, 3);
    /* share_a: 90 % against Malmby's 2024 share, (90 + 10 + 2 + 20) / 242,
     * significantly above */
    assert_string_equal(r1->indicator, "share_a");
    assert_true(r1->priority);
    assert_string_equal(r1->parent, "Malmby");
    ts_assert_close(r1->estimate, 0.9, 1e-14, 0, "share_a");
    ts_assert_close(r1->gap, 0.9 - 122.0 / 242.0, 1e-12, 0, "gap");
    assert_true(r1->gap_p_adjusted < 0.05);
    assert_non_null(strstr(r1->reason, "signifikant högre än Malmby"));
    /* share_b rose from 10 % to 50 %: a priority, below share_a by CI */
    assert_string_equal(r2->indicator, "share_b");
    assert_true(r2->priority);
    assert_int_equal(r2->change_from, 2023);
    ts_assert_close(r2->change, 0.4, 1e-12, 0, "change");
    assert_true(r2->change_p_adjusted < 0.05);
    /* affected: 50 respondents of weight 1 */
    ts_assert_close(r2->affected, 50, 1e-12, 0, "affected");
    /* the index comes after the shares */
    assert_string_equal(r3->indicator, "index");
    trygg_priorities_free(p);
}

static void test_nothing_stands_out(void **state)
{
    (void)state;
    trygg_priorities *p = prio("Bstad");
    const trygg_priority_row *r1 = ranked(p, 1), *r2 = ranked(p, 2);
    assert_false(r1->priority || r2->priority);
    assert_string_equal(r1->indicator, "share_b");  /* 20 % before 10 % */
    assert_string_equal(r2->indicator, "share_a");
    assert_non_null(strstr(r1->reason, "varken"));
    trygg_priorities_free(p);
}

static void test_tie_and_one_year_only(void **state)
{
    (void)state;
    /* Cnäs is its municipality's only district, surveyed in 2024 only:
     * no gap, no change; share_a and share_b tie exactly (50 %) */
    trygg_priorities *p = prio("district:Cnäs");
    const trygg_priority_row *r1 = ranked(p, 1), *r2 = ranked(p, 2);
    assert_string_equal(r1->indicator, "share_a");
    assert_string_equal(r2->indicator, "share_b");
    assert_true(r1->ci_low == r2->ci_low);
    assert_true(isnan(r1->change) && r1->change_from == 0);
    assert_false(r1->priority);
    trygg_priorities_free(p);
}

static void test_suppressed_area_comes_last(void **state)
{
    (void)state;
    trygg_priorities *p = prio("Dvik");
    for (size_t i = 0; i < trygg_priorities_count(p); i++) {
        const trygg_priority_row *r = trygg_priorities_row(p, i);
        assert_true(r->flags & TRYGG_FLAG_SUPPRESSED);
        assert_false(r->priority);
        assert_string_equal(r->reason, "för få svar");
    }
    trygg_priorities_free(p);
    /* Eholm has 40 answers, but is suppressed as Dvik's complement */
    p = prio("Eholm");
    assert_int_equal(trygg_priorities_count(p), 3);
    for (size_t i = 0; i < trygg_priorities_count(p); i++) {
        const trygg_priority_row *r = trygg_priorities_row(p, i);
        assert_true(r->flags & TRYGG_FLAG_SUPPRESSED);
        assert_true(r->flags & TRYGG_FLAG_COMPLEMENTARY);
        assert_false(r->priority);
    }
    trygg_priorities_free(p);
    trygg_errors *err = trygg_errors_new(10);
    trygg_priorities *none = NULL;
    assert_int_equal(trygg_priorities_compute(sv, NULL, "Atlantis", &none, err),
                     TRYGG_ERR_NOT_FOUND);
    assert_non_null(strstr(trygg_errors_get(err, 0)->message, "no area 'Atlantis'"));
    trygg_errors_free(err);
}

/* Two doubles the same to the bit (NaN as NaN). */
static void same(double a, double b, const char *what, const trygg_priority_row *r)
{
    if (!(a == b || (isnan(a) && isnan(b))))
        fail_msg("%s %s %s: %.17g alone, %.17g with the others", r->area,
                 r->indicator, what, b, a);
}

/* Every area of `spec` at once (their gaps to the enclosing areas worked
 * out first, on every core) gets the rows it gets when asked for alone. */
static void check_all_as_alone(const trygg_survey *on, const char *spec)
{
    trygg_priorities *all = NULL;
    trygg_errors *err = trygg_errors_new(10);
    trygg_results *est = NULL;   /* once, not for every area */
    trygg_estimate_options eo;
    trygg_estimate_options_init(&eo);
    assert_int_equal(trygg_estimate(on, &eo, &est, err), TRYGG_OK);
    trygg_priority_options po;
    trygg_priority_options_init(&po);
    po.estimates = est;
    assert_int_equal(trygg_priorities_compute(on, &po, spec, &all, err), TRYGG_OK);
    assert_true(trygg_priorities_count(all) > 0);
    for (size_t i = 0; i < trygg_priorities_count(all); i++) {
        const trygg_priority_row *r = trygg_priorities_row(all, i), *o = NULL;
        char name[256];
        snprintf(name, sizeof name, "%s:%s", r->level, r->area);
        trygg_priorities *one = NULL;
        assert_int_equal(trygg_priorities_compute(on, &po, name, &one, err), TRYGG_OK);
        for (size_t j = 0; j < trygg_priorities_count(one); j++)
            if (!strcmp(trygg_priorities_row(one, j)->indicator, r->indicator))
                o = trygg_priorities_row(one, j);
        assert_non_null(o);
        assert_int_equal(r->rank, o->rank);
        assert_int_equal(r->priority, o->priority);
        assert_int_equal(r->flags, o->flags);
        assert_string_equal(r->parent, o->parent);
        assert_string_equal(r->reason, o->reason);
        same(r->estimate, o->estimate, "estimate", o);
        same(r->ci_low, o->ci_low, "ci_low", o);
        same(r->gap, o->gap, "gap", o);
        same(r->gap_se, o->gap_se, "gap_se", o);
        same(r->gap_ci_low, o->gap_ci_low, "gap_ci_low", o);
        same(r->gap_p, o->gap_p, "gap_p", o);
        same(r->gap_p_adjusted, o->gap_p_adjusted, "gap_p_adjusted", o);
        same(r->change_p_adjusted, o->change_p_adjusted, "change_p_adjusted", o);
        same(r->affected_ci_high, o->affected_ci_high, "affected_ci_high", o);
        same(r->group_ci_low, o->group_ci_low, "group_ci_low", o);
        trygg_priorities_free(one);
    }
    trygg_priorities_free(all);
    trygg_results_free(est);
    trygg_errors_free(err);
}

static void test_every_area_as_each_alone(void **state)
{
    (void)state;
    check_all_as_alone(sv, NULL);
    check_all_as_alone(sv, "district:*");
    /* a raked survey of five municipalities and their districts */
    trygg_definition *d = NULL;
    trygg_survey *s = NULL;
    trygg_errors *err = trygg_errors_new(10);
    assert_int_equal(trygg_definition_load(TRYGG_TEST_DIR
                                           "/reference/defs/trygg_public/survey_rake.trygg",
                                           &d, err),
                     TRYGG_OK);
    assert_int_equal(trygg_survey_load(d, &s, err), TRYGG_OK);
    check_all_as_alone(s, "municipality:*");
    check_all_as_alone(s, NULL);
    trygg_survey_free(s);
    trygg_definition_free(d);
    trygg_errors_free(err);
}

static void test_followup_verdicts(void **state)
{
    (void)state;
    char path[600];
    snprintf(path, sizeof path, "%s/promises.csv", dir);
    trygg_followups *f = NULL;
    trygg_errors *err = trygg_errors_new(10);
    assert_int_equal(trygg_followup_compute(sv, NULL, path, &f, err), TRYGG_OK);
    assert_int_equal(trygg_followups_count(f), 5);
    /* no change at all */
    assert_int_equal(trygg_followups_row(f, 0)->verdict, TRYGG_VERDICT_INCONCLUSIVE);
    /* promised a decrease, got +40 points */
    assert_int_equal(trygg_followups_row(f, 1)->verdict, TRYGG_VERDICT_NOT_ACHIEVED);
    assert_string_equal(trygg_followups_row(f, 1)->verdict_text, "ej uppnått");
    /* -30 points (CI about -42 to -18): consistent with -20, not with -50 */
    const trygg_followup_row *r = trygg_followups_row(f, 2);
    ts_assert_close(r->change, -0.3, 1e-12, 0, "change");
    assert_int_equal(r->verdict, TRYGG_VERDICT_ACHIEVED);
    assert_string_equal(r->verdict_text, "uppnått");
    assert_int_equal(trygg_followups_row(f, 3)->verdict, TRYGG_VERDICT_NOT_ACHIEVED);
    assert_non_null(strstr(trygg_followups_row(f, 3)->reason, "utesluter målet"));
    assert_int_equal(trygg_followups_row(f, 4)->verdict, TRYGG_VERDICT_ACHIEVED);
    trygg_followups_free(f);
    trygg_errors_free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_standing_out_and_rising_come_first),
        cmocka_unit_test(test_nothing_stands_out),
        cmocka_unit_test(test_tie_and_one_year_only),
        cmocka_unit_test(test_suppressed_area_comes_last),
        cmocka_unit_test(test_every_area_as_each_alone),
        cmocka_unit_test(test_followup_verdicts),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
