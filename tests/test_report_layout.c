/* The chart library's pure parts: nice axes, number formatting, UTF-8 safe
 * wrapping and shortening, and layouts checked without drawing: bars,
 * tables, marks and legends. */
#include "test_support.h"
#include "trygg_report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define ELL "\xE2\x80\xA6"

static cairo_surface_t *g_surf;
static cairo_t *g_cr;

static int setup(void **state)
{
    (void)state;
    g_surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 8, 8);
    g_cr = cairo_create(g_surf);
    trygg_report_set_font(g_cr, NULL, 10, 0);
    return cairo_status(g_cr) == CAIRO_STATUS_SUCCESS ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    cairo_destroy(g_cr);
    cairo_surface_destroy(g_surf);
    return 0;
}

/* Strict UTF-8 check (no truncated or stray sequences). */
static int valid_utf8(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        size_t n = *u < 0x80 ? 1 : (*u >> 5) == 6 ? 2 : (*u >> 4) == 14 ? 3
                   : (*u >> 3) == 30 ? 4 : 0;
        if (!n)
            return 0;
        for (size_t i = 1; i < n; i++)
            if ((u[i] & 0xC0) != 0x80)
                return 0;
        u += n;
    }
    return 1;
}

/* ---- axes ---- */
static const struct {
    double min, max;
    int target;
    double lo, hi, step;
} AXES[] = {
    {0, 0.457, 5, 0, 0.5, 0.1},
    {0.121, 0.594, 5, 0.1, 0.6, 0.1},
    {0, 6, 6, 0, 6, 1},
    {1.63, 1.78, 5, 1.6, 1.8, 0.05},
    {0, 0.088, 4, 0, 0.1, 0.02},
    {0, 0.61, 5, 0, 0.7, 0.1},
    {-0.031, 0.052, 5, -0.04, 0.06, 0.02},
    {0.3, 0.3, 5, 0.27, 0.33, 0.01},
    {0, 0, 5, 0, 1, 0.2},
    {2016, 2024, 8, 2016, 2024, 1},
};

static void test_axis_nice(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(AXES); i++) {
        trygg_report_axis a;
        assert_int_equal(trygg_report_axis_nice(AXES[i].min, AXES[i].max,
                                                AXES[i].target, &a),
                         TRYGG_REPORT_OK);
        ts_assert_close(a.lo, AXES[i].lo, 1e-9, 1e-12, "axis lo");
        ts_assert_close(a.hi, AXES[i].hi, 1e-9, 1e-12, "axis hi");
        ts_assert_close(a.step, AXES[i].step, 1e-9, 1e-12, "axis step");
        assert_true(a.lo <= AXES[i].min && a.hi >= AXES[i].max);
        /* Ticks: from lo to hi, one step apart; step is 1, 2, 2.5 or 5 ×
         * a power of ten. */
        ts_assert_close(a.ticks[0], a.lo, 1e-9, 1e-12, "first tick");
        ts_assert_close(a.ticks[a.nticks - 1], a.hi, 1e-9, 1e-12, "last tick");
        for (size_t k = 1; k < a.nticks; k++)
            ts_assert_close(a.ticks[k] - a.ticks[k - 1], a.step, 1e-9, 1e-12,
                            "tick spacing");
        double m = a.step / pow(10, floor(log10(a.step)));
        assert_true(fabs(m - 1) < 1e-9 || fabs(m - 2) < 1e-9 ||
                    fabs(m - 2.5) < 1e-9 || fabs(m - 5) < 1e-9);
    }
    trygg_report_axis a;
    assert_int_equal(trygg_report_axis_nice(NAN, 1, 5, &a),
                     TRYGG_REPORT_ERR_ARGUMENT);
    assert_int_equal(trygg_report_axis_nice(0, INFINITY, 5, &a),
                     TRYGG_REPORT_ERR_ARGUMENT);
}

static void test_axis_map(void **state)
{
    (void)state;
    trygg_report_axis a;
    assert_int_equal(trygg_report_axis_nice(0, 1, 5, &a), TRYGG_REPORT_OK);
    a.dev_lo = 100;
    a.dev_hi = 500;
    assert_true(trygg_report_axis_map(&a, 0.5) == 300);
    a.dev_lo = 400; /* a vertical axis: up is smaller y */
    a.dev_hi = 0;
    assert_true(trygg_report_axis_map(&a, 0.25) == 300);
}

