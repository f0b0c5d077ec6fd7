/* Internal: SPSS (.sav, .zsav, .por) and Stata (.dta) files through
 * ReadStat, the one file that talks to it. A file comes out as the CSV
 * reader's does: its variables once (a header), then every case as text
 * fields, so the survey's loader and the tables' readers apply the same
 * checks to both. Numbers become their shortest exact text ("3", "2024",
 * "110.149847094801" read back to the same double); system-missing and
 * empty strings are blank; SPSS user-missing values keep their codes;
 * Stata's extended missing values are ".a" ... ".z". Text is UTF-8:
 * ReadStat converts from the file's declared encoding (Latin-1 and
 * Windows-1252 SPSS files are common), and text that still is not UTF-8
 * is an error naming the variable. */
#ifndef TRYGG_STATFILE_H
#define TRYGG_STATFILE_H

#include <stddef.h>

#include "csv_reader.h"
#include "trygg.h"

typedef enum {
    TRYGG_STAT_NONE = 0,  /* not a statistics file (CSV) */
    TRYGG_STAT_SAV,       /* SPSS .sav and .zsav */
    TRYGG_STAT_POR,       /* SPSS portable .por */
    TRYGG_STAT_DTA        /* Stata .dta */
} trygg_stat_kind;

/** The kind a file's name says (.sav .zsav .por .dta, in any case). */
trygg_stat_kind trygg_stat_kind_of(const char *path);
/** "SPSS .sav", "SPSS .por", "Stata .dta". */
const char *trygg_stat_kind_name(trygg_stat_kind k);

/** A user-missing declaration: a value (lo == hi) or a range. */
typedef struct {
    double lo, hi;
    const char *text;   /* string variables' value; NULL for numbers */
} trygg_stat_missing;

/** One value label. */
typedef struct {
    double value;
    const char *text;   /* string value, or a Stata extended missing value
                           (".a"); NULL for numbers */
    const char *label;
    int tagged;         /* text is an extended missing value */
} trygg_stat_label;

/** A variable as the file declares it (strings valid UTF-8, NFC). */
typedef struct {
    const char *name;
    const char *label;           /* "" when none */
    int is_string;
    const trygg_stat_missing *missing;
    size_t nmissing;
    const char *label_set;       /* its value labels' name, or NULL */
    const trygg_stat_label *labels;  /* filled at the end of the file */
    size_t nlabels;
} trygg_stat_var;

/** What a reader is told. Any callback may be NULL. */
typedef struct {
    /** The variables, once, before the first case (also for a file with
     *  none). Nonzero stops reading. */
    int (*variables)(void *ctx, const trygg_stat_var *vars, size_t n);
    /** Variable `index` of the current case: `s` (len bytes and a NUL) is
     *  its text, NULL when blank; `user_missing` when the file declares
     *  the value missing. */
    void (*field)(void *ctx, size_t index, const char *s, size_t len,
                  int user_missing);
    /** The end of case `row` (1-based). Nonzero stops reading. */
    int (*row)(void *ctx, unsigned long row);
} trygg_stat_fns;

typedef struct {
    trygg_stat_kind kind;
    const char *encoding;   /* NULL: the file's declared encoding */
    int metadata_only;      /* 1: no cases are read (variables, labels) */
} trygg_stat_options;

/** A named set of value labels (variables may share one). */
typedef struct {
    char *name;
    trygg_stat_label *labels;
    size_t n, cap;
} trygg_stat_label_set;

/** What trygg_stat_read() found, owned by the caller (trygg_stat_info_free). */
typedef struct {
    trygg_stat_var *vars;   /* with their value labels */
    size_t nvars;
    long rows;              /* cases in the file, -1 when it does not say */
    char *encoding;         /* as declared ("UTF-8", "WINDOWS-1252"), or "" */
    char *file_label;
    trygg_stat_label_set *sets;   /* the variables' labels point into these */
    size_t nsets;
} trygg_stat_info;

/**
 * Reads the statistics file `path` (a regular file), or `len` bytes at
 * `data` as if they were that file when `data` is not NULL, calling `fns`.
 * Problems of the file itself (truncated, wrong magic, an encoding that
 * cannot be converted, text that is not UTF-8) are diagnostics naming the
 * file, the case and the variable where known. On return *info (when not
 * NULL) describes the file; free it with trygg_stat_info_free() whatever
 * the status. TRYGG_ERR_IO, TRYGG_ERR_PARSE, TRYGG_ERR_LIMIT, NOMEM.
 */
trygg_status trygg_stat_read(const char *path, const char *data, size_t len,
                             const trygg_stat_options *opt,
                             const trygg_stat_fns *fns, void *ctx,
                             trygg_stat_info *info, trygg_errors *err);
void trygg_stat_info_free(trygg_stat_info *info);

/** The file at `path` as a table of text cells (csv_reader.h's trygg_table:
 *  header = variable names, one row per case, "" for blank, text in NFC,
 *  `line` the case number). Statuses as trygg_stat_read(). */
trygg_status trygg_stat_read_table(const char *path, const char *encoding,
                                   trygg_table **out, trygg_errors *err);

/** The shortest text that reads back as exactly `v` (at most 32 bytes). */
void trygg_stat_number_text(double v, char buf[32]);

#endif
