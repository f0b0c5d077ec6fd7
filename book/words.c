/* The words around the pages: titles' area names, legends' texts, and the
 * notes that say what a page shows and by which rule its marks are set.
 * Every number in them comes from the definition or the rows. */
#include "book_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define SV(c) ((c)->lang == TRYGG_REPORT_SV)

const char *book_label(const trygg_book_ctx *c, size_t k)
{
    return trygg_definition_indicator_label(c->def, k, (trygg_lang)c->lang);
}

int book_is_problem_share(const trygg_definition *def, size_t k)
{
    return trygg_definition_indicator_is_share(def, k) &&
           strcmp(trygg_definition_indicator_group(def, k), "problem") == 0;
}

trygg_report_scale book_scale(const trygg_definition *def, long k)
{
    trygg_report_scale s;
    trygg_report_scale_init(&s);
    if (k >= 0 && !trygg_definition_indicator_is_share(def, (size_t)k)) {
        s.kind = TRYGG_REPORT_NUMBER;
        s.decimals = 2;
    }
    return s;
}

const char *trygg_book_main_indicator(const trygg_definition *def)
{
    size_t n = trygg_definition_indicator_count(def);
    for (size_t k = 0; k < n; k++)
        if (!strcmp(trygg_definition_indicator_group(def, k), "headline") &&
            trygg_definition_indicator_is_share(def, k))
            return trygg_definition_indicator_name(def, k);
    return trygg_definition_indicator_name(def, 0);
}

const char *trygg_book_area_name(const trygg_book_ctx *c, const char *level,
                                 const char *domain)
{
    if (level && strcmp(level, "region") == 0) {
        const char *n = trygg_definition_region_name(c->def);
        return n ? n : SV(c) ? "regionen" : "the region";
    }
    return domain;
}

const char *book_parent_name(const trygg_book_ctx *c, const trygg_estimate_row *x)
{
    return x && x->parent[0] ? trygg_book_area_name(c, x->parent_level, x->parent) : NULL;
}

/* A plain number in the page's language: 0.05 → "0,05". */
static void number(const trygg_book_ctx *c, char *buf, size_t size, double v)
{
    snprintf(buf, size, "%g", v);
    for (char *p = buf; *p; p++)
        if (*p == '.' && SV(c))
            *p = ',';
}

const char *book_level(const trygg_book_ctx *c, trygg_book_arena *a, double level)
{
    char buf[32];
    trygg_report_format_level(buf, sizeof buf, level, c->lang);
    return trygg_book_strdup(a, buf);
}

void book_frame(const trygg_book_ctx *c, trygg_book_arena *a, trygg_report_frame *f,
                const char *title, const char *subtitle,
                const trygg_estimate_row *level_of)
{
    trygg_report_frame_init(f);
    f->lang = c->lang;
    if (c->page.width > 0 && c->page.height > 0) {
        f->width = c->page.width;
        f->height = c->page.height;
    }
    if (c->page.font_size > 0)
        f->font_size = c->page.font_size;
    f->min_font = c->page.min_font;
    f->title = title ? trygg_book_strdup(a, title) : NULL;
    f->subtitle = subtitle ? trygg_book_strdup(a, subtitle) : NULL;
    double level = level_of && level_of->confidence > 0 && level_of->confidence < 1
                       ? level_of->confidence : f->ci_level;
    f->ci_level = level;
    int n = trygg_definition_unstable_n(c->def);
    char cv[32];
    trygg_report_format_level(cv, sizeof cv, trygg_definition_max_cv(c->def), c->lang);
    f->low_n_text = book_printf(a, SV(c) ? "osäker skattning: färre än %d svar"
                                         : "unstable estimate: fewer than %d answers", n);
    f->high_cv_text = book_printf(a, SV(c) ? "osäker skattning: variationskoefficient över %s"
                                           : "unstable estimate: coefficient of variation "
                                             "above %s", cv);
}

static const char *adjusted(const trygg_book_ctx *c, trygg_adjust adj)
{
    if (adj == TRYGG_ADJUST_BH)
        return SV(c) ? "Benjamini–Hochberg-justerat" : "Benjamini–Hochberg-adjusted";
    if (adj == TRYGG_ADJUST_NONE)
        return SV(c) ? "ojusterat" : "unadjusted";
    return SV(c) ? "Holm-justerat" : "Holm-adjusted";
}

char *book_test_words(const trygg_book_ctx *c, trygg_book_arena *a, const book_rule *r,
                      const char *noun_sv, const char *noun_en)
{
    char alpha[32], family[64];
    number(c, alpha, sizeof alpha, r->alpha);
    if (r->family_min == r->family_max)
        snprintf(family, sizeof family, SV(c) ? "områdets %zu" : "the area's %zu",
                 r->family_min);
    else
        snprintf(family, sizeof family, SV(c) ? "varje områdes %zu–%zu" : "each area's %zu–%zu",
                 r->family_min, r->family_max);
    return book_printf(a, SV(c) ? "%s p < %s bland %s %s" : "%s p < %s among %s %s",
                       adjusted(c, r->adjust), alpha, family, SV(c) ? noun_sv : noun_en);
}

