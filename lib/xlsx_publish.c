/* The publication workbook (trygg publish): a sheet per municipality, its
 * areas as rows and per indicator five columns, rounded as published: the
 * value, the felmarginal (± half the confidence interval, as Statistics
 * Sweden prints it), the number of answers, the change since the previous
 * survey and its mark. Every figure is read from the suppressed tables and
 * nothing is decided here: a row flagged suppressed shows no number (only
 * ".."), and a change's ▲▼ is the library's `significant`. */
#include "xlsx_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "errors_internal.h"
#include "labels_internal.h"

#define EN(p) ((p)->o->lang == TRYGG_LANG_EN)
#define PER_INDICATOR 5          /* per indicator: value, ±, n, change, mark */
#define FIRST_ROW 5     /* the first area's row; headers above */

typedef struct {
    const trygg_results *est;
    const trygg_changes *chg;
    int year, from;          /* from: the changes' common first year, or 0 */
    const trygg_write_options *o;
    const trygg_definition *def;
    trygg_labels *labels;
    trygg_xlsx *x;
    size_t *ind, nind;       /* the indicators shown, in the definition's order */
    lxw_format *value[2], *margin[2], *change[2], *count, *mark[3], *label, *area;
    double confidence;
} pub;

typedef struct {
    const char *level, *domain;
} area;

/* ---- what is shown -------------------------------------------------------- */

static int in_year(const pub *p, size_t i, const char *level)
{
    const trygg_estimate_row *r = trygg_results_row(p->est, i);
    return r->year == p->year && !strcmp(r->level, level);
}

/* The indicators of the year's estimates, in the definition's order. */
static trygg_status indicators(pub *p)
{
    size_t n = trygg_definition_indicator_count(p->def);
    p->ind = calloc(n + 1, sizeof *p->ind);
    unsigned char *seen = calloc(n + 1, 1);
    if (!p->ind || !seen) {
        free(seen);
        return TRYGG_ERR_NOMEM;
    }
    for (size_t i = 0; i < trygg_results_count(p->est); i++) {
        const trygg_estimate_row *r = trygg_results_row(p->est, i);
        if (r->year == p->year && r->indicator_index < n)
            seen[r->indicator_index] = 1;
    }
    for (size_t k = 0; k < n; k++)
        if (seen[k])
            p->ind[p->nind++] = k;
    free(seen);
    return TRYGG_OK;
}

/* The distinct domains of `level` in the year (with parent `parent` when
 * not NULL), in the order of the estimates; *out is a new array. */
static trygg_status areas_of(const pub *p, const char *level, const char *parent,
                             area **out, size_t *n)
{
    size_t count = trygg_results_count(p->est);
    area *a = malloc((count + 1) * sizeof *a);
    if (!a)
        return TRYGG_ERR_NOMEM;
    *n = 0;
    for (size_t i = 0; i < count; i++) {
        const trygg_estimate_row *r = trygg_results_row(p->est, i);
        if (!in_year(p, i, level) || (parent && strcmp(r->parent, parent)))
            continue;
        size_t k = *n;
        while (k > 0 && strcmp(a[k - 1].domain, r->domain))
            k--;
        if (k == 0)
            a[(*n)++] = (area){r->level, r->domain};
    }
    *out = a;
    return TRYGG_OK;
}

/* The first year of the changes into the year, when they share one. */
static int changes_from(const pub *p)
{
    int from = 0;
    for (size_t i = 0; p->chg && i < trygg_changes_count(p->chg); i++) {
        const trygg_change_row *c = trygg_changes_row(p->chg, i);
        if (c->year_to != p->year)
            continue;
        if (from && c->year_from != from)
            return 0;
        from = c->year_from;
    }
    return from;
}

/* ---- formats and headers ------------------------------------------------ */

