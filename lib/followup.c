/* The follow-up ("kvitto") of citizen promises: did the promised change
 * happen, by the survey's own uncertainty? The promises file is written by
 * people, so its names are matched as typed, its numbers read with the
 * file's own decimal mark, its words kept as written; the verdict's
 * reasons are Swedish with Swedish numbers, and English. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_internal.h"
#include "csv_reader.h"
#include "errors_internal.h"
#include "year.h"
#include "followup_internal.h"
#include "intervals.h"
#include "priorities_internal.h"
#include "results_internal.h"
#include "text_internal.h"

static const char *const VERDICTS[] = {"uppnått", "ej uppnått", "går ej att avgöra"};
static const char *const VERDICTS_EN[] = {"achieved", "not achieved", "cannot be judged"};

enum { C_AREA, C_INDICATOR, C_BASELINE, C_FOLLOWUP, C_DIRECTION, C_TARGET, NCOLS };

typedef struct {
    const trygg_survey *sv;
    trygg_analysis *an;      /* the run's years, estimates and contrasts */
    trygg_priority_options o;
    const trygg_results *all;
    trygg_followups *out;
    trygg_errors *err;
    const trygg_table *t;
    long col[NCOLS];
    size_t row;              /* the promise being read */
    trygg_fu_contrasts con;  /* each year's contrasts, once */
    trygg_status st;         /* of the contrasts, when they failed */
} fu_ctx;

/* ---- numbers in words ------------------------------------------------- */

/* `v` as a reader of `sv` (1: Swedish) expects it: Swedish with a decimal
 * comma and the minus sign U+2212; `fmt` is a printf format of one double.
 * buf has room for any double in these formats. */
void trygg_fu_number(char *buf, size_t size, const char *fmt, double v, int sv)
{
    char plain[64];
    snprintf(plain, sizeof plain, fmt, v);
    size_t n = 0;
    for (const char *p = plain; *p && n + 4 < size; p++) {
        if (sv && *p == '-') {
            memcpy(buf + n, "\xE2\x88\x92", 3);   /* − */
            n += 3;
        } else {
            buf[n++] = sv && *p == '.' ? ',' : *p;
        }
    }
    buf[n] = 0;
}

/* "p = 0,254", "p < 0,001" (Swedish) or "p = 0.254" (English). */
void trygg_fu_p_text(char *buf, size_t size, double p, int sv)
{
    char num[64];
    trygg_fu_number(num, sizeof num, "%.3f", p < 0.001 ? 0.001 : p, sv);
    snprintf(buf, size, "p %s %s", p < 0.001 ? "<" : "=", num);
}

/* The target as the file gives it: "−5 procentenheter" / "−5 percentage
 * points" for a share, the number alone for another indicator (with a true
 * minus sign in either language: a text cell beginning with '-' would be
 * taken for a formula by a spreadsheet, and neutralised). */
static void target_text(char *buf, size_t size, double entered, int is_share, int sv)
{
    char num[64];
    trygg_fu_number(num, sizeof num, "%.15g", entered, sv);
    const char *digits = num[0] == '-' ? num + 1 : num;   /* English: "-" */
    snprintf(buf, size, "%s%s%s", digits != num ? "\xE2\x88\x92" : "", digits,
             !is_share ? "" : sv ? " procentenheter" : " percentage points");
}

/* ---- the verdict --------------------------------------------------------- */

static void judge(fu_ctx *c, trygg_followup_row *r, char *sv, char *en, size_t size)
{
    int sig = r->p_value < c->o.alpha;
    int good = r->direction * r->change > 0;
    /* the best plausible change in the promised direction */
    double best = r->direction < 0 ? -r->ci_low : r->ci_high;
    double want = isnan(r->target) ? NAN : r->direction * r->target;
    char psv[96], pen[96];
    trygg_fu_p_text(psv, sizeof psv, r->p_value, 1);
    trygg_fu_p_text(pen, sizeof pen, r->p_value, 0);
    if (sig && !good) {
        r->verdict = TRYGG_VERDICT_NOT_ACHIEVED;
        snprintf(sv, size, "signifikant förändring åt motsatt håll (%s)", psv);
        snprintf(en, size, "significant change in the opposite direction (%s)", pen);
    } else if (!isnan(want) && best < want) {
        r->verdict = TRYGG_VERDICT_NOT_ACHIEVED;
        snprintf(sv, size, "konfidensintervallet utesluter målet (%s)", r->target_text);
        snprintf(en, size, "the confidence interval excludes the target (%s)",
                 r->target_text_en);
    } else if (sig) {
        r->verdict = TRYGG_VERDICT_ACHIEVED;
        snprintf(sv, size, "signifikant förändring i utlovad riktning (%s)%s%s%s", psv,
                 isnan(want) ? "" : ", förenlig med målet (",
                 isnan(want) ? "" : r->target_text, isnan(want) ? "" : ")");
        snprintf(en, size, "significant change in the promised direction (%s)%s%s%s", pen,
                 isnan(want) ? "" : ", consistent with the target (",
                 isnan(want) ? "" : r->target_text_en, isnan(want) ? "" : ")");
    } else {
        r->verdict = TRYGG_VERDICT_INCONCLUSIVE;
        snprintf(sv, size, "förändringen är inte signifikant (%s)", psv);
        snprintf(en, size, "the change is not significant (%s)", pen);
    }
}

