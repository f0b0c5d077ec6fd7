/* A domain's K indicators at once (variance.h): the points and the
 * kernel's two passes over the domain's rows, each row's value bytes,
 * unit, stratum and calibration cells read once for all indicators.
 * One-stage designs (the usual stratified sample of persons); two-stage
 * designs go one indicator at a time through trygg_variance_of_terms. */
#include "variance_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct domain_scratch {
    size_t K;
    double *scale, *theta, *arow, *utot, *mean;
    const double **num, **den;    /* per indicator of the call; NULL: from
                                     the value byte (year.h) */
    size_t *col;                  /* per indicator: its byte in a row */
    uint8_t *bytes;               /* per indicator: num and den from the byte */
    /* per 0/1 indicator and value byte (16 each): num − θ·den and
     * num − mean·den, computed as row_values would */
    double *ca, *ce;
    uint8_t *act, *redo;
    double *v;
    uint32_t *order;              /* indicators: the 0/1 ones first */
    double *acc;                  /* 4 × K: their sums in points() */
    double *kept;                 /* the first pass's a_i (m × K), for the
                                     second, where they fit */
    size_t nkept;
    double *T, *g, *work;         /* cell × K, 2C + K */
    uint32_t *tsup, *gsup, *tmark;
    uint8_t *cmark;
    uint32_t gen;
};

void trygg_domain_scratch_free(struct domain_scratch *b)
{
    if (!b)
        return;
    free(b->scale); free(b->theta); free(b->arow); free(b->utot); free(b->mean);
    free(b->num); free(b->den); free(b->col); free(b->bytes); free(b->ca); free(b->ce);
    free(b->act); free(b->redo); free(b->v); free(b->T); free(b->g); free(b->work);
    free(b->tsup); free(b->gsup); free(b->tmark); free(b->cmark); free(b->kept);
    free(b->order); free(b->acc);
    free(b);
}

static struct domain_scratch *scratch_new(const trygg_variance_engine *e, size_t K)
{
    struct domain_scratch *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    size_t C = e->calibrated ? e->basis.ncells : 0, K1 = K + 1;
    b->K = K;
    b->scale = malloc(K1 * sizeof *b->scale);
    b->theta = malloc(K1 * sizeof *b->theta);
    b->arow = malloc(K1 * sizeof *b->arow);
    b->utot = malloc(K1 * sizeof *b->utot);
    b->mean = malloc(K1 * sizeof *b->mean);
    b->num = malloc(K1 * sizeof *b->num);
    b->den = malloc(K1 * sizeof *b->den);
    b->col = malloc(K1 * sizeof *b->col);
    b->bytes = malloc(K1);
    b->ca = malloc((16 * K + 1) * sizeof *b->ca);
    b->ce = malloc((16 * K + 1) * sizeof *b->ce);
    b->act = malloc(K1);
    b->redo = malloc(K1);
    b->v = malloc(K1 * sizeof *b->v);
    b->order = malloc(K1 * sizeof *b->order);
    b->acc = malloc((4 * K + 1) * sizeof *b->acc);
    b->T = calloc(C * K + 1, sizeof *b->T);
    b->g = calloc(C * K + 1, sizeof *b->g);
    b->work = calloc(2 * C + K + 1, sizeof *b->work);
    b->tsup = malloc((C + 1) * sizeof *b->tsup);
    b->gsup = malloc((C + 1) * sizeof *b->gsup);
    b->tmark = calloc(C + 1, sizeof *b->tmark);
    b->cmark = calloc((C ? e->basis.ncomp : 0) + 1, 1);
    if (!b->scale || !b->theta || !b->arow || !b->utot || !b->mean || !b->num || !b->den ||
        !b->col || !b->bytes || !b->ca || !b->ce || !b->act || !b->redo || !b->v ||
        !b->order || !b->acc || !b->T || !b->g || !b->work || !b->tsup || !b->gsup ||
        !b->tmark || !b->cmark) {
        trygg_domain_scratch_free(b);
        return NULL;
    }
    return b;
}

