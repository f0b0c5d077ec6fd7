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
    if (!getenv("TRYGG_KEEP_TEMP"))
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

/* ---- trygg import ---------------------------------------------------------- */

/* The imported scale of each shipped scale, through the items that use it. */
static const char *mapped(const ts_table *ship_items, const ts_table *imp_items,
                          const char *scale)
{
    size_t cs = ts_col(ship_items, "scale"), ci = ts_col(ship_items, "item");
    for (size_t r = 0; r < ship_items->nrows; r++)
        if (strcmp(ts_cell(ship_items, r, cs), scale) == 0)
            for (size_t q = 0; q < imp_items->nrows; q++)
                if (strcmp(ts_cell(imp_items, q, 0), ts_cell(ship_items, r, ci)) == 0)
                    return ts_cell(imp_items, q, 1);
    fail_msg("no imported item uses the scale of '%s'", scale);
    return NULL;
}

/* The shipped scales.csv and items.csv, row for row, but for the English
 * labels and the groups of items other than problems (which no file says);
 * with `names` 0 up to the scales' names; with `valid` 0 up to the valid
 * flags (a Stata file declares no missing values). */
static void assert_as_shipped(const char *dir, int names, int valid)
{
    char path[2048];
    ts_table *ss = ts_table_read(DEFS "/scales.csv"), *si = ts_table_read(DEFS "/items.csv");
    ts_table *is = ts_table_read(ts_path(path, sizeof path, dir, "scales.csv"));
    ts_table *ii = ts_table_read(ts_path(path, sizeof path, dir, "items.csv"));
    assert_int_equal(is->nrows, ss->nrows);
    for (size_t r = 0; r < ss->nrows; r++) {
        const char *want = names ? ts_cell(ss, r, 0) : mapped(si, ii, ts_cell(ss, r, 0));
        assert_string_equal(ts_cell(is, r, ts_col(is, "scale")), want);
        assert_string_equal(ts_cell(is, r, ts_col(is, "code")), ts_cell(ss, r, ts_col(ss, "code")));
        assert_string_equal(ts_cell(is, r, ts_col(is, "label_sv")),
                            ts_cell(ss, r, ts_col(ss, "label_sv")));
        if (valid)
            assert_string_equal(ts_cell(is, r, ts_col(is, "valid")),
                                ts_cell(ss, r, ts_col(ss, "valid")));
        assert_string_equal(ts_cell(is, r, ts_col(is, "label_en")), "");
    }
    assert_int_equal(ii->nrows, si->nrows);
    for (size_t r = 0; r < si->nrows; r++) {
        assert_string_equal(ts_cell(ii, r, 0), ts_cell(si, r, 0));
        const char *want = names ? ts_cell(si, r, 1) : mapped(si, ii, ts_cell(si, r, 1));
        assert_string_equal(ts_cell(ii, r, 1), want);
        assert_string_equal(ts_cell(ii, r, ts_col(ii, "label_sv")),
                            ts_cell(si, r, ts_col(si, "label_sv")));
        const char *group = ts_cell(si, r, ts_col(si, "group"));
        assert_string_equal(ts_cell(ii, r, ts_col(ii, "group")),
                            strcmp(group, "problem") == 0 ? "problem" : "");
    }
    ts_table_free(ss);
    ts_table_free(si);
    ts_table_free(is);
    ts_table_free(ii);
}

