/* The calibration residuals of a year as a linear map on a few cells, so
 * that the variance engine can take them into account from sums over a
 * domain's own rows (see weighting.h). */
#include "weighting_state.h"

#include <stdlib.h>
#include <string.h>

static trygg_status basis_alloc(trygg_cal_basis *b, size_t n, size_t per_row,
                                size_t ncells)
{
    size_t ne = n * per_row;
    b->n = n;
    b->ncells = ncells;
    b->first = malloc((n + 1) * sizeof *b->first);
    b->cell = malloc((ne + 1) * sizeof *b->cell);
    b->t = malloc((ne + 1) * sizeof *b->t);
    b->u = malloc((ne + 1) * sizeof *b->u);
    return b->first && b->cell && b->t && b->u ? TRYGG_OK : TRYGG_ERR_NOMEM;
}

/* Post-stratification: e_i = a_i − w_i T_c / N_c, T_c = Σ_{j∈c} a_j. */
static trygg_status poststrat_basis(const trygg_weighting_state *ws,
                                    const double *w, trygg_cal_basis *b)
{
    const trygg_margin *m = &ws->views[0];
    trygg_status st = basis_alloc(b, ws->n, 1, m->ncells);
    if (st != TRYGG_OK)
        return st;
    for (size_t i = 0; i < ws->n; i++) {
        b->first[i] = i;
        b->cell[i] = m->cell[i];
        b->t[i] = 1;
        b->u[i] = w[i];
    }
    b->first[ws->n] = ws->n;
    return TRYGG_OK;
}

/* Cells that share rows with each other (through the crossed sums) form
 * groups; raking's sweeps never carry anything from one group to another. */
static trygg_status rake_groups(const trygg_weighting_state *ws,
                                trygg_cal_basis *b)
{
    size_t C = b->ncells;
    uint32_t *stack = malloc((C + 1) * sizeof *stack);
    b->comp = malloc((C + 1) * sizeof *b->comp);
    b->comp_first = malloc((C + 2) * sizeof *b->comp_first);
    b->comp_cells = malloc((C + 1) * sizeof *b->comp_cells);
    if (!stack || !b->comp || !b->comp_first || !b->comp_cells) {
        free(stack);
        return TRYGG_ERR_NOMEM;
    }
    for (size_t c = 0; c < C; c++)
        b->comp[c] = UINT32_MAX;
    size_t nc = 0;
    for (size_t c0 = 0; c0 < C; c0++) {
        if (b->comp[c0] != UINT32_MAX)
            continue;
        size_t top = 0;
        stack[top++] = (uint32_t)c0;
        b->comp[c0] = (uint32_t)nc;
        while (top) {
            uint32_t c = stack[--top];
            for (size_t k = ws->nz_first[c]; k < ws->nz_first[c + 1]; k++) {
                size_t q = ws->nz_col[k];
                if (b->comp[q] == UINT32_MAX) {
                    b->comp[q] = (uint32_t)nc;
                    stack[top++] = (uint32_t)q;
                }
            }
        }
        nc++;
    }
    free(stack);
    /* each group's cells in the global order, which is the sweeps' order */
    memset(b->comp_first, 0, (nc + 2) * sizeof *b->comp_first);
    for (size_t c = 0; c < C; c++)
        b->comp_first[b->comp[c] + 2]++;
    for (size_t k = 0; k < nc; k++)
        b->comp_first[k + 2] += b->comp_first[k + 1];
    for (size_t c = 0; c < C; c++)
        b->comp_cells[b->comp_first[b->comp[c] + 1]++] = (uint32_t)c;
    b->ncomp = nc;
    return TRYGG_OK;
}

/* Raking: e_i = a_i − Σ_m psw_m,i g[c_m(i)], g from T_c = Σ a_j / psw_m,j. */
static trygg_status rake_basis(const trygg_weighting_state *ws,
                               trygg_cal_basis *b)
{
    size_t M = ws->nmargins;
    trygg_status st = basis_alloc(b, ws->n, M, ws->off[M]);
    if (st != TRYGG_OK)
        return st;
    for (size_t i = 0; i < ws->n; i++) {
        b->first[i] = i * M;
        for (size_t m = 0; m < M; m++) {
            size_t e = i * M + m;
            b->cell[e] = (uint32_t)(ws->off[m] + ws->views[m].cell[i]);
            b->t[e] = 1.0 / ws->psw[m][i];
            b->u[e] = ws->psw[m][i];
        }
    }
    b->first[ws->n] = ws->n * M;
    return rake_groups(ws, b);
}

