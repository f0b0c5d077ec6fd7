# bench/r_bench.R - the same estimates with R's survey package, for bench/run.
#
#   Rscript bench/r_bench.R DEFINITION YEAR OUTDIR [--weighting design,rake]
#           [--design-indicators N] [--design-levels L,...] [--rake-indicators N]
#           [--rake-levels L,...] [--trygg-design CSV] [--trygg-rake CSV] [--tol 1e-9]
#
# Everything comes from the survey definition (survey.trygg) and the files it names:
# [columns] (stratum, fpc, weight, psu, municipality, district, sex, age_group), [design]
# lonely_psu, [weighting] population / margins / epsilon / max_iterations, [report]
# levels and min_n, and indicators.csv / items.csv / scales.csv for the indicators'
# codes (types share and mean). Only YEAR's data are read (files named YEAR_*.csv when
# there are such files, and rows whose year is YEAR).
#
# For each weighting asked for:
#   design  svydesign(ids = ~1 (or ~psu), strata, fpc, weights = design weights)
#   rake    rake(design, list(~municipality + sex, ~municipality + age_group),
#                the [weighting] population summed to each margin for YEAR,
#                control = list(maxit = max_iterations, epsilon = epsilon))
#           (trygg uses R's convergence rule: epsilon < 1 is relative to the sum of the
#           design weights, and the largest change of the crossed weighted table)
# then, for each of the first N (--<w>-indicators, default 10) indicators of the list
# below, svymean for the region and svyby(svymean, na.rm = TRUE) for each other level
# (--<w>-levels, default [report] levels: region, municipality, district). An indicator is NA outside its valid codes; na.rm drops those
# rows through subset(), which keeps the full design (domains, not subsets).
#
# Writes OUTDIR/r_<weighting>.csv: weighting,level,domain,indicator,estimate,se,n.
# Prints `name value` lines: r_rows, r_read (s), r_design_<w> (s, svydesign or rake),
# r_estimate_<w> (s, every svymean/svyby), r_cells_<w>; with --trygg-<w> CSV (trygg
# estimate --year YEAR output) the comparison cmp_<w>_*: cells matched, cells trygg
# suppressed (R's n < min_n there), largest absolute and relative differences of estimate
# and SE, the worst cell, and `cmp_<w> ok` or `cmp_<w> FAIL`. Relative difference =
# |R - trygg| / max(|R|, |trygg|, 1e-6): below 1e-6 (an SE of a degenerate cell, e.g. a
# share of 1, which R computes as ~1e-17 and trygg as 0) the absolute difference counts,
# scaled by 1e-6; the number of such degenerate cells is printed. FAIL (exit status 4) when a difference exceeds
# --tol, a count n differs, an R cell is missing from trygg, trygg suppressed a cell with
# n >= min_n, or no cell matched.
suppressPackageStartupMessages(library(survey))

# ---- arguments ------------------------------------------------------------------------
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 3) stop("usage: r_bench.R DEFINITION YEAR OUTDIR [options]")
defpath <- args[1]; year <- args[2]; outdir <- args[3]
opt <- list(weighting = "design,rake", tol = "1e-9")
rest <- args[-(1:3)]
while (length(rest) >= 2) {
  k <- sub("^--", "", rest[1]); opt[[k]] <- rest[2]; rest <- rest[-(1:2)]
}
if (length(rest)) stop("r_bench.R: option without a value: ", rest[1])
weightings <- strsplit(opt$weighting, ",", fixed = TRUE)[[1]]
tol <- as.numeric(opt$tol)

# ---- the definition -------------------------------------------------------------------
read_ini <- function(path) {
  ini <- list(); sec <- ""
  for (line in readLines(path, encoding = "UTF-8")) {
    line <- trimws(sub("(^|[[:space:]])#.*$", "", line))
    if (line == "") next
    if (grepl("^\\[.*\\]$", line)) { sec <- substr(line, 2, nchar(line) - 1); next }
    kv <- regmatches(line, regexpr("=", line), invert = TRUE)[[1]]
    ini[[sec]][[trimws(kv[1])]] <- trimws(kv[2])
  }
  ini
}
ini <- read_ini(defpath)
base <- dirname(defpath)
col <- ini$columns
role <- function(r) if (!is.null(col[[r]])) col[[r]] else r
get <- function(sec, key, default) {
  v <- ini[[sec]][[key]]; if (is.null(v) || v == "") default else v
}
options(survey.lonely.psu = get("design", "lonely_psu", "fail"))

