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

/* 10^k as a 128-bit integer, k ≤ 22 (10^22 < 2^74). */
static const u128 POW10_128[23] = {
    1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull,
    100000000ull, 1000000000ull, 10000000000ull, 100000000000ull,
    1000000000000ull, 10000000000000ull, 100000000000000ull,
    1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
    1000000000000000000ull, 10000000000000000000ull,
    (u128)10000000000000000000ull * 10, (u128)10000000000000000000ull * 100,
    (u128)10000000000000000000ull * 1000};

/* The 17 significant digits of x > 0 (normal) and its decimal exponent:
 * x ≈ digits · 10^(exp10 − 16). 0 when x is outside the exact range. */
static int digits17(double x, uint64_t *digits, int *exp10)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int be = (int)(bits >> 52) & 0x7FF;        /* normal: 1 ≤ be ≤ 2046 */
    uint64_t m = (bits & (((uint64_t)1 << 52) - 1)) | ((uint64_t)1 << 52);
    int s = 1075 - be;                          /* x = m / 2^s */
    /* floor(log10 x) is floor((be − 1023)·log10 2) or one more; 78913/2^18
     * is log10 2 to within 2e-7, exact enough over the exponents here */
    int X = ((be - 1023) * 78913) >> 18;
    for (int attempt = 0; attempt < 3; attempt++) {
        int k = 16 - X;                       /* want 10^16 ≤ x·10^k < 10^17 */
        if (k < 0 || k > 22 || s < -10 || s > 127)
            return 0;
        u128 N = (u128)m * POW10_128[k];      /* < 2^53 · 10^22 < 2^127 */
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

static const char DIGIT_PAIRS[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* `n` digits of v (n even) ending at dig[n − 1]; returns v / 10^n. */
static uint64_t digit_pairs(uint64_t v, char *dig, int n)
{
    for (int i = n - 2; i >= 0; i -= 2) {
        unsigned r = (unsigned)(v % 100);
        v /= 100;
        memcpy(dig + i, DIGIT_PAIRS + 2 * r, 2);
    }
    return v;
}

/* The 17 digits of d (10^16 ≤ d < 10^17) into dig[0..17). */
static void seventeen_digits(uint64_t d, char *dig)
{
    uint32_t hi = (uint32_t)(d / 100000000);   /* 9 digits, then 8 */
    digit_pairs(d % 100000000, dig + 9, 8);
    dig[0] = (char)('0' + digit_pairs(hi, dig + 1, 8));
}

size_t trygg_format_g17(char *buf, double v)
{
    uint64_t d;
    int X;
    if (v == 0) {   /* counts of nothing are common: "0", or "-0" as printf */
        size_t n = 0;
        if (signbit(v))
            buf[n++] = '-';
        buf[n++] = '0';
        buf[n] = 0;
        return n;
    }
    if (!isfinite(v) || fabs(v) < 1e-300 || !digits17(fabs(v), &d, &X))
        return (size_t)snprintf(buf, TRYGG_G17_SIZE, "%.17g", v);
    char dig[18];
    seventeen_digits(d, dig);
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
        int ax = X < 0 ? -X : X;              /* two digits at least, as printf */
        *p++ = 'e';
        *p++ = X < 0 ? '-' : '+';
        if (ax >= 100)
            *p++ = (char)('0' + ax / 100);
        memcpy(p, DIGIT_PAIRS + 2 * (ax % 100), 2);
        p += 2;
    }
    *p = 0;
    return (size_t)(p - buf);
}
