/// @file evidence_tables.hpp
/// @brief The evidence model's numbers: priors per cause and per-signal likelihood tables
/// P(state | cause), the posterior by Bayes, the documented defaults, fitting from investigated
/// cases and re-estimating the prior on an unlabelled portfolio.
///
/// Signals are taken as conditionally independent given the cause (naive Bayes). See
/// docs/attribution.md for the default tables.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "paystrike/attribution/signals.hpp"
#include "paystrike/status.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

namespace attribution {

/// Priors and likelihood tables over the signals. likelihood[s][state][cause] =
/// P(signal s in `state` | cause); row 0 (`unknown`) is never used and kept at 0.
struct EvidenceTables {
  CauseVector prior{};  ///< P(cause) among defaulters; sums to 1, all > 0
  /// [signal][state][cause]; each cause's column over states 1.. sums to 1, entries > 0.
  std::array<std::vector<CauseVector>, kSignalCount> likelihood;

  /// Tables of the right shape filled with zeros.
  static EvidenceTables zeros() {
    EvidenceTables tables;
    for (std::size_t s = 0; s < kSignalCount; ++s)
      tables.likelihood[s].assign(kSignalStateCounts[s], CauseVector{});
    return tables;
  }

  /// Checks shapes, positivity and that every distribution sums to 1 (within 1e-6).
  /// @throws Error(dimension_mismatch) on a wrong number of states; Error(invalid_argument) on
  ///   a non-positive or non-finite entry or a distribution that does not sum to 1.
  void validate() const {
    double prior_sum = 0.0;
    for (std::size_t c = 0; c < kCauseCount; ++c) {
      if (!(prior[c] > 0.0) || !std::isfinite(prior[c]))
        throw Error(Status::invalid_argument, std::string("evidence tables: prior of ") +
                                                  cause_name(static_cast<Cause>(c)) +
                                                  " must be finite and > 0");
      prior_sum += prior[c];
    }
    if (std::fabs(prior_sum - 1.0) > 1e-6)
      throw Error(Status::invalid_argument, "evidence tables: priors do not sum to 1");
    for (std::size_t s = 0; s < kSignalCount; ++s) {
      const char* signal = signal_name(static_cast<SignalKind>(s));
      if (likelihood[s].size() != kSignalStateCounts[s])
        throw Error(Status::dimension_mismatch, std::string("evidence tables: signal ") + signal +
                                                    " needs " +
                                                    std::to_string(kSignalStateCounts[s]) +
                                                    " states (unknown included)");
      for (std::size_t c = 0; c < kCauseCount; ++c) {
        double sum = 0.0;
        for (std::size_t state = 1; state < kSignalStateCounts[s]; ++state) {
          const double p = likelihood[s][state][c];
          if (!(p > 0.0) || !std::isfinite(p))
            throw Error(Status::invalid_argument,
                        std::string("evidence tables: signal ") + signal + ", state " +
                            std::to_string(state) + ", cause " +
                            cause_name(static_cast<Cause>(c)) + ": probability must be > 0");
          sum += p;
        }
        if (std::fabs(sum - 1.0) > 1e-6)
          throw Error(Status::invalid_argument, std::string("evidence tables: signal ") + signal +
                                                    ", cause " +
                                                    cause_name(static_cast<Cause>(c)) +
                                                    ": probabilities do not sum to 1");
      }
    }
  }

  /// Natural-log unnormalised posterior: ln prior(c) + sum over known signals ln P(o_s | c).
  CauseVector log_joint(const Signals& signals) const noexcept {
    CauseVector log_joint{};
    const auto states = signals.state_indices();
    for (std::size_t c = 0; c < kCauseCount; ++c) {
      log_joint[c] = std::log(prior[c]);
      for (std::size_t s = 0; s < kSignalCount; ++s)
        if (states[s] != 0) log_joint[c] += std::log(likelihood[s][states[s]][c]);
    }
    return log_joint;
  }

