/* 4. Groups: an indicator by group (x axis, e.g. age) and series (bars
 * within a group, e.g. sex) with CIs; each bar's value printed under the
 * axis when it fits, "för få svar" written up the bar's slot instead of a
 * suppressed bar. */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>

static const trygg_report_value *val(const trygg_report_groups *m, size_t s,
                                     size_t g)
{
    return &m->values[s * m->ngroups + g];
}

static int any_flag(const trygg_report_groups *m, unsigned flag)
{
    for (size_t i = 0; i < m->nseries * m->ngroups; i++)
        if (m->values[i].flags & flag)
            return 1;
    return 0;
}

/* The flags of the values shown, or'ed. */
static unsigned all_flags(const trygg_report_groups *m)
{
    unsigned f = 0;
    for (size_t i = 0; i < m->nseries * m->ngroups; i++)
        f |= tr_drawable(&m->values[i]) ? m->values[i].flags : 0;
    return f;
}

static double too_few_size(const trygg_report_frame *f, double bar_w)
{
    return fmin(f->font_size, 0.8 * bar_w / 1.25);
}

static trygg_report_status legend(const trygg_report_groups *m,
                                  trygg_report_layout *L)
{
    trygg_report_status st = TRYGG_REPORT_OK;
    for (size_t s = 0; s < m->nseries && st == TRYGG_REPORT_OK; s++)
        st = tr_legend_add(L, TRYGG_REPORT_SYM_BAR, tr_series_colour(s),
                           m->series[s]);
    if (st == TRYGG_REPORT_OK)
        st = tr_legend_ci(L, &m->frame, all_flags(m));
    return st;
}

/* The value font: the base small size when every value fits its bar. */
static double value_font(cairo_t *cr, const trygg_report_groups *m,
                         double bar_w)
{
    char buf[64];
    double size = 0.85 * m->frame.font_size, w = 0;
    tr_font(cr, &m->frame, size, 0);
    for (size_t i = 0; i < m->nseries * m->ngroups; i++) {
        if (!tr_drawable(&m->values[i]))
            continue;
        trygg_report_format(buf, sizeof buf, m->values[i].est, &m->scale,
                            m->frame.lang);
        w = fmax(w, trygg_report_text_width(cr, buf));
    }
    if (w <= bar_w - 2)
        return size;
    size *= (bar_w - 2) / w;
    if (m->frame.min_font > 0 && size < m->frame.min_font)
        return 0;   /* too narrow for legible values: the axis gives them */
    return size >= 0.6 * m->frame.font_size ? size : 0;
}

static trygg_report_status columns(cairo_t *cr, const trygg_report_groups *m,
                                   trygg_report_layout *L, double *height)
{
    const trygg_report_frame *f = &m->frame;
    double slot = L->plot.w / m->ngroups;
    size_t most = 1;
    trygg_report_status st = tr_slots_alloc(&L->cols, m->ngroups);
    L->ncols = st == TRYGG_REPORT_OK ? m->ngroups : 0;
    for (size_t g = 0; g < L->ncols && st == TRYGG_REPORT_OK; g++) {
        L->cols[g].item = g;
        st = tr_wrap_at(cr, f, f->font_size, 0, m->groups[g],
                        slot - 0.4 * f->font_size, 2, &L->cols[g].label);
        if (L->cols[g].label.nlines > most)
            most = L->cols[g].label.nlines;
    }
    *height = most * tr_lh(f->font_size);
    L->bar_w = 0.8 * slot / m->nseries;
    L->value_font = value_font(cr, m, L->bar_w);
    return st;
}

trygg_report_status tr_groups_layout(cairo_t *cr, const trygg_report_groups *m,
                                     trygg_report_layout *L)
{
    const trygg_report_frame *f = &m->frame;
    double fs = f->font_size;
    if (!m->ngroups || !m->groups || !m->nseries || m->nseries > 6 ||
        !m->series || !m->values)
        return TRYGG_REPORT_ERR_ARGUMENT;
    trygg_report_status st = legend(m, L);
    if (st == TRYGG_REPORT_OK)
        st = tr_frame_layout(cr, f, L);
    tr_range r;
    tr_range_init(&r);
    for (size_t i = 0; i < m->nseries * m->ngroups; i++)
        tr_range_value(&r, &m->values[i]);
    if (st == TRYGG_REPORT_OK)
        st = tr_axis_for(&r, &m->scale, 5, &L->axis);
    if (st == TRYGG_REPORT_OK)
        st = tr_wrap_at(cr, f, fs, 0, m->axis_title, 0.55 * L->body.h, 2,
                        &L->axis_title);
    if (st == TRYGG_REPORT_OK)
        st = tr_wrap_at(cr, f, fs, 0,
                        m->group_title ? m->group_title
                                       : trygg_report_text(
                                             f->lang, TRYGG_REPORT_TXT_AGE),
                        L->body.w, 1, &L->header);
    if (st != TRYGG_REPORT_OK)
        return st;
    L->small_font = 0.85 * fs;
    tr_font(cr, f, L->small_font, 0);
    double left = L->axis_title.nlines * tr_lh(fs) + 0.4 * fs +
                  tr_ticks_width(cr, &L->axis, &m->scale, f->lang) + 0.4 * fs;
    L->plot = (trygg_report_rect){L->body.x + left, L->body.y + 0.6 * fs,
                                  L->body.w - left, 0};
    double labels = 0;
    st = columns(cr, m, L, &labels);
    double below = 0.3 * fs + (L->value_font > 0 ? tr_lh(L->value_font) : 0) +
                   0.3 * fs + labels + 0.3 * fs + tr_lh(fs);
    L->plot.h = L->body.h - 0.6 * fs - below;
    if (st == TRYGG_REPORT_OK && L->plot.h < (L->compact ? 5 : 9) * fs)
        st = f->min_font > 0 ? TRYGG_REPORT_ERR_FIT : TRYGG_REPORT_ERR_ARGUMENT;
    L->axis.dev_lo = L->plot.y + L->plot.h;
    L->axis.dev_hi = L->plot.y;
    for (size_t g = 0; g < L->ncols; g++)
        L->cols[g].r = (trygg_report_rect){
            L->plot.x + g * L->plot.w / m->ngroups, L->plot.y,
            L->plot.w / m->ngroups, L->plot.h};
    if (st == TRYGG_REPORT_OK && any_flag(m, TRYGG_REPORT_SUPPRESSED))
        st = tr_too_few_fit(cr, f, too_few_size(f, L->bar_w),
                            0.9 * L->plot.h, 0.9 * L->bar_w, L);
    return st;
}

