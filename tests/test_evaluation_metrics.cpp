// The evaluation suite beyond the confusion matrix and the ROC: probability metrics, score
// bands, calibration and Hosmer-Lemeshow, the odds-doubling check, lift, PSI/CSI (case C05),
// DeLong and bootstrap intervals, cutoff choice and swap sets, with hand-computed values, the
// statuses of bad input, and a check that no input is modified.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "paystrike/paystrike.hpp"

namespace {

namespace ps = paystrike;
using ps::Error;
using ps::Status;

const double inf = std::numeric_limits<double>::infinity();
const double not_a_number = std::numeric_limits<double>::quiet_NaN();

template <class F>
Status status_of(F&& call, std::string* message = nullptr) {
  try {
    call();
  } catch (const Error& e) {
    if (message) *message = e.what();
    return e.status();
  }
  return Status::ok;
}

std::int64_t size_of(const std::vector<double>& v) { return static_cast<std::int64_t>(v.size()); }

}  // namespace

// ---------------------------------------------------------------- probability metrics
TEST(ProbabilityMetrics, BrierAndLogLossByHand) {
  const std::vector<double> p = {0.9, 0.2, 0.6, 0.5}, y = {1, 0, 0, 1};
  // (0.01 + 0.04 + 0.36 + 0.25) / 4
  EXPECT_NEAR(ps::brier_score(p.data(), y.data(), nullptr, 4), 0.165, 1e-15);
  const double expected = -(std::log(0.9) + std::log(0.8) + std::log(0.4) + std::log(0.5)) / 4;
  EXPECT_NEAR(ps::log_loss(p.data(), y.data(), nullptr, 4), expected, 1e-15);
  const std::vector<double> w = {1, 0, 3, 0};
  EXPECT_NEAR(ps::brier_score(p.data(), y.data(), w.data(), 4), (0.01 + 3 * 0.36) / 4, 1e-15);
}

TEST(ProbabilityMetrics, CertainAndWrongIsInfiniteUnlessClipped) {
  const std::vector<double> p = {0.0, 0.7}, y = {1, 1};
  EXPECT_EQ(ps::log_loss(p.data(), y.data(), nullptr, 2), inf);
  const std::vector<double> p1 = {1.0, 0.7}, y0 = {0, 1};
  EXPECT_EQ(ps::log_loss(p1.data(), y0.data(), nullptr, 2), inf);
  // Certain and right costs nothing, with no clipping.
  const std::vector<double> right = {1.0, 0.0}, ry = {1, 0};
  EXPECT_EQ(ps::log_loss(right.data(), ry.data(), nullptr, 2), 0.0);
  // With an explicit epsilon, p = 0 is read as 1e-15.
  EXPECT_NEAR(ps::log_loss(p.data(), y.data(), nullptr, 2, 1e-15),
              (-std::log(1e-15) - std::log(0.7)) / 2, 1e-12);
  // A zero-weight row with an infinite loss does not count (and does not give NaN).
  const std::vector<double> w = {0, 1};
  EXPECT_NEAR(ps::log_loss(p.data(), y.data(), w.data(), 2), -std::log(0.7), 1e-15);
}

TEST(ProbabilityMetrics, BadInputHasItsStatus) {
  const std::vector<double> y = {1, 0};
  const std::vector<double> outside = {1.2, 0.5}, with_nan = {0.5, not_a_number};
  std::string msg;
  EXPECT_EQ(status_of([&] { ps::brier_score(outside.data(), y.data(), nullptr, 2); }, &msg),
            Status::invalid_argument);
  EXPECT_NE(msg.find("row 0"), std::string::npos) << msg;
  EXPECT_EQ(status_of([&] { ps::log_loss(with_nan.data(), y.data(), nullptr, 2); }, &msg),
            Status::missing_value);
  EXPECT_NE(msg.find("row 1"), std::string::npos) << msg;
  const std::vector<double> p = {0.5, 0.5};
  EXPECT_EQ(status_of([&] { ps::log_loss(p.data(), y.data(), nullptr, 2, 0.5); }),
            Status::invalid_argument);
  EXPECT_EQ(status_of([&] { ps::log_loss(p.data(), y.data(), nullptr, 0); }), Status::undefined);
  EXPECT_EQ(status_of([&] { ps::brier_score(nullptr, y.data(), nullptr, 2); }), Status::null_argument);
}

