/// @file signals.hpp
/// @brief The causes of a default and the small categorical signals derived from the evidence.
///
/// Every signal has an explicit `unknown` state (index 0) meaning "the source has no data";
/// an unknown signal contributes nothing to the attribution. The rules are in
/// docs/attribution.md, with the counts they give on the real Taiwan defaulters.
#pragma once

#include <array>
#include <cstddef>

#include "paystrike/attribution/evidence.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

namespace attribution {

/// Why a customer defaulted. The first kCauseCount values are real causes with a
/// probability each; `undetermined` is only a label, for when the evidence is too thin.
enum class Cause {
  service_dispute = 0,     ///< payment strike after being wronged by the company
  financial_distress = 1,  ///< cannot pay
  first_payment_default_or_fraud = 2,  ///< never meant to pay, or not the real customer
  model_miss = 3,          ///< none of the above: the score model was simply wrong
  undetermined = 4         ///< label only: the top posterior is below the threshold
};

/// Number of real causes (excluding `undetermined`).
constexpr std::size_t kCauseCount = 4;

/// A value per real cause, indexed by static_cast<std::size_t>(Cause).
using CauseVector = std::array<double, kCauseCount>;

/// A short, stable name for a cause, e.g. "service_dispute".
inline const char* cause_name(Cause cause) noexcept {
  switch (cause) {
    case Cause::service_dispute: return "service_dispute";
    case Cause::financial_distress: return "financial_distress";
    case Cause::first_payment_default_or_fraud: return "first_payment_default_or_fraud";
    case Cause::model_miss: return "model_miss";
    case Cause::undetermined: return "undetermined";
  }
  return "unknown_cause";
}

/// The shape of the payment history after scoring.
enum class BehaviourPattern {
  unknown = 0,        ///< no cycle after scoring: nothing to see yet
  abrupt_stop = 1,    ///< clean, paying history, then a sudden stop (paid nothing, or 2+ steps)
  gradual_slide = 2,  ///< already in arrears before scoring, or a one-step-at-a-time slide
  never_paid = 3,     ///< never paid anything although billed
  inactive_then_delinquent = 4,  ///< no payment before scoring, then delinquent
  no_pattern = 5      ///< not delinquent anywhere in the history
};

/// CRM complaints relative to the onset of delinquency (the first cycle with status >= 1).
enum class ComplaintSignal {
  unknown = 0,                          ///< no CRM data for this account
  service_unresolved_before_onset = 1,  ///< service-type complaint, still open at onset
  service_resolved_before_onset = 2,    ///< service-type complaint, resolved by onset
  other_before_onset = 3,               ///< a complaint of category `other` by onset
  collections_or_after_onset = 4,       ///< about collections conduct, or opened after onset
  none = 5                              ///< CRM checked, no complaint
};

/// The customer's conduct with other lenders.
enum class BureauSignal {
  unknown = 0,                ///< no bureau snapshot
  current_elsewhere = 1,      ///< paying other lenders, not stretched: can pay
  current_but_stretched = 2,  ///< current elsewhere but utilisation >= 0.85 or 3+ enquiries
  delinquent_elsewhere = 3,   ///< a delinquent line elsewhere: cannot pay
  thin_file = 4               ///< at most one line elsewhere, none delinquent
};

/// Complaints filed with a government registry.
enum class RegistrySignal {
  unknown = 0,               ///< registry not checked for this account
  dispute_before_onset = 1,  ///< a billing or service complaint filed by the onset cycle
  other_complaint = 2,       ///< any other registry complaint (fraud, collections, later)
  none = 3                   ///< checked, no complaint
};

/// Whether the applicant lies outside the score model's training range.
enum class TrainingRangeSignal {
  unknown = 0,  ///< not assessed
  inside = 1,   ///< within the range the model was trained on
  outside = 2   ///< outside it: the model extrapolated
};

/// Which signal, as an index into per-signal tables.
enum class SignalKind { behaviour = 0, complaint = 1, bureau = 2, registry = 3, training_range = 4 };

/// Number of signals.
constexpr std::size_t kSignalCount = 5;

/// Number of states of each signal, `unknown` (index 0) included.
constexpr std::array<std::size_t, kSignalCount> kSignalStateCounts = {6, 6, 5, 4, 3};

/// A short, stable name for a signal, e.g. "behaviour".
inline const char* signal_name(SignalKind kind) noexcept {
  switch (kind) {
    case SignalKind::behaviour: return "behaviour";
    case SignalKind::complaint: return "complaint";
    case SignalKind::bureau: return "bureau";
    case SignalKind::registry: return "registry";
    case SignalKind::training_range: return "training_range";
  }
  return "unknown_signal";
}

/// A short, stable name for a state of a signal, e.g. ("behaviour", 1) -> "abrupt_stop";
/// state 0 is "unknown" for every signal; "unknown_state" for a state the signal lacks.
inline const char* signal_state_name(SignalKind kind, std::size_t state) noexcept {
  static constexpr const char* behaviour[] = {"unknown",       "abrupt_stop",
                                              "gradual_slide", "never_paid",
                                              "inactive_then_delinquent", "no_pattern"};
  static constexpr const char* complaint[] = {"unknown",
                                              "service_unresolved_before_onset",
                                              "service_resolved_before_onset",
                                              "other_before_onset",
                                              "collections_or_after_onset",
                                              "none"};
  static constexpr const char* bureau[] = {"unknown", "current_elsewhere", "current_but_stretched",
                                           "delinquent_elsewhere", "thin_file"};
  static constexpr const char* registry[] = {"unknown", "dispute_before_onset", "other_complaint",
                                             "none"};
  static constexpr const char* training_range[] = {"unknown", "inside", "outside"};
  static constexpr const char* const* names[] = {behaviour, complaint, bureau, registry,
                                                 training_range};
  const auto k = static_cast<std::size_t>(kind);
  if (k >= kSignalCount || state >= kSignalStateCounts[k]) return "unknown_state";
  return names[k][state];
}

/// The derived signals of one account.
struct Signals {
  BehaviourPattern behaviour = BehaviourPattern::unknown;          ///< payment-history shape
  ComplaintSignal complaint = ComplaintSignal::unknown;            ///< CRM complaints
  BureauSignal bureau = BureauSignal::unknown;                     ///< other lenders
  RegistrySignal registry = RegistrySignal::unknown;               ///< government registry
  TrainingRangeSignal training_range = TrainingRangeSignal::unknown;  ///< model's range
  /// First cycle with status >= 1, or the history length if never delinquent.
  std::size_t onset_cycle = 0;

