/* Children against the domain that encloses them (variance.h): districts
 * minus their municipality, municipalities minus the region. The parent's
 * unit totals, its groups' parts of the quadratic form and its part of
 * Q(x, Ug) per calibration cell are made once; a child then costs its own
 * rows and the groups they fall in.
 *
 * With x = a − b (the child's influence values minus the parent's), per
 * stage Q(x) is a sum over groups: a group no child row falls in keeps the
 * parent's part, and the others are summed again in the kernel from their
 * units' totals x_u = a_u − b_u. Q(x, Ug) = Σ_u κ x_u U_u·g is g·V with
 * V_c = Σ_u κ x_u U_uc summed once for each side, so that no unit is read
 * again for it (nor for the child's and the parent's own variances). */
#include "variance_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    double *P, *A;                 /* per unit: the parent's, the child's */
    uint8_t *pmark, *amark;
    uint32_t *punits, *aunits;
    size_t npu, nau;
    uint8_t *pgmark, *agmark;      /* per group */
    uint32_t *pgroups, *agroups;
    size_t npg, nag;
    double *pq, *psum;             /* per group: the parent's part, Σ b_u */
    double *VP, *VA;               /* per cell: the parent's V, the child's */
    double *X;                     /* per unit: a + b in the child's groups */
    uint32_t *xunits;
    size_t nx;
} side_stage;

struct contrast_scratch {
    side_stage cs[2];
    size_t ncells;
    double *TP, *T, *g, *work;     /* per cell */
    uint32_t *tpsup, *tsup, *gsup;
    uint8_t *tpmark, *tmark, *cmark;
    size_t ntp, nts;
    size_t k;                      /* the indicator */
    int have_term;
    trygg_influence_term pt;       /* the parent's, coefficient −1 */
};

static int side_alloc(side_stage *c, const trygg_stage *s, size_t ncells)
{
    size_t U = s->nunits + 1, G = s->ngroups + 1, C = ncells + 1;
    c->P = calloc(U, sizeof *c->P);
    c->A = calloc(U, sizeof *c->A);
    c->pmark = calloc(U, 1);
    c->amark = calloc(U, 1);
    c->punits = malloc(U * sizeof *c->punits);
    c->aunits = malloc(U * sizeof *c->aunits);
    c->pgmark = calloc(G, 1);
    c->agmark = calloc(G, 1);
    c->pgroups = malloc(G * sizeof *c->pgroups);
    c->agroups = malloc(G * sizeof *c->agroups);
    c->pq = calloc(G, sizeof *c->pq);
    c->psum = calloc(G, sizeof *c->psum);
    c->VP = calloc(C, sizeof *c->VP);
    c->VA = calloc(C, sizeof *c->VA);
    c->X = malloc(U * sizeof *c->X);
    c->xunits = malloc(U * sizeof *c->xunits);
    return c->P && c->A && c->pmark && c->amark && c->punits && c->aunits && c->pgmark &&
           c->agmark && c->pgroups && c->agroups && c->pq && c->psum && c->VP && c->VA && c->X &&
           c->xunits;
}

static void side_free(side_stage *c)
{
    free(c->P); free(c->A); free(c->pmark); free(c->amark); free(c->punits);
    free(c->aunits); free(c->pgmark); free(c->agmark); free(c->pgroups); free(c->agroups);
    free(c->pq); free(c->psum); free(c->VP); free(c->VA); free(c->X); free(c->xunits);
}

void trygg_contrast_scratch_free(struct contrast_scratch *c)
{
    if (!c)
        return;
    for (size_t k = 0; k < 2; k++)
        side_free(&c->cs[k]);
    free(c->TP); free(c->T); free(c->g); free(c->work); free(c->tpsup); free(c->tsup);
    free(c->gsup); free(c->tpmark); free(c->tmark); free(c->cmark);
    free(c);
}

static trygg_status scratch_ready(trygg_variance_engine *e)
{
    if (e->con)
        return TRYGG_OK;
    struct contrast_scratch *c = calloc(1, sizeof *c);
    if (!c)
        return TRYGG_ERR_NOMEM;
    c->ncells = e->calibrated ? e->basis.ncells : 0;
    size_t C = c->ncells + 1;
    int ok = 1;
    for (size_t k = 0; k < e->nstages; k++)
        ok &= side_alloc(&c->cs[k], &e->st[k], c->ncells);
    c->TP = calloc(C, sizeof *c->TP);
    c->T = calloc(C, sizeof *c->T);
    c->g = calloc(C, sizeof *c->g);
    c->work = calloc(2 * C + 1, sizeof *c->work);
    c->tpsup = malloc(C * sizeof *c->tpsup);
    c->tsup = malloc(C * sizeof *c->tsup);
    c->gsup = malloc(C * sizeof *c->gsup);
    c->tpmark = calloc(C, 1);
    c->tmark = calloc(C, 1);
    c->cmark = calloc((c->ncells ? e->basis.ncomp : 0) + 1, 1);
    if (!ok || !c->TP || !c->T || !c->g || !c->work || !c->tpsup || !c->tsup || !c->gsup ||
        !c->tpmark || !c->tmark || !c->cmark) {
        trygg_contrast_scratch_free(c);
        return TRYGG_ERR_NOMEM;
    }
    e->con = c;
    return TRYGG_OK;
}

