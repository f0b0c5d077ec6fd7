/* Replicate weights (JK1, JKn, Rao–Wu bootstrap) as factors per PSU and per
 * calibration profile, and the variance of replicated estimates. */
#include "replicates_internal.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "errors_internal.h"
#include "threads.h"

#define GOLDEN 0x9E3779B97F4A7C15ull

/* splitmix64: a small, portable generator, so a seed means the same
 * replicates on every machine; its state moves by GOLDEN per call, so a
 * replicate's draws start at seed + q · draws · GOLDEN. */
static uint64_t next_random(uint64_t *s)
{
    uint64_t z = (*s += GOLDEN);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static size_t uniform_index(uint64_t *s, size_t n)
{
    return (size_t)((next_random(s) >> 11) * 0x1.0p-53 * (double)n);
}

static double stratum_f(const trygg_design *d, size_t h, size_t nh)
{
    return isfinite(d->stratum_pop[h]) ? (double)nh / d->stratum_pop[h] : 0.0;
}

static size_t stratum_size(const trygg_design *d, size_t h)
{
    return d->stratum_first_psu[h + 1] - d->stratum_first_psu[h];
}

static size_t stratum_of_psu(const trygg_design *d, size_t p)
{
    size_t lo = 0, hi = d->nstrata;   /* first_psu[lo] <= p < first_psu[hi] */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->stratum_first_psu[mid] <= p)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static void bootstrap_factors(const trygg_replicates *r, const trygg_design *d, size_t q,
                              double *mult)
{
    uint64_t s = r->seed + (uint64_t)q * (uint64_t)r->draws * GOLDEN;
    for (size_t h = 0; h < d->nstrata; h++) {
        size_t p0 = d->stratum_first_psu[h], nh = stratum_size(d, h);
        for (size_t p = p0; p < p0 + nh; p++)
            mult[p] = nh > 1 ? 0 : 1;
        if (nh < 2)
            continue;
        double lambda = sqrt(1 - stratum_f(d, h, nh));
        size_t draws = nh - 1;
        for (size_t t = 0; t < draws; t++)
            mult[p0 + uniform_index(&s, nh)] += 1;
        for (size_t p = p0; p < p0 + nh; p++)
            mult[p] = 1 - lambda + lambda * (double)nh / (double)draws * mult[p];
    }
}

void trygg_rep_psu_factors(const trygg_replicates *r, const trygg_design *d, size_t q,
                           double *mult)
{
    if (r->type == TRYGG_VARIANCE_BOOTSTRAP) {
        bootstrap_factors(r, d, q, mult);
        return;
    }
    size_t del = r->del[q];
    int whole = r->type == TRYGG_VARIANCE_JK1;
    size_t h = whole ? 0 : stratum_of_psu(d, del);
    size_t p0 = whole ? 0 : d->stratum_first_psu[h];
    size_t nh = whole ? d->npsu : stratum_size(d, h);
    for (size_t p = 0; p < d->npsu; p++)
        mult[p] = 1;
    for (size_t p = p0; p < p0 + nh; p++)
        mult[p] = (double)nh / (double)(nh - 1);
    mult[del] = 0;
}

static trygg_status jackknife(trygg_replicates *r, const trygg_design *d, int whole)
{
    size_t R = 0;
    for (size_t h = 0; h < d->nstrata; h++)
        R += (whole || stratum_size(d, h) > 1) ? stratum_size(d, h) : 0;
    r->del = malloc((R + 1) * sizeof *r->del);
    r->rscale = malloc((R + 1) * sizeof *r->rscale);
    if (!r->del || !r->rscale)
        return TRYGG_ERR_NOMEM;
    size_t k = 0;
    for (size_t h = 0; h < d->nstrata; h++) {
        size_t p0 = d->stratum_first_psu[h], nh = stratum_size(d, h);
        if (!whole && nh < 2)
            continue;  /* a lonely stratum adds no replicate */
        for (size_t p = p0; p < p0 + nh; p++, k++) {
            r->del[k] = (uint32_t)p;
            r->rscale[k] = whole ? 1.0 : (1 - stratum_f(d, h, nh)) * (nh - 1.0) / nh;
        }
    }
    r->nrep = k;
    double n = (double)d->npsu, f = d->nstrata == 1 ? stratum_f(d, 0, d->npsu) : 0;
    r->scale = whole ? (1 - f) * (n - 1) / n : 1.0;
    return TRYGG_OK;
}

static trygg_status bootstrap(trygg_replicates *r, const trygg_design *d, size_t R,
                              uint64_t seed)
{
    r->rscale = malloc((R + 1) * sizeof *r->rscale);
    if (!r->rscale)
        return TRYGG_ERR_NOMEM;
    for (size_t q = 0; q < R; q++)
        r->rscale[q] = 1;
    r->draws = 0;
    for (size_t h = 0; h < d->nstrata; h++)
        r->draws += stratum_size(d, h) > 1 ? stratum_size(d, h) - 1 : 0;
    r->seed = seed;
    r->nrep = R;
    r->scale = 1.0 / (double)(R - 1);
    return TRYGG_OK;
}

/* ---- Calibration profiles ------------------------------------------- */

/* Open addressing on a position's cells (every margin's, then the
 * nonresponse class): rows with the same cells are one profile. */
typedef struct {
    size_t width, nslots;
    uint32_t *slot;        /* profile + 1, 0 empty */
    const uint32_t *const *cells;
} profile_table;

static uint64_t cells_hash(const profile_table *t, size_t i)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t m = 0; m < t->width; m++)
        h = (h ^ t->cells[m][i]) * 1099511628211ull;
    return h ^ (h >> 29);
}

