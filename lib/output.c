/* Writing result tables as CSV or JSON, through output groups (outfile.c):
 * a temporary file in the target's folder, renamed into place only when
 * complete. Text is made safe here, once for every table: CSV cells that
 * a spreadsheet would run as a formula are neutralised, JSON is escaped
 * and always valid UTF-8. */
#include "results_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format_g17.h"
#include "outfile_internal.h"
#include "output_internal.h"
#include "text_internal.h"

/* OWASP's rule for CSV injection: Excel, LibreOffice and Sheets run a
 * cell that starts with one of these as a formula ("=HYPERLINK(...)",
 * "=cmd|' /C calc'!A0", "@SUM(...)"); a leading ' makes it text. Only
 * text cells: numbers are written by put_num and never start with it. */
int trygg_csv_formula_like(const char *v)
{
    return v[0] && strchr("=+-@\t\r", v[0]) != NULL;
}

void trygg_csv_put_text(FILE *f, const char *v, int quote_semicolon)
{
    const char *pre = trygg_csv_formula_like(v) ? "'" : "";
    if (!strpbrk(v, quote_semicolon ? ",;\"\r\n" : ",\"\r\n")) {
        fputs(pre, f);
        fputs(v, f);
        return;
    }
    fputc('"', f);
    fputs(pre, f);
    for (const char *p = v; *p; p++) {
        if (*p == '"')
            fputc('"', f);
        fputc(*p, f);
    }
    fputc('"', f);
}

/* The JSON escape of the character of `n` bytes at p, or NULL when it
 * goes out as it is: quotes, backslashes, every control character (C0,
 * DEL, C1) and U+2028/U+2029 (line ends to JavaScript) escaped; a byte
 * that is not UTF-8 (the loader lets none in) becomes U+FFFD. */
static const char *json_escape(const unsigned char *p, size_t n, char buf[8])
{
    if (n == 0)
        return "\\ufffd";
    if (p[0] == '"')
        return "\\\"";
    if (p[0] == '\\')
        return "\\\\";
    unsigned c = p[0] < 0x80 ? p[0] : n == 2 ? ((p[0] & 0x1Fu) << 6 | (p[1] & 0x3Fu))
                 : n == 3 ? ((p[0] & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu))
                          : 0x10000;
    if (c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0x2028 || c == 0x2029) {
        snprintf(buf, 8, "\\u%04x", c);
        return buf;
    }
    return NULL;
}

void trygg_json_put_text(FILE *f, const char *v)
{
    const unsigned char *p = (const unsigned char *)v, *run = p;
    size_t left = strlen(v);
    fputc('"', f);
    while (left) {
        size_t n = *p < 0x80 ? 1 : trygg_utf8_char((const char *)p, left);
        char buf[8];
        const char *esc = *p >= 0x20 && *p < 0x7F && *p != '"' && *p != '\\'
                              ? NULL : json_escape(p, n, buf);
        if (esc) {
            fwrite(run, 1, (size_t)(p - run), f);
            fputs(esc, f);
        }
        n = n ? n : 1;
        p += n;
        left -= n;
        if (esc)
            run = p;
    }
    fwrite(run, 1, (size_t)(p - run), f);
    fputc('"', f);
}

static void put_text(trygg_sink *s, const char *v)
{
    if (s->fmt == TRYGG_FORMAT_JSON)
        trygg_json_put_text(s->f, v);
    else
        trygg_csv_put_text(s->f, v, 1);
}

static void put_num(trygg_sink *s, double v, int blank)
{
    if (blank || !isfinite(v))
        fputs(s->fmt == TRYGG_FORMAT_JSON ? "null" : "", s->f);
    else {
        char buf[TRYGG_G17_SIZE];
        fwrite(buf, 1, trygg_format_g17(buf, v), s->f);
    }
}

/* A count or a year: "%.0f" of the value, without printf for the whole
 * numbers it nearly always is. */
static void put_int(trygg_sink *s, double v)
{
    if (!isfinite(v)) {
        put_num(s, v, 1);   /* never "nan" in JSON */
        return;
    }
    if (!(v == floor(v) && fabs(v) < 1e15)) {
        fprintf(s->f, "%.0f", v);
        return;
    }
    char buf[24], *p = buf + sizeof buf;
    uint64_t u = (uint64_t)fabs(v);
    do
        *--p = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (signbit(v))
        *--p = '-';   /* "-0" too, as printf */
    fwrite(p, 1, (size_t)(buf + sizeof buf - p), s->f);
}

