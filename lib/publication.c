/* The cells a run has published, gathered from its output tables. */
#include "publication_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "definition_internal.h"
#include "lattice.h"
#include "results_internal.h"
#include "suppression_internal.h"
#include "survey_internal.h"

trygg_status trygg_publication_new(const trygg_survey *sv, trygg_publication **out)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return TRYGG_ERR_NOMEM;
    (*out)->sv = sv;
    (*out)->lattices = calloc(sv->nyears + 1, sizeof *(*out)->lattices);
    if (!(*out)->lattices) {
        free(*out);
        *out = NULL;
        return TRYGG_ERR_NOMEM;
    }
    trygg_dict_init_pooled(&(*out)->keys);
    trygg_dict_init_pooled(&(*out)->pool);
    return TRYGG_OK;
}

void trygg_publication_free(trygg_publication *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->sv->nyears; i++)
        trygg_pattern_free(p->lattices[i]);
    free(p->lattices);
    trygg_dict_free(&p->keys);
    trygg_dict_free(&p->pool);
    free(p->cells);
    free(p->leaks);
    free(p);
}

const char *trygg_pub_pool(trygg_publication *p, const char *s)
{
    return trygg_pool(&p->pool, s);
}

trygg_status trygg_pub_lattice(trygg_publication *p, int year, const trygg_pattern **out)
{
    *out = NULL;
    for (size_t i = 0; i < p->sv->nyears; i++) {
        if (p->sv->years[i] != year)
            continue;
        trygg_status st = TRYGG_OK;
        if (!p->lattices[i])
            st = trygg_pattern_build_lattice(p->sv, year, 0, &p->lattices[i]);
        *out = p->lattices[i];
        return st;
    }
    return TRYGG_OK;   /* not a survey year: no cells */
}

long trygg_pub_level(const trygg_publication *p, const char *name)
{
    const trygg_definition *def = p->sv->def;
    for (size_t l = 0; l < def->nlevels; l++)
        if (strcmp(def->levels[l].name, name) == 0)
            return (long)l;
    return -1;
}

/* The cell's index, made when new; -1 when the data have no such cell. */
static trygg_status cell_of(trygg_publication *p, int year, const char *level,
                            const char *domain, size_t k, long *at)
{
    *at = -1;
    long l = trygg_pub_level(p, level);
    const trygg_pattern *pt;
    trygg_status st = trygg_pub_lattice(p, year, &pt);
    if (st != TRYGG_OK || l < 0 || !pt || trygg_pattern_cell(pt, level, domain) < 0 ||
        k >= p->sv->def->nindicators) {
        p->unknown += st == TRYGG_OK;
        return st;
    }
    char *key = malloc(strlen(level) + strlen(domain) + 48);
    if (!key)
        return TRYGG_ERR_NOMEM;
    int n = sprintf(key, "%d\x1f%s\x1f%s\x1f%zu", year, level, domain, k);
    uint32_t idx;
    size_t before = p->keys.count;
    st = trygg_dict_intern(&p->keys, key, (size_t)n, &idx);
    free(key);
    if (st != TRYGG_OK)
        return st;
    if (p->keys.count > before) {
        if (p->ncells == p->cap) {
            size_t nc = p->cap ? 2 * p->cap : 1024;
            trygg_pub_cell *c = realloc(p->cells, nc * sizeof *c);
            if (!c)
                return TRYGG_ERR_NOMEM;
            p->cells = c;
            p->cap = nc;
        }
        p->cells[p->ncells++] = (trygg_pub_cell){year, (size_t)l,
                                                 trygg_pub_pool(p, domain), k, 0, NULL};
    }
    *at = (long)idx;
    return TRYGG_OK;
}

trygg_status trygg_pub_show(trygg_publication *p, int year, const char *level,
                            const char *domain, size_t k, const char *where)
{
    long i;
    trygg_status st = cell_of(p, year, level, domain, k, &i);
    if (st != TRYGG_OK || i < 0)
        return st;
    trygg_pub_cell *c = &p->cells[i];
    if (!where)
        return TRYGG_ERR_NOMEM;
    if (!(c->state & TRYGG_CELL_SHOWN)) {
        c->state |= TRYGG_CELL_SHOWN;
        c->shown_at = trygg_pub_pool(p, where);
        if (!c->shown_at)
            return TRYGG_ERR_NOMEM;
    }
    return TRYGG_OK;
}

trygg_status trygg_pub_mark(trygg_publication *p, int year, const char *level,
                            const char *domain, size_t k)
{
    long i;
    trygg_status st = cell_of(p, year, level, domain, k, &i);
    if (st == TRYGG_OK && i >= 0)
        p->cells[i].state |= TRYGG_CELL_MARKED;
    return st;
}

trygg_status trygg_pub_leak_add(trygg_publication *p, int year, const char *level,
                                const char *domain, const char *indicator,
                                const char *how)
{
    if (p->nleaks == p->leak_cap) {
        size_t nc = p->leak_cap ? 2 * p->leak_cap : 64;
        trygg_pub_leak *l = realloc(p->leaks, nc * sizeof *l);
        if (!l)
            return TRYGG_ERR_NOMEM;
        p->leaks = l;
        p->leak_cap = nc;
    }
    if (!how)
        return TRYGG_ERR_NOMEM;
    trygg_pub_leak x = {year, trygg_pub_pool(p, level), trygg_pub_pool(p, domain),
                        trygg_pub_pool(p, indicator), trygg_pub_pool(p, how)};
    if (!x.level || !x.domain || !x.indicator || !x.how)
        return TRYGG_ERR_NOMEM;
    p->leaks[p->nleaks++] = x;
    return TRYGG_OK;
}

/* 1 when (year, level, domain) has answers to indicator k in the data. */
static int answered(trygg_publication *p, int year, const char *level, const char *domain,
                    size_t k)
{
    const trygg_pattern *pt;
    if (trygg_pub_lattice(p, year, &pt) != TRYGG_OK || !pt)
        return 0;
    long l = trygg_lattice_level_find(&pt->lat, level);
    long d = l < 0 ? -1
                   : trygg_dict_find(&pt->lat.levels[l].names, domain, strlen(domain));
    return d >= 0 && k < pt->lat.nind &&
           trygg_lattice_valid(&pt->lat, (size_t)l, (uint32_t)d, k) > 0;
}

trygg_status trygg_pub_show_years(trygg_publication *p, int from, int to,
                                  const char *level, const char *domain, size_t k,
                                  const char *where)
{
    trygg_status st = TRYGG_OK;
    for (size_t i = 0; i < p->sv->nyears && st == TRYGG_OK; i++) {
        int y = p->sv->years[i];
        if (y >= from && y <= to && answered(p, y, level, domain, k))
            st = trygg_pub_show(p, y, level, domain, k, where);
    }
    return st;
}

const char *trygg_pub_level_of(trygg_publication *p, int year, const char *domain)
{
    const trygg_pattern *pt;
    if (trygg_pub_lattice(p, year, &pt) != TRYGG_OK || !pt)
        return NULL;
    for (size_t l = 0; l < pt->lat.nlevels; l++)
        if (trygg_dict_find(&pt->lat.levels[l].names, domain, strlen(domain)) >= 0)
            return pt->lat.levels[l].name;
    return NULL;
}
