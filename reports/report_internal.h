/* Shared internals of the chart library: colours, UTF-8 helpers, text and
 * drawing primitives, and the per-chart layout and draw functions that
 * chart.c dispatches to. */
#ifndef TRYGG_REPORT_INTERNAL_H
#define TRYGG_REPORT_INTERNAL_H

#include "trygg_report.h"

#include <stddef.h>

#define TR_PI 3.14159265358979323846

/* ---- colours: Okabe–Ito plus greys ---- */
typedef struct {
    double r, g, b;
} tr_rgb;

extern const tr_rgb TR_BLACK, TR_ORANGE, TR_SKY, TR_GREEN, TR_YELLOW,
    TR_BLUE, TR_VERMILLION, TR_PURPLE, TR_TEXT, TR_GREY, TR_GRID, TR_PANEL,
    TR_WHITE;
/* The series colours in order (groups chart). */
tr_rgb tr_series_colour(size_t i);

/* ---- UTF-8 (utf8.c) ---- */
/* A valid copy (invalid sequences become U+FFFD); NULL for NULL input is
 * returned as "". NULL only when out of memory. */
char *tr_utf8_clean(const char *s);
/* Byte index of the next character boundary after i in valid s, skipping
 * combining marks so that a base letter keeps its accents. */
size_t tr_utf8_next(const char *s, size_t i);
/* Like trygg_report_wrap(), but a word wider than a line is broken with a
 * hyphen (table headers: Swedish compounds are long). */
trygg_report_status tr_wrap_hyphen(cairo_t *cr, const char *text, double width,
                                   size_t max_lines, trygg_report_lines *out);
/* Start of the character before position i (0 at the start). */
size_t tr_utf8_prev(const char *s, size_t i);
/* Code point at position i of valid s; 0 at the end. */
unsigned tr_utf8_at(const char *s, size_t i);
/* A malloc'd copy of s[a, b) without trailing spaces. */
char *tr_substr(const char *s, size_t a, size_t b);

/* ---- text (text.c) ---- */
/* Selects the frame's font at `size`, raised to the frame's min_font. */
void tr_font(cairo_t *cr, const trygg_report_frame *f, double size, int bold);
/* `size` raised to the frame's min_font: what tr_font() draws. */
double tr_size(const trygg_report_frame *f, double size);
double tr_ascent(cairo_t *cr);
/* Draws one line with its top at y; align 0 left, 0.5 centre, 1 right. */
void tr_show(cairo_t *cr, double x, double y, const char *s, double align);
/* Draws lines from top y with line height lh. */
void tr_show_lines(cairo_t *cr, double x, double y, double lh,
                   const trygg_report_lines *l, double align);
/* Appends a malloc'd line (taken over; freed on failure). */
trygg_report_status tr_lines_push(trygg_report_lines *l, char *line);
/* Widest line of l in cr's current font. */
double tr_lines_width(cairo_t *cr, const trygg_report_lines *l);
/* Line height for a font size. */
double tr_lh(double size);
/* Wraps into l (cleared), with cr's font set to size/bold first. */
trygg_report_status tr_wrap_at(cairo_t *cr, const trygg_report_frame *f,
                               double size, int bold, const char *text,
                               double width, size_t max_lines,
                               trygg_report_lines *l);
/* Width of the widest string at size. */
double tr_max_width(cairo_t *cr, const trygg_report_frame *f, double size,
                    const char *const *s, size_t n);

/* ---- numbers (number.c) ---- */
/* Prints v with exactly `decimals` decimals (percent when share). */
size_t tr_format_dec(char *buf, size_t size, double v, trygg_report_kind k,
                     int decimals, int unit, trygg_report_lang lang);
/* "(2023: 24,1 %)": a previous year's value ("(2023: för få svar)" when
 * it is hidden); "" without a year or a value. */
size_t tr_format_previous(char *buf, size_t size, const trygg_report_value *prev, int year,
                          const trygg_report_scale *s, trygg_report_lang lang);
/* Prints the tick value v for an axis with this step. */
size_t tr_format_tick(char *buf, size_t size, double v, double step,
                      const trygg_report_scale *s, trygg_report_lang lang);

/* ---- axis (axis.c) ---- */
/* Running min/max of finite values. */
typedef struct {
    double min, max;
} tr_range;
void tr_range_init(tr_range *r);
void tr_range_add(tr_range *r, double v);
void tr_range_value(tr_range *r, const trygg_report_value *v);
/* An axis for the data range under scale's fixed limits, 0 included. */
trygg_report_status tr_axis_for(const tr_range *r, const trygg_report_scale *s,
                                int target, trygg_report_axis *a);
