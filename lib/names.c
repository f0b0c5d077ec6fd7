/* Names as users type them: the one place where a name given on the command
 * line or in a promises file is matched against the names there are (areas,
 * indicators, levels). A name is taken as meant when it is the name itself,
 * the same name in NFC (typed in NFD, as macOS does), the same case-folded
 * ("fittja", "JÄRFÄLLA") or the same slug as the report's file names
 * ("jarfalla") — each only when exactly one name matches that way; otherwise
 * the closest names are suggested. The CLI's commands, the chart and report
 * commands and the follow-up all go through here, so they accept and
 * suggest alike. */
#include "survey_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "errors_internal.h"

/* The forms of one name that the tiers compare; NULL when a form could not
 * be made (not valid UTF-8). */
typedef struct {
    char *nfc, *fold, *slug;
} name_forms;

static trygg_status forms_of(const char *s, name_forms *f)
{
    *f = (name_forms){NULL, NULL, NULL};
    trygg_status st = trygg_utf8_nfc(s, strlen(s), &f->nfc);
    if (st == TRYGG_OK)
        st = trygg_utf8_fold(s, &f->fold);
    if (st == TRYGG_OK)
        st = trygg_slug(s, &f->slug);
    return st;
}

static void forms_free(name_forms *f)
{
    free(f->nfc);
    free(f->fold);
    free(f->slug);
}

/* Code points of UTF-8 text `s` into a new array; *n their number. */
static uint32_t *code_points(const char *s, size_t *n)
{
    size_t len = strlen(s);
    uint32_t *cp = malloc((len + 1) * sizeof *cp);
    *n = 0;
    if (!cp)
        return NULL;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    while (*p) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(p, -1, &c);
        cp[(*n)++] = k > 0 ? (uint32_t)c : 0xFFFD;
        p += k > 0 ? k : 1;
    }
    return cp;
}

/* Levenshtein distance of two code point strings, two rows at a time;
 * SIZE_MAX when out of memory. */
static size_t edit_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    size_t *row = malloc((nb + 1) * 2 * sizeof *row);
    if (!row)
        return SIZE_MAX;
    size_t *prev = row, *cur = row + nb + 1;
    for (size_t j = 0; j <= nb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= na; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        size_t *t = prev;
        prev = cur;
        cur = t;
    }
    size_t d = prev[nb];
    free(row);
    return d;
}

static size_t text_distance(const char *a, const char *b)
{
    size_t na, nb;
    uint32_t *ca = code_points(a, &na), *cb = code_points(b, &nb);
    size_t d = ca && cb ? edit_distance(ca, na, cb, nb) : SIZE_MAX;
    free(ca);
    free(cb);
    return d;
}

/* How far a name is from what was typed: the smaller of the distances of
 * the folded names and of the slugs (so that "jarfala" typed without
 * å ä ö is one letter from "Järfälla"); a name the typed text begins
 * counts as close ("hallunda" for "Hallunda-Norsborg"). */
static size_t name_distance(const name_forms *typed, const name_forms *name)
{
    size_t d = text_distance(typed->fold, name->fold);
    size_t ds = text_distance(typed->slug, name->slug);
    if (ds < d)
        d = ds;
    size_t nt = strlen(typed->slug);
    if (nt >= 3 && strncmp(name->slug, typed->slug, nt) == 0 && d > 1)
        d = 1;
    return d;
}

/* Tier k's form of a name: 0 the name, 1 NFC, 2 folded, 3 slug. */
static const char *form(const name_forms *f, const char *raw, int tier)
{
    return tier == 0 ? raw : tier == 1 ? f->nfc : tier == 2 ? f->fold : f->slug;
}

static void keep_alike(trygg_name_match *m, size_t i)
{
    if (m->nwhich < TRYGG_MATCH_SHOWN)
        m->which[m->nwhich++] = i;
    m->nalike++;
}

/* The first tier at which any name matches decides: one name is the match,
 * several are ambiguous. 1 when decided. */
