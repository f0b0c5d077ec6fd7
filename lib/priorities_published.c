/* What a priority row may show besides the area's own estimate: only
 * published cells, and figures made from published cells alone. A change
 * from a hidden year, a trend through one, a gap to a hidden parent or a
 * comparison with a peer group that holds a hidden area would give the
 * hidden value away (y₂₃ = y₂₄ − change); the most affected group is one of
 * the published crossings of the area, never a cell of its own. */
#include "priorities_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "definition_internal.h"
#include "intervals.h"
#include "results_internal.h"
#include "survey_internal.h"

const trygg_estimate_row *trygg_prio_published(const trygg_results *all, int year,
                                               const char *level, const char *domain,
                                               const char *indicator)
{
    const trygg_estimate_row *x = trygg_results_find(all, year, level, domain, indicator);
    return x && !(x->flags & TRYGG_FLAG_SUPPRESSED) ? x : NULL;
}

/* The area's rows of every year up to the row's, with answers. */
static size_t series(const trygg_survey *sv, const trygg_results *all,
                     const trygg_priority_row *r, const trygg_estimate_row **pts)
{
    size_t n = 0;
    for (size_t i = 0; i < sv->nyears && sv->years[i] <= r->year; i++) {
        const trygg_estimate_row *x =
            trygg_results_find(all, sv->years[i], r->level, r->area, r->indicator);
        if (x && trygg_row_answered(x))
            pts[n++] = x;
    }
    return n;
}

static int any_hidden(const trygg_estimate_row *const *pts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (pts[i]->flags & TRYGG_FLAG_SUPPRESSED)
            return 1;
    return 0;
}

/* The trend's slope as the trends table has it. */
static void slope(const trygg_estimate_row *const *pts, size_t n, trygg_priority_row *r)
{
    trygg_trend_slope(pts, n, &r->trend, &r->trend_se);
    r->trend_p = trygg_p_value(r->trend / r->trend_se);
}

trygg_status trygg_prio_fill_time(const trygg_survey *sv, const trygg_results *all,
                                  trygg_priority_row *r)
{
    const trygg_estimate_row **pts = malloc((sv->nyears + 1) * sizeof *pts);
    if (!pts)
        return TRYGG_ERR_NOMEM;
    size_t n = series(sv, all, r, pts);
    if (n >= 2 && pts[n - 1]->year == r->year) {
        const trygg_estimate_row *a = pts[n - 2], *b = pts[n - 1];
        r->change_from = a->year;
        if (!any_hidden(pts + n - 2, 2)) {
            trygg_change_between(a, b, &r->change, &r->change_se);
            r->change_p = trygg_p_value(r->change / r->change_se);
        }
    }
    if (n >= 3 && pts[n - 1]->year == r->year && !any_hidden(pts, n))
        slope(pts, n, r);
    free(pts);
    return TRYGG_OK;
}

/* ---- the most affected group: a published crossing of the area ---------- */

/* For crossing cl and level l: each crossing domain's domain of l, when
 * every one lies in one (else NULL). */
static trygg_status inside_of(const trygg_year *y, size_t cl, size_t l, long **out)
{
    const trygg_level_part *c = &y->levels[cl], *a = &y->levels[l];
    long *in = malloc((c->ndom + 1) * sizeof *in);
    *out = NULL;
    if (!in)
        return TRYGG_ERR_NOMEM;
    for (size_t d = 0; d < c->ndom; d++)
        in[d] = -1;
    int nested = c->ndom > 0;
    for (size_t i = 0; i < y->d.n && nested; i++) {
        uint32_t dc = c->dom[i], da = a->dom[i];
        if (dc == UINT32_MAX)
            continue;
        nested = da != UINT32_MAX && (in[dc] < 0 || in[dc] == (long)da);
        in[dc] = (long)da;
    }
    if (!nested)
        free(in);
    else
        *out = in;
    return TRYGG_OK;
}

trygg_status trygg_prio_nesting_build(const trygg_year *y, size_t nlev,
                                      trygg_prio_nesting *n)
{
    const trygg_definition *def = y->sv->def;
    n->nlev = nlev;
    n->inside = calloc(nlev * nlev + 1, sizeof *n->inside);
    if (!n->inside)
        return TRYGG_ERR_NOMEM;
    trygg_status st = TRYGG_OK;
    for (size_t cl = 0; cl < nlev && st == TRYGG_OK; cl++)
        for (size_t l = 0; l < nlev && st == TRYGG_OK; l++)
            if (def->levels[cl].ncols > 1 && def->levels[l].ncols == 1)
                st = inside_of(y, cl, l, &n->inside[cl * nlev + l]);
    return st;
}

void trygg_prio_nesting_free(trygg_prio_nesting *n)
{
    for (size_t i = 0; n->inside && i < n->nlev * n->nlev; i++)
        free(n->inside[i]);
    free(n->inside);
    memset(n, 0, sizeof *n);
}

void trygg_prio_fill_group(const trygg_year *y, const trygg_prio_nesting *n,
                           const trygg_results *all, size_t l, uint32_t d,
                           trygg_priority_row *r)
{
    const trygg_estimate_row *best = NULL;
    for (size_t cl = 0; l < n->nlev && cl < n->nlev; cl++) {
        const long *in = n->inside[cl * n->nlev + l];
        for (size_t dd = 0; in && dd < y->levels[cl].ndom; dd++) {
            if (in[dd] != (long)d)
                continue;
            const trygg_estimate_row *x = trygg_prio_published(
                all, r->year, y->levels[cl].level_name, y->levels[cl].name[dd], r->indicator);
            if (x && x->n > 0 && (!best || x->estimate > best->estimate))
                best = x;
        }
    }
    if (!best)
        return;
    r->group_level = best->level;
    r->group = best->domain;
    r->group_estimate = best->estimate;
    r->group_ci_low = best->ci_low;
    r->group_ci_high = best->ci_high;
}

int trygg_prio_peers_published(const trygg_survey *sv, const trygg_results *all,
                               const trygg_priority_row *r)
{
    const trygg_definition *def = sv->def;
    for (size_t i = 0; i < def->npeers; i++) {
        const trygg_peer_group *g = &def->peers[i];
        if (strcmp(g->name, r->peer_group) != 0)
            continue;
        for (size_t k = 0; k < g->nmembers; k++) {
            if (strcmp(g->members[k], r->area) == 0)
                continue;
            const trygg_estimate_row *x =
                trygg_results_find(all, r->year, r->level, g->members[k], r->indicator);
            if (x && (x->flags & TRYGG_FLAG_SUPPRESSED))
                return 0;
        }
    }
    return 1;
}
