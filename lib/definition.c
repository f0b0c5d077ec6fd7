/* The survey definition file: `key = value` lines in [sections]. */
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
    trygg_errors *err;
    const char *file;
    unsigned long line;
    int section;         /* index in SECTIONS, or -1 */
    char *tables[3];     /* scales, items, indicators */
    char *levels, *crossings;
    unsigned long levels_line, crossings_line;
    char **seen;         /* "section.key" already given */
    size_t nseen, seen_cap;
    trygg_status st;
} ini_ctx;

/* A problem of the current line; after parsing (c->line == 0) of the file
 * as a whole, without a position. */
static void bad(ini_ctx *c, const char *fmt, const char *a, const char *b)
{
    trygg_errors_add(c->err, c->file, c->line, c->line ? 1 : 0, fmt, a, b);
    if (c->st == TRYGG_OK)
        c->st = TRYGG_ERR_INVALID;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = 0;
    return s;
}

static int set_string(ini_ctx *c, char **slot, const char *v)
{
    free(*slot);
    *slot = v[0] ? strdup(v) : NULL;
    if (v[0] && !*slot)
        c->st = TRYGG_ERR_NOMEM;
    return 0;
}

static int parse_double(ini_ctx *c, const char *key, const char *v, double *out)
{
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    if (end == v || *trim(end) || errno || !isfinite(d)) {
        bad(c, "%s = '%s': expected a number", key, v);
        return -1;
    }
    *out = d;
    return 0;
}

static int parse_int(ini_ctx *c, const char *key, const char *v, long lo,
                     long hi, long *out)
{
    char *end;
    errno = 0;
    long d = strtol(v, &end, 10);
    if (end == v || *trim(end) || errno || d < lo || d > hi) {
        bad(c, "%s = '%s': expected a whole number in range", key, v);
        return -1;
    }
    *out = d;
    return 0;
}

static int choose(ini_ctx *c, const char *key, const char *v,
                  const char *const *names, int *out)
{
    *out = -1;   /* set on every path, as optimising compilers want to see */
    for (int i = 0; names[i]; i++)
        if (strcmp(v, names[i]) == 0) {
            *out = i;
            return 0;
        }
    size_t size = 1;
    for (int i = 0; names[i]; i++)
        size += strlen(names[i]) + 2;
    char *list = malloc(size);
    if (!list) {
        c->st = TRYGG_ERR_NOMEM;
        return -1;
    }
    list[0] = 0;
    for (int i = 0; names[i]; i++) {
        strcat(list, i ? ", " : "");
        strcat(list, names[i]);
    }
    trygg_errors_add(c->err, c->file, c->line, 1,
                     "%s = '%s': expected one of %s", key, v, list);
    free(list);
    c->st = TRYGG_ERR_INVALID;
    return -1;
}

/* Splits `v` on spaces (and commas when `commas`) into a new array. */
static trygg_status split_words(const char *v, int commas, char ***out,
                                size_t *n)
{
    char *copy = strdup(v);
    if (!copy)
        return TRYGG_ERR_NOMEM;
    const char *delims = commas ? "," : " \t";
    size_t cap = 1;
    for (const char *p = v; *p; p++)
        cap += strchr(delims, *p) != NULL;
    char **arr = calloc(cap, sizeof *arr);
    size_t k = 0;
    char *save = NULL;
    for (char *tok = arr ? strtok_r(copy, delims, &save) : NULL; tok;
         tok = strtok_r(NULL, delims, &save)) {
        tok = trim(tok);
        if (*tok && !(arr[k++] = strdup(tok)))
            break;
    }
    free(copy);
    if (!arr || (k && !arr[k - 1]))
        return TRYGG_ERR_NOMEM;
    for (size_t i = 0; i < *n; i++)
        free((*out)[i]);
    free(*out);
    *out = arr;
    *n = k;
    return TRYGG_OK;
}

static const char *const ROLE_KEYS[TRYGG_ROLE_COUNT + 1] = {
    "id", "year", "municipality", "district", "stratum", "psu", "ssu", "fpc",
    "fpc2", "weight", "sex", "age_group", NULL};