/* ---- reading a promise --------------------------------------------------- */

static void bad(fu_ctx *c, int k, const char *fmt, const char *a, const char *b)
{
    long col = c->col[k];
    trygg_errors_add(c->err, c->t->file, c->t->line[c->row],
                     col >= 0 ? (unsigned long)col + 1 : 0, fmt, a, b);
}

/* Copies the diagnostics of a name look-up to this promise's cell. */
static void bad_name(fu_ctx *c, int k, const trygg_errors *found)
{
    for (size_t i = 0; i < trygg_errors_count(found); i++)
        bad(c, k, "%s%s", trygg_errors_get(found, i)->message, "");
}

static int survey_year(const trygg_survey *sv, int y)
{
    for (size_t i = 0; i < sv->nyears; i++)
        if (sv->years[i] == y)
            return 1;
    return 0;
}

static int read_year(fu_ctx *c, int k, const char *v, int *y)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (end == v || *end || n < 1900 || n > 2200) {
        bad(c, k, "%s '%s' is not a year (expected four digits, e.g. 2024)",
            k == C_BASELINE ? "baseline_year" : "followup_year", v);
        return -1;
    }
    *y = (int)n;
    if (survey_year(c->sv, *y))
        return 0;
    size_t cap = c->sv->nyears * 8 + 8, at = 0;
    char *years = malloc(cap);
    for (size_t i = 0; years && i < c->sv->nyears; i++)
        at += (size_t)snprintf(years + at, cap - at, "%s%d", i ? ", " : "",
                               c->sv->years[i]);
    bad(c, k, "%s is no survey year in the data (years: %s)", v, years ? years : "?");
    free(years);
    return -1;
}

static int read_years(fu_ctx *c, const char *b, const char *f, trygg_followup_row *r)
{
    int bad_b = read_year(c, C_BASELINE, b, &r->baseline_year);
    int bad_f = read_year(c, C_FOLLOWUP, f, &r->followup_year);
    if (bad_b || bad_f)
        return -1;
    if (r->baseline_year < r->followup_year)
        return 0;
    bad(c, C_FOLLOWUP, "the follow-up year %s must come after the baseline year %s", f, b);
    return -1;
}

/* The area and indicator as the survey names them. */
static int read_names(fu_ctx *c, const char *area, const char *ind, trygg_followup_row *r)
{
    trygg_errors *found = trygg_errors_new(4);
    if (!found)
        return -1;
    int rc = 0;
    if (trygg_survey_find_area(c->sv, area, &r->level, &r->area, found) != TRYGG_OK) {
        bad_name(c, C_AREA, found);
        rc = -1;
    }
    trygg_errors_clear(found);
    const trygg_definition *def = c->sv->def;
    const char **names = malloc((def->nindicators + 1) * sizeof *names);
    size_t at = 0;
    for (size_t i = 0; names && i < def->nindicators; i++)
        names[i] = def->indicators[i].name;
    if (!names || trygg_name_resolve(names, def->nindicators, "indicator", ind, &at,
                                     found) != TRYGG_OK) {
        bad_name(c, C_INDICATOR, found);
        rc = -1;
    } else {
        r->indicator = names[at];
    }
    free(names);
    trygg_errors_free(found);
    return rc;
}

/* decrease/minska or increase/öka in any case; the word is kept. */
static int read_direction(fu_ctx *c, const char *v, trygg_followup_row *r)
{
    static const char *const down[] = {"decrease", "minska"}, *const up[] = {"increase",
                                                                             "öka"};
    char *f = NULL;
    if (trygg_utf8_fold(v, &f) != TRYGG_OK)
        f = NULL;
    r->direction = 0;
    for (int i = 0; f && i < 2; i++) {
        if (!strcmp(f, down[i]))
            r->direction = -1;
        if (!strcmp(f, up[i]))
            r->direction = 1;
    }
    free(f);
    if (r->direction)
        r->direction_text = trygg_pool(&c->out->pool, v);
    else
        bad(c, C_DIRECTION, "direction must be decrease/minska or increase/öka, not "
            "'%s'%s", v, "");
    return r->direction && r->direction_text ? 0 : -1;
}

