/* Headline figures in boxes: the Lägesbild's band and the cover page.
 * A box holds its label, the value in large type with a ▲/▼ when the
 * change is significant, and the CI in small print. */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

void tr_headline_marks(const trygg_report_headline *h, size_t n, tr_marks *s)
{
    for (size_t i = 0; i < n; i++)
        if (tr_drawable(&h[i].value))
            tr_marks_add(s, h[i].mark, h[i].tone);
}

unsigned tr_headline_flags(const trygg_report_headline *h, size_t n)
{
    unsigned f = 0;
    for (size_t i = 0; i < n; i++)
        f |= h[i].value.flags;
    return f;
}

/* Sizes of a box's parts for base font fs and scale k. */
static double label_size(double fs, double k) { return 0.85 * fs * k; }
static double value_size(double fs, double k) { return 1.8 * fs * k; }
static double ci_size(double fs, double k) { return 0.8 * fs * k; }

static double box_height(double fs, double k)
{
    return 1.5 * fs + 2 * tr_lh(label_size(fs, k)) +
           tr_lh(value_size(fs, k)) + tr_lh(ci_size(fs, k));
}

trygg_report_status tr_boxes_layout(cairo_t *cr, const trygg_report_frame *f,
                                    const trygg_report_headline *h, size_t n,
                                    size_t per_row, double k,
                                    trygg_report_rect area,
                                    trygg_report_layout *L, double *used)
{
    double fs = f->font_size, gap = fs, bh = box_height(fs, k);
    *used = 0;
    if (n == 0 || per_row == 0)
        return TRYGG_REPORT_OK;
    size_t cols = n < per_row ? n : per_row, nrow = (n + per_row - 1) / per_row;
    double bw = cols ? (area.w - (cols - 1) * gap) / cols : 0;
    *used = nrow ? nrow * bh + (nrow - 1) * gap : 0;
    L->band = (trygg_report_rect){area.x, area.y, area.w, *used};
    trygg_report_status st = tr_slots_alloc(&L->boxes, n);
    if (st != TRYGG_REPORT_OK)
        return st;
    L->nboxes = n;
    for (size_t i = 0; i < n && st == TRYGG_REPORT_OK; i++) {
        trygg_report_slot *s = &L->boxes[i];
        s->item = i;
        s->r = (trygg_report_rect){area.x + (i % per_row) * (bw + gap),
                                   area.y + (i / per_row) * (bh + gap), bw, bh};
        st = tr_wrap_at(cr, f, label_size(fs, k), 0, h[i].label,
                        bw - 1.2 * fs, 2, &s->label);
    }
    return st;
}

/* "95 % KI: 20,1–26,8 %", and the unstable note, fitted to width. */
static void ci_line(cairo_t *cr, const trygg_report_frame *f,
                    const trygg_report_headline *h, double x, double y,
                    double width, double size)
{
    char pct[32], lvl[64], ci[96], line[320];
    trygg_report_format_level(pct, sizeof pct, f->ci_level, f->lang);
    snprintf(lvl, sizeof lvl, trygg_report_text(f->lang, TRYGG_REPORT_TXT_CI_SHORT), pct);
    trygg_report_format_ci(ci, sizeof ci, h->value.lo, h->value.hi, &h->scale,
                           f->lang);
    char prev[96];
    tr_format_previous(prev, sizeof prev, &h->previous, h->previous_year, &h->scale,
                       f->lang);
    snprintf(line, sizeof line, "%s%s%s%s%s", *ci ? lvl : "", *ci ? ": " : "",
             ci, *ci && *prev ? "  " : "", prev);
    tr_font(cr, f, size, 0);
    char *fit = trygg_report_shorten(cr, line, width);
    tr_set(cr, TR_GREY);
    tr_show(cr, x, y, fit, 0);
    free(fit);
}

/* Why it is unstable, in small print after the value: the frame's text
 * for the reason (few answers, a large CV), else "osäker skattning". */
static void unstable_note(cairo_t *cr, const trygg_report_frame *f, unsigned flags,
                          double x, double y, double width, double k)
{
    double size = ci_size(f->font_size, k);
    tr_font(cr, f, size, 0);
    int h = tr_hatch_of(flags);
    const char *why = h == 1 && (flags & TRYGG_REPORT_LOW_N) && f->low_n_text ? f->low_n_text
                      : h == 2 && f->high_cv_text ? f->high_cv_text
                      : trygg_report_text(f->lang, TRYGG_REPORT_TXT_UNSTABLE_SHORT);
    char *t = trygg_report_shorten(cr, why, width);
    tr_set(cr, TR_GREY);
    tr_show(cr, x, y, t, 0);
    free(t);
}

static void value_line(cairo_t *cr, const trygg_report_frame *f,
                       const trygg_report_headline *h, double x, double y,
                       double width, double k)
{
    double fs = f->font_size, vs = value_size(fs, k);
    char buf[64];
    if (!tr_drawable(&h->value)) {
        tr_set(cr, TR_GREY);
        tr_font(cr, f, fs * k, 0);
        tr_show(cr, x, y + (tr_lh(vs) - tr_lh(fs * k)) / 2,
                trygg_report_text(f->lang, h->value.flags & TRYGG_REPORT_SUPPRESSED
                                       ? TRYGG_REPORT_TXT_TOO_FEW
                                   : h->value.flags & TRYGG_REPORT_EMPTY
                                       ? TRYGG_REPORT_TXT_NO_ANSWERS
                                       : TRYGG_REPORT_TXT_MISSING),
                0);
        return;
    }
    trygg_report_format(buf, sizeof buf, h->value.est, &h->scale, f->lang);
    tr_set(cr, h->value.flags & TRYGG_REPORT_UNSTABLE ? TR_GREY : TR_TEXT);
    tr_font(cr, f, vs, 1);
    tr_show(cr, x, y, buf, 0);
    double w = trygg_report_text_width(cr, buf);
    tr_mark(cr, h->mark, tr_tone_colour(h->tone), x + w + 0.5 * vs, y + tr_lh(vs) / 2,
            0.5 * vs);
    w += h->mark ? 0.9 * vs : 0.3 * vs;
    if (h->value.flags & TRYGG_REPORT_UNSTABLE)
        unstable_note(cr, f, h->value.flags, x + w,
                      y + tr_lh(vs) - tr_lh(ci_size(fs, k)) - 0.1 * vs, width - w, k);
}

void tr_boxes_draw(cairo_t *cr, const trygg_report_frame *f,
                   const trygg_report_headline *h, double k,
                   const trygg_report_layout *L)
{
    double fs = f->font_size, pad = 0.6 * fs;
    for (size_t i = 0; i < L->nboxes; i++) {
        const trygg_report_slot *s = &L->boxes[i];
        const trygg_report_headline *hl = &h[s->item];
        tr_fill_rect(cr, s->r, TR_PANEL);
        double x = s->r.x + pad, y = s->r.y + pad;
        tr_set(cr, TR_TEXT);
        tr_font(cr, f, label_size(fs, k), 0);
        tr_show_lines(cr, x, y, tr_lh(label_size(fs, k)), &s->label, 0);
        y += 2 * tr_lh(label_size(fs, k)) + 0.3 * fs;
        value_line(cr, f, hl, x, y, s->r.w - 2 * pad, k);
        y += tr_lh(value_size(fs, k));
        ci_line(cr, f, hl, x, y, s->r.w - 2 * pad, ci_size(fs, k));
    }
}
