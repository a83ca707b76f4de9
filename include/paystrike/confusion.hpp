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

namespace detail {

/// numerator / denominator, or NaN ("undefined") when the denominator is zero.
inline double undefined_if_zero(double numerator, double denominator) noexcept {
  if (denominator == 0.0) return std::numeric_limits<double>::quiet_NaN();
  return numerator / denominator;
}

/// Every rate of a 2x2 table from its four cells, in double (so products cannot overflow).
/// Shared by the counted and the weighted matrix so both use one set of formulas.
struct ConfusionRates {
  double tp, fp, tn, fn;
  double tpr() const noexcept { return undefined_if_zero(tp, tp + fn); }
  double fpr() const noexcept { return undefined_if_zero(fp, fp + tn); }
  double tnr() const noexcept { return undefined_if_zero(tn, tn + fp); }
  double fnr() const noexcept { return undefined_if_zero(fn, fn + tp); }
  double precision() const noexcept { return undefined_if_zero(tp, tp + fp); }
  double npv() const noexcept { return undefined_if_zero(tn, tn + fn); }
  double fdr() const noexcept { return undefined_if_zero(fp, tp + fp); }
  double accuracy() const noexcept { return undefined_if_zero(tp + tn, tp + fp + tn + fn); }
  double balanced_accuracy() const noexcept { return 0.5 * (tpr() + tnr()); }  // NaN propagates
  double f1() const noexcept { return undefined_if_zero(2.0 * tp, 2.0 * tp + fp + fn); }
  double mcc() const noexcept {
    // Each margin's square root separately: the product of four margins of 1e18 is 1e72, fine in
    // double, but taking roots first keeps the intermediate far from overflow for any counts.
    const double denominator =
        std::sqrt(tp + fp) * std::sqrt(tp + fn) * std::sqrt(tn + fp) * std::sqrt(tn + fn);
    if (denominator == 0.0) return std::numeric_limits<double>::quiet_NaN();
    return (tp * tn - fp * fn) / denominator;
  }
  double kappa() const noexcept {
    // Cohen's kappa in the form sklearn uses: 1 - (expected disagreement / observed disagreement
    // expressed over the margins), here as (p_o - p_e) / (1 - p_e) with proportions of the total.
    const double n = tp + fp + tn + fn;
    if (n == 0.0) return std::numeric_limits<double>::quiet_NaN();
    const double observed = (tp + tn) / n;
    const double expected = ((tp + fp) / n) * ((tp + fn) / n) + ((tn + fn) / n) * ((tn + fp) / n);
    return undefined_if_zero(observed - expected, 1.0 - expected);
  }
};

}  // namespace detail

/// Counts of a 2x2 confusion matrix, by name. Rates whose denominator is zero are NaN
/// ("undefined"), never 0. Products are formed in double so large counts cannot overflow.
///
/// In the conventional 2x2 layout (rows actual, columns predicted, each ordered
/// [negative, positive]) the cells are [[TN, FP], [FN, TP]]; cell() gives that layout, but the
/// named members never depend on it (case C03).
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
  /// The cell of the 2x2 layout: `actual_positive` picks the row, `predicted_positive` the column.
  std::int64_t cell(bool actual_positive, bool predicted_positive) const noexcept {
    if (actual_positive) return predicted_positive ? true_positives : false_negatives;
    return predicted_positive ? false_positives : true_negatives;
  }

  /// TP / (TP + FN): recall, sensitivity; share of good payers approved.
  double true_positive_rate() const noexcept { return rates().tpr(); }
  /// FP / (FP + TN): share of defaulters approved.
  double false_positive_rate() const noexcept { return rates().fpr(); }
  /// TN / (TN + FP): specificity.
  double true_negative_rate() const noexcept { return rates().tnr(); }
  /// FN / (FN + TP): share of good payers turned away.
  double false_negative_rate() const noexcept { return rates().fnr(); }
  /// TP / (TP + FP): share of approved customers who paid.
  double precision() const noexcept { return rates().precision(); }
  /// TN / (TN + FN).
  double negative_predictive_value() const noexcept { return rates().npv(); }
  /// FP / (TP + FP) = 1 - precision: the bad rate among approved customers.
  double false_discovery_rate() const noexcept { return rates().fdr(); }
  /// (TP + TN) / total.
  double accuracy() const noexcept { return rates().accuracy(); }
  /// (TPR + TNR) / 2; undefined when either class is absent.
  double balanced_accuracy() const noexcept { return rates().balanced_accuracy(); }
  /// 2TP / (2TP + FP + FN).
  double f1() const noexcept { return rates().f1(); }
  /// Matthews correlation, (TP*TN - FP*FN) / sqrt(product of the four margins), in double
  /// (case C04). Undefined (NaN) when a margin is zero; scikit-learn reports 0 there instead.
  double matthews_correlation() const noexcept { return rates().mcc(); }
  /// Cohen's kappa, (p_o - p_e) / (1 - p_e); undefined when p_e = 1.
  double cohens_kappa() const noexcept { return rates().kappa(); }

 private:
  detail::ConfusionRates rates() const noexcept {
    return {static_cast<double>(true_positives), static_cast<double>(false_positives),
            static_cast<double>(true_negatives), static_cast<double>(false_negatives)};
  }
};

