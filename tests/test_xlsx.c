/* Workbooks and the label columns from hand-made estimates, read back with
 * openpyxl (tests/support/xlsx_dump.py): numbers are numbers with the
 * value set here and a display format by unit, labels are the
 * definition's words, a suppressed row's numbers are empty cells even
 * though the row carries them, a formula-like name is text, the header is
 * frozen and filtered, and the Läs mig sheet says what the run was. The
 * same rows as Swedish CSV and JSON. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "results_internal.h"
#include "test_support.h"
#include "trygg.h"
#include "xlsx_read.h"

#define WORK TRYGG_BINARY_DIR "/xlsx_test"
#define HYPERLINK "=HYPERLINK(\"http://x\")"

static const char SURVEY[] =
    "[survey]\nname = Liten mätning\nregion_name = Polisregion Test\nfiles = data/*.csv\n"
    "scales = scales.csv\nitems = items.csv\nindicators = indicators.csv\n"
    "[columns]\nid = id\nyear = year\nmunicipality = kommun\ndistrict = omrade\n"
    "weight = vikt\nsex = kon\nage_group = alder\n"
    "[report]\nlevels = region municipality district\n"
    "crossings = district*sex municipality*sex*age_group\nmin_n = 5\nunstable_n = 8\n";

typedef struct {
    trygg_definition *def;
    trygg_results *r;
    char dir[512];
} fixture;

static void row(trygg_results *r, const char *level, const char *domain, size_t k,
                double e, double n, unsigned flags)
{
    static const char *const IND[] = {"share_x", "index_x"};
    trygg_estimate_row x = {0};
    x.year = 2024;
    x.weighting = TRYGG_WEIGHTING_RAKE;
    x.level = level;
    x.domain = domain;
    x.parent = x.parent_level = "";
    x.indicator = IND[k];
    x.indicator_index = k;
    x.is_share = k == 0;
    x.estimate = e;
    x.se = 0.01;
    x.ci_low = e - 0.02;
    x.ci_high = e + 0.02;
    x.n = n;
    x.df = 100;
    x.deff = 1.25;
    x.cv = 0.01 / e;
    x.weighted_n = 10 * n;
    x.flags = flags;
    x.confidence = 0.95;
    x.variance = TRYGG_VARIANCE_LINEARIZATION;
    assert_int_equal(trygg_results_push(r, &x), TRYGG_OK);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    ts_temp_dir("xlsx_def", f->dir, sizeof f->dir);
    ts_write_in(f->dir, "survey.trygg", SURVEY);
    ts_write_in(f->dir, "scales.csv", "scale,code,label_sv,label_en,valid,score\n"
                "problem,1,Inget,None,1,0\nproblem,2,Litet,Small,1,2\n"
                "problem,3,Stort,Big,1,4\nproblem,4,Mycket stort,Very big,1,6\n"
                "sex,1,Man,Man,1,\nsex,2,Kvinna,Woman,1,\n");
    ts_write_in(f->dir, "items.csv", "item,scale,label_sv,label_en,group,tags\n"
                "p_x,problem,Problem X,Problem X,problem,\n");
    ts_write_in(f->dir, "indicators.csv",
                "indicator,type,items,codes,valid,min_valid,label_sv,label_en,group,better\n"
                "share_x,share,p_x,3 4,,,Problem X: stort,Problem X: big,problem,lower\n"
                "index_x,index,p_x,,,1,Problemindex,Problem index,headline,lower\n");
    char data[600];
    assert_int_equal(mkdir(ts_path(data, sizeof data, f->dir, "data"), 0755), 0);
    ts_write_in(f->dir, "data/2024_a.csv", "id,year,kommun,omrade,vikt,kon,alder,p_x\n"
                "1,2024,Botkyrka,Fittja,1,2,45-64,3\n");
    char path[700];
    trygg_errors *err = trygg_errors_new(10);
    if (trygg_definition_load(ts_path(path, sizeof path, f->dir, "survey.trygg"), &f->def,
                              err) != TRYGG_OK)
        fail_msg("%s", trygg_errors_get(err, 0)->message);
    trygg_errors_free(err);
    assert_int_equal(trygg_results_new(&f->r), TRYGG_OK);
    row(f->r, "region", "region", 0, 0.246, 1884, 0);
    row(f->r, "municipality", HYPERLINK, 1, 1.63, 412, TRYGG_FLAG_UNSTABLE | TRYGG_FLAG_LOW_N);
    row(f->r, "district*sex", "Fittja / 2", 0, 0.3, 60, 0);
    row(f->r, "municipality*sex*age_group", "Botkyrka / 2 / 45-64", 0, 0.125, 40, 0);
    /* suppressed, yet the row holds numbers: none may be written */
    row(f->r, "district", "Alby", 0, 0.5, 4, TRYGG_FLAG_SUPPRESSED | TRYGG_FLAG_LOW_N);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    trygg_results_free(f->r);
    trygg_definition_free(f->def);
    ts_remove_tree(f->dir);
    free(f);
    return 0;
}

