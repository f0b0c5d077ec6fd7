# Reference figures: estimates and replicate SEs of raked replicate designs, as R survey
# gives them (every replicate raked again). Run from the repository root:
#   Rscript tests/reference/extra/replicates/make_raked_replicates.R
# Made with R 4.2.2 Patched and survey 4.1-1; uses no other package.
# apiclus1 (15 clusters, JK1) and apistrat (stratified by stype, JKn), each raked to
# stype and sch.wide with rake()'s default control (epsilon 1, maxit 10), as
# tests/reference/defs/api/apiclus1_rake.trygg says; svymean / svytotal for the whole
# population and svyby by stype. Writes raked_replicates.csv.
suppressMessages(library(survey))
options(survey.replicates.mse = FALSE)
api <- "tests/reference/api"
out <- "tests/reference/extra/replicates/raked_replicates.csv"
clus1 <- read.csv(file.path(api, "apiclus1.csv"))
strat <- read.csv(file.path(api, "apistrat.csv"))
stype_pop <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
schwide_pop <- data.frame(sch.wide = c("No", "Yes"), Freq = c(1072, 5122))
raked <- function(des) rake(des, list(~stype, ~sch.wide), list(stype_pop, schwide_pop))
designs <- list(
  clus1_JK1 = raked(as.svrepdesign(svydesign(ids = ~dnum, fpc = ~fpc, weights = ~pw,
                                             data = clus1), type = "JK1")),
  strat_JKn = raked(as.svrepdesign(svydesign(ids = ~1, strata = ~stype, fpc = ~fpc,
                                             weights = ~pw, data = strat), type = "JKn")))
rows <- list()
add <- function(case, domain, ind, est, se)
  rows[[length(rows) + 1]] <<- data.frame(case = case, domain = domain, indicator = ind,
    estimate = sprintf("%.17g", est), se = sprintf("%.17g", se), stringsAsFactors = FALSE)
for (case in names(designs)) {
  des <- designs[[case]]
  for (ind in c("api00", "meals", "enroll")) {
    f <- as.formula(paste0("~", ind))
    stat <- if (ind == "enroll") svytotal else svymean
    a <- stat(f, des)
    add(case, "all", ind, coef(a), SE(a))
    b <- svyby(f, ~stype, des, stat)
    se <- SE(b); names(se) <- rownames(b)
    for (s in rownames(b)) add(case, paste0("stype=", s), ind, b[s, ind], se[[s]])
  }
}
write.csv(do.call(rbind, rows), out, row.names = FALSE, quote = TRUE)
