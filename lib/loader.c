/* One response file: header mapping, conversion of every field into the
 * column store, and the errors of single fields. */
#include "survey_internal.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_reader.h"
#include "errors_internal.h"
#include "statfile.h"
#include "text_internal.h"
#include "unicode_internal.h"

#define MAP_MAX 4   /* columns one header field may feed */

/* How one header field is stored. The common cases (one column, a value
 * that converts cleanly) take a short path; everything else, blanks that
 * are errors and every error message included, goes through the general
 * store functions, so the fast paths decide nothing on their own. */
typedef enum { OP_SKIP, OP_CODE, OP_NUM, OP_CAT, OP_TEXT, OP_GENERAL } op_kind;
enum { CHECK_WEIGHT = 1, CHECK_FPC = 2 };

/* A name a column stored, and its index. */
typedef struct {
    const char *name;
    size_t len;             /* SIZE_MAX: empty slot */
    uint32_t idx;
} name_seen;
enum { NAMES_SEEN = 16 };

typedef struct {
    op_kind kind;
    int check;              /* OP_NUM: CHECK_WEIGHT, CHECK_FPC */
    trygg_column *col;      /* the one column, for every kind but OP_GENERAL */
    name_seen seen[NAMES_SEEN];  /* OP_CAT: names stored lately, by a cheap
                                    hash of their bytes (a file has a few
                                    districts, strata, sexes and ages) */
} field_op;

static void forget_seen(field_op *op)
{
    for (int i = 0; i < NAMES_SEEN; i++)
        op->seen[i].len = SIZE_MAX;
}

static unsigned seen_slot(const char *s, size_t len)
{
    return ((unsigned)len * 31u + (unsigned char)s[0] * 7u +
            (unsigned char)s[len - 1]) & (NAMES_SEEN - 1);
}

