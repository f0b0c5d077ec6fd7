/* trygg report and trygg chart as a user runs them, on the fixture region
 * and on a thinned copy (min_n = 300, so that many cells are suppressed):
 * exit statuses, and the PDFs' text (pdftotext) for the legends, the
 * confidence level, the region's name, the areas' names, and that nothing
 * stands beside "för få svar" (no number, interval, mark or rank). Named
 * test_report_* so that CI does not run these processes under valgrind. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_support.h"

#define REGION TRYGG_SOURCE_DIR "/fixtures/region"
#define OUT TRYGG_BINARY_DIR "/report_pages_out"

static int shell(const char *cmd, char **output)
{
    return ts_shell(cmd, output);
}

/* Runs the built trygg with `args`. */
static int trygg(const char *args, char **output)
{
    return ts_run_cli(args, output);
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

static char *pdf_text(const char *pdf, const char *how)
{
    return ts_pdf_text(pdf, how);
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
    /* a district, a municipality, the region; the thinned copy hides
     * Alby's litter in 2024 */
    ts_write_file(OUT "/promises.csv",
                  "area,indicator,baseline_year,followup_year,direction,target\n"
                  "Fittja,share_unsafe_night,2022,2024,minska,-5\n"
                  "Botkyrka,problem_index,2023,2024,minska,\n"
                  "Alby,share_big_problem_p_littering,2022,2024,minska,\n"
                  "region,share_unsafe_night,2022,2024,minska,\n");
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
            page_has(&p[i], "Stadsdelarna", "jämförda") ||
            page_has(&p[i], "Kommunerna", "jämförda") ||
            page_has(&p[i], "Prioriteringsmatris:", NULL) ||
            page_has(&p[i], "Uppföljning", "av"))
            seen += check_too_few(&p[i], pdf);
    }
    pages_free(p, np);
    free(bbox);
    return seen;
}

/* ---- the tests ---- */

/* ---- what the lägesbild report holds ---- */

/* Respondents in a response file: its rows (an independent count). */
static long rows_of(const char *csv)
{
    char *text = ts_read_whole(csv);
    long n = -1;   /* the header */
    for (const char *p = text; *p; p++)
        n += *p == '\n';
    free(text);
    return n;
}

/* "2 646": a count as a Swedish page prints it (a no-break space, which
 * pdftotext gives as a space). */
static void swedish_count(char *buf, size_t size, long n)
{
    if (n >= 1000)
        snprintf(buf, size, "%ld %03ld", n / 1000, n % 1000);
    else
        snprintf(buf, size, "%ld", n);
}

/* The estimate of estimates.csv as a Swedish page prints it. */
static int printed(const ts_table *e, int year, const char *level, const char *domain,
                   const char *indicator, char *buf, size_t size)
{
    for (size_t r = 0; r < e->nrows; r++) {
        if (atoi(ts_cell(e, r, ts_col(e, "year"))) != year ||
            strcmp(ts_cell(e, r, ts_col(e, "level")), level) ||
            strcmp(ts_cell(e, r, ts_col(e, "domain")), domain) ||
            strcmp(ts_cell(e, r, ts_col(e, "indicator")), indicator))
            continue;
        if (!strcmp(ts_cell(e, r, ts_col(e, "flag")), "suppressed"))
            return 0;
        double v = ts_num(e, r, ts_col(e, "estimate"));
        int share = !strncmp(indicator, "share", 5);
        snprintf(buf, size, share ? "%.1f %%" : "%.2f", share ? 100 * v : v);
        for (char *p = buf; *p; p++)
            *p = *p == '.' ? ',' : *p;
        return 1;
    }
    return 0;
}