// ---------------------------------------------------------------- score bands
TEST(ScoreBands, QuantileEdgesKeepTiesTogetherAndAreLeftClosed) {
  const std::vector<double> s = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_EQ(ps::quantile_band_edges(s.data(), 10, 4), (std::vector<double>{3, 6, 8}));
  EXPECT_EQ(ps::band_of({3, 6, 8}, 3.0), 1);  // on an edge: the upper band
  EXPECT_EQ(ps::band_of({3, 6, 8}, 2.999), 0);
  EXPECT_EQ(ps::band_of({3, 6, 8}, 100.0), 3);
  // Heavy ties: fewer bands, never a tie split across bands.
  const std::vector<double> tied = {1, 1, 1, 1, 1, 1, 2, 2, 3, 3};
  EXPECT_EQ(ps::quantile_band_edges(tied.data(), 10, 5), (std::vector<double>{2, 3}));
  const std::vector<double> constant = {4, 4, 4};
  EXPECT_TRUE(ps::quantile_band_edges(constant.data(), 3, 10).empty());
  EXPECT_EQ(status_of([&] { ps::quantile_band_edges(s.data(), 10, 0); }), Status::invalid_argument);
}

// ---------------------------------------------------------------- calibration
TEST(Calibration, TableHosmerLemeshowByHand) {
  // Three bands by score edges {10, 20}; predicted P(good) per row, outcomes.
  const std::vector<double> score = {5, 6, 7, 8, 15, 16, 17, 18, 25, 26, 27, 28};
  const std::vector<double> prob = {.2, .3, .4, .5, .5, .6, .7, .8, .8, .9, .9, .6};
  const std::vector<double> good = {0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1};
  const ps::CalibrationTable t =
      ps::calibration_table(score.data(), prob.data(), good.data(), 12, {10.0, 20.0});
  ASSERT_EQ(t.bands.size(), 3u);
  EXPECT_EQ(t.bands[0].lower, -inf);
  EXPECT_EQ(t.bands[2].upper, inf);
  EXPECT_EQ(t.bands[0].goods, 1);
  EXPECT_NEAR(t.bands[0].expected_goods, 1.4, 1e-15);
  EXPECT_NEAR(t.bands[0].predicted_odds, 1.4 / 2.6, 1e-15);
  EXPECT_NEAR(t.bands[0].observed_odds, 1.0 / 3.0, 1e-15);
  EXPECT_EQ(t.bands[2].observed_odds, inf);  // no bads
  EXPECT_NEAR(t.bands[1].mean_score, 16.5, 1e-15);
  // H = (1-1.4)^2/(1.4*0.65) + (3-2.6)^2/(2.6*0.35) + (4-3.2)^2/(3.2*0.2)
  const double h = 0.16 / (1.4 * 0.65) + 0.16 / (2.6 * 0.35) + 0.64 / (3.2 * 0.2);
  const ps::HosmerLemeshow hl = ps::hosmer_lemeshow(t);
  EXPECT_NEAR(hl.statistic, h, 1e-14);
  EXPECT_EQ(hl.degrees_of_freedom, 1);
  EXPECT_NEAR(hl.p_value, std::erfc(std::sqrt(h / 2)), 1e-14);  // chi2(1) survival
}

TEST(Calibration, HosmerLemeshowUndefinedCases) {
  const std::vector<double> score = {1, 2, 3, 4}, prob = {.5, .5, .5, .5}, good = {1, 0, 1, 0};
  const ps::CalibrationTable two = ps::calibration_table(score.data(), prob.data(), good.data(), 4, {3.0});
  EXPECT_EQ(status_of([&] { ps::hosmer_lemeshow(two); }), Status::undefined);
  const std::vector<double> certain = {1, 1, .5, .5, .5, .5};
  const std::vector<double> s6 = {1, 2, 3, 4, 5, 6}, g6 = {1, 1, 0, 1, 0, 1};
  const ps::CalibrationTable t = ps::calibration_table(s6.data(), certain.data(), g6.data(), 6, {3.0, 5.0});
  EXPECT_EQ(status_of([&] { ps::hosmer_lemeshow(t); }), Status::undefined);
}

