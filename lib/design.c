/* Building a year's design: sorting rows into strata, PSUs and SSUs,
 * reading fpc, forming weights. */
#include "design.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "errors_internal.h"

typedef struct {
    uint32_t s, p, q;   /* stratum, PSU and SSU codes */
    size_t row;
} sort_key;

static uint32_t code_or(const trygg_survey *sv, int role, size_t r, uint32_t dflt)
{
    long c = sv->role_col[role];
    return c >= 0 ? sv->cols[c].cat[r] : dflt;
}

/* Stable counting sort of the n rows in `from` by the role's codes, into
 * `to`. */
static trygg_status order_by(const trygg_survey *sv, int role, const size_t *from,
                             size_t n, size_t *to)
{
    long c = sv->role_col[role];
    const uint32_t *code = sv->cols[c].cat;
    size_t range = sv->cols[c].dict.count;
    size_t *start = calloc(range + 2, sizeof *start);
    if (!start)
        return TRYGG_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        start[code[from[i]] + 1]++;
    for (size_t v = 1; v <= range; v++)
        start[v] += start[v - 1];
    for (size_t i = 0; i < n; i++)
        to[start[code[from[i]]]++] = from[i];
    free(start);
    return TRYGG_OK;
}

/* The year's rows by stratum, PSU, SSU and row: counting sorts from the
 * least significant key up, each stable. Without a PSU column each row is
 * its own PSU (and the SSU does not matter); without an SSU column, each
 * row its own SSU. */
static trygg_status sort_rows(const trygg_survey *sv, int year, trygg_design *d)
{
    size_t n = 0;
    for (size_t r = 0; r < sv->nrows; r++)
        n += sv->year[r] == year;
    size_t *a = malloc((n + 1) * sizeof *a), *b = malloc((n + 1) * sizeof *b);
    if (!a || !b) {
        free(a);
        free(b);
        return TRYGG_ERR_NOMEM;
    }
    size_t i = 0;
    for (size_t r = 0; r < sv->nrows; r++)
        if (sv->year[r] == year)
            a[i++] = r;
    int keys[3], nkeys = 0;
    if (sv->role_col[TRYGG_ROLE_PSU] >= 0) {
        if (sv->role_col[TRYGG_ROLE_SSU] >= 0)
            keys[nkeys++] = TRYGG_ROLE_SSU;
        keys[nkeys++] = TRYGG_ROLE_PSU;
    }
    if (sv->role_col[TRYGG_ROLE_STRATUM] >= 0)
        keys[nkeys++] = TRYGG_ROLE_STRATUM;
    trygg_status st = TRYGG_OK;
    for (int k = 0; k < nkeys && st == TRYGG_OK; k++) {
        st = order_by(sv, keys[k], a, n, b);
        size_t *t = a;
        a = b;
        b = t;
    }
    free(b);
    if (st != TRYGG_OK) {
        free(a);
        return st;
    }
    d->row = a;
    d->n = n;
    return TRYGG_OK;
}

/* Dense stratum / PSU / SSU indices along the sorted positions. */
static trygg_status index_units(const trygg_survey *sv, trygg_design *d)
{
    size_t n = d->n;
    d->stratum = malloc((n + 1) * sizeof *d->stratum);
    d->psu = malloc((n + 1) * sizeof *d->psu);
    d->ssu = sv->role_col[TRYGG_ROLE_SSU] >= 0 ? malloc((n + 1) * sizeof *d->ssu) : NULL;
    if (!d->stratum || !d->psu || (sv->role_col[TRYGG_ROLE_SSU] >= 0 && !d->ssu))
        return TRYGG_ERR_NOMEM;
    sort_key prev = {0, 0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        size_t r = d->row[i];
        sort_key k = {code_or(sv, TRYGG_ROLE_STRATUM, r, 0),
                      code_or(sv, TRYGG_ROLE_PSU, r, (uint32_t)r),
                      code_or(sv, TRYGG_ROLE_SSU, r, (uint32_t)r), r};
        int new_s = i == 0 || k.s != prev.s;
        int new_p = new_s || k.p != prev.p;
        int new_q = new_p || k.q != prev.q;
        d->nstrata += new_s;
        d->npsu += new_p;
        d->nssu += new_q;
        d->stratum[i] = (uint32_t)d->nstrata - 1;
        d->psu[i] = (uint32_t)d->npsu - 1;
        if (d->ssu)
            d->ssu[i] = (uint32_t)d->nssu - 1;
        prev = k;
    }
    return TRYGG_OK;
}

static trygg_status alloc_units(trygg_design *d)
{
    d->stratum_first_psu = calloc(d->nstrata + 1, sizeof *d->stratum_first_psu);
    d->stratum_pop = calloc(d->nstrata + 1, sizeof *d->stratum_pop);
    d->stratum_name = calloc(d->nstrata + 1, sizeof *d->stratum_name);
    d->psu_first_ssu = calloc(d->npsu + 1, sizeof *d->psu_first_ssu);
    d->psu_pop = calloc(d->npsu + 1, sizeof *d->psu_pop);
    d->w = calloc(d->n + 1, sizeof *d->w);
    if (!d->stratum_first_psu || !d->stratum_pop || !d->stratum_name ||
        !d->psu_first_ssu || !d->psu_pop || !d->w)
        return TRYGG_ERR_NOMEM;
    return TRYGG_OK;
}

