/* The report's files: folder, PNG, SVG and PDF of the pages, index.html.
 * Everything goes into the output folder's private folder (mode 0700: no
 * one else can plant a file or link in it) and is swapped in at the end.
 * Every text in index.html is escaped; its links are built from slugs. */
#include "report_files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct book_files {
    trygg_output_folder *out;
    const char *root;            /* the private folder */
    const trygg_book_ctx *c;
    const char **munis;          /* the municipalities, then the region */
    char **slug;                 /* per municipality: its file name; "region" */
    char **part;                 /* per municipality: its part of index.html */
    size_t *part_len;
    size_t nmunis;               /* the municipalities; the region is the last */
    trygg_book_message_fn message;
    void *user;
};

static void say(const book_files *f, const char *path, const char *what, const char *why)
{
    if (!f->message)
        return;
    size_t n = strlen(path) + strlen(what) + strlen(why) + 8;
    char *text = malloc(n);
    if (!text)
        return;
    snprintf(text, n, "%s: %s%s", path, what, why);
    f->message(f->user, text);
    free(text);
}

/* a, b, c and d one after the other: a new string, or NULL. */
static char *cat4(const char *a, const char *b, const char *c, const char *d)
{
    size_t n = strlen(a) + strlen(b) + strlen(c) + strlen(d) + 1;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s%s%s%s", a, b, c, d);
    return p;
}

/* "dir/name" */
static char *join(const char *dir, const char *name)
{
    return cat4(dir, "/", name, "");
}

/* ---- HTML ----------------------------------------------------------------- */

/* Text as HTML: & < > " ' escaped, so no name can open a tag or leave an
 * attribute. */
static void html_text(FILE *h, const char *s)
{
    for (; *s; s++)
        switch (*s) {
        case '&': fputs("&amp;", h); break;
        case '<': fputs("&lt;", h); break;
        case '>': fputs("&gt;", h); break;
        case '"': fputs("&quot;", h); break;
        case '\'': fputs("&#39;", h); break;
        default: fputc(*s, h);
        }
}

/* A link target: letters, digits and "-._/#" as they are, every other
 * byte percent-encoded (slugs have none, but a link is never built from
 * anything that could leave its attribute). */
static void html_href(FILE *h, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= '0' && *p <= '9') || strchr("-._/#", *p))
            fputc(*p, h);
        else
            fprintf(h, "%%%02X", *p);
}

static int en(const book_files *f)
{
    return f->c->lang == TRYGG_REPORT_EN;
}

/* 1 when `name` has the year on its own ("Trygghetsmätning 2024"), not
 * as the end of a range ("2022–2024") that does not say which year. */
static int holds_year(const char *name, int year)
{
    static const char EN_DASH[] = "\xE2\x80\x93";
    char y[16];
    snprintf(y, sizeof y, "%d", year);
    size_t n = strlen(y);
    for (const char *p = name; (p = strstr(p, y)) != NULL; p++) {
        char before = p > name ? p[-1] : ' ';
        const char *after = p + n;
        int joined = (before >= '0' && before <= '9') || before == '-' ||
                     (p - name >= 3 && !strncmp(p - 3, EN_DASH, 3)) ||
                     (*after >= '0' && *after <= '9') || *after == '-' ||
                     !strncmp(after, EN_DASH, 3);
        if (!joined)
            return 1;
    }
    return 0;
}

/* "Trygghetsmätning 2024: rapporter per kommun", or for a name without
 * the year on its own, "...: rapporter för 2024". */
static void html_title(FILE *h, const book_files *f)
{
    const char *name = trygg_definition_name(f->c->def);
    if (!name || !*name)
        name = en(f) ? "Safety survey" : "Trygghetsmätning";
    html_text(h, name);
    if (holds_year(name, f->c->year))
        fputs(en(f) ? ": reports by municipality" : ": rapporter per kommun", h);
    else
        fprintf(h, en(f) ? ": reports for %d" : ": rapporter för %d", f->c->year);
}

