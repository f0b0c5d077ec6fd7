/* trygg chart: one chart of one area, to PNG, SVG or PDF by the extension. */
#include "cli.h"
#include "trygg_book.h"

#include <stdio.h>
#include <string.h>

static const char USAGE_CHART[] =
    "usage: trygg chart DEFINITION --type TYPE --area NAME --out FILE.png|svg|pdf\n"
    "  TYPE: lagesbild, comparison, table, trend, groups, priorities, cover\n"
    "  [--indicator NAME] [--year Y] [--lang sv|en] [--weighting M]\n";

static void message(void *user, const char *text)
{
    fprintf(stderr, "trygg chart: %s\n", text);
}

static int write_chart(const trygg_report_chart *ch, const cli_args *a)
{
    const char *ext = strrchr(a->out, '.');
    trygg_report_status st =
        ext && !strcmp(ext, ".svg") ? trygg_report_write_svg(ch, a->out)
        : ext && !strcmp(ext, ".pdf") ? trygg_report_write_pdf(ch, 1, a->out)
                                      : trygg_report_write_png(ch, 1.5, a->out);
    if (st != TRYGG_REPORT_OK) {
        fprintf(stderr, "trygg: %s: %s\n", a->out, trygg_report_strerror(st));
        return CLI_INPUT;
    }
    if (!a->quiet)
        fprintf(stderr, "trygg: wrote %s\n", a->out);
    return CLI_OK;
}

static int draw(const trygg_survey *sv, const cli_args *a, const trygg_book_ctx *c,
                const char *type, const char *area)
{
    trygg_book_arena ar = {0};
    trygg_priorities *prio = NULL;
    trygg_report_chart ch;
    int rc = CLI_INPUT;
    double t = cli_now();
    if (trygg_book_chart(sv, c, &ar, a->est.weighting, type, area, a->est.indicator, &prio,
                         &ch, message, NULL) == 0)
        rc = write_chart(&ch, a);
    else
        fprintf(stderr, "trygg chart: nothing to draw for %s '%s'\n", type, area);
    cli_timing("chart", cli_now() - t);
    trygg_priorities_free(prio);
    trygg_book_arena_free(&ar);
    return rc;
}

static int run(int argc, char **argv, const char *type, const char *area)
{
    cli_args a;
    int rc = cli_parse(argc, argv, USAGE_CHART, &a);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    if (!strcmp(a.out, "-")) {
        fprintf(stderr, "trygg %s: --out is required\n%s", argv[0], USAGE_CHART);
        return CLI_USAGE;
    }
    trygg_definition *def = NULL;
    trygg_survey *sv = NULL;
    rc = cli_load(a.definition, &def, &sv);
    if (rc == CLI_OK) {
        trygg_errors *err = trygg_errors_new(50);
        trygg_book_data d;
        trygg_status st = trygg_book_data_compute(sv, &a.est, &a.chg, a.est.year,
                                                  (trygg_report_lang)a.lang, cli_timing,
                                                  &d, err);
        rc = st != TRYGG_OK ? cli_fail(st, err) : draw(sv, &a, &d.ctx, type, area);
        trygg_book_data_free(&d);
        trygg_errors_free(err);
    }
    trygg_survey_free(sv);
    trygg_definition_free(def);
    return rc;
}

int cmd_chart(int argc, char **argv)
{
    const char *type = NULL, *area = NULL;
    char *rest[64];
    int n = 0;
    for (int i = 0; i < argc && n < 63; i++) {
        if (!strcmp(argv[i], "--type") && i + 1 < argc)
            type = argv[++i];
        else if (!strcmp(argv[i], "--area") && i + 1 < argc)
            area = argv[++i];
        else
            rest[n++] = argv[i];
    }
    rest[n] = NULL;
    if (!type || !area) {
        fprintf(stderr, "trygg chart: --type and --area are required\n%s", USAGE_CHART);
        return CLI_USAGE;
    }
    return run(n, rest, type, area);
}
