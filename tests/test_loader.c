/* The response-file loader: good files in every dialect, hand-computed
 * estimates on a tiny survey, and one malformed input per error message,
 * each with its position. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"
#include "trygg.h"

#define MINI TRYGG_TEST_DIR "/data/mini/survey.trygg"
#define HEADER "id,year,kommun,omrade,stratum,vikt,kon,p_a,p_b\n"

static trygg_definition *def;

static int setup(void **state)
{
    (void)state;
    trygg_errors *err = trygg_errors_new(10);
    int ok = trygg_definition_load(MINI, &def, err) == TRYGG_OK;
    trygg_errors_free(err);
    return ok ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    trygg_definition_free(def);
    return 0;
}

static trygg_survey *load_ok(const char *name, const char *data)
{
    trygg_errors *err = trygg_errors_new(10);
    trygg_survey *sv = NULL;
    trygg_status st = trygg_survey_load_buffer(def, name, data, strlen(data), &sv, err);
    if (st != TRYGG_OK)
        fail_msg("%s: %s", name, trygg_errors_count(err) ?
                 trygg_errors_get(err, 0)->message : trygg_strerror(st));
    trygg_errors_free(err);
    return sv;
}

static void test_good_file_and_hand_computed_estimates(void **state)
{
    (void)state;
    trygg_errors *err = trygg_errors_new(10);
    trygg_survey *sv = NULL;
    assert_int_equal(trygg_survey_load(def, &sv, err), TRYGG_OK);
    assert_int_equal(trygg_survey_rows(sv), 4);
    trygg_results *r = NULL;
    assert_int_equal(trygg_estimate(sv, NULL, &r, err), TRYGG_OK);
    /* share_a, region: (10 + 20) / 40; z = w(y - 0.75)/40; two strata */
    const trygg_estimate_row *x = trygg_results_find(r, 2024, "region", "region", "share_a");
    assert_non_null(x);
    ts_assert_close(x->estimate, 0.75, 1e-15, 0, "share");
    ts_assert_close(x->se, sqrt(0.078125), 1e-14, 0, "share se");
    assert_true(x->n == 3 && x->n_excluded == 1 && x->n_missing == 0);
    assert_true(x->df == 2);
    x = trygg_results_find(r, 2024, "district", "Hovsjö", "share_a");
    assert_non_null(x);
    ts_assert_close(x->estimate, 0.5, 1e-15, 0, "Hovsjö");
    ts_assert_close(x->se, 0.5, 1e-14, 0, "Hovsjö se");
    assert_string_equal(x->parent, "Södertälje");
    /* index of scores 0/2/4/6, min 1 valid item: (30 + 0 + 120 + 120) / 60 */
    x = trygg_results_find(r, 2024, "region", "region", "index");
    ts_assert_close(x->estimate, 4.5, 1e-15, 0, "index");
    trygg_results_free(r);
    trygg_survey_free(sv);
    trygg_errors_free(err);
}

static void test_dialects(void **state)
{
    (void)state;
    const char *semi = "\xEF\xBB\xBFid;year;kommun;omrade;stratum;vikt;kon;p_a;p_b\r\n"
                       "A1;2024;Södertälje;Hovsjö;S1;10,5;1;3;2\r\n"
                       "A2;2024;Södertälje;Hovsjö;S1;10,5;2;1;9\r\n";
    trygg_survey *sv = load_ok("2024_sodertalje.csv", semi);
    assert_int_equal(trygg_survey_rows(sv), 2);
    assert_non_null(strstr(trygg_survey_file_dialect(sv, 0), "separator ';' (detected)"));
    assert_non_null(strstr(trygg_survey_file_dialect(sv, 0), "decimal ','"));
    assert_non_null(strstr(trygg_survey_file_dialect(sv, 0), "CRLF, UTF-8 BOM"));
    trygg_results *r = NULL;
    assert_int_equal(trygg_estimate(sv, NULL, &r, NULL), TRYGG_OK);
    const trygg_estimate_row *x = trygg_results_find(r, 2024, "district", "Hovsjö", "share_a");
    ts_assert_close(x->weighted_n, 21.0, 1e-15, 0, "decimal comma weights");
    trygg_results_free(r);
    trygg_survey_free(sv);
    const char *quoted = HEADER "A1,2024,\"Södertälje\",\"Hovsjö\",S1,10,1,3,2\n"
                         "A2,2024,Södertälje,Hovsjö,S1,10,2,1,\n\n";
    sv = load_ok("2024_sodertalje.csv", quoted);
    assert_int_equal(trygg_survey_rows(sv), 2);
    trygg_survey_free(sv);
}

typedef struct {
    const char *name;       /* file name as given to the loader */
    const char *data;
    const char *message;    /* a part of the first diagnostic */
    unsigned long line, column;
} bad_case;