void trygg_out_flags(unsigned f, char *buf, size_t size)
{
    static const char *const names[] = {"suppressed", "unstable", "empty",
                                        "complementary", "degenerate", "low_n",
                                        "high_cv"};
    buf[0] = 0;
    /* a suppressed cell says no more: whether it is hidden for its own
     * count or as a complement, empty, unstable (and why) or degenerate (a
     * share of 0 or 1) would narrow it down */
    if (f & TRYGG_FLAG_SUPPRESSED)
        f = TRYGG_FLAG_SUPPRESSED;
    for (int i = 0; i < 7; i++)
        if (f & (1u << i)) {
            if (buf[0])
                strncat(buf, "|", size - strlen(buf) - 1);
            strncat(buf, names[i], size - strlen(buf) - 1);
        }
}

void trygg_out_row(trygg_sink *s, const trygg_field *f, size_t n, int blank)
{
    if (s->fmt == TRYGG_FORMAT_JSON)
        fputs(s->first_row ? "\n  {" : ",\n  {", s->f);
    s->first_row = 0;
    for (size_t i = 0; i < n; i++) {
        if (s->fmt == TRYGG_FORMAT_JSON)
            fprintf(s->f, "%s\"%s\": ", i ? ", " : "", f[i].name);
        else if (i)
            fputc(',', s->f);
        if (f[i].kind == 't')
            put_text(s, f[i].text);
        else if (f[i].kind == 'i')
            put_int(s, f[i].num);
        else
            put_num(s, f[i].num, f[i].kind == 'b' && blank);
    }
    fputs(s->fmt == TRYGG_FORMAT_JSON ? "}" : "\n", s->f);
}

void trygg_out_header(trygg_sink *s, const trygg_field *f, size_t n)
{
    if (s->fmt == TRYGG_FORMAT_JSON) {
        fputs("[", s->f);
        s->first_row = 1;
        return;
    }
    for (size_t i = 0; i < n; i++)
        fprintf(s->f, "%s%s", i ? "," : "", f[i].name);
    fputc('\n', s->f);
}

const char *trygg_variance_name(trygg_variance v)
{
    static const char *const names[] = {"linearization", "jk1", "jkn", "bootstrap"};
    return v >= 0 && (size_t)v < sizeof names / sizeof *names ? names[v] : "";
}

size_t trygg_out_estimate_fields(const trygg_estimate_row *x, trygg_field *f, char *flags)
{
    trygg_out_flags(x->flags, flags, 96);
    trygg_field v[] = {
        {"year", 'i', NULL, x->year},
        {"weighting", 't', trygg_weighting_name(x->weighting), 0},
        {"level", 't', x->level, 0},
        {"domain", 't', x->domain, 0},
        {"indicator", 't', x->indicator, 0},
        {"estimate", 'b', NULL, x->estimate},
        {"se", 'b', NULL, x->se},
        {"ci_low", 'b', NULL, x->ci_low},
        {"ci_high", 'b', NULL, x->ci_high},
        {"ci_method", 't', trygg_ci_method_name(x->ci_method, x->is_share), 0},
        {"n", 'b', NULL, x->n},
        {"df", 'n', NULL, x->df},
        {"deff", 'b', NULL, x->deff},
        {"cv", 'b', NULL, x->cv},
        {"flag", 't', flags, 0},
        {"parent_level", 't', x->parent_level, 0},
        {"parent", 't', x->parent, 0},
        {"weighted_n", 'b', NULL, x->weighted_n},
        {"n_excluded", 'b', NULL, x->n_excluded},
        {"n_missing", 'b', NULL, x->n_missing},
        {"confidence", 'n', NULL, x->confidence},
        {"variance", 't', trygg_variance_name(x->variance), 0},
    };
    memcpy(f, v, sizeof v);
    return sizeof v / sizeof *v;
}

