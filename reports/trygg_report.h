/**
 * trygg_report — Cairo charts for Swedish safety surveys.
 *
 * The one public header of the chart library. It does not depend on
 * libtrygg: the caller fills plain chart *models* in data units (shares as
 * 0–1, CIs, labels, flags) and the library never computes statistics.
 *
 * Three stages:
 *   1. a model (`trygg_report_lagesbild`, `trygg_report_trend`, …), set to
 *      defaults by its `_init()` function and filled by the caller;
 *   2. a pure layout pass, trygg_report_layout_new(): plot rectangle, axis
 *      range and ticks, wrapped or shortened labels, the data→device
 *      transform (trygg_report_axis_map()). It only measures text with the
 *      given cairo_t and never draws, so tests can check it;
 *   3. a draw pass, trygg_report_render() / trygg_report_draw(), into a
 *      cairo_t owned by the caller.
 * Files (PNG, SVG, single- or multi-page PDF) are written by
 * trygg_report_write_png(), _svg() and _pdf(), atomically (temporary file,
 * then rename()).
 *
 *     trygg_report_trend t;
 *     trygg_report_trend_init(&t);
 *     t.frame.title = "Otrygg ute sent på kvällen";
 *     t.years = years; t.nyears = 3; t.area = vals; t.area_label = "Rånäs";
 *     trygg_report_chart c = { .type = TRYGG_REPORT_CHART_TREND, .m.trend = &t };
 *     trygg_report_status st = trygg_report_write_png(&c, 2.0, "trend.png");
 *
 * Models point to caller-owned arrays and strings; the library copies what
 * it keeps (a layout owns its strings). All text is UTF-8; invalid bytes are
 * drawn as U+FFFD. Text is drawn with Cairo's toy font API in
 * `frame.font_family` (default "DejaVu Sans").
 */
#ifndef TRYGG_REPORT_H
#define TRYGG_REPORT_H

#include <stddef.h>
#include <cairo.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Status, language, fixed strings                                     */
/* ------------------------------------------------------------------ */

/** Result of every fallible call. */
typedef enum {
    TRYGG_REPORT_OK = 0,
    TRYGG_REPORT_ERR_ARGUMENT, /**< NULL or inconsistent model, bad size */
    TRYGG_REPORT_ERR_NOMEM,    /**< an allocation failed */
    TRYGG_REPORT_ERR_IO,       /**< a file could not be written or renamed */
    TRYGG_REPORT_ERR_CAIRO,    /**< Cairo reported an error */
    TRYGG_REPORT_ERR_FIT       /**< the chart does not fit its page with text
                                    no smaller than the frame's min_font */
} trygg_report_status;

/** A fixed English description of a status. Never NULL. */
const char *trygg_report_strerror(trygg_report_status st);

/** Language of the fixed texts and of number formatting. The values match
 *  libtrygg's trygg_lang. */
typedef enum { TRYGG_REPORT_SV = 0, TRYGG_REPORT_EN = 1 } trygg_report_lang;

/** The fixed texts the charts draw. */
typedef enum {
    TRYGG_REPORT_TXT_TOO_FEW,      /**< "för få svar" / "too few answers" */
    TRYGG_REPORT_TXT_MISSING,      /**< "uppgift saknas" / "no data" */
    TRYGG_REPORT_TXT_UNSTABLE,     /**< legend of hatched (unstable) values
                                        whose reason is not given */
    TRYGG_REPORT_TXT_UNSTABLE_SHORT, /**< "osäker skattning" */
    TRYGG_REPORT_TXT_CI,           /**< "%s konfidensintervall", %s the level
                                        as trygg_report_format_level() */
    TRYGG_REPORT_TXT_CI_SHORT,     /**< "%s KI" / "%s CI" */
    TRYGG_REPORT_TXT_CHANGE,       /**< significant change since last survey */
    TRYGG_REPORT_TXT_UP,           /**< significant increase */
    TRYGG_REPORT_TXT_DOWN,         /**< significant decrease */
    TRYGG_REPORT_TXT_ABOVE,        /**< "signifikant högre än %s" */
    TRYGG_REPORT_TXT_BELOW,        /**< "signifikant lägre än %s" */
    TRYGG_REPORT_TXT_BETTER,       /**< "till det bättre" (a mark's tone) */
    TRYGG_REPORT_TXT_WORSE,        /**< "till det sämre" */
    TRYGG_REPORT_TXT_LOW_N,        /**< hatch legend: few answers */
    TRYGG_REPORT_TXT_HIGH_CV,      /**< hatch legend: a large CV */
    TRYGG_REPORT_TXT_NO_ANSWERS,   /**< "inga svar" / "no answers" */
    TRYGG_REPORT_TXT_PROBLEM_AXIS, /**< default Lägesbild axis title */
    TRYGG_REPORT_TXT_AREA,         /**< "Område" / "Area" */
    TRYGG_REPORT_TXT_AGE,          /**< "Åldersgrupp" / "Age group" */
    TRYGG_REPORT_TXT_YEAR,         /**< "År" / "Year" */
    TRYGG_REPORT_TXT_RANK,         /**< "Rang" / "Rank" */
    TRYGG_REPORT_TXT_RATIONALE,    /**< "Motivering" / "Rationale" */
    TRYGG_REPORT_TXT_PREVIOUS,     /**< "(%d: %s)": a previous year's value */
    TRYGG_REPORT_TXT_COUNT
} trygg_report_text_id;

