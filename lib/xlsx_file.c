/* A workbook's life: made in an unlinked temporary file, formats and
 * sheets under Excel's rules, text and numbers written without surprises,
 * then copied into an output group's member. libxlsxwriter only knows
 * file names, so it is given /proc/self/fd/N of the temporary: the same
 * open file, which nothing in a folder can be swapped for. */
#include "xlsx_internal.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "errors_internal.h"
#include "unicode_internal.h"

static void fail(trygg_xlsx *x, trygg_status st, const char *msg)
{
    if (x->st == TRYGG_OK && msg)
        trygg_errors_add(x->err, x->path, 0, 0, "%s", msg);
    if (x->st == TRYGG_OK)
        x->st = st;
}

trygg_status trygg_xlsx_begin(trygg_xlsx *x, const char *path, int constant_memory,
                              long long run_time, const char *title, trygg_errors *err)
{
    memset(x, 0, sizeof *x);
    x->path = path;
    x->err = err;
    /* libxlsxwriter writes numbers with sprintf("%.16G"): in a locale with
     * a decimal comma that would be a broken file */
    const char *point = localeconv()->decimal_point;
    if (!point || strcmp(point, ".") != 0) {
        trygg_errors_add(err, path, 0, 0, "cannot make a workbook while the program's "
                         "locale writes numbers with '%s': call setlocale(LC_NUMERIC, "
                         "\"C\") first", point ? point : "");
        return TRYGG_ERR_ARGUMENT;
    }
    x->tmp = tmpfile();
    if (!x->tmp) {
        trygg_errors_add(err, path, 0, 0, "cannot make a workbook: no temporary file: %s",
                         strerror(errno));
        return TRYGG_ERR_IO;
    }
    char name[48];
    snprintf(name, sizeof name, "/proc/self/fd/%d", fileno(x->tmp));
    if (access(name, W_OK) != 0) {
        trygg_errors_add(err, path, 0, 0, "cannot make a workbook: %s is not there "
                         "(is /proc mounted?)", name);
        fclose(x->tmp);
        x->tmp = NULL;
        return TRYGG_ERR_IO;
    }
    lxw_workbook_options opt = {.constant_memory = constant_memory != 0};
    x->wb = workbook_new_opt(name, &opt);
    if (!x->wb) {
        fclose(x->tmp);
        x->tmp = NULL;
        return TRYGG_ERR_NOMEM;
    }
    /* the run's time, not the clock's: the same run makes the same file */
    lxw_doc_properties props = {.title = (char *)title, .author = "trygg",
                                .created = (time_t)(run_time ? run_time : time(NULL))};
    workbook_set_properties(x->wb, &props);
    x->header = workbook_add_format(x->wb);
    format_set_bold(x->header);
    format_set_bottom(x->header, LXW_BORDER_THIN);
    format_set_text_wrap(x->header);
    format_set_align(x->header, LXW_ALIGN_VERTICAL_TOP);
    x->bold = workbook_add_format(x->wb);
    format_set_bold(x->bold);
    format_set_align(x->bold, LXW_ALIGN_VERTICAL_TOP);
    x->wrap = workbook_add_format(x->wb);
    format_set_text_wrap(x->wrap);
    format_set_align(x->wrap, LXW_ALIGN_VERTICAL_TOP);
    x->title = workbook_add_format(x->wb);
    format_set_bold(x->title);
    format_set_font_size(x->title, 14);
    return TRYGG_OK;
}

void trygg_xlsx_discard(trygg_xlsx *x)
{
    if (x->wb) {
        /* libxlsxwriter frees a workbook only by writing it: into the
         * temporary that is thrown away */
        workbook_close(x->wb);
        x->wb = NULL;
    }
    if (x->tmp)
        fclose(x->tmp);
    x->tmp = NULL;
    free(x->sheet_names);
    x->sheet_names = NULL;
}

