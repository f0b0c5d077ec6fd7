/* trygg report and trygg chart as a user runs them, on the fixture region
 * and on a thinned copy (min_n = 300, so that many cells are suppressed):
 * exit statuses, and the PDFs' text (pdftotext) for the legends, the
 * confidence level, the region's name, the areas' names, and that nothing
 * stands beside "för få svar" (no number, interval, mark or rank). Named
 * test_report_* so that CI does not run these processes under valgrind. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_support.h"

#define REGION TRYGG_SOURCE_DIR "/fixtures/region"
#define OUT TRYGG_BINARY_DIR "/report_pages_out"

/* Runs `cmd` in a shell; its stdout and stderr into *output (caller frees). */
static int shell(const char *cmd, char **output)
{
    char *full = malloc(strlen(cmd) + 16);
    sprintf(full, "%s 2>&1", cmd);
    FILE *p = popen(full, "r");
    free(full);
    assert_non_null(p);
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    while ((got = fread(buf + n, 1, cap - n - 1, p)) > 0)
        if ((n += got) + 1 == cap)
            buf = realloc(buf, cap *= 2);
    buf[n] = 0;
    int status = pclose(p);
    *output = buf;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Runs the built trygg with `args`. */
static int trygg(const char *args, char **output)
{
    const char *cli = getenv("TRYGG_CLI");
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' %s", cli ? cli : TRYGG_BINARY_DIR "/trygg", args);
    return shell(cmd, output);
}

static void expect(const char *args, int status, const char *says)
{
    char *out;
    int rc = trygg(args, &out);
    if (rc != status || (says && !strstr(out, says)))
        fail_msg("trygg %s: exit %d (want %d), said:\n%s\nwanted: %s", args, rc, status, out,
                 says ? says : "");
    free(out);
}

/* The text of a PDF, every run of white space one space (so that phrases
 * match across wrapped lines), or (how "-bbox") its words and places. */
static char *pdf_text(const char *pdf, const char *how)
{
    char cmd[2048], *out;
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s '%s' -", how, pdf);
    if (shell(cmd, &out) != 0)
        fail_msg("pdftotext %s failed: %s", pdf, out);
    if (!strcmp(how, "-bbox"))
        return out;
    char *w = out;
    for (const char *r = out; *r; r++)
        if (!isspace((unsigned char)*r) || (w > out && w[-1] != ' '))
            *w++ = isspace((unsigned char)*r) ? ' ' : *r;
    *w = 0;
    return out;
}

static void has(const char *text, const char *what, const char *where)
{
    if (!strstr(text, what))
        fail_msg("%s lacks \"%s\"; its text:\n%s", where, what, text);
}

static void lacks(const char *text, const char *what, const char *where)
{
    if (strstr(text, what))
        fail_msg("%s has \"%s\"; its text:\n%s", where, what, text);
}

/* A copy of the fixture's definition (the data where they are) with one
 * line changed, and a crossing for the groups chart. */
static void definition(const char *path, const char *min_n)
{
    char cmd[4096], *out;
    snprintf(cmd, sizeof cmd,
             "sed -e 's|^files = data/|files = " REGION "/data/|' "
             "-e 's#^\\(scales\\|items\\|indicators\\|population\\) = #\\1 = " REGION "/#' "
             "-e 's|^min_n = 30$|min_n = %s|' "
             "-e 's|^crossings = .*|crossings = district*sex municipality*age_group "
             "municipality*sex*age_group|' " REGION "/survey.trygg > '%s'", min_n, path);
    assert_int_equal(shell(cmd, &out), 0);
    free(out);
}

static int setup(void **state)
{
    char *out;
    shell("rm -rf '" OUT "' && mkdir -p '" OUT "'", &out);
    free(out);
    definition(OUT "/full.trygg", "30");
    definition(OUT "/thin.trygg", "300");
    return 0;
}

/* ---- words and where they stand (pdftotext -bbox) ---- */

typedef struct {
    double x0, y0, x1;
    char text[128];
} word;

typedef struct {
    word *w;
    size_t n;
    char *title;   /* the page's first line */
} page;

static size_t read_pages(const char *bbox, page **out)
{
    size_t np = 0;
    page *p = NULL;
    for (const char *s = bbox; (s = strchr(s, '<')) != NULL; s++) {
        if (!strncmp(s, "<page ", 6)) {
            p = realloc(p, (np + 1) * sizeof *p);
            p[np++] = (page){NULL, 0, NULL};
            continue;
        }
        word w;
        if (!np || sscanf(s, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%*f\">%127[^<]",
                          &w.x0, &w.y0, &w.x1, w.text) != 4)
            continue;
        page *pg = &p[np - 1];
        pg->w = realloc(pg->w, (pg->n + 1) * sizeof *pg->w);
        pg->w[pg->n++] = w;
    }
    *out = p;
    return np;
}

static void pages_free(page *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(p[i].w);
    free(p);
}

static int has_digit_or_mark(const char *s)
{
    for (const char *c = s; *c; c++)
        if (isdigit((unsigned char)*c))
            return 1;
    return strstr(s, "▲") || strstr(s, "▼") || strstr(s, "⊕") || strstr(s, "⊖");
}

static int page_has(const page *p, const char *a, const char *b)
{
    for (size_t i = 0; i + 1 < p->n; i++)
        if (!strcmp(p->w[i].text, a) && (!b || !strcmp(p->w[i + 1].text, b)))
            return 1;
    return 0;
}

/* Bar pages: on the line of each "för få svar", no number, interval or
 * mark within a bar's width of it, and no rank at the line's start. */
static size_t check_too_few(const page *p, const char *where)
{
    size_t found = 0;
    for (size_t i = 0; i + 2 < p->n; i++) {
        const word *a = &p->w[i], *c = &p->w[i + 2];
        if (strcmp(a->text, "för") || strcmp(p->w[i + 1].text, "få") || strcmp(c->text, "svar"))
            continue;
        found++;
        for (size_t j = 0; j < p->n; j++) {
            const word *o = &p->w[j];
            if (j >= i && j <= i + 2)
                continue;
            if (o->y0 < a->y0 - 1.5 || o->y0 > a->y0 + 1.5)
                continue;
            int near = o->x1 > a->x0 - 250 && o->x0 < c->x1 + 250;
            int rank = o->x1 < a->x0 && strspn(o->text, "0123456789") == strlen(o->text);
            if ((near && has_digit_or_mark(o->text)) || rank)
                fail_msg("%s: '%s' stands beside \"för få svar\"", where, o->text);
        }
    }
    return found;
}

/* Every bar page of a PDF: nothing beside "för få svar"; no word "region"
 * (the level's id) on any page; no "nan". Returns the "för få svar" seen. */
static size_t check_pdf(const char *pdf)
{
    char *bbox = pdf_text(pdf, "-bbox");
    page *p;
    size_t np = read_pages(bbox, &p), seen = 0;
    assert_true(np > 0);
    for (size_t i = 0; i < np; i++) {
        for (size_t j = 0; j < p[i].n; j++)
            if (!strcmp(p[i].w[j].text, "region") || strstr(p[i].w[j].text, "nan"))
                fail_msg("%s page %zu: the word '%s'", pdf, i + 1, p[i].w[j].text);
        if (page_has(&p[i], "Lägesbild", NULL) || page_has(&p[i], "Prioritering", "av") ||
            page_has(&p[i], "Stadsdelarna", "jämförda"))
            seen += check_too_few(&p[i], pdf);
    }
    pages_free(p, np);
    free(bbox);
    return seen;
}

/* ---- the tests ---- */

static void test_report(void **state)
{
    expect("report " REGION "/survey.trygg --out " OUT "/report --quiet", 0, NULL);
    char *t = pdf_text(OUT "/report/botkyrka.pdf", "-layout");
    const char *w = "botkyrka.pdf";
    has(t, "Trygghetsmätning Botkyrka 2024", w);
    has(t, "Lägesbild Botkyrka 2024", w);
    has(t, "Lägesbild Hallunda-Norsborg 2024", w);
    has(t, "Stockholms län", w);                /* the region, by its name */
    has(t, "95 % konfidensintervall", w);
    has(t, "95 % KI:", w);
    has(t, "▲▼ = signifikant förändring sedan 2023 (Holm-justerat p <", w);
    has(t, "⊕⊖ = signifikant högre/lägre än Botkyrka", w);
    has(t, "signifikant ökning sedan föregående mätning, till det sämre", w);
    has(t, "litet (under 25 %)", w);            /* the table's bands, with limits */
    has(t, "måttligt (25–50 %)", w);
    has(t, "Cellerna visar andelen", w);
    has(t, "Prioriterade problem", w);
    has(t, "Övriga problem", w);
    has(t, "osäker skattning: variationskoefficient över 30 %", w);
    free(t);
    check_pdf(OUT "/report/botkyrka.pdf");
    t = pdf_text(OUT "/report/sodertalje.pdf", "-layout");
    has(t, "Lägesbild Södertälje 2024", "sodertalje.pdf");
    has(t, "Lägesbild Östertälje 2024", "sodertalje.pdf");
    free(t);
    t = pdf_text(OUT "/report/jarfalla.pdf", "-layout");
    has(t, "Järfälla", "jarfalla.pdf");
    free(t);
    t = pdf_text(OUT "/report/norrtalje.pdf", "-layout");
    has(t, "Lägesbild Norrtälje stad 2024", "norrtalje.pdf");
    free(t);
}

/* Few answers: every page still made, and nothing of a suppressed value. */
static void test_thinned_report(void **state)
{
    expect("report " OUT "/thin.trygg --out " OUT "/thin --quiet", 0, NULL);
    size_t seen = 0;
    const char *munis[] = {"botkyrka", "huddinge", "jarfalla", "nacka", "norrtalje",
                           "sodertalje"};
    for (size_t i = 0; i < 6; i++) {
        char pdf[1024];
        snprintf(pdf, sizeof pdf, OUT "/thin/%s.pdf", munis[i]);
        seen += check_pdf(pdf);
    }
    assert_true(seen > 20);   /* the check saw suppressed bars */
    char *t = pdf_text(OUT "/thin/botkyrka.pdf", "-layout");
    has(t, "Färre än 300 svar redovisas inte", "thin botkyrka.pdf");
    free(t);
}

/* Draws a chart as a PDF; its text has each of `want` and not `not`. */
static void chart_text(const char *args, const char *pdf, const char *const *want,
                       const char *not)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "chart %s --out %s --quiet", args, pdf);
    expect(cmd, 0, NULL);
    char *t = pdf_text(pdf, "-layout");
    for (size_t i = 0; want[i]; i++)
        has(t, want[i], pdf);
    if (not)
        lacks(t, not, pdf);
    free(t);
    check_pdf(pdf);
}

