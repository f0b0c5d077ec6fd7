/* trygg report: every municipality's report and the region's (book/
 * composes and writes); and what report and chart share: the data their
 * pages are drawn from, and the size of the page. */
#include "cli.h"
#include "cleanup.h"
#include "trygg_book.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char USAGE_REPORT[] =
    "usage: trygg report DEFINITION --out DIR [--year Y] [--lang sv|en] [--quiet]\n"
    "                    [--confidence L] [--weighting M] [--timings] [--threads N]\n"
    "                    [--promises PROMISES.csv] [--page a4-landscape|a4-portrait]\n"
    "For every municipality a PDF: cover and summary, how to read it, answers per\n"
    "area, the municipality beside the region, each section of the survey\n"
    "(lägesbild, district comparison, table, trend), each district, women and men\n"
    "and age groups, the priority matrix and list, a follow-up (kvitto) page per\n"
    "promise with --promises, and the methods; region.pdf compares the\n"
    "municipalities. A PNG and an SVG of every page, and DIR/index.html.\n"
    "--timings prints the wall time of each stage on stderr (load, estimate,\n"
    "changes, contrasts, priorities, charts: models, drawing and writing files).\n";

typedef struct {
    const char *promises;       /* --promises FILE, or NULL */
    trygg_book_geometry page;   /* --page */
} report_ask;

/* ---- the page's size ------------------------------------------------------ */

/* "16x10cm" → width and height in points. -1 when it is no size. */
static int parse_size(const char *s, double *w, double *h)
{
    char num[2][32], unit[8];
    int n = 0;
    if (sscanf(s, "%31[0-9.,]x%31[0-9.,]%7[a-z]%n", num[0], num[1], unit, &n) != 3 ||
        s[n] != 0)
        return -1;
    double per = !strcmp(unit, "cm") ? 72 / 2.54 : !strcmp(unit, "mm") ? 72 / 25.4
                 : !strcmp(unit, "in") ? 72 : 0;
    double v[2];
    for (int i = 0; i < 2; i++) {
        for (char *p = num[i]; *p; p++)
            *p = *p == ',' ? '.' : *p;
        char *end;
        v[i] = strtod(num[i], &end);
        if (*end || !(v[i] > 0))
            return -1;
    }
    *w = v[0] * per;
    *h = v[1] * per;
    return per > 0 ? 0 : -1;
}

int cli_page_geometry(const char *cmd, const char *page, const char *size,
                      trygg_book_geometry *g)
{
    memset(g, 0, sizeof *g);
    if (page && size) {
        fprintf(stderr, "trygg %s: --page and --size: give one of them\n", cmd);
        return CLI_USAGE;
    }
    if (page) {
        int portrait = !strcmp(page, "a4-portrait"), landscape = !strcmp(page, "a4-landscape");
        if (!portrait && !landscape) {
            fprintf(stderr, "trygg %s: bad option --page %s (expected a4-landscape or "
                    "a4-portrait)\n", cmd, page);
            return CLI_USAGE;
        }
        /* A4, 210 × 297 mm, in points */
        g->width = portrait ? 595.28 : 841.89;
        g->height = portrait ? 841.89 : 595.28;
        return CLI_OK;
    }
    if (!size)
        return CLI_OK;
    if (parse_size(size, &g->width, &g->height) != 0) {
        fprintf(stderr, "trygg %s: bad option --size %s (expected WIDTHxHEIGHT in cm, mm or "
                "in, e.g. 16x10cm or 6x4in)\n", cmd, size);
        return CLI_USAGE;
    }
    double cm = 72 / 2.54;
    if (g->width < 5 * cm || g->height < 4 * cm || g->width > 120 * cm || g->height > 120 * cm) {
        fprintf(stderr, "trygg %s: --size %s: a chart must be at least 5 × 4 cm and at most "
                "120 × 120 cm\n", cmd, size);
        return CLI_USAGE;
    }
    /* printed at its size: the smallest text (the note) 8 pt, none smaller */
    g->font_size = 10;
    g->min_font = 8;
    return CLI_OK;
}

/* ---- the data the pages are drawn from -------------------------------------- */

static int with_survey(const char *cmd, const trygg_survey *sv, const cli_args *a,
                       int every_year, cli_pages_body body, void *ctx)
{
    char *bad_year = trygg_book_year_check(sv, a->est.year);
    if (bad_year) {
        fprintf(stderr, "trygg %s: %s\n", cmd, bad_year);
        free(bad_year);
        return CLI_INPUT;
    }
    trygg_errors *err = trygg_errors_new(50);
    trygg_book_data d;
    trygg_status st = trygg_book_data_compute(sv, &a->est, &a->chg, a->est.year, every_year,
                                              (trygg_report_lang)a->lang, cli_timing, &d, err);
    int rc = st != TRYGG_OK ? cli_fail(st, err) : body(sv, a, &d, err, ctx);
    trygg_book_data_free(&d);
    trygg_errors_free(err);
    return rc;
}

