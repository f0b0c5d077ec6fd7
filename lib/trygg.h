/**
 * trygg — a statistics engine for Swedish safety surveys (trygghetsmätning).
 *
 * The one public header of libtrygg. The library never prints, exits or
 * aborts: every fallible call returns a ::trygg_status, and problems with the
 * input are described, with file, line and column, in a ::trygg_errors list
 * that the caller owns.
 *
 * The usual sequence:
 *
 *     gsl_set_error_handler_off();          (once, first: see "GSL" below)
 *     trygg_errors *err = trygg_errors_new(100);
 *     trygg_definition *def = NULL;
 *     trygg_survey *sv = NULL;
 *     trygg_results *res = NULL;
 *     trygg_estimate_options opt;
 *     trygg_estimate_options_init(&opt);
 *     if (trygg_definition_load("survey.trygg", &def, err) == TRYGG_OK &&
 *         trygg_survey_load(def, &sv, err) == TRYGG_OK &&
 *         trygg_estimate(sv, &opt, &res, err) == TRYGG_OK) { ... }
 *     trygg_results_free(res); trygg_survey_free(sv);
 *     trygg_definition_free(def); trygg_errors_free(err);
 *
 * GSL. The library computes with the GNU Scientific Library, whose default
 * error handler aborts the process. A program must call
 * gsl_set_error_handler_off() (<gsl/gsl_errno.h>) once where it starts,
 * before its first call of libtrygg and before it starts threads, so that
 * GSL returns its error codes to the library: an interval whose quantile
 * does not converge is then NaN (as R gives NA), a matrix GSL cannot
 * factor a status or a model not fitted, each said in the results. The
 * library does not set the handler itself: it is one setting of the whole
 * process, shared with the program's own use of GSL, and setting it from
 * the library's worker threads would race with that. The entry points
 * that reach GSL say "Calls GSL".
 *
 * Threads. A call may run worker threads of its own (one per processor,
 * or as many as the environment variable TRYGG_THREADS says; 1: none), all
 * joined before it returns; no result depends on their number. Objects are
 * not locked: a program that shares one between its threads uses it from
 * one thread at a time, unless its functions say otherwise (the output
 * groups'); trygg_audit_run() adds to the publication it is given.
 */
#ifndef TRYGG_H
#define TRYGG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What the shared library exports: the functions declared here, and only
 * they (libtrygg is built with -fvisibility=hidden; tests/check). */
#if defined(__GNUC__) || defined(__clang__)
#define TRYGG_EXPORT __attribute__((visibility("default")))
#else
#define TRYGG_EXPORT
#endif

/* ------------------------------------------------------------------ */
/* Status and errors                                                   */
/* ------------------------------------------------------------------ */

/** Result of every fallible call. */
typedef enum {
    TRYGG_OK = 0,
    TRYGG_ERR_NOMEM,       /**< an allocation failed */
    TRYGG_ERR_IO,          /**< a file could not be opened, read or written */
    TRYGG_ERR_PARSE,       /**< malformed input (details in the error list) */
    TRYGG_ERR_INVALID,     /**< well-formed input that is inconsistent */
    TRYGG_ERR_DESIGN,      /**< the sampling design cannot be used as asked */
    TRYGG_ERR_CONVERGENCE, /**< an iterative method did not converge */
    TRYGG_ERR_ARGUMENT,    /**< a caller passed an invalid argument */
    TRYGG_ERR_NOT_FOUND,   /**< a named area, item or indicator does not exist */
    TRYGG_ERR_NUMERIC,     /**< a numerical routine failed */
    TRYGG_ERR_LIMIT,       /**< input exceeds a size limit */
    TRYGG_ERR_DISCLOSURE   /**< tables would let a suppressed cell be worked
                              out (a fault of the suppression: see the
                              diagnostics) */
} trygg_status;

/** A fixed English description of a status. Never NULL. */
TRYGG_EXPORT
const char *trygg_strerror(trygg_status st);

/** Output table formats. */
typedef enum {
    TRYGG_FORMAT_CSV = 0,
    TRYGG_FORMAT_JSON = 1,
    TRYGG_FORMAT_XLSX = 2   /**< an Excel workbook (see "Output tables") */
} trygg_format;

/** The version of libtrygg ("0.1.0"). */
TRYGG_EXPORT
const char *trygg_version(void);

/** A list of diagnostics. Created by the caller, filled by the library. */
typedef struct trygg_errors trygg_errors;

/** One diagnostic. `line` and `column` are 1-based; 0 means "not known". */
typedef struct {
    const char *file;    /**< input file, or "" when not about a file */
    unsigned long line;
    unsigned long column;
    const char *message; /**< what is wrong, and what was expected */
} trygg_diag;

/**
 * A new, empty list that keeps at most `max_kept` diagnostics (0 means 100);
 * further ones are counted but not kept. Returns NULL when out of memory.
 * Free with trygg_errors_free().
 */
TRYGG_EXPORT
trygg_errors *trygg_errors_new(size_t max_kept);
/** Frees the list and every message in it. NULL is allowed. */
TRYGG_EXPORT
void trygg_errors_free(trygg_errors *e);
/** Empties the list. */
TRYGG_EXPORT
void trygg_errors_clear(trygg_errors *e);
/** Number of diagnostics kept. */
TRYGG_EXPORT
size_t trygg_errors_count(const trygg_errors *e);
/** Number of diagnostics reported, including those beyond the limit. */
TRYGG_EXPORT
size_t trygg_errors_total(const trygg_errors *e);
/** The i-th kept diagnostic, or NULL. Owned by the list. */
TRYGG_EXPORT
const trygg_diag *trygg_errors_get(const trygg_errors *e, size_t i);

/* ------------------------------------------------------------------ */
/* Names                                                               */
/* ------------------------------------------------------------------ */

/**
 * The NFC form of the UTF-8 text `s` (`len` bytes): "Järfälla" typed in NFD
 * (as macOS does) becomes the register's "Järfälla". *out is a new
 * NUL-terminated string the caller frees with free(). Returns
 * TRYGG_ERR_PARSE when `s` is not valid UTF-8 (*out is then NULL) and
 * TRYGG_ERR_NOMEM.
 */
TRYGG_EXPORT
trygg_status trygg_utf8_nfc(const char *s, size_t len, char **out);

/**
 * `s` (NUL-terminated UTF-8) in NFC and case-folded, for matching names as
 * a user types them ("JÄRFÄLLA" and "järfälla" fold alike). *out as for
 * trygg_utf8_nfc(); the same statuses.
 */
TRYGG_EXPORT
trygg_status trygg_utf8_fold(const char *s, char **out);

/**
 * The one rule for file names made from data: the name in NFC, accents
 * dropped and letters transliterated (å ä → a, ö ø → o, é → e, æ → ae,
 * ß → ss), lower-case ASCII letters and digits kept, every other run of
 * characters one '-', none at either end ("Upplands Väsby" →
 * "upplands-vasby"). A name with nothing left ("Москва") gets "x" and eight
 * hexadecimal digits of a hash of its NFC form: stable from run to run.
 * Different names can share a slug ("NACKA", "Nacka"): callers that make
 * files from several names must check. *out as for trygg_utf8_nfc().
 * TRYGG_ERR_PARSE (not UTF-8), TRYGG_ERR_NOMEM.
 */
TRYGG_EXPORT
trygg_status trygg_slug(const char *name, char **out);

/* ------------------------------------------------------------------ */
/* Survey definition                                                   */
/* ------------------------------------------------------------------ */

/** A parsed survey definition (codebook): files, column roles, items,
 *  indicators, design, weighting and reporting settings. */
typedef struct trygg_definition trygg_definition;

/**
 * Reads a definition file (`key = value` sections) and the CSV tables it
 * names (scales, items, indicators), relative to the file's folder.
 * On success *out owns a new definition (free with trygg_definition_free()).
 * Returns TRYGG_ERR_IO, TRYGG_ERR_PARSE or TRYGG_ERR_INVALID with details in
 * `err`; *out is then NULL.
 */
TRYGG_EXPORT
trygg_status trygg_definition_load(const char *path, trygg_definition **out,
                                   trygg_errors *err);
/** Frees a definition. NULL is allowed. */
TRYGG_EXPORT
void trygg_definition_free(trygg_definition *def);

/** Survey name, as given in the definition. */
TRYGG_EXPORT
const char *trygg_definition_name(const trygg_definition *def);
/** Path of the definition file, as passed to trygg_definition_load(). */
TRYGG_EXPORT
const char *trygg_definition_path(const trygg_definition *def);

/** Label language. */
typedef enum { TRYGG_LANG_SV = 0, TRYGG_LANG_EN = 1 } trygg_lang;

/** Number of items (questions). */
TRYGG_EXPORT
size_t trygg_definition_item_count(const trygg_definition *def);
/** Column name of item i (NULL when out of range). */
TRYGG_EXPORT
const char *trygg_definition_item_name(const trygg_definition *def, size_t i);
/** Label of item i in the language asked for. */
TRYGG_EXPORT
const char *trygg_definition_item_label(const trygg_definition *def, size_t i,
                                        trygg_lang lang);
/** Question group of item i ("problem", "unsafe", ...), or "". */
TRYGG_EXPORT
const char *trygg_definition_item_group(const trygg_definition *def, size_t i);

/** Number of indicators. */
TRYGG_EXPORT
size_t trygg_definition_indicator_count(const trygg_definition *def);
/** Name of indicator i (NULL when out of range). */
TRYGG_EXPORT
const char *trygg_definition_indicator_name(const trygg_definition *def,
                                            size_t i);
/** Label of indicator i in the language asked for. */
TRYGG_EXPORT
const char *trygg_definition_indicator_label(const trygg_definition *def,
                                             size_t i, trygg_lang lang);
/** Reporting group of indicator i ("problem", "headline", ...), or "". */
TRYGG_EXPORT
const char *trygg_definition_indicator_group(const trygg_definition *def,
                                             size_t i);
/** Index of the indicator with this name, or -1. */
TRYGG_EXPORT
long trygg_definition_indicator_find(const trygg_definition *def,
                                     const char *name);
/** Upper limits of the problem table's colour bands ([report] bands);
 *  *n receives their number. */
TRYGG_EXPORT
const double *trygg_definition_bands(const trygg_definition *def, size_t *n);
/** The lowest number of valid answers that is published ([report] min_n). */
TRYGG_EXPORT
int trygg_definition_min_n(const trygg_definition *def);

/** 1 when indicator i is a share (proportion between 0 and 1). */
TRYGG_EXPORT
int trygg_definition_indicator_is_share(const trygg_definition *def, size_t i);

/** Which way indicator i is better (indicators.csv column `better`):
 *  -1 lower (a problem, feeling unsafe), +1 higher (trust in the police),
 *  0 no direction (blank or no such column). */
TRYGG_EXPORT
int trygg_definition_indicator_better(const trygg_definition *def, size_t i);
/** The region's name for readers ([survey] region_name, e.g. "Polisregion
 *  Stockholm"), or NULL when the definition does not give one. */
TRYGG_EXPORT
const char *trygg_definition_region_name(const trygg_definition *def);
/** Fewer valid answers than this: unstable ([report] unstable_n). */
TRYGG_EXPORT
int trygg_definition_unstable_n(const trygg_definition *def);
/** A CV above this: unstable ([report] max_cv). */
TRYGG_EXPORT
double trygg_definition_max_cv(const trygg_definition *def);

/* The definition in words (a report's methods page). */
/** Type of indicator k: "share", "mean", "index", "total", "ratio",
 *  "difference" ("" when out of range). */
TRYGG_EXPORT
const char *trygg_definition_indicator_type(const trygg_definition *def, size_t k);
/** Number of items indicator k is made of (0 out of range). */
TRYGG_EXPORT
size_t trygg_definition_indicator_item_count(const trygg_definition *def, size_t k);
/** The index of the j-th item of indicator k (for trygg_definition_item_name()
 *  and _label()), or -1 when k or j is out of range. */
