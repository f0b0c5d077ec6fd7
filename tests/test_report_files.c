/* The report's folder through the built trygg: index.html escaped (and
 * checked in headless Chromium when it is installed), file names from one
 * slug rule, and a folder that is always the whole old report or the whole
 * new one: runs killed at random moments, two runs at once, SIGTERM. */
#define _XOPEN_SOURCE 700   /* nftw */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test_support.h"

#define MINI TRYGG_TEST_DIR "/data/mini"
#define REGION TRYGG_SOURCE_DIR "/fixtures/region/survey.trygg"
#define WORK TRYGG_BINARY_DIR "/report_files_test"

static const char *cli(void)
{
    const char *c = getenv("TRYGG_CLI");
    return c ? c : TRYGG_BINARY_DIR "/trygg";
}



static void sh(const char *cmd)
{
    if (system(cmd) != 0)
        fail_msg("failed: %s", cmd);
}

/* trygg with `args` (NULL-terminated), output to `log` (or /dev/null). */
static pid_t start(const char *const *args, const char *log)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        const char *argv[16] = {cli()};
        for (int i = 0; args[i] && i < 14; i++)
            argv[i + 1] = args[i];
        int fd = open(log ? log : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 1);
        dup2(fd, 2);
        execv(cli(), (char *const *)argv);
        _exit(127);
    }
    return pid;
}

static int finish(pid_t pid)
{
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Runs trygg; exit status, its output in *out (caller frees) if asked. */
static int run(const char *const *args, char **out)
{
    int rc = finish(start(args, WORK "/log.txt"));
    if (out)
        *out = ts_slurp(WORK "/log.txt");
    return rc;
}

/* ---- a folder's signature: its files, and the bytes of index.html and
 * of every PNG (PDFs carry their creation time) --------------------------- */

static char *sig_buf;
static size_t sig_len, sig_root;

static int add_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb, (void)ftw;
    const char *rel = path + sig_root;
    size_t n = strlen(rel), ext = n > 4 ? n - 4 : 0;
    uint64_t h = 1469598103934665603ull;
    if (type == FTW_F && (!strcmp(rel, "/index.html") || !strcmp(rel + ext, ".png"))) {
        char *bytes = ts_slurp(path);
        for (const char *p = bytes; p && *p; p++)
            h = (h ^ (unsigned char)*p) * 1099511628211ull;
        free(bytes);
    }
    sig_buf = realloc(sig_buf, sig_len + n + 40);
    sig_len += (size_t)sprintf(sig_buf + sig_len, "%s %016llx\n", rel, (unsigned long long)h);
    return 0;
}

static int cmp_lines(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted "path hash" lines of `dir`; "" when it does not exist. */
static char *signature(const char *dir)
{
    sig_buf = calloc(1, 1);
    sig_len = 0;
    sig_root = strlen(dir);
    if (access(dir, F_OK) == 0)
        assert_int_equal(nftw(dir, add_entry, 16, FTW_PHYS), 0);
    size_t n = 0;
    char *lines[4096];
    for (char *save = NULL, *t = strtok_r(sig_buf, "\n", &save); t && n < 4096;
         t = strtok_r(NULL, "\n", &save))
        lines[n++] = t;
    qsort(lines, n, sizeof *lines, cmp_lines);
    char *out = calloc(1, sig_len + 2);
    for (size_t i = 0; i < n; i++)
        strcat(strcat(out, lines[i]), "\n");
    free(sig_buf);
    return out;
}

/* What beside `dir` is not `dir` itself: private folders left behind. */
static int leftovers(const char *parent)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "ls -A '%s' | grep -c trygg-", parent);
    FILE *p = popen(cmd, "r");
    int n = -1;
    assert_int_equal(fscanf(p, "%d", &n), 1);
    pclose(p);
    return n;
}

/* ---- hostile names ------------------------------------------------------ */

static const char *const MUNIS[] = {"<script>alert(1)</script>",
                                    "<img src=x onerror=document.title='pwned'>",
                                    "@SUM(A1)"};

/* The mini survey with these municipalities (two districts each) and a
 * name that tries to close the title. */
