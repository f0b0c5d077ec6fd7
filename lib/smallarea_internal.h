/* Internal: model-based small-area estimates (smallarea.c) and the area
 * covariates they may use (smallarea_covariates.c). */
#ifndef TRYGG_SMALLAREA_INTERNAL_H
#define TRYGG_SMALLAREA_INTERNAL_H

#include "dict.h"
#include "trygg.h"

struct trygg_smallarea {
    trygg_smallarea_row *rows;
    size_t count, cap;
    trygg_smallarea_stat *stats;
    size_t nstats, stats_cap;
    trygg_dict strings;
};

/** Appends a row (its strings copied into the table). NOMEM. */
trygg_status trygg_smallarea_push(trygg_smallarea *s, const trygg_smallarea_row *row);
/** Appends a statistic of the model `of` is a row of. NOMEM. */
trygg_status trygg_smallarea_stat_add(trygg_smallarea *s, const trygg_smallarea_row *of,
                                      const char *term, double value, double se);
/** Each area of `level` in `year` with its population from the design (the
 *  fpc of strata that lie in it; NaN where that is not known): pop[i] is
 *  names[i]'s. Both new arrays (caller frees); the names are the survey's. */
trygg_status trygg_smallarea_populations(const trygg_survey *sv, int year,
                                         const char *level, double **pop,
                                         const char ***names, size_t *n);
/** Ratio benchmarking of the model rows from `first` on, parent by parent,
 *  to the parent's published direct estimate in `est`. NOMEM. */
trygg_status trygg_smallarea_benchmark(trygg_smallarea *s, size_t first,
                                       const trygg_results *est, const double *pop,
                                       const char *const *names, size_t npop);

/** area_covariates.csv: one row per area (and year, when it has a `year`
 *  column), numeric covariates, and optionally `population`. */
typedef struct {
    size_t ncov;          /* covariate columns (not area, year, population) */
    char **names;         /* ncov */
    size_t nrows;
    char **area;          /* per row, NFC */
    int *year;            /* per row; 0: every year */
    double *value;        /* nrows × ncov */
    double *population;   /* per row; NaN when not given */
    int has_population;
} trygg_covariates;

/** Reads the file; the area column is `area` or the level's name
 *  ("district"). Numbers with the file's decimal mark (',' in a ';' file).
 *  Problems name file, line and column: TRYGG_ERR_PARSE, _IO, _NOMEM. */
trygg_status trygg_covariates_read(const char *path, const char *level,
                                   trygg_covariates *c, trygg_errors *err);
/** The row of `area` in `year` (or of every year), or -1. */
long trygg_covariates_find(const trygg_covariates *c, const char *area, int year);
void trygg_covariates_free(trygg_covariates *c);

#endif
