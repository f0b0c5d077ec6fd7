/* The "Läs mig" / "Read me" sheet of every workbook: what the table is,
 * how it was made (survey, weighting, confidence level, suppression rule,
 * the run's time, trygg's version) and what each column means. Numbers in
 * the Swedish text are written the Swedish way ("0,05", "95 %"). */
#include "xlsx_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "errors_internal.h"

#define EN(o) ((o)->lang == TRYGG_LANG_EN)
#define NBSP "\xC2\xA0"

const char *trygg_xlsx_num_text(char *buf, size_t size, double v, int decimals,
                                trygg_lang lang)
{
    snprintf(buf, size, "%.*f", decimals, v);
    if (lang == TRYGG_LANG_SV)
        for (char *p = buf; *p; p++) {
            if (*p == '.')
                *p = ',';
            else if (*p == '-') {   /* "−2,1": a true minus in Swedish text */
                size_t n = strlen(p);
                if (n + 3 <= size - (size_t)(p - buf)) {
                    memmove(p + 3, p + 1, n);
                    memcpy(p, "\xE2\x88\x92", 3);
                    p += 2;
                }
            }
        }
    return buf;
}

static const char *subject_words(const char *s, int en)
{
    static const struct { const char *name, *sv, *en; } W[] = {
        {"estimates", "Skattningar per år, område och indikator",
         "Estimates by year, area and indicator"},
        {"changes", "Förändring sedan föregående mätning", "Change since the previous survey"},
        {"trends", "Linjär trend över undersökningsåren", "Linear trend over the survey years"},
        {"contrasts", "Varje område jämfört med sitt omgivande område",
         "Each area against its enclosing area"},
        {"priorities", "Prioritering av problem (Brås prioriteringsmatris)",
         "Problems ranked for citizen promises (Brå's prioritisation matrix)"},
        {"followups", "Uppföljning av medborgarlöften (kvitto)",
         "Follow-up of citizen promises (receipt)"},
        {"weights", "Vikter per svarande: för analytikern, inte för publicering",
         "Weights per respondent: for the analyst, not for publication"},
        {"weight report", "Viktrapport per år och kommun", "Weight report by year and "
         "municipality"},
        {"publication", "Publiceringstabeller: en flik per kommun",
         "Publication tables: a sheet per municipality"},
    };
    for (size_t i = 0; i < sizeof W / sizeof *W; i++)
        if (!strcmp(W[i].name, s))
            return en ? W[i].en : W[i].sv;
    return s;
}

typedef struct {
    trygg_xlsx *x;
    lxw_worksheet *ws;
    size_t row;
} sheet;

static void line(sheet *s, const char *key, const char *value)
{
    if (!value || !value[0])
        return;
    trygg_xlsx_text(s->x, s->ws, s->row, 0, key, s->x->bold);
    trygg_xlsx_text(s->x, s->ws, s->row, 1, value, s->x->wrap);
    s->row++;
}

/* A line made with printf (the text freed here). */
static void linef(sheet *s, const char *key, char *value)
{
    if (!value)
        s->x->st = s->x->st != TRYGG_OK ? s->x->st : TRYGG_ERR_NOMEM;
    line(s, key, value);
    free(value);
}

static void run_lines(sheet *s, const trygg_write_options *o)
{
    time_t t = (time_t)(o->run_time ? o->run_time : time(NULL));
    struct tm tm;
    char when[64] = "";
    if (localtime_r(&t, &tm))
        strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
    line(s, EN(o) ? "Made by" : "Skapad med", o->command);
    line(s, EN(o) ? "Run" : "Körd", when);
    line(s, "trygg", trygg_version());
}

static void method_lines(sheet *s, const trygg_write_options *o, const trygg_xlsx_facts *f)
{
    char num[32];
    const char *several = EN(o) ? " (and others: see the column)" : " (och andra: se kolumnen)";
    if (f->weighting)
        linef(s, EN(o) ? "Weighting" : "Viktning",
              trygg_strprintf("%s%s", f->weighting, f->mixed ? several : ""));
    if (f->variance)
        line(s, EN(o) ? "Variance" : "Varians", f->variance);
    if (!isnan(f->confidence))
        linef(s, EN(o) ? "Confidence level" : "Konfidensnivå",
              trygg_strprintf("%s" NBSP "%%", trygg_xlsx_num_text(num, sizeof num,
                                                                  100 * f->confidence, 0,
                                                                  o->lang)));
    if (f->adjust && !isnan(f->alpha))
        linef(s, EN(o) ? "Significance" : "Signifikans",
              trygg_strprintf(EN(o) ? "p-values adjusted by %s within each family (an "
                                      "area's indicators), compared with %s"
                                    : "p-värden justerade med %s inom varje familj "
                                      "(ett områdes indikatorer), jämförda med %s",
                              f->adjust, trygg_xlsx_num_text(num, sizeof num, f->alpha, 2,
                                                             o->lang)));
}

