/* The audit's linear checks of one year: exact disclosure (the span of the
 * printed cells' rows) and narrow bounds (linear programming). */
#include "audit_internal.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_bounds.h"
#include "definition_internal.h"
#include "span.h"
#include "survey_internal.h"
#include "threads.h"

/* A system: the indicators of one question, or (none) the respondents. */
typedef struct {
    const trygg_audit_year *y;
    const size_t *members;
    size_t nm;
    trygg_sys_rows rows;
} audit_sys;

static size_t row_len(const audit_sys *s, size_t f)
{
    return s->rows.first[f + 1] - s->rows.first[f];
}

static int shown_any(const audit_sys *s, size_t f)
{
    const trygg_audit_year *y = s->y;
    if (!s->nm) {   /* respondents: any indicator's count, or a response table */
        if (y->resp && (y->resp[f].state & TRYGG_CELL_SHOWN))
            return 1;
        for (size_t k = 0; k < y->nind; k++)
            if (y->shown[f * y->nind + k])
                return 1;
        return 0;
    }
    for (size_t m = 0; m < s->nm; m++)
        if (y->shown[f * y->nind + s->members[m]])
            return 1;
    return 0;
}

static const char *level_name(const trygg_pattern *pt, size_t f)
{
    return pt->lat.levels[trygg_audit_level_of(pt, f)].name;
}

/* "Nacka [municipality] − Saltsjöbaden [district] − …": the printed cells
 * whose combination the hidden one is (at most 12 of them named). */
static char *combination(const trygg_span *sp, const trygg_pattern *pt,
                         const uint32_t *ids, size_t nids)
{
    size_t cap = 256, len = 0, shown = 0;
    char *s = malloc(cap);
    /* the cells added first, then those taken away: "A − B − C" */
    for (size_t k = 0; s && k < 2 * nids && shown < 12; k++) {
        size_t i = k % nids;
        long c = trygg_span_coefficient(sp, i);
        if ((k < nids) != (c > 0))
            continue;
        shown++;
        const char *name = trygg_audit_domain_name(pt, ids[i]);
        const char *lv = level_name(pt, ids[i]);
        size_t need = len + strlen(name) + strlen(lv) + 48;
        if (need > cap) {
            char *n = realloc(s, cap = 2 * need);
            if (!n) {
                free(s);
                return NULL;
            }
            s = n;
        }
        const char *sign = c < 0 ? (len ? " − " : "−") : (len ? " + " : "");
        long mag = c < 0 ? -c : c;
        len += (size_t)(mag == 1 ? sprintf(s + len, "%s%s [%s]", sign, name, lv)
                        : mag ? sprintf(s + len, "%s%ld × %s [%s]", sign, mag, name, lv)
                              : sprintf(s + len, "%sa fraction or multiple of %s [%s]", sign, name, lv));
    }
    if (s && nids > shown) {
        char *n = realloc(s, len + 64);
        if (!n) {
            free(s);
            return NULL;
        }
        s = n;
        sprintf(s + len, " and %zu more printed cells", nids - shown);
    }
    return s;
}

static trygg_status disclosed(trygg_audit *a, const audit_sys *s, const trygg_span *sp,
                              size_t f, const uint32_t *ids, size_t nids)
{
    const trygg_audit_year *y = s->y;
    char *how = combination(sp, y->pt, ids, nids);
    if (!how)
        return TRYGG_ERR_NOMEM;
    trygg_status st = TRYGG_OK;
    const char *what = s->nm ? "count, weighted count and weighted sum" : "respondents";
    for (size_t m = 0; m < (s->nm ? s->nm : 1) && st == TRYGG_OK; m++) {
        long k = s->nm ? (long)s->members[m] : -1;
        if (k >= 0 && !y->marked[f * y->nind + (size_t)k] &&
            !trygg_audit_sensitive(y, f, k))
            continue;
        st = trygg_audit_addf(a, TRYGG_AUDIT_DISCLOSED, y->year, level_name(y->pt, f),
                              trygg_audit_domain_name(y->pt, f),
                              k >= 0 ? y->pub->sv->def->indicators[k].name : "", NAN, NAN,
                              "its %s follow from the printed cells: %s", what, how);
    }
    free(how);
    return st;
}

static int target(const audit_sys *s, size_t f)
{
    const trygg_audit_year *y = s->y;
    if (!row_len(s, f) || shown_any(s, f))
        return 0;
    if (!s->nm)
        return trygg_audit_sensitive(y, f, -1) ||
               (y->resp && (y->resp[f].state & TRYGG_CELL_MARKED));
    for (size_t m = 0; m < s->nm; m++)
        if (y->marked[f * y->nind + s->members[m]] ||
            trygg_audit_sensitive(y, f, (long)s->members[m]))
            return 1;
    return 0;
}

static int any_target(const audit_sys *s)
{
    for (size_t f = 0; f < s->y->pt->ndom; f++)
        if (target(s, f))
            return 1;
    return 0;
}