static int key_survey(ini_ctx *c, const char *k, const char *v)
{
    trygg_definition *d = c->def;
    static const char *const keys[] = {"name", "files", "separator", "decimal",
                                       "scales", "items", "indicators",
                                       "region_name", "encoding", "sample", NULL};
    int i;
    if (choose(c, "key in [survey]", k, keys, &i) != 0)
        return -1;
    if (i == 0)
        return set_string(c, &d->name, v);
    if (i == 8)
        return set_string(c, &d->encoding, v);
    if (i == 9) {
        d->sample_line = c->line;
        return set_string(c, &d->sample, v);
    }
    if (i == 7)
        return set_string(c, &d->region_name, v);
    if (i == 1) {
        char **np = realloc(d->file_patterns,
                            (d->nfile_patterns + 1) * sizeof *np);
        if (np)
            d->file_patterns = np;
        unsigned long *nl = np ? realloc(d->file_lines, (d->nfile_patterns + 1) *
                                         sizeof *nl) : NULL;
        if (nl)
            d->file_lines = nl;
        if (!nl || !(np[d->nfile_patterns] = strdup(v)))
            return c->st = TRYGG_ERR_NOMEM, -1;
        d->file_lines[d->nfile_patterns++] = c->line;
        return 0;
    }
    if (i == 2 || i == 3) {
        static const char *const seps[] = {"auto", ",", ";", NULL};
        static const char *const decs[] = {"auto", ".", ",", NULL};
        int j;
        if (choose(c, k, v, i == 2 ? seps : decs, &j) != 0)
            return -1;
        *(i == 2 ? &d->separator : &d->decimal) = j ? v[0] : 0;
        return 0;
    }
    return set_string(c, &c->tables[i - 4], v);
}

static int key_columns(ini_ctx *c, const char *k, const char *v)
{
    if (strcmp(k, "groups") == 0)
        return split_words(v, 0, &c->def->groups, &c->def->ngroups) ==
                       TRYGG_OK ? 0 : (c->st = TRYGG_ERR_NOMEM, -1);
    int i;
    if (choose(c, "key in [columns]", k, ROLE_KEYS, &i) != 0)
        return -1;
    return set_string(c, &c->def->roles[i], v);
}

static int key_design(ini_ctx *c, const char *k, const char *v)
{
    static const char *const keys[] = {"lonely_psu", "variance", "replicates",
                                       "seed", NULL};
    static const char *const lonely[] = {"fail", "certainty", "remove",
                                         "adjust", "average", NULL};
    static const char *const var[] = {"linearization", "jk1", "jkn",
                                      "bootstrap", NULL};
    int i, j;
    long l;
    if (choose(c, "key in [design]", k, keys, &i) != 0)
        return -1;
    if (i == 0 && choose(c, k, v, lonely, &j) == 0)
        c->def->lonely_psu = (trygg_lonely_psu)j;
    if (i == 1 && choose(c, k, v, var, &j) == 0)
        c->def->variance = (trygg_variance)j;
    if (i == 2 && parse_int(c, k, v, 2, 100000, &l) == 0)
        c->def->replicates = (int)l;
    if (i == 3 && parse_int(c, k, v, 0, 2147483647L, &l) == 0)
        c->def->seed = (unsigned long long)l;
    return 0;
}

static int parse_pair(ini_ctx *c, const char *k, const char *v, double *a,
                      double *b)
{
    char *tmp = strdup(v);   /* a copy to cut in two, however long */
    if (!tmp) {
        c->st = TRYGG_ERR_NOMEM;
        return -1;
    }
    char *sp = strpbrk(tmp, " \t");
    int rc = -1;
    if (!sp) {
        bad(c, "%s = '%s': expected two numbers, low and high", k, v);
    } else {
        *sp = 0;
        if (parse_double(c, k, tmp, a) == 0 && parse_double(c, k, trim(sp + 1), b) == 0) {
            rc = 0;
            if (!(*a < *b))
                bad(c, "%s = '%s': the low bound must be below the high one", k, v);
        }
    }
    free(tmp);
    return rc;
}

