/* Writing priorities and follow-ups as CSV, JSON or workbooks. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "labels_internal.h"
#include "output_internal.h"
#include "priorities_internal.h"

static size_t priority_fields(const trygg_priority_row *r, trygg_field *f, trygg_row *w)
{
    char *flags = w->flags;
    trygg_out_flags(r->flags, flags, sizeof w->flags);
    trygg_labels *l = w->labels;
    char u = trygg_value_unit(r->is_share);
    trygg_field v[] = {
        /* a suppressed problem has neither (blank) */
        {"rank", 'b', NULL, r->rank, 0}, {"priority", 'b', NULL, r->priority, 0},
        {"year", 'i', NULL, r->year, TRYGG_UNIT_YEAR}, {"level", 't', r->level, 0, 0},
        {"area", 't', r->area, 0, 0}, {"indicator", 't', r->indicator, 0, 0},
        {"domain_label", 't', trygg_label_area(l, r->level, r->area), 0, 0},
        {"indicator_label", 't', trygg_label_indicator(l, r->indicator_index, r->indicator), 0, 0},
        {"focus_areas", 't', r->focus_areas, 0, 0},
        {"estimate", 'b', NULL, r->estimate, u}, {"ci_low", 'b', NULL, r->ci_low, u},
        {"ci_high", 'b', NULL, r->ci_high, u}, {"n", 'b', NULL, r->n, TRYGG_UNIT_COUNT},
        {"parent_level", 't', r->parent_level, 0, 0}, {"parent", 't', r->parent, 0, 0},
        {"parent_label", 't', trygg_label_area(l, r->parent_level, r->parent), 0, 0},
        {"parent_estimate", 'b', NULL, r->parent_estimate, u},
        {"gap", 'b', NULL, r->gap, u}, {"gap_ci_low", 'b', NULL, r->gap_ci_low, u},
        {"gap_ci_high", 'b', NULL, r->gap_ci_high, u},
        {"gap_p", 'b', NULL, r->gap_p, TRYGG_UNIT_P},
        {"gap_p_adjusted", 'b', NULL, r->gap_p_adjusted, TRYGG_UNIT_P},
        {"change_from", 'i', NULL, r->change_from, TRYGG_UNIT_YEAR},
        {"change", 'b', NULL, r->change, u},
        {"change_p", 'b', NULL, r->change_p, TRYGG_UNIT_P},
        {"change_p_adjusted", 'b', NULL, r->change_p_adjusted, TRYGG_UNIT_P},
        {"trend_per_year", 'b', NULL, r->trend, u},
        {"trend_p", 'b', NULL, r->trend_p, TRYGG_UNIT_P},
        {"affected", 'b', NULL, r->affected, TRYGG_UNIT_COUNT},
        {"affected_ci_low", 'b', NULL, r->affected_ci_low, TRYGG_UNIT_COUNT},
        {"affected_ci_high", 'b', NULL, r->affected_ci_high, TRYGG_UNIT_COUNT},
        {"group_level", 't', r->group_level, 0, 0},
        {"most_affected_group", 't', r->group, 0, 0},
        {"group_label", 't', trygg_label_group(l, r->group_level, r->group), 0, 0},
        {"group_estimate", 'b', NULL, r->group_estimate, u},
        {"group_ci_low", 'b', NULL, r->group_ci_low, u},
        {"group_ci_high", 'b', NULL, r->group_ci_high, u},
        {"peer_group", 't', r->peer_group, 0, 0},
        {"peer_estimate", 'b', NULL, r->peer_estimate, u},
        {"peer_gap", 'b', NULL, r->peer_gap, u},
        {"peer_gap_ci_low", 'b', NULL, r->peer_gap_ci_low, u},
        {"peer_gap_ci_high", 'b', NULL, r->peer_gap_ci_high, u},
        {"signal_problem", 't', r->signal_problem, 0, 0},
        {"influence", 't', r->influence, 0, 0},
        {"reason", 't', r->reason, 0, 0}, {"reason_en", 't', r->reason_en, 0, 0},
        {"flag", 't', flags, 0, 0},
        {"confidence", 'n', NULL, r->confidence, TRYGG_UNIT_LEVEL},
        {"variance", 't', trygg_variance_name(r->variance), 0, 0},
    };
    memcpy(f, v, sizeof v);
    return sizeof v / sizeof *v;
}

static size_t priorities_row(const void *t, size_t i, trygg_field *f, trygg_row *w)
{
    trygg_priority_row none;
    memset(&none, 0, sizeof none);
    none.level = none.area = none.indicator = none.focus_areas = none.parent = "";
    none.group = none.peer_group = none.signal_problem = none.influence = "";
    none.parent_level = none.group_level = "";
    none.reason = none.reason_en = "";
    const trygg_priority_row *x = i == SIZE_MAX ? &none
                                  : &((const trygg_priorities *)t)->rows[i];
    w->blank = (x->flags & TRYGG_FLAG_SUPPRESSED) != 0;
    return priority_fields(x, f, w);
}

trygg_status trygg_priorities_write(const trygg_priorities *p, const char *path,
                                    trygg_format fmt, trygg_errors *err)
{
    trygg_table_spec t = {"priorities", p, p->count, priorities_row};
    return trygg_out_table(path, &t, fmt, err);
}

trygg_status trygg_priorities_write_with(const trygg_priorities *p, trygg_output_group *g,
                                         const char *path, const trygg_write_options *o,
                                         trygg_errors *err)
{
    trygg_table_spec t = {"priorities", p, p->count, priorities_row};
    return trygg_out_table_to(g, path, &t, o, err);
}

