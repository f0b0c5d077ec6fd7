/* The kvitto of a promise: its baseline and follow-up with intervals, the
 * change, the verdict and its reason, and beside it the enclosing area's
 * change over the same years with the difference of the two changes (the
 * library's, with the covariance of the overlap), so that a general
 * trend is not read as the promise's effect. A suppressed promise says
 * "för få svar" and nothing else. */
#include "book_internal.h"

#include <math.h>
#include <string.h>

#define SV(c) ((c)->lang == TRYGG_REPORT_SV)

static const char *num(const trygg_book_ctx *c, trygg_book_arena *a, int share, double v,
                       int sign)
{
    if (!isfinite(v))
        return "–";
    char buf[64];
    trygg_report_scale sc;
    trygg_report_scale_init(&sc);
    /* a share's change is in percentage points: a number, not a share */
    sc.kind = share && !sign ? TRYGG_REPORT_SHARE : TRYGG_REPORT_NUMBER;
    sc.decimals = share ? 1 : 2;
    trygg_report_format(buf, sizeof buf, share && sign ? 100 * v : v, &sc, c->lang);
    return sign && v >= 0 ? book_printf(a, "+%s", buf) : trygg_book_strdup(a, buf);
}

static const char *with_ci(const trygg_book_ctx *c, trygg_book_arena *a, int share, double v,
                           double lo, double hi, int sign)
{
    if (!isfinite(v))
        return SV(c) ? "för få svar" : "too few answers";
    const char *unit = share && sign ? (SV(c) ? " procentenheter" : " percentage points") : "";
    if (!isfinite(lo) || !isfinite(hi))
        return book_printf(a, "%s%s", num(c, a, share, v, sign), unit);
    if (!sign) {   /* an estimate: "35,8 % (30,8–41,0 %)" as the other pages */
        char ci[96];
        trygg_report_scale sc;
        trygg_report_scale_init(&sc);
        sc.kind = share ? TRYGG_REPORT_SHARE : TRYGG_REPORT_NUMBER;
        sc.decimals = share ? 1 : 2;
        trygg_report_format_ci(ci, sizeof ci, lo, hi, &sc, c->lang);
        return book_printf(a, "%s (%s)", num(c, a, share, v, 0), ci);
    }
    return book_printf(a, "%s (%s – %s)%s", num(c, a, share, v, sign), num(c, a, share, lo, sign),
                       num(c, a, share, hi, sign), unit);
}

static void table(const trygg_book_ctx *c, trygg_book_arena *a, book_doc *d,
                  const trygg_followup_row *r, int share, const char *parent)
{
    int hidden = r->flags & TRYGG_FLAG_SUPPRESSED, beside = !hidden && r->parent[0] &&
                                                            isfinite(r->difference);
    trygg_report_block *t = book_doc_table(d, beside ? 3 : 1, 4);
    if (!t)
        return;
    const char **h = (const char **)t->header, **cells = (const char **)t->cells;
    h[0] = "";
    h[1] = book_printf(a, "%d", r->baseline_year);
    h[2] = book_printf(a, "%d", r->followup_year);
    h[3] = book_printf(a, SV(c) ? "Förändring (%s KI)" : "Change (%s CI)",
                       book_level(c, a, c->est && trygg_results_count(c->est)
                                            ? trygg_results_row(c->est, 0)->confidence : 0.95));
    cells[0] = trygg_book_area_name(c, r->level, r->area);
    /* a suppressed promise: "för få svar", whatever numbers its row holds */
    double none = hidden ? NAN : 0;
    cells[1] = with_ci(c, a, share, r->baseline + none, r->baseline_ci_low, r->baseline_ci_high,
                       0);
    cells[2] = with_ci(c, a, share, r->followup + none, r->followup_ci_low, r->followup_ci_high,
                       0);
    cells[3] = with_ci(c, a, share, r->change + none, r->ci_low, r->ci_high, 1);
    if (!beside)
        return;
    cells[4] = parent;
    cells[5] = num(c, a, share, r->parent_baseline, 0);
    cells[6] = num(c, a, share, r->parent_followup, 0);
    cells[7] = book_printf(a, "%s%s", num(c, a, share, r->parent_change, 1),
                           share ? (SV(c) ? " procentenheter" : " percentage points") : "");
    cells[8] = SV(c) ? "Skillnad mellan förändringarna" : "Difference of the changes";
    cells[11] = with_ci(c, a, share, r->difference, r->difference_ci_low, r->difference_ci_high,
                        1);
}

int trygg_book_kvitto(const trygg_book_ctx *c, trygg_book_arena *a, size_t i,
                      trygg_report_chart *chart)
{
    const trygg_followup_row *r = trygg_followups_row(c->followups, i);
    if (!r)
        return book_fail(a, "no promise %zu", i + 1);
    long k = trygg_definition_indicator_find(c->def, r->indicator);
    if (k < 0)
        return book_fail(a, "no indicator '%s'", r->indicator);
    int share = trygg_definition_indicator_is_share(c->def, (size_t)k);
    const char *parent = r->parent[0] ? trygg_book_area_name(c, r->parent_level, r->parent) : "";
    const char *name = trygg_book_area_name(c, r->level, r->area);
    book_doc d;
    book_doc_init(&d, a, 8);
    book_doc_paragraph(&d, book_printf(a, SV(c) ? "Löftet: %s ”%s” i %s från %d till %d%s%s."
                                                : "The promise: %s “%s” in %s from %d to %d%s%s.",
                                       r->direction_text, book_label(c, (size_t)k), name,
                                       r->baseline_year, r->followup_year,
                                       r->target_text[0] ? (SV(c) ? ", mål " : ", target ") : "",
                                       SV(c) ? r->target_text : r->target_text_en));
    table(c, a, &d, r, share, parent);
    book_doc_heading(&d, book_printf(a, SV(c) ? "Bedömning: %s" : "Verdict: %s",
                                     r->flags & TRYGG_FLAG_SUPPRESSED
                                         ? (SV(c) ? "går ej att avgöra" : "cannot be judged")
                                         : SV(c) ? r->verdict_text : r->verdict_en));
    int hidden = (r->flags & TRYGG_FLAG_SUPPRESSED) != 0;
    book_doc_paragraph(&d, book_printf(a, "%s%s.", SV(c) ? "Skäl: " : "Reason: ",
                                       hidden ? (SV(c) ? "för få svar" : "too few answers")
                                              : SV(c) ? r->reason : r->reason_en));
    if (!hidden)
        book_doc_paragraph(&d, SV(c) ? r->comparison : r->comparison_en);
    if (!hidden && r->parent[0] && isfinite(r->difference))
        book_doc_paragraph(&d, book_printf(a, SV(c)
            ? "Skillnaden mellan förändringarna är förändringen i %s minus förändringen i %s "
              "under samma år, med hänsyn till att %s ingår i %s: den visar om förändringen är "
              "större än den allmänna utvecklingen."
            : "The difference of the changes is the change of %s less that of %s over the same "
              "years, allowing for %s being part of %s: it shows whether the change is larger "
              "than the general trend.", name, parent, name, parent));
    int res = book_doc_finish(c, &d, book_printf(a, SV(c) ? "Uppföljning av löfte: %s %d–%d"
                                                          : "Follow-up of a promise: %s %d–%d",
                                                 name, r->baseline_year, r->followup_year),
                              book_label(c, (size_t)k), NULL, chart);
    if (res == 0)
        ((trygg_report_doc *)chart->m.doc)->frame.facts = book_facts(c, a, r->level, r->area);
    return res;
}
