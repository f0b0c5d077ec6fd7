/* Fay–Herriot estimates (issue 20) against an independent computation in
 * base R from the published formulas (tests/reference/smallarea/
 * make_smallarea.R: REML with the m × m projection, EBLUP, Prasad–Rao MSE,
 * synthetic estimates, ratio benchmarking) to 1e-6: shares on the logit and
 * arcsine scales with register covariates and two suppressed districts, an
 * index with the previous year as covariate. Then that nothing a
 * suppressed area is given, nor β̂ or σ²_u, depends on its own answers. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"
#include "trygg.h"

#define SA TRYGG_TEST_DIR "/reference/smallarea/"
#define PUBLIC TRYGG_TEST_DIR "/reference/defs/trygg_public/survey.trygg"
#define TOL 1e-6

static trygg_smallarea *model(const trygg_survey *sv, const char *ind, trygg_model_scale sc,
                              const char *covariates, int prior, int benchmark)
{
    trygg_smallarea_options o;
    trygg_smallarea_options_init(&o);
    o.indicator = ind;
    o.shares = sc;
    o.covariates = covariates;
    o.prior_year = prior;
    o.benchmark = benchmark;
    trygg_errors *err = trygg_errors_new(10);
    trygg_smallarea *s = NULL;
    trygg_status st = trygg_smallarea_compute(sv, &o, &s, err);
    if (st != TRYGG_OK)
        fail_msg("smallarea: %s %s", trygg_strerror(st),
                 trygg_errors_count(err) ? trygg_errors_get(err, 0)->message : "");
    trygg_errors_free(err);
    return s;
}

static const trygg_smallarea_row *area(const trygg_smallarea *s, const char *domain)
{
    for (size_t i = 0; i < trygg_smallarea_count(s); i++)
        if (!strcmp(trygg_smallarea_get(s, i)->domain, domain))
            return trygg_smallarea_get(s, i);
    fail_msg("no model row for %s", domain);
    return NULL;
}

static const trygg_smallarea_stat *stat(const trygg_smallarea *s, const char *term)
{
    for (size_t i = 0; i < trygg_smallarea_stat_count(s); i++)
        if (!strcmp(trygg_smallarea_stat_get(s, i)->term, term))
            return trygg_smallarea_stat_get(s, i);
    return NULL;
}

static void check_rows(const trygg_smallarea *s, const char *which)
{
    ts_table *t = ts_table_read(SA "smallarea_reference.csv");
    size_t seen = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        if (strcmp(ts_cell(t, i, ts_col(t, "case")), which))
            continue;
        const char *dom = ts_cell(t, i, ts_col(t, "domain"));
        const trygg_smallarea_row *x = area(s, dom);
        const char *want = ts_cell(t, i, ts_col(t, "model"));
        char what[200];
        snprintf(what, sizeof what, "%s %s", which, dom);
        if (strncmp(x->model, want, strlen(want)))
            fail_msg("%s: model '%s', expected '%s'", what, x->model, want);
        ts_assert_close(x->model_estimate, ts_num(t, i, ts_col(t, "model_estimate")), TOL,
                        0, what);
        ts_assert_close(x->model_rmse, ts_num(t, i, ts_col(t, "model_rmse")), TOL, 0, what);
        ts_assert_close(x->shrinkage, ts_num(t, i, ts_col(t, "shrinkage")), TOL, 0, what);
        ts_assert_close(x->residual, ts_num(t, i, ts_col(t, "residual")), TOL, 0, what);
        assert_int_equal(x->benchmarked, atoi(ts_cell(t, i, ts_col(t, "benchmarked"))));
        seen++;
    }
    assert_int_equal(seen, trygg_smallarea_count(s));
    ts_table_free(t);
}

static void check_stats(const trygg_smallarea *s, const char *which)
{
    ts_table *t = ts_table_read(SA "smallarea_stats.csv");
    size_t seen = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        if (strcmp(ts_cell(t, i, ts_col(t, "case")), which))
            continue;
        const char *term = ts_cell(t, i, ts_col(t, "term"));
        const trygg_smallarea_stat *x = stat(s, term);
        if (!x)
            fail_msg("%s: no statistic %s", which, term);
        ts_assert_close(x->value, ts_num(t, i, ts_col(t, "value")), TOL, 1e-12, term);
        ts_assert_close(x->se, ts_num(t, i, ts_col(t, "se")), TOL, 0, term);
        seen++;
    }
    assert_true(seen >= 5);
    ts_table_free(t);
}

static void test_logit_and_arcsine_with_suppressed_areas(void **state)
{
    (void)state;
    trygg_definition *def = NULL;
    trygg_survey *sv = ts_load_survey(SA "survey_min57.trygg", &def);
    static const trygg_model_scale scales[] = {TRYGG_SCALE_LOGIT, TRYGG_SCALE_ARCSINE};
    static const char *const names[] = {"logit", "arcsine"};
    for (int c = 0; c < 2; c++) {
        trygg_smallarea *s = model(sv, "share_unsafe_night", scales[c],
                                   SA "area_covariates.csv", 0, 1);
        check_rows(s, names[c]);
        check_stats(s, names[c]);
        /* the hidden districts (Gribbylund for its 56 answers, the others as
         * complements): no direct number, the synthetic estimate */
        static const char *const hidden[] = {"Gribbylund", "Näsbypark",
                                             "Södertälje centrum", "Geneta"};
        size_t nhidden = 0;
        for (size_t i = 0; i < trygg_smallarea_count(s); i++)
            nhidden += (trygg_smallarea_get(s, i)->flags & TRYGG_FLAG_SUPPRESSED) != 0;
        assert_int_equal(nhidden, 4);
        for (int h = 0; h < 4; h++) {
            const trygg_smallarea_row *x = area(s, hidden[h]);
            assert_true(x->flags & TRYGG_FLAG_SUPPRESSED);
            assert_true(isnan(x->estimate) && isnan(x->se) && isnan(x->n));
            assert_true(isnan(x->shrinkage) && isnan(x->residual));
            assert_string_equal(x->model, "synthetic");
        }
        assert_string_equal(area(s, "Fittja")->scale, names[c]);
        trygg_smallarea_free(s);
    }
    trygg_survey_free(sv);
    trygg_definition_free(def);
}

