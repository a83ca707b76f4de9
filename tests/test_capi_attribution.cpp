// Tests of the attribution's C ABI: one customer's evidence in, posteriors, contributions and
// treatment out, equal to the C++ core; the incremental monitor equal to the batch call;
// fitting, files, names; errors leave outputs untouched and name the problem.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "paystrike/attribution/attribution.hpp"
#include "paystrike/io/evidence_model_file.hpp"
#include "paystrike/paystrike.h"

namespace pa = paystrike::attribution;

namespace {

// A disputing customer: clean history, a product-defect complaint at cycle 3 still open at the
// stop in cycle 4 (resolved at cycle 5), current elsewhere, no registry complaint, a capacity.
struct Customer {
  std::vector<paystrike_billing_cycle> cycles = {{100, 100, -1}, {100, 100, -1}, {100, 120, -1},
                                                 {100, 100, 0},  {100, 0, 2},    {100, 0, 3}};
  std::vector<paystrike_crm_complaint> crm = {{3, PAYSTRIKE_COMPLAINT_PRODUCT_DEFECT, 2, 1, 5}};
  paystrike_customer_evidence evidence{};

  Customer() {
    evidence.id = "C-42";
    evidence.cycles = cycles.data();
    evidence.n_cycles = static_cast<int64_t>(cycles.size());
    evidence.first_cycle_after_scoring = 3;
    evidence.has_crm = 1;
    evidence.crm_complaints = crm.data();
    evidence.n_crm_complaints = 1;
    evidence.has_bureau = 1;
    evidence.bureau = {5, 0, -1.0, 0.4, 1};
    evidence.has_registry = 1;
    evidence.has_collections = 1;
    evidence.collections_segment = 2;
    evidence.payment_capacity_per_cycle = 80.0;
  }
};

void cpp_customer(pa::Account& account, pa::ExternalEvidence& evidence) {
  account.id = "C-42";
  account.history.cycles = {{100, 100, -1}, {100, 100, -1}, {100, 120, -1},
                            {100, 100, 0},  {100, 0, 2},    {100, 0, 3}};
  account.history.first_cycle_after_scoring = 3;
  evidence.crm_complaints = std::vector<pa::CrmComplaint>{
      {3, pa::ComplaintCategory::product_defect, 2, true, 5}};
  evidence.bureau = pa::BureauSnapshot{5, 0, -1.0, 0.4, 1};
  evidence.registry_complaints = std::vector<pa::RegistryComplaint>{};
  evidence.collections = pa::CollectionsInfo{2, 80.0};
}

void expect_same(const paystrike_attribution_result& c, const pa::Attribution& a) {
  for (std::size_t k = 0; k < pa::kCauseCount; ++k) {
    EXPECT_EQ(c.probability[k], a.probability[k]);
    EXPECT_EQ(c.prior_points[k], a.prior_points[k]);
    EXPECT_EQ(c.log_odds_points_vs_model_miss[k], a.log_odds_points_vs_model_miss[k]);
    for (std::size_t s = 0; s < pa::kSignalCount; ++s)
      EXPECT_EQ(c.contribution_points[s][k], a.contribution_points[s][k]);
  }
  EXPECT_EQ(c.top_cause, static_cast<int32_t>(a.top_cause));
  EXPECT_EQ(c.most_likely_cause, static_cast<int32_t>(a.most_likely_cause));
  EXPECT_EQ(c.treatment, static_cast<int32_t>(a.treatment));
  EXPECT_EQ(c.instalment, a.instalment.amount);
  EXPECT_EQ(c.onset_cycle, static_cast<int64_t>(a.signals.onset_cycle));
  const auto states = a.signals.state_indices();
  for (std::size_t s = 0; s < pa::kSignalCount; ++s)
    EXPECT_EQ(c.signal_state[s], static_cast<int32_t>(states[s]));
}

struct ModelHandle {
  paystrike_evidence_model* model = nullptr;
  ~ModelHandle() { paystrike_evidence_model_free(model); }
};

}  // namespace

