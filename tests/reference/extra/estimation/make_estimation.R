# Extra reference figures for trygg's estimation engine, from R survey.
# Run from the repository root:
#   Rscript tests/reference/extra/estimation/make_estimation.R
# Made with R 4.2.2 Patched and survey 4.1-1; uses no other package.
# Writes, in tests/reference/extra/estimation/:
#   lonely.csv, edge.csv            the two small constructed data sets
#   estimation_reference.csv        all figures, one long table
#   trend.csv                       linear trend of share_unsafe_night (trygg_public)
#   r_messages.csv                  errors and warnings R raised while computing them
# and prints the diagnostics quoted in README.md.
suppressMessages(library(survey))

dir <- "tests/reference/extra/estimation"
api <- "tests/reference/api"

# R's defaults, set explicitly; every case that changes one restores it.
options(survey.lonely.psu = "fail", survey.adjust.domain.lonely = FALSE,
        survey.ultimate.cluster = FALSE, survey.replicates.mse = FALSE)

# ---------------------------------------------------------------- helpers --
rows <- list()
msgs <- list()

add <- function(case, design, statistic, variable, domain, estimate, se,
                ci_low = NA, ci_high = NA, ci_method = "", df = NA, n = NA) {
  rows[[length(rows) + 1]] <<- data.frame(
    case = case, design = design, statistic = statistic, variable = variable,
    domain = domain, estimate = unname(as.numeric(estimate)),
    se = unname(as.numeric(se)), ci_low = unname(as.numeric(ci_low)),
    ci_high = unname(as.numeric(ci_high)), ci_method = ci_method,
    df = as.numeric(df), n = as.numeric(n), stringsAsFactors = FALSE)
}

# estimate +- qt(0.975, df) * se (what confint(x, df = df) gives for svystat)
add_t <- function(case, design, statistic, variable, domain, est, se, df, n)
  add(case, design, statistic, variable, domain, est, se,
      est - qt(0.975, df) * se, est + qt(0.975, df) * se, "t", df, n)

# Evaluate expr; record any warning or error in r_messages.csv.
# Returns the value, or NULL when R stopped with an error.
run <- function(expr, case, design, what) {
  note <- function(kind, m)
    msgs[[length(msgs) + 1]] <<- data.frame(case = case, design = design,
      call = what, kind = kind, message = conditionMessage(m),
      stringsAsFactors = FALSE)
  tryCatch(withCallingHandlers(expr, warning = function(w) {
    note("warning", w); invokeRestart("muffleWarning") }),
    error = function(e) { note("error", e); NULL })
}

fmt <- function(x, digits = 17) {
  out <- sprintf(paste0("%.", digits, "g"), x)
  out[is.na(x)] <- ""
  out[is.nan(x)] <- "NaN"
  out
}

# figures with 17 significant digits; the input data sets (exact decimals)
# with 15, so that 3.2 is written as 3.2
write_table <- function(df, file, digits = 17) {
  num <- vapply(df, is.numeric, TRUE)
  for (j in which(num)) df[[j]] <- fmt(df[[j]], digits)
  write.table(df, file.path(dir, file), sep = ",", row.names = FALSE,
              quote = which(!num), qmethod = "double", na = "", fileEncoding = "UTF-8",
              eol = "\n")
}

# estimate and SE of level lv of a svyby result, by position
by_est <- function(b, lv) unname(coef(b)[match(lv, rownames(b))])
by_se  <- function(b, lv) unname(SE(b)[match(lv, rownames(b))])

relmax <- function(a, b) max(abs(a - b) / pmax(abs(b), 1e-300), na.rm = TRUE)

# mean, total, ratio, svyciprop (3 methods), svyby means and the E - H
# contrast of case 1, for one design object.
basic_set <- function(case, label, des, data) {
  df <- degf(des)
  m <- svymean(~api00, des)
  add_t(case, label, "mean", "api00", "all", coef(m), SE(m), df, sum(!is.na(data$api00)))
  tt <- svytotal(~enroll, des, na.rm = TRUE)
  add_t(case, label, "total", "enroll", "all", coef(tt), SE(tt), df, sum(!is.na(data$enroll)))
  r <- svyratio(~api.stu, ~enroll, des, na.rm = TRUE)
  add_t(case, label, "ratio", "api.stu/enroll", "all", coef(r), SE(r), df,
        sum(complete.cases(data[, c("api.stu", "enroll")])))
  for (meth in c("logit", "beta", "mean")) {
    p <- svyciprop(~I(sch.wide == "Yes"), des, method = meth)
    ci <- attr(p, "ci")
    add(case, label, "proportion", "sch.wide==Yes", "all", coef(p),
        sqrt(attr(p, "var")), ci[1], ci[2],
        if (meth == "mean") "wald" else meth, df, nrow(data))
  }
  b <- svyby(~api00, ~stype, des, svymean, covmat = TRUE)
  for (s in rownames(b))
    add_t(case, label, "mean", "api00", paste0("stype=", s), by_est(b, s), by_se(b, s),
          df, sum(data$stype == s))
  k <- svycontrast(b, c(E = 1, H = -1))
  add_t(case, label, "contrast", "api00", "stype=E minus stype=H", coef(k), SE(k),
        df, sum(data$stype %in% c("E", "H")))
  invisible(list(mean = m, total = tt, ratio = r, by = b))
}

