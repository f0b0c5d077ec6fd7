/* The gross sample and the nonresponse adjustment against R: the public
 * survey's 2024 respondents post-stratified to the gross sample's counts in
 * each stratum × sex × age group (tests/reference/nonresponse, R's
 * postStratify, then rake), estimates and SEs to 1e-9 (raking 1e-6), the
 * weights themselves, and the response rates; then what the gross sample
 * must agree on with the response files. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"
#include "trygg.h"

#define NR TRYGG_TEST_DIR "/reference/nonresponse"
#define DEFS TRYGG_TEST_DIR "/reference/defs/trygg_public"

static trygg_results *estimate(const char *definition, trygg_definition **def,
                               trygg_survey **sv)
{
    *sv = ts_load_survey(definition, def);
    trygg_errors *err = trygg_errors_new(10);
    trygg_results *r = NULL;
    trygg_status st = trygg_estimate(*sv, NULL, &r, err);
    if (st != TRYGG_OK)
        fail_msg("%s: %s", definition, trygg_errors_count(err)
                 ? trygg_errors_get(err, 0)->message : trygg_strerror(st));
    trygg_errors_free(err);
    return r;
}

static void check_against_r(const char *definition, const char *weighting, double tol)
{
    trygg_definition *def;
    trygg_survey *sv;
    trygg_results *r = estimate(definition, &def, &sv);
    ts_table *ref = ts_table_read(NR "/reference_nonresponse.csv");
    size_t cw = ts_col(ref, "weighting"), cl = ts_col(ref, "level"), cd = ts_col(ref, "domain"),
           ci = ts_col(ref, "indicator"), ce = ts_col(ref, "estimate"), cs = ts_col(ref, "se"),
           cn = ts_col(ref, "n");
    size_t seen = 0;
    for (size_t i = 0; i < ref->nrows; i++) {
        if (strcmp(ts_cell(ref, i, cw), weighting) != 0)
            continue;
        const trygg_estimate_row *x = trygg_results_find(r, 2024, ts_cell(ref, i, cl),
                                                         ts_cell(ref, i, cd), ts_cell(ref, i, ci));
        if (!x)
            fail_msg("no row for %s %s %s", ts_cell(ref, i, cl), ts_cell(ref, i, cd),
                     ts_cell(ref, i, ci));
        char what[256];
        snprintf(what, sizeof what, "%s %s %s %s", weighting, ts_cell(ref, i, cl),
                 ts_cell(ref, i, cd), ts_cell(ref, i, ci));
        ts_assert_close(x->estimate, ts_num(ref, i, ce), tol, 0, what);
        ts_assert_close(x->se, ts_num(ref, i, cs), tol, 0, what);
        assert_true(x->n == ts_num(ref, i, cn));
        seen++;
    }
    assert_int_equal(seen, 112);  /* 4 indicators × (1 + 5 + 22) domains */
    ts_table_free(ref);
    trygg_results_free(r);
    trygg_survey_free(sv);
    trygg_definition_free(def);
}

static void test_nonresponse_adjusted_estimates_match_r(void **state)
{
    (void)state;
    check_against_r(DEFS "/survey_nonresponse.trygg", "design", 1e-9);
}

static void test_nonresponse_then_raking_matches_r(void **state)
{
    (void)state;
    check_against_r(DEFS "/survey_nonresponse_rake.trygg", "rake", 1e-6);
}

static void test_nonresponse_then_poststratification_matches_r(void **state)
{
    (void)state;
    check_against_r(DEFS "/survey_nonresponse_poststrat.trygg", "poststrat", 1e-9);
}

static void test_the_weights_match_r(void **state)
{
    (void)state;
    static const struct { const char *def, *col; double tol; } runs[] = {
        {DEFS "/survey_nonresponse.trygg", "weight_design", 1e-12},
        {DEFS "/survey_nonresponse_rake.trygg", "weight_rake", 1e-9}};
    ts_table *ref = ts_table_read(NR "/weights_nonresponse_2024.csv");
    for (size_t k = 0; k < 2; k++) {
        trygg_definition *def;
        trygg_survey *sv = ts_load_survey(runs[k].def, &def);
        trygg_errors *err = trygg_errors_new(10);
        trygg_weights *w = NULL;
        assert_int_equal(trygg_weights_compute(sv, TRYGG_WEIGHTING_DEFAULT, &w, err), TRYGG_OK);
        assert_int_equal(trygg_weights_count(w), ref->nrows);
        size_t cid = ts_col(ref, "respondent"), cw = ts_col(ref, runs[k].col);
        for (size_t i = 0; i < trygg_weights_count(w); i++) {
            trygg_weight_row x;
            assert_int_equal(trygg_weights_get(w, i, &x), TRYGG_OK);
            size_t r = 0;   /* same order as R read the files */
            while (r < ref->nrows && strcmp(ts_cell(ref, r, cid), x.id) != 0)
                r++;
            assert_true(r < ref->nrows);
            ts_assert_close(x.weight, ts_num(ref, r, cw), runs[k].tol, 0, x.id);
        }
        trygg_weights_free(w);
        trygg_errors_free(err);
        trygg_survey_free(sv);
        trygg_definition_free(def);
    }
    ts_table_free(ref);
}

