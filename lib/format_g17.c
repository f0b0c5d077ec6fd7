/* printf("%.17g") without printf for the numbers result tables are made
 * of: glibc's exact conversion goes through big-number arithmetic and
 * was a quarter of a whole estimate run. Here the decimal digits come
 * from one exact 128-bit product and shift, rounded half to even as
 * printf rounds; anything outside that range goes to snprintf. */
#include "format_g17.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

__extension__ typedef unsigned __int128 u128;

static const uint64_t POW10[20] = {
    1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull,
    100000000ull, 1000000000ull, 10000000000ull, 100000000000ull,
    1000000000000ull, 10000000000000ull, 100000000000000ull,
    1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
    1000000000000000000ull, 10000000000000000000ull};

/* 10^k as a 128-bit integer, k ≤ 38. */
static u128 pow10_128(int k)
{
    u128 p = 1;
    for (int i = 0; i < k; i++)
        p *= 10;
    return p;
}

/* The 17 significant digits of x > 0 (normal) and its decimal exponent:
 * x ≈ digits · 10^(exp10 − 16). 0 when x is outside the exact range. */
static int digits17(double x, uint64_t *digits, int *exp10)
{
    int e2;
    double fr = frexp(x, &e2);               /* x = fr · 2^e2, fr in [0.5, 1) */
    uint64_t m = (uint64_t)ldexp(fr, 53);    /* exact: 53-bit integer */
    int s = 53 - e2;                          /* x = m / 2^s */
    int X = (int)floor(log10(x));             /* may be off by one; fixed below */
    for (int attempt = 0; attempt < 3; attempt++) {
        int k = 16 - X;                       /* want 10^16 ≤ x·10^k < 10^17 */
        if (k < 0 || k > 22 || s < -10 || s > 127)
            return 0;
        u128 N = (u128)m * pow10_128(k);      /* < 2^53 · 10^22 < 2^127 */
        u128 q, rem = 0, half = 0;
        if (s > 0) {
            if (s >= 127)
                return 0;
            q = N >> s;
            rem = N & (((u128)1 << s) - 1);
            half = (u128)1 << (s - 1);
        } else {
            if (N >> (127 + s))
                return 0;                     /* the shift would overflow */
            q = N << -s;
        }
        if (q >= POW10[17]) {
            X++;
            continue;
        }
        if (q < POW10[16]) {
            X--;
            continue;
        }
        uint64_t d = (uint64_t)q;
        if (rem > half || (rem == half && half != 0 && (d & 1)))
            d++;
        if (d == POW10[17]) {
            d = POW10[16];
            X++;
        }
        *digits = d;
        *exp10 = X;
        return 1;
    }
    return 0;
}

size_t trygg_format_g17(char *buf, double v)
{
    uint64_t d;
    int X;
    if (!isfinite(v) || v == 0 || fabs(v) < 1e-300 || !digits17(fabs(v), &d, &X))
        return (size_t)snprintf(buf, TRYGG_G17_SIZE, "%.17g", v);
    char dig[18];
    for (int i = 16; i >= 0; i--) {
        dig[i] = (char)('0' + d % 10);
        d /= 10;
    }
    int nd = 17;
    while (nd > 1 && dig[nd - 1] == '0')
        nd--;                                 /* %g drops trailing zeros */
    char *p = buf;
    if (v < 0)
        *p++ = '-';
    if (X >= -4 && X < 17) {                  /* fixed notation */
        if (X < 0) {
            *p++ = '0';
            *p++ = '.';
            for (int i = 0; i < -X - 1; i++)
                *p++ = '0';
            memcpy(p, dig, (size_t)nd);
            p += nd;
        } else {
            int before = X + 1;
            for (int i = 0; i < before; i++)
                *p++ = i < nd ? dig[i] : '0';
            if (nd > before) {
                *p++ = '.';
                memcpy(p, dig + before, (size_t)(nd - before));
                p += nd - before;
            }
        }
    } else {                                  /* d.ddde±XX */
        *p++ = dig[0];
        if (nd > 1) {
            *p++ = '.';
            memcpy(p, dig + 1, (size_t)(nd - 1));
            p += nd - 1;
        }
        p += sprintf(p, "e%c%02d", X < 0 ? '-' : '+', X < 0 ? -X : X);
    }
    *p = 0;
    return (size_t)(p - buf);
}
