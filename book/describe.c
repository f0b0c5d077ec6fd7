/* A chart in words, printed under it and kept in the PDF's text: what it
 * shows, its highest and lowest published values, and how many are not
 * published. Only published values are named. */
#include "book_internal.h"

#include <math.h>

#define SV(c) ((c)->lang == TRYGG_REPORT_SV)

const char *book_describe_bars(const trygg_book_ctx *c, trygg_book_arena *a,
                               const trygg_report_bar *bars, size_t n,
                               const trygg_report_scale *scale)
{
    const trygg_report_bar *hi = NULL, *lo = NULL;
    size_t shown = 0, hidden = 0;
    for (size_t i = 0; i < n; i++) {
        const trygg_report_bar *b = &bars[i];
        if (b->heading)
            continue;
        if (b->value.flags & TRYGG_REPORT_SUPPRESSED) {
            hidden++;
            continue;
        }
        if (!isfinite(b->value.est))
            continue;
        shown++;
        hi = !hi || b->value.est > hi->value.est ? b : hi;
        lo = !lo || b->value.est < lo->value.est ? b : lo;
    }
    const char *gone = hidden ? book_printf(a, SV(c) ? " %zu redovisas inte (för få svar)."
                                                     : " %zu not shown (too few answers).",
                                            hidden)
                              : "";
    if (!shown)
        return book_printf(a, SV(c) ? "Diagrammet har inga redovisade värden.%s"
                                    : "The chart has no published values.%s", gone);
    char h[64], l[64];
    trygg_report_format(h, sizeof h, hi->value.est, scale, c->lang);
    trygg_report_format(l, sizeof l, lo->value.est, scale, c->lang);
    if (shown == 1)
        return book_printf(a, SV(c) ? "Stapeldiagram med ett redovisat värde: %s, %s.%s"
                                    : "Bar chart of one published value: %s, %s.%s",
                           hi->label, h, gone);
    return book_printf(a, SV(c) ? "Stapeldiagram med %zu redovisade värden. Högst: %s, %s; "
                                  "lägst: %s, %s.%s"
                                : "Bar chart of %zu published values. Highest: %s, %s; "
                                  "lowest: %s, %s.%s",
                       shown, hi->label, h, lo->label, l, gone);
}