static int same_cells(const profile_table *t, size_t i, size_t j)
{
    for (size_t m = 0; m < t->width; m++)
        if (t->cells[m][i] != t->cells[m][j])
            return 0;
    return 1;
}

/* r->prof per position, and the first position of each profile. */
static trygg_status group_profiles(trygg_replicates *r, const uint32_t *const *cells,
                                   size_t width, size_t **first_row)
{
    profile_table t = {width, 64, NULL, cells};
    while (t.nslots < 2 * r->n)
        t.nslots *= 2;
    t.slot = calloc(t.nslots, sizeof *t.slot);
    *first_row = malloc((r->n + 1) * sizeof **first_row);
    if (!t.slot || !*first_row) {
        free(t.slot);
        return TRYGG_ERR_NOMEM;
    }
    r->nprof = 0;
    for (size_t i = 0; i < r->n; i++) {
        size_t s = cells_hash(&t, i) & (t.nslots - 1);
        while (t.slot[s] && !same_cells(&t, (*first_row)[t.slot[s] - 1], i))
            s = (s + 1) & (t.nslots - 1);
        if (!t.slot[s]) {
            (*first_row)[r->nprof] = i;
            t.slot[s] = (uint32_t)++r->nprof;
        }
        r->prof[i] = t.slot[s] - 1;
    }
    free(t.slot);
    return TRYGG_OK;
}

/* The year's weighting state on one row per profile: the same margins,
 * each profile's cells. */
static trygg_status build_profiles(trygg_replicates *r, const trygg_weighting_state *ws)
{
    size_t M = ws->nmargins, width = M + (ws->has_nr ? 1 : 0);
    const uint32_t **cells = calloc(width + 1, sizeof *cells);
    r->prof = malloc((r->n + 1) * sizeof *r->prof);
    r->pcells = calloc(width + 1, sizeof *r->pcells);
    r->pwidth = width;
    r->pviews = calloc(M + 1, sizeof *r->pviews);
    if (!cells || !r->prof || !r->pcells || !r->pviews) {
        free(cells);
        return TRYGG_ERR_NOMEM;
    }
    for (size_t m = 0; m < M; m++)
        cells[m] = ws->views[m].cell;
    if (ws->has_nr)
        cells[M] = ws->nr.m.cell;
    size_t *first = NULL;
    trygg_status st = group_profiles(r, cells, width, &first);
    for (size_t m = 0; st == TRYGG_OK && m < width; m++) {
        if (!(r->pcells[m] = malloc((r->nprof + 1) * sizeof **r->pcells))) {
            st = TRYGG_ERR_NOMEM;
            break;
        }
        for (size_t p = 0; p < r->nprof; p++)
            r->pcells[m][p] = cells[m][first[p]];
    }
    free(first);
    free(cells);
    if (st != TRYGG_OK)
        return st;
    r->pws = *ws;
    r->pws.n = r->nprof;
    r->pws.proj = NULL;
    for (size_t m = 0; m < M; m++) {
        r->pviews[m] = ws->views[m];
        r->pviews[m].cell = r->pcells[m];
    }
    r->pws.views = r->pviews;
    if (ws->has_nr)
        r->pws.nr.m.cell = r->pcells[M];
    return TRYGG_OK;
}

