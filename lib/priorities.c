/* Priorities for citizen promises: for every problem of an area, how common
 * it is, whether it stands out against the enclosing area and comparable
 * areas, whether it is rising, how many are affected and who — and a
 * ranking by a rule the README states. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_internal.h"
#include "csv_reader.h"
#include "errors_internal.h"
#include "year.h"
#include "intervals.h"
#include "padjust.h"
#include "priorities_internal.h"
#include "replicates.h"
#include "results_internal.h"
#include "variance.h"

void trygg_priority_options_init(trygg_priority_options *o)
{
    memset(o, 0, sizeof *o);
    o->weighting = TRYGG_WEIGHTING_DEFAULT;
    o->adjust = TRYGG_ADJUST_HOLM;
    o->variance = TRYGG_VARIANCE_DEFAULT;
    o->alpha = 0.05;
    o->level = 0;
}

typedef struct {
    const trygg_survey *sv;
    trygg_priority_options o;
    trygg_weighting weighting;
    trygg_results *all;        /* every estimate of every year */
    trygg_table *judge;
    trygg_priorities *out;
    trygg_errors *err;
    trygg_analysis *an;        /* the years, built once for the run */
    trygg_year *y;             /* the year of the areas gone through, or NULL */
    trygg_prio_nesting nesting;  /* the year's crossings within areas */
    trygg_prio_reps *reps;       /* replicate variances, or NULL: linearized */
    size_t base_levels;        /* the year's own levels; areas add more */
    /* the enclosing area's point per indicator, shared by its areas (every
     * municipality's parent is the region: its rows once, not 26 times) */
    long par_level, par_domain;
    trygg_point *par_pts;
    uint8_t *par_have;
    /* the current area's gap variances, worked out before for many areas
     * at once (priorities_gaps.c), by item: gap_var[item_j[k]]; or NULL */
    const double *gap_var;
    const trygg_status *gap_st;
    const long *item_j;
} prio_ctx;

static int is_problem(const trygg_definition *def, size_t k)
{
    return strcmp(def->indicators[k].group, "problem") == 0 ||
           def->indicators[k].type == TRYGG_IND_INDEX;
}

static const char *pool(prio_ctx *c, const char *s)
{
    return trygg_pool(&c->out->pool, s);
}

/* ---- the area's own numbers -------------------------------------------- */

static long find_level(const trygg_year *y, const char *name)
{
    for (size_t l = 0; l < y->nlevels; l++)
        if (strcmp(y->levels[l].level_name, name) == 0)
            return (long)l;
    return -1;
}

static long find_domain(const trygg_level_part *p, const char *name)
{
    for (size_t d = 0; d < p->ndom; d++)
        if (strcmp(p->name[d], name) == 0)
            return (long)d;
    return -1;
}

/* Level of the respondents in the area, crossed by sex and age group. */
/* The area's peer group (other members only), as one domain; -1 when the
 * area belongs to none. */
static trygg_status add_peer_level(trygg_year *y, size_t l, uint32_t d,
                                   const char **group)
{
    const trygg_definition *def = y->sv->def;
    const char *area = y->levels[l].name[d];
    const trygg_peer_group *g = NULL;
    for (size_t i = 0; i < def->npeers && !g; i++)
        for (size_t k = 0; k < def->peers[i].nmembers; k++)
            if (strcmp(def->peers[i].members[k], area) == 0)
                g = &def->peers[i];
    *group = g ? g->name : NULL;
    if (!g)
        return TRYGG_OK;
    uint32_t *dom = malloc((y->d.n + 1) * sizeof *dom);
    char **names = calloc(1, sizeof *names);
    char *lname = strdup("peers");
    if (!dom || !names || !lname || !(names[0] = strdup(g->name))) {
        free(dom);
        free(lname);
        if (names)
            free(names[0]);
        free(names);
        return TRYGG_ERR_NOMEM;
    }
    for (size_t i = 0; i < y->d.n; i++) {
        uint32_t x = y->levels[l].dom[i];
        dom[i] = UINT32_MAX;
        if (x == UINT32_MAX || x == d)
            continue;
        for (size_t k = 0; k < g->nmembers; k++)
            if (strcmp(g->members[k], y->levels[l].name[x]) == 0)
                dom[i] = 0;
    }
    return trygg_year_add_level(y, lname, dom, 1, names);
}

