/* Internal: a zlib stream (RFC 1950, 1951) of an image's filtered rows,
 * made for charts of flat colour (see deflate.c). */
#ifndef TRYGG_DEFLATE_H
#define TRYGG_DEFLATE_H

#include <stddef.h>
#include <stdint.h>

/* What an encoder keeps between images: its symbol and hash tables
 * (one owner; tr_deflate_free() releases them). */
typedef struct {
    uint32_t *sym;      /* a block's literals and matches */
    uint32_t *head;     /* last position + 1 of each hashed 4-byte string */
} tr_deflate;

/* Bytes that grow: what the encoder writes into. */
typedef struct {
    unsigned char *p;
    size_t n, cap;
} tr_bytes;

/* Makes sure b has room for `more` bytes beyond b->n. Returns 0, or -1
 * when out of memory (b unchanged). */
int tr_bytes_reserve(tr_bytes *b, size_t more);

/* Appends the zlib stream of in[0, n) to *out. Matches are looked for
 * `bpp` bytes back (the pixel to the left), `row` bytes back (the pixel
 * above) and where the next four bytes were last seen. Returns 0, or -1
 * when out of memory (out's length then as it was). */
int tr_deflate_image(tr_deflate *z, const unsigned char *in, size_t n, size_t bpp,
                     size_t row, tr_bytes *out);

/* Frees the tables; the struct may be used again. NULL-safe. */
void tr_deflate_free(tr_deflate *z);

#endif
