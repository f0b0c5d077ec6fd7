/* The label columns of every table: areas as readers write them, the
 * groups of crossings in words, indicators by their labels. A domain's
 * labels are made once and kept, so a table of many indicators per domain
 * pays for each domain once. */
#include "labels_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "definition_internal.h"
#include "dict.h"
#include "errors_internal.h"

struct trygg_labels {
    const trygg_definition *def;
    trygg_lang lang;
    trygg_dict keys;          /* "level\x1f" "domain" */
    trygg_dict texts;         /* the labels themselves */
    const char **area, **group;   /* by key index */
    size_t cap;
    int failed;
    const char *last_level, *last_domain;  /* the row before's, as pointers */
    uint32_t last;
};

trygg_labels *trygg_labels_new(const trygg_definition *def, trygg_lang lang)
{
    trygg_labels *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->def = def;
    l->lang = lang;
    trygg_dict_init_pooled(&l->keys);
    trygg_dict_init_pooled(&l->texts);
    return l;
}

void trygg_labels_free(trygg_labels *l)
{
    if (!l)
        return;
    trygg_dict_free(&l->keys);
    trygg_dict_free(&l->texts);
    free(l->area);
    free(l->group);
    free(l);
}

int trygg_labels_failed(const trygg_labels *l) { return l && l->failed; }

trygg_lang trygg_labels_lang(const trygg_labels *l) { return l ? l->lang : TRYGG_LANG_SV; }

/* The level `name` of the definition, or, for a crossing the definition
 * does not report (the weight report's "sex*age_group"), one made in *tmp
 * from its terms; NULL when a term is no column. */
static const trygg_level *find_level(const trygg_definition *d, const char *name,
                                     trygg_level *tmp, char *copy)
{
    for (size_t i = 0; i < d->nlevels; i++)
        if (strcmp(d->levels[i].name, name) == 0)
            return &d->levels[i];
    memset(tmp, 0, sizeof *tmp);
    tmp->name = (char *)name;
    if (strcmp(name, "region") == 0)
        return tmp;
    char *save = NULL;
    for (char *t = strtok_r(copy, "*", &save); t; t = strtok_r(NULL, "*", &save)) {
        const char *col = trygg_definition_level_column(d, t);
        if (!col || tmp->ncols == 4)
            return NULL;
        tmp->cols[tmp->ncols++] = (char *)col;
    }
    return tmp->ncols ? tmp : NULL;
}

static int is_area_column(const trygg_definition *d, const char *col)
{
    const char *m = d->roles[TRYGG_ROLE_MUNICIPALITY], *k = d->roles[TRYGG_ROLE_DISTRICT];
    return (m && strcmp(col, m) == 0) || (k && strcmp(col, k) == 0);
}

static const char *region_label(const trygg_labels *l)
{
    if (l->def->region_name && l->def->region_name[0])
        return l->def->region_name;
    return l->lang == TRYGG_LANG_EN ? "The region" : "Regionen";
}

/* The code's words (the one rule for tables and pages): the scale named
 * as the crossing's term ("sex") or its column, when scales.csv has one
 * with that code; else Statistics Sweden's coding of the sex column (1 men,
 * 2 women); else the code with an en dash between two digits ("16-24" →
 * "16–24"). A new string. */
