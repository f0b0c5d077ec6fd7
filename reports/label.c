/* Placing text: fonts from the frame, line heights, drawing lines whose
 * top (not baseline) is given, so that layouts can reason in boxes. */
#include "report_internal.h"

#include <stdlib.h>

/* Every text goes through here: never smaller than the frame allows. */
void tr_font(cairo_t *cr, const trygg_report_frame *f, double size, int bold)
{
    trygg_report_set_font(cr, f->font_family, tr_size(f, size), bold);
}

double tr_size(const trygg_report_frame *f, double size)
{
    return f->min_font > 0 && size < f->min_font ? f->min_font : size;
}

double tr_lh(double size)
{
    return 1.25 * size;
}

double tr_ascent(cairo_t *cr)
{
    cairo_font_extents_t e;
    cairo_font_extents(cr, &e);
    return e.ascent;
}

void tr_show(cairo_t *cr, double x, double y, const char *s, double align)
{
    if (!s || !*s)
        return;
    double w = align != 0 ? trygg_report_text_width(cr, s) : 0;
    cairo_font_extents_t e;
    cairo_font_extents(cr, &e);
    cairo_matrix_t m;
    cairo_get_font_matrix(cr, &m);
    /* Centre the glyph box (ascent + descent) in the line box. */
    double glyphs = e.ascent + e.descent;
    cairo_move_to(cr, x - align * w,
                  y + (tr_lh(m.yy) - glyphs) / 2 + e.ascent);
    cairo_show_text(cr, s);
}

void tr_show_lines(cairo_t *cr, double x, double y, double lh,
                   const trygg_report_lines *l, double align)
{
    for (size_t i = 0; i < l->nlines; i++)
        tr_show(cr, x, y + i * lh, l->lines[i], align);
}

double tr_lines_width(cairo_t *cr, const trygg_report_lines *l)
{
    double w = 0;
    for (size_t i = 0; i < l->nlines; i++) {
        double t = trygg_report_text_width(cr, l->lines[i]);
        if (t > w)
            w = t;
    }
    return w;
}

trygg_report_status tr_wrap_at(cairo_t *cr, const trygg_report_frame *f,
                               double size, int bold, const char *text,
                               double width, size_t max_lines,
                               trygg_report_lines *l)
{
    trygg_report_lines_clear(l);
    tr_font(cr, f, size, bold);
    return trygg_report_wrap(cr, text, width, max_lines, l);
}

double tr_max_width(cairo_t *cr, const trygg_report_frame *f, double size,
                    const char *const *s, size_t n)
{
    double w = 0;
    tr_font(cr, f, size, 0);
    for (size_t i = 0; i < n; i++) {
        char *c = tr_utf8_clean(s[i]);
        if (!c)
            continue;
        double t = trygg_report_text_width(cr, c);
        if (t > w)
            w = t;
        free(c);
    }
    return w;
}
