/* Internal: writing tables of named fields as CSV or JSON, through output
 * groups, with text made safe for spreadsheets and JSON parsers. */
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

void trygg_out_header(trygg_sink *s, const trygg_field *f, size_t n);
void trygg_out_row(trygg_sink *s, const trygg_field *f, size_t n, int blank);
/** Fills `f` with row i's fields (i == SIZE_MAX: an empty row, for the
 *  header) and returns their number; *blank says whether the row is
 *  suppressed. */
typedef size_t (*trygg_row_fields)(const void *table, size_t i, trygg_field *f,
                                   char *flags, int *blank);

/** Writes a whole table: header, then `count` rows, as a file of its own. */
trygg_status trygg_out_table(const char *path, trygg_format fmt, const void *table,
                             size_t count, trygg_row_fields fields,
                             trygg_errors *err);
/** The same as a member `path` of the group `g` (finished, not committed). */
trygg_status trygg_out_table_to(trygg_output_group *g, const char *path,
                                trygg_format fmt, const void *table, size_t count,
                                trygg_row_fields fields, trygg_errors *err);

/** 1 when a CSV text cell starting like `v` would be run as a formula. */
int trygg_csv_formula_like(const char *v);
/** A CSV text cell: quoted when it holds the separator (',', and ';' when
 *  `quote_semicolon`, for Excel in Swedish), a quote or a line end, with a
 *  leading ' when it would be run as a formula (trygg_csv_formula_like). */
void trygg_csv_put_text(FILE *f, const char *v, int quote_semicolon);
/** A JSON string: exact text, every control character escaped, bytes
 *  that are not UTF-8 as U+FFFD (valid JSON whatever `v` holds). */
void trygg_json_put_text(FILE *f, const char *v);

/** The fields of an estimate row (the columns of trygg_results_write) and
 *  of a change or contrast row (contrast = 1), for writers of tables that
 *  add columns of their own (pooled years); `flags` has room for 96. */
size_t trygg_out_estimate_fields(const trygg_estimate_row *x, trygg_field *f, char *flags);
size_t trygg_out_change_fields(const trygg_change_row *c, trygg_field *f, char *flags,
                               int contrast);

/** "suppressed|unstable|..." for TRYGG_FLAG_* bits. */
void trygg_out_flags(unsigned f, char *buf, size_t size);

#endif