/* The year's totals of dw per profile (and per stratum), for the
 * jackknife's replicates. */
static trygg_status jackknife_totals(trygg_replicates *r, const trygg_design *d)
{
    size_t np = r->nprof, nh = r->type == TRYGG_VARIANCE_JKN ? d->nstrata : 0;
    r->ptot = calloc(np + 1, sizeof *r->ptot);
    r->ptot_h = calloc(nh * np + 1, sizeof *r->ptot_h);
    r->pcount = calloc(np + 1, sizeof *r->pcount);
    r->psu_row = calloc(d->npsu + 2, sizeof *r->psu_row);
    if (!r->ptot || !r->ptot_h || !r->pcount || !r->psu_row)
        return TRYGG_ERR_NOMEM;
    for (size_t i = 0; i < r->n; i++) {
        r->ptot[r->prof[i]] += d->w[i];
        if (nh)
            r->ptot_h[(size_t)d->stratum[i] * np + r->prof[i]] += d->w[i];
        r->pcount[r->prof[i]]++;
        r->psu_row[d->psu[i] + 1]++;
    }
    for (size_t p = 0; p < d->npsu; p++)
        r->psu_row[p + 1] += r->psu_row[p];
    return TRYGG_OK;
}

/* Replicate q's weight per profile: the year's, its stratum's PSUs
 * rescaled, its PSU's rows taken out; 0 exactly where no row is left
 * (left: rows per profile, counted in doubles). */
static void jackknife_profile_weights(const trygg_replicates *r, const trygg_design *d,
                                      size_t q, double *in, double *left)
{
    size_t np = r->nprof, del = r->del[q];
    int whole = r->type == TRYGG_VARIANCE_JK1;
    size_t h = d->stratum[r->psu_row[del]];
    size_t nh = whole ? d->npsu : stratum_size(d, h);
    double rr = (double)nh / (double)(nh - 1);
    const double *th = whole ? r->ptot : r->ptot_h + h * np;
    for (size_t p = 0; p < np; p++) {
        in[p] = whole ? rr * r->ptot[p] : r->ptot[p] + (rr - 1) * th[p];
        left[p] = (double)r->pcount[p];
    }
    for (size_t i = r->psu_row[del]; i < r->psu_row[del + 1]; i++) {
        in[r->prof[i]] -= rr * d->w[i];
        left[r->prof[i]] -= 1;
    }
    for (size_t i = r->psu_row[del]; i < r->psu_row[del + 1]; i++)
        if (left[r->prof[i]] == 0)
            in[r->prof[i]] = 0;
}

/* R's rake() on a replicate design post-stratifies every replicate to each
 * margin in turn for as many sweeps as the full sample needed to converge
 * (it checks convergence on the full sample only), not until each replicate
 * converges. */
static trygg_status rake_as_r(const trygg_replicates *r, const double *in, double *out,
                              trygg_errors *err)
{
    const trygg_weighting_state *ws = &r->pws;
    trygg_status st = TRYGG_OK;
    const double *from = in;
    if (ws->has_nr) {
        st = trygg_cal_poststratify(ws->n, in, &ws->nr.m, out, err);
        from = out;
    }
    trygg_errors *mine = trygg_errors_new(4);
    if (!mine)
        return TRYGG_ERR_NOMEM;
    if (st == TRYGG_OK) {
        trygg_cal_report rep;
        st = trygg_cal_rake(ws->n, from, ws->nmargins, ws->views, DBL_MIN,
                            r->ws->report.iterations, out, &rep, mine);
        if (st == TRYGG_ERR_CONVERGENCE)
            st = TRYGG_OK;   /* the full sample's sweeps are all R does */
        else if (st != TRYGG_OK)
            for (size_t e = 0; e < trygg_errors_count(mine); e++) {
                const trygg_diag *dg = trygg_errors_get(mine, e);
                trygg_errors_add(err, dg->file, dg->line, dg->column, "%s", dg->message);
            }
    }
    trygg_errors_free(mine);
    return st;
}

