/* Disclosure control against a determined reader (issue 13), on constructed
 * surveys where what can be worked out is known by construction: min_n = 30,
 * every answer valid, so a cell's n is its number of respondents.
 *
 * Each attack is built twice: the run's own outputs must give nothing away
 * (the audit finds nothing), and the same attack written by hand into an
 * output (what an earlier, faulty run printed) must be found by the audit,
 * with the figures that give it away. */
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

/* n respondents of one cell; every answer a valid code (1..4). */
static void rows(FILE *f, int year, const char *muni, const char *district,
                 const char *sex, const char *age, int n)
{
    for (int i = 0; i < n; i++)
        fprintf(f, "R%d,%d,%s,%s,%s,1,%s,%s,%d,%d\n", next_id++, year, muni, district,
                muni, sex, age, 1 + i % 4, 1 + (i + 1) % 4);
}

static void write_text(const char *name, const char *text)
{
    char path[2048];
    FILE *f = fopen(ts_path(path, sizeof path, dir, name), "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* A survey `name` with levels region, municipality, district and the
 * crossings district*sex and municipality*age_group; its data by `fill`. */
static trygg_survey *survey(const char *name, void (*fill)(FILE *))
{
    char path[700], text[2048];
    snprintf(path, sizeof path, "%s/%s.csv", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("id,year,kommun,omrade,stratum,vikt,kon,alder,p_a,p_b\n", f);
    fill(f);
    fclose(f);
    snprintf(text, sizeof text,
             "[survey]\nname = %s\nfiles = %s.csv\nscales = %sscales.csv\n"
             "items = %sitems.csv\nindicators = %sindicators.csv\n"
             "[columns]\nid = id\nyear = year\nmunicipality = kommun\n"
             "district = omrade\nstratum = stratum\nweight = vikt\nsex = kon\n"
             "age_group = alder\n[design]\nlonely_psu = certainty\n"
             "[report]\nlevels = region municipality district\n"
             "crossings = district*sex municipality*age_group\nmin_n = 30\n",
             name, name, MINI, MINI, MINI);
    snprintf(path, sizeof path, "%s.trygg", name);
    write_text(path, text);
    snprintf(path, sizeof path, "%s/%s.trygg", dir, name);
    trygg_definition *def = NULL;
    return ts_load_survey(path, &def);
}

static void survey_free(trygg_survey *sv)
{
    const trygg_definition *def = trygg_survey_definition(sv);
    trygg_survey_free(sv);
    trygg_definition_free((trygg_definition *)def);
}

static trygg_results *estimate(const trygg_survey *sv)
{
    trygg_results *r = NULL;
    trygg_errors *err = trygg_errors_new(10);
    if (trygg_estimate(sv, NULL, &r, err) != TRYGG_OK)
        fail_msg("estimate: %s", trygg_errors_count(err)
                 ? trygg_errors_get(err, 0)->message : "?");
    trygg_errors_free(err);
    return r;
}

static int hidden(const trygg_results *r, int year, const char *level, const char *domain)
{
    const trygg_estimate_row *x = trygg_results_find(r, year, level, domain, "share_a");
    if (!x)
        fail_msg("no row %d %s %s", year, level, domain);
    return (x->flags & TRYGG_FLAG_SUPPRESSED) != 0;
}

/* The audit of the CSV files given (paths in dir), run as `trygg audit`
 * would: the number of disclosures, and the audit itself in *out. */
static size_t audit(const trygg_survey *sv, const char *const *files, size_t n,
                    trygg_audit **out)
{
    trygg_publication *p = NULL;
    trygg_errors *err = trygg_errors_new(10);
    assert_int_equal(trygg_publication_new(sv, &p), TRYGG_OK);
    for (size_t i = 0; i < n; i++) {
        char path[700];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        if (trygg_publication_read(p, path, err) != TRYGG_OK)
            fail_msg("%s: %s", files[i], trygg_errors_count(err)
                     ? trygg_errors_get(err, 0)->message : "?");
    }
    trygg_audit *a = NULL;
    assert_int_equal(trygg_audit_run(p, NULL, &a, err), TRYGG_OK);
    trygg_publication_free(p);
    trygg_errors_free(err);
    size_t d = trygg_audit_disclosed(a);
    if (out)
        *out = a;
    else
        trygg_audit_free(a);
    return d;
}

static void print_findings(const trygg_audit *a)
{
    for (size_t i = 0; i < trygg_audit_count(a); i++) {
        const trygg_audit_finding *f = trygg_audit_get(a, i);
        fprintf(stderr, "  %s %d %s %s %s: %s\n",
                f->kind == TRYGG_AUDIT_DISCLOSED ? "DISCLOSED" : "narrow", f->year,
                f->level, f->domain, f->indicator, f->how);
    }
}

/* Every table of a run, written to dir, then audited: nothing found. */
static void run_finds_nothing(const trygg_survey *sv, const char *prefix)
{
    char names[5][64];
    const char *files[5];
    for (int i = 0; i < 5; i++) {
        snprintf(names[i], sizeof names[i], "%s_%d.csv", prefix, i);
        files[i] = names[i];
    }
    char path[5][1024];
    for (int i = 0; i < 5; i++)
        snprintf(path[i], sizeof path[i], "%s/%s", dir, names[i]);
    trygg_errors *err = trygg_errors_new(10);
    trygg_results *r = estimate(sv);
    trygg_change_options co;
    trygg_change_options_init(&co);
    co.all_pairs = 1;
    trygg_changes *ch = NULL, *tr = NULL, *con = NULL;
    trygg_priorities *pr = NULL;
    assert_int_equal(trygg_results_write(r, path[0], TRYGG_FORMAT_CSV, err), TRYGG_OK);
    assert_int_equal(trygg_changes_from_estimates(sv, r, &co, &ch, err), TRYGG_OK);
    assert_int_equal(trygg_changes_write(ch, path[1], TRYGG_FORMAT_CSV, err), TRYGG_OK);
    assert_int_equal(trygg_trends_compute(sv, NULL, &tr, err), TRYGG_OK);
    assert_int_equal(trygg_changes_write(tr, path[2], TRYGG_FORMAT_CSV, err), TRYGG_OK);
    assert_int_equal(trygg_contrasts_compute(sv, NULL, &con, err), TRYGG_OK);
    assert_int_equal(trygg_contrasts_write(con, path[3], TRYGG_FORMAT_CSV, err), TRYGG_OK);
    assert_int_equal(trygg_priorities_compute(sv, NULL, NULL, &pr, err), TRYGG_OK);
    assert_int_equal(trygg_priorities_write(pr, path[4], TRYGG_FORMAT_CSV, err), TRYGG_OK);
    trygg_audit *a = NULL;
    size_t d = audit(sv, files, 5, &a);
    if (d || trygg_audit_count(a)) {
        print_findings(a);
        fail_msg("%s: the run's own outputs give %zu cells away", prefix, d);
    }
    assert_true(trygg_audit_protected(a) > 0);   /* there was something to protect */
    /* the same tables audited before they are written: the same cells */
    trygg_publication *pub = NULL;
    assert_int_equal(trygg_publication_new(sv, &pub), TRYGG_OK);
    assert_int_equal(trygg_publication_add_results(pub, r, "estimates"), TRYGG_OK);
    assert_int_equal(trygg_publication_add_changes(pub, ch, "changes"), TRYGG_OK);
    assert_int_equal(trygg_publication_add_changes(pub, tr, "trends"), TRYGG_OK);
    assert_int_equal(trygg_publication_add_changes(pub, con, "contrasts"), TRYGG_OK);
    assert_int_equal(trygg_publication_add_priorities(pub, pr, "priorities"), TRYGG_OK);
    trygg_audit *mem = NULL;
    assert_int_equal(trygg_audit_run(pub, NULL, &mem, err), TRYGG_OK);
    if (trygg_audit_count(mem))
        print_findings(mem);
    assert_int_equal(trygg_audit_count(mem), 0);
    assert_int_equal(trygg_audit_cells(mem), trygg_audit_cells(a));
    assert_int_equal(trygg_audit_protected(mem), trygg_audit_protected(a));
    trygg_audit_free(mem);
    trygg_publication_free(pub);
    trygg_audit_free(a);
    trygg_results_free(r);
    trygg_changes_free(ch);
    trygg_changes_free(tr);
    trygg_changes_free(con);
    trygg_priorities_free(pr);
    trygg_errors_free(err);
    for (int i = 0; i < 5; i++)
        remove(path[i]);
}

/* ---- a complement rebuilt from its own children ----------------------- */

/* Nacka: Fisksätra 25 (suppressed), Älta 80 = 40 women + 40 men (its
 * complement), Boo 200, Saltsjöbaden 300. The old rule hid Älta but printed
 * both of Älta's sex cells: Fisksätra = Nacka − Boo − Saltsjöbaden − Älta/1
 * − Älta/2. */
static void fill_nacka(FILE *f)
{
    rows(f, 2024, "Nacka", "Fisksatra", "1", "16-24", 12);
    rows(f, 2024, "Nacka", "Fisksatra", "2", "65-84", 13);
    rows(f, 2024, "Nacka", "Alta", "1", "25-44", 40);
    rows(f, 2024, "Nacka", "Alta", "2", "45-64", 40);
    rows(f, 2024, "Nacka", "Boo", "1", "16-24", 100);
    rows(f, 2024, "Nacka", "Boo", "2", "25-44", 100);
    rows(f, 2024, "Nacka", "Saltsjobaden", "1", "45-64", 150);
    rows(f, 2024, "Nacka", "Saltsjobaden", "2", "65-84", 150);
    rows(f, 2024, "Tyreso", "Tyreso C", "1", "25-44", 200);
}

static void test_complement_is_not_rebuilt_from_its_children(void **state)
{
    (void)state;
    trygg_survey *sv = survey("nacka", fill_nacka);
    trygg_results *r = estimate(sv);
    assert_true(hidden(r, 2024, "district", "Fisksatra"));
    assert_true(hidden(r, 2024, "district", "Alta"));
    /* Älta's sex cells cannot both be printed: they add up to Älta */
    assert_true(hidden(r, 2024, "district*sex", "Alta / 1") ||
                hidden(r, 2024, "district*sex", "Alta / 2"));
    assert_false(hidden(r, 2024, "municipality", "Nacka"));
    assert_false(hidden(r, 2024, "district", "Saltsjobaden"));
    trygg_results_free(r);
    run_finds_nothing(sv, "nacka_run");

    /* the old run's estimates, written by hand: found, with the figures */
    write_text("nacka_old.csv",
               "year,level,domain,indicator,estimate,n,flag\n"
               "2024,region,region,share_a,0.5,705,\n"
               "2024,municipality,Nacka,share_a,0.5,505,\n"
               "2024,district,Fisksatra,share_a,,,suppressed\n"
               "2024,district,Alta,share_a,,,suppressed\n"
               "2024,district,Boo,share_a,0.5,200,\n"
               "2024,district,Saltsjobaden,share_a,0.5,300,\n"
               "2024,district*sex,Alta / 1,share_a,0.5,40,\n"
               "2024,district*sex,Alta / 2,share_a,0.5,40,\n");
    const char *files[] = {"nacka_old.csv"};
    trygg_audit *a = NULL;
    assert_true(audit(sv, files, 1, &a) >= 1);
    int seen = 0;
    for (size_t i = 0; i < trygg_audit_count(a); i++) {
        const trygg_audit_finding *f = trygg_audit_get(a, i);
        if (f->kind != TRYGG_AUDIT_DISCLOSED || strcmp(f->domain, "Fisksatra") ||
            strcmp(f->indicator, "share_a"))
            continue;
        seen = 1;
        /* the combination that gives it away, sign and all */
        assert_non_null(strstr(f->how, "Nacka [municipality]"));
        assert_non_null(strstr(f->how, "− Boo [district]"));
        assert_non_null(strstr(f->how, "− Saltsjobaden [district]"));
        assert_non_null(strstr(f->how, "− Alta / 1 [district*sex]"));
        assert_non_null(strstr(f->how, "− Alta / 2 [district*sex]"));
    }
    if (!seen)
        print_findings(a);
    assert_true(seen);
    trygg_audit_free(a);
    survey_free(sv);
}

/* ---- complements at the region level ----------------------------------- */

/* Östby (one district, 25) is suppressed; the region minus Västby would
 * give it, so Västby is hidden too; but Västby is its two districts, whose
 * sex cells are printed... each step down must be protected in turn. */
static void fill_region(FILE *f)
{
    rows(f, 2024, "Ostby", "Ostby C", "1", "25-44", 25);
    rows(f, 2024, "Vastby", "Va", "1", "16-24", 60);
    rows(f, 2024, "Vastby", "Va", "2", "45-64", 60);
    rows(f, 2024, "Vastby", "Vb", "1", "25-44", 70);
    rows(f, 2024, "Vastby", "Vb", "2", "65-84", 70);
}

static void test_region_level_complements(void **state)
{
    (void)state;
    trygg_survey *sv = survey("region", fill_region);
    trygg_results *r = estimate(sv);
    assert_true(hidden(r, 2024, "municipality", "Ostby"));
    assert_true(hidden(r, 2024, "municipality", "Vastby"));
    /* Vastby = Va + Vb, so one of them goes; and so on down */
    assert_true(hidden(r, 2024, "district", "Va") || hidden(r, 2024, "district", "Vb"));
    assert_false(hidden(r, 2024, "region", "region"));
    trygg_results_free(r);
    run_finds_nothing(sv, "region_run");
    survey_free(sv);
}

/* ---- a crossing that cuts across the districts ------------------------- */

/* Kvarn (20 men aged 16-24) is suppressed. Kvarnby's 16-24 (60) are Kvarn's
 * 20 and Kvarnbacken's 40 women, and Kvarnbacken's women are all 16-24: the
 * municipality's age cell minus a district's sex cell would print Kvarn,
 * though neither cell is of Kvarn's level nor nests in the other. */
static void fill_crossing(FILE *f)
{
    rows(f, 2024, "Kvarnby", "Kvarn", "1", "16-24", 20);
    rows(f, 2024, "Kvarnby", "Kvarnbacken", "2", "16-24", 40);
    rows(f, 2024, "Kvarnby", "Kvarnbacken", "1", "45-64", 60);
    rows(f, 2024, "Kvarnby", "Kvarnudden", "1", "65-84", 60);
    rows(f, 2024, "Kvarnby", "Kvarnudden", "2", "25-44", 60);
}

static void test_crossing_across_districts(void **state)
{
    (void)state;
    trygg_survey *sv = survey("crossing", fill_crossing);
    trygg_results *r = estimate(sv);
    assert_true(hidden(r, 2024, "district", "Kvarn"));
    assert_true(hidden(r, 2024, "municipality*age_group", "Kvarnby / 16-24") ||
                hidden(r, 2024, "district*sex", "Kvarnbacken / 2"));
    trygg_results_free(r);
    run_finds_nothing(sv, "crossing_run");

    /* both cells printed, by hand: found, with the combination */
    write_text("crossing_old.csv",
               "year,level,domain,indicator,estimate,n,flag\n"
               "2024,district,Kvarn,share_a,,,suppressed\n"
               "2024,municipality*age_group,Kvarnby / 16-24,share_a,0.5,60,\n"
               "2024,district*sex,Kvarnbacken / 2,share_a,0.5,40,\n");
    const char *files[] = {"crossing_old.csv"};
    trygg_audit *a = NULL;
    assert_true(audit(sv, files, 1, &a) >= 1);
    int seen = 0;
    for (size_t i = 0; i < trygg_audit_count(a); i++) {
        const trygg_audit_finding *f = trygg_audit_get(a, i);
        if (f->kind == TRYGG_AUDIT_DISCLOSED && !strcmp(f->domain, "Kvarn") &&
            !strcmp(f->indicator, "share_a")) {
            seen = 1;
            assert_non_null(strstr(f->how, "Kvarnby / 16-24 [municipality*age_group]"));
            assert_non_null(strstr(f->how, "− Kvarnbacken / 2 [district*sex]"));
        }
    }
    if (!seen)
        print_findings(a);
    assert_true(seen);
    trygg_audit_free(a);
    survey_free(sv);
}

/* ---- priorities from hidden years -------------------------------------- */

/* Hage: 100 answers in 2022, 20 in 2023 (suppressed), 100 in 2024. A change
 * since 2023 or a trend through it would print 2023's value. */
static void fill_years(FILE *f)
{
    for (int y = 2022; y <= 2024; y++) {
        rows(f, y, "Hagby", "Hage", "1", "25-44", y == 2023 ? 10 : 50);
        rows(f, y, "Hagby", "Hage", "2", "45-64", y == 2023 ? 10 : 50);
        rows(f, y, "Hagby", "Hagtorp", "1", "25-44", 100);
        rows(f, y, "Hagby", "Hagtorp", "2", "45-64", 100);
        rows(f, y, "Hagby", "Hagudden", "1", "65-84", 120);
        rows(f, y, "Hagby", "Hagudden", "2", "16-24", 120);
    }
}

static void test_priorities_from_hidden_years(void **state)
{
    (void)state;
    trygg_survey *sv = survey("years", fill_years);
    trygg_results *r = estimate(sv);
    assert_true(hidden(r, 2023, "district", "Hage"));
    assert_false(hidden(r, 2024, "district", "Hage"));
    trygg_results_free(r);
    trygg_priorities *p = NULL;
    trygg_errors *err = trygg_errors_new(10);
    assert_int_equal(trygg_priorities_compute(sv, NULL, "district:Hage", &p, err), TRYGG_OK);
    int seen = 0;
    for (size_t i = 0; i < trygg_priorities_count(p); i++) {
        const trygg_priority_row *x = trygg_priorities_row(p, i);
        if (strcmp(x->indicator, "share_a"))
            continue;
        seen = 1;
        assert_int_equal(x->year, 2024);
        assert_false(isnan(x->estimate));
        assert_int_equal(x->change_from, 2023);     /* the year is named ... */
        assert_true(isnan(x->change) && isnan(x->change_p));   /* ... not its value */
        assert_true(isnan(x->trend) && isnan(x->trend_p));
    }
    assert_true(seen);
    trygg_priorities_free(p);
    trygg_errors_free(err);
    run_finds_nothing(sv, "years_run");

    /* a priorities table that printed the change (what trygg did before) */
    write_text("years_old.csv",
               "rank,priority,year,level,area,indicator,estimate,n,change_from,change,flag\n"
               "1,0,2024,district,Hage,share_a,0.5,100,2023,0.1,\n");
    const char *files[] = {"years_old.csv"};
    trygg_audit *a = NULL;
    assert_true(audit(sv, files, 1, &a) >= 1);
    const trygg_audit_finding *f = trygg_audit_get(a, 0);
    assert_int_equal(f->year, 2023);
    assert_string_equal(f->domain, "Hage");
    assert_non_null(strstr(f->how, "years_old.csv:2 (change)"));
    trygg_audit_free(a);
    survey_free(sv);
}

/* ---- flags, ranks and order -------------------------------------------- */

/* Lillby: Lill (12 answers, every one "big problem": a share of exactly 1)
 * and Lillen (13); Stor (200). */
static void fill_flags(FILE *f)
{
    for (int i = 0; i < 12; i++)
        fprintf(f, "L%d,2024,Lillby,Lill,Lillby,1,1,25-44,4,1\n", i);
    rows(f, 2024, "Lillby", "Lillen", "2", "25-44", 13);
    rows(f, 2024, "Lillby", "Stor", "1", "45-64", 100);
    rows(f, 2024, "Lillby", "Stor", "2", "65-84", 100);
}

static void test_flags_and_ranks_say_nothing(void **state)
{
    (void)state;
    trygg_survey *sv = survey("flags", fill_flags);
    trygg_results *r = estimate(sv);
    const trygg_estimate_row *x = trygg_results_find(r, 2024, "district", "Lill", "share_a");
    /* no "degenerate" (the share is 0 or 1), "unstable" or "empty" */
    assert_int_equal(x->flags & ~(unsigned)TRYGG_FLAG_COMPLEMENTARY, TRYGG_FLAG_SUPPRESSED);
    assert_true(isnan(x->estimate) && isnan(x->se) && isnan(x->n) && isnan(x->cv));
    char path[700];
    snprintf(path, sizeof path, "%s/flags_out.csv", dir);
    assert_int_equal(trygg_results_write(r, path, TRYGG_FORMAT_CSV, NULL), TRYGG_OK);
    ts_table *t = ts_table_read(path);
    for (size_t i = 0; i < t->nrows; i++)
        if (strstr(ts_cell(t, i, ts_col(t, "flag")), "suppressed"))
            assert_string_equal(ts_cell(t, i, ts_col(t, "flag")), "suppressed");
    ts_table_free(t);
    remove(path);
    trygg_results_free(r);

    trygg_priorities *p = NULL;
    assert_int_equal(trygg_priorities_compute(sv, NULL, "district:Lill", &p, NULL), TRYGG_OK);
    size_t prev = 0;
    for (size_t i = 0; i < trygg_priorities_count(p); i++) {
        const trygg_priority_row *y = trygg_priorities_row(p, i);
        assert_true(y->flags & TRYGG_FLAG_SUPPRESSED);
        assert_int_equal(y->rank, 0);            /* unranked ... */
        assert_int_equal(y->priority, 0);
        assert_true(i == 0 || y->indicator_index > prev);   /* ... in a fixed order */
        prev = y->indicator_index;
        assert_string_equal(y->reason, "för få svar");
        assert_true(isnan(y->estimate) && isnan(y->ci_low) && isnan(y->gap));
    }
    trygg_priorities_free(p);
    run_finds_nothing(sv, "flags_run");

    /* a flag that says more, and a rank: both found */
    write_text("flags_old.csv",
               "year,level,domain,indicator,estimate,n,flag\n"
               "2024,district,Lill,share_a,,,suppressed|degenerate\n");
    write_text("flags_prio.csv",
               "rank,priority,year,level,area,indicator,estimate,reason,flag\n"
               "3,0,2024,district,Lill,share_a,,för få svar,suppressed\n");
    const char *files[] = {"flags_old.csv", "flags_prio.csv"};
    trygg_audit *a = NULL;
    assert_int_equal(audit(sv, files, 2, &a), 2);
    assert_non_null(strstr(trygg_audit_get(a, 0)->how, "says more than \"suppressed\""));
    assert_non_null(strstr(trygg_audit_get(a, 1)->how, "has a rank or priority"));
    trygg_audit_free(a);
    survey_free(sv);
}

/* ---- narrow bounds ----------------------------------------------------- */

/* Smått: Sma (5) and Smo (6) are both suppressed; printed next to Stort
 * (200) and Småby (211), they are 11 together: each is between 0 and 11,
 * narrower than min_n. The run hides Stort as well. */
static void fill_narrow(FILE *f)
{
    rows(f, 2024, "Smaby", "Sma", "1", "25-44", 5);
    rows(f, 2024, "Smaby", "Smo", "2", "25-44", 6);
    rows(f, 2024, "Smaby", "Stort", "1", "25-44", 100);
    rows(f, 2024, "Smaby", "Stort", "2", "65-84", 100);
    rows(f, 2024, "Smaby", "Storre", "1", "16-24", 150);
    rows(f, 2024, "Smaby", "Storre", "2", "45-64", 150);
}

static void test_narrow_bounds(void **state)
{
    (void)state;
    trygg_survey *sv = survey("narrow", fill_narrow);
    trygg_results *r = estimate(sv);
    assert_true(hidden(r, 2024, "district", "Sma") && hidden(r, 2024, "district", "Smo"));
    assert_true(hidden(r, 2024, "district", "Stort"));   /* the next smallest */
    assert_false(hidden(r, 2024, "district", "Storre"));
    trygg_results_free(r);
    run_finds_nothing(sv, "narrow_run");

    write_text("narrow_old.csv",
               "year,level,domain,indicator,estimate,n,flag\n"
               "2024,region,region,share_a,0.5,511,\n"
               "2024,municipality,Smaby,share_a,0.5,511,\n"
               "2024,district,Sma,share_a,,,suppressed\n"
               "2024,district,Smo,share_a,,,suppressed\n"
               "2024,district,Stort,share_a,0.5,200,\n"
               "2024,district,Storre,share_a,0.5,300,\n");
    const char *files[] = {"narrow_old.csv"};
    trygg_audit *a = NULL;
    size_t d = audit(sv, files, 1, &a);
    if (d)
        print_findings(a);
    assert_int_equal(d, 0);
    int seen = 0;
    for (size_t i = 0; i < trygg_audit_count(a); i++) {
        const trygg_audit_finding *f = trygg_audit_get(a, i);
        if (f->kind == TRYGG_AUDIT_NARROW && !strcmp(f->indicator, "share_a") &&
            !strcmp(f->domain, "Sma")) {
            assert_true(f->low == 0 && f->high == 11);
            seen = 1;
        }
    }
    assert_true(seen);
    trygg_audit_free(a);
    survey_free(sv);
}

/* ---- the weight report ------------------------------------------------- */

/* Vikby's sex × age groups: 20, 40, 100 and 200 respondents. 20 is left out,
 * and 40 with it (Vikby's 360 minus the others would give 20 alone). */
static void fill_weights(FILE *f)
{
    rows(f, 2024, "Vikby", "Vik", "1", "25-44", 20);
    rows(f, 2024, "Vikby", "Vik", "1", "45-64", 40);
    rows(f, 2024, "Vikby", "Vik", "2", "25-44", 100);
    rows(f, 2024, "Vikby", "Vik", "2", "65-84", 200);
}

static void test_weight_report_obeys_min_n(void **state)
{
    (void)state;
    trygg_survey *sv = survey("weights", fill_weights);
    trygg_weights *w = NULL;
    assert_int_equal(trygg_weights_compute(sv, TRYGG_WEIGHTING_DEFAULT, &w, NULL), TRYGG_OK);
    char path[700];
    snprintf(path, sizeof path, "%s/weights_report.csv", dir);
    assert_int_equal(trygg_weights_write_report(w, path, NULL), TRYGG_OK);
    ts_table *t = ts_table_read(path);
    static const struct { const char *group, *n, *flag; } want[] = {
        {"all", "360", ""}, {"1 / 25-44", "", "suppressed"}, {"1 / 45-64", "", "suppressed"},
        {"2 / 25-44", "100", ""}, {"2 / 65-84", "200", ""}};
    assert_int_equal(t->nrows, 5);
    for (size_t i = 0; i < t->nrows; i++) {
        const char *g = ts_cell(t, i, ts_col(t, "group"));
        for (size_t j = 0; j < sizeof want / sizeof *want; j++) {
            if (strcmp(g, want[j].group))
                continue;
            assert_string_equal(ts_cell(t, i, ts_col(t, "n")), want[j].n);
            assert_string_equal(ts_cell(t, i, ts_col(t, "flag")), want[j].flag);
            if (want[j].flag[0])   /* nothing else of it either */
                assert_string_equal(ts_cell(t, i, ts_col(t, "share_weighted")), "");
        }
    }
    ts_table_free(t);
    remove(path);
    trygg_weights_free(w);
    survey_free(sv);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "%s/disclosure_XXXXXX", TRYGG_BINARY_DIR);
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    static const char *const names[] = {
        "nacka.csv", "nacka.trygg", "nacka_old.csv", "region.csv", "region.trygg",
        "crossing.csv", "crossing.trygg", "crossing_old.csv", "years.csv", "years.trygg", "years_old.csv",
        "flags.csv", "flags.trygg", "flags_old.csv", "flags_prio.csv", "narrow.csv",
        "narrow.trygg", "narrow_old.csv", "weights.csv", "weights.trygg"};
    char path[700];
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        remove(path);
    }
    rmdir(dir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_complement_is_not_rebuilt_from_its_children),
        cmocka_unit_test(test_region_level_complements),
        cmocka_unit_test(test_crossing_across_districts),
        cmocka_unit_test(test_priorities_from_hidden_years),
        cmocka_unit_test(test_flags_and_ranks_say_nothing),
        cmocka_unit_test(test_narrow_bounds),
        cmocka_unit_test(test_weight_report_obeys_min_n),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
