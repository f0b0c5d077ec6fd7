/* trygg publish: the publication workbook a municipality wants, drawn from
 * the suppressed estimates and changes, audited before it is written. */
#include "cli.h"
#include "cleanup.h"

#include <string.h>

static const char USAGE[] =
    "usage: trygg publish DEFINITION --out results.xlsx [options]\n"
    "The publication workbook: a sheet per municipality, its areas as rows and\n"
    "per indicator the value rounded as published, the felmarginal (± half the\n"
    "confidence interval), the number of answers, the change since the previous\n"
    "survey and its mark (▲▼ significant; .. too few answers), and a Läs mig sheet.\n"
    "  --out FILE            the workbook (required)\n"
    "  --year Y              the year published (default: the latest)\n"
    "  --lang sv|en          (default sv)\n"
    "  --weighting design|poststrat|rake|calibrate   (default: the definition's)\n"
    "  --confidence 0.95     confidence level of the felmarginal\n"
    "  --timings, --quiet\n";

enum {
    OPTIONS = CLI_OPT_OUT | CLI_OPT_LANG | CLI_OPT_WEIGHTING | CLI_OPT_YEAR |
              CLI_OPT_CONFIDENCE | CLI_OPT_QUIET | CLI_OPT_TIMINGS
};

static int latest_year(const trygg_survey *sv)
{
    size_t n = trygg_survey_year_count(sv);
    return n ? trygg_survey_year(sv, n - 1) : 0;
}

static trygg_status write_book(const trygg_survey *sv, const trygg_results *r,
                               const trygg_changes *c, int year, const cli_args *a,
                               trygg_errors *err)
{
    trygg_write_options o;
    cli_write_options(a, trygg_survey_definition(sv), &o);
    o.format = TRYGG_FORMAT_XLSX;
    trygg_output_group *g;
    trygg_status st = cli_output_group(&g);
    if (st == TRYGG_OK)
        st = cli_output_commit(g, trygg_publish_write_to(r, c, year, g, a->out, &o, err), err);
    return st;
}

static trygg_status run(const trygg_survey *sv, void *ctx, trygg_errors *err)
{
    cli_args *a = ctx;
    int year = a->est.year ? a->est.year : latest_year(sv);
    /* every year's estimates (the changes need the years before), changes
     * into the year published */
    a->est.year = 0;
    double t = cli_now();
    trygg_results *r = NULL;
    trygg_changes *c = NULL;
    trygg_status st = trygg_estimate(sv, &a->est, &r, err);
    cli_timing("estimate", cli_now() - t);
    a->chg.year_to = year;
    t = cli_now();
    if (st == TRYGG_OK && trygg_survey_year_count(sv) > 1 && year != trygg_survey_year(sv, 0))
        st = trygg_changes_from_estimates(sv, r, &a->chg, &c, err);
    cli_timing("changes", cli_now() - t);
    /* the workbook shows a part of these tables: the audit of all of them
     * covers it */
    cli_tables tables = {r, {c}, {"changes"}, NULL, NULL};
    if (st == TRYGG_OK)
        st = cli_audit_tables(sv, &tables, err);
    t = cli_now();
    if (st == TRYGG_OK)
        st = write_book(sv, r, c, year, a, err);
    cli_timing("write", cli_now() - t);
    if (st == TRYGG_OK && !a->quiet)
        fprintf(stderr, "trygg: wrote %s\n", a->out);
    trygg_changes_free(c);
    trygg_results_free(r);
    return st;
}

int cmd_publish(int argc, char **argv)
{
    cli_args a;
    int rc = cli_parse_for(argc, argv, USAGE, OPTIONS, &a);
    if (rc != CLI_OK)
        return rc == CLI_HELP ? CLI_OK : rc;
    if (strcmp(a.out, "-") == 0) {
        cli_say("--out FILE.xlsx is required");
        fputs(USAGE, stderr);
        return CLI_USAGE;
    }
    rc = cli_outputs_usable(a.out, NULL);
    return rc == CLI_OK ? cli_with_survey(&a, run, &a) : rc;
}
