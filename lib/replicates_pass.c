/* One pass over a range of replicates: every domain's replicate estimates
 * of several levels and indicators at once. A replicate's domain sums are
 * combinations of sums over "atoms", the rows alike in calibration profile
 * and in domain of every level asked for; its weights are the base weight
 * times a PSU factor times the profile's factor. Replicates go in blocks of
 * REP_BLOCK, so each row's values are decoded once per block and multiply
 * a block of weights (an outer product into the atom's block of sums, in
 * cache), then each atom's sums go to its domains. */
#include "replicates_internal.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "errors_internal.h"
#include "threads.h"

#define REP_BLOCK 8

void trygg_rep_atoms_free(trygg_rep_atoms *a)
{
    free(a->first);
    free(a->rows);
    free(a->prof);
    free(a->stratum);
    free(a->dom);
    free(a->of_row);
}

/* ids[i] ← dense number of (ids[i], key[i]). */
static trygg_status renumber(size_t n, uint32_t *ids, const uint32_t *key, size_t *count)
{
    size_t nslots = 64;
    while (nslots < 2 * n)
        nslots *= 2;
    uint64_t *slot_key = malloc(nslots * sizeof *slot_key);
    uint32_t *slot_id = malloc(nslots * sizeof *slot_id);
    if (!slot_key || !slot_id) {
        free(slot_key);
        free(slot_id);
        return TRYGG_ERR_NOMEM;
    }
    memset(slot_id, 0xff, nslots * sizeof *slot_id);
    size_t next = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t k = (uint64_t)ids[i] << 32 | (uint32_t)(key[i] + 1u);
        uint64_t h = k * 0x9E3779B97F4A7C15ull;
        size_t s = (size_t)(h >> 17) & (nslots - 1);
        while (slot_id[s] != UINT32_MAX && slot_key[s] != k)
            s = (s + 1) & (nslots - 1);
        if (slot_id[s] == UINT32_MAX) {
            slot_key[s] = k;
            slot_id[s] = (uint32_t)next++;
        }
        ids[i] = slot_id[s];
    }
    free(slot_key);
    free(slot_id);
    *count = next;
    return TRYGG_OK;
}

trygg_status trygg_rep_atoms_build(const trygg_year *y, const size_t *ls, size_t nl,
                                   int by_stratum, trygg_rep_atoms *a)
{
    const trygg_replicates *r = y->rep;
    size_t n = y->d.n;
    memset(a, 0, sizeof *a);
    uint32_t *id = calloc(n + 1, sizeof *id);
    if (!id)
        return TRYGG_ERR_NOMEM;
    if (r->ws)
        memcpy(id, r->prof, n * sizeof *id);
    size_t na = 1;
    trygg_status st = by_stratum ? renumber(n, id, y->d.stratum, &na) : TRYGG_OK;
    for (size_t li = 0; li < nl && st == TRYGG_OK; li++)
        st = renumber(n, id, y->levels[ls[li]].dom, &na);
    a->natoms = n ? na : 0;
    a->nl = nl;
    a->of_row = id;
    a->first = calloc(a->natoms + 2, sizeof *a->first);
    a->rows = malloc((n + 1) * sizeof *a->rows);
    a->prof = malloc((a->natoms + 1) * sizeof *a->prof);
    a->stratum = malloc((a->natoms + 1) * sizeof *a->stratum);
    a->dom = malloc((a->natoms * nl + 1) * sizeof *a->dom);
    if (st != TRYGG_OK || !a->first || !a->rows || !a->prof || !a->stratum || !a->dom) {
        trygg_rep_atoms_free(a);
        return st != TRYGG_OK ? st : TRYGG_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        a->first[id[i] + 1]++;
        a->prof[id[i]] = r->ws ? r->prof[i] : 0;
        a->stratum[id[i]] = y->d.stratum[i];
        for (size_t li = 0; li < nl; li++)
            a->dom[li * a->natoms + id[i]] = y->levels[ls[li]].dom[i];
    }
    for (size_t k = 0; k < a->natoms; k++)
        a->first[k + 1] += a->first[k];
    for (size_t i = 0; i < n; i++)
        a->rows[a->first[id[i]]++] = (uint32_t)i;
    for (size_t k = a->natoms; k > 0; k--)
        a->first[k] = a->first[k - 1];
    a->first[0] = 0;
    return TRYGG_OK;
}

/* Row i's numerator and denominator of each indicator asked for (0 for an
 * answer that is not valid). */
void trygg_rep_row_values(const trygg_year *y, const size_t *ks, size_t nk, size_t i,
                          double *x)
{
    const uint8_t *v = y->val + i * y->nind;
    for (size_t kk = 0; kk < nk; kk++) {
        size_t k = ks[kk];
        int valid = (v[k] & TRYGG_V_STATUS) == TRYGG_V_VALID;
        if (!y->num[k] && !y->den[k]) {
            x[2 * kk] = valid ? (double)(v[k] >> 3) : 0.0;
            x[2 * kk + 1] = valid;
        } else {
            x[2 * kk] = valid ? trygg_year_num(y, k, i) : 0.0;
            x[2 * kk + 1] = valid ? trygg_year_den(y, k, i) : 0.0;
        }
    }
}

