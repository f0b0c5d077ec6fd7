/* 5. Trend layout: years on a linear x axis (gaps between survey years
 * stay visible), the value axis at the left, and under the axis one row of
 * printed values per series, where "för få svar" replaces a suppressed
 * point. */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int any_flag(const trygg_report_value *v, size_t n, unsigned flag)
{
    for (size_t i = 0; v && i < n; i++)
        if (v[i].flags & flag)
            return 1;
    return 0;
}

static trygg_report_status legend(const trygg_report_trend *m,
                                  trygg_report_layout *L)
{
    const trygg_report_frame *f = &m->frame;
    char buf[128], lvl[32];
    trygg_report_format_level(lvl, sizeof lvl, f->ci_level, f->lang);
    snprintf(buf, sizeof buf, trygg_report_text(f->lang, TRYGG_REPORT_TXT_CI), lvl);
    trygg_report_status st = tr_legend_add(
        L, TRYGG_REPORT_SYM_LINE, TR_BLUE, m->area_label ? m->area_label : "");
    if (st == TRYGG_REPORT_OK)
        st = tr_legend_add(L, TRYGG_REPORT_SYM_BAR,
                           (tr_rgb){0.8, 0.89, 0.94}, buf);
    if (st == TRYGG_REPORT_OK && m->parent)
        st = tr_legend_add(L, TRYGG_REPORT_SYM_DASHED, TR_ORANGE,
                           m->parent_label ? m->parent_label : "");
    unsigned flags = 0;
    for (size_t i = 0; i < m->nyears; i++)
        flags |= tr_drawable(&m->area[i]) ? m->area[i].flags : 0;
    if (st == TRYGG_REPORT_OK)
        st = tr_legend_unstable(L, f, flags, 1);
    /* Last, so that it can be dropped when the full text fits. */
    if (st == TRYGG_REPORT_OK &&
        (any_flag(m->area, m->nyears, TRYGG_REPORT_SUPPRESSED) ||
         any_flag(m->parent, m->nyears, TRYGG_REPORT_SUPPRESSED)))
        st = tr_legend_add(L, TRYGG_REPORT_SYM_DOTS, TR_TEXT,
                           trygg_report_text(f->lang,
                                             TRYGG_REPORT_TXT_TOO_FEW));
    return st;
}

/* Device distance between the two closest years. */
static double spacing(const trygg_report_trend *m, const trygg_report_layout *L)
{
    double d = L->plot.w;
    for (size_t i = 1; i < m->nyears; i++)
        d = fmin(d, trygg_report_axis_map(&L->xaxis, m->years[i]) -
                        trygg_report_axis_map(&L->xaxis, m->years[i - 1]));
    return d;
}

static double widest_value(cairo_t *cr, const trygg_report_trend *m)
{
    char buf[64];
    double w = 0;
    for (size_t i = 0; i < 2 * m->nyears; i++) {
        const trygg_report_value *v =
            i < m->nyears ? &m->area[i] : m->parent ? &m->parent[i - m->nyears]
                                                    : NULL;
        if (!v || !tr_drawable(v))
            continue;
        trygg_report_format(buf, sizeof buf, v->est, &m->scale, m->frame.lang);
        w = fmax(w, trygg_report_text_width(cr, buf));
    }
    return w;
}

/* Year labels (every k-th when crowded) and the value rows' font. */
static trygg_report_status years(cairo_t *cr, const trygg_report_trend *m,
                                 trygg_report_layout *L)
{
    const trygg_report_frame *f = &m->frame;
    double gap = spacing(m, L), fs = f->font_size;
    tr_font(cr, f, L->small_font, 0);
    double yw = trygg_report_text_width(cr, "0000") + 0.6 * fs;
    size_t k = (size_t)ceil(yw / fmax(gap, 1));
    trygg_report_status st = tr_slots_alloc(&L->cols, m->nyears);
    L->ncols = st == TRYGG_REPORT_OK ? m->nyears : 0;
    for (size_t i = 0; i < L->ncols && st == TRYGG_REPORT_OK; i++) {
        char buf[32];
        double x = trygg_report_axis_map(&L->xaxis, m->years[i]);
        L->cols[i].item = i;
        L->cols[i].r = (trygg_report_rect){x - gap / 2, L->plot.y, gap,
                                           L->plot.h};
        snprintf(buf, sizeof buf, "%d", m->years[i]);
        st = tr_lines_push(&L->cols[i].label,
                           tr_utf8_clean(i % k == 0 ? buf : ""));
    }
    double w = widest_value(cr, m);
    double vf = w > gap - 2 ? L->small_font * (gap - 2) / w : L->small_font;
    L->value_font = vf >= 0.6 * fs ? vf : 0;
    return st;
}

