/* ReadStat wrapped: files or memory through ReadStat's pluggable I/O, every
 * value as text, the variables and value labels kept, and each of
 * ReadStat's errors turned into a diagnostic that says what to do. */
#include "statfile.h"

#include <errno.h>
#include <math.h>
#include <readstat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "errors_internal.h"
#include "files_internal.h"
#include "text_internal.h"
#include "unicode_internal.h"

/* A malformed header may claim any number of variables; no survey has
 * this many, and ReadStat allocates per variable. */
#define MAX_VARS 100000

trygg_stat_kind trygg_stat_kind_of(const char *path)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (!dot || strchr(dot, '/'))
        return TRYGG_STAT_NONE;
    if (strcasecmp(dot, ".sav") == 0 || strcasecmp(dot, ".zsav") == 0)
        return TRYGG_STAT_SAV;
    if (strcasecmp(dot, ".por") == 0)
        return TRYGG_STAT_POR;
    if (strcasecmp(dot, ".dta") == 0)
        return TRYGG_STAT_DTA;
    return TRYGG_STAT_NONE;
}

const char *trygg_stat_kind_name(trygg_stat_kind k)
{
    return k == TRYGG_STAT_SAV ? "SPSS .sav" : k == TRYGG_STAT_POR ? "SPSS .por"
         : k == TRYGG_STAT_DTA ? "Stata .dta" : "CSV";
}

