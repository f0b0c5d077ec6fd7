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

static int same_key(const trygg_estimate_row *x, int year, const char *level,
                    const char *domain, const char *indicator)
{
    return x->year == year && strcmp(x->level, level) == 0 &&
           strcmp(x->domain, domain) == 0 && strcmp(x->indicator, indicator) == 0;
}

/* Row i into the table, unless an earlier row has its key (find returns
 * the first, as a scan would). */
static void slot_insert(trygg_results *r, size_t i)
{
    const trygg_estimate_row *x = &r->rows[i];
    size_t mask = r->nslots - 1;
    size_t s = hash_key(x->year, x->level, x->domain, x->indicator) & mask;
    for (; r->slots[s] != SIZE_MAX; s = (s + 1) & mask)
        if (same_key(&r->rows[r->slots[s]], x->year, x->level, x->domain,
                     x->indicator))
            return;
    r->slots[s] = i;
}

static trygg_status index_row(trygg_results *r, size_t i)
{
    if (2 * (i + 1) > r->nslots) {
        size_t ns = r->nslots ? 2 * r->nslots : 1024;
        size_t *slots = malloc(ns * sizeof *slots);
        if (!slots)
            return TRYGG_ERR_NOMEM;
        for (size_t s = 0; s < ns; s++)
            slots[s] = SIZE_MAX;
        free(r->slots);
        r->slots = slots;
        r->nslots = ns;
        for (size_t k = 0; k < i; k++)
            slot_insert(r, k);
    }
    slot_insert(r, i);
    return TRYGG_OK;
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
        !dst->indicator || index_row(r, r->count) != TRYGG_OK)
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
    if (!r || !r->nslots || !level || !domain || !indicator)
        return NULL;
    size_t mask = r->nslots - 1;
    for (size_t s = hash_key(year, level, domain, indicator) & mask;
         r->slots[s] != SIZE_MAX; s = (s + 1) & mask)
        if (same_key(&r->rows[r->slots[s]], year, level, domain, indicator))
            return &r->rows[r->slots[s]];
    return NULL;
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
        !dst->indicator)
        return TRYGG_ERR_NOMEM;
    c->count++;
    return TRYGG_OK;
}

void trygg_changes_free(trygg_changes *c)
{
    if (!c)
        return;
    free(c->rows);
    trygg_dict_free(&c->strings);
    free(c);
}

size_t trygg_changes_count(const trygg_changes *c) { return c ? c->count : 0; }

const trygg_change_row *trygg_changes_row(const trygg_changes *c, size_t i)
{
    return c && i < c->count ? &c->rows[i] : NULL;
}
