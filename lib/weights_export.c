/* Respondent weights and the weight report. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors_internal.h"
#include "estimate_internal.h"
#include "format_g17.h"
#include "weighting.h"

typedef struct {
    int year;
    size_t row;
    double d, w;
} weight_row;

struct trygg_weights {
    const trygg_survey *sv;
    trygg_weighting weighting;
    weight_row *rows;
    size_t count;
    int *iterations;      /* per year */
};

static trygg_status year_weights(trygg_weights *out, size_t yi, trygg_errors *err)
{
    const trygg_survey *sv = out->sv;
    trygg_design d;
    trygg_status st = trygg_design_build(sv, sv->years[yi], &d, err);
    if (st != TRYGG_OK)
        return st;
    double *w = malloc((d.n + 1) * sizeof *w);
    trygg_weighting_state *ws = NULL;
    if (!w)
        st = TRYGG_ERR_NOMEM;
    else {
        memcpy(w, d.w, d.n * sizeof *w);
        if (out->weighting != TRYGG_WEIGHTING_DESIGN)
            st = trygg_weighting_apply(sv, &d, out->weighting, w, &ws, err);
    }
    for (size_t i = 0; st == TRYGG_OK && i < d.n; i++)
        out->rows[out->count++] = (weight_row){d.year, d.row[i], d.w[i], w[i]};
    const trygg_cal_report *rep = trygg_weighting_report(ws);
    out->iterations[yi] = rep ? rep->iterations : 0;
    trygg_weighting_state_free(ws);
    free(w);
    trygg_design_free(&d);
    return st;
}

trygg_status trygg_weights_compute(const trygg_survey *sv,
                                   trygg_weighting weighting,
                                   trygg_weights **out, trygg_errors *err)
{
    *out = NULL;
    trygg_weights *w = calloc(1, sizeof *w);
    if (!w)
        return TRYGG_ERR_NOMEM;
    w->sv = sv;
    w->weighting = weighting == TRYGG_WEIGHTING_DEFAULT ? sv->def->weighting : weighting;
    w->rows = malloc((sv->nrows + 1) * sizeof *w->rows);
    w->iterations = calloc(sv->nyears + 1, sizeof *w->iterations);
    trygg_status st = w->rows && w->iterations ? TRYGG_OK : TRYGG_ERR_NOMEM;
    for (size_t y = 0; y < sv->nyears && st == TRYGG_OK; y++)
        st = year_weights(w, y, err);
    if (st != TRYGG_OK) {
        trygg_weights_free(w);
        return st;
    }
    *out = w;
    return TRYGG_OK;
}

void trygg_weights_free(trygg_weights *w)
{
    if (!w)
        return;
    free(w->rows);
    free(w->iterations);
    free(w);
}

size_t trygg_weights_count(const trygg_weights *w) { return w ? w->count : 0; }

int trygg_weights_get(const trygg_weights *w, size_t i, int *year,
                      const char **id, double *design_weight, double *weight)
{
    if (!w || i >= w->count)
        return -1;
    const weight_row *r = &w->rows[i];
    *year = r->year;
    *id = trygg_survey_cat(w->sv, w->sv->role_col[TRYGG_ROLE_ID], r->row);
    *design_weight = r->d;
    *weight = r->w;
    return 0;
}

static const char *cat_or(const trygg_survey *sv, int role, size_t r)
{
    long c = sv->role_col[role];
    return c >= 0 ? trygg_survey_cat(sv, c, r) : "";
}