/* Clamps a device coordinate to the axis' device range. */
double tr_axis_clamp(const trygg_report_axis *a, double d);
/* Widest tick label of the axis at cr's current font. */
double tr_ticks_width(cairo_t *cr, const trygg_report_axis *a,
                      const trygg_report_scale *s, trygg_report_lang lang);

/* ---- layout helpers (layout.c) ---- */
trygg_report_status tr_legend_add(trygg_report_layout *L,
                                  trygg_report_symbol sym, tr_rgb c,
                                  const char *text);
/* 1 when the frame is a figure printed small: compact layout. */
int tr_compact(const trygg_report_frame *f);
/* Title and subtitle sizes (larger on a cover). */
double tr_title_size(const trygg_report_layout *L);
double tr_subtitle_size(const trygg_report_layout *L);
/* Moves legend and note up to just below `bottom` when the chart ended
 * above the body's end, so that short charts have no gap before them. */
void tr_frame_pull_up(trygg_report_layout *L, double bottom);
/* Places title, subtitle, legend and note; sets L->body. */
trygg_report_status tr_frame_layout(cairo_t *cr, const trygg_report_frame *f,
                                    trygg_report_layout *L);
trygg_report_status tr_slots_alloc(trygg_report_slot **s, size_t n);
/* Adds the legend entry of the CI, and those of the unstable values whose
 * flags are or'ed in `flags` (one per reason: few answers, large CV). */
trygg_report_status tr_legend_ci(trygg_report_layout *L,
                                 const trygg_report_frame *f, unsigned flags);
/* The unstable values' entries alone, with `sym` (0 = the hatches). */
trygg_report_status tr_legend_unstable(trygg_report_layout *L,
                                       const trygg_report_frame *f,
                                       unsigned flags, int hollow);
/* The marks a page draws, by kind and tone, for its legend. */
typedef struct {
    unsigned char seen[5][3]; /* trygg_report_mark × trygg_report_tone */
} tr_marks;
void tr_marks_add(tr_marks *s, trygg_report_mark m, trygg_report_tone t);
int tr_marks_any(const tr_marks *s);
/* One legend entry per kind and tone seen: ▲ "signifikant ökning sedan
 * föregående mätning, till det sämre", ⊕ "signifikant högre än `ref`";
 * the symbols in their tone's colour when `coloured`. */
trygg_report_status tr_legend_marks(trygg_report_layout *L,
                                    const trygg_report_frame *f,
                                    const tr_marks *s, const char *ref,
                                    int coloured);
/* Wraps the too-few text into width × height at `size`; sets too_few or,
 * when it does not fit whole, too_few_dots. */
trygg_report_status tr_too_few_fit(cairo_t *cr, const trygg_report_frame *f,
                                   double size, double width, double height,
                                   trygg_report_layout *L);
/* 1 when the value is drawn (not suppressed, finite estimate). */
int tr_drawable(const trygg_report_value *v);

/* ---- drawing primitives (draw.c) ---- */
void tr_set(cairo_t *cr, tr_rgb c);
void tr_fill_rect(cairo_t *cr, trygg_report_rect r, tr_rgb c);
/* The hatch of a value: 1 "/" (few answers, or unstable for a reason not
 * given), 2 "\" (a large CV), 3 both; 0 when stable. */
int tr_hatch_of(unsigned flags);
/* A bar: solid, or light with the hatch lines of `hatch` (tr_hatch_of). */
void tr_bar(cairo_t *cr, trygg_report_rect r, tr_rgb c, int hatch);
/* Hatch lines of `hatch` over r in c (line width w, spacing gap). */
void tr_hatch(cairo_t *cr, trygg_report_rect r, int hatch, double w, double gap);
/* CI whiskers: horizontal at y from x0 to x1, vertical at x. cap_* says
 * whether that end gets a cap (ends clamped to the axis get none). */
void tr_whisker_h(cairo_t *cr, double x0, double x1, double y, double cap,
                  int cap0, int cap1);
void tr_whisker_v(cairo_t *cr, double x, double y0, double y1, double cap,
                  int cap0, int cap1);
void tr_triangle(cairo_t *cr, double cx, double cy, double size, int up);
void tr_diamond(cairo_t *cr, double cx, double cy, double size, tr_rgb c);
/* The colour of a mark of tone t. */
tr_rgb tr_tone_colour(trygg_report_tone t);
/* Draws a mark (▲ ▼ ⊕ ⊖) in c centred at cx, cy; nothing for MARK_NONE. */
void tr_mark(cairo_t *cr, trygg_report_mark m, tr_rgb c, double cx, double cy,
             double size);
/* Horizontal value axis: gridlines through plot, tick labels below. */
void tr_axis_x(cairo_t *cr, const trygg_report_frame *f,
               const trygg_report_layout *L, const trygg_report_scale *s);