static void one_bar(cairo_t *cr, const trygg_report_groups *m,
                    const trygg_report_layout *L, size_t s, size_t g)
{
    const trygg_report_frame *f = &m->frame;
    const trygg_report_value *v = val(m, s, g);
    const trygg_report_axis *a = &L->axis;
    double x = L->cols[g].r.x + 0.1 * L->cols[g].r.w + s * L->bar_w;
    double base = tr_axis_clamp(a, trygg_report_axis_map(a, fmax(0, a->lo)));
    double vy = L->plot.y + L->plot.h + 0.3 * f->font_size;
    char buf[64];
    if (!tr_drawable(v)) {
        double size = too_few_size(f, L->bar_w), lh = tr_lh(size);
        tr_set(cr, TR_GREY);
        tr_font(cr, f, size, 0);
        if (!(v->flags & TRYGG_REPORT_SUPPRESSED) || L->too_few_dots) {
            tr_show(cr, x + L->bar_w / 2, base - lh - 0.2 * f->font_size,
                    v->flags & TRYGG_REPORT_SUPPRESSED ? ".." : "\xE2\x80\x93",
                    0.5);
            return;
        }
        cairo_save(cr);
        cairo_translate(cr, x + (L->bar_w - L->too_few.nlines * lh) / 2,
                        base - 0.3 * f->font_size);
        cairo_rotate(cr, -TR_PI / 2);
        tr_show_lines(cr, 0, 0, lh, &L->too_few, 0);
        cairo_restore(cr);
        return;
    }
    double top = tr_axis_clamp(a, trygg_report_axis_map(a, v->est));
    trygg_report_rect r = {x + 0.5, fmin(base, top), L->bar_w - 1,
                           fabs(base - top)};
    tr_bar(cr, r, tr_series_colour(s), tr_hatch_of(v->flags));
    if (isfinite(v->lo) && isfinite(v->hi)) {
        double y0 = trygg_report_axis_map(a, v->lo);
        double y1 = trygg_report_axis_map(a, v->hi);
        tr_set(cr, TR_TEXT);
        tr_whisker_v(cr, x + L->bar_w / 2, tr_axis_clamp(a, y0),
                     tr_axis_clamp(a, y1), 0.4 * L->bar_w,
                     y0 == tr_axis_clamp(a, y0), y1 == tr_axis_clamp(a, y1));
    }
    if (L->value_font > 0) {
        trygg_report_format(buf, sizeof buf, v->est, &m->scale, f->lang);
        tr_set(cr, TR_TEXT);
        tr_font(cr, f, L->value_font, 0);
        tr_show(cr, x + L->bar_w / 2, vy, buf, 0.5);
    }
}

void tr_groups_draw(cairo_t *cr, const trygg_report_groups *m,
                    const trygg_report_layout *L)
{
    const trygg_report_frame *f = &m->frame;
    double fs = f->font_size;
    tr_axis_y(cr, f, L, &m->scale);
    for (size_t g = 0; g < L->ncols; g++)
        for (size_t s = 0; s < m->nseries; s++)
            one_bar(cr, m, L, s, g);
    double base = trygg_report_axis_map(&L->axis, fmax(0, L->axis.lo));
    tr_set(cr, TR_GREY);
    cairo_set_line_width(cr, 1);
    cairo_move_to(cr, L->plot.x, base);
    cairo_line_to(cr, L->plot.x + L->plot.w, base);
    cairo_stroke(cr);
    double y = L->plot.y + L->plot.h + 0.6 * fs +
               (L->value_font > 0 ? tr_lh(L->value_font) : 0);
    size_t most = 1;
    tr_set(cr, TR_TEXT);
    tr_font(cr, f, fs, 0);
    for (size_t g = 0; g < L->ncols; g++) {
        const trygg_report_slot *c = &L->cols[g];
        tr_show_lines(cr, c->r.x + c->r.w / 2, y, tr_lh(fs), &c->label, 0.5);
        most = c->label.nlines > most ? c->label.nlines : most;
    }
    tr_show_lines(cr, L->plot.x + L->plot.w / 2,
                  y + most * tr_lh(fs) + 0.3 * fs, tr_lh(fs), &L->header, 0.5);
}