static int match_tiers(const char *const *names, const name_forms *nf, size_t count,
                       const char *typed, const name_forms *tf, trygg_name_match *m)
{
    static const trygg_match_kind kinds[] = {TRYGG_MATCH_EXACT, TRYGG_MATCH_NFC,
                                             TRYGG_MATCH_FOLDED, TRYGG_MATCH_SLUG};
    for (int tier = 0; tier < 4; tier++) {
        const char *want = form(tf, typed, tier);
        m->nwhich = m->nalike = 0;
        for (size_t i = 0; want && i < count; i++) {
            const char *have = form(&nf[i], names[i], tier);
            if (have && strcmp(have, want) == 0)
                keep_alike(m, i);
        }
        if (m->nalike == 1) {
            m->kind = kinds[tier];
            m->index = m->which[0];
            return 1;
        }
        if (m->nalike > 1) {
            m->kind = TRYGG_MATCH_AMBIGUOUS;
            return 1;
        }
    }
    return 0;
}

/* At most TRYGG_MATCH_SHOWN names within reach, closest first (ties in the
 * names' order). Reach: two edits, or a third of the typed name's length. */
static trygg_status suggest(const name_forms *nf, size_t count, const name_forms *tf,
                            trygg_name_match *m)
{
    size_t nt;
    free(code_points(tf->fold, &nt));
    size_t reach = nt / 3 > 2 ? nt / 3 : 2;
    size_t best[TRYGG_MATCH_SHOWN];
    m->kind = TRYGG_MATCH_NONE;
    m->nwhich = m->nalike = 0;
    for (size_t i = 0; i < count; i++) {
        if (!nf[i].fold || !nf[i].slug)
            continue;
        size_t d = name_distance(tf, &nf[i]);
        if (d == SIZE_MAX)
            return TRYGG_ERR_NOMEM;
        if (d > reach)
            continue;
        size_t at = m->nwhich;
        while (at > 0 && best[at - 1] > d)
            at--;
        if (at >= TRYGG_MATCH_SHOWN)
            continue;
        size_t last = m->nwhich < TRYGG_MATCH_SHOWN ? m->nwhich : TRYGG_MATCH_SHOWN - 1;
        for (size_t k = last; k > at; k--) {
            best[k] = best[k - 1];
            m->which[k] = m->which[k - 1];
        }
        best[at] = d;
        m->which[at] = i;
        if (m->nwhich < TRYGG_MATCH_SHOWN)
            m->nwhich++;
    }
    return TRYGG_OK;
}

trygg_status trygg_name_find(const char *const *names, size_t count, const char *typed,
                             trygg_name_match *m)
{
    memset(m, 0, sizeof *m);
    m->kind = TRYGG_MATCH_NONE;
    name_forms tf;
    trygg_status st = forms_of(typed, &tf);
    name_forms *nf = calloc(count + 1, sizeof *nf);
    if (st == TRYGG_OK && !nf)
        st = TRYGG_ERR_NOMEM;
    /* a name that is not valid UTF-8 keeps NULL forms: it can still match
     * byte for byte */
    for (size_t i = 0; st == TRYGG_OK && i < count; i++)
        if (forms_of(names[i], &nf[i]) == TRYGG_ERR_NOMEM)
            st = TRYGG_ERR_NOMEM;
    if (st == TRYGG_OK && !match_tiers(names, nf, count, typed, &tf, m))
        st = suggest(nf, count, &tf, m);
    for (size_t i = 0; nf && i < count; i++)
        forms_free(&nf[i]);
    free(nf);
    forms_free(&tf);
    return st;
}

/* "'a'", "'a' or 'b'", "'a', 'b' or 'c'" (and "and N more") into a new
 * string; NULL when out of memory. */
static char *quoted_list(const char *const *names, const size_t *which, size_t n,
                         size_t more, const char *last_word)
{
    size_t cap = 64;
    for (size_t i = 0; i < n; i++)
        cap += strlen(names[which[i]]) + 8;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        const char *sep = i == 0 ? "" : i + 1 == n && !more ? last_word : ", ";
        at += (size_t)snprintf(s + at, cap - at, "%s'%s'", sep, names[which[i]]);
    }
    if (more)
        snprintf(s + at, cap - at, " and %zu more", more);
    return s;
}

/* "one of: a, b, c" for a short list of every name; NULL when too long. */
static char *all_names(const char *const *names, size_t count)
{
    if (count == 0 || count > 12)
        return NULL;
    size_t cap = 16;
    for (size_t i = 0; i < count; i++)
        cap += strlen(names[i]) + 2;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    size_t at = 0;
    for (size_t i = 0; i < count; i++)
        at += (size_t)snprintf(s + at, cap - at, "%s%s", i ? ", " : "", names[i]);
    return s;
}

