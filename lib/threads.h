/* Internal: how many threads the library's parallel parts use. */
#ifndef TRYGG_THREADS_H
#define TRYGG_THREADS_H

#include <stddef.h>

/** The limit set on this thread (trygg_thread_limit_set), else one per
 *  processor, fewer when the environment variable TRYGG_THREADS says so
 *  (1 = no threads); at most `max` and at most `njobs` (≥ 1). */
size_t trygg_thread_count(size_t njobs, size_t max);

/** Sets the calling thread's thread limit (0: none, as without one) and
 *  returns the one it had, to be restored. */
size_t trygg_thread_limit_set(size_t n);

/** fn on each of the n (at most 8) workers, `size` bytes apart from
 *  `workers`: the first on the calling thread, the others on threads of
 *  their own, joined before it returns. fn takes jobs from a shared queue,
 *  so a thread that cannot be started leaves its share to the others. */
void trygg_run_workers(void *(*fn)(void *), void *workers, size_t size, size_t n);

#endif