static char *code_words(const trygg_definition *d, const char *term, const char *col,
                        const char *code, size_t len, trygg_lang lang)
{
    for (size_t s = 0; d && s < d->nscales; s++) {
        const trygg_scale *sc = &d->scales[s];
        if (strcmp(sc->name, term) != 0 && strcmp(sc->name, col) != 0)
            continue;
        int c = trygg_scale_code_find(sc, code, len);
        const char *w = c < 0 ? NULL : sc->codes[c].label[lang == TRYGG_LANG_EN];
        if (c >= 0 && (!w || !w[0]))
            w = sc->codes[c].label[0];
        if (w && w[0])
            return strdup(w);
    }
    const char *sex = d ? d->roles[TRYGG_ROLE_SEX] : NULL;
    if (len == 1 && (code[0] == '1' || code[0] == '2') &&
        (strcmp(term, "sex") == 0 || (sex && strcmp(col, sex) == 0)))
        return strdup(code[0] == '1' ? (lang == TRYGG_LANG_EN ? "Men" : "Män")
                                     : (lang == TRYGG_LANG_EN ? "Women" : "Kvinnor"));
    size_t dash = 0;
    for (size_t i = 0; i < len; i++)
        if (code[i] == '-' && i > 0 && i + 1 < len && code[i - 1] >= '0' &&
            code[i - 1] <= '9' && code[i + 1] >= '0' && code[i + 1] <= '9')
            dash = i;
    if (!dash)
        return strndup(code, len);
    return trygg_strprintf("%.*s\xE2\x80\x93%.*s", (int)dash, code, (int)(len - dash - 1),
                           code + dash + 1);
}

char *trygg_definition_code_words(const trygg_definition *def, const char *term,
                                  const char *code, trygg_lang lang)
{
    const char *col = def ? trygg_definition_level_column(def, term) : NULL;
    return code_words(def, term, col ? col : term, code, strlen(code), lang);
}

/* Splits a crossing's domain into its `n` parts ("Fittja / 2"): from the
 * right when the first part is an area (whose name may hold " / "), else
 * from the left. -1 when the domain has fewer parts. */
static int split(const char *domain, size_t n, int area_first, const char **part,
                 size_t *len)
{
    const char *end = domain + strlen(domain);
    if (area_first) {
        for (size_t k = n; k-- > 1;) {
            const char *p = end;
            while (p - domain >= 3 && strncmp(p - 3, " / ", 3) != 0)
                p--;
            if (p - domain < 3)
                return -1;
            part[k] = p;
            len[k] = (size_t)(end - p);
            end = p - 3;
        }
        part[0] = domain;
        len[0] = (size_t)(end - domain);
        return 0;
    }
    const char *p = domain;
    for (size_t k = 0; k < n; k++) {
        const char *sep = k + 1 < n ? strstr(p, " / ") : NULL;
        if (k + 1 < n && !sep)
            return -1;
        part[k] = p;
        len[k] = sep ? (size_t)(sep - p) : strlen(p);
        p = sep ? sep + 3 : p;
    }
    return 0;
}

/* The term names of a level ("district*sex": "district", "sex"). */
static void terms(const trygg_level *lv, char *copy, const char **term)
{
    char *save = NULL;
    size_t k = 0;
    for (char *t = strtok_r(copy, "*", &save); t && k < lv->ncols; t = strtok_r(NULL, "*", &save))
        term[k++] = t;
    while (k < lv->ncols)
        term[k++] = "";
}

/* Both labels of a domain of level `lv`, as new strings. */
static trygg_status make(const trygg_labels *l, const trygg_level *lv, const char *domain,
                         char **area, char **group)
{
    *area = *group = NULL;
    if (!lv || lv->ncols == 0) {
        *area = strdup(lv ? region_label(l) : domain);
        *group = strdup("");
        return *area && *group ? TRYGG_OK : TRYGG_ERR_NOMEM;
    }
    const char *part[4], *term[4];
    size_t len[4];
    char *copy = strdup(lv->name);
    if (!copy)
        return TRYGG_ERR_NOMEM;
    terms(lv, copy, term);
    int first_area = is_area_column(l->def, lv->cols[0]);
    trygg_status st = TRYGG_OK;
    if (split(domain, lv->ncols, first_area, part, len) != 0) {
        *area = strdup(domain);   /* not a name this level makes: as it is */
        *group = strdup("");
        free(copy);
        return *area && *group ? TRYGG_OK : TRYGG_ERR_NOMEM;
    }
    for (size_t k = 0; k < lv->ncols && st == TRYGG_OK; k++) {
        if (is_area_column(l->def, lv->cols[k])) {
            free(*area);   /* the finest area named */
            *area = strndup(part[k], len[k]);
            st = *area ? TRYGG_OK : TRYGG_ERR_NOMEM;
            continue;
        }
        char *w = code_words(l->def, term[k], lv->cols[k], part[k], len[k], l->lang);
        char *joined = !w ? NULL : *group ? trygg_strprintf("%s, %s", *group, w) : strdup(w);
        free(w);
        free(*group);
        *group = joined;
        st = joined ? TRYGG_OK : TRYGG_ERR_NOMEM;
    }
    free(copy);
    if (st == TRYGG_OK && !*area)
        *area = strdup(region_label(l));
    if (st == TRYGG_OK && !*group)
        *group = strdup("");
    return st == TRYGG_OK && *area && *group ? TRYGG_OK : TRYGG_ERR_NOMEM;
}

