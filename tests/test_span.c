/* Exact span membership of 0/1 rows (lib/span.c), on cases worked out by
 * hand: nested areas, a crossing, and a combination whose coefficients are
 * not all ±1. */
#include <stdint.h>

#include "span.h"
#include "test_support.h"

static trygg_span *span_of(size_t ncols)
{
    trygg_span *s = NULL;
    assert_int_equal(trygg_span_new(ncols, &s), TRYGG_OK);
    return s;
}

static void add(trygg_span *s, uint32_t id, const uint32_t *cols, size_t n)
{
    assert_int_equal(trygg_span_add(s, id, cols, n), TRYGG_OK);
}

/* Is `cols` in the span? With its combination's ids and coefficients. */
static int contains(trygg_span *s, const uint32_t *cols, size_t n, const uint32_t **ids,
                    size_t *nids)
{
    int in;
    assert_int_equal(trygg_span_contains(s, cols, n, &in, ids, nids), TRYGG_OK);
    return in;
}

/* A parent P = {0,1,2,3} and children A = {0,1}, B = {2}, C = {3}:
 * C = P − A − B; {0} alone is not a combination. */
static void test_parent_minus_children(void **unused)
{
    (void)unused;
    trygg_span *s = span_of(4);
    const uint32_t P[] = {0, 1, 2, 3}, A[] = {0, 1}, B[] = {2}, C[] = {3}, X[] = {0};
    add(s, 10, P, 4);
    add(s, 11, A, 2);
    add(s, 12, B, 1);
    assert_int_equal(trygg_span_rank(s), 3);
    const uint32_t *ids;
    size_t n;
    assert_true(contains(s, C, 1, &ids, &n));
    assert_int_equal(n, 3);
    assert_int_equal(ids[0], 10);
    assert_int_equal(trygg_span_coefficient(s, 0), 1);
    assert_int_equal(ids[1], 11);
    assert_int_equal(trygg_span_coefficient(s, 1), -1);
    assert_int_equal(ids[2], 12);
    assert_int_equal(trygg_span_coefficient(s, 2), -1);
    assert_false(contains(s, X, 1, &ids, &n));
    assert_int_equal(n, 0);
    trygg_span_free(s);
}

/* Atoms of two districts × two sexes: d1m d1f d2m d2f = 0 1 2 3. Published:
 * the municipality, both districts, d1's men; across the sexes: all men.
 * Then d2's men = men − d1's men, d1's women = d1 − d1's men, d2's women =
 * municipality − men − d1's women ... all follow; a duplicate row (d1 added
 * twice) adds no rank. */
static void test_crossing(void **unused)
{
    (void)unused;
    trygg_span *s = span_of(4);
    const uint32_t M[] = {0, 1, 2, 3}, D1[] = {0, 1}, D2[] = {2, 3}, D1M[] = {0},
                   MEN[] = {0, 2}, D2M[] = {2}, D2F[] = {3};
    add(s, 1, M, 4);
    add(s, 2, D1, 2);
    add(s, 3, D2, 2);
    assert_int_equal(trygg_span_rank(s), 2);   /* M = D1 + D2 */
    const uint32_t *ids;
    size_t n;
    assert_false(contains(s, D2M, 1, &ids, &n));
    add(s, 4, D1M, 1);
    add(s, 5, MEN, 2);
    add(s, 6, D1, 2);
    assert_int_equal(trygg_span_rank(s), 4);
    assert_true(contains(s, D2M, 1, &ids, &n));   /* = MEN − D1M */
    assert_true(contains(s, D2F, 1, &ids, &n));
    trygg_span_free(s);
}

/* 2·x = (x + y) + (x − y) is not a 0/1 case; but x0 = ((x0+x1) + (x0+x2) −
 * (x1+x2)) / 2 needs a half: the coefficient is not a small whole number. */
static void test_fractional_combination(void **unused)
{
    (void)unused;
    trygg_span *s = span_of(3);
    const uint32_t A[] = {0, 1}, B[] = {0, 2}, C[] = {1, 2}, X[] = {0};
    add(s, 0, A, 2);
    add(s, 1, B, 2);
    add(s, 2, C, 2);
    const uint32_t *ids;
    size_t n;
    assert_true(contains(s, X, 1, &ids, &n));
    assert_int_equal(n, 3);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(trygg_span_coefficient(s, i), 0);   /* ±1/2 */
    trygg_span_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parent_minus_children),
        cmocka_unit_test(test_crossing),
        cmocka_unit_test(test_fractional_combination),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
