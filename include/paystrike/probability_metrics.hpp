/// @file probability_metrics.hpp
/// @brief Metrics of predicted probabilities against outcomes: Brier score and log loss.
///
/// The probability is of the positive class (paystrike: P(good)), the label 1 for a positive.
/// Nothing is clipped unless the caller asks: a probability of exactly 0 on a positive (or 1 on
/// a negative) makes the log loss +inf, because that is its value.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "paystrike/confusion.hpp"
#include "paystrike/status.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

namespace detail {

/// Validates one (probability, label, weight) row; names the row in the error.
inline double checked_probability_row(const char* where, const double* prob,
                                      const double* is_positive, const double* weights,
                                      std::int64_t i) {
  if (std::isnan(prob[i]))
    throw Error(Status::missing_value,
                std::string(where) + ": probability is NaN at row " + std::to_string(i));
  if (prob[i] < 0.0 || prob[i] > 1.0)
    throw Error(Status::invalid_argument, std::string(where) + ": probability at row " +
                                              std::to_string(i) + " is outside [0, 1]");
  if (is_positive[i] != 0.0 && is_positive[i] != 1.0)
    throw Error(Status::invalid_argument, std::string(where) + ": label at row " +
                                              std::to_string(i) + " is not 0 or 1");
  if (weights == nullptr) return 1.0;
  check_weight(where, "weight", weights[i], i);
  return weights[i];
}

/// Throws Error(null_argument / invalid_argument) for bad pointers or a negative n.
inline void check_probability_arguments(const char* where, const double* prob,
                                        const double* is_positive, std::int64_t n) {
  if (n < 0) throw Error(Status::invalid_argument, std::string(where) + ": negative row count");
  if (n > 0 && (prob == nullptr || is_positive == nullptr))
    throw Error(Status::null_argument, std::string(where) + ": probabilities or labels is NULL");
}

}  // namespace detail

/// Brier score: the (weighted) mean of (p_i - y_i)^2, in [0, 1]; lower is better.
/// Equals scikit-learn's brier_score_loss(y, p, sample_weight=w).
/// @param prob_positive n probabilities of the positive class, each in [0, 1].
/// @param is_positive   n labels, exactly 0 or 1.
/// @param weights       n finite non-negative weights, or NULL for 1 each.
/// @param n             the number of rows.
/// @return the Brier score.
/// Throws Error(null_argument), Error(missing_value) for a NaN probability or weight,
/// Error(invalid_argument) for a probability outside [0, 1], a label other than 0/1 or a
/// negative weight (naming the row), and Error(undefined) for no rows or zero total weight.
inline double brier_score(const double* prob_positive, const double* is_positive,
                          const double* weights, std::int64_t n) {
  const char* where = "brier score";
  detail::check_probability_arguments(where, prob_positive, is_positive, n);
  double sum = 0.0, total = 0.0;
  for (std::int64_t i = 0; i < n; ++i) {
    const double w = detail::checked_probability_row(where, prob_positive, is_positive, weights, i);
    const double d = prob_positive[i] - is_positive[i];
    sum += w * d * d;
    total += w;
  }
  if (!(total > 0.0)) throw Error(Status::undefined, "brier score: no rows with non-zero weight");
  return sum / total;
}

/// Log loss (cross-entropy): the (weighted) mean of -[y ln p + (1 - y) ln(1 - p)].
/// @param prob_positive n probabilities of the positive class, each in [0, 1].
/// @param is_positive   n labels, exactly 0 or 1.
/// @param weights       n finite non-negative weights, or NULL for 1 each.
/// @param n             the number of rows.
/// @param clip_epsilon  0 (the default) clips nothing, so p = 0 on a positive or p = 1 on a
///                      negative gives +inf. A value in (0, 0.5) first clips each p to
///                      [eps, 1 - eps], as scikit-learn's log_loss(eps=...) does.
/// @return the log loss in nats per (weighted) row; +inf as described above.
/// Throws as brier_score, plus Error(invalid_argument) for clip_epsilon outside [0, 0.5).
inline double log_loss(const double* prob_positive, const double* is_positive,
                       const double* weights, std::int64_t n, double clip_epsilon = 0.0) {
  const char* where = "log loss";
  detail::check_probability_arguments(where, prob_positive, is_positive, n);
  if (!(clip_epsilon >= 0.0 && clip_epsilon < 0.5))
    throw Error(Status::invalid_argument, "log loss: clip_epsilon must be in [0, 0.5)");
  double sum = 0.0, total = 0.0;
  for (std::int64_t i = 0; i < n; ++i) {
    const double w = detail::checked_probability_row(where, prob_positive, is_positive, weights, i);
    double p = prob_positive[i];
    if (clip_epsilon > 0.0) p = std::min(std::max(p, clip_epsilon), 1.0 - clip_epsilon);
    const double loss = is_positive[i] == 1.0 ? -std::log(p) : -std::log1p(-p);
    if (w > 0.0) sum += w * loss;  // a zero-weight row never turns +inf into NaN
    total += w;
  }
  if (!(total > 0.0)) throw Error(Status::undefined, "log loss: no rows with non-zero weight");
  return sum / total;
}

PAYSTRIKE_NAMESPACE_END
