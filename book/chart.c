/* One chart of one area, by its type name. */
#include "book_internal.h"

#include <stdlib.h>
#include <string.h>

const char *const TRYGG_BOOK_CHART_TYPES[] = {"lagesbild", "comparison", "table", "trend",
                                              "groups", "priorities", "cover", "matrix",
                                              NULL};

/* The type's index; "lägesbild" (in NFC or NFD, any case) is "lagesbild". */
static int type_index(const char *type)
{
    char *slug = NULL;
    if (trygg_slug(type, &slug) != TRYGG_OK)
        return -1;
    int found = -1;
    for (int i = 0; TRYGG_BOOK_CHART_TYPES[i]; i++)
        if (!strcmp(slug, TRYGG_BOOK_CHART_TYPES[i]))
            found = i;
    free(slug);
    return found;
}

/* The section of the problems (for the region's table), else the first. */
static size_t problem_section(const trygg_definition *def)
{
    for (size_t s = 0; s < trygg_book_sections(def); s++)
        if (!strcmp(trygg_book_section_key(def, s), "problem"))
            return s;
    return 0;
}

/* Comparison, table and groups are pages of a municipality's districts
 * (comparison and table also of the region's municipalities). */
static int municipality_only(trygg_book_arena *a, const char *type, const char *level,
                             const char *area)
{
    return book_fail(a, "a %s chart is drawn for a municipality, and '%s' is a %s", type, area,
                     level);
}

int trygg_book_chart(const trygg_survey *sv, trygg_book_data *d, trygg_book_arena *a,
                     const char *type, const char *area, const char *indicator,
                     trygg_report_chart *ch)
{
    const trygg_book_ctx *c = &d->ctx;
    const char *ind = indicator ? indicator : trygg_book_main_indicator(c->def);
    int t = type_index(type);
    if (t < 0)
        return book_fail(a, "unknown --type '%s' (expected lagesbild, comparison, table, "
                            "trend, groups, priorities, cover or matrix)", type);
    const char *level = book_area_level(c, area);
    if (!level)
        return book_fail(a, "no area '%s' in %d", area, c->year);
    int muni = !strcmp(level, "municipality"), region = !strcmp(level, "region");
    switch (t) {
    case 0: return trygg_book_lagesbild(c, a, level, area, ch);
    case 1: return muni ? trygg_book_comparison(c, a, area, ind, ch)
                 : region ? trygg_book_region_comparison(c, a, ind, ch)
                          : municipality_only(a, type, level, area);
    case 2: return muni ? trygg_book_table(c, a, area, 0, ch)
                 : region ? trygg_book_section_table(c, a, "region", "region",
                                                     problem_section(c->def), 0, ch)
                          : municipality_only(a, type, level, area);
    case 3: return trygg_book_trend(c, a, level, area, ind, ch);
    case 4: return muni ? trygg_book_groups(c, a, area, ind, ch)
                        : municipality_only(a, type, level, area);
    case 6: return trygg_book_cover(c, a, level, area, ch);
    default: break;
    }
    char *spec = book_printf(a, "%s:%s", level, area);
    trygg_errors *err = trygg_errors_new(4);
    trygg_status st = spec && err ? trygg_book_data_priorities(sv, d, spec, NULL, err)
                                  : TRYGG_ERR_NOMEM;
    /* the priorities' own status and first diagnostic, not a silent page */
    const trygg_diag *why = st != TRYGG_OK && trygg_errors_count(err) ? trygg_errors_get(err, 0)
                                                                       : NULL;
    int rc = st != TRYGG_OK ? book_fail(a, "the priorities of '%s' could not be computed: %s",
                                        area, why ? why->message : trygg_strerror(st))
             : t == 7 ? trygg_book_matrix(c, a, area, ch) : trygg_book_priorities(c, a, area, ch);
    trygg_errors_free(err);
    return rc;
}
