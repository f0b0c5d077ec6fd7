/* trygg validate: load and check a survey, print a summary. */
#include "cli.h"

#include <string.h>

static const char USAGE[] =
    "usage: trygg validate DEFINITION\n"
    "Reads every response file of the survey, checks it, and prints a summary\n"
    "(files, dialects, respondents per year, item non-response), or every\n"
    "problem found as file:line:column: message (exit status 1).\n"
    "--timings prints the wall time of loading and of the summary on stderr.\n";

static void summary(const trygg_definition *def, const trygg_survey *sv)
{
    printf("%s\n%zu files, %zu respondents\n", trygg_definition_name(def),
           trygg_survey_file_count(sv), trygg_survey_rows(sv));
    for (size_t i = 0; i < trygg_survey_file_count(sv); i++)
        printf("  %s  %zu rows  %s\n", trygg_survey_file_path(sv, i),
               trygg_survey_file_rows(sv, i), trygg_survey_file_dialect(sv, i));
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
        if (x->indicator_index == 0)
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

int cmd_validate(int argc, char **argv)
{
    cli_args a;
    int rc = cli_parse(argc, argv, USAGE, &a);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    trygg_definition *def = NULL;
    trygg_survey *sv = NULL;
    rc = cli_load(a.definition, &def, &sv);
    if (rc == CLI_OK) {
        double t = cli_now();
        summary(def, sv);
        cli_timing("summary", cli_now() - t);
    }
    trygg_survey_free(sv);
    trygg_definition_free(def);
    return rc;
}
