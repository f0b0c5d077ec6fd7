/* Complementary suppression. A domain with fewer than min_n valid answers
 * is suppressed by its own count; but when the domains of a level cover a
 * published domain exactly (districts that partition their municipality,
 * district × sex within a district), one suppressed domain is the
 * published total minus the published others. So the next smallest
 * published domain is suppressed as well, until every group of suppressed
 * domains has two or more members and at least min_n answers together.
 *
 * Which domains lie in which is taken from the respondents of the year, as
 * the domains themselves are: level a nests in level b when every
 * respondent of a domain of a is in one and the same domain of b. Whether a
 * group covers its parent is taken from the counts: the children's valid
 * answers add up to the parent's. */
#include "suppression.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "definition_internal.h"
#include "estimate_internal.h"
#include "dict.h"
#include "results_internal.h"
#include "survey_internal.h"

#define NONE UINT32_MAX
#define HIDDEN (TRYGG_FLAG_SUPPRESSED | TRYGG_FLAG_COMPLEMENTARY)

typedef struct {
    trygg_dict names;   /* the level's domains in the year */
    uint32_t *dom;      /* per respondent of the year, NONE outside */
} level_domains;

/* Level a's domains grouped by the domain of level b they lie in: the
 * children of b's domain p are kids[first[p] .. first[p + 1]). */
typedef struct {
    size_t *first;
    uint32_t *kids;
} nest;

typedef struct {
    const trygg_survey *sv;
    trygg_results *res;
    int year;
    size_t nlev, nrows;
    size_t *rows;          /* the year's respondents */
    level_domains *lv;
    nest *nests;           /* nlev × nlev, first == NULL: no nesting */
    size_t *at;            /* result row per (indicator, level, domain) */
    size_t *off;           /* per level: offset of its domains in `at` */
} year_state;

/* The level's domains as the estimates name them ("region", "Hovsjö",
 * "Hovsjö / 1"), from the year's respondents. */
static trygg_status level_build(year_state *s, size_t l)
{
    level_domains *d = &s->lv[l];
    trygg_dict_init(&d->names);
    d->dom = malloc((s->nrows + 1) * sizeof *d->dom);
    if (!d->dom)
        return TRYGG_ERR_NOMEM;
    trygg_status st = trygg_level_partition(s->sv, &s->sv->def->levels[l], s->rows,
                                            s->nrows, d->dom, &d->names);
    if (st == TRYGG_ERR_INVALID) {   /* a column the data lack: no domains */
        for (size_t i = 0; i < s->nrows; i++)
            d->dom[i] = NONE;
        st = TRYGG_OK;
    }
    return st;
}

/* Level a in level b: the parent of each domain of a, or no nesting. */
static trygg_status nest_build(year_state *s, size_t a, size_t b)
{
    const level_domains *A = &s->lv[a], *B = &s->lv[b];
    size_t na = A->names.count, nb = B->names.count;
    uint32_t *parent = malloc((na + 1) * sizeof *parent);
    if (!parent)
        return TRYGG_ERR_NOMEM;
    for (size_t d = 0; d < na; d++)
        parent[d] = NONE;
    int nested = na > 0;
    for (size_t i = 0; i < s->nrows && nested; i++) {
        uint32_t x = A->dom[i], y = B->dom[i];
        if (x == NONE)
            continue;
        nested = y != NONE && (parent[x] == NONE || parent[x] == y);
        parent[x] = y;
    }
    nest *n = &s->nests[a * s->nlev + b];
    if (nested) {
        n->first = calloc(nb + 2, sizeof *n->first);
        n->kids = malloc((na + 1) * sizeof *n->kids);
    }
    if (nested && (!n->first || !n->kids)) {
        free(parent);
        return TRYGG_ERR_NOMEM;
    }
    for (size_t d = 0; nested && d < na; d++)
        n->first[parent[d] + 2]++;
    for (size_t p = 0; nested && p < nb; p++)
        n->first[p + 2] += n->first[p + 1];
    for (size_t d = 0; nested && d < na; d++)
        n->kids[n->first[parent[d] + 1]++] = (uint32_t)d;
    free(parent);
    return TRYGG_OK;
}

static long level_of(const trygg_definition *def, const char *name)
{
    for (size_t l = 0; l < def->nlevels; l++)
        if (strcmp(def->levels[l].name, name) == 0)
            return (long)l;
    return -1;
}