TRYGG_EXPORT
long trygg_definition_indicator_item(const trygg_definition *def, size_t k, size_t j);
/** The labels (in `lang`) of the answer codes of indicator k's first item
 *  that it counts (`counted` = 1: a share's codes) or leaves out of its
 *  denominator (`counted` = 0: "vet ej", "går aldrig ut"), in the scale's
 *  order: up to `max` into labels[] (owned by the definition); returns how
 *  many there are. */
TRYGG_EXPORT
size_t trygg_definition_indicator_codes(const trygg_definition *def, size_t k,
                                        int counted, const char **labels, size_t max,
                                        trygg_lang lang);
/** The answers of item i (its scale's codes, in order): up to `max` labels
 *  (in `lang`), scores (NaN: the code read as a number, or none) and
 *  validity (0: "vet ej", left out of denominators); any array may be
 *  NULL. Returns the number of codes (0 for a numeric item). */
TRYGG_EXPORT
size_t trygg_definition_item_codes(const trygg_definition *def, size_t item,
                                   const char **labels, double *scores, int *valid,
                                   size_t max, trygg_lang lang);
/** The label (in `lang`) of `code` in scales.csv's scale named `scale`, or
 *  NULL when there is no such scale, code or label. A scale named after a
 *  grouping column (`sex`, `age_group`) gives the pages the words for its
 *  codes. */
TRYGG_EXPORT
const char *trygg_definition_scale_label(const trygg_definition *def, const char *scale,
                                         const char *code, trygg_lang lang);
/** The words for `code` of the grouping column a crossing's term names
 *  (`sex`, `age_group`, a `[columns] groups` column), as every table's
 *  group_label and every page say it: the scale named as the term or its
 *  column; else, for the sex column, Statistics Sweden's coding (1 "Män" /
 *  "Men", 2 "Kvinnor" / "Women"); else the code, with an en dash between
 *  numbers ("16-24" → "16–24"). A new string; NULL when out of memory. */
TRYGG_EXPORT
char *trygg_definition_code_words(const trygg_definition *def, const char *term,
                                  const char *code, trygg_lang lang);

/* ------------------------------------------------------------------ */
/* Survey data                                                         */
/* ------------------------------------------------------------------ */

/** Loaded responses of every file of a survey, stored column-wise. */
typedef struct trygg_survey trygg_survey;

/**
 * Loads every response file the definition names, validating as it goes.
 * The library reports every problem it finds (up to the error list's limit)
 * rather than stopping at the first; on any error *out is NULL and the
 * status is TRYGG_ERR_PARSE or TRYGG_ERR_INVALID. The definition must
 * outlive the survey. Free with trygg_survey_free().
 * Several files are read at once on up to one thread per processor (fewer
 * when the environment variable TRYGG_THREADS says so; 1 = none), joined
 * before it returns; rows, diagnostics and status do not depend on it.
 */
TRYGG_EXPORT
trygg_status trygg_survey_load(const trygg_definition *def,
                               trygg_survey **out, trygg_errors *err);

/**
 * trygg_survey_load() keeping only the respondents of `year`: a file whose
 * name says another year ("2023_nacka.csv") is read for the names of its
 * areas and groups only, never for its rows, and other years' rows of a
 * file without a year in its name are left out as they are read. Every
 * check of the year's rows stays; other years' rows are not checked.
 * Areas, strata and cells are numbered as in the whole survey, so every
 * estimate of the year is exactly the whole survey's. With a gross sample
 * ([survey] sample) or without a year column it is trygg_survey_load().
 * A year that no row has leaves a survey without rows (no years).
 * Statuses as trygg_survey_load().
 */
TRYGG_EXPORT
trygg_status trygg_survey_load_year(const trygg_definition *def, int year,
                                    trygg_survey **out, trygg_errors *err);

/**
 * Loads one response file from memory, as if it were the file `name`
 * (used by tests and fuzzers). Same contract as trygg_survey_load().
 */
TRYGG_EXPORT
trygg_status trygg_survey_load_buffer(const trygg_definition *def,
                                      const char *name, const char *data,
                                      size_t len, trygg_survey **out,
                                      trygg_errors *err);
/** Frees a survey. NULL is allowed. */
TRYGG_EXPORT
void trygg_survey_free(trygg_survey *sv);

/** The definition the survey was loaded with. */
TRYGG_EXPORT
const trygg_definition *trygg_survey_definition(const trygg_survey *sv);
/** 1 when the survey has its gross sample ([survey] sample), so response
 *  rates can be computed (trygg_responses_compute()). */
TRYGG_EXPORT
int trygg_survey_has_sample(const trygg_survey *sv);
/** Number of respondents (rows) over all files. */
TRYGG_EXPORT
size_t trygg_survey_rows(const trygg_survey *sv);
/** Number of files read. */
TRYGG_EXPORT
size_t trygg_survey_file_count(const trygg_survey *sv);
/** Path of file i. */
TRYGG_EXPORT
const char *trygg_survey_file_path(const trygg_survey *sv, size_t i);
/** Dialect detected or declared for file i, as text ("',' decimal '.'"). */
TRYGG_EXPORT
const char *trygg_survey_file_dialect(const trygg_survey *sv, size_t i);
/** Rows read from file i. */
TRYGG_EXPORT
size_t trygg_survey_file_rows(const trygg_survey *sv, size_t i);

/** Number of distinct survey years. */
TRYGG_EXPORT
size_t trygg_survey_year_count(const trygg_survey *sv);
/** The i-th survey year (ascending), or 0 when i is out of range. */
TRYGG_EXPORT
int trygg_survey_year(const trygg_survey *sv, size_t i);

/* ------------------------------------------------------------------ */
/* Names as users type them                                            */
/* ------------------------------------------------------------------ */

/*
 * The one rule for matching a name a user typed (an area, indicator or
 * level on the command line, an area in a promises file) against the names
 * there are. Tiers, the first that matches anything decides:
 *   1. the name itself, byte for byte;
 *   2. the same name in NFC ("Järfälla" typed in NFD, as macOS does);
 *   3. the same after case folding ("fittja", "JÄRFÄLLA");
 *   4. the same slug (trygg_slug(): "jarfalla", the report's file names).
 * One name at a tier is the match; two or more ("NACKA" and "Nacka" both
 * fold to "nacka") are ambiguous, and both are named. When no tier matches,
 * the closest names are suggested: edit distance in code points between the
 * folded names (or between the slugs, whichever is smaller, so "jarfala" is
 * near "Järfälla"), within two edits or a third of the typed name, at most
 * TRYGG_MATCH_SHOWN, closest first.
 */

/** How a typed name matched (trygg_name_find()). */
typedef enum {
    TRYGG_MATCH_EXACT = 0,  /**< the name itself */
    TRYGG_MATCH_NFC,        /**< the same name in NFC */
    TRYGG_MATCH_FOLDED,     /**< the same case-folded */
    TRYGG_MATCH_SLUG,       /**< the same slug */
    TRYGG_MATCH_AMBIGUOUS,  /**< several names alike at the deciding tier */
    TRYGG_MATCH_NONE        /**< none; which[] holds the closest names */
} trygg_match_kind;

/** Names a match lists at most (ambiguous ones, suggestions). */
enum { TRYGG_MATCH_SHOWN = 3 };

/** What trygg_name_find() found: the kind of match and which names. */
typedef struct {
    trygg_match_kind kind;
    size_t index;                    /**< EXACT … SLUG: the name meant */
    size_t which[TRYGG_MATCH_SHOWN]; /**< AMBIGUOUS: names alike; NONE:
                                        suggestions, closest first */
    size_t nwhich;                   /**< entries of which[] used */
    size_t nalike;                   /**< AMBIGUOUS: names alike in all
                                        (may exceed nwhich) */
} trygg_name_match;

/**
 * Matches `typed` against names[0 .. count-1] by the rule above into *m.
 * Returns TRYGG_ERR_PARSE when `typed` is not valid UTF-8, TRYGG_ERR_NOMEM.
 */
TRYGG_EXPORT
trygg_status trygg_name_find(const char *const *names, size_t count,
                             const char *typed, trygg_name_match *m);

/**
 * trygg_name_find() for a caller that needs one name: *index receives the
 * name meant, or, with TRYGG_ERR_NOT_FOUND, `err` receives one diagnostic
 * naming `what` ("indicator", "area"): "no indicator 'problemindex'; did
 * you mean 'problem_index'?", "area 'nacka' could be 'NACKA' or 'Nacka':
 * give the name as in the data", or, with nothing alike, the names there
 * are when they are few ("no level 'kommun' (one of: region, ...)").
 */
TRYGG_EXPORT
trygg_status trygg_name_resolve(const char *const *names, size_t count,
                                const char *what, const char *typed,
                                size_t *index, trygg_errors *err);

/** Number of reporting levels ([report] levels and crossings). */
TRYGG_EXPORT
size_t trygg_definition_level_count(const trygg_definition *def);
/** Name of level i ("region", "district", "district*sex"), or NULL. */
TRYGG_EXPORT
const char *trygg_definition_level_name(const trygg_definition *def, size_t i);

/**
 * The areas of reporting level `level` with respondents in `year` (0: in
 * any year), in the order the data first names them ("region" for the
 * region; blanks are no area): *names is a new array the caller frees with
 * free(); its strings belong to the survey. TRYGG_ERR_ARGUMENT when `level`
 * is no level or a crossing ("district*sex"); TRYGG_ERR_NOMEM.
 */
TRYGG_EXPORT
trygg_status trygg_survey_area_names(const trygg_survey *sv, const char *level,
                                     int year, const char ***names, size_t *n);

/**
 * The area a user means by `typed` ("Fittja", "fittja", "jarfalla", or
 * "LEVEL:NAME" for one level): among the areas of every level that is not
 * a crossing, finest level first, each name once. *level and *name are the
 * survey's strings. TRYGG_ERR_NOT_FOUND with a diagnostic as
 * trygg_name_resolve() gives it (what = "area" or the level's name).
 */
TRYGG_EXPORT
trygg_status trygg_survey_find_area(const trygg_survey *sv, const char *typed,
                                    const char **level, const char **name,
                                    trygg_errors *err);

/* ------------------------------------------------------------------ */
/* Estimation                                                          */
/* ------------------------------------------------------------------ */

/** How the weights are formed. */
typedef enum {
    TRYGG_WEIGHTING_DEFAULT = -1, /**< what the definition says */
    TRYGG_WEIGHTING_DESIGN = 0,   /**< design weights as given (or N_h/n_h) */
    TRYGG_WEIGHTING_POSTSTRAT,    /**< post-stratification (R postStratify) */
    TRYGG_WEIGHTING_RAKE,         /**< raking (R rake) */
    TRYGG_WEIGHTING_CALIBRATE     /**< calibration (R calibrate) */
} trygg_weighting;

/** Name of a weighting ("design", "poststrat", "rake", "calibrate"). */
TRYGG_EXPORT
const char *trygg_weighting_name(trygg_weighting w);
/** The definition's weighting ([weighting] method). */
TRYGG_EXPORT
trygg_weighting trygg_definition_weighting(const trygg_definition *def);
/** Number of the definition's margins ([weighting] margins). */
TRYGG_EXPORT
size_t trygg_definition_margin_count(const trygg_definition *def);
/** Margin i ("municipality*sex"; owned by the definition), or NULL out of
 *  range. */
TRYGG_EXPORT
const char *trygg_definition_margin(const trygg_definition *def, size_t i);

/** How the variance is estimated. */
typedef enum {
    TRYGG_VARIANCE_DEFAULT = -1,     /**< what the definition says */
    TRYGG_VARIANCE_LINEARIZATION = 0,/**< Taylor linearization (R default) */
    TRYGG_VARIANCE_JK1,              /**< delete-one-PSU jackknife */
    TRYGG_VARIANCE_JKN,              /**< stratified jackknife */
    TRYGG_VARIANCE_BOOTSTRAP         /**< Rao–Wu rescaled bootstrap */
} trygg_variance;

/** Name of a variance method ("linearization", "jk1", "jkn", "bootstrap"),
 *  or "" for another value. */
TRYGG_EXPORT
const char *trygg_variance_name(trygg_variance v);