/** A fixed text in `lang` (static storage; some contain one printf
 *  conversion, as documented above). Never NULL. */
const char *trygg_report_text(trygg_report_lang lang, trygg_report_text_id id);

/* ------------------------------------------------------------------ */
/* Values and number formatting                                        */
/* ------------------------------------------------------------------ */

/** Flag: too few answers; the chart draws "för få svar", never a bar. */
#define TRYGG_REPORT_SUPPRESSED 0x1u
/** Flag: an unstable estimate; its bar (or cell, or band) is hatched. */
#define TRYGG_REPORT_UNSTABLE 0x2u
/** With UNSTABLE, the reasons: fewer answers than the stability limit
 *  (hatched "/") and a CV above its limit (hatched "\"; both: crossed).
 *  UNSTABLE without either is hatched "/" and explained in general. */
#define TRYGG_REPORT_LOW_N 0x4u
#define TRYGG_REPORT_HIGH_CV 0x8u
/** Flag: no answers at all; drawn as "inga svar" / "no answers". */
#define TRYGG_REPORT_EMPTY 0x10u

/** One estimate with its confidence interval. */
typedef struct {
    double est;     /**< the estimate; NAN = no data ("uppgift saknas") */
    double lo, hi;  /**< CI ends; NAN = no interval */
    unsigned flags; /**< TRYGG_REPORT_SUPPRESSED, _UNSTABLE (+ _LOW_N,
                         _HIGH_CV), _EMPTY */
} trygg_report_value;

/** Sets est, lo and hi to NAN and flags to 0. */
void trygg_report_value_init(trygg_report_value *v);

/** What kind of numbers an indicator has. */
typedef enum {
    TRYGG_REPORT_SHARE = 0, /**< a share 0–1, printed as percent */
    TRYGG_REPORT_NUMBER     /**< e.g. the police 0–6 index */
} trygg_report_kind;

/** How an indicator is printed and which axis range it gets. */
typedef struct {
    trygg_report_kind kind; /**< default TRYGG_REPORT_SHARE */
    int decimals;           /**< decimals printed (default 1; 0–3) */
    double min, max;        /**< fixed axis range in data units; NAN = from
                                 the data (always including 0) */
} trygg_report_scale;

/** Defaults: a share, 1 decimal, automatic axis range. */
void trygg_report_scale_init(trygg_report_scale *s);

/**
 * Prints `v` as a report does: shares as percent ("23,4 %" in Swedish,
 * "23.4%" in English), numbers with `s->decimals` decimals and a decimal
 * comma in Swedish; a minus sign U+2212 for negative numbers in Swedish.
 * Writes at most `size` bytes including the terminating 0 and returns the
 * length it needed (like snprintf). NAN prints as "–".
 */
size_t trygg_report_format(char *buf, size_t size, double v,
                           const trygg_report_scale *s, trygg_report_lang lang);

/** Prints a confidence level (0.95, 0.8, 0.995) as "95 %", "80 %",
 *  "99,5 %" (Swedish) or "95%", "99.5%" (English); same contract as
 *  trygg_report_format(). */
size_t trygg_report_format_level(char *buf, size_t size, double level,
                                 trygg_report_lang lang);

