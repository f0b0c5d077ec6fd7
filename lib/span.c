/* Exact row reduction of sparse 0/1 rows modulo p = 2^61 − 1. */
#include "span.h"

#include <stdlib.h>
#include <string.h>

#define P ((uint64_t)0x1FFFFFFFFFFFFFFFull)

/* A sparse vector: ascending indices, values in [1, P). */
typedef struct {
    uint32_t *idx;
    uint64_t *val;
    size_t n, cap;
} svec;

/* A basis row: its pivot (first index) has value 1; `comb` says which
 * added rows it is the combination of. */
typedef struct {
    svec row, comb;
} basis_row;

struct trygg_span {
    size_t ncols, rank;
    basis_row **pivot;     /* per column: the basis row with that pivot */
    svec v, c, tmp;        /* scratch of a reduction */
    uint32_t *ids;         /* the last answer of trygg_span_contains */
    uint64_t *coef;        /* and the coefficients of its rows */
    size_t nids;
};

static uint64_t mulmod(uint64_t a, uint64_t b)
{
    unsigned __int128 x = (unsigned __int128)a * b;
    uint64_t lo = (uint64_t)(x & P), hi = (uint64_t)(x >> 61);
    uint64_t r = lo + hi;
    return r >= P ? r - P : r;
}

static uint64_t powmod(uint64_t a, uint64_t e)
{
    uint64_t r = 1;
    for (; e; e >>= 1, a = mulmod(a, a))
        if (e & 1)
            r = mulmod(r, a);
    return r;
}

static trygg_status reserve(svec *v, size_t n)
{
    if (n <= v->cap)
        return TRYGG_OK;
    size_t cap = v->cap ? 2 * v->cap : 16;
    while (cap < n)
        cap *= 2;
    uint32_t *idx = realloc(v->idx, cap * sizeof *idx);
    if (idx)
        v->idx = idx;
    uint64_t *val = idx ? realloc(v->val, cap * sizeof *val) : NULL;
    if (!val)
        return TRYGG_ERR_NOMEM;
    v->val = val;
    v->cap = cap;
    return TRYGG_OK;
}

static void svec_free(svec *v)
{
    free(v->idx);
    free(v->val);
    memset(v, 0, sizeof *v);
}

/* out = a − f·b (f in [1, P)). */
static trygg_status axpy(const svec *a, uint64_t f, const svec *b, svec *out)
{
    trygg_status st = reserve(out, a->n + b->n);
    if (st != TRYGG_OK)
        return st;
    size_t i = 0, j = 0, n = 0;
    while (i < a->n || j < b->n) {
        uint64_t x;
        uint32_t at;
        if (j == b->n || (i < a->n && a->idx[i] < b->idx[j])) {
            at = a->idx[i];
            x = a->val[i++];
        } else {
            uint64_t fb = P - mulmod(f, b->val[j]);
            at = b->idx[j];
            if (i < a->n && a->idx[i] == at) {
                x = a->val[i++] + fb;
                x = x >= P ? x - P : x;
            } else {
                x = fb;
            }
            j++;
        }
        if (x) {
            out->idx[n] = at;
            out->val[n++] = x;
        }
    }
    out->n = n;
    return TRYGG_OK;
}

static void swap(svec *a, svec *b)
{
    svec t = *a;
    *a = *b;
    *b = t;
}

/* Reduces s->v against the basis while its first column has a pivot,
 * carrying the combination in s->c. */
static trygg_status reduce(trygg_span *s)
{
    while (s->v.n && s->pivot[s->v.idx[0]]) {
        const basis_row *b = s->pivot[s->v.idx[0]];
        uint64_t f = s->v.val[0];
        trygg_status st = axpy(&s->v, f, &b->row, &s->tmp);
        if (st == TRYGG_OK)
            swap(&s->v, &s->tmp);
        if (st == TRYGG_OK)
            st = axpy(&s->c, f, &b->comb, &s->tmp);
        if (st != TRYGG_OK)
            return st;
        swap(&s->c, &s->tmp);
    }
    return TRYGG_OK;
}

