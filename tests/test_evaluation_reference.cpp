// Every evaluation metric against the values tests/reference/evaluation_reference.py computed
// with scikit-learn, scipy, statsmodels or a documented formula on the Taiwan test scores
// (tests/reference/taiwan_test_scores.csv, from the main job). Tolerance 1e-12 unless noted.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "paystrike/paystrike.hpp"

namespace {

namespace ps = paystrike;

struct Taiwan {
  std::vector<double> score, prob, good, limit, challenger, weight;
  std::int64_t n = 0;
};

std::vector<std::vector<double>> read_numeric_csv(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << path;
  std::string line;
  std::getline(in, line);
  std::vector<std::vector<double>> rows;
  while (std::getline(in, line)) {
    std::vector<double> row;
    std::stringstream fields(line);
    std::string field;
    while (std::getline(fields, field, ',')) row.push_back(std::stod(field));
    rows.push_back(row);
  }
  return rows;
}

const Taiwan& taiwan() {
  static const Taiwan data = [] {
    Taiwan t;
    for (const auto& r : read_numeric_csv(std::string(PAYSTRIKE_REFERENCE_DIR) + "/taiwan_test_scores.csv")) {
      t.score.push_back(r.at(1));
      t.prob.push_back(r.at(2));
      t.good.push_back(r.at(3));
      t.limit.push_back(r.at(4));
      t.challenger.push_back(r.at(5));
      t.weight.push_back(1.0 + static_cast<double>(t.n % 3));
      ++t.n;
    }
    return t;
  }();
  return data;
}

const std::map<std::string, double>& expected() {
  static const std::map<std::string, double> values = [] {
    std::map<std::string, double> v;
    std::ifstream in(std::string(PAYSTRIKE_REFERENCE_DIR) + "/taiwan_evaluation_expected.csv");
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      const auto comma = line.find(',');
      v[line.substr(0, comma)] = std::stod(line.substr(comma + 1));
    }
    return v;
  }();
  return values;
}

double want(const std::string& name) {
  const auto it = expected().find(name);
  if (it == expected().end()) ADD_FAILURE() << "no reference value " << name;
  return it == expected().end() ? std::nan("") : it->second;
}

constexpr double tol = 1e-12;

}  // namespace

TEST(EvaluationReference, DataLoaded) {
  EXPECT_EQ(taiwan().n, 9000);
  EXPECT_GT(expected().size(), 200u);
}

template <class M>
void expect_rates(const M& m, const std::string& tag) {
  EXPECT_NEAR(m.true_positive_rate(), want(tag + "tpr"), tol) << tag;
  EXPECT_NEAR(m.true_negative_rate(), want(tag + "tnr"), tol) << tag;
  EXPECT_NEAR(m.false_positive_rate(), want(tag + "fpr"), tol) << tag;
  EXPECT_NEAR(m.false_negative_rate(), want(tag + "fnr"), tol) << tag;
  EXPECT_NEAR(m.precision(), want(tag + "precision"), tol) << tag;
  EXPECT_NEAR(m.negative_predictive_value(), want(tag + "npv"), tol) << tag;
  EXPECT_NEAR(m.false_discovery_rate(), want(tag + "fdr"), tol) << tag;
  EXPECT_NEAR(m.accuracy(), want(tag + "accuracy"), tol) << tag;
  EXPECT_NEAR(m.balanced_accuracy(), want(tag + "balanced_accuracy"), tol) << tag;
  EXPECT_NEAR(m.f1(), want(tag + "f1"), tol) << tag;
  EXPECT_NEAR(m.matthews_correlation(), want(tag + "mcc"), tol) << tag;
  EXPECT_NEAR(m.cohens_kappa(), want(tag + "kappa"), tol) << tag;
}

TEST(EvaluationReference, ConfusionMatrixAtTheMainJobCutoffMatchesSklearn) {
  const Taiwan& t = taiwan();
  const ps::ConfusionMatrix m = ps::confusion_at_cutoff(t.score.data(), t.good.data(), t.n, 520.0);
  EXPECT_EQ(m.true_positives, static_cast<std::int64_t>(want("tp")));
  EXPECT_EQ(m.false_positives, static_cast<std::int64_t>(want("fp")));
  EXPECT_EQ(m.true_negatives, static_cast<std::int64_t>(want("tn")));
  EXPECT_EQ(m.false_negatives, static_cast<std::int64_t>(want("fn")));
  expect_rates(m, "");
}

