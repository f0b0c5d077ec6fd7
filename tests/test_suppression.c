/* Disclosure control on constructed data where the recoverable cells are
 * known by construction: min_n = 30, and a domain suppressed for its own
 * count (n < 30) is recoverable whenever the published domains next to it
 * add up, with it, to a published parent. Every answer is valid, so each
 * domain's n is the number of its respondents. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_support.h"
#include "trygg.h"

#define MINI TRYGG_TEST_DIR "/data/mini/"

static char dir[512];
static int next_id = 1;

/* n respondents of one area; sex "" leaves the sex blank. */
static void rows(FILE *f, const char *muni, const char *district,
                 const char *part, const char *sex, int n)
{
    for (int i = 0; i < n; i++)
        fprintf(f, "R%d,2024,%s,%s,%s,%s,1,%s,%d,%d\n", next_id++, muni, district,
                part, muni, sex, 1 + i % 4, 1 + (i + 1) % 4);
}

/* A survey in `dir` with these [report] levels and crossings, its data
 * written by `fill`. */
static trygg_survey *survey(const char *name, const char *levels,
                            const char *crossings, void (*fill)(FILE *))
{
    char path[700], text[2048];
    snprintf(path, sizeof path, "%s/%s.csv", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("id,year,kommun,omrade,delomrade,stratum,vikt,kon,p_a,p_b\n", f);
    fill(f);
    fclose(f);
    snprintf(text, sizeof text,
             "[survey]\nname = %s\nfiles = %s.csv\nscales = %sscales.csv\n"
             "items = %sitems.csv\nindicators = %sindicators.csv\n"
             "[columns]\nid = id\nyear = year\nmunicipality = kommun\n"
             "district = omrade\nstratum = stratum\nweight = vikt\nsex = kon\n"
             "groups = delomrade\n[design]\nlonely_psu = certainty\n"
             "[report]\nlevels = %s\n%s%s%smin_n = 30\n", name, name, MINI, MINI,
             MINI, levels, crossings ? "crossings = " : "", crossings ? crossings : "",
             crossings ? "\n" : "");
    snprintf(path, sizeof path, "%s/%s.trygg", dir, name);
    f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    trygg_errors *err = trygg_errors_new(10);
    trygg_definition *def = NULL;
    trygg_survey *sv = NULL;
    if (trygg_definition_load(path, &def, err) != TRYGG_OK ||
        trygg_survey_load(def, &sv, err) != TRYGG_OK)
        fail_msg("%s: %s", name, trygg_errors_count(err)
                 ? trygg_errors_get(err, 0)->message : "?");
    trygg_errors_free(err);
    return sv;
}

static void survey_free(trygg_survey *sv)
{
    const trygg_definition *def = trygg_survey_definition(sv);
    trygg_survey_free(sv);
    trygg_definition_free((trygg_definition *)def);
}

static trygg_results *estimate(const trygg_survey *sv, const char *level)
{
    trygg_estimate_options o;
    trygg_estimate_options_init(&o);
    o.level_name = level;
    trygg_results *r = NULL;
    trygg_errors *err = trygg_errors_new(10);
    if (trygg_estimate(sv, &o, &r, err) != TRYGG_OK)
        fail_msg("estimate: %s", trygg_errors_count(err)
                 ? trygg_errors_get(err, 0)->message : "?");
    trygg_errors_free(err);
    return r;
}

enum { PUBLISHED, OWN, COMPLEMENTARY };

/* The domain is published, suppressed for its own count, or suppressed
 * as the complement of another; for both indicators, with the n it has
 * by construction. */
static void expect(const trygg_results *r, const char *level, const char *domain,
                   double n, int how)
{
    static const char *const indicators[] = {"share_a", "index"};
    for (int k = 0; k < 2; k++) {
        const trygg_estimate_row *x = trygg_results_find(r, 2024, level, domain,
                                                         indicators[k]);
        if (!x)
            fail_msg("no row for %s %s %s", level, domain, indicators[k]);
        /* a suppressed row carries no numbers (NaN), not even its n */
        if (how == PUBLISHED)
            ts_assert_close(x->n, n, 0, 0, domain);
        else if (!isnan(x->n) || !isnan(x->estimate) || !isnan(x->ci_low))
            fail_msg("%s %s (%s): suppressed, yet n %g, estimate %g", level, domain,
                     indicators[k], x->n, x->estimate);
        int sup = (x->flags & TRYGG_FLAG_SUPPRESSED) != 0;
        int comp = (x->flags & TRYGG_FLAG_COMPLEMENTARY) != 0;
        if (sup != (how != PUBLISHED) || comp != (how == COMPLEMENTARY))
            fail_msg("%s %s (%s): flags %#x, expected %s", level, domain,
                     indicators[k], x->flags, how == PUBLISHED ? "published"
                     : how == OWN ? "suppressed" : "suppressed as complement");
    }
}

/* ---- districts of a municipality ------------------------------------- */

/* Ak: 25, 40, 60: 25 = 125 - 40 - 60, so 40 goes too; 60 stays.
 * Ck: 20 and 25 are both suppressed (45 together): nothing more.
 * Dk: 5 and 6 are suppressed, but their 11 together are recoverable and
 * fewer than 30: the next smallest, 50, goes too; 70 stays.
 * Across the region, the suppressed districts are many and large together,
 * and no municipality is suppressed. */
static void fill_districts(FILE *f)
{
    rows(f, "Ak", "A1", "", "1", 25);
    rows(f, "Ak", "A2", "", "1", 40);
    rows(f, "Ak", "A3", "", "2", 60);
    rows(f, "Ck", "C1", "", "1", 20);
    rows(f, "Ck", "C2", "", "2", 25);
    rows(f, "Ck", "C3", "", "1", 60);
    rows(f, "Dk", "D1", "", "1", 5);
    rows(f, "Dk", "D2", "", "2", 6);
    rows(f, "Dk", "D3", "", "1", 50);
    rows(f, "Dk", "D4", "", "2", 70);
}

static void check_districts(const trygg_results *r)
{
    expect(r, "district", "A1", 25, OWN);
    expect(r, "district", "A2", 40, COMPLEMENTARY);
    expect(r, "district", "A3", 60, PUBLISHED);
    expect(r, "district", "C1", 20, OWN);
    expect(r, "district", "C2", 25, OWN);
    expect(r, "district", "C3", 60, PUBLISHED);
    expect(r, "district", "D1", 5, OWN);
    expect(r, "district", "D2", 6, OWN);
    expect(r, "district", "D3", 50, COMPLEMENTARY);
    expect(r, "district", "D4", 70, PUBLISHED);
}

static void test_districts(void **state)
{
    (void)state;
    trygg_survey *sv = survey("districts", "region municipality district", NULL,
                              fill_districts);
    trygg_results *r = estimate(sv, NULL);
    check_districts(r);
    expect(r, "municipality", "Ak", 125, PUBLISHED);
    expect(r, "municipality", "Ck", 105, PUBLISHED);
    expect(r, "municipality", "Dk", 131, PUBLISHED);
    expect(r, "region", "region", 361, PUBLISHED);
    trygg_results_free(r);
    /* the same cells when only the districts are asked for */
    r = estimate(sv, "district");
    check_districts(r);
    assert_null(trygg_results_find(r, 2024, "municipality", "Ak", "share_a"));
    trygg_results_free(r);
    survey_free(sv);
}

/* Every output leaves the complement's estimate, CI and count out. */
static void test_outputs_leave_it_out(void **state)
{
    (void)state;
    trygg_survey *sv = survey("outputs", "region municipality district", NULL,
                              fill_districts);
    trygg_results *r = estimate(sv, "district");
    char path[700];
    snprintf(path, sizeof path, "%s/out.csv", dir);
    trygg_errors *err = trygg_errors_new(10);
    assert_int_equal(trygg_results_write(r, path, TRYGG_FORMAT_CSV, err), TRYGG_OK);
    ts_table *t = ts_table_read(path);
    int seen = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        if (strcmp(ts_cell(t, i, ts_col(t, "domain")), "A2") != 0)
            continue;
        seen++;
        assert_string_equal(ts_cell(t, i, ts_col(t, "estimate")), "");
        assert_string_equal(ts_cell(t, i, ts_col(t, "ci_low")), "");
        assert_string_equal(ts_cell(t, i, ts_col(t, "ci_high")), "");
        assert_string_equal(ts_cell(t, i, ts_col(t, "n")), "");
        /* not "complementary": that would say it has min_n answers or more */
        assert_string_equal(ts_cell(t, i, ts_col(t, "flag")), "suppressed");
    }
    assert_int_equal(seen, 2);
    ts_table_free(t);
    remove(path);
    assert_int_equal(trygg_results_write(r, path, TRYGG_FORMAT_JSON, err), TRYGG_OK);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char line[4096];
    seen = 0;
    while (fgets(line, sizeof line, f))
        if (strstr(line, "\"domain\": \"A2\"")) {
            seen++;
            assert_non_null(strstr(line, "\"estimate\": null"));
            assert_non_null(strstr(line, "\"n\": null"));
        }
    fclose(f);
    assert_int_equal(seen, 2);
    remove(path);
    trygg_errors_free(err);
    trygg_results_free(r);
    survey_free(sv);
}

