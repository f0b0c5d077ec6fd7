/* The publication layer's pages from hand-made results: the values,
 * marks, legends' texts and notes each page must carry, and what a
 * suppressed or empty value must not. Every number here is set by hand;
 * the decisions (significant or not) are the rows', as the library would
 * make them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"
#include "trygg.h"
#include "trygg_book.h"
#include "book_internal.h"
#include "priorities_internal.h"
#include "results_internal.h"

#define BOOK TRYGG_TEST_DIR "/data/book/survey.trygg"
#define MINI TRYGG_TEST_DIR "/data/mini/survey.trygg"

/* indicators of the book fixture, in its order */
static const char *const IND[] = {"litter", "speed", "index", "trust_high", "trust_dk"};

typedef struct {
    trygg_definition *def;
    trygg_results *est;
    trygg_changes *chg, *con;
    trygg_priorities *prio;
    trygg_book_ctx ctx;
    trygg_book_arena a;
} fixture;

static void est(trygg_results *r, int year, const char *level, const char *dom,
                const char *plevel, const char *parent, size_t k, double e, double lo,
                double hi, double n, unsigned flags)
{
    trygg_estimate_row x = {0};
    x.year = year;
    x.level = level;
    x.domain = dom;
    x.parent_level = plevel;
    x.parent = parent;
    x.indicator = IND[k];
    x.indicator_index = k;
    x.is_share = k != 2;
    x.estimate = e;
    x.ci_low = lo;
    x.ci_high = hi;
    x.n = n;
    x.flags = flags;
    x.confidence = 0.9;
    x.variance = TRYGG_VARIANCE_LINEARIZATION;
    assert_int_equal(trygg_results_push(r, &x), TRYGG_OK);
}

/* One area's five indicators in a year: v[k] ± 0.05, n answers each. */
static void area(trygg_results *r, int year, const char *level, const char *dom,
                 const char *plevel, const char *parent, const double v[5], double n)
{
    for (size_t k = 0; k < 5; k++)
        est(r, year, level, dom, plevel, parent, k, v[k], v[k] - 0.05, v[k] + 0.05, n, 0);
}

static void change(trygg_changes *c, const char *dom, size_t k, const char *other,
                   int significant, unsigned flags)
{
    trygg_change_row x = {0};
    x.year_from = other ? 2024 : 2023;
    x.year_to = 2024;
    x.level = "district";
    x.domain = dom;
    x.other_level = other ? "municipality" : "";
    x.other_domain = other ? other : "";
    x.indicator = IND[k];
    x.indicator_index = k;
    x.change = significant ? 0.1 * significant : 0.01;
    x.p_value = significant ? 0.001 : 0.5;
    x.p_adjusted = significant ? 0.005 : 1;
    x.significant = significant;
    x.alpha = 0.05;
    x.adjust = TRYGG_ADJUST_HOLM;
    x.family_size = 5;
    x.confidence = 0.9;
    x.flags = flags;
    assert_int_equal(trygg_changes_push(c, &x), TRYGG_OK);
}

static void results(fixture *f)
{
    static const double reg[5] = {0.28, 0.33, 1.5, 0.6, 0.1}, aby[5] = {0.25, 0.35, 1.4, 0.62, 0.12},
                        ost[5] = {0.22, 0.25, 1.5, 0.5, 0.05}, vst[5] = {0.4, 0.3, 1.0, 0.7, 0.2};
    trygg_results *r = f->est;
    for (int y = 2023; y <= 2024; y++) {
        area(r, y, "region", "region", "", "", reg, 100);
        if (y == 2023) {
            area(r, y, "municipality", "Åby", "region", "region", aby, 80);
            area(r, y, "district", "Östra", "municipality", "Åby", ost, 40);
            area(r, y, "district", "Väst", "municipality", "Åby", vst, 40);
            continue;
        }
        est(r, y, "municipality", "Åby", "region", "region", 0, 0.25, 0.22, 0.28, 80,
            TRYGG_FLAG_UNSTABLE | TRYGG_FLAG_HIGH_CV);
        for (size_t k = 1; k < 5; k++)
            est(r, y, "municipality", "Åby", "region", "region", k, aby[k], aby[k] - 0.05,
                aby[k] + 0.05, 80, 0);
        est(r, y, "district", "Östra", "municipality", "Åby", 0, 0.30, 0.25, 0.36, 40, 0);
        est(r, y, "district", "Östra", "municipality", "Åby", 1, 0.20, 0.12, 0.30, 4,
            TRYGG_FLAG_UNSTABLE | TRYGG_FLAG_LOW_N);
        est(r, y, "district", "Östra", "municipality", "Åby", 2, 1.6, 1.4, 1.8, 40, 0);
        est(r, y, "district", "Östra", "municipality", "Åby", 3, 0.55, 0.5, 0.6, 40, 0);
        est(r, y, "district", "Östra", "municipality", "Åby", 4, 0.08, 0.05, 0.12, 40, 0);
        /* suppressed, its numbers still in the row: none may reach a page */
        est(r, y, "district", "Väst", "municipality", "Åby", 0, 0.42, 0.30, 0.55, 2,
            TRYGG_FLAG_SUPPRESSED | TRYGG_FLAG_UNSTABLE | TRYGG_FLAG_LOW_N);
        est(r, y, "district", "Väst", "municipality", "Åby", 1, NAN, NAN, NAN, 0,
            TRYGG_FLAG_EMPTY);
        for (size_t k = 2; k < 5; k++)
            est(r, y, "district", "Väst", "municipality", "Åby", k, vst[k], vst[k] - 0.05,
                vst[k] + 0.05, 10, 0);
    }
}

