/* Reading trygg's own output tables back as a reader would: which cells
 * each row prints numbers of, directly or through a figure made from them,
 * and which it says are suppressed. Tables are told apart by their header. */
#include "publication_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"
#include "definition_internal.h"
#include "errors_internal.h"
#include "survey_internal.h"

typedef struct {
    trygg_publication *p;
    const trygg_table *t;
    const char *file;      /* the name to cite: the path's last part */
    size_t row;
} reader;

/* A text cell as written: a leading ' that neutralises a spreadsheet
 * formula is not part of the name. */
static const char *text(const reader *r, const char *col)
{
    const char *v = trygg_table_get(r->t, r->row, trygg_table_col(r->t, col));
    if (v[0] == '\'' && v[1] && strchr("=+-@\t\r", v[1]))
        return v + 1;
    return v;
}

static int has(const reader *r, const char *col)
{
    return trygg_table_col(r->t, col) >= 0;
}

static int number_at(const reader *r, const char *col)
{
    return text(r, col)[0] != 0;
}

static int in_list(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(name, *list) == 0)
            return 1;
    return 0;
}

/* Any column not in `meta` holds a number of the row's cells. */
static int any_number(const reader *r, const char *const *meta)
{
    for (size_t c = 0; c < r->t->ncols; c++)
        if (!in_list(r->t->header[c], meta) && trygg_table_get(r->t, r->row, (long)c)[0])
            return 1;
    return 0;
}

/* How a row shows a cell (the table and line are the publication's). */
static const char *where(const reader *r, const char *what)
{
    (void)r;
    return what;
}

static int suppressed(const reader *r)
{
    return strstr(text(r, "flag"), "suppressed") != NULL;
}

static long indicator(const reader *r, const char *col)
{
    return trygg_definition_indicator_find(r->p->sv->def, text(r, col));
}

static int year_of(const reader *r, const char *col)
{
    return atoi(text(r, col));
}

static trygg_status leak(reader *r, int year, const char *level, const char *domain,
                         const char *ind, const char *how)
{
    return trygg_pub_leak_add(r->p, year, level, domain, ind, where(r, how));
}

/* ---- estimates ----------------------------------------------------------- */

static const char *const ESTIMATE_META[] = {
    "year", "weighting", "level", "domain", "indicator", "ci_method", "df", "flag",
    "parent_level", "parent", "confidence", "variance", "domain_label",
    "indicator_label", "group_label", "year_from", NULL};

static trygg_status estimate_row(reader *r)
{
    int year = year_of(r, "year");
    const char *level = text(r, "level"), *domain = text(r, "domain");
    long k = indicator(r, "indicator");
    if (k < 0) {
        r->p->unknown++;
        return TRYGG_OK;
    }
    int nums = any_number(r, ESTIMATE_META);
    trygg_status st = TRYGG_OK;
    if (suppressed(r)) {
        st = trygg_pub_mark(r->p, year, level, domain, (size_t)k);
        if (st == TRYGG_OK && nums)
            st = leak(r, year, level, domain, text(r, "indicator"),
                      "suppressed, yet numbers are printed");
        if (st == TRYGG_OK && strcmp(text(r, "flag"), "suppressed") != 0)
            st = leak(r, year, level, domain, text(r, "indicator"),
                      "the flag of a suppressed cell says more than \"suppressed\"");
    }
    if (st == TRYGG_OK && nums)
        st = trygg_pub_show(r->p, year, level, domain, (size_t)k, where(r, "estimate"));
    return st;
}

/* ---- changes, trends and contrasts --------------------------------------- */

static const char *const CHANGE_META[] = {
    "year", "year_from", "year_to", "weighting", "level", "domain", "indicator",
    "parent_level", "parent", "other_level", "other_domain", "flag", "confidence",
    "variance", "alpha", "adjust", "n_years", "domain_label", "indicator_label",
    "group_label", "parent_label", "year_from_first", "year_to_first", NULL};

