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
/** Calibration residuals of influence values `a`, in place. */
trygg_status trygg_weighting_residuals(const trygg_weighting_state *ws,
                                       const double *w, double *a);
/** What the weighting did: iterations, convergence (for the weight report). */
const trygg_cal_report *trygg_weighting_report(const trygg_weighting_state *ws);
void trygg_weighting_state_free(trygg_weighting_state *ws);

#endif
