/* Output groups: temporaries that cannot be hijacked, renamed into place
 * together or not at all (the contract is in trygg.h, "Output files"). */
#define _GNU_SOURCE   /* renameat2, fopencookie: Linux, as trygg's targets */
#include "outfile_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "errors_internal.h"
#include "files_internal.h"

enum { M_OPEN, M_FINISHED, M_FAILED, M_DONE };
enum { BUFFER = 1 << 16, TRIES = 100 };

typedef struct {
    char *path;          /* the target, as given */
    char *temp;          /* its temporary; NULL for "-" */
    FILE *f;
    char *buf;           /* f's buffer */
    int fd;
    int own_temp;        /* temp is ours to remove (created, not renamed) */
    int err_no;          /* the first failed write or close */
    int state;
    dev_t dev;           /* the target's folder and name, to catch two */
    ino_t ino;           /* names of one file */
    const char *base;
    int swapped, created, replaced;  /* how commit put it in place */
} member;

struct trygg_output_group {
    member **m;          /* pointers: a writer keeps its member while */
    size_t n, cap;       /* another thread adds one */
    trygg_temp_hook hook;
    void *hook_ctx;
    int committed;
    pthread_mutex_t mu;
};

trygg_status trygg_output_group_new(trygg_output_group **out)
{
    trygg_output_group *g = calloc(1, sizeof *g);
    *out = g;
    if (!g)
        return TRYGG_ERR_NOMEM;
    pthread_mutex_init(&g->mu, NULL);
    return TRYGG_OK;
}

void trygg_output_group_set_hook(trygg_output_group *g, trygg_temp_hook hook,
                                 void *ctx)
{
    g->hook = hook;
    g->hook_ctx = ctx;
}

static void tell(const trygg_output_group *g, const char *temp, trygg_temp_event ev)
{
    if (g->hook && temp)
        g->hook(g->hook_ctx, temp, ev);
}

/* ---- names ----------------------------------------------------------- */

/* Twelve characters no other process can guess: getrandom, or (when the
 * kernel has none to give) the clock, pid and a counter mixed. */
