/* Option parsing, loading and error printing shared by subcommands. */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* One process runs one command, so --timings is a process-wide switch. */
static int timings_on;

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void cli_timing(const char *stage, double seconds)
{
    if (timings_on)
        fprintf(stderr, "trygg timing: %s %.6f s\n", stage, seconds);
}

/* The subcommand running, for messages that name no file. */
static const char *command = "";
/* Set once a message has said what is wrong, so that cli_fail() adds no
 * bare "not found" to it. */
static int said;

static void vsay(const char *fmt, va_list ap)
{
    fprintf(stderr, "trygg%s%s: ", command[0] ? " " : "", command);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    said = 1;
}

void cli_say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(fmt, ap);
    va_end(ap);
}

trygg_status cli_empty(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(fmt, ap);
    va_end(ap);
    return TRYGG_ERR_NOT_FOUND;
}

void cli_print_errors(const trygg_errors *err)
{
    for (size_t i = 0; i < trygg_errors_count(err); i++) {
        const trygg_diag *d = trygg_errors_get(err, i);
        if (d->file[0] && d->line && d->column)
            fprintf(stderr, "%s:%lu:%lu: %s\n", d->file, d->line, d->column, d->message);
        else if (d->file[0] && d->line)
            fprintf(stderr, "%s:%lu: %s\n", d->file, d->line, d->message);
        else if (d->file[0])
            fprintf(stderr, "%s: %s\n", d->file, d->message);
        else
            cli_say("%s", d->message);
    }
    size_t more = trygg_errors_total(err) - trygg_errors_count(err);
    if (more)
        cli_say("... and %zu more problems", more);
}

void cli_print_warnings(const trygg_errors *err)
{
    /* each once: every estimate of a run weights the year again */
    for (size_t i = 0; i < trygg_errors_count(err); i++) {
        const char *m = trygg_errors_get(err, i)->message;
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(trygg_errors_get(err, j)->message, m) == 0;
        if (!seen)
            fprintf(stderr, "trygg: %s\n", m);
    }
}

int cli_fail(trygg_status st, const trygg_errors *err)
{
    cli_print_errors(err);
    /* a name or year that matched nothing says so itself */
    if (st != TRYGG_ERR_NOT_FOUND || (!trygg_errors_count(err) && !said))
        cli_say("%s", trygg_strerror(st));
    said |= st == TRYGG_ERR_NOT_FOUND;
    if (st == TRYGG_ERR_NOMEM || st == TRYGG_ERR_NUMERIC || st == TRYGG_ERR_DISCLOSURE)
        return CLI_INTERNAL;
    return st == TRYGG_ERR_ARGUMENT ? CLI_USAGE : CLI_INPUT;
}

int cli_load(const char *path, trygg_definition **def, trygg_survey **sv)
{
    trygg_errors *err = trygg_errors_new(50);
    if (!err)
        return CLI_INTERNAL;
    double t = cli_now();
    trygg_status st = trygg_definition_load(path, def, err);
    if (st == TRYGG_OK)
        st = trygg_survey_load(*def, sv, err);
    cli_timing("load", cli_now() - t);
    int rc = st == TRYGG_OK ? CLI_OK : cli_fail(st, err);
    trygg_errors_free(err);
    return rc;
}

static int pick(const char *v, const char *const *names, int *out)
{
    for (int i = 0; names[i]; i++)
        if (strcmp(v, names[i]) == 0) {
            *out = i;
            return 0;
        }
    return -1;
}

/* A survey year as typed: four digits, nothing else ("20x4" is no year). */
static int parse_year(const char *v, int *year)
{
    char *end;
    long y = strtol(v, &end, 10);
    if (end == v || *end || y < 1900 || y > 2200)
        return -1;
    *year = (int)y;
    return 0;
}

static int parse_level(const char *v, double *level)
{
    char *end;
    double x = strtod(v, &end);
    if (end == v || *end || !(x > 0.5 && x < 1))
        return -1;
    *level = x;
    return 0;
}

/* Survey years to pool: a whole number from 1 (none) to 100. */
static int parse_pool(const char *v, int *n)
{
    char *end;
    long x = strtol(v, &end, 10);
    if (end == v || *end || x < 1 || x > 100)
        return -1;
    *n = (int)x;
    return 0;
}

static int parse_threads(const char *v, size_t *n)
{
    char *end;
    long x = strtol(v, &end, 10);
    if (end == v || *end || x < 1 || x > 64)
        return -1;
    *n = (size_t)x;
    return 0;
}

