/* 1. Lägesbild: headline figures in a band, then the problem items as
 * sorted bars with CIs, the parent area's marker and change marks. */
#include "report_internal.h"

#include <math.h>

static tr_bars_spec spec(const trygg_report_lagesbild *m)
{
    tr_bars_spec s = {0};
    s.bars = m->items;
    s.n = m->nitems;
    s.scale = &m->scale;
    s.sort = m->sort;
    s.prev_year = m->previous_year;
    s.ref_est = s.ref_lo = s.ref_hi = NAN;
    s.axis_title = m->axis_title
                       ? m->axis_title
                       : trygg_report_text(m->frame.lang,
                                           TRYGG_REPORT_TXT_PROBLEM_AXIS);
    return s;
}

static int any_parent(const trygg_report_lagesbild *m)
{
    for (size_t i = 0; i < m->nitems; i++)
        if (isfinite(m->items[i].parent))
            return 1;
    return 0;
}

static trygg_report_status legend(const trygg_report_lagesbild *m,
                                  trygg_report_layout *L)
{
    const trygg_report_frame *f = &m->frame;
    tr_marks marks = {{{0}}};
    tr_bars_marks(m->items, m->nitems, &marks);
    tr_headline_marks(m->headlines, m->nheadlines, &marks);
    /* the boxes say "osäker" in words; the legend explains the hatching */
    trygg_report_status st = tr_legend_ci(L, f, tr_bars_flags(m->items, m->nitems));
    if (st == TRYGG_REPORT_OK && m->parent_label && any_parent(m))
        st = tr_legend_add(L, TRYGG_REPORT_SYM_PARENT, TR_ORANGE,
                           m->parent_label);
    if (st == TRYGG_REPORT_OK)
        st = tr_legend_marks(L, f, &marks, NULL, 1);
    return st;
}

trygg_report_status tr_lagesbild_layout(cairo_t *cr,
                                        const trygg_report_lagesbild *m,
                                        trygg_report_layout *L)
{
    if ((m->nitems && !m->items) || (m->nheadlines && !m->headlines) ||
        m->nheadlines > 6)
        return TRYGG_REPORT_ERR_ARGUMENT;
    trygg_report_status st = legend(m, L);
    if (st == TRYGG_REPORT_OK)
        st = tr_frame_layout(cr, &m->frame, L);
    if (st != TRYGG_REPORT_OK)
        return st;
    trygg_report_rect area = L->body;
    double used = 0;
    st = tr_boxes_layout(cr, &m->frame, m->headlines, m->nheadlines,
                         m->nheadlines, 1, area, L, &used);
    if (used > 0) {
        area.y += used + 1.5 * m->frame.font_size;
        area.h -= used + 1.5 * m->frame.font_size;
    }
    tr_bars_spec s = spec(m);
    return st == TRYGG_REPORT_OK ? tr_bars_layout(cr, &m->frame, &s, area, L)
                                 : st;
}

void tr_lagesbild_draw(cairo_t *cr, const trygg_report_lagesbild *m,
                       const trygg_report_layout *L)
{
    tr_bars_spec s = spec(m);
    tr_boxes_draw(cr, &m->frame, m->headlines, 1, L);
    tr_bars_draw(cr, &m->frame, &s, L);
}
