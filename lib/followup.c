/* The follow-up ("kvitto") of citizen promises: did the promised change
 * happen, by the survey's own uncertainty? */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"
#include "errors_internal.h"
#include "estimate_internal.h"
#include "intervals.h"
#include "priorities_internal.h"
#include "results_internal.h"

static const char *const VERDICTS[] = {"uppnått", "ej uppnått", "går ej att avgöra"};

typedef struct {
    const trygg_survey *sv;
    trygg_priority_options o;
    trygg_results *all;
    trygg_followups *out;
    trygg_errors *err;
    const trygg_table *t;
} fu_ctx;

static const trygg_estimate_row *find_any_level(const trygg_results *r, int year,
                                                const char *area, const char *ind)
{
    for (size_t i = 0; i < r->count; i++) {
        const trygg_estimate_row *x = &r->rows[i];
        if (x->year == year && !strcmp(x->domain, area) && !strcmp(x->indicator, ind))
            return x;
    }
    return NULL;
}

static void judge(fu_ctx *c, trygg_followup_row *r)
{
    double alpha = c->o.alpha;
    int sig = r->p_value < alpha;
    int good = r->direction * r->change > 0;
    /* best and worst plausible changes, in the promised direction */
    double best = r->direction < 0 ? -r->ci_low : r->ci_high;
    double worst = r->direction < 0 ? -r->ci_high : r->ci_low;
    double want = isnan(r->target) ? NAN : r->direction * r->target;
    char sv[256], en[256];
    if (sig && !good) {
        r->verdict = TRYGG_VERDICT_NOT_ACHIEVED;
        snprintf(sv, sizeof sv, "signifikant förändring åt motsatt håll (p = %.3f)", r->p_value);
        snprintf(en, sizeof en, "significant change in the opposite direction (p = %.3f)", r->p_value);
    } else if (!isnan(want) && best < want) {
        r->verdict = TRYGG_VERDICT_NOT_ACHIEVED;
        snprintf(sv, sizeof sv, "konfidensintervallet utesluter målet (%+.3g)", r->target);
        snprintf(en, sizeof en, "the confidence interval excludes the target (%+.3g)", r->target);
    } else if (sig) {
        r->verdict = TRYGG_VERDICT_ACHIEVED;
        snprintf(sv, sizeof sv, "signifikant förändring i utlovad riktning (p = %.3f)%s",
                 r->p_value, isnan(want) ? "" : ", förenlig med målet");
        snprintf(en, sizeof en, "significant change in the promised direction (p = %.3f)%s",
                 r->p_value, isnan(want) ? "" : ", consistent with the target");
    } else {
        r->verdict = TRYGG_VERDICT_INCONCLUSIVE;
        snprintf(sv, sizeof sv, "förändringen är inte signifikant (p = %.3f)", r->p_value);
        snprintf(en, sizeof en, "the change is not significant (p = %.3f)", r->p_value);
    }
    (void)worst;
    r->verdict_text = VERDICTS[r->verdict];
    r->reason = trygg_pool(&c->out->pool, sv);
    r->reason_en = trygg_pool(&c->out->pool, en);
}

static int parse_year(const char *s, int *y)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < 1900 || v > 2200)
        return -1;
    *y = (int)v;
    return 0;
}

static void bad(fu_ctx *c, size_t row, long col, const char *what, const char *v)
{
    trygg_errors_add(c->err, c->t->file, c->t->line[row],
                     col >= 0 ? (unsigned long)col + 1 : 0, "%s '%s'", what, v);
}

/* One promise row into r; -1 after a diagnostic. */
static int read_promise(fu_ctx *c, size_t i, const long col[6], trygg_followup_row *r)
{
    const trygg_table *t = c->t;
    const char *v[6];
    for (int k = 0; k < 6; k++)
        v[k] = trygg_table_get(t, i, col[k]);
    memset(r, 0, sizeof *r);
    r->area = v[0];
    r->indicator = v[1];
    if (parse_year(v[2], &r->baseline_year) || parse_year(v[3], &r->followup_year)) {
        bad(c, i, parse_year(v[2], &r->baseline_year) ? col[2] : col[3],
            "not a year:", parse_year(v[2], &r->baseline_year) ? v[2] : v[3]);
        return -1;
    }
    if (!strcmp(v[4], "decrease") || !strcmp(v[4], "minska"))
        r->direction = -1;
    else if (!strcmp(v[4], "increase") || !strcmp(v[4], "öka"))
        r->direction = 1;
    else {
        bad(c, i, col[4], "direction must be decrease/minska or increase/öka, not", v[4]);
        return -1;
    }
    r->target = NAN;
    if (*v[5]) {
        char *end;
        r->target = strtod(v[5], &end);
        if (end == v[5] || *end || !isfinite(r->target)) {
            bad(c, i, col[5], "target is not a number:", v[5]);
            return -1;
        }
        long k = trygg_definition_indicator_find(c->sv->def, r->indicator);
        if (k >= 0 && trygg_definition_indicator_is_share(c->sv->def, (size_t)k))
            r->target /= 100.0;  /* percentage points */
    }
    return 0;
}

