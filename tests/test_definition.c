/* The survey definition: a good one read back, and each mistake an analyst
 * can make, reported with file, line and what was expected. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_support.h"
#include "trygg.h"

#define MINI TRYGG_TEST_DIR "/data/mini/"

static void test_reads_the_mini_definition(void **state)
{
    (void)state;
    trygg_definition *d = NULL;
    trygg_errors *err = trygg_errors_new(10);
    assert_int_equal(trygg_definition_load(MINI "survey.trygg", &d, err), TRYGG_OK);
    assert_string_equal(trygg_definition_name(d), "mini");
    assert_int_equal(trygg_definition_item_count(d), 2);
    assert_string_equal(trygg_definition_item_label(d, 0, TRYGG_LANG_SV), "Nedskräpning");
    assert_string_equal(trygg_definition_item_label(d, 0, TRYGG_LANG_EN), "Litter");
    assert_int_equal(trygg_definition_indicator_count(d), 2);
    assert_int_equal(trygg_definition_indicator_find(d, "index"), 1);
    assert_true(trygg_definition_indicator_is_share(d, 0));
    assert_string_equal(trygg_definition_indicator_group(d, 1), "headline");
    trygg_definition_free(d);
    trygg_errors_free(err);
}

/* Writes the mini definition with one line replaced (or appended) into a
 * temporary folder beside copies of its tables; returns the path. */
static char *variant(const char *from, const char *to, const char *table,
                     const char *table_text)
{
    static char dir[256];
    snprintf(dir, sizeof dir, "%s/deftest_XXXXXX", TRYGG_BINARY_DIR);
    assert_non_null(mkdtemp(dir));
    const char *tables[] = {"scales.csv", "items.csv", "indicators.csv"};
    char src[512], dst[512], buf[8192];
    for (int i = 0; i < 3; i++) {
        snprintf(src, sizeof src, "%s%s", MINI, tables[i]);
        snprintf(dst, sizeof dst, "%s/%s", dir, tables[i]);
        FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
        assert_true(in && out);
        if (table && strcmp(table, tables[i]) == 0)
            fputs(table_text, out);
        else
            fwrite(buf, 1, fread(buf, 1, sizeof buf, in), out);
        fclose(in);
        fclose(out);
    }
    snprintf(src, sizeof src, "%ssurvey.trygg", MINI);
    FILE *in = fopen(src, "rb");
    size_t n = fread(buf, 1, sizeof buf - 1, in);
    fclose(in);
    buf[n] = 0;
    char *text = buf, *hit = from ? strstr(buf, from) : NULL;
    static char path[512];
    snprintf(path, sizeof path, "%s/survey.trygg", dir);
    FILE *out = fopen(path, "wb");
    if (hit) {
        fwrite(text, 1, (size_t)(hit - text), out);
        fputs(to, out);
        fputs(hit + strlen(from), out);
    } else {
        fputs(text, out);
        if (to)
            fputs(to, out);
    }
    fclose(out);
    return path;
}

typedef struct {
    const char *from, *to, *table, *table_text;
    const char *message;
    unsigned long line;
} def_case;

static const def_case CASES[] = {
    {"lonely", "lonely", NULL, NULL, "key 'titel' outside", 0},
    {"[report]", "[rapport]", NULL, NULL, "section = 'rapport': expected one of survey, columns", 16},
    {"min_n = 1", "min_n = två", NULL, NULL, "min_n = 'två': expected a whole number", 18},
    {"min_n = 1", "min_n = 2\nmin_n = 3", NULL, NULL, "key 'min_n' given twice in [report]", 19},
    {"id = id", "", NULL, NULL, "[columns] must name the id (respondent) column", 0},
    {"[report]", "[design]\nlonely_psu = sometimes\n[report]", NULL, NULL,
     "lonely_psu = 'sometimes': expected one of fail, certainty, remove, adjust, average", 17},
    {"[report]", "[weighting]\nmethod = rake\n[report]", NULL, NULL,
     "[weighting] method needs population and margins", 0},
    {NULL, NULL, "items.csv", "item,scale,label_sv,label_en\np_a,problem,A,A\np_b,likert,B,B\n",
     "item 'p_b' uses scale 'likert', which scales.csv does not define", 3},
    {NULL, NULL, "indicators.csv", "indicator,type,items,codes\nx,share,p_c,3 4\n",
     "indicator 'x' uses item 'p_c', which items.csv does not define", 2},
    {NULL, NULL, "indicators.csv", "indicator,type,items,codes\nx,share,p_a,3 7\n",
     "code '7' is not in scale 'problem'", 2},
    {NULL, NULL, "indicators.csv", "indicator,type,items,codes\nx,median,p_a,\n",
     "type 'median' is not one of share, mean, index, total, ratio, difference", 2},
    {NULL, NULL, "indicators.csv", "indicator,type,items,codes\nx,share,p_a,\n",
     "share indicator 'x' needs codes", 2},
    {NULL, NULL, "indicators.csv", "indicator,type,items,codes\nx,ratio,p_a,\n",
     "indicator 'x' needs two items (numerator, denominator)", 2},
    {NULL, NULL, "indicators.csv", "indicator,type,items\n",
     "no indicators defined", 0},
    {NULL, NULL, "indicators.csv", "indicator,type,items,min_valid\nx,index,p_a p_b,3\n",
     "min_valid '3': expected 1 to the number of items", 2},
    {NULL, NULL, "scales.csv", "scale,code,valid\nproblem,1,1\nproblem,1,0\n",
     "code '1' appears twice in scale 'problem'", 3},
    {NULL, NULL, "scales.csv", "scale,code,valid\nproblem,1,yes\n",
     "valid = 'yes': expected 1 (an answer) or 0", 2},
    {NULL, NULL, "scales.csv", "scale,label\nproblem,x\n", "missing column 'code'", 1},
};

static void test_each_mistake(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
        const def_case *c = &CASES[i];
        const char *to = c->to;
        char custom[128];
        if (i == 0) {  /* a key before any section */
            snprintf(custom, sizeof custom, "titel = x\n");
            to = NULL;
        }
        char *path = variant(c->from, to, c->table, c->table_text);
        if (i == 0) {
            FILE *f = fopen(path, "rb");
            char buf[4096];
            size_t n = fread(buf, 1, sizeof buf - 1, f);
            fclose(f);
            buf[n] = 0;
            f = fopen(path, "wb");
            fputs(custom, f);
            fputs(buf, f);
            fclose(f);
        }
        trygg_definition *d = NULL;
        trygg_errors *err = trygg_errors_new(10);
        assert_int_not_equal(trygg_definition_load(path, &d, err), TRYGG_OK);
        assert_null(d);
        const trygg_diag *g = trygg_errors_get(err, 0);
        assert_non_null(g);
        if (!strstr(g->message, c->message))
            fail_msg("case %zu: expected '%s', got '%s'", i, c->message, g->message);
        if (c->line && g->line != c->line)
            fail_msg("case %zu: '%s' on line %lu, expected %lu", i, g->message,
                     g->line, c->line);
        trygg_errors_free(err);
    }
}

static void test_missing_file(void **state)
{
    (void)state;
    trygg_definition *d = NULL;
    trygg_errors *err = trygg_errors_new(10);
    assert_int_equal(trygg_definition_load(MINI "nope.trygg", &d, err), TRYGG_ERR_IO);
    assert_non_null(strstr(trygg_errors_get(err, 0)->message, "cannot open"));
    trygg_errors_free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads_the_mini_definition),
        cmocka_unit_test(test_each_mistake),
        cmocka_unit_test(test_missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