static trygg_status change_row(reader *r, int contrast)
{
    long k = indicator(r, "indicator");
    if (k < 0) {
        r->p->unknown++;
        return TRYGG_OK;
    }
    const char *level = text(r, "level"), *domain = text(r, "domain");
    int nums = any_number(r, CHANGE_META);
    int from = contrast ? year_of(r, "year") : year_of(r, "year_from");
    int to = contrast ? from : year_of(r, "year_to");
    trygg_status st = TRYGG_OK;
    if (suppressed(r) && nums)
        st = leak(r, to, level, domain, text(r, "indicator"),
                  "a suppressed change or contrast, yet numbers are printed");
    if (st != TRYGG_OK || !nums)
        return st;
    if (contrast) {
        st = trygg_pub_show(r->p, to, level, domain, (size_t)k, where(r, "contrast"));
        if (st == TRYGG_OK)
            st = trygg_pub_show(r->p, to, text(r, "parent_level"), text(r, "parent"),
                                (size_t)k, where(r, "contrast"));
        return st;
    }
    /* a change is made of its two years, a trend of every year between */
    return trygg_pub_show_years(r->p, from, to, level, domain, (size_t)k,
                                where(r, from == to ? "estimate" : "change or trend"));
}

/* ---- small areas (trygg smallarea) ----------------------------------------- */

/* The direct cell's columns; the model's own (model_estimate, model_rmse) are
 * no figure of a suppressed cell, and a synthetic estimate is not made of
 * it (smallarea_publication.c adds the same cells before writing). */
static const char *const MODEL_META[] = {
    "year", "level", "domain", "parent_level", "parent", "indicator", "flag",
    "model_estimate", "model_rmse", "model", "scale", "benchmarked", "covariate_year",
    NULL};

static trygg_status smallarea_row(reader *r)
{
    long k = indicator(r, "indicator");
    if (k < 0) {
        r->p->unknown++;
        return TRYGG_OK;
    }
    int year = year_of(r, "year"), cy = year_of(r, "covariate_year");
    const char *level = text(r, "level"), *domain = text(r, "domain");
    int nums = any_number(r, MODEL_META);
    trygg_status st = TRYGG_OK;
    if (suppressed(r)) {
        st = trygg_pub_mark(r->p, year, level, domain, (size_t)k);
        if (st == TRYGG_OK && (nums || !strncmp(text(r, "model"), "eblup", 5) ||
                               strcmp(text(r, "flag"), "suppressed") != 0))
            st = leak(r, year, level, domain, text(r, "indicator"),
                      "a suppressed cell with its own numbers, an EBLUP or a flag");
    }
    if (st == TRYGG_OK && nums)
        st = trygg_pub_show(r->p, year, level, domain, (size_t)k, "estimate");
    if (!text(r, "model_estimate")[0])
        return st;
    if (st == TRYGG_OK && !strcmp(text(r, "benchmarked"), "1"))
        st = trygg_pub_show(r->p, year, text(r, "parent_level"), text(r, "parent"), (size_t)k,
                            "benchmark");
    if (st == TRYGG_OK && cy)
        st = trygg_pub_show(r->p, cy, level, domain, (size_t)k, "covariate");
    return st;
}

/* ---- priorities ---------------------------------------------------------- */

static const char *const PRIORITY_TEXT[] = {
    "rank", "priority", "year", "level", "area", "indicator", "focus_areas", "parent",
    "parent_level", "change_from", "most_affected_group", "group_level", "peer_group",
    "signal_problem", "influence", "reason", "reason_en", "flag", "confidence",
    "variance", "indicator_label", "domain_label", "parent_label", "group_label", NULL};
static const char *const PARENT_COLS[] = {"parent_estimate", "gap", "gap_ci_low",
    "gap_ci_high", "gap_p", "gap_p_adjusted", NULL};
static const char *const CHANGE_COLS[] = {"change", "change_p", "change_p_adjusted",
    NULL};
