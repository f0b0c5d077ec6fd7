/* The PDF's language and title display, which cairo 1.16 cannot set: an
 * incremental update (PDF 1.7, 7.5.6) appended to cairo's finished file
 * replaces its catalog by a copy with /Lang and /ViewerPreferences
 * << /DisplayDocTitle true >> (as PDF/UA asks), with a cross-reference
 * section for that object and a trailer pointing back (/Prev) to cairo's.
 * Nothing of cairo's bytes changes. */
#include "report_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The last occurrence of `needle` in pdf[0, n). */
static const char *last(const char *pdf, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = n >= k ? n - k + 1 : 0; i-- > 0;)
        if (!memcmp(pdf + i, needle, k))
            return pdf + i;
    return NULL;
}

/* A number after `key` in the text [s, end) ("/Root 20 0 R"); -1. */
static long number_after(const char *s, const char *end, const char *key)
{
    size_t k = strlen(key);
    for (; s + k < end; s++)
        if (!memcmp(s, key, k))
            return strtol(s + k, NULL, 10);
    return -1;
}

/* The offset of object `obj` in the classic xref table at pdf + x. */
static long object_offset(const char *pdf, size_t n, size_t x, long obj)
{
    const char *p = pdf + x + 4, *end = pdf + n;
    if (x + 5 > n || memcmp(pdf + x, "xref", 4))
        return -1;
    while (p < end) {
        char *q;
        long first = strtol(p, &q, 10);
        if (q == p)
            return -1;            /* the trailer: not listed */
        long count = strtol(q, &q, 10);
        while (q < end && (*q == ' ' || *q == '\r' || *q == '\n'))
            q++;
        if (obj >= first && obj < first + count && q + 20 * (obj - first + 1) <= end)
            return strtol(q + 20 * (obj - first), NULL, 10);
        p = q + 20 * count;
    }
    return -1;
}

/* The dictionary of the object at `off`: [*a, *b) from "<<" to its ">>". */
static int dict_at(const char *pdf, size_t n, long off, const char **a, const char **b)
{
    const char *p = pdf + off, *end = pdf + n;
    while (p + 1 < end && memcmp(p, "<<", 2))
        p++;
    *a = p;
    for (int depth = 0; p + 1 < end; p++) {
        if (!memcmp(p, "<<", 2)) {
            depth++;
            p++;
        } else if (!memcmp(p, ">>", 2)) {
            p++;
            if (--depth == 0) {
                *b = p + 1;
                return 0;
            }
        }
    }
    return -1;
}

int tr_pdf_lang(const char *pdf, size_t n, const char *lang, char **out, size_t *outn)
{
    const char *sx = last(pdf, n, "startxref");
    const char *tr = last(pdf, n, "trailer");
    if (!sx || !tr)
        return -1;
    long x = strtol(sx + 9, NULL, 10);
    long root = number_after(tr, sx, "/Root "), size = number_after(tr, sx, "/Size ");
    long info = number_after(tr, sx, "/Info ");
    long off = root > 0 && x > 0 && (size_t)x < n ? object_offset(pdf, n, (size_t)x, root)
                                                  : -1;
    const char *a, *b;
    if (off <= 0 || size <= root || (size_t)off >= n || dict_at(pdf, n, off, &a, &b))
        return -1;
    size_t cap = n + (size_t)(b - a) + 512;
    char *o = malloc(cap);
    if (!o)
        return -1;
    memcpy(o, pdf, n);
    size_t at = n;
    if (o[at - 1] != '\n')
        o[at++] = '\n';
    size_t obj_at = at;
    at += (size_t)snprintf(o + at, cap - at, "%ld 0 obj\n%.*s   /Lang (%s)\n"
                           "   /ViewerPreferences << /DisplayDocTitle true >>\n>>\nendobj\n",
                           root, (int)(b - a - 2), a, lang);
    size_t xref_at = at;
    at += (size_t)snprintf(o + at, cap - at, "xref\n%ld 1\n%010zu 00000 n \ntrailer\n"
                           "<< /Size %ld\n   /Root %ld 0 R\n", root, obj_at, size, root);
    if (info > 0)
        at += (size_t)snprintf(o + at, cap - at, "   /Info %ld 0 R\n", info);
    at += (size_t)snprintf(o + at, cap - at, "   /Prev %ld\n>>\nstartxref\n%zu\n%%%%EOF\n", x,
                           xref_at);
    *out = o;
    *outn = at;
    return 0;
}
