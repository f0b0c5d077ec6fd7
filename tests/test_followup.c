/* The follow-up of promises on constructed districts whose answers give
 * known changes: a share's 40 % -> 30 % over 100 answers a year is a change
 * of -0.1 with se = sqrt(0.24/99 + 0.21/99) (each district its own
 * stratum, weights 1: var = p(1-p)/(n-1)), z = -1.4832, p = 0.13801; 50 % ->
 * 20 % is -0.3, se = sqrt(0.41/99), CI (-0.4261, -0.1739), p = 3.1e-6.
 * Checked: targets in percentage points as written, both decimal marks by
 * the file's separator, Swedish numbers in Swedish reasons, the user's
 * direction words kept, names matched as typed, years validated, and a
 * suppressed estimate leaving no number behind. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"
#include "trygg.h"

#define MINI TRYGG_TEST_DIR "/data/mini/"

static char dir[512];
static trygg_definition *def;
static trygg_survey *sv;

/* n answers of a district, `big` of them 4 (a big problem) on p_b, the
 * rest 2; p_a always 1. */
static void district(FILE *f, int year, const char *name, int n, int big, int *id)
{
    for (int i = 0; i < n; i++)
        fprintf(f, "R%d,%d,Malmby,%s,%s,1,%d,1,%d\n", (*id)++, year, name, name,
                1 + i % 2, i < big ? 4 : 2);
}