  /// The state index of every signal, in SignalKind order (0 = unknown).
  std::array<std::size_t, kSignalCount> state_indices() const noexcept {
    return {static_cast<std::size_t>(behaviour), static_cast<std::size_t>(complaint),
            static_cast<std::size_t>(bureau), static_cast<std::size_t>(registry),
            static_cast<std::size_t>(training_range)};
  }
};

/// The first cycle with status >= 1, or cycles.size() if the account was never delinquent.
inline std::size_t delinquency_onset_cycle(const PaymentHistory& history) noexcept {
  for (std::size_t t = 0; t < history.cycles.size(); ++t)
    if (history.cycles[t].status >= 1.0) return t;
  return history.cycles.size();
}

/// The behaviour pattern of a (validated) history. Rules, in order:
/// 1. no cycle after scoring -> unknown;
/// 2. nothing ever paid although some amount was due -> never_paid;
/// 3. delinquent (status >= 1) in a cycle before scoring -> gradual_slide;
/// 4. first delinquent cycle after scoring, if any: if nothing was paid before scoring ->
///    inactive_then_delinquent; if at that cycle nothing was paid on a positive amount due, or
///    the status jumped by 2 or more from the previous cycle's (negative statuses count as 0)
///    -> abrupt_stop; otherwise -> gradual_slide;
/// 5. never delinquent -> no_pattern.
inline BehaviourPattern behaviour_pattern(const PaymentHistory& history) noexcept {
  const auto& cycles = history.cycles;
  const std::size_t first_after = history.first_cycle_after_scoring;
  if (first_after >= cycles.size()) return BehaviourPattern::unknown;
  bool ever_paid = false;
  bool ever_due = false;
  for (const BillingCycle& cycle : cycles) {
    ever_paid = ever_paid || cycle.amount_paid > 0.0;
    ever_due = ever_due || cycle.amount_due > 0.0;
  }
  if (!ever_paid && ever_due) return BehaviourPattern::never_paid;
  bool paid_before_scoring = false;
  for (std::size_t t = 0; t < first_after; ++t) {
    if (cycles[t].status >= 1.0) return BehaviourPattern::gradual_slide;
    paid_before_scoring = paid_before_scoring || cycles[t].amount_paid > 0.0;
  }
  double previous_status = first_after > 0 ? cycles[first_after - 1].status : 0.0;
  for (std::size_t t = first_after; t < cycles.size(); ++t) {
    const BillingCycle& cycle = cycles[t];
    if (cycle.status >= 1.0) {
      if (!paid_before_scoring) return BehaviourPattern::inactive_then_delinquent;
      const bool paid_nothing_on_a_bill = cycle.amount_due > 0.0 && cycle.amount_paid <= 0.0;
      const double step = cycle.status - (previous_status > 0.0 ? previous_status : 0.0);
      if (paid_nothing_on_a_bill || step >= 2.0) return BehaviourPattern::abrupt_stop;
      return BehaviourPattern::gradual_slide;
    }
    previous_status = cycle.status;
  }
  return BehaviourPattern::no_pattern;
}

/// The complaint signal: unknown without CRM data; otherwise the first matching state of
/// service_unresolved_before_onset (a service-type complaint opened by the onset cycle and
/// not resolved by it), service_resolved_before_onset, other_before_onset (category `other`
/// by onset), collections_or_after_onset (collections conduct at any time, or any complaint
/// opened after onset), none.
inline ComplaintSignal complaint_signal(const std::optional<std::vector<CrmComplaint>>& complaints,
                                        std::size_t onset_cycle) noexcept {
  if (!complaints) return ComplaintSignal::unknown;
  bool unresolved = false, resolved = false, other = false, later = false;
  for (const CrmComplaint& complaint : *complaints) {
    const bool by_onset = complaint.opened_cycle <= onset_cycle;
    if (complaint.category == ComplaintCategory::collections_conduct || !by_onset) {
      later = true;
    } else if (is_service_category(complaint.category)) {
      const bool open_at_onset = !complaint.resolved || complaint.resolved_cycle > onset_cycle;
      (open_at_onset ? unresolved : resolved) = true;
    } else {
      other = true;
    }
  }
  if (unresolved) return ComplaintSignal::service_unresolved_before_onset;
  if (resolved) return ComplaintSignal::service_resolved_before_onset;
  if (other) return ComplaintSignal::other_before_onset;
  if (later) return ComplaintSignal::collections_or_after_onset;
  return ComplaintSignal::none;
}

/// The bureau signal: unknown without a snapshot; delinquent_elsewhere if a line elsewhere is
/// delinquent or the worst status elsewhere is >= 1; thin_file if at most one open line;
/// current_but_stretched if utilisation >= 0.85 or 3+ new enquiries; else current_elsewhere.
inline BureauSignal bureau_signal(const std::optional<BureauSnapshot>& bureau) noexcept {
  if (!bureau) return BureauSignal::unknown;
  if (bureau->delinquent_trade_lines > 0 || bureau->worst_status >= 1.0)
    return BureauSignal::delinquent_elsewhere;
  if (bureau->open_trade_lines <= 1) return BureauSignal::thin_file;
  if (bureau->utilisation >= 0.85 || bureau->new_enquiries >= 3)
    return BureauSignal::current_but_stretched;
  return BureauSignal::current_elsewhere;
}

/// The registry signal: unknown if not checked; dispute_before_onset if a billing or
/// service/product complaint was filed by the onset cycle; other_complaint for any other
/// complaint; none if checked and empty.
inline RegistrySignal registry_signal(
    const std::optional<std::vector<RegistryComplaint>>& complaints,
    std::size_t onset_cycle) noexcept {
  if (!complaints) return RegistrySignal::unknown;
  if (complaints->empty()) return RegistrySignal::none;
  for (const RegistryComplaint& complaint : *complaints)
    if ((complaint.issue == RegistryIssue::billing_dispute ||
         complaint.issue == RegistryIssue::service_or_product) &&
        complaint.cycle <= onset_cycle)
      return RegistrySignal::dispute_before_onset;
  return RegistrySignal::other_complaint;
}

/// All signals of an account. Validates the account and the evidence first.
/// @throws Error as validate_account() and validate_evidence().
inline Signals derive_signals(const Account& account, const ExternalEvidence& evidence) {
  validate_account(account);
  validate_evidence(account, evidence);
  Signals signals;
  signals.onset_cycle = delinquency_onset_cycle(account.history);
  signals.behaviour = behaviour_pattern(account.history);
  signals.complaint = complaint_signal(evidence.crm_complaints, signals.onset_cycle);
  signals.bureau = bureau_signal(evidence.bureau);
  signals.registry = registry_signal(evidence.registry_complaints, signals.onset_cycle);
  signals.training_range = account.outside_training_range ? TrainingRangeSignal::outside
                                                          : TrainingRangeSignal::inside;
  return signals;
}

}  // namespace attribution

PAYSTRIKE_NAMESPACE_END