static trygg_status say_not_found(const char *const *names, size_t count,
                                  const char *what, const char *typed,
                                  const trygg_name_match *m, trygg_errors *err)
{
    if (m->kind == TRYGG_MATCH_AMBIGUOUS) {
        char *l = quoted_list(names, m->which, m->nwhich, m->nalike - m->nwhich, " or ");
        if (!l)
            return TRYGG_ERR_NOMEM;
        trygg_errors_add(err, NULL, 0, 0, "%s '%s' could be %s: give the name as "
                         "in the data", what, typed, l);
        free(l);
    } else if (m->nwhich) {
        char *l = quoted_list(names, m->which, m->nwhich, 0, " or ");
        if (!l)
            return TRYGG_ERR_NOMEM;
        trygg_errors_add(err, NULL, 0, 0, "no %s '%s'; did you mean %s?", what, typed, l);
        free(l);
    } else {
        char *l = all_names(names, count);
        if (l)
            trygg_errors_add(err, NULL, 0, 0, "no %s '%s' (one of: %s)", what, typed, l);
        else if (count)
            trygg_errors_add(err, NULL, 0, 0, "no %s '%s' in the data (none of its "
                             "%zu names is like it)", what, typed, count);
        else
            trygg_errors_add(err, NULL, 0, 0, "no %s '%s': there are none", what, typed);
        free(l);
    }
    return TRYGG_ERR_NOT_FOUND;
}

trygg_status trygg_name_resolve(const char *const *names, size_t count, const char *what,
                                const char *typed, size_t *index, trygg_errors *err)
{
    trygg_name_match m;
    trygg_status st = trygg_name_find(names, count, typed, &m);
    if (st == TRYGG_ERR_PARSE) {
        trygg_errors_add(err, NULL, 0, 0, "the %s given is not valid UTF-8 text "
                         "(is the terminal or file in another encoding?)", what);
        return TRYGG_ERR_NOT_FOUND;
    }
    if (st != TRYGG_OK)
        return st;
    if (m.kind <= TRYGG_MATCH_SLUG) {
        *index = m.index;
        return TRYGG_OK;
    }
    return say_not_found(names, count, what, typed, &m, err);
}

/* ---- the names a survey has -------------------------------------------- */

size_t trygg_definition_level_count(const trygg_definition *def)
{
    return def ? def->nlevels : 0;
}

const char *trygg_definition_level_name(const trygg_definition *def, size_t i)
{
    return def && i < def->nlevels ? def->levels[i].name : NULL;
}

/* mark[i] = 1 for every name i of column `col` on a row of `year`. */
static void names_in_year(const trygg_survey *sv, long col, int year, unsigned char *mark)
{
    for (size_t r = 0; r < sv->nrows; r++)
        if (sv->year[r] == year)
            mark[sv->cols[col].cat[r]] = 1;
}

static int year_surveyed(const trygg_survey *sv, int year)
{
    for (size_t i = 0; i < sv->nyears; i++)
        if (sv->years[i] == year)
            return 1;
    return 0;
}

trygg_status trygg_survey_area_names(const trygg_survey *sv, const char *level, int year,
                                     const char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    const trygg_level *lv = NULL;
    for (size_t l = 0; l < sv->def->nlevels && !lv; l++)
        if (strcmp(sv->def->levels[l].name, level) == 0)
            lv = &sv->def->levels[l];
    if (!lv || lv->ncols > 1)
        return TRYGG_ERR_ARGUMENT;
    long col = lv->ncols ? trygg_survey_col_find(sv, lv->cols[0], TRYGG_COL_CAT) : -1;
    size_t cap = col >= 0 ? sv->cols[col].dict.count : 1;
    const char **v = malloc((cap + 1) * sizeof *v);
    unsigned char *mark = year && col >= 0 ? calloc(cap + 1, 1) : NULL;
    if (!v || (year && col >= 0 && !mark)) {
        free(v);
        return TRYGG_ERR_NOMEM;
    }
    if (mark)
        names_in_year(sv, col, year, mark);
    if (lv->ncols == 0 && (!year || year_surveyed(sv, year)))
        v[(*n)++] = "region";   /* as the estimates name the region's domain */
    for (size_t i = 0; col >= 0 && i < cap; i++)
        if (sv->cols[col].dict.names[i][0] && (!mark || mark[i]))  /* a blank is no area */
            v[(*n)++] = sv->cols[col].dict.names[i];
    free(mark);
    *names = v;
    return TRYGG_OK;
}

