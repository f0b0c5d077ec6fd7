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

/* ---- constructed: four years, min_n = 30 ------------------------------ */

#define MINI TRYGG_TEST_DIR "/data/mini/"

static int next_id = 1;

/* n respondents of a district in each year 2021–2024; p_a runs 1, 2, 3, 4,
 * so share_a (codes 3 and 4) is exactly 0.5 in every district of 20·k. */
static void district(FILE *f, const char *muni, const char *d, int n)
{
    for (int year = 2021; year <= 2024; year++)
        for (int i = 0; i < n; i++)
            fprintf(f, "R%d,%d,%s,%s,,%s,1,1,%d,%d\n", next_id++, year, muni, d, muni,
                    1 + i % 4, 1 + (i + 1) % 4);
}

static trygg_survey *four_years(trygg_definition **d, char *dir, size_t size)
{
    ts_temp_dir("pool", dir, size);
    char path[700];
    snprintf(path, sizeof path, "%s/all.csv", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("id,year,kommun,omrade,delomrade,stratum,vikt,kon,p_a,p_b\n", f);
    /* M: D (10 a year) is hidden every year and pooled; A (20) hidden
     * yearly, and pooled (40) as D's complement. N: E (20) hidden yearly
     * with F (50) as its complement; pooled, E has 40 and all is shown. */
    district(f, "M", "A", 20);
    district(f, "M", "B", 40);
    district(f, "M", "C", 60);
    district(f, "M", "D", 10);
    district(f, "N", "E", 20);
    district(f, "N", "F", 50);
    district(f, "N", "G", 60);
    fclose(f);
    char text[1024];
    snprintf(text, sizeof text,
             "[survey]\nname = four years\nfiles = all.csv\nscales = %sscales.csv\n"
             "items = %sitems.csv\nindicators = %sindicators.csv\n"
             "[columns]\nid = id\nyear = year\nmunicipality = kommun\n"
             "district = omrade\nstratum = stratum\nweight = vikt\nsex = kon\n"
             "[design]\nlonely_psu = certainty\n"
             "[report]\nlevels = region municipality district\nmin_n = 30\n"
             "pool = 2\n", MINI, MINI, MINI);
    ts_write_in(dir, "four.trygg", text);
    snprintf(path, sizeof path, "%s/four.trygg", dir);
    return ts_load_survey(path, d);
}

static const trygg_estimate_row *row(const trygg_results *r, int year, const char *d)
{
    const trygg_estimate_row *x = trygg_results_find(r, year, "district", d, "share_a");
    if (!x)
        fail_msg("no row %d %s", year, d);
    return x;
}

static void test_constructed_windows_and_suppression(void **state)
{
    (void)state;
    char dir[512];
    trygg_definition *d = NULL;
    trygg_survey *four = four_years(&d, dir, sizeof dir);
    assert_int_equal(trygg_definition_pool(d), 2);
    trygg_results *yearly = estimate(four);
    assert_true(row(yearly, 2024, "E")->flags & TRYGG_FLAG_SUPPRESSED);
    assert_true(row(yearly, 2024, "F")->flags & TRYGG_FLAG_COMPLEMENTARY);
    trygg_survey *p = pool_of(four, 2, 0, 1, TRYGG_WEIGHTING_DEFAULT);
    assert_int_equal(trygg_survey_year_count(p), 2);
    assert_int_equal(trygg_survey_year(p, 0), 2022);
    assert_int_equal(trygg_survey_pooled_from(p, 2022), 2021);
    assert_int_equal(trygg_survey_pooled_from(p, 2024), 2023);
    trygg_results *r = estimate(p);
    for (int y = 2022; y <= 2024; y += 2) {
        const trygg_estimate_row *e = row(r, y, "E");
        assert_int_equal(e->flags & TRYGG_FLAG_SUPPRESSED, 0);
        assert_true(e->n == 40 && e->estimate == 0.5);
        assert_true(e->weighted_n == 20);   /* weights 1 / 2 */
        assert_int_equal(e->year_from, y - 1);
        assert_int_equal(row(r, y, "F")->flags & TRYGG_FLAG_SUPPRESSED, 0);
        assert_true(row(r, y, "D")->flags & TRYGG_FLAG_SUPPRESSED);
        assert_true(isnan(row(r, y, "D")->n));
        assert_true(row(r, y, "A")->flags & TRYGG_FLAG_COMPLEMENTARY);
        assert_true(row(r, y, "B")->n == 80);
    }
    /* changes between the two windows: independent samples */
    trygg_change_options co;
    trygg_change_options_init(&co);
    trygg_errors *err = trygg_errors_new(10);
    trygg_changes *c = NULL;
    assert_int_equal(trygg_changes_from_estimates(p, r, &co, &c, err), TRYGG_OK);
    const trygg_change_row *ce = trygg_changes_find(c, 2024, "district", "E", "share_a");
    assert_non_null(ce);
    assert_int_equal(ce->year_from, 2022);
    assert_true(ce->change == 0);
    ts_assert_close(ce->se * ce->se, 2 * row(r, 2024, "E")->se * row(r, 2024, "E")->se,
                    1e-12, 0, "independent windows");
    const trygg_change_row *cd = trygg_changes_find(c, 2024, "district", "D", "share_a");
    assert_true(cd && (cd->flags & TRYGG_FLAG_SUPPRESSED) && isnan(cd->change));
    /* the pooled tables pass the audit of the pooled survey's own lattice */
    trygg_publication *pub = NULL;
    assert_int_equal(trygg_publication_new(p, &pub), TRYGG_OK);
    assert_int_equal(trygg_publication_add_results(pub, r, "estimates"), TRYGG_OK);
    assert_int_equal(trygg_publication_add_changes(pub, c, "changes"), TRYGG_OK);
    trygg_audit *a = NULL;
    assert_int_equal(trygg_audit_run(pub, NULL, &a, err), TRYGG_OK);
    assert_int_equal(trygg_audit_disclosed(a), 0);
    assert_true(trygg_audit_protected(a) > 0);
    trygg_audit_free(a);
    trygg_publication_free(pub);
    trygg_errors_free(err);
    trygg_changes_free(c);
    trygg_results_free(r);
    trygg_results_free(yearly);
    trygg_survey_free(p);
    trygg_survey_free(four);
    trygg_definition_free(d);
    ts_remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_design_2023_2024),
        cmocka_unit_test(test_design_2022_2024),
        cmocka_unit_test(test_poststrat_each_year_first),
        cmocka_unit_test(test_windows),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_constructed_windows_and_suppression),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
