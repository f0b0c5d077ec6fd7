/* Population margins from the definition's population file, matched to a
 * year's respondents, and calibration by the method asked for. */
#include "weighting_state.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"
#include "dict.h"
#include "errors_internal.h"
#include "population.h"


/* Column names of a margin "municipality*sex" (roles map to their
 * columns) into cols[0..n), each a new string; -1 for more than 4, -2 when
 * out of memory. */
int trygg_margin_columns(const trygg_definition *def, const char *margin, char *cols[4])
{
    static const char *const roles[] = {"municipality", "district", "stratum",
                                        "sex", "age_group"};
    static const int ids[] = {TRYGG_ROLE_MUNICIPALITY, TRYGG_ROLE_DISTRICT,
                              TRYGG_ROLE_STRATUM, TRYGG_ROLE_SEX,
                              TRYGG_ROLE_AGE_GROUP};
    int n = 0;
    const char *p = margin;
    while (*p && n < 4) {
        size_t len = strcspn(p, "*");
        const char *col = NULL;
        for (int i = 0; i < 5 && !col; i++)
            if (strlen(roles[i]) == len && !strncmp(p, roles[i], len) && def->roles[ids[i]])
                col = def->roles[ids[i]];
        cols[n] = col ? strdup(col) : strndup(p, len);
        if (!cols[n])
            return -2;
        n++;
        p += len;
        if (*p == '*')
            p++;
    }
    return *p ? -1 : n;
}

void trygg_margin_columns_free(char *cols[4])
{
    for (int i = 0; i < 4; i++)
        free(cols[i]);
}

int trygg_cell_key(trygg_key_buf *k, const char *const *vals, int n)
{
    size_t need = 1;
    for (int i = 0; i < n; i++)
        need += strlen(vals[i]) + 3;
    if (need > k->cap) {
        char *s = realloc(k->s, need);
        if (!s)
            return -1;
        k->s = s;
        k->cap = need;
    }
    size_t used = 0;
    k->s[0] = 0;
    for (int i = 0; i < n; i++)
        used += (size_t)sprintf(k->s + used, "%s%s", i ? " / " : "", vals[i]);
    return 0;
}

static trygg_status survey_cells(const trygg_survey *sv, const trygg_design *d,
                                 margin_data *md, char *cols[4], int nc,
                                 trygg_errors *err)
{
    long ci[4];
    for (int c = 0; c < nc; c++)
        if ((ci[c] = trygg_survey_col_find(sv, cols[c], TRYGG_COL_CAT)) < 0) {
            trygg_errors_add(err, sv->def->path, 0, 0, "margin '%s': '%s' is "
                             "not a column role or grouping column", md->name,
                             cols[c]);
            return TRYGG_ERR_INVALID;
        }
    md->cell = malloc((d->n + 1) * sizeof *md->cell);
    if (!md->cell)
        return TRYGG_ERR_NOMEM;
    return trygg_cells_of_rows(sv, ci, nc, d->row, d->n, &md->cells, md->cell);
}

/* Sums the population file's rows of the year (checked by
 * trygg_population_read) into the margin's cells; cells only the population
 * has are appended after the survey's. (*rows)[cell] is the table row that
 * gave the cell first, SIZE_MAX for none. */
