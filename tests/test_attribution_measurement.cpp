// Honest measurement of the attribution on the real Taiwan histories with simulated evidence:
// precision, recall and F1 per cause beside the Bayes ceiling on (a) the default portfolio,
// (b) a misspecified portfolio, (c) tables fitted on one seed's 1,000 investigated cases and
// judged on another seed; early warning (incremental monitor = batch, lead times); the
// service-adjusted evaluation; prior adaptation. The figures are printed for docs/attribution.md.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "paystrike/attribution/attribution.hpp"

namespace pa = paystrike::attribution;
using paystrike::Error;
using paystrike::Status;

namespace {

// The 30,000 real Taiwan accounts, Apr..Sep 2005, scored at the end of June (cycles 0-2 seen);
// the bad definition is the October default, i.e. cycle 6, one past the history.
const std::vector<pa::Account>& taiwan_accounts() {
  static const std::vector<pa::Account> accounts = [] {
    std::vector<pa::Account> result;
    std::ifstream in(std::string(PAYSTRIKE_EXAMPLES_DATA_DIR) + "/uci_taiwan_credit_default.csv");
    if (!in) throw std::runtime_error("cannot open the Taiwan CSV");
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      std::vector<double> v;
      std::stringstream fields(line);
      std::string field;
      while (std::getline(fields, field, ',')) v.push_back(std::stod(field));
      if (v.size() != 25) throw std::runtime_error("bad Taiwan row");
      std::vector<double> bills(6), payments(6), statuses(6);
      for (std::size_t m = 0; m < 6; ++m) {
        statuses[m] = v[11 - m];
        bills[m] = v[17 - m];
        payments[m] = v[23 - m];
      }
      pa::Account account;
      account.id = std::to_string(static_cast<long long>(v[0]));
      account.history = pa::history_from_monthly_statements(bills, payments, statuses, 3);
      account.defaulted = v[24] == 1.0;
      if (account.defaulted) account.bad_cycle = 6;
      account.outside_training_range = v[1] > 500000.0 || v[5] > 65.0;
      account.predicted_good = true;
      for (std::size_t t = 0; t < 3; ++t)
        if (statuses[t] >= 1.0) account.predicted_good = false;
      result.push_back(std::move(account));
    }
    return result;
  }();
  return accounts;
}

pa::PortfolioSummary measure(const char* setting, const pa::EvidenceModel& model,
                             const pa::SimulatedPortfolio& simulated) {
  const auto& accounts = taiwan_accounts();
  const auto attributions = pa::attribute_portfolio(model, accounts, simulated.evidence);
  const pa::PortfolioSummary s = pa::summarise_portfolio(accounts, attributions, &simulated);
  std::printf("%s (undetermined %.3f of defaulters)\n", setting, s.undetermined_share_of_defaulters);
  std::printf("  %-31s %-23s %-23s %-23s %s\n", "cause", "ours top label P/R/F1",
              "ours argmax P/R/F1", "ceiling argmax P/R/F1", "best-threshold F1 ours/ceiling");
  for (std::size_t c = 0; c < pa::kCauseCount; ++c) {
    const auto& top = s.ours_by_cause[c];
    const auto& argmax = s.ours_argmax_by_cause[c];
    const auto& ceiling = s.ceiling_by_cause[c];
    std::printf("  %-31s %.3f %.3f %.3f   %.3f %.3f %.3f   %.3f %.3f %.3f   %.3f / %.3f = %.3f\n",
                pa::cause_name(static_cast<pa::Cause>(c)), top.precision, top.recall, top.f1,
                argmax.precision, argmax.recall, argmax.f1, ceiling.precision, ceiling.recall,
                ceiling.f1, s.ours_best_f1_by_cause[c], s.ceiling_best_f1_by_cause[c],
                s.ours_best_f1_by_cause[c] / s.ceiling_best_f1_by_cause[c]);
  }
  return s;
}

constexpr std::size_t kDispute = static_cast<std::size_t>(pa::Cause::service_dispute);

double best_ratio(const pa::PortfolioSummary& s) {
  return s.ours_best_f1_by_cause[kDispute] / s.ceiling_best_f1_by_cause[kDispute];
}
// The label we deliver (top cause: thresholds, argmax, undetermined) against the ceiling's
// best F1 over thresholds: the measure.
double label_ratio(const pa::PortfolioSummary& s, std::size_t cause = kDispute) {
  return s.ours_by_cause[cause].f1 / s.ceiling_best_f1_by_cause[cause];
}

// Mean and smallest of a ratio over seeds, printed.
struct OverSeeds {
  double sum = 0.0, smallest = 1e300;
  int count = 0;
  void add(double value) {
    sum += value;
    smallest = std::min(smallest, value);
    ++count;
  }
  double mean() const { return sum / count; }
};

constexpr int kSeeds = 6;

}  // namespace

namespace {

// The documented defaults as documented for a portfolio: the default tables with the
// service-dispute share adapted to the portfolio's defaulters (no labels).
pa::EvidenceModel adapted_defaults(const pa::SimulatedPortfolio& simulated,
                                   const std::array<bool, pa::kCauseCount>& causes =
                                       pa::kCausesAdaptedToPortfolio) {
  return pa::adapt_evidence_model_to_portfolio(
      pa::EvidenceModel{}, pa::defaulter_signals(taiwan_accounts(), simulated.evidence), causes);
}

}  // namespace

