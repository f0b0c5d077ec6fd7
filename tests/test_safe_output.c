/* Safe publication, library side: output groups (temporaries, refused
 * targets, all-or-nothing commits), CSV cells a spreadsheet would run
 * neutralised, JSON exact and valid, one strict UTF-8 validator. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_support.h"
#include "text_internal.h"
#include "trygg.h"

#define WORK TRYGG_BINARY_DIR "/safe_output_test"
#define MINI TRYGG_TEST_DIR "/data/mini"




static void fresh_dir(const char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", dir, dir);
    assert_int_equal(system(cmd), 0);
}

/* Files in `dir` (not . and ..), by a shell count. */
static int count_files(const char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
    FILE *p = popen(cmd, "r");
    int n = -1;
    assert_int_equal(fscanf(p, "%d", &n), 1);
    pclose(p);
    return n;
}

static int has_message(const trygg_errors *err, const char *part)
{
    for (size_t i = 0; i < trygg_errors_count(err); i++)
        if (strstr(trygg_errors_get(err, i)->message, part))
            return 1;
    return 0;
}

/* ---- output groups ------------------------------------------------------ */

typedef struct {
    int creating, gone;
} hook_log;

static void log_hook(void *ctx, const char *temp, trygg_temp_event ev)
{
    hook_log *h = ctx;
    assert_non_null(strstr(temp, ".trygg-"));
    if (ev == TRYGG_TEMP_CREATING)
        h->creating++;
    else
        h->gone++;
}

static void test_group_commits_together(void **state)
{
    (void)state;
    fresh_dir(WORK "/g");
    ts_write_file(WORK "/g/a.csv", "old a\n");
    trygg_errors *err = trygg_errors_new(10);
    trygg_output_group *g;
    hook_log log = {0, 0};
    assert_int_equal(trygg_output_group_new(&g), TRYGG_OK);
    trygg_output_group_set_hook(g, log_hook, &log);
    FILE *fa, *fb;
    assert_int_equal(trygg_output_group_open(g, WORK "/g/a.csv", &fa, err), TRYGG_OK);
    assert_int_equal(trygg_output_group_open(g, WORK "/g/b.csv", &fb, err), TRYGG_OK);
    fputs("new a\n", fa);
    fputs("new b\n", fb);
    assert_int_equal(trygg_output_group_finish(g, WORK "/g/a.csv", err), TRYGG_OK);
    /* before the commit: the temporaries hold the new text, the targets
     * the old (a) or nothing (b) */
    const char *ta = trygg_output_group_temp(g, WORK "/g/a.csv");
    assert_non_null(ta);
    assert_memory_equal(ta, WORK "/g/.a.csv.trygg-", strlen(WORK "/g/.a.csv.trygg-"));
    char *s = ts_slurp(ta);
    assert_string_equal(s, "new a\n");
    free(s);
    s = ts_slurp(WORK "/g/a.csv");
    assert_string_equal(s, "old a\n");
    free(s);
    assert_null(ts_slurp(WORK "/g/b.csv"));
    assert_int_equal(count_files(WORK "/g"), 3);
    assert_int_equal(trygg_output_group_commit(g, err), TRYGG_OK);
    assert_null(trygg_output_group_temp(g, WORK "/g/a.csv"));
    trygg_output_group_free(g);
    s = ts_slurp(WORK "/g/a.csv");
    assert_string_equal(s, "new a\n");
    free(s);
    s = ts_slurp(WORK "/g/b.csv");
    assert_string_equal(s, "new b\n");
    free(s);
    assert_int_equal(count_files(WORK "/g"), 2);   /* no temporary left */
    assert_int_equal(log.creating, 2);
    assert_true(log.gone >= 2);
    trygg_errors_free(err);
}

static void test_group_not_committed(void **state)
{
    (void)state;
    fresh_dir(WORK "/n");
    ts_write_file(WORK "/n/a.csv", "old a\n");
    trygg_output_group *g;
    FILE *f;
    assert_int_equal(trygg_output_group_new(&g), TRYGG_OK);
    assert_int_equal(trygg_output_group_open(g, WORK "/n/a.csv", &f, NULL), TRYGG_OK);
    fputs("half", f);
    trygg_output_group_free(g);
    char *s = ts_slurp(WORK "/n/a.csv");
    assert_string_equal(s, "old a\n");
    free(s);
    assert_int_equal(count_files(WORK "/n"), 1);
}

