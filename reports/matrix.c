/* 9. The priority matrix (Brå's): each problem a marker at how common it
 * is (x, with its CI) and how far it stands from the enclosing area (y,
 * with its CI), its area the residents affected, ▲ when it has risen
 * significantly, a priority in the warning colour; the plot split into
 * four quadrants named in words, and a numbered key beside it, so that
 * neither the most common problem nor the one that stands out is hidden.
 * A suppressed problem is not placed and has no number: the key says
 * "för få svar". */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int placed(const trygg_report_point *p)
{
    return tr_drawable(&p->x) && tr_drawable(&p->y);
}

static trygg_report_status legend(const trygg_report_matrix *m, trygg_report_layout *L)
{
    const trygg_report_frame *f = &m->frame;
    unsigned flags = 0;
    tr_marks marks = {{{0}}};
    int prio = 0;
    for (size_t i = 0; i < m->npoints; i++)
        if (placed(&m->points[i])) {
            flags |= m->points[i].x.flags;
            tr_marks_add(&marks, m->points[i].mark, m->points[i].tone);
            prio |= m->points[i].priority;
        }
    trygg_report_status st = TRYGG_REPORT_OK;
    if (prio && m->priority_text)
        st = tr_legend_add(L, TRYGG_REPORT_SYM_BAR, TR_VERMILLION, m->priority_text);
    if (st == TRYGG_REPORT_OK)
        st = tr_legend_ci(L, f, 0);
    if (st == TRYGG_REPORT_OK)
        st = tr_legend_unstable(L, f, flags, 1);
    if (st == TRYGG_REPORT_OK)
        st = tr_legend_marks(L, f, &marks, NULL, 1);
    if (st == TRYGG_REPORT_OK && m->size_text)
        st = tr_legend_add(L, TRYGG_REPORT_SYM_NONE, TR_TEXT, m->size_text);
    return st;
}

static trygg_report_status axes(const trygg_report_matrix *m, trygg_report_layout *L)
{
    tr_range x, y;
    tr_range_init(&x);
    tr_range_init(&y);
    for (size_t i = 0; i < m->npoints; i++)
        if (placed(&m->points[i])) {
            tr_range_value(&x, &m->points[i].x);
            tr_range_value(&y, &m->points[i].y);
        }
    tr_range_add(&x, m->x_split);
    /* the enclosing area's level in the middle when the points allow */
    double reach = fmax(fabs(isfinite(y.min) ? y.min : 0), fabs(isfinite(y.max) ? y.max : 0));
    tr_range_add(&y, reach > 0 ? -reach : -0.01);
    tr_range_add(&y, reach > 0 ? reach : 0.01);
    trygg_report_status st = tr_axis_for(&x, &m->x_scale, 5, &L->xaxis);
    return st == TRYGG_REPORT_OK ? tr_axis_for(&y, &m->y_scale, 6, &L->axis) : st;
}

/* "34,6 %; +5,3" and the change mark in words. */
static void key_values(char *buf, size_t size, const trygg_report_matrix *m,
                       const trygg_report_point *p)
{
    const trygg_report_frame *f = &m->frame;
    char x[64], y[64];
    if (!tr_drawable(&p->x)) {
        snprintf(buf, size, "%s", trygg_report_text(f->lang, TRYGG_REPORT_TXT_TOO_FEW));
        return;
    }
    trygg_report_format(x, sizeof x, p->x.est, &m->x_scale, f->lang);
    if (tr_drawable(&p->y)) {
        trygg_report_format(y, sizeof y, p->y.est, &m->y_scale, f->lang);
        int neg = p->y.est < 0 && y[0] != '0';
        snprintf(buf, size, "%s; %s%s%s", x, neg ? "" : "+", y,
                 p->mark == TRYGG_REPORT_MARK_UP ? " ▲" : p->mark == TRYGG_REPORT_MARK_DOWN
                                                           ? " ▼" : "");
    } else {
        snprintf(buf, size, "%s", x);
    }
}

/* The numbered key in `area` at type size `size`, in `ncols` columns
 * filled one after the other: ERR_FIT when it does not all fit. */