static const char STYLE[] =
    "<style>\n"
    "body{font-family:\"DejaVu Sans\",system-ui,sans-serif;line-height:1.45;color:#1b1b1b;"
    "max-width:62rem;margin:0 auto;padding:0 1rem 2rem}\n"
    "h1{font-size:1.7rem;margin:1.2rem 0 .3rem}h2{font-size:1.35rem;margin:0 0 .4rem}\n"
    "a{color:#0a58a5}a:focus,a:hover{color:#06325e}\n"
    "nav.munis ul{list-style:none;padding:0;columns:3 12rem}\n"
    "nav.munis li{margin:.15rem 0}\n"
    "section{border-top:2px solid #d8d8d8;margin-top:2rem;padding-top:1rem}\n"
    "nav.pages ol{padding-left:1.6rem;margin:.3rem 0 1rem}\n"
    "figure{margin:1.2rem 0;break-inside:avoid}\n"
    "img{max-width:100%;height:auto;border:1px solid #ccc}\n"
    "figcaption{font-size:.9rem;color:#444;margin-top:.25rem}\n"
    "@media (max-width:40rem){body{padding:0 .6rem 1rem}h1{font-size:1.35rem}}\n"
    "@media print{nav.pages{display:none}section{break-before:page;border:0}"
    "a{color:inherit;text-decoration:none}img{border:0;max-width:100%}}\n"
    "</style>\n";

static void html_head(FILE *h, const book_files *f)
{
    fprintf(h, "<!doctype html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<title>", en(f) ? "en" : "sv");
    html_title(h, f);
    fprintf(h, "</title>\n%s</head>\n<body>\n<header>\n<h1>", STYLE);
    html_title(h, f);
    fprintf(h, "</h1>\n<p>%s</p>\n</header>\n", en(f)
            ? "A report for the region and for every municipality: a PDF, and every page as "
              "an image."
            : "En rapport för regionen och för varje kommun: en PDF, och varje sida som bild.");
}

/* The list of municipalities at the top, each with its PDF. */
static void html_munis(FILE *h, const book_files *f)
{
    fprintf(h, "<nav class=\"munis\" aria-label=\"%s\">\n<h2>%s</h2>\n<ul>\n",
            en(f) ? "Municipalities" : "Kommuner", en(f) ? "Municipalities" : "Kommuner");
    for (size_t j = 0; j <= f->nmunis; j++) {
        size_t m = j ? j - 1 : f->nmunis;   /* the region first */
        if (!f->part[m])
            continue;
        fputs("<li><a href=\"#", h);
        html_href(h, f->slug[m]);
        fputs("\">", h);
        html_text(h, f->munis[m]);
        fputs("</a> (<a href=\"", h);
        html_href(h, f->slug[m]);
        fputs(".pdf\">PDF</a>)</li>\n", h);
    }
    fputs("</ul>\n</nav>\n<main>\n", h);
}

/* A page's words: its description, or the chart's title and subtitle. */
static void html_alt(FILE *h, const trygg_book_page *p)
{
    const trygg_report_frame *fr = trygg_report_chart_frame(&p->chart);
    const char *alt = p->alt && *p->alt ? p->alt : fr && fr->title ? fr->title : "";
    html_text(h, alt);
    if (fr && fr->subtitle && *fr->subtitle && !strstr(alt, fr->subtitle)) {
        fputs(*alt ? ". " : "", h);
        html_text(h, fr->subtitle);
    }
}

/* "#slug-01": the page's anchor and, without '#', its file's stem. */
static void page_ref(FILE *h, const char *slug, size_t i, int anchor)
{
    char num[24];
    snprintf(num, sizeof num, anchor ? "-%02zu" : "/%02zu", i + 1);
    html_href(h, slug);
    html_href(h, num);
}

static void html_section_head(FILE *h, const book_files *f, size_t m,
                              const trygg_book_page *pages, size_t npages)
{
    const char *s = f->slug[m];
    fputs("<section id=\"", h);
    html_href(h, s);
    fputs("\">\n<h2>", h);
    html_text(h, f->munis[m]);
    fputs("</h2>\n<p><a href=\"", h);
    html_href(h, s);
    fprintf(h, ".pdf\">PDF (%zu %s)</a></p>\n<nav class=\"pages\" aria-label=\"", npages,
            en(f) ? (npages == 1 ? "page" : "pages") : (npages == 1 ? "sida" : "sidor"));
    fputs(en(f) ? "Pages: " : "Sidor: ", h);
    html_text(h, f->munis[m]);
    fputs("\">\n<ol>\n", h);
    for (size_t i = 0; i < npages; i++) {
        /* the contents name each page by its title; its figure has the
         * description */
        const trygg_report_frame *fr = trygg_report_chart_frame(&pages[i].chart);
        fputs("<li><a href=\"#", h);
        page_ref(h, s, i, 1);
        fputs("\">", h);
        if (fr && fr->title)
            html_text(h, fr->title);
        else
            html_alt(h, &pages[i]);
        fputs("</a></li>\n", h);
    }
    fputs("</ol>\n</nav>\n", h);
}

