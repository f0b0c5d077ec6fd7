/* Internal: the lattice of a year's published cells. Every level and
 * crossing of the definition partitions the year's respondents; an atom is
 * one combination of all those levels' columns (and any extra columns asked
 * for, such as sex and age group), so every domain of every level is a
 * union of atoms. Published counts and weighted sums are sums over atoms:
 * what a reader can work out from them is linear algebra over the atoms
 * (span.h), which is how disclosure control reasons about them. */
#ifndef TRYGG_LATTICE_H
#define TRYGG_LATTICE_H

#include <stddef.h>
#include <stdint.h>

#include "definition_internal.h"
#include "dict.h"
#include "trygg.h"

#define TRYGG_NO_DOMAIN UINT32_MAX

typedef struct {
    const char *name;     /* the level's name ("district*sex") */
    trygg_dict names;     /* its domains in the year, by index */
    uint32_t *dom;        /* per atom: domain, TRYGG_NO_DOMAIN when blank */
    size_t *first;        /* CSR: atoms of domain d are */
    uint32_t *atoms;      /*   atoms[first[d] .. first[d + 1]), ascending */
} trygg_lattice_level;

typedef struct {
    const trygg_survey *sv;
    int year;
    size_t natoms;
    size_t nind;
    uint32_t *respondents;  /* per atom */
    uint32_t *valid;        /* per atom and indicator: valid[a * nind + k] */
    size_t nlevels;
    trygg_lattice_level *levels;
} trygg_lattice;

/**
 * The lattice of `year`: atoms from the columns of every level in `levels`
 * (nlevels of them, e.g. the definition's) and of the `extra` columns, and
 * each level's domains as sets of atoms. Levels whose columns the data lack
 * get no domains. Returns TRYGG_OK or TRYGG_ERR_NOMEM / TRYGG_ERR_LIMIT.
 */
trygg_status trygg_lattice_build(const trygg_survey *sv, int year,
                                 const trygg_level *levels, size_t nlevels,
                                 const char *const *extra, size_t nextra,
                                 trygg_lattice *lat);
void trygg_lattice_free(trygg_lattice *lat);

/** Index of the level named `name`, or -1. */
long trygg_lattice_level_find(const trygg_lattice *lat, const char *name);

/** Number of domains of level l. */
static inline size_t trygg_lattice_ndom(const trygg_lattice *lat, size_t l)
{
    return lat->levels[l].names.count;
}

/** Respondents of domain d of level l. */
double trygg_lattice_respondents(const trygg_lattice *lat, size_t l, uint32_t d);
/** Valid answers to indicator k in domain d of level l. */
double trygg_lattice_valid(const trygg_lattice *lat, size_t l, uint32_t d, size_t k);

#endif