static trygg_status span_system(trygg_audit *a, audit_sys *s)
{
    const trygg_pattern *pt = s->y->pt;
    trygg_status st = trygg_sys_rows_build(pt, s->members, s->nm, &s->rows);
    trygg_span *sp = NULL;
    if (st == TRYGG_OK && !any_target(s)) {   /* nothing to protect */
        trygg_sys_rows_free(&s->rows);
        return TRYGG_OK;
    }
    if (st == TRYGG_OK)
        st = trygg_span_new(pt->lat.natoms, &sp);
    for (size_t i = 0; i < pt->ndom && st == TRYGG_OK; i++) {
        size_t f = s->rows.order[i];
        if (row_len(s, f) && shown_any(s, f))
            st = trygg_span_add(sp, (uint32_t)f, s->rows.atoms + s->rows.first[f],
                                row_len(s, f));
    }
    for (size_t f = 0; f < pt->ndom && st == TRYGG_OK; f++) {
        if (!target(s, f))
            continue;
        int in;
        const uint32_t *ids;
        size_t nids;
        st = trygg_span_contains(sp, s->rows.atoms + s->rows.first[f], row_len(s, f), &in,
                                 &ids, &nids);
        if (st == TRYGG_OK && in)
            st = disclosed(a, s, sp, f, ids, nids);
    }
    trygg_span_free(sp);
    trygg_sys_rows_free(&s->rows);
    return st;
}

trygg_status trygg_audit_spans(trygg_audit *a, const trygg_audit_year *y)
{
    const trygg_pattern *pt = y->pt;
    size_t *members = malloc((y->nind + 1) * sizeof *members);
    if (!members)
        return TRYGG_ERR_NOMEM;
    audit_sys s = {.y = y};
    trygg_status st = span_system(a, &s);
    for (size_t q = 0; q < pt->nfam && st == TRYGG_OK; q++) {
        size_t nm = 0;
        for (size_t k = 0; k < y->nind; k++)
            if (pt->fam[k] == q)
                members[nm++] = k;
        s = (audit_sys){.y = y, .members = members, .nm = nm};
        st = span_system(a, &s);
    }
    free(members);
    return st;
}

/* ---- bounds ------------------------------------------------------------- */

/* Was (f, k) found disclosed already (this year)? Then its bounds are
 * exact, and saying so again adds nothing. */
static int already(const trygg_audit *a, size_t from, const trygg_audit_year *y, size_t f,
                   const char *ind)
{
    const char *name = trygg_audit_domain_name(y->pt, f), *lv = level_name(y->pt, f);
    for (size_t i = from; i < a->n; i++)
        if (a->f[i].year == y->year && !strcmp(a->f[i].domain, name) &&
            !strcmp(a->f[i].level, lv) && !strcmp(a->f[i].indicator, ind))
            return 1;
    return 0;
}

/* The counts of indicator k (k < 0: respondents) over its atoms. */
static trygg_status bound_indicator(trygg_audit *a, const trygg_audit *seen,
                                    const trygg_audit_year *y, long k, int protection,
                                    size_t from)
{
    const trygg_pattern *pt = y->pt;
    size_t members[1] = {(size_t)(k < 0 ? 0 : k)};
    audit_sys s = {.y = y, .members = members, .nm = k < 0 ? 0 : 1};
    trygg_status st = trygg_sys_rows_build(pt, s.members, s.nm, &s.rows);
    uint32_t *var = st == TRYGG_OK ? malloc((pt->lat.natoms + 1) * sizeof *var) : NULL;
    uint32_t *row = st == TRYGG_OK ? malloc((pt->lat.natoms + 1) * sizeof *row) : NULL;
    size_t nvars = 0;
    if (st == TRYGG_OK && (!var || !row))
        st = TRYGG_ERR_NOMEM;
    for (size_t x = 0; st == TRYGG_OK && x < pt->lat.natoms; x++)
        var[x] = s.rows.atom_on[x] ? (uint32_t)nvars++ : UINT32_MAX;
    trygg_bounds *b = NULL;
    if (st == TRYGG_OK)
        st = trygg_bounds_new(nvars, &b);
    int any = 0;
    for (size_t f = 0; f < pt->ndom && st == TRYGG_OK; f++) {
        size_t n = row_len(&s, f);
        int shown = k < 0 ? shown_any(&s, f) : y->shown[f * y->nind + (size_t)k];
        for (size_t i = 0; i < n; i++)
            row[i] = var[s.rows.atoms[s.rows.first[f] + i]];
        if (n && shown)
            st = trygg_bounds_equal(b, row, n, trygg_audit_count_of(y, f, k));
        any |= n && !shown && trygg_audit_sensitive(y, f, k);
    }
    const char *ind = k < 0 ? "" : y->pub->sv->def->indicators[k].name;
    for (size_t f = 0; any && f < pt->ndom && st == TRYGG_OK; f++) {
        size_t n = row_len(&s, f);
        int shown = k < 0 ? shown_any(&s, f) : y->shown[f * y->nind + (size_t)k];
        double c = trygg_audit_count_of(y, f, k);
        if (!n || shown || !(c > 0 && c < y->pub->sv->def->min_n) || already(seen, from, y, f, ind))
            continue;
        for (size_t i = 0; i < n; i++)
            row[i] = var[s.rows.atoms[s.rows.first[f] + i]];
        /* the cell's own count c is feasible, so lo <= c: when the greatest
         * value already lies `protection` above c the interval is wide
         * enough, and the least need not be sought (half the programmes) */
        double lo = 0, hi;
        st = trygg_bounds_high(b, row, n, &hi);
        hi = floor(hi + 1e-6) + 0.0;
        if (st != TRYGG_OK || hi - c >= protection)
            continue;
        st = trygg_bounds_low(b, row, n, &lo);
        lo = ceil(lo - 1e-6) + 0.0;   /* + 0.0: no "-0" */
        if (st == TRYGG_OK && hi - lo < protection)
            st = trygg_audit_addf(a, TRYGG_AUDIT_NARROW, y->year, level_name(pt, f),
                                  trygg_audit_domain_name(pt, f), ind, lo, hi,
                                  "the printed counts leave only %.0f to %.0f %s "
                                  "(protection: an interval of %d)", lo, hi,
                                  k < 0 ? "respondents" : "answers", protection);
    }
    trygg_bounds_free(b);
    free(var);
    free(row);
    trygg_sys_rows_free(&s.rows);
    return st;
}

