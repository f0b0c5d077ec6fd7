/* 3. Problem table drawing: cells filled with their band's colour, the
 * value (or "för få svar" / ".."), a light hatch when unstable, ▲/▼ for a
 * significant change; the municipality row set off by a rule. */
#include "report_internal.h"

#include <math.h>

static tr_rgb band_colour(const trygg_report_table *m, double v)
{
    if (!m->nbands)
        return TR_WHITE;
    for (size_t i = 0; i < m->nbands; i++)
        if (v < m->bands[i].upper)
            return (tr_rgb){m->bands[i].r, m->bands[i].g, m->bands[i].b};
    const trygg_report_band *b = &m->bands[m->nbands - 1];
    return (tr_rgb){b->r, b->g, b->b};
}

/* Black or white text, whichever reads better on c. */
static tr_rgb ink(tr_rgb c)
{
    double y = 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
    return y > 0.45 ? TR_TEXT : TR_WHITE;
}

static void cell_hatch(cairo_t *cr, trygg_report_rect r, int hatch)
{
    cairo_set_source_rgba(cr, 0, 0, 0, 0.35);
    tr_hatch(cr, r, hatch, 0.8, 5);
}

static void cell_text(cairo_t *cr, const trygg_report_table *m,
                      const trygg_report_layout *L,
                      const trygg_report_cell *c, trygg_report_rect r,
                      tr_rgb fg)
{
    const trygg_report_frame *f = &m->frame;
    double cf = L->small_font, lh = tr_lh(cf);
    char buf[64];
    tr_set(cr, fg);
    tr_font(cr, f, cf, 0);
    if (tr_drawable(&c->value)) {
        trygg_report_format(buf, sizeof buf, c->value.est, &m->scale, f->lang);
        if (tr_hatch_of(c->value.flags)) { /* keep it legible */
            double w = trygg_report_text_width(cr, buf) + 0.3 * cf;
            trygg_report_rect h = {r.x + (r.w - w) / 2, r.y + (r.h - lh) / 2, w,
                                   lh};
            tr_fill_rect(cr, h, band_colour(m, c->value.est));
            tr_set(cr, fg);
        }
        tr_show(cr, r.x + r.w / 2, r.y + (r.h - lh) / 2, buf, 0.5);
    } else if (!(c->value.flags & TRYGG_REPORT_SUPPRESSED)) {
        tr_show(cr, r.x + r.w / 2, r.y + (r.h - lh) / 2, "\xE2\x80\x93", 0.5);
    } else if (L->too_few_dots) {
        tr_show(cr, r.x + r.w / 2, r.y + (r.h - lh) / 2, "..", 0.5);
    } else {
        tr_show_lines(cr, r.x + r.w / 2,
                      r.y + (r.h - L->too_few.nlines * lh) / 2, lh,
                      &L->too_few, 0.5);
    }
}

static void cell(cairo_t *cr, const trygg_report_table *m,
                 const trygg_report_layout *L, const trygg_report_cell *c,
                 trygg_report_rect r)
{
    int shown = tr_drawable(&c->value);
    tr_rgb bg = shown ? band_colour(m, c->value.est) : TR_PANEL;
    tr_fill_rect(cr, r, bg);
    if (shown && tr_hatch_of(c->value.flags))
        cell_hatch(cr, r, tr_hatch_of(c->value.flags));
    cell_text(cr, m, L, c, r, shown ? ink(bg) : TR_GREY);
    double ms = 0.9 * L->small_font;
    if (shown) /* a change of a suppressed value is not shown either */
        tr_mark(cr, c->mark, ink(bg), r.x + r.w - ms / 2 - 0.2 * m->frame.font_size,
                r.y + r.h / 2, ms);
}

static void headers(cairo_t *cr, const trygg_report_table *m,
                    const trygg_report_layout *L)
{
    const trygg_report_frame *f = &m->frame;
    double hf = 0.85 * f->font_size, lh = tr_lh(hf);
    double bottom = L->plot.y - 0.3 * f->font_size;
    tr_set(cr, TR_TEXT);
    tr_font(cr, f, hf, 1);
    for (size_t j = 0; j < L->ncols; j++) {
        const trygg_report_slot *s = &L->cols[j];
        tr_show_lines(cr, s->r.x + s->r.w / 2, bottom - s->label.nlines * lh,
                      lh, &s->label, 0.5);
    }
    tr_show_lines(cr, L->label_col.x, bottom - L->header.nlines * lh, lh,
                  &L->header, 0);
}

static void grid_lines(cairo_t *cr, const trygg_report_table *m,
                       const trygg_report_layout *L)
{
    tr_set(cr, TR_WHITE);
    cairo_set_line_width(cr, 1.5);
    for (size_t j = 1; j < L->ncols; j++) {
        cairo_move_to(cr, L->cols[j].r.x, L->plot.y);
        cairo_line_to(cr, L->cols[j].r.x, L->plot.y + L->plot.h);
    }
    for (size_t i = 1; i < L->nrows; i++) {
        cairo_move_to(cr, L->plot.x, L->rows[i].r.y);
        cairo_line_to(cr, L->plot.x + L->plot.w, L->rows[i].r.y);
    }
    cairo_stroke(cr);
    tr_set(cr, TR_TEXT);
    cairo_set_line_width(cr, 1.2);
    cairo_move_to(cr, L->label_col.x, L->plot.y);
    cairo_line_to(cr, L->plot.x + L->plot.w, L->plot.y);
    if (m->total_label && L->nrows) {
        double y = L->rows[L->nrows - 1].r.y;
        cairo_move_to(cr, L->label_col.x, y);
        cairo_line_to(cr, L->plot.x + L->plot.w, y);
    }
    cairo_stroke(cr);
}

void tr_table_draw(cairo_t *cr, const trygg_report_table *m,
                   const trygg_report_layout *L)
{
    const trygg_report_frame *f = &m->frame;
    headers(cr, m, L);
    for (size_t i = 0; i < L->nrows; i++) {
        const trygg_report_slot *s = &L->rows[i];
        double lh = tr_lh(L->label_font);
        tr_set(cr, TR_TEXT);
        tr_font(cr, f, L->label_font, s->item == TRYGG_REPORT_TOTAL);
        tr_show_lines(cr, L->label_col.x,
                      s->r.y + (s->r.h - s->label.nlines * lh) / 2, lh,
                      &s->label, 0);
        for (size_t j = 0; j < L->ncols; j++) {
            trygg_report_rect r = {L->cols[j].r.x, s->r.y, L->cols[j].r.w,
                                   s->r.h};
            cell(cr, m, L, tr_table_cell(m, s->item, j), r);
        }
    }
    grid_lines(cr, m, L);
}
