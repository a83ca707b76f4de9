// The evaluation concern through the C ABI: each function against the C++ core on the Taiwan
// test scores, the capacity protocol, statuses and messages, and outputs untouched on error.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "paystrike/paystrike.h"
#include "paystrike/paystrike.hpp"

namespace {

namespace ps = paystrike;

struct Data {
  std::vector<double> score, prob, good, limit, challenger;
  std::int64_t n = 0;
};

const Data& taiwan() {
  static const Data d = [] {
    Data t;
    std::ifstream in(std::string(PAYSTRIKE_REFERENCE_DIR) + "/taiwan_test_scores.csv");
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      std::stringstream fields(line);
      std::string f;
      std::vector<double> row;
      while (std::getline(fields, f, ',')) row.push_back(std::stod(f));
      t.score.push_back(row[1]);
      t.prob.push_back(row[2]);
      t.good.push_back(row[3]);
      t.limit.push_back(row[4]);
      t.challenger.push_back(row[5]);
      ++t.n;
    }
    return t;
  }();
  return d;
}

}  // namespace

TEST(CapiEvaluation, ConfusionAndRatesEqualTheCore) {
  const Data& t = taiwan();
  paystrike_confusion c{};
  ASSERT_EQ(paystrike_confusion_at_cutoff(t.score.data(), t.good.data(), nullptr, t.n, 520.0, &c),
            PAYSTRIKE_OK);
  const ps::ConfusionMatrix m = ps::confusion_at_cutoff(t.score.data(), t.good.data(), t.n, 520.0);
  EXPECT_EQ(c.true_positives, static_cast<double>(m.true_positives));
  EXPECT_EQ(c.false_positives, static_cast<double>(m.false_positives));
  EXPECT_EQ(c.true_negatives, static_cast<double>(m.true_negatives));
  EXPECT_EQ(c.false_negatives, static_cast<double>(m.false_negatives));
  paystrike_confusion_rates r{};
  ASSERT_EQ(paystrike_confusion_compute_rates(&c, &r), PAYSTRIKE_OK);
  EXPECT_EQ(r.matthews_correlation, m.matthews_correlation());
  EXPECT_EQ(r.cohens_kappa, m.cohens_kappa());
  EXPECT_EQ(r.false_discovery_rate, m.false_discovery_rate());
  EXPECT_EQ(r.balanced_accuracy, m.balanced_accuracy());
  // Exposure-weighted.
  paystrike_confusion money{};
  ASSERT_EQ(paystrike_confusion_at_cutoff(t.score.data(), t.good.data(), t.limit.data(), t.n, 520.0,
                                          &money),
            PAYSTRIKE_OK);
  EXPECT_GT(money.true_positives, 1e8);
  // C03 through C, with the positive label 0.
  const double actual[] = {0, 0, 1, 1, 1, 1, 0, 0, 0, 0}, predicted[] = {0, 0, 1, 1, 1, 0, 1, 1, 1, 1};
  ASSERT_EQ(paystrike_confusion_from_labels(actual, predicted, 10, 0.0, &c), PAYSTRIKE_OK);
  EXPECT_EQ(c.true_positives, 2.0);
  EXPECT_EQ(c.false_negatives, 4.0);
  // Undefined rates are NaN.
  const paystrike_confusion all_good = {3, 0, 0, 0};
  ASSERT_EQ(paystrike_confusion_compute_rates(&all_good, &r), PAYSTRIKE_OK);
  EXPECT_TRUE(std::isnan(r.false_positive_rate));
  EXPECT_TRUE(std::isnan(r.matthews_correlation));
}

