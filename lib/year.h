/* Internal: one survey year as plain data (design, weights, indicator values,
 * domains), shared by estimates, changes, contrasts and priorities. */
#ifndef TRYGG_YEAR_H
#define TRYGG_YEAR_H

#include "design.h"
#include "dict.h"
#include "trygg.h"

/* Per position and indicator: what the row contributes (the low three
 * bits of its value byte), and TRYGG_V_ONE when the indicator keeps no
 * numerators of its own and this valid answer's is 1. */
enum {
    TRYGG_V_VALID = 1, TRYGG_V_EXCLUDED = 2, TRYGG_V_MISSING = 4,
    TRYGG_V_STATUS = 7, TRYGG_V_ONE = 8
};

typedef struct {
    const char *level_name;  /* the definition's level, or an owned name */
    int owns_name;
    size_t ndom;
    uint32_t *dom;        /* per position: domain index, UINT32_MAX = none */
    char **name;          /* per domain */
    long *parent;         /* per domain: index in the parent level, or -1 */
    long parent_level;    /* index of the enclosing level, or -1 */
} trygg_level_part;

/* Calibration residuals for variance (see calibrate.h). */
typedef struct trygg_weighting_state trygg_weighting_state;
/* The variance engine (variance.h). */
typedef struct trygg_variance_engine trygg_variance_engine;

typedef struct {
    const trygg_survey *sv;
    trygg_design d;
    trygg_weighting weighting;
    double *w;                 /* final weights per position */
    trygg_weighting_state *ws; /* NULL for design weights */
    size_t nind;
    /* One byte per position and indicator, row-major (val[i * nind + k]):
     * a domain's pass over its rows reads each row's indicators from one
     * cache line, and a 0/1 indicator (every share) needs nothing more. */
    uint8_t *val;              /* TRYGG_V_* */
    double **num, **den;       /* per indicator, per position; num NULL when
                                  every valid numerator is 0 or 1
                                  (TRYGG_V_ONE), den NULL but for ratios */
    size_t nlevels;
    trygg_level_part *levels;
    trygg_variance_engine *ve; /* variances of its domain estimators */
    struct trygg_replicates *rep; /* replicate weights, when asked for */
} trygg_year;

/** Everything for one year: design, weights, indicator values, domains. */
trygg_status trygg_year_build(const trygg_survey *sv, int year,
                              trygg_weighting weighting, trygg_year *y,
                              trygg_errors *err);
void trygg_year_free(trygg_year *y);

/* The parts of trygg_year_build: each position's indicator values
 * (indicator_values.c) and each level's domains (domains.c). */
trygg_status trygg_year_indicator_values(trygg_year *y);
trygg_status trygg_year_domains(trygg_year *y);
void trygg_year_domains_free(trygg_year *y);

/**
 * Adds a level made by the caller (a peer group, an area × sex × age
 * crossing): takes ownership of `name`, `dom` (per position) and `names`.
 * Its index is y->nlevels - 1 afterwards.
 */
trygg_status trygg_year_add_level(trygg_year *y, char *name, uint32_t *dom,
                                  size_t ndom, char **names);

/**
 * Level lv's domain of each of the survey rows `rows` (n): dom[i] indexes
 * `names` (initialised by the caller, filled with the domains' names in
 * order of first appearance), UINT32_MAX when a column is blank.
 */
trygg_status trygg_level_partition(const trygg_survey *sv, const trygg_level *lv,
                                   const size_t *rows, size_t n, uint32_t *dom,
                                   trygg_dict *names);

/** Frees the levels from index `keep` on (those added by the caller). */
void trygg_year_drop_levels(trygg_year *y, size_t keep);

/** Point estimate of indicator k in domain d of level l. */
typedef struct {
    double estimate, total_num, total_den;  /* θ, Σw·num, Σw·den */
    double n, n_excluded, n_missing;
    double weighted_n;
    double s2;          /* element variance for the design effect */
} trygg_point;

trygg_status trygg_year_points(const trygg_year *y, size_t l, size_t k,
                               trygg_point *pts);

