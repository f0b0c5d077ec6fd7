/* Internal: the one significance decision of changes, contrasts and
 * trends (see trygg_change_row in trygg.h). */
#ifndef TRYGG_SIGNIFICANCE_H
#define TRYGG_SIGNIFICANCE_H

#include "trygg.h"

/** Adjusts the p-values of every family of rows in `c` (rows of the same
 *  level, domain, other level and domain, and years) by `adjust` and sets
 *  p_adjusted, significant, alpha, adjust and family_size. Returns
 *  TRYGG_ERR_NOMEM or TRYGG_OK. */
trygg_status trygg_changes_decide(trygg_changes *c, double alpha, trygg_adjust adjust);

/** The decision for one row alone (a family of one). */
void trygg_change_decide_one(trygg_change_row *r, double alpha, trygg_adjust adjust);

#endif
