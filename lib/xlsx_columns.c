/* What every column of trygg's tables means, in Swedish and English, for
 * the "Läs mig" sheet of a workbook. A name means one thing in every
 * table unless "table:name" says otherwise. */
#include "xlsx_internal.h"

#include <string.h>

static const struct {
    const char *name, *sv, *en;
} DOCS[] = {
    {"year", "Undersökningsår", "Survey year"},
    {"weighting", "Hur vikterna bildats: design (designvikter), poststrat, rake (rakning) "
     "eller calibrate (kalibrering)", "How the weights were formed: design, poststrat, "
     "rake or calibrate"},
    {"level", "Redovisningsnivå: region, municipality (kommun), district (område) eller en "
     "korsning som district*sex", "Reporting level: region, municipality, district or a "
     "crossing such as district*sex"},
    {"domain", "Området (eller korsningens cell) som i data, t.ex. \"Fittja / 2\"",
     "The area (or the crossing's cell) as in the data, e.g. \"Fittja / 2\""},
    {"indicator", "Indikatorns namn i definitionen", "The indicator's name in the definition"},
    {"domain_label", "Området som läsare skriver det (regionen med sitt namn)",
     "The area as readers write it (the region by its name)"},
    {"group_label", "Korsningens grupp i ord, t.ex. \"Kvinnor, 45–64\"; tom för ett område",
     "The crossing's group in words, e.g. \"Woman, 45–64\"; empty for an area"},
    {"indicator_label", "Indikatorns benämning", "The indicator's label"},
    {"parent_label", "Det omgivande området som läsare skriver det",
     "The enclosing area as readers write it"},
    {"estimate", "Skattningen: en andel (visas i procent) eller ett medelvärde/index i "
     "indikatorns enhet", "The estimate: a share (shown as per cent) or a mean/index in the "
     "indicator's unit"},
    {"se", "Standardfel (designbaserat)", "Standard error (design-based)"},
    {"ci_low", "Konfidensintervallets nedre gräns", "Lower limit of the confidence interval"},
    {"ci_high", "Konfidensintervallets övre gräns", "Upper limit of the confidence interval"},
    {"ci_method", "Intervallets metod: logit, beta (Korn–Graubard), wald eller t",
     "The interval's method: logit, beta (Korn–Graubard), wald or t"},
    {"n", "Antal giltiga svar", "Number of valid answers"},
    {"df", "Designens frihetsgrader (PSU:er minus strata)",
     "The design's degrees of freedom (PSUs minus strata)"},
    {"deff", "Designeffekt (jämfört med ett obundet slumpmässigt urval)",
     "Design effect (against simple random sampling)"},
    {"cv", "Variationskoefficient: standardfel / skattning",
     "Coefficient of variation: standard error / estimate"},
    {"flag", "suppressed = för få svar: inga tal visas; unstable = osäker skattning (low_n: "
     "få svar, high_cv: hög variationskoefficient); empty = inga svar; degenerate = "
     "standardfel 0", "suppressed = too few answers: no numbers are shown; unstable = "
     "uncertain estimate (low_n: few answers, high_cv: high coefficient of variation); "
     "empty = no answers; degenerate = standard error 0"},
    {"parent_level", "Det omgivande områdets nivå", "The enclosing area's level"},
    {"parent", "Det omgivande området (kommunen för ett område, regionen för en kommun)",
     "The enclosing area (the municipality of a district, the region of a municipality)"},
    {"weighted_n", "Viktat antal giltiga svar (skattat antal i befolkningen)",
     "Weighted number of valid answers (estimated number in the population)"},
    {"n_excluded", "Svar som inte räknas i nämnaren (vet ej, går aldrig ut)",
     "Answers left out of the denominator (don't know, never goes out)"},
    {"n_missing", "Svarande i området utan svar på frågan",
     "Respondents of the area with no answer to the question"},
    {"confidence", "Konfidensnivå för intervallen", "Confidence level of the intervals"},
    {"variance", "Hur standardfelen skattats: linearization (Taylor), jk1, jkn eller bootstrap",
     "How the standard errors were estimated: linearization (Taylor), jk1, jkn or bootstrap"},
    {"year_from", "Första året", "First year"},
    {"year_to", "Sista året", "Last year"},
    {"change", "Förändring: sista årets skattning minus första årets (procentenheter för "
     "andelar)", "Change: the last year's estimate minus the first's (percentage points "
     "for shares)"},
    {"changes:se", "Förändringens standardfel", "Standard error of the change"},
    {"changes:ci_low", "Förändringens konfidensintervall, nedre gräns",
     "Lower limit of the change's confidence interval"},
    {"changes:ci_high", "Förändringens konfidensintervall, övre gräns",
     "Upper limit of the change's confidence interval"},
    {"p_value", "p-värde (tvåsidigt)", "p-value (two-sided)"},
    {"estimate_from", "Skattningen första året", "The estimate in the first year"},
    {"se_from", "Standardfel första året", "Standard error in the first year"},
    {"n_from", "Antal svar första året", "Number of answers in the first year"},
    {"estimate_to", "Skattningen sista året", "The estimate in the last year"},
    {"se_to", "Standardfel sista året", "Standard error in the last year"},
    {"n_to", "Antal svar sista året", "Number of answers in the last year"},
    {"z", "Teststorhet (skillnad / standardfel)", "Test statistic (difference / standard "
     "error)"},
    {"p_adjusted", "p-värdet justerat för alla tester i familjen (se adjust)",
     "The p-value adjusted over every test of its family (see adjust)"},
    {"significant", "Signifikant: 1 = ökning, -1 = minskning, 0 = inte signifikant",
     "Significant: 1 = increase, -1 = decrease, 0 = not significant"},
    {"adjust", "Justering för flera jämförelser: holm, bh (Benjamini–Hochberg) eller none",
     "Adjustment for multiple comparisons: holm, bh (Benjamini–Hochberg) or none"},
    {"alpha", "Signifikansnivå som p_adjusted jämförs med",
     "Significance level p_adjusted is compared with"},
    {"family_size", "Antal tester som justerats tillsammans (områdets indikatorer)",
     "Number of tests adjusted together (the area's indicators)"},
    {"contrasts:estimate", "Områdets skattning", "The area's estimate"},
    {"parent_estimate", "Det omgivande områdets skattning", "The enclosing area's estimate"},
    {"difference", "Området minus det omgivande området (med kovariansen för överlappet)",
     "The area minus the enclosing area (with the covariance of the overlap)"},
    {"contrasts:se", "Skillnadens standardfel", "Standard error of the difference"},
    {"se_if_independent", "Standardfelet om områdena vore oberoende (för jämförelse)",
     "The standard error if the areas were independent (for comparison)"},
    {"n_years", "Antal år trenden bygger på", "Number of years the trend is fitted to"},
    {"slope_per_year", "Linjär trend per år i indikatorns enhet (0,01 = en procentenhet per "
     "år för andelar)", "Linear trend per year in the indicator's unit (0.01 = one "
     "percentage point a year for shares)"},
    {"rank", "Rangordning (1 = först); tom för problem med för få svar",
     "Rank (1 = first); empty for problems with too few answers"},
    {"priority", "1 = prioriterat problem enligt regeln (README)",
     "1 = a priority by the rule (README)"},
    {"area", "Området", "The area"},
    {"focus_areas", "Fokusområden frågan hör till", "Focus areas the item belongs to"},
    {"gap", "Skillnad mot det omgivande området", "Difference from the enclosing area"},
    {"gap_ci_low", "Skillnadens konfidensintervall, nedre gräns",
     "Lower limit of the difference's interval"},
    {"gap_ci_high", "Skillnadens konfidensintervall, övre gräns",
     "Upper limit of the difference's interval"},
    {"gap_p", "p-värde för skillnaden", "p-value of the difference"},
    {"gap_p_adjusted", "Justerat p-värde för skillnaden", "Adjusted p-value of the difference"},
    {"change_from", "Året förändringen räknas från", "The year the change is from"},
    {"change_p", "p-värde för förändringen", "p-value of the change"},
    {"change_p_adjusted", "Justerat p-värde för förändringen",
     "Adjusted p-value of the change"},
    {"trend_per_year", "Linjär trend per år", "Linear trend per year"},
    {"trend_p", "p-värde för trenden", "p-value of the trend"},
    {"affected", "Skattat antal invånare som ser det som ett stort problem",
     "Estimated number of residents who call it a big problem"},
    {"affected_ci_low", "Antalet berörda, nedre gräns", "Residents affected, lower limit"},
    {"affected_ci_high", "Antalet berörda, övre gräns", "Residents affected, upper limit"},
    {"group_level", "Korsningen gruppen hör till", "The crossing the group is a cell of"},
    {"most_affected_group", "Den visade grupp i området som har högst andel",
     "The area's shown group with the highest share"},
    {"group_estimate", "Gruppens skattning", "The group's estimate"},
    {"group_ci_low", "Gruppens intervall, nedre gräns", "The group's interval, lower limit"},
    {"group_ci_high", "Gruppens intervall, övre gräns", "The group's interval, upper limit"},
    {"peer_group", "Jämförbara områden ([peers] i definitionen)",
     "Comparable areas ([peers] in the definition)"},
    {"peer_estimate", "De jämförbara områdenas skattning", "The comparable areas' estimate"},
    {"peer_gap", "Skillnad mot de jämförbara områdena", "Difference from the comparable areas"},
    {"peer_gap_ci_low", "Den skillnadens intervall, nedre gräns",
     "That difference's interval, lower limit"},
    {"peer_gap_ci_high", "Den skillnadens intervall, övre gräns",
     "That difference's interval, upper limit"},
    {"peer_gap_p", "p-värde för skillnaden mot de jämförbara områdena",
     "p-value of the difference from the comparable areas"},
    {"signal_problem", "Signalproblem (från bedömningsfilen)", "Signal problem (from the "
     "judgements file)"},
    {"influence", "Kan parterna påverka det (från bedömningsfilen)",
     "Can the parties influence it (from the judgements file)"},
    {"reason", "Skälet i ord (svenska)", "The reason in words (Swedish)"},
    {"reason_en", "Skälet i ord (engelska)", "The reason in words (English)"},
    {"baseline_year", "Utgångsåret för löftet", "The promise's baseline year"},
    {"followup_year", "Uppföljningsåret", "The follow-up year"},
    {"direction", "Utlovad riktning, som i löftesfilen", "Promised direction, as in the "
     "promises file"},
    {"target", "Målet som det skrevs (procentenheter för andelar)",
     "The target as entered (percentage points for shares)"},
    {"target_text", "Målet i ord (svenska)", "The target in words (Swedish)"},
    {"target_text_en", "Målet i ord (engelska)", "The target in words (English)"},
    {"baseline", "Skattningen utgångsåret", "The estimate in the baseline year"},
    {"baseline_ci_low", "Utgångsårets intervall, nedre gräns",
     "The baseline interval, lower limit"},
    {"baseline_ci_high", "Utgångsårets intervall, övre gräns",
     "The baseline interval, upper limit"},
    {"followup", "Skattningen uppföljningsåret", "The estimate in the follow-up year"},
    {"followup_ci_low", "Uppföljningsårets intervall, nedre gräns",
     "The follow-up interval, lower limit"},
    {"followup_ci_high", "Uppföljningsårets intervall, övre gräns",
     "The follow-up interval, upper limit"},
    {"verdict", "Bedömning: uppnått, ej uppnått eller går ej att avgöra",
     "Verdict in Swedish: uppnått, ej uppnått or går ej att avgöra"},
    {"verdict_en", "Bedömning på engelska", "Verdict: achieved, not achieved or cannot be "
     "judged"},
    {"respondent", "Svarandens id (inte för publicering)", "The respondent's id (not for "
     "publication)"},
    {"municipality", "Kommunen", "The municipality"},
    {"district", "Området i kommunen", "The district"},
    {"design_weight", "Designvikt", "Design weight"},
    {"weight", "Slutlig vikt", "Final weight"},
    {"g", "Slutlig vikt / designvikt", "Final weight / design weight"},
    {"group", "Kön och åldersgrupp (koder), eller all", "Sex and age group (codes), or all"},
    {"weight report:n", "Antal svarande", "Number of respondents"},
    {"sum_weights", "Summan av vikterna", "Sum of the weights"},
    {"min", "Minsta vikt", "Smallest weight"},
    {"max", "Största vikt", "Largest weight"},
    {"mean", "Medelvikt", "Mean weight"},
    {"weight report:cv", "Vikternas variationskoefficient", "Coefficient of variation of "
     "the weights"},
    {"deff_weighting", "Kish designeffekt av vägningen: n·Σw²/(Σw)²",
     "Kish's design effect due to weighting: n·Σw²/(Σw)²"},
    {"n_effective", "Effektivt urval: (Σw)²/Σw²", "Effective sample size: (Σw)²/Σw²"},
    {"share_respondents", "Gruppens andel av de svarande", "The group's share of respondents"},
    {"share_weighted", "Gruppens viktade andel (befolkningens efter kalibrering)",
     "The group's weighted share (the population's after calibration)"},
    {"iterations", "Iterationer viktningen tog", "Iterations the weighting took"},
};

const char *trygg_xlsx_column_doc(const char *subject, const char *name, trygg_lang lang)
{
    size_t sl = subject ? strlen(subject) : 0;
    const char *plain = NULL;
    for (size_t i = 0; i < sizeof DOCS / sizeof *DOCS; i++) {
        const char *k = DOCS[i].name, *colon = strchr(k, ':');
        const char *doc = lang == TRYGG_LANG_EN ? DOCS[i].en : DOCS[i].sv;
        if (colon && (size_t)(colon - k) == sl && !strncmp(k, subject, sl) &&
            !strcmp(colon + 1, name))
            return doc;
        if (!colon && !strcmp(k, name))
            plain = doc;
    }
    return plain;
}