/** Prints a CI as "20,1–26,8 %" / "20.1–26.8%"; same contract as
 *  trygg_report_format(); "" when either end is NAN. */
size_t trygg_report_format_ci(char *buf, size_t size, double lo, double hi,
                              const trygg_report_scale *s,
                              trygg_report_lang lang);

/* ------------------------------------------------------------------ */
/* Chart models                                                        */
/* ------------------------------------------------------------------ */

/** What every chart has: page size, language, fonts and the text around
 *  the plot. Sizes are in device units: points for PDF and SVG, pixels for
 *  PNG at scale 1. */
typedef struct {
    trygg_report_lang lang;  /**< default TRYGG_REPORT_SV */
    double width, height;    /**< default 842 × 595 (A4 landscape) */
    double font_size;        /**< base text size, default 10 */
    const char *font_family; /**< default "DejaVu Sans" */
    const char *title;       /**< bold, at the top; NULL = none */
    const char *subtitle;    /**< under the title; NULL = none */
    const char *note;        /**< small print at the bottom (source, n);
                                  NULL = none */
    double ci_level;         /**< for the legend, default 0.95 */
    const char *low_n_text;  /**< legend of values hatched for few answers
                                  ("osäker skattning: färre än 50 svar");
                                  NULL = TRYGG_REPORT_TXT_LOW_N */
    const char *high_cv_text;/**< ... for a large CV; NULL =
                                  TRYGG_REPORT_TXT_HIGH_CV */
    const char *facts;       /**< sample facts under the subtitle ("Antal
                                  svar 2024: 1 884"); NULL = none */
    const char *description; /**< the chart in words, printed above the
                                  note (and the PDF's figure text); NULL =
                                  none */
    double min_font;         /**< no text is drawn smaller than this (in
                                  device units: 8 for 8 pt in a PDF);
                                  layouts that would need smaller type
                                  return TRYGG_REPORT_ERR_FIT; 0 = none.
                                  With it, a page under 500 × 400 is laid
                                  out compact (narrower margins, one line
                                  of title and subtitle) */
} trygg_report_frame;

/** Sets the defaults listed above. */
void trygg_report_frame_init(trygg_report_frame *f);

/** A significance mark. One meaning each: ▲▼ only a significant change
 *  since the previous survey; ⊕⊖ (a circled plus or minus) only
 *  significantly higher or lower than a reference area. */
typedef enum {
    TRYGG_REPORT_MARK_NONE = 0,
    TRYGG_REPORT_MARK_UP,    /**< ▲ significant increase since the last survey */
    TRYGG_REPORT_MARK_DOWN,  /**< ▼ significant decrease since the last survey */
    TRYGG_REPORT_MARK_ABOVE, /**< ⊕ significantly higher than the reference */
    TRYGG_REPORT_MARK_BELOW  /**< ⊖ significantly lower than the reference */
} trygg_report_mark;

/** Whether a mark is good news: drawn green (better), red (worse) or in
 *  the text colour (no direction), and said so in the legend. */
typedef enum {
    TRYGG_REPORT_TONE_NEUTRAL = 0,
    TRYGG_REPORT_TONE_BETTER,
    TRYGG_REPORT_TONE_WORSE
} trygg_report_tone;

/** Row order of bar charts. */
typedef enum {
    TRYGG_REPORT_SORT_DESC = 0, /**< largest first; suppressed rows last */
    TRYGG_REPORT_SORT_ASC,
    TRYGG_REPORT_SORT_NONE      /**< the model's order */
} trygg_report_sort;

/** One bar (a problem item, a district, a priority). */
typedef struct {
    const char *label;
    trygg_report_value value;
    double parent;          /**< Lägesbild: the parent area's value, drawn as
                                 a marker; NAN = none (default) */
    trygg_report_mark mark; /**< Lägesbild, priorities: UP/DOWN, a
                                 significant change since the last survey;
                                 comparison: ABOVE/BELOW the reference */
    trygg_report_tone tone; /**< the mark's direction: better or worse */
    trygg_report_value previous; /**< the previous survey's value, printed
                                 beside the value ("(2023: 24,1 %)") when the
                                 model has a previous_year; NAN = none */
    const char *text;       /**< priorities: the text column; NULL = none */
    int rank;               /**< priorities: the number drawn (0 = none) */
    int heading;            /**< priorities: a heading row (label only, in
                                 bold), not an item */
} trygg_report_bar;