static void decisions(fixture *f)
{
    change(f->chg, "Östra", 0, NULL, 1, 0);    /* litter up: worse */
    change(f->chg, "Östra", 1, NULL, -1, 0);   /* speed down: better */
    change(f->chg, "Östra", 2, NULL, 0, 0);
    change(f->chg, "Östra", 3, NULL, 1, 0);    /* trust up: better */
    change(f->chg, "Östra", 4, NULL, 1, 0);    /* no direction */
    change(f->chg, "Väst", 0, NULL, 1, 0);     /* of a suppressed value */
    change(f->con, "Östra", 0, "Åby", 1, 0);
    change(f->con, "Östra", 1, "Åby", -1, 0);
    change(f->con, "Väst", 0, "Åby", 1, TRYGG_FLAG_SUPPRESSED);
}

static trygg_priority_row prow(const char *level, const char *area, const char *parent,
                               size_t k, int rank, int priority, const char *reason,
                               unsigned flags)
{
    trygg_priority_row r;
    memset(&r, 0, sizeof r);
    r.rank = rank;
    r.priority = priority;
    r.reason = reason;
    r.reason_en = reason;
    r.year = 2024;
    r.level = level;
    r.area = area;
    r.parent = parent;
    r.indicator = IND[k];
    r.indicator_index = k;
    r.is_share = k != 2;
    r.estimate = 0.5;  /* what the page must not print for a hidden row */
    r.ci_low = 0.4;
    r.ci_high = 0.6;
    r.flags = flags;
    return r;
}

static trygg_priorities *priorities(void)
{
    const trygg_priority_row rows[] = {
        prow("district", "Östra", "Åby", 0, 1, 1, "signifikant högre än Åby", 0),
        prow("district", "Östra", "Åby", 1, 2, 0, "varken signifikant högre eller ökande", 0),
        prow("district", "Östra", "Åby", 4, 3, 0, "för få svar", TRYGG_FLAG_SUPPRESSED),
        prow("district", "Östra", "Åby", 2, 4, 0, "index", 0),
        /* the library names the region as the definition does */
        prow("municipality", "Åby", "region", 3, 1, 1,
             "signifikant högre än Polisregion Test", 0),
    };
    trygg_priorities *p = calloc(1, sizeof *p);
    assert_non_null(p);
    p->count = p->cap = sizeof rows / sizeof *rows;
    p->rows = malloc(sizeof rows);
    memcpy(p->rows, rows, sizeof rows);
    return p;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    trygg_errors *err = trygg_errors_new(10);
    assert_int_equal(trygg_definition_load(BOOK, &f->def, err), TRYGG_OK);
    trygg_errors_free(err);
    assert_int_equal(trygg_results_new(&f->est), TRYGG_OK);
    assert_int_equal(trygg_changes_new(&f->chg), TRYGG_OK);
    assert_int_equal(trygg_changes_new(&f->con), TRYGG_OK);
    results(f);
    decisions(f);
    f->prio = priorities();
    f->ctx = (trygg_book_ctx){.def = f->def, .est = f->est, .chg = f->chg, .con = f->con,
                              .prio = f->prio, .lang = TRYGG_REPORT_SV, .year = 2024};
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    trygg_book_arena_free(&f->a);
    trygg_priorities_free(f->prio);
    trygg_changes_free(f->chg);
    trygg_changes_free(f->con);
    trygg_results_free(f->est);
    trygg_definition_free(f->def);
    free(f);
    return 0;
}

static int hidden(const trygg_report_value *v)
{
    return v->flags == TRYGG_REPORT_SUPPRESSED && isnan(v->est) && isnan(v->lo) &&
           isnan(v->hi);
}

static void no_nan(const char *s)
{
    assert_non_null(s);
    assert_null(strstr(s, "nan"));
    assert_null(strstr(s, "NaN"));
}

static void test_lagesbild(void **state)
{
    fixture *f = *state;
    trygg_report_chart ch;
    assert_int_equal(trygg_book_lagesbild(&f->ctx, &f->a, "district", "Östra", &ch), 0);
    const trygg_report_lagesbild *m = ch.m.lagesbild;
    assert_string_equal(m->frame.title, "Lägesbild Östra 2024");
    assert_int_equal(m->nitems, 2);
    /* a municipality's district pages: its order (Åby's speed 35 % before
     * its litter 25 %) and one axis, up to the largest published value or
     * upper limit (Östra's litter 36 %; Väst's hidden 55 % moves nothing) */
    const trygg_report_bar *speed = &m->items[0], *litter = &m->items[1];
    assert_int_equal(m->sort, TRYGG_REPORT_SORT_NONE);
    assert_true(m->scale.min == 0 && m->scale.max == 0.36);
    assert_string_equal(litter->label, "Nedskräpning: stort problem");
    /* the previous survey's value beside it */
    assert_int_equal(m->previous_year, 2023);
    assert_true(litter->previous.est == 0.22 && speed->previous.est == 0.25);
    assert_string_equal(m->frame.facts, "Antal svar 2024: 40 (2023: 40)");
    assert_true(litter->value.est == 0.30 && litter->value.lo == 0.25);
    assert_true(litter->parent == 0.25);   /* Åby's, though unstable */
    assert_int_equal(litter->mark, TRYGG_REPORT_MARK_UP);
    assert_int_equal(litter->tone, TRYGG_REPORT_TONE_WORSE);
    assert_int_equal(speed->mark, TRYGG_REPORT_MARK_DOWN);
    assert_int_equal(speed->tone, TRYGG_REPORT_TONE_BETTER);
    assert_int_equal(speed->value.flags,
                     TRYGG_REPORT_UNSTABLE | TRYGG_REPORT_LOW_N);
    /* headlines: the index and high trust, a rise in trust for the better */
    assert_int_equal(m->nheadlines, 2);
    assert_string_equal(m->headlines[1].label, "Stort förtroende för polisen");
    assert_int_equal(m->headlines[1].mark, TRYGG_REPORT_MARK_UP);
    assert_int_equal(m->headlines[1].tone, TRYGG_REPORT_TONE_BETTER);
    assert_int_equal(m->headlines[0].mark, TRYGG_REPORT_MARK_NONE);
    assert_string_equal(m->parent_label, "Åby");
    /* the level is the rows', and every text says it */
    assert_true(m->frame.ci_level == 0.9);
    assert_string_equal(m->frame.low_n_text, "osäker skattning: färre än 5 svar");
    assert_string_equal(m->frame.high_cv_text,
                        "osäker skattning: variationskoefficient över 30 %");
    assert_string_equal(m->frame.note,
                        "Källa: Testmätning, 2024. Staplarna visar andelen med 90 % "
                        "konfidensintervall; ◆ = Åby; inom parentes föregående mätning. ▲▼ = "
                        "signifikant förändring sedan 2023 "
                        "(Holm-justerat p < 0,05 bland områdets 5 indikatorer). Färre än 3 svar "
                        "redovisas inte (”för få svar”).");
}

