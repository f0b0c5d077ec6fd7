/* Drawing the page around a chart: background, title, subtitle, legend,
 * note. Positions come from tr_frame_layout(). */
#include "report_internal.h"

static void sym_line(cairo_t *cr, trygg_report_rect b, tr_rgb c, int dashed)
{
    double y = b.y + b.h / 2, d[] = {3, 2};
    if (!dashed) {
        cairo_set_source_rgba(cr, c.r, c.g, c.b, 0.25);
        cairo_rectangle(cr, b.x, b.y - 0.2 * b.h, b.w, 1.4 * b.h);
        cairo_fill(cr);
    }
    tr_set(cr, c);
    cairo_set_line_width(cr, 2);
    cairo_set_dash(cr, d, dashed ? 2 : 0, 0);
    cairo_move_to(cr, b.x, y);
    cairo_line_to(cr, b.x + b.w, y);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    double r = 0.3 * b.h;
    if (dashed)
        cairo_rectangle(cr, b.x + b.w / 2 - r, y - r, 2 * r, 2 * r);
    else
        cairo_arc(cr, b.x + b.w / 2, y, r, 0, 2 * TR_PI);
    cairo_fill(cr);
}

static void sym_draw(cairo_t *cr, const trygg_report_frame *f,
                     const trygg_report_legend_entry *e)
{
    trygg_report_rect b = e->box;
    tr_rgb c = {e->r, e->g, e->b};
    double cx = b.x + b.w / 2, cy = b.y + b.h / 2;
    cairo_new_path(cr); /* show_text leaves a current point behind */
    switch (e->symbol) {
    case TRYGG_REPORT_SYM_BAR:
    case TRYGG_REPORT_SYM_HATCH:
    case TRYGG_REPORT_SYM_HATCH_CV:
        tr_bar(cr, b, c, e->symbol == TRYGG_REPORT_SYM_HATCH ? 1
                         : e->symbol == TRYGG_REPORT_SYM_HATCH_CV ? 2 : 0);
        break;
    case TRYGG_REPORT_SYM_CI:
        tr_set(cr, c);
        tr_whisker_h(cr, b.x + 1, b.x + b.w - 1, cy, b.h, 1, 1);
        break;
    case TRYGG_REPORT_SYM_PARENT:
        tr_diamond(cr, cx, cy, 1.2 * b.h, c);
        break;
    case TRYGG_REPORT_SYM_LINE:
    case TRYGG_REPORT_SYM_DASHED:
        sym_line(cr, b, c, e->symbol == TRYGG_REPORT_SYM_DASHED);
        break;
    case TRYGG_REPORT_SYM_REF:
        tr_set(cr, c);
        cairo_set_line_width(cr, 2);
        cairo_move_to(cr, cx, b.y - 0.3 * b.h);
        cairo_line_to(cr, cx, b.y + 1.3 * b.h);
        cairo_stroke(cr);
        break;
    case TRYGG_REPORT_SYM_UPDOWN:
        tr_mark(cr, TRYGG_REPORT_MARK_UP, c, cx - 0.45 * b.h, cy, b.h);
        tr_mark(cr, TRYGG_REPORT_MARK_DOWN, c, cx + 0.45 * b.h, cy, b.h);
        break;
    case TRYGG_REPORT_SYM_UP:
    case TRYGG_REPORT_SYM_DOWN:
        tr_mark(cr, e->symbol == TRYGG_REPORT_SYM_UP ? TRYGG_REPORT_MARK_UP
                                                     : TRYGG_REPORT_MARK_DOWN,
                c, cx, cy, b.h);
        break;
    case TRYGG_REPORT_SYM_ABOVE:
    case TRYGG_REPORT_SYM_BELOW:
        tr_mark(cr, e->symbol == TRYGG_REPORT_SYM_ABOVE ? TRYGG_REPORT_MARK_ABOVE
                                                        : TRYGG_REPORT_MARK_BELOW,
                c, cx, cy, 1.2 * b.h);
        break;
    case TRYGG_REPORT_SYM_NONE:
        break;
    case TRYGG_REPORT_SYM_HOLLOW:
        tr_set(cr, TR_WHITE);
        cairo_arc(cr, cx, cy, 0.4 * b.h, 0, 2 * TR_PI);
        cairo_fill_preserve(cr);
        tr_set(cr, c);
        cairo_set_line_width(cr, 1.5);
        cairo_stroke(cr);
        break;
    case TRYGG_REPORT_SYM_DOTS:
        tr_set(cr, TR_TEXT);
        tr_show(cr, cx, e->text_y, "..", 0.5);
        break;
    }
}

