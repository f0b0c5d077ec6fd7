/* 5. Trend drawing: the area's CI band (hatched next to unstable years),
 * the parent's dashed line, the area's line with open markers for
 * unstable years, gaps at suppressed years, and the value rows. */
#include "report_internal.h"

#include <math.h>

static int has_ci(const trygg_report_value *v)
{
    return tr_drawable(v) && isfinite(v->lo) && isfinite(v->hi);
}

static double X(const trygg_report_layout *L, int year)
{
    return trygg_report_axis_map(&L->xaxis, year);
}

static double Y(const trygg_report_layout *L, double v)
{
    return tr_axis_clamp(&L->axis, trygg_report_axis_map(&L->axis, v));
}

static void band_hatch(cairo_t *cr)
{
    double x0, y0, x1, y1;
    cairo_save(cr);
    cairo_clip(cr);
    cairo_clip_extents(cr, &x0, &y0, &x1, &y1);
    cairo_set_source_rgba(cr, TR_BLUE.r, TR_BLUE.g, TR_BLUE.b, 0.55);
    cairo_set_line_width(cr, 1);
    for (double x = x0 - (y1 - y0); x < x1; x += 4.5) {
        cairo_move_to(cr, x, y1);
        cairo_line_to(cr, x + (y1 - y0), y0);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* The band over years [from, to] as one closed path. */
static void run_path(cairo_t *cr, const trygg_report_trend *m,
                     const trygg_report_layout *L, size_t from, size_t to)
{
    const trygg_report_value *a = m->area;
    cairo_new_path(cr);
    for (size_t k = from; k <= to; k++)
        cairo_line_to(cr, X(L, m->years[k]), Y(L, a[k].hi));
    for (size_t k = to + 1; k-- > from;)
        cairo_line_to(cr, X(L, m->years[k]), Y(L, a[k].lo));
    cairo_close_path(cr);
}

static int unstable_seg(const trygg_report_value *a, size_t k)
{
    return tr_hatch_of(a[k].flags | a[k + 1].flags) != 0;
}

/* One polygon per run of years with a CI (no seams), one hatched polygon
 * per run of segments next to an unstable year, and a whisker for a year
 * with no neighbour. */
static void band(cairo_t *cr, const trygg_report_trend *m,
                 const trygg_report_layout *L)
{
    const trygg_report_value *a = m->area;
    for (size_t i = 0; i < m->nyears;) {
        size_t j = i;
        while (j < m->nyears && has_ci(&a[j]))
            j++;
        if (j == i + 1) {
            tr_set(cr, TR_BLUE);
            tr_whisker_v(cr, X(L, m->years[i]), Y(L, a[i].lo), Y(L, a[i].hi),
                         0.8 * m->frame.font_size, 1, 1);
        } else if (j > i + 1) {
            run_path(cr, m, L, i, j - 1);
            cairo_set_source_rgba(cr, TR_BLUE.r, TR_BLUE.g, TR_BLUE.b, 0.2);
            cairo_fill(cr);
            for (size_t k = i; k + 1 < j;) {
                size_t e = k;
                while (e + 1 < j && unstable_seg(a, e))
                    e++;
                if (e > k) {
                    run_path(cr, m, L, k, e);
                    band_hatch(cr);
                }
                k = e > k ? e : k + 1;
            }
        }
        i = j > i ? j : i + 1;
    }
}

static void marker(cairo_t *cr, double x, double y, double r, tr_rgb c,
                   int square, int hollow)
{
    if (square)
        cairo_rectangle(cr, x - r, y - r, 2 * r, 2 * r);
    else
        cairo_arc(cr, x, y, r, 0, 2 * TR_PI);
    tr_set(cr, hollow ? TR_WHITE : c);
    cairo_fill_preserve(cr);
    tr_set(cr, c);
    cairo_set_line_width(cr, 1.5);
    cairo_stroke(cr);
}

static void series(cairo_t *cr, const trygg_report_trend *m,
                   const trygg_report_layout *L, const trygg_report_value *v,
                   tr_rgb c, int dashed)
{
    double d[] = {5, 3}, r = 0.3 * m->frame.font_size;
    tr_set(cr, c);
    cairo_set_line_width(cr, dashed ? 1.8 : 2.2);
    cairo_set_dash(cr, d, dashed ? 2 : 0, 0);
    for (size_t i = 0; i + 1 < m->nyears; i++) {
        if (!tr_drawable(&v[i]) || !tr_drawable(&v[i + 1]))
            continue;
        cairo_move_to(cr, X(L, m->years[i]), Y(L, v[i].est));
        cairo_line_to(cr, X(L, m->years[i + 1]), Y(L, v[i + 1].est));
    }
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    for (size_t i = 0; i < m->nyears; i++)
        if (tr_drawable(&v[i]))
            marker(cr, X(L, m->years[i]), Y(L, v[i].est), r, c, dashed,
                   tr_hatch_of(v[i].flags) != 0);
}

/* One row of printed values under the axis, its symbol at the left. */
static void value_row(cairo_t *cr, const trygg_report_trend *m,
                      const trygg_report_layout *L,
                      const trygg_report_value *v, double y, tr_rgb c,
                      int dashed)
{
    const trygg_report_frame *f = &m->frame;
    double vf = L->value_font > 0 ? L->value_font : 0.6 * f->font_size;
    double lh = tr_lh(vf), fs = f->font_size;
    char buf[64];
    double sx = L->plot.x - 2.6 * fs, sy = y + lh / 2;
    tr_set(cr, c);
    cairo_set_line_width(cr, 2);
    cairo_move_to(cr, sx, sy);
    cairo_line_to(cr, sx + 2 * fs, sy);
    cairo_stroke(cr);
    marker(cr, sx + fs, sy, 0.25 * fs, c, dashed, 0);
    tr_font(cr, f, vf, 0);
    for (size_t i = 0; i < m->nyears; i++) {
        double x = X(L, m->years[i]);
        if (tr_drawable(&v[i]) && L->value_font > 0) {
            trygg_report_format(buf, sizeof buf, v[i].est, &m->scale, f->lang);
            tr_set(cr, TR_TEXT);
            tr_show(cr, x, y, buf, 0.5);
        } else if (v[i].flags & TRYGG_REPORT_SUPPRESSED) {
            tr_set(cr, TR_GREY);
            if (L->too_few_dots)
                tr_show(cr, x, y, "..", 0.5);
            else
                tr_show_lines(cr, x, y, lh, &L->too_few, 0.5);
        }
    }
}

static int any_suppressed(const trygg_report_trend *m)
{
    for (size_t i = 0; i < m->nyears; i++)
        if ((m->area[i].flags & TRYGG_REPORT_SUPPRESSED) ||
            (m->parent && (m->parent[i].flags & TRYGG_REPORT_SUPPRESSED)))
            return 1;
    return 0;
}

void tr_trend_draw(cairo_t *cr, const trygg_report_trend *m,
                   const trygg_report_layout *L)
{
    const trygg_report_frame *f = &m->frame;
    double fs = f->font_size, y = L->plot.y + L->plot.h + 0.3 * fs;
    tr_axis_y(cr, f, L, &m->scale);
    band(cr, m, L);
    if (m->parent)
        series(cr, m, L, m->parent, TR_ORANGE, 1);
    series(cr, m, L, m->area, TR_BLUE, 0);
    tr_set(cr, TR_GREY);
    tr_font(cr, f, L->small_font, 0);
    for (size_t i = 0; i < L->ncols; i++)
        tr_show_lines(cr, X(L, m->years[i]), y, tr_lh(L->small_font),
                      &L->cols[i].label, 0.5);
    y += tr_lh(L->small_font) + 0.3 * fs;
    if (L->value_font > 0 || any_suppressed(m)) {
        double vf = L->value_font > 0 ? L->value_font : 0.6 * fs;
        size_t n = L->too_few.nlines > 1 ? L->too_few.nlines : 1;
        value_row(cr, m, L, m->area, y, TR_BLUE, 0);
        if (m->parent)
            value_row(cr, m, L, m->parent, y + n * tr_lh(vf), TR_ORANGE, 1);
        y += (m->parent ? 2 : 1) * n * tr_lh(vf) + 0.3 * fs;
    }
    tr_set(cr, TR_TEXT);
    tr_font(cr, f, fs, 0);
    tr_show_lines(cr, L->plot.x + L->plot.w / 2, y, tr_lh(fs), &L->header,
                  0.5);
}
