/* The survey's sections: the question block of each indicator's items
 * (items.csv's group: problem, unsafe, worry, victim, police), so that
 * every indicator of the definition has a place in the report, the
 * problem index with the problems and "otrygg" with otrygghet. */
#include "book_internal.h"

#include <string.h>

#define SV(c) ((c)->lang == TRYGG_REPORT_SV)

/* The block of indicator k: its first item's group, else its own. */
static const char *key_of(const trygg_definition *def, size_t k)
{
    long item = trygg_definition_indicator_item(def, k, 0);
    const char *g = item >= 0 ? trygg_definition_item_group(def, (size_t)item) : "";
    return g && *g ? g : trygg_definition_indicator_group(def, k);
}

/* Index of the first indicator whose block is `key`. */
static size_t first_of(const trygg_definition *def, const char *key)
{
    size_t n = trygg_definition_indicator_count(def);
    for (size_t k = 0; k < n; k++)
        if (!strcmp(key_of(def, k), key))
            return k;
    return n;
}

size_t trygg_book_sections(const trygg_definition *def)
{
    size_t n = trygg_definition_indicator_count(def), found = 0;
    for (size_t k = 0; k < n; k++)
        found += first_of(def, key_of(def, k)) == k;
    return found;
}

const char *trygg_book_section_key(const trygg_definition *def, size_t s)
{
    size_t n = trygg_definition_indicator_count(def);
    for (size_t k = 0; k < n; k++)
        if (first_of(def, key_of(def, k)) == k && s-- == 0)
            return key_of(def, k);
    return NULL;
}

const char *trygg_book_section_title(const trygg_book_ctx *c, size_t s)
{
    static const char *const known[][3] = {
        {"problem", "Problem i området", "Problems in the area"},
        {"unsafe", "Otrygghet", "Feeling unsafe"},
        {"worry", "Oro för brott", "Worry about crime"},
        {"victim", "Utsatthet för brott", "Victimisation"},
        {"police", "Polisen", "The police"},
        {"headline", "Huvudresultat", "Main results"},
    };
    const char *key = trygg_book_section_key(c->def, s);
    if (!key)
        return "";
    const char *l = trygg_definition_scale_label(c->def, "section", key, (trygg_lang)c->lang);
    if (l)
        return l;
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (!strcmp(known[i][0], key))
            return known[i][SV(c) ? 1 : 2];
    return key;
}

size_t trygg_book_section_indicators(const trygg_book_ctx *c, trygg_book_arena *a, size_t s,
                                     const size_t **inds)
{
    const char *key = trygg_book_section_key(c->def, s);
    size_t n = trygg_definition_indicator_count(c->def), found = 0;
    size_t *out = trygg_book_alloc(a, (n + 1) * sizeof *out);
    for (size_t k = 0; out && key && k < n; k++)
        if (!strcmp(key_of(c->def, k), key))
            out[found++] = k;
    *inds = out;
    return found;
}

size_t trygg_book_section_lead(const trygg_definition *def, size_t s)
{
    const char *key = trygg_book_section_key(def, s);
    size_t n = trygg_definition_indicator_count(def), first = n;
    for (size_t k = 0; key && k < n; k++) {
        if (strcmp(key_of(def, k), key))
            continue;
        if (!strcmp(trygg_definition_indicator_group(def, k), "headline"))
            return k;
        first = first < n ? first : k;
    }
    return first;
}
