/* trygg: routes a subcommand to its cmd_<name>.c. */
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "cli.h"

static const struct {
    const char *name;
    int (*run)(int, char **);
    const char *what;
} COMMANDS[] = {
    {"validate", cmd_validate, "check a survey's files and print a summary"},
    {"estimate", cmd_estimate, "every indicator for every domain and year"},
    {"change", cmd_change, "change since the previous survey year"},
    {"trend", cmd_trend, "linear trend over all years"},
    {"contrast", cmd_contrast, "each area minus its enclosing area"},
    {"weights", cmd_weights, "respondent weights and the weight report"},
    {"priorities", cmd_priorities, "rank an area's problems for a citizen promise"},
    {"followup", cmd_followup, "judge last year's promises (kvitto)"},
    {"report", cmd_report, "every municipality's report: PDF, PNG, SVG, index.html"},
    {"chart", cmd_chart, "one chart as PNG, SVG or PDF"},
    {"audit", cmd_audit, "check a run's outputs: can a suppressed cell be worked out?"},
    {"publish", cmd_publish, "the publication workbook: a sheet per municipality"},
    {"smallarea", cmd_smallarea, "model-based (Fay–Herriot) estimates for small areas"},
    {"response", cmd_response, "invited, answers and response rate per area (gross sample)"},
    {"import", cmd_import, "a starting definition from an SPSS or Stata file"},
};

static void usage(FILE *f)
{
    fputs("usage: trygg COMMAND DEFINITION [options]   (trygg COMMAND --help)\n"
          "       trygg --version\n\n", f);
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
        fprintf(f, "  %-10s %s\n", COMMANDS[i].name, COMMANDS[i].what);
}

/* glibc raises its mmap threshold each time a large block is freed, after
 * which the survey's columns and the year's values come from the heap and
 * per-thread arenas, and what the loader's and workers' threads free stays
 * in the process (≈ 55 MB at 1 M respondents). A fixed threshold keeps every
 * large array mapped on its own, returned to the system when freed. */
static void keep_large_blocks_mapped(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
}

#ifndef TRYGG_VERSION
#define TRYGG_VERSION "unknown"   /* set from CMake's project version */
#endif

static int run_command(int argc, char **argv)
{
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
        if (strcmp(argv[0], COMMANDS[i].name) == 0)
            return COMMANDS[i].run(argc, argv);
    fprintf(stderr, "trygg: unknown command '%s'\n", argv[0]);
    usage(stderr);
    return CLI_USAGE;
}

int main(int argc, char **argv)
{
    /* GSL's default error handler aborts the process; libtrygg needs GSL to
     * return its error codes instead (trygg.h), before any other call */
    gsl_set_error_handler_off();
    keep_large_blocks_mapped();
    cli_set_command_line(argc, argv);
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    const char *first = argv[1];
    if (!strcmp(first, "--help") || !strcmp(first, "-h") || (!strcmp(first, "help") && argc == 2)) {
        usage(stdout);
        return CLI_OK;
    }
    if (!strcmp(first, "--version") || !strcmp(first, "-V") || !strcmp(first, "version")) {
        printf("trygg %s\n", TRYGG_VERSION);
        return CLI_OK;
    }
    if (!strcmp(first, "help")) {   /* trygg help CMD: CMD --help */
        static char flag[] = "--help";
        char *help[] = {argv[2], flag, NULL};
        return run_command(2, help);
    }
    return run_command(argc - 1, argv + 1);
}
