/* Loading a survey's files several at a time. Each file is read and parsed
 * on its own into a part (a one-file survey with its own dictionaries and
 * its own diagnostics) by one of a few worker threads; the calling thread
 * appends the parts in file order, renumbering their names, so rows, name
 * indices, diagnostics and status come out as a one-by-one load makes them.
 *
 * The one thing a part cannot know is the caller's diagnostic list: once
 * that list is full, the loader stops reading early. So a part is taken
 * only when all its diagnostics fit in the list's room; from the first
 * part that does not fit, the remaining files are loaded again one by one
 * into the list itself, exactly as a one-by-one load would. */
#include "survey_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csv_reader.h"
#include "errors_internal.h"
#include "threads.h"

#define TRYGG_MAX_FILE_BYTES ((size_t)2 << 30)
#define MAX_THREADS 8
#define AHEAD 2   /* files a worker may parse ahead of the merge, per thread */
/* ... or more, while the files parsed and not yet merged are smaller than
 * this: one municipality's file can be fifty times another's, and the
 * other workers should not wait for it with a fixed count of files. */
#define AHEAD_BYTES ((size_t)48 << 20)

typedef struct {
    const char *path;
    size_t bytes_before;  /* of the files before it in the list */
    trygg_survey *part;
    trygg_errors *err;   /* the part's diagnostics */
    trygg_status st;
    int done;
} job;

typedef struct {
    const trygg_definition *def;
    int only_year;       /* the survey's (trygg_survey.only_year) */
    job *jobs;
    size_t njobs, next, merged, ahead;
    size_t max_kept;     /* 0: the caller keeps no diagnostics */
    int quit;
    pthread_mutex_t mu;
    pthread_cond_t cv;
} pool;

static trygg_status load_one(trygg_survey *sv, const char *path,
                             trygg_errors *err)
{
    return trygg_survey_parse_path(sv, path, TRYGG_MAX_FILE_BYTES, err);
}

/* One file into a new part of its own. */
static trygg_status load_part(const pool *p, const char *path, trygg_survey **part,
                              trygg_errors *err)
{
    trygg_status st = trygg_survey_new_empty(p->def, part);
    if (st != TRYGG_OK)
        return st;
    (*part)->only_year = p->only_year;
    return load_one(*part, path, err);
}

static void *worker(void *arg)
{
    pool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->quit && p->next < p->njobs && p->next >= p->merged + p->ahead &&
               p->jobs[p->next].bytes_before - p->jobs[p->merged].bytes_before >
                   AHEAD_BYTES)
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->quit || p->next >= p->njobs)
            break;
        job *j = &p->jobs[p->next++];
        pthread_mutex_unlock(&p->mu);
        j->err = p->max_kept ? trygg_errors_new(p->max_kept) : NULL;
        j->st = p->max_kept && !j->err ? TRYGG_ERR_NOMEM
                                       : load_part(p, j->path, &j->part, j->err);
        pthread_mutex_lock(&p->mu);
        j->done = 1;
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Rows the survey will have, from those of the files merged so far. */
static size_t estimate_rows(size_t rows, size_t bytes_done, size_t bytes_all)
{
    if (bytes_done == 0 || bytes_all <= bytes_done)
        return rows;
    double est = (double)rows * ((double)bytes_all / (double)bytes_done) * 1.02;
    return est < (double)SIZE_MAX / 2 ? (size_t)est + 1 : rows;
}

static size_t file_bytes(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && sb.st_size > 0 ? (size_t)sb.st_size : 0;
}

/* Takes job i's part into sv (or loads its file again one by one). */
static trygg_status merge_job(pool *p, size_t i, trygg_survey *sv,
                              trygg_errors *err, int *redo)
{
    job *j = &p->jobs[i];
    if (!*redo && j->st != TRYGG_ERR_NOMEM &&
        trygg_errors_total(j->err) < trygg_errors_room(err)) {
        trygg_errors_take(err, j->err);
    } else {
        *redo = 1;
        trygg_survey_free(j->part);
        j->part = NULL;
        j->st = load_part(p, j->path, &j->part, err);
    }
    trygg_status st = j->st;
    if (j->part && st != TRYGG_ERR_NOMEM) {
        trygg_status ast = trygg_survey_append(sv, j->part);
        if (ast == TRYGG_ERR_LIMIT)
            trygg_errors_add(err, j->path, 0, 0, "with this file the survey's ids or "
                             "names take more than 4 GB in all: split the survey");
        if (ast != TRYGG_OK)
            st = ast;
    }
    trygg_survey_free(j->part);
    j->part = NULL;
    trygg_errors_free(j->err);
    j->err = NULL;
    return st;
}

