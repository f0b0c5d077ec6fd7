/* The problem table of a municipality's districts: shares coloured by the
 * definition's bands (explained with their limits), ▲▼ from the library's
 * change rows, in blocks of at most 24 districts × 12 problems a page. */
#include "book_internal.h"

#include <stdio.h>
#include <string.h>

#define SV(c) ((c)->lang == TRYGG_REPORT_SV)

enum { TABLE_COLS = 12, TABLE_ROWS = 24 };

static size_t parts(size_t n, size_t per)
{
    return n ? (n + per - 1) / per : 0;
}

static trygg_report_cell cell_of(const trygg_book_ctx *c, const char *level, const char *area,
                                 const char *ind, book_rule *rule,
                                 const trygg_estimate_row **first)
{
    trygg_report_cell cell;
    const trygg_estimate_row *x = trygg_results_find(c->est, c->year, level, area, ind);
    *first = *first ? *first : x;
    cell.value = trygg_book_value(x);
    cell.mark = book_change_mark(c, level, area, ind, &cell.tone, rule);
    return cell;
}

/* The problem items as the table's columns; their number. */
static size_t columns(const trygg_book_ctx *c, const char **cols, const char **inds)
{
    size_t nc = 0, ni = trygg_definition_indicator_count(c->def);
    for (size_t k = 0; k < ni; k++)
        if (book_is_problem_share(c->def, k)) {
            cols[nc] = book_label(c, k);
            inds[nc++] = trygg_definition_indicator_name(c->def, k);
        }
    return nc;
}

static void words(const trygg_book_ctx *c, trygg_book_arena *a, trygg_report_table *m,
                  const char *muni, size_t part, size_t nparts, const book_rule *rule,
                  const trygg_estimate_row *first)
{
    char of[48] = "";
    if (nparts > 1)
        snprintf(of, sizeof of, " (%zu/%zu)", part + 1, nparts);
    char *title = book_printf(a, "%s %s %d%s", SV(c) ? "Problembild" : "Problems in", muni,
                              c->year, of);
    book_frame(c, a, &m->frame, title, SV(c) ?
               "Andel som ser problemet som ganska eller mycket stort, per stadsdel" :
               "Share who see the problem as fairly or very big, by district", first);
    book_note(c, a, &m->frame, SV(c) ? "Cellerna visar andelen; färgen anger nivån enligt "
                                       "förklaringen nedan."
                                     : "The cells show the share; the colour gives its level "
                                       "as explained below.",
              book_change_rule(c, a, rule));
}

int trygg_book_table(const trygg_book_ctx *c, trygg_book_arena *a, const char *muni,
                     size_t part, trygg_report_chart *chart)
{
    const char **rows;
    size_t nr = trygg_book_districts(c, a, muni, &rows);
    size_t ni = trygg_definition_indicator_count(c->def);
    const char **cols = trygg_book_alloc(a, (ni + 1) * sizeof *cols);
    const char **inds = trygg_book_alloc(a, (ni + 1) * sizeof *inds);
    trygg_report_table *m = trygg_book_alloc(a, sizeof *m);
    if (!cols || !inds || !m)
        return book_fail(a, "out of memory");
    size_t nc = columns(c, cols, inds);
    size_t col_parts = parts(nc, TABLE_COLS), nparts = col_parts * parts(nr, TABLE_ROWS);
    if (!nr)
        return book_fail(a, "'%s' has no districts in %d", muni, c->year);
    if (!nc)
        return book_fail(a, "the definition has no problem items (share indicators of "
                            "group 'problem')");
    if (part >= nparts)
        return book_fail(a, "the table has %zu parts", nparts);
    /* this page's block: rows r0.., columns k0.. */
    size_t r0 = part / col_parts * TABLE_ROWS, k0 = part % col_parts * TABLE_COLS;
    rows += r0;
    nr = nr - r0 < TABLE_ROWS ? nr - r0 : TABLE_ROWS;
    cols += k0;
    inds += k0;
    nc = nc - k0 < TABLE_COLS ? nc - k0 : TABLE_COLS;
    trygg_report_cell *cells = trygg_book_alloc(a, (nr * nc + 1) * sizeof *cells);
    trygg_report_cell *total = trygg_book_alloc(a, (nc + 1) * sizeof *total);
    if (!cells || !total)
        return book_fail(a, "out of memory");
    trygg_report_table_init(m);
    book_rule rule = {0};
    const trygg_estimate_row *first = NULL;
    for (size_t r = 0; r < nr; r++)
        for (size_t k = 0; k < nc; k++)
            cells[r * nc + k] = cell_of(c, "district", rows[r], inds[k], &rule, &first);
    for (size_t k = 0; k < nc; k++)
        total[k] = cell_of(c, "municipality", muni, inds[k], &rule, &first);
    m->rows = rows;
    m->nrows = nr;
    m->cols = cols;
    m->ncols = nc;
    m->cells = cells;
    m->total = total;
    m->total_label = muni;
    m->bands = book_bands(c, a, &m->nbands);
    words(c, a, m, muni, part, nparts, &rule, first);
    chart->type = TRYGG_REPORT_CHART_TABLE;
    chart->m.table = m;
    return 0;
}