static const char *const TREND_COLS[] = {"trend_per_year", "trend_p", NULL};
static const char *const GROUP_COLS[] = {"group_estimate", "group_ci_low",
    "group_ci_high", NULL};
static const char *const PEER_COLS[] = {"peer_estimate", "peer_gap", "peer_gap_ci_low",
    "peer_gap_ci_high", "peer_gap_p", NULL};

static int any_of(const reader *r, const char *const *cols)
{
    for (; *cols; cols++)
        if (has(r, *cols) && number_at(r, *cols))
            return 1;
    return 0;
}

static trygg_status peers_shown(reader *r, int year, const char *level, const char *area,
                                size_t k)
{
    const trygg_definition *def = r->p->sv->def;
    const char *g = text(r, "peer_group");
    trygg_status st = TRYGG_OK;
    for (size_t i = 0; i < def->npeers && st == TRYGG_OK; i++)
        for (size_t m = 0; !strcmp(def->peers[i].name, g) && m < def->peers[i].nmembers &&
                           st == TRYGG_OK; m++)
            if (strcmp(def->peers[i].members[m], area) != 0)
                st = trygg_pub_show(r->p, year, level, def->peers[i].members[m], k,
                                    where(r, "peer comparison"));
    return st;
}

static trygg_status priority_hidden(reader *r, int year, const char *level,
                                    const char *area, size_t k, int nums)
{
    const char *ind = text(r, "indicator");
    trygg_status st = trygg_pub_mark(r->p, year, level, area, k);
    const char *rank = text(r, "rank"), *prio = text(r, "priority");
    if (st == TRYGG_OK && nums)
        st = leak(r, year, level, area, ind, "a suppressed problem, yet numbers are printed");
    if (st == TRYGG_OK && ((rank[0] && strcmp(rank, "0")) || (prio[0] && strcmp(prio, "0"))))
        st = leak(r, year, level, area, ind, "a suppressed problem has a rank or priority");
    if (st == TRYGG_OK && (strcmp(text(r, "reason"), "för få svar") ||
                           (has(r, "reason_en") && strcmp(text(r, "reason_en"), "too few answers"))))
        st = leak(r, year, level, area, ind, "the reason of a suppressed problem says more "
                                             "than \"too few answers\"");
    if (st == TRYGG_OK && strcmp(text(r, "flag"), "suppressed") != 0)
        st = leak(r, year, level, area, ind,
                  "the flag of a suppressed cell says more than \"suppressed\"");
    return st;
}

static trygg_status priority_row(reader *r)
{
    long k = indicator(r, "indicator");
    if (k < 0) {
        r->p->unknown++;
        return TRYGG_OK;
    }
    int year = year_of(r, "year");
    const char *level = text(r, "level"), *area = text(r, "area");
    int nums = any_number(r, PRIORITY_TEXT);
    if (suppressed(r))
        return priority_hidden(r, year, level, area, (size_t)k, nums);
    trygg_status st = TRYGG_OK;
    if (nums)
        st = trygg_pub_show(r->p, year, level, area, (size_t)k, where(r, "priority"));
    if (st == TRYGG_OK && any_of(r, PARENT_COLS)) {
        const char *pl = has(r, "parent_level") ? text(r, "parent_level")
                                                : trygg_pub_level_of(r->p, year, text(r, "parent"));
        st = trygg_pub_show(r->p, year, pl ? pl : "", text(r, "parent"), (size_t)k,
                            where(r, "gap to the enclosing area"));
    }
    if (st == TRYGG_OK && any_of(r, CHANGE_COLS))
        st = trygg_pub_show(r->p, year_of(r, "change_from"), level, area, (size_t)k,
                            where(r, "change"));
    if (st == TRYGG_OK && any_of(r, TREND_COLS))
        st = trygg_pub_show_years(r->p, 0, year, level, area, (size_t)k, where(r, "trend"));
    if (st == TRYGG_OK && any_of(r, GROUP_COLS)) {
        const char *gl = has(r, "group_level") ? text(r, "group_level") : "";
        st = trygg_pub_show(r->p, year, gl, text(r, "most_affected_group"), (size_t)k,
                            where(r, "most affected group"));
    }
    if (st == TRYGG_OK && any_of(r, PEER_COLS))
        st = peers_shown(r, year, level, area, (size_t)k);
    return st;
}