static char *path_of(const char *name)
{
    static char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static void write_file(const char *name, const char *text) { ts_write_in(dir, name, text); }

static int setup(void **state)
{
    (void)state;
    ts_temp_dir("followup", dir, sizeof dir);
    int id = 1;
    for (int year = 2023; year <= 2024; year++) {
        char name[32];
        snprintf(name, sizeof name, "%d_data.csv", year);
        FILE *f = fopen(path_of(name), "wb");
        fputs("id,year,kommun,omrade,stratum,vikt,kon,p_a,p_b\n", f);
        district(f, year, "Bstad", 100, year == 2023 ? 50 : 20, &id);
        district(f, year, "Cstad", 100, year == 2023 ? 40 : 30, &id);
        /* 10 answers: suppressed; Eholm (40) is suppressed with it as
         * its complement */
        district(f, year, "Dvik", 10, 5, &id);
        district(f, year, "Eholm", 40, 20, &id);
        fclose(f);
    }
    char text[2048];
    snprintf(text, sizeof text,
             "[survey]\nname = kvitto\nfiles = 20*_data.csv\nscales = %sscales.csv\n"
             "items = %sitems.csv\nindicators = indicators.csv\n"
             "[columns]\nid = id\nyear = year\nmunicipality = kommun\ndistrict = omrade\n"
             "stratum = stratum\nweight = vikt\nsex = kon\n"
             "[design]\nlonely_psu = certainty\n[report]\nmin_n = 30\n", MINI, MINI);
    write_file("survey.trygg", text);
    write_file("indicators.csv",
               "indicator,type,items,codes,valid,min_valid,label_sv,label_en,group\n"
               "share_b,share,p_b,3 4,,,B,B,problem\n"
               "index,index,p_a p_b,,,1,Index,Index,headline\n");
    sv = ts_load_survey(path_of("survey.trygg"), &def);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    trygg_survey_free(sv);
    trygg_definition_free(def);
    ts_remove_tree(dir);
    return 0;
}

static trygg_followups *follow(const char *promises)
{
    write_file("promises.csv", promises);
    trygg_errors *err = trygg_errors_new(10);
    trygg_followups *f = NULL;
    trygg_status st = trygg_followup_compute(sv, NULL, path_of("promises.csv"), &f, err);
    if (st != TRYGG_OK)
        fail_msg("%s", trygg_errors_count(err) ? trygg_errors_get(err, 0)->message
                                               : trygg_strerror(st));
    trygg_errors_free(err);
    return f;
}

static void test_semicolon_file(void **state)
{
    (void)state;
    trygg_followups *f = follow(
        "area;indicator;baseline_year;followup_year;direction;target\n"
        "cstad;share_b;2023;2024;Minska;-2,5\n"
        "Bstad;share_b;2023;2024;minska;-50\n"
        "BSTAD;share_b;2023;2024;decrease;\xE2\x88\x92" "20\n"
        "Cstad;index;2023;2024;\xC3\x96ka;0,5\n");
    assert_int_equal(trygg_followups_count(f), 4);

    /* -0.1 (p = 0.138): not significant; the CI (-0.232, 0.032) still
     * reaches -2.5 points */
    const trygg_followup_row *r = trygg_followups_row(f, 0);
    assert_string_equal(r->area, "Cstad");
    assert_string_equal(r->direction_text, "Minska");
    assert_int_equal(r->direction, -1);
    ts_assert_close(r->target_entered, -2.5, 1e-15, 0, "target as entered");
    ts_assert_close(r->target, -0.025, 1e-15, 0, "target as a share");
    assert_string_equal(r->target_text, "\xE2\x88\x92" "2,5 procentenheter");
    assert_string_equal(r->target_text_en, "\xE2\x88\x92" "2.5 percentage points");
    ts_assert_close(r->change, -0.1, 1e-12, 0, "change");
    ts_assert_close(r->se, 0.06741998624632421, 1e-9, 0, "se");
    ts_assert_close(r->p_value, 0.13801073756865967, 1e-8, 0, "p");
    assert_int_equal(r->verdict, TRYGG_VERDICT_INCONCLUSIVE);
    assert_string_equal(r->verdict_text, "går ej att avgöra");
    assert_string_equal(r->verdict_en, "cannot be judged");
    assert_string_equal(r->reason, "förändringen är inte signifikant (p = 0,138)");
    assert_string_equal(r->reason_en, "the change is not significant (p = 0.138)");

    /* -0.3, CI (-0.426, -0.174): excludes -50 points */
    r = trygg_followups_row(f, 1);
    assert_int_equal(r->verdict, TRYGG_VERDICT_NOT_ACHIEVED);
    assert_string_equal(r->reason, "konfidensintervallet utesluter målet "
                                   "(\xE2\x88\x92" "50 procentenheter)");
    assert_string_equal(r->reason_en, "the confidence interval excludes the target "
                                      "(\xE2\x88\x92" "50 percentage points)");

    /* the same change against -20 (written with U+2212): achieved */
    r = trygg_followups_row(f, 2);
    assert_string_equal(r->area, "Bstad");
    assert_string_equal(r->direction_text, "decrease");
    ts_assert_close(r->target_entered, -20, 1e-15, 0, "target");
    assert_int_equal(r->verdict, TRYGG_VERDICT_ACHIEVED);
    assert_string_equal(r->reason, "signifikant förändring i utlovad riktning (p < 0,001), "
                                   "förenlig med målet (\xE2\x88\x92" "20 procentenheter)");
    assert_string_equal(r->reason_en, "significant change in the promised direction "
                                      "(p < 0.001), consistent with the target "
                                      "(\xE2\x88\x92" "20 percentage points)");

    /* an index's target is in its own unit: no percentage points */
    r = trygg_followups_row(f, 3);
    assert_string_equal(r->direction_text, "\xC3\x96ka");
    assert_int_equal(r->direction, 1);
    ts_assert_close(r->target, 0.5, 1e-15, 0, "index target");
    assert_string_equal(r->target_text, "0,5");
    assert_string_equal(r->target_text_en, "0.5");
    trygg_followups_free(f);
}

static void test_comma_file(void **state)
{
    (void)state;
    trygg_followups *f = follow(
        "area,indicator,baseline_year,followup_year,direction,target\n"
        "Cstad,share_b,2023,2024,increase,2.5\n");
    const trygg_followup_row *r = trygg_followups_row(f, 0);
    ts_assert_close(r->target, 0.025, 1e-15, 0, "target");
    assert_string_equal(r->target_text, "2,5 procentenheter");
    assert_string_equal(r->direction_text, "increase");
    /* -0.1 is not significant, and its CI (up to +0.032) still reaches
     * +2.5 points: it cannot be judged */
    assert_int_equal(r->verdict, TRYGG_VERDICT_INCONCLUSIVE);
    trygg_followups_free(f);
}

/* Suppressed estimates: Dvik itself (10 answers) and Eholm, its
 * complement. */
static void test_suppressed(void **state)
{
    (void)state;
    trygg_followups *f = follow(
        "area,indicator,baseline_year,followup_year,direction,target\n"
        "Dvik,share_b,2023,2024,minska,\n"
        "Eholm,share_b,2023,2024,minska,-5\n");
    for (size_t i = 0; i < 2; i++) {
        const trygg_followup_row *r = trygg_followups_row(f, i);
        double nums[] = {r->baseline, r->baseline_ci_low, r->baseline_ci_high,
                         r->followup, r->followup_ci_low, r->followup_ci_high,
                         r->change, r->se, r->ci_low, r->ci_high, r->p_value};
        for (size_t k = 0; k < sizeof nums / sizeof *nums; k++)
            assert_true(isnan(nums[k]));
        /* "suppressed" and nothing else: not even "complementary" */
        assert_int_equal(r->flags, TRYGG_FLAG_SUPPRESSED);
        assert_int_equal(r->verdict, TRYGG_VERDICT_INCONCLUSIVE);
        assert_string_equal(r->reason, "för få svar");
        assert_string_equal(r->reason_en, "too few answers");
    }
    /* and the table has blanks where the numbers would be */
    assert_int_equal(trygg_followups_write(f, path_of("out.csv"), TRYGG_FORMAT_CSV, NULL),
                     TRYGG_OK);
    ts_table *t = ts_table_read(path_of("out.csv"));
    assert_int_equal(t->nrows, 2);
    const char *blank[] = {"baseline", "baseline_ci_low", "baseline_ci_high", "followup",
                           "followup_ci_low", "followup_ci_high", "change", "se",
                           "ci_low", "ci_high", "p_value"};
    for (size_t i = 0; i < 2; i++) {
        for (size_t k = 0; k < sizeof blank / sizeof *blank; k++)
            assert_string_equal(ts_cell(t, i, ts_col(t, blank[k])), "");
        assert_string_equal(ts_cell(t, i, ts_col(t, "flag")), "suppressed");
        assert_string_equal(ts_cell(t, i, ts_col(t, "direction")), "minska");
        assert_string_equal(ts_cell(t, i, ts_col(t, "verdict_en")), "cannot be judged");
    }
    /* the promise's own target stays: it is no estimate */
    assert_string_equal(ts_cell(t, 1, ts_col(t, "target")), "-5");
    assert_string_equal(ts_cell(t, 1, ts_col(t, "target_text_en")),
                        "\xE2\x88\x92" "5 percentage points");
    ts_table_free(t);
    trygg_followups_free(f);
}

/* Every wrong cell of the file, each with its line and column. */
static void test_errors(void **state)
{
    (void)state;
    write_file("promises.csv",
               "area;indicator;baseline_year;followup_year;direction;target\n"
               "Cstd;share_b;2024;2023;minskaa;-2.5\n"
               "Cstad;shareb;2021;2024;minska;1 000\n"
               "Cstad;share_b;2024;2024;minska;\n");
    trygg_errors *err = trygg_errors_new(20);
    trygg_followups *f = NULL;
    assert_int_equal(trygg_followup_compute(sv, NULL, path_of("promises.csv"), &f, err),
                     TRYGG_ERR_INVALID);
    assert_null(f);
    const struct {
        unsigned long line, column;
        const char *message;
    } want[] = {
        /* Bstad is two edits from Cstd as well */
        {2, 1, "no area 'Cstd'; did you mean 'Cstad' or 'Bstad'?"},
        {2, 4, "the follow-up year 2023 must come after the baseline year 2024"},
        {2, 5, "direction must be decrease/minska or increase/öka, not 'minskaa'"},
        {2, 6, "target '-2.5' is not a number (decimal mark ',' in a ';' file, no spaces "
               "or thousands separators)"},
        {3, 2, "no indicator 'shareb'; did you mean 'share_b'?"},
        {3, 3, "2021 is no survey year in the data (years: 2023, 2024)"},
        {3, 6, "target '1 000' is not a number (decimal mark ',' in a ';' file, no spaces "
               "or thousands separators)"},
        {4, 4, "the follow-up year 2024 must come after the baseline year 2024"},
    };
    assert_int_equal(trygg_errors_count(err), sizeof want / sizeof *want);
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const trygg_diag *d = trygg_errors_get(err, i);
        assert_string_equal(d->message, want[i].message);
        assert_int_equal(d->line, want[i].line);
        assert_int_equal(d->column, want[i].column);
    }
    trygg_errors_free(err);
}


