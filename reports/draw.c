/* Drawing primitives shared by the charts: bars (solid or hatched),
 * whiskers, marks and markers, value axes. Colours are Okabe–Ito, which
 * stay distinct for the common forms of colour blindness. */
#include "report_internal.h"

#include <math.h>

#define RGB(r, g, b) {(r) / 255.0, (g) / 255.0, (b) / 255.0}
const tr_rgb TR_BLACK = RGB(0, 0, 0), TR_ORANGE = RGB(230, 159, 0),
             TR_SKY = RGB(86, 180, 233), TR_GREEN = RGB(0, 158, 115),
             TR_YELLOW = RGB(240, 228, 66), TR_BLUE = RGB(0, 114, 178),
             TR_VERMILLION = RGB(213, 94, 0), TR_PURPLE = RGB(204, 121, 167),
             TR_TEXT = RGB(34, 34, 34), TR_GREY = RGB(102, 102, 102),
             TR_GRID = RGB(217, 217, 217), TR_PANEL = RGB(242, 242, 242),
             TR_WHITE = RGB(255, 255, 255);

tr_rgb tr_series_colour(size_t i)
{
    const tr_rgb *s[] = {&TR_BLUE, &TR_ORANGE, &TR_GREEN,
                         &TR_PURPLE, &TR_SKY, &TR_VERMILLION};
    return *s[i % 6];
}