static void random_part(char out[13])
{
    static const char digits[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    static _Atomic uint64_t counter;
    unsigned char r[12];
    if (getrandom(r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^
                     ((uint64_t)getpid() << 40) ^ counter++;
        for (size_t i = 0; i < sizeof r; i++) {
            x += 0x9E3779B97F4A7C15ull;   /* splitmix64 */
            uint64_t z = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
            r[i] = (unsigned char)((z ^ (z >> 27)) >> 24);
        }
    }
    for (size_t i = 0; i < sizeof r; i++)
        out[i] = digits[r[i] % 36];
    out[12] = 0;
}

char *trygg_temp_name(const char *path, const char *what)
{
    const char *slash = strrchr(path, '/');
    size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = path + dir;
    /* a name near NAME_MAX would be too long with the additions */
    int with_base = strlen(base) <= 200;
    size_t n = strlen(path) + strlen(what) + 32;
    char *t = malloc(n), r[13];
    if (!t)
        return NULL;
    random_part(r);
    snprintf(t, n, "%.*s.%s%s%s-%s", (int)dir, path, with_base ? base : "",
             with_base ? "." : "", what, r);
    return t;
}

/* ---- the target ------------------------------------------------------- */

trygg_status trygg_check_target(const char *path, trygg_errors *err)
{
    struct stat sb;
    if (lstat(path, &sb) != 0) {
        if (errno == ENOENT)
            return TRYGG_OK;
        trygg_errors_add(err, path, 0, 0, "cannot write: %s", strerror(errno));
        return TRYGG_ERR_IO;
    }
    const char *kind = trygg_file_kind(sb.st_mode);
    if (!kind)
        return TRYGG_OK;
    trygg_errors_add(err, path, 0, 0, "is %s: trygg replaces only regular "
                     "files; remove it or name another file", kind);
    return TRYGG_ERR_IO;
}

/* The folder (device and inode) and the name of `path`. */
static trygg_status identify(member *m, trygg_errors *err)
{
    const char *slash = strrchr(m->path, '/');
    m->base = slash ? slash + 1 : m->path;
    char *dir = slash ? strndup(m->path, (size_t)(slash - m->path) + 1) : strdup(".");
    if (!dir)
        return TRYGG_ERR_NOMEM;
    struct stat sb;
    int rc = stat(dir, &sb);
    free(dir);
    if (rc != 0) {
        trygg_errors_add(err, m->path, 0, 0, "cannot write: %s", strerror(errno));
        return TRYGG_ERR_IO;
    }
    m->dev = sb.st_dev;
    m->ino = sb.st_ino;
    return TRYGG_OK;
}

static int same_file(const member *a, const member *b)
{
    if (!a->temp || !b->temp)
        return !a->temp && !b->temp;   /* "-" twice */
    return a->dev == b->dev && a->ino == b->ino && strcmp(a->base, b->base) == 0;
}

/* Before any work is done: what trygg_output_group_open() would refuse. */
trygg_status trygg_output_targets_check(const char *const *paths, size_t n,
                                        trygg_errors *err)
{
    member *m = calloc(n + 1, sizeof *m);
    if (!m)
        return TRYGG_ERR_NOMEM;
    trygg_status st = TRYGG_OK;
    for (size_t i = 0; i < n && st == TRYGG_OK; i++) {
        m[i].path = (char *)paths[i];
        m[i].temp = strcmp(paths[i], "-") ? m[i].path : NULL;   /* "-": no file */
        if (m[i].temp && (st = trygg_check_target(paths[i], err)) == TRYGG_OK)
            st = identify(&m[i], err);
        for (size_t j = 0; j < i && st == TRYGG_OK; j++)
            if (same_file(&m[j], &m[i])) {
                trygg_errors_add(err, paths[i], 0, 0, "named twice among the outputs "
                                 "(also as %s): give each output its own file", paths[j]);
                st = TRYGG_ERR_ARGUMENT;
            }
    }
    free(m);
    return st;
}

/* ---- writing ------------------------------------------------------------ */

/* stdio through write(2), so that the first failure's errno is kept for
 * the message (stdio's own errno may be gone by fclose). */
static ssize_t cookie_write(void *cookie, const char *buf, size_t len)
{
    member *m = cookie;
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(m->fd, buf + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (!m->err_no)
                m->err_no = w < 0 ? errno : EIO;
            return done ? (ssize_t)done : -1;
        }
        done += (size_t)w;
    }
    return (ssize_t)len;
}

static int cookie_close(void *cookie)
{
    member *m = cookie;
    int rc = close(m->fd);
    if (rc != 0 && !m->err_no)
        m->err_no = errno;
    m->fd = -1;
    return rc;
}

/* A new temporary beside the target, never an existing file or link. */
static trygg_status create_temp(trygg_output_group *g, member *m, trygg_errors *err)
{
    for (int tries = 0; tries < TRIES; tries++) {
        free(m->temp);
        if (!(m->temp = trygg_temp_name(m->path, "trygg")))
            return TRYGG_ERR_NOMEM;
        tell(g, m->temp, TRYGG_TEMP_CREATING);
        m->fd = open(m->temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                     0666);
        if (m->fd >= 0)
            return m->own_temp = 1, TRYGG_OK;
        int e = errno;
        tell(g, m->temp, TRYGG_TEMP_GONE);
        if (e != EEXIST) {
            trygg_errors_add(err, m->path, 0, 0, "cannot write: %s", strerror(e));
            return TRYGG_ERR_IO;
        }
    }
    trygg_errors_add(err, m->path, 0, 0, "cannot write: no free temporary name "
                     "after %d tries", TRIES);
    return TRYGG_ERR_IO;
}

static trygg_status open_stream(member *m)
{
    cookie_io_functions_t io = {NULL, cookie_write, NULL, cookie_close};
    m->f = fopencookie(m, "w", io);
    if (!m->f)
        return TRYGG_ERR_NOMEM;
    m->buf = malloc(BUFFER);   /* glibc takes no size without a buffer */
    if (m->buf && setvbuf(m->f, m->buf, _IOFBF, BUFFER) != 0) {
        free(m->buf);
        m->buf = NULL;
    }
    return TRYGG_OK;
}

static void remove_temp(const trygg_output_group *g, member *m)
{
    if (m->own_temp) {
        unlink(m->temp);
        tell(g, m->temp, TRYGG_TEMP_GONE);
        m->own_temp = 0;
    }
}

/* Closes what is open, removes a temporary still ours, frees. */
static void member_discard(const trygg_output_group *g, member *m)
{
    if (!m)
        return;
    if (m->f && m->f != stdout)
        fclose(m->f);   /* closes fd too */
    else if (m->fd >= 0)
        close(m->fd);
    m->f = NULL;
    m->fd = -1;
    remove_temp(g, m);
    if (m->state != M_DONE)
        tell(g, m->temp, TRYGG_TEMP_GONE);   /* renamed, or never made */
    free(m->buf);
    free(m->temp);
    free(m->path);
    free(m);
}

/* A member for `path`: stdout for "-", else a checked target and a new
 * temporary opened for writing. */
static trygg_status member_new(trygg_output_group *g, const char *path,
                               member **out, trygg_errors *err)
{
    member *m = calloc(1, sizeof *m);
    *out = m;
    if (!m || !(m->path = strdup(path)))
        return TRYGG_ERR_NOMEM;
    m->fd = -1;
    if (strcmp(path, "-") == 0) {
        m->f = stdout;
        return TRYGG_OK;
    }
    trygg_status st = trygg_check_target(path, err);
    if (st == TRYGG_OK)
        st = identify(m, err);
    if (st == TRYGG_OK)
        st = create_temp(g, m, err);
    if (st == TRYGG_OK && (st = open_stream(m)) != TRYGG_OK)
        remove_temp(g, m);
    return st;
}

static trygg_status add_member(trygg_output_group *g, member *m, trygg_errors *err)
{
    for (size_t i = 0; i < g->n; i++)
        if (same_file(g->m[i], m)) {
            trygg_errors_add(err, m->path, 0, 0, "named twice among the outputs "
                             "(also as %s): give each output its own file",
                             g->m[i]->path);
            return TRYGG_ERR_ARGUMENT;
        }
    if (g->n == g->cap) {
        size_t nc = g->cap ? 2 * g->cap : 4;
        member **nm = realloc(g->m, nc * sizeof *nm);
        if (!nm)
            return TRYGG_ERR_NOMEM;
        g->m = nm;
        g->cap = nc;
    }
    g->m[g->n++] = m;
    return TRYGG_OK;
}

trygg_status trygg_output_group_open(trygg_output_group *g, const char *path,
                                     FILE **f, trygg_errors *err)
{
    *f = NULL;
    if (!g || !path || g->committed)
        return TRYGG_ERR_ARGUMENT;
    member *m;
    trygg_status st = member_new(g, path, &m, err);
    if (st == TRYGG_OK) {
        pthread_mutex_lock(&g->mu);
        st = add_member(g, m, err);
        pthread_mutex_unlock(&g->mu);
    }
    if (st != TRYGG_OK) {
        member_discard(g, m);
        return st;
    }
    *f = m->f;
    return TRYGG_OK;
}

static member *find(const trygg_output_group *g, const char *path)
{
    member *found = NULL;
    pthread_mutex_t *mu = (pthread_mutex_t *)&g->mu;
    pthread_mutex_lock(mu);
    for (size_t i = 0; i < g->n && !found; i++)
        if (strcmp(g->m[i]->path, path) == 0)
            found = g->m[i];
    pthread_mutex_unlock(mu);
    return found;
}

/* Flushes and closes a member's temporary; the first failure named. */
static trygg_status finish(trygg_output_group *g, member *m, trygg_errors *err)
{
    if (m->state != M_OPEN)
        return m->state == M_FAILED ? TRYGG_ERR_IO : TRYGG_OK;
    int bad, e;
    if (!m->temp) {
        bad = fflush(stdout) != 0 || ferror(stdout);
        e = errno;
    } else {
        bad = fflush(m->f) != 0 || ferror(m->f);
        bad |= fclose(m->f) != 0;
        m->f = NULL;
        e = m->err_no ? m->err_no : errno;
    }
    if (!bad) {
        m->state = M_FINISHED;
        return TRYGG_OK;
    }
    m->state = M_FAILED;
    trygg_errors_add(err, m->temp ? m->path : "", 0, 0, "%s%s", m->temp ? "cannot "
                     "write: " : "cannot write to standard output: ",
                     strerror(e ? e : EIO));
    remove_temp(g, m);
    return TRYGG_ERR_IO;
}

trygg_status trygg_output_group_finish(trygg_output_group *g, const char *path,
                                       trygg_errors *err)
{
    member *m = g && path ? find(g, path) : NULL;
    return m ? finish(g, m, err) : TRYGG_ERR_ARGUMENT;
}

const char *trygg_output_group_temp(const trygg_output_group *g, const char *path)
{
    const member *m = g && path && !g->committed ? find(g, path) : NULL;
    return m && m->state != M_FAILED ? m->temp : NULL;
}

/* ---- commit ------------------------------------------------------------- */

/* Puts m's temporary in place: exchanged with the old file (which can be
 * put back), or renamed where there was none. */
static int put_in_place(member *m)
{
    for (int tries = 0; tries < 3; tries++) {
        if (renameat2(AT_FDCWD, m->temp, AT_FDCWD, m->path, RENAME_EXCHANGE) == 0)
            return m->swapped = 1, 0;   /* the old file is now at temp */
        if (errno == ENOENT &&
            renameat2(AT_FDCWD, m->temp, AT_FDCWD, m->path, RENAME_NOREPLACE) == 0)
            return m->created = 1, m->own_temp = 0, 0;
        if (errno == EEXIST)
            continue;   /* created meanwhile: exchange with it */
        if (errno != EINVAL && errno != ENOSYS)
            return -1;
        /* no exchange on this file system: a plain rename, not undone */
        if (rename(m->temp, m->path) == 0)
            return m->replaced = 1, m->own_temp = 0, 0;
        return -1;
    }
    return -1;
}

/* What the exchange took out of the way must be a file (or a link, which
 * is removed, not followed): a folder put there meanwhile goes back. */
static int old_is_removable(const member *m)
{
    struct stat sb;
    return lstat(m->temp, &sb) != 0 || !S_ISDIR(sb.st_mode);
}

static void undo(const trygg_output_group *g, member *m)
{
    if (m->swapped &&
        renameat2(AT_FDCWD, m->temp, AT_FDCWD, m->path, RENAME_EXCHANGE) == 0)
        m->swapped = 0;
    else if (m->created && unlink(m->path) == 0)
        m->created = 0;
    else
        return;
    remove_temp(g, m);
}

/* Undoes members [0, k) after member k failed to go in place. */
static trygg_status roll_back(trygg_output_group *g, size_t k, int e,
                              trygg_errors *err)
{
    int kept = 0;
    for (size_t i = k; i-- > 0;)
        if (g->m[i]->temp) {
            undo(g, g->m[i]);
            kept |= g->m[i]->replaced || g->m[i]->swapped;
        }
    trygg_errors_add(err, g->m[k]->path, 0, 0, "cannot write: %s%s", strerror(e),
                     kept ? " (the outputs written before it could not be put "
                            "back and are new)" : " (no output was changed)");
    return TRYGG_ERR_IO;
}

static trygg_status rename_all(trygg_output_group *g, trygg_errors *err)
{
    for (size_t i = 0; i < g->n; i++) {
        member *m = g->m[i];
        if (!m->temp)
            continue;
        if (put_in_place(m) != 0)
            return roll_back(g, i, errno, err);
        if (m->swapped && !old_is_removable(m)) {
            undo(g, m);
            return roll_back(g, i, EISDIR, err);
        }
    }
    return TRYGG_OK;
}

trygg_status trygg_output_group_commit(trygg_output_group *g, trygg_errors *err)
{
    if (!g || g->committed)
        return TRYGG_ERR_ARGUMENT;
    trygg_status st = TRYGG_OK;
    for (size_t i = 0; i < g->n; i++)
        if (finish(g, g->m[i], err) != TRYGG_OK)
            st = TRYGG_ERR_IO;
    /* the targets again, just before they are replaced */
    for (size_t i = 0; st == TRYGG_OK && i < g->n; i++)
        if (g->m[i]->temp)
            st = trygg_check_target(g->m[i]->path, err);
    if (st == TRYGG_OK)
        st = rename_all(g, err);
    if (st != TRYGG_OK)
        return st;
    g->committed = 1;
    for (size_t i = 0; i < g->n; i++) {
        member *m = g->m[i];
        if (m->temp && !m->own_temp)
            tell(g, m->temp, TRYGG_TEMP_GONE);   /* renamed into place */
        remove_temp(g, m);   /* the old file, exchanged out */
        m->state = M_DONE;
    }
    return TRYGG_OK;
}

void trygg_output_group_free(trygg_output_group *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n; i++)
        member_discard(g, g->m[i]);
    free(g->m);
    pthread_mutex_destroy(&g->mu);
    free(g);
}

trygg_status trygg_output_alone(const char *path, trygg_member_writer write,
                                const void *obj, int fmt, trygg_errors *err)
{
    trygg_output_group *g;
    trygg_status st = trygg_output_group_new(&g);
    if (st != TRYGG_OK)
        return st;
    st = write(obj, g, path, fmt, err);
    if (st == TRYGG_OK)
        st = trygg_output_group_commit(g, err);
    trygg_output_group_free(g);
    return st;
}
