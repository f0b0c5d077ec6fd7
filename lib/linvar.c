/* Linearized variances from sums over each domain's own rows (linvar.h).
 * Per stratum R's onestrat: f · n/(n−1) · Σ (t − t̄)², f = 1 − n/N, with
 * the with-replacement approximation at each stage and its lonely-PSU
 * rules (survey.lonely.psu). */
#include "linvar_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "errors_internal.h"
#include "weighting.h"

static double fpc_factor(double pop, size_t n)
{
    return isfinite(pop) ? (pop - (double)n) / pop : 1.0;
}

/* The scratch of one variance at a stage (each worker its own). */
static trygg_status stage_scratch_alloc(stage *s)
{
    size_t nunits = s->nunits, ngroups = s->ngroups;
    s->tot = calloc(nunits + 1, sizeof *s->tot);
    s->umark = calloc(nunits + 1, sizeof *s->umark);
    s->touched = malloc((nunits + 1) * sizeof *s->touched);
    s->gsum = calloc(ngroups + 1, sizeof *s->gsum);
    s->gss = calloc(ngroups + 1, sizeof *s->gss);
    s->gdot = calloc(ngroups + 1, sizeof *s->gdot);
    s->ucount = calloc(ngroups + 1, sizeof *s->ucount);
    s->gmark = calloc(ngroups + 1, sizeof *s->gmark);
    s->gdmark = calloc(ngroups + 1, sizeof *s->gdmark);
    s->gtouched = malloc((ngroups + 1) * sizeof *s->gtouched);
    s->gdtouched = malloc((ngroups + 1) * sizeof *s->gdtouched);
    if (!s->tot || !s->umark || !s->touched || !s->gsum || !s->gss || !s->gdot ||
        !s->ucount || !s->gmark || !s->gdmark || !s->gtouched || !s->gdtouched)
        return TRYGG_ERR_NOMEM;
    return TRYGG_OK;
}

static trygg_status stage_alloc(stage *s, size_t nunits, size_t ngroups)
{
    s->nunits = nunits;
    s->ngroups = ngroups;
    s->scale = 1;
    s->group = malloc((nunits + 1) * sizeof *s->group);
    s->kappa = calloc(ngroups + 1, sizeof *s->kappa);
    s->centered = calloc(ngroups + 1, 1);
    if (!s->group || !s->kappa || !s->centered)
        return TRYGG_ERR_NOMEM;
    for (size_t g = 0; g < ngroups; g++)
        for (size_t u = s->group_first[g]; u < s->group_first[g + 1]; u++)
            s->group[u] = (uint32_t)g;
    return stage_scratch_alloc(s);
}

static void lists_free(cell_lists *l)
{
    free(l->first);
    free(l->cell);
    free(l->val);
}

static void stage_scratch_free(stage *s)
{
    free(s->tot); free(s->umark); free(s->touched); free(s->gsum); free(s->gss);
    free(s->gdot); free(s->ucount); free(s->gmark); free(s->gdmark);
    free(s->gtouched); free(s->gdtouched);
}

static void stage_free(stage *s)
{
    free(s->group); free(s->kappa); free(s->centered);
    stage_scratch_free(s);
    lists_free(&s->uu); lists_free(&s->ug); lists_free(&s->cg); lists_free(&s->cu);
    lists_free(&s->s);
}

/* Group g of stage `stage_no` (n units, fpc factor f, times `base`): its
 * κ, or its lonely-unit rule. A group whose units were all taken
 * (f < 1e-7) adds nothing. Returns 1 for a lonely unit under "average". */
static int group_weight(trygg_linvar *lv, stage *s, size_t g, size_t n, double f,
                        double base, size_t stratum, int stage_no,
                        trygg_lonely_psu lonely)
{
    if (f < 1e-7)
        return 0;
    if (n > 1) {
        s->kappa[g] = f * (double)n / (double)(n - 1) * base;
        s->centered[g] = 1;
    } else if (lonely == TRYGG_LONELY_FAIL) {
        if (lv->fail_stratum < 0) {
            lv->fail_stratum = (long)stratum;
            lv->fail_stage = stage_no;
        }
    } else if (lonely == TRYGG_LONELY_ADJUST) {
        s->kappa[g] = f * base;   /* uncentered, as R's "adjust" */
    }
    return lonely == TRYGG_LONELY_AVERAGE && n == 1;
}

