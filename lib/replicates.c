/* Replicate weights and the variance of replicated estimates. */
#include "replicates.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "errors_internal.h"
#include "weighting.h"

struct trygg_replicates {
    size_t nrep, n;
    double *w;        /* nrep × n */
    double *rscale;   /* per replicate */
    double scale;
    size_t cache_l, cache_ndom;
    double *theta;    /* cache: every indicator's replicate estimates of the
                         domains of level cache_l, [(k · ndom + d) · nrep + q] */
};

/* splitmix64: a small, portable generator, so a seed means the same
 * replicates on every machine. */
static uint64_t next_random(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static size_t uniform_index(uint64_t *s, size_t n)
{
    return (size_t)((next_random(s) >> 11) * 0x1.0p-53 * (double)n);
}

static double stratum_f(const trygg_design *d, size_t h, size_t nh)
{
    return isfinite(d->stratum_pop[h]) ? (double)nh / d->stratum_pop[h] : 0.0;
}

/* Deletes PSU `del` of stratum h (or of the whole sample for JK1). */
static void jack_row(const trygg_design *d, size_t del, int whole, double *w)
{
    size_t h = 0;
    while (!whole && !(d->stratum_first_psu[h] <= del && del < d->stratum_first_psu[h + 1]))
        h++;
    size_t nh = whole ? d->npsu : d->stratum_first_psu[h + 1] - d->stratum_first_psu[h];
    for (size_t i = 0; i < d->n; i++) {
        double f = 1;
        if (d->psu[i] == del)
            f = 0;
        else if (whole || d->stratum[i] == h)
            f = (double)nh / (double)(nh - 1);
        w[i] = d->w[i] * f;
    }
}

static trygg_status jackknife(trygg_replicates *r, const trygg_design *d,
                              int whole)
{
    size_t R = 0;
    for (size_t h = 0; h < d->nstrata; h++) {
        size_t nh = d->stratum_first_psu[h + 1] - d->stratum_first_psu[h];
        R += (whole || nh > 1) ? nh : 0;
    }
    r->w = malloc((R * d->n + 1) * sizeof *r->w);
    r->rscale = malloc((R + 1) * sizeof *r->rscale);
    if (!r->w || !r->rscale)
        return TRYGG_ERR_NOMEM;
    size_t k = 0;
    for (size_t h = 0; h < d->nstrata; h++) {
        size_t p0 = d->stratum_first_psu[h], nh = d->stratum_first_psu[h + 1] - p0;
        if (!whole && nh < 2)
            continue;  /* a lonely stratum adds no replicate */
        for (size_t p = p0; p < p0 + nh; p++, k++) {
            jack_row(d, p, whole, r->w + k * d->n);
            r->rscale[k] = whole ? 1.0 : (1 - stratum_f(d, h, nh)) * (nh - 1.0) / nh;
        }
    }
    r->nrep = k;
    double n = (double)d->npsu, f = d->nstrata == 1 ? stratum_f(d, 0, d->npsu) : 0;
    r->scale = whole ? (1 - f) * (n - 1) / n : 1.0;
    return TRYGG_OK;
}

static trygg_status bootstrap(trygg_replicates *r, const trygg_design *d,
                              size_t R, uint64_t seed)
{
    r->w = malloc((R * d->n + 1) * sizeof *r->w);
    r->rscale = malloc((R + 1) * sizeof *r->rscale);
    double *mult = calloc(d->npsu + 1, sizeof *mult);
    if (!r->w || !r->rscale || !mult) {
        free(mult);
        return TRYGG_ERR_NOMEM;
    }
    uint64_t s = seed;
    for (size_t k = 0; k < R; k++) {
        for (size_t h = 0; h < d->nstrata; h++) {
            size_t p0 = d->stratum_first_psu[h], nh = d->stratum_first_psu[h + 1] - p0;
            for (size_t p = p0; p < p0 + nh; p++)
                mult[p] = nh > 1 ? 0 : 1;
            if (nh < 2)
                continue;
            double lambda = sqrt(1 - stratum_f(d, h, nh));
            size_t draws = nh - 1;
            for (size_t t = 0; t < draws; t++)
                mult[p0 + uniform_index(&s, nh)] += 1;
            for (size_t p = p0; p < p0 + nh; p++)
                mult[p] = 1 - lambda + lambda * (double)nh / (double)draws * mult[p];
        }
        for (size_t i = 0; i < d->n; i++)
            r->w[k * d->n + i] = d->w[i] * mult[d->psu[i]];
        r->rscale[k] = 1;
    }
    free(mult);
    r->nrep = R;
    r->scale = 1.0 / (double)(R - 1);
    return TRYGG_OK;
}

trygg_status trygg_replicates_build(trygg_year *y, trygg_variance v,
                                    trygg_errors *err)
{
    const trygg_definition *def = y->sv->def;
    trygg_replicates *r = calloc(1, sizeof *r);
    if (!r)
        return TRYGG_ERR_NOMEM;
    r->n = y->d.n;
    r->cache_l = SIZE_MAX;
    trygg_status st;
    if (v == TRYGG_VARIANCE_BOOTSTRAP)
        st = bootstrap(r, &y->d, (size_t)def->replicates,
                       def->seed ^ ((uint64_t)(unsigned)y->d.year << 32));
    else
        st = jackknife(r, &y->d, v == TRYGG_VARIANCE_JK1);
    for (size_t k = 0; st == TRYGG_OK && y->ws && k < r->nrep; k++)
        st = trygg_weighting_recalibrate(y->sv, y->ws, r->w + k * r->n,
                                         r->w + k * r->n, err);
    if (st != TRYGG_OK) {
        trygg_replicates_free(r);
        return st;
    }
    y->rep = r;
    return TRYGG_OK;
}

void trygg_replicates_free(trygg_replicates *r)
{
    if (!r)
        return;
    free(r->w);
    free(r->rscale);
    free(r->theta);
    free(r);
}

size_t trygg_replicate_count(const trygg_year *y)
{
    return y->rep ? y->rep->nrep : 0;
}

/* Per replicate: Σ w·num of every domain (totals), or the ratio. */
static trygg_status replicate_sums(const trygg_year *y, size_t l, size_t k, int totals,
                                   double *theta)
{
    trygg_replicates *r = y->rep;
    size_t nd = y->levels[l].ndom;
    double *den = calloc(nd + 1, sizeof *den);
    if (!den)
        return TRYGG_ERR_NOMEM;
    memset(theta, 0, nd * r->nrep * sizeof *theta);
    const uint32_t *dom = y->levels[l].dom;
    int total = totals || trygg_indicator_is_total(y->sv, k);
    for (size_t q = 0; q < r->nrep; q++) {
        const double *w = r->w + q * r->n;
        memset(den, 0, nd * sizeof *den);
        for (size_t i = 0; i < r->n; i++)
            if (dom[i] != UINT32_MAX && trygg_year_flag(y, k, i) == TRYGG_V_VALID) {
                theta[dom[i] * r->nrep + q] += w[i] * trygg_year_num(y, k, i);
                den[dom[i]] += w[i] * trygg_year_den(y, k, i);
            }
        for (size_t d = 0; d < nd && !total; d++)
            theta[d * r->nrep + q] /= den[d];
    }
    free(den);
    return TRYGG_OK;
}

trygg_status trygg_replicate_thetas(const trygg_year *y, size_t l, size_t k, double *theta)
{
    return replicate_sums(y, l, k, 0, theta);
}

trygg_status trygg_replicate_totals(const trygg_year *y, size_t l, size_t k, double *tot)
{
    return replicate_sums(y, l, k, 1, tot);
}

double trygg_replicate_spread(const trygg_year *y, const double *t)
{
    const trygg_replicates *r = y->rep;
    double mean = 0, sw = 0;
    for (size_t q = 0; q < r->nrep; q++)
        if (r->rscale[q] > 0 && isfinite(t[q])) {
            mean += t[q];
            sw += 1;
        }
    mean /= sw;
    double s = 0;
    for (size_t q = 0; q < r->nrep; q++)
        if (isfinite(t[q]))
            s += r->rscale[q] * (t[q] - mean) * (t[q] - mean);
    return s * r->scale;
}

/* Every indicator's replicate estimates of the domains of level l, in one
 * pass over each replicate's weights (read once per level, not once per
 * indicator), kept for the level's domains. */
static trygg_status fill_cache(const trygg_year *y, size_t l)
{
    trygg_replicates *r = y->rep;
    size_t nd = y->levels[l].ndom, K = y->nind, R = r->nrep;
    double *theta = malloc((K * nd * R + 1) * sizeof *theta);
    double *num = malloc((nd * K + 1) * sizeof *num), *den = malloc((nd * K + 1) * sizeof *den);
    int *total = malloc((K + 1) * sizeof *total);
    if (!theta || !num || !den || !total) {
        free(theta), free(num), free(den), free(total);
        return TRYGG_ERR_NOMEM;
    }
    uint8_t *bytes = malloc(K + 1);
    if (!bytes) {
        free(theta), free(num), free(den), free(total);
        return TRYGG_ERR_NOMEM;
    }
    for (size_t k = 0; k < K; k++) {
        total[k] = trygg_indicator_is_total(y->sv, k);
        bytes[k] = !y->num[k] && !y->den[k];
    }
    const uint32_t *dom = y->levels[l].dom;
    for (size_t q = 0; q < R; q++) {
        const double *w = r->w + q * r->n;
        memset(num, 0, nd * K * sizeof *num);
        memset(den, 0, nd * K * sizeof *den);
        for (size_t i = 0; i < r->n; i++) {
            if (dom[i] == UINT32_MAX)
                continue;
            double *nu = num + (size_t)dom[i] * K, *de = den + (size_t)dom[i] * K;
            const uint8_t *v = y->val + i * K;
            for (size_t k = 0; k < K; k++) {
                if (!bytes[k]) {
                    if ((v[k] & TRYGG_V_STATUS) == TRYGG_V_VALID) {
                        nu[k] += w[i] * trygg_year_num(y, k, i);
                        de[k] += w[i] * trygg_year_den(y, k, i);
                    }
                    continue;
                }
                /* a 0/1 numerator in the value byte, a denominator of 1 */
                double m = (v[k] & TRYGG_V_STATUS) == TRYGG_V_VALID ? w[i] : 0.0;
                de[k] += m;
                nu[k] += m * (double)(v[k] >> 3);
            }
        }
        for (size_t d = 0; d < nd; d++)
            for (size_t k = 0; k < K; k++)
                theta[(k * nd + d) * R + q] = total[k] ? num[d * K + k]
                                                       : num[d * K + k] / den[d * K + k];
    }
    free(num), free(den), free(total), free(bytes);
    free(r->theta);
    r->theta = theta;
    r->cache_l = l;
    r->cache_ndom = nd;
    return TRYGG_OK;
}

trygg_status trygg_replicate_variance(const trygg_year *y, trygg_variance v,
                                      size_t l, uint32_t dom, size_t k,
                                      double *var, trygg_errors *err)
{
    trygg_replicates *r = y->rep;
    *var = NAN;
    (void)v;
    (void)err;
    if (r->cache_l != l || !r->theta) {
        trygg_status st = fill_cache(y, l);
        if (st != TRYGG_OK)
            return st;
    }
    *var = trygg_replicate_spread(y, r->theta + (k * r->cache_ndom + dom) * r->nrep);
    return TRYGG_OK;
}
