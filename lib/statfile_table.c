/* An SPSS or Stata file as a small table (trygg_table, as csv_reader.h
 * reads CSV ones): for the gross sample, which may come as either. */
#include "statfile.h"

#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"
#include "text_internal.h"
#include "unicode_internal.h"

typedef struct {
    trygg_table *t;
    size_t cap;
    trygg_status st;
} table_ctx;

static int on_variables(void *ctx, const trygg_stat_var *vars, size_t n)
{
    table_ctx *c = ctx;
    c->t->ncols = n;
    c->t->header = calloc(n + 1, sizeof *c->t->header);
    if (!c->t->header)
        return c->st = TRYGG_ERR_NOMEM, 1;
    for (size_t i = 0; i < n; i++)
        if (!(c->t->header[i] = strdup(vars[i].name)))
            return c->st = TRYGG_ERR_NOMEM, 1;
    return 0;
}

static int room(table_ctx *c)
{
    trygg_table *t = c->t;
    if (t->nrows < c->cap)
        return 0;
    size_t nc = c->cap ? 2 * c->cap : 256;
    char **cell = realloc(t->cell, (nc * t->ncols + 1) * sizeof *cell);
    if (cell)
        t->cell = cell;
    unsigned long *line = cell ? realloc(t->line, nc * sizeof *line) : NULL;
    if (!line)
        return c->st = TRYGG_ERR_NOMEM, 1;
    t->line = line;
    memset(t->cell + c->cap * t->ncols, 0, (nc - c->cap) * t->ncols * sizeof *cell);
    c->cap = nc;
    return 0;
}

static void on_field(void *ctx, size_t index, const char *s, size_t len, int user_missing)
{
    table_ctx *c = ctx;
    (void)user_missing;
    if (c->st != TRYGG_OK || index >= c->t->ncols || room(c))
        return;
    char **slot = &c->t->cell[c->t->nrows * c->t->ncols + index];
    free(*slot);
    *slot = NULL;
    trygg_status st = s ? trygg_utf8_nfc(s, len, slot) : TRYGG_OK;
    if (st == TRYGG_OK && !*slot)
        *slot = strdup("");
    if (st != TRYGG_OK || !*slot)
        c->st = st != TRYGG_OK ? st : TRYGG_ERR_NOMEM;
}

static int on_row(void *ctx, unsigned long row)
{
    table_ctx *c = ctx;
    if (c->st != TRYGG_OK || room(c))
        return 1;
    for (size_t i = 0; i < c->t->ncols; i++) {
        char **slot = &c->t->cell[c->t->nrows * c->t->ncols + i];
        if (!*slot && !(*slot = strdup("")))
            return c->st = TRYGG_ERR_NOMEM, 1;
    }
    c->t->line[c->t->nrows++] = row;
    return 0;
}

trygg_status trygg_stat_read_table(const char *path, const char *encoding,
                                   trygg_table **out, trygg_errors *err)
{
    *out = NULL;
    trygg_table *t = calloc(1, sizeof *t);
    if (!t || !(t->file = strdup(path))) {
        free(t);
        return TRYGG_ERR_NOMEM;
    }
    t->sep = ',';
    table_ctx c = {t, 0, TRYGG_OK};
    trygg_stat_options opt = {trygg_stat_kind_of(path), encoding, 0};
    const trygg_stat_fns fns = {on_variables, on_field, on_row};
    trygg_status st = trygg_stat_read(path, NULL, 0, &opt, &fns, &c, NULL, err);
    if (st == TRYGG_OK)
        st = c.st;
    /* a case cut short leaves cells of a row never counted */
    for (size_t i = t->nrows * t->ncols; t->cell && i < c.cap * t->ncols; i++)
        free(t->cell[i]);
    if (st != TRYGG_OK) {
        trygg_table_free(t);
        return st;
    }
    *out = t;
    return TRYGG_OK;
}
