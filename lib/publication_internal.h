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
#include "suppression_internal.h"
#include "trygg.h"

enum { TRYGG_CELL_SHOWN = 1, TRYGG_CELL_MARKED = 2 };

/* What is known of one cell: TRYGG_CELL_*, and where it is first shown
 * (the table, its line or row, and how: "estimate", "change", ...). */
typedef struct {
    uint8_t state;
    uint16_t table;
    uint32_t line;
    const char *what;      /* a constant string */
} trygg_pub_cell;

/* One survey year: its lattice and a cell per flat domain and indicator. */
struct trygg_pattern;
typedef struct {
    struct trygg_pattern *pt;  /* built when the year is first named */
    trygg_pub_cell *cells;     /* pt->ndom × nind */
    trygg_pub_cell *resp;      /* pt->ndom: the respondents' counts, as a
                                  response table shows them */
} trygg_pub_year;

/* A row that gives a suppressed cell away by itself. */
typedef struct {
    int year;
    const char *level, *domain, *indicator;  /* pooled */
    const char *how;                         /* pooled */
} trygg_pub_leak;

/* A table read or added: its name, and whether its lines are a file's. */
typedef struct {
    char *name;
    int file;
} trygg_pub_table;

struct trygg_publication {
    const trygg_survey *sv;
    trygg_pub_year *years;  /* per survey year */
    trygg_dict pool;
    trygg_pub_table *tables;
    size_t ntables;
    unsigned long line;     /* the row being read: its line (or row number) */
    trygg_pub_leak *leaks;
    size_t nleaks, leak_cap;
    size_t rows;            /* read so far */
    size_t unknown;         /* references to cells the data do not have */
};

/** Starts a table (a file when `file`, else a table in memory). */
trygg_status trygg_pub_table_begin(trygg_publication *p, const char *name, int file);
/** "estimates.csv:12 (change)" or "estimates row 12 (change)" for a cell's
 *  first showing: a new string (caller frees), NULL when out of memory. */
char *trygg_pub_where(const trygg_publication *p, const trygg_pub_cell *c);

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

/** A number of the cell (or one made from it) is printed on the current
 *  table's current line, as `what` (a constant: "estimate", "change"). */
trygg_status trygg_pub_show(trygg_publication *p, int year, const char *level,
                            const char *domain, size_t k, const char *what);
/** trygg_pub_show() of the cell in every survey year from..to in which the
 *  domain has answers (the years a change or a trend is made of). */
trygg_status trygg_pub_show_years(trygg_publication *p, int from, int to,
                                  const char *level, const char *domain, size_t k,
                                  const char *what);
/** An output says the cell is suppressed. */
trygg_status trygg_pub_mark(trygg_publication *p, int year, const char *level,
                            const char *domain, size_t k);
/** The respondents' count of (year, level, domain) is printed (a response
 *  table's answers), or marked suppressed. */
trygg_status trygg_pub_show_respondents(trygg_publication *p, int year, const char *level,
                                        const char *domain, const char *what);
trygg_status trygg_pub_mark_respondents(trygg_publication *p, int year, const char *level,
                                        const char *domain);
/** The current row gives a suppressed cell away by itself (`how` says
 *  how; the table and line are added). */
trygg_status trygg_pub_leak_add(trygg_publication *p, int year, const char *level,
                                const char *domain, const char *indicator,
                                const char *how);

#endif