TEST(CapiEvaluation, RankingCurvesAndCapacityProtocol) {
  const Data& t = taiwan();
  paystrike_ranking rk{};
  ASSERT_EQ(paystrike_ranking_metrics(t.score.data(), t.good.data(), nullptr, t.n, &rk), PAYSTRIKE_OK);
  const ps::RankingMetrics m = ps::ranking_metrics(t.score.data(), t.good.data(), t.n);
  EXPECT_EQ(rk.auc, m.auc);
  EXPECT_EQ(rk.ks, m.ks.statistic);
  EXPECT_EQ(rk.ks_threshold, m.ks.threshold);
  EXPECT_EQ(rk.roc_points, static_cast<int64_t>(m.roc.size()));
  int64_t count = -1;
  ASSERT_EQ(paystrike_roc_curve(t.score.data(), t.good.data(), nullptr, t.n, nullptr, nullptr,
                                nullptr, 0, &count),
            PAYSTRIKE_OK);
  EXPECT_EQ(count, rk.roc_points);
  std::vector<double> th(static_cast<std::size_t>(count)), fpr(th.size()), tpr(th.size());
  // Too small a capacity: DIMENSION_MISMATCH naming the size, nothing written.
  int64_t untouched = -7;
  EXPECT_EQ(paystrike_roc_curve(t.score.data(), t.good.data(), nullptr, t.n, th.data(), fpr.data(),
                                tpr.data(), count - 1, &untouched),
            PAYSTRIKE_E_DIMENSION_MISMATCH);
  EXPECT_EQ(untouched, -7);
  EXPECT_NE(std::string(paystrike_last_error()).find(std::to_string(count)), std::string::npos);
  EXPECT_EQ(th[0], 0.0);
  ASSERT_EQ(paystrike_roc_curve(t.score.data(), t.good.data(), nullptr, t.n, th.data(), fpr.data(),
                                tpr.data(), count, &count),
            PAYSTRIKE_OK);
  EXPECT_EQ(th[5], m.roc[5].threshold);
  EXPECT_EQ(tpr[5], m.roc[5].true_positive_rate);
  double ap = -1;
  ASSERT_EQ(paystrike_precision_recall_curve(t.score.data(), t.good.data(), nullptr, t.n, nullptr,
                                             nullptr, nullptr, 0, &count, &ap),
            PAYSTRIKE_OK);
  EXPECT_EQ(ap, ps::precision_recall(t.score.data(), t.good.data(), nullptr, t.n).average_precision);
  // One class only: UNDEFINED.
  const double s[] = {1, 2, 3}, y[] = {1, 1, 1};
  paystrike_ranking kept{};
  kept.auc = 42;
  EXPECT_EQ(paystrike_ranking_metrics(s, y, nullptr, 3, &kept), PAYSTRIKE_E_UNDEFINED);
  EXPECT_EQ(kept.auc, 42.0);
  EXPECT_NE(std::string(paystrike_last_error()).find("both classes"), std::string::npos);
}

