/* Contrasts of each domain with its enclosing area in the same year, with
 * the covariance of the overlapping domains (R svyby(covmat = TRUE) +
 * svycontrast): the variance of the difference of influence values. */
#include "year.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_internal.h"
#include "intervals.h"
#include "replicates.h"
#include "results_internal.h"
#include "significance.h"
#include "suppression.h"
#include "variance.h"

typedef struct {
    const trygg_year *y;
    size_t l, k;
    const trygg_point *pts, *parent_pts;
    double *var, *own;      /* per domain: variance of its difference from
                               its parent, and of its own estimator */
    double *parent_var;     /* per parent domain */
    double level;
    trygg_variance variance;   /* linearization, or the year's replicates' */
    trygg_changes *out;
    trygg_errors *err;
} contrast_job;

/* An SE as trygg_domain_se makes it from the variance. */
static double se_of(double var)
{
    return isnan(var) ? NAN : var > 0 ? sqrt(var) : 0;
}

static trygg_status one_contrast(contrast_job *j, uint32_t d)
{
    const trygg_year *y = j->y;
    const trygg_level_part *lp = &y->levels[j->l];
    size_t pl = (size_t)lp->parent_level;
    long pd = lp->parent[d];
    if (pd < 0 || !(j->pts[d].n > 0))
        return TRYGG_OK;
    const trygg_point *a = &j->pts[d], *b = &j->parent_pts[pd];
    double se_a = se_of(j->own[d]), se_b = se_of(j->parent_var[pd]), var = j->var[d];
    const trygg_definition *def = y->sv->def;
    trygg_change_row c = {0};
    c.year_from = c.year_to = y->d.year;
    c.level = lp->level_name;
    c.domain = lp->name[d];
    c.other_level = y->levels[pl].level_name;
    c.other_domain = y->levels[pl].name[pd];
    c.indicator = def->indicators[j->k].name;
    c.indicator_index = j->k;
    c.estimate_from = b->estimate;
    c.se_from = se_b;
    c.n_from = b->n;
    c.estimate_to = a->estimate;
    c.se_to = se_a;
    c.n_to = a->n;
    c.change = a->estimate - b->estimate;
    c.se = sqrt(var > 0 ? var : 0);
    c.se_if_independent = sqrt(se_a * se_a + se_b * se_b);
    double q = trygg_quantile(j->level, INFINITY);
    c.ci_low = c.change - q * c.se;
    c.ci_high = c.change + q * c.se;
    c.z = c.change / c.se;
    c.p_value = trygg_p_value(c.z);
    c.confidence = j->level;
    c.variance = j->variance;
    return trygg_changes_push(j->out, &c);
}

/* Each child's variances, the children of one parent together so that
 * the parent's sums are made once. */
static trygg_status children_variances(contrast_job *j, size_t pl, size_t np)
{
    const trygg_level_part *lp = &j->y->levels[j->l];
    size_t nd = lp->ndom;
    size_t *first = calloc(np + 2, sizeof *first);
    uint32_t *child = malloc((nd + 1) * sizeof *child);
    trygg_status st = first && child ? TRYGG_OK : TRYGG_ERR_NOMEM;
    for (size_t d = 0; st == TRYGG_OK && d < nd; d++)
        if (lp->parent[d] >= 0 && (size_t)lp->parent[d] < np)
            first[lp->parent[d] + 2]++;
    for (size_t p = 0; st == TRYGG_OK && p < np; p++)
        first[p + 2] += first[p + 1];
    for (size_t d = 0; st == TRYGG_OK && d < nd; d++)
        if (lp->parent[d] >= 0 && (size_t)lp->parent[d] < np)
            child[first[lp->parent[d] + 1]++] = (uint32_t)d;
    for (size_t p = 0; st == TRYGG_OK && p < np; p++) {
        int any = 0;   /* a child with answers: a row */
        for (size_t c = first[p]; c < first[p + 1]; c++)
            any |= j->pts[child[c]].n > 0;
        if (!any)
            continue;
        st = trygg_variance_parent(j->y->ve, j->y, pl, (uint32_t)p, j->k, &j->parent_pts[p],
                                   &j->parent_var[p], j->err);
        for (size_t c = first[p]; st == TRYGG_OK && c < first[p + 1]; c++) {
            uint32_t d = child[c];
            if (j->pts[d].n > 0)
                st = trygg_variance_child(j->y->ve, j->y, j->l, d, &j->pts[d], &j->var[d],
                                          &j->own[d], j->err);
        }
    }
    free(first);
    free(child);
    return st;
}

