# Reference figures for the nonresponse adjustment (tests/test_nonresponse.c):
# the 2024 respondents of tests/reference/trygg_public, post-stratified to
# the gross sample's (sample_2024.csv) design-weighted counts in each class
# stratum x sex x age_group, alone ("design"), then raked as
# survey_rake.trygg does ("rake") or post-stratified to municipality x sex x
# age group ("poststrat"); and the response rates. Run from the
# repository root after make_sample.R:
#   Rscript tests/reference/nonresponse/ref_nonresponse.R
# Made with R 4.2.2 and survey 4.1-1.
suppressMessages(library(survey))
options(survey.lonely.psu = "adjust", survey.adjust.domain.lonely = FALSE)
pub <- "tests/reference/trygg_public"
dir <- "tests/reference/nonresponse"
files <- sort(Sys.glob(file.path(pub, "2024_*.csv")))
chr <- c(respondent = "character", stratum = "character", sex = "character",
         age_group = "character", municipality = "character", district = "character")
d <- do.call(rbind, lapply(files, read.csv, colClasses = chr, encoding = "UTF-8"))
s <- read.csv(file.path(dir, "sample_2024.csv"), colClasses = "character",
              encoding = "UTF-8")

# the gross sample's class counts, weighted by the stratum's design weight
invited <- aggregate(list(invited = rep(1, nrow(s))), s[c("stratum", "sex", "age_group")], sum)
dw <- unique(d[c("stratum", "design_weight")])
stopifnot(!any(duplicated(dw$stratum)))
pop <- merge(invited, dw, by = "stratum")
pop$Freq <- pop$invited * pop$design_weight
pop <- pop[c("stratum", "sex", "age_group", "Freq")]

des <- svydesign(ids = ~1, strata = ~stratum, fpc = ~stratum_pop, weights = ~design_weight,
                 data = d)
nr <- postStratify(des, ~stratum + sex + age_group, pop)
pp <- read.csv(file.path(pub, "population.csv"), colClasses = c(sex = "character"),
               encoding = "UTF-8")
pp <- pp[pp$year == 2024, ]
sexm <- aggregate(list(Freq = pp$population), pp[c("municipality", "sex")], sum)
agem <- aggregate(list(Freq = pp$population), pp[c("municipality", "age_group")], sum)
rk <- rake(nr, list(~municipality + sex, ~municipality + age_group), list(sexm, agem),
           control = list(maxit = 200, epsilon = 1e-14))
cellm <- aggregate(list(Freq = pp$population), pp[c("municipality", "sex", "age_group")], sum)
ps <- postStratify(nr, ~municipality + sex + age_group, cellm)

# indicators: value y and validity v per respondent (as trygg_public's README)
items <- c("p_littering", "p_vandalism", "p_speeding", "p_drunk_public", "p_drug_dealing",
           "p_youth_groups", "p_fights", "p_burglary")
P <- as.matrix(d[items])
ok <- !is.na(P) & P >= 1 & P <= 4
pv <- rowSums(ok)
ind <- list(
  share_unsafe_night = list(v = !is.na(d$unsafe_night) & d$unsafe_night %in% 1:4,
                            y = d$unsafe_night %in% 3:4),
  problem_index = list(v = pv >= 4, y = ifelse(pv > 0, rowSums(ifelse(ok, P, 0)) / pmax(pv, 1), 0)),
  share_victim = list(v = !is.na(d$victim_any) & d$victim_any %in% 0:1,
                      y = ifelse(is.na(d$victim_any), 0, d$victim_any)),
  mean_trust_police = list(v = !is.na(d$trust_police) & d$trust_police %in% 1:5,
                           y = ifelse(is.na(d$trust_police), 0, d$trust_police)))

rows <- list()
for (w in c("design", "rake", "poststrat")) {
  base <- switch(w, design = nr, rake = rk, poststrat = ps)
  for (name in names(ind)) {
    x <- update(base, y = as.numeric(ind[[name]]$y), v = ind[[name]]$v)
    sub <- subset(x, v)
    r <- svymean(~y, sub)
    rows[[length(rows) + 1]] <- data.frame(weighting = w, level = "region", domain = "region",
      indicator = name, estimate = coef(r)[[1]], se = SE(r)[[1]], n = sum(ind[[name]]$v))
    for (lv in c("municipality", "district")) {
      b <- svyby(~y, as.formula(paste0("~", lv)), sub, svymean)
      n <- tapply(ind[[name]]$v, d[[lv]], sum)
      rows[[length(rows) + 1]] <- data.frame(weighting = w, level = lv, domain = b[[lv]],
        indicator = name, estimate = coef(b), se = SE(b), n = as.vector(n[b[[lv]]]))
    }
  }
}
ref <- do.call(rbind, rows)
ref$estimate <- sprintf("%.15g", ref$estimate)
ref$se <- sprintf("%.15g", ref$se)
write.csv(ref, file.path(dir, "reference_nonresponse.csv"), row.names = FALSE,
          fileEncoding = "UTF-8")

wts <- data.frame(respondent = d$respondent, weight_design = sprintf("%.15g", weights(nr)),
                  weight_rake = sprintf("%.15g", weights(rk)))
write.csv(wts, file.path(dir, "weights_nonresponse_2024.csv"), row.names = FALSE)

# response rates: invited (the gross sample), answers (the respondents)
resp <- list()
add_level <- function(level, by) {
  inv <- if (is.null(by)) c(region = nrow(s)) else table(do.call(paste, c(s[by], sep = " / ")))
  ans <- if (is.null(by)) c(region = nrow(d)) else table(do.call(paste, c(d[by], sep = " / ")))
  data.frame(level = level, domain = names(inv), invited = as.vector(inv),
             answers = as.vector(ans[names(inv)]),
             response_rate = sprintf("%.15g", as.vector(ans[names(inv)]) / as.vector(inv)))
}
rr <- rbind(add_level("region", NULL), add_level("municipality", "municipality"),
            add_level("district", "district"),
            add_level("municipality*sex*age_group", c("municipality", "sex", "age_group")))
write.csv(rr, file.path(dir, "reference_response.csv"), row.names = FALSE,
          fileEncoding = "UTF-8")
cat("rows:", nrow(ref), "estimates,", nrow(rr), "response rates; rake converged in",
    "the iterations R needed\n")
