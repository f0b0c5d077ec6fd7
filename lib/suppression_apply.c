/* The year's pattern of hidden cells: built from the lattice, looked up by
 * name, and applied to every table built from estimates. */
#include "suppression_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "definition_internal.h"
#include "results_internal.h"
#include "survey_internal.h"

#define HIDDEN_FLAGS (TRYGG_FLAG_SUPPRESSED | TRYGG_FLAG_COMPLEMENTARY)

/* Level a in level b, when every atom of a domain of a lies in one domain
 * of b; n->first stays NULL when a does not nest in b. */
static trygg_status nest_build(const trygg_lattice *lat, size_t a, size_t b, trygg_nest *n)
{
    const trygg_lattice_level *A = &lat->levels[a], *B = &lat->levels[b];
    size_t na = A->names.count, nb = B->names.count;
    uint32_t *parent = malloc((na + 1) * sizeof *parent);
    if (!parent)
        return TRYGG_ERR_NOMEM;
    for (size_t d = 0; d < na; d++)
        parent[d] = TRYGG_NO_DOMAIN;
    int nested = na > 0;
    for (size_t x = 0; x < lat->natoms && nested; x++) {
        uint32_t da = A->dom[x], db = B->dom[x];
        if (da == TRYGG_NO_DOMAIN)
            continue;
        nested = db != TRYGG_NO_DOMAIN && (parent[da] == TRYGG_NO_DOMAIN || parent[da] == db);
        parent[da] = db;
    }
    n->a = a;
    n->b = b;
    if (nested) {
        n->first = calloc(nb + 2, sizeof *n->first);
        n->kids = malloc((na + 1) * sizeof *n->kids);
    }
    trygg_status st = nested && (!n->first || !n->kids) ? TRYGG_ERR_NOMEM : TRYGG_OK;
    for (size_t d = 0; nested && st == TRYGG_OK && d < na; d++)
        n->first[parent[d] + 2]++;
    for (size_t p = 0; nested && st == TRYGG_OK && p < nb; p++)
        n->first[p + 2] += n->first[p + 1];
    for (size_t d = 0; nested && st == TRYGG_OK && d < na; d++)
        n->kids[n->first[parent[d] + 1]++] = (uint32_t)d;
    free(parent);
    return st;
}

static trygg_status nests_build(trygg_pattern *p)
{
    size_t L = p->lat.nlevels;
    p->nests = calloc(L * L + 1, sizeof *p->nests);
    if (!p->nests)
        return TRYGG_ERR_NOMEM;
    trygg_status st = TRYGG_OK;
    for (size_t a = 0; a < L && st == TRYGG_OK; a++)
        for (size_t b = 0; b < L && st == TRYGG_OK; b++) {
            trygg_nest n = {0};
            if (a == b || (st = nest_build(&p->lat, a, b, &n)) != TRYGG_OK || !n.first)
                continue;
            p->nests[p->nnests++] = n;
        }
    return st;
}

trygg_status trygg_pattern_build(const trygg_survey *sv, int year, trygg_pattern **out)
{
    return trygg_pattern_build_lattice(sv, year, 1, out);
}

trygg_status trygg_pattern_build_lattice(const trygg_survey *sv, int year, int decide,
                                         trygg_pattern **out)
{
    const trygg_definition *def = sv->def;
    trygg_pattern *p = calloc(1, sizeof *p);
    *out = NULL;
    if (!p)
        return TRYGG_ERR_NOMEM;
    p->year = year;
    p->min_n = def->min_n;
    trygg_status st = trygg_lattice_build(sv, year, def->levels, def->nlevels, NULL, 0,
                                          &p->lat);
    p->off = st == TRYGG_OK ? calloc(p->lat.nlevels + 1, sizeof *p->off) : NULL;
    if (st == TRYGG_OK && !p->off)
        st = TRYGG_ERR_NOMEM;
    for (size_t l = 0; st == TRYGG_OK && l < p->lat.nlevels; l++)
        p->off[l + 1] = p->off[l] + trygg_lattice_ndom(&p->lat, l);
    if (st == TRYGG_OK) {
        p->ndom = p->off[p->lat.nlevels];
        st = nests_build(p);
    }
    if (st == TRYGG_OK)
        st = decide ? trygg_pattern_decide(p) : trygg_pattern_questions(p, def);
    if (st != TRYGG_OK) {
        trygg_pattern_free(p);
        return st;
    }
    *out = p;
    return TRYGG_OK;
}

