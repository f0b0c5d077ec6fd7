/* trygg priorities | followup: ranking problems for citizen promises, and
 * judging last year's promises. */
#include "cli.h"

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
    "  --weighting M, --out FILE, --format csv|json\n";
static const char USAGE_FOLLOWUP[] =
    "usage: trygg followup PROMISES.csv DEFINITION [--out FILE] [--format csv|json]\n"
    "Judges each promise (area,indicator,baseline_year,followup_year,direction,\n"
    "target): uppnått / ej uppnått / går ej att avgöra, with the reason.\n";

typedef struct {
    const cli_args *a;
    trygg_priority_options po;
    const char *area;       /* priorities */
    const char *promises;   /* followup */
} prio_job;

static trygg_status run_priorities(const trygg_survey *sv, void *ctx, trygg_errors *err)
{
    prio_job *j = ctx;
    trygg_priorities *p = NULL;
    trygg_status st = trygg_priorities_compute(sv, &j->po, j->area, &p, err);
    cli_tables tables = {NULL, {NULL}, {NULL}, p};
    if (st == TRYGG_OK)
        st = cli_audit_tables(sv, &tables, err);
    if (st == TRYGG_OK)
        st = trygg_priorities_write(p, j->a->out, j->a->format, err);
    trygg_priorities_free(p);
    return st;
}

static trygg_status run_followup(const trygg_survey *sv, void *ctx, trygg_errors *err)
{
    prio_job *j = ctx;
    trygg_followups *f = NULL;
    trygg_status st = trygg_followup_compute(sv, &j->po, j->promises, &f, err);
    if (st == TRYGG_OK)
        st = trygg_followups_write(f, j->a->out, j->a->format, err);
    trygg_followups_free(f);
    return st;
}

/* Takes out the options only these commands have. */
static int split(int argc, char **argv, char **rest, int *nrest, const char **area,
                 int *all, trygg_priority_options *po)
{
    *nrest = 0;
    for (int i = 0; i < argc; i++) {
        const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(k, "--all"))
            *all = 1;
        else if (!strcmp(k, "--area") && v)
            *area = argv[++i];
        else if (!strcmp(k, "--judgements") && v)
            po->judgements = argv[++i];
        else if (!strcmp(k, "--adjust") && v && (!strcmp(v, "holm") || !strcmp(v, "bh"))) {
            po->adjust = strcmp(v, "bh") == 0 ? TRYGG_ADJUST_BH : TRYGG_ADJUST_HOLM;
            i++;
        } else if (*nrest < 63)
            rest[(*nrest)++] = argv[i];
    }
    rest[*nrest] = NULL;
    return 0;
}

int cmd_priorities(int argc, char **argv)
{
    char *rest[64];
    int n, all = 0;
    const char *area = NULL;
    trygg_priority_options po;
    trygg_priority_options_init(&po);
    split(argc, argv, rest, &n, &area, &all, &po);
    cli_args a;
    int rc = cli_parse(n, rest, USAGE_PRIORITIES, &a);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    if (!area == !all) {
        fprintf(stderr, "trygg priorities: give --area NAME or --all\n%s", USAGE_PRIORITIES);
        return CLI_USAGE;
    }
    po.weighting = a.est.weighting;
    po.year = a.est.year;
    po.level = a.est.level;
    prio_job j = {&a, po, area, NULL};
    return cli_with_survey(a.definition, run_priorities, &j);
}

int cmd_followup(int argc, char **argv)
{
    if (argc < 3 || argv[1][0] == '-') {
        fputs(USAGE_FOLLOWUP, argc >= 2 && !strcmp(argv[1], "--help") ? stdout : stderr);
        return argc >= 2 && !strcmp(argv[1], "--help") ? CLI_OK : CLI_USAGE;
    }
    const char *promises = argv[1];
    argv[1] = argv[0];
    cli_args a;
    int rc = cli_parse(argc - 1, argv + 1, USAGE_FOLLOWUP, &a);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    trygg_priority_options po;
    trygg_priority_options_init(&po);
    po.weighting = a.est.weighting;
    po.level = a.est.level;
    prio_job j = {&a, po, NULL, promises};
    return cli_with_survey(a.definition, run_followup, &j);
}
