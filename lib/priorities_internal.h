/* Internal: tables of priorities and follow-ups. */
#ifndef TRYGG_PRIORITIES_INTERNAL_H
#define TRYGG_PRIORITIES_INTERNAL_H

#include "dict.h"
#include "trygg.h"

struct trygg_priorities {
    trygg_priority_row *rows;
    size_t count, cap;
    trygg_dict pool;
};

struct trygg_followups {
    trygg_followup_row *rows;
    size_t count, cap;
    trygg_dict pool;
};

/** Copies `opt` (NULL: defaults) into *o with the definition's defaults
 *  filled in, and estimates every indicator, area and year by linearization
 *  into *all (what priorities and follow-ups look their numbers up in). */
trygg_status trygg_priority_estimates(const trygg_survey *sv,
                                      const trygg_priority_options *opt,
                                      trygg_priority_options *o,
                                      trygg_results **all, trygg_errors *err);

#endif
