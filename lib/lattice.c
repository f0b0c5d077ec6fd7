/* The atoms of a year and each level's domains as sets of atoms. */
#include "lattice.h"

#include <stdlib.h>
#include <string.h>

#include "definition_internal.h"
#include "year.h"
#include "survey_internal.h"

/* The distinct category columns the atoms are made of. */
typedef struct {
    long *col;
    size_t n;
} atom_cols;

static trygg_status add_col(const trygg_survey *sv, const char *name, atom_cols *c)
{
    long k = trygg_survey_col_find(sv, name, TRYGG_COL_CAT);
    if (k < 0)
        return TRYGG_OK;   /* the data lack it: levels on it have no domains */
    for (size_t i = 0; i < c->n; i++)
        if (c->col[i] == k)
            return TRYGG_OK;
    long *n = realloc(c->col, (c->n + 1) * sizeof *n);
    if (!n)
        return TRYGG_ERR_NOMEM;
    c->col = n;
    c->col[c->n++] = k;
    return TRYGG_OK;
}

static trygg_status cols_of(const trygg_survey *sv, const trygg_level *levels,
                            size_t nlevels, const char *const *extra, size_t nextra,
                            atom_cols *c)
{
    trygg_status st = TRYGG_OK;
    for (size_t l = 0; l < nlevels && st == TRYGG_OK; l++)
        for (size_t j = 0; j < levels[l].ncols && st == TRYGG_OK; j++)
            st = add_col(sv, levels[l].cols[j], c);
    for (size_t j = 0; j < nextra && st == TRYGG_OK; j++)
        st = add_col(sv, extra[j], c);
    return st;
}

static uint64_t key_hash(const uint32_t *key, size_t w)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < w; i++)
        h = (h ^ key[i]) * 1099511628211ull;
    return h ^ (h >> 31);
}

/* Atoms by open addressing over their keys; rep[a] is a row of atom a. */
typedef struct {
    size_t w, n, cap, nslots;
    uint32_t *keys;      /* cap × w */
    size_t *rep;
    uint32_t *slots;     /* atom + 1, 0 = empty */
} atom_table;

static trygg_status table_grow(atom_table *t)
{
    size_t cap = t->cap ? 2 * t->cap : 1024, ns = 2 * cap;
    uint32_t *keys = realloc(t->keys, cap * t->w * sizeof *keys + 1);
    size_t *rep = realloc(t->rep, cap * sizeof *rep);
    uint32_t *slots = calloc(ns, sizeof *slots);
    if (keys)
        t->keys = keys;
    if (rep)
        t->rep = rep;
    if (!keys || !rep || !slots) {
        free(slots);
        return TRYGG_ERR_NOMEM;
    }
    for (size_t a = 0; a < t->n; a++) {
        size_t at = key_hash(t->keys + a * t->w, t->w) & (ns - 1);
        while (slots[at])
            at = (at + 1) & (ns - 1);
        slots[at] = (uint32_t)a + 1;
    }
    free(t->slots);
    t->slots = slots;
    t->cap = cap;
    t->nslots = ns;
    return TRYGG_OK;
}

static trygg_status atom_of(atom_table *t, const uint32_t *key, size_t row, uint32_t *a)
{
    if (t->n == t->cap) {
        if (t->n >= UINT32_MAX - 1)
            return TRYGG_ERR_LIMIT;
        trygg_status st = table_grow(t);
        if (st != TRYGG_OK)
            return st;
    }
    size_t at = key_hash(key, t->w) & (t->nslots - 1);
    for (; t->slots[at]; at = (at + 1) & (t->nslots - 1)) {
        uint32_t x = t->slots[at] - 1;
        if (memcmp(t->keys + (size_t)x * t->w, key, t->w * sizeof *key) == 0) {
            *a = x;
            return TRYGG_OK;
        }
    }
    *a = (uint32_t)t->n;
    memcpy(t->keys + t->n * t->w, key, t->w * sizeof *key);
    t->rep[t->n++] = row;
    t->slots[at] = *a + 1;
    return TRYGG_OK;
}

/* Valid answers to indicator k per atom. A share's validity is its code's
 * (a table of codes, as the year's value bytes are made); anything else asks
 * the indicator row by row. */
