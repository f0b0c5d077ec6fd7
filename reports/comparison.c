/* 2. District comparison: one indicator for every district, sorted, with
 * the municipality as a vertical line (its CI as a band) and districts
 * significantly above or below it marked. */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>

static tr_bars_spec spec(const trygg_report_comparison *m)
{
    tr_bars_spec s = {0};
    s.bars = m->districts;
    s.n = m->ndistricts;
    s.scale = &m->scale;
    s.sort = m->sort;
    s.prev_year = m->previous_year;
    int ref = !(m->reference.flags & TRYGG_REPORT_SUPPRESSED);
    s.ref_est = ref ? m->reference.est : NAN;
    s.ref_lo = ref ? m->reference.lo : NAN;
    s.ref_hi = ref ? m->reference.hi : NAN;
    s.axis_title = m->axis_title;
    return s;
}

static trygg_report_status legend(const trygg_report_comparison *m,
                                  const tr_bars_spec *s,
                                  trygg_report_layout *L)
{
    const trygg_report_frame *f = &m->frame;
    const char *ref = m->reference_label ? m->reference_label : "";
    char buf[512], val[64];
    trygg_report_status st = TRYGG_REPORT_OK;
    if (isfinite(s->ref_est)) {
        trygg_report_format(val, sizeof val, s->ref_est, &m->scale, f->lang);
        snprintf(buf, sizeof buf, "%s%s%s", ref, *ref ? ": " : "", val);
        st = tr_legend_add(L, TRYGG_REPORT_SYM_REF, TR_VERMILLION, buf);
    }
    if (st == TRYGG_REPORT_OK)
        st = tr_legend_ci(L, f, tr_bars_flags(m->districts, m->ndistricts));
    tr_marks marks = {{{0}}};
    tr_bars_marks(m->districts, m->ndistricts, &marks);
    return st == TRYGG_REPORT_OK ? tr_legend_marks(L, f, &marks, ref, 1) : st;
}

trygg_report_status tr_comparison_layout(cairo_t *cr,
                                         const trygg_report_comparison *m,
                                         trygg_report_layout *L)
{
    if (m->ndistricts && !m->districts)
        return TRYGG_REPORT_ERR_ARGUMENT;
    tr_bars_spec s = spec(m);
    trygg_report_status st = legend(m, &s, L);
    if (st == TRYGG_REPORT_OK)
        st = tr_frame_layout(cr, &m->frame, L);
    if (st == TRYGG_REPORT_OK)
        st = tr_bars_layout(cr, &m->frame, &s, L->body, L);
    return st;
}

void tr_comparison_draw(cairo_t *cr, const trygg_report_comparison *m,
                        const trygg_report_layout *L)
{
    tr_bars_spec s = spec(m);
    tr_bars_draw(cr, &m->frame, &s, L);
}
