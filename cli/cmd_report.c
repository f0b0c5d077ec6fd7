/* trygg report | chart: the region's charts and reports, drawn from the
 * estimates (reports/ draws; lib/ computes). */
#include "cli.h"
#include "chart.h"
#include "report_build.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char USAGE_REPORT[] =
    "usage: trygg report DEFINITION --out DIR [--year Y] [--lang sv|en] [--quiet]\n"
    "                    [--timings]\n"
    "For every municipality: a PDF (cover, lägesbild of the municipality and of\n"
    "each district, district comparison, problem table, trend, groups,\n"
    "priorities), a PNG and an SVG of every chart, and DIR/index.html.\n"
    "--timings prints the wall time of each stage on stderr (load, estimate,\n"
    "changes, contrasts, priorities, charts: models, drawing and writing files).\n";
static const char USAGE_CHART[] =
    "usage: trygg chart DEFINITION --type TYPE --area NAME --out FILE.png|svg|pdf\n"
    "  TYPE: lagesbild, comparison, table, trend, groups, priorities, cover\n"
    "  [--indicator NAME] [--year Y] [--lang sv|en] [--weighting M]\n";

typedef struct {
    trygg_results *est;
    trygg_changes *chg, *con;
    rb_ctx rb;
} report_data;

static trygg_status compute(const trygg_survey *sv, const cli_args *a, report_data *d,
                            trygg_errors *err)
{
    trygg_estimate_options eo = a->est;
    eo.year = 0;
    eo.level_name = NULL;
    eo.indicator = NULL;
    trygg_change_options co = a->chg;
    co.year_to = 0;
    co.all_pairs = 1;
    co.indicator = NULL;
    int year = a->est.year ? a->est.year
               : trygg_survey_year(sv, trygg_survey_year_count(sv) - 1);
    double t = cli_now();
    trygg_status st = trygg_estimate(sv, &eo, &d->est, err);
    cli_timing("estimate", cli_now() - t);
    if (st == TRYGG_OK) {
        t = cli_now();
        st = trygg_changes_from_estimates(sv, d->est, &co, &d->chg, err);
        cli_timing("changes", cli_now() - t);
    }
    co.year_to = year;   /* the pages compare districts in the report's year */
    if (st == TRYGG_OK) {
        t = cli_now();
        st = trygg_contrasts_from_estimates(sv, d->est, &co, &d->con, err);
        cli_timing("contrasts", cli_now() - t);
    }
    d->rb = (rb_ctx){trygg_survey_definition(sv), d->est, d->chg, d->con,
                     (trygg_report_lang)a->lang, year};
    return st;
}

