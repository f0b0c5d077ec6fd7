/* Writing the small-area tables: the model table (the direct cell as it is
 * published, then the model's own columns) and the model diagnostics. A
 * suppressed area's direct numbers are blank; its model estimate is the
 * synthetic one, made from published cells only (smallarea.c). */
#include "smallarea_internal.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "output_internal.h"

static size_t model_row(const void *t, size_t i, trygg_field *f, char *flags, int *blank)
{
    trygg_smallarea_row none = {0};
    none.level = none.domain = none.parent_level = none.parent = none.indicator = "";
    none.model = none.scale = "";
    const trygg_smallarea_row *x = i == SIZE_MAX ? &none
                                   : &((const trygg_smallarea *)t)->rows[i];
    *blank = (x->flags & TRYGG_FLAG_SUPPRESSED) != 0;
    trygg_out_flags(x->flags, flags, 96);
    /* 'b': the direct cell's numbers, blank when suppressed; 'n': the
     * model's, which are no figure of a suppressed cell */
    trygg_field v[] = {
        {"year", 'i', NULL, x->year}, {"level", 't', x->level, 0},
        {"domain", 't', x->domain, 0}, {"parent_level", 't', x->parent_level, 0},
        {"parent", 't', x->parent, 0}, {"indicator", 't', x->indicator, 0},
        {"estimate", 'b', NULL, x->estimate}, {"se", 'b', NULL, x->se},
        {"n", 'b', NULL, x->n}, {"flag", 't', flags, 0},
        {"model_estimate", 'n', NULL, x->model_estimate},
        {"model_rmse", 'n', NULL, x->model_rmse}, {"model", 't', x->model, 0},
        {"scale", 't', x->scale, 0}, {"benchmarked", 'i', NULL, x->benchmarked},
        {"shrinkage", 'b', NULL, x->shrinkage}, {"residual", 'b', NULL, x->residual},
        {"covariate_year", 'n', NULL, x->covariate_year ? x->covariate_year : NAN},
    };
    memcpy(f, v, sizeof v);
    return sizeof v / sizeof *v;
}

trygg_status trygg_smallarea_write_to(const trygg_smallarea *s, trygg_output_group *g,
                                      const char *path, trygg_format fmt, trygg_errors *err)
{
    return trygg_out_table_to(g, path, fmt, s, s->count, model_row, err);
}

static size_t stat_row(const void *t, size_t i, trygg_field *f, char *flags, int *blank)
{
    trygg_smallarea_stat none = {0};
    none.level = none.indicator = none.scale = none.term = "";
    const trygg_smallarea_stat *x = i == SIZE_MAX ? &none
                                    : &((const trygg_smallarea *)t)->stats[i];
    (void)flags;
    *blank = 0;
    trygg_field v[] = {
        {"year", 'i', NULL, x->year}, {"level", 't', x->level, 0},
        {"indicator", 't', x->indicator, 0}, {"scale", 't', x->scale, 0},
        {"term", 't', x->term, 0}, {"value", 'n', NULL, x->value},
        {"se", 'n', NULL, x->se},
    };
    memcpy(f, v, sizeof v);
    return sizeof v / sizeof *v;
}

trygg_status trygg_smallarea_diagnostics_write_to(const trygg_smallarea *s,
                                                  trygg_output_group *g, const char *path,
                                                  trygg_format fmt, trygg_errors *err)
{
    return trygg_out_table_to(g, path, fmt, s, s->nstats, stat_row, err);
}
