/* Internal: Unicode forms of names (utf8proc). The public calls are in
 * trygg.h; this header adds what only the library needs. */
#ifndef TRYGG_UNICODE_INTERNAL_H
#define TRYGG_UNICODE_INTERNAL_H

#include <stddef.h>

#include "trygg.h"

/** 1 when the `len` bytes at `s` are valid UTF-8 already in NFC. */
int trygg_utf8_is_nfc(const char *s, size_t len);

#endif