/* Variance of a difference of two domain estimators in the same year. */
static trygg_status diff_se(const trygg_year *y, size_t k, size_t la, uint32_t a,
                            const trygg_point *pa, size_t lb, uint32_t b,
                            const trygg_point *pb, double *se, trygg_errors *err)
{
    double var;
    trygg_status st = trygg_year_diff_variance(y, k, la, a, pa, lb, b, pb, &var, err);
    *se = sqrt(var > 0 ? var : 0);
    return st;
}

/* SE of the weighted total of y over the area's valid answers: the
 * estimated number of residents who give the answer. */
static trygg_status total_se(const trygg_year *y, size_t k, size_t l, uint32_t d,
                             double *se, trygg_errors *err)
{
    double var;
    trygg_influence_term t = {l, d, k, 1.0, 0.0};
    trygg_status st = trygg_year_variance(y, &t, 1, &var, err);
    *se = sqrt(var > 0 ? var : 0);
    return st;
}

/* Points of level l's domains from their own rows: only domain `only`, or
 * every domain when it is -1 (an area's sex × age groups: its rows). */
static trygg_status points_of(const trygg_year *y, size_t l, size_t k, long only,
                              trygg_point **pts)
{
    free(*pts);
    size_t nd = y->levels[l].ndom;
    *pts = calloc(nd + 1, sizeof **pts);
    if (!*pts)
        return TRYGG_ERR_NOMEM;
    trygg_status st = TRYGG_OK;
    for (size_t d = only < 0 ? 0 : (size_t)only;
         st == TRYGG_OK && d < (only < 0 ? nd : (size_t)only + 1); d++) {
        double var;
        st = trygg_variance_domain(y->ve, y, l, (uint32_t)d, &k, 1, TRYGG_WANT_POINTS, &(*pts)[d],
                                   &var, NULL);
    }
    return st;
}

typedef struct {
    trygg_year *y;      /* the context's, with this area's levels added */
    size_t l;
    uint32_t d;
    long pl, pd;        /* parent level and domain, or -1 */
    long peer;          /* peer level, or -1 */
    const char *peer_name;
    trygg_point *own, *pp;
    trygg_point par;    /* the parent's point of the item */
} area_state;

/* The parent's point of indicator k, from its rows the first time. */
static trygg_status parent_point(prio_ctx *c, area_state *a, size_t k)
{
    if (c->par_level != a->pl || c->par_domain != a->pd) {
        memset(c->par_have, 0, c->sv->def->nindicators);
        c->par_level = a->pl;
        c->par_domain = a->pd;
    }
    trygg_status st = TRYGG_OK;
    if (!c->par_have[k]) {
        double var;
        st = trygg_variance_domain(a->y->ve, a->y, (size_t)a->pl, (uint32_t)a->pd, &k, 1,
                                   TRYGG_WANT_POINTS,
                                   &c->par_pts[k], &var, NULL);
        c->par_have[k] = st == TRYGG_OK;
    }
    a->par = c->par_pts[k];
    return st;
}

static double ci_q(const prio_ctx *c)
{
    return trygg_quantile(c->o.level, INFINITY);
}

static void fill_gap(prio_ctx *c, area_state *a, size_t k, trygg_priority_row *r)
{
    trygg_point *own = &a->own[a->d];
    if (a->pl < 0 || !(own->n > 0))
        return;
    trygg_point *par = &a->par;
    r->parent_level = a->y->levels[a->pl].level_name;
    r->parent = a->y->levels[a->pl].name[a->pd];
    r->parent_estimate = par->estimate;
    r->gap = own->estimate - par->estimate;
    trygg_status st = TRYGG_ERR_NOMEM;
    if (c->reps && trygg_prio_rep_diff_se(c->reps, k, a->l, a->d, (size_t)a->pl,
                                          (uint32_t)a->pd, 1, &r->gap_se) != TRYGG_OK)
        return;
    if (c->reps)
        st = TRYGG_OK;
    else if (c->gap_var && c->item_j[k] >= 0 && (st = c->gap_st[c->item_j[k]]) == TRYGG_OK) {
        double var = c->gap_var[c->item_j[k]];
        r->gap_se = sqrt(var > 0 ? var : 0);
    }
    /* not worked out before, or failed there: here, with its diagnostics */
    if (st != TRYGG_OK && diff_se(a->y, k, a->l, a->d, own, (size_t)a->pl,
                                  (uint32_t)a->pd, par, &r->gap_se, c->err) != TRYGG_OK)
        return;
    r->gap_ci_low = r->gap - ci_q(c) * r->gap_se;
    r->gap_ci_high = r->gap + ci_q(c) * r->gap_se;
    r->gap_p = trygg_p_value(r->gap / r->gap_se);
}

