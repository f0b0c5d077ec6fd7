/* Women and men, and age groups: an indicator of a municipality by the
 * crossings the definition has. municipality*sex*age_group: the age groups
 * with a bar per sex; municipality*age_group (or *sex): the groups of the
 * municipality; district*sex: each district's women and men. Codes are
 * shown in words (book_code_label) and in their natural order, age groups
 * "16–24". */
#include "book_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SV(c) ((c)->lang == TRYGG_REPORT_SV)

typedef struct {
    const char *level;       /* the crossing, "district*sex" */
    int by_district;         /* its area is the district */
    const char *cols[2];     /* its grouping columns (1 or 2), in the arena */
    size_t ncols;
} crossing;

/* "municipality*sex*age_group" → the area and the grouping columns; 0 when
 * it is no crossing of municipality or district with one or two columns
 * (or out of memory). */
static int parse(trygg_book_arena *a, const char *level, crossing *x)
{
    memset(x, 0, sizeof *x);
    x->level = level;
    const char *star = strchr(level, '*');
    if (!star)
        return 0;
    size_t head = (size_t)(star - level);
    if (head == 8 && !strncmp(level, "district", 8))
        x->by_district = 1;
    else if (!(head == 12 && !strncmp(level, "municipality", 12)))
        return 0;
    for (const char *p = star + 1; *p && x->ncols < 3;) {
        const char *e = strchr(p, '*');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char *col = x->ncols == 2 || n == 0 ? NULL : trygg_book_alloc(a, n + 1);
        if (!col)
            return 0;
        memcpy(col, p, n);
        col[n] = 0;
        x->cols[x->ncols++] = col;
        p = e ? e + 1 : p + n;
    }
    return x->ncols == 1 || (x->ncols == 2 && !x->by_district);
}

/* The codes of column `col` (0 or 1) among the crossing's domains whose
 * area is one of areas[], sorted naturally (*out in the arena). */
static size_t codes_of(const trygg_book_ctx *c, trygg_book_arena *a, const crossing *x,
                       const char *const *areas, size_t na, size_t col, const char ***out)
{
    size_t cap = trygg_results_count(c->est) + 1, n = 0;
    const char **codes = trygg_book_alloc(a, cap * sizeof *codes);
    for (size_t i = 0; codes && i + 1 < cap; i++) {
        const trygg_estimate_row *r = trygg_results_row(c->est, i);
        if (r->year != c->year || r->indicator_index != 0 || strcmp(r->level, x->level))
            continue;
        for (size_t j = 0; j < na; j++) {
            size_t len = strlen(areas[j]);
            if (strncmp(r->domain, areas[j], len) || strncmp(r->domain + len, " / ", 3))
                continue;
            const char *p = r->domain + len + 3, *sep = strstr(p, " / ");
            if (col == 1 && sep)
                p = sep + 3, sep = NULL;
            size_t cl = sep ? (size_t)(sep - p) : strlen(p);
            char *code = trygg_book_alloc(a, cl + 1);
            if (!code)
                break;
            memcpy(code, p, cl);
            size_t at = 0;
            while (at < n && book_code_cmp(codes[at], code) < 0)
                at++;
            if (at < n && !strcmp(codes[at], code))
                break;
            memmove(codes + at + 1, codes + at, (n - at) * sizeof *codes);
            codes[at] = code;
            n++;
            break;
        }
    }
    *out = codes;
    return codes ? n : 0;
}

static const char *column_word(const trygg_book_ctx *c, const char *col, int capital)
{
    if (!strcmp(col, "sex"))
        return SV(c) ? (capital ? "Kön" : "kön") : (capital ? "Sex" : "sex");
    if (!strcmp(col, "age_group"))
        return SV(c) ? (capital ? "Åldersgrupp" : "åldersgrupp")
                     : (capital ? "Age group" : "age group");
    return col;
}

typedef struct {
    const char **groups, **series;   /* words */
    const char **gcode, **scode;     /* codes, or areas */
    size_t ng, ns;
} axes;

