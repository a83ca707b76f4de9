/// @file simulator.hpp
/// @brief The seeded evidence simulator: plants a cause on each real defaulter and overlays
/// CRM, bureau, registry and collections evidence on every account, with the ground truth and
/// the exact Bayes-ceiling posterior known.
///
/// Construction (docs/simulator.md has every assumption and default):
/// - the real, deterministic observables (behaviour pattern, training-range flag) are not
///   simulated. A defaulter's planted cause is drawn from
///   P(cause | pattern, range) proportional to prior(cause) * L(pattern | cause) * L(range | cause)
///   under the SIMULATOR's own tables, whose prior is calibrated on the given accounts so that
///   the expected planted shares equal SimulatorConfig::target_cause_shares;
/// - each external signal's state is drawn from the simulator's P(state | cause) (or from the
///   non-defaulter profile for goods), then rendered as concrete records whose details do not
///   depend on the cause given the state; missing sources are dropped independently of cause.
/// Hence P(cause | everything observable) is exactly the naive-Bayes posterior of the
/// simulator's tables on the derived signals: the Bayes ceiling.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

#include "paystrike/attribution/evidence_model.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

namespace attribution {

/// A random source that gives the same numbers on every standard library: std::mt19937_64's
/// output is fixed by the standard, and every draw is derived from its raw bits here
/// (std distributions are implementation-defined).
class PortableRandom {
 public:
  /// Seeds the engine.
  explicit PortableRandom(std::uint64_t seed) : engine_(seed) {}
  /// Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(engine_() >> 11) * (1.0 / 9007199254740992.0); }
  /// Uniform in [low, high).
  double uniform(double low, double high) { return low + (high - low) * uniform(); }
  /// True with probability p.
  bool bernoulli(double p) { return uniform() < p; }
  /// Uniform integer in [low, high] (high >= low).
  std::int64_t integer(std::int64_t low, std::int64_t high) {
    const double span = static_cast<double>(high - low + 1);
    std::int64_t value = low + static_cast<std::int64_t>(uniform() * span);
    return value > high ? high : value;
  }
  /// An index drawn with probability proportional to the non-negative weights.
  template <class Weights>
  std::size_t categorical(const Weights& weights) {
    double total = 0.0;
    for (double w : weights) total += w;
    double u = uniform() * total;
    std::size_t last_positive = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (weights[i] <= 0.0) continue;
      last_positive = i;
      if (u < weights[i]) return i;
      u -= weights[i];
    }
    return last_positive;
  }

 private:
  std::mt19937_64 engine_;
};

/// How often a group complains to the company (CRM), and about what.
struct ComplaintRates {
  double before_onset = 0.0;       ///< P(a complaint opened by the delinquency onset)
  double service_share = 0.0;      ///< of those, share of service-type categories
  double unresolved_share = 0.0;   ///< of service-type ones, share still open at onset
  double collections_or_after_onset = 0.0;  ///< P(only a collections / after-onset complaint)
};

/// Shares of the bureau states for a group (they must sum to 1).
struct BureauShares {
  double current_elsewhere = 0.0;      ///< paying other lenders
  double current_but_stretched = 0.0;  ///< current but high utilisation or many enquiries
  double delinquent_elsewhere = 0.0;   ///< delinquent with another lender
  double thin_file = 0.0;              ///< at most one line elsewhere
};

/// How often a group files a registry complaint.
struct RegistryRates {
  double present = 0.0;        ///< P(any registry complaint)
  double related_share = 0.0;  ///< of those, share that is a billing/service dispute by onset
};

/// The evidence profile of a group (a cause, or the non-defaulters).
struct EvidenceProfile {
  ComplaintRates complaint;  ///< CRM
  BureauShares bureau;       ///< bureau states when a snapshot exists
  RegistryRates registry;    ///< government registry
};

