/* The trygg command says exactly what it means: every --help exits 0,
 * --version names the version, an option a command does not act on is
 * refused, and a selection that matches nothing (a year, indicator, level
 * or area) is an error naming it, with the exact message, exit status 1 and
 * no output file. Names are taken as typed (case, NFD, the report's slug).
 * Also: the crashes of issue 15 (priorities for a year not in the data),
 * trends in their own columns, and the follow-up as a user runs it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"

#define PUBLIC TRYGG_TEST_DIR "/reference/defs/trygg_public/survey.trygg"
#define REGION TRYGG_SOURCE_DIR "/fixtures/region/survey.trygg"
#define OUT TRYGG_BINARY_DIR "/cli_select_out.csv"
#define YEARS "(years: 2022, 2023, 2024)"

/* Runs `args` with --out OUT and expects exit status `rc`, output `want`
 * exactly, and no OUT left behind. */
static void expect_error(const char *args, int rc, const char *want)
{
    remove(OUT);
    char cmd[2048], *out;
    snprintf(cmd, sizeof cmd, "%s --out " OUT, args);
    int got = ts_run_cli(cmd, &out);
    if (got != rc || strcmp(out, want) != 0)
        fail_msg("trygg %s\nexit %d, expected %d\n--- said:\n%s--- expected:\n%s", cmd, got,
                 rc, out, want);
    free(out);
    if (ts_exists(OUT))
        fail_msg("trygg %s left %s", cmd, OUT);
}

/* Runs `args` and expects exit 0 and `want` somewhere in OUT. */
static void expect_written(const char *args, const char *want)
{
    remove(OUT);
    char cmd[2048], *out;
    snprintf(cmd, sizeof cmd, "%s --out " OUT " --quiet", args);
    int got = ts_run_cli(cmd, &out);
    if (got != 0)
        fail_msg("trygg %s: exit %d\n%s", cmd, got, out);
    free(out);
    char *csv = ts_read_whole(OUT);
    if (!strstr(csv, want))
        fail_msg("trygg %s: no '%s' in\n%.600s", cmd, want, csv);
    free(csv);
    remove(OUT);
}

static void test_help_and_version(void **state)
{
    (void)state;
    static const char *const commands[] = {"validate", "estimate", "change", "trend",
                                           "contrast", "weights", "priorities",
                                           "followup", "report", "chart", "publish"};
    char *out, args[128], want[128];
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
        const char *forms[] = {"%s --help", "%s -h", "help %s", "%s " PUBLIC " --help"};
        for (size_t f = 0; f < 4; f++) {
            snprintf(args, sizeof args, forms[f], commands[i]);
            snprintf(want, sizeof want, "usage: trygg %s ", commands[i]);
            int rc = ts_run_cli(args, &out);
            if (rc != 0 || strncmp(out, want, strlen(want)) != 0)
                fail_msg("trygg %s: exit %d\n%s", args, rc, out);
            free(out);
        }
    }
    assert_int_equal(ts_run_cli("--help", &out), 0);
    assert_non_null(strstr(out, "  priorities "));
    free(out);
    assert_int_equal(ts_run_cli("help", &out), 0);
    assert_memory_equal(out, "usage: trygg COMMAND", 20);
    free(out);
    assert_int_equal(ts_run_cli("--version", &out), 0);
    assert_string_equal(out, "trygg " TRYGG_VERSION "\n");
    free(out);
    /* no command at all is still a usage error */
    assert_int_equal(ts_run_cli("", &out), 2);
    free(out);
}