static trygg_status population_cells(const trygg_table *t, int year,
                                     margin_data *md, char *cols[4], int nc,
                                     double **pop, size_t **rows,
                                     trygg_errors *err)
{
    long ci[4], cp = trygg_table_col(t, "population"), cy = trygg_table_col(t, "year");
    for (int c = 0; c < nc; c++)
        if ((ci[c] = trygg_table_col(t, cols[c])) < 0) {
            trygg_errors_add(err, t->file, 1, 0, "margin '%s' needs column '%s',"
                             " which the population file does not have",
                             md->name, cols[c]);
            return TRYGG_ERR_INVALID;
        }
    size_t cap = md->cells.count + t->nrows + 1, used = 0;
    *pop = calloc(cap, sizeof **pop);
    *rows = malloc(cap * sizeof **rows);
    if (!*pop || !*rows)
        return TRYGG_ERR_NOMEM;
    for (size_t c = 0; c < cap; c++)
        (*rows)[c] = SIZE_MAX;
    trygg_key_buf key = {NULL, 0};
    for (size_t r = 0; r < t->nrows; r++) {
        if (cy >= 0 && atoi(trygg_table_get(t, r, cy)) != year)
            continue;
        const char *vals[4];
        for (int c = 0; c < nc; c++)
            vals[c] = trygg_table_get(t, r, ci[c]);
        uint32_t idx;
        if (trygg_cell_key(&key, vals, nc) != 0 ||
            trygg_dict_intern(&md->cells, key.s, strlen(key.s), &idx) != TRYGG_OK) {
            free(key.s);
            return TRYGG_ERR_NOMEM;
        }
        (*pop)[idx] += trygg_population_count(trygg_table_get(t, r, cp));
        if ((*rows)[idx] == SIZE_MAX)
            (*rows)[idx] = r;
        used++;
    }
    free(key.s);
    if (used == 0) {
        trygg_errors_add(err, t->file, 0, 0, "no rows for %d: the population "
                         "file must give the margins of every year surveyed",
                         year);
        return TRYGG_ERR_INVALID;
    }
    return TRYGG_OK;
}

/* Population cells without respondents: an error, unless the whole area
 * (the margin's first column) was not surveyed that year. Each error points
 * at the population row of the cell, when there is one. */
static trygg_status check_cells(const trygg_table *t, margin_data *md,
                                size_t nsurvey, const double *pop,
                                const size_t *rows, int year, trygg_errors *err)
{
    trygg_status st = TRYGG_OK;
    long cp = trygg_table_col(t, "population");
    for (size_t c = 0; c < nsurvey; c++)
        if (!(pop[c] > 0)) {
            size_t r = rows[c];
            trygg_errors_add(err, t->file, r == SIZE_MAX ? 0 : t->line[r],
                             r == SIZE_MAX ? 0 : (unsigned long)cp + 1,
                             "%d, margin '%s': cell '%s' has respondents but "
                             "no population", year, md->name, md->cells.names[c]);
            st = TRYGG_ERR_INVALID;
        }
    for (size_t c = nsurvey; c < md->cells.count; c++) {
        const char *name = md->cells.names[c];
        size_t area = strcspn(name, "/");
        int surveyed = 0;
        for (size_t s = 0; s < nsurvey && !surveyed; s++)
            surveyed = strncmp(md->cells.names[s], name, area) == 0 &&
                       strcspn(md->cells.names[s], "/") == area;
        if (surveyed && pop[c] > 0) {
            trygg_errors_add(err, t->file, t->line[rows[c]], 0, "%d, margin '%s': "
                             "population cell '%s' has no respondents (merge it "
                             "with a neighbouring cell)", year, md->name, name);
            st = TRYGG_ERR_INVALID;
        }
    }
    return st;
}

static trygg_status build_margin(const trygg_survey *sv, const trygg_design *d,
                                 const trygg_table *t, const char *spec,
                                 margin_data *md, trygg_errors *err)
{
    char *cols[4] = {NULL, NULL, NULL, NULL};
    int nc = trygg_margin_columns(sv->def, spec, cols);
    trygg_dict_init(&md->cells);
    if (nc == -2 || !(md->name = strdup(spec))) {
        trygg_margin_columns_free(cols);
        return TRYGG_ERR_NOMEM;
    }
    if (nc <= 0) {
        trygg_margin_columns_free(cols);
        trygg_errors_add(err, sv->def->path, 0, 0, "margin '%s': expected up to"
                         " 4 columns joined by '*'", spec);
        return TRYGG_ERR_INVALID;
    }
    trygg_status st = survey_cells(sv, d, md, cols, nc, err);
    size_t nsurvey = md->cells.count, *rows = NULL;
    if (st == TRYGG_OK)
        st = population_cells(t, d->year, md, cols, nc, &md->total, &rows, err);
    if (st == TRYGG_OK)
        st = check_cells(t, md, nsurvey, md->total, rows, d->year, err);
    free(rows);
    trygg_margin_columns_free(cols);
    md->m = (trygg_margin){md->name, nsurvey, md->cell, md->total,
                           (const char *const *)md->cells.names};
    return st;
}

