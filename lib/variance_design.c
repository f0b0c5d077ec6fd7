/* The variance engine's tables (variance.h): the design's stages with
 * each group's κ and lonely-unit rule, the calibration's cells summed by
 * unit and group, each level's rows by domain; a thread's scratch. Per
 * stratum R's onestrat: f · n/(n−1) · Σ (t − t̄)², f = 1 − n/N, with
 * the with-replacement approximation at each stage and its lonely-PSU
 * rules (survey.lonely.psu). */
#include "variance_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "errors_internal.h"
#include "weighting.h"

static double fpc_factor(double pop, size_t n)
{
    return isfinite(pop) ? (pop - (double)n) / pop : 1.0;
}

static trygg_status stage_alloc(trygg_stage *s, size_t nunits, size_t ngroups)
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
    return TRYGG_OK;
}

static void lists_free(cell_lists *l)
{
    free(l->first);
    free(l->cell);
    free(l->val);
}

static void stage_free(trygg_stage *s)
{
    free(s->group); free(s->kappa); free(s->centered);
    lists_free(&s->uu); lists_free(&s->ug); lists_free(&s->cg); lists_free(&s->cu);
    lists_free(&s->s);
}

/* Group g of stage `stage_no` (n units, fpc factor f, times `base`): its
 * κ, or its lonely-unit rule. A group whose units were all taken
 * (f < 1e-7) adds nothing. Returns 1 for a lonely unit under "average". */
static int group_weight(trygg_variance_engine *lv, trygg_stage *s, size_t g, size_t n, double f,
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
static trygg_status stage_one(trygg_variance_engine *lv, const trygg_design *d)
{
    trygg_stage *s = &lv->st[0];
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
static trygg_status stage_two(trygg_variance_engine *lv, const trygg_design *d)
{
    trygg_stage *s = &lv->st[1];
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
static trygg_status unit_products(trygg_stage *s, size_t ncells)
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
static trygg_status unit_runs(const trygg_stage *s, size_t n, size_t **first)
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

static trygg_status stage_cells(trygg_stage *s, const trygg_cal_basis *b)
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

trygg_status trygg_variance_engine_add_level(trygg_variance_engine *lv, const trygg_year *y,
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

static trygg_status calibration_cells(trygg_variance_engine *lv, const trygg_year *y)
{
    trygg_status st = trygg_weighting_basis(y->ws, y->w, &lv->basis);
    if (st != TRYGG_OK)
        return st;
    lv->calibrated = 1;
    for (size_t k = 0; k < lv->nstages && st == TRYGG_OK; k++)
        st = stage_cells(&lv->st[k], &lv->basis);
    return st;
}

/* A thread's scratch: the kernel's sums per stage and the terms' totals
 * (the domains' and the contrasts' when first used). */
static trygg_status scratch_init(trygg_variance_engine *lv)
{
    trygg_status st = TRYGG_OK;
    for (size_t k = 0; k < lv->nstages && st == TRYGG_OK; k++)
        st = trygg_stage_sums_init(&lv->sums[k], &lv->st[k]);
    return st == TRYGG_OK ? trygg_terms_scratch_init(&lv->ts, lv) : st;
}

trygg_status trygg_variance_engine_new(const trygg_year *y, trygg_variance_engine **out)
{
    *out = NULL;
    trygg_variance_engine *lv = calloc(1, sizeof *lv);
    if (!lv)
        return TRYGG_ERR_NOMEM;
    lv->fail_stratum = -1;
    lv->nstages = y->d.two_stage ? 2 : 1;
    trygg_status st = stage_one(lv, &y->d);
    if (st == TRYGG_OK && y->d.two_stage)
        st = stage_two(lv, &y->d);
    if (st == TRYGG_OK && y->ws)
        st = calibration_cells(lv, y);
    if (st == TRYGG_OK)
        st = scratch_init(lv);
    if (st == TRYGG_OK && y->nlevels)
        st = trygg_variance_engine_add_level(lv, y, y->nlevels - 1);
    if (st != TRYGG_OK) {
        trygg_variance_engine_free(lv);
        return st;
    }
    *out = lv;
    return TRYGG_OK;
}

trygg_status trygg_variance_engine_worker(const trygg_variance_engine *shared,
                                          trygg_variance_engine **out)
{
    *out = NULL;
    trygg_variance_engine *lv = malloc(sizeof *lv);
    if (!lv)
        return TRYGG_ERR_NOMEM;
    *lv = *shared;
    lv->shared = shared;
    memset(lv->sums, 0, sizeof lv->sums);
    memset(&lv->ts, 0, sizeof lv->ts);
    lv->dom = NULL;
    lv->con = NULL;
    trygg_status st = scratch_init(lv);
    if (st != TRYGG_OK) {
        trygg_variance_engine_free(lv);
        return st;
    }
    *out = lv;
    return TRYGG_OK;
}

void trygg_variance_engine_drop_levels(trygg_variance_engine *lv, size_t keep)
{
    for (; lv->nlevels > keep; lv->nlevels--) {
        free(lv->levels[lv->nlevels - 1].first);
        free(lv->levels[lv->nlevels - 1].pos);
    }
}

void trygg_variance_engine_free(trygg_variance_engine *lv)
{
    if (!lv)
        return;
    for (size_t k = 0; k < 2; k++)
        trygg_stage_sums_free(&lv->sums[k]);
    trygg_terms_scratch_free(&lv->ts);
    trygg_domain_scratch_free(lv->dom);
    trygg_contrast_scratch_free(lv->con);
    if (lv->shared) {
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

trygg_status trygg_variance_begin(const trygg_variance_engine *lv, const trygg_year *y,
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
    *active = !lv->stage2_nan;   /* else NaN whatever the rows */
    return TRYGG_OK;
}