static void formats(pub *p)
{
    trygg_xlsx *x = p->x;
    /* codes in English notation; Excel shows "24,6", "±2,1", "+1,5" in Swedish */
    p->value[0] = trygg_xlsx_format(x, "0.00");
    p->value[1] = trygg_xlsx_format(x, "0.0");
    p->margin[0] = trygg_xlsx_format(x, "\"\xC2\xB1\"0.00");
    p->margin[1] = trygg_xlsx_format(x, "\"\xC2\xB1\"0.0");
    p->change[0] = trygg_xlsx_format(x, "+0.00;\"\xE2\x88\x92\"0.00;0.00");
    p->change[1] = trygg_xlsx_format(x, "+0.0;\"\xE2\x88\x92\"0.0;0.0");
    p->count = trygg_xlsx_format(x, "#,##0");
    static const lxw_color_t colour[3] = {LXW_COLOR_BLACK, 0x00802B, 0xC00000};
    for (int k = 0; k < 3; k++) {
        p->mark[k] = trygg_xlsx_format(x, "General");
        if (p->mark[k]) {
            format_set_font_color(p->mark[k], colour[k]);
            format_set_align(p->mark[k], LXW_ALIGN_CENTER);
        }
    }
    p->label = workbook_add_format(x->wb);
    if (p->label) {
        format_set_bold(p->label);
        format_set_text_wrap(p->label);
        format_set_align(p->label, LXW_ALIGN_CENTER);
        format_set_align(p->label, LXW_ALIGN_VERTICAL_TOP);
        format_set_bottom(p->label, LXW_BORDER_THIN);
    }
    p->area = x->bold;
}

static const char *level_word(const pub *p, const char *level)
{
    if (!strcmp(level, "region"))
        return "Region";
    if (!strcmp(level, "municipality"))
        return EN(p) ? "Municipality" : "Kommun";
    if (!strcmp(level, "district"))
        return EN(p) ? "District" : "Område";
    return level;
}

/* "Förändring sedan 2023, procentenheter" (a new string). */
static char *change_head(const pub *p, int share)
{
    char since[48];
    if (p->from)
        snprintf(since, sizeof since, EN(p) ? "since %d" : "sedan %d", p->from);
    else
        snprintf(since, sizeof since, "%s", EN(p) ? "since the previous survey"
                                                   : "sedan föregående mätning");
    return trygg_strprintf("%s %s%s", EN(p) ? "Change" : "Förändring", since,
                           !share ? "" : EN(p) ? ", percentage points" : ", procentenheter");
}

static void headers(pub *p, lxw_worksheet *ws)
{
    trygg_xlsx *x = p->x;
    trygg_xlsx_text(x, ws, 3, 0, EN(p) ? "Area" : "Område", x->header);
    trygg_xlsx_text(x, ws, 4, 0, "", x->header);
    trygg_xlsx_text(x, ws, 3, 1, EN(p) ? "Level" : "Nivå", x->header);
    worksheet_set_column(ws, 0, 0, 28, NULL);
    worksheet_set_column(ws, 1, 1, 12, NULL);
    worksheet_set_row(ws, 3, 48, NULL);
    worksheet_set_row(ws, 4, 45, NULL);
    for (size_t j = 0; j < p->nind && x->st == TRYGG_OK; j++) {
        size_t k = p->ind[j], c = 2 + PER_INDICATOR * j;
        int share = trygg_definition_indicator_is_share(p->def, k);
        const char *name = trygg_definition_indicator_name(p->def, k);
        worksheet_merge_range(ws, 3, (lxw_col_t)c, 3, (lxw_col_t)(c + PER_INDICATOR - 1),
                              trygg_label_indicator(p->labels, k, name), p->label);
        char *ch = change_head(p, share);
        const char *sub[PER_INDICATOR] = {share ? (EN(p) ? "Share, %" : "Andel, %")
                                       : (EN(p) ? "Value" : "Värde"),
                                 EN(p) ? "Margin of error ±" : "Felmarginal ±",
                                 EN(p) ? "Answers" : "Antal svar", ch ? ch : "",
                                 EN(p) ? "Note" : "Anm."};
        static const double width[PER_INDICATOR] = {8, 11, 8, 14, 6};
        for (size_t s = 0; s < PER_INDICATOR; s++) {
            trygg_xlsx_text(x, ws, 4, c + s, sub[s], x->header);
            worksheet_set_column(ws, (lxw_col_t)(c + s), (lxw_col_t)(c + s), width[s], NULL);
        }
        free(ch);
    }
}

