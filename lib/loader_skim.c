/* Another year's file in a survey of one year: its names, not its rows.
 *
 * A survey's areas, strata and cells are numbered in the order a load
 * meets their names, over every file; a year's rows are ordered by those
 * numbers, and so are its domains, its margin cells and the sums over its
 * strata. A survey of one year that never saw the other years' names would
 * number them differently, and its estimates would differ in the last
 * digits and come out in another order. So the names of the other years'
 * files are read, and nothing else: a line is cut at the separators up to
 * the last name column, the rest of it is never looked at, and no number,
 * code or id is converted or kept.
 *
 * This is the plain case, which is every file a survey program writes: no
 * quotes, no NUL bytes, LF or CRLF line ends, names in UTF-8 NFC. Anything
 * else is left to the CSV reader (*done = 0), which takes the file again
 * from its first line. */
#include "survey_internal.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv_reader.h"
#include "files_internal.h"
#include "text_internal.h"
#include "unicode_internal.h"

enum { PIECE = 1 << 20 };

typedef struct {
    trygg_survey *sv;
    char sep;
    long *col;          /* per header field: the category column, or -1 */
    size_t ncol;        /* header fields up to the last name column */
    size_t *start, *len;/* the row's name fields */
    int header_done;
    int give_up;        /* the CSV reader must take the file */
} skim;

/* A name as the loader's fast path stores it, or give up (the loader's
 * own path normalises it, or says what is wrong with it). */
static trygg_status intern(skim *k, trygg_dict *d, const char *s, size_t len)
{
    uint32_t h = trygg_dict_hash(s, len), idx;
    if (trygg_dict_find_hashed(d, s, len, h) >= 0)
        return TRYGG_OK;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80) {
            if (trygg_utf8_valid(s, len) != len || !trygg_utf8_is_nfc(s, len)) {
                k->give_up = 1;
                return TRYGG_OK;
            }
            break;
        }
    return trygg_dict_add_hashed(d, s, len, h, &idx);
}

static long name_column(const trygg_survey *sv, const char *h, size_t len)
{
    for (size_t i = 0; i < sv->ncols; i++)
        if (sv->cols[i].kind == TRYGG_COL_CAT && strncmp(sv->cols[i].name, h, len) == 0 &&
            sv->cols[i].name[len] == 0)
            return (long)i;
    return -1;
}

static trygg_status header(skim *k, const char *p, const char *e)
{
    size_t n = 1, f = 0;
    for (const char *q = p; (q = memchr(q, k->sep, (size_t)(e - q))) != NULL; q++)
        n++;
    k->col = malloc(n * sizeof *k->col);
    k->start = malloc(n * sizeof *k->start);
    k->len = malloc(n * sizeof *k->len);
    if (!k->col || !k->start || !k->len)
        return TRYGG_ERR_NOMEM;
    for (;; f++) {
        const char *q = memchr(p, k->sep, (size_t)(e - p));
        const char *end = q ? q : e;
        k->col[f] = name_column(k->sv, p, (size_t)(end - p));
        if (k->col[f] >= 0)
            k->ncol = f + 1;
        if (!q)
            break;
        p = q + 1;
    }
    k->header_done = 1;
    return TRYGG_OK;
}

/* Only separators: the loader's empty row (no respondent, no names). */
static int blank_line(const skim *k, const char *p, const char *e)
{
    for (; p < e; p++)
        if (*p != k->sep)
            return 0;
    return 1;
}

static trygg_status line(skim *k, const char *p, const char *e)
{
    if (e > p && e[-1] == '\r')
        e--;
    if (!k->header_done)
        return header(k, p, e);
    const char *at = p;
    int filled = 0;
    for (size_t f = 0; f < k->ncol; f++) {
        const char *q = memchr(at, k->sep, (size_t)(e - at));
        if (!q && f + 1 < k->ncol)
            return TRYGG_OK;   /* too few fields: a row the loader refuses */
        const char *end = q ? q : e;
        k->start[f] = (size_t)(at - p);
        k->len[f] = (size_t)(end - at);
        filled |= k->col[f] >= 0 && end > at;
        at = q ? q + 1 : e;
    }
    if (!filled && blank_line(k, p, e))
        return TRYGG_OK;
    trygg_status st = TRYGG_OK;
    for (size_t f = 0; f < k->ncol && st == TRYGG_OK && !k->give_up; f++)
        if (k->col[f] >= 0)
            st = intern(k, &k->sv->cols[k->col[f]].dict, p + k->start[f], k->len[f]);
    return st;
}

