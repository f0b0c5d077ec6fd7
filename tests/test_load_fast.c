/* The loader's fast paths and its parallel load against their references:
 * numbers bit for bit as strtod reads them, a load on several threads equal
 * to a load on one (rows, names and their indices, diagnostics, at every
 * limit of the diagnostic list), and rows that are no respondent leaving
 * no names behind. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "survey_internal.h"
#include "test_support.h"

#define MINI TRYGG_TEST_DIR "/data/mini"
#define REGION TRYGG_SOURCE_DIR "/fixtures/region/survey.trygg"
#define HEADER "id,year,kommun,omrade,stratum,vikt,kon,p_a,p_b\n"

static trygg_definition *def;

static int setup(void **state)
{
    (void)state;
    trygg_errors *err = trygg_errors_new(10);
    int ok = trygg_definition_load(MINI "/survey.trygg", &def, err) == TRYGG_OK;
    trygg_errors_free(err);
    return ok ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    trygg_definition_free(def);
    return 0;
}

static uint64_t rng = 88172645463325252ull;
static unsigned next(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* A positive number as a spreadsheet or a program may write it. */
static void random_number(char *out, size_t size, char decimal)
{
    char *p = out;
    if (next(10) == 0)
        *p++ = '+';
    unsigned whole = 1 + next(12), decimals = next(4) ? next(23) : 0;
    for (unsigned i = 0; i < whole; i++)
        *p++ = (char)('0' + (i == 0 && next(4) ? 1 + next(9) : next(10)));
    if (decimals) {
        *p++ = decimal;
        for (unsigned i = 0; i < decimals; i++)
            *p++ = (char)('0' + next(10));
    }
    if (next(20) == 0)
        p += snprintf(p, 8, "e%d", (int)next(7) - 3);
    *p = 0;
    (void)size;
}

static void check_numbers(char sep, char decimal)
{
    size_t n = 20000, cap = n * 80 + 200, len = 0;
    char *csv = malloc(cap), (*want)[64] = malloc(n * sizeof *want);
    assert_non_null(csv);
    assert_non_null(want);
    const char *head = sep == ';' ? "id;year;kommun;omrade;stratum;vikt;kon;p_a;p_b\n" : HEADER;
    len += (size_t)snprintf(csv + len, cap - len, "%s", head);
    size_t rows = 0;
    while (rows < n) {
        char num[64];
        random_number(num, sizeof num, decimal);
        char dot[64];
        strcpy(dot, num);
        char *d = strchr(dot, decimal);
        if (d)
            *d = '.';
        double v = strtod(dot, NULL);
        if (!(v > 0 && v <= 1e12))
            continue;
        strcpy(want[rows], dot);
        len += (size_t)snprintf(csv + len, cap - len, "A%zu%c2024%cS%cH%cS1%c%s%c1%c3%c2\n",
                                rows, sep, sep, sep, sep, sep, num, sep, sep, sep);
        rows++;
    }
    trygg_errors *err = trygg_errors_new(10);
    trygg_survey *sv = NULL;
    trygg_status st = trygg_survey_load_buffer(def, "numbers.csv", csv, len, &sv, err);
    if (st != TRYGG_OK)
        fail_msg("%s", trygg_errors_count(err) ? trygg_errors_get(err, 0)->message
                                               : trygg_strerror(st));
    long w = sv->role_col[TRYGG_ROLE_WEIGHT];
    for (size_t r = 0; r < rows; r++) {
        double got = sv->cols[w].num[r], ref = strtod(want[r], NULL);
        if (memcmp(&got, &ref, sizeof got) != 0)
            fail_msg("'%s': %.17g, strtod %.17g", want[r], got, ref);
    }
    trygg_survey_free(sv);
    trygg_errors_free(err);
    free(csv);
    free(want);
}

static void test_numbers_as_strtod(void **state)
{
    (void)state;
    check_numbers(',', '.');
    check_numbers(';', ',');
}

/* Everything a load leaves: status, diagnostics, files, rows, names. */
static char *describe(const char *definition, size_t max_kept, const char *threads)
{
    setenv("TRYGG_THREADS", threads, 1);
    trygg_errors *err = trygg_errors_new(max_kept);
    trygg_definition *d = NULL;
    trygg_survey *sv = NULL;
    assert_int_equal(trygg_definition_load(definition, &d, err), TRYGG_OK);
    trygg_status st = trygg_survey_load(d, &sv, err);
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    assert_non_null(f);
    fprintf(f, "status %d kept %zu total %zu\n", (int)st, trygg_errors_count(err),
            trygg_errors_total(err));
    for (size_t i = 0; i < trygg_errors_count(err); i++) {
        const trygg_diag *g = trygg_errors_get(err, i);
        fprintf(f, "%s:%lu:%lu: %s\n", g->file, g->line, g->column, g->message);
    }
    for (size_t i = 0; sv && i < sv->nfiles; i++)
        fprintf(f, "file %s %zu %zu %s\n", sv->files[i].path, sv->files[i].rows,
                sv->files[i].first_row, sv->files[i].dialect);
    for (size_t r = 0; sv && r < sv->nrows; r++) {
        fprintf(f, "%d %u %u", sv->year[r], sv->file[r], sv->line[r]);
        for (size_t c = 0; c < sv->ncols; c++) {
            const trygg_column *col = &sv->cols[c];
            if (col->kind == TRYGG_COL_CAT)
                fprintf(f, " %u", col->cat[r]);
            else if (col->kind == TRYGG_COL_NUM)
                fprintf(f, " %a", col->num[r]);
            else if (col->kind == TRYGG_COL_TEXT)
                fprintf(f, " %s", trygg_survey_cat(sv, (long)c, r));
            else
                fprintf(f, " %u", col->code[r]);
        }
        fputc('\n', f);
    }
    for (size_t c = 0; sv && c < sv->ncols; c++)
        for (size_t i = 0; i < sv->cols[c].dict.count; i++)
            fprintf(f, "name %zu %zu %s\n", c, i, sv->cols[c].dict.names[i]);
    fclose(f);
    trygg_survey_free(sv);
    trygg_definition_free(d);
    trygg_errors_free(err);
    unsetenv("TRYGG_THREADS");
    return text;
}

