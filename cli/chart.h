/* The trygg command: drawing one chart from computed results. */
#ifndef TRYGG_CLI_CHART_H
#define TRYGG_CLI_CHART_H

#include "cli.h"
#include "report_build.h"

/** Draws chart `type` of `area` into a->out (PNG, SVG or PDF by its
 *  extension). Returns an exit code. */
int cli_chart(const trygg_survey *sv, const cli_args *a, const rb_ctx *c,
              const char *type, const char *area);

#endif
