/* Contrasts against an enclosing domain from the parent's sums made once
 * (linvar_contrast.h). Marks are bytes, cleared along the lists that set
 * them, so that a child costs what it touches. */
#include "linvar_contrast.h"
#include "linvar_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* One stage: the parent's (P) and the child's (A) unit totals, the groups
 * (strata or PSUs) each falls in, and per cell Σ_u κ_g(u) x_u U_uc. */
typedef struct {
    const stage *s;
    double *P, *A;
    uint8_t *pmark, *amark;              /* per unit */
    uint32_t *punits, *aunits;
    size_t npu, nau;
    uint8_t *pgmark, *agmark, *gdmark;   /* per group */
    uint32_t *pgroups, *agroups, *gdl;
    size_t npg, nag, ngd;
    double *pq, *psum, *xsum, *gdot;     /* per group */
    double *VP, *VA;                     /* per cell */
} cstage;

struct trygg_contrast_engine {
    const trygg_year *y;
    trygg_linvar *lv;
    size_t nstages, ncells;
    cstage cs[2];
    double *TP, *T, *g, *work;           /* per cell */
    uint32_t *tpsup, *tsup, *gsup;
    uint8_t *tpmark, *tmark, *cmark;     /* per cell; cmark per component */
    size_t ntp, nts;
    int have_term;
    trygg_influence_term pt;             /* the parent's, coefficient −1 */
    size_t pl, k;
    uint32_t pd;
    trygg_point pb;
};

static int cstage_alloc(cstage *c, const stage *s, size_t ncells)
{
    size_t U = s->nunits + 1, G = s->ngroups + 1, C = ncells + 1;
    c->s = s;
    c->P = calloc(U, sizeof *c->P);
    c->A = calloc(U, sizeof *c->A);
    c->pmark = calloc(U, 1);
    c->amark = calloc(U, 1);
    c->punits = malloc(U * sizeof *c->punits);
    c->aunits = malloc(U * sizeof *c->aunits);
    c->pgmark = calloc(G, 1);
    c->agmark = calloc(G, 1);
    c->gdmark = calloc(G, 1);
    c->pgroups = malloc(G * sizeof *c->pgroups);
    c->agroups = malloc(G * sizeof *c->agroups);
    c->gdl = malloc(G * sizeof *c->gdl);
    c->pq = calloc(G, sizeof *c->pq);
    c->psum = calloc(G, sizeof *c->psum);
    c->xsum = calloc(G, sizeof *c->xsum);
    c->gdot = calloc(G, sizeof *c->gdot);
    c->VP = calloc(C, sizeof *c->VP);
    c->VA = calloc(C, sizeof *c->VA);
    return c->P && c->A && c->pmark && c->amark && c->punits && c->aunits &&
           c->pgmark && c->agmark && c->gdmark && c->pgroups && c->agroups &&
           c->gdl && c->pq && c->psum && c->xsum && c->gdot && c->VP && c->VA;
}

static void cstage_free(cstage *c)
{
    free(c->P); free(c->A); free(c->pmark); free(c->amark); free(c->punits);
    free(c->aunits); free(c->pgmark); free(c->agmark); free(c->gdmark);
    free(c->pgroups); free(c->agroups); free(c->gdl); free(c->pq); free(c->psum);
    free(c->xsum); free(c->gdot); free(c->VP); free(c->VA);
}

void trygg_contrast_engine_free(trygg_contrast_engine *e)
{
    if (!e)
        return;
    for (size_t k = 0; k < 2; k++)
        cstage_free(&e->cs[k]);
    free(e->TP); free(e->T); free(e->g); free(e->work); free(e->tpsup);
    free(e->tsup); free(e->gsup); free(e->tpmark); free(e->tmark); free(e->cmark);
    free(e);
}

trygg_status trygg_contrast_engine_new(const trygg_year *y,
                                       trygg_contrast_engine **out)
{
    return trygg_contrast_engine_new_on(y, y->lv, out);
}