/** Sets an empty label, a NAN value, no parent, no mark, no text, no rank. */
void trygg_report_bar_init(trygg_report_bar *b);

/** A headline figure (problem index, unsafe at night, …). */
typedef struct {
    const char *label;
    trygg_report_value value;
    trygg_report_scale scale;
    trygg_report_mark mark; /**< significant change since the last survey */
    trygg_report_tone tone;
    trygg_report_value previous; /**< the previous survey's value */
    int previous_year;      /**< its year; 0 = none (nothing printed) */
} trygg_report_headline;

/** Sets an empty label, a NAN value, a share scale and no mark. */
void trygg_report_headline_init(trygg_report_headline *h);

/** 1. Lägesbild of one area and year: headline figures in a band at the
 *  top, then one bar per problem item (share answering "big problem"). */
typedef struct {
    trygg_report_frame frame;
    trygg_report_scale scale;         /**< of the items */
    const char *axis_title;           /**< NULL = the built-in text */
    const char *parent_label;         /**< legend of the parent marker, e.g.
                                           "Botkyrka kommun"; NULL = none */
    const trygg_report_headline *headlines;
    size_t nheadlines;                /**< 0–6 */
    const trygg_report_bar *items;
    size_t nitems;
    trygg_report_sort sort;           /**< default descending */
    int previous_year;                /**< the year of the bars' `previous`
                                           values; 0 = none */
} trygg_report_lagesbild;

/** 2. One indicator for every district of a municipality, with a vertical
 *  line for the municipality; `bar.mark` says significantly above/below. */
typedef struct {
    trygg_report_frame frame;
    trygg_report_scale scale;
    const char *axis_title;           /**< the indicator's name */
    const trygg_report_bar *districts;
    size_t ndistricts;
    const char *reference_label;      /**< the municipality, e.g. "Botkyrka" */
    trygg_report_value reference;     /**< its value; NAN = no line */
    trygg_report_sort sort;           /**< default descending */
    int previous_year;                /**< as in the Lägesbild */
} trygg_report_comparison;

/** A colour band of the problem table: values below `upper` (and not
 *  below the previous band's `upper`) get this colour. Bands ascend. */
typedef struct {
    double upper;        /**< INFINITY for the last band */
    double r, g, b;      /**< 0–1 */
    const char *label;   /**< legend text, e.g. "litet problem" */
} trygg_report_band;

/** One cell of the problem table. */
typedef struct {
    trygg_report_value value;
    trygg_report_mark mark; /**< significant change since the last survey */
    trygg_report_tone tone; /**< said in the legend (cells are coloured by
                                 band, so the mark keeps the text colour) */
} trygg_report_cell;

/** 3. Problem table: districts (rows) × problem items (columns), cells
 *  coloured by band, the municipality row at the bottom. */
typedef struct {
    trygg_report_frame frame;
    trygg_report_scale scale;
    const char *corner_label;         /**< header of the name column;
                                           NULL = "Område" */
    const char *const *rows;
    size_t nrows;
    const char *const *cols;
    size_t ncols;
    const trygg_report_cell *cells;   /**< nrows × ncols, row-major */
    const char *total_label;          /**< NULL = no total row */
    const trygg_report_cell *total;   /**< ncols cells (when total_label) */
    const trygg_report_band *bands;   /**< ascending; none = white cells */
    size_t nbands;
} trygg_report_table;

/** 4. An indicator by group (e.g. age group, on the x axis) and series
 *  (e.g. sex, bars within a group) for one area. */
typedef struct {
    trygg_report_frame frame;
    trygg_report_scale scale;
    const char *axis_title;           /**< value axis */
    const char *group_title;          /**< x axis; NULL = "Åldersgrupp" */
    const char *const *groups;
    size_t ngroups;
    const char *const *series;
    size_t nseries;                   /**< 1–6 */
    const trygg_report_value *values; /**< values[s * ngroups + g] */
} trygg_report_groups;

/** 5. An indicator for an area over years with a CI band, and the parent
 *  area's line. */
