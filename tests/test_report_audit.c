/* The fixture region with every table written, audited as an attacker would
 * (trygg audit), at min_n 30, 100 and 300: no suppressed cell can be worked
 * out, and the report (which audits its own tables before it writes) is
 * written. At 30 nothing is suppressed; at 100 a few dozen cells are; at
 * 300 thousands, with their complements across levels and crossings. Named
 * test_report_* so that CI does not run these processes under valgrind. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"

#define REGION TRYGG_SOURCE_DIR "/fixtures/region"

/* A copy of the fixture region in `dir` with min_n = n. */
static void region_copy(const char *dir, int n)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "cp -r '%s/.' '%s' && sed -i 's/^min_n = 30$/min_n = %d/' "
             "'%s/survey.trygg' && grep -q '^min_n = %d$' '%s/survey.trygg'",
             REGION, dir, n, dir, n, dir);
    if (system(cmd) != 0)
        fail_msg("cannot copy the fixtures into %s", dir);
}

static void run(const char *args, int want, char **out)
{
    int rc = ts_run_cli(args, out);
    if (rc != want)
        fail_msg("trygg %s: exit %d (want %d):\n%s", args, rc, want, *out);
}

/* "trygg audit: D disclosures, N narrow bounds; P protected cells ...": D, N, P. */
static void summary(const char *out, long *d, long *nb, long *prot)
{
    const char *s = strstr(out, "trygg audit: ");
    if (!s || sscanf(s, "trygg audit: %ld disclosures, %ld narrow bounds; %ld protected",
                     d, nb, prot) != 3)
        fail_msg("no summary in:\n%s", out);
}

static void audit_at(int min_n, long min_protected)
{
    char dir[512], args[4096], *out = NULL;
    ts_temp_dir("report_audit", dir, sizeof dir);
    region_copy(dir, min_n);
    static const char *const tables[][2] = {
        {"estimate", "estimates.csv"}, {"change --all-years", "changes.csv"},
        {"trend", "trends.csv"}, {"contrast", "contrasts.csv"},
        {"priorities --all", "priorities.csv"}};
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        snprintf(args, sizeof args, "%s '%s/survey.trygg' --out '%s/%s' --quiet",
                 tables[i][0], dir, dir, tables[i][1]);
        run(args, 0, &out);
        free(out);
    }
    snprintf(args, sizeof args, "audit '%s/survey.trygg' '%s/estimates.csv' "
             "'%s/changes.csv' '%s/trends.csv' '%s/contrasts.csv' '%s/priorities.csv'",
             dir, dir, dir, dir, dir, dir);
    run(args, 0, &out);
    long d, nb, prot;
    summary(out, &d, &nb, &prot);
    assert_int_equal(d, 0);
    assert_int_equal(nb, 0);
    if (prot < min_protected)
        fail_msg("min_n %d: only %ld protected cells (expected at least %ld)", min_n, prot,
                 min_protected);
    free(out);
    if (min_n == 300) {   /* the report's own audit lets it write */
        snprintf(args, sizeof args, "report '%s/survey.trygg' --out '%s/report' --quiet",
                 dir, dir);
        run(args, 0, &out);
        free(out);
        char pdf[700];
        snprintf(pdf, sizeof pdf, "%s/report/nacka.pdf", dir);
        assert_true(ts_exists(pdf));
    }
    ts_remove_tree(dir);
}

static void test_min_n_30(void **unused)
{
    (void)unused;
    audit_at(30, 0);
}

static void test_min_n_100(void **unused)
{
    (void)unused;
    audit_at(100, 20);
}

static void test_min_n_300(void **unused)
{
    (void)unused;
    audit_at(300, 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_min_n_30),
        cmocka_unit_test(test_min_n_100),
        cmocka_unit_test(test_min_n_300),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
