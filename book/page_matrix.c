/* The priority matrix of an area (Brå's): each published problem at how
 * common it is and how far it stands from the enclosing area, sized by
 * the residents affected, ▲ when rising, the library's priorities in the
 * warning colour; the quadrants split at the definition's first band
 * limit ("litet" ends there) and at the enclosing area's level. The
 * points' numbers are keys in the definition's order, no ranking; a
 * hidden problem has none and is not placed. */
#include "book_internal.h"

#include <math.h>
#include <string.h>

#define SV(c) ((c)->lang == TRYGG_REPORT_SV)

static trygg_report_point point_of(const trygg_book_ctx *c, const trygg_priority_row *r,
                                   int *number)
{
    trygg_report_point p = {0};
    const trygg_estimate_row *x = trygg_results_find(c->est, r->year, r->level, r->area,
                                                     r->indicator);
    p.label = book_label(c, r->indicator_index);
    p.x = trygg_book_value(x);
    trygg_report_value_init(&p.y);
    p.size = NAN;
    if (!(p.x.est == p.x.est) || r->flags & TRYGG_FLAG_SUPPRESSED) {
        p.x.flags |= TRYGG_REPORT_SUPPRESSED;   /* not placed, no number */
        p.x.est = p.x.lo = p.x.hi = NAN;
        return p;
    }
    if (isfinite(r->gap)) {   /* in percentage points */
        p.y.est = 100 * r->gap;
        p.y.lo = 100 * r->gap_ci_low;
        p.y.hi = 100 * r->gap_ci_high;
    }
    p.size = r->affected;
    p.mark = book_change_mark(c, r->level, r->area, r->indicator, &p.tone, NULL);
    p.priority = r->priority && r->rank > 0;
    p.number = ++*number;
    return p;
}

static void words(const trygg_book_ctx *c, trygg_book_arena *a, trygg_report_matrix *m,
                  const char *level, const char *area, const char *parent,
                  const trygg_estimate_row *first)
{
    char lim[32];
    trygg_report_format_level(lim, sizeof lim, m->x_split, c->lang);
    const char *name = trygg_book_area_name(c, level, area);
    book_frame(c, a, &m->frame, book_printf(a, SV(c) ? "Prioriteringsmatris: %s %d"
                                                     : "Priority matrix: %s %d", name, c->year),
               SV(c) ? "Hur vanligt, hur det sticker ut och om det ökar"
                     : "How common, how it stands out and whether it rises", first);
    m->frame.facts = book_facts(c, a, level, area);
    m->x_title = SV(c) ? "Hur vanligt: andel som ser problemet som stort"
                       : "How common: share who see the problem as big";
    m->y_title = book_printf(a, SV(c) ? "Skillnad mot %s (procentenheter)"
                                      : "Difference from %s (percentage points)", parent);
    m->quadrant[0] = book_printf(a, SV(c) ? "Mindre vanligt, över %s" : "Less common, above %s",
                                 parent);
    m->quadrant[1] = book_printf(a, SV(c) ? "Vanligt, över %s" : "Common, above %s", parent);
    m->quadrant[2] = book_printf(a, SV(c) ? "Mindre vanligt, under %s" : "Less common, below %s",
                                 parent);
    m->quadrant[3] = book_printf(a, SV(c) ? "Vanligt, under %s" : "Common, below %s", parent);
    m->size_text = SV(c) ? "Cirkelns yta: antal boende som ser problemet som stort"
                         : "The circle's area: residents who see the problem as big";
    m->priority_text = SV(c) ? "prioriterat problem (regeln på nästa sida)"
                             : "a priority (the rule on the next page)";
    m->frame.description = book_printf(a, SV(c) ? "Punktdiagram med %zu problem." :
                                                  "Scatter chart of %zu problems.", m->npoints);
    book_note(c, a, &m->frame, book_printf(a, SV(c)
        ? "Vanligt = minst %s (gränsen för \"litet\" i tabellens färger). Linjerna visar %s "
          "konfidensintervall; siffrorna är nycklar i definitionens ordning, ingen rangordning."
        : "Common = at least %s (where \"small\" ends in the table's colours). The lines show "
          "%s confidence intervals; the numbers are keys in the definition's order, no ranking.",
        lim, book_level(c, a, m->frame.ci_level)), NULL);
}

int trygg_book_matrix(const trygg_book_ctx *c, trygg_book_arena *a, const char *area,
                      trygg_report_chart *chart)
{
    size_t n = trygg_priorities_count(c->prio), np = 0;
    trygg_report_matrix *m = trygg_book_alloc(a, sizeof *m);
    trygg_report_point *pts = trygg_book_alloc(a, (n + 1) * sizeof *pts);
    if (!m || !pts)
        return book_fail(a, "out of memory");
    trygg_report_matrix_init(m);
    const trygg_priority_row *any = NULL;
    int number = 0;
    for (size_t k = 0; k < trygg_definition_indicator_count(c->def); k++)
        for (size_t i = 0; i < n; i++) {   /* the definition's order */
            const trygg_priority_row *r = trygg_priorities_row(c->prio, i);
            if (strcmp(r->area, area) || !r->is_share || r->indicator_index != k)
                continue;
            any = any ? any : r;
            pts[np++] = point_of(c, r, &number);
        }
    if (!any)
        return book_fail(a, "no priorities for '%s' in %d", area, c->year);
    if (!any->parent[0])
        return book_fail(a, "'%s' has no enclosing area to stand out from", area);
    size_t nb;
    const double *bands = trygg_definition_bands(c->def, &nb);
    m->x_split = nb ? bands[0] : NAN;
    m->points = pts;
    m->npoints = np;
    m->y_scale.kind = TRYGG_REPORT_NUMBER;
    m->y_scale.decimals = 1;
    const trygg_estimate_row *first = trygg_results_find(c->est, any->year, any->level,
                                                         any->area, any->indicator);
    words(c, a, m, any->level, area, trygg_book_area_name(c, any->parent_level, any->parent),
          first);
    chart->type = TRYGG_REPORT_CHART_MATRIX;
    chart->m.matrix = m;
    return 0;
}