static trygg_status scratch_ready(trygg_variance_engine *e, size_t K)
{
    if (e->dom && e->dom->K >= K)
        return TRYGG_OK;
    trygg_domain_scratch_free(e->dom);
    e->dom = scratch_new(e, K);
    return e->dom ? TRYGG_OK : TRYGG_ERR_NOMEM;
}

/* What every row of the domain and the K indicators share. */
typedef struct {
    trygg_variance_engine *e;
    const trygg_year *y;
    struct domain_scratch *b;
    trygg_stage_sums *ss;
    const size_t *ks;
    size_t K;
    const uint32_t *pos;
    size_t m;
    int calib;                  /* calibration cells to sum */
    int keep;                   /* the second pass reads b->kept */
    size_t ntsup, ngsup;
} pass;

/* a_i for each indicator. Rows whose answer is not valid have num and den
 * 0 (indicator_values.c), so they give 0 here and in s2 without a test. */
static void row_values(const pass *p, uint32_t i, trygg_point *pts, int with_s2, double *arow)
{
    struct domain_scratch *b = p->b;
    double w = p->y->w[i];
    const uint8_t *row = p->y->val + (size_t)i * p->y->nind;
    for (size_t r = 0; r < p->K; r++) {
        uint8_t v = row[b->col[r]];
        if (b->bytes[r]) {
            const double *ca = b->ca + 16 * r, *ce = b->ce + 16 * r;
            if (with_s2) {
                double e = ce[v];
                pts[r].s2 += w * e * e;
            }
            arow[r] = b->scale[r] * w * ca[v];
            continue;
        }
        double num = b->num[r] ? b->num[r][i] : (double)(v >> 3);
        double den = b->den[r] ? b->den[r][i] : (double)((v & TRYGG_V_STATUS) == TRYGG_V_VALID);
        if (with_s2) {
            double e = num - b->mean[r] * den;
            pts[r].s2 += w * e * e;
        }
        arow[r] = b->scale[r] * w * (num - b->theta[r] * den);
    }
}

/* The tables of row_values for the 0/1 indicators, once θ and the mean
 * are known. */
static void byte_tables(struct domain_scratch *b, size_t K)
{
    for (size_t r = 0; r < K; r++) {
        if (!b->bytes[r])
            continue;
        for (unsigned v = 0; v < 16; v++) {
            double num = (double)(v >> 3);
            double den = (double)((v & TRYGG_V_STATUS) == TRYGG_V_VALID);
            b->ca[16 * r + v] = num - b->theta[r] * den;
            b->ce[16 * r + v] = num - b->mean[r] * den;
        }
    }
}

static void add_cells(pass *p, uint32_t i, const double *arow)
{
    struct domain_scratch *b = p->b;
    const trygg_cal_basis *bs = &p->e->basis;
    size_t K = p->K;
    for (size_t e = bs->first[i]; e < bs->first[i + 1]; e++) {
        uint32_t c = bs->cell[e];
        if (b->tmark[c] != b->gen) {
            b->tmark[c] = b->gen;
            b->tsup[p->ntsup++] = c;
        }
        double t = bs->t[e], *Tc = b->T + (size_t)c * K;
        for (size_t r = 0; r < K; r++)
            Tc[r] += t * arow[r];
    }
}

static inline void unit_done(pass *p, uint32_t u, const double *tot, int first)
{
    trygg_stage_sums *ss = p->ss;
    if (first)
        trygg_stage_sum(ss, p->K, ss->run, u, tot);
    else
        trygg_stage_deviation(ss, p->K, ss->run, ss->cross, u, tot, p->ngsup ? tot : NULL,
                              p->b->g);
}

/* One pass over the domain's rows, unit by unit. When every unit is one
 * row (persons sampled directly) a row's values are its unit's totals. */