static void test_suppressed_and_empty(void **state)
{
    fixture *f = *state;
    trygg_report_chart ch;
    assert_int_equal(trygg_book_lagesbild(&f->ctx, &f->a, "district", "Väst", &ch), 0);
    const trygg_report_lagesbild *m = ch.m.lagesbild;
    /* suppressed: "för få svar" and nothing else, though the row holds
     * numbers and its change row says significant */
    assert_true(hidden(&m->items[1].value));
    assert_int_equal(m->items[1].mark, TRYGG_REPORT_MARK_NONE);
    /* no answers: "inga svar" */
    assert_int_equal(m->items[0].value.flags, TRYGG_REPORT_EMPTY);
    assert_true(isnan(m->items[0].value.est));
    /* the description names published values only */
    assert_string_equal(m->frame.description, "Diagrammet har inga redovisade värden. 1 "
                                              "redovisas inte (för få svar).");
    no_nan(m->frame.note);
    /* the same from the value function */
    trygg_estimate_row x = {0};
    x.estimate = 0.4;
    x.ci_low = 0.3;
    x.ci_high = 0.5;
    x.n = 100;
    x.flags = TRYGG_FLAG_SUPPRESSED | TRYGG_FLAG_COMPLEMENTARY | TRYGG_FLAG_HIGH_CV;
    trygg_report_value v = trygg_book_value(&x);
    assert_true(hidden(&v));
}

static void test_region_name(void **state)
{
    fixture *f = *state;
    trygg_report_chart ch;
    assert_int_equal(trygg_book_lagesbild(&f->ctx, &f->a, "municipality", "Åby", &ch), 0);
    assert_string_equal(ch.m.lagesbild->parent_label, "Polisregion Test");
    assert_int_equal(trygg_book_lagesbild(&f->ctx, &f->a, "region", "region", &ch), 0);
    assert_string_equal(ch.m.lagesbild->frame.title, "Lägesbild Polisregion Test 2024");
    /* without a region_name: a neutral word, never the level's id */
    trygg_definition *mini = NULL;
    trygg_errors *err = trygg_errors_new(10);
    assert_int_equal(trygg_definition_load(MINI, &mini, err), TRYGG_OK);
    trygg_book_ctx c = f->ctx;
    c.def = mini;
    assert_string_equal(trygg_book_area_name(&c, "region", "region"), "regionen");
    c.lang = TRYGG_REPORT_EN;
    assert_string_equal(trygg_book_area_name(&c, "region", "region"), "the region");
    assert_string_equal(trygg_book_area_name(&c, "district", "Östra"), "Östra");
    trygg_definition_free(mini);
    trygg_errors_free(err);
}

static void test_comparison(void **state)
{
    fixture *f = *state;
    trygg_report_chart ch;
    assert_int_equal(trygg_book_comparison(&f->ctx, &f->a, "Åby", "litter", &ch), 0);
    const trygg_report_comparison *m = ch.m.comparison;
    assert_int_equal(m->ndistricts, 2);
    /* each district's answers beside its name, its previous value beside
     * its value */
    assert_string_equal(m->districts[0].label, "Östra (40 svar)");
    assert_int_equal(m->previous_year, 2023);
    assert_true(m->districts[0].previous.est == 0.22);
    assert_true(hidden(&m->districts[1].value) && m->districts[1].previous.est == 0.4);
    assert_int_equal(m->districts[0].mark, TRYGG_REPORT_MARK_ABOVE);
    assert_int_equal(m->districts[0].tone, TRYGG_REPORT_TONE_WORSE);
    assert_true(hidden(&m->districts[1].value));
    assert_int_equal(m->districts[1].mark, TRYGG_REPORT_MARK_NONE);
    assert_true(m->reference.est == 0.25);
    assert_string_equal(m->frame.note,
                        "Källa: Testmätning, 2024. Staplar med 90 % konfidensintervall; linjen "
                        "och fältet: Åby med sitt intervall. ⊕⊖ = signifikant högre/lägre än "
                        "Åby (Holm-justerat p < 0,05 bland områdets 5 indikatorer; med hänsyn "
                        "till att området ingår i Åby). Färre än 3 svar redovisas inte (”för "
                        "få svar”).");
}