/* A rename that fails after another member is in place puts the old
 * file back: here the second temporary vanishes before the commit. */
static void test_group_rolls_back(void **state)
{
    (void)state;
    fresh_dir(WORK "/r");
    ts_write_file(WORK "/r/a.csv", "old a\n");
    ts_write_file(WORK "/r/b.csv", "old b\n");
    trygg_errors *err = trygg_errors_new(10);
    trygg_output_group *g;
    FILE *fa, *fb;
    assert_int_equal(trygg_output_group_new(&g), TRYGG_OK);
    assert_int_equal(trygg_output_group_open(g, WORK "/r/a.csv", &fa, err), TRYGG_OK);
    assert_int_equal(trygg_output_group_open(g, WORK "/r/b.csv", &fb, err), TRYGG_OK);
    fputs("new a\n", fa);
    fputs("new b\n", fb);
    assert_int_equal(trygg_output_group_finish(g, WORK "/r/b.csv", err), TRYGG_OK);
    assert_int_equal(unlink(trygg_output_group_temp(g, WORK "/r/b.csv")), 0);
    assert_int_equal(trygg_output_group_commit(g, err), TRYGG_ERR_IO);
    assert_true(has_message(err, "no output was changed"));
    trygg_output_group_free(g);
    char *s = ts_slurp(WORK "/r/a.csv");
    assert_string_equal(s, "old a\n");
    free(s);
    s = ts_slurp(WORK "/r/b.csv");
    assert_string_equal(s, "old b\n");
    free(s);
    assert_int_equal(count_files(WORK "/r"), 2);
    trygg_errors_free(err);
}

/* Opens `target` as a member and expects it refused with `what`. */
static void expect_refused(const char *target, const char *what)
{
    trygg_errors *err = trygg_errors_new(10);
    trygg_output_group *g;
    FILE *f;
    assert_int_equal(trygg_output_group_new(&g), TRYGG_OK);
    assert_int_equal(trygg_output_group_open(g, target, &f, err), TRYGG_ERR_IO);
    assert_null(f);
    const trygg_diag *d = trygg_errors_get(err, 0);
    assert_non_null(d);
    assert_string_equal(d->file, target);
    if (!strstr(d->message, what) || !strstr(d->message, "replaces only regular files"))
        fail_msg("%s: %s", target, d->message);
    trygg_output_group_free(g);
    trygg_errors_free(err);
}

static void test_refused_targets(void **state)
{
    (void)state;
    fresh_dir(WORK "/t");
    ts_write_file(WORK "/t/victim", "precious\n");
    assert_int_equal(symlink("victim", WORK "/t/link.csv"), 0);
    assert_int_equal(mkfifo(WORK "/t/fifo.csv", 0600), 0);
    assert_int_equal(mkdir(WORK "/t/folder.csv", 0700), 0);
    expect_refused(WORK "/t/link.csv", "is a symbolic link");
    expect_refused(WORK "/t/fifo.csv", "is a FIFO (named pipe)");
    expect_refused(WORK "/t/folder.csv", "is a folder");
    expect_refused("/dev/null", "is a character device");
    char *s = ts_slurp(WORK "/t/victim");
    assert_string_equal(s, "precious\n");
    free(s);
    struct stat sb;
    assert_int_equal(lstat(WORK "/t/link.csv", &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));
    assert_int_equal(stat("/dev/null", &sb), 0);
    assert_true(S_ISCHR(sb.st_mode));
    assert_int_equal(count_files(WORK "/t"), 4);   /* no temporary left */
}

/* Links planted where the old writers put their temporaries, and a file
 * planted under the new names' pattern: never written through. */
static void test_planted_temporaries(void **state)
{
    (void)state;
    fresh_dir(WORK "/p");
    ts_write_file(WORK "/p/victim", "precious\n");
    char planted[256];
    snprintf(planted, sizeof planted, WORK "/p/out.csv.tmp.%ld", (long)getpid());
    assert_int_equal(symlink("victim", planted), 0);
    assert_int_equal(symlink("victim", WORK "/p/out.csv.tmp"), 0);
    assert_int_equal(symlink("victim", WORK "/p/.out.csv.trygg-aaaaaaaaaaaa"), 0);
    trygg_errors *err = trygg_errors_new(10);
    trygg_output_group *g;
    FILE *f;
    assert_int_equal(trygg_output_group_new(&g), TRYGG_OK);
    assert_int_equal(trygg_output_group_open(g, WORK "/p/out.csv", &f, err), TRYGG_OK);
    fputs("new\n", f);
    assert_int_equal(trygg_output_group_commit(g, err), TRYGG_OK);
    trygg_output_group_free(g);
    char *s = ts_slurp(WORK "/p/victim");
    assert_string_equal(s, "precious\n");
    free(s);
    s = ts_slurp(WORK "/p/out.csv");
    assert_string_equal(s, "new\n");
    free(s);
    trygg_errors_free(err);
}