/* The options that take a value, their CLI_OPT_* bit, and what a value
 * must be (for the message when it is not). */
static const struct {
    const char *name;
    unsigned bit;
    const char *expected;
} VALUED[] = {
    {"--out", CLI_OPT_OUT, "a file name"},
    {"-o", CLI_OPT_OUT, "a file name"},
    {"--changes", CLI_OPT_CHANGES, "a file name"},
    {"--format", CLI_OPT_FORMAT, "csv, json or xlsx"},
    {"--csv-dialect", CLI_OPT_FORMAT, "plain, or sv (also: excel) for Excel in Swedish"},
    {"--weighting", CLI_OPT_WEIGHTING, "design, poststrat, rake or calibrate"},
    {"--variance", CLI_OPT_VARIANCE, "linearization, jk1, jkn or bootstrap"},
    {"--ci", CLI_OPT_CI, "logit, beta or wald"},
    {"--lang", CLI_OPT_LANG, "sv or en"},
    {"--year", CLI_OPT_YEAR, "a year, e.g. 2024"},
    {"--level", CLI_OPT_LEVEL, "a level name"},
    {"--indicator", CLI_OPT_INDICATOR, "an indicator name"},
    {"--confidence", CLI_OPT_CONFIDENCE, "a level between 0.5 and 1, e.g. 0.95"},
    {"--pool", CLI_OPT_POOL, "a number of survey years, e.g. 2 (1: none)"},
    {"--threads", CLI_OPT_THREADS, "a whole number of threads from 1 to 64"},
};
static const struct {
    const char *name;
    unsigned bit;
} FLAGS[] = {
    {"--quiet", CLI_OPT_QUIET}, {"-q", CLI_OPT_QUIET},
    {"--timings", CLI_OPT_TIMINGS}, {"--all-years", CLI_OPT_ALL_YEARS},
};

/* Stores option k's value v; -1 when v is not one it takes. */
static int option(cli_args *a, const char *k, const char *v)
{
    static const char *const weightings[] = {"design", "poststrat", "rake", "calibrate", NULL};
    static const char *const variances[] = {"linearization", "jk1", "jkn", "bootstrap", NULL};
    static const char *const cis[] = {"wald", "logit", "beta", NULL};
    static const char *const formats[] = {"csv", "json", "xlsx", NULL};
    static const char *const dialects[] = {"plain", "sv", "excel", NULL};
    static const char *const langs[] = {"sv", "en", NULL};
    int i;
    if (strcmp(k, "--out") == 0 || strcmp(k, "-o") == 0) a->out = v;
    else if (strcmp(k, "--changes") == 0) a->changes_out = v;
    else if (strcmp(k, "--format") == 0 && !pick(v, formats, &i)) a->format = i;
    else if (strcmp(k, "--csv-dialect") == 0 && !pick(v, dialects, &i)) {
        a->dialect = i ? TRYGG_CSV_SV : TRYGG_CSV_PLAIN;
        a->dialect_given = 1;
    }
    else if (strcmp(k, "--weighting") == 0 && !pick(v, weightings, &i))
        a->est.weighting = a->chg.weighting = i;
    else if (strcmp(k, "--variance") == 0 && !pick(v, variances, &i)) a->est.variance = a->chg.variance = i;
    else if (strcmp(k, "--ci") == 0 && !pick(v, cis, &i)) a->est.ci_shares = i;
    else if (strcmp(k, "--lang") == 0 && !pick(v, langs, &i)) a->lang = i;
    else if (strcmp(k, "--year") == 0 && !parse_year(v, &i)) a->est.year = a->chg.year_to = i;
    else if (strcmp(k, "--level") == 0 && v[0]) a->est.level_name = v;
    else if (strcmp(k, "--indicator") == 0 && v[0]) a->est.indicator = a->chg.indicator = v;
    else if (strcmp(k, "--confidence") == 0 && !parse_level(v, &a->est.level))
        a->chg.level = a->est.level;
    else if (strcmp(k, "--pool") == 0) return parse_pool(v, &a->pool);
    else if (strcmp(k, "--threads") == 0) return parse_threads(v, &a->est.threads);
    else return -1;
    return 0;
}

int cli_help_asked(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return 1;
    return 0;
}

static int refuse(const char *why, const char *k, const char *v, const char *usage)
{
    cli_say("%s%s%s", k, why, v);
    fputs(usage, stderr);
    return CLI_USAGE;
}

