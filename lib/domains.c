/* Domains of each reporting level in one year: which domain every
 * respondent belongs to, the domains' names, and their enclosing areas. */
#include "year.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "variance.h"

/* The domain's name: the level's values joined by " / " in *buf (grown as
 * needed); *blank when one of them is blank (the respondent is in no
 * domain of the level). */
static trygg_status name_of(const trygg_survey *sv, const trygg_level *lv,
                            const long *cols, size_t r, char **buf, size_t *cap,
                            int *blank)
{
    size_t need = sizeof "region";
    *blank = 0;
    for (size_t c = 0; c < lv->ncols; c++)
        need += strlen(trygg_survey_cat(sv, cols[c], r)) + 3;
    if (need > *cap) {
        char *b = realloc(*buf, need);
        if (!b)
            return TRYGG_ERR_NOMEM;
        *buf = b;
        *cap = need;
    }
    size_t used = 0;
    if (lv->ncols == 0)   /* every respondent */
        strcpy(*buf, "region");
    for (size_t c = 0; c < lv->ncols; c++) {
        const char *v = trygg_survey_cat(sv, cols[c], r);
        *blank |= !*v;
        used += (size_t)sprintf(*buf + used, "%s%s", c ? " / " : "", v);
    }
    return TRYGG_OK;
}

/* Domains by the tuple of the level's category codes: each tuple's name is
 * made and interned once, not once per respondent. */
typedef struct {
    uint32_t key[4];
    uint32_t dom;      /* UINT32_MAX: blank */
    int used;
} tuple_slot;

static size_t tuple_hash(const uint32_t *key)
{
    uint64_t h = 1469598103934665603ull;
    for (int i = 0; i < 4; i++)
        h = (h ^ key[i]) * 1099511628211ull;
    return (size_t)(h ^ (h >> 29));
}

static trygg_status grow(tuple_slot **slots, size_t *nslots)
{
    size_t ns = 2 * *nslots;
    tuple_slot *n = calloc(ns, sizeof *n);
    if (!n)
        return TRYGG_ERR_NOMEM;
    for (size_t i = 0; i < *nslots; i++) {
        if (!(*slots)[i].used)
            continue;
        size_t at = tuple_hash((*slots)[i].key) & (ns - 1);
        while (n[at].used)
            at = (at + 1) & (ns - 1);
        n[at] = (*slots)[i];
    }
    free(*slots);
    *slots = n;
    *nslots = ns;
    return TRYGG_OK;
}

trygg_status trygg_level_partition(const trygg_survey *sv, const trygg_level *lv,
                                   const size_t *rows, size_t n, uint32_t *dom,
                                   trygg_dict *names)
{
    long cols[4];
    for (size_t c = 0; c < lv->ncols; c++)
        if ((cols[c] = trygg_survey_col_find(sv, lv->cols[c], TRYGG_COL_CAT)) < 0)
            return TRYGG_ERR_INVALID;
    size_t nslots = 1024;
    tuple_slot *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return TRYGG_ERR_NOMEM;
    trygg_status st = TRYGG_OK;
    size_t nused = 0;
    char *buf = NULL;
    size_t cap = 0;
    for (size_t i = 0; i < n && st == TRYGG_OK; i++) {
        size_t r = rows[i];
        uint32_t key[4] = {0, 0, 0, 0};
        for (size_t c = 0; c < lv->ncols; c++)
            key[c] = sv->cols[cols[c]].cat[r];
        size_t at = tuple_hash(key) & (nslots - 1);
        while (slots[at].used && memcmp(slots[at].key, key, sizeof key) != 0)
            at = (at + 1) & (nslots - 1);
        if (!slots[at].used && 2 * (nused + 1) > nslots) {
            if ((st = grow(&slots, &nslots)) != TRYGG_OK)
                break;
            at = tuple_hash(key) & (nslots - 1);
            while (slots[at].used)
                at = (at + 1) & (nslots - 1);
        }
        if (!slots[at].used) {
            int blank = 0;
            uint32_t idx = UINT32_MAX;
            st = name_of(sv, lv, cols, r, &buf, &cap, &blank);
            if (st == TRYGG_OK && !blank)
                st = trygg_dict_intern(names, buf, strlen(buf), &idx);
            memcpy(slots[at].key, key, sizeof key);
            slots[at].dom = idx;
            slots[at].used = 1;
            nused++;
        }
        dom[i] = slots[at].dom;
    }
    free(slots);
    free(buf);
    return st;
}