/* [+-−]digits[<mark>digits], the mark the file's separator implies. */
static int plain_number(const char *v, char mark, double *out)
{
    char buf[96];
    size_t n = 0;
    const char *p = v;
    if (*p == '-' || *p == '+')
        buf[n++] = *p++;
    else if (!strncmp(p, "\xE2\x88\x92", 3))   /* − as Swedish text writes it */
        buf[n++] = '-', p += 3;
    int digits = 0, marks = 0;
    for (; *p && n + 1 < sizeof buf; p++) {
        if (*p >= '0' && *p <= '9')
            buf[n++] = *p, digits++;
        else if (*p == mark && !marks++)
            buf[n++] = '.';
        else
            return -1;
    }
    if (*p || !digits)
        return -1;
    buf[n] = 0;
    *out = strtod(buf, NULL);
    return isfinite(*out) ? 0 : -1;
}

static int read_target(fu_ctx *c, const char *v, trygg_followup_row *r)
{
    r->target = r->target_entered = NAN;
    r->target_text = r->target_text_en = "";
    char mark = c->t->sep == ';' ? ',' : '.';
    if (!*v || plain_number(v, mark, &r->target_entered) == 0)
        return 0;
    trygg_errors_add(c->err, c->t->file, c->t->line[c->row],
                     (unsigned long)c->col[C_TARGET] + 1, "target '%s' is not a number "
                     "(decimal mark '%c' in a '%c' file, no spaces or thousands "
                     "separators)", v, mark, c->t->sep);
    return -1;
}

/* The target in the indicator's unit, and in words as entered. */
static int target_in_unit(fu_ctx *c, trygg_followup_row *r)
{
    if (isnan(r->target_entered))
        return 0;
    long k = trygg_definition_indicator_find(c->sv->def, r->indicator);
    int share = k >= 0 && trygg_definition_indicator_is_share(c->sv->def, (size_t)k);
    /* a share's target is in percentage points, its estimates in 0-1 */
    r->target = share ? r->target_entered / 100.0 : r->target_entered;
    char sv[128], en[128];
    target_text(sv, sizeof sv, r->target_entered, share, 1);
    target_text(en, sizeof en, r->target_entered, share, 0);
    r->target_text = trygg_pool(&c->out->pool, sv);
    r->target_text_en = trygg_pool(&c->out->pool, en);
    return r->target_text && r->target_text_en ? 0 : -1;
}

/* One promise row into r; -1 after a diagnostic for each cell that is
 * wrong. */
static int read_promise(fu_ctx *c, trygg_followup_row *r)
{
    const char *v[NCOLS];
    for (int k = 0; k < NCOLS; k++)
        v[k] = trygg_table_get(c->t, c->row, c->col[k]);
    memset(r, 0, sizeof *r);
    int names = read_names(c, v[C_AREA], v[C_INDICATOR], r);
    int years = read_years(c, v[C_BASELINE], v[C_FOLLOWUP], r);
    int dir = read_direction(c, v[C_DIRECTION], r);
    int target = read_target(c, v[C_TARGET], r);
    if (names || years || dir || target)
        return -1;
    return target_in_unit(c, r);
}

/* ---- judging it ---------------------------------------------------------- */

/* A suppressed estimate in either year: nothing that depends on it is
 * written, not even another flag. */
static void suppressed(fu_ctx *c, trygg_followup_row *r)
{
    r->baseline = r->baseline_ci_low = r->baseline_ci_high = NAN;
    r->followup = r->followup_ci_low = r->followup_ci_high = NAN;
    r->change = r->se = r->ci_low = r->ci_high = r->p_value = NAN;
    r->flags = TRYGG_FLAG_SUPPRESSED;
    r->verdict = TRYGG_VERDICT_INCONCLUSIVE;
    r->reason = trygg_pool(&c->out->pool, "för få svar");
    r->reason_en = trygg_pool(&c->out->pool, "too few answers");
    trygg_fu_no_parent(r);
}

static const trygg_estimate_row *estimate_of(fu_ctx *c, int k, int year,
                                             const trygg_followup_row *r)
{
    const trygg_estimate_row *x = trygg_results_find(c->all, year, r->level, r->area,
                                                     r->indicator);
    if (x && ((x->flags & TRYGG_FLAG_SUPPRESSED) || x->n > 0))
        return x;
    char y[16];
    snprintf(y, sizeof y, "%d", year);
    bad(c, k, "no answers from %s in %s", r->area, y);
    return NULL;
}