static void test_report(void **state)
{
    expect("report " REGION "/survey.trygg --out " OUT "/report --quiet --promises "
           OUT "/promises.csv", 0, NULL);
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

/* The whole survey, its sample facts, previous values, women and men, the
 * priority matrix, the kvitto, the methods and the region's report. */
static void test_lagesbild_report(void **state)
{
    const char *w = "botkyrka.pdf";
    char *t = pdf_text(OUT "/report/botkyrka.pdf", "");
    /* sample facts on the pages: the answers counted in the data files */
    char n24[32], n23[32], facts[96];
    swedish_count(n24, sizeof n24, rows_of(REGION "/data/2024_botkyrka.csv"));
    swedish_count(n23, sizeof n23, rows_of(REGION "/data/2023_botkyrka.csv"));
    snprintf(facts, sizeof facts, "Antal svar 2024: %s (2023: %s)", n24, n23);
    has(t, facts, w);
    has(t, "Urval och svar: Botkyrka", w);
    has(t, "Bruttourvalet (hur många som tillfrågades) finns inte i underlaget", w);
    /* every section of the survey, the problem index too */
    const char *sections[] = {"Problem i området", "Otrygghet", "Oro för brott",
                              "Utsatthet för brott", "Polisen"};
    for (size_t i = 0; i < 5; i++) {
        char title[128];
        snprintf(title, sizeof title, "Lägesbild Botkyrka 2024: %s", sections[i]);
        has(t, title, w);
    }
    has(t, "Botkyrka: Problemindex (0–6) 2024 Stadsdelarna jämförda med kommunen", w);
    has(t, "Botkyrka: Förtroende för polisen (medel 1–5) 2024", w);
    has(t, "Utsatthet för brott Botkyrka 2024", w);
    has(t, "Botkyrka jämfört med Stockholms län 2024", w);
    /* the reading guide and the methods, from the definition */
    has(t, "Så läser du rapporten", w);
    has(t, "0 = Inget problem alls, 2 = Ganska litet problem, 4 = Ganska stort problem, 6 = "
           "Mycket stort problem", w);
    has(t, "Om undersökningen", w);
    has(t, "kalibrerade (raking) till befolkningens fördelning efter kommun × kön, kommun × "
           "åldersgrupp", w);
    has(t, "Indikatorerna (1/", w);
    has(t, "Hur trygg känner du dig om du går ut ensam sent en kväll i ditt bostadsområde?", w);
    /* women and men (district*sex), age groups in their order with "–" */
    has(t, "Efter kön, per stadsdel", w);
    has(t, "Män", w);
    has(t, "Kvinnor", w);
    const char *a = strstr(t, "16–24"), *b = a ? strstr(a, "25–44") : NULL;
    const char *c = b ? strstr(b, "45–64") : NULL, *d = c ? strstr(c, "65–84") : NULL;
    if (!d)
        fail_msg("%s: no age groups 16–24, 25–44, 45–64, 65–84 in that order", w);
    lacks(t, "16-24", w);
    /* Brå's matrix, then the list */
    has(t, "Prioriteringsmatris: Botkyrka 2024", w);
    has(t, "Vanligt, över Stockholms län", w);
    has(t, "siffrorna är nycklar i definitionens ordning, ingen rangordning", w);
    /* the kvitto: a district's and the municipality's promise */
    has(t, "Uppföljning av löfte: Fittja 2022–2024", w);
    has(t, "Uppföljning av löfte: Botkyrka 2023–2024", w);
    has(t, "Skillnad mellan förändringarna", w);
    free(t);
    /* the kvitto's difference is the library's, as trygg followup writes it */
    expect("followup " OUT "/promises.csv " REGION "/survey.trygg --out " OUT "/fu.csv --quiet",
           0, NULL);
    ts_table *fu = ts_table_read(OUT "/fu.csv");
    double diff = ts_num(fu, 0, ts_col(fu, "difference"));
    char want[64];
    snprintf(want, sizeof want, "%s%.1f", diff < 0 ? "\xE2\x88\x92" : "+", fabs(100 * diff));
    for (char *p = want; *p; p++)
        *p = *p == '.' ? ',' : *p;
    t = pdf_text(OUT "/report/botkyrka.pdf", "-layout");
    char line[160];
    snprintf(line, sizeof line, "Skillnad mellan förändringarna");
    const char *at = strstr(t, line);
    assert_non_null(at);
    if (!strstr(at, want) || strstr(at, want) - at > 400)
        fail_msg("the kvitto's difference %s (followup.csv) is not on its line", want);
    free(t);
    ts_table_free(fu);
}

/* The indicator whose Swedish label is `label` (indicators.csv), or NULL. */
static const char *indicator_of(const ts_table *ind, const char *label, size_t len)
{
    for (size_t r = 0; r < ind->nrows; r++) {
        const char *l = ts_cell(ind, r, ts_col(ind, "label_sv"));
        if (strlen(l) == len && !strncmp(l, label, len))
            return ts_cell(ind, r, ts_col(ind, "indicator"));
    }
    return NULL;
}

/* The library's decision on the change of (domain, indicator) into 2024:
 * its first year and `significant`; 0 when there is no such row. */
static int change_of(const ts_table *chg, const char *level, const char *domain,
                     const char *indicator, int *from, int *significant)
{
    for (size_t r = 0; r < chg->nrows; r++)
        if (!strcmp(ts_cell(chg, r, ts_col(chg, "level")), level) &&
            !strcmp(ts_cell(chg, r, ts_col(chg, "domain")), domain) &&
            !strcmp(ts_cell(chg, r, ts_col(chg, "indicator")), indicator) &&
            atoi(ts_cell(chg, r, ts_col(chg, "year_to"))) == 2024) {
            *from = atoi(ts_cell(chg, r, ts_col(chg, "year_from")));
            *significant = atoi(ts_cell(chg, r, ts_col(chg, "significant")));
            return 1;
        }
    return 0;
}

/* The number at s ("24,6 %", "1,62") into buf; its length in s. */
static size_t number_at(const char *s, char *buf, size_t size)
{
    size_t n = strspn(s, "0123456789,");
    if (!n || n + 3 >= size)
        return 0;
    memcpy(buf, s, n);
    buf[n] = 0;
    if (!strncmp(s + n, " %", 2)) {
        strcat(buf, " %");
        n += 2;
    }
    return n;
}

typedef struct {
    const ts_table *est, *chg, *ind;
    const char *level, *area, *pdf;
    int sentences, changes;   /* checked; of them called increases or decreases */
} sentence_check;

/* After ”LABEL”: "har ökat från A till B[ sedan Y]", "är B (Y: A);
 * skillnaden är inte …", ": B." or " (B)"; each number must be the
 * estimate's as printed, and an increase or decrease the library's. */
static void check_clause(sentence_check *k, const char *ind, const char *rest)
{
    char a[32] = "", b[32] = "", want[32];
    int from = 0, sig = 0, said = 0, year = 0;
    const char *p;
    static const char UP[] = " har ökat från ", DOWN[] = " har minskat från ";
    if (!strncmp(rest, UP, strlen(UP)) || !strncmp(rest, DOWN, strlen(DOWN))) {
        said = !strncmp(rest, UP, strlen(UP)) ? 1 : -1;
        p = strstr(rest, "från ") + strlen("från ");
        p += number_at(p, a, sizeof a);
        if (strncmp(p, " till ", 6))
            fail_msg("%s: no \"till\" after %s", k->pdf, a);
        p += 6;
        p += number_at(p, b, sizeof b);
        if (!strncmp(p, " sedan ", 7))
            year = atoi(p + 7);
    } else if (!strncmp(rest, " är ", strlen(" är "))) {
        p = rest + strlen(" är ");
        p += number_at(p, b, sizeof b);
        year = atoi(p + 2);
        p = strstr(p, ": ");
        number_at(p + 2, a, sizeof a);
        said = 2;   /* not significant */
    } else if (!strncmp(rest, ": ", 2) || !strncmp(rest, " (", 2)) {
        number_at(rest + 2, b, sizeof b);
    } else {
        return;
    }
    k->sentences++;
    if (!printed(k->est, 2024, k->level, k->area, ind, want, sizeof want))
        fail_msg("%s: a sentence about %s, whose 2024 estimate is hidden", k->pdf, ind);
    if (strcmp(b, want))
        fail_msg("%s: %s said %s for 2024, estimates.csv %s", k->pdf, ind, b, want);
    if (!said)
        return;
    if (!change_of(k->chg, k->level, k->area, ind, &from, &sig))
        fail_msg("%s: a change of %s without a change row", k->pdf, ind);
    if (year && year != from)
        fail_msg("%s: %s since %d, the change row from %d", k->pdf, ind, year, from);
    k->changes += said != 2;
    if (!printed(k->est, from, k->level, k->area, ind, want, sizeof want) || strcmp(a, want))
        fail_msg("%s: %s said %s for %d, estimates.csv %s", k->pdf, ind, a, from, want);
    if ((said == 2 && sig != 0) || (said != 2 && said != sig))
        fail_msg("%s: %s called %s, the library's decision is %d", k->pdf, ind,
                 said == 2 ? "not significant" : said > 0 ? "an increase" : "a decrease", sig);
}

/* Every sentence of a cover (page 1): each quoted label, what follows. */
static void check_cover(sentence_check *k)
{
    char *t = pdf_text(k->pdf, "-f 1 -l 1");
    static const char Q[] = "\xE2\x80\x9D";   /* ” opens and closes a Swedish quote */
    for (const char *p = t; (p = strstr(p, Q)) != NULL;) {
        const char *label = p + 3, *end = strstr(label, Q);
        if (!end)
            break;
        const char *ind = indicator_of(k->ind, label, (size_t)(end - label));
        if (ind)
            check_clause(k, ind, end + 3);
        p = end + 3;
    }
    free(t);
}

/* Generated sentences: every number equals estimates.csv's; "ökat" only
 * where the library found a significant increase; no sentence of a hidden
 * cell. On the fixture and on its thinned copy. */
static void test_sentences(void **state)
{
    const char *defs[] = {REGION "/survey.trygg", OUT "/thin.trygg"};
    const char *dirs[] = {OUT "/report", OUT "/thin"};
    ts_table *ind = ts_table_read(REGION "/indicators.csv");
    const char *munis[][2] = {{"Botkyrka", "botkyrka"}, {"Huddinge", "huddinge"},
                              {"Järfälla", "jarfalla"}, {"Nacka", "nacka"},
                              {"Norrtälje", "norrtalje"}, {"Södertälje", "sodertalje"}};
    for (size_t d = 0; d < 2; d++) {
        char args[2048];
        snprintf(args, sizeof args, "estimate %s --out " OUT "/s_est.csv --quiet", defs[d]);
        expect(args, 0, NULL);
        snprintf(args, sizeof args, "change %s --year 2024 --out " OUT "/s_chg.csv --quiet",
                 defs[d]);
        expect(args, 0, NULL);
        ts_table *est = ts_table_read(OUT "/s_est.csv"), *chg = ts_table_read(OUT "/s_chg.csv");
        size_t total = 0;
        for (size_t m = 0; m < 6; m++) {
            char pdf[1024];
            snprintf(pdf, sizeof pdf, "%s/%s.pdf", dirs[d], munis[m][1]);
            sentence_check k = {est, chg, ind, "municipality", munis[m][0], pdf, 0, 0};
            check_cover(&k);
            total += (size_t)k.sentences;
        }
        assert_true(total >= 12);   /* two figures each, at least */
        /* the districts whose figures changed significantly, as the library
         * decided: their covers call it an increase or a decrease */
        int changed = 0;
        for (size_t r = 0; r < chg->nrows && changed < 2; r++) {
            const char *dom = ts_cell(chg, r, ts_col(chg, "domain"));
            if (strcmp(ts_cell(chg, r, ts_col(chg, "level")), "district") ||
                !strcmp(ts_cell(chg, r, ts_col(chg, "significant")), "0") ||
                (strcmp(ts_cell(chg, r, ts_col(chg, "indicator")), "share_unsafe_night") &&
                 strcmp(ts_cell(chg, r, ts_col(chg, "indicator")), "problem_index")))
                continue;
            snprintf(args, sizeof args, "chart %s --type cover --area '%s' --out " OUT
                     "/s_cover.pdf --quiet", defs[d], dom);
            expect(args, 0, NULL);
            sentence_check k = {est, chg, ind, "district", dom, OUT "/s_cover.pdf", 0, 0};
            check_cover(&k);
            if (!k.changes)
                fail_msg("%s: a significant change, and its cover calls none", dom);
            changed++;
        }
        assert_true(d == 1 || changed > 0);   /* the fixture has districts that change */
        /* the previous value beside the current one is the estimate's */
        if (d == 0) {
            char prev[32], box[64];
            assert_true(printed(est, 2023, "municipality", "Botkyrka", "share_unsafe_night",
                                prev, sizeof prev));
            snprintf(box, sizeof box, "(2023: %s)", prev);
            char *t = pdf_text(OUT "/report/botkyrka.pdf", "-f 1 -l 1");
            has(t, box, "botkyrka.pdf cover");
            free(t);
        }
        ts_table_free(est);
        ts_table_free(chg);
    }
    ts_table_free(ind);
}

/* 1 when the bytes of the file hold `needle` (a PDF has NULs). */
static int file_has(const char *path, const char *needle)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t k = strlen(needle), n = 0, got;
    char *buf = malloc(1 << 20);
    int found = 0;
    assert_non_null(buf);
    /* the last bytes of one read are kept before the next */
    while (!found && (got = fread(buf + n, 1, (1 << 20) - n, f)) > 0) {
        n += got;
        for (size_t i = 0; i + k <= n && !found; i++)
            found = !memcmp(buf + i, needle, k);
        if (n > k) {
            memmove(buf, buf + n - k, k);
            n = k;
        }
    }
    free(buf);
    fclose(f);
    return found;
}

