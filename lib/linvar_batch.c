/* Many indicators of one domain at once: the passes of linvar.c over the
 * domain's rows, each row's positions, unit, stratum and calibration
 * cells read once for all indicators. One-stage designs (the usual
 * stratified sample of persons); two-stage designs go one indicator at a
 * time. */
#include "linvar_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NONE UINT32_MAX

struct linvar_batch {
    size_t K, ngroups, ncells;
    double *scale, *theta, *arow, *utot, *dot, *cross, *qa, *quad, *mean;
    const double **num, **den;    /* per indicator of the call; NULL: from
                                     the value byte (year.h) */
    size_t *col;                  /* per indicator: its byte in a row */
    uint8_t *bytes;               /* per indicator: num and den from the byte */
    /* per 0/1 indicator and value byte (16 each): num − θ·den and
     * num − mean·den, computed as row_values would */
    double *ca, *ce;
    uint8_t *act;
    double *gsum, *gss, *gmean;   /* local group × K */
    uint32_t *lgid, *lcount;      /* per local group */
    uint32_t *gloc;               /* per group: local index, NONE */
    double *T, *g, *work, *gdot;  /* cell × K, 2C + K, group × K */
    uint32_t *tsup, *gsup, *gdlist;
    uint32_t *redo;               /* indicators to do one at a time */
};

void trygg_linvar_batch_free(struct linvar_batch *b)
{
    if (!b)
        return;
    free(b->scale); free(b->theta); free(b->mean); free(b->num); free(b->den);
    free(b->col); free(b->bytes); free(b->ca); free(b->ce); free(b->arow); free(b->utot); free(b->dot);
    free(b->cross); free(b->qa); free(b->quad); free(b->act); free(b->gsum);
    free(b->gss); free(b->gmean); free(b->lgid); free(b->lcount); free(b->gloc);
    free(b->T); free(b->g); free(b->work); free(b->gdot); free(b->tsup);
    free(b->gsup); free(b->gdlist); free(b->redo);
    free(b);
}

static struct linvar_batch *batch_new(const trygg_linvar *lv, size_t K)
{
    struct linvar_batch *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    size_t G = lv->st[0].ngroups, C = lv->calibrated ? lv->basis.ncells : 0;
    b->K = K;
    b->ngroups = G;
    b->ncells = C;
    b->scale = malloc((K + 1) * sizeof *b->scale);
    b->theta = malloc((K + 1) * sizeof *b->theta);
    b->mean = malloc((K + 1) * sizeof *b->mean);
    b->num = malloc((K + 1) * sizeof *b->num);
    b->den = malloc((K + 1) * sizeof *b->den);
    b->col = malloc((K + 1) * sizeof *b->col);
    b->bytes = malloc(K + 1);
    b->ca = malloc((16 * K + 1) * sizeof *b->ca);
    b->ce = malloc((16 * K + 1) * sizeof *b->ce);
    b->arow = malloc((K + 1) * sizeof *b->arow);
    b->utot = malloc((K + 1) * sizeof *b->utot);
    b->dot = malloc((K + 1) * sizeof *b->dot);
    b->cross = malloc((K + 1) * sizeof *b->cross);
    b->qa = malloc((K + 1) * sizeof *b->qa);
    b->quad = malloc((K + 1) * sizeof *b->quad);
    b->act = malloc(K + 1);
    b->redo = malloc((K + 1) * sizeof *b->redo);
    b->gsum = malloc((G * K + 1) * sizeof *b->gsum);
    b->gss = malloc((G * K + 1) * sizeof *b->gss);
    b->gmean = malloc((G * K + 1) * sizeof *b->gmean);
    b->lgid = malloc((G + 1) * sizeof *b->lgid);
    b->lcount = malloc((G + 1) * sizeof *b->lcount);
    b->gloc = malloc((G + 1) * sizeof *b->gloc);
    b->gdot = calloc(G * K + 1, sizeof *b->gdot);
    b->gdlist = malloc((G + 1) * sizeof *b->gdlist);
    b->T = calloc(C * K + 1, sizeof *b->T);
    b->g = calloc(C * K + 1, sizeof *b->g);
    b->work = calloc(2 * C + K + 1, sizeof *b->work);
    b->tsup = malloc((C + 1) * sizeof *b->tsup);
    b->gsup = malloc((C + 1) * sizeof *b->gsup);
    if (!b->scale || !b->theta || !b->mean || !b->num || !b->den || !b->col || !b->bytes || !b->ca || !b->ce || !b->arow || !b->utot || !b->dot || !b->cross ||
        !b->qa || !b->quad || !b->act || !b->redo || !b->gsum || !b->gss ||
        !b->gmean || !b->lgid || !b->lcount || !b->gloc || !b->gdot ||
        !b->gdlist || !b->T || !b->g || !b->work || !b->tsup || !b->gsup) {
        trygg_linvar_batch_free(b);
        return NULL;
    }
    for (size_t g = 0; g < G; g++)
        b->gloc[g] = NONE;
    return b;
}