static void fill_peer(prio_ctx *c, area_state *a, size_t k, trygg_priority_row *r)
{
    if (a->peer < 0 || !(a->pp[0].n > 0) || !(a->own[a->d].n > 0))
        return;
    double se;
    trygg_status st = c->reps
        ? trygg_prio_rep_diff_se(c->reps, k, a->l, a->d, (size_t)a->peer, 0, 0, &se)
        : diff_se(a->y, k, a->l, a->d, &a->own[a->d], (size_t)a->peer, 0, &a->pp[0], &se,
                  c->err);
    if (st != TRYGG_OK)
        return;
    r->peer_group = a->peer_name;
    r->peer_estimate = a->pp[0].estimate;
    r->peer_gap = r->estimate - r->peer_estimate;
    r->peer_gap_ci_low = r->peer_gap - ci_q(c) * se;
    r->peer_gap_ci_high = r->peer_gap + ci_q(c) * se;
    r->peer_gap_p = trygg_p_value(r->peer_gap / se);
}

static void fill_judgement(prio_ctx *c, trygg_priority_row *r)
{
    trygg_table *t = c->judge;
    if (!t)
        return;
    long ca = trygg_table_col(t, "area"), ci = trygg_table_col(t, "indicator");
    long cs = trygg_table_col(t, "signal_problem"), cf = trygg_table_col(t, "influence");
    for (size_t i = 0; i < t->nrows; i++)
        if (!strcmp(trygg_table_get(t, i, ca), r->area) &&
            !strcmp(trygg_table_get(t, i, ci), r->indicator)) {
            r->signal_problem = pool(c, trygg_table_get(t, i, cs));
            r->influence = pool(c, trygg_table_get(t, i, cf));
        }
}

static void nan_row(trygg_priority_row *r)
{
    double *nums[] = {&r->estimate, &r->ci_low, &r->ci_high, &r->n, &r->parent_estimate,
                      &r->gap, &r->gap_se, &r->gap_ci_low, &r->gap_ci_high, &r->gap_p,
                      &r->gap_p_adjusted, &r->change, &r->change_se, &r->change_p,
                      &r->change_p_adjusted, &r->trend, &r->trend_se, &r->trend_p,
                      &r->affected, &r->affected_ci_low, &r->affected_ci_high,
                      &r->group_estimate, &r->group_ci_low, &r->group_ci_high,
                      &r->peer_estimate, &r->peer_gap, &r->peer_gap_ci_low,
                      &r->peer_gap_ci_high, &r->peer_gap_p};
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++)
        *nums[i] = NAN;
    r->parent_level = r->parent = r->group_level = r->group = r->peer_group = "";
    r->signal_problem = r->influence = "";
}

static void identity(const prio_ctx *c, const area_state *a, size_t k,
                     trygg_priority_row *r)
{
    const trygg_definition *def = c->sv->def;
    const trygg_indicator *ind = &def->indicators[k];
    nan_row(r);
    r->year = a->y->d.year;
    r->level = a->y->levels[a->l].level_name;
    r->area = a->y->levels[a->l].name[a->d];
    r->indicator = ind->name;
    r->indicator_index = k;
    r->is_share = ind->type == TRYGG_IND_SHARE;
    r->confidence = c->o.level, r->variance = TRYGG_VARIANCE_LINEARIZATION;
    r->focus_areas = def->items[ind->items[0]].tags;
}

/* The gap to a hidden parent, or a peer comparison through a hidden peer,
 * would show the hidden cell: left out. */
static void published_only(prio_ctx *c, area_state *a, size_t k, trygg_priority_row *r)
{
    const char *ind = c->sv->def->indicators[k].name;
    if (a->pl >= 0 && !trygg_prio_published(c->all, r->year, a->y->levels[a->pl].level_name,
                                            r->parent, ind)) {
        r->parent_level = r->parent = "";
        r->parent_estimate = r->gap = r->gap_se = r->gap_ci_low = r->gap_ci_high =
            r->gap_p = NAN;
    }
    if (r->peer_group[0] && !trygg_prio_peers_published(c->sv, c->all, r)) {
        r->peer_group = "";
        r->peer_estimate = r->peer_gap = r->peer_gap_ci_low = r->peer_gap_ci_high =
            r->peer_gap_p = NAN;
    }
}

