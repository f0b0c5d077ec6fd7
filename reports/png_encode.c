/* PNG files from Cairo image surfaces, with settings for charts. Cairo's
 * own writer tries every filter on every row at zlib's default level, and
 * that was half of a report's time; libpng at zlib's fastest level still a
 * quarter. A chart is opaque and of few colours: a third of a report's
 * pages have at most 256 and are written with a palette (one byte a pixel
 * instead of three: exact, since every pixel's colour is in the palette),
 * the rest as RGB; an image with any transparency as RGBA, un-premultiplied
 * exactly as Cairo's writer does. Rows are not filtered (a row like the
 * one above is a match one row back, which deflate.c looks for first), and
 * the file is put together here: signature, IHDR, PLTE, one IDAT, IEND. */
#include "png_encode.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

enum { PAL_SLOTS = 1024 };   /* a power of two, four times the colours */

/* The colours of an image as they are met, looked up by open addressing. */
typedef struct {
    uint32_t key[PAL_SLOTS];   /* colour | 1 << 24; 0 is an empty slot */
    uint8_t index[PAL_SLOTS];
    uint32_t colour[256];
    unsigned n;
} palette;

/* A colour's index, added when new; -1 when it would be the 257th. */
static int pal_index(palette *p, uint32_t rgb)
{
    uint32_t key = rgb | 1u << 24;
    unsigned h = (key * 2654435761u) >> 22;
    for (; p->key[h] != 0; h = (h + 1) & (PAL_SLOTS - 1))
        if (p->key[h] == key)
            return p->index[h];
    if (p->n == 256)
        return -1;
    p->key[h] = key;
    p->index[h] = (uint8_t)p->n;
    p->colour[p->n] = rgb;
    return (int)p->n++;
}

/* One row as palette indices: -1 past 256 colours, -2 at a pixel that is
 * not opaque. A chart's row is runs of one colour: only a change is
 * looked at, and every pixel is one looked at. */
static int palette_row(palette *p, const uint32_t *src, size_t w, uint8_t *dst)
{
    uint32_t last = ~src[0];
    int k = 0;
    for (size_t x = 0; x < w; x++) {
        if (src[x] != last) {
            last = src[x];
            if (last >> 24 != 0xff)
                return -2;
            if ((k = pal_index(p, last & 0xffffffu)) < 0)
                return -1;
        }
        dst[x] = (uint8_t)k;
    }
    return 0;
}

/* One row of native-endian ARGB32 as RGB; 0 when a pixel is not opaque. */
static int rgb_row(const uint32_t *src, size_t w, uint8_t *dst)
{
    uint32_t all = 0xffffffffu;
    for (size_t x = 0; x < w; x++) {
        uint32_t p = src[x];
        dst[3 * x] = (uint8_t)(p >> 16);
        dst[3 * x + 1] = (uint8_t)(p >> 8);
        dst[3 * x + 2] = (uint8_t)p;
        all &= p;
    }
    return all >> 24 == 0xff;
}

/* Premultiplied pixel p with alpha 0 < a < 255 as RGBA, rounded as
 * Cairo's writer rounds. */
static void unpremultiply_one(uint32_t p, unsigned a, uint8_t *dst)
{
    dst[0] = (uint8_t)((((p >> 16) & 0xff) * 255 + a / 2) / a);
    dst[1] = (uint8_t)((((p >> 8) & 0xff) * 255 + a / 2) / a);
    dst[2] = (uint8_t)(((p & 0xff) * 255 + a / 2) / a);
    dst[3] = (uint8_t)a;
}

/* One row of premultiplied native-endian ARGB32 as RGBA. */
static void rgba_row(const uint32_t *src, size_t w, uint8_t *dst)
{
    for (size_t x = 0; x < w; x++) {
        uint32_t p = src[x];
        unsigned a = p >> 24;
        if (a == 255) {
            dst[4 * x] = (uint8_t)(p >> 16);
            dst[4 * x + 1] = (uint8_t)(p >> 8);
            dst[4 * x + 2] = (uint8_t)p;
            dst[4 * x + 3] = 255;
        } else if (a == 0) {
            memset(dst + 4 * x, 0, 4);
        } else {
            unpremultiply_one(p, a, dst + 4 * x);
        }
    }
}

