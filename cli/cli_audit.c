/* The disclosure audit as the last step of a command: the tables it is
 * about to write, audited as they will be read. An exact disclosure is a
 * bug (suppression failed): nothing is written; narrow bounds are warnings. */
#include "cli.h"

#include <stdio.h>

static void print_findings(const trygg_audit *a, trygg_audit_kind kind)
{
    for (size_t i = 0; i < trygg_audit_count(a); i++) {
        const trygg_audit_finding *f = trygg_audit_get(a, i);
        if (f->kind == kind)
            fprintf(stderr, "trygg: %s: %d %s %s %s: %s\n",
                    kind == TRYGG_AUDIT_DISCLOSED ? "disclosure" : "warning: narrow bounds",
                    f->year, f->level, f->domain,
                    f->indicator[0] ? f->indicator : "(respondents)", f->how);
    }
}

static trygg_status audit(const trygg_survey *sv, const cli_tables *t,
                          const trygg_smallarea *sa, const trygg_responses *r,
                          trygg_errors *err)
{
    trygg_publication *p = NULL;
    trygg_status st = trygg_publication_new(sv, &p);
    if (st == TRYGG_OK && r)
        st = trygg_publication_add_responses(p, r, "response");
    if (st == TRYGG_OK && t->estimates)
        st = trygg_publication_add_results(p, t->estimates, "estimates");
    for (size_t i = 0; st == TRYGG_OK && i < CLI_TABLES_CHANGES; i++)
        if (t->changes[i])
            st = trygg_publication_add_changes(p, t->changes[i], t->change_names[i]);
    if (st == TRYGG_OK && t->priorities)
        st = trygg_publication_add_priorities(p, t->priorities, "priorities");
    if (st == TRYGG_OK && sa)
        st = trygg_publication_add_smallarea(p, sa, "smallarea");
    if (st == TRYGG_OK && t->followups)
        st = trygg_publication_add_followups(p, t->followups, "followups");
    trygg_audit *a = NULL;
    double start = cli_now();
    if (st == TRYGG_OK)
        st = trygg_audit_run(p, NULL, &a, err);
    cli_timing("audit", cli_now() - start);
    if (st == TRYGG_OK) {
        print_findings(a, TRYGG_AUDIT_NARROW);
        st = trygg_audit_refuse(a, err);
    }
    trygg_audit_free(a);
    trygg_publication_free(p);
    return st;
}

trygg_status cli_audit_tables(const trygg_survey *sv, const cli_tables *t,
                              trygg_errors *err)
{
    return audit(sv, t, NULL, NULL, err);
}

trygg_status cli_audit_smallarea(const trygg_survey *sv, const trygg_smallarea *sa,
                                 trygg_errors *err)
{
    const cli_tables none = {NULL, {NULL}, {NULL}, NULL, NULL};
    return audit(sv, &none, sa, NULL, err);
}

trygg_status cli_audit_responses(const trygg_survey *sv, const trygg_responses *r,
                                 trygg_errors *err)
{
    const cli_tables none = {NULL, {NULL}, {NULL}, NULL, NULL};
    return audit(sv, &none, NULL, r, err);
}