cat("R:", R.version.string, " survey:", as.character(packageVersion("survey")), "\n")

# ============================================= case 1: apiclus2 (two-stage) --
cat("\n== case 1: apiclus2 ==\n")
apiclus2 <- read.csv(file.path(api, "apiclus2.csv"), colClasses = c(cds = "character"))
d2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)
lab2 <- "apiclus2: svydesign(id=~dnum+snum, fpc=~fpc1+fpc2)"
l2 <- basic_set("c1_clus2_twostage", lab2, d2, apiclus2)

options(survey.ultimate.cluster = TRUE)
l2u <- basic_set("c1_clus2_twostage_ultimate",
                 paste0(lab2, "; options(survey.ultimate.cluster=TRUE)"), d2, apiclus2)
options(survey.ultimate.cluster = FALSE)

d2one <- svydesign(id = ~dnum, fpc = ~fpc1, data = apiclus2)
l2o <- basic_set("c1_clus2_onestage", "apiclus2: svydesign(id=~dnum, fpc=~fpc1)",
                 d2one, apiclus2)

n_psu <- length(unique(apiclus2$dnum))
n_in  <- ave(apiclus2$snum, apiclus2$dnum, FUN = length)
w_formula <- (apiclus2$fpc1 / n_psu) * (apiclus2$fpc2 / n_in)
cat("sampled districts n1 =", n_psu, "; degf two-stage", degf(d2), ", one-stage", degf(d2one), "\n")
cat("first 5 weights, two-stage (weights(d2)):\n")
print(data.frame(dnum = apiclus2$dnum, snum = apiclus2$snum, fpc1 = apiclus2$fpc1,
                 fpc2 = apiclus2$fpc2, n2 = n_in, weight = sprintf("%.17g", weights(d2)),
                 pw_in_file = apiclus2$pw)[1:5, ], row.names = FALSE)
cat("first 5 rows with distinct weights, two-stage:\n")
u <- which(!duplicated(weights(d2)))[1:5]
print(data.frame(row = u, dnum = apiclus2$dnum[u], fpc1 = apiclus2$fpc1[u],
                 fpc2 = apiclus2$fpc2[u], n2 = n_in[u],
                 weight = sprintf("%.17g", weights(d2)[u]), pw_in_file = apiclus2$pw[u]),
      row.names = FALSE)
cat("first 5 weights, one-stage:", sprintf("%.17g", weights(d2one)[1:5]), "\n")
cat("max rel diff weights(d2) vs (fpc1/n1)*(fpc2/n2):", relmax(weights(d2), w_formula), "\n")
cat("max rel diff weights(d2) vs pw column:", relmax(weights(d2), apiclus2$pw), "\n")
cat("sum of weights: two-stage", sum(weights(d2)), " one-stage", sum(weights(d2one)), "\n")
# two-stage variance by hand: stage 1 between districts, plus n1/N1 times the
# within-district (stage 2) variance of each district
twostage_var <- function(z, ultimate = FALSE) {
  Z <- tapply(z, apiclus2$dnum, sum)
  f1 <- (757 - n_psu) / 757
  v <- f1 * n_psu / (n_psu - 1) * sum((Z - mean(Z))^2)
  if (ultimate) return(v)
  for (g in split(seq_along(z), apiclus2$dnum)) {
    n2 <- length(g); N2 <- apiclus2$fpc2[g[1]]; f2 <- (N2 - n2) / N2
    if (f2 < 1e-7) next                         # whole district sampled
    v <- v + n_psu / 757 * f2 * n2 / (n2 - 1) * sum((z[g] - mean(z[g]))^2)
  }
  v
}
w2 <- weights(d2)
zm <- w2 * (apiclus2$api00 - coef(l2$mean)) / sum(w2)
cat("two-stage mean SE by hand vs R: rel diff", relmax(sqrt(twostage_var(zm)), SE(l2$mean)),
    "; ultimate cluster by hand vs R:", relmax(sqrt(twostage_var(zm, TRUE)), SE(l2u$mean)), "\n")