static void data_free(report_data *d)
{
    trygg_results_free(d->est);
    trygg_changes_free(d->chg);
    trygg_changes_free(d->con);
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

static int write_chart(const trygg_report_chart *ch, const char *base, FILE *html,
                       const char *rel)
{
    char path[1100];
    snprintf(path, sizeof path, "%s.png", base);
    trygg_report_status st = trygg_report_write_png(ch, 1.5, path);
    if (st == TRYGG_REPORT_OK) {
        snprintf(path, sizeof path, "%s.svg", base);
        st = trygg_report_write_svg(ch, path);
    }
    if (st != TRYGG_REPORT_OK) {
        fprintf(stderr, "trygg: %s: %s\n", path, trygg_report_strerror(st));
        return -1;
    }
    if (html)
        fprintf(html, "<a href=\"%s.svg\"><img src=\"%s.png\" width=\"560\"></a>\n", rel, rel);
    return 0;
}

/* A municipality's pages: as many as it has districts and table parts
 * (Stockholm's run past a hundred). */
typedef struct {
    trygg_report_chart *pages;
    size_t n, cap;
    int nomem;
} page_list;

static void add(page_list *p, int ok, const trygg_report_chart *c)
{
    if (ok != 0 || p->nomem)
        return;
    if (p->n == p->cap) {
        size_t nc = p->cap ? 2 * p->cap : 64;
        trygg_report_chart *np = realloc(p->pages, nc * sizeof *np);
        if (!np) {
            p->nomem = 1;
            return;
        }
        p->pages = np;
        p->cap = nc;
    }
    p->pages[p->n++] = *c;
}

static void municipality_pages(const rb_ctx *c, rb_arena *a, const char *muni,
                               const trygg_priorities *prio, page_list *p)
{
    trygg_report_chart ch;
    const char *main_ind = rb_main_indicator(c->def);
    add(p, rb_cover(c, a, muni, &ch), &ch);
    add(p, rb_lagesbild(c, a, "municipality", muni, &ch), &ch);
    const char **districts;
    size_t nd = rb_districts(c, a, muni, &districts);
    for (size_t i = 0; i < nd; i++)
        add(p, rb_lagesbild(c, a, "district", districts[i], &ch), &ch);
    add(p, rb_comparison(c, a, muni, main_ind, &ch), &ch);
    for (size_t part = 0; rb_table(c, a, muni, part, &ch) == 0; part++)
        add(p, 0, &ch);
    add(p, rb_trend(c, a, "municipality", muni, main_ind, &ch), &ch);
    add(p, rb_groups(c, a, muni, main_ind, &ch), &ch);
    add(p, rb_priorities(c, a, prio, muni, &ch), &ch);
}

static int one_municipality(const rb_ctx *c, const trygg_priorities *prio,
                            const char *dir, const char *muni, FILE *html)
{
    rb_arena a = {0};
    page_list pages = {NULL, 0, 0, 0};
    municipality_pages(c, &a, muni, prio, &pages);
    char s[256], path[1024], rel[300];
    slug(muni, s, sizeof s);
    snprintf(path, sizeof path, "%s/%s", dir, s);
    mkdir(path, 0777);
    int rc = 0;
    if (pages.nomem) {
        fprintf(stderr, "trygg: %s: out of memory for its pages\n", muni);
        rc = -1;
    }
    if (html && rc == 0)
        fprintf(html, "<h2>%s</h2>\n<p><a href=\"%s.pdf\">PDF</a></p>\n", muni, s);
    for (size_t i = 0; i < pages.n && rc == 0; i++) {
        snprintf(path, sizeof path, "%s/%s/%02zu", dir, s, i + 1);
        snprintf(rel, sizeof rel, "%s/%02zu", s, i + 1);
        rc = write_chart(&pages.pages[i], path, html, rel);
    }
    snprintf(path, sizeof path, "%s/%s.pdf", dir, s);
    if (rc == 0 && pages.n) {
        trygg_report_status st = trygg_report_write_pdf(pages.pages, pages.n, path);
        if (st != TRYGG_REPORT_OK) {
            fprintf(stderr, "trygg: %s: %s\n", path, trygg_report_strerror(st));
            rc = -1;
        }
    }
    free(pages.pages);
    rb_arena_free(&a);
    return rc;
}

/* The municipalities' pages are independent: workers take them in turn,
 * largest first (a large one taken last would keep one worker busy long
 * after the others are done), each writing its part of index.html to
 * memory, put in order after. */
typedef struct {
    const rb_ctx *c;
    const trygg_priorities *prio;
    const cli_args *a;
    const char *const *munis;
    const size_t *order;  /* municipalities, largest first */
    size_t nm, next;
    char **html;          /* per municipality */
    size_t *html_len;
    int failed;
    pthread_mutex_t lock;
} muni_queue;

static void *muni_worker(void *arg)
{
    muni_queue *q = arg;
    for (;;) {
        pthread_mutex_lock(&q->lock);
        size_t j = q->failed ? q->nm : q->next++;
        size_t m = j < q->nm ? q->order[j] : q->nm;
        if (m < q->nm && !q->a->quiet)
            fprintf(stderr, "\rtrygg report: municipality %zu of %zu (%s)   ", j + 1,
                    q->nm, q->munis[m]);
        pthread_mutex_unlock(&q->lock);
        if (m >= q->nm)
            return NULL;
        FILE *html = open_memstream(&q->html[m], &q->html_len[m]);
        int rc = html ? one_municipality(q->c, q->prio, q->a->out, q->munis[m], html) : -1;
        if (html)
            fclose(html);
        if (rc != 0) {
            pthread_mutex_lock(&q->lock);
            q->failed = 1;
            pthread_mutex_unlock(&q->lock);
        }
    }
}

/* Municipalities by their number of districts (their pages), largest
 * first; ties in the order given. */
static void largest_first(const rb_ctx *c, const char *const *munis, size_t nm,
                          size_t *order)
{
    size_t *pages = calloc(nm + 1, sizeof *pages);
    for (size_t i = 0; pages && i < trygg_results_count(c->est); i++) {
        const trygg_estimate_row *x = trygg_results_row(c->est, i);
        if (x->year != c->year || x->indicator_index != 0 || strcmp(x->level, "district"))
            continue;
        for (size_t m = 0; m < nm; m++)
            if (!strcmp(x->parent, munis[m]))
                pages[m]++;
    }
    for (size_t m = 0; m < nm; m++) {
        size_t at = m;
        for (; pages && at > 0 && pages[order[at - 1]] < pages[m]; at--)
            order[at] = order[at - 1];
        order[at] = m;
    }
    free(pages);
}

static int all_municipalities(const rb_ctx *c, const trygg_priorities *prio,
                              const cli_args *a, const char *const *munis, size_t nm,
                              FILE *html)
{
    size_t *order = malloc((nm + 1) * sizeof *order);
    muni_queue q = {c, prio, a, munis, order, nm, 0, calloc(nm + 1, sizeof(char *)),
                    calloc(nm + 1, sizeof(size_t)), 0, PTHREAD_MUTEX_INITIALIZER};
    if (!order || !q.html || !q.html_len) {
        free(order);
        free(q.html);
        free(q.html_len);
        return -1;
    }
    largest_first(c, munis, nm, order);
    /* two workers a core: a worker also waits for its files' writes and
     * page faults (measured: a few per cent faster than one a core) */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nt = cores > 1 ? 2 * (size_t)cores - 1 : 1;
    pthread_t tid[15];
    size_t started = 0;
    for (; started < nt && started < 15 && started + 1 < nm; started++)
        if (pthread_create(&tid[started], NULL, muni_worker, &q) != 0)
            break;
    muni_worker(&q);
    for (size_t i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    for (size_t m = 0; m < nm; m++) {
        if (q.html[m])
            fwrite(q.html[m], 1, q.html_len[m], html);
        free(q.html[m]);
    }
    free(q.html);
    free(q.html_len);
    free(order);
    pthread_mutex_destroy(&q.lock);
    return q.failed ? -1 : 0;
}

static int run_report(const trygg_survey *sv, const cli_args *a, report_data *d)
{
    if (mkdir(a->out, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "trygg: cannot create %s: %s\n", a->out, strerror(errno));
        return CLI_INPUT;
    }
    char tmp[1100], path[1024];
    snprintf(path, sizeof path, "%s/index.html", a->out);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *html = fopen(tmp, "wb");
    if (!html)
        return CLI_INPUT;
    fprintf(html, "<!doctype html>\n<meta charset=\"utf-8\">\n<title>%s</title>\n"
            "<h1>%s %d</h1>\n", trygg_definition_name(d->rb.def),
            trygg_definition_name(d->rb.def), d->rb.year);
    const char *munis[512];
    size_t nm = 0;
    for (size_t i = 0; i < trygg_results_count(d->est) && nm < 512; i++) {
        const trygg_estimate_row *x = trygg_results_row(d->est, i);
        if (x->year == d->rb.year && x->indicator_index == 0 && !strcmp(x->level, "municipality"))
            munis[nm++] = x->domain;
    }
    /* every municipality's priorities at once, from the estimates above */
    trygg_priority_options po;
    trygg_priority_options_init(&po);
    po.weighting = a->est.weighting;
    po.year = d->rb.year;
    po.estimates = d->est;
    trygg_priorities *prio = NULL;
    double t = cli_now();
    trygg_priorities_compute(sv, &po, "municipality:*", &prio, NULL);
    cli_timing("priorities", cli_now() - t);
    t = cli_now();
    int rc = all_municipalities(&d->rb, prio, a, munis, nm, html);
    trygg_priorities_free(prio);
    if (!a->quiet)
        fprintf(stderr, "\n");
    int bad = fclose(html) != 0 || rc != 0;
    cli_timing("charts", cli_now() - t);
    if (bad || rename(tmp, path) != 0) {
        remove(tmp);
        return CLI_INPUT;
    }
    if (!a->quiet)
        fprintf(stderr, "trygg: wrote %s/ (%zu municipalities, index.html)\n", a->out, nm);
    return CLI_OK;
}

static int with_data(int argc, char **argv, const char *usage, const char *type,
                     const char *area)
{
    cli_args a;
    int rc = cli_parse(argc, argv, usage, &a);
    if (rc != CLI_OK)
        return rc < 0 ? CLI_OK : rc;
    if (!strcmp(a.out, "-")) {
        fprintf(stderr, "trygg %s: --out is required\n%s", argv[0], usage);
        return CLI_USAGE;
    }
    trygg_definition *def = NULL;
    trygg_survey *sv = NULL;
    rc = cli_load(a.definition, &def, &sv);
    if (rc == CLI_OK) {
        trygg_errors *err = trygg_errors_new(50);
        report_data d = {0};
        trygg_status st = compute(sv, &a, &d, err);
        if (st != TRYGG_OK)
            rc = cli_fail(st, err);
        else if (!type)
            rc = run_report(sv, &a, &d);
        else {
            double t = cli_now();
            rc = cli_chart(sv, &a, &d.rb, type, area);
            cli_timing("chart", cli_now() - t);
        }
        data_free(&d);
        trygg_errors_free(err);
    }
    trygg_survey_free(sv);
    trygg_definition_free(def);
    return rc;
}

int cmd_report(int argc, char **argv)
{
    return with_data(argc, argv, USAGE_REPORT, NULL, NULL);
}

int cmd_chart(int argc, char **argv)
{
    const char *type = NULL, *area = NULL;
    char *rest[64];
    int n = 0;
    for (int i = 0; i < argc && n < 63; i++) {
        if (!strcmp(argv[i], "--type") && i + 1 < argc)
            type = argv[++i];
        else if (!strcmp(argv[i], "--area") && i + 1 < argc)
            area = argv[++i];
        else
            rest[n++] = argv[i];
    }
    rest[n] = NULL;
    if ((!type || !area) && !cli_help_asked(argc, argv)) {
        fprintf(stderr, "trygg chart: --type and --area are required\n%s", USAGE_CHART);
        return CLI_USAGE;
    }
    return with_data(n, rest, USAGE_CHART, type, area);
}