static trygg_status copy_into(trygg_xlsx *x, trygg_output_group *g)
{
    FILE *out;
    trygg_status st = trygg_output_group_open(g, x->path, &out, x->err);
    if (st != TRYGG_OK)
        return st;
    rewind(x->tmp);
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, x->tmp)) > 0)
        fwrite(buf, 1, n, out);
    if (ferror(x->tmp)) {
        trygg_errors_add(x->err, x->path, 0, 0, "cannot write: the workbook's temporary "
                         "file could not be read back: %s", strerror(errno));
        st = TRYGG_ERR_IO;
    }
    trygg_status fin = trygg_output_group_finish(g, x->path, x->err);
    return st != TRYGG_OK ? st : fin;
}

trygg_status trygg_xlsx_finish(trygg_xlsx *x, trygg_output_group *g, trygg_errors *err)
{
    x->err = err;
    trygg_status st = x->st;
    lxw_error e = workbook_close(x->wb);
    x->wb = NULL;
    if (st == TRYGG_OK && e != LXW_NO_ERROR) {
        trygg_errors_add(err, x->path, 0, 0, "cannot write the workbook: %s",
                         lxw_strerror(e));
        st = e == LXW_ERROR_MEMORY_MALLOC_FAILED ? TRYGG_ERR_NOMEM : TRYGG_ERR_IO;
    }
    if (st == TRYGG_OK && (fflush(x->tmp) != 0 || ferror(x->tmp))) {
        trygg_errors_add(err, x->path, 0, 0, "cannot write the workbook: %s",
                         strerror(errno));
        st = TRYGG_ERR_IO;
    }
    if (st == TRYGG_OK)
        st = copy_into(x, g);
    trygg_xlsx_discard(x);
    return st;
}

size_t trygg_xlsx_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* ---- sheets ------------------------------------------------------------- */