cat("clusters with n2 = 1:", sum(n_in[!duplicated(apiclus2$dnum)] == 1),
    "(all have fpc2 = 1, so no lonely PSU at stage 2)",
    all(apiclus2$fpc2[n_in == 1] == 1), "\n")
cat("ultimate cluster vs full two-stage, SE ratio (mean, total, ratio):",
    SE(l2u$mean) / SE(l2$mean), SE(l2u$total) / SE(l2$total),
    SE(l2u$ratio) / SE(l2$ratio), "\n")

# ================================================ case 2: apistrat, no pw --
cat("\n== case 2: apistrat without weights ==\n")
apistrat <- read.csv(file.path(api, "apistrat.csv"), colClasses = c(cds = "character"))
apistrat$f <- ave(apistrat$fpc, apistrat$stype, FUN = length) / apistrat$fpc  # n_h / N_h
dsN <- svydesign(id = ~1, strata = ~stype, fpc = ~fpc, data = apistrat)
dsF <- svydesign(id = ~1, strata = ~stype, fpc = ~f, data = apistrat)
labN <- "apistrat: svydesign(id=~1, strata=~stype, fpc=~fpc)"
labF <- "apistrat: svydesign(id=~1, strata=~stype, fpc=~f) with f = n_h/N_h"
cat("weights (N_h/n_h) by stratum:",
    tapply(sprintf("%.17g", weights(dsN)), apistrat$stype, unique), "\n")
cat("max rel diff weights fpc=N vs fpc=f:", relmax(weights(dsF), weights(dsN)), "\n")

closed_diff <- c(beta = 0, logit = 0, mean = 0)
for (v in list(list("c2_strat_fpcN", labN, dsN), list("c2_strat_fpcf", labF, dsF))) {
  case <- v[[1]]; lab <- v[[2]]; des <- v[[3]]; df <- degf(des)
  m <- svymean(~api00, des)
  add_t(case, lab, "mean", "api00", "all", coef(m), SE(m), df, nrow(apistrat))
  for (meth in c("beta", "logit", "mean")) {
    p <- svyciprop(~I(sch.wide == "Yes"), des, method = meth)
    add(case, lab, "proportion", "sch.wide==Yes", "all", coef(p), sqrt(attr(p, "var")),
        attr(p, "ci")[1], attr(p, "ci")[2], if (meth == "mean") "wald" else meth,
        df, nrow(apistrat))
  }
  # svyby(..., svyciprop): by stype (the strata) and by comp.imp (cuts across
  # strata); first with svyciprop's own default df = degf(<domain subset>),
  # then with df = degf(des) passed explicitly.
  for (byv in c("stype", "comp.imp")) {
    for (meth in c("beta", "logit", "mean")) {
      for (dfmode in c("domain", "design")) {
        b <- if (dfmode == "domain")
          svyby(~I(sch.wide == "Yes"), as.formula(paste0("~", byv)), des, svyciprop,
                vartype = c("se", "ci"), method = meth)
        else
          svyby(~I(sch.wide == "Yes"), as.formula(paste0("~", byv)), des, svyciprop,
                vartype = c("se", "ci"), method = meth, df = degf(des))
        for (lv in rownames(b)) {
          sub <- des[apistrat[[byv]] == lv, ]
          dfused <- if (dfmode == "domain") degf(sub) else df
          # beta ignores df=: it always uses degf(<design passed>) and nrow - 1
          if (meth == "beta") dfused <- degf(sub)
          add(paste0(case, "_svyby_", dfmode, "df"), paste0(lab, "; svyby(", byv, ", svyciprop, ",
                           if (dfmode == "domain") "default df)" else "df=degf(des))"),
              "proportion", "sch.wide==Yes", paste0(byv, "=", lv),
              by_est(b, lv), by_se(b, lv), b[lv, "ci_l"], b[lv, "ci_u"],
              if (meth == "mean") "wald" else meth, dfused, sum(apistrat[[byv]] == lv))
          # check: the recorded df reproduces R's interval
          chk <- svyciprop(~I(sch.wide == "Yes"), sub, method = meth, df = dfused)
          stopifnot(max(abs(attr(chk, "ci") - unlist(b[lv, c("ci_l", "ci_u")]))) < 1e-12)
          # closed forms (see README): beta uses nrow(sub) - 1 and degf(sub)
          pe <- by_est(b, lv); se <- by_se(b, lv)
          ci <- unlist(b[lv, c("ci_l", "ci_u")])
          closed <- switch(meth,
            beta = {
              ne <- pe * (1 - pe) / se^2 *
                (qt(0.025, nrow(sub) - 1) / qt(0.025, degf(sub)))^2
              c(qbeta(0.025, ne * pe, ne * (1 - pe) + 1), qbeta(0.975, ne * pe + 1, ne * (1 - pe)))
            },
            logit = plogis(qlogis(pe) + c(-1, 1) * qt(0.975, dfused) * se / (pe * (1 - pe))),
            mean = pe + c(-1, 1) * qt(0.975, dfused) * se)
          closed_diff[[meth]] <- max(closed_diff[[meth]], relmax(ci, closed))
        }
      }
    }
  }
}
cat("svyby(svyciprop) CIs vs closed forms, max rel diff (logit: svyglm IRLS tolerance):\n")
print(closed_diff)
cat("domain subset degf: stype E/H/M =",
    sapply(c("E", "H", "M"), function(s) degf(dsN[apistrat$stype == s, ])),
    "; comp.imp No/Yes =",
    sapply(c("No", "Yes"), function(s) degf(dsN[apistrat$comp.imp == s, ])),
    "; whole design", degf(dsN), "\n")

