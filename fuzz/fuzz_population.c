/* libFuzzer: population margins. The mini survey is set up three times in a
 * scratch folder, weighted by post-stratification (margin
 * municipality*sex), raking (municipality*sex and district) and GREG
 * calibration (the same, with bounds), each reading the one population file
 * population.csv; the input is written there and every survey estimated
 * and its weights formed. Seeds: fuzz/corpus/population. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_common.h"
#include "trygg.h"

static const char *const WEIGHTINGS[] = {
    "[weighting]\nmethod = poststrat\npopulation = ../population.csv\n"
    "margins = municipality*sex\n",
    "[weighting]\nmethod = rake\npopulation = ../population.csv\n"
    "margins = municipality*sex, district\nmax_iterations = 50\n",
    "[weighting]\nmethod = calibrate\npopulation = ../population.csv\n"
    "margins = municipality*sex, district\ncalfun = linear\nbounds = 0.2 5\n"
    "max_iterations = 50\n",
};
static const char *const NAMES[] = {"estimate, poststrat", "estimate, rake",
                                    "estimate, calibrate"};
#define NSURVEYS (sizeof WEIGHTINGS / sizeof *WEIGHTINGS)

static char *population;
static trygg_definition *defs[NSURVEYS];
static trygg_survey *surveys[NSURVEYS];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_start();
    const char *dir = fuzz_scratch_dir("fuzz_population");
    population = fuzz_path(dir, "population.csv");
    for (size_t i = 0; i < NSURVEYS; i++) {
        char name[16];
        snprintf(name, sizeof name, "s%zu", i);
        char *sub = fuzz_path(dir, name);
        if (mkdir(sub, 0700) != 0)
            abort();
        fuzz_copy_mini(sub);
        char *def = fuzz_path(sub, "survey.trygg");
        fuzz_append(def, WEIGHTINGS[i]);
        trygg_errors *err = trygg_errors_new(10);
        if (trygg_definition_load(def, &defs[i], err) != TRYGG_OK ||
            trygg_survey_load(defs[i], &surveys[i], err) != TRYGG_OK) {
            fprintf(stderr, "fuzz_population: survey %zu does not load: %s\n", i,
                    trygg_errors_count(err) ? trygg_errors_get(err, 0)->message : "?");
            abort();
        }
        trygg_errors_free(err);
        free(def);
        free(sub);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_write(population, data, size);
    trygg_errors *err = trygg_errors_new(20);
    for (size_t i = 0; i < NSURVEYS; i++) {
        trygg_results *res = NULL;
        trygg_errors_clear(err);
        trygg_status st = trygg_estimate(surveys[i], NULL, &res, err);
        fuzz_report(NAMES[i], st, err);
        if ((st == TRYGG_OK) != (res != NULL))
            abort();
        if (st != TRYGG_OK && trygg_errors_total(err) == 0 &&
            st != TRYGG_ERR_NOMEM)
            abort();  /* every failure is explained */
        trygg_results_free(res);
        trygg_weights *w = NULL;
        trygg_errors_clear(err);
        st = trygg_weights_compute(surveys[i], TRYGG_WEIGHTING_DEFAULT, &w, err);
        fuzz_report("trygg_weights_compute", st, err);
        if ((st == TRYGG_OK) != (w != NULL))
            abort();
        trygg_weights_free(w);
    }
    trygg_errors_free(err);
    return 0;
}
