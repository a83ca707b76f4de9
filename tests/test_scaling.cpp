// ScoreScaling: score = offset + factor * ln(good:bad odds). Case C08 of /work/shared/cases is
// stated in bad:good odds (600 points at bad:good 1/19, PDO 50); paystrike enters the same
// anchor as good:bad odds 19. The numbers must be the same.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "paystrike/paystrike.hpp"

namespace {

using paystrike::Error;
using paystrike::ScoreScaling;
using paystrike::Status;

/// ln(good:bad odds) of a customer whose probability of default (bad) is `p_bad`.
double log_odds_good_of_bad_probability(double p_bad) { return std::log((1.0 - p_bad) / p_bad); }

ScoreScaling c08_scaling() {
  ScoreScaling scaling;
  scaling.base_points = 600.0;
  scaling.base_odds = 1.0 / 0.05263157894736842;  // bad:good 1/19 -> good:bad 19
  scaling.pdo = 50.0;
  return scaling;
}

Status validate_status(const ScoreScaling& scaling) {
  try {
    scaling.validate();
  } catch (const Error& e) {
    return e.status();
  }
  return Status::ok;
}

}  // namespace

TEST(Scaling, CaseC08FactorAndOffsetInGoodBadOdds) {
  const ScoreScaling scaling = c08_scaling();
  EXPECT_NEAR(scaling.base_odds, 19.0, 1e-13);
  EXPECT_NO_THROW(scaling.validate());
  EXPECT_DOUBLE_EQ(scaling.factor(), 72.13475204444818);
  EXPECT_NEAR(scaling.offset(), 387.6036243278207, 1e-12);
  // The bad:good form of the same line: offset - factor * ln(bad:good odds) at 1/19 is 600.
  EXPECT_NEAR(scaling.offset() - scaling.factor() * std::log(0.05263157894736842), 600.0, 1e-12);
}

TEST(Scaling, CaseC08ScoresForProbabilitiesOfDefault) {
  const ScoreScaling scaling = c08_scaling();
  // C08's probabilities are P(bad); paystrike's log-odds are of good.
  const std::vector<double> p_bad = {0.05, 0.09523809523809523, 0.02564102564102564, 0.5};
  const std::vector<double> expected = {600.0, 550.0, 650.0, 387.6036243278207};
  for (std::size_t i = 0; i < p_bad.size(); ++i) {
    const double log_odds = log_odds_good_of_bad_probability(p_bad[i]);
    const double score = scaling.score(log_odds);
    EXPECT_NEAR(score, expected[i], 1e-9) << p_bad[i];
    // The bad:good formula of C08 gives the same number.
    EXPECT_NEAR(score, scaling.offset() - scaling.factor() * std::log(p_bad[i] / (1.0 - p_bad[i])),
                1e-9);
    // log_odds_good is the inverse of score.
    EXPECT_NEAR(scaling.log_odds_good(score), log_odds, 1e-12) << p_bad[i];
  }
}

TEST(Scaling, PdoDoublesTheOdds) {
  for (const ScoreScaling& scaling : {ScoreScaling(), c08_scaling()}) {
    for (double score : {300.0, 550.0, 600.0, 800.0}) {
      const double ratio = std::exp(scaling.log_odds_good(score + scaling.pdo) -
                                    scaling.log_odds_good(score));
      EXPECT_NEAR(ratio, 2.0, 1e-12);
    }
    EXPECT_NEAR(scaling.score(std::log(scaling.base_odds)), scaling.base_points, 1e-12);
    EXPECT_NEAR(scaling.score(0.0), scaling.offset(), 0.0);
  }
}

