/* The priorities of an area: the problems the library marks as priorities
 * first, the others under their own heading, those with too few answers
 * last; only priorities are numbered, and a hidden value never is. */
#include "book_internal.h"

#include <math.h>
#include <string.h>

#define SV(c) ((c)->lang == TRYGG_REPORT_SV)

enum { PRIO, OTHER, HIDDEN };

typedef struct {
    const trygg_book_ctx *c;
    trygg_book_arena *a;
    const char *area;
    trygg_report_bar *bars;
    size_t n, family;
    int rank;
    book_rule rule;
    const trygg_estimate_row *first;
    const char *parent;
} pr_build;

static int group_of(const trygg_priority_row *r, const trygg_estimate_row *x)
{
    unsigned hidden = TRYGG_FLAG_SUPPRESSED | TRYGG_FLAG_COMPLEMENTARY;
    if (r->flags & hidden || (x && x->flags & hidden) || r->rank <= 0)
        return HIDDEN;
    return r->priority ? PRIO : OTHER;
}

static void heading(pr_build *b, const char *sv, const char *en)
{
    trygg_report_bar *bar = &b->bars[b->n++];
    trygg_report_bar_init(bar);
    bar->heading = 1;
    bar->label = SV(b->c) ? sv : en;
}

static void item(pr_build *b, const trygg_priority_row *r, int group)
{
    const trygg_book_ctx *c = b->c;
    const trygg_estimate_row *x = trygg_results_find(c->est, r->year, r->level, r->area,
                                                     r->indicator);
    trygg_report_bar *bar = &b->bars[b->n++];
    trygg_report_bar_init(bar);
    bar->label = trygg_definition_indicator_label(c->def, r->indicator_index,
                                                  (trygg_lang)c->lang);
    bar->value = trygg_book_value(x);
    if (group == HIDDEN) {
        bar->value.flags = TRYGG_REPORT_SUPPRESSED;   /* and nothing else */
        bar->value.est = bar->value.lo = bar->value.hi = NAN;
        return;
    }
    b->first = b->first ? b->first : x;
    if (!b->parent && x)
        b->parent = book_parent_name(c, x);
    bar->mark = book_change_mark(c, r->level, r->area, r->indicator, &bar->tone, &b->rule);
    bar->text = SV(c) ? r->reason : r->reason_en;
    bar->rank = group == PRIO ? ++b->rank : 0;
}

/* The area's share rows of group g, in the library's order. */
static size_t add_group(pr_build *b, int g)
{
    size_t found = 0, n = trygg_priorities_count(b->c->prio);
    for (size_t i = 0; i < n; i++) {
        const trygg_priority_row *r = trygg_priorities_row(b->c->prio, i);
        if (strcmp(r->area, b->area) || !r->is_share)
            continue;
        const trygg_estimate_row *x = trygg_results_find(b->c->est, r->year, r->level,
                                                         r->area, r->indicator);
        if (group_of(r, x) == g) {
            item(b, r, g);
            found++;
        }
    }
    return found;
}

static size_t count(const pr_build *b, int g)
{
    size_t found = 0, n = trygg_priorities_count(b->c->prio);
    for (size_t i = 0; i < n; i++) {
        const trygg_priority_row *r = trygg_priorities_row(b->c->prio, i);
        if (!strcmp(r->area, b->area) && r->is_share)
            found += group_of(r, trygg_results_find(b->c->est, r->year, r->level, r->area,
                                                    r->indicator)) == g;
    }
    return found;
}

/* The tests adjusted together: every published problem and index of the
 * area, as the library ranks them. */
static size_t family_of(const pr_build *b)
{
    size_t found = 0, n = trygg_priorities_count(b->c->prio);
    for (size_t i = 0; i < n; i++) {
        const trygg_priority_row *r = trygg_priorities_row(b->c->prio, i);
        if (!strcmp(r->area, b->area))
            found += group_of(r, trygg_results_find(b->c->est, r->year, r->level, r->area,
                                                    r->indicator)) != HIDDEN;
    }
    return found;
}

static void groups(pr_build *b)
{
    b->family = family_of(b);
    if (count(b, PRIO))
        heading(b, "Prioriterade problem", "Priorities");
    else
        heading(b, "Prioriterade problem: inga (inget problem uppfyller regeln nedan)",
                "Priorities: none (no problem meets the rule below)");
    add_group(b, PRIO);
    if (count(b, OTHER))
        heading(b, "Övriga problem", "Other problems");
    add_group(b, OTHER);
    if (count(b, HIDDEN))
        heading(b, "För få svar för att bedöma", "Too few answers to judge");
    add_group(b, HIDDEN);
}

static char *rule_text(pr_build *b)
{
    const trygg_book_ctx *c = b->c;
    /* the rule the priorities were ranked by: the definition's */
    book_rule r = {1, trygg_definition_alpha(c->def), trygg_definition_adjust(c->def),
                   b->family, b->family, 0, 0, 0};
    const char *parent = b->parent ? b->parent : SV(c) ? "det omgivande området"
                                                       : "the enclosing area";
    return book_printf(b->a, SV(c) ? "Prioriterat: andelen är signifikant högre än i %s eller "
                                     "har ökat signifikant sedan föregående mätning (%s); inom "
                                     "varje grupp efter konfidensintervallets nedre gräns. %s"
                                   : "A priority: the share is significantly above %s or has "
                                     "risen significantly since the previous survey (%s); "
                                     "within each group by the lower end of the confidence "
                                     "interval. %s",
                       parent, book_test_words(c, b->a, &r, "problem", "problems"),
                       book_change_rule(c, b->a, &b->rule));
}

int trygg_book_priorities(const trygg_book_ctx *c, trygg_book_arena *a, const char *area,
                          trygg_report_chart *chart)
{
    size_t n = trygg_priorities_count(c->prio);
    trygg_report_priorities *m = trygg_book_alloc(a, sizeof *m);
    pr_build b = {c, a, area, trygg_book_alloc(a, (n + 4) * sizeof *b.bars), 0, 0, 0, {0},
                  NULL, NULL};
    if (!m || !b.bars)
        return book_fail(a, "out of memory");
    if (!count(&b, PRIO) && !count(&b, OTHER) && !count(&b, HIDDEN))
        return book_fail(a, "no priorities for '%s' in %d", area, c->year);
    trygg_report_priorities_init(m);
    groups(&b);
    m->items = b.bars;
    m->nitems = b.n;
    m->axis_title = SV(c) ? "Andel som ser problemet som ganska eller mycket stort"
                          : "Share who see the problem as fairly or very big";
    const char *name = b.first ? trygg_book_area_name(c, b.first->level, area) : area;
    char *title = book_printf(a, SV(c) ? "Prioritering av problem: %s %d"
                                       : "Prioritising problems: %s %d", name, c->year);
    book_frame(c, a, &m->frame, title, SV(c) ? "Prioriterade problem först, sedan övriga"
                                             : "Priorities first, then the other problems",
               b.first);
    book_note(c, a, &m->frame, NULL, rule_text(&b));
    if (b.first)
        m->frame.facts = book_facts(c, a, b.first->level, area);
    m->frame.description = book_describe_bars(c, a, b.bars, b.n, &m->scale);
    chart->type = TRYGG_REPORT_CHART_PRIORITIES;
    chart->m.priorities = m;
    return 0;
}
