/* Internal: replicate weights kept as what they are, rescalings of the base
 * weights: a factor per PSU (the jackknife's deletion, the bootstrap's
 * draws, regenerated from the replicate's place in the generator's stream)
 * times, for a calibrated year, a factor per calibration profile (the
 * respondents alike in every margin cell and nonresponse class, whom any
 * recalibration weights alike). No replicate's row weights are stored. */
#ifndef TRYGG_REPLICATES_INTERNAL_H
#define TRYGG_REPLICATES_INTERNAL_H

#include <pthread.h>

#include "replicates.h"
#include "weighting_state.h"

/* The replicate spreads of every (level, domain, indicator) of the year,
 * for estimates: made in one pass over the replicates. */
typedef struct {
    size_t nlevels;        /* levels [0, nlevels) of the year when made */
    size_t *first;         /* per level: offset of its (domain, indicator)s */
    double *var;           /* [first[l] + d · nind + k] */
    double *cvar;          /* jackknife only, made when first asked for:
                              the spread of each domain's estimate minus
                              its parent's (levels with a parent), the same
                              entries; NULL until then */
    double *tvar;          /* made with cvar: the spread of each entry's
                              total Σ w · num */
} trygg_rep_spreads;

struct trygg_replicates {
    trygg_variance type;
    size_t nrep, n;
    double *rscale;        /* per replicate */
    double scale;
    /* bootstrap: the generator's seed and calls per replicate */
    uint64_t seed;
    size_t draws;
    /* jackknife: the PSU replicate q deletes */
    uint32_t *del;
    /* calibration profiles: the year's weighting on one row per profile */
    const trygg_survey *sv;
    const trygg_weighting_state *ws;   /* the year's; NULL: uncalibrated */
    trygg_weighting_state pws;         /* ws over profiles */
    trygg_margin *pviews;
    uint32_t **pcells;                 /* per margin, then the nonresponse
                                          classes: each profile's cell */
    size_t pwidth;                     /* pcells' count (ws may be freed
                                          before the replicates) */
    size_t nprof;
    uint32_t *prof;                    /* per position */
    /* jackknife: a replicate's profile totals from the year's, less its
     * PSU's rows, its stratum's rescaled (O(profiles) per replicate) */
    double *ptot, *ptot_h;             /* per profile; per stratum × profile */
    size_t *pcount;                    /* rows per profile */
    size_t *psu_row;                   /* npsu + 1: each PSU's positions */
    double *g;                         /* nrep × nprof factors, made once
                                          when they fit REP_G_BYTES */
    pthread_mutex_t lock;              /* guards spreads and dense */
    trygg_rep_spreads spreads;
    /* the definition's levels' replicate estimates (dense[0]) and totals
     * (dense[1]), every indicator at once, [(k · ndom + d) · nrep + q],
     * kept while they fit REP_DENSE_BYTES together */
    double **dense[2];
    size_t dense_levels, dense_bytes;
};

#define REP_G_BYTES ((size_t)256 << 20)
#define REP_DENSE_BYTES ((size_t)512 << 20)

/** The factor of every PSU in replicate q (mult: npsu). */
void trygg_rep_psu_factors(const trygg_replicates *r, const trygg_design *d, size_t q,
                           double *mult);

/** The calibration factor of every profile in replicate q, whose PSU
 *  factors are `mult` (g: nprof; 1 when the year is uncalibrated). work:
 *  2 · nprof doubles. */
trygg_status trygg_rep_profile_factors(const trygg_replicates *r, const trygg_design *d,
                                       size_t q, const double *mult, double *g,
                                       double *work, trygg_errors *err);

/* Atoms: the rows alike in calibration profile, domain of each level asked
 * for and, when asked, stratum. */
typedef struct {
    size_t natoms, nl;
    size_t *first;         /* natoms + 1, into rows */
    uint32_t *rows;        /* positions, atom by atom */
    uint32_t *prof, *stratum;  /* per atom */
    uint32_t *dom;         /* [li · natoms + a] */
    uint32_t *of_row;      /* per position: its atom */
} trygg_rep_atoms;