static inline void mark_add(uint8_t *mark, uint32_t *list, size_t *n, uint32_t x)
{
    if (!mark[x]) {
        mark[x] = 1;
        list[(*n)++] = x;
    }
}

/* The valid rows of term t into the parent's (or the child's) unit totals
 * and T. */
static void add_term(trygg_variance_engine *e, const trygg_year *y,
                     const trygg_influence_term *t, int parent)
{
    struct contrast_scratch *c = e->con;
    const domain_rows *dr = &e->levels[t->level];
    const trygg_cal_basis *b = &e->basis;
    for (size_t j = dr->first[t->dom]; j < dr->first[t->dom + 1]; j++) {
        uint32_t i = dr->pos[j];
        if (trygg_year_flag(y, t->k, i) != TRYGG_V_VALID)
            continue;
        double a = trygg_term_value(y, t, i);
        for (size_t k = 0; k < e->nstages; k++) {
            side_stage *s = &c->cs[k];
            uint32_t u = e->st[k].unit[i];
            if (parent) {
                mark_add(s->pmark, s->punits, &s->npu, u);
                s->P[u] += a;
            } else {
                mark_add(s->amark, s->aunits, &s->nau, u);
                s->A[u] += a;
            }
        }
        for (size_t q = 0; c->ncells && q < b->first[i + 1] - b->first[i]; q++) {
            size_t at = b->first[i] + q;
            uint32_t cell = b->cell[at];
            if (parent) {
                mark_add(c->tpmark, c->tpsup, &c->ntp, cell);
                c->TP[cell] += b->t[at] * a;
            } else {
                mark_add(c->tmark, c->tsup, &c->nts, cell);
                c->T[cell] += b->t[at] * a;
            }
        }
    }
}

static void parent_clear(trygg_variance_engine *e)
{
    struct contrast_scratch *c = e->con;
    for (size_t k = 0; k < e->nstages; k++) {
        side_stage *s = &c->cs[k];
        for (size_t j = 0; j < s->npu; j++) {
            s->P[s->punits[j]] = 0;
            s->pmark[s->punits[j]] = 0;
        }
        for (size_t j = 0; j < s->npg; j++)
            s->pgmark[s->pgroups[j]] = 0;
        s->npu = s->npg = 0;
        memset(s->VP, 0, (c->ncells + 1) * sizeof *s->VP);
    }
    for (size_t j = 0; j < c->ntp; j++) {
        c->TP[c->tpsup[j]] = 0;
        c->tpmark[c->tpsup[j]] = 0;
    }
    c->ntp = 0;
}

/* g = G(T) for T over the cells sup (T zero elsewhere). */
static trygg_status solve(trygg_variance_engine *e, const trygg_year *y, const double *T,
                          const uint32_t *sup, size_t nsup, size_t *ngsup)
{
    struct contrast_scratch *c = e->con;
    *ngsup = 0;
    if (!c->ncells || !nsup)
        return TRYGG_OK;
    trygg_status st = trygg_weighting_solve_many(y->ws, &e->basis, T, sup, nsup, 1, c->g,
                                                 c->gsup, ngsup, c->work, c->cmark);
    if (st != TRYGG_OK) {
        memset(c->g, 0, c->ncells * sizeof *c->g);
        *ngsup = 0;
    }
    return st;
}

static void g_clear(struct contrast_scratch *c, size_t ngsup)
{
    for (size_t j = 0; j < ngsup; j++)
        c->g[c->gsup[j]] = 0;
}

/* V_c = Σ_u κ x_u U_uc over a side's units: Q(x, Ug) is then g·V for
 * any g, so that neither side's units are read again for it. */
static void side_cells(const trygg_stage *t, const uint32_t *units, size_t n, const double *x,
                       double *V)
{
    for (size_t j = 0; j < n; j++) {
        uint32_t u = units[j];
        double kap = t->kappa[t->group[u]];
        if (kap == 0)
            continue;
        for (size_t q = t->uu.first[u]; q < t->uu.first[u + 1]; q++)
            V[t->uu.cell[q]] += kap * x[u] * t->uu.val[q];
    }
}