trygg_status trygg_contrast_engine_new_on(const trygg_year *y, trygg_linvar *lv,
                                          trygg_contrast_engine **out)
{
    *out = NULL;
    trygg_contrast_engine *e = calloc(1, sizeof *e);
    if (!e)
        return TRYGG_ERR_NOMEM;
    e->y = y;
    e->lv = lv;
    e->nstages = lv->nstages;
    e->ncells = lv->calibrated ? lv->basis.ncells : 0;
    size_t C = e->ncells + 1;
    int ok = 1;
    for (size_t k = 0; k < e->nstages; k++)
        ok &= cstage_alloc(&e->cs[k], &lv->st[k], e->ncells);
    e->TP = calloc(C, sizeof *e->TP);
    e->T = calloc(C, sizeof *e->T);
    e->g = calloc(C, sizeof *e->g);
    e->work = calloc(2 * C + 1, sizeof *e->work);
    e->tpsup = malloc(C * sizeof *e->tpsup);
    e->tsup = malloc(C * sizeof *e->tsup);
    e->gsup = malloc(C * sizeof *e->gsup);
    e->tpmark = calloc(C, 1);
    e->tmark = calloc(C, 1);
    e->cmark = calloc((e->ncells ? lv->basis.ncomp : 0) + 1, 1);
    if (!ok || !e->TP || !e->T || !e->g || !e->work || !e->tpsup || !e->tsup ||
        !e->gsup || !e->tpmark || !e->tmark || !e->cmark) {
        trygg_contrast_engine_free(e);
        return TRYGG_ERR_NOMEM;
    }
    *out = e;
    return TRYGG_OK;
}

/* a_i as linvar.c forms it, so the units' totals round alike. */
static inline double row_value(const trygg_year *y, const trygg_influence_term *t,
                               uint32_t i)
{
    return t->scale * y->w[i] * (trygg_year_num(y, t->k, i) - t->theta * trygg_year_den(y, t->k, i));
}

static inline void mark_add(uint8_t *mark, uint32_t *list, size_t *n, uint32_t x)
{
    if (!mark[x]) {
        mark[x] = 1;
        list[(*n)++] = x;
    }
}

/* Row i's value a into the stages' unit totals and the cells' T. */
static void add_row(trygg_contrast_engine *e, uint32_t i, double a, int parent)
{
    for (size_t k = 0; k < e->nstages; k++) {
        cstage *c = &e->cs[k];
        uint32_t u = c->s->unit[i];
        if (parent) {
            mark_add(c->pmark, c->punits, &c->npu, u);
            c->P[u] += a;
        } else {
            mark_add(c->amark, c->aunits, &c->nau, u);
            c->A[u] += a;
        }
    }
    if (!e->ncells)
        return;
    const trygg_cal_basis *b = &e->lv->basis;
    for (size_t q = b->first[i]; q < b->first[i + 1]; q++) {
        uint32_t cell = b->cell[q];
        if (parent) {
            mark_add(e->tpmark, e->tpsup, &e->ntp, cell);
            e->TP[cell] += b->t[q] * a;
        } else {
            mark_add(e->tmark, e->tsup, &e->nts, cell);
            e->T[cell] += b->t[q] * a;
        }
    }
}

/* The rows of (l, d) whose answer to the term's indicator is valid. */
static void add_term(trygg_contrast_engine *e, const trygg_influence_term *t,
                     int parent)
{
    const trygg_year *y = e->y;
    const domain_rows *dr = &e->lv->levels[t->level];
    for (size_t j = dr->first[t->dom]; j < dr->first[t->dom + 1]; j++) {
        uint32_t i = dr->pos[j];
        if (trygg_year_flag(y, t->k, i) == TRYGG_V_VALID)
            add_row(e, i, row_value(y, t, i), parent);
    }
}

/* Which influence values a variance is of: the child's (A), the parent's
 * (P), or the child's minus the parent's (A + P, P having coefficient −1). */
typedef enum { OF_CHILD, OF_PARENT, OF_DIFF } of_what;

static inline double x_of(const cstage *c, size_t u, of_what w)
{
    return w == OF_CHILD ? c->A[u] : w == OF_PARENT ? c->P[u] : c->A[u] + c->P[u];
}

/* κ_g Σ_{u∈g} (x_u − x̄_g)² (x̄ = 0 uncentered), and Σ x_u. */
static double group_q(const cstage *c, uint32_t g, of_what w, double *sum)
{
    const stage *s = c->s;
    size_t u0 = s->group_first[g], u1 = s->group_first[g + 1];
    double t = 0, ss = 0;
    for (size_t u = u0; u < u1; u++)
        t += x_of(c, u, w);
    *sum = t;
    if (s->kappa[g] == 0)
        return 0;
    double mean = s->centered[g] ? t / (double)(u1 - u0) : 0;
    for (size_t u = u0; u < u1; u++) {
        double dev = x_of(c, u, w) - mean;
        ss += dev * dev;
    }
    return s->kappa[g] * ss;
}