// (a) The default portfolio with the documented default model, as shipped (tables and label
// thresholds from the tables alone, for one customer without a portfolio) and adapted to the
// portfolio, on six seeds.
TEST(AttributionMeasurement, DefaultModelOnTheDefaultPortfolio) {
  OverSeeds label, best, adapted_label;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    const pa::SimulatedPortfolio simulated = pa::simulate_portfolio(taiwan_accounts(), 10 + seed);
    const std::string tag = ", default portfolio, seed " + std::to_string(10 + seed);
    const pa::PortfolioSummary s =
        measure(("(a) default model as shipped" + tag).c_str(), pa::EvidenceModel{}, simulated);
    label.add(label_ratio(s));
    best.add(best_ratio(s));
    EXPECT_LT(s.undetermined_share_of_defaulters, 0.10);  // gives up only on thin evidence
    EXPECT_LE(best_ratio(s), 1.0 + 1e-9);  // the ceiling ranks best (up to ties)
    const pa::PortfolioSummary a =
        measure(("(a') default model adapted" + tag).c_str(), adapted_defaults(simulated), simulated);
    adapted_label.add(label_ratio(a));
  }
  std::printf("(a) service dispute, our label F1 / ceiling best F1: as shipped mean %.3f, "
              "smallest %.3f; adapted mean %.3f, smallest %.3f; best threshold: mean %.3f\n",
              label.mean(), label.smallest, adapted_label.mean(), adapted_label.smallest,
              best.mean());
  EXPECT_GE(label.mean(), 0.93);
  EXPECT_GE(adapted_label.mean(), 0.93);  // adapting costs little where the defaults fit
  EXPECT_GE(best.mean(), 0.95);
}

// (b) Portfolios whose rates differ from the model's defaults (a misspecified model): the
// defaults as shipped, adapted as documented (the service-dispute share), and adapted by the
// plain EM of every share (for comparison: it follows the likelihoods' errors).
TEST(AttributionMeasurement, DefaultModelOnAMisspecifiedPortfolio) {
  OverSeeds plain_label, adapted_label, adapted_best, every_share_label;
  std::array<OverSeeds, pa::kCauseCount> plain_by_cause, adapted_by_cause, every_share_by_cause;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    const pa::SimulatedPortfolio simulated =
        pa::simulate_portfolio(taiwan_accounts(), 20 + seed, pa::misspecified_simulator_config());
    const std::string tag = ", misspecified portfolio, seed " + std::to_string(20 + seed);
    const pa::PortfolioSummary plain =
        measure(("(b) default model as shipped" + tag).c_str(), pa::EvidenceModel{}, simulated);
    const pa::EvidenceModel adapted = adapted_defaults(simulated);
    const pa::PortfolioSummary s =
        measure(("(b') default model adapted to the portfolio" + tag).c_str(), adapted, simulated);
    const pa::PortfolioSummary every = measure(
        ("(b'') default model, every share adapted" + tag).c_str(),
        adapted_defaults(simulated, pa::kAllCausesAdapted), simulated);
    // The planted share is 25%, not the shipped 10%; EM on this simulator stops short of it
    // (docs/simulator.md, "A caveat for prior re-estimation").
    EXPECT_GT(adapted.tables.prior[kDispute], 0.15);
    EXPECT_LT(adapted.tables.prior[kDispute], 0.25);
    plain_label.add(label_ratio(plain));
    adapted_label.add(label_ratio(s));
    adapted_best.add(best_ratio(s));
    every_share_label.add(label_ratio(every));
    for (std::size_t c = 0; c < pa::kCauseCount; ++c) {
      plain_by_cause[c].add(label_ratio(plain, c));
      adapted_by_cause[c].add(label_ratio(s, c));
      every_share_by_cause[c].add(label_ratio(every, c));
    }
  }
  std::printf("(b) service dispute, our label F1 / ceiling best F1: as shipped mean %.3f; adapted "
              "mean %.3f, smallest %.3f; adapted best threshold mean %.3f; every share adapted "
              "mean %.3f\n",
              plain_label.mean(), adapted_label.mean(), adapted_label.smallest, adapted_best.mean(),
              every_share_label.mean());
  for (std::size_t c = 0; c < pa::kCauseCount; ++c)
    std::printf("(b) %-31s label F1 / ceiling best F1, mean: as shipped %.3f, adapted %.3f, "
                "every share adapted %.3f\n",
                pa::cause_name(static_cast<pa::Cause>(c)), plain_by_cause[c].mean(),
                adapted_by_cause[c].mean(), every_share_by_cause[c].mean());
  // Target: at least 0.9 of the ceiling's best F1 with the documented defaults.
  EXPECT_GE(adapted_label.mean(), 0.90);
  EXPECT_GE(adapted_label.smallest, 0.88);
  EXPECT_GE(adapted_best.mean(), 0.95);
  // Honest: without adaptation the shipped prior (10% disputes) costs a lot ...
  EXPECT_LT(plain_label.mean(), 0.85);
  EXPECT_GE(adapted_label.mean(), plain_label.mean() + 0.05);
  // ... and adapting the dispute share leaves the other causes' labels as they were, where
  // adapting every share would cost fraud and model miss much of theirs.
  for (std::size_t c = 1; c < pa::kCauseCount; ++c)
    EXPECT_GE(adapted_by_cause[c].mean(), plain_by_cause[c].mean() - 0.03)
        << pa::cause_name(static_cast<pa::Cause>(c));
  constexpr std::size_t kModelMiss = static_cast<std::size_t>(pa::Cause::model_miss);
  EXPECT_LT(every_share_by_cause[kModelMiss].mean(), adapted_by_cause[kModelMiss].mean() - 0.1);
}

