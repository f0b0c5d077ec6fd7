/* Internal: weighting a year's respondents to population margins named in
 * the definition, and the residuals that carry it into variances. */
#ifndef TRYGG_WEIGHTING_H
#define TRYGG_WEIGHTING_H

#include "calibrate.h"
#include "design.h"

typedef struct trygg_weighting_state trygg_weighting_state;

/**
 * Replaces the design weights `w` (per design position) by calibrated
 * weights; *ws receives what variance estimation needs. Errors name the
 * population file, line and column, or the margin and cell.
 */
trygg_status trygg_weighting_apply(const trygg_survey *sv,
                                   const trygg_design *d,
                                   trygg_weighting method, double *w,
                                   trygg_weighting_state **ws,
                                   trygg_errors *err);
/** Calibrates replicate design weights `dw` to the same margins (R
 *  recalibrates every replicate); `w` may alias `dw`. */
trygg_status trygg_weighting_recalibrate(const trygg_survey *sv,
                                         const trygg_weighting_state *ws,
                                         const double *dw, double *w,
                                         trygg_errors *err);
/**
 * The calibration residuals of influence values as a linear map, for variances summed over a
 * domain's rows only: e = a − Σ_c g_c u_c with g = G(T) linear and
 * T_c = Σ_i t_ic a_i. Row i's entries [first[i], first[i+1]) give c, t_ic
 * and u_ic. Raking also groups the cells that interact (comp).
 */
typedef struct {
    size_t n, ncells;
    size_t *first;
    uint32_t *cell;
    double *t, *u;
    size_t nr_cells;       /* nonresponse classes: cells [0, nr_cells), the
                              calibration's after them (its groups, comp,
                              are numbered from nr_cells) */
    size_t ncomp;
    uint32_t *comp;        /* rake: per cell, its group */
    size_t *comp_first;    /* ncomp + 1 */
    uint32_t *comp_cells;  /* each group's cells in increasing order */
} trygg_cal_basis;

/** Builds the map for weights `w` (the final weights of the year). */
trygg_status trygg_weighting_basis(const trygg_weighting_state *ws,
                                   const double *w, trygg_cal_basis *b);
void trygg_cal_basis_free(trygg_cal_basis *b);
/**
 * g = G(T) for K right-hand sides at once. T and g are ncells × K (cell
 * major); T is zero outside the cells tsup, g all zero on entry. gsup
 * (room for ncells) lists the cells where g may be nonzero. work:
 * 2 · ncells + K doubles; mark: ncomp zero bytes, left zero.
 */
trygg_status trygg_weighting_solve_many(const trygg_weighting_state *ws,
                                        const trygg_cal_basis *b, const double *T,
                                        const uint32_t *tsup, size_t ntsup,
                                        size_t K, double *g, uint32_t *gsup,
                                        size_t *ngsup, double *work,
                                        uint8_t *mark);
/** What the weighting did: iterations, convergence (for the weight report). */
const trygg_cal_report *trygg_weighting_report(const trygg_weighting_state *ws);
void trygg_weighting_state_free(trygg_weighting_state *ws);

#endif