/** Confidence-interval methods. */
typedef enum {
    TRYGG_CI_DEFAULT = -1, /**< logit for shares, t for everything else */
    TRYGG_CI_T = 0,        /**< estimate ± t(df)·se ("wald" for shares) */
    TRYGG_CI_LOGIT,        /**< R svyciprop(method = "logit") */
    TRYGG_CI_BETA          /**< Korn–Graubard, R svyciprop(method = "beta") */
} trygg_ci_method;

/** Name of a CI method ("t", "wald", "logit", "beta"); shares say "wald"
 *  for TRYGG_CI_T. */
TRYGG_EXPORT
const char *trygg_ci_method_name(trygg_ci_method m, int is_share);

/** Options for trygg_estimate(). Initialise with trygg_estimate_options_init. */
typedef struct {
    trygg_weighting weighting;   /**< default: the definition's */
    trygg_variance variance;     /**< default: the definition's */
    trygg_ci_method ci_shares;   /**< default: the definition's (logit) */
    double level;                /**< confidence level; default 0.95 */
    int year;                    /**< 0 = every year */
    const char *level_name;      /**< NULL = every reporting level */
    const char *indicator;       /**< NULL = every indicator */
    int counts_only;             /**< 1: estimates and counts, no SE or CI
                                    (fast; for summaries) */
    size_t threads;              /**< worker threads; 0 = one per processor
                                    (fewer when the environment variable
                                    TRYGG_THREADS says so) */
} trygg_estimate_options;

/** Fills `o` with defaults. */
TRYGG_EXPORT
void trygg_estimate_options_init(trygg_estimate_options *o);

/** Flags on a result row (bit set). */
enum {
    TRYGG_FLAG_SUPPRESSED = 1u << 0, /**< fewer valid answers than min_n */
    TRYGG_FLAG_UNSTABLE = 1u << 1,   /**< CV or n beyond the stability limits
                                        (one or both of the next two) */
    TRYGG_FLAG_EMPTY = 1u << 2,      /**< no valid answers in the domain */
    TRYGG_FLAG_COMPLEMENTARY = 1u << 3, /**< suppressed so another cell
                                           cannot be recovered */
    TRYGG_FLAG_DEGENERATE = 1u << 4, /**< SE is 0 (share of 0 or 1, or a
                                        calibrated margin) */
    TRYGG_FLAG_LOW_N = 1u << 5,      /**< unstable: fewer valid answers than
                                        unstable_n */
    TRYGG_FLAG_HIGH_CV = 1u << 6     /**< unstable: CV above max_cv */
};

/** One estimate: an indicator in a domain and year. Strings are owned by the
 *  results object. Suppressed rows keep their numbers here (the library
 *  computes them) but writers must not publish them: see `flags`. */
typedef struct {
    int year;
    trygg_weighting weighting;
    const char *level;       /**< "region", "municipality", "district", ... */
    const char *domain;      /**< area name as in the data (UTF-8) */
    const char *parent;      /**< enclosing area's domain name, or "" */
    const char *parent_level;/**< enclosing area's level, or "" */
    const char *indicator;
    size_t indicator_index;
    double estimate;
    double se;
    double ci_low, ci_high;
    trygg_ci_method ci_method;
    int is_share;
    double n;                /**< unweighted valid answers in the domain */
    double n_excluded;       /**< answers excluded from the denominator
                                (don't know, never go out) */
    double n_missing;        /**< domain respondents with no answer */
    double weighted_n;       /**< weighted valid answers (estimated N) */
    double df;               /**< design degrees of freedom of the year */
    double deff;             /**< design effect (vs SRS with replacement) */
    double cv;               /**< se / |estimate| */
    unsigned flags;
    double confidence;       /**< level of ci_low..ci_high, e.g. 0.95 */
    trygg_variance variance; /**< how `se` was estimated */
    int year_from;           /**< the first survey year of the figure: `year`
                                itself, or for a pooled survey (see
                                trygg_survey_pool()) its window's first */
} trygg_estimate_row;

/** A table of estimates. */
typedef struct trygg_results trygg_results;

/**
 * Estimates every indicator for every domain of every reporting level and
 * year (as restricted by `opt`; NULL means defaults). On success *out owns a
 * new results object (free with trygg_results_free()).
 * Returns TRYGG_ERR_DESIGN (lonely PSU under "fail", naming the stratum),
 * TRYGG_ERR_CONVERGENCE (weighting), TRYGG_ERR_INVALID, TRYGG_ERR_NOMEM.
 * Linearized variances are computed on up to opt->threads threads (0: one
 * per processor, fewer when TRYGG_THREADS says so), joined before it
 * returns; the rows and their order do not depend on it. Each year is set
 * up once, one at a time (an analysis of its own: see trygg_analysis).
 * Calls GSL: see "GSL" at the top of this header.
 */
TRYGG_EXPORT
trygg_status trygg_estimate(const trygg_survey *sv,
                            const trygg_estimate_options *opt,
                            trygg_results **out, trygg_errors *err);
/** Frees results. NULL is allowed. */
TRYGG_EXPORT
void trygg_results_free(trygg_results *r);
/** Number of rows. */
TRYGG_EXPORT
size_t trygg_results_count(const trygg_results *r);
/** Row i, or NULL. Owned by the results object. */
TRYGG_EXPORT
const trygg_estimate_row *trygg_results_row(const trygg_results *r, size_t i);
/** The row for (year, level, domain, indicator), or NULL. */
TRYGG_EXPORT
const trygg_estimate_row *trygg_results_find(const trygg_results *r, int year,
                                             const char *level,
                                             const char *domain,
                                             const char *indicator);

/* ------------------------------------------------------------------ */
/* Pooled years                                                        */
/* ------------------------------------------------------------------ */

/** Options for trygg_survey_pool(). Initialise with trygg_pool_options_init. */
typedef struct {
    int years;                 /**< N: survey years stacked in a window (2 or
                                  more; default 2) */
    int year;                  /**< the last survey year of the (latest)
                                  window; 0: the latest survey year */
    int all_windows;           /**< 1: the earlier windows too, going back N
                                  survey years at a time (windows never
                                  overlap: two that share years could be
                                  subtracted); only whole windows */
    trygg_weighting weighting; /**< each year's own weighting, made before
                                  the years are stacked (default: the
                                  definition's) */
} trygg_pool_options;

/** Fills `o` with defaults: 2 years, the latest window only, the
 *  definition's weighting. */
TRYGG_EXPORT
void trygg_pool_options_init(trygg_pool_options *o);

/**
 * A survey of pooled years: the N survey years of each window stacked as
 * one sample (strata = year × stratum, each with its year's fpc; as design
 * weights each year's final weights, from its own weighting, divided by N),
 * as R's svydesign(ids = ~1, strata = ~year:stratum, fpc, weights = w / N)
 * on the stacked rows. Each window is one year of the new survey, named by
 * its last survey year (trygg_survey_pooled_from() gives its first), so
 * every function of this header works on it: trygg_estimate() gives a
 * window's estimates (n and flags of the pooled sample, year_from and year;
 * its rows' `weighting` says how each year was weighted), and its
 * suppression and audit are the pooled sample's own lattice. The variance
 * treats the calibrated weights as fixed (the design variance of the
 * stacked sample; calibration's gain is not taken). *out is a new survey
 * (free with trygg_survey_free()) that uses `sv`'s definition: that must
 * outlive it. TRYGG_ERR_ARGUMENT (fewer than 2 years, or `sv` pooled
 * already), TRYGG_ERR_NOT_FOUND (`year` is no survey year),
 * TRYGG_ERR_INVALID (fewer than N survey years up to it), the errors of
 * weighting, TRYGG_ERR_NOMEM; each with a diagnostic.
 * Calls GSL: see "GSL" at the top of this header.
 */
TRYGG_EXPORT
trygg_status trygg_survey_pool(const trygg_survey *sv, const trygg_pool_options *o,
                               trygg_survey **out, trygg_errors *err);
/** The first survey year of the figures of `year`: the window's first for a
 *  pooled survey, else `year` itself. */
TRYGG_EXPORT
int trygg_survey_pooled_from(const trygg_survey *sv, int year);
/** Survey years per window of a pooled survey; 1 for a survey as loaded. */
TRYGG_EXPORT
int trygg_survey_pool_size(const trygg_survey *sv);
/** The survey years a definition's figures pool ([report] pool = N):
 *  N, or 1 when it pools none. */
TRYGG_EXPORT
int trygg_definition_pool(const trygg_definition *def);


/* ------------------------------------------------------------------ */
/* Changes between years and contrasts between domains                 */
/* ------------------------------------------------------------------ */

/** Multiple-comparison adjustment of p-values across a family of tests
 *  ([report] adjust; priorities: across an area's items). */
typedef enum {
    TRYGG_ADJUST_HOLM = 0,  /**< Holm's step-down (R p.adjust "holm") */
    TRYGG_ADJUST_BH = 1,    /**< Benjamini–Hochberg (R p.adjust "BH") */
    TRYGG_ADJUST_NONE = 2   /**< p-values as they are */
} trygg_adjust;

/** Name of an adjustment ("holm", "bh", "none"). */
TRYGG_EXPORT
const char *trygg_adjust_name(trygg_adjust a);
/** The significance level of changes and contrasts ([report] alpha,
 *  default 0.05). */
TRYGG_EXPORT
double trygg_definition_alpha(const trygg_definition *def);
/** The adjustment of changes' and contrasts' p-values ([report] adjust,
 *  default TRYGG_ADJUST_HOLM). */
TRYGG_EXPORT
trygg_adjust trygg_definition_adjust(const trygg_definition *def);

/** A difference of two estimates, with its standard error. The library
 *  decides its significance once (`significant`): the p-values of a
 *  family are adjusted together by the definition's `adjust` and compared
 *  with its `alpha`. The family of a change is every indicator of the
 *  same domain and pair of years; of a contrast, every indicator of the
 *  same domain and enclosing area in the year; of a trend, every
 *  indicator of the domain over the same years. Suppressed rows and rows
 *  without a p-value are left out of their family (significant 0,
 *  p_adjusted NaN). */
typedef struct {
    int year_from, year_to;  /**< equal for a contrast between domains */
    const char *level;
    const char *domain;
    const char *other_level; /**< contrasts: the domain subtracted */
    const char *other_domain;
    const char *indicator;
    size_t indicator_index;
    double estimate_from, se_from, n_from; /**< contrasts: the parent */
    double estimate_to, se_to, n_to;       /**< contrasts: the domain */
    double change;           /**< to − from (contrast: domain − parent) */
    double se;
    double se_if_independent;/**< contrasts: ignoring the covariance */
    double ci_low, ci_high;  /**< change ± z(level)·se */
    double z, p_value;       /**< two-sided */
    unsigned flags;          /**< TRYGG_FLAG_* of either side */
    double confidence;       /**< level of ci_low..ci_high */
    trygg_variance variance; /**< how the SEs were estimated */
    double p_adjusted;       /**< p_value adjusted within the family */
    int significant;         /**< +1 a significant increase (difference
                                above 0), -1 a significant decrease, 0 not
                                significant (or not tested) */
    double alpha;            /**< the level p_adjusted is compared with */
    trygg_adjust adjust;     /**< how p_value was adjusted */
    size_t family_size;      /**< tests adjusted together (0: not tested) */
    int n_years;             /**< trends: the survey years the slope is
                                fitted to (0 for changes and contrasts) */
} trygg_change_row;

/** A table of changes, trends or contrasts (rows of trygg_change_row). */
typedef struct trygg_changes trygg_changes;

/** Options for trygg_changes() and trygg_contrasts(). */
typedef struct {
    trygg_weighting weighting;
    double level;            /**< default 0.95 */
    int year_to;             /**< changes: only those into this year (0:
                                the latest, every year with all_pairs);
                                contrasts: only this year (0: every year);
                                trends: the trend's last year (0: none) */
    int all_pairs;           /**< changes: every earlier year, not only the
                                previous survey year of the domain */
    const char *indicator;   /**< NULL = every indicator */
    trygg_variance variance; /**< contrasts, and changes and trends made
                                here: default the definition's */
} trygg_change_options;

/** Fills `o` with defaults: the definition's weighting and variance method,
 *  level 0.95, the latest year, previous-year changes, every indicator. */
TRYGG_EXPORT
void trygg_change_options_init(trygg_change_options *o);

