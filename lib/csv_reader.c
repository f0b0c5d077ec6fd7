/* libcsv wrapped: line tracking, strict quoting, bounded fields. */
#include "csv_reader.h"
#include "unicode_internal.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "errors_internal.h"
#include "files_internal.h"
#include "text_internal.h"

/* libcsv is fed at most this much at a time, and the field it is reading
 * checked after each piece: a 200 MB field stops at 64 KB past the limit,
 * not after libcsv has buffered all of it (it grows its buffer 4 KB at a
 * time, so a long field also costs time quadratic in its length). */
enum { FEED_PIECE = 1 << 16 };
/* Files are read this much at a time into the parser, never whole. */
enum { READ_PIECE = 1 << 20 };

#define FIELD_TOO_LONG "field longer than the %d bytes allowed"

typedef struct parse_ctx parse_ctx;

/* Rows collected whole for trygg_csv_parse(): libcsv reuses its buffer, so
 * each field is copied. */
typedef struct {
    trygg_status st;     /* TRYGG_ERR_NOMEM when a copy failed */
    trygg_csv_row_fn fn;
    void *ctx;
    char **field;        /* into `buf`; NULL for an empty field */
    size_t *len;
    size_t *off;         /* field offsets while `buf` moves */
    size_t cap;
    char *buf;           /* the row's field bytes, NUL-separated */
    size_t buf_len, buf_cap;
} collector;

struct parse_ctx {
    const char *file;
    trygg_errors *err;
    trygg_csv_stream_fns fns;
    void *ctx;
    size_t n;            /* fields of the row so far */
    size_t filled;       /* fields of the row that are not empty */
    int has_nul;         /* the input has a NUL byte: check every field */
    unsigned long line, row_line;
    int stop;            /* callback asked to stop */
    trygg_status st;     /* first failure inside a callback */
    int halt;            /* stop || st != TRYGG_OK: callbacks do nothing */
};

/* Kept out of on_field, which then needs no registers saved. */
#if defined(__GNUC__)
#define TRYGG_COLD __attribute__((noinline, cold))
#else
#define TRYGG_COLD
#endif

static void fail(parse_ctx *c, trygg_status st)
{
    if (c->st == TRYGG_OK)
        c->st = st;
    c->halt = 1;
}

/* A field over the limits, or with a NUL byte: 0 when it is fine. */
TRYGG_COLD static int field_problem(parse_ctx *c, const char *s, size_t len)
{
    if (len > TRYGG_CSV_MAX_FIELD) {
        trygg_errors_add(c->err, c->file, c->line, c->n + 1, FIELD_TOO_LONG,
                         TRYGG_CSV_MAX_FIELD);
        fail(c, TRYGG_ERR_LIMIT);
        return -1;
    }
    if (c->n >= TRYGG_CSV_MAX_FIELDS) {
        trygg_errors_add(c->err, c->file, c->row_line, c->n + 1,
                         "more than %d fields in one row", TRYGG_CSV_MAX_FIELDS);
        fail(c, TRYGG_ERR_LIMIT);
        return -1;
    }
    if (s && memchr(s, 0, len)) {
        trygg_errors_add(c->err, c->file, c->line, c->n + 1,
                         "NUL byte inside a field: is this a text (CSV) file?");
        fail(c, TRYGG_ERR_PARSE);
        return -1;
    }
    return 0;
}

static void pass_field(parse_ctx *c, const char *s, size_t len)
{
    /* "" as Excel writes an empty cell: a missing answer, as NULL is */
    const char *field = len ? s : NULL;
    size_t n = c->n++;
    c->filled += field != NULL;
    c->fns.field(c->ctx, n, field, len);
}

TRYGG_COLD static void check_field(parse_ctx *c, const char *s, size_t len)
{
    if (field_problem(c, s, len) == 0)
        pass_field(c, s, len);
}

static void on_field(void *s, size_t len, void *data)
{
    parse_ctx *c = data;
    if (c->halt)
        return;
    if (c->n == 0)
        c->row_line = c->line;
    if (len > TRYGG_CSV_MAX_FIELD || c->n >= TRYGG_CSV_MAX_FIELDS || c->has_nul)
        check_field(c, s, len);
    else
        pass_field(c, s, len);
}

