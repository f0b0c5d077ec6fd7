/* Delete-one jackknife spreads in O(affected atoms) per replicate. The
 * replicate that deletes PSU p of stratum h rescales h's other PSUs and
 * removes p's rows: only the atoms of h (of p's rows for JK1, whose
 * rescaling is common to every replicate) change, and, in a calibrated
 * year, the atoms whose calibration cells interact with theirs (a raking
 * component: here a municipality's cells). A domain's replicate sums are
 * the full sample's plus the changes of its affected atoms; a domain no
 * atom of the replicate touches keeps the full sample's estimate, and all
 * such replicates are added to its moments at once. The other atoms keep
 * the full sample's calibration factors: raking the whole table again
 * would move them by less than the raking's tolerance. */
#include "replicates_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "errors_internal.h"
#include "threads.h"

typedef struct {
    const trygg_year *y;
    const trygg_replicates *r;
    trygg_rep_atoms a;
    size_t L, K, C, ndtot;
    const size_t *first;   /* per level: entries first[l] + d · K + k */
    const double *shift;
    size_t *dfirst;        /* per level: its domains' offset in ndtot */
    size_t *dom_atoms;     /* per domain: its atoms */
    size_t *atom_n;        /* per atom: rows */
    double *S;             /* natoms × C: Σ dw · x */
    double *gbase;         /* nprof: the full sample's profile factors */
    double *base;          /* ndtot × C: Σ gbase · S */
    double fu;             /* factor of untouched atoms (rr for JK1 without
                              calibration, else 1) */
    size_t *psu_first;     /* npsu + 1 */
    size_t *str_first;     /* nstrata + 1, into str_atoms */
    uint32_t *str_atoms;
    uint32_t *comp;        /* per profile, NULL when uncalibrated */
    size_t ncomp;
    size_t *comp_first;    /* ncomp + 1, into comp_atoms */
    uint32_t *comp_atoms;
} jk_ctx;

typedef struct {
    jk_ctx *c;
    size_t index, nw;      /* chunks index, index + nw, ... (as in
                              replicates_pass.c: the same sums every run) */
    int ran;
    trygg_status st;
    trygg_errors *err;
    trygg_rep_moments *m;  /* entries */
    double *tn, *tw, *tc;  /* per domain: touched replicates, their Σ rscale,
                              those with rscale > 0 */
    uint32_t stamp, *astamp, *dstamp, *sstamp, *cstamp;
    uint32_t *alist, *dlist;
    size_t nalist, ndlist;
    double *delta, *direct;   /* ndtot × C */
    double *dcount;           /* per domain: affected atoms this replicate */
    uint32_t *dleft;          /* per atom: rows of the deleted PSU */
    double *sdel;             /* natoms × C: the deleted PSU's sums */
    double *g, *work, *x;
} jk_worker;

/* ---- Set-up ---------------------------------------------------------- */

static size_t find_root(uint32_t *parent, size_t p)
{
    while (parent[p] != p)
        p = parent[p] = parent[parent[p]];
    return p;
}

/* Profiles that share a cell of any margin (or a nonresponse class) are
 * calibrated together. */
static trygg_status components(jk_ctx *c)
{
    const trygg_replicates *r = c->r;
    size_t np = r->nprof, M = r->ws->nmargins, width = M + (r->ws->has_nr ? 1 : 0);
    c->comp = malloc((np + 1) * sizeof *c->comp);
    if (!c->comp)
        return TRYGG_ERR_NOMEM;
    for (size_t p = 0; p < np; p++)
        c->comp[p] = (uint32_t)p;
    for (size_t m = 0; m < width; m++) {
        size_t ncells = m < M ? r->ws->views[m].ncells : r->ws->nr.m.ncells;
        uint32_t *seen = malloc((ncells + 1) * sizeof *seen);
        if (!seen)
            return TRYGG_ERR_NOMEM;
        memset(seen, 0xff, (ncells + 1) * sizeof *seen);
        for (size_t p = 0; p < np; p++) {
            uint32_t cell = r->pcells[m][p];
            if (seen[cell] == UINT32_MAX)
                seen[cell] = (uint32_t)p;
            else
                c->comp[find_root(c->comp, p)] = (uint32_t)find_root(c->comp, seen[cell]);
        }
        free(seen);
    }
    uint32_t *id = malloc((np + 1) * sizeof *id);
    if (!id)
        return TRYGG_ERR_NOMEM;
    memset(id, 0xff, (np + 1) * sizeof *id);
    c->ncomp = 0;
    for (size_t p = 0; p < np; p++) {
        size_t root = find_root(c->comp, p);
        if (id[root] == UINT32_MAX)
            id[root] = (uint32_t)c->ncomp++;
    }
    for (size_t p = 0; p < np; p++)
        id[p] = id[find_root(c->comp, p)];
    memcpy(c->comp, id, np * sizeof *id);
    free(id);
    return TRYGG_OK;
}

