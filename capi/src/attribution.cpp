// The C ABI of the attribution concern: evidence models (default, fitted, adapted, files, the
// one a score model file carries), one customer's attribution, and the incremental monitor.
// Every body runs inside the exception fence; outputs are written only on success.
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "fence.hpp"
#include "model_handle.hpp"
#include "paystrike/attribution/early_warning.hpp"
#include "paystrike/attribution/evidence_model.hpp"
#include "paystrike/io/evidence_model_file.hpp"
#include "paystrike/io/model_file.hpp"
#include "paystrike/paystrike.h"

struct paystrike_evidence_model {
  paystrike::attribution::EvidenceModel model;
};

struct paystrike_customer_monitor {
  paystrike::attribution::CustomerMonitor monitor;
};

namespace {

namespace pa = paystrike::attribution;
using paystrike::Error;
using paystrike::Status;
using paystrike_capi::fenced;
using paystrike_capi::raise;

static_assert(PAYSTRIKE_CAUSE_COUNT == pa::kCauseCount, "cause count");
static_assert(PAYSTRIKE_SIGNAL_COUNT == pa::kSignalCount, "signal count");
static_assert(PAYSTRIKE_CAUSE_UNDETERMINED == static_cast<int>(pa::Cause::undetermined), "cause");
static_assert(PAYSTRIKE_CAUSE_MODEL_MISS == static_cast<int>(pa::Cause::model_miss), "cause");
static_assert(PAYSTRIKE_TREATMENT_RECHECK_WHEN_EVIDENCE_ARRIVES ==
                  static_cast<int>(pa::Treatment::recheck_when_evidence_arrives),
              "treatment");
static_assert(PAYSTRIKE_COMPLAINT_OTHER == static_cast<int>(pa::ComplaintCategory::other), "code");
static_assert(PAYSTRIKE_REGISTRY_OTHER == static_cast<int>(pa::RegistryIssue::other), "code");
static_assert(PAYSTRIKE_RESPONSE_IN_PROGRESS == static_cast<int>(pa::CompanyResponse::in_progress),
              "code");

template <class T>
void require(const T* pointer, const char* what) {
  if (pointer == nullptr) raise(Status::null_argument, std::string(what) + " is NULL");
}

bool flag(std::int32_t value, const std::string& what) {
  if (value != 0 && value != 1) raise(Status::invalid_argument, what + " must be 0 or 1");
  return value == 1;
}

std::size_t cycle_index(std::int64_t value, const std::string& what) {
  if (value < 0) raise(Status::invalid_argument, what + " must be >= 0");
  return static_cast<std::size_t>(value);
}

template <class T>
void check_array(const T* array, std::int64_t count, const std::string& what) {
  if (count < 0) raise(Status::invalid_argument, what + ": negative count");
  if (count > 0 && array == nullptr) raise(Status::null_argument, what + " is NULL");
}

pa::CrmComplaint crm_from_c(const paystrike_crm_complaint& c, const std::string& where) {
  pa::CrmComplaint complaint;
  complaint.opened_cycle = cycle_index(c.opened_cycle, where + ": opened_cycle");
  if (c.category < 0 || c.category > PAYSTRIKE_COMPLAINT_OTHER)
    raise(Status::invalid_argument, where + ": unknown category " + std::to_string(c.category));
  complaint.category = static_cast<pa::ComplaintCategory>(c.category);
  complaint.severity = c.severity;
  complaint.resolved = flag(c.resolved, where + ": resolved");
  if (complaint.resolved)
    complaint.resolved_cycle = cycle_index(c.resolved_cycle, where + ": resolved_cycle");
  return complaint;
}

pa::BureauSnapshot bureau_from_c(const paystrike_bureau_snapshot& b) {
  pa::BureauSnapshot bureau;
  bureau.open_trade_lines = b.open_trade_lines;
  bureau.delinquent_trade_lines = b.delinquent_trade_lines;
  bureau.worst_status = b.worst_status;
  bureau.utilisation = b.utilisation;
  bureau.new_enquiries = b.new_enquiries;
  return bureau;
}

pa::RegistryComplaint registry_from_c(const paystrike_registry_complaint& r,
                                      const std::string& where) {
  pa::RegistryComplaint complaint;
  complaint.cycle = cycle_index(r.cycle, where + ": cycle");
  if (r.issue < 0 || r.issue > PAYSTRIKE_REGISTRY_OTHER)
    raise(Status::invalid_argument, where + ": unknown issue " + std::to_string(r.issue));
  if (r.response < 0 || r.response > PAYSTRIKE_RESPONSE_IN_PROGRESS)
    raise(Status::invalid_argument, where + ": unknown response " + std::to_string(r.response));
  complaint.issue = static_cast<pa::RegistryIssue>(r.issue);
  complaint.response = static_cast<pa::CompanyResponse>(r.response);
  complaint.timely = flag(r.timely, where + ": timely");
  return complaint;
}

pa::CollectionsInfo collections_from_c(std::int32_t segment, double capacity) {
  pa::CollectionsInfo info;
  info.segment = segment;
  info.payment_capacity_per_cycle = capacity;
  return info;
}

// The C++ account and evidence of one C record (validated later by derive_signals).
void customer_from_c(const paystrike_customer_evidence& e, pa::Account& account,
                     pa::ExternalEvidence& evidence) {
  account.id = e.id ? e.id : "";
  const std::string who = "account '" + account.id + "'";
  check_array(e.cycles, e.n_cycles, who + ": cycles");
  if (e.n_cycles == 0) raise(Status::invalid_argument, who + ": no billing cycle");
  account.history.cycles.reserve(static_cast<std::size_t>(e.n_cycles));
  for (std::int64_t t = 0; t < e.n_cycles; ++t)
    account.history.cycles.push_back(
        {e.cycles[t].amount_due, e.cycles[t].amount_paid, e.cycles[t].status});
  account.history.first_cycle_after_scoring =
      cycle_index(e.first_cycle_after_scoring, who + ": first_cycle_after_scoring");
  account.outside_training_range = flag(e.outside_training_range, who + ": outside_training_range");
  if (flag(e.has_crm, who + ": has_crm")) {
    check_array(e.crm_complaints, e.n_crm_complaints, who + ": crm_complaints");
    evidence.crm_complaints.emplace();
    for (std::int64_t k = 0; k < e.n_crm_complaints; ++k)
      evidence.crm_complaints->push_back(
          crm_from_c(e.crm_complaints[k], who + ", CRM complaint " + std::to_string(k)));
  } else if (e.n_crm_complaints != 0) {  // a caller's complaints are never silently dropped
    raise(Status::invalid_argument, who + ": CRM complaints given with has_crm 0");
  }
  if (flag(e.has_bureau, who + ": has_bureau")) evidence.bureau = bureau_from_c(e.bureau);
  if (flag(e.has_registry, who + ": has_registry")) {
    check_array(e.registry_complaints, e.n_registry_complaints, who + ": registry_complaints");
    evidence.registry_complaints.emplace();
    for (std::int64_t k = 0; k < e.n_registry_complaints; ++k)
      evidence.registry_complaints->push_back(registry_from_c(
          e.registry_complaints[k], who + ", registry complaint " + std::to_string(k)));
  } else if (e.n_registry_complaints != 0) {
    raise(Status::invalid_argument, who + ": registry complaints given with has_registry 0");
  }
  if (flag(e.has_collections, who + ": has_collections"))
    evidence.collections = collections_from_c(e.collections_segment, e.payment_capacity_per_cycle);
}

void result_to_c(const pa::Attribution& a, paystrike_attribution_result& out) {
  paystrike_attribution_result r;
  for (std::size_t c = 0; c < pa::kCauseCount; ++c) {
    r.probability[c] = a.probability[c];
    r.prior_points[c] = a.prior_points[c];
    r.log_odds_points_vs_model_miss[c] = a.log_odds_points_vs_model_miss[c];
    for (std::size_t s = 0; s < pa::kSignalCount; ++s)
      r.contribution_points[s][c] = a.contribution_points[s][c];
  }
  r.most_likely_cause = static_cast<std::int32_t>(a.most_likely_cause);
  r.top_cause = static_cast<std::int32_t>(a.top_cause);
  r.treatment = static_cast<std::int32_t>(a.treatment);
  const auto states = a.signals.state_indices();
  for (std::size_t s = 0; s < pa::kSignalCount; ++s)
    r.signal_state[s] = static_cast<std::int32_t>(states[s]);
  r.onset_cycle = static_cast<std::int64_t>(a.signals.onset_cycle);
  r.instalment = a.instalment.amount;
  r.instalment_capped_by_capacity = a.instalment.capped_by_capacity ? 1 : 0;
  r.instalment_from_history = a.instalment.from_history ? 1 : 0;
  out = r;
}

pa::EvidenceModel model_with_pdo(double pdo) {
  pa::EvidenceModel model;
  if (!(pdo > 0.0) || !std::isfinite(pdo)) raise(Status::invalid_argument, "pdo must be > 0");
  model.scaling.pdo = pdo;
  model.validate();
  return model;
}

// A number for a message: up to 6 significant digits, so 1e-20 does not read as 0.
std::string number_text(double value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

// The signals of one C customer record, derived as paystrike_attribute derives them.
pa::Signals signals_from_c(const paystrike_customer_evidence& record) {
  pa::Account account;
  pa::ExternalEvidence evidence;
  customer_from_c(record, account, evidence);
  return pa::derive_signals(account, evidence);
}

int new_evidence_handle(pa::EvidenceModel model, paystrike_evidence_model** out_model) {
  auto handle = std::make_unique<paystrike_evidence_model>();
  handle->model = std::move(model);
  *out_model = handle.release();
  return PAYSTRIKE_OK;
}

}  // namespace

extern "C" {

PAYSTRIKE_API int paystrike_evidence_model_default(double pdo,
                                                   paystrike_evidence_model** out_model) {
  return fenced("paystrike_evidence_model_default", [&] {
    require(out_model, "out_model");
    auto handle = std::make_unique<paystrike_evidence_model>();
    handle->model = model_with_pdo(pdo);
    *out_model = handle.release();
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_evidence_model_fit(const paystrike_customer_evidence* cases,
                                               const int32_t* causes, int64_t n_cases,
                                               double smoothing, double pdo,
                                               paystrike_evidence_model** out_model) {
  return fenced("paystrike_evidence_model_fit", [&] {
    require(out_model, "out_model");
    check_array(cases, n_cases, "cases");
    check_array(causes, n_cases, "causes");
    const paystrike::ScoreScaling scaling = model_with_pdo(pdo).scaling;  // checks pdo first
    std::vector<pa::InvestigatedCase> investigated;
    investigated.reserve(static_cast<std::size_t>(n_cases));
    for (std::int64_t i = 0; i < n_cases; ++i) {
      if (causes[i] < 0 || causes[i] >= PAYSTRIKE_CAUSE_COUNT)
        raise(Status::invalid_argument, "case " + std::to_string(i) + ": cause " +
                                            std::to_string(causes[i]) +
                                            " is not a real cause (0..3)");
      try {
        investigated.push_back({signals_from_c(cases[i]), static_cast<pa::Cause>(causes[i])});
      } catch (const Error& e) {
        raise(e.status(), "case " + std::to_string(i) + ": " + e.what());
      }
    }
    return new_evidence_handle(pa::fit_evidence_model(investigated, smoothing, scaling), out_model);
  });
}

PAYSTRIKE_API int paystrike_evidence_model_load_file(const char* path,
                                                     paystrike_evidence_model** out_model) {
  return fenced("paystrike_evidence_model_load_file", [&] {
    require(path, "path");
    require(out_model, "out_model");
    auto handle = std::make_unique<paystrike_evidence_model>();
    handle->model = paystrike::load_evidence_model_file(path);
    *out_model = handle.release();
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_evidence_model_load_buffer(const void* data, size_t size,
                                                       paystrike_evidence_model** out_model) {
  return fenced("paystrike_evidence_model_load_buffer", [&] {
    require(out_model, "out_model");
    if (data == nullptr && size > 0) raise(Status::null_argument, "data is NULL");
    auto handle = std::make_unique<paystrike_evidence_model>();
    handle->model = paystrike::load_evidence_model_from_buffer(data, size);
    *out_model = handle.release();
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_evidence_model_save_file(const paystrike_evidence_model* model,
                                                     const char* path) {
  return fenced("paystrike_evidence_model_save_file", [&] {
    require(model, "model");
    require(path, "path");
    paystrike::save_evidence_model_file(model->model, path);
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_evidence_model_save_buffer(const paystrike_evidence_model* model,
                                                       void* out, size_t capacity,
                                                       size_t* out_size) {
  return fenced("paystrike_evidence_model_save_buffer", [&] {
    require(model, "model");
    require(out_size, "out_size");
    paystrike_capi::copy_image_out(paystrike::save_evidence_model_to_buffer(model->model), out,
                                   capacity, out_size, "evidence model file");
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API void paystrike_evidence_model_free(paystrike_evidence_model* model) { delete model; }

PAYSTRIKE_API int paystrike_evidence_model_label_thresholds(
    const paystrike_evidence_model* model, double out_thresholds[PAYSTRIKE_CAUSE_COUNT]) {
  return fenced("paystrike_evidence_model_label_thresholds", [&] {
    require(model, "model");
    require(out_thresholds, "out_thresholds");
    for (std::size_t c = 0; c < pa::kCauseCount; ++c)
      out_thresholds[c] = model->model.label_threshold[c];
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_evidence_model_set_label_thresholds(
    paystrike_evidence_model* model, const double thresholds[PAYSTRIKE_CAUSE_COUNT]) {
  return fenced("paystrike_evidence_model_set_label_thresholds", [&] {
    require(model, "model");
    require(thresholds, "thresholds");
    pa::CauseVector checked{};
    for (std::size_t c = 0; c < pa::kCauseCount; ++c) {
      if (!(thresholds[c] > 0.0 && thresholds[c] <= 1.0))
        raise(Status::invalid_argument, std::string("label threshold of ") +
                                            pa::cause_name(static_cast<pa::Cause>(c)) + " (index " +
                                            std::to_string(c) + ") must be in (0, 1], got " +
                                            number_text(thresholds[c]));
      checked[c] = thresholds[c];
    }
    model->model.label_threshold = checked;
    return PAYSTRIKE_OK;
  });
}

namespace {

// Both adapt calls: the defaulters' signals derived as paystrike_attribute derives them, then
// the core's adaptation of the chosen causes' shares.
int adapt_to_portfolio(const char* function, const paystrike_evidence_model* model,
                       const paystrike_customer_evidence* defaulters, int64_t n_defaulters,
                       bool takes_mask, const int32_t* adapt_causes,
                       paystrike_evidence_model** out_model) {
  return fenced(function, [&] {
    require(model, "model");
    require(out_model, "out_model");
    if (takes_mask) require(adapt_causes, "adapt_causes");
    check_array(defaulters, n_defaulters, "defaulters");
    if (n_defaulters == 0) raise(Status::invalid_argument, "no defaulter (n_defaulters is 0)");
    std::array<bool, pa::kCauseCount> causes = pa::kCausesAdaptedToPortfolio;
    if (adapt_causes) {
      for (std::size_t c = 0; c < pa::kCauseCount; ++c) {
        if (adapt_causes[c] != 0 && adapt_causes[c] != 1)
          raise(Status::invalid_argument,
                std::string("adapt_causes[") + pa::cause_name(static_cast<pa::Cause>(c)) +
                    "] must be 0 or 1, not " + std::to_string(adapt_causes[c]));
        causes[c] = adapt_causes[c] == 1;
      }
    }
    std::vector<pa::Signals> signals;
    signals.reserve(static_cast<std::size_t>(n_defaulters));
    for (std::int64_t i = 0; i < n_defaulters; ++i) {
      try {
        signals.push_back(signals_from_c(defaulters[i]));
      } catch (const Error& e) {
        raise(e.status(), "defaulter " + std::to_string(i) + ": " + e.what());
      }
    }
    return new_evidence_handle(pa::adapt_evidence_model_to_portfolio(model->model, signals, causes),
                               out_model);
  });
}

}  // namespace

PAYSTRIKE_API int paystrike_evidence_model_adapt_to_portfolio(
    const paystrike_evidence_model* model, const paystrike_customer_evidence* defaulters,
    int64_t n_defaulters, paystrike_evidence_model** out_model) {
  return adapt_to_portfolio("paystrike_evidence_model_adapt_to_portfolio", model, defaulters,
                            n_defaulters, false, nullptr, out_model);
}

PAYSTRIKE_API int paystrike_evidence_model_adapt_causes_to_portfolio(
    const paystrike_evidence_model* model, const paystrike_customer_evidence* defaulters,
    int64_t n_defaulters, const int32_t adapt_causes[PAYSTRIKE_CAUSE_COUNT],
    paystrike_evidence_model** out_model) {
  return adapt_to_portfolio("paystrike_evidence_model_adapt_causes_to_portfolio", model,
                            defaulters, n_defaulters, true, adapt_causes, out_model);
}

PAYSTRIKE_API int paystrike_model_has_evidence_model(const paystrike_model* model,
                                                     int32_t* out_has_evidence_model) {
  return fenced("paystrike_model_has_evidence_model", [&] {
    require(model, "model");
    require(out_has_evidence_model, "out_has_evidence_model");
    *out_has_evidence_model = model->evidence_model.has_value() ? 1 : 0;
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_evidence_model_from_model(const paystrike_model* model,
                                                      paystrike_evidence_model** out_model) {
  return fenced("paystrike_evidence_model_from_model", [&] {
    require(model, "model");
    require(out_model, "out_model");
    if (!model->evidence_model)
      raise(Status::undefined,
            "the score model carries no evidence model (its file was saved without one; "
            "attach one with paystrike_model_save_file_with_evidence)");
    return new_evidence_handle(*model->evidence_model, out_model);
  });
}

PAYSTRIKE_API int paystrike_model_save_file_with_evidence(
    const paystrike_model* model, const paystrike_evidence_model* evidence_model,
    const char* path) {
  return fenced("paystrike_model_save_file_with_evidence", [&] {
    require(model, "model");
    require(evidence_model, "evidence_model");
    require(path, "path");
    paystrike::save_model_with_evidence_file(model->model, evidence_model->model, path);
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_model_save_buffer_with_evidence(
    const paystrike_model* model, const paystrike_evidence_model* evidence_model, void* out,
    size_t capacity, size_t* out_size) {
  return fenced("paystrike_model_save_buffer_with_evidence", [&] {
    require(model, "model");
    require(evidence_model, "evidence_model");
    require(out_size, "out_size");
    paystrike_capi::copy_image_out(
        paystrike::save_model_with_evidence_to_buffer(model->model, evidence_model->model), out,
        capacity, out_size, "model file");
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_attribute(const paystrike_evidence_model* model,
                                      const paystrike_customer_evidence* evidence,
                                      paystrike_attribution_result* out) {
  return fenced("paystrike_attribute", [&] {
    require(model, "model");
    require(evidence, "evidence");
    require(out, "out");
    pa::Account account;
    pa::ExternalEvidence external;
    customer_from_c(*evidence, account, external);
    result_to_c(model->model.attribute(account, external), *out);
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_monitor_create(const char* id, int64_t first_cycle_after_scoring,
                                           int32_t outside_training_range,
                                           paystrike_customer_monitor** out_monitor) {
  return fenced("paystrike_monitor_create", [&] {
    require(out_monitor, "out_monitor");
    const std::string name = id ? id : "";
    const std::size_t first =
        cycle_index(first_cycle_after_scoring, "account '" + name + "': first_cycle_after_scoring");
    const bool outside = flag(outside_training_range, "outside_training_range");
    *out_monitor = new paystrike_customer_monitor{pa::CustomerMonitor(name, first, outside)};
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_monitor_add_cycle(paystrike_customer_monitor* monitor,
                                              const paystrike_cycle_evidence* evidence) {
  return fenced("paystrike_monitor_add_cycle", [&] {
    require(monitor, "monitor");
    require(evidence, "evidence");
    const paystrike_cycle_evidence& e = *evidence;
    const std::string where = "account '" + monitor->monitor.id() + "', cycle " +
                              std::to_string(monitor->monitor.cycles_seen());
    pa::CycleEvidence cycle;
    cycle.cycle = {e.cycle.amount_due, e.cycle.amount_paid, e.cycle.status};
    if (flag(e.has_crm, where + ": has_crm")) {
      check_array(e.crm_opened, e.n_crm_opened, where + ": crm_opened");
      check_array(e.crm_resolved, e.n_crm_resolved, where + ": crm_resolved");
      cycle.crm_opened.emplace();
      for (std::int64_t k = 0; k < e.n_crm_opened; ++k)
        cycle.crm_opened->push_back(
            crm_from_c(e.crm_opened[k], where + ", CRM complaint " + std::to_string(k)));
      for (std::int64_t k = 0; k < e.n_crm_resolved; ++k)
        cycle.crm_resolved.push_back(cycle_index(e.crm_resolved[k], where + ": crm_resolved"));
    } else if (e.n_crm_opened != 0 || e.n_crm_resolved != 0) {
      raise(Status::invalid_argument, where + ": CRM complaints given with has_crm 0");
    }
    if (flag(e.has_bureau, where + ": has_bureau")) cycle.bureau = bureau_from_c(e.bureau);
    if (flag(e.has_registry, where + ": has_registry")) {
      check_array(e.registry_filed, e.n_registry_filed, where + ": registry_filed");
      cycle.registry_filed.emplace();
      for (std::int64_t k = 0; k < e.n_registry_filed; ++k)
        cycle.registry_filed->push_back(
            registry_from_c(e.registry_filed[k], where + ", registry complaint " + std::to_string(k)));
    } else if (e.n_registry_filed != 0) {
      raise(Status::invalid_argument, where + ": registry complaints given with has_registry 0");
    }
    if (flag(e.has_collections, where + ": has_collections"))
      cycle.collections = collections_from_c(e.collections_segment, e.payment_capacity_per_cycle);
    monitor->monitor.add_cycle(cycle);
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_monitor_attribute(const paystrike_customer_monitor* monitor,
                                              const paystrike_evidence_model* model,
                                              paystrike_attribution_result* out) {
  return fenced("paystrike_monitor_attribute", [&] {
    require(monitor, "monitor");
    require(model, "model");
    require(out, "out");
    result_to_c(monitor->monitor.attribute(model->model), *out);
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_monitor_cycles_seen(const paystrike_customer_monitor* monitor,
                                                int64_t* out_count) {
  return fenced("paystrike_monitor_cycles_seen", [&] {
    require(monitor, "monitor");
    require(out_count, "out_count");
    *out_count = static_cast<int64_t>(monitor->monitor.cycles_seen());
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API void paystrike_monitor_free(paystrike_customer_monitor* monitor) { delete monitor; }

PAYSTRIKE_API const char* paystrike_cause_name(int32_t cause) {
  if (cause < 0 || cause > PAYSTRIKE_CAUSE_UNDETERMINED) return "unknown_cause";
  return pa::cause_name(static_cast<pa::Cause>(cause));
}

PAYSTRIKE_API const char* paystrike_signal_name(int32_t signal) {
  if (signal < 0 || signal >= PAYSTRIKE_SIGNAL_COUNT) return "unknown_signal";
  return pa::signal_name(static_cast<pa::SignalKind>(signal));
}

PAYSTRIKE_API const char* paystrike_signal_state_name(int32_t signal, int32_t state) {
  if (signal < 0 || signal >= PAYSTRIKE_SIGNAL_COUNT || state < 0) return "unknown_state";
  return pa::signal_state_name(static_cast<pa::SignalKind>(signal),
                               static_cast<std::size_t>(state));
}

PAYSTRIKE_API const char* paystrike_treatment_name(int32_t treatment) {
  if (treatment < 0 || treatment > PAYSTRIKE_TREATMENT_RECHECK_WHEN_EVIDENCE_ARRIVES)
    return "unknown_treatment";
  return pa::treatment_name(static_cast<pa::Treatment>(treatment));
}

}  // extern "C"