/* memcmp for the few bytes of a name, without a call. */
static int same_bytes(const char *a, const char *b, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

/* Kept out of on_field, so that its path for a coded answer saves no
 * registers. */
#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

#define YEAR_FIELD SIZE_MAX   /* saved_field.f of the year, read last */

typedef struct {
    size_t f;              /* header field, or YEAR_FIELD */
    size_t off, len;       /* in load_ctx.bytes */
    int blank;
} saved_field;

typedef struct {
    trygg_survey *sv;
    trygg_errors *err;
    const char *path;
    char sep, decimal;
    int file_year;         /* from a YYYY_ file name, or 0 */
    size_t len, max_rows;  /* the file's bytes, and its lines not blank */
    size_t file_index;
    size_t nheader;
    long (*map)[MAP_MAX];  /* per header field: columns, -1 terminated */
    field_op *ops;         /* per header field: how to store it */
    long year_field;
    int have_header;
    size_t rows;
    trygg_status st;
    /* the row being read: fields the fast paths left for the end of the
     * row (copied), and the columns whose names grew on it */
    saved_field *saved;
    size_t nsaved, saved_cap;
    char *bytes;
    size_t nbytes, bytes_cap;
    trygg_dict **grown;
    size_t ngrown;
    trygg_column *text_col; /* the respondent ids, or NULL */
    size_t text_kept;       /* its texts up to the last row kept */
    /* A survey of one year (sv->only_year): a row of another year keeps
     * nothing but the names it brings, which number the areas and strata
     * as the whole survey's load numbers them. */
    int names_only;         /* the file's name says another year: every row */
    int skip_row;           /* the row being read is of another year */
    size_t skipped;         /* rows of other years */
} load_ctx;

static void lbad(load_ctx *c, unsigned long line, size_t field,
                 trygg_status st, const char *fmt, const char *a,
                 const char *b, const char *d)
{
    trygg_errors_add(c->err, c->path, line, field, fmt, a, b, d);
    if (c->st == TRYGG_OK)
        c->st = st;
}

static int stop_now(load_ctx *c)
{
    return c->st == TRYGG_ERR_NOMEM || trygg_errors_full(c->err);
}

static int check_utf8(load_ctx *c, const char *s, size_t len, unsigned long line,
                      size_t field)
{
    if (!s || trygg_utf8_valid(s, len) == len)
        return 0;
    lbad(c, line, field, TRYGG_ERR_PARSE, "text that is not valid UTF-8 (byte "
         "%s): is the file saved as Latin-1 or Windows-1252? Save it as "
         "\"CSV UTF-8\"%s%s", trygg_utf8_valid(s, len) ? "after the first characters"
                                                   : "at the start", "", "");
    return -1;
}

/* ---- header -------------------------------------------------------- */

static void plan_field(load_ctx *c, size_t f)
{
    field_op *op = &c->ops[f];
    memset(op, 0, sizeof *op);
    forget_seen(op);
    if (c->map[f][0] < 0) {
        op->kind = OP_SKIP;
        return;
    }
    op->col = &c->sv->cols[c->map[f][0]];
    if (c->map[f][1] >= 0)
        op->kind = OP_GENERAL;
    else if (op->col->kind == TRYGG_COL_CODE)
        op->kind = OP_CODE;
    else if (op->col->kind == TRYGG_COL_NUM)
        op->kind = OP_NUM;
    else if (op->col->kind == TRYGG_COL_TEXT)
        op->kind = OP_TEXT;
    else
        op->kind = OP_CAT;
    if (strcmp(op->col->why, "weight") == 0)
        op->check = CHECK_WEIGHT;
    else if (strncmp(op->col->why, "fpc", 3) == 0)
        op->check = CHECK_FPC;
}

static int header_row(load_ctx *c, const trygg_csv_row *r)
{
    trygg_survey *sv = c->sv;
    c->have_header = 1;
    c->nheader = r->nfields;
    c->map = malloc(r->nfields * sizeof *c->map);
    c->ops = malloc(r->nfields * sizeof *c->ops);
    if (!c->map || !c->ops)
        return c->st = TRYGG_ERR_NOMEM, 1;
    c->year_field = -1;
    const char *year_name = sv->def->roles[TRYGG_ROLE_YEAR];
    trygg_errors *keep = c->err;
    if (c->names_only)
        c->err = NULL;   /* another year's file: its names, not its faults */
    for (size_t f = 0; f < r->nfields; f++) {
        const char *h = r->field[f] ? r->field[f] : "";
        check_utf8(c, r->field[f], r->len[f], r->line, f + 1);
        size_t k = 0;
        for (size_t i = 0; i < sv->ncols && k < MAP_MAX - 1; i++)
            if (strcmp(sv->cols[i].name, h) == 0)
                c->map[f][k++] = (long)i;
        c->map[f][k] = -1;
        plan_field(c, f);
        if (year_name && strcmp(h, year_name) == 0)
            c->year_field = (long)f;
        for (size_t g = 0; g < f; g++)
            if (r->field[g] && strcmp(r->field[g], h) == 0)
            {
                char fld[24];
                snprintf(fld, sizeof fld, "%zu", g + 1);
                lbad(c, r->line, f + 1, TRYGG_ERR_PARSE, "column name '%s' "
                     "appears twice in the header (also field %s)%s", h, fld, "");
            }
    }
    if (c->year_field < 0 && year_name)
        lbad(c, r->line, 0, TRYGG_ERR_INVALID, "missing column '%s' (the "
             "[columns] year role)%s%s", year_name, "", "");
    for (size_t i = 0; i < sv->ncols; i++) {
        int found = 0;
        for (size_t f = 0; f < r->nfields && !found; f++)
            for (int k = 0; c->map[f][k] >= 0; k++)
                found |= c->map[f][k] == (long)i;
        if (!found)
            lbad(c, r->line, 0, TRYGG_ERR_INVALID, "missing column '%s' "
                 "(needed as %s); the header has no such name%s",
                 sv->cols[i].name, sv->cols[i].why, "");
    }
    c->err = keep;
    if (c->names_only && c->st != TRYGG_ERR_NOMEM) {
        c->st = TRYGG_OK;
        c->skip_row = 1;
    }
    return c->st != TRYGG_OK;
}

/* ---- fields ---------------------------------------------------------- */

static int parse_number(load_ctx *c, const char *s, size_t len, double *out)
{
    char buf[128];
    if (len == 0 || len >= sizeof buf)
        return -1;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        if (ch == c->decimal)
            ch = '.';
        else if (ch == '.' || ch == ',' || isspace((unsigned char)ch))
            return -1;  /* a thousands separator or the other decimal mark */
        else if (!isdigit((unsigned char)ch) && !strchr("+-eE", ch))
            return -1;  /* no hex, "inf" or "nan" */
        buf[i] = ch;
    }
    buf[len] = 0;
    char *end;
    errno = 0;
    double d = strtod(buf, &end);
    if (*end || end == buf || (errno == ERANGE && fabs(d) > 1))
        return -1;
    if (isnan(d) || isinf(d))
        return -1;  /* "nan", "inf": never a valid survey number */
    *out = d;
    return 0;
}

/* Exactly strtod's value for [+-]digits[<decimal>digits] with at most 19
 * digits whose integer m is at most 2^53 and at most 22 decimals: m and
 * 10^k are then exact doubles and one IEEE division rounds m / 10^k
 * correctly, as strtod does. Anything else returns -1 for parse_number. */
static int fast_number(const char *s, size_t len, char decimal, double *out)
{
#if FLT_EVAL_METHOD == 0
    static const double POW10[23] = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    size_t i = len && (s[0] == '-' || s[0] == '+'), start = i, decimals = 0;
    uint64_t m = 0;  /* wraps only when there are too many digits anyway */
    for (; i < len && (unsigned)(s[i] - '0') < 10; i++)
        m = m * 10 + (unsigned)(s[i] - '0');
    size_t whole = i - start;
    if (whole && i < len && s[i] == decimal) {
        size_t from = ++i;
        for (; i < len && (unsigned)(s[i] - '0') < 10; i++)
            m = m * 10 + (unsigned)(s[i] - '0');
        decimals = i - from;
        if (!decimals)
            return -1;  /* "5." */
    }
    if (i != len || !whole || whole + decimals > 19 || m > ((uint64_t)1 << 53) ||
        decimals > 22)
        return -1;
    double v = (double)m / POW10[decimals];
    *out = s[0] == '-' ? -v : v;
    return 0;
#else
    (void)s, (void)len, (void)decimal, (void)out;
    return -1;
#endif
}