/* Stage one: PSUs in strata; a stratum left out under "average" scales
 * the others up. */
static trygg_status stage_one(trygg_linvar *lv, const trygg_design *d)
{
    stage *s = &lv->st[0];
    s->unit = d->psu;
    s->group_first = d->stratum_first_psu;
    trygg_status st = stage_alloc(s, d->npsu, d->nstrata);
    if (st != TRYGG_OK)
        return st;
    size_t nok = d->nstrata;
    for (size_t h = 0; h < d->nstrata; h++) {
        size_t n = d->stratum_first_psu[h + 1] - d->stratum_first_psu[h];
        nok -= (size_t)group_weight(lv, s, h, n, fpc_factor(d->stratum_pop[h], n), 1.0,
                                    h, 1, d->lonely);
    }
    if (nok < d->nstrata)
        s->scale = (double)d->nstrata / (double)nok;
    return TRYGG_OK;
}

/* Stage two: SSUs within each PSU, scaled by the first stage's fraction. */
static trygg_status stage_two(trygg_linvar *lv, const trygg_design *d)
{
    stage *s = &lv->st[1];
    s->unit = d->ssu;
    s->group_first = d->psu_first_ssu;
    trygg_status st = stage_alloc(s, d->nssu, d->npsu);
    if (st != TRYGG_OK)
        return st;
    for (size_t h = 0; h < d->nstrata; h++) {
        size_t p0 = d->stratum_first_psu[h], nh = d->stratum_first_psu[h + 1] - p0;
        double base = (double)nh / d->stratum_pop[h];
        for (size_t p = p0; p < p0 + nh; p++) {
            size_t m = d->psu_first_ssu[p + 1] - d->psu_first_ssu[p];
            /* "average" has no other stratum at this stage: R gives NA */
            if (group_weight(lv, s, p, m, fpc_factor(d->psu_pop[p], m), base, h, 2,
                             d->lonely))
                lv->stage2_nan = 1;
        }
    }
    return TRYGG_OK;
}

/* Sums of u over the positions of each owner: owners are runs of
 * consecutive positions (units) or of consecutive units (groups). */
static trygg_status sum_lists(size_t nowners, const size_t *owner_first,
                              size_t nitems, const size_t *item_first,
                              const uint32_t *item_cell, const double *item_val,
                              size_t ncells, cell_lists *out)
{
    double *acc = calloc(ncells + 1, sizeof *acc);
    uint32_t *seen = calloc(ncells + 1, sizeof *seen);
    uint32_t *order = malloc((ncells + 1) * sizeof *order);
    out->first = malloc((nowners + 1) * sizeof *out->first);
    size_t cap = item_first[nitems] + 1;
    out->cell = malloc(cap * sizeof *out->cell);
    out->val = malloc(cap * sizeof *out->val);
    trygg_status st = TRYGG_ERR_NOMEM;
    if (!acc || !seen || !order || !out->first || !out->cell || !out->val)
        goto done;
    size_t at = 0;
    for (size_t o = 0; o < nowners; o++) {
        size_t k = 0;
        out->first[o] = at;
        for (size_t i = owner_first[o]; i < owner_first[o + 1]; i++)
            for (size_t e = item_first[i]; e < item_first[i + 1]; e++) {
                uint32_t c = item_cell[e];
                if (seen[c] != o + 1) {
                    seen[c] = (uint32_t)(o + 1);
                    acc[c] = 0;
                    order[k++] = c;
                }
                acc[c] += item_val[e];
            }
        for (size_t j = 0; j < k; j++) {
            out->cell[at] = order[j];
            out->val[at++] = acc[order[j]];
        }
    }
    out->first[nowners] = at;
    st = TRYGG_OK;
done:
    free(acc);
    free(seen);
    free(order);
    return st;
}

