/* The model table as the disclosure audit sees it before it is written:
 * its direct columns are an estimates table's (nothing of a suppressed
 * cell), a benchmarked model estimate is made of the parent's published
 * cell and a prior-year covariate of the area's previous one; a synthetic
 * estimate is no figure of the area's own (suppressed) cell. */
#include "publication_internal.h"

#include <math.h>
#include <string.h>

#include "smallarea_internal.h"

static trygg_status model_row(trygg_publication *p, const trygg_smallarea_row *x)
{
    size_t k = x->indicator_index;
    int nums = !isnan(x->estimate) || !isnan(x->se) || !isnan(x->n) ||
               !isnan(x->shrinkage) || !isnan(x->residual);
    trygg_status st = TRYGG_OK;
    if (x->flags & TRYGG_FLAG_SUPPRESSED) {
        st = trygg_pub_mark(p, x->year, x->level, x->domain, k);
        if (st == TRYGG_OK && (nums || !strncmp(x->model, "eblup", 5)))
            st = trygg_pub_leak_add(p, x->year, x->level, x->domain, x->indicator,
                                    "a suppressed cell's own numbers, or an EBLUP made "
                                    "from them");
    }
    if (st == TRYGG_OK && nums)
        st = trygg_pub_show(p, x->year, x->level, x->domain, k, "estimate");
    if (isnan(x->model_estimate))
        return st;
    if (st == TRYGG_OK && x->benchmarked)
        st = trygg_pub_show(p, x->year, x->parent_level, x->parent, k, "benchmark");
    if (st == TRYGG_OK && x->covariate_year)
        st = trygg_pub_show(p, x->covariate_year, x->level, x->domain, k, "covariate");
    return st;
}

trygg_status trygg_publication_add_smallarea(trygg_publication *p, const trygg_smallarea *s,
                                             const char *table)
{
    trygg_status st = trygg_pub_table_begin(p, table, 0);
    for (size_t i = 0; i < s->count && st == TRYGG_OK; i++) {
        p->line = i + 1;
        st = model_row(p, &s->rows[i]);
    }
    p->rows += s->count;
    return st;
}
