#include "test_support.h"

#include <csv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    ts_table *t;
    char **row;
    size_t col, cap_cells, nrow_cells;
    int in_header;
} reader;

static void on_field(void *s, size_t len, void *ctx)
{
    reader *r = ctx;
    char *v = malloc(len + 1);
    assert_non_null(v);
    if (len)
        memcpy(v, s, len);
    v[len] = 0;
    if (r->in_header) {
        r->t->header = realloc(r->t->header, (r->t->ncols + 1) * sizeof(char *));
        r->t->header[r->t->ncols++] = v;
        return;
    }
    if (r->nrow_cells == r->cap_cells) {
        r->cap_cells = r->cap_cells ? 2 * r->cap_cells : 1024;
        r->t->cells = realloc(r->t->cells, r->cap_cells * sizeof(char *));
    }
    r->t->cells[r->nrow_cells++] = v;
    r->col++;
}

static void on_row(int c, void *ctx)
{
    reader *r = ctx;
    (void)c;
    if (r->in_header) {
        r->in_header = 0;
        return;
    }
    if (r->col != r->t->ncols)
        fail_msg("reference row %zu has %zu fields, header has %zu",
                 r->t->nrows + 1, r->col, r->t->ncols);
    r->t->nrows++;
    r->col = 0;
}

ts_table *ts_table_read(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    ts_table *t = calloc(1, sizeof *t);
    reader r = {.t = t, .in_header = 1};
    struct csv_parser p;
    csv_init(&p, CSV_APPEND_NULL);
    char buf[65536];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0)
        if (csv_parse(&p, buf, got, on_field, on_row, &r) != got)
            fail_msg("CSV error in %s", path);
    csv_fini(&p, on_field, on_row, &r);
    csv_free(&p);
    fclose(f);
    return t;
}

void ts_table_free(ts_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->ncols; i++)
        free(t->header[i]);
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->header);
    free(t->cells);
    free(t);
}

size_t ts_col(const ts_table *t, const char *name)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (strcmp(t->header[i], name) == 0)
            return i;
    fail_msg("no column %s in reference table", name);
    return 0;
}

const char *ts_cell(const ts_table *t, size_t row, size_t col)
{
    return t->cells[row * t->ncols + col];
}

double ts_num(const ts_table *t, size_t row, size_t col)
{
    const char *s = ts_cell(t, row, col);
    while (*s == ' ')
        s++;
    if (!*s || strcmp(s, "NA") == 0 || strcmp(s, "NaN") == 0)
        return NAN;
    char *end;
    double v = strtod(s, &end);
    if (end == s)
        fail_msg("not a number in reference: '%s'", s);
    return v;
}

int ts_close(double a, double b, double rel, double abs_floor)
{
    if (isnan(a) && isnan(b))
        return 1;
    if (isnan(a) || isnan(b))
        return 0;
    double d = fabs(a - b);
    if (d <= abs_floor)
        return 1;
    double m = fmax(fabs(a), fabs(b));
    return d <= rel * m;
}

void ts_assert_close(double got, double want, double rel, double abs_floor,
                     const char *what)
{
    if (!ts_close(got, want, rel, abs_floor))
        fail_msg("%s: got %.17g, want %.17g (rel diff %.3g, tolerance %.1g)",
                 what, got, want, fabs(got - want) / fmax(fabs(want), 1e-300),
                 rel);
}

char *ts_path(char *buf, size_t size, const char *a, const char *b)
{
    int n = snprintf(buf, size, "%s/%s", a, b);
    if (n < 0 || (size_t)n >= size)
        fail_msg("path %s/%s does not fit in %zu bytes", a, b, size);
    return buf;
}

char *ts_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, got;
    char *b = malloc(cap);
    assert_non_null(b);
    while ((got = fread(b + n, 1, cap - n - 1, f)) > 0)
        if ((n += got) + 1 == cap) {
            b = realloc(b, cap *= 2);
            assert_non_null(b);
        }
    b[n] = 0;
    fclose(f);
    return b;
}

void ts_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        fail_msg("cannot write %s", path);
    fputs(text, f);
    if (fclose(f) != 0)
        fail_msg("cannot write %s", path);
}