/* ---- numbers ---- */
static const struct {
    double v;
    trygg_report_kind kind;
    int decimals;
    trygg_report_lang lang;
    const char *want;
} NUMBERS[] = {
    {0.234, TRYGG_REPORT_SHARE, 1, TRYGG_REPORT_SV, "23,4 %"},
    {0.234, TRYGG_REPORT_SHARE, 1, TRYGG_REPORT_EN, "23.4%"},
    {0.5, TRYGG_REPORT_SHARE, 0, TRYGG_REPORT_SV, "50 %"},
    {1.634, TRYGG_REPORT_NUMBER, 2, TRYGG_REPORT_SV, "1,63"},
    {1.634, TRYGG_REPORT_NUMBER, 1, TRYGG_REPORT_EN, "1.6"},
    {-0.02, TRYGG_REPORT_NUMBER, 2, TRYGG_REPORT_SV, "\xE2\x88\x92" "0,02"},
    {-0.02, TRYGG_REPORT_NUMBER, 2, TRYGG_REPORT_EN, "-0.02"},
    {-0.0001, TRYGG_REPORT_NUMBER, 1, TRYGG_REPORT_SV, "0,0"},
    {NAN, TRYGG_REPORT_SHARE, 1, TRYGG_REPORT_SV, "\xE2\x80\x93"},
};

static void test_format(void **state)
{
    (void)state;
    char buf[64];
    for (size_t i = 0; i < N(NUMBERS); i++) {
        trygg_report_scale s;
        trygg_report_scale_init(&s);
        s.kind = NUMBERS[i].kind;
        s.decimals = NUMBERS[i].decimals;
        size_t n = trygg_report_format(buf, sizeof buf, NUMBERS[i].v, &s,
                                       NUMBERS[i].lang);
        assert_string_equal(buf, NUMBERS[i].want);
        assert_int_equal(n, strlen(NUMBERS[i].want));
    }
    trygg_report_format_ci(buf, sizeof buf, 0.201, 0.268, NULL,
                           TRYGG_REPORT_SV);
    assert_string_equal(buf, "20,1\xE2\x80\x93" "26,8 %");
    trygg_report_format_ci(buf, sizeof buf, 0.201, 0.268, NULL,
                           TRYGG_REPORT_EN);
    assert_string_equal(buf, "20.1\xE2\x80\x93" "26.8%");
    trygg_report_format_ci(buf, sizeof buf, NAN, 0.268, NULL, TRYGG_REPORT_EN);
    assert_string_equal(buf, "");
    /* Truncating buffer: snprintf-like. */
    assert_int_equal(trygg_report_format(buf, 3, 0.234, NULL, TRYGG_REPORT_SV),
                     strlen("23,4 %"));
    assert_string_equal(buf, "23");
}

static void test_texts(void **state)
{
    (void)state;
    assert_string_equal(trygg_report_text(TRYGG_REPORT_SV,
                                          TRYGG_REPORT_TXT_TOO_FEW),
                        "för få svar");
    assert_string_equal(trygg_report_text(TRYGG_REPORT_EN,
                                          TRYGG_REPORT_TXT_TOO_FEW),
                        "too few answers");
    for (int id = 0; id < TRYGG_REPORT_TXT_COUNT; id++) {
        assert_true(*trygg_report_text(TRYGG_REPORT_SV, id));
        assert_true(*trygg_report_text(TRYGG_REPORT_EN, id));
        assert_true(valid_utf8(trygg_report_text(TRYGG_REPORT_SV, id)));
    }
    assert_string_equal(trygg_report_text(TRYGG_REPORT_SV, 999), "");
}

/* ---- wrapping and shortening ---- */

/* Lines joined back: after a hyphen without a space. */
static void join(const trygg_report_lines *l, char *out, size_t size)
{
    out[0] = 0;
    for (size_t i = 0; i < l->nlines; i++) {
        size_t n = strlen(out);
        if (i > 0 && out[n - 1] != '-')
            strncat(out, " ", size - n - 1);
        strncat(out, l->lines[i], size - strlen(out) - 1);
    }
}

static void test_wrap_long_name(void **state)
{
    (void)state;
    const char *name = "Söderbykarl-Estuna-Ununge-Husby-Rimbo landsbygd";
    double widths[] = {70, 90, 120, 200, 1000};
    trygg_report_set_font(g_cr, NULL, 10, 0);
    for (size_t k = 0; k < N(widths); k++) {
        trygg_report_lines l;
        char back[256];
        assert_int_equal(trygg_report_wrap(g_cr, name, widths[k], 0, &l),
                         TRYGG_REPORT_OK);
        assert_false(l.truncated);
        for (size_t i = 0; i < l.nlines; i++) {
            assert_true(trygg_report_text_width(g_cr, l.lines[i]) <=
                        widths[k]);
            assert_true(valid_utf8(l.lines[i]));
        }
        join(&l, back, sizeof back);
        assert_string_equal(back, name);
        if (widths[k] >= 1000)
            assert_int_equal(l.nlines, 1);
        else
            assert_true(l.nlines >= 2);
        trygg_report_lines_clear(&l);
    }
}