/* The kvitto's difference of changes, (d2 - m2) - (d1 - m1), and the
 * enclosing area's own change, against R: svyby(covmat = TRUE) +
 * svycontrast on each year's design of tests/reference/trygg_public, the
 * difference of the two contrasts and the square root of their summed
 * variances (tests/reference/kvitto/make_kvitto.R). */
static void test_r_reference(void **state)
{
    (void)state;
    trygg_definition *rdef = NULL;
    trygg_survey *rsv = ts_load_survey(TRYGG_TEST_DIR
                                       "/reference/defs/trygg_public/survey.trygg", &rdef);
    ts_table *ref = ts_table_read(TRYGG_TEST_DIR "/reference/kvitto/kvitto_reference.csv");
    assert_true(ref->nrows >= 8);
    char text[4096] = "area,indicator,baseline_year,followup_year,direction\n";
    for (size_t i = 0; i < ref->nrows; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "%s:%s,%s,%s,%s,minska\n",
                 ts_cell(ref, i, ts_col(ref, "level")), ts_cell(ref, i, ts_col(ref, "area")),
                 ts_cell(ref, i, ts_col(ref, "indicator")),
                 ts_cell(ref, i, ts_col(ref, "baseline_year")),
                 ts_cell(ref, i, ts_col(ref, "followup_year")));
    write_file("reference_promises.csv", text);
    trygg_errors *err = trygg_errors_new(20);
    trygg_followups *f = NULL;
    assert_int_equal(trygg_followup_compute(rsv, NULL, path_of("reference_promises.csv"), &f,
                                            err), TRYGG_OK);
    assert_int_equal(trygg_followups_count(f), ref->nrows);
    for (size_t i = 0; i < ref->nrows; i++) {
        const trygg_followup_row *r = trygg_followups_row(f, i);
        assert_string_equal(r->parent, ts_cell(ref, i, ts_col(ref, "parent")));
        const struct {
            double got;
            const char *col;
        } pairs[] = {
            {r->change, "area_change"},         {r->se, "area_change_se"},
            {r->parent_baseline, "parent_baseline"},
            {r->parent_followup, "parent_followup"},
            {r->parent_change, "parent_change"}, {r->parent_change_se, "parent_change_se"},
            {r->difference, "difference"},     {r->difference_se, "difference_se"},
        };
        for (size_t k = 0; k < sizeof pairs / sizeof *pairs; k++) {
            char what[160];
            snprintf(what, sizeof what, "%s %s %s", r->area, r->indicator, pairs[k].col);
            ts_assert_close(pairs[k].got, ts_num(ref, i, ts_col(ref, pairs[k].col)), 1e-9,
                            1e-13, what);
        }
        /* the difference is the area's change less its enclosing area's,
         * with a variance smaller than if the two were independent */
        ts_assert_close(r->difference, r->change - r->parent_change, 1e-9, 1e-13,
                        "difference of the changes");
        assert_true(r->difference_se < sqrt(r->se * r->se +
                                            r->parent_change_se * r->parent_change_se));
        assert_true(r->comparison[0] && r->comparison_en[0]);
    }
    trygg_followups_free(f);
    trygg_errors_free(err);
    ts_table_free(ref);
    trygg_survey_free(rsv);
    trygg_definition_free(rdef);
}

