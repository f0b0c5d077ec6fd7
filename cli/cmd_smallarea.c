/* trygg smallarea: Fay–Herriot estimates of an indicator's areas beside
 * their direct estimates, and the models' diagnostics. */
#include "cli.h"
#include "cleanup.h"

#include <stdlib.h>
#include <string.h>

static const char USAGE[] =
    "usage: trygg smallarea DEFINITION --out FILE [options]\n"
    "Model-based (Fay-Herriot) estimates of every area of a level beside the\n"
    "direct estimates: one model per indicator over the areas' published direct\n"
    "estimates; a suppressed area gets the synthetic (regression) estimate.\n"
    "  --out FILE            the model table (default: standard output)\n"
    "  --diagnostics FILE    also the models' statistics (sigma2_u, betas, residuals)\n"
    "  --covariates FILE     area covariates: CSV with area (or the level's name),\n"
    "                        optional year and population, and numeric columns\n"
    "  --prior-year          the area's published estimate of the previous survey\n"
    "                        year as a covariate\n"
    "  --scale logit|arcsine|identity   the scale of shares (default logit)\n"
    "  --no-benchmark        do not scale the areas to their parent's direct estimate\n"
    "  --level NAME          the areas modelled (default district)\n"
    "  --year Y              the year (default: the latest)\n"
    "  --indicator NAME      only this indicator\n"
    "  --weighting M, --variance M   of the direct estimates\n"
    "  --format csv|json, --quiet, --timings\n";

typedef struct {
    trygg_smallarea_options o;
    const char *diagnostics;
} own_options;

/* Takes this command's own options out of argv (the rest go to cli_parse_for);
 * CLI_OK or CLI_USAGE after the message. */
static int own(int *argc, char **argv, own_options *s)
{
    static const char *const scales[] = {"logit", "arcsine", "identity", NULL};
    int n = 1;
    for (int i = 1; i < *argc; i++) {
        const char *k = argv[i], *v = i + 1 < *argc ? argv[i + 1] : NULL;
        int takes = !strcmp(k, "--covariates") || !strcmp(k, "--diagnostics") ||
                    !strcmp(k, "--scale");
        if (takes && !v) {
            cli_say("%s needs a value", k);
            fputs(USAGE, stderr);
            return CLI_USAGE;
        }
        if (!strcmp(k, "--covariates")) s->o.covariates = v;
        else if (!strcmp(k, "--diagnostics")) s->diagnostics = v;
        else if (!strcmp(k, "--prior-year")) s->o.prior_year = 1;
        else if (!strcmp(k, "--no-benchmark")) s->o.benchmark = 0;
        else if (!strcmp(k, "--scale")) {
            int j = 0;
            while (scales[j] && strcmp(scales[j], v))
                j++;
            if (!scales[j]) {
                cli_say("bad option --scale %s (expected logit, arcsine or identity)", v);
                fputs(USAGE, stderr);
                return CLI_USAGE;
            }
            s->o.shares = (trygg_model_scale)j;
        } else {
            argv[n++] = argv[i];
            continue;
        }
        i += takes;
    }
    *argc = n;
    return CLI_OK;
}

static trygg_status write_tables(const trygg_smallarea *sa, const cli_args *a,
                                 const own_options *s, trygg_errors *err)
{
    trygg_output_group *g;
    trygg_status st = cli_output_group(&g);
    if (st != TRYGG_OK)
        return st;
    st = trygg_smallarea_write_to(sa, g, a->out, a->format, err);
    if (st == TRYGG_OK && s->diagnostics)
        st = trygg_smallarea_diagnostics_write_to(sa, g, s->diagnostics, a->format, err);
    return cli_output_commit(g, st, err);
}

static trygg_status run(const trygg_survey *sv, cli_args *a, own_options *s,
                        trygg_errors *err)
{
    trygg_estimate_options eo = a->est;
    eo.year = 0;            /* the previous year too, for the covariate */
    eo.level_name = NULL;   /* and the parents, for the benchmark */
    trygg_results *est = NULL;
    trygg_smallarea *sa = NULL;
    double t = cli_now();
    trygg_status st = trygg_estimate(sv, &eo, &est, err);
    cli_timing("estimate", cli_now() - t);
    s->o.estimates = est;
    t = cli_now();
    if (st == TRYGG_OK)
        st = trygg_smallarea_compute(sv, &s->o, &sa, err);
    cli_timing("smallarea", cli_now() - t);
    if (st == TRYGG_OK && trygg_smallarea_count(sa) == 0)
        st = cli_empty("nothing to write: no %s has answers in %s", s->o.level,
                       a->est.year ? "that year" : "the latest year");
    if (st == TRYGG_OK)
        st = cli_audit_smallarea(sv, sa, err);
    if (st == TRYGG_OK) {
        t = cli_now();
        st = write_tables(sa, a, s, err);
        cli_timing("write", cli_now() - t);
    }
    trygg_smallarea_free(sa);
    trygg_results_free(est);
    return st;
}

int cmd_smallarea(int argc, char **argv)
{
    own_options s;
    trygg_smallarea_options_init(&s.o);
    s.diagnostics = NULL;
    char **args = malloc(((size_t)argc + 1) * sizeof *args);
    if (!args)
        return CLI_INTERNAL;
    memcpy(args, argv, (size_t)argc * sizeof *args);
    cli_args a;
    int rc = cli_help_asked(argc, argv) ? CLI_OK : own(&argc, args, &s);
    if (rc == CLI_OK)
        rc = cli_parse_for(argc, args, USAGE, CLI_OPT_OUT | CLI_OPT_FORMAT |
                           CLI_OPT_WEIGHTING | CLI_OPT_VARIANCE | CLI_OPT_YEAR |
                           CLI_OPT_LEVEL | CLI_OPT_INDICATOR | CLI_OPT_QUIET |
                           CLI_OPT_TIMINGS, &a);
    if (rc == CLI_OK)
        rc = cli_outputs_usable(a.out, s.diagnostics);
    trygg_definition *def = NULL;
    trygg_survey *sv = NULL;
    if (rc == CLI_OK)
        rc = cli_load_selected(&a, &def, &sv);
    if (rc == CLI_OK) {
        s.o.level = a.est.level_name ? a.est.level_name : "district";
        s.o.indicator = a.est.indicator;
        s.o.year = a.est.year;
        s.o.weighting = a.est.weighting;
        s.o.variance = a.est.variance;
        trygg_errors *err = trygg_errors_new(50);
        trygg_status st = err ? run(sv, &a, &s, err) : TRYGG_ERR_NOMEM;
        rc = st == TRYGG_OK ? CLI_OK : cli_fail(st, err);
        if (rc == CLI_OK && !a.quiet && a.out[0] != '-')
            fprintf(stderr, "trygg: wrote %s%s%s\n", a.out, s.diagnostics ? " and " : "",
                    s.diagnostics ? s.diagnostics : "");
        trygg_errors_free(err);
    }
    trygg_survey_free(sv);
    trygg_definition_free(def);
    free(args);
    return rc == CLI_HELP ? CLI_OK : rc;
}
