/* Internal: the audit's state, shared by its driver (audit.c) and its two
 * systems of checks (audit_checks.c: spans and bounds). */
#ifndef TRYGG_AUDIT_INTERNAL_H
#define TRYGG_AUDIT_INTERNAL_H

#include "dict.h"
#include "publication_internal.h"
#include "suppression_internal.h"
#include "trygg.h"

struct trygg_audit {
    trygg_audit_finding *f;
    size_t n, cap;
    trygg_dict pool;
    size_t cells, protected_cells, disclosed;
};

/* One year of the publication, cell by cell (flat domain × indicator). */
typedef struct {
    trygg_publication *pub;
    int year;
    const trygg_pattern *pt;   /* the year's lattice, no decisions */
    size_t nind;
    uint8_t *shown, *marked;
    const trygg_pub_cell *cells;   /* the publication's (where each is shown) */
    const trygg_pub_cell *resp;    /* the respondents' counts a response
                                      table printed or marked (per domain) */
} trygg_audit_year;

/** Adds a finding; `how` is formatted as printf does. */
trygg_status trygg_audit_addf(trygg_audit *a, trygg_audit_kind kind, int year,
                              const char *level, const char *domain,
                              const char *indicator, double low, double high,
                              const char *fmt, ...)
    __attribute__((format(printf, 9, 10)));

size_t trygg_audit_level_of(const trygg_pattern *pt, size_t f);
const char *trygg_audit_domain_name(const trygg_pattern *pt, size_t f);
/** Valid answers to indicator k in flat domain f, or its respondents (k < 0). */
double trygg_audit_count_of(const trygg_audit_year *y, size_t f, long k);
/** 1 when the cell has fewer than min_n answers (k < 0: respondents), or its
 *  domain fewer than min_n respondents, and more than none. */
int trygg_audit_sensitive(const trygg_audit_year *y, size_t f, long k);

/** Check 3: protected cells in the span of printed ones. */
trygg_status trygg_audit_spans(trygg_audit *a, const trygg_audit_year *y);
/** Check 4: protected counts bounded narrower than `protection`. */
trygg_status trygg_audit_bounds(trygg_audit *a, const trygg_audit_year *y, int protection);

#endif