/* The region's report compares the municipalities and ranks none; the
 * PDFs say their title, language and structure. */
static void test_region_and_access(void **state)
{
    char *t = pdf_text(OUT "/report/region.pdf", "");
    has(t, "Trygghetsmätning Stockholms län 2024", "region.pdf");
    has(t, "Kommunerna jämförda med regionen", "region.pdf");
    has(t, "Ordningen följer skattningarna men är ingen rangordning", "region.pdf");
    has(t, "Uppföljning av löfte: Stockholms län 2022–2024", "region.pdf");
    const char *munis[] = {"Botkyrka", "Huddinge", "Järfälla", "Nacka", "Norrtälje",
                           "Södertälje"};
    for (size_t i = 0; i < 6; i++)
        has(t, munis[i], "region.pdf");
    free(t);
    check_pdf(OUT "/report/region.pdf");
    char *html = ts_read_whole(OUT "/report/index.html");
    has(html, "<a href=\"region.pdf\">", "index.html");
    free(html);
    /* accessible PDF: tagged, titled, in Swedish, headings, figures, tables */
    char *info;
    assert_int_equal(shell("pdfinfo '" OUT "/report/botkyrka.pdf'", &info), 0);
    has(info, "Tagged:          yes", "pdfinfo");
    has(info, "Title:           Trygghetsmätning Botkyrka 2024", "pdfinfo");
    free(info);
    assert_int_equal(shell("pdfinfo -struct '" OUT "/report/botkyrka.pdf'", &info), 0);
    const char *tags[] = {"Document", "Sect", "H1", "H2", "Figure", "Table", "TH", "TD", "P"};
    for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
        has(info, tags[i], "pdfinfo -struct");
    lacks(info, "Syntax Warning", "pdfinfo -struct");
    free(info);
    assert_true(file_has(OUT "/report/botkyrka.pdf", "/Lang (sv-SE)"));
    assert_true(file_has(OUT "/report/botkyrka.pdf", "/DisplayDocTitle true"));
}