static int key_weighting(ini_ctx *c, const char *k, const char *v)
{
    static const char *const keys[] = {"method", "population", "margins",
                                       "calfun", "bounds", "trim", "epsilon",
                                       "max_iterations", "margin_tolerance",
                                       "nonresponse", NULL};
    static const char *const methods[] = {"design", "poststrat", "rake",
                                          "calibrate", NULL};
    static const char *const calfuns[] = {"linear", "raking", "logit", NULL};
    trygg_definition *d = c->def;
    int i, j;
    long l;
    if (choose(c, "key in [weighting]", k, keys, &i) != 0)
        return -1;
    switch (i) {
    case 0: if (choose(c, k, v, methods, &j) == 0) d->weighting = j; break;
    case 1:
        d->population_line = c->line;
        return set_string(c, &d->population, v);
    case 2:
        d->margins_line = c->line;
        if (split_words(v, 1, &d->margins, &d->nmargins) != TRYGG_OK)
            c->st = TRYGG_ERR_NOMEM;
        break;
    case 3: if (choose(c, k, v, calfuns, &j) == 0) d->calfun = j; break;
    case 4: parse_pair(c, k, v, &d->bound_low, &d->bound_high); break;
    case 5:
        if (parse_pair(c, k, v, &d->trim_low, &d->trim_high) == 0)
            d->has_trim = 1;
        break;
    case 6:
        if (parse_double(c, k, v, &d->epsilon) == 0 && !(d->epsilon > 0))
            bad(c, "%s = '%s': expected a positive number", k, v);
        break;
    case 7:
        if (parse_int(c, k, v, 1, 100000, &l) == 0)
            d->max_iterations = (int)l;
        break;
    case 8:
        if (parse_double(c, k, v, &d->margin_tolerance) == 0 &&
            !(d->margin_tolerance >= 0 && d->margin_tolerance < 0.5))
            bad(c, "%s = '%s': expected a relative tolerance from 0 to 0.5 "
                   "(e.g. 0.001 for 0.1 %%)", k, v);
        break;
    default:
        d->nonresponse_line = c->line;
        return set_string(c, &d->nonresponse, v);
    }
    return 0;
}

/* "bands = 0.2 0.4": ascending upper limits of the problem table's colours. */
static int parse_bands(ini_ctx *c, const char *k, const char *v)
{
    char *tmp = strdup(v), *save = NULL;   /* the whole value, however long */
    if (!tmp) {
        c->st = TRYGG_ERR_NOMEM;
        return -1;
    }
    trygg_definition *d = c->def;
    d->nbands = 0;
    int rc = 0;
    for (char *t = strtok_r(tmp, " \t", &save); t && rc == 0;
         t = strtok_r(NULL, " \t", &save)) {
        double x;
        if (d->nbands == 7 || parse_double(c, k, t, &x) != 0) {
            bad(c, "%s = '%s': expected up to 7 ascending numbers", k, v);
            rc = -1;
        } else if (d->nbands && x <= d->bands[d->nbands - 1]) {
            bad(c, "%s = '%s': the limits must ascend%s", k, "");
            rc = -1;
        } else {
            d->bands[d->nbands++] = x;
        }
    }
    free(tmp);
    return rc;
}

static int key_report(ini_ctx *c, const char *k, const char *v)
{
    static const char *const keys[] = {"levels", "crossings", "ci_shares",
                                       "confidence", "min_n", "unstable_n",
                                       "max_cv", "bands", "protection", "alpha",
                                       "adjust", "pool", NULL};
    static const char *const cis[] = {"wald", "logit", "beta", NULL};
    static const char *const adjusts[] = {"holm", "bh", "none", NULL};
    trygg_definition *d = c->def;
    int i, j;
    long l;
    double x;
    if (choose(c, "key in [report]", k, keys, &i) != 0)
        return -1;
    switch (i) {
    case 0:
        c->levels_line = c->line;
        return set_string(c, &c->levels, v);
    case 1:
        c->crossings_line = c->line;
        return set_string(c, &c->crossings, v);
    case 2: if (choose(c, k, v, cis, &j) == 0) d->ci_shares = j; break;
    case 3:
        if (parse_double(c, k, v, &x) == 0 && (x <= 0.5 || x >= 1))
            bad(c, "%s = '%s': expected a level between 0.5 and 1", k, v);
        d->confidence = x;
        break;
    case 4: if (parse_int(c, k, v, 0, 1000000, &l) == 0) d->min_n = (int)l; break;
    case 5: if (parse_int(c, k, v, 0, 1000000, &l) == 0) d->unstable_n = (int)l; break;
    case 7: return parse_bands(c, k, v);
    case 8: if (parse_int(c, k, v, 0, 1000000, &l) == 0) d->protection = (int)l; break;
    case 9:
        if (parse_double(c, k, v, &x) == 0 && !(x > 0 && x < 0.5))
            bad(c, "%s = '%s': expected a significance level between 0 and 0.5 "
                "(e.g. 0.05)", k, v);
        d->alpha = x;
        break;
    case 10: if (choose(c, k, v, adjusts, &j) == 0) d->adjust = (trygg_adjust)j; break;
    case 11: if (parse_int(c, k, v, 1, 100, &l) == 0) d->pool = (int)l; break;
    default:
        if (parse_double(c, k, v, &x) == 0 && !(x > 0))
            bad(c, "%s = '%s': expected a positive number", k, v);
        d->max_cv = x;
    }
    return 0;
}