/* CSR lists of atoms by key (stratum, or component of their profile). */
static trygg_status atoms_by(const jk_ctx *c, size_t nkeys, const uint32_t *key_of_atom,
                             size_t **first, uint32_t **list)
{
    size_t na = c->a.natoms;
    *first = calloc(nkeys + 2, sizeof **first);
    *list = malloc((na + 1) * sizeof **list);
    if (!*first || !*list)
        return TRYGG_ERR_NOMEM;
    for (size_t a = 0; a < na; a++)
        (*first)[key_of_atom[a] + 1]++;
    for (size_t k = 0; k < nkeys; k++)
        (*first)[k + 1] += (*first)[k];
    size_t *fill = malloc((nkeys + 1) * sizeof *fill);
    if (!fill)
        return TRYGG_ERR_NOMEM;
    memcpy(fill, *first, (nkeys + 1) * sizeof *fill);
    for (size_t a = 0; a < na; a++)
        (*list)[fill[key_of_atom[a]]++] = (uint32_t)a;
    free(fill);
    return TRYGG_OK;
}

static trygg_status base_sums(jk_ctx *c, trygg_errors *err)
{
    const trygg_year *y = c->y;
    const trygg_replicates *r = c->r;
    size_t na = c->a.natoms, C = c->C, np = r->nprof;
    size_t *ks = malloc((c->K + 1) * sizeof *ks);
    c->S = calloc(na * C + 1, sizeof *c->S);
    c->atom_n = calloc(na + 1, sizeof *c->atom_n);
    c->gbase = malloc((np + 1) * sizeof *c->gbase);
    c->base = calloc(c->ndtot * C + 1, sizeof *c->base);
    c->dom_atoms = calloc(c->ndtot + 1, sizeof *c->dom_atoms);
    double *x = malloc((C + 1) * sizeof *x), *out = malloc((np + 1) * sizeof *out);
    trygg_status st = ks && c->S && c->atom_n && c->gbase && c->base && c->dom_atoms && x &&
                      out ? TRYGG_OK : TRYGG_ERR_NOMEM;
    for (size_t k = 0; ks && k < c->K; k++)
        ks[k] = k;
    for (size_t a = 0; st == TRYGG_OK && a < na; a++)
        for (size_t e = c->a.first[a]; e < c->a.first[a + 1]; e++) {
            size_t i = c->a.rows[e];
            trygg_rep_row_values(y, ks, c->K, i, x);
            for (size_t k = 0; k < C; k++)
                c->S[a * C + k] += y->d.w[i] * x[k];
            c->atom_n[a]++;
        }
    for (size_t p = 0; p < np && st == TRYGG_OK; p++)
        c->gbase[p] = 1;
    if (st == TRYGG_OK && r->ws) {
        st = trygg_weighting_recalibrate(r->sv, &r->pws, r->ptot, out, err);
        for (size_t p = 0; st == TRYGG_OK && p < np; p++)
            c->gbase[p] = r->ptot[p] > 0 ? out[p] / r->ptot[p] : 0.0;
    }
    for (size_t a = 0; st == TRYGG_OK && a < na; a++)
        for (size_t li = 0; li < c->L; li++) {
            uint32_t d = c->a.dom[li * na + a];
            if (d == UINT32_MAX)
                continue;
            size_t idx = c->dfirst[li] + d;
            c->dom_atoms[idx]++;
            for (size_t k = 0; k < C; k++)
                c->base[idx * C + k] += c->gbase[c->a.prof[a]] * c->S[a * C + k];
        }
    free(ks), free(x), free(out);
    return st;
}

