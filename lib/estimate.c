/* Estimates of every indicator in every domain and year. */
#include "year.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_internal.h"
#include "errors_internal.h"
#include "intervals.h"
#include "replicates.h"
#include "results_internal.h"
#include "suppression.h"
#include "threads.h"
#include "variance.h"

void trygg_estimate_options_init(trygg_estimate_options *o)
{
    memset(o, 0, sizeof *o);
    o->weighting = TRYGG_WEIGHTING_DEFAULT;
    o->variance = TRYGG_VARIANCE_DEFAULT;
    o->ci_shares = TRYGG_CI_DEFAULT;
    o->level = 0;
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

/* The analysis's options, resolved against the definition already. */
static resolved resolve(const trygg_analysis *a)
{
    resolved r = {a->o.weighting, a->o.variance, a->o.ci_shares, a->o.level};
    return r;
}

static unsigned flags_for(const trygg_definition *def, const trygg_estimate_row *x)
{
    unsigned f = 0;
    /* suppression (min_n and its complements) is decided for the whole
     * lattice at once: trygg_suppress_results */
    if (x->n == 0)
        return TRYGG_FLAG_EMPTY;
    /* the reasons apart, so that a page can say which */
    if (x->n < def->unstable_n)
        f |= TRYGG_FLAG_UNSTABLE | TRYGG_FLAG_LOW_N;
    if (!(x->cv <= def->max_cv))
        f |= TRYGG_FLAG_UNSTABLE | TRYGG_FLAG_HIGH_CV;
    if (x->se == 0)
        f |= TRYGG_FLAG_DEGENERATE;
    return f;
}

/* The estimates of the wanted indicators in a run of domains of one
 * level: what one worker computes, kept until they are added to the
 * results in order (level, indicator, domain). */
typedef struct {
    size_t l;
    uint32_t d0, d1;
    trygg_estimate_row *rows;   /* indicator-major: rows[r * (d1 - d0) + d] */
    trygg_status st;
    trygg_errors *err;
} domain_job;

typedef struct {
    const trygg_year *y;
    resolved opt;
    int counts_only;
    const size_t *ks;
    size_t K;
    domain_job *jobs;
    size_t njobs, next;
    int failed;
    pthread_mutex_t lock;
} job_queue;

typedef struct {
    job_queue *q;
    trygg_variance_engine *ve;   /* each worker its own scratch */
    trygg_point *pts;
    double *vars;
} worker;

static void fill_row(const job_queue *q, size_t l, uint32_t dom, size_t k,
                     const trygg_point *pt, double var, trygg_estimate_row *x)
{
    const trygg_year *y = q->y;
    const trygg_definition *def = y->sv->def;
    const trygg_level_part *lp = &y->levels[l];
    memset(x, 0, sizeof *x);
    x->year = y->d.year;
    x->year_from = trygg_survey_pooled_from(y->sv, x->year);
    x->weighting = y->sv->pool_first ? y->sv->pool_weighting : y->weighting;
    x->level = lp->level_name;
    x->domain = lp->name[dom];
    x->parent_level = lp->parent_level >= 0 ? y->levels[lp->parent_level].level_name : "";
    x->parent = lp->parent_level >= 0 && lp->parent[dom] >= 0
                    ? y->levels[lp->parent_level].name[lp->parent[dom]] : "";
    x->indicator = def->indicators[k].name;
    x->indicator_index = k;
    x->is_share = def->indicators[k].type == TRYGG_IND_SHARE;
    x->estimate = pt->estimate;
    x->se = q->counts_only || isnan(var) ? NAN : var > 0 ? sqrt(var) : 0;
    x->ci_method = x->is_share ? q->opt.ci_shares : TRYGG_CI_T;
    x->df = y->d.df;
    trygg_interval(x->ci_method, x->estimate, x->se, pt->n, x->df, q->opt.level,
                   &x->ci_low, &x->ci_high);
    x->n = pt->n;
    x->n_excluded = pt->n_excluded;
    x->n_missing = pt->n_missing;
    x->weighted_n = pt->weighted_n;
    x->deff = x->se * x->se / (pt->s2 / pt->n);
    x->cv = x->se / fabs(x->estimate);
    x->flags = flags_for(def, x);
    x->confidence = q->opt.level;
    x->variance = q->opt.variance;
}

/* With replicate weights: every point first, then indicator by indicator
 * the replicate variances of all the job's domains (one fill of the
 * replicates' estimates of the level per indicator, not one per domain). */
static trygg_status replicate_job(worker *w, domain_job *j)
{
    const job_queue *q = w->q;
    size_t nd = j->d1 - j->d0, K = q->K;
    trygg_point *pts = malloc((nd * K + 1) * sizeof *pts);
    if (!pts)
        return TRYGG_ERR_NOMEM;
    trygg_status st = TRYGG_OK;
    for (uint32_t d = j->d0; d < j->d1 && st == TRYGG_OK; d++) {
        st = trygg_variance_domain(w->ve, q->y, j->l, d, q->ks, K, TRYGG_WANT_POINTS, w->pts,
                                   w->vars, j->err);
        for (size_t r = 0; r < K; r++)
            pts[r * nd + (d - j->d0)] = w->pts[r];
    }
    for (size_t r = 0; r < K && st == TRYGG_OK; r++)
        for (uint32_t d = j->d0; d < j->d1 && st == TRYGG_OK; d++) {
            const trygg_point *pt = &pts[r * nd + (d - j->d0)];
            double var = NAN;
            if (pt->n > 0)
                st = trygg_replicate_variance(q->y, q->opt.variance, j->l, d, q->ks[r], &var,
                                              j->err);
            fill_row(q, j->l, d, q->ks[r], pt, var, &j->rows[r * nd + (d - j->d0)]);
        }
    free(pts);
    return st;
}

static trygg_status run_job(worker *w, domain_job *j)
{
    const job_queue *q = w->q;
    size_t nd = j->d1 - j->d0, K = q->K;
    int linearized = q->opt.variance == TRYGG_VARIANCE_LINEARIZATION;
    j->rows = calloc(nd * K + 1, sizeof *j->rows);
    if (!j->rows)
        return TRYGG_ERR_NOMEM;
    if (!linearized && !q->counts_only)
        return replicate_job(w, j);
    for (uint32_t d = j->d0; d < j->d1; d++) {
        trygg_status st = trygg_variance_domain(
            w->ve, q->y, j->l, d, q->ks, K,
            q->counts_only ? TRYGG_WANT_COUNTS : linearized ? TRYGG_WANT_VARIANCE
                                                            : TRYGG_WANT_POINTS,
            w->pts, w->vars, j->err);
        for (size_t r = 0; st == TRYGG_OK && r < K; r++)
            fill_row(q, j->l, d, q->ks[r], &w->pts[r], w->vars[r],
                     &j->rows[r * nd + (d - j->d0)]);
        if (st != TRYGG_OK)
            return st;
    }
    return TRYGG_OK;
}

static void *run_worker(void *arg)
{
    worker *w = arg;
    job_queue *q = w->q;
    for (;;) {
        pthread_mutex_lock(&q->lock);
        size_t i = q->failed ? q->njobs : q->next++;
        pthread_mutex_unlock(&q->lock);
        if (i >= q->njobs)
            return NULL;
        q->jobs[i].st = run_job(w, &q->jobs[i]);
        if (q->jobs[i].st != TRYGG_OK) {
            pthread_mutex_lock(&q->lock);
            q->failed = 1;
            pthread_mutex_unlock(&q->lock);
        }
    }
}

static int wanted(const char *filter, const char *name)
{
    return !filter || strcmp(filter, name) == 0;
}

/* Workers: one per core, at most one per job. Replicate variances share a
 * cache in the year and run in one. */
static size_t worker_count(const job_queue *q)
{
    if (q->opt.variance != TRYGG_VARIANCE_LINEARIZATION && !q->counts_only)
        return 1;
    return trygg_thread_count(q->njobs, 8);
}

static trygg_status run_jobs(trygg_year *y, job_queue *q)
{
    size_t nw = worker_count(q), started = 0;
    worker ws[8];
    trygg_status st = TRYGG_OK;
    for (size_t i = 0; i < nw && st == TRYGG_OK; i++) {
        ws[i] = (worker){q, y->ve, calloc(q->K + 1, sizeof(trygg_point)),
                         calloc(q->K + 1, sizeof(double))};
        if (i > 0 && ws[i].pts && ws[i].vars)
            st = trygg_variance_engine_worker(y->ve, &ws[i].ve);
        if (!ws[i].pts || !ws[i].vars)
            st = TRYGG_ERR_NOMEM;
        if (st != TRYGG_OK) {
            free(ws[i].pts);
            free(ws[i].vars);
        } else {
            started = i + 1;
        }
    }
    if (st == TRYGG_OK)
        trygg_run_workers(run_worker, ws, sizeof *ws, started);
    for (size_t i = 0; i < started; i++) {
        if (i > 0)
            trygg_variance_engine_free(ws[i].ve);
        free(ws[i].pts);
        free(ws[i].vars);
    }
    return st;
}

/* Adds the rows level by level, indicator by indicator, domain by domain;
 * a failed job's diagnostics are reported instead. */
static trygg_status collect(const job_queue *q, trygg_results *res,
                            trygg_errors *err)
{
    for (size_t i = 0; i < q->njobs; i++)
        if (q->jobs[i].st != TRYGG_OK) {
            const trygg_errors *je = q->jobs[i].err;
            for (size_t e = 0; e < trygg_errors_count(je); e++) {
                const trygg_diag *dg = trygg_errors_get(je, e);
                trygg_errors_add(err, dg->file, dg->line, dg->column, "%s", dg->message);
            }
            return q->jobs[i].st;
        }
    for (size_t a = 0; a < q->njobs;) {
        size_t b = a;
        while (b < q->njobs && q->jobs[b].l == q->jobs[a].l)
            b++;
        for (size_t r = 0; r < q->K; r++)
            for (size_t i = a; i < b; i++) {
                const domain_job *j = &q->jobs[i];
                size_t nd = j->d1 - j->d0;
                for (size_t d = 0; d < nd; d++) {
                    trygg_status st = trygg_results_push(res, &j->rows[r * nd + d]);
                    if (st != TRYGG_OK)
                        return st;
                }
            }
        a = b;
    }
    return TRYGG_OK;
}

/* Each level's domains in runs of about an eighth of the year's rows, so
 * that the workers share the levels evenly. */
static trygg_status plan_jobs(const trygg_year *y, const trygg_estimate_options *o,
                              job_queue *q)
{
    const trygg_definition *def = y->sv->def;
    size_t cap = 0, n = 0;
    for (size_t l = 0; l < def->nlevels; l++)
        cap += y->levels[l].ndom + 1;
    q->jobs = calloc(cap + 1, sizeof *q->jobs);
    if (!q->jobs)
        return TRYGG_ERR_NOMEM;
    /* replicate variances are made level by level (one pass over the
     * replicates per level and indicator): a level is one job */
    int replicates = q->opt.variance != TRYGG_VARIANCE_LINEARIZATION && !q->counts_only;
    size_t target = replicates ? SIZE_MAX : y->d.n / 8 + 1;
    for (size_t l = 0; l < def->nlevels; l++) {
        if (!wanted(o->level_name, def->levels[l].name))
            continue;
        const trygg_level_part *lp = &y->levels[l];
        size_t *rows = calloc(lp->ndom + 1, sizeof *rows);
        if (!rows)
            return TRYGG_ERR_NOMEM;
        for (size_t i = 0; i < y->d.n; i++)
            if (lp->dom[i] != UINT32_MAX)
                rows[lp->dom[i]]++;
        uint32_t d0 = 0;
        size_t acc = 0;
        for (uint32_t d = 0; d < lp->ndom; d++) {
            acc += rows[d];
            if (acc >= target || d + 1 == lp->ndom) {
                q->jobs[n++] = (domain_job){l, d0, d + 1, NULL, TRYGG_OK,
                                            trygg_errors_new(4)};
                if (!q->jobs[n - 1].err) {
                    free(rows);
                    return TRYGG_ERR_NOMEM;
                }
                d0 = d + 1;
                acc = 0;
            }
        }
        free(rows);
    }
    q->njobs = n;
    return TRYGG_OK;
}

/* One year's set-up (design, weights, values, domains, engine) in the
 * analysis, made on a thread of its own while the workers estimate the
 * year before. */
typedef struct {
    trygg_analysis *a;
    trygg_analysis_year *slot;
    int replicates;
    trygg_status st;
    trygg_errors *err;
} year_setup;

static void *set_up_year(void *arg)
{
    year_setup *b = arg;
    b->st = trygg_analysis_slot_build(b->a, b->slot, b->replicates, b->err);
    return NULL;
}

static trygg_status estimate_year(trygg_year *y, const trygg_estimate_options *o,
                                  resolved opt, trygg_results *res, trygg_errors *err)
{
    const trygg_definition *def = y->sv->def;
    trygg_status st = TRYGG_OK;
    size_t *ks = calloc(def->nindicators + 1, sizeof *ks), K = 0;
    job_queue q = {y, opt, o->counts_only, ks, 0, NULL, 0, 0, 0,
                   PTHREAD_MUTEX_INITIALIZER};
    if (!ks)
        st = TRYGG_ERR_NOMEM;
    for (size_t k = 0; ks && k < def->nindicators; k++)
        if (wanted(o->indicator, def->indicators[k].name))
            ks[K++] = k;
    q.K = K;
    if (st == TRYGG_OK)
        st = plan_jobs(y, o, &q);
    if (st == TRYGG_OK && K)
        st = run_jobs(y, &q);
    if (st == TRYGG_OK)
        st = collect(&q, res, err);
    for (size_t i = 0; i < q.njobs; i++) {
        free(q.jobs[i].rows);
        trygg_errors_free(q.jobs[i].err);
    }
    free(q.jobs);
    free(ks);
    pthread_mutex_destroy(&q.lock);
    return st;
}

/* The years in order, each set up while the one before is estimated when
 * there is more than one core; diagnostics and results as one year after
 * another would give. */
static trygg_status estimate_years(trygg_analysis *a, const trygg_estimate_options *o,
                                   resolved opt, trygg_results *res, trygg_errors *err)
{
    const trygg_survey *sv = a->sv;
    size_t ny = 0;
    year_setup *ys = calloc(sv->nyears + 1, sizeof *ys);
    if (!ys)
        return TRYGG_ERR_NOMEM;
    int replicates = opt.variance != TRYGG_VARIANCE_LINEARIZATION && !o->counts_only;
    for (size_t i = 0; i < sv->nyears; i++)
        if (!o->year || o->year == sv->years[i])
            ys[ny++] = (year_setup){a, &a->years[i], replicates, TRYGG_OK, NULL};
    int overlap = trygg_thread_count(ny, 2) > 1;
    trygg_status st = TRYGG_OK;
    for (size_t i = 0; i < ny && st == TRYGG_OK; i++) {
        year_setup *cur = &ys[i], *next = i + 1 < ny ? &ys[i + 1] : NULL;
        if (i == 0) {
            if (!(cur->err = trygg_errors_new(trygg_errors_max_kept(err))))
                st = TRYGG_ERR_NOMEM;
            else
                set_up_year(cur);
        }
        if (st == TRYGG_OK) {
            trygg_errors_take(err, cur->err);   /* warnings too, in year order */
            st = cur->st;
        }
        pthread_t tid;
        int started = 0;
        if (st == TRYGG_OK && next) {
            if (!(next->err = trygg_errors_new(trygg_errors_max_kept(err))))
                st = TRYGG_ERR_NOMEM;
            else if (overlap)
                started = pthread_create(&tid, NULL, set_up_year, next) == 0;
        }
        if (st == TRYGG_OK)
            st = estimate_year(&cur->slot->y, o, opt, res, err);
        if (started)
            pthread_join(tid, NULL);
        else if (st == TRYGG_OK && next)
            set_up_year(next);
        trygg_analysis_year_done(a, cur->slot->year);
    }
    for (size_t i = 0; i < ny; i++) {
        trygg_analysis_year_done(a, ys[i].slot->year);
        trygg_errors_free(ys[i].err);
    }
    free(ys);
    return st;
}

trygg_status trygg_estimate_into(trygg_analysis *a, const trygg_estimate_options *filter,
                                 trygg_results *res, trygg_errors *err)
{
    size_t threads = trygg_analysis_threads_begin(a);
    trygg_status st = estimate_years(a, filter, resolve(a), res, err);
    if (st == TRYGG_OK)
        st = trygg_suppress_results(a->sv, res);
    trygg_analysis_threads_end(threads);
    return st;
}

trygg_status trygg_estimate(const trygg_survey *sv,
                            const trygg_estimate_options *opt,
                            trygg_results **out, trygg_errors *err)
{
    trygg_estimate_options dflt;
    trygg_estimate_options_init(&dflt);
    const trygg_estimate_options *o = opt ? opt : &dflt;
    trygg_analysis_options ao;
    trygg_analysis_options_from_estimate(o, &ao);
    trygg_analysis *a;
    *out = NULL;
    trygg_status st = trygg_analysis_new_once(sv, &ao, &a);
    if (st == TRYGG_OK)
        st = trygg_analysis_estimate(a, o, out, err);
    trygg_analysis_free(a);
    return st;
}