typedef struct {
    size_t nb, C;
    double *mult;          /* npsu × REP_BLOCK */
    double *g;             /* REP_BLOCK × nprof */
    double *one;           /* npsu: a replicate's PSU factors */
    double *work;          /* 2 · nprof */
    double *acc;           /* REP_BLOCK × C */
    double *x;             /* C */
    size_t *off;           /* per level: offset in sums */
    double *sums;          /* REP_BLOCK × Σ ndom × C */
    size_t nsums;
    double *theta;         /* max ndom × nk */
} block;

static void block_free(block *b)
{
    free(b->mult), free(b->g), free(b->one), free(b->work), free(b->acc), free(b->x);
    free(b->off), free(b->sums), free(b->theta);
}

static trygg_status block_new(const trygg_year *y, const trygg_rep_pass *p, block *b)
{
    const trygg_replicates *r = y->rep;
    size_t npsu = y->d.npsu, np = r->nprof, nd = 0, maxd = 0;
    memset(b, 0, sizeof *b);
    b->C = 2 * p->nk;
    b->off = malloc((p->nl + 1) * sizeof *b->off);
    if (!b->off)
        return TRYGG_ERR_NOMEM;
    for (size_t li = 0; li < p->nl; li++) {
        b->off[li] = nd;
        size_t d = y->levels[p->ls[li]].ndom;
        nd += d * b->C;
        maxd = d > maxd ? d : maxd;
    }
    b->nsums = nd;
    b->mult = malloc((npsu * REP_BLOCK + 1) * sizeof *b->mult);
    b->g = malloc((REP_BLOCK * np + 1) * sizeof *b->g);
    b->one = malloc((npsu + 1) * sizeof *b->one);
    b->work = malloc((2 * np + 1) * sizeof *b->work);
    b->acc = malloc((REP_BLOCK * b->C + 1) * sizeof *b->acc);
    b->x = malloc((b->C + 1) * sizeof *b->x);
    b->sums = malloc((REP_BLOCK * nd + 1) * sizeof *b->sums);
    b->theta = malloc((maxd * p->nk + 1) * sizeof *b->theta);
    if (!b->mult || !b->g || !b->one || !b->work || !b->acc || !b->x || !b->sums ||
        !b->theta) {
        block_free(b);
        return TRYGG_ERR_NOMEM;
    }
    return TRYGG_OK;
}

/* PSU and profile factors of replicates q0 .. q0 + nb. */
static trygg_status block_factors(const trygg_year *y, block *b, size_t q0,
                                  trygg_errors *err)
{
    const trygg_replicates *r = y->rep;
    size_t npsu = y->d.npsu;
    for (size_t j = 0; j < b->nb; j++) {
        trygg_rep_psu_factors(r, &y->d, q0 + j, b->one);
        for (size_t ps = 0; ps < npsu; ps++)
            b->mult[ps * REP_BLOCK + j] = b->one[ps];
        trygg_status st = trygg_rep_profile_factors(r, &y->d, q0 + j, b->one, b->g + j * r->nprof,
                                                    b->work, err);
        if (st != TRYGG_OK)
            return st;
    }
    return TRYGG_OK;
}

/* The atom's sums in each replicate of the block, added to its domains. */
static void atom_sums(const trygg_year *y, const trygg_rep_pass *p, const trygg_rep_atoms *a,
                      size_t at, int own, block *b)
{
    const trygg_replicates *r = y->rep;
    size_t C = b->C, nb = b->nb;
    double ga[REP_BLOCK], wb[REP_BLOCK];
    for (size_t j = 0; j < nb; j++)
        ga[j] = own ? 1.0 : b->g[j * r->nprof + a->prof[at]];
    memset(b->acc, 0, nb * C * sizeof *b->acc);
    for (size_t e = a->first[at]; e < a->first[at + 1]; e++) {
        size_t i = a->rows[e];
        trygg_rep_row_values(y, p->ks, p->nk, i, b->x);
        const double *m = b->mult + (size_t)y->d.psu[i] * REP_BLOCK;
        for (size_t j = 0; j < nb; j++)
            wb[j] = own ? y->w[i] : y->d.w[i] * m[j] * ga[j];
        for (size_t j = 0; j < nb; j++) {
            double *acc = b->acc + j * C;
            const double *x = b->x;
            double w = wb[j];
            for (size_t c = 0; c < C; c++)
                acc[c] += w * x[c];
        }
    }
    for (size_t li = 0; li < p->nl; li++) {
        uint32_t d = a->dom[li * a->natoms + at];
        if (d == UINT32_MAX)
            continue;
        for (size_t j = 0; j < nb; j++) {
            double *s = b->sums + j * b->nsums + b->off[li] + (size_t)d * C;
            const double *acc = b->acc + j * C;
            for (size_t c = 0; c < C; c++)
                s[c] += acc[c];
        }
    }
}