/* ---- cells -------------------------------------------------------------- */

static double rounded(double v, int decimals)
{
    double f = decimals == 1 ? 10 : 100;
    return round(v * f) / f;
}

/* The mark of a shown cell: ▲▼ from the change's decision (green when for
 * the better, red when for the worse, by `better`), then "*" when the
 * estimate is unstable. *colour: 0 black, 1 green, 2 red. */
static void mark_of(const pub *p, size_t k, const trygg_estimate_row *e,
                    const trygg_change_row *c, char *buf, int *colour)
{
    int sig = c ? c->significant : 0;
    int better = trygg_definition_indicator_better(p->def, k);
    *colour = !sig || !better ? 0 : sig == better ? 1 : 2;
    snprintf(buf, 16, "%s%s", sig > 0 ? "\xE2\x96\xB2" : sig < 0 ? "\xE2\x96\xBC" : "",
             e->flags & TRYGG_FLAG_UNSTABLE ? "*" : "");
}

static void cell(pub *p, lxw_worksheet *ws, size_t row, size_t j, const area *a)
{
    size_t k = p->ind[j], c = 2 + PER_INDICATOR * j;
    const char *name = trygg_definition_indicator_name(p->def, k);
    const trygg_estimate_row *e = trygg_results_find(p->est, p->year, a->level, a->domain,
                                                     name);
    trygg_xlsx *x = p->x;
    if (!e)
        return;   /* not asked there: nothing to show */
    if (e->flags & TRYGG_FLAG_SUPPRESSED) {
        /* nothing of a hidden cell but that it is hidden */
        trygg_xlsx_text(x, ws, row, c + 4, "..", p->mark[0]);
        return;
    }
    int share = e->is_share != 0, d = share ? 1 : 2;
    double scale = share ? 100 : 1;
    trygg_xlsx_number(x, ws, row, c + 2, e->n, p->count);
    if (e->n <= 0 || (e->flags & TRYGG_FLAG_EMPTY)) {
        trygg_xlsx_text(x, ws, row, c + 4, "\xE2\x80\x93", p->mark[0]);
        return;
    }
    trygg_xlsx_number(x, ws, row, c, rounded(scale * e->estimate, d), p->value[share]);
    trygg_xlsx_number(x, ws, row, c + 1, rounded(scale * (e->ci_high - e->ci_low) / 2, d),
                      p->margin[share]);
    const trygg_change_row *ch = p->chg ? trygg_changes_find(p->chg, p->year, a->level,
                                                             a->domain, name) : NULL;
    if (ch && (ch->flags & TRYGG_FLAG_SUPPRESSED))
        ch = NULL;   /* a change from a hidden year: neither number nor mark */
    if (ch)
        trygg_xlsx_number(x, ws, row, c + 3, rounded(scale * ch->change, d), p->change[share]);
    char buf[16];
    int colour;
    mark_of(p, k, e, ch, buf, &colour);
    trygg_xlsx_text(x, ws, row, c + 4, buf, p->mark[colour]);
}

/* ---- sheets ------------------------------------------------------------- */

/* The notes under a sheet's table and in Läs mig: [2 * i] a key, [2 * i + 1]
 * its text (new strings), NULL-terminated. */
