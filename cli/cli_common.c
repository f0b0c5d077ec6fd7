/* Option parsing, loading and error printing shared by subcommands. */
#include "cli.h"

#include <gsl/gsl_errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
            fprintf(stderr, "trygg: %s\n", d->message);
    }
    size_t more = trygg_errors_total(err) - trygg_errors_count(err);
    if (more)
        fprintf(stderr, "trygg: ... and %zu more problems\n", more);
}

int cli_fail(trygg_status st, const trygg_errors *err)
{
    cli_print_errors(err);
    fprintf(stderr, "trygg: %s\n", trygg_strerror(st));
    if (st == TRYGG_ERR_NOMEM || st == TRYGG_ERR_NUMERIC || st == TRYGG_ERR_DISCLOSURE)
        return CLI_INTERNAL;
    return st == TRYGG_ERR_ARGUMENT ? CLI_USAGE : CLI_INPUT;
}

int cli_load(const char *path, trygg_definition **def, trygg_survey **sv)
{
    trygg_errors *err = trygg_errors_new(50);
    if (!err)
        return CLI_INTERNAL;
    gsl_set_error_handler_off();
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

static int option(cli_args *a, const char *k, const char *v)
{
    static const char *const weightings[] = {"design", "poststrat", "rake", "calibrate", NULL};
    static const char *const variances[] = {"linearization", "jk1", "jkn", "bootstrap", NULL};
    static const char *const cis[] = {"wald", "logit", "beta", NULL};
    static const char *const formats[] = {"csv", "json", NULL};
    static const char *const langs[] = {"sv", "en", NULL};
    int i;
    if (strcmp(k, "--out") == 0 || strcmp(k, "-o") == 0) a->out = v;
    else if (strcmp(k, "--changes") == 0) a->changes_out = v;
    else if (strcmp(k, "--format") == 0 && !pick(v, formats, &i)) a->format = i;
    else if (strcmp(k, "--weighting") == 0 && !pick(v, weightings, &i))
        a->est.weighting = a->chg.weighting = i;
    else if (strcmp(k, "--variance") == 0 && !pick(v, variances, &i)) a->est.variance = i;
    else if (strcmp(k, "--ci") == 0 && !pick(v, cis, &i)) a->est.ci_shares = i;
    else if (strcmp(k, "--lang") == 0 && !pick(v, langs, &i)) a->lang = i;
    else if (strcmp(k, "--year") == 0 && atoi(v) > 0) a->est.year = a->chg.year_to = atoi(v);
    else if (strcmp(k, "--level") == 0) a->est.level_name = v;
    else if (strcmp(k, "--indicator") == 0) a->est.indicator = a->chg.indicator = v;
    else if (strcmp(k, "--confidence") == 0 && atof(v) > 0.5 && atof(v) < 1)
        a->est.level = a->chg.level = atof(v);
    else return -1;
    return 0;
}

int cli_parse(int argc, char **argv, const char *usage, cli_args *a)
{
    memset(a, 0, sizeof *a);
    a->out = "-";
    trygg_estimate_options_init(&a->est);
    trygg_change_options_init(&a->chg);
    a->chg.level = 0;
    for (int i = 1; i < argc; i++) {
        const char *k = argv[i];
        if (strcmp(k, "--quiet") == 0 || strcmp(k, "-q") == 0) {
            a->quiet = 1;
        } else if (strcmp(k, "--timings") == 0) {
            a->timings = timings_on = 1;
        } else if (strcmp(k, "--all-years") == 0) {
            a->chg.all_pairs = 1;
        } else if (strcmp(k, "--help") == 0 || strcmp(k, "-h") == 0) {
            fputs(usage, stdout);
            return -1;
        } else if (k[0] == '-' && k[1]) {
            if (i + 1 >= argc || option(a, k, argv[i + 1]) != 0) {
                fprintf(stderr, "trygg %s: bad option %s %s\n%s", argv[0], k,
                        i + 1 < argc ? argv[i + 1] : "(no value)", usage);
                return CLI_USAGE;
            }
            i++;
        } else if (!a->definition) {
            a->definition = k;
        } else {
            fprintf(stderr, "trygg %s: unexpected argument '%s'\n%s", argv[0], k, usage);
            return CLI_USAGE;
        }
    }
    if (!a->definition) {
        fprintf(stderr, "trygg %s: no survey definition given\n%s", argv[0], usage);
        return CLI_USAGE;
    }
    return CLI_OK;
}

int cli_with_survey(const char *definition, cli_body body, void *ctx)
{
    trygg_definition *def = NULL;
    trygg_survey *sv = NULL;
    int rc = cli_load(definition, &def, &sv);
    if (rc == CLI_OK) {
        trygg_errors *err = trygg_errors_new(50);
        double t = cli_now();
        trygg_status st = err ? body(sv, ctx, err) : TRYGG_ERR_NOMEM;
        cli_timing("run", cli_now() - t);
        rc = st == TRYGG_OK ? CLI_OK : cli_fail(st, err);
        trygg_errors_free(err);
    }
    trygg_survey_free(sv);
    trygg_definition_free(def);
    return rc;
}
