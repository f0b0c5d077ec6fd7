/* Internal: column-wise storage of loaded responses. */
#ifndef TRYGG_SURVEY_INTERNAL_H
#define TRYGG_SURVEY_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "definition_internal.h"
#include "dict.h"
#include "trygg.h"

/* TRYGG_COL_TEXT keeps each row's own text (respondent ids: one per row,
 * so a dictionary would only add a lookup and an index per row). */
typedef enum { TRYGG_COL_CAT, TRYGG_COL_NUM, TRYGG_COL_CODE, TRYGG_COL_TEXT } trygg_col_kind;

typedef struct {
    char *name;
    trygg_col_kind kind;
    const trygg_scale *scale;   /* TRYGG_COL_CODE */
    const char *why;            /* role or item that needs it, for messages */
    int required_nonblank;      /* roles: a blank is an error */
    uint32_t *cat;              /* TRYGG_COL_CAT: dictionary index */
    double *num;                /* TRYGG_COL_NUM: NaN = blank */
    uint8_t *code;              /* TRYGG_COL_CODE: TRYGG_CODE_MISSING = blank */
    uint8_t code1[256];         /* TRYGG_COL_CODE: code of a one-byte answer,
                                   TRYGG_CODE_MISSING when no code is that byte */
    uint32_t *off;              /* TRYGG_COL_TEXT: row's text at text + off */
    char *text;                 /* NUL-terminated texts, in row order */
    size_t text_len, text_cap;
    trygg_dict dict;
} trygg_column;

typedef struct {
    char *path;
    char dialect[96];
    size_t rows;
    size_t first_row;
} trygg_file_info;

struct trygg_survey {
    const trygg_definition *def;
    size_t nrows, cap;
    int32_t *year;
    uint32_t *file;
    uint32_t *line;        /* line in its file where the row starts */
    trygg_column *cols;
    size_t ncols;
    long role_col[TRYGG_ROLE_COUNT];   /* index into cols, -1 when absent */
    long *item_col;                    /* per item */
    trygg_file_info *files;
    size_t nfiles;
    int *years;
    size_t nyears;
    /* A pooled survey (pool.c): per year (a window's last survey year), the
     * window's first; its own definition (owned); the years per window and
     * how each year was weighted. NULL / 0 for a survey as loaded. */
    int *pool_first;
    trygg_definition *pool_def;
    int pool_years;
    trygg_weighting pool_weighting;
    struct trygg_sample *sample;       /* [survey] sample, or NULL */
    int only_year;         /* rows of this year only (0: every year) */
};

/** Column index of the column named `name` (any kind), or -1. */
long trygg_survey_col_find(const trygg_survey *sv, const char *name,
                           trygg_col_kind kind);
/** Text of row r in a category or text column. */
const char *trygg_survey_cat(const trygg_survey *sv, long col, size_t r);

/** Appends row r's text (len bytes, not NUL-terminated) to text column c;
 *  TRYGG_ERR_LIMIT past 4 GB of texts. */
trygg_status trygg_column_put_text(trygg_column *c, size_t r, const char *s,
                                   size_t len);

/** Allocates the columns the definition needs (no rows). */
trygg_status trygg_survey_new_empty(const trygg_definition *def,
                                    trygg_survey **out);
/** Ensures room for `more` rows. */
trygg_status trygg_survey_reserve(trygg_survey *sv, size_t more);
/** Grows the row arrays to hold `rows` rows in all (never shrinks). */
trygg_status trygg_survey_reserve_exact(trygg_survey *sv, size_t rows);
/** Shrinks the row arrays to the rows there are. */
void trygg_survey_fit(trygg_survey *sv);
/**
 * Appends `part` (a survey of one file, made by trygg_survey_new_empty()
 * for the same definition) to sv: its file, rows and names, the names
 * renumbered as if the file had been parsed into sv itself. `part` gives
 * up its strings and file path; afterwards it may only be freed.
 */
trygg_status trygg_survey_append(trygg_survey *sv, trygg_survey *part);
/**
 * Reads and parses the files in this order (no repeats) into sv, several
 * at a time on as many threads as there are processors (the environment
 * variable TRYGG_THREADS caps them): rows, names, diagnostics and status
 * are those of parsing the files one after another.
 */
trygg_status trygg_survey_load_files(trygg_survey *sv, char *const *paths,
                                     size_t npaths, trygg_errors *err);
/** Parses one file (`max_bytes` at most) into the survey, reading it a
 *  piece at a time: a regular file only (a FIFO or device is an error
 *  naming it), never held whole in memory. */
trygg_status trygg_survey_parse_path(trygg_survey *sv, const char *path,
                                     size_t max_bytes, trygg_errors *err);
/**
 * For a survey of one year (sv->only_year), a file whose name says another
 * year: the names of its category columns interned, in the order a load of
 * every row meets them (so that areas, strata and cells are numbered as
 * in the whole survey), without reading its rows. *done = 0 when the file
 * needs the CSV reader for that (quotes, NUL bytes, CR line ends, a name
 * not in NFC or not UTF-8, a line over 1 MB): nothing is lost, interning
 * again is idempotent. TRYGG_ERR_IO / TRYGG_ERR_LIMIT / TRYGG_ERR_NOMEM
 * as for reading the file; else TRYGG_OK.
 */
trygg_status trygg_survey_skim_names(trygg_survey *sv, const char *path,
                                     size_t max_bytes, int *done,
                                     trygg_errors *err);
/** Parses one file's bytes into the survey. */
trygg_status trygg_survey_parse_file(trygg_survey *sv, const char *path,
                                     const char *data, size_t len,
                                     trygg_errors *err);
/**
 * Rows from a reader other than CSV (SPSS and Stata files), stored and
 * checked exactly as a CSV file's: the first row is the header (variable
 * names), every row after it a respondent; fields are text (numbers with
 * a '.' decimal mark), NULL for blank. `line` is the case number.
 */
typedef struct trygg_row_sink trygg_row_sink;

/** Adds the file `path` to sv (with `dialect` as what trygg validate shows)
 *  and a sink to parse it into; about `expected_rows` rows (0: unknown). */
trygg_status trygg_row_sink_new(trygg_survey *sv, const char *path,
                                const char *dialect, size_t expected_rows,
                                trygg_errors *err, trygg_row_sink **out);
void trygg_row_sink_field(trygg_row_sink *k, size_t index, const char *s,
                          size_t len);
/** Ends the header or a respondent's row; nonzero: stop reading. */
int trygg_row_sink_row(trygg_row_sink *k, size_t nfields, unsigned long line);
/** A problem the reader found, counted as the loader's own. */
void trygg_row_sink_bad(trygg_row_sink *k, unsigned long line, size_t column,
                        trygg_status st, const char *message);
/** Ends the file (the status of the reader in, the file's out) and frees
 *  the sink. */
trygg_status trygg_row_sink_end(trygg_row_sink *k, trygg_status st);

/** Parses an SPSS (.sav, .zsav, .por) or Stata (.dta) file, from `data`
 *  (`len` bytes) when not NULL, else from `path` (statfile.h). */
trygg_status trygg_survey_parse_stat(trygg_survey *sv, const char *path,
                                     const char *data, size_t len,
                                     trygg_errors *err);

/** Cross-row checks after every file is read (ids, nesting, fpc). */
trygg_status trygg_survey_check(trygg_survey *sv, trygg_errors *err);

#endif