/* Vertical value axis: gridlines across plot, tick labels at the left. */
void tr_axis_y(cairo_t *cr, const trygg_report_frame *f,
               const trygg_report_layout *L, const trygg_report_scale *s);
/* The page: white background, title, subtitle, legend and note. */
/* The white page, drawn before any tag. */
void tr_draw_background(cairo_t *cr, const trygg_report_layout *L);
/* The page's top: title (a heading), subtitle and
 * facts; and its foot: the description and the note (paragraphs). */
void tr_draw_head(cairo_t *cr, const trygg_report_frame *f,
                  const trygg_report_layout *L);
void tr_draw_foot(cairo_t *cr, const trygg_report_frame *f,
                  const trygg_report_layout *L);
void tr_draw_legend(cairo_t *cr, const trygg_report_frame *f,
                    const trygg_report_layout *L);

/* ---- horizontal bar panel (bars_layout.c, bars_draw.c) ---- */
typedef struct {
    const trygg_report_bar *bars;
    size_t n;
    const trygg_report_scale *scale;
    trygg_report_sort sort;
    int ranks, texts;        /* priorities' columns */
    double ref_est, ref_lo, ref_hi; /* comparison's reference, else NAN */
    const char *axis_title;
    const char *text_title;
    int prev_year;           /* the bars' previous values' year; 0 = none */
} tr_bars_spec;

trygg_report_status tr_bars_layout(cairo_t *cr, const trygg_report_frame *f,
                                   const tr_bars_spec *sp,
                                   trygg_report_rect area,
                                   trygg_report_layout *L);
void tr_bars_draw(cairo_t *cr, const trygg_report_frame *f,
                  const tr_bars_spec *sp, const trygg_report_layout *L);
/* A bar's value as printed: "35,0 %", with the previous year's when the
 * spec has one ("35,0 % (2023: 34,1 %)"). */
size_t tr_bar_value_text(char *buf, size_t size, const trygg_report_frame *f,
                         const tr_bars_spec *sp, const trygg_report_bar *b);
/* The flags of the bars (headings left out) or'ed together. */
unsigned tr_bars_flags(const trygg_report_bar *b, size_t n);
int tr_bars_any(const trygg_report_bar *b, size_t n, unsigned flag);
/* 1 when a drawn bar has a mark (a suppressed bar's is never drawn). */
int tr_bars_any_mark(const trygg_report_bar *b, size_t n);
/* The marks the bars draw, for the legend. */
void tr_bars_marks(const trygg_report_bar *b, size_t n, tr_marks *s);

/* ---- headline boxes (headline.c) ---- */
trygg_report_status tr_boxes_layout(cairo_t *cr, const trygg_report_frame *f,
                                    const trygg_report_headline *h, size_t n,
                                    size_t per_row, double k,
                                    trygg_report_rect area,
                                    trygg_report_layout *L, double *used);
/* The marks and the or'ed flags of the headline figures, for legends. */
void tr_headline_marks(const trygg_report_headline *h, size_t n, tr_marks *s);
unsigned tr_headline_flags(const trygg_report_headline *h, size_t n);
/* k scales the boxes' type (1 in the Lägesbild band). */
void tr_boxes_draw(cairo_t *cr, const trygg_report_frame *f,
                   const trygg_report_headline *h, double k,
                   const trygg_report_layout *L);

/* ---- problem table (table.c) ---- */
/* The cell at row (or TRYGG_REPORT_TOTAL) and column. */
const trygg_report_cell *tr_table_cell(const trygg_report_table *m,
                                       size_t row, size_t col);

/* ---- PDF (pdf_lang.c) ---- */
/* A copy of the finished PDF pdf[0, n) (cairo's) with an incremental
 * update giving its catalog /Lang `lang` and DisplayDocTitle: *out
 * malloc'ed. 0, or -1 when the PDF is not as cairo writes it. */
int tr_pdf_lang(const char *pdf, size_t n, const char *lang, char **out, size_t *outn);

/* ---- per chart ---- */
#define TR_CHART(name, type)                                                  \
    trygg_report_status tr_##name##_layout(cairo_t *cr, const type *m,      \
                                           trygg_report_layout *L);          \
    void tr_##name##_draw(cairo_t *cr, const type *m,                        \
                          const trygg_report_layout *L)
TR_CHART(lagesbild, trygg_report_lagesbild);
TR_CHART(comparison, trygg_report_comparison);
TR_CHART(table, trygg_report_table);
TR_CHART(groups, trygg_report_groups);
TR_CHART(trend, trygg_report_trend);
TR_CHART(priorities, trygg_report_priorities);
TR_CHART(cover, trygg_report_cover);
TR_CHART(doc, trygg_report_doc);
TR_CHART(matrix, trygg_report_matrix);
#undef TR_CHART

#endif