  /// P(cause | signals) by Bayes, unknown signals skipped. Sums to 1.
  CauseVector posterior(const Signals& signals) const noexcept {
    CauseVector log_joint_values = log_joint(signals);
    const double largest = *std::max_element(log_joint_values.begin(), log_joint_values.end());
    double total = 0.0;
    CauseVector result{};
    for (std::size_t c = 0; c < kCauseCount; ++c) {
      result[c] = std::exp(log_joint_values[c] - largest);
      total += result[c];
    }
    for (double& p : result) p /= total;
    return result;
  }
};

/// The shipped default tables of the evidence model (rationale in docs/attribution.md).
/// Columns are {service_dispute, financial_distress, first_payment_default_or_fraud,
/// model_miss}.
inline EvidenceTables default_evidence_tables() {
  EvidenceTables t = EvidenceTables::zeros();
  // Among defaulters: most are distress ("can't pay"); strikes a minority (Yang 2020).
  t.prior = {0.10, 0.55, 0.05, 0.30};
  auto& behaviour = t.likelihood[static_cast<std::size_t>(SignalKind::behaviour)];
  behaviour[static_cast<std::size_t>(BehaviourPattern::abrupt_stop)] = {0.55, 0.12, 0.05, 0.15};
  behaviour[static_cast<std::size_t>(BehaviourPattern::gradual_slide)] = {0.15, 0.55, 0.10, 0.35};
  behaviour[static_cast<std::size_t>(BehaviourPattern::never_paid)] = {0.02, 0.03, 0.45, 0.02};
  behaviour[static_cast<std::size_t>(BehaviourPattern::inactive_then_delinquent)] = {
      0.08, 0.08, 0.30, 0.08};
  behaviour[static_cast<std::size_t>(BehaviourPattern::no_pattern)] = {0.20, 0.22, 0.10, 0.40};
  auto& complaint = t.likelihood[static_cast<std::size_t>(SignalKind::complaint)];
  complaint[static_cast<std::size_t>(ComplaintSignal::service_unresolved_before_onset)] = {
      0.40, 0.03, 0.02, 0.03};
  complaint[static_cast<std::size_t>(ComplaintSignal::service_resolved_before_onset)] = {
      0.08, 0.02, 0.01, 0.02};
  complaint[static_cast<std::size_t>(ComplaintSignal::other_before_onset)] = {0.05, 0.05, 0.03,
                                                                             0.04};
  complaint[static_cast<std::size_t>(ComplaintSignal::collections_or_after_onset)] = {
      0.07, 0.20, 0.04, 0.06};
  complaint[static_cast<std::size_t>(ComplaintSignal::none)] = {0.40, 0.70, 0.90, 0.85};
  auto& bureau = t.likelihood[static_cast<std::size_t>(SignalKind::bureau)];
  bureau[static_cast<std::size_t>(BureauSignal::current_elsewhere)] = {0.70, 0.15, 0.15, 0.50};
  bureau[static_cast<std::size_t>(BureauSignal::current_but_stretched)] = {0.10, 0.30, 0.10, 0.20};
  bureau[static_cast<std::size_t>(BureauSignal::delinquent_elsewhere)] = {0.08, 0.50, 0.15, 0.15};
  bureau[static_cast<std::size_t>(BureauSignal::thin_file)] = {0.12, 0.05, 0.60, 0.15};
  auto& registry = t.likelihood[static_cast<std::size_t>(SignalKind::registry)];
  registry[static_cast<std::size_t>(RegistrySignal::dispute_before_onset)] = {0.060, 0.003, 0.002,
                                                                             0.003};
  registry[static_cast<std::size_t>(RegistrySignal::other_complaint)] = {0.020, 0.020, 0.030,
                                                                        0.010};
  registry[static_cast<std::size_t>(RegistrySignal::none)] = {0.920, 0.977, 0.968, 0.987};
  auto& range = t.likelihood[static_cast<std::size_t>(SignalKind::training_range)];
  range[static_cast<std::size_t>(TrainingRangeSignal::inside)] = {0.95, 0.93, 0.85, 0.75};
  range[static_cast<std::size_t>(TrainingRangeSignal::outside)] = {0.05, 0.07, 0.15, 0.25};
  return t;
}

/// A defaulter whose cause was established by an investigation: one row of a fitting sample.
struct InvestigatedCase {
  Signals signals;  ///< the signals as they were observed
  Cause cause = Cause::model_miss;  ///< the established cause (never `undetermined`)
};

/// Fits the tables from investigated cases by counting, with additive (Dirichlet) smoothing:
/// prior(c) = (n_c + a) / (n + 4a) and P(o | c) = (n_{o,c} + a) / (n_c,known + K a), where K is
/// the number of known states of the signal and unknown observations are not counted.
/// @param cases the investigated defaulters, each with its signals and established cause.
/// @param smoothing a > 0, the pseudo-count added to every cell (1 = Laplace).
/// @throws Error(invalid_argument) on an empty sample, a non-positive smoothing or a case
///   labelled `undetermined` (the message names its index).
inline EvidenceTables fit_evidence_tables(const std::vector<InvestigatedCase>& cases,
                                          double smoothing = 1.0) {
  if (cases.empty())
    throw Error(Status::invalid_argument, "fit_evidence_tables: no investigated cases");
  if (!(smoothing > 0.0) || !std::isfinite(smoothing))
    throw Error(Status::invalid_argument, "fit_evidence_tables: smoothing must be finite and > 0");
  EvidenceTables counts = EvidenceTables::zeros();
  CauseVector cause_counts{};
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const std::size_t c = static_cast<std::size_t>(cases[i].cause);
    if (c >= kCauseCount)
      throw Error(Status::invalid_argument, "fit_evidence_tables: case " + std::to_string(i) +
                                                " is labelled undetermined; only real causes fit");
    cause_counts[c] += 1.0;
    const auto states = cases[i].signals.state_indices();
    for (std::size_t s = 0; s < kSignalCount; ++s)
      if (states[s] != 0) counts.likelihood[s][states[s]][c] += 1.0;
  }
  EvidenceTables fitted = EvidenceTables::zeros();
  const double n = static_cast<double>(cases.size());
  for (std::size_t c = 0; c < kCauseCount; ++c)
    fitted.prior[c] = (cause_counts[c] + smoothing) / (n + static_cast<double>(kCauseCount) * smoothing);
  for (std::size_t s = 0; s < kSignalCount; ++s) {
    const double known_states = static_cast<double>(kSignalStateCounts[s] - 1);
    for (std::size_t c = 0; c < kCauseCount; ++c) {
      double known = 0.0;
      for (std::size_t state = 1; state < kSignalStateCounts[s]; ++state)
        known += counts.likelihood[s][state][c];
      for (std::size_t state = 1; state < kSignalStateCounts[s]; ++state)
        fitted.likelihood[s][state][c] =
            (counts.likelihood[s][state][c] + smoothing) / (known + known_states * smoothing);
    }
  }
  return fitted;
}

