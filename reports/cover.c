/* The cover or headline page of a report: the frame's title and subtitle,
 * headline figures in boxes (three to a row, larger type), then
 * paragraphs of text wrapped to the page. */
#include "report_internal.h"

#include <math.h>

#define COVER_K 1.3 /* type scale of the cover's figure boxes */

trygg_report_status tr_cover_layout(cairo_t *cr, const trygg_report_cover *m,
                                    trygg_report_layout *L)
{
    const trygg_report_frame *f = &m->frame;
    double fs = f->font_size, used = 0;
    if ((m->nheadlines && !m->headlines) || m->nheadlines > 9 ||
        (m->nparagraphs && !m->paragraphs))
        return TRYGG_REPORT_ERR_ARGUMENT;
    tr_marks marks = {{{0}}};
    tr_headline_marks(m->headlines, m->nheadlines, &marks);
    trygg_report_status st = tr_legend_marks(L, f, &marks, NULL, 1);
    if (st == TRYGG_REPORT_OK)
        st = tr_frame_layout(cr, f, L);
    if (st == TRYGG_REPORT_OK)
        st = tr_boxes_layout(cr, f, m->headlines, m->nheadlines,
                             m->nheadlines <= 4 ? m->nheadlines : 3, COVER_K,
                             L->body, L, &used);
    if (st == TRYGG_REPORT_OK)
        st = tr_slots_alloc(&L->rows, m->nparagraphs);
    if (st != TRYGG_REPORT_OK)
        return st;
    L->nrows = m->nparagraphs;
    L->label_font = 1.1 * fs;
    double lh = tr_lh(L->label_font);
    double y = L->body.y + used + (used > 0 ? 2 * fs : 0);
    double bottom = L->body.y + L->body.h;
    for (size_t i = 0; i < L->nrows && st == TRYGG_REPORT_OK; i++) {
        trygg_report_slot *s = &L->rows[i];
        size_t room = (size_t)fmax(0, floor((bottom - y) / lh));
        s->item = i;
        if (room > 0)
            st = tr_wrap_at(cr, f, L->label_font, 0, m->paragraphs[i],
                            fmin(L->body.w, 60 * fs), room, &s->label);
        s->r = (trygg_report_rect){L->body.x, y, L->body.w,
                                   s->label.nlines * lh};
        y += s->r.h + (s->label.nlines ? 0.8 * fs : 0);
    }
    return st;
}

void tr_cover_draw(cairo_t *cr, const trygg_report_cover *m,
                   const trygg_report_layout *L)
{
    const trygg_report_frame *f = &m->frame;
    tr_boxes_draw(cr, f, m->headlines, COVER_K, L);
    tr_set(cr, TR_TEXT);
    tr_font(cr, f, L->label_font, 0);
    for (size_t i = 0; i < L->nrows; i++)
        tr_show_lines(cr, L->rows[i].r.x, L->rows[i].r.y,
                      tr_lh(L->label_font), &L->rows[i].label, 0);
}