TEST(CapiEvaluation, ProbabilityCalibrationLiftStability) {
  const Data& t = taiwan();
  double brier = 0, loss = 0;
  ASSERT_EQ(paystrike_brier_score(t.prob.data(), t.good.data(), nullptr, t.n, &brier), PAYSTRIKE_OK);
  ASSERT_EQ(paystrike_log_loss(t.prob.data(), t.good.data(), nullptr, t.n, 0.0, &loss), PAYSTRIKE_OK);
  EXPECT_EQ(brier, ps::brier_score(t.prob.data(), t.good.data(), nullptr, t.n));
  EXPECT_EQ(loss, ps::log_loss(t.prob.data(), t.good.data(), nullptr, t.n));
  const double zero[] = {0.0}, one[] = {1.0};
  ASSERT_EQ(paystrike_log_loss(zero, one, nullptr, 1, 0.0, &loss), PAYSTRIKE_OK);
  EXPECT_EQ(loss, std::numeric_limits<double>::infinity());

  int64_t n_edges = 0;
  double edges[9];
  ASSERT_EQ(paystrike_quantile_band_edges(t.score.data(), t.n, 10, edges, 9, &n_edges), PAYSTRIKE_OK);
  ASSERT_EQ(n_edges, 9);
  paystrike_calibration_band bands[10];
  int64_t n_bands = 0;
  ASSERT_EQ(paystrike_calibration_table(t.score.data(), t.prob.data(), t.good.data(), t.n, edges,
                                        n_edges, bands, 10, &n_bands),
            PAYSTRIKE_OK);
  ASSERT_EQ(n_bands, 10);
  EXPECT_EQ(bands[0].lower, -std::numeric_limits<double>::infinity());
  EXPECT_EQ(bands[3].upper, edges[3]);
  paystrike_hosmer_lemeshow hl{};
  ASSERT_EQ(paystrike_hosmer_lemeshow_test(t.score.data(), t.prob.data(), t.good.data(), t.n, edges,
                                           n_edges, &hl),
            PAYSTRIKE_OK);
  EXPECT_EQ(hl.degrees_of_freedom, 8);
  paystrike_odds_doubling od{};
  ASSERT_EQ(paystrike_odds_doubling_check(t.score.data(), t.prob.data(), t.good.data(), t.n, edges,
                                          n_edges, 20.0, &od),
            PAYSTRIKE_OK);
  EXPECT_NEAR(od.ratio, od.implied_pdo / 20.0, 1e-15);
  paystrike_lift_band lift[10];
  ASSERT_EQ(paystrike_lift_table(t.score.data(), t.good.data(), t.n, 10, PAYSTRIKE_HIGHEST_FIRST, lift,
                                 10, &n_bands),
            PAYSTRIKE_OK);
  EXPECT_GT(lift[0].lift, 1.0);
  EXPECT_EQ(paystrike_lift_table(t.score.data(), t.good.data(), t.n, 10, 7, lift, 10, &n_bands),
            PAYSTRIKE_E_INVALID_ARGUMENT);
  // C05c through C.
  const double e[] = {20, 50, 30}, a[] = {60, 40, 0};
  double psi = 0, terms[3];
  int band = -1;
  ASSERT_EQ(paystrike_population_stability_index(e, a, 3, 0.0, &psi, terms, &band), PAYSTRIKE_OK);
  EXPECT_EQ(psi, std::numeric_limits<double>::infinity());
  EXPECT_EQ(band, PAYSTRIKE_STABILITY_MAJOR_SHIFT);
  ASSERT_EQ(paystrike_population_stability_index(e, a, 3, 1.0, &psi, nullptr, nullptr), PAYSTRIKE_OK);
  EXPECT_NEAR(psi, 1.4428005906979315, 1e-14);
  ASSERT_EQ(paystrike_score_stability_index(t.score.data(), t.n, t.score.data(), t.n, edges, n_edges,
                                            0.0, &psi, &band),
            PAYSTRIKE_OK);
  EXPECT_EQ(psi, 0.0);
  EXPECT_EQ(band, PAYSTRIKE_STABILITY_STABLE);
  const int64_t rb[] = {0, 1, 1, 2}, cb[] = {0, 0, 1, 2};
  ASSERT_EQ(paystrike_characteristic_stability_index(rb, 4, cb, 4, 3, 0.0, &psi, &band), PAYSTRIKE_OK);
  EXPECT_NEAR(psi, 0.5 * std::log(2.0), 1e-15);  // shares .25,.5,.25 -> .5,.25,.25: 2 * .25 ln 2
}