/* Bytes the plain case cannot take: a quote, a NUL, a CR that ends no line. */
static int plain(const char *p, size_t n)
{
    if (memchr(p, '"', n) || memchr(p, 0, n))
        return 0;
    const char *e = p + n;
    for (const char *q = p; (q = memchr(q, '\r', (size_t)(e - q))) != NULL; q++)
        if (q + 1 < e && q[1] != '\n')
            return 0;
    return 1;
}

/* The whole lines of buf[0..n); returns the bytes of them taken. */
static size_t lines(skim *k, const char *buf, size_t n, int last, trygg_status *st)
{
    size_t used = 0;
    while (used < n && *st == TRYGG_OK && !k->give_up) {
        const char *p = buf + used, *nl = memchr(p, '\n', n - used);
        if (!nl && !last)
            break;
        const char *e = nl ? nl : buf + n;
        *st = line(k, p, e);
        used = (size_t)(e - buf) + (nl != NULL);
    }
    return used;
}

static void first_piece(skim *k, const trygg_definition *def, char *buf, size_t *n)
{
    if (*n >= 2 && ((unsigned char)buf[0] == 0xFF || (unsigned char)buf[0] == 0xFE))
        k->give_up = 1;   /* UTF-16: the reader says so */
    if (*n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        memmove(buf, buf + 3, *n - 3);
        *n -= 3;
    }
    if (!memchr(buf, '\n', *n) && memchr(buf, '\r', *n))
        k->give_up = 1;   /* lines that end in CR alone */
    k->sep = def->separator ? def->separator : trygg_csv_sniff_separator(buf, *n);
}

static trygg_status skim_fd(skim *k, int fd, const char *path, size_t max_bytes,
                            char *buf, trygg_errors *err)
{
    size_t have = 0, total = 0, got = 0;
    trygg_status st = TRYGG_OK;
    int first = 1;
    do {
        st = trygg_read_full(fd, path, buf + have, PIECE - have, &got, err);
        total += got;
        if (st != TRYGG_OK || total > max_bytes) {
            k->give_up = st == TRYGG_OK;   /* the reader reports the size */
            break;
        }
        size_t n = have + got;
        if (first)
            first_piece(k, k->sv->def, buf, &n);
        first = 0;
        if (!plain(buf + have, n - have))
            k->give_up = 1;
        int last = got < PIECE - have;
        size_t used = k->give_up ? 0 : lines(k, buf, n, last, &st);
        if (!last && used == 0)
            k->give_up = 1;   /* a line longer than the piece */
        have = n - used;
        memmove(buf, buf + used, have);
        if (last)
            break;
    } while (st == TRYGG_OK && !k->give_up && (k->ncol > 0 || !k->header_done));
    return st;
}

trygg_status trygg_survey_skim_names(trygg_survey *sv, const char *path,
                                     size_t max_bytes, int *done,
                                     trygg_errors *err)
{
    *done = 0;
    int fd;
    size_t size;
    trygg_status st = trygg_open_input(path, &fd, &size, err);
    if (st != TRYGG_OK)
        return st;
    skim k = {.sv = sv};
    char *buf = size <= max_bytes ? malloc(PIECE) : NULL;
    if (size > max_bytes)
        k.give_up = 1;   /* the reader reports it */
    else if (!buf)
        st = TRYGG_ERR_NOMEM;
    else
        st = skim_fd(&k, fd, path, max_bytes, buf, err);
    *done = st == TRYGG_OK && !k.give_up && k.header_done;
    free(buf);
    free(k.col);
    free(k.start);
    free(k.len);
    close(fd);
    return st;
}
