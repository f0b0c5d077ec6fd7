/* Internal: the variance engine's parts (variance.h). The design's stages
 * as tables shared by every thread (variance_design.c); the one kernel
 * that turns a stage's unit totals into its quadratic form and calibration
 * terms, K values at a time (variance_stage.c); and the three ways of
 * feeding it: a combination of influence terms (variance_terms.c), a
 * domain's K indicators (variance_domain.c), children against a parent
 * (variance_contrast.c). */
#ifndef TRYGG_VARIANCE_INTERNAL_H
#define TRYGG_VARIANCE_INTERNAL_H

#include "variance.h"
#include "weighting.h"

#define TRYGG_NONE UINT32_MAX

/* A sparse list of (cell, value), CSR by owner. */
typedef struct {
    size_t *first;
    uint32_t *cell;
    double *val;
} cell_lists;

/* One stage of the design: units (PSUs or SSUs) in groups (strata or
 * PSUs), Q = Σ_g κ_g Σ_{u∈g} (x_u − x̄_g)(y_u − ȳ_g), uncentered where a
 * lonely unit is "adjust"ed. Read-only once built. */
typedef struct {
    size_t nunits, ngroups;
    const uint32_t *unit;       /* per position */
    const size_t *group_first;  /* ngroups + 1: units of a group are contiguous */
    uint32_t *group;            /* per unit */
    double *kappa;              /* per group, 0: no contribution */
    uint8_t *centered;
    double scale;               /* of the whole stage ("average") */
    /* calibration cells: U_u and U_g (sums of u_c), groups by cell, units
     * by cell, S = Σ_u κ U_u U_u' */
    cell_lists uu, ug, cg, cu, s;
} trygg_stage;

/* The kernel's sums of one variance at one stage, K values wide: the
 * groups the variance's units fall in ("local", in order of their first
 * unit), their sums and squared deviations, and the calibration's terms.
 * Each thread its own. */
typedef struct {
    const trygg_stage *s;
    size_t K, cap;                /* width of this variance, allocated width */
    size_t nlocal;
    uint32_t *gloc;               /* per group: local index, TRYGG_NONE */
    uint32_t *lgid, *lcount;      /* per local group */
    double *gsum, *gss, *gmean;   /* local group × K */
    double *run;                  /* K: a run of one group's units */
    uint32_t run_g;
    int pass;                     /* 1: sums, 2: deviations */
    double *gdot;                 /* group × K: U_g·g, zero between variances */
    uint32_t *gdlist, *gdmark;
    size_t ngd;
    uint32_t gen;                 /* marks of gdmark */
    double *cross, *qa, *quad, *dot;   /* K each */
} trygg_stage_sums;

/* Per parent group, parts of the quadratic form that a child's own groups
 * replace (variance_contrast.c); K = 1. */
typedef struct {
    const uint32_t *groups;
    size_t n;
    const double *q, *sum;        /* per group */
} trygg_stage_outside;

typedef struct {
    size_t ndom;
    size_t *first;   /* ndom + 1 */
    uint32_t *pos;
} domain_rows;

/* Scratch of trygg_variance_of_terms (variance_terms.c): unit totals per
 * stage, the calibration's T and g. */
typedef struct {
    double *tot[2];
    uint32_t *umark[2], *touched[2];
    size_t ntouched[2];
    double *T, *g, *work;
    uint32_t *tsup, *gsup, *tmark;
    uint8_t *cmark;
    size_t ntsup;
    uint32_t gen;
} terms_scratch;

struct domain_scratch;
struct contrast_scratch;

struct trygg_variance_engine {
    trygg_stage st[2];
    size_t nstages;
    int stage2_nan;             /* a lonely SSU under "average" */
    long fail_stratum;          /* lonely PSU under "fail": stratum, stage */
    int fail_stage;
    int calibrated;
    trygg_cal_basis basis;
    domain_rows *levels;
    size_t nlevels;
    /* per thread */
    trygg_stage_sums sums[2];
    terms_scratch ts;
    struct domain_scratch *dom;        /* variance_domain.c, when first used */
    struct contrast_scratch *con;      /* variance_contrast.c, when first used */
    const trygg_variance_engine *shared;   /* a worker's: whose tables it reads */
};

/* ---- the kernel (variance_stage.c) ----------------------------------- */

trygg_status trygg_stage_sums_init(trygg_stage_sums *ss, const trygg_stage *s);
void trygg_stage_sums_free(trygg_stage_sums *ss);

/* Starts a variance K wide (growing the sums as needed): no local group,
 * no calibration term. */
trygg_status trygg_stage_begin(trygg_stage_sums *ss, size_t K);

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

/* The passes below add a run of one group's units apart (run[0..K), and
 * in run[K] their number: the caller's, a local for K = 1, ss->run
 * otherwise) and then to the group's sums; cross[0..K) gathers Q(x, Ug)'s
 * unit part. Ends the run. */