/* Which result row is (indicator, level, domain) of the year. */
static trygg_status index_rows(year_state *s)
{
    const trygg_definition *def = s->sv->def;
    s->off = calloc(s->nlev + 1, sizeof *s->off);
    if (!s->off)
        return TRYGG_ERR_NOMEM;
    for (size_t l = 0; l < s->nlev; l++)
        s->off[l + 1] = s->off[l] + s->lv[l].names.count;
    size_t per = s->off[s->nlev], n = per * def->nindicators;
    s->at = malloc((n + 1) * sizeof *s->at);
    if (!s->at)
        return TRYGG_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        s->at[i] = SIZE_MAX;
    for (size_t i = 0; i < s->res->count; i++) {
        const trygg_estimate_row *x = &s->res->rows[i];
        long l = x->year == s->year ? level_of(def, x->level) : -1;
        long d = l >= 0 ? trygg_dict_find(&s->lv[l].names, x->domain,
                                          strlen(x->domain)) : -1;
        if (d >= 0 && x->indicator_index < def->nindicators)
            s->at[x->indicator_index * per + s->off[l] + (size_t)d] = i;
    }
    return TRYGG_OK;
}

static trygg_estimate_row *row_at(const year_state *s, size_t k, size_t l,
                                  uint32_t d)
{
    size_t i = s->at[k * s->off[s->nlev] + s->off[l] + d];
    return i == SIZE_MAX ? NULL : &s->res->rows[i];
}

static int hidden(const trygg_estimate_row *x)
{
    return (x->flags & TRYGG_FLAG_SUPPRESSED) != 0;
}

static int hide(trygg_estimate_row *x)
{
    if (hidden(x))
        return 0;
    x->flags |= HIDDEN;
    return 1;
}

/* The smaller of two published candidates (by n, then by name). */
static int smaller(const trygg_estimate_row *x, const trygg_estimate_row *best)
{
    return !best || x->n < best->n ||
           (x->n == best->n && strcmp(x->domain, best->domain) < 0);
}

/* One parent and its children: 1 when a row was suppressed. */
static int group_rule(const year_state *s, size_t k, size_t a, uint32_t *kids,
                      size_t nkids, trygg_estimate_row *parent)
{
    double sum = 0, hidden_n = 0;
    size_t nonempty = 0, nhidden = 0;
    trygg_estimate_row *only = NULL, *best = NULL;
    for (size_t i = 0; i < nkids; i++) {
        trygg_estimate_row *x = row_at(s, k, a, kids[i]);
        if (!x)
            return 0;   /* a child not estimated: nothing to add up */
        sum += x->n;
        if (!(x->n > 0))
            continue;   /* no answers: no count or value to protect */
        nonempty++;
        only = x;
        if (hidden(x)) {
            nhidden++;
            hidden_n += x->n;
        } else if (smaller(x, best)) {
            best = x;
        }
    }
    if (fabs(sum - parent->n) > 0.5)
        return 0;       /* the children do not cover the parent */
    if (nonempty == 1)  /* one child is its parent: both or neither */
        return hidden(only) ? hide(parent) : hidden(parent) ? hide(only) : 0;
    if (hidden(parent) || nhidden == 0 || !best)
        return 0;
    if (nhidden == 1 || hidden_n < s->sv->def->min_n)
        return hide(best);
    return 0;
}

static int pass(const year_state *s)
{
    int changed = 0;
    size_t L = s->nlev;
    for (size_t k = 0; k < s->sv->def->nindicators; k++)
        for (size_t a = 0; a < L; a++)
            for (size_t b = 0; b < L; b++) {
                const nest *n = &s->nests[a * L + b];
                for (uint32_t p = 0; n->first && p < s->lv[b].names.count; p++) {
                    trygg_estimate_row *parent = row_at(s, k, b, p);
                    if (parent)
                        changed |= group_rule(s, k, a, n->kids + n->first[p],
                                              n->first[p + 1] - n->first[p], parent);
                }
            }
    return changed;
}