/**
 * Year-over-year change per domain and indicator: the latest year minus the
 * domain's previous survey year (independent cross-sections:
 * se² = se_from² + se_to²; normal CI and p-value).
 * Calls GSL: see "GSL" at the top of this header. The errors of
 * trygg_estimate(), TRYGG_ERR_NOMEM.
 */
TRYGG_EXPORT
trygg_status trygg_changes_compute(const trygg_survey *sv,
                                   const trygg_change_options *opt,
                                   trygg_changes **out, trygg_errors *err);
/**
 * The same changes from estimates already made (every year's, with the
 * weighting and confidence level wanted): no estimation again.
 * Calls GSL: see "GSL" at the top of this header. TRYGG_ERR_NOMEM.
 */
TRYGG_EXPORT
trygg_status trygg_changes_from_estimates(const trygg_survey *sv,
                                          const trygg_results *estimates,
                                          const trygg_change_options *opt,
                                          trygg_changes **out, trygg_errors *err);

/**
 * Contrasts of every domain with its enclosing area (district minus
 * municipality, municipality minus region) in the same year, with the
 * covariance of the overlapping domains (R svyby(covmat = TRUE) +
 * svycontrast).
 * Calls GSL: see "GSL" at the top of this header. The errors of
 * trygg_estimate(), TRYGG_ERR_NOMEM.
 */
TRYGG_EXPORT
trygg_status trygg_contrasts_compute(const trygg_survey *sv,
                                     const trygg_change_options *opt,
                                     trygg_changes **out, trygg_errors *err);
/**
 * The same contrasts, a row suppressed as its two domains are in
 * `estimates` (trygg_estimate of every level of the year, with the
 * weighting wanted, complementary suppression applied) instead of in
 * counts estimated again.
 * Calls GSL: see "GSL" at the top of this header. TRYGG_ERR_ARGUMENT when
 * `estimates` is NULL; the errors of weighting (trygg_estimate()),
 * TRYGG_ERR_NOMEM.
 */
TRYGG_EXPORT
trygg_status trygg_contrasts_from_estimates(const trygg_survey *sv,
                                            const trygg_results *estimates,
                                            const trygg_change_options *opt,
                                            trygg_changes **out, trygg_errors *err);

/**
 * One contrast between any two domains of the same year (they may overlap
 * or be disjoint: "stype=E minus stype=H", a district minus a peer group):
 * domain `a` of level `level_a` minus domain `b` of `level_b`, with the
 * covariance taken into account. TRYGG_ERR_NOT_FOUND when a level, domain
 * or indicator does not exist in that year. *out is filled (its strings
 * point into `sv`'s definition or are the caller's arguments). For the
 * analyst: any two domains, so no suppression is applied (a pair may be a
 * cell of no table); nothing trygg publishes is made with it.
 * Calls GSL: see "GSL" at the top of this header.
 */
TRYGG_EXPORT
trygg_status trygg_contrast_pair(const trygg_survey *sv,
                                 const trygg_change_options *opt, int year,
                                 const char *level_a, const char *a,
                                 const char *level_b, const char *b,
                                 const char *indicator, trygg_change_row *out,
                                 trygg_errors *err);

/**
 * Linear trend per domain and indicator over its survey years up to
 * opt->year_to (0: every year): the slope of the estimates on the year (per
 * year), its SE from the independent years' SEs, CI and p-value. A domain
 * gets a row when it has answers in 3 or more of those years, the last of
 * them its latest; year_from/year_to are the first and last year fitted,
 * n_years their number, `change` the slope. Write with trygg_trends_write().
 * Calls GSL: see "GSL" at the top of this header. The errors of
 * trygg_estimate(), TRYGG_ERR_NOMEM.
 */
TRYGG_EXPORT
trygg_status trygg_trends_compute(const trygg_survey *sv,
                                  const trygg_change_options *opt,
                                  trygg_changes **out, trygg_errors *err);

/** Frees a table of changes, trends or contrasts. NULL is allowed. */
TRYGG_EXPORT
void trygg_changes_free(trygg_changes *c);
/** Number of rows (0 for NULL). */
TRYGG_EXPORT
size_t trygg_changes_count(const trygg_changes *c);
/** Row i, or NULL out of range. Owned by the table. */
TRYGG_EXPORT
const trygg_change_row *trygg_changes_row(const trygg_changes *c, size_t i);
/** The first row for (year_to, level, domain, indicator), or NULL. */
TRYGG_EXPORT
const trygg_change_row *trygg_changes_find(const trygg_changes *c, int year_to,
                                           const char *level, const char *domain,
                                           const char *indicator);

/* ------------------------------------------------------------------ */
/* Priorities for citizen promises (medborgarlöften) and follow-up     */
/* ------------------------------------------------------------------ */

/** Options for trygg_priorities_compute() and trygg_followup_compute().
 *  Initialise with trygg_priority_options_init(). */
typedef struct {
    trygg_weighting weighting;  /**< default: the definition's */
    int year;                   /**< 0 = the latest year with the area */
    trygg_adjust adjust;        /**< default Holm */
    double alpha;               /**< default 0.05 */
    double level;               /**< confidence level, default 0.95 */
    const char *judgements;     /**< CSV area,indicator,signal_problem,influence */
    const trygg_results *estimates; /**< every year's estimates with this
                                       weighting and variance method, made
                                       already (a report's); NULL: computed
                                       here */
    trygg_variance variance;    /**< default: the definition's; the gaps,
                                   peer comparisons and residents affected
                                   by it too */
} trygg_priority_options;

/** Fills `o` with defaults: the definition's weighting, variance method and
 *  confidence level, the latest year, Holm at 0.05, no judgements,
 *  estimates made here. */
TRYGG_EXPORT
void trygg_priority_options_init(trygg_priority_options *o);

/** One problem in one area: Brå's prioritisation matrix as columns. NaN
 *  where a column does not apply (no parent, one year only, ...). */
typedef struct {
    int rank;                 /**< 1 = first; 0 for a suppressed item (they
                                 come last, in the definition's order) */
    int priority;             /**< 1 when it meets the rule (see README) */
    const char *reason;       /**< why, in Swedish */
    const char *reason_en;
    int year;
    const char *level, *area;
    const char *indicator;
    size_t indicator_index;
    int is_share;             /**< shares are ranked before indices */
    const char *focus_areas;  /**< the items' tags */
    double estimate, ci_low, ci_high, n;
    const char *parent_level, *parent;  /**< the enclosing area, or "" */
    double parent_estimate, gap, gap_se, gap_ci_low, gap_ci_high, gap_p,
        gap_p_adjusted;
    int change_from;
    double change, change_se, change_p, change_p_adjusted;
    double trend, trend_se, trend_p;
    double affected, affected_ci_low, affected_ci_high;
    const char *group_level;  /**< the crossing the group is a cell of */
    const char *group;        /**< its published cell within the area with
                                 the highest estimate ("Fittja / 2") */
    double group_estimate, group_ci_low, group_ci_high;
    const char *peer_group;
    double peer_estimate, peer_gap, peer_gap_ci_low, peer_gap_ci_high,
        peer_gap_p;
    const char *signal_problem, *influence;  /**< from the judgements file */
    unsigned flags;
    double confidence;        /**< level of the intervals */
    trygg_variance variance;  /**< how their SEs were estimated */
} trygg_priority_row;

/** A table of ranked problems (rows of trygg_priority_row). */
typedef struct trygg_priorities trygg_priorities;

/**
 * Ranks the problem items (indicators of group "problem", and indices) of
 * an area ("Fittja", or "district:Fittja"), of every area of a level
 * ("municipality:*"), or of every area when `area` is NULL.
 * TRYGG_ERR_NOT_FOUND when the area does not exist.
 * Calls GSL: see "GSL" at the top of this header.
 */
TRYGG_EXPORT
trygg_status trygg_priorities_compute(const trygg_survey *sv,
                                      const trygg_priority_options *opt,
                                      const char *area, trygg_priorities **out,
                                      trygg_errors *err);
/** Frees priorities. NULL is allowed. */
TRYGG_EXPORT
void trygg_priorities_free(trygg_priorities *p);
/** Number of rows (0 for NULL). */
TRYGG_EXPORT
size_t trygg_priorities_count(const trygg_priorities *p);
/** Row i, or NULL out of range. Owned by the table. */
TRYGG_EXPORT
const trygg_priority_row *trygg_priorities_row(const trygg_priorities *p,
                                               size_t i);
/** Writes the priorities as CSV or JSON to `path` (one row per
 *  trygg_priority_row, its fields as columns; a suppressed item's numbers
 *  blank) through a group of its own: the old file stays unless the new
 *  one is whole. TRYGG_ERR_IO (the path and why), TRYGG_ERR_NOMEM. */
TRYGG_EXPORT
trygg_status trygg_priorities_write(const trygg_priorities *p,
                                    const char *path, trygg_format fmt,
                                    trygg_errors *err);

/** A promise's follow-up ("kvitto"). */
typedef enum {
    TRYGG_VERDICT_ACHIEVED = 0,     /**< uppnått */
    TRYGG_VERDICT_NOT_ACHIEVED,     /**< ej uppnått */
    TRYGG_VERDICT_INCONCLUSIVE      /**< går ej att avgöra */
} trygg_verdict;

/** One promise judged (a row of trygg_followup_compute()). Strings are owned
 *  by the follow-ups. */
typedef struct {
    const char *area, *indicator;  /**< as the survey names them (the file
                                      may have "fittja", "jarfalla") */
    const char *level;       /**< the area's level */
    int baseline_year, followup_year;
    int direction;           /**< -1 decrease, +1 increase */
    const char *direction_text; /**< the file's word, kept ("minska") */
    double target;           /**< in the indicator's unit; NaN = none */
    double target_entered;   /**< as the file gives it: percentage points
                                for shares; NaN = none */
    const char *target_text, *target_text_en; /**< "−5 procentenheter",
                                "-5 percentage points"; "" when none */
    double baseline, baseline_ci_low, baseline_ci_high;
    double followup, followup_ci_low, followup_ci_high;
    double change, se, ci_low, ci_high, p_value;  /**< NaN when either
                                year's estimate is suppressed */
    trygg_verdict verdict;
    const char *verdict_text;   /**< "uppnått", "ej uppnått", "går ej att avgöra" */
    const char *verdict_en;     /**< "achieved", "not achieved", "cannot be judged" */
    const char *reason, *reason_en;
    unsigned flags;          /**< TRYGG_FLAG_SUPPRESSED alone when either
                                year's estimate is suppressed; else the
                                flags of both */
    /* The enclosing area over the same years, so that a general trend is
     * not read as the promise's effect. NaN (and "" names) when the area
     * has none (the region), when the row is suppressed, or when any of
     * the four cells (the area's and the enclosing area's, both years) is
     * hidden. */
    const char *parent_level, *parent;  /**< the enclosing area */
    double parent_baseline, parent_followup;
    double parent_change, parent_change_se; /**< m₂ − m₁, independent years */
    double difference;       /**< (d₂ − m₂) − (d₁ − m₁): the two years'
                                contrasts of the area with its enclosing
                                area, each with the covariance of the
                                overlap (as trygg_contrasts_from_estimates) */
    double difference_se;    /**< √(se(c₁)² + se(c₂)²): independent years */
    double difference_ci_low, difference_ci_high, difference_p;
    int difference_significant; /**< +1 / −1 when difference_p < alpha
                                   (the verdict's rule), else 0 */
    const char *comparison, *comparison_en; /**< the difference in words
                                   ("" when there is none) */
} trygg_followup_row;

/** A table of judged promises (rows of trygg_followup_row). */
typedef struct trygg_followups trygg_followups;

/**
 * Reads a promises CSV (area,indicator,baseline_year,followup_year,
 * direction,target; direction decrease|increase or minska|öka, in any
 * case; target in percentage points for shares, else in the indicator's
 * unit, with the file's decimal mark (',' in a ';' file, '.' in a ','
 * file); blank = none) and judges each promise. Areas and indicators are
 * matched as trygg_name_resolve() does ("fittja", "jarfalla",
 * "district:Fittja"). Both years must be survey years, the baseline the
 * earlier. Reasons are in Swedish with Swedish numbers ("p = 0,254") and
 * in English. A promise whose baseline or follow-up estimate is suppressed
 * gets no numbers (NaN), the verdict "går ej att avgöra" and the reason
 * "för få svar". Each promise is also set beside its enclosing area's
 * change over the same years (the parent_* and difference_* fields: the
 * contrasts of the two years, with the weighting and confidence level of
 * `opt`). Errors name the file, line and column.
 * Calls GSL: see "GSL" at the top of this header.
 */