/// A confusion matrix whose cells are sums of weights: sample weights (a row standing for
/// several customers) or exposures (the amount at risk, so the matrix reads in money).
/// The rates are the same formulas as ConfusionMatrix's, on the weighted cells; they equal
/// scikit-learn's metrics with `sample_weight`.
struct WeightedConfusionMatrix {
  double true_positives = 0.0;   ///< weight predicted positive, actually positive
  double false_positives = 0.0;  ///< weight predicted positive, actually negative
  double true_negatives = 0.0;   ///< weight predicted negative, actually negative
  double false_negatives = 0.0;  ///< weight predicted negative, actually positive

  /// Total weight tallied.
  double total() const noexcept {
    return true_positives + false_positives + true_negatives + false_negatives;
  }
  /// TP + FN.
  double actual_positives() const noexcept { return true_positives + false_negatives; }
  /// TN + FP.
  double actual_negatives() const noexcept { return true_negatives + false_positives; }
  /// TP + FP.
  double predicted_positives() const noexcept { return true_positives + false_positives; }
  /// TN + FN.
  double predicted_negatives() const noexcept { return true_negatives + false_negatives; }
  /// TP / (TP + FN).
  double true_positive_rate() const noexcept { return rates().tpr(); }
  /// FP / (FP + TN).
  double false_positive_rate() const noexcept { return rates().fpr(); }
  /// TN / (TN + FP).
  double true_negative_rate() const noexcept { return rates().tnr(); }
  /// FN / (FN + TP).
  double false_negative_rate() const noexcept { return rates().fnr(); }
  /// TP / (TP + FP).
  double precision() const noexcept { return rates().precision(); }
  /// TN / (TN + FN).
  double negative_predictive_value() const noexcept { return rates().npv(); }
  /// FP / (TP + FP).
  double false_discovery_rate() const noexcept { return rates().fdr(); }
  /// (TP + TN) / total.
  double accuracy() const noexcept { return rates().accuracy(); }
  /// (TPR + TNR) / 2.
  double balanced_accuracy() const noexcept { return rates().balanced_accuracy(); }
  /// 2TP / (2TP + FP + FN).
  double f1() const noexcept { return rates().f1(); }
  /// Matthews correlation on the weighted cells; NaN when a margin is zero.
  double matthews_correlation() const noexcept { return rates().mcc(); }
  /// Cohen's kappa on the weighted cells; NaN when p_e = 1.
  double cohens_kappa() const noexcept { return rates().kappa(); }

