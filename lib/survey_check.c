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

typedef struct { uint64_t key; size_t row, prev; } keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->key != y->key)
        return (x->key > y->key) - (x->key < y->key);
    return (x->row > y->row) - (x->row < y->row);
}

static uint64_t id_key(const trygg_survey *sv, long col, size_t r)
{
    return ((uint64_t)(uint32_t)sv->year[r] << 32) | sv->cols[col].cat[r];
}

/* Rows grouped by id (a counting sort: ids are dense indices), each group
 * in row order. by_id[start[i] .. start[i + 1]) are the rows of id i. */
static trygg_status group_by_id(const trygg_survey *sv, long col,
                                size_t **start_out, size_t **by_id_out)
{
    size_t nid = sv->cols[col].dict.count;
    size_t *start = calloc(nid + 2, sizeof *start);
    size_t *by_id = malloc((sv->nrows + 1) * sizeof *by_id);
    if (!start || !by_id) {
        free(start);
        free(by_id);
        return TRYGG_ERR_NOMEM;
    }
    const uint32_t *cat = sv->cols[col].cat;
    for (size_t r = 0; r < sv->nrows; r++)
        start[cat[r] + 2]++;
    for (size_t i = 2; i < nid + 2; i++)
        start[i] += start[i - 1];
    for (size_t r = 0; r < sv->nrows; r++)
        by_id[start[cat[r] + 1]++] = r;
    *start_out = start;
    *by_id_out = by_id;
    return TRYGG_OK;
}

/* Appends to *dup every row whose (year, id) an earlier row has, with the
 * row before it: what sorting all rows by (year, id, row) would pair. */
static trygg_status find_dups(const trygg_survey *sv, long col,
                              const size_t *start, const size_t *by_id,
                              keyed **dup, size_t *ndup)
{
    size_t nid = sv->cols[col].dict.count, cap = 0;
    keyed *grp = NULL;
    size_t grp_cap = 0;
    trygg_status st = TRYGG_OK;
    for (size_t i = 0; i < nid && st == TRYGG_OK; i++) {
        size_t b = start[i], e = start[i + 1];
        if (e - b < 2)
            continue;
        if (e - b > grp_cap) {
            keyed *ng = realloc(grp, (e - b) * sizeof *ng);
            if (!ng) {
                st = TRYGG_ERR_NOMEM;
                break;
            }
            grp = ng;
            grp_cap = e - b;
        }
        for (size_t k = b; k < e; k++)
            grp[k - b] = (keyed){id_key(sv, col, by_id[k]), by_id[k], 0};
        qsort(grp, e - b, sizeof *grp, cmp_keyed);
        for (size_t k = 1; k < e - b && st == TRYGG_OK; k++) {
            if (grp[k].key != grp[k - 1].key)
                continue;
            if (*ndup == cap) {
                cap = cap ? 2 * cap : 16;
                keyed *nd = realloc(*dup, cap * sizeof *nd);
                if (!nd) {
                    st = TRYGG_ERR_NOMEM;
                    break;
                }
                *dup = nd;
            }
            (*dup)[(*ndup)++] = (keyed){grp[k].key, grp[k].row, grp[k - 1].row};
        }
    }
    free(grp);
    return st;
}

static trygg_status check_ids(trygg_survey *sv, trygg_errors *err)
{
    long col = sv->role_col[TRYGG_ROLE_ID];
    if (col < 0 || sv->nrows == 0)
        return TRYGG_OK;
    size_t *start, *by_id, ndup = 0;
    keyed *dup = NULL;
    trygg_status st = group_by_id(sv, col, &start, &by_id);
    if (st != TRYGG_OK)
        return st;
    st = find_dups(sv, col, start, by_id, &dup, &ndup);
    free(start);
    free(by_id);
    if (st == TRYGG_OK && ndup > 1)
        qsort(dup, ndup, sizeof *dup, cmp_keyed);
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

/* ASCII form of a name as used in file names: "Södertälje" -> "sodertalje". */
static void slug(const char *s, char *out, size_t size)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && n + 1 < size; p++) {
        if (*p == 0xC3 && p[1]) {
            unsigned char c = p[1];
            p++;
            char base = (c == 0xA5 || c == 0xA4 || c == 0x85 || c == 0x84 ||
                         c == 0xA0 || c == 0xA1) ? 'a'
                        : (c == 0xB6 || c == 0x96) ? 'o'
                        : (c == 0xA9 || c == 0x89) ? 'e'
                        : (c == 0xBC || c == 0x9C) ? 'u' : '_';
            out[n++] = base;
        } else if (isalnum(*p)) {
            out[n++] = (char)tolower(*p);
        } else {
            out[n++] = '_';
        }
    }
    out[n] = 0;
}

static void file_slug(const char *path, char *out, size_t size)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (strlen(base) > 5 && isdigit((unsigned char)base[0]) && base[4] == '_')
        base += 5;
    slug(base, out, size);
    char *dot = strstr(out, "_csv");
    if (dot && dot[4] == 0)
        *dot = 0;
}

/* A file named "YYYY_<municipality>.csv" after one of the survey's
 * municipalities must hold only that municipality's rows. */
static trygg_status check_file_municipality(trygg_survey *sv, trygg_errors *err)
{
    long col = sv->role_col[TRYGG_ROLE_MUNICIPALITY];
    if (col < 0)
        return TRYGG_OK;
    const trygg_dict *names = &sv->cols[col].dict;
    trygg_status st = TRYGG_OK;
    for (size_t f = 0; f < sv->nfiles; f++) {
        const trygg_file_info *fi = &sv->files[f];
        const char *base = strrchr(fi->path, '/');
        base = base ? base + 1 : fi->path;
        if (!fi->rows || strlen(base) < 6 || !isdigit((unsigned char)base[0]) ||
            base[4] != '_')
            continue;
        char want[256], got[256];
        file_slug(fi->path, want, sizeof want);
        long named = -1;
        for (size_t m = 0; m < names->count && named < 0; m++) {
            slug(names->names[m], got, sizeof got);
            if (strcmp(got, want) == 0)
                named = (long)m;
        }
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