static void rule_lines(sheet *s, const trygg_write_options *o)
{
    if (!o->def)
        return;
    int m = trygg_definition_min_n(o->def), u = trygg_definition_unstable_n(o->def);
    char cv[32];
    trygg_xlsx_num_text(cv, sizeof cv, trygg_definition_max_cv(o->def), 2, o->lang);
    linef(s, EN(o) ? "Suppression" : "Undertryckning",
          trygg_strprintf(EN(o) ? "A cell with fewer than %d answers (or an area with fewer "
                                  "than %d respondents) is not shown: its numbers are empty "
                                  "cells and its flag says \"suppressed\". As many more cells "
                                  "are hidden as it takes for no hidden cell to be worked out "
                                  "from the shown ones, and every figure made from a hidden "
                                  "cell is hidden too."
                                : "En cell med färre än %d svar (eller ett område med färre "
                                  "än %d svarande) visas inte: dess tal är tomma celler och "
                                  "flaggan är \"suppressed\". Så många fler celler döljs som "
                                  "behövs för att ingen dold cell ska kunna räknas fram ur de "
                                  "visade, och allt som räknas fram ur en dold cell döljs "
                                  "också.", m, m));
    linef(s, EN(o) ? "Unstable" : "Osäker",
          trygg_strprintf(EN(o) ? "fewer than %d answers (low_n) or a coefficient of "
                                  "variation above %s (high_cv): flag \"unstable\""
                                : "färre än %d svar (low_n) eller en variationskoefficient "
                                  "över %s (high_cv): flaggan \"unstable\"", u, cv));
}

static void number_lines(sheet *s, const trygg_write_options *o)
{
    line(s, EN(o) ? "Numbers" : "Tal",
         EN(o) ? "Numbers are stored at full precision; the cells show them rounded: shares "
                 "as per cent with one decimal (a change of a share in percentage points, "
                 "shown with %), means and indices with two decimals. Excel shows the "
                 "decimal mark of your language."
               : "Talen lagras med full precision; cellerna visar dem avrundade: andelar i "
                 "procent med en decimal (en förändring av en andel i procentenheter, visad "
                 "med %), medelvärden och index med två decimaler. Excel visar ditt språks "
                 "decimaltecken.");
}

static void columns(sheet *s, const trygg_write_options *o, const char *subject,
                    const trygg_field *cols, size_t n)
{
    s->row++;
    trygg_xlsx_text(s->x, s->ws, s->row, 0, EN(o) ? "Column" : "Kolumn", s->x->header);
    trygg_xlsx_text(s->x, s->ws, s->row, 1, EN(o) ? "Meaning" : "Betydelse", s->x->header);
    s->row++;
    for (size_t c = 0; c < n; c++) {
        const char *doc = trygg_xlsx_column_doc(subject, cols[c].name, o->lang);
        trygg_xlsx_text(s->x, s->ws, s->row, 0, cols[c].name, NULL);
        trygg_xlsx_text(s->x, s->ws, s->row, 1, doc ? doc : EN(o) ? "see trygg's README"
                                                             : "se trygg:s README", s->x->wrap);
        s->row++;
    }
}

void trygg_xlsx_readme(trygg_xlsx *x, const trygg_write_options *o, const trygg_xlsx_facts *f,
                       const char *const *notes, const trygg_field *cols, size_t ncols)
{
    sheet s = {x, trygg_xlsx_sheet(x, EN(o) ? "Read me" : "Läs mig"), 0};
    if (!s.ws)
        return;
    worksheet_set_column(s.ws, 0, 0, 22, NULL);
    worksheet_set_column(s.ws, 1, 1, 100, NULL);
    const char *name = o->def ? trygg_definition_name(o->def) : "";
    trygg_xlsx_text(x, s.ws, s.row++, 0, subject_words(f->subject, EN(o)), x->title);
    s.row++;
    line(&s, EN(o) ? "Survey" : "Undersökning", name);
    run_lines(&s, o);
    method_lines(&s, o, f);
    rule_lines(&s, o);
    number_lines(&s, o);
    for (size_t i = 0; notes && notes[i] && notes[i + 1]; i += 2)
        line(&s, notes[i], notes[i + 1]);
    if (cols)
        columns(&s, o, f->subject, cols, ncols);
}