typedef struct {
    trygg_report_frame frame;
    trygg_report_scale scale;
    const char *axis_title;
    const int *years;                 /**< ascending */
    size_t nyears;
    const char *area_label;
    const trygg_report_value *area;   /**< nyears */
    const char *parent_label;
    const trygg_report_value *parent; /**< nyears, or NULL (CI unused) */
} trygg_report_trend;

/** 6. Priorities: items in the caller's order (bar with CI, a rank number
 *  where `bar.rank` > 0, a text column), headings between groups
 *  (`bar.heading`), for the authors of citizen promises. */
typedef struct {
    trygg_report_frame frame;
    trygg_report_scale scale;
    const char *axis_title;
    const char *text_title;           /**< NULL = "Motivering" */
    const trygg_report_bar *items;    /**< rank 1 first */
    size_t nitems;
} trygg_report_priorities;

/** A cover or headline page: title, subtitle, big figures, paragraphs. */
typedef struct {
    trygg_report_frame frame;
    const trygg_report_headline *headlines;
    size_t nheadlines;                /**< 0–9, three per row */
    const char *const *paragraphs;
    size_t nparagraphs;
} trygg_report_cover;

/** A block of a text page: a heading, a paragraph, or a table of text
 *  cells (the caller formats every number; the first column is left-
 *  aligned, the others right-aligned unless `words`). */
typedef enum {
    TRYGG_REPORT_BLOCK_HEADING = 0,
    TRYGG_REPORT_BLOCK_PARAGRAPH,
    TRYGG_REPORT_BLOCK_TABLE
} trygg_report_block_kind;

typedef struct {
    trygg_report_block_kind kind;
    const char *text;                 /**< heading or paragraph */
    const char *const *header;        /**< table: ncols column titles */
    const char *const *cells;         /**< table: nrows × ncols, row-major */
    size_t nrows, ncols;
    const unsigned char *bold;        /**< table: nrows flags (a group's
                                           row); NULL = none */
    int words;                        /**< table: 1 = every column left-
                                           aligned (a table of words) */
} trygg_report_block;

/** 8. A text page (methods, the reading guide, a follow-up, a table of
 *  figures): blocks from the top; the text shrinks to fit the page, not
 *  below min_font (else TRYGG_REPORT_ERR_FIT). */
typedef struct {
    trygg_report_frame frame;
    const trygg_report_block *blocks;
    size_t nblocks;
} trygg_report_doc;

/** A point of the priority matrix: a problem. */
typedef struct {
    const char *label;
    trygg_report_value x;     /**< how common: a share with its CI */
    trygg_report_value y;     /**< how it stands out: the gap to the
                                   enclosing area with its CI; no number =
                                   not placed (listed only) */
    double size;              /**< how many are affected (marker area);
                                   NAN = the smallest marker */
    trygg_report_mark mark;   /**< UP/DOWN: a significant change */
    trygg_report_tone tone;
    int priority;             /**< a priority: drawn in the warning colour */
    int number;               /**< drawn in the marker and the key (0: none;
                                   a suppressed point gets none) */
} trygg_report_point;

/** 9. Brå's prioritisation matrix: how common (x) against how much a
 *  problem stands out from the enclosing area (y), marker size = residents
 *  affected, ▲ = rising; a key of the points beside the plot; quadrants
 *  split at x_split and y = 0, named in words. */
typedef struct {
    trygg_report_frame frame;
    trygg_report_scale x_scale, y_scale;
    const char *x_title, *y_title;
    double x_split;                   /**< NAN = no vertical split */
    const char *quadrant[4];          /**< names: upper left, upper right,
                                           lower left, lower right */
    const char *size_text;            /**< legend of the marker size */
    const char *priority_text;        /**< legend of a priority's colour */
    const trygg_report_point *points;
    size_t npoints;
} trygg_report_matrix;

void trygg_report_doc_init(trygg_report_doc *m);
void trygg_report_matrix_init(trygg_report_matrix *m);
void trygg_report_lagesbild_init(trygg_report_lagesbild *m);
void trygg_report_comparison_init(trygg_report_comparison *m);
void trygg_report_table_init(trygg_report_table *m);
void trygg_report_groups_init(trygg_report_groups *m);
void trygg_report_trend_init(trygg_report_trend *m);
void trygg_report_priorities_init(trygg_report_priorities *m);
void trygg_report_cover_init(trygg_report_cover *m);

