/// @file ranking_metrics.hpp
/// @brief Metrics of a score without a cutoff: ROC curve, AUC, Gini and KS, tie-aware.
///
/// Scores are tied only when exactly equal as doubles (no tolerance). The ROC curve has a
/// vertex only at the edge of each tie group, so AUC counts a tied positive/negative pair as
/// one half (Mann-Whitney) and KS is taken only at thresholds a cutoff could realise.
/// O(n log n): one sort.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include "paystrike/status.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

/// One operating point: predict positive when score >= threshold.
struct RocPoint {
  double threshold;            ///< predict positive at score >= threshold (a score in the data)
  double false_positive_rate;  ///< FP / negatives at this threshold
  double true_positive_rate;   ///< TP / positives at this threshold
};

/// Kolmogorov-Smirnov statistic: max over thresholds of |TPR - FPR|, and where it is reached.
struct KolmogorovSmirnov {
  double statistic = 0.0;  ///< max |TPR - FPR|, in [0, 1]
  double threshold = 0.0;  ///< predict positive at score >= threshold
};

/// ROC curve, AUC, Gini and KS of one score against binary outcomes.
struct RankingMetrics {
  std::vector<RocPoint> roc;  ///< from the highest threshold down; starts after (0, 0)
  double auc = 0.0;           ///< area under the ROC curve; tied pairs count one half
  double gini = 0.0;          ///< 2 * AUC - 1 (Somers' D)
  KolmogorovSmirnov ks;       ///< Kolmogorov-Smirnov statistic and its threshold
  std::int64_t positives = 0; ///< rows labelled 1
  std::int64_t negatives = 0; ///< rows labelled 0
};

/// Computes the ranking metrics of `scores` (higher = more likely positive) for labels
/// `is_positive` (1 = positive; paystrike passes 1 for a good payer).
/// Throws Error(missing_value) for a NaN score, Error(invalid_argument) for a label other
/// than 0 or 1, and Error(undefined) when either class is absent (no AUC exists).
inline RankingMetrics ranking_metrics(const double* scores, const double* is_positive,
                                      std::int64_t n) {
  if (n < 0) throw Error(Status::invalid_argument, "ranking metrics: negative row count");
  if (n > 0 && (scores == nullptr || is_positive == nullptr))
    throw Error(Status::null_argument, "ranking metrics: scores or labels is NULL");
  RankingMetrics result;
  for (std::int64_t i = 0; i < n; ++i) {
    if (std::isnan(scores[i]))
      throw Error(Status::missing_value, "ranking metrics: score is NaN at row " + std::to_string(i));
    if (is_positive[i] == 1.0) ++result.positives;
    else if (is_positive[i] == 0.0) ++result.negatives;
    else
      throw Error(Status::invalid_argument,
                  "ranking metrics: label at row " + std::to_string(i) + " is not 0 or 1");
  }
  if (result.positives == 0 || result.negatives == 0)
    throw Error(Status::undefined, "ranking metrics: both classes are needed (positives " +
                                       std::to_string(result.positives) + ", negatives " +
                                       std::to_string(result.negatives) + ")");
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), std::int64_t{0});
  std::sort(order.begin(), order.end(),
            [scores](std::int64_t a, std::int64_t b) { return scores[a] > scores[b]; });

  const double total_positive = static_cast<double>(result.positives);
  const double total_negative = static_cast<double>(result.negatives);
  std::int64_t true_positives = 0, false_positives = 0;
  double area = 0.0;  // in units of positive*negative pairs
  std::size_t i = 0;
  while (i < order.size()) {
    const double threshold = scores[order[i]];
    std::int64_t group_positive = 0, group_negative = 0;
    for (; i < order.size() && scores[order[i]] == threshold; ++i)
      (is_positive[order[i]] == 1.0 ? group_positive : group_negative) += 1;
    // Trapezoid over the tie group: pairs above count fully, pairs inside count one half.
    area += static_cast<double>(group_negative) *
            (static_cast<double>(true_positives) + 0.5 * static_cast<double>(group_positive));
    true_positives += group_positive;
    false_positives += group_negative;
    const RocPoint point{threshold, static_cast<double>(false_positives) / total_negative,
                         static_cast<double>(true_positives) / total_positive};
    result.roc.push_back(point);
    const double separation = std::abs(point.true_positive_rate - point.false_positive_rate);
    if (separation > result.ks.statistic) result.ks = {separation, threshold};
  }
  result.auc = area / (total_positive * total_negative);
  result.gini = 2.0 * result.auc - 1.0;
  return result;
}

PAYSTRIKE_NAMESPACE_END