TEST(CapiEvaluation, IntervalsCutoffsAndSwapSet) {
  const Data& t = taiwan();
  paystrike_auc_interval ci{};
  ASSERT_EQ(paystrike_auc_delong(t.score.data(), t.good.data(), t.n, 0.95, &ci), PAYSTRIKE_OK);
  EXPECT_LT(ci.lower, ci.auc);
  paystrike_auc_difference d{};
  ASSERT_EQ(paystrike_auc_difference_delong(t.score.data(), t.challenger.data(), t.good.data(), t.n,
                                            0.95, &d),
            PAYSTRIKE_OK);
  EXPECT_EQ(d.auc_a, ci.auc);
  paystrike_ks_interval ks{};
  ASSERT_EQ(paystrike_ks_bootstrap(t.score.data(), t.good.data(), t.n, 50, 0.9, 7, &ks), PAYSTRIKE_OK);
  const ps::KsInterval k = ps::ks_bootstrap_interval(t.score.data(), t.good.data(), t.n, 50, 0.9, 7);
  EXPECT_EQ(ks.lower, k.lower);
  EXPECT_EQ(ks.seed, 7u);
  paystrike_cutoff_choice c{};
  ASSERT_EQ(paystrike_cutoff_max_ks(t.score.data(), t.good.data(), t.n, &c), PAYSTRIKE_OK);
  EXPECT_EQ(c.cutoff, ps::ranking_metrics(t.score.data(), t.good.data(), t.n).ks.threshold);
  ASSERT_EQ(paystrike_cutoff_youden(t.score.data(), t.good.data(), t.n, &c), PAYSTRIKE_OK);
  ASSERT_EQ(paystrike_cutoff_approval_rate(t.score.data(), t.good.data(), t.n, 0.7, &c), PAYSTRIKE_OK);
  EXPECT_GE(c.approval_rate, 0.7);
  ASSERT_EQ(paystrike_cutoff_bad_rate(t.score.data(), t.good.data(), t.n, 0.15, &c), PAYSTRIKE_OK);
  EXPECT_LE(c.bad_rate_among_approved, 0.15);
  EXPECT_EQ(c.confusion.true_positives + c.confusion.false_positives +
                c.confusion.true_negatives + c.confusion.false_negatives,
            9000.0);
  ASSERT_EQ(paystrike_cutoff_profit(t.score.data(), t.good.data(), nullptr, t.limit.data(), t.n, 0.1,
                                    0.6, &c),
            PAYSTRIKE_OK);
  EXPECT_GT(c.objective, 0.0);
  paystrike_cutoff_choice kept = c;
  const double top_bad[] = {3, 2, 1}, top_bad_labels[] = {0, 1, 1};  // bad rates 1, 1/2, 1/3
  EXPECT_EQ(paystrike_cutoff_bad_rate(top_bad, top_bad_labels, 3, 0.1, &c), PAYSTRIKE_E_UNDEFINED);
  EXPECT_EQ(std::memcmp(&kept, &c, sizeof c), 0);
  paystrike_swap_set s{};
  ASSERT_EQ(paystrike_swap_set_table(t.score.data(), 500.0, t.score.data(), 540.0, t.good.data(),
                                     nullptr, t.n, &s),
            PAYSTRIKE_OK);
  EXPECT_EQ(s.swapped_in.count, 0);
  EXPECT_GT(s.swapped_out.count, 0);
  EXPECT_EQ(s.swapped_out.exposure, static_cast<double>(s.swapped_out.count));
}

TEST(CapiEvaluation, BadInputGivesStatusAndMessageNeverAnException) {
  const double s[] = {1, std::numeric_limits<double>::quiet_NaN(), 3}, y[] = {1, 0, 1};
  paystrike_ranking r{};
  EXPECT_EQ(paystrike_ranking_metrics(s, y, nullptr, 3, &r), PAYSTRIKE_E_MISSING_VALUE);
  EXPECT_NE(std::string(paystrike_last_error()).find("row 1"), std::string::npos);
  EXPECT_EQ(paystrike_ranking_metrics(s, y, nullptr, 3, nullptr), PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(paystrike_ranking_metrics(nullptr, y, nullptr, 3, &r), PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(paystrike_ranking_metrics(s, y, nullptr, -1, &r), PAYSTRIKE_E_INVALID_ARGUMENT);
  const double bad_label[] = {1, 0, 2}, ok[] = {1, 2, 3};
  paystrike_confusion c{};
  EXPECT_EQ(paystrike_confusion_at_cutoff(ok, bad_label, nullptr, 3, 2.0, &c), PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(paystrike_last_error()).find("paystrike_confusion_at_cutoff"), std::string::npos);
  const paystrike_confusion negative = {-1, 0, 0, 0};
  paystrike_confusion_rates rates{};
  EXPECT_EQ(paystrike_confusion_compute_rates(&negative, &rates), PAYSTRIKE_E_INVALID_ARGUMENT);
  double out = 5;
  const double p[] = {0.5, 0.5, 0.5};
  EXPECT_EQ(paystrike_log_loss(p, y, nullptr, 3, 0.7, &out), PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_EQ(out, 5.0);
  EXPECT_EQ(paystrike_calibration_table(ok, p, y, 3, nullptr, 2, nullptr, 0, nullptr),
            PAYSTRIKE_E_NULL_ARGUMENT);
  int64_t count = 0;
  EXPECT_EQ(paystrike_calibration_table(ok, p, y, 3, nullptr, 2, nullptr, 0, &count),
            PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_NE(std::string(paystrike_last_error()).find("edges"), std::string::npos);
}