static void test_wrap_max_lines(void **state)
{
    (void)state;
    trygg_report_lines l;
    const char *t = "Narkotikaförsäljning eller narkotikapåverkade personer "
                    "på allmän plats i Hallunda-Norsborg och Södertälje";
    assert_int_equal(trygg_report_wrap(g_cr, t, 100, 2, &l), TRYGG_REPORT_OK);
    assert_int_equal(l.nlines, 2);
    assert_true(l.truncated);
    const char *last = l.lines[1];
    assert_true(strlen(last) >= 3 &&
                strcmp(last + strlen(last) - 3, ELL) == 0);
    for (size_t i = 0; i < 2; i++) {
        assert_true(trygg_report_text_width(g_cr, l.lines[i]) <= 100);
        assert_true(valid_utf8(l.lines[i]));
    }
    trygg_report_lines_clear(&l);
    /* A forced line break and an empty text. */
    assert_int_equal(trygg_report_wrap(g_cr, "Älmsta\nRånäs", 500, 0, &l),
                     TRYGG_REPORT_OK);
    assert_int_equal(l.nlines, 2);
    assert_string_equal(l.lines[0], "Älmsta");
    assert_string_equal(l.lines[1], "Rånäs");
    trygg_report_lines_clear(&l);
    assert_int_equal(trygg_report_wrap(g_cr, "", 50, 0, &l), TRYGG_REPORT_OK);
    assert_int_equal(l.nlines, 0);
    trygg_report_lines_clear(&l);
}

/* Shortening at every width: always valid UTF-8, never wider than asked,
 * the original or a prefix of it plus "…", never cut before a combining
 * mark (Rånäs in decomposed form). */
static void shorten_all(const char *text)
{
    double full = trygg_report_text_width(g_cr, text);
    double ell = trygg_report_text_width(g_cr, ELL);
    for (double w = 0; w <= full + 2; w += 0.5) {
        char *s = trygg_report_shorten(g_cr, text, w);
        assert_non_null(s);
        assert_true(valid_utf8(s));
        size_t n = strlen(s);
        if (w >= full) {
            assert_string_equal(s, text);
        } else if (w < ell) {
            assert_string_equal(s, "");
        } else {
            assert_true(trygg_report_text_width(g_cr, s) <= w);
            assert_true(n >= 3 && strcmp(s + n - 3, ELL) == 0);
            assert_memory_equal(s, text, n - 3);
            assert_true((unsigned char)text[n - 3] != 0xCC); /* U+030x */
            assert_true(((unsigned char)text[n - 3] & 0xC0) != 0x80);
        }
        free(s);
    }
}

static void test_shorten(void **state)
{
    (void)state;
    trygg_report_set_font(g_cr, NULL, 10, 0);
    shorten_all("Hallunda-Norsborg");
    shorten_all("Älmsta–Rånäs–Södertälje centrum");
    shorten_all("Ra\xCC\x8Ana\xCC\x88s och A\xCC\x88lmsta"); /* NFD */
    shorten_all("\xF0\x9F\x8F\xA0 Hus och \xE2\x82\xAC");   /* 4- and 3-byte */
    /* Invalid input comes back valid. */
    char *s = trygg_report_shorten(g_cr, "Ab\xFF\xC3", 1000);
    assert_string_equal(s, "Ab\xEF\xBF\xBD\xEF\xBF\xBD");
    free(s);
}

static void test_wrap_narrow_words(void **state)
{
    (void)state;
    trygg_report_lines l;
    /* Each word is wider than the line: shortened, each valid. */
    assert_int_equal(trygg_report_wrap(g_cr, "Åååååååååå Öööööööööö Ä", 25, 0,
                                       &l),
                     TRYGG_REPORT_OK);
    assert_int_equal(l.nlines, 3);
    assert_true(l.truncated);
    for (size_t i = 0; i < l.nlines; i++) {
        assert_true(valid_utf8(l.lines[i]));
        assert_true(trygg_report_text_width(g_cr, l.lines[i]) <= 25);
    }
    assert_string_equal(l.lines[2], "Ä");
    trygg_report_lines_clear(&l);
}

/* ---- layouts ---- */
static trygg_report_bar g_bars[4];
static trygg_report_comparison g_cmp;

