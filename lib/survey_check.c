/* Checks across rows, after every file is read: unique ids within a year,
 * areas nested in one another, one municipality per file, fpc constant in
 * a stratum, and the list of survey years. */
#include "survey_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors_internal.h"

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

#define YEAR_TABLE 4096   /* years 0..4095 are counted in a table */

static trygg_status collect_years(trygg_survey *sv)
{
    int *ys = malloc((sv->nrows + 1) * sizeof *ys);
    if (!ys)
        return TRYGG_ERR_NOMEM;
    unsigned char *seen = calloc(YEAR_TABLE, 1);
    size_t n = 0, r = 0;
    for (; seen && r < sv->nrows && (uint32_t)sv->year[r] < YEAR_TABLE; r++)
        seen[sv->year[r]] = 1;
    if (seen && r == sv->nrows) {
        for (int y = 0; y < YEAR_TABLE; y++)
            if (seen[y])
                ys[n++] = y;
    } else {  /* a year outside the table, or no memory for it */
        for (r = 0; r < sv->nrows; r++)
            ys[r] = sv->year[r];
        qsort(ys, sv->nrows, sizeof *ys, cmp_int);
        for (r = 0; r < sv->nrows; r++)
            if (n == 0 || ys[n - 1] != ys[r])
                ys[n++] = ys[r];
    }
    free(seen);
    free(sv->years);
    sv->years = ys;
    sv->nyears = n;
    return TRYGG_OK;
}

/* Index of year y in sv->years (which holds it). */
static size_t year_index(const trygg_survey *sv, const size_t *table, int y)
{
    if (table && (uint32_t)y < YEAR_TABLE)
        return table[y];
    int *p = bsearch(&y, sv->years, sv->nyears, sizeof *p, cmp_int);
    return (size_t)(p - sv->years);
}

/* The line of row r in its file, for messages. */
static unsigned long row_line(const trygg_survey *sv, size_t r)
{
    return sv->line[r];
}

/* Rows by (year, hash of the id), then row: a stable radix sort of the
 * 64-bit keys, skipping the digits all rows share (the year's, mostly). */
typedef struct { uint64_t key; size_t row; } keyed;

static trygg_status sort_keyed(keyed *k, size_t n)
{
    keyed *tmp = malloc((n + 1) * sizeof *tmp);
    size_t *count = malloc((65536 + 1) * sizeof *count);
    if (!tmp || !count) {
        free(tmp);
        free(count);
        return TRYGG_ERR_NOMEM;
    }
    for (int shift = 0; shift < 64; shift += 16) {
        memset(count, 0, (65536 + 1) * sizeof *count);
        for (size_t i = 0; i < n; i++)
            count[((k[i].key >> shift) & 0xFFFF) + 1]++;
        if (count[((k[0].key >> shift) & 0xFFFF) + 1] == n)
            continue;
        for (size_t d = 1; d <= 65536; d++)
            count[d] += count[d - 1];
        for (size_t i = 0; i < n; i++)
            tmp[count[(k[i].key >> shift) & 0xFFFF]++] = k[i];
        memcpy(k, tmp, n * sizeof *k);
    }
    free(tmp);
    free(count);
    return TRYGG_OK;
}

/* A row whose (year, id) an earlier row has: that row, and the first. */
typedef struct { int year; size_t first, row, prev; } dup_row;

static int cmp_dup(const void *a, const void *b)
{
    const dup_row *x = a, *y = b;
    if (x->year != y->year) return (x->year > y->year) - (x->year < y->year);
    if (x->first != y->first) return (x->first > y->first) - (x->first < y->first);
    return (x->row > y->row) - (x->row < y->row);
}

/* In a run of rows with one key (in row order), each row that repeats an
 * earlier one's id, with the nearest such row. */
static trygg_status run_dups(const trygg_survey *sv, long col, const keyed *run,
                             size_t m, size_t *first, dup_row **dup, size_t *ndup,
                             size_t *cap)
{
    for (size_t k = 0; k < m; k++) {
        const char *id = trygg_survey_cat(sv, col, run[k].row);
        first[k] = run[k].row;
        size_t j = k;
        while (j-- > 0)
            if (strcmp(trygg_survey_cat(sv, col, run[j].row), id) == 0)
                break;
        if (j == SIZE_MAX)
            continue;
        first[k] = first[j];
        if (*ndup == *cap) {
            size_t nc = *cap ? 2 * *cap : 16;
            dup_row *nd = realloc(*dup, nc * sizeof *nd);
            if (!nd)
                return TRYGG_ERR_NOMEM;
            *dup = nd;
            *cap = nc;
        }
        (*dup)[(*ndup)++] = (dup_row){sv->year[run[k].row], first[k], run[k].row,
                                      run[j].row};
    }
    return TRYGG_OK;
}

