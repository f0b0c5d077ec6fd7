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
                                     const trygg_estimate_options *eo_in,
                                     const trygg_change_options *co_in, int year,
                                     trygg_report_lang lang, trygg_book_timing_fn timing,
                                     trygg_book_data *d, trygg_errors *err)
{
    memset(d, 0, sizeof *d);
    trygg_estimate_options eo = *eo_in;
    eo.year = 0;
    eo.level_name = NULL;
    eo.indicator = NULL;
    trygg_change_options co = *co_in;
    co.year_to = 0;
    co.all_pairs = 1;
    co.indicator = NULL;
    d->weighting = eo.weighting;
    if (!year && trygg_survey_year_count(sv))
        year = trygg_survey_year(sv, trygg_survey_year_count(sv) - 1);
    double t = now();
    trygg_status st = trygg_estimate(sv, &eo, &d->est, err);
    timed(timing, "estimate", t);
    if (st == TRYGG_OK) {
        t = now();
        st = trygg_changes_from_estimates(sv, d->est, &co, &d->chg, err);
        timed(timing, "changes", t);
    }
    co.year_to = year;   /* the pages compare districts in the report's year */
    if (st == TRYGG_OK) {
        t = now();
        st = trygg_contrasts_from_estimates(sv, d->est, &co, &d->con, err);
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
    po.weighting = d->weighting;
    po.year = d->ctx.year;
    po.estimates = d->est;
    po.level = 0;   /* the estimates' */
    po.alpha = trygg_definition_alpha(def);
    po.adjust = trygg_definition_adjust(def);
    if (d->est && trygg_results_count(d->est))
        po.level = trygg_results_row(d->est, 0)->confidence;
    trygg_priorities_free(d->prio);
    d->prio = NULL;
    double t = now();
    trygg_status st = trygg_priorities_compute(sv, &po, spec, &d->prio, err);
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
    po.weighting = d->weighting;
    po.estimates = d->est;
    po.alpha = trygg_definition_alpha(def);
    po.level = d->est && trygg_results_count(d->est) ? trygg_results_row(d->est, 0)->confidence
                                                     : 0;
    trygg_followups_free(d->fu);
    d->fu = NULL;
    trygg_status st = trygg_followup_compute(sv, &po, path, &d->fu, err);
    d->ctx.followups = d->fu;
    return st;
}

void trygg_book_data_free(trygg_book_data *d)
{
    free(d->sample);
    trygg_responses_free(d->responses);
    trygg_followups_free(d->fu);
    trygg_results_free(d->est);
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
