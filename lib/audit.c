/* The disclosure audit: an attacker's reading of everything a run wrote.
 *
 * Per survey year, every cell of the definition's levels and crossings is
 * protected when it has answers but fewer than min_n (valid answers to the
 * indicator, or respondents), or when an output marks it suppressed. Then:
 *  1. rows that say more of a suppressed cell than "suppressed" (numbers, a
 *     flag, a rank, a verdict), found while reading, are disclosures;
 *  2. a protected cell printed anywhere, or used in a printed figure, is
 *     disclosed (where it is printed is said);
 *  3. per year and question (the indicators of one item; the respondents),
 *     a protected cell not printed is disclosed when its row of atoms is in
 *     the span of the printed cells' rows: its count, weighted count and
 *     weighted sum follow exactly (the combination is said);
 *  4. per year and indicator (and for the respondents), linear programming
 *     bounds each protected count that is still hidden: an interval
 *     narrower than the protection is a warning. */
#include "audit_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "definition_internal.h"
#include "errors_internal.h"
#include "publication_internal.h"
#include "results_internal.h"
#include "span.h"
#include "suppression_internal.h"
#include "survey_internal.h"

void trygg_audit_options_init(trygg_audit_options *o)
{
    o->protection = 0;
    o->bounds = 1;
}

trygg_status trygg_audit_addf(trygg_audit *a, trygg_audit_kind kind, int year,
                              const char *level, const char *domain,
                              const char *indicator, double low, double high,
                              const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *how = trygg_vstrprintf(fmt, ap);
    va_end(ap);
    if (!how)
        return TRYGG_ERR_NOMEM;
    if (a->n == a->cap) {
        size_t nc = a->cap ? 2 * a->cap : 64;
        trygg_audit_finding *f = realloc(a->f, nc * sizeof *f);
        if (!f) {
            free(how);
            return TRYGG_ERR_NOMEM;
        }
        a->f = f;
        a->cap = nc;
    }
    trygg_audit_finding x = {kind, year, trygg_pool(&a->pool, level),
                             trygg_pool(&a->pool, domain), trygg_pool(&a->pool, indicator),
                             low, high, trygg_pool(&a->pool, how)};
    free(how);
    if (!x.level || !x.domain || !x.indicator || !x.how)
        return TRYGG_ERR_NOMEM;
    a->f[a->n++] = x;
    a->disclosed += kind == TRYGG_AUDIT_DISCLOSED;
    return TRYGG_OK;
}

/* ---- one year ------------------------------------------------------------ */

static trygg_status year_state_new(trygg_audit_year *y, trygg_publication *p, int year)
{
    memset(y, 0, sizeof *y);
    y->pub = p;
    y->year = year;
    trygg_status st = trygg_pub_lattice(p, year, &y->pt);
    if (st != TRYGG_OK || !y->pt)
        return st;
    for (size_t i = 0; i < p->sv->nyears; i++)
        if (p->sv->years[i] == year) {
            y->cells = p->years[i].cells;
            y->resp = p->years[i].resp;
        }
    y->nind = y->pt->lat.nind;
    size_t n = y->pt->ndom * y->nind;
    y->shown = calloc(n + 1, 1);
    y->marked = calloc(n + 1, 1);
    if (!y->shown || !y->marked)
        return TRYGG_ERR_NOMEM;
    for (size_t at = 0; at < n; at++) {
        y->shown[at] = (y->cells[at].state & TRYGG_CELL_SHOWN) != 0;
        y->marked[at] = (y->cells[at].state & TRYGG_CELL_MARKED) != 0;
    }
    return TRYGG_OK;
}

static void year_state_free(trygg_audit_year *y)
{
    free(y->shown);
    free(y->marked);
}

size_t trygg_audit_level_of(const trygg_pattern *pt, size_t f)
{
    size_t l = 0;
    while (l + 1 < pt->lat.nlevels && pt->off[l + 1] <= f)
        l++;
    return l;
}

const char *trygg_audit_domain_name(const trygg_pattern *pt, size_t f)
{
    size_t l = trygg_audit_level_of(pt, f);
    return pt->lat.levels[l].names.names[f - pt->off[l]];
}

double trygg_audit_count_of(const trygg_audit_year *y, size_t f, long k)
{
    const trygg_pattern *pt = y->pt;
    size_t l = trygg_audit_level_of(pt, f);
    uint32_t d = (uint32_t)(f - pt->off[l]);
    return k < 0 ? trygg_lattice_respondents(&pt->lat, l, d)
                 : trygg_lattice_valid(&pt->lat, l, d, (size_t)k);
}

int trygg_audit_sensitive(const trygg_audit_year *y, size_t f, long k)
{
    int min_n = y->pub->sv->def->min_n;
    double r = trygg_audit_count_of(y, f, -1);
    if (r > 0 && r < min_n)
        return 1;
    double n = k < 0 ? r : trygg_audit_count_of(y, f, k);
    return n > 0 && n < min_n;
}

/* A response table printed the respondents of a domain with fewer than
 * min_n of them, or of one it marks suppressed. */
static trygg_status printed_respondents(trygg_audit *a, const trygg_audit_year *y)
{
    trygg_status st = TRYGG_OK;
    for (size_t f = 0; f < y->pt->ndom && st == TRYGG_OK; f++) {
        const trygg_pub_cell *c = &y->resp[f];
        int sensitive = trygg_audit_sensitive(y, f, -1);
        if (!(c->state & TRYGG_CELL_SHOWN) || !(sensitive || (c->state & TRYGG_CELL_MARKED)))
            continue;
        char *where = trygg_pub_where(y->pub, c);
        st = where ? trygg_audit_addf(a, TRYGG_AUDIT_DISCLOSED, y->year,
                              y->pt->lat.levels[trygg_audit_level_of(y->pt, f)].name,
                              trygg_audit_domain_name(y->pt, f), "", NAN, NAN,
                              "respondents printed by %s, although %s", where,
                              sensitive ? "the area has fewer than min_n"
                                        : "another row marks them suppressed")
                   : TRYGG_ERR_NOMEM;
        free(where);
    }
    return st;
}

