/* The definition's CSV tables: scales (answer codes), items, indicators;
 * and the reporting levels. */
#include "definition_internal.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"
#include "errors_internal.h"
#include "text_internal.h"

typedef struct {
    trygg_definition *def;
    trygg_table *t;
    trygg_errors *err;
    trygg_status st;
} tab_ctx;

static void tab_bad(tab_ctx *c, size_t row, long col, const char *fmt,
                    const char *a, const char *b)
{
    trygg_errors_add(c->err, c->t->file, c->t->line[row],
                     col >= 0 ? (unsigned long)col + 1 : 0, fmt, a, b);
    if (c->st == TRYGG_OK)
        c->st = TRYGG_ERR_INVALID;
}

static long need_col(tab_ctx *c, const char *name)
{
    long i = trygg_table_col(c->t, name);
    if (i < 0) {
        trygg_errors_add(c->err, c->t->file, 1, 0,
                         "missing column '%s' in the header", name);
        c->st = TRYGG_ERR_INVALID;
    }
    return i;
}

static char *dup_or(tab_ctx *c, const char *s)
{
    char *d = strdup(s ? s : "");
    if (!d)
        c->st = TRYGG_ERR_NOMEM;
    return d;
}

static int parse_num(const char *s, double *out)
{
    char *end;
    errno = 0;
    double d = strtod(s, &end);
    if (end == s || *end || errno || !isfinite(d))
        return -1;
    *out = d;
    return 0;
}

int trygg_scale_code_find(const trygg_scale *sc, const char *s, size_t len)
{
    for (size_t i = 0; i < sc->ncodes; i++)
        if (strncmp(sc->codes[i].code, s, len) == 0 && sc->codes[i].code[len] == 0)
            return (int)i;
    return -1;
}

static long scale_find(const trygg_definition *d, const char *name)
{
    for (size_t i = 0; i < d->nscales; i++)
        if (strcmp(d->scales[i].name, name) == 0)
            return (long)i;
    return -1;
}

static trygg_scale *scale_get(tab_ctx *c, const char *name)
{
    trygg_definition *d = c->def;
    long i = scale_find(d, name);
    if (i >= 0)
        return &d->scales[i];
    trygg_scale *ns = realloc(d->scales, (d->nscales + 1) * sizeof *ns);
    if (!ns) {
        c->st = TRYGG_ERR_NOMEM;
        return NULL;
    }
    d->scales = ns;
    trygg_scale *sc = &d->scales[d->nscales++];
    memset(sc, 0, sizeof *sc);
    sc->name = dup_or(c, name);
    sc->numeric = strcmp(name, "numeric") == 0;
    return sc;
}

static void scale_row(tab_ctx *c, size_t r, const long col[6])
{
    const trygg_table *t = c->t;
    const char *name = trygg_table_get(t, r, col[0]);
    const char *code = trygg_table_get(t, r, col[1]);
    if (!*name || !*code || strcmp(name, "numeric") == 0) {
        tab_bad(c, r, *name ? col[1] : col[0], "%s%s", !*name ? "empty scale name"
                : !*code ? "empty code" : "'numeric' is built in and has no codes", "");
        return;
    }
    trygg_scale *sc = scale_get(c, name);
    if (!sc)
        return;
    if (trygg_scale_code_find(sc, code, strlen(code)) >= 0) {
        tab_bad(c, r, col[1], "code '%s' appears twice in scale '%s'", code, name);
        return;
    }
    if (sc->ncodes >= TRYGG_MAX_CODES) {
        tab_bad(c, r, col[1], "scale '%s' has more than 250 codes%s", name, "");
        return;
    }
    trygg_code *nc = realloc(sc->codes, (sc->ncodes + 1) * sizeof *nc);
    if (!nc) {
        c->st = TRYGG_ERR_NOMEM;
        return;
    }
    sc->codes = nc;
    trygg_code *k = &sc->codes[sc->ncodes++];
    memset(k, 0, sizeof *k);
    k->code = dup_or(c, code);
    k->label[0] = dup_or(c, trygg_table_get(t, r, col[2]));
    k->label[1] = dup_or(c, trygg_table_get(t, r, col[3]));
    const char *valid = trygg_table_get(t, r, col[4]);
    k->valid = 1;
    if (strcmp(valid, "0") == 0)
        k->valid = 0;
    else if (*valid && strcmp(valid, "1") != 0)
        tab_bad(c, r, col[4], "valid = '%s': expected 1 (an answer) or 0 "
                "(don't know / never go out)%s", valid, "");
    const char *score = trygg_table_get(t, r, col[5]);
    if (!*score)
        score = code;
    k->has_score = parse_num(score, &k->score) == 0;
    if (!k->has_score && *trygg_table_get(t, r, col[5]))
        tab_bad(c, r, col[5], "score '%s' is not a number%s", score, "");
}

