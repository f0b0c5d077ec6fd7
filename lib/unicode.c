/* Names as people type them and as files need them: NFC (so that "Järfälla"
 * typed on a Mac, in NFD, is the same name as the register's), case-folded
 * for look-ups, and one slug rule for every file name made from data. */
#include "unicode_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static trygg_status map(const char *s, size_t len, utf8proc_option_t opt, char **out)
{
    utf8proc_uint8_t *dst = NULL;
    *out = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
                                      &dst, opt | UTF8PROC_STABLE);
    if (n < 0)
        return n == UTF8PROC_ERROR_NOMEM ? TRYGG_ERR_NOMEM : TRYGG_ERR_PARSE;
    *out = (char *)dst;
    return TRYGG_OK;
}

trygg_status trygg_utf8_nfc(const char *s, size_t len, char **out)
{
    return map(s, len, UTF8PROC_COMPOSE, out);
}

trygg_status trygg_utf8_fold(const char *s, char **out)
{
    return map(s, strlen(s), UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_NULLTERM,
               out);
}

int trygg_utf8_is_nfc(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && (unsigned char)s[i] < 0x80)
        i++;
    if (i == len)
        return 1;   /* ASCII is NFC (the common case: no allocation) */
    char *n = NULL;
    int same = trygg_utf8_nfc(s, len, &n) == TRYGG_OK && strlen(n) == len &&
               memcmp(n, s, len) == 0;
    free(n);
    return same;
}

/* Letters that have no decomposition into an ASCII letter and marks. */
static const char *transliterate(utf8proc_int32_t c)
{
    switch (c) {
    case 0xF8: return "o";   /* ø */
    case 0xE6: return "ae";  /* æ */
    case 0x153: return "oe"; /* œ */
    case 0xF0: return "d";   /* ð */
    case 0x111: return "d";  /* đ */
    case 0xFE: return "th";  /* þ */
    case 0x142: return "l";  /* ł */
    case 0x131: return "i";  /* ı */
    default: return NULL;
    }
}

static uint32_t fnv1a(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

trygg_status trygg_slug(const char *name, char **out)
{
    char *flat = NULL;
    *out = NULL;
    trygg_status st = map(name, strlen(name),
                          UTF8PROC_NULLTERM | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
                              UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD, &flat);
    if (st != TRYGG_OK)
        return st;
    size_t cap = 2 * strlen(flat) + 16, n = 0;
    char *s = malloc(cap);
    if (!s) {
        free(flat);
        return TRYGG_ERR_NOMEM;
    }
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)flat;
    while (*p) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(p, -1, &c);
        p += k > 0 ? k : 1;
        const char *t = transliterate(c);
        char one[2] = {(char)c, 0};
        if (!t && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
            t = one;
        if (t) {
            for (; *t; t++)
                s[n++] = *t;
        } else if (n && s[n - 1] != '-') {
            s[n++] = '-';
        }
    }
    while (n && s[n - 1] == '-')
        n--;
    s[n] = 0;
    if (!n) {   /* "Москва", "東京": a stable name of its own */
        char *nfc = NULL;
        st = trygg_utf8_nfc(name, strlen(name), &nfc);
        if (st == TRYGG_OK)
            snprintf(s, cap, "x%08x", (unsigned)fnv1a(nfc));
        free(nfc);
    }
    free(flat);
    if (st != TRYGG_OK) {
        free(s);
        return st;
    }
    *out = s;
    return TRYGG_OK;
}