/* Contrasts with the municipality show the district's estimate too. */
static void test_contrasts_leave_it_out(void **state)
{
    (void)state;
    trygg_survey *sv = survey("contrasts", "region municipality district", NULL,
                              fill_districts);
    trygg_changes *ch = NULL;
    trygg_errors *err = trygg_errors_new(10);
    assert_int_equal(trygg_contrasts_compute(sv, NULL, &ch, err), TRYGG_OK);
    int seen = 0;
    for (size_t i = 0; i < trygg_changes_count(ch); i++) {
        const trygg_change_row *c = trygg_changes_row(ch, i);
        if (strcmp(c->level, "district") != 0 || c->domain[0] != 'A')
            continue;
        seen++;
        assert_string_equal(c->other_domain, "Ak");
        unsigned want = strcmp(c->domain, "A1") == 0 ? TRYGG_FLAG_SUPPRESSED
                        : strcmp(c->domain, "A2") == 0 ? TRYGG_FLAG_SUPPRESSED |
                                                         TRYGG_FLAG_COMPLEMENTARY : 0;
        assert_int_equal(c->flags & (TRYGG_FLAG_SUPPRESSED | TRYGG_FLAG_COMPLEMENTARY),
                         want);
    }
    assert_int_equal(seen, 6);   /* A1, A2, A3; share_a and index */
    /* the same rows and flags with the suppression of estimates made
     * before (as the report has them) */
    trygg_results *r = estimate(sv, NULL);
    trygg_changes *from = NULL;
    assert_int_equal(trygg_contrasts_from_estimates(sv, r, NULL, &from, err), TRYGG_OK);
    assert_int_equal(trygg_changes_count(from), trygg_changes_count(ch));
    for (size_t i = 0; i < trygg_changes_count(ch); i++) {
        const trygg_change_row *a = trygg_changes_row(ch, i), *b = trygg_changes_row(from, i);
        assert_string_equal(a->domain, b->domain);
        assert_string_equal(a->indicator, b->indicator);
        assert_int_equal(a->flags, b->flags);
        assert_true(a->se == b->se || (isnan(a->se) && isnan(b->se)));
        /* a suppressed contrast shows neither estimate */
        if (a->flags & TRYGG_FLAG_SUPPRESSED)
            assert_true(isnan(a->estimate_to) && isnan(a->estimate_from) &&
                        isnan(a->change) && isnan(a->ci_low));
    }
    trygg_changes_free(from);
    assert_int_equal(trygg_contrasts_from_estimates(sv, NULL, NULL, &from, err),
                     TRYGG_ERR_ARGUMENT);
    assert_null(from);
    trygg_results_free(r);
    trygg_changes_free(ch);
    trygg_errors_free(err);
    survey_free(sv);
}