/// Every tunable rate of the simulator, with realistic defaults (docs/simulator.md).
struct SimulatorConfig {
  /// Expected shares of the planted causes among defaulters.
  CauseVector target_cause_shares = {0.15, 0.50, 0.05, 0.30};
  /// P(behaviour pattern | cause), states abrupt_stop, gradual_slide, never_paid,
  /// inactive_then_delinquent, no_pattern; one row per cause.
  std::array<std::array<double, 5>, kCauseCount> behaviour_given_cause = {{
      {0.45, 0.20, 0.02, 0.08, 0.25},  // service dispute: abrupt stops dominate
      {0.15, 0.50, 0.02, 0.06, 0.27},  // distress: slides
      {0.08, 0.12, 0.40, 0.30, 0.10},  // first-payment default / fraud: never paid, inactive
      {0.18, 0.30, 0.02, 0.05, 0.45},  // model miss: no warning in the history
  }};
  /// P(outside the training range | cause).
  CauseVector outside_range_given_cause = {0.04, 0.08, 0.15, 0.22};
  /// Evidence profiles per cause.
  std::array<EvidenceProfile, kCauseCount> cause_profiles = {{
      // service dispute: half never complain to the company; most complaints service-type
      // and unresolved; current elsewhere; the likeliest to go to the registry.
      {{0.50, 0.85, 0.75, 0.10}, {0.62, 0.14, 0.12, 0.12}, {0.10, 0.70}},
      // financial distress: complain too, mostly about collections after arrears began.
      {{0.06, 0.40, 0.50, 0.25}, {0.18, 0.27, 0.48, 0.07}, {0.03, 0.15}},
      // first-payment default / fraud: silent, thin files.
      {{0.03, 0.30, 0.50, 0.05}, {0.20, 0.10, 0.15, 0.55}, {0.04, 0.10}},
      // model miss: background behaviour of ordinary customers.
      {{0.06, 0.50, 0.50, 0.08}, {0.48, 0.22, 0.16, 0.14}, {0.015, 0.20}},
  }};
  /// Evidence profile of the non-defaulters (background complaints and bureau mix).
  EvidenceProfile good_profile = {{0.05, 0.60, 0.40, 0.01},
                                  {0.68, 0.14, 0.05, 0.13},
                                  {0.008, 0.40}};
  double crm_missing_rate = 0.10;         ///< accounts with no CRM data at all
  double bureau_missing_rate = 0.40;      ///< accounts with no bureau snapshot
  double registry_unchecked_rate = 0.20;  ///< accounts not matched against the registry
  double collections_known_rate = 0.60;   ///< accounts with a collections-model capacity

  /// @throws Error(invalid_argument) naming the first rate outside [0, 1] or a distribution
  ///   that does not sum to 1.
  void validate() const {
    auto check = [](double value, const char* what) {
      if (!(value >= 0.0 && value <= 1.0))
        throw Error(Status::invalid_argument,
                    std::string("simulator config: ") + what + " must be in [0, 1]");
    };
    auto check_sum = [](double sum, const char* what) {
      if (std::fabs(sum - 1.0) > 1e-6)
        throw Error(Status::invalid_argument,
                    std::string("simulator config: ") + what + " must sum to 1");
    };
    double shares = 0.0;
    for (std::size_t c = 0; c < kCauseCount; ++c) {
      if (!(target_cause_shares[c] > 0.0 && target_cause_shares[c] < 1.0))
        throw Error(Status::invalid_argument,
                    "simulator config: target_cause_shares must be in (0, 1)");
      shares += target_cause_shares[c];
      double behaviour_sum = 0.0;
      for (double p : behaviour_given_cause[c]) {
        if (!(p > 0.0 && p <= 1.0))
          throw Error(Status::invalid_argument,
                      "simulator config: behaviour_given_cause must be in (0, 1]");
        behaviour_sum += p;
      }
      check_sum(behaviour_sum, "behaviour_given_cause row");
      if (!(outside_range_given_cause[c] > 0.0 && outside_range_given_cause[c] < 1.0))
        throw Error(Status::invalid_argument,
                    "simulator config: outside_range_given_cause must be in (0, 1)");
    }
    check_sum(shares, "target_cause_shares");
    for (std::size_t g = 0; g <= kCauseCount; ++g) {
      const EvidenceProfile& p = g < kCauseCount ? cause_profiles[g] : good_profile;
      check(p.complaint.before_onset, "complaint.before_onset");
      check(p.complaint.service_share, "complaint.service_share");
      check(p.complaint.unresolved_share, "complaint.unresolved_share");
      check(p.complaint.collections_or_after_onset, "complaint.collections_or_after_onset");
      check(p.complaint.before_onset + p.complaint.collections_or_after_onset,
            "complaint.before_onset + collections_or_after_onset");
      check(p.registry.present, "registry.present");
      check(p.registry.related_share, "registry.related_share");
      check_sum(p.bureau.current_elsewhere + p.bureau.current_but_stretched +
                    p.bureau.delinquent_elsewhere + p.bureau.thin_file,
                "bureau shares");
    }
    check(crm_missing_rate, "crm_missing_rate");
    check(bureau_missing_rate, "bureau_missing_rate");
    check(registry_unchecked_rate, "registry_unchecked_rate");
    check(collections_known_rate, "collections_known_rate");
  }
};

