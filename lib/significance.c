/* Significance of changes, contrasts and trends, decided once here so that
 * every table and page says the same: p-values adjusted within a family
 * (one domain's indicators for one comparison) and compared with alpha. */
#include "significance.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "padjust.h"
#include "results_internal.h"

typedef struct {
    trygg_change_row *row;
    size_t at;           /* its place in the table: keeps the sort stable */
} ref;

/* Rows of one family share all of these; their indicators differ. */
static int family_cmp(const trygg_change_row *a, const trygg_change_row *b)
{
    int d;
    if (a->year_from != b->year_from)
        return a->year_from < b->year_from ? -1 : 1;
    if (a->year_to != b->year_to)
        return a->year_to < b->year_to ? -1 : 1;
    if ((d = strcmp(a->level, b->level)) != 0 || (d = strcmp(a->domain, b->domain)) != 0)
        return d;
    if ((d = strcmp(a->other_level, b->other_level)) != 0)
        return d;
    return strcmp(a->other_domain, b->other_domain);
}

static int ref_cmp(const void *pa, const void *pb)
{
    const ref *a = pa, *b = pb;
    int d = family_cmp(a->row, b->row);
    return d ? d : (a->at > b->at) - (a->at < b->at);
}

/* A row is tested when it is published and has a p-value. */
static double tested_p(const trygg_change_row *r)
{
    return r->flags & TRYGG_FLAG_SUPPRESSED || !isfinite(r->p_value) ? NAN : r->p_value;
}

static void decide(trygg_change_row *r, double p_adj, size_t m, double alpha,
                   trygg_adjust adjust)
{
    r->alpha = alpha;
    r->adjust = adjust;
    r->p_adjusted = p_adj;
    r->family_size = isnan(p_adj) ? 0 : m;
    r->significant = p_adj < alpha && r->change != 0 ? (r->change > 0 ? 1 : -1) : 0;
}

static trygg_status one_family(ref *f, size_t n, double alpha, trygg_adjust adjust,
                               double *p, double *adj)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        p[i] = tested_p(f[i].row);
        m += !isnan(p[i]);
    }
    trygg_status st = trygg_p_adjust(p, n, adjust, adj);
    for (size_t i = 0; st == TRYGG_OK && i < n; i++)
        decide(f[i].row, adj[i], m, alpha, adjust);
    return st;
}

trygg_status trygg_changes_decide(trygg_changes *c, double alpha, trygg_adjust adjust)
{
    size_t n = c->count;
    ref *refs = malloc((n + 1) * sizeof *refs);
    double *p = malloc((2 * n + 1) * sizeof *p);
    trygg_status st = refs && p ? TRYGG_OK : TRYGG_ERR_NOMEM;
    for (size_t i = 0; st == TRYGG_OK && i < n; i++)
        refs[i] = (ref){&c->rows[i], i};
    if (st == TRYGG_OK)
        qsort(refs, n, sizeof *refs, ref_cmp);
    for (size_t a = 0; st == TRYGG_OK && a < n;) {
        size_t b = a + 1;
        while (b < n && family_cmp(refs[a].row, refs[b].row) == 0)
            b++;
        st = one_family(refs + a, b - a, alpha, adjust, p, p + n);
        a = b;
    }
    free(refs);
    free(p);
    return st;
}

void trygg_change_decide_one(trygg_change_row *r, double alpha, trygg_adjust adjust)
{
    double p = tested_p(r);
    decide(r, p, 1, alpha, adjust);
}
