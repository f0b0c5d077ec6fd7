/* Internal: the gross sample ([survey] sample = ...): everyone invited, one
 * row per person with `responded` (0/1), or one row per stratum with its
 * `invited` count. It gives response rates (response.c) and the classes'
 * invited counts of the nonresponse adjustment (weighting_nonresponse.c). */
#ifndef TRYGG_SAMPLE_H
#define TRYGG_SAMPLE_H

#include <stddef.h>
#include <stdint.h>

#include "csv_reader.h"
#include "survey_internal.h"

/** One invited person, or one stratum's invited count. */
typedef struct {
    int year;
    double invited;     /* 1 for a person */
    int responded;      /* 1 or 0; -1 for a stratum's count */
    uint32_t table, row;
    size_t proxy;       /* counts: a respondent of the stratum, whose areas it
                           has when the file gives none; SIZE_MAX for none */
} trygg_sample_row;

typedef struct trygg_sample trygg_sample;

struct trygg_sample {
    trygg_table **tables;
    size_t ntables;
    long **colmap;      /* per table: per survey column, the table's, or -1 */
    trygg_sample_row *rows;
    size_t nrows;
    int counts;         /* the sample gives invited counts per stratum */
};

/**
 * Reads the files of [survey] sample (CSV, or SPSS/Stata files) into
 * sv->sample and checks them against the respondents: years, 0/1 and
 * counts, every surveyed year present, each respondent in the sample as
 * responded = 1 and no one else (by id when the sample has the id column,
 * else by count per stratum), and invited counts no smaller than the
 * answers. Diagnostics name file, line and column.
 */
trygg_status trygg_sample_load(trygg_survey *sv, trygg_errors *err);
void trygg_sample_free(struct trygg_sample *s);

/** Row r's value in survey column `col` (an index into sv->cols): from its
 *  file, or, for a stratum's count whose file lacks its municipality or
 *  district, from a respondent of the stratum; NULL when neither has it. */
const char *trygg_sample_value(const trygg_survey *sv, const trygg_sample_row *r,
                               long col);

#endif
