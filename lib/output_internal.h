/* Internal: writing tables of named fields as CSV or JSON, atomically. */
#ifndef TRYGG_OUTPUT_INTERNAL_H
#define TRYGG_OUTPUT_INTERNAL_H

#include <stdio.h>

#include "trygg.h"

typedef struct {
    FILE *f;
    trygg_format fmt;
    int first_row;
} trygg_sink;

/* A trygg_field: name for JSON keys; kind 't' text, 'n' number, 'b' number left
 * blank on suppressed rows, 'i' integer. */
typedef struct {
    const char *name;
    char kind;
    const char *text;
    double num;
} trygg_field;

/** Opens `path` ("-" = standard output) through a temporary file. */
trygg_status trygg_out_open(const char *path, trygg_format fmt, trygg_sink *s, char **tmp,
                       trygg_errors *err);
/** Closes and renames into place (or removes the temporary on error). */
trygg_status trygg_out_close(const char *path, trygg_sink *s, char *tmp, trygg_errors *err);
void trygg_out_header(trygg_sink *s, const trygg_field *f, size_t n);
void trygg_out_row(trygg_sink *s, const trygg_field *f, size_t n, int blank);
/** Fills `f` with row i's fields (i == SIZE_MAX: an empty row, for the
 *  header) and returns their number; *blank says whether the row is
 *  suppressed. */
typedef size_t (*trygg_row_fields)(const void *table, size_t i, trygg_field *f,
                                   char *flags, int *blank);

/** Writes a whole table: header, then `count` rows. */
trygg_status trygg_out_table(const char *path, trygg_format fmt, const void *table,
                             size_t count, trygg_row_fields fields,
                             trygg_errors *err);

/** "suppressed|unstable|..." for TRYGG_FLAG_* bits. */
void trygg_out_flags(unsigned f, char *buf, size_t size);

#endif