static void test_every_chart(void **state)
{
    const char *def = OUT "/full.trygg";
    char args[2048];
    static const char *const types[][4] = {
        {"lagesbild", "Botkyrka", "Lägesbild Botkyrka 2024", "Stockholms län"},
        {"comparison", "Botkyrka", "Stadsdelarna jämförda med kommunen", "Botkyrka: 24,6 %"},
        {"table", "Botkyrka", "Problembild Botkyrka 2024", "stort (50 % och mer)"},
        {"trend", "Botkyrka", "Botkyrka: Otrygg ute ensam sent en kväll", "Stockholms län"},
        {"groups", "Botkyrka", "Efter kön och åldersgrupp", "Kvinnor"},
        {"priorities", "Fittja", "Prioritering av problem: Fittja 2024", "Övriga problem"},
        {"cover", "Fittja", "Trygghetsmätning Fittja 2024", "Problemindex (0–6)"},
        {"lägesbild", "region", "Lägesbild Stockholms län 2024", "Otrygg ute ensam"},
    };
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        const char *want[] = {types[i][2], types[i][3], NULL};
        snprintf(args, sizeof args, "%s --type %s --area %s", def, types[i][0], types[i][1]);
        /* the table's note speaks of cells, not of bars it does not have */
        chart_text(args, OUT "/chart.pdf", want, i == 2 ? "Stapl" : NULL);
    }
    /* the level asked for, on every label; English */
    const char *eighty[] = {"80 % konfidensintervall", "80 % KI:", "med 80 % konfidensintervall",
                            NULL};
    chart_text(REGION "/survey.trygg --type lagesbild --area Fittja --confidence 0.8",
               OUT "/c80.pdf", eighty, "95 %");
    const char *english[] = {"Situation picture: Fittja 2024", "95% confidence interval",
                             "Holm-adjusted p < 0.05 among the area's 19 indicators", NULL};
    snprintf(args, sizeof args, "%s --type lagesbild --area Fittja --lang en", def);
    chart_text(args, OUT "/en.pdf", english, "95 %");
    const char *png_args[] = {"png", "svg"};
    for (size_t i = 0; i < 2; i++) {
        snprintf(args, sizeof args, "chart %s --type trend --area Fittja --out " OUT "/t.%s "
                 "--quiet", def, png_args[i]);
        expect(args, 0, NULL);
    }
}