static void on_row(int term, void *data)
{
    parse_ctx *c = data;
    (void)term;
    if (!c->halt) {
        if (c->n == 0)
            c->row_line = c->line;
        if (c->fns.row(c->ctx, c->n, c->filled, c->row_line))
            c->stop = c->halt = 1;
    }
    c->n = 0;
    c->filled = 0;
}

/* ---- whole rows (trygg_csv_parse) ------------------------------------ */

TRYGG_COLD static int collect_room(collector *k, size_t index, size_t len)
{
    if (index >= k->cap) {
        size_t nc = k->cap ? 2 * k->cap : 64;
        while (nc <= index)
            nc *= 2;
        char **nf = realloc(k->field, nc * sizeof *nf);
        if (nf)
            k->field = nf;
        size_t *nl = nf ? realloc(k->len, nc * sizeof *nl) : NULL;
        if (nl)
            k->len = nl;
        size_t *no = nl ? realloc(k->off, nc * sizeof *no) : NULL;
        if (!no)
            return -1;
        k->off = no;
        k->cap = nc;
    }
    if (k->buf_len + len + 1 > k->buf_cap) {
        size_t nc = k->buf_cap ? k->buf_cap : 4096;
        while (nc < k->buf_len + len + 1)
            nc *= 2;
        for (size_t i = 0; i < index; i++)
            k->off[i] = k->field[i] ? (size_t)(k->field[i] - k->buf) : 0;
        char *nb = realloc(k->buf, nc);
        if (!nb)
            return -1;
        k->buf = nb;
        k->buf_cap = nc;
        for (size_t i = 0; i < index; i++)
            if (k->field[i])
                k->field[i] = nb + k->off[i];
    }
    return 0;
}

static void collect_field(void *ctx, size_t index, const char *s, size_t len)
{
    collector *k = ctx;
    if (k->st != TRYGG_OK)
        return;
    if ((index >= k->cap || k->buf_len + len + 1 > k->buf_cap) &&
        collect_room(k, index, len) != 0) {
        k->st = TRYGG_ERR_NOMEM;
        return;
    }
    k->field[index] = NULL;
    k->len[index] = 0;
    if (s) {
        char *to = k->buf + k->buf_len;
        memcpy(to, s, len);
        to[len] = 0;
        k->field[index] = to;
        k->len[index] = len;
        k->buf_len += len + 1;
    }
}

static int collect_row(void *ctx, size_t nfields, size_t nfilled,
                       unsigned long line)
{
    collector *k = ctx;
    if (k->st != TRYGG_OK)
        return 1;
    trygg_csv_row row = {nfields, (const char *const *)k->field, k->len, line,
                         nfilled};
    int stop = k->fn(k->ctx, &row);
    k->buf_len = 0;
    return stop;
}

/* No character counts as padding: " 3" stays " 3" and is reported, never
 * quietly trimmed to "3". */
static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

static trygg_status csv_failure(parse_ctx *c, struct csv_parser *p)
{
    int e = csv_error(p);
    trygg_status st = TRYGG_ERR_PARSE;
    if (e == CSV_ENOMEM) {
        st = TRYGG_ERR_NOMEM;
    } else if (e == CSV_ETOOBIG) {
        trygg_errors_add(c->err, c->file, c->line, c->n + 1, FIELD_TOO_LONG,
                         TRYGG_CSV_MAX_FIELD);
        st = TRYGG_ERR_LIMIT;
    } else {
        trygg_errors_add(c->err, c->file, c->line, c->n + 1,
                         "malformed quoting: a quote inside an unquoted field, or "
                         "text after a closing quote (expected \"...\" around the "
                         "whole field, with \"\" for a quote inside)");
    }
    fail(c, st);
    return st;
}

/* The field libcsv is in the middle of is already past the limit. */
TRYGG_COLD static trygg_status too_long(parse_ctx *c)
{
    trygg_errors_add(c->err, c->file, c->line, c->n + 1, FIELD_TOO_LONG,
                     TRYGG_CSV_MAX_FIELD);
    fail(c, TRYGG_ERR_LIMIT);
    return TRYGG_ERR_LIMIT;
}

/* The byte lines end with: CR in old Mac files, which have CRs and no LF
 * at all (libcsv ends rows at a CR too), else LF. For the usual files the
 * search stops at the first line's end. */