/* The points of the domains of levels l and pl, in one pass over the rows
 * in the order trygg_year_points sums them (so the same estimates), but
 * without the element variance, which contrasts do not show. */
static void points_of_both(const trygg_year *y, size_t l, size_t pl, size_t k,
                           trygg_point *pts, trygg_point *ppts)
{
    const uint32_t *dom = y->levels[l].dom, *pdom = y->levels[pl].dom;
    for (size_t i = 0; i < y->d.n; i++) {
        if (dom[i] != UINT32_MAX)
            trygg_point_add(y, k, i, &pts[dom[i]]);
        if (pdom[i] != UINT32_MAX)
            trygg_point_add(y, k, i, &ppts[pdom[i]]);
    }
    int total = trygg_indicator_is_total(y->sv, k);
    for (size_t d = 0; d < y->levels[l].ndom; d++)
        trygg_point_estimate(&pts[d], total);
    for (size_t d = 0; d < y->levels[pl].ndom; d++)
        trygg_point_estimate(&ppts[d], total);
}

/* With replicate weights: each domain's and each parent's variance, and
 * that of their difference, from the replicates' estimates of both (the
 * difference in every replicate, as R's withReplicates gives it). */
/* The jackknife's: from per-domain sums over the replicates that change
 * each domain (the same figures, without every replicate's estimates). */
static trygg_status jackknife_variances(contrast_job *j, size_t pl)
{
    const trygg_year *y = j->y;
    trygg_status st = TRYGG_OK;
    for (size_t p = 0; st == TRYGG_OK && p < y->levels[pl].ndom; p++)
        st = trygg_replicate_variance(y, j->variance, pl, (uint32_t)p, j->k,
                                      &j->parent_var[p], j->err);
    for (size_t d = 0; st == TRYGG_OK && d < y->levels[j->l].ndom; d++) {
        if (y->levels[j->l].parent[d] < 0 || !(j->pts[d].n > 0))
            continue;
        st = trygg_replicate_variance(y, j->variance, j->l, (uint32_t)d, j->k, &j->own[d],
                                      j->err);
        if (st == TRYGG_OK)
            st = trygg_replicate_contrast_variance(y, j->l, (uint32_t)d, j->k, &j->var[d],
                                                   j->err);
    }
    return st;
}

static trygg_status replicate_variances(contrast_job *j, size_t pl)
{
    const trygg_year *y = j->y;
    if (trygg_replicates_jackknife(y) && j->l < y->sv->def->nlevels &&
        pl < y->sv->def->nlevels)
        return jackknife_variances(j, pl);
    size_t nd = y->levels[j->l].ndom, np = y->levels[pl].ndom;
    size_t R = trygg_replicate_count(y);
    double *t = malloc(((nd + np) * R + 1) * sizeof *t), *diff = malloc((R + 1) * sizeof *diff);
    trygg_status st = t && diff ? TRYGG_OK : TRYGG_ERR_NOMEM;
    double *pt = t ? t + nd * R : NULL;
    if (st == TRYGG_OK)
        st = trygg_replicate_thetas(y, j->l, j->k, t);
    if (st == TRYGG_OK)
        st = trygg_replicate_thetas(y, pl, j->k, pt);
    for (size_t p = 0; st == TRYGG_OK && p < np; p++)
        j->parent_var[p] = trygg_replicate_spread(y, pt + p * R);
    for (size_t d = 0; st == TRYGG_OK && d < nd; d++) {
        long p = y->levels[j->l].parent[d];
        if (p < 0 || !(j->pts[d].n > 0))
            continue;
        for (size_t q = 0; q < R; q++)
            diff[q] = t[d * R + q] - pt[(size_t)p * R + q];
        j->own[d] = trygg_replicate_spread(y, t + d * R);
        j->var[d] = trygg_replicate_spread(y, diff);
    }
    free(t);
    free(diff);
    return st;
}

