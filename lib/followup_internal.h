/* Internal: the follow-up's words for numbers, and its comparison with the
 * enclosing area (followup_parent.c). */
#ifndef TRYGG_FOLLOWUP_INTERNAL_H
#define TRYGG_FOLLOWUP_INTERNAL_H

#include <stddef.h>

#include "dict.h"
#include "trygg.h"

/** `v` printed by the printf format `fmt` (one double) as a reader expects
 *  it: with `sv`, a decimal comma and the minus sign U+2212. */
void trygg_fu_number(char *buf, size_t size, const char *fmt, double v, int sv);
/** "p = 0,254", "p < 0,001" (Swedish with `sv`) or "p = 0.254". */
void trygg_fu_p_text(char *buf, size_t size, double p, int sv);

/** The contrasts of each survey year (every area with its enclosing area),
 *  made when a promise first needs the year. */
typedef struct {
    trygg_changes **year;   /* per survey year index; NULL until made */
    size_t nyears;
} trygg_fu_contrasts;

void trygg_fu_contrasts_free(trygg_fu_contrasts *c);

/** Fills r's parent_* and difference_* fields (see trygg_followup_row)
 *  from the estimates `all` and the two years' contrasts, the analysis's
 *  (made once per year into `cache`); `o`'s level and alpha decide the
 *  interval and difference_significant. Strings are pooled in `pool`.
 *  TRYGG_OK, or the contrasts' errors. */
trygg_status trygg_fu_beside_parent(trygg_analysis *an, const trygg_results *all,
                                    const trygg_priority_options *o,
                                    trygg_fu_contrasts *cache, trygg_dict *pool,
                                    trygg_followup_row *r, trygg_errors *err);

/** Sets the fields above to "no comparison": NaN, "" names and texts. */
void trygg_fu_no_parent(trygg_followup_row *r);

#endif
