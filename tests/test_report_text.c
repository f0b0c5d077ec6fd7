/* The chart library's text pages, priority matrix, smallest type and PDF
 * structure, checked in their layouts and in the files they write:
 * blocks flow from the top and shrink to fit, a page that cannot keep its
 * smallest type says so (TRYGG_REPORT_ERR_FIT), the matrix places its
 * points by their values and leaves out a hidden one, and a PDF has its
 * language and its tags. */
#include "test_support.h"
#include "trygg_report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OUT TRYGG_BINARY_DIR "/report_text_out"

static cairo_surface_t *g_surf;
static cairo_t *g_cr;

static int setup(void **state)
{
    (void)state;
    char *out;
    ts_shell("rm -rf '" OUT "' && mkdir -p '" OUT "'", &out);
    free(out);
    g_surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 8, 8);
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

static const char *const HEAD[] = {"Område", "Antal svar"};
static const char *const CELLS[] = {"Botkyrka", "2 646", "Fittja", "387"};

static void doc_of(trygg_report_doc *d, trygg_report_block *b, size_t n)
{
    trygg_report_doc_init(d);
    d->frame.title = "Om undersökningen";
    d->blocks = b;
    d->nblocks = n;
}

/* A heading, a paragraph and a table, from the top down; numbers right-
 * aligned in their column, the first column the widest. */
static void test_doc_layout(void **state)
{
    (void)state;
    trygg_report_block b[3] = {{TRYGG_REPORT_BLOCK_HEADING, "Urval och svar", NULL, NULL, 0,
                                0, NULL, 0},
                               {TRYGG_REPORT_BLOCK_PARAGRAPH, "Svaren är vägda.", NULL, NULL,
                                0, 0, NULL, 0},
                               {TRYGG_REPORT_BLOCK_TABLE, NULL, HEAD, CELLS, 2, 2, NULL, 0}};
    trygg_report_doc d;
    doc_of(&d, b, 3);
    trygg_report_chart ch = {.type = TRYGG_REPORT_CHART_DOC, .m.doc = &d};
    trygg_report_layout *L = NULL;
    assert_int_equal(trygg_report_layout_new(g_cr, &ch, &L), TRYGG_REPORT_OK);
    assert_int_equal(L->nrows, 3);
    assert_true(L->rows[0].r.y < L->rows[1].r.y && L->rows[1].r.y < L->rows[2].r.y);
    assert_true(L->rows[0].r.y >= L->body.y);
    assert_true(L->label_font == d.frame.font_size);   /* it fits: not shrunk */
    assert_int_equal(L->ncols, 6);                     /* (1 + 2 rows) × 2 cells */
    assert_string_equal(L->cols[2].label.lines[0], "Botkyrka");
    assert_true(L->cols[2].r.w > L->cols[3].r.w);
    assert_true(L->cols[4].r.y > L->cols[2].r.y);      /* Fittja below Botkyrka */
    trygg_report_layout_free(L);
}

/* Text that does not fit shrinks, to 0.7 × the type at most; more is an
 * error, not a cut. */
static void test_doc_fit(void **state)
{
    (void)state;
    static char words[16000];   /* 160 sentences of 58 bytes */
    words[0] = 0;
    for (int i = 0; i < 120; i++)
        strcat(words, "Resultaten är vägda och redovisas med konfidensintervall. ");
    trygg_report_block one = {TRYGG_REPORT_BLOCK_PARAGRAPH, words, NULL, NULL, 0, 0, NULL, 0};
    trygg_report_doc d;
    doc_of(&d, &one, 1);
    trygg_report_chart ch = {.type = TRYGG_REPORT_CHART_DOC, .m.doc = &d};
    trygg_report_layout *L = NULL;
    assert_int_equal(trygg_report_layout_new(g_cr, &ch, &L), TRYGG_REPORT_OK);
    assert_true(L->label_font < d.frame.font_size && L->label_font >= 0.7 * d.frame.font_size);
    trygg_report_layout_free(L);
    for (int i = 0; i < 40; i++)
        strcat(words, "Resultaten är vägda och redovisas med konfidensintervall. ");
    d.frame.min_font = 9;   /* and no smaller than 9 */
    assert_int_equal(trygg_report_layout_new(g_cr, &ch, &L), TRYGG_REPORT_ERR_FIT);
    assert_null(L);
}

/* A Lägesbild at 16 × 10 cm in 8 pt type: every size the layout uses at
 * least 8; at 12 × 5 cm its rows would need smaller type, and it says so. */
