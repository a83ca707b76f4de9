/// @file early_warning.hpp
/// @brief Early warning over time: a per-customer monitor that takes one billing cycle of
/// evidence at a time and updates the signals and the posterior without recomputing the
/// history, and a replay of a portfolio's cycles in order giving the first cycle each customer
/// is flagged and the lead time before the bad definition (docs/early_warning.md).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "paystrike/attribution/evidence_model.hpp"
#include "paystrike/attribution/simulator.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

namespace attribution {

/// The evidence of one customer that arrived during one billing cycle.
struct CycleEvidence {
  BillingCycle cycle;  ///< the cycle's amounts and status
  /// CRM: std::nullopt = no CRM data for this cycle; otherwise the complaints opened in this
  /// cycle (their opened_cycle must be this cycle's index; may be empty = checked, none). A
  /// complaint may arrive already resolved (resolved_cycle = this cycle) or unresolved and be
  /// resolved later through crm_resolved.
  std::optional<std::vector<CrmComplaint>> crm_opened;
  /// Earlier complaints resolved in this cycle, by their arrival index (0 = the customer's
  /// first complaint given to the monitor).
  std::vector<std::size_t> crm_resolved;
  std::optional<BureauSnapshot> bureau;  ///< a new bureau snapshot (replaces the last one)
  /// Registry: std::nullopt = not checked in this cycle; otherwise the complaints filed in
  /// this cycle (cycle = this index; may be empty = checked, none).
  std::optional<std::vector<RegistryComplaint>> registry_filed;
  std::optional<CollectionsInfo> collections;  ///< a new collections view (replaces the last)
};

/// One customer's evidence, updated one cycle at a time. Keeps only what the signals need
/// (running flags of the payment history, the complaints, the latest snapshots), so each update
/// and each attribution costs O(1) in the number of cycles (plus the customer's complaints).
/// After cycles 0..T-1 its signals equal derive_signals() on the account truncated to T cycles
/// with the evidence known by then (tested).
class CustomerMonitor {
 public:
  /// A monitor for one customer.
  /// @param id the customer's id, used in error messages.
  /// @param first_cycle_after_scoring cycles [0, this) were visible to the score model.
  /// @param outside_training_range the applicant lies outside the score model's range.
  CustomerMonitor(std::string id, std::size_t first_cycle_after_scoring,
                  bool outside_training_range = false)
      : id_(std::move(id)),
        first_after_(first_cycle_after_scoring),
        outside_range_(outside_training_range) {}