/* Σ_u κ x_u U_u of the units listed into V. */
static void unit_cells(const cstage *c, const double *x, const uint32_t *units,
                       size_t n, double *V)
{
    const stage *s = c->s;
    for (size_t j = 0; j < n; j++) {
        uint32_t u = units[j];
        double kap = s->kappa[s->group[u]];
        if (kap == 0)
            continue;
        for (size_t q = s->uu.first[u]; q < s->uu.first[u + 1]; q++)
            V[s->uu.cell[q]] += kap * x[u] * s->uu.val[q];
    }
}

static void parent_clear(trygg_contrast_engine *e)
{
    for (size_t k = 0; k < e->nstages; k++) {
        cstage *c = &e->cs[k];
        for (size_t j = 0; j < c->npu; j++) {
            c->P[c->punits[j]] = 0;
            c->pmark[c->punits[j]] = 0;
        }
        for (size_t j = 0; j < c->npg; j++)
            c->pgmark[c->pgroups[j]] = 0;
        c->npu = c->npg = 0;
        memset(c->VP, 0, (e->ncells + 1) * sizeof *c->VP);
    }
    for (size_t j = 0; j < e->ntp; j++) {
        e->TP[e->tpsup[j]] = 0;
        e->tpmark[e->tpsup[j]] = 0;
    }
    e->ntp = 0;
}

/* Q(x): for the difference, the parent's groups the child has no unit in
 * keep the parent's part. Group sums into xsum (the child's groups). */
static double stage_quadratic(cstage *c, of_what w)
{
    double v = 0;
    for (size_t j = 0; w != OF_CHILD && j < c->npg; j++)
        if (w == OF_PARENT || !c->agmark[c->pgroups[j]])
            v += c->pq[c->pgroups[j]];
    for (size_t j = 0; w != OF_PARENT && j < c->nag; j++)
        v += group_q(c, c->agroups[j], w, &c->xsum[c->agroups[j]]);
    return v;
}

/* Σ_u x_u of group grp. */
static double group_sum(const cstage *c, uint32_t grp, of_what w)
{
    if (w == OF_PARENT)
        return c->pgmark[grp] ? c->psum[grp] : 0;
    if (c->agmark[grp])
        return c->xsum[grp];
    return w == OF_DIFF && c->pgmark[grp] ? c->psum[grp] : 0;
}

/* −2 Q(x, Ug) + Q(Ug, Ug), as linvar.c's calibration_terms. */
static double stage_calibration(trygg_contrast_engine *e, cstage *c, size_t ngsup,
                                of_what w, double *quad_out)
{
    const stage *s = c->s;
    const double *g = e->g;
    for (size_t j = 0; j < ngsup; j++) {
        uint32_t cell = e->gsup[j];
        for (size_t q = s->cg.first[cell]; q < s->cg.first[cell + 1]; q++) {
            uint32_t grp = s->cg.cell[q];
            if (!c->gdmark[grp]) {
                c->gdmark[grp] = 1;
                c->gdot[grp] = 0;
                c->gdl[c->ngd++] = grp;
            }
            c->gdot[grp] += s->cg.val[q] * g[cell];
        }
    }
    double cross = 0, quad = 0;
    for (size_t j = 0; j < ngsup; j++) {
        uint32_t cell = e->gsup[j];
        double row, v = w == OF_CHILD ? c->VA[cell] : w == OF_PARENT ? c->VP[cell]
                                                                    : c->VA[cell] + c->VP[cell];
        cross += g[cell] * v;
        trygg_list_dot(&s->s, cell, g, 1, &row);
        quad += g[cell] * row;
    }
    for (size_t j = 0; j < c->ngd; j++) {
        uint32_t grp = c->gdl[j];
        if (s->kappa[grp] == 0 || !s->centered[grp])
            continue;
        double n = (double)(s->group_first[grp + 1] - s->group_first[grp]);
        cross -= s->kappa[grp] * group_sum(c, grp, w) * c->gdot[grp] / n;
        quad -= s->kappa[grp] * c->gdot[grp] * c->gdot[grp] / n;
    }
    for (size_t j = 0; j < c->ngd; j++)
        c->gdmark[c->gdl[j]] = 0;
    c->ngd = 0;
    *quad_out = quad;
    return quad - 2 * cross;
}

