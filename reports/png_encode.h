/* Internal: PNG encoding of a Cairo ARGB32 image (see png_encode.c). */
#ifndef TRYGG_PNG_ENCODE_H
#define TRYGG_PNG_ENCODE_H

#include "deflate.h"

/* What an encoder keeps between images (one owner; png_encoder_free()). */
typedef struct {
    tr_deflate z;
    tr_bytes rows;    /* the filtered rows */
    tr_bytes idat;    /* their zlib stream */
    tr_bytes file;    /* the PNG */
} png_encoder;

/* The PNG of premultiplied native-endian ARGB32 pixels (Cairo's layout)
 * in e->file (valid until the next call): an 8-bit palette when the image
 * is opaque with at most 256 colours, RGB when it is opaque, RGBA
 * otherwise; every kind decodes to the same pixels. Returns 0, or -1 when
 * out of memory or given no image. */
int png_encode_argb32(png_encoder *e, const unsigned char *data, int width, int height,
                      int stride);

/* Frees e's buffers; the struct may be used again. NULL-safe. */
void png_encoder_free(png_encoder *e);

#endif