trygg_status trygg_rep_profile_factors(const trygg_replicates *r, const trygg_design *d,
                                       size_t q, const double *mult, double *g,
                                       double *work, trygg_errors *err)
{
    if (!r->ws) {
        g[0] = 1;
        return TRYGG_OK;
    }
    if (r->g) {
        memcpy(g, r->g + q * r->nprof, r->nprof * sizeof *g);
        return TRYGG_OK;
    }
    double *in = work, *out = work + r->nprof;
    if (r->del) {
        jackknife_profile_weights(r, d, q, in, out);   /* out: scratch here */
    } else {
        memset(in, 0, r->nprof * sizeof *in);
        for (size_t i = 0; i < r->n; i++)
            in[r->prof[i]] += d->w[i] * mult[d->psu[i]];
    }
    trygg_status st = r->ws->method == TRYGG_WEIGHTING_RAKE
                          ? rake_as_r(r, in, out, err)
                          : trygg_weighting_recalibrate(r->sv, &r->pws, in, out, err);
    for (size_t p = 0; st == TRYGG_OK && p < r->nprof; p++)
        g[p] = in[p] > 0 ? out[p] / in[p] : 0.0;
    return st;
}

/* Every replicate's profile factors, once, when they fit: the passes of
 * contrasts and priorities (one per level and indicator) then recalibrate
 * nothing, and a replicate that cannot be calibrated fails here. */
static trygg_status profile_factors_all(trygg_replicates *r, const trygg_design *d,
                                        trygg_errors *err)
{
    if (r->nrep > REP_G_BYTES / sizeof(double) / r->nprof)
        return TRYGG_OK;
    double *g = malloc((r->nrep * r->nprof + 1) * sizeof *g);
    double *mult = malloc((d->npsu + 1) * sizeof *mult);
    double *work = malloc((2 * r->nprof + 1) * sizeof *work);
    trygg_status st = g && mult && work ? TRYGG_OK : TRYGG_ERR_NOMEM;
    for (size_t q = 0; st == TRYGG_OK && q < r->nrep; q++) {
        trygg_rep_psu_factors(r, d, q, mult);
        st = trygg_rep_profile_factors(r, d, q, mult, g + q * r->nprof, work, err);
    }
    free(mult);
    free(work);
    if (st == TRYGG_OK)
        r->g = g;
    else
        free(g);
    return st;
}

trygg_status trygg_replicates_build(trygg_year *y, trygg_variance v,
                                    trygg_errors *err)
{
    const trygg_definition *def = y->sv->def;
    trygg_replicates *r = calloc(1, sizeof *r);
    if (!r)
        return TRYGG_ERR_NOMEM;
    pthread_mutex_init(&r->lock, NULL);
    r->type = v;
    r->n = y->d.n;
    r->sv = y->sv;
    r->ws = y->ws;
    r->nprof = 1;
    trygg_status st;
    if (v == TRYGG_VARIANCE_BOOTSTRAP)
        st = bootstrap(r, &y->d, (size_t)def->replicates,
                       def->seed ^ ((uint64_t)(unsigned)y->d.year << 32));
    else
        st = jackknife(r, &y->d, v == TRYGG_VARIANCE_JK1);
    if (st == TRYGG_OK && y->ws)
        st = build_profiles(r, y->ws);
    if (st == TRYGG_OK && y->ws && r->del)
        st = jackknife_totals(r, &y->d);
    if (st == TRYGG_OK && y->ws)
        st = profile_factors_all(r, &y->d, err);
    if (st != TRYGG_OK) {
        trygg_replicates_free(r);
        return st;
    }
    y->rep = r;
    return TRYGG_OK;
}

