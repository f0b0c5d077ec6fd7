#include "fuzz_common.h"

#include "trygg.h"

#include <dirent.h>
#include <gsl/gsl_errno.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void die(const char *what, const char *path)
{
    fprintf(stderr, "fuzz harness: %s %s: %s\n", what, path, strerror(errno));
    abort();
}

void fuzz_start(void)
{
    gsl_set_error_handler_off();
}

char *fuzz_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (!p)
        die("out of memory for", name);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

void fuzz_write(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
        die("cannot write", path);
}

void fuzz_append(const char *path, const char *text)
{
    FILE *f = fopen(path, "ab");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0)
        die("cannot append to", path);
}

char *fuzz_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die("cannot open", path);
    size_t cap = 4096, n = 0, got;
    char *b = malloc(cap + 1);
    while (b && (got = fread(b + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap)
            b = realloc(b, (cap *= 2) + 1);
    }
    if (!b)
        die("out of memory reading", path);
    fclose(f);
    b[n] = 0;
    if (len)
        *len = n;
    return b;
}

static void copy(const char *from_dir, const char *to_dir, const char *name)
{
    char *a = fuzz_path(from_dir, name), *b = fuzz_path(to_dir, name);
    size_t len;
    char *data = fuzz_read(a, &len);
    fuzz_write(b, data, len);
    free(data);
    free(a);
    free(b);
}

void fuzz_copy_mini(const char *dir)
{
    static const char *const files[] = {"survey.trygg", "scales.csv",
                                        "items.csv", "indicators.csv"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        copy(FUZZ_MINI, dir, files[i]);
    char *data = fuzz_path(dir, "data");
    if (mkdir(data, 0700) != 0 && errno != EEXIST)
        die("cannot make", data);
    copy(FUZZ_MINI "/data", data, "2024_sodertalje.csv");
    free(data);
}

/* ---- the scratch folder, removed at exit ------------------------------ */

static char scratch[4096];

static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        remove(path);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *sub = fuzz_path(path, e->d_name);
        remove_tree(sub);
        free(sub);
    }
    closedir(d);
    rmdir(path);
}

static void remove_scratch(void)
{
    if (scratch[0])
        remove_tree(scratch);
}

const char *fuzz_scratch_dir(const char *tag)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(scratch, sizeof scratch, "%s/trygg_%s_XXXXXX",
             tmp && *tmp ? tmp : "/tmp", tag);
    if (!mkdtemp(scratch))
        die("cannot make", scratch);
    atexit(remove_scratch);
    return scratch;
}

void fuzz_report(const char *step, int status, const struct trygg_errors *err)
{
    if (!getenv("TRYGG_FUZZ_VERBOSE"))
        return;
    fprintf(stderr, "%s: %s\n", step, trygg_strerror((trygg_status)status));
    for (size_t i = 0; i < trygg_errors_count(err) && i < 3; i++) {
        const trygg_diag *d = trygg_errors_get(err, i);
        fprintf(stderr, "  %s:%lu:%lu: %s\n", d->file, d->line, d->column,
                d->message);
    }
}
