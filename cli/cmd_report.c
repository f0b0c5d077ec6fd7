/* trygg report: every municipality's report (book/ composes and writes);
 * and what report and chart share: the data their pages are drawn from. */
#include "cli.h"
#include "cleanup.h"
#include "trygg_book.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char USAGE_REPORT[] =
    "usage: trygg report DEFINITION --out DIR [--year Y] [--lang sv|en] [--quiet]\n"
    "                    [--confidence L] [--weighting M] [--timings]\n"
    "For every municipality: a PDF (cover, lägesbild of the municipality and of\n"
    "each district, district comparison, problem table, trend, groups,\n"
    "priorities), a PNG and an SVG of every chart, and DIR/index.html.\n"
    "--timings prints the wall time of each stage on stderr (load, estimate,\n"
    "changes, contrasts, priorities, charts: models, drawing and writing files).\n";

static int with_survey(const char *cmd, const trygg_survey *sv, const cli_args *a,
                       cli_pages_body body, void *ctx)
{
    char *bad_year = trygg_book_year_check(sv, a->est.year);
    if (bad_year) {
        fprintf(stderr, "trygg %s: %s\n", cmd, bad_year);
        free(bad_year);
        return CLI_INPUT;
    }
    trygg_errors *err = trygg_errors_new(50);
    trygg_book_data d;
    trygg_status st = trygg_book_data_compute(sv, &a->est, &a->chg, a->est.year,
                                              (trygg_report_lang)a->lang, cli_timing, &d, err);
    int rc = st != TRYGG_OK ? cli_fail(st, err) : body(sv, a, &d, err, ctx);
    trygg_book_data_free(&d);
    trygg_errors_free(err);
    return rc;
}

int cli_pages(int argc, char **argv, const char *usage, cli_pages_body body, void *ctx)
{
    cli_args a;
    int rc = cli_parse(argc, argv, usage, &a);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    if (!strcmp(a.out, "-")) {
        fprintf(stderr, "trygg %s: --out is required\n%s", argv[0], usage);
        return CLI_USAGE;
    }
    trygg_definition *def = NULL;
    trygg_survey *sv = NULL;
    rc = cli_load(a.definition, &def, &sv);
    if (rc == CLI_OK)
        rc = with_survey(argv[0], sv, &a, body, ctx);
    trygg_survey_free(sv);
    trygg_definition_free(def);
    return rc;
}

static void message(void *user, const char *text)
{
    fprintf(stderr, "trygg: %s\n", text);
}

static void progress(void *user, size_t done, size_t total, const char *muni)
{
    fprintf(stderr, "\rtrygg report: municipality %zu of %zu (%s)   ", done + 1, total, muni);
}

static size_t municipalities(const trygg_book_ctx *c)
{
    size_t nm = 0;
    for (size_t i = 0; i < trygg_results_count(c->est); i++) {
        const trygg_estimate_row *x = trygg_results_row(c->est, i);
        nm += x->year == c->year && x->indicator_index == 0 &&
              !strcmp(x->level, "municipality");
    }
    return nm;
}

static int run_report(const trygg_survey *sv, const cli_args *a, trygg_book_data *d,
                      trygg_errors *err, void *ctx)
{
    /* every municipality's priorities at once, from the estimates above */
    trygg_status st = trygg_book_data_priorities(sv, d, "municipality:*", cli_timing, err);
    /* every figure a page prints comes from these tables: audited whole */
    cli_tables tables = {d->est, {d->chg, NULL, d->con}, {"changes", NULL, "contrasts"},
                         d->prio, NULL};
    if (st == TRYGG_OK)
        st = cli_audit_tables(sv, &tables, err);
    if (st != TRYGG_OK)
        return cli_fail(st, err);
    double t = cli_now();
    trygg_book_report_options o = {a->out, message, a->quiet ? NULL : progress, NULL,
                                   cli_cleanup_hook, NULL};
    int rc = trygg_book_report(&d->ctx, &o);
    if (!a->quiet)
        fprintf(stderr, "\n");
    cli_timing("charts", cli_now() - t);
    if (rc != 0)
        return CLI_INPUT;
    if (!a->quiet)
        fprintf(stderr, "trygg: wrote %s/ (%zu municipalities, index.html)\n", a->out,
                municipalities(&d->ctx));
    return CLI_OK;
}

int cmd_report(int argc, char **argv)
{
    return cli_pages(argc, argv, USAGE_REPORT, run_report, NULL);
}
