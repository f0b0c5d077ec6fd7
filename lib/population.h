/* Internal: population margin files (register totals per cell), read and
 * checked as a whole before any year is weighted to them. */
#ifndef TRYGG_POPULATION_H
#define TRYGG_POPULATION_H

#include "csv_reader.h"
#include "trygg.h"

#define TRYGG_POPULATION_MAX 1e12   /* more people than any register has */

/**
 * Reads the population file `path` and checks every row of every year:
 * valid UTF-8, a `population` column of counts (0 to 1e12, plain decimal
 * numbers), a `year` column (when present) of years, and no cell given
 * twice (two rows of one year equal in every column but `population`).
 * Diagnostics name the line and column. On success *out owns the table
 * (free with trygg_table_free). Returns TRYGG_ERR_PARSE, TRYGG_ERR_INVALID,
 * TRYGG_ERR_IO, TRYGG_ERR_LIMIT or TRYGG_ERR_NOMEM otherwise.
 */
trygg_status trygg_population_read(const char *path, trygg_table **out,
                                   trygg_errors *err);

/** The count in a checked table's cell (0 when it does not parse). */
double trygg_population_count(const char *s);

#endif