/* ---- response rates ----------------------------------------------------- */

static trygg_responses *responses(const char *definition, trygg_definition **def,
                                  trygg_survey **sv)
{
    *sv = ts_load_survey(definition, def);
    trygg_errors *err = trygg_errors_new(10);
    trygg_responses *r = NULL;
    trygg_status st = trygg_responses_compute(*sv, 0, &r, err);
    if (st != TRYGG_OK)
        fail_msg("%s: %s", definition, trygg_errors_count(err)
                 ? trygg_errors_get(err, 0)->message : trygg_strerror(st));
    trygg_errors_free(err);
    return r;
}

static const trygg_response_row *find_response(const trygg_responses *r, const char *level,
                                               const char *domain)
{
    for (size_t i = 0; i < trygg_responses_count(r); i++) {
        const trygg_response_row *x = trygg_responses_row(r, i);
        if (!strcmp(x->level, level) && !strcmp(x->domain, domain))
            return x;
    }
    return NULL;
}

static void test_response_rates_match_r(void **state)
{
    (void)state;
    trygg_definition *def;
    trygg_survey *sv;
    trygg_responses *r = responses(DEFS "/survey_nonresponse.trygg", &def, &sv);
    ts_table *ref = ts_table_read(NR "/reference_response.csv");
    assert_int_equal(trygg_responses_count(r), ref->nrows);
    assert_string_equal(trygg_responses_left_out(r), "");
    for (size_t i = 0; i < ref->nrows; i++) {
        const trygg_response_row *x = find_response(r, ts_cell(ref, i, 0), ts_cell(ref, i, 1));
        assert_non_null(x);
        assert_true(x->year == 2024 && x->flags == 0);
        assert_true(x->invited == ts_num(ref, i, 2));
        assert_true(x->answers == ts_num(ref, i, 3));
        ts_assert_close(x->response_rate, ts_num(ref, i, 4), 1e-14, 0, x->domain);
    }
    ts_table_free(ref);
    trygg_responses_free(r);
    trygg_survey_free(sv);
    trygg_definition_free(def);
}

static char tmp[1024];

/* survey_nonresponse.trygg in tmp with absolute paths, its sample (unless
 * NULL) and min_n replaced, and `extra` lines (or NULL) after [weighting]. */
static char *definition_copy(const char *name, const char *sample, const char *extra,
                             const char *min_n)
{
    static char path[2048];
    char *text = ts_read_whole(DEFS "/survey_nonresponse.trygg");
    char *out = malloc(strlen(text) * 2 + 4096);
    out[0] = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        char buf[4096];
        const char *eq = strstr(line, " = ");
        if (!strncmp(line, "sample", 6) && sample)
            snprintf(buf, sizeof buf, "sample = %s", sample);
        else if (!strncmp(line, "min_n", 5))
            snprintf(buf, sizeof buf, "min_n = %s", min_n);
        else if (eq && (!strncmp(eq + 3, "../", 3) || strstr(line, ".csv")) &&
                 line[0] != '#')
            snprintf(buf, sizeof buf, "%.*s = %s/%s", (int)(eq - line), line, DEFS, eq + 3);
        else
            snprintf(buf, sizeof buf, "%s", line);
        strcat(out, buf);
        strcat(out, "\n");
        if (!strcmp(line, "[weighting]") && extra) {
            strcat(out, extra);
            strcat(out, "\n");
        }
    }
    ts_write_in(tmp, name, out);
    free(out);
    free(text);
    return ts_path(path, sizeof path, tmp, name);
}