static const bad_case BAD[] = {
    {"2024_sodertalje.csv", "", "empty file", 1, 0},
    {"2024_sodertalje.csv", HEADER, "header but no respondents", 2, 0},
    {"2024_sodertalje.csv", HEADER "A1,2024,Södertälje,Hovsjö,S1,10,1,3\n",
     "row has 8 fields, the header has 9", 2, 8},
    {"2024_sodertalje.csv", HEADER "A1,2024,Södertälje,Hovsjö,S1,10,1,3,2,7\n",
     "row has 10 fields, the header has 9", 2, 10},
    {"2024_sodertalje.csv", HEADER "A1,2024,Södertälje,Hovsjö,S1,10,1,5,2\n",
     "unknown code '5' for item 'p_a' (expected one of: 1 2 3 4 9, or blank)", 2, 8},
    {"2024_sodertalje.csv", HEADER "A1,2024,Södertälje,Hovsjö,S1,ten,1,3,2\n",
     "'ten' in column 'vikt' is not a number", 2, 6},
    {"2024_sodertalje.csv", HEADER "A1,2024,Södertälje,Hovsjö,S1,0,1,3,2\n",
     "weights must be positive", 2, 6},
    {"2024_sodertalje.csv", HEADER "A1,2024,Södertälje,Hovsjö,S1,-1,1,3,2\n",
     "weights must be positive", 2, 6},
    {"2024_sodertalje.csv", HEADER "A1,2024,Södertälje,Hovsjö,S1,NaN,1,3,2\n",
     "'NaN' in column 'vikt' is not a number", 2, 6},
    {"2024_sodertalje.csv", HEADER "A1,2024,Södertälje,Hovsjö,S1,1e999,1,3,2\n",
     "'1e999' in column 'vikt' is not a number", 2, 6},
    {"2024_sodertalje.csv", HEADER "A1,2024,Södertälje,Hovsjö,S1,,1,3,2\n",
     "blank 'vikt' (needed as weight)", 2, 6},
    {"2024_sodertalje.csv", HEADER "A1,2024,Södertälje,Hovsjö,S1,1.000,1,3,2\n"
     "A2,2024,Södertälje,Hovsjö,S1,1 000,1,3,2\n", "'1 000' in column 'vikt'", 3, 6},
    {"2024_sodertalje.csv", HEADER "A1,2024,Södertälje,Hovsjö,S1,10,1,3,2\n"
     "A1,2024,Södertälje,Hovsjö,S1,10,1,3,2\n", "respondent id 'A1' appears twice in 2024", 3, 0},
    {"2023_sodertalje.csv", HEADER "A1,2024,Södertälje,Hovsjö,S1,10,1,3,2\n",
     "year 2024 disagrees with the file name, which says 2023", 2, 2},
    {"2024_sodertalje.csv", HEADER "A1,24,Södertälje,Hovsjö,S1,10,1,3,2\n",
     "year '24' is not a year", 2, 2},
    {"2024_sodertalje.csv", HEADER "A1,2024,Södertälje,Hovsjö,S1,10,1,3,2\n"
     "A2,2024,Botkyrka,Fittja,S9,10,1,3,2\n", "municipality 'Botkyrka' differs from 'Södertälje', which the file name says", 3, 0},
    {"2024_sodertalje.csv", HEADER "A1,2024,\"Södertälje,Hovsjö,S1,10,1,3,2\n",
     "a quoted field is never closed", 2, 3},
    {"2024_sodertalje.csv", HEADER "A1,20\"24,Södertälje,Hovsjö,S1,10,1,3,2\n",
     "malformed quoting", 2, 2},
    {"2024_sodertalje.csv", "id,year,kommun,omrade,stratum,kon,p_a,p_b\n"
     "A1,2024,Södertälje,Hovsjö,S1,1,3,2\n", "missing column 'vikt' (needed as weight)", 1, 0},
    {"2024_sodertalje.csv", "id,year,kommun,omrade,stratum,vikt,kon,p_a,p_a\n"
     "A1,2024,Södertälje,Hovsjö,S1,10,1,3,2\n", "column name 'p_a' appears twice in the header", 1, 9},
    {"2024_sodertalje.csv", HEADER ",2024,Södertälje,Hovsjö,S1,10,1,3,2\n",
     "blank 'id' (needed as id)", 2, 1},
    {"2024_sodertalje.csv", HEADER "A1,2024,Södertälje,Hovsjö,S1,10,1, 3,2\n",
     "unknown code ' 3' for item 'p_a'", 2, 8},
};

