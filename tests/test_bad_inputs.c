/* The catalogue of malformed inputs in tests/bad/ (listed in CASES.csv):
 * every case goes through the library as a user's files would (definition,
 * then responses, then estimation) and must fail with the expected status,
 * and a first diagnostic that names the file, line and column and says
 * what is wrong. A few cases also go through the command line (estimate,
 * weights, validate), which must exit 1, write no file and leave an
 * existing output file as it was. And the other way round, a few odd but
 * good inputs that spreadsheets write must load.
 *
 * CASES.csv: file,kind,status,message,line,column,diag_file,as,note
 *   file       path under tests/bad/, or @generator (made at test time)
 *   kind       responses: a response file, read with the mini definition
 *              definition: survey.trygg or one of its tables (`as` names
 *                which; a folder is laid over the mini survey)
 *              population: the population margins of a poststrat survey
 *                (a folder may bring its own [weighting] as weighting.trygg)
 *   status     the trygg_status expected, without TRYGG_ERR_
 *   message    a part of the first diagnostic's message; "|" separates
 *              parts that must appear in this order
 *   line, column  the first diagnostic's position (0 = none)
 *   diag_file  the last part of the first diagnostic's file ("" = none)
 *   as         responses: the file name the loader is given
 *              (default 2024_sodertalje.csv); others: the name in the
 *              survey folder (default survey.trygg / population.csv)
 *
 * Set TRYGG_BAD_CASE=substring to run only the matching cases. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_support.h"
#include "trygg.h"

#define BAD TRYGG_TEST_DIR "/bad"
#define MINI TRYGG_TEST_DIR "/data/mini"
#define MINI_DATA "2024_sodertalje.csv"
#define HEADER "id,year,kommun,omrade,stratum,vikt,kon,p_a,p_b\n"
#define ROW1 "A1,2024,Södertälje,Hovsjö,S1,10,1,3,2\n"

/* The weighting every population case uses unless its folder has its own. */
static const char DEFAULT_WEIGHTING[] = "[weighting]\n"
                                        "method = poststrat\n"
                                        "population = population.csv\n"
                                        "margins = municipality*sex\n";

typedef struct {
    const char *file, *kind, *status, *message, *diag_file, *as, *note;
    unsigned long line, column;
    char name[160];
} bad_case;

static ts_table *cases_table;

/* snprintf into a path buffer of PATH_SIZE bytes; fails the test when the
 * path does not fit. */
#define PATH_SIZE 1024
static char *pathf(char *buf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static char *pathf(char *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, PATH_SIZE, fmt, ap);
    va_end(ap);
    if (n < 0 || n >= PATH_SIZE)
        fail_msg("path too long: %s", buf);
    return buf;
}

/* ---- files and folders ------------------------------------------------ */

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s: %s", path, strerror(errno));
    size_t cap = 4096, n = 0, got;
    char *b = malloc(cap + 1);
    assert_non_null(b);
    while ((got = fread(b + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            b = realloc(b, (cap *= 2) + 1);
            assert_non_null(b);
        }
    }
    fclose(f);
    b[n] = 0;
    *len = n;
    return b;
}

static void write_all(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        fail_msg("cannot write %s: %s", path, strerror(errno));
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static void copy_file(const char *from, const char *to)
{
    size_t len;
    char *b = read_all(from, &len);
    write_all(to, b, len);
    free(b);
}

static void append(const char *path, const char *text)
{
    FILE *f = fopen(path, "ab");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int is_dir(const char *path)
{
    struct stat s;
    return stat(path, &s) == 0 && S_ISDIR(s.st_mode);
}

static int exists(const char *path)
{
    struct stat s;
    return stat(path, &s) == 0;
}

static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char sub[PATH_SIZE];
            pathf(sub, "%s/%s", path, e->d_name);
            remove_tree(sub);
        }
        closedir(d);
        rmdir(path);
    } else {
        remove(path);
    }
}

