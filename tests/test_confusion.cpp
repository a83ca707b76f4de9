// ConfusionMatrix and confusion_at_cutoff: named cells, every rate by hand, NaN for undefined
// rates, cases C03 and C04 of /work/shared/cases, and the statuses of bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "paystrike/paystrike.hpp"

namespace {

using paystrike::confusion_at_cutoff;
using paystrike::ConfusionMatrix;
using paystrike::Error;
using paystrike::Status;

template <class F>
Status status_of(F&& call) {
  try {
    call();
  } catch (const Error& e) {
    return e.status();
  }
  return Status::ok;
}

ConfusionMatrix tally(const std::vector<double>& scores, const std::vector<double>& good,
                      double cutoff) {
  return confusion_at_cutoff(scores.data(), good.data(), static_cast<std::int64_t>(scores.size()),
                             cutoff);
}

}  // namespace

// Positive class = good payer; approved (predicted good) when score >= cutoff.
TEST(Confusion, SmallExampleByHandWithScoreAtTheCutoffApproved) {
  //                      approved (>= 600)             declined
  const std::vector<double> scores = {700, 650, 600, 600, 620, 599.999, 550, 500, 580, 400};
  const std::vector<double> good = {1, 1, 1, 0, 0, 1, 0, 0, 1, 0};
  const ConfusionMatrix m = tally(scores, good, 600.0);
  // Approved: 700 g, 650 g, 600 g, 600 b, 620 b -> TP 3, FP 2.
  // Declined: 599.999 g, 550 b, 500 b, 580 g, 400 b -> FN 2, TN 3.
  EXPECT_EQ(m.true_positives, 3);
  EXPECT_EQ(m.false_positives, 2);
  EXPECT_EQ(m.false_negatives, 2);
  EXPECT_EQ(m.true_negatives, 3);
  EXPECT_EQ(m.total(), 10);
  EXPECT_EQ(m.actual_positives(), 5);
  EXPECT_EQ(m.actual_negatives(), 5);
  EXPECT_EQ(m.predicted_positives(), 5);
  EXPECT_EQ(m.predicted_negatives(), 5);
  EXPECT_DOUBLE_EQ(m.true_positive_rate(), 3.0 / 5.0);
  EXPECT_DOUBLE_EQ(m.false_positive_rate(), 2.0 / 5.0);
  EXPECT_DOUBLE_EQ(m.true_negative_rate(), 3.0 / 5.0);
  EXPECT_DOUBLE_EQ(m.false_negative_rate(), 2.0 / 5.0);
  EXPECT_DOUBLE_EQ(m.precision(), 3.0 / 5.0);
  EXPECT_DOUBLE_EQ(m.negative_predictive_value(), 3.0 / 5.0);
  EXPECT_DOUBLE_EQ(m.accuracy(), 6.0 / 10.0);
  EXPECT_DOUBLE_EQ(m.f1(), 6.0 / 10.0);
  EXPECT_DOUBLE_EQ(m.matthews_correlation(), (9.0 - 4.0) / 25.0);
}

TEST(Confusion, AsymmetricExampleSeparatesEveryRate) {
  // TP 4, FP 1, FN 2, TN 3: every rate has a different value, so a swapped cell shows.
  const std::vector<double> scores = {9, 9, 8, 7, 6, 1, 1, 2, 3, 0};
  const std::vector<double> good = {1, 1, 1, 1, 0, 1, 1, 0, 0, 0};
  const ConfusionMatrix m = tally(scores, good, 5.0);
  ASSERT_EQ(m.true_positives, 4);
  ASSERT_EQ(m.false_positives, 1);
  ASSERT_EQ(m.false_negatives, 2);
  ASSERT_EQ(m.true_negatives, 3);
  EXPECT_DOUBLE_EQ(m.true_positive_rate(), 4.0 / 6.0);
  EXPECT_DOUBLE_EQ(m.false_positive_rate(), 1.0 / 4.0);
  EXPECT_DOUBLE_EQ(m.true_negative_rate(), 3.0 / 4.0);
  EXPECT_DOUBLE_EQ(m.false_negative_rate(), 2.0 / 6.0);
  EXPECT_DOUBLE_EQ(m.precision(), 4.0 / 5.0);
  EXPECT_DOUBLE_EQ(m.negative_predictive_value(), 3.0 / 5.0);
  EXPECT_DOUBLE_EQ(m.accuracy(), 7.0 / 10.0);
  EXPECT_DOUBLE_EQ(m.f1(), 8.0 / 11.0);
  EXPECT_DOUBLE_EQ(m.matthews_correlation(), (12.0 - 2.0) / std::sqrt(5.0 * 6.0 * 4.0 * 5.0));
}