static void same_load(const char *definition, size_t max_kept)
{
    char *one = describe(definition, max_kept, "1");
    char *many = describe(definition, max_kept, "4");
    if (strcmp(one, many) != 0)
        fail_msg("%s, %zu diagnostics kept: one thread and several differ",
                 definition, max_kept);
    free(one);
    free(many);
}

static void test_region_threads(void **state)
{
    (void)state;
    same_load(REGION, 100);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[1400];
    assert_true(snprintf(path, sizeof path, "%s/%s", dir, name) < (int)sizeof path);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void copy_file(const char *from, const char *dir, const char *name)
{
    char path[1400];
    assert_true(snprintf(path, sizeof path, "%s/%s", from, name) < (int)sizeof path);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    write_file(dir, name, buf);
}

/* Files with errors in many places: every limit of the diagnostic list cuts
 * the load somewhere else, one thread and several must cut it alike. */
static void test_errors_threads(void **state)
{
    (void)state;
    char dir[] = "/tmp/trygg_load_fast_XXXXXX", data[600], def_path[600];
    assert_non_null(mkdtemp(dir));
    assert_true(snprintf(data, sizeof data, "%s/data", dir) < (int)sizeof data);
    assert_int_equal(mkdir(data, 0700), 0);
    const char *tables[] = {"survey.trygg", "scales.csv", "items.csv", "indicators.csv"};
    for (size_t i = 0; i < 4; i++)
        copy_file(MINI, dir, tables[i]);
    const char *bodies[] = {
        "A1,2024,Södertälje,Hovsjö,S1,10,1,3,2\nA2,2024,Södertälje,Nytt,S1,10,2,7,9\n"
        "A3,2024,Södertälje,Ronna,S2,-2,1,4,\n",
        "B1,2024,Nacka,Älta,S3,5,1,1,1\nB2,2024,Nacka,Kort,S3,5\n,,,,,,,,\n"
        "B3,2024,Nacka,Älta,S3,x,2,2,2\n",
        "C1,2024,Nacka,Boo,S4,5,1,1,1\nC2,2023,Nacka,Boo,S4,5,1,1,1\n"
        "C3,2024,Nacka,\xff,S4,5,1,1,1\n",
        "D1,2024,Huddinge,Vårby,S5,5,1,1,1\nA1,2024,Huddinge,Vårby,S5,5,1,5,1\n"
        "D2,2024,Huddinge,\"Vå\"rby,S5,5,1,1,1\nD3,2024,Huddinge,Ny,S5,5,1,1,1\n",
        "E1,2024,Huddinge,Ny,S6,5,3,1,1\nE2,,Huddinge,Ny,S6,5,1,1,1\n"
        "E3,2024,,Ny,S6,5,1,1,1\nE4,2024,Huddinge,Ny,S6,5.5.5,1,1,1\n",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
        char name[32], text[1024];
        snprintf(name, sizeof name, "part%02zu.csv", i);
        snprintf(text, sizeof text, "%s%s", HEADER, bodies[i]);
        write_file(data, name, text);
    }
    assert_true(snprintf(def_path, sizeof def_path, "%s/survey.trygg", dir) <
                (int)sizeof def_path);
    for (size_t kept = 1; kept <= 25; kept++)
        same_load(def_path, kept);
    /* the limit does cut the load short (so parts are loaded again) */
    char *cut = describe(def_path, 2, "4"), *whole = describe(def_path, 100, "4");
    unsigned long cut_total = 0, whole_total = 0;
    assert_int_equal(sscanf(strstr(cut, "total"), "total %lu", &cut_total), 1);
    assert_int_equal(sscanf(strstr(whole, "total"), "total %lu", &whole_total), 1);
    assert_true(cut_total < whole_total && whole_total > 8);
    free(cut);
    free(whole);
    char cmd[700];
    assert_true(snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir) < (int)sizeof cmd);
    assert_int_equal(system(cmd), 0);
}

/* An empty row (Excel's ",,,,") is no respondent: the blank names it would
 * have brought are not there afterwards. */
static void test_empty_row_leaves_no_names(void **state)
{
    (void)state;
    const char *with = HEADER ",,,,,,,,\nA1,2024,S,H,S1,10,1,3,2\n,,,,\n";
    trygg_errors *err = trygg_errors_new(10);
    trygg_survey *sv = NULL;
    assert_int_equal(trygg_survey_load_buffer(def, "x.csv", with, strlen(with), &sv, err),
                     TRYGG_OK);
    long sex = sv->role_col[TRYGG_ROLE_SEX];
    assert_int_equal(sv->nrows, 1);
    assert_int_equal(sv->cols[sex].dict.count, 1);
    assert_string_equal(sv->cols[sex].dict.names[0], "1");
    trygg_survey_free(sv);
    trygg_errors_free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers_as_strtod),
        cmocka_unit_test(test_region_threads),
        cmocka_unit_test(test_errors_threads),
        cmocka_unit_test(test_empty_row_leaves_no_names),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