TEST(CapiAttribution, OneCustomerEqualsTheCppCore) {
  ModelHandle h;
  ASSERT_EQ(paystrike_evidence_model_default(20.0, &h.model), PAYSTRIKE_OK);
  Customer customer;
  paystrike_attribution_result result;
  ASSERT_EQ(paystrike_attribute(h.model, &customer.evidence, &result), PAYSTRIKE_OK)
      << paystrike_last_error();
  pa::Account account;
  pa::ExternalEvidence evidence;
  cpp_customer(account, evidence);
  const pa::Attribution expected = pa::EvidenceModel{}.attribute(account, evidence);
  expect_same(result, expected);
  EXPECT_EQ(result.top_cause, PAYSTRIKE_CAUSE_SERVICE_DISPUTE);
  EXPECT_EQ(result.treatment, PAYSTRIKE_TREATMENT_SERVICE_RECOVERY_AND_PAYMENT_PLAN);
  EXPECT_EQ(result.signal_state[PAYSTRIKE_SIGNAL_BEHAVIOUR], 1);  // abrupt_stop
  EXPECT_EQ(result.signal_state[PAYSTRIKE_SIGNAL_COMPLAINT], 1);  // unresolved before onset
  EXPECT_EQ(result.onset_cycle, 4);
  EXPECT_EQ(result.instalment, 80.0);  // median payment 100, capped by the capacity 80
  EXPECT_EQ(result.instalment_capped_by_capacity, 1);
  // The points add up, as in C++.
  for (int c = 0; c < PAYSTRIKE_CAUSE_COUNT; ++c) {
    double total = result.prior_points[c];
    for (int s = 0; s < PAYSTRIKE_SIGNAL_COUNT; ++s) total += result.contribution_points[s][c];
    EXPECT_NEAR(total, result.log_odds_points_vs_model_miss[c], 1e-9);
  }
  // A different PDO scales the points, never the probabilities.
  ModelHandle h40;
  ASSERT_EQ(paystrike_evidence_model_default(40.0, &h40.model), PAYSTRIKE_OK);
  paystrike_attribution_result r40;
  ASSERT_EQ(paystrike_attribute(h40.model, &customer.evidence, &r40), PAYSTRIKE_OK);
  EXPECT_EQ(r40.probability[0], result.probability[0]);
  EXPECT_NEAR(r40.prior_points[0], 2.0 * result.prior_points[0], 1e-9);
  // Missing sources move nothing.
  customer.evidence.has_crm = 0;
  customer.evidence.has_bureau = 0;
  customer.evidence.has_registry = 0;
  ASSERT_EQ(paystrike_attribute(h.model, &customer.evidence, &result), PAYSTRIKE_OK);
  for (int s = PAYSTRIKE_SIGNAL_COMPLAINT; s <= PAYSTRIKE_SIGNAL_REGISTRY; ++s)
    for (int c = 0; c < PAYSTRIKE_CAUSE_COUNT; ++c) EXPECT_EQ(result.contribution_points[s][c], 0.0);
}

TEST(CapiAttribution, TheMonitorTakesOneCycleAtATimeAndEqualsTheBatchCall) {
  ModelHandle h;
  ASSERT_EQ(paystrike_evidence_model_default(20.0, &h.model), PAYSTRIKE_OK);
  Customer customer;
  paystrike_attribution_result batch;
  ASSERT_EQ(paystrike_attribute(h.model, &customer.evidence, &batch), PAYSTRIKE_OK);

  paystrike_customer_monitor* monitor = nullptr;
  ASSERT_EQ(paystrike_monitor_create("C-42", 3, 0, &monitor), PAYSTRIKE_OK);
  paystrike_attribution_result result;
  EXPECT_EQ(paystrike_monitor_attribute(monitor, h.model, &result), PAYSTRIKE_E_INVALID_ARGUMENT);
  const paystrike_crm_complaint opened = {3, PAYSTRIKE_COMPLAINT_PRODUCT_DEFECT, 2, 0, 0};
  const int64_t resolved[] = {0};
  double previous_dispute = 0.0;
  for (int64_t t = 0; t < 6; ++t) {
    paystrike_cycle_evidence cycle{};
    cycle.cycle = customer.cycles[static_cast<std::size_t>(t)];
    cycle.has_crm = 1;
    cycle.has_registry = 1;
    if (t == 0) {
      cycle.has_bureau = 1;
      cycle.bureau = customer.evidence.bureau;
      cycle.has_collections = 1;
      cycle.collections_segment = 2;
      cycle.payment_capacity_per_cycle = 80.0;
    }
    if (t == 3) {
      cycle.crm_opened = &opened;
      cycle.n_crm_opened = 1;
    }
    if (t == 5) {
      cycle.crm_resolved = resolved;
      cycle.n_crm_resolved = 1;
    }
    ASSERT_EQ(paystrike_monitor_add_cycle(monitor, &cycle), PAYSTRIKE_OK) << paystrike_last_error();
    ASSERT_EQ(paystrike_monitor_attribute(monitor, h.model, &result), PAYSTRIKE_OK);
    if (t == 4) {
      EXPECT_GT(result.probability[0], previous_dispute);  // the stop after a complaint
    }
    previous_dispute = result.probability[0];
  }
  int64_t seen = 0;
  ASSERT_EQ(paystrike_monitor_cycles_seen(monitor, &seen), PAYSTRIKE_OK);
  EXPECT_EQ(seen, 6);
  EXPECT_EQ(std::memcmp(&result.probability, &batch.probability, sizeof batch.probability), 0);
  EXPECT_EQ(std::memcmp(&result.contribution_points, &batch.contribution_points,
                        sizeof batch.contribution_points),
            0);
  EXPECT_EQ(result.top_cause, batch.top_cause);
  EXPECT_EQ(result.instalment, batch.instalment);

  // A refused cycle changes nothing: resolving complaint 0 again.
  paystrike_cycle_evidence again{};
  again.cycle = {100, 0, 4};
  again.has_crm = 1;
  again.crm_resolved = resolved;
  again.n_crm_resolved = 1;
  EXPECT_EQ(paystrike_monitor_add_cycle(monitor, &again), PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(paystrike_last_error()).find("account 'C-42', cycle 6"), std::string::npos)
      << paystrike_last_error();
  ASSERT_EQ(paystrike_monitor_cycles_seen(monitor, &seen), PAYSTRIKE_OK);
  EXPECT_EQ(seen, 6);
  paystrike_monitor_free(monitor);
  paystrike_monitor_free(nullptr);
}

