# Reference figures for the Fay-Herriot small-area estimates (issue 20),
# written out in base R from the published formulas (Rao & Molina 2015,
# ch. 6: REML by Fisher scoring with the m x m projection P, the EBLUP, the
# Prasad-Rao / Datta-Lahiri MSE g1 + g2 + 2 g3, and x'b with sigma2 + x'Ax
# for an area outside the fit). R survey gives only the direct estimates.
# Run from the repository root:
#   Rscript tests/reference/smallarea/make_smallarea.R
# Made with R 4.2.2 Patched and survey 4.1-1. Writes, in this folder:
#   area_covariates.csv    per district of 2024: population, share_65_84,
#                          share_women (from trygg_public/population_district.csv)
#   smallarea_reference.csv  per case and district: model, model_estimate,
#                          model_rmse, shrinkage, residual
#   smallarea_stats.csv    per case: sigma2_u (se), beta (se), benchmark ratios
suppressMessages(library(survey))
options(survey.lonely.psu = "adjust", survey.adjust.domain.lonely = FALSE)
src <- "tests/reference/trygg_public"
out <- "tests/reference/smallarea"

files <- list.files(src, pattern = "^20[0-9][0-9]_.*[.]csv$", full.names = TRUE)
all <- do.call(rbind, lapply(files, function(f)
  read.csv(f, colClasses = c(respondent = "character", stratum = "character",
                             sex = "character"), encoding = "UTF-8")))
items <- c("p_littering", "p_vandalism", "p_speeding", "p_drunk_public",
           "p_drug_dealing", "p_youth_groups", "p_fights", "p_burglary")
value <- function(d, ind) {
  if (ind == "share_unsafe_night") {
    u <- d$unsafe_night
    return(list(v = !is.na(u) & u %in% 1:4, y = as.numeric(!is.na(u) & u %in% 3:4)))
  }
  m <- as.matrix(d[items]); ok <- !is.na(m) & m %in% 1:4; dim(ok) <- dim(m); m[!ok] <- NA
  list(v = rowSums(ok) >= 4, y = rowMeans(m, na.rm = TRUE))
}
# direct estimates (design weights, domains of the year's design)
direct <- function(year, ind, level) {
  d <- all[all$year == year, ]
  iv <- value(d, ind)
  d$v <- iv$v; d$y <- ifelse(iv$v, iv$y, 0)
  des <- svydesign(ids = ~1, strata = ~stratum, fpc = ~stratum_pop,
                   weights = ~design_weight, data = d)
  b <- svyby(~y, as.formula(paste0("~", level)), subset(des, v), svymean)
  n <- table(d[[level]][d$v])
  data.frame(area = as.character(b[[level]]), est = unname(coef(b)), se = unname(SE(b)),
             n = as.numeric(n[as.character(b[[level]])]), stringsAsFactors = FALSE)
}

# area covariates of 2024 from the population register (synthetic)
pd <- read.csv(file.path(src, "population_district.csv"), colClasses = c(sex = "character"),
               encoding = "UTF-8")
pd <- pd[pd$year == 2024, ]
cov <- do.call(rbind, lapply(split(pd, pd$district), function(g) data.frame(
  district = g$district[1], population = sum(g$population),
  share_65_84 = sum(g$population[g$age_group == "65-84"]) / sum(g$population),
  share_women = sum(g$population[g$sex == "2"]) / sum(g$population))))
cov <- cov[order(cov$district), ]
write.table(transform(cov, share_65_84 = sprintf("%.17g", share_65_84),
                      share_women = sprintf("%.17g", share_women)),
            file.path(out, "area_covariates.csv"), sep = ",", row.names = FALSE,
            quote = FALSE, fileEncoding = "UTF-8", eol = "\n")
parent <- unique(all[all$year == 2024, c("district", "municipality")])

# REML by Fisher scoring (Rao & Molina 2015, 6.2.4), from median(D), a step
# below 0 stopping at 0; P formed whole.
fh_reml <- function(y, D, X) {
  s2 <- median(D)
  for (it in 1:200) {
    Vi <- diag(1 / (s2 + D))
    P <- Vi - Vi %*% X %*% solve(t(X) %*% Vi %*% X) %*% t(X) %*% Vi
    score <- -0.5 * sum(diag(P)) + 0.5 * drop(t(y) %*% P %*% P %*% y)
    info <- 0.5 * sum(diag(P %*% P))
    nxt <- max(s2 + score / info, 0)
    moved <- abs(nxt - s2); s2 <- nxt
    if (moved <= 1e-12 * (s2 + mean(D))) break
  }
  Vi <- diag(1 / (s2 + D))
  A <- solve(t(X) %*% Vi %*% X)
  list(s2 = s2, beta = drop(A %*% t(X) %*% Vi %*% y), A = A,
       vs2 = 2 / sum(1 / (s2 + D)^2), it = it)
}

scale_of <- function(sc, p, v) switch(sc,
  logit = list(y = log(p / (1 - p)), d = v / (p * (1 - p))^2),
  arcsine = list(y = asin(sqrt(p)), d = v / (4 * p * (1 - p))),
  identity = list(y = p, d = v))
back <- function(sc, th) switch(sc, logit = list(e = plogis(th), s = plogis(th) * (1 - plogis(th))),
                                arcsine = list(e = sin(th)^2, s = sin(2 * th)),
                                identity = list(e = th, s = 1))

