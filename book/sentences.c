/* The cover's sentences, generated from the rows and never written by
 * hand: a headline figure's change in words, the clearest changes, the
 * most common problem, the priorities. Each number is the estimate's, as
 * the pages print it; a hidden cell gets no sentence; a change is an
 * increase or a decrease only when the library found it significant. */
#include "book_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SV(c) ((c)->lang == TRYGG_REPORT_SV)

typedef struct {
    const trygg_book_ctx *c;
    trygg_book_arena *a;
    const char *level, *area;
    const char **out;
    size_t n, cap;
} sentences;

static void add(sentences *s, const char *text)
{
    if (text && *text && s->n < s->cap)
        s->out[s->n++] = text;
}

static const char *value(const trygg_book_ctx *c, trygg_book_arena *a, size_t k, double v)
{
    char buf[64];
    trygg_report_scale sc = book_scale(c->def, (long)k);
    trygg_report_format(buf, sizeof buf, v, &sc, c->lang);
    return trygg_book_strdup(a, buf);
}

/* The change of indicator k since the area's previous survey, when both
 * years and the change are published: its row, and both estimates. */
static const trygg_change_row *change_of(const sentences *s, size_t k,
                                         const trygg_estimate_row **from,
                                         const trygg_estimate_row **to)
{
    const trygg_book_ctx *c = s->c;
    const char *ind = trygg_definition_indicator_name(c->def, k);
    const trygg_change_row *r = trygg_changes_find(c->chg, c->year, s->level, s->area, ind);
    if (!r || r->flags & (TRYGG_FLAG_SUPPRESSED | TRYGG_FLAG_COMPLEMENTARY))
        return NULL;
    *to = book_shown(c, c->year, s->level, s->area, ind);
    *from = book_shown(c, r->year_from, s->level, s->area, ind);
    return *to && *from ? r : NULL;
}

/* "Andelen ”…”" (a share) or "”…”" (an index, a mean). */
static const char *subject(const sentences *s, size_t k, int capital)
{
    const trygg_book_ctx *c = s->c;
    int share = trygg_definition_indicator_is_share(c->def, k);
    const char *l = book_label(c, k);
    if (SV(c))
        return share ? book_printf(s->a, "%s ”%s”", capital ? "Andelen" : "andelen", l)
                     : book_printf(s->a, "”%s”", l);
    return share ? book_printf(s->a, "%s “%s”", capital ? "The share" : "the share", l)
                 : book_printf(s->a, "“%s”", l);
}

static const char *tone_words(const trygg_book_ctx *c, const trygg_change_row *r)
{
    trygg_report_tone t = book_tone(c->def, r->indicator_index, r->significant);
    if (t == TRYGG_REPORT_TONE_NEUTRAL)
        return "";
    return t == TRYGG_REPORT_TONE_BETTER ? (SV(c) ? " (till det bättre)" : " (for the better)")
                                         : (SV(c) ? " (till det sämre)" : " (for the worse)");
}

/* One figure's sentence, or NULL when any of its cells is hidden. */
static const char *headline_sentence(const sentences *s, size_t k)
{
    const trygg_book_ctx *c = s->c;
    const trygg_estimate_row *from, *to;
    const trygg_change_row *r = change_of(s, k, &from, &to);
    if (!r)
        return NULL;
    const char *a = value(c, s->a, k, from->estimate), *b = value(c, s->a, k, to->estimate);
    const char *who = subject(s, k, 1);
    if (r->significant > 0 || r->significant < 0) {
        int up = r->significant > 0;
        return book_printf(s->a, SV(c) ? "%s har %s från %s till %s sedan %d, en statistiskt "
                                         "säkerställd %s%s."
                                       : "%s has %s from %s to %s since %d, a statistically "
                                         "significant %s%s.",
                           who, SV(c) ? (up ? "ökat" : "minskat") : (up ? "risen" : "fallen"),
                           a, b, r->year_from,
                           SV(c) ? (up ? "ökning" : "minskning") : (up ? "increase" : "decrease"),
                           tone_words(c, r));
    }
    return book_printf(s->a, SV(c) ? "%s är %s (%d: %s); skillnaden är inte statistiskt "
                                     "säkerställd."
                                   : "%s is %s (%d: %s); the difference is not statistically "
                                     "significant.",
                       who, b, r->year_from, a);
}

/* The three significant changes with the smallest adjusted p-values
 * (ties: the definition's order). */
