/* "Om undersökningen": sample and answers, response rate, weighting,
 * intervals, the significance rule, suppression; then the indicators'
 * definitions and the questionnaire's items with their answers, as the
 * definition gives them, over as many pages as they take. */
#include "book_internal.h"

#include <stdio.h>
#include <string.h>

#define SV(c) ((c)->lang == TRYGG_REPORT_SV)

/* Rows of a table page: fewer on a landscape page than on a portrait one. */
static size_t per_page(const trygg_book_ctx *c)
{
    double h = c->page.height > 0 ? c->page.height : 595;
    return h >= 800 ? 22 : h >= 560 ? 14 : 5;
}

static const char *term(const trygg_book_ctx *c, const char *col)
{
    static const char *const w[][3] = {{"municipality", "kommun", "municipality"},
                                       {"district", "stadsdel", "district"},
                                       {"sex", "kön", "sex"},
                                       {"age_group", "åldersgrupp", "age group"}};
    for (size_t i = 0; i < sizeof w / sizeof *w; i++)
        if (!strcmp(w[i][0], col))
            return w[i][SV(c) ? 1 : 2];
    return col;
}

/* "kommun × kön, kommun × åldersgrupp" */
static const char *margins(const trygg_book_ctx *c, trygg_book_arena *a)
{
    const char *out = "";
    for (size_t i = 0; i < trygg_definition_margin_count(c->def); i++) {
        const char *m = trygg_definition_margin(c->def, i), *p = m;
        const char *one = "";
        while (*p) {
            const char *e = strchr(p, '*');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            char col[64];
            snprintf(col, sizeof col, "%.*s", (int)(n < 63 ? n : 63), p);
            one = book_printf(a, "%s%s%s", one, *one ? " × " : "", term(c, col));
            p = e ? e + 1 : p + n;
        }
        out = book_printf(a, "%s%s%s", out, i ? ", " : "", one);
    }
    return out;
}

static const char *weighting(const trygg_book_ctx *c, trygg_book_arena *a, trygg_weighting w)
{
    const char *m = margins(c, a);
    switch (w) {
    case TRYGG_WEIGHTING_POSTSTRAT:
        return book_printf(a, SV(c) ? "Svaren är efterstratifierade till befolkningen efter %s."
                                    : "The answers are post-stratified to the population by %s.",
                           m);
    case TRYGG_WEIGHTING_RAKE:
        return book_printf(a, SV(c) ? "Svaren är kalibrerade (raking) till befolkningens "
                                      "fördelning efter %s, så att grupper som svarat mindre "
                                      "väger mer."
                                    : "The answers are calibrated (raking) to the population "
                                      "by %s, so that groups that answered less weigh more.", m);
    case TRYGG_WEIGHTING_CALIBRATE:
        return book_printf(a, SV(c) ? "Svaren är kalibrerade (GREG) till befolkningens "
                                      "fördelning efter %s."
                                    : "The answers are calibrated (GREG) to the population "
                                      "by %s.", m);
    default:
        return SV(c) ? "Svaren är vägda med urvalets designvikter (hur många i befolkningen "
                       "varje svarande står för)."
                     : "The answers are weighted by the sample's design weights (how many in "
                       "the population each respondent stands for).";
    }
}

/* Answers per year in the region, and the gross sample when there is one. */
static const char *sample_words(const trygg_book_ctx *c, trygg_book_arena *a)
{
    const char *years = "";
    for (int y = c->year - 50; y <= c->year; y++) {
        double n = book_respondents(c, y, "region", "region");
        if (n >= 0)
            years = book_printf(a, "%s%s%d: %s", years, *years ? ", " : "", y,
                                book_count(c, a, n));
    }
    const trygg_book_sample *s = book_sample(c, c->year, "region", "region");
    double n = book_respondents(c, c->year, "region", "region");
    const char *rate = s ? book_printf(a, SV(c) ? " I %d inbjöds %s personer; "
                                                  "svarsfrekvensen var %s."
                                                : " In %d, %s people were invited; the "
                                                  "response rate was %s.",
                                       c->year, book_count(c, a, s->invited),
                                       book_rate(c, a, n, s->invited))
                         : (SV(c) ? " Bruttourvalet (hur många som tillfrågades) finns inte "
                                    "i underlaget, så svarsfrekvensen redovisas inte."
                                  : " The gross sample (how many were asked) is not in the "
                                    "data, so the response rate is not shown.");
    return book_printf(a, SV(c) ? "%s bygger på enkätsvar från de boende. Antal svar per år i "
                                  "%s: %s.%s"
                                : "%s is built on the residents' answers to a questionnaire. "
                                  "Answers per year in %s: %s.%s",
                       trygg_definition_name(c->def),
                       trygg_book_area_name(c, "region", "region"), years, rate);
}

