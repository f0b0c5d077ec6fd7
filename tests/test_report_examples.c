/* Every chart type for a made-up but realistic case (Botkyrka, Södertälje,
 * Norrtälje districts), rendered to PNG, SVG and one multi-page PDF in
 * $TRYGG_CHART_DIR (default /tmp/charts) for people to look at; the test
 * checks that each renders, and that no label leaves its column and no two
 * rows overlap. */
#include "test_support.h"
#include "trygg_report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define V(e, l, h) {(e), (l), (h), 0}
#define VU(e, l, h) {(e), (l), (h), TRYGG_REPORT_UNSTABLE}
#define VS {NAN, NAN, NAN, TRYGG_REPORT_SUPPRESSED}

static trygg_report_lang g_lang = TRYGG_REPORT_SV;

static const char *out_dir(void)
{
    const char *d = getenv("TRYGG_CHART_DIR");
    d = d && *d ? d : "/tmp/charts";
    mkdir(d, 0777);
    return d;
}

static const char *L2(const char *sv, const char *en)
{
    return g_lang == TRYGG_REPORT_SV ? sv : en;
}

static void frame(trygg_report_frame *f, const char *title_sv,
                  const char *title_en, const char *sub)
{
    f->lang = g_lang;
    f->title = L2(title_sv, title_en);
    f->subtitle = sub;
    f->note = L2("Källa: Trygghetsmätning 2024, Polisregion Stockholm. "
                 "Viktade andelar med 95 % konfidensintervall.",
                 "Source: Safety survey 2024, Stockholm police region. "
                 "Weighted shares with 95% confidence intervals.");
}

/* ---- 1. Lägesbild ---- */
static trygg_report_bar items_lb[13];
static trygg_report_headline heads_lb[4];
static trygg_report_lagesbild lb;

static void make_lagesbild(void)
{
    struct {
        const char *sv, *en;
        trygg_report_value v;
        double parent;
        trygg_report_mark mark;
    } d[] = {
        {"Nedskräpning", "Litter", V(.412, .371, .454), .352, 0},
        {"Dålig belysning", "Poor lighting", V(.236, .201, .273), .214, 0},
        {"Skadegörelse", "Vandalism", V(.298, .259, .339), .241, 1},
        {"Klotter", "Graffiti", V(.187, .155, .222), .162, 0},
        {"Bilar som kör för fort", "Cars driving too fast", V(.381, .340, .423),
         .402, 0},
        {"Mopeder och motorcyklar som körs vårdslöst",
         "Mopeds and motorcycles driven recklessly", V(.266, .229, .306), .221,
         1},
        {"Ungdomsgäng som stör ordningen", "Youths disturbing public order",
         V(.301, .262, .342), .215, 0},
        {"Berusade personer på allmän plats", "Drunk people in public",
         V(.224, .190, .261), .158, 2},
        {"Narkotikaförsäljning eller narkotikapåverkade personer",
         "Drug dealing or people on drugs in public", V(.342, .301, .385),
         .233, 1},
        {"Slagsmål och bråk utomhus", "Fights outdoors", VU(.088, .051, .147),
         .069, 0},
        {"Inbrott i bostäder", "Burglary", V(.119, .093, .150), .131, 0},
        {"Trakasserier av kvinnor", "Harassment of women", VS, .081, 0},
        {"Störande grannar", "Rowdy neighbours", V(.061, .043, .085), .058, 0},
    };
    trygg_report_lagesbild_init(&lb);
    for (size_t i = 0; i < N(d); i++) {
        trygg_report_bar_init(&items_lb[i]);
        items_lb[i].label = L2(d[i].sv, d[i].en);
        items_lb[i].value = d[i].v;
        items_lb[i].parent = d[i].parent;
        items_lb[i].mark = d[i].mark;
    }
    const char *hl[][2] = {{"Problemindex (0–6)", "Problem index (0–6)"},
                           {"Otrygg ute sent på kvällen",
                            "Unsafe out late in the evening"},
                           {"Utsatt för brott senaste 12 månaderna",
                            "Victim of crime, last 12 months"},
                           {"Förtroende för polisen", "Trust in the police"}};
    trygg_report_value hv[] = {V(1.84, 1.71, 1.97), V(.312, .281, .345),
                               VU(.118, .087, .158), V(.574, .538, .609)};
    for (size_t i = 0; i < 4; i++) {
        trygg_report_headline_init(&heads_lb[i]);
        heads_lb[i].label = L2(hl[i][0], hl[i][1]);
        heads_lb[i].value = hv[i];
    }
    heads_lb[0].scale.kind = TRYGG_REPORT_NUMBER;
    heads_lb[0].scale.decimals = 2;
    heads_lb[0].mark = TRYGG_REPORT_MARK_UP;
    heads_lb[3].mark = TRYGG_REPORT_MARK_DOWN;
    frame(&lb.frame, "Lägesbild: Södertälje centrum 2024",
          "Situation report: Södertälje centrum 2024",
          L2("Andel som anser att problemet är ganska eller mycket stort, "
             "n = 1 204",
             "Share who consider the problem fairly or very big, n = 1,204"));
    lb.frame.height = 700;
    lb.parent_label = L2("Södertälje kommun", "Södertälje municipality");
    lb.headlines = heads_lb;
    lb.nheadlines = 4;
    lb.items = items_lb;
    lb.nitems = N(d);
}

