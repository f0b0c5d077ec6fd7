/* A program as a user of the installed library writes it: trygg.h only,
 * linked against the shared libtrygg (which hides everything else), GSL's
 * handler switched off first as trygg.h asks. It estimates R survey's
 * apistrat mean of api00, svymean(~api00, dstrat): 662.287363159321, SE
 * 9.40894080278458 (tests/reference/api/api_reference.csv). */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>

#include "trygg.h"

static int close_to(double got, double want)
{
    return fabs(got - want) <= 1e-9 * fabs(want);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: shared_user apistrat.trygg\n");
        return 2;
    }
    gsl_set_error_handler_off();
    trygg_errors *err = trygg_errors_new(10);
    trygg_definition *def = NULL;
    trygg_survey *sv = NULL;
    trygg_results *res = NULL;
    trygg_estimate_options opt;
    trygg_estimate_options_init(&opt);
    opt.indicator = "api00";
    trygg_status st = trygg_definition_load(argv[1], &def, err);
    if (st == TRYGG_OK)
        st = trygg_survey_load(def, &sv, err);
    if (st == TRYGG_OK)
        st = trygg_estimate(sv, &opt, &res, err);
    int ok = st == TRYGG_OK;
    if (!ok)
        fprintf(stderr, "shared_user: %s: %s\n", trygg_strerror(st),
                trygg_errors_count(err) ? trygg_errors_get(err, 0)->message : "");
    const trygg_estimate_row *r =
        ok ? trygg_results_find(res, 0, "region", "region", "api00") : NULL;
    if (ok && !(r && close_to(r->estimate, 662.287363159321) &&
                close_to(r->se, 9.40894080278458))) {
        fprintf(stderr, "shared_user: api00 %.15g (SE %.15g), R 662.287363159321 (SE "
                        "9.40894080278458)\n", r ? r->estimate : NAN, r ? r->se : NAN);
        ok = 0;
    }
    trygg_results_free(res);
    trygg_survey_free(sv);
    trygg_definition_free(def);
    trygg_errors_free(err);
    return ok ? 0 : 1;
}