char *book_change_rule(const trygg_book_ctx *c, trygg_book_arena *a, const book_rule *r)
{
    if (!r->rows)
        return trygg_book_strdup(a, "");
    char since[64];
    if (r->from_min == r->from_max)
        snprintf(since, sizeof since, "%d", r->from_min);
    else
        snprintf(since, sizeof since, SV(c) ? "föregående mätning" : "the previous survey");
    return book_printf(a, SV(c) ? "▲▼ = signifikant förändring sedan %s (%s)%s."
                                : "▲▼ = significant change since %s (%s)%s.",
                       since, book_test_words(c, a, r, "indikatorer", "indicators"),
                       r->mixed ? (SV(c) ? "; reglerna skiljer sig åt" : "; the rules differ")
                                : "");
}

char *book_contrast_rule(const trygg_book_ctx *c, trygg_book_arena *a, const book_rule *r,
                         const char *ref)
{
    if (!r->rows)
        return trygg_book_strdup(a, "");
    return book_printf(a, SV(c) ? "⊕⊖ = signifikant högre/lägre än %s (%s; med hänsyn till "
                                  "att området ingår i %s)."
                                : "⊕⊖ = significantly higher/lower than %s (%s; allowing for "
                                  "the area being part of %s).",
                       ref, book_test_words(c, a, r, "indikatorer", "indicators"), ref);
}

void book_note(const trygg_book_ctx *c, trygg_book_arena *a, trygg_report_frame *f,
               const char *what, const char *rules)
{
    int min_n = trygg_definition_min_n(c->def);
    what = what && *what ? what : NULL;
    rules = rules && *rules ? rules : NULL;
    f->note = book_printf(a, SV(c) ? "Källa: %s, %d.%s%s%s%s Färre än %d svar redovisas inte "
                                     "(”för få svar”)."
                                   : "Source: %s, %d.%s%s%s%s Fewer than %d answers are not "
                                     "shown (\"too few answers\").",
                          trygg_definition_name(c->def), c->year, what ? " " : "",
                          what ? what : "", rules ? " " : "", rules ? rules : "", min_n);
}

/* The colours of k bands, green (small) to red (large). */
static void band_colour(size_t i, size_t k, trygg_report_band *b)
{
    static const double ramp[4][3] = {{0.0, 0.62, 0.45}, {0.94, 0.89, 0.26},
                                      {0.90, 0.62, 0.0}, {0.84, 0.37, 0.0}};
    double t = k > 1 ? 3.0 * (double)i / (double)(k - 1) : 0;
    size_t j = t >= 3 ? 2 : (size_t)t;
    double u = t - (double)j;
    b->r = ramp[j][0] + u * (ramp[j + 1][0] - ramp[j][0]);
    b->g = ramp[j][1] + u * (ramp[j + 1][1] - ramp[j][1]);
    b->b = ramp[j][2] + u * (ramp[j + 1][2] - ramp[j][2]);
}

static const char *band_name(const trygg_book_ctx *c, trygg_book_arena *a, size_t i, size_t k)
{
    static const char *const sv[4][4] = {{"litet"}, {"litet", "stort"},
                                         {"litet", "måttligt", "stort"},
                                         {"litet", "måttligt", "stort", "mycket stort"}};
    static const char *const en[4][4] = {{"small"}, {"small", "big"},
                                         {"small", "moderate", "big"},
                                         {"small", "moderate", "big", "very big"}};
    if (k <= 4)
        return SV(c) ? sv[k - 1][i] : en[k - 1][i];
    return book_printf(a, SV(c) ? "nivå %zu" : "level %zu", i + 1);
}

/* A limit as a share: "25 %", "12,5 %". */
static void limit(const trygg_book_ctx *c, char *buf, size_t size, double v)
{
    trygg_report_format_level(buf, size, v, c->lang);
}

trygg_report_band *book_bands(const trygg_book_ctx *c, trygg_book_arena *a, size_t *n)
{
    size_t nl;
    const double *lim = trygg_definition_bands(c->def, &nl);
    size_t k = nl + 1;
    trygg_report_band *b = trygg_book_alloc(a, (k + 1) * sizeof *b);
    for (size_t i = 0; b && i < k; i++) {
        char lo[32], hi[32];
        band_colour(i, k, &b[i]);
        b[i].upper = i < nl ? lim[i] : INFINITY;
        const char *name = band_name(c, a, i, k);
        if (i < nl)
            limit(c, hi, sizeof hi, lim[i]);
        if (i > 0) {
            limit(c, lo, sizeof lo, lim[i - 1]);
            if (i < nl) /* "25–50 %": the unit once */
                lo[strcspn(lo, " %")] = 0;
        }
        if (i == 0)
            b[i].label = book_printf(a, SV(c) ? "%s (under %s)" : "%s (below %s)", name, hi);
        else if (i == nl)
            b[i].label = book_printf(a, SV(c) ? "%s (%s och mer)" : "%s (%s or more)", name, lo);
        else
            b[i].label = book_printf(a, "%s (%s–%s)", name, lo, hi);
    }
    *n = b ? k : 0;
    return b;
}