static const char *const SECTIONS[] = {"survey", "columns", "design",
                                       "weighting", "report", "peers", NULL};

/* [peers]: "name = area, area, ..." — comparable areas. */
static int key_peers(ini_ctx *c, const char *k, const char *v)
{
    trygg_definition *d = c->def;
    trygg_peer_group *np = realloc(d->peers, (d->npeers + 1) * sizeof *np);
    if (!np)
        return c->st = TRYGG_ERR_NOMEM, -1;
    d->peers = np;
    trygg_peer_group *g = &d->peers[d->npeers++];
    memset(g, 0, sizeof *g);
    if (!(g->name = strdup(k)) ||
        split_words(v, 1, &g->members, &g->nmembers) != TRYGG_OK)
        return c->st = TRYGG_ERR_NOMEM, -1;
    if (g->nmembers < 2)
        bad(c, "peer group '%s' needs at least two areas, comma-separated%s", k, "");
    return 0;
}

static int once(ini_ctx *c, int sec, const char *k)
{
    if (strcmp(k, "files") == 0)
        return 0;
    size_t n = strlen(SECTIONS[sec]) + strlen(k) + 2;
    char *id = malloc(n);
    if (!id) {
        c->st = TRYGG_ERR_NOMEM;
        return -1;
    }
    snprintf(id, n, "%s.%s", SECTIONS[sec], k);
    for (size_t i = 0; i < c->nseen; i++)
        if (strcmp(c->seen[i], id) == 0) {
            bad(c, "key '%s' given twice in [%s]", k, SECTIONS[sec]);
            free(id);
            return -1;
        }
    if (c->nseen == c->seen_cap) {
        size_t nc = c->seen_cap ? 2 * c->seen_cap : 32;
        char **ns = realloc(c->seen, nc * sizeof *ns);
        if (!ns) {
            free(id);
            c->st = TRYGG_ERR_NOMEM;
            return -1;
        }
        c->seen = ns;
        c->seen_cap = nc;
    }
    c->seen[c->nseen++] = id;
    return 0;
}

static void line_parse(ini_ctx *c, char *s)
{
    char *hash = strchr(s, '#');
    if (hash)
        *hash = 0;
    s = trim(s);
    if (!*s)
        return;
    if (*s == '[') {
        char *close = strchr(s, ']');
        if (!close || close[1]) {
            bad(c, "malformed section header '%s': expected [name]%s", s, "");
            return;
        }
        *close = 0;
        int i;
        c->section = choose(c, "section", s + 1, SECTIONS, &i) == 0 ? i : -1;
        return;
    }
    char *eq = strchr(s, '=');
    if (!eq) {
        bad(c, "'%s': expected key = value%s", s, "");
        return;
    }
    *eq = 0;
    char *k = trim(s), *v = trim(eq + 1);
    int sec = c->section;
    if (sec < 0) {
        bad(c, "key '%s' outside a known [section]%s", k, "");
        return;
    }
    if (once(c, sec, k) != 0)
        return;
    static int (*const handlers[])(ini_ctx *, const char *, const char *) = {
        key_survey, key_columns, key_design, key_weighting, key_report,
        key_peers};
    handlers[sec](c, k, v);
}

static void defaults(trygg_definition *d)
{
    d->lonely_psu = TRYGG_LONELY_FAIL;
    d->variance = TRYGG_VARIANCE_LINEARIZATION;
    d->replicates = 500;
    d->seed = 20241;
    d->weighting = TRYGG_WEIGHTING_DESIGN;
    d->calfun = 0;
    d->bound_low = -INFINITY;
    d->bound_high = INFINITY;
    d->epsilon = 1e-10;
    d->max_iterations = 100;
    d->ci_shares = TRYGG_CI_LOGIT;
    d->confidence = 0.95;
    d->alpha = 0.05;
    d->adjust = TRYGG_ADJUST_HOLM;
    d->min_n = 30;
    d->protection = -1;   /* min_n */
    d->unstable_n = 50;
    d->max_cv = 0.3;
    d->bands[0] = 0.25;   /* shares: below 25 % small, below 50 % medium */
    d->bands[1] = 0.5;
    d->nbands = 2;
}