static void test_table(void **state)
{
    fixture *f = *state;
    trygg_report_chart ch;
    assert_int_equal(trygg_book_table(&f->ctx, &f->a, "Åby", 0, &ch), 0);
    const trygg_report_table *m = ch.m.table;
    assert_int_equal(m->nrows, 2);
    assert_int_equal(m->ncols, 2);   /* the two problem items */
    assert_int_equal(m->cells[0].mark, TRYGG_REPORT_MARK_UP);          /* Östra litter */
    assert_int_equal(m->cells[0].tone, TRYGG_REPORT_TONE_WORSE);
    assert_true(hidden(&m->cells[2].value));                            /* Väst litter */
    assert_int_equal(m->cells[2].mark, TRYGG_REPORT_MARK_NONE);
    assert_int_equal(m->cells[3].value.flags, TRYGG_REPORT_EMPTY);      /* Väst speed */
    assert_int_equal(m->total[0].value.flags, TRYGG_REPORT_UNSTABLE | TRYGG_REPORT_HIGH_CV);
    /* the definition's default bands 0.25 0.5, with their limits */
    assert_int_equal(m->nbands, 3);
    assert_string_equal(m->bands[0].label, "litet (under 25 %)");
    assert_string_equal(m->bands[1].label, "måttligt (25–50 %)");
    assert_string_equal(m->bands[2].label, "stort (50 % och mer)");
    assert_true(m->bands[0].upper == 0.25 && isinf(m->bands[2].upper));
    /* the note describes a table, not bars */
    assert_null(strstr(m->frame.note, "Stapl"));
    assert_non_null(strstr(m->frame.note, "Cellerna visar andelen"));
    assert_non_null(strstr(m->frame.note, "▲▼ = signifikant förändring sedan 2023"));
    assert_int_equal(trygg_book_table(&f->ctx, &f->a, "Åby", 1, &ch), -1);
}

static void test_trend_and_cover(void **state)
{
    fixture *f = *state;
    trygg_report_chart ch;
    assert_int_equal(trygg_book_trend(&f->ctx, &f->a, "district", "Östra", "litter", &ch), 0);
    const trygg_report_trend *t = ch.m.trend;
    assert_int_equal(t->nyears, 2);
    assert_int_equal(t->years[0], 2023);
    assert_true(t->area[0].est == 0.22 && t->area[1].est == 0.30);
    assert_string_equal(t->parent_label, "Åby");
    assert_true(t->parent[1].est == 0.25);
    assert_int_equal(trygg_book_cover(&f->ctx, &f->a, "district", "Östra", &ch), 0);
    const trygg_report_cover *c = ch.m.cover;
    assert_string_equal(c->frame.title, "Trygghetsmätning Östra 2024");
    assert_int_equal(c->nheadlines, 2);
    assert_int_equal(c->headlines[1].previous_year, 2023);
    assert_true(c->headlines[1].previous.est == 0.5);
    /* the summary in sentences, every number Östra's row as printed: the
     * index did not change significantly, trust rose (significant), the
     * three clearest changes (equal p: the definition's order), the most
     * common problem, the priorities by the estimate (not the priority
     * row's copy) */
    const char *want[] = {
        "”Problemindex (0–6)” är 1,60 (2023: 1,50); skillnaden är inte statistiskt "
        "säkerställd.",
        "Andelen ”Stort förtroende för polisen” har ökat från 50,0 % till 55,0 % sedan 2023, "
        "en statistiskt säkerställd ökning (till det bättre).",
        "De tydligaste statistiskt säkerställda förändringarna sedan föregående mätning: "
        "andelen ”Nedskräpning: stort problem” har ökat från 22,0 % till 30,0 %; andelen "
        "”Bilar som kör för fort: stort problem” har minskat från 25,0 % till 20,0 %; andelen "
        "”Stort förtroende för polisen” har ökat från 50,0 % till 55,0 %.",
        "Vanligast av de redovisade problemen är ”Nedskräpning: stort problem”: 30,0 %.",
        "Prioriterade problem enligt regeln på sidan om prioritering: ”Nedskräpning: stort "
        "problem” (30,0 %).",
        "Resultaten är vägda och redovisas med 90 % konfidensintervall.",
    };
    assert_int_equal(c->nparagraphs, 7);
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        assert_string_equal(c->paragraphs[i], want[i]);
    /* Väst: its litter is hidden (though its change row says significant)
     * and nothing is said of it */
    assert_int_equal(trygg_book_cover(&f->ctx, &f->a, "district", "Väst", &ch), 0);
    for (size_t i = 0; i < ch.m.cover->nparagraphs; i++)
        assert_null(strstr(ch.m.cover->paragraphs[i], "Nedskräpning"));
    /* in English */
    trygg_book_ctx en = f->ctx;
    en.lang = TRYGG_REPORT_EN;
    assert_int_equal(trygg_book_cover(&en, &f->a, "district", "Östra", &ch), 0);
    assert_string_equal(ch.m.cover->paragraphs[1],
                        "The share “High trust in the police” has risen from 50.0% to 55.0% "
                        "since 2023, a statistically significant increase (for the better).");
    assert_string_equal(ch.m.cover->paragraphs[5],
                        "Results are weighted and shown with 90% confidence intervals.");
    assert_string_equal(ch.m.cover->paragraphs[6],
                        "▲▼ = significant change since 2023 (Holm-adjusted p < 0.05 among the "
                        "area's 5 indicators).");
}

