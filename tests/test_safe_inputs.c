/* Inputs that would hang or balloon: a FIFO as a response, definition or
 * population file fails at once naming its path, and a 200 MB field is
 * rejected as the parser passes the 64 KB limit, without reading the file
 * whole. Each test runs under an alarm: a load that blocks fails it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "test_support.h"
#include "trygg.h"

#define WORK TRYGG_BINARY_DIR "/safe_inputs_test"
#define MINI TRYGG_TEST_DIR "/data/mini"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A copy of the mini survey in `dir` (its data file left out when
 * `with_data` is 0), with `extra` appended to survey.trygg. */
static void mini_copy(const char *dir, int with_data, const char *extra)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s/data' && cp '%s'/*.csv "
             "'%s'/survey.trygg '%s/' %s%s%s && printf '%%s' '%s' >> '%s/survey.trygg'",
             dir, dir, MINI, MINI, dir, with_data ? "&& cp '" MINI "/data/'*.csv '" : "",
             with_data ? dir : "", with_data ? "/data/'" : "", extra, dir);
    assert_int_equal(system(cmd), 0);
}

/* The first diagnostic, which must name `file` and say `what`. */
static void expect_diag(const trygg_errors *err, const char *file, const char *what)
{
    const trygg_diag *d = trygg_errors_get(err, 0);
    assert_non_null(d);
    if (strcmp(d->file, file) != 0 || !strstr(d->message, what))
        fail_msg("%s: %s (expected %s: ...%s...)", d->file, d->message, file, what);
}

static void test_fifo_response_file(void **state)
{
    (void)state;
    mini_copy(WORK "/r", 1, "");
    assert_int_equal(mkfifo(WORK "/r/data/2024_fifo.csv", 0600), 0);
    trygg_errors *err = trygg_errors_new(10);
    trygg_definition *def = NULL;
    trygg_survey *sv = NULL;
    alarm(10);
    double t = now();
    assert_int_equal(trygg_definition_load(WORK "/r/survey.trygg", &def, err), TRYGG_OK);
    assert_int_not_equal(trygg_survey_load(def, &sv, err), TRYGG_OK);
    assert_true(now() - t < 1.0);
    alarm(0);
    assert_null(sv);
    expect_diag(err, WORK "/r/data/2024_fifo.csv", "is a FIFO (named pipe), not a file");
    trygg_definition_free(def);
    trygg_errors_free(err);
}

static void test_fifo_definition_and_population(void **state)
{
    (void)state;
    mini_copy(WORK "/d", 1, "[weighting]\nmethod = poststrat\n"
                            "population = population.csv\nmargins = municipality\n");
    assert_int_equal(mkfifo(WORK "/d/population.csv", 0600), 0);
    assert_int_equal(mkfifo(WORK "/d/fifo.trygg", 0600), 0);
    trygg_errors *err = trygg_errors_new(10);
    trygg_definition *def = NULL;
    trygg_survey *sv = NULL;
    trygg_results *res = NULL;
    alarm(10);
    assert_int_equal(trygg_definition_load(WORK "/d/fifo.trygg", &def, err), TRYGG_ERR_IO);
    expect_diag(err, WORK "/d/fifo.trygg", "is a FIFO (named pipe), not a file");
    trygg_errors_clear(err);
    assert_int_equal(trygg_definition_load(WORK "/d/survey.trygg", &def, err), TRYGG_OK);
    assert_int_equal(trygg_survey_load(def, &sv, err), TRYGG_OK);
    assert_int_not_equal(trygg_estimate(sv, NULL, &res, err), TRYGG_OK);
    alarm(0);
    expect_diag(err, WORK "/d/population.csv", "is a FIFO (named pipe), not a file");
    trygg_results_free(res);
    trygg_survey_free(sv);
    trygg_definition_free(def);
    trygg_errors_free(err);
}

