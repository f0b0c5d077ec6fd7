/* Drawing the horizontal bar panel: bars (hatched when unstable), CI
 * whiskers, the parent marker, values, marks, and "för få svar" in place
 * of suppressed bars. */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>

static double xmap(const trygg_report_layout *L, double v)
{
    return tr_axis_clamp(&L->axis, trygg_report_axis_map(&L->axis, v));
}

/* Lines of text vertically centred on cy. */
static void centred(cairo_t *cr, double x, double cy, double size,
                    const trygg_report_lines *l, double align)
{
    double lh = tr_lh(size);
    tr_show_lines(cr, x, cy - l->nlines * lh / 2, lh, l, align);
}

static void whisker(cairo_t *cr, const trygg_report_layout *L,
                    const trygg_report_value *v, double cy, double cap)
{
    if (!isfinite(v->lo) || !isfinite(v->hi))
        return;
    double a = trygg_report_axis_map(&L->axis, v->lo);
    double b = trygg_report_axis_map(&L->axis, v->hi);
    tr_set(cr, TR_TEXT);
    tr_whisker_h(cr, xmap(L, v->lo), xmap(L, v->hi), cy, cap,
                 a == tr_axis_clamp(&L->axis, a),
                 b == tr_axis_clamp(&L->axis, b));
}

/* The text that replaces a bar, kept clear of the parent marker. */
static void no_bar(cairo_t *cr, const trygg_report_frame *f,
                   const trygg_report_layout *L, const trygg_report_bar *b,
                   double cy, double msize)
{
    trygg_report_lines missing = {0};
    char *m = (char *)trygg_report_text(
        f->lang, b->value.flags & TRYGG_REPORT_EMPTY ? TRYGG_REPORT_TXT_NO_ANSWERS
                                                     : TRYGG_REPORT_TXT_MISSING);
    const trygg_report_lines *l = &L->too_few;
    if (!(b->value.flags & TRYGG_REPORT_SUPPRESSED)) {
        missing.lines = &m;
        missing.nlines = 1;
        l = &missing;
    }
    double size = fmin(L->small_font, L->label_font);
    tr_font(cr, f, size, 0);
    double x = xmap(L, fmax(0, L->axis.lo)) + 0.4 * f->font_size;
    double w = tr_lines_width(cr, l);
    if (isfinite(b->parent)) {
        double px = xmap(L, b->parent);
        if (px + msize > x && px - msize < x + w)
            x = px + msize;
    }
    tr_set(cr, TR_GREY);
    centred(cr, x, cy, size, l, 0);
}

static void bar_value(cairo_t *cr, const trygg_report_frame *f,
                      const tr_bars_spec *sp, const trygg_report_layout *L,
                      const trygg_report_bar *b, double cy)
{
    double base = xmap(L, fmax(0, L->axis.lo)), end = xmap(L, b->value.est);
    double bh = fmin(0.62 * L->rows[0].r.h, 1.8 * f->font_size);
    trygg_report_rect r = {fmin(base, end), cy - bh / 2, fabs(end - base), bh};
    tr_bar(cr, r, TR_BLUE, tr_hatch_of(b->value.flags));
    whisker(cr, L, &b->value, cy, 0.55 * bh);
    char buf[192];
    tr_bar_value_text(buf, sizeof buf, f, sp, b);
    double size = fmin(L->small_font, L->label_font);
    tr_set(cr, TR_TEXT);
    tr_font(cr, f, size, 0);
    tr_show(cr, L->value_col.x + 0.5 * f->font_size, cy - tr_lh(size) / 2, buf,
            0);
}