TRYGG_EXPORT
trygg_status trygg_followup_compute(const trygg_survey *sv,
                                    const trygg_priority_options *opt,
                                    const char *promises_path,
                                    trygg_followups **out, trygg_errors *err);
/** Frees follow-ups. NULL is allowed. */
TRYGG_EXPORT
void trygg_followups_free(trygg_followups *f);
/** Number of rows (0 for NULL). */
TRYGG_EXPORT
size_t trygg_followups_count(const trygg_followups *f);
/** Row i, or NULL out of range. Owned by the table. */
TRYGG_EXPORT
const trygg_followup_row *trygg_followups_row(const trygg_followups *f,
                                              size_t i);
/** Writes the follow-ups as CSV or JSON to `path` (one row per promise,
 *  the fields of trygg_followup_row as columns; a suppressed promise's
 *  numbers blank) through a group of its own, as trygg_priorities_write().
 *  TRYGG_ERR_IO, TRYGG_ERR_NOMEM. */
TRYGG_EXPORT
trygg_status trygg_followups_write(const trygg_followups *f, const char *path,
                                   trygg_format fmt, trygg_errors *err);

/* ------------------------------------------------------------------ */
/* One analysis per run: each year built once                          */
/* ------------------------------------------------------------------ */

/** Options of an analysis. Initialise with trygg_analysis_options_init(). */
typedef struct {
    trygg_weighting weighting;   /**< default: the definition's */
    trygg_variance variance;     /**< default: the definition's; every output
                                    of the analysis by it */
    trygg_ci_method ci_shares;   /**< default: the definition's */
    double level;                /**< confidence level; outside (0, 1): the
                                    definition's */
    int year;                    /**< 0 = every survey year; else the
                                    estimates are of this year only (so
                                    changes and trends find nothing) */
    size_t threads;              /**< worker threads; 0 = one per processor
                                    (fewer when TRYGG_THREADS says so) */
    int keep_years;              /**< 1 (the default): a year once built stays
                                    for the next table that needs it; 0: each
                                    is freed once a table is made from it (one
                                    year in memory at a time, for a run that
                                    makes one table) */
    int keep_year;               /**< a survey year: it alone is kept (what a
                                    run needs after the estimates of every
                                    year); 0: as keep_years says */
} trygg_analysis_options;

/** Sets every option of `o` to its default: the definition's weighting,
 *  variance, intervals and level, every year, one thread per processor,
 *  years kept. */
TRYGG_EXPORT
void trygg_analysis_options_init(trygg_analysis_options *o);

/**
 * The results of one survey under one set of options, from years that are
 * each set up (design, weights, calibration, indicator values, domains and,
 * with a replicate method, replicate weights) at most once: the estimates
 * are made once, and changes, trends, contrasts, priorities and follow-ups
 * take their published rows (numbers and suppression) from them. The
 * survey must outlive the analysis. An analysis is used by one thread at a
 * time (it runs its own workers).
 */
typedef struct trygg_analysis trygg_analysis;

/** A new analysis of `sv` with `opt` (NULL: defaults); nothing is computed
 *  yet. Free with trygg_analysis_free(). TRYGG_OK or TRYGG_ERR_NOMEM. */
TRYGG_EXPORT
trygg_status trygg_analysis_new(const trygg_survey *sv, const trygg_analysis_options *opt,
                                trygg_analysis **out);
/** Frees the analysis, its years and every table it owns. NULL is allowed. */
TRYGG_EXPORT
void trygg_analysis_free(trygg_analysis *a);

/**
 * Every indicator of every domain, level and year of the analysis, made the
 * first time it is asked for and suppressed as trygg_estimate() does; *out
 * is owned by the analysis (valid until trygg_analysis_free()). Statuses as
 * trygg_estimate().
 */
TRYGG_EXPORT
trygg_status trygg_analysis_estimates(trygg_analysis *a, const trygg_results **out,
                                      trygg_errors *err);
/**
 * Part of the estimates: `filter`'s year, level_name, indicator and
 * counts_only (its weighting, variance, intervals, level and threads are
 * the analysis's, whatever it says). Taken from the estimates already made
 * when there are any; *out is the caller's (trygg_results_free()).
 * Statuses as trygg_estimate().
 */
TRYGG_EXPORT
trygg_status trygg_analysis_estimate(trygg_analysis *a, const trygg_estimate_options *filter,
                                     trygg_results **out, trygg_errors *err);
/** trygg_changes_from_estimates() of the analysis's estimates (`opt`'s
 *  year_to, all_pairs and indicator; the analysis's level). *out is the
 *  caller's. Statuses as trygg_changes_from_estimates(). */
TRYGG_EXPORT
trygg_status trygg_analysis_changes(trygg_analysis *a, const trygg_change_options *opt,
                                    trygg_changes **out, trygg_errors *err);
/** The trends (trygg_trends_compute()) of the analysis's estimates; *out
 *  is the caller's. Statuses as trygg_trends_compute(). */
TRYGG_EXPORT
trygg_status trygg_analysis_trends(trygg_analysis *a, const trygg_change_options *opt,
                                   trygg_changes **out, trygg_errors *err);
/** The contrasts (trygg_contrasts_compute()) of `opt`'s year_to (0: every
 *  year) and indicator, from the analysis's years. *out is the caller's.
 *  Statuses as trygg_contrasts_compute(). */
TRYGG_EXPORT
trygg_status trygg_analysis_contrasts(trygg_analysis *a, const trygg_change_options *opt,
                                      trygg_changes **out, trygg_errors *err);
/** The priorities (trygg_priorities_compute()) from the analysis's years
 *  and estimates: `opt` gives the year, alpha, adjustment and judgements;
 *  its weighting, variance, level and estimates are the analysis's.
 *  Statuses as trygg_priorities_compute(). */
TRYGG_EXPORT
trygg_status trygg_analysis_priorities(trygg_analysis *a, const trygg_priority_options *opt,
                                       const char *area, trygg_priorities **out,
                                       trygg_errors *err);
/** The follow-ups (trygg_followup_compute()) from the analysis's estimates
 *  and contrasts; `opt` as for trygg_analysis_priorities(). Statuses as
 *  trygg_followup_compute(). */
TRYGG_EXPORT
trygg_status trygg_analysis_followups(trygg_analysis *a, const trygg_priority_options *opt,
                                      const char *promises_path, trygg_followups **out,
                                      trygg_errors *err);

/* ------------------------------------------------------------------ */
/* Small areas: Fay–Herriot estimates                                  */
/* ------------------------------------------------------------------ */

/** The scale a share is modelled on (means and indices: their own). */
typedef enum {
    TRYGG_SCALE_LOGIT = 0,    /**< log(p / (1 − p)), D / (p(1 − p))² */
    TRYGG_SCALE_ARCSINE = 1,  /**< asin(√p), D / (4 p(1 − p)) */
    TRYGG_SCALE_IDENTITY = 2  /**< the estimate as it is */
} trygg_model_scale;

/** Name of a scale ("logit", "arcsine", "identity"). */
TRYGG_EXPORT
const char *trygg_model_scale_name(trygg_model_scale s);

/** Options for trygg_smallarea_compute(). Initialise with
 *  trygg_smallarea_options_init(). */
typedef struct {
    const char *level;          /**< the areas modelled (default "district") */
    const char *indicator;      /**< NULL: every indicator */
    int year;                   /**< 0: the latest survey year */
    trygg_model_scale shares;   /**< the scale of shares (default logit) */
    const char *covariates;     /**< area_covariates.csv (`area` or the
                                   level's name, optional `year` and
                                   `population`, numeric covariates), or NULL */
    int prior_year;             /**< 1: the area's published estimate of the
                                   previous survey year is a covariate */
    int benchmark;              /**< 1 (default): each parent's areas are
                                   scaled to add up to its direct estimate */
    trygg_weighting weighting;  /**< of the direct estimates */
    trygg_variance variance;    /**< of their design variances */
    const trygg_results *estimates; /**< the direct estimates of every year,
                                       made already; NULL: made here */
} trygg_smallarea_options;

/** Fills `o` with defaults: districts, every indicator, the latest year,
 *  shares on the logit scale, no covariates file, no prior year,
 *  benchmarked, the definition's weighting and variance method. */
TRYGG_EXPORT
void trygg_smallarea_options_init(trygg_smallarea_options *o);

/** One area's direct estimate (as published) beside its model estimate. */
typedef struct {
    int year;
    const char *level, *domain, *parent_level, *parent, *indicator;
    size_t indicator_index;
    double estimate, se, n;     /**< the direct cell (NaN when suppressed) */
    unsigned flags;             /**< the direct cell's TRYGG_FLAG_* */
    double model_estimate;      /**< NaN when the area has no model estimate */
    double model_rmse;          /**< √MSE (Prasad–Rao; synthetic: σ² + x'Cx;
                                   benchmarked: + the adjustment²) */
    const char *model;          /**< "eblup", "synthetic" (not from the
                                   area's own direct estimate: it is
                                   suppressed, or a share of 0 or 1), or
                                   "none: …" saying why */
    const char *scale;          /**< "logit", "arcsine", "identity" */
    int benchmarked;            /**< 1 when scaled to the parent's estimate */
    double shrinkage;           /**< eblup: γ = σ²/(σ² + D); else NaN */
    double residual;            /**< eblup: (y − x'β̂)/√(σ² + D) on the scale */
    int covariate_year;         /**< the year of the prior-year covariate, 0 */
} trygg_smallarea_row;

/** One model statistic (the diagnostics table), e.g. term "sigma2_u". */
typedef struct {
    int year;
    const char *level, *indicator, *scale, *term;
    double value, se;           /**< se NaN where it has none */
} trygg_smallarea_stat;

/** Model estimates of an indicator's areas and their diagnostics. */
typedef struct trygg_smallarea trygg_smallarea;

/**
 * Fay–Herriot EBLUPs of an indicator's areas (one model per indicator and
 * year over every area of the level): direct estimates and design
 * variances from the engine, covariates from the file and/or the previous
 * year, REML σ²_u, Prasad–Rao MSE, back-transformed from the share's scale
 * (delta method) and benchmarked (ratio) to the parent's direct estimate,
 * with the areas' populations from the covariates' `population` column or
 * the design's (the fpc as counts of strata that lie in one area). Only
 * published cells enter the fit: a suppressed area gets the synthetic
 * estimate x'β̂, never one made with its own direct value, and a parent
 * that is suppressed is not benchmarked to. Model figures never replace
 * the direct ones. TRYGG_ERR_NOT_FOUND (level, indicator or year),
 * TRYGG_ERR_PARSE (the covariates file: file, line, column), the errors of
 * trygg_estimate(), TRYGG_ERR_NOMEM.
 * Calls GSL: see "GSL" at the top of this header.
 */
TRYGG_EXPORT
trygg_status trygg_smallarea_compute(const trygg_survey *sv, const trygg_smallarea_options *o,
                                     trygg_smallarea **out, trygg_errors *err);
/** Frees model estimates. NULL is allowed. */
TRYGG_EXPORT
void trygg_smallarea_free(trygg_smallarea *s);
/** Number of area rows (0 for NULL). */
TRYGG_EXPORT
size_t trygg_smallarea_count(const trygg_smallarea *s);
/** Area row i, or NULL out of range. Owned by `s`. */
TRYGG_EXPORT
const trygg_smallarea_row *trygg_smallarea_get(const trygg_smallarea *s, size_t i);
/** The model statistics: per model sigma2_u (with its asymptotic SE),
 *  beta:NAME (with SEs), areas_fitted, areas_synthetic, areas_without_model,
 *  reml_iterations, converged, mean_shrinkage, residual_mean, residual_sd,
 *  residual_skewness, residual_excess_kurtosis, residuals_beyond_2, and
 *  benchmark:PARENT (the ratio applied). */