/// The documented misspecified portfolio (docs/simulator.md): rates that differ from both the
/// default SimulatorConfig and the evidence model's default tables, to judge a model on a
/// portfolio it was not built for. More strikes among defaulters (0.25), quieter strikers
/// (35% complain by onset instead of 50%), more complaints among the distressed and model
/// misses, a weaker bureau contrast, and more missing data (CRM 20%, bureau 55%, registry 35%).
inline SimulatorConfig misspecified_simulator_config() {
  SimulatorConfig c;
  c.target_cause_shares = {0.25, 0.40, 0.07, 0.28};
  c.behaviour_given_cause[0] = {0.35, 0.25, 0.03, 0.07, 0.30};
  c.cause_profiles[0].complaint = {0.35, 0.75, 0.65, 0.15};
  c.cause_profiles[0].bureau = {0.55, 0.18, 0.15, 0.12};
  c.cause_profiles[0].registry = {0.06, 0.60};
  c.cause_profiles[1].complaint = {0.10, 0.45, 0.50, 0.30};
  c.cause_profiles[1].bureau = {0.25, 0.30, 0.38, 0.07};
  c.cause_profiles[3].complaint = {0.08, 0.50, 0.50, 0.10};
  c.crm_missing_rate = 0.20;
  c.bureau_missing_rate = 0.55;
  c.registry_unchecked_rate = 0.35;
  return c;
}

namespace detail {

/// P(complaint state | profile), indexed by ComplaintSignal (0 = unknown, left 0).
inline std::array<double, 6> complaint_distribution(const ComplaintRates& r) {
  std::array<double, 6> d{};
  d[1] = r.before_onset * r.service_share * r.unresolved_share;
  d[2] = r.before_onset * r.service_share * (1.0 - r.unresolved_share);
  d[3] = r.before_onset * (1.0 - r.service_share);
  d[4] = r.collections_or_after_onset;
  d[5] = 1.0 - r.before_onset - r.collections_or_after_onset;
  return d;
}
/// P(bureau state | profile), indexed by BureauSignal.
inline std::array<double, 5> bureau_distribution(const BureauShares& b) {
  return {0.0, b.current_elsewhere, b.current_but_stretched, b.delinquent_elsewhere, b.thin_file};
}
/// P(registry state | profile), indexed by RegistrySignal.
inline std::array<double, 4> registry_distribution(const RegistryRates& r) {
  return {0.0, r.present * r.related_share, r.present * (1.0 - r.related_share), 1.0 - r.present};
}
/// Keeps table entries strictly positive so logs stay finite (a zero rate becomes 1e-9).
inline double floor_probability(double p) { return p > 1e-9 ? p : 1e-9; }

}  // namespace detail

