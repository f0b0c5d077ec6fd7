/* Model-based estimates for small areas: one Fay–Herriot model per
 * indicator and year over the areas of a level (fayherriot.c), fitted to
 * the published direct estimates only. An area whose direct cell is
 * suppressed gets the synthetic estimate x'β̂ and its MSE, so nothing it
 * is given is made from its own direct value; β̂ and σ²_u are made from
 * published cells alone, and so is the benchmark (a published parent). */
#include "smallarea_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "errors_internal.h"
#include "fayherriot.h"
#include "results_internal.h"
#include "survey_internal.h"

void trygg_smallarea_options_init(trygg_smallarea_options *o)
{
    memset(o, 0, sizeof *o);
    o->shares = TRYGG_SCALE_LOGIT;
    o->benchmark = 1;
    o->weighting = TRYGG_WEIGHTING_DEFAULT;
    o->variance = TRYGG_VARIANCE_DEFAULT;
}

const char *trygg_model_scale_name(trygg_model_scale s)
{
    return s == TRYGG_SCALE_LOGIT ? "logit" : s == TRYGG_SCALE_ARCSINE ? "arcsine"
                                                                       : "identity";
}

/* ---- scales --------------------------------------------------------------- */

/* y and its variance on the scale; 0 when it has none there (a share of 0
 * or 1 on the logit or arcsine scale). */
static int to_scale(trygg_model_scale sc, double p, double v, double *y, double *d)
{
    if (sc == TRYGG_SCALE_IDENTITY) {
        *y = p;
        *d = v;
        return isfinite(p);
    }
    if (!(p > 0 && p < 1))
        return 0;
    double q = p * (1 - p);
    *y = sc == TRYGG_SCALE_LOGIT ? log(p / (1 - p)) : asin(sqrt(p));
    *d = sc == TRYGG_SCALE_LOGIT ? v / (q * q) : v / (4 * q);
    return 1;
}

/* θ back on the indicator's scale, and the MSE by the delta method. */
static void from_scale(trygg_model_scale sc, double theta, double mse, double *est,
                       double *mse_out)
{
    double slope = 1;
    if (sc == TRYGG_SCALE_LOGIT) {
        *est = 1 / (1 + exp(-theta));
        slope = *est * (1 - *est);
    } else if (sc == TRYGG_SCALE_ARCSINE) {
        *est = sin(theta) * sin(theta);
        slope = sin(2 * theta);
    } else {
        *est = theta;
    }
    *mse_out = slope * slope * mse;
}

/* ---- one model ------------------------------------------------------------- */

typedef struct {
    const trygg_survey *sv;
    const trygg_smallarea_options *o;
    const trygg_results *est;
    const trygg_covariates *cov;
    int prior;                  /* the previous survey year, 0 none */
    trygg_smallarea *out;
} run_ctx;

/* The areas of one model: their direct rows and what the fit needs. */
typedef struct {
    const trygg_estimate_row **row;
    double *x;        /* n × p */
    int *has_x;       /* every covariate known */
    int *fit;         /* the direct estimate enters the fit */
    double *y, *d;    /* on the scale (fitted areas) */
    size_t n, p;
    trygg_model_scale scale;
} areas;

static void areas_free(areas *a)
{
    free(a->row); free(a->x); free(a->has_x); free(a->fit); free(a->y); free(a->d);
}

/* The area's covariates: 1, its published estimate of the previous survey
 * year (on the model's scale), the file's. */
static int covariates_of(const run_ctx *c, const areas *a, const trygg_estimate_row *x,
                         double *out)
{
    size_t j = 0;
    out[j++] = 1;
    if (c->prior) {
        const trygg_estimate_row *pr = trygg_results_find(c->est, c->prior, x->level,
                                                          x->domain, x->indicator);
        double y, d;
        if (!pr || (pr->flags & TRYGG_FLAG_SUPPRESSED) || !(pr->n > 0) ||
            !to_scale(a->scale, pr->estimate, 0, &y, &d))
            return 0;
        out[j++] = y;
    }
    if (c->cov) {
        long r = trygg_covariates_find(c->cov, x->domain, x->year);
        if (r < 0)
            return 0;
        for (size_t k = 0; k < c->cov->ncov; k++)
            if (!isfinite(out[j++] = c->cov->value[(size_t)r * c->cov->ncov + k]))
                return 0;
    }
    return 1;
}