/* The owners (groups or units) containing each cell, with their sums. */
static trygg_status transpose(const cell_lists *ug, size_t ngroups,
                              size_t ncells, cell_lists *cg)
{
    size_t ne = ug->first[ngroups];
    cg->first = calloc(ncells + 2, sizeof *cg->first);
    cg->cell = malloc((ne + 1) * sizeof *cg->cell);
    cg->val = malloc((ne + 1) * sizeof *cg->val);
    if (!cg->first || !cg->cell || !cg->val)
        return TRYGG_ERR_NOMEM;
    for (size_t e = 0; e < ne; e++)
        cg->first[ug->cell[e] + 2]++;
    for (size_t c = 0; c < ncells; c++)
        cg->first[c + 2] += cg->first[c + 1];
    for (size_t g = 0; g < ngroups; g++)
        for (size_t e = ug->first[g]; e < ug->first[g + 1]; e++) {
            size_t at = cg->first[ug->cell[e] + 1]++;
            cg->cell[at] = (uint32_t)g;
            cg->val[at] = ug->val[e];
        }
    return TRYGG_OK;
}

/* S = Σ_u κ_g(u) U_u U_u', as sparse rows. */
static trygg_status unit_products(stage *s, size_t ncells)
{
    const cell_lists *uu = &s->uu;
    size_t *cnt = calloc(ncells + 2, sizeof *cnt);
    if (!cnt)
        return TRYGG_ERR_NOMEM;
    for (size_t u = 0; u < s->nunits; u++) {
        size_t k = uu->first[u + 1] - uu->first[u];
        if (s->kappa[s->group[u]] == 0)
            continue;
        for (size_t e = uu->first[u]; e < uu->first[u + 1]; e++)
            cnt[uu->cell[e] + 2] += k;
    }
    for (size_t c = 0; c < ncells; c++)
        cnt[c + 2] += cnt[c + 1];
    size_t nt = cnt[ncells + 1];
    uint32_t *col = malloc((nt + 1) * sizeof *col);
    double *val = malloc((nt + 1) * sizeof *val);
    double *acc = calloc(ncells + 1, sizeof *acc);
    uint8_t *seen = calloc(ncells + 1, 1);
    s->s.first = malloc((ncells + 1) * sizeof *s->s.first);
    s->s.cell = malloc((nt + 1) * sizeof *s->s.cell);
    s->s.val = malloc((nt + 1) * sizeof *s->s.val);
    trygg_status st = TRYGG_ERR_NOMEM;
    if (!col || !val || !acc || !seen || !s->s.first || !s->s.cell || !s->s.val)
        goto done;
    for (size_t u = 0; u < s->nunits; u++) {
        double kap = s->kappa[s->group[u]];
        if (kap == 0)
            continue;
        for (size_t a = uu->first[u]; a < uu->first[u + 1]; a++)
            for (size_t b = uu->first[u]; b < uu->first[u + 1]; b++) {
                size_t at = cnt[uu->cell[a] + 1]++;
                col[at] = uu->cell[b];
                val[at] = kap * uu->val[a] * uu->val[b];
            }
    }
    size_t out = 0;
    for (size_t c = 0; c < ncells; c++) {
        size_t lo = c ? cnt[c] : 0, hi = cnt[c + 1];
        s->s.first[c] = out;
        size_t start = out;
        for (size_t e = lo; e < hi; e++) {
            if (!seen[col[e]]) {
                seen[col[e]] = 1;
                s->s.cell[out++] = col[e];
            }
            acc[col[e]] += val[e];
        }
        for (size_t e = start; e < out; e++) {
            s->s.val[e] = acc[s->s.cell[e]];
            acc[s->s.cell[e]] = 0;
            seen[s->s.cell[e]] = 0;
        }
    }
    s->s.first[ncells] = out;
    st = TRYGG_OK;
done:
    free(cnt);
    free(col);
    free(val);
    free(acc);
    free(seen);
    return st;
}

