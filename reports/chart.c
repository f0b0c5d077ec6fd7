/* The driver: checks a chart, makes its layout, draws it. One switch per
 * stage dispatches to the chart's own file. */
#include "report_internal.h"

#include <math.h>
#include <stdlib.h>

static int frame_ok(const trygg_report_frame *f)
{
    return f && isfinite(f->width) && isfinite(f->height) && f->width >= 50 &&
           f->height >= 50 && f->width <= 20000 && f->height <= 20000 &&
           isfinite(f->font_size) && f->font_size >= 2 &&
           f->font_size <= f->height / 10 && isfinite(f->ci_level) &&
           f->ci_level > 0 && f->ci_level < 1;
}

static trygg_report_status dispatch(cairo_t *cr, const trygg_report_chart *c,
                                    trygg_report_layout *L)
{
    switch (c->type) {
    case TRYGG_REPORT_CHART_LAGESBILD:
        return tr_lagesbild_layout(cr, c->m.lagesbild, L);
    case TRYGG_REPORT_CHART_COMPARISON:
        return tr_comparison_layout(cr, c->m.comparison, L);
    case TRYGG_REPORT_CHART_TABLE:
        return tr_table_layout(cr, c->m.table, L);
    case TRYGG_REPORT_CHART_GROUPS:
        return tr_groups_layout(cr, c->m.groups, L);
    case TRYGG_REPORT_CHART_TREND:
        return tr_trend_layout(cr, c->m.trend, L);
    case TRYGG_REPORT_CHART_PRIORITIES:
        return tr_priorities_layout(cr, c->m.priorities, L);
    case TRYGG_REPORT_CHART_COVER:
        return tr_cover_layout(cr, c->m.cover, L);
    case TRYGG_REPORT_CHART_DOC:
        return tr_doc_layout(cr, c->m.doc, L);
    case TRYGG_REPORT_CHART_MATRIX:
        return tr_matrix_layout(cr, c->m.matrix, L);
    }
    return TRYGG_REPORT_ERR_ARGUMENT;
}

trygg_report_status trygg_report_layout_new(cairo_t *cr,
                                            const trygg_report_chart *chart,
                                            trygg_report_layout **out)
{
    if (!out)
        return TRYGG_REPORT_ERR_ARGUMENT;
    *out = NULL;
    const trygg_report_frame *f = trygg_report_chart_frame(chart);
    if (!cr || !frame_ok(f))
        return TRYGG_REPORT_ERR_ARGUMENT;
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        return TRYGG_REPORT_ERR_CAIRO;
    trygg_report_layout *L = calloc(1, sizeof *L);
    if (!L)
        return TRYGG_REPORT_ERR_NOMEM;
    L->type = chart->type;
    L->width = f->width;
    L->height = f->height;
    L->font_size = L->label_font = L->small_font = f->font_size;
    cairo_save(cr);
    trygg_report_status st = dispatch(cr, chart, L);
    cairo_restore(cr);
    if (st == TRYGG_REPORT_OK && cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        st = TRYGG_REPORT_ERR_CAIRO;
    if (st != TRYGG_REPORT_OK) {
        trygg_report_layout_free(L);
        return st;
    }
    *out = L;
    return TRYGG_REPORT_OK;
}

static void draw_body(cairo_t *cr, const trygg_report_chart *c,
                      const trygg_report_layout *L)
{
    switch (c->type) {
    case TRYGG_REPORT_CHART_LAGESBILD:
        tr_lagesbild_draw(cr, c->m.lagesbild, L);
        break;
    case TRYGG_REPORT_CHART_COMPARISON:
        tr_comparison_draw(cr, c->m.comparison, L);
        break;
    case TRYGG_REPORT_CHART_TABLE:
        tr_table_draw(cr, c->m.table, L);
        break;
    case TRYGG_REPORT_CHART_GROUPS:
        tr_groups_draw(cr, c->m.groups, L);
        break;
    case TRYGG_REPORT_CHART_TREND:
        tr_trend_draw(cr, c->m.trend, L);
        break;
    case TRYGG_REPORT_CHART_PRIORITIES:
        tr_priorities_draw(cr, c->m.priorities, L);
        break;
    case TRYGG_REPORT_CHART_COVER:
        tr_cover_draw(cr, c->m.cover, L);
        break;
    case TRYGG_REPORT_CHART_DOC:
        tr_doc_draw(cr, c->m.doc, L);
        break;
    case TRYGG_REPORT_CHART_MATRIX:
        tr_matrix_draw(cr, c->m.matrix, L);
        break;
    }
}

trygg_report_status trygg_report_render(cairo_t *cr,
                                        const trygg_report_chart *chart,
                                        const trygg_report_layout *layout)
{
    const trygg_report_frame *f = trygg_report_chart_frame(chart);
    if (!cr || !f || !layout || layout->type != chart->type)
        return TRYGG_REPORT_ERR_ARGUMENT;
    /* Tagged in reading order (PDF only; other surfaces ignore tags): the
     * page a section, its title a heading, the chart and its legend a
     * figure (text pages and covers tag their own headings, paragraphs
     * and tables), then its description and the note. */
    int text_page = chart->type == TRYGG_REPORT_CHART_DOC ||
                    chart->type == TRYGG_REPORT_CHART_COVER;
    cairo_save(cr);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    tr_draw_background(cr, layout);
    cairo_tag_begin(cr, "Sect", NULL);
    tr_draw_head(cr, f, layout);
    cairo_tag_begin(cr, text_page ? "Div" : "Figure", NULL);
    draw_body(cr, chart, layout);
    tr_draw_legend(cr, f, layout);
    cairo_tag_end(cr, text_page ? "Div" : "Figure");
    tr_draw_foot(cr, f, layout);
    cairo_tag_end(cr, "Sect");
    cairo_restore(cr);
    return cairo_status(cr) == CAIRO_STATUS_SUCCESS ? TRYGG_REPORT_OK
                                                    : TRYGG_REPORT_ERR_CAIRO;
}

trygg_report_status trygg_report_draw(cairo_t *cr,
                                      const trygg_report_chart *chart)
{
    trygg_report_layout *L = NULL;
    trygg_report_status st = trygg_report_layout_new(cr, chart, &L);
    if (st == TRYGG_REPORT_OK)
        st = trygg_report_render(cr, chart, L);
    trygg_report_layout_free(L);
    return st;
}
