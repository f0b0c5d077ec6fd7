/* Internal: checks of the text of every input file (UTF-8, positions as
 * an editor shows them). */
#ifndef TRYGG_TEXT_INTERNAL_H
#define TRYGG_TEXT_INTERNAL_H

#include <stddef.h>

#include "csv_reader.h"
#include "trygg.h"

/** Length of the valid UTF-8 prefix of `s` (`len` bytes): `len` when all
 *  of it is valid. Strict (RFC 3629): overlong forms, encoded surrogates
 *  (U+D800..U+DFFF, "ED A0 80"), code points past U+10FFFF, stray
 *  continuation bytes and truncated sequences are invalid. The one
 *  validator of every input. */
size_t trygg_utf8_valid(const char *s, size_t len);

/** Bytes of the one UTF-8 character at the start of `s` (`len` bytes
 *  available), by the same strict rule; 0 when it is not valid there. */
size_t trygg_utf8_char(const char *s, size_t len);

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
