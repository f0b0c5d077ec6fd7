/* Writing result tables as CSV, JSON or workbooks, through output groups
 * (outfile.c): a temporary file in the target's folder, renamed into place
 * only when complete. Text is made safe here, once for every table: CSV
 * cells that a spreadsheet would run as a formula are neutralised, JSON is
 * escaped and always valid UTF-8. The CSV dialect (separator, decimal mark,
 * BOM, line ends) is decided here too, for every CSV trygg writes. */
#include "results_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format_g17.h"
#include "labels_internal.h"
#include "outfile_internal.h"
#include "output_internal.h"
#include "text_internal.h"
#include "xlsx_internal.h"

/* OWASP's rule for CSV injection: Excel, LibreOffice and Sheets run a
 * cell that starts with one of these as a formula ("=HYPERLINK(...)",
 * "=cmd|' /C calc'!A0", "@SUM(...)"); a leading ' makes it text. Only
 * text cells: numbers are written by put_num and never start with it. */
int trygg_csv_formula_like(const char *v)
{
    return v[0] && strchr("=+-@\t\r", v[0]) != NULL;
}

/* The sink's bytes go out in pieces of its buffer: one fwrite for many
 * fields, not a locked stdio call for each separator and number. */
static void sink_flush(trygg_sink *s)
{
    if (s->used)
        fwrite(s->buf, 1, s->used, s->f);
    s->used = 0;
}

static void sink_put(trygg_sink *s, const char *p, size_t n)
{
    if (n > sizeof s->buf - s->used) {
        sink_flush(s);
        if (n > sizeof s->buf) {
            fwrite(p, 1, n, s->f);
            return;
        }
    }
    memcpy(s->buf + s->used, p, n);
    s->used += n;
}

static void sink_putc(trygg_sink *s, char c)
{
    if (s->used == sizeof s->buf)
        sink_flush(s);
    s->buf[s->used++] = c;
}

static void sink_puts(trygg_sink *s, const char *v)
{
    sink_put(s, v, strlen(v));
}

static void csv_text(trygg_sink *s, const char *v, int quote_semicolon)
{
    const char *pre = trygg_csv_formula_like(v) ? "'" : "";
    size_t n = strcspn(v, quote_semicolon ? ",;\"\r\n" : ",\"\r\n");
    if (!v[n]) {
        sink_puts(s, pre);
        sink_put(s, v, n);
        return;
    }
    sink_putc(s, '"');
    sink_puts(s, pre);
    for (const char *p = v; *p; p++) {
        if (*p == '"')
            sink_putc(s, '"');
        sink_putc(s, *p);
    }
    sink_putc(s, '"');
}

