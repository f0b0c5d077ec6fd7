/* The charts' PNG encoder: its deflate streams read back by zlib's inflate
 * (every length and distance, block boundaries, the window's edge), and
 * its files read back by libpng with the pixels Cairo's own PNG writer
 * gives for the same image (palette, RGB and RGBA files). */
#include "test_support.h"
#include "png_encode.h"
#include "trygg_report.h"

#include <png.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* ---- deflate ---- */

/* Compresses in[0, n) with `bpp` and `row` and inflates it with zlib. */
static void round_trip(const unsigned char *in, size_t n, size_t bpp, size_t row)
{
    tr_deflate z = {0};
    tr_bytes out = {0};
    assert_int_equal(tr_deflate_image(&z, in, n, bpp, row, &out), 0);
    uLongf back_n = (uLongf)n + 1;
    unsigned char *back = malloc(back_n);
    assert_non_null(back);
    assert_int_equal(uncompress(back, &back_n, out.p, (uLong)out.n), Z_OK);
    assert_int_equal(back_n, n);
    if (n)
        assert_memory_equal(back, in, n);
    free(back);
    free(out.p);
    tr_deflate_free(&z);
}

static uint32_t lcg(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 24;
}

static void test_small_inputs(void **state)
{
    (void)state;
    static const unsigned char some[] = "aaaaaaaaaaabcabcabcabcabcabc";
    for (size_t n = 0; n < sizeof some; n++)
        round_trip(some, n, 3, 7);
}

static void test_random_bytes(void **state)
{
    (void)state;
    size_t n = 300000;
    unsigned char *b = malloc(n);
    assert_non_null(b);
    uint32_t s = 1;
    for (size_t i = 0; i < n; i++)
        b[i] = (unsigned char)lcg(&s);
    round_trip(b, n, 3, 3001);   /* no matches: literals in many blocks */
    free(b);
}

/* Every match length from 3 to 258 and distances from 1 to the window's
 * 32768, repeated pieces of random bytes. */
static void test_every_length_and_distance(void **state)
{
    (void)state;
    size_t cap = 8 << 20, n = 0;
    unsigned char *b = malloc(cap);
    assert_non_null(b);
    uint32_t s = 7;
    for (size_t len = 1; len <= 300; len++) {
        size_t dist = 1 + (len * 997) % 32768;
        for (size_t i = 0; i < dist + 2; i++)
            b[n++] = (unsigned char)lcg(&s);
        for (size_t i = 0; i < len; i++, n++)
            b[n] = b[n - dist];
    }
    for (size_t d = 1; d <= 32768; d *= 2)   /* and the edges of the codes */
        for (size_t k = 0; k < 3; k++) {
            size_t dist = d + k > 32768 ? 32768 : d + k;
            for (size_t i = 0; i < dist; i++)
                b[n++] = (unsigned char)lcg(&s);
            for (size_t i = 0; i < 10; i++, n++)
                b[n] = b[n - dist];
        }
    assert_true(n < cap);
    round_trip(b, n, 3, 1 + 3 * 640);
    round_trip(b, n, 4, 40000);   /* a row beyond the window is not looked at */
    free(b);
}

/* Flat colour: long runs, rows like the row above, a few letters. */
static void test_flat_rows(void **state)
{
    (void)state;
    size_t w = 1263, h = 400, row = 1 + 3 * w;
    unsigned char *b = malloc(row * h);
    assert_non_null(b);
    uint32_t s = 3;
    for (size_t y = 0; y < h; y++) {
        unsigned char *r = b + y * row;
        r[0] = 0;
        memset(r + 1, 255, 3 * w);
        for (size_t x = 100; x < 100 + (y % 50) * 10 && x < w; x++)
            r[1 + 3 * x] = 0, r[2 + 3 * x] = 114, r[3 + 3 * x] = 178;
        if (y % 7 == 0)
            for (size_t x = 0; x < 40; x++)
                r[1 + 3 * (600 + x)] = (unsigned char)lcg(&s);
    }
    round_trip(b, row * h, 3, row);
    tr_deflate z = {0};
    tr_bytes out = {0};
    assert_int_equal(tr_deflate_image(&z, b, row * h, 3, row, &out), 0);
    assert_true(out.n < row * h / 50);   /* it does compress */
    free(out.p);
    tr_deflate_free(&z);
    free(b);
}

/* ---- PNG files ---- */

typedef struct {
    unsigned char *p;
    size_t n;
} membuf;

static cairo_status_t to_mem(void *closure, const unsigned char *data, unsigned int len)
{
    membuf *m = closure;
    unsigned char *np = realloc(m->p, m->n + len);
    if (!np)
        return CAIRO_STATUS_NO_MEMORY;
    memcpy(np + m->n, data, len);
    m->p = np;
    m->n += len;
    return CAIRO_STATUS_SUCCESS;
}