  /// Takes the next cycle's evidence. All of it is checked before anything changes, so a
  /// refused cycle leaves the monitor as it was.
  /// @throws Error(missing_value) on a NaN amount, status, utilisation or capacity;
  ///   Error(invalid_argument) on a negative or infinite amount, a complaint whose cycle is not
  ///   this cycle, a severity outside 1..3, a resolution of an unknown or already resolved
  ///   complaint, bad bureau counts. Messages name the customer and the cycle.
  void add_cycle(const CycleEvidence& evidence) {
    const std::size_t t = cycles_seen_;
    const std::string where = detail::account_label(id_) + ", cycle " + std::to_string(t);
    detail::check_amount(evidence.cycle.amount_due, id_, t, "amount_due");
    detail::check_amount(evidence.cycle.amount_paid, id_, t, "amount_paid");
    if (std::isnan(evidence.cycle.status))
      throw Error(Status::missing_value, where + ": status is NaN");
    if (!std::isfinite(evidence.cycle.status))
      throw Error(Status::invalid_argument, where + ": status is not finite");
    if (evidence.crm_opened)
      for (const CrmComplaint& complaint : *evidence.crm_opened) {
        if (complaint.opened_cycle != t)
          throw Error(Status::invalid_argument,
                      where + ": a CRM complaint opened at cycle " +
                          std::to_string(complaint.opened_cycle) + " given in this cycle");
        if (complaint.severity < 1 || complaint.severity > 3)
          throw Error(Status::invalid_argument, where + ": CRM severity must be in 1..3");
        if (complaint.resolved && complaint.resolved_cycle != t)
          throw Error(Status::invalid_argument,
                      where + ": a new CRM complaint can only be resolved in this cycle");
      }
    for (std::size_t k = 0; k < evidence.crm_resolved.size(); ++k) {
      const std::size_t index = evidence.crm_resolved[k];
      if (index >= complaints_.size() || complaints_[index].resolved ||
          std::count(evidence.crm_resolved.begin(), evidence.crm_resolved.begin() +
                                                        static_cast<std::ptrdiff_t>(k), index) > 0)
        throw Error(Status::invalid_argument,
                    where + ": cannot resolve CRM complaint " + std::to_string(index) +
                        " (unknown or already resolved)");
    }
    if (evidence.registry_filed)
      for (const RegistryComplaint& complaint : *evidence.registry_filed)
        if (complaint.cycle != t)
          throw Error(Status::invalid_argument,
                      where + ": a registry complaint filed at cycle " +
                          std::to_string(complaint.cycle) + " given in this cycle");
    if (evidence.bureau || evidence.collections) {  // reuse the batch checks on one cycle
      Account probe;
      probe.id = id_;
      probe.history.cycles.resize(1);
      ExternalEvidence external;
      external.bureau = evidence.bureau;
      external.collections = evidence.collections;
      validate_evidence(probe, external);
    }

    // Everything checked: update the state.
    const BillingCycle& cycle = evidence.cycle;
    ever_paid_ = ever_paid_ || cycle.amount_paid > 0.0;
    ever_due_ = ever_due_ || cycle.amount_due > 0.0;
    if (cycle.amount_paid > 0.0) positive_payments_.push_back(cycle.amount_paid);
    for (std::size_t index : evidence.crm_resolved) {
      complaints_[index].resolved = true;
      complaints_[index].resolved_cycle = t;
    }
    if (evidence.crm_opened) {
      crm_known_ = true;
      complaints_.insert(complaints_.end(), evidence.crm_opened->begin(), evidence.crm_opened->end());
    }
    if (evidence.registry_filed) {
      registry_known_ = true;
      registry_.insert(registry_.end(), evidence.registry_filed->begin(),
                       evidence.registry_filed->end());
    }
    if (evidence.bureau) bureau_ = evidence.bureau;
    if (evidence.collections) collections_ = evidence.collections;
    if (t < first_after_) {
      if (cycle.status >= 1.0) delinquent_before_scoring_ = true;
      paid_before_scoring_ = paid_before_scoring_ || cycle.amount_paid > 0.0;
    } else if (!first_delinquency_pattern_ && cycle.status >= 1.0) {
      // Rule 4 of behaviour_pattern(), decided once at the first delinquent cycle after scoring.
      if (!paid_before_scoring_) {
        first_delinquency_pattern_ = BehaviourPattern::inactive_then_delinquent;
      } else {
        const bool paid_nothing_on_a_bill = cycle.amount_due > 0.0 && cycle.amount_paid <= 0.0;
        const double step = cycle.status - (previous_status_ > 0.0 ? previous_status_ : 0.0);
        first_delinquency_pattern_ = paid_nothing_on_a_bill || step >= 2.0
                                         ? BehaviourPattern::abrupt_stop
                                         : BehaviourPattern::gradual_slide;
      }
    }
    if (!onset_ && cycle.status >= 1.0) onset_ = t;
    previous_status_ = cycle.status;
    ++cycles_seen_;
  }

  /// Number of cycles taken so far.
  std::size_t cycles_seen() const noexcept { return cycles_seen_; }
  /// The customer's id.
  const std::string& id() const noexcept { return id_; }

  /// The signals as of the last cycle taken (the same rules as derive_signals()).
  Signals signals() const {
    Signals signals;
    signals.onset_cycle = onset_ ? *onset_ : cycles_seen_;
    if (cycles_seen_ <= first_after_) signals.behaviour = BehaviourPattern::unknown;
    else if (!ever_paid_ && ever_due_) signals.behaviour = BehaviourPattern::never_paid;
    else if (delinquent_before_scoring_) signals.behaviour = BehaviourPattern::gradual_slide;
    else if (first_delinquency_pattern_) signals.behaviour = *first_delinquency_pattern_;
    else signals.behaviour = BehaviourPattern::no_pattern;
    if (crm_known_) signals.complaint = complaint_signal(complaints_, signals.onset_cycle);
    signals.bureau = bureau_signal(bureau_);
    if (registry_known_) signals.registry = registry_signal(registry_, signals.onset_cycle);
    signals.training_range =
        outside_range_ ? TrainingRangeSignal::outside : TrainingRangeSignal::inside;
    return signals;
  }

  /// The attribution as of the last cycle taken, with treatment and instalment.
  /// @throws Error(invalid_argument) if no cycle was taken yet.
  Attribution attribute(const EvidenceModel& model) const {
    if (cycles_seen_ == 0)
      throw Error(Status::invalid_argument,
                  detail::account_label(id_) + ": no billing cycle given to the monitor yet");
    Attribution result = model.attribute_signals(signals());
    PaymentHistory payments;  // the instalment only needs the positive payments
    payments.cycles.reserve(positive_payments_.size());
    for (double amount : positive_payments_) payments.cycles.push_back({0.0, amount, 0.0});
    result.instalment = suggested_instalment(payments, collections_);
    return result;
  }