static trygg_report_chart make_cmp(void)
{
    const char *names[] = {"Hallunda-Norsborg", "Södertälje centrum",
                           "Älmsta", "Rånäs"};
    trygg_report_value v[] = {{0.41, 0.37, 0.46, 0},
                              {0.22, 0.12, 0.61, TRYGG_REPORT_UNSTABLE},
                              {NAN, NAN, NAN, TRYGG_REPORT_SUPPRESSED},
                              {0.30, 0.26, 0.34, 0}};
    trygg_report_comparison_init(&g_cmp);
    for (size_t i = 0; i < 4; i++) {
        trygg_report_bar_init(&g_bars[i]);
        g_bars[i].label = names[i];
        g_bars[i].value = v[i];
    }
    g_cmp.frame.title = "Otrygghet";
    g_cmp.frame.width = 600;
    g_cmp.frame.height = 400;
    g_cmp.districts = g_bars;
    g_cmp.ndistricts = 4;
    g_cmp.reference = (trygg_report_value){0.29, 0.27, 0.31, 0};
    g_cmp.reference_label = "Botkyrka";
    trygg_report_chart c = {TRYGG_REPORT_CHART_COMPARISON,
                            {.comparison = &g_cmp}};
    return c;
}

static void test_bar_layout(void **state)
{
    (void)state;
    trygg_report_chart c = make_cmp();
    trygg_report_layout *L = NULL;
    assert_int_equal(trygg_report_layout_new(g_cr, &c, &L), TRYGG_REPORT_OK);
    /* The axis covers every estimate, CI end and the reference. */
    assert_true(L->axis.lo <= 0 && L->axis.hi >= 0.61);
    assert_true(L->axis.hi <= 0.7 + 1e-9);
    ts_assert_close(trygg_report_axis_map(&L->axis, L->axis.lo), L->plot.x,
                    1e-12, 1e-9, "axis start");
    ts_assert_close(trygg_report_axis_map(&L->axis, L->axis.hi),
                    L->plot.x + L->plot.w, 1e-12, 1e-9, "axis end");
    /* Sorted descending, the suppressed row last. */
    assert_int_equal(L->nrows, 4);
    size_t order[] = {0, 3, 1, 2};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(L->rows[i].item, order[i]);
    /* Rows tile the plot; labels fit the label column. */
    for (size_t i = 0; i < 4; i++) {
        const trygg_report_slot *s = &L->rows[i];
        ts_assert_close(s->r.y, L->plot.y + i * s->r.h, 1e-12, 1e-9, "row y");
        trygg_report_set_font(g_cr, NULL, L->label_font, 0);
        for (size_t k = 0; k < s->label.nlines; k++)
            assert_true(trygg_report_text_width(g_cr, s->label.lines[k]) <=
                        L->label_col.w);
    }
    assert_true(L->label_col.x + L->label_col.w <= L->plot.x + 1e-9);
    assert_true(L->plot.x + L->plot.w <= L->value_col.x + 1e-9);
    assert_true(L->too_few.nlines == 1 && !L->too_few_dots);
    assert_string_equal(L->too_few.lines[0], "för få svar");
    assert_int_equal(L->title.nlines, 1);
    assert_true(L->nlegend >= 2);
    trygg_report_layout_free(L);
}

static void test_fixed_scale(void **state)
{
    (void)state;
    trygg_report_chart c = make_cmp();
    g_cmp.scale.kind = TRYGG_REPORT_NUMBER;
    g_cmp.scale.min = 0;
    g_cmp.scale.max = 6;
    trygg_report_layout *L = NULL;
    assert_int_equal(trygg_report_layout_new(g_cr, &c, &L), TRYGG_REPORT_OK);
    assert_true(L->axis.lo == 0 && L->axis.hi == 6);
    assert_true(L->axis.ticks[L->axis.nticks - 1] == 6);
    trygg_report_layout_free(L);
    g_cmp.scale.min = 5; /* min above max */
    g_cmp.scale.max = 1;
    assert_int_equal(trygg_report_layout_new(g_cr, &c, &L),
                     TRYGG_REPORT_ERR_ARGUMENT);
    assert_null(L);
}

