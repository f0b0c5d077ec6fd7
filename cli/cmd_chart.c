/* trygg chart: one chart of one area, to PNG, SVG or PDF by the extension. */
#include "chart.h"

#include <string.h>

static int area_level(const rb_ctx *c, const char *area, const char **level)
{
    static const char *const levels[] = {"district", "municipality", "region"};
    for (int i = 0; i < 3; i++)
        for (size_t k = 0; k < trygg_results_count(c->est); k++) {
            const trygg_estimate_row *x = trygg_results_row(c->est, k);
            if (!strcmp(x->level, levels[i]) && !strcmp(x->domain, area)) {
                *level = levels[i];
                return 0;
            }
        }
    return -1;
}

static int build(const trygg_survey *sv, const cli_args *a, const rb_ctx *c, rb_arena *ar,
                 const char *type, const char *area, trygg_priorities **prio,
                 trygg_report_chart *ch)
{
    const char *level, *ind = a->est.indicator ? a->est.indicator
                                               : rb_main_indicator(c->def);
    if (area_level(c, area, &level) != 0) {
        fprintf(stderr, "trygg chart: no area '%s'\n", area);
        return -1;
    }
    if (!strcmp(type, "lagesbild")) return rb_lagesbild(c, ar, level, area, ch);
    if (!strcmp(type, "comparison")) return rb_comparison(c, ar, area, ind, ch);
    if (!strcmp(type, "table")) return rb_table(c, ar, area, 0, ch);
    if (!strcmp(type, "trend")) return rb_trend(c, ar, level, area, ind, ch);
    if (!strcmp(type, "groups")) return rb_groups(c, ar, area, ind, ch);
    if (!strcmp(type, "cover")) return rb_cover(c, ar, area, ch);
    if (!strcmp(type, "priorities")) {
        trygg_priority_options po;
        trygg_priority_options_init(&po);
        po.weighting = a->est.weighting;
        po.year = c->year;
        char spec[512];
        snprintf(spec, sizeof spec, "%s:%s", level, area);
        if (trygg_priorities_compute(sv, &po, spec, prio, NULL) != TRYGG_OK)
            return -1;
        return rb_priorities(c, ar, *prio, area, ch);
    }
    fprintf(stderr, "trygg chart: unknown --type '%s'\n", type);
    return -1;
}

int cli_chart(const trygg_survey *sv, const cli_args *a, const rb_ctx *c,
              const char *type, const char *area)
{
    rb_arena ar = {0};
    trygg_priorities *prio = NULL;
    trygg_report_chart ch;
    int rc = CLI_INPUT;
    if (build(sv, a, c, &ar, type, area, &prio, &ch) == 0) {
        const char *ext = strrchr(a->out, '.');
        trygg_report_status st =
            ext && !strcmp(ext, ".svg") ? trygg_report_write_svg(&ch, a->out)
            : ext && !strcmp(ext, ".pdf") ? trygg_report_write_pdf(&ch, 1, a->out)
                                          : trygg_report_write_png(&ch, 1.5, a->out);
        if (st == TRYGG_REPORT_OK) {
            rc = CLI_OK;
            if (!a->quiet)
                fprintf(stderr, "trygg: wrote %s\n", a->out);
        } else {
            fprintf(stderr, "trygg: %s: %s\n", a->out, trygg_report_strerror(st));
        }
    } else {
        fprintf(stderr, "trygg chart: nothing to draw for %s '%s'\n", type, area);
    }
    trygg_priorities_free(prio);
    rb_arena_free(&ar);
    return rc;
}