 private:
  std::string id_;
  std::size_t first_after_ = 0;
  bool outside_range_ = false;
  std::size_t cycles_seen_ = 0;
  bool ever_paid_ = false, ever_due_ = false;
  bool delinquent_before_scoring_ = false, paid_before_scoring_ = false;
  double previous_status_ = 0.0;
  std::optional<BehaviourPattern> first_delinquency_pattern_;
  std::optional<std::size_t> onset_;
  bool crm_known_ = false, registry_known_ = false;
  std::vector<CrmComplaint> complaints_;
  std::vector<RegistryComplaint> registry_;
  std::optional<BureauSnapshot> bureau_;
  std::optional<CollectionsInfo> collections_;
  std::vector<double> positive_payments_;
};

/// Splits an account's batch evidence into the per-cycle evidence a monitor takes: complaints
/// arrive in the cycle they were opened or filed, resolutions in the cycle they happened, and
/// the bureau snapshot and collections view at cycle 0 (the batch records carry no date for
/// them). A source missing in `evidence` is missing in every cycle.
/// @throws Error as validate_account() and validate_evidence().
inline std::vector<CycleEvidence> split_into_cycles(const Account& account,
                                                    const ExternalEvidence& evidence) {
  validate_account(account);
  validate_evidence(account, evidence);
  const std::size_t n = account.history.cycles.size();
  std::vector<CycleEvidence> cycles(n);
  for (std::size_t t = 0; t < n; ++t) {
    cycles[t].cycle = account.history.cycles[t];
    if (evidence.crm_complaints) cycles[t].crm_opened.emplace();
    if (evidence.registry_complaints) cycles[t].registry_filed.emplace();
  }
  if (evidence.crm_complaints) {
    const auto& complaints = *evidence.crm_complaints;
    for (std::size_t k = 0; k < complaints.size(); ++k) {
      CrmComplaint arriving = complaints[k];
      if (arriving.resolved && arriving.resolved_cycle > arriving.opened_cycle) {
        arriving.resolved = false;
        if (complaints[k].resolved_cycle < n)
          cycles[complaints[k].resolved_cycle].crm_resolved.push_back(k);
      }
      cycles[arriving.opened_cycle].crm_opened->push_back(arriving);
    }
  }
  if (evidence.registry_complaints)
    for (const RegistryComplaint& complaint : *evidence.registry_complaints)
      cycles[complaint.cycle].registry_filed->push_back(complaint);
  if (n > 0) {
    cycles[0].bureau = evidence.bureau;
    cycles[0].collections = evidence.collections;
  }
  return cycles;
}

/// When a customer is flagged, and what counts as bad.
struct EarlyWarningRule {
  Cause cause = Cause::service_dispute;  ///< the cause watched for (a real cause)
  /// Flag when P(cause | evidence so far) >= this, at a cycle at or after the first cycle after
  /// scoring (monitoring starts at the scoring date).
  double min_posterior = 0.5;
  /// When a defaulter (Account::defaulted) without Account::bad_cycle reached the bad
  /// definition: the first cycle with status >= bad_status (3 = three cycles past due, about
  /// 90 days), else the cycle after its history. A non-defaulter never reaches it.
  double bad_status = 3.0;

  /// @throws Error(invalid_argument) for `undetermined` or a threshold outside [0, 1].
  void validate() const {
    if (static_cast<std::size_t>(cause) >= kCauseCount)
      throw Error(Status::invalid_argument, "early warning: the cause must be a real cause");
    if (!(min_posterior >= 0.0 && min_posterior <= 1.0))
      throw Error(Status::invalid_argument, "early warning: min_posterior must be in [0, 1]");
    if (std::isnan(bad_status))
      throw Error(Status::invalid_argument, "early warning: bad_status is NaN");
  }
};

/// One customer's early-warning result.
struct EarlyWarning {
  std::optional<std::size_t> flagged_cycle;  ///< first cycle flagged, if ever
  std::optional<std::size_t> bad_cycle;      ///< cycle the bad definition was reached, if ever
  /// bad_cycle - flagged_cycle, in cycles, when flagged strictly before the bad cycle.
  std::optional<std::size_t> lead_cycles;
  double posterior_at_flag = 0.0;  ///< P(rule.cause) at the flag (0 if never flagged)
};

/// The replay's summary.
struct EarlyWarningSummary {
  std::vector<EarlyWarning> customers;  ///< one per account, input order
  std::int64_t reached_bad = 0;         ///< accounts that reached the bad definition
  std::int64_t flagged_before_bad = 0;  ///< of those, flagged strictly before
  std::int64_t flagged_never_bad = 0;   ///< flagged, never bad (false alarms)
  std::int64_t never_bad = 0;           ///< accounts that never reached the bad definition
  /// Median lead time in cycles over the accounts flagged before bad (NaN if none).
  double median_lead_cycles = std::numeric_limits<double>::quiet_NaN();
  /// With a simulated portfolio: accounts whose planted cause is rule.cause ...
  std::int64_t planted = 0;
  /// ... of which flagged strictly before the bad definition ...
  std::int64_t planted_flagged_before_bad = 0;
  /// ... and the median lead time over those (NaN if none).
  double planted_median_lead_cycles = std::numeric_limits<double>::quiet_NaN();
};

namespace detail {
inline double median_of(std::vector<double> values) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  return values.size() % 2 == 1 ? values[middle] : 0.5 * (values[middle - 1] + values[middle]);
}
}  // namespace detail

