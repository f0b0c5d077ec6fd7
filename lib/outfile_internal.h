/* Internal: output files (the group is public, in trygg.h); the pieces the
 * table writers and the report share. */
#ifndef TRYGG_OUTFILE_INTERNAL_H
#define TRYGG_OUTFILE_INTERNAL_H

#include "trygg.h"

/** A new name beside `path` no other process can guess:
 *  "DIR/.BASE.WHAT-XXXXXXXXXXXX" (".WHAT-XXXXXXXXXXXX" when BASE is long).
 *  NULL when out of memory; the caller frees it. */
char *trygg_temp_name(const char *path, const char *what);

/** TRYGG_OK when `path` is absent or a regular file (not followed when a
 *  link); else a diagnostic naming the path and what it is, TRYGG_ERR_IO. */
trygg_status trygg_check_target(const char *path, trygg_errors *err);

/** A writer of one member: `obj` (a table) into `g` as `path`. */
typedef trygg_status (*trygg_member_writer)(const void *obj, trygg_output_group *g,
                                            const char *path, int fmt,
                                            trygg_errors *err);

/** `write` into a group of its own, committed: the one-file writers. */
trygg_status trygg_output_alone(const char *path, trygg_member_writer write,
                                const void *obj, int fmt, trygg_errors *err);

#endif