static void test_thinned_charts(void **state)
{
    const char *def = OUT "/thin.trygg";
    const char *types[] = {"lagesbild", "priorities", "cover", "trend"};
    char args[2048];
    for (size_t i = 0; i < 4; i++) {
        snprintf(args, sizeof args, "chart %s --type %s --area Alby --out " OUT "/alby.pdf "
                 "--quiet", def, types[i]);
        expect(args, 0, NULL);
        check_pdf(OUT "/alby.pdf");
    }
    char *t = pdf_text(OUT "/alby.pdf", "-layout");   /* the trend */
    has(t, "för få svar", "thinned trend");
    free(t);
    snprintf(args, sizeof args, "chart %s --type priorities --area Alby --out " OUT "/p.pdf "
             "--quiet", def);
    expect(args, 0, NULL);
    t = pdf_text(OUT "/p.pdf", "-layout");
    has(t, "För få svar för att bedöma", "thinned priorities");
    free(t);
}

/* Usage and selections: each says what is wrong, and writes nothing. */
static void test_mistakes(void **state)
{
    const char *def = REGION "/survey.trygg";
    char args[2048];
    expect("chart --help", 0, "usage: trygg chart");
    expect("report --help", 0, "usage: trygg report");
    snprintf(args, sizeof args, "chart %s --type lagesbild --area Fittja --out " OUT "/x.jpg",
             def);
    expect(args, 2, "--out '" OUT "/x.jpg': the file name must end in .png, .svg or .pdf");
    assert_int_not_equal(access(OUT "/x.jpg", F_OK), 0);
    snprintf(args, sizeof args, "chart %s --type karta --area Fittja --out " OUT "/k.png", def);
    expect(args, 1, "nothing to draw for karta 'Fittja': unknown --type 'karta'");
    snprintf(args, sizeof args, "chart %s --type lagesbild --area Atlantis --out " OUT "/a.png",
             def);
    expect(args, 1, "no area 'Atlantis' in the data");
    snprintf(args, sizeof args, "chart %s --type table --area Fittja --out " OUT "/a.png", def);
    expect(args, 1, "a table chart is drawn for a municipality, and 'Fittja' is a district");
    snprintf(args, sizeof args, "chart %s --type groups --area Botkyrka --out " OUT "/g.png",
             def);
    expect(args, 1, "the definition needs the crossing municipality*sex*age_group");
    /* a year not in the data: an error naming the years there are, no crash
     * and nothing left behind */
    snprintf(args, sizeof args, "report %s --year 2025 --out " OUT "/r2025", def);
    expect(args, 1, "trygg report: no survey year 2025 in the data (years: 2022, 2023, 2024)");
    assert_int_not_equal(access(OUT "/r2025", F_OK), 0);
    snprintf(args, sizeof args, "chart %s --year 2021 --type trend --area Fittja --out "
             OUT "/y.png", def);
    expect(args, 1, "trygg chart: no survey year 2021 in the data (years: 2022, 2023, 2024)");
    assert_int_not_equal(access(OUT "/y.png", F_OK), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report),
        cmocka_unit_test(test_thinned_report),
        cmocka_unit_test(test_every_chart),
        cmocka_unit_test(test_thinned_charts),
        cmocka_unit_test(test_mistakes),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
