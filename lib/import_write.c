/* trygg import's four files, written as one output group: survey.trygg with
 * comments where the analyst must choose, and the three tables as trygg
 * reads them (labels made safe for spreadsheets; codes as numbers). */
#define _XOPEN_SOURCE 700   /* realpath */
#include "import_internal.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "errors_internal.h"
#include "output_internal.h"

static const char *const ROLE_KEYS[TRYGG_ROLE_COUNT] = {
    "id", "year", "municipality", "district", "stratum", "psu", "ssu", "fpc",
    "fpc2", "weight", "sex", "age_group"};

static void cell(FILE *f, const char *text, const char *sep)
{
    trygg_csv_put_text(f, text, 0);
    fputs(sep, f);
}

static void write_scales(FILE *f, const trygg_import *imp)
{
    fputs("scale,code,label_sv,label_en,valid,score\n", f);
    for (size_t i = 0; i < imp->nscales; i++)
        for (size_t k = 0; k < imp->scales[i].ncodes; k++) {
            const imp_code *c = &imp->scales[i].codes[k];
            cell(f, imp->scales[i].name, ",");
            cell(f, c->code, ",");
            cell(f, c->label, ",,");
            fprintf(f, "%d,\n", c->valid);
        }
}

static const char *label_of(const trygg_stat_var *v)
{
    return v->label && v->label[0] ? v->label : v->name;
}

static void write_items(FILE *f, const trygg_import *imp)
{
    fputs("item,scale,label_sv,label_en,group,tags\n", f);
    for (size_t i = 0; i < imp->nitems; i++) {
        const char *scale = imp->scales[imp->items[i].scale].name;
        cell(f, imp->items[i].var->name, ",");
        cell(f, scale, ",");
        cell(f, label_of(imp->items[i].var), ",,");
        /* the report ranks the problem items: the one group import can tell */
        fputs(strcmp(scale, "problem") == 0 ? "problem,\n" : ",\n", f);
    }
}

/* A share of the upper half of the item's valid codes ("3 4" of 1–4,
 * "4 5" of 1–5, "1" of 0/1): where "big problem", "unsafe" and "yes"
 * usually are; survey.trygg says to check it. */
static void write_indicators(FILE *f, const trygg_import *imp)
{
    fputs("indicator,type,items,codes,valid,min_valid,label_sv,label_en,group,better\n", f);
    for (size_t i = 0; i < imp->nitems; i++) {
        const imp_scale *s = &imp->scales[imp->items[i].scale];
        size_t nvalid = 0;
        for (size_t k = 0; k < s->ncodes; k++)
            nvalid += s->codes[k].valid;
        if (nvalid < 2)
            continue;
        size_t skip = nvalid - nvalid / 2, seen = 0;
        fputs("share_", f);
        cell(f, imp->items[i].var->name, ",share,");
        cell(f, imp->items[i].var->name, ",");
        char *codes = strdup(""), *labels = strdup("");
        for (size_t k = 0; k < s->ncodes && codes && labels; k++) {
            if (!s->codes[k].valid || seen++ < skip)
                continue;
            char *nc = trygg_strprintf("%s%s%s", codes, codes[0] ? " " : "", s->codes[k].code);
            char *nl = trygg_strprintf("%s%s%s", labels, labels[0] ? " / " : "",
                                       s->codes[k].label);
            free(codes);
            free(labels);
            codes = nc;
            labels = nl;
        }
        char *label = labels ? trygg_strprintf("%s: %s", label_of(imp->items[i].var), labels)
                             : NULL;
        cell(f, codes ? codes : "", ",,,");
        cell(f, label ? label : "", ",,,\n");
        free(codes);
        free(labels);
        free(label);
    }
}

/* `to` (a file) relative to the folder `from`, both made absolute: "../x.sav". */
static char *relative_to(const char *from, const char *to)
{
    char a[PATH_MAX], b[PATH_MAX];
    if (!realpath(from, a) || !realpath(to, b))
        return strdup(to);
    size_t i = 0, common = 0, ups = 0;
    while (a[i] && a[i] == b[i])
        if (a[i++] == '/')
            common = i;
    if (!a[i] && b[i] == '/') {
        common = i + 1;       /* the file is inside the folder */
    } else {
        ups = a[common] != 0; /* the folder's own components left over */
        for (const char *p = a + common; *p; p++)
            ups += *p == '/';
    }
    char *out = strdup("");
    for (size_t k = 0; k < ups && out; k++) {
        char *n = trygg_strprintf("%s../", out);
        free(out);
        out = n;
    }
    char *r = out ? trygg_strprintf("%s%s", out, b + common) : NULL;
    free(out);
    return r;
}

