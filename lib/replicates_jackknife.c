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
 * would move them by less than the raking's tolerance. In a calibrated
 * year a component's atoms are summed by (domain, profile) beforehand,
 * so a replicate costs the component's pairs, not its atoms × levels.
 * On request, the same pass gives each domain's contrast with its parent
 * and each total's spread from per-domain sums (contrasts, priorities). */
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
    uint8_t *total;        /* per indicator: estimated as a total */
    double *tbase;         /* ndtot × K: the full sample's estimates */
    uint32_t *pdom;        /* per domain, when contrasts are wanted: its
                              parent's, or UINT32_MAX */
    double *tshift;        /* then also, per entry, the full sample's total
                              Σ w · num (the shift of the totals' moments) */
    size_t *dfirst;        /* per level: its domains' offset in ndtot */
    size_t *dom_atoms;     /* per domain: its atoms */
    size_t *atom_n;        /* per atom: rows */
    double *S;             /* natoms × C: Σ dw · x */
    double *gbase;         /* nprof: the full sample's profile factors */
    double *base;          /* ndtot × C: Σ gbase · S */
    double W, P;           /* Σ rscale, replicates with rscale > 0 */
    double fu;             /* factor of untouched atoms (rr for JK1 without
                              calibration, else 1) */
    size_t *psu_first;     /* npsu + 1 */
    size_t *str_first;     /* nstrata + 1, into str_atoms */
    uint32_t *str_atoms;
    uint32_t *comp;        /* per profile, NULL when uncalibrated */
    size_t ncomp;
    /* In a calibrated year, the atoms' sums by (domain, profile), grouped
     * by component: a replicate moves a profile's factor alike in every
     * atom of that profile, so a domain's change is Σ Δg(p) · T(d, p) over
     * these pairs, far fewer than atoms × levels (a municipality's
     * profiles against its districts' atoms). */
    size_t npairs;
    size_t *cpair_first;   /* ncomp + 1, into the pairs */
    uint32_t *pair_dom, *pair_prof;
    double *T;             /* npairs × C */
    size_t *dom_pairs;     /* per domain: its pairs */
    const size_t *dom_units;  /* per domain: the atoms (pairs when
                                 calibrated) a replicate must change for
                                 its sums to be formed directly */
} jk_ctx;