/* Runs of equal unit index along the positions. */
static trygg_status unit_runs(const stage *s, size_t n, size_t **first)
{
    *first = malloc((s->nunits + 1) * sizeof **first);
    if (!*first)
        return TRYGG_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || s->unit[i] != s->unit[i - 1])
            (*first)[s->unit[i]] = i;
    (*first)[s->nunits] = n;
    return TRYGG_OK;
}

static trygg_status stage_cells(stage *s, const trygg_cal_basis *b)
{
    size_t *ufirst;
    trygg_status st = unit_runs(s, b->n, &ufirst);
    if (st != TRYGG_OK)
        return st;
    st = sum_lists(s->nunits, ufirst, b->n, b->first, b->cell, b->u, b->ncells,
                   &s->uu);
    free(ufirst);
    if (st == TRYGG_OK)
        st = sum_lists(s->ngroups, s->group_first, s->nunits, s->uu.first,
                       s->uu.cell, s->uu.val, b->ncells, &s->ug);
    if (st == TRYGG_OK)
        st = transpose(&s->ug, s->ngroups, b->ncells, &s->cg);
    if (st == TRYGG_OK)
        st = transpose(&s->uu, s->nunits, b->ncells, &s->cu);
    if (st == TRYGG_OK)
        st = unit_products(s, b->ncells);
    return st;
}

static trygg_status index_level(domain_rows *dr, const trygg_level_part *lp,
                                size_t n)
{
    dr->ndom = lp->ndom;
    dr->first = calloc(lp->ndom + 2, sizeof *dr->first);
    dr->pos = malloc((n + 1) * sizeof *dr->pos);
    if (!dr->first || !dr->pos)
        return TRYGG_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        if (lp->dom[i] != UINT32_MAX)
            dr->first[lp->dom[i] + 2]++;
    for (size_t d = 0; d < lp->ndom; d++)
        dr->first[d + 2] += dr->first[d + 1];
    for (size_t i = 0; i < n; i++)
        if (lp->dom[i] != UINT32_MAX)
            dr->pos[dr->first[lp->dom[i] + 1]++] = (uint32_t)i;
    return TRYGG_OK;
}

trygg_status trygg_linvar_add_level(trygg_linvar *lv, const trygg_year *y,
                                    size_t l)
{
    if (l < lv->nlevels)
        return TRYGG_OK;
    domain_rows *nl = realloc(lv->levels, (l + 1) * sizeof *nl);
    if (!nl)
        return TRYGG_ERR_NOMEM;
    lv->levels = nl;
    for (size_t q = lv->nlevels; q <= l; q++)
        memset(&lv->levels[q], 0, sizeof lv->levels[q]);
    for (; lv->nlevels <= l; lv->nlevels++) {
        trygg_status st = index_level(&lv->levels[lv->nlevels],
                                      &y->levels[lv->nlevels], y->d.n);
        if (st != TRYGG_OK) {
            lv->nlevels++;   /* freed with the rest */
            return st;
        }
    }
    return TRYGG_OK;
}

static trygg_status calibration_scratch_alloc(trygg_linvar *lv);

static trygg_status calibration_cells(trygg_linvar *lv, const trygg_year *y)
{
    trygg_status st = trygg_weighting_basis(y->ws, y->w, &lv->basis);
    if (st != TRYGG_OK)
        return st;
    lv->calibrated = 1;
    if ((st = calibration_scratch_alloc(lv)) != TRYGG_OK)
        return st;
    for (size_t k = 0; k < lv->nstages && st == TRYGG_OK; k++)
        st = stage_cells(&lv->st[k], &lv->basis);
    return st;
}

static trygg_status calibration_scratch_alloc(trygg_linvar *lv)
{
    size_t C = lv->basis.ncells;
    lv->T = calloc(C + 1, sizeof *lv->T);
    lv->g = calloc(C + 1, sizeof *lv->g);
    lv->work = calloc(2 * C + 2, sizeof *lv->work);
    lv->tsup = malloc((C + 1) * sizeof *lv->tsup);
    lv->gsup = malloc((C + 1) * sizeof *lv->gsup);
    lv->tmark = calloc(C + 1, sizeof *lv->tmark);
    lv->cmark = calloc(lv->basis.ncomp + 1, 1);
    if (!lv->T || !lv->g || !lv->work || !lv->tsup || !lv->gsup || !lv->tmark ||
        !lv->cmark)
        return TRYGG_ERR_NOMEM;
    return TRYGG_OK;
}