static void ctx_free(jk_ctx *c)
{
    trygg_rep_atoms_free(&c->a);
    free(c->dfirst), free(c->dom_atoms), free(c->atom_n), free(c->S), free(c->gbase);
    free(c->base), free(c->psu_first), free(c->str_first), free(c->str_atoms);
    free(c->comp), free(c->comp_first), free(c->comp_atoms);
}

static trygg_status ctx_new(const trygg_year *y, const size_t *first, const double *shift,
                            jk_ctx *c, trygg_errors *err)
{
    const trygg_design *d = &y->d;
    memset(c, 0, sizeof *c);
    c->y = y, c->r = y->rep, c->first = first, c->shift = shift;
    c->L = y->sv->def->nlevels, c->K = y->nind, c->C = 2 * y->nind;
    size_t *ls = malloc((c->L + 1) * sizeof *ls);
    c->dfirst = malloc((c->L + 1) * sizeof *c->dfirst);
    c->psu_first = calloc(d->npsu + 2, sizeof *c->psu_first);
    if (!ls || !c->dfirst || !c->psu_first) {
        free(ls);
        return TRYGG_ERR_NOMEM;
    }
    for (size_t l = 0; l < c->L; l++) {
        ls[l] = l;
        c->dfirst[l] = c->ndtot;
        c->ndtot += y->levels[l].ndom;
    }
    for (size_t i = 0; i < d->n; i++)
        c->psu_first[d->psu[i] + 1]++;
    for (size_t p = 0; p < d->npsu; p++)
        c->psu_first[p + 1] += c->psu_first[p];
    trygg_status st = trygg_rep_atoms_build(y, ls, c->L, 1, &c->a);
    free(ls);
    if (st == TRYGG_OK)
        st = atoms_by(c, d->nstrata, c->a.stratum, &c->str_first, &c->str_atoms);
    if (st == TRYGG_OK && c->r->ws && (st = components(c)) == TRYGG_OK) {
        uint32_t *ca = malloc((c->a.natoms + 1) * sizeof *ca);
        if (!ca)
            return TRYGG_ERR_NOMEM;
        for (size_t a = 0; a < c->a.natoms; a++)
            ca[a] = c->comp[c->a.prof[a]];
        st = atoms_by(c, c->ncomp, ca, &c->comp_first, &c->comp_atoms);
        free(ca);
    }
    if (st == TRYGG_OK)
        st = base_sums(c, err);
    c->fu = c->r->type == TRYGG_VARIANCE_JK1 && !c->r->ws
                ? (double)d->npsu / (double)(d->npsu - 1) : 1.0;
    return st;
}

/* ---- One replicate --------------------------------------------------- */

static void mark_atom(jk_worker *w, uint32_t a)
{
    if (w->astamp[a] != w->stamp) {
        w->astamp[a] = w->stamp;
        w->alist[w->nalist++] = a;
    }
}

/* The atoms replicate q changes: its stratum's (JKn) or its PSU's (JK1),
 * and those calibrated with them. */
static void affected_atoms(jk_worker *w, size_t del, size_t h)
{
    const jk_ctx *c = w->c;
    w->nalist = 0;
    if (c->r->type == TRYGG_VARIANCE_JKN)
        for (size_t e = c->str_first[h]; e < c->str_first[h + 1]; e++)
            mark_atom(w, c->str_atoms[e]);
    else
        for (size_t i = c->psu_first[del]; i < c->psu_first[del + 1]; i++)
            mark_atom(w, c->a.of_row[i]);
    if (!c->comp)
        return;
    size_t direct = w->nalist;
    for (size_t e = 0; e < direct; e++) {
        uint32_t k = c->comp[c->a.prof[w->alist[e]]];
        if (w->cstamp[k] == w->stamp)
            continue;
        w->cstamp[k] = w->stamp;
        for (size_t j = c->comp_first[k]; j < c->comp_first[k + 1]; j++)
            mark_atom(w, c->comp_atoms[j]);
    }
}

/* The deleted PSU's sums per atom, and its rows per atom. */
static void deleted_sums(jk_worker *w, size_t del)
{
    const jk_ctx *c = w->c;
    for (size_t i = c->psu_first[del]; i < c->psu_first[del + 1]; i++) {
        uint32_t a = c->a.of_row[i];
        double *s = w->sdel + (size_t)a * c->C;
        if (w->sstamp[a] != w->stamp) {
            w->sstamp[a] = w->stamp;
            memset(s, 0, c->C * sizeof *s);
            w->dleft[a] = 0;
        }
        w->dleft[a]++;
    }
}

