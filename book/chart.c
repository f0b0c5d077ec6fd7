/* One chart of one area, by its type name. */
#include "trygg_book.h"

#include <stdio.h>
#include <string.h>

static int area_level(const trygg_book_ctx *c, const char *area, const char **level)
{
    static const char *const levels[] = {"district", "municipality", "region"};
    for (int i = 0; i < 3; i++)
        for (size_t k = 0; k < trygg_results_count(c->est); k++) {
            const trygg_estimate_row *x = trygg_results_row(c->est, k);
            if (!strcmp(x->level, levels[i]) && !strcmp(x->domain, area)) {
                *level = levels[i];
                return 0;
            }
        }
    return -1;
}

static void say(trygg_book_message_fn message, void *user, const char *fmt, const char *s)
{
    if (!message)
        return;
    char text[512];
    snprintf(text, sizeof text, fmt, s);
    message(user, text);
}

int trygg_book_chart(const trygg_survey *sv, const trygg_book_ctx *c,
                     trygg_book_arena *ar, trygg_weighting weighting,
                     const char *type, const char *area, const char *indicator,
                     trygg_priorities **prio, trygg_report_chart *ch,
                     trygg_book_message_fn message, void *user)
{
    const char *level, *ind = indicator ? indicator : trygg_book_main_indicator(c->def);
    if (area_level(c, area, &level) != 0) {
        say(message, user, "no area '%s'", area);
        return -1;
    }
    if (!strcmp(type, "lagesbild")) return trygg_book_lagesbild(c, ar, level, area, ch);
    if (!strcmp(type, "comparison")) return trygg_book_comparison(c, ar, area, ind, ch);
    if (!strcmp(type, "table")) return trygg_book_table(c, ar, area, 0, ch);
    if (!strcmp(type, "trend")) return trygg_book_trend(c, ar, level, area, ind, ch);
    if (!strcmp(type, "groups")) return trygg_book_groups(c, ar, area, ind, ch);
    if (!strcmp(type, "cover")) return trygg_book_cover(c, ar, area, ch);
    if (!strcmp(type, "priorities")) {
        trygg_priority_options po;
        trygg_priority_options_init(&po);
        po.weighting = weighting;
        po.year = c->year;
        char spec[512];
        snprintf(spec, sizeof spec, "%s:%s", level, area);
        if (trygg_priorities_compute(sv, &po, spec, prio, NULL) != TRYGG_OK)
            return -1;
        return trygg_book_priorities(c, ar, *prio, area, ch);
    }
    say(message, user, "unknown --type '%s'", type);
    return -1;
}
