/* The report's files: folder, PNG, SVG and PDF of the pages, index.html. */
#include "report_files.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct book_files {
    char *dir;
    char path[1024], tmp[1100];  /* index.html and its temporary */
    FILE *html;
    char **part;                 /* per municipality */
    size_t *part_len;
    size_t nmunis;
    int committed;
    trygg_book_message_fn message;
    void *user;
};

static void say(const book_files *f, const char *what, const char *path, const char *why)
{
    if (!f->message)
        return;
    char text[1400];
    snprintf(text, sizeof text, "%s%s: %s", what, path, why);
    f->message(f->user, text);
}

int book_files_open(const char *dir, const char *title, int year, size_t nmunis,
                    trygg_book_message_fn message, void *user, book_files **out)
{
    book_files *f = calloc(1, sizeof *f);
    *out = NULL;
    if (!f)
        return -1;
    f->message = message;
    f->user = user;
    f->nmunis = nmunis;
    f->dir = strdup(dir);
    f->part = calloc(nmunis + 1, sizeof *f->part);
    f->part_len = calloc(nmunis + 1, sizeof *f->part_len);
    if (!f->dir || !f->part || !f->part_len) {
        book_files_free(f);
        return -1;
    }
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        say(f, "cannot create ", dir, strerror(errno));
        book_files_free(f);
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/index.html", dir);
    snprintf(f->tmp, sizeof f->tmp, "%s.tmp", f->path);
    f->html = fopen(f->tmp, "wb");
    if (!f->html) {
        say(f, "cannot write ", f->tmp, strerror(errno));
        book_files_free(f);
        return -1;
    }
    fprintf(f->html, "<!doctype html>\n<meta charset=\"utf-8\">\n<title>%s</title>\n"
            "<h1>%s %d</h1>\n", title, title, year);
    *out = f;
    return 0;
}

/* ASCII file name for an area ("Södertälje" -> "sodertalje"). */
static void slug(const char *s, char *out, size_t size)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && n + 1 < size; p++) {
        if (*p == 0xC3 && p[1]) {
            unsigned char c = *++p;
            out[n++] = (c == 0xB6 || c == 0x96) ? 'o' : (c == 0xA9 || c == 0x89) ? 'e' : 'a';
        } else if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) {
            out[n++] = (char)*p;
        } else if (*p >= 'A' && *p <= 'Z') {
            out[n++] = (char)(*p - 'A' + 'a');
        } else if (*p < 0x80 && n && out[n - 1] != '-') {
            out[n++] = '-';
        }
    }
    out[n] = 0;
}

static int write_chart(const book_files *f, const trygg_report_chart *ch, const char *base,
                       FILE *html, const char *rel)
{
    char path[1100];
    snprintf(path, sizeof path, "%s.png", base);
    trygg_report_status st = trygg_report_write_png(ch, 1.5, path);
    if (st == TRYGG_REPORT_OK) {
        snprintf(path, sizeof path, "%s.svg", base);
        st = trygg_report_write_svg(ch, path);
    }
    if (st != TRYGG_REPORT_OK) {
        say(f, "", path, trygg_report_strerror(st));
        return -1;
    }
    if (html)
        fprintf(html, "<a href=\"%s.svg\"><img src=\"%s.png\" width=\"560\"></a>\n", rel, rel);
    return 0;
}

static int municipality_files(const book_files *f, const char *muni,
                              const trygg_book_page *pages, size_t npages, FILE *html)
{
    char s[256], path[1024], rel[300];
    slug(muni, s, sizeof s);
    snprintf(path, sizeof path, "%s/%s", f->dir, s);
    mkdir(path, 0777);
    fprintf(html, "<h2>%s</h2>\n<p><a href=\"%s.pdf\">PDF</a></p>\n", muni, s);
    int rc = 0;
    for (size_t i = 0; i < npages && rc == 0; i++) {
        snprintf(path, sizeof path, "%s/%s/%02zu", f->dir, s, i + 1);
        snprintf(rel, sizeof rel, "%s/%02zu", s, i + 1);
        rc = write_chart(f, &pages[i].chart, path, html, rel);
    }
    snprintf(path, sizeof path, "%s/%s.pdf", f->dir, s);
    if (rc == 0 && npages) {
        trygg_report_chart *charts = malloc(npages * sizeof *charts);
        for (size_t i = 0; charts && i < npages; i++)
            charts[i] = pages[i].chart;
        trygg_report_status st = charts ? trygg_report_write_pdf(charts, npages, path)
                                        : TRYGG_REPORT_ERR_NOMEM;
        free(charts);
        if (st != TRYGG_REPORT_OK) {
            say(f, "", path, trygg_report_strerror(st));
            rc = -1;
        }
    }
    return rc;
}

int book_files_municipality(book_files *f, size_t i, const char *muni,
                            const trygg_book_page *pages, size_t npages)
{
    if (i >= f->nmunis)
        return -1;
    FILE *html = open_memstream(&f->part[i], &f->part_len[i]);
    if (!html)
        return -1;
    int rc = municipality_files(f, muni, pages, npages, html);
    if (fclose(html) != 0)
        rc = -1;
    return rc;
}

int book_files_commit(book_files *f)
{
    for (size_t m = 0; m < f->nmunis; m++)
        if (f->part[m])
            fwrite(f->part[m], 1, f->part_len[m], f->html);
    int bad = fclose(f->html) != 0;
    f->html = NULL;
    if (bad || rename(f->tmp, f->path) != 0) {
        say(f, "cannot write ", f->path, strerror(errno));
        return -1;
    }
    f->committed = 1;
    return 0;
}

void book_files_free(book_files *f)
{
    if (!f)
        return;
    if (f->html)
        fclose(f->html);
    if (!f->committed && f->tmp[0])
        remove(f->tmp);
    for (size_t m = 0; f->part && m < f->nmunis; m++)
        free(f->part[m]);
    free(f->part);
    free(f->part_len);
    free(f->dir);
    free(f);
}