TEST(Calibration, OddsDoubleEveryPdoPointsOnAPerfectScale) {
  // Bands whose observed good:bad odds are exactly 2^(score/20): 1:1 at 0, 2:1 at 20, 4:1 at 40.
  std::vector<double> score, prob, good;
  const int goods[] = {10, 20, 40}, bads[] = {10, 10, 10};
  for (int b = 0; b < 3; ++b)
    for (int i = 0; i < goods[b] + bads[b]; ++i) {
      score.push_back(20.0 * b);
      prob.push_back(0.5);
      good.push_back(i < goods[b] ? 1.0 : 0.0);
    }
  const ps::CalibrationTable t =
      ps::calibration_table(score.data(), prob.data(), good.data(), size_of(score), {10.0, 30.0});
  const ps::OddsDoublingCheck c = ps::odds_doubling_check(t, 20.0);
  EXPECT_NEAR(c.implied_pdo, 20.0, 1e-12);
  EXPECT_NEAR(c.ratio, 1.0, 1e-12);
  EXPECT_NEAR(c.slope, std::log(2.0) / 20.0, 1e-15);
  EXPECT_EQ(c.bands_used, 3);
  const ps::OddsDoublingCheck c40 = ps::odds_doubling_check(t, 40.0);
  EXPECT_NEAR(c40.ratio, 0.5, 1e-12);  // the promise of PDO 40 is not kept
  EXPECT_EQ(status_of([&] { ps::odds_doubling_check(t, 0.0); }), Status::invalid_argument);
}

// ---------------------------------------------------------------- lift
TEST(Lift, DecilesByHand) {
  // 10 rows, 10 bands, scores 1..10; targets at 10, 9, 7, 2.
  const std::vector<double> s = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  const std::vector<double> t = {0, 1, 0, 0, 0, 0, 1, 0, 1, 1};
  const std::vector<ps::LiftBand> top = ps::lift_table(s.data(), t.data(), 10, 10);
  ASSERT_EQ(top.size(), 10u);
  EXPECT_EQ(top[0].lower, 10.0);
  EXPECT_DOUBLE_EQ(top[0].lift, 2.5);  // rate 1 over overall 0.4
  EXPECT_DOUBLE_EQ(top[1].cumulative_target_share, 0.5);
  EXPECT_DOUBLE_EQ(top[2].cumulative_lift, (2.0 / 3.0) / 0.4);
  EXPECT_DOUBLE_EQ(top[2].cumulative_non_target_share, 1.0 / 6.0);
  EXPECT_DOUBLE_EQ(top.back().cumulative_target_share, 1.0);
  EXPECT_DOUBLE_EQ(top.back().cumulative_lift, 1.0);
  const std::vector<ps::LiftBand> bottom =
      ps::lift_table(s.data(), t.data(), 10, 5, ps::RankOrder::lowest_first);
  ASSERT_EQ(bottom.size(), 5u);
  EXPECT_EQ(bottom[0].upper, 3.0);  // scores 1 and 2
  EXPECT_EQ(bottom[0].targets, 1);
  const std::vector<double> none = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(status_of([&] { ps::lift_table(s.data(), none.data(), 10, 10); }), Status::undefined);
}

// ---------------------------------------------------------------- stability (C05)
TEST(Stability, CaseC05aProportionsAndPercentagesGiveTheSamePsi) {
  const std::vector<double> e = {0.5, 0.5}, a = {0.6, 0.4};
  const ps::StabilityIndex psi = ps::population_stability_index(e.data(), a.data(), 2);
  EXPECT_NEAR(psi.index, 0.04054651081081642, 1e-15);
  EXPECT_EQ(psi.band, ps::StabilityBand::stable);
  const std::vector<double> ep = {50, 50}, ap = {60, 40};  // percentages: not 4.05
  EXPECT_NEAR(ps::population_stability_index(ep.data(), ap.data(), 2).index, 0.04054651081081642, 1e-15);
}

TEST(Stability, CaseC05bThreeBins) {
  const std::vector<double> e = {0.2, 0.5, 0.3}, a = {0.3, 0.4, 0.3};
  EXPECT_NEAR(ps::population_stability_index(e.data(), a.data(), 3).index, 0.06286086594223739, 1e-15);
}

