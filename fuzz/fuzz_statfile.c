/* libFuzzer: one SPSS or Stata response file, from memory, read with the
 * mini definition (tests/data/mini/survey.trygg, loaded once). The first
 * byte chooses the name it is read as (2024_sodertalje.sav, .zsav, .por
 * or .dta), the rest is the file; what loads is estimated too.
 * Seeds: fuzz/corpus/statfile (the mini survey as .sav, .zsav, .dta). */
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
        fprintf(stderr, "fuzz_statfile: the mini definition does not load\n");
        abort();
    }
    trygg_errors_free(err);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"2024_sodertalje.sav", "2024_sodertalje.zsav",
                                        "2024_sodertalje.por", "2024_sodertalje.dta"};
    if (size < 1)
        return 0;
    const char *name = names[data[0] % 4];
    trygg_errors *err = trygg_errors_new(20);
    trygg_survey *sv = NULL;
    trygg_status st = trygg_survey_load_buffer(def, name, (const char *)data + 1,
                                               size - 1, &sv, err);
    fuzz_report("trygg_survey_load_buffer", st, err);
    if ((st == TRYGG_OK) != (sv != NULL))
        abort();  /* *out must be set exactly on success */
    if (st != TRYGG_OK && trygg_errors_total(err) == 0 && st != TRYGG_ERR_NOMEM)
        abort();  /* every input error is described */
    if (st == TRYGG_OK) {
        trygg_results *res = NULL;
        trygg_errors_clear(err);
        trygg_status est = trygg_estimate(sv, NULL, &res, err);
        if (est != TRYGG_OK && res)
            abort();
        trygg_results_free(res);
    }
    trygg_survey_free(sv);
    trygg_errors_free(err);
    return 0;
}
