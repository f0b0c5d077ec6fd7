/* Output folders: a report built in a private folder beside its target and
 * swapped in at once (the contract is in trygg.h, "Output files"). */
#define _GNU_SOURCE   /* renameat2, flock */
#include "outfile_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errors_internal.h"
#include "files_internal.h"

struct trygg_output_folder {
    char *dir;      /* the target, without trailing slashes */
    char *parent;   /* the folder it is in */
    const char *name;   /* its last part, in dir */
    char *temp;     /* the private folder */
    int fd;         /* temp, locked (flock) while this process lives */
    trygg_temp_hook hook;
    void *ctx;
    int committed;
};

static void tell(const trygg_output_folder *f, const char *path, trygg_temp_event ev)
{
    if (f->hook && path)
        f->hook(f->ctx, path, ev);
}

/* dir, parent and name; -1 when dir names no folder of its own. */
static int split(trygg_output_folder *f, const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    if (!(f->dir = strndup(dir, n)))
        return 0;
    char *slash = strrchr(f->dir, '/');
    f->name = slash ? slash + 1 : f->dir;
    if (!*f->name || !strcmp(f->name, ".") || !strcmp(f->name, ".."))
        return -1;
    f->parent = !slash ? strdup(".") : slash == f->dir ? strdup("/")
                                     : strndup(f->dir, (size_t)(slash - f->dir));
    return 0;
}

static trygg_status check_dir(const char *dir, trygg_errors *err)
{
    struct stat sb;
    if (lstat(dir, &sb) != 0) {
        if (errno == ENOENT)
            return TRYGG_OK;
        trygg_errors_add(err, dir, 0, 0, "cannot create: %s", strerror(errno));
        return TRYGG_ERR_IO;
    }
    if (S_ISDIR(sb.st_mode)) {
        /* a folder made read-only is not replaced behind its owner's back */
        if (access(dir, W_OK) == 0)
            return TRYGG_OK;
        trygg_errors_add(err, dir, 0, 0, "cannot write: %s", strerror(errno));
        return TRYGG_ERR_IO;
    }
    const char *kind = trygg_file_kind(sb.st_mode);
    trygg_errors_add(err, dir, 0, 0, "is %s, not a folder: trygg writes a report "
                     "only into a folder of its own; remove it or name another "
                     "folder", kind ? kind : "a regular file");
    return TRYGG_ERR_IO;
}

/* ---- what killed runs left -------------------------------------------- */

/* The pid in ".NAME.trygg-PID-XXXX", or 0. */
static long stale_pid(const char *entry, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(entry, prefix, n) != 0)
        return 0;
    char *end;
    long pid = strtol(entry + n, &end, 10);
    return end != entry + n && *end == '-' && pid > 0 ? pid : 0;
}

/* A private folder of a process that is gone (no such pid) and that no
 * one holds a lock on (the pid could be another machine's or namespace's,
 * and the lock is the creator's for as long as it lives). */
static void remove_if_stale(const trygg_output_folder *f, const char *entry, long pid)
{
    if (pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
        return;
    size_t n = strlen(f->parent) + strlen(entry) + 2;
    char *path = malloc(n);
    if (!path)
        return;
    snprintf(path, n, "%s/%s", f->parent, entry);
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
        trygg_remove_tree(path);
    if (fd >= 0)
        close(fd);
    free(path);
}

static void remove_stale(const trygg_output_folder *f)
{
    size_t n = strlen(f->name) + 16;
    char *prefix = malloc(n);
    DIR *d = prefix ? opendir(f->parent) : NULL;
    if (d) {
        snprintf(prefix, n, ".%s.trygg-", f->name);
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            long pid = stale_pid(e->d_name, prefix);
            if (pid)
                remove_if_stale(f, e->d_name, pid);
        }
        closedir(d);
    }
    free(prefix);
}

/* ---- the private folder ------------------------------------------------ */

