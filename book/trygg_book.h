/**
 * trygg_book — the publication layer: the pages of a report (chart models
 * of reports/) filled from estimation results (lib/), the report of every
 * municipality, and one chart by its type.
 *
 * Nothing here computes statistics or decides significance: a value, its
 * interval, its flags, its confidence level and whether a change or a
 * difference is significant are read from the library's rows, and said in
 * words. A row flagged suppressed gives a page "för få svar" and nothing
 * else (no number, interval, mark or rank), whatever numbers it holds.
 * Nothing here prints or exits: the report's messages go to a callback,
 * and a page that cannot be made says why (trygg_book_why()).
 */
#ifndef TRYGG_BOOK_H
#define TRYGG_BOOK_H

#include "trygg.h"
#include "trygg_report.h"

/** The gross sample of an area and year: how many were invited. Comes
 *  with a sample file (the survey-deliveries work); pages then print
 *  "Urval 3 000, antal svar 1 884, svarsfrekvens 63 %". */
typedef struct {
    int year;
    const char *level, *area;
    double invited;
} trygg_book_sample;

/** The size pages are drawn at: in points (a PDF's unit; 0 = A4 landscape,
 *  842 × 595), the base type size (0 = 10) and the smallest type any
 *  text may have (0 = none): `trygg chart --size 16x10cm` sets 8. */
typedef struct trygg_book_geometry {
    double width, height, font_size, min_font;
} trygg_book_geometry;

/** Everything the pages of one year are drawn from (not owned). */
typedef struct {
    const trygg_definition *def;
    const trygg_results *est;     /**< every year's estimates */
    const trygg_changes *chg;     /**< year-over-year, every year */
    const trygg_changes *con;     /**< each area minus its enclosing area */
    const trygg_priorities *prio; /**< priorities of the areas with a
                                       priorities page; may be NULL */
    trygg_report_lang lang;
    int year;
    const trygg_followups *followups; /**< promises to follow up (a
                                       kvitto page each); may be NULL */
    const trygg_book_sample *sample;  /**< the gross sample, when the
                                       library has one; NULL: pages print
                                       answers only */
    size_t nsample;
    trygg_book_geometry page;     /**< zero: the defaults */
} trygg_book_ctx;

/** The allocations of one municipality's (or one chart's) pages, freed
 *  together; its districts once looked up; why the last page builder
 *  returned -1. Zero-initialise; free with trygg_book_arena_free(). */
typedef struct {
    void **ptr;
    size_t n, cap;
    const char *muni;
    const char **districts;
    size_t ndistricts;
    const char *why;
} trygg_book_arena;

/** Zeroed memory that lives as long as the arena; NULL when out of memory. */
void *trygg_book_alloc(trygg_book_arena *a, size_t size);
/** A copy of `s` in the arena; NULL when out of memory. */
char *trygg_book_strdup(trygg_book_arena *a, const char *s);
/** Frees everything of the arena and zeroes it. */
void trygg_book_arena_free(trygg_book_arena *a);
/** Why the last builder that returned -1 could not make its page, in
 *  English ("no estimates for 'Fittja' in 2025"); "" when it did not say. */
const char *trygg_book_why(const trygg_book_arena *a);

/* Page builders. Each fills *chart (its models in the arena) and returns
 * 0, or returns -1 with the reason in trygg_book_why(). Every page's frame
 * has a title and subtitle that describe it (alt text). */

/** The Lägesbild of an area: headline figures, then its problem items,
 *  each with the previous survey's value. */
int trygg_book_lagesbild(const trygg_book_ctx *c, trygg_book_arena *a,
                         const char *level, const char *area,
                         trygg_report_chart *chart);
/** The Lägesbild of one indicator section (the question block of the
 *  items: problems, otrygghet, oro, utsatthet, förtroende; see
 *  trygg_book_sections()) of an area: its shares as bars, its indices and
 *  means as figures. */