static trygg_status year_build(year_state *s)
{
    s->rows = malloc((s->sv->nrows + 1) * sizeof *s->rows);
    s->lv = calloc(s->nlev + 1, sizeof *s->lv);
    s->nests = calloc(s->nlev * s->nlev + 1, sizeof *s->nests);
    if (!s->rows || !s->lv || !s->nests)
        return TRYGG_ERR_NOMEM;
    for (size_t r = 0; r < s->sv->nrows; r++)
        if (s->sv->year[r] == s->year)
            s->rows[s->nrows++] = r;
    trygg_status st = TRYGG_OK;
    for (size_t l = 0; l < s->nlev && st == TRYGG_OK; l++)
        st = level_build(s, l);
    for (size_t a = 0; a < s->nlev && st == TRYGG_OK; a++)
        for (size_t b = 0; b < s->nlev && st == TRYGG_OK; b++)
            if (a != b)
                st = nest_build(s, a, b);
    return st == TRYGG_OK ? index_rows(s) : st;
}

static void year_free(year_state *s)
{
    for (size_t l = 0; s->lv && l < s->nlev; l++) {
        trygg_dict_free(&s->lv[l].names);
        free(s->lv[l].dom);
    }
    for (size_t i = 0; s->nests && i < s->nlev * s->nlev; i++) {
        free(s->nests[i].first);
        free(s->nests[i].kids);
    }
    free(s->lv);
    free(s->nests);
    free(s->rows);
    free(s->at);
    free(s->off);
}

static trygg_status suppress_year(const trygg_survey *sv, trygg_results *res,
                                  int year)
{
    year_state s = {.sv = sv, .res = res, .year = year, .nlev = sv->def->nlevels};
    trygg_status st = year_build(&s);
    while (st == TRYGG_OK && pass(&s))
        ;
    year_free(&s);
    return st;
}

static trygg_status suppress_all(const trygg_survey *sv, trygg_results *res)
{
    trygg_status st = TRYGG_OK;
    for (size_t y = 0; y < sv->nyears && st == TRYGG_OK; y++) {
        int seen = 0;
        for (size_t i = 0; i < res->count && !seen; i++)
            seen = res->rows[i].year == sv->years[y];
        if (seen)
            st = suppress_year(sv, res, sv->years[y]);
    }
    return st;
}

/* The suppression flags of (year, level, domain, indicator) in `full`. */
static unsigned hidden_flags(const trygg_results *full, int year, const char *level,
                             const char *domain, const char *indicator)
{
    const trygg_estimate_row *x = trygg_results_find(full, year, level, domain, indicator);
    return x ? x->flags & HIDDEN : 0;
}

/* Each row of `res` takes the suppression of its row in `full`. */
static void copy_flags(const trygg_results *full, trygg_results *res)
{
    for (size_t i = 0; i < res->count; i++) {
        trygg_estimate_row *x = &res->rows[i];
        x->flags |= hidden_flags(full, x->year, x->level, x->domain, x->indicator);
    }
}

/* One level asked for: the rule needs the others. */
static trygg_status carry_over(const trygg_survey *sv,
                               const trygg_estimate_options *o,
                               trygg_results *res, trygg_errors *err)
{
    trygg_estimate_options all = *o;
    all.level_name = NULL;
    all.counts_only = 1;
    trygg_results *full = NULL;
    trygg_status st = trygg_estimate(sv, &all, &full, err);
    if (st == TRYGG_OK)
        copy_flags(full, res);
    trygg_results_free(full);
    return st;
}

trygg_status trygg_suppress_complementary(const trygg_survey *sv,
                                          const trygg_estimate_options *o,
                                          trygg_results *res,
                                          trygg_errors *err)
{
    if (o && o->level_name)
        return carry_over(sv, o, res, err);
    return suppress_all(sv, res);
}

trygg_status trygg_suppress_contrasts(const trygg_survey *sv, trygg_weighting w,
                                      int year, const char *indicator,
                                      trygg_changes *ch, trygg_errors *err)
{
    trygg_estimate_options o;
    trygg_estimate_options_init(&o);
    o.weighting = w;
    o.year = year;
    o.indicator = indicator;
    o.counts_only = 1;
    trygg_results *full = NULL;
    trygg_status st = trygg_estimate(sv, &o, &full, err);
    for (size_t i = 0; st == TRYGG_OK && i < ch->count; i++) {
        trygg_change_row *c = &ch->rows[i];
        c->flags |= hidden_flags(full, c->year_to, c->level, c->domain, c->indicator) |
                    hidden_flags(full, c->year_to, c->other_level, c->other_domain,
                                 c->indicator);
    }
    trygg_results_free(full);
    return st;
}
