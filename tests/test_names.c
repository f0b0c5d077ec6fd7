/* Names as users type them: the tiers of trygg_name_find() (exact, NFC,
 * case-folded, slug), ambiguity, suggestions by edit distance and the
 * messages trygg_name_resolve() gives; then a survey whose files are one in
 * NFD and one in NFC, which must name the same areas. The code points are
 * written out, so the test does not depend on how this file was saved. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"
#include "trygg.h"

#define NFC_JARFALLA "J\xC3\xA4rf\xC3\xA4lla"            /* ä = U+00E4 */
#define NFD_JARFALLA "Ja\xCC\x88rfa\xCC\x88lla"          /* a + U+0308 */
#define NFC_VIKSJO "Viksj\xC3\xB6"
#define NFD_VIKSJO "Viksjo\xCC\x88"

static const char *const AREAS[] = {
    "Fittja", "Hallunda-Norsborg", NFC_JARFALLA, "Jakobsberg", "NACKA", "Nacka", "Boo",
};
enum { NAREAS = sizeof AREAS / sizeof *AREAS };

static trygg_name_match find(const char *typed)
{
    trygg_name_match m;
    assert_int_equal(trygg_name_find(AREAS, NAREAS, typed, &m), TRYGG_OK);
    return m;
}

static void expect_match(const char *typed, trygg_match_kind kind, size_t index)
{
    trygg_name_match m = find(typed);
    if (m.kind != kind || m.index != index)
        fail_msg("'%s': kind %d index %zu, expected kind %d index %zu", typed,
                 (int)m.kind, m.index, (int)kind, index);
}

static void test_tiers(void **unused)
{
    (void)unused;
    expect_match("Fittja", TRYGG_MATCH_EXACT, 0);
    expect_match("fittja", TRYGG_MATCH_FOLDED, 0);
    expect_match("FITTJA", TRYGG_MATCH_FOLDED, 0);
    expect_match(NFC_JARFALLA, TRYGG_MATCH_EXACT, 2);
    expect_match(NFD_JARFALLA, TRYGG_MATCH_NFC, 2);
    expect_match("J\xC3\x84RF\xC3\x84LLA", TRYGG_MATCH_FOLDED, 2);   /* JÄRFÄLLA */
    expect_match("JA\xCC\x88RFA\xCC\x88LLA", TRYGG_MATCH_FOLDED, 2); /* in NFD */
    expect_match("jarfalla", TRYGG_MATCH_SLUG, 2);
    expect_match("hallunda-norsborg", TRYGG_MATCH_FOLDED, 1);
    expect_match("Hallunda Norsborg", TRYGG_MATCH_SLUG, 1);
    /* "Nacka" is a name itself, though "NACKA" folds alike */
    expect_match("Nacka", TRYGG_MATCH_EXACT, 5);
    expect_match("NACKA", TRYGG_MATCH_EXACT, 4);
}

static void test_ambiguous(void **unused)
{
    (void)unused;
    trygg_name_match m = find("nacka");
    assert_int_equal(m.kind, TRYGG_MATCH_AMBIGUOUS);
    assert_int_equal(m.nalike, 2);
    assert_int_equal(m.nwhich, 2);
    assert_int_equal(m.which[0], 4);
    assert_int_equal(m.which[1], 5);
}

static void test_suggestions(void **unused)
{
    (void)unused;
    /* one letter missing */
    trygg_name_match m = find("Fitja");
    assert_int_equal(m.kind, TRYGG_MATCH_NONE);
    assert_int_equal(m.nwhich, 1);
    assert_int_equal(m.which[0], 0);
    /* typed without å ä ö and one l short: its slug is one edit away */
    m = find("jarfala");
    assert_int_equal(m.nwhich, 1);
    assert_int_equal(m.which[0], 2);
    /* the beginning of a name */
    m = find("Hallunda");
    assert_int_equal(m.nwhich, 1);
    assert_int_equal(m.which[0], 1);
    /* nothing near */
    m = find("Stockholm");
    assert_int_equal(m.kind, TRYGG_MATCH_NONE);
    assert_int_equal(m.nwhich, 0);

    /* closest first, ties in the names' order, at most three */
    const char *const names[] = {"Albyn", "Alby", "Xyz", "Alb", "Albe"};
    assert_int_equal(trygg_name_find(names, 5, "Albx", &m), TRYGG_OK);
    /* Albx: Albyn 2, Alby 1, Xyz 4, Alb 1, Albe 1 */
    assert_int_equal(m.nwhich, 3);
    assert_int_equal(m.which[0], 1);
    assert_int_equal(m.which[1], 3);
    assert_int_equal(m.which[2], 4);
}