// (c) A model fitted on 1,000 investigated cases of one portfolio, judged on another seed.
TEST(AttributionMeasurement, ModelFittedOnAThousandCasesJudgedOnAnotherSeed) {
  const auto& accounts = taiwan_accounts();
  OverSeeds label, best, misspecified_label;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    const pa::SimulatedPortfolio training = pa::simulate_portfolio(accounts, 300 + 2 * seed);
    const pa::SimulatedPortfolio judged = pa::simulate_portfolio(accounts, 301 + 2 * seed);
    const pa::EvidenceModel fitted = pa::fit_evidence_model(
        pa::sample_investigated_cases(accounts, training, 1000, static_cast<std::uint64_t>(seed)));
    const pa::PortfolioSummary s = measure(
        ("(c) fitted on 1,000 cases of seed " + std::to_string(300 + 2 * seed) +
         ", judged on seed " + std::to_string(301 + 2 * seed)).c_str(),
        fitted, judged);
    label.add(label_ratio(s));
    best.add(best_ratio(s));
    const pa::SimulatedPortfolio training_m =
        pa::simulate_portfolio(accounts, 400 + 2 * seed, pa::misspecified_simulator_config());
    const pa::SimulatedPortfolio judged_m =
        pa::simulate_portfolio(accounts, 401 + 2 * seed, pa::misspecified_simulator_config());
    const pa::EvidenceModel fitted_m = pa::fit_evidence_model(pa::sample_investigated_cases(
        accounts, training_m, 1000, static_cast<std::uint64_t>(100 + seed)));
    const pa::PortfolioSummary m = measure(
        ("(c') fitted on 1,000 cases of misspecified seed " + std::to_string(400 + 2 * seed) +
         ", judged on misspecified seed " + std::to_string(401 + 2 * seed)).c_str(),
        fitted_m, judged_m);
    misspecified_label.add(label_ratio(m));
  }
  std::printf("(c) service dispute, our label F1 / ceiling best F1: mean %.3f, smallest %.3f; "
              "best threshold mean %.3f; on misspecified portfolios mean %.3f, smallest %.3f\n",
              label.mean(), label.smallest, best.mean(), misspecified_label.mean(),
              misspecified_label.smallest);
  // Target: at least 0.97 of the ceiling's best F1 (mean over seeds: one seed's 1,000 cases
  // hold about 150 disputes, so a single seed moves by about 0.01).
  EXPECT_GE(label.mean(), 0.97);
  EXPECT_GE(label.smallest, 0.94);
  EXPECT_GE(misspecified_label.mean(), 0.97);
  EXPECT_GE(best.mean(), 0.97);
}

TEST(AttributionMeasurement, InvestigatedCasesAreASeededSampleWithoutReplacement) {
  const auto& accounts = taiwan_accounts();
  const pa::SimulatedPortfolio simulated = pa::simulate_portfolio(accounts, 5);
  const auto a = pa::sample_investigated_cases(accounts, simulated, 1000, 9);
  const auto b = pa::sample_investigated_cases(accounts, simulated, 1000, 9);
  ASSERT_EQ(a.size(), 1000u);
  for (std::size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(a[k].cause, b[k].cause);
    EXPECT_EQ(a[k].signals.state_indices(), b[k].signals.state_indices());
  }
  EXPECT_EQ(pa::sample_investigated_cases(accounts, simulated, 100000, 9).size(), 6636u);
}

namespace {

// 20,000 defaulters drawn from `tables` with `prior`: the cause first, then every signal's state
// given the cause, a third of the external signals (CRM, bureau, registry) missing.
std::vector<pa::Signals> draw_defaulters(const pa::EvidenceTables& tables,
                                         const pa::CauseVector& prior, std::uint64_t seed) {
  pa::PortableRandom random(seed);
  std::vector<pa::Signals> defaulters;
  for (int i = 0; i < 20000; ++i) {
    const std::size_t c = random.categorical(prior);
    std::array<std::size_t, pa::kSignalCount> states{};
    for (std::size_t s = 0; s < pa::kSignalCount; ++s) {
      std::vector<double> column(pa::kSignalStateCounts[s], 0.0);
      for (std::size_t state = 1; state < column.size(); ++state)
        column[state] = tables.likelihood[s][state][c];
      states[s] = random.categorical(column);
      if (s >= 1 && s <= 3 && random.bernoulli(1.0 / 3.0)) states[s] = 0;
    }
    pa::Signals signals;
    signals.behaviour = static_cast<pa::BehaviourPattern>(states[0]);
    signals.complaint = static_cast<pa::ComplaintSignal>(states[1]);
    signals.bureau = static_cast<pa::BureauSignal>(states[2]);
    signals.registry = static_cast<pa::RegistrySignal>(states[3]);
    signals.training_range = static_cast<pa::TrainingRangeSignal>(states[4]);
    defaulters.push_back(signals);
  }
  return defaulters;
}

}  // namespace

