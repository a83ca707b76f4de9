/// @file portfolio.hpp
/// @brief Attribution over a portfolio and its summary: false positives by cause, the precision
/// the model would have had without service disputes, and the service-dispute label's quality
/// against the planted truth, ours beside the Bayes ceiling.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <vector>

#include "paystrike/attribution/evidence_model.hpp"
#include "paystrike/attribution/simulator.hpp"
#include "paystrike/confusion.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

namespace attribution {

/// Attributes every account (goods included: cheap, and useful for early warning).
/// @throws Error(dimension_mismatch) if the sizes differ; Error as EvidenceModel::attribute()
///   and EvidenceModel::validate().
inline std::vector<Attribution> attribute_portfolio(const EvidenceModel& model,
                                                    const std::vector<Account>& accounts,
                                                    const std::vector<ExternalEvidence>& evidence) {
  if (accounts.size() != evidence.size())
    throw Error(Status::dimension_mismatch,
                "attribute_portfolio: " + std::to_string(accounts.size()) + " accounts but " +
                    std::to_string(evidence.size()) + " evidence records");
  model.validate();
  std::vector<Attribution> result;
  result.reserve(accounts.size());
  for (std::size_t i = 0; i < accounts.size(); ++i)
    result.push_back(model.attribute(accounts[i], evidence[i]));
  return result;
}

/// The signals of a portfolio's defaulters, in account order: what adapting a model to the
/// portfolio (adapt_evidence_model_to_portfolio()) reads.
/// @throws Error(dimension_mismatch) if the sizes differ; Error as derive_signals().
inline std::vector<Signals> defaulter_signals(const std::vector<Account>& accounts,
                                              const std::vector<ExternalEvidence>& evidence) {
  if (accounts.size() != evidence.size())
    throw Error(Status::dimension_mismatch,
                "defaulter_signals: " + std::to_string(accounts.size()) + " accounts but " +
                    std::to_string(evidence.size()) + " evidence records");
  std::vector<Signals> signals;
  for (std::size_t i = 0; i < accounts.size(); ++i)
    if (accounts[i].defaulted) signals.push_back(derive_signals(accounts[i], evidence[i]));
  return signals;
}

/// Precision, recall and F1 of a binary label against the truth. Undefined ratios are NaN.
struct LabelQuality {
  std::int64_t true_positives = 0;   ///< labelled and true
  std::int64_t false_positives = 0;  ///< labelled, not true
  std::int64_t false_negatives = 0;  ///< true, not labelled
  double precision = std::numeric_limits<double>::quiet_NaN();  ///< TP / (TP + FP)
  double recall = std::numeric_limits<double>::quiet_NaN();     ///< TP / (TP + FN)
  double f1 = std::numeric_limits<double>::quiet_NaN();  ///< harmonic mean; 0 if TP = 0 < TP+FP+FN
};

/// The quality of `labelled` against `truth` (same length).
/// @throws Error(dimension_mismatch) if the lengths differ.
inline LabelQuality label_quality(const std::vector<bool>& labelled, const std::vector<bool>& truth) {
  if (labelled.size() != truth.size())
    throw Error(Status::dimension_mismatch, "label_quality: labels and truth differ in length");
  LabelQuality q;
  for (std::size_t i = 0; i < labelled.size(); ++i) {
    if (labelled[i] && truth[i]) ++q.true_positives;
    else if (labelled[i]) ++q.false_positives;
    else if (truth[i]) ++q.false_negatives;
  }
  const double tp = static_cast<double>(q.true_positives);
  if (q.true_positives + q.false_positives > 0)
    q.precision = tp / static_cast<double>(q.true_positives + q.false_positives);
  if (q.true_positives + q.false_negatives > 0)
    q.recall = tp / static_cast<double>(q.true_positives + q.false_negatives);
  const std::int64_t denominator = 2 * q.true_positives + q.false_positives + q.false_negatives;
  if (denominator > 0) q.f1 = 2.0 * tp / static_cast<double>(denominator);
  return q;
}

/// The best F1 of the rule "label if score >= t" over all thresholds t (NaN without a true
/// case). Ties in score are labelled together.
/// @throws Error(dimension_mismatch) if the lengths differ.
inline double best_f1_over_thresholds(const std::vector<double>& scores, const std::vector<bool>& truth) {
  if (scores.size() != truth.size())
    throw Error(Status::dimension_mismatch, "best_f1_over_thresholds: lengths differ");
  std::vector<std::size_t> order(scores.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
  double positives = 0.0;
  for (bool t : truth) positives += t ? 1.0 : 0.0;
  if (positives == 0.0) return std::numeric_limits<double>::quiet_NaN();
  double best = 0.0, true_positives = 0.0, labelled = 0.0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    labelled += 1.0;
    true_positives += truth[order[k]] ? 1.0 : 0.0;
    if (k + 1 < order.size() && scores[order[k + 1]] == scores[order[k]]) continue;
    best = std::max(best, 2.0 * true_positives / (labelled + positives));
  }
  return best;
}

/// Number of labels a defaulter can get: the real causes and `undetermined`.
constexpr std::size_t kLabelCount = kCauseCount + 1;

/// The portfolio view of the attribution.
struct PortfolioSummary {
  ConfusionMatrix confusion;  ///< positive class = good payer, predicted good = score >= cutoff
  /// False positives by our top cause (index = Cause, undetermined last).
  std::array<std::int64_t, kLabelCount> false_positives_by_top_cause{};
  /// The same as shares of all false positives (NaN without false positives).
  std::array<double, kLabelCount> false_positive_share_by_top_cause{};
  std::int64_t false_negatives = 0;  ///< good customers turned away, reported beside them
  double precision = std::numeric_limits<double>::quiet_NaN();  ///< TP / (TP + FP)
  /// TP / (TP + FP - FP attributed by us to service dispute).
  double precision_without_service_disputes = std::numeric_limits<double>::quiet_NaN();