static void test_invalid_typed(void **unused)
{
    (void)unused;
    trygg_name_match m;
    assert_int_equal(trygg_name_find(AREAS, NAREAS, "S\xF6" "dert\xE4lje", &m),
                     TRYGG_ERR_PARSE);
}

/* The one message trygg_name_resolve() gives for `typed`. */
static void expect_message(const char *const *names, size_t n, const char *what,
                           const char *typed, const char *want)
{
    trygg_errors *err = trygg_errors_new(4);
    size_t at = 99;
    assert_int_equal(trygg_name_resolve(names, n, what, typed, &at, err),
                     TRYGG_ERR_NOT_FOUND);
    assert_int_equal(at, 99);
    assert_int_equal(trygg_errors_count(err), 1);
    assert_string_equal(trygg_errors_get(err, 0)->message, want);
    trygg_errors_free(err);
}

static void test_messages(void **unused)
{
    (void)unused;
    const char *const ind[] = {"share_unsafe_night", "problem_index", "worry_index"};
    expect_message(ind, 3, "indicator", "problemindex",
                   "no indicator 'problemindex'; did you mean 'problem_index'?");
    expect_message(AREAS, NAREAS, "area", "nacka",
                   "area 'nacka' could be 'NACKA' or 'Nacka': give the name as in the data");
    const char *const two[] = {"Alby", "Albyn"};
    expect_message(two, 2, "area", "Alb",
                   "no area 'Alb'; did you mean 'Alby' or 'Albyn'?");
    const char *const three[] = {"Alby", "Albyn", "Xyz", "Alb"};
    expect_message(three, 4, "area", "Albx",
                   "no area 'Albx'; did you mean 'Alby', 'Alb' or 'Albyn'?");
    const char *const levels[] = {"region", "municipality", "district"};
    expect_message(levels, 3, "level", "kommun",
                   "no level 'kommun' (one of: region, municipality, district)");
    const char *many[13];
    char buf[13][8];
    for (int i = 0; i < 13; i++) {
        snprintf(buf[i], sizeof buf[i], "a%02d", i);
        many[i] = buf[i];
    }
    expect_message(many, 13, "area", "Stockholm",
                   "no area 'Stockholm' in the data (none of its 13 names is like it)");
    expect_message(AREAS, NAREAS, "area", "\xFF",
                   "the area given is not valid UTF-8 text (is the terminal or file "
                   "in another encoding?)");

    size_t at = 99;
    assert_int_equal(trygg_name_resolve(AREAS, NAREAS, "area", "JARFALLA", &at, NULL),
                     TRYGG_OK);
    assert_int_equal(at, 2);
}

/* ---- a survey: one file in NFD, one in NFC ------------------------------ */

static char dir[512];

static void write_file(const char *name, const char *text) { ts_write_in(dir, name, text); }

/* The areas of a level and year, joined by '|'. */
static void expect_areas(const trygg_survey *sv, const char *level, int year,
                         const char *want)
{
    const char **names = NULL;
    size_t n = 0;
    assert_int_equal(trygg_survey_area_names(sv, level, year, &names, &n), TRYGG_OK);
    char got[512] = "";
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(got, "|");
        strcat(got, names[i]);
    }
    free(names);
    assert_string_equal(got, want);
}