void trygg_stat_number_text(double v, char buf[32])
{
    /* codes and years are whole numbers: written without printf */
    if (fabs(v) < 1e15 && v == floor(v) && !(v == 0 && signbit(v))) {
        long long n = (long long)v;
        char tmp[24];
        size_t k = 0, i = 0;
        unsigned long long u = n < 0 ? (unsigned long long)(-n) : (unsigned long long)n;
        do
            tmp[k++] = (char)('0' + u % 10);
        while ((u /= 10) != 0);
        if (n < 0)
            buf[i++] = '-';
        while (k)
            buf[i++] = tmp[--k];
        buf[i] = 0;
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

/* ---- I/O: a regular file, or bytes in memory ---------------------------- */

typedef struct {
    const char *path;
    trygg_errors *err;
    int fd;
    const char *data;      /* memory: the bytes */
    size_t len, pos;
    int open_failed;       /* a diagnostic says why already */
} io_ctx;

static int io_open(const char *path, void *vctx)
{
    io_ctx *io = vctx;
    (void)path;
    if (io->data)
        return io->pos = 0, 0;
    size_t size;
    if (trygg_open_input(io->path, &io->fd, &size, io->err) != TRYGG_OK) {
        io->open_failed = 1;
        return -1;
    }
    return io->fd;
}

static int io_close(void *vctx)
{
    io_ctx *io = vctx;
    if (io->fd >= 0)
        close(io->fd);
    io->fd = -1;
    return 0;
}

static readstat_off_t io_seek(readstat_off_t off, readstat_io_flags_t whence,
                              void *vctx)
{
    io_ctx *io = vctx;
    if (!io->data)
        return lseek(io->fd, off, whence == READSTAT_SEEK_SET ? SEEK_SET
                                  : whence == READSTAT_SEEK_CUR ? SEEK_CUR : SEEK_END);
    readstat_off_t base = whence == READSTAT_SEEK_SET ? 0
                        : whence == READSTAT_SEEK_CUR ? (readstat_off_t)io->pos
                                                      : (readstat_off_t)io->len;
    if (off < -base || base + off > (readstat_off_t)io->len)
        return -1;
    io->pos = (size_t)(base + off);
    return (readstat_off_t)io->pos;
}

static ssize_t io_read(void *buf, size_t n, void *vctx)
{
    io_ctx *io = vctx;
    if (n == 0)
        return 0;
    if (!buf)
        return -1;  /* ReadStat's allocation for it failed */
    if (!io->data) {
        ssize_t r;
        do
            r = read(io->fd, buf, n);
        while (r < 0 && errno == EINTR);
        return r;
    }
    size_t left = io->len - io->pos, k = n < left ? n : left;
    memcpy(buf, io->data + io->pos, k);
    io->pos += k;
    return (ssize_t)k;
}

static readstat_error_t io_update(long size, readstat_progress_handler h,
                                  void *user, void *vctx)
{
    (void)size, (void)h, (void)user, (void)vctx;
    return READSTAT_OK;
}

/* ---- the parse ------------------------------------------------------------ */

typedef struct {
    const char *path;
    trygg_errors *err;
    const trygg_stat_fns *fns;
    void *ctx;
    trygg_stat_info *info;
    trygg_status st;        /* first failure of our own */
    int stopped;            /* a callback asked to stop */
    int announced;          /* the variables were told */
    long obs;               /* the case being read, -1 before the first */
    size_t vars_cap;
    char *last_error;       /* ReadStat's own words, for the diagnostic */
} parse_ctx;

/* The encoding the file declares, for messages. */
static const char *declared(const parse_ctx *c)
{
    return c->info->encoding && c->info->encoding[0] ? c->info->encoding : "UTF-8";
}

static int fail(parse_ctx *c, trygg_status st)
{
    if (c->st == TRYGG_OK)
        c->st = st;
    return READSTAT_HANDLER_ABORT;
}

/* A copy of ReadStat's text when it is valid UTF-8, in NFC; else NULL with
 * a diagnostic (the file declares one encoding and holds another). */
static char *copy_text(parse_ctx *c, const char *s, const char *what,
                       unsigned long row, size_t var)
{
    s = s ? s : "";
    size_t len = strlen(s);
    char *out = NULL;
    trygg_status st = trygg_utf8_nfc(s, len, &out);
    if (st == TRYGG_ERR_PARSE) {
        trygg_errors_add(c->err, c->path, row, var, "%s is not valid UTF-8 "
                         "although the file declares the encoding '%s': set "
                         "[survey] encoding to the one it is written in (e.g. "
                         "windows-1252)", what, declared(c));
        fail(c, TRYGG_ERR_PARSE);
    } else if (st != TRYGG_OK) {
        fail(c, st);
    }
    return out;
}

static int on_metadata(readstat_metadata_t *m, void *vctx)
{
    parse_ctx *c = vctx;
    int nvars = readstat_get_var_count(m);
    if (nvars < 0 || nvars > MAX_VARS) {
        trygg_errors_add(c->err, c->path, 0, 0, "the file says it has %d "
                         "variables (at most %d allowed): is it damaged?",
                         nvars, MAX_VARS);
        return fail(c, TRYGG_ERR_LIMIT);
    }
    c->info->rows = readstat_get_row_count(m);
    const char *enc = readstat_get_file_encoding(m);
    const char *label = readstat_get_file_label(m);
    free(c->info->encoding);
    c->info->encoding = strdup(enc ? enc : "");
    c->info->file_label = copy_text(c, label, "the file label", 0, 0);
    if (!c->info->encoding)
        return fail(c, TRYGG_ERR_NOMEM);
    return c->st == TRYGG_OK ? READSTAT_HANDLER_OK : READSTAT_HANDLER_ABORT;
}

static int copy_missing(parse_ctx *c, readstat_variable_t *v, trygg_stat_var *out)
{
    int n = readstat_variable_get_missing_ranges_count(v);
    if (n <= 0)
        return 0;
    trygg_stat_missing *m = calloc((size_t)n, sizeof *m);
    if (!m)
        return fail(c, TRYGG_ERR_NOMEM);
    out->missing = m;
    for (int i = 0; i < n; i++) {
        readstat_value_t lo = readstat_variable_get_missing_range_lo(v, i);
        readstat_value_t hi = readstat_variable_get_missing_range_hi(v, i);
        out->nmissing++;
        if (readstat_value_type_class(lo) == READSTAT_TYPE_CLASS_STRING) {
            m[i].text = copy_text(c, readstat_string_value(lo), "a missing value",
                                  0, (size_t)readstat_variable_get_index(v) + 1);
            if (!m[i].text)
                return READSTAT_HANDLER_ABORT;
            continue;
        }
        m[i].lo = readstat_double_value(lo);
        m[i].hi = readstat_double_value(hi);
    }
    return 0;
}

static int on_variable(int index, readstat_variable_t *v, const char *labels,
                       void *vctx)
{
    parse_ctx *c = vctx;
    trygg_stat_info *in = c->info;
    if (index < 0 || (size_t)index != in->nvars)
        return fail(c, TRYGG_ERR_PARSE);  /* ReadStat keeps them in order */
    if (in->nvars >= MAX_VARS) {
        trygg_errors_add(c->err, c->path, 0, 0, "more than %d variables: is the "
                         "file damaged?", MAX_VARS);
        return fail(c, TRYGG_ERR_LIMIT);
    }
    if (in->nvars == c->vars_cap) {
        size_t nc = c->vars_cap ? 2 * c->vars_cap : 64;
        trygg_stat_var *nv = realloc(in->vars, nc * sizeof *nv);
        if (!nv)
            return fail(c, TRYGG_ERR_NOMEM);
        in->vars = nv;
        c->vars_cap = nc;
    }
    trygg_stat_var *out = &in->vars[in->nvars++];
    memset(out, 0, sizeof *out);
    out->name = copy_text(c, readstat_variable_get_name(v), "a variable name", 0,
                          (size_t)index + 1);
    out->label = copy_text(c, readstat_variable_get_label(v), "a variable label",
                           0, (size_t)index + 1);
    out->is_string = readstat_variable_get_type_class(v) == READSTAT_TYPE_CLASS_STRING;
    if (labels && !(out->label_set = strdup(labels)))
        return fail(c, TRYGG_ERR_NOMEM);
    if (c->st != TRYGG_OK || copy_missing(c, v, out) != 0)
        return READSTAT_HANDLER_ABORT;
    return READSTAT_HANDLER_OK;
}

static trygg_stat_label_set *find_set(parse_ctx *c, const char *name)
{
    trygg_stat_info *in = c->info;
    for (size_t i = 0; i < in->nsets; i++)
        if (strcmp(in->sets[i].name, name) == 0)
            return &in->sets[i];
    trygg_stat_label_set *ns = realloc(in->sets, (in->nsets + 1) * sizeof *ns);
    if (!ns)
        return NULL;
    in->sets = ns;
    trygg_stat_label_set *s = &ns[in->nsets];
    memset(s, 0, sizeof *s);
    if (!(s->name = strdup(name)))
        return NULL;
    in->nsets++;
    return s;
}

static int on_value_label(const char *set_name, readstat_value_t value,
                          const char *label, void *vctx)
{
    parse_ctx *c = vctx;
    trygg_stat_label_set *s = set_name ? find_set(c, set_name) : NULL;
    if (!s)
        return fail(c, TRYGG_ERR_NOMEM);
    if (s->n == s->cap) {
        size_t nc = s->cap ? 2 * s->cap : 16;
        trygg_stat_label *nl = realloc(s->labels, nc * sizeof *nl);
        if (!nl)
            return fail(c, TRYGG_ERR_NOMEM);
        s->labels = nl;
        s->cap = nc;
    }
    trygg_stat_label *l = &s->labels[s->n];
    memset(l, 0, sizeof *l);
    const char *what = "a value label";
    l->label = copy_text(c, label, what, 0, 0);
    if (readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING)
        l->text = copy_text(c, readstat_string_value(value), what, 0, 0);
    else if (readstat_value_is_tagged_missing(value)) {
        char tag[3] = {'.', readstat_value_tag(value), 0};
        l->value = NAN;
        l->tagged = 1;
        l->text = strdup(tag);
    } else
        l->value = readstat_double_value(value);
    if (!l->label || ((readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING ||
                       l->tagged) && !l->text)) {
        free((char *)l->label);
        free((char *)l->text);
        return c->st == TRYGG_OK ? fail(c, TRYGG_ERR_NOMEM) : READSTAT_HANDLER_ABORT;
    }
    s->n++;
    return READSTAT_HANDLER_OK;
}

static int announce(parse_ctx *c)
{
    c->announced = 1;
    if (c->fns && c->fns->variables &&
        c->fns->variables(c->ctx, c->info->vars, c->info->nvars))
        return c->stopped = 1, READSTAT_HANDLER_ABORT;
    return READSTAT_HANDLER_OK;
}

static int end_row(parse_ctx *c)
{
    if (c->obs < 0 || !c->fns || !c->fns->row)
        return READSTAT_HANDLER_OK;
    if (c->fns->row(c->ctx, (unsigned long)c->obs + 1))
        return c->stopped = 1, READSTAT_HANDLER_ABORT;
    return READSTAT_HANDLER_OK;
}

/* The value's text: numbers by trygg_stat_number_text, Stata's .a–.z as
 * themselves; NULL for system-missing and empty strings. */
static const char *value_text(readstat_value_t value, char buf[32])
{
    if (readstat_value_is_tagged_missing(value)) {
        snprintf(buf, 32, ".%c", readstat_value_tag(value));
        return buf;
    }
    if (readstat_value_is_system_missing(value))
        return NULL;
    switch (readstat_value_type(value)) {
    case READSTAT_TYPE_STRING: {
        const char *s = readstat_string_value(value);
        return s && s[0] ? s : NULL;
    }
    case READSTAT_TYPE_INT8:
    case READSTAT_TYPE_INT16:
    case READSTAT_TYPE_INT32:
        snprintf(buf, 32, "%ld", (long)readstat_int32_value(value));
        return buf;
    case READSTAT_TYPE_FLOAT:
    case READSTAT_TYPE_DOUBLE:
        trygg_stat_number_text(readstat_double_value(value), buf);
        return buf;
    default:
        return NULL;  /* string references: ReadStat resolves them to strings */
    }
}

static int on_value(int obs, readstat_variable_t *v, readstat_value_t value,
                    void *vctx)
{
    parse_ctx *c = vctx;
    if (!c->announced && announce(c) != READSTAT_HANDLER_OK)
        return READSTAT_HANDLER_ABORT;
    if (obs != c->obs) {
        if (end_row(c) != READSTAT_HANDLER_OK)
            return READSTAT_HANDLER_ABORT;
        c->obs = obs;
    }
    char buf[32];
    const char *s = value_text(value, buf);
    int index = readstat_variable_get_index(v);
    size_t len = s ? strlen(s) : 0;
    if (s && trygg_utf8_valid(s, len) != len) {
        trygg_errors_add(c->err, c->path, (unsigned long)obs + 1, (size_t)index + 1,
                         "the value of '%s' is not valid UTF-8 although the file "
                         "declares the encoding '%s': set [survey] encoding to the "
                         "one it is written in (e.g. windows-1252)",
                         readstat_variable_get_name(v), declared(c));
        fail(c, TRYGG_ERR_PARSE);
        s = NULL, len = 0;
    }
    if (c->fns && c->fns->field)
        c->fns->field(c->ctx, (size_t)index, s, len,
                      readstat_value_is_defined_missing(value, v));
    return READSTAT_HANDLER_OK;
}

static void on_error(const char *msg, void *vctx)
{
    parse_ctx *c = vctx;
    free(c->last_error);
    c->last_error = strdup(msg ? msg : "");
    size_t n = c->last_error ? strlen(c->last_error) : 0;
    while (n && (c->last_error[n - 1] == '\n' || c->last_error[n - 1] == '.'))
        c->last_error[--n] = 0;
}

/* ---- before and after ReadStat --------------------------------------------- */

/* The first bytes of a .sav (or .zsav) and a .dta (Stata 13 and later start
 * with "<stata_dta>", older ones with their format number 102–115 and a
 * byte order): a file that has neither is another format with that name. */
static int magic_ok(trygg_stat_kind k, const unsigned char *b, size_t n)
{
    if (k == TRYGG_STAT_SAV)
        return n >= 4 && (memcmp(b, "$FL2", 4) == 0 || memcmp(b, "$FL3", 4) == 0);
    if (k == TRYGG_STAT_DTA)
        return (n >= 11 && memcmp(b, "<stata_dta>", 11) == 0) ||
               (n >= 2 && b[0] >= 102 && b[0] <= 115 && (b[1] == 1 || b[1] == 2));
    return 1;
}

static trygg_status check_magic(const char *path, const char *data, size_t len,
                                trygg_stat_kind k, trygg_errors *err)
{
    unsigned char head[16];
    size_t n = 0;
    if (data) {
        n = len < sizeof head ? len : sizeof head;
        memcpy(head, data, n);
    } else {
        int fd;
        size_t size;
        trygg_status st = trygg_open_input(path, &fd, &size, err);
        if (st != TRYGG_OK)
            return st;
        st = trygg_read_full(fd, path, (char *)head, sizeof head, &n, err);
        close(fd);
        if (st != TRYGG_OK)
            return st;
    }
    if (n == 0) {
        trygg_errors_add(err, path, 0, 0, "empty file: an %s file was expected",
                         trygg_stat_kind_name(k));
        return TRYGG_ERR_PARSE;
    }
    if (magic_ok(k, head, n))
        return TRYGG_OK;
    trygg_errors_add(err, path, 0, 0, "not an %s file: it does not begin as one "
                     "(%s); export it again, or name it by what it is (.csv, "
                     ".sav, .por, .dta)", trygg_stat_kind_name(k),
                     k == TRYGG_STAT_SAV ? "with $FL2" : "with <stata_dta> or a "
                     "Stata format number");
    return TRYGG_ERR_PARSE;
}

/* Each variable gets its value labels (kept until the info is freed). */
static void attach_labels(parse_ctx *c)
{
    for (size_t i = 0; i < c->info->nvars; i++) {
        trygg_stat_var *v = &c->info->vars[i];
        for (size_t s = 0; v->label_set && s < c->info->nsets; s++)
            if (strcmp(c->info->sets[s].name, v->label_set) == 0) {
                v->labels = c->info->sets[s].labels;
                v->nlabels = c->info->sets[s].n;
            }
    }
}

/* ReadStat's failure as the user can act on it. */
static trygg_status report(parse_ctx *c, readstat_error_t rc, trygg_stat_kind k)
{
    const char *said = c->last_error && c->last_error[0] ? c->last_error
                                                         : readstat_error_message(rc);
    switch (rc) {
    case READSTAT_ERROR_MALLOC:
        return TRYGG_ERR_NOMEM;
    case READSTAT_ERROR_OPEN:
        if (!c->st && !trygg_errors_total(c->err))
            trygg_errors_add(c->err, c->path, 0, 0, "cannot open: %s", said);
        return TRYGG_ERR_IO;
    case READSTAT_ERROR_UNSUPPORTED_CHARSET:
    case READSTAT_ERROR_CONVERT:
    case READSTAT_ERROR_CONVERT_BAD_STRING:
    case READSTAT_ERROR_CONVERT_SHORT_STRING:
    case READSTAT_ERROR_CONVERT_LONG_STRING:
        trygg_errors_add(c->err, c->path, c->obs >= 0 ? (unsigned long)c->obs + 2 : 0,
                         0, "text that cannot be converted to UTF-8 from the "
                         "encoding %s%s%s (%s): is the file in another encoding "
                         "than it says? Set [survey] encoding to the one it is "
                         "written in (e.g. windows-1252)",
                         c->info->encoding && c->info->encoding[0] ? "'" : "the file declares",
                         c->info->encoding && c->info->encoding[0] ? c->info->encoding : "",
                         c->info->encoding && c->info->encoding[0] ? "' it declares" : "",
                         said);
        return TRYGG_ERR_PARSE;
    case READSTAT_ERROR_READ:
    case READSTAT_ERROR_SEEK:
    case READSTAT_ERROR_ROW_COUNT_MISMATCH:
        if (c->info->rows >= 0)
            trygg_errors_add(c->err, c->path, 0, 0, "the file ends early: it says "
                             "it has %ld cases but ends after %ld (is it truncated? "
                             "Export or copy it again)", c->info->rows,
                             c->obs >= 0 ? c->obs + 1 : 0);
        else
            trygg_errors_add(c->err, c->path, 0, 0, "the file ends early (%s): is "
                             "it truncated? Export or copy it again", said);
        return TRYGG_ERR_PARSE;
    default:
        trygg_errors_add(c->err, c->path, c->obs >= 0 ? (unsigned long)c->obs + 1 : 0,
                         0, "not a readable %s file (ReadStat: %s): is it damaged, "
                         "or another format?", trygg_stat_kind_name(k), said);
        return TRYGG_ERR_PARSE;
    }
}

static readstat_error_t run_parser(parse_ctx *c, io_ctx *io,
                                   const trygg_stat_options *opt)
{
    readstat_parser_t *p = readstat_parser_init();
    if (!p)
        return READSTAT_ERROR_MALLOC;
    readstat_set_metadata_handler(p, on_metadata);
    readstat_set_variable_handler(p, on_variable);
    readstat_set_value_label_handler(p, on_value_label);
    readstat_set_error_handler(p, on_error);
    if (!opt->metadata_only)
        readstat_set_value_handler(p, on_value);
    else
        readstat_set_row_limit(p, 1);
    readstat_set_open_handler(p, io_open);
    readstat_set_close_handler(p, io_close);
    readstat_set_seek_handler(p, io_seek);
    readstat_set_read_handler(p, io_read);
    readstat_set_update_handler(p, io_update);
    readstat_set_io_ctx(p, io);
    if (opt->encoding)
        readstat_set_file_character_encoding(p, opt->encoding);
    readstat_error_t rc;
    if (opt->kind == TRYGG_STAT_SAV)
        rc = readstat_parse_sav(p, c->path, c);
    else if (opt->kind == TRYGG_STAT_POR)
        rc = readstat_parse_por(p, c->path, c);
    else
        rc = readstat_parse_dta(p, c->path, c);
    readstat_parser_free(p);
    if (io->fd >= 0)
        io_close(io);
    return rc;
}

trygg_status trygg_stat_read(const char *path, const char *data, size_t len,
                             const trygg_stat_options *opt,
                             const trygg_stat_fns *fns, void *ctx,
                             trygg_stat_info *info, trygg_errors *err)
{
    trygg_stat_info mine;
    if (!info)
        info = &mine;
    memset(info, 0, sizeof *info);
    info->rows = -1;
    trygg_status st = check_magic(path, data, len, opt->kind, err);
    if (st != TRYGG_OK)
        return info == &mine ? (trygg_stat_info_free(info), st) : st;
    parse_ctx c = {.path = path, .err = err, .fns = fns, .ctx = ctx,
                   .info = info, .obs = -1};
    io_ctx io = {.path = path, .err = err, .fd = -1, .data = data ? data : NULL,
                 .len = len};
    readstat_error_t rc = run_parser(&c, &io, opt);
    attach_labels(&c);
    if (rc == READSTAT_OK && !c.stopped && c.st == TRYGG_OK) {
        if (!c.announced)
            announce(&c);
        if (!c.stopped && !opt->metadata_only)
            end_row(&c);
    }
    if (c.st != TRYGG_OK)
        st = c.st;
    else if (rc != READSTAT_OK && !c.stopped && !io.open_failed)
        st = report(&c, rc, opt->kind);
    else if (io.open_failed)
        st = TRYGG_ERR_IO;
    free(c.last_error);
    if (info == &mine)
        trygg_stat_info_free(info);
    return st;
}

void trygg_stat_info_free(trygg_stat_info *info)
{
    if (!info)
        return;
    for (size_t i = 0; i < info->nvars; i++) {
        trygg_stat_var *v = &info->vars[i];
        for (size_t k = 0; k < v->nmissing; k++)
            free((char *)v->missing[k].text);
        free((trygg_stat_missing *)v->missing);
        free((char *)v->name);
        free((char *)v->label);
        free((char *)v->label_set);
    }
    free(info->vars);
    for (size_t s = 0; s < info->nsets; s++) {
        for (size_t k = 0; k < info->sets[s].n; k++) {
            free((char *)info->sets[s].labels[k].label);
            free((char *)info->sets[s].labels[k].text);
        }
        free(info->sets[s].labels);
        free(info->sets[s].name);
    }
    free(info->sets);
    free(info->encoding);
    free(info->file_label);
    memset(info, 0, sizeof *info);
}