TEST(Stability, CaseC05cEmptyBinIsInfiniteUnlessSmoothedExplicitly) {
  const std::vector<double> e = {20, 50, 30}, a = {60, 40, 0};
  const ps::StabilityIndex raw = ps::population_stability_index(e.data(), a.data(), 3);
  EXPECT_EQ(raw.index, inf);
  EXPECT_EQ(raw.infinite_terms, 1);
  EXPECT_NEAR(raw.terms[0], 0.4394449154672439, 1e-15);
  EXPECT_NEAR(raw.terms[1], 0.022314355131420965, 1e-15);
  EXPECT_EQ(raw.terms[2], inf);
  EXPECT_EQ(raw.band, ps::StabilityBand::major_shift);
  const ps::StabilityIndex smoothed = ps::population_stability_index(e.data(), a.data(), 3, 1.0);
  EXPECT_NEAR(smoothed.index, 1.4428005906979315, 1e-14);
  EXPECT_NEAR(smoothed.actual_share[2], 1.0 / 101.0, 1e-16);
  EXPECT_EQ(smoothed.infinite_terms, 1);  // still reported
  // Empty on both sides contributes nothing.
  const std::vector<double> e2 = {1, 0, 1}, a2 = {1, 0, 1};
  EXPECT_EQ(ps::population_stability_index(e2.data(), a2.data(), 3).index, 0.0);
}

TEST(Stability, BandsAndBadInput) {
  EXPECT_EQ(ps::stability_band(0.0999), ps::StabilityBand::stable);
  EXPECT_EQ(ps::stability_band(0.1), ps::StabilityBand::moderate_shift);
  EXPECT_EQ(ps::stability_band(0.25), ps::StabilityBand::major_shift);
  EXPECT_STREQ(ps::stability_band_name(ps::StabilityBand::moderate_shift), "moderate_shift");
  const std::vector<double> ok = {1, 1}, negative = {1, -1}, zero = {0, 0};
  std::string msg;
  EXPECT_EQ(status_of([&] { ps::population_stability_index(ok.data(), negative.data(), 2); }, &msg),
            Status::invalid_argument);
  EXPECT_NE(msg.find("actual value of bin 1"), std::string::npos) << msg;
  EXPECT_EQ(status_of([&] { ps::population_stability_index(zero.data(), ok.data(), 2); }), Status::undefined);
  EXPECT_EQ(status_of([&] { ps::population_stability_index(ok.data(), ok.data(), 2, -1.0); }),
            Status::invalid_argument);
  const std::int64_t ref_bins[] = {0, 1, 1}, cur_bins[] = {0, 3};
  EXPECT_EQ(status_of([&] { ps::characteristic_stability_index(ref_bins, 3, cur_bins, 2, 2); }, &msg),
            Status::invalid_argument);
  EXPECT_NE(msg.find("current bin index at row 1"), std::string::npos) << msg;
}

TEST(Stability, ScorePsiOnBandsOfTheReference) {
  const std::vector<double> reference = {1, 2, 3, 4}, current = {3, 4, 4, 4};
  // Edges {3}: reference 2|2, current 0|4 -> one-sided empty bin.
  const ps::StabilityIndex psi = ps::score_stability_index(reference.data(), 4, current.data(), 4, {3.0});
  EXPECT_EQ(psi.index, inf);
  const ps::StabilityIndex smoothed =
      ps::score_stability_index(reference.data(), 4, current.data(), 4, {3.0}, 0.5);
  const double a0 = 0.5 / 4.5, a1 = 4.0 / 4.5;
  EXPECT_NEAR(smoothed.index, (a0 - 0.5) * std::log(a0 / 0.5) + (a1 - 0.5) * std::log(a1 / 0.5), 1e-15);
}

// ---------------------------------------------------------------- distributions
TEST(Distributions, NormalQuantileAndChiSquareSurvival) {
  EXPECT_NEAR(ps::normal_quantile(0.975), 1.959963984540054, 1e-15);
  EXPECT_NEAR(ps::normal_quantile(0.5), 0.0, 1e-17);
  EXPECT_NEAR(ps::normal_quantile(1e-10), -6.361340902404056, 1e-13);
  EXPECT_NEAR(ps::normal_cdf(ps::normal_quantile(0.3)), 0.3, 1e-15);
  // scipy.stats.chi2.sf and norm.ppf values.
  EXPECT_NEAR(ps::chi_square_survival(8.32386387729754, 8), 0.4024904367945399, 1e-14);
  EXPECT_NEAR(ps::chi_square_survival(3.0, 2), std::exp(-1.5), 1e-15);
  EXPECT_NEAR(ps::chi_square_survival(50.0, 3), 7.989179244951495e-11, 1e-20);
  EXPECT_EQ(ps::chi_square_survival(0.0, 4), 1.0);
  EXPECT_EQ(status_of([] { ps::normal_quantile(1.5); }), Status::invalid_argument);
  EXPECT_EQ(status_of([] { ps::chi_square_survival(-1.0, 2); }), Status::invalid_argument);
}

