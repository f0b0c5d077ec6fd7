/* Numbers as a Swedish report prints them: "23,4 %", "1,63", "−2,0";
 * English: "23.4%", "1.63", "-2.0". The decimal separator is replaced
 * after printing, so the result does not depend on the C locale. */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char MINUS[] = "\xE2\x88\x92";  /* U+2212 */
static const char EN_DASH[] = "\xE2\x80\x93"; /* U+2013 */

static int clamp_dec(int d)
{
    return d < 0 ? 0 : d > 3 ? 3 : d;
}

/* The bare number into num (sign as '-', separator as lang's). */
static void bare(char *num, size_t size, double x, int decimals,
                 trygg_report_lang lang)
{
    snprintf(num, size, "%.*f", decimals, x);
    if (num[0] == '-' && strspn(num + 1, "0.,") == strlen(num + 1))
        memmove(num, num + 1, strlen(num)); /* "-0,0" → "0,0" */
    for (char *p = num; *p; p++)
        if (*p == '.' || *p == ',')
            *p = lang == TRYGG_REPORT_SV ? ',' : '.';
}

size_t tr_format_dec(char *buf, size_t size, double v, trygg_report_kind k,
                     int decimals, int unit, trygg_report_lang lang)
{
    char num[64];
    if (!isfinite(v))
        return (size_t)snprintf(buf, size, "%s", EN_DASH);
    double x = k == TRYGG_REPORT_SHARE ? 100 * v : v;
    bare(num, sizeof num, x, clamp_dec(decimals), lang);
    int neg = num[0] == '-';
    const char *sign = neg ? (lang == TRYGG_REPORT_SV ? MINUS : "-") : "";
    const char *pct = "";
    if (k == TRYGG_REPORT_SHARE && unit)
        pct = lang == TRYGG_REPORT_SV ? " %" : "%";
    return (size_t)snprintf(buf, size, "%s%s%s", sign, num + neg, pct);
}

size_t trygg_report_format_level(char *buf, size_t size, double level,
                                 trygg_report_lang lang)
{
    double pct = 100 * level;
    int dec = fabs(pct - round(pct)) < 1e-9 ? 0 : fabs(10 * pct - round(10 * pct)) < 1e-9 ? 1 : 2;
    return tr_format_dec(buf, size, level, TRYGG_REPORT_SHARE, dec, 1, lang);
}

size_t trygg_report_format(char *buf, size_t size, double v,
                           const trygg_report_scale *s, trygg_report_lang lang)
{
    trygg_report_scale d;
    if (!s) {
        trygg_report_scale_init(&d);
        s = &d;
    }
    return tr_format_dec(buf, size, v, s->kind, s->decimals, 1, lang);
}

size_t trygg_report_format_ci(char *buf, size_t size, double lo, double hi,
                              const trygg_report_scale *s,
                              trygg_report_lang lang)
{
    trygg_report_scale d;
    char a[64], b[64];
    if (!s) {
        trygg_report_scale_init(&d);
        s = &d;
    }
    if (!isfinite(lo) || !isfinite(hi))
        return (size_t)snprintf(buf, size, "%s", "");
    tr_format_dec(a, sizeof a, lo, s->kind, s->decimals, 0, lang);
    tr_format_dec(b, sizeof b, hi, s->kind, s->decimals, 1, lang);
    return (size_t)snprintf(buf, size, "%s%s%s", a, EN_DASH, b);
}

size_t tr_format_tick(char *buf, size_t size, double v, double step,
                      const trygg_report_scale *s, trygg_report_lang lang)
{
    double x = s->kind == TRYGG_REPORT_SHARE ? 100 * step : step;
    int d = 0;
    while (d < 3 && fabs(x - round(x)) > 1e-6 * fmax(1, fabs(x))) {
        x *= 10;
        d++;
    }
    return tr_format_dec(buf, size, v, s->kind, d, 1, lang);
}

size_t tr_format_previous(char *buf, size_t size, const trygg_report_value *prev, int year,
                          const trygg_report_scale *s, trygg_report_lang lang)
{
    char v[64];
    if (year <= 0 || !prev)
        return (size_t)snprintf(buf, size, "%s", "");
    if (prev->flags & TRYGG_REPORT_SUPPRESSED)  /* that it is hidden, nothing more */
        snprintf(v, sizeof v, "%s", trygg_report_text(lang, TRYGG_REPORT_TXT_TOO_FEW));
    else if (prev->flags & TRYGG_REPORT_EMPTY)
        snprintf(v, sizeof v, "%s", trygg_report_text(lang, TRYGG_REPORT_TXT_NO_ANSWERS));
    else if (isfinite(prev->est))
        trygg_report_format(v, sizeof v, prev->est, s, lang);
    else
        return (size_t)snprintf(buf, size, "%s", "");
    return (size_t)snprintf(buf, size, trygg_report_text(lang, TRYGG_REPORT_TXT_PREVIOUS),
                            year, v);
}
