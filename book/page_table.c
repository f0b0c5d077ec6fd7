/* The table of a municipality's districts (or the region's
 * municipalities) by indicators: the problem table, shares coloured by the
 * definition's bands (explained with their limits), and a table per
 * section of the survey; ▲▼ from the library's change rows; in blocks that
 * stay legible on the page (fewer columns on a portrait page). */
#include "book_internal.h"

#include <stdio.h>
#include <string.h>

#define SV(c) ((c)->lang == TRYGG_REPORT_SV)

typedef struct {
    const char *child_level, *parent_level, *parent;
    const char **cols, **inds;   /* labels and names of the columns */
    size_t nc;
    int bands;                   /* problem shares: coloured by band */
    const char *title;           /* "Problembild", a section's title */
    const char *subtitle;
} tb_spec;

static size_t parts(size_t n, size_t per)
{
    return n ? (n + per - 1) / per : 0;
}

static size_t cols_per_page(const trygg_book_ctx *c)
{
    double w = c->page.width > 0 ? c->page.width : 842;
    return w >= 800 ? 12 : w >= 560 ? 7 : 4;
}

static size_t rows_per_page(const trygg_book_ctx *c)
{
    double h = c->page.height > 0 ? c->page.height : 595;
    return h >= 800 ? 36 : h >= 560 ? 24 : 10;
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

static void words(const trygg_book_ctx *c, trygg_book_arena *a, trygg_report_table *m,
                  const tb_spec *sp, size_t part, size_t nparts, const book_rule *rule,
                  const trygg_estimate_row *first)
{
    char of[48] = "";
    if (nparts > 1)
        snprintf(of, sizeof of, " (%zu/%zu)", part + 1, nparts);
    const char *name = trygg_book_area_name(c, sp->parent_level, sp->parent);
    char *title = book_printf(a, "%s %s %d%s", sp->title, name, c->year, of);
    book_frame(c, a, &m->frame, title, sp->subtitle, first);
    m->frame.facts = book_facts(c, a, sp->parent_level, sp->parent);
    m->frame.description = book_printf(a, SV(c) ? "Tabell med %zu områden och %zu indikatorer."
                                                : "Table of %zu areas and %zu indicators.",
                                       m->nrows, m->ncols);
    book_note(c, a, &m->frame, sp->bands ? (SV(c) ? "Cellerna visar andelen; färgen anger "
                                                    "nivån enligt förklaringen nedan."
                                                  : "The cells show the share; the colour "
                                                    "gives its level as explained below.")
                                         : (SV(c) ? "Cellerna visar skattningen."
                                                  : "The cells show the estimate."),
              book_change_rule(c, a, rule));
}

static int table_of(const trygg_book_ctx *c, trygg_book_arena *a, const tb_spec *sp,
                    size_t part, trygg_report_chart *chart)
{
    const char **rows;
    size_t nr = book_children(c, a, sp->child_level, sp->parent, &rows);
    size_t per_col = cols_per_page(c), per_row = rows_per_page(c);
    size_t col_parts = parts(sp->nc, per_col), nparts = col_parts * parts(nr, per_row);
    if (!nr)
        return book_fail(a, "'%s' has no %ss in %d", sp->parent, sp->child_level, c->year);
    if (!sp->nc)
        return book_fail(a, "the definition has no problem items (share indicators of "
                            "group 'problem')");
    if (part >= nparts)
        return book_fail(a, "the table has %zu parts", nparts);
    size_t r0 = part / col_parts * per_row, k0 = part % col_parts * per_col;
    size_t nrow = nr - r0 < per_row ? nr - r0 : per_row;
    size_t nc = sp->nc - k0 < per_col ? sp->nc - k0 : per_col;
    trygg_report_table *m = trygg_book_alloc(a, sizeof *m);
    trygg_report_cell *cells = trygg_book_alloc(a, (nrow * nc + 1) * sizeof *cells);
    trygg_report_cell *total = trygg_book_alloc(a, (nc + 1) * sizeof *total);
    if (!m || !cells || !total)
        return book_fail(a, "out of memory");
    trygg_report_table_init(m);
    book_rule rule = {0};
    const trygg_estimate_row *first = NULL;
    for (size_t r = 0; r < nrow; r++)
        for (size_t k = 0; k < nc; k++)
            cells[r * nc + k] = cell_of(c, sp->child_level, rows[r0 + r], sp->inds[k0 + k],
                                        &rule, &first);
    for (size_t k = 0; k < nc; k++)
        total[k] = cell_of(c, sp->parent_level, sp->parent, sp->inds[k0 + k], &rule, &first);
    m->rows = rows + r0;
    m->nrows = nrow;
    m->cols = sp->cols + k0;
    m->ncols = nc;
    m->cells = cells;
    m->total = total;
    m->total_label = trygg_book_area_name(c, sp->parent_level, sp->parent);
    if (sp->bands)
        m->bands = book_bands(c, a, &m->nbands);
    else if (first)
        m->scale = book_scale(c->def, (long)first->indicator_index);
    words(c, a, m, sp, part, nparts, &rule, first);
    chart->type = TRYGG_REPORT_CHART_TABLE;
    chart->m.table = m;
    return 0;
}

/* The columns: indicators k for which keep(k). */
static void columns(const trygg_book_ctx *c, trygg_book_arena *a, const size_t *ks, size_t n,
                    int problems_only, tb_spec *sp)
{
    sp->cols = trygg_book_alloc(a, (n + 1) * sizeof *sp->cols);
    sp->inds = trygg_book_alloc(a, (n + 1) * sizeof *sp->inds);
    sp->nc = 0;
    for (size_t i = 0; sp->cols && sp->inds && i < n; i++)
        if (!problems_only || book_is_problem_share(c->def, ks[i])) {
            sp->cols[sp->nc] = book_label(c, ks[i]);
            sp->inds[sp->nc++] = trygg_definition_indicator_name(c->def, ks[i]);
        }
}

int trygg_book_table(const trygg_book_ctx *c, trygg_book_arena *a, const char *muni,
                     size_t part, trygg_report_chart *chart)
{
    size_t n = trygg_definition_indicator_count(c->def);
    size_t *all = trygg_book_alloc(a, (n + 1) * sizeof *all);
    if (!all)
        return book_fail(a, "out of memory");
    for (size_t k = 0; k < n; k++)
        all[k] = k;
    tb_spec sp = {"district", "municipality", muni, NULL, NULL, 0, 1,
                  SV(c) ? "Problembild" : "Problems in",
                  SV(c) ? "Andel som ser problemet som ganska eller mycket stort, per stadsdel"
                        : "Share who see the problem as fairly or very big, by district"};
    columns(c, a, all, n, 1, &sp);
    return table_of(c, a, &sp, part, chart);
}

/* A section's table: the problem table for the problems (bands), the
 * section's indicators of one kind (all shares, or all of the others:
 * one scale a table) otherwise. */
int trygg_book_section_table(const trygg_book_ctx *c, trygg_book_arena *a,
                             const char *parent_level, const char *parent, size_t section,
                             size_t part, trygg_report_chart *chart)
{
    const size_t *ks;
    size_t n = trygg_book_section_indicators(c, a, section, &ks);
    size_t *shares = trygg_book_alloc(a, (n + 1) * sizeof *shares), ns = 0;
    if (!shares)
        return book_fail(a, "out of memory");
    for (size_t i = 0; i < n; i++)
        if (trygg_definition_indicator_is_share(c->def, ks[i]))
            shares[ns++] = ks[i];
    int problems = !strcmp(trygg_book_section_key(c->def, section), "problem");
    int region = !strcmp(parent_level, "region");
    tb_spec sp = {region ? "municipality" : "district", parent_level, parent, NULL, NULL, 0,
                  problems, problems ? (SV(c) ? "Problembild" : "Problems in")
                                     : trygg_book_section_title(c, section),
                  region ? (SV(c) ? "Per kommun" : "By municipality")
                         : (SV(c) ? "Per stadsdel" : "By district")};
    columns(c, a, shares, ns, problems, &sp);
    return table_of(c, a, &sp, part, chart);
}