static trygg_status dense_matrix(const trygg_weighting_state *ws, double **X,
                                 double **totals, size_t *p)
{
    size_t cols = 0;
    for (size_t m = 0; m < ws->nmargins; m++)
        cols += ws->views[m].ncells;
    *X = calloc(ws->n * cols + 1, sizeof **X);
    *totals = calloc(cols + 1, sizeof **totals);
    if (!*X || !*totals)
        return TRYGG_ERR_NOMEM;
    size_t off = 0;
    for (size_t m = 0; m < ws->nmargins; m++) {
        const trygg_margin *mg = &ws->views[m];
        for (size_t i = 0; i < ws->n; i++)
            (*X)[i * cols + off + mg->cell[i]] = 1.0;
        for (size_t c = 0; c < mg->ncells; c++)
            (*totals)[off + c] = mg->total[c];
        off += mg->ncells;
    }
    *p = cols;
    return TRYGG_OK;
}

static trygg_status calibrate(const trygg_survey *sv, trygg_weighting_state *ws,
                              const double *d, double *w, trygg_errors *err)
{
    const trygg_definition *def = sv->def;
    double *X = NULL, *totals = NULL;
    size_t p = 0;
    trygg_status st = dense_matrix(ws, &X, &totals, &p);
    if (st == TRYGG_OK)
        st = trygg_cal_greg(ws->n, p, X, d, totals, NULL,
                            (trygg_calfun)def->calfun, def->bound_low,
                            def->bound_high, def->epsilon, def->max_iterations,
                            w, &ws->report, err);
    if (st == TRYGG_OK && def->has_trim) {
        size_t ntrim;
        st = trygg_cal_trim(ws->n, d, def->trim_low, def->trim_high, w, &ntrim);
    }
    if (st == TRYGG_OK)
        st = trygg_cal_projector_new(ws->n, p, X, d, w, &ws->proj);
    free(X);
    free(totals);
    return st;
}

static trygg_status rake_aggregates(trygg_weighting_state *ws);
static trygg_status margin_weights(trygg_weighting_state *ws, const double *d,
                                   const trygg_definition *def, trygg_errors *err);

static trygg_status run_method(const trygg_survey *sv, trygg_weighting_state *ws,
                               const double *d, double *w, trygg_errors *err)
{
    const trygg_definition *def = sv->def;
    if (ws->method == TRYGG_WEIGHTING_POSTSTRAT) {
        if (ws->nmargins != 1) {
            trygg_errors_add(err, def->path, 0, 0, "poststrat needs exactly one "
                             "margin (a crossing such as municipality*sex*age_group)");
            return TRYGG_ERR_INVALID;
        }
        return trygg_cal_poststratify(ws->n, d, &ws->views[0], w, err);
    }
    if (ws->method == TRYGG_WEIGHTING_RAKE) {
        trygg_status st = trygg_cal_rake(ws->n, d, ws->nmargins, ws->views,
                                         def->epsilon, def->max_iterations, w,
                                         &ws->report, err);
        if (st == TRYGG_OK && !ws->off)
            st = margin_weights(ws, d, def, err);
        if (st == TRYGG_OK && !ws->off)
            st = rake_aggregates(ws);
        return st;
    }
    return calibrate(sv, ws, d, w, err);
}

/* "municipality*sex" and "municipality*age_group" -> "municipality*sex*age_group" */
/* The crossing of every margin's terms, each once ("municipality*sex*
 * age_group"): a new string, NULL when out of memory. */
