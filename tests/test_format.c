/* Numbers in result tables: trygg_format_g17 must write exactly what the C
 * library's printf("%.17g") writes, digit for digit, for every double:
 * checked against snprintf on values built to hit each branch (fixed and
 * exponential notation, trailing zeros, exact ties rounded to even, the
 * edges of the fast range, every power of ten and its neighbours,
 * subnormals, ties in every binade) and on 300,000 random ones. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format_g17.h"
#include "test_support.h"

static void check(double v)
{
    char want[64], got[TRYGG_G17_SIZE];
    snprintf(want, sizeof want, "%.17g", v);
    size_t n = trygg_format_g17(got, v);
    if (strcmp(want, got) != 0 || n != strlen(want))
        fail_msg("%a: got '%s' (%zu), want '%s'", v, got, n, want);
}

static uint64_t state = 0x2545F4914F6CDD1Dull;

static uint64_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static void test_chosen_values(void **unused)
{
    (void)unused;
    const double v[] = {0.0, -0.0, 1, -1, 0.1, 0.5, 2.5, 10, 100, 1e16, 1e17,
                        9.9999999999999998e16, 1e-4, 1e-5, 9.9999999999999995e-5,
                        1e-6, 1e-7, 123456789012345678.0, 0.30000000000000004,
                        3.453125, 0.149786850168018, 4.9406564584124654e-324,
                        2.2250738585072014e-308, 1.7976931348623157e308,
                        INFINITY, -INFINITY, NAN, 22.5, 0.0234375, 1.0 / 3,
                        2.0 / 3, 100000.5, 1e15 + 0.25};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        check(v[i]);
        check(-v[i]);
    }
}

/* Between 2^50 and 2^51 doubles are quarters: x.25 and x.75 have 18
 * significant digits ending in 5, an exact tie at the 17th. */
static void test_ties_to_even(void **unused)
{
    (void)unused;
    double base = ldexp(1, 50);
    for (int j = 0; j < 4000; j++)
        check(base + (double)j * 0.25 + (double)(next() % 1000000) * 1024);
}

/* Every decade the tables use, and doubles from random bits. */
static void test_random(void **unused)
{
    (void)unused;
    for (int i = 0; i < 100000; i++) {
        double m = (double)(next() >> 11) * 0x1.0p-53;
        int e = (int)(next() % 60) - 30;
        check(m * pow(10, e));
        check(floor(m * 1e7) / 1e3);   /* few digits: trailing zeros */
    }
    for (int i = 0; i < 100000; i++) {
        uint64_t bits = next();
        double v;
        memcpy(&v, &bits, sizeof v);
        check(v);
    }
}

/* Every power of ten a double comes near, with its neighbours: the
 * decade edges where the exponent's first guess is off by one. */
static void test_powers_of_ten(void **unused)
{
    (void)unused;
    for (int e = -325; e <= 309; e++) {
        char lit[16];
        snprintf(lit, sizeof lit, "1e%d", e);
        double v = strtod(lit, NULL);
        check(v);
        check(nextafter(v, 0));
        check(nextafter(v, INFINITY));
        check(v * 9.999999999999999);
        check(v * 5);
    }
}

/* Subnormals and the smallest normals, from random bits and near 2^-1022. */
static void test_subnormals(void **unused)
{
    (void)unused;
    for (int i = 0; i < 20000; i++) {
        uint64_t bits = next() & ((1ull << 52) - 1);
        double v;
        memcpy(&v, &bits, sizeof v);
        check(v);
        check(ldexp(1, -1022) + v);
    }
}

/* Exact ties in every binade where the fast path rounds: doubles with
 * 18 significant digits ending in 5 (m · 2^-k for small k), and random
 * integers near 10^17 and 2^53. */
static void test_halfway(void **unused)
{
    (void)unused;
    for (int k = 1; k <= 6; k++)
        for (int j = 0; j < 3000; j++) {
            double m = (double)((next() >> 11) | 1);
            check(ldexp(m, -k));
        }
    for (int j = 0; j < 20000; j++) {
        check((double)(100000000000000000ull + next() % 1000000000000000000ull));
        check((double)((1ull << 53) - next() % 100000));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chosen_values),
        cmocka_unit_test(test_ties_to_even),
        cmocka_unit_test(test_random),
        cmocka_unit_test(test_powers_of_ten),
        cmocka_unit_test(test_subnormals),
        cmocka_unit_test(test_halfway),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