void trygg_replicates_free(trygg_replicates *r)
{
    if (!r)
        return;
    for (size_t m = 0; r->pcells && m < r->pwidth; m++)
        free(r->pcells[m]);
    free(r->pcells);
    free(r->pviews);
    free(r->prof);
    free(r->del);
    free(r->rscale);
    free(r->ptot), free(r->ptot_h), free(r->pcount), free(r->psu_row), free(r->g);
    trygg_rep_spreads_free(&r->spreads);
    for (int t = 0; t < 2; t++) {
        for (size_t l = 0; r->dense[t] && l < r->dense_levels; l++)
            free(r->dense[t][l]);
        free(r->dense[t]);
    }
    pthread_mutex_destroy(&r->lock);
    free(r);
}

size_t trygg_replicate_count(const trygg_year *y)
{
    return y->rep ? y->rep->nrep : 0;
}

/* ---- Dense replicate estimates of one level ------------------------- */

typedef struct {
    double *theta;         /* [(kk · ndom + d) · nrep + q] */
    size_t nrep, ndom, nk;
} dense_sink;

static void dense_emit(void *ctx, size_t worker, size_t q, size_t li, const double *theta)
{
    (void)worker, (void)li;
    dense_sink *s = ctx;
    for (size_t d = 0; d < s->ndom; d++)
        for (size_t kk = 0; kk < s->nk; kk++)
            s->theta[(kk * s->ndom + d) * s->nrep + q] = theta[d * s->nk + kk];
}

/* Per replicate: every domain's Σ w·num (totals), or its estimate, of
 * indicators ks[0..nk) of level l. */
static trygg_status dense_pass(const trygg_year *y, size_t l, const size_t *ks, size_t nk,
                               int totals, double *theta)
{
    dense_sink s = {theta, y->rep->nrep, y->levels[l].ndom, nk};
    trygg_rep_pass p = {&l, ks, 1, nk, totals, dense_emit, &s,
                        trygg_thread_count(y->rep->nrep, 2)};
    trygg_errors *err = trygg_errors_new(1);
    if (!err)
        return TRYGG_ERR_NOMEM;
    trygg_status st = trygg_rep_pass_run(y, &p, 0, err);
    trygg_errors_free(err);
    return st;
}

/* A definition level's estimates of every indicator, made once while they
 * fit (contrasts and priorities ask level by level, indicator by
 * indicator); NULL when they do not. */
static trygg_status dense_level(const trygg_year *y, size_t l, int totals, double **out)
{
    trygg_replicates *r = y->rep;
    *out = NULL;
    size_t L = y->sv->def->nlevels, K = y->nind;
    if (!r->dense[0] && (!(r->dense[0] = calloc(L + 1, sizeof *r->dense[0])) ||
                         !(r->dense[1] = calloc(L + 1, sizeof *r->dense[1]))))
        return TRYGG_ERR_NOMEM;
    r->dense_levels = L;
    if (r->dense[totals][l]) {
        *out = r->dense[totals][l];
        return TRYGG_OK;
    }
    size_t cells = y->levels[l].ndom * K * r->nrep;
    if (cells > (REP_DENSE_BYTES - r->dense_bytes) / sizeof(double))
        return TRYGG_OK;
    size_t *ks = malloc((K + 1) * sizeof *ks);
    double *t = malloc((cells + 1) * sizeof *t);
    trygg_status st = ks && t ? TRYGG_OK : TRYGG_ERR_NOMEM;
    for (size_t k = 0; ks && k < K; k++)
        ks[k] = k;
    if (st == TRYGG_OK)
        st = dense_pass(y, l, ks, K, totals, t);
    free(ks);
    if (st != TRYGG_OK) {
        free(t);
        return st;
    }
    r->dense[totals][l] = *out = t;
    r->dense_bytes += cells * sizeof(double);
    return TRYGG_OK;
}

static trygg_status replicate_sums(const trygg_year *y, size_t l, size_t k, int totals,
                                   double *theta)
{
    trygg_replicates *r = y->rep;
    size_t R = r->nrep, nd = y->levels[l].ndom;
    if (l >= y->sv->def->nlevels)
        return dense_pass(y, l, &k, 1, totals, theta);
    pthread_mutex_lock(&r->lock);
    double *all = NULL;
    trygg_status st = dense_level(y, l, totals, &all);
    if (st == TRYGG_OK && all)
        memcpy(theta, all + k * nd * R, nd * R * sizeof *theta);
    pthread_mutex_unlock(&r->lock);
    if (st == TRYGG_OK && !all)
        st = dense_pass(y, l, &k, 1, totals, theta);
    return st;
}

