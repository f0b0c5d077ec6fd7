/* Looking areas and years up in the results. */
#include "book_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *book_area_level(const trygg_book_ctx *c, const char *area)
{
    static const char *const levels[] = {"district", "municipality", "region"};
    for (int i = 0; i < 3; i++)
        for (size_t k = 0; k < trygg_results_count(c->est); k++) {
            const trygg_estimate_row *x = trygg_results_row(c->est, k);
            if (x->year == c->year && !strcmp(x->level, levels[i]) &&
                !strcmp(x->domain, area))
                return levels[i];
        }
    return NULL;
}

size_t trygg_book_districts(const trygg_book_ctx *c, trygg_book_arena *a, const char *muni,
                            const char ***out)
{
    if (a->districts && a->muni && !strcmp(a->muni, muni)) {
        *out = a->districts;
        return a->ndistricts;
    }
    size_t n = 0, cap = trygg_results_count(c->est);
    const char **d = trygg_book_alloc(a, (cap + 1) * sizeof *d);
    for (size_t i = 0; d && i < cap; i++) {
        const trygg_estimate_row *x = trygg_results_row(c->est, i);
        if (x->year == c->year && x->indicator_index == 0 && !strcmp(x->level, "district") &&
            !strcmp(x->parent, muni))
            d[n++] = x->domain;
    }
    a->muni = d ? trygg_book_strdup(a, muni) : NULL;
    a->districts = a->muni ? d : NULL;
    a->ndistricts = n;
    *out = d;
    return n;
}

char *trygg_book_year_check(const trygg_survey *sv, int year)
{
    size_t n = trygg_survey_year_count(sv);
    if (!year)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (trygg_survey_year(sv, i) == year)
            return NULL;
    size_t size = 64 + 8 * n;
    char *msg = malloc(size);
    if (!msg)
        return NULL;
    int at = snprintf(msg, size, "no survey year %d in the data (years: ", year);
    for (size_t i = 0; i < n && at > 0 && (size_t)at < size; i++)
        at += snprintf(msg + at, size - (size_t)at, "%s%d", i ? ", " : "",
                       trygg_survey_year(sv, i));
    if (at > 0 && (size_t)at < size)
        snprintf(msg + at, size - (size_t)at, ")");
    return msg;
}

size_t book_children(const trygg_book_ctx *c, trygg_book_arena *a, const char *child_level,
                     const char *parent, const char ***out)
{
    if (!strcmp(child_level, "district"))
        return trygg_book_districts(c, a, parent, out);
    size_t n = 0, cap = trygg_results_count(c->est);
    const char **d = trygg_book_alloc(a, (cap + 1) * sizeof *d);
    for (size_t i = 0; d && i < cap; i++) {
        const trygg_estimate_row *x = trygg_results_row(c->est, i);
        if (x->year == c->year && x->indicator_index == 0 && !strcmp(x->level, child_level) &&
            !strcmp(x->parent, parent))
            d[n++] = x->domain;
    }
    *out = d;
    return d ? n : 0;
}

int book_previous_year(const trygg_book_ctx *c, const char *level, const char *area)
{
    /* every indicator has a row for every area of a year: the first one
     * tells; the years are few, so each candidate is looked up */
    const char *ind = trygg_definition_indicator_name(c->def, 0);
    for (int y = c->year - 1; ind && y >= c->year - 50; y--)
        if (trygg_results_find(c->est, y, level, area, ind))
            return y;
    return 0;
}

const trygg_estimate_row *book_shown(const trygg_book_ctx *c, int year, const char *level,
                                     const char *area, const char *indicator)
{
    const trygg_estimate_row *x = trygg_results_find(c->est, year, level, area, indicator);
    trygg_report_value v = trygg_book_value(x);
    return v.flags & (TRYGG_REPORT_SUPPRESSED | TRYGG_REPORT_EMPTY) || !(v.est == v.est)
               ? NULL : x;
}
