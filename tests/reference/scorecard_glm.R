#!/usr/bin/env Rscript
# Reference numbers for paystrike's scorecard tests (tests/test_scorecard_reference.cpp):
# WoE binning tables and R glm(binomial) fits on WoE inputs and on raw inputs, for the Spanish
# credit_data (with its real missing values) and the German credit data.
#
# Rerun from the repository root (R >= 4.0, base packages only):
#   Rscript tests/reference/scorecard_glm.R
# It reads tests/data/{modeldata_credit_data,uci_german_credit}.csv and (over)writes
# tests/reference/scorecard_*.csv. Output is deterministic. Numbers use sprintf("%.17g").
#
# The binning here is computed independently of paystrike, by the rules paystrike documents
# (docs/scorecard.md):
#   - numeric cut points: the type-1 quantiles (observed values) at 20/40/60/80 %, keeping the
#     distinct ones above the minimum; intervals are left-closed [a, b) (findInterval's default);
#   - categorical: one bin per level; missing (NA): a bin of its own when there is any NA;
#   - WoE = ln(%good / %bad); a bin with no goods or no bads gets WoE 0 (no evidence);
#   - IV = sum over bins of (%good - %bad) * WoE.
# Response: good = 1. Categorical levels sort in the C locale.
#
# Files written:
#   scorecard_<data>_cuts.csv    variable,value     numeric cut points (categorical: none)
#   scorecard_<data>_bins.csv    variable,bin,goods,bads,woe
#                                bin = interval index 0.. (numeric) or level text; "missing"
#   scorecard_<data>_iv.csv      variable,iv
#   scorecard_<data>_glm_woe.csv kind,term,estimate,std_error,z_value,p_value
#                                term "(Intercept)" or "woe(<variable>)"; kind = stat rows:
#                                n, loglik, deviance, null_deviance, aic, iterations
#   scorecard_credit_data_glm_raw.csv  the same for raw inputs: numeric columns as they are and
#                                treatment-coded dummies "column=level"; rows with a missing
#                                value are dropped (glm's na.omit)

invisible(Sys.setlocale("LC_COLLATE", "C"))
args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(script) == 1) dirname(normalizePath(script)) else "tests/reference"
data_dir <- file.path(here, "..", "data")
fmt <- function(x) sprintf("%.17g", x)

woe_of <- function(goods, bads) {
  pg <- goods / sum(goods)
  pb <- bads / sum(bads)
  ifelse(goods == 0 | bads == 0, 0, log(pg / pb))
}

# Returns list(coded = WoE column, cuts, bins data frame).
bin_variable <- function(x, good, numeric) {
  if (numeric) {
    q <- quantile(x, probs = c(0.2, 0.4, 0.6, 0.8), type = 1, na.rm = TRUE, names = FALSE)
    cuts <- sort(unique(q[q > min(x, na.rm = TRUE)]))
    key <- ifelse(is.na(x), "missing",
                  as.character(findInterval(x, cuts, left.open = FALSE)))
    keys <- c(as.character(0:length(cuts)), if (any(is.na(x))) "missing")
  } else {
    cuts <- numeric(0)
    key <- ifelse(is.na(x), "missing", as.character(x))
    keys <- c(sort(unique(as.character(x[!is.na(x)]))), if (any(is.na(x))) "missing")
  }
  goods <- sapply(keys, function(k) sum(good[key == k]))
  bads <- sapply(keys, function(k) sum(1 - good[key == k]))
  woe <- woe_of(goods, bads)
  names(woe) <- keys
  iv <- sum((goods / sum(goods) - bads / sum(bads)) * woe)
  list(coded = unname(woe[key]), cuts = cuts, iv = iv,
       bins = data.frame(bin = keys, goods = goods, bads = bads, woe = woe,
                         stringsAsFactors = FALSE))
}