static void count_valid(const trygg_survey *sv, size_t k, const size_t *row,
                        const uint32_t *atom, size_t n, trygg_lattice *lat)
{
    const trygg_indicator *ind = &sv->def->indicators[k];
    uint32_t *valid = lat->valid + k;
    size_t nind = lat->nind;
    if (ind->type == TRYGG_IND_SHARE) {
        const uint8_t *code = sv->cols[sv->item_col[ind->items[0]]].code;
        uint8_t lut[256];
        for (unsigned c = 0; c < 256; c++)
            lut[c] = c != TRYGG_CODE_MISSING && c < TRYGG_MAX_CODES && ind->valid_codes[c];
        for (size_t i = 0; i < n; i++)
            valid[(size_t)atom[i] * nind] += lut[code[row[i]]];
        return;
    }
    for (size_t i = 0; i < n; i++)
        valid[(size_t)atom[i] * nind] += trygg_indicator_status(sv, k, row[i]) == TRYGG_V_VALID;
}

/* The year's rows and the atom of each. */
static trygg_status atoms_of_rows(const trygg_survey *sv, int year, const atom_cols *c,
                                  atom_table *t, size_t **rows, uint32_t **atoms,
                                  size_t *n)
{
    *n = 0;
    for (size_t r = 0; r < sv->nrows; r++)
        *n += sv->year[r] == year;
    *rows = malloc((*n + 1) * sizeof **rows);
    *atoms = malloc((*n + 1) * sizeof **atoms);
    uint32_t *key = calloc(t->w, sizeof *key);   /* no columns: one atom */
    trygg_status st = *rows && *atoms && key ? TRYGG_OK : TRYGG_ERR_NOMEM;
    for (size_t r = 0, i = 0; r < sv->nrows && st == TRYGG_OK; r++) {
        if (sv->year[r] != year)
            continue;
        for (size_t j = 0; j < c->n; j++)
            key[j] = sv->cols[c->col[j]].cat[r];
        (*rows)[i] = r;
        st = atom_of(t, key, r, &(*atoms)[i++]);
    }
    free(key);
    return st;
}

/* Respondents and valid answers per atom. */
static trygg_status count_rows(const trygg_survey *sv, int year, const atom_cols *c,
                               atom_table *t, trygg_lattice *lat)
{
    size_t *rows = NULL, n = 0;
    uint32_t *atoms = NULL;
    trygg_status st = atoms_of_rows(sv, year, c, t, &rows, &atoms, &n);
    lat->natoms = t->n;
    if (st == TRYGG_OK) {
        lat->respondents = calloc(t->n + 1, sizeof *lat->respondents);
        lat->valid = calloc(t->n * lat->nind + 1, sizeof *lat->valid);
        if (!lat->respondents || !lat->valid)
            st = TRYGG_ERR_NOMEM;
    }
    for (size_t i = 0; i < n && st == TRYGG_OK; i++)
        lat->respondents[atoms[i]]++;
    for (size_t k = 0; k < lat->nind && st == TRYGG_OK; k++)
        count_valid(sv, k, rows, atoms, n, lat);
    free(rows);
    free(atoms);
    return st;
}

/* Atoms in the order of their keys (the levels' columns in the
 * definition's order): a district's atoms, or a district × sex cell's, are
 * then neighbours, and the rows of nested levels reduce with little fill
 * (span.c). Any order that keeps equal prefixes together does: memcmp's. */
static _Thread_local size_t sort_width;

static int key_order(const void *a, const void *b)
{
    return memcmp(a, b, sort_width * sizeof(uint32_t));
}

static trygg_status sort_atoms(atom_table *t, trygg_lattice *lat)
{
    size_t n = t->n, w = t->w, rec = w + 1;
    uint32_t *keys = malloc((n * rec + 1) * sizeof *keys);
    size_t *rep = malloc((n + 1) * sizeof *rep);
    uint32_t *resp = malloc((n + 1) * sizeof *resp);
    uint32_t *valid = malloc((n * lat->nind + 1) * sizeof *valid);
    trygg_status st = keys && rep && resp && valid ? TRYGG_OK : TRYGG_ERR_NOMEM;
    for (size_t a = 0; a < n && st == TRYGG_OK; a++) {
        memcpy(keys + a * rec, t->keys + a * w, w * sizeof *keys);
        keys[a * rec + w] = (uint32_t)a;
    }
    if (st == TRYGG_OK) {
        sort_width = w;
        qsort(keys, n, rec * sizeof *keys, key_order);
    }
    for (size_t i = 0; i < n && st == TRYGG_OK; i++) {
        uint32_t a = keys[i * rec + w];
        memcpy(t->keys + i * w, keys + i * rec, w * sizeof *keys);
        rep[i] = t->rep[a];
        resp[i] = lat->respondents[a];
        memcpy(valid + i * lat->nind, lat->valid + (size_t)a * lat->nind,
               lat->nind * sizeof *valid);
    }
    if (st == TRYGG_OK) {
        free(t->rep);
        free(lat->respondents);
        free(lat->valid);
        t->rep = rep;
        lat->respondents = resp;
        lat->valid = valid;
        rep = NULL;
        resp = valid = NULL;
    }
    free(keys);
    free(rep);
    free(resp);
    free(valid);
    return st;
}