static void test_bad_models(void **state)
{
    (void)state;
    trygg_report_layout *L = (trygg_report_layout *)&L;
    assert_int_equal(trygg_report_layout_new(g_cr, NULL, &L),
                     TRYGG_REPORT_ERR_ARGUMENT);
    assert_null(L);
    trygg_report_chart c = make_cmp();
    g_cmp.districts = NULL;
    assert_int_equal(trygg_report_layout_new(g_cr, &c, &L),
                     TRYGG_REPORT_ERR_ARGUMENT);
    c = make_cmp();
    g_cmp.frame.width = 10;
    assert_int_equal(trygg_report_layout_new(g_cr, &c, &L),
                     TRYGG_REPORT_ERR_ARGUMENT);
    c = make_cmp();
    g_cmp.frame.font_size = NAN;
    assert_int_equal(trygg_report_layout_new(g_cr, &c, &L),
                     TRYGG_REPORT_ERR_ARGUMENT);
    int years[] = {2024, 2023};
    trygg_report_value v[2];
    trygg_report_value_init(&v[0]);
    trygg_report_value_init(&v[1]);
    trygg_report_trend t;
    trygg_report_trend_init(&t);
    t.years = years;
    t.nyears = 2;
    t.area = v;
    trygg_report_chart tc = {TRYGG_REPORT_CHART_TREND, {.trend = &t}};
    assert_int_equal(trygg_report_layout_new(g_cr, &tc, &L),
                     TRYGG_REPORT_ERR_ARGUMENT);
    years[1] = 2025; /* ascending, all missing: still a valid empty chart */
    assert_int_equal(trygg_report_layout_new(g_cr, &tc, &L), TRYGG_REPORT_OK);
    trygg_report_layout_free(L);
    trygg_report_layout_free(NULL);
}

static void test_table_too_few(void **state)
{
    (void)state;
    const char *rows[] = {"Älmsta", "Rånäs"};
    const char *cols[] = {"Nedskräpning", "Narkotikaförsäljning"};
    trygg_report_cell cells[4] = {0};
    for (size_t i = 0; i < 4; i++)
        cells[i].value = (trygg_report_value){1.5, 1.2, 1.8, 0};
    cells[1].value.flags = TRYGG_REPORT_SUPPRESSED;
    trygg_report_table t;
    trygg_report_table_init(&t);
    t.rows = rows;
    t.nrows = 2;
    t.cols = cols;
    t.ncols = 2;
    t.cells = cells;
    t.scale.kind = TRYGG_REPORT_NUMBER;
    t.frame.width = 400;
    t.frame.height = 300;
    trygg_report_chart c = {TRYGG_REPORT_CHART_TABLE, {.table = &t}};
    trygg_report_layout *L = NULL;
    assert_int_equal(trygg_report_layout_new(g_cr, &c, &L), TRYGG_REPORT_OK);
    assert_false(L->too_few_dots);
    assert_true(L->too_few.nlines >= 1);
    assert_int_equal(L->ncols, 2);
    /* Column headers fit their columns; long words are hyphenated. */
    trygg_report_set_font(g_cr, NULL, 0.85 * 10, 1);
    for (size_t j = 0; j < 2; j++)
        for (size_t k = 0; k < L->cols[j].label.nlines; k++)
            assert_true(trygg_report_text_width(
                            g_cr, L->cols[j].label.lines[k]) <=
                        L->cols[j].r.w);
    for (size_t i = 0; i < L->nlegend; i++) /* no ".." entry needed */
        assert_int_not_equal(L->legend[i].symbol, TRYGG_REPORT_SYM_DOTS);
    trygg_report_layout_free(L);
    /* Rows of one line, columns too narrow for "för få svar": ".." and a
     * legend entry explaining it. */
    const char *many[20];
    static trygg_report_cell cells400[400];
    for (size_t j = 0; j < 20; j++)
        many[j] = j % 2 ? "Rånäs" : "Klotter";
    cells400[3].value.flags = TRYGG_REPORT_SUPPRESSED;
    t.rows = many;
    t.nrows = 20;
    t.cols = many;
    t.ncols = 20;
    t.cells = cells400;
    t.frame.width = 900;
    assert_int_equal(trygg_report_layout_new(g_cr, &c, &L), TRYGG_REPORT_OK);
    assert_true(L->too_few_dots);
    assert_int_equal(L->legend[L->nlegend - 1].symbol, TRYGG_REPORT_SYM_DOTS);
    trygg_report_layout_free(L);
    /* Far too many columns to stay legible: refused, not squeezed. */
    static const char *cols80[80];
    static trygg_report_cell cells1600[1600];
    for (size_t j = 0; j < 80; j++)
        cols80[j] = "Klotter";
    t.cols = cols80;
    t.ncols = 80;
    t.cells = cells1600;
    assert_int_equal(trygg_report_layout_new(g_cr, &c, &L),
                     TRYGG_REPORT_ERR_ARGUMENT);
}

