/* The results a report's pages are drawn from. */
#include "trygg_book.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void timed(trygg_book_timing_fn timing, const char *stage, double t0)
{
    if (timing)
        timing(stage, now() - t0);
}

trygg_status trygg_book_data_compute(const trygg_survey *sv,
                                     const trygg_estimate_options *eo,
                                     const trygg_change_options *co_in, int year,
                                     int every_year, trygg_report_lang lang, trygg_book_timing_fn timing,
                                     trygg_book_data *d, trygg_errors *err)
{
    memset(d, 0, sizeof *d);
    trygg_analysis_options ao;
    trygg_analysis_options_init(&ao);
    ao.weighting = eo->weighting;
    ao.variance = eo->variance;
    ao.ci_shares = eo->ci_shares;
    ao.level = eo->level;
    ao.threads = eo->threads;
    trygg_change_options co = *co_in;
    co.year_to = 0;
    co.all_pairs = 1;
    co.indicator = NULL;
    d->weighting = eo->weighting;
    if (!year && trygg_survey_year_count(sv))
        year = trygg_survey_year(sv, trygg_survey_year_count(sv) - 1);
    ao.keep_year = every_year ? 0 : year;
    double t = now();
    trygg_status st = trygg_analysis_new(sv, &ao, &d->an);
    if (st == TRYGG_OK)
        st = trygg_analysis_estimates(d->an, &d->est, err);
    timed(timing, "estimate", t);
    if (st == TRYGG_OK) {
        t = now();
        st = trygg_analysis_changes(d->an, &co, &d->chg, err);
        timed(timing, "changes", t);
    }
    co.year_to = year;   /* the pages compare districts in the report's year */
    if (st == TRYGG_OK) {
        t = now();
        st = trygg_analysis_contrasts(d->an, &co, &d->con, err);
        timed(timing, "contrasts", t);
    }
    d->ctx = (trygg_book_ctx){.def = trygg_survey_definition(sv), .est = d->est, .chg = d->chg,
                              .con = d->con, .lang = lang, .year = year};
    return st;
}

trygg_status trygg_book_data_priorities(const trygg_survey *sv, trygg_book_data *d,
                                        const char *spec, trygg_book_timing_fn timing,
                                        trygg_errors *err)
{
    const trygg_definition *def = trygg_survey_definition(sv);
    trygg_priority_options po;
    trygg_priority_options_init(&po);
    po.year = d->ctx.year;
    po.alpha = trygg_definition_alpha(def);
    po.adjust = trygg_definition_adjust(def);
    trygg_priorities_free(d->prio);
    d->prio = NULL;
    d->ctx.prio = NULL;
    if (!d->an)
        return TRYGG_ERR_ARGUMENT;
    double t = now();
    trygg_status st = trygg_analysis_priorities(d->an, &po, spec, &d->prio, err);
    timed(timing, "priorities", t);
    d->ctx.prio = d->prio;
    return st;
}

trygg_status trygg_book_data_followups(const trygg_survey *sv, trygg_book_data *d,
                                       const char *path, trygg_errors *err)
{
    const trygg_definition *def = trygg_survey_definition(sv);
    trygg_priority_options po;
    trygg_priority_options_init(&po);
    po.alpha = trygg_definition_alpha(def);
    trygg_followups_free(d->fu);
    d->fu = NULL;
    d->ctx.followups = NULL;
    if (!d->an)
        return TRYGG_ERR_ARGUMENT;
    trygg_status st = trygg_analysis_followups(d->an, &po, path, &d->fu, err);
    d->ctx.followups = d->fu;
    return st;
}

void trygg_book_data_free(trygg_book_data *d)
{
    free(d->sample);
    trygg_responses_free(d->responses);
    trygg_followups_free(d->fu);
    trygg_analysis_free(d->an);   /* and its estimates */
    trygg_changes_free(d->chg);
    trygg_changes_free(d->con);
    trygg_priorities_free(d->prio);
    memset(d, 0, sizeof *d);
}

trygg_status trygg_book_data_sample(const trygg_survey *sv, trygg_book_data *d,
                                    trygg_errors *err)
{
    if (!trygg_survey_has_sample(sv))
        return TRYGG_OK;
    trygg_status st = trygg_responses_compute(sv, 0, &d->responses, err);
    size_t n = trygg_responses_count(d->responses);
    if (st == TRYGG_OK && !(d->sample = malloc((n + 1) * sizeof *d->sample)))
        st = TRYGG_ERR_NOMEM;
    for (size_t i = 0; st == TRYGG_OK && i < n; i++) {
        /* invited only: the answers the pages print are the estimates' */
        const trygg_response_row *x = trygg_responses_row(d->responses, i);
        d->sample[i] = (trygg_book_sample){x->year, x->level, x->domain, x->invited};
    }
    if (st == TRYGG_OK) {
        d->ctx.sample = d->sample;
        d->ctx.nsample = n;
    }
    return st;
}