/** The chart types. */
typedef enum {
    TRYGG_REPORT_CHART_LAGESBILD,
    TRYGG_REPORT_CHART_COMPARISON,
    TRYGG_REPORT_CHART_TABLE,
    TRYGG_REPORT_CHART_GROUPS,
    TRYGG_REPORT_CHART_TREND,
    TRYGG_REPORT_CHART_PRIORITIES,
    TRYGG_REPORT_CHART_COVER,
    TRYGG_REPORT_CHART_DOC,
    TRYGG_REPORT_CHART_MATRIX
} trygg_report_chart_type;

/** Any chart: its type and a pointer to its model (not owned). */
typedef struct {
    trygg_report_chart_type type;
    union {
        const trygg_report_lagesbild *lagesbild;
        const trygg_report_comparison *comparison;
        const trygg_report_table *table;
        const trygg_report_groups *groups;
        const trygg_report_trend *trend;
        const trygg_report_priorities *priorities;
        const trygg_report_cover *cover;
        const trygg_report_doc *doc;
        const trygg_report_matrix *matrix;
    } m;
} trygg_report_chart;

/** The chart's frame, or NULL for a NULL chart or model. */
const trygg_report_frame *trygg_report_chart_frame(const trygg_report_chart *c);

/* ------------------------------------------------------------------ */
/* Layout                                                              */
/* ------------------------------------------------------------------ */

/** A rectangle in device units (y grows downwards). */
typedef struct {
    double x, y, w, h;
} trygg_report_rect;

#define TRYGG_REPORT_MAX_TICKS 16

/** A value axis: data range, ticks and where the ends go on the device. */
typedef struct {
    double lo, hi;         /**< data range shown */
    double step;           /**< tick spacing (1, 2, 2.5 or 5 × 10^k) */
    size_t nticks;
    double ticks[TRYGG_REPORT_MAX_TICKS];
    double dev_lo, dev_hi; /**< device coordinates of lo and hi */
} trygg_report_axis;

/**
 * A "nice" axis covering [min, max] with about `target` ticks (2–10):
 * lo and hi are multiples of the step, the first and last ticks. dev_lo and
 * dev_hi are left 0 and 1. Returns TRYGG_REPORT_ERR_ARGUMENT for
 * non-finite input.
 */
trygg_report_status trygg_report_axis_nice(double min, double max, int target,
                                           trygg_report_axis *a);

/** Maps a data value to a device coordinate (linear; not clamped). */
double trygg_report_axis_map(const trygg_report_axis *a, double v);

/** Wrapped text: lines owned by whoever filled it. */
typedef struct {
    char **lines;
    size_t nlines;
    int truncated; /**< 1 when something was shortened with "…" */
} trygg_report_lines;

/** Frees the lines and zeroes the struct. NULL is allowed. */
void trygg_report_lines_clear(trygg_report_lines *l);

/** Selects the toy font `family` (NULL = "DejaVu Sans") at `size`,
 *  bold or not, on cr: what the measuring functions below use. */
void trygg_report_set_font(cairo_t *cr, const char *family, double size,
                           int bold);

/** Width (x advance) of UTF-8 `text` in cr's current font. */
double trygg_report_text_width(cairo_t *cr, const char *text);

/**
 * Wraps UTF-8 `text` into lines no wider than `width` in cr's current font:
 * breaks at spaces, after hyphens and at '\n', never inside a character
 * (or before a combining mark). A word longer than `width`, or what is left
 * when `max_lines` (0 = no limit) is reached, is shortened with "…".
 * Overwrites *out (which must not own lines); free it with
 * trygg_report_lines_clear(). Zero lines for empty text.
 * Returns TRYGG_REPORT_ERR_NOMEM or TRYGG_REPORT_ERR_ARGUMENT.
 */
trygg_report_status trygg_report_wrap(cairo_t *cr, const char *text,
                                      double width, size_t max_lines,
                                      trygg_report_lines *out);

/**
 * A new copy of `text` that fits `width` in cr's current font: the text
 * itself when it fits, else its longest prefix (ending on a character
 * boundary, trailing spaces removed) followed by "…", or "" when not even
 * "…" fits. Invalid UTF-8 is replaced by U+FFFD. Caller frees; NULL when
 * out of memory.
 */
char *trygg_report_shorten(cairo_t *cr, const char *text, double width);

