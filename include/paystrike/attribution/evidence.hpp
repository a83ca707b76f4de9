/// @file evidence.hpp
/// @brief Evidence records about one account: its payment history and the optional CRM, bureau,
/// registry and collections data that may explain why it defaulted.
///
/// Time is counted in billing-cycle indices (0 = the first cycle of the history), not dates.
/// Every source other than the payment history is optional per account: a missing source is
/// normal and, downstream, contributes nothing to the attribution.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "paystrike/status.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

namespace attribution {

/// One billing cycle of an account.
struct BillingCycle {
  double amount_due = 0.0;   ///< what the customer was asked to pay in this cycle (>= 0)
  double amount_paid = 0.0;  ///< what the customer paid in this cycle (>= 0)
  /// Delinquency status in the Taiwan coding: <= 0 not delinquent (-2 no consumption,
  /// -1 paid in full, 0 revolving), k >= 1 = k months past due.
  double status = 0.0;
};

/// The payment history of an account, in time order, and where scoring happened.
struct PaymentHistory {
  std::vector<BillingCycle> cycles;  ///< in time order, oldest first
  /// Index of the first cycle after the scoring date: cycles [0, first_cycle_after_scoring)
  /// were visible to the score model, the rest are what happened afterwards. May equal
  /// cycles.size() (nothing observed after scoring yet).
  std::size_t first_cycle_after_scoring = 0;
};

/// What a complaint made to the company (its CRM) was about.
enum class ComplaintCategory {
  post_sale_service,    ///< after-sale service refused or poor
  product_defect,       ///< the product financed was faulty
  billing_dispute,      ///< an amount billed is contested
  delivery,             ///< the product was not delivered, late or incomplete
  collections_conduct,  ///< how the company's collectors behaved
  other                 ///< anything else
};

/// A short, stable name for a complaint category, e.g. "post_sale_service" (the CSV spelling).
inline const char* complaint_category_name(ComplaintCategory category) noexcept {
  switch (category) {
    case ComplaintCategory::post_sale_service: return "post_sale_service";
    case ComplaintCategory::product_defect: return "product_defect";
    case ComplaintCategory::billing_dispute: return "billing_dispute";
    case ComplaintCategory::delivery: return "delivery";
    case ComplaintCategory::collections_conduct: return "collections_conduct";
    case ComplaintCategory::other: return "other";
  }
  return "unknown_category";
}

/// The category named `name` (as complaint_category_name() spells it), or std::nullopt.
inline std::optional<ComplaintCategory> parse_complaint_category(const std::string& name) {
  for (int k = 0; k <= static_cast<int>(ComplaintCategory::other); ++k)
    if (name == complaint_category_name(static_cast<ComplaintCategory>(k)))
      return static_cast<ComplaintCategory>(k);
  return std::nullopt;
}

/// True for the categories that describe being wronged by the company before any arrears
/// (post-sale service, product defect, billing dispute, delivery).
inline bool is_service_category(ComplaintCategory category) noexcept {
  return category == ComplaintCategory::post_sale_service ||
         category == ComplaintCategory::product_defect ||
         category == ComplaintCategory::billing_dispute || category == ComplaintCategory::delivery;
}

/// A complaint recorded in the company's CRM.
struct CrmComplaint {
  std::size_t opened_cycle = 0;                          ///< cycle index when it was opened
  ComplaintCategory category = ComplaintCategory::other;  ///< what it was about
  int severity = 1;                                      ///< 1 (minor) to 3 (severe)
  bool resolved = false;                                 ///< closed as resolved
  std::size_t resolved_cycle = 0;  ///< cycle index of the resolution; ignored unless resolved
};

/// One credit-bureau snapshot: the customer's conduct with other lenders.
struct BureauSnapshot {
  int open_trade_lines = 0;        ///< open credit lines with other lenders (>= 0)
  int delinquent_trade_lines = 0;  ///< of those, how many are delinquent (>= 0)
  double worst_status = 0.0;       ///< worst months past due elsewhere (Taiwan coding, <= 0 clean)
  double utilisation = 0.0;        ///< balances / limits elsewhere, in [0, 2]
  int new_enquiries = 0;           ///< recent credit enquiries (>= 0)
};

/// The issue of a complaint filed with a government consumer-complaint registry. The set is
/// a coarse grouping of the CFPB credit-card and debt-collection issues.
enum class RegistryIssue {
  billing_dispute,       ///< billing disputes, billing statement, fees, APR
  service_or_product,    ///< customer service, rewards, transaction issue, product
  fraud_or_identity,     ///< identity theft, fraud, embezzlement
  collections_practice,  ///< debt collection: communication tactics, debt not owed, threats
  other                  ///< anything else
};

/// The company's response to a registry complaint (CFPB's "Company response to consumer").
enum class CompanyResponse {
  closed_with_explanation,
  closed_with_non_monetary_relief,
  closed_with_monetary_relief,
  closed,
  untimely_response,
  in_progress
};

/// A short, stable name for a registry issue, e.g. "billing_dispute" (the CSV spelling).
inline const char* registry_issue_name(RegistryIssue issue) noexcept {
  switch (issue) {
    case RegistryIssue::billing_dispute: return "billing_dispute";
    case RegistryIssue::service_or_product: return "service_or_product";
    case RegistryIssue::fraud_or_identity: return "fraud_or_identity";
    case RegistryIssue::collections_practice: return "collections_practice";
    case RegistryIssue::other: return "other";
  }
  return "unknown_issue";
}

/// The issue named `name` (as registry_issue_name() spells it), or std::nullopt.
inline std::optional<RegistryIssue> parse_registry_issue(const std::string& name) {
  for (int k = 0; k <= static_cast<int>(RegistryIssue::other); ++k)
    if (name == registry_issue_name(static_cast<RegistryIssue>(k)))
      return static_cast<RegistryIssue>(k);
  return std::nullopt;
}

/// A short, stable name for a company response, e.g. "closed_with_explanation".
inline const char* company_response_name(CompanyResponse response) noexcept {
  switch (response) {
    case CompanyResponse::closed_with_explanation: return "closed_with_explanation";
    case CompanyResponse::closed_with_non_monetary_relief: return "closed_with_non_monetary_relief";
    case CompanyResponse::closed_with_monetary_relief: return "closed_with_monetary_relief";
    case CompanyResponse::closed: return "closed";
    case CompanyResponse::untimely_response: return "untimely_response";
    case CompanyResponse::in_progress: return "in_progress";
  }
  return "unknown_response";
}

/// The response named `name` (as company_response_name() spells it), or std::nullopt.
inline std::optional<CompanyResponse> parse_company_response(const std::string& name) {
  for (int k = 0; k <= static_cast<int>(CompanyResponse::in_progress); ++k)
    if (name == company_response_name(static_cast<CompanyResponse>(k)))
      return static_cast<CompanyResponse>(k);
  return std::nullopt;
}

/// A complaint the customer filed with a consumer-protection agency.
struct RegistryComplaint {
  std::size_t cycle = 0;                                            ///< cycle index when filed
  RegistryIssue issue = RegistryIssue::other;                       ///< what it was about
  CompanyResponse response = CompanyResponse::closed_with_explanation;  ///< company's answer
  bool timely = true;                                               ///< answered in time
};

/// What the collections model knows about the customer.
struct CollectionsInfo {
  int segment = 0;  ///< the collections model's segment (opaque to paystrike)
  /// The amount the customer can pay per cycle, by the collections model (>= 0).
  double payment_capacity_per_cycle = 0.0;
};

/// An account as the score model and the bookkeeping see it: the real, deterministic part.
struct Account {
  std::string id;                       ///< used in error messages and reports
  PaymentHistory history;               ///< the real payment history
  bool outside_training_range = false;  ///< the applicant's features leave the model's range
  bool defaulted = false;               ///< reached the bad definition (e.g. next-month default)
  bool predicted_good = false;          ///< score >= cutoff at the scoring date
  /// The score at the decision, in points (NaN = not given). Needed only by the
  /// service-adjusted evaluation (KS, Gini), never by the attribution itself.
  double score = std::numeric_limits<double>::quiet_NaN();
  /// The cycle index at which the account reached the bad definition (e.g. 90 days past due,
  /// or the next-month default of the Taiwan data, which is cycle index = history length);
  /// std::nullopt = not given, early warning then uses EarlyWarningRule::bad_status.
  std::optional<std::size_t> bad_cycle;
};

/// The optional evidence beyond the payment history. std::nullopt = the source has no data
/// for this account (contributes nothing); an empty vector = the source was checked and holds
/// no complaint (an observation in its own right).
struct ExternalEvidence {
  std::optional<std::vector<CrmComplaint>> crm_complaints;            ///< in opened_cycle order
  std::optional<BureauSnapshot> bureau;                               ///< latest snapshot
  std::optional<std::vector<RegistryComplaint>> registry_complaints;  ///< in cycle order
  std::optional<CollectionsInfo> collections;                         ///< collections view
};

namespace detail {
inline std::string account_label(const std::string& id) {
  return "account '" + id + "'";
}
inline void check_amount(double value, const std::string& id, std::size_t cycle,
                         const char* field) {
  if (std::isnan(value))
    throw Error(Status::missing_value, detail::account_label(id) + ", cycle " +
                                           std::to_string(cycle) + ": " + field + " is NaN");
  if (!std::isfinite(value) || value < 0.0)
    throw Error(Status::invalid_argument, detail::account_label(id) + ", cycle " +
                                              std::to_string(cycle) + ": " + field +
                                              " must be finite and >= 0");
}
}  // namespace detail

/// Checks an account's history.
/// @throws Error(invalid_argument) on an empty history, a first_cycle_after_scoring beyond the
///   history, a negative or infinite amount or status; Error(missing_value) on a NaN. The
///   message names the account and the cycle.
inline void validate_account(const Account& account) {
  const auto& cycles = account.history.cycles;
  if (cycles.empty())
    throw Error(Status::invalid_argument,
                detail::account_label(account.id) + ": payment history is empty");
  if (account.history.first_cycle_after_scoring > cycles.size())
    throw Error(Status::invalid_argument,
                detail::account_label(account.id) + ": first_cycle_after_scoring " +
                    std::to_string(account.history.first_cycle_after_scoring) +
                    " is beyond the history of " + std::to_string(cycles.size()) + " cycles");
  for (std::size_t t = 0; t < cycles.size(); ++t) {
    detail::check_amount(cycles[t].amount_due, account.id, t, "amount_due");
    detail::check_amount(cycles[t].amount_paid, account.id, t, "amount_paid");
    if (std::isnan(cycles[t].status))
      throw Error(Status::missing_value, detail::account_label(account.id) + ", cycle " +
                                             std::to_string(t) + ": status is NaN");
    if (!std::isfinite(cycles[t].status))
      throw Error(Status::invalid_argument, detail::account_label(account.id) + ", cycle " +
                                                std::to_string(t) + ": status is not finite");
  }
}

/// Checks the external evidence of an account against its history length.
/// @throws Error(invalid_argument) on a cycle index beyond the history, complaints out of time
///   order, a resolution before its complaint opened, a severity outside 1..3, negative bureau
///   counts or capacity; Error(missing_value) on a NaN. Messages name the account and cycle.
inline void validate_evidence(const Account& account, const ExternalEvidence& evidence) {
  const std::size_t cycle_count = account.history.cycles.size();
  const std::string who = detail::account_label(account.id);
  if (evidence.crm_complaints) {
    std::size_t previous = 0;
    for (std::size_t i = 0; i < evidence.crm_complaints->size(); ++i) {
      const CrmComplaint& complaint = (*evidence.crm_complaints)[i];
      const std::string where = who + ", CRM complaint " + std::to_string(i) + " (cycle " +
                                std::to_string(complaint.opened_cycle) + ")";
      if (complaint.opened_cycle >= cycle_count)
        throw Error(Status::invalid_argument, where + ": opened_cycle beyond the history of " +
                                                  std::to_string(cycle_count) + " cycles");
      if (complaint.opened_cycle < previous)
        throw Error(Status::invalid_argument,
                    where + ": complaints out of time order (previous opened at cycle " +
                        std::to_string(previous) + ")");
      previous = complaint.opened_cycle;
      if (complaint.resolved && complaint.resolved_cycle < complaint.opened_cycle)
        throw Error(Status::invalid_argument, where + ": resolved_cycle " +
                                                  std::to_string(complaint.resolved_cycle) +
                                                  " is before opened_cycle");
      if (complaint.severity < 1 || complaint.severity > 3)
        throw Error(Status::invalid_argument, where + ": severity must be in 1..3");
    }
  }
  if (evidence.bureau) {
    const BureauSnapshot& bureau = *evidence.bureau;
    if (std::isnan(bureau.utilisation) || std::isnan(bureau.worst_status))
      throw Error(Status::missing_value, who + ": bureau utilisation or worst_status is NaN");
    if (bureau.open_trade_lines < 0 || bureau.delinquent_trade_lines < 0 ||
        bureau.new_enquiries < 0 || !(bureau.utilisation >= 0.0) ||
        !std::isfinite(bureau.utilisation) || !std::isfinite(bureau.worst_status))
      throw Error(Status::invalid_argument,
                  who + ": bureau counts and utilisation must be finite and >= 0");
  }
  if (evidence.registry_complaints) {
    std::size_t previous = 0;
    for (std::size_t i = 0; i < evidence.registry_complaints->size(); ++i) {
      const RegistryComplaint& complaint = (*evidence.registry_complaints)[i];
      const std::string where = who + ", registry complaint " + std::to_string(i) + " (cycle " +
                                std::to_string(complaint.cycle) + ")";
      if (complaint.cycle >= cycle_count)
        throw Error(Status::invalid_argument, where + ": cycle beyond the history of " +
                                                  std::to_string(cycle_count) + " cycles");
      if (complaint.cycle < previous)
        throw Error(Status::invalid_argument, where + ": complaints out of time order");
      previous = complaint.cycle;
    }
  }
  if (evidence.collections) {
    const double capacity = evidence.collections->payment_capacity_per_cycle;
    if (std::isnan(capacity))
      throw Error(Status::missing_value, who + ": collections payment capacity is NaN");
    if (!std::isfinite(capacity) || capacity < 0.0)
      throw Error(Status::invalid_argument,
                  who + ": collections payment capacity must be finite and >= 0");
  }
}

/// Builds a history from monthly statements laid out like the Taiwan data, where the payment
/// of month t settles the statement of month t-1: cycle t gets amount_due = bill[t-1]
/// (bill[0] for the first cycle, whose previous statement is not in the data), amount_paid =
/// payment[t] and status = status[t]. Negative bills (credit balances) are clipped to 0 due.
/// All three vectors are in time order, oldest first.
/// @throws Error(dimension_mismatch) if the lengths differ; Error(invalid_argument) if empty or
///   first_cycle_after_scoring > length.
inline PaymentHistory history_from_monthly_statements(const std::vector<double>& bills,
                                                      const std::vector<double>& payments,
                                                      const std::vector<double>& statuses,
                                                      std::size_t first_cycle_after_scoring) {
  if (bills.size() != payments.size() || bills.size() != statuses.size())
    throw Error(Status::dimension_mismatch,
                "history_from_monthly_statements: bills, payments and statuses differ in length");
  if (bills.empty())
    throw Error(Status::invalid_argument, "history_from_monthly_statements: no months");
  if (first_cycle_after_scoring > bills.size())
    throw Error(Status::invalid_argument,
                "history_from_monthly_statements: first_cycle_after_scoring beyond the months");
  PaymentHistory history;
  history.first_cycle_after_scoring = first_cycle_after_scoring;
  history.cycles.resize(bills.size());
  for (std::size_t t = 0; t < bills.size(); ++t) {
    const double previous_bill = t == 0 ? bills[0] : bills[t - 1];
    history.cycles[t].amount_due = previous_bill > 0.0 ? previous_bill : 0.0;
    history.cycles[t].amount_paid = payments[t];
    history.cycles[t].status = statuses[t];
  }
  return history;
}

/// The same for fixed-size months, e.g. the std::array<double, 6> rows of the Taiwan loader.
/// @throws Error as the std::vector overload.
template <std::size_t Months>
PaymentHistory history_from_monthly_statements(const std::array<double, Months>& bills,
                                               const std::array<double, Months>& payments,
                                               const std::array<double, Months>& statuses,
                                               std::size_t first_cycle_after_scoring) {
  return history_from_monthly_statements(std::vector<double>(bills.begin(), bills.end()),
                                         std::vector<double>(payments.begin(), payments.end()),
                                         std::vector<double>(statuses.begin(), statuses.end()),
                                         first_cycle_after_scoring);
}

}  // namespace attribution

PAYSTRIKE_NAMESPACE_END