TEST(Confusion, UndefinedRatesAreNaNNotZero) {
  // Everyone approved and everyone good: no negatives, nothing predicted negative.
  const ConfusionMatrix m = tally({5, 6, 7}, {1, 1, 1}, 0.0);
  EXPECT_EQ(m.true_positives, 3);
  EXPECT_DOUBLE_EQ(m.true_positive_rate(), 1.0);
  EXPECT_DOUBLE_EQ(m.precision(), 1.0);
  EXPECT_TRUE(std::isnan(m.false_positive_rate()));
  EXPECT_TRUE(std::isnan(m.true_negative_rate()));
  EXPECT_TRUE(std::isnan(m.negative_predictive_value()));
  EXPECT_TRUE(std::isnan(m.matthews_correlation()));
  EXPECT_DOUBLE_EQ(m.f1(), 1.0);

  const ConfusionMatrix empty;
  EXPECT_TRUE(std::isnan(empty.accuracy()));
  EXPECT_TRUE(std::isnan(empty.f1()));
  EXPECT_TRUE(std::isnan(empty.true_positive_rate()));
  EXPECT_TRUE(std::isnan(empty.precision()));
  EXPECT_EQ(tally({}, {}, 1.0).total(), 0);
}

// C03: the named cells must not depend on which class is positive or on any matrix layout.
TEST(Confusion, CaseC03BothPositiveClasses) {
  const std::vector<double> y_true = {0, 0, 1, 1, 1, 1, 0, 0, 0, 0};
  const std::vector<double> y_pred = {0, 0, 1, 1, 1, 0, 1, 1, 1, 1};
  // Predicted positive when score >= cutoff: use the prediction as the score, cutoff 0.5.
  const ConfusionMatrix pos1 = tally(y_pred, y_true, 0.5);
  EXPECT_EQ(pos1.true_positives, 3);
  EXPECT_EQ(pos1.false_negatives, 1);
  EXPECT_EQ(pos1.false_positives, 4);
  EXPECT_EQ(pos1.true_negatives, 2);
  EXPECT_DOUBLE_EQ(pos1.precision(), 0.42857142857142855);
  EXPECT_DOUBLE_EQ(pos1.true_positive_rate(), 0.75);
  EXPECT_DOUBLE_EQ(pos1.f1(), 0.5454545454545454);
  EXPECT_DOUBLE_EQ(pos1.accuracy(), 0.5);
  EXPECT_NEAR(pos1.matthews_correlation(), 0.0890870806374748, 1e-15);

  // Positive class 0: labels become 1 - y_true and the prediction of class 0 is 1 - y_pred.
  std::vector<double> label0, pred0;
  for (std::size_t i = 0; i < y_true.size(); ++i) {
    label0.push_back(1.0 - y_true[i]);
    pred0.push_back(1.0 - y_pred[i]);
  }
  const ConfusionMatrix pos0 = tally(pred0, label0, 0.5);
  EXPECT_EQ(pos0.true_positives, 2);
  EXPECT_EQ(pos0.false_negatives, 4);
  EXPECT_EQ(pos0.false_positives, 1);
  EXPECT_EQ(pos0.true_negatives, 3);
  EXPECT_DOUBLE_EQ(pos0.precision(), 0.6666666666666666);
  EXPECT_DOUBLE_EQ(pos0.true_positive_rate(), 0.3333333333333333);
  EXPECT_DOUBLE_EQ(pos0.f1(), 0.4444444444444444);
  EXPECT_DOUBLE_EQ(pos0.accuracy(), 0.5);
  EXPECT_NEAR(pos0.matthews_correlation(), 0.0890870806374748, 1e-15);
}

