/* A survey of one year (trygg_survey_load_year) against the whole survey:
 * the year's rows and nothing else, the names numbered as the whole load
 * numbers them (other years' files read for their names only, on the
 * plain path and on the CSV reader's), every estimate of the year equal to
 * the last bit and in the same order, other years' rows left unchecked and
 * the year's own checked as before. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "survey_internal.h"
#include "test_support.h"

#define MINI TRYGG_TEST_DIR "/data/mini"
#define REGION TRYGG_SOURCE_DIR "/fixtures/region/survey.trygg"
#define HEADER "id,year,kommun,omrade,stratum,vikt,kon,p_a,p_b\n"

static trygg_survey *load(const trygg_definition *d, int year, trygg_status want,
                          trygg_errors *err)
{
    trygg_survey *sv = NULL;
    trygg_status st = year ? trygg_survey_load_year(d, year, &sv, err)
                           : trygg_survey_load(d, &sv, err);
    assert_int_equal(st, want);
    return sv;
}

/* Row r of `whole` and row q of `one` hold the same values. */
static void same_row(const trygg_survey *whole, size_t r, const trygg_survey *one,
                     size_t q)
{
    assert_int_equal(whole->year[r], one->year[q]);
    assert_int_equal(whole->line[r], one->line[q]);
    assert_string_equal(whole->files[whole->file[r]].path, one->files[one->file[q]].path);
    for (size_t c = 0; c < whole->ncols; c++) {
        const trygg_column *a = &whole->cols[c], *b = &one->cols[c];
        if (a->kind == TRYGG_COL_CAT)
            assert_int_equal(a->cat[r], b->cat[q]);
        else if (a->kind == TRYGG_COL_CODE)
            assert_int_equal(a->code[r], b->code[q]);
        else if (a->kind == TRYGG_COL_TEXT)
            assert_string_equal(a->text + a->off[r], b->text + b->off[q]);
        else
            assert_memory_equal(&a->num[r], &b->num[q], sizeof(double));
    }
}

/* `one` is `whole` restricted to `year`: rows in order, every dictionary
 * the same names in the same order, the one year. */
static void same_as_year_of(const trygg_survey *whole, const trygg_survey *one, int year)
{
    size_t q = 0;
    for (size_t r = 0; r < whole->nrows; r++)
        if (whole->year[r] == year)
            same_row(whole, r, one, q++);
    assert_int_equal(q, one->nrows);
    assert_true(q > 0);
    assert_int_equal(one->nyears, 1);
    assert_int_equal(one->years[0], year);
    for (size_t c = 0; c < whole->ncols; c++) {
        const trygg_dict *a = &whole->cols[c].dict, *b = &one->cols[c].dict;
        assert_int_equal(a->count, b->count);
        for (size_t i = 0; i < a->count; i++)
            assert_string_equal(a->names[i], b->names[i]);
    }
}

static void same_row_numbers(const trygg_estimate_row *a, const trygg_estimate_row *b)
{
    assert_string_equal(a->level, b->level);
    assert_string_equal(a->domain, b->domain);
    assert_string_equal(a->indicator, b->indicator);
    const double x[] = {a->estimate, a->se, a->ci_low, a->ci_high, a->n, a->weighted_n,
                        a->df, a->deff, a->cv, a->n_excluded, a->n_missing};
    const double y[] = {b->estimate, b->se, b->ci_low, b->ci_high, b->n, b->weighted_n,
                        b->df, b->deff, b->cv, b->n_excluded, b->n_missing};
    assert_memory_equal(x, y, sizeof x);
    assert_int_equal(a->flags, b->flags);
}

/* Every estimate of the year, raked, from both surveys: bit for bit, row
 * for row. */
static void same_estimates(const trygg_survey *whole, const trygg_survey *one, int year)
{
    trygg_estimate_options o;
    trygg_estimate_options_init(&o);
    o.year = year;
    trygg_errors *err = trygg_errors_new(20);
    trygg_results *a = NULL, *b = NULL;
    assert_int_equal(trygg_estimate(whole, &o, &a, err), TRYGG_OK);
    assert_int_equal(trygg_estimate(one, &o, &b, err), TRYGG_OK);
    assert_int_equal(trygg_results_count(a), trygg_results_count(b));
    assert_true(trygg_results_count(a) > 100);
    for (size_t i = 0; i < trygg_results_count(a); i++)
        same_row_numbers(trygg_results_row(a, i), trygg_results_row(b, i));
    trygg_results_free(a);
    trygg_results_free(b);
    trygg_errors_free(err);
}

