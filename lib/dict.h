/* Internal: interning of strings to dense indices (area names, codes). */
#ifndef TRYGG_DICT_H
#define TRYGG_DICT_H

#include <stddef.h>
#include <stdint.h>

#include "trygg.h"

typedef struct {
    char **names;      /* index -> NUL-terminated copy */
    size_t count, cap;
    uint32_t *slots;   /* open addressing; 0 = empty, else index + 1 */
    size_t nslots;
} trygg_dict;

void trygg_dict_init(trygg_dict *d);
void trygg_dict_free(trygg_dict *d);
/** Index of `s` (length len), adding it when new. */
trygg_status trygg_dict_intern(trygg_dict *d, const char *s, size_t len,
                               uint32_t *index);
/** Index of `s`, or -1. */
long trygg_dict_find(const trygg_dict *d, const char *s, size_t len);

#endif
