/* trygg import: a starting definition from what a labelled SPSS or Stata
 * file says about itself. Value labels become scales (user-missing codes
 * valid = 0), variable labels the items' Swedish labels, variables named
 * like trygg's column roles the [columns] section; the rest is left to
 * the analyst, with a comment where a choice is needed. */
#include "import_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "errors_internal.h"

/* Variable names (as slugs) that say what a column is, per role. */
static const char *const ROLE_NAMES[TRYGG_ROLE_COUNT][12] = {
    [TRYGG_ROLE_ID] = {"respondent", "id", "lopnr", "lopnummer", "respid", "resp-id",
                       "respondent-id", "caseid", "case-id", "idnr", "lpnr", NULL},
    [TRYGG_ROLE_YEAR] = {"year", "ar", "undersokningsar", "survey-year", "matar", NULL},
    [TRYGG_ROLE_MUNICIPALITY] = {"municipality", "kommun", "kommunnamn", "kommun-namn",
                                 "kom", NULL},
    [TRYGG_ROLE_DISTRICT] = {"district", "stadsdel", "omrade", "delomrade",
                             "bostadsomrade", NULL},
    [TRYGG_ROLE_STRATUM] = {"stratum", "strata", "urvalsstratum", "stratum-id", NULL},
    [TRYGG_ROLE_FPC] = {"fpc", "stratum-pop", "n-h", "popsize", "stratum-population",
                        NULL},
    [TRYGG_ROLE_WEIGHT] = {"weight", "vikt", "design-weight", "designvikt", "dvikt",
                           NULL},
    [TRYGG_ROLE_SEX] = {"sex", "kon", "gender", NULL},
    [TRYGG_ROLE_AGE_GROUP] = {"age-group", "aldersgrupp", "alder-grupp", "agegroup",
                              "aldersklass", NULL},
};

static int role_of(const char *name)
{
    char *slug = NULL;
    if (trygg_slug(name, &slug) != TRYGG_OK)
        return -1;
    int role = -1;
    for (int r = 0; r < TRYGG_ROLE_COUNT && role < 0; r++)
        for (int k = 0; ROLE_NAMES[r][k] && role < 0; k++)
            if (strcmp(slug, ROLE_NAMES[r][k]) == 0)
                role = r;
    free(slug);
    return role;
}

/* ReadStat names SPSS's unnamed label sets "labels0", "labels1", ... */
static int automatic_name(const char *set)
{
    if (!set)
        return 1;
    if (strncmp(set, "labels", 6) != 0 || !set[6])
        return 0;
    for (const char *p = set + 6; *p; p++)
        if (*p < '0' || *p > '9')
            return 0;
    return 1;
}

static int same_missing(const trygg_stat_var *a, const trygg_stat_var *b)
{
    if (a->nmissing != b->nmissing)
        return 0;
    for (size_t k = 0; k < a->nmissing; k++) {
        const trygg_stat_missing *x = &a->missing[k], *y = &b->missing[k];
        if (!!x->text != !!y->text || (x->text && strcmp(x->text, y->text)) ||
            (!x->text && (x->lo != y->lo || x->hi != y->hi)))
            return 0;
    }
    return 1;
}

static int is_declared_missing(const trygg_stat_var *v, double x)
{
    for (size_t k = 0; k < v->nmissing; k++)
        if (!v->missing[k].text && x >= v->missing[k].lo && x <= v->missing[k].hi)
            return 1;
    return 0;
}

static trygg_status add_code(imp_scale *s, const char *code, const char *label,
                             double sort, int valid)
{
    for (size_t i = 0; i < s->ncodes; i++)
        if (strcmp(s->codes[i].code, code) == 0)
            return TRYGG_OK;  /* labelled and declared missing: once */
    imp_code *nc = realloc(s->codes, (s->ncodes + 1) * sizeof *nc);
    if (!nc)
        return TRYGG_ERR_NOMEM;
    s->codes = nc;
    imp_code *c = &nc[s->ncodes];
    c->code = strdup(code);
    c->label = strdup(label ? label : "");
    c->sort = sort;
    c->valid = valid;
    s->ncodes++;
    return c->code && c->label ? TRYGG_OK : TRYGG_ERR_NOMEM;
}