/* The fixture region, the middle year (names of the years before and after
 * it), on one thread and on several. */
static void test_region_year(void **state)
{
    (void)state;
    trygg_errors *err = trygg_errors_new(20);
    trygg_definition *d = NULL;
    assert_int_equal(trygg_definition_load(REGION, &d, err), TRYGG_OK);
    const char *threads[] = {"1", "4"};
    for (int t = 0; t < 2; t++) {
        assert_int_equal(setenv("TRYGG_THREADS", threads[t], 1), 0);
        trygg_survey *whole = load(d, 0, TRYGG_OK, err);
        for (int year = 2022; year <= 2024; year++) {
            trygg_survey *one = load(d, year, TRYGG_OK, err);
            same_as_year_of(whole, one, year);
            if (year == 2023)
                same_estimates(whole, one, year);
            trygg_survey_free(one);
        }
        trygg_survey_free(whole);
    }
    unsetenv("TRYGG_THREADS");
    trygg_definition_free(d);
    trygg_errors_free(err);
}

/* from/name copied whole into dir/name */
static void copy_file(const char *from, const char *dir, const char *name)
{
    char path[1400];
    char *text = ts_read_whole(ts_path(path, sizeof path, from, name));
    ts_write_in(dir, name, text);
    free(text);
}

/* A survey folder made of the mini definition and these files. */
static trygg_definition *survey_of(char *dir, const char *const *names,
                                   const char *const *bodies, size_t n)
{
    char data[600], def_path[600];
    assert_non_null(mkdtemp(dir));
    assert_true(snprintf(data, sizeof data, "%s/data", dir) < (int)sizeof data);
    assert_int_equal(mkdir(data, 0700), 0);
    const char *tables[] = {"survey.trygg", "scales.csv", "items.csv", "indicators.csv"};
    for (size_t i = 0; i < 4; i++)
        copy_file(MINI, dir, tables[i]);
    for (size_t i = 0; i < n; i++)
        ts_write_in(data, names[i], bodies[i]);
    assert_true(snprintf(def_path, sizeof def_path, "%s/survey.trygg", dir) <
                (int)sizeof def_path);
    trygg_errors *err = trygg_errors_new(10);
    trygg_definition *d = NULL;
    assert_int_equal(trygg_definition_load(def_path, &d, err), TRYGG_OK);
    trygg_errors_free(err);
    return d;
}

static void remove_dir(const char *dir)
{
    char cmd[700];
    assert_true(snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir) < (int)sizeof cmd);
    assert_int_equal(system(cmd), 0);
}

/* Other years' files the plain path cannot take (quotes, a BOM and CRLF,
 * a name in NFD, Excel's empty rows, a name only in an empty row), a file
 * without a year in its name that holds three years, and the year's own
 * file: the same names in the same order as the whole load. */
static void test_names_of_other_years(void **state)
{
    (void)state;
    char dir[] = "/tmp/trygg_load_year_XXXXXX";
    const char *names[] = {"2022_nacka.csv", "2022_sodertalje.csv", "2023_nacka.csv",
                           "all_years.csv", "2024_huddinge.csv", "2025_nacka.csv"};
    const char *bodies[] = {
        HEADER "A1,2022,Nacka,Älta,S3,5,1,1,1\nA2,2022,Nacka,\"Boo, norra\",S4,5,2,2,2\n",
        "\xEF\xBB\xBFid,year,kommun,omrade,stratum,vikt,kon,p_a,p_b\r\n"
        "B1,2022,Södertälje,Ronna,S1,10,2,3,2\r\n,,,,,,,,\r\n"
        "B2,2022,Södertälje,Hovsjö,S2,10,1,3,2\r\n",
        HEADER "C1,2023,Nacka,A\xCC\x8Ango,S5,5,1,1,1\n,,,,,,,,\n"
        "C2,2023,Nacka,Älta,S3,5,2,1,1\n",
        HEADER "D1,2023,Nacka,Orminge,S6,5,1,1,1\nD2,2024,Nacka,Älta,S3,5,1,2,2\n"
        "D3,2022,Nacka,Fisksätra,S7,5,2,1,1\nD4,2024,Nacka,Boo,S8,5,2,1,1\n",
        HEADER "E1,2024,Huddinge,Vårby,S9,5,1,1,1\nE2,2024,Huddinge,Flemingsberg,S9,5,2,4,1\n"
        "E3,2024,Huddinge,Vårby,S10,5,1,1,2\n",
        HEADER "F1,2025,Nacka,Saltsjöbaden,S11,5,1,1,1\n",
    };
    trygg_definition *d = survey_of(dir, names, bodies, 6);
    trygg_errors *err = trygg_errors_new(20);
    trygg_survey *whole = load(d, 0, TRYGG_OK, err);
    for (int year = 2022; year <= 2025; year++) {
        trygg_survey *one = load(d, year, TRYGG_OK, err);
        same_as_year_of(whole, one, year);
        trygg_survey_free(one);
    }
    assert_int_equal(trygg_errors_count(err), 0);
    trygg_survey_free(whole);
    trygg_errors_free(err);
    trygg_definition_free(d);
    remove_dir(dir);
}

