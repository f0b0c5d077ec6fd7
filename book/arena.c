/* The arena a page's models live in, and the reason a page was not made. */
#include "book_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *trygg_book_alloc(trygg_book_arena *a, size_t size)
{
    if (a->n == a->cap) {
        size_t nc = a->cap ? 2 * a->cap : 64;
        void **np = realloc(a->ptr, nc * sizeof *np);
        if (!np)
            return NULL;
        a->ptr = np;
        a->cap = nc;
    }
    void *p = calloc(1, size ? size : 1);
    if (p)
        a->ptr[a->n++] = p;
    return p;
}

char *trygg_book_strdup(trygg_book_arena *a, const char *s)
{
    char *d = trygg_book_alloc(a, strlen(s) + 1);
    if (d)
        strcpy(d, s);
    return d;
}

static char *vformat(trygg_book_arena *a, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *s = n >= 0 ? trygg_book_alloc(a, (size_t)n + 1) : NULL;
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, again);
    va_end(again);
    return s;
}

char *book_printf(trygg_book_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = vformat(a, fmt, ap);
    va_end(ap);
    return s;
}

int book_fail(trygg_book_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = vformat(a, fmt, ap);
    va_end(ap);
    a->why = s ? s : "out of memory";
    return -1;
}

const char *trygg_book_why(const trygg_book_arena *a)
{
    return a->why ? a->why : "";
}

void trygg_book_arena_free(trygg_book_arena *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->ptr[i]);
    free(a->ptr);
    memset(a, 0, sizeof *a);
}