static trygg_status level_contrasts(contrast_job *j)
{
    const trygg_year *y = j->y;
    size_t pl = (size_t)y->levels[j->l].parent_level;
    size_t nd = y->levels[j->l].ndom, np = y->levels[pl].ndom;
    trygg_point *pts = calloc(nd + 1, sizeof *pts), *ppts = calloc(np + 1, sizeof *ppts);
    double *pvar = malloc((np + 1) * sizeof *pvar), *var = malloc((2 * nd + 1) * sizeof *var);
    trygg_status st = pts && ppts && pvar && var ? TRYGG_OK : TRYGG_ERR_NOMEM;
    j->parent_var = pvar;
    j->var = var;
    j->own = var ? var + nd : NULL;
    if (st == TRYGG_OK)
        points_of_both(y, j->l, pl, j->k, pts, ppts);
    j->pts = pts;
    j->parent_pts = ppts;
    if (st == TRYGG_OK && j->variance == TRYGG_VARIANCE_LINEARIZATION)
        st = children_variances(j, pl, np);
    else if (st == TRYGG_OK)
        st = replicate_variances(j, pl);
    for (uint32_t d = 0; d < nd && st == TRYGG_OK; d++)
        st = one_contrast(j, d);
    free(pts);
    free(ppts);
    free(pvar);
    free(var);
    return st;
}

trygg_status trygg_contrasts_of_year(trygg_analysis *a, int year, const char *indicator,
                                     trygg_changes *out, trygg_errors *err)
{
    trygg_year *y;
    trygg_variance v = a->o.variance;
    trygg_status st = trygg_analysis_year_get(a, year, &y, err);
    if (st != TRYGG_OK)
        return st;
    /* the analysis's variance method, here as for the estimates (the year
     * has its replicate weights then) */
    const trygg_definition *def = a->sv->def;
    for (size_t l = 0; l < y->nlevels && st == TRYGG_OK; l++) {
        if (y->levels[l].parent_level < 0)
            continue;
        for (size_t k = 0; k < def->nindicators && st == TRYGG_OK; k++) {
            if (indicator && strcmp(indicator, def->indicators[k].name))
                continue;
            contrast_job j = {y, l, k, NULL, NULL, NULL, NULL, NULL, a->o.level, v, out, err};
            st = level_contrasts(&j);
        }
    }
    trygg_analysis_year_done(a, year);
    return st;
}

trygg_status trygg_analysis_contrasts(trygg_analysis *a, const trygg_change_options *opt,
                                      trygg_changes **out, trygg_errors *err)
{
    trygg_change_options dflt;
    trygg_change_options_init(&dflt);
    const trygg_change_options *o = opt ? opt : &dflt;
    const trygg_survey *sv = a->sv;
    *out = NULL;
    trygg_changes *ch;
    trygg_status st = trygg_changes_new(&ch);
    for (size_t i = 0; i < sv->nyears && st == TRYGG_OK; i++)
        if ((!o->year_to || o->year_to == sv->years[i]) &&
            (!a->o.year || a->o.year == sv->years[i]))
            st = trygg_contrasts_of_year(a, sv->years[i], o->indicator, ch, err);
    /* both domains as the estimates publish them (the same pattern) */
    if (st == TRYGG_OK)
        st = trygg_suppress_contrasts(sv, ch);
    /* after suppression: a suppressed row is no test */
    if (st == TRYGG_OK)
        st = trygg_changes_decide(ch, sv->def->alpha, sv->def->adjust);
    if (st != TRYGG_OK) {
        trygg_changes_free(ch);
        return st;
    }
    *out = ch;
    return TRYGG_OK;
}

/* An analysis of its own for one call of the functions below. */
static trygg_status contrasts_once(const trygg_survey *sv, const trygg_change_options *o,
                                   trygg_changes **out, trygg_errors *err)
{
    trygg_analysis_options ao;
    trygg_analysis_options_init(&ao);
    if (o) {
        ao.weighting = o->weighting;
        ao.variance = o->variance;
        ao.level = o->level;
    }
    trygg_analysis *a;
    *out = NULL;
    trygg_status st = trygg_analysis_new_once(sv, &ao, &a);
    if (st == TRYGG_OK)
        st = trygg_analysis_contrasts(a, o, out, err);
    trygg_analysis_free(a);
    return st;
}

trygg_status trygg_contrasts_compute(const trygg_survey *sv,
                                     const trygg_change_options *o,
                                     trygg_changes **out, trygg_errors *err)
{
    return contrasts_once(sv, o, out, err);
}

trygg_status trygg_contrasts_from_estimates(const trygg_survey *sv,
                                            const trygg_results *estimates,
                                            const trygg_change_options *o,
                                            trygg_changes **out, trygg_errors *err)
{
    if (!estimates) {
        *out = NULL;
        return TRYGG_ERR_ARGUMENT;
    }
    /* the pattern the estimates were suppressed by is the survey's own */
    return contrasts_once(sv, o, out, err);
}

