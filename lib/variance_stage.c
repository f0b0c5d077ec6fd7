/* The kernel: one stage's quadratic form and calibration terms from its
 * units' totals, K values at once (variance_internal.h). Every variance of
 * the engine ends here, so the arithmetic, its order and the rule for a
 * calibration that explains nearly everything are written once. */
#include "variance_internal.h"

#include <stdlib.h>
#include <string.h>

/* The calibration explains nearly all of a variance when what is left of
 * Q(a) − 2 Q(a, Ug) + Q(Ug) is below this share of its larger term: the
 * difference has lost its digits. */
#define TRYGG_EXPLAINED 1e-6

static void sums_free_wide(trygg_stage_sums *ss)
{
    free(ss->gsum); free(ss->gss); free(ss->gmean); free(ss->run); free(ss->gdot);
    free(ss->cross); free(ss->qa); free(ss->quad); free(ss->dot);
    ss->gsum = ss->gss = ss->gmean = ss->run = ss->gdot = NULL;
    ss->cross = ss->qa = ss->quad = ss->dot = NULL;
    ss->cap = 0;
}

void trygg_stage_sums_free(trygg_stage_sums *ss)
{
    sums_free_wide(ss);
    free(ss->gloc); free(ss->lgid); free(ss->lcount); free(ss->gdlist); free(ss->gdmark);
    memset(ss, 0, sizeof *ss);
}

trygg_status trygg_stage_sums_init(trygg_stage_sums *ss, const trygg_stage *s)
{
    memset(ss, 0, sizeof *ss);
    ss->s = s;
    size_t G = s->ngroups + 1;
    ss->gloc = malloc(G * sizeof *ss->gloc);
    ss->lgid = malloc(G * sizeof *ss->lgid);
    ss->lcount = malloc(G * sizeof *ss->lcount);
    ss->gdlist = malloc(G * sizeof *ss->gdlist);
    ss->gdmark = calloc(G, sizeof *ss->gdmark);
    if (!ss->gloc || !ss->lgid || !ss->lcount || !ss->gdlist || !ss->gdmark) {
        trygg_stage_sums_free(ss);
        return TRYGG_ERR_NOMEM;
    }
    for (size_t g = 0; g < G; g++)
        ss->gloc[g] = TRYGG_NONE;
    ss->run_g = TRYGG_NONE;
    return TRYGG_OK;
}

static trygg_status reserve(trygg_stage_sums *ss, size_t K)
{
    if (K <= ss->cap)
        return TRYGG_OK;
    sums_free_wide(ss);
    size_t GK = ss->s->ngroups * K + 1;
    ss->gsum = malloc(GK * sizeof *ss->gsum);
    ss->gss = malloc(GK * sizeof *ss->gss);
    ss->gmean = malloc(GK * sizeof *ss->gmean);
    ss->gdot = calloc(GK, sizeof *ss->gdot);
    ss->run = calloc(K + 1, sizeof *ss->run);
    ss->cross = malloc((K + 1) * sizeof *ss->cross);
    ss->qa = malloc((K + 1) * sizeof *ss->qa);
    ss->quad = malloc((K + 1) * sizeof *ss->quad);
    ss->dot = malloc((K + 1) * sizeof *ss->dot);
    if (!ss->gsum || !ss->gss || !ss->gmean || !ss->gdot || !ss->run || !ss->cross ||
        !ss->qa || !ss->quad || !ss->dot) {
        sums_free_wide(ss);
        return TRYGG_ERR_NOMEM;
    }
    ss->cap = K;
    return TRYGG_OK;
}

trygg_status trygg_stage_begin(trygg_stage_sums *ss, size_t K)
{
    trygg_status st = reserve(ss, K);
    if (st != TRYGG_OK)
        return st;
    for (size_t lg = 0; lg < ss->nlocal; lg++)
        ss->gloc[ss->lgid[lg]] = TRYGG_NONE;
    ss->nlocal = 0;
    ss->K = K;
    ss->pass = 1;
    ss->run_g = TRYGG_NONE;
    ss->ngd = 0;
    for (size_t r = 0; r < K; r++)
        ss->run[r] = ss->cross[r] = 0;
    ss->run[K] = 0;
    if (++ss->gen == 0) {   /* wrapped: no stale mark may match */
        memset(ss->gdmark, 0, ss->s->ngroups * sizeof *ss->gdmark);
        ss->gen = 1;
    }
    return TRYGG_OK;
}

static size_t group_size(const trygg_stage *s, uint32_t g)
{
    return s->group_first[g + 1] - s->group_first[g];
}

/* U_g·g for the groups of g's cells. */
static void group_dots(trygg_stage_sums *ss, const double *g, const uint32_t *gsup,
                       size_t ngsup)
{
    const trygg_stage *s = ss->s;
    size_t K = ss->K;
    for (size_t j = 0; j < ngsup; j++) {
        uint32_t c = gsup[j];
        const double *gc = g + (size_t)c * K;
        for (size_t e = s->cg.first[c]; e < s->cg.first[c + 1]; e++) {
            uint32_t grp = s->cg.cell[e];
            double *gd = ss->gdot + (size_t)grp * K;
            if (ss->gdmark[grp] != ss->gen) {
                ss->gdmark[grp] = ss->gen;
                ss->gdlist[ss->ngd++] = grp;
            }
            double v = s->cg.val[e];
            for (size_t r = 0; r < K; r++)
                gd[r] += v * gc[r];
        }
    }
}