trygg_status trygg_linvar_new(const trygg_year *y, trygg_linvar **out)
{
    *out = NULL;
    trygg_linvar *lv = calloc(1, sizeof *lv);
    if (!lv)
        return TRYGG_ERR_NOMEM;
    lv->fail_stratum = -1;
    lv->nstages = y->d.two_stage ? 2 : 1;
    trygg_status st = stage_one(lv, &y->d);
    if (st == TRYGG_OK && y->d.two_stage)
        st = stage_two(lv, &y->d);
    if (st == TRYGG_OK && y->ws)
        st = calibration_cells(lv, y);
    if (st == TRYGG_OK && y->nlevels)
        st = trygg_linvar_add_level(lv, y, y->nlevels - 1);
    if (st != TRYGG_OK) {
        trygg_linvar_free(lv);
        return st;
    }
    *out = lv;
    return TRYGG_OK;
}

trygg_status trygg_linvar_new_worker(const trygg_linvar *shared, trygg_linvar **out)
{
    *out = NULL;
    trygg_linvar *lv = malloc(sizeof *lv);
    if (!lv)
        return TRYGG_ERR_NOMEM;
    *lv = *shared;
    lv->shared = shared;
    lv->gen = 0;
    lv->ntsup = 0;
    lv->batch = NULL;
    lv->T = lv->g = lv->work = NULL;
    lv->tsup = lv->gsup = lv->tmark = NULL;
    lv->cmark = NULL;
    for (size_t k = 0; k < 2; k++) {
        stage *s = &lv->st[k];
        s->tot = s->gsum = s->gss = s->gdot = NULL;
        s->ucount = s->umark = s->gmark = s->gdmark = NULL;
        s->touched = s->gtouched = s->gdtouched = NULL;
        s->ntouched = s->ngtouched = s->ngdtouched = 0;
        s->qgen = 0;
    }
    trygg_status st = TRYGG_OK;
    for (size_t k = 0; k < lv->nstages && st == TRYGG_OK; k++)
        st = stage_scratch_alloc(&lv->st[k]);
    if (st == TRYGG_OK && lv->calibrated)
        st = calibration_scratch_alloc(lv);
    if (st != TRYGG_OK) {
        trygg_linvar_free(lv);
        return st;
    }
    *out = lv;
    return TRYGG_OK;
}

void trygg_linvar_drop_levels(trygg_linvar *lv, size_t keep)
{
    for (; lv->nlevels > keep; lv->nlevels--) {
        free(lv->levels[lv->nlevels - 1].first);
        free(lv->levels[lv->nlevels - 1].pos);
    }
}

void trygg_linvar_free(trygg_linvar *lv)
{
    if (!lv)
        return;
    free(lv->T); free(lv->g); free(lv->work); free(lv->tsup); free(lv->gsup);
    free(lv->tmark); free(lv->cmark);
    trygg_linvar_batch_free(lv->batch);
    if (lv->shared) {
        for (size_t k = 0; k < 2; k++)
            stage_scratch_free(&lv->st[k]);
        free(lv);
        return;
    }
    for (size_t k = 0; k < 2; k++)
        stage_free(&lv->st[k]);
    trygg_cal_basis_free(&lv->basis);
    for (size_t l = 0; l < lv->nlevels; l++) {
        free(lv->levels[l].first);
        free(lv->levels[l].pos);
    }
    free(lv->levels);
    free(lv);
}

/* ---- One variance --------------------------------------------------- */

static void add_unit(stage *s, uint32_t u, double a, uint32_t gen)
{
    if (s->umark[u] != gen) {
        s->umark[u] = gen;
        s->tot[u] = 0;
        s->touched[s->ntouched++] = u;
    }
    s->tot[u] += a;
}

