/* libFuzzer: the disclosure audit's reader of trygg's own output tables.
 * The input is written as one table of a run of the mini survey (with
 * min_n = 2, so that its small areas are protected), read back as a
 * publication and audited: any header, any rows, any numbers or flags must
 * give a status and findings, never a crash. Seeds: fuzz/corpus/publication. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "trygg.h"

static char *table;
static trygg_definition *def;
static trygg_survey *sv;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_start();
    const char *dir = fuzz_scratch_dir("fuzz_publication");
    fuzz_copy_mini(dir);
    char *path = fuzz_path(dir, "survey.trygg");
    size_t len;
    char *text = fuzz_read(path, &len);
    char *at = strstr(text, "min_n = 1");
    if (!at)
        abort();
    at[8] = '2';
    fuzz_write(path, text, len);
    free(text);
    fuzz_append(path, "protection = 3\n");
    table = fuzz_path(dir, "table.csv");
    trygg_errors *err = trygg_errors_new(10);
    if (trygg_definition_load(path, &def, err) != TRYGG_OK ||
        trygg_survey_load(def, &sv, err) != TRYGG_OK) {
        fprintf(stderr, "fuzz_publication: the mini survey does not load: %s\n",
                trygg_errors_count(err) ? trygg_errors_get(err, 0)->message : "?");
        abort();
    }
    trygg_errors_free(err);
    free(path);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_write(table, data, size);
    trygg_errors *err = trygg_errors_new(20);
    trygg_publication *p = NULL;
    if (trygg_publication_new(sv, &p) != TRYGG_OK)
        abort();
    trygg_status st = trygg_publication_read(p, table, err);
    fuzz_report("trygg_publication_read", st, err);
    if (st != TRYGG_OK && st != TRYGG_ERR_NOMEM && trygg_errors_total(err) == 0)
        abort();   /* every failure is explained */
    trygg_audit *a = NULL;
    st = trygg_audit_run(p, NULL, &a, err);
    fuzz_report("trygg_audit_run", st, err);
    if ((st == TRYGG_OK) != (a != NULL))
        abort();
    for (size_t i = 0; i < trygg_audit_count(a); i++)
        if (!trygg_audit_get(a, i)->how)
            abort();
    trygg_audit_free(a);
    trygg_publication_free(p);
    trygg_errors_free(err);
    return 0;
}