void trygg_pattern_free(trygg_pattern *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nnests; i++) {
        free(p->nests[i].first);
        free(p->nests[i].kids);
    }
    free(p->nests);
    trygg_lattice_free(&p->lat);
    free(p->off);
    free(p->fam);
    free(p->hidden);
    free(p->resp_hidden);
    free(p);
}

int trygg_pattern_year(const trygg_pattern *p) { return p->year; }

long trygg_pattern_cell(const trygg_pattern *p, const char *level, const char *domain)
{
    long l = trygg_lattice_level_find(&p->lat, level);
    long d = l < 0 ? -1
                   : trygg_dict_find(&p->lat.levels[l].names, domain, strlen(domain));
    return d < 0 ? -1 : (long)(p->off[l] + (size_t)d);
}

int trygg_pattern_hidden(const trygg_pattern *p, const char *level, const char *domain,
                         size_t k)
{
    long f = trygg_pattern_cell(p, level, domain);
    if (f < 0 || k >= p->lat.nind)
        return -1;
    return p->hidden[p->fam[k] * p->ndom + (size_t)f];
}

int trygg_pattern_respondents_hidden(const trygg_pattern *p, const char *level,
                                     const char *domain)
{
    long f = trygg_pattern_cell(p, level, domain);
    if (f < 0 || !p->resp_hidden)
        return -1;
    return p->resp_hidden[f];
}

int trygg_pattern_primary(const trygg_pattern *p, const char *level, const char *domain,
                          size_t k)
{
    long l = trygg_lattice_level_find(&p->lat, level);
    long d = l < 0 ? -1
                   : trygg_dict_find(&p->lat.levels[l].names, domain, strlen(domain));
    if (d < 0 || k >= p->lat.nind)
        return 0;
    double n = trygg_lattice_valid(&p->lat, (size_t)l, (uint32_t)d, k);
    double r = trygg_lattice_respondents(&p->lat, (size_t)l, (uint32_t)d);
    return (n > 0 && n < p->min_n) || (r > 0 && r < p->min_n);
}

/* ---- every year --------------------------------------------------------- */

struct trygg_patterns {
    trygg_pattern **year;
    size_t n;
};

trygg_status trygg_patterns_build(const trygg_survey *sv, trygg_patterns **out)
{
    trygg_patterns *ps = calloc(1, sizeof *ps);
    *out = NULL;
    if (!ps || !(ps->year = calloc(sv->nyears + 1, sizeof *ps->year))) {
        free(ps);
        return TRYGG_ERR_NOMEM;
    }
    trygg_status st = TRYGG_OK;
    for (; ps->n < sv->nyears && st == TRYGG_OK; ps->n++)
        st = trygg_pattern_build(sv, sv->years[ps->n], &ps->year[ps->n]);
    if (st != TRYGG_OK) {
        trygg_patterns_free(ps);
        return st;
    }
    *out = ps;
    return TRYGG_OK;
}

void trygg_patterns_free(trygg_patterns *ps)
{
    if (!ps)
        return;
    for (size_t i = 0; i < ps->n; i++)
        trygg_pattern_free(ps->year[i]);
    free(ps->year);
    free(ps);
}

const trygg_pattern *trygg_patterns_year(const trygg_patterns *ps, int year)
{
    for (size_t i = 0; ps && i < ps->n; i++)
        if (ps->year[i] && ps->year[i]->year == year)
            return ps->year[i];
    return NULL;
}