static void test_device_and_folder_inputs(void **state)
{
    (void)state;
    trygg_errors *err = trygg_errors_new(10);
    trygg_definition *def = NULL;
    alarm(10);
    assert_int_equal(trygg_definition_load("/dev/zero", &def, err), TRYGG_ERR_IO);
    expect_diag(err, "/dev/zero", "is a character device");
    trygg_errors_clear(err);
    assert_int_equal(trygg_definition_load(MINI, &def, err), TRYGG_ERR_IO);
    expect_diag(err, MINI, "is a folder, not a file");
    alarm(0);
    trygg_errors_free(err);
}

static long max_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* A response file whose second row holds a 200 MB field: written sparse
 * (the header and the row's start, then a hole of 200 MB that reads as
 * NUL bytes), so it costs no disk. */
static void test_huge_field_stops_early(void **state)
{
    (void)state;
    mini_copy(WORK "/f", 0, "");
    const char *path = WORK "/f/data/2024_sodertalje.csv";
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    const char *start = "id,year,kommun,omrade,stratum,vikt,kon,p_a,p_b\n"
                        "A1,2024,S\xC3\xB6" "dert\xC3\xA4lje,";
    assert_int_equal(write(fd, start, strlen(start)), (ssize_t)strlen(start));
    assert_int_equal(ftruncate(fd, (off_t)200 << 20), 0);
    close(fd);
    trygg_errors *err = trygg_errors_new(10);
    trygg_definition *def = NULL;
    trygg_survey *sv = NULL;
    assert_int_equal(trygg_definition_load(WORK "/f/survey.trygg", &def, err), TRYGG_OK);
    long rss = max_rss_kb();
    alarm(30);
    double t = now();
    assert_int_equal(trygg_survey_load(def, &sv, err), TRYGG_ERR_LIMIT);
    double took = now() - t;
    alarm(0);
    /* the time is a bound for a plain build; valgrind is 50 times slower */
    const char *pre = getenv("LD_PRELOAD");
    if (took >= (pre && strstr(pre, "vgpreload") ? 20.0 : 1.0))
        fail_msg("the 200 MB field took %.2f s to reject", took);
    assert_true(max_rss_kb() - rss < 64 * 1024);   /* far from 200 MB */
    const trygg_diag *d = trygg_errors_get(err, 0);
    assert_non_null(d);
    assert_string_equal(d->file, path);
    assert_int_equal(d->line, 2);
    assert_int_equal(d->column, 4);
    assert_string_equal(d->message, "field longer than the 65536 bytes allowed");
    trygg_definition_free(def);
    trygg_errors_free(err);
    unlink(path);
}

/* A table with a quoted field that runs over many short lines is stopped
 * as well (the limit is checked after every piece, not only long lines). */
static void test_long_quoted_field_over_lines(void **state)
{
    (void)state;
    mini_copy(WORK "/q", 1, "");
    FILE *f = fopen(WORK "/q/items.csv", "wb");
    assert_non_null(f);
    fputs("item,scale,label_sv,label_en,group,tags\np_a,problem,\"", f);
    for (int i = 0; i < 20000; i++)
        fputs("a line of text\n", f);
    fputs("\",Litter,problem,\np_b,problem,x,Vandalism,problem,\n", f);
    fclose(f);
    trygg_errors *err = trygg_errors_new(10);
    trygg_definition *def = NULL;
    assert_int_equal(trygg_definition_load(WORK "/q/survey.trygg", &def, err),
                     TRYGG_ERR_LIMIT);
    expect_diag(err, WORK "/q/items.csv", "field longer than the 65536 bytes allowed");
    trygg_errors_free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fifo_response_file),
        cmocka_unit_test(test_fifo_definition_and_population),
        cmocka_unit_test(test_device_and_folder_inputs),
        cmocka_unit_test(test_huge_field_stops_early),
        cmocka_unit_test(test_long_quoted_field_over_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