/* Odd but legal models draw without error; Cairo stays healthy. */
static void draw_ok(const trygg_report_chart *c)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32,
                                                    900, 700);
    cairo_t *cr = cairo_create(s);
    assert_int_equal(trygg_report_draw(cr, c), TRYGG_REPORT_OK);
    assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

static void test_edge_cases(void **state)
{
    (void)state;
    static trygg_report_bar bars[60];
    static trygg_report_headline heads[6];
    trygg_report_lagesbild lb;
    trygg_report_lagesbild_init(&lb);
    trygg_report_chart c = {TRYGG_REPORT_CHART_LAGESBILD, {.lagesbild = &lb}};
    draw_ok(&c); /* nothing at all */
    for (size_t i = 0; i < 60; i++) {
        trygg_report_bar_init(&bars[i]);
        bars[i].label = i % 3 ? "Rånäs \xFF\xC3 trasig text" : "";
        bars[i].value.flags = TRYGG_REPORT_SUPPRESSED;
    }
    for (size_t i = 0; i < 6; i++) {
        trygg_report_headline_init(&heads[i]);
        heads[i].label = "Otrygg \xE2\x82";
        heads[i].value.flags = i % 2 ? TRYGG_REPORT_SUPPRESSED : 0;
    }
    lb.items = bars;
    lb.nitems = 13;
    lb.headlines = heads;
    lb.nheadlines = 6;
    lb.frame.title = "\xC0\xAF Otrygghet";
    draw_ok(&c); /* all suppressed or missing, invalid UTF-8 */
    for (size_t i = 0; i < 60; i++)
        bars[i].value = (trygg_report_value){-0.2 + 0.01 * (double)i, NAN,
                                             NAN, 0};
    trygg_report_comparison cmp;
    trygg_report_comparison_init(&cmp);
    cmp.districts = bars;
    cmp.ndistricts = 60; /* rows thinner than a line: type shrinks */
    cmp.scale.kind = TRYGG_REPORT_NUMBER;
    cmp.frame.subtitle = "Förändring i procentenheter";
    trygg_report_chart cc = {TRYGG_REPORT_CHART_COMPARISON,
                             {.comparison = &cmp}};
    draw_ok(&cc);
    trygg_report_priorities pr;
    trygg_report_priorities_init(&pr);
    pr.items = bars;
    pr.nitems = 3;
    trygg_report_chart pc = {TRYGG_REPORT_CHART_PRIORITIES,
                             {.priorities = &pr}};
    draw_ok(&pc); /* NULL text column entries */
    int years[] = {2024};
    trygg_report_value one = {0.3, 0.2, 0.4, TRYGG_REPORT_UNSTABLE};
    trygg_report_trend t;
    trygg_report_trend_init(&t);
    t.years = years;
    t.nyears = 1;
    t.area = &one;
    trygg_report_chart tc = {TRYGG_REPORT_CHART_TREND, {.trend = &t}};
    draw_ok(&tc); /* one year: a whisker, no band */
    trygg_report_cover cov;
    trygg_report_cover_init(&cov);
    const char *par[] = {"Ett stycke.", ""};
    cov.paragraphs = par;
    cov.nparagraphs = 2;
    cov.headlines = heads;
    cov.nheadlines = 5;
    trygg_report_chart vc = {TRYGG_REPORT_CHART_COVER, {.cover = &cov}};
    draw_ok(&vc);
}

/* ---- marks and legends: each mark one meaning, an entry for every kind
 * of mark and hatch a page draws (in its tone's words), the unstable
 * values' reasons, priorities' headings and ranks, the level as a
 * percentage in the page's language ---- */

static trygg_report_bar bar(const char *label, double v, unsigned flags,
                            trygg_report_mark mark, trygg_report_tone tone)
{
    trygg_report_bar b;
    trygg_report_bar_init(&b);
    b.label = label;
    b.value.est = v;
    b.value.lo = v - 0.02;
    b.value.hi = v + 0.02;
    b.value.flags = flags;
    b.mark = mark;
    b.tone = tone;
    return b;
}

static trygg_report_layout *lay(const trygg_report_chart *c)
{
    trygg_report_layout *L = NULL;
    assert_int_equal(trygg_report_layout_new(g_cr, c, &L), TRYGG_REPORT_OK);
    return L;
}

/* The legend entry with this text, or NULL. */
static const trygg_report_legend_entry *entry(const trygg_report_layout *L, const char *text)
{
    for (size_t i = 0; i < L->nlegend; i++)
        if (!strcmp(L->legend[i].text, text))
            return &L->legend[i];
    return NULL;
}

