/* SPSS and Stata response files: the public synthetic survey written as one
 * .sav with ReadStat's writer (value labels, question texts, 9 = "vet ej"
 * declared user-missing) gives the same estimates as its CSV files to the
 * last bit, with every weighting; so do a compressed .zsav, a Windows-1252
 * .sav and a Stata .dta. Then what only such files can get wrong. */
#include <glob.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"
#include "trygg.h"

#define PUB TRYGG_TEST_DIR "/reference/trygg_public"
#define DEFS TRYGG_TEST_DIR "/reference/defs/trygg_public"

static char tmp[1024];

static int setup(void **state)
{
    (void)state;
    ts_temp_dir("statfile", tmp, sizeof tmp);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ts_remove_tree(tmp);
    return 0;
}

/* The public survey's response files, in the order trygg reads them. */
static char **public_files(size_t *n)
{
    glob_t g;
    assert_int_equal(glob(PUB "/20[0-9][0-9]_*.csv", 0, NULL, &g), 0);
    char **out = calloc(g.gl_pathc + 1, sizeof *out);
    for (size_t i = 0; i < g.gl_pathc; i++)
        out[i] = strdup(g.gl_pathv[i]);
    *n = g.gl_pathc;
    globfree(&g);
    return out;
}

static void free_files(char **f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(f[i]);
    free(f);
}

/* The reference definition with `files = data` (and `extra` lines in
 * [survey]), written into tmp as NAME. */
static void write_definition(const char *name, const char *data, const char *extra,
                             const char *method)
{
    char path[2048], *text = ts_read_whole(DEFS "/survey.trygg");
    char *out = malloc(strlen(text) + 4096);
    out[0] = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        char buf[2048];
        if (strncmp(line, "files", 5) == 0)
            snprintf(buf, sizeof buf, "files = %s\n%s", data, extra ? extra : "");
        else if (strncmp(line, "population", 10) == 0)
            snprintf(buf, sizeof buf, "population = %s/population.csv", PUB);
        else if (strncmp(line, "method", 6) == 0)
            snprintf(buf, sizeof buf, "method = %s", method);
        else if (strncmp(line, "scales", 6) == 0 || strncmp(line, "items", 5) == 0 ||
                 strncmp(line, "indicators", 10) == 0) {
            char key[32];
            sscanf(line, "%31s", key);
            snprintf(buf, sizeof buf, "%s = %s/%s.csv", key, DEFS, key);
        } else
            snprintf(buf, sizeof buf, "%s", line);
        strcat(out, buf);
        strcat(out, "\n");
    }
    ts_write_in(tmp, name, out);
    free(out);
    free(text);
    (void)path;
}

static trygg_results *estimate(const char *definition, trygg_weighting w)
{
    trygg_definition *def;
    trygg_survey *sv = ts_load_survey(definition, &def);
    trygg_errors *err = trygg_errors_new(10);
    trygg_estimate_options o;
    trygg_estimate_options_init(&o);
    o.weighting = w;
    trygg_results *r = NULL;
    trygg_status st = trygg_estimate(sv, &o, &r, err);
    if (st != TRYGG_OK)
        fail_msg("%s: %s", definition, trygg_errors_count(err)
                 ? trygg_errors_get(err, 0)->message : trygg_strerror(st));
    trygg_errors_free(err);
    trygg_survey_free(sv);
    trygg_definition_free(def);
    return r;
}

static int same(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

/* Every row, every number, bit for bit (NaN where NaN). */
static void assert_same_results(const trygg_results *a, const trygg_results *b)
{
    assert_int_equal(trygg_results_count(a), trygg_results_count(b));
    assert_true(trygg_results_count(a) > 1000);
    for (size_t i = 0; i < trygg_results_count(a); i++) {
        const trygg_estimate_row *x = trygg_results_row(a, i), *y = trygg_results_row(b, i);
        assert_int_equal(x->year, y->year);
        assert_string_equal(x->level, y->level);
        assert_string_equal(x->domain, y->domain);
        assert_string_equal(x->indicator, y->indicator);
        double xs[] = {x->estimate, x->se, x->ci_low, x->ci_high, x->n, x->n_excluded,
                       x->n_missing, x->weighted_n, x->df, x->deff, x->cv};
        double ys[] = {y->estimate, y->se, y->ci_low, y->ci_high, y->n, y->n_excluded,
                       y->n_missing, y->weighted_n, y->df, y->deff, y->cv};
        for (size_t k = 0; k < sizeof xs / sizeof *xs; k++)
            if (!same(xs[k], ys[k]))
                fail_msg("%d %s %s %s: number %zu is %.17g from the CSV files, "
                         "%.17g from the statistics file", x->year, x->level, x->domain,
                         x->indicator, k, xs[k], ys[k]);
        assert_int_equal(x->flags, y->flags);
    }
}

static void round_trip(const char *file, const ts_statfile_options *o,
                       const char *extra)
{
    size_t n;
    char **csv = public_files(&n);
    char out[2048];
    ts_path(out, sizeof out, tmp, file);
    ts_write_statfile(out, (const char *const *)csv, n, DEFS, o);
    free_files(csv, n);
    static const trygg_weighting ws[] = {TRYGG_WEIGHTING_DESIGN, TRYGG_WEIGHTING_POSTSTRAT};
    for (size_t k = 0; k < sizeof ws / sizeof *ws; k++) {
        char a[2048], b[2048];
        write_definition("csv.trygg", PUB "/20[0-9][0-9]_*.csv", NULL, "design");
        write_definition("stat.trygg", out, extra, "design");
        trygg_results *from_csv = estimate(ts_path(a, sizeof a, tmp, "csv.trygg"), ws[k]);
        trygg_results *from_stat = estimate(ts_path(b, sizeof b, tmp, "stat.trygg"), ws[k]);
        assert_same_results(from_csv, from_stat);
        trygg_results_free(from_csv);
        trygg_results_free(from_stat);
    }
}

static void test_sav_gives_the_csv_estimates(void **state)
{
    (void)state;
    ts_statfile_options o;
    ts_statfile_options_init(&o);
    o.sex_labels = "sex";  /* a labelled numeric text column keeps its codes */
    round_trip("public.sav", &o, NULL);
}

static void test_zsav_gives_the_csv_estimates(void **state)
{
    (void)state;
    ts_statfile_options o;
    ts_statfile_options_init(&o);
    o.zsav = 1;
    round_trip("public.zsav", &o, NULL);
}

static void test_windows_1252_sav_is_converted(void **state)
{
    (void)state;
    ts_statfile_options o;
    ts_statfile_options_init(&o);
    o.encoding = "windows-1252";
    o.codepage = 1252;
    round_trip("public_1252.sav", &o, NULL);
}

static void test_dta_gives_the_csv_estimates(void **state)
{
    (void)state;
    ts_statfile_options o;
    ts_statfile_options_init(&o);
    o.dta = 1;
    round_trip("public.dta", &o, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sav_gives_the_csv_estimates),
        cmocka_unit_test(test_zsav_gives_the_csv_estimates),
        cmocka_unit_test(test_windows_1252_sav_is_converted),
        cmocka_unit_test(test_dta_gives_the_csv_estimates),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
