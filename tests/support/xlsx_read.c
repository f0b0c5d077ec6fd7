/* The tests' workbook reader: the dump of xlsx_dump.py, parsed and hashed
 * by sheet and cell. */
#include "xlsx_read.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

struct xr_book {
    xr_cell *cells;
    size_t n, cap;
    size_t *slots, nslots;       /* cell index + 1 */
    char **lines;                /* settings: "F\tsheet\tA2" ... */
    size_t nlines;
    char **sheets;
    size_t nsheets;
};

static char *unescape(const char *s)
{
    char *d = malloc(strlen(s) + 1), *p = d;
    for (; *s; s++) {
        if (*s == '\\' && s[1]) {
            s++;
            *p++ = *s == 't' ? '\t' : *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s;
        } else
            *p++ = *s;
    }
    *p = 0;
    return d;
}

static uint64_t hash(const char *sheet, const char *ref)
{
    uint64_t h = 1469598103934665603u;
    for (const char *p = sheet; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211u;
    h = (h ^ '!') * 1099511628211u;
    for (const char *p = ref; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211u;
    return h;
}

static void index_cells(xr_book *b)
{
    b->nslots = 16;
    while (b->nslots < 2 * b->n + 2)
        b->nslots *= 2;
    b->slots = calloc(b->nslots, sizeof *b->slots);
    for (size_t i = 0; i < b->n; i++) {
        size_t k = hash(b->cells[i].sheet, b->cells[i].ref) & (b->nslots - 1);
        while (b->slots[k])
            k = (k + 1) & (b->nslots - 1);
        b->slots[k] = i + 1;
    }
}

/* Splits a line at tabs into at most `max` fields (in place). */
static size_t fields(char *line, char **f, size_t max)
{
    size_t n = 0;
    f[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == '\t') {
            *p = 0;
            f[n++] = p + 1;
        }
    return n;
}

static void add_line(xr_book *b, char *line)
{
    char *f[6];
    char *copy = strdup(line);
    size_t n = fields(line, f, 6);
    if (f[0][0] == 'C' && n == 6) {
        if (b->n == b->cap) {
            b->cap = b->cap ? 2 * b->cap : 1024;
            b->cells = realloc(b->cells, b->cap * sizeof *b->cells);
        }
        xr_cell *c = &b->cells[b->n++];
        c->sheet = unescape(f[1]);
        c->ref = strdup(f[2]);
        c->kind = f[3][0];
        c->value = unescape(f[4]);
        c->num = c->kind == 'n' ? strtod(c->value, NULL) : 0;
        c->format = unescape(f[5]);
        free(copy);
        return;
    }
    if (f[0][0] == 'S' && n >= 2) {
        b->sheets = realloc(b->sheets, (b->nsheets + 1) * sizeof *b->sheets);
        b->sheets[b->nsheets++] = unescape(f[1]);
    }
    b->lines = realloc(b->lines, (b->nlines + 1) * sizeof *b->lines);
    b->lines[b->nlines++] = copy;
}

static const char *python(void)
{
    const char *p = getenv("TRYGG_PYTHON");
    if (p && p[0])
        return p;
    return access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
}

xr_book *xr_read(const char *path)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "%s -c 'import openpyxl' 2>/dev/null", python());
    if (system(cmd) != 0)
        fail_msg("reading workbooks needs python3 with openpyxl (Debian's python3-openpyxl; "
                 "bash scripts/setup installs it); TRYGG_PYTHON names another python");
    snprintf(cmd, sizeof cmd, "%s '%s/support/xlsx_dump.py' '%s' 2>&1", python(),
             TRYGG_TEST_DIR, path);
    FILE *f = popen(cmd, "r");
    if (!f)
        fail_msg("cannot run %s", cmd);
    xr_book *b = calloc(1, sizeof *b);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) > 0) {
        if (line[len - 1] == '\n')
            line[--len] = 0;
        if (!strncmp(line, "Traceback", 9) || strchr("CSFAMW", line[0]) == NULL ||
            line[1] != '\t')
            fail_msg("%s: %s", cmd, line);
        add_line(b, line);
    }
    free(line);
    if (pclose(f) != 0)
        fail_msg("%s failed", cmd);
    index_cells(b);
    return b;
}

void xr_free(xr_book *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++) {
        free(b->cells[i].sheet);
        free(b->cells[i].ref);
        free(b->cells[i].value);
        free(b->cells[i].format);
    }
    for (size_t i = 0; i < b->nlines; i++)
        free(b->lines[i]);
    for (size_t i = 0; i < b->nsheets; i++)
        free(b->sheets[i]);
    free(b->cells);
    free(b->slots);
    free(b->lines);
    free(b->sheets);
    free(b);
}

const xr_cell *xr_get(const xr_book *b, const char *sheet, const char *ref)
{
    size_t k = hash(sheet, ref) & (b->nslots - 1);
    for (; b->slots[k]; k = (k + 1) & (b->nslots - 1)) {
        const xr_cell *c = &b->cells[b->slots[k] - 1];
        if (!strcmp(c->sheet, sheet) && !strcmp(c->ref, ref))
            return c;
    }
    return NULL;
}

char *xr_ref(char *buf, size_t size, size_t row, size_t col)
{
    char letters[8];
    size_t n = 0;
    for (size_t c = col + 1; c > 0; c = (c - 1) / 26)
        letters[n++] = (char)('A' + (c - 1) % 26);
    size_t at = 0;
    while (n > 0 && at + 1 < size)
        buf[at++] = letters[--n];
    snprintf(buf + at, size - at, "%zu", row + 1);
    return buf;
}

const xr_cell *xr_at(const xr_book *b, const char *sheet, size_t row, size_t col)
{
    char ref[24];
    return xr_get(b, sheet, xr_ref(ref, sizeof ref, row, col));
}

const char *xr_setting(const xr_book *b, char what, const char *sheet)
{
    size_t sl = strlen(sheet);
    for (size_t i = 0; i < b->nlines; i++) {
        const char *l = b->lines[i];
        if (l[0] == what && !strncmp(l + 2, sheet, sl) && l[2 + sl] == '\t')
            return l + 3 + sl;
    }
    return NULL;
}

int xr_merged(const xr_book *b, const char *sheet, const char *range)
{
    size_t sl = strlen(sheet);
    for (size_t i = 0; i < b->nlines; i++) {
        const char *l = b->lines[i];
        if (l[0] == 'M' && !strncmp(l + 2, sheet, sl) && l[2 + sl] == '\t' &&
            !strcmp(l + 3 + sl, range))
            return 1;
    }
    return 0;
}

char *const *xr_sheets(const xr_book *b, size_t *n)
{
    *n = b->nsheets;
    return b->sheets;
}