void trygg_stage_means(trygg_stage_sums *ss, const double *g, const uint32_t *gsup,
                       size_t ngsup)
{
    const trygg_stage *s = ss->s;
    size_t K = ss->K;
    ss->pass = 2;
    for (size_t lg = 0; lg < ss->nlocal; lg++) {
        uint32_t grp = ss->lgid[lg];
        double n = (double)group_size(s, grp);
        for (size_t r = 0; r < K; r++)
            ss->gmean[lg * K + r] = s->centered[grp] ? ss->gsum[lg * K + r] / n : 0.0;
    }
    group_dots(ss, g, gsup, ngsup);
}

void trygg_stage_units(trygg_stage_sums *ss, const uint32_t *units, size_t n, const double *x,
                       const double *xc, const double *g, const uint32_t *gsup, size_t ngsup)
{
    double run[2] = {0, 0}, cross = 0;
    for (size_t j = 0; j < n; j++)
        trygg_stage_sum(ss, 1, run, units[j], &x[units[j]]);
    trygg_stage_flush(ss, 1, run);
    trygg_stage_means(ss, g, gsup, ngsup);
    for (size_t j = 0; j < n; j++) {
        uint32_t u = units[j];
        trygg_stage_deviation(ss, 1, run, &cross, u, &x[u], xc && xc[u] != 0 ? &xc[u] : NULL,
                              g);
    }
    trygg_stage_flush(ss, 1, run);
    ss->cross[0] += cross;
}

double trygg_stage_group_q(const trygg_stage_sums *ss, size_t lg, size_t r)
{
    const trygg_stage *s = ss->s;
    uint32_t grp = ss->lgid[lg];
    double ss_r = ss->gss[lg * ss->K + r];
    if (!s->centered[grp])
        return s->kappa[grp] * ss_r;
    double mean = ss->gmean[lg * ss->K + r];
    double miss = (double)(group_size(s, grp) - ss->lcount[lg]);
    return s->kappa[grp] * (ss_r + miss * mean * mean);
}

/* Q(x) over the local groups and −Σ_g κ_g x_g U_g·g / n_g of Q(x, Ug). */
static void local_groups(trygg_stage_sums *ss, size_t ngsup)
{
    const trygg_stage *s = ss->s;
    size_t K = ss->K;
    for (size_t lg = 0; lg < ss->nlocal; lg++) {
        uint32_t grp = ss->lgid[lg];
        double kap = s->kappa[grp];
        if (kap == 0)
            continue;
        for (size_t r = 0; r < K; r++)
            ss->qa[r] += trygg_stage_group_q(ss, lg, r);
        if (!ngsup || !s->centered[grp] || ss->gdmark[grp] != ss->gen)
            continue;
        double n = (double)group_size(s, grp);
        const double *sum = ss->gsum + lg * K, *gd = ss->gdot + (size_t)grp * K;
        for (size_t r = 0; r < K; r++)
            ss->cross[r] -= kap * sum[r] * gd[r] / n;
    }
}

/* The same for a parent's groups where the variance has no unit (K = 1). */
static void outside_groups(trygg_stage_sums *ss, size_t ngsup, const trygg_stage_outside *o)
{
    const trygg_stage *s = ss->s;
    for (size_t j = 0; j < o->n; j++) {
        uint32_t grp = o->groups[j];
        if (ss->gloc[grp] != TRYGG_NONE || s->kappa[grp] == 0)
            continue;
        ss->qa[0] += o->q[grp];
        if (ngsup && s->centered[grp] && ss->gdmark[grp] == ss->gen)
            ss->cross[0] -= s->kappa[grp] * o->sum[grp] * ss->gdot[grp] /
                            (double)group_size(s, grp);
    }
}

/* Q(Ug, Ug) = g'Sg − Σ_g κ_g (U_g·g)² / n_g. */
static void calibration_quadratic(trygg_stage_sums *ss, const double *g,
                                  const uint32_t *gsup, size_t ngsup)
{
    const trygg_stage *s = ss->s;
    size_t K = ss->K;
    for (size_t j = 0; j < ngsup; j++) {
        uint32_t c = gsup[j];
        const double *gc = g + (size_t)c * K;
        trygg_list_dot(&s->s, c, g, K, ss->dot);
        for (size_t r = 0; r < K; r++)
            ss->quad[r] += gc[r] * ss->dot[r];
    }
    for (size_t j = 0; j < ss->ngd; j++) {
        uint32_t grp = ss->gdlist[j];
        if (s->kappa[grp] == 0 || !s->centered[grp])
            continue;
        double kn = s->kappa[grp] / (double)group_size(s, grp);
        const double *gd = ss->gdot + (size_t)grp * K;
        for (size_t r = 0; r < K; r++)
            ss->quad[r] -= kn * gd[r] * gd[r];
    }
}

void trygg_stage_finish(trygg_stage_sums *ss, const double *g, const uint32_t *gsup,
                        size_t ngsup, const trygg_stage_outside *outside, double *v,
                        uint8_t *redo)
{
    size_t K = ss->K;
    for (size_t r = 0; r < K; r++)
        ss->qa[r] = ss->quad[r] = 0;
    local_groups(ss, ngsup);
    if (outside)
        outside_groups(ss, ngsup, outside);
    calibration_quadratic(ss, g, gsup, ngsup);
    for (size_t r = 0; r < K; r++) {
        redo[r] = 0;
        v[r] = ss->qa[r];
        if (!ngsup)
            continue;
        v[r] += ss->quad[r] - 2 * ss->cross[r];
        double big = ss->qa[r] > ss->quad[r] ? ss->qa[r] : ss->quad[r];
        redo[r] = !(v[r] >= TRYGG_EXPLAINED * big);
    }
    for (size_t j = 0; j < ss->ngd; j++)
        memset(ss->gdot + (size_t)ss->gdlist[j] * K, 0, K * sizeof *ss->gdot);
    ss->ngd = 0;
}