// ---------------------------------------------------------------- intervals
TEST(ConfidenceIntervals, DeLongByHand) {
  // Positives {0.35, 0.8}, negatives {0.1, 0.4}: V10 = {1/2, 1}, V01 = {1, 1/2}.
  const std::vector<double> s = {0.1, 0.4, 0.35, 0.8}, y = {0, 0, 1, 1};
  const ps::AucInterval ci = ps::auc_delong_interval(s.data(), y.data(), 4, 0.95);
  EXPECT_DOUBLE_EQ(ci.auc, 0.75);
  // var(V10) = var(V01) = 0.125 (divisor 1); SE = sqrt(0.125/2 + 0.125/2) = 0.3535...
  EXPECT_NEAR(ci.standard_error, std::sqrt(0.125), 1e-15);
  EXPECT_NEAR(ci.upper, 0.75 + 1.959963984540054 * std::sqrt(0.125), 1e-14);
  // Ties count one half in the placements, as in the AUC.
  const std::vector<double> tied = {2, 5, 10, 10, 1, 11}, ty = {1, 0, 0, 1, 0, 1};
  EXPECT_DOUBLE_EQ(ps::auc_delong_interval(tied.data(), ty.data(), 6).auc,
                   ps::ranking_metrics(tied.data(), ty.data(), 6).auc);
  // Identical scores: the difference is exactly 0 with no error; p-value undefined.
  const ps::AucDifference same = ps::auc_difference_delong(s.data(), s.data(), y.data(), 4);
  EXPECT_EQ(same.difference, 0.0);
  EXPECT_EQ(same.standard_error, 0.0);
  EXPECT_TRUE(std::isnan(same.p_value));
  const std::vector<double> one_negative = {0, 1, 1};
  EXPECT_EQ(status_of([&] { ps::auc_delong_interval(s.data(), one_negative.data(), 3); }),
            Status::undefined);
  EXPECT_EQ(status_of([&] { ps::auc_delong_interval(s.data(), y.data(), 4, 1.0); }),
            Status::invalid_argument);
}

TEST(ConfidenceIntervals, SplitMix64IsTheReferenceStream) {
  // First outputs of SplitMix64 with seed 1234567 (Vigna's reference implementation).
  ps::SplitMix64 rng(1234567);
  EXPECT_EQ(rng.next(), 6457827717110365317ULL);
  EXPECT_EQ(rng.next(), 3203168211198807973ULL);
  EXPECT_EQ(rng.next(), 9817491932198370423ULL);
  ps::SplitMix64 bounded(7);
  for (int i = 0; i < 1000; ++i) EXPECT_LT(bounded.below(3), 3u);
}

TEST(ConfidenceIntervals, KsBootstrapIsSeededAndBracketsTheStatistic) {
  std::vector<double> s, y;
  ps::SplitMix64 rng(99);
  for (int i = 0; i < 400; ++i) {
    const bool positive = i % 3 != 0;
    y.push_back(positive ? 1.0 : 0.0);
    s.push_back(std::floor(static_cast<double>(rng.below(50)) + (positive ? 10.0 : 0.0)));
  }
  const ps::KsInterval a = ps::ks_bootstrap_interval(s.data(), y.data(), 400, 300, 0.9, 5);
  const ps::KsInterval b = ps::ks_bootstrap_interval(s.data(), y.data(), 400, 300, 0.9, 5);
  const ps::KsInterval c = ps::ks_bootstrap_interval(s.data(), y.data(), 400, 300, 0.9, 6);
  EXPECT_EQ(a.lower, b.lower);
  EXPECT_EQ(a.upper, b.upper);
  EXPECT_NE(a.lower, c.lower);
  EXPECT_EQ(a.ks, ps::ranking_metrics(s.data(), y.data(), 400).ks.statistic);
  EXPECT_LT(a.lower, a.ks);
  EXPECT_GT(a.upper, a.ks);
  EXPECT_GT(a.standard_error, 0.0);
  EXPECT_EQ(status_of([&] { ps::ks_bootstrap_interval(s.data(), y.data(), 400, 1); }),
            Status::invalid_argument);
}