static void add_cells(trygg_linvar *lv, size_t i, double a)
{
    const trygg_cal_basis *b = &lv->basis;
    for (size_t e = b->first[i]; e < b->first[i + 1]; e++) {
        uint32_t c = b->cell[e];
        if (lv->tmark[c] != lv->gen) {   /* T is zero between calls */
            lv->tmark[c] = lv->gen;
            lv->tsup[lv->ntsup++] = c;
        }
        lv->T[c] += b->t[e] * a;
    }
}

static inline void add_row(trygg_linvar *lv, uint32_t i, double a);

static void accumulate(trygg_linvar *lv, const trygg_year *y,
                       const trygg_influence_term *t)
{
    const domain_rows *dr = &lv->levels[t->level];
    if (t->dom >= dr->ndom)
        return;
    for (size_t j = dr->first[t->dom]; j < dr->first[t->dom + 1]; j++) {
        uint32_t i = dr->pos[j];
        if (trygg_year_flag(y, t->k, i) != TRYGG_V_VALID)
            continue;
        add_row(lv, i, t->scale * y->w[i] * (trygg_year_num(y, t->k, i) -
                                             t->theta * trygg_year_den(y, t->k, i)));
    }
}

static double group_mean(const stage *s, uint32_t g)
{
    size_t n = s->group_first[g + 1] - s->group_first[g];
    return s->centered[g] ? s->gsum[g] / (double)n : 0.0;
}

/* Q(a, a) over the touched units, the untouched ones being zero. */
static double quadratic(stage *s)
{
    if (++s->qgen == 0) {   /* wrapped: no stale mark may match */
        memset(s->gmark, 0, s->ngroups * sizeof *s->gmark);
        s->qgen = 1;
    }
    uint32_t gen = s->qgen;
    s->ngtouched = 0;
    /* the touched units come in runs of one group: sum a run in registers,
     * not through the group's slot in memory */
    size_t j = 0;
    while (j < s->ntouched) {
        uint32_t g = s->group[s->touched[j]];
        double sum = 0;
        uint32_t cnt = 0;
        for (; j < s->ntouched && s->group[s->touched[j]] == g; j++, cnt++)
            sum += s->tot[s->touched[j]];
        if (s->gmark[g] != gen) {
            s->gmark[g] = gen;
            s->gsum[g] = s->gss[g] = 0;
            s->ucount[g] = 0;
            s->gtouched[s->ngtouched++] = g;
        }
        s->gsum[g] += sum;
        s->ucount[g] += cnt;
    }
    j = 0;
    while (j < s->ntouched) {
        uint32_t g = s->group[s->touched[j]];
        double mean = group_mean(s, g), ss = 0;
        for (; j < s->ntouched && s->group[s->touched[j]] == g; j++) {
            double dev = s->tot[s->touched[j]] - mean;
            ss += dev * dev;
        }
        s->gss[g] += ss;
    }
    double v = 0;
    for (size_t q = 0; q < s->ngtouched; q++) {
        uint32_t g = s->gtouched[q];
        if (s->kappa[g] == 0)
            continue;
        double ss = s->gss[g];
        if (s->centered[g]) {
            double mean = group_mean(s, g);
            size_t n = s->group_first[g + 1] - s->group_first[g];
            ss += (double)(n - s->ucount[g]) * mean * mean;
        }
        v += s->kappa[g] * ss;
    }
    return v;
}