TEST(CapiAttribution, ErrorsLeaveOutputsUntouchedAndNameTheProblem) {
  ModelHandle h;
  ASSERT_EQ(paystrike_evidence_model_default(20.0, &h.model), PAYSTRIKE_OK);
  paystrike_attribution_result sentinel;
  std::memset(&sentinel, 0xAB, sizeof sentinel);
  paystrike_attribution_result out = sentinel;
  const auto untouched = [&] { return std::memcmp(&out, &sentinel, sizeof out) == 0; };
  Customer customer;
  EXPECT_EQ(paystrike_attribute(nullptr, &customer.evidence, &out), PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(paystrike_attribute(h.model, nullptr, &out), PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(paystrike_attribute(h.model, &customer.evidence, nullptr), PAYSTRIKE_E_NULL_ARGUMENT);
  customer.cycles[4].amount_paid = std::nan("");
  EXPECT_EQ(paystrike_attribute(h.model, &customer.evidence, &out), PAYSTRIKE_E_MISSING_VALUE);
  EXPECT_NE(std::string(paystrike_last_error()).find("account 'C-42', cycle 4"), std::string::npos)
      << paystrike_last_error();
  customer.cycles[4].amount_paid = 0.0;
  customer.crm[0].category = 17;
  EXPECT_EQ(paystrike_attribute(h.model, &customer.evidence, &out), PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(paystrike_last_error()).find("CRM complaint 0: unknown category 17"),
            std::string::npos)
      << paystrike_last_error();
  customer.crm[0].category = PAYSTRIKE_COMPLAINT_DELIVERY;
  customer.crm[0].opened_cycle = 9;
  EXPECT_EQ(paystrike_attribute(h.model, &customer.evidence, &out), PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(paystrike_last_error()).find("beyond the history"), std::string::npos);
  customer.crm[0].opened_cycle = 3;
  customer.evidence.has_bureau = 2;
  EXPECT_EQ(paystrike_attribute(h.model, &customer.evidence, &out), PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(paystrike_last_error()).find("has_bureau must be 0 or 1"), std::string::npos);
  customer.evidence.has_bureau = 1;
  customer.evidence.n_cycles = 0;
  EXPECT_EQ(paystrike_attribute(h.model, &customer.evidence, &out), PAYSTRIKE_E_INVALID_ARGUMENT);
  customer.evidence.n_cycles = 6;
  customer.evidence.cycles = nullptr;
  EXPECT_EQ(paystrike_attribute(h.model, &customer.evidence, &out), PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_TRUE(untouched());

  paystrike_evidence_model* model = reinterpret_cast<paystrike_evidence_model*>(&sentinel);
  paystrike_evidence_model* const before = model;
  EXPECT_EQ(paystrike_evidence_model_default(0.0, &model), PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_EQ(paystrike_evidence_model_load_file("/nonexistent/x.pse", &model), PAYSTRIKE_E_IO_ERROR);
  const unsigned char junk[] = "not a model";
  EXPECT_EQ(paystrike_evidence_model_load_buffer(junk, sizeof junk, &model), PAYSTRIKE_E_BAD_FORMAT);
  EXPECT_EQ(model, before);
  paystrike_customer_monitor* monitor = nullptr;
  EXPECT_EQ(paystrike_monitor_create("x", -1, 0, &monitor), PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_EQ(monitor, nullptr);
}

TEST(CapiAttribution, FittingFilesAndNames) {
  // Fit on 40 cases through C and in C++: the same tables.
  std::vector<Customer> customers(40);
  std::vector<paystrike_customer_evidence> cases;
  std::vector<int32_t> causes;
  std::vector<pa::InvestigatedCase> cpp_cases;
  for (std::size_t i = 0; i < customers.size(); ++i) {
    Customer& c = customers[i];
    c.evidence.cycles = c.cycles.data();
    c.evidence.crm_complaints = c.crm.data();
    c.evidence.has_crm = static_cast<int32_t>(i % 2);
    c.evidence.has_bureau = static_cast<int32_t>(i % 3 == 0);
    c.evidence.bureau.delinquent_trade_lines = static_cast<int32_t>(i % 4 == 0);
    c.evidence.outside_training_range = static_cast<int32_t>(i % 5 == 0);
    cases.push_back(c.evidence);
    causes.push_back(static_cast<int32_t>(i % 4));
    pa::Account account;
    pa::ExternalEvidence evidence;
    cpp_customer(account, evidence);
    if (i % 2 == 0) evidence.crm_complaints.reset();
    if (i % 3 != 0) evidence.bureau.reset();
    else evidence.bureau->delinquent_trade_lines = i % 4 == 0 ? 1 : 0;
    account.outside_training_range = i % 5 == 0;
    cpp_cases.push_back({pa::derive_signals(account, evidence), static_cast<pa::Cause>(i % 4)});
  }
  ModelHandle fitted;
  ASSERT_EQ(paystrike_evidence_model_fit(cases.data(), causes.data(), 40, 1.0, 20.0, &fitted.model),
            PAYSTRIKE_OK)
      << paystrike_last_error();
  const pa::EvidenceTables expected = pa::fit_evidence_tables(cpp_cases, 1.0);
  // Save through C, load in C++: the fitted tables, bit for bit.
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("paystrike_capi_evidence_" + std::to_string(::getpid()) + ".pse"))
                               .string();
  ASSERT_EQ(paystrike_evidence_model_save_file(fitted.model, path.c_str()), PAYSTRIKE_OK);
  const pa::EvidenceModel loaded = paystrike::load_evidence_model_file(path);
  EXPECT_EQ(loaded.tables.prior, expected.prior);
  EXPECT_EQ(loaded.tables.likelihood, expected.likelihood);
  ModelHandle reloaded;
  ASSERT_EQ(paystrike_evidence_model_load_file(path.c_str(), &reloaded.model), PAYSTRIKE_OK);
  paystrike_attribution_result a, b;
  ASSERT_EQ(paystrike_attribute(fitted.model, &cases[3], &a), PAYSTRIKE_OK);
  ASSERT_EQ(paystrike_attribute(reloaded.model, &cases[3], &b), PAYSTRIKE_OK);
  EXPECT_EQ(std::memcmp(&a, &b, sizeof a), 0);
  std::filesystem::remove(path);

  causes[7] = PAYSTRIKE_CAUSE_UNDETERMINED;
  paystrike_evidence_model* none = nullptr;
  EXPECT_EQ(paystrike_evidence_model_fit(cases.data(), causes.data(), 40, 1.0, 20.0, &none),
            PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(paystrike_last_error()).find("case 7"), std::string::npos);
  EXPECT_EQ(paystrike_evidence_model_fit(cases.data(), causes.data(), 0, 1.0, 20.0, &none),
            PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_EQ(none, nullptr);

  EXPECT_STREQ(paystrike_cause_name(PAYSTRIKE_CAUSE_SERVICE_DISPUTE), "service_dispute");
  EXPECT_STREQ(paystrike_cause_name(PAYSTRIKE_CAUSE_UNDETERMINED), "undetermined");
  EXPECT_STREQ(paystrike_cause_name(99), "unknown_cause");
  EXPECT_STREQ(paystrike_signal_name(PAYSTRIKE_SIGNAL_REGISTRY), "registry");
  EXPECT_STREQ(paystrike_signal_name(-1), "unknown_signal");
  EXPECT_STREQ(paystrike_treatment_name(PAYSTRIKE_TREATMENT_FRAUD_REVIEW), "fraud_review");
  EXPECT_STREQ(paystrike_treatment_name(5), "unknown_treatment");
  paystrike_evidence_model_free(nullptr);
}
