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
};

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