static int about(const trygg_book_ctx *c, trygg_book_arena *a, trygg_report_chart *chart)
{
    book_doc d;
    book_doc_init(&d, a, 16);
    const trygg_estimate_row *any = trygg_results_count(c->est) ? trygg_results_row(c->est, 0)
                                                                : NULL;
    book_doc_heading(&d, SV(c) ? "Urval och svar" : "Sample and answers");
    book_doc_paragraph(&d, sample_words(c, a));
    book_doc_heading(&d, SV(c) ? "Vägning" : "Weighting");
    book_doc_paragraph(&d, weighting(c, a, any ? any->weighting : TRYGG_WEIGHTING_DESIGN));
    book_doc_heading(&d, SV(c) ? "Konfidensintervall" : "Confidence intervals");
    book_doc_paragraph(&d, book_printf(a, SV(c)
        ? "Standardfelen tar hänsyn till urvalets design och vägningen (%s). Intervallen är "
          "%s: för andelar logit-intervall, som håller sig mellan 0 och 100 %%, för index och "
          "medelvärden t-intervall."
        : "The standard errors allow for the sample's design and the weighting (%s). The "
          "intervals are %s: logit intervals for shares, which stay between 0 and 100%%, t "
          "intervals for indices and means.",
        any ? trygg_variance_name(any->variance) : "linearization",
        book_level(c, a, any && any->confidence > 0 ? any->confidence : 0.95)));
    book_doc_heading(&d, SV(c) ? "Signifikans" : "Significance");
    book_rule r = {1, trygg_definition_alpha(c->def), trygg_definition_adjust(c->def),
                   trygg_definition_indicator_count(c->def),
                   trygg_definition_indicator_count(c->def), 0, 0, 0};
    book_doc_paragraph(&d, book_printf(a, SV(c)
        ? "En förändring sedan föregående mätning eller en skillnad mot kommunen eller regionen "
          "kallas signifikant när %s (p-värdena för ett områdes indikatorer justeras "
          "tillsammans). Förändringar mellan år jämför två oberoende urval; jämförelser med "
          "kommunen tar hänsyn till att området ingår i den."
        : "A change since the previous survey or a difference from the municipality or region "
          "is called significant when %s (the p-values of an area's indicators are adjusted "
          "together). Changes between years compare two independent samples; comparisons with "
          "the municipality allow for the area being part of it.",
        book_test_words(c, a, &r, "indikatorer", "indicators")));
    book_doc_heading(&d, SV(c) ? "Sekretess" : "Confidentiality");
    book_doc_paragraph(&d, book_printf(a, SV(c)
        ? "Celler med färre än %d svar redovisas inte, och så många fler döljs att ingen dold "
          "cell kan räknas fram ur det som visas (summor och skillnader över alla nivåer). "
          "Allt som bygger på en dold cell döljs också."
        : "Cells of fewer than %d answers are not shown, and as many more are hidden as it "
          "takes for no hidden cell to be worked out from what is shown (sums and differences "
          "over every level). Everything built on a hidden cell is hidden too.",
        trygg_definition_min_n(c->def)));
    return book_doc_finish(c, &d, SV(c) ? "Om undersökningen" : "About the survey",
                           trygg_definition_name(c->def), NULL, chart);
}

static const char *type_words(const trygg_book_ctx *c, size_t k)
{
    const char *t = trygg_definition_indicator_type(c->def, k);
    return !strcmp(t, "share") ? (SV(c) ? "andel" : "share")
           : !strcmp(t, "mean") ? (SV(c) ? "medelvärde" : "mean")
           : !strcmp(t, "index") ? "index" : t;
}

static const char *codes_words(const trygg_book_ctx *c, trygg_book_arena *a, size_t k,
                               int counted)
{
    const char *labels[256];
    size_t n = trygg_definition_indicator_codes(c->def, k, counted, labels, 256,
                                                (trygg_lang)c->lang);
    const char *out = "";
    for (size_t i = 0; i < n && i < 256; i++)
        out = book_printf(a, "%s%s%s", out, i ? ", " : "", labels[i]);
    return *out ? out : "–";
}