static void test_priorities(void **state)
{
    fixture *f = *state;
    trygg_report_chart ch;
    assert_int_equal(trygg_book_priorities(&f->ctx, &f->a, "Östra", &ch), 0);
    const trygg_report_priorities *m = ch.m.priorities;
    assert_int_equal(m->nitems, 6);
    const trygg_report_bar *b = m->items;
    assert_true(b[0].heading);
    assert_string_equal(b[0].label, "Prioriterade problem");
    assert_int_equal(b[1].rank, 1);
    assert_string_equal(b[1].text, "signifikant högre än Åby");
    assert_int_equal(b[1].mark, TRYGG_REPORT_MARK_UP);
    assert_true(b[2].heading);
    assert_string_equal(b[2].label, "Övriga problem");
    assert_int_equal(b[3].rank, 0);     /* not a priority: not numbered */
    assert_int_equal(b[3].value.flags, TRYGG_REPORT_UNSTABLE | TRYGG_REPORT_LOW_N);
    assert_true(b[4].heading);
    assert_string_equal(b[4].label, "För få svar för att bedöma");
    /* suppressed: last, no rank though the library gave 3, no number,
     * no interval, no mark (its change row says significant), no reason */
    assert_int_equal(b[5].rank, 0);
    assert_true(hidden(&b[5].value));
    assert_int_equal(b[5].mark, TRYGG_REPORT_MARK_NONE);
    assert_null(b[5].text);
    /* the rule: the definition's, over the area's published problems and index */
    assert_non_null(strstr(m->frame.note, "Prioriterat: andelen är signifikant högre än i Åby "
                                          "eller har ökat signifikant sedan föregående mätning "
                                          "(Holm-justerat p < 0,05 bland områdets 3 problem)"));
    /* a municipality's reason names the region as readers know it */
    assert_int_equal(trygg_book_priorities(&f->ctx, &f->a, "Åby", &ch), 0);
    assert_string_equal(ch.m.priorities->items[1].text,
                        "signifikant högre än Polisregion Test");
}


/* A text page's table: its cell at row r (0-based), column col. */
static const char *cell(const trygg_report_chart *ch, size_t block, size_t r, size_t col)
{
    const trygg_report_block *b = &ch->m.doc->blocks[block];
    assert_int_equal(b->kind, TRYGG_REPORT_BLOCK_TABLE);
    assert_true(r < b->nrows && col < b->ncols);
    return b->cells[r * b->ncols + col];
}

/* The first table of a text page. */
static size_t table_block(const trygg_report_chart *ch)
{
    assert_int_equal(ch->type, TRYGG_REPORT_CHART_DOC);
    for (size_t i = 0; i < ch->m.doc->nblocks; i++)
        if (ch->m.doc->blocks[i].kind == TRYGG_REPORT_BLOCK_TABLE)
            return i;
    fail_msg("no table on the page");
    return 0;
}

/* Answers per area; a hidden area says "för få svar" and gives away
 * neither its count nor, with a gross sample, its response rate. The
 * gross sample is the pages' hook for a sample file. */
static void test_sample_facts(void **state)
{
    fixture *f = *state;
    for (size_t k = 0; k < 5; k++)   /* Syd: every cell hidden */
        est(f->est, 2024, "district", "Syd", "municipality", "Åby", k, 0.4, 0.3, 0.5, 2,
            TRYGG_FLAG_SUPPRESSED);
    const trygg_book_sample gross[] = {{2024, "municipality", "Åby", 160},
                                       {2024, "district", "Östra", 80},
                                       {2024, "district", "Syd", 50}};
    trygg_book_ctx c = f->ctx;
    trygg_report_chart ch;
    assert_int_equal(trygg_book_sample_facts(&c, &f->a, "municipality", "Åby", 0, &ch), 0);
    size_t t = table_block(&ch);
    const trygg_report_block *b = &ch.m.doc->blocks[t];
    assert_int_equal(b->ncols, 3);   /* the area, 2023, 2024: no gross sample */
    assert_string_equal(b->header[2], "Antal svar 2024");
    assert_string_equal(cell(&ch, t, 0, 0), "Åby");
    assert_string_equal(cell(&ch, t, 0, 2), "80");
    assert_string_equal(cell(&ch, t, 1, 0), "Östra");
    assert_string_equal(cell(&ch, t, 1, 1), "40");
    assert_string_equal(cell(&ch, t, 3, 0), "Syd");
    assert_string_equal(cell(&ch, t, 3, 1), "–");            /* not surveyed in 2023 */
    assert_string_equal(cell(&ch, t, 3, 2), "för få svar");
    assert_non_null(strstr(ch.m.doc->blocks[t + 1].text, "Bruttourvalet"));
    /* with a gross sample: invited and the response rate */
    c.sample = gross;
    c.nsample = 3;
    assert_int_equal(trygg_book_sample_facts(&c, &f->a, "municipality", "Åby", 0, &ch), 0);
    t = table_block(&ch);
    assert_int_equal(ch.m.doc->blocks[t].ncols, 5);
    assert_string_equal(cell(&ch, t, 1, 3), "80");
    assert_string_equal(cell(&ch, t, 1, 4), "50 %");
    assert_string_equal(cell(&ch, t, 3, 3), "–");   /* Syd: nothing of it */
    assert_string_equal(cell(&ch, t, 3, 4), "–");
    assert_string_equal(book_facts(&c, &f->a, "district", "Östra"),
                        "Urval 2024: 80, antal svar 40, svarsfrekvens 50 %");
    assert_string_equal(book_facts(&c, &f->a, "district", "Syd"),
                        "Antal svar 2024: för få svar");
    /* and on a chart's page */
    assert_int_equal(trygg_book_lagesbild(&c, &f->a, "district", "Östra", &ch), 0);
    assert_string_equal(ch.m.lagesbild->frame.facts,
                        "Urval 2024: 80, antal svar 40, svarsfrekvens 50 %");
}

/* The definition's sections: the items' question blocks, titled by the
 * built-in words or by the definition's scale `section`. */
