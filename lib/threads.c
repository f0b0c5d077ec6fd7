/* The thread count of loading and estimation (threads.h). */
#include "threads.h"

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