static char **notes(const pub *p)
{
    char **n = calloc(7, sizeof *n);
    if (!n)
        return NULL;
    char conf[16], alpha[16];
    trygg_xlsx_num_text(conf, sizeof conf, 100 * p->confidence, 0, p->o->lang);
    trygg_xlsx_num_text(alpha, sizeof alpha, trygg_definition_alpha(p->def), 2, p->o->lang);
    trygg_adjust a = trygg_definition_adjust(p->def);
    const char *who = a == TRYGG_ADJUST_HOLM ? "Holm" : "Benjamini\xE2\x80\x93Hochberg";
    char adjust[64];
    if (a == TRYGG_ADJUST_NONE)
        snprintf(adjust, sizeof adjust, "%s", EN(p) ? "unadjusted" : "ojusterat");
    else
        snprintf(adjust, sizeof adjust, EN(p) ? "%s-adjusted" : "%s-justerat", who);
    int m = trygg_definition_min_n(p->def), u = trygg_definition_unstable_n(p->def);
    n[0] = strdup(EN(p) ? "Figures" : "Tal");
    n[1] = trygg_strprintf(EN(p) ? "Rounded as published: shares in per cent with one "
                                   "decimal, other indicators with two. Margin of error: ± "
                                   "half the %s\xC2\xA0%% confidence interval."
                                 : "Avrundade som de publiceras: andelar i procent med en "
                                   "decimal, övriga indikatorer med två. Felmarginal: ± "
                                   "halva %s\xC2\xA0%%-konfidensintervallet.", conf);
    n[2] = strdup(EN(p) ? "Marks" : "Markeringar");
    n[3] = trygg_strprintf(EN(p) ? "\xE2\x96\xB2 \xE2\x96\xBC = a significant increase / "
                                   "decrease since the previous survey (%s p < %s "
                                   "among the area's indicators), green for the better, red "
                                   "for the worse; .. = too few answers (fewer than %d): no "
                                   "figures; \xE2\x80\x93 = no answers; * = uncertain "
                                   "estimate (fewer than %d answers or a high coefficient "
                                   "of variation)."
                                 : "\xE2\x96\xB2 \xE2\x96\xBC = signifikant ökning / "
                                   "minskning sedan föregående mätning (%s p < %s "
                                   "bland områdets indikatorer), grön till det bättre, röd "
                                   "till det sämre; .. = för få svar (färre än %d): inga "
                                   "tal; \xE2\x80\x93 = inga svar; * = osäker skattning "
                                   "(färre än %d svar eller hög variationskoefficient).",
                           adjust, alpha, m, u);
    if (!n[0] || !n[1] || !n[2] || !n[3]) {
        for (int i = 0; i < 4; i++)
            free(n[i]);
        free(n);
        return NULL;
    }
    return n;
}

static void free_notes(char **n)
{
    for (size_t i = 0; n && n[i]; i++)
        free(n[i]);
    free(n);
}

static trygg_status municipality_sheet(pub *p, const area *muni, const area *region,
                                       char *const *note)
{
    trygg_xlsx *x = p->x;
    lxw_worksheet *ws = trygg_xlsx_sheet(x, trygg_label_area(p->labels, muni->level,
                                                             muni->domain));
    if (!ws)
        return x->st;
    area *d = NULL;
    size_t nd = 0;
    trygg_status st = areas_of(p, "district", muni->domain, &d, &nd);
    if (st != TRYGG_OK)
        return st;
    char *title = trygg_strprintf("%s %d", trygg_label_area(p->labels, muni->level,
                                                            muni->domain), p->year);
    trygg_xlsx_text(x, ws, 0, 0, title ? title : "", x->title);
    trygg_xlsx_text(x, ws, 1, 0, trygg_definition_name(p->def), NULL);
    free(title);
    headers(p, ws);
    size_t row = FIRST_ROW;
    const area *rows[3] = {muni, NULL, region};
    for (int part = 0; part < 3 && x->st == TRYGG_OK; part++) {
        size_t n = part == 1 ? nd : rows[part] ? 1 : 0;
        for (size_t i = 0; i < n && x->st == TRYGG_OK; i++, row++) {
            const area *a = part == 1 ? &d[i] : rows[part];
            trygg_xlsx_text(x, ws, row, 0, trygg_label_area(p->labels, a->level, a->domain),
                            part == 0 ? p->area : NULL);
            trygg_xlsx_text(x, ws, row, 1, level_word(p, a->level), NULL);
            for (size_t j = 0; j < p->nind; j++)
                cell(p, ws, row, j, a);
        }
    }
    worksheet_freeze_panes(ws, FIRST_ROW, 2);
    /* printed: landscape, the headers and area names on every page */
    worksheet_set_landscape(ws);
    worksheet_repeat_rows(ws, 3, 4);
    worksheet_repeat_columns(ws, 0, 1);
    worksheet_autofilter(ws, 4, 0, (lxw_row_t)(row - 1), (lxw_col_t)(1 + PER_INDICATOR * p->nind));
    for (size_t i = 0; note && note[i] && note[i + 1]; i += 2)
        trygg_xlsx_text(x, ws, ++row, 0, note[i + 1], NULL);
    free(d);
    return x->st;
}