TEST(EvaluationReference, WeightedAndExposureConfusionMatchSklearnSampleWeight) {
  const Taiwan& t = taiwan();
  for (const auto& [tag, weights] :
       {std::pair<std::string, const double*>{"weighted_", t.weight.data()},
        std::pair<std::string, const double*>{"exposure_", t.limit.data()}}) {
    const ps::WeightedConfusionMatrix m =
        ps::weighted_confusion_at_cutoff(t.score.data(), t.good.data(), weights, t.n, 520.0);
    EXPECT_DOUBLE_EQ(m.true_positives, want(tag + "tp"));
    EXPECT_DOUBLE_EQ(m.false_positives, want(tag + "fp"));
    EXPECT_DOUBLE_EQ(m.true_negatives, want(tag + "tn"));
    EXPECT_DOUBLE_EQ(m.false_negatives, want(tag + "fn"));
    expect_rates(m, tag);
  }
}

TEST(EvaluationReference, RocAucGiniKsAndConcordanceMatch) {
  const Taiwan& t = taiwan();
  const ps::RankingMetrics m = ps::ranking_metrics(t.score.data(), t.good.data(), t.n);
  EXPECT_NEAR(m.auc, want("auc"), tol);
  EXPECT_NEAR(m.gini, want("gini"), tol);
  EXPECT_NEAR(m.ks.statistic, want("ks"), tol);
  EXPECT_EQ(m.ks.threshold, want("ks_threshold"));
  EXPECT_EQ(m.concordant_pairs, want("concordant_pairs"));
  EXPECT_EQ(m.tied_pairs, want("tied_pairs"));
  EXPECT_EQ(m.discordant_pairs, want("discordant_pairs"));
  const auto roc = read_numeric_csv(std::string(PAYSTRIKE_REFERENCE_DIR) + "/taiwan_roc_expected.csv");
  ASSERT_EQ(m.roc.size(), roc.size());
  for (std::size_t k = 0; k < roc.size(); ++k) {
    ASSERT_EQ(m.roc[k].threshold, roc[k][0]) << k;
    ASSERT_NEAR(m.roc[k].false_positive_rate, roc[k][1], tol) << k;
    ASSERT_NEAR(m.roc[k].true_positive_rate, roc[k][2], tol) << k;
  }
  const ps::RankingMetrics weighted =
      ps::weighted_ranking_metrics(t.score.data(), t.good.data(), t.weight.data(), t.n);
  EXPECT_NEAR(weighted.auc, want("weighted_auc"), tol);
  // The challenger (-PAY_0) has 11 distinct values among 9000 rows: ties everywhere.
  const ps::RankingMetrics challenger = ps::ranking_metrics(t.challenger.data(), t.good.data(), t.n);
  EXPECT_NEAR(challenger.auc, want("challenger_auc"), tol);
  EXPECT_NEAR(challenger.ks.statistic, want("challenger_ks"), tol);
}

TEST(EvaluationReference, PrecisionRecallCurveAndAveragePrecisionMatch) {
  const Taiwan& t = taiwan();
  const ps::PrecisionRecall pr = ps::precision_recall(t.score.data(), t.good.data(), nullptr, t.n);
  EXPECT_NEAR(pr.average_precision, want("average_precision"), tol);
  const auto curve = read_numeric_csv(std::string(PAYSTRIKE_REFERENCE_DIR) + "/taiwan_pr_expected.csv");
  // sklearn lists thresholds increasing and stops at full recall; ours run from the top down.
  std::map<double, std::pair<double, double>> ours;
  for (const auto& p : pr.curve) ours[p.threshold] = {p.precision, p.recall};
  for (const auto& row : curve) {
    const auto it = ours.find(row[0]);
    ASSERT_NE(it, ours.end()) << row[0];
    ASSERT_NEAR(it->second.first, row[1], tol);
    ASSERT_NEAR(it->second.second, row[2], tol);
  }
  const ps::PrecisionRecall weighted =
      ps::precision_recall(t.score.data(), t.good.data(), t.weight.data(), t.n);
  EXPECT_NEAR(weighted.average_precision, want("weighted_average_precision"), tol);
}

TEST(EvaluationReference, BrierAndLogLossMatch) {
  const Taiwan& t = taiwan();
  EXPECT_NEAR(ps::brier_score(t.prob.data(), t.good.data(), nullptr, t.n), want("brier"), tol);
  EXPECT_NEAR(ps::brier_score(t.prob.data(), t.good.data(), t.weight.data(), t.n),
              want("weighted_brier"), tol);
  EXPECT_NEAR(ps::log_loss(t.prob.data(), t.good.data(), nullptr, t.n), want("log_loss"), tol);
  EXPECT_NEAR(ps::log_loss(t.prob.data(), t.good.data(), t.weight.data(), t.n),
              want("weighted_log_loss"), tol);
}

