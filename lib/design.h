/* Internal: the sampling design of one survey year (R survey's svydesign:
 * stratified multistage, fpc per stage, lonely PSUs); variance.h computes
 * its linearized variances (svyrecvar). */
#ifndef TRYGG_DESIGN_H
#define TRYGG_DESIGN_H

#include <stddef.h>
#include <stdint.h>

#include "survey_internal.h"

typedef struct {
    int year;
    size_t n;             /* respondents of the year */
    size_t *row;          /* position -> survey row; sorted by stratum, PSU, SSU */
    double *w;            /* design weight per position */
    uint32_t *stratum;    /* per position */
    uint32_t *psu;        /* per position, dense, nondecreasing */
    uint32_t *ssu;        /* per position, dense, nondecreasing; NULL: none */
    size_t nstrata, npsu, nssu;
    size_t *stratum_first_psu;  /* nstrata + 1 */
    double *stratum_pop;        /* N_h in PSUs; INFINITY when no fpc */
    const char **stratum_name;  /* for messages */
    size_t *psu_first_ssu;      /* npsu + 1, when ssu */
    double *psu_pop;            /* M_p in SSUs; INFINITY when no fpc2 */
    int two_stage;              /* variance has a second-stage term */
    trygg_lonely_psu lonely;
    double df;                  /* PSUs − strata */
} trygg_design;

/** Builds the design of `year` from the survey. Diagnostics for fpc below
 *  the sample size, mixed fpc kinds, etc. */
trygg_status trygg_design_build(const trygg_survey *sv, int year,
                                trygg_design *d, trygg_errors *err);
void trygg_design_free(trygg_design *d);

#endif