static int protected_cell(const trygg_audit_year *y, size_t f, size_t k)
{
    return y->marked[f * y->nind + k] || trygg_audit_sensitive(y, f, (long)k);
}

/* 2: a protected cell printed, or a figure made of it printed. */
static trygg_status printed(trygg_audit *a, const trygg_audit_year *y)
{
    const trygg_definition *def = y->pub->sv->def;
    trygg_status st = TRYGG_OK;
    for (size_t f = 0; f < y->pt->ndom && st == TRYGG_OK; f++)
        for (size_t k = 0; k < y->nind && st == TRYGG_OK; k++) {
            size_t at = f * y->nind + k;
            if (!y->shown[at] || !protected_cell(y, f, k))
                continue;
            char *where = trygg_pub_where(y->pub, &y->cells[at]);
            st = where ? trygg_audit_addf(a, TRYGG_AUDIT_DISCLOSED, y->year,
                                  y->pt->lat.levels[trygg_audit_level_of(y->pt, f)].name,
                                  trygg_audit_domain_name(y->pt, f), def->indicators[k].name,
                                  NAN, NAN, "printed by %s, although %s", where,
                                  trygg_audit_sensitive(y, f, (long)k)
                                      ? "it has fewer answers than min_n"
                                      : "another table marks it suppressed")
                       : TRYGG_ERR_NOMEM;
            free(where);
        }
    return st;
}

static trygg_status leaks(trygg_audit *a, const trygg_publication *p)
{
    trygg_status st = TRYGG_OK;
    for (size_t i = 0; i < p->nleaks && st == TRYGG_OK; i++) {
        const trygg_pub_leak *l = &p->leaks[i];
        st = trygg_audit_addf(a, TRYGG_AUDIT_DISCLOSED, l->year, l->level, l->domain,
                              l->indicator, NAN, NAN, "%s", l->how);
    }
    return st;
}

static trygg_status one_year(trygg_audit *a, trygg_publication *p, int year,
                             const trygg_audit_options *o)
{
    trygg_audit_year y;
    trygg_status st = year_state_new(&y, p, year);
    if (st == TRYGG_OK && y.pt) {
        for (size_t f = 0; f < y.pt->ndom; f++)
            for (size_t k = 0; k < y.nind; k++) {
                a->cells += y.shown[f * y.nind + k] || y.marked[f * y.nind + k];
                a->protected_cells += protected_cell(&y, f, k) &&
                                      trygg_audit_count_of(&y, f, (long)k) > 0;
            }
        for (size_t f = 0; y.resp && f < y.pt->ndom; f++)   /* response tables' */
            a->cells += y.resp[f].state != 0;
        st = printed(a, &y);
        if (st == TRYGG_OK)
            st = printed_respondents(a, &y);
        if (st == TRYGG_OK)
            st = trygg_audit_spans(a, &y);
        if (st == TRYGG_OK && o->bounds)
            st = trygg_audit_bounds(a, &y, o->protection);
    }
    year_state_free(&y);
    return st;
}

trygg_status trygg_audit_run(const trygg_publication *pub, const trygg_audit_options *opt,
                             trygg_audit **out, trygg_errors *err)
{
    (void)err;
    trygg_audit_options o;
    trygg_audit_options_init(&o);
    if (opt)
        o = *opt;
    /* the publication's lattices are built as the years are looked at */
    trygg_publication *p = (trygg_publication *)pub;
    const trygg_definition *def = p->sv->def;
    if (o.protection <= 0)
        o.protection = def->protection >= 0 ? def->protection : def->min_n;
    *out = NULL;
    trygg_audit *a = calloc(1, sizeof *a);
    if (!a)
        return TRYGG_ERR_NOMEM;
    trygg_dict_init_pooled(&a->pool);
    trygg_status st = leaks(a, p);
    for (size_t i = 0; i < p->sv->nyears && st == TRYGG_OK; i++)
        st = one_year(a, p, p->sv->years[i], &o);
    if (st != TRYGG_OK) {
        trygg_audit_free(a);
        return st;
    }
    *out = a;
    return TRYGG_OK;
}

void trygg_audit_free(trygg_audit *a)
{
    if (!a)
        return;
    free(a->f);
    trygg_dict_free(&a->pool);
    free(a);
}

trygg_status trygg_audit_refuse(const trygg_audit *a, trygg_errors *err)
{
    for (size_t i = 0; a && i < a->n; i++) {
        const trygg_audit_finding *f = &a->f[i];
        if (f->kind == TRYGG_AUDIT_DISCLOSED)
            trygg_errors_add(err, "", 0, 0, "disclosure: %d %s %s %s: %s", f->year, f->level,
                             f->domain, f->indicator[0] ? f->indicator : "(respondents)",
                             f->how);
    }
    return a && a->disclosed ? TRYGG_ERR_DISCLOSURE : TRYGG_OK;
}

size_t trygg_audit_count(const trygg_audit *a) { return a ? a->n : 0; }
size_t trygg_audit_disclosed(const trygg_audit *a) { return a ? a->disclosed : 0; }
size_t trygg_audit_cells(const trygg_audit *a) { return a ? a->cells : 0; }
size_t trygg_audit_protected(const trygg_audit *a) { return a ? a->protected_cells : 0; }

const trygg_audit_finding *trygg_audit_get(const trygg_audit *a, size_t i)
{
    return a && i < a->n ? &a->f[i] : NULL;
}
