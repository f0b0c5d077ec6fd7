/* The gross sample: read, and checked against the respondents, so that an
 * invited count and a response rate are never made of files that disagree. */
#include "sample.h"

#include <glob.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "errors_internal.h"
#include "statfile.h"

static trygg_status read_table(const trygg_definition *def, const char *path,
                               trygg_table **t, trygg_errors *err)
{
    if (trygg_stat_kind_of(path) != TRYGG_STAT_NONE)
        return trygg_stat_read_table(path, def->encoding, t, err);
    return trygg_table_read(path, t, err);
}

static trygg_status read_files(trygg_sample *s, const trygg_definition *def,
                               trygg_errors *err)
{
    char *pat = trygg_definition_resolve(def, def->sample);
    if (!pat)
        return TRYGG_ERR_NOMEM;
    glob_t g;
    int rc = glob(pat, 0, NULL, &g);
    trygg_status st = TRYGG_OK;
    if (rc == GLOB_NOMATCH) {
        trygg_errors_add(err, def->path, def->sample_line, 1, "sample = %s matches no "
                         "file (looked for %s)", def->sample, pat);
        st = TRYGG_ERR_IO;
    } else if (rc != 0) {
        st = rc == GLOB_NOSPACE ? TRYGG_ERR_NOMEM : TRYGG_ERR_IO;
    }
    free(pat);
    if (st != TRYGG_OK)
        return st;
    s->tables = calloc(g.gl_pathc + 1, sizeof *s->tables);
    s->colmap = calloc(g.gl_pathc + 1, sizeof *s->colmap);
    st = s->tables && s->colmap ? TRYGG_OK : TRYGG_ERR_NOMEM;
    for (size_t i = 0; i < g.gl_pathc && st == TRYGG_OK; i++) {  /* glob sorts them */
        st = read_table(def, g.gl_pathv[i], &s->tables[i], err);
        if (st == TRYGG_OK)
            s->ntables++;
    }
    globfree(&g);
    return st;
}

/* Which form the files have, the same for all: `responded` or `invited`. */
static trygg_status form(trygg_sample *s, trygg_errors *err)
{
    trygg_status st = TRYGG_OK;
    for (size_t i = 0; i < s->ntables; i++) {
        const trygg_table *t = s->tables[i];
        int person = trygg_table_col(t, "responded") >= 0;
        int count = trygg_table_col(t, "invited") >= 0;
        if (person == count) {
            trygg_errors_add(err, t->file, 1, 0, "%s: a gross sample has a column "
                             "'responded' (0/1, one row per person invited) or a column "
                             "'invited' (the number invited per stratum)",
                             person ? "both 'responded' and 'invited'" : "neither");
            st = TRYGG_ERR_INVALID;
        } else if (i == 0) {
            s->counts = count;
        } else if (count != s->counts) {
            trygg_errors_add(err, t->file, 1, 0, "one sample file gives persons, another "
                             "counts per stratum: give all in one form");
            st = TRYGG_ERR_INVALID;
        }
    }
    return st;
}

static trygg_status map_columns(trygg_sample *s, const trygg_survey *sv, trygg_errors *err)
{
    const trygg_definition *def = sv->def;
    trygg_status st = TRYGG_OK;
    for (size_t i = 0; i < s->ntables && st == TRYGG_OK; i++) {
        const trygg_table *t = s->tables[i];
        if (!(s->colmap[i] = malloc((sv->ncols + 1) * sizeof **s->colmap)))
            return TRYGG_ERR_NOMEM;
        for (size_t c = 0; c < sv->ncols; c++)
            s->colmap[i][c] = trygg_table_col(t, sv->cols[c].name);
        const char *need[2] = {def->roles[TRYGG_ROLE_YEAR],
                               s->counts ? def->roles[TRYGG_ROLE_STRATUM] : NULL};
        if (s->counts && !need[1]) {
            trygg_errors_add(err, t->file, 1, 0, "invited counts are per stratum, and "
                             "[columns] names no stratum");
            st = TRYGG_ERR_INVALID;
        }
        for (int k = 0; k < 2; k++)
            if (need[k] && trygg_table_col(t, need[k]) < 0) {
                trygg_errors_add(err, t->file, 1, 0, "missing column '%s' (needed as "
                                 "%s); the header has no such name", need[k],
                                 k ? "stratum" : "year");
                st = TRYGG_ERR_INVALID;
            }
    }
    return st;
}

/* A whole number from 0 to `max`, as written: "0", "1", "250". */
static int count_of(const char *v, double max, double *out)
{
    char *end;
    if (!v[0] || strspn(v, "0123456789") != strlen(v))
        return -1;
    *out = strtod(v, &end);
    return *out <= max ? 0 : -1;
}