static trygg_status sheets(pub *p, char **note)
{
    area *m = NULL, *r = NULL;
    size_t nm = 0, nr = 0;
    trygg_status st = areas_of(p, "municipality", NULL, &m, &nm);
    if (st == TRYGG_OK)
        st = areas_of(p, "region", NULL, &r, &nr);
    if (st == TRYGG_OK && nm == 0) {
        trygg_errors_add(p->x->err, p->x->path, 0, 0, "no municipality has estimates in "
                         "%d: nothing to publish", p->year);
        st = TRYGG_ERR_NOT_FOUND;
    }
    for (size_t i = 0; i < nm && st == TRYGG_OK; i++)
        st = municipality_sheet(p, &m[i], nr ? &r[0] : NULL, note);
    if (st == TRYGG_OK) {
        trygg_xlsx_facts f = {.subject = "publication", .confidence = p->confidence,
                              .alpha = trygg_definition_alpha(p->def),
                              .adjust = trygg_adjust_name(trygg_definition_adjust(p->def))};
        const trygg_estimate_row *e = trygg_results_row(p->est, 0);
        f.weighting = e ? trygg_weighting_name(e->weighting) : NULL;
        f.variance = e ? trygg_variance_name(e->variance) : NULL;
        trygg_xlsx_readme(p->x, p->o, &f, (const char *const *)note, NULL, 0);
        st = p->x->st;
    }
    free(m);
    free(r);
    return st;
}

trygg_status trygg_publish_write_to(const trygg_results *est, const trygg_changes *chg,
                                    int year, trygg_output_group *g, const char *path,
                                    const trygg_write_options *o, trygg_errors *err)
{
    if (!est || !g || !path || !o || !o->def)
        return TRYGG_ERR_ARGUMENT;
    trygg_xlsx x;
    pub p = {.est = est, .chg = chg, .year = year, .o = o, .def = o->def, .x = &x,
             .confidence = 0.95};
    const trygg_estimate_row *first = trygg_results_row(est, 0);
    if (first)
        p.confidence = first->confidence;
    p.from = changes_from(&p);
    p.labels = trygg_labels_new(o->def, o->lang);
    trygg_status st = p.labels ? indicators(&p) : TRYGG_ERR_NOMEM;
    char **note = st == TRYGG_OK ? notes(&p) : NULL;
    if (st == TRYGG_OK && !note)
        st = TRYGG_ERR_NOMEM;
    if (st == TRYGG_OK)
        st = trygg_xlsx_begin(&x, path, 0, o->run_time, trygg_definition_name(o->def), err);
    if (st == TRYGG_OK) {
        formats(&p);
        st = sheets(&p, note);
        if (st == TRYGG_OK)
            st = trygg_xlsx_finish(&x, g, err);
        else
            trygg_xlsx_discard(&x);
    }
    if (st == TRYGG_OK && trygg_labels_failed(p.labels))
        st = TRYGG_ERR_NOMEM;
    free_notes(note);
    free(p.ind);
    trygg_labels_free(p.labels);
    return st;
}