static void test_same_file_twice(void **state)
{
    (void)state;
    fresh_dir(WORK "/s");
    trygg_errors *err = trygg_errors_new(10);
    trygg_output_group *g;
    FILE *f;
    assert_int_equal(trygg_output_group_new(&g), TRYGG_OK);
    assert_int_equal(trygg_output_group_open(g, WORK "/s/x.csv", &f, err), TRYGG_OK);
    assert_int_equal(trygg_output_group_open(g, WORK "/s/./x.csv", &f, err),
                     TRYGG_ERR_ARGUMENT);
    assert_true(has_message(err, "named twice"));
    trygg_output_group_free(g);
    assert_int_equal(count_files(WORK "/s"), 0);
    trygg_errors_free(err);
}

/* ---- hostile names --------------------------------------------------------- */

/* Two municipalities and seven districts named as an attacker would, four
 * respondents each (min_n = 2 publishes them all). */
static const char *const HOSTILE_DATA =
    "id,year,kommun,omrade,stratum,vikt,kon,p_a,p_b\n"
    "%s";
static const char *const MUNIS[] = {"<script>alert(1)</script>", "@SUM(A1)"};
static const char *const DISTRICTS[] = {"=HYPERLINK(\"http://x\")", "=cmd|' /C calc'!A0",
                                        "+1", "-2", "\tTab", "\rCR", "Mid\tdle"};

/* A field as a CSV writer must give it. */
static void csv_field(char *out, size_t size, const char *v)
{
    size_t n = 0;
    out[n++] = '"';
    for (; *v && n + 3 < size; v++) {
        if (*v == '"')
            out[n++] = '"';
        out[n++] = *v;
    }
    out[n++] = '"';
    out[n] = 0;
}

static void make_hostile_survey(const char *dir)
{
    char path[512], rows[8192] = "", m[128], d[128], line[512];
    fresh_dir(dir);
    snprintf(path, sizeof path, "%s/data", dir);
    assert_int_equal(mkdir(path, 0777), 0);
    const char *copy[] = {"scales.csv", "items.csv", "indicators.csv"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, MINI "/%s", copy[i]);
        char *s = ts_slurp(path);
        snprintf(path, sizeof path, "%s/%s", dir, copy[i]);
        ts_write_file(path, s);
        free(s);
    }
    snprintf(path, sizeof path, "%s/survey.trygg", dir);
    ts_write_file(path, "[survey]\nname = </title><script>alert(2)</script>\n"
               "files = data/*.csv\nscales = scales.csv\nitems = items.csv\n"
               "indicators = indicators.csv\n[columns]\nid = id\nyear = year\n"
               "municipality = kommun\ndistrict = omrade\nstratum = stratum\n"
               "weight = vikt\nsex = kon\n[report]\nlevels = region municipality "
               "district\nmin_n = 2\nunstable_n = 3\n");
    static const char answers[4][2] = {{'1', '2'}, {'4', '3'}, {'3', '1'}, {'2', '4'}};
    for (int k = 0, id = 0; k < 7; k++)
        for (int r = 0; r < 4; r++, id++) {
            csv_field(m, sizeof m, MUNIS[k < 4 ? 0 : 1]);
            csv_field(d, sizeof d, DISTRICTS[k]);
            /* districts differ: the k-th gets "big problem" (3, 4) more often */
            char a = r < 2 && k % 2 ? '4' : answers[(r + k) % 4][0];
            snprintf(line, sizeof line, "R%d,2024,%s,%s,S%d,%d,%d,%c,%c\n", id, m, d,
                     r % 2 + 1, 10 + r, r % 2 + 1, a, answers[r][1]);
            strcat(rows, line);
        }
    snprintf(path, sizeof path, "%s/data/2024_x.csv", dir);
    char *data = malloc(strlen(rows) + 128);
    sprintf(data, HOSTILE_DATA, rows);
    ts_write_file(path, data);
    free(data);
}

