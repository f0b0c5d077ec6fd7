/* One analysis per run: a report's tables (estimates, changes, contrasts,
 * priorities, follow-ups, a priorities chart) and every table of the
 * engine made from one analysis build each survey year exactly once (the
 * analysis counts its trygg_year_build calls); the tables are the ones the
 * functions that make an analysis of their own give, bit for bit, and they
 * do not depend on the analysis's thread count. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_internal.h"
#include "test_support.h"
#include "trygg.h"
#include "trygg_book.h"

#define REGION TRYGG_SOURCE_DIR "/fixtures/region/survey.trygg"

typedef struct {
    trygg_definition *def;
    trygg_survey *sv;
    char dir[256];
    char promises[300];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    trygg_errors *err = trygg_errors_new(10);
    f->sv = ts_load_survey(REGION, &f->def);
    assert_non_null(f->sv);
    assert_non_null(ts_temp_dir("analysis", f->dir, sizeof f->dir));
    ts_path(f->promises, sizeof f->promises, f->dir, "promises.csv");
    ts_write_file(f->promises,
                  "area,indicator,baseline_year,followup_year,direction,target\n"
                  "Fittja,share_big_problem_p_drug_dealing,2022,2024,decrease,-5\n"
                  "Alby,share_big_problem_p_littering,2023,2024,minska,\n"
                  "Botkyrka,problem_index,2022,2024,decrease,\n");
    trygg_errors_free(err);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    ts_remove_tree(f->dir);
    trygg_survey_free(f->sv);
    trygg_definition_free(f->def);
    free(f);
    return 0;
}

/* Every survey year built once, and no more. */
static void assert_each_year_once(const trygg_analysis *a, const trygg_survey *sv)
{
    size_t ny = trygg_survey_year_count(sv);
    assert_int_equal(ny, 3);
    for (size_t i = 0; i < ny; i++)
        assert_int_equal(a->years[i].builds, 1);
    assert_int_equal(trygg_analysis_year_builds(a), ny);
}

static void test_report_builds_each_year_once(void **state)
{
    fixture *f = *state;
    trygg_errors *err = trygg_errors_new(10);
    trygg_estimate_options eo;
    trygg_estimate_options_init(&eo);
    trygg_change_options co;
    trygg_change_options_init(&co);
    co.level = 0;
    trygg_book_data d;
    /* what trygg report does, stage by stage */
    assert_int_equal(trygg_book_data_compute(f->sv, &eo, &co, 0, 1, TRYGG_REPORT_SV, NULL, &d,
                                             err), TRYGG_OK);
    assert_int_equal(trygg_book_data_priorities(f->sv, &d, "municipality:*", NULL, err),
                     TRYGG_OK);
    assert_int_equal(trygg_book_data_followups(f->sv, &d, f->promises, err), TRYGG_OK);
    assert_int_equal(trygg_followups_count(d.fu), 3);
    assert_true(trygg_priorities_count(d.prio) > 20);
    /* and trygg chart --type priorities on the same data */
    trygg_book_arena ar = {0};
    trygg_report_chart ch;
    assert_int_equal(trygg_book_chart(f->sv, &d, &ar, "priorities", "Fittja", NULL, &ch), 0);
    trygg_book_arena_free(&ar);
    assert_each_year_once(d.an, f->sv);
    trygg_book_data_free(&d);
    trygg_errors_free(err);
}

/* A report without promises keeps its year alone once the estimates are
 * made (a year at a time in memory before): the priorities and a
 * priorities chart build nothing again. */
