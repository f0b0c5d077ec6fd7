/* The CSV reader's plain-line path against libcsv itself. A line fed whole
 * (a whole buffer) may take the reader's own separator scan; the same
 * bytes fed one at a time never can (no piece holds a line), so libcsv
 * reads every field. Both must give the same fields (bytes, NULL for
 * empty), rows, lines, status and diagnostics, on random text made of the
 * bytes that matter: separators, quotes, CR, LF, NUL, UTF-8, spaces. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"
#include "test_support.h"

typedef struct {
    char *text;
    size_t len, cap;
    int stop_at;   /* rows before a callback asks to stop (0: never) */
    int rows;
} trace;

static void put(trace *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        t->cap = 2 * (t->len + n + 1);
        t->text = realloc(t->text, t->cap);
        assert_non_null(t->text);
    }
    memcpy(t->text + t->len, s, n);
    t->len += n;
    t->text[t->len] = 0;
}

static void on_field(void *ctx, size_t index, const char *s, size_t len)
{
    trace *t = ctx;
    char head[64];
    int n = snprintf(head, sizeof head, "[%zu:%s%zu:", index, s ? "" : "NULL ", len);
    put(t, head, (size_t)n);
    if (s) {
        assert_int_equal(s[len], 0);   /* NUL-terminated */
        put(t, s, len);
    }
    put(t, "]", 1);
}

static int on_row(void *ctx, size_t nfields, size_t nfilled, unsigned long line)
{
    trace *t = ctx;
    char row[96];
    int n = snprintf(row, sizeof row, "<row %zu %zu %lu>\n", nfields, nfilled, line);
    put(t, row, (size_t)n);
    return t->stop_at && ++t->rows >= t->stop_at;
}

/* Everything the reader told: the trace, the status, the diagnostics. */
static char *read_all(const char *data, size_t len, char sep, size_t piece, int stop_at)
{
    trace t = {NULL, 0, 0, stop_at, 0};
    put(&t, "", 0);
    trygg_errors *err = trygg_errors_new(10);
    trygg_csv_stream_fns fns = {on_field, on_row};
    trygg_csv_push *q;
    assert_int_equal(trygg_csv_push_new("f.csv", sep, &fns, &t, err, &q), TRYGG_OK);
    trygg_status st = TRYGG_OK;
    for (size_t at = 0; at < len && st == TRYGG_OK && !trygg_csv_push_done(q); at += piece)
        st = trygg_csv_push_feed(q, data + at, len - at < piece ? len - at : piece);
    if (st == TRYGG_OK)
        st = trygg_csv_push_finish(q);
    trygg_csv_push_free(q);
    char tail[64];
    put(&t, tail, (size_t)snprintf(tail, sizeof tail, "status %d\n", (int)st));
    for (size_t i = 0; i < trygg_errors_count(err); i++) {
        const trygg_diag *d = trygg_errors_get(err, i);
        char pos[64];
        put(&t, pos, (size_t)snprintf(pos, sizeof pos, "%lu:%lu: ", d->line, d->column));
        put(&t, d->message, strlen(d->message));
        put(&t, "\n", 1);
    }
    trygg_errors_free(err);
    return t.text;
}

static void same_as_libcsv(const char *data, size_t len, char sep, int stop_at)
{
    char *whole = read_all(data, len, sep, len ? len : 1, stop_at);
    char *bytes = read_all(data, len, sep, 1, stop_at);
    if (strcmp(whole, bytes) != 0)
        fail_msg("input of %zu bytes: whole\n%s\none byte at a time\n%s", len, whole, bytes);
    free(whole);
    free(bytes);
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static unsigned next(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* Random lines, mostly plain, some with what the plain path must leave to
 * libcsv. */
static size_t random_text(char *out, size_t cap, char sep)
{
    static const char *const pieces[] = {"1", "22", "Älta", "a b", " ", "", "x", "3.5",
                                         "\"q\"", "\"a,b\"", "\"\"", "\"x\ny\"", "\r",
                                         "\"", "é", "0", "-", "\"a\"\"b\""};
    /* a first line, so that both feeds judge the line ends (LF) alike
     * from their first piece */
    size_t n = 2, lines = 1 + next(6);
    memcpy(out, "h\n", 2);
    for (size_t l = 0; l < lines; l++) {
        size_t fields = next(5);
        for (size_t f = 0; f < fields; f++) {
            int special = next(8) == 0;
            const char *p = pieces[special ? 8 + next(10) : next(8)];
            size_t k = strlen(p);
            if (n + k + 4 >= cap)
                return n;
            if (f)
                out[n++] = sep;
            memcpy(out + n, p, k);
            n += k;
        }
        if (next(30) == 0)
            out[n++] = 0;   /* a NUL byte */
        const char *end = next(4) == 0 ? "\r\n" : next(10) == 0 ? "\n\n" : "\n";
        if (l + 1 == lines && next(3) == 0)
            end = "";       /* no line end at the end */
        memcpy(out + n, end, strlen(end));
        n += strlen(end);
    }
    return n;
}

static void test_random_text(void **unused)
{
    (void)unused;
    char buf[512];
    for (int i = 0; i < 30000; i++) {
        char sep = next(2) ? ',' : ';';
        size_t n = random_text(buf, sizeof buf, sep);
        same_as_libcsv(buf, n, sep, next(5) == 0 ? 1 + (int)next(3) : 0);
    }
}

/* Lines at the feed piece's length, fields at the field limit, rows at
 * the field count limit: the plain path and libcsv stop alike. */
static void test_limits(void **unused)
{
    (void)unused;
    size_t big = TRYGG_CSV_MAX_FIELD + 10;
    char *buf = malloc(2 * big + 16);
    assert_non_null(buf);
    for (size_t len = TRYGG_CSV_MAX_FIELD - 3; len <= TRYGG_CSV_MAX_FIELD + 3; len++) {
        memset(buf, 'a', len);
        memcpy(buf + len, "\nb,c\n", 5);
        same_as_libcsv(buf, len + 5, ',', 0);
        buf[len / 2] = ',';
        same_as_libcsv(buf, len + 5, ',', 0);
    }
    size_t n = 0;
    for (int f = 0; f < TRYGG_CSV_MAX_FIELDS + 2; f++) {
        buf[n++] = 'x';
        buf[n++] = ',';
    }
    buf[n - 1] = '\n';
    same_as_libcsv(buf, n, ',', 0);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_text),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
