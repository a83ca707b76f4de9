/// @file ranking_metrics.hpp
/// @brief Metrics of a score without a cutoff: ROC curve, AUC, Gini, KS, concordance and the
/// precision-recall curve with average precision, tie-aware and optionally weighted.
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

#include "paystrike/confusion.hpp"
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
  double threshold = 0.0;  ///< predict positive at score >= threshold (the highest if several)
};

/// ROC curve, AUC, Gini, KS and concordance of one score against binary outcomes.
struct RankingMetrics {
  std::vector<RocPoint> roc;  ///< from the highest threshold down; starts after (0, 0)
  double auc = 0.0;           ///< area under the ROC curve; tied pairs count one half
  double gini = 0.0;          ///< 2 * AUC - 1 (Somers' D)
  KolmogorovSmirnov ks;       ///< Kolmogorov-Smirnov statistic and its threshold
  std::int64_t positives = 0; ///< rows labelled 1
  std::int64_t negatives = 0; ///< rows labelled 0
  double positive_weight = 0.0;  ///< total weight of rows labelled 1 (= positives if unweighted)
  double negative_weight = 0.0;  ///< total weight of rows labelled 0 (= negatives if unweighted)
  /// (positive, negative) pairs where the positive scores higher; weighted pairs count w_i*w_j.
  /// Pair counts are sums in double: exact below 2^53 pairs.
  double concordant_pairs = 0.0;
  double discordant_pairs = 0.0;  ///< pairs where the positive scores lower
  double tied_pairs = 0.0;        ///< pairs with equal scores (each counts one half in the AUC)
};

/// One point of the precision-recall curve: predict positive when score >= threshold.
struct PrecisionRecallPoint {
  double threshold;  ///< a score in the data
  double precision;  ///< TP / (TP + FP) at this threshold
  double recall;     ///< TP / positives at this threshold
};

/// The precision-recall curve and its average precision.
struct PrecisionRecall {
  /// From the highest threshold down, one point per distinct score (tie-group edges only).
  std::vector<PrecisionRecallPoint> curve;
  /// sum_k (R_k - R_{k-1}) P_k over the curve (R_0 = 0): scikit-learn's average_precision_score,
  /// a step sum, not a trapezoid (which would be optimistic).
  double average_precision = 0.0;
};

namespace detail {

/// A run of rows with one exact score, with the weight of each class in it.
struct ScoreGroup {
  double threshold;        ///< the score shared by the group
  double positive_weight;  ///< weight of its positive rows
  double negative_weight;  ///< weight of its negative rows
  std::int64_t positives;  ///< number of its positive rows
  std::int64_t negatives;  ///< number of its negative rows
};

/// Validates scores, labels (exactly 0 or 1) and optional weights (finite, >= 0), naming the
/// row, and returns the tie groups from the highest score down. O(n log n).
inline std::vector<ScoreGroup> score_groups(const char* where, const double* scores,
                                            const double* is_positive, const double* weights,
                                            std::int64_t n) {
  if (n < 0) throw Error(Status::invalid_argument, std::string(where) + ": negative row count");
  if (n > 0 && (scores == nullptr || is_positive == nullptr))
    throw Error(Status::null_argument, std::string(where) + ": scores or labels is NULL");
  struct Row {
    double score;
    double weight;
    bool positive;
  };
  std::vector<Row> rows(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) {
    if (std::isnan(scores[i]))
      throw Error(Status::missing_value,
                  std::string(where) + ": score is NaN at row " + std::to_string(i));
    const double label = is_positive[i];
    if (label != 0.0 && label != 1.0)
      throw Error(Status::invalid_argument, std::string(where) + ": label at row " +
                                                std::to_string(i) + " is not 0 or 1");
    double w = 1.0;
    if (weights != nullptr) {
      w = weights[i];
      check_weight(where, "weight", w, i);
    }
    rows[static_cast<std::size_t>(i)] = Row{scores[i], w, label == 1.0};
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.score > b.score; });
  std::vector<ScoreGroup> groups;
  std::size_t i = 0;
  while (i < rows.size()) {
    ScoreGroup g{rows[i].score, 0.0, 0.0, 0, 0};
    for (; i < rows.size() && rows[i].score == g.threshold; ++i) {
      if (rows[i].positive) {
        g.positive_weight += rows[i].weight;
        ++g.positives;
      } else {
        g.negative_weight += rows[i].weight;
        ++g.negatives;
      }
    }
    groups.push_back(g);
  }
  return groups;
}

/// Totals of the groups' positive and negative weights and counts.
struct GroupTotals {
  double positive_weight = 0.0, negative_weight = 0.0;
  std::int64_t positives = 0, negatives = 0;
};

/// Sums the groups.
inline GroupTotals group_totals(const std::vector<ScoreGroup>& groups) {
  GroupTotals t;
  for (const ScoreGroup& g : groups) {
    t.positive_weight += g.positive_weight;
    t.negative_weight += g.negative_weight;
    t.positives += g.positives;
    t.negatives += g.negatives;
  }
  return t;
}

/// Throws Error(undefined) unless both classes carry weight.
inline void require_both_classes(const char* where, const GroupTotals& t) {
  if (!(t.positive_weight > 0.0) || !(t.negative_weight > 0.0))
    throw Error(Status::undefined, std::string(where) +
                                       ": both classes are needed (positives " +
                                       std::to_string(t.positives) + ", negatives " +
                                       std::to_string(t.negatives) + ", with non-zero weight)");
}