static char line_end(const char *data, size_t len)
{
    return memchr(data, '\n', len) || !memchr(data, '\r', len) ? '\n' : '\r';
}

/* ---- the plain line ------------------------------------------------- */

/* Most lines of a response file are the plain case: no quote, no CR but
 * the one of a CRLF, shorter than a feed piece, begun where libcsv is
 * between rows (pstate 0 is its ROW_NOT_BEGUN; the struct is libcsv's
 * public one). libcsv would cut such a line at the separators and hand
 * over each field NUL-terminated, then end the row; so does this, from a
 * copy of the line, at a fraction of libcsv's cost per byte. Every other
 * line goes to libcsv, which keeps its strictness and its errors. */
static int plain_line(const char *s, size_t n)
{
    if (memchr(s, '"', n))
        return 0;
    const char *cr = memchr(s, '\r', n);
    return !cr || cr == s + n - 1;
}

/* The line s[0..n) (without its LF) as libcsv reads it. */
static void plain_fields(parse_ctx *c, char *line, const char *s, size_t n, char sep)
{
    if (n && s[n - 1] == '\r')
        n--;
    if (n == 0)
        return;   /* libcsv skips blank lines */
    memcpy(line, s, n);
    line[n] = sep;
    size_t start = 0;
    for (size_t i = 0; i <= n; i++)
        if (line[i] == sep) {
            line[i] = 0;
            on_field(line + start, i - start, c);
            start = i + 1;
        }
    on_row(0, c);
}

/* Lines one at a time (for line numbers), long ones in pieces. */
static trygg_status feed(parse_ctx *c, struct csv_parser *p, const char *data,
                         size_t len, char eol, char *line)
{
    size_t pos = 0;
    while (pos < len && !c->stop && c->st == TRYGG_OK) {
        size_t piece = len - pos < FEED_PIECE ? len - pos : FEED_PIECE;
        const char *nl = memchr(data + pos, eol, piece);
        size_t chunk = nl ? (size_t)(nl - (data + pos)) + 1 : piece;
        if (nl && eol == '\n' && p->pstate == 0 && p->entry_pos == 0 &&
            plain_line(data + pos, chunk - 1)) {
            plain_fields(c, line, data + pos, chunk - 1, (char)p->delim_char);
            pos += chunk;
            c->line++;
            continue;
        }
        if (csv_parse(p, data + pos, chunk, on_field, on_row, c) != chunk)
            return csv_failure(c, p);
        pos += chunk;
        if (nl)
            c->line++;
        if (p->entry_pos > TRYGG_CSV_MAX_FIELD)
            return too_long(c);
    }
    return c->st;
}

static trygg_status finish(parse_ctx *c, struct csv_parser *p)
{
    if (c->stop || c->st != TRYGG_OK)
        return c->st;
    if (csv_fini(p, on_field, on_row, c) != 0) {
        trygg_errors_add(c->err, c->file, c->row_line ? c->row_line : c->line,
                         c->n + 1, "a quoted field is never closed (the file "
                         "ends inside \"...\")");
        return TRYGG_ERR_PARSE;
    }
    return c->st;
}

struct trygg_csv_push {
    struct csv_parser p;
    parse_ctx c;
    char eol;
    int fed;      /* the first piece has been fed */
    char *line;   /* a plain line's copy: FEED_PIECE + 1 bytes */
};

trygg_status trygg_csv_push_new(const char *file, char sep,
                                const trygg_csv_stream_fns *fns, void *ctx,
                                trygg_errors *err, trygg_csv_push **out)
{
    *out = NULL;
    trygg_csv_push *q = calloc(1, sizeof *q);
    if (q && !(q->line = malloc(FEED_PIECE + 1))) {
        free(q);
        q = NULL;
    }
    if (!q)
        return TRYGG_ERR_NOMEM;
    if (csv_init(&q->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL |
                            CSV_EMPTY_IS_NULL) != 0) {
        free(q->line);
        free(q);
        return TRYGG_ERR_NOMEM;
    }
    csv_set_delim(&q->p, (unsigned char)sep);
    csv_set_space_func(&q->p, no_space);
    csv_set_blk_size(&q->p, 4096);
    q->c = (parse_ctx){.file = file, .err = err, .fns = *fns, .ctx = ctx, .line = 1};
    *out = q;
    return TRYGG_OK;
}