static trygg_status find_dups(const trygg_survey *sv, long col, dup_row **dup,
                              size_t *ndup)
{
    size_t n = sv->nrows, cap = 0, fcap = 0, *first = NULL;
    keyed *k = malloc((n + 1) * sizeof *k);
    if (!k)
        return TRYGG_ERR_NOMEM;
    for (size_t r = 0; r < n; r++) {
        const char *id = trygg_survey_cat(sv, col, r);
        k[r] = (keyed){((uint64_t)(uint32_t)sv->year[r] << 32) |
                           trygg_dict_hash(id, strlen(id)), r};
    }
    trygg_status st = sort_keyed(k, n);
    for (size_t b = 0; b < n && st == TRYGG_OK;) {
        size_t e = b + 1;
        while (e < n && k[e].key == k[b].key)
            e++;
        if (e - b > 1) {
            if (e - b > fcap) {
                size_t *nf = realloc(first, (e - b) * sizeof *nf);
                if (!nf) {
                    st = TRYGG_ERR_NOMEM;
                    break;
                }
                first = nf;
                fcap = e - b;
            }
            st = run_dups(sv, col, k + b, e - b, first, dup, ndup, &cap);
        }
        b = e;
    }
    free(first);
    free(k);
    return st;
}

/* Ids are unique within a year; the repeats are reported id by id (in the
 * order of each id's first row), each with the row before it. */
static trygg_status check_ids(trygg_survey *sv, trygg_errors *err)
{
    long col = sv->role_col[TRYGG_ROLE_ID];
    if (col < 0 || sv->nrows == 0)
        return TRYGG_OK;
    size_t ndup = 0;
    dup_row *dup = NULL;
    trygg_status st = find_dups(sv, col, &dup, &ndup);
    if (st == TRYGG_OK && ndup > 1)
        qsort(dup, ndup, sizeof *dup, cmp_dup);
    for (size_t i = 0; i < ndup && st == TRYGG_OK; i++) {
        size_t r = dup[i].row, first = dup[i].prev;
        trygg_errors_add(err, sv->files[sv->file[r]].path, row_line(sv, r), 0,
                         "respondent id '%s' appears twice in %d (also %s "
                         "line %lu)", trygg_survey_cat(sv, col, r), sv->year[r],
                         sv->files[sv->file[first]].path, row_line(sv, first));
    }
    free(dup);
    return st != TRYGG_OK ? st : ndup ? TRYGG_ERR_INVALID : TRYGG_OK;
}

/* Each value of `inner` lies in a single value of `outer` (per year). */
static trygg_status check_nested(trygg_survey *sv, int inner, int outer,
                                 const char *what, trygg_errors *err)
{
    long ci = sv->role_col[inner], co = sv->role_col[outer];
    if (ci < 0 || co < 0)
        return TRYGG_OK;
    size_t n = sv->cols[ci].dict.count;
    uint32_t *parent = malloc((n + 1) * sizeof *parent);
    if (!parent)
        return TRYGG_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        parent[i] = UINT32_MAX;
    trygg_status st = TRYGG_OK;
    for (size_t r = 0; r < sv->nrows; r++) {
        uint32_t a = sv->cols[ci].cat[r], b = sv->cols[co].cat[r];
        if (parent[a] == UINT32_MAX) {
            parent[a] = b;
        } else if (parent[a] != b && st == TRYGG_OK) {
            trygg_errors_add(err, sv->files[sv->file[r]].path, row_line(sv, r),
                             0, "%s '%s' lies in '%s' here but in '%s' on "
                             "other rows: each %s must lie in one %s", what,
                             trygg_survey_cat(sv, ci, r),
                             trygg_survey_cat(sv, co, r),
                             sv->cols[co].dict.names[parent[a]],
                             sv->cols[ci].name, sv->cols[co].name);
            st = TRYGG_ERR_INVALID;
        }
    }
    free(parent);
    return st;
}

/* The municipality a response file's name gives ("2024_sodertalje.csv",
 * "2024_Upplands_Väsby.csv"), as a slug (trygg_slug, the one rule for
 * file names), or NULL when the name has no "YYYY_" prefix. */
static trygg_status file_slug(const char *path, char **out)
{
    *out = NULL;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (strlen(base) < 6 || !isdigit((unsigned char)base[0]) || base[4] != '_')
        return TRYGG_OK;
    base += 5;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    char *name = strndup(base, n);
    if (!name)
        return TRYGG_ERR_NOMEM;
    /* a file name that is not UTF-8 names no municipality */
    trygg_status st = trygg_slug(name, out);
    free(name);
    return st == TRYGG_ERR_PARSE ? TRYGG_OK : st;
}