TEST(AttributionMeasurement, PriorAdaptationRecoversThePriorOfCasesDrawnFromTheTables) {
  // Defaulters drawn from the default tables with a different prior: EM of every share, from
  // the default prior, must find the prior they were drawn from.
  const pa::EvidenceTables tables = pa::default_evidence_tables();
  const pa::CauseVector drawn_prior = {0.30, 0.35, 0.10, 0.25};
  const std::vector<pa::Signals> defaulters = draw_defaulters(tables, drawn_prior, 77);
  const pa::EvidenceTables adapted =
      pa::adapt_prior_to_portfolio(tables, defaulters, pa::kAllCausesAdapted);
  for (std::size_t c = 0; c < pa::kCauseCount; ++c)
    EXPECT_NEAR(adapted.prior[c], drawn_prior[c], 0.025) << pa::cause_name(static_cast<pa::Cause>(c));
  EXPECT_EQ(adapted.likelihood, tables.likelihood);  // only the prior moves
  EXPECT_EQ(pa::adapt_prior_to_portfolio(tables, {}, pa::kAllCausesAdapted).prior, tables.prior);
  EXPECT_EQ(pa::adapt_prior_to_portfolio(tables, defaulters, {false, false, false, false}).prior,
            tables.prior);
  EXPECT_THROW(pa::adapt_prior_to_portfolio(tables, defaulters, pa::kAllCausesAdapted, 0), Error);
}

TEST(AttributionMeasurement, DisputeShareAdaptationRecoversTheShareAndKeepsTheOtherRatios) {
  // 20,000 defaulters drawn from the default tables with 30% disputes and the other causes in
  // the default tables' ratios (0.55 : 0.05 : 0.30). Adapting the dispute share alone (the
  // default) must find 0.30 and scale the others by the same factor.
  const pa::EvidenceTables tables = pa::default_evidence_tables();
  pa::CauseVector drawn_prior{};
  drawn_prior[kDispute] = 0.30;
  for (std::size_t c = 1; c < pa::kCauseCount; ++c)
    drawn_prior[c] = tables.prior[c] / (1.0 - tables.prior[kDispute]) * 0.70;
  const std::vector<pa::Signals> defaulters = draw_defaulters(tables, drawn_prior, 78);
  const pa::EvidenceTables adapted = pa::adapt_prior_to_portfolio(tables, defaulters);
  EXPECT_NEAR(adapted.prior[kDispute], 0.30, 0.02);
  const double scale = (1.0 - adapted.prior[kDispute]) / (1.0 - tables.prior[kDispute]);
  for (std::size_t c = 1; c < pa::kCauseCount; ++c)
    EXPECT_NEAR(adapted.prior[c], tables.prior[c] * scale, 1e-12)
        << pa::cause_name(static_cast<pa::Cause>(c));
  const pa::EvidenceModel model =
      pa::adapt_evidence_model_to_portfolio(pa::EvidenceModel{}, defaulters);
  EXPECT_EQ(model.tables.prior, adapted.prior);
  // The thresholds are the plug-in optimum under the adapted prior (a higher share of disputes
  // raises the best F1 and with it the threshold, about F*/2).
  EXPECT_EQ(model.label_threshold, pa::label_thresholds_for_defaulters(adapted, defaulters));
  EXPECT_GT(model.label_threshold[kDispute], pa::EvidenceModel{}.label_threshold[kDispute]);
}