/* `text` with its first `from` replaced by `to` (a new string). */
static char *replaced(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    assert_non_null(at);
    char *out = malloc(strlen(text) + strlen(to) + 1);
    sprintf(out, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    return out;
}

static void test_import_reproduces_the_definition(void **state)
{
    (void)state;
    size_t n;
    char **csv = public_files(&n);
    char sav[2048], dta[2048], dir[2048], dir2[2048];
    ts_statfile_options o;
    ts_statfile_options_init(&o);
    ts_write_statfile(ts_path(sav, sizeof sav, tmp, "public.sav"), (const char *const *)csv,
                      n, DEFS, &o);
    o.dta = 1;
    ts_write_statfile(ts_path(dta, sizeof dta, tmp, "public.dta"), (const char *const *)csv,
                      n, DEFS, &o);
    free_files(csv, n);
    char args[8192], *out = NULL;
    snprintf(args, sizeof args, "import %s --out %s", sav, ts_path(dir, sizeof dir, tmp, "imp"));
    int rc = ts_run_cli(args, &out);
    if (rc != 0)
        fail_msg("trygg %s: exit %d: %s", args, rc, out);
    assert_non_null(strstr(out, "(5 scales), items.csv (12 items)"));
    free(out);
    assert_as_shipped(dir, 1, 1);
    /* a second import does not overwrite the analyst's edits ... */
    rc = ts_run_cli(args, &out);
    assert_int_equal(rc, 1);
    assert_non_null(strstr(out, "survey.trygg: is there already"));
    free(out);
    /* ... and a Stata file names its scales itself */
    snprintf(args, sizeof args, "import %s --out %s", dta, ts_path(dir2, sizeof dir2, tmp, "imp_dta"));
    rc = ts_run_cli(args, &out);
    assert_int_equal(rc, 0);
    free(out);
    assert_as_shipped(dir2, 1, 0);
    /* the columns recognised: with the reference's design options and
     * indicators, the imported definition estimates what the CSV path does */
    char path[2048];
    char *def = ts_read_whole(ts_path(path, sizeof path, dir, "survey.trygg"));
    static const char *const roles[] = {
        "id = respondent\n", "year = year\n", "municipality = municipality\n",
        "district = district\n", "stratum = stratum\n", "fpc = stratum_pop\n",
        "weight = design_weight\n", "sex = sex\n", "age_group = age_group\n",
        "files = ../public.sav\n", "levels = region municipality district\n"};
    for (size_t k = 0; k < sizeof roles / sizeof *roles; k++)
        if (!strstr(def, roles[k]))
            fail_msg("survey.trygg has no '%s':\n%s", roles[k], def);
    char *a = replaced(def, "min_n = 30", "min_n = 0\nunstable_n = 0");
    char *b = replaced(a, "[design]\n", "[design]\nlonely_psu = adjust\n");
    ts_write_in(dir, "survey.trygg", b);
    char *ind = ts_read_whole(DEFS "/indicators.csv");
    ts_write_in(dir, "indicators.csv", ind);
    free(ind);
    free(a);
    free(b);
    free(def);
    write_definition("csv.trygg", PUB "/20[0-9][0-9]_*.csv", NULL, "design");
    trygg_results *from_csv = estimate(ts_path(path, sizeof path, tmp, "csv.trygg"),
                                       TRYGG_WEIGHTING_DESIGN);
    trygg_results *imported = estimate(ts_path(path, sizeof path, dir, "survey.trygg"),
                                       TRYGG_WEIGHTING_DESIGN);
    assert_same_results(from_csv, imported);
    trygg_results_free(from_csv);
    trygg_results_free(imported);
}

/* ---- what only statistics files can get wrong --------------------------- */

#define MINI TRYGG_TEST_DIR "/data/mini"
#define MINI_HEADER "id,year,kommun,omrade,stratum,vikt,kon,p_a,p_b\n"

/* A .sav named `name` in tmp made from CSV text with the mini survey's
 * scales (9 "vet ej" declared user-missing); returns its path. */
static char *mini_sav(const char *name, const char *csv_text, const ts_statfile_options *o)
{
    static char out[2048];
    char csv[2048];
    ts_write_in(tmp, "mini_src.csv", csv_text);
    ts_path(csv, sizeof csv, tmp, "mini_src.csv");
    ts_path(out, sizeof out, tmp, name);
    const char *files[] = {csv};
    ts_statfile_options plain;
    ts_statfile_options_init(&plain);
    ts_write_statfile(out, files, 1, MINI, o ? o : &plain);
    return out;
}

/* Loads `path` (bytes from disk, then the same bytes from memory) with the
 * mini definition, or `def_path`; the first diagnostic must hold `want`
 * at `line`:`column`. */
static void expect_error(const char *def_path, const char *path, trygg_status want_st,
                         const char *want, unsigned long line, unsigned long column)
{
    trygg_errors *err = trygg_errors_new(20);
    trygg_definition *def = NULL;
    assert_int_equal(trygg_definition_load(def_path ? def_path : MINI "/survey.trygg",
                                           &def, err), TRYGG_OK);
    size_t len = 0;
    char *bytes = ts_read_whole(path);
    FILE *f = fopen(path, "rb");
    fseek(f, 0, SEEK_END);
    len = (size_t)ftell(f);
    fclose(f);
    const char *name = strrchr(path, '/') + 1;
    for (int pass = 0; pass < 2; pass++) {
        trygg_survey *sv = NULL;
        trygg_errors_clear(err);
        trygg_status st = pass == 0
            ? trygg_survey_load_buffer(def, path, bytes, len, &sv, err)
            : trygg_survey_load_buffer(def, name, bytes, len, &sv, err);
        assert_null(sv);
        const trygg_diag *d = trygg_errors_get(err, 0);
        if (st != want_st || !d || !strstr(d->message, want) || d->line != line ||
            d->column != column)
            fail_msg("%s: expected %s '%s' at %lu:%lu, got %s '%s' at %lu:%lu", path,
                     trygg_strerror(want_st), want, line, column, trygg_strerror(st),
                     d ? d->message : "(none)", d ? d->line : 0, d ? d->column : 0);
    }
    free(bytes);
    trygg_definition_free(def);
    trygg_errors_free(err);
}

static void test_unknown_code_names_case_and_variable(void **state)
{
    (void)state;
    char *p = mini_sav("2024_sodertalje.sav", MINI_HEADER
                       "A1,2024,Södertälje,Hovsjö,S1,10,1,3,2\n"
                       "A2,2024,Södertälje,Hovsjö,S1,10,2,7,9\n", NULL);
    /* case 2, variable 8 (p_a) */
    expect_error(NULL, p, TRYGG_ERR_INVALID, "unknown code '7' for item 'p_a'", 2, 8);
}

static void test_user_missing_code_absent_from_the_scale(void **state)
{
    (void)state;
    char *p = mini_sav("2024_sodertalje.sav", MINI_HEADER
                       "A1,2024,Södertälje,Hovsjö,S1,10,1,3,2\n"
                       "A2,2024,Södertälje,Hovsjö,S1,10,2,9,9\n", NULL);
    /* the same survey, but its scale has no 9 */
    char dir[1024], def[1024];
    ts_temp_dir("statfile_def", dir, sizeof dir);
    char *t = ts_read_whole(MINI "/survey.trygg");
    ts_write_in(dir, "survey.trygg", t);
    free(t);
    ts_write_in(dir, "items.csv", (t = ts_read_whole(MINI "/items.csv")));
    free(t);
    ts_write_in(dir, "indicators.csv", (t = ts_read_whole(MINI "/indicators.csv")));
    free(t);
    ts_write_in(dir, "scales.csv", "scale,code,label_sv,label_en,valid,score\n"
                "problem,1,a,a,1,0\nproblem,2,b,b,1,2\nproblem,3,c,c,1,4\n"
                "problem,4,d,d,1,6\n");
    expect_error(ts_path(def, sizeof def, dir, "survey.trygg"), p, TRYGG_ERR_INVALID,
                 "variable 'p_a' declares 9 user-missing, but scale 'problem' has no "
                 "code 9", 0, 8);
    ts_remove_tree(dir);
}

static void test_a_variable_missing(void **state)
{
    (void)state;
    ts_statfile_options o;
    ts_statfile_options_init(&o);
    o.skip = "stratum";
    char *p = mini_sav("2024_sodertalje.sav", MINI_HEADER
                       "A1,2024,Södertälje,Hovsjö,S1,10,1,3,2\n", &o);
    expect_error(NULL, p, TRYGG_ERR_INVALID, "missing column 'stratum' (needed as "
                 "stratum)", 0, 0);
}

static void test_truncated_and_wrong_magic(void **state)
{
    (void)state;
    char *p = mini_sav("2024_sodertalje.sav", MINI_HEADER
                       "A1,2024,Södertälje,Hovsjö,S1,10,1,3,2\n"
                       "A2,2024,Södertälje,Hovsjö,S1,10,2,1,9\n", NULL);
    size_t len;
    FILE *f = fopen(p, "rb");
    fseek(f, 0, SEEK_END);
    len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc(len);
    assert_int_equal(fread(b, 1, len, f), len);
    fclose(f);
    char cut[2048];
    ts_path(cut, sizeof cut, tmp, "2024_cut.sav");
    f = fopen(cut, "wb");
    fwrite(b, 1, len - 40, f);  /* in the middle of the second case */
    fclose(f);
    free(b);
    expect_error(NULL, cut, TRYGG_ERR_PARSE, "the file ends early: it says it has 2 "
                 "cases but ends after 1", 0, 0);
    ts_write_in(tmp, "2024_csv.sav", MINI_HEADER "A1,2024,Södertälje,Hovsjö,S1,10,1,3,2\n");
    ts_path(cut, sizeof cut, tmp, "2024_csv.sav");
    expect_error(NULL, cut, TRYGG_ERR_PARSE, "not an SPSS .sav file", 0, 0);
}

static void test_latin1_text_declared_utf8(void **state)
{
    (void)state;
    ts_statfile_options o;
    ts_statfile_options_init(&o);
    o.encoding = "latin1";   /* written in Latin-1 ... */
    o.codepage = 65001;      /* ... but declared UTF-8 */
    char *p = mini_sav("2024_sodertalje.sav", MINI_HEADER
                       "A1,2024,Södertälje,Hovsjö,S1,10,1,3,2\n", &o);
    expect_error(NULL, p, TRYGG_ERR_PARSE, "text that cannot be converted to UTF-8 "
                 "from the encoding the file declares", 0, 0);
    /* [survey] encoding says what it really is */
    char dir[1024], def[1024];
    ts_temp_dir("statfile_enc", dir, sizeof dir);
    char *t = ts_read_whole(MINI "/survey.trygg");
    char *files = strstr(t, "files = data/*.csv");
    assert_non_null(files);
    char text[4096];
    snprintf(text, sizeof text, "%.*sfiles = %s\nencoding = latin1%s", (int)(files - t), t,
             p, files + strlen("files = data/*.csv"));
    free(t);
    ts_write_in(dir, "survey.trygg", text);
    static const char *const tables[] = {"items.csv", "indicators.csv", "scales.csv"};
    for (int i = 0; i < 3; i++) {
        char from[1024];
        t = ts_read_whole(ts_path(from, sizeof from, MINI, tables[i]));
        ts_write_in(dir, tables[i], t);
        free(t);
    }
    trygg_definition *d;
    trygg_survey *sv = ts_load_survey(ts_path(def, sizeof def, dir, "survey.trygg"), &d);
    const char **names;
    size_t n;
    assert_int_equal(trygg_survey_area_names(sv, "municipality", 0, &names, &n), TRYGG_OK);
    assert_int_equal(n, 1);
    assert_string_equal(names[0], "Södertälje");
    free(names);
    trygg_survey_free(sv);
    trygg_definition_free(d);
    ts_remove_tree(dir);
}

/* The broken .sav files of tests/bad/responses, made again into the folder
 * $TRYGG_MAKE_BAD_SAV (they are kept in the repository: ReadStat writes
 * the time into each file, so they are not rebuilt on every run). */
static void make_bad_catalogue(const char *dir)
{
    const char *rows = MINI_HEADER "A1,2024,Södertälje,Hovsjö,S1,10,1,3,2\n"
                                   "A2,2024,Södertälje,Hovsjö,S1,10,2,7,9\n";
    const char *good = MINI_HEADER "A1,2024,Södertälje,Hovsjö,S1,10,1,3,2\n"
                                   "A2,2024,Södertälje,Hovsjö,S1,10,2,1,9\n";
    char out[2048], *p;
    size_t len;
    ts_statfile_options o;
    p = mini_sav("x.sav", rows, NULL);
    rename(p, ts_path(out, sizeof out, dir, "sav_unknown_code.sav"));
    ts_statfile_options_init(&o);
    o.skip = "stratum";
    p = mini_sav("x.sav", good, &o);
    rename(p, ts_path(out, sizeof out, dir, "sav_missing_variable.sav"));
    ts_statfile_options_init(&o);
    o.encoding = "latin1";
    o.codepage = 65001;
    p = mini_sav("x.sav", good, &o);
    rename(p, ts_path(out, sizeof out, dir, "sav_latin1_declared_utf8.sav"));
    p = mini_sav("x.sav", good, NULL);
    char *b = ts_read_whole(p);
    FILE *f = fopen(p, "rb");
    fseek(f, 0, SEEK_END);
    len = (size_t)ftell(f);
    fclose(f);
    f = fopen(ts_path(out, sizeof out, dir, "sav_truncated.sav"), "wb");
    fwrite(b, 1, len - 40, f);
    fclose(f);
    free(b);
    ts_write_in(dir, "sav_wrong_magic.sav", good);  /* a CSV file named .sav */
}

/* Seeds of fuzz/fuzz_statfile into $TRYGG_MAKE_FUZZ_SEEDS: the mini
 * survey's file as .sav, .zsav and .dta, each after the byte that makes
 * the harness read it as such. */
static void make_fuzz_seeds(const char *dir)
{
    const char *text = ts_read_whole(MINI "/data/2024_sodertalje.csv");
    static const struct { const char *name; int kind, zsav, dta; } seeds[] = {
        {"mini_sav", 0, 0, 0}, {"mini_zsav", 1, 1, 0}, {"mini_dta", 3, 0, 1}};
    for (size_t i = 0; i < 3; i++) {
        ts_statfile_options o;
        ts_statfile_options_init(&o);
        o.zsav = seeds[i].zsav;
        o.dta = seeds[i].dta;
        o.sex_labels = "kon";
        char *p = mini_sav("x.sav", text, &o), out[2048];
        FILE *in = fopen(p, "rb"), *f = fopen(ts_path(out, sizeof out, dir, seeds[i].name), "wb");
        fputc(seeds[i].kind, f);
        int ch;
        while ((ch = fgetc(in)) != EOF)
            fputc(ch, f);
        fclose(in);
        fclose(f);
    }
    free((char *)text);
}

int main(void)
{
    if (getenv("TRYGG_MAKE_FUZZ_SEEDS")) {
        setup(NULL);
        make_fuzz_seeds(getenv("TRYGG_MAKE_FUZZ_SEEDS"));
        teardown(NULL);
        return 0;
    }
    if (getenv("TRYGG_MAKE_BAD_SAV")) {
        setup(NULL);
        make_bad_catalogue(getenv("TRYGG_MAKE_BAD_SAV"));
        teardown(NULL);
        return 0;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sav_gives_the_csv_estimates),
        cmocka_unit_test(test_zsav_gives_the_csv_estimates),
        cmocka_unit_test(test_windows_1252_sav_is_converted),
        cmocka_unit_test(test_dta_gives_the_csv_estimates),
        cmocka_unit_test(test_import_reproduces_the_definition),
        cmocka_unit_test(test_unknown_code_names_case_and_variable),
        cmocka_unit_test(test_user_missing_code_absent_from_the_scale),
        cmocka_unit_test(test_a_variable_missing),
        cmocka_unit_test(test_truncated_and_wrong_magic),
        cmocka_unit_test(test_latin1_text_declared_utf8),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