static trygg_status gather(const run_ctx *c, int year, size_t k, areas *a)
{
    const trygg_definition *def = c->sv->def;
    memset(a, 0, sizeof *a);
    a->scale = def->indicators[k].type == TRYGG_IND_SHARE ? c->o->shares : TRYGG_SCALE_IDENTITY;
    a->p = 1 + (c->prior != 0) + (c->cov ? c->cov->ncov : 0);
    size_t cap = trygg_results_count(c->est) + 1;
    a->row = malloc(cap * sizeof *a->row);
    if (!a->row)
        return TRYGG_ERR_NOMEM;
    for (size_t i = 0; i < trygg_results_count(c->est); i++) {
        const trygg_estimate_row *x = trygg_results_row(c->est, i);
        if (x->year == year && x->indicator_index == k && !strcmp(x->level, c->o->level) &&
            trygg_row_answered(x))
            a->row[a->n++] = x;
    }
    a->x = malloc((a->n * a->p + 1) * sizeof *a->x);
    a->has_x = calloc(a->n + 1, sizeof *a->has_x);
    a->fit = calloc(a->n + 1, sizeof *a->fit);
    a->y = calloc(a->n + 1, sizeof *a->y);
    a->d = calloc(a->n + 1, sizeof *a->d);
    if (!a->x || !a->has_x || !a->fit || !a->y || !a->d)
        return TRYGG_ERR_NOMEM;
    for (size_t i = 0; i < a->n; i++) {
        const trygg_estimate_row *x = a->row[i];
        a->has_x[i] = covariates_of(c, a, x, a->x + i * a->p);
        /* published, with a variance to weigh it by */
        a->fit[i] = a->has_x[i] && !(x->flags & TRYGG_FLAG_SUPPRESSED) && x->se > 0 &&
                    to_scale(a->scale, x->estimate, x->se * x->se, &a->y[i], &a->d[i]);
    }
    return TRYGG_OK;
}

/* The fitted areas' arrays packed for fayherriot.c. */
typedef struct {
    double *y, *d, *x;
    size_t *of;       /* area index of each fitted one */
    trygg_fh_data in;
} packed;

static trygg_status pack(const areas *a, packed *pk)
{
    memset(pk, 0, sizeof *pk);
    pk->y = malloc((a->n + 1) * sizeof *pk->y);
    pk->d = malloc((a->n + 1) * sizeof *pk->d);
    pk->x = malloc((a->n * a->p + 1) * sizeof *pk->x);
    pk->of = malloc((a->n + 1) * sizeof *pk->of);
    if (!pk->y || !pk->d || !pk->x || !pk->of)
        return TRYGG_ERR_NOMEM;
    size_t m = 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->fit[i]) {
            pk->y[m] = a->y[i];
            pk->d[m] = a->d[i];
            memcpy(pk->x + m * a->p, a->x + i * a->p, a->p * sizeof *pk->x);
            pk->of[m++] = i;
        }
    pk->in = (trygg_fh_data){m, a->p, pk->y, pk->d, pk->x};
    return TRYGG_OK;
}

static void packed_free(packed *pk)
{
    free(pk->y); free(pk->d); free(pk->x); free(pk->of);
}

static trygg_smallarea_row base_row(const run_ctx *c, const areas *a, size_t i)
{
    const trygg_estimate_row *x = a->row[i];
    trygg_smallarea_row r = {x->year, x->level, x->domain, x->parent_level, x->parent,
                             x->indicator, x->indicator_index, x->estimate, x->se, x->n,
                             x->flags, NAN, NAN, "", trygg_model_scale_name(a->scale), 0,
                             NAN, NAN, c->prior};
    return r;
}

/* The model's rows, area by area: EBLUP for fitted areas, synthetic for the
 * others with covariates; back on the indicator's scale. */
static trygg_status model_rows(const run_ctx *c, const areas *a, const packed *pk,
                               const trygg_fh_fit *fit, const char *why)
{
    trygg_status st = TRYGG_OK;
    size_t f = 0;
    for (size_t i = 0; i < a->n && st == TRYGG_OK; i++) {
        trygg_smallarea_row r = base_row(c, a, i);
        double theta, mse;
        if (!fit) {
            r.model = why;
        } else if (a->fit[i]) {
            trygg_fh_eblup(&pk->in, fit, f, &theta, &mse, &r.shrinkage);
            double xb, xcx;
            trygg_fh_predict(fit, a->x + i * a->p, &xb, &xcx);
            r.residual = (pk->y[f] - xb) / sqrt(fit->sigma2 + pk->d[f]);
            f++;
            r.model = "eblup";
        } else if (a->has_x[i]) {
            trygg_fh_synthetic(fit, a->x + i * a->p, &theta, &mse);
            r.model = "synthetic";
        } else {
            r.model = "none: no covariates for the area";
        }
        if (r.model[0] != 'n') {
            from_scale(a->scale, theta, mse, &r.model_estimate, &mse);
            r.model_rmse = sqrt(mse);
        }
        if (r.covariate_year && r.model[0] == 'n')
            r.covariate_year = 0;
        st = trygg_smallarea_push(c->out, &r);
    }
    return st;
}