static void show(char *dst, size_t size, const char *s, size_t len)
{
    size_t n = len < size - 4 ? len : size - 4;
    while (n > 0 && n < len && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;  /* do not cut inside a UTF-8 character */
    snprintf(dst, size, "%.*s%s", (int)n, s, n < len ? "..." : "");
}

static void store_num(load_ctx *c, trygg_column *col, size_t row,
                      const char *s, size_t len, unsigned long line, size_t f)
{
    double v = NAN;
    char shown[80];
    if (s && parse_number(c, s, len, &v) != 0) {
        show(shown, sizeof shown, s, len);
        lbad(c, line, f, TRYGG_ERR_INVALID, "'%s' in column '%s' is not a "
             "number (decimal mark '%s' expected, no thousands separators)",
             shown, col->name, c->decimal == ',' ? "," : ".");
    } else if (s && strcmp(col->why, "weight") == 0 && v > 1e12) {
        show(shown, sizeof shown, s, len);
        lbad(c, line, f, TRYGG_ERR_INVALID, "weight '%s' in column '%s' is too "
             "large (more than 1e12: is this the weight column?)%s", shown,
             col->name, "");
    } else if (s && strcmp(col->why, "weight") == 0 && !(v > 0)) {
        show(shown, sizeof shown, s, len);
        lbad(c, line, f, TRYGG_ERR_INVALID, "weight '%s' in column '%s': "
             "weights must be positive%s", shown, col->name, "");
    } else if (s && strncmp(col->why, "fpc", 3) == 0 && !(v > 0)) {
        show(shown, sizeof shown, s, len);
        lbad(c, line, f, TRYGG_ERR_INVALID, "'%s' in column '%s': the fpc "
             "(population size or sampling fraction) must be positive%s",
             shown, col->name, "");
    }
    col->num[row] = v;
}

static void store_code(load_ctx *c, trygg_column *col, size_t row,
                       const char *s, size_t len, unsigned long line, size_t f)
{
    col->code[row] = TRYGG_CODE_MISSING;
    if (!s)
        return;
    int k = trygg_scale_code_find(col->scale, s, len);
    if (k >= 0) {
        col->code[row] = (uint8_t)k;
        return;
    }
    char shown[80];
    show(shown, sizeof shown, s, len);
    size_t n = 1;
    for (size_t i = 0; i < col->scale->ncodes; i++)
        n += strlen(col->scale->codes[i].code) + 1;
    char *codes = malloc(n);
    if (codes) {   /* every code the scale has, however many */
        codes[0] = 0;
        for (size_t i = 0; i < col->scale->ncodes; i++) {
            strcat(codes, i ? " " : "");
            strcat(codes, col->scale->codes[i].code);
        }
    }
    lbad(c, line, f, TRYGG_ERR_INVALID, "unknown code '%s' for item '%s' "
         "(expected one of: %s, or blank)", shown, col->name, codes ? codes : "…");
    free(codes);
}

/* 1 when a name must be normalised before it is stored: names are kept in
 * NFC, so that a file saved in NFD (as on a Mac) names the same areas as
 * one in NFC. Only text with a byte above ASCII can be other than NFC. */
static int needs_nfc(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80)
            return !trygg_utf8_is_nfc(s, len);
    return 0;
}

/* Returns the stored name when it is s itself (valid UTF-8 in NFC), else
 * NULL. */
static const char *store_cat(load_ctx *c, trygg_column *col, size_t row,
                             const char *s, size_t len, unsigned long line,
                             size_t f)
{
    uint32_t idx, h = s ? trygg_dict_hash(s, len) : 0;
    long known = s ? trygg_dict_find_hashed(&col->dict, s, len, h) : -1;
    if (known >= 0) {  /* only valid UTF-8 in NFC is ever stored */
        col->cat[row] = (uint32_t)known;
        return col->dict.names[known];
    }
    if (check_utf8(c, s, len, line, f) != 0)
        s = NULL;
    char *nfc = NULL;
    trygg_status st = TRYGG_OK;
    if (s && needs_nfc(s, len) && (st = trygg_utf8_nfc(s, len, &nfc)) == TRYGG_OK) {
        len = strlen(nfc);
        h = trygg_dict_hash(nfc, len);
    }
    if (st == TRYGG_OK)
        st = nfc ? trygg_dict_intern_hashed(&col->dict, nfc, len, h, &idx)
             : s ? trygg_dict_intern_hashed(&col->dict, s, len, h, &idx)
                 : trygg_dict_intern(&col->dict, "", 0, &idx);
    int same = s && !nfc;
    free(nfc);
    if (st != TRYGG_OK) {
        c->st = st;
        return NULL;
    }
    col->cat[row] = idx;
    return same ? col->dict.names[idx] : NULL;
}

