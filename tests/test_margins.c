/* Population margins that disagree a little (Statistics Sweden's Cell Key
 * noise from 2025): the public survey's 2024 raked to municipality × sex
 * and municipality × age group, where Botkyrka's age table has 23 people
 * more than its sex table (a relative 4.8e-4). Within margin_tolerance the
 * age margin is scaled to the sex margin's total in Botkyrka, and the
 * weights are those of raking to the age table scaled by hand; without
 * the tolerance, or with a smaller one, it is the error it always was. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"
#include "trygg.h"

#define PUB TRYGG_TEST_DIR "/reference/trygg_public"
#define DEFS TRYGG_TEST_DIR "/reference/defs/trygg_public"

static char tmp[1024];

/* Botkyrka's 2024 age cells get these many more people than the register's
 * (the sex margin stays the register's). */
static const struct { const char *age; int more; } NOISE[] = {{"16-24", 3}, {"25-44", 20}};

static int setup(void **state)
{
    (void)state;
    ts_temp_dir("margins", tmp, sizeof tmp);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ts_remove_tree(tmp);
    return 0;
}

/* population.csv summed over sex (by = "age_group") or age (by = "sex"),
 * 2024 only, Botkyrka's age cells noised and then multiplied by `scale`. */
static void write_margin(const char *name, const char *by, double scale)
{
    ts_table *t = ts_table_read(PUB "/population.csv");
    size_t cy = ts_col(t, "year"), cm = ts_col(t, "municipality"), cb = ts_col(t, by),
           cp = ts_col(t, "population");
    char *out = malloc(65536);
    strcpy(out, "year,municipality,");
    strcat(out, by);
    strcat(out, ",population\n");
    for (size_t r = 0; r < t->nrows; r++) {
        if (strcmp(ts_cell(t, r, cy), "2024") != 0)
            continue;
        int first = 1;  /* the first row of this municipality and cell sums it */
        for (size_t q = 0; q < r && first; q++)
            first = !(strcmp(ts_cell(t, q, cy), "2024") == 0 &&
                      strcmp(ts_cell(t, q, cm), ts_cell(t, r, cm)) == 0 &&
                      strcmp(ts_cell(t, q, cb), ts_cell(t, r, cb)) == 0);
        if (!first)
            continue;
        double sum = 0;
        for (size_t q = r; q < t->nrows; q++)
            if (strcmp(ts_cell(t, q, cy), "2024") == 0 &&
                strcmp(ts_cell(t, q, cm), ts_cell(t, r, cm)) == 0 &&
                strcmp(ts_cell(t, q, cb), ts_cell(t, r, cb)) == 0)
                sum += ts_num(t, q, cp);
        int botkyrka = strcmp(ts_cell(t, r, cm), "Botkyrka") == 0;
        for (size_t k = 0; botkyrka && strcmp(by, "age_group") == 0 && k < 2; k++)
            if (strcmp(ts_cell(t, r, cb), NOISE[k].age) == 0)
                sum += NOISE[k].more;
        char line[256];
        snprintf(line, sizeof line, "2024,%s,%s,%.17g\n", ts_cell(t, r, cm),
                 ts_cell(t, r, cb), botkyrka && strcmp(by, "age_group") == 0 ? sum * scale : sum);
        strcat(out, line);
    }
    ts_write_in(tmp, name, out);
    free(out);
    ts_table_free(t);
}

static const char *method = "rake";

static void write_definition(const char *name, const char *age_file, const char *tolerance)
{
    char text[4096];
    snprintf(text, sizeof text,
             "[survey]\nname = margins\nfiles = %s/2024_*.csv\nscales = %s/scales.csv\n"
             "items = %s/items.csv\nindicators = %s/indicators.csv\n"
             "[columns]\nid = respondent\nyear = year\nmunicipality = municipality\n"
             "district = district\nstratum = stratum\nfpc = stratum_pop\n"
             "weight = design_weight\nsex = sex\nage_group = age_group\n"
             "[design]\nlonely_psu = adjust\n"
             "[weighting]\nmethod = %s\npopulation = %s/sex.csv, %s/%s\n"
             "margins = municipality*sex, municipality*age_group\nepsilon = 1e-15\n"
             "max_iterations = 200\n%s%s%s"
             "[report]\nlevels = region municipality district\nmin_n = 0\nunstable_n = 0\n",
             PUB, DEFS, DEFS, DEFS, method, tmp, tmp, age_file,
             tolerance ? "margin_tolerance = " : "", tolerance ? tolerance : "",
             tolerance ? "\n" : "");
    ts_write_in(tmp, name, text);
}

typedef struct {
    trygg_definition *def;
    trygg_survey *sv;
    trygg_weights *w;
} weighted;

static trygg_status weights_of(const char *definition, weighted *x, trygg_errors *err)
{
    char path[2048];
    ts_path(path, sizeof path, tmp, definition);
    x->sv = ts_load_survey(path, &x->def);
    x->w = NULL;
    return trygg_weights_compute(x->sv, TRYGG_WEIGHTING_DEFAULT, &x->w, err);
}

static void weighted_free(weighted *x)
{
    trygg_weights_free(x->w);
    trygg_survey_free(x->sv);
    trygg_definition_free(x->def);
}

static double botkyrka_sex_total(void)
{
    ts_table *t = ts_table_read(PUB "/population.csv");
    double s = 0;
    for (size_t r = 0; r < t->nrows; r++)
        if (strcmp(ts_cell(t, r, 0), "2024") == 0 && strcmp(ts_cell(t, r, 1), "Botkyrka") == 0)
            s += ts_num(t, r, ts_col(t, "population"));
    ts_table_free(t);
    return s;
}