trygg_status trygg_replicate_thetas(const trygg_year *y, size_t l, size_t k, double *theta)
{
    return replicate_sums(y, l, k, 0, theta);
}

trygg_status trygg_replicate_totals(const trygg_year *y, size_t l, size_t k, double *tot)
{
    return replicate_sums(y, l, k, 1, tot);
}

double trygg_replicate_spread(const trygg_year *y, const double *t)
{
    const trygg_replicates *r = y->rep;
    double mean = 0, sw = 0;
    for (size_t q = 0; q < r->nrep; q++)
        if (r->rscale[q] > 0 && isfinite(t[q])) {
            mean += t[q];
            sw += 1;
        }
    mean /= sw;
    double s = 0;
    for (size_t q = 0; q < r->nrep; q++)
        if (isfinite(t[q]))
            s += r->rscale[q] * (t[q] - mean) * (t[q] - mean);
    return s * r->scale;
}

/* A level the caller added (its index may be reused): no cache. */
static trygg_status added_level_variance(const trygg_year *y, size_t l, uint32_t dom,
                                         size_t k, double *var)
{
    size_t R = y->rep->nrep;
    double *t = malloc((y->levels[l].ndom * R + 1) * sizeof *t);
    if (!t)
        return TRYGG_ERR_NOMEM;
    trygg_status st = dense_pass(y, l, &k, 1, 0, t);
    if (st == TRYGG_OK)
        *var = trygg_replicate_spread(y, t + (size_t)dom * R);
    free(t);
    return st;
}

trygg_status trygg_replicate_variance(const trygg_year *y, trygg_variance v,
                                      size_t l, uint32_t dom, size_t k,
                                      double *var, trygg_errors *err)
{
    trygg_replicates *r = y->rep;
    (void)v;
    *var = NAN;
    if (l >= y->sv->def->nlevels)
        return added_level_variance(y, l, dom, k, var);
    pthread_mutex_lock(&r->lock);
    trygg_status st = TRYGG_OK;
    if (!r->spreads.var)
        st = trygg_rep_spreads_fill(y, 0, err);
    if (st == TRYGG_OK)
        *var = r->spreads.var[r->spreads.first[l] + (size_t)dom * y->nind + k];
    pthread_mutex_unlock(&r->lock);
    return st;
}

int trygg_replicates_jackknife(const trygg_year *y)
{
    return y->rep && y->rep->del;
}

/* Jackknife contrasts' and totals' spreads, made once (with the
 * estimates' again, the same figures) when first asked for. */
static trygg_status jackknife_extra(const trygg_year *y, int totals, size_t l, uint32_t dom,
                                    size_t k, double *var, trygg_errors *err)
{
    trygg_replicates *r = y->rep;
    *var = NAN;
    if (!r->del || l >= y->sv->def->nlevels)
        return TRYGG_ERR_ARGUMENT;
    pthread_mutex_lock(&r->lock);
    trygg_status st = TRYGG_OK;
    if (!r->spreads.cvar)
        st = trygg_rep_spreads_fill(y, 1, err);
    if (st == TRYGG_OK)
        *var = (totals ? r->spreads.tvar
                       : r->spreads.cvar)[r->spreads.first[l] + (size_t)dom * y->nind + k];
    pthread_mutex_unlock(&r->lock);
    return st;
}

trygg_status trygg_replicate_total_variance(const trygg_year *y, size_t l, uint32_t dom,
                                            size_t k, double *var, trygg_errors *err)
{
    return jackknife_extra(y, 1, l, dom, k, var, err);
}

trygg_status trygg_replicate_contrast_variance(const trygg_year *y, size_t l, uint32_t dom,
                                               size_t k, double *var, trygg_errors *err)
{
    if (l >= y->sv->def->nlevels || y->levels[l].parent_level < 0 ||
        (size_t)y->levels[l].parent_level >= y->sv->def->nlevels) {
        *var = NAN;
        return TRYGG_ERR_ARGUMENT;
    }
    return jackknife_extra(y, 0, l, dom, k, var, err);
}