/* Copies every file of folder `from` into `to` (sub-folders too). */
static void copy_tree(const char *from, const char *to)
{
    DIR *d = opendir(from);
    assert_non_null(d);
    mkdir(to, 0755);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char a[PATH_SIZE], b[PATH_SIZE];
        pathf(a, "%s/%s", from, e->d_name);
        pathf(b, "%s/%s", to, e->d_name);
        if (is_dir(a))
            copy_tree(a, b);
        else
            copy_file(a, b);
    }
    closedir(d);
}

/* A new folder holding a copy of the mini survey (definition, tables, its
 * one response file); returns its path in `dir`. */
static void mini_copy(char *dir, size_t size)
{
    snprintf(dir, size, "%s/bad_inputs_XXXXXX", TRYGG_BINARY_DIR);
    assert_non_null(mkdtemp(dir));
    char data[PATH_SIZE];
    copy_tree(MINI, dir);
    assert_true(exists(pathf(data, "%s/data/%s", dir, MINI_DATA)));
}

/* ---- generated cases (too big to keep in the repository) ------------- */

/* @big_field: one 10 MB area name. @many_columns: a 100,000-column header.
 * @many_errors: 5,000 rows with an unknown code each. */
static char *generate(const char *name, size_t *len)
{
    if (strcmp(name, "@big_field") == 0) {
        size_t big = (size_t)10 << 20;
        const char *pre = HEADER ROW1 "A2,2024,Södertälje,";
        const char *post = ",S1,10,2,1,9\n";
        size_t a = strlen(pre), b = strlen(post);
        char *s = malloc(a + big + b + 1);
        assert_non_null(s);
        memcpy(s, pre, a);
        memset(s + a, 'x', big);
        memcpy(s + a + big, post, b + 1);
        *len = a + big + b;
        return s;
    }
    if (strcmp(name, "@many_columns") == 0) {
        size_t cap = 100000 * 8 + 256, n = 0;
        char *s = malloc(cap);
        assert_non_null(s);
        n += (size_t)sprintf(s, "id,year,kommun,omrade,stratum,vikt,kon,p_a,p_b");
        for (int i = 9; i < 100000; i++)
            n += (size_t)sprintf(s + n, ",c%d", i);
        n += (size_t)sprintf(s + n, "\n" ROW1);
        *len = n;
        return s;
    }
    if (strcmp(name, "@many_errors") == 0) {
        size_t cap = 5000 * 64 + 256, n = 0;
        char *s = malloc(cap);
        assert_non_null(s);
        n += (size_t)sprintf(s, HEADER);
        for (int i = 0; i < 5000; i++)
            n += (size_t)sprintf(s + n, "A%d,2024,Södertälje,Hovsjö,S1,10,1,7,2\n", i);
        *len = n;
        return s;
    }
    fail_msg("unknown generator %s", name);
    return NULL;
}

static char *case_bytes(const bad_case *c, size_t *len)
{
    if (c->file[0] == '@')
        return generate(c->file, len);
    char path[PATH_SIZE];
    pathf(path, "%s/%s", BAD, c->file);
    return read_all(path, len);
}

/* ---- running a case --------------------------------------------------- */

static const char *const STATUS_NAMES[] = {
    "OK", "NOMEM", "IO", "PARSE", "INVALID", "DESIGN", "CONVERGENCE",
    "ARGUMENT", "NOT_FOUND", "NUMERIC", "LIMIT"};

static const char *status_name(trygg_status st)
{
    return (unsigned)st < sizeof STATUS_NAMES / sizeof *STATUS_NAMES
               ? STATUS_NAMES[st] : "?";
}