static void test_hidden_areas_show_only_their_invited(void **state)
{
    (void)state;
    trygg_definition *def;
    trygg_survey *sv;
    trygg_responses *r = responses(definition_copy("min30.trygg", NULL, NULL, "30"), &def, &sv);
    size_t hidden = 0;
    for (size_t i = 0; i < trygg_responses_count(r); i++) {
        const trygg_response_row *x = trygg_responses_row(r, i);
        if (x->flags & TRYGG_FLAG_SUPPRESSED) {
            hidden++;
            assert_true(isnan(x->answers) && isnan(x->response_rate));
            assert_true(x->invited > 0);   /* the design fact stays */
        }
    }
    /* Järfälla's men 16–24: 37 invited, fewer than 30 answered */
    const trygg_response_row *x = find_response(r, "municipality*sex*age_group",
                                                "Järfälla / 1 / 16-24");
    assert_non_null(x);
    assert_true((x->flags & TRYGG_FLAG_SUPPRESSED) && x->invited == 37);
    assert_true(hidden >= 2);
    /* the audit of what will be written finds nothing */
    trygg_errors *err = trygg_errors_new(10);
    trygg_publication *p = NULL;
    trygg_audit *a = NULL;
    assert_int_equal(trygg_publication_new(sv, &p), TRYGG_OK);
    assert_int_equal(trygg_publication_add_responses(p, r, "response"), TRYGG_OK);
    assert_int_equal(trygg_audit_run(p, NULL, &a, err), TRYGG_OK);
    assert_int_equal(trygg_audit_disclosed(a), 0);
    trygg_audit_free(a);
    trygg_publication_free(p);
    /* the written file, with one hidden area's answers put back, is a
     * disclosure the audit names */
    char out[2048];
    ts_path(out, sizeof out, tmp, "response.csv");
    assert_int_equal(trygg_responses_write(r, out, TRYGG_FORMAT_CSV, err), TRYGG_OK);
    char *text = ts_read_whole(out);
    /* without a definition the area's label is its name, its group's none */
    static const char hidden_row[] = "Järfälla / 1 / 16-24,Järfälla / 1 / 16-24,,"
                                     "37,,,suppressed";
    char *at = strstr(text, hidden_row);
    if (!at)
        fail_msg("no hidden row in:\n%s", text);
    size_t keep = (size_t)(at - text) + strlen(hidden_row) - strlen(",,,suppressed");
    char *tampered = malloc(strlen(text) + 16);
    sprintf(tampered, "%.*s,21,,suppressed%s", (int)keep, text, at + strlen(hidden_row));
    ts_write_in(tmp, "tampered.csv", tampered);
    ts_path(out, sizeof out, tmp, "tampered.csv");
    assert_int_equal(trygg_publication_new(sv, &p), TRYGG_OK);
    assert_int_equal(trygg_publication_read(p, out, err), TRYGG_OK);
    assert_int_equal(trygg_audit_run(p, NULL, &a, err), TRYGG_OK);
    assert_true(trygg_audit_disclosed(a) >= 1);
    int named = 0;
    for (size_t i = 0; i < trygg_audit_count(a); i++)
        named |= !strcmp(trygg_audit_get(a, i)->domain, "Järfälla / 1 / 16-24");
    assert_true(named);
    trygg_audit_free(a);
    trygg_publication_free(p);
    free(tampered);
    free(text);
    trygg_errors_free(err);
    trygg_responses_free(r);
    trygg_survey_free(sv);
    trygg_definition_free(def);
}

/* The gross sample as invited counts per stratum (from sample_2024.csv). */
static const char *write_counts(void)
{
    static char path[2048];
    ts_table *t = ts_table_read(NR "/sample_2024.csv");
    size_t cs = ts_col(t, "stratum");
    char *out = malloc(65536);
    strcpy(out, "year,stratum,invited\n");
    for (size_t r = 0; r < t->nrows; r++) {
        int first = 1;
        for (size_t q = 0; q < r && first; q++)
            first = strcmp(ts_cell(t, q, cs), ts_cell(t, r, cs)) != 0;
        if (!first)
            continue;
        int n = 0;
        for (size_t q = r; q < t->nrows; q++)
            n += !strcmp(ts_cell(t, q, cs), ts_cell(t, r, cs));
        char line[128];
        snprintf(line, sizeof line, "2024,%s,%d\n", ts_cell(t, r, cs), n);
        strcat(out, line);
    }
    ts_write_in(tmp, "counts.csv", out);
    free(out);
    ts_table_free(t);
    return ts_path(path, sizeof path, tmp, "counts.csv");
}

