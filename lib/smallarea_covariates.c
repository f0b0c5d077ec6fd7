/* area_covariates.csv: register figures per area (shares of the population
 * by age, income, ...) for the area-level model, and the areas' populations
 * for benchmarking. Read whole; every problem is named with its line and
 * column, and nothing is guessed: a blank is a missing value. */
#include "smallarea_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"
#include "errors_internal.h"

static int is_meta(const char *col, long area_col, long c)
{
    return c == area_col || !strcmp(col, "year") || !strcmp(col, "population");
}

/* A number as the file writes it: '.' decimals in a ',' file, ',' in a ';'
 * file; blank is NaN. 0 when it is one. */
static int number(const char *s, char sep, double *out)
{
    if (!s[0]) {
        *out = NAN;
        return 0;
    }
    size_t n = strlen(s);
    char *t = malloc(n + 1);
    if (!t)
        return -1;
    for (size_t i = 0; i <= n; i++)
        t[i] = sep == ';' && s[i] == ',' ? '.' : sep == ';' && s[i] == '.' ? 'x' : s[i];
    char *end;
    *out = strtod(t, &end);
    int bad = end == t || *end || !isfinite(*out);
    free(t);
    return bad ? -1 : 0;
}

static trygg_status alloc_rows(trygg_covariates *c, size_t nrows)
{
    c->nrows = nrows;
    c->area = calloc(nrows + 1, sizeof *c->area);
    c->year = calloc(nrows + 1, sizeof *c->year);
    c->value = calloc(nrows * c->ncov + 1, sizeof *c->value);
    c->population = calloc(nrows + 1, sizeof *c->population);
    return c->area && c->year && c->value && c->population ? TRYGG_OK : TRYGG_ERR_NOMEM;
}

static trygg_status columns(const trygg_table *t, long area_col, trygg_covariates *c)
{
    c->names = calloc(t->ncols + 1, sizeof *c->names);
    if (!c->names)
        return TRYGG_ERR_NOMEM;
    for (size_t j = 0; j < t->ncols; j++)
        if (!is_meta(t->header[j], area_col, (long)j) &&
            !(c->names[c->ncov++] = strdup(t->header[j])))
            return TRYGG_ERR_NOMEM;
    c->has_population = trygg_table_col(t, "population") >= 0;
    return TRYGG_OK;
}

/* Row i's area, year, covariates and population; a diagnostic per bad cell. */
static trygg_status one_row(const trygg_table *t, size_t i, long area_col,
                            trygg_covariates *c, trygg_errors *err)
{
    trygg_status st = trygg_utf8_nfc(trygg_table_get(t, i, area_col),
                                     strlen(trygg_table_get(t, i, area_col)), &c->area[i]);
    if (st != TRYGG_OK)
        return st;
    size_t k = 0;
    for (size_t j = 0; j < t->ncols; j++) {
        const char *v = trygg_table_get(t, i, (long)j), *col = t->header[j];
        double x;
        if ((long)j == area_col)
            continue;
        if (number(v, t->sep, &x) != 0 || (!strcmp(col, "year") && !(x >= 1900 && x <= 2200 &&
                                                                      x == floor(x)))) {
            trygg_errors_add(err, t->file, t->line[i], j + 1, "'%s' in column '%s' is not "
                             "%s (decimal mark '%c', no spaces or thousands separators)",
                             v, col, !strcmp(col, "year") ? "a year" : "a number",
                             t->sep == ';' ? ',' : '.');
            st = TRYGG_ERR_PARSE;
            continue;
        }
        if (!strcmp(col, "year"))
            c->year[i] = (int)x;
        else if (!strcmp(col, "population"))
            c->population[i] = x;
        else
            c->value[i * c->ncov + k++] = x;
    }
    if (!c->has_population)
        c->population[i] = NAN;
    return st;
}

trygg_status trygg_covariates_read(const char *path, const char *level,
                                   trygg_covariates *c, trygg_errors *err)
{
    memset(c, 0, sizeof *c);
    trygg_table *t = NULL;
    trygg_status st = trygg_table_read(path, &t, err);
    if (st != TRYGG_OK)
        return st;
    long area_col = trygg_table_col(t, "area");
    if (area_col < 0)
        area_col = trygg_table_col(t, level);
    if (area_col < 0) {
        trygg_errors_add(err, path, 1, 0, "missing column 'area' (or '%s'): the areas the "
                         "covariates are of", level);
        st = TRYGG_ERR_PARSE;
    }
    if (st == TRYGG_OK)
        st = columns(t, area_col, c);
    if (st == TRYGG_OK)
        st = alloc_rows(c, t->nrows);
    trygg_status row_st = TRYGG_OK;
    for (size_t i = 0; st == TRYGG_OK && i < t->nrows; i++) {
        trygg_status rs = one_row(t, i, area_col, c, err);
        if (rs == TRYGG_ERR_NOMEM)
            st = rs;
        else if (rs != TRYGG_OK)
            row_st = rs;
        long dup = trygg_covariates_find(c, c->area[i], c->year[i]);
        if (rs == TRYGG_OK && dup >= 0 && (size_t)dup < i && c->year[dup] == c->year[i]) {
            trygg_errors_add(err, path, t->line[i], (unsigned long)area_col + 1, "area '%s' "
                             "is given twice (also line %lu)", c->area[i], t->line[dup]);
            row_st = TRYGG_ERR_PARSE;
        }
    }
    trygg_table_free(t);
    if (st == TRYGG_OK)
        st = row_st;
    if (st != TRYGG_OK)
        trygg_covariates_free(c);
    return st;
}

long trygg_covariates_find(const trygg_covariates *c, const char *area, int year)
{
    long every = -1;
    for (size_t i = 0; i < c->nrows; i++) {
        if (!c->area[i] || strcmp(c->area[i], area) != 0)
            continue;
        if (c->year[i] == year)
            return (long)i;
        if (c->year[i] == 0 && every < 0)
            every = (long)i;
    }
    return every;
}

void trygg_covariates_free(trygg_covariates *c)
{
    for (size_t i = 0; c->names && i < c->ncov; i++)
        free(c->names[i]);
    for (size_t i = 0; c->area && i < c->nrows; i++)
        free(c->area[i]);
    free(c->names);
    free(c->area);
    free(c->year);
    free(c->value);
    free(c->population);
    memset(c, 0, sizeof *c);
}