static void write(const fixture *f, const char *path, trygg_format fmt, trygg_lang lang,
                  trygg_csv_dialect dialect)
{
    trygg_write_options o;
    trygg_write_options_init(&o);
    o.format = fmt;
    o.lang = lang;
    o.dialect = dialect;
    o.def = f->def;
    o.command = "trygg estimate survey.trygg --format xlsx";
    o.run_time = 1717236000;   /* 2024-06-01 10:00 UTC */
    trygg_output_group *g;
    trygg_errors *err = trygg_errors_new(10);
    assert_int_equal(trygg_output_group_new(&g), TRYGG_OK);
    trygg_status st = trygg_results_write_with(f->r, g, path, &o, err);
    if (st == TRYGG_OK)
        st = trygg_output_group_commit(g, err);
    if (st != TRYGG_OK)
        fail_msg("%s: %s", path, trygg_errors_count(err) ? trygg_errors_get(err, 0)->message
                                                          : trygg_strerror(st));
    trygg_output_group_free(g);
    trygg_errors_free(err);
}

static void text_is(const xr_book *b, const char *sheet, const char *ref, const char *want)
{
    const xr_cell *c = xr_get(b, sheet, ref);
    if (!c || c->kind != 's' || strcmp(c->value, want) != 0)
        fail_msg("%s!%s: want text '%s', have %s '%s'", sheet, ref, want,
                 c ? (c->kind == 's' ? "text" : "number") : "nothing", c ? c->value : "");
}

static void number_is(const xr_book *b, const char *ref, double want, const char *format)
{
    const xr_cell *c = xr_get(b, "estimates", ref);
    if (!c || c->kind != 'n' || c->num != want || strcmp(c->format, format) != 0)
        fail_msg("%s: want %.17g as '%s', have %s '%s' as '%s'", ref, want, format,
                 c ? (c->kind == 'n' ? "number" : "text") : "nothing", c ? c->value : "",
                 c ? c->format : "");
}

/* The column (0-based) of header `name` in row 1. */
static size_t column(const xr_book *b, const char *name)
{
    for (size_t c = 0; c < 64; c++) {
        const xr_cell *h = xr_at(b, "estimates", 0, c);
        if (h && !strcmp(h->value, name))
            return c;
    }
    fail_msg("no column %s", name);
    return 0;
}