static void test_sections(void **state)
{
    fixture *f = *state;
    assert_int_equal(trygg_book_sections(f->def), 2);
    assert_string_equal(trygg_book_section_key(f->def, 0), "problem");
    assert_string_equal(trygg_book_section_key(f->def, 1), "police");
    assert_string_equal(trygg_book_section_title(&f->ctx, 0), "Problem i området");
    assert_string_equal(trygg_book_section_title(&f->ctx, 1), "Polisen i området");
    const size_t *inds;
    /* the index is the problems', high trust (group headline) the police's */
    assert_int_equal(trygg_book_section_indicators(&f->ctx, &f->a, 0, &inds), 3);
    assert_int_equal(inds[2], 2);
    assert_int_equal(trygg_book_section_lead(f->def, 0), 2);
    assert_int_equal(trygg_book_section_lead(f->def, 1), 3);
    trygg_report_chart ch;
    assert_int_equal(trygg_book_section_lagesbild(&f->ctx, &f->a, "district", "Östra", 1, &ch),
                     0);
    assert_string_equal(ch.m.lagesbild->frame.title, "Lägesbild Östra 2024: Polisen i området");
    assert_int_equal(ch.m.lagesbild->nitems, 2);
    assert_int_equal(ch.m.lagesbild->nheadlines, 0);
    /* the problems' table is coloured by band, the police's is not */
    assert_int_equal(trygg_book_section_table(&f->ctx, &f->a, "municipality", "Åby", 0, 0, &ch),
                     0);
    assert_int_equal(ch.m.table->nbands, 3);
    assert_int_equal(trygg_book_section_table(&f->ctx, &f->a, "municipality", "Åby", 1, 0, &ch),
                     0);
    assert_int_equal(ch.m.table->nbands, 0);
    assert_int_equal(ch.m.table->ncols, 2);
    assert_string_equal(ch.m.table->frame.title, "Polisen i området Åby 2024");
}

/* Women and men, and age groups, from the crossings: the definition's
 * words for sex (its scale `sex`), age groups in their natural order with
 * an en dash. */
static void test_groups_crossings(void **state)
{
    fixture *f = *state;
    trygg_definition *def = NULL;
    trygg_errors *err = trygg_errors_new(10);
    assert_int_equal(trygg_definition_load(TRYGG_TEST_DIR "/data/book/crossings.trygg", &def,
                                           err), TRYGG_OK);
    const char *ages[] = {"65-84", "16-24", "25-44"};   /* as the data name them */
    const double v[] = {0.1, 0.3, 0.2};
    for (size_t i = 0; i < 3; i++) {
        char *dom = trygg_book_strdup(&f->a, ages[i]);
        char *name = malloc(32);
        snprintf(name, 32, "Åby / %s", dom);
        est(f->est, 2024, "municipality*age_group", trygg_book_strdup(&f->a, name),
            "municipality", "Åby", 0, v[i], v[i] - 0.05, v[i] + 0.05, 40, 0);
        free(name);
    }
    est(f->est, 2024, "district*sex", "Östra / 2", "district", "Östra", 0, 0.4, 0.3, 0.5, 20, 0);
    est(f->est, 2024, "district*sex", "Östra / 1", "district", "Östra", 0, 0.2, 0.1, 0.3, 20, 0);
    est(f->est, 2024, "district*sex", "Väst / 1", "district", "Väst", 0, 0.9, 0.8, 1.0, 1,
        TRYGG_FLAG_SUPPRESSED);
    trygg_book_ctx c = f->ctx;
    c.def = def;
    trygg_report_chart ch;
    assert_int_equal(trygg_book_groups(&c, &f->a, "Åby", "litter", &ch), 0);
    const trygg_report_groups *m = ch.m.groups;
    assert_int_equal(m->ngroups, 3);
    assert_string_equal(m->groups[0], "16–24");
    assert_string_equal(m->groups[1], "25–44");
    assert_string_equal(m->groups[2], "65–84");
    assert_true(m->values[0].est == 0.3 && m->values[2].est == 0.1);
    assert_string_equal(m->frame.subtitle, "Efter åldersgrupp");
    const char **levels;
    assert_int_equal(book_group_levels(&c, &f->a, &levels), 2);
    assert_string_equal(levels[0], "municipality*age_group");
    assert_int_equal(book_groups_of(&c, &f->a, "Åby", "district*sex", "litter", &ch), 0);
    m = ch.m.groups;
    assert_int_equal(m->ngroups, 2);   /* Östra and Väst */
    assert_int_equal(m->nseries, 2);
    assert_string_equal(m->series[0], "Pojkar och män");
    assert_string_equal(m->series[1], "Flickor och kvinnor");
    assert_true(m->values[0].est == 0.2 && m->values[2].est == 0.4);   /* Östra's men, women */
    assert_true(hidden(&m->values[1]));                                 /* Väst's men */
    assert_string_equal(m->frame.subtitle, "Efter kön, per stadsdel");
    assert_null(strstr(m->frame.description, "90,0"));
    trygg_definition_free(def);
    trygg_errors_free(err);
}


/* Brå's matrix: how common (the estimate, not the priority row's copy),
 * the gap in percentage points, the residents affected; a hidden problem
 * is not placed and has no number. */
