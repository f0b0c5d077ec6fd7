# bench/r_replicates.R - R survey's replicate variance on one year, for bench/replicates.
#
#   Rscript bench/r_replicates.R DATADIR YEAR TYPE [REPLICATES]
#
# DATADIR is a trygg-gen region (data/YEAR_*.csv, population.csv). The year's design as
# trygg's definition says (svydesign(ids = ~1, strata = ~stratum, fpc = ~stratum_pop,
# weights = ~design_weight)), as.svrepdesign(type = TYPE: JKn, or subbootstrap with
# REPLICATES, Rao-Wu's n - 1 bootstrap as trygg's), every replicate raked to
# municipality*sex and municipality*age_group (epsilon 1e-10, maxit 100), then for one
# indicator (the share answering 3 or 4 to p_littering) svymean for the region and svyby
# for the municipalities and the districts. Prints `name seconds` lines: r_read,
# r_replicates (as.svrepdesign), r_rake, r_estimate (the three levels), and r_cells.
suppressPackageStartupMessages(library(survey))
options(survey.replicates.mse = FALSE, survey.lonely.psu = "adjust")
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; year <- as.integer(args[2]); type <- args[3]
R <- if (length(args) > 3) as.integer(args[4]) else 500
t0 <- Sys.time()
files <- Sys.glob(file.path(dir, "data", paste0(year, "_*.csv")))
d <- do.call(rbind, lapply(files, function(f) {
  x <- read.csv(f, sep = if (grepl(";", readLines(f, n = 1))) ";" else ",",
                dec = if (grepl(";", readLines(f, n = 1))) "," else ".",
                fileEncoding = "UTF-8-BOM", stringsAsFactors = FALSE)
  x[, c("municipality", "district", "stratum", "stratum_pop", "design_weight", "sex",
        "age_group", "p_littering")]
}))
d$y <- ifelse(d$p_littering %in% 1:4, as.numeric(d$p_littering %in% 3:4), NA)
pop <- read.csv(file.path(dir, "population.csv"), stringsAsFactors = FALSE)
pop <- pop[pop$year == year, ]
sexm <- aggregate(population ~ municipality + sex, pop, sum)
agem <- aggregate(population ~ municipality + age_group, pop, sum)
names(sexm)[3] <- names(agem)[3] <- "Freq"
t1 <- Sys.time()
des <- svydesign(ids = ~1, strata = ~stratum, fpc = ~stratum_pop, weights = ~design_weight,
                 data = d)
rep <- if (type == "JKn") as.svrepdesign(des, type = "JKn") else
  as.svrepdesign(des, type = "subbootstrap", replicates = R)
t2 <- Sys.time()
rk <- rake(rep, list(~municipality + sex, ~municipality + age_group), list(sexm, agem),
           control = list(maxit = 100, epsilon = 1e-10))
t3 <- Sys.time()
a <- svymean(~y, rk, na.rm = TRUE)
b <- svyby(~y, ~municipality, rk, svymean, na.rm = TRUE)
c <- svyby(~y, ~district, rk, svymean, na.rm = TRUE)
t4 <- Sys.time()
s <- function(a, b) as.numeric(difftime(b, a, units = "secs"))
cat(sprintf("r_rows %d\nr_read %.2f\nr_replicates %.2f\nr_rake %.2f\nr_estimate %.2f\nr_cells %d\n",
            nrow(d), s(t0, t1), s(t1, t2), s(t2, t3), s(t3, t4), 1 + nrow(b) + nrow(c)))