static trygg_status read_scales(tab_ctx *c)
{
    static const char *const names[6] = {"scale", "code", "label_sv",
                                         "label_en", "valid", "score"};
    long col[6];
    for (int i = 0; i < 6; i++)
        col[i] = i < 2 ? need_col(c, names[i]) : trygg_table_col(c->t, names[i]);
    if (c->st != TRYGG_OK)
        return c->st;
    for (size_t r = 0; r < c->t->nrows && c->st != TRYGG_ERR_NOMEM; r++)
        scale_row(c, r, col);
    return c->st;
}

long trygg_definition_item_find(const trygg_definition *def, const char *name)
{
    for (size_t i = 0; i < def->nitems; i++)
        if (strcmp(def->items[i].name, name) == 0)
            return (long)i;
    return -1;
}

static trygg_status read_items(tab_ctx *c)
{
    trygg_definition *d = c->def;
    long ci = need_col(c, "item"), cs = need_col(c, "scale");
    long cl0 = trygg_table_col(c->t, "label_sv"), cl1 = trygg_table_col(c->t, "label_en");
    long cg = trygg_table_col(c->t, "group"), ct = trygg_table_col(c->t, "tags");
    if (c->st != TRYGG_OK)
        return c->st;
    d->items = calloc(c->t->nrows + 1, sizeof *d->items);
    if (!d->items)
        return TRYGG_ERR_NOMEM;
    for (size_t r = 0; r < c->t->nrows; r++) {
        const char *name = trygg_table_get(c->t, r, ci);
        const char *scale = trygg_table_get(c->t, r, cs);
        long s = strcmp(scale, "numeric") == 0 ? -2 : scale_find(d, scale);
        if (!*name || trygg_definition_item_find(d, name) >= 0) {
            tab_bad(c, r, ci, "item '%s' is empty or given twice%s", name, "");
            continue;
        }
        if (s == -1) {
            tab_bad(c, r, cs, "item '%s' uses scale '%s', which scales.csv "
                    "does not define", name, scale);
            continue;
        }
        if (s == -2) {
            trygg_scale *sc = scale_get(c, "numeric");
            if (!sc)
                return c->st;
            s = (long)(sc - d->scales);
        }
        trygg_item *it = &d->items[d->nitems++];
        it->name = dup_or(c, name);
        it->scale = (size_t)s;
        it->label[0] = dup_or(c, *trygg_table_get(c->t, r, cl0) ? trygg_table_get(c->t, r, cl0) : name);
        it->label[1] = dup_or(c, *trygg_table_get(c->t, r, cl1) ? trygg_table_get(c->t, r, cl1) : it->label[0]);
        it->group = dup_or(c, trygg_table_get(c->t, r, cg));
        it->tags = dup_or(c, trygg_table_get(c->t, r, ct));
    }
    return c->st;
}

/* ---- indicators -------------------------------------------------------- */

static int is_int(const char *s, size_t n, long *v)
{
    if (!n || n > 9)
        return 0;
    long x = 0;
    size_t i = s[0] == '-' ? 1 : 0;
    if (i == n)
        return 0;
    for (; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return 0;
        x = x * 10 + (s[i] - '0');
    }
    *v = s[0] == '-' ? -x : x;
    return 1;
}

/* Marks the codes of `list` ("3 4", "1-4", "Yes") in mask; -1 on an
 * unknown code (reported). */
