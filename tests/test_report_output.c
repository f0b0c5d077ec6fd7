/* Output files: PNG signature and IHDR size, SVG header, PDF header and
 * page count ("/Type /Page" objects), and that files are written
 * atomically: a failed write leaves no file, no temporary and an older
 * file untouched. */
#include "test_support.h"
#include "trygg_report.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char g_dir[64];

static int setup(void **state)
{
    (void)state;
    strcpy(g_dir, "/tmp/trygg_report_test_XXXXXX");
    return mkdtemp(g_dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    DIR *d = opendir(g_dir);
    struct dirent *e;
    char p[512];
    while (d && (e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            unlink(ts_path(p, sizeof p, g_dir, e->d_name));
    if (d)
        closedir(d);
    return rmdir(g_dir);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    b[n] = 0;
    fclose(f);
    *len = (size_t)n;
    return b;
}

/* Files in the test folder whose name contains `part`. */
static int count_files(const char *part)
{
    DIR *d = opendir(g_dir);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)) != NULL)
        n += e->d_name[0] != '.' && strstr(e->d_name, part) != NULL;
    closedir(d);
    return n;
}

static trygg_report_bar g_bar[2];
static trygg_report_comparison g_cmp;
static trygg_report_trend g_trend;
static trygg_report_cover g_cover;
static const int g_years[] = {2022, 2023, 2024};
static trygg_report_value g_vals[3];

static void make_models(void)
{
    trygg_report_comparison_init(&g_cmp);
    for (size_t i = 0; i < 2; i++) {
        trygg_report_bar_init(&g_bar[i]);
        g_bar[i].label = i ? "Rånäs" : "Älmsta";
        g_bar[i].value = (trygg_report_value){0.2 + 0.1 * i, 0.15, 0.4, 0};
    }
    g_cmp.frame.width = 400;
    g_cmp.frame.height = 300;
    g_cmp.frame.title = "Otrygghet i Norrtälje";
    g_cmp.districts = g_bar;
    g_cmp.ndistricts = 2;
    trygg_report_trend_init(&g_trend);
    for (size_t i = 0; i < 3; i++)
        g_vals[i] = (trygg_report_value){0.3 + 0.02 * i, 0.25, 0.4, 0};
    g_trend.frame.width = 595; /* a portrait page in the same PDF */
    g_trend.frame.height = 842;
    g_trend.years = g_years;
    g_trend.nyears = 3;
    g_trend.area = g_vals;
    g_trend.area_label = "Älmsta";
    trygg_report_cover_init(&g_cover);
    g_cover.frame.title = "Trygghetsmätning 2024";
}

static trygg_report_chart chart_cmp(void)
{
    trygg_report_chart c = {TRYGG_REPORT_CHART_COMPARISON,
                            {.comparison = &g_cmp}};
    return c;
}

static unsigned be32(const unsigned char *p)
{
    return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 |
           p[3];
}

static void check_png(const char *path, unsigned w, unsigned h)
{
    size_t n;
    unsigned char *b = (unsigned char *)slurp(path, &n);
    static const unsigned char sig[] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A,
                                        0x1A, 0x0A};
    assert_true(n > 33);
    assert_memory_equal(b, sig, 8);
    assert_memory_equal(b + 12, "IHDR", 4);
    assert_int_equal(be32(b + 16), w);
    assert_int_equal(be32(b + 20), h);
    free(b);
}

static void test_png(void **state)
{
    (void)state;
    char path[512];
    make_models();
    trygg_report_chart c = chart_cmp();
    ts_path(path, sizeof path, g_dir, "cmp.png");
    assert_int_equal(trygg_report_write_png(&c, 1, path), TRYGG_REPORT_OK);
    check_png(path, 400, 300);
    assert_int_equal(trygg_report_write_png(&c, 2, path), TRYGG_REPORT_OK);
    check_png(path, 800, 600); /* replaced in place */
    assert_int_equal(trygg_report_write_png(&c, 0, path), TRYGG_REPORT_OK);
    check_png(path, 400, 300); /* scale 0 means 1 */
    assert_int_equal(trygg_report_write_png(&c, 100, path),
                     TRYGG_REPORT_ERR_ARGUMENT);
    assert_int_equal(count_files(".tmp"), 0);
}

static void test_svg(void **state)
{
    (void)state;
    char path[512];
    size_t n;
    make_models();
    trygg_report_chart c = chart_cmp();
    ts_path(path, sizeof path, g_dir, "cmp.svg");
    assert_int_equal(trygg_report_write_svg(&c, path), TRYGG_REPORT_OK);
    char *b = slurp(path, &n);
    assert_true(strncmp(b, "<?xml", 5) == 0);
    assert_non_null(strstr(b, "<svg"));
    assert_non_null(strstr(b, "width=\"400pt\""));
    assert_non_null(strstr(b, "</svg>"));
    free(b);
}