/* What every row of the domain and the K indicators share. */
typedef struct {
    trygg_linvar *lv;
    const trygg_year *y;
    struct linvar_batch *b;
    const size_t *ks;
    size_t K;
    const uint32_t *pos;
    size_t m;
    int calib;                  /* calibration cells to sum */
    size_t nlocal, ntsup, ngsup, ngd;
} pass;

/* a_i for each indicator. Rows whose answer is not valid have num and den
 * 0 (indicator_values.c), so they give 0 here and in s2 without a test. */
static void row_values(const pass *p, uint32_t i, trygg_point *pts, int with_s2)
{
    struct linvar_batch *b = p->b;
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
            b->arow[r] = b->scale[r] * w * ca[v];
            continue;
        }
        double num = b->num[r] ? b->num[r][i] : (double)(v >> 3);
        double den = b->den[r] ? b->den[r][i] : (double)((v & TRYGG_V_STATUS) == TRYGG_V_VALID);
        if (with_s2) {
            double e = num - b->mean[r] * den;
            pts[r].s2 += w * e * e;
        }
        b->arow[r] = b->scale[r] * w * (num - b->theta[r] * den);
    }
}

/* The tables of row_values for the 0/1 indicators, once θ and the mean
 * are known. */
static void byte_tables(struct linvar_batch *b, size_t K)
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

static void add_cells_many(pass *p, uint32_t i)
{
    trygg_linvar *lv = p->lv;
    struct linvar_batch *b = p->b;
    const trygg_cal_basis *bs = &lv->basis;
    size_t K = p->K;
    for (size_t e = bs->first[i]; e < bs->first[i + 1]; e++) {
        uint32_t c = bs->cell[e];
        if (lv->tmark[c] != lv->gen) {
            lv->tmark[c] = lv->gen;
            b->tsup[p->ntsup++] = c;
        }
        double t = bs->t[e], *Tc = b->T + (size_t)c * K;
        for (size_t r = 0; r < K; r++)
            Tc[r] += t * b->arow[r];
    }
}

/* First pass: a unit's totals into its stratum's sums. */
static void unit_sums(pass *p, uint32_t u, const double *tot)
{
    const stage *s = &p->lv->st[0];
    struct linvar_batch *b = p->b;
    uint32_t g = s->group[u];
    size_t K = p->K;
    if (b->gloc[g] == NONE) {
        b->gloc[g] = (uint32_t)p->nlocal;
        b->lgid[p->nlocal] = g;
        b->lcount[p->nlocal] = 0;
        memset(b->gsum + p->nlocal * K, 0, K * sizeof *b->gsum);
        memset(b->gss + p->nlocal * K, 0, K * sizeof *b->gss);
        p->nlocal++;
    }
    double *sum = b->gsum + (size_t)b->gloc[g] * K;
    for (size_t r = 0; r < K; r++)
        sum[r] += tot[r];
    b->lcount[b->gloc[g]]++;
}

/* Second pass: a unit's squared deviation from its stratum's mean, and
 * its part of Q(a, Ug). */