static void test_counts_per_stratum(void **state)
{
    (void)state;
    const char *counts = write_counts();
    trygg_definition *def;
    trygg_survey *sv;
    char *d = definition_copy("counts.trygg", counts, NULL, "0");
    /* nonresponse = stratum*sex*age_group needs persons: refused */
    trygg_definition *d0;
    trygg_survey *s0 = ts_load_survey(d, &d0);
    trygg_errors *err = trygg_errors_new(10);
    trygg_results *res = NULL;
    assert_int_equal(trygg_estimate(s0, NULL, &res, err), TRYGG_ERR_INVALID);
    if (!strstr(trygg_errors_get(err, 0)->message, "missing column 'sex' (needed for the nonresponse classes"))
        fail_msg("%s", trygg_errors_get(err, 0)->message);
    assert_non_null(strstr(trygg_errors_get(err, 0)->message, "missing column 'sex' (needed "
                                                              "for the nonresponse classes"));
    trygg_survey_free(s0);
    trygg_definition_free(d0);
    trygg_responses *r = responses(d, &def, &sv);
    assert_string_equal(trygg_responses_left_out(r), "municipality*sex*age_group");
    ts_table *ref = ts_table_read(NR "/reference_response.csv");
    size_t n = 0;
    for (size_t i = 0; i < ref->nrows; i++) {
        if (strchr(ts_cell(ref, i, 0), '*'))
            continue;
        const trygg_response_row *x = find_response(r, ts_cell(ref, i, 0), ts_cell(ref, i, 1));
        assert_non_null(x);
        assert_true(x->invited == ts_num(ref, i, 2) && x->answers == ts_num(ref, i, 3));
        n++;
    }
    assert_int_equal(trygg_responses_count(r), n);
    ts_table_free(ref);
    trygg_responses_free(r);
    trygg_survey_free(sv);
    trygg_definition_free(def);
    /* classes = stratum from counts weigh as from persons */
    trygg_results *a = NULL, *b = NULL;
    char defs[2][2048];
    snprintf(defs[0], sizeof defs[0], "%s", definition_copy("counts_stratum.trygg", counts,
                                                            NULL, "0"));
    snprintf(defs[1], sizeof defs[1], "%s", definition_copy("persons_stratum.trygg", NULL,
                                                            NULL, "0"));
    trygg_results **out[2] = {&a, &b};
    trygg_definition *dd[2];
    trygg_survey *ss[2];
    for (int k = 0; k < 2; k++) {
        char *text = ts_read_whole(defs[k]);
        char *at = strstr(text, "nonresponse = stratum*sex*age_group");
        assert_non_null(at);
        memcpy(at, "nonresponse = stratum              ", 35);
        ts_write_file(defs[k], text);
        free(text);
        *out[k] = estimate(defs[k], &dd[k], &ss[k]);
    }
    assert_int_equal(trygg_results_count(a), trygg_results_count(b));
    for (size_t i = 0; i < trygg_results_count(a); i++)
        ts_assert_close(trygg_results_row(a, i)->se, trygg_results_row(b, i)->se, 1e-13, 0,
                        "se, classes = stratum");
    for (int k = 0; k < 2; k++) {
        trygg_results_free(*out[k]);
        trygg_survey_free(ss[k]);
        trygg_definition_free(dd[k]);
    }
    trygg_errors_free(err);
}

