/* Response rates: the gross sample's invited and the respondents of every
 * area of the definition's levels and crossings, per year. The answers are
 * respondent counts, so an area whose respondents the disclosure rule hides
 * (lib/suppression.h) shows its invited count alone: the rate times the
 * invited would give its answers. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "errors_internal.h"
#include "labels_internal.h"
#include "output_internal.h"
#include "sample.h"
#include "suppression.h"
#include "weighting_state.h"

struct trygg_responses {
    trygg_response_row *rows;
    size_t count, cap;
    trygg_dict pool;     /* levels and domains */
    char *left_out;
};

/* The level's survey columns; 0 when the sample cannot give them all
 * (a column no sample file has; for counts per stratum, anything but the
 * strata's areas). */
static int level_columns(const trygg_survey *sv, const trygg_level *lv, long *cols)
{
    const trygg_sample *s = sv->sample;
    for (size_t c = 0; c < lv->ncols; c++) {
        cols[c] = trygg_survey_col_find(sv, lv->cols[c], TRYGG_COL_CAT);
        if (cols[c] < 0)
            return 0;
        int area = cols[c] == sv->role_col[TRYGG_ROLE_MUNICIPALITY] ||
                   cols[c] == sv->role_col[TRYGG_ROLE_DISTRICT] ||
                   cols[c] == sv->role_col[TRYGG_ROLE_STRATUM];
        for (size_t t = 0; t < s->ntables; t++)
            if (s->colmap[t][cols[c]] < 0 && !(s->counts && area))
                return 0;
    }
    return 1;
}

/* "Fittja / 2" of the values, or "region"; NULL for a blank value. */
static const char *key(trygg_key_buf *k, const char *const *vals, size_t n)
{
    if (n == 0)
        return "region";
    for (size_t c = 0; c < n; c++)
        if (!vals[c] || !vals[c][0])
            return NULL;
    return trygg_cell_key(k, vals, (int)n) == 0 ? k->s : NULL;
}

typedef struct {
    trygg_dict names;
    double *invited, *answers;
    size_t cap;
} counts;

static trygg_status count_at(counts *c, const char *name, double invited, double answers)
{
    uint32_t i;
    trygg_status st = trygg_dict_intern(&c->names, name, strlen(name), &i);
    if (st != TRYGG_OK)
        return st;
    if (i >= c->cap) {
        size_t nc = c->cap ? 2 * c->cap : 64;
        double *a = realloc(c->invited, nc * sizeof *a);
        if (a)
            c->invited = a;
        double *b = a ? realloc(c->answers, nc * sizeof *b) : NULL;
        if (!b)
            return TRYGG_ERR_NOMEM;
        c->answers = b;
        for (size_t k = c->cap; k < nc; k++)
            c->invited[k] = c->answers[k] = 0;
        c->cap = nc;
    }
    c->invited[i] += invited;
    c->answers[i] += answers;
    return TRYGG_OK;
}

static trygg_status level_counts(const trygg_survey *sv, int year, size_t nc,
                                 const long *cols, counts *c)
{
    const trygg_sample *s = sv->sample;
    trygg_key_buf k = {NULL, 0};
    trygg_status st = TRYGG_OK;
    const char *vals[4];
    for (size_t i = 0; i < s->nrows && st == TRYGG_OK; i++) {
        if (s->rows[i].year != year)
            continue;
        for (size_t j = 0; j < nc; j++)
            vals[j] = trygg_sample_value(sv, &s->rows[i], cols[j]);
        const char *name = key(&k, vals, nc);
        if (name)
            st = count_at(c, name, s->rows[i].invited, 0);
    }
    for (size_t r = 0; r < sv->nrows && st == TRYGG_OK; r++) {
        if (sv->year[r] != year)
            continue;
        for (size_t j = 0; j < nc; j++)
            vals[j] = trygg_survey_cat(sv, cols[j], r);
        const char *name = key(&k, vals, nc);
        if (name)
            st = count_at(c, name, 0, 1);
    }
    free(k.s);
    return st;
}

