/* The variance of each area's estimate minus its parent's, for every item,
 * before the areas are gone through one by one (priorities.c): each is a
 * pass over the parent's rows (a municipality's over the region's), most
 * of the priorities' time, and they are independent, so they run on every
 * core. A worker has its own variance engine; the sums are linvar.c's,
 * term for term, so the figures are those of trygg_year_diff_variance. */
#include "priorities_internal.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "linvar.h"
#include "threads.h"

typedef struct {
    const trygg_year *y;
    const trygg_prio_area *areas;
    size_t na, K;
    const size_t *ks;
    double *var;
    trygg_status *st;
    size_t next;
    pthread_mutex_t lock;
} gap_queue;

typedef struct {
    gap_queue *q;
    trygg_linvar *lv;
    long pl, pd;         /* the parent whose points are kept */
    trygg_point *par;    /* K */
    uint8_t *have;
} gap_worker;

static trygg_status parent_of(gap_worker *w, const trygg_prio_area *a, size_t j,
                              trygg_point *par)
{
    if (w->pl != a->pl || w->pd != a->pd) {
        memset(w->have, 0, w->q->K);
        w->pl = a->pl;
        w->pd = a->pd;
    }
    trygg_status st = TRYGG_OK;
    if (!w->have[j]) {
        double var;
        st = trygg_linvar_estimate(w->lv, w->q->y, (size_t)a->pl, (uint32_t)a->pd,
                                   w->q->ks[j], 0, &w->par[j], &var, NULL);
        w->have[j] = st == TRYGG_OK;
    }
    *par = w->par[j];
    return st;
}

/* Job i: area i / K, item i % K. */
static trygg_status one_gap(gap_worker *w, size_t i, double *var)
{
    const gap_queue *q = w->q;
    const trygg_prio_area *a = &q->areas[i / q->K];
    size_t j = i % q->K, k = q->ks[j];
    trygg_point own, par;
    double v;
    *var = NAN;
    trygg_status st = trygg_linvar_estimate(w->lv, q->y, a->l, a->d, k, 0, &own, &v,
                                            NULL);
    if (st != TRYGG_OK || a->pl < 0 || a->pd < 0 || !(own.n > 0))
        return st;
    if ((st = parent_of(w, a, j, &par)) != TRYGG_OK)
        return st;
    trygg_influence_term t[2];
    size_t n = 0;
    n += (size_t)trygg_influence_term_of(q->y, a->l, a->d, k, &own, 1.0, &t[n]);
    n += (size_t)trygg_influence_term_of(q->y, (size_t)a->pl, (uint32_t)a->pd, k, &par,
                                         -1.0, &t[n]);
    return trygg_linvar_variance(w->lv, q->y, t, n, var, NULL);
}

static void *gap_work(void *arg)
{
    gap_worker *w = arg;
    gap_queue *q = w->q;
    for (;;) {
        pthread_mutex_lock(&q->lock);
        size_t i = q->next++;
        pthread_mutex_unlock(&q->lock);
        if (i >= q->na * q->K)
            return NULL;
        q->st[i] = one_gap(w, i, &q->var[i]);
    }
}

trygg_status trygg_priority_gaps(const trygg_year *y, const trygg_prio_area *areas,
                                 size_t na, const size_t *ks, size_t K, double *var,
                                 trygg_status *st)
{
    gap_queue q = {y, areas, na, K, ks, var, st, 0, PTHREAD_MUTEX_INITIALIZER};
    size_t nw = trygg_thread_count(na * K, 8), started = 0, nthreads = 0;
    gap_worker ws[8];
    pthread_t tid[8];
    trygg_status rc = TRYGG_OK;
    for (size_t i = 0; i < na * K; i++)
        st[i] = TRYGG_ERR_NOMEM;   /* until done */
    for (; started < nw && rc == TRYGG_OK; started++) {
        ws[started] = (gap_worker){&q, y->lv, -1, -1, calloc(K + 1, sizeof(trygg_point)),
                                   calloc(K + 1, 1)};
        if (!ws[started].par || !ws[started].have)
            rc = TRYGG_ERR_NOMEM;
        else if (started > 0)
            rc = trygg_linvar_new_worker(y->lv, &ws[started].lv);
        if (rc != TRYGG_OK) {
            free(ws[started].par);
            free(ws[started].have);
            break;
        }
    }
    if (rc == TRYGG_OK) {
        for (size_t i = 1; i < started; i++, nthreads++)
            if (pthread_create(&tid[i], NULL, gap_work, &ws[i]) != 0)
                break;   /* the others do its share */
        gap_work(&ws[0]);
    }
    for (size_t i = 1; i <= nthreads; i++)
        pthread_join(tid[i], NULL);
    for (size_t i = 0; i < started; i++) {
        if (i > 0)
            trygg_linvar_free(ws[i].lv);
        free(ws[i].par);
        free(ws[i].have);
    }
    pthread_mutex_destroy(&q.lock);
    return rc;
}
