/* UTF-8 checks of every input (response, definition and population files):
 * a table saved as Latin-1 must fail where the bad byte is, not later as a
 * label nobody can read, a cell that silently matches nothing or JSON that
 * is not UTF-8. The one validator: the loader's fast paths use it too. */
#include "text_internal.h"

#include <stdint.h>
#include <string.h>

#include "errors_internal.h"

/* Bytes of the sequence that starts with lead byte `c`; 0 when `c` cannot
 * start one (a continuation byte, C0/C1 overlong leads, F5-FF). */
static size_t sequence_length(unsigned char c)
{
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return 2;
    if ((c >> 4) == 0xE)
        return 3;
    if (c >= 0xF0 && c <= 0xF4)
        return 4;
    return 0;
}

size_t trygg_utf8_char(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = len ? sequence_length(p[0]) : 0;
    if (!n || n > len)
        return 0;
    for (size_t k = 1; k < n; k++)
        if ((p[k] & 0xC0) != 0x80)
            return 0;
    if ((n == 3 && p[0] == 0xE0 && p[1] < 0xA0) ||   /* overlong */
        (n == 3 && p[0] == 0xED && p[1] >= 0xA0) ||  /* surrogates */
        (n == 4 && p[0] == 0xF0 && p[1] < 0x90) ||   /* overlong */
        (n == 4 && p[0] == 0xF4 && p[1] >= 0x90))    /* > U+10FFFF */
        return 0;
    return n;
}

size_t trygg_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    for (uint64_t w; i + 8 <= len; i += 8) {  /* ASCII, eight bytes at a time */
        memcpy(&w, p + i, 8);
        if (w & 0x8080808080808080ull)
            break;
    }
    while (i < len) {
        size_t n = p[i] < 0x80 ? 1 : trygg_utf8_char(s + i, len - i);
        if (!n)
            return i;
        i += n;
    }
    return len;
}

unsigned long trygg_utf8_column(const char *line_start, size_t offset)
{
    unsigned long col = 1;
    for (size_t i = 0; i < offset; i++)
        col += ((unsigned char)line_start[i] & 0xC0) != 0x80;
    return col;
}

static trygg_status bad_text(const trygg_table *t, unsigned long line,
                             size_t field, trygg_errors *err)
{
    trygg_errors_add(err, t->file, line, (unsigned long)field + 1,
                     "text that is not valid UTF-8: is the file saved as "
                     "Latin-1 or Windows-1252? Save it as \"CSV UTF-8\"");
    return TRYGG_ERR_PARSE;
}

static int valid(const char *s)
{
    size_t n = strlen(s);
    return trygg_utf8_valid(s, n) == n;
}

trygg_status trygg_table_check_utf8(const trygg_table *t, trygg_errors *err)
{
    /* the reader does not keep the header's line; tables start with it */
    for (size_t c = 0; c < t->ncols; c++)
        if (!valid(t->header[c]))
            return bad_text(t, 1, c, err);
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++)
            if (!valid(t->cell[r * t->ncols + c]))
                return bad_text(t, t->line[r], c, err);
    return TRYGG_OK;
}
