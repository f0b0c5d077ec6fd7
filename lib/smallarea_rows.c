/* The small-area table: rows and model statistics with their own strings,
 * the areas' populations, and the benchmark that makes a parent's areas
 * add up to its direct estimate. */
#include "smallarea_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "errors_internal.h"
#include "results_internal.h"
#include "survey_internal.h"

trygg_status trygg_smallarea_push(trygg_smallarea *s, const trygg_smallarea_row *row)
{
    if (s->count == s->cap) {
        size_t nc = s->cap ? 2 * s->cap : 256;
        trygg_smallarea_row *n = realloc(s->rows, nc * sizeof *n);
        if (!n)
            return TRYGG_ERR_NOMEM;
        s->rows = n;
        s->cap = nc;
    }
    trygg_smallarea_row *d = &s->rows[s->count];
    *d = *row;
    d->level = trygg_pool(&s->strings, row->level);
    d->domain = trygg_pool(&s->strings, row->domain);
    d->parent_level = trygg_pool(&s->strings, row->parent_level);
    d->parent = trygg_pool(&s->strings, row->parent);
    d->indicator = trygg_pool(&s->strings, row->indicator);
    d->model = trygg_pool(&s->strings, row->model);
    d->scale = trygg_pool(&s->strings, row->scale);
    if (!d->level || !d->domain || !d->parent_level || !d->parent || !d->indicator ||
        !d->model || !d->scale)
        return TRYGG_ERR_NOMEM;
    s->count++;
    return TRYGG_OK;
}

trygg_status trygg_smallarea_stat_add(trygg_smallarea *s, const trygg_smallarea_row *of,
                                      const char *term, double value, double se)
{
    if (s->nstats == s->stats_cap) {
        size_t nc = s->stats_cap ? 2 * s->stats_cap : 64;
        trygg_smallarea_stat *n = realloc(s->stats, nc * sizeof *n);
        if (!n)
            return TRYGG_ERR_NOMEM;
        s->stats = n;
        s->stats_cap = nc;
    }
    trygg_smallarea_stat *d = &s->stats[s->nstats];
    *d = (trygg_smallarea_stat){of->year, trygg_pool(&s->strings, of->level),
                                trygg_pool(&s->strings, of->indicator),
                                trygg_pool(&s->strings, of->scale),
                                trygg_pool(&s->strings, term), value, se};
    if (!d->level || !d->indicator || !d->scale || !d->term)
        return TRYGG_ERR_NOMEM;
    s->nstats++;
    return TRYGG_OK;
}

void trygg_smallarea_free(trygg_smallarea *s)
{
    if (!s)
        return;
    free(s->rows);
    free(s->stats);
    trygg_dict_free(&s->strings);
    free(s);
}

size_t trygg_smallarea_count(const trygg_smallarea *s) { return s ? s->count : 0; }
size_t trygg_smallarea_stat_count(const trygg_smallarea *s) { return s ? s->nstats : 0; }

const trygg_smallarea_row *trygg_smallarea_get(const trygg_smallarea *s, size_t i)
{
    return s && i < s->count ? &s->rows[i] : NULL;
}

const trygg_smallarea_stat *trygg_smallarea_stat_get(const trygg_smallarea *s, size_t i)
{
    return s && i < s->nstats ? &s->stats[i] : NULL;
}

/* ---- populations ---------------------------------------------------------- */

/* Each area's population from the design: the fpc of its strata, when
 * every stratum lies in one area and the fpc counts people (a sampling
 * fraction would give n_h / f, the respondents' count: not used). NaN for
 * an area where that fails. names[i] are the survey's (level column). */
trygg_status trygg_smallarea_populations(const trygg_survey *sv, int year,
                                         const char *level, double **pop,
                                         const char ***names, size_t *n)
{
    const char *colname = trygg_definition_level_column(sv->def, level);
    long ca = colname ? trygg_survey_col_find(sv, colname, TRYGG_COL_CAT) : -1;
    long cs = sv->role_col[TRYGG_ROLE_STRATUM], cf = sv->role_col[TRYGG_ROLE_FPC];
    *n = ca >= 0 ? sv->cols[ca].dict.count : 0;
    size_t ns = cs >= 0 ? sv->cols[cs].dict.count : 0;
    *pop = calloc(*n + 1, sizeof **pop);
    *names = calloc(*n + 1, sizeof **names);
    long *area_of = malloc((ns + 1) * sizeof *area_of);
    double *size = calloc(ns + 1, sizeof *size);
    if (!*pop || !*names || !area_of || !size) {
        free(area_of);
        free(size);
        return TRYGG_ERR_NOMEM;
    }
    for (size_t a = 0; a < *n; a++)
        (*names)[a] = sv->cols[ca].dict.names[a];
    for (size_t h = 0; h < ns; h++)
        area_of[h] = -1;
    for (size_t r = 0; cs >= 0 && cf >= 0 && r < sv->nrows; r++) {
        if (sv->year[r] != year)
            continue;
        uint32_t h = sv->cols[cs].cat[r], a = sv->cols[ca].cat[r];
        double f = sv->cols[cf].num[r];
        if (area_of[h] == -1) {
            area_of[h] = a;
            size[h] = f > 1 ? f : NAN;
            (*pop)[a] += size[h];
        } else if (area_of[h] != (long)a) {   /* a stratum across areas */
            (*pop)[a] = (*pop)[area_of[h]] = NAN;
        }
    }
    for (size_t a = 0; a < *n; a++)
        if (cs < 0 || cf < 0 || !((*pop)[a] > 0))
            (*pop)[a] = NAN;
    free(area_of);
    free(size);
    return TRYGG_OK;
}