static trygg_status add_row(trygg_responses *out, int year, const char *level,
                            const char *domain, double invited, double answers, int hidden)
{
    if (out->count == out->cap) {
        size_t nc = out->cap ? 2 * out->cap : 256;
        trygg_response_row *n = realloc(out->rows, nc * sizeof *n);
        if (!n)
            return TRYGG_ERR_NOMEM;
        out->rows = n;
        out->cap = nc;
    }
    uint32_t li, di;
    trygg_status st = trygg_dict_intern(&out->pool, level, strlen(level), &li);
    if (st == TRYGG_OK)
        st = trygg_dict_intern(&out->pool, domain, strlen(domain), &di);
    if (st != TRYGG_OK)
        return st;
    trygg_response_row *x = &out->rows[out->count++];
    /* pooled strings move as the pool grows: resolved at the end */
    x->year = year;
    x->level = (const char *)(uintptr_t)li;
    x->domain = (const char *)(uintptr_t)di;
    x->invited = invited;
    x->answers = hidden ? NAN : answers;
    x->response_rate = hidden || !(invited > 0) ? NAN : answers / invited;
    x->flags = hidden ? TRYGG_FLAG_SUPPRESSED : 0;
    return TRYGG_OK;
}

static trygg_status one_level(trygg_responses *out, const trygg_survey *sv, int year,
                              const trygg_level *lv, const long *cols,
                              const trygg_pattern *pt)
{
    counts c = {0};
    trygg_dict_init(&c.names);
    trygg_status st = level_counts(sv, year, lv->ncols, cols, &c);
    for (size_t d = 0; d < c.names.count && st == TRYGG_OK; d++) {
        int hidden = pt ? trygg_pattern_respondents_hidden(pt, lv->name, c.names.names[d])
                        : -1;
        st = add_row(out, year, lv->name, c.names.names[d], c.invited[d], c.answers[d],
                     hidden == 1);
    }
    trygg_dict_free(&c.names);
    free(c.invited);
    free(c.answers);
    return st;
}

static trygg_status note_left_out(trygg_responses *out, const char *level)
{
    char *n = trygg_strprintf("%s%s%s", out->left_out ? out->left_out : "",
                              out->left_out ? " " : "", level);
    free(out->left_out);
    out->left_out = n;
    return n ? TRYGG_OK : TRYGG_ERR_NOMEM;
}

static trygg_status compute(trygg_responses *out, const trygg_survey *sv, int year,
                            const trygg_patterns *ps)
{
    const trygg_definition *def = sv->def;
    trygg_status st = TRYGG_OK;
    for (size_t l = 0; l < def->nlevels && st == TRYGG_OK; l++) {
        long cols[4];
        if (!level_columns(sv, &def->levels[l], cols)) {
            st = note_left_out(out, def->levels[l].name);
            continue;
        }
        for (size_t y = 0; y < sv->nyears && st == TRYGG_OK; y++)
            if (!year || sv->years[y] == year)
                st = one_level(out, sv, sv->years[y], &def->levels[l], cols,
                               trygg_patterns_year(ps, sv->years[y]));
    }
    return st;
}

static int by_year(const void *a, const void *b)
{
    const trygg_response_row *x = a, *y = b;
    return (x->year > y->year) - (x->year < y->year);
}

