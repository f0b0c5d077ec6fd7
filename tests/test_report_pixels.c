/* Drawing agrees with the layout: on small fixed charts, read the ARGB
 * image back and check colours just inside and just outside the places
 * the layout computed (bar ends, whisker ends, bar tops), and that a
 * suppressed value never gets a bar. */
#include "test_support.h"
#include "trygg_report.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define W 480
#define H 320

typedef struct {
    int r, g, b;
} rgb;

static const rgb BLUE = {0, 114, 178}, WHITE = {255, 255, 255},
                 ORANGE = {230, 159, 0};

static cairo_surface_t *g_surf;
static cairo_t *g_cr;

static int setup(void **state)
{
    (void)state;
    g_surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, W, H);
    g_cr = cairo_create(g_surf);
    return cairo_status(g_cr) == CAIRO_STATUS_SUCCESS ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    cairo_destroy(g_cr);
    cairo_surface_destroy(g_surf);
    return 0;
}

static rgb pixel(double x, double y)
{
    cairo_surface_flush(g_surf);
    const unsigned char *d = cairo_image_surface_get_data(g_surf);
    int stride = cairo_image_surface_get_stride(g_surf);
    int ix = (int)floor(x), iy = (int)floor(y);
    assert_true(ix >= 0 && ix < W && iy >= 0 && iy < H);
    uint32_t p;
    memcpy(&p, d + iy * stride + ix * 4, 4);
    assert_int_equal(p >> 24, 255); /* the page is opaque */
    rgb c = {(int)(p >> 16) & 255, (int)(p >> 8) & 255, (int)p & 255};
    return c;
}

static void expect(double x, double y, rgb want, const char *what)
{
    rgb c = pixel(x, y);
    if (abs(c.r - want.r) > 2 || abs(c.g - want.g) > 2 || abs(c.b - want.b) > 2)
        fail_msg("%s at (%.1f, %.1f): got %d,%d,%d want %d,%d,%d", what, x, y,
                 c.r, c.g, c.b, want.r, want.g, want.b);
}

static int is(rgb c, rgb w)
{
    return abs(c.r - w.r) <= 2 && abs(c.g - w.g) <= 2 && abs(c.b - w.b) <= 2;
}

/* A thin antialiased line: some pixel of the 3 × 3 around (x, y) is a
 * dark grey (the whisker colour, partly covered). */
static void expect_line(double x, double y, const char *what)
{
    for (int dx = -1; dx <= 1; dx++)
        for (int dy = -1; dy <= 1; dy++) {
            rgb p = pixel(x + dx, y + dy);
            if (p.r == p.g && p.g == p.b && p.r < 140)
                return;
        }
    fail_msg("%s: no dark line near (%.1f, %.1f)", what, x, y);
}

/* Lays out and draws c on the image; the caller frees the layout. */
static trygg_report_layout *render(const trygg_report_chart *c)
{
    trygg_report_layout *L = NULL;
    assert_int_equal(trygg_report_layout_new(g_cr, c, &L), TRYGG_REPORT_OK);
    assert_int_equal(trygg_report_render(g_cr, c, L), TRYGG_REPORT_OK);
    return L;
}

static trygg_report_bar g_bars[4];
static trygg_report_comparison g_cmp;

/* Four rows on a fixed 0–1 axis: 0.5 without CI, 0.3 with CI 0.2–0.8,
 * a suppressed one and an unstable one. */
static trygg_report_chart make_bars(void)
{
    trygg_report_value v[] = {{0.5, NAN, NAN, 0},
                              {0.3, 0.2, 0.8, 0},
                              {NAN, NAN, NAN, TRYGG_REPORT_SUPPRESSED},
                              {0.6, NAN, NAN, TRYGG_REPORT_UNSTABLE}};
    const char *names[] = {"Älmsta", "Rånäs", "Hallunda-Norsborg",
                           "Södertälje centrum"};
    trygg_report_comparison_init(&g_cmp);
    for (size_t i = 0; i < 4; i++) {
        trygg_report_bar_init(&g_bars[i]);
        g_bars[i].label = names[i];
        g_bars[i].value = v[i];
    }
    g_cmp.frame.width = W;
    g_cmp.frame.height = H;
    g_cmp.scale.min = 0;
    g_cmp.scale.max = 1;
    g_cmp.sort = TRYGG_REPORT_SORT_NONE;
    g_cmp.districts = g_bars;
    g_cmp.ndistricts = 4;
    trygg_report_chart c = {TRYGG_REPORT_CHART_COMPARISON,
                            {.comparison = &g_cmp}};
    return c;
}

static void test_bar_end(void **state)
{
    (void)state;
    trygg_report_chart c = make_bars();
    trygg_report_layout *L = render(&c);
    const trygg_report_rect r = L->rows[0].r;
    double cy = r.y + r.h / 2;
    double x0 = trygg_report_axis_map(&L->axis, 0);
    double x = trygg_report_axis_map(&L->axis, 0.5);
    ts_assert_close(x, L->plot.x + L->plot.w / 2, 1e-12, 1e-9, "0.5 mid-axis");
    expect(x - 2, cy, BLUE, "bar just inside its end");
    expect(x + 3, cy, WHITE, "background just outside the bar's end");
    expect(x0 + 2, cy, BLUE, "bar just inside its start");
    expect(x0 - 3, cy, WHITE, "background left of the axis");
    trygg_report_layout_free(L);
}

