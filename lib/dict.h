/* Internal: interning of strings to dense indices (area names, codes). */
#ifndef TRYGG_DICT_H
#define TRYGG_DICT_H

#include <stddef.h>
#include <stdint.h>

#include "trygg.h"

typedef struct trygg_dict_block trygg_dict_block;

typedef struct {
    char **names;      /* index -> NUL-terminated string */
    size_t count, cap;
    uint32_t *hashes;  /* index -> hash of the name (cap) */
    uint32_t *lens;    /* index -> length of the name (cap) */
    uint32_t *slots;   /* open addressing; 0 = empty, else index + 1 */
    size_t nslots;
    /* Pooled dictionaries keep their strings in blocks they own; plain ones
     * malloc each string, which a caller may then take over with `names`. */
    int pooled;
    trygg_dict_block *blocks;
} trygg_dict;

/** An empty dictionary whose strings are each malloc'd (and freed by
 *  trygg_dict_free(), unless the caller has taken `names`). */
void trygg_dict_init(trygg_dict *d);
/** An empty dictionary that keeps its strings in blocks: no allocation per
 *  string. Its `names` must not be taken over. */
void trygg_dict_init_pooled(trygg_dict *d);
void trygg_dict_free(trygg_dict *d);
/** Index of `s` (length len), adding it when new. */
trygg_status trygg_dict_intern(trygg_dict *d, const char *s, size_t len,
                               uint32_t *index);
/** Index of `s`, or -1. */
long trygg_dict_find(const trygg_dict *d, const char *s, size_t len);
/** The hash the dictionary files `s` under, for the two calls below, which
 *  are trygg_dict_find() and trygg_dict_intern() without hashing again. */
uint32_t trygg_dict_hash(const char *s, size_t len);
long trygg_dict_find_hashed(const trygg_dict *d, const char *s, size_t len,
                            uint32_t hash);
trygg_status trygg_dict_intern_hashed(trygg_dict *d, const char *s, size_t len,
                                      uint32_t hash, uint32_t *index);
/** trygg_dict_intern_hashed() for a name known not to be there yet. */
trygg_status trygg_dict_add_hashed(trygg_dict *d, const char *s, size_t len,
                                   uint32_t hash, uint32_t *index);
/** Removes the name added last (nothing when empty). */
void trygg_dict_pop(trygg_dict *d);
/**
 * Interns every string of `src` into `dst` in src's index order, so that
 * dst ends as if src's strings had been interned into it in that order;
 * map[i] (src->count entries, caller-owned) receives dst's index of src's
 * string i. On TRYGG_ERR_NOMEM or TRYGG_ERR_LIMIT dst holds the strings
 * added so far.
 */
trygg_status trygg_dict_merge(trygg_dict *dst, const trygg_dict *src,
                              uint32_t *map);

#endif
