/* Chart models from results: trends, groups, cover, priorities. */
#include "trygg_book.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static trygg_report_scale scale_for(const trygg_definition *def, long k)
{
    trygg_report_scale s;
    trygg_report_scale_init(&s);
    if (k >= 0 && !trygg_definition_indicator_is_share(def, (size_t)k)) {
        s.kind = TRYGG_REPORT_NUMBER;
        s.decimals = 2;
    }
    return s;
}

static void simple_frame(const trygg_book_ctx *c, trygg_book_arena *a, trygg_report_frame *f,
                         const char *title)
{
    trygg_report_frame_init(f);
    f->lang = c->lang;
    f->title = trygg_book_strdup(a, title);
    char note[256];
    snprintf(note, sizeof note, "%s %s", c->lang == TRYGG_REPORT_SV ? "Källa:" : "Source:",
             trygg_definition_name(c->def));
    f->note = trygg_book_strdup(a, note);
}

int trygg_book_trend(const trygg_book_ctx *c, trygg_book_arena *a, const char *level, const char *area,
             const char *indicator, trygg_report_chart *chart)
{
    int years[64];
    size_t ny = 0;
    const trygg_estimate_row *own = NULL;
    for (size_t i = 0; i < trygg_results_count(c->est) && ny < 64; i++) {
        const trygg_estimate_row *x = trygg_results_row(c->est, i);
        if (!strcmp(x->level, level) && !strcmp(x->domain, area) &&
            !strcmp(x->indicator, indicator) && x->n > 0 &&
            (ny == 0 || years[ny - 1] != x->year)) {
            years[ny++] = x->year;
            own = x;
        }
    }
    if (ny < 2)
        return -1;
    trygg_report_trend *m = trygg_book_alloc(a, sizeof *m);
    int *ys = trygg_book_alloc(a, ny * sizeof *ys);
    trygg_report_value *v = trygg_book_alloc(a, ny * sizeof *v), *pv = trygg_book_alloc(a, ny * sizeof *pv);
    if (!m || !ys || !v || !pv)
        return -1;
    trygg_report_trend_init(m);
    for (size_t i = 0; i < ny; i++) {
        ys[i] = years[i];
        v[i] = trygg_book_value(trygg_results_find(c->est, years[i], level, area, indicator));
        pv[i] = trygg_book_value(own->parent[0] ? trygg_results_find(c->est, years[i],
                         own->parent_level, own->parent, indicator) : NULL);
    }
    long k = trygg_definition_indicator_find(c->def, indicator);
    m->scale = scale_for(c->def, k);
    m->axis_title = trygg_definition_indicator_label(c->def, (size_t)k, (trygg_lang)c->lang);
    m->years = ys;
    m->nyears = ny;
    m->area_label = area;
    m->area = v;
    m->parent_label = own->parent[0] ? own->parent : NULL;
    m->parent = own->parent[0] ? pv : NULL;
    char title[256];
    snprintf(title, sizeof title, "%s: %s", area, m->axis_title);
    simple_frame(c, a, &m->frame, title);
    chart->type = TRYGG_REPORT_CHART_TREND;
    chart->m.trend = m;
    return 0;
}

/* Sex × age group of a municipality, from a crossing level
 * "municipality*sex*age_group" when the definition has one. */
int trygg_book_groups(const trygg_book_ctx *c, trygg_book_arena *a, const char *muni, const char *indicator,
              trygg_report_chart *chart)
{
    const char *sexes[8], *ages[16];
    size_t ns = 0, na = 0, prefix = strlen(muni);
    for (size_t i = 0; i < trygg_results_count(c->est); i++) {
        const trygg_estimate_row *x = trygg_results_row(c->est, i);
        if (x->year != c->year || strcmp(x->level, "municipality*sex*age_group") ||
            strcmp(x->indicator, indicator) || strncmp(x->domain, muni, prefix) ||
            strncmp(x->domain + prefix, " / ", 3))
            continue;
        char sex[64], age[64];
        if (sscanf(x->domain + prefix + 3, "%63[^/ ] / %63s", sex, age) != 2)
            continue;
        int seen = 0;
        for (size_t s = 0; s < ns; s++) seen |= !strcmp(sexes[s], sex);
        if (!seen && ns < 8) sexes[ns++] = trygg_book_strdup(a, sex);
        seen = 0;
        for (size_t g = 0; g < na; g++) seen |= !strcmp(ages[g], age);
        if (!seen && na < 16) ages[na++] = trygg_book_strdup(a, age);
    }
    if (!ns || !na)
        return -1;
    trygg_report_groups *m = trygg_book_alloc(a, sizeof *m);
    trygg_report_value *v = trygg_book_alloc(a, ns * na * sizeof *v);
    const char **series = trygg_book_alloc(a, ns * sizeof *series);
    const char **groups = trygg_book_alloc(a, na * sizeof *groups);
    if (!m || !v || !series || !groups)
        return -1;
    trygg_report_groups_init(m);
    for (size_t s = 0; s < ns; s++) {
        const char *name = !strcmp(sexes[s], "1") ? (c->lang ? "Men" : "Män")
                           : !strcmp(sexes[s], "2") ? (c->lang ? "Women" : "Kvinnor") : sexes[s];
        series[s] = name;
        for (size_t g = 0; g < na; g++) {
            char dom[256];
            snprintf(dom, sizeof dom, "%s / %s / %s", muni, sexes[s], ages[g]);
            v[s * na + g] = trygg_book_value(trygg_results_find(c->est, c->year,
                                     "municipality*sex*age_group", dom, indicator));
        }
    }
    for (size_t g = 0; g < na; g++)
        groups[g] = ages[g];
    long k = trygg_definition_indicator_find(c->def, indicator);
    m->scale = scale_for(c->def, k);
    m->axis_title = trygg_definition_indicator_label(c->def, (size_t)k, (trygg_lang)c->lang);
    m->groups = groups;
    m->ngroups = na;
    m->series = series;
    m->nseries = ns;
    m->values = v;
    char title[256];
    snprintf(title, sizeof title, "%s %d: %s", muni, c->year, m->axis_title);
    simple_frame(c, a, &m->frame, title);
    chart->type = TRYGG_REPORT_CHART_GROUPS;
    chart->m.groups = m;
    return 0;
}

