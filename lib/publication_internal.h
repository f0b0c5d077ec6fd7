/* Internal: what a run has published, cell by cell, as the disclosure
 * audit sees it. A cell is (year, level, domain, indicator); it is *shown*
 * when any output prints a number of it or of a figure made from it (a
 * change, a trend, a contrast, a gap, a priority's comparisons), and
 * *marked* when an output says it is suppressed. Rows that say more about a
 * suppressed cell than "suppressed" are findings of their own. */
#ifndef TRYGG_PUBLICATION_INTERNAL_H
#define TRYGG_PUBLICATION_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "dict.h"
#include "trygg.h"

enum { TRYGG_CELL_SHOWN = 1, TRYGG_CELL_MARKED = 2 };

typedef struct {
    int year;
    size_t level;          /* index of the definition's level */
    const char *domain;    /* pooled */
    size_t k;
    unsigned state;        /* TRYGG_CELL_* */
    const char *shown_at;  /* "estimates.csv:12 (change)", pooled */
} trygg_pub_cell;

/* A row that gives a suppressed cell away by itself. */
typedef struct {
    int year;
    const char *level, *domain, *indicator;  /* pooled */
    const char *how;                         /* pooled */
} trygg_pub_leak;

struct trygg_pattern;

struct trygg_publication {
    const trygg_survey *sv;
    struct trygg_pattern **lattices;   /* per survey year, built when needed */
    trygg_dict keys;        /* "year|level|domain|k" -> cell index */
    trygg_dict pool;
    trygg_pub_cell *cells;
    size_t ncells, cap;
    trygg_pub_leak *leaks;
    size_t nleaks, leak_cap;
    size_t tables, rows;    /* read so far */
    size_t unknown;         /* references to cells the data do not have */
};

/** A pooled copy of s, living as long as p. */
const char *trygg_pub_pool(trygg_publication *p, const char *s);
/** The year's lattice (a pattern without decisions); NULL for a year the
 *  survey does not have. */
trygg_status trygg_pub_lattice(trygg_publication *p, int year,
                               const struct trygg_pattern **out);
/** Index of the definition's level `name`, or -1. */
long trygg_pub_level(const trygg_publication *p, const char *name);
/** The first of the definition's levels with a domain named `domain` in
 *  `year`, or NULL. */
const char *trygg_pub_level_of(trygg_publication *p, int year, const char *domain);

/** A number of the cell (or one made from it) is printed `where`. */
trygg_status trygg_pub_show(trygg_publication *p, int year, const char *level,
                            const char *domain, size_t k, const char *where);
/** trygg_pub_show() of the cell in every survey year from..to in which the
 *  domain has answers (the years a change or a trend is made of). */
trygg_status trygg_pub_show_years(trygg_publication *p, int from, int to,
                                  const char *level, const char *domain, size_t k,
                                  const char *where);
/** An output says the cell is suppressed. */
trygg_status trygg_pub_mark(trygg_publication *p, int year, const char *level,
                            const char *domain, size_t k);
/** A row gives a suppressed cell away by itself (`how` says how). */
trygg_status trygg_pub_leak_add(trygg_publication *p, int year, const char *level,
                                const char *domain, const char *indicator,
                                const char *how);

#endif
