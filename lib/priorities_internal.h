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

#endif
