/* Result tables: rows, pooled strings, lookup. */
#include "results_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *trygg_pool(trygg_dict *pool, const char *s)
{
    uint32_t i;
    if (!s)
        s = "";
    if (trygg_dict_intern(pool, s, strlen(s), &i) != TRYGG_OK)
        return NULL;
    return pool->names[i];
}

trygg_status trygg_results_new(trygg_results **out)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return TRYGG_ERR_NOMEM;
    trygg_dict_init(&(*out)->strings);
    return TRYGG_OK;
}

static trygg_status reserve(void **rows, size_t *cap, size_t count, size_t size)
{
    if (count < *cap)
        return TRYGG_OK;
    size_t nc = *cap ? 2 * *cap : 256;
    void *n = realloc(*rows, nc * size);
    if (!n)
        return TRYGG_ERR_NOMEM;
    *rows = n;
    *cap = nc;
    return TRYGG_OK;
}

/* FNV-1a over the key's parts. */
static size_t hash_key(int year, const char *level, const char *domain,
                       const char *indicator)
{
    uint64_t h = 1469598103934665603ull ^ (uint32_t)year;
    const char *parts[3] = {level, domain, indicator};
    for (int k = 0; k < 3; k++) {
        for (const unsigned char *p = (const unsigned char *)parts[k]; *p; p++)
            h = (h ^ *p) * 1099511628211ull;
        h = (h ^ 0xff) * 1099511628211ull;
    }
    return (size_t)h;
}

/* The hash index over a table's rows: slots hold row numbers. */
typedef struct {
    int year;
    const char *level, *domain, *indicator;
} row_key;

typedef row_key (*key_of)(const void *rows, size_t i);

static row_key estimate_key(const void *rows, size_t i)
{
    const trygg_estimate_row *x = (const trygg_estimate_row *)rows + i;
    return (row_key){x->year, x->level, x->domain, x->indicator};
}

static row_key change_key(const void *rows, size_t i)
{
    const trygg_change_row *x = (const trygg_change_row *)rows + i;
    return (row_key){x->year_to, x->level, x->domain, x->indicator};
}

static int same_key(row_key a, row_key b)
{
    return a.year == b.year && strcmp(a.level, b.level) == 0 &&
           strcmp(a.domain, b.domain) == 0 && strcmp(a.indicator, b.indicator) == 0;
}

/* Row i into the table, unless an earlier row has its key (find returns
 * the first, as a scan would). */
static void slot_insert(size_t *slots, size_t nslots, const void *rows, key_of kf,
                        size_t i)
{
    row_key k = kf(rows, i);
    size_t mask = nslots - 1;
    size_t s = hash_key(k.year, k.level, k.domain, k.indicator) & mask;
    for (; slots[s] != SIZE_MAX; s = (s + 1) & mask)
        if (same_key(kf(rows, slots[s]), k))
            return;
    slots[s] = i;
}

static trygg_status index_row(size_t **slots, size_t *nslots, const void *rows,
                              key_of kf, size_t i)
{
    if (2 * (i + 1) > *nslots) {
        size_t ns = *nslots ? 2 * *nslots : 1024;
        size_t *n = malloc(ns * sizeof *n);
        if (!n)
            return TRYGG_ERR_NOMEM;
        for (size_t k = 0; k < ns; k++)
            n[k] = SIZE_MAX;
        free(*slots);
        *slots = n;
        *nslots = ns;
        for (size_t k = 0; k < i; k++)
            slot_insert(n, ns, rows, kf, k);
    }
    slot_insert(*slots, *nslots, rows, kf, i);
    return TRYGG_OK;
}

static long find_row(const size_t *slots, size_t nslots, const void *rows,
                     key_of kf, row_key k)
{
    if (!nslots || !k.level || !k.domain || !k.indicator)
        return -1;
    size_t mask = nslots - 1;
    for (size_t s = hash_key(k.year, k.level, k.domain, k.indicator) & mask;
         slots[s] != SIZE_MAX; s = (s + 1) & mask)
        if (same_key(kf(rows, slots[s]), k))
            return (long)slots[s];
    return -1;
}