static void test_nfd_and_nfc_files(void **unused)
{
    (void)unused;
    ts_temp_dir("names", dir, sizeof dir);
    const char *head = "id,year,kommun,omrade,stratum,vikt,kon,p_a,p_b\n";
    char text[1024];
    /* 2023 saved in NFD (as on a Mac), 2024 in NFC */
    snprintf(text, sizeof text, "%sA1,2023,%s,%s,S1,10,1,3,2\nA2,2023,%s,%s,S1,10,2,1,1\n"
             "A3,2023,%s,Jakobsberg,S2,10,1,4,1\nA4,2023,%s,Jakobsberg,S2,10,2,1,4\n",
             head, NFD_JARFALLA, NFD_VIKSJO, NFD_JARFALLA, NFD_VIKSJO, NFD_JARFALLA,
             NFD_JARFALLA);
    write_file("2023_jarfalla.csv", text);
    snprintf(text, sizeof text, "%sB1,2024,%s,%s,S1,10,1,3,2\nB2,2024,%s,%s,S1,10,2,1,1\n"
             "B3,2024,%s,Jakobsberg,S2,10,1,4,1\nB4,2024,%s,Jakobsberg,S2,10,2,1,4\n"
             "B5,2024,%s,Kallh\xC3\xA4ll,S2,10,2,1,4\n",
             head, NFC_JARFALLA, NFC_VIKSJO, NFC_JARFALLA, NFC_VIKSJO, NFC_JARFALLA,
             NFC_JARFALLA, NFC_JARFALLA);
    write_file("2024_jarfalla.csv", text);
    snprintf(text, sizeof text,
             "[survey]\nname = names\nfiles = 20*_jarfalla.csv\n"
             "scales = %s/data/mini/scales.csv\nitems = %s/data/mini/items.csv\n"
             "indicators = %s/data/mini/indicators.csv\n"
             "[columns]\nid = id\nyear = year\nmunicipality = kommun\ndistrict = omrade\n"
             "stratum = stratum\nweight = vikt\nsex = kon\n"
             "[design]\nlonely_psu = certainty\n[report]\nmin_n = 1\nunstable_n = 1\n",
             TRYGG_TEST_DIR, TRYGG_TEST_DIR, TRYGG_TEST_DIR);
    write_file("survey.trygg", text);

    char path[700];
    snprintf(path, sizeof path, "%s/survey.trygg", dir);
    trygg_definition *def = NULL;
    trygg_survey *sv = ts_load_survey(path, &def);
    /* one municipality, in NFC, whichever file it came from */
    expect_areas(sv, "municipality", 0, NFC_JARFALLA);
    expect_areas(sv, "district", 0, NFC_VIKSJO "|Jakobsberg|Kallh\xC3\xA4ll");
    /* Kallhäll answered in 2024 only */
    expect_areas(sv, "district", 2023, NFC_VIKSJO "|Jakobsberg");
    expect_areas(sv, "district", 2024, NFC_VIKSJO "|Jakobsberg|Kallh\xC3\xA4ll");
    expect_areas(sv, "region", 0, "region");
    expect_areas(sv, "region", 2025, "");
    const char **names = NULL;
    size_t n = 0;
    assert_int_equal(trygg_survey_area_names(sv, "kommun", 0, &names, &n), TRYGG_ERR_ARGUMENT);

    /* so the estimates have one Järfälla and one Viksjö a year: 2 answers
     * each year, one of them 3 on p_a (a big problem) */
    trygg_results *r = NULL;
    assert_int_equal(trygg_estimate(sv, NULL, &r, NULL), TRYGG_OK);
    for (int year = 2023; year <= 2024; year++) {
        const trygg_estimate_row *x =
            trygg_results_find(r, year, "district", NFC_VIKSJO, "share_a");
        assert_non_null(x);
        assert_true(x->n == 2);
        ts_assert_close(x->estimate, 0.5, 1e-12, 0, "Viksjö share_a");
        x = trygg_results_find(r, year, "municipality", NFC_JARFALLA, "share_a");
        assert_non_null(x);
        assert_true(x->n == (year == 2023 ? 4 : 5));
    }
    trygg_results_free(r);

    /* the area a user means */
    const char *level, *name;
    assert_int_equal(trygg_survey_find_area(sv, "jarfalla", &level, &name, NULL), TRYGG_OK);
    assert_string_equal(level, "municipality");
    assert_string_equal(name, NFC_JARFALLA);
    assert_int_equal(trygg_survey_find_area(sv, NFD_VIKSJO, &level, &name, NULL), TRYGG_OK);
    assert_string_equal(level, "district");
    assert_string_equal(name, NFC_VIKSJO);
    assert_int_equal(trygg_survey_find_area(sv, "district:viksjo", &level, &name, NULL),
                     TRYGG_OK);
    assert_string_equal(name, NFC_VIKSJO);
    trygg_errors *err = trygg_errors_new(4);
    assert_int_equal(trygg_survey_find_area(sv, "municipality:Viksjo", &level, &name, err),
                     TRYGG_ERR_NOT_FOUND);
    assert_string_equal(trygg_errors_get(err, 0)->message,
                        "no municipality 'Viksjo': '" NFC_VIKSJO "' is a district "
                        "(district:" NFC_VIKSJO ")");
    trygg_errors_clear(err);
    assert_int_equal(trygg_survey_find_area(sv, "municipality:Stockholm", &level, &name,
                                            err), TRYGG_ERR_NOT_FOUND);
    assert_string_equal(trygg_errors_get(err, 0)->message,
                        "no municipality 'Stockholm' (one of: " NFC_JARFALLA ")");
    trygg_errors_clear(err);
    assert_int_equal(trygg_survey_find_area(sv, "Jakobsbrg", &level, &name, err),
                     TRYGG_ERR_NOT_FOUND);
    assert_string_equal(trygg_errors_get(err, 0)->message,
                        "no area 'Jakobsbrg'; did you mean 'Jakobsberg'?");
    trygg_errors_free(err);
    trygg_survey_free(sv);
    trygg_definition_free(def);
    ts_remove_tree(dir);
}

