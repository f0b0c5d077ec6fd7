# Reference figures: contrasts of each stype with the whole population under raked
# replicate designs (every replicate raked again), as R survey gives them. Run from the
# repository root:
#   Rscript tests/reference/extra/replicates/make_raked_contrasts.R
# Made with R 4.2.2 Patched and survey 4.1-1; uses no other package.
# The designs of make_raked_replicates.R (apiclus1 JK1, apistrat JKn, raked to stype and
# sch.wide with rake()'s default control); the contrast "stype = X minus all" is
# withReplicates() of the difference of the two estimators in each raked replicate.
# Writes raked_contrasts.csv.
suppressMessages(library(survey))
options(survey.replicates.mse = FALSE)
api <- "tests/reference/api"
out <- "tests/reference/extra/replicates/raked_contrasts.csv"
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
mean_in <- function(v, sel) function(w, d) sum(w * d[[v]] * sel(d)) / sum(w * sel(d))
total_in <- function(v, sel) function(w, d) sum(w * d[[v]] * sel(d))
all <- function(d) rep(1, nrow(d))
rows <- list()
for (case in names(designs)) {
  des <- designs[[case]]
  for (s in c("E", "H", "M")) {
    dom <- local({ s <- s; function(d) as.numeric(d$stype == s) })
    stats <- list(
      api00 = function(a) mean_in("api00", a),
      meals = function(a) mean_in("meals", a),
      enroll = function(a) total_in("enroll", a))
    for (ind in names(stats)) {
      f <- stats[[ind]]
      fd <- f(dom); fa <- f(all)
      r <- withReplicates(des, function(w, d) fd(w, d) - fa(w, d))
      rows[[length(rows) + 1]] <- data.frame(case = case, domain = paste0("stype=", s),
        indicator = ind, contrast = sprintf("%.17g", coef(r)),
        se = sprintf("%.17g", SE(r)), stringsAsFactors = FALSE)
    }
  }
}
write.csv(do.call(rbind, rows), out, row.names = FALSE, quote = TRUE)
