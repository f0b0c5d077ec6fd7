/* Internal: the parsed survey definition. */
#ifndef TRYGG_DEFINITION_INTERNAL_H
#define TRYGG_DEFINITION_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "trygg.h"

#define TRYGG_MAX_CODES 250       /* codes in one scale; 255 = missing */
#define TRYGG_CODE_MISSING 255u

typedef struct {
    char *code;
    char *label[2];      /* sv, en */
    int valid;           /* 1 = an answer; 0 = don't know / never go out */
    int has_score;
    double score;
} trygg_code;

typedef struct {
    char *name;
    int numeric;         /* the built-in scale "numeric" */
    trygg_code *codes;
    size_t ncodes;
} trygg_scale;

typedef struct {
    char *name;          /* column in the response files */
    size_t scale;
    char *label[2];
    char *group;
    char *tags;
} trygg_item;

typedef enum {
    TRYGG_IND_SHARE,
    TRYGG_IND_MEAN,
    TRYGG_IND_INDEX,
    TRYGG_IND_TOTAL,
    TRYGG_IND_RATIO,
    TRYGG_IND_DIFFERENCE
} trygg_indicator_type;

typedef struct {
    char *name;
    trygg_indicator_type type;
    size_t items[64];
    size_t nitems;
    uint8_t in_codes[TRYGG_MAX_CODES];    /* share/total: y = 1 */
    uint8_t valid_codes[TRYGG_MAX_CODES]; /* share: v = 1 (first item) */
    int has_codes;
    int min_valid;
    char *label[2];
    char *group;
    int better;          /* -1 lower is better, +1 higher, 0 no direction */
} trygg_indicator;

/* Column roles. */
enum {
    TRYGG_ROLE_ID,
    TRYGG_ROLE_YEAR,
    TRYGG_ROLE_MUNICIPALITY,
    TRYGG_ROLE_DISTRICT,
    TRYGG_ROLE_STRATUM,
    TRYGG_ROLE_PSU,
    TRYGG_ROLE_SSU,
    TRYGG_ROLE_FPC,
    TRYGG_ROLE_FPC2,
    TRYGG_ROLE_WEIGHT,
    TRYGG_ROLE_SEX,
    TRYGG_ROLE_AGE_GROUP,
    TRYGG_ROLE_COUNT
};

typedef enum {
    TRYGG_LONELY_FAIL,
    TRYGG_LONELY_CERTAINTY,
    TRYGG_LONELY_REMOVE,
    TRYGG_LONELY_ADJUST,
    TRYGG_LONELY_AVERAGE
} trygg_lonely_psu;

/* A reporting level: `ncols` == 0 is the region; else a crossing of columns. */
typedef struct {
    char *name;          /* "region", "district", "district*sex" */
    size_t ncols;
    char *cols[4];       /* column names */
} trygg_level;

/* Comparable areas ("peer groups"), named in [peers]. */
typedef struct {
    char *name;
    char **members;
    size_t nmembers;
} trygg_peer_group;

struct trygg_definition {
    char *path, *dir, *name;
    char *region_name;   /* [survey] region_name, NULL when not given */
    char **file_patterns;
    unsigned long *file_lines;   /* line of each `files =` */
    size_t nfile_patterns;
    char *encoding;      /* [survey] encoding of SPSS/Stata text; NULL: as
                            the file declares */
    char *sample;        /* [survey] sample: the gross sample's files */
    unsigned long sample_line;
    char separator;      /* 0 = auto */
    char decimal;        /* 0 = auto */
    char *roles[TRYGG_ROLE_COUNT];   /* column names, NULL when absent */
    char **groups;
    size_t ngroups;

    trygg_scale *scales;
    size_t nscales;
    trygg_item *items;
    size_t nitems;
    trygg_indicator *indicators;
    size_t nindicators;

    trygg_lonely_psu lonely_psu;
    trygg_variance variance;
    int replicates;
    unsigned long long seed;

    trygg_weighting weighting;
    char *population;    /* as written: one file, or one per margin */
    char **population_files;  /* resolved paths */
    size_t npopulation_files;
    char **margins;      /* "municipality*sex" */
    size_t nmargins;
    unsigned long population_line, margins_line;  /* 0 = not given */
    int calfun;          /* trygg_calfun */
    double bound_low, bound_high;
    double trim_low, trim_high;
    int has_trim;
    double epsilon;
    int max_iterations;
    double margin_tolerance;  /* relative disagreement of margins' totals that
                                 is scaled away (0: they must agree) */
    char *nonresponse;   /* [weighting] nonresponse: the weighting classes
                            ("stratum*sex*age_group"), NULL: none */
    unsigned long nonresponse_line;

    trygg_level *levels;
    size_t nlevels;
    trygg_peer_group *peers;
    size_t npeers;
    trygg_ci_method ci_shares;
    double confidence;
    double alpha;        /* significance of changes and contrasts */
    trygg_adjust adjust; /* ... adjusted across a family by this */
    int min_n, unstable_n;
    int pool;            /* [report] pool: survey years pooled (0, 1: none) */
    int protection;      /* narrowest interval of a hidden count; -1: min_n */
    double max_cv;
    double bands[8];     /* upper limits of the table's colour bands */
    size_t nbands;
};

/** Resolves a path relative to the definition's folder (caller frees). */
char *trygg_definition_resolve(const trygg_definition *def, const char *rel);
/** Index of the scale code whose text is `s`, or -1. */
int trygg_scale_code_find(const trygg_scale *sc, const char *s, size_t len);
/** The column a level or margin term names: a role ("district") gives its
 *  column, a [columns] column name itself; NULL when it is neither. */
const char *trygg_definition_level_column(const trygg_definition *def,
                                          const char *term);
/** Index of the item named `name`, or -1. */
long trygg_definition_item_find(const trygg_definition *def, const char *name);

/** Reads the scales, items and indicators tables named by the definition
 *  (definition_tables.c). */
trygg_status trygg_definition_read_tables(trygg_definition *def,
                                          const char *scales,
                                          const char *items,
                                          const char *indicators,
                                          trygg_errors *err);
/** The definition's levels from its `levels` and `parents` lists, with the
 *  lines they stand on for diagnostics (definition.c). */
trygg_status trygg_definition_parse_levels(trygg_definition *def,
                                           const char *const lists[2],
                                           const unsigned long lines[2],
                                           const char *file,
                                           trygg_errors *err);

#endif