/* ---- parts that do not cover their municipality ---------------------- */

/* Sub-areas from a grouping column, which may be blank. Ek: parts of 25
 * and 50 and 25 respondents in none: 25 is not 100 - 50, nothing more.
 * Fk: the same parts without the blanks: 25 = 75 - 50, so 50 goes too.
 * (Each municipality is one district, which is the municipality itself.) */
static void fill_parts(FILE *f)
{
    rows(f, "Ek", "E", "EX", "1", 25);
    rows(f, "Ek", "E", "EY", "2", 50);
    rows(f, "Ek", "E", "", "1", 25);
    rows(f, "Fk", "F", "FX", "1", 25);
    rows(f, "Fk", "F", "FY", "2", 50);
}

static void test_parts_that_do_not_cover(void **state)
{
    (void)state;
    trygg_survey *sv = survey("parts", "region municipality district delomrade",
                              NULL, fill_parts);
    trygg_results *r = estimate(sv, NULL);
    expect(r, "delomrade", "EX", 25, OWN);
    expect(r, "delomrade", "EY", 50, PUBLISHED);
    expect(r, "delomrade", "FX", 25, OWN);
    expect(r, "delomrade", "FY", 50, COMPLEMENTARY);
    expect(r, "municipality", "Ek", 100, PUBLISHED);
    expect(r, "municipality", "Fk", 75, PUBLISHED);
    expect(r, "district", "E", 100, PUBLISHED);
    expect(r, "district", "F", 75, PUBLISHED);
    trygg_results_free(r);
    survey_free(sv);
}

