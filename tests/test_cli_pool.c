/* trygg estimate --pool N as a user runs it: the pooled table's columns and
 * figures (the R reference's), the note that pooled figures are for areas
 * without yearly ones, the audit of pooled tables apart from yearly ones,
 * and the refusals. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"

#define PUBLIC TRYGG_TEST_DIR "/reference/defs/trygg_public/survey.trygg"
#define REGION TRYGG_SOURCE_DIR "/fixtures/region/survey.trygg"

static char dir[512];

static int setup(void **state)
{
    (void)state;
    ts_temp_dir("cli_pool", dir, sizeof dir);
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

/* Botkyrka's share_victim pooled 2023–2024: the R figure of
 * tests/reference/pool/pool_reference.csv, in the table's own columns. */
static void test_pooled_table(void **state)
{
    (void)state;
    char *out = NULL;
    assert_int_equal(ts_run_clif(&out, "estimate %s --pool 2 --level municipality "
                               "--indicator share_victim --out %s", PUBLIC, file("p.csv")), 0);
    assert_non_null(strstr(out, "pooled figures (2023–2024): publish them for areas "
                                "without yearly figures"));
    assert_non_null(strstr(out, "(2023–2024 minus 2024 gives 2023)"));
    free(out);
    ts_table *t = ts_table_read(file("p.csv"));
    assert_string_equal(t->header[0], "year_from");
    assert_string_equal(t->header[1], "year");
    int found = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        if (strcmp(ts_cell(t, i, ts_col(t, "domain")), "Botkyrka"))
            continue;
        found = 1;
        assert_string_equal(ts_cell(t, i, 0), "2023");
        assert_string_equal(ts_cell(t, i, 1), "2024");
        ts_assert_close(ts_num(t, i, ts_col(t, "estimate")), 0.19287960300277357, 1e-9, 0,
                        "Botkyrka pooled share_victim");
        ts_assert_close(ts_num(t, i, ts_col(t, "se")), 0.012239052536997421, 1e-9, 0,
                        "its se");
        assert_string_equal(ts_cell(t, i, ts_col(t, "n")), "1350");
    }
    assert_true(found);
    ts_table_free(t);
}

/* The pooled table passes the audit of the pooled sample; beside a yearly
 * table, or without --pool, the audit refuses it. */
static void test_audit_apart(void **state)
{
    (void)state;
    char *out = NULL;
    assert_int_equal(ts_run_clif(&out, "estimate %s --pool 2 -q --out %s", REGION, file("r.csv")), 0);
    free(out);
    assert_int_equal(ts_run_clif(&out, "estimate %s --year 2024 -q --out %s", REGION,
                         file("y.csv")), 0);
    free(out);
    assert_int_equal(ts_run_clif(&out, "audit %s %s --pool 2 --no-bounds", REGION, file("r.csv")), 0);
    assert_non_null(strstr(out, "0 disclosures"));
    free(out);
    assert_int_equal(ts_run_clif(&out, "audit %s %s", REGION, file("r.csv")), 1);
    assert_non_null(strstr(out, "a table of pooled years (year_from): audit it on the "
                                "pooled survey (trygg audit --pool N)"));
    free(out);
    assert_int_equal(ts_run_clif(&out, "audit %s %s %s --pool 2", REGION, file("r.csv"),
                         file("y.csv")), 1);
    assert_non_null(strstr(out, "pooled and yearly figures of the same areas published "
                                "together can be subtracted"));
    free(out);
}

static void test_refusals(void **state)
{
    (void)state;
    char *out = NULL;
    assert_int_equal(ts_run_clif(&out, "estimate %s --pool 0", PUBLIC), 2);
    assert_non_null(strstr(out, "bad option --pool 0 (expected a number of survey years"));
    free(out);
    assert_int_equal(ts_run_clif(&out, "estimate %s --pool 4 --out %s", PUBLIC, file("x.csv")), 1);
    assert_non_null(strstr(out, "pooling 4 survey years up to 2024 needs 4 survey years; "
                                "the data has 3"));
    assert_false(ts_exists(file("x.csv")));
    free(out);
    /* three survey years make one window of two: no earlier one */
    assert_int_equal(ts_run_clif(&out, "estimate %s --pool 2 --out %s --changes %s", PUBLIC,
                         file("x.csv"), file("c.csv")), 1);
    assert_non_null(strstr(out, "no area has answers in an earlier window of 2 survey "
                                "years to compare with"));
    assert_false(ts_exists(file("x.csv")));
    free(out);
    assert_int_equal(ts_run_clif(&out, "change %s --pool 2", PUBLIC), 2);
    assert_non_null(strstr(out, "--pool is not an option of trygg change"));
    free(out);
}

/* [report] pool = 2: estimate pools by default (--pool 1 does not); report
 * and chart refuse, as their pages are of single years. */
static void test_definition_pools(void **state)
{
    (void)state;
    char text[2048], *out = NULL;
    const char *def = TRYGG_TEST_DIR "/reference/defs/trygg_public/";
    snprintf(text, sizeof text,
             "[survey]\nname = pooled\nfiles = %s../../trygg_public/20[0-9][0-9]_*.csv\n"
             "scales = %sscales.csv\nitems = %sitems.csv\nindicators = %sindicators.csv\n"
             "[columns]\nid = respondent\nyear = year\nmunicipality = municipality\n"
             "district = district\nstratum = stratum\nfpc = stratum_pop\n"
             "weight = design_weight\nsex = sex\nage_group = age_group\n"
             "[design]\nlonely_psu = adjust\n[report]\nlevels = region municipality "
             "district\nmin_n = 0\npool = 2\n", def, def, def, def);
    ts_write_in(dir, "pooled.trygg", text);
    assert_int_equal(ts_run_clif(&out, "estimate %s --level region --indicator share_victim -q",
                         file("pooled.trygg")), 0);
    assert_non_null(strstr(out, "year_from,year,"));
    assert_non_null(strstr(out, "\n2023,2024,design,region,region,share_victim,"));
    free(out);
    assert_int_equal(ts_run_clif(&out, "estimate %s --pool 1 --level region --indicator share_victim",
                         file("pooled.trygg")), 0);
    assert_non_null(strstr(out, "year,weighting,level"));
    assert_null(strstr(out, "year_from"));
    free(out);
    assert_int_equal(ts_run_clif(&out, "report %s --out %s", file("pooled.trygg"), file("rep")), 1);
    assert_non_null(strstr(out, "the definition pools 2 survey years ([report] pool)"));
    assert_false(ts_exists(file("rep")));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pooled_table),
        cmocka_unit_test(test_audit_apart),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_definition_pools),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
