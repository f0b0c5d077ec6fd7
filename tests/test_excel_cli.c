/* The tables for Excel as a user gets them from the trygg command, on the
 * fixture region thinned to min_n = 300 (so that many cells are hidden):
 * --format xlsx holds the CSV's numbers exactly and nothing of a suppressed
 * row; --csv-dialect sv read with R's read.csv2 gives the default CSV's
 * numeric columns (when R is installed) and passes trygg audit; trygg
 * publish shows each estimate and change rounded as published, with the
 * library's marks, and ".." alone for a hidden cell. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_support.h"
#include "xlsx_read.h"

#define REGION TRYGG_SOURCE_DIR "/fixtures/region"
#define OUT TRYGG_BINARY_DIR "/excel_cli"
#define THIN OUT "/thin.trygg"

static void run_ok(const char *args)
{
    char *out;
    int rc = ts_run_cli(args, &out);
    if (rc != 0)
        fail_msg("trygg %s: exit %d\n%s", args, rc, out);
    free(out);
}

static int setup(void **state)
{
    (void)state;
    ts_remove_tree(OUT);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && sed -e 's|^files = data/|files = " REGION
             "/data/|' -e 's#^\\(scales\\|items\\|indicators\\|population\\) = #\\1 = " REGION
             "/#' -e 's|^min_n = 30$|min_n = 300|' " REGION "/survey.trygg > '%s'", OUT, THIN);
    if (system(cmd) != 0)
        return -1;
    run_ok("estimate " THIN " --out " OUT "/est.csv --changes " OUT "/chg.csv --quiet");
    run_ok("estimate " THIN " --year 2024 --out " OUT "/est.xlsx --format xlsx --quiet");
    run_ok("estimate " THIN " --out " OUT "/est_sv.csv --csv-dialect sv --quiet");
    run_ok("publish " THIN " --out " OUT "/pub.xlsx --quiet");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ts_remove_tree(OUT);
    return 0;
}

static int numeric_column(const char *name)
{
    static const char *const text[] = {"weighting", "level", "domain", "indicator",
                                       "domain_label", "group_label", "indicator_label",
                                       "ci_method", "flag", "parent_level", "parent",
                                       "variance", NULL};
    for (size_t i = 0; text[i]; i++)
        if (!strcmp(name, text[i]))
            return 0;
    return 1;
}

/* Every number of the 2024 rows as the CSV has it (to the 16 significant
 * digits libxlsxwriter writes, "%.16G"; Excel computes with 15); none of a
 * suppressed row but the year, df and confidence (design facts, in the CSV
 * too). */
static void test_workbook_holds_the_csv(void **state)
{
    (void)state;
    ts_table *t = ts_table_read(OUT "/est.csv");
    xr_book *b = xr_read(OUT "/est.xlsx");
    size_t year = ts_col(t, "year"), flag = ts_col(t, "flag"), row = 1, hidden = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        if (strcmp(ts_cell(t, i, year), "2024") != 0)
            continue;
        int supp = strcmp(ts_cell(t, i, flag), "suppressed") == 0;
        hidden += supp;
        for (size_t c = 0; c < t->ncols; c++) {
            const xr_cell *x = xr_at(b, "estimates", row, c);
            const char *want = ts_cell(t, i, c);
            if (!want[0] && !x)
                continue;
            if (!want[0] || !x)
                fail_msg("row %zu %s: CSV '%s', workbook '%s'", row + 1, t->header[c], want,
                         x ? x->value : "");
            if (numeric_column(t->header[c])) {
                double w = strtod(want, NULL);
                if (x->kind != 'n' || fabs(x->num - w) > 1e-15 * fabs(w))
                    fail_msg("row %zu %s: CSV %s, workbook %s", row + 1, t->header[c], want,
                             x->value);
            } else if (x->kind != 's' || strcmp(x->value, want) != 0)
                fail_msg("row %zu %s: CSV '%s', workbook '%s'", row + 1, t->header[c], want,
                         x->value);
        }
        row++;
    }
    assert_null(xr_at(b, "estimates", row, 0));   /* no more rows */
    assert_true(hidden > 100);
    xr_free(b);
    ts_table_free(t);
}