 private:
  detail::ConfusionRates rates() const noexcept {
    return {true_positives, false_positives, true_negatives, false_negatives};
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

namespace detail {

/// Throws unless weight `w` at `row` is finite and >= 0 (NaN: missing_value; else invalid_argument).
inline void check_weight(const char* where, const char* what, double w, std::int64_t row) {
  if (std::isnan(w))
    throw Error(Status::missing_value,
                std::string(where) + ": " + what + " is NaN at row " + std::to_string(row));
  if (!(w >= 0.0) || !std::isfinite(w))
    throw Error(Status::invalid_argument, std::string(where) + ": " + what + " at row " +
                                              std::to_string(row) + " is negative or infinite");
}

}  // namespace detail

/// Tallies the weighted confusion matrix of `n` rows, predicting positive when score >= cutoff.
/// @param scores      n scores, higher = more likely positive.
/// @param is_positive n labels: 1 for the positive class (the good payer), 0 otherwise.
/// @param weights     n finite non-negative weights: sample weights, or exposures (amount at
///                    risk, any currency) to read the matrix in money. NULL means 1 for each row.
/// @param n           the number of rows.
/// @param cutoff      the score at and above which a row is predicted positive.
/// @return the weighted cells.
/// Throws as confusion_at_cutoff, plus Error(missing_value) for a NaN weight and
/// Error(invalid_argument) for a negative or infinite weight, naming the row.
inline WeightedConfusionMatrix weighted_confusion_at_cutoff(const double* scores,
                                                            const double* is_positive,
                                                            const double* weights, std::int64_t n,
                                                            double cutoff) {
  if (n < 0) throw Error(Status::invalid_argument, "weighted confusion: negative row count");
  if (n > 0 && (scores == nullptr || is_positive == nullptr))
    throw Error(Status::null_argument, "weighted confusion: scores or labels is NULL");
  if (std::isnan(cutoff)) throw Error(Status::invalid_argument, "weighted confusion: cutoff is NaN");
  WeightedConfusionMatrix m;
  for (std::int64_t i = 0; i < n; ++i) {
    if (std::isnan(scores[i]))
      throw Error(Status::missing_value,
                  "weighted confusion: score is NaN at row " + std::to_string(i));
    const double label = is_positive[i];
    if (label != 0.0 && label != 1.0)
      throw Error(Status::invalid_argument,
                  "weighted confusion: label at row " + std::to_string(i) + " is not 0 or 1");
    const double w = weights == nullptr ? 1.0 : weights[i];
    if (weights != nullptr) detail::check_weight("weighted confusion", "weight", w, i);
    const bool predicted = scores[i] >= cutoff;
    const bool actual = label == 1.0;
    if (predicted && actual) m.true_positives += w;
    else if (predicted) m.false_positives += w;
    else if (actual) m.false_negatives += w;
    else m.true_negatives += w;
  }
  return m;
}

/// Tallies the confusion matrix of actual and predicted class labels with an explicit positive
/// class: a row is actually positive when actual[i] == positive_label and predicted positive
/// when predicted[i] == positive_label; any other value is the negative class. So the same data
/// read with positive_label 0 swaps TP with TN and FP with FN (case C03), whatever the layout.
/// @param actual         n actual labels (any values; NaN is refused).
/// @param predicted      n predicted labels.
/// @param n              the number of rows.
/// @param positive_label the value that denotes the positive class.
/// @return the named counts.
/// Throws Error(null_argument), Error(invalid_argument) for a negative n or a NaN positive_label,
/// and Error(missing_value) for a NaN label, naming the row.
inline ConfusionMatrix confusion_from_labels(const double* actual, const double* predicted,
                                             std::int64_t n, double positive_label) {
  if (n < 0) throw Error(Status::invalid_argument, "confusion from labels: negative row count");
  if (n > 0 && (actual == nullptr || predicted == nullptr))
    throw Error(Status::null_argument, "confusion from labels: actual or predicted is NULL");
  if (std::isnan(positive_label))
    throw Error(Status::invalid_argument, "confusion from labels: positive_label is NaN");
  ConfusionMatrix m;
  for (std::int64_t i = 0; i < n; ++i) {
    if (std::isnan(actual[i]) || std::isnan(predicted[i]))
      throw Error(Status::missing_value, std::string("confusion from labels: ") +
                                             (std::isnan(actual[i]) ? "actual" : "predicted") +
                                             " label is NaN at row " + std::to_string(i));
    const bool a = actual[i] == positive_label, p = predicted[i] == positive_label;
    if (p && a) ++m.true_positives;
    else if (p) ++m.false_positives;
    else if (a) ++m.false_negatives;
    else ++m.true_negatives;
  }
  return m;
}

PAYSTRIKE_NAMESPACE_END