static trygg_status one_item(prio_ctx *c, area_state *a, size_t k,
                             trygg_priority_row *r)
{
    const trygg_definition *def = c->sv->def;
    identity(c, a, k, r);
    /* the area's own cell as the estimates publish it, or nothing at all */
    const trygg_estimate_row *e = trygg_results_find(c->all, r->year, r->level,
                                                     r->area, r->indicator);
    if (!e || (e->flags & TRYGG_FLAG_SUPPRESSED)) {
        r->flags = TRYGG_FLAG_SUPPRESSED |
                   (e ? e->flags & TRYGG_FLAG_COMPLEMENTARY : 0);
        return TRYGG_OK;
    }
    trygg_status st = points_of(a->y, a->l, k, (long)a->d, &a->own);
    if (st == TRYGG_OK && a->pl >= 0)
        st = parent_point(c, a, k);
    if (st == TRYGG_OK && a->peer >= 0)
        st = points_of(a->y, (size_t)a->peer, k, 0, &a->pp);
    if (st != TRYGG_OK)
        return st;
    const trygg_point *own = &a->own[a->d];
    r->flags = e->flags;
    r->confidence = e->confidence;   /* the published cell's own */
    r->variance = e->variance;
    r->estimate = e->estimate;
    r->ci_low = e->ci_low;
    r->ci_high = e->ci_high;
    r->n = e->n;
    if (def->indicators[k].type == TRYGG_IND_SHARE && own->n > 0) {
        double tse;
        st = c->reps ? trygg_prio_rep_total_se(c->reps, k, a->l, a->d, &tse)
                     : total_se(a->y, k, a->l, a->d, &tse, c->err);
        r->affected = own->total_num;
        r->affected_ci_low = fmax(0, r->affected - ci_q(c) * tse);
        r->affected_ci_high = r->affected + ci_q(c) * tse;
    }
    fill_gap(c, a, k, r);
    fill_peer(c, a, k, r);
    published_only(c, a, k, r);
    trygg_prio_fill_group(a->y, &c->nesting, c->all, a->l, a->d, r);
    if (st == TRYGG_OK)
        st = trygg_prio_fill_time(c->sv, c->all, r);
    fill_judgement(c, r);
    return st;
}

/* ---- ranking ---------------------------------------------------------- */

static int cmp_rows(const void *pa, const void *pb)
{
    const trygg_priority_row *a = pa, *b = pb;
    int sa = (a->flags & TRYGG_FLAG_SUPPRESSED) != 0;
    int sb = (b->flags & TRYGG_FLAG_SUPPRESSED) != 0;
    if (sa != sb)
        return sa - sb;
    if (sa)   /* in an order that says nothing of their hidden values */
        return a->indicator_index < b->indicator_index ? -1
               : a->indicator_index > b->indicator_index;
    if (a->is_share != b->is_share)
        return b->is_share - a->is_share;
    if (a->priority != b->priority)
        return b->priority - a->priority;
    double la = isnan(a->ci_low) ? -INFINITY : a->ci_low;
    double lb = isnan(b->ci_low) ? -INFINITY : b->ci_low;
    if (la != lb)
        return la > lb ? -1 : 1;
    if (a->estimate != b->estimate)
        return a->estimate > b->estimate ? -1 : 1;
    return strcmp(a->indicator, b->indicator);
}

/* A pooled, formatted string (no fixed buffer: names can be long); NULL
 * when out of memory, as pool() gives. */
