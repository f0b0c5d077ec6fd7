/* Estimates of every indicator in every domain and year. */
#include "estimate_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "errors_internal.h"
#include "intervals.h"
#include "replicates.h"
#include "results_internal.h"
#include "suppression.h"

void trygg_estimate_options_init(trygg_estimate_options *o)
{
    memset(o, 0, sizeof *o);
    o->weighting = TRYGG_WEIGHTING_DEFAULT;
    o->variance = TRYGG_VARIANCE_DEFAULT;
    o->ci_shares = TRYGG_CI_DEFAULT;
    o->level = 0;
}

const char *trygg_weighting_name(trygg_weighting w)
{
    switch (w) {
    case TRYGG_WEIGHTING_POSTSTRAT: return "poststrat";
    case TRYGG_WEIGHTING_RAKE: return "rake";
    case TRYGG_WEIGHTING_CALIBRATE: return "calibrate";
    default: return "design";
    }
}

const char *trygg_ci_method_name(trygg_ci_method m, int is_share)
{
    switch (m) {
    case TRYGG_CI_LOGIT: return "logit";
    case TRYGG_CI_BETA: return "beta";
    default: return is_share ? "wald" : "t";
    }
}

typedef struct {
    trygg_weighting weighting;
    trygg_variance variance;
    trygg_ci_method ci_shares;
    double level;
} resolved;

static resolved resolve(const trygg_definition *def, const trygg_estimate_options *o)
{
    resolved r = {o->weighting, o->variance, o->ci_shares, o->level};
    if (r.weighting == TRYGG_WEIGHTING_DEFAULT) r.weighting = def->weighting;
    if (r.variance == TRYGG_VARIANCE_DEFAULT) r.variance = def->variance;
    if (r.ci_shares == TRYGG_CI_DEFAULT) r.ci_shares = def->ci_shares;
    if (!(r.level > 0 && r.level < 1)) r.level = def->confidence;
    return r;
}

static unsigned flags_for(const trygg_definition *def, const trygg_estimate_row *x)
{
    unsigned f = 0;
    if (x->n == 0)
        return TRYGG_FLAG_EMPTY | TRYGG_FLAG_SUPPRESSED;
    if (x->n < def->min_n)
        f |= TRYGG_FLAG_SUPPRESSED;
    if (x->n < def->unstable_n || !(x->cv <= def->max_cv))
        f |= TRYGG_FLAG_UNSTABLE;
    if (x->se == 0)
        f |= TRYGG_FLAG_DEGENERATE;
    return f;
}

typedef struct {
    const trygg_year *y;
    size_t l, k;
    const trygg_point *pts;
    resolved opt;
    trygg_results *res;
    trygg_errors *err;
    int counts_only;
} domain_job;

/* SE of one domain's estimate: linearization or replicates. */
trygg_status trygg_domain_se(const trygg_year *y, trygg_variance v, size_t l,
                             uint32_t dom, size_t k, const trygg_point *pt,
                             double *se, trygg_errors *err)
{
    if (!(pt->n > 0)) {
        *se = NAN;
        return TRYGG_OK;
    }
    double var;
    trygg_status st;
    if (v != TRYGG_VARIANCE_LINEARIZATION) {
        st = trygg_replicate_variance(y, v, l, dom, k, &var, err);
    } else {
        memset(y->a, 0, y->d.n * sizeof *y->a);
        trygg_year_add_influence(y, l, dom, k, pt, 1.0, y->a);
        st = trygg_year_variance(y, y->a, &var, err);
    }
    *se = var > 0 ? sqrt(var) : 0;
    if (isnan(var))
        *se = NAN;
    return st;
}

