/* String interning with open addressing. Every name's hash is kept, so a
 * probe compares strings only when the hashes agree and growing the table
 * never hashes a string again. */
#include "dict.h"

#include <stdlib.h>
#include <string.h>

#define FIRST_BLOCK ((size_t)1 << 10)   /* blocks double up to LAST_BLOCK */
#define LAST_BLOCK ((size_t)64 << 10)

struct trygg_dict_block {
    trygg_dict_block *next;
    size_t used, cap;
    char data[];
};

void trygg_dict_init(trygg_dict *d) { memset(d, 0, sizeof *d); }

void trygg_dict_init_pooled(trygg_dict *d)
{
    memset(d, 0, sizeof *d);
    d->pooled = 1;
}

void trygg_dict_free(trygg_dict *d)
{
    if (!d)
        return;
    if (!d->pooled)
        for (size_t i = 0; d->names && i < d->count; i++)
            free(d->names[i]);
    while (d->blocks) {
        trygg_dict_block *b = d->blocks;
        d->blocks = b->next;
        free(b);
    }
    free(d->names);
    free(d->hashes);
    free(d->lens);
    free(d->slots);
    memset(d, 0, sizeof *d);
}

/* Eight bytes at a time; the value only spreads names over the slots. */
uint32_t trygg_dict_hash(const char *s, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ len;
    for (; len >= 8; s += 8, len -= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    uint64_t w = 0;
    for (size_t i = 0; i < len; i++)
        w |= (uint64_t)(unsigned char)s[i] << (8 * i);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 29;
    return (uint32_t)h;
}

static size_t probe(const trygg_dict *d, const char *s, size_t len, uint32_t h)
{
    size_t mask = d->nslots - 1, i = h & mask;
    for (;;) {
        uint32_t v = d->slots[i];
        if (v == 0)
            return i;
        if (d->hashes[v - 1] == h && d->lens[v - 1] == len &&
            memcmp(d->names[v - 1], s, len) == 0)
            return i;
        i = (i + 1) & mask;
    }
}

static size_t free_slot(const trygg_dict *d, uint32_t h)
{
    size_t mask = d->nslots - 1, i = h & mask;
    while (d->slots[i])
        i = (i + 1) & mask;
    return i;
}

static trygg_status grow_slots(trygg_dict *d)
{
    size_t ns = d->nslots ? 2 * d->nslots : 64;
    uint32_t *slots = calloc(ns, sizeof *slots);
    if (!slots)
        return TRYGG_ERR_NOMEM;
    free(d->slots);
    d->slots = slots;
    d->nslots = ns;
    for (size_t k = 0; k < d->count; k++)
        d->slots[free_slot(d, d->hashes[k])] = (uint32_t)k + 1;
    return TRYGG_OK;
}

/* Room for one more name (and its slot). */
static trygg_status make_room(trygg_dict *d)
{
    if (d->count == UINT32_MAX - 1)
        return TRYGG_ERR_LIMIT;
    if (d->count == d->cap) {
        size_t nc = d->cap ? 2 * d->cap : 16;
        char **nn = realloc(d->names, nc * sizeof *nn);
        if (!nn)
            return TRYGG_ERR_NOMEM;
        d->names = nn;
        uint32_t *nh = realloc(d->hashes, nc * sizeof *nh);
        if (!nh)
            return TRYGG_ERR_NOMEM;
        d->hashes = nh;
        uint32_t *nl = realloc(d->lens, nc * sizeof *nl);
        if (!nl)
            return TRYGG_ERR_NOMEM;
        d->lens = nl;
        d->cap = nc;
    }
    if (d->nslots == 0 || 2 * (d->count + 1) > d->nslots)
        return grow_slots(d);
    return TRYGG_OK;
}

static char *store(trygg_dict *d, const char *s, size_t len)
{
    char *copy;
    if (!d->pooled) {
        copy = malloc(len + 1);
    } else {
        trygg_dict_block *b = d->blocks;
        if (!b || b->cap - b->used < len + 1) {
            size_t cap = !b ? FIRST_BLOCK : b->cap < LAST_BLOCK ? 2 * b->cap
                                                                : LAST_BLOCK;
            if (cap < len + 1)
                cap = len + 1;
            b = malloc(sizeof *b + cap);
            if (!b)
                return NULL;
            b->used = 0;
            b->cap = cap;
            b->next = d->blocks;
            d->blocks = b;
        }
        copy = b->data + b->used;
        b->used += len + 1;
    }
    if (!copy)
        return NULL;
    memcpy(copy, s, len);
    copy[len] = 0;
    return copy;
}

long trygg_dict_find_hashed(const trygg_dict *d, const char *s, size_t len,
                            uint32_t h)
{
    if (!d->nslots || len > UINT32_MAX)
        return -1;
    uint32_t v = d->slots[probe(d, s, len, h)];
    return v ? (long)v - 1 : -1;
}

long trygg_dict_find(const trygg_dict *d, const char *s, size_t len)
{
    return trygg_dict_find_hashed(d, s, len, trygg_dict_hash(s, len));
}

/* Adds a name with hash h: `name` when already stored, else a copy of s. */
static trygg_status add(trygg_dict *d, const char *s, size_t len, uint32_t h,
                        char *name, uint32_t *index)
{
    if (len > UINT32_MAX)
        return TRYGG_ERR_LIMIT;
    trygg_status st = make_room(d);
    if (st != TRYGG_OK)
        return st;
    if (!name && !(name = store(d, s, len)))
        return TRYGG_ERR_NOMEM;
    d->names[d->count] = name;
    d->hashes[d->count] = h;
    d->lens[d->count] = (uint32_t)len;
    d->slots[free_slot(d, h)] = (uint32_t)d->count + 1;
    *index = (uint32_t)d->count++;
    return TRYGG_OK;
}

trygg_status trygg_dict_intern_hashed(trygg_dict *d, const char *s, size_t len,
                                      uint32_t h, uint32_t *index)
{
    long k = trygg_dict_find_hashed(d, s, len, h);
    if (k >= 0) {
        *index = (uint32_t)k;
        return TRYGG_OK;
    }
    return add(d, s, len, h, NULL, index);
}

trygg_status trygg_dict_add_hashed(trygg_dict *d, const char *s, size_t len,
                                   uint32_t h, uint32_t *index)
{
    return add(d, s, len, h, NULL, index);
}

trygg_status trygg_dict_intern(trygg_dict *d, const char *s, size_t len,
                               uint32_t *index)
{
    return trygg_dict_intern_hashed(d, s, len, trygg_dict_hash(s, len), index);
}

void trygg_dict_pop(trygg_dict *d)
{
    if (!d->count)
        return;
    size_t k = d->count - 1, mask = d->nslots - 1, i = d->hashes[k] & mask;
    /* the newest name: no probe chain of an older one runs through it */
    while (d->slots[i] != (uint32_t)k + 1)
        i = (i + 1) & mask;
    d->slots[i] = 0;
    trygg_dict_block *b = d->blocks;
    if (d->pooled && b && d->names[k] + d->lens[k] + 1 == b->data + b->used)
        b->used -= d->lens[k] + 1;
    else if (!d->pooled)
        free(d->names[k]);
    d->count--;
}

trygg_status trygg_dict_merge(trygg_dict *dst, const trygg_dict *src,
                              uint32_t *map)
{
    for (size_t i = 0; i < src->count; i++) {
        const char *s = src->names[i];
        uint32_t h = src->hashes[i], len = src->lens[i];
        long k = trygg_dict_find_hashed(dst, s, len, h);
        if (k >= 0) {
            map[i] = (uint32_t)k;
            continue;
        }
        trygg_status st = add(dst, s, len, h, NULL, &map[i]);
        if (st != TRYGG_OK)
            return st;
    }
    return TRYGG_OK;
}