static void hostile_survey(const char *dir, const char *const *munis, size_t nm,
                           const char *name)
{
    char cmd[1024], path[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s/data' && cp '%s'/*.csv '%s/'",
             dir, dir, MINI, dir);
    sh(cmd);
    snprintf(path, sizeof path, "%s/survey.trygg", dir);
    char def[2048];
    snprintf(def, sizeof def, "[survey]\nname = %s\nfiles = data/*.csv\nscales = scales.csv\n"
             "items = items.csv\nindicators = indicators.csv\n[columns]\nid = id\n"
             "year = year\nmunicipality = kommun\ndistrict = omrade\nstratum = stratum\n"
             "weight = vikt\nsex = kon\n[report]\nlevels = region municipality district\n"
             "min_n = 2\nunstable_n = 3\n", name);
    ts_write_file(path, def);
    size_t cap = 1 << 14, n = 0;
    char *rows = malloc(cap);
    n += (size_t)snprintf(rows, cap, "id,year,kommun,omrade,stratum,vikt,kon,p_a,p_b\n");
    for (size_t m = 0, id = 0; m < nm; m++)
        for (int r = 0; r < 8; r++, id++) {
            char q[256];
            size_t k = 0;
            q[k++] = '"';
            for (const char *s = munis[m]; *s && k < sizeof q - 3; s++) {
                if (*s == '"')
                    q[k++] = '"';
                q[k++] = *s;
            }
            q[k++] = '"';
            q[k] = 0;
            n += (size_t)snprintf(rows + n, cap - n, "R%zu,2024,%s,D%zu%c,S%d,%d,%d,%d,%d\n",
                                  id, q, m, r < 4 ? 'a' : 'b', r % 2 + 1, 10 + r, r % 2 + 1,
                                  r % 4 + 1, (r + 1) % 4 + 1);
        }
    snprintf(path, sizeof path, "%s/data/2024_x.csv", dir);
    ts_write_file(path, rows);
    free(rows);
}

/* Every href="..." in `html` is built of slug characters only. */
static void hrefs_are_slugs(const char *html)
{
    for (const char *p = html; (p = strstr(p, "href=\"")) != NULL;) {
        p += 6;
        size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789-./#%");
        if (p[n] != '"')
            fail_msg("href with '%c': %.40s", p[n], p);
    }
}

static void test_hostile_index(void **state)
{
    (void)state;
    hostile_survey(WORK "/h", MUNIS, 3, "</title><script>alert(2)</script>");
    char *out;
    const char *args[] = {"report", WORK "/h/survey.trygg", "--out", WORK "/h/out", "-q", NULL};
    int rc = run(args, &out);
    if (rc != 0)
        fail_msg("exit %d: %s", rc, out);
    free(out);
    char *html = ts_slurp(WORK "/h/out/index.html");
    assert_non_null(html);
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<img src=x"));
    assert_non_null(strstr(html, "<h2>&lt;script&gt;alert(1)&lt;/script&gt;</h2>"));
    assert_non_null(strstr(html, "&lt;img src=x onerror=document.title=&#39;pwned&#39;&gt;"));
    assert_non_null(strstr(html, "<title>&lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt;"));
    assert_non_null(strstr(html, "<html lang=\"sv\">"));
    assert_non_null(strstr(html, "href=\"script-alert-1-script.pdf\""));
    assert_non_null(strstr(html, "href=\"sum-a1.pdf\""));
    hrefs_are_slugs(html);
    /* every image has alt text */
    for (const char *p = html; (p = strstr(p, "<img ")) != NULL; p++) {
        const char *alt = strstr(p, "alt=\"");
        assert_true(alt && alt < strchr(p, '>') && alt[5] != '"');
    }
    free(html);
    struct stat sb;
    assert_int_equal(stat(WORK "/h/out/script-alert-1-script.pdf", &sb), 0);
    assert_int_equal(stat(WORK "/h/out/sum-a1/01.png", &sb), 0);
}

/* The DOM a browser builds: the names are text, no script from the data
 * ran (the onerror would set the title to "pwned"). */
static void test_hostile_in_chromium(void **state)
{
    (void)state;
    if (system("command -v chromium >/dev/null 2>&1") != 0) {
        fprintf(stderr, "skipped: no chromium (Debian's chromium) on this machine\n");
        skip();
    }
    hostile_survey(WORK "/c", MUNIS, 3, "</title><script>alert(2)</script>");
    const char *args[] = {"report", WORK "/c/survey.trygg", "--out", WORK "/c/out", "-q", NULL};
    assert_int_equal(run(args, NULL), 0);
    sh("rm -rf '" WORK "/c/profile' && mkdir -p '" WORK "/c/profile' && timeout 120 chromium "
       "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
       "--disable-background-networking --disable-component-update --disable-sync "
       "--user-data-dir='" WORK "/c/profile' --virtual-time-budget=3000 --dump-dom "
       "'file://" WORK "/c/out/index.html' > '" WORK "/c/dom.html' 2>/dev/null");
    char *dom = ts_slurp(WORK "/c/dom.html");
    assert_non_null(dom);
    assert_non_null(strstr(dom, "<h2>&lt;script&gt;alert(1)&lt;/script&gt;</h2>"));
    assert_non_null(strstr(dom, "<title>&lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt;"));
    assert_null(strstr(dom, "pwned</title>"));
    assert_null(strstr(dom, "<script"));
    assert_null(strstr(dom, "<img src=\"x\""));
    free(dom);
}