static char *joint_margin(const trygg_definition *def)
{
    size_t cap = 1;
    for (size_t m = 0; m < def->nmargins; m++)
        cap += strlen(def->margins[m]) + 1;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    out[0] = 0;
    for (size_t m = 0; m < def->nmargins; m++) {
        const char *p = def->margins[m];
        while (*p) {
            size_t len = strcspn(p, "*");
            int seen = 0;
            for (const char *q = out; *q && !seen;) {
                size_t l2 = strcspn(q, "*");
                seen = l2 == len && strncmp(q, p, len) == 0;
                q += l2 + (q[l2] == '*');
            }
            if (!seen) {
                if (out[0])
                    strcat(out, "*");
                strncat(out, p, len);
            }
            p += len + (p[len] == '*');
        }
    }
    return out;
}

/* Calibration to the population margins, from the weights `w` (the
 * design's, or after the nonresponse adjustment) into `w`. */
static trygg_status to_margins(const trygg_survey *sv, const trygg_design *d,
                               trygg_weighting method, double *w,
                               trygg_weighting_state *ws, trygg_errors *err)
{
    const trygg_definition *def = sv->def;
    if (!def->population || !def->nmargins) {
        trygg_errors_add(err, def->path, 0, 0, "weighting '%s' needs [weighting]"
                         " population and margins", trygg_weighting_name(method));
        return TRYGG_ERR_INVALID;
    }
    size_t ntables = def->npopulation_files;
    trygg_table **tables = calloc(ntables + 1, sizeof *tables);
    trygg_status st = tables ? TRYGG_OK : TRYGG_ERR_NOMEM;
    for (size_t i = 0; i < ntables && st == TRYGG_OK; i++)
        st = trygg_population_read(def->population_files[i], &tables[i], err);
    if (st != TRYGG_OK || ntables == 0) {
        for (size_t i = 0; tables && i < ntables; i++)
            trygg_table_free(tables[i]);
        free(tables);
        return st != TRYGG_OK ? st : TRYGG_ERR_INVALID;
    }
    char *joint = NULL;   /* post-stratification's crossing of the margins */
    double *dw = malloc((d->n + 1) * sizeof *dw);
    if (!dw || !(ws->margins = calloc(def->nmargins, sizeof *ws->margins)) ||
        !(ws->views = calloc(def->nmargins, sizeof *ws->views))) {
        st = TRYGG_ERR_NOMEM;
        goto cleanup;
    }
    ws->nmargins = def->nmargins;
    /* post-stratification to several margins means to their crossing */
    if (method == TRYGG_WEIGHTING_POSTSTRAT && def->nmargins > 1) {
        if (!(joint = joint_margin(def))) {
            st = TRYGG_ERR_NOMEM;
            goto cleanup;
        }
        ws->nmargins = 1;
    }
    for (size_t m = 0; m < ws->nmargins; m++) {
        const trygg_table *t = tables[ntables == 1 ? 0 : m];
        const char *spec = method == TRYGG_WEIGHTING_POSTSTRAT && def->nmargins > 1
                               ? joint : def->margins[m];
        trygg_status ms = build_margin(sv, d, t, spec, &ws->margins[m], err);
        ws->views[m] = ws->margins[m].m;
        if (st == TRYGG_OK)
            st = ms;
    }
    memcpy(dw, w, d->n * sizeof *dw);
    if (st == TRYGG_OK && ws->nmargins > 1)
        st = trygg_weighting_reconcile(ws, def->margin_tolerance, d->year, err);
    if (st == TRYGG_OK)
        st = run_method(sv, ws, dw, w, err);
cleanup:
    free(joint);
    free(dw);
    for (size_t i = 0; i < ntables; i++)
        trygg_table_free(tables[i]);
    free(tables);
    return st;
}