trygg_status trygg_out_table_to(trygg_output_group *g, const char *path,
                                trygg_format fmt, const void *table, size_t count,
                                trygg_row_fields fields, trygg_errors *err)
{
    trygg_sink s = {.fmt = fmt};
    trygg_status st = trygg_output_group_open(g, path, &s.f, err);
    if (st != TRYGG_OK)
        return st;
    trygg_field f[64];
    char flags[96];
    int blank;
    trygg_out_header(&s, f, fields(table, SIZE_MAX, f, flags, &blank));
    for (size_t i = 0; i < count; i++) {
        size_t n = fields(table, i, f, flags, &blank);
        trygg_out_row(&s, f, n, blank);
    }
    if (fmt == TRYGG_FORMAT_JSON)
        fputs("\n]\n", s.f);
    return trygg_output_group_finish(g, path, err);
}

trygg_status trygg_out_table(const char *path, trygg_format fmt, const void *table,
                             size_t count, trygg_row_fields fields,
                             trygg_errors *err)
{
    trygg_output_group *g;
    trygg_status st = trygg_output_group_new(&g);
    if (st != TRYGG_OK)
        return st;
    st = trygg_out_table_to(g, path, fmt, table, count, fields, err);
    if (st == TRYGG_OK)
        st = trygg_output_group_commit(g, err);
    trygg_output_group_free(g);
    return st;
}

static size_t results_row(const void *t, size_t i, trygg_field *f, char *flags,
                          int *blank)
{
    trygg_estimate_row none = {0};
    none.level = none.domain = none.indicator = none.parent = none.parent_level = "";
    const trygg_estimate_row *x = i == SIZE_MAX ? &none
                                  : &((const trygg_results *)t)->rows[i];
    *blank = (x->flags & TRYGG_FLAG_SUPPRESSED) != 0;
    return trygg_out_estimate_fields(x, f, flags);
}

trygg_status trygg_results_write(const trygg_results *r, const char *path,
                                 trygg_format fmt, trygg_errors *err)
{
    return trygg_out_table(path, fmt, r, r->count, results_row, err);
}

trygg_status trygg_results_write_to(const trygg_results *r, trygg_output_group *g,
                                    const char *path, trygg_format fmt,
                                    trygg_errors *err)
{
    return trygg_out_table_to(g, path, fmt, r, r->count, results_row, err);
}

size_t trygg_out_change_fields(const trygg_change_row *c, trygg_field *f, char *flags,
                               int contrast)
{
    trygg_out_flags(c->flags, flags, 96);
    trygg_field chg[] = {
        {"year_from", 'i', NULL, c->year_from}, {"year_to", 'i', NULL, c->year_to},
        {"level", 't', c->level, 0}, {"domain", 't', c->domain, 0},
        {"indicator", 't', c->indicator, 0}, {"change", 'b', NULL, c->change},
        {"se", 'b', NULL, c->se}, {"ci_low", 'b', NULL, c->ci_low},
        {"ci_high", 'b', NULL, c->ci_high}, {"p_value", 'b', NULL, c->p_value},
        {"flag", 't', flags, 0},
        {"estimate_from", 'b', NULL, c->estimate_from},
        {"se_from", 'b', NULL, c->se_from}, {"n_from", 'b', NULL, c->n_from},
        {"estimate_to", 'b', NULL, c->estimate_to}, {"se_to", 'b', NULL, c->se_to},
        {"n_to", 'b', NULL, c->n_to}, {"z", 'b', NULL, c->z},
    };
    trygg_field con[] = {
        {"year", 'i', NULL, c->year_to}, {"level", 't', c->level, 0},
        {"domain", 't', c->domain, 0}, {"parent_level", 't', c->other_level, 0},
        {"parent", 't', c->other_domain, 0}, {"indicator", 't', c->indicator, 0},
        {"estimate", 'b', NULL, c->estimate_to},
        {"parent_estimate", 'b', NULL, c->estimate_from},
        {"difference", 'b', NULL, c->change}, {"se", 'b', NULL, c->se},
        {"se_if_independent", 'b', NULL, c->se_if_independent},
        {"ci_low", 'b', NULL, c->ci_low}, {"ci_high", 'b', NULL, c->ci_high},
        {"p_value", 'b', NULL, c->p_value}, {"flag", 't', flags, 0},
    };
    /* then the significance decision and what it rests on, in both */
    trygg_field decision[] = {
        {"p_adjusted", 'b', NULL, c->p_adjusted},
        {"significant", 'b', NULL, c->significant},
        {"adjust", 't', trygg_adjust_name(c->adjust), 0},
        {"alpha", 'n', NULL, c->alpha},
        {"family_size", 'b', NULL, (double)c->family_size},
        {"confidence", 'n', NULL, c->confidence},
        {"variance", 't', trygg_variance_name(c->variance), 0},
    };
    size_t n = contrast ? sizeof con / sizeof *con : sizeof chg / sizeof *chg;
    memcpy(f, contrast ? con : chg, n * sizeof *f);
    memcpy(f + n, decision, sizeof decision);
    return n + sizeof decision / sizeof *decision;
}