static void test_smallest_type(void **state)
{
    (void)state;
    static const char *const labels[] = {"Nedskräpning", "Skadegörelse", "Bilar",
                                         "Berusade", "Narkotika", "Ungdomsgäng", "Slagsmål",
                                         "Inbrott"};
    trygg_report_bar bars[8];
    for (int i = 0; i < 8; i++) {
        trygg_report_bar_init(&bars[i]);
        bars[i].label = labels[i];
        bars[i].value = (trygg_report_value){0.1 + 0.03 * i, 0.08 + 0.03 * i, 0.12 + 0.03 * i,
                                             0};
    }
    trygg_report_lagesbild m;
    trygg_report_lagesbild_init(&m);
    m.items = bars;
    m.nitems = 8;
    m.frame.title = "Lägesbild";
    m.frame.note = "Källa: en mätning.";
    m.frame.width = 16 / 2.54 * 72;
    m.frame.height = 10 / 2.54 * 72;
    m.frame.min_font = 8;
    trygg_report_chart ch = {.type = TRYGG_REPORT_CHART_LAGESBILD, .m.lagesbild = &m};
    trygg_report_layout *L = NULL;
    assert_int_equal(trygg_report_layout_new(g_cr, &ch, &L), TRYGG_REPORT_OK);
    assert_true(L->compact);
    assert_true(L->label_font >= 8 && L->small_font >= 8);
    trygg_report_layout_free(L);
    m.frame.width = 12 / 2.54 * 72;
    m.frame.height = 5 / 2.54 * 72;
    assert_int_equal(trygg_report_layout_new(g_cr, &ch, &L), TRYGG_REPORT_ERR_FIT);
    m.frame.min_font = 0;   /* without a smallest size the rows' type shrinks */
    assert_int_equal(trygg_report_layout_new(g_cr, &ch, &L), TRYGG_REPORT_OK);
    assert_true(L->label_font < 8);
    trygg_report_layout_free(L);
}

/* The matrix: a point at its value on both axes, the split at x_split; a
 * suppressed point is in the key alone. */
static void test_matrix_layout(void **state)
{
    (void)state;
    trygg_report_point p[3] = {
        {"Nedskräpning", {0.35, 0.33, 0.37, 0}, {5, 3, 7, 0}, 4000, TRYGG_REPORT_MARK_UP,
         TRYGG_REPORT_TONE_WORSE, 1, 1},
        {"Inbrott", {0.13, 0.11, 0.15, 0}, {-2, -4, 0, 0}, 1000, 0, 0, 0, 2},
        {"Slagsmål", {NAN, NAN, NAN, TRYGG_REPORT_SUPPRESSED}, {NAN, NAN, NAN, 0}, NAN, 0, 0,
         0, 0}};
    trygg_report_matrix m;
    trygg_report_matrix_init(&m);
    m.points = p;
    m.npoints = 3;
    m.x_split = 0.25;
    m.y_scale.kind = TRYGG_REPORT_NUMBER;
    m.quadrant[1] = "Vanligt, över kommunen";
    trygg_report_chart ch = {.type = TRYGG_REPORT_CHART_MATRIX, .m.matrix = &m};
    trygg_report_layout *L = NULL;
    assert_int_equal(trygg_report_layout_new(g_cr, &ch, &L), TRYGG_REPORT_OK);
    double x = trygg_report_axis_map(&L->xaxis, 0.35), y = trygg_report_axis_map(&L->axis, 5);
    assert_true(x > L->plot.x && x < L->plot.x + L->plot.w);
    assert_true(y > L->plot.y && y < L->plot.y + L->plot.h);
    assert_true(trygg_report_axis_map(&L->axis, 0) > y);   /* above the enclosing area */
    assert_true(L->axis.lo <= -5 && L->axis.hi >= 5);       /* its level in the middle */
    assert_int_equal(L->nrows, 3);                          /* the key: all three */
    assert_non_null(strstr(L->rows[2].label.lines[0], "för få svar"));
    assert_true(L->rows[0].r.x > L->plot.x + L->plot.w);    /* beside the plot */
    trygg_report_layout_free(L);
}

/* A survey of many problems (40 items, 33 of them problems): every one on
 * the one matrix, its key in smaller type or in two columns, each entry
 * inside the page and none over another; beyond what two columns at the
 * smallest type hold, ERR_FIT. */