/* A PNG decoded by libpng as 8-bit RGBA. */
static unsigned char *decode(const unsigned char *png, size_t n, unsigned *w, unsigned *h)
{
    png_image im;
    memset(&im, 0, sizeof im);
    im.version = PNG_IMAGE_VERSION;
    assert_true(png_image_begin_read_from_memory(&im, png, n));
    im.format = PNG_FORMAT_RGBA;
    unsigned char *px = malloc(PNG_IMAGE_SIZE(im));
    assert_non_null(px);
    assert_true(png_image_finish_read(&im, NULL, px, 0, NULL));
    *w = im.width;
    *h = im.height;
    return px;
}

/* The surface through our encoder and through Cairo's writer: the same
 * pixels. Returns the PNG colour type our file took. */
static int same_as_cairo(cairo_surface_t *surf)
{
    cairo_surface_flush(surf);
    png_encoder e = {0};
    assert_int_equal(png_encode_argb32(&e, cairo_image_surface_get_data(surf),
                                       cairo_image_surface_get_width(surf),
                                       cairo_image_surface_get_height(surf),
                                       cairo_image_surface_get_stride(surf)),
                     0);
    membuf ref = {NULL, 0};
    assert_int_equal(cairo_surface_write_to_png_stream(surf, to_mem, &ref),
                     CAIRO_STATUS_SUCCESS);
    unsigned w1, h1, w2, h2;
    unsigned char *a = decode(e.file.p, e.file.n, &w1, &h1);
    unsigned char *b = decode(ref.p, ref.n, &w2, &h2);
    assert_int_equal(w1, w2);
    assert_int_equal(h1, h2);
    assert_memory_equal(a, b, (size_t)w1 * h1 * 4);
    int type = e.file.p[25];
    free(a);
    free(b);
    free(ref.p);
    png_encoder_free(&e);
    return type;
}

/* A white page (transparent where `clear`) with `bars` squares of changing
 * colour, an antialiased circle and a line of text. */
static cairo_surface_t *page(int w, int h, int bars, int clear)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    cairo_t *cr = cairo_create(s);
    if (!clear) {
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
    }
    for (int i = 0; i < bars; i++) {
        cairo_set_source_rgb(cr, (i % 7) / 6.0, (i % 11) / 10.0, (i % 13) / 12.0);
        cairo_rectangle(cr, 10 + (i % 40) * 9, 10 + (i / 40) * 9, 8, 8);
        cairo_fill(cr);
    }
    cairo_set_source_rgba(cr, 0, 0.45, 0.7, clear ? 0.5 : 1);
    cairo_arc(cr, w * 0.7, h * 0.6, h * 0.3, 0, 6.2832);
    cairo_fill(cr);
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 13);
    cairo_set_source_rgb(cr, 0.13, 0.13, 0.13);
    cairo_move_to(cr, 12, h - 12);
    cairo_show_text(cr, "Otrygg ute sent på kvällen, 2024");
    assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
    cairo_destroy(cr);
    return s;
}

static void test_png_kinds(void **state)
{
    (void)state;
    /* three colours of bars and grey text: a palette */
    cairo_surface_t *s = page(420, 300, 3, 0);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);   /* no circle: its edge adds colours */
    cairo_rectangle(cr, 200, 0, 220, 280);
    cairo_fill(cr);
    cairo_destroy(cr);
    assert_int_equal(same_as_cairo(s), 3);
    cairo_surface_destroy(s);
    /* 400 colours of bars: RGB */
    s = page(420, 300, 400, 0);
    assert_int_equal(same_as_cairo(s), 2);
    cairo_surface_destroy(s);
    /* transparent: RGBA, un-premultiplied as Cairo does */
    s = page(420, 300, 30, 1);
    assert_int_equal(same_as_cairo(s), 6);
    cairo_surface_destroy(s);
    /* transparent only at the foot, found after many colours or few */
    for (int bars = 3; bars <= 400; bars += 397) {
        s = page(420, 300, bars, 0);
        cairo_t *c = cairo_create(s);
        cairo_set_operator(c, CAIRO_OPERATOR_CLEAR);
        cairo_rectangle(c, 0, 290.5, 420, 10);
        cairo_fill(c);
        cairo_destroy(c);
        assert_int_equal(same_as_cairo(s), 6);
        cairo_surface_destroy(s);
    }
    /* odd sizes, a row of one pixel */
    s = page(1, 5, 0, 0);
    same_as_cairo(s);
    cairo_surface_destroy(s);
}

static void test_png_refuses(void **state)
{
    (void)state;
    png_encoder e = {0};
    unsigned char px[16] = {0};
    assert_int_equal(png_encode_argb32(&e, NULL, 2, 2, 8), -1);
    assert_int_equal(png_encode_argb32(&e, px, 0, 2, 8), -1);
    assert_int_equal(png_encode_argb32(&e, px, 2, 2, 4), -1);   /* stride too short */
    png_encoder_free(&e);
    png_encoder_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_inputs),
        cmocka_unit_test(test_random_bytes),
        cmocka_unit_test(test_every_length_and_distance),
        cmocka_unit_test(test_flat_rows),
        cmocka_unit_test(test_png_kinds),
        cmocka_unit_test(test_png_refuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
