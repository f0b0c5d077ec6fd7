/* Writing SPSS and Stata files for the tests with ReadStat's writer, as a
 * survey vendor's delivery looks: one file for CSV response files, string
 * variables for text, numbers for the rest, the items with their scales'
 * value labels and question texts, "don't know" codes declared missing. */
#include <iconv.h>
#include <readstat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_support.h"

static ssize_t write_bytes(const void *data, size_t len, void *ctx)
{
    return fwrite(data, 1, len, ctx) == len ? (ssize_t)len : -1;
}

/* A number as the whole cell, or not. */
static int is_number(const char *s, double *v)
{
    char *end;
    if (!s[0])
        return 1;
    *v = strtod(s, &end);
    return *end == 0;
}

/* `s` in the encoding asked for (a new string). */
static char *encode(const char *s, const char *encoding)
{
    if (!encoding)
        return strdup(s);
    iconv_t cd = iconv_open(encoding, "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t in = strlen(s), out = 4 * in + 1;
    char *buf = calloc(out + 1, 1), *ip = (char *)s, *op = buf;
    assert_true(iconv(cd, &ip, &in, &op, &out) != (size_t)-1);
    iconv_close(cd);
    return buf;
}

typedef struct {
    ts_table **parts;
    size_t nparts;
    const ts_table *scales, *items;
    const ts_statfile_options *o;
} source;

static const char *cell_of(const source *s, size_t row, size_t col)
{
    for (size_t p = 0; p < s->nparts; p++) {
        if (row < s->parts[p]->nrows)
            return ts_cell(s->parts[p], row, col);
        row -= s->parts[p]->nrows;
    }
    return "";
}

static size_t rows_of(const source *s)
{
    size_t n = 0;
    for (size_t p = 0; p < s->nparts; p++)
        n += s->parts[p]->nrows;
    return n;
}

/* The scale of item `name` in items.csv, or NULL. */
static const char *item_scale(const source *s, const char *name, const char **label)
{
    size_t ci = ts_col(s->items, "item"), cs = ts_col(s->items, "scale"),
           cl = ts_col(s->items, "label_sv");
    for (size_t r = 0; r < s->items->nrows; r++)
        if (strcmp(ts_cell(s->items, r, ci), name) == 0) {
            *label = ts_cell(s->items, r, cl);
            return ts_cell(s->items, r, cs);
        }
    return NULL;
}

static readstat_label_set_t *scale_labels(readstat_writer_t *w, const source *s,
                                          const char *scale)
{
    for (long i = 0; i < w->label_sets_count; i++)
        if (strcmp(w->label_sets[i]->name, scale) == 0)
            return w->label_sets[i];
    readstat_label_set_t *set = readstat_add_label_set(w, READSTAT_TYPE_DOUBLE, scale);
    size_t cs = ts_col(s->scales, "scale"), cc = ts_col(s->scales, "code"),
           cl = ts_col(s->scales, "label_sv");
    for (size_t r = 0; r < s->scales->nrows; r++)
        if (strcmp(ts_cell(s->scales, r, cs), scale) == 0) {
            char *l = encode(ts_cell(s->scales, r, cl), s->o->encoding);
            readstat_label_double_value(set, atof(ts_cell(s->scales, r, cc)), l);
            free(l);
        }
    return set;
}

static void declare_missing(readstat_variable_t *v, const source *s,
                            const char *scale)
{
    size_t cs = ts_col(s->scales, "scale"), cc = ts_col(s->scales, "code"),
           cv = ts_col(s->scales, "valid");
    for (size_t r = 0; r < s->scales->nrows; r++)
        if (strcmp(ts_cell(s->scales, r, cs), scale) == 0 &&
            strcmp(ts_cell(s->scales, r, cv), "0") == 0)
            assert_int_equal(readstat_variable_add_missing_double_value(
                                 v, atof(ts_cell(s->scales, r, cc))), READSTAT_OK);
}

/* One variable per column: a string when any cell is not a number. */
static readstat_variable_t **add_variables(readstat_writer_t *w, const source *s,
                                           int *is_string)
{
    const ts_table *t = s->parts[0];
    readstat_variable_t **vars = calloc(t->ncols + 1, sizeof *vars);
    size_t n = rows_of(s);
    for (size_t c = 0; c < t->ncols; c++) {
        size_t width = 1;
        is_string[c] = 0;
        for (size_t r = 0; r < n; r++) {
            double v;
            const char *cell = cell_of(s, r, c);
            char *enc = encode(cell, s->o->encoding);
            if (strlen(enc) > width)
                width = strlen(enc);
            free(enc);
            is_string[c] |= !is_number(cell, &v);
        }
        const char *name = t->header[c];
        if (s->o->skip && strcmp(s->o->skip, name) == 0) {
            vars[c] = NULL;
            continue;
        }
        vars[c] = readstat_add_variable(w, name, is_string[c] ? READSTAT_TYPE_STRING
                                                              : READSTAT_TYPE_DOUBLE,
                                        is_string[c] ? width : 0);
        const char *label = NULL, *scale = is_string[c] ? NULL : item_scale(s, name, &label);
        if (scale) {
            char *l = encode(label, s->o->encoding);
            readstat_variable_set_label(vars[c], l);
            free(l);
            readstat_variable_set_label_set(vars[c], scale_labels(w, s, scale));
            if (!s->o->dta)
                declare_missing(vars[c], s, scale);
        }
        if (s->o->sex_labels && strcmp(name, s->o->sex_labels) == 0) {
            readstat_label_set_t *set = readstat_add_label_set(w, READSTAT_TYPE_DOUBLE, "kon");
            readstat_label_double_value(set, 1, "Man");
            readstat_label_double_value(set, 2, "Kvinna");
            readstat_variable_set_label_set(vars[c], set);
        }
    }
    return vars;
}

static void write_rows(readstat_writer_t *w, const source *s,
                       readstat_variable_t **vars, const int *is_string)
{
    size_t n = rows_of(s), ncols = s->parts[0]->ncols;
    for (size_t r = 0; r < n; r++) {
        assert_int_equal(readstat_begin_row(w), READSTAT_OK);
        for (size_t c = 0; c < ncols; c++) {
            const char *cell = cell_of(s, r, c);
            if (!vars[c])
                continue;
            if (is_string[c]) {
                char *enc = encode(cell, s->o->encoding);
                assert_int_equal(readstat_insert_string_value(w, vars[c], enc), READSTAT_OK);
                free(enc);
            } else if (!cell[0]) {
                assert_int_equal(readstat_insert_missing_value(w, vars[c]), READSTAT_OK);
            } else {
                assert_int_equal(readstat_insert_double_value(w, vars[c], strtod(cell, NULL)),
                                 READSTAT_OK);
            }
        }
        assert_int_equal(readstat_end_row(w), READSTAT_OK);
    }
}

/* ReadStat writes every .sav as UTF-8 (character code 65001 in the
 * machine-integer record, and no encoding record); an older SPSS file
 * names its code page there (1252 for Windows-1252). */
static void declare_encoding(const char *path, const char *encoding, int codepage)
{
    size_t len;
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc(len + 64);
    assert_int_equal(fread(b, 1, len, f), len);
    fclose(f);
    int patched = 0;
    for (size_t i = 0; i + 16 <= len; i += 4) {
        int32_t rec[4];
        memcpy(rec, b + i, sizeof rec);
        if (rec[0] == 7 && rec[1] == 3 && rec[2] == 4 && rec[3] == 8) {
            int32_t cp = codepage;
            memcpy(b + i + 16 + 7 * 4, &cp, 4);  /* character_code */
            patched |= 1;
        }
        if (rec[0] == 7 && rec[1] == 20 && rec[2] == 1 && rec[3] == 5 &&
            memcmp(b + i + 16, "UTF-8", 5) == 0) {
            int32_t n = (int32_t)strlen(encoding);
            memmove(b + i + 16 + n, b + i + 16 + 5, len - (i + 16 + 5));
            memcpy(b + i + 12, &n, 4);
            memcpy(b + i + 16, encoding, (size_t)n);
            len = len - 5 + (size_t)n;
            patched |= 2;
            break;
        }
    }
    assert_int_equal(patched & 1, 1);
    f = fopen(path, "wb");
    assert_int_equal(fwrite(b, 1, len, f), len);
    fclose(f);
    free(b);
}

void ts_statfile_options_init(ts_statfile_options *o)
{
    memset(o, 0, sizeof *o);
}

void ts_write_statfile(const char *out, const char *const *csv, size_t ncsv,
                       const char *defdir, const ts_statfile_options *o)
{
    char path[4096];
    source s = {calloc(ncsv + 1, sizeof *s.parts), ncsv, NULL, NULL, o};
    for (size_t i = 0; i < ncsv; i++)
        s.parts[i] = ts_table_read(csv[i]);
    ts_table *scales = ts_table_read(ts_path(path, sizeof path, defdir, "scales.csv"));
    ts_table *items = ts_table_read(ts_path(path, sizeof path, defdir, "items.csv"));
    s.scales = scales;
    s.items = items;
    readstat_writer_t *w = readstat_writer_init();
    readstat_set_data_writer(w, write_bytes);
    if (o->zsav)
        readstat_writer_set_compression(w, READSTAT_COMPRESS_BINARY);
    int *is_string = calloc(s.parts[0]->ncols + 1, sizeof *is_string);
    readstat_variable_t **vars = add_variables(w, &s, is_string);
    FILE *f = fopen(out, "wb");
    assert_non_null(f);
    readstat_error_t rc = o->dta ? readstat_begin_writing_dta(w, f, (long)rows_of(&s))
                                 : readstat_begin_writing_sav(w, f, (long)rows_of(&s));
    assert_int_equal(rc, READSTAT_OK);
    write_rows(w, &s, vars, is_string);
    assert_int_equal(readstat_end_writing(w), READSTAT_OK);
    fclose(f);
    readstat_writer_free(w);
    if (o->encoding && !o->dta)
        declare_encoding(out, o->encoding, o->codepage);
    free(vars);
    free(is_string);
    for (size_t i = 0; i < ncsv; i++)
        ts_table_free(s.parts[i]);
    free(s.parts);
    ts_table_free(scales);
    ts_table_free(items);
}
