/* Raking (R rake): post-stratification to each margin in turn until the
 * crossed table of all margins settles; and the raked residuals. */
#include "calibrate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors_internal.h"

typedef struct {
    uint64_t key;
    size_t row;
} cross_key;

typedef struct {
    size_t n, nmargins, ncross, maxcells;
    const trygg_margin *m;
    uint32_t *cross;     /* per row, its cell of the crossed table */
    double *old_tab, *new_tab, *cellsum;
} rake_state;

static const char *margin_label(const trygg_margin *m)
{
    return m->name ? m->name : "(unnamed)";
}

static const char *cell_label(const trygg_margin *m, size_t c, char *buf,
                              size_t size)
{
    if (m->cell_names && m->cell_names[c])
        return m->cell_names[c];
    snprintf(buf, size, "#%zu", c + 1);
    return buf;
}

static trygg_status bad_arg(trygg_errors *err, const char *what)
{
    trygg_errors_add(err, NULL, 0, 0, "raking: %s", what);
    return TRYGG_ERR_ARGUMENT;
}

static trygg_status check_args(size_t n, const double *d, size_t nmargins,
                               const trygg_margin *m, double epsilon,
                               int max_iterations, trygg_errors *err)
{
    if (!nmargins || !m || (n && !d))
        return bad_arg(err, "no margins or no design weights");
    if (!(epsilon > 0) || max_iterations < 1)
        return bad_arg(err, "epsilon must be > 0 and max_iterations >= 1");
    for (size_t k = 0; k < nmargins; k++) {
        if (!m[k].ncells || !m[k].total || (n && !m[k].cell))
            return bad_arg(err, "a margin without cells");
        if (m[k].ncells > UINT32_MAX)
            return TRYGG_ERR_LIMIT;
    }
    return TRYGG_OK;
}

static double margin_sum(const trygg_margin *m)
{
    double s = 0;
    for (size_t c = 0; c < m->ncells; c++)
        s += m->total[c];
    return s;
}

/* Every margin's population adds up to the same total as the first's. */
static trygg_status check_totals(size_t nmargins, const trygg_margin *m,
                                 trygg_errors *err)
{
    trygg_status st = TRYGG_OK;
    double s0 = margin_sum(&m[0]);
    for (size_t k = 1; k < nmargins; k++) {
        double sk = margin_sum(&m[k]);
        if (fabs(sk - s0) <= 1e-9 * fmax(fabs(s0), fabs(sk)))
            continue;
        trygg_errors_add(err, NULL, 0, 0, "margins '%s' and '%s' have different "
                         "population totals (%.10g and %.10g): raking needs "
                         "margins of the same population", margin_label(&m[0]),
                         margin_label(&m[k]), s0, sk);
        st = TRYGG_ERR_INVALID;
    }
    return st;
}

/* Sample and population of each cell of a margin match up: the checks of
 * trygg_cal_poststratify, made on the design weights. */
static trygg_status check_margin(size_t n, const double *d,
                                 const trygg_margin *m, trygg_errors *err)
{
    double *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (!tmp)
        return TRYGG_ERR_NOMEM;
    trygg_status st = trygg_cal_poststratify(n, d, m, tmp, err);
    free(tmp);
    return st;
}

/* Stable counting sort of the rows `from` by key[row] (< range) into `to`;
 * start has room for range + 1. */
static void order_by(const uint32_t *key, size_t range, const uint32_t *from,
                     size_t n, uint32_t *to, size_t *start)
{
    memset(start, 0, (range + 1) * sizeof *start);
    for (size_t i = 0; i < n; i++)
        start[key[from[i]] + 1]++;
    for (size_t v = 1; v < range; v++)
        start[v] += start[v - 1];
    for (size_t i = 0; i < n; i++)
        to[start[key[from[i]]]++] = from[i];
}

/* Refines the crossed-cell ids by margin m: dense ids of the (id, cell)
 * pairs, numbered in the pairs' order. a, b, id: n each; start: room for
 * n + 1 and the margin's cells + 1. */