/* The crossing's axes for municipality `muni`. */
static int axes_of(const trygg_book_ctx *c, trygg_book_arena *a, const crossing *x,
                   const char *muni, axes *ax)
{
    const char *self[] = {muni};
    const char **d = NULL;
    size_t nd = x->by_district ? trygg_book_districts(c, a, muni, &d) : 0;
    if (x->by_district) {   /* districts along, the column's codes as bars */
        ax->gcode = d;
        ax->ng = nd;
        ax->ns = codes_of(c, a, x, d, nd, 0, &ax->scode);
    } else if (x->ncols == 1) {   /* the codes along, one bar each */
        ax->ng = codes_of(c, a, x, self, 1, 0, &ax->gcode);
        ax->scode = trygg_book_alloc(a, sizeof *ax->scode);
        ax->ns = ax->scode ? 1 : 0;
        if (ax->scode)
            ax->scode[0] = muni;
    } else {   /* the second column along, the first as bars */
        ax->ng = codes_of(c, a, x, self, 1, 1, &ax->gcode);
        ax->ns = codes_of(c, a, x, self, 1, 0, &ax->scode);
    }
    ax->groups = trygg_book_alloc(a, (ax->ng + 1) * sizeof *ax->groups);
    ax->series = trygg_book_alloc(a, (ax->ns + 1) * sizeof *ax->series);
    if (!ax->groups || !ax->series || !ax->ng || !ax->ns)
        return -1;
    const char *gcol = x->by_district ? NULL : x->cols[x->ncols - 1];
    const char *scol = x->by_district || x->ncols == 2 ? x->cols[0] : NULL;
    for (size_t g = 0; g < ax->ng; g++)
        ax->groups[g] = gcol ? book_code_label(c, a, gcol, ax->gcode[g]) : ax->gcode[g];
    for (size_t s = 0; s < ax->ns; s++)
        ax->series[s] = scol ? book_code_label(c, a, scol, ax->scode[s]) : ax->scode[s];
    return 0;
}

/* The domain of group g and series s: "Botkyrka / 2 / 16-24", "Fittja / 2". */
static const char *domain_of(trygg_book_arena *a, const crossing *x, const char *muni,
                             const axes *ax, size_t g, size_t s)
{
    if (x->by_district)
        return book_printf(a, "%s / %s", ax->gcode[g], ax->scode[s]);
    if (x->ncols == 1)
        return book_printf(a, "%s / %s", muni, ax->gcode[g]);
    return book_printf(a, "%s / %s / %s", muni, ax->scode[s], ax->gcode[g]);
}

/* "Stapeldiagram. Män: 16–24 21,5 %, …; Kvinnor: …" (hidden values "för
 * få svar"); only counts for a large chart. */
static const char *describe(const trygg_book_ctx *c, trygg_book_arena *a,
                            const trygg_report_groups *m)
{
    if (m->ngroups * m->nseries > 24)
        return book_printf(a, SV(c) ? "Stapeldiagram: %zu grupper med %zu staplar var."
                                    : "Bar chart: %zu groups of %zu bars.",
                           m->ngroups, m->nseries);
    const char *out = SV(c) ? "Stapeldiagram." : "Bar chart.";
    for (size_t s = 0; s < m->nseries; s++) {
        out = book_printf(a, "%s %s%s", out, m->nseries > 1 ? m->series[s] : "",
                          m->nseries > 1 ? ":" : "");
        for (size_t g = 0; g < m->ngroups; g++) {
            const trygg_report_value *v = &m->values[s * m->ngroups + g];
            char num[64];
            if (v->flags & TRYGG_REPORT_SUPPRESSED || !(v->est == v->est))
                snprintf(num, sizeof num, "%s", v->flags & TRYGG_REPORT_SUPPRESSED
                                                    ? (SV(c) ? "för få svar" : "too few answers")
                                                    : "–");
            else
                trygg_report_format(num, sizeof num, v->est, &m->scale, c->lang);
            out = book_printf(a, "%s %s %s%s", out, m->groups[g], num,
                              g + 1 < m->ngroups ? "," : ";");
        }
    }
    size_t n = strlen(out);
    if (n && out[n - 1] == ';')
        ((char *)out)[n - 1] = '.';
    return out;
}