/* ---- 2. District comparison ---- */
static trygg_report_bar dist_cmp[10];
static trygg_report_comparison cmp;

static void make_comparison(void)
{
    struct {
        const char *name;
        trygg_report_value v;
        trygg_report_mark mark;
    } d[] = {
        {"Hallunda-Norsborg", V(.412, .368, .457), TRYGG_REPORT_MARK_UP},
        {"Alby", V(.455, .401, .510), TRYGG_REPORT_MARK_UP},
        {"Fittja", VU(.498, .402, .594), TRYGG_REPORT_MARK_UP},
        {"Tumba", V(.281, .246, .318), 0},
        {"Tullinge", V(.162, .134, .194), TRYGG_REPORT_MARK_DOWN},
        {"Vårsta och Grödinge med omnejd, inklusive Lida friluftsområde",
         V(.121, .085, .169), TRYGG_REPORT_MARK_DOWN},
        {"Storvreten", V(.302, .259, .348), 0},
        {"Eriksberg", V(.266, .219, .318), 0},
        {"Skårby", VS, 0},
        {"Uttran", V(.198, .151, .255), TRYGG_REPORT_MARK_DOWN},
    };
    trygg_report_comparison_init(&cmp);
    for (size_t i = 0; i < N(d); i++) {
        trygg_report_bar_init(&dist_cmp[i]);
        dist_cmp[i].label = d[i].name;
        dist_cmp[i].value = d[i].v;
        dist_cmp[i].mark = d[i].mark;
    }
    frame(&cmp.frame, "Otrygghet i Botkyrkas kommundelar 2024",
          "Insecurity in Botkyrka's districts 2024",
          L2("Andel som känner sig ganska eller mycket otrygga ute sent på "
             "kvällen i sitt bostadsområde",
             "Share feeling fairly or very unsafe out late in the evening in "
             "their area"));
    cmp.axis_title = L2("Andel otrygga ute sent på kvällen",
                        "Share unsafe out late in the evening");
    cmp.districts = dist_cmp;
    cmp.ndistricts = N(d);
    cmp.reference_label = "Botkyrka";
    cmp.reference = (trygg_report_value)V(.291, .276, .306);
}

/* ---- 3. Problem table ---- */
static const char *tab_rows[] = {"Norrtälje stad", "Rimbo", "Hallstavik",
                                 "Älmsta", "Rånäs",
                                 "Söderbykarl-Estuna-Ununge-Husby-Rimbo "
                                 "landsbygd", "Grisslehamn", "Skebobruk"};
static const char *tab_cols_sv[] = {"Nedskräpning", "Dålig belysning",
                                    "Skadegörelse", "Klotter",
                                    "Bilar som kör för fort",
                                    "Mopeder och motorcyklar",
                                    "Ungdomsgäng", "Berusade personer",
                                    "Narkotikaförsäljning", "Slagsmål",
                                    "Inbrott"};
static const char *tab_cols_en[] = {"Litter", "Poor lighting", "Vandalism",
                                    "Graffiti", "Cars driving too fast",
                                    "Mopeds and motorcycles", "Youth gangs",
                                    "Drunk people", "Drug dealing", "Fights",
                                    "Burglary"};
static trygg_report_cell tab_cells[8 * 11], tab_total[11];
static trygg_report_band tab_bands[3];
static trygg_report_table tab;