static void store_text(load_ctx *c, trygg_column *col, size_t row,
                       const char *s, size_t len, unsigned long line, size_t f)
{
    if (check_utf8(c, s, len, line, f) != 0 || !s)
        s = "", len = 0;
    trygg_status st = trygg_column_put_text(col, row, s, len);
    if (st == TRYGG_ERR_LIMIT)
        lbad(c, line, f, st, "the values of '%s' (%s) take more than 4 GB in "
             "all: split the survey%s", col->name, col->why, "");
    else if (st != TRYGG_OK)
        c->st = st;
}

static void store_year(load_ctx *c, size_t row, const char *s, size_t len,
                       unsigned long line, size_t f)
{
    double v;
    char shown[80];
    c->sv->year[row] = 0;
    if (!s) {
        lbad(c, line, f, TRYGG_ERR_INVALID, "blank '%s' (needed as year)%s%s",
             c->sv->def->roles[TRYGG_ROLE_YEAR], "", "");
        return;
    }
    if (parse_number(c, s, len, &v) != 0 || v != floor(v) || v < 1900 ||
        v > 2200) {
        show(shown, sizeof shown, s ? s : "", s ? len : 0);
        lbad(c, line, f, TRYGG_ERR_INVALID, "year '%s' is not a year (expected "
             "four digits, e.g. 2024)%s%s", shown, "", "");
        return;
    }
    c->sv->year[row] = (int32_t)v;
    if (c->file_year && (int)v != c->file_year) {
        char fy[16], got[16];
        snprintf(fy, sizeof fy, "%d", c->file_year);
        snprintf(got, sizeof got, "%d", (int)v);
        lbad(c, line, f, TRYGG_ERR_INVALID, "year %s disagrees with the file "
             "name, which says %s%s", got, fy, "");
    }
}

static void store_general(load_ctx *c, size_t row, const char *s, size_t len,
                          unsigned long line, size_t f)
{
    for (int k = 0; c->map[f][k] >= 0; k++) {
        trygg_column *col = &c->sv->cols[c->map[f][k]];
        if (!s && col->required_nonblank) {
            lbad(c, line, f + 1, TRYGG_ERR_INVALID, "blank '%s' (needed "
                 "as %s)%s", col->name, col->why, "");
        }
        if (col->kind == TRYGG_COL_NUM)
            store_num(c, col, row, s, len, line, f + 1);
        else if (col->kind == TRYGG_COL_CODE)
            store_code(c, col, row, s, len, line, f + 1);
        else if (col->kind == TRYGG_COL_TEXT)
            store_text(c, col, row, s, len, line, f + 1);
        else
            store_cat(c, col, row, s, len, line, f + 1);
    }
}

/* ---- the row being read ---------------------------------------------- */

/* Keeps a copy of field f for the end of the row. */
NOINLINE static int save_field(load_ctx *c, size_t f, const char *s, size_t len)
{
    if (c->nsaved == c->saved_cap) {
        size_t nc = c->saved_cap ? 2 * c->saved_cap : 64;
        saved_field *ns = realloc(c->saved, nc * sizeof *ns);
        if (!ns)
            return c->st = TRYGG_ERR_NOMEM, 1;
        c->saved = ns;
        c->saved_cap = nc;
    }
    if (c->nbytes + len + 1 > c->bytes_cap) {
        size_t nc = c->bytes_cap ? c->bytes_cap : 4096;
        while (nc < c->nbytes + len + 1)
            nc *= 2;
        char *nb = realloc(c->bytes, nc);
        if (!nb)
            return c->st = TRYGG_ERR_NOMEM, 1;
        c->bytes = nb;
        c->bytes_cap = nc;
    }
    c->saved[c->nsaved++] = (saved_field){f, c->nbytes, s ? len : 0, !s};
    if (s)
        memcpy(c->bytes + c->nbytes, s, len);
    c->bytes[c->nbytes + (s ? len : 0)] = 0;
    c->nbytes += (s ? len : 0) + 1;
    return 0;
}

static const char *saved_text(const load_ctx *c, const saved_field *sf)
{
    return sf->blank ? NULL : c->bytes + sf->off;
}

/* A row that is no respondent leaves no names behind: the names it added
 * (the newest of their dictionaries) go again. */
static void forget_row(load_ctx *c)
{
    for (size_t i = c->ngrown; i-- > 0;)
        trygg_dict_pop(c->grown[i]);
    if (c->text_col)
        c->text_col->text_len = c->text_kept;
    if (c->ngrown)
        for (size_t f = 0; f < c->nheader; f++)
            forget_seen(&c->ops[f]);
    c->ngrown = 0;
    c->nsaved = 0;
    c->nbytes = 0;
}

/* ---- fast paths: a value stored as the general path would, or 0 ------- */

