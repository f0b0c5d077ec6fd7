/* A run's tables as they will be published, before they are written: the
 * same cells as trygg_publication_read() finds in the written files (the
 * writers print a suppressed row's flag as "suppressed" and none of its
 * numbers), so that a command can audit its outputs before it commits them. */
#include "publication_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "priorities_internal.h"
#include "results_internal.h"

static int any_number(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isnan(v[i]))
            return 1;
    return 0;
}

trygg_status trygg_publication_add_results(trygg_publication *p, const trygg_results *r,
                                           const char *table)
{
    trygg_status st = trygg_pub_table_begin(p, table, 0);
    for (size_t i = 0; i < r->count && st == TRYGG_OK; i++) {
        const trygg_estimate_row *x = &r->rows[i];
        p->line = i + 1;
        const double v[] = {x->estimate, x->se, x->ci_low, x->ci_high, x->n, x->deff,
                            x->cv, x->weighted_n, x->n_excluded, x->n_missing};
        int nums = any_number(v, sizeof v / sizeof *v);
        if (x->flags & TRYGG_FLAG_SUPPRESSED) {
            st = trygg_pub_mark(p, x->year, x->level, x->domain, x->indicator_index);
            if (st == TRYGG_OK && nums)
                st = trygg_pub_leak_add(p, x->year, x->level, x->domain, x->indicator,
                                        "numbers of a "
                                              "suppressed cell");
        }
        if (st == TRYGG_OK && nums)
            st = trygg_pub_show(p, x->year, x->level, x->domain, x->indicator_index,
                                "estimate");
    }
    p->rows += r->count;
    return st;
}

trygg_status trygg_publication_add_changes(trygg_publication *p, const trygg_changes *c,
                                           const char *table)
{
    trygg_status st = trygg_pub_table_begin(p, table, 0);
    for (size_t i = 0; i < c->count && st == TRYGG_OK; i++) {
        const trygg_change_row *x = &c->rows[i];
        p->line = i + 1;
        const double v[] = {x->estimate_from, x->se_from, x->n_from, x->estimate_to,
                            x->se_to, x->n_to, x->change, x->se, x->se_if_independent,
                            x->ci_low, x->ci_high, x->z, x->p_value};
        if (!any_number(v, sizeof v / sizeof *v))
            continue;
        if (x->flags & TRYGG_FLAG_SUPPRESSED)
            st = trygg_pub_leak_add(p, x->year_to, x->level, x->domain, x->indicator,
                                    "numbers of a "
                                          "suppressed change or contrast");
        if (st == TRYGG_OK && x->other_domain[0]) {   /* a contrast */
            st = trygg_pub_show(p, x->year_to, x->level, x->domain, x->indicator_index,
                                "contrast");
            if (st == TRYGG_OK)
                st = trygg_pub_show(p, x->year_to, x->other_level, x->other_domain,
                                    x->indicator_index, "contrast");
        } else if (st == TRYGG_OK) {
            st = trygg_pub_show_years(p, x->year_from, x->year_to, x->level, x->domain,
                                      x->indicator_index,
                                      "change or trend");
        }
    }
    p->rows += c->count;
    return st;
}

static trygg_status peers_shown(trygg_publication *p, const trygg_priority_row *x,
                                const char *at)
{
    const trygg_definition *def = p->sv->def;
    trygg_status st = TRYGG_OK;
    for (size_t i = 0; i < def->npeers && st == TRYGG_OK; i++)
        for (size_t m = 0; !strcmp(def->peers[i].name, x->peer_group) &&
                           m < def->peers[i].nmembers && st == TRYGG_OK; m++)
            if (strcmp(def->peers[i].members[m], x->area) != 0)
                st = trygg_pub_show(p, x->year, x->level, def->peers[i].members[m],
                                    x->indicator_index, "contrast");
    return st;
}

static trygg_status priority_shown(trygg_publication *p, const trygg_priority_row *x)
{
    size_t k = x->indicator_index;
    trygg_status st = trygg_pub_show(p, x->year, x->level, x->area, k,
                                     "priority");
    if (st == TRYGG_OK && x->parent[0] && !isnan(x->parent_estimate)) {
        const char *pl = trygg_pub_level_of(p, x->year, x->parent);
        st = trygg_pub_show(p, x->year, pl ? pl : "", x->parent, k,
                            "gap to the enclosing area");
    }
    if (st == TRYGG_OK && !isnan(x->change))
        st = trygg_pub_show(p, x->change_from, x->level, x->area, k,
                            "change");
    if (st == TRYGG_OK && !isnan(x->trend))
        st = trygg_pub_show_years(p, 0, x->year, x->level, x->area, k,
                                  "trend");
    if (st == TRYGG_OK && x->group[0] && !isnan(x->group_estimate))
        st = trygg_pub_show(p, x->year, x->group_level, x->group, k,
                            "most affected group");
    if (st == TRYGG_OK && x->peer_group[0] && !isnan(x->peer_estimate))
        st = peers_shown(p, x, "peer comparison");
    return st;
}