static void make_table(void)
{
    trygg_report_table_init(&tab);
    srand(7);
    for (size_t i = 0; i < N(tab_cells) + N(tab_total); i++) {
        trygg_report_cell *c =
            i < N(tab_cells) ? &tab_cells[i] : &tab_total[i - N(tab_cells)];
        double v = 0.6 + 2.2 * rand() / (double)RAND_MAX;
        c->value = (trygg_report_value)V(v, v - .2, v + .2);
        c->mark = rand() % 9 == 0 ? TRYGG_REPORT_MARK_UP
                  : rand() % 12 == 0 ? TRYGG_REPORT_MARK_DOWN
                                     : TRYGG_REPORT_MARK_NONE;
        if (i < N(tab_cells) && rand() % 17 == 0)
            c->value.flags = TRYGG_REPORT_UNSTABLE;
    }
    tab_cells[4 * 11 + 2].value.flags = TRYGG_REPORT_SUPPRESSED;
    tab_cells[6 * 11 + 7].value.flags = TRYGG_REPORT_SUPPRESSED;
    tab_bands[0] = (trygg_report_band){1.5, 0.80, 0.92, 0.86,
                                       L2("litet problem (under 1,5)",
                                          "small problem (below 1.5)")};
    tab_bands[1] = (trygg_report_band){2.2, 0.98, 0.93, 0.62,
                                       L2("medelstort (1,5–2,2)",
                                          "medium (1.5–2.2)")};
    tab_bands[2] = (trygg_report_band){INFINITY, 0.96, 0.72, 0.55,
                                       L2("stort problem (2,2 och över)",
                                          "big problem (2.2 and above)")};
    frame(&tab.frame, "Problemindex per kommundel, Norrtälje 2024",
          "Problem index by district, Norrtälje 2024",
          L2("Index 0–6, där 0 = inget problem och 6 = ett stort problem",
             "Index 0–6, where 0 = no problem and 6 = a big problem"));
    tab.scale.kind = TRYGG_REPORT_NUMBER;
    tab.scale.decimals = 2;
    tab.rows = tab_rows;
    tab.nrows = N(tab_rows);
    tab.cols = g_lang == TRYGG_REPORT_SV ? tab_cols_sv : tab_cols_en;
    tab.ncols = N(tab_cols_sv);
    tab.cells = tab_cells;
    tab.total_label = L2("Norrtälje kommun", "Norrtälje municipality");
    tab.total = tab_total;
    tab.bands = tab_bands;
    tab.nbands = 3;
}

/* ---- 4. Groups ---- */
static const char *grp_groups[] = {"16–24", "25–34", "35–44", "45–54",
                                   "55–64", "65–74", "75–84"};
static const char *grp_series_sv[] = {"Kvinnor", "Män"};
static const char *grp_series_en[] = {"Women", "Men"};
static trygg_report_value grp_vals[14];
static trygg_report_groups grp;

static void make_groups(void)
{
    double w[] = {.38, .33, .29, .27, .30, .36, .44};
    double m[] = {.19, .14, .12, .11, .12, .15, .21};
    trygg_report_groups_init(&grp);
    for (size_t g = 0; g < 7; g++) {
        grp_vals[g] = (trygg_report_value)V(w[g], w[g] - .05, w[g] + .05);
        grp_vals[7 + g] = (trygg_report_value)V(m[g], m[g] - .04, m[g] + .045);
    }
    grp_vals[6].flags = TRYGG_REPORT_UNSTABLE;
    grp_vals[6].lo = .31;
    grp_vals[6].hi = .58;
    grp_vals[13] = (trygg_report_value)VS;
    frame(&grp.frame, "Otrygghet efter kön och ålder, Hallunda-Norsborg 2024",
          "Insecurity by sex and age, Hallunda-Norsborg 2024", NULL);
    grp.axis_title = L2("Andel otrygga ute sent på kvällen",
                        "Share unsafe late in the evening");
    grp.groups = grp_groups;
    grp.ngroups = 7;
    grp.series = g_lang == TRYGG_REPORT_SV ? grp_series_sv : grp_series_en;
    grp.nseries = 2;
    grp.values = grp_vals;
}

/* ---- 5. Trend ---- */
static const int trd_years[] = {2016, 2017, 2018, 2019, 2020, 2021, 2022,
                                2023, 2024};
static trygg_report_value trd_area[9], trd_parent[9];
static trygg_report_trend trd;

static void make_trend(void)
{
    double a[] = {.352, .368, .391, .377, .402, .421, .396, .433, .412};
    double p[] = {.276, .281, .289, .284, .295, .301, .288, .297, .291};
    trygg_report_trend_init(&trd);
    for (size_t i = 0; i < 9; i++) {
        trd_area[i] = (trygg_report_value)V(a[i], a[i] - .041, a[i] + .044);
        trd_parent[i] = (trygg_report_value)V(p[i], p[i] - .012, p[i] + .012);
    }
    trd_area[3].flags = TRYGG_REPORT_SUPPRESSED;
    trd_area[5].flags = TRYGG_REPORT_UNSTABLE;
    trd_area[5].lo = .351;
    trd_area[5].hi = .494;
    frame(&trd.frame, "Otrygghet över tid, Hallunda-Norsborg",
          "Insecurity over time, Hallunda-Norsborg", NULL);
    trd.axis_title = L2("Andel otrygga ute sent på kvällen",
                        "Share unsafe late in the evening");
    trd.years = trd_years;
    trd.nyears = 9;
    trd.area_label = "Hallunda-Norsborg";
    trd.area = trd_area;
    trd.parent_label = L2("Botkyrka kommun", "Botkyrka municipality");
    trd.parent = trd_parent;
}

