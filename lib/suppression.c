/* Complementary suppression over the whole lattice of a year's cells.
 *
 * Published counts (n, and n + excluded + missing = the respondents of an
 * area) and weighted sums (weighted_n, weighted_n × estimate) add up over
 * areas: a hidden cell whose row of atoms (lattice.h) is a combination of
 * published cells' rows can be worked out exactly, whatever the levels
 * (districts in municipalities, district × sex in districts, municipality ×
 * age group across them). So each year is decided in systems of equations:
 *
 *  - the respondents of each area first: areas with fewer than min_n
 *    respondents are hidden in every indicator, with their complements;
 *  - then each question: the indicators of one item (a share and a mean of
 *    the same answers, "unsafe" and "unsafe or never goes out") are linear
 *    in the same answer counts, so they are published or hidden together;
 *    an indicator of several items (an index) is a question of its own.
 *
 * In each system a cell is hidden when one of its indicators has fewer than
 * min_n valid answers and more than none; then, until nothing changes:
 *  - among the children of a published area that cover it, when hidden
 *    children are one alone or have fewer than min_n answers together, the
 *    published child with the fewest answers is hidden too (ties: the first
 *    name); a narrow interval is as good as a value to a reader;
 *  - a hidden cell whose row is in the span of the published rows (span.h)
 *    takes with it the smallest published cell of that combination.
 * Both only ever hide more, so the loop ends; the second guarantees that no
 * hidden cell is a linear combination of published ones. */
#include "suppression_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "definition_internal.h"
#include "span.h"
#include "survey_internal.h"

/* One system: the cells of one question (or of the respondents) in the
 * year, over the atoms where it has answers. */
typedef struct {
    const trygg_pattern *p;
    const size_t *members;   /* indicators; none = the respondents */
    size_t nmembers;
    trygg_sys_rows rows;
    double *size;            /* per flat domain: answers, to pick the smallest */
    uint8_t *hidden;         /* per flat domain (the pattern's row of it) */
} sys;

static double count_of(const sys *s, size_t l, uint32_t d, size_t m)
{
    const trygg_lattice *lat = &s->p->lat;
    return s->nmembers ? trygg_lattice_valid(lat, l, d, s->members[m])
                       : trygg_lattice_respondents(lat, l, d);
}

trygg_status trygg_sys_rows_build(const trygg_pattern *p, const size_t *members,
                                  size_t nmembers, trygg_sys_rows *r)
{
    const trygg_lattice *lat = &p->lat;
    size_t na = lat->natoms, nd = p->ndom;
    memset(r, 0, sizeof *r);
    r->atom_on = calloc(na + 1, 1);
    r->first = calloc(nd + 2, sizeof *r->first);
    if (!r->atom_on || !r->first)
        return TRYGG_ERR_NOMEM;
    for (size_t a = 0; a < na; a++) {
        int on = !nmembers && lat->respondents[a] > 0;
        for (size_t m = 0; m < nmembers && !on; m++)
            on = lat->valid[a * lat->nind + members[m]] > 0;
        r->atom_on[a] = (uint8_t)on;
    }
    size_t total = 0;
    for (size_t l = 0; l < lat->nlevels; l++) {
        const trygg_lattice_level *lv = &lat->levels[l];
        for (size_t d = 0; d < lv->names.count; d++) {
            for (size_t i = lv->first[d]; i < lv->first[d + 1]; i++)
                total += r->atom_on[lv->atoms[i]];
            r->first[p->off[l] + d + 1] = total;
        }
    }
    r->atoms = malloc((total + 1) * sizeof *r->atoms);
    r->order = malloc((nd + 1) * sizeof *r->order);
    size_t *count = calloc(na + 2, sizeof *count);
    if (!r->atoms || !r->order || !count) {
        free(count);
        return TRYGG_ERR_NOMEM;
    }
    /* shortest rows first (a counting sort, stable): fine cells before the
     * areas they add up to, so that reduction fills in little */
    for (size_t f = 0; f < nd; f++)
        count[r->first[f + 1] - r->first[f] + 1]++;
    for (size_t i = 1; i <= na; i++)
        count[i] += count[i - 1];
    for (size_t f = 0; f < nd; f++)
        r->order[count[r->first[f + 1] - r->first[f]]++] = f;
    free(count);
    for (size_t l = 0, at = 0; l < lat->nlevels; l++) {
        const trygg_lattice_level *lv = &lat->levels[l];
        for (size_t d = 0; d < lv->names.count; d++)
            for (size_t i = lv->first[d]; i < lv->first[d + 1]; i++)
                if (r->atom_on[lv->atoms[i]])
                    r->atoms[at++] = lv->atoms[i];
    }
    return TRYGG_OK;
}