TEST(AttributionMeasurement, AdaptingNeedsTwoHundredDefaulters) {
  // The share and thresholds estimated on n defaulters drawn at random from a misspecified
  // portfolio, judged on all of it: the label's F1 / the ceiling's best F1 over ten draws on each
  // of two seeds. Below the minimum the plug-in follows a few customers: the ratio scatters.
  const auto& accounts = taiwan_accounts();
  // adapt_evidence_model_to_portfolio() without its minimum, to measure what the minimum avoids.
  const auto unguarded_adapt = [](const std::vector<pa::Signals>& sample) {
    pa::EvidenceModel model;
    model.tables = pa::adapt_prior_to_portfolio(model.tables, sample);
    for (std::size_t c = 0; c < pa::kCauseCount; ++c) {
      if (!pa::kCausesLabelledByThreshold[c]) continue;
      std::vector<std::pair<double, double>> weighted;
      for (const pa::Signals& signals : sample)
        weighted.emplace_back(model.tables.posterior(signals)[c], 1.0);
      model.label_threshold[c] = pa::expected_f1_threshold(weighted).threshold;
    }
    return model;
  };
  struct Spread {
    OverSeeds ratio;
    double sum_of_squares = 0.0;
    void add(double value) {
      ratio.add(value);
      sum_of_squares += value * value;
    }
    double sd() const {
      const double m = ratio.mean();
      return std::sqrt(sum_of_squares / ratio.count - m * m);
    }
  };
  constexpr std::size_t kMin = pa::kMinDefaultersForThresholds;
  OverSeeds shipped;
  Spread at_minimum, at_quarter;
  for (int seed = 21; seed <= 22; ++seed) {
    const pa::SimulatedPortfolio simulated =
        pa::simulate_portfolio(accounts, seed, pa::misspecified_simulator_config());
    const auto judge = [&](const pa::EvidenceModel& model) {
      return label_ratio(pa::summarise_portfolio(
          accounts, pa::attribute_portfolio(model, accounts, simulated.evidence), &simulated));
    };
    shipped.add(judge(pa::EvidenceModel{}));
    for (std::uint64_t draw = 1; draw <= 10; ++draw) {
      for (const std::size_t n : {kMin / 4, kMin}) {
        std::vector<pa::Signals> sample;  // the drawn cases' causes are not used
        for (const pa::InvestigatedCase& drawn :
             pa::sample_investigated_cases(accounts, simulated, n, 1000 * seed + draw))
          sample.push_back(drawn.signals);
        if (n < kMin) {
          EXPECT_THROW(pa::adapt_evidence_model_to_portfolio(pa::EvidenceModel{}, sample), Error);
          at_quarter.add(judge(unguarded_adapt(sample)));
        } else {
          const pa::EvidenceModel adapted =
              pa::adapt_evidence_model_to_portfolio(pa::EvidenceModel{}, sample);
          ASSERT_EQ(adapted.label_threshold, unguarded_adapt(sample).label_threshold);
          at_minimum.add(judge(adapted));
        }
      }
    }
  }
  std::printf("service-dispute label F1 / ceiling best F1, misspecified seeds 21-22, 20 draws: "
              "shipped mean %.3f; adapted on %zu defaulters mean %.3f sd %.3f smallest %.3f; on "
              "%zu (refused) mean %.3f sd %.3f smallest %.3f\n",
              shipped.mean(), kMin, at_minimum.ratio.mean(), at_minimum.sd(),
              at_minimum.ratio.smallest, kMin / 4, at_quarter.ratio.mean(), at_quarter.sd(),
              at_quarter.ratio.smallest);
  EXPECT_GT(at_minimum.ratio.mean(), shipped.mean() + 0.05);
  EXPECT_LT(at_minimum.sd(), 0.75 * at_quarter.sd());
}

// ---------------------------------------------------------------------------------------------
// Early warning

TEST(AttributionEarlyWarning, MonitorEqualsBatchSignalsOnEveryRealAccount) {
  const auto& accounts = taiwan_accounts();
  const pa::SimulatedPortfolio simulated = pa::simulate_portfolio(accounts, 31);
  std::size_t compared = 0;
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    const auto cycles = pa::split_into_cycles(accounts[i], simulated.evidence[i]);
    pa::CustomerMonitor monitor(accounts[i].id, accounts[i].history.first_cycle_after_scoring,
                                accounts[i].outside_training_range);
    for (const auto& cycle : cycles) monitor.add_cycle(cycle);
    const pa::Signals batch = pa::derive_signals(accounts[i], simulated.evidence[i]);
    const pa::Signals incremental = monitor.signals();
    ASSERT_EQ(incremental.state_indices(), batch.state_indices()) << accounts[i].id;
    ASSERT_EQ(incremental.onset_cycle, batch.onset_cycle) << accounts[i].id;
    ++compared;
  }
  EXPECT_EQ(compared, 30000u);
}

TEST(AttributionEarlyWarning, MonitorAfterTCyclesEqualsBatchOnTheTruncatedHistory) {
  // Clean history, an unresolved service complaint at cycle 3 resolved at cycle 5, a stop at 4.
  pa::Account account;
  account.id = "W-1";
  account.history.cycles = {{100, 100, -1}, {100, 100, -1}, {100, 100, -1},
                            {100, 100, 0},  {100, 0, 2},    {100, 0, 3}};
  account.history.first_cycle_after_scoring = 3;
  pa::ExternalEvidence evidence;
  evidence.crm_complaints = std::vector<pa::CrmComplaint>{
      {3, pa::ComplaintCategory::product_defect, 2, true, 5}};
  evidence.registry_complaints = std::vector<pa::RegistryComplaint>{};
  const auto cycles = pa::split_into_cycles(account, evidence);
  ASSERT_EQ(cycles.size(), 6u);
  EXPECT_FALSE(cycles[3].crm_opened->front().resolved);  // arrives open ...
  EXPECT_EQ(cycles[5].crm_resolved, std::vector<std::size_t>{0});  // ... resolved at cycle 5
  pa::CustomerMonitor monitor("W-1", 3);
  const std::vector<pa::BehaviourPattern> expected_pattern = {
      pa::BehaviourPattern::unknown,    pa::BehaviourPattern::unknown,
      pa::BehaviourPattern::unknown,    pa::BehaviourPattern::no_pattern,
      pa::BehaviourPattern::abrupt_stop, pa::BehaviourPattern::abrupt_stop};
  for (std::size_t t = 0; t < cycles.size(); ++t) {
    monitor.add_cycle(cycles[t]);
    EXPECT_EQ(monitor.signals().behaviour, expected_pattern[t]) << "cycle " << t;
  }
  const pa::Signals s = monitor.signals();
  EXPECT_EQ(s.onset_cycle, 4u);
  EXPECT_EQ(s.complaint, pa::ComplaintSignal::service_unresolved_before_onset);
  EXPECT_EQ(s.registry, pa::RegistrySignal::none);
  EXPECT_EQ(s.bureau, pa::BureauSignal::unknown);
  const pa::EvidenceModel model;
  const pa::Attribution incremental = monitor.attribute(model);
  const pa::Attribution batch = model.attribute(account, evidence);
  EXPECT_EQ(incremental.probability, batch.probability);
  EXPECT_EQ(incremental.top_cause, pa::Cause::service_dispute);
  EXPECT_EQ(incremental.instalment.amount, batch.instalment.amount);
  EXPECT_EQ(incremental.instalment.amount, 100.0);
}

