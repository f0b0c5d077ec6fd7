/* Internal: p-values adjusted for the number of items compared. */
#ifndef TRYGG_PADJUST_H
#define TRYGG_PADJUST_H

#include <stddef.h>

#include "trygg.h"

/** Holm, Benjamini–Hochberg or no adjustment of p[0..n-1] into adj (NaN p
 *  values are left out and stay NaN). Returns TRYGG_ERR_NOMEM or OK. */
trygg_status trygg_p_adjust(const double *p, size_t n, trygg_adjust method,
                            double *adj);

#endif