typedef struct {
    trygg_definition *def;
    trygg_survey *sv;
    trygg_results *res;
    trygg_changes *con;
} hostile;

static void hostile_load(hostile *h)
{
    make_hostile_survey(WORK "/h");
    trygg_errors *err = trygg_errors_new(20);
    trygg_status st = trygg_definition_load(WORK "/h/survey.trygg", &h->def, err);
    if (st == TRYGG_OK)
        st = trygg_survey_load(h->def, &h->sv, err);
    if (st == TRYGG_OK)
        st = trygg_estimate(h->sv, NULL, &h->res, err);
    trygg_change_options co;
    trygg_change_options_init(&co);
    if (st == TRYGG_OK)
        st = trygg_contrasts_compute(h->sv, &co, &h->con, err);
    if (st != TRYGG_OK)
        fail_msg("%s: %s", trygg_strerror(st), trygg_errors_count(err)
                 ? trygg_errors_get(err, 0)->message : "");
    trygg_errors_free(err);
}

static void hostile_free(hostile *h)
{
    trygg_changes_free(h->con);
    trygg_results_free(h->res);
    trygg_survey_free(h->sv);
    trygg_definition_free(h->def);
}

/* The value a spreadsheet must see as text: OWASP's leading quote. */
static const char *neutral(const char *name, char *buf, size_t size)
{
    int formula = name[0] && strchr("=+-@\t\r", name[0]);
    snprintf(buf, size, "%s%s", formula ? "'" : "", name);
    return buf;
}

static void test_csv_neutralised(void **state)
{
    (void)state;
    hostile h = {0};
    hostile_load(&h);
    assert_int_equal(trygg_results_write(h.res, WORK "/h/est.csv", TRYGG_FORMAT_CSV, NULL),
                     TRYGG_OK);
    ts_table *t = ts_table_read(WORK "/h/est.csv");
    size_t cd = ts_col(t, "domain"), cp = ts_col(t, "parent"), ce = ts_col(t, "estimate");
    size_t found[7] = {0};
    for (size_t r = 0; r < t->nrows; r++) {
        const char *dom = ts_cell(t, r, cd);
        char buf[128];
        for (int k = 0; k < 7; k++)
            found[k] += strcmp(dom, neutral(DISTRICTS[k], buf, sizeof buf)) == 0;
        assert_true(strcmp(dom, "=HYPERLINK(\"http://x\")") != 0);
        assert_true(dom[0] != '=' && dom[0] != '+' && dom[0] != '-' && dom[0] != '@');
        const char *par = ts_cell(t, r, cp);
        assert_true(par[0] != '@' && par[0] != '=');
        /* numbers are numbers: no quote in front */
        assert_true(ts_cell(t, r, ce)[0] != '\'');
    }
    for (int k = 0; k < 7; k++)
        if (found[k] != 2)   /* share_a and index */
            fail_msg("district %d found %zu times", k, found[k]);
    ts_table_free(t);
    /* a negative contrast is a number cell, never neutralised */
    assert_int_equal(trygg_contrasts_write(h.con, WORK "/h/con.csv", TRYGG_FORMAT_CSV, NULL),
                     TRYGG_OK);
    t = ts_table_read(WORK "/h/con.csv");
    size_t cdiff = ts_col(t, "difference");
    int negative = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const char *v = ts_cell(t, r, cdiff);
        assert_true(v[0] != '\'');
        negative += v[0] == '-' && ts_num(t, r, cdiff) < 0;
    }
    assert_true(negative > 0);
    ts_table_free(t);
    hostile_free(&h);
}

/* Runs python3 on `script` with arguments, without a shell (the names hold
 * tabs and CRs); its exit status, or -1 when python3 cannot run. */
static int python(const char *script, const char *const *args, size_t nargs)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        const char *argv[16] = {"python3", "-c", script};
        for (size_t i = 0; i < nargs && i < 12; i++)
            argv[3 + i] = args[i];
        execvp("python3", (char *const *)argv);
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) != 127 ? WEXITSTATUS(status) : -1;
}

static const char CHECK_JSON[] =
    "import json, sys\n"
    "rows = json.load(open(sys.argv[1], encoding='utf-8', errors='strict'))\n"
    "names = {r['domain'] for r in rows} | {r['parent'] for r in rows}\n"
    "sys.exit(0 if all(n in names for n in sys.argv[2:]) else 1)\n";

