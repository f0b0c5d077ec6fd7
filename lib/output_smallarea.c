/* Writing the small-area tables: the model table (the direct cell as it is
 * published, then the model's own columns) and the model diagnostics. A
 * suppressed area's direct numbers are blank; its model estimate is the
 * synthetic one, made from published cells only (smallarea.c). */
#include "smallarea_internal.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "output_internal.h"

static size_t model_row(const void *t, size_t i, trygg_field *f, trygg_row *r)
{
    trygg_smallarea_row none = {0};
    none.level = none.domain = none.parent_level = none.parent = none.indicator = "";
    none.model = none.scale = "";
    const trygg_smallarea_row *x = i == SIZE_MAX ? &none
                                   : &((const trygg_smallarea *)t)->rows[i];
    r->blank = (x->flags & TRYGG_FLAG_SUPPRESSED) != 0;
    trygg_out_flags(x->flags, r->flags, sizeof r->flags);
    char *flags = r->flags;
    /* 'b': the direct cell's numbers, blank when suppressed; 'n': the
     * model's, which are no figure of a suppressed cell */
    trygg_field v[] = {
        {"year", 'i', NULL, x->year, TRYGG_UNIT_YEAR},
        {"level", 't', x->level, 0, TRYGG_UNIT_PLAIN},
        {"domain", 't', x->domain, 0, TRYGG_UNIT_PLAIN},
        {"parent_level", 't', x->parent_level, 0, TRYGG_UNIT_PLAIN},
        {"parent", 't', x->parent, 0, TRYGG_UNIT_PLAIN},
        {"indicator", 't', x->indicator, 0, TRYGG_UNIT_PLAIN},
        {"estimate", 'b', NULL, x->estimate, TRYGG_UNIT_PLAIN},
        {"se", 'b', NULL, x->se, TRYGG_UNIT_PLAIN},
        {"n", 'b', NULL, x->n, TRYGG_UNIT_COUNT},
        {"flag", 't', flags, 0, TRYGG_UNIT_PLAIN},
        {"model_estimate", 'n', NULL, x->model_estimate, TRYGG_UNIT_PLAIN},
        {"model_rmse", 'n', NULL, x->model_rmse, TRYGG_UNIT_PLAIN},
        {"model", 't', x->model, 0, TRYGG_UNIT_PLAIN},
        {"scale", 't', x->scale, 0, TRYGG_UNIT_PLAIN},
        {"benchmarked", 'i', NULL, x->benchmarked, TRYGG_UNIT_PLAIN},
        {"shrinkage", 'b', NULL, x->shrinkage, TRYGG_UNIT_PLAIN},
        {"residual", 'b', NULL, x->residual, TRYGG_UNIT_PLAIN},
        {"covariate_year", 'n', NULL, x->covariate_year ? x->covariate_year : NAN, TRYGG_UNIT_YEAR},
    };
    memcpy(f, v, sizeof v);
    return sizeof v / sizeof *v;
}

trygg_status trygg_smallarea_write_to(const trygg_smallarea *s, trygg_output_group *g,
                                      const char *path, trygg_format fmt, trygg_errors *err)
{
    trygg_table_spec t = {"smallarea", s, s->count, model_row};
    trygg_write_options o = trygg_write_options_of(fmt);
    return trygg_out_table_to(g, path, &t, &o, err);
}

static size_t stat_row(const void *t, size_t i, trygg_field *f, trygg_row *r)
{
    trygg_smallarea_stat none = {0};
    none.level = none.indicator = none.scale = none.term = "";
    const trygg_smallarea_stat *x = i == SIZE_MAX ? &none
                                    : &((const trygg_smallarea *)t)->stats[i];
    r->blank = 0;
    trygg_field v[] = {
        {"year", 'i', NULL, x->year, TRYGG_UNIT_YEAR},
        {"level", 't', x->level, 0, TRYGG_UNIT_PLAIN},
        {"indicator", 't', x->indicator, 0, TRYGG_UNIT_PLAIN},
        {"scale", 't', x->scale, 0, TRYGG_UNIT_PLAIN},
        {"term", 't', x->term, 0, TRYGG_UNIT_PLAIN},
        {"value", 'n', NULL, x->value, TRYGG_UNIT_PLAIN},
        {"se", 'n', NULL, x->se, TRYGG_UNIT_PLAIN},
    };
    memcpy(f, v, sizeof v);
    return sizeof v / sizeof *v;
}

trygg_status trygg_smallarea_diagnostics_write_to(const trygg_smallarea *s,
                                                  trygg_output_group *g, const char *path,
                                                  trygg_format fmt, trygg_errors *err)
{
    trygg_table_spec t = {"diagnostics", s, s->nstats, stat_row};
    trygg_write_options o = trygg_write_options_of(fmt);
    return trygg_out_table_to(g, path, &t, &o, err);
}