trygg_status trygg_csv_push_feed(trygg_csv_push *q, const char *data, size_t len)
{
    parse_ctx *c = &q->c;
    if (c->stop || c->st != TRYGG_OK)
        return c->st;
    if (!q->fed) {
        q->fed = 1;
        if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
            data += 3;
            len -= 3;
        }
        q->eol = line_end(data, len);
    }
    /* one scan of each piece spares a look at every field */
    if (!c->has_nul)
        c->has_nul = memchr(data, 0, len) != NULL;
    return feed(c, &q->p, data, len, q->eol, q->line);
}

int trygg_csv_push_done(const trygg_csv_push *q)
{
    return q->c.stop || q->c.st != TRYGG_OK;
}

trygg_status trygg_csv_push_finish(trygg_csv_push *q)
{
    return finish(&q->c, &q->p);
}

void trygg_csv_push_free(trygg_csv_push *q)
{
    if (!q)
        return;
    csv_free(&q->p);
    free(q->line);
    free(q);
}

trygg_status trygg_csv_stream(const char *file, const char *data, size_t len,
                              char sep, const trygg_csv_stream_fns *fns,
                              void *ctx, trygg_errors *err)
{
    trygg_csv_push *q;
    trygg_status st = trygg_csv_push_new(file, sep, fns, ctx, err, &q);
    if (st != TRYGG_OK)
        return st;
    st = trygg_csv_push_feed(q, data, len);
    if (st == TRYGG_OK)
        st = trygg_csv_push_finish(q);
    trygg_csv_push_free(q);
    return st;
}

static void collector_free(collector *k)
{
    free(k->field);
    free(k->len);
    free(k->off);
    free(k->buf);
}

trygg_status trygg_csv_parse(const char *file, const char *data, size_t len,
                             char sep, trygg_csv_row_fn fn, void *ctx,
                             trygg_errors *err)
{
    collector k = {.fn = fn, .ctx = ctx};
    trygg_csv_stream_fns fns = {collect_field, collect_row};
    trygg_status st = trygg_csv_stream(file, data, len, sep, &fns, &k, err);
    if (st == TRYGG_OK)
        st = k.st;
    collector_free(&k);
    return st;
}

static trygg_status too_large(const char *path, size_t max_bytes, trygg_errors *err)
{
    trygg_errors_add(err, path, 0, 0, "file larger than %zu bytes", max_bytes);
    return TRYGG_ERR_LIMIT;
}

/* The rest of the file, a piece at a time, after the first piece. */
static trygg_status feed_rest(int fd, const char *path, size_t max_bytes,
                              char *buf, size_t got, trygg_csv_push *q,
                              trygg_errors *err)
{
    size_t total = got;
    trygg_status st = TRYGG_OK;
    while (st == TRYGG_OK && got > 0) {
        st = trygg_csv_push_feed(q, buf, got);
        if (st != TRYGG_OK || trygg_csv_push_done(q) || got < READ_PIECE)
            break;
        st = trygg_read_full(fd, path, buf, READ_PIECE, &got, err);
        total += got;
        if (st == TRYGG_OK && total > max_bytes)
            st = too_large(path, max_bytes, err);
    }
    return st == TRYGG_OK ? trygg_csv_push_finish(q) : st;
}

trygg_status trygg_csv_read_path(const char *path, size_t max_bytes,
                                 trygg_csv_first_fn first,
                                 const trygg_csv_stream_fns *fns, void *ctx,
                                 trygg_errors *err)
{
    int fd;
    size_t size, got = 0;
    trygg_status st = trygg_open_input(path, &fd, &size, err);
    if (st != TRYGG_OK)
        return st;
    char *buf = NULL, sep = ',';
    trygg_csv_push *q = NULL;
    if (size > max_bytes)
        st = too_large(path, max_bytes, err);
    else if (!(buf = malloc(READ_PIECE)))
        st = TRYGG_ERR_NOMEM;
    if (st == TRYGG_OK)
        st = trygg_read_full(fd, path, buf, READ_PIECE, &got, err);
    if (st == TRYGG_OK)
        st = first(ctx, buf, got, size > got ? size : got, got < READ_PIECE, &sep);
    if (st == TRYGG_OK)
        st = trygg_csv_push_new(path, sep, fns, ctx, err, &q);
    if (st == TRYGG_OK)
        st = feed_rest(fd, path, max_bytes, buf, got, q, err);
    trygg_csv_push_free(q);
    free(buf);
    close(fd);
    return st;
}

