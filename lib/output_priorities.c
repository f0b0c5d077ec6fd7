/* Writing priorities and follow-ups as CSV or JSON. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "output_internal.h"
#include "priorities_internal.h"

static size_t priority_fields(const trygg_priority_row *r, trygg_field *f, char *flags)
{
    trygg_out_flags(r->flags, flags, 96);
    trygg_field v[] = {
        /* a suppressed problem has neither (blank) */
        {"rank", 'b', NULL, r->rank}, {"priority", 'b', NULL, r->priority},
        {"year", 'i', NULL, r->year}, {"level", 't', r->level, 0},
        {"area", 't', r->area, 0}, {"indicator", 't', r->indicator, 0},
        {"focus_areas", 't', r->focus_areas, 0},
        {"estimate", 'b', NULL, r->estimate}, {"ci_low", 'b', NULL, r->ci_low},
        {"ci_high", 'b', NULL, r->ci_high}, {"n", 'b', NULL, r->n},
        {"parent_level", 't', r->parent_level, 0}, {"parent", 't', r->parent, 0},
        {"parent_estimate", 'b', NULL, r->parent_estimate},
        {"gap", 'b', NULL, r->gap}, {"gap_ci_low", 'b', NULL, r->gap_ci_low},
        {"gap_ci_high", 'b', NULL, r->gap_ci_high}, {"gap_p", 'b', NULL, r->gap_p},
        {"gap_p_adjusted", 'b', NULL, r->gap_p_adjusted},
        {"change_from", 'i', NULL, r->change_from}, {"change", 'b', NULL, r->change},
        {"change_p", 'b', NULL, r->change_p},
        {"change_p_adjusted", 'b', NULL, r->change_p_adjusted},
        {"trend_per_year", 'b', NULL, r->trend}, {"trend_p", 'b', NULL, r->trend_p},
        {"affected", 'b', NULL, r->affected},
        {"affected_ci_low", 'b', NULL, r->affected_ci_low},
        {"affected_ci_high", 'b', NULL, r->affected_ci_high},
        {"group_level", 't', r->group_level, 0},
        {"most_affected_group", 't', r->group, 0},
        {"group_estimate", 'b', NULL, r->group_estimate},
        {"group_ci_low", 'b', NULL, r->group_ci_low},
        {"group_ci_high", 'b', NULL, r->group_ci_high},
        {"peer_group", 't', r->peer_group, 0},
        {"peer_estimate", 'b', NULL, r->peer_estimate},
        {"peer_gap", 'b', NULL, r->peer_gap},
        {"peer_gap_ci_low", 'b', NULL, r->peer_gap_ci_low},
        {"peer_gap_ci_high", 'b', NULL, r->peer_gap_ci_high},
        {"signal_problem", 't', r->signal_problem, 0},
        {"influence", 't', r->influence, 0},
        {"reason", 't', r->reason, 0}, {"reason_en", 't', r->reason_en, 0},
        {"flag", 't', flags, 0},
        {"confidence", 'n', NULL, r->confidence},
        {"variance", 't', trygg_variance_name(r->variance), 0},
    };
    memcpy(f, v, sizeof v);
    return sizeof v / sizeof *v;
}

static size_t priorities_row(const void *t, size_t i, trygg_field *f, char *flags,
                             int *blank)
{
    trygg_priority_row none;
    memset(&none, 0, sizeof none);
    none.level = none.area = none.indicator = none.focus_areas = none.parent = "";
    none.group = none.peer_group = none.signal_problem = none.influence = "";
    none.parent_level = none.group_level = "";
    none.reason = none.reason_en = "";
    const trygg_priority_row *x = i == SIZE_MAX ? &none
                                  : &((const trygg_priorities *)t)->rows[i];
    *blank = (x->flags & TRYGG_FLAG_SUPPRESSED) != 0;
    return priority_fields(x, f, flags);
}

trygg_status trygg_priorities_write(const trygg_priorities *p, const char *path,
                                    trygg_format fmt, trygg_errors *err)
{
    return trygg_out_table(path, fmt, p, p->count, priorities_row, err);
}