static int code_mask(tab_ctx *c, size_t r, long col, const trygg_scale *sc,
                     const char *list, uint8_t *mask)
{
    const char *p = list;
    while (*p) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (!n)
            break;
        int k = trygg_scale_code_find(sc, p, n);
        const char *dash = memchr(p + 1, '-', n > 1 ? n - 1 : 0);
        long a, b;
        if (k >= 0) {
            mask[k] = 1;
        } else if (dash && is_int(p, (size_t)(dash - p), &a) &&
                   is_int(dash + 1, (size_t)(p + n - dash - 1), &b) && a <= b) {
            int found = 0;
            for (size_t i = 0; i < sc->ncodes; i++) {
                long v;
                if (is_int(sc->codes[i].code, strlen(sc->codes[i].code), &v) &&
                    v >= a && v <= b)
                    mask[i] = 1, found = 1;
            }
            if (!found)
                tab_bad(c, r, col, "range '%s' matches no code of scale '%s'",
                        list, sc->name);
        } else {
            char *tok = strndup(p, n);
            if (!tok)
                return c->st = TRYGG_ERR_NOMEM, -1;
            tab_bad(c, r, col, "code '%s' is not in scale '%s'", tok, sc->name);
            free(tok);
            return -1;
        }
        p += n;
    }
    return 0;
}

static int parse_items(tab_ctx *c, size_t r, long col, trygg_indicator *ind)
{
    const char *p = trygg_table_get(c->t, r, col);
    while (*p) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (!n)
            break;
        char *name = strndup(p, n);
        if (!name)
            return c->st = TRYGG_ERR_NOMEM, -1;
        long it = trygg_definition_item_find(c->def, name);
        int twice = 0;
        for (size_t i = 0; it >= 0 && i < ind->nitems; i++)
            twice |= ind->items[i] == (size_t)it;
        if (it < 0)
            tab_bad(c, r, col, "indicator '%s' uses item '%s', which items.csv "
                    "does not define", ind->name, name);
        else if (twice)
            tab_bad(c, r, col, "item '%s' appears twice in indicator '%s'", name,
                    ind->name);
        free(name);
        if (it < 0 || twice)
            return -1;
        if (ind->nitems == 64) {
            tab_bad(c, r, col, "indicator '%s' has more than 64 items%s",
                    ind->name, "");
            return -1;
        }
        ind->items[ind->nitems++] = (size_t)it;
        p += n;
    }
    return 0;
}

static int check_arity(tab_ctx *c, size_t r, long col, trygg_indicator *ind)
{
    static const size_t lo[] = {1, 1, 1, 1, 2, 2}, hi[] = {1, 1, 64, 1, 2, 2};
    static const char *const what[] = {"one item", "one item", "one or more items",
                                       "one item", "two items (numerator, "
                                       "denominator)", "two items"};
    if (ind->nitems < lo[ind->type] || ind->nitems > hi[ind->type]) {
        tab_bad(c, r, col, "indicator '%s' needs %s", ind->name, what[ind->type]);
        return -1;
    }
    const trygg_definition *d = c->def;
    for (size_t i = 0; i < ind->nitems; i++) {
        const trygg_scale *sc = &d->scales[d->items[ind->items[i]].scale];
        if ((ind->type == TRYGG_IND_SHARE || ind->type == TRYGG_IND_INDEX) &&
            sc->numeric) {
            tab_bad(c, r, col, "indicator '%s' needs coded items, '%s' is "
                    "numeric", ind->name, d->items[ind->items[i]].name);
            return -1;
        }
    }
    return 0;
}

static void indicator_codes(tab_ctx *c, size_t r, const long col[10],
                            trygg_indicator *ind)
{
    const trygg_scale *sc = &c->def->scales[c->def->items[ind->items[0]].scale];
    const char *codes = trygg_table_get(c->t, r, col[3]);
    const char *valid = trygg_table_get(c->t, r, col[4]);
    if (ind->type == TRYGG_IND_SHARE && !*codes)
        tab_bad(c, r, col[3], "share indicator '%s' needs codes (which "
                "answers count, e.g. '3 4')%s", ind->name, "");
    if (*codes && !sc->numeric) {
        ind->has_codes = 1;
        code_mask(c, r, col[3], sc, codes, ind->in_codes);
    }
    if (*valid && !sc->numeric)
        code_mask(c, r, col[4], sc, valid, ind->valid_codes);
    else
        for (size_t i = 0; i < sc->ncodes; i++)
            ind->valid_codes[i] = (uint8_t)sc->codes[i].valid;
}