/* Residual checks of the fitted areas (standardized residuals). */
static trygg_status residual_stats(trygg_smallarea *s, size_t first, size_t nrows)
{
    double n = 0, sum = 0, m2 = 0, m3 = 0, m4 = 0, beyond = 0, shrink = 0;
    const trygg_smallarea_row *any = &s->rows[first];
    for (size_t i = first; i < first + nrows; i++)
        if (!isnan(s->rows[i].residual)) {
            n++;
            sum += s->rows[i].residual;
            shrink += s->rows[i].shrinkage;
            beyond += fabs(s->rows[i].residual) > 2;
        }
    double mean = sum / n;
    for (size_t i = first; i < first + nrows; i++)
        if (!isnan(s->rows[i].residual)) {
            double e = s->rows[i].residual - mean;
            m2 += e * e / n;
            m3 += e * e * e / n;
            m4 += e * e * e * e / n;
        }
    trygg_status st = trygg_smallarea_stat_add(s, any, "mean_shrinkage", shrink / n, NAN);
    const char *terms[] = {"residual_mean", "residual_sd", "residual_skewness",
                           "residual_excess_kurtosis", "residuals_beyond_2"};
    double v[] = {mean, sqrt(m2 * n / (n - 1)), m3 / pow(m2, 1.5), m4 / (m2 * m2) - 3,
                  beyond};
    for (size_t t = 0; t < 5 && st == TRYGG_OK; t++)
        st = trygg_smallarea_stat_add(s, any, terms[t], v[t], NAN);
    return st;
}

static trygg_status model_stats(const run_ctx *c, const areas *a, const trygg_fh_fit *fit,
                                size_t first)
{
    trygg_smallarea *s = c->out;
    const trygg_smallarea_row *r0 = &s->rows[first];
    size_t fitted = 0, synthetic = 0;
    for (size_t i = 0; i < a->n; i++) {
        fitted += a->fit[i];
        synthetic += !a->fit[i] && a->has_x[i];
    }
    trygg_status st = trygg_smallarea_stat_add(s, r0, "sigma2_u", fit->sigma2,
                                               sqrt(fit->sigma2_var));
    for (size_t j = 0; j < a->p && st == TRYGG_OK; j++) {
        const char *name = j == 0 ? "(intercept)" : c->prior && j == 1 ? "prior_year"
                           : c->cov->names[j - 1 - (c->prior != 0)];
        char *term = trygg_strprintf("beta:%s", name);
        st = term ? trygg_smallarea_stat_add(s, r0, term, fit->beta[j],
                                             sqrt(fit->cov[j * a->p + j]))
                  : TRYGG_ERR_NOMEM;
        free(term);
    }
    const char *terms[] = {"areas_fitted", "areas_synthetic", "areas_without_model",
                           "reml_iterations", "converged"};
    double v[] = {(double)fitted, (double)synthetic, (double)(a->n - fitted - synthetic),
                  fit->iterations, fit->converged};
    for (size_t t = 0; t < 5 && st == TRYGG_OK; t++)
        st = trygg_smallarea_stat_add(s, r0, terms[t], v[t], NAN);
    return st == TRYGG_OK ? residual_stats(s, first, a->n) : st;
}

/* The areas' populations for benchmarking (names[i]'s is pop[i]). */
typedef struct {
    double *pop;
    const char **names;
    size_t n;
} populations;

static trygg_status one_model(const run_ctx *c, int year, size_t k, const populations *pp)
{
    areas a;
    packed pk = {0};
    trygg_fh_fit fit = {0};
    int fitted = 0;
    const char *why = "none: too few areas with published estimates to fit a model";
    trygg_status st = gather(c, year, k, &a);
    if (st == TRYGG_OK)
        st = pack(&a, &pk);
    /* two areas more than covariates, so that σ²_u has a residual to rest on */
    if (st == TRYGG_OK && pk.in.m >= a.p + 2) {
        st = trygg_fh_reml(&pk.in, &fit);
        fitted = st == TRYGG_OK;
        if (st == TRYGG_ERR_NUMERIC) {   /* no model, said per row */
            why = "none: the covariates repeat one another (the model cannot be fitted)";
            st = TRYGG_OK;
        }
    }
    size_t first = c->out->count;
    if (st == TRYGG_OK && a.n)
        st = model_rows(c, &a, &pk, fitted ? &fit : NULL, why);
    if (st == TRYGG_OK && fitted)
        st = model_stats(c, &a, &fit, first);
    if (st == TRYGG_OK && fitted && c->o->benchmark)
        st = trygg_smallarea_benchmark(c->out, first, c->est, pp->pop, pp->names, pp->n);
    if (fitted)
        trygg_fh_fit_free(&fit);
    packed_free(&pk);
    areas_free(&a);
    return st;
}