NOINLINE static int fast_cat(load_ctx *c, field_op *op, size_t row,
                             const char *s, size_t len)
{
    trygg_column *col = op->col;
    name_seen *seen = s && len ? &op->seen[seen_slot(s, len)] : NULL;
    if (seen && len == seen->len && same_bytes(s, seen->name, len)) {
        col->cat[row] = seen->idx;
        return 1;
    }
    if (!s && col->required_nonblank)
        return 0;
    if (!s)
        s = "", len = 0;
    uint32_t idx, h = trygg_dict_hash(s, len);
    long known = trygg_dict_find_hashed(&col->dict, s, len, h);
    if (known >= 0) {  /* only valid UTF-8 is ever stored */
        col->cat[row] = (uint32_t)known;
        if (len) {
            *seen = (name_seen){col->dict.names[known], len, (uint32_t)known};
        }
        return 1;
    }
    if (trygg_utf8_valid(s, len) != len || needs_nfc(s, len))
        return 0;  /* the message, or the NFC form, comes from the general path */
    trygg_status st = trygg_dict_add_hashed(&col->dict, s, len, h, &idx);
    if (st != TRYGG_OK) {
        c->st = st;
        return 1;
    }
    c->grown[c->ngrown++] = &col->dict;
    col->cat[row] = idx;
    if (len) {
        *seen = (name_seen){col->dict.names[idx], len, idx};
    }
    return 1;
}

static int num_ok(const field_op *op, double v)
{
    if (op->check == CHECK_WEIGHT)
        return v > 0 && v <= 1e12;
    return op->check != CHECK_FPC || v > 0;
}

NOINLINE static int fast_num(load_ctx *c, field_op *op, size_t row,
                             const char *s, size_t len)
{
    double v;
    if (s && fast_number(s, len, c->decimal, &v) == 0 && num_ok(op, v)) {
        op->col->num[row] = v;
        return 1;
    }
    if (!s && !op->col->required_nonblank) {
        op->col->num[row] = NAN;
        return 1;
    }
    return 0;
}

static int fast_field(load_ctx *c, field_op *op, size_t row, const char *s,
                      size_t len)
{
    switch (op->kind) {
    case OP_SKIP:
        return 1;
    case OP_CODE:
        if (s && len == 1 &&
            op->col->code1[(unsigned char)s[0]] != TRYGG_CODE_MISSING) {
            op->col->code[row] = op->col->code1[(unsigned char)s[0]];
            return 1;
        }
        if (!s && !op->col->required_nonblank) {
            op->col->code[row] = TRYGG_CODE_MISSING;
            return 1;
        }
        return 0;
    case OP_NUM:
        return fast_num(c, op, row, s, len);
    case OP_CAT:
        return fast_cat(c, op, row, s, len);
    case OP_TEXT:
        return s && trygg_utf8_valid(s, len) == len &&
               trygg_column_put_text(op->col, row, s, len) == TRYGG_OK;
    case OP_GENERAL:
        break;
    }
    return 0;
}

NOINLINE static int fast_year(load_ctx *c, size_t row, const char *s,
                              size_t len)
{
    if (!s || len != 4 || (unsigned)(s[0] - '0') > 9 ||
        (unsigned)(s[1] - '0') > 9 || (unsigned)(s[2] - '0') > 9 ||
        (unsigned)(s[3] - '0') > 9)
        return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
            (s[3] - '0');
    if (y < 1900 || y > 2200 || (c->file_year && y != c->file_year))
        return 0;
    c->sv->year[row] = y;
    return 1;
}

/* ---- rows of another year (a survey of one year) ---------------------- */

/* 1 when the row's year is plainly another year than the survey's: four
 * digits, a year. Anything else goes the usual way and is checked. */
static int other_year(const load_ctx *c, const char *s, size_t len)
{
    if (!s || len != 4)
        return 0;
    int y = 0;
    for (size_t i = 0; i < 4; i++) {
        if ((unsigned)(s[i] - '0') > 9)
            return 0;
        y = y * 10 + (s[i] - '0');
    }
    return y >= 1900 && y <= 2200 && y != c->sv->only_year;
}

static int feeds_names(const load_ctx *c, size_t f)
{
    for (int k = 0; c->map[f][k] >= 0; k++)
        if (c->sv->cols[c->map[f][k]].kind == TRYGG_COL_CAT)
            return 1;
    return 0;
}

/* A field of another year's row: only a name is taken. */
static void name_field(load_ctx *c, size_t f, const char *s, size_t len)
{
    field_op *op = &c->ops[f];
    if (op->kind == OP_CAT ? !fast_cat(c, op, c->sv->nrows, s, len)
                           : op->kind == OP_GENERAL && feeds_names(c, f))
        save_field(c, f, s, len);
}

/* The end of another year's row: its names stay, nothing else does. In a
 * file of another year, what is wrong with a name is not the survey's
 * concern either (the file is not read for its rows). */