typedef struct {
    jk_ctx *c;
    size_t index, nw;      /* chunks index, index + nw, ... (as in
                              replicates_pass.c: the same sums every run) */
    int ran;
    trygg_status st;
    trygg_errors *err;
    double *mom;           /* entries × 3: Σ rs · dev, Σ rs · dev², Σ dev
                              where rs > 0, over the touched replicates */
    trygg_rep_moments *miss;  /* entries: the touched replicates whose
                                 estimate was not finite (nf, w, cnt) */
    /* contrasts: per entry, over the replicates that touch its domain, the
     * moments of (domain − parent) and of the parent alone */
    trygg_rep_moments *xm, *pm;
    trygg_rep_moments *tm;    /* entries: of the total Σ w · num */
    double *theta;         /* ndtot × K: this replicate's touched estimates */
    double *tn, *tw, *tc;  /* per domain: touched replicates, their Σ rscale,
                              those with rscale > 0 */
    uint32_t stamp, *astamp, *dstamp, *sstamp, *cstamp;
    uint32_t *alist, *dlist, *klist;
    size_t nalist, ndlist, nklist;
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

/* CSR lists of atoms by key (their stratum). */
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

typedef struct {
    uint32_t comp, dom, prof, atom;
} pair_key;

static int pair_key_cmp(const void *pa, const void *pb)
{
    const pair_key *a = pa, *b = pb;
    if (a->comp != b->comp)
        return a->comp < b->comp ? -1 : 1;
    if (a->dom != b->dom)
        return a->dom < b->dom ? -1 : 1;
    if (a->prof != b->prof)
        return a->prof < b->prof ? -1 : 1;
    return a->atom < b->atom ? -1 : a->atom > b->atom;
}

static int same_pair(const pair_key *a, const pair_key *b)
{
    return a->comp == b->comp && a->dom == b->dom && a->prof == b->prof;
}

static trygg_status build_pairs(jk_ctx *c)
{
    size_t na = c->a.natoms, C = c->C, n = 0;
    pair_key *keys = malloc((na * c->L + 1) * sizeof *keys);
    c->cpair_first = calloc(c->ncomp + 1, sizeof *c->cpair_first);
    c->dom_pairs = calloc(c->ndtot + 1, sizeof *c->dom_pairs);
    if (!keys || !c->cpair_first || !c->dom_pairs) {
        free(keys);
        return TRYGG_ERR_NOMEM;
    }
    for (size_t a = 0; a < na; a++)
        for (size_t li = 0; li < c->L; li++) {
            uint32_t d = c->a.dom[li * na + a];
            if (d != UINT32_MAX)
                keys[n++] = (pair_key){c->comp[c->a.prof[a]], (uint32_t)(c->dfirst[li] + d),
                                       c->a.prof[a], (uint32_t)a};
        }
    qsort(keys, n, sizeof *keys, pair_key_cmp);
    size_t np = 0;
    for (size_t e = 0; e < n; e++)
        np += e == 0 || !same_pair(&keys[e], &keys[e - 1]);
    c->pair_dom = malloc((np + 1) * sizeof *c->pair_dom);
    c->pair_prof = malloc((np + 1) * sizeof *c->pair_prof);
    c->T = calloc(np * C + 1, sizeof *c->T);
    if (!c->pair_dom || !c->pair_prof || !c->T) {
        free(keys);
        return TRYGG_ERR_NOMEM;
    }
    /* pairs in key order: by component, and within a pair its atoms in
     * their order, so the sums are the same every run */
    for (size_t e = 0, j = 0; e < n; e++) {
        if (e > 0 && !same_pair(&keys[e], &keys[e - 1]))
            j++;
        c->pair_dom[j] = keys[e].dom, c->pair_prof[j] = keys[e].prof;
        c->cpair_first[keys[e].comp + 1] = j + 1;
        const double *S = c->S + (size_t)keys[e].atom * C;
        double *T = c->T + j * C;
        for (size_t k = 0; k < C; k++)
            T[k] += S[k];
    }
    c->npairs = np;
    for (size_t e = 0; e < np; e++)
        c->dom_pairs[c->pair_dom[e]]++;
    /* a component without pairs (its atoms in no domain) starts where the
     * one before it ends */
    for (size_t k = 0; k < c->ncomp; k++)
        if (c->cpair_first[k + 1] < c->cpair_first[k])
            c->cpair_first[k + 1] = c->cpair_first[k];
    free(keys);
    return TRYGG_OK;
}

static void ctx_free(jk_ctx *c)
{
    trygg_rep_atoms_free(&c->a);
    free(c->total), free(c->tbase), free(c->pdom), free(c->tshift), free(c->dfirst);
    free(c->dom_atoms), free(c->atom_n), free(c->S), free(c->gbase);
    free(c->base), free(c->psu_first), free(c->str_first), free(c->str_atoms);
    free(c->comp);
    free(c->cpair_first), free(c->pair_dom), free(c->pair_prof), free(c->T), free(c->dom_pairs);
}

static trygg_status ctx_new(const trygg_year *y, const size_t *first, const double *shift,
                            int contrasts, jk_ctx *c, trygg_errors *err)
{
    const trygg_design *d = &y->d;
    memset(c, 0, sizeof *c);
    c->y = y, c->r = y->rep, c->first = first, c->shift = shift;
    c->L = y->sv->def->nlevels, c->K = y->nind, c->C = 2 * y->nind;
    size_t *ls = malloc((c->L + 1) * sizeof *ls);
    c->dfirst = malloc((c->L + 1) * sizeof *c->dfirst);
    c->total = malloc(c->K + 1);
    c->psu_first = calloc(d->npsu + 2, sizeof *c->psu_first);
    if (!ls || !c->dfirst || !c->psu_first || !c->total) {
        free(ls);
        return TRYGG_ERR_NOMEM;
    }
    for (size_t k = 0; k < c->K; k++)
        c->total[k] = (uint8_t)trygg_indicator_is_total(y->sv, k);
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
    if (st == TRYGG_OK && c->r->ws)
        st = components(c);
    if (st == TRYGG_OK)
        st = base_sums(c, err);
    if (st == TRYGG_OK && c->comp)
        st = build_pairs(c);
    c->dom_units = c->comp ? c->dom_pairs : c->dom_atoms;
    c->fu = c->r->type == TRYGG_VARIANCE_JK1 && !c->r->ws
                ? (double)d->npsu / (double)(d->npsu - 1) : 1.0;
    for (size_t q = 0; q < c->r->nrep; q++) {
        c->W += c->r->rscale[q];
        c->P += c->r->rscale[q] > 0;
    }
    if (st == TRYGG_OK && !(c->tbase = malloc((c->ndtot * c->K + 1) * sizeof *c->tbase)))
        st = TRYGG_ERR_NOMEM;
    for (size_t idx = 0; st == TRYGG_OK && idx < c->ndtot; idx++)
        for (size_t k = 0; k < c->K; k++) {
            const double *b = c->base + idx * c->C;
            c->tbase[idx * c->K + k] = c->total[k] ? c->fu * b[2 * k] : b[2 * k] / b[2 * k + 1];
        }
    if (st == TRYGG_OK && contrasts) {
        size_t entries = 0;
        for (size_t l = 0; l < c->L; l++)
            entries += y->levels[l].ndom * c->K;
        c->pdom = malloc((c->ndtot + 1) * sizeof *c->pdom);
        c->tshift = malloc((entries + 1) * sizeof *c->tshift);
        if (!c->pdom || !c->tshift)
            return TRYGG_ERR_NOMEM;
        for (size_t l = 0; l < c->L; l++)
            for (size_t dd = 0; dd < y->levels[l].ndom; dd++)
                for (size_t k = 0; k < c->K; k++)
                    c->tshift[first[l] + dd * c->K + k] =
                        c->fu * c->base[(c->dfirst[l] + dd) * c->C + 2 * k];
        for (size_t l = 0; l < c->L; l++) {
            long pl = y->levels[l].parent_level;
            for (size_t dd = 0; dd < y->levels[l].ndom; dd++) {
                long pd = pl >= 0 && (size_t)pl < c->L ? y->levels[l].parent[dd] : -1;
                c->pdom[c->dfirst[l] + dd] =
                    pd >= 0 ? (uint32_t)(c->dfirst[pl] + (size_t)pd) : UINT32_MAX;
            }
        }
    }
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

/* The atoms replicate q changes directly: its stratum's (JKn) or its
 * PSU's (JK1); in a calibrated year also the components calibrated with
 * them, whose every atom the new profile factors move. */
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
    w->nklist = 0;
    if (!c->comp)
        return;
    for (size_t e = 0; e < w->nalist; e++) {
        uint32_t k = c->comp[c->a.prof[w->alist[e]]];
        if (w->cstamp[k] != w->stamp) {
            w->cstamp[k] = w->stamp;
            w->klist[w->nklist++] = k;
        }
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

/* clear: the domain's accumulators, both (atoms) or none (pairs, which
 * clear the one they use once they know which) */
static void touch_domain(jk_worker *w, size_t idx, int clear)
{
    const jk_ctx *c = w->c;
    if (w->dstamp[idx] == w->stamp)
        return;
    w->dstamp[idx] = w->stamp;
    w->dlist[w->ndlist++] = (uint32_t)idx;
    if (clear) {
        memset(w->delta + idx * c->C, 0, c->C * sizeof *w->delta);
        memset(w->direct + idx * c->C, 0, c->C * sizeof *w->direct);
    }
    w->dcount[idx] = 0;
}

/* An uncalibrated year's replicate: each affected atom's change, into
 * its domains. */
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
        double gb = c->gbase[p];
        int deleted = w->sstamp[a] == w->stamp;
        int empty = deleted && w->dleft[a] == c->atom_n[a];
        const double *S = c->S + (size_t)a * C, *sd = w->sdel + (size_t)a * C;
        double *now = w->x, *chg = w->x + C;
        for (size_t k = 0; k < C; k++) {
            now[k] = empty ? 0.0 : m * (deleted ? S[k] - sd[k] : S[k]);
            chg[k] = now[k] - c->fu * gb * S[k];
        }
        for (size_t li = 0; li < c->L; li++) {
            uint32_t d = c->a.dom[li * na + a];
            if (d == UINT32_MAX)
                continue;
            size_t idx = c->dfirst[li] + d;
            touch_domain(w, idx, 1);
            w->dcount[idx] += 1;
            double *dl = w->delta + idx * C, *dr = w->direct + idx * C;
            for (size_t k = 0; k < C; k++) {
                dl[k] += chg[k];
                dr[k] += now[k];
            }
        }
    }
}

/* A calibrated year's replicate: the touched components' pairs at the
 * replicate's profile factors (directly where a domain has no other
 * pairs, else as changes from the full sample), then the atoms whose
 * rows the replicate rescales or deletes, corrected from the factor
 * their pair assumed. */
static void pair_changes(jk_worker *w, size_t h, double rr)
{
    const jk_ctx *c = w->c;
    size_t C = c->C, na = c->a.natoms;
    int whole = c->r->type == TRYGG_VARIANCE_JK1;
    double f = whole ? rr : 1.0;
    w->ndlist = 0;
    for (size_t e = 0; e < w->nklist; e++) {
        uint32_t k = w->klist[e];
        for (size_t j = c->cpair_first[k]; j < c->cpair_first[k + 1]; j++) {
            size_t idx = c->pair_dom[j];
            touch_domain(w, idx, 0);
            w->dcount[idx] += 1;
        }
    }
    for (size_t e = 0; e < w->ndlist; e++)
        memset(w->delta + (size_t)w->dlist[e] * C, 0, C * sizeof *w->delta);
    for (size_t e = 0; e < w->nklist; e++) {
        uint32_t k = w->klist[e];
        for (size_t j = c->cpair_first[k]; j < c->cpair_first[k + 1]; j++) {
            size_t idx = c->pair_dom[j];
            uint32_t p = c->pair_prof[j];
            int all = w->dcount[idx] == (double)c->dom_pairs[idx];
            double coef = all ? f * w->g[p] : f * w->g[p] - c->fu * c->gbase[p];
            double *acc = w->delta + idx * C;
            const double *T = c->T + j * C;
            for (size_t q = 0; q < C; q++)
                acc[q] += coef * T[q];
        }
    }
    for (size_t e = 0; e < w->nalist; e++) {
        uint32_t a = w->alist[e];
        uint32_t p = c->a.prof[a];
        double m = whole || c->a.stratum[a] == h ? rr : 1.0, g = w->g[p];
        int deleted = w->sstamp[a] == w->stamp;
        int empty = deleted && w->dleft[a] == c->atom_n[a];
        const double *S = c->S + (size_t)a * C, *sd = w->sdel + (size_t)a * C;
        double *corr = w->x;
        for (size_t q = 0; q < C; q++)
            corr[q] = (empty ? 0.0 : g * m * (deleted ? S[q] - sd[q] : S[q])) - f * g * S[q];
        for (size_t li = 0; li < c->L; li++) {
            uint32_t d = c->a.dom[li * na + a];
            if (d == UINT32_MAX)
                continue;
            size_t idx = c->dfirst[li] + d;
            double *acc = w->delta + idx * C;
            for (size_t q = 0; q < C; q++)
                acc[q] += corr[q];
        }
    }
}

/* The touched domains' replicate estimates, into the moments. */
/* Each touched domain's difference from its parent, into the contrast
 * moments (the parent's estimate is the full sample's when the replicate
 * does not touch it). */
static void contrast_moments(jk_worker *w, double rs)
{
    const jk_ctx *c = w->c;
    size_t K = c->K;
    size_t li = 0;
    for (size_t e = 0; e < w->ndlist; e++) {
        size_t idx = w->dlist[e], pidx = c->pdom[idx];
        if (pidx == UINT32_MAX)
            continue;
        while (li + 1 < c->L && c->dfirst[li + 1] <= idx)
            li++;
        while (li > 0 && c->dfirst[li] > idx)
            li--;
        size_t pl = (size_t)c->y->levels[li].parent_level;
        size_t ent0 = c->first[li] + (idx - c->dfirst[li]) * K;
        size_t pent0 = c->first[pl] + (pidx - c->dfirst[pl]) * K;
        const double *td = w->theta + idx * K;
        const double *tp = (w->dstamp[pidx] == w->stamp ? w->theta : c->tbase) + pidx * K;
        for (size_t k = 0; k < K; k++) {
            if (!isfinite(tp[k]))
                continue;
            double devp = tp[k] - c->shift[pent0 + k];
            trygg_rep_moments_add(&w->pm[ent0 + k], rs, devp, 1);
            if (isfinite(td[k]))
                trygg_rep_moments_add(&w->xm[ent0 + k], rs,
                                      td[k] - c->shift[ent0 + k] - devp, 1);
        }
    }
}

static void touched_moments(jk_worker *w, size_t q)
{
    const jk_ctx *c = w->c;
    double rs = c->r->rscale[q], pos = rs > 0;
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
        int all = w->dcount[idx] == (double)c->dom_units[idx];
        /* the pairs' sums, direct or changes, are all in delta */
        const double *b = c->base + idx * c->C, *dl = w->delta + idx * c->C,
                     *dr = c->comp ? dl : w->direct + idx * c->C;
        size_t ent0 = c->first[li] + d * c->K;
        double *mo = w->mom + 3 * ent0;
        const double *sh = c->shift + ent0;
        for (size_t k = 0; k < c->K; k++) {
            double num = all ? dr[2 * k] : c->fu * b[2 * k] + dl[2 * k];
            double den = all ? dr[2 * k + 1] : c->fu * b[2 * k + 1] + dl[2 * k + 1];
            /* a denominator left by rounding where every answer was deleted */
            if (fabs(den) <= 1e-12 * fabs(c->fu * b[2 * k + 1]))
                den = 0;
            double t = c->total[k] ? num : num / den;
            if (c->pdom) {
                w->theta[idx * c->K + k] = isfinite(t) ? t : NAN;
                if (isfinite(num))
                    trygg_rep_moments_add(&w->tm[ent0 + k], rs, num - c->tshift[ent0 + k], 1);
            }
            if (isfinite(t)) {
                double dev = t - sh[k];
                mo[3 * k] += rs * dev;
                mo[3 * k + 1] += rs * dev * dev;
                mo[3 * k + 2] += pos * dev;
            } else {
                trygg_rep_moments *ms = &w->miss[ent0 + k];
                ms->nf += 1, ms->w += rs, ms->cnt += pos;
            }
        }
    }
    if (c->pdom)
        contrast_moments(w, rs);
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
    if (c->comp)
        pair_changes(w, h, rr);
    else
        atom_changes(w, h, rr);
    touched_moments(w, q);
    return TRYGG_OK;
}

