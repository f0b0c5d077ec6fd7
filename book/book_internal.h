/* Internals of the publication layer: the arena's helpers, marks read from
 * the library's decisions, and the words around every page. */
#ifndef TRYGG_BOOK_INTERNAL_H
#define TRYGG_BOOK_INTERNAL_H

#include "trygg_book.h"

/* ---- arena.c ---- */
/* A formatted string in the arena; NULL when out of memory. */
char *book_printf(trygg_book_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Records why a page cannot be made and returns -1. */
int book_fail(trygg_book_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- value.c: what the library decided, as marks ---- */
/* The rule behind the marks of a page, gathered from the rows it used. */
typedef struct {
    size_t rows;             /* rows consulted (tested or not) */
    double alpha;
    trygg_adjust adjust;
    size_t family_min, family_max;
    int from_min, from_max;  /* changes: the earlier years */
    int mixed;               /* rows with different alpha or adjustment */
} book_rule;

/* The tone of a significant difference of sign `sign` (+1 higher) of
 * indicator k: better, worse, or neutral without a direction. */
trygg_report_tone book_tone(const trygg_definition *def, size_t k, int sign);
/* ▲/▼ for the change since the previous survey of an area's indicator in
 * the year: the library's decision; none when the change or the value is
 * suppressed. Adds the row to `rule` (may be NULL). */
trygg_report_mark book_change_mark(const trygg_book_ctx *c, const char *level,
                                   const char *domain, const char *indicator,
                                   trygg_report_tone *tone, book_rule *rule);
/* ⊕/⊖ for an area against its enclosing area in the year, likewise. */
trygg_report_mark book_contrast_mark(const trygg_book_ctx *c, const char *level,
                                     const char *domain, const char *indicator,
                                     trygg_report_tone *tone, book_rule *rule);

/* ---- words.c ---- */
const char *book_label(const trygg_book_ctx *c, size_t k);
int book_is_problem_share(const trygg_definition *def, size_t k);
trygg_report_scale book_scale(const trygg_definition *def, long k);
/* Sets the frame's language, title, subtitle, the unstable values' legend
 * texts, and the confidence level of `level_of` (a row on the page; NULL:
 * the definition's). */
void book_frame(const trygg_book_ctx *c, trygg_book_arena *a, trygg_report_frame *f,
                const char *title, const char *subtitle,
                const trygg_estimate_row *level_of);
/* What the page's marks mean and by which rule: "▲▼ = signifikant
 * förändring sedan 2023 (Holm-justerat p < 0,05 bland områdets 19
 * indikatorer)."; contrasts against `ref`. "" when no rows were used. */
char *book_change_rule(const trygg_book_ctx *c, trygg_book_arena *a, const book_rule *r);
char *book_contrast_rule(const trygg_book_ctx *c, trygg_book_arena *a, const book_rule *r,
                         const char *ref);
/* "Holm-justerat p < 0,05 bland områdets 19 indikatorer" (noun: what the
 * family counts, in Swedish and English). */
char *book_test_words(const trygg_book_ctx *c, trygg_book_arena *a, const book_rule *r,
                      const char *noun_sv, const char *noun_en);
/* The note under a page: the source and year, `what` the page shows, the
 * rules, and the suppression limit. */
void book_note(const trygg_book_ctx *c, trygg_book_arena *a, trygg_report_frame *f,
               const char *what, const char *rules);
/* "95 %" of a confidence level, in the page's language (arena). */
const char *book_level(const trygg_book_ctx *c, trygg_book_arena *a, double level);
/* The problem table's colour bands from the definition, with their limits
 * in the labels ("litet (under 25 %)"); *n receives their number. */
trygg_report_band *book_bands(const trygg_book_ctx *c, trygg_book_arena *a, size_t *n);
/* The area that encloses a row's area, as readers call it. */
const char *book_parent_name(const trygg_book_ctx *c, const trygg_estimate_row *x);

/* ---- lookup.c ---- */
/* The level of an area in the year: district, municipality or region;
 * NULL when no estimate has it. */
const char *book_area_level(const trygg_book_ctx *c, const char *area);

#endif
