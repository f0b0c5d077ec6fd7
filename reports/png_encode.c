/* PNG files from Cairo image surfaces through libpng (which Cairo itself
 * uses), with settings for charts: Cairo's writer tries every filter on
 * every row at zlib's default level, and that was half of a report's time.
 * Flat colour compresses almost as well with the "up" filter at level 1.
 * Pixels are un-premultiplied exactly as Cairo's own writer does, so the
 * file decodes to the same pixels. */
#include "png_encode.h"

#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    png_encode_write_fn write;
    void *closure;
    int failed;
} png_sink;

static void on_write(png_structp png, png_bytep data, png_size_t len)
{
    png_sink *s = png_get_io_ptr(png);
    if (!s->failed && s->write(s->closure, data, (unsigned)len) != 0)
        s->failed = 1;
}

static void on_flush(png_structp png) { (void)png; }

static void on_error(png_structp png, png_const_charp msg)
{
    (void)msg;
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;   /* the library never prints */
}

/* One row of premultiplied native-endian ARGB32 as RGBA. */
static void unpremultiply(const uint32_t *src, size_t w, png_bytep dst)
{
    for (size_t x = 0; x < w; x++, dst += 4) {
        uint32_t p = src[x];
        unsigned a = p >> 24;
        if (a == 0) {
            dst[0] = dst[1] = dst[2] = dst[3] = 0;
        } else if (a == 255) {
            dst[0] = (png_byte)(p >> 16);
            dst[1] = (png_byte)(p >> 8);
            dst[2] = (png_byte)p;
            dst[3] = 255;
        } else {
            dst[0] = (png_byte)((((p >> 16) & 0xff) * 255 + a / 2) / a);
            dst[1] = (png_byte)((((p >> 8) & 0xff) * 255 + a / 2) / a);
            dst[2] = (png_byte)(((p & 0xff) * 255 + a / 2) / a);
            dst[3] = (png_byte)a;
        }
    }
}

/* libpng reports errors by longjmp: what must survive it is volatile. */
static int encode(png_structp png, png_infop info, const unsigned char *data,
                  int width, int height, int stride, png_bytep row)
{
    if (setjmp(png_jmpbuf(png)))
        return -1;
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8,
                 PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
    png_set_compression_level(png, 1);
    png_write_info(png, info);
    for (int y = 0; y < height; y++) {
        unpremultiply((const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride),
                      (size_t)width, row);
        png_write_row(png, row);
    }
    png_write_end(png, info);
    return 0;
}

int png_encode_argb32(const unsigned char *data, int width, int height,
                      int stride, png_encode_write_fn write, void *closure)
{
    if (!data || width <= 0 || height <= 0 || stride < 4 * width || !write)
        return -1;
    png_sink s = {write, closure, 0};
    png_bytep row = malloc((size_t)width * 4);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL,
                                              on_error, on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    int rc = -1;
    if (row && png && info) {
        png_set_write_fn(png, &s, on_write, on_flush);
        rc = encode(png, info, data, width, height, stride, row);
    }
    png_destroy_write_struct(png ? &png : NULL, info ? &info : NULL);
    free(row);
    return rc == 0 && !s.failed ? 0 : -1;
}