int cli_pages(int argc, char **argv, const char *usage, int every_year, cli_pages_body body,
              void *ctx)
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
    /* pages of single years beside pooled tables could be subtracted from
     * them: a definition that pools gets no yearly pages */
    if (rc == CLI_OK && trygg_definition_pool(def) > 1) {
        fprintf(stderr, "trygg %s: the definition pools %d survey years ([report] pool), "
                "and pages of pooled years are not made yet; pages of single years beside "
                "pooled tables could be subtracted from them (remove pool to draw yearly "
                "pages)\n", argv[0], trygg_definition_pool(def));
        rc = CLI_INPUT;
    }
    if (rc == CLI_OK)
        rc = with_survey(argv[0], sv, &a, every_year, body, ctx);
    trygg_survey_free(sv);
    trygg_definition_free(def);
    return rc;
}

/* ---- the report ---------------------------------------------------------------- */

static void message(void *user, const char *text)
{
    (void)user;
    fprintf(stderr, "trygg: %s\n", text);
}

static void progress(void *user, size_t done, size_t total, const char *muni)
{
    (void)user;
    fprintf(stderr, "\rtrygg report: part %zu of %zu (%s)   ", done + 1, total, muni);
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

/* The priorities and follow-ups the pages also print, and the audit of
 * every table they are drawn from. */
static trygg_status tables(const trygg_survey *sv, const report_ask *q, trygg_book_data *d,
                           trygg_errors *err)
{
    /* every municipality's priorities at once, from the estimates above */
    trygg_status st = trygg_book_data_priorities(sv, d, "municipality:*", cli_timing, err);
    if (st == TRYGG_OK)
        st = trygg_book_data_sample(sv, d, err);
    if (st == TRYGG_OK && q->promises) {
        st = trygg_book_data_followups(sv, d, q->promises, err);
        if (st == TRYGG_OK && trygg_followups_count(d->fu) == 0)
            st = cli_empty("nothing to write: %s has no promises", q->promises);
    }
    /* every figure a page prints comes from these tables: audited whole */
    cli_tables t = {d->est, {d->chg, NULL, d->con}, {"changes", NULL, "contrasts"}, d->prio,
                    d->fu};
    if (st == TRYGG_OK)
        st = cli_audit_tables(sv, &t, err);
    return st;
}

static int run_report(const trygg_survey *sv, const cli_args *a, trygg_book_data *d,
                      trygg_errors *err, void *ctx)
{
    const report_ask *q = ctx;
    d->ctx.page = q->page;
    trygg_status st = tables(sv, q, d, err);
    if (st != TRYGG_OK)
        return cli_fail(st, err);
    double t = cli_now();
    /* the progress line rewrites itself: for a terminal only */
    int show = !a->quiet && isatty(STDERR_FILENO);
    trygg_book_report_options o = {a->out, message, show ? progress : NULL, NULL,
                                   cli_cleanup_hook, NULL, (unsigned)a->est.threads};
    int rc = trygg_book_report(&d->ctx, &o);
    if (show)
        fprintf(stderr, "\n");
    cli_timing("charts", cli_now() - t);
    if (rc != 0)
        return CLI_INPUT;
    if (!a->quiet)
        fprintf(stderr, "trygg: wrote %s/ (%zu municipalities, region.pdf, index.html)\n",
                a->out, municipalities(&d->ctx));
    return CLI_OK;
}

/* Takes out --promises and --page (valued) into *q, the rest into rest[]. */
static int split(int argc, char **argv, char **rest, int *n, report_ask *q, const char **page)
{
    for (int i = 0; i < argc; i++) {
        int promises = !strcmp(argv[i], "--promises"), pg = !strcmp(argv[i], "--page");
        if ((promises || pg) && i + 1 >= argc) {
            fprintf(stderr, "trygg report: %s needs a value\n%s", argv[i], USAGE_REPORT);
            return CLI_USAGE;
        }
        if (promises)
            q->promises = argv[++i];
        else if (pg)
            *page = argv[++i];
        else
            rest[(*n)++] = argv[i];
    }
    rest[*n] = NULL;
    return CLI_OK;
}

int cmd_report(int argc, char **argv)
{
    report_ask q = {NULL, {0, 0, 0, 0}};
    const char *page = NULL;
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    if (!rest)
        return CLI_INTERNAL;
    int n = 0;
    int rc = cli_help_asked(argc, argv) ? CLI_OK : split(argc, argv, rest, &n, &q, &page);
    if (cli_help_asked(argc, argv))
        fputs(USAGE_REPORT, stdout);
    else if (rc == CLI_OK)
        rc = cli_page_geometry("report", page, NULL, &q.page);
    if (rc == CLI_OK && !cli_help_asked(argc, argv))
        rc = cli_pages(n, rest, USAGE_REPORT, q.promises != NULL, run_report, &q);
    free(rest);
    return rc;
}