// C04: products of large counts are formed in double.
TEST(Confusion, CaseC04MatthewsCorrelationDoesNotOverflow) {
  std::vector<double> scores, good;
  auto add = [&](double y, double pred, int count) {
    for (int i = 0; i < count; ++i) {
      good.push_back(y);
      scores.push_back(pred);
    }
  };
  add(1, 1, 50000);
  add(1, 0, 5000);
  add(0, 1, 5000);
  add(0, 0, 50000);
  const ConfusionMatrix m = tally(scores, good, 0.5);
  EXPECT_EQ(m.true_positives, 50000);
  EXPECT_EQ(m.false_negatives, 5000);
  EXPECT_EQ(m.false_positives, 5000);
  EXPECT_EQ(m.true_negatives, 50000);
  EXPECT_NEAR(m.matthews_correlation(), 0.8181818181818182, 1e-15);
  EXPECT_DOUBLE_EQ(m.accuracy(), 0.9090909090909091);

  ConfusionMatrix counts;
  counts.true_positives = 1000000000000000000;
  counts.false_negatives = 1000000000000000000;
  counts.false_positives = 1000000000000000000;
  counts.true_negatives = 2;
  EXPECT_NEAR(counts.matthews_correlation(), -0.5, 1e-15);
  EXPECT_GE(counts.matthews_correlation(), -1.0);
}

TEST(Confusion, NaNScoreIsMissingValue) {
  try {
    tally({1, std::numeric_limits<double>::quiet_NaN(), 3}, {1, 0, 1}, 2.0);
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::missing_value);
    EXPECT_NE(std::string(e.what()).find("row 1"), std::string::npos) << e.what();
  }
}

TEST(Confusion, BadLabelIsInvalidArgumentNamingTheRow) {
  for (double bad : {2.0, -1.0, 0.5, std::numeric_limits<double>::quiet_NaN()}) {
    try {
      tally({1, 2, 3}, {1, 0, bad}, 2.0);
      FAIL() << "no exception for label " << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.status(), Status::invalid_argument);
      EXPECT_NE(std::string(e.what()).find("row 2"), std::string::npos) << e.what();
    }
  }
}

TEST(Confusion, BadArgumentsHaveTheirStatus) {
  const double scores[] = {1.0}, labels[] = {1.0};
  EXPECT_EQ(status_of([&] { confusion_at_cutoff(nullptr, labels, 1, 0.0); }), Status::null_argument);
  EXPECT_EQ(status_of([&] { confusion_at_cutoff(scores, nullptr, 1, 0.0); }), Status::null_argument);
  EXPECT_EQ(status_of([&] { confusion_at_cutoff(scores, labels, -1, 0.0); }),
            Status::invalid_argument);
  EXPECT_EQ(status_of([&] {
              confusion_at_cutoff(scores, labels, 1, std::numeric_limits<double>::quiet_NaN());
            }),
            Status::invalid_argument);
  EXPECT_EQ(status_of([&] { confusion_at_cutoff(nullptr, nullptr, 0, 0.0); }), Status::ok);
}

TEST(Confusion, InfiniteCutoffsApproveNobodyOrEverybody) {
  const std::vector<double> scores = {1, 2, 3}, good = {1, 0, 1};
  const ConfusionMatrix none = tally(scores, good, std::numeric_limits<double>::infinity());
  EXPECT_EQ(none.predicted_positives(), 0);
  EXPECT_TRUE(std::isnan(none.precision()));
  const ConfusionMatrix all = tally(scores, good, -std::numeric_limits<double>::infinity());
  EXPECT_EQ(all.predicted_negatives(), 0);
  EXPECT_DOUBLE_EQ(all.true_positive_rate(), 1.0);
}

