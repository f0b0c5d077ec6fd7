/* The temporaries a run has made and not yet put in place, removed when
 * SIGINT, SIGTERM or SIGHUP ends the run (the signal then ends it as it
 * would have: default action, re-raised). SIGKILL cannot be caught: its
 * temporaries stay, and the report removes its own stale folders. */
#ifndef TRYGG_CLI_CLEANUP_H
#define TRYGG_CLI_CLEANUP_H

#include <signal.h>

#include "trygg.h"

/** Remove the file `path` if the run is stopped by a signal. Installs the
 *  handlers on first use. Safe from any thread, also while a signal is
 *  being handled. Returns 0, or -1 when out of memory (not registered). */
int cli_cleanup_add_file(const char *path);
/** Remove the folder `path` and everything in it if stopped. As above. */
int cli_cleanup_add_tree(const char *path);
/** `path` is in place or gone: no longer remove it. */
void cli_cleanup_forget(const char *path);

/** Holds SIGINT, SIGTERM and SIGHUP back in the calling thread (to be
 *  delivered at cli_cleanup_release) while renames must not be cut in two;
 *  call with no other thread running. */
void cli_cleanup_hold(sigset_t *saved);
void cli_cleanup_release(const sigset_t *saved);

/** A hook for trygg_output_group_set_hook(): registers and forgets each
 *  temporary of a group. */
void cli_cleanup_hook(void *ctx, const char *temp, trygg_temp_event event);

/** A new output group whose temporaries are removed on a signal. */
trygg_status cli_output_group(trygg_output_group **g);
/** Commits `g` when `st` is TRYGG_OK (signals held for the renames),
 *  frees it (removing its temporaries otherwise), returns the status. */
trygg_status cli_output_commit(trygg_output_group *g, trygg_status st,
                               trygg_errors *err);

#endif
