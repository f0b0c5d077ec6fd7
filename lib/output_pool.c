/* Writing pooled tables: the estimates table with the window's first year
 * before its last (`year_from,year,...`), and changes between windows with
 * each window's first year beside its last. The columns after are those of
 * the yearly tables (output.c), labels included, blank on suppressed rows
 * alike. */
#include "results_internal.h"

#include <stdint.h>
#include <string.h>

#include "output_internal.h"

static size_t pooled_estimate_row(const void *t, size_t i, trygg_field *f, trygg_row *r)
{
    trygg_estimate_row none = {0};
    none.level = none.domain = none.indicator = none.parent = none.parent_level = "";
    const trygg_estimate_row *x = i == SIZE_MAX ? &none
                                  : &((const trygg_results *)t)->rows[i];
    r->blank = (x->flags & TRYGG_FLAG_SUPPRESSED) != 0;
    f[0] = (trygg_field){"year_from", 'i', NULL, x->year_from, TRYGG_UNIT_YEAR};
    return 1 + trygg_out_estimate_fields(x, f + 1, r);
}

/* The writers' options for a format, and the labels' definition. */

trygg_status trygg_pooled_results_write_to(const trygg_results *r, trygg_output_group *g,
                                           const char *path, trygg_format fmt,
                                           trygg_errors *err)
{
    trygg_table_spec t = {"estimates", r, r->count, pooled_estimate_row};
    trygg_write_options o = trygg_write_options_of(fmt);
    return trygg_out_table_to(g, path, &t, &o, err);
}

typedef struct {
    const trygg_survey *sv;
    const trygg_changes *c;
} pooled_changes;

static size_t pooled_change_row(const void *t, size_t i, trygg_field *f, trygg_row *r)
{
    const pooled_changes *pc = t;
    trygg_change_row none = {0};
    none.level = none.domain = none.indicator = none.other_level = none.other_domain = "";
    const trygg_change_row *x = i == SIZE_MAX ? &none : &pc->c->rows[i];
    r->blank = (x->flags & TRYGG_FLAG_SUPPRESSED) != 0;
    trygg_field v[TRYGG_MAX_FIELDS];
    size_t n = trygg_out_change_fields(x, v, r, 0);
    /* year_from_first, year_from, year_to_first, year_to, then the rest */
    f[0] = (trygg_field){"year_from_first", 'i', NULL,
                         i == SIZE_MAX ? 0 : trygg_survey_pooled_from(pc->sv, x->year_from),
                         TRYGG_UNIT_YEAR};
    f[1] = v[0];
    f[2] = (trygg_field){"year_to_first", 'i', NULL,
                         i == SIZE_MAX ? 0 : trygg_survey_pooled_from(pc->sv, x->year_to),
                         TRYGG_UNIT_YEAR};
    memcpy(f + 3, v + 1, (n - 1) * sizeof *f);
    return n + 2;
}

trygg_status trygg_pooled_changes_write_to(const trygg_survey *pooled, const trygg_changes *c,
                                           trygg_output_group *g, const char *path,
                                           trygg_format fmt, trygg_errors *err)
{
    pooled_changes pc = {pooled, c};
    trygg_table_spec t = {"changes", &pc, c->count, pooled_change_row};
    trygg_write_options o = trygg_write_options_of(fmt);
    return trygg_out_table_to(g, path, &t, &o, err);
}
