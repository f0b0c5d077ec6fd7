/* Diagnostic lists: what went wrong with the input, and where. */
#include "errors_internal.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct trygg_errors {
    trygg_diag *items;
    size_t count, max_kept, total;
};

trygg_errors *trygg_errors_new(size_t max_kept)
{
    trygg_errors *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    e->max_kept = max_kept ? max_kept : 100;
    return e;
}

static void diag_free(trygg_diag *d)
{
    free((char *)d->file);
    free((char *)d->message);
}

void trygg_errors_clear(trygg_errors *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->count; i++)
        diag_free(&e->items[i]);
    e->count = 0;
    e->total = 0;
}

void trygg_errors_free(trygg_errors *e)
{
    if (!e)
        return;
    trygg_errors_clear(e);
    free(e->items);
    free(e);
}

size_t trygg_errors_count(const trygg_errors *e) { return e ? e->count : 0; }
size_t trygg_errors_total(const trygg_errors *e) { return e ? e->total : 0; }

const trygg_diag *trygg_errors_get(const trygg_errors *e, size_t i)
{
    return (e && i < e->count) ? &e->items[i] : NULL;
}

int trygg_errors_full(const trygg_errors *e)
{
    return e && e->count >= e->max_kept;
}

size_t trygg_errors_room(const trygg_errors *e)
{
    if (!e)
        return SIZE_MAX;
    return e->count < e->max_kept ? e->max_kept - e->count : 0;
}

size_t trygg_errors_max_kept(const trygg_errors *e)
{
    return e ? e->max_kept : 0;
}

void trygg_errors_take(trygg_errors *dst, trygg_errors *src)
{
    if (!src)
        return;
    if (dst && !dst->items && src->count)
        dst->items = calloc(dst->max_kept, sizeof *dst->items);
    for (size_t i = 0; i < src->count; i++) {
        if (dst && dst->items && dst->count < dst->max_kept)
            dst->items[dst->count++] = src->items[i];
        else
            diag_free(&src->items[i]);
    }
    if (dst)
        dst->total += src->total;
    src->count = 0;
    src->total = 0;
}

trygg_status trygg_errors_add(trygg_errors *e, const char *file,
                              unsigned long line, unsigned long column,
                              const char *fmt, ...)
{
    if (!e)
        return TRYGG_OK;
    e->total++;
    if (e->count >= e->max_kept)
        return TRYGG_OK;
    if (!e->items) {
        e->items = calloc(e->max_kept, sizeof *e->items);
        if (!e->items)
            return TRYGG_ERR_NOMEM;
    }
    va_list ap;
    va_start(ap, fmt);
    char *msg = trygg_vstrprintf(fmt, ap);
    va_end(ap);
    char *fname = strdup(file ? file : "");
    if (!msg || !fname) {
        free(msg);
        free(fname);
        return TRYGG_ERR_NOMEM;
    }
    e->items[e->count++] = (trygg_diag){fname, line, column, msg};
    return TRYGG_OK;
}

char *trygg_vstrprintf(const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int len = vsnprintf(NULL, 0, fmt, ap);
    char *s = len >= 0 ? malloc((size_t)len + 1) : NULL;
    if (s)
        vsnprintf(s, (size_t)len + 1, fmt, again);
    va_end(again);
    return s;
}

char *trygg_strprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = trygg_vstrprintf(fmt, ap);
    va_end(ap);
    return s;
}

const char *trygg_strerror(trygg_status st)
{
    switch (st) {
    case TRYGG_OK: return "success";
    case TRYGG_ERR_NOMEM: return "out of memory";
    case TRYGG_ERR_IO: return "input/output error";
    case TRYGG_ERR_PARSE: return "malformed input";
    case TRYGG_ERR_INVALID: return "invalid input";
    case TRYGG_ERR_DESIGN: return "unusable sampling design";
    case TRYGG_ERR_CONVERGENCE: return "no convergence";
    case TRYGG_ERR_ARGUMENT: return "invalid argument";
    case TRYGG_ERR_NOT_FOUND: return "not found";
    case TRYGG_ERR_NUMERIC: return "numerical failure";
    case TRYGG_ERR_LIMIT: return "size limit exceeded";
    case TRYGG_ERR_DISCLOSURE:
        return "nothing written: the tables would let suppressed cells be worked out "
               "(a fault of trygg's suppression; please report it with the definition)";
    }
    return "unknown status";
}
