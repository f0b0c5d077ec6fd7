/* A promise beside its enclosing area: the area changed by d₂ − d₁, its
 * municipality (or the region) by m₂ − m₁ over the same years; what the
 * area changed beyond that is (d₂ − m₂) − (d₁ − m₁), the difference of the
 * two years' contrasts. The area is part of its enclosing area, so each
 * contrast has the covariance of the overlap (the contrast engine's); the
 * years are independent samples, so their variances add. Nothing is said
 * of an enclosing area hidden in either year. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_internal.h"
#include "followup_internal.h"
#include "intervals.h"
#include "results_internal.h"
#include "survey_internal.h"

void trygg_fu_no_parent(trygg_followup_row *r)
{
    r->parent_level = r->parent = "";
    r->parent_baseline = r->parent_followup = NAN;
    r->parent_change = r->parent_change_se = NAN;
    r->difference = r->difference_se = NAN;
    r->difference_ci_low = r->difference_ci_high = r->difference_p = NAN;
    r->difference_significant = 0;
    r->comparison = r->comparison_en = "";
}

void trygg_fu_contrasts_free(trygg_fu_contrasts *c)
{
    for (size_t i = 0; c->year && i < c->nyears; i++)
        trygg_changes_free(c->year[i]);
    free(c->year);
    memset(c, 0, sizeof *c);
}

/* The year's contrasts, made once for every promise that needs them. */
static trygg_status contrasts_of(trygg_analysis *an, trygg_fu_contrasts *c, int year,
                                 const trygg_changes **out, trygg_errors *err)
{
    const trygg_survey *sv = an->sv;
    if (!c->year) {
        c->year = calloc(sv->nyears + 1, sizeof *c->year);
        if (!c->year)
            return TRYGG_ERR_NOMEM;
        c->nyears = sv->nyears;
    }
    size_t i = 0;
    while (i < sv->nyears && sv->years[i] != year)
        i++;
    if (i == sv->nyears)
        return TRYGG_ERR_ARGUMENT;
    if (!c->year[i]) {
        trygg_change_options co;
        trygg_change_options_init(&co);
        co.year_to = year;
        trygg_status st = trygg_analysis_contrasts(an, &co, &c->year[i], err);
        if (st != TRYGG_OK)
            return st;
    }
    *out = c->year[i];
    return TRYGG_OK;
}

/* The estimate row of a cell that is published, or NULL. */
static const trygg_estimate_row *shown(const trygg_results *all, int year, const char *level,
                                       const char *domain, const char *indicator)
{
    const trygg_estimate_row *x = trygg_results_find(all, year, level, domain, indicator);
    if (!x || x->flags & (TRYGG_FLAG_SUPPRESSED | TRYGG_FLAG_COMPLEMENTARY) ||
        !isfinite(x->estimate) || !isfinite(x->se))
        return NULL;
    return x;
}

static const trygg_change_row *contrast_shown(const trygg_changes *con, int year,
                                              const trygg_followup_row *r)
{
    const trygg_change_row *x = trygg_changes_find(con, year, r->level, r->area, r->indicator);
    if (!x || x->flags & (TRYGG_FLAG_SUPPRESSED | TRYGG_FLAG_COMPLEMENTARY) ||
        !isfinite(x->change) || !isfinite(x->se) || strcmp(x->other_domain, r->parent))
        return NULL;
    return x;
}

/* "+1,6 procentenheter" for a share, "+0,06" for another indicator. */
static void difference_words(char *buf, size_t size, double v, int share, int sv)
{
    char num[64];
    trygg_fu_number(num, sizeof num, share ? "%+.1f" : "%+.2f", share ? 100 * v : v, sv);
    snprintf(buf, size, "%s%s", num, !share ? "" : sv ? " procentenheter"
                                                    : " percentage points");
}