  bool has_truth = false;  ///< the fields below are filled only with a simulated portfolio
  /// False positives by planted cause.
  std::array<std::int64_t, kCauseCount> false_positives_by_planted_cause{};
  /// TP / (TP + FP - FP whose planted cause is service dispute).
  double precision_without_planted_service_disputes = std::numeric_limits<double>::quiet_NaN();
  /// Our service-dispute label (top cause) against the planted truth, over all defaulters.
  LabelQuality ours_service_dispute;
  /// The ceiling's label (argmax of the ceiling posterior), over all defaulters.
  LabelQuality ceiling_service_dispute;
  /// Our label over the false positives only.
  LabelQuality ours_service_dispute_false_positives;
  /// The ceiling's label over the false positives only.
  LabelQuality ceiling_service_dispute_false_positives;
  double f1_ratio_ours_to_ceiling = std::numeric_limits<double>::quiet_NaN();  ///< over defaulters
  /// Best F1 over thresholds on P(service dispute), over defaulters.
  double ours_best_f1 = std::numeric_limits<double>::quiet_NaN();
  double ceiling_best_f1 = std::numeric_limits<double>::quiet_NaN();  ///< the same, ceiling
  /// Every cause's label quality over all defaulters: ours (top cause) ...
  std::array<LabelQuality, kCauseCount> ours_by_cause{};
  /// ... ours at the argmax (most_likely_cause, never undetermined: like with like with the
  /// ceiling's argmax) ...
  std::array<LabelQuality, kCauseCount> ours_argmax_by_cause{};
  /// ... and the ceiling's (argmax).
  std::array<LabelQuality, kCauseCount> ceiling_by_cause{};
  /// Best F1 over thresholds on P(cause), ours, per cause.
  CauseVector ours_best_f1_by_cause{};
  /// Best F1 over thresholds on P(cause), ceiling, per cause.
  CauseVector ceiling_best_f1_by_cause{};
  /// Share of defaulters we label undetermined.
  double undetermined_share_of_defaulters = std::numeric_limits<double>::quiet_NaN();
};

namespace detail {
inline std::size_t argmax(const CauseVector& values) {
  std::size_t best = 0;
  for (std::size_t c = 1; c < values.size(); ++c)
    if (values[c] > values[best]) best = c;
  return best;
}
}  // namespace detail

/// Summarises a portfolio. `attributions` has one entry per account (only defaulters' are
/// read). With `simulated` (the portfolio the evidence came from), the truth fields are filled.
/// @throws Error(dimension_mismatch) if the sizes differ.
inline PortfolioSummary summarise_portfolio(const std::vector<Account>& accounts,
                                            const std::vector<Attribution>& attributions,
                                            const SimulatedPortfolio* simulated = nullptr) {
  if (attributions.size() != accounts.size() ||
      (simulated && (simulated->planted_cause.size() != accounts.size() ||
                     simulated->ceiling_posterior.size() != accounts.size())))
    throw Error(Status::dimension_mismatch,
                "summarise_portfolio: accounts, attributions and simulated portfolio differ in size");
  PortfolioSummary s;
  std::int64_t false_positive_planted_disputes = 0;
  std::vector<bool> ours_all, ceiling_all, truth_all, ours_fp, ceiling_fp, truth_fp;
  std::vector<double> ours_score, ceiling_score;
  std::vector<std::size_t> ours_label, ours_argmax_label, ceiling_label, planted_label;
  std::vector<CauseVector> ours_probability, ceiling_probability;
  std::int64_t defaulters = 0, undetermined = 0;
  const std::size_t dispute = static_cast<std::size_t>(Cause::service_dispute);
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    const Account& account = accounts[i];
    if (account.predicted_good && !account.defaulted) ++s.confusion.true_positives;
    if (!account.predicted_good && account.defaulted) ++s.confusion.true_negatives;
    if (!account.predicted_good && !account.defaulted) ++s.confusion.false_negatives;
    if (!account.defaulted) continue;
    const Attribution& attribution = attributions[i];
    const bool ours = attribution.top_cause == Cause::service_dispute;
    ++defaulters;
    if (attribution.top_cause == Cause::undetermined) ++undetermined;
    if (account.predicted_good) {
      ++s.confusion.false_positives;
      ++s.false_positives_by_top_cause[static_cast<std::size_t>(attribution.top_cause)];
    }
    if (!simulated || !simulated->planted_cause[i]) continue;
    const Cause planted = *simulated->planted_cause[i];
    const bool truth = planted == Cause::service_dispute;
    const bool ceiling = detail::argmax(simulated->ceiling_posterior[i]) == dispute;
    ours_all.push_back(ours);
    ceiling_all.push_back(ceiling);
    truth_all.push_back(truth);
    ours_score.push_back(attribution.probability[dispute]);
    ceiling_score.push_back(simulated->ceiling_posterior[i][dispute]);
    ours_label.push_back(static_cast<std::size_t>(attribution.top_cause));
    ours_argmax_label.push_back(static_cast<std::size_t>(attribution.most_likely_cause));
    ceiling_label.push_back(detail::argmax(simulated->ceiling_posterior[i]));
    planted_label.push_back(static_cast<std::size_t>(planted));
    ours_probability.push_back(attribution.probability);
    ceiling_probability.push_back(simulated->ceiling_posterior[i]);
    if (account.predicted_good) {
      ++s.false_positives_by_planted_cause[static_cast<std::size_t>(planted)];
      if (truth) ++false_positive_planted_disputes;
      ours_fp.push_back(ours);
      ceiling_fp.push_back(ceiling);
      truth_fp.push_back(truth);
    }
  }
  s.false_negatives = s.confusion.false_negatives;
  const auto precision_without = [&](std::int64_t removed) {
    const std::int64_t denominator =
        s.confusion.true_positives + s.confusion.false_positives - removed;
    return denominator > 0 ? static_cast<double>(s.confusion.true_positives) /
                                 static_cast<double>(denominator)
                           : std::numeric_limits<double>::quiet_NaN();
  };
  s.precision = precision_without(0);
  s.precision_without_service_disputes =
      precision_without(s.false_positives_by_top_cause[dispute]);
  for (std::size_t k = 0; k < kLabelCount; ++k)
    s.false_positive_share_by_top_cause[k] =
        s.confusion.false_positives > 0
            ? static_cast<double>(s.false_positives_by_top_cause[k]) /
                  static_cast<double>(s.confusion.false_positives)
            : std::numeric_limits<double>::quiet_NaN();
  if (defaulters > 0)
    s.undetermined_share_of_defaulters =
        static_cast<double>(undetermined) / static_cast<double>(defaulters);
  if (simulated) {
    s.has_truth = true;
    for (std::size_t c = 0; c < kCauseCount; ++c) {
      std::vector<bool> ours_c, ours_argmax_c, ceiling_c, truth_c;
      std::vector<double> ours_p, ceiling_p;
      for (std::size_t k = 0; k < planted_label.size(); ++k) {
        ours_c.push_back(ours_label[k] == c);
        ours_argmax_c.push_back(ours_argmax_label[k] == c);
        ceiling_c.push_back(ceiling_label[k] == c);
        truth_c.push_back(planted_label[k] == c);
        ours_p.push_back(ours_probability[k][c]);
        ceiling_p.push_back(ceiling_probability[k][c]);
      }
      s.ours_by_cause[c] = label_quality(ours_c, truth_c);
      s.ours_argmax_by_cause[c] = label_quality(ours_argmax_c, truth_c);
      s.ceiling_by_cause[c] = label_quality(ceiling_c, truth_c);
      s.ours_best_f1_by_cause[c] = best_f1_over_thresholds(ours_p, truth_c);
      s.ceiling_best_f1_by_cause[c] = best_f1_over_thresholds(ceiling_p, truth_c);
    }
    s.precision_without_planted_service_disputes = precision_without(false_positive_planted_disputes);
    s.ours_service_dispute = label_quality(ours_all, truth_all);
    s.ceiling_service_dispute = label_quality(ceiling_all, truth_all);
    s.ours_service_dispute_false_positives = label_quality(ours_fp, truth_fp);
    s.ceiling_service_dispute_false_positives = label_quality(ceiling_fp, truth_fp);
    if (s.ceiling_service_dispute.f1 > 0.0)
      s.f1_ratio_ours_to_ceiling = s.ours_service_dispute.f1 / s.ceiling_service_dispute.f1;
    s.ours_best_f1 = best_f1_over_thresholds(ours_score, truth_all);
    s.ceiling_best_f1 = best_f1_over_thresholds(ceiling_score, truth_all);
  }
  return s;
}

}  // namespace attribution

PAYSTRIKE_NAMESPACE_END
