/* The page around a chart: title and subtitle at the top, note and legend
 * at the bottom, the body in between; and the layout's lifetime. */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tr_compact(const trygg_report_frame *f)
{
    return f->min_font > 0 && (f->height < 400 || f->width < 500);
}

/* A cover's title is set larger than a chart's, a small figure's smaller. */
double tr_title_size(const trygg_report_layout *L)
{
    return (L->type == TRYGG_REPORT_CHART_COVER ? 2.2 : L->compact ? 1.25 : 1.5) *
           L->font_size;
}

double tr_subtitle_size(const trygg_report_layout *L)
{
    return (L->type == TRYGG_REPORT_CHART_COVER ? 1.3 : 1.0) * L->font_size;
}

int tr_drawable(const trygg_report_value *v)
{
    return !(v->flags & TRYGG_REPORT_SUPPRESSED) && isfinite(v->est);
}

trygg_report_status tr_slots_alloc(trygg_report_slot **s, size_t n)
{
    *s = n ? calloc(n, sizeof **s) : NULL;
    return n && !*s ? TRYGG_REPORT_ERR_NOMEM : TRYGG_REPORT_OK;
}

static void slots_free(trygg_report_slot *s, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        trygg_report_lines_clear(&s[i].label);
    free(s);
}

void trygg_report_layout_free(trygg_report_layout *l)
{
    if (!l)
        return;
    trygg_report_lines_clear(&l->title);
    trygg_report_lines_clear(&l->subtitle);
    trygg_report_lines_clear(&l->note);
    trygg_report_lines_clear(&l->facts);
    trygg_report_lines_clear(&l->description);
    trygg_report_lines_clear(&l->axis_title);
    trygg_report_lines_clear(&l->header);
    trygg_report_lines_clear(&l->too_few);
    slots_free(l->boxes, l->nboxes);
    slots_free(l->rows, l->nrows);
    slots_free(l->cols, l->ncols);
    for (size_t i = 0; i < l->nlegend; i++)
        free(l->legend[i].text);
    free(l->legend);
    free(l);
}

trygg_report_status tr_legend_add(trygg_report_layout *L,
                                  trygg_report_symbol sym, tr_rgb c,
                                  const char *text)
{
    trygg_report_legend_entry *p =
        realloc(L->legend, (L->nlegend + 1) * sizeof *p);
    if (!p)
        return TRYGG_REPORT_ERR_NOMEM;
    L->legend = p;
    trygg_report_legend_entry *e = &p[L->nlegend];
    memset(e, 0, sizeof *e);
    e->symbol = sym;
    e->r = c.r;
    e->g = c.g;
    e->b = c.b;
    e->text = tr_utf8_clean(text);
    if (!e->text)
        return TRYGG_REPORT_ERR_NOMEM;
    L->nlegend++;
    return TRYGG_REPORT_OK;
}

trygg_report_status tr_legend_unstable(trygg_report_layout *L,
                                       const trygg_report_frame *f,
                                       unsigned flags, int hollow)
{
    int h = tr_hatch_of(flags);
    int general = (flags & TRYGG_REPORT_UNSTABLE) &&
                  !(flags & (TRYGG_REPORT_LOW_N | TRYGG_REPORT_HIGH_CV));
    trygg_report_status st = TRYGG_REPORT_OK;
    if (h & 1)
        st = tr_legend_add(
            L, hollow ? TRYGG_REPORT_SYM_HOLLOW : TRYGG_REPORT_SYM_HATCH, TR_BLUE,
            general ? trygg_report_text(f->lang, TRYGG_REPORT_TXT_UNSTABLE)
            : f->low_n_text ? f->low_n_text
                            : trygg_report_text(f->lang, TRYGG_REPORT_TXT_LOW_N));
    if (st == TRYGG_REPORT_OK && (h & 2))
        st = tr_legend_add(
            L, hollow ? TRYGG_REPORT_SYM_HOLLOW : TRYGG_REPORT_SYM_HATCH_CV, TR_BLUE,
            f->high_cv_text ? f->high_cv_text
                            : trygg_report_text(f->lang, TRYGG_REPORT_TXT_HIGH_CV));
    return st;
}

