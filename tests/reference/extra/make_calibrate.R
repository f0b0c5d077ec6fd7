# Reference figures for calibrated weights and their linearized standard
# errors on apiclus1, for tests/test_calibrate.c. Run from the repository
# root:   Rscript tests/reference/extra/make_calibrate.R
# Needs R with the survey package (figures made with R 4.2.2, survey 4.1-1).
suppressMessages(library(survey))

dir <- "tests/reference/extra"
apiclus1 <- read.csv("tests/reference/api/apiclus1.csv",
                     colClasses = c(cds = "character"))
apiclus1$one <- 1
dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
dunit <- svydesign(id = ~dnum, weights = ~one, data = apiclus1, fpc = ~fpc)

stype_pop <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
schwide_pop <- data.frame(sch.wide = c("No", "Yes"), Freq = c(1072, 5122))
# Totals for model.matrix(~stype + sch.wide): intercept, stypeH, stypeM,
# sch.wideYes (E 4421, H 755, M 1018; No 1072, Yes 5122).
pop <- c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018, sch.wideYes = 5122)
eps <- 1e-10   # trygg's default epsilon; maxit as trygg's default
maxit <- 100

cal <- function(design, calfun, bounds = c(-Inf, Inf), trim = NULL)
  calibrate(design, ~stype + sch.wide, pop, calfun = calfun, bounds = bounds,
            trim = trim, epsilon = eps, maxit = maxit)

# method, calfun, bounds, trim, design weights: one row per calibration.
runs <- list(
  list(name = "poststrat_stype", method = "poststrat", d = "pw",
       des = postStratify(dclus1, ~stype, stype_pop)),
  # rake() with its default control (maxit 10, epsilon 1), as api_reference.
  list(name = "rake_stype_schwide", method = "rake", d = "pw",
       des = rake(dclus1, list(~stype, ~sch.wide), list(stype_pop, schwide_pop))),
  list(name = "linear", method = "greg", calfun = "linear", d = "pw",
       des = cal(dclus1, "linear")),
  list(name = "linear_b05_2", method = "greg", calfun = "linear", b = c(0.5, 2),
       d = "pw", des = cal(dclus1, "linear", c(0.5, 2))),
  list(name = "linear_b07_17", method = "greg", calfun = "linear", b = c(0.7, 1.7),
       d = "pw", des = cal(dclus1, "linear", c(0.7, 1.7))),
  # Bounded linear goes through grake, so trim= applies (R ignores trim= for
  # unbounded linear calibration, which takes the regcalibrate path).
  list(name = "linear_b05_2_trim09_17", method = "greg", calfun = "linear",
       b = c(0.5, 2), trim = c(0.9, 1.7), d = "pw",
       des = cal(dclus1, "linear", c(0.5, 2), c(0.9, 1.7))),
  list(name = "raking", method = "greg", calfun = "raking", d = "pw",
       des = cal(dclus1, "raking")),
  list(name = "raking_b07_17", method = "greg", calfun = "raking", b = c(0.7, 1.7),
       d = "pw", des = cal(dclus1, "raking", c(0.7, 1.7))),
  list(name = "raking_trim08_17", method = "greg", calfun = "raking",
       trim = c(0.8, 1.7), d = "pw", des = cal(dclus1, "raking", trim = c(0.8, 1.7))),
  list(name = "logit_b05_2", method = "greg", calfun = "logit", b = c(0.5, 2),
       d = "pw", des = cal(dclus1, "logit", c(0.5, 2))),
  list(name = "logit_b07_17", method = "greg", calfun = "logit", b = c(0.7, 1.7),
       d = "pw", des = cal(dclus1, "logit", c(0.7, 1.7))),
  # Design weights 1: grake rescales them by mean(population/sample total)
  # (> 20) before iterating, and the bounds apply to g after rescaling.
  list(name = "raking_unit_b07_17", method = "greg", calfun = "raking",
       b = c(0.7, 1.7), d = "unit", des = cal(dunit, "raking", c(0.7, 1.7))))

fmt <- function(x) sprintf("%.17g", x)
wt <- data.frame(cds = apiclus1$cds, pw = fmt(apiclus1$pw))
se <- NULL
for (r in runs) {
  wt[[r$name]] <- fmt(weights(r$des))
  b <- if (is.null(r$b)) c(-Inf, Inf) else r$b
  tr <- if (is.null(r$trim)) c(NA, NA) else r$trim
  for (stat in c("mean", "total")) {
    est <- if (stat == "mean") svymean(~api00, r$des) else svytotal(~api00, r$des)
    se <- rbind(se, data.frame(
      weights = r$name, method = r$method,
      calfun = if (is.null(r$calfun)) "" else r$calfun,
      bound_low = b[1], bound_high = b[2], trim_low = tr[1], trim_high = tr[2],
      design_weights = r$d, statistic = stat, variable = "api00",
      estimate = fmt(coef(est)), se = fmt(SE(est))))
  }
}
# The rescaling uses the mean population/sample ratio over the columns, so
# it depends on how the constraints are written: with the dummies of every
# cell of both margins (E, H, M, No, Yes) instead of model.matrix's
# intercept coding it is 40.79 instead of 40.13, and then raking with bounds
# [0.7, 1.7] does not converge (cal.raking's derivative is zeroed where
# log g, not g, is outside (lower - 1, upper - 1)). grake called directly,
# as calibrate(force = TRUE) would: the weights it stops at, and its misfit.
mm5 <- cbind(E = apiclus1$stype == "E", H = apiclus1$stype == "H",
             M = apiclus1$stype == "M", No = apiclus1$sch.wide == "No",
             Yes = apiclus1$sch.wide == "Yes") * 1
g5 <- suppressWarnings(survey:::grake(mm5, rep(1, nrow(apiclus1)),
                                      survey:::cal.raking,
                                      bounds = list(lower = 0.7, upper = 1.7),
                                      population = c(4421, 755, 1018, 1072, 5122),
                                      epsilon = eps, verbose = FALSE, maxit = maxit))
wt[["raking_unit_b07_17_dummies_failed"]] <- fmt(as.vector(g5))
write.csv(data.frame(weights = "raking_unit_b07_17_dummies_failed",
                     achieved = fmt(attr(g5, "failed")), iterations = maxit + 1),
          file.path(dir, "apiclus1_grake_failed.csv"), row.names = FALSE)
write.csv(wt, file.path(dir, "apiclus1_calibrate_weights.csv"), row.names = FALSE)
write.csv(se, file.path(dir, "apiclus1_calibrated_se.csv"), row.names = FALSE,
          na = "")