static void words(const trygg_book_ctx *c, trygg_book_arena *a, const crossing *x,
                  const char *muni, trygg_report_groups *m, const trygg_estimate_row *first)
{
    char *title = book_printf(a, "%s %d: %s", muni, c->year, m->axis_title);
    const char *sub = x->by_district
        ? book_printf(a, SV(c) ? "Efter %s, per stadsdel" : "By %s, for each district",
                      column_word(c, x->cols[0], 0))
        : x->ncols == 2 ? book_printf(a, SV(c) ? "Efter %s och %s" : "By %s and %s",
                                      column_word(c, x->cols[0], 0),
                                      column_word(c, x->cols[1], 0))
                        : book_printf(a, SV(c) ? "Efter %s" : "By %s",
                                      column_word(c, x->cols[0], 0));
    book_frame(c, a, &m->frame, title, sub, first);
    m->frame.facts = book_facts(c, a, "municipality", muni);
    m->group_title = x->by_district ? (SV(c) ? "Stadsdel" : "District")
                                    : column_word(c, x->cols[x->ncols - 1], 1);
    m->frame.description = describe(c, a, m);
    book_note(c, a, &m->frame, book_printf(a, SV(c) ? "Staplar med %s konfidensintervall."
                                                    : "Bars with %s confidence intervals.",
                                           book_level(c, a, m->frame.ci_level)), NULL);
}

int book_groups_of(const trygg_book_ctx *c, trygg_book_arena *a, const char *muni,
                   const char *level, const char *indicator, trygg_report_chart *chart)
{
    long k = trygg_definition_indicator_find(c->def, indicator);
    crossing x;
    axes ax;
    if (k < 0)
        return book_fail(a, "no indicator '%s'", indicator);
    if (!parse(a, level, &x) || axes_of(c, a, &x, muni, &ax) != 0)
        return book_fail(a, "no estimates for '%s' by %s in %d", muni, level, c->year);
    if (ax.ns > 6)
        return book_fail(a, "'%s' has %zu groups of %s: a groups chart draws up to 6", muni,
                         ax.ns, level);
    trygg_report_groups *m = trygg_book_alloc(a, sizeof *m);
    trygg_report_value *v = trygg_book_alloc(a, ax.ns * ax.ng * sizeof *v);
    if (!m || !v)
        return book_fail(a, "out of memory");
    trygg_report_groups_init(m);
    const trygg_estimate_row *first = NULL;
    for (size_t s = 0; s < ax.ns; s++)
        for (size_t g = 0; g < ax.ng; g++) {
            const char *dom = domain_of(a, &x, muni, &ax, g, s);
            const trygg_estimate_row *r =
                dom ? trygg_results_find(c->est, c->year, level, dom, indicator) : NULL;
            first = first ? first : r;
            v[s * ax.ng + g] = trygg_book_value(r);
        }
    m->scale = book_scale(c->def, k);
    m->axis_title = book_label(c, (size_t)k);
    m->groups = ax.groups;
    m->ngroups = ax.ng;
    m->series = ax.series;
    m->nseries = ax.ns;
    m->values = v;
    words(c, a, &x, muni, m, first);
    chart->type = TRYGG_REPORT_CHART_GROUPS;
    chart->m.groups = m;
    return 0;
}

size_t book_group_levels(const trygg_book_ctx *c, trygg_book_arena *a, const char ***out)
{
    size_t nl = trygg_definition_level_count(c->def), n = 0;
    const char **l = trygg_book_alloc(a, (nl + 1) * sizeof *l);
    crossing x;
    /* the municipality's own groups first, the finest first (sex × age,
     * then age or sex), then its districts' */
    for (int pass = 0; l && pass < 3; pass++)
        for (size_t i = 0; i < nl; i++) {
            const char *name = trygg_definition_level_name(c->def, i);
            int kind = !parse(a, name, &x) ? -1 : x.by_district ? 2 : x.ncols == 2 ? 0 : 1;
            if (kind == pass)
                l[n++] = name;
        }
    *out = l;
    return l ? n : 0;
}

int trygg_book_groups(const trygg_book_ctx *c, trygg_book_arena *a, const char *muni,
                      const char *indicator, trygg_report_chart *chart)
{
    const char **levels;
    size_t n = book_group_levels(c, a, &levels);
    for (size_t i = 0; i < n; i++)
        if (book_groups_of(c, a, muni, levels[i], indicator, chart) == 0)
            return 0;
    return book_fail(a, "no estimates for '%s' by sex and age group in %d (the definition "
                        "needs a crossing such as municipality*sex*age_group, "
                        "municipality*age_group or district*sex)", muni, c->year);
}