int trygg_book_section_lagesbild(const trygg_book_ctx *c, trygg_book_arena *a,
                                 const char *level, const char *area, size_t section,
                                 trygg_report_chart *chart);
/** The table of a section's indicators for the districts of a
 *  municipality, or the municipalities of the region (`parent_level`
 *  "region"), part `part` (-1 past the last). */
int trygg_book_section_table(const trygg_book_ctx *c, trygg_book_arena *a,
                             const char *parent_level, const char *parent, size_t section,
                             size_t part, trygg_report_chart *chart);
/** The municipalities of the region compared with it, one indicator. */
int trygg_book_region_comparison(const trygg_book_ctx *c, trygg_book_arena *a,
                                 const char *indicator, trygg_report_chart *chart);
/** An area's every indicator beside its enclosing area's (a text table:
 *  the value with its interval, the previous value, the change and the
 *  difference from the enclosing area as the library decided them). */
int trygg_book_beside_parent(const trygg_book_ctx *c, trygg_book_arena *a,
                             const char *level, const char *area, size_t part,
                             trygg_report_chart *chart);
/** Answers per area and year (and, with a gross sample, invited and the
 *  response rate): the municipality and its districts, or the region and
 *  its municipalities. */
int trygg_book_sample_facts(const trygg_book_ctx *c, trygg_book_arena *a,
                            const char *level, const char *area, size_t part,
                            trygg_report_chart *chart);
/** "Så läser du rapporten": the interval, "signifikant", the index and
 *  the marks in plain words. */
int trygg_book_guide(const trygg_book_ctx *c, trygg_book_arena *a, trygg_report_chart *chart);
/** "Om undersökningen" (part 0), the indicators' definitions (parts 1…)
 *  and the questionnaire's items with their answers (then); -1 past the
 *  last part. */
int trygg_book_methods(const trygg_book_ctx *c, trygg_book_arena *a, size_t part,
                       trygg_report_chart *chart);
/** The priority matrix of an area (c->prio). */
int trygg_book_matrix(const trygg_book_ctx *c, trygg_book_arena *a, const char *area,
                      trygg_report_chart *chart);
/** The follow-up page of promise i of c->followups. */
int trygg_book_kvitto(const trygg_book_ctx *c, trygg_book_arena *a, size_t i,
                      trygg_report_chart *chart);

/** The definition's indicator sections: the question block (item group)
 *  of each indicator's items, in the definition's order. */
size_t trygg_book_sections(const trygg_definition *def);
/** Section s: its key (the item group, "problem"), its title in the
 *  page's language ("Problem i området"; a scale named `section` in
 *  scales.csv gives other words), its indicators (*inds in the arena) and
 *  its lead indicator (the first of group "headline", else the first). */
const char *trygg_book_section_key(const trygg_definition *def, size_t s);
const char *trygg_book_section_title(const trygg_book_ctx *c, size_t s);
size_t trygg_book_section_indicators(const trygg_book_ctx *c, trygg_book_arena *a, size_t s,
                                     const size_t **inds);
size_t trygg_book_section_lead(const trygg_definition *def, size_t s);

/** The cover's sentences, each from the rows: the headline figures' change
 *  ("Andelen ”…” har ökat från 22,0 % till 24,6 % sedan 2023, en
 *  statistiskt säkerställd ökning."), the three clearest changes, the most
 *  common problem and the priorities. A hidden cell gets no sentence; a
 *  change is an increase only when the library says it is significant.
 *  *out in the arena; returns their number. */
size_t trygg_book_sentences(const trygg_book_ctx *c, trygg_book_arena *a, const char *level,
                            const char *area, const char ***out);
/** One indicator for every district of a municipality, against it. */
int trygg_book_comparison(const trygg_book_ctx *c, trygg_book_arena *a,
                          const char *municipality, const char *indicator,
                          trygg_report_chart *chart);