static trygg_status parse_row(trygg_sample *s, size_t ti, size_t r, const char *year_col,
                              trygg_errors *err)
{
    const trygg_table *t = s->tables[ti];
    long cy = year_col ? trygg_table_col(t, year_col) : -1;
    long cv = trygg_table_col(t, s->counts ? "invited" : "responded");
    const char *yv = trygg_table_get(t, r, cy), *vv = trygg_table_get(t, r, cv);
    double year = 0, v = 0;
    trygg_status st = TRYGG_OK;
    if (cy >= 0 && (count_of(yv, 2200, &year) != 0 || year < 1900)) {
        trygg_errors_add(err, t->file, t->line[r], (unsigned long)cy + 1, "year '%s' is "
                         "not a year (expected four digits, e.g. 2024)", yv);
        st = TRYGG_ERR_INVALID;
    }
    if (count_of(vv, s->counts ? 1e9 : 1, &v) != 0) {
        trygg_errors_add(err, t->file, t->line[r], (unsigned long)cv + 1, s->counts
                         ? "invited '%s' is not a count (a whole number, 0 or more)"
                         : "responded '%s' must be 1 (answered) or 0 (did not)", vv);
        st = TRYGG_ERR_INVALID;
    }
    s->rows[s->nrows++] = (trygg_sample_row){(int)year, s->counts ? v : 1,
                                             s->counts ? -1 : (int)v, (uint32_t)ti,
                                             (uint32_t)r, SIZE_MAX};
    return st;
}

static trygg_status parse_rows(trygg_sample *s, const trygg_definition *def,
                               trygg_errors *err)
{
    size_t n = 0;
    for (size_t i = 0; i < s->ntables; i++)
        n += s->tables[i]->nrows;
    if (!(s->rows = malloc((n + 1) * sizeof *s->rows)))
        return TRYGG_ERR_NOMEM;
    trygg_status st = TRYGG_OK;
    for (size_t i = 0; i < s->ntables; i++)
        for (size_t r = 0; r < s->tables[i]->nrows && !trygg_errors_full(err); r++)
            if (parse_row(s, i, r, def->roles[TRYGG_ROLE_YEAR], err) != TRYGG_OK)
                st = TRYGG_ERR_INVALID;
    return st;
}

const char *trygg_sample_value(const trygg_survey *sv, const trygg_sample_row *r, long col)
{
    const trygg_sample *s = sv->sample;
    long c = col >= 0 ? s->colmap[r->table][col] : -1;
    if (c >= 0)
        return trygg_table_get(s->tables[r->table], r->row, c);
    /* a stratum lies in one district and municipality: its respondents'
     * (nothing else of theirs is the stratum's) */
    int area = col == sv->role_col[TRYGG_ROLE_MUNICIPALITY] ||
               col == sv->role_col[TRYGG_ROLE_DISTRICT] ||
               col == sv->role_col[TRYGG_ROLE_STRATUM];
    if (r->proxy != SIZE_MAX && col >= 0 && area)
        return trygg_survey_cat(sv, col, r->proxy);
    return NULL;
}

/* Every year with respondents has invited persons. */
static trygg_status check_years(const trygg_sample *s, const trygg_survey *sv,
                                trygg_errors *err)
{
    trygg_status st = TRYGG_OK;
    for (size_t y = 0; y < sv->nyears; y++) {
        int found = 0;
        for (size_t i = 0; i < s->nrows && !found; i++)
            found = s->rows[i].year == sv->years[y];
        if (!found) {
            trygg_errors_add(err, s->tables[0]->file, 0, 0, "no invited persons in %d: "
                             "the gross sample must cover every year surveyed",
                             sv->years[y]);
            st = TRYGG_ERR_INVALID;
        }
    }
    return st;
}

/* "2024\tRJTR7SN3": a respondent's key (a new string). */
static char *key_of(int year, const char *a, const char *b)
{
    return trygg_strprintf("%d\t%s%s%s", year, a, b ? "\t" : "", b ? b : "");
}

static trygg_status not_invited(const trygg_survey *sv, long cid, const uint8_t *seen,
                                trygg_errors *err)
{
    trygg_status st = TRYGG_OK;
    for (size_t r = 0; r < sv->nrows && !trygg_errors_full(err); r++)
        if (!seen[r]) {
            trygg_errors_add(err, sv->files[sv->file[r]].path, sv->line[r], 0,
                             "respondent '%s' (%d) answered, but the gross sample has "
                             "no row for it with responded = 1",
                             trygg_survey_cat(sv, cid, r), sv->year[r]);
            st = TRYGG_ERR_INVALID;
        }
    return st;
}

