/* 8. A text page: headings, paragraphs and tables of text, from the top
 * of the body down. The type shrinks in steps until the blocks fit, never
 * below the frame's min_font (nor 0.7 × its font size): what does not fit
 * then is TRYGG_REPORT_ERR_FIT, for the caller to split across pages. */
#include "report_internal.h"

#include <math.h>
#include <stdlib.h>

/* A table cell's slot: its block, row (0 = the header) and column. */
#define CELL(b, r, c) ((c) + 256 * ((r) + 65536 * (size_t)(b)))
#define CELL_COL(i) ((i) % 256)
#define CELL_ROW(i) (((i) / 256) % 65536)
#define CELL_BLOCK(i) ((i) / (256 * 65536))

static double heading_size(double s) { return 1.2 * s; }
static double table_size(double s) { return 0.9 * s; }

static size_t ncells(const trygg_report_doc *m)
{
    size_t n = 0;
    for (size_t b = 0; b < m->nblocks; b++)
        if (m->blocks[b].kind == TRYGG_REPORT_BLOCK_TABLE)
            n += (m->blocks[b].nrows + 1) * m->blocks[b].ncols;
    return n;
}

static const char *cell_text(const trygg_report_block *b, size_t row, size_t col)
{
    const char *t = row == 0 ? (b->header ? b->header[col] : "")
                             : b->cells[(row - 1) * b->ncols + col];
    return t ? t : "";
}

static int bold_row(const trygg_report_block *b, size_t row)
{
    return row == 0 || (b->bold && b->bold[row - 1]);
}

/* Column widths: the numbers' columns as wide as their widest text (at
 * most a quarter of the page each), the first column the rest. */
/* A table of words: each column its share of the page by its widest
 * text, none under an eighth. */
static void word_widths(cairo_t *cr, const trygg_report_frame *f,
                        const trygg_report_block *b, double size, double w, double *cw)
{
    double total = 0;
    for (size_t c = 0; c < b->ncols; c++) {
        cw[c] = 0;
        for (size_t r = 0; r <= b->nrows; r++) {
            tr_font(cr, f, size, bold_row(b, r));
            cw[c] = fmax(cw[c], fmin(trygg_report_text_width(cr, cell_text(b, r, c)), 0.6 * w));
        }
        cw[c] = fmax(cw[c] + 0.8 * size, w / 8);
        total += cw[c];
    }
    for (size_t c = 0; c < b->ncols; c++)
        cw[c] *= w / total;
}

static void widths(cairo_t *cr, const trygg_report_frame *f, const trygg_report_block *b,
                   double size, double w, double *cw)
{
    if (b->words) {
        word_widths(cr, f, b, size, w, cw);
        return;
    }
    double rest = w, pad = 0.8 * size;
    for (size_t c = 1; c < b->ncols; c++) {
        cw[c] = 0;
        for (size_t r = 1; r <= b->nrows; r++) {
            tr_font(cr, f, size, bold_row(b, r));
            cw[c] = fmax(cw[c], trygg_report_text_width(cr, cell_text(b, r, c)));
        }
        tr_font(cr, f, size, 1);
        double head = trygg_report_text_width(cr, cell_text(b, 0, c));
        cw[c] = fmin(fmax(cw[c], fmin(head, 9 * size)) + pad, 0.25 * w);
        rest -= cw[c];
    }
    cw[0] = rest;
}

/* Lays one table out from y; returns its height, or -1 when its first
 * column would be squeezed under a fifth of the page. */
static double table(cairo_t *cr, const trygg_report_doc *m, size_t bi, double size,
                    double y, size_t *slot, trygg_report_layout *L,
                    trygg_report_status *st)
{
    const trygg_report_block *b = &m->blocks[bi];
    const trygg_report_frame *f = &m->frame;
    double cw[256] = {0}, lh = tr_lh(tr_size(f, size)), top = y;
    widths(cr, f, b, size, L->body.w, cw);
    if (cw[0] < (b->words ? 0.1 : 0.2) * L->body.w)
        return -1;
    for (size_t r = 0; r <= b->nrows && *st == TRYGG_REPORT_OK; r++) {
        double x = L->body.x, h = lh;
        size_t first = *slot;
        for (size_t c = 0; c < b->ncols && *st == TRYGG_REPORT_OK; c++) {
            trygg_report_slot *s = &L->cols[(*slot)++];
            s->item = CELL(bi, r, c);
            *st = tr_wrap_at(cr, f, size, bold_row(b, r), cell_text(b, r, c),
                             cw[c] - 0.6 * size, r == 0 ? 3 : 4, &s->label);
            s->r = (trygg_report_rect){x, y, cw[c], 0};
            h = fmax(h, s->label.nlines * lh);
            x += cw[c];
        }
        for (size_t i = first; i < *slot; i++)
            L->cols[i].r.h = h + 0.3 * size;
        y += h + 0.3 * size;
    }
    return y - top;
}

/* Every block at base size `size`; the height they take, or -1. */
static double flow(cairo_t *cr, const trygg_report_doc *m, double size,
                   trygg_report_layout *L, trygg_report_status *st)
{
    const trygg_report_frame *f = &m->frame;
    double y = L->body.y;
    size_t slot = 0;
    for (size_t i = 0; i < m->nblocks && *st == TRYGG_REPORT_OK; i++) {
        const trygg_report_block *b = &m->blocks[i];
        trygg_report_slot *s = &L->rows[i];
        s->item = i;
        trygg_report_lines_clear(&s->label);
        double gap = i ? (b->kind == TRYGG_REPORT_BLOCK_HEADING ? 1.0 : 0.6) * size : 0;
        y += gap;
        double h = 0;
        if (b->kind == TRYGG_REPORT_BLOCK_TABLE) {
            h = table(cr, m, i, table_size(size), y, &slot, L, st);
            if (h < 0)
                return -1;
        } else {
            double sz = b->kind == TRYGG_REPORT_BLOCK_HEADING ? heading_size(size) : size;
            *st = tr_wrap_at(cr, f, sz, b->kind == TRYGG_REPORT_BLOCK_HEADING,
                             b->text ? b->text : "", fmin(L->body.w, 75 * size), 0,
                             &s->label);
            h = s->label.nlines * tr_lh(tr_size(f, sz));
        }
        s->r = (trygg_report_rect){L->body.x, y, L->body.w, h};
        y += h;
    }
    return y - L->body.y;
}

