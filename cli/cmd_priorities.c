/* trygg priorities | followup: ranking problems for citizen promises, and
 * judging last year's promises. */
#include "cli.h"
#include "cleanup.h"

#include <stdlib.h>
#include <string.h>

static const char USAGE_PRIORITIES[] =
    "usage: trygg priorities DEFINITION (--area NAME | --all) [options]\n"
    "Ranks an area's problems for a citizen promise (Brå's prioritisation\n"
    "matrix): level with CI, gap to the enclosing area and to comparable areas,\n"
    "change and trend, people affected, the most affected group.\n"
    "  --area NAME | LEVEL:NAME   e.g. Fittja or district:Fittja\n"
    "  --all                 every municipality and district\n"
    "  --year Y              (default: the latest year with the area)\n"
    "  --adjust holm|bh      p-value adjustment across items (default holm)\n"
    "  --judgements FILE     CSV area,indicator,signal_problem,influence\n"
    "  --weighting M, --confidence 0.95, --out FILE, --quiet, --threads N\n"
    "  --format csv|json|xlsx, --csv-dialect plain|sv, --lang sv|en (label columns)\n";
static const char USAGE_FOLLOWUP[] =
    "usage: trygg followup PROMISES.csv DEFINITION [--out FILE] [--format csv|json|xlsx]\n"
    "                      [--csv-dialect plain|sv] [--lang sv|en]\n"
    "                      [--weighting M] [--confidence 0.95] [--quiet] [--threads N]\n"
    "Judges each promise (area,indicator,baseline_year,followup_year,direction,\n"
    "target): uppnått / ej uppnått / går ej att avgöra, with the reason.\n";

typedef struct {
    const cli_args *a;
    trygg_priority_options po;
    const char *area;       /* priorities: as typed, or NULL for --all */
    const char *promises;   /* followup */
} prio_job;

static void wrote(const cli_args *a)
{
    if (!a->quiet && strcmp(a->out, "-") != 0)
        fprintf(stderr, "trygg: wrote %s\n", a->out);
}

/* Each table through an output group of its own: its temporary is removed
 * if the run is stopped. */
static trygg_status write_priorities(const trygg_survey *sv, const trygg_priorities *p,
                                     const cli_args *a, trygg_errors *err)
{
    trygg_write_options o;
    cli_write_options(a, trygg_survey_definition(sv), &o);
    trygg_output_group *g;
    trygg_status st = cli_output_group(&g);
    if (st == TRYGG_OK)
        st = cli_output_commit(g, trygg_priorities_write_with(p, g, a->out, &o, err), err);
    return st;
}

static trygg_status write_followups(const trygg_survey *sv, const trygg_followups *f,
                                    const cli_args *a, trygg_errors *err)
{
    trygg_write_options o;
    cli_write_options(a, trygg_survey_definition(sv), &o);
    trygg_output_group *g;
    trygg_status st = cli_output_group(&g);
    if (st == TRYGG_OK)
        st = cli_output_commit(g, trygg_followups_write_with(f, g, a->out, &o, err), err);
    return st;
}

static trygg_status run_priorities(const trygg_survey *sv, void *ctx, trygg_errors *err)
{
    prio_job *j = ctx;
    const char *level = NULL, *name = NULL;
    char *spec = NULL;
    /* the area as meant ("fittja", "jarfalla"), answered in the year asked:
     * said here, before the library is asked for it */
    if (j->area) {
        if (cli_find_area(sv, j->area, j->po.year, &level, &name) != CLI_OK)
            return TRYGG_ERR_NOT_FOUND;
        size_t n = strlen(level) + strlen(name) + 2;
        if (!(spec = malloc(n)))
            return TRYGG_ERR_NOMEM;
        snprintf(spec, n, "%s:%s", level, name);
    }
    trygg_priorities *p = NULL;
    trygg_analysis *an = NULL;
    /* after the estimates, the priorities' year alone (an area last
     * surveyed before it has its year built again) */
    size_t ny = trygg_survey_year_count(sv);
    int year = j->po.year ? j->po.year : ny ? trygg_survey_year(sv, ny - 1) : 0;
    trygg_status st = cli_analysis(sv, j->a, 1, year, &an);
    if (st == TRYGG_OK)
        st = trygg_analysis_priorities(an, &j->po, spec, &p, err);
    trygg_analysis_free(an);
    if (st == TRYGG_OK && trygg_priorities_count(p) == 0)
        st = cli_empty("nothing to write: no problem items with answers%s%s",
                       name ? " in " : "", name ? name : "");
    cli_tables tables = {NULL, {NULL}, {NULL}, p, NULL};
    if (st == TRYGG_OK)
        st = cli_audit_tables(sv, &tables, err);
    if (st == TRYGG_OK)
        st = write_priorities(sv, p, j->a, err);
    if (st == TRYGG_OK)
        wrote(j->a);
    trygg_priorities_free(p);
    free(spec);
    return st;
}