/** One slot of a layout: a bar row, a table row or column, a group, a year
 *  or a headline box, with its wrapped label. */
typedef struct {
    size_t item;              /**< index into the model's array (rows are in
                                   drawing order, after sorting) */
    trygg_report_rect r;      /**< rows: the band of the plot it occupies;
                                   columns: their x range and header */
    trygg_report_lines label; /**< owned by the layout */
} trygg_report_slot;

/** The item index of the problem table's total (municipality) row. */
#define TRYGG_REPORT_TOTAL ((size_t)-1)

/** Legend symbols. */
typedef enum {
    TRYGG_REPORT_SYM_BAR,     /**< a filled box */
    TRYGG_REPORT_SYM_HATCH,   /**< a box hatched "/": unstable, few answers */
    TRYGG_REPORT_SYM_HATCH_CV,/**< a box hatched "\\": unstable, large CV */
    TRYGG_REPORT_SYM_CI,      /**< a whisker */
    TRYGG_REPORT_SYM_PARENT,  /**< a diamond */
    TRYGG_REPORT_SYM_LINE,    /**< a solid line with a dot, over a band */
    TRYGG_REPORT_SYM_DASHED,  /**< a dashed line with a square */
    TRYGG_REPORT_SYM_REF,     /**< a vertical reference line */
    TRYGG_REPORT_SYM_UPDOWN,  /**< ▲▼ */
    TRYGG_REPORT_SYM_UP,      /**< ▲ */
    TRYGG_REPORT_SYM_DOWN,    /**< ▼ */
    TRYGG_REPORT_SYM_HOLLOW,  /**< an open circle: unstable point */
    TRYGG_REPORT_SYM_DOTS,    /**< the text ".." */
    TRYGG_REPORT_SYM_ABOVE,   /**< ⊕ */
    TRYGG_REPORT_SYM_BELOW,   /**< ⊖ */
    TRYGG_REPORT_SYM_NONE     /**< text only (a legend's explanation) */
} trygg_report_symbol;

/** One legend entry, placed. */
typedef struct {
    trygg_report_symbol symbol;
    double r, g, b;
    trygg_report_rect box;   /**< where the symbol goes */
    double text_x, text_y;   /**< top-left of the text */
    char *text;              /**< one line, owned by the layout */
} trygg_report_legend_entry;

/**
 * Where everything of a chart goes. Filled by trygg_report_layout_new();
 * read-only for callers; free with trygg_report_layout_free(). Fields a
 * chart type does not use are zero.
 *  - bar charts (Lägesbild, comparison, priorities): `rows` in drawing
 *    order, `axis` is the horizontal value axis, columns `label_col`,
 *    `value_col`, `mark_col`, `rank_col`, `text_col` span the rows;
 *    Lägesbild headline boxes are in `boxes` inside `band`; for the
 *    priorities `cols[i].label` is the wrapped text column of `rows[i]`
 *    and `header` its title. Labels use `label_font`, values the smaller
 *    of `label_font` and `small_font`.
 *  - table: `rows` (the total row last, item TRYGG_REPORT_TOTAL), `cols`
 *    with the wrapped item names in their header; `plot` is the cell grid.
 *  - groups: `cols` are the groups, `axis` is vertical; `bar_w` per bar;
 *    `header` is the x axis title.
 *  - trend: `cols` are the years (label = the year), `xaxis` the years,
 *    `axis` vertical; `header` is the x axis title.
 *  - cover: `boxes` are the headline figures, `rows` the paragraphs.
 */
typedef struct {
    trygg_report_chart_type type;
    double width, height;
    double font_size;            /**< base size */
    double label_font;           /**< row/column label size actually used */
    double small_font;           /**< values, cells, ticks */
    trygg_report_lines title, subtitle, note, facts, description;
    double title_y, subtitle_y, note_y; /**< top of each block */
    double facts_y, description_y;
    double margin;
    trygg_report_rect body;      /**< between the title and the legend */
    trygg_report_rect band;      /**< headline band / cover figures */
    trygg_report_slot *boxes;
    size_t nboxes;
    trygg_report_rect plot;      /**< the data rectangle */
    trygg_report_axis axis;      /**< the value axis */
    trygg_report_axis xaxis;     /**< trend: years */
    trygg_report_lines axis_title;
    trygg_report_lines header;   /**< priorities: text column header; table:
                                      the corner label */
    trygg_report_slot *rows;
    size_t nrows;
    trygg_report_slot *cols;
    size_t ncols;
    trygg_report_rect rank_col, label_col, value_col, mark_col, text_col;
    double bar_w;                /**< groups: width of one bar */
    double value_font;           /**< groups, trend: size of the values
                                      printed under the x axis; 0 = none */
    int compact;                 /**< a small figure (see frame.min_font):
                                      narrower margins, shorter texts */
    trygg_report_lines too_few;  /**< "för få svar" fitted to its place */
    int too_few_dots;            /**< the table writes ".." instead */
    trygg_report_legend_entry *legend;
    size_t nlegend;
} trygg_report_layout;

