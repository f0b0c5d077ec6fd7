/* Reading workbooks back in the tests: tests/support/xlsx_dump.py (with
 * Debian's python3-openpyxl) lists every cell, its type and display
 * format, and each sheet's frozen panes, filter, merged ranges and column
 * widths; this parses that list. */
#ifndef TRYGG_TEST_XLSX_READ_H
#define TRYGG_TEST_XLSX_READ_H

#include <stddef.h>

typedef struct {
    char *sheet, *ref;   /* "estimates", "B7" */
    char kind;           /* 'n' number, 's' text */
    char *value;         /* the text, or the number as repr() wrote it */
    double num;          /* kind 'n' */
    char *format;        /* the number format ("0.0 %", "General") */
} xr_cell;

typedef struct xr_book xr_book;

/** Reads the workbook at `path`, or fails the test (naming what is
 *  missing when python3-openpyxl is not installed). */
xr_book *xr_read(const char *path);
void xr_free(xr_book *b);
/** The cell `ref` of `sheet`, or NULL when it is empty. */
const xr_cell *xr_get(const xr_book *b, const char *sheet, const char *ref);
/** The cell at 0-based row and column. */
const xr_cell *xr_at(const xr_book *b, const char *sheet, size_t row, size_t col);
/** A sheet's setting: 'F' frozen panes ("A2"), 'A' autofilter ("A1:Y9"), or
 *  NULL. */
const char *xr_setting(const xr_book *b, char what, const char *sheet);
/** 1 when `sheet` has the merged range `range` ("C4:G4"). */
int xr_merged(const xr_book *b, const char *sheet, const char *range);
/** The names of the sheets in order: *n receives their number; owned by b. */
char *const *xr_sheets(const xr_book *b, size_t *n);
/** "A1" style reference of a 0-based row and column into buf. */
char *xr_ref(char *buf, size_t size, size_t row, size_t col);

#endif