static int skipped_row_end(load_ctx *c, unsigned long line)
{
    trygg_errors *keep = c->err;
    trygg_status st = c->st;
    if (c->names_only)
        c->err = NULL;
    for (size_t i = 0; i < c->nsaved; i++) {
        const saved_field *sf = &c->saved[i];
        for (int k = 0; sf->f != YEAR_FIELD && c->map[sf->f][k] >= 0; k++) {
            trygg_column *col = &c->sv->cols[c->map[sf->f][k]];
            if (col->kind == TRYGG_COL_CAT)
                store_cat(c, col, c->sv->nrows, saved_text(c, sf), sf->len, line,
                          sf->f + 1);
        }
    }
    c->err = keep;
    if (c->names_only && c->st != TRYGG_ERR_NOMEM)
        c->st = st;
    if (c->text_col)
        c->text_col->text_len = c->text_kept;
    c->ngrown = 0;
    c->nsaved = 0;
    c->nbytes = 0;
    c->skipped++;
    return stop_now(c);
}

/* ---- rows ------------------------------------------------------------- */

static int header_end(load_ctx *c, size_t nfields, unsigned long line)
{
    const char **field = malloc((nfields + 1) * sizeof *field);
    size_t *len = malloc((nfields + 1) * sizeof *len);
    int stop;
    if (!field || !len) {
        c->st = TRYGG_ERR_NOMEM;
        stop = 1;
    } else {
        for (size_t i = 0; i < nfields; i++) {
            field[i] = saved_text(c, &c->saved[i]);
            len[i] = c->saved[i].len;
        }
        trygg_csv_row r = {nfields, field, len, line, 0};
        stop = header_row(c, &r);
    }
    free(field);
    free(len);
    c->nsaved = 0;
    c->nbytes = 0;
    size_t rows = c->len / (nfields ? nfields : 1) + 1;
    if (rows > c->max_rows)
        rows = c->max_rows;
    if (c->names_only)
        rows = 1;   /* one row's room, for the names on their way */
    if (!stop && (!(c->grown = malloc((c->sv->ncols + nfields + 1) * sizeof *c->grown)) ||
                  trygg_survey_reserve(c->sv, rows) != TRYGG_OK)) {
        c->st = TRYGG_ERR_NOMEM;
        stop = 1;
    }
    return stop;
}

/* Everything but a coded answer's one-byte code (on_field's own path).
 * Out of memory ends the read at the end of the row. */
NOINLINE static void field_rest(load_ctx *c, size_t f, const char *s,
                                size_t len)
{
    if (c->st == TRYGG_ERR_NOMEM)
        return;
    if (!c->have_header) {
        save_field(c, f, s, len);
        return;
    }
    if (f >= c->nheader)
        return;  /* the row is too long: reported at its end */
    size_t row = c->sv->nrows;  /* room made at the end of the last row */
    if ((long)f == c->year_field && c->sv->only_year && !c->file_year && !c->skip_row)
        c->skip_row = other_year(c, s, len);
    if (c->skip_row) {
        name_field(c, f, s, len);
        return;
    }
    if ((long)f == c->year_field && !fast_year(c, row, s, len) &&
        save_field(c, YEAR_FIELD, s, len))
        return;
    if (!fast_field(c, &c->ops[f], row, s, len))
        save_field(c, f, s, len);
}

/* Field f of a data row goes straight into the columns when a fast path
 * takes it; else it waits, copied, for the end of the row, where the
 * general path stores it and says what is wrong, in field order. */
static void on_field(void *ctx, size_t f, const char *s, size_t len)
{
    load_ctx *c = ctx;
    if (c->have_header && f < c->nheader && len == 1 && s &&
        c->ops[f].kind == OP_CODE && (long)f != c->year_field) {
        trygg_column *col = c->ops[f].col;
        uint8_t k = col->code1[(unsigned char)s[0]];
        if (k != TRYGG_CODE_MISSING) {
            col->code[c->sv->nrows] = k;
            return;
        }
    }
    field_rest(c, f, s, len);
}

static int row_end(load_ctx *c, size_t nfields, unsigned long line)
{
    trygg_survey *sv = c->sv;
    size_t row = sv->nrows;
    const saved_field *year = NULL;
    for (size_t i = 0; i < c->nsaved; i++) {
        const saved_field *sf = &c->saved[i];
        if (sf->f == YEAR_FIELD)
            year = sf;
        else
            store_general(c, row, saved_text(c, sf), sf->len, line, sf->f);
    }
    if (c->year_field < 0) {
        sv->year[row] = 0;  /* a survey without a year column is one "year 0" */
    } else if (year) {
        sv->year[row] = 0;
        store_year(c, row, saved_text(c, year), year->len, line,
                   (size_t)c->year_field + 1);
    }
    (void)nfields;
    sv->file[row] = (uint32_t)c->file_index;
    sv->line[row] = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
    sv->nrows++;
    c->rows++;
    c->ngrown = 0;
    c->nsaved = 0;
    c->nbytes = 0;
    if (c->text_col)
        c->text_kept = c->text_col->text_len;
    if (trygg_survey_reserve(sv, 1) != TRYGG_OK)
        return c->st = TRYGG_ERR_NOMEM, 1;
    return stop_now(c);
}

