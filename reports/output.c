/* Files: PNG, SVG and (multi-page) PDF. Every surface writes through a
 * stream into a temporary file next to the target (a new file with a name
 * no one can guess), which is renamed over the target only when Cairo and
 * every write, flush and close succeeded, so a reader never sees half a
 * chart; only a regular file (or none) is replaced, never a link, device
 * or FIFO. On TRYGG_REPORT_ERR_IO, errno says why. Every cairo_status() is
 * checked. */
#include "report_internal.h"
#include "png_encode.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    FILE *fp;
    char *tmp;
    char *buf;      /* fp's buffer */
    int failed;
} sink;

/* Cairo and libpng write in pieces of a few bytes to 8 KB: with a buffer
 * of this size a chart is a handful of write calls, not dozens (glibc
 * takes no size from setvbuf without a buffer of the caller's). */
enum { SINK_BUFFER = 1 << 16 };

static cairo_status_t sink_write(void *closure, const unsigned char *data,
                                 unsigned int len)
{
    sink *s = closure;
    if (fwrite(data, 1, len, s->fp) != len) {
        s->failed = 1;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

/* "DIR/.NAME.trygg-" and twelve random letters and digits: a name no
 * other process can guess (getrandom waits only for the kernel's first
 * entropy at boot). -1 when there is no randomness to be had. */
static int temp_name(char *tmp, size_t n, const char *path)
{
    unsigned char r[12];
    if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
        return -1;
    const char *slash = strrchr(path, '/');
    int dir = slash ? (int)(slash - path) + 1 : 0;
    const char *base = strlen(path + dir) <= 200 ? path + dir : "";
    int k = snprintf(tmp, n, "%.*s.%s%strygg-", dir, path, base, *base ? "." : "");
    for (size_t i = 0; i < sizeof r && (size_t)k + i + 1 < n; i++)
        tmp[k + (int)i] = "abcdefghijklmnopqrstuvwxyz0123456789"[r[i] % 36];
    tmp[n - 1 < (size_t)k + sizeof r ? n - 1 : (size_t)k + sizeof r] = 0;
    return 0;
}

/* The target must be absent or a regular file: a link, device, FIFO or
 * folder is never replaced (errno then says EEXIST). */
static int target_ok(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return errno == ENOENT;
    if (S_ISREG(sb.st_mode))
        return 1;
    errno = EEXIST;
    return 0;
}

/* A new file ".<name>.trygg-XXXXXXXXXXXX" beside the target, with a name
 * no one can guess and O_EXCL | O_NOFOLLOW, so never a file or link
 * someone planted; mode 0666 less the umask like any other output file. */
static trygg_report_status sink_open(sink *s, const char *path)
{
    memset(s, 0, sizeof *s);
    if (!target_ok(path))
        return TRYGG_REPORT_ERR_IO;
    size_t n = strlen(path) + 32;
    if (!(s->tmp = malloc(n)))
        return TRYGG_REPORT_ERR_NOMEM;
    for (int tries = 0; tries < 100 && temp_name(s->tmp, n, path) == 0; tries++) {
        int fd = open(s->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd < 0 && errno == EEXIST)
            continue;
        if (fd >= 0 && (s->fp = fdopen(fd, "wb")) != NULL) {
            s->buf = malloc(SINK_BUFFER);   /* without it, stdio's own */
            if (s->buf && setvbuf(s->fp, s->buf, _IOFBF, SINK_BUFFER) != 0) {
                free(s->buf);
                s->buf = NULL;
            }
            return TRYGG_REPORT_OK;
        }
        if (fd >= 0) {
            close(fd);
            unlink(s->tmp);
        }
        break;
    }
    free(s->tmp);
    s->tmp = NULL;
    return TRYGG_REPORT_ERR_IO;
}

/* Closes the temporary file and renames it to path when st is OK and the
 * file was written whole; removes it otherwise. No fsync: the rename is
 * what keeps half a chart from view, and a report is a thousand files (a
 * sync each was a third of the chart workers' time), as the CSV outputs. */
static trygg_report_status sink_close(sink *s, const char *path,
                                      trygg_report_status st)
{
    if (!s->tmp)
        return st;
    int bad = s->failed || fflush(s->fp) != 0;
    bad |= fclose(s->fp) != 0;
    free(s->buf);
    if (st == TRYGG_REPORT_OK && bad)
        st = TRYGG_REPORT_ERR_IO;
    if (st == TRYGG_REPORT_OK && rename(s->tmp, path) != 0)
        st = TRYGG_REPORT_ERR_IO;
    if (st != TRYGG_REPORT_OK)
        unlink(s->tmp);
    free(s->tmp);
    return st;
}

static trygg_report_status cairo_st(cairo_status_t cs, const sink *s)
{
    if (cs == CAIRO_STATUS_SUCCESS)
        return TRYGG_REPORT_OK;
    if (cs == CAIRO_STATUS_NO_MEMORY)
        return TRYGG_REPORT_ERR_NOMEM;
    if (cs == CAIRO_STATUS_WRITE_ERROR || (s && s->failed))
        return TRYGG_REPORT_ERR_IO;
    return TRYGG_REPORT_ERR_CAIRO;
}

/* Draws a chart on a new context of surf, with an optional scale. */
static trygg_report_status draw_on(cairo_surface_t *surf,
                                   const trygg_report_chart *c, double scale)
{
    cairo_t *cr = cairo_create(surf);
    trygg_report_status st = cairo_st(cairo_status(cr), NULL);
    if (st == TRYGG_REPORT_OK) {
        cairo_scale(cr, scale, scale);
        st = trygg_report_draw(cr, c);
    }
    cairo_destroy(cr);
    return st;
}

struct trygg_report_canvas {
    unsigned char *pixels;
    size_t cap;
    png_encoder png;
};

trygg_report_canvas *trygg_report_canvas_new(void)
{
    return calloc(1, sizeof(trygg_report_canvas));
}

void trygg_report_canvas_free(trygg_report_canvas *cv)
{
    if (!cv)
        return;
    free(cv->pixels);
    png_encoder_free(&cv->png);
    free(cv);
}

/* An image surface of w × h on the canvas's pixels (grown when short),
 * painted white to the last pixel (the page may end within a row), so
 * the image is opaque. */
static trygg_report_status white_surface(trygg_report_canvas *cv, int w, int h,
                                         cairo_surface_t **out)
{
    int stride = cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, w);
    size_t need = (size_t)stride * (size_t)h;
    *out = NULL;
    if (stride <= 0)
        return TRYGG_REPORT_ERR_ARGUMENT;
    if (need > cv->cap) {
        free(cv->pixels);
        cv->cap = 0;
        if (!(cv->pixels = malloc(need)))
            return TRYGG_REPORT_ERR_NOMEM;
        cv->cap = need;
    }
    *out = cairo_image_surface_create_for_data(cv->pixels, CAIRO_FORMAT_ARGB32, w, h, stride);
    trygg_report_status st = cairo_st(cairo_surface_status(*out), NULL);
    if (st == TRYGG_REPORT_OK) {
        cairo_t *cr = cairo_create(*out);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        st = cairo_st(cairo_status(cr), NULL);
        cairo_destroy(cr);
    }
    return st;
}

trygg_report_status trygg_report_canvas_write_png(trygg_report_canvas *cv,
                                                  const trygg_report_chart *chart,
                                                  double scale, const char *path)
{
    const trygg_report_frame *f = trygg_report_chart_frame(chart);
    scale = scale == 0 ? 1 : scale;
    if (!cv || !f || !path || !isfinite(scale) || scale <= 0 || scale > 8 ||
        !(f->width > 0 && f->height > 0 && f->width <= 20000 &&
          f->height <= 20000))
        return TRYGG_REPORT_ERR_ARGUMENT;
    /* whole pixels, not one more for a rounding error (6 in at 150 dpi is
     * 900 pixels, not 901) */
    cairo_surface_t *surf = NULL;
    trygg_report_status st = white_surface(cv, (int)ceil(f->width * scale - 1e-6),
                                           (int)ceil(f->height * scale - 1e-6), &surf);
    sink s = {0};
    if (st == TRYGG_REPORT_OK)
        st = draw_on(surf, chart, scale);
    if (st == TRYGG_REPORT_OK) {
        cairo_surface_flush(surf);
        if (png_encode_argb32(&cv->png, cairo_image_surface_get_data(surf),
                              cairo_image_surface_get_width(surf),
                              cairo_image_surface_get_height(surf),
                              cairo_image_surface_get_stride(surf)) != 0)
            st = TRYGG_REPORT_ERR_NOMEM;
    }
    cairo_surface_destroy(surf);
    if (st == TRYGG_REPORT_OK)
        st = sink_open(&s, path);
    if (st == TRYGG_REPORT_OK &&
        fwrite(cv->png.file.p, 1, cv->png.file.n, s.fp) != cv->png.file.n)
        s.failed = 1;
    return sink_close(&s, path, st);
}

trygg_report_status trygg_report_write_png(const trygg_report_chart *chart,
                                           double scale, const char *path)
{
    trygg_report_canvas *cv = trygg_report_canvas_new();
    trygg_report_status st = cv ? trygg_report_canvas_write_png(cv, chart, scale, path)
                                : TRYGG_REPORT_ERR_NOMEM;
    trygg_report_canvas_free(cv);
    return st;
}

trygg_report_status trygg_report_write_svg(const trygg_report_chart *chart,
                                           const char *path)
{
    const trygg_report_frame *f = trygg_report_chart_frame(chart);
    if (!f || !path)
        return TRYGG_REPORT_ERR_ARGUMENT;
    sink s;
    trygg_report_status st = sink_open(&s, path);
    if (st != TRYGG_REPORT_OK)
        return st;
    cairo_surface_t *surf = cairo_svg_surface_create_for_stream(
        sink_write, &s, f->width, f->height);
    st = cairo_st(cairo_surface_status(surf), &s);
    if (st == TRYGG_REPORT_OK)
        st = draw_on(surf, chart, 1);
    cairo_surface_finish(surf);
    if (st == TRYGG_REPORT_OK)
        st = cairo_st(cairo_surface_status(surf), &s);
    cairo_surface_destroy(surf);
    return sink_close(&s, path, st);
}

/* 1 when every page has the first page's size. */
static int one_size(const trygg_report_chart *pages, size_t npages)
{
    const trygg_report_frame *f0 = trygg_report_chart_frame(&pages[0]);
    for (size_t i = 1; i < npages; i++) {
        const trygg_report_frame *f = trygg_report_chart_frame(&pages[i]);
        if (f->width != f0->width || f->height != f0->height)
            return 0;
    }
    return 1;
}

static trygg_report_status pdf_pages(cairo_surface_t *surf,
                                     const trygg_report_chart *pages,
                                     size_t npages)
{
    cairo_t *cr = cairo_create(surf);
    trygg_report_status st = cairo_st(cairo_status(cr), NULL);
    /* One structure for the whole document, a section per page. Cairo
     * 1.16 cannot keep a tag open across a change of page size, so pages
     * of mixed sizes are sections without a document around them. */
    int whole = one_size(pages, npages);
    if (whole)
        cairo_tag_begin(cr, "Document", NULL);
    for (size_t i = 0; i < npages && st == TRYGG_REPORT_OK; i++) {
        const trygg_report_frame *f = trygg_report_chart_frame(&pages[i]);
        if (!whole)
            cairo_pdf_surface_set_size(surf, f->width, f->height);
        st = trygg_report_draw(cr, &pages[i]);
        if (st == TRYGG_REPORT_OK) {
            if (whole && i + 1 == npages)
                cairo_tag_end(cr, "Document");
            cairo_show_page(cr);
            st = cairo_st(cairo_status(cr), NULL);
        }
    }
    cairo_destroy(cr);
    return st;
}

/* Cairo's PDF in memory: the language is added once it is finished. */
typedef struct {
    char *p;
    size_t n, cap;
    int failed;
} membuf;

static cairo_status_t mem_write(void *closure, const unsigned char *data, unsigned int len)
{
    membuf *m = closure;
    if (m->n + len > m->cap) {
        size_t nc = m->cap ? 2 * m->cap : 1 << 16;
        while (nc < m->n + len)
            nc *= 2;
        char *np = realloc(m->p, nc);
        if (!np) {
            m->failed = 1;
            return CAIRO_STATUS_NO_MEMORY;
        }
        m->p = np;
        m->cap = nc;
    }
    memcpy(m->p + m->n, data, len);
    m->n += len;
    return CAIRO_STATUS_SUCCESS;
}

static void pdf_metadata(cairo_surface_t *surf, const trygg_report_frame *f0)
{
    char *t = f0->title ? tr_utf8_clean(f0->title) : NULL;
    if (t)
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, t);
    free(t);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "trygg");
}