static void refine_cross(rake_state *rs, const trygg_margin *m, uint32_t *a,
                         uint32_t *b, uint32_t *id, size_t *start)
{
    size_t n = rs->n;
    for (size_t i = 0; i < n; i++)
        a[i] = (uint32_t)i;
    order_by(m->cell, m->ncells, a, n, b, start);
    order_by(rs->cross, rs->ncross, b, n, a, start);
    uint32_t next = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t r = a[i], q = i ? a[i - 1] : r;
        if (i > 0 && (rs->cross[q] != rs->cross[r] || m->cell[q] != m->cell[r]))
            next++;
        id[r] = next;
    }
    memcpy(rs->cross, id, n * sizeof *id);
    rs->ncross = n ? (size_t)next + 1 : 0;
}

static trygg_status cross_cells(rake_state *rs)
{
    size_t n = rs->n, room = n > rs->maxcells ? n : rs->maxcells;
    uint32_t *a = malloc((n + 1) * sizeof *a), *b = malloc((n + 1) * sizeof *b);
    uint32_t *id = malloc((n + 1) * sizeof *id);
    size_t *start = malloc((room + 2) * sizeof *start);
    trygg_status st = a && b && id && start ? TRYGG_OK : TRYGG_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        rs->cross[i] = 0;
    rs->ncross = n ? 1 : 0;
    for (size_t k = 0; k < rs->nmargins && st == TRYGG_OK && n; k++)
        refine_cross(rs, &rs->m[k], a, b, id, start);
    free(a);
    free(b);
    free(id);
    free(start);
    return st;
}

static trygg_status state_init(rake_state *rs, size_t n, size_t nmargins,
                               const trygg_margin *m)
{
    memset(rs, 0, sizeof *rs);
    rs->n = n;
    rs->nmargins = nmargins;
    rs->m = m;
    for (size_t k = 0; k < nmargins; k++)
        if (m[k].ncells > rs->maxcells)
            rs->maxcells = m[k].ncells;
    size_t rows = n ? n : 1;
    rs->cross = malloc(rows * sizeof *rs->cross);
    rs->old_tab = malloc(rows * sizeof *rs->old_tab);
    rs->new_tab = malloc(rows * sizeof *rs->new_tab);
    rs->cellsum = malloc(rs->maxcells * sizeof *rs->cellsum);
    if (!rs->cross || !rs->old_tab || !rs->new_tab || !rs->cellsum)
        return TRYGG_ERR_NOMEM;
    return cross_cells(rs);
}

static void state_free(rake_state *rs)
{
    free(rs->cross);
    free(rs->old_tab);
    free(rs->new_tab);
    free(rs->cellsum);
}

static void cross_table(const rake_state *rs, const double *w, double *tab)
{
    for (size_t c = 0; c < rs->ncross; c++)
        tab[c] = 0;
    for (size_t i = 0; i < rs->n; i++)
        tab[rs->cross[i]] += w[i];
}

/* One post-stratification of w to margin m, in place. */
static void poststrat_step(const rake_state *rs, const trygg_margin *m,
                           double *w)
{
    double *s = rs->cellsum;
    for (size_t c = 0; c < m->ncells; c++)
        s[c] = 0;
    for (size_t i = 0; i < rs->n; i++)
        s[m->cell[i]] += w[i];
    for (size_t c = 0; c < m->ncells; c++)
        s[c] = s[c] > 0 ? m->total[c] / s[c] : 1.0;
    for (size_t i = 0; i < rs->n; i++)
        w[i] *= s[m->cell[i]];
}

/* Largest change of a crossed cell over one sweep. */
static double sweep(rake_state *rs, double *w)
{
    for (size_t k = 0; k < rs->nmargins; k++)
        poststrat_step(rs, &rs->m[k], w);
    cross_table(rs, w, rs->new_tab);
    double delta = 0;
    for (size_t c = 0; c < rs->ncross; c++) {
        double dc = fabs(rs->old_tab[c] - rs->new_tab[c]);
        if (dc > delta || isnan(dc))
            delta = dc;
    }
    double *t = rs->old_tab;
    rs->old_tab = rs->new_tab;
    rs->new_tab = t;
    return delta;
}