static void deleted_values(jk_worker *w, size_t del, const size_t *ks)
{
    const jk_ctx *c = w->c;
    for (size_t i = c->psu_first[del]; i < c->psu_first[del + 1]; i++) {
        uint32_t a = c->a.of_row[i];
        double *s = w->sdel + (size_t)a * c->C;
        trygg_rep_row_values(c->y, ks, c->K, i, w->x);
        for (size_t k = 0; k < c->C; k++)
            s[k] += c->y->d.w[i] * w->x[k];
    }
}

static void touch_domain(jk_worker *w, size_t idx)
{
    const jk_ctx *c = w->c;
    if (w->dstamp[idx] == w->stamp)
        return;
    w->dstamp[idx] = w->stamp;
    w->dlist[w->ndlist++] = (uint32_t)idx;
    memset(w->delta + idx * c->C, 0, c->C * sizeof *w->delta);
    memset(w->direct + idx * c->C, 0, c->C * sizeof *w->direct);
    w->dcount[idx] = 0;
}

/* Each affected atom's change, into its domains. */
static void atom_changes(jk_worker *w, size_t h, double rr)
{
    const jk_ctx *c = w->c;
    size_t C = c->C, na = c->a.natoms;
    int whole = c->r->type == TRYGG_VARIANCE_JK1;
    w->ndlist = 0;
    for (size_t e = 0; e < w->nalist; e++) {
        uint32_t a = w->alist[e];
        uint32_t p = c->a.prof[a];
        double m = whole || c->a.stratum[a] == h ? rr : 1.0;
        double gq = c->comp ? w->g[p] : 1.0, gb = c->gbase[p];
        int deleted = w->sstamp[a] == w->stamp;
        int empty = deleted && w->dleft[a] == c->atom_n[a];
        const double *S = c->S + (size_t)a * C, *sd = w->sdel + (size_t)a * C;
        double *now = w->x, *chg = w->x + C;
        for (size_t k = 0; k < C; k++) {
            now[k] = empty ? 0.0 : gq * m * (deleted ? S[k] - sd[k] : S[k]);
            chg[k] = now[k] - c->fu * gb * S[k];
        }
        for (size_t li = 0; li < c->L; li++) {
            uint32_t d = c->a.dom[li * na + a];
            if (d == UINT32_MAX)
                continue;
            size_t idx = c->dfirst[li] + d;
            touch_domain(w, idx);
            w->dcount[idx] += 1;
            double *dl = w->delta + idx * C, *dr = w->direct + idx * C;
            for (size_t k = 0; k < C; k++) {
                dl[k] += chg[k];
                dr[k] += now[k];
            }
        }
    }
}

/* The touched domains' replicate estimates, into the moments. */
static void touched_moments(jk_worker *w, size_t q)
{
    const jk_ctx *c = w->c;
    const trygg_year *y = c->y;
    double rs = c->r->rscale[q];
    size_t li = 0;
    for (size_t e = 0; e < w->ndlist; e++) {
        size_t idx = w->dlist[e];
        while (li + 1 < c->L && c->dfirst[li + 1] <= idx)
            li++;
        while (li > 0 && c->dfirst[li] > idx)
            li--;
        size_t d = idx - c->dfirst[li];
        w->tn[idx] += 1;
        w->tw[idx] += rs;
        w->tc[idx] += rs > 0;
        int all = w->dcount[idx] == (double)c->dom_atoms[idx];
        const double *b = c->base + idx * c->C, *dl = w->delta + idx * c->C,
                     *dr = w->direct + idx * c->C;
        for (size_t k = 0; k < c->K; k++) {
            double num = all ? dr[2 * k] : c->fu * b[2 * k] + dl[2 * k];
            double den = all ? dr[2 * k + 1] : c->fu * b[2 * k + 1] + dl[2 * k + 1];
            /* a denominator left by rounding where every answer was deleted */
            if (!all && fabs(den) <= 1e-12 * fabs(c->fu * b[2 * k + 1]))
                den = 0;
            double t = trygg_indicator_is_total(y->sv, k) ? num : num / den;
            size_t ent = c->first[li] + d * c->K + k;
            if (isfinite(t))
                trygg_rep_moments_add(&w->m[ent], rs, t - c->shift[ent], 1);
        }
    }
}

