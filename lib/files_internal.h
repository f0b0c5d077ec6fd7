/* Internal: files as trygg opens them. Inputs must be regular files (a
 * FIFO would block the load for ever, a device would be read without end),
 * and an output replaces only a regular file; both say what a path is when
 * it is something else. */
#ifndef TRYGG_FILES_INTERNAL_H
#define TRYGG_FILES_INTERNAL_H

#include <stddef.h>
#include <sys/types.h>

#include "trygg.h"

/** What a file of mode `mode` (st_mode) is, for messages: "a symbolic
 *  link", "a FIFO (named pipe)", "a folder", "a character device (such as
 *  /dev/null)", ...; NULL for a regular file. */
const char *trygg_file_kind(mode_t mode);

/**
 * Opens `path` for reading. It must be a regular file (after following
 * symbolic links): it is opened without blocking, so that a FIFO cannot
 * hang the call, and anything else is refused ("… is a FIFO (named pipe),
 * not a file"). On success *fd is an open descriptor (blocking, close on
 * exec) the caller closes, and *size the file's size. TRYGG_ERR_IO (with a
 * diagnostic naming the path and the reason) otherwise.
 */
trygg_status trygg_open_input(const char *path, int *fd, size_t *size,
                              trygg_errors *err);

/**
 * Reads from `fd` until `cap` bytes are in `buf` or the file ends; *got
 * says how many. TRYGG_ERR_IO with a diagnostic naming `path` and
 * strerror on a read error.
 */
trygg_status trygg_read_full(int fd, const char *path, char *buf, size_t cap,
                             size_t *got, trygg_errors *err);

#endif