static void html_figure(FILE *h, const char *slug, size_t i, const trygg_book_page *p)
{
    const trygg_report_frame *fr = trygg_report_chart_frame(&p->chart);
    fputs("<figure id=\"", h);
    page_ref(h, slug, i, 1);
    fputs("\"><a href=\"", h);
    page_ref(h, slug, i, 0);
    fputs(".svg\"><img src=\"", h);
    page_ref(h, slug, i, 0);
    fprintf(h, ".png\" width=\"%.0f\" height=\"%.0f\" loading=\"lazy\" alt=\"",
            fr ? fr->width * 1.5 : 1263, fr ? fr->height * 1.5 : 893);
    html_alt(h, p);
    fputs("\"></a>\n<figcaption>", h);
    html_alt(h, p);
    fputs("</figcaption></figure>\n", h);
}

/* ---- files ------------------------------------------------------------------ */

static int chart_failed(const book_files *f, const char *path, trygg_report_status st)
{
    int why = st == TRYGG_REPORT_ERR_IO && errno;
    char *what = cat4(trygg_report_strerror(st), why ? ": " : "", why ? strerror(errno) : "",
                      "");
    say(f, path, what ? what : trygg_report_strerror(st), "");
    free(what);
    return -1;
}

static int write_chart(const book_files *f, trygg_report_canvas *cv,
                       const trygg_report_chart *ch, const char *base)
{
    char *png = cat4(base, ".png", "", ""), *svg = cat4(base, ".svg", "", "");
    int rc = png && svg ? 0 : -1;
    if (rc == 0) {
        errno = 0;
        trygg_report_status st = trygg_report_canvas_write_png(cv, ch, 1.5, png);
        if (st != TRYGG_REPORT_OK)
            rc = chart_failed(f, png, st);
        else if ((st = trygg_report_write_svg(ch, svg)) != TRYGG_REPORT_OK)
            rc = chart_failed(f, svg, st);
    }
    free(png);
    free(svg);
    return rc;
}

static int write_pdf(const book_files *f, size_t m, const trygg_book_page *pages,
                     size_t npages)
{
    char *path = cat4(f->root, "/", f->slug[m], ".pdf");
    trygg_report_chart *charts = malloc((npages + 1) * sizeof *charts);
    int rc = path && charts ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < npages; i++)
        charts[i] = pages[i].chart;
    errno = 0;
    trygg_report_status st = rc == 0 ? trygg_report_write_pdf(charts, npages, path)
                                     : TRYGG_REPORT_ERR_NOMEM;
    if (st != TRYGG_REPORT_OK)
        rc = chart_failed(f, path ? path : f->slug[m], st);
    free(charts);
    free(path);
    return rc;
}

static int municipality_files(const book_files *f, trygg_report_canvas *cv, size_t m,
                              const trygg_book_page *pages, size_t npages, FILE *html)
{
    char *dir = join(f->root, f->slug[m]);
    if (!dir)
        return -1;
    int rc = mkdir(dir, 0777);
    if (rc != 0)
        say(f, dir, "cannot create: ", strerror(errno));
    html_section_head(html, f, m, pages, npages);
    for (size_t i = 0; i < npages && rc == 0; i++) {
        char num[24];
        snprintf(num, sizeof num, "%02zu", i + 1);
        char *base = join(dir, num);
        rc = base ? write_chart(f, cv, &pages[i].chart, base) : -1;
        free(base);
        html_figure(html, f->slug[m], i, &pages[i]);
    }
    fputs("</section>\n", html);
    if (rc == 0 && npages)
        rc = write_pdf(f, m, pages, npages);
    free(dir);
    return rc;
}

int book_files_region(book_files *f, trygg_report_canvas *cv, const trygg_book_page *pages,
                      size_t npages)
{
    FILE *html = open_memstream(&f->part[f->nmunis], &f->part_len[f->nmunis]);
    if (!html)
        return -1;
    int rc = municipality_files(f, cv, f->nmunis, pages, npages, html);
    if (fclose(html) != 0)
        rc = -1;
    return rc;
}

int book_files_municipality(book_files *f, trygg_report_canvas *cv, size_t i,
                            const trygg_book_page *pages, size_t npages)
{
    if (i >= f->nmunis)
        return -1;
    FILE *html = open_memstream(&f->part[i], &f->part_len[i]);
    if (!html)
        return -1;
    int rc = municipality_files(f, cv, i, pages, npages, html);
    if (fclose(html) != 0)
        rc = -1;
    return rc;
}

/* ---- the whole --------------------------------------------------------------- */