trygg_status trygg_responses_compute(const trygg_survey *sv, int year,
                                     trygg_responses **out, trygg_errors *err)
{
    *out = NULL;
    if (!sv->sample) {
        trygg_errors_add(err, sv->def->path, 0, 0, "response rates need the gross "
                         "sample: [survey] sample = FILES (everyone invited)");
        return TRYGG_ERR_INVALID;
    }
    trygg_responses *r = calloc(1, sizeof *r);
    if (!r)
        return TRYGG_ERR_NOMEM;
    trygg_dict_init_pooled(&r->pool);
    trygg_patterns *ps = NULL;
    trygg_status st = trygg_patterns_build(sv, &ps);
    if (st == TRYGG_OK)
        st = compute(r, sv, year, ps);
    trygg_patterns_free(ps);
    if (st == TRYGG_OK && !r->left_out && !(r->left_out = strdup("")))
        st = TRYGG_ERR_NOMEM;
    if (st != TRYGG_OK) {
        trygg_responses_free(r);
        return st;
    }
    for (size_t i = 0; i < r->count; i++) {
        r->rows[i].level = r->pool.names[(uintptr_t)r->rows[i].level];
        r->rows[i].domain = r->pool.names[(uintptr_t)r->rows[i].domain];
    }
    /* year first, then the levels' order: a stable sort keeps it */
    for (size_t i = 1; i < r->count; i++)
        for (size_t j = i; j > 0 && by_year(&r->rows[j - 1], &r->rows[j]) > 0; j--) {
            trygg_response_row t = r->rows[j];
            r->rows[j] = r->rows[j - 1];
            r->rows[j - 1] = t;
        }
    *out = r;
    return TRYGG_OK;
}

void trygg_responses_free(trygg_responses *r)
{
    if (!r)
        return;
    free(r->rows);
    trygg_dict_free(&r->pool);
    free(r->left_out);
    free(r);
}

size_t trygg_responses_count(const trygg_responses *r) { return r ? r->count : 0; }
const trygg_response_row *trygg_responses_row(const trygg_responses *r, size_t i)
{
    return r && i < r->count ? &r->rows[i] : NULL;
}
const char *trygg_responses_left_out(const trygg_responses *r) { return r->left_out; }

/* ---- writing and the audit -------------------------------------------------- */

static size_t response_row(const void *t, size_t i, trygg_field *f, trygg_row *r)
{
    static const trygg_response_row none = {0, "", "", 0, 0, 0, 0};
    const trygg_response_row *x = i == SIZE_MAX ? &none
                                  : &((const trygg_responses *)t)->rows[i];
    r->blank = (x->flags & TRYGG_FLAG_SUPPRESSED) != 0;
    trygg_out_flags(x->flags, r->flags, sizeof r->flags);
    trygg_field v[] = {
        {"year", 'i', NULL, x->year, TRYGG_UNIT_YEAR},
        {"level", 't', x->level, 0, 0},
        {"domain", 't', x->domain, 0, 0},
        {"domain_label", 't', trygg_label_area(r->labels, x->level, x->domain), 0, 0},
        {"group_label", 't', trygg_label_group(r->labels, x->level, x->domain), 0, 0},
        {"invited", 'n', NULL, x->invited, TRYGG_UNIT_COUNT},
        {"answers", 'b', NULL, x->answers, TRYGG_UNIT_COUNT},
        {"response_rate", 'b', NULL, x->response_rate, TRYGG_UNIT_SHARE},
        {"flag", 't', r->flags, 0, 0}};
    memcpy(f, v, sizeof v);
    return sizeof v / sizeof *v;
}

trygg_status trygg_responses_write_with(const trygg_responses *r, trygg_output_group *g,
                                        const char *path, const trygg_write_options *o,
                                        trygg_errors *err)
{
    trygg_table_spec t = {"response", r, r->count, response_row};
    return trygg_out_table_to(g, path, &t, o, err);
}

trygg_status trygg_responses_write_to(const trygg_responses *r, trygg_output_group *g,
                                      const char *path, trygg_format fmt, trygg_errors *err)
{
    trygg_write_options o = trygg_write_options_of(fmt);
    return trygg_responses_write_with(r, g, path, &o, err);
}

trygg_status trygg_responses_write(const trygg_responses *r, const char *path,
                                   trygg_format fmt, trygg_errors *err)
{
    trygg_table_spec t = {"response", r, r->count, response_row};
    return trygg_out_table(path, &t, fmt, err);
}