trygg_status trygg_results_push(trygg_results *r, const trygg_estimate_row *row)
{
    if (reserve((void **)&r->rows, &r->cap, r->count, sizeof *r->rows) != TRYGG_OK)
        return TRYGG_ERR_NOMEM;
    trygg_estimate_row *dst = &r->rows[r->count];
    *dst = *row;
    dst->level = trygg_pool(&r->strings, row->level);
    dst->domain = trygg_pool(&r->strings, row->domain);
    dst->parent = trygg_pool(&r->strings, row->parent);
    dst->parent_level = trygg_pool(&r->strings, row->parent_level);
    dst->indicator = trygg_pool(&r->strings, row->indicator);
    if (!dst->level || !dst->domain || !dst->parent || !dst->parent_level ||
        !dst->indicator ||
        index_row(&r->slots, &r->nslots, r->rows, estimate_key, r->count) != TRYGG_OK)
        return TRYGG_ERR_NOMEM;
    r->count++;
    return TRYGG_OK;
}

void trygg_results_free(trygg_results *r)
{
    if (!r)
        return;
    free(r->rows);
    free(r->slots);
    trygg_dict_free(&r->strings);
    free(r);
}

size_t trygg_results_count(const trygg_results *r) { return r ? r->count : 0; }

const trygg_estimate_row *trygg_results_row(const trygg_results *r, size_t i)
{
    return r && i < r->count ? &r->rows[i] : NULL;
}

const trygg_estimate_row *trygg_results_find(const trygg_results *r, int year,
                                             const char *level,
                                             const char *domain,
                                             const char *indicator)
{
    if (!r)
        return NULL;
    long i = find_row(r->slots, r->nslots, r->rows, estimate_key,
                      (row_key){year, level, domain, indicator});
    return i >= 0 ? &r->rows[i] : NULL;
}

trygg_status trygg_changes_new(trygg_changes **out)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return TRYGG_ERR_NOMEM;
    trygg_dict_init(&(*out)->strings);
    return TRYGG_OK;
}

trygg_status trygg_changes_push(trygg_changes *c, const trygg_change_row *row)
{
    if (reserve((void **)&c->rows, &c->cap, c->count, sizeof *c->rows) != TRYGG_OK)
        return TRYGG_ERR_NOMEM;
    trygg_change_row *dst = &c->rows[c->count];
    *dst = *row;
    dst->level = trygg_pool(&c->strings, row->level);
    dst->domain = trygg_pool(&c->strings, row->domain);
    dst->other_level = trygg_pool(&c->strings, row->other_level);
    dst->other_domain = trygg_pool(&c->strings, row->other_domain);
    dst->indicator = trygg_pool(&c->strings, row->indicator);
    if (!dst->level || !dst->domain || !dst->other_level || !dst->other_domain ||
        !dst->indicator ||
        index_row(&c->slots, &c->nslots, c->rows, change_key, c->count) != TRYGG_OK)
        return TRYGG_ERR_NOMEM;
    c->count++;
    return TRYGG_OK;
}

void trygg_changes_free(trygg_changes *c)
{
    if (!c)
        return;
    free(c->rows);
    free(c->slots);
    trygg_dict_free(&c->strings);
    free(c);
}

size_t trygg_changes_count(const trygg_changes *c) { return c ? c->count : 0; }

const trygg_change_row *trygg_changes_row(const trygg_changes *c, size_t i)
{
    return c && i < c->count ? &c->rows[i] : NULL;
}

const trygg_change_row *trygg_changes_find(const trygg_changes *c, int year_to,
                                           const char *level, const char *domain,
                                           const char *indicator)
{
    if (!c)
        return NULL;
    long i = find_row(c->slots, c->nslots, c->rows, change_key,
                      (row_key){year_to, level, domain, indicator});
    return i >= 0 ? &c->rows[i] : NULL;
}
