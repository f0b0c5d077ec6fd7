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
/* The previous survey's value of an area's indicator, as a chart value
 * (suppressed: "för få svar" and nothing else); *year 0 when none. */
trygg_report_value book_previous(const trygg_book_ctx *c, const char *level, const char *area,
                                 const char *indicator, int *year);
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
/* The areas of `child_level` inside `parent` in the year, in the
 * estimates' order (*out in the arena). */
size_t book_children(const trygg_book_ctx *c, trygg_book_arena *a, const char *child_level,
                     const char *parent, const char ***out);
/* The area's latest survey year before the page's year; 0 when none. */
int book_previous_year(const trygg_book_ctx *c, const char *level, const char *area);
/* A row as a chart value when it is published, else NULL. */
const trygg_estimate_row *book_shown(const trygg_book_ctx *c, int year, const char *level,
                                     const char *area, const char *indicator);

/* ---- facts.c: sample facts ---- */
/* The area's respondents in the year as its published rows count them
 * (n + n_excluded + n_missing of the first published row); -1 when none
 * is published (a hidden area: "för få svar", never a count). */
double book_respondents(const trygg_book_ctx *c, int year, const char *level,
                        const char *area);
/* A count as the page's language prints it: "1 884" (no-break space),
 * "1,884". */
const char *book_count(const trygg_book_ctx *c, trygg_book_arena *a, double n);
/* The gross sample of the area and year, or NULL. */
const trygg_book_sample *book_sample(const trygg_book_ctx *c, int year, const char *level,
                                     const char *area);
/* The page's sample facts line: "Antal svar 2024: 1 884 (2023: 1 902)",
 * with a gross sample "Urval 3 000, antal svar 1 884, svarsfrekvens 63 %";
 * a hidden area "Antal svar 2024: för få svar". */
const char *book_facts(const trygg_book_ctx *c, trygg_book_arena *a, const char *level,
                       const char *area);
/* "63 %" of answers / invited; NULL when either is unknown. */
const char *book_rate(const trygg_book_ctx *c, trygg_book_arena *a, double answers,
                      double invited);

/* ---- codes.c: group codes in words and in their natural order ---- */
/* A code of a grouping column as readers say it: the label of the scale
 * named after the column in scales.csv; else, for sex, 1 "Män" and 2
 * "Kvinnor" (Statistics Sweden's coding); else the code with an en dash
 * between numbers ("16-24" → "16–24"). */
const char *book_code_label(const trygg_book_ctx *c, trygg_book_arena *a, const char *column,
                            const char *code);
/* Natural order: numbers by value ("16-24" < "25-44" < "100"), else bytes. */
int book_code_cmp(const char *x, const char *y);

/* ---- docpage.c: text pages ---- */
typedef struct {
    trygg_report_block *b;
    size_t n, cap;
    trygg_book_arena *a;
    int nomem;
} book_doc;
/* Room for `cap` blocks. */
void book_doc_init(book_doc *d, trygg_book_arena *a, size_t cap);
void book_doc_heading(book_doc *d, const char *text);
void book_doc_paragraph(book_doc *d, const char *text);
/* A table of nrows × ncols cells to fill (header[], cells[], bold[] in
 * the arena); NULL when out of room or memory. */
trygg_report_block *book_doc_table(book_doc *d, size_t nrows, size_t ncols);
/* The page: a text chart with the frame's words. 0, or -1 (book_fail). */
int book_doc_finish(const trygg_book_ctx *c, book_doc *d, const char *title,
                    const char *subtitle, const char *what, trygg_report_chart *chart);

/* ---- lagesbild: the shared builder ---- */
typedef struct {
    const size_t *inds;          /* the page's indicators, definition order */
    size_t n;
    int problem_page;            /* problem shares as bars, group "headline" as
                                    figures (else: shares bars, others figures) */
    const char *subtitle, *axis_title;
    const char *section;         /* the section's title, after the page's */
    double axis_max;             /* a fixed axis 0..axis_max (NAN: the data's) */
    const size_t *order;         /* the bars' order by indicator (NULL: largest
                                    first) */
    size_t norder;
} book_lb_spec;
int book_lagesbild_of(const trygg_book_ctx *c, trygg_book_arena *a, const char *level,
                      const char *area, const book_lb_spec *sp, trygg_report_chart *chart);
/* A municipality's district pages on one axis and in one item order: the
 * largest published upper limit of its districts' problem shares, the
 * municipality's order of them. */
void book_district_axis(const trygg_book_ctx *c, trygg_book_arena *a, const char *muni,
                        book_lb_spec *sp);

/* ---- page_groups.c ---- */
/* The crossings of municipality or district with one or two grouping
 * columns (the municipality's first), *out in the arena. */
size_t book_group_levels(const trygg_book_ctx *c, trygg_book_arena *a, const char ***out);
/* The groups chart of municipality `muni` by crossing `level`. */
int book_groups_of(const trygg_book_ctx *c, trygg_book_arena *a, const char *muni,
                   const char *level, const char *indicator, trygg_report_chart *chart);

/* ---- describe.c: a chart in words ---- */
/* "Stapeldiagram med 8 värden. Högst: …, 35,0 %; lägst: …, 9,9 %. 1
 * redovisas inte (för få svar)." from bars (headings skipped). */
const char *book_describe_bars(const trygg_book_ctx *c, trygg_book_arena *a,
                               const trygg_report_bar *bars, size_t n,
                               const trygg_report_scale *scale);

#endif