trygg_status trygg_weighting_apply(const trygg_survey *sv,
                                   const trygg_design *d,
                                   trygg_weighting method, double *w,
                                   trygg_weighting_state **out,
                                   trygg_errors *err)
{
    *out = NULL;
    trygg_weighting_state *ws = calloc(1, sizeof *ws);
    if (!ws)
        return TRYGG_ERR_NOMEM;
    ws->method = method;
    ws->n = d->n;
    trygg_status st = TRYGG_OK;
    if (sv->def->nonresponse) {
        ws->has_nr = 1;
        st = trygg_weighting_nonresponse(sv, d, ws, w, err);
    }
    if (st == TRYGG_OK && method != TRYGG_WEIGHTING_DESIGN)
        st = to_margins(sv, d, method, w, ws, err);
    if (st != TRYGG_OK) {
        trygg_weighting_state_free(ws);
        return st;
    }
    *out = ws;
    return TRYGG_OK;
}

/* R keeps, for each raking margin, the weights right after that margin's
 * post-stratification in the last sweep, and its residuals use them. Replay
 * the last sweep from the weights one sweep earlier. */
static trygg_status margin_weights(trygg_weighting_state *ws, const double *d,
                                   const trygg_definition *def, trygg_errors *err)
{
    size_t M = ws->nmargins, n = ws->n;
    ws->psw = calloc(M, sizeof *ws->psw);
    if (!ws->psw)
        return TRYGG_ERR_NOMEM;
    for (size_t m = 0; m < M; m++)
        if (!(ws->psw[m] = malloc((n + 1) * sizeof **ws->psw)))
            return TRYGG_ERR_NOMEM;
    double *prev = ws->psw[0];
    trygg_cal_report rep;
    if (ws->report.iterations > 1)
        trygg_cal_rake(n, d, M, ws->views, def->epsilon, ws->report.iterations - 1,
                       prev, &rep, NULL);  /* stops early by design */
    else
        memcpy(prev, d, n * sizeof *prev);
    for (size_t m = 0; m < M; m++) {
        trygg_status st = trygg_cal_poststratify(n, m ? ws->psw[m - 1] : prev,
                                                 &ws->views[m], ws->psw[m], err);
        if (st != TRYGG_OK)
            return st;
    }
    return TRYGG_OK;
}

/* Cell sums R's raking residuals need, once per year: for cells c (margin
 * m) and q (margin p), Σ over their common rows of psw_p / psw_m. */
static trygg_status rake_aggregates(trygg_weighting_state *ws)
{
    size_t M = ws->nmargins, C = 0;
    ws->off = calloc(M + 1, sizeof *ws->off);
    if (!ws->off)
        return TRYGG_ERR_NOMEM;
    for (size_t m = 0; m < M; m++) {
        ws->off[m] = C;
        C += ws->views[m].ncells;
    }
    ws->off[M] = C;
    ws->count = calloc(C + 1, sizeof *ws->count);
    ws->cross = calloc(C * C + 1, sizeof *ws->cross);
    if (!ws->count || !ws->cross)
        return TRYGG_ERR_NOMEM;
    for (size_t i = 0; i < ws->n; i++)
        for (size_t m = 0; m < M; m++) {
            size_t c = ws->off[m] + ws->views[m].cell[i];
            ws->count[c] += 1;
            for (size_t q = 0; q < M; q++)
                ws->cross[c * C + ws->off[q] + ws->views[q].cell[i]] +=
                    ws->psw[q][i] / ws->psw[m][i];
        }
    /* most pairs of cells share no rows (other municipalities): keep the
     * crossed sums as sparse rows */
    size_t nz = 0;
    for (size_t k = 0; k < C * C; k++)
        nz += ws->cross[k] != 0;
    ws->nz_first = calloc(C + 1, sizeof *ws->nz_first);
    ws->nz_col = calloc(nz + 1, sizeof *ws->nz_col);
    ws->nz_val = calloc(nz + 1, sizeof *ws->nz_val);
    if (!ws->nz_first || !ws->nz_col || !ws->nz_val)
        return TRYGG_ERR_NOMEM;
    nz = 0;
    for (size_t c = 0; c < C; c++) {
        ws->nz_first[c] = nz;
        for (size_t q = 0; q < C; q++)
            if (ws->cross[c * C + q] != 0) {
                ws->nz_col[nz] = q;
                ws->nz_val[nz++] = ws->cross[c * C + q];
            }
    }
    ws->nz_first[C] = nz;
    free(ws->cross);
    ws->cross = NULL;
    return TRYGG_OK;
}