/// The simulator's own tables with the given prior: its ground truth, used to plant causes and
/// to compute the Bayes ceiling. Zero rates are floored at 1e-9 (and renormalised) so that
/// every likelihood is positive.
inline EvidenceTables simulator_truth_tables(const SimulatorConfig& config, const CauseVector& prior) {
  EvidenceTables t = EvidenceTables::zeros();
  t.prior = prior;
  for (std::size_t c = 0; c < kCauseCount; ++c) {
    const auto fill = [&](std::size_t signal, const auto& distribution) {
      double total = 0.0;
      for (std::size_t state = 1; state < kSignalStateCounts[signal]; ++state)
        total += detail::floor_probability(distribution[state]);
      for (std::size_t state = 1; state < kSignalStateCounts[signal]; ++state)
        t.likelihood[signal][state][c] = detail::floor_probability(distribution[state]) / total;
    };
    std::array<double, 6> behaviour{};
    for (std::size_t k = 0; k < 5; ++k) behaviour[k + 1] = config.behaviour_given_cause[c][k];
    fill(static_cast<std::size_t>(SignalKind::behaviour), behaviour);
    fill(static_cast<std::size_t>(SignalKind::complaint),
         detail::complaint_distribution(config.cause_profiles[c].complaint));
    fill(static_cast<std::size_t>(SignalKind::bureau),
         detail::bureau_distribution(config.cause_profiles[c].bureau));
    fill(static_cast<std::size_t>(SignalKind::registry),
         detail::registry_distribution(config.cause_profiles[c].registry));
    const std::array<double, 3> range = {0.0, 1.0 - config.outside_range_given_cause[c],
                                         config.outside_range_given_cause[c]};
    fill(static_cast<std::size_t>(SignalKind::training_range), range);
  }
  return t;
}

/// A simulated portfolio: the overlaid evidence, the planted truth and the ceiling.
struct SimulatedPortfolio {
  std::vector<ExternalEvidence> evidence;  ///< one per account, same order
  /// The planted cause of each defaulter; std::nullopt for non-defaulters.
  std::vector<std::optional<Cause>> planted_cause;
  /// The exact P(cause | all observable evidence) per account (meaningful for defaulters).
  std::vector<CauseVector> ceiling_posterior;
  EvidenceTables truth;  ///< the simulator's tables, prior calibrated on these accounts

  /// The Bayes ceiling for any account and evidence under this portfolio's truth.
  /// @throws Error as derive_signals().
  CauseVector ceiling_posterior_of(const Account& account, const ExternalEvidence& evidence_of_account) const {
    return truth.posterior(derive_signals(account, evidence_of_account));
  }
};