static void test_workbook(void **state)
{
    fixture *f = *state;
    write(f, WORK ".xlsx", TRYGG_FORMAT_XLSX, TRYGG_LANG_SV, TRYGG_CSV_PLAIN);
    xr_book *b = xr_read(WORK ".xlsx");
    size_t ns;
    char *const *sheets = xr_sheets(b, &ns);
    assert_int_equal(ns, 2);
    assert_string_equal(sheets[0], "estimates");
    assert_string_equal(sheets[1], "Läs mig");
    assert_string_equal(xr_setting(b, 'F', "estimates"), "A2");
    assert_string_equal(xr_setting(b, 'A', "estimates"), "A1:Y6");
    /* the labels beside the ids */
    text_is(b, "estimates", "D1", "domain");
    text_is(b, "estimates", "F1", "domain_label");
    text_is(b, "estimates", "G1", "group_label");
    text_is(b, "estimates", "H1", "indicator_label");
    text_is(b, "estimates", "F2", "Polisregion Test");
    text_is(b, "estimates", "H2", "Problem X: stort");
    text_is(b, "estimates", "H3", "Problemindex");
    text_is(b, "estimates", "F4", "Fittja");
    text_is(b, "estimates", "G4", "Kvinna");
    text_is(b, "estimates", "F5", "Botkyrka");
    text_is(b, "estimates", "G5", "Kvinna, 45\xE2\x80\x93" "64");
    assert_null(xr_get(b, "estimates", "G2"));   /* an area has no group */
    /* the name that looks like a formula is text, as it is */
    text_is(b, "estimates", "D3", HYPERLINK);
    text_is(b, "estimates", "F3", HYPERLINK);
    /* numbers as numbers, full precision, shown by unit */
    number_is(b, "A2", 2024, "0");
    number_is(b, "I2", 0.246, "0.0 %");
    number_is(b, "J2", 0.01, "0.0 %");
    number_is(b, "K2", 0.246 - 0.02, "0.0 %");
    number_is(b, "I3", 1.63, "0.00");
    number_is(b, "N2", 1884, "#,##0");
    number_is(b, "P2", 1.25, "0.00");
    number_is(b, "X2", 0.95, "0 %");
    text_is(b, "estimates", "R3", "unstable|low_n");
    /* the suppressed row: its names and flag, and no number but the df */
    text_is(b, "estimates", "D6", "Alby");
    text_is(b, "estimates", "R6", "suppressed");
    static const char *const blank[] = {"estimate", "se", "ci_low", "ci_high", "n", "deff",
                                        "cv", "weighted_n", "n_excluded", "n_missing"};
    for (size_t i = 0; i < sizeof blank / sizeof *blank; i++)
        if (xr_at(b, "estimates", 5, column(b, blank[i])))
            fail_msg("the suppressed row has a %s", blank[i]);
    /* Läs mig: the run */
    text_is(b, "Läs mig", "B3", "Liten mätning");
    text_is(b, "Läs mig", "B4", "trygg estimate survey.trygg --format xlsx");
    char when[32];
    time_t t = 1717236000;
    struct tm tm;
    strftime(when, sizeof when, "%Y-%m-%d %H:%M", localtime_r(&t, &tm));
    text_is(b, "Läs mig", "B5", when);
    text_is(b, "Läs mig", "A6", "trygg");
    text_is(b, "Läs mig", "B6", TRYGG_VERSION);
    text_is(b, "Läs mig", "B7", "rake");
    text_is(b, "Läs mig", "B9", "95\xC2\xA0%");
    const xr_cell *rule = xr_get(b, "Läs mig", "B10");
    assert_non_null(rule);
    assert_non_null(strstr(rule->value, "färre än 5 svar"));
    /* and every column, with what it means */
    int found = 0;
    for (size_t r = 0; r < 80; r++) {
        const xr_cell *k = xr_at(b, "Läs mig", r, 0), *v = xr_at(b, "Läs mig", r, 1);
        if (k && !strcmp(k->value, "group_label")) {
            assert_non_null(v);
            assert_non_null(strstr(v->value, "Kvinnor, 45–64"));
            found = 1;
        }
    }
    assert_true(found);
    xr_free(b);
    remove(WORK ".xlsx");
}

static void test_english(void **state)
{
    fixture *f = *state;
    write(f, WORK "_en.xlsx", TRYGG_FORMAT_XLSX, TRYGG_LANG_EN, TRYGG_CSV_PLAIN);
    xr_book *b = xr_read(WORK "_en.xlsx");
    size_t ns;
    char *const *sheets = xr_sheets(b, &ns);
    assert_string_equal(sheets[1], "Read me");
    text_is(b, "estimates", "G4", "Woman");
    text_is(b, "estimates", "G5", "Woman, 45\xE2\x80\x93" "64");
    text_is(b, "estimates", "H2", "Problem X: big");
    text_is(b, "Read me", "A9", "Confidence level");
    xr_free(b);
    remove(WORK "_en.xlsx");
}

