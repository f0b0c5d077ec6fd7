/* Margins that disagree a little. From reference year 2025 Statistics
 * Sweden adds Cell Key noise to its population tables, so a municipality's
 * sex table and its age table need not add up to the same total; raking
 * and calibration to both would then fail or never converge. Within
 * [weighting] margin_tolerance (relative) every other margin is scaled to
 * the first one's totals where they overlap; beyond it the disagreement
 * stays the error it always was. */
#include "weighting_state.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors_internal.h"

static uint32_t find(uint32_t *parent, uint32_t x)
{
    while (parent[x] != x)
        x = parent[x] = parent[parent[x]];
    return x;
}

/* Shortens *len to the leading " / "-separated parts that `name` shares
 * with a[0..*len): "Botkyrka" of "Botkyrka / 1" and "Botkyrka / 16-24". */
static void common_part(const char *a, const char *name, size_t *len)
{
    size_t n = 0;
    while (n < *len && a[n] && a[n] == name[n])
        n++;
    if (n == *len && (!name[n] || strncmp(name + n, " / ", 3) == 0))
        return;
    size_t keep = 0;
    for (size_t i = 0; i + 3 <= n; i++)
        if (strncmp(a + i, " / ", 3) == 0)
            keep = i;
    *len = keep;
}

typedef struct {
    double s0, sk;      /* the two margins' totals over the component */
    const char *name;   /* a cell name of the reference margin in it */
    size_t name_len;    /* the part every cell name of the component shares */
} component;

static trygg_status note(trygg_weighting_state *ws, const margin_data *ref,
                         const margin_data *mk, const component *c, double factor)
{
    trygg_margin_scaling *nn = realloc(ws->scalings, (ws->nscalings + 1) * sizeof *nn);
    if (!nn)
        return TRYGG_ERR_NOMEM;
    ws->scalings = nn;
    trygg_margin_scaling *s = &nn[ws->nscalings];
    s->margin = strdup(mk->name);
    s->reference = strdup(ref->name);
    s->where = strndup(c->name, c->name_len);
    s->factor = factor;
    s->total = c->sk;
    s->reference_total = c->s0;
    ws->nscalings++;
    return s->margin && s->reference && s->where ? TRYGG_OK : TRYGG_ERR_NOMEM;
}

static void warn(const margin_data *ref, const margin_data *mk, const component *c,
                 double factor, int year, double tol, trygg_errors *err)
{
    trygg_errors_add(err, NULL, 0, 0, "warning: %d: margin '%s'%s%.*s%s has the "
                     "population total %.10g, margin '%s' %.10g: '%s' scaled by "
                     "%.9g to agree (the difference, %.3g %%, is within "
                     "margin_tolerance %g)", year, mk->name, c->name_len ? " in '" : "",
                     (int)c->name_len, c->name, c->name_len ? "'" : "", c->sk,
                     ref->name, c->s0, mk->name, factor,
                     100 * fabs(c->sk - c->s0) / fmax(c->s0, c->sk), tol);
}

/* Margin k against the reference, one component of shared rows at a time. */
static trygg_status reconcile_pair(trygg_weighting_state *ws, size_t k, double tol,
                                   int year, trygg_errors *err)
{
    margin_data *ref = &ws->margins[0], *mk = &ws->margins[k];
    size_t c0 = ref->m.ncells, ck = mk->m.ncells, nc = c0 + ck;
    uint32_t *parent = malloc((nc + 1) * sizeof *parent);
    component *comp = calloc(nc + 1, sizeof *comp);
    if (!parent || !comp) {
        free(parent);
        free(comp);
        return TRYGG_ERR_NOMEM;
    }
    for (size_t c = 0; c < nc; c++)
        parent[c] = (uint32_t)c;
    for (size_t i = 0; i < ws->n; i++)
        parent[find(parent, ref->cell[i])] = find(parent, (uint32_t)(c0 + mk->cell[i]));
    for (size_t c = 0; c < nc; c++) {
        component *r = &comp[find(parent, (uint32_t)c)];
        const char *name = c < c0 ? ref->cells.names[c] : mk->cells.names[c - c0];
        if (!r->name) {
            r->name = name;
            r->name_len = strlen(name);
        } else {
            common_part(r->name, name, &r->name_len);
        }
        if (c < c0)
            r->s0 += ref->total[c];
        else
            r->sk += mk->total[c - c0];
    }
    trygg_status st = TRYGG_OK;
    for (size_t r = 0; r < nc && st == TRYGG_OK; r++) {
        const component *c = &comp[r];
        double diff = fabs(c->sk - c->s0), big = fmax(fabs(c->s0), fabs(c->sk));
        if (!c->name || diff <= 1e-9 * big)
            continue;
        if (diff > tol * big) {
            trygg_errors_add(err, NULL, 0, 0, "margins '%s' and '%s' have different "
                             "population totals (%.10g and %.10g)%s%.*s%s: more than "
                             "margin_tolerance %g apart, so not scaled", ref->name,
                             mk->name, c->s0, c->sk, c->name_len ? " in '" : "",
                             (int)c->name_len, c->name, c->name_len ? "'" : "", tol);
            st = TRYGG_ERR_INVALID;
            continue;
        }
        double factor = c->s0 / c->sk;
        for (size_t q = 0; q < ck; q++)
            if (find(parent, (uint32_t)(c0 + q)) == r)
                mk->total[q] *= factor;
        warn(ref, mk, c, factor, year, tol, err);
        st = note(ws, ref, mk, c, factor);
    }
    free(parent);
    free(comp);
    return st;
}

trygg_status trygg_weighting_reconcile(trygg_weighting_state *ws, double tol,
                                       int year, trygg_errors *err)
{
    trygg_status st = TRYGG_OK;
    for (size_t k = 1; k < ws->nmargins && tol > 0 && st == TRYGG_OK; k++)
        st = reconcile_pair(ws, k, tol, year, err);
    return st;
}
