/* Internal: Excel workbooks over libxlsxwriter. A workbook is made in an
 * unlinked temporary file (named to libxlsxwriter through /proc/self/fd,
 * so nothing can be planted in its place) and copied into an output
 * group's member when whole. */
#ifndef TRYGG_XLSX_INTERNAL_H
#define TRYGG_XLSX_INTERNAL_H

#include <stdio.h>
#include <xlsxwriter.h>

#include "output_internal.h"
#include "trygg.h"

/* Excel's limits: rows of a sheet (the header is one), characters of a
 * cell, characters of a sheet's name. */
#define TRYGG_XLSX_ROWS 1048576u
#define TRYGG_XLSX_CELL_CHARS 32767u
#define TRYGG_XLSX_SHEET_CHARS 31u

typedef struct {
    lxw_workbook *wb;
    FILE *tmp;
    const char *path;      /* the member, for diagnostics */
    trygg_errors *err;
    trygg_status st;       /* the first failure of a write */
    lxw_format *unit[128]; /* by TRYGG_UNIT_* (and 'i' whole numbers) */
    lxw_format *header, *bold, *wrap, *title;
    char *sheet_names;     /* the names given, "\n"-separated, folded */
} trygg_xlsx;

/** A new workbook for the member `path` (of `g`, opened by
 *  trygg_xlsx_finish()); `constant_memory` for tables of any length
 *  (rows written in order, no merged cells). TRYGG_ERR_IO, NOMEM. */
trygg_status trygg_xlsx_begin(trygg_xlsx *x, const char *path, int constant_memory,
                              long long run_time, const char *title, trygg_errors *err);
/** Closes the workbook and copies it into the member `path` of `g`
 *  (opened and finished here); always frees the workbook. */
trygg_status trygg_xlsx_finish(trygg_xlsx *x, trygg_output_group *g, trygg_errors *err);
/** Frees a workbook not finished (after a failure). */
void trygg_xlsx_discard(trygg_xlsx *x);

/** A new sheet called `name`: Excel's rules kept (at most 31 characters,
 *  none of []:*?/\, no name twice in any case), the name cut or numbered
 *  when it must be, as a tab's label; NULL after a failure (x->st). */
lxw_worksheet *trygg_xlsx_sheet(trygg_xlsx *x, const char *name);

/** The display format of a number of `unit` and field kind `kind`. */
lxw_format *trygg_xlsx_unit_format(trygg_xlsx *x, char unit, char kind);
/** A custom number format (owned by the workbook); NULL after a failure. */
lxw_format *trygg_xlsx_format(trygg_xlsx *x, const char *num_format);

/** Text as text, never a formula; "" leaves the cell empty. A text of more
 *  than 32,767 characters is TRYGG_ERR_LIMIT (x->st, with a diagnostic). */
void trygg_xlsx_text(trygg_xlsx *x, lxw_worksheet *ws, size_t row, size_t col,
                     const char *s, lxw_format *f);
/** A number (not NaN or infinite: those leave the cell empty). */
void trygg_xlsx_number(trygg_xlsx *x, lxw_worksheet *ws, size_t row, size_t col,
                       double v, lxw_format *f);
/** Characters (code points) of UTF-8 text, for column widths. */
size_t trygg_xlsx_chars(const char *s);

/** The sheet of one table: header frozen and filtered, columns sized, a
 *  suppressed row's numbers empty. */
trygg_status trygg_xlsx_table_to(trygg_output_group *g, const char *path,
                                 const trygg_table_spec *t, const trygg_write_options *o,
                                 trygg_labels *labels, trygg_errors *err);

/** The facts of a run for the Läs mig sheet. */
typedef struct {
    const char *subject;          /* "estimates", "publication", ... */
    const char *weighting, *variance, *adjust;  /* NULL: not in the table */
    double confidence, alpha;     /* NaN: not in the table */
    int mixed;                    /* rows of several weightings or levels */
} trygg_xlsx_facts;

/** The "Läs mig" / "Read me" sheet: the survey, the facts, the rule of
 *  suppression, the run's time and trygg's version, the pairs of `notes`
 *  (key, text, ..., NULL; may be NULL), then what each of `ncols` columns
 *  means (none when `cols` is NULL). */
void trygg_xlsx_readme(trygg_xlsx *x, const trygg_write_options *o, const trygg_xlsx_facts *f,
                       const char *const *notes, const trygg_field *cols, size_t ncols);
/** What column `name` of the table `subject` ("changes") means, in `lang`;
 *  NULL when not known. */
const char *trygg_xlsx_column_doc(const char *subject, const char *name, trygg_lang lang);
/** `v` as Swedish text writes it (decimal comma, `decimals` places) or as
 *  English does, into buf. */
const char *trygg_xlsx_num_text(char *buf, size_t size, double v, int decimals,
                                trygg_lang lang);

#endif