/// Replays every account's cycles in order through a CustomerMonitor and records the first
/// cycle at which P(rule.cause) >= rule.min_posterior (from the first cycle after scoring on),
/// the cycle of the bad definition (Account::bad_cycle; else, for a defaulter, the first
/// status >= rule.bad_status or the cycle after its history) and the lead time between them.
/// @param model the evidence model (its tables give the posterior at each cycle).
/// @param accounts the accounts, histories in time order.
/// @param evidence their external evidence, same order.
/// @param rule when to flag and what counts as bad.
/// @param simulated optional: fills the planted-cause fields.
/// @throws Error(dimension_mismatch) if the sizes differ; Error as EvidenceModel::validate(),
///   EarlyWarningRule::validate() and split_into_cycles().
inline EarlyWarningSummary replay_early_warning(const EvidenceModel& model,
                                                const std::vector<Account>& accounts,
                                                const std::vector<ExternalEvidence>& evidence,
                                                const EarlyWarningRule& rule = EarlyWarningRule{},
                                                const SimulatedPortfolio* simulated = nullptr) {
  if (accounts.size() != evidence.size() ||
      (simulated && simulated->planted_cause.size() != accounts.size()))
    throw Error(Status::dimension_mismatch,
                "replay_early_warning: accounts, evidence and simulated portfolio differ in size");
  model.validate();
  rule.validate();
  const auto watched = static_cast<std::size_t>(rule.cause);
  EarlyWarningSummary summary;
  summary.customers.resize(accounts.size());
  std::vector<double> leads, planted_leads;
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    const Account& account = accounts[i];
    const std::vector<CycleEvidence> cycles = split_into_cycles(account, evidence[i]);
    CustomerMonitor monitor(account.id, account.history.first_cycle_after_scoring,
                            account.outside_training_range);
    EarlyWarning& result = summary.customers[i];
    if (account.defaulted) result.bad_cycle = account.bad_cycle;
    for (std::size_t t = 0; t < cycles.size(); ++t) {
      monitor.add_cycle(cycles[t]);
      if (account.defaulted && !result.bad_cycle && cycles[t].cycle.status >= rule.bad_status)
        result.bad_cycle = t;
      if (result.flagged_cycle || t < account.history.first_cycle_after_scoring) continue;
      const CauseVector p = model.tables.posterior(monitor.signals());
      if (p[watched] >= rule.min_posterior) {
        result.flagged_cycle = t;
        result.posterior_at_flag = p[watched];
      }
    }
    if (account.defaulted && !result.bad_cycle) result.bad_cycle = cycles.size();
    if (result.flagged_cycle && result.bad_cycle && *result.flagged_cycle < *result.bad_cycle)
      result.lead_cycles = *result.bad_cycle - *result.flagged_cycle;
    if (result.bad_cycle) ++summary.reached_bad;
    else ++summary.never_bad;
    if (result.flagged_cycle && !result.bad_cycle) ++summary.flagged_never_bad;
    if (result.lead_cycles) {
      ++summary.flagged_before_bad;
      leads.push_back(static_cast<double>(*result.lead_cycles));
    }
    if (simulated && simulated->planted_cause[i] && *simulated->planted_cause[i] == rule.cause) {
      ++summary.planted;
      if (result.lead_cycles) {
        ++summary.planted_flagged_before_bad;
        planted_leads.push_back(static_cast<double>(*result.lead_cycles));
      }
    }
  }
  summary.median_lead_cycles = detail::median_of(leads);
  summary.planted_median_lead_cycles = detail::median_of(planted_leads);
  return summary;
}

}  // namespace attribution

PAYSTRIKE_NAMESPACE_END
