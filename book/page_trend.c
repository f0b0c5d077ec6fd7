/* An indicator of an area over the survey years, with its enclosing
 * area's line. */
#include "book_internal.h"

#include <stdio.h>
#include <string.h>

#define SV(c) ((c)->lang == TRYGG_REPORT_SV)

/* The years with a row for the area (ascending, as the estimates are). */
static size_t years_of(const trygg_book_ctx *c, trygg_book_arena *a, const char *level,
                       const char *area, const char *indicator, int **out,
                       const trygg_estimate_row **last)
{
    size_t n = 0, cap = trygg_results_count(c->est);
    int *ys = trygg_book_alloc(a, (cap + 1) * sizeof *ys);
    for (size_t i = 0; ys && i < cap; i++) {
        const trygg_estimate_row *x = trygg_results_row(c->est, i);
        if (x->year > c->year || strcmp(x->level, level) || strcmp(x->domain, area) ||
            strcmp(x->indicator, indicator) || (n && ys[n - 1] >= x->year))
            continue;
        ys[n++] = x->year;
        *last = x;
    }
    *out = ys;
    return n;
}

/* "Linjediagram, Botkyrka 2022–2024: 2022 20,1 %, 2023 för få svar, …" */
static const char *describe(const trygg_book_ctx *c, trygg_book_arena *a,
                            const trygg_report_trend *m)
{
    const char *list = "";
    for (size_t i = 0; i < m->nyears; i++) {
        char v[64];
        const trygg_report_value *x = &m->area[i];
        if (x->flags & TRYGG_REPORT_SUPPRESSED)
            snprintf(v, sizeof v, "%s", SV(c) ? "för få svar" : "too few answers");
        else
            trygg_report_format(v, sizeof v, x->est, &m->scale, c->lang);
        list = book_printf(a, "%s%s%d %s", list, i ? ", " : "", m->years[i], v);
    }
    return book_printf(a, SV(c) ? "Linjediagram, %s %d–%d: %s." : "Line chart, %s %d–%d: %s.",
                       m->area_label, m->years[0], m->years[m->nyears - 1], list);
}

int trygg_book_trend(const trygg_book_ctx *c, trygg_book_arena *a, const char *level,
                     const char *area, const char *indicator, trygg_report_chart *chart)
{
    long k = trygg_definition_indicator_find(c->def, indicator);
    if (k < 0)
        return book_fail(a, "no indicator '%s'", indicator);
    int *years;
    const trygg_estimate_row *own = NULL;
    size_t ny = years_of(c, a, level, area, indicator, &years, &own);
    if (ny < 2)
        return book_fail(a, "'%s' has estimates for %zu survey year%s up to %d: a trend needs "
                            "two", area, ny, ny == 1 ? "" : "s", c->year);
    trygg_report_trend *m = trygg_book_alloc(a, sizeof *m);
    trygg_report_value *v = trygg_book_alloc(a, ny * sizeof *v);
    trygg_report_value *pv = trygg_book_alloc(a, ny * sizeof *pv);
    if (!m || !v || !pv)
        return book_fail(a, "out of memory");
    trygg_report_trend_init(m);
    const char *parent = book_parent_name(c, own);
    for (size_t i = 0; i < ny; i++) {
        v[i] = trygg_book_value(trygg_results_find(c->est, years[i], level, area, indicator));
        pv[i] = trygg_book_value(parent ? trygg_results_find(c->est, years[i],
                                 own->parent_level, own->parent, indicator) : NULL);
    }
    m->scale = book_scale(c->def, k);
    m->axis_title = book_label(c, (size_t)k);
    m->years = years;
    m->nyears = ny;
    m->area_label = trygg_book_area_name(c, level, area);
    m->area = v;
    m->parent_label = parent;
    m->parent = parent ? pv : NULL;
    char *title = book_printf(a, "%s: %s", m->area_label, m->axis_title);
    char *sub = book_printf(a, SV(c) ? "%d–%d" : "%d–%d", years[0], years[ny - 1]);
    book_frame(c, a, &m->frame, title, sub, own);
    const char *lvl = book_level(c, a, m->frame.ci_level);
    char *what = book_printf(a, SV(c) ? "Linjen visar skattningen och fältet dess %s "
                                        "konfidensintervall%s%s."
                                      : "The line shows the estimate and the band its %s "
                                        "confidence interval%s%s.", lvl,
                             parent ? (SV(c) ? "; streckad linje: " : "; dashed line: ") : "",
                             parent ? parent : "");
    book_note(c, a, &m->frame, what, NULL);
    m->frame.facts = book_facts(c, a, level, area);
    m->frame.description = describe(c, a, m);
    chart->type = TRYGG_REPORT_CHART_TREND;
    chart->m.trend = m;
    return 0;
}