/* TRYGG_V_VALID, _EXCLUDED or _MISSING of position i for indicator k. */
static inline uint8_t trygg_year_flag(const trygg_year *y, size_t k, size_t i)
{
    return y->val[i * y->nind + k] & TRYGG_V_STATUS;
}

/* num_i of indicator k (0 unless the answer is valid). */
static inline double trygg_year_num(const trygg_year *y, size_t k, size_t i)
{
    return y->num[k] ? y->num[k][i] : (double)(y->val[i * y->nind + k] >> 3);
}

/* den_i of indicator k: stored for ratios only; elsewhere 1 for a valid
 * answer and 0 for any other, which is all the den of a mean or share is. */
static inline double trygg_year_den(const trygg_year *y, size_t k, size_t i)
{
    return y->den[k] ? y->den[k][i] : (double)(trygg_year_flag(y, k, i) == TRYGG_V_VALID);
}

/* The steps of a point, for one domain at a time (variance_domain.c): position i's
 * counts and sums, the estimate, then the element variance. */
static inline void trygg_point_add(const trygg_year *y, size_t k, size_t i,
                                   trygg_point *p)
{
    uint8_t f = trygg_year_flag(y, k, i);
    if (f == TRYGG_V_VALID) {
        p->total_num += y->w[i] * trygg_year_num(y, k, i);
        p->total_den += y->w[i] * trygg_year_den(y, k, i);
        p->weighted_n += y->w[i];
        p->n += 1;
    } else if (f == TRYGG_V_EXCLUDED) {
        p->n_excluded += 1;
    } else {
        p->n_missing += 1;
    }
}

void trygg_point_estimate(trygg_point *p, int total);

static inline void trygg_point_add_s2(const trygg_year *y, size_t k, size_t i,
                                      int total, trygg_point *p)
{
    double mean = total ? p->total_num / p->weighted_n : p->estimate;
    double r = trygg_year_num(y, k, i) - mean * trygg_year_den(y, k, i);
    p->s2 += y->w[i] * r * r;
}

void trygg_point_s2_finish(trygg_point *p, int total);

/** The influence values of one domain estimator, times a coefficient:
 *  a_i = scale · w_i · (num_i − theta · den_i) on the domain's valid rows. */
typedef struct {
    size_t level;
    uint32_t dom;
    size_t k;
    double scale, theta;
} trygg_influence_term;

/** coef × the influence values of (level l, domain dom, indicator k) with
 *  point `pt`; 0 when the domain has no valid answer (no term). */
int trygg_influence_term_of(const trygg_year *y, size_t l, uint32_t dom,
                            size_t k, const trygg_point *pt, double coef,
                            trygg_influence_term *t);

/** Linearized variance of the sum of `nterms` terms (calibration residuals
 *  taken, lonely PSUs as the design says): trygg_variance_of_terms() on
 *  the year's engine. */
trygg_status trygg_year_variance(const trygg_year *y,
                                 const trygg_influence_term *terms,
                                 size_t nterms, double *var, trygg_errors *err);

/** Variance of estimator a minus estimator b (indicator k), with their
 *  covariance. */
trygg_status trygg_year_diff_variance(const trygg_year *y, size_t k, size_t la,
                                      uint32_t da, const trygg_point *pa,
                                      size_t lb, uint32_t db,
                                      const trygg_point *pb, double *var,
                                      trygg_errors *err);

/** Linearized SE of (level l, domain dom, indicator k) with point pt; NaN
 *  when the domain has no valid answer. */
trygg_status trygg_domain_se(const trygg_year *y, size_t l, uint32_t dom, size_t k,
                             const trygg_point *pt, double *se, trygg_errors *err);

/** TRYGG_V_VALID, _EXCLUDED or _MISSING: survey row r's answer to indicator
 *  k, without a year built (disclosure control counts answers by it). */
uint8_t trygg_indicator_status(const trygg_survey *sv, size_t k, size_t r);

/** 1 when indicator k's estimator is a total rather than a ratio. */
int trygg_indicator_is_total(const trygg_survey *sv, size_t k);

#endif
