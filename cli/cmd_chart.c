/* trygg chart: one chart of one area, to PNG, SVG or PDF by the extension. */
#include "cli.h"
#include "trygg_book.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char USAGE_CHART[] =
    "usage: trygg chart DEFINITION --type TYPE --area NAME --out FILE.png|svg|pdf\n"
    "  TYPE: lagesbild (or lägesbild), comparison, table, trend, groups,\n"
    "        priorities, cover\n"
    "  [--indicator NAME] [--year Y] [--lang sv|en] [--weighting M]\n"
    "  [--confidence L] [--quiet] [--timings]\n"
    "comparison, table and groups are drawn for a municipality; the others for\n"
    "a district, a municipality or the region.\n";

typedef enum { OUT_PNG, OUT_SVG, OUT_PDF, OUT_BAD } out_kind;

typedef struct {
    const char *type, *area;
} chart_ask;

static out_kind kind_of(const char *path)
{
    const char *ext = strrchr(path, '.');
    if (!ext || strchr(ext, '/'))
        return OUT_BAD;
    return !strcasecmp(ext, ".png") ? OUT_PNG : !strcasecmp(ext, ".svg") ? OUT_SVG
           : !strcasecmp(ext, ".pdf") ? OUT_PDF : OUT_BAD;
}

static int write_chart(const trygg_report_chart *ch, const cli_args *a)
{
    out_kind k = kind_of(a->out);
    trygg_report_status st = k == OUT_SVG ? trygg_report_write_svg(ch, a->out)
                             : k == OUT_PDF ? trygg_report_write_pdf(ch, 1, a->out)
                                            : trygg_report_write_png(ch, 1.5, a->out);
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
        rc = st == TRYGG_OK ? write_chart(&ch, a) : cli_fail(st, err);
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

int cmd_chart(int argc, char **argv)
{
    chart_ask q = {NULL, NULL};
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    if (!rest)
        return CLI_INTERNAL;
    int n = 0, help = 0;
    const char *out = NULL;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--type") && i + 1 < argc)
            q.type = argv[++i];
        else if (!strcmp(argv[i], "--area") && i + 1 < argc)
            q.area = argv[++i];
        else {
            help |= i > 0 && is_help(argv[i]);
            if (i > 0 && (!strcmp(argv[i - 1], "--out") || !strcmp(argv[i - 1], "-o")))
                out = argv[i];
            rest[n++] = argv[i];
        }
    }
    int rc = CLI_USAGE;
    if (help) {
        fputs(USAGE_CHART, stdout);
        rc = CLI_OK;
    } else if (!q.type || !q.area) {
        fprintf(stderr, "trygg chart: --type and --area are required\n%s", USAGE_CHART);
    } else if (out && kind_of(out) == OUT_BAD) {
        fprintf(stderr, "trygg chart: --out '%s': the file name must end in .png, .svg or "
                ".pdf\n", out);
    } else {
        rc = cli_pages(n, rest, USAGE_CHART, draw, &q);
    }
    free(rest);
    return rc;
}
