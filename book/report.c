/* The report of every municipality: its pages composed on worker threads,
 * written through report_files. */
#include "book_internal.h"
#include "report_files.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A municipality's pages: as many as it has districts and table parts
 * (Stockholm's run past a hundred). */
typedef struct {
    trygg_book_page *pages;
    size_t n, cap;
    int nomem;
} page_list;

/* The page in words: its title, subtitle and the chart's description. */
static const char *describe(trygg_book_arena *a, const trygg_report_chart *c)
{
    const trygg_report_frame *f = trygg_report_chart_frame(c);
    if (!f || !f->title)
        return "";
    const char *s = f->subtitle ? f->subtitle : "", *d = f->description ? f->description : "";
    char *t = book_printf(a, "%s%s%s%s%s", f->title, *s ? ". " : "", s, *d ? ". " : "", d);
    return t ? t : f->title;
}

static void add(page_list *p, trygg_book_arena *a, int ok, const trygg_report_chart *c)
{
    if (ok != 0 || p->nomem)
        return;
    const char *alt = describe(a, c);
    if (p->n == p->cap) {
        size_t nc = p->cap ? 2 * p->cap : 64;
        trygg_book_page *np = realloc(p->pages, nc * sizeof *np);
        if (!np) {
            p->nomem = 1;
            return;
        }
        p->pages = np;
        p->cap = nc;
    }
    p->pages[p->n].chart = *c;
    p->pages[p->n++].alt = alt;
}


/* Every part of a builder that comes in parts (tables, methods). */
typedef int (*part_fn)(const trygg_book_ctx *c, trygg_book_arena *a, const char *level,
                       const char *area, size_t s, size_t part, trygg_report_chart *ch);

static int section_table(const trygg_book_ctx *c, trygg_book_arena *a, const char *level,
                         const char *area, size_t s, size_t part, trygg_report_chart *ch)
{
    return trygg_book_section_table(c, a, level, area, s, part, ch);
}

static int facts_part(const trygg_book_ctx *c, trygg_book_arena *a, const char *level,
                      const char *area, size_t s, size_t part, trygg_report_chart *ch)
{
    (void)s;
    return trygg_book_sample_facts(c, a, level, area, part, ch);
}

static int beside_part(const trygg_book_ctx *c, trygg_book_arena *a, const char *level,
                       const char *area, size_t s, size_t part, trygg_report_chart *ch)
{
    (void)s;
    return trygg_book_beside_parent(c, a, level, area, part, ch);
}

static int methods_part(const trygg_book_ctx *c, trygg_book_arena *a, const char *level,
                        const char *area, size_t s, size_t part, trygg_report_chart *ch)
{
    (void)level, (void)area, (void)s;
    return trygg_book_methods(c, a, part, ch);
}

static void add_parts(page_list *p, trygg_book_arena *a, const trygg_book_ctx *c, part_fn fn,
                      const char *level, const char *area, size_t s)
{
    trygg_report_chart ch;
    for (size_t part = 0; part < 1000 && fn(c, a, level, area, s, part, &ch) == 0; part++)
        add(p, a, 0, &ch);
}

/* Each section of the survey: its Lägesbild, the comparison of the parts
 * by its lead indicator, its table, and the lead indicator's trend. */
static void sections(page_list *p, trygg_book_arena *a, const trygg_book_ctx *c,
                     const char *level, const char *area)
{
    trygg_report_chart ch;
    int region = !strcmp(level, "region");
    for (size_t s = 0; s < trygg_book_sections(c->def); s++) {
        const char *lead = trygg_definition_indicator_name(c->def,
                                                           trygg_book_section_lead(c->def, s));
        add(p, a, trygg_book_section_lagesbild(c, a, level, area, s, &ch), &ch);
        add(p, a, region ? trygg_book_region_comparison(c, a, lead, &ch)
                         : trygg_book_comparison(c, a, area, lead, &ch), &ch);
        add_parts(p, a, c, section_table, level, area, s);
        add(p, a, trygg_book_trend(c, a, level, area, lead, &ch), &ch);
    }
}

/* Women and men, age groups: each crossing, each headline figure. */
static void groups(page_list *p, trygg_book_arena *a, const trygg_book_ctx *c, const char *muni)
{
    const char **levels;
    trygg_report_chart ch;
    size_t nl = book_group_levels(c, a, &levels), n = trygg_definition_indicator_count(c->def);
    for (size_t l = 0; l < nl; l++)
        for (size_t k = 0; k < n; k++)
            if (!strcmp(trygg_definition_indicator_group(c->def, k), "headline"))
                add(p, a, book_groups_of(c, a, muni, levels[l],
                                         trygg_definition_indicator_name(c->def, k), &ch), &ch);
}

/* The promise's report: its municipality's (a district's municipality), or
 * the region's. */
static int promise_of(const trygg_book_ctx *c, const trygg_followup_row *r, const char *level,
                      const char *area)
{
    if (!strcmp(r->level, level) && !strcmp(r->area, area))
        return 1;
    if (strcmp(level, "municipality") || strcmp(r->level, "district"))
        return 0;
    const char *ind = trygg_definition_indicator_name(c->def, 0);
    const trygg_estimate_row *x = trygg_results_find(c->est, r->followup_year, r->level,
                                                     r->area, ind);
    return x && !strcmp(x->parent, area);
}

static void kvitto(page_list *p, trygg_book_arena *a, const trygg_book_ctx *c, const char *level,
                   const char *area)
{
    trygg_report_chart ch;
    for (size_t i = 0; i < trygg_followups_count(c->followups); i++)
        if (promise_of(c, trygg_followups_row(c->followups, i), level, area))
            add(p, a, trygg_book_kvitto(c, a, i, &ch), &ch);
}

int trygg_book_municipality_pages(const trygg_book_ctx *c, trygg_book_arena *a,
                                  const char *muni, trygg_book_page **pages, size_t *npages)
{
    page_list p = {NULL, 0, 0, 0};
    trygg_report_chart ch;
    add(&p, a, trygg_book_cover(c, a, "municipality", muni, &ch), &ch);
    add(&p, a, trygg_book_guide(c, a, &ch), &ch);
    add_parts(&p, a, c, facts_part, "municipality", muni, 0);
    add_parts(&p, a, c, beside_part, "municipality", muni, 0);
    sections(&p, a, c, "municipality", muni);
    const char **districts;
    size_t nd = trygg_book_districts(c, a, muni, &districts);
    for (size_t i = 0; i < nd; i++)
        add(&p, a, trygg_book_lagesbild(c, a, "district", districts[i], &ch), &ch);
    groups(&p, a, c, muni);
    if (c->prio) {
        add(&p, a, trygg_book_matrix(c, a, muni, &ch), &ch);
        add(&p, a, trygg_book_priorities(c, a, muni, &ch), &ch);
    }
    kvitto(&p, a, c, "municipality", muni);
    add_parts(&p, a, c, methods_part, NULL, NULL, 0);
    *pages = p.pages;
    *npages = p.n;
    return p.nomem ? -1 : 0;
}

int trygg_book_region_pages(const trygg_book_ctx *c, trygg_book_arena *a,
                            trygg_book_page **pages, size_t *npages)
{
    page_list p = {NULL, 0, 0, 0};
    trygg_report_chart ch;
    add(&p, a, trygg_book_cover(c, a, "region", "region", &ch), &ch);
    add(&p, a, trygg_book_guide(c, a, &ch), &ch);
    add_parts(&p, a, c, facts_part, "region", "region", 0);
    sections(&p, a, c, "region", "region");
    kvitto(&p, a, c, "region", "region");
    add_parts(&p, a, c, methods_part, NULL, NULL, 0);
    *pages = p.pages;
    *npages = p.n;
    return p.nomem ? -1 : 0;
}

static void say(const trygg_book_report_options *o, const char *muni, const char *what)
{
    if (!o->message)
        return;
    char text[512];
    snprintf(text, sizeof text, "%s: %s", muni, what);
    o->message(o->user, text);
}

/* Job m < nm is municipality m; job nm is the region. */
static int one_job(const trygg_book_ctx *c, const trygg_book_report_options *o,
                   book_files *files, size_t m, size_t nm, const char *name)
{
    trygg_book_arena a = {0};
    trygg_book_page *pages = NULL;
    size_t n = 0;
    int rc = m < nm ? trygg_book_municipality_pages(c, &a, name, &pages, &n)
                    : trygg_book_region_pages(c, &a, &pages, &n);
    if (rc != 0)
        say(o, name, "out of memory for its pages");
    else
        rc = m < nm ? book_files_municipality(files, m, pages, n)
                    : book_files_region(files, pages, n);
    free(pages);
    trygg_book_arena_free(&a);
    return rc;
}

/* The municipalities' pages (and the region's) are independent: workers
 * take them in turn, largest first (a large one taken last would keep one
 * worker busy long after the others are done). */
typedef struct {
    const trygg_book_ctx *c;
    const trygg_book_report_options *o;
    book_files *files;
    const char *const *munis;
    const size_t *order;  /* jobs, largest first */
    size_t nm, next;
    int failed;
    pthread_mutex_t lock;
} muni_queue;

static void *muni_worker(void *arg)
{
    muni_queue *q = arg;
    const char *region = trygg_book_area_name(q->c, "region", "region");
    for (;;) {
        pthread_mutex_lock(&q->lock);
        size_t j = q->failed ? q->nm + 1 : q->next++;
        size_t m = j <= q->nm ? q->order[j] : q->nm + 1;
        const char *name = m < q->nm ? q->munis[m] : region;
        if (m <= q->nm && q->o->progress)
            q->o->progress(q->o->user, j, q->nm + 1, name);
        pthread_mutex_unlock(&q->lock);
        if (m > q->nm)
            return NULL;
        if (one_job(q->c, q->o, q->files, m, q->nm, name) != 0) {
            pthread_mutex_lock(&q->lock);
            q->failed = 1;
            pthread_mutex_unlock(&q->lock);
        }
    }
}

/* The region first (it has the most pages), then the municipalities by
 * their number of districts (their pages), largest first; ties in the
 * order given. */
static void largest_first(const trygg_book_ctx *c, const char *const *munis, size_t nm,
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
    order[0] = nm;
    for (size_t m = 0; m < nm; m++) {
        size_t at = m + 1;
        for (; pages && at > 1 && pages[order[at - 1]] < pages[m]; at--)
            order[at] = order[at - 1];
        order[at] = m;
    }
    free(pages);
}

static int all_municipalities(muni_queue *q)
{
    size_t *order = malloc((q->nm + 2) * sizeof *order);
    if (!order)
        return -1;
    largest_first(q->c, q->munis, q->nm, order);
    q->order = order;
    /* two workers a core: a worker also waits for its files' writes and
     * page faults (measured: a few per cent faster than one a core) */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nt = q->o->threads ? q->o->threads - 1 : cores > 1 ? 2 * (size_t)cores - 1 : 1;
    pthread_t tid[15];
    size_t started = 0;
    for (; started < nt && started < 15 && started < q->nm; started++)
        if (pthread_create(&tid[started], NULL, muni_worker, q) != 0)
            break;
    muni_worker(q);
    for (size_t i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    free(order);
    return q->failed ? -1 : 0;
}

int trygg_book_report(const trygg_book_ctx *c, const trygg_book_report_options *o)
{
    size_t nm = 0, cap = trygg_results_count(c->est);
    const char **munis = malloc((cap + 1) * sizeof *munis);
    if (!munis)
        return -1;
    for (size_t i = 0; i < cap; i++) {
        const trygg_estimate_row *x = trygg_results_row(c->est, i);
        if (x->year == c->year && x->indicator_index == 0 && !strcmp(x->level, "municipality"))
            munis[nm++] = x->domain;
    }
    book_files *files = NULL;
    int rc = -1;
    if (book_files_open(c, o, munis, nm, &files) == 0) {
        muni_queue q = {c, o, files, munis, NULL, nm, 0, 0, PTHREAD_MUTEX_INITIALIZER};
        rc = all_municipalities(&q);
        pthread_mutex_destroy(&q.lock);
        if (rc == 0)
            rc = book_files_commit(files);
    }
    book_files_free(files);
    free(munis);
    return rc;
}
