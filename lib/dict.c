/* String interning with open addressing (FNV-1a). */
#include "dict.h"

#include <stdlib.h>
#include <string.h>

void trygg_dict_init(trygg_dict *d) { memset(d, 0, sizeof *d); }

void trygg_dict_free(trygg_dict *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->count; i++)
        free(d->names[i]);
    free(d->names);
    free(d->slots);
    memset(d, 0, sizeof *d);
}

static uint64_t hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

static size_t probe(const trygg_dict *d, const char *s, size_t len)
{
    size_t mask = d->nslots - 1, i = (size_t)hash(s, len) & mask;
    for (;;) {
        uint32_t v = d->slots[i];
        if (v == 0)
            return i;
        const char *n = d->names[v - 1];
        if (strncmp(n, s, len) == 0 && n[len] == 0)
            return i;
        i = (i + 1) & mask;
    }
}

static trygg_status grow(trygg_dict *d)
{
    size_t ns = d->nslots ? 2 * d->nslots : 64;
    uint32_t *slots = calloc(ns, sizeof *slots);
    if (!slots)
        return TRYGG_ERR_NOMEM;
    free(d->slots);
    d->slots = slots;
    d->nslots = ns;
    for (size_t k = 0; k < d->count; k++)
        d->slots[probe(d, d->names[k], strlen(d->names[k]))] = (uint32_t)k + 1;
    return TRYGG_OK;
}

long trygg_dict_find(const trygg_dict *d, const char *s, size_t len)
{
    if (!d->nslots)
        return -1;
    uint32_t v = d->slots[probe(d, s, len)];
    return v ? (long)v - 1 : -1;
}

trygg_status trygg_dict_intern(trygg_dict *d, const char *s, size_t len,
                               uint32_t *index)
{
    if (d->nslots == 0 || 2 * (d->count + 1) > d->nslots)
        if (grow(d) != TRYGG_OK)
            return TRYGG_ERR_NOMEM;
    size_t slot = probe(d, s, len);
    if (d->slots[slot]) {
        *index = d->slots[slot] - 1;
        return TRYGG_OK;
    }
    if (d->count == UINT32_MAX - 1)
        return TRYGG_ERR_LIMIT;
    if (d->count == d->cap) {
        size_t nc = d->cap ? 2 * d->cap : 16;
        char **nn = realloc(d->names, nc * sizeof *nn);
        if (!nn)
            return TRYGG_ERR_NOMEM;
        d->names = nn;
        d->cap = nc;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return TRYGG_ERR_NOMEM;
    memcpy(copy, s, len);
    copy[len] = 0;
    d->names[d->count] = copy;
    d->slots[slot] = (uint32_t)d->count + 1;
    *index = (uint32_t)d->count++;
    return TRYGG_OK;
}
