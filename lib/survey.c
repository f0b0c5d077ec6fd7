/* The survey store: columns, files, years; loading every file of a survey. */
#include "survey_internal.h"

#include <glob.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"
#include "errors_internal.h"
#include "sample.h"

long trygg_survey_col_find(const trygg_survey *sv, const char *name,
                           trygg_col_kind kind)
{
    for (size_t i = 0; i < sv->ncols; i++)
        if (sv->cols[i].kind == kind && strcmp(sv->cols[i].name, name) == 0)
            return (long)i;
    return -1;
}

const char *trygg_survey_cat(const trygg_survey *sv, long col, size_t r)
{
    const trygg_column *c = &sv->cols[col];
    if (c->kind == TRYGG_COL_TEXT)
        return c->text + c->off[r];
    return c->dict.names[c->cat[r]];
}

static trygg_status text_room(trygg_column *c, size_t more)
{
    if (c->text_len + more <= c->text_cap)
        return TRYGG_OK;
    if (c->text_len + more > (size_t)UINT32_MAX)
        return TRYGG_ERR_LIMIT;
    size_t nc = c->text_cap ? c->text_cap : 4096;
    while (nc < c->text_len + more)
        nc *= 2;
    if (nc > (size_t)UINT32_MAX + 1)
        nc = (size_t)UINT32_MAX + 1;
    char *nt = realloc(c->text, nc);
    if (!nt)
        return TRYGG_ERR_NOMEM;
    c->text = nt;
    c->text_cap = nc;
    return TRYGG_OK;
}

trygg_status trygg_column_put_text(trygg_column *c, size_t r, const char *s,
                                   size_t len)
{
    trygg_status st = text_room(c, len + 1);
    if (st != TRYGG_OK)
        return st;
    c->off[r] = (uint32_t)c->text_len;
    if (len)
        memcpy(c->text + c->text_len, s, len);
    c->text[c->text_len + len] = 0;
    c->text_len += len + 1;
    return TRYGG_OK;
}

static long add_col(trygg_survey *sv, const char *name, trygg_col_kind kind,
                    const trygg_scale *scale, const char *why)
{
    long have = trygg_survey_col_find(sv, name, kind);
    if (have >= 0)
        return have;
    trygg_column *nc = realloc(sv->cols, (sv->ncols + 1) * sizeof *nc);
    if (!nc)
        return -1;
    sv->cols = nc;
    trygg_column *c = &sv->cols[sv->ncols];
    memset(c, 0, sizeof *c);
    if (!(c->name = strdup(name)))
        return -1;
    c->kind = kind;
    c->scale = scale;
    c->why = why;
    trygg_dict_init_pooled(&c->dict);
    memset(c->code1, TRYGG_CODE_MISSING, sizeof c->code1);
    /* the first code of that byte, as trygg_scale_code_find() finds it */
    for (size_t k = scale ? scale->ncodes : 0; k-- > 0;)
        if (scale->codes[k].code[0] && !scale->codes[k].code[1])
            c->code1[(unsigned char)scale->codes[k].code[0]] = (uint8_t)k;
    return (long)sv->ncols++;
}

static const trygg_col_kind ROLE_KIND[TRYGG_ROLE_COUNT] = {
    TRYGG_COL_TEXT, TRYGG_COL_NUM, TRYGG_COL_CAT, TRYGG_COL_CAT, TRYGG_COL_CAT,
    TRYGG_COL_CAT, TRYGG_COL_CAT, TRYGG_COL_NUM, TRYGG_COL_NUM, TRYGG_COL_NUM,
    TRYGG_COL_CAT, TRYGG_COL_CAT};
static const char *const ROLE_NAME[TRYGG_ROLE_COUNT] = {
    "id", "year", "municipality", "district", "stratum", "psu", "ssu", "fpc",
    "fpc2", "weight", "sex", "age_group"};

