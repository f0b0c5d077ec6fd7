/* 6. Priorities: items in the caller's rank order, each with its rank,
 * a bar with CI, the value, a change mark and a text column (why it is a
 * candidate: rising, signal crime, many affected…). */
#include "report_internal.h"

#include <math.h>

static tr_bars_spec spec(const trygg_report_priorities *m)
{
    tr_bars_spec s = {0};
    s.bars = m->items;
    s.n = m->nitems;
    s.scale = &m->scale;
    s.sort = TRYGG_REPORT_SORT_NONE;
    s.ranks = 1;
    s.texts = 1;
    s.ref_est = s.ref_lo = s.ref_hi = NAN;
    s.axis_title = m->axis_title;
    s.text_title = m->text_title
                       ? m->text_title
                       : trygg_report_text(m->frame.lang,
                                           TRYGG_REPORT_TXT_RATIONALE);
    return s;
}

trygg_report_status tr_priorities_layout(cairo_t *cr,
                                         const trygg_report_priorities *m,
                                         trygg_report_layout *L)
{
    if (m->nitems && !m->items)
        return TRYGG_REPORT_ERR_ARGUMENT;
    const trygg_report_frame *f = &m->frame;
    tr_bars_spec s = spec(m);
    trygg_report_status st = tr_legend_ci(L, f, tr_bars_flags(m->items, m->nitems));
    tr_marks marks = {{{0}}};
    tr_bars_marks(m->items, m->nitems, &marks);
    if (st == TRYGG_REPORT_OK)
        st = tr_legend_marks(L, f, &marks, NULL, 1);
    if (st == TRYGG_REPORT_OK)
        st = tr_frame_layout(cr, f, L);
    if (st == TRYGG_REPORT_OK)
        st = tr_bars_layout(cr, f, &s, L->body, L);
    return st;
}

void tr_priorities_draw(cairo_t *cr, const trygg_report_priorities *m,
                        const trygg_report_layout *L)
{
    tr_bars_spec s = spec(m);
    tr_bars_draw(cr, &m->frame, &s, L);
}