static void sweep(pass *p, trygg_point *pts, int first)
{
    const trygg_stage *s = &p->e->st[0];
    struct domain_scratch *b = p->b;
    size_t K = p->K;
    if (s->nunits == p->y->d.n) {
        for (size_t j = 0; j < p->m; j++) {
            uint32_t i = p->pos[j];
            double *a = p->keep ? b->kept + j * K : b->arow;
            if (first || !p->keep)
                row_values(p, i, pts, first, a);
            if (first && p->calib)
                add_cells(p, i, a);
            unit_done(p, s->unit[i], a, first);
        }
        trygg_stage_flush(p->ss, K, p->ss->run);
        return;
    }
    uint32_t cur = TRYGG_NONE;
    for (size_t j = 0; j < p->m; j++) {
        uint32_t i = p->pos[j], u = s->unit[i];
        if (u != cur) {
            if (cur != TRYGG_NONE)
                unit_done(p, cur, b->utot, first);
            cur = u;
            memset(b->utot, 0, K * sizeof *b->utot);
        }
        row_values(p, i, pts, first, b->arow);
        for (size_t r = 0; r < K; r++)
            b->utot[r] += b->arow[r];
        if (first && p->calib)
            add_cells(p, i, b->arow);
    }
    if (cur != TRYGG_NONE)
        unit_done(p, cur, b->utot, first);
    trygg_stage_flush(p->ss, K, p->ss->run);
}

/* Counts and sums of the points, row by row: the 0/1 indicators' into
 * arrays side by side (acc), which add their zeros too (x + 0 is x) so
 * that a row needs no branch; the others as trygg_point_add does. */
static void points(const pass *p, trygg_point *pts)
{
    const trygg_year *y = p->y;
    struct domain_scratch *b = p->b;
    static const double ONE[16] = {[TRYGG_V_VALID | TRYGG_V_ONE] = 1};
    static const double VALID[16] = {[TRYGG_V_VALID] = 1, [TRYGG_V_VALID | TRYGG_V_ONE] = 1};
    static const double EXCLUDED[16] = {[TRYGG_V_EXCLUDED] = 1};
    static const double MISSING[16] = {[TRYGG_V_MISSING] = 1};
    size_t K = p->K, nb = 0, no = 0;
    for (size_t r = 0; r < K; r++)
        b->order[b->bytes[r] ? nb++ : K - 1 - no++] = (uint32_t)r;
    double *num = b->acc, *den = num + nb, *exc = den + nb, *mis = exc + nb;
    memset(b->acc, 0, 4 * nb * sizeof *b->acc);
    memset(pts, 0, K * sizeof *pts);
    for (size_t j = 0; j < p->m; j++) {
        uint32_t i = p->pos[j];
        const uint8_t *row = y->val + (size_t)i * y->nind;
        double w = y->w[i];
        for (size_t q = 0; q < nb; q++) {
            uint8_t v = row[b->col[b->order[q]]];
            num[q] += w * ONE[v];
            den[q] += w * VALID[v];
            exc[q] += EXCLUDED[v];
            mis[q] += MISSING[v];
        }
        for (size_t q = K - no; q < K; q++)
            trygg_point_add(y, p->ks[b->order[q]], i, &pts[b->order[q]]);
    }
    /* the sums of w and of 1 over the valid rows are those of w · den and
     * of den */
    for (size_t q = 0; q < nb; q++) {
        trygg_point *pt = &pts[b->order[q]];
        pt->total_num = num[q];
        pt->total_den = pt->weighted_n = den[q];
        pt->n_excluded = exc[q];
        pt->n_missing = mis[q];
        pt->n = (double)p->m - pt->n_excluded - pt->n_missing;
    }
}

/* Each indicator's estimate and influence term; returns 1 when any has a
 * variance to give. */