read_any <- function(f) {   # `,` or `;` (then decimal comma), optional BOM, as trygg-gen writes
  first <- readLines(f, n = 1, encoding = "UTF-8")
  semi <- lengths(regmatches(first, gregexpr(";", first))) >
          lengths(regmatches(first, gregexpr(",", first)))
  if (semi) read.csv2(f, fileEncoding = "UTF-8-BOM", colClasses = "character")
  else read.csv(f, fileEncoding = "UTF-8-BOM", colClasses = "character")
}
num <- function(x) as.numeric(sub(",", ".", x, fixed = TRUE))
codes <- function(s) as.integer(strsplit(trimws(s), "[[:space:]]+")[[1]])

# ---- indicators -----------------------------------------------------------------------
wanted <- c("share_big_problem_p_littering", "share_unsafe_night", "share_victim",
            "mean_trust_police", "share_big_problem_p_vandalism",
            "share_big_problem_p_speeding", "share_big_problem_p_drug_dealing",
            "share_worry_often", "share_trust_police_high", "share_police_care")
inds <- read_any(file.path(base, ini$survey$indicators))
items <- read_any(file.path(base, ini$survey$items))
scales <- read_any(file.path(base, ini$survey$scales))
indicator_fn <- function(name) {
  r <- inds[inds$indicator == name, ]
  if (nrow(r) != 1) stop("indicator not in indicators.csv: ", name)
  sc <- scales[scales$scale == items$scale[items$item == r$items], ]
  valid <- if (r$valid != "") codes(r$valid) else as.integer(sc$code[sc$valid == "1"])
  if (r$type == "share") {
    yes <- codes(r$codes)
    function(x) { x <- suppressWarnings(as.integer(x))
      ifelse(x %in% valid, as.numeric(x %in% yes), NA_real_) }
  } else if (r$type == "mean") {
    score <- ifelse(sc$score == "", num(sc$code), num(sc$score))
    function(x) { x <- suppressWarnings(as.integer(x))
      ifelse(x %in% valid, score[match(x, as.integer(sc$code))], NA_real_) }
  } else stop("r_bench.R handles share and mean indicators, not ", r$type, ": ", name)
}

# ---- the year's data ------------------------------------------------------------------
t0 <- proc.time()[["elapsed"]]
files <- Sys.glob(file.path(base, ini$survey$files))
mine <- files[startsWith(basename(files), paste0(year, "_"))]
if (length(mine)) files <- mine
d <- do.call(rbind, lapply(files, read_any))
d <- d[d[[role("year")]] == year, ]
for (r in c("weight", "fpc")) if (!is.null(col[[r]])) d[[col[[r]]]] <- num(d[[col[[r]]]])
for (nm in wanted) {
  item <- inds$items[inds$indicator == nm]
  d[[nm]] <- indicator_fn(nm)(d[[item]])
}
fml <- function(...) as.formula(paste0("~", paste(c(...), collapse = "+")))
t_read <- proc.time()[["elapsed"]] - t0
cat(sprintf("r_rows %d\nr_read %.3f\n", nrow(d), t_read))

make_design <- function() {
  svydesign(ids = if (is.null(col$psu)) ~1 else fml(col$psu),
            strata = if (is.null(col$stratum)) NULL else fml(col$stratum),
            fpc = if (is.null(col$fpc)) NULL else fml(col$fpc),
            weights = if (is.null(col$weight)) NULL else fml(col$weight), data = d)
}
make_raked <- function() {
  des <- make_design()
  pop <- read_any(file.path(base, ini$weighting$population))
  if (!is.null(pop$year)) pop <- pop[pop$year == year, ]
  pop$population <- num(pop$population)
  terms <- lapply(strsplit(ini$weighting$margins, ",", fixed = TRUE)[[1]],
                  function(m) trimws(strsplit(m, "*", fixed = TRUE)[[1]]))
  pm <- lapply(terms, function(t) {
    a <- aggregate(pop$population, by = pop[t], FUN = sum)
    names(a) <- c(vapply(t, role, ""), "Freq"); a })
  sm <- lapply(terms, function(t) fml(vapply(t, role, "")))
  rake(des, sm, pm, control = list(maxit = as.integer(get("weighting", "max_iterations", 10)),
                                   epsilon = as.numeric(get("weighting", "epsilon", 1)),
                                   verbose = FALSE))
}