/* Lays the case's files over a copy of the mini survey in `dir`. */
static void build_survey(const bad_case *c, char *dir, size_t size)
{
    mini_copy(dir, size);
    char src[PATH_SIZE], dst[PATH_SIZE];
    pathf(src, "%s/%s", BAD, c->file);
    if (strcmp(c->kind, "responses") == 0) {
        size_t len;
        char *b = case_bytes(c, &len);
        pathf(dst, "%s/data/%s", dir, MINI_DATA);
        remove(dst);
        pathf(dst, "%s/data/%s", dir,
                 c->as[0] ? c->as : MINI_DATA);
        write_all(dst, b, len);
        free(b);
        if (c->as[0] && !strstr(c->as, ".csv")) {
            /* an SPSS or Stata file: the mini survey's "files" pattern (CSV)
             * would not name it */
            pathf(dst, "%s/survey.trygg", dir);
            size_t dlen;
            char *def = read_all(dst, &dlen), *at = strstr(def, "data/*.csv");
            assert_non_null(at);
            memmove(at + 6, at + 10, strlen(at + 10) + 1);
            write_all(dst, def, strlen(def));
            free(def);
        }
        return;
    }
    int population = strcmp(c->kind, "population") == 0;
    if (is_dir(src)) {
        char w[PATH_SIZE];
        pathf(w, "%s/weighting.trygg", src);
        copy_tree(src, dir);
        if (population) {
            size_t len;
            char *text = read_all(w, &len);
            pathf(dst, "%s/survey.trygg", dir);
            append(dst, "\n");
            append(dst, text);
            free(text);
        }
        return;
    }
    const char *as = c->as[0] ? c->as : population ? "population.csv"
                                                   : "survey.trygg";
    pathf(dst, "%s/%s", dir, as);
    copy_file(src, dst);
    if (population) {
        pathf(dst, "%s/survey.trygg", dir);
        append(dst, DEFAULT_WEIGHTING);
    }
}

/* definition -> survey -> estimate: the status of the first step that
 * fails (or TRYGG_OK), its diagnostics in `err`. */
static trygg_status run_pipeline(const char *definition, trygg_errors *err)
{
    trygg_definition *def = NULL;
    trygg_survey *sv = NULL;
    trygg_results *res = NULL;
    trygg_status st = trygg_definition_load(definition, &def, err);
    if (st == TRYGG_OK) {
        st = trygg_survey_load(def, &sv, err);
        if (st != TRYGG_OK)
            assert_null(sv);
    } else {
        assert_null(def);
    }
    if (st == TRYGG_OK) {
        st = trygg_estimate(sv, NULL, &res, err);
        if (st != TRYGG_OK)
            assert_null(res);
    }
    trygg_results_free(res);
    trygg_survey_free(sv);
    trygg_definition_free(def);
    return st;
}

/* Responses straight from memory, as the fuzzer feeds them. */
static trygg_status run_buffer(const bad_case *c, trygg_errors *err)
{
    trygg_definition *def = NULL;
    trygg_errors *derr = trygg_errors_new(10);
    if (trygg_definition_load(MINI "/survey.trygg", &def, derr) != TRYGG_OK)
        fail_msg("the mini definition does not load: %s",
                 trygg_errors_get(derr, 0)->message);
    trygg_errors_free(derr);
    size_t len;
    char *data = case_bytes(c, &len);
    trygg_survey *sv = NULL;
    trygg_results *res = NULL;
    trygg_status st = trygg_survey_load_buffer(def, c->as[0] ? c->as : MINI_DATA,
                                               data, len, &sv, err);
    if (st != TRYGG_OK)
        assert_null(sv);
    if (st == TRYGG_OK) {
        st = trygg_estimate(sv, NULL, &res, err);
        if (st != TRYGG_OK)
            assert_null(res);
    }
    trygg_results_free(res);
    trygg_survey_free(sv);
    trygg_definition_free(def);
    free(data);
    return st;
}