/* CSV text, quoted when it must be. */
static void put(FILE *f, const char *s, const char *sep)
{
    if (strpbrk(s, ",\"\n\r")) {
        fputc('"', f);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', f);
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
    fputs(sep, f);
}

static void put_g17(FILE *f, double v, const char *sep)
{
    char buf[TRYGG_G17_SIZE];
    fwrite(buf, 1, trygg_format_g17(buf, v), f);
    fputs(sep, f);
}

static FILE *open_tmp(const char *path, char *tmp, size_t size, trygg_errors *err)
{
    snprintf(tmp, size, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f)
        trygg_errors_add(err, path, 0, 0, "cannot write this file");
    return f;
}

static trygg_status close_tmp(FILE *f, const char *tmp, const char *path,
                              trygg_errors *err)
{
    int bad = ferror(f) | (fclose(f) != 0);
    if (!bad && rename(tmp, path) != 0)
        bad = 1;
    if (bad) {
        remove(tmp);
        trygg_errors_add(err, path, 0, 0, "cannot write this file");
        return TRYGG_ERR_IO;
    }
    return TRYGG_OK;
}

trygg_status trygg_weights_write(const trygg_weights *w, const char *path,
                                 trygg_errors *err)
{
    char tmp[4096];
    FILE *f = open_tmp(path, tmp, sizeof tmp, err);
    if (!f)
        return TRYGG_ERR_IO;
    const trygg_survey *sv = w->sv;
    fputs("year,respondent,municipality,district,design_weight,weight,g\n", f);
    for (size_t i = 0; i < w->count; i++) {
        const weight_row *r = &w->rows[i];
        fprintf(f, "%d,", r->year);
        put(f, cat_or(sv, TRYGG_ROLE_ID, r->row), ",");
        put(f, cat_or(sv, TRYGG_ROLE_MUNICIPALITY, r->row), ",");
        put(f, cat_or(sv, TRYGG_ROLE_DISTRICT, r->row), ",");
        put_g17(f, r->d, ",");
        put_g17(f, r->w, ",");
        put_g17(f, r->w / r->d, "\n");
    }
    return close_tmp(f, tmp, path, err);
}

/* ---- the report ------------------------------------------------------- */

typedef struct {
    double n, sw, sw2, min, max;
} wstat;

static void wstat_add(wstat *s, double w)
{
    if (s->n == 0 || w < s->min) s->min = w;
    if (s->n == 0 || w > s->max) s->max = w;
    s->n += 1;
    s->sw += w;
    s->sw2 += w * w;
}

static void report_line(FILE *f, const trygg_weights *w, int year, int iter,
                        const char *area, const char *group, const wstat *s,
                        const wstat *all)
{
    double mean = s->sw / s->n;
    double var = s->n > 1 ? (s->sw2 - s->n * mean * mean) / (s->n - 1) : NAN;
    fprintf(f, "%d,%s,", year, trygg_weighting_name(w->weighting));
    put(f, area, ",");
    put(f, group, ",");
    fprintf(f, "%.0f,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%d\n",
            s->n, s->sw, s->min, s->max, mean, sqrt(var) / mean,
            s->n * s->sw2 / (s->sw * s->sw), s->sw * s->sw / s->sw2,
            s->n / all->n, s->sw / all->sw, iter);
}

/* Rows of one year and municipality: all, then each sex × age group. */
static void report_area(FILE *f, const trygg_weights *w, size_t first, size_t end,
                        int iter)
{
    const trygg_survey *sv = w->sv;
    const char *area = cat_or(sv, TRYGG_ROLE_MUNICIPALITY, w->rows[first].row);
    wstat all = {0};
    for (size_t i = first; i < end; i++)
        wstat_add(&all, w->rows[i].w);
    report_line(f, w, w->rows[first].year, iter, area[0] ? area : "all", "all",
                &all, &all);
    char done[64][96];
    size_t ndone = 0;
    for (size_t i = first; i < end && ndone < 64; i++) {
        char g[96];
        snprintf(g, sizeof g, "%s / %s", cat_or(sv, TRYGG_ROLE_SEX, w->rows[i].row),
                 cat_or(sv, TRYGG_ROLE_AGE_GROUP, w->rows[i].row));
        int seen = 0;
        for (size_t k = 0; k < ndone && !seen; k++)
            seen = strcmp(done[k], g) == 0;
        if (seen || strcmp(g, " / ") == 0)
            continue;
        memcpy(done[ndone++], g, sizeof g);
        wstat s = {0};
        for (size_t j = i; j < end; j++) {
            char h[96];
            snprintf(h, sizeof h, "%s / %s", cat_or(sv, TRYGG_ROLE_SEX, w->rows[j].row),
                     cat_or(sv, TRYGG_ROLE_AGE_GROUP, w->rows[j].row));
            if (strcmp(g, h) == 0)
                wstat_add(&s, w->rows[j].w);
        }
        report_line(f, w, w->rows[first].year, iter, area[0] ? area : "all", g, &s, &all);
    }
}

typedef struct {
    uint64_t key;   /* year, then municipality code */
    size_t i;
} area_key;

static int cmp_key(const void *a, const void *b)
{
    const area_key *x = a, *y = b;
    if (x->key != y->key)
        return (x->key > y->key) - (x->key < y->key);
    return (x->i > y->i) - (x->i < y->i);
}

static int year_iterations(const trygg_weights *w, int year)
{
    for (size_t y = 0; y < w->sv->nyears; y++)
        if (w->sv->years[y] == year)
            return w->iterations[y];
    return 0;
}

trygg_status trygg_weights_write_report(const trygg_weights *w,
                                        const char *path, trygg_errors *err)
{
    long cm = w->sv->role_col[TRYGG_ROLE_MUNICIPALITY];
    area_key *k = malloc((w->count + 1) * sizeof *k);
    weight_row *run = malloc((w->count + 1) * sizeof *run);
    if (!k || !run) {
        free(k);
        free(run);
        return TRYGG_ERR_NOMEM;
    }
    for (size_t i = 0; i < w->count; i++)
        k[i] = (area_key){((uint64_t)(uint32_t)w->rows[i].year << 32) |
                              (cm >= 0 ? w->sv->cols[cm].cat[w->rows[i].row] : 0), i};
    qsort(k, w->count, sizeof *k, cmp_key);
    char tmp[4096];
    FILE *f = open_tmp(path, tmp, sizeof tmp, err);
    if (f)
        fputs("year,weighting,municipality,group,n,sum_weights,min,max,mean,cv,"
              "deff_weighting,n_effective,share_respondents,share_weighted,"
              "iterations\n", f);
    for (size_t a = 0; f && a < w->count;) {
        size_t n = 0;
        while (a + n < w->count && k[a + n].key == k[a].key) {
            run[n] = w->rows[k[a + n].i];
            n++;
        }
        trygg_weights sub = *w;
        sub.rows = run;
        report_area(f, &sub, 0, n, year_iterations(w, run[0].year));
        a += n;
    }
    free(k);
    free(run);
    return f ? close_tmp(f, tmp, path, err) : TRYGG_ERR_IO;
}