namespace detail {

inline std::size_t before_onset_window_end(std::size_t onset, std::size_t cycles) {
  return onset < cycles ? onset : cycles - 1;
}

inline CrmComplaint render_complaint(ComplaintSignal state, std::size_t onset, std::size_t cycles,
                                     PortableRandom& random) {
  CrmComplaint complaint;
  complaint.severity = static_cast<int>(random.integer(1, 3));
  const std::size_t window_end = before_onset_window_end(onset, cycles);
  const std::size_t window_start = window_end >= 2 ? window_end - 2 : 0;
  const auto in_window = [&]() {
    return static_cast<std::size_t>(random.integer(static_cast<std::int64_t>(window_start),
                                                   static_cast<std::int64_t>(window_end)));
  };
  // post-sale service, product defect, billing dispute, delivery
  const std::array<double, 4> service_weights = {0.35, 0.25, 0.25, 0.15};
  const std::array<ComplaintCategory, 4> service_categories = {
      ComplaintCategory::post_sale_service, ComplaintCategory::product_defect,
      ComplaintCategory::billing_dispute, ComplaintCategory::delivery};
  switch (state) {
    case ComplaintSignal::service_unresolved_before_onset:
      complaint.category = service_categories[random.categorical(service_weights)];
      complaint.opened_cycle = in_window();
      complaint.resolved = onset + 1 < cycles && random.bernoulli(0.3);
      if (complaint.resolved)
        complaint.resolved_cycle = static_cast<std::size_t>(
            random.integer(static_cast<std::int64_t>(onset + 1), static_cast<std::int64_t>(cycles - 1)));
      break;
    case ComplaintSignal::service_resolved_before_onset:
      complaint.category = service_categories[random.categorical(service_weights)];
      complaint.opened_cycle = in_window();
      complaint.resolved = true;
      complaint.resolved_cycle = static_cast<std::size_t>(random.integer(
          static_cast<std::int64_t>(complaint.opened_cycle), static_cast<std::int64_t>(window_end)));
      break;
    case ComplaintSignal::other_before_onset:
      complaint.category = ComplaintCategory::other;
      complaint.opened_cycle = in_window();
      complaint.resolved = random.bernoulli(0.5);
      complaint.resolved_cycle = complaint.opened_cycle;
      break;
    default:  // collections_or_after_onset
      if (onset + 1 < cycles && random.bernoulli(0.5)) {
        // a service-type complaint raised only once arrears began
        complaint.category = service_categories[random.categorical(service_weights)];
        complaint.opened_cycle = static_cast<std::size_t>(
            random.integer(static_cast<std::int64_t>(onset + 1), static_cast<std::int64_t>(cycles - 1)));
      } else {
        complaint.category = ComplaintCategory::collections_conduct;
        complaint.opened_cycle = static_cast<std::size_t>(
            random.integer(static_cast<std::int64_t>(window_end), static_cast<std::int64_t>(cycles - 1)));
      }
      complaint.resolved = random.bernoulli(0.4);
      complaint.resolved_cycle = complaint.opened_cycle;
      break;
  }
  return complaint;
}

inline BureauSnapshot render_bureau(BureauSignal state, PortableRandom& random) {
  BureauSnapshot bureau;
  switch (state) {
    case BureauSignal::current_elsewhere:
      bureau.open_trade_lines = static_cast<int>(random.integer(2, 8));
      bureau.worst_status = random.bernoulli(0.5) ? -1.0 : 0.0;
      bureau.utilisation = random.uniform(0.05, 0.80);
      bureau.new_enquiries = static_cast<int>(random.integer(0, 2));
      break;
    case BureauSignal::current_but_stretched:
      bureau.open_trade_lines = static_cast<int>(random.integer(2, 8));
      if (random.bernoulli(0.5)) {
        bureau.utilisation = random.uniform(0.85, 1.2);
        bureau.new_enquiries = static_cast<int>(random.integer(0, 5));
      } else {
        bureau.utilisation = random.uniform(0.3, 0.84);
        bureau.new_enquiries = static_cast<int>(random.integer(3, 6));
      }
      break;
    case BureauSignal::delinquent_elsewhere:
      bureau.open_trade_lines = static_cast<int>(random.integer(1, 8));
      bureau.delinquent_trade_lines =
          static_cast<int>(random.integer(1, bureau.open_trade_lines < 3 ? bureau.open_trade_lines : 3));
      bureau.worst_status = static_cast<double>(random.integer(1, 4));
      bureau.utilisation = random.uniform(0.5, 1.3);
      bureau.new_enquiries = static_cast<int>(random.integer(0, 6));
      break;
    default:  // thin_file
      bureau.open_trade_lines = static_cast<int>(random.integer(0, 1));
      bureau.worst_status = -2.0;
      bureau.utilisation = bureau.open_trade_lines == 0 ? 0.0 : random.uniform(0.0, 1.0);
      bureau.new_enquiries = static_cast<int>(random.integer(0, 2));
      break;
  }
  return bureau;
}

inline RegistryComplaint render_registry(RegistrySignal state, std::size_t onset, std::size_t cycles,
                                         PortableRandom& random) {
  RegistryComplaint complaint;
  // Company responses and timeliness: shares in /work/shared/data/cfpb_complaints_sample.csv,
  // Credit card + Debt collection rows (964): explanation 709, non-monetary relief 125,
  // monetary relief 89, closed 22, untimely 18, in progress 1; timely 909 of 964.
  const std::array<double, 6> responses = {709, 125, 89, 22, 18, 1};
  complaint.response = static_cast<CompanyResponse>(random.categorical(responses));
  complaint.timely = random.bernoulli(909.0 / 964.0);
  // Issues of the 339 credit-card rows: billing-type 124, service/product 120, fraud 41,
  // other 40, delinquent account (collections) 14.
  const std::array<double, 2> dispute_issues = {124, 120};
  const std::array<RegistryIssue, 2> dispute_kinds = {RegistryIssue::billing_dispute,
                                                      RegistryIssue::service_or_product};
  const std::size_t window_end = before_onset_window_end(onset, cycles);
  if (state == RegistrySignal::dispute_before_onset) {
    complaint.issue = dispute_kinds[random.categorical(dispute_issues)];
    complaint.cycle = static_cast<std::size_t>(random.integer(0, static_cast<std::int64_t>(window_end)));
  } else if (onset + 1 < cycles && random.bernoulli(0.3)) {
    // a dispute filed only after the arrears began: unrelated to the cause of the stop
    complaint.issue = dispute_kinds[random.categorical(dispute_issues)];
    complaint.cycle = static_cast<std::size_t>(
        random.integer(static_cast<std::int64_t>(onset + 1), static_cast<std::int64_t>(cycles - 1)));
  } else {
    const std::array<double, 3> other_issues = {41, 14, 40};
    const std::array<RegistryIssue, 3> other_kinds = {RegistryIssue::fraud_or_identity,
                                                      RegistryIssue::collections_practice,
                                                      RegistryIssue::other};
    complaint.issue = other_kinds[random.categorical(other_issues)];
    complaint.cycle = static_cast<std::size_t>(random.integer(0, static_cast<std::int64_t>(cycles - 1)));
  }
  return complaint;
}

inline double median_positive_payment(const PaymentHistory& history) {
  std::vector<double> positive;
  for (const BillingCycle& cycle : history.cycles)
    if (cycle.amount_paid > 0.0) positive.push_back(cycle.amount_paid);
  if (positive.empty()) return 0.0;
  std::sort(positive.begin(), positive.end());
  return positive[positive.size() / 2];
}

/// P(cause | pattern, range) under the tables, for the real observables only.
inline CauseVector observable_posterior(const EvidenceTables& tables, BehaviourPattern pattern,
                                        bool outside_range) {
  Signals signals;
  signals.behaviour = pattern;
  signals.training_range = outside_range ? TrainingRangeSignal::outside : TrainingRangeSignal::inside;
  return tables.posterior(signals);
}

}  // namespace detail

