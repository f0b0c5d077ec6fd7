/* Internal: adding diagnostics to a trygg_errors list. */
#ifndef TRYGG_ERRORS_INTERNAL_H
#define TRYGG_ERRORS_INTERNAL_H

#include "trygg.h"

#if defined(__GNUC__)
#define TRYGG_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define TRYGG_PRINTF(a, b)
#endif

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

#endif
