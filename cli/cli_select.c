/* Selections on the command line (--year, --indicator, --level, --area):
 * each checked against the definition and the data before anything is
 * computed or written, so that a selection that matches nothing is an
 * error that names it, never an empty table. Names are matched by the
 * library's one rule (trygg_name_resolve(): exact, NFC, case-folded, slug,
 * else the closest names suggested); the chart and report commands use the
 * same calls. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

char *cli_years_text(const trygg_survey *sv)
{
    size_t n = trygg_survey_year_count(sv);
    char *s = malloc(n * 8 + 8);
    if (!s)
        return NULL;
    size_t at = 0;
    s[0] = 0;
    for (size_t i = 0; i < n; i++)
        at += (size_t)snprintf(s + at, n * 8 + 8 - at, "%s%d", i ? ", " : "",
                               trygg_survey_year(sv, i));
    return s;
}

int cli_check_year(const trygg_survey *sv, int year)
{
    for (size_t i = 0; i < trygg_survey_year_count(sv); i++)
        if (trygg_survey_year(sv, i) == year)
            return CLI_OK;
    char *years = cli_years_text(sv);
    cli_say("no survey year %d in the data (years: %s)", year, years ? years : "?");
    free(years);
    return CLI_INPUT;
}

/* Resolves *name among names[0 .. n-1] as a `what`; CLI_OK with *name the
 * name itself, or the message and CLI_INPUT. */
static int resolve(const char *const *names, size_t n, const char *what, const char **name)
{
    trygg_errors *err = trygg_errors_new(4);
    if (!err)
        return CLI_INTERNAL;
    size_t at;
    trygg_status st = trygg_name_resolve(names, n, what, *name, &at, err);
    int rc = st == TRYGG_OK ? CLI_OK : cli_fail(st, err);
    if (st == TRYGG_OK)
        *name = names[at];
    trygg_errors_free(err);
    return rc;
}

/* *name among the n names get(def, i) gives. */
static int check_name(const trygg_definition *def, size_t n,
                      const char *(*get)(const trygg_definition *, size_t),
                      const char *what, const char **name)
{
    const char **names = malloc((n + 1) * sizeof *names);
    if (!names)
        return CLI_INTERNAL;
    for (size_t i = 0; i < n; i++)
        names[i] = get(def, i);
    int rc = resolve(names, n, what, name);
    free(names);
    return rc;
}

int cli_check_indicator(const trygg_definition *def, const char **name)
{
    return check_name(def, trygg_definition_indicator_count(def),
                      trygg_definition_indicator_name, "indicator", name);
}

int cli_check_level(const trygg_definition *def, const char **name)
{
    return check_name(def, trygg_definition_level_count(def), trygg_definition_level_name,
                      "level", name);
}

/* 1 when area `name` of `level` has respondents in `year`. */
static int answered_in(const trygg_survey *sv, const char *level, const char *name,
                       int year, int *nomem)
{
    const char **names = NULL;
    size_t n = 0;
    if (trygg_survey_area_names(sv, level, year, &names, &n) != TRYGG_OK) {
        *nomem = 1;
        return 0;
    }
    int found = 0;
    for (size_t i = 0; i < n && !found; i++)
        found = strcmp(names[i], name) == 0;
    free(names);
    return found;
}

/* "no answers from Gribbylund in 2023 (its years: 2022, 2024)". */
static int not_in_year(const trygg_survey *sv, const char *level, const char *name,
                       int year)
{
    size_t ny = trygg_survey_year_count(sv), at = 0;
    char *years = malloc(ny * 8 + 8);
    int nomem = 0;
    if (!years)
        return CLI_INTERNAL;
    years[0] = 0;
    for (size_t i = 0; i < ny; i++) {
        int y = trygg_survey_year(sv, i);
        if (answered_in(sv, level, name, y, &nomem))
            at += (size_t)snprintf(years + at, ny * 8 + 8 - at, "%s%d", at ? ", " : "", y);
    }
    if (!nomem)
        cli_say("no answers from %s in %d (its years: %s)", name, year, years);
    free(years);
    return nomem ? CLI_INTERNAL : CLI_INPUT;
}

int cli_find_area(const trygg_survey *sv, const char *typed, int year,
                  const char **level, const char **name)
{
    trygg_errors *err = trygg_errors_new(4);
    if (!err)
        return CLI_INTERNAL;
    trygg_status st = trygg_survey_find_area(sv, typed, level, name, err);
    int rc = st == TRYGG_OK ? CLI_OK : cli_fail(st, err);
    trygg_errors_free(err);
    if (rc != CLI_OK || !year)
        return rc;
    int nomem = 0;
    if (answered_in(sv, *level, *name, year, &nomem))
        return CLI_OK;
    return nomem ? CLI_INTERNAL : not_in_year(sv, *level, *name, year);
}