/* GREG: e_i = a_i − w_i x_i'β, β from T = Σ d_j x_j a_j / w_j. */
static trygg_status greg_basis(const trygg_weighting_state *ws,
                               trygg_cal_basis *b)
{
    trygg_cal_projector_view v;
    trygg_cal_projector_rows(ws->proj, &v);
    size_t ne = 0;
    for (size_t i = 0; i < v.n; i++)
        ne += v.d[i] != 0 ? v.start[i + 1] - v.start[i] : 0;
    b->n = v.n;
    b->ncells = v.r;
    b->first = malloc((v.n + 1) * sizeof *b->first);
    b->cell = malloc((ne + 1) * sizeof *b->cell);
    b->t = malloc((ne + 1) * sizeof *b->t);
    b->u = malloc((ne + 1) * sizeof *b->u);
    if (!b->first || !b->cell || !b->t || !b->u)
        return TRYGG_ERR_NOMEM;
    size_t at = 0;
    for (size_t i = 0; i < v.n; i++) {
        b->first[i] = at;
        for (size_t k = v.start[i]; v.d[i] != 0 && k < v.start[i + 1]; k++) {
            b->cell[at] = (uint32_t)v.col[k];
            b->t[at] = v.d[i] * v.val[k] / v.w[i];
            b->u[at++] = v.w[i] * v.val[k];
        }
    }
    b->first[v.n] = at;
    return TRYGG_OK;
}

static trygg_status inner_basis(const trygg_weighting_state *ws,
                                const double *w, trygg_cal_basis *b)
{
    memset(b, 0, sizeof *b);
    trygg_status st;
    if (ws->method == TRYGG_WEIGHTING_DESIGN)
        return TRYGG_OK;  /* the nonresponse classes alone */
    if (ws->method == TRYGG_WEIGHTING_POSTSTRAT)
        st = poststrat_basis(ws, w, b);
    else if (ws->method == TRYGG_WEIGHTING_RAKE)
        st = rake_basis(ws, b);
    else
        st = greg_basis(ws, b);
    if (st != TRYGG_OK)
        trygg_cal_basis_free(b);
    return st;
}

/* The nonresponse classes' column of the map: M_qc = Σ_{j∈c} t_jq w1_j,
 * per class c its calibration cells q (few: those of its rows). */
typedef struct {
    uint32_t *q;
    double *m;
    size_t n, cap;
} class_col;

static trygg_status class_add(class_col *k, uint32_t q, double v)
{
    for (size_t i = 0; i < k->n; i++)
        if (k->q[i] == q) {
            k->m[i] += v;
            return TRYGG_OK;
        }
    if (k->n == k->cap) {
        size_t nc = k->cap ? 2 * k->cap : 4;
        uint32_t *nq = realloc(k->q, nc * sizeof *nq);
        if (nq)
            k->q = nq;
        double *nm = nq ? realloc(k->m, nc * sizeof *nm) : NULL;
        if (!nm)
            return TRYGG_ERR_NOMEM;
        k->m = nm;
        k->cap = nc;
    }
    k->q[k->n] = q;
    k->m[k->n++] = v;
    return TRYGG_OK;
}

/* Row i's entries: its class (t = 1, u = w1_i), then each calibration cell
 * q of its class with t = t_iq − M_qc / N_c and u = u_iq (0 where row i
 * is not in q): R's post-stratification residual a − w1·T_c/N_c taken
 * before the calibration's, as svyrecvar applies them in turn. */
static trygg_status compose(const trygg_weighting_state *ws, const trygg_cal_basis *in,
                            const class_col *cols, trygg_cal_basis *b)
{
    const trygg_margin *nr = &ws->nr.m;
    size_t n = ws->n, C1 = nr->ncells, ne = 0;
    for (size_t i = 0; i < n; i++)
        ne += 1 + cols[nr->cell[i]].n;
    trygg_status st = basis_alloc(b, n, 0, in->ncells + C1);
    free(b->cell);
    free(b->t);
    free(b->u);
    b->cell = malloc((ne + 1) * sizeof *b->cell);
    b->t = malloc((ne + 1) * sizeof *b->t);
    b->u = malloc((ne + 1) * sizeof *b->u);
    if (st != TRYGG_OK || !b->cell || !b->t || !b->u)
        return TRYGG_ERR_NOMEM;
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = nr->cell[i];
        b->first[i] = at;
        b->cell[at] = c;
        b->t[at] = 1;
        b->u[at++] = ws->w1[i];
        for (size_t k = 0; k < cols[c].n; k++) {
            uint32_t q = cols[c].q[k];
            double t = -cols[c].m[k] / nr->total[c], u = 0;
            for (size_t e = in->first ? in->first[i] : 0; in->first && e < in->first[i + 1]; e++)
                if (in->cell[e] == q) {
                    t += in->t[e];
                    u = in->u[e];
                }
            b->cell[at] = (uint32_t)(C1 + q);
            b->t[at] = t;
            b->u[at++] = u;
        }
    }
    b->first[n] = at;
    b->nr_cells = C1;
    return TRYGG_OK;
}

