// ranking_metrics: ROC curve, AUC, Gini and KS with ties (cases C01 and C02 of
// /work/shared/cases), the statuses of bad input, and AUC against scikit-learn's roc_auc_score
// on a committed sample (tests/reference/sklearn_reference.py).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <numeric>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "paystrike/paystrike.hpp"

namespace {

using paystrike::Error;
using paystrike::RankingMetrics;
using paystrike::Status;

RankingMetrics metrics(const std::vector<double>& scores, const std::vector<double>& labels) {
  return paystrike::ranking_metrics(scores.data(), labels.data(),
                                    static_cast<std::int64_t>(scores.size()));
}

Status status_of(const std::vector<double>& scores, const std::vector<double>& labels) {
  try {
    metrics(scores, labels);
  } catch (const Error& e) {
    return e.status();
  }
  return Status::ok;
}

std::vector<double> scaled(std::vector<double> v, double factor) {
  for (double& x : v) x *= factor;
  return v;
}

/// All (row) permutations produced by shuffling with a fixed seed.
std::vector<std::vector<std::size_t>> permutations(std::size_t n, int count) {
  std::vector<std::vector<std::size_t>> result;
  std::mt19937_64 engine(12345);
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  result.push_back(order);
  std::reverse(order.begin(), order.end());
  result.push_back(order);
  for (int i = 0; i < count; ++i) {
    std::shuffle(order.begin(), order.end(), engine);
    result.push_back(order);
  }
  return result;
}

}  // namespace

TEST(RankingMetrics, CaseC01aTiesAcrossTheClassesCountOneHalf) {
  const RankingMetrics m = metrics({2, 5, 10, 10}, {1, 0, 0, 1});
  EXPECT_EQ(m.positives, 2);
  EXPECT_EQ(m.negatives, 2);
  EXPECT_DOUBLE_EQ(m.auc, 0.375);
  EXPECT_DOUBLE_EQ(m.gini, -0.25);  // = Somers' D = (C - D) / pairs = (1 - 2) / 4
}

TEST(RankingMetrics, CaseC01bTinyScoresAreNotTies) {
  const std::vector<double> scores = {0.1, 0.4, 0.35, 0.8}, labels = {0, 0, 1, 1};
  for (double factor : {1.0, 1e-7, 1e-300}) {
    const RankingMetrics m = metrics(scaled(scores, factor), labels);
    EXPECT_DOUBLE_EQ(m.auc, 0.75) << factor;
    EXPECT_DOUBLE_EQ(m.gini, 0.5) << factor;
  }
}

TEST(RankingMetrics, CaseC02aRocPointsOnlyAtTieGroupEdges) {
  const std::vector<double> labels = {0, 1, 0, 0, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1};
  const std::vector<double> scores = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 13, 14, 14};
  const std::vector<std::vector<double>> expected = {
      {14, 0.0, 0.2222222222222222},
      {13, 0.16666666666666666, 0.3333333333333333},
      {11, 0.16666666666666666, 0.4444444444444444},
      {10, 0.16666666666666666, 0.5555555555555556},
      {9, 0.16666666666666666, 0.6666666666666666},
      {8, 0.3333333333333333, 0.6666666666666666},
      {7, 0.3333333333333333, 0.7777777777777778},
      {6, 0.5, 0.7777777777777778},
      {5, 0.5, 0.8888888888888888},
      {4, 0.6666666666666666, 0.8888888888888888},
      {3, 0.8333333333333334, 0.8888888888888888},
      {2, 0.8333333333333334, 1.0},
      {1, 1.0, 1.0}};
  for (const auto& order : permutations(scores.size(), 20)) {
    std::vector<double> s, y;
    for (std::size_t i : order) {
      s.push_back(scores[i]);
      y.push_back(labels[i]);
    }
    const RankingMetrics m = metrics(s, y);
    EXPECT_EQ(m.positives, 9);
    EXPECT_EQ(m.negatives, 6);
    ASSERT_EQ(m.roc.size(), expected.size());
    for (std::size_t k = 0; k < expected.size(); ++k) {
      EXPECT_EQ(m.roc[k].threshold, expected[k][0]) << k;
      EXPECT_DOUBLE_EQ(m.roc[k].false_positive_rate, expected[k][1]) << k;
      EXPECT_DOUBLE_EQ(m.roc[k].true_positive_rate, expected[k][2]) << k;
    }
    EXPECT_DOUBLE_EQ(m.auc, 0.75);
    EXPECT_DOUBLE_EQ(m.gini, 0.5);
    EXPECT_DOUBLE_EQ(m.ks.statistic, 0.5);
    EXPECT_EQ(m.ks.threshold, 9.0);
  }
}

