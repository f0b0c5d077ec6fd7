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

static const char *where(char *buf, size_t size, const char *table, size_t row,
                         const char *what)
{
    snprintf(buf, size, "%s row %zu (%s)", table, row + 1, what);
    return buf;
}

trygg_status trygg_publication_add_results(trygg_publication *p, const trygg_results *r,
                                           const char *table)
{
    char at[256];
    trygg_status st = TRYGG_OK;
    for (size_t i = 0; i < r->count && st == TRYGG_OK; i++) {
        const trygg_estimate_row *x = &r->rows[i];
        const double v[] = {x->estimate, x->se, x->ci_low, x->ci_high, x->n, x->deff,
                            x->cv, x->weighted_n, x->n_excluded, x->n_missing};
        int nums = any_number(v, sizeof v / sizeof *v);
        if (x->flags & TRYGG_FLAG_SUPPRESSED) {
            st = trygg_pub_mark(p, x->year, x->level, x->domain, x->indicator_index);
            if (st == TRYGG_OK && nums)
                st = trygg_pub_leak_add(p, x->year, x->level, x->domain, x->indicator,
                                        where(at, sizeof at, table, i, "numbers of a "
                                              "suppressed cell"));
        }
        if (st == TRYGG_OK && nums)
            st = trygg_pub_show(p, x->year, x->level, x->domain, x->indicator_index,
                                where(at, sizeof at, table, i, "estimate"));
    }
    p->tables++;
    p->rows += r->count;
    return st;
}

trygg_status trygg_publication_add_changes(trygg_publication *p, const trygg_changes *c,
                                           const char *table)
{
    char at[256];
    trygg_status st = TRYGG_OK;
    for (size_t i = 0; i < c->count && st == TRYGG_OK; i++) {
        const trygg_change_row *x = &c->rows[i];
        const double v[] = {x->estimate_from, x->se_from, x->n_from, x->estimate_to,
                            x->se_to, x->n_to, x->change, x->se, x->se_if_independent,
                            x->ci_low, x->ci_high, x->z, x->p_value};
        if (!any_number(v, sizeof v / sizeof *v))
            continue;
        if (x->flags & TRYGG_FLAG_SUPPRESSED)
            st = trygg_pub_leak_add(p, x->year_to, x->level, x->domain, x->indicator,
                                    where(at, sizeof at, table, i, "numbers of a "
                                          "suppressed change or contrast"));
        if (st == TRYGG_OK && x->other_domain[0]) {   /* a contrast */
            st = trygg_pub_show(p, x->year_to, x->level, x->domain, x->indicator_index,
                                where(at, sizeof at, table, i, "contrast"));
            if (st == TRYGG_OK)
                st = trygg_pub_show(p, x->year_to, x->other_level, x->other_domain,
                                    x->indicator_index, at);
        } else if (st == TRYGG_OK) {
            st = trygg_pub_show_years(p, x->year_from, x->year_to, x->level, x->domain,
                                      x->indicator_index,
                                      where(at, sizeof at, table, i, "change or trend"));
        }
    }
    p->tables++;
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
                                    x->indicator_index, at);
    return st;
}

static trygg_status priority_shown(trygg_publication *p, const trygg_priority_row *x,
                                   const char *table, size_t i)
{
    char at[256];
    size_t k = x->indicator_index;
    trygg_status st = trygg_pub_show(p, x->year, x->level, x->area, k,
                                     where(at, sizeof at, table, i, "priority"));
    if (st == TRYGG_OK && x->parent[0] && !isnan(x->parent_estimate)) {
        const char *pl = trygg_pub_level_of(p, x->year, x->parent);
        st = trygg_pub_show(p, x->year, pl ? pl : "", x->parent, k,
                            where(at, sizeof at, table, i, "gap to the enclosing area"));
    }
    if (st == TRYGG_OK && !isnan(x->change))
        st = trygg_pub_show(p, x->change_from, x->level, x->area, k,
                            where(at, sizeof at, table, i, "change"));
    if (st == TRYGG_OK && !isnan(x->trend))
        st = trygg_pub_show_years(p, 0, x->year, x->level, x->area, k,
                                  where(at, sizeof at, table, i, "trend"));
    if (st == TRYGG_OK && x->group[0] && !isnan(x->group_estimate))
        st = trygg_pub_show(p, x->year, x->group_level, x->group, k,
                            where(at, sizeof at, table, i, "most affected group"));
    if (st == TRYGG_OK && x->peer_group[0] && !isnan(x->peer_estimate))
        st = peers_shown(p, x, where(at, sizeof at, table, i, "peer comparison"));
    return st;
}

trygg_status trygg_publication_add_priorities(trygg_publication *p,
                                              const trygg_priorities *pr,
                                              const char *table)
{
    char at[256];
    trygg_status st = TRYGG_OK;
    for (size_t i = 0; i < pr->count && st == TRYGG_OK; i++) {
        const trygg_priority_row *x = &pr->rows[i];
        if (!(x->flags & TRYGG_FLAG_SUPPRESSED)) {
            st = priority_shown(p, x, table, i);
            continue;
        }
        st = trygg_pub_mark(p, x->year, x->level, x->area, x->indicator_index);
        const double v[] = {x->estimate, x->ci_low, x->ci_high, x->n, x->gap, x->change,
                            x->trend, x->affected, x->group_estimate, x->peer_estimate};
        if (st == TRYGG_OK && (any_number(v, sizeof v / sizeof *v) || x->rank || x->priority))
            st = trygg_pub_leak_add(p, x->year, x->level, x->area, x->indicator,
                                    where(at, sizeof at, table, i, "a suppressed problem "
                                          "with numbers, a rank or a priority"));
    }
    p->tables++;
    p->rows += pr->count;
    return st;
}