static void bar_row(cairo_t *cr, const trygg_report_frame *f,
                    const tr_bars_spec *sp, const trygg_report_layout *L,
                    size_t i)
{
    const trygg_report_slot *s = &L->rows[i];
    const trygg_report_bar *b = &sp->bars[s->item];
    double fs = f->font_size, cy = s->r.y + s->r.h / 2;
    double msize = fmin(0.55 * s->r.h, 1.1 * fs);
    if (b->heading) { /* a group's title: nothing but its words */
        tr_set(cr, TR_TEXT);
        tr_font(cr, f, L->label_font, 1);
        centred(cr, L->rank_col.x, cy, L->label_font, &s->label, 0);
        return;
    }
    tr_set(cr, TR_TEXT);
    tr_font(cr, f, L->label_font, 0);
    /* With ranks the labels read as a numbered list: left-aligned. */
    if (sp->ranks)
        centred(cr, L->label_col.x, cy, L->label_font, &s->label, 0);
    else
        centred(cr, L->label_col.x + L->label_col.w - 0.8 * fs, cy,
                L->label_font, &s->label, 1);
    if (sp->ranks && b->rank > 0) {
        char buf[32];
        snprintf(buf, sizeof buf, "%d", b->rank);
        tr_font(cr, f, fs, 1);
        tr_show(cr, L->rank_col.x + L->rank_col.w - 0.6 * fs,
                cy - tr_lh(fs) / 2, buf, 1);
    }
    if (!tr_drawable(&b->value)) {
        no_bar(cr, f, L, b, cy, msize); /* and no mark: nothing to compare */
    } else {
        bar_value(cr, f, sp, L, b, cy);
        tr_mark(cr, b->mark, tr_tone_colour(b->tone), L->mark_col.x + L->mark_col.w / 2,
                cy, fmin(0.9 * fs, 0.75 * s->r.h));
    }
    if (isfinite(b->parent)) /* on top of bar and whisker */
        tr_diamond(cr, xmap(L, b->parent), cy, msize, TR_ORANGE);
    if (sp->texts) {
        tr_set(cr, TR_TEXT);
        double size = fmin(L->small_font, L->label_font);
        tr_font(cr, f, size, 0);
        centred(cr, L->text_col.x, cy, size, &L->cols[i].label, 0);
    }
}

/* The comparison's reference: its CI as a light band behind the bars. */
static void reference_band(cairo_t *cr, const tr_bars_spec *sp,
                           const trygg_report_layout *L)
{
    if (!isfinite(sp->ref_est) || !isfinite(sp->ref_lo) ||
        !isfinite(sp->ref_hi))
        return;
    double a = xmap(L, sp->ref_lo), b = xmap(L, sp->ref_hi);
    cairo_set_source_rgba(cr, TR_VERMILLION.r, TR_VERMILLION.g,
                          TR_VERMILLION.b, 0.12);
    cairo_rectangle(cr, a, L->plot.y, b - a, L->plot.h);
    cairo_fill(cr);
}

static void reference_line(cairo_t *cr, const tr_bars_spec *sp,
                           const trygg_report_layout *L)
{
    if (!isfinite(sp->ref_est))
        return;
    double x = xmap(L, sp->ref_est);
    tr_set(cr, TR_VERMILLION);
    cairo_set_line_width(cr, 2);
    cairo_move_to(cr, x, L->plot.y);
    cairo_line_to(cr, x, L->plot.y + L->plot.h);
    cairo_stroke(cr);
}

void tr_bars_draw(cairo_t *cr, const trygg_report_frame *f,
                  const tr_bars_spec *sp, const trygg_report_layout *L)
{
    reference_band(cr, sp, L);
    tr_axis_x(cr, f, L, sp->scale);
    if (sp->texts) {
        tr_set(cr, TR_TEXT);
        tr_font(cr, f, L->small_font, 1);
        tr_show_lines(cr, L->text_col.x,
                      L->plot.y - tr_lh(L->small_font) - 0.3 * f->font_size,
                      tr_lh(L->small_font), &L->header, 0);
    }
    for (size_t i = 0; i < L->nrows; i++)
        bar_row(cr, f, sp, L, i);
    reference_line(cr, sp, L);
}