static void test_swedish_csv_in_r(void **state)
{
    (void)state;
    char *sv = ts_read_whole(OUT "/est_sv.csv");
    assert_memory_equal(sv, "\xEF\xBB\xBF" "year;weighting;level;domain;", 31);
    assert_non_null(strstr(sv, ";variance\r\n"));
    free(sv);
    /* what a reader of the Swedish file may check: trygg audit reads it too */
    run_ok("audit " THIN " " OUT "/est_sv.csv --no-bounds");
    if (system("Rscript --version >/dev/null 2>&1") != 0) {
        print_message("R is not installed: read.csv2 not tried\n");
        skip();
    }
    const char *script =
        "a <- read.csv('" OUT "/est.csv', encoding = 'UTF-8');"
        "b <- read.csv2('" OUT "/est_sv.csv', fileEncoding = 'UTF-8-BOM');"
        "stopifnot(identical(names(a), names(b)), nrow(a) == nrow(b));"
        "num <- sapply(a, is.numeric); stopifnot(identical(num, sapply(b, is.numeric)));"
        "stopifnot(num[['estimate']], num[['ci_low']], num[['n']], sum(num) >= 13);"
        "for (n in names(a)[num]) if (!identical(a[[n]], b[[n]])) stop(n);"
        "stopifnot(identical(a$domain_label, b$domain_label));"
        "cat('same', sum(num), 'numeric columns\\n')";
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "Rscript -e \"%s\" 2>&1", script);
    FILE *p = popen(cmd, "r");
    char line[512] = "";
    char *got = fgets(line, sizeof line, p);
    int rc = pclose(p);
    if (rc != 0 || !got || strncmp(line, "same ", 5) != 0)
        fail_msg("R: %s", line);
}

typedef struct {
    ts_table *est, *chg;
} tables;

/* The estimates row of (level, domain, indicator_label) in 2024. */
static long find(const ts_table *t, const char *level, const char *label_col,
                 const char *label, const char *area, int year_col_is_to)
{
    size_t y = ts_col(t, year_col_is_to ? "year_to" : "year"), l = ts_col(t, "level");
    size_t d = ts_col(t, "domain_label"), k = ts_col(t, label_col);
    for (size_t i = 0; i < t->nrows; i++)
        if (!strcmp(ts_cell(t, i, y), "2024") && !strcmp(ts_cell(t, i, l), level) &&
            !strcmp(ts_cell(t, i, d), area) && !strcmp(ts_cell(t, i, k), label))
            return (long)i;
    return -1;
}

static double rounded(double v, int decimals)
{
    double f = decimals == 1 ? 10 : 100;
    return round(v * f) / f;
}

static void number(const xr_book *b, const char *sheet, size_t r, size_t c, double want,
                   const char *what)
{
    const xr_cell *x = xr_at(b, sheet, r, c);
    if (!x || x->kind != 'n' || fabs(x->num - want) > 1e-9)
        fail_msg("%s row %zu: %s %s, expected %.10g", sheet, r + 1, what,
                 x ? x->value : "empty", want);
}

/* One indicator's five cells of one area against the tables. */
static void check_cells(const xr_book *b, const char *sheet, size_t r, size_t c,
                        const tables *t, const char *level, const char *area,
                        const char *label, int *hidden)
{
    long e = find(t->est, level, "indicator_label", label, area, 0);
    assert_true(e >= 0);
    const ts_table *E = t->est;
    const char *flag = ts_cell(E, (size_t)e, ts_col(E, "flag"));
    const xr_cell *mark = xr_at(b, sheet, r, c + 4);
    if (!strcmp(flag, "suppressed")) {
        for (size_t k = 0; k < 4; k++)
            if (xr_at(b, sheet, r, c + k))
                fail_msg("%s row %zu: a hidden cell shows %s", sheet, r + 1,
                         xr_at(b, sheet, r, c + k)->value);
        assert_non_null(mark);
        assert_string_equal(mark->value, "..");
        (*hidden)++;
        return;
    }
    /* shares have logit intervals here, everything else t */
    int share = strcmp(ts_cell(E, (size_t)e, ts_col(E, "ci_method")), "t") != 0;
    int d = share ? 1 : 2;
    double s = share ? 100 : 1;
    double lo = ts_num(E, (size_t)e, ts_col(E, "ci_low")), hi = ts_num(E, (size_t)e, ts_col(E, "ci_high"));
    number(b, sheet, r, c, rounded(s * ts_num(E, (size_t)e, ts_col(E, "estimate")), d), "value");
    number(b, sheet, r, c + 1, rounded(s * (hi - lo) / 2, d), "felmarginal");
    number(b, sheet, r, c + 2, ts_num(E, (size_t)e, ts_col(E, "n")), "n");
    long ch = find(t->chg, level, "indicator_label", label, area, 1);
    const char *cflag = ch >= 0 ? ts_cell(t->chg, (size_t)ch, ts_col(t->chg, "flag")) : "";
    char want[16] = "";
    if (ch >= 0 && strcmp(cflag, "suppressed") != 0) {
        number(b, sheet, r, c + 3, rounded(s * ts_num(t->chg, (size_t)ch,
                                                      ts_col(t->chg, "change")), d), "change");
        const char *sig = ts_cell(t->chg, (size_t)ch, ts_col(t->chg, "significant"));
        strcat(want, !strcmp(sig, "1") ? "▲" : !strcmp(sig, "-1") ? "▼" : "");
    } else if (xr_at(b, sheet, r, c + 3))
        fail_msg("%s row %zu: a change where the table has none", sheet, r + 1);
    if (strstr(flag, "unstable"))
        strcat(want, "*");
    if (strcmp(want, mark ? mark->value : "") != 0)
        fail_msg("%s row %zu %s: mark '%s', expected '%s'", sheet, r + 1, label,
                 mark ? mark->value : "", want);
}