/* The document drawn into memory, with its language added. */
static trygg_report_status pdf_document(const trygg_report_chart *pages, size_t npages,
                                        membuf *doc, char **out, size_t *outn)
{
    const trygg_report_frame *f0 = trygg_report_chart_frame(&pages[0]);
    cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(mem_write, doc, f0->width,
                                                                f0->height);
    trygg_report_status st = cairo_st(cairo_surface_status(surf), NULL);
    if (st == TRYGG_REPORT_OK) {
        pdf_metadata(surf, f0);
        st = pdf_pages(surf, pages, npages);
    }
    cairo_surface_finish(surf);
    if (st == TRYGG_REPORT_OK)
        st = cairo_st(cairo_surface_status(surf), NULL);
    cairo_surface_destroy(surf);
    if (st == TRYGG_REPORT_OK && doc->failed)
        st = TRYGG_REPORT_ERR_NOMEM;
    const char *lang = f0->lang == TRYGG_REPORT_EN ? "en-GB" : "sv-SE";
    if (st == TRYGG_REPORT_OK && tr_pdf_lang(doc->p, doc->n, lang, out, outn) != 0)
        st = TRYGG_REPORT_ERR_CAIRO;   /* not the PDF cairo 1.16 writes */
    return st;
}

trygg_report_status trygg_report_write_pdf(const trygg_report_chart *pages,
                                           size_t npages, const char *path)
{
    if (!pages || !npages || !path)
        return TRYGG_REPORT_ERR_ARGUMENT;
    for (size_t i = 0; i < npages; i++)
        if (!trygg_report_chart_frame(&pages[i]))
            return TRYGG_REPORT_ERR_ARGUMENT;
    membuf doc = {0};
    char *pdf = NULL;
    size_t n = 0;
    trygg_report_status st = pdf_document(pages, npages, &doc, &pdf, &n);
    free(doc.p);
    sink s = {0};
    if (st == TRYGG_REPORT_OK)
        st = sink_open(&s, path);
    if (st == TRYGG_REPORT_OK && fwrite(pdf, 1, n, s.fp) != n)
        s.failed = 1;
    free(pdf);
    return sink_close(&s, path, st);
}
