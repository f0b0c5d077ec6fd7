/* Post-stratification of design weights to one margin (R postStratify) and
 * the post-stratified residuals used in linearized variances (R svyrecvar). */
#include "calibrate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "errors_internal.h"

/* Cells handled per pass over the rows in the residuals, which have no way
 * to report a failed allocation and so use a buffer on the stack. */
#define PS_BLOCK 512

static const char *cell_label(const trygg_margin *m, size_t c, char *buf,
                              size_t size)
{
    if (m->cell_names && m->cell_names[c])
        return m->cell_names[c];
    snprintf(buf, size, "#%zu", c + 1);
    return buf;
}

static const char *margin_label(const trygg_margin *m)
{
    return m->name ? m->name : "(unnamed)";
}

/* Cell indices in range, design weights finite and not negative. */
static trygg_status check_rows(size_t n, const double *d, const trygg_margin *m,
                               trygg_errors *err)
{
    for (size_t i = 0; i < n; i++) {
        if (m->cell[i] >= m->ncells) {
            trygg_errors_add(err, NULL, 0, 0, "margin '%s': row %zu has cell "
                             "index %lu, outside the margin's %zu cells",
                             margin_label(m), i + 1, (unsigned long)m->cell[i],
                             m->ncells);
            return TRYGG_ERR_ARGUMENT;
        }
        if (!(isfinite(d[i]) && d[i] >= 0)) {
            trygg_errors_add(err, NULL, 0, 0, "margin '%s': row %zu has design "
                             "weight %g (must be finite and not negative)",
                             margin_label(m), i + 1, d[i]);
            return TRYGG_ERR_ARGUMENT;
        }
    }
    return TRYGG_OK;
}

/* One diagnostic per cell whose sample and population do not match up. */
static trygg_status check_cells(const trygg_margin *m, const double *sum,
                                const size_t *count, trygg_errors *err)
{
    trygg_status st = TRYGG_OK;
    char buf[32];
    for (size_t c = 0; c < m->ncells; c++) {
        double N = m->total[c];
        const char *cl = cell_label(m, c, buf, sizeof buf);
        if (sum[c] > 0 && !(isfinite(N) && N > 0)) {
            trygg_errors_add(err, NULL, 0, 0, "margin '%s', cell '%s': %zu "
                             "respondents but population total %g (need a "
                             "positive count)", margin_label(m), cl, count[c], N);
            st = TRYGG_ERR_INVALID;
        } else if (sum[c] == 0 && N != 0) {
            trygg_errors_add(err, NULL, 0, 0, "margin '%s', cell '%s': population "
                             "total %g but no respondents%s (cell absent from "
                             "the sample)", margin_label(m), cl, N,
                             count[c] ? " with a positive weight" : "");
            st = TRYGG_ERR_INVALID;
        }
    }
    return st;
}

trygg_status trygg_cal_poststratify(size_t n, const double *d,
                                    const trygg_margin *m, double *w,
                                    trygg_errors *err)
{
    if (!m || !m->ncells || !m->cell || !m->total || (n && (!d || !w)))
        return TRYGG_ERR_ARGUMENT;
    trygg_status st = check_rows(n, d, m, err);
    if (st != TRYGG_OK)
        return st;
    double *sum = calloc(m->ncells, sizeof *sum);
    size_t *count = calloc(m->ncells, sizeof *count);
    if (!sum || !count) {
        st = TRYGG_ERR_NOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        sum[m->cell[i]] += d[i];
        count[m->cell[i]]++;
    }
    st = check_cells(m, sum, count, err);
    if (st != TRYGG_OK)
        goto cleanup;
    for (size_t c = 0; c < m->ncells; c++)
        sum[c] = sum[c] > 0 ? m->total[c] / sum[c] : 0.0;  /* now the factor */
    for (size_t i = 0; i < n; i++)
        w[i] = d[i] * sum[m->cell[i]];
cleanup:
    free(sum);
    free(count);
    return st;
}

/* Residuals for the cells [lo, lo + nb): sums of z per cell, then a. */
static void residual_block(size_t n, const trygg_margin *m, const double *w,
                           const double *z, double *a, size_t lo, size_t nb)
{
    double mean[PS_BLOCK] = {0};
    for (size_t i = 0; i < n; i++) {
        size_t c = m->cell[i];
        if (c >= lo && c < lo + nb)
            mean[c - lo] += z[i];
    }
    for (size_t k = 0; k < nb; k++) {
        double N = m->total[lo + k];
        mean[k] = N > 0 ? mean[k] / N : 0.0;
    }
    for (size_t i = 0; i < n; i++) {
        size_t c = m->cell[i];
        if (c >= lo && c < lo + nb)
            a[i] = z[i] - w[i] * mean[c - lo];
    }
}

void trygg_cal_poststrat_residuals(size_t n, const trygg_margin *m,
                                   const double *w, const double *z,
                                   double *a)
{
    for (size_t lo = 0; lo < m->ncells; lo += PS_BLOCK) {
        size_t nb = m->ncells - lo < PS_BLOCK ? m->ncells - lo : PS_BLOCK;
        residual_block(n, m, w, z, a, lo, nb);
    }
}