/* Täby took no part in 2023: its districts have no prior-year covariate,
 * no model estimate, and Täby is not benchmarked. */
static void test_prior_year_covariate(void **state)
{
    (void)state;
    trygg_definition *def = NULL;
    trygg_survey *sv = ts_load_survey(PUBLIC, &def);
    trygg_smallarea *s = model(sv, "problem_index", TRYGG_SCALE_LOGIT, NULL, 1, 1);
    check_rows(s, "prior");
    check_stats(s, "prior");
    const trygg_smallarea_row *g = area(s, "Gribbylund");
    assert_string_equal(g->model, "none: no covariates for the area");
    assert_string_equal(g->scale, "identity");
    assert_int_equal(area(s, "Fittja")->covariate_year, 2023);
    assert_null(stat(s, "benchmark:Täby"));
    trygg_smallarea_free(s);
    trygg_survey_free(sv);
    trygg_definition_free(def);
}

/* ---- nothing of a suppressed area's own answers ---------------------- */

/* A copy of trygg_public in `dir` where Gribbylund's 2024 answers to
 * unsafe_night are turned round (1 ↔ 4, 2 ↔ 3): the same valid answers, so
 * the same cells are hidden, but another share. */
static void turned_copy(const char *dir)
{
    static const char *const files[] = {"2022_botkyrka", "2023_botkyrka", "2024_botkyrka",
        "2022_sodertalje", "2023_sodertalje", "2024_sodertalje", "2022_jarfalla",
        "2023_jarfalla", "2024_jarfalla", "2022_taby", "2024_taby", "2022_norrtalje",
        "2023_norrtalje", "2024_norrtalje"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char src[700], name[64];
        snprintf(src, sizeof src, TRYGG_TEST_DIR "/reference/trygg_public/%s.csv", files[i]);
        snprintf(name, sizeof name, "%s.csv", files[i]);
        char *text = ts_read_whole(src);
        for (char *line = strstr(text, ",Gribbylund,"); line;
             line = strstr(line + 1, ",Gribbylund,")) {
            char *f = line;   /* unsafe_night is the 18th field, the 14th after district */
            for (int k = 0; k < 14; k++)
                f = strchr(f + 1, ',');
            if (f[1] >= '1' && f[1] <= '4' && f[2] == ',')
                f[1] = (char)('5' - (f[1] - '0'));
        }
        ts_write_in(dir, name, text);
        free(text);
    }
    char *def = ts_read_whole(SA "survey_min57.trygg");
    char *at = strstr(def, "../trygg_public/");
    assert_non_null(at);
    char *fixed = malloc(strlen(def) + 400);
    snprintf(fixed, strlen(def) + 400, "%.*s%s", (int)(at - def), def,
             at + strlen("../trygg_public/"));
    /* the tables stay where they are */
    char *tables = malloc(strlen(fixed) + 600);
    const char *t = strstr(fixed, "scales = ");
    snprintf(tables, strlen(fixed) + 600,
             "%.*sscales = %s\nitems = %s\nindicators = %s\n%s", (int)(t - fixed), fixed,
             SA "../defs/trygg_public/scales.csv", SA "../defs/trygg_public/items.csv",
             SA "../defs/trygg_public/indicators.csv", strstr(t, "[columns]"));
    ts_write_in(dir, "survey.trygg", tables);
    free(tables);
    free(fixed);
    free(def);
}

