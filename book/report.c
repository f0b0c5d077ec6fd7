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

/* The page in words: its title and subtitle. */
static const char *describe(trygg_book_arena *a, const trygg_report_chart *c)
{
    const trygg_report_frame *f = trygg_report_chart_frame(c);
    if (!f || !f->title)
        return "";
    const char *s = f->subtitle ? f->subtitle : "";
    char *t = book_printf(a, "%s%s%s", f->title, *s ? ". " : "", s);
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


int trygg_book_municipality_pages(const trygg_book_ctx *c, trygg_book_arena *a,
                                  const char *muni, trygg_book_page **pages, size_t *npages)
{
    page_list p = {NULL, 0, 0, 0};
    trygg_report_chart ch;
    const char *main_ind = trygg_book_main_indicator(c->def);
    add(&p, a, trygg_book_cover(c, a, "municipality", muni, &ch), &ch);
    add(&p, a, trygg_book_lagesbild(c, a, "municipality", muni, &ch), &ch);
    const char **districts;
    size_t nd = trygg_book_districts(c, a, muni, &districts);
    for (size_t i = 0; i < nd; i++)
        add(&p, a, trygg_book_lagesbild(c, a, "district", districts[i], &ch), &ch);
    add(&p, a, trygg_book_comparison(c, a, muni, main_ind, &ch), &ch);
    for (size_t part = 0; trygg_book_table(c, a, muni, part, &ch) == 0; part++)
        add(&p, a, 0, &ch);
    add(&p, a, trygg_book_trend(c, a, "municipality", muni, main_ind, &ch), &ch);
    add(&p, a, trygg_book_groups(c, a, muni, main_ind, &ch), &ch);
    if (c->prio)
        add(&p, a, trygg_book_priorities(c, a, muni, &ch), &ch);
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

static int one_municipality(const trygg_book_ctx *c, const trygg_book_report_options *o,
                            book_files *files, size_t m, const char *muni)
{
    trygg_book_arena a = {0};
    trygg_book_page *pages = NULL;
    size_t n = 0;
    int rc = trygg_book_municipality_pages(c, &a, muni, &pages, &n);
    if (rc != 0)
        say(o, muni, "out of memory for its pages");
    else
        rc = book_files_municipality(files, m, pages, n);
    free(pages);
    trygg_book_arena_free(&a);
    return rc;
}

/* The municipalities' pages are independent: workers take them in turn,
 * largest first (a large one taken last would keep one worker busy long
 * after the others are done). */
typedef struct {
    const trygg_book_ctx *c;
    const trygg_book_report_options *o;
    book_files *files;
    const char *const *munis;
    const size_t *order;  /* municipalities, largest first */
    size_t nm, next;
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
        if (m < q->nm && q->o->progress)
            q->o->progress(q->o->user, j, q->nm, q->munis[m]);
        pthread_mutex_unlock(&q->lock);
        if (m >= q->nm)
            return NULL;
        if (one_municipality(q->c, q->o, q->files, m, q->munis[m]) != 0) {
            pthread_mutex_lock(&q->lock);
            q->failed = 1;
            pthread_mutex_unlock(&q->lock);
        }
    }
}

/* Municipalities by their number of districts (their pages), largest
 * first; ties in the order given. */
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
    for (size_t m = 0; m < nm; m++) {
        size_t at = m;
        for (; pages && at > 0 && pages[order[at - 1]] < pages[m]; at--)
            order[at] = order[at - 1];
        order[at] = m;
    }
    free(pages);
}

static int all_municipalities(muni_queue *q)
{
    size_t *order = malloc((q->nm + 1) * sizeof *order);
    if (!order)
        return -1;
    largest_first(q->c, q->munis, q->nm, order);
    q->order = order;
    /* two workers a core: a worker also waits for its files' writes and
     * page faults (measured: a few per cent faster than one a core) */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nt = cores > 1 ? 2 * (size_t)cores - 1 : 1;
    pthread_t tid[15];
    size_t started = 0;
    for (; started < nt && started < 15 && started + 1 < q->nm; started++)
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