TEST(RankingMetrics, CaseC02bKsOfCoarseScoresIsIndependentOfRowOrderWithinTies) {
  const std::vector<double> labels = {1, 0, 1, 1, 0, 0, 1, 0};
  const std::vector<double> scores = {1, 1, 1, 0, 0, 0, 1, 0};
  for (const auto& order : permutations(scores.size(), 40)) {
    std::vector<double> s, y;
    for (std::size_t i : order) {
      s.push_back(scores[i]);
      y.push_back(labels[i]);
    }
    const RankingMetrics m = metrics(s, y);
    EXPECT_DOUBLE_EQ(m.ks.statistic, 0.5);  // never the row-by-row walk's 0.75
    EXPECT_EQ(m.ks.threshold, 1.0);
    EXPECT_DOUBLE_EQ(m.auc, 0.75);
    ASSERT_EQ(m.roc.size(), 2u);  // one vertex per distinct score
    EXPECT_DOUBLE_EQ(m.roc[0].true_positive_rate, 0.75);
    EXPECT_DOUBLE_EQ(m.roc[0].false_positive_rate, 0.25);
    EXPECT_DOUBLE_EQ(m.roc[1].true_positive_rate, 1.0);
    EXPECT_DOUBLE_EQ(m.roc[1].false_positive_rate, 1.0);
  }
}

TEST(RankingMetrics, ReversedScoresGiveOneMinusAuc) {
  const std::vector<double> labels = {0, 1, 0, 0, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1};
  const std::vector<double> scores = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 13, 14, 14};
  const RankingMetrics m = metrics(scaled(scores, -1.0), labels);
  EXPECT_DOUBLE_EQ(m.auc, 0.25);
  EXPECT_DOUBLE_EQ(m.gini, -0.5);
  EXPECT_DOUBLE_EQ(m.ks.statistic, 0.5);  // KS is |TPR - FPR|: sign-free
}

TEST(RankingMetrics, OneClassOnlyIsUndefined) {
  EXPECT_EQ(status_of({1, 2, 3}, {1, 1, 1}), Status::undefined);
  EXPECT_EQ(status_of({1, 2, 3}, {0, 0, 0}), Status::undefined);
  EXPECT_EQ(status_of({}, {}), Status::undefined);
}

TEST(RankingMetrics, BadInputHasItsStatus) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(status_of({1, nan, 3}, {1, 0, 1}), Status::missing_value);
  EXPECT_EQ(status_of({1, 2, 3}, {1, 0, 2}), Status::invalid_argument);
  EXPECT_EQ(status_of({1, 2, 3}, {1, 0, nan}), Status::invalid_argument);
  const double one[] = {1.0};
  auto raw = [](const double* s, const double* y, std::int64_t n) {
    try {
      paystrike::ranking_metrics(s, y, n);
    } catch (const Error& e) {
      return e.status();
    }
    return Status::ok;
  };
  EXPECT_EQ(raw(nullptr, one, 1), Status::null_argument);
  EXPECT_EQ(raw(one, nullptr, 1), Status::null_argument);
  EXPECT_EQ(raw(one, one, -1), Status::invalid_argument);
  try {
    metrics({1, nan}, {1, 0});
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("row 1"), std::string::npos) << e.what();
  }
}

TEST(RankingMetrics, InfiniteScoresAreOrderedNotRefused) {
  const double inf = std::numeric_limits<double>::infinity();
  const RankingMetrics m = metrics({-inf, 0, inf, inf}, {0, 0, 1, 0});
  EXPECT_DOUBLE_EQ(m.auc, (1.0 + 1.0 + 0.5) / 3.0);
}

