/* Holm (step-down) and Benjamini–Hochberg (step-up) adjustments, as R's
 * p.adjust(method = "holm" / "BH"), or none. */
#include "padjust.h"

#include <math.h>
#include <stdlib.h>

typedef struct { double p; size_t i; } ranked;

static int cmp_p(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->p != y->p)
        return x->p < y->p ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

trygg_status trygg_p_adjust(const double *p, size_t n, trygg_adjust method,
                            double *adj)
{
    ranked *r = malloc((n + 1) * sizeof *r);
    if (!r)
        return TRYGG_ERR_NOMEM;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        adj[i] = NAN;
        if (!isnan(p[i]))
            r[m++] = (ranked){p[i], i};
    }
    qsort(r, m, sizeof *r, cmp_p);
    if (method == TRYGG_ADJUST_NONE) {
        for (size_t j = 0; j < m; j++)
            adj[r[j].i] = r[j].p;
    } else if (method == TRYGG_ADJUST_HOLM) {
        double run = 0;
        for (size_t j = 0; j < m; j++) {
            double v = fmin(1.0, (double)(m - j) * r[j].p);
            run = fmax(run, v);
            adj[r[j].i] = run;
        }
    } else {
        double run = 1;
        for (size_t j = m; j-- > 0;) {
            double v = fmin(1.0, (double)m / (double)(j + 1) * r[j].p);
            run = fmin(run, v);
            adj[r[j].i] = run;
        }
    }
    free(r);
    return TRYGG_OK;
}

const char *trygg_adjust_name(trygg_adjust a)
{
    return a == TRYGG_ADJUST_BH ? "bh" : a == TRYGG_ADJUST_NONE ? "none" : "holm";
}
