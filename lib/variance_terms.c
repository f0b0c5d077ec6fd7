/* The variance of a sum of influence terms (variance.h): the terms' rows
 * into each stage's unit totals and the calibration's T, then the kernel.
 * Where the calibration explains nearly all of a stage, the residuals
 * e_u = a_u − U_u·g are formed unit by unit: this is the one place that
 * does it, for every question of the door. */
#include "variance_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

trygg_status trygg_terms_scratch_init(terms_scratch *ts, const trygg_variance_engine *e)
{
    memset(ts, 0, sizeof *ts);
    int ok = 1;
    for (size_t k = 0; k < e->nstages; k++) {
        size_t U = e->st[k].nunits + 1;
        ts->tot[k] = calloc(U, sizeof *ts->tot[k]);
        ts->umark[k] = calloc(U, sizeof *ts->umark[k]);
        ts->touched[k] = malloc(U * sizeof *ts->touched[k]);
        ok &= ts->tot[k] && ts->umark[k] && ts->touched[k];
    }
    size_t C = e->calibrated ? e->basis.ncells : 0;
    ts->T = calloc(C + 1, sizeof *ts->T);
    ts->g = calloc(C + 1, sizeof *ts->g);
    ts->work = calloc(2 * C + 2, sizeof *ts->work);
    ts->tsup = malloc((C + 1) * sizeof *ts->tsup);
    ts->gsup = malloc((C + 1) * sizeof *ts->gsup);
    ts->tmark = calloc(C + 1, sizeof *ts->tmark);
    ts->cmark = calloc((e->calibrated ? e->basis.ncomp : 0) + 1, 1);
    if (!ok || !ts->T || !ts->g || !ts->work || !ts->tsup || !ts->gsup || !ts->tmark ||
        !ts->cmark)
        return TRYGG_ERR_NOMEM;
    return TRYGG_OK;
}

void trygg_terms_scratch_free(terms_scratch *ts)
{
    for (size_t k = 0; k < 2; k++) {
        free(ts->tot[k]);
        free(ts->umark[k]);
        free(ts->touched[k]);
    }
    free(ts->T); free(ts->g); free(ts->work); free(ts->tsup); free(ts->gsup);
    free(ts->tmark); free(ts->cmark);
    memset(ts, 0, sizeof *ts);
}

static void next_generation(trygg_variance_engine *e)
{
    terms_scratch *ts = &e->ts;
    ts->ntsup = 0;
    for (size_t k = 0; k < e->nstages; k++)
        ts->ntouched[k] = 0;
    if (++ts->gen != 0)
        return;
    /* wrapped: clear every mark so that no stale one matches */
    for (size_t k = 0; k < e->nstages; k++)
        memset(ts->umark[k], 0, e->st[k].nunits * sizeof *ts->umark[k]);
    if (e->calibrated)
        memset(ts->tmark, 0, e->basis.ncells * sizeof *ts->tmark);
    ts->gen = 1;
}

static inline void add_unit(terms_scratch *ts, size_t k, uint32_t u, double a)
{
    if (ts->umark[k][u] != ts->gen) {
        ts->umark[k][u] = ts->gen;
        ts->tot[k][u] = 0;
        ts->touched[k][ts->ntouched[k]++] = u;
    }
    ts->tot[k][u] += a;
}

static void add_row(trygg_variance_engine *e, uint32_t i, double a)
{
    terms_scratch *ts = &e->ts;
    for (size_t k = 0; k < e->nstages; k++)
        add_unit(ts, k, e->st[k].unit[i], a);
    if (!e->calibrated)
        return;
    const trygg_cal_basis *b = &e->basis;
    for (size_t q = b->first[i]; q < b->first[i + 1]; q++) {
        uint32_t c = b->cell[q];
        if (ts->tmark[c] != ts->gen) {   /* T is zero between calls */
            ts->tmark[c] = ts->gen;
            ts->tsup[ts->ntsup++] = c;
        }
        ts->T[c] += b->t[q] * a;
    }
}

