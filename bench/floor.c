/* bench/floor.c - loading floors for bench/run, on the same bytes trygg reads.
 *
 *   floor RUNS FILE...
 *
 * Reads every FILE into memory once (timed: "read"), then RUNS times each:
 *   libcsv  - csv_parse over each whole file with empty field/row callbacks, the
 *             separator sniffed from the header line as trygg does, the same parser
 *             options trygg uses (CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL |
 *             CSV_EMPTY_IS_NULL), a leading BOM skipped;
 *   memchr  - a memchr('\n') scan counting lines.
 * Prints one line per measurement, `name seconds bytes MB/s` (median of RUNS).
 * Built by bench/run: gcc -O2 -o floor floor.c -lcsv
 */
#define _POSIX_C_SOURCE 200809L
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static size_t fields, rows;
static void on_field(void *s, size_t n, void *ctx) { (void)s; (void)n; (void)ctx; }
static void on_row(int c, void *ctx) { (void)c; (void)ctx; }
static void on_field_count(void *s, size_t n, void *ctx) { (void)s; (void)n; (void)ctx; fields++; }
static void on_row_count(int c, void *ctx) { (void)c; (void)ctx; rows++; }

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static char sniff(const char *d, size_t len)
{
    size_t comma = 0, semi = 0;
    for (size_t i = 0; i < len && d[i] != '\n'; i++) {
        if (d[i] == ',') comma++;
        else if (d[i] == ';') semi++;
    }
    return semi > comma ? ';' : ',';
}

static int parse_all(char **buf, size_t *len, int nf, int count)
{
    for (int i = 0; i < nf; i++) {
        struct csv_parser p;
        const char *d = buf[i];
        size_t n = len[i];
        if (n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0) { d += 3; n -= 3; }
        if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL))
            return 1;
        csv_set_delim(&p, (unsigned char)sniff(d, n));
        void (*ff)(void *, size_t, void *) = count ? on_field_count : on_field;
        void (*rf)(int, void *) = count ? on_row_count : on_row;
        if (csv_parse(&p, d, n, ff, rf, NULL) != n || csv_fini(&p, ff, rf, NULL)) {
            fprintf(stderr, "floor: libcsv error: %s\n", csv_strerror(csv_error(&p)));
            csv_free(&p);
            return 1;
        }
        csv_free(&p);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: floor RUNS FILE...\n");
        return 2;
    }
    int runs = atoi(argv[1]), nf = argc - 2;
    if (runs < 1) runs = 1;
    char **buf = calloc((size_t)nf, sizeof *buf);
    size_t *len = calloc((size_t)nf, sizeof *len), total = 0;
    double *t = calloc((size_t)runs, sizeof *t);
    if (!buf || !len || !t) return 3;

    double t0 = now();
    for (int i = 0; i < nf; i++) {
        FILE *f = fopen(argv[i + 2], "rb");
        if (!f) { perror(argv[i + 2]); return 1; }
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        fseek(f, 0, SEEK_SET);
        buf[i] = malloc((size_t)n + 1);
        if (!buf[i] || fread(buf[i], 1, (size_t)n, f) != (size_t)n) { perror("read"); return 1; }
        fclose(f);
        len[i] = (size_t)n;
        total += (size_t)n;
    }
    double tread = now() - t0;
    double mb = (double)total / 1e6;
    printf("read %.6f %zu %.1f\n", tread, total, mb / tread);

    /* once with counting callbacks, to check the parse (rows, fields) */
    if (parse_all(buf, len, nf, 1)) return 1;
    printf("rows %zu fields %zu files %d\n", rows, fields, nf);

    for (int r = 0; r < runs; r++) {
        t0 = now();
        if (parse_all(buf, len, nf, 0)) return 1;
        t[r] = now() - t0;
    }
    double m = median(t, runs);
    printf("libcsv %.6f %zu %.1f\n", m, total, mb / m);

    volatile size_t lines = 0;
    for (int r = 0; r < runs; r++) {
        t0 = now();
        size_t nl = 0;
        for (int i = 0; i < nf; i++) {
            const char *p = buf[i], *e = buf[i] + len[i];
            while (p < e && (p = memchr(p, '\n', (size_t)(e - p))) != NULL) { nl++; p++; }
        }
        lines = nl;
        t[r] = now() - t0;
    }
    m = median(t, runs);
    printf("memchr %.6f %zu %.1f\n", m, total, mb / m);
    printf("lines %zu\n", (size_t)lines);
    return 0;
}
