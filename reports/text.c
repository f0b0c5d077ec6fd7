/* Measuring, wrapping and shortening UTF-8 text with Cairo's toy font API.
 * Wrapping is greedy over break opportunities (spaces, after hyphens,
 * newlines); every cut lands on a character boundary from tr_utf8_next(). */
#include "report_internal.h"

#include <stdlib.h>
#include <string.h>

static const char ELLIPSIS[] = "\xE2\x80\xA6"; /* … */

void trygg_report_set_font(cairo_t *cr, const char *family, double size,
                           int bold)
{
    cairo_select_font_face(cr, family ? family : "DejaVu Sans",
                           CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD
                                : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

double trygg_report_text_width(cairo_t *cr, const char *text)
{
    cairo_text_extents_t e;
    if (!text || !*text)
        return 0;
    cairo_text_extents(cr, text, &e);
    return e.x_advance;
}

void trygg_report_lines_clear(trygg_report_lines *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->nlines; i++)
        free(l->lines[i]);
    free(l->lines);
    memset(l, 0, sizeof *l);
}

trygg_report_status tr_lines_push(trygg_report_lines *l, char *line)
{
    if (!line)
        return TRYGG_REPORT_ERR_NOMEM;
    char **p = realloc(l->lines, (l->nlines + 1) * sizeof *p);
    if (!p) {
        free(line);
        return TRYGG_REPORT_ERR_NOMEM;
    }
    l->lines = p;
    l->lines[l->nlines++] = line;
    return TRYGG_REPORT_OK;
}

/* Width of s[a, b) without trailing spaces; -1 when out of memory. */
static double span_width(cairo_t *cr, const char *s, size_t a, size_t b)
{
    char *t = tr_substr(s, a, b);
    if (!t)
        return -1;
    double w = trygg_report_text_width(cr, t);
    free(t);
    return w;
}

/* The shortened copy of clean text s; sets *cut when it shortened. */
static char *shorten_clean(cairo_t *cr, const char *s, double width, int *cut)
{
    if (trygg_report_text_width(cr, s) <= width)
        return strdup(s);
    *cut = 1;
    if (trygg_report_text_width(cr, ELLIPSIS) > width)
        return strdup("");
    size_t len = strlen(s), n = 0;
    size_t *b = malloc((len + 1) * sizeof *b);
    if (!b)
        return NULL;
    for (size_t i = 0; i < len; i = tr_utf8_next(s, i))
        b[n++] = i;
    /* Largest k with prefix b[k] + "…" fitting; k = 0 (just "…") fits. */
    size_t lo = 0, hi = n - 1;
    char *best = NULL;
    while (lo < hi) {
        size_t mid = (lo + hi + 1) / 2;
        char *t = tr_substr(s, 0, b[mid]);
        char *u = t ? malloc(strlen(t) + sizeof ELLIPSIS) : NULL;
        if (!u) {
            free(t);
            free(b);
            return NULL;
        }
        strcpy(u, t);
        strcat(u, ELLIPSIS);
        free(t);
        if (trygg_report_text_width(cr, u) <= width)
            lo = mid;
        else
            hi = mid - 1;
        free(u);
    }
    char *t = tr_substr(s, 0, b[lo]);
    free(b);
    best = t ? malloc(strlen(t) + sizeof ELLIPSIS) : NULL;
    if (best) {
        strcpy(best, t);
        strcat(best, ELLIPSIS);
    }
    free(t);
    return best;
}

char *trygg_report_shorten(cairo_t *cr, const char *text, double width)
{
    int cut = 0;
    char *s = tr_utf8_clean(text);
    if (!s)
        return NULL;
    char *out = shorten_clean(cr, s, width, &cut);
    free(s);
    return out;
}

/* A break found by scan(): the line is s[start, end), the next line
 * starts at next. */
typedef struct {
    size_t end, next;
    int found;
} brk;

static size_t skip_spaces(const char *s, size_t i)
{
    while (s[i] == ' ')
        i++;
    return i;
}

/* The first break opportunity at or after i, or the end of s. */
static brk next_break(const char *s, size_t start, size_t i)
{
    brk b = {0, 0, 1};
    for (; s[i]; i = tr_utf8_next(s, i)) {
        if (s[i] == '\n') {
            b.end = i;
            b.next = i + 1;
            return b;
        }
        /* a unit stays with its number: "14,9 %", not "14,9" and "%" */
        if (s[i] == ' ' && s[skip_spaces(s, i)] != '%') {
            b.end = i;
            b.next = skip_spaces(s, i);
            return b;
        }
        if (s[i] == '-' && i > start && s[i + 1] && s[i + 1] != ' ' &&
            s[i - 1] != ' ') {
            b.end = b.next = i + 1;
            return b;
        }
    }
    b.end = b.next = i;
    return b;
}

/* The furthest break whose line fits; found = 0 when even the first word
 * is too wide (then end/next are that word's). */
static brk scan(cairo_t *cr, const char *s, size_t start, double width,
                int *nomem)
{
    brk best = {0, 0, 0}, b = next_break(s, start, start);
    brk first = b;
    for (;;) {
        double w = span_width(cr, s, start, b.end);
        if (w < 0) {
            *nomem = 1;
            return best;
        }
        if (w > width)
            break;
        best = b;
        if (!s[b.end] || s[b.end] == '\n')
            break;
        b = next_break(s, start, b.next);
    }
    if (!best.found) {
        first.found = 0;
        return first;
    }
    return best;
}

/* The rest of the text from start as one last line, shortened. */
static trygg_report_status last_line(cairo_t *cr, const char *s, size_t start,
                                     double width, trygg_report_lines *out)
{
    char *rest = tr_substr(s, start, strlen(s));
    if (!rest)
        return TRYGG_REPORT_ERR_NOMEM;
    for (char *p = rest; *p; p++)
        if (*p == '\n')
            *p = ' ';
    char *line = shorten_clean(cr, rest, width, &out->truncated);
    free(rest);
    return tr_lines_push(out, line);
}

static int vowel(unsigned c)
{
    static const unsigned v[] = {'a', 'e', 'i', 'o', 'u', 'y', 'A', 'E',
                                 'I', 'O', 'U', 'Y', 0xE5, 0xE4, 0xF6, 0xC5,
                                 0xC4, 0xD6, 0xE9, 0xC9, 0xFC, 0xDC};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (c == v[i])
            return 1;
    return 0;
}

/* A plausible Swedish break before position i of a word: V-CV
 * ("Narkotika-försäljning"), VC-CV ("Nedskräp-ning"), or after a joining
 * s before a consonant ("Ungdoms-gäng"). */
static int syllable_break(const char *s, size_t i)
{
    size_t p = tr_utf8_prev(s, i), pp = p > 0 ? tr_utf8_prev(s, p) : p;
    unsigned a = tr_utf8_at(s, pp), b = tr_utf8_at(s, p), c = tr_utf8_at(s, i);
    unsigned d = tr_utf8_at(s, tr_utf8_next(s, i));
    if (vowel(c) || !c || !d)
        return 0;
    if (b == 's' && !vowel(a) && !vowel(c))
        return 1;
    return vowel(d) && (vowel(b) || (vowel(a) && !vowel(b)));
}

static double hyphen_width(cairo_t *cr, const char *s, size_t start, size_t i)
{
    char *t = tr_substr(s, start, i + 1);
    if (!t)
        return -1;
    t[i - start] = '-';
    double w = trygg_report_text_width(cr, t);
    free(t);
    return w;
}

/* Breaks the too-wide word s[start, end) with a hyphen, at the last
 * syllable break that fits, else after the longest prefix that fits;
 * keeps two characters before the break and three after it. Returns the
 * break position (start when there is none) and the line in *line. */
static size_t hyphen_split(cairo_t *cr, const char *s, size_t start,
                           size_t end, double width, char **line)
{
    size_t any = start, rule = start, chars = 0, n = 0;
    *line = NULL;
    for (size_t i = start; i < end; i = tr_utf8_next(s, i))
        chars++;
    for (size_t i = tr_utf8_next(s, start); i < end; i = tr_utf8_next(s, i)) {
        if (++n < 2)
            continue;
        if (chars - n < 3)
            break;
        double w = hyphen_width(cr, s, start, i);
        if (w < 0 || w > width)
            break;
        any = i;
        if (syllable_break(s, i))
            rule = i;
    }
    size_t k = rule > start ? rule : any;
    if (k > start && (*line = tr_substr(s, start, k + 1)) != NULL)
        (*line)[k - start] = '-';
    return *line ? k : start;
}

/* One line that is a single too-wide word: hyphenated or shortened. */
static char *long_word(cairo_t *cr, const char *s, size_t start, brk *b,
                       double width, int hyphen, int *cut)
{
    char *line = NULL;
    if (hyphen) {
        size_t k = hyphen_split(cr, s, start, b->end, width, &line);
        if (k > start) {
            b->next = k;
            return line;
        }
    }
    char *word = tr_substr(s, start, b->end);
    line = word ? shorten_clean(cr, word, width, cut) : NULL;
    free(word);
    return line;
}

static trygg_report_status wrap_clean(cairo_t *cr, const char *s, double width,
                                      size_t max_lines, int hyphen,
                                      trygg_report_lines *out)
{
    size_t start = skip_spaces(s, 0);
    while (s[start]) {
        if (max_lines && out->nlines + 1 == max_lines)
            return last_line(cr, s, start, width, out);
        int nomem = 0;
        brk b = scan(cr, s, start, width, &nomem);
        if (nomem)
            return TRYGG_REPORT_ERR_NOMEM;
        char *line = b.found ? tr_substr(s, start, b.end)
                             : long_word(cr, s, start, &b, width, hyphen,
                                         &out->truncated);
        trygg_report_status st = tr_lines_push(out, line);
        if (st != TRYGG_REPORT_OK)
            return st;
        start = skip_spaces(s, b.next);
    }
    return TRYGG_REPORT_OK;
}

static trygg_report_status wrap(cairo_t *cr, const char *text, double width,
                                size_t max_lines, int hyphen,
                                trygg_report_lines *out)
{
    if (!cr || !out)
        return TRYGG_REPORT_ERR_ARGUMENT;
    memset(out, 0, sizeof *out);
    char *s = tr_utf8_clean(text);
    if (!s)
        return TRYGG_REPORT_ERR_NOMEM;
    trygg_report_status st = wrap_clean(cr, s, width, max_lines, hyphen, out);
    free(s);
    if (st != TRYGG_REPORT_OK)
        trygg_report_lines_clear(out);
    return st;
}

trygg_report_status trygg_report_wrap(cairo_t *cr, const char *text,
                                      double width, size_t max_lines,
                                      trygg_report_lines *out)
{
    return wrap(cr, text, width, max_lines, 0, out);
}

trygg_report_status tr_wrap_hyphen(cairo_t *cr, const char *text, double width,
                                   size_t max_lines, trygg_report_lines *out)
{
    return wrap(cr, text, width, max_lines, 1, out);
}
