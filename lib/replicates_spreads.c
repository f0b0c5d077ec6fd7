/* The replicate variance of every (level, domain, indicator) of a year in
 * one pass over the replicates, as trygg_replicate_spread() computes it
 * from the replicates' estimates, without keeping them: each worker sums
 * the deviations from the year's own estimate (a shift that keeps the sums
 * small), and the spread follows from those sums. */
#include "replicates_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "threads.h"

typedef trygg_rep_moments moments;

typedef struct {
    const trygg_year *y;
    const size_t *first;   /* per level: offset of its (domain, indicator)s */
    double *shift;         /* the year's own estimates */
    moments *m[REP_MAX_THREADS];
    size_t total;
} spread_sink;

static void own_emit(void *ctx, size_t worker, size_t q, size_t li, const double *theta)
{
    (void)worker, (void)q;
    spread_sink *s = ctx;
    size_t cnt = s->y->levels[li].ndom * s->y->nind;
    for (size_t e = 0; e < cnt; e++)
        s->shift[s->first[li] + e] = isfinite(theta[e]) ? theta[e] : 0.0;
}

static void moments_emit(void *ctx, size_t worker, size_t q, size_t li, const double *theta)
{
    spread_sink *s = ctx;
    double rs = s->y->rep->rscale[q];
    size_t cnt = s->y->levels[li].ndom * s->y->nind;
    moments *m = s->m[worker] + s->first[li];
    const double *c = s->shift + s->first[li];
    for (size_t e = 0; e < cnt; e++) {
        if (!isfinite(theta[e]))
            continue;
        trygg_rep_moments_add(&m[e], rs, theta[e] - c[e], 1);
    }
}

void trygg_rep_spreads_free(trygg_rep_spreads *s)
{
    free(s->first);
    free(s->var);
    free(s->cvar);
    free(s->tvar);
    memset(s, 0, sizeof *s);
}

static trygg_status run_passes(const trygg_year *y, trygg_rep_pass *p, spread_sink *sk,
                               double *cvar, double *tvar, trygg_errors *err)
{
    p->emit = own_emit;
    trygg_status st = trygg_rep_pass_run(y, p, 1, err);
    for (size_t t = 0; st == TRYGG_OK && t < p->threads; t++)
        if (!(sk->m[t] = calloc(sk->total + 1, sizeof *sk->m[t])))
            st = TRYGG_ERR_NOMEM;
    p->emit = moments_emit;
    if (st == TRYGG_OK && y->rep->del)
        st = trygg_rep_jackknife_moments(y, sk->first, sk->shift, sk->m[0], cvar, tvar, err);
    else if (st == TRYGG_OK)
        st = trygg_rep_pass_run(y, p, 0, err);
    return st;
}

trygg_status trygg_rep_spreads_fill(const trygg_year *y, int contrasts, trygg_errors *err)
{
    trygg_replicates *r = y->rep;
    size_t L = y->sv->def->nlevels, K = y->nind, total = 0;
    trygg_rep_spreads s = {L, calloc(L + 1, sizeof(size_t)), NULL, NULL, NULL};
    size_t *ls = calloc(L + 1, sizeof *ls), *ks = calloc(K + 1, sizeof *ks);
    spread_sink sk = {y, s.first, NULL, {NULL}, 0};
    trygg_status st = s.first && ls && ks ? TRYGG_OK : TRYGG_ERR_NOMEM;
    for (size_t l = 0; st == TRYGG_OK && l < L; l++) {
        s.first[l] = total;
        total += y->levels[l].ndom * K;
        ls[l] = l;
    }
    for (size_t k = 0; k < K && ks; k++)
        ks[k] = k;
    sk.total = total;
    trygg_rep_pass p = {ls, ks, L, K, 0, NULL, &sk, trygg_thread_count(r->nrep, 2)};
    if (st == TRYGG_OK && (!(sk.shift = calloc(total + 1, sizeof *sk.shift)) ||
                           !(s.var = malloc((total + 1) * sizeof *s.var))))
        st = TRYGG_ERR_NOMEM;
    if (st == TRYGG_OK && contrasts && r->del &&
        (!(s.cvar = malloc((total + 1) * sizeof *s.cvar)) ||
         !(s.tvar = malloc((total + 1) * sizeof *s.tvar))))
        st = TRYGG_ERR_NOMEM;
    if (st == TRYGG_OK)
        st = run_passes(y, &p, &sk, s.cvar, s.tvar, err);
    for (size_t e = 0; st == TRYGG_OK && e < total; e++) {
        moments m = {0, 0, 0, 0, 0, 0};
        for (size_t t = 0; t < p.threads; t++) {
            m.cnt += sk.m[t][e].cnt, m.s1 += sk.m[t][e].s1, m.nf += sk.m[t][e].nf;
            m.w += sk.m[t][e].w;
            m.w1 += sk.m[t][e].w1, m.w2 += sk.m[t][e].w2;
        }
        s.var[e] = trygg_rep_moments_spread(r, &m);
    }
    for (size_t t = 0; t < REP_MAX_THREADS; t++)
        free(sk.m[t]);
    free(sk.shift), free(ls), free(ks);
    if (st != TRYGG_OK) {
        trygg_rep_spreads_free(&s);
        return st;
    }
    trygg_rep_spreads_free(&r->spreads);
    r->spreads = s;
    return TRYGG_OK;
}