static trygg_status keep(trygg_labels *l, uint32_t k, char *area, char *group)
{
    if (k >= l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        const char **a = realloc(l->area, cap * sizeof *a);
        if (a)
            l->area = a;
        const char **g = a ? realloc(l->group, cap * sizeof *g) : NULL;
        if (!g)
            return TRYGG_ERR_NOMEM;
        l->group = g;
        l->cap = cap;
    }
    uint32_t ia, ig;
    if (trygg_dict_intern(&l->texts, area, strlen(area), &ia) != TRYGG_OK ||
        trygg_dict_intern(&l->texts, group, strlen(group), &ig) != TRYGG_OK)
        return TRYGG_ERR_NOMEM;
    l->area[k] = l->texts.names[ia];
    l->group[k] = l->texts.names[ig];
    return TRYGG_OK;
}

/* The key index of (level, domain), its labels made when new; -1 when out
 * of memory. */
static long lookup(trygg_labels *l, const char *level, const char *domain)
{
    if (level == l->last_level && domain == l->last_domain)
        return l->last;
    char *key = trygg_strprintf("%s\x1f%s", level, domain);
    if (!key)
        return -1;
    size_t n = l->keys.count;
    uint32_t k;
    trygg_status st = trygg_dict_intern(&l->keys, key, strlen(key), &k);
    free(key);
    if (st == TRYGG_OK && l->keys.count > n) {
        char *area = NULL, *group = NULL, *copy = strdup(level);
        trygg_level tmp;
        st = copy ? make(l, find_level(l->def, level, &tmp, copy), domain, &area, &group)
                  : TRYGG_ERR_NOMEM;
        free(copy);
        if (st == TRYGG_OK)
            st = keep(l, k, area, group);
        free(area);
        free(group);
        if (st != TRYGG_OK)
            trygg_dict_pop(&l->keys);
    }
    if (st != TRYGG_OK)
        return -1;
    l->last_level = level;
    l->last_domain = domain;
    l->last = k;
    return k;
}

const char *trygg_label_area(trygg_labels *l, const char *level, const char *domain)
{
    if (!l)
        return domain;
    long k = lookup(l, level, domain);
    l->failed |= k < 0;
    return k < 0 ? "" : l->area[k];
}

const char *trygg_label_group(trygg_labels *l, const char *level, const char *domain)
{
    if (!l)
        return "";
    long k = lookup(l, level, domain);
    l->failed |= k < 0;
    return k < 0 ? "" : l->group[k];
}

const char *trygg_label_indicator(const trygg_labels *l, size_t i, const char *name)
{
    if (!l || i >= l->def->nindicators)
        return name;
    return l->def->indicators[i].label[l->lang == TRYGG_LANG_EN];
}

int trygg_labels_is_share(const trygg_labels *l, size_t i)
{
    return l && i < l->def->nindicators && l->def->indicators[i].type == TRYGG_IND_SHARE;
}

const trygg_definition *trygg_labels_definition(const trygg_labels *l)
{
    return l ? l->def : NULL;
}