/* ---- the whole run ---------------------------------------------------------- */

static int year_of_run(const trygg_survey *sv, int want, int *prior)
{
    int year = 0;
    *prior = 0;
    for (size_t i = 0; i < sv->nyears; i++)
        if (!want || sv->years[i] <= want) {
            *prior = year;
            year = sv->years[i];
        }
    return want && year != want ? 0 : year;
}

static trygg_status direct_estimates(const trygg_survey *sv, const trygg_smallarea_options *o,
                                     trygg_results **own, trygg_errors *err)
{
    trygg_estimate_options eo;
    trygg_estimate_options_init(&eo);
    eo.weighting = o->weighting;
    eo.variance = o->variance;
    eo.indicator = o->indicator;
    return trygg_estimate(sv, &eo, own, err);
}

static trygg_status check_level(const trygg_survey *sv, const char *level, trygg_errors *err)
{
    for (size_t l = 0; l < sv->def->nlevels; l++)
        if (!strcmp(sv->def->levels[l].name, level)) {
            if (sv->def->levels[l].ncols == 1)
                return TRYGG_OK;
            trygg_errors_add(err, "", 0, 0, "a model is fitted to the areas of one level, "
                             "and '%s' is %s", level, sv->def->levels[l].ncols
                             ? "a crossing" : "the region alone");
            return TRYGG_ERR_ARGUMENT;
        }
    trygg_errors_add(err, "", 0, 0, "no level '%s'", level);
    return TRYGG_ERR_NOT_FOUND;
}

static trygg_status run_models(run_ctx *c, int year)
{
    populations pp = {NULL, NULL, 0};
    trygg_status st = trygg_smallarea_populations(c->sv, year, c->o->level, &pp.pop,
                                                  &pp.names, &pp.n);
    /* benchmark weights: the file's populations when it has them, else the
     * design's */
    for (size_t i = 0; st == TRYGG_OK && c->cov && c->cov->has_population && i < pp.n; i++) {
        long r = trygg_covariates_find(c->cov, pp.names[i], year);
        pp.pop[i] = r >= 0 ? c->cov->population[r] : NAN;
    }
    const trygg_definition *def = c->sv->def;
    for (size_t k = 0; st == TRYGG_OK && k < def->nindicators; k++)
        if (!c->o->indicator || !strcmp(c->o->indicator, def->indicators[k].name))
            st = one_model(c, year, k, &pp);
    free(pp.pop);
    free(pp.names);
    return st;
}

trygg_status trygg_smallarea_compute(const trygg_survey *sv, const trygg_smallarea_options *o,
                                     trygg_smallarea **out, trygg_errors *err)
{
    trygg_smallarea_options dflt;
    trygg_smallarea_options_init(&dflt);
    trygg_smallarea_options opt = o ? *o : dflt;
    if (!opt.level)
        opt.level = "district";
    *out = NULL;
    run_ctx c = {sv, &opt, opt.estimates, NULL, 0, NULL};
    int year = year_of_run(sv, opt.year, &c.prior);
    if (!year) {
        trygg_errors_add(err, "", 0, 0, "no survey year %d in the data", opt.year);
        return TRYGG_ERR_NOT_FOUND;
    }
    if (!opt.prior_year)
        c.prior = 0;
    else if (!c.prior) {
        trygg_errors_add(err, "", 0, 0, "the previous year's estimates as a covariate need "
                         "a survey year before %d", year);
        return TRYGG_ERR_INVALID;
    }
    trygg_status st = check_level(sv, opt.level, err);
    trygg_results *own = NULL;
    trygg_covariates cov;
    int have_cov = 0;
    if (st == TRYGG_OK && opt.covariates) {
        st = trygg_covariates_read(opt.covariates, opt.level, &cov, err);
        have_cov = st == TRYGG_OK;
        c.cov = have_cov ? &cov : NULL;
    }
    if (st == TRYGG_OK && !c.est && (st = direct_estimates(sv, &opt, &own, err)) == TRYGG_OK)
        c.est = own;
    if (st == TRYGG_OK && !(c.out = calloc(1, sizeof *c.out)))
        st = TRYGG_ERR_NOMEM;
    if (st == TRYGG_OK) {
        trygg_dict_init(&c.out->strings);
        st = run_models(&c, year);
    }
    if (have_cov)
        trygg_covariates_free(&cov);
    trygg_results_free(own);
    if (st != TRYGG_OK) {
        trygg_smallarea_free(c.out);
        return st;
    }
    *out = c.out;
    return TRYGG_OK;
}