/* "better": lower | higher | blank (no direction). */
static void indicator_better(tab_ctx *c, size_t r, long col, trygg_indicator *ind)
{
    const char *b = trygg_table_get(c->t, r, col);
    if (!*b)
        return;
    if (strcmp(b, "lower") == 0)
        ind->better = -1;
    else if (strcmp(b, "higher") == 0)
        ind->better = 1;
    else
        tab_bad(c, r, col, "better = '%s': expected lower, higher or blank (no "
                "direction)%s", b, "");
}

static void indicator_row(tab_ctx *c, size_t r, const long col[10])
{
    static const char *const types[] = {"share", "mean", "index", "total",
                                        "ratio", "difference", NULL};
    trygg_definition *d = c->def;
    const char *name = trygg_table_get(c->t, r, col[0]);
    const char *type = trygg_table_get(c->t, r, col[1]);
    for (size_t i = 0; i < d->nindicators; i++)
        if (strcmp(d->indicators[i].name, name) == 0) {
            tab_bad(c, r, col[0], "indicator '%s' given twice%s", name, "");
            return;
        }
    int ty = -1;
    for (int i = 0; types[i]; i++)
        if (strcmp(type, types[i]) == 0)
            ty = i;
    if (!*name || ty < 0) {
        tab_bad(c, r, *name ? col[1] : col[0], "indicator '%s': type '%s' is not "
                "one of share, mean, index, total, ratio, difference", name, type);
        return;
    }
    trygg_indicator *ind = &d->indicators[d->nindicators];
    memset(ind, 0, sizeof *ind);
    ind->name = dup_or(c, name);
    ind->type = (trygg_indicator_type)ty;
    if (parse_items(c, r, col[2], ind) || check_arity(c, r, col[2], ind)) {
        free(ind->name);
        return;
    }
    d->nindicators++;
    indicator_codes(c, r, col, ind);
    const char *mv = trygg_table_get(c->t, r, col[5]);
    long m = (long)ind->nitems;
    if (*mv && (!is_int(mv, strlen(mv), &m) || m < 1 || m > (long)ind->nitems))
        tab_bad(c, r, col[5], "min_valid '%s': expected 1 to the number of "
                "items%s", mv, "");
    ind->min_valid = (int)m;
    const char *l0 = trygg_table_get(c->t, r, col[6]);
    const char *l1 = trygg_table_get(c->t, r, col[7]);
    ind->label[0] = dup_or(c, *l0 ? l0 : name);
    ind->label[1] = dup_or(c, *l1 ? l1 : ind->label[0]);
    ind->group = dup_or(c, trygg_table_get(c->t, r, col[8]));
    indicator_better(c, r, col[9], ind);
}

static trygg_status read_indicators(tab_ctx *c)
{
    static const char *const names[10] = {"indicator", "type", "items", "codes",
                                          "valid", "min_valid", "label_sv",
                                          "label_en", "group", "better"};
    long col[10];
    for (int i = 0; i < 10; i++)
        col[i] = i < 3 ? need_col(c, names[i]) : trygg_table_col(c->t, names[i]);
    if (c->st != TRYGG_OK)
        return c->st;
    c->def->indicators = calloc(c->t->nrows + 1, sizeof *c->def->indicators);
    if (!c->def->indicators)
        return TRYGG_ERR_NOMEM;
    for (size_t r = 0; r < c->t->nrows && c->st != TRYGG_ERR_NOMEM; r++)
        indicator_row(c, r, col);
    if (c->st == TRYGG_OK && c->def->nindicators == 0) {
        trygg_errors_add(c->err, c->t->file, 0, 0, "no indicators defined");
        c->st = TRYGG_ERR_INVALID;
    }
    return c->st;
}

trygg_status trygg_definition_read_tables(trygg_definition *def,
                                          const char *scales,
                                          const char *items,
                                          const char *indicators,
                                          trygg_errors *err)
{
    const char *paths[3] = {scales, items, indicators};
    trygg_status (*const readers[3])(tab_ctx *) = {read_scales, read_items,
                                                   read_indicators};
    for (int i = 0; i < 3; i++) {
        tab_ctx c = {.def = def, .err = err};
        trygg_status st = trygg_table_read(paths[i], &c.t, err);
        if (st == TRYGG_OK)
            st = trygg_table_check_utf8(c.t, err);
        if (st == TRYGG_OK)
            st = readers[i](&c);
        trygg_table_free(c.t);
        if (st != TRYGG_OK)
            return st;
    }
    return TRYGG_OK;
}