/** Part `part` (0, 1, ...) of the problem table of a municipality's
 *  districts: at most 24 districts × 12 problems a page; -1 past the last. */
int trygg_book_table(const trygg_book_ctx *c, trygg_book_arena *a,
                     const char *municipality, size_t part,
                     trygg_report_chart *chart);
/** An indicator of an area over the years, with its enclosing area's. */
int trygg_book_trend(const trygg_book_ctx *c, trygg_book_arena *a,
                     const char *level, const char *area,
                     const char *indicator, trygg_report_chart *chart);
/** An indicator by sex and age group of a municipality (a crossing level
 *  "municipality*sex*age_group" in the definition). */
int trygg_book_groups(const trygg_book_ctx *c, trygg_book_arena *a,
                      const char *municipality, const char *indicator,
                      trygg_report_chart *chart);
/** The cover of an area's report: its headline figures and what they are. */
int trygg_book_cover(const trygg_book_ctx *c, trygg_book_arena *a,
                     const char *level, const char *area,
                     trygg_report_chart *chart);
/** The priorities of an area (c->prio): the library's priorities first,
 *  the other problems under their own heading, those with too few answers
 *  last and unnumbered. */
int trygg_book_priorities(const trygg_book_ctx *c, trygg_book_arena *a,
                          const char *area, trygg_report_chart *chart);

/** The districts of a municipality in the year, in the estimates' order
 *  (*out in the arena; looked up once per arena). */
size_t trygg_book_districts(const trygg_book_ctx *c, trygg_book_arena *a,
                            const char *muni, const char ***out);

/** An estimate as a chart value. Suppressed: no number and no interval,
 *  only TRYGG_REPORT_SUPPRESSED; no answers: TRYGG_REPORT_EMPTY; unstable
 *  with its reasons; NULL: no data. */
trygg_report_value trygg_book_value(const trygg_estimate_row *x);

/** The first headline indicator (group "headline") that is a share, or the
 *  first indicator. */
const char *trygg_book_main_indicator(const trygg_definition *def);

/** An area as readers call it: the region by the definition's region_name
 *  (else "regionen" / "the region"), any other area by its name. */
const char *trygg_book_area_name(const trygg_book_ctx *c, const char *level,
                                 const char *domain);

/** What the pages of one year are drawn from: every year's estimates,
 *  changes (every pair of years), the year's contrasts and, when asked
 *  for, priorities. */
typedef struct trygg_book_data {
    trygg_analysis *an;          /**< every table below is made from it: each
                                    year built once */
    const trygg_results *est;    /**< the analysis's estimates */
    trygg_changes *chg, *con;
    trygg_priorities *prio;
    trygg_followups *fu;         /**< the promises' follow-ups, or NULL */
    trygg_responses *responses;  /**< the gross sample's counts, or NULL */
    trygg_book_sample *sample;   /**< ctx.sample: rows of `responses` */
    trygg_weighting weighting;   /**< as asked for (priorities use it) */
    trygg_book_ctx ctx;          /**< points into the above */
} trygg_book_data;

/** Called after each stage ("estimate", "changes", "contrasts",
 *  "priorities") with its wall time in seconds; NULL = none. */
typedef void (*trygg_book_timing_fn)(const char *stage, double seconds);

/**
 * One analysis (`eo`'s weighting, variance, intervals, level and threads;
 * its year, level and indicator are ignored) for every table of the pages:
 * estimates every year, the changes of every pair of
 * years and the contrasts of `year` (0 = the last survey year), for
 * `lang`. With `every_year` (follow-ups to come) every year stays built;
 * else the pages' year alone, the one priorities need. Statuses as trygg_estimate(); free *d with trygg_book_data_free()
 * whatever it returns.
 */
trygg_status trygg_book_data_compute(const trygg_survey *sv,
                                     const trygg_estimate_options *eo,
                                     const trygg_change_options *co, int year,
                                     int every_year,
                                     trygg_report_lang lang, trygg_book_timing_fn timing,
                                     trygg_book_data *d, trygg_errors *err);