static void unit_deviations(pass *p, uint32_t u, const double *tot)
{
    const stage *s = &p->lv->st[0];
    struct linvar_batch *b = p->b;
    uint32_t g = s->group[u], lg = b->gloc[g];
    size_t K = p->K;
    const double *mean = b->gmean + (size_t)lg * K;
    double *ss = b->gss + (size_t)lg * K;
    for (size_t r = 0; r < K; r++) {
        double dev = tot[r] - mean[r];
        ss[r] += dev * dev;
    }
    double kap = s->kappa[g];
    if (!p->ngsup || kap == 0)
        return;
    trygg_list_dot(&s->uu, u, b->g, K, b->dot);
    for (size_t r = 0; r < K; r++)
        b->cross[r] += kap * tot[r] * b->dot[r];
}

/* One pass over the domain's rows, unit by unit. When every unit is one
 * row (persons sampled directly) a row's values are its unit's totals. */
static void sweep(pass *p, trygg_point *pts, int first)
{
    const stage *s = &p->lv->st[0];
    struct linvar_batch *b = p->b;
    size_t K = p->K;
    if (s->nunits == p->y->d.n) {
        for (size_t j = 0; j < p->m; j++) {
            uint32_t i = p->pos[j];
            row_values(p, i, pts, first);
            if (first && p->calib)
                add_cells_many(p, i);
            first ? unit_sums(p, s->unit[i], b->arow)
                  : unit_deviations(p, s->unit[i], b->arow);
        }
        return;
    }
    uint32_t cur = NONE;
    for (size_t j = 0; j < p->m; j++) {
        uint32_t i = p->pos[j], u = s->unit[i];
        if (u != cur) {
            if (cur != NONE)
                first ? unit_sums(p, cur, b->utot) : unit_deviations(p, cur, b->utot);
            cur = u;
            memset(b->utot, 0, K * sizeof *b->utot);
        }
        row_values(p, i, pts, first);
        for (size_t r = 0; r < K; r++)
            b->utot[r] += b->arow[r];
        if (first && p->calib)
            add_cells_many(p, i);
    }
    if (cur != NONE)
        first ? unit_sums(p, cur, b->utot) : unit_deviations(p, cur, b->utot);
}

/* Counts and sums of the points, row by row. A 0/1 indicator adds its
 * zeros too (x + 0 is x), so that its row needs no branch. */
static void points(const pass *p, trygg_point *pts)
{
    const trygg_year *y = p->y;
    const struct linvar_batch *b = p->b;
    static const double ONE[16] = {[TRYGG_V_VALID | TRYGG_V_ONE] = 1};
    static const double VALID[16] = {[TRYGG_V_VALID] = 1, [TRYGG_V_VALID | TRYGG_V_ONE] = 1};
    memset(pts, 0, p->K * sizeof *pts);
    for (size_t j = 0; j < p->m; j++) {
        uint32_t i = p->pos[j];
        const uint8_t *row = y->val + (size_t)i * y->nind;
        double w = y->w[i];
        for (size_t r = 0; r < p->K; r++) {
            if (!b->bytes[r]) {
                trygg_point_add(y, p->ks[r], i, &pts[r]);
                continue;
            }
            uint8_t v = row[b->col[r]];
            trygg_point *pt = &pts[r];
            pt->total_num += w * ONE[v];
            pt->total_den += w * VALID[v];
            pt->n_excluded += (double)(v == TRYGG_V_EXCLUDED);
            pt->n_missing += (double)(v == TRYGG_V_MISSING);
        }
    }
    /* the sums of w and of 1 over the valid rows are those of w · den and
     * of den */
    for (size_t r = 0; r < p->K; r++)
        if (b->bytes[r]) {
            pts[r].weighted_n = pts[r].total_den;
            pts[r].n = (double)p->m - pts[r].n_excluded - pts[r].n_missing;
        }
}

static size_t group_size(const stage *s, uint32_t g)
{
    return s->group_first[g + 1] - s->group_first[g];
}

static void group_means(pass *p)
{
    const stage *s = &p->lv->st[0];
    struct linvar_batch *b = p->b;
    size_t K = p->K;
    for (size_t lg = 0; lg < p->nlocal; lg++) {
        uint32_t g = b->lgid[lg];
        double n = (double)group_size(s, g);
        for (size_t r = 0; r < K; r++)
            b->gmean[lg * K + r] = s->centered[g] ? b->gsum[lg * K + r] / n : 0.0;
    }
}

