/* 3. Problem table layout: a name column, one column per problem item
 * with its wrapped name as header, one row per district and the
 * municipality's row last. Type shrinks until every cell value (with room
 * for a ▲/▼) fits its column. */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

const trygg_report_cell *tr_table_cell(const trygg_report_table *m,
                                        size_t row, size_t col)
{
    return row == TRYGG_REPORT_TOTAL ? &m->total[col]
                                     : &m->cells[row * m->ncols + col];
}

static size_t ncells(const trygg_report_table *m)
{
    return m->nrows * m->ncols + (m->total_label ? m->ncols : 0);
}

static const trygg_report_cell *cell_at(const trygg_report_table *m, size_t i)
{
    size_t n = m->nrows * m->ncols;
    return i < n ? &m->cells[i] : &m->total[i - n];
}

static int any_cell(const trygg_report_table *m, unsigned flag)
{
    for (size_t i = 0; i < ncells(m); i++)
        if (cell_at(m, i)->value.flags & flag)
            return 1;
    return 0;
}

static unsigned cell_flags(const trygg_report_table *m)
{
    unsigned f = 0;
    for (size_t i = 0; i < ncells(m); i++)
        f |= cell_at(m, i)->value.flags;
    return f;
}

/* Marks of cells that show a value (a hidden value's mark is not drawn). */
static void cell_marks(const trygg_report_table *m, tr_marks *s)
{
    for (size_t i = 0; i < ncells(m); i++) {
        const trygg_report_cell *c = cell_at(m, i);
        if (tr_drawable(&c->value))
            tr_marks_add(s, c->mark, c->tone);
    }
}

static trygg_report_status legend(const trygg_report_table *m,
                                  trygg_report_layout *L)
{
    const trygg_report_frame *f = &m->frame;
    trygg_report_status st = TRYGG_REPORT_OK;
    for (size_t i = 0; i < m->nbands && st == TRYGG_REPORT_OK; i++) {
        const trygg_report_band *b = &m->bands[i];
        if (b->label)
            st = tr_legend_add(L, TRYGG_REPORT_SYM_BAR,
                               (tr_rgb){b->r, b->g, b->b}, b->label);
    }
    if (st == TRYGG_REPORT_OK)
        st = tr_legend_unstable(L, f, cell_flags(m), 0);
    tr_marks marks = {{{0}}};
    cell_marks(m, &marks);
    /* the marks keep the cells' text colour; the words say the direction */
    if (st == TRYGG_REPORT_OK)
        st = tr_legend_marks(L, f, &marks, NULL, 0);
    if (st == TRYGG_REPORT_OK && any_cell(m, TRYGG_REPORT_EMPTY)) {
        char t[128];
        snprintf(t, sizeof t, "\xE2\x80\x93 %s",
                 trygg_report_text(f->lang, TRYGG_REPORT_TXT_NO_ANSWERS));
        st = tr_legend_add(L, TRYGG_REPORT_SYM_NONE, TR_TEXT, t);
    }
    /* Last, so that it can be dropped when the full text fits the cells. */
    if (st == TRYGG_REPORT_OK && any_cell(m, TRYGG_REPORT_SUPPRESSED))
        st = tr_legend_add(L, TRYGG_REPORT_SYM_DOTS, TR_TEXT,
                           trygg_report_text(f->lang,
                                             TRYGG_REPORT_TXT_TOO_FEW));
    return st;
}

/* Widest cell value at cr's current font. */
static double values_width(cairo_t *cr, const trygg_report_table *m)
{
    char buf[64];
    double w = 0;
    size_t nr = m->nrows + (m->total_label ? 1 : 0);
    for (size_t r = 0; r < nr; r++)
        for (size_t c = 0; c < m->ncols; c++) {
            const trygg_report_cell *x =
                tr_table_cell(m, r < m->nrows ? r : TRYGG_REPORT_TOTAL, c);
            if (!tr_drawable(&x->value))
                continue;
            trygg_report_format(buf, sizeof buf, x->value.est, &m->scale,
                                m->frame.lang);
            w = fmax(w, trygg_report_text_width(cr, buf));
        }
    return w;
}

static trygg_report_status headers(cairo_t *cr, const trygg_report_table *m,
                                   trygg_report_layout *L, double col_w,
                                   double *height)
{
    const trygg_report_frame *f = &m->frame;
    double hf = 0.85 * f->font_size;
    size_t most = 1;
    trygg_report_status st = tr_slots_alloc(&L->cols, m->ncols);
    L->ncols = st == TRYGG_REPORT_OK ? m->ncols : 0;
    for (size_t j = 0; j < L->ncols && st == TRYGG_REPORT_OK; j++) {
        L->cols[j].item = j;
        tr_font(cr, f, hf, 1);
        st = tr_wrap_hyphen(cr, m->cols[j], col_w - 0.4 * f->font_size, 4,
                            &L->cols[j].label);
        if (L->cols[j].label.nlines > most)
            most = L->cols[j].label.nlines;
    }
    *height = most * tr_lh(hf) + 0.6 * f->font_size;
    return st;
}