static void test_hidden_area_gives_nothing_back(void **state)
{
    (void)state;
    char dir[512], path[700];
    ts_temp_dir("smallarea", dir, sizeof dir);
    turned_copy(dir);
    trygg_definition *d1 = NULL, *d2 = NULL;
    trygg_survey *a = ts_load_survey(SA "survey_min57.trygg", &d1);
    snprintf(path, sizeof path, "%s/survey.trygg", dir);
    trygg_survey *b = ts_load_survey(path, &d2);
    trygg_smallarea *sa = model(a, "share_unsafe_night", TRYGG_SCALE_LOGIT,
                                SA "area_covariates.csv", 0, 0);
    trygg_smallarea *sb = model(b, "share_unsafe_night", TRYGG_SCALE_LOGIT,
                                SA "area_covariates.csv", 0, 0);
    /* the turned answers are Gribbylund's own: its direct share differs (it
     * is hidden in both), and so does Täby's, which holds it */
    trygg_results *ra = NULL, *rb = NULL;
    trygg_estimate_options eo;
    trygg_estimate_options_init(&eo);
    eo.indicator = "share_unsafe_night";
    eo.year = 2024;
    trygg_errors *err = trygg_errors_new(10);
    assert_int_equal(trygg_estimate(a, &eo, &ra, err), TRYGG_OK);
    assert_int_equal(trygg_estimate(b, &eo, &rb, err), TRYGG_OK);
    const char *taby = "Täby";
    assert_true(trygg_results_find(ra, 2024, "municipality", taby, "share_unsafe_night")
                    ->estimate !=
                trygg_results_find(rb, 2024, "municipality", taby, "share_unsafe_night")
                    ->estimate);
    /* … but every model figure, σ²_u and β̂ are the same to the last bit */
    assert_int_equal(trygg_smallarea_count(sa), trygg_smallarea_count(sb));
    for (size_t i = 0; i < trygg_smallarea_count(sa); i++) {
        const trygg_smallarea_row *x = trygg_smallarea_get(sa, i), *y = area(sb, x->domain);
        assert_true(x->model_estimate == y->model_estimate);
        assert_true(x->model_rmse == y->model_rmse);
    }
    for (size_t i = 0; i < trygg_smallarea_stat_count(sa); i++) {
        const trygg_smallarea_stat *x = trygg_smallarea_stat_get(sa, i);
        assert_true(x->value == stat(sb, x->term)->value);
    }
    trygg_errors_free(err);
    trygg_results_free(ra);
    trygg_results_free(rb);
    trygg_smallarea_free(sa);
    trygg_smallarea_free(sb);
    trygg_survey_free(a);
    trygg_survey_free(b);
    trygg_definition_free(d1);
    trygg_definition_free(d2);
    ts_remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_logit_and_arcsine_with_suppressed_areas),
        cmocka_unit_test(test_prior_year_covariate),
        cmocka_unit_test(test_hidden_area_gives_nothing_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
