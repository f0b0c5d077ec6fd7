/* Layout of the horizontal bar panel shared by the Lägesbild, the district
 * comparison and the priorities: columns (rank, label, plot, value, mark,
 * text) from left to right, one row per bar, the value axis underneath. */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>

unsigned tr_bars_flags(const trygg_report_bar *b, size_t n)
{
    unsigned f = 0;
    for (size_t i = 0; i < n; i++)
        if (!b[i].heading)
            f |= b[i].value.flags;
    return f;
}

int tr_bars_any(const trygg_report_bar *b, size_t n, unsigned flag)
{
    return (tr_bars_flags(b, n) & flag) != 0;
}

int tr_bars_any_mark(const trygg_report_bar *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (b[i].mark != TRYGG_REPORT_MARK_NONE && !b[i].heading &&
            tr_drawable(&b[i].value))
            return 1;
    return 0;
}

void tr_bars_marks(const trygg_report_bar *b, size_t n, tr_marks *s)
{
    for (size_t i = 0; i < n; i++)
        if (!b[i].heading && tr_drawable(&b[i].value))
            tr_marks_add(s, b[i].mark, b[i].tone);
}

/* 1 when bar a goes before bar b: drawable ones by value, then the rest. */
static int before(const trygg_report_bar *a, const trygg_report_bar *b,
                  trygg_report_sort sort)
{
    int da = tr_drawable(&a->value), db = tr_drawable(&b->value);
    if (da != db)
        return da;
    if (!da)
        return 0;
    return sort == TRYGG_REPORT_SORT_ASC ? a->value.est < b->value.est
                                         : a->value.est > b->value.est;
}

/* Stable insertion sort of the row order (charts have tens of rows). */
static void order_rows(const tr_bars_spec *sp, trygg_report_slot *rows)
{
    for (size_t i = 0; i < sp->n; i++) {
        size_t j = i;
        for (; sp->sort != TRYGG_REPORT_SORT_NONE && j > 0 &&
               before(&sp->bars[i], &sp->bars[rows[j - 1].item], sp->sort);
             j--)
            rows[j].item = rows[j - 1].item;
        rows[j].item = i;
    }
}

static trygg_report_status bars_axis(const tr_bars_spec *sp,
                                     trygg_report_axis *a)
{
    tr_range r;
    tr_range_init(&r);
    for (size_t i = 0; i < sp->n; i++) {
        tr_range_value(&r, &sp->bars[i].value);
        tr_range_add(&r, sp->bars[i].parent);
    }
    tr_range_add(&r, sp->ref_est);
    tr_range_add(&r, sp->ref_lo);
    tr_range_add(&r, sp->ref_hi);
    return tr_axis_for(&r, sp->scale, 5, a);
}

size_t tr_bar_value_text(char *buf, size_t size, const trygg_report_frame *f,
                         const tr_bars_spec *sp, const trygg_report_bar *b)
{
    char v[64], prev[96];
    trygg_report_format(v, sizeof v, b->value.est, sp->scale, f->lang);
    tr_format_previous(prev, sizeof prev, &b->previous, sp->prev_year, sp->scale, f->lang);
    return (size_t)snprintf(buf, size, "%s%s%s", v, *prev ? " " : "", prev);
}

static double values_width(cairo_t *cr, const trygg_report_frame *f,
                           const tr_bars_spec *sp, double size)
{
    char buf[192];
    double w = 0;
    tr_font(cr, f, size, 0);
    for (size_t i = 0; i < sp->n; i++) {
        if (!tr_drawable(&sp->bars[i].value))
            continue;
        tr_bar_value_text(buf, sizeof buf, f, sp, &sp->bars[i]);
        w = fmax(w, trygg_report_text_width(cr, buf));
    }
    return w;
}

static double labels_width(cairo_t *cr, const trygg_report_frame *f,
                           const tr_bars_spec *sp)
{
    double w = 0;
    for (size_t i = 0; i < sp->n; i++) {
        const char *s = sp->bars[i].label;
        if (!sp->bars[i].heading) /* headings run on over the plot */
            w = fmax(w, tr_max_width(cr, f, f->font_size, &s, 1));
    }
    return w;
}

/* Column widths left to right; the plot takes what is left. */
static void columns(cairo_t *cr, const trygg_report_frame *f,
                    const tr_bars_spec *sp, trygg_report_rect area,
                    trygg_report_layout *L)
{
    double fs = f->font_size, x = area.x;
    tr_font(cr, f, fs, 1);
    double rank = sp->ranks ? trygg_report_text_width(cr, "00") + fs : 0;
    double value = values_width(cr, f, sp, L->small_font);
    value = value > 0 ? value + 0.9 * fs : 0;
    double mark = tr_bars_any_mark(sp->bars, sp->n) ? 1.6 * fs : 0;
    double text = sp->texts ? 0.3 * area.w : 0;
    double label = fmin(labels_width(cr, f, sp), (L->compact ? 0.36 : 0.3) * area.w) +
                   0.8 * fs;
    L->rank_col = (trygg_report_rect){x, 0, rank, 0};
    L->label_col = (trygg_report_rect){x += rank, 0, label, 0};
    L->plot = (trygg_report_rect){x += label, 0, 0, 0};
    L->plot.w = area.x + area.w - text - (text > 0 ? fs : 0) - mark - value - x;
    L->value_col = (trygg_report_rect){x += L->plot.w, 0, value, 0};
    L->mark_col = (trygg_report_rect){x += value, 0, mark, 0};
    L->text_col = (trygg_report_rect){area.x + area.w - text, 0, text, 0};
}

