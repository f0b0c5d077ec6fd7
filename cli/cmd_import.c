/* trygg import: a starting definition from an SPSS or Stata delivery. */
#include "cli.h"
#include "cleanup.h"

#include <stdio.h>
#include <string.h>

static const char USAGE[] =
    "usage: trygg import FILE.sav --out DIR [--encoding NAME] [--force]\n"
    "Writes a starting survey definition for an SPSS (.sav, .zsav, .por) or\n"
    "Stata (.dta) file into DIR: scales.csv from its value labels (codes\n"
    "declared user-missing get valid = 0), items.csv from its variable labels\n"
    "(Swedish labels; English left for you), indicators.csv with a share of\n"
    "each item's upper valid codes, and survey.trygg with the columns it\n"
    "recognised by name and a '# CHECK' comment where a choice is needed.\n"
    "--encoding reads text in that encoding (e.g. windows-1252) whatever the\n"
    "file declares. Files already in DIR are not replaced unless --force.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fputs("trygg import: ", stderr);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", USAGE);
    return CLI_USAGE;
}

int cmd_import(int argc, char **argv)
{
    const char *file = NULL, *out = NULL, *encoding = NULL;
    int force = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(USAGE, stdout);
            return CLI_OK;
        } else if (!strcmp(argv[i], "--force")) {
            force = 1;
        } else if ((!strcmp(argv[i], "--out") || !strcmp(argv[i], "--encoding"))) {
            if (i + 1 >= argc)
                return usage_error("%s needs a value", argv[i]);
            *(argv[i][2] == 'o' ? &out : &encoding) = argv[i + 1];
            i++;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return usage_error("unknown option %s", argv[i]);
        } else if (file) {
            return usage_error("unexpected argument '%s'", argv[i]);
        } else {
            file = argv[i];
        }
    }
    if (!file)
        return usage_error("%s", "no SPSS or Stata file given");
    if (!out)
        return usage_error("%s", "--out DIR is required");
    trygg_errors *err = trygg_errors_new(50);
    trygg_import *imp = NULL;
    trygg_output_group *g = NULL;
    trygg_status st = err ? trygg_import_read(file, encoding, &imp, err) : TRYGG_ERR_NOMEM;
    if (st == TRYGG_OK)
        st = cli_output_group(&g);
    if (st == TRYGG_OK)
        st = cli_output_commit(g, trygg_import_write_to(imp, g, out, force, err), err);
    int rc = st == TRYGG_OK ? CLI_OK : cli_fail(st, err);
    if (rc == CLI_OK)
        fprintf(stderr, "trygg: wrote %s/survey.trygg, scales.csv (%zu scales), items.csv "
                "(%zu items) and indicators.csv: check the lines marked CHECK\n", out,
                trygg_import_scale_count(imp), trygg_import_item_count(imp));
    trygg_import_free(imp);
    trygg_errors_free(err);
    return rc;
}
