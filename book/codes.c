/* The codes of grouping columns (sex, age group) as readers say them, in
 * their natural order: the definition's words when it has them (a scale
 * named after the column), else Statistics Sweden's coding of sex, else
 * the code itself with an en dash between numbers. */
#include "book_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define SV(c) ((c)->lang == TRYGG_REPORT_SV)

static const char EN_DASH[] = "\xE2\x80\x93";

/* "16-24" → "16–24": a hyphen between two digits. */
static const char *dashed(trygg_book_arena *a, const char *code)
{
    size_t n = strlen(code);
    char *out = trygg_book_alloc(a, 3 * n + 1);
    size_t at = 0;
    for (size_t i = 0; out && i < n; i++) {
        if (code[i] == '-' && i > 0 && i + 1 < n && isdigit((unsigned char)code[i - 1]) &&
            isdigit((unsigned char)code[i + 1])) {
            memcpy(out + at, EN_DASH, 3);
            at += 3;
        } else {
            out[at++] = code[i];
        }
    }
    return out ? out : code;
}

const char *book_code_label(const trygg_book_ctx *c, trygg_book_arena *a, const char *column,
                            const char *code)
{
    const char *l = trygg_definition_scale_label(c->def, column, code, (trygg_lang)c->lang);
    if (l)
        return l;
    if (!strcmp(column, "sex") && (!strcmp(code, "1") || !strcmp(code, "2")))
        return code[0] == '1' ? (SV(c) ? "Män" : "Men") : (SV(c) ? "Kvinnor" : "Women");
    return dashed(a, code);
}

int book_code_cmp(const char *x, const char *y)
{
    while (*x && *y) {
        if (isdigit((unsigned char)*x) && isdigit((unsigned char)*y)) {
            char *ex, *ey;
            unsigned long vx = strtoul(x, &ex, 10), vy = strtoul(y, &ey, 10);
            if (vx != vy)
                return vx < vy ? -1 : 1;
            x = ex;
            y = ey;
            continue;
        }
        if (*x != *y)
            return (unsigned char)*x < (unsigned char)*y ? -1 : 1;
        x++;
        y++;
    }
    return *x ? 1 : *y ? -1 : 0;
}