/* ---- Workers --------------------------------------------------------- */

static void worker_free(jk_worker *w)
{
    free(w->mom), free(w->miss), free(w->xm), free(w->pm), free(w->tm), free(w->theta), free(w->tn), free(w->tw), free(w->tc), free(w->astamp), free(w->dstamp);
    free(w->sstamp), free(w->cstamp), free(w->alist), free(w->dlist), free(w->klist);
    free(w->delta);
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
    w->mom = calloc(3 * entries + 1, sizeof *w->mom);
    w->miss = calloc(entries + 1, sizeof *w->miss);
    w->tn = calloc(nd + 1, sizeof *w->tn);
    w->tw = calloc(nd + 1, sizeof *w->tw);
    w->tc = calloc(nd + 1, sizeof *w->tc);
    w->astamp = calloc(na + 1, sizeof *w->astamp);
    w->sstamp = calloc(na + 1, sizeof *w->sstamp);
    w->dstamp = calloc(nd + 1, sizeof *w->dstamp);
    w->cstamp = calloc(c->ncomp + 1, sizeof *w->cstamp);
    w->alist = malloc((na + 1) * sizeof *w->alist);
    w->dlist = malloc((nd + 1) * sizeof *w->dlist);
    w->klist = malloc((c->ncomp + 1) * sizeof *w->klist);
    w->delta = malloc((nd * C + 1) * sizeof *w->delta);
    w->direct = malloc((nd * C + 1) * sizeof *w->direct);
    w->dcount = malloc((nd + 1) * sizeof *w->dcount);
    w->dleft = malloc((na + 1) * sizeof *w->dleft);
    w->sdel = malloc((na * C + 1) * sizeof *w->sdel);
    w->g = malloc((np + 1) * sizeof *w->g);
    w->work = malloc((2 * np + 1) * sizeof *w->work);
    w->x = malloc((2 * C + 1) * sizeof *w->x);   /* a row's values, or an atom's change */
    if (c->pdom) {
        w->xm = calloc(entries + 1, sizeof *w->xm);
        w->pm = calloc(entries + 1, sizeof *w->pm);
        w->tm = calloc(entries + 1, sizeof *w->tm);
        w->theta = malloc((nd * c->K + 1) * sizeof *w->theta);
        if (!w->xm || !w->pm || !w->tm || !w->theta) {
            worker_free(w);
            return TRYGG_ERR_NOMEM;
        }
    }
    if (!w->err || !w->mom || !w->miss || !w->tn || !w->tw || !w->tc || !w->astamp || !w->sstamp ||
        !w->dstamp || !w->cstamp || !w->alist || !w->dlist || !w->klist || !w->delta || !w->direct ||
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

/* A worker's touched replicates into the moments: counts and weights per
 * domain, less those whose estimate was not finite. */
static void touched_merge(const jk_ctx *c, const jk_worker *w, trygg_rep_moments *m)
{
    for (size_t li = 0; li < c->L; li++)
        for (size_t d = 0; d < c->y->levels[li].ndom; d++) {
            size_t idx = c->dfirst[li] + d;
            for (size_t k = 0; k < c->K; k++) {
                size_t e = c->first[li] + d * c->K + k;
                const double *mo = w->mom + 3 * e;
                m[e].nf += w->tn[idx] - w->miss[e].nf;
                m[e].w += w->tw[idx] - w->miss[e].w;
                m[e].cnt += w->tc[idx] - w->miss[e].cnt;
                m[e].w1 += mo[0], m[e].w2 += mo[1], m[e].s1 += mo[2];
            }
        }
}

/* The replicates that touch no atom of a domain: the full sample's
 * estimate (rescaled for an uncalibrated JK1's totals), all at once. */
static void untouched_moments(const jk_ctx *c, jk_worker *ws, size_t nw,
                              trygg_rep_moments *m)
{
    const trygg_replicates *r = c->r;
    double W = c->W, P = c->P;
    for (size_t li = 0; li < c->L; li++)
        for (size_t d = 0; d < c->y->levels[li].ndom; d++) {
            size_t idx = c->dfirst[li] + d;
            double tn = 0, tw = 0, tc = 0;
            for (size_t t = 0; t < nw; t++)
                tn += ws[t].tn[idx], tw += ws[t].tw[idx], tc += ws[t].tc[idx];
            double un = (double)r->nrep - tn, uw = W - tw, uc = P - tc;
            const double *b = c->base + idx * c->C;
            for (size_t k = 0; k < c->K && un > 0; k++) {
                double t = c->total[k] ? c->fu * b[2 * k] : c->tbase[idx * c->K + k];
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

/* (domain − parent) over every replicate: the replicates that touch the
 * domain as summed, and the others, where the domain keeps the full
 * sample's estimate, from the parent's moments over all replicates less
 * those over the touching ones. */
static void contrast_spreads(const jk_ctx *c, const jk_worker *ws, size_t nw,
                             const trygg_rep_moments *m, double *cvar, double *tvar)
{
    size_t K = c->K;
    for (size_t l = 0; l < c->L; l++)
        for (size_t d = 0; d < c->y->levels[l].ndom; d++) {
            size_t idx = c->dfirst[l] + d, pidx = c->pdom[idx];
            size_t ent0 = c->first[l] + d * K;
            for (size_t k = 0; k < K; k++) {
                /* the total: the touching replicates as summed; in the
                 * others it is the full sample's, its deviation 0 */
                trygg_rep_moments t = {0, 0, (double)c->r->nrep, c->W, 0, 0};
                t.cnt = c->P;
                for (size_t w = 0; w < nw; w++) {
                    const trygg_rep_moments *a = &ws[w].tm[ent0 + k];
                    t.cnt += a->cnt - ws[w].tc[idx], t.s1 += a->s1;
                    t.nf += a->nf - ws[w].tn[idx], t.w += a->w - ws[w].tw[idx];
                    t.w1 += a->w1, t.w2 += a->w2;
                }
                tvar[ent0 + k] = trygg_rep_moments_spread(c->r, &t);
                cvar[ent0 + k] = NAN;
            }
            if (pidx == UINT32_MAX)
                continue;
            size_t pl = (size_t)c->y->levels[l].parent_level;
            size_t pent0 = c->first[pl] + (pidx - c->dfirst[pl]) * K;
            for (size_t k = 0; k < K; k++) {
                double td = c->tbase[idx * K + k];
                if (!isfinite(td))
                    continue;
                trygg_rep_moments x = {0, 0, 0, 0, 0, 0}, u = m[pent0 + k];
                for (size_t t = 0; t < nw; t++) {
                    const trygg_rep_moments *a = &ws[t].xm[ent0 + k], *p = &ws[t].pm[ent0 + k];
                    x.cnt += a->cnt, x.s1 += a->s1, x.nf += a->nf;
                    x.w += a->w, x.w1 += a->w1, x.w2 += a->w2;
                    u.cnt -= p->cnt, u.s1 -= p->s1, u.nf -= p->nf;
                    u.w -= p->w, u.w1 -= p->w1, u.w2 -= p->w2;
                }
                double dv = td - c->shift[ent0 + k];
                x.nf += u.nf, x.w += u.w, x.cnt += u.cnt;
                x.w1 += dv * u.w - u.w1;
                x.w2 += dv * dv * u.w - 2 * dv * u.w1 + u.w2;
                x.s1 += dv * u.cnt - u.s1;
                cvar[ent0 + k] = trygg_rep_moments_spread(c->r, &x);
            }
        }
}

trygg_status trygg_rep_jackknife_moments(const trygg_year *y, const size_t *first,
                                         const double *shift, trygg_rep_moments *m,
                                         double *cvar, double *tvar, trygg_errors *err)
{
    jk_ctx c;
    trygg_status st = ctx_new(y, first, shift, cvar != NULL, &c, err);
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
            touched_merge(&c, &ws[t], m);
        untouched_moments(&c, ws, made, m);
        if (cvar)
            contrast_spreads(&c, ws, made, m, cvar, tvar);
    }
    for (size_t t = 0; t < made; t++)
        worker_free(&ws[t]);
    ctx_free(&c);
    return st;
}