/* Every municipality's file name; two names with one are an error. */
static int make_slugs(book_files *f)
{
    for (size_t m = 0; m < f->nmunis; m++)
        if (trygg_slug(f->munis[m], &f->slug[m]) != TRYGG_OK) {
            say(f, f->munis[m], "no file name can be made from this name", "");
            return -1;
        }
    if (!(f->slug[f->nmunis] = strdup("region")))
        return -1;
    for (size_t a = 0; a < f->nmunis; a++)
        for (size_t b = a + 1; b <= f->nmunis; b++)
            if (strcmp(f->slug[a], f->slug[b]) == 0) {
                size_t n = strlen(f->munis[a]) + strlen(f->munis[b]) +
                           2 * strlen(f->slug[a]) + 160;
                char *text = malloc(n);
                if (text && b == f->nmunis)
                    snprintf(text, n, "municipality '%s' would be written as region.pdf "
                             "and region/, the region's report: rename it in the data",
                             f->munis[a]);
                else if (text)
                    snprintf(text, n, "municipalities '%s' and '%s' would both be "
                             "written as %s.pdf and %s/: their names must differ in "
                             "more than case, accents and punctuation", f->munis[a],
                             f->munis[b], f->slug[a], f->slug[a]);
                if (text && f->message)
                    f->message(f->user, text);
                free(text);
                return -1;
            }
    return 0;
}

static void folder_errors(const book_files *f, const trygg_errors *err)
{
    for (size_t i = 0; i < trygg_errors_count(err); i++) {
        const trygg_diag *d = trygg_errors_get(err, i);
        say(f, d->file, d->message, "");
    }
}

int book_files_open(const trygg_book_ctx *c, const trygg_book_report_options *o,
                    const char *const *munis, size_t nmunis, book_files **out)
{
    book_files *f = calloc(1, sizeof *f);
    *out = NULL;
    if (!f)
        return -1;
    *f = (book_files){.c = c, .nmunis = nmunis, .message = o->message, .user = o->user};
    f->munis = calloc(nmunis + 2, sizeof *f->munis);
    f->slug = calloc(nmunis + 2, sizeof *f->slug);
    f->part = calloc(nmunis + 2, sizeof *f->part);
    f->part_len = calloc(nmunis + 2, sizeof *f->part_len);
    trygg_errors *err = trygg_errors_new(10);
    for (size_t m = 0; f->munis && m < nmunis; m++)
        f->munis[m] = munis[m];
    if (f->munis)
        f->munis[nmunis] = trygg_book_area_name(c, "region", "region");
    int rc = f->munis && f->slug && f->part && f->part_len && err ? make_slugs(f) : -1;
    if (rc == 0 && trygg_output_folder_new(o->dir, o->temp_hook, o->temp_ctx, &f->out,
                                           err) != TRYGG_OK) {
        folder_errors(f, err);
        rc = -1;
    }
    trygg_errors_free(err);
    if (rc != 0) {
        book_files_free(f);
        return -1;
    }
    f->root = trygg_output_folder_path(f->out);
    *out = f;
    return 0;
}

/* index.html, new in the private folder (never an existing file or link). */
static int write_index(const book_files *f)
{
    char *path = join(f->root, "index.html");
    int fd = path ? open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666)
                  : -1;
    FILE *h = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!h) {
        say(f, path ? path : "index.html", "cannot write: ", strerror(errno));
        if (fd >= 0)
            close(fd);
        free(path);
        return -1;
    }
    html_head(h, f);
    html_munis(h, f);
    for (size_t j = 0; j <= f->nmunis; j++) {
        size_t m = j ? j - 1 : f->nmunis;   /* the region first */
        if (f->part[m])
            fwrite(f->part[m], 1, f->part_len[m], h);
    }
    fputs("</main>\n</body>\n</html>\n", h);
    int bad = ferror(h);
    bad |= fclose(h) != 0;
    if (bad)
        say(f, path, "cannot write: ", strerror(errno));
    free(path);
    return bad ? -1 : 0;
}

int book_files_commit(book_files *f)
{
    if (write_index(f) != 0)
        return -1;
    trygg_errors *err = trygg_errors_new(10);
    trygg_status st = err ? trygg_output_folder_commit(f->out, err) : TRYGG_ERR_NOMEM;
    folder_errors(f, err);
    trygg_errors_free(err);
    return st == TRYGG_OK ? 0 : -1;
}

void book_files_free(book_files *f)
{
    if (!f)
        return;
    trygg_output_folder_free(f->out);
    for (size_t m = 0; m <= f->nmunis; m++) {
        free(f->part ? f->part[m] : NULL);
        free(f->slug ? f->slug[m] : NULL);
    }
    free(f->munis);
    free(f->slug);
    free(f->part);
    free(f->part_len);
    free(f);
}
