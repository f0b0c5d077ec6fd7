/* Names: NFC, case folding and the one slug rule, on names whose forms are
 * known (the code points are written out, so the test does not depend on
 * how this file itself was saved). */
#include <stdlib.h>
#include <string.h>

#include "test_support.h"
#include "trygg.h"

static void expect_slug(const char *name, const char *want)
{
    char *s = NULL;
    assert_int_equal(trygg_slug(name, &s), TRYGG_OK);
    assert_string_equal(s, want);
    free(s);
}

static void test_nfc(void **unused)
{
    (void)unused;
    const char nfd[] = "J" "a\xCC\x88" "rf" "a\xCC\x88" "lla";   /* a + U+0308 */
    const char nfc[] = "J\xC3\xA4rf\xC3\xA4lla";                /* U+00E4 */
    char *s = NULL;
    assert_int_equal(trygg_utf8_nfc(nfd, strlen(nfd), &s), TRYGG_OK);
    assert_string_equal(s, nfc);
    free(s);
    assert_int_equal(trygg_utf8_nfc(nfc, strlen(nfc), &s), TRYGG_OK);
    assert_string_equal(s, nfc);
    free(s);
    /* a length, not a terminator: only the first 5 bytes */
    assert_int_equal(trygg_utf8_nfc("Nacka kommun", 5, &s), TRYGG_OK);
    assert_string_equal(s, "Nacka");
    free(s);
}

static void test_invalid_utf8(void **unused)
{
    (void)unused;
    const char *bad[] = {"S\xF6" "dert\xE4lje",     /* Latin-1 */
                         "\xED\xA0\x80",             /* an encoded surrogate */
                         "\xC0\xAF",                 /* overlong '/' */
                         "ab\xE2\x82"};              /* truncated */
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *s = (char *)"untouched";
        assert_int_equal(trygg_utf8_nfc(bad[i], strlen(bad[i]), &s), TRYGG_ERR_PARSE);
        assert_null(s);
        assert_int_equal(trygg_slug(bad[i], &s), TRYGG_ERR_PARSE);
        assert_null(s);
    }
}

static void test_fold(void **unused)
{
    (void)unused;
    char *a = NULL, *b = NULL, *c = NULL;
    assert_int_equal(trygg_utf8_fold("J\xC3\x84RF\xC3\x84LLA", &a), TRYGG_OK);
    assert_int_equal(trygg_utf8_fold("j" "a\xCC\x88" "rf\xC3\xA4lla", &b), TRYGG_OK);
    assert_int_equal(trygg_utf8_fold("J\xC3\xA4rf\xC3\xA4lla", &c), TRYGG_OK);
    assert_string_equal(a, "j\xC3\xA4rf\xC3\xA4lla");
    assert_string_equal(a, b);
    assert_string_equal(a, c);
    free(a);
    free(b);
    free(c);
}

static void test_slug(void **unused)
{
    (void)unused;
    expect_slug("S\xC3\xB6" "dert\xC3\xA4lje", "sodertalje");
    expect_slug("Upplands V\xC3\xA4sby", "upplands-vasby");
    expect_slug("\xC3\x84lta", "alta");
    expect_slug("Fisks\xC3\xA4tra", "fisksatra");
    expect_slug("Hallunda-Norsborg", "hallunda-norsborg");
    expect_slug("  Liding\xC3\xB6 / stad  ", "lidingo-stad");
    expect_slug("Caf\xC3\xA9 Zo\xC3\xAB", "cafe-zoe");
    expect_slug("T\xC3\xB8nsberg \xC3\x86r\xC3\xB8", "tonsberg-aero");
    expect_slug("Stra\xC3\x9F" "e", "strasse");
    expect_slug("\xC3\x85re", "are");
    expect_slug("NACKA", "nacka");
    expect_slug("../../etc/passwd", "etc-passwd");
    expect_slug("<script>alert(1)</script>", "script-alert-1-script");
    /* the NFD and NFC forms of a name have one slug */
    expect_slug("J" "a\xCC\x88" "rf" "a\xCC\x88" "lla", "jarfalla");
}

static void test_slug_fallback(void **unused)
{
    (void)unused;
    char *a = NULL, *b = NULL, *c = NULL;
    /* "Москва" in Cyrillic: nothing ASCII is left */
    assert_int_equal(trygg_slug("\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0", &a),
                     TRYGG_OK);
    assert_int_equal(trygg_slug("\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0", &b),
                     TRYGG_OK);
    assert_int_equal(trygg_slug("\xE6\x9D\xB1\xE4\xBA\xAC", &c), TRYGG_OK); /* 東京 */
    assert_int_equal(strlen(a), 9);
    assert_int_equal(a[0], 'x');
    assert_string_equal(a, b);          /* stable */
    assert_string_not_equal(a, c);      /* and its own */
    free(a);
    free(b);
    free(c);
    char *e = NULL;
    assert_int_equal(trygg_slug("", &e), TRYGG_OK);
    assert_int_equal(strlen(e), 9);
    free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nfc),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_slug),
        cmocka_unit_test(test_slug_fallback),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
