/* Text pages: blocks gathered in the arena, then a text chart with the
 * frame's words like any other page. */
#include "book_internal.h"

void book_doc_init(book_doc *d, trygg_book_arena *a, size_t cap)
{
    d->a = a;
    d->n = 0;
    d->cap = cap;
    d->b = trygg_book_alloc(a, (cap + 1) * sizeof *d->b);
    d->nomem = !d->b;
}

static trygg_report_block *next(book_doc *d)
{
    if (d->nomem || d->n == d->cap) {
        d->nomem = 1;
        return NULL;
    }
    return &d->b[d->n++];
}

void book_doc_heading(book_doc *d, const char *text)
{
    trygg_report_block *b = text ? next(d) : NULL;
    if (b) {
        b->kind = TRYGG_REPORT_BLOCK_HEADING;
        b->text = text;
    }
}

void book_doc_paragraph(book_doc *d, const char *text)
{
    trygg_report_block *b = text && *text ? next(d) : NULL;
    if (b) {
        b->kind = TRYGG_REPORT_BLOCK_PARAGRAPH;
        b->text = text;
    }
}

trygg_report_block *book_doc_table(book_doc *d, size_t nrows, size_t ncols)
{
    trygg_report_block *b = next(d);
    if (!b)
        return NULL;
    b->kind = TRYGG_REPORT_BLOCK_TABLE;
    b->nrows = nrows;
    b->ncols = ncols;
    const char **h = trygg_book_alloc(d->a, (ncols + 1) * sizeof *h);
    const char **cells = trygg_book_alloc(d->a, (nrows * ncols + 1) * sizeof *cells);
    unsigned char *bold = trygg_book_alloc(d->a, nrows + 1);
    if (!h || !cells || !bold) {
        d->nomem = 1;
        return NULL;
    }
    for (size_t i = 0; i < nrows * ncols; i++)
        cells[i] = "";
    b->header = h;
    b->cells = cells;
    b->bold = bold;
    return b;
}

int book_doc_finish(const trygg_book_ctx *c, book_doc *d, const char *title,
                    const char *subtitle, const char *what, trygg_report_chart *chart)
{
    trygg_report_doc *m = trygg_book_alloc(d->a, sizeof *m);
    if (!m || d->nomem)
        return book_fail(d->a, "out of memory");
    trygg_report_doc_init(m);
    book_frame(c, d->a, &m->frame, title, subtitle, NULL);
    book_note(c, d->a, &m->frame, what, NULL);
    m->blocks = d->b;
    m->nblocks = d->n;
    chart->type = TRYGG_REPORT_CHART_DOC;
    chart->m.doc = m;
    return 0;
}