static trygg_report_status key(cairo_t *cr, const trygg_report_matrix *m,
                               trygg_report_rect area, double size, size_t ncols,
                               trygg_report_layout *L)
{
    const trygg_report_frame *f = &m->frame;
    double lh = tr_lh(tr_size(f, size)), gap = f->font_size;
    double num_w = 2.2 * f->font_size, col_w = (area.w - (double)(ncols - 1) * gap) / ncols;
    double y = area.y, bottom = area.y + area.h;
    size_t col = 0;
    trygg_report_status st = TRYGG_REPORT_OK;
    if (!L->rows) {
        st = tr_slots_alloc(&L->rows, m->npoints);
        L->nrows = st == TRYGG_REPORT_OK ? m->npoints : 0;
    }
    L->label_font = size;
    for (size_t i = 0; i < L->nrows && st == TRYGG_REPORT_OK; i++) {
        char vals[192], *text;
        key_values(vals, sizeof vals, m, &m->points[i]);
        size_t n = strlen(m->points[i].label) + strlen(vals) + 4;
        if (!(text = malloc(n)))
            return TRYGG_REPORT_ERR_NOMEM;
        snprintf(text, n, "%s: %s", m->points[i].label, vals);
        trygg_report_slot *s = &L->rows[i];
        s->item = i;
        trygg_report_lines_clear(&s->label);
        st = tr_wrap_at(cr, f, size, 0, text, col_w - num_w, 3, &s->label);
        free(text);
        double h = s->label.nlines * lh;
        if (y + h > bottom && y > area.y && col + 1 < ncols) {   /* the next column */
            col++;
            y = area.y;
        }
        s->r = (trygg_report_rect){area.x + (double)col * (col_w + gap), y, col_w, h};
        y += h + 0.35 * f->font_size;
        if (y - 0.35 * f->font_size > bottom)
            st = TRYGG_REPORT_ERR_FIT;
    }
    return st;
}

/* The key beside the plot: one column at the usual size if it fits, else
 * smaller type down to the smallest allowed, else two wider columns, so
 * that every problem stays on the one matrix. */
static trygg_report_status fit_key(cairo_t *cr, const trygg_report_matrix *m,
                                   trygg_report_layout *L, double *key_w)
{
    const trygg_report_frame *f = &m->frame;
    double fs = f->font_size, smallest = fmax(0.7 * fs, f->min_font);
    trygg_report_status st = TRYGG_REPORT_ERR_FIT;
    for (size_t ncols = 1; ncols <= 2 && st == TRYGG_REPORT_ERR_FIT; ncols++) {
        *key_w = (ncols == 1 ? 0.34 : 0.5) * L->body.w;
        trygg_report_rect area = {L->body.x + L->body.w - *key_w, L->body.y, *key_w,
                                  L->body.h};
        for (double size = 0.9 * fs; size >= smallest - 1e-9; size -= 0.05 * fs)
            if ((st = key(cr, m, area, size, ncols, L)) != TRYGG_REPORT_ERR_FIT)
                break;
    }
    return st;
}

trygg_report_status tr_matrix_layout(cairo_t *cr, const trygg_report_matrix *m,
                                     trygg_report_layout *L)
{
    const trygg_report_frame *f = &m->frame;
    double fs = f->font_size;
    if ((m->npoints && !m->points))
        return TRYGG_REPORT_ERR_ARGUMENT;
    trygg_report_status st = legend(m, L);
    if (st == TRYGG_REPORT_OK)
        st = tr_frame_layout(cr, f, L);
    if (st == TRYGG_REPORT_OK)
        st = axes(m, L);
    if (st != TRYGG_REPORT_OK)
        return st;
    L->small_font = tr_size(f, 0.85 * fs);
    double key_w = 0;
    st = fit_key(cr, m, L, &key_w);
    trygg_report_rect plot_area = {L->body.x, L->body.y, L->body.w - key_w - fs, L->body.h};
    if (st == TRYGG_REPORT_OK)
        st = tr_wrap_at(cr, f, fs, 0, m->x_title ? m->x_title : "", plot_area.w, 2,
                        &L->axis_title);
    if (st == TRYGG_REPORT_OK)
        st = tr_wrap_at(cr, f, fs, 0, m->y_title ? m->y_title : "", 0.8 * plot_area.h, 2,
                        &L->header);
    if (st != TRYGG_REPORT_OK)
        return st;
    tr_font(cr, f, L->small_font, 0);
    double left = L->header.nlines * tr_lh(tr_size(f, fs)) + 0.4 * fs +
                  tr_ticks_width(cr, &L->axis, &m->y_scale, f->lang) + 0.5 * fs;
    double below = 0.3 * fs + tr_lh(L->small_font) + 0.2 * fs +
                   L->axis_title.nlines * tr_lh(tr_size(f, fs));
    L->plot = (trygg_report_rect){plot_area.x + left, plot_area.y + 0.5 * fs,
                                  plot_area.w - left, plot_area.h - 0.5 * fs - below};
    if (L->plot.w < 12 * fs || L->plot.h < 8 * fs)
        return f->min_font > 0 ? TRYGG_REPORT_ERR_FIT : TRYGG_REPORT_ERR_ARGUMENT;
    L->xaxis.dev_lo = L->plot.x;
    L->xaxis.dev_hi = L->plot.x + L->plot.w;
    L->axis.dev_lo = L->plot.y + L->plot.h;
    L->axis.dev_hi = L->plot.y;
    return TRYGG_REPORT_OK;
}