static void test_slugs(void **state)
{
    (void)state;
    const char *same[] = {"NACKA", "Nacka"};
    hostile_survey(WORK "/s", same, 2, "Slugs");
    char *out;
    const char *args[] = {"report", WORK "/s/survey.trygg", "--out", WORK "/s/out", "-q", NULL};
    assert_int_equal(run(args, &out), 1);
    if (!strstr(out, "municipalities 'NACKA' and 'Nacka' would both be written as nacka.pdf"))
        fail_msg("%s", out);
    free(out);
    assert_int_not_equal(access(WORK "/s/out", F_OK), 0);
    assert_int_equal(leftovers(WORK "/s"), 0);
    /* a name with nothing left for a file name gets its hash */
    const char *moscow[] = {"\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0"};
    hostile_survey(WORK "/m", moscow, 1, "Moskva");
    const char *margs[] = {"report", WORK "/m/survey.trygg", "--out", WORK "/m/out", "-q", NULL};
    assert_int_equal(run(margs, NULL), 0);
    char *html = ts_slurp(WORK "/m/out/index.html");
    const char *href = strstr(html, "href=\"x");
    assert_non_null(href);
    char pdf[4096];   /* the build folder is as long as it is */
    snprintf(pdf, sizeof pdf, WORK "/m/out/%.9s.pdf", href + 6);
    assert_int_equal(access(pdf, F_OK), 0);
    assert_null(strstr(html, "href=\".pdf\""));
    free(html);
}

/* --out naming a file, a link or a folder in a path of 1,500 bytes. */
static void test_out_paths(void **state)
{
    (void)state;
    sh("rm -rf '" WORK "/o' && mkdir -p '" WORK "/o/real'");
    ts_write_file(WORK "/o/file", "a file\n");
    assert_int_equal(symlink("real", WORK "/o/link"), 0);
    char *out;
    const char *a1[] = {"report", MINI "/survey.trygg", "--out", WORK "/o/file", "-q", NULL};
    assert_int_equal(run(a1, &out), 1);
    assert_non_null(strstr(out, WORK "/o/file: is a regular file, not a folder"));
    free(out);
    const char *a2[] = {"report", MINI "/survey.trygg", "--out", WORK "/o/link", "-q", NULL};
    assert_int_equal(run(a2, &out), 1);
    assert_non_null(strstr(out, WORK "/o/link: is a symbolic link, not a folder"));
    free(out);
    char *f = ts_slurp(WORK "/o/file");
    assert_string_equal(f, "a file\n");
    free(f);
    assert_int_equal(leftovers(WORK "/o"), 0);
    char deep[2048] = WORK "/o";
    while (strlen(deep) < 1500)
        strcat(deep, "/a-long-folder-name-of-fifty-characters-0123456789");
    char cmd[2200];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", deep);
    sh(cmd);
    strcat(deep, "/report");
    const char *a3[] = {"report", MINI "/survey.trygg", "--out", deep, "-q", NULL};
    assert_int_equal(run(a3, &out), 0);
    free(out);
    strcat(deep, "/sodertalje/02.png");
    assert_int_equal(access(deep, F_OK), 0);
}

/* A read-only file system (a tmpfs mounted so in a namespace of its own). */
static void test_read_only(void **state)
{
    (void)state;
    sh("rm -rf '" WORK "/ro' && mkdir -p '" WORK "/ro'");
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "unshare -rm sh -c 'mount -t tmpfs -o ro,size=64k none " WORK
             "/ro || exit 77; \"%s\" report " MINI "/survey.trygg --out " WORK "/ro/report -q;"
             " echo rc=$?' > " WORK "/ro.log 2>&1", cli());
    int rc = system(cmd);
    char *out = ts_slurp(WORK "/ro.log");
    if (rc != 0 || !strstr(out, "rc=")) {
        fprintf(stderr, "skipped: cannot mount a tmpfs here (%s)\n", out);
        free(out);
        skip();
    }
    if (!strstr(out, WORK "/ro/report: cannot create a folder beside it: Read-only file "
                "system") || !strstr(out, "rc=1"))
        fail_msg("%s", out);
    free(out);
}

