/* trygg estimate | change | contrast | trend: the tables of the engine. */
#include "cli.h"
#include "cleanup.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define COMMON_OPTIONS \
    "  --out FILE            write here (default: standard output)\n" \
    "  --format csv|json|xlsx   (default csv; xlsx: an Excel workbook)\n" \
    "  --csv-dialect plain|sv   sv (or excel): ';', decimal comma, BOM, CRLF\n" \
    "                        for Excel in Swedish (default plain: ',' and '.')\n" \
    "  --lang sv|en          language of the label columns (default sv)\n" \
    "  --weighting design|poststrat|rake|calibrate   (default: the definition's)\n" \
    "  --indicator NAME      only this indicator\n" \
    "  --confidence 0.95     confidence level\n" \
    "  --variance linearization|jk1|jkn|bootstrap   (default: the definition's)\n" \
    "  --timings             wall time of each stage (load, estimate, write) on stderr\n" \
    "  --threads N           worker threads (default: TRYGG_THREADS, else one per\n" \
    "                        processor)\n" \
    "  --quiet               no \"wrote FILE\" line\n"
#define YEAR_OPTION "  --year Y              only year Y\n"

static const char USAGE_ESTIMATE[] =
    "usage: trygg estimate DEFINITION [options]\n"
    "Every indicator for every domain and year, one row each.\n" COMMON_OPTIONS
    YEAR_OPTION
    "  --level NAME          only this level (region, municipality, district, ...)\n"
    "  --ci logit|beta|wald  interval for shares (default logit)\n"
    "  --changes FILE        also the changes since the previous survey year, from\n"
    "                        the same estimates (as trygg change; --all-years for all;\n"
    "                        not with --year, as the changes need every year)\n"
    "  --pool N              the N latest survey years stacked as one sample (and\n"
    "                        every window of N before them; --year Y: the window\n"
    "                        ending in Y; --changes: between windows); default the\n"
    "                        definition's [report] pool, 1 = none. For areas without\n"
    "                        yearly figures: pooled and yearly ones can be subtracted\n";
static const char USAGE_CHANGE[] =
    "usage: trygg change DEFINITION [options]\n"
    "Change since the previous survey year, per domain and indicator.\n" COMMON_OPTIONS
    "  --year Y              the changes into year Y (default: the latest year)\n"
    "  --all-years           every year against its previous one, not only the latest\n";
static const char USAGE_CONTRAST[] =
    "usage: trygg contrast DEFINITION [options]\n"
    "Each domain minus its enclosing area (district - municipality,\n"
    "municipality - region), with the covariance of overlapping domains.\n" COMMON_OPTIONS
    "  --year Y              the contrasts of year Y (default: every year)\n";
static const char USAGE_TREND[] =
    "usage: trygg trend DEFINITION [options]\n"
    "Linear trend per year over all survey years (3 or more).\n" COMMON_OPTIONS
    "  --year Y              the last year of the trend: the years up to Y\n"
    "                        (default: every year)\n";

typedef enum { RUN_ESTIMATE, RUN_CHANGE, RUN_CONTRAST, RUN_TREND } run_kind;

/* The changes table of `estimate --changes`, written beside the estimates. */
typedef struct {
    const trygg_changes *c;
    trygg_output_group *g;
    const char *path;
    const trygg_write_options *o;
    trygg_errors *err;
    trygg_status st;
} changes_writer;

static void *write_changes(void *arg)
{
    changes_writer *w = arg;
    w->st = trygg_changes_write_with(w->c, w->g, w->path, w->o, w->err);
    return NULL;
}

/* Both tables at once (formatting numbers is most of writing them), into
 * one output group: both files are replaced, or neither. */