void tr_set(cairo_t *cr, tr_rgb c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* c mixed with white: t = 1 is c itself. */
static tr_rgb mix(tr_rgb c, double t)
{
    return (tr_rgb){1 - t + t * c.r, 1 - t + t * c.g, 1 - t + t * c.b};
}

void tr_fill_rect(cairo_t *cr, trygg_report_rect r, tr_rgb c)
{
    tr_set(cr, c);
    cairo_rectangle(cr, r.x, r.y, r.w, r.h);
    cairo_fill(cr);
}

int tr_hatch_of(unsigned flags)
{
    if (!(flags & (TRYGG_REPORT_UNSTABLE | TRYGG_REPORT_LOW_N | TRYGG_REPORT_HIGH_CV)))
        return 0;
    int h = (flags & TRYGG_REPORT_LOW_N ? 1 : 0) | (flags & TRYGG_REPORT_HIGH_CV ? 2 : 0);
    return h ? h : 1;
}

/* Diagonal lines over r, clipped to it, in the current source: "/" for
 * bit 1, "\" for bit 2. */
void tr_hatch(cairo_t *cr, trygg_report_rect r, int hatch, double w, double gap)
{
    cairo_save(cr);
    cairo_rectangle(cr, r.x, r.y, r.w, r.h);
    cairo_clip(cr);
    cairo_set_line_width(cr, w);
    for (double x = r.x - r.h; (hatch & 1) && x < r.x + r.w; x += gap) {
        cairo_move_to(cr, x, r.y + r.h);
        cairo_line_to(cr, x + r.h, r.y);
    }
    for (double x = r.x - r.h; (hatch & 2) && x < r.x + r.w; x += gap) {
        cairo_move_to(cr, x, r.y);
        cairo_line_to(cr, x + r.h, r.y + r.h);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

void tr_bar(cairo_t *cr, trygg_report_rect r, tr_rgb c, int hatch)
{
    if (r.w <= 0 || r.h <= 0)
        return;
    if (!hatch) {
        tr_fill_rect(cr, r, c);
        return;
    }
    tr_fill_rect(cr, r, mix(c, 0.2));
    tr_set(cr, c);
    tr_hatch(cr, r, hatch, 1.3, 4.5);
    tr_set(cr, c);
    cairo_set_line_width(cr, 1);
    cairo_rectangle(cr, r.x + 0.5, r.y + 0.5, r.w - 1, r.h - 1);
    cairo_stroke(cr);
}

void tr_whisker_h(cairo_t *cr, double x0, double x1, double y, double cap,
                  int cap0, int cap1)
{
    cairo_set_line_width(cr, 1.2);
    cairo_move_to(cr, x0, y);
    cairo_line_to(cr, x1, y);
    if (cap0) {
        cairo_move_to(cr, x0, y - cap / 2);
        cairo_line_to(cr, x0, y + cap / 2);
    }
    if (cap1) {
        cairo_move_to(cr, x1, y - cap / 2);
        cairo_line_to(cr, x1, y + cap / 2);
    }
    cairo_stroke(cr);
}

void tr_whisker_v(cairo_t *cr, double x, double y0, double y1, double cap,
                  int cap0, int cap1)
{
    cairo_set_line_width(cr, 1.2);
    cairo_move_to(cr, x, y0);
    cairo_line_to(cr, x, y1);
    if (cap0) {
        cairo_move_to(cr, x - cap / 2, y0);
        cairo_line_to(cr, x + cap / 2, y0);
    }
    if (cap1) {
        cairo_move_to(cr, x - cap / 2, y1);
        cairo_line_to(cr, x + cap / 2, y1);
    }
    cairo_stroke(cr);
}

void tr_triangle(cairo_t *cr, double cx, double cy, double size, int up)
{
    double h = size * 0.87, s = up ? -1 : 1;
    cairo_move_to(cr, cx - size / 2, cy - s * h / 2);
    cairo_line_to(cr, cx + size / 2, cy - s * h / 2);
    cairo_line_to(cr, cx, cy + s * h / 2);
    cairo_close_path(cr);
    cairo_fill(cr);
}

tr_rgb tr_tone_colour(trygg_report_tone t)
{
    return t == TRYGG_REPORT_TONE_BETTER ? TR_GREEN
           : t == TRYGG_REPORT_TONE_WORSE ? TR_VERMILLION : TR_TEXT;
}

/* ⊕ or ⊖: a ring with a plus or a minus, unlike the change's triangles. */
static void ring(cairo_t *cr, double cx, double cy, double size, int plus)
{
    double r = 0.45 * size, a = 0.55 * r;
    cairo_new_path(cr);
    cairo_set_line_width(cr, fmax(1, 0.12 * size));
    cairo_arc(cr, cx, cy, r, 0, 2 * TR_PI);
    cairo_move_to(cr, cx - a, cy);
    cairo_line_to(cr, cx + a, cy);
    if (plus) {
        cairo_move_to(cr, cx, cy - a);
        cairo_line_to(cr, cx, cy + a);
    }
    cairo_stroke(cr);
}

void tr_mark(cairo_t *cr, trygg_report_mark m, tr_rgb c, double cx, double cy,
             double size)
{
    if (m == TRYGG_REPORT_MARK_NONE)
        return;
    tr_set(cr, c);
    if (m == TRYGG_REPORT_MARK_ABOVE || m == TRYGG_REPORT_MARK_BELOW)
        ring(cr, cx, cy, size, m == TRYGG_REPORT_MARK_ABOVE);
    else
        tr_triangle(cr, cx, cy, size, m == TRYGG_REPORT_MARK_UP);
}

void tr_diamond(cairo_t *cr, double cx, double cy, double size, tr_rgb c)
{
    double h = size / 2;
    cairo_move_to(cr, cx, cy - h);
    cairo_line_to(cr, cx + h, cy);
    cairo_line_to(cr, cx, cy + h);
    cairo_line_to(cr, cx - h, cy);
    cairo_close_path(cr);
    tr_set(cr, c);
    cairo_fill_preserve(cr);
    tr_set(cr, TR_BLACK);
    cairo_set_line_width(cr, 0.9);
    cairo_stroke(cr);
}

void tr_axis_x(cairo_t *cr, const trygg_report_frame *f,
               const trygg_report_layout *L, const trygg_report_scale *s)
{
    const trygg_report_axis *a = &L->axis;
    const trygg_report_rect p = L->plot;
    char buf[64];
    cairo_set_line_width(cr, 0.8);
    tr_set(cr, TR_GRID);
    for (size_t i = 0; i < a->nticks; i++) {
        double x = trygg_report_axis_map(a, a->ticks[i]);
        cairo_move_to(cr, x, p.y);
        cairo_line_to(cr, x, p.y + p.h);
    }
    cairo_stroke(cr);
    tr_set(cr, TR_GREY);
    cairo_move_to(cr, p.x, p.y + p.h);
    cairo_line_to(cr, p.x + p.w, p.y + p.h);
    cairo_stroke(cr);
    tr_font(cr, f, L->small_font, 0);
    double y = p.y + p.h + 0.3 * f->font_size;
    for (size_t i = 0; i < a->nticks; i++) {
        tr_format_tick(buf, sizeof buf, a->ticks[i], a->step, s, f->lang);
        tr_show(cr, trygg_report_axis_map(a, a->ticks[i]), y, buf, 0.5);
    }
    tr_set(cr, TR_TEXT);
    tr_font(cr, f, f->font_size, 0);
    tr_show_lines(cr, p.x + p.w / 2, y + tr_lh(L->small_font) + 0.2 * f->font_size,
                  tr_lh(f->font_size), &L->axis_title, 0.5);
}

void tr_axis_y(cairo_t *cr, const trygg_report_frame *f,
               const trygg_report_layout *L, const trygg_report_scale *s)
{
    const trygg_report_axis *a = &L->axis;
    const trygg_report_rect p = L->plot;
    double fs = f->font_size, lh = tr_lh(L->small_font);
    char buf[64];
    cairo_set_line_width(cr, 0.8);
    tr_set(cr, TR_GRID);
    for (size_t i = 0; i < a->nticks; i++) {
        double y = trygg_report_axis_map(a, a->ticks[i]);
        cairo_move_to(cr, p.x, y);
        cairo_line_to(cr, p.x + p.w, y);
    }
    cairo_stroke(cr);
    tr_set(cr, TR_GREY);
    tr_font(cr, f, L->small_font, 0);
    for (size_t i = 0; i < a->nticks; i++) {
        tr_format_tick(buf, sizeof buf, a->ticks[i], a->step, s, f->lang);
        tr_show(cr, p.x - 0.4 * fs,
                trygg_report_axis_map(a, a->ticks[i]) - lh / 2, buf, 1);
    }
    cairo_save(cr);
    cairo_translate(cr, L->body.x, p.y + p.h / 2);
    cairo_rotate(cr, -TR_PI / 2);
    tr_set(cr, TR_TEXT);
    tr_font(cr, f, fs, 0);
    tr_show_lines(cr, 0, 0, tr_lh(fs), &L->axis_title, 0.5);
    cairo_restore(cr);
}