/* ---- drawing ------------------------------------------------------------ */

static double radius(const trygg_report_matrix *m, const trygg_report_point *p)
{
    double most = 0, fs = m->frame.font_size;
    for (size_t i = 0; i < m->npoints; i++)
        if (placed(&m->points[i]) && isfinite(m->points[i].size))
            most = fmax(most, m->points[i].size);
    double t = isfinite(p->size) && most > 0 ? sqrt(fmax(0, p->size) / most) : 0;
    return (0.55 + 0.85 * t) * fs;
}

static void quadrants(cairo_t *cr, const trygg_report_matrix *m, const trygg_report_layout *L)
{
    const trygg_report_frame *f = &m->frame;
    const trygg_report_rect p = L->plot;
    double y0 = tr_axis_clamp(&L->axis, trygg_report_axis_map(&L->axis, 0)), d[] = {4, 3};
    tr_set(cr, TR_GREY);
    cairo_set_line_width(cr, 1.2);
    cairo_move_to(cr, p.x, y0);
    cairo_line_to(cr, p.x + p.w, y0);
    cairo_stroke(cr);
    if (isfinite(m->x_split)) {
        double x = trygg_report_axis_map(&L->xaxis, m->x_split);
        cairo_set_dash(cr, d, 2, 0);
        cairo_move_to(cr, x, p.y);
        cairo_line_to(cr, x, p.y + p.h);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
    }
    double pad = 0.4 * f->font_size, lh = tr_lh(L->small_font);
    tr_font(cr, f, L->small_font, 1);
    for (int q = 0; q < 4; q++) {
        if (!m->quadrant[q] || (!isfinite(m->x_split) && q % 2 == 0))
            continue;
        char *t = trygg_report_shorten(cr, m->quadrant[q], 0.48 * p.w);
        double x = q % 2 ? p.x + p.w - pad : p.x + pad;
        double y = q < 2 ? p.y + pad : p.y + p.h - pad - lh;
        tr_show(cr, x, y, t, q % 2 ? 1 : 0);
        free(t);
    }
}

static void marker(cairo_t *cr, const trygg_report_matrix *m, const trygg_report_layout *L,
                   const trygg_report_point *p)
{
    const trygg_report_frame *f = &m->frame;
    double cx = trygg_report_axis_map(&L->xaxis, p->x.est);
    double cy = trygg_report_axis_map(&L->axis, p->y.est), r = radius(m, p);
    tr_rgb c = p->priority ? TR_VERMILLION : TR_BLUE;
    int hatch = tr_hatch_of(p->x.flags);
    cairo_new_path(cr);
    cairo_arc(cr, cx, cy, r, 0, 2 * TR_PI);
    if (hatch) {
        tr_set(cr, TR_WHITE);
        cairo_fill_preserve(cr);
        cairo_save(cr);
        cairo_clip_preserve(cr);
        tr_set(cr, c);
        tr_hatch(cr, (trygg_report_rect){cx - r, cy - r, 2 * r, 2 * r}, hatch, 1.2, 3.5);
        cairo_restore(cr);
    } else {
        cairo_set_source_rgba(cr, c.r, c.g, c.b, 0.85);
        cairo_fill_preserve(cr);
    }
    tr_set(cr, c);
    cairo_set_line_width(cr, 1.2);
    cairo_stroke(cr);
    tr_mark(cr, p->mark, tr_tone_colour(p->tone), cx + r + 0.55 * f->font_size,
            cy - r + 0.2 * f->font_size, 0.9 * f->font_size);
}

/* Its number, after every marker: one covered by a larger neighbour's
 * circle still shows its key. */