void trygg_sys_rows_free(trygg_sys_rows *r)
{
    free(r->order);
    free(r->atom_on);
    free(r->first);
    free(r->atoms);
    memset(r, 0, sizeof *r);
}

static trygg_status sys_atoms(sys *s)
{
    trygg_status st = trygg_sys_rows_build(s->p, s->members, s->nmembers, &s->rows);
    s->size = calloc(s->p->ndom + 1, sizeof *s->size);
    if (st != TRYGG_OK || !s->size)
        return st != TRYGG_OK ? st : TRYGG_ERR_NOMEM;
    const trygg_lattice *lat = &s->p->lat;
    for (size_t l = 0; l < lat->nlevels; l++)
        for (size_t d = 0; d < trygg_lattice_ndom(lat, l); d++)
            for (size_t m = 0; m < (s->nmembers ? s->nmembers : 1); m++) {
                size_t f = s->p->off[l] + d;
                s->size[f] = fmax(s->size[f], count_of(s, l, (uint32_t)d, m));
            }
    return TRYGG_OK;
}

static void sys_free(sys *s)
{
    trygg_sys_rows_free(&s->rows);
    free(s->size);
}

static size_t row_len(const sys *s, size_t f)
{
    return s->rows.first[f + 1] - s->rows.first[f];
}

/* Primary suppression: a member with answers, but fewer than min_n. */
static void primaries(sys *s)
{
    const trygg_lattice *lat = &s->p->lat;
    int min_n = s->p->min_n;
    for (size_t l = 0; l < lat->nlevels; l++)
        for (size_t d = 0; d < trygg_lattice_ndom(lat, l); d++)
            for (size_t m = 0; m < (s->nmembers ? s->nmembers : 1); m++) {
                double n = count_of(s, l, (uint32_t)d, m);
                if (n > 0 && n < min_n)
                    s->hidden[s->p->off[l] + d] = 1;
            }
}

/* The published cell to hide with others: the fewest answers, then the
 * level given first, then the first name. */
static size_t level_of_flat(const trygg_pattern *p, size_t f)
{
    size_t l = 0;
    while (l + 1 < p->lat.nlevels && p->off[l + 1] <= f)
        l++;
    return l;
}

static int picks_before(const sys *s, size_t f, long best)
{
    if (best < 0)
        return 1;
    size_t g = (size_t)best;
    if (s->size[f] != s->size[g])
        return s->size[f] < s->size[g];
    size_t lf = level_of_flat(s->p, f), lg = level_of_flat(s->p, g);
    if (lf != lg)
        return lf < lg;
    const trygg_dict *names = &s->p->lat.levels[lf].names;
    return strcmp(names->names[f - s->p->off[lf]], names->names[g - s->p->off[lg]]) < 0;
}