trygg_status trygg_priorities_write_to(const trygg_priorities *p,
                                       trygg_output_group *g, const char *path,
                                       trygg_format fmt, trygg_errors *err)
{
    trygg_write_options o = trygg_write_options_of(fmt);
    return trygg_priorities_write_with(p, g, path, &o, err);
}

static size_t followup_fields(const trygg_followup_row *r, trygg_field *f, trygg_row *w)
{
    char *flags = w->flags;
    trygg_out_flags(r->flags, flags, sizeof w->flags);
    long k = trygg_labels_definition(w->labels)
                 ? trygg_definition_indicator_find(trygg_labels_definition(w->labels),
                                                   r->indicator) : -1;
    char u = trygg_value_unit(k >= 0 && trygg_labels_is_share(w->labels, (size_t)k));
    trygg_field v[] = {
        {"area", 't', r->area, 0, 0}, {"indicator", 't', r->indicator, 0, 0},
        {"domain_label", 't', trygg_label_area(w->labels, r->level ? r->level : "", r->area), 0, 0},
        {"indicator_label", 't', trygg_label_indicator(w->labels, k < 0 ? SIZE_MAX
                                                                        : (size_t)k,
                                                       r->indicator), 0, 0},
        {"baseline_year", 'i', NULL, r->baseline_year, TRYGG_UNIT_YEAR},
        {"followup_year", 'i', NULL, r->followup_year, TRYGG_UNIT_YEAR},
        {"direction", 't', r->direction_text, 0, 0},
        {"target", 'n', NULL, r->target_entered, 0},
        {"target_text", 't', r->target_text, 0, 0},
        {"target_text_en", 't', r->target_text_en, 0, 0},
        {"baseline", 'b', NULL, r->baseline, u},
        {"baseline_ci_low", 'b', NULL, r->baseline_ci_low, u},
        {"baseline_ci_high", 'b', NULL, r->baseline_ci_high, u},
        {"followup", 'b', NULL, r->followup, u},
        {"followup_ci_low", 'b', NULL, r->followup_ci_low, u},
        {"followup_ci_high", 'b', NULL, r->followup_ci_high, u},
        {"change", 'b', NULL, r->change, u}, {"se", 'b', NULL, r->se, u},
        {"ci_low", 'b', NULL, r->ci_low, u}, {"ci_high", 'b', NULL, r->ci_high, u},
        {"p_value", 'b', NULL, r->p_value, TRYGG_UNIT_P},
        /* the enclosing area over the same years, and the difference of
         * the two changes (blank when any of its cells is hidden) */
        {"parent_level", 't', r->parent_level, 0, 0}, {"parent", 't', r->parent, 0, 0},
        {"parent_label", 't', r->parent[0] ? trygg_label_area(w->labels, r->parent_level,
                                                              r->parent) : "", 0, 0},
        {"parent_baseline", 'b', NULL, r->parent_baseline, u},
        {"parent_followup", 'b', NULL, r->parent_followup, u},
        {"parent_change", 'b', NULL, r->parent_change, u},
        {"parent_change_se", 'b', NULL, r->parent_change_se, u},
        {"difference", 'b', NULL, r->difference, u},
        {"difference_se", 'b', NULL, r->difference_se, u},
        {"difference_ci_low", 'b', NULL, r->difference_ci_low, u},
        {"difference_ci_high", 'b', NULL, r->difference_ci_high, u},
        {"difference_p", 'b', NULL, r->difference_p, TRYGG_UNIT_P},
        {"difference_significant", 'b', NULL, r->difference_significant, 0},
        {"verdict", 't', r->verdict_text, 0, 0}, {"verdict_en", 't', r->verdict_en, 0, 0},
        {"reason", 't', r->reason, 0, 0}, {"reason_en", 't', r->reason_en, 0, 0},
        {"comparison", 't', r->comparison, 0, 0},
        {"comparison_en", 't', r->comparison_en, 0, 0},
        {"flag", 't', flags, 0, 0},
    };
    memcpy(f, v, sizeof v);
    return sizeof v / sizeof *v;
}

static size_t followups_row(const void *t, size_t i, trygg_field *f, trygg_row *w)
{
    trygg_followup_row none;
    memset(&none, 0, sizeof none);
    none.area = none.indicator = none.verdict_text = none.reason = none.reason_en = "";
    none.direction_text = none.target_text = none.target_text_en = none.verdict_en = "";
    none.parent_level = none.parent = none.comparison = none.comparison_en = "";
    const trygg_followup_row *x = i == SIZE_MAX ? &none
                                  : &((const trygg_followups *)t)->rows[i];
    w->blank = (x->flags & TRYGG_FLAG_SUPPRESSED) != 0;
    return followup_fields(x, f, w);
}

trygg_status trygg_followups_write(const trygg_followups *fu, const char *path,
                                   trygg_format fmt, trygg_errors *err)
{
    trygg_table_spec t = {"followups", fu, fu->count, followups_row};
    return trygg_out_table(path, &t, fmt, err);
}

trygg_status trygg_followups_write_with(const trygg_followups *fu, trygg_output_group *g,
                                        const char *path, const trygg_write_options *o,
                                        trygg_errors *err)
{
    trygg_table_spec t = {"followups", fu, fu->count, followups_row};
    return trygg_out_table_to(g, path, &t, o, err);
}

trygg_status trygg_followups_write_to(const trygg_followups *fu,
                                      trygg_output_group *g, const char *path,
                                      trygg_format fmt, trygg_errors *err)
{
    trygg_write_options o = trygg_write_options_of(fmt);
    return trygg_followups_write_with(fu, g, path, &o, err);
}