/* A population file saved in NFD names the NFC data's municipality: the
 * post-stratified weights add up to its 1000 residents. */
static void test_nfd_population(void **unused)
{
    (void)unused;
    ts_temp_dir("names_pop", dir, sizeof dir);
    char text[1024];
    snprintf(text, sizeof text, "id,year,kommun,omrade,stratum,vikt,kon,p_a,p_b\n"
             "B1,2024,%s,Jakobsberg,S1,10,1,3,2\nB2,2024,%s,Jakobsberg,S1,10,2,1,1\n"
             "B3,2024,%s,Jakobsberg,S2,10,1,4,1\nB4,2024,%s,Jakobsberg,S2,10,2,1,4\n"
             "B5,2024,%s,Jakobsberg,S2,10,2,1,4\n", NFC_JARFALLA, NFC_JARFALLA,
             NFC_JARFALLA, NFC_JARFALLA, NFC_JARFALLA);
    write_file("2024_jarfalla.csv", text);
    snprintf(text, sizeof text, "year,kommun,kon,population\n2024,%s,1,600\n2024,%s,2,400\n",
             NFD_JARFALLA, NFD_JARFALLA);
    write_file("population.csv", text);
    snprintf(text, sizeof text,
             "[survey]\nname = names\nfiles = 2024_jarfalla.csv\n"
             "scales = %s/data/mini/scales.csv\nitems = %s/data/mini/items.csv\n"
             "indicators = %s/data/mini/indicators.csv\n"
             "[columns]\nid = id\nyear = year\nmunicipality = kommun\ndistrict = omrade\n"
             "stratum = stratum\nweight = vikt\nsex = kon\n"
             "[design]\nlonely_psu = certainty\n"
             "[weighting]\nmethod = poststrat\npopulation = population.csv\n"
             "margins = municipality*sex\n[report]\nmin_n = 1\nunstable_n = 1\n",
             TRYGG_TEST_DIR, TRYGG_TEST_DIR, TRYGG_TEST_DIR);
    write_file("survey.trygg", text);
    char path[700];
    snprintf(path, sizeof path, "%s/survey.trygg", dir);
    trygg_definition *def = NULL;
    trygg_survey *sv = ts_load_survey(path, &def);
    trygg_results *r = NULL;
    trygg_errors *err = trygg_errors_new(4);
    if (trygg_estimate(sv, NULL, &r, err) != TRYGG_OK)
        fail_msg("%s", trygg_errors_count(err) ? trygg_errors_get(err, 0)->message : "?");
    const trygg_estimate_row *x = trygg_results_find(r, 2024, "region", "region", "share_a");
    assert_non_null(x);
    ts_assert_close(x->weighted_n, 1000, 1e-12, 0, "poststratified to the NFD file");
    trygg_results_free(r);
    trygg_errors_free(err);
    trygg_survey_free(sv);
    trygg_definition_free(def);
    ts_remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tiers),
        cmocka_unit_test(test_ambiguous),
        cmocka_unit_test(test_suggestions),
        cmocka_unit_test(test_invalid_typed),
        cmocka_unit_test(test_messages),
        cmocka_unit_test(test_nfd_and_nfc_files),
        cmocka_unit_test(test_nfd_population),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