static int fill(fu_ctx *c, trygg_followup_row *r)
{
    const trygg_estimate_row *a = estimate_of(c, C_BASELINE, r->baseline_year, r);
    const trygg_estimate_row *b = estimate_of(c, C_FOLLOWUP, r->followup_year, r);
    if (!a || !b)
        return -1;
    char sv[512], en[512];
    if ((a->flags | b->flags) & TRYGG_FLAG_SUPPRESSED) {
        suppressed(c, r);
    } else {
        r->baseline = a->estimate;
        r->baseline_ci_low = a->ci_low;
        r->baseline_ci_high = a->ci_high;
        r->followup = b->estimate;
        r->followup_ci_low = b->ci_low;
        r->followup_ci_high = b->ci_high;
        trygg_change_between(a, b, &r->change, &r->se);
        double q = trygg_quantile(c->o.level, INFINITY);
        r->ci_low = r->change - q * r->se;
        r->ci_high = r->change + q * r->se;
        r->p_value = trygg_p_value(r->change / r->se);
        r->flags = a->flags | b->flags;
        judge(c, r, sv, en, sizeof sv);
        r->reason = trygg_pool(&c->out->pool, sv);
        r->reason_en = trygg_pool(&c->out->pool, en);
        c->st = trygg_fu_beside_parent(c->an, c->all, &c->o, &c->con, &c->out->pool, r,
                                       c->err);
    }
    r->verdict_text = VERDICTS[r->verdict];
    r->verdict_en = VERDICTS_EN[r->verdict];
    return r->reason && r->reason_en && c->st == TRYGG_OK ? 0 : -1;
}

static trygg_status all_promises(fu_ctx *c)
{
    static const char *const names[NCOLS] = {"area", "indicator", "baseline_year",
                                             "followup_year", "direction", "target"};
    for (int k = 0; k < NCOLS; k++)
        if ((c->col[k] = trygg_table_col(c->t, names[k])) < 0 && k != C_TARGET) {
            trygg_errors_add(c->err, c->t->file, 1, 0, "missing column '%s'", names[k]);
            return TRYGG_ERR_INVALID;
        }
    c->out->rows = calloc(c->t->nrows + 1, sizeof *c->out->rows);
    if (!c->out->rows)
        return TRYGG_ERR_NOMEM;
    trygg_status st = TRYGG_OK;
    for (c->row = 0; c->row < c->t->nrows; c->row++) {
        trygg_followup_row *r = &c->out->rows[c->out->count];
        if (read_promise(c, r) || fill(c, r))
            st = TRYGG_ERR_INVALID;
        else
            c->out->count++;
        if (c->st != TRYGG_OK)   /* the contrasts failed: not the file's fault */
            return c->st;
    }
    return st;
}

trygg_status trygg_analysis_followups(trygg_analysis *a, const trygg_priority_options *opt,
                                      const char *promises_path, trygg_followups **out,
                                      trygg_errors *err)
{
    fu_ctx c = {.sv = a->sv, .an = a, .err = err};
    *out = NULL;
    trygg_priority_resolve(a, opt, &c.o);
    trygg_table *t = NULL;
    trygg_status st = trygg_table_read(promises_path, &t, err);
    if (st == TRYGG_OK)
        st = trygg_table_check_utf8(t, err);
    if (st == TRYGG_OK && !(c.out = calloc(1, sizeof *c.out)))
        st = TRYGG_ERR_NOMEM;
    if (c.out)
        trygg_dict_init(&c.out->pool);
    c.t = t;
    if (st == TRYGG_OK)
        st = trygg_analysis_estimates(a, &c.all, err);
    size_t threads = trygg_analysis_threads_begin(a);
    if (st == TRYGG_OK)
        st = all_promises(&c);
    trygg_analysis_threads_end(threads);
    trygg_fu_contrasts_free(&c.con);
    trygg_table_free(t);
    if (st != TRYGG_OK) {
        trygg_followups_free(c.out);
        return st;
    }
    *out = c.out;
    return TRYGG_OK;
}

trygg_status trygg_followup_compute(const trygg_survey *sv,
                                    const trygg_priority_options *opt,
                                    const char *promises_path,
                                    trygg_followups **out, trygg_errors *err)
{
    trygg_analysis *a;
    *out = NULL;
    trygg_status st = trygg_priority_analysis(sv, opt, &a);
    if (st == TRYGG_OK)
        st = trygg_analysis_followups(a, opt, promises_path, out, err);
    trygg_analysis_free(a);
    return st;
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
