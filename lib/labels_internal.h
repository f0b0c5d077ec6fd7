/* Internal: the label columns of the tables (domain_label, group_label,
 * indicator_label), as readers write the names, in one language. */
#ifndef TRYGG_LABELS_INTERNAL_H
#define TRYGG_LABELS_INTERNAL_H

#include "trygg.h"

/** Labels of one definition in one language, made once per (level,
 *  domain) and kept. */
typedef struct trygg_labels trygg_labels;

/** New labels of `def` in `lang`; NULL when out of memory. */
trygg_labels *trygg_labels_new(const trygg_definition *def, trygg_lang lang);
void trygg_labels_free(trygg_labels *l);
/** 1 once an allocation failed (the labels given since are ""). */
int trygg_labels_failed(const trygg_labels *l);

/** The area of a domain as readers write it: the region by [survey]
 *  region_name (else "Regionen" / "The region"), a municipality or district
 *  by its name, a crossing ("Fittja / 2") by its area's name ("Fittja"); a
 *  crossing of groups alone ("2 / 16-24") is the region's. With `l` NULL,
 *  `domain` itself. Owned by `l`. */
const char *trygg_label_area(trygg_labels *l, const char *level, const char *domain);
/** The group of a crossing domain in words ("Fittja / 2" of district*sex:
 *  "Kvinnor"; "Botkyrka / 2 / 45-64": "Kvinnor, 45–64"); "" for an area. */
const char *trygg_label_group(trygg_labels *l, const char *level, const char *domain);
/** Indicator i's label (indicators.csv label_sv / label_en), or `name`
 *  when `l` is NULL or i is no indicator. */
const char *trygg_label_indicator(const trygg_labels *l, size_t i, const char *name);
/** 1 when indicator i of the labels' definition is a share (0 when `l` is
 *  NULL or i is no indicator). */
int trygg_labels_is_share(const trygg_labels *l, size_t i);
/** The definition (NULL when `l` is NULL). */
const trygg_definition *trygg_labels_definition(const trygg_labels *l);
/** The language of the labels (TRYGG_LANG_SV when `l` is NULL). */
trygg_lang trygg_labels_lang(const trygg_labels *l);

#endif
