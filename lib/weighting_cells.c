/* The margin cell of every respondent of a year. A cell is named by its
 * columns' names joined by " / " ("Nacka / 2"), but a year has a few
 * hundred cells and a few hundred thousand rows: the rows are told apart by
 * the tuple of their category codes, and each tuple's name is made and
 * interned once. Cells come out numbered in the order their names first
 * appear, as interning every row's name would number them. */
#include "weighting_state.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    uint32_t code[4];
    uint32_t cell;
    int used;
} tuple_slot;

typedef struct {
    tuple_slot *slot;
    size_t nslots, nused;
} tuple_table;

static size_t tuple_hash(const uint32_t *code)
{
    uint64_t h = 1469598103934665603ull;
    for (int i = 0; i < 4; i++)
        h = (h ^ code[i]) * 1099511628211ull;
    return (size_t)(h ^ (h >> 29));
}

static tuple_slot *probe(tuple_slot *slot, size_t nslots, const uint32_t *code)
{
    size_t at = tuple_hash(code) & (nslots - 1);
    while (slot[at].used && memcmp(slot[at].code, code, sizeof slot[at].code) != 0)
        at = (at + 1) & (nslots - 1);
    return &slot[at];
}

static trygg_status table_grow(tuple_table *t)
{
    size_t ns = t->nslots ? 2 * t->nslots : 256;
    tuple_slot *n = calloc(ns, sizeof *n);
    if (!n)
        return TRYGG_ERR_NOMEM;
    for (size_t i = 0; i < t->nslots; i++)
        if (t->slot[i].used)
            *probe(n, ns, t->slot[i].code) = t->slot[i];
    free(t->slot);
    t->slot = n;
    t->nslots = ns;
    return TRYGG_OK;
}

/* The cell of a tuple seen for the first time: its name interned. */
static trygg_status new_cell(const trygg_survey *sv, const long *col, int ncols,
                             size_t r, trygg_key_buf *key, trygg_dict *cells,
                             uint32_t *cell)
{
    const char *vals[4];
    for (int c = 0; c < ncols; c++)
        vals[c] = trygg_survey_cat(sv, col[c], r);
    if (trygg_cell_key(key, vals, ncols) != 0)
        return TRYGG_ERR_NOMEM;
    return trygg_dict_intern(cells, key->s, strlen(key->s), cell);
}

trygg_status trygg_cells_of_rows(const trygg_survey *sv, const long *col, int ncols,
                                 const size_t *rows, size_t n, trygg_dict *cells,
                                 uint32_t *cell)
{
    tuple_table t = {NULL, 0, 0};
    trygg_key_buf key = {NULL, 0};
    trygg_status st = table_grow(&t);
    for (size_t i = 0; i < n && st == TRYGG_OK; i++) {
        uint32_t code[4] = {0, 0, 0, 0};
        for (int c = 0; c < ncols; c++)
            code[c] = sv->cols[col[c]].cat[rows[i]];
        tuple_slot *s = probe(t.slot, t.nslots, code);
        if (!s->used) {
            if (2 * (t.nused + 1) > t.nslots) {
                if ((st = table_grow(&t)) != TRYGG_OK)
                    break;
                s = probe(t.slot, t.nslots, code);
            }
            st = new_cell(sv, col, ncols, rows[i], &key, cells, &s->cell);
            memcpy(s->code, code, sizeof code);
            s->used = 1;
            t.nused++;
        }
        cell[i] = s->cell;
    }
    free(t.slot);
    free(key.s);
    return st;
}