static trygg_status load(trygg_span *s, const uint32_t *cols, size_t n)
{
    trygg_status st = reserve(&s->v, n);
    if (st != TRYGG_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        s->v.idx[i] = cols[i];
        s->v.val[i] = 1;
    }
    s->v.n = n;
    s->c.n = 0;
    return TRYGG_OK;
}

trygg_status trygg_span_new(size_t ncols, trygg_span **out)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return TRYGG_ERR_NOMEM;
    (*out)->ncols = ncols;
    (*out)->pivot = calloc(ncols + 1, sizeof *(*out)->pivot);
    if (!(*out)->pivot) {
        free(*out);
        *out = NULL;
        return TRYGG_ERR_NOMEM;
    }
    return TRYGG_OK;
}

void trygg_span_free(trygg_span *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->ncols; i++)
        if (s->pivot[i]) {
            svec_free(&s->pivot[i]->row);
            svec_free(&s->pivot[i]->comb);
            free(s->pivot[i]);
        }
    free(s->pivot);
    svec_free(&s->v);
    svec_free(&s->c);
    svec_free(&s->tmp);
    free(s->ids);
    free(s->coef);
    free(s);
}

/* s->v, s->c scaled so that the pivot is 1, kept as a basis row. */
static trygg_status keep(trygg_span *s)
{
    basis_row *b = calloc(1, sizeof *b);
    if (!b)
        return TRYGG_ERR_NOMEM;
    uint64_t inv = powmod(s->v.val[0], P - 2);
    for (size_t i = 0; i < s->v.n; i++)
        s->v.val[i] = mulmod(s->v.val[i], inv);
    for (size_t i = 0; i < s->c.n; i++)
        s->c.val[i] = mulmod(s->c.val[i], inv);
    b->row = s->v;
    b->comb = s->c;
    memset(&s->v, 0, sizeof s->v);
    memset(&s->c, 0, sizeof s->c);
    s->pivot[b->row.idx[0]] = b;
    s->rank++;
    return TRYGG_OK;
}

trygg_status trygg_span_add(trygg_span *s, uint32_t id, const uint32_t *cols, size_t n)
{
    trygg_status st = load(s, cols, n);
    if (st == TRYGG_OK && (st = reserve(&s->c, 1)) == TRYGG_OK) {
        s->c.idx[0] = id;
        s->c.val[0] = 1;
        s->c.n = 1;
        st = reduce(s);
    }
    if (st == TRYGG_OK && s->v.n)
        st = keep(s);
    return st;
}

trygg_status trygg_span_contains(trygg_span *s, const uint32_t *cols, size_t n,
                                 int *in, const uint32_t **ids, size_t *nids)
{
    *in = 0;
    *nids = 0;
    *ids = NULL;
    trygg_status st = load(s, cols, n);
    if (st == TRYGG_OK)
        st = reduce(s);
    if (st != TRYGG_OK || s->v.n)
        return st;
    *in = 1;
    uint32_t *got = realloc(s->ids, (s->c.n + 1) * sizeof *got);
    if (got)
        s->ids = got;
    uint64_t *coef = got ? realloc(s->coef, (s->c.n + 1) * sizeof *coef) : NULL;
    if (!coef)
        return TRYGG_ERR_NOMEM;
    s->coef = coef;
    memcpy(got, s->c.idx, s->c.n * sizeof *got);
    for (size_t i = 0; i < s->c.n; i++)   /* the row is −c: see reduce() */
        coef[i] = P - s->c.val[i];
    s->nids = s->c.n;
    *ids = got;
    *nids = s->nids;
    return TRYGG_OK;
}

long trygg_span_coefficient(const trygg_span *s, size_t i)
{
    uint64_t v = s->coef[i];
    if (v <= 1000000)
        return (long)v;
    if (P - v <= 1000000)
        return -(long)(P - v);
    return 0;
}

size_t trygg_span_rank(const trygg_span *s)
{
    return s->rank;
}
