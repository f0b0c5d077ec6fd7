/* trygg audit: an attacker's check of a finished run's outputs. */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char USAGE[] =
    "usage: trygg audit DEFINITION OUTPUT.csv... [--protection N] [--no-bounds]\n"
    "                   [--pool N [--year Y]]\n"
    "Reads the CSV tables a run wrote (estimates, changes, trends, contrasts,\n"
    "priorities, follow-ups) as a reader would and checks that no suppressed\n"
    "cell can be worked out from them, alone or together: a cell with fewer\n"
    "than min_n answers, or marked suppressed, must not be printed, used in a\n"
    "printed figure, or follow from printed cells by adding and subtracting\n"
    "(exact disclosure: exit status 1); counts bounded by the printed ones to\n"
    "an interval narrower than the protection (default: [report] protection,\n"
    "else min_n) are warnings. --no-bounds skips the bounds (linear programmes).\n"
    "--pool N audits tables of pooled years (trygg estimate --pool N; --year Y\n"
    "when that run had it) on the pooled sample; never with yearly tables.\n";

typedef struct {
    char **files;
    int nfiles;
    trygg_audit_options o;
    int disclosed;
    int pool, year;      /* --pool N, --year Y */
} audit_job;

static void print_finding(const trygg_audit_finding *f)
{
    const char *kind = f->kind == TRYGG_AUDIT_DISCLOSED ? "DISCLOSED" : "narrow";
    printf("%s: %d %s %s %s: %s\n", kind, f->year, f->level, f->domain,
           f->indicator[0] ? f->indicator : "(respondents)", f->how);
}

static trygg_status run(const trygg_survey *sv, void *ctx, trygg_errors *err)
{
    audit_job *j = ctx;
    trygg_publication *p = NULL;
    trygg_survey *ps = NULL;   /* the pooled survey the tables are of */
    trygg_status st = TRYGG_OK;
    if (j->pool > 1) {
        trygg_pool_options po;
        trygg_pool_options_init(&po);
        po.years = j->pool;
        po.year = j->year;
        po.all_windows = 1;
        st = trygg_survey_pool(sv, &po, &ps, err);
    }
    if (st == TRYGG_OK)
        st = trygg_publication_new(ps ? ps : sv, &p);
    for (int i = 0; i < j->nfiles && st == TRYGG_OK; i++)
        st = trygg_publication_read(p, j->files[i], err);
    trygg_audit *a = NULL;
    if (st == TRYGG_OK)
        st = trygg_audit_run(p, &j->o, &a, err);
    for (size_t i = 0; st == TRYGG_OK && i < trygg_audit_count(a); i++)
        if (trygg_audit_get(a, i)->kind == TRYGG_AUDIT_DISCLOSED)
            print_finding(trygg_audit_get(a, i));
    for (size_t i = 0; st == TRYGG_OK && i < trygg_audit_count(a); i++)
        if (trygg_audit_get(a, i)->kind == TRYGG_AUDIT_NARROW)
            print_finding(trygg_audit_get(a, i));
    if (st == TRYGG_OK) {
        size_t d = trygg_audit_disclosed(a);
        printf("trygg audit: %zu disclosures, %zu narrow bounds; %zu protected cells "
               "among the %zu cells of %d tables\n", d, trygg_audit_count(a) - d,
               trygg_audit_protected(a), trygg_audit_cells(a), j->nfiles);
        j->disclosed = d > 0;
    }
    trygg_audit_free(a);
    trygg_publication_free(p);
    trygg_survey_free(ps);
    return st;
}

/* --pool N and --year Y: whole numbers in range, or a usage error. */
static int number_option(const char *opt, const char *v, long lo, long hi, int *out)
{
    char *end;
    long x = strtol(v, &end, 10);
    if (end == v || *end || x < lo || x > hi) {
        fprintf(stderr, "trygg audit: %s '%s': expected a whole number from %ld to %ld\n%s",
                opt, v, lo, hi, USAGE);
        return CLI_USAGE;
    }
    *out = (int)x;
    return CLI_OK;
}

int cmd_audit(int argc, char **argv)
{
    audit_job j = {NULL, 0, {0, 1}, 0, 0, 0};
    trygg_audit_options_init(&j.o);
    const char *def = NULL;
    j.files = calloc((size_t)argc + 1, sizeof *j.files);
    if (!j.files)
        return CLI_INTERNAL;
    int rc = CLI_OK;
    for (int i = 1; i < argc && rc == CLI_OK; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(USAGE, stdout);
            free(j.files);
            return CLI_OK;
        } else if (!strcmp(argv[i], "--no-bounds")) {
            j.o.bounds = 0;
        } else if (!strcmp(argv[i], "--protection") && i + 1 < argc) {
            char *end;
            long v = strtol(argv[++i], &end, 10);
            if (*end || v < 1 || v > 1000000) {
                fprintf(stderr, "trygg audit: --protection '%s': expected a whole number "
                        "from 1\n%s", argv[i], USAGE);
                rc = CLI_USAGE;
            }
            j.o.protection = (int)v;
        } else if (!strcmp(argv[i], "--pool") && i + 1 < argc) {
            rc = number_option("--pool", argv[++i], 1, 100, &j.pool);
        } else if (!strcmp(argv[i], "--year") && i + 1 < argc) {
            rc = number_option("--year", argv[++i], 1900, 2200, &j.year);
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "trygg audit: bad option %s\n%s", argv[i], USAGE);
            rc = CLI_USAGE;
        } else if (!def) {
            def = argv[i];
        } else {
            j.files[j.nfiles++] = argv[i];
        }
    }
    if (rc == CLI_OK && (!def || !j.nfiles)) {
        fprintf(stderr, "trygg audit: give the definition and at least one output\n%s",
                USAGE);
        rc = CLI_USAGE;
    }
    trygg_definition *d = NULL;
    trygg_survey *sv = NULL;
    if (rc == CLI_OK)
        rc = cli_load(def, &d, &sv);
    if (rc == CLI_OK) {
        trygg_errors *err = trygg_errors_new(50);
        trygg_status st = err ? run(sv, &j, err) : TRYGG_ERR_NOMEM;
        rc = st == TRYGG_OK ? CLI_OK : cli_fail(st, err);
        trygg_errors_free(err);
    }
    trygg_survey_free(sv);
    trygg_definition_free(d);
    free(j.files);
    return rc == CLI_OK && j.disclosed ? CLI_INPUT : rc;
}
