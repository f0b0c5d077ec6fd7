/* The trygg command: shared helpers of the subcommands. */
#ifndef TRYGG_CLI_H
#define TRYGG_CLI_H

#include <stdio.h>

#include "trygg.h"

/* Exit codes. */
enum { CLI_OK = 0, CLI_INPUT = 1, CLI_USAGE = 2, CLI_INTERNAL = 3 };

typedef struct {
    const char *definition;
    const char *out;          /* "-" = stdout */
    const char *changes_out;  /* estimate --changes FILE, or NULL */
    trygg_format format;
    trygg_estimate_options est;
    trygg_change_options chg;
    trygg_lang lang;
    int quiet;
    int timings;              /* --timings: stage wall times to stderr */
} cli_args;

/** Parses the options every estimation command shares. Returns CLI_OK,
 *  or CLI_USAGE after printing what is wrong. */
int cli_parse(int argc, char **argv, const char *usage, cli_args *a);
/** Loads definition and survey, printing errors; CLI_OK or an exit code. */
int cli_load(const char *path, trygg_definition **def, trygg_survey **sv);
/** Work done on a loaded survey; its status becomes the exit code. */
typedef trygg_status (*cli_body)(const trygg_survey *sv, void *ctx,
                                 trygg_errors *err);
/** Loads the definition and survey, runs `body`, prints any errors, frees
 *  everything; returns the exit code. */
int cli_with_survey(const char *definition, cli_body body, void *ctx);
/** Seconds on CLOCK_MONOTONIC, for cli_timing(). */
double cli_now(void);
/** With --timings (set by cli_parse), prints `trygg timing: STAGE SECONDS s`
 *  to stderr: the wall time of one stage, measured around library calls. */
void cli_timing(const char *stage, double seconds);
/** Prints every diagnostic as file:line:column: message. */
void cli_print_errors(const trygg_errors *err);
/** Maps a status to an exit code (after printing errors and the status). */
int cli_fail(trygg_status st, const trygg_errors *err);

/* The tables a command is about to write, for cli_audit_tables(). */
#define CLI_TABLES_CHANGES 3
typedef struct {
    const trygg_results *estimates;
    const trygg_changes *changes[CLI_TABLES_CHANGES];   /* changes, trends, contrasts */
    const char *change_names[CLI_TABLES_CHANGES];
    const trygg_priorities *priorities;
} cli_tables;

/** Audits the tables before they are written (the last step of estimate,
 *  change, trend, contrast, priorities and report): narrow bounds are
 *  printed as warnings; a suppressed cell that could be worked out is a
 *  diagnostic in `err` and TRYGG_ERR_DISCLOSURE (then nothing may be
 *  written). */
trygg_status cli_audit_tables(const trygg_survey *sv, const cli_tables *t,
                              trygg_errors *err);

/* trygg report and trygg chart (cmd_report.c): parses the options (--out
 * required), loads the survey, checks --year, computes what the pages are
 * drawn from and runs `body` on it; returns the exit code. */
struct trygg_book_data;
typedef int (*cli_pages_body)(const trygg_survey *sv, const cli_args *a,
                              struct trygg_book_data *d, trygg_errors *err, void *ctx);
int cli_pages(int argc, char **argv, const char *usage, cli_pages_body body, void *ctx);

int cmd_validate(int argc, char **argv);
int cmd_estimate(int argc, char **argv);
int cmd_change(int argc, char **argv);
int cmd_contrast(int argc, char **argv);
int cmd_trend(int argc, char **argv);
int cmd_weights(int argc, char **argv);
int cmd_priorities(int argc, char **argv);
int cmd_followup(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_chart(int argc, char **argv);
int cmd_audit(int argc, char **argv);

#endif