static trygg_status write_both(const trygg_results *r, const trygg_changes *c,
                               const cli_args *a, const trygg_write_options *o,
                               trygg_errors *err)
{
    trygg_output_group *g;
    trygg_status st = cli_output_group(&g);
    if (st != TRYGG_OK)
        return st;
    changes_writer w = {c, g, a->changes_out, o, trygg_errors_new(50), TRYGG_OK};
    pthread_t tid;
    int threaded = w.err && pthread_create(&tid, NULL, write_changes, &w) == 0;
    st = trygg_results_write_with(r, g, a->out, o, err);
    if (threaded)
        pthread_join(tid, NULL);
    else
        w.st = trygg_changes_write_with(c, g, a->changes_out, o, err);
    /* the estimates' problems go out through err as usual; the changes'
     * own list is printed here */
    if (threaded && w.st != TRYGG_OK)
        cli_print_errors(w.err);
    trygg_errors_free(w.err);
    return cli_output_commit(g, st != TRYGG_OK ? st : w.st, err);
}

/* One table as a group of its own: its temporary goes on a signal. */
static trygg_status write_one(run_kind kind, const trygg_results *r,
                              const trygg_changes *c, const cli_args *a,
                              const trygg_write_options *o, trygg_errors *err)
{
    trygg_output_group *g;
    trygg_status st = cli_output_group(&g);
    if (st != TRYGG_OK)
        return st;
    st = kind == RUN_ESTIMATE ? trygg_results_write_with(r, g, a->out, o, err)
         : kind == RUN_CONTRAST ? trygg_contrasts_write_with(c, g, a->out, o, err)
         : kind == RUN_TREND    ? trygg_trends_write_with(c, g, a->out, o, err)
                                : trygg_changes_write_with(c, g, a->out, o, err);
    return cli_output_commit(g, st, err);
}

/* "year 2024, level district, indicator share_a", or "" (caller frees). */
static char *selection(const cli_args *a)
{
    const char *lv = a->est.level_name, *ind = a->est.indicator;
    size_t n = 64 + (lv ? strlen(lv) : 0) + (ind ? strlen(ind) : 0);
    char *s = malloc(n);
    if (!s)
        return NULL;
    int at = 0;
    s[0] = 0;
    if (a->est.year)
        at += snprintf(s + at, n - (size_t)at, "year %d", a->est.year);
    if (lv)
        at += snprintf(s + at, n - (size_t)at, "%slevel %s", at ? ", " : "", lv);
    if (ind)
        snprintf(s + at, n - (size_t)at, "%sindicator %s", at ? ", " : "", ind);
    return s;
}

/* An empty table is an error that says why, not a bare header. */
static trygg_status nothing(run_kind kind, const cli_args *a, const char *what)
{
    static const char *const why[] = {
        "no estimates", "no area has answers in an earlier survey year to compare with",
        "no area has answers in its enclosing area", "no area has answers in three survey years"};
    char *sel = selection(a);
    cli_empty("nothing to write%s%s: %s%s%s%s", what ? " to " : "", what ? what : "",
              why[kind], sel && sel[0] ? " (" : "", sel ? sel : "", sel && sel[0] ? ")" : "");
    free(sel);
    return TRYGG_ERR_NOT_FOUND;
}

/* The estimates asked for: the analysis's own table when nothing is left
 * out (*own NULL), else the rows of the selection (*own, the caller's). */
static trygg_status estimates_asked(trygg_analysis *an, const cli_args *a,
                                    const trygg_results **r, trygg_results **own,
                                    trygg_errors *err)
{
    *own = NULL;
    if (!a->est.year && !a->est.level_name && !a->est.indicator)
        return trygg_analysis_estimates(an, r, err);
    trygg_status st = trygg_analysis_estimate(an, &a->est, own, err);
    *r = *own;
    return st;
}