static void block_emit(const trygg_year *y, const trygg_rep_pass *p, block *b,
                       size_t worker, size_t q0)
{
    for (size_t j = 0; j < b->nb; j++)
        for (size_t li = 0; li < p->nl; li++) {
            size_t nd = y->levels[p->ls[li]].ndom;
            const double *s = b->sums + j * b->nsums + b->off[li];
            for (size_t d = 0; d < nd; d++)
                for (size_t kk = 0; kk < p->nk; kk++) {
                    double num = s[d * b->C + 2 * kk], den = s[d * b->C + 2 * kk + 1];
                    int total = p->totals || trygg_indicator_is_total(y->sv, p->ks[kk]);
                    b->theta[d * p->nk + kk] = total ? num : num / den;
                }
            p->emit(p->ctx, worker, q0 == SIZE_MAX ? SIZE_MAX : q0 + j, li, b->theta);
        }
}

/* Replicates in chunks, worker i taking chunks i, i + n, ...: each worker
 * adds up the same replicates in the same order on every run, so results
 * do not depend on timing. A worker whose thread could not be started has
 * its share run afterwards on the calling thread. */
#define REP_CHUNK (4 * REP_BLOCK)

typedef struct pass_queue pass_queue;

typedef struct {
    pass_queue *pq;
    size_t index, nw;
    int ran;
    block b;
    trygg_status st;
    trygg_errors *err;
} pass_worker;

struct pass_queue {
    const trygg_year *y;
    const trygg_rep_pass *p;
    const trygg_rep_atoms *a;
    size_t nrep;
};

static trygg_status run_block(pass_worker *w, size_t q, int own)
{
    const pass_queue *pq = w->pq;
    block *b = &w->b;
    trygg_status st = TRYGG_OK;
    if (own)
        b->g[0] = 1;
    else
        st = block_factors(pq->y, b, q, w->err);
    if (st != TRYGG_OK)
        return st;
    memset(b->sums, 0, b->nb * b->nsums * sizeof *b->sums);
    for (size_t at = 0; at < pq->a->natoms; at++)
        atom_sums(pq->y, pq->p, pq->a, at, own, b);
    block_emit(pq->y, pq->p, b, w->index, own ? SIZE_MAX : q);
    return TRYGG_OK;
}

static void *pass_worker_run(void *arg)
{
    pass_worker *w = arg;
    w->ran = 1;
    for (size_t q0 = w->index * REP_CHUNK; q0 < w->pq->nrep && w->st == TRYGG_OK;
         q0 += w->nw * REP_CHUNK) {
        size_t q1 = q0 + REP_CHUNK < w->pq->nrep ? q0 + REP_CHUNK : w->pq->nrep;
        for (size_t q = q0; q < q1 && w->st == TRYGG_OK; q += REP_BLOCK) {
            w->b.nb = q1 - q < REP_BLOCK ? q1 - q : REP_BLOCK;
            w->st = run_block(w, q, 0);
        }
    }
    return NULL;
}

static void copy_errors(const trygg_errors *from, trygg_errors *to)
{
    for (size_t e = 0; from && e < trygg_errors_count(from); e++) {
        const trygg_diag *dg = trygg_errors_get(from, e);
        trygg_errors_add(to, dg->file, dg->line, dg->column, "%s", dg->message);
    }
}

trygg_status trygg_rep_pass_run(const trygg_year *y, const trygg_rep_pass *p, int own,
                                trygg_errors *err)
{
    trygg_rep_atoms a;
    trygg_status st = trygg_rep_atoms_build(y, p->ls, p->nl, 0, &a);
    if (st != TRYGG_OK)
        return st;
    pass_queue pq = {y, p, &a, y->rep->nrep};
    size_t nw = own || p->threads < 1 ? 1 : p->threads;
    nw = nw > REP_MAX_THREADS ? REP_MAX_THREADS : nw;
    pass_worker ws[REP_MAX_THREADS];
    size_t made = 0;
    for (; made < nw; made++) {
        ws[made] = (pass_worker){&pq, made, nw, 0, {0}, TRYGG_OK, trygg_errors_new(4)};
        st = ws[made].err ? block_new(y, p, &ws[made].b) : TRYGG_ERR_NOMEM;
        if (st != TRYGG_OK) {
            trygg_errors_free(ws[made].err);
            break;
        }
    }
    if (st == TRYGG_OK && own) {
        ws[0].b.nb = 1;
        st = run_block(&ws[0], 0, 1);
    } else if (st == TRYGG_OK) {
        for (size_t i = 0; i < made; i++)
            ws[i].nw = made;
        trygg_run_workers(pass_worker_run, ws, sizeof *ws, made);
        for (size_t i = 0; i < made; i++)
            if (!ws[i].ran)
                pass_worker_run(&ws[i]);
    }
    for (size_t i = 0; i < made; i++) {
        if (st == TRYGG_OK && ws[i].st != TRYGG_OK) {
            st = ws[i].st;
            copy_errors(ws[i].err, err);
        }
        block_free(&ws[i].b);
        trygg_errors_free(ws[i].err);
    }
    trygg_rep_atoms_free(&a);
    return st;
}