/* Option argv[*i] (and its value); CLI_OK or CLI_USAGE after the message. */
static int one_option(int argc, char **argv, int *i, unsigned allowed, const char *usage,
                      cli_args *a)
{
    const char *k = argv[*i];
    for (size_t f = 0; f < sizeof FLAGS / sizeof *FLAGS; f++)
        if (strcmp(k, FLAGS[f].name) == 0) {
            if (!(allowed & FLAGS[f].bit))
                return refuse(" is not an option of trygg ", k, command, usage);
            a->quiet |= FLAGS[f].bit == CLI_OPT_QUIET;
            a->chg.all_pairs |= FLAGS[f].bit == CLI_OPT_ALL_YEARS;
            if (FLAGS[f].bit == CLI_OPT_TIMINGS)
                a->timings = timings_on = 1;
            return CLI_OK;
        }
    for (size_t o = 0; o < sizeof VALUED / sizeof *VALUED; o++) {
        if (strcmp(k, VALUED[o].name) != 0)
            continue;
        if (!(allowed & VALUED[o].bit))
            return refuse(" is not an option of trygg ", k, command, usage);
        if (*i + 1 >= argc)
            return refuse(" needs a value: ", k, VALUED[o].expected, usage);
        const char *v = argv[++*i];
        if (option(a, k, v) != 0) {
            cli_say("bad option %s %s (expected %s)", k, v, VALUED[o].expected);
            fputs(usage, stderr);
            return CLI_USAGE;
        }
        return CLI_OK;
    }
    cli_say("unknown option %s", k);
    fputs(usage, stderr);
    return CLI_USAGE;
}

/* --csv-dialect is about CSV; a workbook is no text for a terminal. */
static int formats_fit(const cli_args *a, const char *usage)
{
    const char *clash = NULL;
    if (a->dialect_given && a->format != TRYGG_FORMAT_CSV)
        clash = "--csv-dialect goes with CSV output, not --format json or xlsx";
    else if (a->format == TRYGG_FORMAT_XLSX && strcmp(a->out, "-") == 0 && isatty(1))
        clash = "--format xlsx writes a workbook: give --out FILE.xlsx (or redirect "
                "standard output to a file)";
    if (!clash)
        return CLI_OK;
    cli_say("%s", clash);
    fputs(usage, stderr);
    return CLI_USAGE;
}

int cli_parse_for(int argc, char **argv, const char *usage, unsigned allowed,
                  cli_args *a)
{
    memset(a, 0, sizeof *a);
    a->cmd = command = argv[0];
    a->out = "-";
    trygg_estimate_options_init(&a->est);
    trygg_change_options_init(&a->chg);
    a->chg.level = 0;
    /* the environment's thread count until --threads says otherwise (a
     * value that is none is no count: one per processor) */
    const char *threads = getenv("TRYGG_THREADS");
    if (threads && parse_threads(threads, &a->est.threads) != 0)
        a->est.threads = 0;
    if (cli_help_asked(argc, argv)) {
        fputs(usage, stdout);
        return CLI_HELP;
    }
    for (int i = 1; i < argc; i++) {
        const char *k = argv[i];
        if (k[0] == '-' && k[1]) {
            int rc = one_option(argc, argv, &i, allowed, usage, a);
            if (rc != CLI_OK)
                return rc;
        } else if (!a->definition) {
            a->definition = k;
        } else {
            cli_say("unexpected argument '%s'", k);
            fputs(usage, stderr);
            return CLI_USAGE;
        }
    }
    if (!a->definition) {
        cli_say("no survey definition given");
        fputs(usage, stderr);
        return CLI_USAGE;
    }
    return formats_fit(a, usage);
}

trygg_status cli_analysis(const trygg_survey *sv, const cli_args *a, int keep_years,
                          int keep_year, trygg_analysis **out)
{
    trygg_analysis_options o;
    trygg_analysis_options_init(&o);
    o.weighting = a->est.weighting;
    o.variance = a->est.variance;
    o.ci_shares = a->est.ci_shares;
    o.level = a->est.level;
    o.threads = a->est.threads;
    o.keep_years = keep_years;
    o.keep_year = keep_year;
    return trygg_analysis_new(sv, &o, out);
}

int cli_parse(int argc, char **argv, const char *usage, cli_args *a)
{
    return cli_parse_for(argc, argv, usage, CLI_OPT_ALL, a);
}

