/**
 * trygg_book — the publication layer: the pages of a report (chart models of
 * reports/) filled from estimation results (lib/), the report of every
 * municipality, and one chart by its type. Nothing here computes
 * statistics: it looks results up and says what they mean in words.
 * It never prints or exits: messages go to the caller's callback.
 */
#ifndef TRYGG_BOOK_H
#define TRYGG_BOOK_H

#include "trygg.h"
#include "trygg_report.h"

/* Everything the charts of one year are drawn from. */
typedef struct {
    const trygg_definition *def;
    const trygg_results *est;
    const trygg_changes *chg;    /* year-over-year, every year */
    const trygg_changes *con;    /* domain minus parent */
    trygg_report_lang lang;
    int year;
} trygg_book_ctx;

/* Allocations of one municipality's models, freed together, and its
 * districts once they have been looked up (trygg_book_districts). */
typedef struct {
    void **ptr;
    size_t n, cap;
    const char *muni;
    const char **districts;
    size_t ndistricts;
} trygg_book_arena;

void *trygg_book_alloc(trygg_book_arena *a, size_t size);
char *trygg_book_strdup(trygg_book_arena *a, const char *s);
void trygg_book_arena_free(trygg_book_arena *a);

/* Each returns 0 and fills *chart (models in the arena), or -1 when there
 * is nothing to draw (no such area or no data). */
int trygg_book_lagesbild(const trygg_book_ctx *c, trygg_book_arena *a, const char *level,
                 const char *area, trygg_report_chart *chart);
int trygg_book_comparison(const trygg_book_ctx *c, trygg_book_arena *a, const char *municipality,
                  const char *indicator, trygg_report_chart *chart);
/* Part `part` (0, 1, ...) of the problem table: a block of at most 24
 * districts × 12 problems; -1 past the last part. */
int trygg_book_table(const trygg_book_ctx *c, trygg_book_arena *a, const char *municipality, size_t part,
             trygg_report_chart *chart);
int trygg_book_trend(const trygg_book_ctx *c, trygg_book_arena *a, const char *level, const char *area,
             const char *indicator, trygg_report_chart *chart);
int trygg_book_groups(const trygg_book_ctx *c, trygg_book_arena *a, const char *municipality,
              const char *indicator, trygg_report_chart *chart);
int trygg_book_cover(const trygg_book_ctx *c, trygg_book_arena *a, const char *municipality,
             trygg_report_chart *chart);
int trygg_book_priorities(const trygg_book_ctx *c, trygg_book_arena *a, const trygg_priorities *p,
                  const char *area, trygg_report_chart *chart);

/* The districts of a municipality in the year, in the estimates' order
 * (*out in the arena); looked up once per arena, as every page of the
 * municipality asks for them. */
size_t trygg_book_districts(const trygg_book_ctx *c, trygg_book_arena *a, const char *muni, const char ***out);

/* An estimate as a chart value: CI, suppressed or unstable. */
trygg_report_value trygg_book_value(const trygg_estimate_row *x);

/* The first headline indicator (group "headline") that is a share, or the
 * first indicator. */
const char *trygg_book_main_indicator(const trygg_definition *def);

/** What the pages of one year are drawn from: every year's estimates,
 *  changes (every pair of years) and the year's contrasts. */
typedef struct {
    trygg_results *est;
    trygg_changes *chg, *con;
    trygg_book_ctx ctx;          /**< points into the above */
} trygg_book_data;

/** Called after each stage ("estimate", "changes", "contrasts") with its
 *  wall time in seconds; NULL = none. */
typedef void (*trygg_book_timing_fn)(const char *stage, double seconds);

/**
 * Estimates every year (`eo`'s weighting, variance, intervals and level;
 * its year, level and indicator are ignored), the changes of every pair of
 * years and the contrasts of `year` (0 = the last survey year), for
 * `lang`. Statuses as trygg_estimate(); free *d with trygg_book_data_free()
 * whatever it returns.
 */
trygg_status trygg_book_data_compute(const trygg_survey *sv,
                                     const trygg_estimate_options *eo,
                                     const trygg_change_options *co, int year,
                                     trygg_report_lang lang, trygg_book_timing_fn timing,
                                     trygg_book_data *d, trygg_errors *err);
void trygg_book_data_free(trygg_book_data *d);

/** A message for the user (one line, no newline), e.g. a file that could
 *  not be written; `user` is the caller's pointer. */
typedef void (*trygg_book_message_fn)(void *user, const char *message);

/** One page of a report: its chart and a description of it in words
 *  (title and subtitle; for alt text). Strings live in the page's arena. */
typedef struct {
    trygg_report_chart chart;
    const char *alt;
} trygg_book_page;

/** A municipality's pages in report order: cover, lägesbild of the
 *  municipality and of each district, comparison, table parts, trend,
 *  groups, priorities (those with something to draw). *pages is
 *  malloc'ed (caller frees), its models in the arena. Returns 0, or -1
 *  when out of memory. */
int trygg_book_municipality_pages(const trygg_book_ctx *c, trygg_book_arena *a,
                                  const char *muni, const trygg_priorities *prio,
                                  trygg_book_page **pages, size_t *npages);

/** How trygg_book_report() runs. */
typedef struct {
    const char *dir;                  /**< the report's folder */
    trygg_book_message_fn message;    /**< problems; NULL = none */
    /** Called as each municipality is begun (`done` counted from 0);
     *  from worker threads, one at a time. NULL = none. */
    void (*progress)(void *user, size_t done, size_t total, const char *muni);
    void *user;                       /**< passed to both */
    /** Told of the private folder the report is built in (to remove it
     *  if the process is stopped); NULL = none. */
    trygg_temp_hook temp_hook;
    void *temp_ctx;
} trygg_book_report_options;

/**
 * Writes the report of every municipality of the year (`prio`: every
 * municipality's priorities, may be NULL) into o->dir: a PDF, a PNG and an
 * SVG of every page, and index.html. The municipalities are composed on
 * several threads. Returns 0, or -1 after a message.
 */
int trygg_book_report(const trygg_book_ctx *c, const trygg_priorities *prio,
                      const trygg_book_report_options *o);

/** Fills *chart with chart `type` (lagesbild, comparison, table, trend,
 *  groups, priorities, cover) of `area`, its models in the arena;
 *  `indicator` (NULL = the main one) for comparison, trend and groups.
 *  Priorities are computed from `sv` (*prio, caller frees). Returns 0, or
 *  -1 with a message. */
int trygg_book_chart(const trygg_survey *sv, const trygg_book_ctx *c,
                     trygg_book_arena *a, trygg_weighting weighting,
                     const char *type, const char *area, const char *indicator,
                     trygg_priorities **prio, trygg_report_chart *chart,
                     trygg_book_message_fn message, void *user);

#endif