static void number(cairo_t *cr, const trygg_report_matrix *m, const trygg_report_layout *L,
                   const trygg_report_point *p)
{
    const trygg_report_frame *f = &m->frame;
    if (p->number <= 0)
        return;
    double cx = trygg_report_axis_map(&L->xaxis, p->x.est);
    double cy = trygg_report_axis_map(&L->axis, p->y.est);
    char num[16];
    snprintf(num, sizeof num, "%d", p->number);
    tr_set(cr, tr_hatch_of(p->x.flags) ? TR_TEXT : TR_WHITE);
    tr_font(cr, f, 0.8 * f->font_size, 1);
    tr_show(cr, cx, cy - tr_lh(tr_size(f, 0.8 * f->font_size)) / 2, num, 0.5);
}

static void whiskers(cairo_t *cr, const trygg_report_layout *L, const trygg_report_point *p)
{
    double cx = trygg_report_axis_map(&L->xaxis, p->x.est);
    double cy = trygg_report_axis_map(&L->axis, p->y.est);
    cairo_set_source_rgba(cr, TR_TEXT.r, TR_TEXT.g, TR_TEXT.b, 0.45);
    if (isfinite(p->x.lo) && isfinite(p->x.hi))
        tr_whisker_h(cr, tr_axis_clamp(&L->xaxis, trygg_report_axis_map(&L->xaxis, p->x.lo)),
                     tr_axis_clamp(&L->xaxis, trygg_report_axis_map(&L->xaxis, p->x.hi)), cy,
                     4, 1, 1);
    if (isfinite(p->y.lo) && isfinite(p->y.hi))
        tr_whisker_v(cr, cx, tr_axis_clamp(&L->axis, trygg_report_axis_map(&L->axis, p->y.lo)),
                     tr_axis_clamp(&L->axis, trygg_report_axis_map(&L->axis, p->y.hi)), 4, 1,
                     1);
}

static void draw_key(cairo_t *cr, const trygg_report_matrix *m, const trygg_report_layout *L)
{
    const trygg_report_frame *f = &m->frame;
    double size = L->label_font, lh = tr_lh(tr_size(f, size));
    for (size_t i = 0; i < L->nrows; i++) {
        const trygg_report_slot *s = &L->rows[i];
        const trygg_report_point *p = &m->points[s->item];
        if (p->number > 0 && placed(p)) {
            char num[16];
            snprintf(num, sizeof num, "%d", p->number);
            tr_set(cr, p->priority ? TR_VERMILLION : TR_BLUE);
            tr_font(cr, f, size, 1);
            tr_show(cr, s->r.x + 1.6 * f->font_size, s->r.y, num, 1);
        }
        tr_set(cr, tr_drawable(&p->x) ? TR_TEXT : TR_GREY);
        tr_font(cr, f, size, 0);
        tr_show_lines(cr, s->r.x + 2.2 * f->font_size, s->r.y, lh, &s->label, 0);
    }
}

void tr_matrix_draw(cairo_t *cr, const trygg_report_matrix *m, const trygg_report_layout *L)
{
    const trygg_report_frame *f = &m->frame;
    trygg_report_layout x = *L;   /* the horizontal axis is the shares' */
    x.axis = L->xaxis;
    tr_axis_x(cr, f, &x, &m->x_scale);
    trygg_report_layout y = *L;   /* the vertical one the gaps', titled by header */
    y.axis_title = L->header;
    tr_axis_y(cr, f, &y, &m->y_scale);
    quadrants(cr, m, L);
    for (size_t i = 0; i < m->npoints; i++)
        if (placed(&m->points[i]))
            whiskers(cr, L, &m->points[i]);
    /* the largest first, so that small markers stay on top */
    size_t *order = malloc((m->npoints + 1) * sizeof *order), n = 0;
    for (size_t i = 0; order && i < m->npoints; i++) {
        size_t at = n++;
        for (; at > 0 && radius(m, &m->points[order[at - 1]]) < radius(m, &m->points[i]); at--)
            order[at] = order[at - 1];
        order[at] = i;
    }
    for (size_t i = 0; order && i < n; i++)
        if (placed(&m->points[order[i]]))
            marker(cr, m, L, &m->points[order[i]]);
    for (size_t i = 0; order && i < n; i++)
        if (placed(&m->points[order[i]]))
            number(cr, m, L, &m->points[order[i]]);
    free(order);
    draw_key(cr, m, L);
}
