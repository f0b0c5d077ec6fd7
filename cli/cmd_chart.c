/* trygg chart: one chart of one area, to PNG, SVG or PDF by the extension,
 * at a page size or at the size it will be printed (--size, --dpi). */
#include "cli.h"
#include "trygg_book.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char USAGE_CHART[] =
    "usage: trygg chart DEFINITION --type TYPE --area NAME --out FILE.png|svg|pdf\n"
    "  TYPE: lagesbild (or lägesbild), comparison, table, trend, groups,\n"
    "        priorities, matrix, cover\n"
    "  [--indicator NAME] [--year Y] [--lang sv|en] [--weighting M]\n"
    "  [--confidence L] [--quiet] [--timings] [--threads N]\n"
    "  [--size 16x10cm | 160x100mm | 6x4in] [--dpi N]   (the size it is printed at:\n"
    "        no text under 8 pt; --dpi for a PNG, default 300 with --size)\n"
    "  [--page a4-landscape | a4-portrait]\n"
    "comparison, table and groups are drawn for a municipality (comparison and\n"
    "table also for the region); the others for a district, a municipality or\n"
    "the region.\n";

typedef enum { OUT_PNG, OUT_SVG, OUT_PDF, OUT_BAD } out_kind;

typedef struct {
    const char *type, *area, *size, *dpi, *page;
    trygg_book_geometry geometry;
    double scale;              /* PNG pixels per point */
} chart_ask;

static out_kind kind_of(const char *path)
{
    const char *ext = strrchr(path, '.');
    if (!ext || strchr(ext, '/'))
        return OUT_BAD;
    return !strcasecmp(ext, ".png") ? OUT_PNG : !strcasecmp(ext, ".svg") ? OUT_SVG
           : !strcasecmp(ext, ".pdf") ? OUT_PDF : OUT_BAD;
}

static int write_chart(const trygg_report_chart *ch, const cli_args *a, const chart_ask *q)
{
    out_kind k = kind_of(a->out);
    trygg_report_status st = k == OUT_SVG ? trygg_report_write_svg(ch, a->out)
                             : k == OUT_PDF ? trygg_report_write_pdf(ch, 1, a->out)
                                            : trygg_report_write_png(ch, q->scale, a->out);
    if (st == TRYGG_REPORT_ERR_FIT) {
        fprintf(stderr, "trygg chart: the %s chart of '%s' does not fit %s with text of at "
                "least 8 pt: give a larger --size\n", q->type, q->area, q->size ? q->size
                                                                               : "its page");
        return CLI_INPUT;
    }
    if (st != TRYGG_REPORT_OK) {
        fprintf(stderr, "trygg: %s: %s\n", a->out, trygg_report_strerror(st));
        return CLI_INPUT;
    }
    if (!a->quiet)
        fprintf(stderr, "trygg: wrote %s\n", a->out);
    return CLI_OK;
}

static int draw(const trygg_survey *sv, const cli_args *a, trygg_book_data *d,
                trygg_errors *err, void *ctx)
{
    const chart_ask *q = ctx;
    d->ctx.page = q->geometry;
    /* the area as typed ("fittja", "JÄRFÄLLA", the report's "jarfalla") */
    const char *level = NULL, *area = NULL;
    int rc = cli_find_area(sv, q->area, d->ctx.year, &level, &area);
    if (rc != CLI_OK)
        return rc;
    trygg_book_arena ar = {0};
    trygg_report_chart ch;
    rc = CLI_INPUT;
    double t = cli_now();
    if (trygg_book_chart(sv, d, &ar, q->type, area, a->est.indicator, &ch) == 0) {
        /* the tables the chart is drawn from, as the report audits them */
        cli_tables tables = {d->est, {d->chg, NULL, d->con}, {"changes", NULL, "contrasts"},
                             d->prio, NULL};
        trygg_status st = cli_audit_tables(sv, &tables, err);
        rc = st == TRYGG_OK ? write_chart(&ch, a, q) : cli_fail(st, err);
    } else
        fprintf(stderr, "trygg chart: nothing to draw for %s '%s': %s\n", q->type, area,
                trygg_book_why(&ar));
    cli_timing("chart", cli_now() - t);
    trygg_book_arena_free(&ar);
    return rc;
}

static int is_help(const char *s)
{
    return !strcmp(s, "--help") || !strcmp(s, "-h");
}

/* The options only chart has, valued: their slot in q. */
static const char **own_option(chart_ask *q, const char *name)
{
    return !strcmp(name, "--type") ? &q->type : !strcmp(name, "--area") ? &q->area
           : !strcmp(name, "--size") ? &q->size : !strcmp(name, "--dpi") ? &q->dpi
           : !strcmp(name, "--page") ? &q->page : NULL;
}

/* The size and resolution asked for: CLI_OK or CLI_USAGE after the message. */
static int geometry(chart_ask *q, const char *out)
{
    int rc = cli_page_geometry("chart", q->page, q->size, &q->geometry);
    q->scale = q->size ? 300.0 / 72 : 1.5;   /* by default print quality at a size */
    if (rc != CLI_OK || !q->dpi)
        return rc;
    char *end;
    long dpi = strtol(q->dpi, &end, 10);
    if (*end || dpi < 72 || dpi > 576) {
        fprintf(stderr, "trygg chart: bad option --dpi %s (expected a whole number from 72 to "
                "576)\n", q->dpi);
        return CLI_USAGE;
    }
    if (out && kind_of(out) != OUT_PNG) {
        fprintf(stderr, "trygg chart: --dpi goes with a .png --out (SVG and PDF have no "
                "pixels)\n");
        return CLI_USAGE;
    }
    q->scale = (double)dpi / 72;
    return CLI_OK;
}

int cmd_chart(int argc, char **argv)
{
    chart_ask q = {0};
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    if (!rest)
        return CLI_INTERNAL;
    int n = 0, help = 0, rc = CLI_USAGE;
    const char *out = NULL;
    for (int i = 0; i < argc; i++) {
        const char **slot = i > 0 ? own_option(&q, argv[i]) : NULL;
        if (slot && i + 1 < argc)
            *slot = argv[++i];
        else {
            help |= i > 0 && is_help(argv[i]);
            if (i > 0 && (!strcmp(argv[i - 1], "--out") || !strcmp(argv[i - 1], "-o")))
                out = argv[i];
            rest[n++] = argv[i];
        }
    }
    if (help) {
        fputs(USAGE_CHART, stdout);
        rc = CLI_OK;
    } else if (!q.type || !q.area) {
        fprintf(stderr, "trygg chart: --type and --area are required\n%s", USAGE_CHART);
    } else if (out && kind_of(out) == OUT_BAD) {
        fprintf(stderr, "trygg chart: --out '%s': the file name must end in .png, .svg or "
                ".pdf\n", out);
    } else if (geometry(&q, out) == CLI_OK) {
        rc = cli_pages(n, rest, USAGE_CHART, 0, draw, &q);
    }
    free(rest);
    return rc;
}
