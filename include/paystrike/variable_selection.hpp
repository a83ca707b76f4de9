/// @file variable_selection.hpp
/// @brief Choosing characteristics for a scorecard: an information-value threshold and a
/// correlation filter that keeps the more informative of two correlated characteristics.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include "paystrike/binning.hpp"
#include "paystrike/status.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

/// Indices (ascending) of the binnings whose information value is at least `min_iv`. A common
/// rule of thumb: below 0.02 useless, 0.02 to 0.1 weak, 0.1 to 0.3 medium, above 0.3 strong.
/// Throws Error(invalid_argument) for a NaN threshold.
inline std::vector<std::size_t> select_by_iv(const std::vector<Binning>& binnings, double min_iv) {
  if (std::isnan(min_iv)) throw Error(Status::invalid_argument, "select_by_iv: min_iv is NaN");
  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < binnings.size(); ++i)
    if (binnings[i].information_value() >= min_iv) kept.push_back(i);
  return kept;
}

/// Pearson correlation of columns a and b of `columns` (0 when either is constant), clamped to
/// [-1, 1] against rounding.
inline double column_correlation(const Eigen::MatrixXd& columns, Eigen::Index a, Eigen::Index b) {
  const Eigen::VectorXd x = columns.col(a).array() - columns.col(a).mean();
  const Eigen::VectorXd y = columns.col(b).array() - columns.col(b).mean();
  const double denominator = std::sqrt(x.squaredNorm() * y.squaredNorm());
  return denominator > 0.0 ? std::max(-1.0, std::min(1.0, x.dot(y) / denominator)) : 0.0;
}

/// The correlation filter: visits the columns in descending `importance` (e.g. IV; ties in
/// column order) and keeps a column unless its absolute Pearson correlation with a column
/// already kept exceeds `max_abs_correlation`. Returns the kept column indices, ascending.
/// `columns` is typically the WoE design (one column per characteristic).
/// Throws Error(dimension_mismatch) if importance has not one value per column,
/// Error(invalid_argument) for a threshold outside [0, 1] or a NaN in `columns` or `importance`.
inline std::vector<std::size_t> correlation_filter(const Eigen::MatrixXd& columns,
                                                   const std::vector<double>& importance,
                                                   double max_abs_correlation) {
  if (importance.size() != static_cast<std::size_t>(columns.cols()))
    throw Error(Status::dimension_mismatch, "correlation_filter: " + std::to_string(importance.size()) +
                                                " importances for " + std::to_string(columns.cols()) +
                                                " columns");
  if (!(max_abs_correlation >= 0.0 && max_abs_correlation <= 1.0))
    throw Error(Status::invalid_argument, "correlation_filter: max_abs_correlation must be in [0, 1]");
  for (std::size_t j = 0; j < importance.size(); ++j)
    if (std::isnan(importance[j]) || columns.col(static_cast<Eigen::Index>(j)).hasNaN())
      throw Error(Status::invalid_argument, "correlation_filter: column " + std::to_string(j) + " has a NaN");
  std::vector<std::size_t> order(importance.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return importance[a] > importance[b]; });
  std::vector<std::size_t> kept;
  for (std::size_t j : order) {
    bool keep = true;
    for (std::size_t k : kept)
      if (std::abs(column_correlation(columns, static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(k))) >
          max_abs_correlation)
        keep = false;
    if (keep) kept.push_back(j);
  }
  std::sort(kept.begin(), kept.end());
  return kept;
}

PAYSTRIKE_NAMESPACE_END
