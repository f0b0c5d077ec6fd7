# bench/r_bench.R - the same estimates with R's survey package, for bench/run.
#
#   Rscript bench/r_bench.R DATA_DIR YEAR OUT_CSV [N_INDICATORS [TRYGG_ESTIMATES_CSV]]
#
# Reads every DATA_DIR/YEAR_*.csv (`,` or `;` with decimal comma, as trygg-gen writes),
# builds the stratified design of the generated definition (strata = stratum,
# fpc = stratum_pop, weights = design_weight, lonely PSU "adjust"), and for up to 10
# indicators runs svymean for the region and svyby(svymean) by municipality and by
# district (design weights, i.e. `trygg estimate --weighting design`). Domains are
# estimated on the full design: the indicator is NA outside its valid codes and
# svymean(na.rm = TRUE) drops those rows through subset(), which keeps every stratum.
#
# Writes OUT_CSV: level,domain,indicator,estimate,se
# Prints to stdout: `r_load SECONDS`, `r_estimate SECONDS`, `r_cells N`; with
# TRYGG_ESTIMATES_CSV (output of `trygg estimate --weighting design --year YEAR`) also
# the number of cells matched and the largest absolute and relative differences of
# estimate and se over the cells trygg did not suppress.
suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "adjust")

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 3) stop("usage: r_bench.R DATA_DIR YEAR OUT_CSV [N_INDICATORS]")
dir <- args[1]; year <- args[2]; out <- args[3]
nind <- if (length(args) >= 4) as.integer(args[4]) else 10L

t0 <- proc.time()[["elapsed"]]
files <- Sys.glob(file.path(dir, paste0(year, "_*.csv")))
read_one <- function(f) {
  first <- readLines(f, n = 1, encoding = "UTF-8")
  semi <- lengths(regmatches(first, gregexpr(";", first))) >
          lengths(regmatches(first, gregexpr(",", first)))
  d <- if (semi) read.csv2(f, fileEncoding = "UTF-8-BOM", colClasses = "character")
       else read.csv(f, fileEncoding = "UTF-8-BOM", colClasses = "character")
  d
}
d <- do.call(rbind, lapply(files, read_one))
num <- function(x) as.numeric(sub(",", ".", x, fixed = TRUE))
d$design_weight <- num(d$design_weight)
d$stratum_pop <- num(d$stratum_pop)

# indicator = 1/0 on its valid codes, NA otherwise (missing, "vet ej", out of scale)
share <- function(x, valid, yes) { x <- suppressWarnings(as.integer(x))
  ifelse(x %in% valid, as.numeric(x %in% yes), NA_real_) }
mean_of <- function(x, valid) { x <- suppressWarnings(as.integer(x))
  ifelse(x %in% valid, as.numeric(x), NA_real_) }
ind <- list(
  share_big_problem_p_littering    = function() share(d$p_littering, 1:4, 3:4),
  share_unsafe_night               = function() share(d$unsafe_night, 1:4, 3:4),
  share_victim                     = function() share(d$victim_any, 0:1, 1),
  mean_trust_police                = function() mean_of(d$trust_police, 1:5),
  share_big_problem_p_vandalism    = function() share(d$p_vandalism, 1:4, 3:4),
  share_big_problem_p_speeding     = function() share(d$p_speeding, 1:4, 3:4),
  share_big_problem_p_drug_dealing = function() share(d$p_drug_dealing, 1:4, 3:4),
  share_worry_often                = function() share(d$worry_crime, 1:4, 4),
  share_trust_police_high          = function() share(d$trust_police, 1:5, 4:5),
  share_police_care                = function() share(d$police_care, 1:5, 4:5)
)
ind <- ind[seq_len(min(nind, length(ind)))]
for (nm in names(ind)) d[[nm]] <- ind[[nm]]()
des <- svydesign(ids = ~1, strata = ~stratum, fpc = ~stratum_pop,
                 weights = ~design_weight, data = d)
t1 <- proc.time()[["elapsed"]]

res <- list()
for (nm in names(ind)) {
  f <- as.formula(paste0("~", nm))
  r <- svymean(f, des, na.rm = TRUE)
  res[[length(res) + 1]] <- data.frame(level = "region", domain = "region", indicator = nm,
                                       estimate = coef(r)[[1]], se = SE(r)[[1]])
  for (lv in c("municipality", "district")) {
    b <- svyby(f, as.formula(paste0("~", lv)), des, svymean, na.rm = TRUE,
               keep.var = TRUE, drop.empty.groups = TRUE)
    res[[length(res) + 1]] <- data.frame(level = lv, domain = as.character(b[[lv]]),
                                         indicator = nm, estimate = coef(b),
                                         se = SE(b))
  }
}
t2 <- proc.time()[["elapsed"]]
res <- do.call(rbind, res)
write.csv(res, out, row.names = FALSE, fileEncoding = "UTF-8")
cat(sprintf("r_load %.3f\nr_estimate %.3f\nr_cells %d\nr_rows %d\n",
            t1 - t0, t2 - t1, nrow(res), nrow(d)))

if (length(args) >= 5) {
  tr <- read.csv(args[5], colClasses = "character", fileEncoding = "UTF-8")
  tr <- tr[tr$year == year & tr$weighting == "design" & tr$estimate != "", ]
  m <- merge(res, tr[, c("level", "domain", "indicator", "estimate", "se")],
             by = c("level", "domain", "indicator"), suffixes = c(".r", ".t"))
  m$estimate.t <- as.numeric(m$estimate.t); m$se.t <- as.numeric(m$se.t)
  de <- abs(m$estimate.r - m$estimate.t); ds <- abs(m$se.r - m$se.t)
  cat(sprintf("cmp_cells %d\ncmp_max_abs_est %.3g\ncmp_max_abs_se %.3g\ncmp_max_rel_se %.3g\n",
              nrow(m), max(de), max(ds), max(ds / pmax(m$se.r, 1e-300))))
  i <- c(which(m$level == "district"), which(m$level == "municipality"), 1L)[1]
  cat(sprintf("cmp_example %s %s R %.15g (se %.15g) trygg %.15g (se %.15g)\n",
              m$domain[i], m$indicator[i], m$estimate.r[i], m$se.r[i],
              m$estimate.t[i], m$se.t[i]))
}