static void test_report_keeps_its_year(void **state)
{
    fixture *f = *state;
    trygg_errors *err = trygg_errors_new(10);
    trygg_estimate_options eo;
    trygg_estimate_options_init(&eo);
    eo.threads = 1;
    trygg_change_options co;
    trygg_change_options_init(&co);
    trygg_book_data d;
    assert_int_equal(trygg_book_data_compute(f->sv, &eo, &co, 0, 0, TRYGG_REPORT_SV, NULL, &d,
                                             err), TRYGG_OK);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(d.an->years[i].built, d.an->years[i].year == 2024);
    assert_int_equal(trygg_book_data_priorities(f->sv, &d, "municipality:*", NULL, err),
                     TRYGG_OK);
    trygg_book_arena ar = {0};
    trygg_report_chart ch;
    assert_int_equal(trygg_book_chart(f->sv, &d, &ar, "matrix", "Botkyrka", NULL, &ch), 0);
    trygg_book_arena_free(&ar);
    assert_each_year_once(d.an, f->sv);
    trygg_book_data_free(&d);
    trygg_errors_free(err);
}

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static void assert_same_estimates(const trygg_results *a, const trygg_results *b)
{
    assert_int_equal(trygg_results_count(a), trygg_results_count(b));
    for (size_t i = 0; i < trygg_results_count(a); i++) {
        const trygg_estimate_row *x = trygg_results_row(a, i), *y = trygg_results_row(b, i);
        assert_int_equal(x->year, y->year);
        assert_string_equal(x->level, y->level);
        assert_string_equal(x->domain, y->domain);
        assert_string_equal(x->indicator, y->indicator);
        assert_true(same_bits(x->estimate, y->estimate));
        assert_true(same_bits(x->se, y->se));
        assert_true(same_bits(x->ci_low, y->ci_low));
        assert_true(same_bits(x->ci_high, y->ci_high));
        assert_int_equal(x->flags, y->flags);
    }
}

static void assert_same_changes(const trygg_changes *a, const trygg_changes *b)
{
    assert_int_equal(trygg_changes_count(a), trygg_changes_count(b));
    for (size_t i = 0; i < trygg_changes_count(a); i++) {
        const trygg_change_row *x = trygg_changes_row(a, i), *y = trygg_changes_row(b, i);
        assert_int_equal(x->year_to, y->year_to);
        assert_string_equal(x->domain, y->domain);
        assert_string_equal(x->other_domain, y->other_domain);
        assert_string_equal(x->indicator, y->indicator);
        assert_true(same_bits(x->change, y->change));
        assert_true(same_bits(x->se, y->se));
        assert_true(same_bits(x->p_value, y->p_value));
        assert_int_equal(x->flags, y->flags);
    }
}

static void assert_same_priorities(const trygg_priorities *a, const trygg_priorities *b)
{
    assert_int_equal(trygg_priorities_count(a), trygg_priorities_count(b));
    for (size_t i = 0; i < trygg_priorities_count(a); i++) {
        const trygg_priority_row *x = trygg_priorities_row(a, i);
        const trygg_priority_row *y = trygg_priorities_row(b, i);
        assert_string_equal(x->area, y->area);
        assert_string_equal(x->indicator, y->indicator);
        assert_int_equal(x->rank, y->rank);
        assert_true(same_bits(x->ci_low, y->ci_low));
        assert_true(same_bits(x->gap_se, y->gap_se));
        assert_true(same_bits(x->affected_ci_high, y->affected_ci_high));
        assert_true(same_bits(x->trend_se, y->trend_se));
        assert_int_equal(x->flags, y->flags);
    }
}

/* Every table from one analysis (on `threads` threads): each year built
 * once, and each table the same as its own function makes it. */
