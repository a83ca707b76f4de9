// Binning, WoE and IV: cases C06 (zero counts) and C07 (a value on a cut point), the merging
// constraints of the fit, missing and special bins, categorical levels, selection helpers.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "paystrike/binning.hpp"
#include "paystrike/variable_selection.hpp"

namespace {

using paystrike::Binning;
using paystrike::BinningOptions;
using paystrike::Error;
using paystrike::MonotonicTrend;
using paystrike::Prebinning;
using paystrike::Status;

const double inf = std::numeric_limits<double>::infinity();
const double nan = std::numeric_limits<double>::quiet_NaN();

Eigen::VectorXd vec(const std::vector<double>& v) {
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

template <class F>
Status status_of(F&& f, std::string* message = nullptr) {
  try {
    f();
    return Status::ok;
  } catch (const Error& e) {
    if (message) *message = e.what();
    return e.status();
  }
}

// Case C07, from ../shared/cases/cases.json.
const std::vector<double> c07_x = {0.203, 0.47, 0.615, 0.539, 0.159, 0.082, 0.284, 0.759, 0.306, 0.57, 0.092, 0.738, 0.745, 0.72, 0.85, 0.153, 0.804, 0.072, 0.04, 0.163, 0.669, 0.524, 0.884, 0.704, 0.329, 0.385, 0.046, 0.322, 0.332, 0.305, 0.335, 0.415, 0.822, 0.031, 0.784, 0.12, 0.72, 0.212, 0.11, 0.775, 0.071, 0.25, 0.702, 0.039, 0.196, 0.034, 0.246, 0.274, 0.079, 0.702, 0.596, 0.441, 0.165, 0.645, 0.43, 0.261, 0.51, 0.764, 0.173, 0.174, 0.706, 0.544, 0.351, 0.767, 0.486, 0.221, 0.112, 0.144, 0.089, 0.391, 0.122, 0.404, 0.411, 0.09, 0.458, 0.863, 0.101, 0.163, 0.314, 0.639, 0.094, 0.245, 0.111, 0.214, 0.403, 0.721, 0.639, 0.295, 0.219, 0.257, 0.581, 0.457, 0.564, 0.363, 0.749, 0.057, 0.904, 0.191, 0.689, 0.386};
const std::vector<double> c07_bad = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

TEST(Binning, C07ValueOnACutPointGoesToTheUpperBinInTableAndScoring) {
  Eigen::VectorXd good = 1.0 - vec(c07_bad).array();
  const Binning binning =
      paystrike::make_numeric_binning("x", vec(c07_x), good, Eigen::VectorXd(), {0.58, 0.72, 0.76});
  const std::vector<double> goods = {60, 11, 3, 8}, bads = {11, 1, 4, 2};
  ASSERT_EQ(binning.num_bins(), 4);
  for (std::size_t b = 0; b < 4; ++b) {
    EXPECT_EQ(binning.goods[b], goods[b]) << "bin " << b;
    EXPECT_EQ(binning.bads[b], bads[b]) << "bin " << b;
  }
  // Rows 14 and 37 (1-based) hold exactly 0.72: bin [0.72, 0.76).
  EXPECT_EQ(c07_x[13], 0.72);
  EXPECT_EQ(c07_x[36], 0.72);
  EXPECT_EQ(binning.bin_of(c07_x[13]), 2);
  EXPECT_EQ(binning.bin_of(0.58), 1);
  EXPECT_EQ(binning.bin_of(std::nextafter(0.58, 0.0)), 0);
  EXPECT_EQ(binning.bin_of(0.76), 3);
  EXPECT_EQ(binning.bin_label(0), "[-inf, 0.58)");
  EXPECT_EQ(binning.bin_label(2), "[0.72, 0.76)");
  EXPECT_EQ(binning.bin_label(3), "[0.76, inf)");
  // The table is the same counts, and applying the binning row by row agrees with it.
  const auto table = paystrike::binning_table(binning);
  std::vector<double> applied_bads(4, 0.0);
  for (std::size_t i = 0; i < c07_x.size(); ++i)
    applied_bads[static_cast<std::size_t>(binning.bin_of(c07_x[i]))] += c07_bad[i];
  for (std::size_t b = 0; b < 4; ++b) {
    EXPECT_EQ(table[b].bads, applied_bads[b]);
    EXPECT_EQ(table[b].count, goods[b] + bads[b]);
  }
}

TEST(Binning, CutPointsAreStoredExactlyAndPrintedWithoutRounding) {
  EXPECT_EQ(paystrike::exact_number_text(0.72), "0.72");
  EXPECT_EQ(paystrike::exact_number_text(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(paystrike::exact_number_text(1e300), "1e+300");
  EXPECT_EQ(paystrike::exact_number_text(110.0), "110");
  EXPECT_EQ(paystrike::exact_number_text(-12000.0), "-12000");
  EXPECT_EQ(paystrike::exact_number_text(-0.0), "-0");
  const double cut = 0.1 + 0.2;
  const Binning b = paystrike::make_numeric_binning("x", vec({0.0, 0.3, cut, 1.0}), vec({1, 0, 1, 0}),
                                                    Eigen::VectorXd(), {cut});
  EXPECT_EQ(b.bin_of(0.3), 0);  // 0.3 < 0.1 + 0.2
  EXPECT_EQ(b.bin_of(cut), 1);
  EXPECT_EQ(b.bin_label(1), "[0.30000000000000004, inf)");
}

// Case C06 a: bins missing, b1..b5 with goods and bads; WoE = ln(%good / %bad) in paystrike, the
// negative of the case's ln(%bad / %good).
const std::vector<double> c06_good = {12, 97, 169, 304, 246, 125};
const std::vector<double> c06_bad = {0, 3, 13, 25, 37, 26};

TEST(Binning, C06RawWoeFlagsThePureBinAsInfinite) {
  const auto raw = paystrike::weight_of_evidence(c06_good, c06_bad);
  EXPECT_EQ(raw.total_goods, 953.0);
  EXPECT_EQ(raw.total_bads, 104.0);
  EXPECT_EQ(raw.woe[0], inf);
  const double expected[] = {-1.2608746853, -0.3497253529, -0.282927872, 0.3208103812, 0.6450068052};
  for (std::size_t b = 1; b < 6; ++b) EXPECT_NEAR(raw.woe[b], -expected[b - 1], 1e-10) << b;
  EXPECT_EQ(raw.iv[0], inf);
  EXPECT_EQ(raw.total_iv, inf);
  double finite_iv = 0.0;
  for (std::size_t b = 1; b < 6; ++b) finite_iv += raw.iv[b];
  EXPECT_NEAR(finite_iv, 0.240480989, 1e-9);
  // Case C06 b: a bin of events only has WoE -inf here (+inf in the case's sign).
  const auto b = paystrike::weight_of_evidence({0, 90, 80}, {5, 10, 20});
  EXPECT_EQ(b.woe[0], -inf);
}

TEST(Binning, C06PseudoCountIsAddedBeforeTheTotals) {
  const auto smoothed = paystrike::weight_of_evidence(c06_good, c06_bad, 0.5);
  EXPECT_EQ(smoothed.total_goods, 953.0 + 3.0);
  EXPECT_EQ(smoothed.total_bads, 104.0 + 3.0);
  // Every bin moves, not only the pure one: ln(956 / 107) shifts against the raw totals.
  EXPECT_NEAR(smoothed.woe[0], std::log((12.5 / 956.0) / (0.5 / 107.0)), 1e-12);
  EXPECT_TRUE(std::isfinite(smoothed.total_iv));
}

TEST(Binning, C06ModelWoeOfAPureMissingBinIsZeroAndNeverInfinite) {
  // Rows: level b1..b5 coded 1..5, the missing bin as NaN.
  std::vector<double> x, good;
  for (std::size_t b = 0; b < 6; ++b)
    for (int g = 0; g < 2; ++g)
      for (int k = 0; k < (g ? c06_good[b] : c06_bad[b]); ++k) {
        x.push_back(b == 0 ? nan : static_cast<double>(b));
        good.push_back(g);
      }
  BinningOptions options;
  options.min_bin_share = 0.0;
  options.min_level_share = 0.0;
  const Binning binning = paystrike::fit_categorical_binning("c06", vec(x), vec(good), Eigen::VectorXd(), options);
  ASSERT_TRUE(binning.missing_bin);
  const auto missing = static_cast<std::size_t>(binning.missing_bin_index());
  EXPECT_EQ(binning.goods[missing], 12.0);
  EXPECT_EQ(binning.bads[missing], 0.0);
  EXPECT_EQ(binning.woe[missing], 0.0);
  EXPECT_NEAR(binning.woe_of(1.0), 1.2608746853, 1e-10);  // totals include the missing bin
  EXPECT_NEAR(binning.information_value(), 0.240480989, 1e-9);
  const auto table = paystrike::binning_table(binning);
  EXPECT_EQ(table[missing].event_rate, 0.0);  // the true rate of a pure bin
  EXPECT_EQ(table[missing].raw_woe, inf);
  EXPECT_NO_THROW(binning.validate());
}

TEST(Binning, EventRateOfABinOfBadsOnlyIsOne) {
  // C06 b: events (bads) [5, 10, 20], non-events (goods) [0, 90, 80].
  Binning b;
  b.name = "c06b";
  b.cut_points = {1.0, 2.0};
  b.goods = {0, 90, 80};
  b.bads = {5, 10, 20};
  b.woe = {0, 0, 0};
  const auto table = paystrike::binning_table(b);
  EXPECT_EQ(table[0].event_rate, 1.0);
  EXPECT_EQ(table[1].event_rate, 0.1);
  EXPECT_EQ(table[2].event_rate, 0.2);
  EXPECT_EQ(table[0].raw_woe, -inf);
}

// x = 0..n-1; bad with probability rising in x (a fixed pseudo-random sequence).
void rising_sample(int n, std::vector<double>& x, std::vector<double>& good) {
  std::uint64_t state = 42;
  for (int i = 0; i < n; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const double u = static_cast<double>(state >> 11) / 9007199254740992.0;
    x.push_back(i);
    good.push_back(u < 0.1 + 0.5 * i / n ? 0.0 : 1.0);
  }
}

TEST(Binning, FitKeepsTrendShareAndBinLimit) {
  std::vector<double> x, good;
  rising_sample(2000, x, good);
  for (Prebinning pre : {Prebinning::quantile, Prebinning::tree}) {
    BinningOptions options;
    options.prebinning = pre;
    options.max_bins = 5;
    options.min_bin_share = 0.1;
    const Binning b = paystrike::fit_numeric_binning("x", vec(x), vec(good), Eigen::VectorXd(), options);
    const auto table = paystrike::binning_table(b);
    ASSERT_GE(b.num_bins(), 2);
    EXPECT_LE(b.num_bins(), 5);
    for (std::size_t i = 0; i < table.size(); ++i) {
      EXPECT_GE(table[i].share, 0.1) << "bin " << i;
      EXPECT_GT(table[i].goods, 0.0);
      EXPECT_GT(table[i].bads, 0.0);
      // automatic trend: the data rise, so the bad rate must not fall
      if (i > 0) {
        EXPECT_GE(table[i].event_rate, table[i - 1].event_rate) << "bin " << i;
      }
    }
    // The fitted table's counts equal a recount with bin_of (one comparison code, C07).
    std::vector<double> recount(static_cast<std::size_t>(b.num_bins()), 0.0);
    for (std::size_t i = 0; i < x.size(); ++i) recount[static_cast<std::size_t>(b.bin_of(x[i]))] += 1.0;
    for (std::size_t i = 0; i < recount.size(); ++i) EXPECT_EQ(recount[i], table[i].count);
  }
}

TEST(Binning, DescendingTrendOnRisingDataMergesToFallingRates) {
  std::vector<double> x, good;
  rising_sample(2000, x, good);
  BinningOptions options;
  options.trend = MonotonicTrend::descending;
  const Binning b = paystrike::fit_numeric_binning("x", vec(x), vec(good), Eigen::VectorXd(), options);
  const auto table = paystrike::binning_table(b);
  for (std::size_t i = 1; i < table.size(); ++i) EXPECT_LE(table[i].event_rate, table[i - 1].event_rate);
}

TEST(Binning, QuantilePrebinsCutAtEqualFrequencyValues) {
  std::vector<double> x, good;
  for (int i = 1; i <= 100; ++i) {
    x.push_back(i);
    good.push_back(i % 2);
  }
  BinningOptions options;
  options.max_prebins = 4;
  options.min_bin_share = 0.0;
  options.trend = MonotonicTrend::none;
  const Binning b = paystrike::fit_numeric_binning("x", vec(x), vec(good), Eigen::VectorXd(), options);
  EXPECT_EQ(b.cut_points, (std::vector<double>{26, 51, 76}));  // [1,26) holds 25 values
}

TEST(Binning, TreeSplitsAtTheStepOfTheBadRate) {
  // Bad rate 10 % below 50 and 60 % from 50 on: the best split is the cut 50 ([50, inf) upper).
  std::vector<double> x, good;
  for (int i = 0; i < 100; ++i)
    for (int k = 0; k < 10; ++k) {
      x.push_back(i);
      good.push_back(i < 50 ? (k == 0 ? 0 : 1) : (k < 6 ? 0 : 1));
    }
  BinningOptions options;
  options.prebinning = Prebinning::tree;
  options.max_prebins = 2;
  const Binning b = paystrike::fit_numeric_binning("x", vec(x), vec(good), Eigen::VectorXd(), options);
  EXPECT_EQ(b.cut_points, (std::vector<double>{50}));
}

TEST(Binning, MissingAndSpecialValuesGetTheirOwnBins) {
  std::vector<double> x, good;
  rising_sample(1000, x, good);
  x[0] = nan, good[0] = 0;
  x[1] = nan, good[1] = 1;
  x[2] = 5000, good[2] = 1;
  x[3] = -2, good[3] = 0;
  x[4] = -2, good[4] = 0;
  x[5] = -2, good[5] = 1;
  BinningOptions options;
  options.special_values = {-2, 5000};
  const Binning b = paystrike::fit_numeric_binning("x", vec(x), vec(good), Eigen::VectorXd(), options);
  const std::int64_t r = b.num_regular_bins();
  ASSERT_EQ(b.num_bins(), r + 3);
  EXPECT_EQ(b.bin_of(-2), r);
  EXPECT_EQ(b.bin_of(5000), r + 1);
  EXPECT_EQ(b.bin_of(nan), r + 2);
  EXPECT_EQ(b.goods[static_cast<std::size_t>(r)], 1.0);
  EXPECT_EQ(b.bads[static_cast<std::size_t>(r)], 2.0);
  EXPECT_EQ(b.goods[static_cast<std::size_t>(r + 1)], 1.0);  // pure: WoE 0 in the model
  EXPECT_EQ(b.woe[static_cast<std::size_t>(r + 1)], 0.0);
  EXPECT_EQ(b.goods[static_cast<std::size_t>(r + 2)], 1.0);
  EXPECT_EQ(b.bads[static_cast<std::size_t>(r + 2)], 1.0);
  EXPECT_EQ(b.bin_label(r), "special -2");
  EXPECT_EQ(b.bin_label(r + 2), "missing");
  // The special values never shaped the intervals: no cut at -2 or 5000.
  for (double c : b.cut_points) EXPECT_TRUE(c != -2 && c != 5000);
  // Without NaN in training there is no missing bin: a NaN has no bin.
  const Binning no_missing = paystrike::make_numeric_binning("y", vec({1, 2, 3, 4}), vec({1, 0, 1, 0}),
                                                             Eigen::VectorXd(), {2.5});
  EXPECT_EQ(no_missing.bin_of(nan), -1);
}

TEST(Binning, CategoricalRareLevelsJoinTheOtherBinWhichTakesUnseenLevels) {
  std::vector<double> x, good;
  // Levels 1, 2, 3 common with bad rates 10 %, 30 %, 50 %; levels 7 and 8 rare (5 rows each).
  for (int level = 1; level <= 3; ++level)
    for (int k = 0; k < 100; ++k) {
      x.push_back(level);
      good.push_back(k < level * 20 - 10 ? 0 : 1);
    }
  for (int k = 0; k < 10; ++k) {
    x.push_back(k < 5 ? 7 : 8);
    good.push_back(k % 2);
  }
  BinningOptions options;
  options.min_level_share = 0.02;
  options.min_bin_share = 0.0;
  const Binning b = paystrike::fit_categorical_binning("c", vec(x), vec(good), Eigen::VectorXd(), options,
                                                       {"one", "two", "three", "seven", "eight"});
  ASSERT_GE(b.other_bin, 0);
  EXPECT_EQ(b.bin_of(7), b.other_bin);
  EXPECT_EQ(b.bin_of(8), b.other_bin);
  EXPECT_EQ(b.bin_of(42), b.other_bin);  // unseen in training
  EXPECT_EQ(b.goods[static_cast<std::size_t>(b.other_bin)], 5.0);
  EXPECT_EQ(b.bads[static_cast<std::size_t>(b.other_bin)], 5.0);
  // Regular bins are ordered by bad rate: level 1 (10 %) first, level 3 (50 %) last.
  EXPECT_EQ(b.bin_of(1), 0);
  EXPECT_LT(b.bin_of(2), b.bin_of(3));
  EXPECT_EQ(b.bin_label(b.bin_of(1)), "{one}");
  EXPECT_NE(b.bin_label(b.other_bin).find("seven, eight"), std::string::npos) << b.bin_label(b.other_bin);
  // Without rare levels, an unseen level has no bin (scoring refuses it).
  options.min_level_share = 0.0;
  const Binning strict = paystrike::fit_categorical_binning("c", vec(x), vec(good), Eigen::VectorXd(), options);
  EXPECT_EQ(strict.bin_of(42), -1);
}

TEST(Binning, WeightsCountAsRows) {
  // Weight 2 on a row equals that row twice.
  const Binning weighted = paystrike::make_numeric_binning("x", vec({1, 2, 3, 4}), vec({1, 0, 1, 0}),
                                                           vec({2, 1, 1, 3}), {2.5});
  EXPECT_EQ(weighted.goods, (std::vector<double>{2, 1}));
  EXPECT_EQ(weighted.bads, (std::vector<double>{1, 3}));
}

TEST(Binning, BadInputGetsASpecificStatusNamingTheRow) {
  std::string message;
  EXPECT_EQ(status_of([] { paystrike::fit_numeric_binning("x", vec({1, 2}), vec({1, 2})); }, &message),
            Status::invalid_argument);
  EXPECT_NE(message.find("row 1"), std::string::npos) << message;
  EXPECT_EQ(status_of([] { paystrike::fit_numeric_binning("x", vec({1, inf}), vec({1, 0})); }, &message),
            Status::invalid_argument);
  EXPECT_NE(message.find("row 1"), std::string::npos) << message;
  EXPECT_EQ(status_of([] { paystrike::fit_numeric_binning("x", vec({1, 2}), vec({1})); }),
            Status::dimension_mismatch);
  EXPECT_EQ(status_of([] { paystrike::fit_numeric_binning("x", vec({1, 2}), vec({1, 1})); }),
            Status::undefined);
  EXPECT_EQ(status_of([] {
              paystrike::make_numeric_binning("x", vec({1, 2}), vec({1, 0}), Eigen::VectorXd(), {2, 1});
            }),
            Status::invalid_argument);
  BinningOptions options;
  options.special_values = {3, 3};
  EXPECT_EQ(status_of([&] { paystrike::fit_numeric_binning("x", vec({1, 2}), vec({1, 0}), Eigen::VectorXd(), options); }),
            Status::invalid_argument);
}

TEST(Binning, ValidateRefusesANonFiniteWoe) {
  Binning b = paystrike::make_numeric_binning("x", vec({1, 2, 3, 4}), vec({1, 0, 1, 0}), Eigen::VectorXd(), {2.5});
  EXPECT_NO_THROW(b.validate());
  b.woe[0] = inf;
  EXPECT_EQ(status_of([&] { b.validate(); }), Status::bad_format);
}

TEST(VariableSelection, IvThresholdKeepsTheInformativeCharacteristics) {
  std::vector<double> x, good;
  rising_sample(2000, x, good);
  std::vector<double> noise(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) noise[i] = static_cast<double>((i * 7919) % 13);
  const std::vector<Binning> binnings = {
      paystrike::fit_numeric_binning("signal", vec(x), vec(good)),
      paystrike::fit_numeric_binning("noise", vec(noise), vec(good))};
  EXPECT_GT(binnings[0].information_value(), 0.1);
  EXPECT_LT(binnings[1].information_value(), 0.02);
  EXPECT_EQ(paystrike::select_by_iv(binnings, 0.02), (std::vector<std::size_t>{0}));
}

TEST(VariableSelection, CorrelationFilterDropsTheLessInformativeOfACorrelatedPair) {
  Eigen::MatrixXd columns(6, 3);
  columns.col(0) << 1, 2, 3, 4, 5, 7;
  columns.col(1) << 1, -1, 1, -1, 1, -1;
  columns.col(2) = 2.0 * columns.col(0).array() + 1.0;  // correlation 1 with column 0
  EXPECT_NEAR(paystrike::column_correlation(columns, 0, 2), 1.0, 1e-12);
  EXPECT_EQ(paystrike::correlation_filter(columns, {0.3, 0.1, 0.5}, 0.8),
            (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(paystrike::correlation_filter(columns, {0.5, 0.1, 0.3}, 0.8),
            (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(paystrike::correlation_filter(columns, {0.5, 0.1, 0.3}, 1.0),
            (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(status_of([&] { paystrike::correlation_filter(columns, {0.5}, 0.8); }),
            Status::dimension_mismatch);
}

}  // namespace