TEST(AttributionEarlyWarning, ARefusedCycleLeavesTheMonitorUnchanged) {
  pa::CustomerMonitor monitor("W-2", 1);
  pa::CycleEvidence first;
  first.cycle = {100, 100, 0};
  first.crm_opened = std::vector<pa::CrmComplaint>{};
  monitor.add_cycle(first);
  pa::CycleEvidence bad;
  bad.cycle = {100, 0, 2};
  bad.crm_opened = std::vector<pa::CrmComplaint>{{0, pa::ComplaintCategory::delivery, 1, false, 0}};
  try {
    monitor.add_cycle(bad);  // a complaint opened at cycle 0 given in cycle 1
    ADD_FAILURE() << "accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::invalid_argument);
    EXPECT_NE(std::string(e.what()).find("account 'W-2', cycle 1"), std::string::npos) << e.what();
  }
  EXPECT_EQ(monitor.cycles_seen(), 1u);
  EXPECT_EQ(monitor.signals().complaint, pa::ComplaintSignal::none);
  pa::CycleEvidence resolve_unknown;
  resolve_unknown.cycle = {100, 0, 2};
  resolve_unknown.crm_resolved = {0};
  EXPECT_THROW(monitor.add_cycle(resolve_unknown), Error);
  pa::CycleEvidence nan_cycle;
  nan_cycle.cycle = {100, std::nan(""), 2};
  try {
    monitor.add_cycle(nan_cycle);
    ADD_FAILURE() << "accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::missing_value);
  }
  EXPECT_EQ(monitor.cycles_seen(), 1u);
  EXPECT_THROW(pa::CustomerMonitor("W-3", 0).attribute(pa::EvidenceModel{}), Error);
}

TEST(AttributionEarlyWarning, ReplayFlagsAndLeadTimesOnTheTaiwanPortfolio) {
  const auto& accounts = taiwan_accounts();
  const pa::SimulatedPortfolio simulated = pa::simulate_portfolio(accounts, 41);
  const pa::EarlyWarningSummary ew = pa::replay_early_warning(
      pa::EvidenceModel{}, accounts, simulated.evidence, pa::EarlyWarningRule{}, &simulated);
  std::printf("Early warning (default tables, seed 41, flag at P(service dispute) >= 0.5 from "
              "July on, bad = October default):\n  %lld reached bad, %lld flagged before it, "
              "median lead %.1f cycles; planted disputes %lld, flagged before bad %lld, median "
              "lead %.1f; false alarms %lld of %lld good payers\n",
              static_cast<long long>(ew.reached_bad), static_cast<long long>(ew.flagged_before_bad),
              ew.median_lead_cycles, static_cast<long long>(ew.planted),
              static_cast<long long>(ew.planted_flagged_before_bad), ew.planted_median_lead_cycles,
              static_cast<long long>(ew.flagged_never_bad), static_cast<long long>(ew.never_bad));
  EXPECT_EQ(ew.reached_bad, 6636);
  EXPECT_EQ(ew.never_bad, 23364);
  // Monitoring starts in July (cycle 3) and October is cycle 6: a lead of 1 to 3 cycles.
  EXPECT_GE(ew.median_lead_cycles, 1.0);
  EXPECT_LE(ew.median_lead_cycles, 3.0);
  EXPECT_GT(ew.planted_flagged_before_bad, ew.planted / 4);
  EXPECT_LT(ew.flagged_never_bad, ew.never_bad / 20);  // under 5% false alarms
  // Every flag is at or after the first cycle after scoring, and every lead is bad - flag.
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    const pa::EarlyWarning& w = ew.customers[i];
    if (w.flagged_cycle) {
      EXPECT_GE(*w.flagged_cycle, 3u);
      EXPECT_GE(w.posterior_at_flag, 0.5);
    }
    if (w.lead_cycles) {
      ASSERT_TRUE(w.bad_cycle && w.flagged_cycle);
      EXPECT_EQ(*w.lead_cycles, *w.bad_cycle - *w.flagged_cycle);
    }
  }
}