# ============================================== case 3: replicate weights --
cat("\n== case 3: replicate weights ==\n")
apiclus1 <- read.csv(file.path(api, "apiclus1.csv"), colClasses = c(cds = "character"))
dclus1 <- svydesign(id = ~dnum, fpc = ~fpc, weights = ~pw, data = apiclus1)
dstrat <- svydesign(id = ~1, strata = ~stype, fpc = ~fpc, weights = ~pw, data = apistrat)

rep_set <- function(case, label, rdes, lin, data) {
  df <- degf(rdes)
  m <- svymean(~api00, rdes)
  add_t(case, label, "mean", "api00", "all", coef(m), SE(m), df, nrow(data))
  tt <- svytotal(~enroll, rdes)
  add_t(case, label, "total", "enroll", "all", coef(tt), SE(tt), df, nrow(data))
  r <- svyratio(~api.stu, ~enroll, rdes)
  add_t(case, label, "ratio", "api.stu/enroll", "all", coef(r), SE(r), df, nrow(data))
  b <- svyby(~api00, ~stype, rdes, svymean, covmat = TRUE)
  for (s in rownames(b))
    add_t(case, label, "mean", "api00", paste0("stype=", s), by_est(b, s), by_se(b, s),
          df, sum(data$stype == s))
  k <- svycontrast(b, c(E = 1, H = -1))
  add_t(case, label, "contrast", "api00", "stype=E minus stype=H", coef(k), SE(k),
        df, sum(data$stype %in% c("E", "H")))
  # the same on the linearization design, for the ratio printed below
  lm <- svymean(~api00, lin); lt <- svytotal(~enroll, lin)
  lr <- svyratio(~api.stu, ~enroll, lin); lb <- svyby(~api00, ~stype, lin, svymean)
  ratio <- c(mean = SE(m) / SE(lm), total = SE(tt) / SE(lt), ratio = unname(SE(r) / SE(lr)),
             setNames(SE(b) / SE(lb), paste0("stype=", rownames(b))))
  cat(case, ": replicate SE / linearization SE:\n"); print(signif(ratio, 6))
  cat("  estimates equal to linearization: max rel diff",
      relmax(c(coef(m), coef(tt), coef(r), coef(b)),
             c(coef(lm), coef(lt), coef(lr), coef(lb))), "\n")
}
show_rep <- function(name, rdes) {
  cat(name, ": type", rdes$type, ", replicates", ncol(rdes$repweights$weights),
      ", mse", rdes$mse, ", degf", degf(rdes), ", scale", sprintf("%.17g", rdes$scale),
      "\n  distinct rscales:", sprintf("%.17g", unique(rdes$rscales)), "\n")
}

r1 <- as.svrepdesign(dclus1, type = "JK1")
show_rep("apiclus1 JK1", r1)
lab_r1 <- "apiclus1: as.svrepdesign(svydesign(id=~dnum, fpc=~fpc, weights=~pw), type=\"JK1\")"
rep_set("c3_clus1_JK1", lab_r1, r1, dclus1, apiclus1)

rs <- as.svrepdesign(dstrat, type = "JKn")
show_rep("apistrat JKn", rs)
cat("  rscales (count of replicates with each value):\n"); print(table(sprintf("%.17g", rs$rscales)))
nh_s <- table(apistrat$stype); Nh_s <- tapply(apistrat$fpc, apistrat$stype, unique)
cat("  (1 - n_h/N_h)(n_h - 1)/n_h by stratum:", sprintf("%s %.17g", names(nh_s),
    (1 - nh_s / Nh_s) * (nh_s - 1) / nh_s), "\n")
cat("  JK1 scale (1 - n/N)(n - 1)/n:", sprintf("%.17g", (1 - 15/757) * 14/15), "\n")
lab_rs <- "apistrat: as.svrepdesign(svydesign(id=~1, strata=~stype, fpc=~fpc, weights=~pw), type=\"JKn\")"
rep_set("c3_strat_JKn", lab_rs, rs, dstrat, apistrat)