/* ---- the folder: old or new, never a mix ---------------------------------- */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void sleep_for(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    nanosleep(&ts, NULL);
}

#define KDIR WORK "/k/report"

static const char *const *report_args(const char *lang)
{
    static const char *sv[] = {"report", MINI "/survey.trygg", "--out", KDIR, "--lang", "sv",
                               "-q", NULL};
    static const char *en[] = {"report", MINI "/survey.trygg", "--out", KDIR, "--lang", "en",
                               "-q", NULL};
    return strcmp(lang, "sv") == 0 ? sv : en;
}

/* The signatures of the whole Swedish and English reports, and how long
 * one run takes. */
static double references(char **sv, char **en)
{
    sh("rm -rf '" WORK "/k' && mkdir -p '" WORK "/k'");
    double t = now();
    assert_int_equal(run(report_args("en"), NULL), 0);
    t = now() - t;
    *en = signature(KDIR);
    assert_int_equal(run(report_args("sv"), NULL), 0);
    *sv = signature(KDIR);
    assert_string_not_equal(*sv, *en);
    assert_non_null(strstr(*sv, "/index.html "));
    return t;
}

static void expect_whole(const char *sig, const char *sv, const char *en, int round)
{
    if (strcmp(sig, sv) != 0 && strcmp(sig, en) != 0)
        fail_msg("round %d: the folder is neither report:\n%s", round, sig);
}

static void test_killed_runs(void **state)
{
    (void)state;
    char *sv, *en;
    double t = references(&sv, &en);
    srand(14);
    for (int i = 0; i < 20; i++) {
        pid_t pid = start(report_args(i % 2 ? "sv" : "en"), NULL);
        sleep_for(t * 1.2 * rand() / RAND_MAX);
        kill(pid, SIGKILL);
        finish(pid);
        char *sig = signature(KDIR);
        expect_whole(sig, sv, en, i);
        free(sig);
    }
    /* the next run removes what the killed ones left */
    assert_int_equal(run(report_args("sv"), NULL), 0);
    char *sig = signature(KDIR);
    assert_string_equal(sig, sv);
    free(sig);
    assert_int_equal(leftovers(WORK "/k"), 0);
    free(sv);
    free(en);
}

static void test_concurrent_runs(void **state)
{
    (void)state;
    char *sv, *en;
    references(&sv, &en);
    for (int i = 0; i < 3; i++) {
        pid_t a = start(report_args("sv"), NULL), b = start(report_args("en"), NULL);
        assert_int_equal(finish(a), 0);
        assert_int_equal(finish(b), 0);
        char *sig = signature(KDIR);
        expect_whole(sig, sv, en, i);
        free(sig);
        assert_int_equal(leftovers(WORK "/k"), 0);
    }
    free(sv);
    free(en);
}

/* SIGTERM in the middle of the region's report: no private folder or
 * temporary stays, the old report stays whole. */
static void test_sigterm(void **state)
{
    (void)state;
    sh("rm -rf '" WORK "/t' && mkdir -p '" WORK "/t'");
    const char *args[] = {"report", REGION, "--out", WORK "/t/report", "-q", NULL};
    double t = now();
    assert_int_equal(run(args, NULL), 0);
    t = now() - t;
    char *before = signature(WORK "/t/report");
    for (int i = 1; i <= 3; i++) {
        pid_t pid = start(args, NULL);
        sleep_for(t * 0.25 * i);
        kill(pid, SIGTERM);
        int rc = finish(pid);
        assert_true(rc == 128 + SIGTERM || rc == 0);
        assert_int_equal(leftovers(WORK "/t"), 0);
        char *after = signature(WORK "/t/report");
        assert_string_equal(after, before);
        free(after);
    }
    free(before);
}

int main(void)
{
    sh("mkdir -p '" WORK "'");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hostile_index),
        cmocka_unit_test(test_hostile_in_chromium),
        cmocka_unit_test(test_slugs),
        cmocka_unit_test(test_out_paths),
        cmocka_unit_test(test_read_only),
        cmocka_unit_test(test_killed_runs),
        cmocka_unit_test(test_concurrent_runs),
        cmocka_unit_test(test_sigterm),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
