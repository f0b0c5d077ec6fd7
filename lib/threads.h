/* Internal: how many threads the library's parallel parts use. */
#ifndef TRYGG_THREADS_H
#define TRYGG_THREADS_H

#include <stddef.h>

/** One per processor, fewer when the environment variable TRYGG_THREADS
 *  says so (1 = no threads), at most `max` and at most `njobs` (≥ 1). */
size_t trygg_thread_count(size_t njobs, size_t max);

#endif