static trygg_report_status check(const trygg_report_doc *m)
{
    if (m->nblocks && !m->blocks)
        return TRYGG_REPORT_ERR_ARGUMENT;
    for (size_t i = 0; i < m->nblocks; i++) {
        const trygg_report_block *b = &m->blocks[i];
        if (b->kind == TRYGG_REPORT_BLOCK_TABLE &&
            (!b->ncols || b->ncols > 255 || b->nrows > 65000 || (b->nrows && !b->cells)))
            return TRYGG_REPORT_ERR_ARGUMENT;
    }
    return TRYGG_REPORT_OK;
}

trygg_report_status tr_doc_layout(cairo_t *cr, const trygg_report_doc *m,
                                  trygg_report_layout *L)
{
    const trygg_report_frame *f = &m->frame;
    trygg_report_status st = check(m);
    if (st == TRYGG_REPORT_OK)
        st = tr_frame_layout(cr, f, L);
    if (st == TRYGG_REPORT_OK)
        st = tr_slots_alloc(&L->rows, m->nblocks);
    L->nrows = st == TRYGG_REPORT_OK ? m->nblocks : 0;
    size_t nc = ncells(m);
    if (st == TRYGG_REPORT_OK)
        st = tr_slots_alloc(&L->cols, nc);
    L->ncols = st == TRYGG_REPORT_OK ? nc : 0;
    double fs = f->font_size, smallest = fmax(0.7 * fs, f->min_font);
    for (double size = fs; st == TRYGG_REPORT_OK; size -= 0.05 * fs) {
        if (size < smallest - 1e-9)
            return TRYGG_REPORT_ERR_FIT;
        for (size_t i = 0; i < L->ncols; i++)
            trygg_report_lines_clear(&L->cols[i].label);
        double h = flow(cr, m, size, L, &st);
        L->label_font = size;
        if (st == TRYGG_REPORT_OK && h >= 0 && h <= L->body.h)
            break;
    }
    return st;
}

static void draw_cells(cairo_t *cr, const trygg_report_doc *m, const trygg_report_layout *L,
                       size_t bi)
{
    const trygg_report_frame *f = &m->frame;
    const trygg_report_block *b = &m->blocks[bi];
    double size = table_size(L->label_font), lh = tr_lh(tr_size(f, size));
    long row = -1;
    cairo_tag_begin(cr, "Table", NULL);
    for (size_t i = 0; i < L->ncols; i++) {
        const trygg_report_slot *s = &L->cols[i];
        if (CELL_BLOCK(s->item) != bi)
            continue;
        size_t r = CELL_ROW(s->item), c = CELL_COL(s->item);
        if ((long)r != row) {
            if (row >= 0)
                cairo_tag_end(cr, "TR");
            cairo_tag_begin(cr, "TR", NULL);
            row = (long)r;
            if (r == 1 || (r > 1 && b->bold && b->bold[r - 1])) {  /* a rule above */
                tr_set(cr, TR_GRID);
                cairo_set_line_width(cr, r == 1 ? 1 : 0.5);
                cairo_move_to(cr, L->body.x, s->r.y - 0.15 * size);
                cairo_line_to(cr, L->body.x + L->body.w, s->r.y - 0.15 * size);
                cairo_stroke(cr);
            }
        }
        cairo_tag_begin(cr, r == 0 ? "TH" : "TD", NULL);
        tr_set(cr, r == 0 ? TR_GREY : TR_TEXT);
        tr_font(cr, f, size, bold_row(b, r));
        if (c == 0 || b->words)
            tr_show_lines(cr, s->r.x, s->r.y, lh, &s->label, 0);
        else
            tr_show_lines(cr, s->r.x + s->r.w - 0.4 * size, s->r.y, lh, &s->label, 1);
        cairo_tag_end(cr, r == 0 ? "TH" : "TD");
    }
    if (row >= 0)
        cairo_tag_end(cr, "TR");
    cairo_tag_end(cr, "Table");
}

void tr_doc_draw(cairo_t *cr, const trygg_report_doc *m, const trygg_report_layout *L)
{
    const trygg_report_frame *f = &m->frame;
    for (size_t i = 0; i < L->nrows; i++) {
        const trygg_report_block *b = &m->blocks[i];
        if (b->kind == TRYGG_REPORT_BLOCK_TABLE) {
            draw_cells(cr, m, L, i);
            continue;
        }
        int head = b->kind == TRYGG_REPORT_BLOCK_HEADING;
        double size = head ? heading_size(L->label_font) : L->label_font;
        cairo_tag_begin(cr, head ? "H2" : "P", NULL);
        tr_set(cr, TR_TEXT);
        tr_font(cr, f, size, head);
        tr_show_lines(cr, L->rows[i].r.x, L->rows[i].r.y, tr_lh(tr_size(f, size)),
                      &L->rows[i].label, 0);
        cairo_tag_end(cr, head ? "H2" : "P");
    }
}