/* −2 Q(a, Ug) + Q(Ug, Ug) for the calibration's g. */
static double calibration_terms(trygg_linvar *lv, stage *s, size_t ngsup,
                                double *quad_out)
{
    const double *g = lv->g;
    uint32_t gen = lv->gen;
    s->ngdtouched = 0;
    for (size_t j = 0; j < ngsup; j++) {
        uint32_t c = lv->gsup[j];
        for (size_t e = s->cg.first[c]; e < s->cg.first[c + 1]; e++) {
            uint32_t grp = s->cg.cell[e];
            if (s->gdmark[grp] != gen) {
                s->gdmark[grp] = gen;
                s->gdot[grp] = 0;
                s->gdtouched[s->ngdtouched++] = grp;
            }
            s->gdot[grp] += s->cg.val[e] * g[c];
        }
    }
    double cross = 0;
    for (size_t j = 0; j < s->ntouched; j++) {
        uint32_t u = s->touched[j];
        double kap = s->kappa[s->group[u]];
        if (kap == 0)
            continue;
        double dot;
        trygg_list_dot(&s->uu, u, g, 1, &dot);
        cross += kap * s->tot[u] * dot;
    }
    for (size_t j = 0; j < s->ngtouched; j++) {
        uint32_t grp = s->gtouched[j];
        if (s->kappa[grp] == 0 || !s->centered[grp] || s->gdmark[grp] != gen)
            continue;
        size_t n = s->group_first[grp + 1] - s->group_first[grp];
        cross -= s->kappa[grp] * s->gsum[grp] * s->gdot[grp] / (double)n;
    }
    double quad = 0;
    for (size_t j = 0; j < ngsup; j++) {
        uint32_t c = lv->gsup[j];
        double row;
        trygg_list_dot(&s->s, c, g, 1, &row);
        quad += g[c] * row;
    }
    for (size_t j = 0; j < s->ngdtouched; j++) {
        uint32_t grp = s->gdtouched[j];
        if (s->kappa[grp] == 0 || !s->centered[grp])
            continue;
        size_t n = s->group_first[grp + 1] - s->group_first[grp];
        quad -= s->kappa[grp] * s->gdot[grp] * s->gdot[grp] / (double)n;
    }
    *quad_out = quad;
    return quad - 2 * cross;
}

/* Q(e) from e's unit totals: the touched units and every unit of a cell
 * of g, e_u = a_u − U_u·g. Costs the rows of those cells. */
static double residual_quadratic(trygg_linvar *lv, stage *s, size_t ngsup)
{
    const double *g = lv->g;
    for (size_t j = 0; j < ngsup; j++) {
        uint32_t c = lv->gsup[j];
        for (size_t e = s->cu.first[c]; e < s->cu.first[c + 1]; e++)
            add_unit(s, s->cu.cell[e], 0.0, lv->gen);
    }
    for (size_t j = 0; j < s->ntouched; j++) {
        uint32_t u = s->touched[j];
        double dot;
        trygg_list_dot(&s->uu, u, g, 1, &dot);
        s->tot[u] -= dot;
    }
    return quadratic(s);
}

static void next_generation(trygg_linvar *lv)
{
    if (++lv->gen != 0)
        return;
    /* wrapped: clear every mark so that no stale one matches */
    for (size_t k = 0; k < lv->nstages; k++) {
        stage *s = &lv->st[k];
        memset(s->umark, 0, s->nunits * sizeof *s->umark);
        memset(s->gdmark, 0, s->ngroups * sizeof *s->gdmark);
    }
    if (lv->calibrated)
        memset(lv->tmark, 0, lv->basis.ncells * sizeof *lv->tmark);
    lv->gen = 1;
}

trygg_status trygg_linvar_begin(trygg_linvar *lv, const trygg_year *y,
                                int *active, trygg_errors *err)
{
    *active = 0;
    if (lv->fail_stratum >= 0) {
        trygg_errors_add(err, "", 0, 0, "stratum '%s' (%d) has only one PSU at "
                         "stage %d: set [design] lonely_psu to certainty, remove, "
                         "adjust or average, or merge the stratum with another",
                         y->d.stratum_name[lv->fail_stratum], y->d.year,
                         lv->fail_stage);
        return TRYGG_ERR_DESIGN;
    }
    if (lv->stage2_nan)
        return TRYGG_OK;   /* the variance is NaN whatever the rows */
    next_generation(lv);
    lv->ntsup = 0;
    for (size_t k = 0; k < lv->nstages; k++)
        lv->st[k].ntouched = 0;
    *active = 1;
    return TRYGG_OK;
}