/* ---- 6. Priorities ---- */
static trygg_report_bar pri_items[6];
static trygg_report_priorities pri;

static void make_priorities(void)
{
    struct {
        const char *sv, *en, *tsv, *ten;
        trygg_report_value v;
        trygg_report_mark mark;
    } d[] = {
        {"Narkotikaförsäljning", "Drug dealing",
         "Ökar sedan 2022; signalbrott; klart högre än i kommunen",
         "Rising since 2022; signal crime; clearly above the municipality",
         V(.342, .301, .385), TRYGG_REPORT_MARK_UP},
        {"Nedskräpning", "Litter",
         "Vanligast; påverkar många; går att påverka lokalt",
         "Most common; affects many; can be influenced locally",
         V(.412, .371, .454), 0},
        {"Ungdomsgäng som stör ordningen", "Youths disturbing order",
         "Högre än i liknande områden; oro bland äldre",
         "Above similar areas; worry among older residents",
         V(.301, .262, .342), 0},
        {"Mopeder och motorcyklar som körs vårdslöst",
         "Mopeds and motorcycles driven recklessly",
         "Ökar; koncentrerat till centrum och stationen",
         "Rising; concentrated around the centre and the station",
         V(.266, .229, .306), TRYGG_REPORT_MARK_UP},
        {"Dålig belysning", "Poor lighting",
         "Kommunen kan åtgärda snabbt; trygghetsvandring föreslår platser",
         "The municipality can act quickly; a safety walk suggests places",
         V(.236, .201, .273), 0},
        {"Slagsmål och bråk utomhus", "Fights outdoors",
         "Få svar, osäker skattning; följ upp nästa år",
         "Few answers, unstable estimate; follow up next year",
         VU(.088, .051, .147), 0},
    };
    trygg_report_priorities_init(&pri);
    for (size_t i = 0; i < N(d); i++) {
        trygg_report_bar_init(&pri_items[i]);
        pri_items[i].label = L2(d[i].sv, d[i].en);
        pri_items[i].text = L2(d[i].tsv, d[i].ten);
        pri_items[i].value = d[i].v;
        pri_items[i].mark = d[i].mark;
    }
    frame(&pri.frame, "Förslag till prioriteringar, Södertälje centrum",
          "Suggested priorities, Södertälje centrum",
          L2("Underlag till medborgarlöfte 2025", "Input to the citizen "
                                                  "promise 2025"));
    pri.axis_title = L2("Andel som anser att problemet är stort",
                        "Share who consider the problem big");
    pri.items = pri_items;
    pri.nitems = N(d);
}

/* ---- cover ---- */
static trygg_report_cover cov;
static const char *cov_par[2];

static void make_cover(void)
{
    trygg_report_cover_init(&cov);
    cov.frame.lang = g_lang;
    cov.frame.title = L2("Trygghetsmätning 2024 – Södertälje centrum",
                         "Safety survey 2024 – Södertälje centrum");
    cov.frame.subtitle = L2("Lägesbild för medborgarlöfte och åtgärdsplan",
                            "Situation report for the citizen promise");
    cov.headlines = heads_lb;
    cov.nheadlines = 4;
    cov_par[0] = L2("Andelen som ser narkotikaförsäljning som ett stort "
                    "problem har ökat signifikant sedan 2023 och är högre än "
                    "i kommunen som helhet. Otryggheten ute sent på kvällen "
                    "är oförändrad.",
                    "The share who see drug dealing as a big problem has "
                    "risen significantly since 2023 and is above the "
                    "municipality as a whole. Insecurity late in the "
                    "evening is unchanged.");
    cov_par[1] = L2("Resultat baserade på färre än 41 svar redovisas inte "
                    "(”för få svar”). Skattningar med stor osäkerhet visas "
                    "skrafferade.",
                    "Results based on fewer than 41 answers are not shown "
                    "(“too few answers”). Unstable estimates are hatched.");
    cov.paragraphs = cov_par;
    cov.nparagraphs = 2;
}

