/* One analysis per run: the survey's years, each built at most once, and
 * the estimates made once, that every other table of the run is made from
 * (analysis_internal.h). */
#include "analysis_internal.h"

#include <stdlib.h>
#include <string.h>

#include "replicates.h"
#include "results_internal.h"
#include "threads.h"

void trygg_analysis_options_init(trygg_analysis_options *o)
{
    memset(o, 0, sizeof *o);
    o->weighting = TRYGG_WEIGHTING_DEFAULT;
    o->variance = TRYGG_VARIANCE_DEFAULT;
    o->ci_shares = TRYGG_CI_DEFAULT;
    o->keep_years = 1;
}

void trygg_analysis_options_from_estimate(const trygg_estimate_options *eo,
                                          trygg_analysis_options *o)
{
    trygg_analysis_options_init(o);
    o->weighting = eo->weighting;
    o->variance = eo->variance;
    o->ci_shares = eo->ci_shares;
    o->level = eo->level;
    o->threads = eo->threads;
}

static trygg_analysis_options resolved(const trygg_definition *def,
                                       const trygg_analysis_options *in)
{
    trygg_analysis_options o = *in;
    if (o.weighting == TRYGG_WEIGHTING_DEFAULT) o.weighting = def->weighting;
    if (o.variance == TRYGG_VARIANCE_DEFAULT) o.variance = def->variance;
    if (o.ci_shares == TRYGG_CI_DEFAULT) o.ci_shares = def->ci_shares;
    if (!(o.level > 0 && o.level < 1)) o.level = def->confidence;
    return o;
}

static trygg_status analysis_new(const trygg_survey *sv, const trygg_analysis_options *opt,
                                 int once, trygg_analysis **out)
{
    trygg_analysis_options dflt;
    trygg_analysis_options_init(&dflt);
    *out = NULL;
    trygg_analysis *a = calloc(1, sizeof *a);
    if (!a || !(a->years = calloc(sv->nyears + 1, sizeof *a->years))) {
        free(a);
        return TRYGG_ERR_NOMEM;
    }
    a->sv = sv;
    a->o = resolved(sv->def, opt ? opt : &dflt);
    a->keep_years = !once && a->o.keep_years;
    if (once)
        a->o.keep_year = 0;
    for (size_t i = 0; i < sv->nyears; i++)
        a->years[i].year = sv->years[i];
    *out = a;
    return TRYGG_OK;
}

trygg_status trygg_analysis_new(const trygg_survey *sv, const trygg_analysis_options *opt,
                                trygg_analysis **out)
{
    return analysis_new(sv, opt, 0, out);
}

trygg_status trygg_analysis_new_once(const trygg_survey *sv, const trygg_analysis_options *o,
                                     trygg_analysis **out)
{
    return analysis_new(sv, o, 1, out);
}

static void slot_free(trygg_analysis_year *s)
{
    if (s->built)
        trygg_year_free(&s->y);
    s->built = s->replicates = 0;
}

void trygg_analysis_free(trygg_analysis *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->sv->nyears; i++)
        slot_free(&a->years[i]);
    free(a->years);
    if (a->own_est)
        trygg_results_free(a->est);
    free(a);
}

trygg_analysis_year *trygg_analysis_slot(trygg_analysis *a, int year)
{
    for (size_t i = 0; i < a->sv->nyears; i++)
        if (a->years[i].year == year)
            return &a->years[i];
    return NULL;
}

trygg_status trygg_analysis_slot_build(trygg_analysis *a, trygg_analysis_year *s,
                                       int replicates, trygg_errors *err)
{
    if (!s->built) {
        s->builds++;
        trygg_status st = trygg_year_build(a->sv, s->year, a->o.weighting, &s->y, err);
        if (st != TRYGG_OK)
            return st;
        s->built = 1;
    }
    if (replicates && !s->replicates && a->o.variance != TRYGG_VARIANCE_LINEARIZATION) {
        trygg_status st = trygg_replicates_build(&s->y, a->o.variance, err);
        if (st != TRYGG_OK)
            return st;
        s->replicates = 1;
    }
    return TRYGG_OK;
}

trygg_status trygg_analysis_year_get(trygg_analysis *a, int year, trygg_year **y,
                                     trygg_errors *err)
{
    trygg_analysis_year *s = trygg_analysis_slot(a, year);
    *y = NULL;
    if (!s)
        return TRYGG_ERR_ARGUMENT;
    trygg_status st = trygg_analysis_slot_build(a, s, 1, err);
    if (st == TRYGG_OK)
        *y = &s->y;
    return st;
}

void trygg_analysis_year_done(trygg_analysis *a, int year)
{
    trygg_analysis_year *s = trygg_analysis_slot(a, year);
    int keep = a->o.keep_year ? year == a->o.keep_year : a->keep_years;
    if (s && !keep)
        slot_free(s);
}

