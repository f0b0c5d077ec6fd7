/* "Så läser du rapporten": what an interval, "signifikant", the index and
 * the marks mean, in plain words; every number (the level, the rule, the
 * index's scores, the limits) from the definition and the rows. */
#include "book_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define SV(c) ((c)->lang == TRYGG_REPORT_SV)

/* "0 = Inget problem alls, 2 = Ganska litet problem, …" of an index's
 * first item's valid answers. */
static const char *scores_text(const trygg_book_ctx *c, trygg_book_arena *a, size_t k)
{
    long item = trygg_definition_indicator_item(c->def, k, 0);
    const char *labels[256];
    double scores[256];
    int valid[256];
    size_t n = item >= 0 ? trygg_definition_item_codes(c->def, (size_t)item, labels, scores,
                                                       valid, 256, (trygg_lang)c->lang) : 0;
    const char *out = "";
    for (size_t i = 0, m = 0; i < n && i < 256; i++) {
        if (!valid[i] || !isfinite(scores[i]))
            continue;
        char num[32];
        snprintf(num, sizeof num, "%g", scores[i]);
        out = book_printf(a, "%s%s%s = %s", out, m++ ? ", " : "", num, labels[i]);
    }
    return out;
}

static void index_words(const trygg_book_ctx *c, trygg_book_arena *a, book_doc *d)
{
    size_t n = trygg_definition_indicator_count(c->def);
    for (size_t k = 0; k < n; k++) {
        if (strcmp(trygg_definition_indicator_type(c->def, k), "index"))
            continue;
        book_doc_heading(d, book_label(c, k));
        book_doc_paragraph(d, book_printf(a, SV(c)
            ? "Indexet är medelvärdet av poängen för en persons svar på frågorna (%zu stycken): "
              "%s. \"Vet ej\" räknas inte. Ett lägre värde betyder mindre problem."
            : "The index is the mean of the scores of a person's answers to the questions (%zu "
              "of them): %s. \"Don't know\" is not counted. A lower value means smaller "
              "problems.", trygg_definition_indicator_item_count(c->def, k),
            scores_text(c, a, k)));
        return;   /* one explanation: the others are alike */
    }
}

int trygg_book_guide(const trygg_book_ctx *c, trygg_book_arena *a, trygg_report_chart *chart)
{
    book_doc d;
    book_doc_init(&d, a, 16);
    const trygg_estimate_row *any = trygg_results_count(c->est) ? trygg_results_row(c->est, 0)
                                                                : NULL;
    const char *lvl = book_level(c, a, any && any->confidence > 0 ? any->confidence : 0.95);
    book_rule r = {1, trygg_definition_alpha(c->def), trygg_definition_adjust(c->def), 0, 0,
                   0, 0, 0};
    char alpha[32];
    snprintf(alpha, sizeof alpha, "%g", r.alpha);
    for (char *p = alpha; SV(c) && *p; p++)
        *p = *p == '.' ? ',' : *p;
    book_doc_heading(&d, SV(c) ? "Andelar och konfidensintervall (KI)"
                               : "Shares and confidence intervals (CI)");
    book_doc_paragraph(&d, book_printf(a, SV(c)
        ? "Resultaten bygger på ett urval av de boende och är vägda så att de motsvarar hela "
          "befolkningen. Varje siffra är en skattning; dess %s konfidensintervall (KI) visar "
          "osäkerheten: det verkliga värdet ligger med %s säkerhet inom intervallet. Ett brett "
          "intervall betyder att få har svarat."
        : "The results come from a sample of residents, weighted to stand for the whole "
          "population. Every figure is an estimate; its %s confidence interval (CI) shows the "
          "uncertainty: the true value lies within it with %s certainty. A wide interval means "
          "that few have answered.", lvl, lvl));
    book_doc_heading(&d, SV(c) ? "Signifikant (statistiskt säkerställd)"
                               : "Significant (statistically established)");
    book_doc_paragraph(&d, book_printf(a, SV(c)
        ? "En förändring eller skillnad kallas signifikant när den är så stor att den knappast "
          "beror på slumpen i urvalet: dess p-värde är under %s, %s bland ett områdes "
          "indikatorer så att många jämförelser inte ger falsklarm. ▲▼ visar en signifikant "
          "ökning eller minskning sedan föregående mätning, ⊕⊖ att ett område är signifikant "
          "högre eller lägre än kommunen eller regionen. Utan markering kan skillnaden bero på "
          "slumpen, och rapporten kallar den inte en förändring."
        : "A change or difference is called significant when it is too large to be the chance "
          "of the sample: its p-value is below %s, %s among an area's indicators so that many "
          "comparisons do not raise false alarms. ▲▼ show a significant increase or decrease "
          "since the previous survey, ⊕⊖ that an area is significantly higher or lower than "
          "the municipality or the region. Without a mark a difference may be chance, and the "
          "report does not call it a change.", alpha,
        r.adjust == TRYGG_ADJUST_BH ? (SV(c) ? "justerat med Benjamini–Hochberg"
                                             : "adjusted by Benjamini–Hochberg")
        : r.adjust == TRYGG_ADJUST_NONE ? (SV(c) ? "utan justering" : "without adjustment")
                                        : (SV(c) ? "justerat med Holms metod"
                                                 : "adjusted by Holm's method")));
    index_words(c, a, &d);
    book_doc_heading(&d, SV(c) ? "För få svar och osäkra skattningar"
                               : "Too few answers and unstable estimates");
    char cv[32];
    trygg_report_format_level(cv, sizeof cv, trygg_definition_max_cv(c->def), c->lang);
    book_doc_paragraph(&d, book_printf(a, SV(c)
        ? "Resultat som bygger på färre än %d svar redovisas inte (\"för få svar\"), och inte "
          "heller resultat som skulle göra det möjligt att räkna fram dem. Randiga staplar är "
          "osäkra skattningar: färre än %d svar, eller en variationskoefficient över %s. ◆ "
          "visar värdet för det område som området ingår i (kommunen eller regionen)."
        : "Results of fewer than %d answers are not shown (\"too few answers\"), nor results "
          "from which they could be worked out. Hatched bars are unstable estimates: fewer than "
          "%d answers, or a coefficient of variation above %s. ◆ shows the value of the area "
          "the area is part of (the municipality or the region).",
        trygg_definition_min_n(c->def), trygg_definition_unstable_n(c->def), cv));
    return book_doc_finish(c, &d, SV(c) ? "Så läser du rapporten" : "How to read the report",
                           trygg_definition_name(c->def), NULL, chart);
}