/* Each "|"-separated part of `want` appears in `got`, in order. */
static int message_matches(const char *got, const char *want)
{
    const char *p = got;
    while (*want) {
        size_t n = strcspn(want, "|");
        char part[512];
        snprintf(part, sizeof part, "%.*s", (int)n, want);
        const char *hit = strstr(p, part);
        if (!hit)
            return 0;
        p = hit + n;
        want += n + (want[n] == '|');
    }
    return 1;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* What went wrong, or NULL when the case behaves as CASES.csv says. */
static char *judge(const bad_case *c, trygg_status st, const trygg_errors *err,
                   const char *how)
{
    char *why = malloc(2048);
    assert_non_null(why);
    const trygg_diag *d = trygg_errors_get(err, 0);
    char got[1200];
    if (d)
        snprintf(got, sizeof got, "%s %s:%lu:%lu: %s", status_name(st),
                 base_name(d->file), d->line, d->column, d->message);
    else
        snprintf(got, sizeof got, "%s, no diagnostic", status_name(st));
    const char *problem = NULL;
    if (st == TRYGG_OK)
        problem = "accepted";
    else if (!d)
        problem = "no diagnostic";
    else if (strcmp(status_name(st), c->status) != 0)
        problem = "wrong status";
    else if (!message_matches(d->message, c->message))
        problem = "wrong message";
    else if (d->line != c->line || d->column != c->column)
        problem = "wrong position";
    else if (strcmp(base_name(d->file), c->diag_file) != 0)
        problem = "wrong file";
    if (!problem) {
        free(why);
        return NULL;
    }
    snprintf(why, 2048, "%s (%s): %s\n    expected %s %s:%lu:%lu: ...%s...\n"
             "    got      %s", c->name, how, problem, c->status, c->diag_file,
             c->line, c->column, c->message, got);
    return why;
}

static void test_case(void **state)
{
    const bad_case *c = *state;
    char *why = NULL;
    trygg_errors *err = trygg_errors_new(20);
    assert_non_null(err);
    if (strcmp(c->kind, "responses") == 0) {
        trygg_status st = run_buffer(c, err);
        why = judge(c, st, err, "from memory");
    }
    if (!why) {
        /* every case also as files on disk, through trygg_survey_load */
        char dir[PATH_SIZE], def[PATH_SIZE];
        build_survey(c, dir, sizeof dir);
        pathf(def, "%s/survey.trygg", dir);
        trygg_errors_clear(err);
        trygg_status st = run_pipeline(def, err);
        why = judge(c, st, err, "from files");
        remove_tree(dir);
    }
    trygg_errors_free(err);
    if (why) {
        print_error("%s\n", why);
        free(why);
        fail();
    }
}

/* ---- edge inputs that are not bad ----------------------------------- */

typedef struct {
    const char *what, *data;
    size_t rows;
} good_case;

/* What spreadsheets and exports produce from good data: these must load,
 * with every respondent and nothing else. */
static const good_case GOOD[] = {
    {"no newline at the end", HEADER ROW1 "A2,2024,Södertälje,Hovsjö,S1,10,2,1,9", 2},
    {"a quoted empty field is a blank answer (Excel writes \"\")",
     HEADER ROW1 "A2,2024,Södertälje,Hovsjö,S1,10,2,1,\"\"\n", 2},
    {"rows of separators only after the data (Excel's formatted empty rows)",
     HEADER ROW1 "A2,2024,Södertälje,Hovsjö,S1,10,2,1,9\n,,,,,,,,\n,,,,,,,,\n", 2},
    {"the same with ';' and CRLF",
     "id;year;kommun;omrade;stratum;vikt;kon;p_a;p_b\r\n"
     "A1;2024;Södertälje;Hovsjö;S1;10,5;1;3;2\r\n;;;;;;;;\r\n", 1},
    {"quoted header names", "\"id\",\"year\",\"kommun\",\"omrade\",\"stratum\","
     "\"vikt\",\"kon\",\"p_a\",\"p_b\"\n" ROW1, 1},
    {"a line break inside a quoted field of an unused column",
     "note,id,year,kommun,omrade,stratum,vikt,kon,p_a,p_b\n"
     "\"two\nlines\",A1,2024,Södertälje,Hovsjö,S1,10,1,3,2\n", 1},
};

static void test_good_edge_inputs(void **state)
{
    (void)state;
    trygg_definition *def = NULL;
    trygg_errors *err = trygg_errors_new(10);
    assert_int_equal(trygg_definition_load(MINI "/survey.trygg", &def, err), TRYGG_OK);
    int failures = 0;
    for (size_t i = 0; i < sizeof GOOD / sizeof *GOOD; i++) {
        trygg_survey *sv = NULL;
        trygg_errors_clear(err);
        trygg_status st = trygg_survey_load_buffer(def, MINI_DATA, GOOD[i].data,
                                                   strlen(GOOD[i].data), &sv, err);
        const trygg_diag *d = trygg_errors_get(err, 0);
        if (st != TRYGG_OK) {
            print_error("%s: rejected: %lu:%lu: %s\n", GOOD[i].what,
                        d ? d->line : 0, d ? d->column : 0,
                        d ? d->message : trygg_strerror(st));
            failures++;
        } else if (trygg_survey_rows(sv) != GOOD[i].rows) {
            print_error("%s: %zu respondents, expected %zu\n", GOOD[i].what,
                        trygg_survey_rows(sv), GOOD[i].rows);
            failures++;
        }
        trygg_survey_free(sv);
    }
    trygg_definition_free(def);
    trygg_errors_free(err);
    if (failures)
        fail_msg("%d of %zu good inputs not read as expected", failures,
                 sizeof GOOD / sizeof *GOOD);
}

/* ---- the command line ------------------------------------------------- */

/* Runs the CLI; returns its exit status (or -1 when it did not exit). */
static int run_cli(const char *args)
{
    const char *cli = getenv("TRYGG_CLI");
    if (!cli)
        cli = TRYGG_BINARY_DIR "/trygg";
    char cmd[PATH_SIZE];
    pathf(cmd, "'%s' %s >/dev/null 2>&1", cli, args);
    int status = system(cmd);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static size_t count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static const bad_case *find_case(const char *file)
{
    static bad_case c;
    size_t cf = ts_col(cases_table, "file");
    for (size_t r = 0; r < cases_table->nrows; r++)
        if (strcmp(ts_cell(cases_table, r, cf), file) == 0) {
            memset(&c, 0, sizeof c);
            c.file = ts_cell(cases_table, r, cf);
            c.kind = ts_cell(cases_table, r, ts_col(cases_table, "kind"));
            c.as = ts_cell(cases_table, r, ts_col(cases_table, "as"));
            return &c;
        }
    fail_msg("no case %s in CASES.csv", file);
    return NULL;
}

/* Cases the command line is tried on (each known to the library today).
 * A lonely PSU is a problem of the variance only: `trygg weights` needs
 * none, and `trygg validate` only counts respondents. */
static const struct {
    const char *file;
    int variance_only;
} CLI_CASES[] = {
    {"responses/ragged_short.csv", 0}, {"responses/nul_byte.csv", 0},
    {"responses/weight_zero.csv", 0}, {"@big_field", 0},
    {"responses/lonely_psu.csv", 1},
    {"definition/confidence_percent.trygg", 0},
    {"definition/index_without_items.csv", 0},
    {"population/negative.csv", 0}, {"population/cell_absent.csv", 0},
};

/* Runs `command` on the survey of each CLI case, with `outputs` (one or
 * two --option NAME pairs, or none) in a folder of their own: the command
 * must exit 1, leave no file there (none before, none after: no partial
 * or temporary file), and an output file from an earlier run must stay as
 * it was. */
static void cli_check(const char *command, const char *const *outputs,
                      size_t noutputs)
{
    int failures = 0;
    for (size_t i = 0; i < sizeof CLI_CASES / sizeof *CLI_CASES; i++) {
        if (strcmp(command, "estimate") != 0 && CLI_CASES[i].variance_only)
            continue;
        const bad_case *c = find_case(CLI_CASES[i].file);
        const char *filter = getenv("TRYGG_BAD_CASE");
        if (filter && !strstr(c->file, filter))
            continue;
        char dir[PATH_SIZE], out[PATH_SIZE], args[PATH_SIZE], opts[PATH_SIZE];
        build_survey(c, dir, sizeof dir);
        pathf(out, "%s/out", dir);
        assert_int_equal(mkdir(out, 0755), 0);
        opts[0] = 0;
        for (size_t k = 0; k < noutputs; k++)
            pathf(opts + strlen(opts), " %s '%s/%s'", outputs[2 * k], out,
                  outputs[2 * k + 1]);
        pathf(args, "%s '%s/survey.trygg'%s", command, dir, opts);
        const char *problem = NULL;
        int rc = run_cli(args);
        size_t left = count_entries(out);
        if (rc != 1)
            problem = "exit status";
        else if (left != 0)
            problem = "files left behind";
        for (size_t k = 0; k < noutputs && !problem; k++) {
            char old[PATH_SIZE];
            write_all(pathf(old, "%s/%s", out, outputs[2 * k + 1]), "old\n", 4);
        }
        if (!problem && (rc = run_cli(args)) != 1)
            problem = "exit status";
        for (size_t k = 0; k < noutputs && !problem; k++) {
            char old[PATH_SIZE];
            size_t len;
            char *kept = read_all(pathf(old, "%s/%s", out, outputs[2 * k + 1]), &len);
            if (len != 4 || memcmp(kept, "old\n", 4) != 0)
                problem = "an old output file changed";
            free(kept);
        }
        if (!problem && count_entries(out) != noutputs) {
            left = count_entries(out) - noutputs;
            problem = "files left behind";
        }
        if (problem) {
            print_error("%s: trygg %s: %s (exit %d, expected 1; %zu files left)\n",
                        c->file, command, problem, rc, left);
            failures++;
        }
        remove_tree(dir);
    }
    if (failures)
        fail_msg("trygg %s: %d cases failed", command, failures);
}

static void test_cli_estimate(void **state)
{
    (void)state;
    static const char *const out[] = {"--out", "estimates.csv"};
    cli_check("estimate", out, 1);
}

static void test_cli_weights(void **state)
{
    (void)state;
    static const char *const out[] = {"--out", "weights.csv", "--report",
                                      "weight_report.csv"};
    cli_check("weights", out, 2);
}

/* validate "reads and checks every file" (README): the population margins
 * of the definition's weighting too. */
static void test_cli_validate(void **state)
{
    (void)state;
    cli_check("validate", NULL, 0);
}

/* ---- the catalogue ---------------------------------------------------- */

static unsigned long number(const char *s, const char *what, size_t row)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (!*s || *end)
        fail_msg("CASES.csv row %zu: %s '%s' is not a number", row + 2, what, s);
    return v;
}

int main(void)
{
    cases_table = ts_table_read(BAD "/CASES.csv");
    const ts_table *t = cases_table;
    size_t n = t->nrows;
    bad_case *cases = calloc(n + 1, sizeof *cases);
    struct CMUnitTest *tests = calloc(n + 5, sizeof *tests);
    if (!cases || !tests)
        return 1;
    const char *filter = getenv("TRYGG_BAD_CASE");
    size_t k = 0;
    for (size_t r = 0; r < n; r++) {
        bad_case *c = &cases[k];
        c->file = ts_cell(t, r, ts_col(t, "file"));
        c->kind = ts_cell(t, r, ts_col(t, "kind"));
        c->status = ts_cell(t, r, ts_col(t, "status"));
        c->message = ts_cell(t, r, ts_col(t, "message"));
        c->line = number(ts_cell(t, r, ts_col(t, "line")), "line", r);
        c->column = number(ts_cell(t, r, ts_col(t, "column")), "column", r);
        c->diag_file = ts_cell(t, r, ts_col(t, "diag_file"));
        c->as = ts_cell(t, r, ts_col(t, "as"));
        c->note = ts_cell(t, r, ts_col(t, "note"));
        snprintf(c->name, sizeof c->name, "%s%s%s", c->file[0] == '@' ? c->kind : "",
                 c->file[0] == '@' ? "/" : "", c->file);
        if (filter && !strstr(c->name, filter))
            continue;
        tests[k] = (struct CMUnitTest){c->name, test_case, NULL, NULL, c};
        k++;
    }
    tests[k++] = (struct CMUnitTest){"good edge inputs", test_good_edge_inputs, NULL, NULL, NULL};
    tests[k++] = (struct CMUnitTest){"trygg estimate", test_cli_estimate, NULL, NULL, NULL};
    tests[k++] = (struct CMUnitTest){"trygg weights", test_cli_weights, NULL, NULL, NULL};
    tests[k++] = (struct CMUnitTest){"trygg validate", test_cli_validate, NULL, NULL, NULL};
    int rc = _cmocka_run_group_tests("bad_inputs", tests, k, NULL, NULL);
    free(tests);
    free(cases);
    ts_table_free(cases_table);
    return rc;
}