/* Stage k's variance of one side alone (x: its unit totals, over its units
 * in the order first touched; V its cells' sums). */
static trygg_status one_side_stage(trygg_variance_engine *e, size_t k, const uint32_t *units,
                                   size_t n, const double *x, const double *V, size_t ngsup,
                                   double *v, uint8_t *redo)
{
    const double *g = e->con->g;
    const uint32_t *gsup = e->con->gsup;
    trygg_stage_sums *ss = &e->sums[k];
    trygg_status st = trygg_stage_begin(ss, 1);
    if (st != TRYGG_OK)
        return st;
    trygg_stage_units(ss, units, n, x, NULL, g, gsup, ngsup);
    for (size_t j = 0; j < ngsup; j++)
        ss->cross[0] += g[gsup[j]] * V[gsup[j]];
    trygg_stage_finish(ss, g, gsup, ngsup, NULL, v, redo);
    return TRYGG_OK;
}

/* The parent's groups at stage k with their parts of Q, as the kernel left
 * them. */
static void parent_parts(trygg_variance_engine *e, size_t k)
{
    side_stage *s = &e->con->cs[k];
    const trygg_stage *t = &e->st[k];
    const trygg_stage_sums *ss = &e->sums[k];
    for (size_t lg = 0; lg < ss->nlocal; lg++) {
        uint32_t grp = ss->lgid[lg];
        mark_add(s->pgmark, s->pgroups, &s->npg, grp);
        s->pq[grp] = t->kappa[grp] == 0 ? 0 : trygg_stage_group_q(ss, lg, 0);
        s->psum[grp] = ss->gsum[lg];
    }
}

/* The variance of the parent's (or the child's) own estimator from its
 * sums; *whole when the residuals are to be formed (the terms' door does).
 * The parent keeps its groups' parts. */
static trygg_status side_variance(trygg_variance_engine *e, const trygg_year *y, int parent,
                                  double *var, int *whole)
{
    struct contrast_scratch *c = e->con;
    size_t ngsup = 0;
    trygg_status st = parent ? solve(e, y, c->TP, c->tpsup, c->ntp, &ngsup)
                             : solve(e, y, c->T, c->tsup, c->nts, &ngsup);
    double v = 0;
    *whole = 0;
    for (size_t k = 0; k < e->nstages && st == TRYGG_OK; k++) {
        side_stage *s = &c->cs[k];
        double vk;
        uint8_t redo;
        if (c->ncells)
            parent ? side_cells(&e->st[k], s->punits, s->npu, s->P, s->VP)
                   : side_cells(&e->st[k], s->aunits, s->nau, s->A, s->VA);
        st = parent ? one_side_stage(e, k, s->punits, s->npu, s->P, s->VP, ngsup, &vk, &redo)
                    : one_side_stage(e, k, s->aunits, s->nau, s->A, s->VA, ngsup, &vk, &redo);
        if (st == TRYGG_OK && parent)
            parent_parts(e, k);
        *whole |= redo;
        v += k == 0 ? e->st[k].scale * vk : vk;
    }
    g_clear(c, ngsup);
    if (st == TRYGG_OK && !*whole)
        *var = v;
    return st;
}

trygg_status trygg_variance_parent(trygg_variance_engine *e, const trygg_year *y, size_t pl,
                                   uint32_t pd, size_t k, const trygg_point *pb, double *var,
                                   trygg_errors *err)
{
    *var = NAN;
    trygg_status st = scratch_ready(e);
    if (st != TRYGG_OK)
        return st;
    struct contrast_scratch *c = e->con;
    parent_clear(e);
    c->k = k;
    /* a level the engine has not indexed adds nothing */
    c->have_term = pl < e->nlevels && pd < e->levels[pl].ndom &&
                   trygg_influence_term_of(y, pl, pd, k, pb, -1.0, &c->pt);
    if (!c->have_term)
        return TRYGG_OK;
    int active = 0, whole = 0;
    st = trygg_variance_begin(e, y, &active, err);
    if (st != TRYGG_OK || !active)
        return st;
    add_term(e, y, &c->pt, 1);
    /* the parent's coefficient is −1: its variance is the same */
    st = side_variance(e, y, 1, var, &whole);
    if (st == TRYGG_OK && whole)
        st = trygg_variance_of_terms(e, y, &c->pt, 1, var, err);
    return st;
}

