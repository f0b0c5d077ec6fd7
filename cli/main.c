/* trygg: routes a subcommand to its cmd_<name>.c. */
#include <stdio.h>
#include <string.h>

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
};

static void usage(FILE *f)
{
    fputs("usage: trygg COMMAND DEFINITION [options]   (trygg COMMAND --help)\n\n", f);
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
        fprintf(f, "  %-10s %s\n", COMMANDS[i].name, COMMANDS[i].what);
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_USAGE : CLI_OK;
    }
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
        if (strcmp(argv[1], COMMANDS[i].name) == 0)
            return COMMANDS[i].run(argc - 1, argv + 1);
    fprintf(stderr, "trygg: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return CLI_USAGE;
}