trygg_status trygg_weighting_recalibrate(const trygg_survey *sv,
                                         const trygg_weighting_state *ws,
                                         const double *dw, double *w,
                                         trygg_errors *err)
{
    trygg_weighting_state tmp = *ws;   /* same margins, its own report */
    tmp.proj = NULL;
    double *copy = malloc((ws->n + 1) * sizeof *copy);
    if (!copy)
        return TRYGG_ERR_NOMEM;
    memcpy(copy, dw, ws->n * sizeof *copy);
    trygg_status st = TRYGG_OK;
    /* R post-stratifies every replicate to the nonresponse classes' totals
     * before it calibrates it */
    if (ws->has_nr)
        st = trygg_cal_poststratify(ws->n, dw, &ws->nr.m, copy, err);
    if (st != TRYGG_OK || ws->method == TRYGG_WEIGHTING_DESIGN) {
        if (st == TRYGG_OK)
            memcpy(w, copy, ws->n * sizeof *w);
    } else if (ws->method == TRYGG_WEIGHTING_CALIBRATE) {
        double *X = NULL, *totals = NULL;
        size_t p = 0;
        const trygg_definition *def = sv->def;
        st = dense_matrix(ws, &X, &totals, &p);
        if (st == TRYGG_OK)
            st = trygg_cal_greg(ws->n, p, X, copy, totals, NULL,
                                (trygg_calfun)def->calfun, def->bound_low,
                                def->bound_high, def->epsilon,
                                def->max_iterations, w, &tmp.report, err);
        free(X);
        free(totals);
    } else {
        st = run_method(sv, &tmp, copy, w, err);
    }
    free(copy);
    return st;
}

const trygg_cal_report *trygg_weighting_report(const trygg_weighting_state *ws)
{
    return ws ? &ws->report : NULL;
}

void trygg_weighting_state_free(trygg_weighting_state *ws)
{
    if (!ws)
        return;
    for (size_t m = 0; ws->margins && m < ws->nmargins; m++) {
        free(ws->margins[m].name);
        free(ws->margins[m].cell);
        free(ws->margins[m].total);
        trygg_dict_free(&ws->margins[m].cells);
    }
    free(ws->margins);
    free(ws->views);
    free(ws->nr.name);
    free(ws->nr.cell);
    free(ws->nr.total);
    if (ws->has_nr)
        trygg_dict_free(&ws->nr.cells);
    free(ws->w1);
    free(ws->off);
    free(ws->count);
    free(ws->cross);
    free(ws->nz_first);
    free(ws->nz_col);
    free(ws->nz_val);
    for (size_t m = 0; ws->psw && m < ws->nmargins; m++)
        free(ws->psw[m]);
    free(ws->psw);
    for (size_t k = 0; k < ws->nscalings; k++) {
        free(ws->scalings[k].margin);
        free(ws->scalings[k].reference);
        free(ws->scalings[k].where);
    }
    free(ws->scalings);
    trygg_cal_projector_free(ws->proj);
    free(ws);
}

const char *trygg_weighting_name(trygg_weighting w)
{
    switch (w) {
    case TRYGG_WEIGHTING_POSTSTRAT: return "poststrat";
    case TRYGG_WEIGHTING_RAKE: return "rake";
    case TRYGG_WEIGHTING_CALIBRATE: return "calibrate";
    default: return "design";
    }
}