static size_t any_change_row(const void *t, size_t i, trygg_field *f, char *flags,
                             int *blank, int contrast)
{
    trygg_change_row none = {0};
    none.level = none.domain = none.indicator = none.other_level = none.other_domain = "";
    const trygg_change_row *x = i == SIZE_MAX ? &none
                                : &((const trygg_changes *)t)->rows[i];
    *blank = (x->flags & TRYGG_FLAG_SUPPRESSED) != 0;
    return trygg_out_change_fields(x, f, flags, contrast);
}

static size_t change_row(const void *t, size_t i, trygg_field *f, char *flags,
                         int *blank)
{
    return any_change_row(t, i, f, flags, blank, 0);
}

static size_t contrast_row(const void *t, size_t i, trygg_field *f, char *flags,
                           int *blank)
{
    return any_change_row(t, i, f, flags, blank, 1);
}

trygg_status trygg_changes_write(const trygg_changes *c, const char *path,
                                 trygg_format fmt, trygg_errors *err)
{
    return trygg_out_table(path, fmt, c, c->count, change_row, err);
}

trygg_status trygg_changes_write_to(const trygg_changes *c, trygg_output_group *g,
                                    const char *path, trygg_format fmt,
                                    trygg_errors *err)
{
    return trygg_out_table_to(g, path, fmt, c, c->count, change_row, err);
}

trygg_status trygg_contrasts_write(const trygg_changes *c, const char *path,
                                   trygg_format fmt, trygg_errors *err)
{
    return trygg_out_table(path, fmt, c, c->count, contrast_row, err);
}

trygg_status trygg_contrasts_write_to(const trygg_changes *c, trygg_output_group *g,
                                      const char *path, trygg_format fmt,
                                      trygg_errors *err)
{
    return trygg_out_table_to(g, path, fmt, c, c->count, contrast_row, err);
}

/* A trend's own columns: a slope per year is no change between two years. */
static size_t trend_fields(const trygg_change_row *c, trygg_field *f, char *flags)
{
    trygg_out_flags(c->flags, flags, 96);
    trygg_field v[] = {
        {"year_from", 'i', NULL, c->year_from}, {"year_to", 'i', NULL, c->year_to},
        {"n_years", 'i', NULL, c->n_years}, {"level", 't', c->level, 0},
        {"domain", 't', c->domain, 0}, {"indicator", 't', c->indicator, 0},
        {"slope_per_year", 'b', NULL, c->change}, {"se", 'b', NULL, c->se},
        {"ci_low", 'b', NULL, c->ci_low}, {"ci_high", 'b', NULL, c->ci_high},
        {"z", 'b', NULL, c->z}, {"p_value", 'b', NULL, c->p_value},
        {"flag", 't', flags, 0},
        {"estimate_from", 'b', NULL, c->estimate_from},
        {"estimate_to", 'b', NULL, c->estimate_to},
    };
    memcpy(f, v, sizeof v);
    return sizeof v / sizeof *v;
}

static size_t trend_row(const void *t, size_t i, trygg_field *f, char *flags, int *blank)
{
    trygg_change_row none = {0};
    none.level = none.domain = none.indicator = none.other_level = none.other_domain = "";
    const trygg_change_row *x = i == SIZE_MAX ? &none
                                : &((const trygg_changes *)t)->rows[i];
    *blank = (x->flags & TRYGG_FLAG_SUPPRESSED) != 0;
    return trend_fields(x, f, flags);
}

trygg_status trygg_trends_write(const trygg_changes *c, const char *path,
                                trygg_format fmt, trygg_errors *err)
{
    return trygg_out_table(path, fmt, c, c->count, trend_row, err);
}

trygg_status trygg_trends_write_to(const trygg_changes *c, trygg_output_group *g,
                                   const char *path, trygg_format fmt, trygg_errors *err)
{
    return trygg_out_table_to(g, path, fmt, c, c->count, trend_row, err);
}