static int on_row(void *ctx, size_t nfields, size_t nfilled, unsigned long line)
{
    load_ctx *c = ctx;
    if (c->st == TRYGG_ERR_NOMEM)
        return 1;
    if (!c->have_header)
        return header_end(c, nfields, line);
    int skip = c->skip_row;
    c->skip_row = c->names_only;
    if (nfilled == 0) {
        forget_row(c);
        return 0;  /* an empty line, or Excel's ",,,,": no respondent */
    }
    if (nfields != c->nheader && c->names_only) {
        forget_row(c);
        return 0;
    }
    if (nfields != c->nheader) {
        forget_row(c);
        char got[24], want[24];
        snprintf(got, sizeof got, "%zu", nfields);
        snprintf(want, sizeof want, "%zu", c->nheader);
        lbad(c, line, nfields < c->nheader ? nfields : c->nheader + 1,
             TRYGG_ERR_PARSE, "row has %s fields, the header has %s%s", got,
             want, "");
        return stop_now(c);
    }
    return skip ? skipped_row_end(c, line) : row_end(c, nfields, line);
}

/* ---- the file -------------------------------------------------------- */

static int year_of_name(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    for (int i = 0; i < 4; i++)
        if (!isdigit((unsigned char)base[i]))
            return 0;
    if (base[4] != '_' && base[4] != '-' && base[4] != '.')
        return 0;
    return atoi(base);
}

static trygg_status add_file(trygg_survey *sv, const char *path, load_ctx *c)
{
    trygg_file_info *nf = realloc(sv->files, (sv->nfiles + 1) * sizeof *nf);
    if (!nf)
        return TRYGG_ERR_NOMEM;
    sv->files = nf;
    trygg_file_info *fi = &sv->files[sv->nfiles];
    memset(fi, 0, sizeof *fi);
    if (!(fi->path = strdup(path)))
        return TRYGG_ERR_NOMEM;
    fi->first_row = sv->nrows;
    c->file_index = sv->nfiles++;
    return TRYGG_OK;
}

static void detect_dialect(load_ctx *c, const trygg_definition *def,
                           const char *data, size_t len, trygg_file_info *fi)
{
    const char *d = data;
    int bom = len >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0;
    c->sep = def->separator ? def->separator
                            : trygg_csv_sniff_separator(d + 3 * bom, len - 3 * bom);
    c->decimal = def->decimal ? def->decimal : (c->sep == ';' ? ',' : '.');
    const char *nl = memchr(d, '\n', len);
    int crlf = nl && nl > d && nl[-1] == '\r';
    snprintf(fi->dialect, sizeof fi->dialect, "separator '%c'%s, decimal '%c'%s,"
             " %s%s", c->sep, def->separator ? "" : " (detected)", c->decimal,
             def->decimal ? "" : " (detected)", crlf ? "CRLF" : "LF",
             bom ? ", UTF-8 BOM" : "");
}

/* Lines that are not blank in `data`: the rows it can hold at most (unless
 * its lines end in CR alone). Room for them up front spares growing the
 * columns; the header then caps it by the bytes a row needs (one per
 * field). */
