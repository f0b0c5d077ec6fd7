/* Internal: is a cell a linear combination of published cells? Published
 * counts and weighted sums of domains are sums over atoms (lattice.h), so a
 * hidden domain can be worked out exactly when its 0/1 row over the atoms
 * lies in the row space of the published domains' rows. The rows are
 * reduced to echelon form in exact arithmetic modulo the prime 2^61 − 1
 * (no rounding, no tolerance): for the 0/1 rows of nested and crossed
 * levels a dependence over the rationals is one modulo the prime, and a
 * dependence that holds only modulo the prime (which needs a minor divisible
 * by it) can only make suppression stricter. Sparse rows, pivots at the
 * lowest atom, each basis row remembering which published rows it is made
 * of, so that a disclosure can name the cells that give it away. */
#ifndef TRYGG_SPAN_H
#define TRYGG_SPAN_H

#include <stddef.h>
#include <stdint.h>

#include "trygg.h"

typedef struct trygg_span trygg_span;

/** An empty span over `ncols` columns (atoms). */
trygg_status trygg_span_new(size_t ncols, trygg_span **out);
void trygg_span_free(trygg_span *s);

/** Adds the 0/1 row with ones at `cols` (n ascending, distinct columns),
 *  known by `id`. */
trygg_status trygg_span_add(trygg_span *s, uint32_t id, const uint32_t *cols, size_t n);

/**
 * *in = 1 when the 0/1 row `cols` is a combination of the rows added; then
 * *ids (owned by `s`, valid until the next call) lists the *nids rows with a
 * non-zero coefficient in one such combination, ascending.
 */
trygg_status trygg_span_contains(trygg_span *s, const uint32_t *cols, size_t n,
                                 int *in, const uint32_t **ids, size_t *nids);

/** The coefficient of (*ids)[i] in the combination trygg_span_contains()
 *  found last, as a small signed whole number; 0 when it is not one (a
 *  fraction or a large number: say "a multiple"). */
long trygg_span_coefficient(const trygg_span *s, size_t i);

/** Rank of the rows added. */
size_t trygg_span_rank(const trygg_span *s);

#endif