TEST(Scaling, CaseC08PerBinPointsAddUpToTheScore) {
  // C08's card: log-odds of bad = -2 + 0.8 * WoE with WoE = ln(bad/good). In paystrike's
  // good convention the intercept is +2 and the coefficient on WoE is -0.8.
  paystrike::ScoreModel model;
  model.input_names = {"woe"};
  model.input_min = {-0.5};
  model.input_max = {1.2};
  model.terms = {paystrike::Term{"woe", 0, paystrike::TermKind::linear, 0.0}};
  model.intercept = 2.0;
  model.coefficients = {-0.8};
  model.scaling = c08_scaling();
  ASSERT_NO_THROW(model.validate());
  const std::vector<double> woe = {-0.5, 0.3, 1.2};
  const std::vector<double> bin_points = {28.853900817779273, -17.312340490667562,
                                          -69.24936196267025};
  const std::vector<double> totals = {560.7270292344963, 514.5607879260494, 462.6237664540468};
  const std::vector<double> implied_p_bad = {0.08317269649392238, 0.14679033980138237,
                                             0.261149993915751};
  for (std::size_t i = 0; i < woe.size(); ++i) {
    double points = 0.0, base = 0.0;
    model.characteristic_points(&woe[i], 1, &points, &base);
    EXPECT_NEAR(base, 531.873128416717, 1e-9);
    EXPECT_NEAR(points, bin_points[i], 1e-9) << i;
    const double score = model.scaling.score(model.log_odds_good(&woe[i]));
    EXPECT_NEAR(score, totals[i], 1e-9) << i;
    EXPECT_NEAR(base + points, score, 1e-9) << i;
    const double p_good = 1.0 / (1.0 + std::exp(-model.log_odds_good(&woe[i])));
    EXPECT_NEAR(1.0 - p_good, implied_p_bad[i], 1e-12) << i;
  }
}

TEST(Scaling, DefaultIs600PointsAt50To1GoodBadWithPdo20) {
  const ScoreScaling scaling;
  EXPECT_EQ(scaling.base_points, 600.0);
  EXPECT_EQ(scaling.base_odds, 50.0);
  EXPECT_EQ(scaling.pdo, 20.0);
  EXPECT_DOUBLE_EQ(scaling.factor(), 20.0 / std::log(2.0));
  EXPECT_DOUBLE_EQ(scaling.factor(), 28.85390081777927);
  EXPECT_NEAR(scaling.offset(), 487.1228762045055, 1e-12);
  EXPECT_NEAR(scaling.score(std::log(50.0)), 600.0, 1e-12);
  EXPECT_NEAR(scaling.score(std::log(100.0)), 620.0, 1e-12);
  EXPECT_NEAR(scaling.score(std::log(25.0)), 580.0, 1e-12);
  // Higher P(good) -> more points.
  EXPECT_GT(scaling.score(std::log(0.99 / 0.01)), scaling.score(std::log(0.9 / 0.1)));
}

TEST(Scaling, ValidateRefusesBadAnchors) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  for (double pdo : {0.0, -20.0, nan, inf}) {
    ScoreScaling s;
    s.pdo = pdo;
    EXPECT_EQ(validate_status(s), Status::invalid_argument) << pdo;
  }
  for (double odds : {0.0, -1.0, nan, inf}) {
    ScoreScaling s;
    s.base_odds = odds;
    EXPECT_EQ(validate_status(s), Status::invalid_argument) << odds;
  }
  for (double points : {nan, inf, -inf}) {
    ScoreScaling s;
    s.base_points = points;
    EXPECT_EQ(validate_status(s), Status::invalid_argument) << points;
  }
  // Finite anchors whose scores overflow. A PDO of 1e306 alone puts ln-odds 745 beyond DBL_MAX.
  // A PDO of 1e305 alone does not (factor * 745 = 1.07e308) ...
  ScoreScaling huge_pdo;
  huge_pdo.pdo = 1e306;
  EXPECT_EQ(validate_status(huge_pdo), Status::invalid_argument);
  ScoreScaling large_pdo;
  large_pdo.pdo = 1e305;
  EXPECT_EQ(validate_status(large_pdo), Status::ok);
  // ... but with a base of 1.79e308 points, or odds of 1e-300 (offset 1.0e308), it does.
  ScoreScaling huge_base = large_pdo;
  huge_base.base_points = 1.79e308;
  EXPECT_EQ(validate_status(huge_base), Status::invalid_argument);
  ScoreScaling tiny_odds = large_pdo;
  tiny_odds.base_odds = 1e-300;
  EXPECT_EQ(validate_status(tiny_odds), Status::invalid_argument);
  ScoreScaling large_but_fine;  // a million points to double the odds is odd, not broken
  large_but_fine.pdo = 1e6;
  large_but_fine.base_points = 1e9;
  EXPECT_EQ(validate_status(large_but_fine), Status::ok);
  ScoreScaling negative_points;
  negative_points.base_points = -100.0;  // unusual but a valid anchor
  EXPECT_EQ(validate_status(negative_points), Status::ok);
}