levels_all <- strsplit(get("report", "levels", "region municipality district"), "[[:space:]]+")[[1]]
estimate_all <- function(des, w) {
  k <- opt[[paste0(w, "-indicators")]]
  k <- if (is.null(k)) length(wanted) else min(as.integer(k), length(wanted))
  lv <- opt[[paste0(w, "-levels")]]
  levels <- if (is.null(lv)) levels_all else strsplit(lv, ",", fixed = TRUE)[[1]]
  res <- list()
  for (nm in wanted[seq_len(k)]) {
    f <- fml(nm)
    ok <- !is.na(d[[nm]])
    for (lv in levels) {
      if (lv == "region") {
        r <- svymean(f, des, na.rm = TRUE)
        res[[length(res) + 1]] <- data.frame(weighting = w, level = lv, domain = "region",
          indicator = nm, estimate = coef(r)[[1]], se = SE(r)[[1]], n = sum(ok))
      } else {
        v <- role(lv)
        b <- svyby(f, fml(v), des, svymean, na.rm = TRUE, keep.var = TRUE,
                   drop.empty.groups = TRUE)
        dom <- as.character(b[[v]])
        cnt <- table(d[[v]][ok])
        res[[length(res) + 1]] <- data.frame(weighting = w, level = lv, domain = dom,
          indicator = nm, estimate = coef(b), se = SE(b), n = as.integer(cnt[dom]))
      }
    }
  }
  do.call(rbind, res)
}

# ---- comparison with trygg ------------------------------------------------------------
compare <- function(res, path, w) {
  tr <- read.csv(path, colClasses = "character", fileEncoding = "UTF-8")
  tr <- tr[tr$year == year & tr$weighting == w, c("level", "domain", "indicator",
                                                   "estimate", "se", "n")]
  m <- merge(res, tr, by = c("level", "domain", "indicator"), suffixes = c(".r", ".t"),
             all.x = TRUE)
  missing <- is.na(m$estimate.t)
  supp <- !missing & m$estimate.t == ""
  m$bad_supp <- supp & m$n.r >= as.numeric(get("report", "min_n", 0))
  x <- m[!missing & !supp, ]
  et <- as.numeric(x$estimate.t); st <- as.numeric(x$se.t)
  rel <- function(a, b) abs(a - b) / pmax(abs(a), abs(b), 1e-6)
  re <- rel(x$estimate.r, et); rs <- rel(x$se.r, st)
  nbad <- sum(as.integer(x$n.t) != x$n.r)
  worst <- which.max(pmax(re, rs))
  p <- function(k, fmt, v) cat(sprintf(paste0("cmp_%s_%s ", fmt, "\n"), w, k, v))
  p("cells", "%d", nrow(x))
  p("suppressed_in_trygg", "%d", sum(supp))
  p("missing_in_trygg", "%d", sum(missing))
  p("n_differs", "%d", nbad)
  p("degenerate_se_below_1e-6", "%d", sum(pmax(abs(x$se.r), abs(st)) < 1e-6))
  p("suppressed_with_n_ge_min_n", "%d", sum(m$bad_supp))
  if (nrow(x)) {
    p("max_abs_est", "%.3g", max(abs(x$estimate.r - et)))
    p("max_rel_est", "%.3g", max(re))
    p("max_abs_se", "%.3g", max(abs(x$se.r - st)))
    p("max_rel_se", "%.3g", max(rs))
    p("worst", "%s", sprintf("%s/%s/%s R %.17g (se %.17g) trygg %.17g (se %.17g)",
      x$level[worst], x$domain[worst], x$indicator[worst], x$estimate.r[worst],
      x$se.r[worst], et[worst], st[worst]))
  }
  ok <- nrow(x) > 0 && max(re, rs) <= tol && nbad == 0 && !any(missing) && !any(m$bad_supp)
  cat(sprintf("cmp_%s %s\n", w, if (ok) "ok" else sprintf("FAIL (tolerance %g)", tol)))
  ok
}

all_ok <- TRUE
for (w in weightings) {
  t0 <- proc.time()[["elapsed"]]
  des <- if (w == "design") make_design() else if (w == "rake") make_raked()
         else stop("r_bench.R: weighting design or rake, not ", w)
  t1 <- proc.time()[["elapsed"]]
  res <- estimate_all(des, w)
  t2 <- proc.time()[["elapsed"]]
  write.csv(res, file.path(outdir, paste0("r_", w, ".csv")), row.names = FALSE,
            fileEncoding = "UTF-8")
  cat(sprintf("r_design_%s %.3f\nr_estimate_%s %.3f\nr_cells_%s %d\nr_indicators_%s %d\nr_levels_%s %s\n",
              w, t1 - t0, w, t2 - t1, w, nrow(res), w, length(unique(res$indicator)),
              w, paste(unique(res$level), collapse = ",")))
  tp <- opt[[paste0("trygg-", w)]]
  if (!is.null(tp)) all_ok <- compare(res, tp, w) && all_ok
  flush(stdout())
}
if (!all_ok) quit(status = 4)