static inline void add_row(trygg_linvar *lv, uint32_t i, double a)
{
    for (size_t k = 0; k < lv->nstages; k++)
        add_unit(&lv->st[k], lv->st[k].unit[i], a, lv->gen);
    if (lv->calibrated)
        add_cells(lv, i, a);
}

static trygg_status finish(trygg_linvar *lv, const trygg_year *y, double *var)
{
    size_t ngsup = 0;
    if (lv->calibrated && lv->ntsup) {
        trygg_status st = trygg_weighting_solve_many(y->ws, &lv->basis, lv->T,
                                                     lv->tsup, lv->ntsup, 1, lv->g,
                                                     lv->gsup, &ngsup, lv->work,
                                                     lv->cmark);
        if (st != TRYGG_OK) {
            memset(lv->g, 0, lv->basis.ncells * sizeof *lv->g);
            memset(lv->T, 0, lv->basis.ncells * sizeof *lv->T);
            return st;
        }
    }
    double v = 0;
    for (size_t k = 0; k < lv->nstages; k++) {
        stage *s = &lv->st[k];
        double qa = quadratic(s);
        double vk = qa;
        if (ngsup) {
            double quad;
            vk += calibration_terms(lv, s, ngsup, &quad);
            /* the calibration explains nearly all of it: the difference
             * has lost its digits, so form the residuals themselves */
            if (!(vk >= 1e-6 * (qa > quad ? qa : quad)))
                vk = residual_quadratic(lv, s, ngsup);
        }
        v += k == 0 ? s->scale * vk : vk;
    }
    for (size_t j = 0; j < ngsup; j++)
        lv->g[lv->gsup[j]] = 0;
    for (size_t j = 0; j < lv->ntsup; j++)
        lv->T[lv->tsup[j]] = 0;
    *var = v;
    return TRYGG_OK;
}

trygg_status trygg_linvar_variance(trygg_linvar *lv, const trygg_year *y,
                                   const trygg_influence_term *terms,
                                   size_t nterms, double *var,
                                   trygg_errors *err)
{
    int active;
    *var = NAN;
    trygg_status st = trygg_linvar_begin(lv, y, &active, err);
    if (st != TRYGG_OK || !active)
        return st;
    for (size_t t = 0; t < nterms; t++)
        if (terms[t].level < lv->nlevels)
            accumulate(lv, y, &terms[t]);
    return finish(lv, y, var);
}

trygg_status trygg_linvar_estimate(trygg_linvar *lv, const trygg_year *y,
                                   size_t l, uint32_t dom, size_t k,
                                   int want_var, trygg_point *p, double *var,
                                   trygg_errors *err)
{
    memset(p, 0, sizeof *p);
    *var = NAN;
    const domain_rows *dr = &lv->levels[l];
    if (dom >= dr->ndom)
        return TRYGG_ERR_ARGUMENT;
    const uint32_t *pos = dr->pos + dr->first[dom];
    size_t m = dr->first[dom + 1] - dr->first[dom];
    for (size_t j = 0; j < m; j++)
        trygg_point_add(y, k, pos[j], p);
    int total = trygg_indicator_is_total(y->sv, k);
    trygg_point_estimate(p, total);
    trygg_influence_term t;
    int active = 0;
    if (want_var && trygg_influence_term_of(y, l, dom, k, p, 1.0, &t)) {
        trygg_status st = trygg_linvar_begin(lv, y, &active, err);
        if (st != TRYGG_OK)
            return st;
    }
    for (size_t j = 0; j < m; j++) {
        uint32_t i = pos[j];
        if (trygg_year_flag(y, k, i) != TRYGG_V_VALID)
            continue;
        trygg_point_add_s2(y, k, i, total, p);
        if (active)
            add_row(lv, i, t.scale * y->w[i] * (trygg_year_num(y, k, i) -
                                                t.theta * trygg_year_den(y, k, i)));
    }
    trygg_point_s2_finish(p, total);
    return active ? finish(lv, y, var) : TRYGG_OK;
}
