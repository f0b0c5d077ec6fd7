/* Linearized variance of a total over a stratified multistage design, as R
 * survey's svyrecvar/multistage/onestage/onestrat compute it. */
#include "design.h"

#include <math.h>
#include <string.h>

#include "errors_internal.h"

/* One stratum of `n` units with totals t[0..n-1] and population `pop`
 * units. Sets *na when the stratum is a lonely PSU under "average".
 * Returns -1 for a lonely PSU under "fail". */
static int one_stratum(const double *t, size_t n, double pop,
                       trygg_lonely_psu lonely, double *v, int *na)
{
    double f = isfinite(pop) ? (pop - (double)n) / pop : 1.0;
    *v = 0;
    *na = 0;
    if (f < 1e-7)
        return 0;   /* every unit taken: no sampling variance */
    if (n == 1) {
        switch (lonely) {
        case TRYGG_LONELY_FAIL: return -1;
        case TRYGG_LONELY_ADJUST: *v = f * t[0] * t[0]; return 0;
        case TRYGG_LONELY_AVERAGE: *na = 1; return 0;
        default: return 0;  /* certainty, remove: no contribution */
        }
    }
    double mean = 0;
    for (size_t i = 0; i < n; i++)
        mean += t[i];
    mean /= (double)n;
    double ss = 0;
    for (size_t i = 0; i < n; i++)
        ss += (t[i] - mean) * (t[i] - mean);
    *v = f * (double)n / (double)(n - 1) * ss;
    return 0;
}

static trygg_status lonely_error(const trygg_design *d, size_t h, int stage,
                                 trygg_errors *err)
{
    trygg_errors_add(err, "", 0, 0, "stratum '%s' (%d) has only one PSU at "
                     "stage %d: set [design] lonely_psu to certainty, remove, "
                     "adjust or average, or merge the stratum with another",
                     d->stratum_name[h], d->year, stage);
    return TRYGG_ERR_DESIGN;
}

/* Second stage inside PSU p: its SSUs form one stratum. */
static trygg_status stage_two(const trygg_design *d, const double *ssu_tot,
                              size_t h, size_t p, double *v, trygg_errors *err)
{
    size_t q0 = d->psu_first_ssu[p], m = d->psu_first_ssu[p + 1] - q0;
    int na;
    if (one_stratum(ssu_tot + q0, m, d->psu_pop[p], d->lonely, v, &na) != 0)
        return lonely_error(d, h, 2, err);
    if (na)
        *v = NAN;  /* "average" with no other stratum at this stage */
    size_t nh = d->stratum_first_psu[h + 1] - d->stratum_first_psu[h];
    *v *= (double)nh / d->stratum_pop[h];
    return TRYGG_OK;
}

trygg_status trygg_design_variance(const trygg_design *d, const double *a,
                                   double *var, trygg_errors *err)
{
    double *psu_tot = d->scratch, *ssu_tot = d->scratch + d->npsu;
    *var = NAN;
    memset(d->scratch, 0, (d->npsu + d->nssu) * sizeof *d->scratch);
    for (size_t i = 0; i < d->n; i++) {
        psu_tot[d->psu[i]] += a[i];
        if (d->ssu)
            ssu_tot[d->ssu[i]] += a[i];
    }
    double v = 0;
    size_t nok = 0;
    for (size_t h = 0; h < d->nstrata; h++) {
        size_t p0 = d->stratum_first_psu[h], n = d->stratum_first_psu[h + 1] - p0;
        double vh;
        int na;
        if (one_stratum(psu_tot + p0, n, d->stratum_pop[h], d->lonely, &vh, &na))
            return lonely_error(d, h, 1, err);
        if (!na) {
            v += vh;
            nok++;
        }
    }
    if (nok < d->nstrata)
        v *= (double)d->nstrata / (double)nok;
    for (size_t h = 0; d->two_stage && h < d->nstrata; h++)
        for (size_t p = d->stratum_first_psu[h]; p < d->stratum_first_psu[h + 1];
             p++) {
            double vp;
            trygg_status st = stage_two(d, ssu_tot, h, p, &vp, err);
            if (st != TRYGG_OK)
                return st;
            v += vp;
        }
    *var = v;
    return TRYGG_OK;
}
