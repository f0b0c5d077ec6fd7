/* One table as a workbook: the table's sheet, then "Läs mig". Numbers are
 * numbers at full precision with a display format by unit; a suppressed
 * row's numbers are empty cells (never 0) and its flag "suppressed". */
#include "xlsx_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "errors_internal.h"
#include "labels_internal.h"

/* Widths in characters of every column (header and cells), at most 50. */
static double *column_widths(const trygg_table_spec *t, trygg_row *r, size_t *ncols)
{
    trygg_field f[TRYGG_MAX_FIELDS];
    size_t n = t->fields(t->table, SIZE_MAX, f, r);
    double *w = calloc(n + 1, sizeof *w);
    if (!w)
        return NULL;
    for (size_t c = 0; c < n; c++)
        w[c] = (double)strlen(f[c].name) * 0.8 + 2;   /* bold, wrapped at '_' no */
    for (size_t i = 0; i < t->count; i++) {
        size_t m = t->fields(t->table, i, f, r);
        for (size_t c = 0; c < m && c < n; c++) {
            double len = f[c].kind == 't' ? (double)trygg_xlsx_chars(f[c].text)
                         : f[c].unit == TRYGG_UNIT_YEAR ? 4 : 9;
            if (len + 2 > w[c])
                w[c] = len + 2;
        }
    }
    for (size_t c = 0; c < n; c++)
        w[c] = w[c] > 50 ? 50 : w[c];
    *ncols = n;
    return w;
}

static void put_row(trygg_xlsx *x, lxw_worksheet *ws, size_t row, const trygg_field *f,
                    size_t n, int blank)
{
    for (size_t c = 0; c < n && x->st == TRYGG_OK; c++) {
        if (f[c].kind == 't')
            trygg_xlsx_text(x, ws, row, c, f[c].text, NULL);
        else if (!(f[c].kind == 'b' && blank))
            trygg_xlsx_number(x, ws, row, c, f[c].num,
                              trygg_xlsx_unit_format(x, f[c].unit, f[c].kind));
    }
}

/* What the rows say of the run, for Läs mig: the weighting, variance and
 * adjustment named by the first row, and whether others differ. */
static void facts_of(const trygg_field *f, size_t n, trygg_xlsx_facts *k, int first)
{
    for (size_t c = 0; c < n; c++) {
        const char **text = !strcmp(f[c].name, "weighting") ? &k->weighting
                            : !strcmp(f[c].name, "variance") ? &k->variance
                            : !strcmp(f[c].name, "adjust")   ? &k->adjust : NULL;
        double *num = !strcmp(f[c].name, "confidence") ? &k->confidence
                      : !strcmp(f[c].name, "alpha")    ? &k->alpha : NULL;
        if (text && first)
            *text = f[c].text;
        else if (text && *text && strcmp(*text, f[c].text) != 0)
            k->mixed = 1;
        if (num && first)
            *num = f[c].num;
        else if (num && !(*num == f[c].num || (isnan(*num) && isnan(f[c].num))))
            k->mixed = 1;
    }
}

static void table_sheet(trygg_xlsx *x, const trygg_table_spec *t, trygg_row *r,
                        const double *width, size_t ncols, trygg_xlsx_facts *facts)
{
    lxw_worksheet *ws = trygg_xlsx_sheet(x, t->name);
    if (!ws)
        return;
    for (size_t c = 0; c < ncols; c++)
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width[c], NULL);
    trygg_field f[TRYGG_MAX_FIELDS];
    size_t n = t->fields(t->table, SIZE_MAX, f, r);
    for (size_t c = 0; c < n; c++)
        trygg_xlsx_text(x, ws, 0, c, f[c].name, x->header);
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)t->count, (lxw_col_t)(n ? n - 1 : 0));
    for (size_t i = 0; i < t->count && x->st == TRYGG_OK; i++) {
        size_t m = t->fields(t->table, i, f, r);
        facts_of(f, m, facts, i == 0);
        put_row(x, ws, i + 1, f, m, r->blank);
    }
}

trygg_status trygg_xlsx_table_to(trygg_output_group *g, const char *path,
                                 const trygg_table_spec *t, const trygg_write_options *o,
                                 trygg_labels *labels, trygg_errors *err)
{
    if (t->count + 1 > TRYGG_XLSX_ROWS) {
        trygg_errors_add(err, path, 0, 0, "%zu rows do not fit in an Excel sheet (at most "
                         "%u with the header): write CSV, or select fewer (--year, "
                         "--level, --indicator)", t->count, TRYGG_XLSX_ROWS - 1);
        return TRYGG_ERR_LIMIT;
    }
    trygg_row r = {.labels = labels};
    size_t ncols = 0;
    double *width = column_widths(t, &r, &ncols);
    if (!width)
        return TRYGG_ERR_NOMEM;
    trygg_xlsx x;
    const char *name = o->def ? trygg_definition_name(o->def) : t->name;
    trygg_status st = trygg_xlsx_begin(&x, path, 1, o->run_time, name, err);
    if (st == TRYGG_OK) {
        trygg_xlsx_facts facts = {.subject = t->name, .confidence = NAN, .alpha = NAN};
        table_sheet(&x, t, &r, width, ncols, &facts);
        trygg_field f[TRYGG_MAX_FIELDS];
        size_t n = t->fields(t->table, SIZE_MAX, f, &r);
        if (x.st == TRYGG_OK)
            trygg_xlsx_readme(&x, o, &facts, NULL, f, n);
        st = trygg_xlsx_finish(&x, g, err);
    }
    free(width);
    return st == TRYGG_OK && trygg_labels_failed(labels) ? TRYGG_ERR_NOMEM : st;
}