static trygg_status run_followup(const trygg_survey *sv, void *ctx, trygg_errors *err)
{
    prio_job *j = ctx;
    trygg_followups *f = NULL;
    trygg_analysis *an = NULL;
    trygg_status st = cli_analysis(sv, j->a, 1, 0, &an);
    if (st == TRYGG_OK)
        st = trygg_analysis_followups(an, &j->po, j->promises, &f, err);
    trygg_analysis_free(an);
    if (st == TRYGG_OK && trygg_followups_count(f) == 0)
        st = cli_empty("nothing to write: %s has no promises", j->promises);
    /* a follow-up prints its area's and its enclosing area's cells */
    cli_tables tables = {NULL, {NULL}, {NULL}, NULL, f};
    if (st == TRYGG_OK)
        st = cli_audit_tables(sv, &tables, err);
    if (st == TRYGG_OK)
        st = write_followups(sv, f, j->a, err);
    if (st == TRYGG_OK)
        wrote(j->a);
    trygg_followups_free(f);
    return st;
}

/* Takes out the options only priorities has into *po, *area and *all, the
 * rest into rest[] (room for argc + 1). CLI_OK or CLI_USAGE after the
 * message. */
static int split(int argc, char **argv, char **rest, int *nrest, const char **area,
                 int *all, trygg_priority_options *po)
{
    *nrest = 0;
    for (int i = 0; i < argc; i++) {
        const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int valued = !strcmp(k, "--area") || !strcmp(k, "--judgements") ||
                     !strcmp(k, "--adjust");
        if (valued && !v) {
            fprintf(stderr, "trygg priorities: %s needs a value\n%s", k, USAGE_PRIORITIES);
            return CLI_USAGE;
        }
        if (!strcmp(k, "--all"))
            *all = 1;
        else if (!strcmp(k, "--area"))
            *area = argv[++i];
        else if (!strcmp(k, "--judgements"))
            po->judgements = argv[++i];
        else if (!strcmp(k, "--adjust") && (!strcmp(v, "holm") || !strcmp(v, "bh"))) {
            po->adjust = strcmp(v, "bh") == 0 ? TRYGG_ADJUST_BH : TRYGG_ADJUST_HOLM;
            i++;
        } else if (!strcmp(k, "--adjust")) {
            fprintf(stderr, "trygg priorities: bad option --adjust %s (expected holm or "
                    "bh)\n%s", v, USAGE_PRIORITIES);
            return CLI_USAGE;
        } else
            rest[(*nrest)++] = argv[i];
    }
    rest[*nrest] = NULL;
    return CLI_OK;
}

enum {
    PRIORITY_OPTIONS = CLI_OPT_OUT | CLI_OPT_FORMAT | CLI_OPT_LANG | CLI_OPT_WEIGHTING |
                       CLI_OPT_YEAR | CLI_OPT_CONFIDENCE | CLI_OPT_QUIET | CLI_OPT_TIMINGS |
                       CLI_OPT_THREADS,
    FOLLOWUP_OPTIONS = CLI_OPT_OUT | CLI_OPT_FORMAT | CLI_OPT_LANG | CLI_OPT_WEIGHTING |
                       CLI_OPT_CONFIDENCE | CLI_OPT_QUIET | CLI_OPT_TIMINGS | CLI_OPT_THREADS
};

int cmd_priorities(int argc, char **argv)
{
    if (cli_help_asked(argc, argv)) {
        fputs(USAGE_PRIORITIES, stdout);
        return CLI_OK;
    }
    char **rest = malloc(((size_t)argc + 1) * sizeof *rest);
    if (!rest)
        return CLI_INTERNAL;
    int n = 0, all = 0;
    const char *area = NULL;
    trygg_priority_options po;
    trygg_priority_options_init(&po);
    cli_args a;
    int rc = split(argc, argv, rest, &n, &area, &all, &po);
    if (rc == CLI_OK)
        rc = cli_parse_for(n, rest, USAGE_PRIORITIES, PRIORITY_OPTIONS, &a);
    free(rest);
    if (rc != CLI_OK)
        return rc == CLI_HELP ? CLI_OK : rc;
    if (!area == !all) {
        cli_say("give --area NAME or --all%s", area ? ", not both" : "");
        fputs(USAGE_PRIORITIES, stderr);
        return CLI_USAGE;
    }
    po.weighting = a.est.weighting;
    po.year = a.est.year;
    po.level = a.est.level;
    prio_job j = {&a, po, area, NULL};
    return cli_with_survey(&a, run_priorities, &j);
}

int cmd_followup(int argc, char **argv)
{
    if (cli_help_asked(argc, argv)) {
        fputs(USAGE_FOLLOWUP, stdout);
        return CLI_OK;
    }
    if (argc < 3 || argv[1][0] == '-') {
        fprintf(stderr, "trygg followup: give the promises file, then the survey "
                "definition\n%s", USAGE_FOLLOWUP);
        return CLI_USAGE;
    }
    const char *promises = argv[1];
    argv[1] = argv[0];
    cli_args a;
    int rc = cli_parse_for(argc - 1, argv + 1, USAGE_FOLLOWUP, FOLLOWUP_OPTIONS, &a);
    if (rc != CLI_OK)
        return rc == CLI_HELP ? CLI_OK : rc;
    trygg_priority_options po;
    trygg_priority_options_init(&po);
    po.weighting = a.est.weighting;
    po.level = a.est.level;
    prio_job j = {&a, po, NULL, promises};
    return cli_with_survey(&a, run_followup, &j);
}
