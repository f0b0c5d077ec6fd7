/* Year-over-year changes, linear trends and domain-vs-parent contrasts. */
#include "year.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_internal.h"
#include "intervals.h"
#include "results_internal.h"
#include "suppression.h"
#include "significance.h"

void trygg_change_options_init(trygg_change_options *o)
{
    memset(o, 0, sizeof *o);
    o->weighting = TRYGG_WEIGHTING_DEFAULT;
    o->variance = TRYGG_VARIANCE_DEFAULT;
    o->level = 0.95;
}

static double conf(const trygg_survey *sv, const trygg_change_options *o)
{
    return o->level > 0 && o->level < 1 ? o->level : sv->def->confidence;
}

/* The estimates a change or a trend table of its own is made from: an
 * analysis of its own, for this call. */
static trygg_status all_estimates(const trygg_survey *sv,
                                  const trygg_change_options *o,
                                  trygg_results **res, trygg_errors *err)
{
    trygg_analysis_options ao;
    trygg_analysis_options_init(&ao);
    ao.weighting = o->weighting;
    ao.variance = o->variance;
    ao.level = conf(sv, o);
    trygg_estimate_options f;
    trygg_estimate_options_init(&f);
    f.indicator = o->indicator;
    trygg_analysis *a;
    *res = NULL;
    trygg_status st = trygg_analysis_new_once(sv, &ao, &a);
    if (st == TRYGG_OK)
        st = trygg_analysis_estimate(a, &f, res, err);
    trygg_analysis_free(a);
    return st;
}

static void finish_row(trygg_change_row *c, double level)
{
    double q = trygg_quantile(level, INFINITY);
    c->confidence = level;
    c->ci_low = c->change - q * c->se;
    c->ci_high = c->change + q * c->se;
    c->z = c->change / c->se;
    c->p_value = trygg_p_value(c->z);
}

/* The same municipalities in both years: only then is "region" the same
 * population in both, and its change meaningful. */
static int same_region(const trygg_results *r, int y1, int y2)
{
    size_t a = 0, b = 0;
    for (size_t i = 0; i < r->count; i++) {
        const trygg_estimate_row *x = &r->rows[i];
        if (strcmp(x->level, "municipality") != 0 || x->indicator_index != 0)
            continue;
        if (x->year == y1 && trygg_row_answered(x)) {
            a++;
            b += trygg_results_find(r, y2, x->level, x->domain, x->indicator) != NULL;
        }
    }
    size_t n2 = 0;
    for (size_t i = 0; i < r->count; i++)
        n2 += r->rows[i].year == y2 && strcmp(r->rows[i].level, "municipality") == 0 &&
              r->rows[i].indicator_index == 0 && trygg_row_answered(&r->rows[i]);
    return a == b && a == n2;
}

/* same_region for the pair of years last asked about, kept. */
typedef struct {
    int y1, y2, same, known;
} region_memo;

static int same_region_memo(region_memo *m, const trygg_results *r, int y1, int y2)
{
    if (!m->known || m->y1 != y1 || m->y2 != y2)
        *m = (region_memo){y1, y2, same_region(r, y1, y2), 1};
    return m->same;
}

/* The latest earlier year in which the same domain has valid answers
 * (published or not: a change from a hidden year is hidden, not made from
 * an older year instead). */
static const trygg_estimate_row *previous(const trygg_survey *sv,
                                          const trygg_results *r,
                                          const trygg_estimate_row *x)
{
    for (size_t i = sv->nyears; i-- > 0;) {
        if (sv->years[i] >= x->year)
            continue;
        const trygg_estimate_row *p =
            trygg_results_find(r, sv->years[i], x->level, x->domain, x->indicator);
        if (p && trygg_row_answered(p))
            return p;
    }
    return NULL;
}

static trygg_change_row change_of(const trygg_estimate_row *from,
                                  const trygg_estimate_row *to, double level)
{
    trygg_change_row c = {0};
    c.year_from = from->year;
    c.year_to = to->year;
    c.level = to->level;
    c.domain = to->domain;
    c.other_level = "";
    c.other_domain = "";
    c.indicator = to->indicator;
    c.indicator_index = to->indicator_index;
    c.estimate_from = from->estimate;
    c.se_from = from->se;
    c.n_from = from->n;
    c.estimate_to = to->estimate;
    c.se_to = to->se;
    c.n_to = to->n;
    trygg_change_between(from, to, &c.change, &c.se);
    c.se_if_independent = c.se;
    c.flags = from->flags | to->flags;
    c.variance = to->variance;
    finish_row(&c, level);
    if (c.flags & TRYGG_FLAG_SUPPRESSED)   /* either year hidden: so is this */
        trygg_blank_change_row(&c);
    return c;
}

trygg_status trygg_changes_from_estimates(const trygg_survey *sv,
                                          const trygg_results *res,
                                          const trygg_change_options *o,
                                          trygg_changes **out, trygg_errors *err)
{
    trygg_change_options dflt;
    trygg_change_options_init(&dflt);
    o = o ? o : &dflt;
    (void)err;
    *out = NULL;
    int latest = sv->nyears ? sv->years[sv->nyears - 1] : 0;
    region_memo memo = {0, 0, 0, 0};
    trygg_changes *ch;
    trygg_status st = trygg_changes_new(&ch);
    for (size_t i = 0; i < res->count && st == TRYGG_OK; i++) {
        const trygg_estimate_row *to = &res->rows[i];
        if ((o->year_to ? to->year != o->year_to : (!o->all_pairs && to->year != latest)) ||
            !trygg_row_answered(to) || (o->indicator && strcmp(o->indicator, to->indicator)))
            continue;
        const trygg_estimate_row *from = previous(sv, res, to);
        if (!from || (strcmp(to->level, "region") == 0 &&
                      !same_region_memo(&memo, res, from->year, to->year)))
            continue;
        trygg_change_row c = change_of(from, to, conf(sv, o));
        st = trygg_changes_push(ch, &c);
    }
    if (st == TRYGG_OK)
        st = trygg_changes_decide(ch, sv->def->alpha, sv->def->adjust);
    if (st != TRYGG_OK) {
        trygg_changes_free(ch);
        return st;
    }
    *out = ch;
    return TRYGG_OK;
}