static void every_table(fixture *f, size_t threads)
{
    trygg_errors *err = trygg_errors_new(10);
    trygg_analysis_options ao;
    trygg_analysis_options_init(&ao);
    ao.threads = threads;
    trygg_analysis *a = NULL;
    assert_int_equal(trygg_analysis_new(f->sv, &ao, &a), TRYGG_OK);
    const trygg_results *est = NULL;
    trygg_changes *con = NULL, *chg = NULL, *tr = NULL, *c2 = NULL;
    trygg_priorities *prio = NULL, *p2 = NULL;
    trygg_followups *fu = NULL;
    trygg_change_options co;
    trygg_change_options_init(&co);
    co.all_pairs = 1;
    /* contrasts first: the estimates after them find their years built */
    assert_int_equal(trygg_analysis_contrasts(a, NULL, &con, err), TRYGG_OK);
    assert_int_equal(trygg_analysis_estimates(a, &est, err), TRYGG_OK);
    assert_int_equal(trygg_analysis_changes(a, &co, &chg, err), TRYGG_OK);
    assert_int_equal(trygg_analysis_trends(a, NULL, &tr, err), TRYGG_OK);
    assert_int_equal(trygg_analysis_priorities(a, NULL, NULL, &prio, err), TRYGG_OK);
    assert_int_equal(trygg_analysis_followups(a, NULL, f->promises, &fu, err), TRYGG_OK);
    assert_each_year_once(a, f->sv);

    trygg_results *own = NULL;
    assert_int_equal(trygg_estimate(f->sv, NULL, &own, err), TRYGG_OK);
    assert_same_estimates(est, own);
    assert_int_equal(trygg_contrasts_compute(f->sv, NULL, &c2, err), TRYGG_OK);
    assert_true(trygg_changes_count(c2) > 1000);
    assert_same_changes(con, c2);
    trygg_changes_free(c2);
    assert_int_equal(trygg_changes_compute(f->sv, &co, &c2, err), TRYGG_OK);
    assert_same_changes(chg, c2);
    trygg_changes_free(c2);
    assert_int_equal(trygg_trends_compute(f->sv, NULL, &c2, err), TRYGG_OK);
    assert_same_changes(tr, c2);
    assert_int_equal(trygg_priorities_compute(f->sv, NULL, NULL, &p2, err), TRYGG_OK);
    assert_same_priorities(prio, p2);

    trygg_results_free(own);
    trygg_changes_free(c2);
    trygg_changes_free(con);
    trygg_changes_free(chg);
    trygg_changes_free(tr);
    trygg_priorities_free(prio);
    trygg_priorities_free(p2);
    trygg_followups_free(fu);
    trygg_analysis_free(a);
    trygg_errors_free(err);
}

static void test_one_analysis_every_table(void **state)
{
    every_table(*state, 1);
    every_table(*state, 2);
}

/* A part of the estimates asked for after the whole: copied, no year built
 * again; asked for first: made from the years, which are kept. */
static void test_parts_of_the_estimates(void **state)
{
    fixture *f = *state;
    trygg_errors *err = trygg_errors_new(10);
    trygg_analysis *a = NULL;
    assert_int_equal(trygg_analysis_new(f->sv, NULL, &a), TRYGG_OK);
    trygg_estimate_options part;
    trygg_estimate_options_init(&part);
    part.level_name = "municipality";
    part.year = 2023;
    trygg_results *before = NULL, *after = NULL;
    const trygg_results *all = NULL;
    assert_int_equal(trygg_analysis_estimate(a, &part, &before, err), TRYGG_OK);
    assert_int_equal(trygg_analysis_year_builds(a), 1);
    assert_int_equal(trygg_analysis_estimates(a, &all, err), TRYGG_OK);
    assert_int_equal(trygg_analysis_estimate(a, &part, &after, err), TRYGG_OK);
    assert_each_year_once(a, f->sv);
    assert_true(trygg_results_count(before) > 50);
    assert_same_estimates(before, after);
    trygg_results *own = NULL;
    assert_int_equal(trygg_estimate(f->sv, &part, &own, err), TRYGG_OK);
    assert_same_estimates(before, own);
    trygg_results_free(own);
    trygg_results_free(before);
    trygg_results_free(after);
    trygg_analysis_free(a);
    trygg_errors_free(err);
}

/* The functions that make an analysis of their own build each year once
 * too, and keep none of them after use (a year at a time in memory). */
static void test_once_keeps_no_year(void **state)
{
    fixture *f = *state;
    trygg_errors *err = trygg_errors_new(10);
    trygg_analysis *a = NULL;
    assert_int_equal(trygg_analysis_new_once(f->sv, NULL, &a), TRYGG_OK);
    trygg_results *r = NULL;
    assert_int_equal(trygg_analysis_estimate(a, NULL, &r, err), TRYGG_OK);
    assert_each_year_once(a, f->sv);
    for (size_t i = 0; i < trygg_survey_year_count(f->sv); i++)
        assert_int_equal(a->years[i].built, 0);
    /* a year asked for that the survey has not */
    trygg_year *y = NULL;
    assert_int_equal(trygg_analysis_year_get(a, 1999, &y, err), TRYGG_ERR_ARGUMENT);
    assert_null(y);
    trygg_results_free(r);
    trygg_analysis_free(a);
    trygg_errors_free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_builds_each_year_once),
        cmocka_unit_test(test_report_keeps_its_year),
        cmocka_unit_test(test_one_analysis_every_table),
        cmocka_unit_test(test_parts_of_the_estimates),
        cmocka_unit_test(test_once_keeps_no_year),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