static trygg_status run_estimate(trygg_analysis *an, const trygg_survey *sv, cli_args *a,
                                 const trygg_write_options *o, trygg_errors *err)
{
    double t = cli_now();
    const trygg_results *r = NULL;
    trygg_results *own = NULL;
    trygg_status st = estimates_asked(an, a, &r, &own, err);
    cli_timing("estimate", cli_now() - t);
    if (st == TRYGG_OK && trygg_results_count(r) == 0)
        st = nothing(RUN_ESTIMATE, a, NULL);
    trygg_changes *c = NULL;
    if (st == TRYGG_OK && a->changes_out) {
        t = cli_now();
        st = trygg_changes_from_estimates(sv, r, &a->chg, &c, err);
        cli_timing("changes", cli_now() - t);
        if (st == TRYGG_OK && trygg_changes_count(c) == 0)
            st = nothing(RUN_CHANGE, a, a->changes_out);
    }
    if (st == TRYGG_OK) {
        cli_tables tables = {r, {c}, {"changes"}, NULL, NULL};
        st = cli_audit_tables(sv, &tables, err);
    }
    if (st == TRYGG_OK) {
        t = cli_now();
        st = c ? write_both(r, c, a, o, err) : write_one(RUN_ESTIMATE, r, NULL, a, o, err);
        cli_timing("write", cli_now() - t);
    }
    trygg_changes_free(c);
    trygg_results_free(own);
    return st;
}

static trygg_status run(run_kind kind, const trygg_survey *sv, cli_args *a,
                        trygg_errors *err)
{
    trygg_write_options o;
    cli_write_options(a, trygg_survey_definition(sv), &o);
    trygg_analysis *an;
    /* one table from each year: a year at a time in memory */
    trygg_status st = cli_analysis(sv, a, 0, 0, &an);
    if (st == TRYGG_OK && kind == RUN_ESTIMATE)
        st = run_estimate(an, sv, a, &o, err);
    if (st != TRYGG_OK || kind == RUN_ESTIMATE) {
        trygg_analysis_free(an);
        return st;
    }
    double t = cli_now();
    trygg_changes *c = NULL;
    st = kind == RUN_CHANGE ? trygg_analysis_changes(an, &a->chg, &c, err)
         : kind == RUN_TREND ? trygg_analysis_trends(an, &a->chg, &c, err)
                             : trygg_analysis_contrasts(an, &a->chg, &c, err);
    cli_timing(kind == RUN_CHANGE ? "changes" : kind == RUN_TREND ? "trends" : "contrasts",
               cli_now() - t);
    if (st == TRYGG_OK && trygg_changes_count(c) == 0)
        st = nothing(kind, a, NULL);
    if (st == TRYGG_OK) {
        cli_tables tables = {NULL, {c}, {kind == RUN_CHANGE ? "changes" : kind == RUN_TREND
                                         ? "trends" : "contrasts"}, NULL, NULL};
        st = cli_audit_tables(sv, &tables, err);
    }
    if (st == TRYGG_OK) {
        t = cli_now();
        st = write_one(kind, NULL, c, a, &o, err);
        cli_timing("write", cli_now() - t);
    }
    trygg_changes_free(c);
    trygg_analysis_free(an);
    return st;
}

/* The years a change or a trend needs, before anything is estimated. */
static int years_needed(run_kind kind, const trygg_survey *sv, const cli_args *a)
{
    size_t ny = trygg_survey_year_count(sv), upto = 0;
    int y = a->est.year;
    for (size_t i = 0; i < ny; i++)
        upto += !y || trygg_survey_year(sv, i) <= y;
    size_t need = kind == RUN_TREND ? 3 : kind == RUN_CHANGE || a->changes_out ? 2 : 1;
    if (upto >= need)
        return CLI_OK;
    char *years = cli_years_text(sv);
    if (kind == RUN_CHANGE && y)
        cli_say("no survey year before %d to compare it with (years: %s)", y, years);
    else if (kind == RUN_TREND && y)
        cli_say("a trend needs three survey years up to %d; the data has %zu "
                "(years: %s)", y, upto, years);
    else
        cli_say("a %s needs %s survey years; the data has %zu (years: %s)",
                kind == RUN_TREND ? "trend" : "change", need == 3 ? "three" : "two", upto,
                years);
    free(years);
    return CLI_INPUT;
}

