/* What each respondent contributes to each indicator: numerator,
 * denominator, and whether the answer is valid, excluded or missing. */
#include "year.h"

#include <math.h>
#include <stdlib.h>

/* The value of item `it` at row r: TRYGG_V_* and, when valid, *x. */
static uint8_t item_value(const trygg_survey *sv, size_t it, size_t r,
                          const uint8_t *valid_mask, double *x)
{
    const trygg_column *c = &sv->cols[sv->item_col[it]];
    if (c->kind == TRYGG_COL_NUM) {
        *x = c->num[r];
        return isnan(*x) ? TRYGG_V_MISSING : TRYGG_V_VALID;
    }
    uint8_t code = c->code[r];
    if (code == TRYGG_CODE_MISSING)
        return TRYGG_V_MISSING;
    const trygg_code *k = &c->scale->codes[code];
    int ok = valid_mask ? valid_mask[code] : k->valid;
    if (!ok || !k->has_score)
        return TRYGG_V_EXCLUDED;
    *x = k->score;
    return TRYGG_V_VALID;
}

static uint8_t share_value(const trygg_survey *sv, const trygg_indicator *ind,
                           size_t r, double *num)
{
    const trygg_column *c = &sv->cols[sv->item_col[ind->items[0]]];
    uint8_t code = c->code[r];
    if (code == TRYGG_CODE_MISSING)
        return TRYGG_V_MISSING;
    if (!ind->valid_codes[code])
        return TRYGG_V_EXCLUDED;
    *num = ind->in_codes[code];
    return TRYGG_V_VALID;
}

static uint8_t index_value(const trygg_survey *sv, const trygg_indicator *ind,
                           size_t r, double *num)
{
    double sum = 0;
    int valid = 0, missing = 0;
    for (size_t i = 0; i < ind->nitems; i++) {
        double x;
        uint8_t f = item_value(sv, ind->items[i], r, NULL, &x);
        if (f == TRYGG_V_VALID) {
            sum += x;
            valid++;
        }
        missing += f == TRYGG_V_MISSING;
    }
    if (valid >= ind->min_valid) {
        *num = sum / valid;
        return TRYGG_V_VALID;
    }
    return missing == (int)ind->nitems ? TRYGG_V_MISSING : TRYGG_V_EXCLUDED;
}

/* Coded item with a codes list: 1 when the code is in it (totals). */
static uint8_t coded_or_value(const trygg_survey *sv, const trygg_indicator *ind,
                              size_t i, size_t r, double *x)
{
    if (ind->has_codes && i == 0)
        return share_value(sv, ind, r, x);
    return item_value(sv, ind->items[i], r, i == 0 ? ind->valid_codes : NULL, x);
}

static uint8_t pair_value(const trygg_survey *sv, const trygg_indicator *ind,
                          size_t r, double *num, double *den)
{
    double a, b;
    uint8_t fa = coded_or_value(sv, ind, 0, r, &a);
    uint8_t fb = coded_or_value(sv, ind, 1, r, &b);
    if (fa != TRYGG_V_VALID || fb != TRYGG_V_VALID)
        return (fa == TRYGG_V_MISSING || fb == TRYGG_V_MISSING) ? TRYGG_V_MISSING
                                                                : TRYGG_V_EXCLUDED;
    if (ind->type == TRYGG_IND_RATIO) {
        *num = a;
        *den = b;
    } else {
        *num = a - b;
    }
    return TRYGG_V_VALID;
}

static uint8_t row_value(const trygg_survey *sv, const trygg_indicator *ind,
                         size_t r, double *num, double *den)
{
    *num = 0;
    *den = 1;
    switch (ind->type) {
    case TRYGG_IND_SHARE: return share_value(sv, ind, r, num);
    case TRYGG_IND_INDEX: return index_value(sv, ind, r, num);
    case TRYGG_IND_RATIO:
    case TRYGG_IND_DIFFERENCE: return pair_value(sv, ind, r, num, den);
    case TRYGG_IND_MEAN:
    case TRYGG_IND_TOTAL: return coded_or_value(sv, ind, 0, r, num);
    }
    return TRYGG_V_MISSING;
}

uint8_t trygg_indicator_status(const trygg_survey *sv, size_t k, size_t r)
{
    double num, den;
    return row_value(sv, &sv->def->indicators[k], r, &num, &den);
}

int trygg_indicator_is_total(const trygg_survey *sv, size_t k)
{
    return sv->def->indicators[k].type == TRYGG_IND_TOTAL;
}

/* 1 when every valid numerator of the n positions is 0 or 1. */
static int zero_one(const double *num, const uint8_t *val, size_t nind, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (val[i * nind] == TRYGG_V_VALID && num[i] != 0 && num[i] != 1)
            return 0;
    return 1;
}

/* A share of a coded item: each code's value byte from a table. */
static void share_bytes(const trygg_year *y, const trygg_indicator *ind, uint8_t *val)
{
    const trygg_survey *sv = y->sv;
    const uint8_t *code = sv->cols[sv->item_col[ind->items[0]]].code;
    uint8_t lut[256];
    for (unsigned c = 0; c < 256; c++)
        lut[c] = c == TRYGG_CODE_MISSING || c >= TRYGG_MAX_CODES ? TRYGG_V_MISSING
                 : !ind->valid_codes[c] ? TRYGG_V_EXCLUDED
                 : (uint8_t)(TRYGG_V_VALID | (ind->in_codes[c] ? TRYGG_V_ONE : 0));
    for (size_t i = 0; i < y->d.n; i++)
        val[i * y->nind] = lut[code[y->d.row[i]]];
}

trygg_status trygg_year_indicator_values(trygg_year *y)
{
    const trygg_definition *def = y->sv->def;
    size_t n = y->d.n, nind = def->nindicators;
    y->nind = nind;
    y->num = calloc(nind + 1, sizeof *y->num);
    y->den = calloc(nind + 1, sizeof *y->den);
    y->val = malloc(n * nind + 1);
    double *num = malloc((n + 1) * sizeof *num);
    if (!y->num || !y->den || !y->val || !num) {
        free(num);
        return TRYGG_ERR_NOMEM;
    }
    for (size_t k = 0; k < nind; k++) {
        /* only a ratio has a denominator of its own (trygg_year_den) */
        int ratio = def->indicators[k].type == TRYGG_IND_RATIO;
        y->den[k] = ratio ? malloc((n + 1) * sizeof **y->den) : NULL;
        if (ratio && !y->den[k]) {
            free(num);
            return TRYGG_ERR_NOMEM;
        }
        uint8_t *val = y->val + k;
        if (def->indicators[k].type == TRYGG_IND_SHARE) {
            share_bytes(y, &def->indicators[k], val);
            continue;
        }
        for (size_t i = 0; i < n; i++) {
            double x, den;
            uint8_t f = row_value(y->sv, &def->indicators[k], y->d.row[i], &x, &den);
            val[i * nind] = f;
            num[i] = f == TRYGG_V_VALID ? x : 0;
            if (ratio)
                y->den[k][i] = f == TRYGG_V_VALID ? den : 0;
        }
        if (zero_one(num, val, nind, n)) {
            for (size_t i = 0; i < n; i++)
                val[i * nind] |= num[i] == 1 ? TRYGG_V_ONE : 0;
            continue;
        }
        y->num[k] = num;   /* kept: the next indicator gets new scratch */
        if (!(num = malloc((n + 1) * sizeof *num)))
            return TRYGG_ERR_NOMEM;
    }
    free(num);
    return TRYGG_OK;
}
