/* Population margin files: every row checked once, where it is, before the
 * weighting matches cells to respondents. */
#include "population.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "errors_internal.h"
#include "text_internal.h"

/* A plain decimal number: no hexadecimal, "inf", "nan" or spaces, which
 * strtod would take. */
static int parse_plain(const char *s, double *out)
{
    if (!*s || strspn(s, "0123456789.eE+-") != strlen(s))
        return -1;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

double trygg_population_count(const char *s)
{
    double v;
    return parse_plain(s, &v) == 0 ? v : 0;
}

static int is_year(const char *s)
{
    size_t n = strlen(s);
    if (n != 4 || strspn(s, "0123456789") != n)
        return 0;
    int y = atoi(s);
    return y >= 1900 && y <= 2200;
}

static trygg_status bad(const trygg_table *t, size_t r, long col,
                        trygg_errors *err, const char *fmt, const char *v)
{
    trygg_errors_add(err, t->file, t->line[r], (unsigned long)col + 1, fmt, v);
    return TRYGG_ERR_INVALID;
}

static trygg_status check_row(const trygg_table *t, size_t r, long cp, long cy,
                              trygg_errors *err)
{
    const char *year = trygg_table_get(t, r, cy), *pop = trygg_table_get(t, r, cp);
    double v;
    if (cy >= 0 && !is_year(year))
        return bad(t, r, cy, err, "year '%s' is not a year (expected four "
                   "digits, e.g. 2024)", year);
    if (parse_plain(pop, &v) != 0 || v < 0)
        return bad(t, r, cp, err, "population '%s' is not a count (expected a "
                   "number ≥ 0, without spaces or thousands separators)", pop);
    if (v > TRYGG_POPULATION_MAX)
        return bad(t, r, cp, err, "population '%s' is too large (more than "
                   "1e12): is the column right?", pop);
    return TRYGG_OK;
}

/* The row's cells but `population`, each ended by a unit separator. */
static size_t row_key(const trygg_table *t, size_t r, long cp, char *key)
{
    size_t used = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        if ((long)c == cp)
            continue;
        const char *v = trygg_table_get(t, r, (long)c);
        size_t n = strlen(v);
        memcpy(key + used, v, n);
        used += n;
        key[used++] = '\x1f';
    }
    return used;
}

/* Rows equal in every column but `population` give the same cell twice. */
static trygg_status check_duplicates(const trygg_table *t, long cp,
                                     trygg_errors *err)
{
    size_t longest = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        size_t n = t->ncols;
        for (size_t c = 0; c < t->ncols; c++)
            n += strlen(trygg_table_get(t, r, (long)c));
        longest = n > longest ? n : longest;
    }
    trygg_dict keys;
    trygg_dict_init(&keys);
    size_t *first = malloc((t->nrows + 1) * sizeof *first);
    char *key = malloc(longest + 1);
    trygg_status st = first && key ? TRYGG_OK : TRYGG_ERR_NOMEM;
    for (size_t r = 0; r < t->nrows && st != TRYGG_ERR_NOMEM; r++) {
        uint32_t idx;
        size_t before = keys.count;
        if (trygg_dict_intern(&keys, key, row_key(t, r, cp, key), &idx) != TRYGG_OK) {
            st = TRYGG_ERR_NOMEM;
        } else if (keys.count == before) {
            trygg_errors_add(err, t->file, t->line[r], 0, "this row gives the "
                             "same cell as line %lu: give each cell once",
                             t->line[first[idx]]);
            st = TRYGG_ERR_INVALID;
        } else {
            first[idx] = r;
        }
    }
    free(key);
    free(first);
    trygg_dict_free(&keys);
    return st;
}

static trygg_status check_table(const trygg_table *t, trygg_errors *err)
{
    trygg_status st = trygg_table_check_utf8(t, err);
    if (st != TRYGG_OK)
        return st;
    long cp = trygg_table_col(t, "population"), cy = trygg_table_col(t, "year");
    if (cp < 0) {
        trygg_errors_add(err, t->file, 1, 0, "missing column 'population'");
        return TRYGG_ERR_INVALID;
    }
    for (size_t r = 0; r < t->nrows && !trygg_errors_full(err); r++)
        if (check_row(t, r, cp, cy, err) != TRYGG_OK)
            st = TRYGG_ERR_INVALID;
    return st == TRYGG_OK ? check_duplicates(t, cp, err) : st;
}

trygg_status trygg_population_read(const char *path, trygg_table **out,
                                   trygg_errors *err)
{
    *out = NULL;
    trygg_table *t = NULL;
    trygg_status st = trygg_table_read(path, &t, err);
    if (st == TRYGG_OK)
        st = check_table(t, err);
    if (st != TRYGG_OK) {
        trygg_table_free(t);
        return st;
    }
    *out = t;
    return TRYGG_OK;
}
