/* The trygg command as a user runs it: exit statuses, the stable column
 * names, UTF-8 area names, errors as file:line:column. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"

#define PUBLIC TRYGG_TEST_DIR "/reference/defs/trygg_public/survey.trygg"
#define OUT TRYGG_BINARY_DIR "/cli_test_out"

static int run(const char *args, char **output) { return ts_run_cli(args, output); }
static char *slurp(const char *path) { return ts_read_whole(path); }

static void test_estimate_csv(void **state)
{
    (void)state;
    char *out;
    assert_int_equal(run("estimate " PUBLIC " --year 2024 --out " OUT ".csv", &out), 0);
    free(out);
    char *csv = slurp(OUT ".csv");
    const char *header = "year,weighting,level,domain,indicator,domain_label,group_label,"
                         "indicator_label,estimate,se,ci_low,ci_high,ci_method,n,df,deff,"
                         "cv,flag";
    assert_memory_equal(csv, header, strlen(header));
    /* the reference's Görla share_unsafe_night, full precision, UTF-8 name */
    assert_non_null(strstr(csv, "2024,design,district,Görla,share_unsafe_night,Görla,,"
                                "Otrygg ute sent,0.0704545454545"));
    assert_non_null(strstr(csv, "Södertälje centrum"));
    free(csv);
    remove(OUT ".csv");
}

static void test_json_and_tables(void **state)
{
    (void)state;
    char *out;
    assert_int_equal(run("estimate " PUBLIC " --year 2024 --indicator problem_index "
                         "--format json", &out), 0);
    assert_true(out[0] == '[');
    assert_non_null(strstr(out, "\"domain\": \"Älmsta\""));
    free(out);
    assert_int_equal(run("change " PUBLIC " --indicator share_unsafe_night", &out), 0);
    const char *change = "year_from,year_to,level,domain,indicator,domain_label,group_label,"
                         "indicator_label,change,se,ci_low,ci_high,p_value,flag";
    assert_memory_equal(out, change, strlen(change));
    free(out);
    assert_int_equal(run("contrast " PUBLIC " --year 2024 --indicator share_unsafe_night",
                         &out), 0);
    assert_non_null(strstr(out, "2024,district,Görla,municipality,Norrtälje,"));
    free(out);
}

static void test_validate(void **state)
{
    (void)state;
    char *out;
    assert_int_equal(run("validate " PUBLIC, &out), 0);
    assert_non_null(strstr(out, "14 files, 10418 respondents"));
    free(out);
}

static void test_errors(void **state)
{
    (void)state;
    char *out;
    assert_int_equal(run("", &out), 2);
    free(out);
    assert_int_equal(run("estimate", &out), 2);
    free(out);
    assert_int_equal(run("estimate " PUBLIC " --weighting magic", &out), 2);
    assert_non_null(strstr(out, "bad option --weighting magic"));
    free(out);
    assert_int_equal(run("estimate /nonexistent/survey.trygg", &out), 1);
    assert_non_null(strstr(out, "/nonexistent/survey.trygg: cannot open"));
    free(out);
    /* a failed run leaves no output file behind */
    assert_int_equal(run("estimate /nonexistent/survey.trygg --out " OUT "2.csv", &out), 1);
    assert_null(fopen(OUT "2.csv", "rb"));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_estimate_csv),
        cmocka_unit_test(test_json_and_tables),
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