void tr_draw_legend(cairo_t *cr, const trygg_report_frame *f,
                    const trygg_report_layout *L)
{
    for (size_t i = 0; i < L->nlegend; i++) {
        const trygg_report_legend_entry *e = &L->legend[i];
        tr_font(cr, f, 0.9 * f->font_size, 0);
        sym_draw(cr, f, e);
        tr_set(cr, TR_TEXT);
        tr_font(cr, f, 0.9 * f->font_size, 0);
        tr_show(cr, e->text_x, e->text_y, e->text, 0);
    }
}

/* A PDF page is white already; and cairo's PDF surface drops what came
 * before an opaque paint of the whole page, the beginning of a tag too
 * (the document's, opened before its first page). Other surfaces (PNG,
 * SVG) would be transparent. */
void tr_draw_background(cairo_t *cr, const trygg_report_layout *L)
{
    if (cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_PDF)
        return;
    tr_set(cr, TR_WHITE);
    cairo_rectangle(cr, 0, 0, L->width, L->height);
    cairo_fill(cr);
}

void tr_draw_head(cairo_t *cr, const trygg_report_frame *f,
                  const trygg_report_layout *L)
{
    double fs = f->font_size, m = L->margin;
    double ts = tr_title_size(L), ss = tr_subtitle_size(L);
    if (L->title.nlines) {
        cairo_tag_begin(cr, "H1", NULL);
        tr_set(cr, TR_TEXT);
        tr_font(cr, f, ts, 1);
        tr_show_lines(cr, m, L->title_y, tr_lh(tr_size(f, ts)), &L->title, 0);
        cairo_tag_end(cr, "H1");
    }
    const trygg_report_lines *grey[] = {&L->subtitle, &L->facts};
    const double y[] = {L->subtitle_y, L->facts_y}, size[] = {ss, 0.9 * fs};
    for (int i = 0; i < 2; i++) {
        if (!grey[i]->nlines)
            continue;
        cairo_tag_begin(cr, "P", NULL);
        tr_set(cr, TR_GREY);
        tr_font(cr, f, size[i], 0);
        tr_show_lines(cr, m, y[i], tr_lh(tr_size(f, size[i])), grey[i], 0);
        cairo_tag_end(cr, "P");
    }
}

void tr_draw_foot(cairo_t *cr, const trygg_report_frame *f,
                  const trygg_report_layout *L)
{
    double fs = f->font_size, m = L->margin;
    if (L->description.nlines) {
        cairo_tag_begin(cr, "P", NULL);
        tr_set(cr, TR_TEXT);
        tr_font(cr, f, 0.85 * fs, 0);
        tr_show_lines(cr, m, L->description_y, tr_lh(tr_size(f, 0.85 * fs)),
                      &L->description, 0);
        cairo_tag_end(cr, "P");
    }
    if (L->note.nlines) {
        cairo_tag_begin(cr, "P", NULL);
        tr_set(cr, TR_GREY);
        tr_font(cr, f, 0.8 * fs, 0);
        tr_show_lines(cr, m, L->note_y, tr_lh(tr_size(f, 0.8 * fs)), &L->note, 0);
        cairo_tag_end(cr, "P");
    }
}