static void test_options_not_ignored(void **state)
{
    (void)state;
    char *out;
    assert_int_equal(ts_run_cli("change " PUBLIC " --level district", &out), 2);
    assert_memory_equal(out, "trygg change: --level is not an option of trygg change\n"
                        "usage: trygg change", 73);
    free(out);
    assert_int_equal(ts_run_cli("weights " PUBLIC " --level district --out " OUT, &out), 2);
    assert_memory_equal(out, "trygg weights: --level is not an option of trygg weights\n",
                        57);
    free(out);
    assert_int_equal(ts_run_cli("estimate " PUBLIC " --year 20x4", &out), 2);
    assert_memory_equal(out, "trygg estimate: bad option --year 20x4 (expected a year, "
                        "e.g. 2024)\n", 67);
    free(out);
    assert_int_equal(ts_run_cli("estimate " PUBLIC " --bogus 1", &out), 2);
    assert_memory_equal(out, "trygg estimate: unknown option --bogus\n", 39);
    free(out);
    /* --changes needs every year: with --year its table would be empty */
    assert_int_equal(ts_run_cli("estimate " PUBLIC " --year 2024 --changes " OUT, &out), 2);
    assert_memory_equal(out, "trygg estimate: --changes needs every year's estimates", 54);
    free(out);
    assert_false(ts_exists(OUT));
    assert_int_equal(ts_run_cli("change " PUBLIC " --year 2024 --all-years", &out), 2);
    assert_memory_equal(out, "trygg change: --all-years and --year: give one of them\n", 55);
    free(out);
}

/* Selections that match nothing, each with the exact message. */
static const struct {
    const char *args, *message;
} EMPTY[] = {
    {"estimate " PUBLIC " --indicator problemindex",
     "trygg estimate: no indicator 'problemindex'; did you mean 'problem_index'?\n"},
    {"change " PUBLIC " --indicator share_unsafe",
     "trygg change: no indicator 'share_unsafe'; did you mean 'share_unsafe_night' or "
     "'share_unsafe_night_incl_never'?\n"},
    {"estimate " PUBLIC " --level kommun",
     "trygg estimate: no level 'kommun' (one of: region, municipality, district)\n"},
    {"estimate " PUBLIC " --level distrct",
     "trygg estimate: no level 'distrct'; did you mean 'district'?\n"},
    {"priorities " REGION " --area Fitja",
     "trygg priorities: no area 'Fitja'; did you mean 'Fittja'?\n"},
    {"priorities " REGION " --area district:Botkyrka",
     "trygg priorities: no district 'Botkyrka': 'Botkyrka' is a municipality "
     "(municipality:Botkyrka)\n"},
    {"priorities " REGION " --area Stockholm",
     "trygg priorities: no area 'Stockholm' in the data (none of its 41 names is like it)\n"},
    {"estimate " PUBLIC " --year 2021",
     "trygg estimate: no survey year 2021 in the data " YEARS "\n"},
    {"estimate " PUBLIC " --year 2025",
     "trygg estimate: no survey year 2025 in the data " YEARS "\n"},
    {"change " PUBLIC " --year 2025", "trygg change: no survey year 2025 in the data " YEARS "\n"},
    {"contrast " PUBLIC " --year 2025",
     "trygg contrast: no survey year 2025 in the data " YEARS "\n"},
    {"trend " PUBLIC " --year 2025", "trygg trend: no survey year 2025 in the data " YEARS "\n"},
    {"change " PUBLIC " --year 2022",
     "trygg change: no survey year before 2022 to compare it with " YEARS "\n"},
    {"trend " PUBLIC " --year 2023",
     "trygg trend: a trend needs three survey years up to 2023; the data has 2 " YEARS "\n"},
    /* the crashes of issue 15: a year not in the data never reaches the
     * library's priorities */
    {"priorities " REGION " --all --year 2025",
     "trygg priorities: no survey year 2025 in the data " YEARS "\n"},
    {"priorities " REGION " --area Fittja --year 2025",
     "trygg priorities: no survey year 2025 in the data " YEARS "\n"},
    /* Täby took no part in 2023 */
    {"priorities " PUBLIC " --area Gribbylund --year 2023",
     "trygg priorities: no answers from Gribbylund in 2023 (its years: 2022, 2024)\n"},
};

static void test_selections_that_match_nothing(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof EMPTY / sizeof *EMPTY; i++)
        expect_error(EMPTY[i].args, 1, EMPTY[i].message);
}

