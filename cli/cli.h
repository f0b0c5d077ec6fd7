/* The trygg command: shared helpers of the subcommands. */
#ifndef TRYGG_CLI_H
#define TRYGG_CLI_H

#include <stdio.h>

#include "trygg.h"

/* Exit codes. CLI_HELP is no exit code: cli_parse() printed the usage
 * because --help was asked for, and the command exits CLI_OK. */
enum { CLI_OK = 0, CLI_INPUT = 1, CLI_USAGE = 2, CLI_INTERNAL = 3, CLI_HELP = -1 };

/* The options of cli_parse_for(): a command names those it acts on, and
 * any other is refused rather than ignored. */
enum {
    CLI_OPT_OUT = 1u << 0,        /* --out FILE, -o */
    CLI_OPT_FORMAT = 1u << 1,     /* --format csv|json|xlsx, --csv-dialect plain|sv */
    CLI_OPT_WEIGHTING = 1u << 2,  /* --weighting M */
    CLI_OPT_VARIANCE = 1u << 3,   /* --variance M */
    CLI_OPT_CI = 1u << 4,         /* --ci M */
    CLI_OPT_LANG = 1u << 5,       /* --lang sv|en */
    CLI_OPT_YEAR = 1u << 6,       /* --year Y */
    CLI_OPT_LEVEL = 1u << 7,      /* --level NAME */
    CLI_OPT_INDICATOR = 1u << 8,  /* --indicator NAME */
    CLI_OPT_CONFIDENCE = 1u << 9, /* --confidence 0.95 */
    CLI_OPT_CHANGES = 1u << 10,   /* --changes FILE */
    CLI_OPT_ALL_YEARS = 1u << 11, /* --all-years */
    CLI_OPT_QUIET = 1u << 12,     /* --quiet, -q */
    CLI_OPT_TIMINGS = 1u << 13,   /* --timings */
    CLI_OPT_THREADS = 1u << 14,   /* --threads N (default: TRYGG_THREADS, else one
                                     per processor) */
    CLI_OPT_ALL = (1u << 15) - 1,
    CLI_OPT_POOL = 1u << 15       /* --pool N (estimate, smallarea: not in ALL) */
};

typedef struct {
    const char *cmd;          /* the subcommand ("estimate") */
    const char *definition;
    const char *out;          /* "-" = stdout */
    const char *changes_out;  /* estimate --changes FILE, or NULL */
    trygg_format format;
    trygg_csv_dialect dialect;   /* --csv-dialect */
    int dialect_given;
    trygg_estimate_options est;
    trygg_change_options chg;
    trygg_lang lang;
    int quiet;
    int timings;              /* --timings: stage wall times to stderr */
    int pool;                 /* --pool N; 0: not given (the definition's) */
    int year_rows_only;       /* the command needs --year's rows alone (set
                                 by the command before loading; not with
                                 pooled years) */
} cli_args;

/** Parses the options every estimation command shares, all of them
 *  allowed. Returns CLI_OK, CLI_HELP after printing the usage for --help,
 *  or CLI_USAGE after printing what is wrong. */
int cli_parse(int argc, char **argv, const char *usage, cli_args *a);
/** cli_parse() taking only the CLI_OPT_* options in `allowed`: another is
 *  refused ("--level is not an option of trygg change"), never ignored. */
int cli_parse_for(int argc, char **argv, const char *usage, unsigned allowed,
                  cli_args *a);
/** Keeps the command line (main's argv) for the workbooks' Läs mig. */
void cli_set_command_line(int argc, char **argv);
/** The options the tables of a run are written with: a's format, CSV
 *  dialect and language, `def`'s labels, the command line. */
void cli_write_options(const cli_args *a, const trygg_definition *def,
                       trygg_write_options *o);
/** 1 when --help or -h is among argv[1 .. argc-1]. */
int cli_help_asked(int argc, char **argv);
/** One analysis of `sv` with a's weighting, variance, intervals, level and
 *  threads, for every table of the run (free with trygg_analysis_free());
 *  `keep_years` and `keep_year` as trygg_analysis_options has them (0, 0
 *  for a run that makes one table from each year). */
trygg_status cli_analysis(const trygg_survey *sv, const cli_args *a, int keep_years,
                          int keep_year, trygg_analysis **out);
/** Loads definition and survey, printing errors; CLI_OK or an exit code. */
int cli_load(const char *path, trygg_definition **def, trygg_survey **sv);
/** cli_load() that also checks the selection of `a` (cli_select.c): the
 *  --indicator and --level names against the definition, before the data is
 *  read (a name typed folded or as a slug is replaced by the name itself),
 *  and --year against the data. CLI_OK or the exit code after printing what
 *  matched nothing. */
int cli_load_selected(cli_args *a, trygg_definition **def, trygg_survey **sv);
/** Work done on a loaded survey; its status becomes the exit code. */
typedef trygg_status (*cli_body)(const trygg_survey *sv, void *ctx,
                                 trygg_errors *err);
/** Loads the definition and survey (cli_load_selected), runs `body`,
 *  prints any errors, frees everything; returns the exit code. */
