/* libFuzzer: the survey definition and its three tables. The input is
 * survey.trygg, optionally followed by scales.csv, items.csv and
 * indicators.csv, each introduced by a line "%%%% scales.csv" (etc.);
 * tables not given are the mini survey's. The files are written into a
 * scratch folder beside the mini survey's response file
 * (data/2024_sodertalje.csv) and population margins (population.csv)
 * and loaded with trygg_definition_load; a
 * definition that loads is used to read the responses and estimate.
 * Seeds: fuzz/corpus/definition. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "trygg.h"

static const char *const SECTIONS[] = {"survey.trygg", "scales.csv", "items.csv",
                                       "indicators.csv"};
static const char MARK[] = "%%%% ";
static char *paths[4];
static char *mini[4];
static size_t mini_len[4];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_start();
    const char *dir = fuzz_scratch_dir("fuzz_definition");
    fuzz_copy_mini(dir);
    /* margins for a definition that weights (municipality, sex, district) */
    static const char population[] =
        "year,kommun,kon,omrade,population\n"
        "2024,Södertälje,1,Hovsjö,20000\n"
        "2024,Södertälje,2,Hovsjö,21000\n"
        "2024,Södertälje,1,Ronna,30000\n"
        "2024,Södertälje,2,Ronna,31000\n";
    char *pop = fuzz_path(dir, "population.csv");
    fuzz_write(pop, population, sizeof population - 1);
    free(pop);
    for (int i = 0; i < 4; i++) {
        paths[i] = fuzz_path(dir, SECTIONS[i]);
        mini[i] = fuzz_read(paths[i], &mini_len[i]);
    }
    return 0;
}

/* The start of the next line "%%%% <table name>" at or after `from`, or
 * NULL; *which is the table's index in SECTIONS. */
static const char *find_mark(const char *s, size_t len, size_t from, int *which)
{
    const size_t mark = sizeof MARK - 1;
    for (size_t i = from; i + mark <= len; i++) {
        if ((i > 0 && s[i - 1] != '\n') || memcmp(s + i, MARK, mark) != 0)
            continue;
        for (int k = 1; k < 4; k++) {
            size_t n = strlen(SECTIONS[k]), at = i + mark, end = at + n;
            if (end > len || memcmp(s + at, SECTIONS[k], n) != 0)
                continue;
            if (end < len && s[end] == '\r')
                end++;  /* CRLF */
            if (end == len || s[end] == '\n') {
                *which = k;
                return s + i;
            }
        }
    }
    return NULL;
}

/* Paths in the definition stay inside the scratch folder: no absolute
 * paths, no "..", so that a mutated "files = /dev/zero" or "scales =
 * /proc/..." never reads outside it (the library would read them: that is
 * its job, not a bug). Comments do not count. */
static int stays_inside(const char *s, size_t len)
{
    int comment = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\n')
            comment = 0;
        else if (s[i] == '#')
            comment = 1;
        if (comment)
            continue;
        if (s[i] == '/' && !(i >= 4 && memcmp(s + i - 4, "data", 4) == 0))
            return 0;
        if (s[i] == '.' && i + 1 < len && s[i + 1] == '.')
            return 0;
        if (s[i] == '~' || s[i] == '$' || s[i] == '\\')
            return 0;
    }
    return 1;
}

static void check_accessors(const trygg_definition *def)
{
    if (!trygg_definition_name(def) || !trygg_definition_path(def))
        abort();
    for (size_t i = 0; i < trygg_definition_item_count(def); i++)
        if (!trygg_definition_item_name(def, i) ||
            !trygg_definition_item_label(def, i, TRYGG_LANG_EN) ||
            !trygg_definition_item_group(def, i))
            abort();
    for (size_t i = 0; i < trygg_definition_indicator_count(def); i++) {
        const char *name = trygg_definition_indicator_name(def, i);
        if (!name || !trygg_definition_indicator_label(def, i, TRYGG_LANG_SV) ||
            !trygg_definition_indicator_group(def, i) ||
            trygg_definition_indicator_find(def, name) < 0)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    const char *part[4] = {s, NULL, NULL, NULL};
    size_t len[4] = {size, 0, 0, 0};
    int which = 0;
    const char *m = find_mark(s, size, 0, &which);
    if (m)
        len[0] = (size_t)(m - s);
    while (m) {
        const char *body = memchr(m, '\n', size - (size_t)(m - s));
        body = body ? body + 1 : s + size;
        int cur = which;
        const char *next = find_mark(s, size, (size_t)(body - s), &which);
        part[cur] = body;
        len[cur] = (size_t)((next ? next : s + size) - body);
        m = next;
    }
    if (!stays_inside(part[0], len[0]))
        return -1;  /* not added to the corpus */
    for (int i = 0; i < 4; i++) {
        if (part[i])
            fuzz_write(paths[i], part[i], len[i]);
        else
            fuzz_write(paths[i], mini[i], mini_len[i]);
    }
    trygg_errors *err = trygg_errors_new(20);
    trygg_definition *def = NULL;
    trygg_status st = trygg_definition_load(paths[0], &def, err);
    fuzz_report("trygg_definition_load", st, err);
    if ((st == TRYGG_OK) != (def != NULL))
        abort();  /* *out is set exactly on success */
    if (st != TRYGG_OK && trygg_errors_total(err) == 0 && st != TRYGG_ERR_NOMEM)
        abort();  /* every problem with the input is described */
    if (st == TRYGG_OK) {
        check_accessors(def);
        trygg_survey *sv = NULL;
        trygg_errors_clear(err);
        st = trygg_survey_load(def, &sv, err);
        fuzz_report("trygg_survey_load", st, err);
        if (st == TRYGG_OK) {
            trygg_estimate_options opt;
            trygg_estimate_options_init(&opt);
            opt.variance = TRYGG_VARIANCE_LINEARIZATION;  /* not 100,000 replicates */
            trygg_results *res = NULL;
            trygg_errors_clear(err);
            st = trygg_estimate(sv, &opt, &res, err);
            fuzz_report("trygg_estimate", st, err);
            if ((st == TRYGG_OK) != (res != NULL))
                abort();
            trygg_results_free(res);
        }
        trygg_survey_free(sv);
    }
    trygg_definition_free(def);
    trygg_errors_free(err);
    return 0;
}
