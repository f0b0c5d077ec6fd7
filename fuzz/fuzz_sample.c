/* libFuzzer: the gross sample ([survey] sample). The mini survey is set up
 * in a scratch folder with `sample = sample.csv` and nonresponse classes
 * stratum*kon; the input is written as sample.csv, the survey loaded (the
 * sample is read and checked against the respondents) and, when it loads,
 * its response rates and nonresponse-adjusted estimates made.
 * Seeds: fuzz/corpus/sample (persons, and invited counts per stratum). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "trygg.h"

static char *sample;
static trygg_definition *def;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_start();
    const char *dir = fuzz_scratch_dir("fuzz_sample");
    fuzz_copy_mini(dir);
    sample = fuzz_path(dir, "sample.csv");
    char *path = fuzz_path(dir, "survey.trygg");
    size_t len;
    char *text = fuzz_read(path, &len);
    char *at = strstr(text, "[survey]\n");
    if (!at)
        abort();
    at += strlen("[survey]\n");
    char *out = malloc(len + 256);
    snprintf(out, len + 256, "%.*ssample = sample.csv\n%s[weighting]\n"
             "nonresponse = stratum*kon\n", (int)(at - text), text, at);
    fuzz_write(path, out, strlen(out));
    trygg_errors *err = trygg_errors_new(10);
    if (trygg_definition_load(path, &def, err) != TRYGG_OK) {
        fprintf(stderr, "fuzz_sample: the definition does not load: %s\n",
                trygg_errors_count(err) ? trygg_errors_get(err, 0)->message : "?");
        abort();
    }
    trygg_errors_free(err);
    free(out);
    free(text);
    free(path);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_write(sample, data, size);
    trygg_errors *err = trygg_errors_new(20);
    trygg_survey *sv = NULL;
    trygg_status st = trygg_survey_load(def, &sv, err);
    fuzz_report("trygg_survey_load", st, err);
    if ((st == TRYGG_OK) != (sv != NULL))
        abort();
    if (st != TRYGG_OK && trygg_errors_total(err) == 0 && st != TRYGG_ERR_NOMEM)
        abort();  /* every failure is explained */
    if (st == TRYGG_OK) {
        trygg_responses *r = NULL;
        trygg_errors_clear(err);
        st = trygg_responses_compute(sv, 0, &r, err);
        if ((st == TRYGG_OK) != (r != NULL))
            abort();
        for (size_t i = 0; i < trygg_responses_count(r); i++)
            (void)trygg_responses_row(r, i)->response_rate;
        trygg_responses_free(r);
        trygg_results *res = NULL;
        trygg_errors_clear(err);
        st = trygg_estimate(sv, NULL, &res, err);
        fuzz_report("trygg_estimate", st, err);
        if ((st == TRYGG_OK) != (res != NULL))
            abort();
        if (st != TRYGG_OK && trygg_errors_total(err) == 0 && st != TRYGG_ERR_NOMEM)
            abort();
        trygg_results_free(res);
    }
    trygg_survey_free(sv);
    trygg_errors_free(err);
    return 0;
}