static trygg_report_status check(const trygg_report_trend *m)
{
    if (!m->nyears || !m->years || !m->area)
        return TRYGG_REPORT_ERR_ARGUMENT;
    for (size_t i = 1; i < m->nyears; i++)
        if (m->years[i] <= m->years[i - 1])
            return TRYGG_REPORT_ERR_ARGUMENT;
    return TRYGG_REPORT_OK;
}

static trygg_report_status axes(cairo_t *cr, const trygg_report_trend *m,
                                trygg_report_layout *L)
{
    const trygg_report_frame *f = &m->frame;
    double fs = f->font_size;
    tr_range r;
    tr_range_init(&r);
    for (size_t i = 0; i < m->nyears; i++) {
        tr_range_value(&r, &m->area[i]);
        if (m->parent && tr_drawable(&m->parent[i]))
            tr_range_add(&r, m->parent[i].est);
    }
    trygg_report_status st = tr_axis_for(&r, &m->scale, 5, &L->axis);
    if (st == TRYGG_REPORT_OK)
        st = tr_wrap_at(cr, f, fs, 0, m->axis_title, 0.55 * L->body.h, 2,
                        &L->axis_title);
    if (st == TRYGG_REPORT_OK)
        st = tr_wrap_at(cr, f, fs, 0,
                        trygg_report_text(f->lang, TRYGG_REPORT_TXT_YEAR),
                        L->body.w, 1, &L->header);
    L->small_font = 0.85 * fs;
    tr_font(cr, f, L->small_font, 0);
    double ticks = fmax(tr_ticks_width(cr, &L->axis, &m->scale, f->lang),
                        2.4 * fs);
    double left = L->axis_title.nlines * tr_lh(fs) + 0.8 * fs + ticks;
    L->plot = (trygg_report_rect){L->body.x + left, L->body.y + 0.6 * fs,
                                  L->body.w - left - fs, 0};
    L->xaxis.lo = m->years[0] - 0.5;
    L->xaxis.hi = m->years[m->nyears - 1] + 0.5;
    L->xaxis.dev_lo = L->plot.x;
    L->xaxis.dev_hi = L->plot.x + L->plot.w;
    return st;
}

trygg_report_status tr_trend_layout(cairo_t *cr, const trygg_report_trend *m,
                                    trygg_report_layout *L)
{
    const trygg_report_frame *f = &m->frame;
    double fs = f->font_size;
    trygg_report_status st = check(m);
    if (st == TRYGG_REPORT_OK)
        st = legend(m, L);
    if (st == TRYGG_REPORT_OK)
        st = tr_frame_layout(cr, f, L);
    if (st == TRYGG_REPORT_OK)
        st = axes(cr, m, L);
    if (st == TRYGG_REPORT_OK)
        st = years(cr, m, L);
    int dots_entry = L->nlegend &&
                     L->legend[L->nlegend - 1].symbol == TRYGG_REPORT_SYM_DOTS;
    if (st == TRYGG_REPORT_OK && dots_entry)
        st = tr_too_few_fit(cr, f, L->value_font > 0 ? L->value_font : 0.6 * fs,
                            L->ncols ? L->cols[0].r.w - 2 : 0, 2 * tr_lh(fs), L);
    if (st != TRYGG_REPORT_OK)
        return st;
    if (dots_entry && !L->too_few_dots)
        free(L->legend[--L->nlegend].text);
    double vf = L->value_font > 0 ? L->value_font : 0.6 * fs;
    size_t lines = L->too_few.nlines > 1 ? L->too_few.nlines : 1;
    double row = lines * tr_lh(vf), nrow = m->parent ? 2 : 1;
    double below = 0.3 * fs + tr_lh(L->small_font) + 0.3 * fs +
                   (L->value_font > 0 || dots_entry ? nrow * row + 0.3 * fs
                                                    : 0) +
                   tr_lh(fs);
    L->plot.h = L->body.h - 0.6 * fs - below;
    if (L->plot.h < 6 * fs)
        return TRYGG_REPORT_ERR_ARGUMENT;
    for (size_t i = 0; i < L->ncols; i++)
        L->cols[i].r.h = L->plot.h;
    L->axis.dev_lo = L->plot.y + L->plot.h;
    L->axis.dev_hi = L->plot.y;
    return st;
}