/* Level l's domain of every atom, and each domain's atoms (CSR). */
static trygg_status level_build(trygg_lattice *lat, const trygg_level *def_level,
                                const size_t *rep, trygg_lattice_level *lv)
{
    lv->name = def_level->name;
    trygg_dict_init(&lv->names);
    size_t na = lat->natoms;
    lv->dom = malloc((na + 1) * sizeof *lv->dom);
    if (!lv->dom)
        return TRYGG_ERR_NOMEM;
    trygg_status st = trygg_level_partition(lat->sv, def_level, rep, na, lv->dom,
                                            &lv->names);
    if (st == TRYGG_ERR_INVALID) {   /* a column the data lack: no domains */
        for (size_t a = 0; a < na; a++)
            lv->dom[a] = TRYGG_NO_DOMAIN;
        st = TRYGG_OK;
    }
    if (st != TRYGG_OK)
        return st;
    size_t nd = lv->names.count;
    lv->first = calloc(nd + 2, sizeof *lv->first);
    lv->atoms = malloc((na + 1) * sizeof *lv->atoms);
    if (!lv->first || !lv->atoms)
        return TRYGG_ERR_NOMEM;
    for (size_t a = 0; a < na; a++)
        if (lv->dom[a] != TRYGG_NO_DOMAIN)
            lv->first[lv->dom[a] + 2]++;
    for (size_t d = 0; d < nd; d++)
        lv->first[d + 2] += lv->first[d + 1];
    for (size_t a = 0; a < na; a++)
        if (lv->dom[a] != TRYGG_NO_DOMAIN)
            lv->atoms[lv->first[lv->dom[a] + 1]++] = (uint32_t)a;
    return TRYGG_OK;
}

trygg_status trygg_lattice_build(const trygg_survey *sv, int year,
                                 const trygg_level *levels, size_t nlevels,
                                 const char *const *extra, size_t nextra,
                                 trygg_lattice *lat)
{
    memset(lat, 0, sizeof *lat);
    lat->sv = sv;
    lat->year = year;
    lat->nind = sv->def->nindicators;
    atom_cols c = {NULL, 0};
    atom_table t = {0};
    trygg_status st = cols_of(sv, levels, nlevels, extra, nextra, &c);
    t.w = c.n ? c.n : 1;
    if (st == TRYGG_OK)
        st = count_rows(sv, year, &c, &t, lat);
    if (st == TRYGG_OK)
        st = sort_atoms(&t, lat);
    lat->levels = calloc(nlevels + 1, sizeof *lat->levels);
    if (st == TRYGG_OK && !lat->levels)
        st = TRYGG_ERR_NOMEM;
    for (size_t l = 0; l < nlevels && st == TRYGG_OK; l++) {
        st = level_build(lat, &levels[l], t.rep, &lat->levels[l]);
        lat->nlevels = l + 1;
    }
    free(c.col);
    free(t.keys);
    free(t.rep);
    free(t.slots);
    if (st != TRYGG_OK)
        trygg_lattice_free(lat);
    return st;
}

void trygg_lattice_free(trygg_lattice *lat)
{
    if (!lat)
        return;
    for (size_t l = 0; lat->levels && l < lat->nlevels; l++) {
        trygg_dict_free(&lat->levels[l].names);
        free(lat->levels[l].dom);
        free(lat->levels[l].first);
        free(lat->levels[l].atoms);
    }
    free(lat->levels);
    free(lat->respondents);
    free(lat->valid);
    memset(lat, 0, sizeof *lat);
}

long trygg_lattice_level_find(const trygg_lattice *lat, const char *name)
{
    for (size_t l = 0; l < lat->nlevels; l++)
        if (strcmp(lat->levels[l].name, name) == 0)
            return (long)l;
    return -1;
}

double trygg_lattice_respondents(const trygg_lattice *lat, size_t l, uint32_t d)
{
    const trygg_lattice_level *lv = &lat->levels[l];
    double s = 0;
    for (size_t i = lv->first[d]; i < lv->first[d + 1]; i++)
        s += lat->respondents[lv->atoms[i]];
    return s;
}

double trygg_lattice_valid(const trygg_lattice *lat, size_t l, uint32_t d, size_t k)
{
    const trygg_lattice_level *lv = &lat->levels[l];
    double s = 0;
    for (size_t i = lv->first[d]; i < lv->first[d + 1]; i++)
        s += lat->valid[(size_t)lv->atoms[i] * lat->nind + k];
    return s;
}