trygg_report_status tr_legend_ci(trygg_report_layout *L,
                                 const trygg_report_frame *f, unsigned flags)
{
    char buf[128], lvl[32];
    trygg_report_format_level(lvl, sizeof lvl, f->ci_level, f->lang);
    snprintf(buf, sizeof buf, trygg_report_text(f->lang, TRYGG_REPORT_TXT_CI), lvl);
    trygg_report_status st = tr_legend_add(L, TRYGG_REPORT_SYM_CI, TR_TEXT, buf);
    return st == TRYGG_REPORT_OK ? tr_legend_unstable(L, f, flags, 0) : st;
}

void tr_marks_add(tr_marks *s, trygg_report_mark m, trygg_report_tone t)
{
    if ((unsigned)m < 5 && (unsigned)t < 3 && m != TRYGG_REPORT_MARK_NONE)
        s->seen[m][t] = 1;
}

int tr_marks_any(const tr_marks *s)
{
    for (int m = 1; m < 5; m++)
        for (int t = 0; t < 3; t++)
            if (s->seen[m][t])
                return 1;
    return 0;
}

trygg_report_status tr_legend_marks(trygg_report_layout *L,
                                    const trygg_report_frame *f,
                                    const tr_marks *s, const char *ref,
                                    int coloured)
{
    static const trygg_report_text_id base[5] = {
        0, TRYGG_REPORT_TXT_UP, TRYGG_REPORT_TXT_DOWN, TRYGG_REPORT_TXT_ABOVE,
        TRYGG_REPORT_TXT_BELOW};
    static const trygg_report_symbol sym[5] = {
        0, TRYGG_REPORT_SYM_UP, TRYGG_REPORT_SYM_DOWN, TRYGG_REPORT_SYM_ABOVE,
        TRYGG_REPORT_SYM_BELOW};
    static const trygg_report_text_id tone[3] = {0, TRYGG_REPORT_TXT_BETTER,
                                                 TRYGG_REPORT_TXT_WORSE};
    trygg_report_status st = TRYGG_REPORT_OK;
    for (int m = 1; m < 5 && st == TRYGG_REPORT_OK; m++)
        for (int t = 0; t < 3 && st == TRYGG_REPORT_OK; t++) {
            if (!s->seen[m][t])
                continue;
            char what[512], text[600];
            snprintf(what, sizeof what, trygg_report_text(f->lang, base[m]),
                     ref ? ref : "");
            snprintf(text, sizeof text, "%s%s%s", what, t ? ", " : "",
                     t ? trygg_report_text(f->lang, tone[t]) : "");
            st = tr_legend_add(L, sym[m],
                               coloured ? tr_tone_colour((trygg_report_tone)t) : TR_TEXT,
                               text);
        }
    return st;
}

trygg_report_status tr_too_few_fit(cairo_t *cr, const trygg_report_frame *f,
                                   double size, double width, double height,
                                   trygg_report_layout *L)
{
    size_t max = (size_t)fmax(1, floor(height / tr_lh(size)));
    trygg_report_status st = tr_wrap_at(
        cr, f, size, 0, trygg_report_text(f->lang, TRYGG_REPORT_TXT_TOO_FEW),
        width, max, &L->too_few);
    if (st == TRYGG_REPORT_OK && L->too_few.truncated) {
        trygg_report_lines_clear(&L->too_few);
        L->too_few_dots = 1;
    }
    return st;
}

/* Flows the legend entries into rows of width w; returns the row count
 * and leaves entries' x and row index (in box.y) set. */
static size_t legend_flow(cairo_t *cr, trygg_report_layout *L, double x0,
                          double w, double ls)
{
    double symw = 1.8 * ls, gap = 0.4 * ls, sep = 1.6 * ls;
    double x = x0;
    size_t row = 0;
    for (size_t i = 0; i < L->nlegend; i++) {
        trygg_report_legend_entry *e = &L->legend[i];
        double tw = trygg_report_text_width(cr, e->text);
        if (x > x0 && x + symw + gap + tw > x0 + w) {
            row++;
            x = x0;
        }
        e->box.x = x;
        e->box.y = (double)row;
        e->box.w = symw;
        e->text_x = x + symw + gap;
        x = e->text_x + tw + sep;
    }
    return L->nlegend ? row + 1 : 0;
}