void trygg_csv_put_text(FILE *f, const char *v, int quote_semicolon)
{
    trygg_sink s = {.f = f};
    csv_text(&s, v, quote_semicolon);
    sink_flush(&s);
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

static void json_text(trygg_sink *s, const char *v)
{
    const unsigned char *p = (const unsigned char *)v, *run = p;
    size_t left = strlen(v);
    sink_putc(s, '"');
    while (left) {
        size_t n = *p < 0x80 ? 1 : trygg_utf8_char((const char *)p, left);
        char buf[8];
        const char *esc = *p >= 0x20 && *p < 0x7F && *p != '"' && *p != '\\'
                              ? NULL : json_escape(p, n, buf);
        if (esc) {
            sink_put(s, (const char *)run, (size_t)(p - run));
            sink_puts(s, esc);
        }
        n = n ? n : 1;
        p += n;
        left -= n;
        if (esc)
            run = p;
    }
    sink_put(s, (const char *)run, (size_t)(p - run));
    sink_putc(s, '"');
}

void trygg_json_put_text(FILE *f, const char *v)
{
    trygg_sink s = {.f = f};
    json_text(&s, v);
    sink_flush(&s);
}

static void put_text(trygg_sink *s, const char *v)
{
    if (s->fmt == TRYGG_FORMAT_JSON)
        json_text(s, v);
    else
        csv_text(s, v, 1);
}

/* The digits of a number as the dialect writes them: a decimal comma in
 * Swedish CSV ("0,24"; "1,5e-05" as R's read.csv2 and Excel read it). */
static void put_digits(trygg_sink *s, char *buf, size_t n)
{
    if (s->fmt == TRYGG_FORMAT_CSV && s->dialect == TRYGG_CSV_SV)
        for (size_t i = 0; i < n; i++)
            if (buf[i] == '.')
                buf[i] = ',';
    sink_put(s, buf, n);
}

static void put_num(trygg_sink *s, double v, int blank)
{
    if (blank || !isfinite(v))
        sink_puts(s, s->fmt == TRYGG_FORMAT_JSON ? "null" : "");
    else {
        char buf[TRYGG_G17_SIZE];
        put_digits(s, buf, trygg_format_g17(buf, v));
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
    char buf[24], *p = buf + sizeof buf;
    if (!(v == floor(v) && fabs(v) < 1e15)) {
        char big[400];   /* "%.0f" of any double fits */
        int n = snprintf(big, sizeof big, "%.0f", v);
        sink_put(s, big, n > 0 ? (size_t)n : 0);
        return;
    }
    uint64_t u = (uint64_t)fabs(v);
    do
        *--p = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (signbit(v))
        *--p = '-';   /* "-0" too, as printf */
    sink_put(s, p, (size_t)(buf + sizeof buf - p));
}

static char separator(const trygg_sink *s)
{
    return s->dialect == TRYGG_CSV_SV ? ';' : ',';
}

static const char *line_end(const trygg_sink *s)
{
    return s->dialect == TRYGG_CSV_SV ? "\r\n" : "\n";
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
        sink_puts(s, s->first_row ? "\n  {" : ",\n  {");
    s->first_row = 0;
    for (size_t i = 0; i < n; i++) {
        if (s->fmt == TRYGG_FORMAT_JSON) {
            sink_puts(s, i ? ", \"" : "\"");
            sink_puts(s, f[i].name);
            sink_puts(s, "\": ");
        } else if (i) {
            sink_putc(s, separator(s));
        }
        if (f[i].kind == 't')
            put_text(s, f[i].text);
        else if (f[i].kind == 'i')
            put_int(s, f[i].num);
        else
            put_num(s, f[i].num, f[i].kind == 'b' && blank);
    }
    sink_puts(s, s->fmt == TRYGG_FORMAT_JSON ? "}" : line_end(s));
}

void trygg_out_header(trygg_sink *s, const trygg_field *f, size_t n)
{
    if (s->fmt == TRYGG_FORMAT_JSON) {
        sink_puts(s, "[");
        s->first_row = 1;
        return;
    }
    /* the BOM tells Excel the file is UTF-8 (else it reads "Järfälla" as
     * Windows-1252) */
    if (s->dialect == TRYGG_CSV_SV)
        sink_puts(s, "\xEF\xBB\xBF");
    for (size_t i = 0; i < n; i++) {
        if (i)
            sink_putc(s, separator(s));
        sink_puts(s, f[i].name);
    }
    sink_puts(s, line_end(s));
}

void trygg_out_end(trygg_sink *s)
{
    if (s->fmt == TRYGG_FORMAT_JSON)
        sink_puts(s, "\n]\n");
    sink_flush(s);
}

trygg_write_options trygg_write_options_of(trygg_format fmt)
{
    trygg_write_options o;
    trygg_write_options_init(&o);
    o.format = fmt;
    return o;
}

const char *trygg_variance_name(trygg_variance v)
{
    static const char *const names[] = {"linearization", "jk1", "jkn", "bootstrap"};
    return v >= 0 && (size_t)v < sizeof names / sizeof *names ? names[v] : "";
}

/* The label columns of a domain and indicator, beside their ids. */
#define LABELS(r, level, domain, k, name)                                    \
    {"domain_label", 't', trygg_label_area((r)->labels, level, domain), 0, 0},  \
    {"group_label", 't', trygg_label_group((r)->labels, level, domain), 0, 0},  \
    {"indicator_label", 't', trygg_label_indicator((r)->labels, k, name), 0, 0}

size_t trygg_out_estimate_fields(const trygg_estimate_row *x, trygg_field *f, trygg_row *r)
{
    trygg_out_flags(x->flags, r->flags, sizeof r->flags);
    char u = trygg_value_unit(x->is_share);
    trygg_field v[] = {
        {"year", 'i', NULL, x->year, TRYGG_UNIT_YEAR},
        {"weighting", 't', trygg_weighting_name(x->weighting), 0, 0},
        {"level", 't', x->level, 0, 0},
        {"domain", 't', x->domain, 0, 0},
        {"indicator", 't', x->indicator, 0, 0},
        LABELS(r, x->level, x->domain, x->indicator_index, x->indicator),
        {"estimate", 'b', NULL, x->estimate, u},
        {"se", 'b', NULL, x->se, u},
        {"ci_low", 'b', NULL, x->ci_low, u},
        {"ci_high", 'b', NULL, x->ci_high, u},
        {"ci_method", 't', trygg_ci_method_name(x->ci_method, x->is_share), 0, 0},
        {"n", 'b', NULL, x->n, TRYGG_UNIT_COUNT},
        {"df", 'n', NULL, x->df, TRYGG_UNIT_COUNT},
        {"deff", 'b', NULL, x->deff, TRYGG_UNIT_RATIO},
        {"cv", 'b', NULL, x->cv, TRYGG_UNIT_RATIO},
        {"flag", 't', r->flags, 0, 0},
        {"parent_level", 't', x->parent_level, 0, 0},
        {"parent", 't', x->parent, 0, 0},
        {"weighted_n", 'b', NULL, x->weighted_n, TRYGG_UNIT_COUNT},
        {"n_excluded", 'b', NULL, x->n_excluded, TRYGG_UNIT_COUNT},
        {"n_missing", 'b', NULL, x->n_missing, TRYGG_UNIT_COUNT},
        {"confidence", 'n', NULL, x->confidence, TRYGG_UNIT_LEVEL},
        {"variance", 't', trygg_variance_name(x->variance), 0, 0},
    };
    memcpy(f, v, sizeof v);
    return sizeof v / sizeof *v;
}

void trygg_write_options_init(trygg_write_options *o)
{
    memset(o, 0, sizeof *o);
    o->format = TRYGG_FORMAT_CSV;
    o->dialect = TRYGG_CSV_PLAIN;
    o->lang = TRYGG_LANG_SV;
}

#ifndef TRYGG_VERSION
#define TRYGG_VERSION "unknown"   /* set from CMake's project version */
#endif

const char *trygg_version(void) { return TRYGG_VERSION; }

static trygg_status stream_table(trygg_output_group *g, const char *path,
                                 const trygg_table_spec *t, const trygg_write_options *o,
                                 trygg_labels *labels, trygg_errors *err)
{
    trygg_sink s = {.fmt = o->format, .dialect = o->dialect};
    trygg_status st = trygg_output_group_open(g, path, &s.f, err);
    if (st != TRYGG_OK)
        return st;
    trygg_field f[TRYGG_MAX_FIELDS];
    trygg_row r = {.labels = labels};
    trygg_out_header(&s, f, t->fields(t->table, SIZE_MAX, f, &r));
    for (size_t i = 0; i < t->count; i++) {
        size_t n = t->fields(t->table, i, f, &r);
        trygg_out_row(&s, f, n, r.blank);
    }
    trygg_out_end(&s);
    st = trygg_output_group_finish(g, path, err);
    return st == TRYGG_OK && trygg_labels_failed(labels) ? TRYGG_ERR_NOMEM : st;
}

trygg_status trygg_out_table_to(trygg_output_group *g, const char *path,
                                const trygg_table_spec *t, const trygg_write_options *o,
                                trygg_errors *err)
{
    trygg_write_options defaults;
    if (!o) {
        trygg_write_options_init(&defaults);
        o = &defaults;
    }
    if (!g || !path || !t)
        return TRYGG_ERR_ARGUMENT;
    /* labels live as long as the one table whose pooled names they key on */
    trygg_labels *labels = o->def ? trygg_labels_new(o->def, o->lang) : NULL;
    if (o->def && !labels)
        return TRYGG_ERR_NOMEM;
    trygg_status st = o->format == TRYGG_FORMAT_XLSX
                          ? trygg_xlsx_table_to(g, path, t, o, labels, err)
                          : stream_table(g, path, t, o, labels, err);
    trygg_labels_free(labels);
    return st;
}

trygg_status trygg_out_table(const char *path, const trygg_table_spec *t, trygg_format fmt,
                             trygg_errors *err)
{
    trygg_output_group *g;
    trygg_status st = trygg_output_group_new(&g);
    if (st != TRYGG_OK)
        return st;
    trygg_write_options o = trygg_write_options_of(fmt);
    st = trygg_out_table_to(g, path, t, &o, err);
    if (st == TRYGG_OK)
        st = trygg_output_group_commit(g, err);
    trygg_output_group_free(g);
    return st;
}

static size_t results_row(const void *t, size_t i, trygg_field *f, trygg_row *r)
{
    trygg_estimate_row none = {0};
    none.level = none.domain = none.indicator = none.parent = none.parent_level = "";
    const trygg_estimate_row *x = i == SIZE_MAX ? &none
                                  : &((const trygg_results *)t)->rows[i];
    r->blank = (x->flags & TRYGG_FLAG_SUPPRESSED) != 0;
    return trygg_out_estimate_fields(x, f, r);
}

static trygg_table_spec results_spec(const trygg_results *r)
{
    return (trygg_table_spec){"estimates", r, r->count, results_row};
}

trygg_status trygg_results_write(const trygg_results *r, const char *path,
                                 trygg_format fmt, trygg_errors *err)
{
    trygg_table_spec t = results_spec(r);
    return trygg_out_table(path, &t, fmt, err);
}

trygg_status trygg_results_write_to(const trygg_results *r, trygg_output_group *g,
                                    const char *path, trygg_format fmt,
                                    trygg_errors *err)
{
    trygg_write_options o = trygg_write_options_of(fmt);
    return trygg_results_write_with(r, g, path, &o, err);
}

trygg_status trygg_results_write_with(const trygg_results *r, trygg_output_group *g,
                                      const char *path, const trygg_write_options *o,
                                      trygg_errors *err)
{
    trygg_table_spec t = results_spec(r);
    return trygg_out_table_to(g, path, &t, o, err);
}

/* A change of a share is in percentage points, shown as one ("2,3 %"). */
size_t trygg_out_change_fields(const trygg_change_row *c, trygg_field *f, trygg_row *r,
                               int contrast)
{
    trygg_out_flags(c->flags, r->flags, sizeof r->flags);
    char u = trygg_value_unit(trygg_labels_is_share(r->labels, c->indicator_index));
    trygg_field chg[] = {
        {"year_from", 'i', NULL, c->year_from, TRYGG_UNIT_YEAR},
        {"year_to", 'i', NULL, c->year_to, TRYGG_UNIT_YEAR},
        {"level", 't', c->level, 0, 0}, {"domain", 't', c->domain, 0, 0},
        {"indicator", 't', c->indicator, 0, 0},
        LABELS(r, c->level, c->domain, c->indicator_index, c->indicator),
        {"change", 'b', NULL, c->change, u},
        {"se", 'b', NULL, c->se, u}, {"ci_low", 'b', NULL, c->ci_low, u},
        {"ci_high", 'b', NULL, c->ci_high, u},
        {"p_value", 'b', NULL, c->p_value, TRYGG_UNIT_P},
        {"flag", 't', r->flags, 0, 0},
        {"estimate_from", 'b', NULL, c->estimate_from, u},
        {"se_from", 'b', NULL, c->se_from, u},
        {"n_from", 'b', NULL, c->n_from, TRYGG_UNIT_COUNT},
        {"estimate_to", 'b', NULL, c->estimate_to, u}, {"se_to", 'b', NULL, c->se_to, u},
        {"n_to", 'b', NULL, c->n_to, TRYGG_UNIT_COUNT},
        {"z", 'b', NULL, c->z, TRYGG_UNIT_RATIO},
    };
    trygg_field con[] = {
        {"year", 'i', NULL, c->year_to, TRYGG_UNIT_YEAR}, {"level", 't', c->level, 0, 0},
        {"domain", 't', c->domain, 0, 0}, {"parent_level", 't', c->other_level, 0, 0},
        {"parent", 't', c->other_domain, 0, 0}, {"indicator", 't', c->indicator, 0, 0},
        LABELS(r, c->level, c->domain, c->indicator_index, c->indicator),
        {"parent_label", 't', trygg_label_area(r->labels, c->other_level, c->other_domain),
         0, 0},
        {"estimate", 'b', NULL, c->estimate_to, u},
        {"parent_estimate", 'b', NULL, c->estimate_from, u},
        {"difference", 'b', NULL, c->change, u}, {"se", 'b', NULL, c->se, u},
        {"se_if_independent", 'b', NULL, c->se_if_independent, u},
        {"ci_low", 'b', NULL, c->ci_low, u}, {"ci_high", 'b', NULL, c->ci_high, u},
        {"p_value", 'b', NULL, c->p_value, TRYGG_UNIT_P}, {"flag", 't', r->flags, 0, 0},
    };
    /* then the significance decision and what it rests on, in both */
    trygg_field decision[] = {
        {"p_adjusted", 'b', NULL, c->p_adjusted, TRYGG_UNIT_P},
        {"significant", 'b', NULL, c->significant, 0},
        {"adjust", 't', trygg_adjust_name(c->adjust), 0, 0},
        {"alpha", 'n', NULL, c->alpha, TRYGG_UNIT_LEVEL},
        {"family_size", 'b', NULL, (double)c->family_size, TRYGG_UNIT_COUNT},
        {"confidence", 'n', NULL, c->confidence, TRYGG_UNIT_LEVEL},
        {"variance", 't', trygg_variance_name(c->variance), 0, 0},
    };
    size_t n = contrast ? sizeof con / sizeof *con : sizeof chg / sizeof *chg;
    memcpy(f, contrast ? con : chg, n * sizeof *f);
    memcpy(f + n, decision, sizeof decision);
    return n + sizeof decision / sizeof *decision;
}

static const trygg_change_row *change_at(const void *t, size_t i, trygg_change_row *none)
{
    memset(none, 0, sizeof *none);
    none->level = none->domain = none->indicator = none->other_level = "";
    none->other_domain = "";
    return i == SIZE_MAX ? none : &((const trygg_changes *)t)->rows[i];
}

static size_t change_row(const void *t, size_t i, trygg_field *f, trygg_row *r)
{
    trygg_change_row none;
    const trygg_change_row *x = change_at(t, i, &none);
    r->blank = (x->flags & TRYGG_FLAG_SUPPRESSED) != 0;
    return trygg_out_change_fields(x, f, r, 0);
}

static size_t contrast_row(const void *t, size_t i, trygg_field *f, trygg_row *r)
{
    trygg_change_row none;
    const trygg_change_row *x = change_at(t, i, &none);
    r->blank = (x->flags & TRYGG_FLAG_SUPPRESSED) != 0;
    return trygg_out_change_fields(x, f, r, 1);
}

/* A trend's own columns: a slope per year is no change between two years. */
static size_t trend_fields(const trygg_change_row *c, trygg_field *f, trygg_row *r)
{
    trygg_out_flags(c->flags, r->flags, sizeof r->flags);
    char u = trygg_value_unit(trygg_labels_is_share(r->labels, c->indicator_index));
    trygg_field v[] = {
        {"year_from", 'i', NULL, c->year_from, TRYGG_UNIT_YEAR},
        {"year_to", 'i', NULL, c->year_to, TRYGG_UNIT_YEAR},
        {"n_years", 'i', NULL, c->n_years, 0}, {"level", 't', c->level, 0, 0},
        {"domain", 't', c->domain, 0, 0}, {"indicator", 't', c->indicator, 0, 0},
        LABELS(r, c->level, c->domain, c->indicator_index, c->indicator),
        {"slope_per_year", 'b', NULL, c->change, u}, {"se", 'b', NULL, c->se, u},
        {"ci_low", 'b', NULL, c->ci_low, u}, {"ci_high", 'b', NULL, c->ci_high, u},
        {"z", 'b', NULL, c->z, TRYGG_UNIT_RATIO},
        {"p_value", 'b', NULL, c->p_value, TRYGG_UNIT_P},
        {"flag", 't', r->flags, 0, 0},
        {"estimate_from", 'b', NULL, c->estimate_from, u},
        {"estimate_to", 'b', NULL, c->estimate_to, u},
    };
    memcpy(f, v, sizeof v);
    return sizeof v / sizeof *v;
}

static size_t trend_row(const void *t, size_t i, trygg_field *f, trygg_row *r)
{
    trygg_change_row none;
    const trygg_change_row *x = change_at(t, i, &none);
    r->blank = (x->flags & TRYGG_FLAG_SUPPRESSED) != 0;
    return trend_fields(x, f, r);
}

/* The three tables of change rows, each a public writer three ways. */
#define CHANGE_WRITERS(fn, sheet, rowfn)                                               \
    trygg_status trygg_##fn##_write(const trygg_changes *c, const char *path,           \
                                    trygg_format fmt, trygg_errors *err)                \
    {                                                                                   \
        trygg_table_spec t = {sheet, c, c->count, rowfn};                               \
        return trygg_out_table(path, &t, fmt, err);                                     \
    }                                                                                   \
    trygg_status trygg_##fn##_write_with(const trygg_changes *c, trygg_output_group *g, \
                                         const char *path, const trygg_write_options *o, \
                                         trygg_errors *err)                             \
    {                                                                                   \
        trygg_table_spec t = {sheet, c, c->count, rowfn};                               \
        return trygg_out_table_to(g, path, &t, o, err);                                 \
    }                                                                                   \
    trygg_status trygg_##fn##_write_to(const trygg_changes *c, trygg_output_group *g,   \
                                       const char *path, trygg_format fmt,              \
                                       trygg_errors *err)                               \
    {                                                                                   \
        trygg_write_options o = trygg_write_options_of(fmt);                            \
        return trygg_##fn##_write_with(c, g, path, &o, err);                            \
    }

CHANGE_WRITERS(changes, "changes", change_row)
CHANGE_WRITERS(contrasts, "contrasts", contrast_row)
CHANGE_WRITERS(trends, "trends", trend_row)
