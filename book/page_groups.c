/* An indicator by sex and age group of a municipality, from the crossing
 * level "municipality*sex*age_group" when the definition has one. */
#include "book_internal.h"

#include <string.h>

#define SV(c) ((c)->lang == TRYGG_REPORT_SV)

static const char LEVEL[] = "municipality*sex*age_group";

/* Adds s (n bytes) to the names unless there; its index. */
static size_t intern(trygg_book_arena *a, const char **names, size_t *n, const char *s,
                     size_t len)
{
    for (size_t i = 0; i < *n; i++)
        if (strlen(names[i]) == len && !strncmp(names[i], s, len))
            return i;
    char *d = trygg_book_alloc(a, len + 1);
    if (d)
        memcpy(d, s, len);
    names[*n] = d ? d : "";
    return (*n)++;
}

/* "Botkyrka / 2 / 16-24": the sex and the age group of muni's domains. */
static int split(const char *domain, const char *muni, const char **sex, size_t *sl,
                 const char **age)
{
    size_t m = strlen(muni);
    if (strncmp(domain, muni, m) || strncmp(domain + m, " / ", 3))
        return -1;
    *sex = domain + m + 3;
    const char *sep = strstr(*sex, " / ");
    if (!sep)
        return -1;
    *sl = (size_t)(sep - *sex);
    *age = sep + 3;
    return 0;
}

static const char *sex_name(const trygg_book_ctx *c, const char *code)
{
    if (!strcmp(code, "1"))
        return SV(c) ? "Män" : "Men";
    if (!strcmp(code, "2"))
        return SV(c) ? "Kvinnor" : "Women";
    return code;
}

/* The sexes and age groups of muni's crossing domains in the year. */
static int collect(const trygg_book_ctx *c, trygg_book_arena *a, const char *muni,
                   const char *indicator, const char ***sexes, size_t *ns, const char ***ages,
                   size_t *na)
{
    size_t cap = trygg_results_count(c->est) + 1;
    *sexes = trygg_book_alloc(a, cap * sizeof **sexes);
    *ages = trygg_book_alloc(a, cap * sizeof **ages);
    if (!*sexes || !*ages)
        return -1;
    for (size_t i = 0; i + 1 < cap; i++) {
        const trygg_estimate_row *x = trygg_results_row(c->est, i);
        const char *sex, *age;
        size_t sl;
        if (x->year == c->year && !strcmp(x->level, LEVEL) && !strcmp(x->indicator, indicator) &&
            split(x->domain, muni, &sex, &sl, &age) == 0) {
            intern(a, *sexes, ns, sex, sl);
            intern(a, *ages, na, age, strlen(age));
        }
    }
    return 0;
}

int trygg_book_groups(const trygg_book_ctx *c, trygg_book_arena *a, const char *muni,
                      const char *indicator, trygg_report_chart *chart)
{
    long k = trygg_definition_indicator_find(c->def, indicator);
    size_t ns = 0, na = 0;
    const char **sexes, **ages;
    if (k < 0)
        return book_fail(a, "no indicator '%s'", indicator);
    if (collect(c, a, muni, indicator, &sexes, &ns, &ages, &na) != 0)
        return book_fail(a, "out of memory");
    if (!ns || !na)
        return book_fail(a, "no estimates for '%s' by sex and age group in %d (the definition "
                            "needs the crossing %s)", muni, c->year, LEVEL);
    if (ns > 6)
        return book_fail(a, "'%s' has %zu sexes in the data: a groups chart draws up to 6",
                         muni, ns);
    trygg_report_groups *m = trygg_book_alloc(a, sizeof *m);
    trygg_report_value *v = trygg_book_alloc(a, ns * na * sizeof *v);
    const char **series = trygg_book_alloc(a, ns * sizeof *series);
    if (!m || !v || !series)
        return book_fail(a, "out of memory");
    trygg_report_groups_init(m);
    const trygg_estimate_row *first = NULL;
    for (size_t s = 0; s < ns; s++) {
        series[s] = sex_name(c, sexes[s]);
        for (size_t g = 0; g < na; g++) {
            char *dom = book_printf(a, "%s / %s / %s", muni, sexes[s], ages[g]);
            const trygg_estimate_row *x =
                dom ? trygg_results_find(c->est, c->year, LEVEL, dom, indicator) : NULL;
            first = first ? first : x;
            v[s * na + g] = trygg_book_value(x);
        }
    }
    m->scale = book_scale(c->def, k);
    m->axis_title = book_label(c, (size_t)k);
    m->groups = ages;
    m->ngroups = na;
    m->series = series;
    m->nseries = ns;
    m->values = v;
    char *title = book_printf(a, "%s %d: %s", muni, c->year, m->axis_title);
    book_frame(c, a, &m->frame, title, SV(c) ? "Efter kön och åldersgrupp"
                                             : "By sex and age group", first);
    book_note(c, a, &m->frame, book_printf(a, SV(c) ? "Staplar med %s konfidensintervall."
                                                    : "Bars with %s confidence intervals.",
                                           book_level(c, a, m->frame.ci_level)), NULL);
    chart->type = TRYGG_REPORT_CHART_GROUPS;
    chart->m.groups = m;
    return 0;
}