static int estimators(pass *p, size_t l, uint32_t dom, trygg_variance_want want,
                      trygg_point *pts, double *vars)
{
    const trygg_year *y = p->y;
    struct domain_scratch *b = p->b;
    int any = 0;
    for (size_t r = 0; r < p->K; r++) {
        size_t k = p->ks[r];
        trygg_point *pt = &pts[r];
        int total = trygg_indicator_is_total(y->sv, k);
        vars[r] = NAN;
        trygg_point_estimate(pt, total);
        trygg_influence_term t;
        b->act[r] = want == TRYGG_WANT_VARIANCE &&
                    trygg_influence_term_of(y, l, dom, k, pt, 1.0, &t);
        b->scale[r] = b->act[r] ? t.scale : 0.0;
        b->theta[r] = b->act[r] ? t.theta : 0.0;
        b->mean[r] = total ? pt->total_num / pt->weighted_n : pt->estimate;
        b->num[r] = y->num[k];
        b->den[r] = y->den[k];
        any |= b->act[r];
    }
    return any;
}

/* Room for the first pass's values of a domain with m · K of them: up to
 * KEEP_MAX (the rest computes them again), grown as domains need. */
#define KEEP_MAX ((size_t)1 << 19)

static int keep_room(struct domain_scratch *b, size_t n)
{
    if (n > KEEP_MAX)
        return 0;
    if (n <= b->nkept)
        return 1;
    size_t cap = n < 4096 ? 4096 : n;
    double *k = realloc(b->kept, cap * sizeof *k);
    if (!k)
        return 0;   /* no room: the values are computed again */
    b->kept = k;
    b->nkept = cap;
    return 1;
}

/* Leaves the scratch as it was. */
static void reset(pass *p)
{
    struct domain_scratch *b = p->b;
    size_t K = p->K;
    for (size_t j = 0; j < p->ntsup; j++)
        memset(b->T + (size_t)b->tsup[j] * K, 0, K * sizeof *b->T);
    for (size_t j = 0; j < p->ngsup; j++)
        memset(b->g + (size_t)b->gsup[j] * K, 0, K * sizeof *b->g);
}

static void next_generation(trygg_variance_engine *e, struct domain_scratch *b)
{
    if (++b->gen != 0)
        return;
    if (e->calibrated)
        memset(b->tmark, 0, e->basis.ncells * sizeof *b->tmark);
    b->gen = 1;
}

/* The kernel's passes for the active indicators; vars[r], or redo[r] when
 * the residuals are to be formed. */
static trygg_status variances(pass *p, trygg_point *pts, double *vars)
{
    trygg_variance_engine *e = p->e;
    struct domain_scratch *b = p->b;
    size_t K = p->K;
    trygg_status st = trygg_stage_begin(p->ss, K);
    if (st != TRYGG_OK)
        return st;
    next_generation(e, b);
    byte_tables(b, K);
    sweep(p, pts, 1);
    if (p->calib && p->ntsup &&
        (st = trygg_weighting_solve_many(p->y->ws, &e->basis, b->T, b->tsup, p->ntsup, K,
                                         b->g, b->gsup, &p->ngsup, b->work, b->cmark)) !=
            TRYGG_OK)
        return st;
    trygg_stage_means(p->ss, b->g, b->gsup, p->ngsup);
    sweep(p, pts, 0);
    trygg_stage_finish(p->ss, b->g, b->gsup, p->ngsup, NULL, b->v, b->redo);
    for (size_t r = 0; r < K; r++)
        if (b->act[r])
            vars[r] = e->st[0].scale * b->v[r];
    return TRYGG_OK;
}

/* One indicator from the domain's rows: the point, its element variance,
 * and with `want` its variance from the terms' door. */
