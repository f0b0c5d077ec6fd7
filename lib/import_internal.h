/* Internal: what trygg import makes of an SPSS or Stata file. */
#ifndef TRYGG_IMPORT_INTERNAL_H
#define TRYGG_IMPORT_INTERNAL_H

#include <stddef.h>

#include "definition_internal.h"
#include "statfile.h"
#include "trygg.h"

typedef struct {
    char *code, *label;
    double sort;            /* ascending by value; extended missing last */
    int valid;
} imp_code;

typedef struct {
    char *name;
    imp_code *codes;
    size_t ncodes;
    const trygg_stat_var *first;   /* the first item with it */
} imp_scale;

typedef struct {
    const trygg_stat_var *var;
    size_t scale;
} imp_item;

struct trygg_import {
    char *path;
    trygg_stat_info info;
    const trygg_stat_var *roles[TRYGG_ROLE_COUNT];  /* recognised, or NULL */
    imp_scale *scales;
    size_t nscales;
    imp_item *items;
    size_t nitems;
    const trygg_stat_var **unused;  /* neither a role nor an item */
    size_t nunused;
};

#endif