TEST(RankingMetrics, AucMatchesSklearnRocAucScoreOnACommittedSample) {
  const std::string dir = PAYSTRIKE_REFERENCE_DIR;
  std::ifstream sample(dir + "/auc_random_sample.csv");
  ASSERT_TRUE(sample) << "missing " << dir << "/auc_random_sample.csv";
  std::string line;
  std::getline(sample, line);
  ASSERT_EQ(line, "label,score");
  std::vector<double> labels, scores;
  while (std::getline(sample, line)) {
    const auto comma = line.find(',');
    labels.push_back(std::stod(line.substr(0, comma)));
    scores.push_back(std::stod(line.substr(comma + 1)));
  }
  ASSERT_EQ(scores.size(), 3000u);
  std::ifstream expected_file(dir + "/auc_random_sample_expected.csv");
  std::getline(expected_file, line);
  std::getline(expected_file, line);
  ASSERT_EQ(line.rfind("roc_auc_score,", 0), 0u) << line;
  const double expected = std::stod(line.substr(line.find(',') + 1));

  const RankingMetrics m = metrics(scores, labels);
  EXPECT_NEAR(m.auc, expected, 1e-12);
  EXPECT_NEAR(m.gini, 2.0 * expected - 1.0, 2e-12);
  // The sample has ties across classes (scores rounded to 0.01), so this exercises the 1/2 rule.
  EXPECT_LT(m.roc.size(), scores.size());

  // Brute force over all pairs: the Mann-Whitney definition of AUC.
  double concordant = 0, tied = 0;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (labels[i] != 1.0) continue;
    for (std::size_t j = 0; j < scores.size(); ++j) {
      if (labels[j] != 0.0) continue;
      if (scores[i] > scores[j]) concordant += 1;
      else if (scores[i] == scores[j]) tied += 1;
    }
  }
  EXPECT_NEAR(m.auc, (concordant + 0.5 * tied) / static_cast<double>(m.positives * m.negatives),
              1e-12);
  // KS equals the largest gap between the two classes' empirical distribution functions.
  double ks = 0;
  for (const auto& point : m.roc) ks = std::max(ks, std::abs(point.true_positive_rate - point.false_positive_rate));
  EXPECT_DOUBLE_EQ(m.ks.statistic, ks);
}

// C01a and InformationValue#2: concordant, discordant and tied pairs counted separately.
TEST(RankingMetrics, CaseC01aPairCountsIncludeTies) {
  const RankingMetrics m = metrics({2, 5, 10, 10}, {1, 0, 0, 1});
  EXPECT_EQ(m.concordant_pairs, 1.0);
  EXPECT_EQ(m.discordant_pairs, 2.0);
  EXPECT_EQ(m.tied_pairs, 1.0);
  EXPECT_DOUBLE_EQ((m.concordant_pairs - m.discordant_pairs) / 4.0, -0.25);  // Somers' D
}

TEST(RankingMetrics, WeightedEqualsReplicatedRows) {
  const std::vector<double> scores = {1, 2, 2, 3, 4, 4, 5}, labels = {0, 1, 0, 0, 1, 0, 1};
  const std::vector<double> weights = {2, 1, 3, 1, 2, 1, 1};
  std::vector<double> rs, rl;
  for (std::size_t i = 0; i < scores.size(); ++i)
    for (int k = 0; k < static_cast<int>(weights[i]); ++k) {
      rs.push_back(scores[i]);
      rl.push_back(labels[i]);
    }
  const RankingMetrics w = paystrike::weighted_ranking_metrics(scores.data(), labels.data(),
                                                               weights.data(), 7);
  const RankingMetrics r = metrics(rs, rl);
  EXPECT_DOUBLE_EQ(w.auc, r.auc);
  EXPECT_DOUBLE_EQ(w.ks.statistic, r.ks.statistic);
  EXPECT_EQ(w.ks.threshold, r.ks.threshold);
  EXPECT_EQ(w.tied_pairs, r.tied_pairs);
  EXPECT_EQ(w.positives, 3);  // counts stay row counts
  EXPECT_EQ(w.positive_weight, 4.0);
  // All weight on one class: undefined.
  const std::vector<double> zero_negatives = {0, 1, 0, 0, 1, 0, 1};
  EXPECT_THROW(paystrike::weighted_ranking_metrics(scores.data(), labels.data(),
                                                   zero_negatives.data(), 7),
               Error);
}

TEST(RankingMetrics, PrecisionRecallCurveByHandWithTies) {
  // From the top: {5: +}, {4: +,-}, {2: +,-}, {1: -}.
  const std::vector<double> scores = {5, 4, 4, 2, 2, 1}, labels = {1, 1, 0, 1, 0, 0};
  const paystrike::PrecisionRecall pr =
      paystrike::precision_recall(scores.data(), labels.data(), nullptr, 6);
  ASSERT_EQ(pr.curve.size(), 4u);
  EXPECT_EQ(pr.curve[1].threshold, 4.0);
  EXPECT_DOUBLE_EQ(pr.curve[1].precision, 2.0 / 3.0);  // never 1/1 inside the tie
  EXPECT_DOUBLE_EQ(pr.curve[1].recall, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(pr.curve[3].precision, 0.5);
  // AP = 1/3*1 + 1/3*2/3 + 1/3*3/5.
  EXPECT_DOUBLE_EQ(pr.average_precision, (1.0 + 2.0 / 3.0 + 3.0 / 5.0) / 3.0);
  const std::vector<double> no_positive = {0, 0, 0, 0, 0, 0};
  EXPECT_THROW(paystrike::precision_recall(scores.data(), no_positive.data(), nullptr, 6), Error);
}