/* ---- levels ------------------------------------------------------------ */

static int column_known(const trygg_definition *d, const char *name)
{
    for (int r = 0; r < TRYGG_ROLE_COUNT; r++)
        if (d->roles[r] && (strcmp(name, d->roles[r]) == 0))
            return 1;
    for (size_t g = 0; g < d->ngroups; g++)
        if (strcmp(name, d->groups[g]) == 0)
            return 1;
    return 0;
}

/* Level names use roles ("district") or group column names; the column is
 * the role's column. */
const char *trygg_definition_level_column(const trygg_definition *d,
                                          const char *name)
{
    static const char *const roles[] = {"municipality", "district", "stratum",
                                        "sex", "age_group"};
    static const int ids[] = {TRYGG_ROLE_MUNICIPALITY, TRYGG_ROLE_DISTRICT,
                              TRYGG_ROLE_STRATUM, TRYGG_ROLE_SEX,
                              TRYGG_ROLE_AGE_GROUP};
    for (int i = 0; i < 5; i++)
        if (strcmp(name, roles[i]) == 0)
            return d->roles[ids[i]];
    return column_known(d, name) ? name : NULL;
}

static trygg_status add_level(trygg_definition *d, const char *word,
                              const char *file, unsigned long line,
                              trygg_errors *err)
{
    trygg_level lv = {0};
    char *copy = strdup(word);
    if (!copy || !(lv.name = strdup(word))) {
        free(copy);
        return TRYGG_ERR_NOMEM;
    }
    trygg_status st = TRYGG_OK;
    char *save = NULL;
    for (char *tok = strtok_r(copy, "*", &save); tok && strcmp(word, "region");
         tok = strtok_r(NULL, "*", &save)) {
        const char *col = trygg_definition_level_column(d, tok);
        if (!col || lv.ncols == 4) {
            trygg_errors_add(err, file, line, line ? 1 : 0, "[report] level '%s': '%s' is "
                             "not a column role (municipality, district, sex, "
                             "age_group) or a [columns] groups column", word, tok);
            st = TRYGG_ERR_INVALID;
            break;
        }
        if (!(lv.cols[lv.ncols++] = strdup(col)))
            st = TRYGG_ERR_NOMEM;
    }
    free(copy);
    trygg_level *nl = st == TRYGG_OK ? realloc(d->levels, (d->nlevels + 1) *
                                               sizeof *nl) : NULL;
    if (!nl) {
        for (size_t i = 0; i < lv.ncols; i++)
            free(lv.cols[i]);
        free(lv.name);
        return st == TRYGG_OK ? TRYGG_ERR_NOMEM : st;
    }
    d->levels = nl;
    d->levels[d->nlevels++] = lv;
    return TRYGG_OK;
}

trygg_status trygg_definition_parse_levels(trygg_definition *def,
                                           const char *const lists[2],
                                           const unsigned long lines[2],
                                           const char *file,
                                           trygg_errors *err)
{
    trygg_status st = TRYGG_OK;
    for (int k = 0; k < 2 && st == TRYGG_OK; k++) {
        if (!lists[k])
            continue;
        char *copy = strdup(lists[k]), *save = NULL;
        if (!copy)
            return TRYGG_ERR_NOMEM;
        for (char *w = strtok_r(copy, " \t,", &save); w && st == TRYGG_OK;
             w = strtok_r(NULL, " \t,", &save))
            st = add_level(def, w, file, lines[k], err);
        free(copy);
    }
    return st;
}

/* ---- accessors and free ------------------------------------------------ */