static trygg_status one_domain(domain_job *j, uint32_t dom)
{
    const trygg_year *y = j->y;
    const trygg_definition *def = y->sv->def;
    const trygg_level_part *lp = &y->levels[j->l];
    const trygg_point *pt = &j->pts[dom];
    trygg_estimate_row x = {0};
    x.year = y->d.year;
    x.weighting = y->weighting;
    x.level = lp->level_name;
    x.domain = lp->name[dom];
    x.parent_level = lp->parent_level >= 0 ? y->levels[lp->parent_level].level_name : "";
    x.parent = lp->parent_level >= 0 && lp->parent[dom] >= 0
                   ? y->levels[lp->parent_level].name[lp->parent[dom]] : "";
    x.indicator = def->indicators[j->k].name;
    x.indicator_index = j->k;
    x.is_share = def->indicators[j->k].type == TRYGG_IND_SHARE;
    x.estimate = pt->estimate;
    trygg_status st = TRYGG_OK;
    x.se = NAN;
    if (!j->counts_only)
        st = trygg_domain_se(y, j->opt.variance, j->l, dom, j->k, pt, &x.se, j->err);
    if (st != TRYGG_OK)
        return st;
    x.ci_method = x.is_share ? j->opt.ci_shares : TRYGG_CI_T;
    x.df = y->d.df;
    trygg_interval(x.ci_method, x.estimate, x.se, pt->n, x.df, j->opt.level,
                   &x.ci_low, &x.ci_high);
    x.n = pt->n;
    x.n_excluded = pt->n_excluded;
    x.n_missing = pt->n_missing;
    x.weighted_n = pt->weighted_n;
    x.deff = x.se * x.se / (pt->s2 / pt->n);
    x.cv = x.se / fabs(x.estimate);
    x.flags = flags_for(def, &x);
    return trygg_results_push(j->res, &x);
}

static trygg_status estimate_level(const trygg_year *y, size_t l, size_t k,
                                   resolved opt, int counts_only,
                                   trygg_results *res, trygg_errors *err)
{
    size_t nd = y->levels[l].ndom;
    trygg_point *pts = calloc(nd + 1, sizeof *pts);
    if (!pts)
        return TRYGG_ERR_NOMEM;
    trygg_status st = trygg_year_points(y, l, k, pts);
    domain_job j = {y, l, k, pts, opt, res, err, counts_only};
    for (uint32_t d = 0; d < nd && st == TRYGG_OK; d++)
        st = one_domain(&j, d);
    free(pts);
    return st;
}

static int wanted(const char *filter, const char *name)
{
    return !filter || strcmp(filter, name) == 0;
}

static trygg_status estimate_year(const trygg_survey *sv, int year,
                                  const trygg_estimate_options *o, resolved opt,
                                  trygg_results *res, trygg_errors *err)
{
    const trygg_definition *def = sv->def;
    trygg_year y;
    trygg_status st = trygg_year_build(sv, year, opt.weighting, &y, err);
    if (st != TRYGG_OK)
        return st;
    if (opt.variance != TRYGG_VARIANCE_LINEARIZATION && !o->counts_only)
        st = trygg_replicates_build(&y, opt.variance, err);
    for (size_t l = 0; l < def->nlevels && st == TRYGG_OK; l++) {
        if (!wanted(o->level_name, def->levels[l].name))
            continue;
        for (size_t k = 0; k < def->nindicators && st == TRYGG_OK; k++)
            if (wanted(o->indicator, def->indicators[k].name))
                st = estimate_level(&y, l, k, opt, o->counts_only, res, err);
    }
    trygg_year_free(&y);
    return st;
}

trygg_status trygg_estimate(const trygg_survey *sv,
                            const trygg_estimate_options *opt,
                            trygg_results **out, trygg_errors *err)
{
    trygg_estimate_options dflt;
    trygg_estimate_options_init(&dflt);
    const trygg_estimate_options *o = opt ? opt : &dflt;
    resolved r = resolve(sv->def, o);
    *out = NULL;
    trygg_results *res;
    trygg_status st = trygg_results_new(&res);
    for (size_t i = 0; i < sv->nyears && st == TRYGG_OK; i++)
        if (!o->year || o->year == sv->years[i])
            st = estimate_year(sv, sv->years[i], o, r, res, err);
    if (st == TRYGG_OK)
        st = trygg_suppress_complementary(sv, o, res, err);
    if (st != TRYGG_OK) {
        trygg_results_free(res);
        return st;
    }
    *out = res;
    return TRYGG_OK;
}