size_t trygg_analysis_year_builds(const trygg_analysis *a)
{
    size_t n = 0;
    for (size_t i = 0; a && i < a->sv->nyears; i++)
        n += a->years[i].builds;
    return n;
}

void trygg_analysis_borrow_estimates(trygg_analysis *a, const trygg_results *est)
{
    if (a->own_est)
        trygg_results_free(a->est);
    a->est = (trygg_results *)est;   /* read only: the caller's */
    a->own_est = 0;
}

size_t trygg_analysis_threads_begin(const trygg_analysis *a)
{
    return trygg_thread_limit_set(a->o.threads);
}

void trygg_analysis_threads_end(size_t previous)
{
    trygg_thread_limit_set(previous);
}

/* ---- estimates ------------------------------------------------------------ */

trygg_status trygg_analysis_estimates(trygg_analysis *a, const trygg_results **out,
                                      trygg_errors *err)
{
    *out = NULL;
    if (!a->est) {
        trygg_estimate_options every;
        trygg_estimate_options_init(&every);
        every.year = a->o.year;
        trygg_results *res;
        trygg_status st = trygg_results_new(&res);
        if (st == TRYGG_OK)
            st = trygg_estimate_into(a, &every, res, err);
        if (st != TRYGG_OK) {
            trygg_results_free(res);
            return st;
        }
        a->est = res;
        a->own_est = 1;
    }
    *out = a->est;
    return TRYGG_OK;
}

static int passes(const trygg_estimate_options *f, const trygg_estimate_row *x)
{
    return (!f->year || f->year == x->year) &&
           (!f->level_name || strcmp(f->level_name, x->level) == 0) &&
           (!f->indicator || strcmp(f->indicator, x->indicator) == 0);
}

trygg_status trygg_analysis_estimate(trygg_analysis *a, const trygg_estimate_options *filter,
                                     trygg_results **out, trygg_errors *err)
{
    trygg_estimate_options every;
    trygg_estimate_options_init(&every);
    const trygg_estimate_options *f = filter ? filter : &every;
    *out = NULL;
    trygg_results *res;
    trygg_status st = trygg_results_new(&res);
    /* rows already made are the same rows: copied, not made again */
    if (st == TRYGG_OK && a->est && !f->counts_only) {
        for (size_t i = 0; i < a->est->count && st == TRYGG_OK; i++)
            if (passes(f, &a->est->rows[i]))
                st = trygg_results_push(res, &a->est->rows[i]);
    } else if (st == TRYGG_OK && !(a->o.year && f->year && f->year != a->o.year)) {
        trygg_estimate_options g = *f;   /* (another year than the analysis's: none) */
        g.year = a->o.year ? a->o.year : g.year;
        st = trygg_estimate_into(a, &g, res, err);
    }
    if (st != TRYGG_OK) {
        trygg_results_free(res);
        return st;
    }
    *out = res;
    return TRYGG_OK;
}

/* ---- changes and trends from the estimates ------------------------------- */

static trygg_change_options change_options(const trygg_analysis *a,
                                           const trygg_change_options *opt)
{
    trygg_change_options o;
    trygg_change_options_init(&o);
    if (opt)
        o = *opt;
    o.weighting = a->o.weighting;
    o.variance = a->o.variance;
    o.level = a->o.level;
    return o;
}

/* The estimates a change or trend table is made from: the analysis's, or
 * with an indicator asked for before they are made, that indicator's alone
 * (into *own, the caller's to free), as trygg_changes_compute() makes them. */
static trygg_status estimates_for(trygg_analysis *a, const char *indicator,
                                  const trygg_results **est, trygg_results **own,
                                  trygg_errors *err)
{
    *own = NULL;
    if (a->est || !indicator)
        return trygg_analysis_estimates(a, est, err);
    trygg_estimate_options f;
    trygg_estimate_options_init(&f);
    f.indicator = indicator;
    trygg_status st = trygg_analysis_estimate(a, &f, own, err);
    *est = *own;
    return st;
}

trygg_status trygg_analysis_changes(trygg_analysis *a, const trygg_change_options *opt,
                                    trygg_changes **out, trygg_errors *err)
{
    const trygg_results *est;
    trygg_results *own;
    trygg_change_options o = change_options(a, opt);
    *out = NULL;
    trygg_status st = estimates_for(a, o.indicator, &est, &own, err);
    if (st == TRYGG_OK)
        st = trygg_changes_from_estimates(a->sv, est, &o, out, err);
    trygg_results_free(own);
    return st;
}

trygg_status trygg_analysis_trends(trygg_analysis *a, const trygg_change_options *opt,
                                   trygg_changes **out, trygg_errors *err)
{
    const trygg_results *est;
    trygg_results *own;
    trygg_change_options o = change_options(a, opt);
    *out = NULL;
    trygg_status st = estimates_for(a, o.indicator, &est, &own, err);
    if (st == TRYGG_OK)
        st = trygg_trends_from_estimates(a->sv, est, &o, out);
    trygg_results_free(own);
    return st;
}