static size_t count_lines(const char *data, size_t len)
{
    size_t n = 1;
    for (const char *p = data, *end = data + len;
         (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
        n += p + 1 < end && p[1] != '\n' && p[1] != '\r';
    return n;
}

/* The rows of a file of `size` bytes whose first `len` bytes are `first`
 * (all of it when `whole`): counted, or, for a file read a piece at a
 * time, extrapolated from the first piece with a little to spare (the
 * columns grow past it if need be). */
static size_t expected_rows(const char *first, size_t len, size_t size, int whole)
{
    size_t lines = count_lines(first, len);
    if (whole || len == 0)
        return lines;
    double est = (double)lines * ((double)size / (double)len) * 1.05 + 16;
    return est < (double)size ? (size_t)est : size + 1;
}

/* The file's first piece: UTF-16 refused, the dialect, the rows to expect. */
static trygg_status on_first(void *ctx, const char *data, size_t len, size_t size,
                             int whole, char *sep)
{
    load_ctx *c = ctx;
    if (len >= 2 && ((unsigned char)data[0] == 0xFF || (unsigned char)data[0] == 0xFE) &&
        ((unsigned char)data[1] == 0xFE || (unsigned char)data[1] == 0xFF)) {
        trygg_errors_add(c->err, c->path, 1, 1, "the file is UTF-16 (as Excel's "
                         "\"Unicode text\"): save it as \"CSV UTF-8\"");
        return TRYGG_ERR_PARSE;
    }
    detect_dialect(c, c->sv->def, data, len, &c->sv->files[c->file_index]);
    c->max_rows = expected_rows(data, len, size, whole);
    c->len = size;
    *sep = c->sep;
    return TRYGG_OK;
}

static trygg_status parse_begin(load_ctx *c, trygg_survey *sv, const char *path,
                                trygg_errors *err)
{
    *c = (load_ctx){.sv = sv, .err = err, .path = path,
                    .file_year = year_of_name(path)};
    c->names_only = sv->only_year && c->file_year && c->file_year != sv->only_year;
    if (sv->role_col[TRYGG_ROLE_ID] >= 0) {
        c->text_col = &sv->cols[sv->role_col[TRYGG_ROLE_ID]];
        c->text_kept = c->text_col->text_len;
    }
    return add_file(sv, path, c);
}

static trygg_status parse_end(load_ctx *c, trygg_status st)
{
    forget_row(c);  /* a row cut short by an error in the CSV itself */
    if (st == TRYGG_OK && !c->have_header) {
        trygg_errors_add(c->err, c->path, 1, 0, "empty file: expected a header "
                         "row and one row per respondent");
        st = TRYGG_ERR_PARSE;
    } else if (st == TRYGG_OK && c->st == TRYGG_OK && c->rows == 0 &&
               !c->skipped && !c->names_only) {
        trygg_errors_add(c->err, c->path, 2, 0, "the file has a header but no "
                         "respondents");
        st = TRYGG_ERR_INVALID;
    }
    free(c->map);
    free(c->ops);
    free(c->saved);
    free(c->bytes);
    free(c->grown);
    c->sv->files[c->file_index].rows = c->rows;
    return st != TRYGG_OK ? st : c->st;
}

trygg_status trygg_survey_parse_file(trygg_survey *sv, const char *path,
                                     const char *data, size_t len,
                                     trygg_errors *err)
{
    if (trygg_stat_kind_of(path) != TRYGG_STAT_NONE)
        return trygg_survey_parse_stat(sv, path, data, len, err);
    load_ctx c;
    trygg_status st = parse_begin(&c, sv, path, err);
    if (st != TRYGG_OK)
        return st;
    char sep;
    st = on_first(&c, data, len, len, 1, &sep);
    const trygg_csv_stream_fns fns = {on_field, on_row};
    if (st == TRYGG_OK)
        st = trygg_csv_stream(path, data, len, sep, &fns, &c, err);
    return parse_end(&c, st);
}

trygg_status trygg_survey_parse_path(trygg_survey *sv, const char *path,
                                     size_t max_bytes, trygg_errors *err)
{
    if (trygg_stat_kind_of(path) != TRYGG_STAT_NONE)
        return trygg_survey_parse_stat(sv, path, NULL, 0, err);
    load_ctx c;
    trygg_status st = parse_begin(&c, sv, path, err);
    if (st != TRYGG_OK)
        return st;
    int done = 0;
    if (c.names_only) {
        st = trygg_survey_skim_names(sv, path, max_bytes, &done, err);
        c.have_header = done;
    }
    const trygg_csv_stream_fns fns = {on_field, on_row};
    if (st == TRYGG_OK && !done)
        st = trygg_csv_read_path(path, max_bytes, on_first, &fns, &c, err);
    return parse_end(&c, st);
}

/* ---- rows from another reader (SPSS and Stata files) ------------------ */

struct trygg_row_sink {
    load_ctx c;
};

trygg_status trygg_row_sink_new(trygg_survey *sv, const char *path,
                                const char *dialect, size_t expected_rows,
                                trygg_errors *err, trygg_row_sink **out)
{
    *out = NULL;
    trygg_row_sink *k = calloc(1, sizeof *k);
    if (!k)
        return TRYGG_ERR_NOMEM;
    trygg_status st = parse_begin(&k->c, sv, path, err);
    if (st != TRYGG_OK) {
        free(k);
        return st;
    }
    k->c.sep = ',';
    k->c.decimal = '.';  /* numbers come as C text */
    k->c.max_rows = expected_rows ? expected_rows : 1024;
    /* the header's guess from the bytes (a byte a field) then gives the
     * expected rows, whatever the number of variables */
    k->c.len = k->c.max_rows * TRYGG_CSV_MAX_FIELDS;
    snprintf(sv->files[k->c.file_index].dialect,
             sizeof sv->files[k->c.file_index].dialect, "%s", dialect);
    *out = k;
    return TRYGG_OK;
}

void trygg_row_sink_field(trygg_row_sink *k, size_t index, const char *s,
                          size_t len)
{
    on_field(&k->c, index, s, len);
}

int trygg_row_sink_row(trygg_row_sink *k, size_t nfields, unsigned long line)
{
    /* a case is a respondent even when every value is blank: only CSV has
     * empty lines to skip */
    return on_row(&k->c, nfields, nfields ? nfields : 1, line);
}

void trygg_row_sink_bad(trygg_row_sink *k, unsigned long line, size_t column,
                        trygg_status st, const char *message)
{
    lbad(&k->c, line, column, st, "%s%s%s", message, "", "");
}

trygg_status trygg_row_sink_end(trygg_row_sink *k, trygg_status st)
{
    if (!k)
        return st;
    if (k->c.have_header || st == TRYGG_OK)
        st = parse_end(&k->c, st);
    else
        parse_end(&k->c, TRYGG_ERR_PARSE);  /* no header: the reader said why */
    free(k);
    return st;
}