static void test_names_as_typed(void **state)
{
    (void)state;
    expect_written("priorities " REGION " --area fittja", ",district,Fittja,");
    expect_written("priorities " REGION " --area FITTJA --year 2023", ",2023,district,Fittja,");
    expect_written("priorities " REGION " --area J\xC3\x84RF\xC3\x84LLA",
                   ",municipality,J\xC3\xA4rf\xC3\xA4lla,");
    /* Järfälla in NFD, as a Mac's terminal gives it */
    expect_written("priorities " REGION " --area 'Ja\xCC\x88rfa\xCC\x88lla'",
                   ",municipality,J\xC3\xA4rf\xC3\xA4lla,");
    /* the report's file name for it */
    expect_written("priorities " REGION " --area jarfalla",
                   ",municipality,J\xC3\xA4rf\xC3\xA4lla,");
    expect_written("estimate " PUBLIC " --year 2024 --level District --indicator "
                   "SHARE_UNSAFE_NIGHT", "2024,design,district,G\xC3\xB6rla,share_unsafe_night,");
}

/* The region's slope over 2022-2024 is (y2024 - y2022) / 2: the years'
 * deviations from their mean are -1, 0, 1. */
static void test_trend_columns(void **state)
{
    (void)state;
    char *out;
    assert_int_equal(ts_run_cli("estimate " PUBLIC " --level region --indicator "
                                "share_unsafe_night --out " OUT, &out), 0);
    free(out);
    ts_table *e = ts_table_read(OUT);
    assert_int_equal(e->nrows, 3);
    double y2022 = ts_num(e, 0, ts_col(e, "estimate")), y2024 = ts_num(e, 2, ts_col(e, "estimate"));
    ts_table_free(e);
    assert_int_equal(ts_run_cli("trend " PUBLIC " --indicator share_unsafe_night --year 2024 "
                                "--out " OUT, &out), 0);
    free(out);
    char *csv = ts_read_whole(OUT);
    const char *header = "year_from,year_to,n_years,level,domain,indicator,domain_label,"
                         "group_label,indicator_label,slope_per_year,se,ci_low,ci_high,z,"
                         "p_value,flag,estimate_from,estimate_to\n";
    assert_memory_equal(csv, header, strlen(header));
    free(csv);
    ts_table *t = ts_table_read(OUT);
    assert_string_equal(ts_cell(t, 0, ts_col(t, "level")), "region");
    assert_string_equal(ts_cell(t, 0, ts_col(t, "year_from")), "2022");
    assert_string_equal(ts_cell(t, 0, ts_col(t, "year_to")), "2024");
    assert_string_equal(ts_cell(t, 0, ts_col(t, "n_years")), "3");
    ts_assert_close(ts_num(t, 0, ts_col(t, "slope_per_year")), (y2024 - y2022) / 2, 1e-12, 0,
                    "slope");
    ts_table_free(t);
    remove(OUT);
}

static void test_followup(void **state)
{
    (void)state;
    char dir[512], args[1200];
    ts_temp_dir("cli_followup", dir, sizeof dir);
    ts_write_in(dir, "ok.csv", "area;indicator;baseline_year;followup_year;direction;target\n"
                                 "fittja;share_unsafe_night;2022;2024;minska;-2,5\n");
    ts_write_in(dir, "bad.csv", "area;indicator;baseline_year;followup_year;direction;target\n"
                                  "Fittja;share_unsafe_night;2024;2022;minska;\n"
                                  "Fittja;share_unsafe_night;2021;2024;minska;\n");
    snprintf(args, sizeof args, "followup %s/ok.csv " REGION, dir);
    expect_written(args, "Fittja,share_unsafe_night,Fittja,Otrygg ute ensam sent en kväll,2022,"
                         "2024,minska,-2.5,"
                         "\"\xE2\x88\x92" "2,5 procentenheter\",\xE2\x88\x92" "2.5 percentage points,");
    snprintf(args, sizeof args, "followup %s/bad.csv " REGION, dir);
    char want[2400];
    snprintf(want, sizeof want,
             "%s/bad.csv:2:4: the follow-up year 2022 must come after the baseline year 2024\n"
             "%s/bad.csv:3:3: 2021 is no survey year in the data " YEARS "\n"
             "trygg followup: invalid input\n", dir, dir);
    expect_error(args, 1, want);
    ts_remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_help_and_version),
        cmocka_unit_test(test_options_not_ignored),
        cmocka_unit_test(test_selections_that_match_nothing),
        cmocka_unit_test(test_names_as_typed),
        cmocka_unit_test(test_trend_columns),
        cmocka_unit_test(test_followup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
