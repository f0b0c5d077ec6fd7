/* Value axes: a "nice" range and ticks (steps of 1, 2, 2.5 or 5 × 10^k)
 * covering every value, CI end and marker, and the data→device map. */
#include "report_internal.h"

#include <math.h>
#include <string.h>

static double nice_step(double range, int target)
{
    double raw = range / target;
    double mag = pow(10, floor(log10(raw)));
    double f = raw / mag;
    double n = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
    return n * mag;
}

/* The nice step nearest to range / target (Heckbert's rounding), made
 * coarser while it would need more ticks than there is room for. */
static double round_step(double range, int target)
{
    double raw = range / target;
    double mag = pow(10, floor(log10(raw)));
    double f = raw / mag;
    double step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
    while (range / step + 2 > TRYGG_REPORT_MAX_TICKS)
        step = nice_step(range, (int)(range / step) / 2);
    return step;
}

/* Ticks are multiples of the step within [lo, hi]; tiny rounding noise
 * (0.30000000000000004) is snapped to the nearest multiple. */
static void fill_ticks(trygg_report_axis *a)
{
    double first = ceil(a->lo / a->step - 1e-9);
    a->nticks = 0;
    for (double k = first; a->nticks < TRYGG_REPORT_MAX_TICKS; k++) {
        double t = k * a->step;
        if (t > a->hi + 1e-9 * a->step)
            break;
        a->ticks[a->nticks++] = fabs(t) < 1e-12 * a->step ? 0 : t;
    }
}

static trygg_report_status axis_fixed(double lo, double hi, int target,
                                      trygg_report_axis *a)
{
    a->lo = lo;
    a->hi = hi;
    a->step = nice_step(hi - lo, target);
    while ((hi - lo) / a->step + 1 > TRYGG_REPORT_MAX_TICKS && target > 1)
        a->step = nice_step(hi - lo, --target);
    fill_ticks(a);
    return TRYGG_REPORT_OK;
}

trygg_report_status trygg_report_axis_nice(double min, double max, int target,
                                           trygg_report_axis *a)
{
    if (!a || !isfinite(min) || !isfinite(max))
        return TRYGG_REPORT_ERR_ARGUMENT;
    memset(a, 0, sizeof *a);
    a->dev_hi = 1;
    target = target < 2 ? 2 : target > 10 ? 10 : target;
    if (max < min) {
        double t = min;
        min = max;
        max = t;
    }
    if (max == min) {
        double d = min == 0 ? 1 : fabs(min) * 0.1;
        min -= min == 0 ? 0 : d;
        max += d;
    }
    a->step = round_step(max - min, target);
    a->lo = floor(min / a->step + 1e-9) * a->step;
    a->hi = ceil(max / a->step - 1e-9) * a->step;
    fill_ticks(a);
    return TRYGG_REPORT_OK;
}

double trygg_report_axis_map(const trygg_report_axis *a, double v)
{
    if (a->hi == a->lo)
        return a->dev_lo;
    return a->dev_lo + (v - a->lo) / (a->hi - a->lo) * (a->dev_hi - a->dev_lo);
}

double tr_axis_clamp(const trygg_report_axis *a, double d)
{
    double lo = fmin(a->dev_lo, a->dev_hi), hi = fmax(a->dev_lo, a->dev_hi);
    return d < lo ? lo : d > hi ? hi : d;
}

void tr_range_init(tr_range *r)
{
    r->min = INFINITY;
    r->max = -INFINITY;
}

void tr_range_add(tr_range *r, double v)
{
    if (!isfinite(v))
        return;
    r->min = fmin(r->min, v);
    r->max = fmax(r->max, v);
}

void tr_range_value(tr_range *r, const trygg_report_value *v)
{
    if (!tr_drawable(v))
        return;
    tr_range_add(r, v->est);
    tr_range_add(r, v->lo);
    tr_range_add(r, v->hi);
}

trygg_report_status tr_axis_for(const tr_range *r, const trygg_report_scale *s,
                                int target, trygg_report_axis *a)
{
    double lo = fmin(0, r->min), hi = fmax(0, r->max);
    if (!isfinite(lo))
        lo = 0;
    if (!isfinite(hi) || hi <= lo)
        hi = s->kind == TRYGG_REPORT_SHARE ? 1 : lo + 1;
    int fixed_lo = isfinite(s->min), fixed_hi = isfinite(s->max);
    trygg_report_status st = trygg_report_axis_nice(lo, hi, target, a);
    if (st != TRYGG_REPORT_OK || (!fixed_lo && !fixed_hi))
        return st;
    lo = fixed_lo ? s->min : a->lo;
    hi = fixed_hi ? s->max : a->hi;
    if (!(hi > lo))
        return TRYGG_REPORT_ERR_ARGUMENT;
    return axis_fixed(lo, hi, target, a);
}

double tr_ticks_width(cairo_t *cr, const trygg_report_axis *a,
                      const trygg_report_scale *s, trygg_report_lang lang)
{
    char buf[64];
    double w = 0;
    for (size_t i = 0; i < a->nticks; i++) {
        tr_format_tick(buf, sizeof buf, a->ticks[i], a->step, s, lang);
        w = fmax(w, trygg_report_text_width(cr, buf));
    }
    return w;
}
