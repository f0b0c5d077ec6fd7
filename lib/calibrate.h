/* Internal: calibration of survey weights to population margins, and the
 * residuals that carry the calibration into linearized variances, as R's
 * survey package (postStratify, rake, calibrate; svyrecvar) computes them.
 *
 * Pure numerics on arrays: no survey, definition or file types. Rows are
 * respondents of one design (one survey year). A "margin" is a partition
 * of the rows into cells with a population total per cell. */
#ifndef TRYGG_CALIBRATE_H
#define TRYGG_CALIBRATE_H

#include <stddef.h>
#include <stdint.h>

#include "trygg.h"

/** A partition of the rows into cells, with the population of each cell. */
typedef struct {
    const char *name;        /**< for messages, e.g. "municipality*sex" */
    size_t ncells;
    const uint32_t *cell;    /**< per row, in [0, ncells) */
    const double *total;     /**< per cell, population count (> 0) */
    const char *const *cell_names; /**< per cell, for messages; may be NULL */
} trygg_margin;

/** Calibration functions of R calibrate(calfun = ...). */
typedef enum {
    TRYGG_CALFUN_LINEAR = 0,
    TRYGG_CALFUN_RAKING,
    TRYGG_CALFUN_LOGIT
} trygg_calfun;

/** What an iterative method did. */
typedef struct {
    int iterations;
    double achieved;  /**< final misfit, in the method's own criterion */
    int converged;
} trygg_cal_report;

/**
 * Post-stratification (R postStratify): w_i = d_i · N_c / Σ_{j∈c} d_j.
 * Errors (TRYGG_ERR_INVALID, one diagnostic each, naming the margin and
 * cell): a cell with respondents but no or zero population; a cell with
 * population but no respondents (R: "Some strata absent from sample").
 * `w` (n values) may alias `d`.
 */
trygg_status trygg_cal_poststratify(size_t n, const double *d,
                                    const trygg_margin *m, double *w,
                                    trygg_errors *err);

/**
 * Raking (R rake): repeated post-stratification to each margin in turn
 * until no cell of the crossed table of all margins moves by more than
 * epsilon (epsilon < 1 means epsilon · Σ d, as in R) between sweeps, or
 * max_iterations sweeps (TRYGG_ERR_CONVERGENCE, naming the worst margin).
 * Checks first that the margins' population totals agree (to 1e-9
 * relative), else TRYGG_ERR_INVALID naming the two margins.
 */
trygg_status trygg_cal_rake(size_t n, const double *d, size_t nmargins,
                            const trygg_margin *m, double epsilon,
                            int max_iterations, double *w,
                            trygg_cal_report *rep, trygg_errors *err);

/**
 * Calibration (R calibrate / grake): finds g so that Σ d_i g_i x_i equals
 * `totals`, with x_i the row i of the dense n × p matrix X (row-major),
 * g_i = 1 + F(x_i'η) for the calibration function, bounded to
 * [lower, upper] (use -INFINITY/INFINITY for none; logit needs both
 * finite). Newton iterations with a pseudo-inverse (SVD, tolerance
 * 256·DBL_EPSILON as MASS::ginv) so that collinear margins work; step
 * halving on non-finite g; stops when every |misfit|/(1+|total|) <
 * epsilon. Writes w_i = d_i g_i. TRYGG_ERR_CONVERGENCE when it does not
 * converge (naming the worst column), TRYGG_ERR_INVALID when the
 * constraints are infeasible within the bounds.
 */
trygg_status trygg_cal_greg(size_t n, size_t p, const double *X,
                            const double *d, const double *totals,
                            const char *const *column_names,
                            trygg_calfun calfun, double lower, double upper,
                            double epsilon, int max_iterations, double *w,
                            trygg_cal_report *rep, trygg_errors *err);

/**
 * Trims g = w/d to [low, high] and spreads the trimmed weight over the
 * untrimmed rows proportionally to their weights (R calibrate(trim=)),
 * once. Returns the number of rows trimmed in *ntrimmed.
 */
trygg_status trygg_cal_trim(size_t n, const double *d, double low,
                            double high, double *w, size_t *ntrimmed);

/* ---- Residuals for variance estimation (R svyrecvar) ----------------- */

/**
 * Post-stratified influence values: a_i = z_i − w_i · (Σ_{j∈c(i)} z_j) / N_c
 * (R: z − psw · rowsum(z·oldw/psw)/Σ oldw per cell). `a` may alias `z`.
 */
void trygg_cal_poststrat_residuals(size_t n, const trygg_margin *m,
                                   const double *w, const double *z,
                                   double *a);

/**
 * Raked influence values, as R: `sweeps` times (R uses 10), for each
 * margin in order, a_i ← a_i − w_i · mean_{j∈cell(i)} (a_j / w_j), the mean
 * unweighted over the cell's rows. `w` are the raked weights. `a` may
 * alias `z`. `scratch` must hold the largest ncells doubles, twice.
 */
void trygg_cal_rake_residuals(size_t n, size_t nmargins,
                              const trygg_margin *m, const double *w,
                              int sweeps, const double *z, double *a,
                              double *scratch);

/** A prepared projection for GREG residuals (R qr.resid on X·√d). */
typedef struct trygg_cal_projector trygg_cal_projector;

/**
 * Prepares a_i = z_i − w_i x_i'β, β minimising Σ d_i (z_i/w_i − x_i'β)²
 * (R: qr.resid(qr(X·√d), z/(g√d))·g√d), for many z. Handles rank-deficient
 * X. Free with trygg_cal_projector_free().
 */
trygg_status trygg_cal_projector_new(size_t n, size_t p, const double *X,
                                     const double *d, const double *w,
                                     trygg_cal_projector **out);
void trygg_cal_projector_free(trygg_cal_projector *pr);
/** Applies the projection; `a` may alias `z`. */
trygg_status trygg_cal_projector_apply(const trygg_cal_projector *pr,
                                       const double *z, double *a);

/** The projector's sparse rows on its basis columns, for summing the
 *  right-hand side of the fit over a few rows only. */
typedef struct {
    size_t n, r;                 /**< rows, basis columns */
    const size_t *start;         /**< n + 1: row i's entries */
    const size_t *col;           /**< basis column of each entry */
    const double *val;           /**< x_ij */
    const double *d, *w;         /**< per row: fit weight (0: left out), weight */
} trygg_cal_projector_view;

void trygg_cal_projector_rows(const trygg_cal_projector *pr,
                              trygg_cal_projector_view *v);
/**
 * β for b = Σ_i d_i x_i z_i / w_i (r values, replaced by β), with one step
 * of iterative refinement; `work` holds r doubles. Then a = z − w·Xβ.
 */
trygg_status trygg_cal_projector_solve(const trygg_cal_projector *pr, double *b,
                                       double *work);

#endif