trygg_status trygg_definition_parse_levels(trygg_definition *def,
                                           const char *const lists[2],
                                           const unsigned long lines[2],
                                           const char *file,
                                           trygg_errors *err);

static trygg_status check_required(ini_ctx *c)
{
    trygg_definition *d = c->def;
    static const char *const tables[] = {"scales", "items", "indicators"};
    if (!d->nfile_patterns)
        bad(c, "[survey] has no 'files = ...': which response files belong "
               "to the survey?%s%s", "", "");
    for (int i = 0; i < 3; i++)
        if (!c->tables[i])
            bad(c, "[survey] has no '%s = ...' table%s", tables[i], "");
    if (!d->roles[TRYGG_ROLE_ID])
        bad(c, "[columns] must name the %s column%s", "id (respondent)", "");
    if (!d->roles[TRYGG_ROLE_WEIGHT] && !d->roles[TRYGG_ROLE_FPC])
        bad(c, "[columns] names neither %s nor %s: weights cannot be formed",
            "weight", "fpc");
    if (d->weighting != TRYGG_WEIGHTING_DESIGN && (!d->population || !d->nmargins))
        bad(c, "[weighting] method needs %s and %s", "population", "margins");
    if (d->nonresponse && !d->sample)
        bad(c, "[weighting] nonresponse needs the gross sample: [survey] sample = "
               "%s%s", "...", "");
    if (d->calfun == 2 && !(isfinite(d->bound_low) && isfinite(d->bound_high)))
        bad(c, "[weighting] calfun = logit needs finite %s%s", "bounds", "");
    if (!d->name && !(d->name = strdup("")))
        c->st = TRYGG_ERR_NOMEM;
    return c->st;
}

static trygg_status parse_text(ini_ctx *c, char *text)
{
    char *save = NULL;
    c->line = 0;
    char *p = text;
    while (p && c->st != TRYGG_ERR_NOMEM) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = 0;
        c->line++;
        size_t n = strlen(p);
        if (n && p[n - 1] == '\r')
            p[n - 1] = 0;
        line_parse(c, p);
        p = nl ? nl + 1 : NULL;
    }
    (void)save;
    c->line = 0;
    return c->st;
}

static trygg_status dir_of(trygg_definition *d, const char *path)
{
    d->path = strdup(path);
    const char *slash = strrchr(path, '/');
    d->dir = slash ? strndup(path, (size_t)(slash - path)) : strdup(".");
    return d->path && d->dir ? TRYGG_OK : TRYGG_ERR_NOMEM;
}

/* "population = a.csv" serves every margin; "a.csv, b.csv" one each. */
static trygg_status population_files(trygg_definition *d, const char *path,
                                     trygg_errors *err)
{
    char **names = NULL;
    size_t n = 0;
    if (split_words(d->population, 1, &names, &n) != TRYGG_OK)
        return TRYGG_ERR_NOMEM;
    d->population_files = names;
    d->npopulation_files = n;
    for (size_t i = 0; i < n; i++) {
        char *abs = trygg_definition_resolve(d, names[i]);
        if (!abs)
            return TRYGG_ERR_NOMEM;
        free(names[i]);
        names[i] = abs;
    }
    if ((n != 1 && n != d->nmargins) || n > 16) {
        trygg_errors_add(err, path, d->population_line, d->population_line ? 1 : 0,
                         "[weighting] names %zu population "
                         "files for %zu margins: give one file for all margins "
                         "or one per margin", n, d->nmargins);
        return TRYGG_ERR_INVALID;
    }
    return TRYGG_OK;
}