/* ---- benchmarking ----------------------------------------------------------- */

static double population_of(const trygg_smallarea_row *r, const double *pop,
                            const char *const *names, size_t npop)
{
    for (size_t a = 0; a < npop; a++)
        if (!strcmp(names[a], r->domain))
            return pop[a];
    return NAN;
}

/* Why the areas of parent (rows g[0..ng)) cannot be scaled to it, or NULL;
 * *factor the ratio when they can. */
static const char *why_not(trygg_smallarea_row *const *g, size_t ng, const trygg_results *est,
                           const double *pop, const char *const *names, size_t npop,
                           double *factor)
{
    const trygg_smallarea_row *r = g[0];
    const trygg_estimate_row *par = trygg_results_find(est, r->year, r->parent_level,
                                                       r->parent, r->indicator);
    if (!par || (par->flags & TRYGG_FLAG_SUPPRESSED) || !(par->n > 0) || !(par->estimate > 0))
        return "the parent's direct estimate is not published";
    double total = 0, sum = 0;
    for (size_t i = 0; i < ng; i++) {
        double n = population_of(g[i], pop, names, npop);
        if (isnan(g[i]->model_estimate))
            return "an area of the parent has no model estimate";
        if (!(n > 0))
            return "the areas' populations are not known (give a population column in "
                   "the covariates file)";
        total += n;
        sum += n * g[i]->model_estimate;
    }
    *factor = par->estimate / (sum / total);
    for (size_t i = 0; i < ng; i++)
        if (!strcmp(r->scale, "identity") ? 0 : *factor * g[i]->model_estimate > 1)
            return "the ratio would take a share above 1";
    return NULL;
}

/* Scales the areas of each parent among rows[first..] so that their
 * population-weighted mean is the parent's published direct estimate
 * (ratio benchmarking); the MSE takes the adjustment's square. */
static trygg_status benchmark_parent(trygg_smallarea *s, trygg_smallarea_row **g, size_t ng,
                                     const trygg_results *est, const double *pop,
                                     const char *const *names, size_t npop)
{
    double f = NAN;
    const char *why = why_not(g, ng, est, pop, names, npop, &f);
    trygg_status st = TRYGG_OK;
    for (size_t i = 0; i < ng && st == TRYGG_OK; i++) {
        trygg_smallarea_row *r = g[i];
        if (isnan(r->model_estimate))
            continue;
        if (why) {
            char *m = trygg_strprintf("%s; not benchmarked: %s", r->model, why);
            r->model = m ? trygg_pool(&s->strings, m) : NULL;
            free(m);
            st = r->model ? TRYGG_OK : TRYGG_ERR_NOMEM;
            continue;
        }
        double adj = (f - 1) * r->model_estimate;
        r->model_rmse = sqrt(r->model_rmse * r->model_rmse + adj * adj);
        r->model_estimate *= f;
        r->benchmarked = 1;
    }
    if (!why && st == TRYGG_OK) {
        char *term = trygg_strprintf("benchmark:%s", g[0]->parent);
        st = term ? trygg_smallarea_stat_add(s, g[0], term, f, NAN) : TRYGG_ERR_NOMEM;
        free(term);
    }
    return st;
}

trygg_status trygg_smallarea_benchmark(trygg_smallarea *s, size_t first,
                                       const trygg_results *est, const double *pop,
                                       const char *const *names, size_t npop)
{
    size_t n = s->count - first;
    trygg_smallarea_row **g = malloc((n + 1) * sizeof *g);
    char *done = calloc(n + 1, 1);
    trygg_status st = g && done ? TRYGG_OK : TRYGG_ERR_NOMEM;
    for (size_t i = 0; i < n && st == TRYGG_OK; i++) {
        if (done[i] || !s->rows[first + i].parent[0])
            continue;
        size_t ng = 0;
        for (size_t j = i; j < n; j++)
            if (!done[j] && !strcmp(s->rows[first + j].parent, s->rows[first + i].parent)) {
                g[ng++] = &s->rows[first + j];
                done[j] = 1;
            }
        st = benchmark_parent(s, g, ng, est, pop, names, npop);
    }
    free(g);
    free(done);
    return st;
}