static const uint32_t *row_of(const unsigned char *data, int stride, int y)
{
    return (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
}

typedef enum { KIND_PALETTE = 3, KIND_RGB = 2, KIND_RGBA = 6 } kind;   /* PNG colour types */

static size_t bytes_per_pixel(kind k)
{
    return k == KIND_PALETTE ? 1 : k == KIND_RGB ? 3 : 4;
}

/* The unfiltered rows (a 0 before each) in e->rows, as a palette, else
 * RGB, else RGBA; *k says which. */
static int make_rows(png_encoder *e, const unsigned char *data, int width, int height,
                     int stride, palette *p, kind *k)
{
    size_t w = (size_t)width;
    *k = KIND_PALETTE;
    e->rows.n = 0;
    if (tr_bytes_reserve(&e->rows, (size_t)height * (1 + 4 * w)) != 0)
        return -1;
    for (int y = 0; *k == KIND_PALETTE && y < height; y++) {
        uint8_t *dst = e->rows.p + (size_t)y * (1 + w);
        dst[0] = 0;
        int rc = palette_row(p, row_of(data, stride, y), w, dst + 1);
        *k = rc == 0 ? KIND_PALETTE : rc == -1 ? KIND_RGB : KIND_RGBA;
    }
    for (int y = 0; *k == KIND_RGB && y < height; y++) {
        uint8_t *dst = e->rows.p + (size_t)y * (1 + 3 * w);
        dst[0] = 0;
        if (!rgb_row(row_of(data, stride, y), w, dst + 1))
            *k = KIND_RGBA;
    }
    for (int y = 0; *k == KIND_RGBA && y < height; y++) {
        uint8_t *dst = e->rows.p + (size_t)y * (1 + 4 * w);
        dst[0] = 0;
        rgba_row(row_of(data, stride, y), w, dst + 1);
    }
    e->rows.n = (size_t)height * (1 + bytes_per_pixel(*k) * w);
    return 0;
}

static void be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* Begins a chunk of `type`: its length is filled in by chunk_end(). */
static size_t chunk_begin(tr_bytes *f, const char *type)
{
    size_t at = f->n;
    memcpy(f->p + at + 4, type, 4);
    f->n += 8;
    return at;
}

/* The chunk begun at `at`: its length, and its CRC of type and data. */
static int chunk_end(tr_bytes *f, size_t at)
{
    if (tr_bytes_reserve(f, 4) != 0)
        return -1;
    size_t len = f->n - at - 8;
    be32(f->p + at, (uint32_t)len);
    uLong crc = crc32(0L, Z_NULL, 0);
    crc = crc32(crc, f->p + at + 4, (uInt)(len + 4));
    be32(f->p + f->n, (uint32_t)crc);
    f->n += 4;
    return 0;
}

static int header(tr_bytes *f, int width, int height, kind k, const palette *p)
{
    static const unsigned char SIGNATURE[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    if (tr_bytes_reserve(f, 8 + 25 + 12 + 3 * 256 + 8) != 0)
        return -1;
    memcpy(f->p, SIGNATURE, 8);
    f->n = 8;
    size_t at = chunk_begin(f, "IHDR");
    unsigned char *h = f->p + f->n;
    be32(h, (uint32_t)width);
    be32(h + 4, (uint32_t)height);
    h[8] = 8;   /* bits a sample (or a palette index) */
    h[9] = (unsigned char)k;
    h[10] = h[11] = h[12] = 0;   /* deflate, adaptive filters, not interlaced */
    f->n += 13;
    if (chunk_end(f, at) != 0)
        return -1;
    if (k != KIND_PALETTE)
        return 0;
    at = chunk_begin(f, "PLTE");
    for (unsigned i = 0; i < p->n; i++) {
        f->p[f->n++] = (unsigned char)(p->colour[i] >> 16);
        f->p[f->n++] = (unsigned char)(p->colour[i] >> 8);
        f->p[f->n++] = (unsigned char)p->colour[i];
    }
    return chunk_end(f, at);
}

/* The zlib stream in IDAT chunks of at most 1 GB (a chunk's length is
 * below 2^31). */
static int data_chunks(tr_bytes *f, const tr_bytes *z)
{
    enum { MOST = 1 << 30 };
    for (size_t done = 0; done < z->n;) {
        size_t n = z->n - done < MOST ? z->n - done : MOST;
        if (tr_bytes_reserve(f, 8 + n) != 0)
            return -1;
        size_t at = chunk_begin(f, "IDAT");
        memcpy(f->p + f->n, z->p + done, n);
        f->n += n;
        done += n;
        if (chunk_end(f, at) != 0)
            return -1;
    }
    return 0;
}

static int encode(png_encoder *e, const unsigned char *data, int width, int height,
                  int stride)
{
    palette *p = calloc(1, sizeof *p);
    kind k;
    int rc = p ? make_rows(e, data, width, height, stride, p, &k) : -1;
    e->file.n = 0;
    if (rc == 0)
        rc = header(&e->file, width, height, k, p);
    free(p);
    if (rc != 0)
        return -1;
    size_t bpp = bytes_per_pixel(k);
    e->idat.n = 0;
    if (tr_deflate_image(&e->z, e->rows.p, e->rows.n, bpp, 1 + bpp * (size_t)width,
                         &e->idat) != 0 ||
        data_chunks(&e->file, &e->idat) != 0 || tr_bytes_reserve(&e->file, 12) != 0)
        return -1;
    size_t at = chunk_begin(&e->file, "IEND");
    return chunk_end(&e->file, at);
}

int png_encode_argb32(png_encoder *e, const unsigned char *data, int width, int height,
                      int stride)
{
    if (!e || !data || width <= 0 || height <= 0 || stride < 4 * width)
        return -1;
    return encode(e, data, width, height, stride);
}

void png_encoder_free(png_encoder *e)
{
    if (!e)
        return;
    tr_deflate_free(&e->z);
    free(e->rows.p);
    free(e->idat.p);
    free(e->file.p);
    memset(e, 0, sizeof *e);
}