static trygg_report_status legend_layout(cairo_t *cr,
                                         const trygg_report_frame *f,
                                         trygg_report_layout *L, double x0,
                                         double w, double *bottom)
{
    double ls = 0.9 * f->font_size, lh = tr_lh(ls);
    tr_font(cr, f, ls, 0);
    for (size_t i = 0; i < L->nlegend; i++) {
        char *t = trygg_report_shorten(cr, L->legend[i].text, w - 2.2 * ls);
        if (!t)
            return TRYGG_REPORT_ERR_NOMEM;
        free(L->legend[i].text);
        L->legend[i].text = t;
    }
    size_t rows = legend_flow(cr, L, x0, w, ls);
    double top = *bottom - rows * lh;
    for (size_t i = 0; i < L->nlegend; i++) {
        trygg_report_legend_entry *e = &L->legend[i];
        double y = top + e->box.y * lh;
        e->box.h = 0.8 * ls;
        e->box.y = y + (lh - e->box.h) / 2;
        e->text_y = y;
    }
    if (rows)
        *bottom = top - 0.8 * f->font_size;
    return TRYGG_REPORT_OK;
}

/* Wraps a block at size and returns its height (0 when empty). */
static double block(cairo_t *cr, const trygg_report_frame *f, const char *s,
                    double size, int bold, double w, size_t max,
                    trygg_report_lines *l, trygg_report_status *st)
{
    if (!s || !*s || *st != TRYGG_REPORT_OK)
        return 0;
    *st = tr_wrap_at(cr, f, size, bold, s, w, max, l);
    return l->nlines * tr_lh(tr_size(f, size));
}

trygg_report_status tr_frame_layout(cairo_t *cr, const trygg_report_frame *f,
                                    trygg_report_layout *L)
{
    /* a figure printed small (a page under 400 × 500 points with a
     * smallest type): narrower margins, one line of title and subtitle,
     * a shorter description */
    L->compact = tr_compact(f);
    double fs = f->font_size, m = (L->compact ? 1.0 : 1.6) * fs, w = f->width - 2 * m;
    double ts = tr_title_size(L), ss = tr_subtitle_size(L);
    size_t lines = L->compact ? 1 : 2;
    trygg_report_status st = TRYGG_REPORT_OK;
    L->margin = m;
    L->title_y = m;
    double y = m + block(cr, f, f->title, ts, 1, w, lines, &L->title, &st);
    L->subtitle_y = y + (L->title.nlines ? 0.2 * fs : 0);
    /* a small figure: the facts after the subtitle, on its line */
    char *joined = L->compact && f->subtitle && *f->subtitle && f->facts && *f->facts
                       ? malloc(strlen(f->subtitle) + strlen(f->facts) + 8) : NULL;
    if (joined)
        sprintf(joined, "%s · %s", f->subtitle, f->facts);
    y = L->subtitle_y +
        block(cr, f, joined ? joined : f->subtitle, ss, 0, w, joined ? 2 : lines,
              &L->subtitle, &st);
    L->facts_y = y + (f->facts && *f->facts && !joined ? 0.2 * fs : 0);
    y = L->facts_y + block(cr, f, joined ? NULL : f->facts, 0.9 * fs, 0, w, 2, &L->facts, &st);
    free(joined);
    if (L->title.nlines || L->subtitle.nlines || L->facts.nlines)
        y += (L->type == TRYGG_REPORT_CHART_COVER ? 2.5 : 0.8) * fs;
    double nh = block(cr, f, f->note, 0.8 * fs, 0, w, L->compact ? 6 : 3, &L->note, &st);
    double bottom = f->height - m - nh;
    L->note_y = bottom;
    if (nh > 0)
        bottom -= 0.5 * fs;
    /* the chart's description just under it, above the note */
    double dh = block(cr, f, f->description, 0.85 * fs, 0, w, L->compact ? 2 : 4,
                      &L->description, &st);
    bottom -= dh;
    L->description_y = bottom;
    if (dh > 0)
        bottom -= 0.5 * fs;
    if (st == TRYGG_REPORT_OK)
        st = legend_layout(cr, f, L, m, w, &bottom);
    L->body = (trygg_report_rect){m, y, w, bottom - y};
    if (st == TRYGG_REPORT_OK && (L->body.h < 4 * fs || w < 20 * fs))
        st = f->min_font > 0 ? TRYGG_REPORT_ERR_FIT
                             : TRYGG_REPORT_ERR_ARGUMENT; /* page too small for its text */
    return st;
}

void tr_frame_pull_up(trygg_report_layout *L, double bottom)
{
    double slack = L->body.y + L->body.h - bottom;
    if (slack <= 0)
        return;
    for (size_t i = 0; i < L->nlegend; i++) {
        L->legend[i].box.y -= slack;
        L->legend[i].text_y -= slack;
    }
    L->note_y -= slack;
    L->description_y -= slack;
    L->body.h -= slack;
}
