/* Internal: the parts of the variance engine (linvar.c) that its batched
 * form (linvar_batch.c) shares. */
#ifndef TRYGG_LINVAR_INTERNAL_H
#define TRYGG_LINVAR_INTERNAL_H

#include "linvar.h"
#include "weighting.h"

/* A sparse list of (cell, value), CSR by owner. */
typedef struct {
    size_t *first;
    uint32_t *cell;
    double *val;
} cell_lists;

/* One stage of the design: units (PSUs or SSUs) in groups (strata or
 * PSUs), Q = Σ_g κ_g Σ_{u∈g} (x_u − x̄_g)(y_u − ȳ_g), uncentered where a
 * lonely unit is "adjust"ed. */
typedef struct {
    size_t nunits, ngroups;
    const uint32_t *unit;       /* per position */
    const size_t *group_first;  /* ngroups + 1: units of a group are contiguous */
    uint32_t *group;            /* per unit */
    double *kappa;              /* per group, 0: no contribution */
    uint8_t *centered;
    double scale;               /* of the whole stage ("average") */
    /* calibration cells: U_u and U_g (sums of u_c), groups by cell, S */
    cell_lists uu, ug, cg, cu, s;   /* cu: units by cell */
    /* scratch of one variance */
    double *tot, *gsum, *gss, *gdot;
    uint32_t *ucount, *umark, *gmark, *gdmark;
    uint32_t *touched, *gtouched, *gdtouched;
    size_t ntouched, ngtouched, ngdtouched;
    uint32_t qgen;              /* marks of one quadratic */
} stage;

typedef struct {
    size_t ndom;
    size_t *first;   /* ndom + 1 */
    uint32_t *pos;
} domain_rows;

struct trygg_linvar {
    stage st[2];
    size_t nstages;
    int stage2_nan;             /* a lonely SSU under "average" */
    long fail_stratum;          /* lonely PSU under "fail": stratum, stage */
    int fail_stage;
    int calibrated;
    trygg_cal_basis basis;
    double *T, *g, *work;
    uint32_t *tsup, *gsup, *tmark;
    uint8_t *cmark;
    size_t ntsup;
    uint32_t gen;                /* marks of one variance */
    domain_rows *levels;
    size_t nlevels;
    struct linvar_batch *batch; /* workspace of linvar_batch.c */
    const trygg_linvar *shared; /* a worker's: the engine whose tables it
                                   reads (trygg_linvar_new_worker) */
};

void trygg_linvar_batch_free(struct linvar_batch *b);

/* dot[r] = Σ over owner o's entries of value · g[cell · K + r], r < K: the
 * calibration's g (cells × K) along a unit's, a cell's or a group's list. */
static inline void trygg_list_dot(const cell_lists *l, size_t o, const double *g,
                                  size_t K, double *dot)
{
    for (size_t r = 0; r < K; r++)
        dot[r] = 0;
    for (size_t e = l->first[o]; e < l->first[o + 1]; e++) {
        double v = l->val[e];
        const double *gc = g + (size_t)l->cell[e] * K;
        for (size_t r = 0; r < K; r++)
            dot[r] += v * gc[r];
    }
}

/* Starts one variance: *active is set when rows are to be added (not
 * when the variance is NaN whatever they are). A lonely PSU under "fail"
 * is the error, naming its stratum. */
trygg_status trygg_linvar_begin(trygg_linvar *lv, const trygg_year *y,
                                int *active, trygg_errors *err);

#endif