trygg_status trygg_survey_new_empty(const trygg_definition *def,
                                    trygg_survey **out)
{
    trygg_survey *sv = calloc(1, sizeof *sv);
    if (!sv)
        return TRYGG_ERR_NOMEM;
    sv->def = def;
    sv->item_col = calloc(def->nitems + 1, sizeof *sv->item_col);
    trygg_status st = sv->item_col ? TRYGG_OK : TRYGG_ERR_NOMEM;
    for (int r = 0; r < TRYGG_ROLE_COUNT && st == TRYGG_OK; r++) {
        sv->role_col[r] = -1;
        if (!def->roles[r] || r == TRYGG_ROLE_YEAR)
            continue;
        sv->role_col[r] = add_col(sv, def->roles[r], ROLE_KIND[r], NULL,
                                  ROLE_NAME[r]);
        if (sv->role_col[r] < 0)
            st = TRYGG_ERR_NOMEM;
        else
            sv->cols[sv->role_col[r]].required_nonblank =
                r != TRYGG_ROLE_SEX && r != TRYGG_ROLE_AGE_GROUP;
    }
    for (size_t g = 0; g < def->ngroups && st == TRYGG_OK; g++)
        if (add_col(sv, def->groups[g], TRYGG_COL_CAT, NULL, "groups") < 0)
            st = TRYGG_ERR_NOMEM;
    for (size_t i = 0; i < def->nitems && st == TRYGG_OK; i++) {
        const trygg_scale *sc = &def->scales[def->items[i].scale];
        sv->item_col[i] = add_col(sv, def->items[i].name,
                                  sc->numeric ? TRYGG_COL_NUM : TRYGG_COL_CODE,
                                  sc, "item");
        if (sv->item_col[i] < 0)
            st = TRYGG_ERR_NOMEM;
    }
    if (st != TRYGG_OK) {
        trygg_survey_free(sv);
        return st;
    }
    *out = sv;
    return TRYGG_OK;
}

static void *grow(void *p, size_t n, size_t size, int *ok)
{
    void *np = realloc(p, n * size);
    if (!np)
        *ok = 0;
    return np ? np : p;
}

/* Every row array at capacity nc (which holds the rows there are). */
static trygg_status resize_rows(trygg_survey *sv, size_t nc)
{
    int ok = 1;
    sv->year = grow(sv->year, nc, sizeof *sv->year, &ok);
    sv->file = grow(sv->file, nc, sizeof *sv->file, &ok);
    sv->line = grow(sv->line, nc, sizeof *sv->line, &ok);
    for (size_t i = 0; i < sv->ncols && ok; i++) {
        trygg_column *c = &sv->cols[i];
        if (c->kind == TRYGG_COL_CAT)
            c->cat = grow(c->cat, nc, sizeof *c->cat, &ok);
        else if (c->kind == TRYGG_COL_TEXT)
            c->off = grow(c->off, nc, sizeof *c->off, &ok);
        else if (c->kind == TRYGG_COL_NUM)
            c->num = grow(c->num, nc, sizeof *c->num, &ok);
        else
            c->code = grow(c->code, nc, sizeof *c->code, &ok);
    }
    if (!ok)
        return TRYGG_ERR_NOMEM;
    sv->cap = nc;
    return TRYGG_OK;
}

trygg_status trygg_survey_reserve(trygg_survey *sv, size_t more)
{
    if (sv->nrows + more <= sv->cap)
        return TRYGG_OK;
    size_t nc = sv->cap ? sv->cap : 1024;
    while (nc < sv->nrows + more)
        nc *= 2;
    return resize_rows(sv, nc);
}

trygg_status trygg_survey_reserve_exact(trygg_survey *sv, size_t rows)
{
    return rows <= sv->cap ? TRYGG_OK : resize_rows(sv, rows);
}

void trygg_survey_fit(trygg_survey *sv)
{
    if (sv->nrows < sv->cap && sv->nrows > 0)
        (void)resize_rows(sv, sv->nrows);  /* shrinking keeps the old on failure */
    for (size_t i = 0; i < sv->ncols; i++) {
        trygg_column *c = &sv->cols[i];
        char *nt = c->kind == TRYGG_COL_TEXT && c->text_len < c->text_cap
                       ? realloc(c->text, c->text_len + 1) : NULL;
        if (nt) {
            c->text = nt;
            c->text_cap = c->text_len + 1;
        }
    }
}

/* The part's one file, at the end of sv's list; its path moves. */
static trygg_status append_file(trygg_survey *sv, trygg_survey *part)
{
    if (part->nfiles == 0)
        return TRYGG_OK;  /* the file could not be read */
    trygg_file_info *nf = realloc(sv->files, (sv->nfiles + 1) * sizeof *nf);
    if (!nf)
        return TRYGG_ERR_NOMEM;
    sv->files = nf;
    nf[sv->nfiles] = part->files[0];
    nf[sv->nfiles].first_row = sv->nrows;
    part->files[0].path = NULL;
    sv->nfiles++;
    return TRYGG_OK;
}