static void accumulate(trygg_variance_engine *e, const trygg_year *y,
                       const trygg_influence_term *t)
{
    const domain_rows *dr = &e->levels[t->level];
    if (t->dom >= dr->ndom)
        return;
    for (size_t j = dr->first[t->dom]; j < dr->first[t->dom + 1]; j++) {
        uint32_t i = dr->pos[j];
        if (trygg_year_flag(y, t->k, i) == TRYGG_V_VALID)
            add_row(e, i, trygg_term_value(y, t, i));
    }
}

/* Stage k's kernel over the touched units' totals. */
static trygg_status stage_variance(trygg_variance_engine *e, size_t k, size_t ngsup,
                                   double *v, uint8_t *redo)
{
    terms_scratch *ts = &e->ts;
    trygg_stage_sums *ss = &e->sums[k];
    const double *tot = ts->tot[k];
    const uint32_t *touched = ts->touched[k];
    size_t n = ts->ntouched[k];
    trygg_status st = trygg_stage_begin(ss, 1);
    if (st != TRYGG_OK)
        return st;
    trygg_stage_units(ss, touched, n, tot, ngsup ? tot : NULL, ts->g, ts->gsup, ngsup);
    trygg_stage_finish(ss, ts->g, ts->gsup, ngsup, NULL, v, redo);
    return TRYGG_OK;
}

/* Q(e) from e's unit totals: the touched units and every unit of a cell
 * of g, e_u = a_u − U_u·g. Costs the rows of those cells. */
static trygg_status residual_variance(trygg_variance_engine *e, size_t k, size_t ngsup,
                                      double *v)
{
    terms_scratch *ts = &e->ts;
    const trygg_stage *s = &e->st[k];
    for (size_t j = 0; j < ngsup; j++) {
        uint32_t c = ts->gsup[j];
        for (size_t q = s->cu.first[c]; q < s->cu.first[c + 1]; q++)
            add_unit(ts, k, s->cu.cell[q], 0.0);
    }
    for (size_t j = 0; j < ts->ntouched[k]; j++) {
        uint32_t u = ts->touched[k][j];
        double dot;
        trygg_list_dot(&s->uu, u, ts->g, 1, &dot);
        ts->tot[k][u] -= dot;
    }
    uint8_t redo;
    return stage_variance(e, k, 0, v, &redo);
}

static trygg_status solve(trygg_variance_engine *e, const trygg_year *y, size_t *ngsup)
{
    terms_scratch *ts = &e->ts;
    *ngsup = 0;
    if (!e->calibrated || !ts->ntsup)
        return TRYGG_OK;
    trygg_status st = trygg_weighting_solve_many(y->ws, &e->basis, ts->T, ts->tsup,
                                                 ts->ntsup, 1, ts->g, ts->gsup, ngsup,
                                                 ts->work, ts->cmark);
    if (st != TRYGG_OK) {
        memset(ts->g, 0, e->basis.ncells * sizeof *ts->g);
        *ngsup = 0;
    }
    return st;
}

static trygg_status finish(trygg_variance_engine *e, const trygg_year *y, double *var)
{
    terms_scratch *ts = &e->ts;
    size_t ngsup = 0;
    trygg_status st = solve(e, y, &ngsup);
    double v = 0;
    for (size_t k = 0; k < e->nstages && st == TRYGG_OK; k++) {
        double vk;
        uint8_t redo;
        st = stage_variance(e, k, ngsup, &vk, &redo);
        if (st == TRYGG_OK && redo)
            st = residual_variance(e, k, ngsup, &vk);
        v += k == 0 ? e->st[k].scale * vk : vk;
    }
    for (size_t j = 0; j < ngsup; j++)
        ts->g[ts->gsup[j]] = 0;
    for (size_t j = 0; j < ts->ntsup; j++)
        ts->T[ts->tsup[j]] = 0;
    if (st == TRYGG_OK)
        *var = v;
    return st;
}

trygg_status trygg_variance_of_terms(trygg_variance_engine *e, const trygg_year *y,
                                     const trygg_influence_term *terms, size_t nterms,
                                     double *var, trygg_errors *err)
{
    int active;
    *var = NAN;
    trygg_status st = trygg_variance_begin(e, y, &active, err);
    if (st != TRYGG_OK || !active)
        return st;
    next_generation(e);
    for (size_t t = 0; t < nterms; t++)
        if (terms[t].level < e->nlevels)
            accumulate(e, y, &terms[t]);
    return finish(e, y, var);
}