/* Every single-column level's areas, finest level first (as the priorities
 * look a name up), each name once, with the level it was first found in. */
static trygg_status every_area(const trygg_survey *sv, const char ***names,
                               const char ***levels, size_t *n)
{
    size_t cap = 0;
    *names = *levels = NULL;
    *n = 0;
    trygg_status st = TRYGG_OK;
    for (size_t l = sv->def->nlevels; l-- > 0 && st == TRYGG_OK;) {
        const char **v;
        size_t k;
        if (sv->def->levels[l].ncols > 1)
            continue;
        st = trygg_survey_area_names(sv, sv->def->levels[l].name, 0, &v, &k);
        const char **nn = st == TRYGG_OK ? realloc(*names, (cap + k + 1) * sizeof *nn) : NULL;
        if (nn)
            *names = nn;
        const char **nl = nn ? realloc(*levels, (cap + k + 1) * sizeof *nl) : NULL;
        if (nl)
            *levels = nl;
        if (st == TRYGG_OK && !nl)
            st = TRYGG_ERR_NOMEM;
        cap += k;
        for (size_t i = 0; st == TRYGG_OK && i < k; i++) {
            size_t j = 0;
            while (j < *n && strcmp((*names)[j], v[i]) != 0)
                j++;
            if (j == *n) {
                (*names)[*n] = v[i];
                (*levels)[(*n)++] = sv->def->levels[l].name;
            }
        }
        free(v);
    }
    return st;
}

/* "district:Fittja": the level named before the colon, when it is one. */
static long level_prefix(const trygg_definition *def, const char *typed, const char **name)
{
    const char *colon = strchr(typed, ':');
    *name = typed;
    for (size_t l = 0; colon && l < def->nlevels; l++)
        if (strlen(def->levels[l].name) == (size_t)(colon - typed) &&
            strncmp(def->levels[l].name, typed, (size_t)(colon - typed)) == 0) {
            *name = colon + 1;
            return (long)l;
        }
    return -1;
}

/* "district:Botkyrka": when the name is none of the level's but is an
 * area of another level, say so (TRYGG_ERR_NOT_FOUND); TRYGG_OK otherwise. */
static trygg_status other_level(const trygg_survey *sv, const char *const *names, size_t n,
                                const char *lname, const char *want, trygg_errors *err)
{
    trygg_name_match m;
    trygg_status st = trygg_name_find(names, n, want, &m);
    if (st != TRYGG_OK || m.kind != TRYGG_MATCH_NONE)
        return st == TRYGG_ERR_PARSE ? TRYGG_OK : st;
    const char **all = NULL, **levels = NULL;
    size_t na = 0;
    st = every_area(sv, &all, &levels, &na);
    if (st == TRYGG_OK)
        st = trygg_name_find(all, na, want, &m);
    if (st == TRYGG_OK && m.kind <= TRYGG_MATCH_SLUG) {
        trygg_errors_add(err, NULL, 0, 0, "no %s '%s': '%s' is a %s (%s:%s)", lname, want,
                         all[m.index], levels[m.index], levels[m.index], all[m.index]);
        st = TRYGG_ERR_NOT_FOUND;
    }
    free(all);
    free(levels);
    return st;
}

trygg_status trygg_survey_find_area(const trygg_survey *sv, const char *typed,
                                    const char **level, const char **name,
                                    trygg_errors *err)
{
    const char **names = NULL, **levels = NULL, *want;
    size_t n = 0, at = 0;
    *level = *name = NULL;
    long l = level_prefix(sv->def, typed, &want);
    const char *lname = l >= 0 ? sv->def->levels[l].name : NULL;
    trygg_status st = lname ? trygg_survey_area_names(sv, lname, 0, &names, &n)
                            : every_area(sv, &names, &levels, &n);
    if (st == TRYGG_ERR_ARGUMENT) {   /* a crossing: its areas are not names */
        trygg_errors_add(err, NULL, 0, 0, "level '%s' is a crossing: give an area "
                         "of one of its levels", lname);
        st = TRYGG_ERR_NOT_FOUND;
    }
    if (st == TRYGG_OK && lname)
        st = other_level(sv, names, n, lname, want, err);
    if (st == TRYGG_OK)
        st = trygg_name_resolve(names, n, lname ? lname : "area", want, &at, err);
    if (st == TRYGG_OK) {
        *name = names[at];
        *level = levels ? levels[at] : lname;
    }
    free(names);
    free(levels);
    return st;
}