static int has_year(const trygg_survey *sv, int year)
{
    for (size_t i = 0; i < trygg_survey_year_count(sv); i++)
        if (trygg_survey_year(sv, i) == year)
            return 1;
    return 0;
}

/* Only --year's rows where the command needs no others; a year the data
 * lacks is loaded whole, so that the message can list the years there are. */
static trygg_status load_survey(const cli_args *a, const trygg_definition *def,
                                trygg_survey **sv, trygg_errors *err)
{
    int year = a->year_rows_only && cli_pool_years(a, def) <= 1 ? a->est.year : 0;
    if (!year)
        return trygg_survey_load(def, sv, err);
    trygg_status st = trygg_survey_load_year(def, year, sv, err);
    if (st == TRYGG_OK && !has_year(*sv, year)) {
        trygg_survey_free(*sv);
        st = trygg_survey_load(def, sv, err);
    }
    return st;
}

int cli_load_selected(cli_args *a, trygg_definition **def, trygg_survey **sv)
{
    *def = NULL;
    *sv = NULL;
    trygg_errors *err = trygg_errors_new(50);
    if (!err)
        return CLI_INTERNAL;
    double t = cli_now();
    trygg_status st = trygg_definition_load(a->definition, def, err);
    int rc = st == TRYGG_OK ? CLI_OK : cli_fail(st, err);
    if (rc == CLI_OK && a->est.indicator)
        rc = cli_check_indicator(*def, &a->est.indicator);
    a->chg.indicator = a->est.indicator;
    if (rc == CLI_OK && a->est.level_name)
        rc = cli_check_level(*def, &a->est.level_name);
    if (rc == CLI_OK) {
        st = load_survey(a, *def, sv, err);
        rc = st == TRYGG_OK ? CLI_OK : cli_fail(st, err);
    }
    cli_timing("load", cli_now() - t);
    if (rc == CLI_OK && a->est.year)
        rc = cli_check_year(*sv, a->est.year);
    trygg_errors_free(err);
    return rc;
}

int cli_with_survey(cli_args *a, cli_body body, void *ctx)
{
    trygg_definition *def = NULL;
    trygg_survey *sv = NULL;
    int rc = cli_load_selected(a, &def, &sv);
    if (rc == CLI_OK) {
        trygg_errors *err = trygg_errors_new(50);
        double t = cli_now();
        trygg_status st = err ? body(sv, ctx, err) : TRYGG_ERR_NOMEM;
        cli_timing("run", cli_now() - t);
        if (st == TRYGG_OK)
            cli_print_warnings(err);
        rc = st == TRYGG_OK ? CLI_OK : cli_fail(st, err);
        trygg_errors_free(err);
    }
    trygg_survey_free(sv);
    trygg_definition_free(def);
    return rc;
}

int cli_outputs_usable(const char *out, const char *second)
{
    const char *paths[2] = {out, second};
    trygg_errors *err = trygg_errors_new(10);
    trygg_status st = err ? trygg_output_targets_check(paths, second ? 2 : 1, err)
                          : TRYGG_ERR_NOMEM;
    int rc = st == TRYGG_OK ? CLI_OK : cli_fail(st, err);
    trygg_errors_free(err);
    return rc;
}

static int line_argc;
static char **line_argv;

void cli_set_command_line(int argc, char **argv)
{
    line_argc = argc;
    line_argv = argv;
}

/* "trygg estimate survey.trygg --year 2024": the words as given (quoted
 * when they hold a space), for a reader of the workbook. Static: one run,
 * one command line. */
static const char *command_line(void)
{
    static char *text;
    if (text || !line_argv)
        return text;
    size_t n = 1;
    for (int i = 0; i < line_argc; i++)
        n += strlen(line_argv[i]) + 3;
    if (!(text = malloc(n)))
        return NULL;
    text[0] = 0;
    for (int i = 0; i < line_argc; i++) {
        const char *w = i == 0 ? "trygg" : line_argv[i];
        int q = strpbrk(w, " \t") != NULL;
        snprintf(text + strlen(text), n - strlen(text), "%s%s%s%s", i ? " " : "",
                 q ? "'" : "", w, q ? "'" : "");
    }
    return text;
}

void cli_write_options(const cli_args *a, const trygg_definition *def,
                       trygg_write_options *o)
{
    trygg_write_options_init(o);
    o->format = a->format;
    o->dialect = a->dialect;
    o->lang = a->lang;
    o->def = def;
    o->command = command_line();
}