void trygg_definition_free(trygg_definition *d)
{
    if (!d)
        return;
    free(d->path); free(d->dir); free(d->name); free(d->region_name);
    free(d->population);
    free(d->encoding); free(d->sample); free(d->nonresponse);
    for (size_t i = 0; i < d->nfile_patterns; i++) free(d->file_patterns[i]);
    free(d->file_patterns);
    free(d->file_lines);
    for (int r = 0; r < TRYGG_ROLE_COUNT; r++) free(d->roles[r]);
    for (size_t i = 0; i < d->ngroups; i++) free(d->groups[i]);
    free(d->groups);
    for (size_t i = 0; i < d->nmargins; i++) free(d->margins[i]);
    free(d->margins);
    for (size_t i = 0; i < d->npopulation_files; i++) free(d->population_files[i]);
    free(d->population_files);
    for (size_t s = 0; s < d->nscales; s++) {
        for (size_t k = 0; k < d->scales[s].ncodes; k++) {
            trygg_code *c = &d->scales[s].codes[k];
            free(c->code); free(c->label[0]); free(c->label[1]);
        }
        free(d->scales[s].codes);
        free(d->scales[s].name);
    }
    free(d->scales);
    for (size_t i = 0; i < d->nitems; i++) {
        trygg_item *it = &d->items[i];
        free(it->name); free(it->label[0]); free(it->label[1]);
        free(it->group); free(it->tags);
    }
    free(d->items);
    for (size_t i = 0; i < d->nindicators; i++) {
        trygg_indicator *in = &d->indicators[i];
        free(in->name); free(in->label[0]); free(in->label[1]); free(in->group);
    }
    free(d->indicators);
    for (size_t i = 0; i < d->nlevels; i++) {
        for (size_t k = 0; k < d->levels[i].ncols; k++) free(d->levels[i].cols[k]);
        free(d->levels[i].name);
    }
    free(d->levels);
    for (size_t i = 0; i < d->npeers; i++) {
        for (size_t k = 0; k < d->peers[i].nmembers; k++) free(d->peers[i].members[k]);
        free(d->peers[i].members);
        free(d->peers[i].name);
    }
    free(d->peers);
    free(d);
}

const char *trygg_definition_name(const trygg_definition *d) { return d->name; }
const char *trygg_definition_path(const trygg_definition *d) { return d->path; }
size_t trygg_definition_item_count(const trygg_definition *d) { return d->nitems; }
size_t trygg_definition_indicator_count(const trygg_definition *d) { return d->nindicators; }

const char *trygg_definition_item_name(const trygg_definition *d, size_t i)
{
    return i < d->nitems ? d->items[i].name : NULL;
}
const char *trygg_definition_item_label(const trygg_definition *d, size_t i,
                                        trygg_lang lang)
{
    return i < d->nitems ? d->items[i].label[lang == TRYGG_LANG_EN] : NULL;
}
const char *trygg_definition_item_group(const trygg_definition *d, size_t i)
{
    return i < d->nitems ? d->items[i].group : NULL;
}
const char *trygg_definition_indicator_name(const trygg_definition *d, size_t i)
{
    return i < d->nindicators ? d->indicators[i].name : NULL;
}
const char *trygg_definition_indicator_label(const trygg_definition *d,
                                             size_t i, trygg_lang lang)
{
    return i < d->nindicators ? d->indicators[i].label[lang == TRYGG_LANG_EN] : NULL;
}
const char *trygg_definition_indicator_group(const trygg_definition *d, size_t i)
{
    return i < d->nindicators ? d->indicators[i].group : NULL;
}
long trygg_definition_indicator_find(const trygg_definition *d, const char *name)
{
    for (size_t i = 0; i < d->nindicators; i++)
        if (strcmp(d->indicators[i].name, name) == 0)
            return (long)i;
    return -1;
}
int trygg_definition_indicator_is_share(const trygg_definition *d, size_t i)
{
    return i < d->nindicators && d->indicators[i].type == TRYGG_IND_SHARE;
}

const double *trygg_definition_bands(const trygg_definition *d, size_t *n)
{
    *n = d->nbands;
    return d->bands;
}

int trygg_definition_min_n(const trygg_definition *d) { return d->min_n; }
int trygg_definition_unstable_n(const trygg_definition *d) { return d->unstable_n; }
double trygg_definition_max_cv(const trygg_definition *d) { return d->max_cv; }
double trygg_definition_alpha(const trygg_definition *d) { return d->alpha; }
trygg_adjust trygg_definition_adjust(const trygg_definition *d) { return d->adjust; }

int trygg_definition_indicator_better(const trygg_definition *d, size_t i)
{
    return i < d->nindicators ? d->indicators[i].better : 0;
}

const char *trygg_definition_region_name(const trygg_definition *d)
{
    return d->region_name;
}
