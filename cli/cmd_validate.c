/* trygg validate: load and check a survey, print a summary. */
#include "cli.h"

#include <string.h>

static const char USAGE[] =
    "usage: trygg validate DEFINITION [--timings]\n"
    "Reads every response file of the survey and the population margins its\n"
    "[weighting] names, checks them, and prints a summary (files, dialects,\n"
    "respondents per year, item non-response), or every problem found as\n"
    "file:line:column: message (exit status 1).\n"
    "--timings prints the wall time of loading, weighting and the summary on stderr.\n";

/* The gross sample's region row of each year, when there is a sample. */
static void sample_summary(const trygg_survey *sv)
{
    trygg_responses *r = NULL;
    if (trygg_responses_compute(sv, 0, &r, NULL) != TRYGG_OK)
        return;   /* no [survey] sample */
    for (size_t i = 0; i < trygg_responses_count(r); i++) {
        const trygg_response_row *x = trygg_responses_row(r, i);
        if (strcmp(x->level, "region") == 0 && !(x->flags & TRYGG_FLAG_SUPPRESSED))
            printf("  gross sample %d: %.0f invited, %.0f answered (%.1f %%)\n", x->year,
                   x->invited, x->answers, 100 * x->response_rate);
    }
    trygg_responses_free(r);
}

static void summary(const trygg_definition *def, const trygg_survey *sv)
{
    printf("%s\n%zu files, %zu respondents\n", trygg_definition_name(def),
           trygg_survey_file_count(sv), trygg_survey_rows(sv));
    for (size_t i = 0; i < trygg_survey_file_count(sv); i++)
        printf("  %s  %zu rows  %s\n", trygg_survey_file_path(sv, i),
               trygg_survey_file_rows(sv, i), trygg_survey_file_dialect(sv, i));
    sample_summary(sv);
    trygg_estimate_options o;
    trygg_estimate_options_init(&o);
    o.weighting = TRYGG_WEIGHTING_DESIGN;
    o.counts_only = 1;
    trygg_errors *err = trygg_errors_new(20);
    trygg_results *r = NULL;
    if (trygg_estimate(sv, &o, &r, err) != TRYGG_OK) {
        cli_print_errors(err);
        trygg_errors_free(err);
        return;
    }
    printf("\nrespondents by year and area (valid answers to %s):\n",
           trygg_definition_indicator_name(def, 0));
    for (size_t i = 0; i < trygg_results_count(r); i++) {
        const trygg_estimate_row *x = trygg_results_row(r, i);
        if (x->indicator_index == 0 && (x->flags & TRYGG_FLAG_SUPPRESSED))
            printf("  %d  %s  %s: suppressed (too few answers, or hidden with them)\n",
                   x->year, x->level, x->domain);
        else if (x->indicator_index == 0)
            printf("  %d  %s  %s: n = %.0f, excluded %.0f, missing %.0f\n",
                   x->year, x->level, x->domain, x->n, x->n_excluded, x->n_missing);
    }
    printf("\nitem non-response (region, every year):\n");
    for (size_t i = 0; i < trygg_results_count(r); i++) {
        const trygg_estimate_row *x = trygg_results_row(r, i);
        double all = x->n + x->n_excluded + x->n_missing;
        if (strcmp(x->level, "region") == 0 && all > 0)
            printf("  %d  %-36s missing %5.1f %%, excluded (don't know etc.) %5.1f %%\n",
                   x->year, x->indicator, 100 * x->n_missing / all,
                   100 * x->n_excluded / all);
    }
    trygg_results_free(r);
    trygg_errors_free(err);
}

/* The population margins are checked by forming the weights of every
 * year, as estimation would (design weights need no population file). */
static int check_weighting(const trygg_survey *sv)
{
    trygg_errors *err = trygg_errors_new(50);
    if (!err)
        return CLI_INTERNAL;
    trygg_weights *w = NULL;
    trygg_status st = trygg_weights_compute(sv, TRYGG_WEIGHTING_DEFAULT, &w, err);
    int rc = st == TRYGG_OK ? CLI_OK : cli_fail(st, err);
    trygg_weights_free(w);
    trygg_errors_free(err);
    return rc;
}

int cmd_validate(int argc, char **argv)
{
    cli_args a;
    int rc = cli_parse_for(argc, argv, USAGE, CLI_OPT_TIMINGS, &a);
    if (rc != CLI_OK)
        return rc == CLI_HELP ? CLI_OK : rc;
    trygg_definition *def = NULL;
    trygg_survey *sv = NULL;
    rc = cli_load(a.definition, &def, &sv);
    double t = cli_now();
    if (rc == CLI_OK)
        rc = check_weighting(sv);
    cli_timing("weighting", cli_now() - t);
    if (rc == CLI_OK) {
        t = cli_now();
        summary(def, sv);
        cli_timing("summary", cli_now() - t);
    }
    trygg_survey_free(sv);
    trygg_definition_free(def);
    return rc;
}