// ---------------------------------------------------------------- cutoffs and swap sets
TEST(CutoffSelection, EachCriterionByHand) {
  //   score: 10  9  8  7  6  5  4  3  2  1
  const std::vector<double> s = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  const std::vector<double> g = {1, 1, 1, 0, 1, 1, 0, 0, 1, 0};
  // TPR-FPR by cutoff: 10:.167 9:.333 8:.5 7:.25 6:.417 5:.583 4:.333 3:.083 2:.25 1:0
  const ps::CutoffChoice ks = ps::cutoff_by_max_ks(s.data(), g.data(), 10);
  EXPECT_EQ(ks.cutoff, 5.0);
  EXPECT_NEAR(ks.objective, 5.0 / 6.0 - 0.25, 1e-15);
  EXPECT_EQ(ks.confusion.true_positives, 5);
  EXPECT_EQ(ks.confusion.false_positives, 1);
  EXPECT_DOUBLE_EQ(ks.approval_rate, 0.6);
  EXPECT_EQ(ps::cutoff_by_youden(s.data(), g.data(), 10).cutoff, 5.0);
  // Reversed scores: KS is sign-free, Youden's J is not.
  std::vector<double> r(s.rbegin(), s.rend()), rg(g.rbegin(), g.rend());
  for (double& v : r) v = -v;
  EXPECT_EQ(ps::cutoff_by_approval_rate(s.data(), g.data(), 10, 0.35).cutoff, 7.0);  // 4 of 10
  EXPECT_EQ(ps::cutoff_by_approval_rate(s.data(), g.data(), 10, 0.3).cutoff, 8.0);
  // Bad rate among approved <= 0.2: at 5 it is 1/6; at 4 it is 2/7 > 0.2.
  const ps::CutoffChoice bad = ps::cutoff_by_bad_rate(s.data(), g.data(), 10, 0.2);
  EXPECT_EQ(bad.cutoff, 5.0);
  EXPECT_DOUBLE_EQ(bad.objective, 1.0 / 6.0);
  EXPECT_EQ(status_of([&] {
              const std::vector<double> worst = {0, 1, 1};
              const std::vector<double> sc = {3, 2, 1};
              ps::cutoff_by_bad_rate(sc.data(), worst.data(), 3, 0.1);
            }),
            Status::undefined);
  // Profit: margin 0.2, LGD 0.5, exposure 1: running sums .2 .4 .6 .1 .3 .5 0 -.5 -.3 -.8
  const ps::CutoffChoice profit = ps::cutoff_by_profit(s.data(), g.data(), nullptr, nullptr, 10, {0.2, 0.5});
  EXPECT_EQ(profit.cutoff, 8.0);
  EXPECT_NEAR(profit.objective, 0.6, 1e-15);
  // Exposure moves the choice: a big loan on the bad at 7 and the good at 6.
  const std::vector<double> e = {1, 1, 1, 1, 10, 1, 1, 1, 1, 1};
  EXPECT_EQ(ps::cutoff_by_profit(s.data(), g.data(), nullptr, e.data(), 10, {0.2, 0.5}).cutoff, 5.0);
  // Nobody is worth approving: cutoff +inf, profit 0.
  const ps::CutoffChoice none = ps::cutoff_by_profit(s.data(), g.data(), nullptr, nullptr, 10, {0.0, 0.5});
  EXPECT_EQ(none.cutoff, inf);
  EXPECT_EQ(none.confusion.predicted_positives(), 0);
  EXPECT_EQ(status_of([&] { ps::cutoff_by_profit(s.data(), g.data(), nullptr, nullptr, 10, {-1, 0.5}); }),
            Status::invalid_argument);
  EXPECT_EQ(status_of([&] { ps::cutoff_by_approval_rate(s.data(), g.data(), 10, 0.0); }),
            Status::invalid_argument);
}

