/* A registry of the run's temporaries, and the signal handlers that remove
 * them. The handler may run at any moment, on any thread, while another
 * thread adds an entry: entries live in fixed blocks that are never moved
 * or freed while the process runs (chained, each published with an atomic
 * store once it is whole), and an entry's path is written before its kind
 * says it is there. The handler itself uses only async-signal-safe calls:
 * unlink, unlinkat, openat, getdents64 (through syscall), lseek, close,
 * sigaction, raise. */
#define _GNU_SOURCE   /* syscall(SYS_getdents64), DT_DIR */
#include "cleanup.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { EMPTY = 0, KIND_FILE = 1, KIND_TREE = 2 };
enum { BLOCK = 64 };

typedef struct {
    char *path;           /* written before kind is set, then never changed */
    _Atomic int kind;     /* EMPTY until published; EMPTY again when forgotten */
} entry;

typedef struct block {
    entry e[BLOCK];
    _Atomic(struct block *) next;
} block;

static block first;
static atomic_size_t claimed;   /* entries handed out so far */
static pthread_once_t once = PTHREAD_ONCE_INIT;
static const int SIGNALS[] = {SIGINT, SIGTERM, SIGHUP};

static void remove_all(void)
{
    size_t n = atomic_load(&claimed);
    block *b = &first;
    for (size_t i = 0; b && i < n; i++) {
        entry *e = &b->e[i % BLOCK];
        int kind = atomic_load_explicit(&e->kind, memory_order_acquire);
        if (kind == KIND_FILE)
            unlink(e->path);
        else if (kind == KIND_TREE)
            trygg_remove_tree(e->path);
        if (i % BLOCK == BLOCK - 1)
            b = atomic_load_explicit(&b->next, memory_order_acquire);
    }
}

static void on_signal(int sig)
{
    int saved = errno;
    remove_all();
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigaction(sig, &dfl, NULL);
    errno = saved;
    raise(sig);   /* blocked until this returns: then the default action */
}

/* ---- installing ------------------------------------------------------- */

static void free_all(void)
{
    for (block *b = &first; b;) {
        for (size_t k = 0; k < BLOCK; k++)
            free(b->e[k].path);   /* NULL where never used */
        block *next = atomic_load(&b->next);
        if (b != &first)
            free(b);
        b = next;
    }
}

static void install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof SIGNALS / sizeof *SIGNALS; i++)
        sigaddset(&sa.sa_mask, SIGNALS[i]);   /* one handler at a time */
    for (size_t i = 0; i < sizeof SIGNALS / sizeof *SIGNALS; i++) {
        struct sigaction old;
        /* a signal the caller ignores (nohup) stays ignored */
        if (sigaction(SIGNALS[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(SIGNALS[i], &sa, NULL);
    }
    atexit(free_all);   /* the blocks stay until then: a handler may read */
}

/* ---- the registry ------------------------------------------------------- */

/* Entry i, making the blocks up to it; NULL when out of memory. */
static entry *slot(size_t i)
{
    block *b = &first;
    for (size_t k = i / BLOCK; k > 0; k--) {
        block *next = atomic_load_explicit(&b->next, memory_order_acquire);
        if (!next) {
            block *fresh = calloc(1, sizeof *fresh);
            if (!fresh)
                return NULL;
            if (!atomic_compare_exchange_strong(&b->next, &next, fresh))
                free(fresh);   /* another thread linked one first */
            else
                next = fresh;
        }
        b = next;
    }
    return &b->e[i % BLOCK];
}

static int add(const char *path, int kind)
{
    pthread_once(&once, install);
    char *copy = strdup(path);
    entry *e = copy ? slot(atomic_fetch_add(&claimed, 1)) : NULL;
    if (!e) {
        free(copy);
        return -1;
    }
    e->path = copy;
    atomic_store_explicit(&e->kind, kind, memory_order_release);
    return 0;
}

int cli_cleanup_add_file(const char *path) { return add(path, KIND_FILE); }
int cli_cleanup_add_tree(const char *path) { return add(path, KIND_TREE); }

void cli_cleanup_forget(const char *path)
{
    size_t n = atomic_load(&claimed);
    block *b = &first;
    for (size_t i = 0; b && i < n; i++) {
        entry *e = &b->e[i % BLOCK];
        if (atomic_load_explicit(&e->kind, memory_order_acquire) != EMPTY &&
            strcmp(e->path, path) == 0)
            atomic_store(&e->kind, EMPTY);   /* the path stays, unread */
        if (i % BLOCK == BLOCK - 1)
            b = atomic_load_explicit(&b->next, memory_order_acquire);
    }
}

void cli_cleanup_hold(sigset_t *saved)
{
    sigset_t s;
    sigemptyset(&s);
    for (size_t i = 0; i < sizeof SIGNALS / sizeof *SIGNALS; i++)
        sigaddset(&s, SIGNALS[i]);
    pthread_sigmask(SIG_BLOCK, &s, saved);
}

void cli_cleanup_release(const sigset_t *saved)
{
    pthread_sigmask(SIG_SETMASK, saved, NULL);
}

/* ---- output groups ------------------------------------------------------ */

void cli_cleanup_hook(void *ctx, const char *temp, trygg_temp_event event)
{
    (void)ctx;
    if (event == TRYGG_TEMP_CREATING)
        cli_cleanup_add_file(temp);
    else if (event == TRYGG_TEMP_CREATING_FOLDER)
        cli_cleanup_add_tree(temp);
    else
        cli_cleanup_forget(temp);
}

trygg_status cli_output_group(trygg_output_group **g)
{
    trygg_status st = trygg_output_group_new(g);
    if (st == TRYGG_OK)
        trygg_output_group_set_hook(*g, cli_cleanup_hook, NULL);
    return st;
}

trygg_status cli_output_commit(trygg_output_group *g, trygg_status st,
                               trygg_errors *err)
{
    if (st == TRYGG_OK) {
        sigset_t saved;
        cli_cleanup_hold(&saved);
        st = trygg_output_group_commit(g, err);
        cli_cleanup_release(&saved);
    }
    trygg_output_group_free(g);
    return st;
}
