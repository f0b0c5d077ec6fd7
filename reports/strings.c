/* The fixed texts of the charts in Swedish and English, and the status
 * messages. */
#include "report_internal.h"

static const char *const TEXTS[TRYGG_REPORT_TXT_COUNT][2] = {
    [TRYGG_REPORT_TXT_TOO_FEW] = {"för få svar", "too few answers"},
    [TRYGG_REPORT_TXT_MISSING] = {"uppgift saknas", "no data"},
    [TRYGG_REPORT_TXT_UNSTABLE] = {"osäker skattning", "unstable estimate"},
    [TRYGG_REPORT_TXT_UNSTABLE_SHORT] = {"osäker skattning",
                                         "unstable estimate"},
    [TRYGG_REPORT_TXT_CI] = {"%s konfidensintervall", "%s confidence interval"},
    [TRYGG_REPORT_TXT_CI_SHORT] = {"%s KI", "%s CI"},
    [TRYGG_REPORT_TXT_CHANGE] =
        {"signifikant förändring sedan föregående mätning",
         "significant change since the previous survey"},
    [TRYGG_REPORT_TXT_UP] = {"signifikant ökning sedan föregående mätning",
                             "significant increase since the previous survey"},
    [TRYGG_REPORT_TXT_DOWN] =
        {"signifikant minskning sedan föregående mätning",
         "significant decrease since the previous survey"},
    [TRYGG_REPORT_TXT_ABOVE] = {"signifikant högre än %s",
                                "significantly higher than %s"},
    [TRYGG_REPORT_TXT_BELOW] = {"signifikant lägre än %s",
                                "significantly lower than %s"},
    [TRYGG_REPORT_TXT_BETTER] = {"till det bättre", "for the better"},
    [TRYGG_REPORT_TXT_WORSE] = {"till det sämre", "for the worse"},
    [TRYGG_REPORT_TXT_LOW_N] = {"osäker skattning (få svar)",
                                "unstable estimate (few answers)"},
    [TRYGG_REPORT_TXT_HIGH_CV] = {"osäker skattning (stor felmarginal)",
                                  "unstable estimate (large margin of error)"},
    [TRYGG_REPORT_TXT_NO_ANSWERS] = {"inga svar", "no answers"},
    [TRYGG_REPORT_TXT_PROBLEM_AXIS] =
        {"Andel som anser att det är ett ganska eller mycket stort problem",
         "Share who consider it a fairly or very big problem"},
    [TRYGG_REPORT_TXT_AREA] = {"Område", "Area"},
    [TRYGG_REPORT_TXT_AGE] = {"Åldersgrupp", "Age group"},
    [TRYGG_REPORT_TXT_YEAR] = {"År", "Year"},
    [TRYGG_REPORT_TXT_RANK] = {"Rang", "Rank"},
    [TRYGG_REPORT_TXT_RATIONALE] = {"Motivering", "Rationale"},
    [TRYGG_REPORT_TXT_PREVIOUS] = {"(%d: %s)", "(%d: %s)"},
};

const char *trygg_report_text(trygg_report_lang lang, trygg_report_text_id id)
{
    if ((unsigned)id >= TRYGG_REPORT_TXT_COUNT)
        return "";
    return TEXTS[id][lang == TRYGG_REPORT_EN ? 1 : 0];
}

const char *trygg_report_strerror(trygg_report_status st)
{
    switch (st) {
    case TRYGG_REPORT_OK:
        return "success";
    case TRYGG_REPORT_ERR_ARGUMENT:
        return "invalid argument or chart model";
    case TRYGG_REPORT_ERR_NOMEM:
        return "out of memory";
    case TRYGG_REPORT_ERR_IO:
        return "could not write the output file";
    case TRYGG_REPORT_ERR_CAIRO:
        return "Cairo drawing error";
    case TRYGG_REPORT_ERR_FIT:
        return "the chart does not fit its page with text of the smallest size allowed";
    }
    return "unknown status";
}
