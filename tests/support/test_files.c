/* Files for tests: running the built trygg, reading what it wrote, and
 * small surveys written into a folder of their own. */
#include "test_support.h"

#include <ctype.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int ts_shell(const char *command, char **output)
{
    size_t n = strlen(command) + 16;
    char *cmd = malloc(n);
    assert_non_null(cmd);
    snprintf(cmd, n, "%s 2>&1", command);
    FILE *p = popen(cmd, "r");
    free(cmd);
    assert_non_null(p);
    size_t cap = 1 << 16, len = 0, got;
    char *buf = malloc(cap);
    assert_non_null(buf);
    while ((got = fread(buf + len, 1, cap - len - 1, p)) > 0) {
        len += got;
        if (len + 1 == cap) {
            buf = realloc(buf, cap *= 2);
            assert_non_null(buf);
        }
    }
    buf[len] = 0;
    int status = pclose(p);
    *output = buf;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int ts_run_cli(const char *args, char **output)
{
    const char *cli = getenv("TRYGG_CLI");
    if (!cli)
        cli = TRYGG_BINARY_DIR "/trygg";
    size_t n = strlen(cli) + strlen(args) + 8;
    char *cmd = malloc(n);
    assert_non_null(cmd);
    snprintf(cmd, n, "'%s' %s", cli, args);
    int rc = ts_shell(cmd, output);
    free(cmd);
    return rc;
}

int ts_run_clif(char **output, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    assert_true(n >= 0);
    char *args = malloc((size_t)n + 1);
    assert_non_null(args);
    va_start(ap, fmt);
    vsnprintf(args, (size_t)n + 1, fmt, ap);
    va_end(ap);
    int rc = ts_run_cli(args, output);
    free(args);
    return rc;
}

char *ts_pdf_text(const char *pdf, const char *how)
{
    size_t n = strlen(pdf) + strlen(how) + 64;
    char *cmd = malloc(n), *out;
    assert_non_null(cmd);
    snprintf(cmd, n, "pdftotext -enc UTF-8 %s '%s' -", how, pdf);
    if (ts_shell(cmd, &out) != 0)
        fail_msg("pdftotext %s failed: %s", pdf, out);
    free(cmd);
    if (strstr(how, "-bbox"))
        return out;
    char *w = out;   /* every run of white space one space */
    for (const char *r = out; *r; r++)
        if (!isspace((unsigned char)*r) || (w > out && w[-1] != ' '))
            *w++ = isspace((unsigned char)*r) ? ' ' : *r;
    *w = 0;
    return out;
}

char *ts_read_whole(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("no file %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    assert_non_null(b);
    b[fread(b, 1, (size_t)n, f)] = 0;
    fclose(f);
    return b;
}

int ts_exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

char *ts_temp_dir(const char *prefix, char *buf, size_t size)
{
    snprintf(buf, size, "%s/%s_XXXXXX", TRYGG_BINARY_DIR, prefix);
    if (!mkdtemp(buf))
        fail_msg("cannot make a folder like %s", buf);
    return buf;
}

void ts_write_in(const char *dir, const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        fail_msg("cannot write %s", path);
    fputs(text, f);
    fclose(f);
}

void ts_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (!S_ISDIR(st.st_mode)) {
        remove(path);
        return;
    }
    DIR *d = opendir(path);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char sub[1024];
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        ts_remove_tree(sub);
    }
    if (d)
        closedir(d);
    rmdir(path);
}

trygg_survey *ts_load_survey(const char *definition, trygg_definition **def)
{
    trygg_errors *err = trygg_errors_new(10);
    trygg_survey *sv = NULL;
    trygg_status st = trygg_definition_load(definition, def, err);
    if (st == TRYGG_OK)
        st = trygg_survey_load(*def, &sv, err);
    if (st != TRYGG_OK)
        fail_msg("%s: %s", definition, trygg_errors_count(err)
                 ? trygg_errors_get(err, 0)->message : trygg_strerror(st));
    trygg_errors_free(err);
    return sv;
}