char trygg_csv_sniff_separator(const char *data, size_t len)
{
    size_t comma = 0, semi = 0;
    int quoted = 0;
    for (size_t i = 0; i < len && data[i] != '\n'; i++) {
        if (data[i] == '"')
            quoted = !quoted;
        else if (!quoted && data[i] == ',')
            comma++;
        else if (!quoted && data[i] == ';')
            semi++;
    }
    return semi > comma ? ';' : ',';
}

trygg_status trygg_read_file(const char *path, size_t max_bytes, char **buf,
                             size_t *len, trygg_errors *err)
{
    *buf = NULL;
    *len = 0;
    int fd;
    size_t size, n = 0;
    trygg_status st = trygg_open_input(path, &fd, &size, err);
    if (st != TRYGG_OK)
        return st;
    size_t cap = size < max_bytes ? size + 1 : max_bytes + 1;
    char *b = malloc(cap + 1);
    while (b && st == TRYGG_OK) {
        size_t got;
        st = trygg_read_full(fd, path, b + n, cap - n, &got, err);
        n += got;
        if (st != TRYGG_OK || n < cap)
            break;
        /* the file grew since fstat (or is at the limit): read on */
        if (cap > max_bytes) {
            st = too_large(path, max_bytes, err);
            break;
        }
        cap = cap * 2 > max_bytes ? max_bytes + 1 : cap * 2;
        char *nb = realloc(b, cap + 1);
        if (!nb)
            break;
        b = nb;
    }
    if (!b || (st == TRYGG_OK && n == cap))
        st = TRYGG_ERR_NOMEM;
    close(fd);
    if (st != TRYGG_OK) {
        free(b);
        return st;
    }
    b[n] = 0;
    *buf = b;
    *len = n;
    return TRYGG_OK;
}

/* ---- small tables ---------------------------------------------------- */

typedef struct {
    trygg_table *t;
    trygg_errors *err;
    size_t cap;
    trygg_status st;
} table_ctx;

static int table_add_cell(table_ctx *c, const char *s, size_t len, size_t i)
{
    char *copy = malloc(len + 1);
    if (!copy)
        return -1;
    if (len)
        memcpy(copy, s, len);
    copy[len] = 0;
    c->t->cell[c->t->nrows * c->t->ncols + i] = copy;
    return 0;
}

static int table_header(table_ctx *c, const trygg_csv_row *r)
{
    trygg_table *t = c->t;
    t->header = calloc(r->nfields ? r->nfields : 1, sizeof *t->header);
    if (!t->header)
        return c->st = TRYGG_ERR_NOMEM, 1;
    t->ncols = r->nfields;
    for (size_t i = 0; i < r->nfields; i++) {
        const char *s = r->field[i] ? r->field[i] : "";
        for (size_t k = 0; k < i; k++)
            if (strcmp(t->header[k], s) == 0) {
                trygg_errors_add(c->err, t->file, r->line, i + 1,
                                 "column name '%s' appears twice", s);
                c->st = TRYGG_ERR_PARSE;
            }
        t->header[i] = strdup(s);
        if (!t->header[i])
            return c->st = TRYGG_ERR_NOMEM, 1;
    }
    return 0;
}