static void make_all(void)
{
    make_lagesbild();
    make_comparison();
    make_table();
    make_groups();
    make_trend();
    make_priorities();
    make_cover();
}

static trygg_report_chart charts[7];
static const char *names[7] = {"lagesbild", "comparison", "table", "groups",
                               "trend", "priorities", "cover"};

static void fill_charts(void)
{
    make_all();
    charts[0] = (trygg_report_chart){TRYGG_REPORT_CHART_LAGESBILD,
                                     {.lagesbild = &lb}};
    charts[1].type = TRYGG_REPORT_CHART_COMPARISON;
    charts[1].m.comparison = &cmp;
    charts[2].type = TRYGG_REPORT_CHART_TABLE;
    charts[2].m.table = &tab;
    charts[3].type = TRYGG_REPORT_CHART_GROUPS;
    charts[3].m.groups = &grp;
    charts[4].type = TRYGG_REPORT_CHART_TREND;
    charts[4].m.trend = &trd;
    charts[5].type = TRYGG_REPORT_CHART_PRIORITIES;
    charts[5].m.priorities = &pri;
    charts[6].type = TRYGG_REPORT_CHART_COVER;
    charts[6].m.cover = &cov;
}

/* Lines of a slot's label fit within width (measured as drawn). */
static void check_lines(cairo_t *cr, const trygg_report_lines *l, double size,
                        double width, const char *what)
{
    trygg_report_set_font(cr, NULL, size, 0);
    for (size_t i = 0; i < l->nlines; i++) {
        double w = trygg_report_text_width(cr, l->lines[i]);
        if (w > width + 0.01)
            fail_msg("%s: line \"%s\" is %.1f wide, room %.1f", what,
                     l->lines[i], w, width);
    }
}

static void check_layout(const trygg_report_chart *c, const char *name)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 4, 4);
    cairo_t *cr = cairo_create(s);
    trygg_report_layout *L = NULL;
    assert_int_equal(trygg_report_layout_new(cr, c, &L), TRYGG_REPORT_OK);
    /* Rows never overlap, and their labels fit their column. */
    for (size_t i = 0; i < L->nrows; i++) {
        const trygg_report_slot *r = &L->rows[i];
        if (i > 0)
            assert_true(r->r.y >= L->rows[i - 1].r.y + L->rows[i - 1].r.h -
                                      1e-9);
        assert_true(r->label.nlines * 1.25 * L->label_font <= r->r.h + 1e-6);
        if (L->label_col.w > 0)
            check_lines(cr, &r->label, L->label_font, L->label_col.w, name);
        assert_true(r->r.y + r->r.h <= L->body.y + L->body.h + 1e-6);
    }
    if (L->plot.w > 0) { /* the cover has no plot */
        assert_true(L->plot.x >= L->body.x - 1e-6);
        assert_true(L->plot.x + L->plot.w <= L->body.x + L->body.w + 1e-6);
        assert_true(L->plot.y >= L->body.y - 1e-6);
        assert_true(L->plot.y + L->plot.h <= L->body.y + L->body.h + 1e-6);
    }
    trygg_report_layout_free(L);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

static void render_all(const char *suffix)
{
    char path[512];
    fill_charts();
    for (size_t i = 0; i < N(charts); i++) {
        check_layout(&charts[i], names[i]);
        snprintf(path, sizeof path, "%s/%s%s.png", out_dir(), names[i], suffix);
        assert_int_equal(trygg_report_write_png(&charts[i], 1.5, path),
                         TRYGG_REPORT_OK);
        snprintf(path, sizeof path, "%s/%s%s.svg", out_dir(), names[i], suffix);
        assert_int_equal(trygg_report_write_svg(&charts[i], path),
                         TRYGG_REPORT_OK);
    }
    trygg_report_chart pages[] = {charts[6], charts[0], charts[1], charts[2],
                                  charts[3], charts[4], charts[5]};
    snprintf(path, sizeof path, "%s/report%s.pdf", out_dir(), suffix);
    assert_int_equal(trygg_report_write_pdf(pages, N(pages), path),
                     TRYGG_REPORT_OK);
}

static void test_swedish(void **state)
{
    (void)state;
    g_lang = TRYGG_REPORT_SV;
    render_all("");
}

static void test_english(void **state)
{
    (void)state;
    g_lang = TRYGG_REPORT_EN;
    render_all("_en");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_swedish),
        cmocka_unit_test(test_english),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    /* Cairo's font cache holds fontconfig patterns; release them so that
     * valgrind reports only what the library itself leaked. */
    cairo_debug_reset_static_data();
    return failed;
}