/* A gross sample that does not fit the respondents, one way at a time. */
static void test_the_sample_must_fit_the_respondents(void **state)
{
    (void)state;
    char *good = ts_read_whole(NR "/sample_2024.csv");
    const char *first = strchr(good, '\n') + 1;   /* RJTR7SN3, a respondent */
    const char *second = strchr(first, '\n') + 1;
    static const struct { const char *what, *line, *want; int drop_first; } cases[] = {
        {"responded 2", "X1,2024,Botkyrka,Fittja,0127-01,2,25-44,2\n",
         "responded '2' must be 1 (answered) or 0 (did not)", 0},
        {"an id twice", "RJTR7SN3,2024,Botkyrka,Fittja,0127-01,2,25-44,1\n",
         "invited 'RJTR7SN3' appears twice in the gross sample of 2024", 0},
        {"responded, no answers", "ZZZ,2024,Botkyrka,Fittja,0127-01,2,25-44,1\n",
         "invited 'ZZZ' has responded = 1 in 2024, but the response files have no "
         "answers from it", 0},
        {"a respondent not invited", "", "respondent 'RJTR7SN3' (2024) answered, but the "
         "gross sample has no row for it with responded = 1", 1},
        {"a year", "X1,20x4,Botkyrka,Fittja,0127-01,2,25-44,0\n",
         "year '20x4' is not a year", 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        size_t head = (size_t)(first - good);
        char *text = malloc(strlen(good) + 256);
        sprintf(text, "%.*s%s%s", (int)head, good, cases[k].line,
                cases[k].drop_first ? second : first);
        ts_write_in(tmp, "bad_sample.csv", text);
        free(text);
        char sample[2048];
        ts_path(sample, sizeof sample, tmp, "bad_sample.csv");
        char *d = definition_copy("bad.trygg", sample, NULL, "0");
        trygg_errors *err = trygg_errors_new(10);
        trygg_definition *def = NULL;
        trygg_survey *sv = NULL;
        assert_int_equal(trygg_definition_load(d, &def, err), TRYGG_OK);
        trygg_status st = trygg_survey_load(def, &sv, err);
        const trygg_diag *x = trygg_errors_get(err, 0);
        if (st != TRYGG_ERR_INVALID || !x || !strstr(x->message, cases[k].want))
            fail_msg("%s: got %s '%s'", cases[k].what, trygg_strerror(st),
                     x ? x->message : "(none)");
        assert_null(sv);
        trygg_definition_free(def);
        trygg_errors_free(err);
    }
    free(good);
}

/* The report's pages print the gross sample beside the answers (invited
 * 1 346 and 695 answers in Botkyrka 2024: R's figures in
 * tests/reference/nonresponse), and nothing of a hidden district. */
static void test_report_prints_the_gross_sample(void **state)
{
    (void)state;
    char out[2048], args[4096], pdf[2048], *text = NULL;
    ts_path(out, sizeof out, tmp, "report150");
    snprintf(args, sizeof args, "report %s --out %s -q",
             definition_copy("report.trygg", NULL, NULL, "150"), out);
    int rc = ts_run_cli(args, &text);
    if (rc != 0)
        fail_msg("trygg %s: %d %s", args, rc, text);
    free(text);
    char *page = ts_pdf_text(ts_path(pdf, sizeof pdf, out, "botkyrka.pdf"), "");
    if (!strstr(page, "Urval 2024: 1 346, antal svar 695, svarsfrekvens 52 %") ||
        !strstr(page, "Fittja 327 643 51 %") ||
        !strstr(page, "Hallunda-Norsborg för få svar – –"))
        fail_msg("botkyrka.pdf lacks the gross sample; its text:\n%.3000s", page);
    /* Hallunda-Norsborg: 145 invited, 75 answers, both hidden */
    assert_null(strstr(page, "Hallunda-Norsborg 75"));
    assert_null(strstr(page, "Hallunda-Norsborg för få svar 145"));
    free(page);
}

static void test_trygg_response_command(void **state)
{
    (void)state;
    char out[2048], args[4096], *text = NULL;
    ts_path(out, sizeof out, tmp, "cli_response.csv");
    snprintf(args, sizeof args, "response %s --out %s", definition_copy("cli.trygg", NULL,
             NULL, "30"), out);
    int rc = ts_run_cli(args, &text);
    if (rc != 0)
        fail_msg("trygg %s: %d %s", args, rc, text);
    free(text);
    char *csv = ts_read_whole(out);
    if (!strstr(csv, "year,level,domain,domain_label,group_label,invited,answers,"
                     "response_rate,flag\n"
                     "2024,region,region,Regionen,,6759,3542,0.52404201805000739,\n") ||
        !strstr(csv, "Järfälla / 1 / 16-24,Järfälla,\"Män, 16–24\",37,,,suppressed\n"))
        fail_msg("unexpected response table:\n%s", csv);
    free(csv);
    /* no gross sample: said so */
    snprintf(args, sizeof args, "response %s/survey.trygg", DEFS);
    rc = ts_run_cli(args, &text);
    assert_int_equal(rc, 1);
    assert_non_null(strstr(text, "response rates need the gross sample"));
    free(text);
}

static int setup(void **state)
{
    (void)state;
    ts_temp_dir("nonresponse", tmp, sizeof tmp);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ts_remove_tree(tmp);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nonresponse_adjusted_estimates_match_r),
        cmocka_unit_test(test_nonresponse_then_raking_matches_r),
        cmocka_unit_test(test_nonresponse_then_poststratification_matches_r),
        cmocka_unit_test(test_the_weights_match_r),
        cmocka_unit_test(test_response_rates_match_r),
        cmocka_unit_test(test_hidden_areas_show_only_their_invited),
        cmocka_unit_test(test_counts_per_stratum),
        cmocka_unit_test(test_the_sample_must_fit_the_respondents),
        cmocka_unit_test(test_trygg_response_command),
        cmocka_unit_test(test_report_prints_the_gross_sample),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