static trygg_status one_replicate(jk_worker *w, size_t q, const size_t *ks)
{
    const jk_ctx *c = w->c;
    const trygg_design *d = &c->y->d;
    size_t del = c->r->del[q];
    size_t h = d->stratum[c->psu_first[del]];
    size_t nh = c->r->type == TRYGG_VARIANCE_JK1 ? d->npsu
                                                 : d->stratum_first_psu[h + 1] -
                                                       d->stratum_first_psu[h];
    double rr = (double)nh / (double)(nh - 1);
    if (++w->stamp == 0) {
        /* the stamps wrapped: start them afresh */
        memset(w->astamp, 0, c->a.natoms * sizeof *w->astamp);
        memset(w->sstamp, 0, c->a.natoms * sizeof *w->sstamp);
        memset(w->dstamp, 0, c->ndtot * sizeof *w->dstamp);
        memset(w->cstamp, 0, (c->ncomp + 1) * sizeof *w->cstamp);
        w->stamp = 1;
    }
    if (c->comp) {
        trygg_status st = trygg_rep_profile_factors(c->r, d, q, NULL, w->g, w->work, w->err);
        if (st != TRYGG_OK)
            return st;
    }
    affected_atoms(w, del, h);
    deleted_sums(w, del);
    deleted_values(w, del, ks);
    atom_changes(w, h, rr);
    touched_moments(w, q);
    return TRYGG_OK;
}

/* ---- Workers --------------------------------------------------------- */

static void worker_free(jk_worker *w)
{
    free(w->m), free(w->tn), free(w->tw), free(w->tc), free(w->astamp), free(w->dstamp);
    free(w->sstamp), free(w->cstamp), free(w->alist), free(w->dlist), free(w->delta);
    free(w->direct), free(w->dcount), free(w->dleft), free(w->sdel), free(w->g);
    free(w->work), free(w->x);
    trygg_errors_free(w->err);
}

static trygg_status worker_new(jk_ctx *c, size_t entries, jk_worker *w)
{
    size_t na = c->a.natoms, nd = c->ndtot, C = c->C, np = c->r->nprof;
    memset(w, 0, sizeof *w);
    w->c = c;
    w->err = trygg_errors_new(4);
    w->m = calloc(entries + 1, sizeof *w->m);
    w->tn = calloc(nd + 1, sizeof *w->tn);
    w->tw = calloc(nd + 1, sizeof *w->tw);
    w->tc = calloc(nd + 1, sizeof *w->tc);
    w->astamp = calloc(na + 1, sizeof *w->astamp);
    w->sstamp = calloc(na + 1, sizeof *w->sstamp);
    w->dstamp = calloc(nd + 1, sizeof *w->dstamp);
    w->cstamp = calloc(c->ncomp + 1, sizeof *w->cstamp);
    w->alist = malloc((na + 1) * sizeof *w->alist);
    w->dlist = malloc((nd + 1) * sizeof *w->dlist);
    w->delta = malloc((nd * C + 1) * sizeof *w->delta);
    w->direct = malloc((nd * C + 1) * sizeof *w->direct);
    w->dcount = malloc((nd + 1) * sizeof *w->dcount);
    w->dleft = malloc((na + 1) * sizeof *w->dleft);
    w->sdel = malloc((na * C + 1) * sizeof *w->sdel);
    w->g = malloc((np + 1) * sizeof *w->g);
    w->work = malloc((2 * np + 1) * sizeof *w->work);
    w->x = malloc((2 * C + 1) * sizeof *w->x);   /* a row's values, or an atom's change */
    if (!w->err || !w->m || !w->tn || !w->tw || !w->tc || !w->astamp || !w->sstamp ||
        !w->dstamp || !w->cstamp || !w->alist || !w->dlist || !w->delta || !w->direct ||
        !w->dcount || !w->dleft || !w->sdel || !w->g || !w->work || !w->x) {
        worker_free(w);
        return TRYGG_ERR_NOMEM;
    }
    return TRYGG_OK;
}

#define JK_CHUNK 256