/// Simulates the evidence of a portfolio of real accounts.
/// @param accounts the real accounts (histories, defaulted and outside-range flags).
/// @param seed the same seed and inputs give the same portfolio on every platform.
/// @param config the rates; SimulatorConfig{} holds the documented realistic defaults.
/// @throws Error(invalid_argument) on a bad config or when no account defaulted; Error as
///   validate_account() on a bad account (naming it).
inline SimulatedPortfolio simulate_portfolio(const std::vector<Account>& accounts, std::uint64_t seed,
                                             const SimulatorConfig& config = SimulatorConfig{}) {
  config.validate();
  // The real observables of every defaulter, grouped: only 6 patterns x 2 range flags exist.
  std::vector<BehaviourPattern> patterns(accounts.size());
  std::array<std::array<double, 2>, 6> group_counts{};
  std::size_t defaulters = 0;
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    validate_account(accounts[i]);
    patterns[i] = behaviour_pattern(accounts[i].history);
    if (accounts[i].defaulted) {
      group_counts[static_cast<std::size_t>(patterns[i])][accounts[i].outside_training_range ? 1 : 0] += 1.0;
      ++defaulters;
    }
  }
  if (defaulters == 0)
    throw Error(Status::invalid_argument, "simulate_portfolio: no defaulter to plant a cause on");
  // Calibrate the prior so that the mean planted-cause posterior equals the target shares
  // (iterative proportional fitting; converges when the target is attainable).
  CauseVector prior = config.target_cause_shares;
  EvidenceTables truth = simulator_truth_tables(config, prior);
  for (int iteration = 0; iteration < 200; ++iteration) {
    CauseVector mean{};
    for (std::size_t p = 0; p < 6; ++p)
      for (std::size_t r = 0; r < 2; ++r) {
        if (group_counts[p][r] == 0.0) continue;
        const CauseVector post =
            detail::observable_posterior(truth, static_cast<BehaviourPattern>(p), r == 1);
        for (std::size_t c = 0; c < kCauseCount; ++c) mean[c] += group_counts[p][r] * post[c];
      }
    double total = 0.0;
    for (std::size_t c = 0; c < kCauseCount; ++c) {
      mean[c] /= static_cast<double>(defaulters);
      prior[c] *= config.target_cause_shares[c] / mean[c];
      total += prior[c];
    }
    for (double& p : prior) p /= total;
    truth.prior = prior;
  }

  PortableRandom random(seed);
  SimulatedPortfolio portfolio;
  portfolio.truth = truth;
  portfolio.evidence.resize(accounts.size());
  portfolio.planted_cause.assign(accounts.size(), std::nullopt);
  portfolio.ceiling_posterior.resize(accounts.size());
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    const Account& account = accounts[i];
    const std::size_t cycles = account.history.cycles.size();
    const std::size_t onset = delinquency_onset_cycle(account.history);
    const EvidenceProfile* profile = &config.good_profile;
    if (account.defaulted) {
      const CauseVector post =
          detail::observable_posterior(truth, patterns[i], account.outside_training_range);
      const Cause cause = static_cast<Cause>(random.categorical(post));
      portfolio.planted_cause[i] = cause;
      profile = &config.cause_profiles[static_cast<std::size_t>(cause)];
    }
    ExternalEvidence& evidence = portfolio.evidence[i];
    if (!random.bernoulli(config.crm_missing_rate)) {
      evidence.crm_complaints.emplace();
      const auto state = static_cast<ComplaintSignal>(
          random.categorical(detail::complaint_distribution(profile->complaint)));
      if (state != ComplaintSignal::none)
        evidence.crm_complaints->push_back(detail::render_complaint(state, onset, cycles, random));
    }
    if (!random.bernoulli(config.bureau_missing_rate)) {
      const auto state = static_cast<BureauSignal>(
          random.categorical(detail::bureau_distribution(profile->bureau)));
      evidence.bureau = detail::render_bureau(state, random);
    }
    if (!random.bernoulli(config.registry_unchecked_rate)) {
      evidence.registry_complaints.emplace();
      const auto state = static_cast<RegistrySignal>(
          random.categorical(detail::registry_distribution(profile->registry)));
      if (state != RegistrySignal::none)
        evidence.registry_complaints->push_back(detail::render_registry(state, onset, cycles, random));
    }
    if (random.bernoulli(config.collections_known_rate)) {
      CollectionsInfo collections;
      const bool distressed = portfolio.planted_cause[i] == Cause::financial_distress;
      collections.segment = account.defaulted ? (distressed ? 3 : 2) : 1;
      const double base = detail::median_positive_payment(account.history);
      const double multiplier = distressed ? random.uniform(0.3, 0.8) : random.uniform(0.8, 1.5);
      collections.payment_capacity_per_cycle =
          base > 0.0 ? base * multiplier : random.uniform(500.0, 3000.0);
      evidence.collections = collections;
    }
    portfolio.ceiling_posterior[i] = portfolio.ceiling_posterior_of(account, evidence);
  }
  return portfolio;
}