/* Slugs of every municipality name, for matching file names. */
static trygg_status name_slugs(const trygg_dict *names, char ***out)
{
    char **s = calloc(names->count + 1, sizeof *s);
    trygg_status st = s ? TRYGG_OK : TRYGG_ERR_NOMEM;
    for (size_t m = 0; st == TRYGG_OK && m < names->count; m++)
        st = trygg_slug(names->names[m], &s[m]);
    if (st != TRYGG_OK && s) {
        for (size_t m = 0; m < names->count; m++)
            free(s[m]);
        free(s);
        s = NULL;
    }
    *out = s;
    return st;
}

static long named_municipality(char *const *slugs, size_t n, const char *want)
{
    for (size_t m = 0; m < n; m++)
        if (strcmp(slugs[m], want) == 0)
            return (long)m;
    return -1;
}

/* A file named "YYYY_<municipality>.csv" after one of the survey's
 * municipalities must hold only that municipality's rows. */
static trygg_status check_file_municipality(trygg_survey *sv, trygg_errors *err)
{
    long col = sv->role_col[TRYGG_ROLE_MUNICIPALITY];
    if (col < 0)
        return TRYGG_OK;
    const trygg_dict *names = &sv->cols[col].dict;
    char **slugs;
    trygg_status st = name_slugs(names, &slugs);
    for (size_t f = 0; st != TRYGG_ERR_NOMEM && f < sv->nfiles; f++) {
        const trygg_file_info *fi = &sv->files[f];
        char *want = NULL;
        if (fi->rows && file_slug(fi->path, &want) != TRYGG_OK) {
            st = TRYGG_ERR_NOMEM;
            break;
        }
        long named = want ? named_municipality(slugs, names->count, want) : -1;
        free(want);
        for (size_t r = fi->first_row; named >= 0 && r < fi->first_row + fi->rows; r++) {
            if (sv->cols[col].cat[r] == (uint32_t)named)
                continue;
            trygg_errors_add(err, fi->path, row_line(sv, r), 0, "municipality "
                             "'%s' differs from '%s', which the file name says",
                             trygg_survey_cat(sv, col, r), names->names[named]);
            st = TRYGG_ERR_INVALID;
            break;
        }
    }
    for (size_t m = 0; slugs && m < names->count; m++)
        free(slugs[m]);
    free(slugs);
    return st;
}

static trygg_status check_fpc(trygg_survey *sv, trygg_errors *err)
{
    long cs = sv->role_col[TRYGG_ROLE_STRATUM], cf = sv->role_col[TRYGG_ROLE_FPC];
    if (cs < 0 || cf < 0)
        return TRYGG_OK;
    size_t n = sv->cols[cs].dict.count * sv->nyears;
    double *seen = malloc((n + 1) * sizeof *seen);
    if (!seen)
        return TRYGG_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        seen[i] = NAN;
    size_t *table = malloc(YEAR_TABLE * sizeof *table);
    for (size_t i = 0; table && i < sv->nyears; i++)
        if ((uint32_t)sv->years[i] < YEAR_TABLE)
            table[sv->years[i]] = i;
    trygg_status st = TRYGG_OK;
    for (size_t r = 0; r < sv->nrows && st == TRYGG_OK; r++) {
        size_t k = year_index(sv, table, sv->year[r]) * sv->cols[cs].dict.count +
                   sv->cols[cs].cat[r];
        double v = sv->cols[cf].num[r];
        if (isnan(seen[k]))
            seen[k] = v;
        else if (seen[k] != v && !isnan(v)) {
            trygg_errors_add(err, sv->files[sv->file[r]].path, row_line(sv, r),
                             0, "fpc %.15g differs from %.15g on other rows of "
                             "stratum '%s' in %d: the fpc is one number per "
                             "stratum", v, seen[k], trygg_survey_cat(sv, cs, r),
                             sv->year[r]);
            st = TRYGG_ERR_INVALID;
        }
    }
    free(table);
    free(seen);
    return st;
}

trygg_status trygg_survey_check(trygg_survey *sv, trygg_errors *err)
{
    trygg_status st = collect_years(sv);
    if (st != TRYGG_OK)
        return st;
    trygg_status worst = TRYGG_OK;
    trygg_status (*const checks[])(trygg_survey *, trygg_errors *) = {
        check_ids, check_file_municipality, check_fpc};
    for (size_t i = 0; i < sizeof checks / sizeof *checks; i++) {
        st = checks[i](sv, err);
        if (st == TRYGG_ERR_NOMEM)
            return st;
        if (worst == TRYGG_OK)
            worst = st;
    }
    st = check_nested(sv, TRYGG_ROLE_DISTRICT, TRYGG_ROLE_MUNICIPALITY,
                      "district", err);
    if (worst == TRYGG_OK)
        worst = st;
    return worst;
}