/* ---- a crossing inside its district ---------------------------------- */

/* G1: 20 women and 80 men: 20 = 100 - 80, so the men go too. G2: 20 women,
 * 70 men and 10 of no stated sex: 20 is not 100 - 70, the men stay. */
static void fill_crossing(FILE *f)
{
    rows(f, "Gk", "G1", "", "1", 20);
    rows(f, "Gk", "G1", "", "2", 80);
    rows(f, "Gk", "G2", "", "1", 20);
    rows(f, "Gk", "G2", "", "2", 70);
    rows(f, "Gk", "G2", "", "", 10);
}

static void test_crossing_within_district(void **state)
{
    (void)state;
    trygg_survey *sv = survey("crossing", "region municipality district",
                              "district*sex", fill_crossing);
    trygg_results *r = estimate(sv, NULL);
    expect(r, "district*sex", "G1 / 1", 20, OWN);
    expect(r, "district*sex", "G1 / 2", 80, COMPLEMENTARY);
    expect(r, "district*sex", "G2 / 1", 20, OWN);
    expect(r, "district*sex", "G2 / 2", 70, PUBLISHED);
    expect(r, "district", "G1", 100, PUBLISHED);
    expect(r, "district", "G2", 100, PUBLISHED);
    trygg_results_free(r);
    survey_free(sv);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "%s/suppression_XXXXXX", TRYGG_BINARY_DIR);
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    static const char *const names[] = {"districts", "outputs", "contrasts", "parts",
                                        "crossing"};
    char path[700];
    for (size_t i = 0; i < 5; i++) {
        snprintf(path, sizeof path, "%s/%s.csv", dir, names[i]);
        remove(path);
        snprintf(path, sizeof path, "%s/%s.trygg", dir, names[i]);
        remove(path);
    }
    rmdir(dir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_districts),
        cmocka_unit_test(test_outputs_leave_it_out),
        cmocka_unit_test(test_contrasts_leave_it_out),
        cmocka_unit_test(test_parts_that_do_not_cover),
        cmocka_unit_test(test_crossing_within_district),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
