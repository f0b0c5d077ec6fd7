# Reference figures for pooled years (issue 20), from R survey.
# Run from the repository root:
#   Rscript tests/reference/pool/make_pool.R
# Made with R 4.2.2 Patched and survey 4.1-1; uses no other package.
# The N latest survey years of tests/reference/trygg_public stacked as one
# sample: strata = year x stratum, each year's fpc, and as weights each
# year's final weights (design, or post-stratified to that year's
# municipality x sex x age_group) divided by N:
#   svydesign(ids = ~1, strata = ~year:stratum, fpc = ~stratum_pop,
#             weights = ~w / N, data = <the N years' rows>)
# Writes tests/reference/pool/pool_reference.csv: window (first and last
# year), weighting, level, domain, indicator, estimate, se, n, df.
suppressMessages(library(survey))
options(survey.lonely.psu = "adjust", survey.adjust.domain.lonely = FALSE)

src <- "tests/reference/trygg_public"
out <- "tests/reference/pool"
files <- list.files(src, pattern = "^20[0-9][0-9]_.*[.]csv$", full.names = TRUE)
all <- do.call(rbind, lapply(files, function(f)
  read.csv(f, colClasses = c(respondent = "character", stratum = "character",
                             sex = "character", age_group = "character"),
           encoding = "UTF-8")))
pop <- read.csv(file.path(src, "population.csv"), colClasses = c(sex = "character"),
                encoding = "UTF-8")

items <- c("p_littering", "p_vandalism", "p_speeding", "p_drunk_public",
           "p_drug_dealing", "p_youth_groups", "p_fights", "p_burglary")
# value y and validity v of every indicator (tests/reference/trygg_public/README.md)
indicator <- function(d, name) {
  if (startsWith(name, "share_big_problem_")) {
    x <- d[[sub("share_big_problem_", "", name)]]
    return(list(v = !is.na(x) & x %in% 1:4, y = !is.na(x) & x %in% 3:4))
  }
  if (name == "problem_index") {
    m <- as.matrix(d[items]); ok <- !is.na(m) & m %in% 1:4
    dim(ok) <- dim(m); m[!ok] <- NA
    return(list(v = rowSums(ok) >= 4, y = rowMeans(m, na.rm = TRUE)))
  }
  u <- d$unsafe_night
  switch(name,
    share_unsafe_night = list(v = !is.na(u) & u %in% 1:4, y = !is.na(u) & u %in% 3:4),
    share_unsafe_night_incl_never = list(v = !is.na(u) & u %in% 1:5,
                                         y = !is.na(u) & u %in% 3:5),
    share_victim = list(v = !is.na(d$victim_any) & d$victim_any %in% 0:1,
                        y = !is.na(d$victim_any) & d$victim_any == 1),
    mean_trust_police = list(v = !is.na(d$trust_police) & d$trust_police %in% 1:5,
                             y = d$trust_police),
    share_worry_often = list(v = !is.na(d$worry_crime) & d$worry_crime %in% 1:4,
                             y = !is.na(d$worry_crime) & d$worry_crime == 4))
}
indicators <- c(paste0("share_big_problem_", items), "problem_index", "share_unsafe_night",
                "share_unsafe_night_incl_never", "share_victim", "mean_trust_police",
                "share_worry_often")

# each year's final weights: the design weights, or postStratify to that year
final_weights <- function(d, weighting) {
  des <- svydesign(ids = ~1, strata = ~stratum, fpc = ~stratum_pop,
                   weights = ~design_weight, data = d)
  if (weighting == "design") return(weights(des))
  # the margins of the municipalities surveyed that year (Täby skipped 2023)
  pp <- pop[pop$year == d$year[1] & pop$municipality %in% d$municipality,
            c("municipality", "sex", "age_group", "population")]
  names(pp)[4] <- "Freq"
  weights(postStratify(des, ~municipality + sex + age_group, pp))
}

rows <- list()
pooled <- function(years, weighting) {
  n_years <- length(years)
  d <- do.call(rbind, lapply(years, function(y) {
    dy <- all[all$year == y, ]
    dy$w <- final_weights(dy, weighting)
    dy
  }))
  d$w_pooled <- d$w / n_years
  d$region <- "region"
  des <- svydesign(ids = ~1, strata = ~interaction(year, stratum, sep = ":"),
                   fpc = ~stratum_pop, weights = ~w_pooled, data = d)
  df <- degf(des)
  for (ind in indicators) {
    iv <- indicator(d, ind)
    des$variables$v <- iv$v
    des$variables$y <- ifelse(iv$v, as.numeric(iv$y), 0)
    desv <- subset(des, v)
    for (lv in c("region", "municipality", "district")) {
      b <- svyby(~y, as.formula(paste0("~", lv)), desv, svymean)
      n <- table(d[[lv]][iv$v])
      rows[[length(rows) + 1]] <<- data.frame(
        year_from = min(years), year = max(years), weighting = weighting, level = lv,
        domain = as.character(b[[lv]]), indicator = ind, estimate = unname(coef(b)),
        se = unname(SE(b)), n = as.numeric(n[as.character(b[[lv]])]), df = df,
        stringsAsFactors = FALSE)
    }
  }
}
pooled(2023:2024, "design")
pooled(2022:2024, "design")
pooled(2023:2024, "poststrat")
ref <- do.call(rbind, rows)
fmt <- function(x) ifelse(is.na(x), "", sprintf("%.17g", x))
for (j in c("estimate", "se", "n", "df")) ref[[j]] <- fmt(ref[[j]])
write.table(ref, file.path(out, "pool_reference.csv"), sep = ",", row.names = FALSE,
            quote = FALSE, fileEncoding = "UTF-8", eol = "\n")
cat("rows:", nrow(ref), "\n")
