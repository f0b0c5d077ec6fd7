/* An SPSS or Stata response file into the survey: its variables are the
 * header and its cases the rows, stored by the CSV loader's own code, so
 * codes, weights, ids, years and strata are checked alike. What only such
 * files have is checked here: SPSS user-missing values are kept as codes
 * (the scale's `valid = 0` leaves them out of denominators), so each must
 * be a code of the item's scale. */
#include "survey_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors_internal.h"
#include "statfile.h"

typedef struct {
    const char *name;
    const trygg_scale *scale;   /* the item's scale, NULL for other columns */
    int reported;               /* its declaration was found wrong already */
} var_info;

typedef struct {
    trygg_survey *sv;
    const char *path;
    trygg_errors *err;
    trygg_row_sink *sink;
    var_info *vars;
    size_t nvars;
    unsigned long rows;         /* cases ended */
    trygg_status st;
} stat_ctx;

static void bad(stat_ctx *c, unsigned long line, size_t column,
                trygg_status st, char *message)
{
    if (!message) {
        c->st = TRYGG_ERR_NOMEM;
        return;
    }
    trygg_row_sink_bad(c->sink, line, column, st, message);
    free(message);
}

/* The text a declared missing value has in the data. */
static void missing_text(const trygg_stat_missing *m, char buf[32])
{
    if (m->text)
        snprintf(buf, 32, "%s", m->text);
    else
        trygg_stat_number_text(m->lo, buf);
}

/* A declared missing value (not a range) that the scale does not have. */
static void check_declared(stat_ctx *c, const trygg_stat_var *v, size_t i)
{
    const trygg_scale *sc = c->vars[i].scale;
    for (size_t k = 0; sc && k < v->nmissing; k++) {
        const trygg_stat_missing *m = &v->missing[k];
        if (!m->text && m->lo != m->hi)
            continue;  /* a range: each value found is checked in the data */
        char code[32];
        if (m->text && strlen(m->text) >= sizeof code)
            continue;  /* longer than any code: the data check names it */
        missing_text(m, code);
        if (trygg_scale_code_find(sc, code, strlen(code)) >= 0)
            continue;
        c->vars[i].reported = 1;
        bad(c, 0, i + 1, TRYGG_ERR_INVALID,
            trygg_strprintf("variable '%s' declares %s user-missing, but scale "
                            "'%s' has no code %s: add it to scales.csv with "
                            "valid = 0", v->name, code, sc->name, code));
    }
}

static int on_variables(void *ctx, const trygg_stat_var *vars, size_t n)
{
    stat_ctx *c = ctx;
    const trygg_definition *def = c->sv->def;
    c->vars = calloc(n + 1, sizeof *c->vars);
    if (!c->vars)
        return c->st = TRYGG_ERR_NOMEM, 1;
    c->nvars = n;
    for (size_t i = 0; i < n; i++) {
        long it = trygg_definition_item_find(def, vars[i].name);
        c->vars[i].name = vars[i].name;
        if (it >= 0)
            c->vars[i].scale = &def->scales[def->items[it].scale];
        check_declared(c, &vars[i], i);
        trygg_row_sink_field(c->sink, i, vars[i].name, strlen(vars[i].name));
    }
    return trygg_row_sink_row(c->sink, n, 0) || c->st != TRYGG_OK;
}

static void on_field(void *ctx, size_t index, const char *s, size_t len,
                     int user_missing)
{
    stat_ctx *c = ctx;
    const var_info *v = index < c->nvars ? &c->vars[index] : NULL;
    if (user_missing && v && v->scale && !v->reported &&
        (v->scale->numeric || trygg_scale_code_find(v->scale, s, len) < 0)) {
        bad(c, c->rows + 1, index + 1, TRYGG_ERR_INVALID,
            v->scale->numeric
                ? trygg_strprintf("the value %s of '%s' is user-missing in the "
                                  "file, but the item's scale is numeric: give "
                                  "it a scale of codes with %s as valid = 0",
                                  s, v->name, s)
                : trygg_strprintf("code '%s' of '%s' is declared user-missing in "
                                  "the file, but scale '%s' has no such code: add "
                                  "it to scales.csv with valid = 0", s, v->name,
                                  v->scale->name));
        s = NULL, len = 0;
    }
    trygg_row_sink_field(c->sink, index, s, len);
}

static int on_row(void *ctx, unsigned long row)
{
    stat_ctx *c = ctx;
    c->rows = row;
    return trygg_row_sink_row(c->sink, c->nvars, row) || c->st == TRYGG_ERR_NOMEM;
}

/* "SPSS .sav, UTF-8": what trygg validate shows as the file's dialect. */
static void dialect(char *buf, size_t size, trygg_stat_kind k, const char *enc)
{
    snprintf(buf, size, "%s%s%.40s%s", trygg_stat_kind_name(k), enc ? ", " : "",
             enc ? enc : "", enc && strlen(enc) > 40 ? "..." : "");
}

trygg_status trygg_survey_parse_stat(trygg_survey *sv, const char *path,
                                     const char *data, size_t len,
                                     trygg_errors *err)
{
    trygg_stat_options opt = {trygg_stat_kind_of(path), sv->def->encoding, 0};
    char shown[96];
    dialect(shown, sizeof shown, opt.kind, sv->def->encoding);
    stat_ctx c = {.sv = sv, .path = path, .err = err};
    trygg_status st = trygg_row_sink_new(sv, path, shown, 0, err, &c.sink);
    if (st != TRYGG_OK)
        return st;
    const trygg_stat_fns fns = {on_variables, on_field, on_row};
    trygg_stat_info info;
    st = trygg_stat_read(path, data, len, &opt, &fns, &c, &info, err);
    if (!sv->def->encoding && info.encoding && info.encoding[0]) {
        dialect(shown, sizeof shown, opt.kind, info.encoding);
        snprintf(sv->files[sv->nfiles - 1].dialect,
                 sizeof sv->files[sv->nfiles - 1].dialect, "%s", shown);
    }
    trygg_stat_info_free(&info);
    free(c.vars);
    if (c.st == TRYGG_ERR_NOMEM)
        st = TRYGG_ERR_NOMEM;
    return trygg_row_sink_end(c.sink, st);
}