/// Which causes' shares adapt_prior_to_portfolio() re-estimates by default: the service
/// dispute's alone, the other causes keeping their ratios to one another. Why: the share of
/// payment strikes is the most lender-specific figure (it is what bad service produces, and what
/// the lender wants measured), while EM on every share chases the likelihoods' errors: with the
/// default tables on the simulated portfolios it drove fraud to 1-2% and model miss to 19%
/// (planted 5-7% and 28-30%) and halved their labels' F1 (docs/attribution.md).
inline constexpr std::array<bool, kCauseCount> kCausesAdaptedToPortfolio = {true, false, false,
                                                                            false};
/// Every cause's share re-estimated: the plain EM of Saerens et al.
inline constexpr std::array<bool, kCauseCount> kAllCausesAdapted = {true, true, true, true};

/// Re-estimates the prior of `tables` on an unlabelled portfolio, keeping the likelihoods
/// (EM for a shifted prior: Saerens, Latinne and Decaestecker, Neural Computation 14, 2002).
/// Each round sets prior(c) of every adapted cause to the mean posterior of c over `defaulters`;
/// the causes not adapted share the rest of the mean posterior in their original ratios (the EM
/// of the mixture whose non-adapted shares are tied together). No labels are used.
/// Each prior is kept >= 1e-6 (then renormalised) so the tables stay valid.
/// @param tables valid tables (their prior is the starting point).
/// @param defaulters the signals of the portfolio's defaulters; empty returns `tables`.
/// @param causes which causes' shares to re-estimate (kCausesAdaptedToPortfolio by default,
///   kAllCausesAdapted for every share); none returns `tables`.
/// @param max_iterations at most this many rounds (>= 1).
/// @param tolerance stop when no prior moves by more than this.
/// @throws Error(invalid_argument) on invalid tables or max_iterations < 1.
inline EvidenceTables adapt_prior_to_portfolio(
    const EvidenceTables& tables, const std::vector<Signals>& defaulters,
    const std::array<bool, kCauseCount>& causes = kCausesAdaptedToPortfolio,
    int max_iterations = 500, double tolerance = 1e-9) {
  tables.validate();
  if (max_iterations < 1)
    throw Error(Status::invalid_argument, "adapt_prior_to_portfolio: max_iterations must be >= 1");
  EvidenceTables adapted = tables;
  double fixed_total = 0.0;  // the original share of the causes that keep their ratios
  bool any_adapted = false;
  for (std::size_t c = 0; c < kCauseCount; ++c) {
    if (causes[c]) any_adapted = true;
    else fixed_total += tables.prior[c];
  }
  if (defaulters.empty() || !any_adapted) return adapted;
  for (int iteration = 0; iteration < max_iterations; ++iteration) {
    CauseVector mean{};
    for (const Signals& signals : defaulters) {
      const CauseVector p = adapted.posterior(signals);
      for (std::size_t c = 0; c < kCauseCount; ++c) mean[c] += p[c];
    }
    double fixed_mean = 0.0;
    for (std::size_t c = 0; c < kCauseCount; ++c) {
      mean[c] /= static_cast<double>(defaulters.size());
      if (!causes[c]) fixed_mean += mean[c];
    }
    CauseVector next{};
    double total = 0.0;
    for (std::size_t c = 0; c < kCauseCount; ++c) {
      next[c] = causes[c] ? mean[c] : fixed_mean * tables.prior[c] / fixed_total;
      next[c] = std::max(next[c], 1e-6);
      total += next[c];
    }
    double largest_move = 0.0;
    for (std::size_t c = 0; c < kCauseCount; ++c) {
      next[c] /= total;
      largest_move = std::max(largest_move, std::fabs(next[c] - adapted.prior[c]));
      adapted.prior[c] = next[c];
    }
    if (largest_move <= tolerance) break;
  }
  return adapted;
}

}  // namespace attribution

PAYSTRIKE_NAMESPACE_END