trygg_status trygg_changes_compute(const trygg_survey *sv,
                                   const trygg_change_options *o,
                                   trygg_changes **out, trygg_errors *err)
{
    trygg_change_options dflt;
    trygg_change_options_init(&dflt);
    o = o ? o : &dflt;
    *out = NULL;
    trygg_results *res;
    trygg_status st = all_estimates(sv, o, &res, err);
    if (st == TRYGG_OK)
        st = trygg_changes_from_estimates(sv, res, o, out, err);
    trygg_results_free(res);
    return st;
}

void trygg_change_between(const trygg_estimate_row *from, const trygg_estimate_row *to,
                          double *change, double *se)
{
    *change = to->estimate - from->estimate;
    *se = sqrt(from->se * from->se + to->se * to->se);
}

/* ---- trends -------------------------------------------------------- */

/* The least-squares slope of pts' estimates on their years (per year),
 * with its SE from the independent years' SEs. */
void trygg_trend_slope(const trygg_estimate_row *const *pts, size_t n, double *slope,
                       double *se)
{
    double tbar = 0, sxx = 0, v = 0;
    for (size_t i = 0; i < n; i++)
        tbar += pts[i]->year;
    tbar /= (double)n;
    for (size_t i = 0; i < n; i++)
        sxx += (pts[i]->year - tbar) * (pts[i]->year - tbar);
    *slope = 0;
    for (size_t i = 0; i < n; i++) {
        double w = (pts[i]->year - tbar) / sxx;
        *slope += w * pts[i]->estimate;
        v += w * w * pts[i]->se * pts[i]->se;
    }
    *se = sqrt(v);
}

static trygg_status trend_fit(const trygg_estimate_row **pts, size_t n, double level,
                              trygg_changes *ch)
{
    trygg_change_row c = change_of(pts[0], pts[n - 1], level);
    c.n_years = (int)n;
    trygg_trend_slope(pts, n, &c.change, &c.se);
    for (size_t i = 0; i < n; i++)
        c.flags |= pts[i]->flags;
    c.se_if_independent = c.se;
    finish_row(&c, level);
    if (c.flags & TRYGG_FLAG_SUPPRESSED)   /* a hidden year in the trend */
        trygg_blank_change_row(&c);
    return trygg_changes_push(ch, &c);
}

/* The trend of `last`'s domain and indicator over its survey years up to
 * year_to (0: all), when `last` is the latest of them; pts has room for
 * every survey year. */
static trygg_status trend_of(const trygg_survey *sv, const trygg_results *res,
                             const trygg_estimate_row *last, int year_to, double level,
                             const trygg_estimate_row **pts, trygg_changes *ch)
{
    if (year_to && last->year > year_to)
        return TRYGG_OK;
    size_t n = 0;
    for (size_t i = 0; i < sv->nyears; i++) {
        if (year_to && sv->years[i] > year_to)
            break;
        const trygg_estimate_row *p = trygg_results_find(res, sv->years[i], last->level,
                                                         last->domain, last->indicator);
        if (p && trygg_row_answered(p))
            pts[n++] = p;
    }
    return n < 3 || pts[n - 1] != last ? TRYGG_OK : trend_fit(pts, n, level, ch);
}

trygg_status trygg_trends_from_estimates(const trygg_survey *sv, const trygg_results *res,
                                         const trygg_change_options *o, trygg_changes **out)
{
    *out = NULL;
    trygg_changes *ch = NULL;
    region_memo memo = {0, 0, 0, 0};
    const trygg_estimate_row **pts = malloc((sv->nyears + 1) * sizeof *pts);
    trygg_status st = pts ? trygg_changes_new(&ch) : TRYGG_ERR_NOMEM;
    for (size_t i = 0; i < res->count && st == TRYGG_OK; i++)
        if ((!o->indicator || !strcmp(o->indicator, res->rows[i].indicator)) &&
            (strcmp(res->rows[i].level, "region") != 0 ||
             same_region_memo(&memo, res, sv->years[0], res->rows[i].year)))
            st = trend_of(sv, res, &res->rows[i], o->year_to, conf(sv, o), pts, ch);
    free(pts);
    if (st == TRYGG_OK)
        st = trygg_changes_decide(ch, sv->def->alpha, sv->def->adjust);
    if (st != TRYGG_OK) {
        trygg_changes_free(ch);
        return st;
    }
    *out = ch;
    return TRYGG_OK;
}

trygg_status trygg_trends_compute(const trygg_survey *sv,
                                  const trygg_change_options *o,
                                  trygg_changes **out, trygg_errors *err)
{
    trygg_change_options dflt;
    trygg_change_options_init(&dflt);
    o = o ? o : &dflt;
    *out = NULL;
    trygg_results *res;
    trygg_status st = all_estimates(sv, o, &res, err);
    if (st == TRYGG_OK)
        st = trygg_trends_from_estimates(sv, res, o, out);
    trygg_results_free(res);
    return st;
}