// The rates added for the evaluation suite, on the asymmetric example (TP 4, FP 1, FN 2, TN 3).
TEST(Confusion, FalseDiscoveryBalancedAccuracyAndKappaByHand) {
  const ConfusionMatrix m = tally({9, 9, 8, 7, 6, 1, 1, 2, 3, 0}, {1, 1, 1, 1, 0, 1, 1, 0, 0, 0}, 5.0);
  EXPECT_DOUBLE_EQ(m.false_discovery_rate(), 1.0 / 5.0);
  EXPECT_DOUBLE_EQ(m.balanced_accuracy(), 0.5 * (4.0 / 6.0 + 3.0 / 4.0));
  // p_o = 0.7, p_e = 0.5*0.6 + 0.5*0.4 = 0.5, kappa = 0.2 / 0.5.
  EXPECT_NEAR(m.cohens_kappa(), 0.4, 1e-15);
  EXPECT_EQ(m.cell(true, true), 4);
  EXPECT_EQ(m.cell(false, true), 1);
  EXPECT_EQ(m.cell(true, false), 2);
  EXPECT_EQ(m.cell(false, false), 3);
}

TEST(Confusion, NewRatesAreUndefinedNotZero) {
  const ConfusionMatrix all_good = tally({5, 6, 7}, {1, 1, 1}, 0.0);
  EXPECT_TRUE(std::isnan(all_good.balanced_accuracy()));  // TNR undefined
  EXPECT_TRUE(std::isnan(all_good.cohens_kappa()));       // p_e = 1
  EXPECT_DOUBLE_EQ(all_good.false_discovery_rate(), 0.0);
  const ConfusionMatrix nobody_approved = tally({1, 2}, {1, 0}, 10.0);
  EXPECT_TRUE(std::isnan(nobody_approved.false_discovery_rate()));
  EXPECT_TRUE(std::isnan(ConfusionMatrix{}.cohens_kappa()));
}

// C03 with an explicit positive label: the same data read with positive class 1 and 0.
TEST(Confusion, CaseC03ConfusionFromLabelsWithExplicitPositiveClass) {
  const std::vector<double> y_true = {0, 0, 1, 1, 1, 1, 0, 0, 0, 0};
  const std::vector<double> y_pred = {0, 0, 1, 1, 1, 0, 1, 1, 1, 1};
  const ConfusionMatrix pos1 = paystrike::confusion_from_labels(y_true.data(), y_pred.data(), 10, 1.0);
  EXPECT_EQ(pos1.true_positives, 3);
  EXPECT_EQ(pos1.false_negatives, 1);
  EXPECT_EQ(pos1.false_positives, 4);
  EXPECT_EQ(pos1.true_negatives, 2);
  EXPECT_DOUBLE_EQ(pos1.f1(), 0.5454545454545454);
  const ConfusionMatrix pos0 = paystrike::confusion_from_labels(y_true.data(), y_pred.data(), 10, 0.0);
  EXPECT_EQ(pos0.true_positives, 2);
  EXPECT_EQ(pos0.false_negatives, 4);
  EXPECT_EQ(pos0.false_positives, 1);
  EXPECT_EQ(pos0.true_negatives, 3);
  EXPECT_DOUBLE_EQ(pos0.precision(), 0.6666666666666666);
  EXPECT_DOUBLE_EQ(pos0.true_positive_rate(), 0.3333333333333333);
  EXPECT_DOUBLE_EQ(pos0.f1(), 0.4444444444444444);
  EXPECT_NEAR(pos0.matthews_correlation(), 0.0890870806374748, 1e-15);
  // Labels other than the positive one are all negative: 2 and 0 read the same as 0.
  const std::vector<double> other = {2, 2, 1, 1, 1, 1, 2, 2, 2, 2};
  const ConfusionMatrix pos1_other = paystrike::confusion_from_labels(other.data(), y_pred.data(), 10, 1.0);
  EXPECT_EQ(pos1_other.true_positives, 3);
  EXPECT_EQ(pos1_other.true_negatives, 2);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> with_nan = {0, nan};
  EXPECT_EQ(status_of([&] { paystrike::confusion_from_labels(with_nan.data(), y_pred.data(), 2, 1.0); }),
            Status::missing_value);
  EXPECT_EQ(status_of([&] { paystrike::confusion_from_labels(y_true.data(), y_pred.data(), 2, nan); }),
            Status::invalid_argument);
}