/* The indicators' programmes are independent (GLPK keeps an environment
 * per thread): workers take them in turn, each finding goes to the
 * indicator's own list, and the lists are added in indicator order, so the
 * findings are those of one thread. */
typedef struct {
    trygg_audit *a;              /* read only while the workers run */
    const trygg_audit_year *y;
    int protection;
    size_t from, nk;             /* the respondents (k = -1), then each indicator */
    trygg_audit *found;          /* nk lists */
    trygg_status *st;
    size_t next;
    int failed;
    pthread_mutex_t lock;
} bound_queue;

typedef struct {
    bound_queue *q;
    int spawned;                 /* on a thread of its own, not the caller's */
} bound_worker_arg;

static void *bound_worker(void *arg)
{
    const bound_worker_arg *w = arg;
    bound_queue *q = w->q;
    for (;;) {
        pthread_mutex_lock(&q->lock);
        size_t i = q->failed ? q->nk : q->next++;
        pthread_mutex_unlock(&q->lock);
        if (i >= q->nk) {
            /* a spawned thread's GLPK environment would leak as it ends;
             * the caller's may hold a program of the caller's own */
            if (w->spawned)
                trygg_bounds_thread_done();
            return NULL;
        }
        q->st[i] = bound_indicator(&q->found[i], q->a, q->y, (long)i - 1, q->protection,
                                   q->from);
        if (q->st[i] != TRYGG_OK) {
            pthread_mutex_lock(&q->lock);
            q->failed = 1;
            pthread_mutex_unlock(&q->lock);
        }
    }
}

trygg_status trygg_audit_bounds(trygg_audit *a, const trygg_audit_year *y, int protection)
{
    size_t from = 0;
    while (from < a->n && a->f[from].year != y->year)
        from++;
    bound_queue q = {a, y, protection, from, y->nind + 1, NULL, NULL, 0, 0,
                     PTHREAD_MUTEX_INITIALIZER};
    q.found = calloc(q.nk, sizeof *q.found);
    q.st = calloc(q.nk, sizeof *q.st);
    trygg_status st = q.found && q.st ? TRYGG_OK : TRYGG_ERR_NOMEM;
    if (st == TRYGG_OK) {
        for (size_t i = 0; i < q.nk; i++)
            trygg_dict_init_pooled(&q.found[i].pool);
        bound_worker_arg ws[8];
        size_t nw = trygg_thread_count(q.nk, 8);
        for (size_t i = 0; i < nw; i++)
            ws[i] = (bound_worker_arg){&q, i > 0};
        trygg_run_workers(bound_worker, ws, sizeof *ws, nw);
    }
    for (size_t i = 0; st == TRYGG_OK && i < q.nk; i++) {
        st = q.st[i];
        for (size_t j = 0; st == TRYGG_OK && j < q.found[i].n; j++) {
            const trygg_audit_finding *x = &q.found[i].f[j];
            st = trygg_audit_addf(a, x->kind, x->year, x->level, x->domain, x->indicator,
                                  x->low, x->high, "%s", x->how);
        }
    }
    for (size_t i = 0; q.found && i < q.nk; i++) {
        free(q.found[i].f);
        trygg_dict_free(&q.found[i].pool);
    }
    free(q.found);
    free(q.st);
    pthread_mutex_destroy(&q.lock);
    return st;
}
