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
                const char *type, const char *area)
{
    trygg_book_arena ar = {0};
    trygg_report_chart ch;
    int rc = CLI_INPUT;
    double t = cli_now();
    if (trygg_book_chart(sv, d, &ar, type, area, a->est.indicator, &ch) == 0)
        rc = write_chart(&ch, a);
    else
        fprintf(stderr, "trygg chart: nothing to draw for %s '%s': %s\n", type, area,
                trygg_book_why(&ar));
    cli_timing("chart", cli_now() - t);
    trygg_book_arena_free(&ar);
    return rc;
}

static int with_survey(const trygg_survey *sv, const cli_args *a, const char *type,
                       const char *area)
{
    char *bad_year = trygg_book_year_check(sv, a->est.year);
    if (bad_year) {
        fprintf(stderr, "trygg chart: %s\n", bad_year);
        free(bad_year);
        return CLI_INPUT;
    }
    trygg_errors *err = trygg_errors_new(50);
    trygg_book_data d;
    trygg_status st = trygg_book_data_compute(sv, &a->est, &a->chg, a->est.year,
                                              (trygg_report_lang)a->lang, cli_timing, &d, err);
    int rc = st != TRYGG_OK ? cli_fail(st, err) : draw(sv, a, &d, type, area);
    trygg_book_data_free(&d);
    trygg_errors_free(err);
    return rc;
}

static int run(int argc, char **argv, const char *type, const char *area)
{
    cli_args a;
    int rc = cli_parse(argc, argv, USAGE_CHART, &a);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    if (!strcmp(a.out, "-")) {
        fprintf(stderr, "trygg chart: --out is required\n%s", USAGE_CHART);
        return CLI_USAGE;
    }
    if (kind_of(a.out) == OUT_BAD) {
        fprintf(stderr, "trygg chart: --out '%s': the file name must end in .png, .svg or "
                ".pdf\n", a.out);
        return CLI_USAGE;
    }
    trygg_definition *def = NULL;
    trygg_survey *sv = NULL;
    rc = cli_load(a.definition, &def, &sv);
    if (rc == CLI_OK)
        rc = with_survey(sv, &a, type, area);
    trygg_survey_free(sv);
    trygg_definition_free(def);
    return rc;
}

int cmd_chart(int argc, char **argv)
{
    const char *type = NULL, *area = NULL;
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    if (!rest)
        return CLI_INTERNAL;
    int n = 0, help = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--type") && i + 1 < argc)
            type = argv[++i];
        else if (!strcmp(argv[i], "--area") && i + 1 < argc)
            area = argv[++i];
        else {
            help |= i > 0 && (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"));
            rest[n++] = argv[i];
        }
    }
    int rc;
    if (help) {
        fputs(USAGE_CHART, stdout);
        rc = CLI_OK;
    } else if (!type || !area) {
        fprintf(stderr, "trygg chart: --type and --area are required\n%s", USAGE_CHART);
        rc = CLI_USAGE;
    } else {
        rc = run(n, rest, type, area);
    }
    free(rest);
    return rc;
}