/* Few answers: every page still made, and nothing of a suppressed value. */
static void test_thinned_report(void **state)
{
    /* on portrait pages: the rules hold there too */
    expect("report " OUT "/thin.trygg --out " OUT "/thin --quiet --page a4-portrait "
           "--promises " OUT "/promises.csv", 0, NULL);
    size_t seen = 0;
    const char *munis[] = {"botkyrka", "huddinge", "jarfalla", "nacka", "norrtalje",
                           "sodertalje"};
    for (size_t i = 0; i < 6; i++) {
        char pdf[1024];
        snprintf(pdf, sizeof pdf, OUT "/thin/%s.pdf", munis[i]);
        seen += check_pdf(pdf);
    }
    seen += check_pdf(OUT "/thin/region.pdf");
    assert_true(seen > 20);   /* the check saw suppressed bars */
    char *t = pdf_text(OUT "/thin/botkyrka.pdf", "-layout");
    has(t, "Färre än 300 svar redovisas inte", "thin botkyrka.pdf");
    free(t);
    /* a promise of a hidden cell: "för få svar", no verdict, no comparison */
    t = pdf_text(OUT "/thin/botkyrka.pdf", "-layout");
    const char *k = strstr(t, "Uppföljning av löfte: Alby 2022–2024");
    assert_non_null(k);
    const char *end = strstr(k, "Källa:");
    assert_non_null(end);
    char *kv = strndup(k, (size_t)(end - k));
    has(kv, "Alby för få svar för få svar för få svar", "Alby's kvitto");
    has(kv, "Bedömning: går ej att avgöra Skäl: för få svar.", "Alby's kvitto");
    lacks(kv, "Skillnad mellan", "Alby's kvitto");
    lacks(kv, "förändrades", "Alby's kvitto");
    free(kv);
    free(t);
}

