/* trygg smallarea as a user runs it: the model table beside the direct
 * figures (a suppressed district: blank direct numbers, "suppressed", its
 * synthetic estimate as in the R reference), the diagnostics, the audit of
 * the written table (and of one with a suppressed figure put back), and
 * the refusals. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"

#define SA TRYGG_TEST_DIR "/reference/smallarea/"
#define DEF SA "survey_min57.trygg"
#define COV SA "area_covariates.csv"

static char dir[512];

static int setup(void **state)
{
    (void)state;
    ts_temp_dir("cli_smallarea", dir, sizeof dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ts_remove_tree(dir);
    return 0;
}

static char *file(const char *name)
{
    static char buf[4][700];
    static int next;
    char *b = buf[next++ % 4];
    snprintf(b, sizeof buf[0], "%s/%s", dir, name);
    return b;
}

static size_t row_of(const ts_table *t, const char *domain)
{
    for (size_t i = 0; i < t->nrows; i++)
        if (!strcmp(ts_cell(t, i, ts_col(t, "domain")), domain))
            return i;
    fail_msg("no row for %s", domain);
    return 0;
}

static void test_table_and_audit(void **state)
{
    (void)state;
    char *out = NULL;
    assert_int_equal(ts_run_clif(&out, "smallarea %s --indicator share_unsafe_night --covariates %s "
                               "--out %s --diagnostics %s", DEF, COV, file("sa.csv"),
                         file("diag.csv")), 0);
    free(out);
    ts_table *t = ts_table_read(file("sa.csv"));
    ts_table *ref = ts_table_read(SA "smallarea_reference.csv");
    size_t g = row_of(t, "Gribbylund");
    assert_string_equal(ts_cell(t, g, ts_col(t, "estimate")), "");
    assert_string_equal(ts_cell(t, g, ts_col(t, "se")), "");
    assert_string_equal(ts_cell(t, g, ts_col(t, "n")), "");
    assert_string_equal(ts_cell(t, g, ts_col(t, "flag")), "suppressed");
    assert_string_equal(ts_cell(t, g, ts_col(t, "model")), "synthetic");
    /* the R figure of the logit case (the first of the reference) */
    size_t r = row_of(ref, "Gribbylund");
    ts_assert_close(ts_num(t, g, ts_col(t, "model_estimate")),
                    ts_num(ref, r, ts_col(ref, "model_estimate")), 1e-6, 0, "synthetic");
    size_t f = row_of(t, "Fittja");
    assert_string_equal(ts_cell(t, f, ts_col(t, "model")), "eblup");
    assert_string_equal(ts_cell(t, f, ts_col(t, "benchmarked")), "1");
    ts_table_free(ref);
    ts_table_free(t);
    ts_table *d = ts_table_read(file("diag.csv"));
    assert_string_equal(ts_cell(d, 0, ts_col(d, "term")), "sigma2_u");
    ts_table_free(d);
    assert_int_equal(ts_run_clif(&out, "audit %s %s", DEF, file("sa.csv")), 0);
    assert_non_null(strstr(out, "0 disclosures"));
    free(out);
    /* a suppressed district's own share put back: the audit says so */
    char *text = ts_read_whole(file("sa.csv"));
    char *at = strstr(text, ",Gribbylund,municipality,Täby,share_unsafe_night,,");
    assert_non_null(at);
    at += strlen(",Gribbylund,municipality,Täby,share_unsafe_night,");
    char *leaked = malloc(strlen(text) + 8);
    snprintf(leaked, strlen(text) + 8, "%.*s0.25%s", (int)(at - text), text, at);
    ts_write_in(dir, "leaked.csv", leaked);
    free(leaked);
    free(text);
    assert_int_equal(ts_run_clif(&out, "audit %s %s", DEF, file("leaked.csv")), 1);
    assert_non_null(strstr(out, "DISCLOSED: 2024 district Gribbylund share_unsafe_night"));
    free(out);
}

static void test_refusals(void **state)
{
    (void)state;
    char *out = NULL;
    assert_int_equal(ts_run_clif(&out, "smallarea %s --scale probit", DEF), 2);
    assert_non_null(strstr(out, "bad option --scale probit (expected logit, arcsine or "
                                "identity)"));
    free(out);
    ts_write_in(dir, "bad.csv", "district,share_x\nFittja,0.2\nTumba,0,3\n");
    assert_int_equal(ts_run_clif(&out, "smallarea %s --covariates %s --out %s", DEF, file("bad.csv"),
                         file("x.csv")), 1);
    assert_non_null(strstr(out, "bad.csv:3"));
    assert_false(ts_exists(file("x.csv")));
    free(out);
    ts_write_in(dir, "bad2.csv", "district,share_x\nFittja,0.2x\n");
    assert_int_equal(ts_run_clif(&out, "smallarea %s --covariates %s --out %s", DEF, file("bad2.csv"),
                         file("x.csv")), 1);
    assert_non_null(strstr(out, "bad2.csv:2:2: '0.2x' in column 'share_x' is not a number"));
    free(out);
    assert_int_equal(ts_run_clif(&out, "smallarea %s --level region --out %s", DEF, file("x.csv")), 2);
    assert_non_null(strstr(out, "a model is fitted to the areas of one level, and 'region' "
                                "is the region alone"));
    free(out);
    assert_int_equal(ts_run_clif(&out, "smallarea %s --pool 2", DEF), 2);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_and_audit),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
