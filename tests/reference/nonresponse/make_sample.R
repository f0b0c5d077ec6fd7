# The gross sample of 2024 for tests/reference/trygg_public: every
# respondent (responded = 1) and, in each stratum x sex x age group, as many
# nonrespondents (responded = 0) as a response propensity by sex and age
# group gives (young men answer least). Deterministic (set.seed). Run from
# the repository root:
#   Rscript tests/reference/nonresponse/make_sample.R
set.seed(20180)
pub <- "tests/reference/trygg_public"
out <- "tests/reference/nonresponse/sample_2024.csv"
files <- sort(Sys.glob(file.path(pub, "2024_*.csv")))
d <- do.call(rbind, lapply(files, read.csv, colClasses = "character"))
propensity <- c("1 16-24" = 0.30, "2 16-24" = 0.40, "1 25-44" = 0.40, "2 25-44" = 0.50,
                "1 45-64" = 0.55, "2 45-64" = 0.62, "1 65-84" = 0.68, "2 65-84" = 0.72)
key <- paste(d$stratum, d$sex, d$age_group, sep = "|")
classes <- sort(unique(key))
cols <- c("respondent", "year", "municipality", "district", "stratum", "sex", "age_group")
resp <- d[cols]
resp$responded <- 1
non <- list()
k <- 0
for (cl in classes) {
  rows <- d[key == cl, ]
  a <- nrow(rows)
  p <- propensity[[paste(rows$sex[1], rows$age_group[1])]]
  m <- round(a * (1 - p) / p * runif(1, 0.8, 1.2))
  if (m == 0) next
  ids <- sprintf("N24%06d", k + seq_len(m))
  k <- k + m
  non[[length(non) + 1]] <- data.frame(respondent = ids, year = "2024",
    municipality = rows$municipality[1], district = rows$district[1],
    stratum = rows$stratum[1], sex = rows$sex[1], age_group = rows$age_group[1],
    responded = 0)
}
s <- rbind(resp, do.call(rbind, non))
write.csv(s, out, row.names = FALSE, quote = FALSE, fileEncoding = "UTF-8")
cat(sprintf("%s: %d invited, %d answered (%.1f %%)\n", out, nrow(s), nrow(resp),
            100 * nrow(resp) / nrow(s)))