/* ---- follow-ups ---------------------------------------------------------- */

static const char *const FOLLOWUP_META[] = {
    "area", "indicator", "baseline_year", "followup_year", "direction", "target",
    "target_text", "target_text_en", "verdict", "verdict_en", "reason", "reason_en",
    "flag", "level", "confidence", "variance", "indicator_label", "parent_level",
    "parent", "comparison", "comparison_en", "domain_label", "parent_label", NULL};
/* the enclosing area's cells, in both years */
static const char *const FOLLOWUP_PARENT[] = {"parent_baseline", "parent_followup",
    "parent_change", "parent_change_se", "difference", "difference_se",
    "difference_ci_low", "difference_ci_high", "difference_p", NULL};

static trygg_status followup_parent(reader *r, int y0, int y1, size_t k)
{
    const char *parent = text(r, "parent");
    if (!parent[0] || !any_of(r, FOLLOWUP_PARENT))
        return TRYGG_OK;
    const char *pl = text(r, "parent_level");
    trygg_status st = trygg_pub_show(r->p, y0, pl, parent, k,
                                     where(r, "follow-up: the enclosing area's baseline"));
    if (st == TRYGG_OK)
        st = trygg_pub_show(r->p, y1, pl, parent, k,
                            where(r, "follow-up: the enclosing area's follow-up"));
    return st;
}

static trygg_status followup_row(reader *r)
{
    long k = indicator(r, "indicator");
    const char *area = text(r, "area");
    int y0 = year_of(r, "baseline_year"), y1 = year_of(r, "followup_year");
    if (k < 0) {
        r->p->unknown++;
        return TRYGG_OK;
    }
    int nums = any_number(r, FOLLOWUP_META);
    trygg_status st = TRYGG_OK;
    if (suppressed(r)) {
        if (nums)
            st = leak(r, y1, "", area, text(r, "indicator"),
                      "a suppressed follow-up, yet numbers are printed");
        const char *v = text(r, "verdict");
        if (st == TRYGG_OK && strcmp(v, "går ej att avgöra") && strcmp(v, "cannot be judged"))
            st = leak(r, y1, "", area, text(r, "indicator"),
                      "a suppressed follow-up has a verdict");
        return st;
    }
    const char *l0 = trygg_pub_level_of(r->p, y0, area), *l1 = trygg_pub_level_of(r->p, y1, area);
    if (nums && l0)
        st = trygg_pub_show(r->p, y0, l0, area, (size_t)k, where(r, "follow-up baseline"));
    if (st == TRYGG_OK && nums && l1)
        st = trygg_pub_show(r->p, y1, l1, area, (size_t)k, where(r, "follow-up"));
    if (st == TRYGG_OK)
        st = followup_parent(r, y0, y1, (size_t)k);
    return st;
}

/* ---- response rates ------------------------------------------------------ */

/* invited is a design fact; answers and the rate are the respondents'. */
static const char *const RESPONSE_META[] = {
    "year", "level", "domain", "invited", "flag", "domain_label", "group_label", NULL};

static trygg_status response_row(reader *r)
{
    int year = year_of(r, "year");
    const char *level = text(r, "level"), *domain = text(r, "domain");
    int nums = any_number(r, RESPONSE_META);
    trygg_status st = TRYGG_OK;
    if (suppressed(r)) {
        st = trygg_pub_mark_respondents(r->p, year, level, domain);
        if (st == TRYGG_OK && nums)
            st = leak(r, year, level, domain, "", "suppressed, yet its answers or "
                      "response rate are printed");
        if (st == TRYGG_OK && strcmp(text(r, "flag"), "suppressed") != 0)
            st = leak(r, year, level, domain, "",
                      "the flag of a suppressed cell says more than \"suppressed\"");
    }
    if (st == TRYGG_OK && nums)
        st = trygg_pub_show_respondents(r->p, year, level, domain,
                                        where(r, "answers and response rate"));
    return st;
}