/// A sample of investigated cases from a simulated portfolio: `count` defaulters drawn without
/// replacement (seeded, PortableRandom), each with its signals and planted cause, as an
/// investigation team would establish them. Fewer defaulters than `count` gives them all.
/// @throws Error(dimension_mismatch) if the portfolio does not match the accounts; Error as
///   derive_signals().
inline std::vector<InvestigatedCase> sample_investigated_cases(const std::vector<Account>& accounts,
                                                               const SimulatedPortfolio& simulated,
                                                               std::size_t count,
                                                               std::uint64_t seed) {
  if (simulated.evidence.size() != accounts.size() ||
      simulated.planted_cause.size() != accounts.size())
    throw Error(Status::dimension_mismatch,
                "sample_investigated_cases: the simulated portfolio does not match the accounts");
  std::vector<std::size_t> defaulters;
  for (std::size_t i = 0; i < accounts.size(); ++i)
    if (accounts[i].defaulted && simulated.planted_cause[i]) defaulters.push_back(i);
  PortableRandom random(seed);
  const std::size_t take = count < defaulters.size() ? count : defaulters.size();
  std::vector<InvestigatedCase> cases;
  cases.reserve(take);
  for (std::size_t k = 0; k < take; ++k) {  // partial Fisher-Yates
    const auto j = static_cast<std::size_t>(random.integer(
        static_cast<std::int64_t>(k), static_cast<std::int64_t>(defaulters.size() - 1)));
    std::swap(defaulters[k], defaulters[j]);
    const std::size_t i = defaulters[k];
    cases.push_back({derive_signals(accounts[i], simulated.evidence[i]), *simulated.planted_cause[i]});
  }
  return cases;
}

}  // namespace attribution

PAYSTRIKE_NAMESPACE_END