/* ---- a contrast between any two domains -------------------------------- */

static long level_index(const trygg_definition *def, const char *name)
{
    for (size_t l = 0; l < def->nlevels; l++)
        if (strcmp(def->levels[l].name, name) == 0)
            return (long)l;
    return -1;
}

static long domain_index(const trygg_level_part *p, const char *name)
{
    for (size_t d = 0; d < p->ndom; d++)
        if (strcmp(p->name[d], name) == 0)
            return (long)d;
    return -1;
}

static trygg_status pair_points(const trygg_year *y, size_t l, long d,
                                size_t k, trygg_point *out)
{
    size_t nd = y->levels[l].ndom;
    trygg_point *pts = calloc(nd + 1, sizeof *pts);
    if (!pts)
        return TRYGG_ERR_NOMEM;
    trygg_status st = trygg_year_points(y, l, k, pts);
    *out = pts[d];
    free(pts);
    return st;
}

static trygg_status pair_in_year(const trygg_year *y, size_t la, long da,
                                 size_t lb, long db, size_t k, double level,
                                 trygg_change_row *c, trygg_errors *err)
{
    trygg_point a, b;
    trygg_status st = pair_points(y, la, da, k, &a);
    if (st == TRYGG_OK)
        st = pair_points(y, lb, db, k, &b);
    if (st == TRYGG_OK)
        st = trygg_domain_se(y, la, (uint32_t)da, k, &a, &c->se_to, err);
    if (st == TRYGG_OK)
        st = trygg_domain_se(y, lb, (uint32_t)db, k, &b, &c->se_from, err);
    double var = NAN;
    if (st == TRYGG_OK) {
        st = trygg_year_diff_variance(y, k, la, (uint32_t)da, &a, lb, (uint32_t)db,
                                      &b, &var, err);
    }
    c->estimate_to = a.estimate;
    c->n_to = a.n;
    c->estimate_from = b.estimate;
    c->n_from = b.n;
    c->change = a.estimate - b.estimate;
    c->se = sqrt(var > 0 ? var : 0);
    c->se_if_independent = sqrt(c->se_to * c->se_to + c->se_from * c->se_from);
    double q = trygg_quantile(level, INFINITY);
    c->ci_low = c->change - q * c->se;
    c->ci_high = c->change + q * c->se;
    c->z = c->change / c->se;
    c->p_value = trygg_p_value(c->z);
    c->confidence = level;
    c->variance = TRYGG_VARIANCE_LINEARIZATION;
    trygg_change_decide_one(c, y->sv->def->alpha, y->sv->def->adjust);
    return st;
}

trygg_status trygg_contrast_pair(const trygg_survey *sv,
                                 const trygg_change_options *opt, int year,
                                 const char *level_a, const char *a,
                                 const char *level_b, const char *b,
                                 const char *indicator, trygg_change_row *out,
                                 trygg_errors *err)
{
    trygg_change_options dflt;
    trygg_change_options_init(&dflt);
    const trygg_change_options *o = opt ? opt : &dflt;
    const trygg_definition *def = sv->def;
    long la = level_index(def, level_a), lb = level_index(def, level_b);
    long k = trygg_definition_indicator_find(def, indicator);
    if (la < 0 || lb < 0 || k < 0)
        return TRYGG_ERR_NOT_FOUND;
    trygg_weighting w = o->weighting == TRYGG_WEIGHTING_DEFAULT ? def->weighting
                                                                 : o->weighting;
    trygg_year y;
    trygg_status st = trygg_year_build(sv, year, w, &y, err);
    if (st != TRYGG_OK)
        return st;
    long da = domain_index(&y.levels[la], a), db = domain_index(&y.levels[lb], b);
    memset(out, 0, sizeof *out);
    *out = (trygg_change_row){.year_from = year, .year_to = year, .level = level_a,
                              .domain = a, .other_level = level_b,
                              .other_domain = b, .indicator = indicator,
                              .indicator_index = (size_t)k};
    if (da < 0 || db < 0)
        st = TRYGG_ERR_NOT_FOUND;
    else
        st = pair_in_year(&y, (size_t)la, da, (size_t)lb, db, (size_t)k,
                          o->level > 0 && o->level < 1 ? o->level : def->confidence,
                          out, err);
    trygg_year_free(&y);
    return st;
}