# mse = TRUE: deviations taken about the full-sample estimate, not the
# replicate mean
r1m <- as.svrepdesign(dclus1, type = "JK1", mse = TRUE)
rep_set("c3_clus1_JK1_mse", paste0(lab_r1, " with mse=TRUE"), r1m, dclus1, apiclus1)
rsm <- as.svrepdesign(dstrat, type = "JKn", mse = TRUE)
rep_set("c3_strat_JKn_mse", paste0(lab_rs, " with mse=TRUE"), rsm, dstrat, apistrat)

# ================================================= case 4: lonely PSUs --
cat("\n== case 4: lonely PSU ==\n")
# 4 strata; stratum 3 has one PSU; domain b is in one of the two PSUs of
# stratum 2 and absent from stratum 4. fpc = number of PSUs in the stratum's
# population; w = (N_h / n_h) * m with a within-PSU factor m.
lonely <- data.frame(
  id      = 1:23,
  stratum = c(1,1,1,1,1,1,1,1, 2,2,2,2,2, 3,3,3, 4,4,4,4,4,4,4),
  psu     = c(11,11,11,12,12,13,13,13, 21,21,22,22,22, 31,31,31, 41,41,42,42,42,43,43),
  y       = c(12, 15.5, 9, 20, 18.5, 7.5, 11, 14,  22, 19, 16.5, 25, 21,
              30, 27.5, 33,  10, 13.5, 8, 9.5, 12.5, 15, 11.5),
  x       = c(1,0,1, 1,0, 0,1,0,  1,1, 0,1,0,  1,1,0,  0,1, 0,0,1, 1,0),
  dom     = c("a","b","a", "b","a", "a","b","a",  "b","a", "a","a","a",
              "a","b","a",  "a","a", "a","a","a", "a","a"),
  m       = c(1,1.5,2, 1,1.5, 2,1,1.5,  2,1, 1.5,2,1,  1.5,2,1,  1,1.5, 2,1,1.5, 2,1))
Nh <- c(`1` = 9, `2` = 8, `3` = 5, `4` = 12)            # PSUs in the population
nh <- tapply(lonely$psu, lonely$stratum, function(p) length(unique(p)))
lonely$fpc <- Nh[as.character(lonely$stratum)]
lonely$w   <- lonely$fpc / nh[as.character(lonely$stratum)] * lonely$m
# self-representing variant: stratum 3's single PSU is the whole stratum
# population (fpc 1 = n_h, f = 1), weight m
lonely$fpc_sr <- ifelse(lonely$stratum == 3, 1, lonely$fpc)
lonely$w_sr   <- ifelse(lonely$stratum == 3, lonely$m, lonely$w)
lonely$m <- NULL
write_table(lonely, "lonely.csv", digits = 15)
lonely <- read.csv(file.path(dir, "lonely.csv"))          # use the file as written

# Hand computation (no survey functions) of R's linearized variance for a
# set of rows `keep` (the domain: R drops the other rows and pads the missing
# PSUs of a stratum with zeros), z = linearized values of the kept rows.
hand_var <- function(z, keep, fpc, policy, domlonely) {
  d <- lonely[keep, ]
  strata <- sort(unique(d$stratum))
  contrib <- sapply(strata, function(h) {
    nP <- nh[as.character(h)]
    f  <- (fpc[keep][d$stratum == h][1] - nP) / fpc[keep][d$stratum == h][1]
    if (f < 1e-7) return(0)                               # self-representing
    tot <- tapply(z[d$stratum == h], d$psu[d$stratum == h], sum)
    tot <- c(tot, rep(0, nP - length(tot)))
    centre <- !(policy == "adjust" && length(unique(d$psu[d$stratum == h])) == 1 &&
                (nP == 1 || domlonely))
    if (centre) tot <- tot - mean(tot)
    if (nP == 1) return(if (policy == "average") NA else f * sum(tot^2))
    if (length(unique(d$psu[d$stratum == h])) == 1 && domlonely && policy == "average")
      return(NA)
    f * nP / (nP - 1) * sum(tot^2)
  })
  sum(contrib, na.rm = TRUE) * length(strata) / sum(!is.na(contrib))
}