/* A NUL byte or text that is not UTF-8, reported where it is. */
static trygg_status check_text(const char *path, const char *text, size_t len,
                               trygg_errors *err)
{
    const char *nul = memchr(text, 0, len);
    size_t bad = trygg_utf8_valid(text, nul ? (size_t)(nul - text) : len);
    if (!nul && bad == len)
        return TRYGG_OK;
    unsigned long line = 1;
    const char *start = text;
    for (const char *p = text; p < text + bad; p++)
        if (*p == '\n') {
            line++;
            start = p + 1;
        }
    unsigned long col = trygg_utf8_column(start, (size_t)(text + bad - start));
    if (nul && text + bad == nul)
        trygg_errors_add(err, path, line, col, "NUL byte: not a text file (is "
                         "this a word-processor or spreadsheet file?)");
    else
        trygg_errors_add(err, path, line, col, "text that is not valid UTF-8: "
                         "is the file saved as Latin-1 or Windows-1252? Save it "
                         "as UTF-8");
    return TRYGG_ERR_PARSE;
}

/* Margins name column roles or grouping columns, as levels do: checked here
 * so the error points at the `margins =` line. */
static trygg_status check_margins(const trygg_definition *d, const char *path,
                                  trygg_errors *err)
{
    trygg_status st = TRYGG_OK;
    for (size_t m = 0; m < d->nmargins; m++) {
        const char *p = d->margins[m];
        while (*p) {
            size_t n = strcspn(p, "*");
            char *term = strndup(p, n);
            if (!term)
                return TRYGG_ERR_NOMEM;
            if (!trygg_definition_level_column(d, term)) {
                trygg_errors_add(err, path, d->margins_line, d->margins_line ? 1 : 0,
                                 "margin '%s': '%s' is not a column role or "
                                 "grouping column", d->margins[m], term);
                st = TRYGG_ERR_INVALID;
            }
            free(term);
            p += n + (p[n] == '*');
        }
    }
    return st;
}

static trygg_status load_tables(trygg_definition *d, ini_ctx *c,
                                trygg_errors *err)
{
    char *paths[3] = {NULL, NULL, NULL};
    trygg_status st = TRYGG_OK;
    for (int i = 0; i < 3; i++)
        if (!(paths[i] = trygg_definition_resolve(d, c->tables[i])))
            st = TRYGG_ERR_NOMEM;
    if (st == TRYGG_OK)
        st = trygg_definition_read_tables(d, paths[0], paths[1], paths[2], err);
    for (int i = 0; i < 3; i++)
        free(paths[i]);
    return st;
}

trygg_status trygg_definition_load(const char *path, trygg_definition **out,
                                   trygg_errors *err)
{
    *out = NULL;
    char *text = NULL;
    size_t len;
    trygg_status st = trygg_read_file(path, 1 << 20, &text, &len, err);
    if (st != TRYGG_OK)
        return st;
    trygg_definition *d = calloc(1, sizeof *d);
    ini_ctx c = {.def = d, .err = err, .file = path, .section = -1};
    if (!d || dir_of(d, path) != TRYGG_OK) {
        st = TRYGG_ERR_NOMEM;
        goto cleanup;
    }
    defaults(d);
    if ((st = check_text(path, text, len, err)) != TRYGG_OK)
        goto cleanup;
    char *body = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? text + 3 : text;
    st = parse_text(&c, body);
    if (st == TRYGG_OK)
        st = check_required(&c);
    if (st == TRYGG_OK) {
        const char *lists[2] = {c.levels ? c.levels : "region municipality district",
                                c.crossings};
        const unsigned long lines[2] = {c.levels_line, c.crossings_line};
        st = trygg_definition_parse_levels(d, lists, lines, path, err);
    }
    if (st == TRYGG_OK)
        st = check_margins(d, path, err);
    if (st == TRYGG_OK)
        st = load_tables(d, &c, err);
    if (st == TRYGG_OK && d->population)
        st = population_files(d, path, err);
cleanup:
    for (int i = 0; i < 3; i++)
        free(c.tables[i]);
    for (size_t i = 0; i < c.nseen; i++)
        free(c.seen[i]);
    free(c.seen);
    free(c.levels);
    free(c.crossings);
    free(text);
    if (st != TRYGG_OK) {
        trygg_definition_free(d);
        return st;
    }
    *out = d;
    return TRYGG_OK;
}

char *trygg_definition_resolve(const trygg_definition *def, const char *rel)
{
    if (!rel)
        return NULL;
    if (rel[0] == '/' || strcmp(def->dir, ".") == 0)
        return strdup(rel);
    size_t n = strlen(def->dir) + strlen(rel) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", def->dir, rel);
    return p;
}
