/* libFuzzer: one response file, from memory, read with the mini definition
 * (tests/data/mini/survey.trygg, loaded once) as "2024_sodertalje.csv";
 * what loads is estimated too, with linearization and with the jackknife.
 * Seeds: fuzz/corpus/responses (good files in each dialect). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "trygg.h"

static trygg_definition *def;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_start();
    trygg_errors *err = trygg_errors_new(10);
    if (trygg_definition_load(FUZZ_MINI "/survey.trygg", &def, err) != TRYGG_OK) {
        fprintf(stderr, "fuzz_responses: the mini definition does not load: %s\n",
                trygg_errors_count(err) ? trygg_errors_get(err, 0)->message : "?");
        abort();
    }
    trygg_errors_free(err);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    trygg_errors *err = trygg_errors_new(20);
    trygg_survey *sv = NULL;
    trygg_status st = trygg_survey_load_buffer(def, "2024_sodertalje.csv",
                                               (const char *)data, size, &sv, err);
    fuzz_report("trygg_survey_load_buffer", st, err);
    if ((st == TRYGG_OK) != (sv != NULL))
        abort();  /* *out must be set exactly on success */
    if (st != TRYGG_OK && trygg_errors_total(err) == 0 && st != TRYGG_ERR_NOMEM)
        abort();  /* every input error is described */
    if (st == TRYGG_OK) {
        trygg_estimate_options opt;
        trygg_estimate_options_init(&opt);
        static const trygg_variance variances[] = {TRYGG_VARIANCE_LINEARIZATION,
                                                   TRYGG_VARIANCE_JK1};
        for (size_t i = 0; i < sizeof variances / sizeof *variances; i++) {
            trygg_results *res = NULL;
            opt.variance = variances[i];
            trygg_errors_clear(err);
            trygg_status est = trygg_estimate(sv, &opt, &res, err);
            fuzz_report("trygg_estimate", est, err);
            if (est == TRYGG_OK) {
                for (size_t r = 0; r < trygg_results_count(res); r++)
                    (void)trygg_results_row(res, r)->estimate;
            } else if (res) {
                abort();
            }
            trygg_results_free(res);
        }
    }
    trygg_survey_free(sv);
    trygg_errors_free(err);
    return 0;
}