lonely_set <- function(case, label, des, fpc, wcol, policy, domlonely) {
  df <- degf(des); n <- nrow(lonely); w <- lonely[[wcol]]
  err <- 0
  m <- run(svymean(~y, des), case, label, "svymean(~y)")
  if (is.null(m)) add(case, label, "mean", "y", "all", NA, NA, NA, NA, "t", df, n)
  if (!is.null(m)) {
    add_t(case, label, "mean", "y", "all", coef(m), SE(m), df, n)
    z <- w * (lonely$y - coef(m)) / sum(w)
    err <- max(err, abs(SE(m) - sqrt(hand_var(z, rep(TRUE, n), fpc, policy, domlonely))) / SE(m))
  }
  tt <- run(svytotal(~y, des), case, label, "svytotal(~y)")
  if (is.null(tt)) add(case, label, "total", "y", "all", NA, NA, NA, NA, "t", df, n)
  if (!is.null(tt)) {
    add_t(case, label, "total", "y", "all", coef(tt), SE(tt), df, n)
    err <- max(err, abs(SE(tt) - sqrt(hand_var(w * lonely$y, rep(TRUE, n), fpc, policy,
                                               domlonely))) / SE(tt))
  }
  p <- run(svyciprop(~x, des, method = "logit"), case, label, "svyciprop(~x, method=\"logit\")")
  if (is.null(p)) add(case, label, "proportion", "x", "all", NA, NA, NA, NA, "logit", df, n)
  if (!is.null(p))
    add(case, label, "proportion", "x", "all", coef(p), sqrt(attr(p, "var")),
        attr(p, "ci")[1], attr(p, "ci")[2], "logit", df, n)
  for (fun in c("svymean", "svytotal")) {
    b <- run(svyby(~y, ~dom, des, get(fun)), case, label,
             paste0("svyby(~y, ~dom, ", fun, ")"))
    if (is.null(b)) {
      for (lv in c("a", "b"))
        add(case, label, if (fun == "svymean") "mean" else "total", "y", paste0("dom=", lv),
            NA, NA, NA, NA, "t", df, sum(lonely$dom == lv))
      next
    }
    for (lv in rownames(b)) {
      k <- lonely$dom == lv
      add_t(case, label, if (fun == "svymean") "mean" else "total", "y", paste0("dom=", lv),
            by_est(b, lv), by_se(b, lv), df, sum(k))
      z <- if (fun == "svymean") w[k] * (lonely$y[k] - by_est(b, lv)) / sum(w[k]) else w[k] * lonely$y[k]
      zz <- numeric(n); zz[k] <- z
      err <- max(err, abs(by_se(b, lv) - sqrt(hand_var(zz[k], k, fpc, policy, domlonely))) / by_se(b, lv))
    }
  }
  err
}

policies <- list(c("certainty", FALSE), c("remove", FALSE), c("adjust", FALSE),
                 c("adjust", TRUE), c("average", FALSE), c("average", TRUE),
                 c("fail", FALSE))
for (variant in c("lonely", "selfrep")) {
  fcol <- if (variant == "lonely") "fpc" else "fpc_sr"
  wcol <- if (variant == "lonely") "w" else "w_sr"
  des <- svydesign(id = ~psu, strata = ~stratum, fpc = as.formula(paste0("~", fcol)),
                   weights = as.formula(paste0("~", wcol)), data = lonely)
  for (pp in policies) {
    dl <- as.logical(pp[2])
    if (variant == "selfrep" && dl) next
    options(survey.lonely.psu = pp[1], survey.adjust.domain.lonely = dl)
    case <- paste0("c4_", variant, "_", pp[1], if (dl) "_domlonely" else "")
    label <- sprintf("lonely.csv: svydesign(id=~psu, strata=~stratum, fpc=~%s, weights=~%s); options(survey.lonely.psu=\"%s\", survey.adjust.domain.lonely=%s)",
                     fcol, wcol, pp[1], dl)
    err <- lonely_set(case, label, des, lonely[[fcol]], wcol, pp[1], dl)
    cat(sprintf("%-32s degf %d, hand formula vs R: max rel diff of SE %.2e\n", case, degf(des), err))
  }
}
options(survey.lonely.psu = "fail", survey.adjust.domain.lonely = FALSE)

# ================================================ case 5: edge domains --
cat("\n== case 5: edge domains ==\n")
# Stratified SRS, 3 strata. Domains: one (a single respondent), zero (yes all
# 0), all (yes all 1), na (y and yes all missing), mix (ordinary, one yes NA).
edge <- data.frame(
  id      = 1:16,
  stratum = c("A","A","A","A","A", "B","B","B","B","B","B", "C","C","C","C","C"),
  dom     = c("mix","zero","na","mix","zero", "one","zero","all","all","zero","mix",
              "all","na","all","na","mix"),
  y       = c(3.2, 5.1, NA, 4.4, 2.9,  6.0, 4.0, 7.5, 6.8, 3.3, 5.5,  8.1, NA, 7.7, NA, 6.1),
  yes     = c(1, 0, NA, NA, 0,  1, 0, 1, 1, 0, 1,  1, NA, 1, NA, 0))