/* what every table command takes: where, how and in which language */
#define TABLE_OPTIONS (CLI_OPT_OUT | CLI_OPT_FORMAT | CLI_OPT_LANG | CLI_OPT_QUIET | \
                       CLI_OPT_TIMINGS | CLI_OPT_WEIGHTING | CLI_OPT_INDICATOR | \
                       CLI_OPT_CONFIDENCE | CLI_OPT_THREADS)

static const unsigned OPTIONS[] = {
    [RUN_ESTIMATE] = TABLE_OPTIONS | CLI_OPT_VARIANCE | CLI_OPT_CI | CLI_OPT_YEAR |
                     CLI_OPT_LEVEL | CLI_OPT_CHANGES | CLI_OPT_ALL_YEARS | CLI_OPT_POOL,
    [RUN_CHANGE] = TABLE_OPTIONS | CLI_OPT_VARIANCE | CLI_OPT_YEAR | CLI_OPT_ALL_YEARS,
    [RUN_CONTRAST] = TABLE_OPTIONS | CLI_OPT_VARIANCE | CLI_OPT_YEAR,
    [RUN_TREND] = TABLE_OPTIONS | CLI_OPT_VARIANCE | CLI_OPT_YEAR,
};

/* Options that mean nothing together, refused rather than one ignored. */
static int combination(run_kind kind, const cli_args *a, const char *usage)
{
    const char *clash = NULL;
    if (a->chg.all_pairs && a->est.year)
        clash = "--all-years and --year: give one of them";
    else if (a->chg.all_pairs && kind == RUN_ESTIMATE && !a->changes_out)
        clash = "--all-years goes with --changes FILE";
    else if (a->changes_out && a->est.year)
        clash = "--changes needs every year's estimates, so not --year "
                "(trygg change --year Y gives the changes into year Y)";
    if (!clash)
        return CLI_OK;
    cli_say("%s", clash);
    fputs(usage, stderr);
    return CLI_USAGE;
}

static int command(run_kind kind, const char *usage, int argc, char **argv)
{
    cli_args a;
    int rc = cli_parse_for(argc, argv, usage, OPTIONS[kind], &a);
    if (rc == CLI_OK)
        rc = combination(kind, &a, usage);
    if (rc == CLI_OK)
        rc = cli_outputs_usable(a.out, a.changes_out);
    if (rc != CLI_OK)
        return rc == CLI_HELP ? CLI_OK : rc;
    trygg_definition *def = NULL;
    trygg_survey *sv = NULL;
    /* an estimate or a contrast of one year reads only that year's rows */
    a.year_rows_only = kind == RUN_ESTIMATE || kind == RUN_CONTRAST;
    rc = cli_load_selected(&a, &def, &sv);
    int pooled = rc == CLI_OK && kind == RUN_ESTIMATE && cli_pool_years(&a, def) > 1;
    if (rc == CLI_OK && !pooled)
        rc = years_needed(kind, sv, &a);
    if (rc == CLI_OK) {
        trygg_errors *err = trygg_errors_new(50);
        trygg_status st = !err ? TRYGG_ERR_NOMEM
                          : pooled ? cli_pooled_estimate(&a, sv, err) : run(kind, sv, &a, err);
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

int cmd_estimate(int argc, char **argv) { return command(RUN_ESTIMATE, USAGE_ESTIMATE, argc, argv); }
int cmd_change(int argc, char **argv) { return command(RUN_CHANGE, USAGE_CHANGE, argc, argv); }
int cmd_contrast(int argc, char **argv) { return command(RUN_CONTRAST, USAGE_CONTRAST, argc, argv); }
int cmd_trend(int argc, char **argv) { return command(RUN_TREND, USAGE_TREND, argc, argv); }
