/* Internal: the one place that talks to libcsv. Rows come to a callback as
 * arrays of fields, with the line they start on; problems of the CSV layer
 * itself (open quotes, stray quotes, NUL bytes, oversized fields) become
 * diagnostics with file and line. */
#ifndef TRYGG_CSV_READER_H
#define TRYGG_CSV_READER_H

#include <stddef.h>

#include "trygg.h"

#define TRYGG_CSV_MAX_FIELD 65536   /* bytes in one field */
#define TRYGG_CSV_MAX_FIELDS 4096   /* fields in one row */

typedef struct {
    size_t nfields;
    const char *const *field;  /* NUL-terminated; NULL for an empty field */
    const size_t *len;
    unsigned long line;        /* 1-based line the row starts on */
    size_t nfilled;            /* fields that are not NULL */
} trygg_csv_row;

/** Return 0 to go on, nonzero to stop reading (no error is added). */
typedef int (*trygg_csv_row_fn)(void *ctx, const trygg_csv_row *row);

/**
 * Parses `data` (a UTF-8 BOM is skipped) with separator `sep`, calling `fn`
 * for every row including the header. Returns TRYGG_ERR_PARSE after adding
 * a diagnostic for a CSV-level error, TRYGG_ERR_NOMEM, or TRYGG_OK.
 */
trygg_status trygg_csv_parse(const char *file, const char *data, size_t len,
                             char sep, trygg_csv_row_fn fn, void *ctx,
                             trygg_errors *err);

/** Fields one at a time, as they are read (no copies). */
typedef struct {
    /** Field `index` (0-based) of the current row: `s` holds len bytes and
     *  a NUL (valid during the call only), or is NULL for an empty field. */
    void (*field)(void *ctx, size_t index, const char *s, size_t len);
    /** The end of a row of `nfields` fields, `nfilled` of them not empty.
     *  Return 0 to go on, nonzero to stop reading. */
    int (*row)(void *ctx, size_t nfields, size_t nfilled, unsigned long line);
} trygg_csv_stream_fns;

/**
 * trygg_csv_parse() without whole rows: the same parsing, limits and
 * diagnostics, but every field goes to fns->field as libcsv reads it.
 */
trygg_status trygg_csv_stream(const char *file, const char *data, size_t len,
                              char sep, const trygg_csv_stream_fns *fns,
                              void *ctx, trygg_errors *err);

/** A parser fed in pieces (a file read a piece at a time): the same
 *  parsing, limits and diagnostics as trygg_csv_stream(), whatever the
 *  pieces. A UTF-8 BOM at the start of the first piece is skipped; the
 *  line ends (LF, or CR alone) are judged from the first piece. */
typedef struct trygg_csv_push trygg_csv_push;

trygg_status trygg_csv_push_new(const char *file, char sep,
                                const trygg_csv_stream_fns *fns, void *ctx,
                                trygg_errors *err, trygg_csv_push **out);
/** Parses the next piece. Returns the first failure (then and after). */
trygg_status trygg_csv_push_feed(trygg_csv_push *q, const char *data, size_t len);
/** 1 once a callback asked to stop or parsing failed: feed no more. */
int trygg_csv_push_done(const trygg_csv_push *q);
/** The end of the input (an unclosed quote is an error). */
trygg_status trygg_csv_push_finish(trygg_csv_push *q);
void trygg_csv_push_free(trygg_csv_push *q);

/** Told the file's first piece (up to 1 MB, with any BOM; `whole` when it
 *  is the whole file) and its size, before parsing starts: sets *sep, or
 *  returns an error status after adding a diagnostic. */
typedef trygg_status (*trygg_csv_first_fn)(void *ctx, const char *first,
                                           size_t len, size_t size, int whole,
                                           char *sep);

/**
 * Parses the file at `path` a piece at a time (never read whole): a
 * regular file only (trygg_open_input), at most `max_bytes`
 * (TRYGG_ERR_LIMIT). `first` sees the first piece, then every field and
 * row goes to `fns` as for trygg_csv_stream().
 */
trygg_status trygg_csv_read_path(const char *path, size_t max_bytes,
                                 trygg_csv_first_fn first,
                                 const trygg_csv_stream_fns *fns, void *ctx,
                                 trygg_errors *err);

/** The separator of a header line: ';' when it has more ';' than ',' outside
 *  quotes, else ','. */
char trygg_csv_sniff_separator(const char *data, size_t len);

/**
 * Reads a whole file into a new buffer (NUL-terminated; *len excludes the
 * NUL). A regular file only (trygg_open_input: a FIFO or device is an
 * error naming it). Files over `max_bytes` give TRYGG_ERR_LIMIT. Caller
 * frees *buf.
 */
trygg_status trygg_read_file(const char *path, size_t max_bytes, char **buf,
                             size_t *len, trygg_errors *err);

/** A small CSV table read whole (definition tables, population margins). */
typedef struct {
    char *file;
    size_t ncols, nrows;
    char **header;          /* ncols */
    char **cell;            /* nrows * ncols, "" for empty */
    unsigned long *line;    /* nrows */
    char sep;               /* the separator sniffed: ',' or ';' */
} trygg_table;

/** Reads `path` a piece at a time (separator sniffed from the header).
 *  Ragged rows and text that is not UTF-8 are errors. */
trygg_status trygg_table_read(const char *path, trygg_table **out,
                              trygg_errors *err);
void trygg_table_free(trygg_table *t);
/** Column index of `name`, or -1. */
long trygg_table_col(const trygg_table *t, const char *name);
/** Cell (row, col), "" when col < 0. */
const char *trygg_table_get(const trygg_table *t, size_t row, long col);

#endif