edge$fpc <- c(A = 20, B = 30, C = 10)[edge$stratum]
edge$w   <- edge$fpc / as.vector(table(edge$stratum)[edge$stratum])
write_table(edge, "edge.csv", digits = 15)
edge <- read.csv(file.path(dir, "edge.csv"))
de <- svydesign(id = ~1, strata = ~stratum, fpc = ~fpc, weights = ~w, data = edge)
labE <- "edge.csv: svydesign(id=~1, strata=~stratum, fpc=~fpc, weights=~w)"
dfE <- degf(de)
cat("edge degf", dfE, "; domain subset degf:",
    sapply(sort(unique(edge$dom)), function(d) degf(de[edge$dom == d, ])), "\n")

m <- svymean(~y, de, na.rm = TRUE)
add_t("c5_edge", paste0(labE, "; na.rm=TRUE"), "mean", "y", "all", coef(m), SE(m), dfE,
      sum(!is.na(edge$y)))
for (fun in c("svymean", "svytotal")) {
  what <- paste0("svyby(~y, ~dom, ", fun, ", na.rm=TRUE)")
  b <- run(svyby(~y, ~dom, de, get(fun), na.rm = TRUE), "c5_edge", labE, what)
  if (is.null(b)) next
  for (lv in rownames(b))
    add_t("c5_edge", paste0(labE, "; ", what), if (fun == "svymean") "mean" else "total",
          "y", paste0("dom=", lv), by_est(b, lv), by_se(b, lv), dfE,
          sum(edge$dom == lv & !is.na(edge$y)))
}
# svyciprop per domain. svyby(~yes, ~dom, des, svyciprop, ...) calls
# svyciprop(~yes, des[dom == lv, ], ...) for each level; when that call fails
# for one level the whole svyby fails, so each level is run on its own here
# and svyby is only compared with it.
for (meth in c("logit", "beta", "mean")) {
  for (dfmode in c("domain", "design")) {
    case <- paste0("c5_edge_ciprop_", dfmode, "df")
    extra <- if (dfmode == "design") list(df = dfE) else list()
    what <- sprintf("svyciprop(~yes, des[dom==lv, ], method=\"%s\", na.rm=TRUE%s)", meth,
                    if (dfmode == "design") ", df=degf(des)" else "")
    lab <- paste0(labE, "; ", what)
    direct <- list()
    for (lv in sort(unique(edge$dom))) {
      sub <- de[edge$dom == lv, ]
      dfused <- if (dfmode == "domain" || meth == "beta") degf(sub) else dfE
      nd <- sum(edge$dom == lv & !is.na(edge$yes))
      p <- run(do.call(svyciprop, c(list(~yes, sub, method = meth, na.rm = TRUE), extra)),
               case, lab, sub("lv", paste0("\"", lv, "\""), what))
      direct[[lv]] <- p
      if (is.null(p)) {
        add(case, lab, "proportion", "yes", paste0("dom=", lv), NA, NA, NA, NA,
            if (meth == "mean") "wald" else meth, dfused, nd)
      } else {
        add(case, lab, "proportion", "yes", paste0("dom=", lv), coef(p),
            sqrt(attr(p, "var")), attr(p, "ci")[1], attr(p, "ci")[2],
            if (meth == "mean") "wald" else meth, dfused, nd)
      }
    }
    bwhat <- sprintf("svyby(~yes, ~dom, des, svyciprop, method=\"%s\", vartype=c(\"se\",\"ci\"), na.rm=TRUE%s)",
                     meth, if (dfmode == "design") ", df=degf(des)" else "")
    b <- run(do.call(svyby, c(list(~yes, ~dom, de, svyciprop, method = meth,
                                   vartype = c("se", "ci"), na.rm = TRUE), extra)),
             case, labE, bwhat)
    if (is.null(b)) {
      cat(bwhat, ": error (see r_messages.csv)\n")
    } else {
      same <- sapply(rownames(b), function(lv) {
        a <- c(by_est(b, lv), by_se(b, lv), b[lv, "ci_l"], b[lv, "ci_u"])
        d <- direct[[lv]]
        e <- c(coef(d), sqrt(attr(d, "var")), attr(d, "ci"))
        isTRUE(all.equal(a, unname(e), tolerance = 1e-14))
      })
      cat(bwhat, ": equal to the per-domain calls:", all(same), "\n")
    }
  }
}
# the all-NA domain outside svyby: the same 0 / 0 as svyby gives
sub_na <- de[edge$dom == "na", ]
cat("all-NA domain called directly: svymean", coef(svymean(~y, sub_na, na.rm = TRUE)),
    "se", SE(svymean(~y, sub_na, na.rm = TRUE)), "; svytotal",
    coef(svytotal(~y, sub_na, na.rm = TRUE)), "se", SE(svytotal(~y, sub_na, na.rm = TRUE)), "\n")