static void test_within_the_tolerance_the_age_margin_is_scaled(void **state)
{
    (void)state;
    double sex_total = botkyrka_sex_total();          /* 47649 */
    double factor = sex_total / (sex_total + 23);      /* the age table's 47672 */
    assert_true(sex_total == 47649);
    write_margin("sex.csv", "sex", 1);
    write_margin("age.csv", "age_group", 1);
    write_margin("age_scaled.csv", "age_group", factor);
    write_definition("noisy.trygg", "age.csv", "0.001");
    write_definition("by_hand.trygg", "age_scaled.csv", NULL);
    trygg_errors *err = trygg_errors_new(20);
    weighted nx, bx;
    assert_int_equal(weights_of("noisy.trygg", &nx, err), TRYGG_OK);
    trygg_weights *noisy = nx.w, *by_hand;
    /* one warning, naming the margin, the area, both totals and the factor */
    assert_int_equal(trygg_errors_count(err), 1);
    const char *m = trygg_errors_get(err, 0)->message;
    char want[512];
    snprintf(want, sizeof want, "warning: 2024: margin 'municipality*age_group' in "
             "'Botkyrka' has the population total 47672, margin 'municipality*sex' "
             "47649: 'municipality*age_group' scaled by %.9g", factor);
    if (!strstr(m, want))
        fail_msg("got '%s'\nwanted '%s'", m, want);
    trygg_errors_clear(err);
    assert_int_equal(weights_of("by_hand.trygg", &bx, err), TRYGG_OK);
    by_hand = bx.w;
    assert_int_equal(trygg_errors_count(err), 0);
    assert_int_equal(trygg_weights_count(noisy), trygg_weights_count(by_hand));
    for (size_t i = 0; i < trygg_weights_count(noisy); i++) {
        trygg_weight_row a, b;
        assert_int_equal(trygg_weights_get(noisy, i, &a), TRYGG_OK);
        assert_int_equal(trygg_weights_get(by_hand, i, &b), TRYGG_OK);
        assert_string_equal(a.id, b.id);
        ts_assert_close(a.weight, b.weight, 1e-12, 0, "raked weight, scaled margin vs by hand");
    }
    /* the weight report says so on Botkyrka's row, and only there */
    char report[2048];
    ts_path(report, sizeof report, tmp, "report.csv");
    assert_int_equal(trygg_weights_write_report(noisy, report, err), TRYGG_OK);
    ts_table *t = ts_table_read(report);
    size_t cm = ts_col(t, "municipality"), cg = ts_col(t, "group"),
           cs = ts_col(t, "margin_scaling"), cw = ts_col(t, "sum_weights");
    int seen = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const char *s = ts_cell(t, r, cs);
        int bk_all = strcmp(ts_cell(t, r, cm), "Botkyrka") == 0 &&
                     strcmp(ts_cell(t, r, cg), "all") == 0;
        if (bk_all) {
            snprintf(want, sizeof want, "municipality*age_group × %.9g (47672 to 47649, "
                     "as municipality*sex)", factor);
            assert_string_equal(s, want);
            /* the weights add up to the sex margin's total, the one kept */
            ts_assert_close(ts_num(t, r, cw), sex_total, 1e-12, 0, "Botkyrka's weights");
            seen = 1;
        } else {
            assert_string_equal(s, "");
        }
    }
    assert_true(seen);
    ts_table_free(t);
    weighted_free(&nx);
    weighted_free(&bx);
    trygg_errors_free(err);
}

/* GREG calibration to the same margins: scaled alike, the same weights as
 * calibrating to the age table scaled by hand. */
static void test_calibration_scales_alike(void **state)
{
    method = "calibrate";
    test_within_the_tolerance_the_age_margin_is_scaled(state);
    method = "rake";
}

static void test_beyond_the_tolerance_it_is_an_error(void **state)
{
    (void)state;
    write_margin("sex.csv", "sex", 1);
    write_margin("age.csv", "age_group", 1);
    static const struct { const char *tol, *want; } cases[] = {
        {NULL, "margins 'municipality*sex' and 'municipality*age_group' have different "
               "population totals"},
        {"0.0001", "margins 'municipality*sex' and 'municipality*age_group' have "
                   "different population totals (47649 and 47672) in 'Botkyrka': more "
                   "than margin_tolerance 0.0001 apart, so not scaled"}};
    for (size_t k = 0; k < 2; k++) {
        write_definition("noisy.trygg", "age.csv", cases[k].tol);
        char path[2048];
        trygg_definition *def;
        trygg_survey *sv = ts_load_survey(ts_path(path, sizeof path, tmp, "noisy.trygg"), &def);
        trygg_errors *err = trygg_errors_new(20);
        trygg_results *r = NULL;
        trygg_status st = trygg_estimate(sv, NULL, &r, err);
        assert_true(st == TRYGG_ERR_INVALID || st == TRYGG_ERR_CONVERGENCE);
        assert_null(r);
        const trygg_diag *d = trygg_errors_get(err, 0);
        if (!d || !strstr(d->message, cases[k].want))
            fail_msg("tolerance %s: got '%s'", cases[k].tol ? cases[k].tol : "none",
                     d ? d->message : "(none)");
        trygg_errors_free(err);
        trygg_survey_free(sv);
        trygg_definition_free(def);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_within_the_tolerance_the_age_margin_is_scaled),
        cmocka_unit_test(test_calibration_scales_alike),
        cmocka_unit_test(test_beyond_the_tolerance_it_is_an_error),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
