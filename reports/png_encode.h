/* Internal: PNG encoding of a Cairo ARGB32 image (see png_encode.c). */
#ifndef TRYGG_PNG_ENCODE_H
#define TRYGG_PNG_ENCODE_H

/** Writes len bytes; returns 0 on success. */
typedef int (*png_encode_write_fn)(void *closure, const unsigned char *data,
                                   unsigned len);

/** Encodes premultiplied native-endian ARGB32 pixels (Cairo's layout) as
 *  an RGBA PNG through `write`. Returns 0, or -1 on any failure. */
int png_encode_argb32(const unsigned char *data, int width, int height,
                      int stride, png_encode_write_fn write, void *closure);

#endif
