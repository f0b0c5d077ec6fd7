/* The thread count of loading and estimation (threads.h). */
#include "threads.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

/* The calling thread's limit (an analysis's threads option) while one of
 * its calls runs; 0: none. Per thread, so that two analyses on two
 * threads keep their own. */
static _Thread_local size_t limit;

size_t trygg_thread_limit_set(size_t n)
{
    size_t old = limit;
    limit = n;
    return old;
}

size_t trygg_thread_count(size_t njobs, size_t max)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    const char *env = getenv("TRYGG_THREADS");
    if (limit > 0)
        n = limit < (size_t)LONG_MAX ? (long)limit : LONG_MAX;
    else if (env && atol(env) > 0 && atol(env) < n)
        n = atol(env);
    if (n < 1)
        n = 1;
    if ((size_t)n > max)
        n = (long)max;
    if ((size_t)n > njobs)
        n = (long)njobs;
    return n > 0 ? (size_t)n : 1;
}

void trygg_run_workers(void *(*fn)(void *), void *workers, size_t size, size_t n)
{
    pthread_t tid[8];
    char *w = workers;
    size_t started = 0;
    for (size_t i = 1; i < n && i < 8; i++, started++)
        if (pthread_create(&tid[i - 1], NULL, fn, w + i * size) != 0)
            break;
    if (n)
        fn(w);
    for (size_t i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
}