/* A chart at the size it is printed: its pixels and points, and no text
 * under 8 pt (pdftotext's word boxes: 8 pt DejaVu Sans is 9.3 high). */
static void test_sizes(void **state)
{
    const char *def = REGION "/survey.trygg";
    char args[2048], *out;
    snprintf(args, sizeof args, "chart %s --type lagesbild --area Botkyrka --size 16x10cm "
             "--out " OUT "/z16.png --quiet", def);
    expect(args, 0, NULL);
    assert_int_equal(shell("file '" OUT "/z16.png'", &out), 0);
    has(out, "1890 x 1182", "a 16 × 10 cm PNG at 300 dpi");   /* 1889.8 × 1181.1 */
    free(out);
    snprintf(args, sizeof args, "chart %s --type lagesbild --area Botkyrka --size 6x4in "
             "--dpi 150 --out " OUT "/z6.png --quiet", def);
    expect(args, 0, NULL);
    assert_int_equal(shell("file '" OUT "/z6.png'", &out), 0);
    has(out, "900 x 600", "a 6 × 4 in PNG at 150 dpi");
    free(out);
    const char *types[] = {"lagesbild", "comparison", "trend", "groups", "table", "cover"};
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        snprintf(args, sizeof args, "chart %s --type %s --area Botkyrka --size 16x10cm --out "
                 OUT "/z16.pdf --quiet", def, types[i]);
        expect(args, 0, NULL);
        assert_int_equal(shell("pdfinfo '" OUT "/z16.pdf'", &out), 0);
        has(out, "Page size:       453.543 x 283.465 pts", types[i]);
        free(out);
        char *bbox = pdf_text(OUT "/z16.pdf", "-bbox");
        double lowest = 1e9, y0, y1;
        for (const char *p = bbox; (p = strstr(p, "<word xMin=")) != NULL; p++)
            if (sscanf(p, "<word xMin=\"%*f\" yMin=\"%lf\" xMax=\"%*f\" yMax=\"%lf\"", &y0,
                       &y1) == 2)
                lowest = fmin(lowest, y1 - y0);
        if (!(lowest >= 9.3))
            fail_msg("%s at 16x10cm: a word %.2f points high (8 pt is 9.3)", types[i], lowest);
        free(bbox);
    }
    /* the thinned report was made on portrait A4 pages */
    assert_int_equal(shell("pdfinfo '" OUT "/thin/nacka.pdf'", &out), 0);
    has(out, "Page size:       595.28 x 841.89 pts (A4)", "portrait nacka.pdf");
    free(out);
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
    snprintf(args, sizeof args, "chart %s --type groups --area Fittja --out " OUT "/g.png",
             def);
    expect(args, 1, "a groups chart is drawn for a municipality, and 'Fittja' is a district");
    /* the size a figure is printed at, and its resolution */
    snprintf(args, sizeof args, "chart %s --type trend --area Fittja --size 16x10 --out "
             OUT "/z.png", def);
    expect(args, 2, "bad option --size 16x10 (expected WIDTHxHEIGHT in cm, mm or in, e.g. "
                    "16x10cm or 6x4in)");
    snprintf(args, sizeof args, "chart %s --type trend --area Fittja --size 3x3cm --out "
             OUT "/z.png", def);
    expect(args, 2, "a chart must be at least 5 × 4 cm");
    snprintf(args, sizeof args, "chart %s --type trend --area Fittja --size 16x10cm --dpi 300 "
             "--out " OUT "/z.pdf", def);
    expect(args, 2, "--dpi goes with a .png --out");
    snprintf(args, sizeof args, "chart %s --type trend --area Fittja --dpi 5000 --out "
             OUT "/z.png", def);
    expect(args, 2, "bad option --dpi 5000 (expected a whole number from 72 to 576)");
    snprintf(args, sizeof args, "chart %s --type trend --area Fittja --page a4-portrait "
             "--size 16x10cm --out " OUT "/z.png", def);
    expect(args, 2, "--page and --size: give one of them");
    snprintf(args, sizeof args, "report %s --page a3 --out " OUT "/r", def);
    expect(args, 2, "bad option --page a3 (expected a4-landscape or a4-portrait)");
    /* a list of eleven rows cannot be 5 cm high in 8 pt type: said, not shrunk */
    snprintf(args, sizeof args, "chart %s --type priorities --area Botkyrka --size 12x5cm "
             "--out " OUT "/z.png", def);
    expect(args, 1, "does not fit 12x5cm with text of at least 8 pt: give a larger --size");
    assert_int_not_equal(access(OUT "/z.png", F_OK), 0);
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
        cmocka_unit_test(test_lagesbild_report),
        cmocka_unit_test(test_region_and_access),
        cmocka_unit_test(test_thinned_report),
        cmocka_unit_test(test_sentences),
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_every_chart),
        cmocka_unit_test(test_thinned_charts),
        cmocka_unit_test(test_mistakes),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
