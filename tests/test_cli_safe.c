/* Safe publication as a user meets it, through the built trygg: outputs
 * that are links, devices or FIFOs refused with their names and left as
 * they were, inputs that are FIFOs failing at once, several outputs
 * replaced together or not at all (a full disk changes nothing). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test_support.h"

#define MINI TRYGG_TEST_DIR "/data/mini/survey.trygg"
#define REGION TRYGG_SOURCE_DIR "/fixtures/region/survey.trygg"
#define WORK TRYGG_BINARY_DIR "/cli_safe_test"

static const char *cli(void)
{
    const char *c = getenv("TRYGG_CLI");
    return c ? c : TRYGG_BINARY_DIR "/trygg";
}

/* Runs `cmd` (a shell command; "@" stands for the trygg binary) with
 * stdout and stderr into *out; its exit status. */
static int shell(const char *cmd, char **out)
{
    size_t n = strlen(cmd) + 16 * strlen(cli()) + 64;
    char *full = malloc(n), *o = full;
    for (const char *p = cmd; *p; p++)
        o = *p == '@' ? o + sprintf(o, "'%s'", cli()) : (*o = *p, o + 1);
    strcpy(o, " 2>&1");
    FILE *p = popen(full, "r");
    free(full);
    assert_non_null(p);
    size_t cap = 1 << 16, len = 0, got;
    char *buf = malloc(cap);
    while ((got = fread(buf + len, 1, cap - len - 1, p)) > 0)
        if ((len += got) + 1 == cap)
            buf = realloc(buf, cap *= 2);
    buf[len] = 0;
    int status = pclose(p);
    *out = buf;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}



static void fresh(void)
{
    assert_int_equal(system("rm -rf '" WORK "' && mkdir -p '" WORK "'"), 0);
}

static void expect(int rc, int want, const char *out, const char *part)
{
    if (rc != want || !strstr(out, part))
        fail_msg("exit %d (expected %d), output:\n%s\n(expected ...%s...)", rc, want,
                 out, part);
}

/* Runs `cmd` (as shell()) and expects exit `want` and `part` in its output. */
static void run_expect(const char *cmd, int want, const char *part)
{
    char *out;
    int rc = shell(cmd, &out);
    expect(rc, want, out, part);
    free(out);
}

static void expect_file(const char *path, const char *text)
{
    char *s = ts_slurp(path);
    if (!s || strcmp(s, text) != 0)
        fail_msg("%s holds '%s', expected '%s'", path, s ? s : "(nothing)", text);
    free(s);
}

static void test_outputs_refused(void **state)
{
    (void)state;
    fresh();
    ts_write_file(WORK "/victim", "precious\n");
    assert_int_equal(symlink("victim", WORK "/link.csv"), 0);
    assert_int_equal(mkfifo(WORK "/fifo.csv", 0600), 0);
    run_expect("@ estimate " MINI " --out " WORK "/link.csv", 1,
               WORK "/link.csv: is a symbolic link: trygg replaces only regular files; "
               "remove it or name another file");
    run_expect("@ estimate " MINI " --out /dev/null", 1, "/dev/null: is a character device");
    run_expect("timeout 20 @ estimate " MINI " --out " WORK "/fifo.csv", 1,
               WORK "/fifo.csv: is a FIFO (named pipe)");
    run_expect("@ estimate " MINI " --out " WORK "/e.csv --changes " WORK "/./e.csv", 2,
               "named twice among the outputs");
    expect_file(WORK "/victim", "precious\n");
    struct stat sb;
    assert_int_equal(stat("/dev/null", &sb), 0);
    assert_true(S_ISCHR(sb.st_mode));
    char *ls;
    shell("ls -A '" WORK "'", &ls);
    assert_string_equal(ls, "fifo.csv\nlink.csv\nvictim\n");   /* nothing new */
    free(ls);
}

/* weights --out W --report R with R a link: neither file is written. */
static void test_weights_together(void **state)
{
    (void)state;
    fresh();
    ts_write_file(WORK "/w.csv", "old weights\n");
    ts_write_file(WORK "/victim", "precious\n");
    assert_int_equal(symlink("victim", WORK "/r.csv"), 0);
    run_expect("@ weights " MINI " --out " WORK "/w.csv --report " WORK "/r.csv", 1,
               "r.csv: is a symbolic link");
    expect_file(WORK "/w.csv", "old weights\n");
    expect_file(WORK "/victim", "precious\n");
    unlink(WORK "/r.csv");
    run_expect("@ weights " MINI " --out " WORK "/w.csv --report " WORK "/r.csv", 0, "wrote");
    char *w = ts_slurp(WORK "/w.csv"), *r = ts_slurp(WORK "/r.csv");
    assert_memory_equal(w, "year,respondent,", 16);
    assert_memory_equal(r, "year,weighting,", 15);
    free(w);
    free(r);
}

static void test_fifo_input(void **state)
{
    (void)state;
    fresh();
    char *out;
    assert_int_equal(shell("cp -r '" TRYGG_TEST_DIR "/data/mini' '" WORK "/s' && mkfifo '"
                           WORK "/s/data/2024_x.csv'", &out), 0);
    free(out);
    time_t t = time(NULL);
    run_expect("timeout 20 @ estimate " WORK "/s/survey.trygg --out " WORK "/e.csv", 1,
               WORK "/s/data/2024_x.csv: is a FIFO (named pipe), not a file");
    assert_true(time(NULL) - t < 5);
    assert_null(ts_slurp(WORK "/e.csv"));
}

/* A tmpfs of 64 KB in a mount namespace of its own (user namespaces, or
 * root); the estimates of the region are about 1 MB. */
static void test_full_disk(void **state)
{
    (void)state;
    fresh();
    assert_int_equal(mkdir(WORK "/m", 0700), 0);
    char *out;
    int rc = shell("unshare -rm sh -c 'mount -t tmpfs -o size=64k none " WORK "/m || exit 77;"
                   " printf oldE > " WORK "/m/E.csv; printf oldC > " WORK "/m/C.csv;"
                   " @ estimate " REGION " --out " WORK "/m/E.csv --changes " WORK "/m/C.csv;"
                   " echo \"rc=$?\"; cat " WORK "/m/E.csv " WORK "/m/C.csv; echo;"
                   " ls -A " WORK "/m | wc -l'", &out);
    if (rc != 0 || !strstr(out, "rc=")) {
        fprintf(stderr, "skipped: cannot mount a tmpfs here (%s)\n", out);
        free(out);
        skip();
    }
    expect(0, 0, out, "No space left on device");
    expect(0, 0, out, "rc=1\noldEoldC\n2\n");   /* both old, no temporary */
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_outputs_refused),
        cmocka_unit_test(test_weights_together),
        cmocka_unit_test(test_fifo_input),
        cmocka_unit_test(test_full_disk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
