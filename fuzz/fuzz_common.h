/* Helpers shared by the libFuzzer harnesses: a private scratch folder and
 * whole-file reads and writes. Any failure here is the harness's, not the
 * library's, and aborts with a message. */
#ifndef TRYGG_FUZZ_COMMON_H
#define TRYGG_FUZZ_COMMON_H

#include <stddef.h>

/** The mini survey of the tests (definition, tables, one response file). */
#define FUZZ_MINI TRYGG_SOURCE_DIR "/tests/data/mini"

/** What a harness does first, as every program using libtrygg must
 *  (trygg.h): GSL's error handler off, so that GSL returns its codes to the
 *  library instead of aborting (which the fuzzer would report as a crash). */
void fuzz_start(void);

/** A new folder under $TMPDIR (or /tmp), removed at exit. */
const char *fuzz_scratch_dir(const char *tag);
/** `dir` + "/" + `name` in a new string (never NULL). */
char *fuzz_path(const char *dir, const char *name);
/** Writes `len` bytes to `path` (replacing it). */
void fuzz_write(const char *path, const void *data, size_t len);
/** Appends a string to `path`. */
void fuzz_append(const char *path, const char *text);
/** Reads a whole file into a new NUL-terminated buffer. */
char *fuzz_read(const char *path, size_t *len);
/** Copies the mini survey's files into `dir` (data/ too). */
void fuzz_copy_mini(const char *dir);

struct trygg_errors;
/** With TRYGG_FUZZ_VERBOSE set, prints what a step gave (status, first
 *  diagnostics) to stderr: to see why a seed or crash input is rejected. */
void fuzz_report(const char *step, int status, const struct trygg_errors *err);

#endif