int cli_with_survey(cli_args *a, cli_body body, void *ctx);
/** Seconds on CLOCK_MONOTONIC, for cli_timing(). */
double cli_now(void);
/** With --timings (set by cli_parse), prints `trygg timing: STAGE SECONDS s`
 *  to stderr: the wall time of one stage, measured around library calls. */
void cli_timing(const char *stage, double seconds);
/** Prints every diagnostic as file:line:column: message (one that names
 *  no file as `trygg CMD: message`). */
void cli_print_errors(const trygg_errors *err);
/** The diagnostics of a run that succeeded (warnings: "warning: 2024:
 *  margin ... scaled by ..."), each message once, to stderr. */
void cli_print_warnings(const trygg_errors *err);
/** Maps a status to an exit code (after printing errors and the status). */
int cli_fail(trygg_status st, const trygg_errors *err);
/** Prints `trygg CMD: message` and returns TRYGG_ERR_NOT_FOUND, for a
 *  selection that left nothing to write; cli_fail() then adds no status
 *  line. */
trygg_status cli_empty(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/** Prints `trygg CMD: message` (printf-style) to stderr. */
void cli_say(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/*
 * Selections (cli_select.c). Every command that takes a year or a name
 * checks it here, so that the same words say what matched nothing; the
 * names themselves are matched by the library's one rule
 * (trygg_name_resolve() in trygg.h: exact, NFC, case-folded, slug; else
 * "did you mean"). Each prints its message and returns CLI_INPUT when the
 * selection is empty, CLI_OK when not.
 */
/** "no survey year 2025 in the data (years: 2022, 2023, 2024)". */
int cli_check_year(const trygg_survey *sv, int year);
/** The indicator meant by *name; *name becomes the definition's name. */
int cli_check_indicator(const trygg_definition *def, const char **name);
/** The reporting level meant by *name; *name becomes the level's name. */
int cli_check_level(const trygg_definition *def, const char **name);
/** The area meant by `typed` ("fittja", "district:Fittja"): *level and
 *  *name are the survey's. With `year` (0: any) it must have answers then:
 *  "no answers from Gribbylund in 2023 (its years: 2022, 2024)". */
int cli_find_area(const trygg_survey *sv, const char *typed, int year,
                  const char **level, const char **name);
/** The survey's years as text, "2022, 2023, 2024" (caller frees), or NULL. */
char *cli_years_text(const trygg_survey *sv);

/* The tables a command is about to write, for cli_audit_tables(). */
#define CLI_TABLES_CHANGES 3
typedef struct {
    const trygg_results *estimates;
    const trygg_changes *changes[CLI_TABLES_CHANGES];   /* changes, trends, contrasts */
    const char *change_names[CLI_TABLES_CHANGES];
    const trygg_priorities *priorities;
    const trygg_followups *followups;   /* a report's kvitto, followup */
} cli_tables;

/** Audits the tables before they are written (the last step of estimate,
 *  change, trend, contrast, priorities, followup and report): narrow bounds are
 *  printed as warnings; a suppressed cell that could be worked out is a
 *  diagnostic in `err` and TRYGG_ERR_DISCLOSURE (then nothing may be
 *  written). */
trygg_status cli_audit_tables(const trygg_survey *sv, const cli_tables *t,
                              trygg_errors *err);
/** cli_audit_tables() of trygg smallarea's model table. */
trygg_status cli_audit_smallarea(const trygg_survey *sv, const trygg_smallarea *sa,
                                 trygg_errors *err);
/** cli_audit_tables() of a response table (the respondents it prints). */
trygg_status cli_audit_responses(const trygg_survey *sv, const trygg_responses *r,
                                 trygg_errors *err);

/* trygg report and trygg chart (cmd_report.c): parses the options (--out
 * required), loads the survey, checks --year, computes what the pages are
 * drawn from and runs `body` on it; returns the exit code. */
struct trygg_book_data;
typedef int (*cli_pages_body)(const trygg_survey *sv, const cli_args *a,
                              struct trygg_book_data *d, trygg_errors *err, void *ctx);
int cli_pages(int argc, char **argv, const char *usage, int every_year, cli_pages_body body,
              void *ctx);
/* --page a4-portrait|a4-landscape or --size 16x10cm|160x100mm|6x4in (NULL:
 * not given) into *g (zero: the default page). CLI_OK, or CLI_USAGE after
 * the message. */
struct trygg_book_geometry;
int cli_page_geometry(const char *cmd, const char *page, const char *size,
                      struct trygg_book_geometry *g);

/** The files a command will write (`second` may be NULL), checked before any
 *  work (trygg_output_targets_check): CLI_OK, or the exit code after the
 *  message (2 for a file named twice, 1 for one that cannot be replaced). */
int cli_outputs_usable(const char *out, const char *second);

/* Pooled years (cli_pool.c). */
/** Survey years a run pools: --pool N, else the definition's [report]
 *  pool; 1 for none. */
int cli_pool_years(const cli_args *a, const trygg_definition *def);
/** trygg estimate of pooled years: the windows' estimates (and with
 *  --changes the changes between windows), audited on the pooled survey,
 *  then written; the status for cli_fail(). */
trygg_status cli_pooled_estimate(cli_args *a, const trygg_survey *sv, trygg_errors *err);

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
int cmd_publish(int argc, char **argv);
int cmd_smallarea(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_response(int argc, char **argv);

#endif