TRYGG_EXPORT
size_t trygg_smallarea_stat_count(const trygg_smallarea *s);
/** Model statistic i, or NULL out of range. Owned by `s`. */
TRYGG_EXPORT
const trygg_smallarea_stat *trygg_smallarea_stat_get(const trygg_smallarea *s, size_t i);
/* ------------------------------------------------------------------ */
/* Weights                                                             */
/* ------------------------------------------------------------------ */

/** Every respondent's weights and a report per year and municipality. */
typedef struct trygg_weights trygg_weights;

/**
 * Forms the weights of every year by `weighting` (DEFAULT: the
 * definition's). Errors as trygg_estimate(). Free with trygg_weights_free().
 * Calls GSL: see "GSL" at the top of this header.
 */
TRYGG_EXPORT
trygg_status trygg_weights_compute(const trygg_survey *sv,
                                   trygg_weighting weighting,
                                   trygg_weights **out, trygg_errors *err);
/** Frees weights. NULL is allowed. */
TRYGG_EXPORT
void trygg_weights_free(trygg_weights *w);
/** Number of respondents. */
TRYGG_EXPORT
size_t trygg_weights_count(const trygg_weights *w);
/** One respondent's weights (trygg_weights_get()). */
typedef struct {
    int year;
    const char *id;        /**< the respondent's id as in the data; owned by
                              the survey the weights were computed of */
    double design_weight;  /**< the design weight */
    double weight;         /**< the final weight (what the estimates use) */
} trygg_weight_row;

/** Respondent i's year, id, design weight and final weight into *row, in
 *  the order of trygg_weights_write(). TRYGG_ERR_ARGUMENT (*row untouched)
 *  when `w` is NULL or i is not below trygg_weights_count(). */
TRYGG_EXPORT
trygg_status trygg_weights_get(const trygg_weights *w, size_t i, trygg_weight_row *row);

/**
 * Writes `year,respondent,municipality,district,design_weight,weight,g`
 * (the only output with respondent-level rows) through a group of its own
 * (see "Output files"): the old file stays unless the new one is whole.
 * TRYGG_ERR_IO (the path and why), TRYGG_ERR_NOMEM.
 */
TRYGG_EXPORT
trygg_status trygg_weights_write(const trygg_weights *w, const char *path,
                                 trygg_errors *err);
/**
 * Writes the weight report: per year, municipality and group (all, and each
 * sex × age group): n, sum, min, max, mean and CV of the weights, Kish's
 * design effect due to weighting (n·Σw²/(Σw)²), effective sample size, the
 * group's share of respondents and its weighted share (the population's,
 * after calibration), and the iterations the weighting took. TRYGG_ERR_IO (the
 * path and why), TRYGG_ERR_NOMEM.
 */
TRYGG_EXPORT
trygg_status trygg_weights_write_report(const trygg_weights *w,
                                        const char *path, trygg_errors *err);

/* ------------------------------------------------------------------ */
/* Disclosure audit                                                    */
/* ------------------------------------------------------------------ */

/** What a run has published: the cells its output tables print numbers of,
 *  directly or through figures made from them. */
typedef struct trygg_publication trygg_publication;

/** An empty publication of survey `sv` (which must outlive it). Returns
 *  TRYGG_OK or TRYGG_ERR_NOMEM. */
TRYGG_EXPORT
trygg_status trygg_publication_new(const trygg_survey *sv, trygg_publication **out);
/** Frees it. NULL is allowed. */
TRYGG_EXPORT
void trygg_publication_free(trygg_publication *p);
/**
 * Adds one of trygg's CSV outputs as a reader sees it: estimates, changes,
 * trends, contrasts, priorities or follow-ups (told apart by the header).
 * A cell is published by any number of its own and by every figure made
 * from it (a change publishes both years, a trend every year it spans, a
 * priority its area's cell, the enclosing area's, the previous year's, the
 * group's and the peer areas'). TRYGG_ERR_IO / TRYGG_ERR_PARSE with the
 * file in `err` when the file cannot be read or is not such a table.
 */
TRYGG_EXPORT
trygg_status trygg_publication_read(trygg_publication *p, const char *path,
                                    trygg_errors *err);

/**
 * Adds a table as it will be written (the writers print a suppressed row's
 * flag as "suppressed" and none of its numbers), so that a command can audit
 * its outputs before committing them; `table` names it in the findings.
 * The same cells as trygg_publication_read() of the written file.
 */
TRYGG_EXPORT
trygg_status trygg_publication_add_results(trygg_publication *p, const trygg_results *r,
                                           const char *table);
/** Changes, trends or contrasts, as trygg_publication_add_results(). */
TRYGG_EXPORT
trygg_status trygg_publication_add_changes(trygg_publication *p, const trygg_changes *c,
                                           const char *table);
/** Priorities, as trygg_publication_add_results(). */
TRYGG_EXPORT
trygg_status trygg_publication_add_priorities(trygg_publication *p,
                                              const trygg_priorities *pr,
                                              const char *table);
/** Follow-ups (their area's cells and, where the comparison is printed,
 *  the enclosing area's, in both years), as trygg_publication_add_results(). */
TRYGG_EXPORT
trygg_status trygg_publication_add_followups(trygg_publication *p,
                                             const trygg_followups *f,
                                             const char *table);

/** Adds the model table to a publication (the audit before writing): its
 *  direct columns as an estimates table's, a benchmarked row shows its
 *  parent's cell and a prior-year covariate the area's previous cell.
 *  TRYGG_ERR_NOMEM. */
TRYGG_EXPORT
trygg_status trygg_publication_add_smallarea(trygg_publication *p, const trygg_smallarea *s,
                                             const char *table);

/** What an audit finding says of a protected cell. */
typedef enum {
    TRYGG_AUDIT_DISCLOSED = 0, /**< a protected cell's count or value can be
                                  worked out exactly */
    TRYGG_AUDIT_NARROW = 1     /**< its count is bounded to an interval
                                  narrower than the protection */
} trygg_audit_kind;

/** One finding of the audit. Strings are owned by the audit. */
typedef struct {
    trygg_audit_kind kind;
    int year;
    const char *level, *domain;
    const char *indicator;  /**< "" when the respondents' count is the cell */
    double low, high;       /**< TRYGG_AUDIT_NARROW: the count lies in
                               [low, high]; NaN otherwise */
    const char *how;        /**< the published figures that give it away */
} trygg_audit_finding;

/** Options for trygg_audit_run(). Initialise with
 *  trygg_audit_options_init(). */
typedef struct {
    int protection;  /**< a protected count must not be bounded to an
                        interval narrower than this; 0: the definition's
                        [report] protection (default min_n) */
    int bounds;      /**< 1 (default): bound counts by linear programming;
                        0: exact disclosure only */
} trygg_audit_options;

/** Fills `o` with defaults: the definition's protection, bounds by linear
 *  programming. */
TRYGG_EXPORT
void trygg_audit_options_init(trygg_audit_options *o);

/** The findings of an audit (trygg_audit_run()). */
typedef struct trygg_audit trygg_audit;

/**
 * An attacker's check of a publication. Protected cells are those with
 * fewer than min_n valid answers (or respondents) and more than none, and
 * those an output marks suppressed. Published counts and weighted sums are
 * sums over the finest cells the definition's levels and crossings make, so
 * each year and question (and the respondents' counts) is a system of
 * linear equations: a protected cell is DISCLOSED when it is printed, or
 * made a figure of, or when its row lies in the row space of the published
 * cells' rows (exact arithmetic); and NARROW when linear programming over
 * non-negative counts bounds its count to an interval narrower than the
 * protection. Rows that print more than "suppressed" of a suppressed cell
 * (numbers, a flag, a rank, a verdict) are DISCLOSED too.
 * Returns TRYGG_OK (whatever was found), TRYGG_ERR_NOMEM, TRYGG_ERR_NUMERIC
 * (the LP solver failed). It builds the publication's lattices as it goes,
 * changing `p` although it takes it as const: one audit of a publication
 * at a time, and nothing added to it meanwhile.
 */
TRYGG_EXPORT
trygg_status trygg_audit_run(const trygg_publication *p, const trygg_audit_options *o,
                             trygg_audit **out, trygg_errors *err);
/** Frees an audit. NULL is allowed. */
TRYGG_EXPORT
void trygg_audit_free(trygg_audit *a);
/** Number of findings (0 for NULL). */
TRYGG_EXPORT
size_t trygg_audit_count(const trygg_audit *a);
/** Finding i, or NULL out of range. Owned by the audit. */
TRYGG_EXPORT
const trygg_audit_finding *trygg_audit_get(const trygg_audit *a, size_t i);
/**
 * For a command about to write the audited tables: one diagnostic per
 * TRYGG_AUDIT_DISCLOSED finding ("2024 district Fisksätra share_x: …") and
 * TRYGG_ERR_DISCLOSURE when there is any, else TRYGG_OK.
 */
TRYGG_EXPORT
trygg_status trygg_audit_refuse(const trygg_audit *a, trygg_errors *err);
/** Number of TRYGG_AUDIT_DISCLOSED findings. */
TRYGG_EXPORT
size_t trygg_audit_disclosed(const trygg_audit *a);
/** Cells of the publication judged (0 for NULL). */
TRYGG_EXPORT
size_t trygg_audit_cells(const trygg_audit *a);
/** Protected cells among those judged (0 for NULL). */
TRYGG_EXPORT
size_t trygg_audit_protected(const trygg_audit *a);

/* ------------------------------------------------------------------ */
/* Output files                                                        */
/* ------------------------------------------------------------------ */

/**
 * Output files that appear whole, together, or not at all, and that
 * cannot be turned against their writer.
 *
 * Each member of a group is written to a new temporary file in its
 * target's folder, created with O_CREAT | O_EXCL | O_NOFOLLOW and a random
 * name (".NAME.trygg-XXXXXXXXXXXX", retried when taken), so a planted file
 * or symbolic link is never written through. The target itself must be
 * absent or a regular file: a symbolic link, device (/dev/null), FIFO,
 * folder or socket is refused with a diagnostic naming the path and what
 * it is, and nothing is written. "-" is standard output (written as it
 * goes, no temporary).
 *
 * trygg_output_group_commit() renames the temporaries over their targets
 * only once every member has been written, flushed and closed without an
 * error. Guarantees:
 * - a failure while writing (full disk, I/O error, a refused target) leaves
 *   every target as it was and removes every temporary;
 * - a failure while renaming is rolled back: targets already replaced get
 *   their old file back (each replacement is an exchange, renameat2
 *   RENAME_EXCHANGE, that can be undone) and new targets are removed, so
 *   the group is again all old. On a file system without exchange (plain
 *   rename), a target already replaced stays new and the diagnostic says
 *   so;
 * - a reader sees a target's old file or its whole new one, never a part.
 * Not guaranteed: durability across a power cut (files are not fsync'ed:
 * the renames keep half files from view, not from a crash of the machine),
 * and a process killed in the middle of the renames (a few system calls)
 * may leave some targets new; the temporaries of a process killed before
 * it commits stay behind (SIGKILL cannot be caught; see the hook).
 *
 * Every failed open, write, close or rename adds a diagnostic with the
 * target's path and the reason (strerror: "No space left on device").
 *
 * open, finish and temp may be called from several threads at once (one
 * thread per member); commit and free from one thread, after the writers.
 */
typedef struct trygg_output_group trygg_output_group;

/** What a hook is told about a temporary file. */
typedef enum {
    TRYGG_TEMP_CREATING = 0, /**< about to be created: remove it if the
                                process must stop before it is gone */
    TRYGG_TEMP_GONE = 1,     /**< renamed into place, removed, or never
                                made (may be told more than once) */
    TRYGG_TEMP_CREATING_FOLDER = 2 /**< a folder about to be created: if the
                                process must stop, remove it with all in it */
} trygg_temp_event;

/** Called with each temporary's path (valid during the call only). */
typedef void (*trygg_temp_hook)(void *ctx, const char *temp,
                                trygg_temp_event event);