static void test_matrix(void **state)
{
    fixture *f = *state;
    for (size_t i = 0; i < f->prio->count; i++) {
        trygg_priority_row *r = &f->prio->rows[i];
        r->parent_level = "municipality";
        r->gap = 0.05;
        r->gap_ci_low = 0.01;
        r->gap_ci_high = 0.09;
        r->affected = 1000.0 * (double)(i + 1);
    }
    trygg_report_chart ch;
    assert_int_equal(trygg_book_matrix(&f->ctx, &f->a, "Östra", &ch), 0);
    const trygg_report_matrix *m = ch.m.matrix;
    assert_int_equal(m->npoints, 3);   /* litter, speed, trust_dk; not the index */
    assert_string_equal(m->points[0].label, "Nedskräpning: stort problem");
    assert_true(m->points[0].x.est == 0.30 && m->points[0].x.lo == 0.25);
    assert_true(m->points[0].y.est == 5 && m->points[0].y.lo == 1 && m->points[0].y.hi == 9);
    assert_true(m->points[0].size == 1000);
    assert_int_equal(m->points[0].priority, 1);
    assert_int_equal(m->points[0].number, 1);
    assert_int_equal(m->points[0].mark, TRYGG_REPORT_MARK_UP);
    assert_int_equal(m->points[1].priority, 0);
    assert_int_equal(m->points[1].number, 2);
    assert_true(hidden(&m->points[2].x));   /* trust_dk: hidden */
    assert_int_equal(m->points[2].number, 0);
    assert_true(isnan(m->points[2].y.est));
    assert_true(m->x_split == 0.25);       /* the first band limit */
    assert_string_equal(m->quadrant[1], "Vanligt, över Åby");
    assert_string_equal(m->y_title, "Skillnad mot Åby (procentenheter)");
}

static trygg_followups *promises(void)
{
    trygg_followups *fu = calloc(1, sizeof *fu);
    assert_non_null(fu);
    fu->rows = calloc(2, sizeof *fu->rows);
    fu->count = fu->cap = 2;
    trygg_followup_row *r = &fu->rows[0];
    *r = (trygg_followup_row){.area = "Östra", .indicator = "litter", .level = "district",
                              .baseline_year = 2023, .followup_year = 2024, .direction = -1,
                              .direction_text = "minska", .target_text = "",
                              .target_text_en = "", .baseline = 0.22,
                              .baseline_ci_low = 0.17, .baseline_ci_high = 0.27,
                              .followup = 0.30, .followup_ci_low = 0.25,
                              .followup_ci_high = 0.36, .change = 0.08, .ci_low = 0.01,
                              .ci_high = 0.15, .verdict = TRYGG_VERDICT_NOT_ACHIEVED,
                              .verdict_text = "ej uppnått", .verdict_en = "not achieved",
                              .reason = "signifikant förändring åt motsatt håll (p = 0,020)",
                              .reason_en = "x", .parent_level = "municipality",
                              .parent = "Åby", .parent_baseline = 0.20,
                              .parent_followup = 0.25, .parent_change = 0.05,
                              .difference = 0.03, .difference_ci_low = -0.02,
                              .difference_ci_high = 0.08, .difference_p = 0.3,
                              .comparison = "Förändringen skiljer sig inte signifikant.",
                              .comparison_en = "x"};
    fu->rows[1] = (trygg_followup_row){.area = "Väst", .indicator = "litter",
                                       .level = "district", .baseline_year = 2023,
                                       .followup_year = 2024, .direction = -1,
                                       .direction_text = "minska", .target_text = "",
                                       /* numbers a suppressed row must not show */
                                       .target_text_en = "", .baseline = 0.4,
                                       .baseline_ci_low = 0.3, .baseline_ci_high = 0.5,
                                       .followup = 0.3, .change = -0.1, .ci_low = -0.2,
                                       .ci_high = 0.0, .verdict = TRYGG_VERDICT_INCONCLUSIVE,
                                       .verdict_text = "går ej att avgöra",
                                       .verdict_en = "cannot be judged",
                                       .reason = "för få svar", .reason_en = "too few answers",
                                       .flags = TRYGG_FLAG_SUPPRESSED, .parent_level = "",
                                       .parent = "", .difference = NAN,
                                       .comparison = "", .comparison_en = ""};
    return fu;
}

/* The kvitto: the promise's years with intervals, its enclosing area's
 * change and the difference of the changes, the verdict; a suppressed
 * promise "för få svar" and nothing more. */
static void test_kvitto(void **state)
{
    fixture *f = *state;
    trygg_followups *fu = promises();
    f->ctx.followups = fu;
    trygg_report_chart ch;
    assert_int_equal(trygg_book_kvitto(&f->ctx, &f->a, 0, &ch), 0);
    assert_string_equal(ch.m.doc->frame.title, "Uppföljning av löfte: Östra 2023–2024");
    size_t t = table_block(&ch);
    assert_int_equal(ch.m.doc->blocks[t].nrows, 3);
    assert_string_equal(cell(&ch, t, 0, 1), "22,0 % (17,0–27,0 %)");
    assert_string_equal(cell(&ch, t, 0, 3), "+8,0 (+1,0 – +15,0) procentenheter");
    assert_string_equal(cell(&ch, t, 1, 0), "Åby");
    assert_string_equal(cell(&ch, t, 1, 3), "+5,0 procentenheter");
    assert_string_equal(cell(&ch, t, 2, 0), "Skillnad mellan förändringarna");
    assert_string_equal(cell(&ch, t, 2, 3), "+3,0 (−2,0 – +8,0) procentenheter");
    assert_string_equal(ch.m.doc->blocks[t + 1].text, "Bedömning: ej uppnått");
    assert_int_equal(trygg_book_kvitto(&f->ctx, &f->a, 1, &ch), 0);
    t = table_block(&ch);
    assert_int_equal(ch.m.doc->blocks[t].nrows, 1);
    for (size_t col = 1; col < 4; col++)
        assert_string_equal(cell(&ch, t, 0, col), "för få svar");
    for (size_t i = 0; i < ch.m.doc->nblocks; i++)
        if (ch.m.doc->blocks[i].text)
            assert_null(strstr(ch.m.doc->blocks[i].text, "Skillnad"));
    assert_int_equal(trygg_book_kvitto(&f->ctx, &f->a, 2, &ch), -1);
    trygg_followups_free(fu);
}

/* The area beside its enclosing area: every indicator by section, the
 * library's marks in words; a hidden value and nothing else of it. */
