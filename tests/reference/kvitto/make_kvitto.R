# Reference figures for the kvitto's difference of changes: a promise's
# area changes by (d2 - d1) from the baseline year 1 to the follow-up year 2;
# its enclosing area (municipality, or the region for a municipality) by
# (m2 - m1). The difference of the two changes is (d2 - m2) - (d1 - m1): the
# two years' contrasts of the area with its enclosing area. Within a year the
# area is part of its enclosing area, so each contrast's variance has the
# covariance of the overlap (svyby(covmat = TRUE) + svycontrast); the two
# years are independent samples, so the variances of the contrasts add.
#
# Run from this folder:  Rscript make_kvitto.R   (writes kvitto_reference.csv)
# R 4.2, survey 4.1: the design of ../trygg_public/README.md, design weights.
suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "adjust", survey.adjust.domain.lonely = FALSE)

files <- Sys.glob("../trygg_public/20[0-9][0-9]_*.csv")
d <- do.call(rbind, lapply(files, function(f)
  read.csv(f, stringsAsFactors = FALSE, encoding = "UTF-8", colClasses = c(stratum = "character"))))

problems <- c("p_littering", "p_vandalism", "p_speeding", "p_drunk_public",
              "p_drug_dealing", "p_youth_groups", "p_fights", "p_burglary")

# y and v of an indicator, as ../trygg_public/README.md defines them
indicator <- function(d, name) {
  if (name == "share_unsafe_night") {
    v <- !is.na(d$unsafe_night) & d$unsafe_night %in% 1:4
    y <- ifelse(v & d$unsafe_night %in% 3:4, 1, 0)
  } else if (name == "problem_index") {
    m <- as.matrix(d[, problems])
    ok <- !is.na(m) & m >= 1 & m <= 4
    k <- rowSums(ok)
    v <- k >= 4
    s <- rowSums(ifelse(ok, m, 0))
    y <- ifelse(v, s / pmax(k, 1), 0)
  } else if (name == "mean_trust_police") {
    v <- !is.na(d$trust_police) & d$trust_police %in% 1:5
    y <- ifelse(v, d$trust_police, 0)
  } else stop(name)
  list(y = y * v, v = as.numeric(v))
}

design_of <- function(year, name) {
  dy <- d[d$year == year, ]
  iv <- indicator(dy, name)
  dy$y_un <- iv$y
  dy$v_un <- iv$v
  dy$region <- "region"
  svydesign(ids = ~1, strata = ~stratum, fpc = ~stratum_pop, weights = ~design_weight,
            data = dy)
}

# The estimate of one domain (ratio of totals) and its SE.
ratio <- function(des, by, dom) {
  r <- svyratio(~y_un, ~v_un, subset(des, des$variables[[by]] == dom))
  c(coef(r), SE(r))
}

# The contrast area - parent in one year's design, with the covariance of the
# overlap: totals of every part of the parent (its districts, or the region's
# municipalities) with their covariance, then the delta method.
contrast <- function(des, level, area, parent) {
  by <- if (level == "district") ~district else ~municipality
  col <- if (level == "district") "district" else "municipality"
  pcol <- if (level == "district") "municipality" else "region"
  parts <- unique(des$variables[[col]][des$variables[[pcol]] == parent])
  bt <- svyby(~y_un + v_un, by, des, svytotal, covmat = TRUE)
  name <- function(p, v) as.name(paste0(p, ":", v))
  sum_of <- function(v) Reduce(function(a, b) call("+", a, b), lapply(parts, name, v = v))
  expr <- call("-", call("/", name(area, "y_un"), name(area, "v_un")),
               call("/", sum_of("y_un"), sum_of("v_un")))
  sc <- svycontrast(bt, expr)
  c(coef(sc), SE(sc))
}

promises <- read.csv(text = "level,area,parent,indicator,baseline_year,followup_year
district,Fittja,Botkyrka,share_unsafe_night,2022,2024
district,Hallunda-Norsborg,Botkyrka,share_unsafe_night,2023,2024
district,Rimbo,Norrtälje,problem_index,2022,2024
district,Hovsjö,Södertälje,mean_trust_police,2022,2023
district,Viksjö,Järfälla,problem_index,2023,2024
municipality,Botkyrka,region,share_unsafe_night,2022,2024
municipality,Järfälla,region,mean_trust_police,2023,2024
municipality,Norrtälje,region,problem_index,2022,2023", stringsAsFactors = FALSE,
                     encoding = "UTF-8")

rows <- lapply(seq_len(nrow(promises)), function(i) {
  p <- promises[i, ]
  d1 <- design_of(p$baseline_year, p$indicator)
  d2 <- design_of(p$followup_year, p$indicator)
  col <- if (p$level == "district") "district" else "municipality"
  pcol <- if (p$level == "district") "municipality" else "region"
  a1 <- ratio(d1, col, p$area); a2 <- ratio(d2, col, p$area)
  m1 <- ratio(d1, pcol, p$parent); m2 <- ratio(d2, pcol, p$parent)
  c1 <- contrast(d1, p$level, p$area, p$parent)
  c2 <- contrast(d2, p$level, p$area, p$parent)
  data.frame(p, area_baseline = a1[1], area_followup = a2[1],
             area_change = a2[1] - a1[1], area_change_se = sqrt(a1[2]^2 + a2[2]^2),
             parent_baseline = m1[1], parent_followup = m2[1],
             parent_change = m2[1] - m1[1], parent_change_se = sqrt(m1[2]^2 + m2[2]^2),
             contrast_baseline = c1[1], contrast_baseline_se = c1[2],
             contrast_followup = c2[1], contrast_followup_se = c2[2],
             difference = c2[1] - c1[1], difference_se = sqrt(c1[2]^2 + c2[2]^2),
             row.names = NULL)
})
out <- do.call(rbind, rows)
num <- vapply(out, is.numeric, TRUE) & !names(out) %in% c("baseline_year", "followup_year")
out[num] <- lapply(out[num], function(x) sprintf("%.15g", x))
write.csv(out, "kvitto_reference.csv", row.names = FALSE, quote = FALSE, fileEncoding = "UTF-8")
cat(sprintf("%s, survey %s: %d promises\n", R.version.string, packageVersion("survey"), nrow(out)))
