/* Internal: what weighting keeps of a year for variance estimation,
 * shared by the weighting and its linear description (weighting_basis.c). */
#ifndef TRYGG_WEIGHTING_STATE_H
#define TRYGG_WEIGHTING_STATE_H

#include "dict.h"
#include "weighting.h"

typedef struct {
    trygg_margin m;
    char *name;
    uint32_t *cell;
    double *total;
    trygg_dict cells;
} margin_data;

/** Column names of a margin "municipality*sex" (roles map to their
 *  columns) into cols[0..n), each a new string (free with
 *  trygg_margin_columns_free); -1 for more than 4, -2 out of memory. */
int trygg_margin_columns(const trygg_definition *def, const char *margin, char *cols[4]);
void trygg_margin_columns_free(char *cols[4]);

/** A cell's key ("Nacka / 2"), in a buffer grown as needed. */
typedef struct {
    char *s;
    size_t cap;
} trygg_key_buf;
/** 0, or -1 when out of memory. */
int trygg_cell_key(trygg_key_buf *k, const char *const *vals, int n);

/** The cell of each of the `n` rows (survey rows rows[i], category columns
 *  col[0..ncols), ncols <= 4) into cell[i], the cells' names
 *  (trygg_cell_key) interned into `cells` in the order they first appear,
 *  each name made once. TRYGG_ERR_NOMEM or TRYGG_OK. */
trygg_status trygg_cells_of_rows(const trygg_survey *sv, const long *col, int ncols,
                                 const size_t *rows, size_t n, trygg_dict *cells,
                                 uint32_t *cell);

/* A margin scaled to agree with the reference margin where they overlap. */
typedef struct {
    char *margin, *reference;
    char *where;           /* the cells' shared part ("Botkyrka"), "" for all */
    double factor;         /* reference_total / total */
    double total, reference_total;
} trygg_margin_scaling;

struct trygg_weighting_state {
    trygg_weighting method;
    size_t n, nmargins;
    margin_data *margins;
    trygg_margin *views;
    trygg_cal_projector *proj;
    trygg_cal_report report;
    /* raking residuals on cell aggregates: counts per cell and crossed
     * counts per pair of margins, offsets into one array of cells */
    size_t *off;           /* nmargins + 1 */
    double *count;         /* per cell */
    double *cross;         /* ncells × ncells while the sparse rows are made */
    size_t *nz_first;      /* cross as sparse rows: C + 1 offsets */
    size_t *nz_col;
    double *nz_val;
    double **psw;          /* per margin: its weights in raking's last sweep */
    trygg_margin_scaling *scalings;  /* [weighting] margin_tolerance's doing */
    size_t nscalings;
    /* [weighting] nonresponse: its classes (cells, totals N_c = Σ_c w1) and
     * the weights after it, before any calibration */
    int has_nr;
    margin_data nr;
    double *w1;
};

/**
 * The nonresponse adjustment of the year's weights `w` (in place): in each
 * class, w · invited / answered; fills ws->nr and ws->w1. Errors name the
 * class (invited but no answers) or the missing sample column.
 */
trygg_status trygg_weighting_nonresponse(const trygg_survey *sv, const trygg_design *d,
                                         trygg_weighting_state *ws, double *w,
                                         trygg_errors *err);

/**
 * Scales margins 1.. to margin 0's population totals where they share
 * respondents (a municipality's cells, or all), when they disagree by more
 * than 1e-9 and at most `tol` relative: each scaling is a warning in `err`
 * and a note in ws->scalings. Beyond `tol`: TRYGG_ERR_INVALID naming both
 * margins. Nothing when tol is 0.
 */
trygg_status trygg_weighting_reconcile(trygg_weighting_state *ws, double tol,
                                       int year, trygg_errors *err);

#endif