trygg_status trygg_weighting_basis(const trygg_weighting_state *ws,
                                   const double *w, trygg_cal_basis *b)
{
    if (!ws->has_nr)
        return inner_basis(ws, w, b);
    trygg_cal_basis in;
    trygg_status st = inner_basis(ws, w, &in);
    size_t C1 = ws->nr.m.ncells;
    class_col *cols = st == TRYGG_OK ? calloc(C1 + 1, sizeof *cols) : NULL;
    if (st == TRYGG_OK && !cols)
        st = TRYGG_ERR_NOMEM;
    for (size_t i = 0; st == TRYGG_OK && in.first && i < ws->n; i++)
        for (size_t e = in.first[i]; e < in.first[i + 1] && st == TRYGG_OK; e++)
            st = class_add(&cols[ws->nr.m.cell[i]], in.cell[e], in.t[e] * ws->w1[i]);
    memset(b, 0, sizeof *b);
    if (st == TRYGG_OK)
        st = compose(ws, &in, cols, b);
    if (st == TRYGG_OK) {   /* the calibration's groups of cells, for its solve */
        b->ncomp = in.ncomp;
        b->comp = in.comp;
        b->comp_first = in.comp_first;
        b->comp_cells = in.comp_cells;
        in.comp = NULL;
        in.comp_first = NULL;
        in.comp_cells = NULL;
    } else {
        trygg_cal_basis_free(b);
    }
    for (size_t c = 0; cols && c < C1; c++) {
        free(cols[c].q);
        free(cols[c].m);
    }
    free(cols);
    trygg_cal_basis_free(&in);
    return st;
}

void trygg_cal_basis_free(trygg_cal_basis *b)
{
    if (!b)
        return;
    free(b->first);
    free(b->cell);
    free(b->t);
    free(b->u);
    free(b->comp);
    free(b->comp_first);
    free(b->comp_cells);
    memset(b, 0, sizeof *b);
}

/* R's 10 sweeps (for each margin m in turn, z ← z − psw_m·mean_cell(z/psw_m))
 * on cell sums: g[c] += (T[c] − Σ_q cross[c][q] g[q]) / count[c], on the
 * groups of cells that T touches only, for K columns at once. */
static void rake_solve_many(const trygg_weighting_state *ws,
                            const trygg_cal_basis *b, const double *T,
                            const uint32_t *tsup, size_t ntsup, size_t K,
                            double *g, uint32_t *gsup, size_t *ngsup,
                            uint8_t *mark, double *s)
{
    size_t ng = 0;
    for (size_t j = 0; j < ntsup; j++) {
        uint32_t k = b->comp[tsup[j]];
        if (mark[k])
            continue;
        mark[k] = 1;
        const uint32_t *cells = b->comp_cells + b->comp_first[k];
        size_t nc = b->comp_first[k + 1] - b->comp_first[k];
        for (int sweep = 0; sweep < 10; sweep++)
            for (size_t q = 0; q < nc; q++) {
                uint32_t c = cells[q];
                if (ws->count[c] == 0)
                    continue;
                double *gc = g + (size_t)c * K;
                const double *Tc = T + (size_t)c * K;
                for (size_t r = 0; r < K; r++)
                    s[r] = Tc[r];
                /* per column the scalar sweep's operations, in its order */
                for (size_t e = ws->nz_first[c]; e < ws->nz_first[c + 1]; e++) {
                    const double *gq = g + ws->nz_col[e] * K;
                    double v = ws->nz_val[e];
                    for (size_t r = 0; r < K; r++)
                        s[r] -= v * gq[r];
                }
                for (size_t r = 0; r < K; r++)
                    gc[r] += s[r] / ws->count[c];
            }
        for (size_t q = 0; q < nc; q++)
            if (ws->count[cells[q]] != 0)
                gsup[ng++] = cells[q];
    }
    for (size_t j = 0; j < ntsup; j++)
        mark[b->comp[tsup[j]]] = 0;
    *ngsup = ng;
}