/* The same rows as CSV for Excel in Swedish: BOM, ';', decimal comma,
 * CRLF, the formula-like name neutralised; and JSON with the labels. */
static void test_swedish_csv_and_json(void **state)
{
    fixture *f = *state;
    write(f, WORK ".csv", TRYGG_FORMAT_CSV, TRYGG_LANG_SV, TRYGG_CSV_SV);
    char *csv = ts_read_whole(WORK ".csv");
    assert_memory_equal(csv, "\xEF\xBB\xBFyear;weighting;level;domain;indicator;"
                             "domain_label;group_label;indicator_label;estimate;", 81);
    assert_non_null(strstr(csv, ";variance\r\n2024;rake;region;region;share_x;"
                                "Polisregion Test;;Problem X: stort;0,246;0,01;"));
    assert_non_null(strstr(csv, "\r\n2024;rake;municipality;\"'=HYPERLINK(\"\"http://x\"\")\";"
                                "index_x;\"'=HYPERLINK(\"\"http://x\"\")\";;Problemindex;1,6299999999999999;"));
    assert_non_null(strstr(csv, "Fittja / 2;share_x;Fittja;Kvinna;Problem X: stort;0,29999999999999999;"));
    /* the suppressed row: names, blanks, the year's df, the flag alone */
    assert_non_null(strstr(csv, "\r\n2024;rake;district;Alby;share_x;Alby;;Problem X: stort;"
                                ";;;;wald;;100;;;suppressed;;;;;;0,94999999999999996;"
                                "linearization\r\n"));
    assert_null(strstr(csv, "0,5;"));
    assert_null(strstr(csv, "0.246"));   /* no decimal point anywhere */
    free(csv);
    write(f, WORK ".json", TRYGG_FORMAT_JSON, TRYGG_LANG_EN, TRYGG_CSV_PLAIN);
    char *json = ts_read_whole(WORK ".json");
    assert_non_null(strstr(json, "\"domain_label\": \"Polisregion Test\", \"group_label\": \"\", "
                                 "\"indicator_label\": \"Problem X: big\", \"estimate\": 0.246"));
    assert_non_null(strstr(json, "\"group_label\": \"Woman, 45\xE2\x80\x93" "64\""));
    free(json);
    remove(WORK ".csv");
    remove(WORK ".json");
}

/* A text Excel cannot hold: an error that says so, and no file. */
static void test_cell_limit(void **state)
{
    fixture *f = *state;
    trygg_results *r;
    assert_int_equal(trygg_results_new(&r), TRYGG_OK);
    char *long_name = malloc(40001);
    memset(long_name, 'a', 40000);
    long_name[40000] = 0;
    row(r, "district", long_name, 0, 0.2, 100, 0);
    free(long_name);
    trygg_write_options o;
    trygg_write_options_init(&o);
    o.format = TRYGG_FORMAT_XLSX;
    o.def = f->def;
    trygg_output_group *g;
    trygg_errors *err = trygg_errors_new(10);
    assert_int_equal(trygg_output_group_new(&g), TRYGG_OK);
    assert_int_equal(trygg_results_write_with(r, g, WORK "_long.xlsx", &o, err),
                     TRYGG_ERR_LIMIT);
    assert_non_null(strstr(trygg_errors_get(err, 0)->message, "does not fit in an Excel cell"));
    trygg_output_group_free(g);
    assert_false(ts_exists(WORK "_long.xlsx"));
    trygg_errors_free(err);
    trygg_results_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_workbook),
        cmocka_unit_test(test_english),
        cmocka_unit_test(test_swedish_csv_and_json),
        cmocka_unit_test(test_cell_limit),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