static void check_bad(const bad_case *c)
{
    trygg_errors *err = trygg_errors_new(10);
    trygg_survey *sv = NULL;
    size_t len = strlen(c->data);
    trygg_status st = trygg_survey_load_buffer(def, c->name, c->data, len, &sv, err);
    if (st == TRYGG_OK)
        fail_msg("accepted a bad file, expected: %s", c->message);
    assert_null(sv);
    assert_true(trygg_errors_count(err) >= 1);
    const trygg_diag *d = trygg_errors_get(err, 0);
    if (!strstr(d->message, c->message))
        fail_msg("expected '%s', got '%s'", c->message, d->message);
    assert_string_equal(d->file, c->name);
    if (d->line != c->line || d->column != c->column)
        fail_msg("'%s' at %lu:%lu, expected %lu:%lu", d->message, d->line,
                 d->column, c->line, c->column);
    trygg_errors_free(err);
}

static void test_each_malformed_input(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++)
        check_bad(&BAD[i]);
}

static void test_nul_byte(void **state)
{
    (void)state;
    const char data[] = HEADER "A1,2024,S\0dert,Hovsjö,S1,10,1,3,2\n";
    trygg_errors *err = trygg_errors_new(10);
    trygg_survey *sv = NULL;
    assert_int_equal(trygg_survey_load_buffer(def, "2024_sodertalje.csv", data,
                                              sizeof data - 1, &sv, err),
                     TRYGG_ERR_PARSE);
    assert_non_null(strstr(trygg_errors_get(err, 0)->message, "NUL byte"));
    assert_int_equal(trygg_errors_get(err, 0)->line, 2);
    assert_int_equal(trygg_errors_get(err, 0)->column, 3);
    trygg_errors_free(err);
}

/* Each repeat names the row before it with that id; the repeats come id by
 * id, in the order of each id's first row. Rows left out (blank lines,
 * Excel's ",,,,") keep no id. */
static void test_repeated_ids_id_by_id(void **state)
{
    (void)state;
    const char *data = HEADER "B7,2024,Södertälje,Hovsjö,S1,10,1,3,2\n"
                       ",,,,,,,,\n"
                       "A1,2024,Södertälje,Hovsjö,S1,10,1,3,2\n"
                       "A1,2024,Södertälje,Hovsjö,S1,10,1,3,2\n"
                       "B7,2024,Södertälje,Hovsjö,S1,10,1,3,2\n"
                       "A1,2024,Södertälje,Hovsjö,S1,10,1,3,2\n"
                       "C3,2024,Södertälje,Hovsjö,S1,10,1,3,2\n";
    trygg_errors *err = trygg_errors_new(10);
    trygg_survey *sv = NULL;
    assert_int_equal(trygg_survey_load_buffer(def, "2024_sodertalje.csv", data,
                                              strlen(data), &sv, err),
                     TRYGG_ERR_INVALID);
    static const struct { const char *id; unsigned long line, also; } want[] = {
        {"B7", 6, 2}, {"A1", 5, 4}, {"A1", 7, 5}};
    assert_int_equal(trygg_errors_count(err), 3);
    for (size_t i = 0; i < 3; i++) {
        const trygg_diag *d = trygg_errors_get(err, i);
        char msg[160];
        snprintf(msg, sizeof msg, "respondent id '%s' appears twice in 2024 (also "
                 "2024_sodertalje.csv line %lu)", want[i].id, want[i].also);
        assert_string_equal(d->message, msg);
        assert_int_equal(d->line, want[i].line);
    }
    trygg_errors_free(err);

    const char *ok = HEADER "B7,2024,Södertälje,Hovsjö,S1,10,1,3,2\n\n"
                     ",,,,,,,,\n"
                     "Å1,2024,Södertälje,Hovsjö,S1,10,1,3,2\n";
    sv = load_ok("2024_sodertalje.csv", ok);
    assert_int_equal(trygg_survey_rows(sv), 2);
    trygg_survey_free(sv);
}

static void test_every_problem_in_one_pass(void **state)
{
    (void)state;
    const char *data = HEADER "A1,2024,Södertälje,Hovsjö,S1,x,1,3,2\n"
                       "A2,2024,Södertälje,Hovsjö,S1,10,1,7,2\n"
                       "A3,2024,Södertälje,Hovsjö,S1,10,1,3,8\n";
    trygg_errors *err = trygg_errors_new(10);
    trygg_survey *sv = NULL;
    assert_int_not_equal(trygg_survey_load_buffer(def, "2024_sodertalje.csv", data,
                                                  strlen(data), &sv, err), TRYGG_OK);
    assert_int_equal(trygg_errors_count(err), 3);
    assert_int_equal(trygg_errors_get(err, 2)->line, 4);
    assert_int_equal(trygg_errors_get(err, 2)->column, 9);
    trygg_errors_free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_file_and_hand_computed_estimates),
        cmocka_unit_test(test_dialects),
        cmocka_unit_test(test_each_malformed_input),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_every_problem_in_one_pass),
        cmocka_unit_test(test_repeated_ids_id_by_id),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