TEST(EvaluationReference, CalibrationHosmerLemeshowAndOddsDoublingMatch) {
  const Taiwan& t = taiwan();
  const std::vector<double> edges = ps::quantile_band_edges(t.score.data(), t.n, 10);
  ASSERT_EQ(static_cast<double>(edges.size() + 1), want("bands"));
  for (std::size_t k = 0; k < edges.size(); ++k) EXPECT_EQ(edges[k], want("edge_" + std::to_string(k)));
  const ps::CalibrationTable table =
      ps::calibration_table(t.score.data(), t.prob.data(), t.good.data(), t.n, edges);
  ASSERT_EQ(table.bands.size(), edges.size() + 1);
  for (std::size_t b = 0; b < table.bands.size(); ++b) {
    const std::string p = "calibration_" + std::to_string(b) + "_";
    const ps::CalibrationBand& band = table.bands[b];
    EXPECT_EQ(static_cast<double>(band.count), want(p + "count"));
    EXPECT_EQ(static_cast<double>(band.goods), want(p + "goods"));
    EXPECT_NEAR(band.expected_goods, want(p + "expected_goods"), 1e-9);  // a sum of ~900 terms
    EXPECT_NEAR(band.mean_score, want(p + "mean_score"), 1e-10);         // scores ~500
    EXPECT_NEAR(band.predicted_odds, want(p + "predicted_odds"), tol * 100);
    EXPECT_NEAR(band.observed_odds, want(p + "observed_odds"), tol);
  }
  const ps::HosmerLemeshow hl = ps::hosmer_lemeshow(table);
  EXPECT_NEAR(hl.statistic, want("hosmer_lemeshow"), 1e-10);
  EXPECT_EQ(static_cast<double>(hl.degrees_of_freedom), want("hosmer_lemeshow_df"));
  EXPECT_NEAR(hl.p_value, want("hosmer_lemeshow_p"), tol);
  const ps::OddsDoublingCheck odds = ps::odds_doubling_check(table, 20.0);
  EXPECT_NEAR(odds.slope, want("odds_slope"), tol);
  EXPECT_NEAR(odds.intercept, want("odds_intercept"), 1e-10);
  EXPECT_NEAR(odds.implied_pdo, want("implied_pdo"), 1e-9);
  EXPECT_NEAR(odds.ratio, want("implied_pdo") / 20.0, 1e-10);
  EXPECT_EQ(odds.bands_used, 10);
}

TEST(EvaluationReference, LiftAndGainsMatch) {
  const Taiwan& t = taiwan();
  std::vector<double> bad(t.good.size());
  for (std::size_t i = 0; i < bad.size(); ++i) bad[i] = 1.0 - t.good[i];
  for (const auto& [tag, labels, order] :
       {std::tuple<std::string, const double*, ps::RankOrder>{"lift_good", t.good.data(), ps::RankOrder::highest_first},
        std::tuple<std::string, const double*, ps::RankOrder>{"lift_bad", bad.data(), ps::RankOrder::lowest_first}}) {
    const std::vector<ps::LiftBand> table = ps::lift_table(t.score.data(), labels, t.n, 10, order);
    ASSERT_EQ(table.size(), 10u);
    for (std::size_t k = 0; k < table.size(); ++k) {
      const std::string p = tag + "_" + std::to_string(k) + "_";
      EXPECT_NEAR(table[k].lift, want(p + "lift"), tol) << p;
      EXPECT_NEAR(table[k].cumulative_target_share, want(p + "gains"), tol) << p;
      EXPECT_NEAR(table[k].cumulative_lift, want(p + "cumulative_lift"), tol) << p;
    }
  }
}

TEST(EvaluationReference, PsiAndCsiMatch) {
  const Taiwan& t = taiwan();
  std::vector<double> reference, current, ref_limit, cur_limit;
  for (std::size_t i = 0; i < t.score.size(); ++i) {
    (i % 2 == 0 ? reference : current).push_back(t.score[i]);
    (i % 2 == 0 ? ref_limit : cur_limit).push_back(t.limit[i]);
  }
  const auto n_ref = static_cast<std::int64_t>(reference.size());
  const auto n_cur = static_cast<std::int64_t>(current.size());
  const ps::StabilityIndex psi = ps::score_stability_index(
      reference.data(), n_ref, current.data(), n_cur, ps::quantile_band_edges(reference.data(), n_ref, 10));
  EXPECT_NEAR(psi.index, want("psi"), tol);
  EXPECT_EQ(psi.band, ps::StabilityBand::stable);
  const std::vector<double> edges = ps::quantile_band_edges(ref_limit.data(), n_ref, 5);
  std::vector<std::int64_t> ref_bins, cur_bins;
  for (double v : ref_limit) ref_bins.push_back(ps::band_of(edges, v));
  for (double v : cur_limit) cur_bins.push_back(ps::band_of(edges, v));
  const ps::StabilityIndex csi = ps::characteristic_stability_index(
      ref_bins.data(), n_ref, cur_bins.data(), n_cur, static_cast<std::int64_t>(edges.size() + 1));
  EXPECT_NEAR(csi.index, want("csi_credit_limit"), tol);
}