/**
 * Checks, before any work, the files a run will write (`n` paths; "-" is
 * standard output): each absent or a regular file in an existing folder,
 * and no file named twice (in any spelling). The errors
 * trygg_output_group_open() would give later: TRYGG_ERR_IO (the path and
 * why), TRYGG_ERR_ARGUMENT (named twice), TRYGG_ERR_NOMEM.
 */
TRYGG_EXPORT
trygg_status trygg_output_targets_check(const char *const *paths, size_t n,
                                        trygg_errors *err);

/** A new, empty group (free with trygg_output_group_free()).
 *  TRYGG_ERR_NOMEM. */
TRYGG_EXPORT
trygg_status trygg_output_group_new(trygg_output_group **out);
/** Tells `hook` about every temporary the group creates and removes (a
 *  command uses it to remove them on SIGINT/SIGTERM). Set before open. */
TRYGG_EXPORT
void trygg_output_group_set_hook(trygg_output_group *g, trygg_temp_hook hook,
                                 void *ctx);
/**
 * Adds the member `path` and opens its temporary: *f is the stream to write
 * it through (owned by the group; do not close it). TRYGG_ERR_IO when the
 * target is not a regular file or the temporary cannot be created,
 * TRYGG_ERR_ARGUMENT when the group already has a member for that file.
 */
TRYGG_EXPORT
trygg_status trygg_output_group_open(trygg_output_group *g, const char *path,
                                     FILE **f, trygg_errors *err);
/** Ends the member `path`: flushes and closes its temporary. TRYGG_ERR_IO
 *  (the reason in `err`; its temporary removed) when anything written to it
 *  failed. Commit does this for members not finished. */
TRYGG_EXPORT
trygg_status trygg_output_group_finish(trygg_output_group *g, const char *path,
                                       trygg_errors *err);
/** The temporary file of member `path` while the group is not committed
 *  (to read it back before committing), or NULL ("-", no such member, a
 *  failed member, or after commit). Owned by the group. */
TRYGG_EXPORT
const char *trygg_output_group_temp(const trygg_output_group *g,
                                    const char *path);
/** Renames every member into place, as described above. TRYGG_ERR_IO. */
TRYGG_EXPORT
trygg_status trygg_output_group_commit(trygg_output_group *g, trygg_errors *err);
/** Frees the group, removing the temporaries of a group not committed.
 *  NULL is allowed. */
TRYGG_EXPORT
void trygg_output_group_free(trygg_output_group *g);

/**
 * A folder of outputs (a report) built in private and put in place at
 * once: a reader of `dir` sees the whole old folder or the whole new one.
 *
 * trygg_output_folder_new() checks `dir` (absent, or a folder: a symbolic
 * link, a regular file or anything else is refused with a diagnostic
 * naming it), removes the private folders that killed runs left beside it
 * (".NAME.trygg-PID-…" of a process that is gone and holds no lock on
 * it), and creates a new private folder beside `dir` (mode 0700, a name
 * no one can guess, locked while this process lives) to write into.
 * trygg_output_folder_commit() gives it the mode a new folder gets (0777
 * less the umask) and swaps it with `dir` in one step (renameat2
 * RENAME_EXCHANGE; a plain rename when `dir` does not exist), then removes
 * the old folder. Two runs into one `dir` at once leave one complete
 * folder: the last to commit. A process killed before the swap leaves
 * `dir` as it was (its private folder is removed by the next run); one
 * killed after it leaves the new folder and perhaps the old one beside it
 * under a private name, also removed by the next run.
 * `hook` (may be NULL) is told TRYGG_TEMP_CREATING_FOLDER before the
 * private folder is made and TRYGG_TEMP_GONE once it is in place or
 * removed, as for output groups.
 */
typedef struct trygg_output_folder trygg_output_folder;

/** Checks `dir` and makes the private folder (see above). TRYGG_ERR_IO
 *  (diagnostic with the path and the reason), TRYGG_ERR_ARGUMENT for a
 *  `dir` that names no folder of its own ("", ".", "/"), NOMEM. */
TRYGG_EXPORT
trygg_status trygg_output_folder_new(const char *dir, trygg_temp_hook hook,
                                     void *ctx, trygg_output_folder **out,
                                     trygg_errors *err);
/** The private folder to write into (owned by `f`). */
TRYGG_EXPORT
const char *trygg_output_folder_path(const trygg_output_folder *f);
/** Swaps the private folder in as `dir`. TRYGG_ERR_IO with a diagnostic;
 *  `dir` is then as it was. */
TRYGG_EXPORT
trygg_status trygg_output_folder_commit(trygg_output_folder *f, trygg_errors *err);
/** Frees `f`, removing the private folder when not committed. NULL is
 *  allowed. */
TRYGG_EXPORT
void trygg_output_folder_free(trygg_output_folder *f);

/**
 * Removes `path`: a file, a symbolic link (not followed) or a folder with
 * everything in it. Async-signal-safe (no allocation; only openat,
 * getdents64, lseek, unlinkat and close), so a signal handler may call it.
 * TRYGG_OK (also when there is nothing at `path`), or TRYGG_ERR_IO when
 * something could not be removed, with errno saying why (no diagnostic:
 * making one would allocate).
 */
TRYGG_EXPORT
trygg_status trygg_remove_tree(const char *path);

/* ------------------------------------------------------------------ */
/* Output tables                                                       */
/* ------------------------------------------------------------------ */

/*
 * Every table writer comes twice: `trygg_X_write(x, path, ...)` writes one
 * file through a group of its own (the old file stays unless the new one
 * is whole), and `trygg_X_write_to(x, g, path, ...)` writes a member of
 * the group `g`, renamed only by trygg_output_group_commit().
 *
 * CSV is for spreadsheets: a text cell that starts with = + - @, a TAB or a
 * CR gets a leading ' (OWASP's rule against formula injection:
 * "=HYPERLINK(...)" is shown as text, not run); numbers are never changed.
 * JSON is exact: text as it is, every control character escaped, always
 * valid UTF-8.
 */

/**
 * Writes results as CSV (`year,weighting,level,domain,indicator,estimate,
 * se,ci_low,ci_high,ci_method,n,df,deff,cv,flag`, %.17g) or JSON to `path`.
 * Suppressed rows have blank numbers and count. Returns TRYGG_ERR_IO on
 * failure (the old file stays).
 */
TRYGG_EXPORT
trygg_status trygg_results_write(const trygg_results *r, const char *path,
                                 trygg_format fmt, trygg_errors *err);
/** Results as trygg_results_write() writes them, as the member `path` of
 *  `g` (renamed into place by trygg_output_group_commit()). TRYGG_ERR_IO
 *  (the path and why), TRYGG_ERR_ARGUMENT (`g` has a member for `path`
 *  already), TRYGG_ERR_NOMEM. */
TRYGG_EXPORT
trygg_status trygg_results_write_to(const trygg_results *r,
                                    trygg_output_group *g, const char *path,
                                    trygg_format fmt, trygg_errors *err);
/** Writes change rows (year-over-year table) as trygg_results_write()
 *  writes results, with its statuses. */
TRYGG_EXPORT
trygg_status trygg_changes_write(const trygg_changes *c, const char *path,
                                 trygg_format fmt, trygg_errors *err);
/** Changes (trygg_changes_write()) as a member of `g`; statuses as
 *  trygg_results_write_to(). */
TRYGG_EXPORT
trygg_status trygg_changes_write_to(const trygg_changes *c,
                                    trygg_output_group *g, const char *path,
                                    trygg_format fmt, trygg_errors *err);
/** Writes contrast rows (domain-vs-parent table) as trygg_results_write()
 *  writes results, with its statuses. */
TRYGG_EXPORT
trygg_status trygg_contrasts_write(const trygg_changes *c, const char *path,
                                   trygg_format fmt, trygg_errors *err);
/** Contrasts (trygg_contrasts_write()) as a member of `g`; statuses as
 *  trygg_results_write_to(). */
TRYGG_EXPORT
trygg_status trygg_contrasts_write_to(const trygg_changes *c,
                                      trygg_output_group *g, const char *path,
                                      trygg_format fmt, trygg_errors *err);
/** Priorities (trygg_priorities_write()) as a member of `g`; statuses as
 *  trygg_results_write_to(). */
TRYGG_EXPORT
trygg_status trygg_priorities_write_to(const trygg_priorities *p,
                                       trygg_output_group *g, const char *path,
                                       trygg_format fmt, trygg_errors *err);
/** Follow-ups (trygg_followups_write()) as a member of `g`; statuses as
 *  trygg_results_write_to(). */
TRYGG_EXPORT
trygg_status trygg_followups_write_to(const trygg_followups *f,
                                      trygg_output_group *g, const char *path,
                                      trygg_format fmt, trygg_errors *err);
/** Respondent weights (trygg_weights_write()) as a member of `g`; statuses
 *  as trygg_results_write_to(). */
TRYGG_EXPORT
trygg_status trygg_weights_write_to(const trygg_weights *w,
                                    trygg_output_group *g, const char *path,
                                    trygg_errors *err);
/** The weight report (trygg_weights_write_report()) as a member of `g`;
 *  statuses as trygg_results_write_to(). */
TRYGG_EXPORT
trygg_status trygg_weights_write_report_to(const trygg_weights *w,
                                           trygg_output_group *g,
                                           const char *path, trygg_errors *err);
/**
 * Writes trend rows (trygg_trends_compute()) the same way, in columns of
 * their own: `year_from,year_to,n_years,level,domain,indicator,
 * slope_per_year,se,ci_low,ci_high,z,p_value,flag,estimate_from,estimate_to`
 * (the slope in the indicator's unit per year; the first and last year's
 * estimates). Rows whose years include a suppressed estimate have blank
 * numbers. Statuses as trygg_results_write().
 */
TRYGG_EXPORT
trygg_status trygg_trends_write(const trygg_changes *c, const char *path,
                                trygg_format fmt, trygg_errors *err);
/** Trends (trygg_trends_write()) as a member of `g`; statuses as
 *  trygg_results_write_to(). */
TRYGG_EXPORT
trygg_status trygg_trends_write_to(const trygg_changes *c, trygg_output_group *g,
                                   const char *path, trygg_format fmt, trygg_errors *err);

/*
 * Writers with options: the format, the CSV dialect, and the language and
 * definition of the label columns. Every table has label columns beside
 * its ids: `domain_label` (the area as readers write it: the region by
 * [survey] region_name, a crossing's area by its name), `group_label` (a
 * crossing's group in words, "Kvinnor, 45–64", from the scale in scales.csv
 * named as the crossing's term, e.g. `sex`; an age band "45-64" with an en
 * dash) and `indicator_label` (indicators.csv's label_sv / label_en); the
 * priorities add `parent_label` and the most affected group's
 * `group_label`. Without a definition the labels are the names.
 *
 * A workbook (TRYGG_FORMAT_XLSX) has the table as its first sheet (header
 * row frozen and filtered, columns sized; numbers as numbers, unrounded
 * (16 significant digits, as libxlsxwriter writes them; Excel computes
 * with 15), with a display format: shares "0.0 %", indices and means
 * "0.00", counts "#,##0", which Excel shows in the reader's locale, "24,6
 * %" in Swedish) and a sheet "Läs mig" / "Read me": what each column
 * means, the survey, weighting, confidence level, suppression rule, the
 * date of the run and trygg's version. A suppressed row's numbers are empty
 * cells (never 0), its flag "suppressed". Text is written as text, never
 * as a formula. A workbook is made in an unlinked temporary file and
 * copied into the member, so it goes through the group like any table
 * (and may be standard output).
 */

/** CSV dialects. */
typedef enum {
    TRYGG_CSV_PLAIN = 0, /**< ',' separated, '.' decimal mark, UTF-8 without
                            BOM, LF: for R's read.csv, Python, databases */
    TRYGG_CSV_SV = 1     /**< ';' separated, ',' decimal mark, UTF-8 with
                            BOM, CRLF: opens as numbers in Swedish Excel,
                            R's read.csv2 */
} trygg_csv_dialect;

/** Options of the writers `trygg_X_write_with()` (see above). Initialise
 *  with trygg_write_options_init(); the strings are the caller's and must
 *  live until the writer returns. */
