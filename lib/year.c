/* One survey year ready for estimation: design, weights, indicator values,
 * domains; point estimates and influence values of domain estimators. */
#include "year.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "replicates.h"
#include "variance.h"
#include "weighting.h"

trygg_status trygg_year_build(const trygg_survey *sv, int year,
                              trygg_weighting weighting, trygg_year *y,
                              trygg_errors *err)
{
    memset(y, 0, sizeof *y);
    y->sv = sv;
    /* a pooled survey's design weights are each year's final weights */
    if (sv->pool_first)
        weighting = TRYGG_WEIGHTING_DESIGN;
    y->weighting = weighting;
    trygg_status st = trygg_design_build(sv, year, &y->d, err);
    if (st != TRYGG_OK)
        return st;
    y->w = malloc((y->d.n + 1) * sizeof *y->w);
    if (!y->w)
        st = TRYGG_ERR_NOMEM;
    if (st == TRYGG_OK) {
        memcpy(y->w, y->d.w, y->d.n * sizeof *y->w);
        if (weighting != TRYGG_WEIGHTING_DESIGN || sv->def->nonresponse)
            st = trygg_weighting_apply(sv, &y->d, weighting, y->w, &y->ws, err);
    }
    if (st == TRYGG_OK)
        st = trygg_year_indicator_values(y);
    if (st == TRYGG_OK)
        st = trygg_year_domains(y);
    if (st == TRYGG_OK)
        st = trygg_variance_engine_new(y, &y->ve);
    if (st != TRYGG_OK)
        trygg_year_free(y);
    return st;
}

void trygg_year_free(trygg_year *y)
{
    if (!y || !y->sv)
        return;
    for (size_t k = 0; k < y->nind; k++) {
        if (y->num) free(y->num[k]);
        if (y->den) free(y->den[k]);
    }
    free(y->num);
    free(y->den);
    free(y->val);
    trygg_year_domains_free(y);
    trygg_weighting_state_free(y->ws);
    trygg_replicates_free(y->rep);
    trygg_variance_engine_free(y->ve);
    free(y->w);
    trygg_design_free(&y->d);
    memset(y, 0, sizeof *y);
}

static void accumulate(const trygg_year *y, size_t l, size_t k, trygg_point *pts)
{
    const uint32_t *dom = y->levels[l].dom;
    for (size_t i = 0; i < y->d.n; i++)
        if (dom[i] != UINT32_MAX)
            trygg_point_add(y, k, i, &pts[dom[i]]);
}

void trygg_point_estimate(trygg_point *p, int total)
{
    if (total)
        p->estimate = p->n > 0 ? p->total_num : NAN;
    else
        p->estimate = p->total_den != 0 ? p->total_num / p->total_den : NAN;
}

/* Element variance, for the design effect against simple random sampling
 * (with replacement) of the same number of valid answers. */
void trygg_point_s2_finish(trygg_point *p, int total)
{
    if (p->n < 2) {
        p->s2 = NAN;
        return;
    }
    double dbar = p->total_den / p->weighted_n;
    p->s2 = p->s2 / p->weighted_n * p->n / (p->n - 1);
    p->s2 = total ? p->s2 * p->weighted_n * p->weighted_n : p->s2 / (dbar * dbar);
}

trygg_status trygg_year_points(const trygg_year *y, size_t l, size_t k,
                               trygg_point *pts)
{
    size_t nd = y->levels[l].ndom;
    memset(pts, 0, nd * sizeof *pts);
    accumulate(y, l, k, pts);
    int total = trygg_indicator_is_total(y->sv, k);
    for (size_t d = 0; d < nd; d++)
        trygg_point_estimate(&pts[d], total);
    const uint32_t *dom = y->levels[l].dom;
    for (size_t i = 0; i < y->d.n; i++)
        if (dom[i] != UINT32_MAX && trygg_year_flag(y, k, i) == TRYGG_V_VALID)
            trygg_point_add_s2(y, k, i, total, &pts[dom[i]]);
    for (size_t d = 0; d < nd; d++)
        trygg_point_s2_finish(&pts[d], total);
    return TRYGG_OK;
}

int trygg_influence_term_of(const trygg_year *y, size_t l, uint32_t dom,
                            size_t k, const trygg_point *pt, double coef,
                            trygg_influence_term *t)
{
    if (!(pt->n > 0))
        return 0;
    if (trygg_indicator_is_total(y->sv, k))
        *t = (trygg_influence_term){l, dom, k, coef, 0.0};
    else
        *t = (trygg_influence_term){l, dom, k, coef / pt->total_den, pt->estimate};
    return 1;
}

trygg_status trygg_year_variance(const trygg_year *y,
                                 const trygg_influence_term *terms,
                                 size_t nterms, double *var, trygg_errors *err)
{
    return trygg_variance_of_terms(y->ve, y, terms, nterms, var, err);
}

trygg_status trygg_year_diff_variance(const trygg_year *y, size_t k, size_t la,
                                      uint32_t da, const trygg_point *pa,
                                      size_t lb, uint32_t db,
                                      const trygg_point *pb, double *var,
                                      trygg_errors *err)
{
    trygg_influence_term t[2];
    size_t n = 0;
    n += (size_t)trygg_influence_term_of(y, la, da, k, pa, 1.0, &t[n]);
    n += (size_t)trygg_influence_term_of(y, lb, db, k, pb, -1.0, &t[n]);
    return trygg_year_variance(y, t, n, var, err);
}

trygg_status trygg_domain_se(const trygg_year *y, size_t l, uint32_t dom, size_t k,
                             const trygg_point *pt, double *se, trygg_errors *err)
{
    trygg_influence_term t;
    *se = NAN;
    if (!trygg_influence_term_of(y, l, dom, k, pt, 1.0, &t))
        return TRYGG_OK;
    double var;
    trygg_status st = trygg_year_variance(y, &t, 1, &var, err);
    if (!isnan(var))
        *se = var > 0 ? sqrt(var) : 0;
    return st;
}