/* By id: responded = 1 exactly for the respondents, each once a year. */
static trygg_status check_ids(const trygg_sample *s, const trygg_survey *sv, long tid,
                              trygg_errors *err)
{
    long cid = sv->role_col[TRYGG_ROLE_ID];
    trygg_dict ids, invited;
    trygg_dict_init_pooled(&ids);
    trygg_dict_init_pooled(&invited);
    uint8_t *seen = calloc(sv->nrows + 1, 1);
    trygg_status st = seen ? TRYGG_OK : TRYGG_ERR_NOMEM;
    for (size_t r = 0; r < sv->nrows && st == TRYGG_OK; r++) {
        char *k = key_of(sv->year[r], trygg_survey_cat(sv, cid, r), NULL);
        uint32_t idx;
        st = k ? trygg_dict_intern(&ids, k, strlen(k), &idx) : TRYGG_ERR_NOMEM;
        free(k);
    }
    for (size_t i = 0; i < s->nrows && st != TRYGG_ERR_NOMEM; i++) {
        const trygg_sample_row *x = &s->rows[i];
        const trygg_table *t = s->tables[x->table];
        const char *id = trygg_table_get(t, x->row, s->colmap[x->table][cid]);
        char *k = key_of(x->year, id, NULL);
        uint32_t before = (uint32_t)invited.count, idx;
        if (!k || trygg_dict_intern(&invited, k, strlen(k), &idx) != TRYGG_OK) {
            free(k);
            st = TRYGG_ERR_NOMEM;
            break;
        }
        long at = trygg_dict_find(&ids, k, strlen(k));
        free(k);
        const char *why = idx < before ? "appears twice in the gross sample of %d"
                        : x->responded && at < 0 ? "has responded = 1 in %d, but the "
                                                   "response files have no answers from it"
                        : !x->responded && at >= 0 ? "has responded = 0 in %d, but "
                                                     "answered" : NULL;
        if (at >= 0 && x->responded)
            seen[at] = 1;  /* ids are unique in a year: dict order is row order */
        if (why) {
            char *msg = trygg_strprintf(why, x->year);
            trygg_errors_add(err, t->file, t->line[x->row], (unsigned long)tid + 1,
                             "invited '%s' %s", id, msg ? msg : "");
            free(msg);
            st = TRYGG_ERR_INVALID;
        }
    }
    if (st != TRYGG_ERR_NOMEM && not_invited(sv, cid, seen, err) != TRYGG_OK)
        st = TRYGG_ERR_INVALID;
    trygg_dict_free(&ids);
    trygg_dict_free(&invited);
    free(seen);
    return st;
}

/* Per year and stratum (or year alone): the respondents, and the sample's
 * answered or invited count with the row that gives it. */
typedef struct {
    trygg_dict keys;
    double *answers, *sample;
    size_t *first_sample;   /* a sample row of the key, SIZE_MAX for none */
    size_t *first_resp;     /* a respondent of the key, SIZE_MAX for none */
    size_t cap;
} tally;

static trygg_status tally_key(tally *t, int year, const char *stratum, uint32_t *idx)
{
    char *k = key_of(year, stratum ? stratum : "", NULL);
    trygg_status st = k ? trygg_dict_intern(&t->keys, k, strlen(k), idx) : TRYGG_ERR_NOMEM;
    free(k);
    if (st != TRYGG_OK || *idx < t->cap)
        return st;
    size_t nc = t->cap ? 2 * t->cap : 256;
    double *a = realloc(t->answers, nc * sizeof *a);
    if (a)
        t->answers = a;
    double *b = a ? realloc(t->sample, nc * sizeof *b) : NULL;
    if (b)
        t->sample = b;
    size_t *f = b ? realloc(t->first_sample, nc * sizeof *f) : NULL;
    if (f)
        t->first_sample = f;
    size_t *g = f ? realloc(t->first_resp, nc * sizeof *g) : NULL;
    if (!g)
        return TRYGG_ERR_NOMEM;
    t->first_resp = g;
    for (size_t i = t->cap; i < nc; i++) {
        t->answers[i] = t->sample[i] = 0;
        t->first_sample[i] = t->first_resp[i] = SIZE_MAX;
    }
    t->cap = nc;
    return TRYGG_OK;
}

static void tally_free(tally *t)
{
    trygg_dict_free(&t->keys);
    free(t->answers);
    free(t->sample);
    free(t->first_sample);
    free(t->first_resp);
}