typedef struct {
    trygg_format format;        /**< default CSV */
    trygg_csv_dialect dialect;  /**< CSV only; default TRYGG_CSV_PLAIN */
    trygg_lang lang;            /**< labels and the Läs mig sheet; default sv */
    const trygg_definition *def;/**< the labels' definition; NULL: labels are
                                   the names, and Läs mig names no survey */
    const char *command;        /**< Läs mig: what made the table
                                   ("trygg estimate survey.trygg"); NULL: none */
    long long run_time;         /**< Läs mig: the run's time, seconds since
                                   1970 UTC; 0: now */
} trygg_write_options;

/** Fills `o` with defaults. */
TRYGG_EXPORT
void trygg_write_options_init(trygg_write_options *o);

/** The tables of trygg_results_write_to() and the rest, with options `o`
 *  (NULL: defaults) as members of `g`. TRYGG_ERR_IO (the target and why),
 *  TRYGG_ERR_LIMIT (a workbook sheet holds at most 1,048,575 rows and a cell
 *  32,767 characters: the diagnostic says which), TRYGG_ERR_NOMEM. */
TRYGG_EXPORT
trygg_status trygg_results_write_with(const trygg_results *r, trygg_output_group *g,
                                      const char *path, const trygg_write_options *o,
                                      trygg_errors *err);
/** Changes with options, as trygg_results_write_with(). */
TRYGG_EXPORT
trygg_status trygg_changes_write_with(const trygg_changes *c, trygg_output_group *g,
                                      const char *path, const trygg_write_options *o,
                                      trygg_errors *err);
/** Contrasts with options, as trygg_results_write_with(). */
TRYGG_EXPORT
trygg_status trygg_contrasts_write_with(const trygg_changes *c, trygg_output_group *g,
                                        const char *path, const trygg_write_options *o,
                                        trygg_errors *err);
/** Trends with options, as trygg_results_write_with(). */
TRYGG_EXPORT
trygg_status trygg_trends_write_with(const trygg_changes *c, trygg_output_group *g,
                                     const char *path, const trygg_write_options *o,
                                     trygg_errors *err);
/** Priorities with options, as trygg_results_write_with(). */
TRYGG_EXPORT
trygg_status trygg_priorities_write_with(const trygg_priorities *p, trygg_output_group *g,
                                         const char *path, const trygg_write_options *o,
                                         trygg_errors *err);
/** Follow-ups with options, as trygg_results_write_with(). */
TRYGG_EXPORT
trygg_status trygg_followups_write_with(const trygg_followups *f, trygg_output_group *g,
                                        const char *path, const trygg_write_options *o,
                                        trygg_errors *err);
/** Respondent weights with options, as trygg_results_write_with(). */
TRYGG_EXPORT
trygg_status trygg_weights_write_with(const trygg_weights *w, trygg_output_group *g,
                                      const char *path, const trygg_write_options *o,
                                      trygg_errors *err);
/** The weight report with options, as trygg_results_write_with(). */
TRYGG_EXPORT
trygg_status trygg_weights_write_report_with(const trygg_weights *w,
                                             trygg_output_group *g, const char *path,
                                             const trygg_write_options *o,
                                             trygg_errors *err);

/**
 * The publication workbook of year `year`: a sheet per municipality with
 * its areas as rows (the municipality, its districts, then the region for
 * comparison) and per indicator the value rounded as published (shares in
 * per cent with one decimal, "24,6"; other indicators with two), its
 * felmarginal (± half the confidence interval, rounded alike), the number
 * of answers, the change since the area's previous survey (percentage
 * points for shares) and its mark (▲ / ▼: the library's significance
 * decision on the change row); a suppressed cell is empty with ".." as its
 * mark, a cell with no answers "–"; then a "Läs mig" / "Read me" sheet.
 * Every figure comes from `est` (estimates of `year` and of the levels
 * region, municipality and district, suppressed) and `chg` (their changes
 * into `year`; may be NULL): a row flagged suppressed shows nothing.
 * TRYGG_ERR_NOT_FOUND when `est` has no municipality in `year`; else as
 * trygg_results_write_with(). o->def is required (TRYGG_ERR_ARGUMENT).
 */
TRYGG_EXPORT
trygg_status trygg_publish_write_to(const trygg_results *est, const trygg_changes *chg,
                                    int year, trygg_output_group *g, const char *path,
                                    const trygg_write_options *o, trygg_errors *err);

/**
 * Pooled estimates as CSV or JSON: `year_from` (the window's first survey
 * year), then the columns of trygg_results_write() (`year` is the window's
 * last), as a member of `g`. Suppressed rows have blank numbers. Statuses
 * as trygg_results_write_to().
 */
TRYGG_EXPORT
trygg_status trygg_pooled_results_write_to(const trygg_results *r, trygg_output_group *g,
                                           const char *path, trygg_format fmt,
                                           trygg_errors *err);
/**
 * Changes between the windows of `pooled` (trygg_changes_from_estimates()
 * of its estimates): `year_from_first,year_from,year_to_first,year_to`
 * (each window's first and last survey year), then the columns of
 * trygg_changes_write() after its two years. The windows share no year,
 * so the two sides are independent samples. Statuses as
 * trygg_results_write_to().
 */
TRYGG_EXPORT
trygg_status trygg_pooled_changes_write_to(const trygg_survey *pooled, const trygg_changes *c,
                                           trygg_output_group *g, const char *path,
                                           trygg_format fmt, trygg_errors *err);

/**
 * The model table: `year,level,domain,parent_level,parent,indicator,
 * estimate,se,n,flag` (the direct cell, blank when suppressed), then
 * `model_estimate,model_rmse,model,scale,benchmarked,shrinkage,residual,
 * covariate_year`, as a member of `g`. Statuses as
 * trygg_results_write_to().
 */
TRYGG_EXPORT
trygg_status trygg_smallarea_write_to(const trygg_smallarea *s, trygg_output_group *g,
                                      const char *path, trygg_format fmt, trygg_errors *err);
/** The diagnostics: `year,level,indicator,scale,term,value,se`. As a member
 *  of `g`; statuses as trygg_results_write_to(). */
TRYGG_EXPORT
trygg_status trygg_smallarea_diagnostics_write_to(const trygg_smallarea *s,
                                                  trygg_output_group *g, const char *path,
                                                  trygg_format fmt, trygg_errors *err);
/* ------------------------------------------------------------------ */
/* Response rates from the gross sample                                */
/* ------------------------------------------------------------------ */

/** Invited, answers and response rate of one area (of any level or
 *  crossing) in one year. Strings are owned by the table. */
typedef struct {
    int year;
    const char *level, *domain;
    double invited;        /**< the gross sample's: a design fact, shown */
    double answers;        /**< respondents; NaN when suppressed */
    double response_rate;  /**< answers / invited; NaN when suppressed */
    unsigned flags;        /**< TRYGG_FLAG_SUPPRESSED when the area's
                              respondents are hidden (the estimates' rule) */
} trygg_response_row;

/** A table of response rates (rows of trygg_response_row). */
typedef struct trygg_responses trygg_responses;

/**
 * Response rates per year (0: every year), level and area of the
 * definition's levels and crossings (sex × age group cells where the
 * crossings have them), from the gross sample ([survey] sample) and the
 * respondents. An area whose respondents the disclosure rule hides shows
 * its invited count only (answers and rate would give the respondents).
 * A sample of invited counts per stratum has no persons: levels with
 * columns other than the strata's areas are left out (see
 * trygg_responses_left_out()). TRYGG_ERR_INVALID when the definition has
 * no sample; TRYGG_ERR_NOMEM.
 */
TRYGG_EXPORT
trygg_status trygg_responses_compute(const trygg_survey *sv, int year,
                                     trygg_responses **out, trygg_errors *err);
/** Frees response rates. NULL is allowed. */
TRYGG_EXPORT
void trygg_responses_free(trygg_responses *r);
/** Number of rows (0 for NULL). */
TRYGG_EXPORT
size_t trygg_responses_count(const trygg_responses *r);
/** Row i, or NULL out of range. Owned by the table. */
TRYGG_EXPORT
const trygg_response_row *trygg_responses_row(const trygg_responses *r, size_t i);
/** The levels left out, space-separated ("district*sex"), or "". */
TRYGG_EXPORT
const char *trygg_responses_left_out(const trygg_responses *r);
/** Writes `year,level,domain,domain_label,group_label,invited,answers,
 *  response_rate,flag` (CSV, %.17g) or JSON; a suppressed row's answers and
 *  rate blank. Through a group of its own, as
 *  trygg_results_write(): TRYGG_ERR_IO, TRYGG_ERR_NOMEM. */
TRYGG_EXPORT
trygg_status trygg_responses_write(const trygg_responses *r, const char *path,
                                   trygg_format fmt, trygg_errors *err);
/** Response rates (trygg_responses_write()) as a member of `g`; statuses
 *  as trygg_results_write_to(). */
TRYGG_EXPORT
trygg_status trygg_responses_write_to(const trygg_responses *r, trygg_output_group *g,
                                      const char *path, trygg_format fmt,
                                      trygg_errors *err);
/** The same with options (format, CSV dialect, labels' language and
 *  definition), as trygg_results_write_with(). */
TRYGG_EXPORT
trygg_status trygg_responses_write_with(const trygg_responses *r, trygg_output_group *g,
                                        const char *path, const trygg_write_options *o,
                                        trygg_errors *err);
/** The response table as it will be written (the respondents' counts of
 *  its areas), for the audit. TRYGG_ERR_NOMEM. */
TRYGG_EXPORT
trygg_status trygg_publication_add_responses(trygg_publication *p,
                                             const trygg_responses *r,
                                             const char *table);

/* ------------------------------------------------------------------ */
/* A starting definition from an SPSS or Stata file                    */
/* ------------------------------------------------------------------ */

/** What trygg_import_read() made of a delivery: the definition's tables
 *  and a survey.trygg skeleton, as text. */
typedef struct trygg_import trygg_import;

/**
 * Reads the SPSS (.sav, .zsav, .por) or Stata (.dta) file `path` (its text
 * converted from the file's declared encoding, or from `encoding` when not
 * NULL) and makes a starting definition of it: a scale per set of value
 * labels (codes in ascending order, label_sv from the labels, valid = 0
 * for codes declared user-missing), an item per labelled numeric variable
 * (label_sv from the variable label; English left blank), a share
 * indicator per item (the upper half of its valid codes: a choice to
 * check), and survey.trygg with the columns recognised by their names
 * (respondent, year/år, kommun/municipality, ...) and comments where a
 * choice is needed. Free with trygg_import_free(). Statuses as
 * trygg_survey_load() for a file that cannot be read. Scales are named by
 * the file (Stata) or, when it has no names (SPSS), "problem" for a scale
 * whose labels speak of problems, "yesno" for Nej/Ja, else after the
 * scale's items ("unsafe" of unsafe_night); items of "problem" get the
 * group "problem".
 */
TRYGG_EXPORT
trygg_status trygg_import_read(const char *path, const char *encoding,
                               trygg_import **out, trygg_errors *err);
/** Frees an import. NULL is allowed. */
TRYGG_EXPORT
void trygg_import_free(trygg_import *imp);
/** Number of scales made. */
TRYGG_EXPORT
size_t trygg_import_scale_count(const trygg_import *imp);
/** Number of items made. */
TRYGG_EXPORT
size_t trygg_import_item_count(const trygg_import *imp);
/**
 * Writes survey.trygg, scales.csv, items.csv and indicators.csv into `dir`
 * (made when it does not exist) as one output group: all four or none.
 * `files =` names the imported file relative to `dir`. Files already there
 * are an error (TRYGG_ERR_IO naming them) unless `replace` is 1.
 */
TRYGG_EXPORT
trygg_status trygg_import_write(const trygg_import *imp, const char *dir,
                                int replace, trygg_errors *err);
/** The same four files as members of `g` (committed by the caller). Statuses as
 *  trygg_import_write(), and TRYGG_ERR_ARGUMENT when `g` has a member for
 *  one of the files already. */
TRYGG_EXPORT
trygg_status trygg_import_write_to(const trygg_import *imp, trygg_output_group *g,
                                   const char *dir, int replace, trygg_errors *err);

#ifdef __cplusplus
}
#endif
#endif /* TRYGG_H */