/* Rows top-down; the label font shrinks when rows are thin. */
static trygg_report_status rows(cairo_t *cr, const trygg_report_frame *f,
                                const tr_bars_spec *sp, double avail,
                                trygg_report_layout *L)
{
    double fs = f->font_size;
    double row_h = sp->n ? fmin(avail / sp->n, 3.4 * fs) : 0;
    L->plot.h = sp->n ? row_h * sp->n : avail;
    L->label_font = tr_size(f, fmin(fs, row_h / 1.3));
    if (f->min_font > 0 && sp->n && row_h < tr_lh(f->min_font))
        return TRYGG_REPORT_ERR_FIT;   /* rows thinner than the smallest type */
    size_t max = (size_t)fmax(1, fmin(3, floor(0.92 * row_h /
                                                tr_lh(L->label_font))));
    trygg_report_status st = TRYGG_REPORT_OK;
    for (size_t i = 0; i < sp->n && st == TRYGG_REPORT_OK; i++) {
        trygg_report_slot *s = &L->rows[i];
        const trygg_report_bar *b = &sp->bars[s->item];
        s->r = (trygg_report_rect){L->plot.x, L->plot.y + i * row_h,
                                   L->plot.w, row_h};
        if (b->heading)
            st = tr_wrap_at(cr, f, L->label_font, 1, b->label,
                            L->rank_col.w + L->label_col.w + L->plot.w, 1, &s->label);
        else
            st = tr_wrap_at(cr, f, L->label_font, 0, b->label,
                            L->label_col.w - 0.8 * fs, max, &s->label);
        if (st == TRYGG_REPORT_OK && sp->texts)
            st = tr_wrap_at(cr, f, fmin(L->small_font, L->label_font), 0,
                            b->text ? b->text : "", L->text_col.w, max,
                            &L->cols[i].label);
    }
    return st;
}

static void span_columns(trygg_report_layout *L)
{
    trygg_report_rect *c[] = {&L->rank_col, &L->label_col, &L->value_col,
                              &L->mark_col, &L->text_col};
    for (size_t i = 0; i < 5; i++) {
        c[i]->y = L->plot.y;
        c[i]->h = L->plot.h;
    }
}

trygg_report_status tr_bars_layout(cairo_t *cr, const trygg_report_frame *f,
                                   const tr_bars_spec *sp,
                                   trygg_report_rect area,
                                   trygg_report_layout *L)
{
    double fs = f->font_size;
    L->small_font = 0.9 * fs;
    trygg_report_status st = tr_slots_alloc(&L->rows, sp->n);
    if (st == TRYGG_REPORT_OK && sp->texts)
        st = tr_slots_alloc(&L->cols, sp->n);
    if (st != TRYGG_REPORT_OK)
        return st;
    L->nrows = sp->n;
    L->ncols = sp->texts ? sp->n : 0;
    order_rows(sp, L->rows);
    for (size_t i = 0; i < L->ncols; i++)
        L->cols[i].item = L->rows[i].item;
    if ((st = bars_axis(sp, &L->axis)) != TRYGG_REPORT_OK)
        return st;
    columns(cr, f, sp, area, L);
    if (L->plot.w < 8 * fs)
        return TRYGG_REPORT_ERR_ARGUMENT;
    double header = sp->texts ? tr_lh(L->small_font) + 0.3 * fs : 0;
    if (sp->texts)
        st = tr_wrap_at(cr, f, L->small_font, 1, sp->text_title,
                        L->text_col.w, 1, &L->header);
    if (st == TRYGG_REPORT_OK)
        st = tr_wrap_at(cr, f, fs, 0, sp->axis_title, L->plot.w, 2,
                        &L->axis_title);
    if (st != TRYGG_REPORT_OK)
        return st;
    double below = 0.5 * fs + tr_lh(L->small_font) +
                   L->axis_title.nlines * tr_lh(fs);
    L->plot.y = area.y + header;
    st = rows(cr, f, sp, area.h - header - below, L);
    span_columns(L);
    tr_frame_pull_up(L, L->plot.y + L->plot.h + below);
    L->axis.dev_lo = L->plot.x;
    L->axis.dev_hi = L->plot.x + L->plot.w;
    if (st == TRYGG_REPORT_OK && tr_bars_any(sp->bars, sp->n,
                                             TRYGG_REPORT_SUPPRESSED))
        st = tr_too_few_fit(cr, f, fmin(L->small_font, L->label_font),
                            0.9 * L->plot.w, L->nrows ? L->rows[0].r.h : fs,
                            L);
    return st;
}