write_fit <- function(fit, out_name) {
  s <- summary(fit)$coefficients
  if (any(is.na(coef(fit)))) stop("rank-deficient fit in ", out_name)
  coef_rows <- data.frame(kind = "coef", term = rownames(s), estimate = fmt(s[, 1]),
                          std_error = fmt(s[, 2]), z_value = fmt(s[, 3]), p_value = fmt(s[, 4]),
                          stringsAsFactors = FALSE)
  stats <- c(n = nobs(fit), loglik = as.numeric(logLik(fit)), deviance = deviance(fit),
             null_deviance = fit$null.deviance, aic = AIC(fit), iterations = fit$iter)
  stat_rows <- data.frame(kind = "stat", term = names(stats), estimate = fmt(stats),
                          std_error = "", z_value = "", p_value = "", stringsAsFactors = FALSE)
  write.csv(rbind(coef_rows, stat_rows), file.path(here, out_name), row.names = FALSE,
            quote = FALSE)
  cat("wrote", out_name, "\n")
}

glm_on <- function(x, good) {
  fit <- glm(good ~ x, family = binomial(), control = glm.control(epsilon = 1e-14, maxit = 100))
  if (!fit$converged) stop("glm did not converge")
  names(fit$coefficients) <- c("(Intercept)", colnames(x))
  fit
}

woe_reference <- function(data, good, numeric_cols, factor_cols, tag) {
  cut_rows <- list(); bin_rows <- list(); iv_rows <- list()
  x <- matrix(0, nrow(data), 0)
  for (col in c(numeric_cols, factor_cols)) {
    b <- bin_variable(data[[col]], good, col %in% numeric_cols)
    if (length(b$cuts) > 0)
      cut_rows[[col]] <- data.frame(variable = col, value = fmt(b$cuts))
    bin_rows[[col]] <- data.frame(variable = col, bin = b$bins$bin, goods = fmt(b$bins$goods),
                                  bads = fmt(b$bins$bads), woe = fmt(b$bins$woe))
    iv_rows[[col]] <- data.frame(variable = col, iv = fmt(b$iv))
    x <- cbind(x, b$coded)
    colnames(x)[ncol(x)] <- paste0("woe(", col, ")")
  }
  write.csv(do.call(rbind, cut_rows), file.path(here, paste0("scorecard_", tag, "_cuts.csv")),
            row.names = FALSE, quote = FALSE)
  write.csv(do.call(rbind, bin_rows), file.path(here, paste0("scorecard_", tag, "_bins.csv")),
            row.names = FALSE, quote = FALSE)
  write.csv(do.call(rbind, iv_rows), file.path(here, paste0("scorecard_", tag, "_iv.csv")),
            row.names = FALSE, quote = FALSE)
  write_fit(glm_on(x, good), paste0("scorecard_", tag, "_glm_woe.csv"))
}

## credit_data: every row (missing values get their own WoE bin).
credit <- read.csv(file.path(data_dir, "modeldata_credit_data.csv"), stringsAsFactors = FALSE,
                   na.strings = "")
credit_good <- as.numeric(credit$Status == "good")
credit_numeric <- c("Seniority", "Time", "Age", "Expenses", "Income", "Assets", "Debt",
                    "Amount", "Price")
credit_factors <- c("Home", "Marital", "Records", "Job")
woe_reference(credit, credit_good, credit_numeric, credit_factors, "credit_data")

## credit_data raw inputs: numeric and treatment-coded categorical, na.omit.
complete <- complete.cases(credit[, c(credit_numeric, credit_factors)])
cc <- credit[complete, ]
x <- as.matrix(cc[, credit_numeric])
for (col in credit_factors) {
  levels_sorted <- sort(unique(cc[[col]]))
  for (level in levels_sorted[-1]) {
    x <- cbind(x, as.numeric(cc[[col]] == level))
    colnames(x)[ncol(x)] <- paste0(col, "=", level)
  }
}
write_fit(glm_on(x, credit_good[complete]), "scorecard_credit_data_glm_raw.csv")

## German credit: class 1 = good.
german <- read.csv(file.path(data_dir, "uci_german_credit.csv"), stringsAsFactors = FALSE,
                   na.strings = "")
german_good <- as.numeric(german$class == 1)
# num_dependents is left out: 80 % of its rows are 1, so the rule above gives it no cut point
# and a single bin, a constant WoE column.
german_numeric <- c("duration", "credit_amount", "installment_commitment", "residence_since",
                    "age", "existing_credits")
german_factors <- c("checking_status", "credit_history", "purpose", "savings_status",
                    "employment", "personal_status", "other_parties", "property_magnitude",
                    "other_payment_plans", "housing", "job", "own_telephone", "foreign_worker")
woe_reference(german, german_good, german_numeric, german_factors, "german")
