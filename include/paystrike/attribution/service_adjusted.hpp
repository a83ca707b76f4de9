/// @file service_adjusted.hpp
/// @brief The service-adjusted evaluation: the confusion matrix, precision, KS and Gini of the
/// score with the service-dispute defaults set apart, and what the model "lost" to bad service
/// rather than to bad modelling.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <limits>
#include <vector>

#include "paystrike/attribution/evidence.hpp"
#include "paystrike/confusion.hpp"
#include "paystrike/ranking_metrics.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

namespace attribution {

/// One evaluation of the score: the matrix at the cutoff and the ranking figures.
struct ScoreEvaluation {
  ConfusionMatrix confusion;  ///< positive = good payer, predicted good = score >= cutoff
  double precision = std::numeric_limits<double>::quiet_NaN();  ///< TP / (TP + FP)
  double ks = std::numeric_limits<double>::quiet_NaN();         ///< Kolmogorov-Smirnov
  double gini = std::numeric_limits<double>::quiet_NaN();       ///< 2 AUC - 1
  double auc = std::numeric_limits<double>::quiet_NaN();        ///< area under the ROC curve
};

/// The evaluation as it is, and with the service-dispute defaults set apart.
struct ServiceAdjustedEvaluation {
  ScoreEvaluation all;  ///< every account
  /// Without the defaulters labelled service dispute. When that leaves no defaulter (every
  /// defaulter set apart) or no good payer, its precision, KS, Gini and AUC are NaN: there is
  /// nothing left to compare, so nothing is claimed (its confusion matrix is still counted).
  ScoreEvaluation adjusted;
  std::int64_t service_dispute_defaults = 0;  ///< defaulters set apart
  /// Of those, false positives (approved, then struck).
  std::int64_t service_dispute_false_positives = 0;
  /// adjusted - all: what the model "lost" to bad service, not to bad modelling. NaN, like the
  /// two below, when the adjusted figures are NaN.
  double precision_lost = std::numeric_limits<double>::quiet_NaN();
  double ks_lost = std::numeric_limits<double>::quiet_NaN();    ///< adjusted KS - KS
  double gini_lost = std::numeric_limits<double>::quiet_NaN();  ///< adjusted Gini - Gini
};

namespace detail {
/// The matrix at `cutoff` and, when both classes are present, precision and the ranking
/// figures; with one class absent those stay NaN (see ServiceAdjustedEvaluation::adjusted).
inline ScoreEvaluation evaluate_scores(const std::vector<double>& scores,
                                       const std::vector<double>& is_good, double cutoff) {
  ScoreEvaluation e;
  const auto n = static_cast<std::int64_t>(scores.size());
  e.confusion = confusion_at_cutoff(scores.data(), is_good.data(), n, cutoff);
  const auto goods = static_cast<std::int64_t>(std::count(is_good.begin(), is_good.end(), 1.0));
  if (goods == 0 || goods == n) return e;
  e.precision = e.confusion.precision();
  const RankingMetrics ranking = ranking_metrics(scores.data(), is_good.data(), n);
  e.ks = ranking.ks.statistic;
  e.gini = ranking.gini;
  e.auc = ranking.auc;
  return e;
}
}  // namespace detail

/// Evaluates Account::score at `cutoff` (confusion_at_cutoff and ranking_metrics, good payer
/// positive) on all accounts, then again without the defaulters for which
/// `is_service_dispute[i]` is true (our label, or the planted cause in a simulation). Good
/// payers are never set apart, whatever their flag. When every defaulter is set apart (e.g. a
/// model fitted on a degenerate sample labels them all service disputes), the adjusted
/// precision, KS, Gini and AUC and the three "lost" figures are NaN, not an error.
/// @throws Error(dimension_mismatch) if the sizes differ; Error(missing_value) for a NaN score
///   (naming the account); Error(undefined) when the accounts themselves lack a defaulter or a
///   good payer (no KS or Gini even as it is; the message gives both counts).
inline ServiceAdjustedEvaluation service_adjusted_evaluation(
    const std::vector<Account>& accounts, const std::vector<bool>& is_service_dispute,
    double cutoff) {
  if (accounts.size() != is_service_dispute.size())
    throw Error(Status::dimension_mismatch,
                "service_adjusted_evaluation: " + std::to_string(accounts.size()) +
                    " accounts but " + std::to_string(is_service_dispute.size()) + " flags");
  std::vector<double> scores, good, kept_scores, kept_good;
  scores.reserve(accounts.size());
  good.reserve(accounts.size());
  ServiceAdjustedEvaluation result;
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    const Account& account = accounts[i];
    if (std::isnan(account.score))
      throw Error(Status::missing_value, "service_adjusted_evaluation: " +
                                             detail::account_label(account.id) + " has no score");
    scores.push_back(account.score);
    good.push_back(account.defaulted ? 0.0 : 1.0);
    if (account.defaulted && is_service_dispute[i]) {
      ++result.service_dispute_defaults;
      if (account.score >= cutoff) ++result.service_dispute_false_positives;
      continue;
    }
    kept_scores.push_back(account.score);
    kept_good.push_back(good.back());
  }
  const auto goods = static_cast<std::int64_t>(std::count(good.begin(), good.end(), 1.0));
  const auto defaulters = static_cast<std::int64_t>(good.size()) - goods;
  if (goods == 0 || defaulters == 0)
    throw Error(Status::undefined, "service_adjusted_evaluation: the accounts need both a "
                                   "defaulter and a good payer (" +
                                       std::to_string(defaulters) + " defaulters, " +
                                       std::to_string(goods) + " good payers)");
  result.all = detail::evaluate_scores(scores, good, cutoff);
  result.adjusted = detail::evaluate_scores(kept_scores, kept_good, cutoff);
  result.precision_lost = result.adjusted.precision - result.all.precision;
  result.ks_lost = result.adjusted.ks - result.all.ks;
  result.gini_lost = result.adjusted.gini - result.all.gini;
  return result;
}

}  // namespace attribution

PAYSTRIKE_NAMESPACE_END