static void test_whisker(void **state)
{
    (void)state;
    trygg_report_chart c = make_bars();
    trygg_report_layout *L = render(&c);
    const trygg_report_rect r = L->rows[1].r;
    double cy = r.y + r.h / 2;
    double hi = trygg_report_axis_map(&L->axis, 0.8);
    expect_line(trygg_report_axis_map(&L->axis, 0.6), cy, "whisker line");
    expect_line(hi, cy - 3, "whisker cap");
    expect(hi + 3, cy, WHITE, "nothing beyond the CI end");
    expect(trygg_report_axis_map(&L->axis, 0.25), cy - 4, BLUE, "bar");
    trygg_report_layout_free(L);
}

static void test_suppressed_has_no_bar(void **state)
{
    (void)state;
    trygg_report_chart c = make_bars();
    trygg_report_layout *L = render(&c);
    const trygg_report_rect r = L->rows[2].r;
    for (double y = r.y + 1; y < r.y + r.h - 1; y += 1)
        for (double x = L->plot.x; x < L->plot.x + L->plot.w; x += 1)
            assert_false(is(pixel(x, y), BLUE));
    /* The text is there: some dark-grey pixels right of the axis start. */
    int ink = 0;
    for (double x = L->plot.x; x < L->plot.x + L->plot.w / 2; x += 1) {
        rgb p = pixel(x, r.y + r.h / 2);
        ink += p.r < 200 && p.r == p.g && p.g == p.b;
    }
    assert_true(ink > 3);
    trygg_report_layout_free(L);
}

static void test_unstable_is_hatched(void **state)
{
    (void)state;
    trygg_report_chart c = make_bars();
    trygg_report_layout *L = render(&c);
    const trygg_report_rect r = L->rows[3].r;
    double cy = r.y + r.h / 2;
    double x1 = trygg_report_axis_map(&L->axis, 0.6);
    int blue = 0, light = 0;
    for (double x = L->plot.x + 4; x < x1 - 4; x += 1) {
        rgb p = pixel(x, cy);
        blue += p.b > 150 && p.r < 60;
        light += p.r > 180 && p.b > 220 && !is(p, WHITE);
    }
    assert_true(blue > 5 && light > 5); /* stripes of both */
    expect(x1 + 3, cy, WHITE, "background after the hatched bar");
    trygg_report_layout_free(L);
}

/* A CI beyond a fixed axis end stops at the plot's edge. */
static void test_whisker_clamped(void **state)
{
    (void)state;
    trygg_report_chart c = make_bars();
    g_bars[1].value.hi = 1.4;
    trygg_report_layout *L = render(&c);
    const trygg_report_rect r = L->rows[1].r;
    double cy = r.y + r.h / 2, end = L->plot.x + L->plot.w;
    expect_line(end - 2, cy, "whisker up to the edge");
    expect(end + 3, cy, WHITE, "nothing right of the plot");
    expect(end + 3, cy - 3, WHITE, "nothing right of the plot");
    trygg_report_layout_free(L);
}

/* Groups: vertical bars; the top of a 0.5 bar is where the layout says. */
static void test_group_bar_top(void **state)
{
    (void)state;
    const char *groups[] = {"16–34", "35–64"}, *series[] = {"Kvinnor", "Män"};
    trygg_report_value v[4] = {{0.5, NAN, NAN, 0}, {0.25, NAN, NAN, 0},
                               {0.4, NAN, NAN, 0}, {0.1, NAN, NAN, 0}};
    trygg_report_groups g;
    trygg_report_groups_init(&g);
    g.frame.width = W;
    g.frame.height = H;
    g.scale.min = 0;
    g.scale.max = 1;
    g.groups = groups;
    g.ngroups = 2;
    g.series = series;
    g.nseries = 2;
    g.values = v;
    trygg_report_chart c = {TRYGG_REPORT_CHART_GROUPS, {.groups = &g}};
    trygg_report_layout *L = render(&c);
    double y = trygg_report_axis_map(&L->axis, 0.5);
    double x = L->cols[0].r.x + 0.1 * L->cols[0].r.w + L->bar_w / 2;
    expect(x, y + 3, BLUE, "first series just below its top");
    expect(x, y - 3, WHITE, "background above the bar");
    double x2 = x + L->bar_w, y2 = trygg_report_axis_map(&L->axis, 0.4);
    expect(x2, y2 + 3, ORANGE, "second series just below its top");
    expect(x2, y2 - 3, WHITE, "background above the second bar");
    trygg_report_layout_free(L);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bar_end),
        cmocka_unit_test(test_whisker),
        cmocka_unit_test(test_whisker_clamped),
        cmocka_unit_test(test_suppressed_has_no_bar),
        cmocka_unit_test(test_unstable_is_hatched),
        cmocka_unit_test(test_group_bar_top),
    };
    int failed = cmocka_run_group_tests(tests, setup, teardown);
    /* Cairo's font cache holds fontconfig patterns; release them so that
     * valgrind reports only what the library itself leaked. */
    cairo_debug_reset_static_data();
    return failed;
}