trygg_status trygg_priorities_write_to(const trygg_priorities *p,
                                       trygg_output_group *g, const char *path,
                                       trygg_format fmt, trygg_errors *err)
{
    return trygg_out_table_to(g, path, fmt, p, p->count, priorities_row, err);
}

static size_t followup_fields(const trygg_followup_row *r, trygg_field *f, char *flags)
{
    trygg_out_flags(r->flags, flags, 96);
    trygg_field v[] = {
        {"area", 't', r->area, 0}, {"indicator", 't', r->indicator, 0},
        {"baseline_year", 'i', NULL, r->baseline_year},
        {"followup_year", 'i', NULL, r->followup_year},
        {"direction", 't', r->direction_text, 0},
        {"target", 'n', NULL, r->target_entered},
        {"target_text", 't', r->target_text, 0},
        {"target_text_en", 't', r->target_text_en, 0},
        {"baseline", 'b', NULL, r->baseline},
        {"baseline_ci_low", 'b', NULL, r->baseline_ci_low},
        {"baseline_ci_high", 'b', NULL, r->baseline_ci_high},
        {"followup", 'b', NULL, r->followup},
        {"followup_ci_low", 'b', NULL, r->followup_ci_low},
        {"followup_ci_high", 'b', NULL, r->followup_ci_high},
        {"change", 'b', NULL, r->change}, {"se", 'b', NULL, r->se},
        {"ci_low", 'b', NULL, r->ci_low}, {"ci_high", 'b', NULL, r->ci_high},
        {"p_value", 'b', NULL, r->p_value},
        /* the enclosing area over the same years, and the difference of
         * the two changes (blank when any of its cells is hidden) */
        {"parent_level", 't', r->parent_level, 0}, {"parent", 't', r->parent, 0},
        {"parent_baseline", 'b', NULL, r->parent_baseline},
        {"parent_followup", 'b', NULL, r->parent_followup},
        {"parent_change", 'b', NULL, r->parent_change},
        {"parent_change_se", 'b', NULL, r->parent_change_se},
        {"difference", 'b', NULL, r->difference},
        {"difference_se", 'b', NULL, r->difference_se},
        {"difference_ci_low", 'b', NULL, r->difference_ci_low},
        {"difference_ci_high", 'b', NULL, r->difference_ci_high},
        {"difference_p", 'b', NULL, r->difference_p},
        {"difference_significant", 'b', NULL, r->difference_significant},
        {"verdict", 't', r->verdict_text, 0}, {"verdict_en", 't', r->verdict_en, 0},
        {"reason", 't', r->reason, 0}, {"reason_en", 't', r->reason_en, 0},
        {"comparison", 't', r->comparison, 0},
        {"comparison_en", 't', r->comparison_en, 0},
        {"flag", 't', flags, 0},
    };
    memcpy(f, v, sizeof v);
    return sizeof v / sizeof *v;
}

static size_t followups_row(const void *t, size_t i, trygg_field *f, char *flags,
                            int *blank)
{
    trygg_followup_row none;
    memset(&none, 0, sizeof none);
    none.area = none.indicator = none.verdict_text = none.reason = none.reason_en = "";
    none.direction_text = none.target_text = none.target_text_en = none.verdict_en = "";
    none.parent_level = none.parent = none.comparison = none.comparison_en = "";
    const trygg_followup_row *x = i == SIZE_MAX ? &none
                                  : &((const trygg_followups *)t)->rows[i];
    *blank = (x->flags & TRYGG_FLAG_SUPPRESSED) != 0;
    return followup_fields(x, f, flags);
}

trygg_status trygg_followups_write(const trygg_followups *fu, const char *path,
                                   trygg_format fmt, trygg_errors *err)
{
    return trygg_out_table(path, fmt, fu, fu->count, followups_row, err);
}

trygg_status trygg_followups_write_to(const trygg_followups *fu,
                                      trygg_output_group *g, const char *path,
                                      trygg_format fmt, trygg_errors *err)
{
    return trygg_out_table_to(g, path, fmt, fu, fu->count, followups_row, err);
}
