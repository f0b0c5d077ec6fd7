/* Internal: writing tables of named fields as CSV or JSON, through output
 * groups, with text made safe for spreadsheets and JSON parsers. */
#ifndef TRYGG_OUTPUT_INTERNAL_H
#define TRYGG_OUTPUT_INTERNAL_H

#include <stdio.h>

#include "trygg.h"

typedef struct trygg_labels trygg_labels;

/* Where rows go: a CSV or JSON stream (a workbook has its own writer,
 * xlsx_table.c). The CSV dialect is decided here, once: separators,
 * decimal mark, BOM and line ends. */
typedef struct {
    FILE *f;
    trygg_format fmt;
    trygg_csv_dialect dialect;
    int first_row;
    size_t used;           /* bytes in buf, not yet given to f */
    char buf[8192];
} trygg_sink;

/* How a number is shown in a workbook (its display format; the cell keeps
 * the full number): */
enum {
    TRYGG_UNIT_PLAIN = 0,   /* by kind: 'i' a whole number, else General */
    TRYGG_UNIT_SHARE = 'S', /* a share, or a change of one: "0.0 %" */
    TRYGG_UNIT_VALUE = 'V', /* a mean or index in its own unit: "0.00" */
    TRYGG_UNIT_P = 'P',     /* a p-value: "0.0000" */
    TRYGG_UNIT_COUNT = 'C', /* a count: "#,##0" (1 884 in Swedish Excel) */
    TRYGG_UNIT_YEAR = 'Y',  /* a year: "0" */
    TRYGG_UNIT_RATIO = 'R', /* a design effect, CV, SE ratio: "0.00" */
    TRYGG_UNIT_LEVEL = 'L', /* a confidence level or alpha: "0 %" */
    TRYGG_UNIT_WEIGHT = 'W' /* a weight or a sum of weights: "#,##0.00" */
};

/* A trygg_field: name for JSON keys; kind 't' text, 'n' number, 'b' number left
 * blank on suppressed rows, 'i' integer; unit its display in a workbook. */
typedef struct {
    const char *name;
    char kind;
    const char *text;
    double num;
    char unit;
} trygg_field;

/* What a row's fields are made with: the label columns' labels (NULL: the
 * names themselves), room for the flag text, and whether the row is
 * suppressed (set by the fields function). */
typedef struct {
    trygg_labels *labels;
    char flags[96];
    int blank;
} trygg_row;

/** Fills `f` with row i's fields (i == SIZE_MAX: an empty row, for the
 *  header) and returns their number (at most TRYGG_MAX_FIELDS); sets
 *  r->blank when the row is suppressed. */
typedef size_t (*trygg_row_fields)(const void *table, size_t i, trygg_field *f,
                                   trygg_row *r);
#define TRYGG_MAX_FIELDS 64

/* A table to write: its rows and what they are. */
typedef struct {
    const char *name;     /* "estimates", "changes", ...: the sheet's name
                             and the Läs mig sheet's subject */
    const void *table;
    size_t count;
    trygg_row_fields fields;
} trygg_table_spec;

void trygg_out_header(trygg_sink *s, const trygg_field *f, size_t n);
void trygg_out_row(trygg_sink *s, const trygg_field *f, size_t n, int blank);
/** The end of a table (JSON's "]"); every byte handed to the stream. */
void trygg_out_end(trygg_sink *s);

/** The default options with format `fmt` (for the writers that take a
 *  format alone). */
trygg_write_options trygg_write_options_of(trygg_format fmt);

/** Writes a whole table as the member `path` of `g` (finished, not
 *  committed), in o->format: CSV in o->dialect, JSON, or a workbook. */
trygg_status trygg_out_table_to(trygg_output_group *g, const char *path,
                                const trygg_table_spec *t, const trygg_write_options *o,
                                trygg_errors *err);
/** The same as a file of its own (committed), with default options and
 *  format `fmt`. */
trygg_status trygg_out_table(const char *path, const trygg_table_spec *t, trygg_format fmt,
                             trygg_errors *err);

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
 *  of a change or contrast row (contrast = 1), labels included, for writers
 *  of tables that add columns of their own (pooled years); they set
 *  r->blank for a suppressed row. */
size_t trygg_out_estimate_fields(const trygg_estimate_row *x, trygg_field *f, trygg_row *r);
size_t trygg_out_change_fields(const trygg_change_row *c, trygg_field *f, trygg_row *r,
                               int contrast);

/** "suppressed|unstable|..." for TRYGG_FLAG_* bits. */
void trygg_out_flags(unsigned f, char *buf, size_t size);
/** The unit of an estimate's value: TRYGG_UNIT_SHARE or TRYGG_UNIT_VALUE. */
static inline char trygg_value_unit(int is_share)
{
    return is_share ? TRYGG_UNIT_SHARE : TRYGG_UNIT_VALUE;
}


#endif