static void *jk_run(void *arg)
{
    jk_worker *w = arg;
    jk_ctx *c = w->c;
    size_t *ks = malloc((c->K + 1) * sizeof *ks);
    if (!ks) {
        w->st = TRYGG_ERR_NOMEM;
        return NULL;
    }
    for (size_t k = 0; k < c->K; k++)
        ks[k] = k;
    w->ran = 1;
    for (size_t q0 = w->index * JK_CHUNK; q0 < c->r->nrep && w->st == TRYGG_OK;
         q0 += w->nw * JK_CHUNK) {
        size_t q1 = q0 + JK_CHUNK < c->r->nrep ? q0 + JK_CHUNK : c->r->nrep;
        for (size_t q = q0; q < q1 && w->st == TRYGG_OK; q++)
            w->st = one_replicate(w, q, ks);
    }
    free(ks);
    return NULL;
}

/* The replicates that touch no atom of a domain: the full sample's
 * estimate (rescaled for an uncalibrated JK1's totals), all at once. */
static void untouched_moments(const jk_ctx *c, jk_worker *ws, size_t nw,
                              trygg_rep_moments *m)
{
    const trygg_replicates *r = c->r;
    double W = 0, P = 0;
    for (size_t q = 0; q < r->nrep; q++) {
        W += r->rscale[q];
        P += r->rscale[q] > 0;
    }
    for (size_t li = 0; li < c->L; li++)
        for (size_t d = 0; d < c->y->levels[li].ndom; d++) {
            size_t idx = c->dfirst[li] + d;
            double tn = 0, tw = 0, tc = 0;
            for (size_t t = 0; t < nw; t++)
                tn += ws[t].tn[idx], tw += ws[t].tw[idx], tc += ws[t].tc[idx];
            double un = (double)r->nrep - tn, uw = W - tw, uc = P - tc;
            const double *b = c->base + idx * c->C;
            for (size_t k = 0; k < c->K && un > 0; k++) {
                double t = trygg_indicator_is_total(c->y->sv, k) ? c->fu * b[2 * k]
                                                                   : b[2 * k] / b[2 * k + 1];
                size_t ent = c->first[li] + d * c->K + k;
                if (!isfinite(t))
                    continue;
                double dev = t - c->shift[ent];
                m[ent].nf += un;
                m[ent].w += uw;
                m[ent].w1 += uw * dev;
                m[ent].w2 += uw * dev * dev;
                m[ent].cnt += uc;
                m[ent].s1 += uc * dev;
            }
        }
}

trygg_status trygg_rep_jackknife_moments(const trygg_year *y, const size_t *first,
                                         const double *shift, trygg_rep_moments *m,
                                         trygg_errors *err)
{
    jk_ctx c;
    trygg_status st = ctx_new(y, first, shift, &c, err);
    size_t entries = 0;
    for (size_t l = 0; l < c.L; l++)
        entries += y->levels[l].ndom * y->nind;
    size_t nw = trygg_thread_count(y->rep->nrep / JK_CHUNK + 1, 2), made = 0;
    jk_worker ws[2];
    for (; st == TRYGG_OK && made < nw; made++)
        if ((st = worker_new(&c, entries, &ws[made])) != TRYGG_OK)
            break;
    for (size_t t = 0; t < made; t++)
        ws[t].index = t, ws[t].nw = made;
    if (st == TRYGG_OK)
        trygg_run_workers(jk_run, ws, sizeof *ws, made);
    for (size_t t = 0; st == TRYGG_OK && t < made; t++)
        if (!ws[t].ran)
            jk_run(&ws[t]);
    for (size_t t = 0; t < made && st == TRYGG_OK; t++)
        if (ws[t].st != TRYGG_OK) {
            st = ws[t].st;
            for (size_t e = 0; e < trygg_errors_count(ws[t].err); e++) {
                const trygg_diag *dg = trygg_errors_get(ws[t].err, e);
                trygg_errors_add(err, dg->file, dg->line, dg->column, "%s", dg->message);
            }
        }
    if (st == TRYGG_OK) {
        for (size_t t = 0; t < made; t++)
            for (size_t e = 0; e < entries; e++) {
                m[e].cnt += ws[t].m[e].cnt, m[e].s1 += ws[t].m[e].s1;
                m[e].nf += ws[t].m[e].nf, m[e].w += ws[t].m[e].w;
                m[e].w1 += ws[t].m[e].w1, m[e].w2 += ws[t].m[e].w2;
            }
        untouched_moments(&c, ws, made, m);
    }
    for (size_t t = 0; t < made; t++)
        worker_free(&ws[t]);
    ctx_free(&c);
    return st;
}
