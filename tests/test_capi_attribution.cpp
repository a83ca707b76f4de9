// Tests of the attribution's C ABI: one customer's evidence in, posteriors, contributions and
// treatment out, equal to the C++ core; the incremental monitor equal to the batch call;
// fitting, adapting, label thresholds, files (the evidence model in its own file and inside a
// score model file), names; errors leave outputs untouched and name the problem.
#include <gtest/gtest.h>

#include <unistd.h>

#include <array>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "paystrike/attribution/attribution.hpp"
#include "paystrike/io/evidence_model_file.hpp"
#include "paystrike/io/model_file.hpp"
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

struct ScoreHandle {
  paystrike_model* model = nullptr;
  ~ScoreHandle() { paystrike_model_free(model); }
};

// 40 variants of the customer, as C records and as the signals the C++ core derives from them.
struct Portfolio {
  std::vector<Customer> customers;
  std::vector<paystrike_customer_evidence> records;
  std::vector<pa::Signals> signals;

  // 40 customers for fitting; adapting needs pa::kMinDefaultersForThresholds.
  explicit Portfolio(std::size_t n = 40) : customers(n) {
    for (std::size_t i = 0; i < customers.size(); ++i) {
      Customer& c = customers[i];
      c.evidence.cycles = c.cycles.data();
      c.evidence.crm_complaints = c.crm.data();
      c.evidence.has_crm = static_cast<int32_t>(i % 2);
      if (c.evidence.has_crm == 0) c.evidence.n_crm_complaints = 0;
      c.evidence.has_bureau = static_cast<int32_t>(i % 3 == 0);
      c.evidence.bureau.delinquent_trade_lines = static_cast<int32_t>(i % 4 == 0);
      c.evidence.outside_training_range = static_cast<int32_t>(i % 5 == 0);
      records.push_back(c.evidence);
      pa::Account account;
      pa::ExternalEvidence evidence;
      cpp_customer(account, evidence);
      if (i % 2 == 0) evidence.crm_complaints.reset();
      if (i % 3 != 0)
        evidence.bureau.reset();
      else
        evidence.bureau->delinquent_trade_lines = i % 4 == 0 ? 1 : 0;
      account.outside_training_range = i % 5 == 0;
      signals.push_back(pa::derive_signals(account, evidence));
    }
  }
};

// Case C09's score model: three linear terms, intercept 0.5.
paystrike::ScoreModel c09_model() {
  paystrike::ScoreModel m;
  m.input_names = {"x1", "x2", "x3"};
  m.input_min = {0.0, 0.0, 0.0};
  m.input_max = {10.0, 10.0, 10.0};
  for (std::int64_t j = 0; j < 3; ++j)
    m.terms.push_back(
        paystrike::Term{"x" + std::to_string(j + 1), j, paystrike::TermKind::linear, 0.0});
  m.intercept = 0.5;
  m.coefficients = {1.0, -2.0, 0.25};
  return m;
}

// An evidence model fitted in C++ on the portfolio's signals, with its own scaling, rule and
// label thresholds (neither 1 nor the defaults).
pa::EvidenceModel fitted_cpp_model(const Portfolio& portfolio) {
  std::vector<pa::InvestigatedCase> cases;
  for (std::size_t i = 0; i < portfolio.signals.size(); ++i)
    cases.push_back({portfolio.signals[i], static_cast<pa::Cause>(i % 4)});
  paystrike::ScoreScaling scaling;
  scaling.pdo = 40.0;
  pa::EvidenceModel model = pa::fit_evidence_model(cases, 0.5, scaling);
  model.max_known_sources_for_undetermined = 2;
  model.label_threshold = {0.3125, 1.0, 0.2, 0.9};
  return model;
}