TEST(AttributionEarlyWarning, LeadTimesInTheDefaultMisspecifiedAndFittedSettings) {
  const auto& accounts = taiwan_accounts();
  const auto report = [&](const char* setting, const pa::EvidenceModel& model,
                          const pa::SimulatedPortfolio& simulated) {
    const pa::EarlyWarningSummary ew = pa::replay_early_warning(
        model, accounts, simulated.evidence, pa::EarlyWarningRule{}, &simulated);
    std::printf("Early warning, %s: %lld of %lld defaulters flagged before bad (median lead %.1f "
                "cycles); planted disputes %lld of %lld (median lead %.1f); false alarms %lld of "
                "%lld\n",
                setting, static_cast<long long>(ew.flagged_before_bad),
                static_cast<long long>(ew.reached_bad), ew.median_lead_cycles,
                static_cast<long long>(ew.planted_flagged_before_bad),
                static_cast<long long>(ew.planted), ew.planted_median_lead_cycles,
                static_cast<long long>(ew.flagged_never_bad), static_cast<long long>(ew.never_bad));
    EXPECT_GE(ew.planted_median_lead_cycles, 1.0) << setting;
    EXPECT_LE(ew.planted_median_lead_cycles, 3.0) << setting;
    // Flags find disputes far more often than they find other defaulters.
    const double dispute_rate = static_cast<double>(ew.planted_flagged_before_bad) / static_cast<double>(ew.planted);
    const double other_rate = static_cast<double>(ew.flagged_before_bad - ew.planted_flagged_before_bad) /
                              static_cast<double>(ew.reached_bad - ew.planted);
    EXPECT_GT(dispute_rate, 3.0 * other_rate) << setting;
    EXPECT_LT(ew.flagged_never_bad, ew.never_bad / 20) << setting;
  };
  report("(a) default model, default portfolio seed 42", pa::EvidenceModel{},
         pa::simulate_portfolio(accounts, 42));
  const pa::SimulatedPortfolio misspecified =
      pa::simulate_portfolio(accounts, 43, pa::misspecified_simulator_config());
  report("(b) default model as shipped, misspecified seed 43", pa::EvidenceModel{}, misspecified);
  report("(b') default model adapted, misspecified seed 43", adapted_defaults(misspecified),
         misspecified);
  report("(c) fitted on 1,000 cases of seed 44, judged on seed 45",
         pa::fit_evidence_model(pa::sample_investigated_cases(
             accounts, pa::simulate_portfolio(accounts, 44), 1000, 3)),
         pa::simulate_portfolio(accounts, 45));
}

TEST(AttributionEarlyWarning, BadCycleFromTheStatusRuleWhenNotGiven) {
  pa::Account account;
  account.id = "W-4";
  account.defaulted = true;
  account.history.cycles = {{100, 100, -1}, {100, 100, -1}, {100, 0, 2},
                            {100, 0, 3},    {100, 0, 4},    {100, 0, 5}};
  account.history.first_cycle_after_scoring = 2;
  pa::ExternalEvidence evidence;
  evidence.crm_complaints = std::vector<pa::CrmComplaint>{
      {1, pa::ComplaintCategory::post_sale_service, 3, false, 0}};
  evidence.bureau = pa::BureauSnapshot{5, 0, -1.0, 0.3, 0};
  const auto ew = pa::replay_early_warning(pa::EvidenceModel{}, {account}, {evidence});
  ASSERT_TRUE(ew.customers[0].flagged_cycle.has_value());
  EXPECT_EQ(*ew.customers[0].flagged_cycle, 2u);  // the stop after a complaint, current elsewhere
  EXPECT_EQ(*ew.customers[0].bad_cycle, 3u);      // first status >= 3
  EXPECT_EQ(*ew.customers[0].lead_cycles, 1u);
  EXPECT_EQ(ew.median_lead_cycles, 1.0);
  pa::EarlyWarningRule rule;
  rule.cause = pa::Cause::undetermined;
  EXPECT_THROW(pa::replay_early_warning(pa::EvidenceModel{}, {account}, {evidence}, rule), Error);
  EXPECT_THROW(pa::replay_early_warning(pa::EvidenceModel{}, {account}, {}), Error);
}

// ---------------------------------------------------------------------------------------------
// Service-adjusted evaluation

TEST(AttributionServiceAdjusted, SettingApartTheDisputesGivesBackPrecisionKsAndGini) {
  // Goods at 600, 580, 560; defaulters at 590 (a service dispute), 540, 520; cutoff 550.
  std::vector<pa::Account> accounts(6);
  const double scores[] = {600, 580, 560, 590, 540, 520};
  for (std::size_t i = 0; i < 6; ++i) {
    accounts[i].id = "S-" + std::to_string(i);
    accounts[i].score = scores[i];
    accounts[i].defaulted = i >= 3;
  }
  const std::vector<bool> dispute = {true, false, false, true, false, false};  // a good's flag is ignored
  const pa::ServiceAdjustedEvaluation e = pa::service_adjusted_evaluation(accounts, dispute, 550.0);
  EXPECT_EQ(e.all.confusion.true_positives, 3);
  EXPECT_EQ(e.all.confusion.false_positives, 1);
  EXPECT_EQ(e.all.confusion.true_negatives, 2);
  EXPECT_DOUBLE_EQ(e.all.precision, 0.75);
  EXPECT_NEAR(e.all.gini, 5.0 / 9.0, 1e-12);  // AUC 7/9
  EXPECT_NEAR(e.all.ks, 2.0 / 3.0, 1e-12);
  EXPECT_EQ(e.service_dispute_defaults, 1);
  EXPECT_EQ(e.service_dispute_false_positives, 1);
  EXPECT_EQ(e.adjusted.confusion.false_positives, 0);
  EXPECT_EQ(e.adjusted.confusion.total(), 5);
  EXPECT_DOUBLE_EQ(e.adjusted.precision, 1.0);
  EXPECT_DOUBLE_EQ(e.adjusted.gini, 1.0);
  EXPECT_DOUBLE_EQ(e.adjusted.ks, 1.0);
  EXPECT_DOUBLE_EQ(e.precision_lost, 0.25);
  EXPECT_NEAR(e.gini_lost, 4.0 / 9.0, 1e-12);
  EXPECT_NEAR(e.ks_lost, 1.0 / 3.0, 1e-12);
  accounts[4].score = std::nan("");
  try {
    pa::service_adjusted_evaluation(accounts, dispute, 550.0);
    ADD_FAILURE() << "accepted a NaN score";
  } catch (const Error& err) {
    EXPECT_EQ(err.status(), Status::missing_value);
    EXPECT_NE(std::string(err.what()).find("account 'S-4'"), std::string::npos) << err.what();
  }
  EXPECT_THROW(pa::service_adjusted_evaluation(accounts, {true}, 550.0), Error);
}