int trygg_book_cover(const trygg_book_ctx *c, trygg_book_arena *a, const char *muni, trygg_report_chart *chart)
{
    size_t n = trygg_definition_indicator_count(c->def);
    trygg_report_cover *m = trygg_book_alloc(a, sizeof *m);
    trygg_report_headline *hl = trygg_book_alloc(a, 9 * sizeof *hl);
    const char **par = trygg_book_alloc(a, 2 * sizeof *par);
    if (!m || !hl || !par)
        return -1;
    trygg_report_cover_init(m);
    for (size_t k = 0; k < n && m->nheadlines < 9; k++) {
        if (strcmp(trygg_definition_indicator_group(c->def, k), "headline"))
            continue;
        const trygg_estimate_row *x = trygg_results_find(c->est, c->year, "municipality",
            muni, trygg_definition_indicator_name(c->def, k));
        if (!x)
            continue;
        trygg_report_headline *h = &hl[m->nheadlines++];
        trygg_report_headline_init(h);
        h->label = trygg_definition_indicator_label(c->def, k, (trygg_lang)c->lang);
        h->value = trygg_book_value(x);
        h->scale = scale_for(c->def, (long)k);
    }
    char title[256], text[512];
    snprintf(title, sizeof title, "%s %s %d", c->lang ? "Safety survey" : "Trygghetsmätning",
             muni, c->year);
    snprintf(text, sizeof text, c->lang == TRYGG_REPORT_SV
             ? "Resultaten är vägda och redovisas med 95 %% konfidensintervall. Skattningar "
               "med färre än %d svar redovisas inte."
             : "Results are weighted and shown with 95%% confidence intervals. Estimates "
               "based on fewer than %d answers are not shown.",
             trygg_definition_min_n(c->def));
    par[0] = trygg_book_strdup(a, text);
    m->headlines = hl;
    m->paragraphs = par;
    m->nparagraphs = 1;
    simple_frame(c, a, &m->frame, title);
    m->frame.subtitle = trygg_book_strdup(a, trygg_definition_name(c->def));
    chart->type = TRYGG_REPORT_CHART_COVER;
    chart->m.cover = m;
    return 0;
}

int trygg_book_priorities(const trygg_book_ctx *c, trygg_book_arena *a, const trygg_priorities *p,
                  const char *area, trygg_report_chart *chart)
{
    size_t n = trygg_priorities_count(p), k = 0;
    trygg_report_priorities *m = trygg_book_alloc(a, sizeof *m);
    trygg_report_bar *bars = trygg_book_alloc(a, (n + 1) * sizeof *bars);
    if (!m || !bars)
        return -1;
    trygg_report_priorities_init(m);
    for (size_t i = 0; i < n; i++) {
        const trygg_priority_row *r = trygg_priorities_row(p, i);
        if (strcmp(r->area, area) || !r->is_share)
            continue;
        trygg_report_bar *b = &bars[k++];
        trygg_report_bar_init(b);
        b->label = trygg_definition_indicator_label(c->def, r->indicator_index,
                                                    (trygg_lang)c->lang);
        trygg_report_value_init(&b->value);
        b->value.est = r->estimate;
        b->value.lo = r->ci_low;
        b->value.hi = r->ci_high;
        if (r->flags & TRYGG_FLAG_SUPPRESSED)
            b->value.flags |= TRYGG_REPORT_SUPPRESSED;
        b->mark = r->priority ? TRYGG_REPORT_MARK_UP : TRYGG_REPORT_MARK_NONE;
        b->text = c->lang == TRYGG_REPORT_SV ? r->reason : r->reason_en;
    }
    if (!k)
        return -1;
    m->items = bars;
    m->nitems = k;
    m->axis_title = c->lang == TRYGG_REPORT_SV ? "Andel som ser ett stort problem"
                                               : "Share seeing a big problem";
    char title[256];
    snprintf(title, sizeof title, "%s %s %d", c->lang == TRYGG_REPORT_SV ?
             "Prioriterade problem," : "Priorities,", area, c->year);
    simple_frame(c, a, &m->frame, title);
    chart->type = TRYGG_REPORT_CHART_PRIORITIES;
    chart->m.priorities = m;
    return 0;
}