TEST(CutoffSelection, TiesAreNeverSplit) {
  // 4 rows tied at 5: a 30% approval target on 10 rows must approve all 4 tied rows or none.
  const std::vector<double> s = {9, 5, 5, 5, 5, 3, 2, 1, 1, 0};
  const std::vector<double> g = {1, 1, 0, 1, 1, 0, 1, 0, 1, 0};
  const ps::CutoffChoice c = ps::cutoff_by_approval_rate(s.data(), g.data(), 10, 0.3);
  EXPECT_EQ(c.cutoff, 5.0);
  EXPECT_DOUBLE_EQ(c.approval_rate, 0.5);
  EXPECT_DOUBLE_EQ(c.objective, 0.5);
}

TEST(SwapSet, TwoCutoffsAndTwoModels) {
  const std::vector<double> a = {9, 8, 7, 6, 5, 4}, b = {1, 9, 2, 8, 7, 3};
  const std::vector<double> g = {1, 0, 1, 1, 0, 0};
  const std::vector<double> e = {100, 200, 300, 400, 500, 600};
  const ps::SwapSet cutoffs = ps::swap_set(a.data(), 7.0, a.data(), 5.0, g.data(), e.data(), 6);
  EXPECT_EQ(cutoffs.approved_by_both.count, 3);
  EXPECT_EQ(cutoffs.swapped_out.count, 0);
  EXPECT_EQ(cutoffs.swapped_in.count, 2);  // scores 6 (good) and 5 (bad)
  EXPECT_EQ(cutoffs.swapped_in.bads, 1);
  EXPECT_EQ(cutoffs.swapped_in.exposure, 900.0);
  EXPECT_DOUBLE_EQ(cutoffs.swapped_in.bad_rate(), 0.5);
  const ps::SwapSet models = ps::swap_set(a.data(), 7.0, b.data(), 7.0, g.data(), nullptr, 6);
  EXPECT_EQ(models.approved_by_both.count, 1);  // row 1
  EXPECT_EQ(models.swapped_out.count, 2);       // rows 0, 2: both good
  EXPECT_EQ(models.swapped_out.goods, 2);
  EXPECT_EQ(models.swapped_in.count, 2);        // rows 3, 4
  EXPECT_EQ(models.declined_by_both.count, 1);
  EXPECT_TRUE(std::isnan(ps::SwapCell{}.bad_rate()));
  const std::vector<double> with_nan = {9, not_a_number, 7, 6, 5, 4};
  std::string msg;
  EXPECT_EQ(status_of([&] { ps::swap_set(a.data(), 7.0, with_nan.data(), 7.0, g.data(), nullptr, 6); }, &msg),
            Status::missing_value);
  EXPECT_NE(msg.find("scores_b is NaN at row 1"), std::string::npos) << msg;
}

// ---------------------------------------------------------------- inputs untouched
TEST(Evaluation, NoFunctionModifiesItsInputs) {
  std::vector<double> s = {3, 1, 2, 2, 5, 4, 0, 6}, y = {1, 0, 1, 0, 1, 0, 0, 1};
  std::vector<double> p = {.7, .2, .6, .5, .9, .4, .1, .8}, w = {1, 2, 1, 2, 1, 2, 1, 2};
  const auto s0 = s, y0 = y, p0 = p, w0 = w;
  const std::int64_t n = size_of(s);
  ps::ranking_metrics(s.data(), y.data(), n);
  ps::weighted_ranking_metrics(s.data(), y.data(), w.data(), n);
  ps::precision_recall(s.data(), y.data(), w.data(), n);
  ps::brier_score(p.data(), y.data(), w.data(), n);
  ps::log_loss(p.data(), y.data(), w.data(), n, 1e-9);
  ps::calibration_table(s.data(), p.data(), y.data(), n, ps::quantile_band_edges(s.data(), n, 3));
  ps::lift_table(s.data(), y.data(), n, 4);
  ps::auc_delong_interval(s.data(), y.data(), n);
  ps::auc_difference_delong(s.data(), p.data(), y.data(), n);
  ps::ks_bootstrap_interval(s.data(), y.data(), n, 20);
  ps::cutoff_by_profit(s.data(), y.data(), p.data(), w.data(), n, {});
  ps::cutoff_by_youden(s.data(), y.data(), n);
  ps::swap_set(s.data(), 2.0, p.data(), 0.5, y.data(), w.data(), n);
  ps::population_stability_index(p.data(), w.data(), n, 1.0);
  EXPECT_EQ(s, s0);
  EXPECT_EQ(y, y0);
  EXPECT_EQ(p, p0);
  EXPECT_EQ(w, w0);
}