static int mentions(const trygg_errors *err, const char *file, const char *text)
{
    for (size_t i = 0; i < trygg_errors_count(err); i++) {
        const trygg_diag *g = trygg_errors_get(err, i);
        if (strstr(g->file, file) && strstr(g->message, text))
            return 1;
    }
    return 0;
}

/* Another year's faults are not the year's: a bad code, a bad weight and a
 * short row in another year's file, a bad code in another year's row of a
 * mixed file, pass; the same fault in the year's own rows fails as in the
 * whole load, at the same place. */
static void test_checks_of_the_year(void **state)
{
    (void)state;
    char dir[] = "/tmp/trygg_load_year_XXXXXX";
    const char *names[] = {"2023_nacka.csv", "mixed.csv", "2024_nacka.csv"};
    const char *bodies[] = {
        HEADER "A1,2023,Nacka,Älta,S3,5,1,77,1\nA2,2023,Nacka,Boo,S4,-5,1,1,1\nA3,2023,Nacka\n",
        HEADER "B1,2023,Nacka,Boo,S4,5,1,88,1\nB2,2024,Nacka,Boo,S4,5,1,1,1\n",
        HEADER "C1,2024,Nacka,Älta,S3,5,1,1,1\nC2,2024,Nacka,Boo,S4,5,2,2,2\n",
    };
    trygg_definition *d = survey_of(dir, names, bodies, 3);
    trygg_errors *err = trygg_errors_new(20);
    trygg_survey *sv = load(d, 0, TRYGG_ERR_INVALID, err);
    assert_true(mentions(err, "2023_nacka.csv", "unknown code '77'"));
    assert_true(mentions(err, "mixed.csv", "unknown code '88'"));
    trygg_errors_free(err);
    err = trygg_errors_new(20);
    sv = load(d, 2024, TRYGG_OK, err);
    assert_int_equal(trygg_errors_count(err), 0);
    assert_int_equal(sv->nrows, 3);
    trygg_survey_free(sv);
    trygg_errors_free(err);
    trygg_definition_free(d);
    remove_dir(dir);

    char dir2[] = "/tmp/trygg_load_year_XXXXXX";
    const char *bad[] = {HEADER "C1,2024,Nacka,Älta,S3,5,1,66,1\n", "B1,2023,x\n"};
    const char *bad_names[] = {"2024_nacka.csv", "2023_nacka.csv"};
    d = survey_of(dir2, bad_names, bad, 2);
    trygg_errors *one = trygg_errors_new(20), *all = trygg_errors_new(20);
    load(d, 2024, TRYGG_ERR_INVALID, one);
    load(d, 0, TRYGG_ERR_INVALID, all);
    assert_int_equal(trygg_errors_count(one), 1);
    const trygg_diag *a = trygg_errors_get(one, 0);
    assert_true(mentions(all, a->file, a->message));
    assert_int_equal(a->line, 2);
    assert_int_equal(a->column, 8);
    trygg_errors_free(one);
    trygg_errors_free(all);
    trygg_definition_free(d);
    remove_dir(dir2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_region_year),
        cmocka_unit_test(test_names_of_other_years),
        cmocka_unit_test(test_checks_of_the_year),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