TEST(EvaluationReference, DeLongIntervalAndDifferenceMatchBruteForcePlacements) {
  const Taiwan& t = taiwan();
  const ps::AucInterval ci = ps::auc_delong_interval(t.score.data(), t.good.data(), t.n, 0.95);
  EXPECT_NEAR(ci.auc, want("delong_auc"), tol);
  EXPECT_NEAR(ci.standard_error, want("delong_se"), tol);
  EXPECT_NEAR(ci.lower, want("delong_lower"), tol);
  EXPECT_NEAR(ci.upper, want("delong_upper"), tol);
  const ps::AucDifference d = ps::auc_difference_delong(t.score.data(), t.challenger.data(),
                                                        t.good.data(), t.n, 0.95);
  EXPECT_NEAR(d.difference, want("delong_difference"), tol);
  EXPECT_NEAR(d.standard_error, want("delong_difference_se"), tol);
  EXPECT_NEAR(d.z, want("delong_difference_z"), 1e-10);
  EXPECT_NEAR(d.p_value, want("delong_difference_p"), tol);
}

TEST(EvaluationReference, KsBootstrapReproducesTheSeededStream) {
  const Taiwan& t = taiwan();
  const ps::KsInterval ks = ps::ks_bootstrap_interval(t.score.data(), t.good.data(), t.n, 200, 0.95, 20240611);
  EXPECT_NEAR(ks.ks, want("ks"), tol);
  EXPECT_NEAR(ks.lower, want("ks_bootstrap_lower"), tol);
  EXPECT_NEAR(ks.upper, want("ks_bootstrap_upper"), tol);
  EXPECT_NEAR(ks.standard_error, want("ks_bootstrap_se"), tol);
}

TEST(EvaluationReference, CutoffsMatchExhaustiveSearch) {
  const Taiwan& t = taiwan();
  EXPECT_EQ(ps::cutoff_by_max_ks(t.score.data(), t.good.data(), t.n).cutoff, want("cutoff_max_ks"));
  const ps::CutoffChoice youden = ps::cutoff_by_youden(t.score.data(), t.good.data(), t.n);
  EXPECT_EQ(youden.cutoff, want("cutoff_youden"));
  EXPECT_NEAR(youden.objective, want("youden_j"), tol);
  EXPECT_EQ(ps::cutoff_by_approval_rate(t.score.data(), t.good.data(), t.n, 0.7).cutoff,
            want("cutoff_approval_70"));
  EXPECT_EQ(ps::cutoff_by_bad_rate(t.score.data(), t.good.data(), t.n, 0.15).cutoff,
            want("cutoff_bad_rate_15"));
  const ps::ProfitAssumptions economics{0.1, 0.6};
  const ps::CutoffChoice profit =
      ps::cutoff_by_profit(t.score.data(), t.good.data(), nullptr, t.limit.data(), t.n, economics);
  EXPECT_EQ(profit.cutoff, want("cutoff_profit"));
  EXPECT_NEAR(profit.objective, want("profit"), 1e-12 * want("profit"));
  const ps::CutoffChoice expected_profit = ps::cutoff_by_profit(
      t.score.data(), t.good.data(), t.prob.data(), t.limit.data(), t.n, economics);
  EXPECT_EQ(expected_profit.cutoff, want("cutoff_expected_profit"));
  EXPECT_NEAR(expected_profit.objective, want("expected_profit"), 1e-9 * want("expected_profit"));
}

TEST(EvaluationReference, SwapSetAgainstTheChallenger) {
  const Taiwan& t = taiwan();
  const ps::SwapSet s = ps::swap_set(t.score.data(), 520.0, t.challenger.data(), -1.0,
                                     t.good.data(), t.limit.data(), t.n);
  for (const auto& [name, cell] : {std::pair<std::string, ps::SwapCell>{"both", s.approved_by_both},
                                   {"out", s.swapped_out}, {"in", s.swapped_in},
                                   {"neither", s.declined_by_both}}) {
    EXPECT_EQ(static_cast<double>(cell.count), want("swap_" + name + "_count")) << name;
    EXPECT_EQ(static_cast<double>(cell.bads), want("swap_" + name + "_bads")) << name;
    EXPECT_EQ(cell.exposure, want("swap_" + name + "_exposure")) << name;
  }
}