static trygg_status words(const trygg_survey *sv, trygg_dict *pool, trygg_followup_row *r)
{
    long k = trygg_definition_indicator_find(sv->def, r->indicator);
    int share = k >= 0 && trygg_definition_indicator_is_share(sv->def, (size_t)k);
    const char *region = sv->def->region_name;
    int is_region = !strcmp(r->parent_level, "region");
    const char *psv = is_region ? (region ? region : "regionen") : r->parent;
    const char *pen = is_region ? (region ? region : "the region") : r->parent;
    char dsv[96], den[96], ps[64], pe[64], sv_text[512], en_text[512];
    difference_words(dsv, sizeof dsv, r->difference, share, 1);
    difference_words(den, sizeof den, r->difference, share, 0);
    trygg_fu_p_text(ps, sizeof ps, r->difference_p, 1);
    trygg_fu_p_text(pe, sizeof pe, r->difference_p, 0);
    int more = r->difference_significant * r->direction > 0;
    if (r->difference_significant) {
        snprintf(sv_text, sizeof sv_text, "%s förändrades signifikant %s i utlovad riktning "
                 "än %s under samma år (skillnad %s, %s).", r->area, more ? "mer" : "mindre",
                 psv, dsv, ps);
        snprintf(en_text, sizeof en_text, "%s changed significantly %s in the promised "
                 "direction than %s over the same years (difference %s, %s).", r->area,
                 more ? "more" : "less", pen, den, pe);
    } else {
        snprintf(sv_text, sizeof sv_text, "Förändringen skiljer sig inte signifikant från den "
                 "i %s under samma år (skillnad %s, %s): den kan vara en del av en allmän "
                 "utveckling.", psv, dsv, ps);
        snprintf(en_text, sizeof en_text, "The change does not differ significantly from "
                 "that in %s over the same years (difference %s, %s): it may be part of a "
                 "general trend.", pen, den, pe);
    }
    r->comparison = trygg_pool(pool, sv_text);
    r->comparison_en = trygg_pool(pool, en_text);
    return r->comparison && r->comparison_en ? TRYGG_OK : TRYGG_ERR_NOMEM;
}

static void difference(const trygg_change_row *c1, const trygg_change_row *c2,
                       const trygg_priority_options *o, trygg_followup_row *r)
{
    r->difference = c2->change - c1->change;
    r->difference_se = sqrt(c1->se * c1->se + c2->se * c2->se);
    double q = trygg_quantile(o->level, INFINITY);
    r->difference_ci_low = r->difference - q * r->difference_se;
    r->difference_ci_high = r->difference + q * r->difference_se;
    /* no SE (an area that is all of its enclosing area): no test */
    r->difference_p = r->difference_se > 0 ? trygg_p_value(r->difference / r->difference_se)
                                           : NAN;
    r->difference_significant = r->difference_p < o->alpha
                                    ? (r->difference > 0 ? 1 : -1) : 0;
}

trygg_status trygg_fu_beside_parent(trygg_analysis *an, const trygg_results *all,
                                    const trygg_priority_options *o,
                                    trygg_fu_contrasts *cache, trygg_dict *pool,
                                    trygg_followup_row *r, trygg_errors *err)
{
    trygg_fu_no_parent(r);
    const trygg_estimate_row *a = shown(all, r->baseline_year, r->level, r->area, r->indicator);
    const trygg_estimate_row *b = shown(all, r->followup_year, r->level, r->area, r->indicator);
    if (!a || !b || !a->parent[0] || strcmp(a->parent, b->parent))
        return TRYGG_OK;
    const trygg_estimate_row *pa = shown(all, r->baseline_year, a->parent_level, a->parent,
                                         r->indicator);
    const trygg_estimate_row *pb = shown(all, r->followup_year, a->parent_level, a->parent,
                                         r->indicator);
    if (!pa || !pb)
        return TRYGG_OK;   /* a hidden enclosing area: nothing of it */
    const trygg_changes *con1 = NULL, *con2 = NULL;
    trygg_status st = contrasts_of(an, cache, r->baseline_year, &con1, err);
    if (st == TRYGG_OK)
        st = contrasts_of(an, cache, r->followup_year, &con2, err);
    if (st != TRYGG_OK)
        return st;
    r->parent_level = trygg_pool(pool, a->parent_level);
    r->parent = trygg_pool(pool, a->parent);
    if (!r->parent_level || !r->parent)
        return TRYGG_ERR_NOMEM;
    const trygg_change_row *c1 = contrast_shown(con1, r->baseline_year, r);
    const trygg_change_row *c2 = contrast_shown(con2, r->followup_year, r);
    if (!c1 || !c2) {
        trygg_fu_no_parent(r);
        return TRYGG_OK;
    }
    r->parent_baseline = pa->estimate;
    r->parent_followup = pb->estimate;
    trygg_change_between(pa, pb, &r->parent_change, &r->parent_change_se);
    difference(c1, c2, o, r);
    return isnan(r->difference_p) ? TRYGG_OK : words(an->sv, pool, r);
}