/* The first `max` characters of s (whole UTF-8 characters): a new string. */
static char *cut(const char *s, size_t max)
{
    size_t i = 0, chars = 0;
    while (s[i] && chars < max) {
        i++;
        while (((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    return strndup(s, i);
}

/* Excel's sheet name of `name` (a new string): []:*?/\ become '-', a
 * leading or trailing ' is dropped, "" is "-". */
static char *sheet_name(const char *name, size_t max)
{
    char *s = cut(name, max);
    if (!s)
        return NULL;
    for (char *p = s; *p; p++)
        if (strchr("[]:*?/\\", *p))
            *p = '-';
    size_t n = strlen(s);
    while (n && s[n - 1] == '\'')
        s[--n] = 0;
    if (s[0] == '\'')
        memmove(s, s + 1, n--);
    if (!n) {
        free(s);
        return strdup("-");
    }
    return s;
}

/* 1 when a sheet of this name (in any case, as Excel compares) is there. */
static int taken(const trygg_xlsx *x, const char *name)
{
    char *f = NULL;
    if (trygg_utf8_fold(name, &f) != TRYGG_OK)
        return 1;
    size_t n = strlen(f);
    int found = 0;
    for (const char *p = x->sheet_names; p && *p && !found;) {
        const char *e = strchr(p, '\n');
        found = (size_t)(e - p) == n && !strncmp(p, f, n);
        p = e + 1;
    }
    free(f);
    return found;
}

static int remember(trygg_xlsx *x, const char *name)
{
    char *f = NULL;
    if (trygg_utf8_fold(name, &f) != TRYGG_OK)
        return -1;
    char *all = trygg_strprintf("%s%s\n", x->sheet_names ? x->sheet_names : "", f);
    free(f);
    if (!all)
        return -1;
    free(x->sheet_names);
    x->sheet_names = all;
    return 0;
}

lxw_worksheet *trygg_xlsx_sheet(trygg_xlsx *x, const char *name)
{
    if (x->st != TRYGG_OK)
        return NULL;
    char *s = sheet_name(name, TRYGG_XLSX_SHEET_CHARS);
    /* two names alike ("NACKA", "Nacka"; two cut alike): "Nacka (2)" */
    for (int k = 2; s && taken(x, s) && k < 10000; k++) {
        char *base = sheet_name(name, TRYGG_XLSX_SHEET_CHARS - 7);
        free(s);
        s = base ? trygg_strprintf("%s (%d)", base, k) : NULL;
        free(base);
    }
    lxw_worksheet *ws = NULL;
    if (s && workbook_validate_sheet_name(x->wb, s) == LXW_NO_ERROR && remember(x, s) == 0)
        ws = workbook_add_worksheet(x->wb, s);
    free(s);
    if (!ws)
        fail(x, TRYGG_ERR_NOMEM, NULL);
    return ws;
}

/* ---- formats ------------------------------------------------------------ */

lxw_format *trygg_xlsx_format(trygg_xlsx *x, const char *num_format)
{
    lxw_format *f = workbook_add_format(x->wb);
    if (!f) {
        fail(x, TRYGG_ERR_NOMEM, NULL);
        return NULL;
    }
    format_set_num_format(f, num_format);
    return f;
}

/* Format codes are written with '.' and ',' as in English; Excel shows
 * them in the reader's locale ("0.0 %" is "24,6 %" in Swedish Excel). */
static const char *unit_code(char unit, char kind)
{
    switch (unit) {
    case TRYGG_UNIT_SHARE: return "0.0 %";
    case TRYGG_UNIT_VALUE: return "0.00";
    case TRYGG_UNIT_P: return "0.0000";
    case TRYGG_UNIT_COUNT: return "#,##0";
    case TRYGG_UNIT_YEAR: return "0";
    case TRYGG_UNIT_RATIO: return "0.00";
    case TRYGG_UNIT_LEVEL: return "0 %";
    case TRYGG_UNIT_WEIGHT: return "#,##0.00";
    default: return kind == 'i' ? "0" : NULL;
    }
}

lxw_format *trygg_xlsx_unit_format(trygg_xlsx *x, char unit, char kind)
{
    int k = unit ? unit & 0x7F : kind == 'i' ? 'i' : 0;
    const char *code = unit_code(unit, kind);
    if (!code)
        return NULL;   /* General */
    if (!x->unit[k])
        x->unit[k] = trygg_xlsx_format(x, code);
    return x->unit[k];
}

/* ---- cells -------------------------------------------------------------- */

void trygg_xlsx_text(trygg_xlsx *x, lxw_worksheet *ws, size_t row, size_t col,
                     const char *s, lxw_format *f)
{
    if (x->st != TRYGG_OK || !s || !s[0])
        return;
    size_t n = trygg_xlsx_chars(s);
    if (n > TRYGG_XLSX_CELL_CHARS) {
        char *msg = trygg_strprintf("a text of %zu characters (row %zu, column %zu) does "
                                    "not fit in an Excel cell (at most %u): write CSV",
                                    n, row + 1, col + 1, TRYGG_XLSX_CELL_CHARS);
        fail(x, TRYGG_ERR_LIMIT, msg ? msg : "a text too long for an Excel cell");
        free(msg);
        return;
    }
    /* worksheet_write_string writes a string cell: "=HYPERLINK(...)" is
     * shown as it is, never run */
    lxw_error e = worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, s, f);
    if (e != LXW_NO_ERROR)
        fail(x, e == LXW_ERROR_MEMORY_MALLOC_FAILED ? TRYGG_ERR_NOMEM : TRYGG_ERR_IO,
             lxw_strerror(e));
}

void trygg_xlsx_number(trygg_xlsx *x, lxw_worksheet *ws, size_t row, size_t col,
                       double v, lxw_format *f)
{
    if (x->st != TRYGG_OK || !isfinite(v))
        return;
    lxw_error e = worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, v, f);
    if (e != LXW_NO_ERROR)
        fail(x, e == LXW_ERROR_MEMORY_MALLOC_FAILED ? TRYGG_ERR_NOMEM : TRYGG_ERR_IO,
             lxw_strerror(e));
}