static trygg_status append_cat(trygg_column *to, trygg_column *from,
                               size_t at, size_t rows)
{
    uint32_t *map = malloc((from->dict.count + 1) * sizeof *map);
    if (!map)
        return TRYGG_ERR_NOMEM;
    trygg_status st = trygg_dict_merge(&to->dict, &from->dict, map);
    for (size_t r = 0; r < rows && st == TRYGG_OK; r++)
        to->cat[at + r] = map[from->cat[r]];
    free(map);
    return st;
}

static trygg_status append_text(trygg_column *to, const trygg_column *from,
                                size_t at, size_t rows)
{
    size_t base = to->text_len;
    trygg_status st = text_room(to, from->text_len);
    if (st != TRYGG_OK)
        return st;
    if (from->text_len)
        memcpy(to->text + base, from->text, from->text_len);
    to->text_len += from->text_len;
    for (size_t r = 0; r < rows; r++)
        to->off[at + r] = (uint32_t)(base + from->off[r]);
    return TRYGG_OK;
}

trygg_status trygg_survey_append(trygg_survey *sv, trygg_survey *part)
{
    size_t at = sv->nrows, rows = part->nrows;
    trygg_status st = trygg_survey_reserve(sv, rows);
    if (st == TRYGG_OK)
        st = append_file(sv, part);
    if (st != TRYGG_OK || part->nfiles == 0)
        return st;
    uint32_t file = (uint32_t)(sv->nfiles - 1);
    if (rows) {
        memcpy(sv->year + at, part->year, rows * sizeof *sv->year);
        memcpy(sv->line + at, part->line, rows * sizeof *sv->line);
    }
    for (size_t r = 0; r < rows; r++)
        sv->file[at + r] = file;
    for (size_t i = 0; i < sv->ncols && st == TRYGG_OK; i++) {
        trygg_column *to = &sv->cols[i], *from = &part->cols[i];
        if (to->kind == TRYGG_COL_CAT)
            st = append_cat(to, from, at, rows);
        else if (to->kind == TRYGG_COL_TEXT)
            st = append_text(to, from, at, rows);
        else if (to->kind == TRYGG_COL_NUM && rows)
            memcpy(to->num + at, from->num, rows * sizeof *to->num);
        else if (rows)
            memcpy(to->code + at, from->code, rows * sizeof *to->code);
    }
    sv->nrows += rows;
    return st;
}