static inline void trygg_stage_flush(trygg_stage_sums *ss, size_t K, double *run)
{
    if (ss->run_g == TRYGG_NONE)
        return;
    size_t lg = ss->gloc[ss->run_g];
    double *to = (ss->pass == 1 ? ss->gsum : ss->gss) + lg * K;
    for (size_t r = 0; r < K; r++) {
        to[r] += run[r];
        run[r] = 0;
    }
    ss->lcount[lg] += (uint32_t)run[K];
    run[K] = 0;
    ss->run_g = TRYGG_NONE;
}

/* First pass: unit u's totals x[0..K) into its group's sums. */
static inline void trygg_stage_sum(trygg_stage_sums *ss, size_t K, double *run, uint32_t u,
                                   const double *x)
{
    uint32_t g = ss->s->group[u];
    if (g != ss->run_g)
        trygg_stage_flush(ss, K, run);
    if (ss->run_g == TRYGG_NONE) {
        ss->run_g = g;
        if (ss->gloc[g] == TRYGG_NONE) {
            size_t lg = ss->nlocal++;
            ss->gloc[g] = (uint32_t)lg;
            ss->lgid[lg] = g;
            ss->lcount[lg] = 0;
            for (size_t r = 0; r < K; r++)
                ss->gsum[lg * K + r] = ss->gss[lg * K + r] = 0;
        }
    }
    for (size_t r = 0; r < K; r++)
        run[r] += x[r];
    run[K] += 1;
}

/* Between the passes (the first's run ended): each local group's mean,
 * and U_g·g for the groups of the cells gsup (g: cells × K; ngsup 0
 * without calibration). */
void trygg_stage_means(trygg_stage_sums *ss, const double *g, const uint32_t *gsup,
                       size_t ngsup);

/* Second pass: unit u's squared deviations (x) and its part κ x_u U_u·g of
 * Q(x, Ug) (xc; NULL: none, as without calibration). */
static inline void trygg_stage_deviation(trygg_stage_sums *ss, size_t K, double *run,
                                         double *cross, uint32_t u, const double *x,
                                         const double *xc, const double *g)
{
    const trygg_stage *s = ss->s;
    uint32_t grp = s->group[u];
    if (grp != ss->run_g)
        trygg_stage_flush(ss, K, run);
    ss->run_g = grp;
    const double *mean = ss->gmean + (size_t)ss->gloc[grp] * K;
    for (size_t r = 0; r < K; r++) {
        double dev = x[r] - mean[r];
        run[r] += dev * dev;
    }
    double kap = s->kappa[grp];
    if (!xc || kap == 0)
        return;
    if (K == 1) {   /* the same sums, in a register */
        double dot = 0;
        for (size_t e = s->uu.first[u]; e < s->uu.first[u + 1]; e++)
            dot += s->uu.val[e] * g[s->uu.cell[e]];
        cross[0] += kap * xc[0] * dot;
        return;
    }
    trygg_list_dot(&s->uu, u, g, K, ss->dot);
    for (size_t r = 0; r < K; r++)
        cross[r] += kap * xc[r] * ss->dot[r];
}

/* Both passes over the units units[0..n) in order, K = 1: x and xc by
 * unit index (xc NULL without calibration; a unit whose xc is 0 adds
 * nothing to Q(x, Ug)). */
void trygg_stage_units(trygg_stage_sums *ss, const uint32_t *units, size_t n, const double *x,
                       const double *xc, const double *g, const uint32_t *gsup, size_t ngsup);

/* κ_g Σ_{u∈g} (x_u − x̄_g)² of local group lg, value r, the units of g
 * without a total being zero. */
double trygg_stage_group_q(const trygg_stage_sums *ss, size_t lg, size_t r);

/**
 * After the second pass: the stage's Q(e) = Q(x) − 2 Q(x, Ug) + Q(Ug) in
 * v[0..K), `outside` (or NULL) adding a parent's groups where no unit of
 * the variance fell. redo[r] is set where the calibration explains so much
 * that the difference has lost its digits: the residuals must be formed
 * themselves (trygg_variance_of_terms does). The second pass's run must
 * have ended. Leaves gdot zero.
 */
void trygg_stage_finish(trygg_stage_sums *ss, const double *g, const uint32_t *gsup,
                        size_t ngsup, const trygg_stage_outside *outside, double *v,
                        uint8_t *redo);

/* ---- the engine's tables and its shared steps ------------------------ */

/* Starts one variance: *active is set when rows are to be added (not when
 * the variance is NaN whatever they are). A lonely PSU under "fail" is the
 * error, naming its stratum. */
trygg_status trygg_variance_begin(const trygg_variance_engine *e, const trygg_year *y,
                                  int *active, trygg_errors *err);

/* a_i of the term: the influence value of row i. */
static inline double trygg_term_value(const trygg_year *y, const trygg_influence_term *t,
                                      uint32_t i)
{
    return t->scale * y->w[i] * (trygg_year_num(y, t->k, i) -
                                 t->theta * trygg_year_den(y, t->k, i));
}

trygg_status trygg_terms_scratch_init(terms_scratch *ts, const trygg_variance_engine *e);
void trygg_terms_scratch_free(terms_scratch *ts);
void trygg_domain_scratch_free(struct domain_scratch *d);
void trygg_contrast_scratch_free(struct contrast_scratch *c);

#endif