static void test_beside_parent(void **state)
{
    fixture *f = *state;
    trygg_report_chart ch;
    assert_int_equal(trygg_book_beside_parent(&f->ctx, &f->a, "district", "Östra", 0, &ch), 0);
    size_t t = table_block(&ch);
    const trygg_report_block *b = &ch.m.doc->blocks[t];
    assert_int_equal(b->nrows, 7);   /* two sections, five indicators */
    assert_string_equal(cell(&ch, t, 0, 0), "Problem i området");
    assert_int_equal(b->bold[0], 1);
    assert_string_equal(cell(&ch, t, 1, 0), "Nedskräpning: stort problem");
    assert_string_equal(cell(&ch, t, 1, 1), "30,0 % (25,0–36,0 %)");
    assert_string_equal(cell(&ch, t, 1, 2), "22,0 %");
    assert_string_equal(cell(&ch, t, 1, 3), "▲ ökning, sämre");
    assert_string_equal(cell(&ch, t, 1, 4), "25,0 %");
    assert_string_equal(cell(&ch, t, 1, 5), "⊕ högre, sämre");
    assert_string_equal(b->header[5], "Mot Åby");
    assert_int_equal(trygg_book_beside_parent(&f->ctx, &f->a, "district", "Väst", 0, &ch), 0);
    t = table_block(&ch);
    /* Väst's litter: hidden, though its change and contrast rows say
     * significant */
    assert_string_equal(cell(&ch, t, 1, 1), "för få svar");
    assert_string_equal(cell(&ch, t, 1, 3), "");
    assert_string_equal(cell(&ch, t, 1, 5), "");
    assert_string_equal(cell(&ch, t, 2, 1), "inga svar");
}

/* The reading guide and the methods from the definition. */
static void test_guide_and_methods(void **state)
{
    fixture *f = *state;
    trygg_report_chart ch;
    assert_int_equal(trygg_book_guide(&f->ctx, &f->a, &ch), 0);
    int index = 0, level = 0;
    for (size_t i = 0; i < ch.m.doc->nblocks; i++) {
        const char *t = ch.m.doc->blocks[i].text;
        index |= t && strstr(t, "(2 stycken): 0 = Inget problem, 2 = Litet problem, 4 = Ganska "
                                "stort, 6 = Mycket stort.") != NULL;
        level |= t && strstr(t, "dess 90 % konfidensintervall") != NULL;
    }
    assert_true(index && level);
    assert_int_equal(trygg_book_methods(&f->ctx, &f->a, 0, &ch), 0);
    assert_string_equal(ch.m.doc->frame.title, "Om undersökningen");
    assert_int_equal(trygg_book_methods(&f->ctx, &f->a, 1, &ch), 0);
    size_t t = table_block(&ch);
    assert_string_equal(ch.m.doc->frame.title, "Indikatorerna (1/1)");
    assert_string_equal(cell(&ch, t, 0, 3), "Ganska stort, Mycket stort");
    assert_string_equal(cell(&ch, t, 0, 4), "Vet ej");
    assert_string_equal(cell(&ch, t, 2, 2), "Nedskräpning; Bilar som kör för fort");
    assert_int_equal(trygg_book_methods(&f->ctx, &f->a, 2, &ch), 0);
    assert_string_equal(ch.m.doc->frame.title, "Frågorna (1/1)");
    assert_int_equal(trygg_book_methods(&f->ctx, &f->a, 3, &ch), -1);
}

static void test_chart_types(void **state)
{
    fixture *f = *state;
    trygg_book_data d = {0};
    d.est = f->est;
    d.chg = f->chg;
    d.con = f->con;
    d.ctx = f->ctx;
    trygg_report_chart ch;
    assert_int_equal(trygg_book_chart(NULL, &d, &f->a, "lägesbild", "Östra", NULL, &ch), 0);
    assert_int_equal(ch.type, TRYGG_REPORT_CHART_LAGESBILD);
    assert_int_equal(trygg_book_chart(NULL, &d, &f->a, "Lagesbild", "Östra", NULL, &ch), 0);
    assert_int_equal(trygg_book_chart(NULL, &d, &f->a, "karta", "Östra", NULL, &ch), -1);
    assert_string_equal(trygg_book_why(&f->a), "unknown --type 'karta' (expected lagesbild, "
                        "comparison, table, trend, groups, priorities, cover or matrix)");
    assert_int_equal(trygg_book_chart(NULL, &d, &f->a, "table", "Östra", NULL, &ch), -1);
    assert_string_equal(trygg_book_why(&f->a), "a table chart is drawn for a municipality, "
                        "and 'Östra' is a district");
    assert_int_equal(trygg_book_chart(NULL, &d, &f->a, "trend", "Norr", NULL, &ch), -1);
    assert_string_equal(trygg_book_why(&f->a), "no area 'Norr' in 2024");
    assert_int_equal(trygg_book_chart(NULL, &d, &f->a, "groups", "Åby", NULL, &ch), -1);
    assert_non_null(strstr(trygg_book_why(&f->a), "municipality*sex*age_group"));
    assert_int_equal(trygg_book_chart(NULL, &d, &f->a, "comparison", "Åby", "nothing", &ch), -1);
    assert_string_equal(trygg_book_why(&f->a), "no indicator 'nothing'");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lagesbild, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suppressed_and_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_region_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_comparison, setup, teardown),
        cmocka_unit_test_setup_teardown(test_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trend_and_cover, setup, teardown),
        cmocka_unit_test_setup_teardown(test_priorities, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chart_types, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sample_facts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sections, setup, teardown),
        cmocka_unit_test_setup_teardown(test_groups_crossings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_matrix, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kvitto, setup, teardown),
        cmocka_unit_test_setup_teardown(test_beside_parent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_guide_and_methods, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