int trygg_patterns_hidden(const trygg_patterns *ps, int year, const char *level,
                          const char *domain, size_t k)
{
    const trygg_pattern *p = trygg_patterns_year(ps, year);
    return p ? trygg_pattern_hidden(p, level, domain, k) : -1;
}

/* ---- applying it -------------------------------------------------------- */

void trygg_blank_estimate_row(trygg_estimate_row *x)
{
    double *nums[] = {&x->estimate, &x->se, &x->ci_low, &x->ci_high, &x->n,
                      &x->n_excluded, &x->n_missing, &x->weighted_n, &x->deff, &x->cv};
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++)
        *nums[i] = NAN;
    /* what the row is, not what it holds */
    x->flags &= HIDDEN_FLAGS;
}

void trygg_blank_change_row(trygg_change_row *c)
{
    double *nums[] = {&c->estimate_from, &c->se_from, &c->n_from, &c->estimate_to,
                      &c->se_to, &c->n_to, &c->change, &c->se, &c->se_if_independent,
                      &c->ci_low, &c->ci_high, &c->z, &c->p_value};
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++)
        *nums[i] = NAN;
    c->flags &= HIDDEN_FLAGS;
}

static void flag_row(const trygg_pattern *p, const trygg_definition *def,
                     trygg_estimate_row *x)
{
    int h = p ? trygg_pattern_hidden(p, x->level, x->domain, x->indicator_index) : -1;
    if (h < 0)   /* not a cell of the definition's levels: its own count */
        h = x->n > 0 && x->n < def->min_n;
    if (h)
        x->flags |= TRYGG_FLAG_SUPPRESSED |
                    (trygg_pattern_primary(p, x->level, x->domain, x->indicator_index)
                         ? 0 : TRYGG_FLAG_COMPLEMENTARY);
    if (x->flags & TRYGG_FLAG_SUPPRESSED)
        trygg_blank_estimate_row(x);
}

trygg_status trygg_suppress_results(const trygg_survey *sv, trygg_results *res)
{
    trygg_pattern *p = NULL;
    trygg_status st = TRYGG_OK;
    for (size_t i = 0; i < res->count && st == TRYGG_OK; i++) {
        trygg_estimate_row *x = &res->rows[i];
        if (!p || p->year != x->year) {
            trygg_pattern_free(p);
            p = NULL;
            st = trygg_pattern_build(sv, x->year, &p);
        }
        if (st == TRYGG_OK)
            flag_row(p, sv->def, x);
    }
    trygg_pattern_free(p);
    return st;
}

trygg_status trygg_suppress_contrasts(const trygg_survey *sv, trygg_changes *ch)
{
    trygg_pattern *p = NULL;
    trygg_status st = TRYGG_OK;
    for (size_t i = 0; i < ch->count && st == TRYGG_OK; i++) {
        trygg_change_row *c = &ch->rows[i];
        if (!p || p->year != c->year_to) {
            trygg_pattern_free(p);
            p = NULL;
            st = trygg_pattern_build(sv, c->year_to, &p);
        }
        if (st != TRYGG_OK)
            break;
        int a = trygg_pattern_hidden(p, c->level, c->domain, c->indicator_index);
        int b = trygg_pattern_hidden(p, c->other_level, c->other_domain, c->indicator_index);
        if (a != 0 || b != 0) {   /* hidden, or no such published cell */
            int own = (a == 1 && trygg_pattern_primary(p, c->level, c->domain,
                                                      c->indicator_index)) ||
                      (b == 1 && trygg_pattern_primary(p, c->other_level, c->other_domain,
                                                      c->indicator_index));
            c->flags |= TRYGG_FLAG_SUPPRESSED | (own ? 0 : TRYGG_FLAG_COMPLEMENTARY);
        }
        if (c->flags & TRYGG_FLAG_SUPPRESSED)
            trygg_blank_change_row(c);
    }
    trygg_pattern_free(p);
    return st;
}