# ====================================== case 6: trygg_public linear trend --
cat("\n== case 6: trend of share_unsafe_night ==\n")
tp <- "tests/reference/trygg_public"
files <- list.files(tp, pattern = "^20[0-9]{2}_.*[.]csv$")
resp <- do.call(rbind, lapply(files, function(f)
  read.csv(file.path(tp, f), colClasses = c(stratum = "character", respondent = "character"),
           encoding = "UTF-8")))
resp$v <- as.numeric(!is.na(resp$unsafe_night) & resp$unsafe_night %in% 1:4)
resp$y <- as.numeric(resp$v == 1 & resp$unsafe_night %in% 3:4)
options(survey.lonely.psu = "adjust", survey.adjust.domain.lonely = FALSE)
est <- NULL
for (yr in sort(unique(resp$year))) {
  d <- resp[resp$year == yr, ]
  des <- svydesign(ids = ~1, strata = ~stratum, fpc = ~stratum_pop, weights = ~design_weight,
                   data = d)
  b <- svyby(~y, ~municipality, des[d$v == 1, ], svymean)
  est <- rbind(est, data.frame(municipality = rownames(b), year = yr,
                               estimate = coef(b), se = SE(b),
                               n = as.vector(table(d$municipality[d$v == 1])[rownames(b)]),
                               df = degf(des), stringsAsFactors = FALSE))
}
options(survey.lonely.psu = "fail")
ref <- read.csv(file.path(tp, "reference_estimates.csv"), encoding = "UTF-8")
ref <- ref[ref$weighting == "design" & ref$level == "municipality" &
           ref$indicator == "share_unsafe_night" & ref$ci_method == "logit", ]
k <- match(paste(est$year, est$municipality), paste(ref$year, ref$domain))
cat("matched", sum(!is.na(k)), "of", nrow(est), "rows of reference_estimates.csv;",
    "max rel diff estimate", relmax(est$estimate, ref$estimate[k]),
    ", se", relmax(est$se, ref$se[k]), "; n and df equal:",
    all(est$n == ref$n[k]), all(est$df == ref$df[k]), "\n")

trend <- NULL
for (mu in sort(unique(est$municipality))) {
  e <- est[est$municipality == mu, ]
  e <- e[order(e$year), ]
  tc <- e$year - mean(e$year)
  cc <- tc / sum(tc^2)
  slope <- sum(cc * e$estimate)
  se <- sqrt(sum(cc^2 * e$se^2))
  z <- slope / se
  trend <- rbind(trend,
    data.frame(municipality = mu, kind = "year", year = e$year, estimate = e$estimate,
               se = e$se, c = cc, z = NA, p_value = NA, n = e$n, df = e$df),
    data.frame(municipality = mu, kind = "slope", year = NA, estimate = slope, se = se,
               c = NA, z = z, p_value = 2 * pnorm(-abs(z)), n = NA, df = NA))
}
write_table(trend, "trend.csv")
print(trend[trend$kind == "slope", c("municipality", "estimate", "se", "z", "p_value")],
      row.names = FALSE, digits = 6)

# ---------------------------------------------------------------- output --
out <- do.call(rbind, rows)
write_table(out, "estimation_reference.csv")
a <- out[startsWith(out$case, "c2_strat_fpcN"), ]
b <- out[startsWith(out$case, "c2_strat_fpcf"), ]
cat("\nc2 fpc as N_h vs fpc as n_h/N_h: max rel diff estimate", relmax(a$estimate, b$estimate),
    "se", relmax(a$se, b$se), "ci", relmax(c(a$ci_low, a$ci_high), c(b$ci_low, b$ci_high)), "\n")
ar <- read.csv(file.path(api, "api_reference.csv"), strip.white = TRUE)
ar <- ar[ar$dataset == "apistrat" & ar$weighting == "design" & ar$domain == "all" &
         ar$variable %in% c("api00", "sch.wide==Yes"), ]
a <- a[a$domain == "all", ]
k <- match(paste(a$variable, a$ci_method), paste(ar$variable, sub("^mean$", "wald", ar$ci_method)))
cat("c2 (weights N_h/n_h) vs api_reference.csv apistrat rows (weights=pw, pw printed to 15 digits):",
    "max rel diff estimate", relmax(a$estimate, ar$estimate[k]), "se", relmax(a$se, ar$se[k]), "\n")
write_table(do.call(rbind, msgs), "r_messages.csv")
cat("\nrows:", nrow(out), " cases:", length(unique(out$case)), "\n")
print(table(out$case))
