/* Writing result tables as CSV or JSON, atomically: a temporary file in
 * the target's folder, renamed into place only when complete. */
#include "results_internal.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "errors_internal.h"
#include "format_g17.h"
#include "output_internal.h"

static void put_text(trygg_sink *s, const char *v)
{
    if (s->fmt == TRYGG_FORMAT_JSON) {
        fputc('"', s->f);
        for (const char *p = v; *p; p++) {
            if (*p == '"' || *p == '\\')
                fprintf(s->f, "\\%c", *p);
            else if ((unsigned char)*p < 0x20)
                fprintf(s->f, "\\u%04x", (unsigned char)*p);
            else
                fputc(*p, s->f);
        }
        fputc('"', s->f);
    } else if (strpbrk(v, ",;\"\r\n")) {
        fputc('"', s->f);
        for (const char *p = v; *p; p++) {
            if (*p == '"')
                fputc('"', s->f);
            fputc(*p, s->f);
        }
        fputc('"', s->f);
    } else {
        fputs(v, s->f);
    }
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
                                        "complementary", "degenerate"};
    buf[0] = 0;
    for (int i = 0; i < 5; i++)
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

trygg_status trygg_out_open(const char *path, trygg_format fmt, trygg_sink *s,
                              char **tmp, trygg_errors *err)
{
    s->fmt = fmt;
    *tmp = NULL;
    if (strcmp(path, "-") == 0) {
        s->f = stdout;
        return TRYGG_OK;
    }
    size_t n = strlen(path) + 32;
    *tmp = malloc(n);
    if (!*tmp)
        return TRYGG_ERR_NOMEM;
    snprintf(*tmp, n, "%s.tmp.%ld", path, (long)getpid());
    s->f = fopen(*tmp, "wb");
    if (!s->f) {
        trygg_errors_add(err, path, 0, 0, "cannot write: %s", strerror(errno));
        free(*tmp);
        *tmp = NULL;
        return TRYGG_ERR_IO;
    }
    return TRYGG_OK;
}

trygg_status trygg_out_close(const char *path, trygg_sink *s, char *tmp,
                               trygg_errors *err)
{
    if (s->fmt == TRYGG_FORMAT_JSON)
        fputs("\n]\n", s->f);
    if (!tmp)
        return fflush(s->f) == 0 ? TRYGG_OK : TRYGG_ERR_IO;
    int bad = ferror(s->f);
    bad |= fclose(s->f) != 0;
    if (!bad && rename(tmp, path) != 0)
        bad = 1;
    if (bad) {
        trygg_errors_add(err, path, 0, 0, "cannot write: %s", strerror(errno));
        remove(tmp);
    }
    free(tmp);
    return bad ? TRYGG_ERR_IO : TRYGG_OK;
}

static size_t estimate_fields(const trygg_estimate_row *x, trygg_field *f, char *flags)
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
    };
    memcpy(f, v, sizeof v);
    return sizeof v / sizeof *v;
}

trygg_status trygg_out_table(const char *path, trygg_format fmt, const void *table,
                             size_t count, trygg_row_fields fields,
                             trygg_errors *err)
{
    trygg_sink s;
    char *tmp;
    trygg_status st = trygg_out_open(path, fmt, &s, &tmp, err);
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
    return trygg_out_close(path, &s, tmp, err);
}

static size_t results_row(const void *t, size_t i, trygg_field *f, char *flags,
                          int *blank)
{
    trygg_estimate_row none = {0};
    none.level = none.domain = none.indicator = none.parent = none.parent_level = "";
    const trygg_estimate_row *x = i == SIZE_MAX ? &none
                                  : &((const trygg_results *)t)->rows[i];
    *blank = (x->flags & TRYGG_FLAG_SUPPRESSED) != 0;
    return estimate_fields(x, f, flags);
}

trygg_status trygg_results_write(const trygg_results *r, const char *path,
                                 trygg_format fmt, trygg_errors *err)
{
    return trygg_out_table(path, fmt, r, r->count, results_row, err);
}

static size_t change_fields(const trygg_change_row *c, trygg_field *f, char *flags,
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
    if (contrast) {
        memcpy(f, con, sizeof con);
        return sizeof con / sizeof *con;
    }
    memcpy(f, chg, sizeof chg);
    return sizeof chg / sizeof *chg;
}

static size_t any_change_row(const void *t, size_t i, trygg_field *f, char *flags,
                             int *blank, int contrast)
{
    trygg_change_row none = {0};
    none.level = none.domain = none.indicator = none.other_level = none.other_domain = "";
    const trygg_change_row *x = i == SIZE_MAX ? &none
                                : &((const trygg_changes *)t)->rows[i];
    *blank = (x->flags & TRYGG_FLAG_SUPPRESSED) != 0;
    return change_fields(x, f, flags, contrast);
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

trygg_status trygg_contrasts_write(const trygg_changes *c, const char *path,
                                   trygg_format fmt, trygg_errors *err)
{
    return trygg_out_table(path, fmt, c, c->count, contrast_row, err);
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