static trygg_status make_private(trygg_output_folder *f, trygg_errors *err)
{
    char what[32];
    snprintf(what, sizeof what, "trygg-%ld", (long)getpid());
    for (int tries = 0; tries < 100; tries++) {
        free(f->temp);
        if (!(f->temp = trygg_temp_name(f->dir, what)))
            return TRYGG_ERR_NOMEM;
        tell(f, f->temp, TRYGG_TEMP_CREATING_FOLDER);
        if (mkdir(f->temp, 0700) == 0)
            break;
        int e = errno;
        tell(f, f->temp, TRYGG_TEMP_GONE);
        free(f->temp);
        f->temp = NULL;
        if (e != EEXIST) {
            trygg_errors_add(err, f->dir, 0, 0, "cannot create a folder beside it: "
                             "%s", strerror(e));
            return TRYGG_ERR_IO;
        }
    }
    if (!f->temp)
        return TRYGG_ERR_IO;
    f->fd = open(f->temp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (f->fd < 0 || flock(f->fd, LOCK_EX) != 0) {
        trygg_errors_add(err, f->temp, 0, 0, "cannot open: %s", strerror(errno));
        return TRYGG_ERR_IO;
    }
    return TRYGG_OK;
}

trygg_status trygg_output_folder_new(const char *dir, trygg_temp_hook hook,
                                     void *ctx, trygg_output_folder **out,
                                     trygg_errors *err)
{
    trygg_output_folder *f = calloc(1, sizeof *f);
    *out = NULL;
    if (!f)
        return TRYGG_ERR_NOMEM;
    f->fd = -1;
    f->hook = hook;
    f->ctx = ctx;
    trygg_status st = TRYGG_OK;
    if (split(f, dir) != 0) {
        trygg_errors_add(err, dir, 0, 0, "name the report's own folder (not '.', "
                         "'..' or '/'), e.g. out/report");
        st = TRYGG_ERR_ARGUMENT;
    } else if (!f->dir || !f->parent) {
        st = TRYGG_ERR_NOMEM;
    }
    if (st == TRYGG_OK)
        st = check_dir(f->dir, err);
    if (st == TRYGG_OK) {
        remove_stale(f);
        st = make_private(f, err);
    }
    if (st != TRYGG_OK) {
        trygg_output_folder_free(f);
        return st;
    }
    *out = f;
    return TRYGG_OK;
}

const char *trygg_output_folder_path(const trygg_output_folder *f)
{
    return f ? f->temp : NULL;
}

/* ---- the swap ----------------------------------------------------------- */

/* Without an exchange (a file system that has none): the old folder out
 * of the way under a private name, the new one in, the old one removed. */
static int swap_by_renames(const trygg_output_folder *f)
{
    char what[32];
    snprintf(what, sizeof what, "trygg-%ld", (long)getpid());
    char *old = trygg_temp_name(f->dir, what);
    if (!old)
        return -1;
    tell(f, old, TRYGG_TEMP_CREATING_FOLDER);
    int rc = rename(f->dir, old);
    if (rc == 0 && (rc = rename(f->temp, f->dir)) != 0) {
        int e = errno;
        rename(old, f->dir);
        errno = e;
    }
    if (rc == 0)
        trygg_remove_tree(old);
    tell(f, old, TRYGG_TEMP_GONE);
    free(old);
    return rc;
}

/* The private folder in as dir; the old one (if any) at the private name. */
static int swap_in(const trygg_output_folder *f, int *old_at_temp)
{
    *old_at_temp = 0;
    for (int tries = 0; tries < 3; tries++) {
        if (renameat2(AT_FDCWD, f->temp, AT_FDCWD, f->dir, RENAME_EXCHANGE) == 0)
            return *old_at_temp = 1, 0;
        if (errno == ENOENT &&
            renameat2(AT_FDCWD, f->temp, AT_FDCWD, f->dir, RENAME_NOREPLACE) == 0)
            return 0;
        if (errno == EEXIST)
            continue;   /* another run put one there meanwhile */
        if (errno == EINVAL || errno == ENOSYS)
            return swap_by_renames(f);
        return -1;
    }
    return -1;
}

trygg_status trygg_output_folder_commit(trygg_output_folder *f, trygg_errors *err)
{
    if (!f || f->committed)
        return TRYGG_ERR_ARGUMENT;
    /* the mode mkdir would have given it; the umask read and set back
     * while no other thread of the run creates files */
    mode_t mask = umask(022);
    umask(mask);
    if (fchmod(f->fd, 0777 & ~mask) != 0) {
        trygg_errors_add(err, f->temp, 0, 0, "cannot write: %s", strerror(errno));
        return TRYGG_ERR_IO;
    }
    trygg_status st = check_dir(f->dir, err);
    if (st != TRYGG_OK)
        return st;
    int old_at_temp;
    if (swap_in(f, &old_at_temp) != 0) {
        trygg_errors_add(err, f->dir, 0, 0, "cannot write: %s", strerror(errno));
        return TRYGG_ERR_IO;
    }
    f->committed = 1;
    if (old_at_temp)
        trygg_remove_tree(f->temp);   /* the old report, swapped out */
    tell(f, f->temp, TRYGG_TEMP_GONE);
    return TRYGG_OK;
}

void trygg_output_folder_free(trygg_output_folder *f)
{
    if (!f)
        return;
    if (f->temp && !f->committed) {
        trygg_remove_tree(f->temp);
        tell(f, f->temp, TRYGG_TEMP_GONE);
    }
    if (f->fd >= 0)
        close(f->fd);
    free(f->temp);
    free(f->parent);
    free(f->dir);
    free(f);
}
