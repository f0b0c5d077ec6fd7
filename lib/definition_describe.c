/* The definition in words, for the pages that explain it (a report's
 * methods page): what each indicator counts, which answers it leaves out,
 * how the weights are made, and the words a scale gives a code. */
#include <math.h>
#include <string.h>

#include "definition_internal.h"

static const trygg_indicator *indicator(const trygg_definition *d, size_t k)
{
    return d && k < d->nindicators ? &d->indicators[k] : NULL;
}

const char *trygg_definition_indicator_type(const trygg_definition *d, size_t k)
{
    static const char *const names[] = {"share", "mean", "index", "total", "ratio",
                                        "difference"};
    const trygg_indicator *ind = indicator(d, k);
    return ind && (unsigned)ind->type < 6 ? names[ind->type] : "";
}

size_t trygg_definition_indicator_item_count(const trygg_definition *d, size_t k)
{
    const trygg_indicator *ind = indicator(d, k);
    return ind ? ind->nitems : 0;
}

long trygg_definition_indicator_item(const trygg_definition *d, size_t k, size_t j)
{
    const trygg_indicator *ind = indicator(d, k);
    return ind && j < ind->nitems ? (long)ind->items[j] : -1;
}

size_t trygg_definition_indicator_codes(const trygg_definition *d, size_t k, int counted,
                                        const char **labels, size_t max, trygg_lang lang)
{
    const trygg_indicator *ind = indicator(d, k);
    if (!ind || !ind->nitems)
        return 0;
    const trygg_scale *sc = &d->scales[d->items[ind->items[0]].scale];
    size_t n = 0;
    for (size_t c = 0; c < sc->ncodes && c < TRYGG_MAX_CODES; c++) {
        int valid = ind->type == TRYGG_IND_SHARE ? ind->valid_codes[c] : sc->codes[c].valid;
        int take = counted ? valid && ind->has_codes && ind->in_codes[c] : !valid;
        if (!take)
            continue;
        if (labels && n < max)
            labels[n] = sc->codes[c].label[lang == TRYGG_LANG_EN];
        n++;
    }
    return n;
}

const char *trygg_definition_scale_label(const trygg_definition *d, const char *scale,
                                         const char *code, trygg_lang lang)
{
    for (size_t s = 0; d && scale && code && s < d->nscales; s++) {
        if (strcmp(d->scales[s].name, scale) != 0)
            continue;
        int c = trygg_scale_code_find(&d->scales[s], code, strlen(code));
        if (c < 0)
            return NULL;
        const char *l = d->scales[s].codes[c].label[lang == TRYGG_LANG_EN];
        return l && *l ? l : NULL;
    }
    return NULL;
}

trygg_weighting trygg_definition_weighting(const trygg_definition *d)
{
    return d->weighting;
}

size_t trygg_definition_margin_count(const trygg_definition *d)
{
    return d->nmargins;
}

const char *trygg_definition_margin(const trygg_definition *d, size_t i)
{
    return i < d->nmargins ? d->margins[i] : NULL;
}

size_t trygg_definition_item_codes(const trygg_definition *d, size_t item, const char **labels,
                                   double *scores, int *valid, size_t max, trygg_lang lang)
{
    if (!d || item >= d->nitems)
        return 0;
    const trygg_scale *sc = &d->scales[d->items[item].scale];
    for (size_t c = 0; c < sc->ncodes && c < max; c++) {
        if (labels)
            labels[c] = sc->codes[c].label[lang == TRYGG_LANG_EN];
        if (scores)
            scores[c] = sc->codes[c].has_score ? sc->codes[c].score : NAN;
        if (valid)
            valid[c] = sc->codes[c].valid;
    }
    return sc->ncodes;
}
