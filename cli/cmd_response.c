/* trygg response: invited, answers and response rate per area and year. */
#include "cli.h"
#include "cleanup.h"

#include <stdio.h>
#include <string.h>

static const char USAGE[] =
    "usage: trygg response DEFINITION [--out FILE] [--format csv|json|xlsx]\n"
    "       [--csv-dialect plain|sv] [--lang sv|en] [--year Y]\n"
    "From the gross sample ([survey] sample = ...) and the respondents: per year\n"
    "and area of every level and crossing of the definition (sex x age group\n"
    "cells where the crossings have them) the number invited, the answers and\n"
    "the response rate. An area whose respondents are too few to publish (the\n"
    "rule of the estimates) shows its invited count only, flag 'suppressed'.\n"
    "Columns: year,level,domain,domain_label,group_label,invited,answers,\n"
    "response_rate,flag.\n";

static trygg_status run(const trygg_survey *sv, const cli_args *a, trygg_errors *err)
{
    trygg_responses *r = NULL;
    double t = cli_now();
    trygg_status st = trygg_responses_compute(sv, a->est.year, &r, err);
    cli_timing("estimate", cli_now() - t);
    if (st == TRYGG_OK && trygg_responses_left_out(r)[0])
        fprintf(stderr, "trygg: levels left out: %s (the gross sample does not give "
                "their columns: a sample of invited counts per stratum has the strata's "
                "areas only)\n", trygg_responses_left_out(r));
    if (st == TRYGG_OK && trygg_responses_count(r) == 0)
        st = cli_empty("nothing to write: no area has invited persons%s",
                       a->est.year ? " in that year" : "");
    if (st == TRYGG_OK)
        st = cli_audit_responses(sv, r, err);
    if (st == TRYGG_OK) {
        trygg_output_group *g;
        t = cli_now();
        st = cli_output_group(&g);
        trygg_write_options o;
        cli_write_options(a, trygg_survey_definition(sv), &o);
        if (st == TRYGG_OK)
            st = cli_output_commit(g, trygg_responses_write_with(r, g, a->out, &o, err), err);
        cli_timing("write", cli_now() - t);
    }
    trygg_responses_free(r);
    return st;
}

int cmd_response(int argc, char **argv)
{
    cli_args a;
    int rc = cli_parse_for(argc, argv, USAGE, CLI_OPT_OUT | CLI_OPT_FORMAT | CLI_OPT_LANG | CLI_OPT_YEAR |
                                                  CLI_OPT_QUIET | CLI_OPT_TIMINGS, &a);
    if (rc == CLI_OK)
        rc = cli_outputs_usable(a.out, NULL);
    if (rc != CLI_OK)
        return rc == CLI_HELP ? CLI_OK : rc;
    trygg_definition *def = NULL;
    trygg_survey *sv = NULL;
    rc = cli_load_selected(&a, &def, &sv);
    if (rc == CLI_OK) {
        trygg_errors *err = trygg_errors_new(50);
        trygg_status st = err ? run(sv, &a, err) : TRYGG_ERR_NOMEM;
        if (st == TRYGG_OK)
            cli_print_warnings(err);
        rc = st == TRYGG_OK ? CLI_OK : cli_fail(st, err);
        if (rc == CLI_OK && !a.quiet && a.out[0] != '-')
            fprintf(stderr, "trygg: wrote %s\n", a.out);
        trygg_errors_free(err);
    }
    trygg_survey_free(sv);
    trygg_definition_free(def);
    return rc;
}