/* U_g·g for the strata of g's cells. */
static void stratum_dots(pass *p)
{
    const stage *s = &p->lv->st[0];
    struct linvar_batch *b = p->b;
    size_t K = p->K;
    p->ngd = 0;
    for (size_t j = 0; j < p->ngsup; j++) {
        uint32_t c = b->gsup[j];
        const double *gc = b->g + (size_t)c * K;
        for (size_t e = s->cg.first[c]; e < s->cg.first[c + 1]; e++) {
            uint32_t grp = s->cg.cell[e];
            double *gd = b->gdot + (size_t)grp * K;
            if (p->lv->st[0].gdmark[grp] != p->lv->gen) {
                p->lv->st[0].gdmark[grp] = p->lv->gen;
                b->gdlist[p->ngd++] = grp;
            }
            double v = s->cg.val[e];
            for (size_t r = 0; r < K; r++)
                gd[r] += v * gc[r];
        }
    }
}

static void quadratics(pass *p)
{
    const stage *s = &p->lv->st[0];
    struct linvar_batch *b = p->b;
    size_t K = p->K;
    for (size_t r = 0; r < K; r++)
        b->qa[r] = b->quad[r] = 0;
    for (size_t lg = 0; lg < p->nlocal; lg++) {
        uint32_t g = b->lgid[lg];
        double kap = s->kappa[g];
        if (kap == 0)
            continue;
        double miss = (double)(group_size(s, g) - b->lcount[lg]);
        const double *ss = b->gss + lg * K, *mean = b->gmean + lg * K;
        for (size_t r = 0; r < K; r++)
            b->qa[r] += kap * (s->centered[g] ? ss[r] + miss * mean[r] * mean[r] : ss[r]);
        if (!p->ngsup || !s->centered[g] || s->gdmark[g] != p->lv->gen)
            continue;
        double n = (double)group_size(s, g);
        const double *sum = b->gsum + lg * K, *gd = b->gdot + (size_t)g * K;
        for (size_t r = 0; r < K; r++)
            b->cross[r] -= kap * sum[r] * gd[r] / n;
    }
    for (size_t j = 0; j < p->ngsup; j++) {
        uint32_t c = b->gsup[j];
        const double *gc = b->g + (size_t)c * K;
        trygg_list_dot(&s->s, c, b->g, K, b->dot);
        for (size_t r = 0; r < K; r++)
            b->quad[r] += gc[r] * b->dot[r];
    }
    for (size_t j = 0; j < p->ngd; j++) {
        uint32_t grp = b->gdlist[j];
        if (s->kappa[grp] == 0 || !s->centered[grp])
            continue;
        double kn = s->kappa[grp] / (double)group_size(s, grp);
        const double *gd = b->gdot + (size_t)grp * K;
        for (size_t r = 0; r < K; r++)
            b->quad[r] -= kn * gd[r] * gd[r];
    }
}

/* Leaves the workspace as batch_new made it. */
static void reset(pass *p)
{
    struct linvar_batch *b = p->b;
    size_t K = p->K;
    for (size_t j = 0; j < p->ntsup; j++)
        memset(b->T + (size_t)b->tsup[j] * K, 0, K * sizeof *b->T);
    for (size_t j = 0; j < p->ngsup; j++)
        memset(b->g + (size_t)b->gsup[j] * K, 0, K * sizeof *b->g);
    for (size_t j = 0; j < p->ngd; j++)
        memset(b->gdot + (size_t)b->gdlist[j] * K, 0, K * sizeof *b->gdot);
    for (size_t lg = 0; lg < p->nlocal; lg++)
        b->gloc[b->lgid[lg]] = NONE;
}

static trygg_status batch_ready(trygg_linvar *lv, size_t K)
{
    if (lv->batch && lv->batch->K >= K)
        return TRYGG_OK;
    trygg_linvar_batch_free(lv->batch);
    lv->batch = batch_new(lv, K);
    return lv->batch ? TRYGG_OK : TRYGG_ERR_NOMEM;
}

static trygg_status one_at_a_time(trygg_linvar *lv, const trygg_year *y,
                                  size_t l, uint32_t dom, const size_t *ks,
                                  size_t K, int want_var, trygg_point *pts,
                                  double *vars, trygg_errors *err)
{
    for (size_t r = 0; r < K; r++) {
        trygg_status st = trygg_linvar_estimate(lv, y, l, dom, ks[r], want_var > 0,
                                                &pts[r], &vars[r], err);
        if (st != TRYGG_OK)
            return st;
    }
    return TRYGG_OK;
}