/* The margin, and its cell, furthest from the population after raking. */
static void report_worst(const rake_state *rs, const double *w,
                         const trygg_cal_report *rep, double eps,
                         trygg_errors *err)
{
    double worst = -1, got = 0, want = 0;
    size_t wk = 0, wc = 0;
    for (size_t k = 0; k < rs->nmargins; k++) {
        const trygg_margin *m = &rs->m[k];
        double *s = rs->cellsum;
        for (size_t c = 0; c < m->ncells; c++)
            s[c] = 0;
        for (size_t i = 0; i < rs->n; i++)
            s[m->cell[i]] += w[i];
        for (size_t c = 0; c < m->ncells; c++)
            if (fabs(s[c] - m->total[c]) > worst) {
                worst = fabs(s[c] - m->total[c]);
                wk = k, wc = c, got = s[c], want = m->total[c];
            }
    }
    char buf[32];
    trygg_errors_add(err, NULL, 0, 0, "raking did not converge in %d sweeps "
                     "(last change %g, needed below %g): margin '%s' is furthest"
                     " from its population, cell '%s' weighted %.10g against %.10g",
                     rep->iterations, rep->achieved, eps,
                     margin_label(&rs->m[wk]),
                     cell_label(&rs->m[wk], wc, buf, sizeof buf), got, want);
}

static trygg_status check_all(size_t n, const double *d, size_t nmargins,
                              const trygg_margin *m, trygg_errors *err)
{
    trygg_status st = check_totals(nmargins, m, err);
    for (size_t k = 0; k < nmargins; k++) {
        trygg_status mk = check_margin(n, d, &m[k], err);
        if (mk == TRYGG_ERR_NOMEM || mk == TRYGG_ERR_ARGUMENT)
            return mk;
        if (st == TRYGG_OK)
            st = mk;
    }
    return st;
}

static double weight_sum(size_t n, const double *d)
{
    double total = 0;
    for (size_t i = 0; i < n; i++)
        total += d[i];
    return total;
}

trygg_status trygg_cal_rake(size_t n, const double *d, size_t nmargins,
                            const trygg_margin *m, double epsilon,
                            int max_iterations, double *w,
                            trygg_cal_report *rep, trygg_errors *err)
{
    trygg_cal_report r = {0, 0.0, 0};
    rake_state rs;
    trygg_status st = check_args(n, d, nmargins, m, epsilon, max_iterations, err);
    if (st != TRYGG_OK || (st = check_all(n, d, nmargins, m, err)) != TRYGG_OK)
        goto done;
    double eps = epsilon < 1 ? epsilon * weight_sum(n, d) : epsilon;
    if ((st = state_init(&rs, n, nmargins, m)) != TRYGG_OK)
        goto cleanup;
    if (w != d)
        memmove(w, d, n * sizeof *w);
    cross_table(&rs, w, rs.old_tab);
    while (r.iterations < max_iterations && !r.converged) {
        r.achieved = sweep(&rs, w);
        r.iterations++;
        r.converged = r.achieved < eps;
    }
    if (!r.converged) {
        report_worst(&rs, w, &r, eps, err);
        st = TRYGG_ERR_CONVERGENCE;
    }
cleanup:
    state_free(&rs);
done:
    if (rep)
        *rep = r;
    return st;
}

/* ---- Residuals ------------------------------------------------------- */

/* a_i -= w_i · (unweighted mean of a_j / w_j over the cell of i). */
static void residual_margin(size_t n, const trygg_margin *m, const double *w,
                            double *a, double *scratch)
{
    double *sum = scratch, *cnt = scratch + m->ncells;
    for (size_t c = 0; c < m->ncells; c++)
        sum[c] = cnt[c] = 0;
    for (size_t i = 0; i < n; i++) {
        sum[m->cell[i]] += w[i] != 0 ? a[i] / w[i] : 0.0;
        cnt[m->cell[i]] += 1;
    }
    for (size_t c = 0; c < m->ncells; c++)
        sum[c] = cnt[c] > 0 ? sum[c] / cnt[c] : 0.0;
    for (size_t i = 0; i < n; i++)
        a[i] -= w[i] * sum[m->cell[i]];
}

void trygg_cal_rake_residuals(size_t n, size_t nmargins,
                              const trygg_margin *m, const double *w,
                              int sweeps, const double *z, double *a,
                              double *scratch)
{
    if (a != z)
        memmove(a, z, n * sizeof *a);
    for (int s = 0; s < sweeps; s++)
        for (size_t k = 0; k < nmargins; k++)
            residual_margin(n, &m[k], w, a, scratch);
}