static int cmp_code(const void *a, const void *b)
{
    const imp_code *x = a, *y = b;
    return (x->sort > y->sort) - (x->sort < y->sort);
}

/* The codes of variable v's labels and discrete missing values. */
static trygg_status fill_scale(imp_scale *s, const trygg_stat_var *v)
{
    trygg_status st = TRYGG_OK;
    for (size_t k = 0; k < v->nlabels && st == TRYGG_OK; k++) {
        const trygg_stat_label *l = &v->labels[k];
        char code[32];
        if (l->text && !l->tagged)
            continue;  /* a string value on a number: no code of it */
        if (l->tagged)
            snprintf(code, sizeof code, "%s", l->text);
        else
            trygg_stat_number_text(l->value, code);
        st = add_code(s, code, l->label, l->tagged ? INFINITY : l->value,
                      !l->tagged && !is_declared_missing(v, l->value));
    }
    for (size_t k = 0; k < v->nmissing && st == TRYGG_OK; k++) {
        const trygg_stat_missing *m = &v->missing[k];
        char code[32];
        if (m->text || m->lo != m->hi)
            continue;  /* ranges: only their labelled codes */
        trygg_stat_number_text(m->lo, code);
        st = add_code(s, code, "", m->lo, 0);
    }
    if (s->ncodes > 1)
        qsort(s->codes, s->ncodes, sizeof *s->codes, cmp_code);
    return st;
}

static char *unique_scale_name(const trygg_import *imp, const char *want)
{
    char *name = strdup(want);
    for (int k = 2; name; k++) {
        int taken = 0;
        for (size_t i = 0; i < imp->nscales && !taken; i++)
            taken = imp->scales[i].name && strcmp(imp->scales[i].name, name) == 0;
        if (!taken)
            return name;
        free(name);
        name = trygg_strprintf("%s_%d", want, k);
    }
    return NULL;
}

/* The scale variable v shares with an earlier item, or a new one. */
static trygg_status scale_of(trygg_import *imp, const trygg_stat_var *v, size_t *out)
{
    for (size_t i = 0; i < imp->nscales; i++) {
        const trygg_stat_var *f = imp->scales[i].first;
        if (f->label_set && v->label_set && strcmp(f->label_set, v->label_set) == 0 &&
            same_missing(f, v)) {
            *out = i;
            return TRYGG_OK;
        }
    }
    imp_scale *ns = realloc(imp->scales, (imp->nscales + 1) * sizeof *ns);
    if (!ns)
        return TRYGG_ERR_NOMEM;
    imp->scales = ns;
    imp_scale *s = &ns[imp->nscales];
    memset(s, 0, sizeof *s);
    s->first = v;
    *out = imp->nscales++;   /* named once all its items are known */
    return fill_scale(s, v);
}

/* A code's label is one of `words` (any case). */
static int label_is(const char *label, const char *const *words)
{
    for (; *words; words++)
        if (strcasecmp(label, *words) == 0)
            return 1;
    return 0;
}

/* The name a scale gets when the file does not name it (SPSS files never
 * do): "problem" for the problem scale (inget problem … mycket stort
 * problem), "yesno" for Nej/Ja, else its items' name before the first '_'
 * ("unsafe" of unsafe_night), or their common start, or the first item's. */
static char *scale_name(const trygg_import *imp, size_t sc)
{
    const imp_scale *s = &imp->scales[sc];
    if (!automatic_name(s->first->label_set))
        return strdup(s->first->label_set);
    static const char *const no[] = {"nej", "no", NULL}, *const yes[] = {"ja", "yes", NULL};
    int problem = 0, yesno = 1, nvalid = 0;
    for (size_t k = 0; k < s->ncodes; k++) {
        const char *l = s->codes[k].label;
        problem |= strstr(l, "problem") != NULL || strstr(l, "Problem") != NULL;
        if (s->codes[k].valid)
            yesno &= nvalid++ == 0 ? label_is(l, no) : label_is(l, yes);
    }
    if (problem)
        return strdup("problem");
    if (yesno && nvalid == 2)
        return strdup("yesno");
    const char *first = s->first->name;
    size_t common = strlen(first);
    for (size_t i = 0; i < imp->nitems; i++)
        if (imp->items[i].scale == sc) {
            const char *n = imp->items[i].var->name;
            size_t k = 0;
            while (k < common && n[k] == first[k])
                k++;
            common = k;
        }
    size_t word = strcspn(first, "_");
    if (word >= 3 && word <= common)
        return strndup(first, word);
    while (common && first[common - 1] == '_')
        common--;
    return strndup(first, common >= 3 ? common : strlen(first));
}

