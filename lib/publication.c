/* The cells a run has published, gathered from its output tables: per
 * survey year, a cell per domain of the definition's levels and indicator,
 * looked up through the year's lattice. */
#include "publication_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "definition_internal.h"
#include "errors_internal.h"
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
    (*out)->years = calloc(sv->nyears + 1, sizeof *(*out)->years);
    if (!(*out)->years) {
        free(*out);
        *out = NULL;
        return TRYGG_ERR_NOMEM;
    }
    trygg_dict_init_pooled(&(*out)->pool);
    return TRYGG_OK;
}

void trygg_publication_free(trygg_publication *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->sv->nyears; i++) {
        trygg_pattern_free(p->years[i].pt);
        free(p->years[i].cells);
        free(p->years[i].resp);
    }
    free(p->years);
    for (size_t i = 0; i < p->ntables; i++)
        free(p->tables[i].name);
    free(p->tables);
    trygg_dict_free(&p->pool);
    free(p->leaks);
    free(p);
}

const char *trygg_pub_pool(trygg_publication *p, const char *s)
{
    return trygg_pool(&p->pool, s);
}

trygg_status trygg_pub_table_begin(trygg_publication *p, const char *name, int file)
{
    if (p->ntables >= UINT16_MAX)
        return TRYGG_ERR_LIMIT;
    trygg_pub_table *t = realloc(p->tables, (p->ntables + 1) * sizeof *t);
    if (!t)
        return TRYGG_ERR_NOMEM;
    p->tables = t;
    if (!(t[p->ntables].name = strdup(name)))
        return TRYGG_ERR_NOMEM;
    t[p->ntables++].file = file;
    p->line = 0;
    return TRYGG_OK;
}

char *trygg_pub_where(const trygg_publication *p, const trygg_pub_cell *c)
{
    const trygg_pub_table *t = c->table < p->ntables ? &p->tables[c->table] : NULL;
    return trygg_strprintf(t && t->file ? "%s:%lu (%s)" : "%s row %lu (%s)",
                           t ? t->name : "?", (unsigned long)c->line, c->what);
}

/* The year's slot with its lattice and cells, or NULL for a year the
 * survey does not have. */
static trygg_status year_slot(trygg_publication *p, int year, trygg_pub_year **out)
{
    *out = NULL;
    for (size_t i = 0; i < p->sv->nyears; i++) {
        if (p->sv->years[i] != year)
            continue;
        trygg_pub_year *y = &p->years[i];
        if (!y->pt) {
            trygg_status st = trygg_pattern_build_lattice(p->sv, year, 0, &y->pt);
            if (st != TRYGG_OK)
                return st;
            y->cells = calloc(y->pt->ndom * y->pt->lat.nind + 1, sizeof *y->cells);
            y->resp = calloc(y->pt->ndom + 1, sizeof *y->resp);
            if (!y->cells || !y->resp)
                return TRYGG_ERR_NOMEM;
        }
        *out = y;
        return TRYGG_OK;
    }
    return TRYGG_OK;
}

trygg_status trygg_pub_lattice(trygg_publication *p, int year, const trygg_pattern **out)
{
    trygg_pub_year *y;
    trygg_status st = year_slot(p, year, &y);
    *out = y ? y->pt : NULL;
    return st;
}

long trygg_pub_level(const trygg_publication *p, const char *name)
{
    const trygg_definition *def = p->sv->def;
    for (size_t l = 0; l < def->nlevels; l++)
        if (strcmp(def->levels[l].name, name) == 0)
            return (long)l;
    return -1;
}

/* The cell, or NULL when the data have no such cell (counted). */
static trygg_status cell_of(trygg_publication *p, int year, const char *level,
                            const char *domain, size_t k, trygg_pub_cell **out)
{
    *out = NULL;
    trygg_pub_year *y;
    trygg_status st = year_slot(p, year, &y);
    long f = st == TRYGG_OK && y ? trygg_pattern_cell(y->pt, level, domain) : -1;
    if (f < 0 || k >= p->sv->def->nindicators) {
        p->unknown += st == TRYGG_OK;
        return st;
    }
    *out = &y->cells[(size_t)f * y->pt->lat.nind + k];
    return TRYGG_OK;
}

/* The first place that prints the cell is the one findings name. */
static void shown(const trygg_publication *p, trygg_pub_cell *c, const char *what)
{
    if (c->state & TRYGG_CELL_SHOWN)
        return;
    c->state |= TRYGG_CELL_SHOWN;
    c->table = (uint16_t)(p->ntables ? p->ntables - 1 : 0);
    c->line = (uint32_t)p->line;
    c->what = what;
}

trygg_status trygg_pub_show(trygg_publication *p, int year, const char *level,
                            const char *domain, size_t k, const char *what)
{
    trygg_pub_cell *c;
    trygg_status st = cell_of(p, year, level, domain, k, &c);
    if (st == TRYGG_OK && c)
        shown(p, c, what);
    return st;
}

trygg_status trygg_pub_mark(trygg_publication *p, int year, const char *level,
                            const char *domain, size_t k)
{
    trygg_pub_cell *c;
    trygg_status st = cell_of(p, year, level, domain, k, &c);
    if (st == TRYGG_OK && c)
        c->state |= TRYGG_CELL_MARKED;
    return st;
}

/* The respondents' cell of (year, level, domain), or NULL (counted). */
static trygg_status resp_of(trygg_publication *p, int year, const char *level,
                            const char *domain, trygg_pub_cell **out)
{
    *out = NULL;
    trygg_pub_year *y;
    trygg_status st = year_slot(p, year, &y);
    long f = st == TRYGG_OK && y ? trygg_pattern_cell(y->pt, level, domain) : -1;
    if (f < 0) {
        p->unknown += st == TRYGG_OK;
        return st;
    }
    *out = &y->resp[f];
    return TRYGG_OK;
}

trygg_status trygg_pub_show_respondents(trygg_publication *p, int year, const char *level,
                                        const char *domain, const char *what)
{
    trygg_pub_cell *c;
    trygg_status st = resp_of(p, year, level, domain, &c);
    if (st == TRYGG_OK && c)
        shown(p, c, what);
    return st;
}

trygg_status trygg_pub_mark_respondents(trygg_publication *p, int year, const char *level,
                                        const char *domain)
{
    trygg_pub_cell *c;
    trygg_status st = resp_of(p, year, level, domain, &c);
    if (st == TRYGG_OK && c)
        c->state |= TRYGG_CELL_MARKED;
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
    trygg_pub_cell at = {0, (uint16_t)(p->ntables ? p->ntables - 1 : 0),
                         (uint32_t)p->line, how};
    char *full = trygg_pub_where(p, &at);
    trygg_pub_leak x = {year, trygg_pub_pool(p, level), trygg_pub_pool(p, domain),
                        trygg_pub_pool(p, indicator), full ? trygg_pub_pool(p, full) : NULL};
    free(full);
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
                                  const char *what)
{
    trygg_status st = TRYGG_OK;
    for (size_t i = 0; i < p->sv->nyears && st == TRYGG_OK; i++) {
        int y = p->sv->years[i];
        if (y >= from && y <= to && answered(p, y, level, domain, k))
            st = trygg_pub_show(p, y, level, domain, k, what);
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