static const char *pool_format(prio_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static const char *pool_format(prio_ctx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = trygg_vstrprintf(fmt, ap);
    va_end(ap);
    if (!s)
        return NULL;
    const char *p = pool(c, s);
    free(s);
    return p;
}

/* The enclosing area as readers call it: the region by its name. */
static const char *parent_name(const prio_ctx *c, const trygg_priority_row *r, int sv)
{
    const trygg_definition *def = c->sv->def;
    for (size_t l = 0; l < def->nlevels; l++)
        if (!strcmp(def->levels[l].name, r->parent_level) && def->levels[l].ncols == 0)
            return def->region_name ? def->region_name : sv ? "regionen" : "the region";
    return r->parent;
}

static void reasons(prio_ctx *c, trygg_priority_row *r)
{
    int high = r->gap > 0 && r->gap_p_adjusted < c->o.alpha;
    int rising = r->change > 0 && r->change_p_adjusted < c->o.alpha;
    const char *up_sv = "signifikant ökning sedan föregående mätning";
    const char *up_en = "significant increase since the previous survey";
    if (r->flags & TRYGG_FLAG_SUPPRESSED) {
        r->reason = pool(c, "för få svar");
        r->reason_en = pool(c, "too few answers");
    } else if (high) {
        r->reason = pool_format(c, "signifikant högre än %s%s%s", parent_name(c, r, 1),
                                rising ? "; " : "", rising ? up_sv : "");
        r->reason_en = pool_format(c, "significantly above %s%s%s", parent_name(c, r, 0),
                                   rising ? "; " : "", rising ? up_en : "");
    } else if (rising) {
        r->reason = pool(c, up_sv);
        r->reason_en = pool(c, up_en);
    } else {
        r->reason = pool(c, "varken signifikant högre än jämförelseområdet "
                            "eller signifikant ökande");
        r->reason_en = pool(c, "neither significantly above the enclosing area "
                               "nor significantly rising");
    }
    r->priority = !(r->flags & TRYGG_FLAG_SUPPRESSED) && (high || rising);
}

static trygg_status rank(prio_ctx *c, trygg_priority_row *rows, size_t n)
{
    double *p = malloc((2 * n + 1) * sizeof *p), *adj = p + n;
    if (!p)
        return TRYGG_ERR_NOMEM;
    trygg_status st = TRYGG_OK;
    for (int pass = 0; pass < 2 && st == TRYGG_OK; pass++) {
        for (size_t i = 0; i < n; i++)
            p[i] = rows[i].flags & TRYGG_FLAG_SUPPRESSED ? NAN
                   : pass ? rows[i].change_p : rows[i].gap_p;
        st = trygg_p_adjust(p, n, c->o.adjust, adj);
        for (size_t i = 0; i < n; i++)
            *(pass ? &rows[i].change_p_adjusted : &rows[i].gap_p_adjusted) = adj[i];
    }
    free(p);
    for (size_t i = 0; i < n; i++)
        reasons(c, &rows[i]);
    qsort(rows, n, sizeof *rows, cmp_rows);
    for (size_t i = 0; i < n; i++)
        rows[i].rank = rows[i].flags & TRYGG_FLAG_SUPPRESSED ? 0 : (int)i + 1;
    return st;
}

/* ---- one area ----------------------------------------------------------- */

static void pool_row(prio_ctx *c, trygg_priority_row *r)
{
    const char **s[] = {&r->level, &r->area, &r->indicator, &r->focus_areas,
                        &r->parent_level, &r->parent, &r->group_level, &r->group,
                        &r->peer_group};
    for (size_t i = 0; i < sizeof s / sizeof *s; i++)
        *s[i] = pool(c, *s[i]);
}

static trygg_status push_rows(prio_ctx *c, trygg_priority_row *rows, size_t n)
{
    trygg_priorities *o = c->out;
    if (o->count + n > o->cap) {
        size_t nc = (o->cap + n) * 2;
        trygg_priority_row *nr = realloc(o->rows, nc * sizeof *nr);
        if (!nr)
            return TRYGG_ERR_NOMEM;
        o->rows = nr;
        o->cap = nc;
    }
    for (size_t i = 0; i < n; i++) {
        pool_row(c, &rows[i]);
        o->rows[o->count++] = rows[i];
    }
    return TRYGG_OK;
}

/* Done with the areas of the current year. */
static void leave_year(prio_ctx *c)
{
    if (!c->y)
        return;
    trygg_prio_reps_free(c->reps);
    c->reps = NULL;
    trygg_prio_nesting_free(&c->nesting);
    trygg_year_drop_levels(c->y, c->base_levels);
    trygg_analysis_year_done(c->an, c->y->d.year);
    c->y = NULL;
}

static trygg_status ensure_year(prio_ctx *c, int year)
{
    if (c->y && c->y->d.year != year)
        leave_year(c);
    if (!c->y) {
        trygg_year *y;
        /* with the analysis's variance method, as the estimates have it */
        trygg_status st = trygg_analysis_year_get(c->an, year, &y, c->err);
        if (st != TRYGG_OK)
            return st;
        c->y = y;
        c->base_levels = y->nlevels;
        st = trygg_prio_nesting_build(y, y->nlevels, &c->nesting);
        if (st == TRYGG_OK && c->o.variance != TRYGG_VARIANCE_LINEARIZATION)
            st = trygg_prio_reps_new(y, &c->reps);
        if (st != TRYGG_OK)
            return st;
        c->par_level = -1;   /* the points cached were another year's */
        c->par_domain = -1;
    }
    return TRYGG_OK;
}

static trygg_status area_setup(prio_ctx *c, area_state *a, int year,
                               const char *level, const char *area)
{
    trygg_status st = ensure_year(c, year);
    if (st != TRYGG_OK)
        return st;
    a->y = c->y;
    long l = find_level(a->y, level);
    long d = l >= 0 ? find_domain(&a->y->levels[l], area) : -1;
    if (d < 0) {
        trygg_errors_add(c->err, "", 0, 0, "no area '%s' (%s) in %d", area, level, year);
        return TRYGG_ERR_NOT_FOUND;
    }
    a->l = (size_t)l;
    a->d = (uint32_t)d;
    a->pl = a->y->levels[l].parent_level;
    a->pd = a->pl >= 0 ? a->y->levels[l].parent[d] : -1;
    if (a->pd < 0)
        a->pl = -1;
    st = add_peer_level(a->y, a->l, a->d, &a->peer_name);
    a->peer = a->peer_name ? (long)a->y->nlevels - 1 : -1;
    return st;
}

static trygg_status one_area(prio_ctx *c, int year, const char *level,
                             const char *area)
{
    const trygg_definition *def = c->sv->def;
    area_state a;
    memset(&a, 0, sizeof a);
    trygg_priority_row *rows = calloc(def->nindicators + 1, sizeof *rows);
    if (!rows)
        return TRYGG_ERR_NOMEM;
    trygg_status st = area_setup(c, &a, year, level, area);
    size_t n = 0;
    for (size_t k = 0; k < def->nindicators && st == TRYGG_OK; k++)
        if (is_problem(def, k))
            st = one_item(c, &a, k, &rows[n++]);
    if (st == TRYGG_OK)
        st = rank(c, rows, n);
    if (st == TRYGG_OK)
        st = push_rows(c, rows, n);
    free(rows);
    free(a.own);
    free(a.pp);
    if (c->y)
        trygg_year_drop_levels(c->y, c->base_levels);
    return st;
}

/* ---- which areas -------------------------------------------------------- */

static int latest_year(const prio_ctx *c, const char *level, const char *area)
{
    int y = 0;
    for (size_t i = 0; i < c->all->count; i++) {
        const trygg_estimate_row *x = &c->all->rows[i];
        if (trygg_row_answered(x) && !strcmp(x->level, level) && !strcmp(x->domain, area) &&
            x->year > y)
            y = x->year;
    }
    return y;
}

/* The gaps' variances of the areas sel[0..n) (for the problem items) into
 * var and st, n × K; *have = 0 when they could not be worked out here
 * (one_area then works each out itself). */
static void many_gaps(prio_ctx *c, const trygg_estimate_row *const *sel, size_t n,
                      const size_t *ks, size_t K, size_t *slot, double *var,
                      trygg_status *st, int *have)
{
    trygg_prio_area *ar = malloc((n + 1) * sizeof *ar);
    size_t na = 0;
    *have = 0;
    if (!ar)
        return;
    for (size_t i = 0; i < n; i++) {
        long l = find_level(c->y, sel[i]->level);
        long d = l >= 0 ? find_domain(&c->y->levels[l], sel[i]->domain) : -1;
        slot[i] = SIZE_MAX;
        if (d < 0)
            continue;   /* one_area reports it */
        long pl = c->y->levels[l].parent_level;
        long pd = pl >= 0 ? c->y->levels[l].parent[d] : -1;
        ar[na] = (trygg_prio_area){(size_t)l, (uint32_t)d, pd < 0 ? -1 : pl, pd};
        slot[i] = na++;
    }
    *have = trygg_priority_gaps(c->y, ar, na, ks, K, var, st) == TRYGG_OK;
    free(ar);
}

/* The areas sel[0..n) of `year` one by one, the variances of their gaps to
 * the enclosing areas worked out first, for all of them at once. */
static trygg_status areas_in_turn(prio_ctx *c, int year,
                                  const trygg_estimate_row *const *sel, size_t n)
{
    const trygg_definition *def = c->sv->def;
    trygg_status st = n ? ensure_year(c, year) : TRYGG_OK;
    size_t K = 0, *ks = malloc((def->nindicators + 1) * sizeof *ks);
    long *item_j = malloc((def->nindicators + 1) * sizeof *item_j);
    size_t *slot = malloc((n + 1) * sizeof *slot);
    for (size_t k = 0; ks && item_j && k < def->nindicators; k++) {
        item_j[k] = is_problem(def, k) ? (long)K : -1;
        if (is_problem(def, k))
            ks[K++] = k;
    }
    double *var = malloc((n * K + 1) * sizeof *var);
    trygg_status *gst = malloc((n * K + 1) * sizeof *gst);
    int have = 0;   /* linearized gaps of many areas at once; replicates: each its own */
    if (st == TRYGG_OK && ks && item_j && slot && var && gst && !c->reps)
        many_gaps(c, sel, n, ks, K, slot, var, gst, &have);
    c->item_j = item_j;
    for (size_t i = 0; i < n && st == TRYGG_OK; i++) {
        int mine = have && slot[i] != SIZE_MAX;
        c->gap_var = mine ? var + slot[i] * K : NULL;
        c->gap_st = mine ? gst + slot[i] * K : NULL;
        st = one_area(c, year, sel[i]->level, sel[i]->domain);
    }
    c->gap_var = NULL;
    c->gap_st = NULL;
    c->item_j = NULL;
    free(ks);
    free(item_j);
    free(slot);
    free(var);
    free(gst);
    return st;
}

/* The estimate rows (indicator 0) of `year` naming the areas of `level`, or
 * of every one-column level but the region when level is NULL. */
static trygg_status areas_of(prio_ctx *c, int year, const char *level)
{
    const trygg_definition *def = c->sv->def;
    const trygg_estimate_row **sel = malloc((c->all->count + 1) * sizeof *sel);
    if (!sel)
        return TRYGG_ERR_NOMEM;
    size_t n = 0;
    for (size_t i = 0; i < c->all->count; i++) {
        const trygg_estimate_row *x = &c->all->rows[i];
        if (x->year != year || x->indicator_index != 0)
            continue;
        if (level && strcmp(x->level, level) == 0)
            sel[n++] = x;
        if (level || strcmp(x->level, "region") == 0)
            continue;
        for (size_t k = 0; k < def->nlevels; k++)
            if (!strcmp(def->levels[k].name, x->level) && def->levels[k].ncols == 1) {
                sel[n++] = x;
                break;
            }
    }
    trygg_status st = areas_in_turn(c, year, sel, n);
    free(sel);
    return st;
}

/* Every area of one level ("municipality:*") in the latest or asked year. */
static trygg_status every_area_of(prio_ctx *c, const char *level)
{
    return areas_of(c, c->o.year ? c->o.year : c->sv->years[c->sv->nyears - 1], level);
}

static trygg_status by_name(prio_ctx *c, const char *spec)
{
    char level[128] = "";
    const char *name = spec, *colon = strchr(spec, ':');
    if (colon && (size_t)(colon - spec) < sizeof level) {
        snprintf(level, sizeof level, "%.*s", (int)(colon - spec), spec);
        name = colon + 1;
    }
    const trygg_definition *def = c->sv->def;
    if (level[0] && strcmp(name, "*") == 0)
        return every_area_of(c, level);
    for (size_t l = def->nlevels; l-- > 0;) {
        if (def->levels[l].ncols > 1 || (level[0] && strcmp(level, def->levels[l].name)))
            continue;
        int y = c->o.year ? c->o.year : latest_year(c, def->levels[l].name, name);
        if (y && latest_year(c, def->levels[l].name, name)) {
            /* as one of many, so that its gaps come from the same sums */
            trygg_estimate_row at;
            memset(&at, 0, sizeof at);
            at.level = def->levels[l].name;
            at.domain = name;
            const trygg_estimate_row *sel = &at;
            return areas_in_turn(c, y, &sel, 1);
        }
    }
    trygg_errors_add(c->err, def->path, 0, 0, "no area '%s' in the survey", spec);
    return TRYGG_ERR_NOT_FOUND;
}

/* A year asked for that the data do not have is an error, not an empty
 * table (nor a year built from no rows). */
static trygg_status known_year(const trygg_survey *sv, int year, trygg_errors *err)
{
    char years[256] = "";
    for (size_t i = 0; i < sv->nyears; i++) {
        if (sv->years[i] == year)
            return TRYGG_OK;
        size_t n = strlen(years);
        if (n + 16 < sizeof years)
            snprintf(years + n, sizeof years - n, "%s%d", i ? ", " : "", sv->years[i]);
        else if (n + 5 < sizeof years && !strstr(years, "…"))
            strcat(years, ", …");
    }
    trygg_errors_add(err, "", 0, 0, "no survey year %d in the data (years: %s)", year,
                     years);
    return TRYGG_ERR_NOT_FOUND;
}

static trygg_status every_area(prio_ctx *c)
{
    return areas_of(c, c->o.year ? c->o.year : c->sv->years[c->sv->nyears - 1], NULL);
}

/* The priorities of `area` (NULL: every area) with the resolved options
 * `o` from the analysis's years and the estimates `all`. */
static trygg_status priorities_run(trygg_analysis *an, const trygg_priority_options *o,
                                   const trygg_results *all, const char *area,
                                   trygg_priorities **out, trygg_errors *err)
{
    const trygg_survey *sv = an->sv;
    prio_ctx c = {.sv = sv, .o = *o, .all = (trygg_results *)all, .err = err, .an = an,
                  .par_level = -1, .par_domain = -1};
    c.weighting = o->weighting;
    *out = NULL;
    c.out = calloc(1, sizeof *c.out);
    c.par_pts = calloc(sv->def->nindicators + 1, sizeof *c.par_pts);
    c.par_have = calloc(sv->def->nindicators + 1, 1);
    trygg_status st = c.out && c.par_pts && c.par_have ? TRYGG_OK : TRYGG_ERR_NOMEM;
    if (c.out)
        trygg_dict_init(&c.out->pool);
    if (st == TRYGG_OK && c.o.year)
        st = known_year(sv, c.o.year, err);
    if (st == TRYGG_OK && c.o.judgements)
        st = trygg_table_read(c.o.judgements, &c.judge, err);
    if (st == TRYGG_OK)
        st = area ? by_name(&c, area) : every_area(&c);
    leave_year(&c);
    free(c.par_pts);
    free(c.par_have);
    trygg_table_free(c.judge);
    if (st != TRYGG_OK) {
        trygg_priorities_free(c.out);
        return st;
    }
    *out = c.out;
    return TRYGG_OK;
}

void trygg_priority_resolve(const trygg_analysis *an, const trygg_priority_options *opt,
                            trygg_priority_options *o)
{
    trygg_priority_options_init(o);
    if (opt)
        *o = *opt;
    if (!(o->alpha > 0 && o->alpha < 1))
        o->alpha = 0.05;
    o->weighting = an->o.weighting;
    o->variance = an->o.variance;
    o->level = an->o.level;
    o->estimates = NULL;
}

trygg_status trygg_analysis_priorities(trygg_analysis *a, const trygg_priority_options *opt,
                                       const char *area, trygg_priorities **out,
                                       trygg_errors *err)
{
    trygg_priority_options o;
    trygg_priority_resolve(a, opt, &o);
    const trygg_results *all;
    *out = NULL;
    trygg_status st = trygg_analysis_estimates(a, &all, err);
    size_t threads = trygg_analysis_threads_begin(a);
    if (st == TRYGG_OK)
        st = priorities_run(a, &o, all, area, out, err);
    trygg_analysis_threads_end(threads);
    return st;
}

trygg_status trygg_priority_analysis(const trygg_survey *sv, const trygg_priority_options *opt,
                                     trygg_analysis **out)
{
    trygg_analysis_options ao;
    trygg_analysis_options_init(&ao);
    if (opt) {
        ao.weighting = opt->weighting;
        ao.variance = opt->variance;
        ao.level = opt->level;
    }
    trygg_status st = trygg_analysis_new_once(sv, &ao, out);
    if (st == TRYGG_OK && opt && opt->estimates)
        trygg_analysis_borrow_estimates(*out, opt->estimates);
    return st;
}

trygg_status trygg_priorities_compute(const trygg_survey *sv,
                                      const trygg_priority_options *opt,
                                      const char *area, trygg_priorities **out,
                                      trygg_errors *err)
{
    trygg_analysis *a;
    *out = NULL;
    trygg_status st = trygg_priority_analysis(sv, opt, &a);
    if (st == TRYGG_OK)
        st = trygg_analysis_priorities(a, opt, area, out, err);
    trygg_analysis_free(a);
    return st;
}

void trygg_priorities_free(trygg_priorities *p)
{
    if (!p)
        return;
    free(p->rows);
    trygg_dict_free(&p->pool);
    free(p);
}

size_t trygg_priorities_count(const trygg_priorities *p) { return p ? p->count : 0; }

const trygg_priority_row *trygg_priorities_row(const trygg_priorities *p, size_t i)
{
    return p && i < p->count ? &p->rows[i] : NULL;
}