static trygg_status tally_fill(tally *t, trygg_sample *s, const trygg_survey *sv,
                               long cs, trygg_errors *err)
{
    trygg_status st = TRYGG_OK;
    uint32_t idx;
    for (size_t r = 0; r < sv->nrows && st == TRYGG_OK; r++)
        if ((st = tally_key(t, sv->year[r], cs >= 0 ? trygg_survey_cat(sv, cs, r) : NULL,
                            &idx)) == TRYGG_OK) {
            t->answers[idx]++;
            if (t->first_resp[idx] == SIZE_MAX)
                t->first_resp[idx] = r;
        }
    for (size_t i = 0; i < s->nrows && st == TRYGG_OK; i++) {
        trygg_sample_row *x = &s->rows[i];
        const char *stratum = cs >= 0 ? trygg_sample_value(sv, x, cs) : NULL;
        if ((st = tally_key(t, x->year, stratum, &idx)) != TRYGG_OK)
            break;
        if (s->counts && t->first_sample[idx] != SIZE_MAX) {
            const trygg_table *tb = s->tables[x->table];
            trygg_errors_add(err, tb->file, tb->line[x->row], 0, "stratum '%s' (%d) is "
                             "given twice in the gross sample: give its invited count "
                             "once", stratum ? stratum : "", x->year);
            st = TRYGG_ERR_INVALID;
        }
        t->sample[idx] += s->counts ? x->invited : x->responded;
        if (t->first_sample[idx] == SIZE_MAX)
            t->first_sample[idx] = i;
        x->proxy = t->first_resp[idx];
    }
    return st;
}

/* Without ids: as many answered in each stratum (and year) as responded;
 * or, for counts, no more answers than invited, and a stratum's areas. */
static trygg_status check_tally(trygg_sample *s, const trygg_survey *sv, trygg_errors *err)
{
    long cs = sv->role_col[TRYGG_ROLE_STRATUM];
    if (cs >= 0 && s->colmap[0][cs] < 0 && !s->counts)
        cs = -1;  /* persons without their stratum: per year */
    tally t = {0};
    trygg_dict_init_pooled(&t.keys);
    trygg_status st = tally_fill(&t, s, sv, cs, err);
    for (size_t k = 0; k < t.keys.count && st != TRYGG_ERR_NOMEM; k++) {
        const char *key = t.keys.names[k], *tab = strchr(key, '\t');
        int bad = s->counts ? t.sample[k] < t.answers[k] : t.sample[k] != t.answers[k];
        if (!bad && !(s->counts && t.first_resp[k] == SIZE_MAX && t.sample[k] > 0 &&
                      sv->role_col[TRYGG_ROLE_MUNICIPALITY] >= 0 &&
                      s->colmap[s->rows[t.first_sample[k]].table]
                               [sv->role_col[TRYGG_ROLE_MUNICIPALITY]] < 0))
            continue;
        const trygg_sample_row *x = t.first_sample[k] != SIZE_MAX ? &s->rows[t.first_sample[k]]
                                                                  : NULL;
        const trygg_table *tb = s->tables[x ? x->table : 0];
        char *where = trygg_strprintf("%.*s%s%s%s", (int)(tab - key), key,
                                      cs >= 0 ? ", stratum '" : "", cs >= 0 ? tab + 1 : "",
                                      cs >= 0 ? "'" : "");
        if (bad)
            trygg_errors_add(err, tb->file, x ? tb->line[x->row] : 0, 0, "%s: the gross "
                             "sample has %.0f %s, the response files %.0f respondents",
                             where ? where : key, t.sample[k],
                             s->counts ? "invited" : "with responded = 1", t.answers[k]);
        else
            trygg_errors_add(err, tb->file, tb->line[x->row], 0, "%s: %.0f invited and no "
                             "answers, so its areas are not known: give the sample file "
                             "the municipality and district columns", where ? where : key,
                             t.sample[k]);
        free(where);
        st = TRYGG_ERR_INVALID;
    }
    tally_free(&t);
    return st;
}

void trygg_sample_free(trygg_sample *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->ntables; i++) {
        trygg_table_free(s->tables[i]);
        free(s->colmap[i]);
    }
    free(s->tables);
    free(s->colmap);
    free(s->rows);
    free(s);
}

trygg_status trygg_sample_load(trygg_survey *sv, trygg_errors *err)
{
    const trygg_definition *def = sv->def;
    trygg_sample *s = calloc(1, sizeof *s);
    if (!s)
        return TRYGG_ERR_NOMEM;
    sv->sample = s;
    trygg_status st = read_files(s, def, err);
    if (st == TRYGG_OK)
        st = form(s, err);
    if (st == TRYGG_OK)
        st = map_columns(s, sv, err);
    if (st == TRYGG_OK)
        st = parse_rows(s, def, err);
    if (st == TRYGG_OK)
        st = check_years(s, sv, err);
    long cid = sv->role_col[TRYGG_ROLE_ID];
    long tid = st == TRYGG_OK && cid >= 0 && s->ntables ? s->colmap[0][cid] : -1;
    if (st == TRYGG_OK && !s->counts && tid >= 0)
        st = check_ids(s, sv, tid, err);
    if (st == TRYGG_OK)
        st = check_tally(s, sv, err);
    return st;
}
