/// @file confusion.hpp
/// @brief The confusion matrix with an explicit positive class, its cells by name, and its rates.
///
/// paystrike's convention: the positive class is the good payer and a customer is predicted
/// good when score >= cutoff. A false positive is therefore an approved customer who defaulted.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "paystrike/status.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

/// Counts of a 2x2 confusion matrix, by name. Rates whose denominator is zero are NaN
/// ("undefined"), never 0. Products are formed in double so large counts cannot overflow.
struct ConfusionMatrix {
  std::int64_t true_positives = 0;   ///< predicted positive, actually positive
  std::int64_t false_positives = 0;  ///< predicted positive, actually negative
  std::int64_t true_negatives = 0;   ///< predicted negative, actually negative
  std::int64_t false_negatives = 0;  ///< predicted negative, actually positive

  /// TP + FP + TN + FN: the number of rows tallied.
  std::int64_t total() const noexcept {
    return true_positives + false_positives + true_negatives + false_negatives;
  }
  /// TP + FN: rows whose actual class is positive (good payers).
  std::int64_t actual_positives() const noexcept { return true_positives + false_negatives; }
  /// TN + FP: rows whose actual class is negative (defaulters).
  std::int64_t actual_negatives() const noexcept { return true_negatives + false_positives; }
  /// TP + FP: rows predicted positive (approved).
  std::int64_t predicted_positives() const noexcept { return true_positives + false_positives; }
  /// TN + FN: rows predicted negative (declined).
  std::int64_t predicted_negatives() const noexcept { return true_negatives + false_negatives; }

  /// TP / (TP + FN): recall, sensitivity; share of good payers approved.
  double true_positive_rate() const noexcept { return ratio(true_positives, actual_positives()); }
  /// FP / (FP + TN): share of defaulters approved.
  double false_positive_rate() const noexcept { return ratio(false_positives, actual_negatives()); }
  /// TN / (TN + FP): specificity.
  double true_negative_rate() const noexcept { return ratio(true_negatives, actual_negatives()); }
  /// FN / (FN + TP): share of good payers turned away.
  double false_negative_rate() const noexcept { return ratio(false_negatives, actual_positives()); }
  /// TP / (TP + FP): share of approved customers who paid.
  double precision() const noexcept { return ratio(true_positives, predicted_positives()); }
  /// TN / (TN + FN).
  double negative_predictive_value() const noexcept {
    return ratio(true_negatives, predicted_negatives());
  }
  /// (TP + TN) / total.
  double accuracy() const noexcept { return ratio(true_positives + true_negatives, total()); }
  /// 2TP / (2TP + FP + FN).
  double f1() const noexcept {
    return ratio(2 * true_positives, 2 * true_positives + false_positives + false_negatives);
  }
  /// Matthews correlation, (TP*TN - FP*FN) / sqrt(product of the four margins), in double.
  double matthews_correlation() const noexcept {
    const double tp = static_cast<double>(true_positives), fp = static_cast<double>(false_positives);
    const double tn = static_cast<double>(true_negatives), fn = static_cast<double>(false_negatives);
    const double denominator = std::sqrt(tp + fp) * std::sqrt(tp + fn) * std::sqrt(tn + fp) *
                               std::sqrt(tn + fn);
    if (denominator == 0.0) return std::numeric_limits<double>::quiet_NaN();
    return (tp * tn - fp * fn) / denominator;
  }

 private:
  static double ratio(std::int64_t numerator, std::int64_t denominator) noexcept {
    if (denominator == 0) return std::numeric_limits<double>::quiet_NaN();
    return static_cast<double>(numerator) / static_cast<double>(denominator);
  }
};

/// Tallies the confusion matrix of `n` rows, predicting positive when score >= cutoff.
/// @param scores      n scores, higher = more likely positive; a score equal to the cutoff is
///                    predicted positive (approved).
/// @param is_positive n labels: 1 for the positive class (paystrike: the good payer), 0 otherwise.
/// @param n           the number of rows (0 is allowed and gives an empty matrix).
/// @param cutoff      the score at and above which a row is predicted positive; +/-inf allowed.
/// @return the named counts.
/// Throws Error(null_argument), Error(missing_value) for a NaN score naming the row, and
/// Error(invalid_argument) for a label other than 0 or 1 or a NaN cutoff.
inline ConfusionMatrix confusion_at_cutoff(const double* scores, const double* is_positive,
                                           std::int64_t n, double cutoff) {
  if (n < 0) throw Error(Status::invalid_argument, "confusion: negative row count");
  if (n > 0 && (scores == nullptr || is_positive == nullptr))
    throw Error(Status::null_argument, "confusion: scores or labels is NULL");
  if (std::isnan(cutoff)) throw Error(Status::invalid_argument, "confusion: cutoff is NaN");
  ConfusionMatrix m;
  for (std::int64_t i = 0; i < n; ++i) {
    if (std::isnan(scores[i]))
      throw Error(Status::missing_value, "confusion: score is NaN at row " + std::to_string(i));
    const double label = is_positive[i];
    if (label != 0.0 && label != 1.0)
      throw Error(Status::invalid_argument,
                  "confusion: label at row " + std::to_string(i) + " is not 0 or 1");
    const bool predicted = scores[i] >= cutoff;
    const bool actual = label == 1.0;
    if (predicted && actual) ++m.true_positives;
    else if (predicted) ++m.false_positives;
    else if (actual) ++m.false_negatives;
    else ++m.true_negatives;
  }
  return m;
}

PAYSTRIKE_NAMESPACE_END
