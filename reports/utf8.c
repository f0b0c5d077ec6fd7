/* UTF-8 handling for labels: cleaning untrusted bytes (Cairo puts a context
 * into an error state on invalid UTF-8, which would spoil the whole page)
 * and finding character boundaries so that text is never cut inside a
 * character or between a letter and its combining accent. */
#include "report_internal.h"

#include <stdlib.h>
#include <string.h>

static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* Length of the valid sequence at s (1–4), or 0 when invalid. */
static size_t seq_len(const unsigned char *s)
{
    unsigned c = s[0];
    size_t n;
    unsigned cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return 0;
    return n;
}

char *tr_utf8_clean(const char *s)
{
    if (!s)
        s = "";
    size_t len = strlen(s);
    /* Each invalid byte becomes at most 3 bytes. */
    char *out = malloc(3 * len + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        size_t n = seq_len(u + i);
        if (n == 0) {
            memcpy(out + o, REPLACEMENT, 3);
            o += 3;
            i++;
        } else {
            memcpy(out + o, s + i, n);
            o += n;
            i += n;
        }
    }
    out[o] = 0;
    return out;
}

/* Code point at s (valid UTF-8 assumed), and its length in *n. */
static unsigned decode(const unsigned char *s, size_t *n)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *n = 1;
        return c;
    }
    size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    unsigned cp = c & (0x7F >> len);
    for (size_t i = 1; i < len && s[i]; i++)
        cp = (cp << 6) | (s[i] & 0x3F);
    *n = len;
    return cp;
}

static int combining(unsigned cp)
{
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
           (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
           (cp >= 0xFE20 && cp <= 0xFE2F);
}

size_t tr_utf8_next(const char *s, size_t i)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n;
    if (!u[i])
        return i;
    decode(u + i, &n);
    i += n;
    while (u[i] && combining(decode(u + i, &n)))
        i += n;
    return i;
}

char *tr_substr(const char *s, size_t a, size_t b)
{
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\n'))
        b--;
    char *out = malloc(b - a + 1);
    if (!out)
        return NULL;
    memcpy(out, s + a, b - a);
    out[b - a] = 0;
    return out;
}

size_t tr_utf8_prev(const char *s, size_t i)
{
    while (i > 0 && ((unsigned char)s[--i] & 0xC0) == 0x80)
        ;
    return i;
}

unsigned tr_utf8_at(const char *s, size_t i)
{
    size_t n;
    return s[i] ? decode((const unsigned char *)s + i, &n) : 0;
}
