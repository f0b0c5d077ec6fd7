/* Nonresponse adjustment in weighting classes, before any calibration:
 * in each class of [weighting] nonresponse (e.g. stratum*sex*age_group),
 * w ← w · invited / answered, the gross sample giving the invited. That is
 * R's postStratify of the respondents to the class totals N_c = Σ_c w·f_c
 * (the gross sample's design-weighted counts, when the design weights are
 * constant within a class), and its variance is R's for that weighting:
 * the post-stratification residual first, then the calibration's. */
#include "weighting_state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors_internal.h"
#include "sample.h"

/* Class columns: the survey's (for respondents) and their names. */
typedef struct {
    char *names[4];
    long col[4];   /* survey column index */
    int n;
} classes;

static trygg_status class_columns(const trygg_survey *sv, classes *k, trygg_errors *err)
{
    const trygg_definition *def = sv->def;
    memset(k, 0, sizeof *k);
    k->n = trygg_margin_columns(def, def->nonresponse, k->names);
    if (k->n == -2)
        return TRYGG_ERR_NOMEM;
    if (k->n <= 0) {
        trygg_errors_add(err, def->path, def->nonresponse_line, 1, "nonresponse = '%s': "
                         "expected up to 4 columns joined by '*' (e.g. "
                         "stratum*sex*age_group)", def->nonresponse);
        return TRYGG_ERR_INVALID;
    }
    for (int c = 0; c < k->n; c++)
        if ((k->col[c] = trygg_survey_col_find(sv, k->names[c], TRYGG_COL_CAT)) < 0) {
            trygg_errors_add(err, def->path, def->nonresponse_line, 1, "nonresponse = "
                             "'%s': '%s' is not a column role or grouping column",
                             def->nonresponse, k->names[c]);
            return TRYGG_ERR_INVALID;
        }
    return TRYGG_OK;
}

/* The respondents' classes: md's cells, each row's cell, answers and Σ w. */
static trygg_status respondent_classes(const trygg_survey *sv, const trygg_design *d,
                                       const classes *k, const double *w,
                                       margin_data *md, double **answered, double **sumw)
{
    md->cell = malloc((d->n + 1) * sizeof *md->cell);
    *answered = calloc(d->n + 1, sizeof **answered);
    *sumw = calloc(d->n + 1, sizeof **sumw);
    trygg_status st = md->cell && *answered && *sumw ? TRYGG_OK : TRYGG_ERR_NOMEM;
    if (st == TRYGG_OK)
        st = trygg_cells_of_rows(sv, k->col, k->n, d->row, d->n, &md->cells, md->cell);
    for (size_t i = 0; i < d->n && st == TRYGG_OK; i++) {
        (*answered)[md->cell[i]] += 1;
        (*sumw)[md->cell[i]] += w[i];
    }
    return st;
}

/* The gross sample's invited per class of the year; a class with invited
 * but no answers is an error (its invited would weigh nobody). */
static trygg_status invited_classes(const trygg_survey *sv, int year, const classes *k,
                                    margin_data *md, double *invited, trygg_errors *err)
{
    const trygg_sample *s = sv->sample;
    trygg_key_buf key = {NULL, 0};
    trygg_status st = TRYGG_OK;
    for (size_t i = 0; i < s->nrows && st != TRYGG_ERR_NOMEM; i++) {
        const trygg_sample_row *x = &s->rows[i];
        if (x->year != year)
            continue;
        const char *vals[4];
        int missing = -1;
        for (int c = 0; c < k->n; c++)
            if (!(vals[c] = trygg_sample_value(sv, x, k->col[c])) && missing < 0)
                missing = c;
        const trygg_table *t = s->tables[x->table];
        if (missing >= 0) {
            trygg_errors_add(err, t->file, 1, 0, "missing column '%s' (needed for the "
                             "nonresponse classes %s)", k->names[missing],
                             sv->def->nonresponse);
            st = TRYGG_ERR_INVALID;
            break;
        }
        if (trygg_cell_key(&key, vals, k->n) != 0) {
            st = TRYGG_ERR_NOMEM;
            break;
        }
        long c = trygg_dict_find(&md->cells, key.s, strlen(key.s));
        if (c < 0 && st == TRYGG_OK) {
            trygg_errors_add(err, t->file, t->line[x->row], 0, "%d, nonresponse class "
                             "'%s': invited, but no one in it answered: merge it with a "
                             "neighbouring class (a coarser nonresponse = ...)", year, key.s);
            st = TRYGG_ERR_INVALID;
        } else if (c >= 0) {
            invited[c] += x->invited;
        }
    }
    free(key.s);
    return st;
}

trygg_status trygg_weighting_nonresponse(const trygg_survey *sv, const trygg_design *d,
                                         trygg_weighting_state *ws, double *w,
                                         trygg_errors *err)
{
    classes k;
    margin_data *md = &ws->nr;
    trygg_dict_init(&md->cells);
    double *answered = NULL, *sumw = NULL, *invited = NULL;
    trygg_status st = class_columns(sv, &k, err);
    if (st == TRYGG_OK && !(md->name = trygg_strprintf("nonresponse %s", sv->def->nonresponse)))
        st = TRYGG_ERR_NOMEM;
    if (st == TRYGG_OK)
        st = respondent_classes(sv, d, &k, w, md, &answered, &sumw);
    if (st == TRYGG_OK && !(invited = calloc(md->cells.count + 1, sizeof *invited)))
        st = TRYGG_ERR_NOMEM;
    if (st == TRYGG_OK)
        st = invited_classes(sv, d->year, &k, md, invited, err);
    size_t C = md->cells.count;
    if (st == TRYGG_OK && !(md->total = malloc((C + 1) * sizeof *md->total)))
        st = TRYGG_ERR_NOMEM;
    for (size_t c = 0; c < C && st == TRYGG_OK; c++)
        if (invited[c] < answered[c]) {
            trygg_errors_add(err, sv->sample->tables[0]->file, 0, 0, "%d, nonresponse "
                             "class '%s': %.0f invited but %.0f answered", d->year,
                             md->cells.names[c], invited[c], answered[c]);
            st = TRYGG_ERR_INVALID;
        } else {
            md->total[c] = sumw[c] * (invited[c] / answered[c]);
        }
    if (st == TRYGG_OK && !(ws->w1 = malloc((d->n + 1) * sizeof *ws->w1)))
        st = TRYGG_ERR_NOMEM;
    for (size_t i = 0; i < d->n && st == TRYGG_OK; i++) {
        size_t c = md->cell[i];
        w[i] *= invited[c] / answered[c];
        ws->w1[i] = w[i];
    }
    md->m = (trygg_margin){md->name, C, md->cell, md->total,
                           (const char *const *)md->cells.names};
    trygg_margin_columns_free(k.names);
    free(answered);
    free(sumw);
    free(invited);
    return st;
}