/**
 * Lays a chart out on a page of its frame's size, measuring text with cr
 * (which is only used for measuring; its state is restored). On success
 * *out owns a new layout. Returns TRYGG_REPORT_ERR_ARGUMENT for a NULL or
 * inconsistent model (NULL arrays with counts, a frame under 50 × 50 or
 * over 20000, trend years not ascending, a fixed scale with min ≥ max) or
 * one that cannot be laid out legibly on its page (a table whose cells
 * would need type under 0.55 × font_size, a plot squeezed to nothing),
 * TRYGG_REPORT_ERR_NOMEM, or TRYGG_REPORT_ERR_CAIRO when cr is in error.
 */
trygg_report_status trygg_report_layout_new(cairo_t *cr,
                                            const trygg_report_chart *chart,
                                            trygg_report_layout **out);
/** Frees a layout and everything it owns. NULL is allowed. */
void trygg_report_layout_free(trygg_report_layout *l);

/* ------------------------------------------------------------------ */
/* Drawing and output                                                  */
/* ------------------------------------------------------------------ */

/**
 * Draws `chart` with a layout made for it by trygg_report_layout_new(),
 * on a white page of the frame's size at cr's current transformation.
 * Saves and restores cr's state. Returns TRYGG_REPORT_ERR_CAIRO when cr
 * ends up in error.
 */
trygg_report_status trygg_report_render(cairo_t *cr,
                                        const trygg_report_chart *chart,
                                        const trygg_report_layout *layout);

/** Lays out and draws `chart` into cr; the statuses of both. */
trygg_report_status trygg_report_draw(cairo_t *cr,
                                      const trygg_report_chart *chart);

/**
 * Writes `chart` as a PNG of (width × scale) × (height × scale) pixels
 * (scale 0 means 1; at most 8). The file appears complete or not at all.
 * Returns TRYGG_REPORT_ERR_ARGUMENT, _NOMEM, _CAIRO or _IO.
 */
trygg_report_status trygg_report_write_png(const trygg_report_chart *chart,
                                           double scale, const char *path);

/** A place to draw PNGs again and again: its pixels and the encoder's
 *  buffers are kept from one chart to the next, so a worker writing a
 *  thousand pages does not map and fault in fresh memory for each. One
 *  thread at a time. */
typedef struct trygg_report_canvas trygg_report_canvas;

/** A new canvas (free with trygg_report_canvas_free()), or NULL when out
 *  of memory. */
trygg_report_canvas *trygg_report_canvas_new(void);

/** Frees the canvas and its buffers. NULL is allowed. */
void trygg_report_canvas_free(trygg_report_canvas *cv);

/** trygg_report_write_png() drawn on `cv`: the same file, statuses as
 *  there. */
trygg_report_status trygg_report_canvas_write_png(trygg_report_canvas *cv,
                                                  const trygg_report_chart *chart,
                                                  double scale, const char *path);

/** Writes `chart` as an SVG of width × height points; as above. */
trygg_report_status trygg_report_write_svg(const trygg_report_chart *chart,
                                           const char *path);

/**
 * Writes a PDF report with one page per chart (`npages` ≥ 1), each page of
 * its own frame's size; covers are pages like the others. The PDF is
 * tagged (a section per page: its title a heading, the chart a figure
 * followed by its description, text pages' headings, paragraphs and
 * tables as such), its title is the first page's and its language the
 * first frame's (/Lang sv-SE or en-GB). As above.
 */
trygg_report_status trygg_report_write_pdf(const trygg_report_chart *pages,
                                           size_t npages, const char *path);

#ifdef __cplusplus
}
#endif

#endif
