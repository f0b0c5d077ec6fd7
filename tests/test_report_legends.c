/* The chart library's marks and legends: each mark one meaning, a legend
 * entry for every kind of mark and hatch a page draws (in its tone's
 * words), the unstable values' reasons, priorities' headings and ranks,
 * and the confidence level as a percentage in the page's language. */
#include "test_support.h"
#include "trygg_report.h"

#include <math.h>
#include <string.h>

static cairo_surface_t *g_surf;
static cairo_t *g_cr;

static int setup(void **state)
{
    (void)state;
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
        cmocka_unit_test(test_level),
        cmocka_unit_test(test_lagesbild_legend),
        cmocka_unit_test(test_comparison_legend),
        cmocka_unit_test(test_table_legend),
        cmocka_unit_test(test_priorities_rows),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