/* The children (level a) of a published parent p (level b) that cover it. */
static int group_rule(sys *s, const trygg_nest *nest, uint32_t p)
{
    const trygg_pattern *pt = s->p;
    size_t fa = pt->off[nest->a], fp = pt->off[nest->b] + p;
    const uint32_t *kids = nest->kids + nest->first[p];
    size_t nk = nest->first[p + 1] - nest->first[p], covered = 0, nhidden = 0;
    long best = -1;
    for (size_t i = 0; i < nk; i++) {
        size_t f = fa + kids[i];
        covered += row_len(s, f);
        if (!row_len(s, f))
            continue;   /* no answers: no count or value to protect */
        if (s->hidden[f])
            nhidden++;
        else if (picks_before(s, f, best))
            best = (long)f;
    }
    if (covered != row_len(s, fp) || !nhidden || best < 0)
        return 0;   /* not covering, nothing hidden, or nothing left */
    int narrow = nhidden == 1;
    for (size_t m = 0; m < (s->nmembers ? s->nmembers : 1) && !narrow; m++) {
        double sum = 0;
        for (size_t i = 0; i < nk; i++)
            if (s->hidden[fa + kids[i]])
                sum += count_of(s, nest->a, kids[i], m);
        narrow = sum > 0 && sum < pt->min_n;
    }
    if (!narrow)
        return 0;
    s->hidden[best] = 1;
    return 1;
}

static int group_pass(sys *s)
{
    int changed = 0;
    for (size_t i = 0; i < s->p->nnests; i++) {
        const trygg_nest *n = &s->p->nests[i];
        for (uint32_t p = 0; p < trygg_lattice_ndom(&s->p->lat, n->b); p++)
            if (!s->hidden[s->p->off[n->b] + p] && row_len(s, s->p->off[n->b] + p))
                changed |= group_rule(s, n, p);
    }
    return changed;
}

static trygg_status published_span(const sys *s, trygg_span **out)
{
    trygg_status st = trygg_span_new(s->p->lat.natoms, out);
    for (size_t i = 0; i < s->p->ndom && st == TRYGG_OK; i++) {
        size_t f = s->rows.order[i];
        if (!s->hidden[f] && row_len(s, f))
            st = trygg_span_add(*out, (uint32_t)f, s->rows.atoms + s->rows.first[f],
                                row_len(s, f));
    }
    return st;
}

static int any_hidden(const sys *s)
{
    for (size_t f = 0; f < s->p->ndom; f++)
        if (s->hidden[f] && row_len(s, f))
            return 1;
    return 0;
}

/* One hidden cell in the span of the published ones hides the smallest
 * cell of its combination: *changed = 1. */
static trygg_status span_pass(sys *s, int *changed)
{
    *changed = 0;
    if (!any_hidden(s))
        return TRYGG_OK;   /* nothing to protect */
    trygg_span *sp = NULL;
    trygg_status st = published_span(s, &sp);
    for (size_t f = 0; f < s->p->ndom && st == TRYGG_OK && !*changed; f++) {
        if (!s->hidden[f] || !row_len(s, f))
            continue;
        int in;
        const uint32_t *ids;
        size_t nids;
        st = trygg_span_contains(sp, s->rows.atoms + s->rows.first[f], row_len(s, f), &in,
                                 &ids, &nids);
        long best = -1;
        for (size_t i = 0; st == TRYGG_OK && in && i < nids; i++)
            if (picks_before(s, ids[i], best))
                best = (long)ids[i];
        if (best >= 0) {
            s->hidden[best] = 1;
            *changed = 1;
        }
    }
    trygg_span_free(sp);
    return st;
}

/* Systems decided before, by the atoms they have answers in and the cells
 * hidden at the start. The span rule depends on nothing else, so a pattern
 * found for one holds for another (whose counts may still ask the group
 * rule for more). Most questions of a large survey share both. */
typedef struct {
    uint8_t *atom_on, *start, *end;
} decided;

typedef struct {
    decided *d;
    size_t n, cap, natoms, ndom;
} decided_list;

static const decided *find_decided(const decided_list *l, const sys *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (!memcmp(l->d[i].atom_on, s->rows.atom_on, l->natoms) &&
            !memcmp(l->d[i].start, s->hidden, l->ndom))
            return &l->d[i];
    return NULL;
}