static int fill(fu_ctx *c, size_t i, const long col[6], trygg_followup_row *r)
{
    const trygg_estimate_row *a = find_any_level(c->all, r->baseline_year, r->area, r->indicator);
    const trygg_estimate_row *b = find_any_level(c->all, r->followup_year, r->area, r->indicator);
    if (!a || !b || !(a->n > 0) || !(b->n > 0)) {
        bad(c, i, !a || !(a->n > 0) ? col[2] : col[3],
            "no estimate for this area, indicator and year:", r->area);
        return -1;
    }
    r->baseline = a->estimate;
    r->baseline_ci_low = a->ci_low;
    r->baseline_ci_high = a->ci_high;
    r->followup = b->estimate;
    r->followup_ci_low = b->ci_low;
    r->followup_ci_high = b->ci_high;
    r->change = b->estimate - a->estimate;
    r->se = sqrt(a->se * a->se + b->se * b->se);
    double q = trygg_quantile(c->o.level, INFINITY);
    r->ci_low = r->change - q * r->se;
    r->ci_high = r->change + q * r->se;
    r->p_value = trygg_p_value(r->change / r->se);
    r->flags = a->flags | b->flags;
    r->area = trygg_pool(&c->out->pool, r->area);
    r->indicator = trygg_pool(&c->out->pool, r->indicator);
    if (r->flags & TRYGG_FLAG_SUPPRESSED) {
        r->verdict = TRYGG_VERDICT_INCONCLUSIVE;
        r->verdict_text = VERDICTS[r->verdict];
        r->reason = trygg_pool(&c->out->pool, "för få svar");
        r->reason_en = trygg_pool(&c->out->pool, "too few answers");
    } else {
        judge(c, r);
    }
    return 0;
}

static trygg_status all_promises(fu_ctx *c)
{
    static const char *const names[6] = {"area", "indicator", "baseline_year",
                                         "followup_year", "direction", "target"};
    long col[6];
    for (int k = 0; k < 6; k++)
        if ((col[k] = trygg_table_col(c->t, names[k])) < 0 && k < 5) {
            trygg_errors_add(c->err, c->t->file, 1, 0, "missing column '%s'", names[k]);
            return TRYGG_ERR_INVALID;
        }
    c->out->rows = calloc(c->t->nrows + 1, sizeof *c->out->rows);
    if (!c->out->rows)
        return TRYGG_ERR_NOMEM;
    trygg_status st = TRYGG_OK;
    for (size_t i = 0; i < c->t->nrows; i++) {
        trygg_followup_row *r = &c->out->rows[c->out->count];
        if (read_promise(c, i, col, r) || fill(c, i, col, r))
            st = TRYGG_ERR_INVALID;
        else
            c->out->count++;
    }
    return st;
}

trygg_status trygg_followup_compute(const trygg_survey *sv,
                                    const trygg_priority_options *opt,
                                    const char *promises_path,
                                    trygg_followups **out, trygg_errors *err)
{
    fu_ctx c = {.sv = sv, .err = err};
    *out = NULL;
    trygg_table *t = NULL;
    trygg_status st = trygg_table_read(promises_path, &t, err);
    if (st != TRYGG_OK)
        return st;
    c.t = t;
    c.out = calloc(1, sizeof *c.out);
    if (!c.out) {
        trygg_table_free(t);
        return TRYGG_ERR_NOMEM;
    }
    trygg_dict_init(&c.out->pool);
    st = trygg_priority_estimates(sv, opt, &c.o, &c.all, err);
    if (st == TRYGG_OK)
        st = all_promises(&c);
    trygg_results_free(c.all);
    trygg_table_free(t);
    if (st != TRYGG_OK) {
        trygg_followups_free(c.out);
        return st;
    }
    *out = c.out;
    return TRYGG_OK;
}

void trygg_followups_free(trygg_followups *f)
{
    if (!f)
        return;
    free(f->rows);
    trygg_dict_free(&f->pool);
    free(f);
}

size_t trygg_followups_count(const trygg_followups *f) { return f ? f->count : 0; }

const trygg_followup_row *trygg_followups_row(const trygg_followups *f, size_t i)
{
    return f && i < f->count ? &f->rows[i] : NULL;
}