static void test_json_exact(void **state)
{
    (void)state;
    hostile h = {0};
    hostile_load(&h);
    assert_int_equal(trygg_results_write(h.res, WORK "/h/est.json", TRYGG_FORMAT_JSON, NULL),
                     TRYGG_OK);
    char *s = ts_slurp(WORK "/h/est.json");
    assert_null(strchr(s, '\t'));   /* control characters escaped */
    assert_null(strchr(s, '\r'));
    assert_non_null(strstr(s, "\"domain\": \"\\u0009Tab\""));
    assert_non_null(strstr(s, "\"domain\": \"=HYPERLINK(\\\"http://x\\\")\""));
    free(s);
    const char *args[10] = {WORK "/h/est.json"};
    size_t n = 1;
    for (int k = 0; k < 7; k++)
        args[n++] = DISTRICTS[k];
    args[n++] = MUNIS[0];
    args[n++] = MUNIS[1];
    int rc = python(CHECK_JSON, args, n);
    if (rc < 0) {
        hostile_free(&h);
        skip();   /* no python3 to parse the JSON back */
    }
    assert_int_equal(rc, 0);
    hostile_free(&h);
}

/* ---- UTF-8 --------------------------------------------------------------- */

static void test_utf8_strict(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t valid;   /* bytes of the valid prefix */
    } cases[] = {
        {"S\xC3\xB6" "dert\xC3\xA4lje", 12},
        {"\xF4\x8F\xBF\xBF", 4},         /* U+10FFFF */
        {"\xED\x9F\xBF", 3},             /* U+D7FF, below the surrogates */
        {"\xEE\x80\x80", 3},             /* U+E000, above them */
        {"ab\xED\xA0\x80", 2},           /* U+D800, an encoded surrogate */
        {"\xED\xBF\xBF", 0},             /* U+DFFF */
        {"\xC0\x80", 0},                 /* overlong NUL */
        {"\xC1\xBF", 0},                 /* overlong */
        {"\xE0\x80\xAF", 0},             /* overlong '/' */
        {"\xF0\x80\x80\xAF", 0},         /* overlong '/' */
        {"\xF4\x90\x80\x80", 0},         /* U+110000 */
        {"\xF5\x80\x80\x80", 0},
        {"x\xE2\x82", 1},                /* truncated € */
        {"\x80", 0},                     /* a stray continuation byte */
        {"abcdefgh\xFF", 8},             /* past the eight-byte ASCII path */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t got = trygg_utf8_valid(cases[i].s, strlen(cases[i].s));
        if (got != cases[i].valid)
            fail_msg("case %zu: %zu valid bytes, expected %zu", i, got, cases[i].valid);
    }
}

/* An encoded surrogate in a municipality name is the loader's UTF-8
 * error, at its line and field. */
static void test_surrogate_in_response_file(void **state)
{
    (void)state;
    trygg_errors *err = trygg_errors_new(10);
    trygg_definition *def = NULL;
    trygg_survey *sv = NULL;
    assert_int_equal(trygg_definition_load(MINI "/survey.trygg", &def, err), TRYGG_OK);
    const char *data = "id,year,kommun,omrade,stratum,vikt,kon,p_a,p_b\n"
                       "A1,2024,S\xED\xA0\x80,Hovsj\xC3\xB6,S1,10,1,3,2\n";
    assert_int_equal(trygg_survey_load_buffer(def, "2024_x.csv", data, strlen(data),
                                              &sv, err), TRYGG_ERR_PARSE);
    assert_null(sv);
    const trygg_diag *d = trygg_errors_get(err, 0);
    assert_non_null(d);
    assert_int_equal(d->line, 2);
    assert_int_equal(d->column, 3);
    assert_non_null(strstr(d->message, "not valid UTF-8"));
    trygg_definition_free(def);
    trygg_errors_free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_group_commits_together),
        cmocka_unit_test(test_group_not_committed),
        cmocka_unit_test(test_group_rolls_back),
        cmocka_unit_test(test_refused_targets),
        cmocka_unit_test(test_planted_temporaries),
        cmocka_unit_test(test_same_file_twice),
        cmocka_unit_test(test_csv_neutralised),
        cmocka_unit_test(test_json_exact),
        cmocka_unit_test(test_utf8_strict),
        cmocka_unit_test(test_surrogate_in_response_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