static void child_clear(trygg_variance_engine *e)
{
    struct contrast_scratch *c = e->con;
    for (size_t k = 0; k < e->nstages; k++) {
        side_stage *s = &c->cs[k];
        for (size_t j = 0; j < s->nau; j++) {
            s->A[s->aunits[j]] = 0;
            s->amark[s->aunits[j]] = 0;
        }
        for (size_t j = 0; j < s->nag; j++)
            s->agmark[s->agroups[j]] = 0;
        s->nau = s->nag = 0;
        memset(s->VA, 0, (c->ncells + 1) * sizeof *s->VA);
    }
    for (size_t j = 0; j < c->nts; j++) {
        c->T[c->tsup[j]] = 0;
        c->tmark[c->tsup[j]] = 0;
    }
    c->nts = 0;
}

/* The units of the child's groups with x = a + b (b has coefficient −1). */
static void child_units(side_stage *s, const trygg_stage *t)
{
    s->nx = 0;
    for (size_t j = 0; j < s->nag; j++) {
        uint32_t grp = s->agroups[j];
        for (size_t u = t->group_first[grp]; u < t->group_first[grp + 1]; u++) {
            if (!s->amark[u] && !s->pmark[u])
                continue;
            s->X[u] = s->A[u] + s->P[u];
            s->xunits[s->nx++] = (uint32_t)u;
        }
    }
}

/* Stage k's variance of the difference; *redo as trygg_stage_finish. */
static trygg_status child_stage(trygg_variance_engine *e, size_t k, size_t ngsup, double *v,
                                uint8_t *redo)
{
    struct contrast_scratch *c = e->con;
    side_stage *s = &c->cs[k];
    trygg_stage_sums *ss = &e->sums[k];
    for (size_t j = 0; j < s->nau; j++)
        mark_add(s->agmark, s->agroups, &s->nag, e->st[k].group[s->aunits[j]]);
    trygg_status st = trygg_stage_begin(ss, 1);
    if (st != TRYGG_OK)
        return st;
    child_units(s, &e->st[k]);
    trygg_stage_units(ss, s->xunits, s->nx, s->X, NULL, c->g, c->gsup, ngsup);
    for (size_t j = 0; j < ngsup; j++)
        ss->cross[0] += c->g[c->gsup[j]] * (s->VA[c->gsup[j]] + s->VP[c->gsup[j]]);
    trygg_stage_outside out = {s->pgroups, s->npg, s->pq, s->psum};
    trygg_stage_finish(ss, c->g, c->gsup, ngsup, &out, v, redo);
    return TRYGG_OK;
}

/* The difference from the sums, T being the child's plus the parent's;
 * *whole as side_variance. */
static trygg_status child_diff(trygg_variance_engine *e, const trygg_year *y, double *diff,
                               int *whole)
{
    struct contrast_scratch *c = e->con;
    for (size_t j = 0; c->ncells && j < c->ntp; j++) {
        uint32_t cell = c->tpsup[j];
        mark_add(c->tmark, c->tsup, &c->nts, cell);
        c->T[cell] += c->TP[cell];
    }
    size_t ngsup = 0;
    trygg_status st = solve(e, y, c->T, c->tsup, c->nts, &ngsup);
    double v = 0;
    *whole = 0;
    for (size_t k = 0; k < e->nstages && st == TRYGG_OK && !*whole; k++) {
        double vk;
        uint8_t redo;
        st = child_stage(e, k, ngsup, &vk, &redo);
        *whole = redo;
        v += k == 0 ? e->st[k].scale * vk : vk;
    }
    g_clear(c, ngsup);
    if (st == TRYGG_OK && !*whole)
        *diff = v;
    return st;
}

trygg_status trygg_variance_child(trygg_variance_engine *e, const trygg_year *y, size_t l,
                                  uint32_t d, const trygg_point *pa, double *diff, double *own,
                                  trygg_errors *err)
{
    struct contrast_scratch *c = e->con;
    trygg_influence_term t[2];
    *diff = *own = NAN;
    if (!c)
        return TRYGG_ERR_ARGUMENT;   /* no parent set */
    int have = trygg_influence_term_of(y, l, d, c->k, pa, 1.0, &t[0]);
    size_t n = (size_t)have;
    if (c->have_term)
        t[n++] = c->pt;
    int active = 0, own_whole = have, whole = 1;
    trygg_status st = trygg_variance_begin(e, y, &active, err);
    if (st != TRYGG_OK || !active)
        return st;
    if (have && l < e->nlevels && d < e->levels[l].ndom) {
        add_term(e, y, &t[0], 0);
        st = side_variance(e, y, 0, own, &own_whole);
        if (st == TRYGG_OK && c->have_term)
            st = child_diff(e, y, diff, &whole);
        child_clear(e);
    }
    if (st == TRYGG_OK && own_whole)
        st = trygg_variance_of_terms(e, y, &t[0], 1, own, err);
    if (st == TRYGG_OK && whole)
        st = trygg_variance_of_terms(e, y, t, n, diff, err);
    return st;
}