static int table_row(void *ctx, const trygg_csv_row *r)
{
    table_ctx *c = ctx;
    trygg_table *t = c->t;
    if (!t->header)
        return table_header(c, r);
    if (r->nfields == 1 && r->field[0] == NULL)
        return 0;  /* a blank line */
    if (r->nfields != t->ncols) {
        trygg_errors_add(c->err, t->file, r->line, r->nfields,
                         "row has %zu fields, the header has %zu", r->nfields,
                         t->ncols);
        c->st = TRYGG_ERR_PARSE;
        return trygg_errors_full(c->err);
    }
    if (t->nrows == c->cap) {
        size_t nc = c->cap ? 2 * c->cap : 64;
        char **ncell = realloc(t->cell, nc * t->ncols * sizeof *ncell + 1);
        if (ncell)
            t->cell = ncell;
        unsigned long *nl = ncell ? realloc(t->line, nc * sizeof *nl) : NULL;
        if (!nl)
            return c->st = TRYGG_ERR_NOMEM, 1;
        t->line = nl;
        c->cap = nc;
    }
    for (size_t i = 0; i < r->nfields; i++)
        if (table_add_cell(c, r->field[i], r->len[i], i) != 0) {
            for (size_t k = 0; k < i; k++)
                free(t->cell[t->nrows * t->ncols + k]);
            return c->st = TRYGG_ERR_NOMEM, 1;
        }
    t->line[t->nrows++] = r->line;
    return 0;
}

/* The separator from the header line, as for a response file. */
static trygg_status table_first(void *ctx, const char *first, size_t len,
                                size_t size, int whole, char *sep)
{
    (void)size, (void)whole;
    int bom = len >= 3 && memcmp(first, "\xEF\xBB\xBF", 3) == 0;
    *sep = trygg_csv_sniff_separator(first + 3 * bom, len - 3 * bom);
    /* the table keeps it: its numbers' decimal mark goes with it */
    const table_ctx *c = ((const collector *)ctx)->ctx;
    c->t->sep = *sep;
    return TRYGG_OK;
}

/* Names in NFC, as the loader keeps the data's: a population file or a
 * promises file saved in NFD names the same areas. */
static trygg_status nfc_in_place(char **s)
{
    size_t len = strlen(*s);
    if (trygg_utf8_is_nfc(*s, len))
        return TRYGG_OK;
    char *n = NULL;
    trygg_status st = trygg_utf8_nfc(*s, len, &n);
    if (st == TRYGG_OK) {
        free(*s);
        *s = n;
    }
    return st;
}

static trygg_status table_nfc(trygg_table *t)
{
    trygg_status st = TRYGG_OK;
    for (size_t c = 0; c < t->ncols && st == TRYGG_OK; c++)
        st = nfc_in_place(&t->header[c]);
    for (size_t i = 0; i < t->nrows * t->ncols && st == TRYGG_OK; i++)
        st = nfc_in_place(&t->cell[i]);
    return st;
}

trygg_status trygg_table_read(const char *path, trygg_table **out,
                              trygg_errors *err)
{
    *out = NULL;
    trygg_table *t = calloc(1, sizeof *t);
    table_ctx c = {.t = t, .err = err};
    collector k = {.fn = table_row, .ctx = &c};
    const trygg_csv_stream_fns fns = {collect_field, collect_row};
    trygg_status st = TRYGG_OK;
    if (!t || !(t->file = strdup(path)))
        st = TRYGG_ERR_NOMEM;
    if (st == TRYGG_OK)
        st = trygg_csv_read_path(path, (size_t)64 << 20, table_first, &fns, &k, err);
    if (st == TRYGG_OK)
        st = k.st != TRYGG_OK ? k.st : c.st;
    if (st == TRYGG_OK && !t->header) {
        trygg_errors_add(err, path, 1, 0, "empty file: expected a header row");
        st = TRYGG_ERR_PARSE;
    }
    /* every table's text, whoever reads it (definition tables, margins,
     * judgements, promises), is UTF-8 or an error where it is not */
    if (st == TRYGG_OK)
        st = trygg_table_check_utf8(t, err);
    if (st == TRYGG_OK)
        st = table_nfc(t);
    collector_free(&k);
    if (st != TRYGG_OK) {
        trygg_table_free(t);
        return st;
    }
    *out = t;
    return TRYGG_OK;
}

void trygg_table_free(trygg_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cell[i]);
    for (size_t i = 0; t->header && i < t->ncols; i++)
        free(t->header[i]);
    free(t->header);
    free(t->cell);
    free(t->line);
    free(t->file);
    free(t);
}

long trygg_table_col(const trygg_table *t, const char *name)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (strcmp(t->header[i], name) == 0)
            return (long)i;
    return -1;
}

const char *trygg_table_get(const trygg_table *t, size_t row, long col)
{
    if (col < 0 || (size_t)col >= t->ncols || row >= t->nrows)
        return "";
    return t->cell[row * t->ncols + (size_t)col];
}
