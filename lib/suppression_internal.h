/* Internal: the pattern of hidden cells of a year, shared by the decision
 * (suppression.c) and its uses (suppression_apply.c, the audit). */
#ifndef TRYGG_SUPPRESSION_INTERNAL_H
#define TRYGG_SUPPRESSION_INTERNAL_H

#include <stdint.h>

#include "lattice.h"
#include "suppression.h"

/* Level a nests in level b: the children of b's domain p are
 * kids[first[p] .. first[p + 1]). */
typedef struct {
    size_t a, b;
    size_t *first;
    uint32_t *kids;
} trygg_nest;

struct trygg_pattern {
    int year;
    int min_n;
    trygg_lattice lat;     /* the definition's levels */
    size_t *off;           /* per level: first flat index of its domains */
    size_t ndom;           /* flat domains over every level */
    trygg_nest *nests;
    size_t nnests;
    size_t nfam;           /* questions: indicators decided together */
    size_t *fam;           /* per indicator */
    uint8_t *hidden;       /* nfam × ndom */
    uint8_t *resp_hidden;  /* ndom: the respondents' counts hidden (step 1) */
};

/* The rows of one system of equations: per flat domain, its atoms where the
 * members (indicators; none = the respondents) have answers:
 * atoms[first[f] .. first[f + 1]). */
typedef struct {
    uint8_t *atom_on;
    size_t *first;
    uint32_t *atoms;
    size_t *order;       /* flat domains, shortest rows first */
} trygg_sys_rows;

trygg_status trygg_sys_rows_build(const trygg_pattern *p, const size_t *members,
                                  size_t nmembers, trygg_sys_rows *r);
void trygg_sys_rows_free(trygg_sys_rows *r);

/** Fills p->fam and p->nfam: the indicators of one item are one question
 *  (decided together); every other indicator is a question of its own. */
trygg_status trygg_pattern_questions(trygg_pattern *p, const trygg_definition *def);

/**
 * The lattice of the year with its flat domain index and nests, and (when
 * `decide`) the hidden cells; without, p->hidden is NULL (the audit's use:
 * it judges what a run published, not what it should have).
 */
trygg_status trygg_pattern_build_lattice(const trygg_survey *sv, int year, int decide,
                                         trygg_pattern **out);

/** Fills p->fam, p->nfam and p->hidden from the lattice and nests. */
trygg_status trygg_pattern_decide(trygg_pattern *p);

/** Flat index of (level, domain) in the pattern, or -1. */
long trygg_pattern_cell(const trygg_pattern *p, const char *level, const char *domain);

#endif