/// Ranking metrics from tie groups (already validated and sorted).
inline RankingMetrics ranking_from_groups(const char* where, const std::vector<ScoreGroup>& groups) {
  const GroupTotals totals = group_totals(groups);
  RankingMetrics result;
  result.positives = totals.positives;
  result.negatives = totals.negatives;
  result.positive_weight = totals.positive_weight;
  result.negative_weight = totals.negative_weight;
  require_both_classes(where, totals);
  result.roc.reserve(groups.size());
  double true_positive = 0.0, false_positive = 0.0;
  double concordant = 0.0, tied = 0.0;
  for (const ScoreGroup& g : groups) {
    // Negatives in this group are outscored by every positive above it and tied with the
    // positives inside it: the trapezoid over a tie group.
    concordant += g.negative_weight * true_positive;
    tied += g.negative_weight * g.positive_weight;
    true_positive += g.positive_weight;
    false_positive += g.negative_weight;
    const RocPoint point{g.threshold, false_positive / totals.negative_weight,
                         true_positive / totals.positive_weight};
    result.roc.push_back(point);
    const double separation = std::abs(point.true_positive_rate - point.false_positive_rate);
    // The first point seeds KS, so a score that separates nothing (KS 0) still reports a
    // threshold that exists in the data: the highest score.
    if (result.roc.size() == 1 || separation > result.ks.statistic)
      result.ks = {separation, g.threshold};
  }
  const double pairs = totals.positive_weight * totals.negative_weight;
  result.concordant_pairs = concordant;
  result.tied_pairs = tied;
  result.discordant_pairs = pairs - concordant - tied;
  // The exact ROC end point is (1, 1); dividing the running sums can leave it an ULP short.
  if (!result.roc.empty()) {
    result.roc.back().false_positive_rate = 1.0;
    result.roc.back().true_positive_rate = 1.0;
  }
  result.auc = (concordant + 0.5 * tied) / pairs;
  result.gini = 2.0 * result.auc - 1.0;
  return result;
}

}  // namespace detail

/// Computes the ranking metrics of `scores` (higher = more likely positive) for labels
/// `is_positive` (1 = positive; paystrike passes 1 for a good payer).
/// @param scores      n scores; +/-inf are ordered, NaN is refused.
/// @param is_positive n labels, each exactly 0 or 1.
/// @param n           the number of rows.
/// @return ROC curve, AUC, Gini, KS with its threshold, and the concordance pair counts.
/// Throws Error(null_argument), Error(missing_value) for a NaN score, Error(invalid_argument)
/// for a label other than 0 or 1, and Error(undefined) when either class is absent (no AUC).
inline RankingMetrics ranking_metrics(const double* scores, const double* is_positive,
                                      std::int64_t n) {
  return detail::ranking_from_groups(
      "ranking metrics", detail::score_groups("ranking metrics", scores, is_positive, nullptr, n));
}

/// As ranking_metrics, with a weight per row (sample weight or exposure): each pair counts
/// w_i * w_j and the rates are weight shares; equals scikit-learn's roc_auc_score and roc_curve
/// with `sample_weight`.
/// @param scores      n scores.
/// @param is_positive n labels, each exactly 0 or 1.
/// @param weights     n finite non-negative weights; NULL means 1 each.
/// @param n           the number of rows.
/// @return the weighted ranking metrics.
/// Throws as ranking_metrics, plus Error(missing_value)/Error(invalid_argument) for a NaN,
/// negative or infinite weight; Error(undefined) when either class has zero total weight.
inline RankingMetrics weighted_ranking_metrics(const double* scores, const double* is_positive,
                                               const double* weights, std::int64_t n) {
  return detail::ranking_from_groups(
      "weighted ranking metrics",
      detail::score_groups("weighted ranking metrics", scores, is_positive, weights, n));
}

/// The precision-recall curve at tie-group edges and the average precision.
/// @param scores      n scores, higher = more likely positive.
/// @param is_positive n labels, each exactly 0 or 1.
/// @param weights     n finite non-negative weights, or NULL for 1 each.
/// @param n           the number of rows.
/// @return the curve from the highest threshold down, and the average precision.
/// Throws as weighted_ranking_metrics; Error(undefined) when the positive class has no weight
/// (recall is undefined). No negatives is allowed (precision is then 1 everywhere).
inline PrecisionRecall precision_recall(const double* scores, const double* is_positive,
                                        const double* weights, std::int64_t n) {
  const char* where = "precision-recall";
  const std::vector<detail::ScoreGroup> groups =
      detail::score_groups(where, scores, is_positive, weights, n);
  const detail::GroupTotals totals = detail::group_totals(groups);
  if (!(totals.positive_weight > 0.0))
    throw Error(Status::undefined, "precision-recall: no positive rows with non-zero weight, so "
                                   "recall is undefined");
  PrecisionRecall result;
  result.curve.reserve(groups.size());
  double tp = 0.0, fp = 0.0, previous_recall = 0.0;
  for (const detail::ScoreGroup& g : groups) {
    tp += g.positive_weight;
    fp += g.negative_weight;
    const double precision = detail::undefined_if_zero(tp, tp + fp);
    const double recall = tp / totals.positive_weight;
    result.curve.push_back({g.threshold, precision, recall});
    if (recall > previous_recall) result.average_precision += (recall - previous_recall) * precision;
    previous_recall = recall;
  }
  return result;
}

PAYSTRIKE_NAMESPACE_END