static trygg_status keep_decided(decided_list *l, const sys *s, const uint8_t *start)
{
    if (l->n == l->cap) {
        size_t nc = l->cap ? 2 * l->cap : 8;
        decided *d = realloc(l->d, nc * sizeof *d);
        if (!d)
            return TRYGG_ERR_NOMEM;
        l->d = d;
        l->cap = nc;
    }
    decided x = {malloc(l->natoms + 1), malloc(l->ndom + 1), malloc(l->ndom + 1)};
    if (!x.atom_on || !x.start || !x.end) {
        free(x.atom_on);
        free(x.start);
        free(x.end);
        return TRYGG_ERR_NOMEM;
    }
    memcpy(x.atom_on, s->rows.atom_on, l->natoms);
    memcpy(x.start, start, l->ndom);
    memcpy(x.end, s->hidden, l->ndom);
    l->d[l->n++] = x;
    return TRYGG_OK;
}

static void decided_free(decided_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->d[i].atom_on);
        free(l->d[i].start);
        free(l->d[i].end);
    }
    free(l->d);
}

static trygg_status sys_run(sys *s, decided_list *known)
{
    trygg_status st = sys_atoms(s);
    if (st == TRYGG_OK)
        primaries(s);
    const decided *d = st == TRYGG_OK ? find_decided(known, s) : NULL;
    uint8_t *start = st == TRYGG_OK && !d ? malloc(s->p->ndom + 1) : NULL;
    if (st == TRYGG_OK && !d && !start)
        st = TRYGG_ERR_NOMEM;
    if (start)
        memcpy(start, s->hidden, s->p->ndom);
    if (d)   /* safe against the span already: the group rule may add more */
        memcpy(s->hidden, d->end, s->p->ndom);
    int changed = 1;
    while (st == TRYGG_OK && changed) {
        changed = 0;
        while (group_pass(s))
            changed = 1;
        if (!d || changed)
            st = span_pass(s, &changed);
        d = NULL;
    }
    if (st == TRYGG_OK && start)
        st = keep_decided(known, s, start);
    free(start);
    sys_free(s);
    return st;
}

/* Questions: indicators of one item together; each other its own. */
trygg_status trygg_pattern_questions(trygg_pattern *p, const trygg_definition *def)
{
    size_t nind = def->nindicators;
    p->fam = malloc((nind + 1) * sizeof *p->fam);
    if (!p->fam)
        return TRYGG_ERR_NOMEM;
    p->nfam = 0;
    for (size_t k = 0; k < nind; k++) {
        p->fam[k] = p->nfam;
        for (size_t j = 0; j < k && def->indicators[k].nitems == 1; j++)
            if (def->indicators[j].nitems == 1 &&
                def->indicators[j].items[0] == def->indicators[k].items[0]) {
                p->fam[k] = p->fam[j];
                break;
            }
        if (p->fam[k] == p->nfam)
            p->nfam++;
    }
    return TRYGG_OK;
}

trygg_status trygg_pattern_decide(trygg_pattern *p)
{
    const trygg_definition *def = p->lat.sv->def;
    size_t nd = p->ndom, nind = def->nindicators;
    trygg_status st = trygg_pattern_questions(p, def);
    p->hidden = st == TRYGG_OK ? calloc((p->nfam + 1) * (nd + 1), 1) : NULL;
    uint8_t *resp = calloc(nd + 1, 1);
    size_t *members = malloc((nind + 1) * sizeof *members);
    if (st == TRYGG_OK && (!p->hidden || !resp || !members))
        st = TRYGG_ERR_NOMEM;
    decided_list known = {NULL, 0, 0, p->lat.natoms, nd};
    if (st == TRYGG_OK) {
        sys s = {.p = p, .hidden = resp};
        st = sys_run(&s, &known);
    }
    for (size_t f = 0; f < p->nfam && st == TRYGG_OK; f++) {
        size_t nm = 0;
        for (size_t k = 0; k < nind; k++)
            if (p->fam[k] == f)
                members[nm++] = k;
        uint8_t *h = p->hidden + f * nd;
        memcpy(h, resp, nd);   /* an area hidden by its respondents stays so */
        sys s = {.p = p, .members = members, .nmembers = nm, .hidden = h};
        st = sys_run(&s, &known);
    }
    decided_free(&known);
    p->resp_hidden = resp;   /* kept: the response table shows respondents */
    free(members);
    return st;
}