/* g = G(T) for T over the cells sup (T zero elsewhere). */
static trygg_status solve(trygg_contrast_engine *e, const double *T, const uint32_t *sup,
                          size_t nsup, size_t *ngsup)
{
    *ngsup = 0;
    if (!nsup)
        return TRYGG_OK;
    trygg_status st = trygg_weighting_solve_many(e->y->ws, &e->lv->basis, T, sup, nsup, 1,
                                                 e->g, e->gsup, ngsup, e->work, e->cmark);
    if (st != TRYGG_OK) {
        memset(e->g, 0, e->ncells * sizeof *e->g);
        *ngsup = 0;
    }
    return st;
}

static void g_clear(trygg_contrast_engine *e, size_t ngsup)
{
    for (size_t j = 0; j < ngsup; j++)
        e->g[e->gsup[j]] = 0;
}

/* The variance of w's values, g solved for them (ngsup cells); 0 when the
 * calibration explains so much of a stage that linvar.c would form the
 * residuals row by row. */
static int variance_of(trygg_contrast_engine *e, size_t ngsup, of_what w, double *var)
{
    double v = 0;
    for (size_t k = 0; k < e->nstages; k++) {
        cstage *c = &e->cs[k];
        double qx = stage_quadratic(c, w), vk = qx;
        if (ngsup) {
            double quad;
            vk += stage_calibration(e, c, ngsup, w, &quad);
            if (!(vk >= 1e-6 * (qx > quad ? qx : quad)))
                return 0;
        }
        v += k == 0 ? c->s->scale * vk : vk;
    }
    *var = v;
    return 1;
}

/* The variance of w's values and g solved for T; *ok = 0 as variance_of. */
static trygg_status solved_variance(trygg_contrast_engine *e, const double *T,
                                    const uint32_t *sup, size_t nsup, of_what w,
                                    double *var, int *ok)
{
    size_t ngsup = 0;
    trygg_status st = e->ncells ? solve(e, T, sup, nsup, &ngsup) : TRYGG_OK;
    *ok = st == TRYGG_OK && variance_of(e, ngsup, w, var);
    g_clear(e, ngsup);
    return st;
}

/* linvar.c's variances on the engine's own linvar (each worker its own
 * scratch), as trygg_year_variance and trygg_year_diff_variance give them. */
static trygg_status whole_variance(trygg_contrast_engine *e,
                                   const trygg_influence_term *t, size_t n,
                                   double *var, trygg_errors *err)
{
    return trygg_linvar_variance(e->lv, e->y, t, n, var, err);
}

static trygg_status whole_diff(trygg_contrast_engine *e, size_t l, uint32_t d,
                               const trygg_point *pa, double *var, trygg_errors *err)
{
    trygg_influence_term t[2];
    size_t n = 0;
    n += (size_t)trygg_influence_term_of(e->y, l, d, e->k, pa, 1.0, &t[n]);
    n += (size_t)trygg_influence_term_of(e->y, e->pl, e->pd, e->k, &e->pb, -1.0, &t[n]);
    return whole_variance(e, t, n, var, err);
}

static trygg_status parent_alone(trygg_contrast_engine *e, double *var,
                                 trygg_errors *err)
{
    int active, ok = 0;
    trygg_status st = trygg_linvar_begin(e->lv, e->y, &active, err);
    if (st != TRYGG_OK || !active)
        return st;
    st = solved_variance(e, e->TP, e->tpsup, e->ntp, OF_PARENT, var, &ok);
    if (st == TRYGG_OK && !ok)
        st = whole_variance(e, &e->pt, 1, var, err);
    return st;
}

