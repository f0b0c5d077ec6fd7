/* Opening input files: regular files only, never blocking in open(). */
#include "files_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errors_internal.h"

const char *trygg_file_kind(mode_t mode)
{
    if (S_ISREG(mode))
        return NULL;
    if (S_ISLNK(mode))
        return "a symbolic link";
    if (S_ISDIR(mode))
        return "a folder";
    if (S_ISFIFO(mode))
        return "a FIFO (named pipe)";
    if (S_ISCHR(mode))
        return "a character device (such as /dev/null)";
    if (S_ISBLK(mode))
        return "a block device (a disk)";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

trygg_status trygg_open_input(const char *path, int *fd, size_t *size,
                              trygg_errors *err)
{
    *fd = -1;
    *size = 0;
    /* O_NONBLOCK: a FIFO without a writer would block open() itself */
    int f = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (f < 0) {
        trygg_errors_add(err, path, 0, 0, "cannot open: %s", strerror(errno));
        return TRYGG_ERR_IO;
    }
    struct stat sb;
    if (fstat(f, &sb) != 0) {
        trygg_errors_add(err, path, 0, 0, "cannot open: %s", strerror(errno));
        close(f);
        return TRYGG_ERR_IO;
    }
    const char *kind = trygg_file_kind(sb.st_mode);
    if (kind) {
        trygg_errors_add(err, path, 0, 0, "is %s, not a file: trygg reads only "
                         "regular files", kind);
        close(f);
        return TRYGG_ERR_IO;
    }
    int fl = fcntl(f, F_GETFL);
    if (fl >= 0)
        fcntl(f, F_SETFL, fl & ~O_NONBLOCK);
    *fd = f;
    *size = sb.st_size > 0 ? (size_t)sb.st_size : 0;
    return TRYGG_OK;
}

trygg_status trygg_read_full(int fd, const char *path, char *buf, size_t cap,
                             size_t *got, trygg_errors *err)
{
    size_t n = 0;
    while (n < cap) {
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            trygg_errors_add(err, path, 0, 0, "cannot read: %s", strerror(errno));
            *got = n;
            return TRYGG_ERR_IO;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    *got = n;
    return TRYGG_OK;
}