/* Binary-safe search (PDF streams hold NUL bytes). */
static int has(const char *b, size_t n, const char *s)
{
    size_t k = strlen(s);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(b + i, s, k) == 0)
            return 1;
    return 0;
}

/* Page objects: "/Type /Page" not followed by "s" (that is /Pages). */
static int pdf_pages(const char *b, size_t n)
{
    int count = 0;
    const char *key = "/Type /Page";
    size_t k = strlen(key);
    for (size_t i = 0; i + k < n; i++)
        if (memcmp(b + i, key, k) == 0 && b[i + k] != 's')
            count++;
    return count;
}

static void test_pdf(void **state)
{
    (void)state;
    char path[512];
    size_t n;
    make_models();
    trygg_report_chart pages[3] = {
        {TRYGG_REPORT_CHART_COVER, {.cover = &g_cover}},
        chart_cmp(),
        {TRYGG_REPORT_CHART_TREND, {.trend = &g_trend}}};
    ts_path(path, sizeof path, g_dir, "report.pdf");
    assert_int_equal(trygg_report_write_pdf(pages, 3, path), TRYGG_REPORT_OK);
    char *b = slurp(path, &n);
    assert_true(strncmp(b, "%PDF-", 5) == 0);
    assert_int_equal(pdf_pages(b, n), 3);
    assert_true(has(b, n, "/MediaBox [ 0 0 595 842 ]"));
    assert_true(has(b, n, "/MediaBox [ 0 0 400 300 ]"));
    assert_true(has(b, n, "%%EOF"));
    free(b);
    assert_int_equal(trygg_report_write_pdf(pages, 1, path), TRYGG_REPORT_OK);
    b = slurp(path, &n);
    assert_int_equal(pdf_pages(b, n), 1);
    free(b);
    assert_int_equal(trygg_report_write_pdf(pages, 0, path),
                     TRYGG_REPORT_ERR_ARGUMENT);
}

static void test_atomic(void **state)
{
    (void)state;
    char path[512], bad[512];
    size_t n1, n2;
    make_models();
    trygg_report_chart c = chart_cmp();
    ts_path(path, sizeof path, g_dir, "keep.pdf");
    trygg_report_chart pages[2] = {c, c};
    assert_int_equal(trygg_report_write_pdf(pages, 1, path), TRYGG_REPORT_OK);
    char *before = slurp(path, &n1);
    /* The second page is invalid: the error comes after the file was
     * opened and a page drawn, and the old file must survive. */
    static trygg_report_comparison broken;
    broken = g_cmp;
    broken.districts = NULL;
    pages[1].m.comparison = &broken;
    assert_int_equal(trygg_report_write_pdf(pages, 2, path),
                     TRYGG_REPORT_ERR_ARGUMENT);
    char *after = slurp(path, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(before, after, n1);
    free(before);
    free(after);
    assert_int_equal(count_files(".tmp"), 0);
    /* A folder that does not exist: an I/O error, nothing written. */
    ts_path(bad, sizeof bad, g_dir, "no/such/dir/x.png");
    assert_int_equal(trygg_report_write_png(&c, 1, bad), TRYGG_REPORT_ERR_IO);
    assert_int_equal(trygg_report_write_svg(&c, bad), TRYGG_REPORT_ERR_IO);
    /* An invalid model: no file at all. */
    ts_path(path, sizeof path, g_dir, "never.png");
    g_cmp.frame.width = -1;
    assert_int_equal(trygg_report_write_png(&c, 1, path),
                     TRYGG_REPORT_ERR_ARGUMENT);
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(count_files("never"), 0);
    assert_int_equal(count_files(".tmp"), 0);
}

static void test_strerror(void **state)
{
    (void)state;
    for (int s = TRYGG_REPORT_OK; s <= TRYGG_REPORT_ERR_CAIRO; s++)
        assert_true(*trygg_report_strerror((trygg_report_status)s));
    assert_string_equal(trygg_report_strerror((trygg_report_status)99),
                        "unknown status");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_png),     cmocka_unit_test(test_svg),
        cmocka_unit_test(test_pdf),     cmocka_unit_test(test_atomic),
        cmocka_unit_test(test_strerror),
    };
    int failed = cmocka_run_group_tests(tests, setup, teardown);
    /* Cairo's font cache holds fontconfig patterns; release them so that
     * valgrind reports only what the library itself leaked. */
    cairo_debug_reset_static_data();
    return failed;
}