static trygg_status partition(trygg_year *y, const trygg_level *lv,
                              trygg_level_part *p)
{
    p->dom = malloc((y->d.n + 1) * sizeof *p->dom);
    if (!p->dom)
        return TRYGG_ERR_NOMEM;
    trygg_dict names;
    trygg_dict_init(&names);
    trygg_status st = trygg_level_partition(y->sv, lv, y->d.row, y->d.n, p->dom, &names);
    p->ndom = names.count;
    p->name = names.names;     /* the partition takes the strings */
    names.names = NULL;
    names.count = 0;
    trygg_dict_free(&names);
    p->parent_level = -1;
    return st;
}

/* Level l nests in level q when every domain of l lies in one domain of q. */
static trygg_status find_parent(trygg_year *y, size_t l, size_t q)
{
    trygg_level_part *p = &y->levels[l], *pq = &y->levels[q];
    long *parent = malloc((p->ndom + 1) * sizeof *parent);
    if (!parent)
        return TRYGG_ERR_NOMEM;
    for (size_t d = 0; d < p->ndom; d++)
        parent[d] = -1;
    int nested = 1;
    for (size_t i = 0; i < y->d.n && nested; i++) {
        uint32_t a = p->dom[i], b = pq->dom[i];
        if (a == UINT32_MAX)
            continue;
        if (b == UINT32_MAX || (parent[a] >= 0 && parent[a] != (long)b))
            nested = 0;
        else
            parent[a] = (long)b;
    }
    if (!nested) {
        free(parent);
        return TRYGG_OK;
    }
    p->parent = parent;
    p->parent_level = (long)q;
    return TRYGG_OK;
}

trygg_status trygg_year_domains(trygg_year *y)
{
    const trygg_definition *def = y->sv->def;
    y->levels = calloc(def->nlevels + 1, sizeof *y->levels);
    if (!y->levels)
        return TRYGG_ERR_NOMEM;
    y->nlevels = def->nlevels;
    for (size_t l = 0; l < def->nlevels; l++) {
        y->levels[l].level_name = def->levels[l].name;
        trygg_status st = partition(y, &def->levels[l], &y->levels[l]);
        if (st != TRYGG_OK)
            return st;
    }
    /* a single-column level's parent is the nearest earlier level it nests in */
    for (size_t l = 1; l < def->nlevels; l++) {
        if (def->levels[l].ncols > 1)
            continue;
        for (size_t q = l; q-- > 0;) {
            if (def->levels[q].ncols > 1)
                continue;
            trygg_status st = find_parent(y, l, q);
            if (st != TRYGG_OK)
                return st;
            if (y->levels[l].parent_level >= 0)
                break;
        }
    }
    return TRYGG_OK;
}

static void level_free(trygg_level_part *p)
{
    for (size_t d = 0; d < p->ndom; d++)
        free(p->name[d]);
    free(p->name);
    free(p->dom);
    free(p->parent);
    if (p->owns_name)
        free((char *)p->level_name);
}

void trygg_year_drop_levels(trygg_year *y, size_t keep)
{
    while (y->nlevels > keep)
        level_free(&y->levels[--y->nlevels]);
    if (y->ve)
        trygg_variance_engine_drop_levels(y->ve, keep);
}

void trygg_year_domains_free(trygg_year *y)
{
    for (size_t l = 0; y->levels && l < y->nlevels; l++)
        level_free(&y->levels[l]);
    free(y->levels);
    y->levels = NULL;
}

trygg_status trygg_year_add_level(trygg_year *y, char *name, uint32_t *dom,
                                  size_t ndom, char **names)
{
    trygg_level_part *nl = realloc(y->levels, (y->nlevels + 1) * sizeof *nl);
    if (!nl) {
        free(name);
        free(dom);
        for (size_t d = 0; d < ndom; d++)
            free(names[d]);
        free(names);
        return TRYGG_ERR_NOMEM;
    }
    y->levels = nl;
    y->levels[y->nlevels++] = (trygg_level_part){name, 1, ndom, dom, names, NULL, -1};
    return y->ve ? trygg_variance_engine_add_level(y->ve, y, y->nlevels - 1) : TRYGG_OK;
}
