/* Priorities under replicate weights: the gap to the enclosing area, the
 * comparison with the peer group and the number of residents affected, each
 * the replicate variance of the statistic itself (the difference, or the
 * total, in every replicate), as the estimates' SEs are. The replicates'
 * estimates of a level are made once for all its areas; under a jackknife
 * the gap and the total come from per-domain sums instead (no replicate's
 * estimates kept), the peer group, a level of its own, from its
 * replicates' estimates. */
#include "priorities_internal.h"

#include <math.h>
#include <stdlib.h>

#include "replicates.h"

typedef struct {
    size_t l, k;
    int totals;
    double *t;      /* ndom × nrep */
} rep_entry;

struct trygg_prio_reps {
    const trygg_year *y;
    rep_entry *e;
    size_t n, cap;
};

trygg_status trygg_prio_reps_new(const trygg_year *y, trygg_prio_reps **out)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return TRYGG_ERR_NOMEM;
    (*out)->y = y;
    return TRYGG_OK;
}

void trygg_prio_reps_free(trygg_prio_reps *c)
{
    for (size_t i = 0; c && i < c->n; i++)
        free(c->e[i].t);
    if (c)
        free(c->e);
    free(c);
}

/* The replicates' estimates (or totals) of every domain of level l. Levels
 * added for one area (its peer group) are made afresh: `keep` = 0. */
static trygg_status thetas(trygg_prio_reps *c, size_t l, size_t k, int totals, int keep,
                           double **out)
{
    for (size_t i = 0; keep && i < c->n; i++)
        if (c->e[i].l == l && c->e[i].k == k && c->e[i].totals == totals) {
            *out = c->e[i].t;
            return TRYGG_OK;
        }
    const trygg_year *y = c->y;
    size_t R = trygg_replicate_count(y), nd = y->levels[l].ndom;
    double *t = malloc((nd * R + 1) * sizeof *t);
    if (!t)
        return TRYGG_ERR_NOMEM;
    trygg_status st = totals ? trygg_replicate_totals(y, l, k, t)
                             : trygg_replicate_thetas(y, l, k, t);
    if (st == TRYGG_OK && keep && c->n == c->cap) {
        size_t nc = c->cap ? 2 * c->cap : 16;
        rep_entry *e = realloc(c->e, nc * sizeof *e);
        if (!e)
            st = TRYGG_ERR_NOMEM;
        else {
            c->e = e;
            c->cap = nc;
        }
    }
    if (st != TRYGG_OK) {
        free(t);
        return st;
    }
    if (keep)
        c->e[c->n++] = (rep_entry){l, k, totals, t};
    *out = t;
    return TRYGG_OK;
}

/* A definition level's domain against its parent under a jackknife: the
 * contrasts' figure, from per-domain sums (no replicate's estimates). */
static int jackknife_gap(const trygg_year *y, size_t la, uint32_t a, size_t lb, uint32_t b)
{
    size_t L = y->sv->def->nlevels;
    return trygg_replicates_jackknife(y) && la < L && lb < L &&
           y->levels[la].parent_level == (long)lb && y->levels[la].parent[a] == (long)b;
}

trygg_status trygg_prio_rep_diff_se(trygg_prio_reps *c, size_t k, size_t la, uint32_t a,
                                    size_t lb, uint32_t b, int keep_b, double *se)
{
    const trygg_year *y = c->y;
    if (jackknife_gap(y, la, a, lb, b)) {
        double var;
        trygg_status st = trygg_replicate_contrast_variance(y, la, a, k, &var, NULL);
        if (st == TRYGG_OK)
            *se = sqrt(var > 0 ? var : 0);
        return st;
    }
    size_t R = trygg_replicate_count(y);
    double *ta, *tb, *diff = malloc((R + 1) * sizeof *diff);
    trygg_status st = diff ? thetas(c, la, k, 0, 1, &ta) : TRYGG_ERR_NOMEM;
    if (st == TRYGG_OK)
        st = thetas(c, lb, k, 0, keep_b, &tb);
    if (st == TRYGG_OK) {
        for (size_t q = 0; q < R; q++)
            diff[q] = ta[(size_t)a * R + q] - tb[(size_t)b * R + q];
        double var = trygg_replicate_spread(y, diff);
        *se = sqrt(var > 0 ? var : 0);
        if (!keep_b)
            free(tb);
    }
    free(diff);
    return st;
}

trygg_status trygg_prio_rep_total_se(trygg_prio_reps *c, size_t k, size_t l, uint32_t d,
                                     double *se)
{
    if (trygg_replicates_jackknife(c->y) && l < c->y->sv->def->nlevels) {
        double var;
        trygg_status st = trygg_replicate_total_variance(c->y, l, d, k, &var, NULL);
        if (st == TRYGG_OK)
            *se = sqrt(var > 0 ? var : 0);
        return st;
    }
    double *t;
    trygg_status st = thetas(c, l, k, 1, 1, &t);
    if (st == TRYGG_OK) {
        double var = trygg_replicate_spread(c->y, t + (size_t)d * trygg_replicate_count(c->y));
        *se = sqrt(var > 0 ? var : 0);
    }
    return st;
}