// A score that separates nothing: KS 0 at a threshold that exists (the only score), and the
// max-KS cutoff is that score, not an out-of-range search.
TEST(CutoffSelection, ConstantScoreHasKsZeroAtItsOnlyValue) {
  const std::vector<double> s = {5, 5, 5, 5}, g = {1, 0, 1, 0};
  const ps::RankingMetrics m = ps::ranking_metrics(s.data(), g.data(), 4);
  EXPECT_EQ(m.ks.statistic, 0.0);
  EXPECT_EQ(m.ks.threshold, 5.0);
  EXPECT_DOUBLE_EQ(m.auc, 0.5);
  const ps::CutoffChoice c = ps::cutoff_by_max_ks(s.data(), g.data(), 4);
  EXPECT_EQ(c.cutoff, 5.0);
  EXPECT_EQ(c.approval_rate, 1.0);
  const std::vector<double> p = {0.5, not_a_number, 0.5, 0.5};
  std::string msg;
  EXPECT_EQ(status_of([&] { ps::cutoff_by_profit(s.data(), g.data(), p.data(), nullptr, 4, {}); }, &msg),
            Status::missing_value);
  EXPECT_NE(msg.find("row 1"), std::string::npos) << msg;
}

// Results are functions of the data, not of the row order.
TEST(Evaluation, RowOrderDoesNotChangeAnyResult) {
  std::vector<double> s, y, p;
  ps::SplitMix64 rng(3);
  for (int i = 0; i < 300; ++i) {
    const double good = rng.below(10) < 7 ? 1.0 : 0.0;
    s.push_back(static_cast<double>(rng.below(40)) + 5.0 * good);  // heavy ties
    y.push_back(good);
    p.push_back(0.05 + 0.9 * static_cast<double>(rng.below(1000)) / 1000.0);
  }
  std::vector<double> rs(s.rbegin(), s.rend()), ry(y.rbegin(), y.rend()), rp(p.rbegin(), p.rend());
  const std::int64_t n = size_of(s);
  const auto edges = ps::quantile_band_edges(s.data(), n, 10);
  EXPECT_EQ(edges, ps::quantile_band_edges(rs.data(), n, 10));
  const auto a = ps::calibration_table(s.data(), p.data(), y.data(), n, edges);
  const auto b = ps::calibration_table(rs.data(), rp.data(), ry.data(), n, edges);
  ASSERT_EQ(a.bands.size(), b.bands.size());
  for (std::size_t k = 0; k < a.bands.size(); ++k) {
    EXPECT_EQ(a.bands[k].goods, b.bands[k].goods);
    EXPECT_NEAR(a.bands[k].expected_goods, b.bands[k].expected_goods, 1e-12);
  }
  const auto la = ps::lift_table(s.data(), y.data(), n, 10), lb = ps::lift_table(rs.data(), ry.data(), n, 10);
  ASSERT_EQ(la.size(), lb.size());
  for (std::size_t k = 0; k < la.size(); ++k) EXPECT_EQ(la[k].lift, lb[k].lift);
  const auto ka = ps::ks_bootstrap_interval(s.data(), y.data(), n, 50, 0.95, 11);
  const auto kb = ps::ks_bootstrap_interval(rs.data(), ry.data(), n, 50, 0.95, 11);
  EXPECT_EQ(ka.lower, kb.lower);
  EXPECT_EQ(ka.upper, kb.upper);
  EXPECT_NEAR(ps::auc_delong_interval(s.data(), y.data(), n).standard_error,
              ps::auc_delong_interval(rs.data(), ry.data(), n).standard_error, 1e-15);
  EXPECT_EQ(ps::cutoff_by_profit(s.data(), y.data(), nullptr, nullptr, n, {}).cutoff,
            ps::cutoff_by_profit(rs.data(), ry.data(), nullptr, nullptr, n, {}).cutoff);
  EXPECT_EQ(ps::precision_recall(s.data(), y.data(), nullptr, n).average_precision,
            ps::precision_recall(rs.data(), ry.data(), nullptr, n).average_precision);
}