static void test_level(void **state)
{
    (void)state;
    char buf[32];
    trygg_report_format_level(buf, sizeof buf, 0.95, TRYGG_REPORT_SV);
    assert_string_equal(buf, "95 %");
    trygg_report_format_level(buf, sizeof buf, 0.8, TRYGG_REPORT_EN);
    assert_string_equal(buf, "80%");
    trygg_report_format_level(buf, sizeof buf, 0.995, TRYGG_REPORT_SV);
    assert_string_equal(buf, "99,5 %");
}

/* ▲ worse, ▼ better and ▲ without a direction: three entries, each in
 * words; a hatch per reason; the level the frame was given. */
static void test_lagesbild_legend(void **state)
{
    (void)state;
    trygg_report_bar bars[] = {
        bar("a", 0.3, 0, TRYGG_REPORT_MARK_UP, TRYGG_REPORT_TONE_WORSE),
        bar("b", 0.2, TRYGG_REPORT_UNSTABLE | TRYGG_REPORT_LOW_N, TRYGG_REPORT_MARK_DOWN,
            TRYGG_REPORT_TONE_BETTER),
        bar("c", 0.1, TRYGG_REPORT_UNSTABLE | TRYGG_REPORT_HIGH_CV, TRYGG_REPORT_MARK_UP,
            TRYGG_REPORT_TONE_NEUTRAL),
        /* a suppressed bar's mark is never drawn, so not explained */
        bar("d", NAN, TRYGG_REPORT_SUPPRESSED, TRYGG_REPORT_MARK_DOWN, TRYGG_REPORT_TONE_WORSE),
    };
    trygg_report_lagesbild m;
    trygg_report_lagesbild_init(&m);
    m.frame.ci_level = 0.8;
    m.frame.low_n_text = "osäker skattning: färre än 50 svar";
    m.items = bars;
    m.nitems = 4;
    trygg_report_chart c = {TRYGG_REPORT_CHART_LAGESBILD, {.lagesbild = &m}};
    trygg_report_layout *L = lay(&c);
    assert_non_null(entry(L, "80 % konfidensintervall"));
    const trygg_report_legend_entry *e =
        entry(L, "signifikant ökning sedan föregående mätning, till det sämre");
    assert_non_null(e);
    assert_int_equal(e->symbol, TRYGG_REPORT_SYM_UP);
    assert_true(e->r > 0.8 && e->g < 0.5);   /* red */
    e = entry(L, "signifikant minskning sedan föregående mätning, till det bättre");
    assert_non_null(e);
    assert_int_equal(e->symbol, TRYGG_REPORT_SYM_DOWN);
    assert_true(e->g > 0.5 && e->r < 0.2);   /* green */
    assert_non_null(entry(L, "signifikant ökning sedan föregående mätning"));
    assert_null(entry(L, "signifikant minskning sedan föregående mätning, till det sämre"));
    e = entry(L, "osäker skattning: färre än 50 svar");
    assert_non_null(e);
    assert_int_equal(e->symbol, TRYGG_REPORT_SYM_HATCH);
    e = entry(L, "osäker skattning (stor felmarginal)");   /* the default text */
    assert_non_null(e);
    assert_int_equal(e->symbol, TRYGG_REPORT_SYM_HATCH_CV);
    assert_int_equal(L->nlegend, 6);
    trygg_report_layout_free(L);
}

/* The comparison's marks are ⊕⊖ against the reference, in their words. */
static void test_comparison_legend(void **state)
{
    (void)state;
    trygg_report_bar bars[] = {
        bar("Alby", 0.4, 0, TRYGG_REPORT_MARK_ABOVE, TRYGG_REPORT_TONE_WORSE),
        bar("Tumba", 0.2, 0, TRYGG_REPORT_MARK_NONE, TRYGG_REPORT_TONE_NEUTRAL),
    };
    trygg_report_comparison m;
    trygg_report_comparison_init(&m);
    m.districts = bars;
    m.ndistricts = 2;
    m.reference_label = "Botkyrka";
    m.reference.est = 0.25;
    trygg_report_chart c = {TRYGG_REPORT_CHART_COMPARISON, {.comparison = &m}};
    trygg_report_layout *L = lay(&c);
    const trygg_report_legend_entry *e = entry(L, "signifikant högre än Botkyrka, till det sämre");
    assert_non_null(e);
    assert_int_equal(e->symbol, TRYGG_REPORT_SYM_ABOVE);
    assert_null(entry(L, "signifikant förändring sedan föregående mätning"));
    assert_non_null(entry(L, "Botkyrka: 25,0 %"));
    trygg_report_layout_free(L);
}