trygg_status trygg_rep_atoms_build(const trygg_year *y, const size_t *ls, size_t nl,
                                   int by_stratum, trygg_rep_atoms *a);
void trygg_rep_atoms_free(trygg_rep_atoms *a);

/** Position i's numerator and denominator of indicators ks[0..nk) (x:
 *  2 · nk; 0 for an answer that is not valid). */
void trygg_rep_row_values(const trygg_year *y, const size_t *ks, size_t nk, size_t i,
                          double *x);

/* What a pass over the replicates computes: the replicate estimates (or
 * totals Σ w·num) of indicators ks[0..nk) in every domain of levels
 * ls[0..nl), handed per replicate to `emit`. */
typedef struct {
    const size_t *ls, *ks;
    size_t nl, nk;
    int totals;            /* every indicator as its total Σ w·num */
    /* replicate q's estimates of level ls[li]: theta[d · nk + kk], from
     * worker `worker` (< threads); workers never hand over the same q */
    void (*emit)(void *ctx, size_t worker, size_t q, size_t li, const double *theta);
    void *ctx;
    size_t threads;        /* at most REP_MAX_THREADS */
} trygg_rep_pass;

#define REP_MAX_THREADS 8

/** Runs the pass over every replicate, on p->threads workers; `own` runs
 *  it once on the year's own weights instead, emitted as replicate
 *  SIZE_MAX by worker 0. */
trygg_status trygg_rep_pass_run(const trygg_year *y, const trygg_rep_pass *p, int own,
                                trygg_errors *err);

/* Sums of a replicated estimate's deviations from a shift, from which
 * its spread follows (replicates_spreads.c). */
typedef struct {
    double cnt, s1;        /* replicates with rscale > 0 and a finite
                              estimate, Σ of their deviations */
    double nf, w, w1, w2;  /* over finite estimates: their number, Σ rscale,
                              Σ rscale · dev, Σ rscale · dev² */
} trygg_rep_moments;

static inline void trygg_rep_moments_add(trygg_rep_moments *m, double rs, double dev,
                                         double times)
{
    m->nf += times;
    m->w += times * rs;
    m->w1 += times * rs * dev;
    m->w2 += times * rs * dev * dev;
    if (rs > 0) {
        m->cnt += times;
        m->s1 += times * dev;
    }
}

/* The spread that the moments give, as trygg_replicate_spread() computes
 * it from the replicates' estimates. */
static inline double trygg_rep_moments_spread(const trygg_replicates *r,
                                              const trygg_rep_moments *m)
{
    if (m->nf == 0)
        return 0.0;   /* no finite estimate: nothing to add up */
    double mu = m->s1 / m->cnt;
    return r->scale * (m->w2 - 2 * mu * m->w1 + mu * mu * m->w);
}

/**
 * The jackknife's moments of every (definition level, domain, indicator)
 * entry first[l] + d · nind + k, against shift[], in O(affected atoms) per
 * replicate (replicates_jackknife.c): a delete-one replicate changes its
 * stratum's atoms and, when the year is calibrated, the factors of the
 * calibration cells that interact with them; every other atom keeps the
 * full sample's weights (rescaled for an uncalibrated JK1). With cvar
 * (entries, NULL: not wanted) also the spread of every domain's estimate
 * minus its parent's, for the definition's levels that have a parent
 * (NAN elsewhere): the difference in every replicate, as
 * trygg_replicate_spread() of the two domains' differences gives it; and
 * with it tvar (entries), the spread of each total Σ w · num.
 */
trygg_status trygg_rep_jackknife_moments(const trygg_year *y, const size_t *first,
                                         const double *shift, trygg_rep_moments *m,
                                         double *cvar, double *tvar, trygg_errors *err);

/** Fills r->spreads for the definition's levels (both cores); with
 *  `contrasts` (jackknife only) also r->spreads.cvar. */
trygg_status trygg_rep_spreads_fill(const trygg_year *y, int contrasts, trygg_errors *err);
void trygg_rep_spreads_free(trygg_rep_spreads *s);

#endif