static void check_sheet(const xr_book *b, const char *sheet, const tables *t, int *hidden,
                        size_t *areas)
{
    assert_string_equal(xr_setting(b, 'F', sheet), "C6");
    assert_true(xr_merged(b, sheet, "C4:G4"));
    for (size_t r = 5; xr_at(b, sheet, r, 1); r++) {
        const char *lv = xr_at(b, sheet, r, 1)->value;
        const char *level = !strcmp(lv, "Kommun") ? "municipality"
                            : !strcmp(lv, "Område") ? "district" : "region";
        const char *area = xr_at(b, sheet, r, 0)->value;
        for (size_t c = 2; xr_at(b, sheet, 3, c); c += 5)
            check_cells(b, sheet, r, c, t, level, area, xr_at(b, sheet, 3, c)->value, hidden);
        (*areas)++;
    }
}

static void test_publish(void **state)
{
    (void)state;
    tables t = {ts_table_read(OUT "/est.csv"), ts_table_read(OUT "/chg.csv")};
    xr_book *b = xr_read(OUT "/pub.xlsx");
    size_t ns, areas = 0;
    char *const *sheets = xr_sheets(b, &ns);
    assert_int_equal(ns, 7);
    assert_string_equal(sheets[0], "Botkyrka");
    assert_string_equal(sheets[6], "Läs mig");
    int hidden = 0;
    for (size_t i = 0; i + 1 < ns; i++)
        check_sheet(b, sheets[i], &t, &hidden, &areas);
    assert_int_equal(areas, 6 * 2 + 34);   /* municipality and region on each, districts */
    assert_true(hidden > 50);
    /* the headers of a share and the region's row */
    assert_string_equal(xr_get(b, "Botkyrka", "C5")->value, "Andel, %");
    assert_string_equal(xr_get(b, "Botkyrka", "D5")->value, "Felmarginal ±");
    assert_string_equal(xr_get(b, "Botkyrka", "F5")->value,
                        "Förändring sedan 2023, procentenheter");
    assert_string_equal(xr_get(b, "Botkyrka", "C6")->format, "0.0");
    assert_string_equal(xr_get(b, "Botkyrka", "D6")->format, "\"±\"0.0");
    xr_free(b);
    ts_table_free(t.est);
    ts_table_free(t.chg);
}

static void test_english_and_refusals(void **state)
{
    (void)state;
    run_ok("publish " THIN " --out " OUT "/pub_en.xlsx --lang en --year 2023 --quiet");
    xr_book *b = xr_read(OUT "/pub_en.xlsx");
    assert_string_equal(xr_get(b, "Read me", "A3")->value, "Survey");
    assert_string_equal(xr_get(b, "Botkyrka", "A1")->value, "Botkyrka 2023");
    assert_string_equal(xr_get(b, "Botkyrka", "B6")->value, "Municipality");
    assert_string_equal(xr_get(b, "Botkyrka", "F5")->value,
                        "Change since 2022, percentage points");
    xr_free(b);
    run_ok("weights " THIN " --out " OUT "/w.csv --report " OUT "/wr.csv --lang en --quiet");
    char *rep = ts_read_whole(OUT "/wr.csv");
    assert_non_null(strstr(rep, "year,weighting,municipality,group,group_label,n,"));
    assert_non_null(strstr(rep, ",Botkyrka,2 / 16-24,\"Women, 16\xE2\x80\x93" "24\","));
    free(rep);
    char *out;
    assert_int_equal(ts_run_cli("estimate " THIN " --format json --csv-dialect sv", &out), 2);
    assert_non_null(strstr(out, "--csv-dialect goes with CSV output"));
    free(out);
    assert_int_equal(ts_run_cli("publish " THIN, &out), 2);
    assert_non_null(strstr(out, "--out FILE.xlsx is required"));
    free(out);
    assert_int_equal(ts_run_cli("publish " THIN " --out " OUT "/p.xlsx --format csv", &out), 2);
    free(out);
    /* a workbook into a pipe is a workbook */
    assert_int_equal(ts_run_cli("estimate " THIN " --year 2024 --level region --format xlsx",
                                &out), 0);
    assert_memory_equal(out, "PK\x03\x04", 4);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_workbook_holds_the_csv),
        cmocka_unit_test(test_swedish_csv_in_r),
        cmocka_unit_test(test_publish),
        cmocka_unit_test(test_english_and_refusals),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