trygg_status trygg_linvar_estimate_many(trygg_linvar *lv, const trygg_year *y,
                                        size_t l, uint32_t dom, const size_t *ks,
                                        size_t K, int want_var, trygg_point *pts,
                                        double *vars, trygg_errors *err)
{
    if (lv->nstages != 1 || l >= lv->nlevels || dom >= lv->levels[l].ndom)
        return one_at_a_time(lv, y, l, dom, ks, K, want_var, pts, vars, err);
    trygg_status st = batch_ready(lv, K);
    if (st != TRYGG_OK)
        return st;
    const domain_rows *dr = &lv->levels[l];
    pass p = {lv, y, lv->batch, ks, K, dr->pos + dr->first[dom],
              dr->first[dom + 1] - dr->first[dom], 0, 0, 0, 0, 0};
    struct linvar_batch *b = p.b;
    int any = 0;
    for (size_t r = 0; r < K; r++) {
        b->col[r] = ks[r];
        b->bytes[r] = !y->num[ks[r]] && !y->den[ks[r]];
    }
    points(&p, pts);
    for (size_t r = 0; r < K; r++) {
        trygg_point *pt = &pts[r];
        vars[r] = NAN;
        trygg_point_estimate(pt, trygg_indicator_is_total(y->sv, ks[r]));
        trygg_influence_term t;
        b->act[r] = want_var > 0 && trygg_influence_term_of(y, l, dom, ks[r], pt, 1.0, &t);
        b->scale[r] = b->act[r] ? t.scale : 0.0;
        b->theta[r] = b->act[r] ? t.theta : 0.0;
        b->mean[r] = trygg_indicator_is_total(y->sv, ks[r]) ? pt->total_num / pt->weighted_n
                                                             : pt->estimate;
        b->num[r] = y->num[ks[r]];
        b->den[r] = y->den[ks[r]];
        any |= b->act[r];
    }
    if (want_var < 0) {   /* counts and points only */
        for (size_t r = 0; r < K; r++)
            pts[r].s2 = NAN;
        return TRYGG_OK;
    }
    int active = 0;
    if (any && (st = trygg_linvar_begin(lv, y, &active, err)) != TRYGG_OK)
        return st;
    p.calib = active && lv->calibrated;
    byte_tables(b, K);
    sweep(&p, pts, 1);
    for (size_t r = 0; r < K; r++)
        trygg_point_s2_finish(&pts[r], trygg_indicator_is_total(y->sv, ks[r]));
    if (!active) {
        reset(&p);
        return TRYGG_OK;
    }
    group_means(&p);
    if (p.calib && p.ntsup &&
        (st = trygg_weighting_solve_many(y->ws, &lv->basis, b->T, b->tsup, p.ntsup,
                                         K, b->g, b->gsup, &p.ngsup, b->work,
                                         lv->cmark)) != TRYGG_OK) {
        reset(&p);
        return st;
    }
    for (size_t r = 0; r < K; r++)
        b->cross[r] = 0;
    stratum_dots(&p);
    sweep(&p, pts, 0);
    quadratics(&p);
    size_t nredo = 0;
    double scale = lv->st[0].scale;
    for (size_t r = 0; r < K; r++) {
        if (!b->act[r])
            continue;
        double v = b->qa[r];
        if (p.ngsup) {
            v += b->quad[r] - 2 * b->cross[r];
            /* nearly all explained by the calibration: see linvar.c */
            double big = b->qa[r] > b->quad[r] ? b->qa[r] : b->quad[r];
            if (!(v >= 1e-6 * big))
                b->redo[nredo++] = (uint32_t)r;
        }
        vars[r] = scale * v;
    }
    reset(&p);
    for (size_t j = 0; j < nredo; j++) {
        trygg_point pt;
        size_t r = b->redo[j];
        if ((st = trygg_linvar_estimate(lv, y, l, dom, ks[r], 1, &pt, &vars[r],
                                        err)) != TRYGG_OK)
            return st;
    }
    return TRYGG_OK;
}
