/* Trimming of calibration adjustments (R calibrate(trim = )). */
#include "calibrate.h"

#include <math.h>

/* R: g outside [low, high] is set to the nearer limit, and the weight
 * removed or added, Σ (g - g_trimmed) d, goes to the untrimmed rows in
 * proportion to their design weights d (their g all move by the same
 * amount). Done once: rows moved beyond a limit by that are not trimmed
 * again. Rows with d = 0 are left alone. When every row is trimmed the
 * trimmed weight is lost, as in R. */
trygg_status trygg_cal_trim(size_t n, const double *d, double low,
                            double high, double *w, size_t *ntrimmed)
{
    if (ntrimmed)
        *ntrimmed = 0;
    if (isnan(low) || isnan(high) || !(low <= high) || (n && (!d || !w)))
        return TRYGG_ERR_ARGUMENT;
    double moved = 0, rest = 0;
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(d[i] > 0))
            continue;
        double g = w[i] / d[i];
        if (g < low || g > high) {
            moved += (g - (g < low ? low : high)) * d[i];
            count++;
        } else {
            rest += d[i];
        }
    }
    double shift = count && rest > 0 ? moved / rest : 0.0;
    for (size_t i = 0; count && i < n; i++) {
        if (!(d[i] > 0))
            continue;
        double g = w[i] / d[i];
        if (g < low || g > high)
            w[i] = (g < low ? low : high) * d[i];
        else
            w[i] = (g + shift) * d[i];
    }
    if (ntrimmed)
        *ntrimmed = count;
    return TRYGG_OK;
}
