/* Internal: how narrowly published counts bound a hidden one. Counts are
 * non-negative sums over atoms; given the published sums (equalities), the
 * smallest and largest value a hidden cell's count can take is a pair of
 * linear programmes (GLPK's simplex, warm-started from one target to the
 * next). GLPK prints and aborts on its own: here its output is off and its
 * errors come back as a status. */
#ifndef TRYGG_AUDIT_BOUNDS_H
#define TRYGG_AUDIT_BOUNDS_H

#include <stddef.h>
#include <stdint.h>

#include "trygg.h"

typedef struct trygg_bounds trygg_bounds;

/** An LP over `nvars` non-negative variables (the atoms in play). */
trygg_status trygg_bounds_new(size_t nvars, trygg_bounds **out);
void trygg_bounds_free(trygg_bounds *b);

/** Σ x[vars[i]] = rhs (vars distinct). */
trygg_status trygg_bounds_equal(trygg_bounds *b, const uint32_t *vars, size_t n, double rhs);

/** The least Σ x[vars[i]] under the equalities (0 with no variables).
 *  TRYGG_ERR_NUMERIC when GLPK fails. */
trygg_status trygg_bounds_low(trygg_bounds *b, const uint32_t *vars, size_t n, double *low);
/** The greatest, INFINITY when nothing bounds it. */
trygg_status trygg_bounds_high(trygg_bounds *b, const uint32_t *vars, size_t n, double *high);

/** Frees GLPK's environment of the calling thread (it keeps one a thread,
 *  which a worker's end would leak); no bounds object of the thread may
 *  be alive. */
void trygg_bounds_thread_done(void);

#endif