void trygg_survey_free(trygg_survey *sv)
{
    if (!sv)
        return;
    for (size_t i = 0; i < sv->ncols; i++) {
        trygg_column *c = &sv->cols[i];
        free(c->name);
        free(c->cat);
        free(c->num);
        free(c->code);
        free(c->off);
        free(c->text);
        trygg_dict_free(&c->dict);
    }
    for (size_t i = 0; i < sv->nfiles; i++)
        free(sv->files[i].path);
    free(sv->files);
    free(sv->cols);
    free(sv->item_col);
    free(sv->year);
    free(sv->file);
    free(sv->line);
    free(sv->years);
    free(sv->pool_first);
    free(sv->pool_def);
    trygg_sample_free(sv->sample);
    free(sv);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every file the patterns match, sorted, without repeats. */
static trygg_status expand_patterns(const trygg_definition *def, glob_t *g,
                                    trygg_errors *err)
{
    trygg_status st = TRYGG_OK;
    memset(g, 0, sizeof *g);
    for (size_t i = 0; i < def->nfile_patterns && st == TRYGG_OK; i++) {
        char *pat = trygg_definition_resolve(def, def->file_patterns[i]);
        if (!pat)
            return TRYGG_ERR_NOMEM;
        int rc = glob(pat, i ? GLOB_APPEND : 0, NULL, g);
        if (rc == GLOB_NOMATCH) {
            trygg_errors_add(err, def->path, def->file_lines[i], 1, "files = %s "
                             "matches no file (looked for %s)",
                             def->file_patterns[i], pat);
            st = TRYGG_ERR_IO;
        } else if (rc != 0) {
            st = rc == GLOB_NOSPACE ? TRYGG_ERR_NOMEM : TRYGG_ERR_IO;
        }
        free(pat);
    }
    if (st == TRYGG_OK && g->gl_pathc > 1)
        qsort(g->gl_pathv, g->gl_pathc, sizeof *g->gl_pathv, cmp_str);
    return st;
}

static trygg_status finish_load(trygg_survey *sv, trygg_status st,
                                trygg_errors *err, trygg_survey **out)
{
    if (st == TRYGG_OK || st == TRYGG_ERR_PARSE || st == TRYGG_ERR_INVALID) {
        trygg_status chk = trygg_survey_check(sv, err);
        if (st == TRYGG_OK)
            st = chk;
    }
    if (st == TRYGG_OK && sv->def->sample)
        st = trygg_sample_load(sv, err);
    if (st != TRYGG_OK) {
        trygg_survey_free(sv);
        return st;
    }
    *out = sv;
    return TRYGG_OK;
}

static trygg_status load_rows(const trygg_definition *def, int year,
                              trygg_survey **out, trygg_errors *err)
{
    *out = NULL;
    trygg_survey *sv;
    trygg_status st = trygg_survey_new_empty(def, &sv);
    if (st != TRYGG_OK)
        return st;
    sv->only_year = year;
    glob_t g;
    st = expand_patterns(def, &g, err);
    char **paths = st == TRYGG_OK ? malloc((g.gl_pathc + 1) * sizeof *paths) : NULL;
    if (st == TRYGG_OK && !paths)
        st = TRYGG_ERR_NOMEM;
    if (st == TRYGG_OK) {
        size_t n = 0;  /* sorted: repeats are neighbours */
        for (size_t i = 0; i < g.gl_pathc; i++)
            if (n == 0 || strcmp(g.gl_pathv[i], paths[n - 1]) != 0)
                paths[n++] = g.gl_pathv[i];
        st = trygg_survey_load_files(sv, paths, n, err);
        trygg_survey_fit(sv);
    }
    free(paths);
    globfree(&g);
    if (st == TRYGG_ERR_NOMEM || st == TRYGG_ERR_IO) {
        trygg_survey_free(sv);
        return st;
    }
    return finish_load(sv, st, err, out);
}

trygg_status trygg_survey_load(const trygg_definition *def,
                               trygg_survey **out, trygg_errors *err)
{
    return load_rows(def, 0, out, err);
}

trygg_status trygg_survey_load_year(const trygg_definition *def, int year,
                                    trygg_survey **out, trygg_errors *err)
{
    /* without a year column every row is "year 0"; the gross sample is
     * checked against every year's respondents */
    int one = def->roles[TRYGG_ROLE_YEAR] && !def->sample ? year : 0;
    return load_rows(def, one, out, err);
}

trygg_status trygg_survey_load_buffer(const trygg_definition *def,
                                      const char *name, const char *data,
                                      size_t len, trygg_survey **out,
                                      trygg_errors *err)
{
    *out = NULL;
    trygg_survey *sv;
    trygg_status st = trygg_survey_new_empty(def, &sv);
    if (st != TRYGG_OK)
        return st;
    st = trygg_survey_parse_file(sv, name, data, len, err);
    if (st == TRYGG_ERR_NOMEM) {
        trygg_survey_free(sv);
        return st;
    }
    return finish_load(sv, st, err, out);
}

size_t trygg_survey_rows(const trygg_survey *sv) { return sv->nrows; }
size_t trygg_survey_file_count(const trygg_survey *sv) { return sv->nfiles; }
size_t trygg_survey_year_count(const trygg_survey *sv) { return sv->nyears; }

const char *trygg_survey_file_path(const trygg_survey *sv, size_t i)
{
    return i < sv->nfiles ? sv->files[i].path : NULL;
}
const char *trygg_survey_file_dialect(const trygg_survey *sv, size_t i)
{
    return i < sv->nfiles ? sv->files[i].dialect : NULL;
}
size_t trygg_survey_file_rows(const trygg_survey *sv, size_t i)
{
    return i < sv->nfiles ? sv->files[i].rows : 0;
}
int trygg_survey_year(const trygg_survey *sv, size_t i)
{
    return i < sv->nyears ? sv->years[i] : 0;
}

const trygg_definition *trygg_survey_definition(const trygg_survey *sv)
{
    return sv->def;
}

int trygg_survey_has_sample(const trygg_survey *sv)
{
    return sv->sample != NULL;
}