/** With a gross sample ([survey] sample), the invited of every area and
 *  year (trygg_responses_compute()), so pages print the sample and the
 *  response rate; without one nothing (pages print answers only). */
trygg_status trygg_book_data_sample(const trygg_survey *sv, trygg_book_data *d,
                                    trygg_errors *err);
/** Adds the priorities of `spec` ("municipality:*", "district:Fittja")
 *  from d's analysis, ranked by the definition's alpha and adjustment;
 *  its statuses and diagnostics. */
trygg_status trygg_book_data_priorities(const trygg_survey *sv, trygg_book_data *d,
                                        const char *spec, trygg_book_timing_fn timing,
                                        trygg_errors *err);
/** Adds the follow-ups of the promises in `path` (trygg_followup_compute()
 *  from d's analysis, with its weighting and confidence level): a
 *  kvitto page each. Its statuses and diagnostics. */
trygg_status trygg_book_data_followups(const trygg_survey *sv, trygg_book_data *d,
                                       const char *path, trygg_errors *err);
void trygg_book_data_free(trygg_book_data *d);

/** NULL when `year` is 0 or a survey year, else a message naming the years
 *  there are ("no survey year 2025 in the data (years: 2022, 2023, 2024)");
 *  caller frees. */
char *trygg_book_year_check(const trygg_survey *sv, int year);

/** A message for the user (one line, no newline), e.g. a file that could
 *  not be written; `user` is the caller's pointer. */
typedef void (*trygg_book_message_fn)(void *user, const char *message);

/** One page of a report: its chart and a description of it in words
 *  (its title and subtitle, for alt text). Strings live in the arena. */
typedef struct {
    trygg_report_chart chart;
    const char *alt;
} trygg_book_page;

/** A municipality's pages in report order (those with something to
 *  draw): cover and summary, the reading guide, answers per area, the
 *  municipality beside the region, each section (lägesbild, district
 *  comparison, table parts, trend), each district's lägesbild, women and
 *  men and age groups, the priority matrix and list, a kvitto page per
 *  promise of the municipality or its districts, the methods. *pages is
 *  malloc'ed (caller frees), its models in the arena. Returns 0, or -1
 *  when out of memory. */
int trygg_book_municipality_pages(const trygg_book_ctx *c, trygg_book_arena *a,
                                  const char *muni, trygg_book_page **pages,
                                  size_t *npages);

/** The region's pages in report order (region.pdf), as
 *  trygg_book_municipality_pages(). */
int trygg_book_region_pages(const trygg_book_ctx *c, trygg_book_arena *a,
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
    /** Threads drawing and writing the pages, the calling one among
     *  them (at most 64); 0 = two a core. */
    unsigned threads;
} trygg_book_report_options;

/**
 * Writes the report of every municipality of the year and the region's
 * (region.pdf) into o->dir: a PDF, a PNG and an SVG of every page, and
 * index.html. They are composed on o->threads threads. Returns 0, or -1
 * after a message.
 */
int trygg_book_report(const trygg_book_ctx *c, const trygg_book_report_options *o);

/** The chart types, as `trygg chart --type` names them. */
extern const char *const TRYGG_BOOK_CHART_TYPES[];

/**
 * Fills *chart with chart `type` (one of TRYGG_BOOK_CHART_TYPES; "lägesbild"
 * is "lagesbild") of `area` in d's year, its models in the arena;
 * `indicator` (NULL = the main one) for comparison, trend and groups. The
 * priorities and matrix charts compute the area's priorities into d.
 * Comparison and table of the region are its municipalities'. Returns 0,
 * or -1 with the reason in trygg_book_why().
 */
int trygg_book_chart(const trygg_survey *sv, trygg_book_data *d, trygg_book_arena *a,
                     const char *type, const char *area, const char *indicator,
                     trygg_report_chart *chart);

#endif
