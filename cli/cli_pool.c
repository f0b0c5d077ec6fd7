/* trygg estimate --pool N (or [report] pool = N): the estimates of pooled
 * survey years, and the changes between windows, made on the pooled survey
 * (trygg_survey_pool) so that its suppression and audit are the pooled
 * sample's own. A run writes pooled tables or yearly ones, never both:
 * published together, one can be subtracted from the other. */
#include "cli.h"
#include "cleanup.h"

#include <stdio.h>

int cli_pool_years(const cli_args *a, const trygg_definition *def)
{
    return a->pool ? a->pool : trygg_definition_pool(def);
}

static trygg_status pooled_survey(const cli_args *a, const trygg_survey *sv,
                                  trygg_survey **ps, trygg_errors *err)
{
    trygg_pool_options po;
    trygg_pool_options_init(&po);
    po.years = cli_pool_years(a, trygg_survey_definition(sv));
    po.year = a->est.year;
    po.all_windows = !a->est.year;   /* as estimate gives every year */
    po.weighting = a->est.weighting;
    double t = cli_now();
    trygg_status st = trygg_survey_pool(sv, &po, ps, err);
    cli_timing("pool", cli_now() - t);
    return st;
}

static trygg_status write_pooled(const trygg_survey *ps, const trygg_results *r,
                                 const trygg_changes *c, const cli_args *a, trygg_errors *err)
{
    trygg_output_group *g;
    trygg_status st = cli_output_group(&g);
    if (st != TRYGG_OK)
        return st;
    st = trygg_pooled_results_write_to(r, g, a->out, a->format, err);
    if (st == TRYGG_OK && c)
        st = trygg_pooled_changes_write_to(ps, c, g, a->changes_out, a->format, err);
    return cli_output_commit(g, st, err);
}

/* The survey year before `year` in sv. */
static int year_before(const trygg_survey *sv, int year)
{
    int before = year;
    for (size_t i = 0; i < trygg_survey_year_count(sv); i++)
        if (trygg_survey_year(sv, i) < year)
            before = trygg_survey_year(sv, i);
    return before;
}

/* What a reader of the files must know (the README says it too). */
static void note(const trygg_survey *sv, const trygg_survey *ps, const cli_args *a)
{
    size_t ny = trygg_survey_year_count(ps);
    if (a->quiet || ny == 0)
        return;
    int last = trygg_survey_year(ps, ny - 1), first = trygg_survey_pooled_from(ps, last);
    int rest = year_before(sv, last);
    char restbuf[16];
    snprintf(restbuf, sizeof restbuf, rest > first ? "%d–%d" : "%d", first, rest);
    cli_say("pooled figures (%d–%d%s): publish them for areas without yearly figures; "
            "pooled and yearly figures of the same areas published together can be "
            "subtracted (%d–%d minus %d gives %s)", first, last,
            ny > 1 ? " and the windows before it" : "", first, last, last, restbuf);
}

static trygg_status estimate_windows(const trygg_survey *ps, cli_args *a, trygg_results **r,
                                     trygg_changes **c, trygg_errors *err)
{
    double t = cli_now();
    trygg_status st = trygg_estimate(ps, &a->est, r, err);
    cli_timing("estimate", cli_now() - t);
    if (st == TRYGG_OK && trygg_results_count(*r) == 0)
        st = cli_empty("nothing to write: no pooled estimates");
    if (st == TRYGG_OK && a->changes_out) {
        t = cli_now();
        st = trygg_changes_from_estimates(ps, *r, &a->chg, c, err);
        cli_timing("changes", cli_now() - t);
        if (st == TRYGG_OK && trygg_changes_count(*c) == 0)
            st = cli_empty("nothing to write to %s: no area has answers in an earlier "
                           "window of %d survey years to compare with", a->changes_out,
                           trygg_survey_pool_size(ps));
    }
    return st;
}

trygg_status cli_pooled_estimate(cli_args *a, const trygg_survey *sv, trygg_errors *err)
{
    trygg_survey *ps = NULL;
    trygg_results *r = NULL;
    trygg_changes *c = NULL;
    trygg_status st = pooled_survey(a, sv, &ps, err);
    if (st == TRYGG_OK)
        st = estimate_windows(ps, a, &r, &c, err);
    if (st == TRYGG_OK) {
        cli_tables tables = {r, {c}, {"changes"}, NULL, NULL};
        st = cli_audit_tables(ps, &tables, err);
    }
    if (st == TRYGG_OK) {
        double t = cli_now();
        st = write_pooled(ps, r, c, a, err);
        cli_timing("write", cli_now() - t);
    }
    if (st == TRYGG_OK)
        note(sv, ps, a);
    trygg_changes_free(c);
    trygg_results_free(r);
    trygg_survey_free(ps);
    return st;
}