static const char *items_words(const trygg_book_ctx *c, trygg_book_arena *a, size_t k)
{
    size_t n = trygg_definition_indicator_item_count(c->def, k);
    if (n > 3)
        return book_printf(a, SV(c) ? "%zu frågor" : "%zu questions", n);
    const char *out = "";
    for (size_t j = 0; j < n; j++)
        out = book_printf(a, "%s%s%s", out, j ? "; " : "",
                          trygg_definition_item_label(
                              c->def, (size_t)trygg_definition_indicator_item(c->def, k, j),
                              (trygg_lang)c->lang));
    return out;
}

static int indicators_page(const trygg_book_ctx *c, trygg_book_arena *a, size_t part,
                           size_t nparts, trygg_report_chart *chart)
{
    size_t n = trygg_definition_indicator_count(c->def), per = per_page(c);
    size_t k0 = part * per, rows = n - k0 < per ? n - k0 : per;
    book_doc d;
    book_doc_init(&d, a, 2);
    trygg_report_block *t = book_doc_table(&d, rows, 5);
    if (!t)
        return book_fail(a, "out of memory");
    t->words = 1;
    const char *head[] = {SV(c) ? "Indikator" : "Indicator", SV(c) ? "Slag" : "Kind",
                          SV(c) ? "Fråga" : "Question", SV(c) ? "Räknas" : "Counts",
                          SV(c) ? "Räknas inte" : "Left out"};
    memcpy((void *)t->header, head, sizeof head);
    const char **cells = (const char **)t->cells;
    for (size_t r = 0; r < rows; r++) {
        size_t k = k0 + r;
        const char *row[] = {book_label(c, k), type_words(c, k), items_words(c, a, k),
                             trygg_definition_indicator_is_share(c->def, k)
                                 ? codes_words(c, a, k, 1)
                                 : SV(c) ? "medelvärdet av svarens poäng"
                                         : "the mean of the answers' scores",
                             codes_words(c, a, k, 0)};
        memcpy(cells + 5 * r, row, sizeof row);
    }
    return book_doc_finish(c, &d, book_printf(a, SV(c) ? "Indikatorerna (%zu/%zu)"
                                                       : "The indicators (%zu/%zu)",
                                              part + 1, nparts),
                           trygg_definition_name(c->def), NULL, chart);
}

static const char *answers_words(const trygg_book_ctx *c, trygg_book_arena *a, size_t item)
{
    const char *labels[256];
    size_t n = trygg_definition_item_codes(c->def, item, labels, NULL, NULL, 256,
                                           (trygg_lang)c->lang);
    const char *out = "";
    for (size_t i = 0; i < n && i < 256; i++)
        out = book_printf(a, "%s%s%s", out, i ? "; " : "", labels[i]);
    return *out ? out : (SV(c) ? "ett tal" : "a number");
}

static int items_page(const trygg_book_ctx *c, trygg_book_arena *a, size_t part, size_t nparts,
                      trygg_report_chart *chart)
{
    size_t n = trygg_definition_item_count(c->def), per = per_page(c);
    size_t i0 = part * per, rows = n - i0 < per ? n - i0 : per;
    book_doc d;
    book_doc_init(&d, a, 2);
    trygg_report_block *t = book_doc_table(&d, rows, 2);
    if (!t)
        return book_fail(a, "out of memory");
    t->words = 1;
    const char **h = (const char **)t->header, **cells = (const char **)t->cells;
    h[0] = SV(c) ? "Fråga" : "Question";
    h[1] = SV(c) ? "Svarsalternativ" : "Answers";
    for (size_t r = 0; r < rows; r++) {
        cells[2 * r] = trygg_definition_item_label(c->def, i0 + r, (trygg_lang)c->lang);
        cells[2 * r + 1] = answers_words(c, a, i0 + r);
    }
    return book_doc_finish(c, &d, book_printf(a, SV(c) ? "Frågorna (%zu/%zu)"
                                                       : "The questions (%zu/%zu)",
                                              part + 1, nparts),
                           trygg_definition_name(c->def), NULL, chart);
}

int trygg_book_methods(const trygg_book_ctx *c, trygg_book_arena *a, size_t part,
                       trygg_report_chart *chart)
{
    size_t per = per_page(c);
    size_t ni = (trygg_definition_indicator_count(c->def) + per - 1) / per;
    size_t nq = (trygg_definition_item_count(c->def) + per - 1) / per;
    if (part == 0)
        return about(c, a, chart);
    if (part <= ni)
        return indicators_page(c, a, part - 1, ni, chart);
    if (part <= ni + nq)
        return items_page(c, a, part - 1 - ni, nq, chart);
    return book_fail(a, "the methods have %zu pages", 1 + ni + nq);
}
