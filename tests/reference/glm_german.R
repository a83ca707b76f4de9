#!/usr/bin/env Rscript
# Reference logistic-regression fits from R's glm(binomial) for paystrike's tests
# (tests/test_logistic_reference.cpp).
#
# Rerun from the repository root (R >= 4.0, base packages only):
#   Rscript tests/reference/glm_german.R
# It reads tests/data/uci_german_credit.csv and tests/data/modeldata_credit_data.csv and
# (over)writes tests/reference/glm_*.csv. Output is deterministic.
#
# Each output CSV has the columns kind,term,estimate,std_error:
#   kind = coef : one row per coefficient, in model order; term "(Intercept)", a numeric column
#                 name, or "column=level" for a treatment-coded dummy (1 if column == level).
#   kind = stat : term is n (rows used), loglik, deviance, null_deviance, aic or iterations;
#                 the value is in `estimate`, std_error is empty.
# Numbers are written with sprintf("%.17g"), i.e. round-trip exact doubles.
#
# Conventions: the response is good = 1 (paystrike models P(good)). Categorical columns use R's
# default treatment contrasts: the reference level is the first of the sorted levels
# (sort() in the C locale, set below, so "A410" sorts between "A41" and "A42").

invisible(Sys.setlocale("LC_COLLATE", "C"))
args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(script) == 1) dirname(normalizePath(script)) else "tests/reference"
data_dir <- file.path(here, "..", "data")

fmt <- function(x) sprintf("%.17g", x)

write_fit <- function(fit, out_name) {
  s <- summary(fit)$coefficients
  if (any(is.na(coef(fit)))) stop("rank-deficient fit in ", out_name)
  terms <- rownames(s)
  coef_rows <- data.frame(kind = "coef", term = terms, estimate = fmt(s[, 1]),
                          std_error = fmt(s[, 2]), stringsAsFactors = FALSE)
  stats <- c(n = nobs(fit), loglik = as.numeric(logLik(fit)), deviance = deviance(fit),
             null_deviance = fit$null.deviance, aic = AIC(fit), iterations = fit$iter)
  stat_rows <- data.frame(kind = "stat", term = names(stats), estimate = fmt(stats),
                          std_error = "", stringsAsFactors = FALSE)
  out <- file.path(here, out_name)
  write.csv(rbind(coef_rows, stat_rows), out, row.names = FALSE, quote = FALSE)
  cat("wrote", out, "\n")
}

# Builds the model matrix by hand so the dummy names read "column=level" (glm's own naming
# would be "columnlevel"), and fits it with an explicit intercept.
fit_glm <- function(data, numeric_cols, factor_cols, response) {
  x <- data.frame(row.names = seq_len(nrow(data)))
  for (col in numeric_cols) x[[col]] <- as.numeric(data[[col]])
  for (col in factor_cols) {
    levels_sorted <- sort(unique(as.character(data[[col]])))
    for (level in levels_sorted[-1])  # treatment contrasts: first sorted level is the reference
      x[[paste0(col, "=", level)]] <- as.numeric(as.character(data[[col]]) == level)
  }
  x <- as.matrix(x)
  fit <- glm(response ~ x, family = binomial(),
             control = glm.control(epsilon = 1e-14, maxit = 100))
  if (!fit$converged) stop("glm did not converge")
  names(fit$coefficients) <- c("(Intercept)", colnames(x))
  fit
}

## UCI German credit: class 1 = good, 2 = bad.
german <- read.csv(file.path(data_dir, "uci_german_credit.csv"), stringsAsFactors = FALSE,
                   na.strings = "")
german_good <- as.numeric(german$class == 1)
german_numeric <- c("duration", "credit_amount", "installment_commitment", "residence_since",
                    "age", "existing_credits", "num_dependents")
german_factors <- c("checking_status", "credit_history", "savings_status", "purpose")

fit <- fit_glm(german, german_numeric, character(0), german_good)
write_fit(fit, "glm_german_numeric.csv")

fit <- fit_glm(german, german_numeric, german_factors, german_good)
# Cross-check the hand-made dummies against glm's own formula interface.
check <- glm(good ~ ., family = binomial(),
             data = cbind(good = german_good,
                          german[, german_numeric],
                          as.data.frame(lapply(german[, german_factors], factor))),
             control = glm.control(epsilon = 1e-14, maxit = 100))
stopifnot(isTRUE(all.equal(unname(coef(check)), unname(coef(fit)), tolerance = 1e-12)))
write_fit(fit, "glm_german_categorical.csv")

## modeldata credit_data (Spanish): Status good/bad; glm's default na.omit drops incomplete rows.
credit <- read.csv(file.path(data_dir, "modeldata_credit_data.csv"), stringsAsFactors = FALSE,
                   na.strings = "")
credit_numeric <- c("Seniority", "Time", "Age", "Expenses", "Income", "Assets", "Debt",
                    "Amount", "Price")
complete <- complete.cases(credit[, c("Status", credit_numeric)])
credit <- credit[complete, ]
fit <- fit_glm(credit, credit_numeric, character(0), as.numeric(credit$Status == "good"))
write_fit(fit, "glm_credit_data_numeric.csv")