/* Table marks keep the cells' text colour; the words carry the tone. */
static void test_table_legend(void **state)
{
    (void)state;
    const char *rows[] = {"Alby"}, *cols[] = {"Nedskräpning", "Klotter"};
    trygg_report_cell cells[2];
    memset(cells, 0, sizeof cells);
    trygg_report_value_init(&cells[0].value);
    trygg_report_value_init(&cells[1].value);
    cells[0].value.est = 0.3;
    cells[0].mark = TRYGG_REPORT_MARK_UP;
    cells[0].tone = TRYGG_REPORT_TONE_WORSE;
    cells[1].value.flags = TRYGG_REPORT_EMPTY;
    trygg_report_band bands[] = {{0.25, 0, 0.6, 0.4, "litet (under 25 %)"},
                                 {INFINITY, 0.8, 0.4, 0, "stort (25 % och mer)"}};
    trygg_report_table m;
    trygg_report_table_init(&m);
    m.rows = rows;
    m.nrows = 1;
    m.cols = cols;
    m.ncols = 2;
    m.cells = cells;
    m.bands = bands;
    m.nbands = 2;
    trygg_report_chart c = {TRYGG_REPORT_CHART_TABLE, {.table = &m}};
    trygg_report_layout *L = lay(&c);
    assert_non_null(entry(L, "litet (under 25 %)"));
    const trygg_report_legend_entry *e =
        entry(L, "signifikant ökning sedan föregående mätning, till det sämre");
    assert_non_null(e);
    assert_true(e->r < 0.2 && e->g < 0.2);   /* the text colour, not red */
    assert_non_null(entry(L, "\xE2\x80\x93 inga svar"));
    trygg_report_layout_free(L);
}

/* Priorities: headings are rows without a value; only ranks given are
 * numbers; no legend entry for what is not drawn. */
static void test_priorities_rows(void **state)
{
    (void)state;
    trygg_report_bar bars[4];
    trygg_report_bar_init(&bars[0]);
    bars[0].heading = 1;
    bars[0].label = "Prioriterade problem";
    bars[1] = bar("Nedskräpning", 0.3, 0, TRYGG_REPORT_MARK_NONE, TRYGG_REPORT_TONE_NEUTRAL);
    bars[1].rank = 1;
    trygg_report_bar_init(&bars[2]);
    bars[2].heading = 1;
    bars[2].label = "För få svar för att bedöma";
    bars[3] = bar("Slagsmål", NAN, TRYGG_REPORT_SUPPRESSED, TRYGG_REPORT_MARK_NONE,
                  TRYGG_REPORT_TONE_NEUTRAL);
    trygg_report_priorities m;
    trygg_report_priorities_init(&m);
    m.items = bars;
    m.nitems = 4;
    trygg_report_chart c = {TRYGG_REPORT_CHART_PRIORITIES, {.priorities = &m}};
    trygg_report_layout *L = lay(&c);
    assert_int_equal(L->nrows, 4);
    assert_int_equal(L->rows[0].item, 0);   /* the model's order kept */
    assert_string_equal(L->rows[0].label.lines[0], "Prioriterade problem");
    assert_int_equal(L->nlegend, 1);        /* the CI only */
    trygg_report_layout_free(L);
    /* and it draws */
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 842, 595);
    cairo_t *cr = cairo_create(s);
    assert_int_equal(trygg_report_draw(cr, &c), TRYGG_REPORT_OK);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_axis_nice),
        cmocka_unit_test(test_axis_map),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_texts),
        cmocka_unit_test(test_wrap_long_name),
        cmocka_unit_test(test_wrap_max_lines),
        cmocka_unit_test(test_shorten),
        cmocka_unit_test(test_wrap_narrow_words),
        cmocka_unit_test(test_bar_layout),
        cmocka_unit_test(test_fixed_scale),
        cmocka_unit_test(test_bad_models),
        cmocka_unit_test(test_table_too_few),
        cmocka_unit_test(test_edge_cases),
        cmocka_unit_test(test_level),
        cmocka_unit_test(test_lagesbild_legend),
        cmocka_unit_test(test_comparison_legend),
        cmocka_unit_test(test_table_legend),
        cmocka_unit_test(test_priorities_rows),
    };
    int failed = cmocka_run_group_tests(tests, setup, teardown);
    /* Cairo's font cache holds fontconfig patterns; release them so that
     * valgrind reports only what the library itself leaked. */
    cairo_debug_reset_static_data();
    return failed;
}