static trygg_status inner_solve(const trygg_weighting_state *ws,
                                const trygg_cal_basis *b, const double *T,
                                const uint32_t *tsup, size_t ntsup, size_t K,
                                double *g, uint32_t *gsup, size_t *ngsup,
                                double *work, uint8_t *mark);

/* With nonresponse classes: g_c = T_c / N_c on the classes (post-
 * stratification), the calibration's own solve on the cells after them. */
static trygg_status nr_solve(const trygg_weighting_state *ws, const trygg_cal_basis *b,
                             const double *T, const uint32_t *tsup, size_t ntsup,
                             size_t K, double *g, uint32_t *gsup, size_t *ngsup,
                             double *work, uint8_t *mark)
{
    size_t C1 = b->nr_cells, n2 = 0, ng2 = 0;
    const double *N = ws->nr.m.total;
    uint32_t *t2 = malloc((ntsup + 1) * sizeof *t2);
    uint32_t *g2 = malloc((b->ncells - C1 + 1) * sizeof *g2);
    trygg_status st = t2 && g2 ? TRYGG_OK : TRYGG_ERR_NOMEM;
    *ngsup = 0;
    for (size_t j = 0; j < ntsup && st == TRYGG_OK; j++) {
        uint32_t c = tsup[j];
        if (c >= C1) {
            t2[n2++] = (uint32_t)(c - C1);
            continue;
        }
        for (size_t r = 0; r < K; r++)
            g[(size_t)c * K + r] = N[c] > 0 ? T[(size_t)c * K + r] / N[c] : 0.0;
        gsup[(*ngsup)++] = c;
    }
    if (st == TRYGG_OK && ws->method != TRYGG_WEIGHTING_DESIGN && n2) {
        trygg_cal_basis in = *b;
        in.ncells = b->ncells - C1;
        in.nr_cells = 0;
        st = inner_solve(ws, &in, T + C1 * K, t2, n2, K, g + C1 * K, g2, &ng2, work, mark);
        for (size_t k = 0; k < ng2; k++)
            gsup[(*ngsup)++] = (uint32_t)(g2[k] + C1);
    }
    free(t2);
    free(g2);
    return st;
}

trygg_status trygg_weighting_solve_many(const trygg_weighting_state *ws,
                                        const trygg_cal_basis *b, const double *T,
                                        const uint32_t *tsup, size_t ntsup,
                                        size_t K, double *g, uint32_t *gsup,
                                        size_t *ngsup, double *work,
                                        uint8_t *mark)
{
    if (ws->has_nr)
        return nr_solve(ws, b, T, tsup, ntsup, K, g, gsup, ngsup, work, mark);
    return inner_solve(ws, b, T, tsup, ntsup, K, g, gsup, ngsup, work, mark);
}

static trygg_status inner_solve(const trygg_weighting_state *ws,
                                const trygg_cal_basis *b, const double *T,
                                const uint32_t *tsup, size_t ntsup, size_t K,
                                double *g, uint32_t *gsup, size_t *ngsup,
                                double *work, uint8_t *mark)
{
    *ngsup = 0;
    if (ws->method == TRYGG_WEIGHTING_POSTSTRAT) {
        const double *N = ws->views[0].total;
        for (size_t j = 0; j < ntsup; j++) {
            uint32_t c = tsup[j];
            for (size_t r = 0; r < K; r++)
                g[(size_t)c * K + r] = N[c] > 0 ? T[(size_t)c * K + r] / N[c] : 0.0;
            gsup[(*ngsup)++] = c;
        }
        return TRYGG_OK;
    }
    if (ws->method == TRYGG_WEIGHTING_RAKE) {
        rake_solve_many(ws, b, T, tsup, ntsup, K, g, gsup, ngsup, mark, work);
        return TRYGG_OK;
    }
    size_t C = b->ncells;
    double *col = work, *tmp = work + C;
    for (size_t r = 0; r < K; r++) {
        for (size_t c = 0; c < C; c++)
            col[c] = T[c * K + r];
        trygg_status st = trygg_cal_projector_solve(ws->proj, col, tmp);
        if (st != TRYGG_OK)
            return st;
        for (size_t c = 0; c < C; c++)
            g[c * K + r] = col[c];
    }
    for (size_t c = 0; c < C; c++)
        gsup[(*ngsup)++] = (uint32_t)c;
    return TRYGG_OK;
}