static trygg_status name_scales(trygg_import *imp)
{
    for (size_t i = 0; i < imp->nscales; i++) {
        char *want = scale_name(imp, i);
        imp->scales[i].name = want ? unique_scale_name(imp, want) : NULL;
        free(want);
        if (!imp->scales[i].name)
            return TRYGG_ERR_NOMEM;
    }
    return TRYGG_OK;
}

static trygg_status add_item(trygg_import *imp, const trygg_stat_var *v)
{
    size_t sc;
    trygg_status st = scale_of(imp, v, &sc);
    imp_item *ni = st == TRYGG_OK ? realloc(imp->items, (imp->nitems + 1) * sizeof *ni)
                                  : NULL;
    if (!ni)
        return st != TRYGG_OK ? st : TRYGG_ERR_NOMEM;
    imp->items = ni;
    ni[imp->nitems++] = (imp_item){v, sc};
    return TRYGG_OK;
}

static trygg_status classify(trygg_import *imp)
{
    trygg_status st = TRYGG_OK;
    for (size_t i = 0; i < imp->info.nvars && st == TRYGG_OK; i++) {
        const trygg_stat_var *v = &imp->info.vars[i];
        int role = role_of(v->name);
        if (role >= 0 && !imp->roles[role]) {
            imp->roles[role] = v;
            continue;
        }
        if (!v->is_string && (v->nlabels || v->nmissing))
            st = add_item(imp, v);
        else
            imp->unused[imp->nunused++] = v;
    }
    return st == TRYGG_OK ? name_scales(imp) : st;
}

trygg_status trygg_import_read(const char *path, const char *encoding,
                               trygg_import **out, trygg_errors *err)
{
    *out = NULL;
    trygg_stat_options opt = {trygg_stat_kind_of(path), encoding, 0};
    if (opt.kind == TRYGG_STAT_NONE) {
        trygg_errors_add(err, path, 0, 0, "trygg import reads SPSS (.sav, .zsav, .por) "
                         "and Stata (.dta) files; this name says neither");
        return TRYGG_ERR_ARGUMENT;
    }
    trygg_import *imp = calloc(1, sizeof *imp);
    if (!imp || !(imp->path = strdup(path))) {
        free(imp);
        return TRYGG_ERR_NOMEM;
    }
    const trygg_stat_fns fns = {NULL, NULL, NULL};
    trygg_status st = trygg_stat_read(path, NULL, 0, &opt, &fns, NULL, &imp->info, err);
    if (st == TRYGG_OK &&
        !(imp->unused = calloc(imp->info.nvars + 1, sizeof *imp->unused)))
        st = TRYGG_ERR_NOMEM;
    if (st == TRYGG_OK)
        st = classify(imp);
    if (st != TRYGG_OK) {
        trygg_import_free(imp);
        return st;
    }
    *out = imp;
    return TRYGG_OK;
}

void trygg_import_free(trygg_import *imp)
{
    if (!imp)
        return;
    for (size_t i = 0; i < imp->nscales; i++) {
        for (size_t k = 0; k < imp->scales[i].ncodes; k++) {
            free(imp->scales[i].codes[k].code);
            free(imp->scales[i].codes[k].label);
        }
        free(imp->scales[i].codes);
        free(imp->scales[i].name);
    }
    free(imp->scales);
    free(imp->items);
    free(imp->unused);
    trygg_stat_info_free(&imp->info);
    free(imp->path);
    free(imp);
}

size_t trygg_import_scale_count(const trygg_import *imp) { return imp->nscales; }
size_t trygg_import_item_count(const trygg_import *imp) { return imp->nitems; }
