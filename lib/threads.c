/* The thread count of loading and estimation (threads.h). */
#include "threads.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

size_t trygg_thread_count(size_t njobs, size_t max)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    const char *env = getenv("TRYGG_THREADS");
    if (env && atol(env) > 0 && atol(env) < n)
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
