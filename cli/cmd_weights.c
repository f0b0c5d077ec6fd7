/* trygg weights: every respondent's weight, and the weight report. */
#include "cli.h"
#include "cleanup.h"

#include <stdlib.h>
#include <string.h>

static const char USAGE[] =
    "usage: trygg weights DEFINITION --out FILE [--report FILE] [--weighting M] [--quiet]\n"
    "                     [--format csv|json|xlsx] [--csv-dialect plain|sv] [--lang sv|en]\n"
    "Writes every respondent's design and final weight (the only output with\n"
    "respondent-level rows) and, with --report, per year and municipality:\n"
    "min/max/mean/CV of the weights, Kish's design effect due to weighting,\n"
    "the effective sample size and the sex x age composition (groups of fewer\n"
    "than min_n respondents left out, as estimates are).\n"
    "The weights file is NOT FOR PUBLICATION: one row per respondent, its\n"
    "weights tell every area's respondents by sex and age. It is the analyst's.\n";

/* The weights and their report together: both replaced, or neither. */
static trygg_status write_outputs(const trygg_weights *w, const cli_args *a,
                                  const trygg_definition *def, const char *report,
                                  trygg_errors *err)
{
    trygg_write_options o;
    cli_write_options(a, def, &o);
    trygg_output_group *g;
    trygg_status st = cli_output_group(&g);
    if (st != TRYGG_OK)
        return st;
    st = trygg_weights_write_with(w, g, a->out, &o, err);
    if (st == TRYGG_OK && report)
        st = trygg_weights_write_report_with(w, g, report, &o, err);
    return cli_output_commit(g, st, err);
}

int cmd_weights(int argc, char **argv)
{
    const char *report = NULL;
    char **args = malloc(((size_t)argc + 1) * sizeof *args);
    if (!args)
        return CLI_INTERNAL;
    int n = 0, rc = CLI_OK;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--report") == 0 && i + 1 < argc)
            report = argv[++i];
        else if (strcmp(argv[i], "--report") == 0 && !cli_help_asked(argc, argv)) {
            fprintf(stderr, "trygg weights: --report needs a value: a file name\n%s", USAGE);
            rc = CLI_USAGE;
        } else
            args[n++] = argv[i];
    }
    args[n] = NULL;
    cli_args a;
    if (rc == CLI_OK)
        rc = cli_parse_for(n, args, USAGE, CLI_OPT_OUT | CLI_OPT_WEIGHTING | CLI_OPT_QUIET |
                                               CLI_OPT_TIMINGS | CLI_OPT_FORMAT |
                                               CLI_OPT_LANG, &a);
    free(args);   /* a's strings point into argv, not args */
    if (rc != CLI_OK)
        return rc == CLI_HELP ? CLI_OK : rc;
    if (strcmp(a.out, "-") == 0) {
        fprintf(stderr, "trygg weights: --out FILE is required\n%s", USAGE);
        return CLI_USAGE;
    }
    trygg_definition *def = NULL;
    trygg_survey *sv = NULL;
    rc = cli_outputs_usable(a.out, report);
    if (rc == CLI_OK)
        rc = cli_load(a.definition, &def, &sv);
    if (rc == CLI_OK) {
        trygg_errors *err = trygg_errors_new(50);
        trygg_weights *w = NULL;
        trygg_status st = trygg_weights_compute(sv, a.est.weighting, &w, err);
        if (st == TRYGG_OK)
            st = write_outputs(w, &a, def, report, err);
        if (st == TRYGG_OK)
            cli_print_warnings(err);
        rc = st == TRYGG_OK ? CLI_OK : cli_fail(st, err);
        if (rc == CLI_OK && !a.quiet)
            fprintf(stderr, "trygg: wrote %s%s%s\n", a.out, report ? " and " : "",
                    report ? report : "");
        trygg_weights_free(w);
        trygg_errors_free(err);
    }
    trygg_survey_free(sv);
    trygg_definition_free(def);
    return rc;
}
