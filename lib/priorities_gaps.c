/* The variance of each area's estimate minus its parent's, for every item,
 * before the areas are gone through one by one (priorities.c). The areas
 * that share a parent go together: the variance engine (variance.h) sums
 * the parent's rows once per item, and each area then costs its own rows.
 * Jobs (a parent and an item) run on every core, each worker with its own
 * engine's scratch. */
#include "priorities_internal.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "threads.h"
#include "variance.h"

typedef struct {
    const trygg_year *y;
    const trygg_prio_area *areas;
    const size_t *by_parent;   /* area indices, those of a parent together */
    const size_t *group;       /* ngroups + 1: runs of by_parent */
    size_t ngroups, K;
    const size_t *ks;
    double *var;
    trygg_status *st;
    size_t next;
    pthread_mutex_t lock;
} gap_queue;

typedef struct {
    gap_queue *q;
    trygg_variance_engine *ve;
} gap_worker;

/* Job i: the areas of group i / K, item i % K. */
static void one_parent(gap_worker *w, size_t i)
{
    const gap_queue *q = w->q;
    size_t g = i / q->K, j = i % q->K, k = q->ks[j];
    const trygg_prio_area *first = &q->areas[q->by_parent[q->group[g]]];
    trygg_point par;
    double v;
    int have_par = 0;
    trygg_status pst = TRYGG_OK;
    for (size_t m = q->group[g]; m < q->group[g + 1]; m++) {
        size_t ai = q->by_parent[m];
        const trygg_prio_area *a = &q->areas[ai];
        trygg_point own;
        double *var = &q->var[ai * q->K + j], ownv;
        trygg_status *st = &q->st[ai * q->K + j];
        *var = NAN;
        *st = trygg_variance_domain(w->ve, q->y, a->l, a->d, &k, 1, TRYGG_WANT_POINTS, &own, &v,
                                    NULL);
        if (*st != TRYGG_OK || a->pl < 0 || a->pd < 0 || !(own.n > 0))
            continue;
        if (!have_par) {
            pst = trygg_variance_domain(w->ve, q->y, (size_t)first->pl, (uint32_t)first->pd,
                                        &k, 1, TRYGG_WANT_POINTS, &par, &v, NULL);
            if (pst == TRYGG_OK)
                pst = trygg_variance_parent(w->ve, q->y, (size_t)first->pl,
                                            (uint32_t)first->pd, k, &par, &v, NULL);
            have_par = 1;
        }
        /* a failure is worked out again in priorities.c, with its message */
        *st = pst != TRYGG_OK ? pst
                              : trygg_variance_child(w->ve, q->y, a->l, a->d, &own, var,
                                                     &ownv, NULL);
    }
}

static void *gap_work(void *arg)
{
    gap_worker *w = arg;
    gap_queue *q = w->q;
    for (;;) {
        pthread_mutex_lock(&q->lock);
        size_t i = q->next++;
        pthread_mutex_unlock(&q->lock);
        if (i >= q->ngroups * q->K)
            return NULL;
        one_parent(w, i);
    }
}

static int cmp_parent(const void *x, const void *y, const trygg_prio_area *areas)
{
    const trygg_prio_area *a = &areas[*(const size_t *)x], *b = &areas[*(const size_t *)y];
    if (a->pl != b->pl) return (a->pl > b->pl) - (a->pl < b->pl);
    if (a->pd != b->pd) return (a->pd > b->pd) - (a->pd < b->pd);
    return (*(const size_t *)x > *(const size_t *)y) - (*(const size_t *)x < *(const size_t *)y);
}

/* Areas by parent (insertion sort: a few hundred areas), then the runs. */
static size_t group_by_parent(const trygg_prio_area *areas, size_t na, size_t *by,
                              size_t *group)
{
    for (size_t i = 0; i < na; i++) {
        size_t at = i;
        for (; at > 0 && cmp_parent(&by[at - 1], &i, areas) > 0; at--)
            by[at] = by[at - 1];
        by[at] = i;
    }
    size_t ng = 0;
    for (size_t i = 0; i < na; i++)
        if (i == 0 || areas[by[i]].pl != areas[by[i - 1]].pl ||
            areas[by[i]].pd != areas[by[i - 1]].pd)
            group[ng++] = i;
    group[ng] = na;
    return ng;
}

trygg_status trygg_priority_gaps(const trygg_year *y, const trygg_prio_area *areas,
                                 size_t na, const size_t *ks, size_t K, double *var,
                                 trygg_status *st)
{
    size_t *by = malloc((na + 1) * sizeof *by), *group = malloc((na + 2) * sizeof *group);
    if (!by || !group) {
        free(by);
        free(group);
        return TRYGG_ERR_NOMEM;
    }
    size_t ng = group_by_parent(areas, na, by, group);
    gap_queue q = {y, areas, by, group, ng, K, ks, var, st, 0, PTHREAD_MUTEX_INITIALIZER};
    size_t nw = trygg_thread_count(ng * K, 8), started = 0;
    gap_worker ws[8];
    trygg_status rc = TRYGG_OK;
    for (size_t i = 0; i < na * K; i++)
        st[i] = TRYGG_ERR_NOMEM;   /* until done */
    for (; started < nw && rc == TRYGG_OK; started++) {
        ws[started] = (gap_worker){&q, y->ve};
        if (started > 0)
            rc = trygg_variance_engine_worker(y->ve, &ws[started].ve);
        if (rc != TRYGG_OK)
            break;
    }
    if (rc == TRYGG_OK)
        trygg_run_workers(gap_work, ws, sizeof *ws, started);
    for (size_t i = 1; i < started; i++)
        trygg_variance_engine_free(ws[i].ve);
    pthread_mutex_destroy(&q.lock);
    free(by);
    free(group);
    return rc;
}