static trygg_status one_indicator(trygg_variance_engine *e, const trygg_year *y, size_t l,
                                  uint32_t dom, size_t k, trygg_variance_want want,
                                  trygg_point *p, double *var, trygg_errors *err)
{
    memset(p, 0, sizeof *p);
    *var = NAN;
    const domain_rows *dr = &e->levels[l];
    const uint32_t *pos = dr->pos + dr->first[dom];
    size_t m = dr->first[dom + 1] - dr->first[dom];
    for (size_t j = 0; j < m; j++)
        trygg_point_add(y, k, pos[j], p);
    int total = trygg_indicator_is_total(y->sv, k);
    trygg_point_estimate(p, total);
    for (size_t j = 0; j < m; j++)
        if (trygg_year_flag(y, k, pos[j]) == TRYGG_V_VALID)
            trygg_point_add_s2(y, k, pos[j], total, p);
    trygg_point_s2_finish(p, total);
    trygg_influence_term t;
    if (want != TRYGG_WANT_VARIANCE || !trygg_influence_term_of(y, l, dom, k, p, 1.0, &t))
        return TRYGG_OK;
    return trygg_variance_of_terms(e, y, &t, 1, var, err);
}

static trygg_status one_at_a_time(trygg_variance_engine *e, const trygg_year *y, size_t l,
                                  uint32_t dom, const size_t *ks, size_t K,
                                  trygg_variance_want want, trygg_point *pts, double *vars,
                                  trygg_errors *err)
{
    for (size_t r = 0; r < K; r++) {
        trygg_status st = one_indicator(e, y, l, dom, ks[r], want, &pts[r], &vars[r], err);
        if (st != TRYGG_OK)
            return st;
    }
    return TRYGG_OK;
}

trygg_status trygg_variance_domain(trygg_variance_engine *e, const trygg_year *y, size_t l,
                                   uint32_t dom, const size_t *ks, size_t K,
                                   trygg_variance_want want, trygg_point *pts, double *vars,
                                   trygg_errors *err)
{
    if (l >= e->nlevels || dom >= e->levels[l].ndom)
        return TRYGG_ERR_ARGUMENT;
    if (e->nstages != 1)
        return one_at_a_time(e, y, l, dom, ks, K, want, pts, vars, err);
    trygg_status st = scratch_ready(e, K);
    if (st != TRYGG_OK)
        return st;
    const domain_rows *dr = &e->levels[l];
    pass p = {e, y, e->dom, &e->sums[0], ks, K, dr->pos + dr->first[dom],
              dr->first[dom + 1] - dr->first[dom], 0, 0, 0, 0};
    struct domain_scratch *b = p.b;
    for (size_t r = 0; r < K; r++) {
        b->col[r] = ks[r];
        b->bytes[r] = !y->num[ks[r]] && !y->den[ks[r]];
    }
    points(&p, pts);
    int any = estimators(&p, l, dom, want, pts, vars);
    if (want == TRYGG_WANT_COUNTS) {
        for (size_t r = 0; r < K; r++)
            pts[r].s2 = NAN;
        return TRYGG_OK;
    }
    int active = 0;
    if (any && (st = trygg_variance_begin(e, y, &active, err)) != TRYGG_OK)
        return st;
    p.calib = active && e->calibrated;
    p.keep = active && keep_room(b, p.m * K);
    if (active) {
        st = variances(&p, pts, vars);
    } else {
        byte_tables(b, K);   /* the element variances alone */
        for (size_t j = 0; j < p.m; j++)
            row_values(&p, p.pos[j], pts, 1, b->arow);
    }
    reset(&p);
    for (size_t r = 0; r < K; r++)
        trygg_point_s2_finish(&pts[r], trygg_indicator_is_total(y->sv, ks[r]));
    for (size_t r = 0; st == TRYGG_OK && active && r < K; r++) {
        trygg_influence_term t;
        if (b->act[r] && b->redo[r] && trygg_influence_term_of(y, l, dom, ks[r], &pts[r], 1.0, &t))
            st = trygg_variance_of_terms(e, y, &t, 1, &vars[r], err);
    }
    return st;
}
