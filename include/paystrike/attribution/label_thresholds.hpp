/// @file label_thresholds.hpp
/// @brief Per-cause labelling thresholds that maximise the expected F1 of a cause's label.
///
/// Why: the most likely cause (argmax) under-labels a minority cause. A service dispute at
/// P = 0.35 is usually not the most likely cause, yet labelling every such customer a dispute
/// finds many more strikers at a small cost in precision; for a calibrated posterior the
/// F1-optimal rule "label c iff P(c) >= t" has t = F* / 2, where F* is the best attainable F1
/// (Lipton, Elkan and Naryanaswamy, "Optimal thresholding of classifiers to maximize F1
/// measure", ECML PKDD 2014). Neither F* nor t needs labels: the posteriors themselves give
/// the expected F1 of every threshold (the plug-in estimate), on a portfolio's defaulters or
/// under the tables' own distribution.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "paystrike/attribution/evidence_tables.hpp"
#include "paystrike/status.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

namespace attribution {

/// The causes given a threshold by default: those whose treatment differs most from
/// standard collections (service recovery for a striker, fraud review). Distress and model
/// miss are labelled by the most likely cause. Index = Cause.
inline constexpr std::array<bool, kCauseCount> kCausesLabelledByThreshold = {true, false, true,
                                                                             false};

/// A threshold of 1 never labels on its own (a posterior of exactly 1 is also the argmax).
inline constexpr double kNoLabelThreshold = 1.0;

/// The threshold chosen for one cause and the F1 it is expected to give.
struct ExpectedF1Threshold {
  double threshold = kNoLabelThreshold;  ///< label iff P(cause) >= threshold; in (0, 1]
  double expected_f1 = 0.0;              ///< the plug-in expected F1 at that threshold
  double labelled_share = 0.0;           ///< the (weighted) share labelled at that threshold
};

/// The threshold maximising the plug-in expected F1 of "label iff p >= t":
///   E[F1](t) ~ 2 sum_{p_i >= t} w_i p_i / (sum_{p_i >= t} w_i + sum_i w_i p_i),
/// over (probability, weight) pairs. Equal probabilities are labelled together; the threshold
/// is the midpoint between the last labelled and the next probability (so a small change in
/// the tables does not flip the customers at the edge). If no probability is positive, the
/// threshold is kNoLabelThreshold with expected F1 0.
/// @throws Error(invalid_argument) on no pair, a probability outside [0, 1] or a weight that is
///   negative or not finite (the message names the index).
inline ExpectedF1Threshold expected_f1_threshold(std::vector<std::pair<double, double>> weighted) {
  if (weighted.empty())
    throw Error(Status::invalid_argument, "expected_f1_threshold: no probabilities");
  double total_weight = 0.0, expected_positives = 0.0;
  for (std::size_t i = 0; i < weighted.size(); ++i) {
    const auto [p, w] = weighted[i];
    if (!(p >= 0.0 && p <= 1.0))
      throw Error(Status::invalid_argument, "expected_f1_threshold: probability " +
                                                std::to_string(i) + " is not in [0, 1]");
    if (!(w >= 0.0) || !std::isfinite(w))
      throw Error(Status::invalid_argument, "expected_f1_threshold: weight " +
                                                std::to_string(i) + " is negative or not finite");
    total_weight += w;
    expected_positives += w * p;
  }
  ExpectedF1Threshold best;
  if (!(expected_positives > 0.0)) return best;
  std::sort(weighted.begin(), weighted.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  double labelled = 0.0, expected_true = 0.0;
  for (std::size_t k = 0; k < weighted.size(); ++k) {
    labelled += weighted[k].second;
    expected_true += weighted[k].second * weighted[k].first;
    const bool tie_follows = k + 1 < weighted.size() && weighted[k + 1].first == weighted[k].first;
    if (tie_follows) continue;
    const double f1 = 2.0 * expected_true / (labelled + expected_positives);
    if (f1 > best.expected_f1) {
      best.expected_f1 = f1;
      best.labelled_share = labelled / total_weight;
      best.threshold = k + 1 < weighted.size()
                           ? 0.5 * (weighted[k].first + weighted[k + 1].first)
                           : weighted[k].first;
    }
  }
  best.threshold = std::clamp(best.threshold, 1e-12, kNoLabelThreshold);
  return best;
}

/// The fewest defaulters a threshold is set from. Why: the plug-in follows the few customers
/// it is given; from one defaulter it labelled fraud at any posterior (threshold 4e-9). On the
/// misspecified simulated portfolios (test AdaptingNeedsTwoHundredDefaulters: share and
/// thresholds from n sampled defaulters, judged on all) the service-dispute label's F1 / the
/// ceiling's best F1 scatters with sd 0.067 from 50 defaulters and 0.034 from 200.
inline constexpr std::size_t kMinDefaultersForThresholds = 200;

/// Thresholds from a portfolio's defaulters (unlabelled: only their signals are used), for the
/// causes marked in `causes`; the others get kNoLabelThreshold.
/// @throws Error(invalid_argument) on invalid tables, no defaulter or fewer than
///   kMinDefaultersForThresholds.
inline CauseVector label_thresholds_for_defaulters(
    const EvidenceTables& tables, const std::vector<Signals>& defaulters,
    const std::array<bool, kCauseCount>& causes = kCausesLabelledByThreshold) {
  tables.validate();
  if (defaulters.empty())
    throw Error(Status::invalid_argument, "label_thresholds_for_defaulters: no defaulter");
  if (defaulters.size() < kMinDefaultersForThresholds)
    throw Error(Status::invalid_argument,
                "label_thresholds_for_defaulters: " + std::to_string(defaulters.size()) +
                    " defaulters; at least " + std::to_string(kMinDefaultersForThresholds) +
                    " are needed, fewer give thresholds that follow a few customers");
  std::vector<CauseVector> posteriors;
  posteriors.reserve(defaulters.size());
  for (const Signals& signals : defaulters) posteriors.push_back(tables.posterior(signals));
  CauseVector thresholds;
  thresholds.fill(kNoLabelThreshold);
  for (std::size_t c = 0; c < kCauseCount; ++c) {
    if (!causes[c]) continue;
    std::vector<std::pair<double, double>> weighted;
    weighted.reserve(posteriors.size());
    for (const CauseVector& p : posteriors) weighted.emplace_back(p[c], 1.0);
    thresholds[c] = expected_f1_threshold(std::move(weighted)).threshold;
  }
  return thresholds;
}

/// Thresholds under the tables' own distribution, without data: every combination of signal
/// states is weighted by its probability under the tables (prior times likelihoods), each
/// external source (CRM, bureau, registry) missing independently with `missing_share`;
/// behaviour and training range are always known.
/// @throws Error(invalid_argument) on invalid tables or missing_share outside [0, 1).
inline CauseVector label_thresholds_under_tables(
    const EvidenceTables& tables, double missing_share,
    const std::array<bool, kCauseCount>& causes = kCausesLabelledByThreshold) {
  tables.validate();
  if (!(missing_share >= 0.0 && missing_share < 1.0))
    throw Error(Status::invalid_argument,
                "label_thresholds_under_tables: missing_share must be in [0, 1)");
  std::vector<std::pair<double, CauseVector>> combinations;  // (probability, posterior)
  const auto count = [](SignalKind kind) {
    return kSignalStateCounts[static_cast<std::size_t>(kind)];
  };
  const auto missing_weight = [&](std::size_t state) {
    return state == 0 ? missing_share : 1.0 - missing_share;
  };
  for (std::size_t b = 1; b < count(SignalKind::behaviour); ++b)
    for (std::size_t cm = 0; cm < count(SignalKind::complaint); ++cm)
      for (std::size_t bu = 0; bu < count(SignalKind::bureau); ++bu)
        for (std::size_t r = 0; r < count(SignalKind::registry); ++r)
          for (std::size_t tr = 1; tr < count(SignalKind::training_range); ++tr) {
            const double availability = missing_weight(cm) * missing_weight(bu) * missing_weight(r);
            if (availability == 0.0) continue;
            Signals signals;
            signals.behaviour = static_cast<BehaviourPattern>(b);
            signals.complaint = static_cast<ComplaintSignal>(cm);
            signals.bureau = static_cast<BureauSignal>(bu);
            signals.registry = static_cast<RegistrySignal>(r);
            signals.training_range = static_cast<TrainingRangeSignal>(tr);
            double evidence_probability = 0.0;  // P(observed states), summed over causes
            for (const double log_joint : tables.log_joint(signals))
              evidence_probability += std::exp(log_joint);
            combinations.emplace_back(availability * evidence_probability,
                                      tables.posterior(signals));
          }
  CauseVector thresholds;
  thresholds.fill(kNoLabelThreshold);
  for (std::size_t c = 0; c < kCauseCount; ++c) {
    if (!causes[c]) continue;
    std::vector<std::pair<double, double>> weighted;
    weighted.reserve(combinations.size());
    for (const auto& [weight, posterior] : combinations) weighted.emplace_back(posterior[c], weight);
    thresholds[c] = expected_f1_threshold(std::move(weighted)).threshold;
  }
  return thresholds;
}

/// The share of each external source assumed missing for the default thresholds: a third
/// (documented in docs/attribution.md; not tuned on the simulator).
inline constexpr double kDefaultMissingShare = 1.0 / 3.0;

/// The default model's thresholds: label_thresholds_under_tables(default_evidence_tables(),
/// kDefaultMissingShare), computed once.
inline const CauseVector& default_label_thresholds() {
  static const CauseVector thresholds =
      label_thresholds_under_tables(default_evidence_tables(), kDefaultMissingShare);
  return thresholds;
}

}  // namespace attribution

PAYSTRIKE_NAMESPACE_END