static void write_columns(FILE *f, const trygg_import *imp)
{
    fputs("\n[columns]\n", f);
    for (int r = 0; r < TRYGG_ROLE_COUNT; r++) {
        const trygg_stat_var *v = imp->roles[r];
        if (!v)
            continue;
        fprintf(f, "%s = %s\n", ROLE_KEYS[r], v->name);
        if (!v->is_string && v->nlabels && r != TRYGG_ROLE_YEAR && r != TRYGG_ROLE_FPC &&
            r != TRYGG_ROLE_WEIGHT)
            fprintf(f, "# CHECK: %s is numeric with value labels: trygg reads its codes "
                    "(1, 2, ...), not the labels; population margins must use the same "
                    "codes\n", v->name);
    }
    if (!imp->roles[TRYGG_ROLE_ID])
        fputs("# CHECK: no respondent id recognised: id = <its column> is required\n", f);
    if (!imp->roles[TRYGG_ROLE_WEIGHT] && !imp->roles[TRYGG_ROLE_FPC])
        fputs("# CHECK: no weight and no fpc recognised: name the design weight "
              "(weight = ...) or the strata's population sizes (fpc = ...)\n", f);
    if (!imp->roles[TRYGG_ROLE_YEAR])
        fputs("# CHECK: no year recognised: year = <its column> (else one year 0)\n", f);
    if (imp->nunused) {
        fputs("# not used (no value labels, or text): ", f);
        for (size_t i = 0; i < imp->nunused; i++)
            fprintf(f, "%s%s", i ? ", " : "", imp->unused[i]->name);
        fputs("\n", f);
    }
}

static void write_levels(FILE *f, const trygg_import *imp)
{
    fputs("\n[report]\n# CHECK: the levels published, and min_n (fewer answers are not "
          "shown)\nlevels = region", f);
    if (imp->roles[TRYGG_ROLE_MUNICIPALITY])
        fputs(" municipality", f);
    if (imp->roles[TRYGG_ROLE_DISTRICT])
        fputs(" district", f);
    fputs("\nmin_n = 30\n", f);
}

static void write_definition(FILE *f, const trygg_import *imp, const char *dir)
{
    char *files = relative_to(dir, imp->path);
    const char *base = strrchr(imp->path, '/');
    fprintf(f, "# Made by trygg import from %s: %zu variables, %ld cases, encoding %s.\n"
            "# A start: check every line marked CHECK, and add the English labels\n"
            "# (label_en) and the groups of items other than problems in items.csv.\n"
            "\n[survey]\nname = %s\n"
            "files = %s\nscales = scales.csv\nitems = items.csv\n"
            "indicators = indicators.csv\n"
            "# CHECK: indicators.csv has a share of the upper half of each item's valid\n"
            "# codes; keep, change or add the indicators you publish\n",
            base ? base + 1 : imp->path, imp->info.nvars, imp->info.rows,
            imp->info.encoding && imp->info.encoding[0] ? imp->info.encoding : "unknown",
            imp->info.file_label && imp->info.file_label[0] ? imp->info.file_label
                                                          : base ? base + 1 : imp->path,
            files ? files : imp->path);
    free(files);
    write_columns(f, imp);
    fputs("\n[design]\n# CHECK: strata with one PSU: lonely_psu = fail (default), "
          "certainty, remove, adjust or average\n\n[weighting]\nmethod = design\n"
          "# To calibrate: method = poststrat (or rake), population = population.csv,\n"
          "# margins = municipality*sex*age_group\n", f);
    write_levels(f, imp);
}

static const char *const FILES[4] = {"survey.trygg", "scales.csv", "items.csv",
                                     "indicators.csv"};

static trygg_status check_dir(const char *dir, char **paths, int replace, trygg_errors *err)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        trygg_errors_add(err, dir, 0, 0, "cannot create the folder: %s", strerror(errno));
        return TRYGG_ERR_IO;
    }
    trygg_status st = TRYGG_OK;
    for (int i = 0; i < 4; i++) {
        struct stat sb;
        if (!(paths[i] = trygg_strprintf("%s/%s", dir, FILES[i])))
            return TRYGG_ERR_NOMEM;
        if (!replace && lstat(paths[i], &sb) == 0) {
            trygg_errors_add(err, paths[i], 0, 0, "is there already: trygg import does "
                             "not replace a definition (give --force to replace it)");
            st = TRYGG_ERR_IO;
        }
    }
    return st;
}

trygg_status trygg_import_write_to(const trygg_import *imp, trygg_output_group *g,
                                   const char *dir, int replace, trygg_errors *err)
{
    char *paths[4] = {NULL, NULL, NULL, NULL};
    trygg_status st = check_dir(dir, paths, replace, err);
    for (int i = 0; i < 4 && st == TRYGG_OK; i++) {
        FILE *f;
        st = trygg_output_group_open(g, paths[i], &f, err);
        if (st != TRYGG_OK)
            break;
        if (i == 0)
            write_definition(f, imp, dir);
        else if (i == 1)
            write_scales(f, imp);
        else if (i == 2)
            write_items(f, imp);
        else
            write_indicators(f, imp);
        st = trygg_output_group_finish(g, paths[i], err);
    }
    for (int i = 0; i < 4; i++)
        free(paths[i]);
    return st;
}

trygg_status trygg_import_write(const trygg_import *imp, const char *dir, int replace,
                                trygg_errors *err)
{
    trygg_output_group *g = NULL;
    trygg_status st = trygg_output_group_new(&g);
    if (st == TRYGG_OK)
        st = trygg_import_write_to(imp, g, dir, replace, err);
    if (st == TRYGG_OK)
        st = trygg_output_group_commit(g, err);
    trygg_output_group_free(g);
    return st;
}
