/* Internal: adding diagnostics to a trygg_errors list. */
#ifndef TRYGG_ERRORS_INTERNAL_H
#define TRYGG_ERRORS_INTERNAL_H

#include <stdarg.h>

#include "trygg.h"

#if defined(__GNUC__)
#define TRYGG_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define TRYGG_PRINTF(a, b)
#endif

/** A new string formatted printf-style (caller frees); NULL when out of
 *  memory. No fixed buffer: names can be long. */
char *trygg_strprintf(const char *fmt, ...) TRYGG_PRINTF(1, 2);
/** trygg_strprintf() of a va_list (which it uses up). */
char *trygg_vstrprintf(const char *fmt, va_list ap);

/**
 * Appends a diagnostic (message formatted printf-style). `e` may be NULL
 * (the diagnostic is dropped). `file` may be NULL (stored as "").
 * Returns TRYGG_ERR_NOMEM only when the message itself cannot be stored;
 * otherwise TRYGG_OK (also when the list is full: the total still counts).
 */
trygg_status trygg_errors_add(trygg_errors *e, const char *file,
                              unsigned long line, unsigned long column,
                              const char *fmt, ...) TRYGG_PRINTF(5, 6);

/** 1 when the list has reached its limit (callers may stop early). */
int trygg_errors_full(const trygg_errors *e);

/** How many more diagnostics `e` keeps before it is full; SIZE_MAX for
 *  NULL (which drops every diagnostic and is never full). */
size_t trygg_errors_room(const trygg_errors *e);

/** The limit `e` was made with (0 for NULL). */
size_t trygg_errors_max_kept(const trygg_errors *e);

/**
 * Moves every diagnostic of `src` to the end of `dst`, as if each had been
 * added to dst in turn (those beyond dst's limit are counted, not kept),
 * and adds src's uncounted rest to dst's total. `src` is left empty.
 * Either may be NULL.
 */
void trygg_errors_take(trygg_errors *dst, trygg_errors *src);

#endif