/* A promise beside its municipality on constructed data: the enclosing
 * area and the words; a suppressed promise has none of it, in the table
 * either. */
static void test_beside_parent(void **state)
{
    (void)state;
    trygg_followups *f = follow(
        "area,indicator,baseline_year,followup_year,direction,target\n"
        "Bstad,share_b,2023,2024,minska,\n"
        "Dvik,share_b,2023,2024,minska,\n");
    const trygg_followup_row *b = trygg_followups_row(f, 0), *d = trygg_followups_row(f, 1);
    assert_string_equal(b->parent_level, "municipality");
    assert_string_equal(b->parent, "Malmby");
    /* Malmby: Bstad, Cstad, Dvik and Eholm together */
    ts_assert_close(b->parent_baseline, (50.0 + 40 + 5 + 20) / 250, 1e-12, 0, "Malmby 2023");
    ts_assert_close(b->parent_followup, (20.0 + 30 + 5 + 20) / 250, 1e-12, 0, "Malmby 2024");
    ts_assert_close(b->difference, b->change - b->parent_change, 1e-12, 1e-15, "difference");
    assert_true(b->difference < 0);
    assert_non_null(strstr(b->comparison_en, "than Malmby over the same years (difference "));
    assert_non_null(strstr(b->comparison, "Bstad förändrades signifikant mer i utlovad "
                                          "riktning än Malmby"));
    assert_non_null(strstr(b->comparison, "procentenheter"));
    assert_string_equal(d->parent, "");
    assert_true(isnan(d->difference) && isnan(d->parent_change));
    assert_string_equal(d->comparison, "");
    assert_int_equal(trygg_followups_write(f, path_of("beside.csv"), TRYGG_FORMAT_CSV, NULL),
                     TRYGG_OK);
    ts_table *t = ts_table_read(path_of("beside.csv"));
    const char *cols[] = {"parent_level", "parent", "parent_change", "difference",
                          "difference_se", "difference_p", "comparison"};
    for (size_t k = 0; k < sizeof cols / sizeof *cols; k++)
        assert_string_equal(ts_cell(t, 1, ts_col(t, cols[k])), "");
    assert_string_equal(ts_cell(t, 0, ts_col(t, "parent")), "Malmby");
    ts_table_free(t);
    trygg_followups_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_semicolon_file),
        cmocka_unit_test(test_comma_file),
        cmocka_unit_test(test_suppressed),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_r_reference),
        cmocka_unit_test(test_beside_parent),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