static trygg_report_status rows(cairo_t *cr, const trygg_report_table *m,
                                trygg_report_layout *L, double row_h)
{
    const trygg_report_frame *f = &m->frame;
    size_t nr = m->nrows + (m->total_label ? 1 : 0);
    size_t max = (size_t)fmax(1, fmin(2, floor(row_h / tr_lh(L->label_font))));
    trygg_report_status st = tr_slots_alloc(&L->rows, nr);
    L->nrows = st == TRYGG_REPORT_OK ? nr : 0;
    for (size_t i = 0; i < L->nrows && st == TRYGG_REPORT_OK; i++) {
        int total = i == m->nrows;
        trygg_report_slot *s = &L->rows[i];
        s->item = total ? TRYGG_REPORT_TOTAL : i;
        s->r = (trygg_report_rect){L->plot.x, L->plot.y + i * row_h,
                                   L->plot.w, row_h};
        st = tr_wrap_at(cr, f, L->label_font, total,
                        total ? m->total_label : m->rows[i],
                        L->label_col.w - f->font_size, max, &s->label);
    }
    return st;
}

/* The most lines (1 or 2) a row name needs at the base size. */
static size_t label_lines(cairo_t *cr, const trygg_report_table *m,
                          double width)
{
    size_t most = 1;
    for (size_t i = 0; i < m->nrows; i++) {
        trygg_report_lines l = {0};
        if (tr_wrap_at(cr, &m->frame, m->frame.font_size, 0, m->rows[i],
                       width, 2, &l) == TRYGG_REPORT_OK && l.nlines > most)
            most = l.nlines;
        trygg_report_lines_clear(&l);
    }
    return most;
}

/* The cell font: at most 0.85 × base, small enough for rows and values. */
static double cell_font(cairo_t *cr, const trygg_report_table *m, double col_w,
                        double row_h)
{
    const trygg_report_frame *f = &m->frame;
    double cf = fmin(0.85 * f->font_size, row_h / 1.3);
    tr_font(cr, f, cf, 0);
    double need = values_width(cr, m) + 2 * (0.9 * cf + 0.2 * f->font_size);
    return need > col_w ? cf * col_w / need : cf;
}

static trygg_report_status grid(cairo_t *cr, const trygg_report_table *m,
                                trygg_report_layout *L)
{
    const trygg_report_frame *f = &m->frame;
    double fs = f->font_size;
    trygg_report_rect b = L->body;
    const char *total = m->total_label ? m->total_label : "";
    double label_w = fmin(fmax(tr_max_width(cr, f, fs, m->rows, m->nrows),
                               tr_max_width(cr, f, fs, &total, 1) * 1.1),
                          0.2 * b.w) + fs;
    double col_w = fmin((b.w - label_w) / (m->ncols ? m->ncols : 1), 9 * fs);
    double head = 0;
    trygg_report_status st = headers(cr, m, L, col_w, &head);
    size_t nr = m->nrows + (m->total_label ? 1 : 0);
    double want = label_lines(cr, m, label_w - fs) > 1
                      ? 2 * tr_lh(fs) + 0.5 * fs
                      : 2.4 * fs;
    double row_h = nr ? fmin((b.h - head) / nr, fmax(2.4 * fs, want)) : 0;
    L->plot = (trygg_report_rect){b.x + label_w, b.y + head, m->ncols * col_w,
                                  nr * row_h};
    L->label_col = (trygg_report_rect){b.x, L->plot.y, label_w, L->plot.h};
    for (size_t j = 0; j < L->ncols; j++)
        L->cols[j].r = (trygg_report_rect){L->plot.x + j * col_w, b.y, col_w,
                                           head};
    L->label_font = fmin(fs, row_h / 1.3);
    L->small_font = cell_font(cr, m, col_w, row_h);
    if (st == TRYGG_REPORT_OK)
        st = rows(cr, m, L, row_h);
    if (st == TRYGG_REPORT_OK)
        st = tr_wrap_at(cr, f, 0.85 * fs, 1,
                        m->corner_label ? m->corner_label
                                        : trygg_report_text(
                                              f->lang, TRYGG_REPORT_TXT_AREA),
                        label_w - fs, 3, &L->header);
    /* Too many rows or columns for the page to stay legible. */
    if (st == TRYGG_REPORT_OK &&
        (row_h < 0.8 * fs || L->small_font < 0.55 * fs))
        st = TRYGG_REPORT_ERR_ARGUMENT;
    if (st == TRYGG_REPORT_OK && f->min_font > 0 &&
        (L->small_font < f->min_font || row_h < tr_lh(f->min_font)))
        st = TRYGG_REPORT_ERR_FIT;
    tr_frame_pull_up(L, L->plot.y + L->plot.h + fs);
    return st;
}

trygg_report_status tr_table_layout(cairo_t *cr, const trygg_report_table *m,
                                    trygg_report_layout *L)
{
    if ((m->nrows && !m->rows) || (m->ncols && !m->cols) ||
        (m->nrows && m->ncols && !m->cells) || (m->nbands && !m->bands) ||
        (m->total_label && m->ncols && !m->total))
        return TRYGG_REPORT_ERR_ARGUMENT;
    trygg_report_status st = legend(m, L);
    if (st == TRYGG_REPORT_OK)
        st = tr_frame_layout(cr, &m->frame, L);
    if (st == TRYGG_REPORT_OK)
        st = grid(cr, m, L);
    if (st != TRYGG_REPORT_OK || !any_cell(m, TRYGG_REPORT_SUPPRESSED))
        return st;
    double col_w = L->ncols ? L->cols[0].r.w : 0;
    double row_h = L->nrows ? L->rows[0].r.h : 0;
    st = tr_too_few_fit(cr, &m->frame, L->small_font,
                        col_w - 0.4 * m->frame.font_size,
                        fmin(row_h, 2 * tr_lh(L->small_font)), L);
    if (st == TRYGG_REPORT_OK && !L->too_few_dots && L->nlegend) {
        trygg_report_legend_entry *e = &L->legend[--L->nlegend];
        free(e->text);
    }
    return st;
}
