/* The trygg command: chart models (reports/) filled from estimation
 * results (lib/). Nothing here computes statistics: it looks results up. */
#ifndef TRYGG_CLI_REPORT_BUILD_H
#define TRYGG_CLI_REPORT_BUILD_H

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
} rb_ctx;

/* Allocations of one municipality's models, freed together, and its
 * districts once they have been looked up (rb_districts). */
typedef struct {
    void **ptr;
    size_t n, cap;
    const char *muni;
    const char **districts;
    size_t ndistricts;
} rb_arena;

void *rb_alloc(rb_arena *a, size_t size);
char *rb_strdup(rb_arena *a, const char *s);
void rb_arena_free(rb_arena *a);

/* Each returns 0 and fills *chart (models in the arena), or -1 when there
 * is nothing to draw (no such area or no data). */
int rb_lagesbild(const rb_ctx *c, rb_arena *a, const char *level,
                 const char *area, trygg_report_chart *chart);
int rb_comparison(const rb_ctx *c, rb_arena *a, const char *municipality,
                  const char *indicator, trygg_report_chart *chart);
/* Part `part` (0, 1, ...) of the problem table: a block of at most 24
 * districts × 12 problems; -1 past the last part. */
int rb_table(const rb_ctx *c, rb_arena *a, const char *municipality, size_t part,
             trygg_report_chart *chart);
int rb_trend(const rb_ctx *c, rb_arena *a, const char *level, const char *area,
             const char *indicator, trygg_report_chart *chart);
int rb_groups(const rb_ctx *c, rb_arena *a, const char *municipality,
              const char *indicator, trygg_report_chart *chart);
int rb_cover(const rb_ctx *c, rb_arena *a, const char *municipality,
             trygg_report_chart *chart);
int rb_priorities(const rb_ctx *c, rb_arena *a, const trygg_priorities *p,
                  const char *area, trygg_report_chart *chart);

/* The districts of a municipality in the year, in the estimates' order
 * (*out in the arena); looked up once per arena, as every page of the
 * municipality asks for them. */
size_t rb_districts(const rb_ctx *c, rb_arena *a, const char *muni, const char ***out);

/* An estimate as a chart value: CI, suppressed or unstable. */
trygg_report_value rb_value(const trygg_estimate_row *x);

/* The first headline indicator (group "headline") that is a share, or the
 * first indicator. */
const char *rb_main_indicator(const trygg_definition *def);

#endif
