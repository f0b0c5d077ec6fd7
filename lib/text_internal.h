/* Internal: checks of the text in definition and population files (UTF-8,
 * positions as an editor shows them). */
#ifndef TRYGG_TEXT_INTERNAL_H
#define TRYGG_TEXT_INTERNAL_H

#include <stddef.h>

#include "csv_reader.h"
#include "trygg.h"

/** Length of the valid UTF-8 prefix of `s` (`len` bytes): `len` when all
 *  of it is valid. Overlong forms, surrogates' lead bytes past U+10FFFF and
 *  truncated sequences are invalid. */
size_t trygg_utf8_valid(const char *s, size_t len);

/** Column (1-based, in characters) of byte `offset` of a line starting at
 *  `line_start`; a byte that is not valid UTF-8 counts as one character. */
unsigned long trygg_utf8_column(const char *line_start, size_t offset);

/**
 * Checks that every header name and cell of `t` is valid UTF-8. On the
 * first one that is not, adds a diagnostic (file, line, field) and returns
 * TRYGG_ERR_PARSE; TRYGG_OK otherwise.
 */
trygg_status trygg_table_check_utf8(const trygg_table *t, trygg_errors *err);

#endif