// C04 for every rate: counts near 1e18 must not overflow int64 sums like 2*TP + FP + FN.
TEST(Confusion, CaseC04EveryRateIsFormedInDouble) {
  ConfusionMatrix m;
  m.true_positives = 3000000000000000000;
  m.false_positives = 3000000000000000000;
  m.false_negatives = 3000000000000000000;
  m.true_negatives = 2;
  EXPECT_NEAR(m.f1(), 0.5, 1e-15);  // 2TP + FP + FN = 1.2e19 > INT64_MAX
  EXPECT_NEAR(m.precision(), 0.5, 1e-15);
  EXPECT_NEAR(m.matthews_correlation(), -0.5, 1e-15);
  EXPECT_GE(m.cohens_kappa(), -1.0);
  EXPECT_LE(m.cohens_kappa(), 1.0);
}

TEST(Confusion, WeightedMatrixSumsWeightsAndEqualsReplicatedRows) {
  const std::vector<double> scores = {9, 8, 6, 1, 2, 3}, good = {1, 1, 0, 1, 0, 0};
  const std::vector<double> weights = {2, 1, 3, 1, 1, 2};
  const paystrike::WeightedConfusionMatrix w =
      paystrike::weighted_confusion_at_cutoff(scores.data(), good.data(), weights.data(), 6, 5.0);
  EXPECT_EQ(w.true_positives, 3.0);
  EXPECT_EQ(w.false_positives, 3.0);
  EXPECT_EQ(w.false_negatives, 1.0);
  EXPECT_EQ(w.true_negatives, 3.0);
  // The same as repeating each row `weight` times.
  std::vector<double> rs, rg;
  for (std::size_t i = 0; i < scores.size(); ++i)
    for (int k = 0; k < static_cast<int>(weights[i]); ++k) {
      rs.push_back(scores[i]);
      rg.push_back(good[i]);
    }
  const ConfusionMatrix r = tally(rs, rg, 5.0);
  EXPECT_DOUBLE_EQ(w.matthews_correlation(), r.matthews_correlation());
  EXPECT_DOUBLE_EQ(w.cohens_kappa(), r.cohens_kappa());
  EXPECT_DOUBLE_EQ(w.balanced_accuracy(), r.balanced_accuracy());
  EXPECT_DOUBLE_EQ(w.f1(), r.f1());
  EXPECT_DOUBLE_EQ(w.negative_predictive_value(), r.negative_predictive_value());
  EXPECT_DOUBLE_EQ(w.false_discovery_rate(), r.false_discovery_rate());
  // Unweighted (NULL) equals the counted matrix.
  const paystrike::WeightedConfusionMatrix unit =
      paystrike::weighted_confusion_at_cutoff(scores.data(), good.data(), nullptr, 6, 5.0);
  EXPECT_EQ(unit.true_positives, 2.0);
  EXPECT_EQ(unit.total(), 6.0);
}

TEST(Confusion, BadWeightsNameTheRow) {
  const std::vector<double> scores = {1, 2, 3}, good = {1, 0, 1};
  for (double bad : {-1.0, std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()}) {
    const std::vector<double> weights = {1, bad, 1};
    try {
      paystrike::weighted_confusion_at_cutoff(scores.data(), good.data(), weights.data(), 3, 2.0);
      FAIL() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.status(), std::isnan(bad) ? Status::missing_value : Status::invalid_argument);
      EXPECT_NE(std::string(e.what()).find("row 1"), std::string::npos) << e.what();
    }
  }
}