/* Population size from an fpc value: a number ≤ 1 is a sampling fraction
 * (R's as.fpc), anything else the population count. */
static double pop_from_fpc(double fpc, size_t nsampled)
{
    if (isnan(fpc))
        return INFINITY;
    return fpc <= 1 ? (double)nsampled / fpc : fpc;
}

static trygg_status fill_units(const trygg_survey *sv, trygg_design *d,
                               trygg_errors *err)
{
    long cf = sv->role_col[TRYGG_ROLE_FPC], cf2 = sv->role_col[TRYGG_ROLE_FPC2];
    long cs = sv->role_col[TRYGG_ROLE_STRATUM];
    trygg_status st = TRYGG_OK;
    for (size_t i = 0; i < d->n; i++) {
        size_t h = d->stratum[i], p = d->psu[i], r = d->row[i];
        if (i == 0 || d->stratum[i - 1] != h) {
            d->stratum_first_psu[h] = p;
            d->stratum_name[h] = cs >= 0 ? trygg_survey_cat(sv, cs, r) : "(none)";
        }
        if (d->ssu && (i == 0 || d->psu[i - 1] != p))
            d->psu_first_ssu[p] = d->ssu[i];
    }
    d->stratum_first_psu[d->nstrata] = d->npsu;
    d->psu_first_ssu[d->npsu] = d->nssu;
    for (size_t i = 0; i < d->n; i++) {
        size_t h = d->stratum[i], p = d->psu[i], r = d->row[i];
        size_t nh = d->stratum_first_psu[h + 1] - d->stratum_first_psu[h];
        d->stratum_pop[h] = pop_from_fpc(cf >= 0 ? sv->cols[cf].num[r] : NAN, nh);
        if (d->stratum_pop[h] < (double)nh - 1e-9 && st == TRYGG_OK) {
            trygg_errors_add(err, sv->files[sv->file[r]].path, 0, 0,
                             "stratum '%s' in %d: fpc says %.15g in the "
                             "population but %zu were sampled", d->stratum_name[h],
                             d->year, d->stratum_pop[h], nh);
            st = TRYGG_ERR_DESIGN;
        }
        if (d->ssu) {
            size_t mp = d->psu_first_ssu[p + 1] - d->psu_first_ssu[p];
            d->psu_pop[p] = pop_from_fpc(cf2 >= 0 ? sv->cols[cf2].num[r] : NAN, mp);
        }
    }
    return st;
}

/* Weights as given, or the inverse of the inclusion probability that the
 * fpc implies (R: 1/prob, the product over stages). */
static trygg_status fill_weights(const trygg_survey *sv, trygg_design *d,
                                 trygg_errors *err)
{
    long cw = sv->role_col[TRYGG_ROLE_WEIGHT];
    for (size_t i = 0; i < d->n; i++) {
        if (cw >= 0) {
            d->w[i] = sv->cols[cw].num[d->row[i]];
            continue;
        }
        size_t h = d->stratum[i], p = d->psu[i];
        double nh = (double)(d->stratum_first_psu[h + 1] - d->stratum_first_psu[h]);
        double w = d->stratum_pop[h] / nh;
        if (d->ssu && isfinite(d->psu_pop[p]))
            w *= d->psu_pop[p] / (double)(d->psu_first_ssu[p + 1] - d->psu_first_ssu[p]);
        if (!isfinite(w)) {
            trygg_errors_add(err, sv->def->path, 0, 0, "no weight column and "
                             "no fpc for stratum '%s': weights cannot be formed",
                             d->stratum_name[h]);
            return TRYGG_ERR_DESIGN;
        }
        d->w[i] = w;
    }
    return TRYGG_OK;
}

trygg_status trygg_design_build(const trygg_survey *sv, int year,
                                trygg_design *d, trygg_errors *err)
{
    memset(d, 0, sizeof *d);
    d->year = year;
    d->lonely = sv->def->lonely_psu;
    trygg_status st = sort_rows(sv, year, d);
    if (st == TRYGG_OK)
        st = index_units(sv, d);
    if (st == TRYGG_OK)
        st = alloc_units(d);
    if (st == TRYGG_OK)
        st = fill_units(sv, d, err);
    if (st == TRYGG_OK)
        st = fill_weights(sv, d, err);
    if (st != TRYGG_OK) {
        trygg_design_free(d);
        return st;
    }
    /* R recurses into the second stage only when an fpc is given */
    d->two_stage = d->ssu != NULL && sv->role_col[TRYGG_ROLE_FPC] >= 0;
    d->df = (double)d->npsu - (double)d->nstrata;
    return TRYGG_OK;
}

void trygg_design_free(trygg_design *d)
{
    if (!d)
        return;
    free(d->row); free(d->w); free(d->stratum); free(d->psu); free(d->ssu);
    free(d->stratum_first_psu); free(d->stratum_pop); free(d->stratum_name);
    free(d->psu_first_ssu); free(d->psu_pop);
    memset(d, 0, sizeof *d);
}
