/* Shared helpers for the cmocka tests: reading reference CSV tables and
 * comparing numbers to a relative tolerance. */
#ifndef TRYGG_TEST_SUPPORT_H
#define TRYGG_TEST_SUPPORT_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

/** A CSV file read whole: a header and rows of strings (quotes removed). */
typedef struct {
    size_t ncols, nrows;
    char **header;   /* ncols */
    char **cells;    /* nrows * ncols, row-major; "" for blank */
} ts_table;

/** Reads a CSV (',' separated, '"' quoted) or fails the test. */
ts_table *ts_table_read(const char *path);
void ts_table_free(ts_table *t);
/** Column index by name or fails the test. */
size_t ts_col(const ts_table *t, const char *name);
const char *ts_cell(const ts_table *t, size_t row, size_t col);
/** The cell as a number; NAN for blank, "NA" or "NaN". */
double ts_num(const ts_table *t, size_t row, size_t col);

/** |a-b| <= rel·max(|a|,|b|) (or both NaN, or |a-b| <= abs_floor). */
int ts_close(double a, double b, double rel, double abs_floor);
/** Fails the test with a message naming `what` when not ts_close. */
void ts_assert_close(double got, double want, double rel, double abs_floor,
                     const char *what);

/** The bytes of the file at `path`, NUL-terminated (caller frees), or NULL
 *  when there is no such file. */
char *ts_slurp(const char *path);
/** Writes `text` to `path` (replacing it) or fails the test. */
void ts_write_file(const char *path, const char *text);

/** Path join into a buffer of the caller: returns buf (fails the test when it does not fit). */
char *ts_path(char *buf, size_t size, const char *a, const char *b);

#include "trygg.h"

/** Runs `command` in a shell; its standard output and error into *output
 *  (caller frees). Exit status, or -1 when it did not exit. */
int ts_shell(const char *command, char **output);
/** The text of a PDF by pdftotext (`how`: "-layout", "-f 1 -l 1", ...),
 *  every run of white space one space so that phrases match across
 *  wrapped lines; with "-bbox" its words and places as pdftotext gives
 *  them. Caller frees; fails the test when pdftotext fails. */
char *ts_pdf_text(const char *pdf, const char *how);
/** Runs the built trygg (env TRYGG_CLI) with `args` (shell words);
 *  standard output and error into *output (caller frees). Exit status, or
 *  -1 when it did not exit. */
int ts_run_cli(const char *args, char **output);
/** ts_run_cli() with the arguments made by printf from `fmt`. */
int ts_run_clif(char **output, const char *fmt, ...);
/** A whole file as a string (caller frees), or fails the test (unlike
 *  ts_slurp(), which gives NULL for a missing file). */
char *ts_read_whole(const char *path);
/** 1 when anything (file, folder, link) is at `path`. */
int ts_exists(const char *path);
/** A new folder under the build folder named PREFIX_XXXXXX into buf. */
char *ts_temp_dir(const char *prefix, char *buf, size_t size);
/** Writes `text` to dir/name, or fails the test. */
void ts_write_in(const char *dir, const char *name, const char *text);
/** Removes a file or a folder and everything in it. */
void ts_remove_tree(const char *path);
/** Loads a definition and its survey, or fails the test with the first
 *  message. */
trygg_survey *ts_load_survey(const char *definition, trygg_definition **def);

/** How ts_write_statfile() writes (ts_statfile_options_init: a UTF-8 .sav). */
typedef struct {
    const char *encoding;   /* text written in this encoding and declared so
                               ("windows-1252"); NULL: UTF-8 */
    int codepage;           /* the machine-integer record's code (1252) */
    int zsav;               /* compressed (.zsav) */
    int dta;                /* a Stata .dta instead (no missing declared) */
    const char *skip;       /* a column left out */
    const char *sex_labels; /* this column gets value labels 1 Man, 2 Kvinna */
} ts_statfile_options;

void ts_statfile_options_init(ts_statfile_options *o);
/**
 * Writes the CSV response files csv[0..ncsv) (one header) as one SPSS (or
 * Stata) file `out` with ReadStat's writer: a string variable for each
 * column with text, numbers for the others (blank = system-missing); the
 * items of `defdir`/items.csv get their label_sv as variable label and
 * their scale's value labels, and the codes with valid = 0 are declared
 * user-missing. Fails the test on any error.
 */
void ts_write_statfile(const char *out, const char *const *csv, size_t ncsv,
                       const char *defdir, const ts_statfile_options *o);

#endif