static const char *clearest(const sentences *s)
{
    const trygg_book_ctx *c = s->c;
    size_t n = trygg_definition_indicator_count(c->def), pick[3], np = 0;
    double p[3];
    for (size_t k = 0; k < n; k++) {
        const trygg_estimate_row *from, *to;
        const trygg_change_row *r = change_of(s, k, &from, &to);
        if (!r || !r->significant || !isfinite(r->p_adjusted))
            continue;
        size_t at = np;   /* where k goes among the best so far */
        while (at > 0 && p[at - 1] > r->p_adjusted)
            at--;
        if (at >= 3)
            continue;
        np = np < 3 ? np + 1 : 3;
        for (size_t j = np - 1; j > at; j--) {
            p[j] = p[j - 1];
            pick[j] = pick[j - 1];
        }
        p[at] = r->p_adjusted;
        pick[at] = k;
    }
    if (!np)
        return NULL;
    const char *list = "";
    for (size_t i = 0; i < np; i++) {
        const trygg_estimate_row *from, *to;
        const trygg_change_row *r = change_of(s, pick[i], &from, &to);
        int up = r->significant > 0;
        list = book_printf(s->a, "%s%s%s %s %s %s %s", list, i ? "; " : "",
                           subject(s, pick[i], 0),
                           SV(c) ? (up ? "har ökat från" : "har minskat från")
                                 : (up ? "has risen from" : "has fallen from"),
                           value(c, s->a, pick[i], from->estimate), SV(c) ? "till" : "to",
                           value(c, s->a, pick[i], to->estimate));
    }
    return book_printf(s->a, SV(c) ? "De tydligaste statistiskt säkerställda förändringarna "
                                     "sedan föregående mätning: %s."
                                   : "The clearest statistically significant changes since the "
                                     "previous survey: %s.", list);
}

/* The most common of the published problem shares. */
static const char *most_common(const sentences *s)
{
    const trygg_book_ctx *c = s->c;
    size_t n = trygg_definition_indicator_count(c->def), best = n;
    double top = -1;
    for (size_t k = 0; k < n; k++) {
        const trygg_estimate_row *x =
            book_is_problem_share(c->def, k)
                ? book_shown(c, c->year, s->level, s->area, trygg_definition_indicator_name(c->def, k))
                : NULL;
        if (x && x->estimate > top) {
            top = x->estimate;
            best = k;
        }
    }
    if (best == n)
        return NULL;
    return book_printf(s->a, SV(c) ? "Vanligast av de redovisade problemen är ”%s”: %s."
                                   : "The most common of the published problems is “%s”: %s.",
                       book_label(c, best), value(c, s->a, best, top));
}

/* The library's priorities of the area, in its order. */
static const char *priorities(const sentences *s)
{
    const trygg_book_ctx *c = s->c;
    if (!c->prio)
        return NULL;
    const char *list = "";
    size_t found = 0;
    for (size_t i = 0; i < trygg_priorities_count(c->prio); i++) {
        const trygg_priority_row *r = trygg_priorities_row(c->prio, i);
        const trygg_estimate_row *x =
            strcmp(r->area, s->area) || !r->priority || r->rank <= 0 || !r->is_share ||
                    r->flags & TRYGG_FLAG_SUPPRESSED
                ? NULL : book_shown(c, r->year, r->level, r->area, r->indicator);
        if (!x)
            continue;
        list = book_printf(s->a, "%s%s%s%s%s (%s)", list, found++ ? ", " : "",
                           SV(c) ? "”" : "“", book_label(c, r->indicator_index),
                           SV(c) ? "”" : "”", value(c, s->a, r->indicator_index, x->estimate));
    }
    if (!found)
        return SV(c) ? "Inget problem uppfyller regeln för prioritering (se sidan om "
                       "prioritering)."
                     : "No problem meets the rule for a priority (see the priorities page).";
    return book_printf(s->a, SV(c) ? "Prioriterade problem enligt regeln på sidan om "
                                     "prioritering: %s."
                                   : "Priorities by the rule of the priorities page: %s.",
                       list);
}

size_t trygg_book_sentences(const trygg_book_ctx *c, trygg_book_arena *a, const char *level,
                            const char *area, const char ***out)
{
    size_t n = trygg_definition_indicator_count(c->def);
    sentences s = {c, a, level, area, trygg_book_alloc(a, (n + 5) * sizeof *s.out), 0, n + 4};
    *out = s.out;
    if (!s.out)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (!strcmp(trygg_definition_indicator_group(c->def, k), "headline"))
            add(&s, headline_sentence(&s, k));
    add(&s, clearest(&s));
    add(&s, most_common(&s));
    if (strcmp(level, "region"))
        add(&s, priorities(&s));
    return s.n;
}
