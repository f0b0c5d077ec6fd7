/* Removing a folder and everything in it, safe inside a signal handler:
 * only openat, getdents64 (through syscall), lseek, unlinkat and close, no
 * allocation, and symbolic links removed, never followed. The command's
 * signal handlers use it for the report's private folder; output folders
 * use it for the report they replace. */
#define _GNU_SOURCE   /* syscall(SYS_getdents64) */
#include "trygg.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { MAX_DEPTH = 32 };

struct dirent64_linux {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

static int remove_at(int dirfd, const char *name, int depth);

/* Removes everything in the folder open as fd: passes until one finds
 * nothing (removing while reading may hide entries from the same pass). */
static int empty_folder(int fd, int depth)
{
    _Alignas(8) char buf[2048];
    int rc = 0;
    for (int found = 1; found;) {
        found = 0;
        if (lseek(fd, 0, SEEK_SET) != 0)
            return -1;
        long n;
        while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0)
            for (long off = 0; off < n;) {
                struct dirent64_linux *d = (struct dirent64_linux *)(buf + off);
                off += d->d_reclen;
                if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
                    continue;
                if (remove_at(fd, d->d_name, depth + 1) != 0)
                    return -1;   /* it stays: another pass would not end */
                found = 1;
            }
        if (n < 0)
            rc = -1;
    }
    return rc;
}

static int remove_at(int dirfd, const char *name, int depth)
{
    if (unlinkat(dirfd, name, 0) == 0)
        return 0;
    if (errno == ENOENT)
        return 0;
    if ((errno != EISDIR && errno != EPERM) || depth > MAX_DEPTH)
        return -1;
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = empty_folder(fd, depth);
    close(fd);
    return rc == 0 && unlinkat(dirfd, name, AT_REMOVEDIR) == 0 ? 0 : -1;
}

trygg_status trygg_remove_tree(const char *path)
{
    int saved = errno;
    if (remove_at(AT_FDCWD, path, 0) != 0)
        return TRYGG_ERR_IO;   /* errno says why: no diagnostic, it would allocate */
    errno = saved;
    return TRYGG_OK;
}