TEST(AttributionServiceAdjusted, EveryDefaulterSetApartLeavesTheAdjustedFiguresUndefined) {
  // A model fitted on a degenerate sample labels every defaulter a service dispute: nothing is
  // left to compare against, so the adjusted figures and what was "lost" are NaN, not an error.
  std::vector<pa::Account> accounts(5);
  const double scores[] = {600, 580, 560, 590, 520};
  for (std::size_t i = 0; i < 5; ++i) {
    accounts[i].id = "D-" + std::to_string(i);
    accounts[i].score = scores[i];
    accounts[i].defaulted = i >= 3;
  }
  const pa::ServiceAdjustedEvaluation e =
      pa::service_adjusted_evaluation(accounts, std::vector<bool>(5, true), 550.0);
  EXPECT_EQ(e.service_dispute_defaults, 2);
  EXPECT_EQ(e.service_dispute_false_positives, 1);
  EXPECT_DOUBLE_EQ(e.all.precision, 0.75);
  EXPECT_FALSE(std::isnan(e.all.ks));
  EXPECT_EQ(e.adjusted.confusion.true_positives, 3);  // the matrix is still counted
  EXPECT_EQ(e.adjusted.confusion.total(), 3);
  for (double value : {e.adjusted.precision, e.adjusted.ks, e.adjusted.gini, e.adjusted.auc,
                       e.precision_lost, e.ks_lost, e.gini_lost})
    EXPECT_TRUE(std::isnan(value)) << value;
  // A portfolio without a defaulter has no KS even as it is: an error that says so.
  for (pa::Account& account : accounts) account.defaulted = false;
  try {
    pa::service_adjusted_evaluation(accounts, std::vector<bool>(5, false), 550.0);
    ADD_FAILURE() << "evaluated a portfolio without a defaulter";
  } catch (const Error& err) {
    EXPECT_EQ(err.status(), Status::undefined);
    EXPECT_NE(std::string(err.what()).find("0 defaulters, 5 good payers"), std::string::npos)
        << err.what();
  }
}

// ---------------------------------------------------------------------------------------------
// The undetermined rule

TEST(AttributionMeasurement, UndeterminedOnlyWhenAmbiguousAndThin) {
  const pa::EvidenceModel model;
  pa::Signals thin;  // behaviour only: ambiguous (largest posterior 0.45) and no external source
  thin.behaviour = pa::BehaviourPattern::no_pattern;
  thin.training_range = pa::TrainingRangeSignal::inside;
  const pa::Attribution a = model.attribute_signals(thin);
  ASSERT_LT(a.probability[static_cast<std::size_t>(a.most_likely_cause)], 0.5);
  ASSERT_FALSE(a.labelled_by_threshold);
  EXPECT_EQ(a.top_cause, pa::Cause::undetermined);
  EXPECT_EQ(a.treatment, pa::Treatment::recheck_when_evidence_arrives);
  pa::Signals rich = thin;  // still ambiguous, but the CRM and the registry were checked
  rich.complaint = pa::ComplaintSignal::none;
  rich.registry = pa::RegistrySignal::none;
  const pa::Attribution b = model.attribute_signals(rich);
  ASSERT_LT(b.probability[static_cast<std::size_t>(b.most_likely_cause)], 0.5);
  EXPECT_EQ(b.top_cause, b.most_likely_cause);
  EXPECT_EQ(pa::known_external_sources(rich), 2);
  pa::EvidenceModel first_version;
  first_version.max_known_sources_for_undetermined = 3;
  EXPECT_EQ(first_version.attribute_signals(rich).top_cause, pa::Cause::undetermined);
  // An abrupt stop alone: a dispute is not the most likely cause's rival by argmax alone, but
  // it passes its label threshold, and a threshold label is never undetermined.
  pa::Signals stop = thin;
  stop.behaviour = pa::BehaviourPattern::abrupt_stop;
  const pa::Attribution c = model.attribute_signals(stop);
  ASSERT_LT(c.probability[kDispute], 0.5);
  ASSERT_GE(c.probability[kDispute], model.label_threshold[kDispute]);
  EXPECT_TRUE(c.labelled_by_threshold);
  EXPECT_EQ(c.top_cause, pa::Cause::service_dispute);
  pa::EvidenceModel bad;
  bad.max_known_sources_for_undetermined = 4;
  EXPECT_THROW(bad.validate(), Error);
  pa::EvidenceModel zero_threshold;
  zero_threshold.label_threshold[kDispute] = 0.0;
  EXPECT_THROW(zero_threshold.validate(), Error);
}