static void stop_workers(pool *p, pthread_t *tid, size_t nthreads)
{
    pthread_mutex_lock(&p->mu);
    p->quit = 1;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    for (size_t t = 0; t < nthreads; t++)
        pthread_join(tid[t], NULL);
}

static size_t thread_count(size_t njobs)
{
    return njobs ? trygg_thread_count(njobs, MAX_THREADS) : 0;
}

/* The files in order, as the one-by-one load does: the status is the first
 * file's failure, or NOMEM / IO, which end the load. */
static trygg_status load_sequential(trygg_survey *sv, char *const *paths,
                                    size_t npaths, trygg_errors *err)
{
    trygg_status st = TRYGG_OK;
    size_t bytes_all = 0, bytes_done = 0;
    for (size_t i = 0; npaths > 1 && i < npaths; i++)
        bytes_all += file_bytes(paths[i]);
    for (size_t i = 0; i < npaths && st != TRYGG_ERR_NOMEM && st != TRYGG_ERR_IO; i++) {
        if (i == 1 && trygg_survey_reserve_exact(
                          sv, estimate_rows(sv->nrows, bytes_done, bytes_all)) != TRYGG_OK)
            return TRYGG_ERR_NOMEM;
        bytes_done += npaths > 1 ? file_bytes(paths[i]) : 0;
        trygg_status fs = load_one(sv, paths[i], err);
        if (st == TRYGG_OK || fs == TRYGG_ERR_NOMEM || fs == TRYGG_ERR_IO)
            st = fs;
    }
    return st;
}

static trygg_status merge_all(pool *p, trygg_survey *sv, trygg_errors *err,
                              pthread_t *tid, size_t nthreads)
{
    size_t bytes_all = 0, bytes_done = 0;
    for (size_t i = 0; i < p->njobs; i++)
        bytes_all += file_bytes(p->jobs[i].path);
    trygg_status st = TRYGG_OK;
    int redo = 0;
    for (size_t i = 0; i < p->njobs && st != TRYGG_ERR_NOMEM && st != TRYGG_ERR_IO; i++) {
        if (!redo) {
            pthread_mutex_lock(&p->mu);
            while (!p->jobs[i].done)
                pthread_cond_wait(&p->cv, &p->mu);
            pthread_mutex_unlock(&p->mu);
        }
        int was_redo = redo;
        trygg_status fs = TRYGG_OK;
        if (p->jobs[i].part && !redo) {
            bytes_done += file_bytes(p->jobs[i].path);
            size_t want = sv->nrows + p->jobs[i].part->nrows;
            if (want > sv->cap &&
                trygg_survey_reserve_exact(sv, estimate_rows(want, bytes_done,
                                                             bytes_all)) != TRYGG_OK)
                fs = TRYGG_ERR_NOMEM;
        }
        if (fs == TRYGG_OK)
            fs = merge_job(p, i, sv, err, &redo);
        if (redo && !was_redo)
            stop_workers(p, tid, nthreads);  /* the rest goes one by one */
        if (st == TRYGG_OK || fs == TRYGG_ERR_NOMEM || fs == TRYGG_ERR_IO)
            st = fs;
        pthread_mutex_lock(&p->mu);
        p->merged = i + 1;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
    }
    if (!redo)
        stop_workers(p, tid, nthreads);
    return st;
}

trygg_status trygg_survey_load_files(trygg_survey *sv, char *const *paths,
                                     size_t npaths, trygg_errors *err)
{
    size_t nthreads = thread_count(npaths);
    if (nthreads < 2)
        return load_sequential(sv, paths, npaths, err);
    pool p = {.def = sv->def, .only_year = sv->only_year, .njobs = npaths, .ahead = AHEAD * nthreads,
              .max_kept = trygg_errors_max_kept(err)};
    pthread_t tid[MAX_THREADS];
    p.jobs = calloc(npaths, sizeof *p.jobs);
    if (!p.jobs)
        return TRYGG_ERR_NOMEM;
    for (size_t i = 0; i < npaths; i++) {
        p.jobs[i].path = paths[i];
        p.jobs[i].bytes_before = i ? p.jobs[i - 1].bytes_before + file_bytes(paths[i - 1]) : 0;
    }
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);
    size_t started = 0;
    while (started < nthreads &&
           pthread_create(&tid[started], NULL, worker, &p) == 0)
        started++;
    trygg_status st;
    if (started == 0) {
        st = load_sequential(sv, paths, npaths, err);
    } else {
        st = merge_all(&p, sv, err, tid, started);
        trygg_survey_fit(sv);
    }
    for (size_t i = 0; i < npaths; i++) {  /* parts the merge did not reach */
        trygg_survey_free(p.jobs[i].part);
        trygg_errors_free(p.jobs[i].err);
    }
    pthread_cond_destroy(&p.cv);
    pthread_mutex_destroy(&p.mu);
    free(p.jobs);
    return st;
}