trygg_status trygg_contrast_engine_parent(trygg_contrast_engine *e, size_t pl,
                                          uint32_t pd, size_t k, const trygg_point *pb,
                                          double *var, trygg_errors *err)
{
    parent_clear(e);
    e->pl = pl;
    e->pd = pd;
    e->k = k;
    e->pb = *pb;
    *var = NAN;
    /* as linvar.c, a level it has not indexed adds nothing */
    e->have_term = pl < e->lv->nlevels && pd < e->lv->levels[pl].ndom &&
                   trygg_influence_term_of(e->y, pl, pd, k, pb, -1.0, &e->pt);
    if (!e->have_term)
        return TRYGG_OK;
    add_term(e, &e->pt, 1);
    for (size_t q = 0; q < e->nstages; q++) {
        cstage *c = &e->cs[q];
        for (size_t j = 0; j < c->npu; j++)
            mark_add(c->pgmark, c->pgroups, &c->npg, c->s->group[c->punits[j]]);
        for (size_t j = 0; j < c->npg; j++)
            c->pq[c->pgroups[j]] = group_q(c, c->pgroups[j], OF_PARENT,
                                           &c->psum[c->pgroups[j]]);
        if (e->ncells)
            unit_cells(c, c->P, c->punits, c->npu, c->VP);
    }
    /* the parent's coefficient is −1: its variance is the same */
    return parent_alone(e, var, err);
}

static void child_clear(trygg_contrast_engine *e)
{
    for (size_t k = 0; k < e->nstages; k++) {
        cstage *c = &e->cs[k];
        for (size_t j = 0; j < c->nau; j++) {
            c->A[c->aunits[j]] = 0;
            c->amark[c->aunits[j]] = 0;
        }
        for (size_t j = 0; j < c->nag; j++)
            c->agmark[c->agroups[j]] = 0;
        c->nau = c->nag = 0;
        if (e->ncells)
            memset(c->VA, 0, (e->ncells + 1) * sizeof *c->VA);
    }
    for (size_t j = 0; j < e->nts; j++) {
        e->T[e->tsup[j]] = 0;
        e->tmark[e->tsup[j]] = 0;
    }
    e->nts = 0;
}

/* The child's sums: its units' groups and Σ κ A_u U_u. */
static void child_sums(trygg_contrast_engine *e)
{
    for (size_t k = 0; k < e->nstages; k++) {
        cstage *c = &e->cs[k];
        for (size_t j = 0; j < c->nau; j++)
            mark_add(c->agmark, c->agroups, &c->nag, c->s->group[c->aunits[j]]);
        if (e->ncells)
            unit_cells(c, c->A, c->aunits, c->nau, c->VA);
    }
}

/* The child's own variance, then (T of the difference: the child's plus the
 * parent's) that of the difference; *own_ok, *diff_ok as variance_of. */
static trygg_status child_variances(trygg_contrast_engine *e, double *own, int *own_ok,
                                    double *diff, int *diff_ok)
{
    *diff_ok = 0;
    trygg_status st = solved_variance(e, e->T, e->tsup, e->nts, OF_CHILD, own, own_ok);
    if (st != TRYGG_OK)
        return st;
    for (size_t j = 0; j < e->ntp; j++)
        mark_add(e->tmark, e->tsup, &e->nts, e->tpsup[j]);
    for (size_t j = 0; e->ncells && j < e->nts; j++)
        e->T[e->tsup[j]] += e->TP[e->tsup[j]];
    return solved_variance(e, e->T, e->tsup, e->nts, OF_DIFF, diff, diff_ok);
}

trygg_status trygg_contrast_engine_variance(trygg_contrast_engine *e, size_t l,
                                            uint32_t d, const trygg_point *pa,
                                            double *diff, double *own,
                                            trygg_errors *err)
{
    const trygg_year *y = e->y;
    trygg_linvar *lv = e->lv;
    trygg_influence_term t;
    *diff = *own = NAN;
    if (!(l < lv->nlevels && d < lv->levels[l].ndom &&
          trygg_influence_term_of(y, l, d, e->k, pa, 1.0, &t))) {
        trygg_status st = whole_diff(e, l, d, pa, diff, err);
        if (st == TRYGG_OK && trygg_influence_term_of(y, l, d, e->k, pa, 1.0, &t))
            st = whole_variance(e, &t, 1, own, err);
        return st;
    }
    int active, own_ok = 0, diff_ok = 0;
    trygg_status st = trygg_linvar_begin(lv, y, &active, err);
    if (st != TRYGG_OK || !active)
        return st;
    add_term(e, &t, 0);
    child_sums(e);
    st = child_variances(e, own, &own_ok, diff, &diff_ok);
    child_clear(e);
    if (st == TRYGG_OK && !own_ok)
        st = whole_variance(e, &t, 1, own, err);
    if (st == TRYGG_OK && !diff_ok)
        st = whole_diff(e, l, d, pa, diff, err);
    return st;
}