/* ---- tables ------------------------------------------------------------- */

typedef enum { T_ESTIMATES, T_CHANGES, T_CONTRASTS, T_PRIORITIES, T_FOLLOWUPS, T_SMALLAREA,
               T_RESPONSES,
               T_NONE } kind;

static kind kind_of(const trygg_table *t)
{
#define HAS(c) (trygg_table_col(t, c) >= 0)
    if (HAS("rank") && HAS("area"))
        return T_PRIORITIES;
    if (HAS("baseline_year") && HAS("followup_year"))
        return T_FOLLOWUPS;
    if (HAS("parent_estimate") && HAS("difference"))
        return T_CONTRASTS;
    if (HAS("year_from") && HAS("year_to") && HAS("domain"))
        return T_CHANGES;
    if (HAS("model_estimate") && HAS("domain"))
        return T_SMALLAREA;
    if (HAS("year") && HAS("domain") && HAS("indicator") && HAS("estimate") && HAS("n"))
        return T_ESTIMATES;
    if (HAS("year") && HAS("domain") && HAS("invited") && HAS("answers"))
        return T_RESPONSES;
    return T_NONE;
#undef HAS
}

/* Pooled tables (trygg_survey_pool) are audited on the pooled survey, and
 * never together with yearly ones: one can be subtracted from the other. */
static trygg_status pooled_apart(const trygg_publication *p, const trygg_table *t, kind k,
                                 const char *path, trygg_errors *err)
{
    int pooled = trygg_table_col(t, "year_from_first") >= 0 ||
                 (k == T_ESTIMATES && trygg_table_col(t, "year_from") >= 0);
    if (pooled == (p->sv->pool_first != NULL))
        return TRYGG_OK;
    trygg_errors_add(err, path, 1, 0, pooled
                     ? "a table of pooled years (year_from): audit it on the pooled "
                       "survey (trygg audit --pool N), apart from yearly tables"
                     : "a table of single years beside pooled ones: pooled and yearly "
                       "figures of the same areas published together can be subtracted "
                       "(2023–2024 minus 2024 gives 2023); publish pooled figures for "
                       "areas without yearly ones, and audit them apart");
    return TRYGG_ERR_INVALID;
}

trygg_status trygg_publication_read(trygg_publication *p, const char *path,
                                    trygg_errors *err)
{
    trygg_table *t = NULL;
    trygg_status st = trygg_table_read(path, &t, err);
    if (st != TRYGG_OK)
        return st;
    kind k = kind_of(t);
    if (k == T_NONE) {
        trygg_errors_add(err, path, 1, 0, "not a table trygg writes (estimates, changes, "
                         "trends, contrasts, priorities, follow-ups, small-area "
                         "models or response rates, as CSV)");
        trygg_table_free(t);
        return TRYGG_ERR_PARSE;
    }
    if ((st = pooled_apart(p, t, k, path, err)) != TRYGG_OK) {
        trygg_table_free(t);
        return st;
    }
    const char *slash = strrchr(path, '/');
    reader r = {p, t, slash ? slash + 1 : path, 0};
    st = trygg_pub_table_begin(p, r.file, 1);
    for (; r.row < t->nrows && st == TRYGG_OK; r.row++) {
        p->line = t->line[r.row];
        switch (k) {
        case T_ESTIMATES: st = estimate_row(&r); break;
        case T_CHANGES: st = change_row(&r, 0); break;
        case T_CONTRASTS: st = change_row(&r, 1); break;
        case T_PRIORITIES: st = priority_row(&r); break;
        case T_SMALLAREA: st = smallarea_row(&r); break;
        case T_RESPONSES: st = response_row(&r); break;
        default: st = followup_row(&r); break;
        }
    }
    p->rows += t->nrows;
    trygg_table_free(t);
    return st;
}