std::string temp_file(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("paystrike_capi_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

bool last_error_has(const std::string& part) {
  return std::string(paystrike_last_error()).find(part) != std::string::npos;
}

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
  customer.evidence.n_crm_complaints = 0;
  customer.evidence.has_bureau = 0;
  customer.evidence.has_registry = 0;
  ASSERT_EQ(paystrike_attribute(h.model, &customer.evidence, &result), PAYSTRIKE_OK)
      << paystrike_last_error();
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
  customer.evidence.n_cycles = int64_t{1} << 62;  // no vector holds it: not a crash, not a bug
  EXPECT_EQ(paystrike_attribute(h.model, &customer.evidence, &out), PAYSTRIKE_E_OUT_OF_MEMORY);
  EXPECT_TRUE(last_error_has("too large to allocate")) << paystrike_last_error();
  customer.evidence.n_cycles = 6;
  // Complaints passed with their source marked missing are refused, not dropped.
  customer.evidence.has_crm = 0;
  EXPECT_EQ(paystrike_attribute(h.model, &customer.evidence, &out), PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_TRUE(last_error_has("account 'C-42': CRM complaints given with has_crm 0"))
      << paystrike_last_error();
  customer.evidence.has_crm = 1;
  const paystrike_registry_complaint filed = {3, PAYSTRIKE_REGISTRY_BILLING_DISPUTE,
                                              PAYSTRIKE_RESPONSE_CLOSED, 1};
  customer.evidence.has_registry = 0;
  customer.evidence.registry_complaints = &filed;
  customer.evidence.n_registry_complaints = 1;
  EXPECT_EQ(paystrike_attribute(h.model, &customer.evidence, &out), PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_TRUE(last_error_has("registry complaints given with has_registry 0"))
      << paystrike_last_error();
  customer.evidence.has_registry = 1;
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
  const Portfolio portfolio;
  const std::vector<paystrike_customer_evidence>& cases = portfolio.records;
  std::vector<int32_t> causes;
  std::vector<pa::InvestigatedCase> cpp_cases;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    causes.push_back(static_cast<int32_t>(i % 4));
    cpp_cases.push_back({portfolio.signals[i], static_cast<pa::Cause>(i % 4)});
  }
  ModelHandle fitted;
  ASSERT_EQ(paystrike_evidence_model_fit(cases.data(), causes.data(), 40, 1.0, 20.0, &fitted.model),
            PAYSTRIKE_OK)
      << paystrike_last_error();
  const pa::EvidenceTables expected = pa::fit_evidence_tables(cpp_cases, 1.0);
  // The thresholds too: the C fit is fit_evidence_model (tables and label thresholds).
  paystrike::ScoreScaling scaling20;
  scaling20.pdo = 20.0;
  const pa::EvidenceModel expected_model = pa::fit_evidence_model(cpp_cases, 1.0, scaling20);
  double fitted_thresholds[PAYSTRIKE_CAUSE_COUNT];
  ASSERT_EQ(paystrike_evidence_model_label_thresholds(fitted.model, fitted_thresholds),
            PAYSTRIKE_OK);
  for (std::size_t c = 0; c < pa::kCauseCount; ++c)
    EXPECT_EQ(fitted_thresholds[c], expected_model.label_threshold[c]) << c;
  EXPECT_NE(fitted_thresholds[PAYSTRIKE_CAUSE_SERVICE_DISPUTE], 1.0);  // from the fitted tables
  // Save through C, load in C++: the fitted tables, bit for bit.
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("paystrike_capi_evidence_" + std::to_string(::getpid()) + ".pse"))
                               .string();
  ASSERT_EQ(paystrike_evidence_model_save_file(fitted.model, path.c_str()), PAYSTRIKE_OK);
  const pa::EvidenceModel loaded = paystrike::load_evidence_model_file(path);
  EXPECT_EQ(loaded.tables.prior, expected.prior);
  EXPECT_EQ(loaded.tables.likelihood, expected.likelihood);
  EXPECT_EQ(loaded.label_threshold, expected_model.label_threshold);
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
  causes[7] = PAYSTRIKE_CAUSE_MODEL_MISS;
  std::vector<paystrike_customer_evidence> bad_cases = cases;
  bad_cases[5].has_bureau = 3;  // a bad record names its case index, not only its account
  EXPECT_EQ(paystrike_evidence_model_fit(bad_cases.data(), causes.data(), 40, 1.0, 20.0, &none),
            PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_TRUE(last_error_has("case 5: account 'C-42': has_bureau must be 0 or 1"))
      << paystrike_last_error();
  EXPECT_EQ(paystrike_evidence_model_fit(cases.data(), causes.data(), 0, 1.0, 20.0, &none),
            PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_EQ(none, nullptr);

  EXPECT_STREQ(paystrike_cause_name(PAYSTRIKE_CAUSE_SERVICE_DISPUTE), "service_dispute");
  EXPECT_STREQ(paystrike_cause_name(PAYSTRIKE_CAUSE_UNDETERMINED), "undetermined");
  EXPECT_STREQ(paystrike_cause_name(99), "unknown_cause");
  EXPECT_STREQ(paystrike_signal_name(PAYSTRIKE_SIGNAL_REGISTRY), "registry");
  EXPECT_STREQ(paystrike_signal_name(-1), "unknown_signal");
  EXPECT_STREQ(paystrike_signal_state_name(PAYSTRIKE_SIGNAL_BEHAVIOUR, 1), "abrupt_stop");
  EXPECT_STREQ(paystrike_signal_state_name(PAYSTRIKE_SIGNAL_COMPLAINT, 5), "none");
  EXPECT_STREQ(paystrike_signal_state_name(PAYSTRIKE_SIGNAL_BUREAU, 3), "delinquent_elsewhere");
  EXPECT_STREQ(paystrike_signal_state_name(PAYSTRIKE_SIGNAL_REGISTRY, 1), "dispute_before_onset");
  EXPECT_STREQ(paystrike_signal_state_name(PAYSTRIKE_SIGNAL_TRAINING_RANGE, 2), "outside");
  EXPECT_STREQ(paystrike_signal_state_name(PAYSTRIKE_SIGNAL_TRAINING_RANGE, 0), "unknown");
  EXPECT_STREQ(paystrike_signal_state_name(PAYSTRIKE_SIGNAL_TRAINING_RANGE, 3), "unknown_state");
  EXPECT_STREQ(paystrike_signal_state_name(PAYSTRIKE_SIGNAL_BEHAVIOUR, -1), "unknown_state");
  EXPECT_STREQ(paystrike_signal_state_name(7, 0), "unknown_state");
  // Every state has its own name, matching the enumerators' order.
  for (int signal = 0; signal < PAYSTRIKE_SIGNAL_COUNT; ++signal) {
    std::set<std::string> names;
    const auto states = pa::kSignalStateCounts[static_cast<std::size_t>(signal)];
    for (std::size_t state = 0; state < states; ++state)
      names.insert(paystrike_signal_state_name(signal, static_cast<int32_t>(state)));
    EXPECT_EQ(names.size(), states) << signal;
    EXPECT_EQ(names.count("unknown_state"), 0u) << signal;
  }
  EXPECT_STREQ(paystrike_treatment_name(PAYSTRIKE_TREATMENT_FRAUD_REVIEW), "fraud_review");
  EXPECT_STREQ(paystrike_treatment_name(5), "unknown_treatment");
  paystrike_evidence_model_free(nullptr);
}

TEST(CapiAttribution, AnEvidenceModelTakenFromAScoreModelFileAttributesAsInCpp) {
  const Portfolio portfolio;
  const pa::EvidenceModel evidence = fitted_cpp_model(portfolio);
  const std::string path = temp_file("with_evidence.psm");
  paystrike::save_model_with_evidence_file(c09_model(), evidence, path);

  ScoreHandle score;
  ASSERT_EQ(paystrike_model_load_file(path.c_str(), &score.model), PAYSTRIKE_OK)
      << paystrike_last_error();
  int32_t has = -1;
  ASSERT_EQ(paystrike_model_has_evidence_model(score.model, &has), PAYSTRIKE_OK);
  EXPECT_EQ(has, 1);
  // The score is untouched by the evidence section.
  const double row[3] = {1, 2, 3};
  double p = 0.0;
  ASSERT_EQ(paystrike_score_row(score.model, row, 3, nullptr, &p), PAYSTRIKE_OK);
  EXPECT_EQ(p, 0.14804719803168948);

  ModelHandle from_file;
  ASSERT_EQ(paystrike_evidence_model_from_model(score.model, &from_file.model), PAYSTRIKE_OK)
      << paystrike_last_error();
  double thresholds[PAYSTRIKE_CAUSE_COUNT];
  ASSERT_EQ(paystrike_evidence_model_label_thresholds(from_file.model, thresholds), PAYSTRIKE_OK);
  for (std::size_t c = 0; c < pa::kCauseCount; ++c)
    EXPECT_EQ(thresholds[c], evidence.label_threshold[c]);
  // The handle is a copy: it outlives the score model.
  paystrike_model_free(score.model);
  score.model = nullptr;
  for (std::size_t i = 0; i < portfolio.customers.size(); ++i) {
    paystrike_attribution_result result;
    ASSERT_EQ(paystrike_attribute(from_file.model, &portfolio.records[i], &result), PAYSTRIKE_OK)
        << paystrike_last_error();
    pa::Account account;
    pa::ExternalEvidence external;
    cpp_customer(account, external);
    if (i % 2 == 0) external.crm_complaints.reset();
    if (i % 3 != 0)
      external.bureau.reset();
    else
      external.bureau->delinquent_trade_lines = i % 4 == 0 ? 1 : 0;
    account.outside_training_range = i % 5 == 0;
    expect_same(result, evidence.attribute(account, external));
  }
  std::filesystem::remove(path);
}

TEST(CapiAttribution, SavingAScoreModelWithAnEvidenceModelThroughC) {
  // A score model file without an evidence model, loaded through C.
  const std::vector<unsigned char> plain = paystrike::save_model_to_buffer(c09_model());
  ScoreHandle score;
  ASSERT_EQ(paystrike_model_load_buffer(plain.data(), plain.size(), &score.model), PAYSTRIKE_OK);
  int32_t has = -1;
  ASSERT_EQ(paystrike_model_has_evidence_model(score.model, &has), PAYSTRIKE_OK);
  EXPECT_EQ(has, 0);

  // The default model with thresholds set through C, attached to the score model.
  ModelHandle evidence;
  ASSERT_EQ(paystrike_evidence_model_default(20.0, &evidence.model), PAYSTRIKE_OK);
  const double thresholds[PAYSTRIKE_CAUSE_COUNT] = {0.3, 1.0, 0.25, 1.0};
  ASSERT_EQ(paystrike_evidence_model_set_label_thresholds(evidence.model, thresholds),
            PAYSTRIKE_OK);
  pa::EvidenceModel expected;
  expected.label_threshold = {0.3, 1.0, 0.25, 1.0};

  const std::string path = temp_file("saved_with_evidence.psm");
  ASSERT_EQ(paystrike_model_save_file_with_evidence(score.model, evidence.model, path.c_str()),
            PAYSTRIKE_OK)
      << paystrike_last_error();
  const std::vector<unsigned char> expected_image =
      paystrike::save_model_with_evidence_to_buffer(c09_model(), expected);
  const paystrike::ModelFileContents loaded = paystrike::load_model_and_evidence_file(path);
  ASSERT_TRUE(loaded.evidence_model.has_value());
  EXPECT_EQ(
      paystrike::save_model_with_evidence_to_buffer(loaded.score_model, *loaded.evidence_model),
      expected_image);

  // The same image through the buffer call: the size first, then the bytes.
  size_t size = 0;
  ASSERT_EQ(
      paystrike_model_save_buffer_with_evidence(score.model, evidence.model, nullptr, 0, &size),
      PAYSTRIKE_OK);
  EXPECT_EQ(size, expected_image.size());
  std::vector<unsigned char> image(size, 0xAB);
  size_t small_size = 7;
  EXPECT_EQ(paystrike_model_save_buffer_with_evidence(score.model, evidence.model, image.data(),
                                                      size - 1, &small_size),
            PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_TRUE(last_error_has("smaller than")) << paystrike_last_error();
  EXPECT_EQ(small_size, 7u);
  EXPECT_EQ(image, std::vector<unsigned char>(size, 0xAB));
  ASSERT_EQ(paystrike_model_save_buffer_with_evidence(score.model, evidence.model, image.data(),
                                                      image.size(), &size),
            PAYSTRIKE_OK);
  EXPECT_EQ(image, expected_image);

  // Loaded back through C: the evidence model attributes as the one attached.
  ScoreHandle reloaded;
  ASSERT_EQ(paystrike_model_load_file(path.c_str(), &reloaded.model), PAYSTRIKE_OK);
  ASSERT_EQ(paystrike_model_has_evidence_model(reloaded.model, &has), PAYSTRIKE_OK);
  EXPECT_EQ(has, 1);
  ModelHandle back;
  ASSERT_EQ(paystrike_evidence_model_from_model(reloaded.model, &back.model), PAYSTRIKE_OK);
  Customer customer;
  paystrike_attribution_result a, b;
  ASSERT_EQ(paystrike_attribute(evidence.model, &customer.evidence, &a), PAYSTRIKE_OK);
  ASSERT_EQ(paystrike_attribute(back.model, &customer.evidence, &b), PAYSTRIKE_OK);
  EXPECT_EQ(std::memcmp(&a, &b, sizeof a), 0);

  // Re-saving the loaded handle with the plain save calls keeps its evidence model.
  const std::string resaved = temp_file("resaved.psm");
  ASSERT_EQ(paystrike_model_save_file(reloaded.model, resaved.c_str()), PAYSTRIKE_OK)
      << paystrike_last_error();
  const paystrike::ModelFileContents again = paystrike::load_model_and_evidence_file(resaved);
  ASSERT_TRUE(again.evidence_model.has_value());
  EXPECT_EQ(paystrike::save_model_with_evidence_to_buffer(again.score_model, *again.evidence_model),
            expected_image);
  size_t plain_size = 0;
  ASSERT_EQ(paystrike_model_save_buffer(reloaded.model, nullptr, 0, &plain_size), PAYSTRIKE_OK);
  std::vector<unsigned char> plain_image(plain_size);
  ASSERT_EQ(paystrike_model_save_buffer(reloaded.model, plain_image.data(), plain_image.size(),
                                        &plain_size),
            PAYSTRIKE_OK);
  EXPECT_EQ(plain_image, expected_image);
  std::filesystem::remove(resaved);
  std::filesystem::remove(path);
}

TEST(CapiAttribution, AnOldScoreModelFileHasNoEvidenceModel) {
  // A version-1 file, byte for byte as the first release wrote it (test_model_file.cpp).
  const unsigned char header[24] = {0x89, 'P',  'S',  'K',  0x0D, 0x0A, 0x1A, 0x0A,
                                    0x01, 0x00, 0x00, 0x00, 0x4A, 0x01, 0x00, 0x00,
                                    0x00, 0x00, 0x00, 0x00, 0xE7, 0xD5, 0x78, 0x4C};
  const std::string payload =
      "22 serialization::archive 18 0 1 3 2 120 49 2 120 50 2 120 51 3 0 0 0 3 "
      "4621819117588971520 4621819117588971520 4621819117588971520 3 0 1 2 120 49 0 0 0 2 120 "
      "50 1 0 0 2 120 51 2 0 0 4602678819172646912 3 4607182418800017408 13835058055282163712 "
      "4598175219545276416 0 1 4648488871632306176 4632233691727265792 4626322717216342016\n";
  std::vector<unsigned char> file(header, header + 24);
  file.insert(file.end(), payload.begin(), payload.end());
  ScoreHandle score;
  ASSERT_EQ(paystrike_model_load_buffer(file.data(), file.size(), &score.model), PAYSTRIKE_OK)
      << paystrike_last_error();
  int32_t has = -1;
  ASSERT_EQ(paystrike_model_has_evidence_model(score.model, &has), PAYSTRIKE_OK);
  EXPECT_EQ(has, 0);
  paystrike_evidence_model* const sentinel = reinterpret_cast<paystrike_evidence_model*>(&has);
  paystrike_evidence_model* out = sentinel;
  EXPECT_EQ(paystrike_evidence_model_from_model(score.model, &out), PAYSTRIKE_E_UNDEFINED);
  EXPECT_EQ(out, sentinel);
  EXPECT_TRUE(
      last_error_has("paystrike_evidence_model_from_model: the score model carries no "
                     "evidence model"))
      << paystrike_last_error();
}

TEST(CapiAttribution, ScoreModelEvidenceCallsRefuseNulls) {
  const std::vector<unsigned char> plain = paystrike::save_model_to_buffer(c09_model());
  ScoreHandle score;
  ASSERT_EQ(paystrike_model_load_buffer(plain.data(), plain.size(), &score.model), PAYSTRIKE_OK);
  ModelHandle evidence;
  ASSERT_EQ(paystrike_evidence_model_default(20.0, &evidence.model), PAYSTRIKE_OK);
  int32_t has = 7;
  EXPECT_EQ(paystrike_model_has_evidence_model(nullptr, &has), PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_TRUE(last_error_has("paystrike_model_has_evidence_model: model is NULL"));
  EXPECT_EQ(paystrike_model_has_evidence_model(score.model, nullptr), PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_TRUE(last_error_has("out_has_evidence_model is NULL"));
  EXPECT_EQ(has, 7);
  paystrike_evidence_model* out = nullptr;
  EXPECT_EQ(paystrike_evidence_model_from_model(nullptr, &out), PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(paystrike_evidence_model_from_model(score.model, nullptr), PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(out, nullptr);
  const std::string path = temp_file("never_written.psm");
  EXPECT_EQ(paystrike_model_save_file_with_evidence(nullptr, evidence.model, path.c_str()),
            PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(paystrike_model_save_file_with_evidence(score.model, nullptr, path.c_str()),
            PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_TRUE(last_error_has("evidence_model is NULL")) << paystrike_last_error();
  EXPECT_EQ(paystrike_model_save_file_with_evidence(score.model, evidence.model, nullptr),
            PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_TRUE(last_error_has("path is NULL"));
  EXPECT_FALSE(std::filesystem::exists(path));
  const std::string bad_path = temp_file("no/such/dir/model.psm");
  EXPECT_EQ(paystrike_model_save_file_with_evidence(score.model, evidence.model, bad_path.c_str()),
            PAYSTRIKE_E_IO_ERROR);
  EXPECT_TRUE(last_error_has(bad_path)) << paystrike_last_error();
  size_t size = 0;
  EXPECT_EQ(
      paystrike_model_save_buffer_with_evidence(score.model, evidence.model, nullptr, 0, nullptr),
      PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(paystrike_model_save_buffer_with_evidence(nullptr, evidence.model, nullptr, 0, &size),
            PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(paystrike_model_save_buffer_with_evidence(score.model, nullptr, nullptr, 0, &size),
            PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(size, 0u);
}

TEST(CapiAttribution, LabelThresholdsAreReadAndSetWithinZeroToOne) {
  ModelHandle h;
  ASSERT_EQ(paystrike_evidence_model_default(20.0, &h.model), PAYSTRIKE_OK);
  double read[PAYSTRIKE_CAUSE_COUNT] = {-1, -1, -1, -1};
  ASSERT_EQ(paystrike_evidence_model_label_thresholds(h.model, read), PAYSTRIKE_OK);
  const pa::CauseVector defaults = pa::default_label_thresholds();
  for (std::size_t c = 0; c < pa::kCauseCount; ++c) EXPECT_EQ(read[c], defaults[c]);

  const double all_ones[PAYSTRIKE_CAUSE_COUNT] = {1.0, 1.0, 1.0, 1.0};
  ASSERT_EQ(paystrike_evidence_model_set_label_thresholds(h.model, all_ones), PAYSTRIKE_OK);
  const double set[PAYSTRIKE_CAUSE_COUNT] = {0.2, 1.0, 1e-9, 0.75};
  ASSERT_EQ(paystrike_evidence_model_set_label_thresholds(h.model, set), PAYSTRIKE_OK);
  ASSERT_EQ(paystrike_evidence_model_label_thresholds(h.model, read), PAYSTRIKE_OK);
  for (int c = 0; c < PAYSTRIKE_CAUSE_COUNT; ++c) EXPECT_EQ(read[c], set[c]);
  // Attribution with the thresholds set equals the C++ model with the same thresholds.
  Customer customer;
  paystrike_attribution_result result;
  ASSERT_EQ(paystrike_attribute(h.model, &customer.evidence, &result), PAYSTRIKE_OK);
  pa::EvidenceModel cpp;
  cpp.label_threshold = {0.2, 1.0, 1e-9, 0.75};
  pa::Account account;
  pa::ExternalEvidence evidence;
  cpp_customer(account, evidence);
  expect_same(result, cpp.attribute(account, evidence));

  // Refusals leave the model unchanged and name the cause.
  const double nan = std::nan("");
  struct Bad {
    double thresholds[PAYSTRIKE_CAUSE_COUNT];
    const char* cause;
  };
  const Bad bad[] = {{{0.5, 0.0, 0.5, 0.5}, "label threshold of financial_distress"},
                     {{1.5, 0.5, 0.5, 0.5}, "label threshold of service_dispute"},
                     {{0.5, 0.5, 0.5, -0.25}, "label threshold of model_miss"},
                     {{0.5, 0.5, nan, 0.5}, "label threshold of first_payment_default_or_fraud"},
                     {{0.5, 0.5, -0.0, 0.5}, "must be in (0, 1]"}};
  for (const Bad& b : bad) {
    EXPECT_EQ(paystrike_evidence_model_set_label_thresholds(h.model, b.thresholds),
              PAYSTRIKE_E_INVALID_ARGUMENT);
    EXPECT_TRUE(last_error_has(b.cause)) << paystrike_last_error();
    ASSERT_EQ(paystrike_evidence_model_label_thresholds(h.model, read), PAYSTRIKE_OK);
    for (int c = 0; c < PAYSTRIKE_CAUSE_COUNT; ++c) EXPECT_EQ(read[c], set[c]);
  }
  EXPECT_TRUE(
      std::string(paystrike_last_error()).find("paystrike_evidence_model_set_label_thresholds") ==
      0);
  EXPECT_EQ(paystrike_evidence_model_label_thresholds(nullptr, read), PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(paystrike_evidence_model_label_thresholds(h.model, nullptr), PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(paystrike_evidence_model_set_label_thresholds(nullptr, set), PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(paystrike_evidence_model_set_label_thresholds(h.model, nullptr),
            PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_TRUE(last_error_has("thresholds is NULL"));
}

TEST(CapiAttribution, AdaptingToAPortfolioEqualsTheCppCore) {
  const Portfolio portfolio(pa::kMinDefaultersForThresholds);
  ModelHandle h;
  ASSERT_EQ(paystrike_evidence_model_default(20.0, &h.model), PAYSTRIKE_OK);
  double before[PAYSTRIKE_CAUSE_COUNT];
  ASSERT_EQ(paystrike_evidence_model_label_thresholds(h.model, before), PAYSTRIKE_OK);
  ModelHandle adapted;
  ASSERT_EQ(paystrike_evidence_model_adapt_to_portfolio(
                h.model, portfolio.records.data(), static_cast<int64_t>(portfolio.records.size()),
                &adapted.model),
            PAYSTRIKE_OK)
      << paystrike_last_error();
  const pa::EvidenceModel expected =
      pa::adapt_evidence_model_to_portfolio(pa::EvidenceModel{}, portfolio.signals);
  double thresholds[PAYSTRIKE_CAUSE_COUNT];
  ASSERT_EQ(paystrike_evidence_model_label_thresholds(adapted.model, thresholds), PAYSTRIKE_OK);
  for (std::size_t c = 0; c < pa::kCauseCount; ++c)
    EXPECT_EQ(thresholds[c], expected.label_threshold[c]);
  Customer customer;
  paystrike_attribution_result result;
  ASSERT_EQ(paystrike_attribute(adapted.model, &customer.evidence, &result), PAYSTRIKE_OK);
  pa::Account account;
  pa::ExternalEvidence evidence;
  cpp_customer(account, evidence);
  expect_same(result, expected.attribute(account, evidence));
  // The adapted prior differs from the default one; the input model is unchanged.
  paystrike_attribution_result original;
  ASSERT_EQ(paystrike_attribute(h.model, &customer.evidence, &original), PAYSTRIKE_OK);
  EXPECT_NE(std::memcmp(original.prior_points, result.prior_points, sizeof result.prior_points), 0);
  expect_same(original, pa::EvidenceModel{}.attribute(account, evidence));
  double after[PAYSTRIKE_CAUSE_COUNT];
  ASSERT_EQ(paystrike_evidence_model_label_thresholds(h.model, after), PAYSTRIKE_OK);
  EXPECT_EQ(std::memcmp(before, after, sizeof before), 0);

  // Refusals: nothing is written to out_model.
  paystrike_evidence_model* const sentinel = reinterpret_cast<paystrike_evidence_model*>(&before);
  paystrike_evidence_model* out = sentinel;
  EXPECT_EQ(paystrike_evidence_model_adapt_to_portfolio(h.model, portfolio.records.data(), 0, &out),
            PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_TRUE(last_error_has("no defaulter")) << paystrike_last_error();
  // One defaulter fewer than the minimum: a share and thresholds from too few customers.
  EXPECT_EQ(paystrike_evidence_model_adapt_to_portfolio(
                h.model, portfolio.records.data(),
                static_cast<int64_t>(pa::kMinDefaultersForThresholds) - 1, &out),
            PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_TRUE(last_error_has("199 defaulters; at least 200 are needed")) << paystrike_last_error();
  EXPECT_EQ(
      paystrike_evidence_model_adapt_to_portfolio(h.model, portfolio.records.data(), -1, &out),
      PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_EQ(paystrike_evidence_model_adapt_to_portfolio(h.model, nullptr, 3, &out),
            PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(paystrike_evidence_model_adapt_to_portfolio(nullptr, portfolio.records.data(), 3, &out),
            PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(
      paystrike_evidence_model_adapt_to_portfolio(h.model, portfolio.records.data(), 3, nullptr),
      PAYSTRIKE_E_NULL_ARGUMENT);
  std::vector<paystrike_customer_evidence> records = portfolio.records;
  records[1].has_bureau = 2;
  EXPECT_EQ(paystrike_evidence_model_adapt_to_portfolio(h.model, records.data(), 3, &out),
            PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_TRUE(last_error_has("defaulter 1: account 'C-42': has_bureau must be 0 or 1"))
      << paystrike_last_error();
  records[1].has_bureau = 0;
  Customer missing;
  missing.cycles[4].amount_paid = std::nan("");
  records[2] = missing.evidence;
  EXPECT_EQ(paystrike_evidence_model_adapt_to_portfolio(h.model, records.data(), 3, &out),
            PAYSTRIKE_E_MISSING_VALUE);
  EXPECT_TRUE(last_error_has("defaulter 2: ")) << paystrike_last_error();
  EXPECT_EQ(out, sentinel);
}

TEST(CapiAttribution, AdaptingChosenCausesEqualsTheCppCore) {
  const Portfolio portfolio(pa::kMinDefaultersForThresholds);
  ModelHandle h;
  ASSERT_EQ(paystrike_evidence_model_default(20.0, &h.model), PAYSTRIKE_OK);
  const auto n = static_cast<int64_t>(portfolio.records.size());
  Customer customer;
  pa::Account account;
  pa::ExternalEvidence evidence;
  cpp_customer(account, evidence);
  // {1, 0, 0, 0} is the plain call; every share and fraud alone are the core's with that mask.
  const std::array<std::array<int32_t, PAYSTRIKE_CAUSE_COUNT>, 3> masks = {
      {{1, 0, 0, 0}, {1, 1, 1, 1}, {0, 0, 1, 0}}};
  for (const auto& mask : masks) {
    ModelHandle adapted;
    ASSERT_EQ(paystrike_evidence_model_adapt_causes_to_portfolio(
                  h.model, portfolio.records.data(), n, mask.data(), &adapted.model),
              PAYSTRIKE_OK)
        << paystrike_last_error();
    std::array<bool, pa::kCauseCount> causes{};
    for (std::size_t c = 0; c < pa::kCauseCount; ++c) causes[c] = mask[c] == 1;
    const pa::EvidenceModel expected =
        pa::adapt_evidence_model_to_portfolio(pa::EvidenceModel{}, portfolio.signals, causes);
    paystrike_attribution_result result;
    ASSERT_EQ(paystrike_attribute(adapted.model, &customer.evidence, &result), PAYSTRIKE_OK);
    expect_same(result, expected.attribute(account, evidence));
  }
  ModelHandle plain, dispute_only;
  ASSERT_EQ(paystrike_evidence_model_adapt_to_portfolio(h.model, portfolio.records.data(), n,
                                                        &plain.model),
            PAYSTRIKE_OK);
  ASSERT_EQ(paystrike_evidence_model_adapt_causes_to_portfolio(
                h.model, portfolio.records.data(), n, masks[0].data(), &dispute_only.model),
            PAYSTRIKE_OK);
  paystrike_attribution_result a, b;
  ASSERT_EQ(paystrike_attribute(plain.model, &customer.evidence, &a), PAYSTRIKE_OK);
  ASSERT_EQ(paystrike_attribute(dispute_only.model, &customer.evidence, &b), PAYSTRIKE_OK);
  EXPECT_EQ(std::memcmp(a.probability, b.probability, sizeof a.probability), 0);

  // Refusals: nothing is written to out_model.
  double anything = 0.0;
  paystrike_evidence_model* const sentinel = reinterpret_cast<paystrike_evidence_model*>(&anything);
  paystrike_evidence_model* out = sentinel;
  EXPECT_EQ(paystrike_evidence_model_adapt_causes_to_portfolio(h.model, portfolio.records.data(),
                                                               n, nullptr, &out),
            PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_TRUE(last_error_has("adapt_causes is NULL")) << paystrike_last_error();
  const int32_t bad[PAYSTRIKE_CAUSE_COUNT] = {1, 0, 2, 0};
  EXPECT_EQ(paystrike_evidence_model_adapt_causes_to_portfolio(h.model, portfolio.records.data(),
                                                               n, bad, &out),
            PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_TRUE(last_error_has("adapt_causes[first_payment_default_or_fraud] must be 0 or 1, not 2"))
      << paystrike_last_error();
  EXPECT_EQ(out, sentinel);
}

TEST(CapiAttribution, AnEvidenceModelSavedToABufferLoadsBackBitForBit) {
  ModelHandle h;
  ASSERT_EQ(paystrike_evidence_model_default(25.0, &h.model), PAYSTRIKE_OK);
  const double thresholds[PAYSTRIKE_CAUSE_COUNT] = {0.3, 1.0, 0.2, 0.9};
  ASSERT_EQ(paystrike_evidence_model_set_label_thresholds(h.model, thresholds), PAYSTRIKE_OK);
  size_t size = 0;
  ASSERT_EQ(paystrike_evidence_model_save_buffer(h.model, nullptr, 0, &size), PAYSTRIKE_OK);
  pa::EvidenceModel expected;
  expected.scaling.pdo = 25.0;
  expected.label_threshold = {0.3, 1.0, 0.2, 0.9};
  const std::vector<unsigned char> expected_image = paystrike::save_evidence_model_to_buffer(expected);
  ASSERT_EQ(size, expected_image.size());
  std::vector<unsigned char> image(size, 0xCD);
  size_t unchanged = 5;
  EXPECT_EQ(paystrike_evidence_model_save_buffer(h.model, image.data(), size - 1, &unchanged),
            PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_TRUE(last_error_has("smaller than")) << paystrike_last_error();
  EXPECT_EQ(unchanged, 5u);
  EXPECT_EQ(image, std::vector<unsigned char>(size, 0xCD));
  ASSERT_EQ(paystrike_evidence_model_save_buffer(h.model, image.data(), image.size(), &size),
            PAYSTRIKE_OK);
  EXPECT_EQ(image, expected_image);
  ModelHandle back;
  ASSERT_EQ(paystrike_evidence_model_load_buffer(image.data(), image.size(), &back.model),
            PAYSTRIKE_OK);
  double read[PAYSTRIKE_CAUSE_COUNT] = {0, 0, 0, 0};
  ASSERT_EQ(paystrike_evidence_model_label_thresholds(back.model, read), PAYSTRIKE_OK);
  for (int c = 0; c < PAYSTRIKE_CAUSE_COUNT; ++c) EXPECT_EQ(read[c], thresholds[c]);
  EXPECT_EQ(paystrike_evidence_model_save_buffer(nullptr, nullptr, 0, &size),
            PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(paystrike_evidence_model_save_buffer(h.model, nullptr, 0, nullptr),
            PAYSTRIKE_E_NULL_ARGUMENT);
}