static void test_matrix_of_many_problems(void **state)
{
    (void)state;
    enum { MANY = 33, TOO_MANY = 120 };
    trygg_report_point p[TOO_MANY];
    for (size_t i = 0; i < TOO_MANY; i++)
        p[i] = (trygg_report_point){"Personer som uppehåller sig i trapphus: stort problem",
                                    {0.05 + 0.002 * (double)i, 0.04, 0.3, 0},
                                    {1, -1, 3, 0}, 1000, 0, 0, 0, (int)i + 1};
    trygg_report_matrix m;
    trygg_report_matrix_init(&m);
    m.points = p;
    m.npoints = MANY;
    m.x_split = 0.25;
    m.y_scale.kind = TRYGG_REPORT_NUMBER;
    trygg_report_chart ch = {.type = TRYGG_REPORT_CHART_MATRIX, .m.matrix = &m};
    trygg_report_layout *L = NULL;
    assert_int_equal(trygg_report_layout_new(g_cr, &ch, &L), TRYGG_REPORT_OK);
    assert_int_equal(L->nrows, MANY);
    assert_true(L->label_font < 0.9 * m.frame.font_size);   /* smaller than usual */
    assert_true(L->label_font >= 0.7 * m.frame.font_size - 1e-9);
    for (size_t i = 0; i < MANY; i++) {
        const trygg_report_rect *r = &L->rows[i].r;
        assert_true(r->x > L->plot.x + L->plot.w);           /* beside the plot */
        assert_true(r->y + r->h <= L->body.y + L->body.h + 1e-9);
        assert_true(r->x + r->w <= L->body.x + L->body.w + 1e-9);
        for (size_t j = 0; j < i; j++) {                      /* none over another */
            const trygg_report_rect *q = &L->rows[j].r;
            int apart = q->x + q->w <= r->x || r->x + r->w <= q->x ||
                        q->y + q->h <= r->y || r->y + r->h <= q->y;
            assert_true(apart);
        }
    }
    trygg_report_layout_free(L);
    m.npoints = TOO_MANY;
    L = NULL;
    assert_int_equal(trygg_report_layout_new(g_cr, &ch, &L), TRYGG_REPORT_ERR_FIT);
    trygg_report_layout_free(L);
}

/* A PDF of two pages: one structure (a document, a section a page, its
 * title a heading, a table as a table), and its language. */
static void test_pdf_structure(void **state)
{
    (void)state;
    trygg_report_block b = {TRYGG_REPORT_BLOCK_TABLE, NULL, HEAD, CELLS, 2, 2, NULL, 0};
    trygg_report_doc d;
    doc_of(&d, &b, 1);
    trygg_report_cover c;
    trygg_report_cover_init(&c);
    c.frame.title = "Trygghetsmätning Åby 2024";
    trygg_report_chart pages[2] = {{.type = TRYGG_REPORT_CHART_COVER, .m.cover = &c},
                                   {.type = TRYGG_REPORT_CHART_DOC, .m.doc = &d}};
    assert_int_equal(trygg_report_write_pdf(pages, 2, OUT "/two.pdf"), TRYGG_REPORT_OK);
    char *out;
    assert_int_equal(ts_shell("pdfinfo -struct '" OUT "/two.pdf'", &out), 0);
    const char *order[] = {"Document", "Sect", "H1", "Sect", "H1", "Table", "TR", "TH", "TD"};
    const char *at = out;
    for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
        at = strstr(at, order[i]);
        if (!at)
            fail_msg("the structure lacks %s (in this order):\n%s", order[i], out);
    }
    assert_null(strstr(out, "Warning"));
    free(out);
    assert_int_equal(ts_shell("pdfinfo '" OUT "/two.pdf'", &out), 0);
    assert_non_null(strstr(out, "Title:           Trygghetsmätning Åby 2024"));
    assert_non_null(strstr(out, "Pages:           2"));
    free(out);
    /* the language: the first page's; English for an English report */
    assert_int_equal(ts_shell("grep -a -c '/Lang (sv-SE)' '" OUT "/two.pdf'", &out), 0);
    free(out);
    c.frame.lang = TRYGG_REPORT_EN;
    assert_int_equal(trygg_report_write_pdf(pages, 2, OUT "/en.pdf"), TRYGG_REPORT_OK);
    assert_int_equal(ts_shell("grep -a -c '/Lang (en-GB)' '" OUT "/en.pdf'", &out), 0);
    free(out);
    /* pages of two sizes: still tagged, page by page */
    d.frame.width = 595;
    d.frame.height = 842;
    assert_int_equal(trygg_report_write_pdf(pages, 2, OUT "/mixed.pdf"), TRYGG_REPORT_OK);
    assert_int_equal(ts_shell("pdfinfo -struct '" OUT "/mixed.pdf'", &out), 0);
    assert_non_null(strstr(out, "Table"));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_doc_layout),    cmocka_unit_test(test_doc_fit),
        cmocka_unit_test(test_smallest_type), cmocka_unit_test(test_matrix_layout),
        cmocka_unit_test(test_matrix_of_many_problems),
        cmocka_unit_test(test_pdf_structure),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