rows <- list(); stats <- list()
run_case <- function(case, ind, sc, hidden, covs, prior) {
  dd <- direct(2024, ind, "district")
  dd$hidden <- dd$area %in% hidden
  X <- cbind(1)
  X <- matrix(1, nrow(dd), 1, dimnames = list(NULL, "(intercept)"))
  if (prior) {
    pr <- direct(2023, ind, "district")
    X <- cbind(X, prior_year = scale_of(sc, pr$est[match(dd$area, pr$area)], 0)$y)
  }
  for (cv in covs) X <- cbind(X, cov[[cv]][match(dd$area, cov$district)])
  if (length(covs)) colnames(X)[(ncol(X) - length(covs) + 1):ncol(X)] <- covs
  has_x <- rowSums(is.na(X)) == 0
  fit <- !dd$hidden & has_x
  t <- scale_of(sc, dd$est, dd$se^2)
  f <- fh_reml(t$y[fit], t$d[fit], X[fit, , drop = FALSE])
  xb <- drop(X %*% f$beta); xax <- rowSums((X %*% f$A) * X)
  g <- f$s2 / (f$s2 + t$d)
  th <- ifelse(fit, g * t$y + (1 - g) * xb, xb)
  mse <- ifelse(fit, g * t$d + (1 - g)^2 * xax + 2 * t$d^2 / (f$s2 + t$d)^3 * f$vs2,
                f$s2 + xax)
  b <- back(sc, th)
  dd$model <- ifelse(!has_x, "none", ifelse(fit, "eblup", "synthetic"))
  dd$model_estimate <- ifelse(has_x, b$e, NA)
  dd$model_rmse <- ifelse(has_x, sqrt(b$s^2 * mse), NA)
  dd$shrinkage <- ifelse(fit, g, NA)
  dd$residual <- ifelse(fit, (t$y - xb) / sqrt(f$s2 + t$d), NA)
  # ratio benchmarking to the municipality's direct estimate, population-weighted
  dm <- direct(2024, ind, "municipality")
  dd$muni <- parent$municipality[match(dd$area, parent$district)]
  dd$benchmarked <- 0
  for (m in unique(dd$muni)) {
    k <- dd$muni == m
    if (any(is.na(dd$model_estimate[k]))) next
    pop <- cov$population[match(dd$area[k], cov$district)]
    ratio <- dm$est[dm$area == m] / (sum(pop * dd$model_estimate[k]) / sum(pop))
    adj <- (ratio - 1) * dd$model_estimate[k]
    dd$model_rmse[k] <- sqrt(dd$model_rmse[k]^2 + adj^2)
    dd$model_estimate[k] <- ratio * dd$model_estimate[k]
    dd$benchmarked[k] <- 1
    stats[[length(stats) + 1]] <<- data.frame(case = case, term = paste0("benchmark:", m),
                                              value = ratio, se = NA)
  }
  rows[[length(rows) + 1]] <<- data.frame(case = case, indicator = ind, scale = sc,
    domain = dd$area, model = dd$model, model_estimate = dd$model_estimate,
    model_rmse = dd$model_rmse, shrinkage = dd$shrinkage, residual = dd$residual,
    benchmarked = dd$benchmarked, stringsAsFactors = FALSE)
  stats[[length(stats) + 1]] <<- data.frame(case = case,
    term = c("sigma2_u", paste0("beta:", colnames(X)), "areas_fitted", "areas_synthetic"),
    value = c(f$s2, f$beta, sum(fit), sum(!fit & has_x)),
    se = c(sqrt(f$vs2), sqrt(diag(f$A)), NA, NA))
  cat(case, ": sigma2_u", f$s2, "after", f$it, "iterations;", sum(fit), "fitted\n")
}

# min_n = 57 (survey_min57.trygg): in 2024 Gribbylund has 56 valid answers
# to unsafe_night (< 57, hidden for its own count), every other district 58
# or more. The model takes the hidden set as given: trygg's complementary
# suppression hides Näsbypark (Täby's smallest other district) and, over
# the whole lattice, Södertälje centrum and Geneta as complements too
# (tests/test_smallarea.c checks that these four are exactly the
# suppressed ones); what is checked here is the model given that set.
n24 <- direct(2024, "share_unsafe_night", "district")
stopifnot(n24$n[n24$area == "Gribbylund"] == 56, sum(n24$n < 57) == 1)
hid <- c("Gribbylund", "Näsbypark", "Södertälje centrum", "Geneta")
run_case("logit", "share_unsafe_night", "logit", hid, c("share_65_84", "share_women"), FALSE)
run_case("arcsine", "share_unsafe_night", "arcsine", hid, c("share_65_84", "share_women"), FALSE)
# min_n = 0 (survey.trygg): nothing hidden; the previous survey year (2023)
# as covariate, which Täby's districts lack (Täby took no part in 2023)
run_case("prior", "problem_index", "identity", character(0), character(0), TRUE)

fmt <- function(x) ifelse(is.na(x), "", sprintf("%.17g", x))
ref <- do.call(rbind, rows)
for (j in c("model_estimate", "model_rmse", "shrinkage", "residual")) ref[[j]] <- fmt(ref[[j]])
write.table(ref, file.path(out, "smallarea_reference.csv"), sep = ",", row.names = FALSE,
            quote = FALSE, fileEncoding = "UTF-8", eol = "\n")
st <- do.call(rbind, stats)
st$value <- fmt(st$value); st$se <- fmt(st$se)
write.table(st, file.path(out, "smallarea_stats.csv"), sep = ",", row.names = FALSE,
            quote = FALSE, fileEncoding = "UTF-8", eol = "\n")
