/* Defaults of the chart models. Every model starts with a frame, so the
 * common parts are set in one place. */
#include "report_internal.h"

#include <math.h>
#include <string.h>

void trygg_report_value_init(trygg_report_value *v)
{
    v->est = v->lo = v->hi = NAN;
    v->flags = 0;
}

void trygg_report_scale_init(trygg_report_scale *s)
{
    s->kind = TRYGG_REPORT_SHARE;
    s->decimals = 1;
    s->min = s->max = NAN;
}

void trygg_report_frame_init(trygg_report_frame *f)
{
    memset(f, 0, sizeof *f);
    f->lang = TRYGG_REPORT_SV;
    f->width = 842;
    f->height = 595;
    f->font_size = 10;
    f->font_family = "DejaVu Sans";
    f->ci_level = 0.95;
}

void trygg_report_bar_init(trygg_report_bar *b)
{
    memset(b, 0, sizeof *b);
    b->label = "";
    trygg_report_value_init(&b->value);
    trygg_report_value_init(&b->previous);
    b->parent = NAN;
}

void trygg_report_headline_init(trygg_report_headline *h)
{
    memset(h, 0, sizeof *h);
    h->label = "";
    trygg_report_value_init(&h->value);
    trygg_report_value_init(&h->previous);
    trygg_report_scale_init(&h->scale);
}

void trygg_report_lagesbild_init(trygg_report_lagesbild *m)
{
    memset(m, 0, sizeof *m);
    trygg_report_frame_init(&m->frame);
    trygg_report_scale_init(&m->scale);
}

void trygg_report_comparison_init(trygg_report_comparison *m)
{
    memset(m, 0, sizeof *m);
    trygg_report_frame_init(&m->frame);
    trygg_report_scale_init(&m->scale);
    trygg_report_value_init(&m->reference);
}

void trygg_report_table_init(trygg_report_table *m)
{
    memset(m, 0, sizeof *m);
    trygg_report_frame_init(&m->frame);
    trygg_report_scale_init(&m->scale);
}

void trygg_report_groups_init(trygg_report_groups *m)
{
    memset(m, 0, sizeof *m);
    trygg_report_frame_init(&m->frame);
    trygg_report_scale_init(&m->scale);
}

void trygg_report_trend_init(trygg_report_trend *m)
{
    memset(m, 0, sizeof *m);
    trygg_report_frame_init(&m->frame);
    trygg_report_scale_init(&m->scale);
}

void trygg_report_priorities_init(trygg_report_priorities *m)
{
    memset(m, 0, sizeof *m);
    trygg_report_frame_init(&m->frame);
    trygg_report_scale_init(&m->scale);
}

void trygg_report_cover_init(trygg_report_cover *m)
{
    memset(m, 0, sizeof *m);
    trygg_report_frame_init(&m->frame);
}

void trygg_report_doc_init(trygg_report_doc *m)
{
    memset(m, 0, sizeof *m);
    trygg_report_frame_init(&m->frame);
}

void trygg_report_matrix_init(trygg_report_matrix *m)
{
    memset(m, 0, sizeof *m);
    trygg_report_frame_init(&m->frame);
    trygg_report_scale_init(&m->x_scale);
    trygg_report_scale_init(&m->y_scale);
    m->x_split = NAN;
}

const trygg_report_frame *trygg_report_chart_frame(const trygg_report_chart *c)
{
    if (!c || !c->m.lagesbild)
        return NULL;
    switch (c->type) {
    case TRYGG_REPORT_CHART_LAGESBILD:
        return &c->m.lagesbild->frame;
    case TRYGG_REPORT_CHART_COMPARISON:
        return &c->m.comparison->frame;
    case TRYGG_REPORT_CHART_TABLE:
        return &c->m.table->frame;
    case TRYGG_REPORT_CHART_GROUPS:
        return &c->m.groups->frame;
    case TRYGG_REPORT_CHART_TREND:
        return &c->m.trend->frame;
    case TRYGG_REPORT_CHART_PRIORITIES:
        return &c->m.priorities->frame;
    case TRYGG_REPORT_CHART_COVER:
        return &c->m.cover->frame;
    case TRYGG_REPORT_CHART_DOC:
        return &c->m.doc->frame;
    case TRYGG_REPORT_CHART_MATRIX:
        return &c->m.matrix->frame;
    }
    return NULL;
}
