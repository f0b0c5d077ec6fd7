/* The codes of grouping columns (sex, age group) as readers say them (the
 * library's rule, trygg_definition_code_words), in their natural order. */
#include "book_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

const char *book_code_label(const trygg_book_ctx *c, trygg_book_arena *a, const char *column,
                            const char *code)
{
    char *w = trygg_definition_code_words(c->def, column, code, (trygg_lang)c->lang);
    char *kept = w ? trygg_book_alloc(a, strlen(w) + 1) : NULL;
    if (kept)
        memcpy(kept, w, strlen(w) + 1);
    free(w);
    return kept ? kept : code;
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