trygg_status trygg_publication_add_priorities(trygg_publication *p,
                                              const trygg_priorities *pr,
                                              const char *table)
{
    trygg_status st = trygg_pub_table_begin(p, table, 0);
    for (size_t i = 0; i < pr->count && st == TRYGG_OK; i++) {
        const trygg_priority_row *x = &pr->rows[i];
        p->line = i + 1;
        if (!(x->flags & TRYGG_FLAG_SUPPRESSED)) {
            st = priority_shown(p, x);
            continue;
        }
        st = trygg_pub_mark(p, x->year, x->level, x->area, x->indicator_index);
        const double v[] = {x->estimate, x->ci_low, x->ci_high, x->n, x->gap, x->change,
                            x->trend, x->affected, x->group_estimate, x->peer_estimate};
        if (st == TRYGG_OK && (any_number(v, sizeof v / sizeof *v) || x->rank || x->priority))
            st = trygg_pub_leak_add(p, x->year, x->level, x->area, x->indicator,
                                    "a suppressed problem "
                                          "with numbers, a rank or a priority");
    }
    p->rows += pr->count;
    return st;
}

/* A response table prints the respondents of each area it shows. */
trygg_status trygg_publication_add_responses(trygg_publication *p, const trygg_responses *r,
                                             const char *table)
{
    trygg_status st = trygg_pub_table_begin(p, table, 0);
    for (size_t i = 0; i < trygg_responses_count(r) && st == TRYGG_OK; i++) {
        const trygg_response_row *x = trygg_responses_row(r, i);
        p->line = i + 1;
        int nums = !isnan(x->answers) || !isnan(x->response_rate);
        if (x->flags & TRYGG_FLAG_SUPPRESSED) {
            st = trygg_pub_mark_respondents(p, x->year, x->level, x->domain);
            if (st == TRYGG_OK && nums)
                st = trygg_pub_leak_add(p, x->year, x->level, x->domain, "",
                                        "the answers of an area whose respondents are "
                                        "suppressed");
        }
        if (st == TRYGG_OK && nums)
            st = trygg_pub_show_respondents(p, x->year, x->level, x->domain,
                                            "answers and response rate");
    }
    p->rows += trygg_responses_count(r);
    return st;
}

/* A follow-up publishes its area's cells in both years, and its enclosing
 * area's when the comparison is printed. */
static trygg_status followup_shown(trygg_publication *p, const trygg_followup_row *x)
{
    long found = trygg_definition_indicator_find(p->sv->def, x->indicator);
    if (found < 0) {
        p->unknown++;
        return TRYGG_OK;
    }
    size_t k = (size_t)found;
    trygg_status st = trygg_pub_show(p, x->baseline_year, x->level, x->area, k,
                                     "follow-up baseline");
    if (st == TRYGG_OK)
        st = trygg_pub_show(p, x->followup_year, x->level, x->area, k, "follow-up");
    const double v[] = {x->parent_baseline, x->parent_followup, x->parent_change,
                        x->parent_change_se, x->difference, x->difference_se};
    if (st == TRYGG_OK && x->parent[0] && any_number(v, sizeof v / sizeof *v))
        st = trygg_pub_show(p, x->baseline_year, x->parent_level, x->parent, k,
                            "follow-up: the enclosing area's baseline");
    if (st == TRYGG_OK && x->parent[0] && any_number(v, sizeof v / sizeof *v))
        st = trygg_pub_show(p, x->followup_year, x->parent_level, x->parent, k,
                            "follow-up: the enclosing area's follow-up");
    return st;
}

trygg_status trygg_publication_add_followups(trygg_publication *p, const trygg_followups *f,
                                             const char *table)
{
    trygg_status st = trygg_pub_table_begin(p, table, 0);
    for (size_t i = 0; i < f->count && st == TRYGG_OK; i++) {
        const trygg_followup_row *x = &f->rows[i];
        p->line = i + 1;
        if (!(x->flags & TRYGG_FLAG_SUPPRESSED)) {
            st = followup_shown(p, x);
            continue;
        }
        const double v[] = {x->baseline, x->followup, x->change, x->se, x->p_value,
                            x->parent_baseline, x->parent_followup, x->difference};
        if (any_number(v, sizeof v / sizeof *v) || x->verdict != TRYGG_VERDICT_INCONCLUSIVE)
            st = trygg_pub_leak_add(p, x->followup_year, x->level, x->area, x->indicator,
                                    "a suppressed follow-up with numbers or a verdict");
    }
    p->rows += f->count;
    return st;
}
