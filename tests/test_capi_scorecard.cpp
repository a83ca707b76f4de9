// The scorecard through the C ABI: a card built from column arrays equals the C++ card bit for
// bit, its tables, points and reason codes match the core, it saves and reloads identically,
// and misuse gets a status and a message with outputs untouched.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "paystrike/io/csv.hpp"
#include "paystrike/paystrike.h"
#include "paystrike/scorecard.hpp"

namespace {

const double nan = std::numeric_limits<double>::quiet_NaN();

std::uint64_t bits(double v) {
  std::uint64_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

// Four credit_data columns: Seniority, Income (381 missing), Home and Records as level codes.
struct Data {
  std::vector<std::vector<double>> columns;
  std::vector<double> good;
  std::vector<double> rows;  // row-major, 4 columns
  std::int64_t n = 0;
};

std::vector<double> codes(const paystrike::CsvTable& t, const std::string& name) {
  const auto c = static_cast<std::size_t>(t.column_index(name));
  std::vector<std::string> levels;
  for (const auto& row : t.rows)
    if (!row[c].empty()) levels.push_back(row[c]);
  std::sort(levels.begin(), levels.end());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  std::vector<double> out;
  for (const auto& row : t.rows)
    out.push_back(row[c].empty() ? nan : static_cast<double>(std::lower_bound(levels.begin(), levels.end(), row[c]) - levels.begin()));
  return out;
}

const Data& data() {
  static const Data loaded = [] {
    const auto t = paystrike::read_csv(std::string(PAYSTRIKE_TEST_DATA_DIR) + "/modeldata_credit_data.csv");
    Data d;
    d.columns = {t.numeric_column("Seniority"), t.numeric_column("Income"), codes(t, "Home"), codes(t, "Records")};
    d.n = t.num_rows();
    const auto s = static_cast<std::size_t>(t.column_index("Status"));
    for (const auto& row : t.rows) d.good.push_back(row[s] == "good" ? 1.0 : 0.0);
    for (std::int64_t i = 0; i < d.n; ++i)
      for (const auto& c : d.columns) d.rows.push_back(c[static_cast<std::size_t>(i)]);
    return d;
  }();
  return loaded;
}

struct Built {
  paystrike_scorecard_builder* builder = nullptr;
  paystrike_model* model = nullptr;
  ~Built() {
    paystrike_model_free(model);
    paystrike_scorecard_builder_free(builder);
  }
};

void build_through_c(Built& b, int rounding) {
  const Data& d = data();
  ASSERT_EQ(paystrike_scorecard_builder_new(d.good.data(), nullptr, d.n, &b.builder), PAYSTRIKE_OK);
  int64_t index = -1;
  ASSERT_EQ(paystrike_scorecard_builder_add_numeric(b.builder, "Seniority", d.columns[0].data(), 1,
                                                    PAYSTRIKE_PREBIN_QUANTILE, 20, 0.05, 8,
                                                    PAYSTRIKE_TREND_AUTO, nullptr, 0, &index),
            PAYSTRIKE_OK) << paystrike_last_error();
  EXPECT_EQ(index, 0);
  const double cuts[] = {83, 110, 140, 186};
  ASSERT_EQ(paystrike_scorecard_builder_add_cuts(b.builder, "Income", d.columns[1].data(), 1, cuts, 4,
                                                 nullptr, 0, &index), PAYSTRIKE_OK) << paystrike_last_error();
  ASSERT_EQ(paystrike_scorecard_builder_add_categorical(b.builder, "Home", d.columns[2].data(), 1, 0.01,
                                                        0.05, 8, nullptr, 0, &index), PAYSTRIKE_OK);
  // Records read with a stride from the row-major matrix.
  ASSERT_EQ(paystrike_scorecard_builder_add_categorical(b.builder, "Records", d.rows.data() + 3, 4, 0.0,
                                                        0.0, 8, nullptr, 0, &index), PAYSTRIKE_OK);
  ASSERT_EQ(paystrike_scorecard_builder_set_reason_code(b.builder, 1, "R-INCOME"), PAYSTRIKE_OK);
  ASSERT_EQ(paystrike_scorecard_builder_set_scaling(b.builder, 600, 19, 50), PAYSTRIKE_OK);
  ASSERT_EQ(paystrike_scorecard_builder_set_rounding(b.builder, rounding), PAYSTRIKE_OK);
  ASSERT_EQ(paystrike_scorecard_builder_fit(b.builder, &b.model), PAYSTRIKE_OK) << paystrike_last_error();
}

paystrike::Scorecard build_in_cpp(bool rounding) {
  const Data& d = data();
  std::vector<paystrike::CharacteristicSpec> specs(4);
  for (std::int64_t j = 0; j < 4; ++j) specs[static_cast<std::size_t>(j)].input = j;
  specs[1].use_cut_points = true;
  specs[1].cut_points = {83, 110, 140, 186};
  specs[2].kind = specs[3].kind = paystrike::BinningKind::categorical;
  specs[3].options.min_level_share = 0.0;
  specs[3].options.min_bin_share = 0.0;
  paystrike::ScorecardOptions options;
  options.scaling.base_points = 600;
  options.scaling.base_odds = 19;
  options.scaling.pdo = 50;
  options.round_points = rounding;
  options.reason_codes = {"", "R-INCOME", "", ""};
  return paystrike::build_scorecard({"Seniority", "Income", "Home", "Records"},
                                    paystrike::make_row_major_view(d.rows.data(), d.n, 4),
                                    Eigen::Map<const Eigen::VectorXd>(d.good.data(), d.n),
                                    Eigen::VectorXd(), specs, options);
}

TEST(CapiScorecard, CardBuiltFromColumnsEqualsTheCppCardBitForBit) {
  const Data& d = data();
  Built b;
  build_through_c(b, 0);
  const paystrike::Scorecard card = build_in_cpp(false);
  for (int64_t k = 0; k < 5; ++k) {
    double estimate = 0, se = 0, z = 0, p = 0;
    ASSERT_EQ(paystrike_scorecard_builder_coefficient(b.builder, k, &estimate, &se, &z, &p), PAYSTRIKE_OK);
    EXPECT_EQ(bits(estimate), bits(card.fit.coefficients[k]));
    EXPECT_EQ(bits(se), bits(card.fit.standard_errors[k]));
    EXPECT_EQ(bits(p), bits(card.fit.p_values()[k]));
  }
  double loglik = 0, aic = 0;
  int64_t iterations = 0;
  ASSERT_EQ(paystrike_scorecard_builder_fit_statistics(b.builder, &loglik, &aic, &iterations), PAYSTRIKE_OK);
  EXPECT_EQ(bits(loglik), bits(card.fit.log_likelihood));
  EXPECT_GT(iterations, 0);
  std::vector<double> c_scores(static_cast<std::size_t>(d.n)), cpp_scores(c_scores.size());
  ASSERT_EQ(paystrike_score_batch(b.model, d.rows.data(), d.n, 4, 4, 1, c_scores.data(), nullptr), PAYSTRIKE_OK)
      << paystrike_last_error();
  paystrike::score_rows(card.model, paystrike::make_row_major_view(d.rows.data(), d.n, 4), cpp_scores.data(), nullptr);
  for (std::size_t i = 0; i < c_scores.size(); ++i) {
    ASSERT_EQ(bits(c_scores[i]), bits(cpp_scores[i])) << "row " << i;
    double one = 0;
    ASSERT_EQ(paystrike_score_row(b.model, d.rows.data() + 4 * i, 4, &one, nullptr), PAYSTRIKE_OK);
    ASSERT_EQ(bits(one), bits(c_scores[i])) << "row " << i;
  }
}

TEST(CapiScorecard, TablesMatchTheCoreAndPointsAddUpToTheScore) {
  const Data& d = data();
  Built b;
  build_through_c(b, 0);
  const paystrike::Scorecard card = build_in_cpp(false);
  const auto points = paystrike::points_table(card.model);
  for (int64_t j = 0; j < 4; ++j) {
    const auto table = paystrike::binning_table(card.model.binnings[static_cast<std::size_t>(j)]);
    int64_t n_bins = 0, n_builder = 0;
    ASSERT_EQ(paystrike_model_num_bins(b.model, j, &n_bins), PAYSTRIKE_OK);
    ASSERT_EQ(paystrike_scorecard_builder_num_bins(b.builder, j, &n_builder), PAYSTRIKE_OK);
    ASSERT_EQ(n_bins, static_cast<int64_t>(table.size()));
    ASSERT_EQ(n_builder, n_bins);
    for (int64_t bin = 0; bin < n_bins; ++bin) {
      const char* label = nullptr;
      int kind = -1;
      double goods = 0, bads = 0, woe = 0, pts = 0, rate = 0, iv = 0;
      ASSERT_EQ(paystrike_model_bin(b.model, j, bin, &label, &kind, &goods, &bads, &woe, &pts), PAYSTRIKE_OK);
      const auto& row = table[static_cast<std::size_t>(bin)];
      EXPECT_EQ(std::string(label), row.label);
      EXPECT_EQ(kind, static_cast<int>(row.kind));
      EXPECT_EQ(goods, row.goods);
      EXPECT_EQ(bads, row.bads);
      EXPECT_EQ(woe, row.woe);
      EXPECT_EQ(pts, points[static_cast<std::size_t>(j)].points[static_cast<std::size_t>(bin)]);
      ASSERT_EQ(paystrike_scorecard_builder_bin(b.builder, j, bin, &label, &kind, &goods, &bads, &rate, &woe, &iv),
                PAYSTRIKE_OK);
      EXPECT_EQ(std::string(label), row.label);
      EXPECT_EQ(bits(rate), bits(row.event_rate));
    }
    double iv_model = 0, iv_builder = 0;
    const char* name = nullptr;
    ASSERT_EQ(paystrike_model_information_value(b.model, j, &iv_model), PAYSTRIKE_OK);
    ASSERT_EQ(paystrike_scorecard_builder_characteristic(b.builder, j, &name, &iv_builder), PAYSTRIKE_OK);
    EXPECT_EQ(iv_model, card.model.binnings[static_cast<std::size_t>(j)].information_value());
    EXPECT_EQ(iv_builder, iv_model);
  }
  // The Income bins are R's cut points: a value on a cut lands in the upper bin.
  const char* label = nullptr;
  ASSERT_EQ(paystrike_model_bin(b.model, 1, 1, &label, nullptr, nullptr, nullptr, nullptr, nullptr), PAYSTRIKE_OK);
  EXPECT_STREQ(label, "[83, 110)");
  const std::int64_t rows = 100;
  std::vector<double> per_input(static_cast<std::size_t>(rows * 4)), base(static_cast<std::size_t>(rows)),
      scores(static_cast<std::size_t>(rows));
  ASSERT_EQ(paystrike_points_batch(b.model, d.rows.data(), rows, 4, 4, 1, per_input.data(), base.data()), PAYSTRIKE_OK);
  ASSERT_EQ(paystrike_score_batch(b.model, d.rows.data(), rows, 4, 4, 1, scores.data(), nullptr), PAYSTRIKE_OK);
  double model_base = 0;
  ASSERT_EQ(paystrike_model_base_points(b.model, &model_base), PAYSTRIKE_OK);
  for (std::size_t i = 0; i < static_cast<std::size_t>(rows); ++i) {
    EXPECT_EQ(base[i], model_base);
    double total = base[i];
    for (std::size_t j = 0; j < 4; ++j) total += per_input[i * 4 + j];
    EXPECT_NEAR(total, scores[i], 1e-9) << "row " << i;
  }
}

TEST(CapiScorecard, ReasonCodesMatchTheCoreAndUseTheCodeTable) {
  const Data& d = data();
  Built b;
  build_through_c(b, 1);
  const paystrike::Scorecard card = build_in_cpp(true);
  const std::int64_t rows = 300;
  std::vector<int64_t> inputs(static_cast<std::size_t>(rows * 2)), counts(static_cast<std::size_t>(rows));
  std::vector<double> shortfalls(inputs.size());
  ASSERT_EQ(paystrike_reason_codes_batch(b.model, d.rows.data(), rows, 4, 4, 1, 2, inputs.data(),
                                         shortfalls.data(), counts.data()), PAYSTRIKE_OK);
  for (std::int64_t i = 0; i < rows; ++i) {
    std::int64_t expected[2];
    double amount[2];
    const auto k = paystrike::reason_codes_for_row(card.model, d.rows.data() + 4 * i, 1, 2, expected, amount);
    EXPECT_EQ(counts[static_cast<std::size_t>(i)], k);
    for (std::size_t r = 0; r < 2; ++r) {
      EXPECT_EQ(inputs[static_cast<std::size_t>(i) * 2 + r], expected[r]);
      EXPECT_EQ(shortfalls[static_cast<std::size_t>(i) * 2 + r], amount[r]);
      // Rounded card: shortfalls are whole points.
      EXPECT_EQ(amount[r], std::round(amount[r]));
    }
  }
  const char* code = nullptr;
  ASSERT_EQ(paystrike_model_reason_code(b.model, 1, &code), PAYSTRIKE_OK);
  EXPECT_STREQ(code, "R-INCOME");
  ASSERT_EQ(paystrike_model_reason_code(b.model, 0, &code), PAYSTRIKE_OK);
  EXPECT_STREQ(code, "Seniority");
}

TEST(CapiScorecard, SavedCardReloadsAndScoresIdentically) {
  const Data& d = data();
  Built b;
  build_through_c(b, 1);
  size_t size = 0;
  ASSERT_EQ(paystrike_model_save_buffer(b.model, nullptr, 0, &size), PAYSTRIKE_OK);
  std::vector<unsigned char> image(size);
  size_t small = 7;
  EXPECT_EQ(paystrike_model_save_buffer(b.model, image.data(), size - 1, &small), PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_EQ(small, 7u);
  ASSERT_EQ(paystrike_model_save_buffer(b.model, image.data(), image.size(), &size), PAYSTRIKE_OK);
  const std::string path = testing::TempDir() + "paystrike_capi_scorecard.psm";
  ASSERT_EQ(paystrike_model_save_file(b.model, path.c_str()), PAYSTRIKE_OK);
  paystrike_model *from_buffer = nullptr, *from_file = nullptr;
  ASSERT_EQ(paystrike_model_load_buffer(image.data(), image.size(), &from_buffer), PAYSTRIKE_OK);
  ASSERT_EQ(paystrike_model_load_file(path.c_str(), &from_file), PAYSTRIKE_OK);
  std::remove(path.c_str());
  std::vector<double> a(static_cast<std::size_t>(d.n)), x(a.size()), y(a.size()), pa(a.size()), px(a.size());
  ASSERT_EQ(paystrike_score_batch(b.model, d.rows.data(), d.n, 4, 4, 1, a.data(), pa.data()), PAYSTRIKE_OK);
  ASSERT_EQ(paystrike_score_batch(from_buffer, d.rows.data(), d.n, 4, 4, 1, x.data(), px.data()), PAYSTRIKE_OK);
  ASSERT_EQ(paystrike_score_batch(from_file, d.rows.data(), d.n, 4, 4, 1, y.data(), nullptr), PAYSTRIKE_OK);
  for (std::size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(bits(a[i]), bits(x[i]));
    ASSERT_EQ(bits(a[i]), bits(y[i]));
    ASSERT_EQ(bits(pa[i]), bits(px[i]));
    ASSERT_EQ(a[i], std::round(a[i]));  // the rounding survived
  }
  const char* code = nullptr;
  ASSERT_EQ(paystrike_model_reason_code(from_file, 1, &code), PAYSTRIKE_OK);
  EXPECT_STREQ(code, "R-INCOME");
  paystrike_model_free(from_buffer);
  paystrike_model_free(from_file);
}

TEST(CapiScorecard, ScoringOneCardFromManyThreadsChangesNoBit) {
  // Case C09 for a scorecard: single-row, batch, points and reason-code calls interleaved on
  // one handle from several threads, every result equal to the single-threaded one.
  const Data& d = data();
  Built b;
  build_through_c(b, 1);
  const std::int64_t rows = 200;
  std::vector<double> expected(static_cast<std::size_t>(rows));
  ASSERT_EQ(paystrike_score_batch(b.model, d.rows.data(), rows, 4, 4, 1, expected.data(), nullptr), PAYSTRIKE_OK);
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      std::vector<double> batch(static_cast<std::size_t>(rows)), points(static_cast<std::size_t>(rows) * 4);
      std::vector<int64_t> reasons(static_cast<std::size_t>(rows) * 4);
      for (int round = 0; round < 20; ++round) {
        if (paystrike_score_batch(b.model, d.rows.data(), rows, 4, 4, 1, batch.data(), nullptr) != PAYSTRIKE_OK ||
            paystrike_points_batch(b.model, d.rows.data(), rows, 4, 4, 1, points.data(), nullptr) != PAYSTRIKE_OK ||
            paystrike_reason_codes_batch(b.model, d.rows.data(), rows, 4, 4, 1, 4, reasons.data(), nullptr, nullptr) != PAYSTRIKE_OK)
          ++mismatches[static_cast<std::size_t>(t)];
        for (std::int64_t i = 0; i < rows; ++i) {
          double one = 0;
          paystrike_score_row(b.model, d.rows.data() + 4 * i, 4, &one, nullptr);
          const auto k = static_cast<std::size_t>(i);
          if (bits(one) != bits(expected[k]) || bits(batch[k]) != bits(expected[k])) ++mismatches[static_cast<std::size_t>(t)];
        }
      }
    });
  for (auto& thread : threads) thread.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

TEST(CapiScorecard, MissingValuesFollowTheBinsAndOutputsStayUntouchedOnError) {
  Built b;
  build_through_c(b, 0);
  double row[4] = {5, nan, 1, 0};  // Income missing: its own bin
  double score = -1;
  EXPECT_EQ(paystrike_score_row(b.model, row, 4, &score, nullptr), PAYSTRIKE_OK);
  EXPECT_TRUE(std::isfinite(score));
  row[1] = 100;
  row[0] = nan;  // Seniority had no missing value
  double untouched = -1;
  EXPECT_EQ(paystrike_score_row(b.model, row, 4, &untouched, nullptr), PAYSTRIKE_E_MISSING_VALUE);
  EXPECT_EQ(untouched, -1);
  EXPECT_NE(std::string(paystrike_last_error()).find("Seniority"), std::string::npos) << paystrike_last_error();
  double pts[4] = {-1, -1, -1, -1};
  EXPECT_EQ(paystrike_points_batch(b.model, row, 1, 4, 4, 1, pts, nullptr), PAYSTRIKE_E_MISSING_VALUE);
  EXPECT_EQ(pts[0], -1);
  row[0] = 5;
  row[3] = 9;  // Records: an unseen level, no "other" bin
  EXPECT_EQ(paystrike_score_row(b.model, row, 4, &untouched, nullptr), PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(paystrike_last_error()).find("Records"), std::string::npos) << paystrike_last_error();
}

TEST(CapiScorecard, SelectionDropsWeakAndCorrelatedCharacteristics) {
  const Data& d = data();
  paystrike_scorecard_builder* b = nullptr;
  ASSERT_EQ(paystrike_scorecard_builder_new(d.good.data(), nullptr, d.n, &b), PAYSTRIKE_OK);
  int64_t index = 0, kept = -1;
  const double cuts[] = {1, 3, 8, 14};
  ASSERT_EQ(paystrike_scorecard_builder_add_cuts(b, "Seniority", d.columns[0].data(), 1, cuts, 4, nullptr, 0, &index), PAYSTRIKE_OK);
  // The same column again with one cut fewer: highly correlated WoE, lower IV.
  ASSERT_EQ(paystrike_scorecard_builder_add_cuts(b, "Seniority coarse", d.columns[0].data(), 1, cuts, 3, nullptr, 0, &index), PAYSTRIKE_OK);
  ASSERT_EQ(paystrike_scorecard_builder_add_categorical(b, "Records", d.columns[3].data(), 1, 0, 0, 8, nullptr, 0, &index), PAYSTRIKE_OK);
  double iv_fine = 0, iv_coarse = 0;
  ASSERT_EQ(paystrike_scorecard_builder_characteristic(b, 0, nullptr, &iv_fine), PAYSTRIKE_OK);
  ASSERT_EQ(paystrike_scorecard_builder_characteristic(b, 1, nullptr, &iv_coarse), PAYSTRIKE_OK);
  ASSERT_GT(iv_fine, iv_coarse);
  ASSERT_EQ(paystrike_scorecard_builder_select(b, 0.02, 0.7, &kept), PAYSTRIKE_OK);
  EXPECT_EQ(kept, 2);
  const char* name = nullptr;
  ASSERT_EQ(paystrike_scorecard_builder_characteristic(b, 1, &name, nullptr), PAYSTRIKE_OK);
  EXPECT_STREQ(name, "Records");
  ASSERT_EQ(paystrike_scorecard_builder_select(b, 1e9, 1.0, &kept), PAYSTRIKE_OK);
  EXPECT_EQ(kept, 0);
  paystrike_model* model = nullptr;
  EXPECT_EQ(paystrike_scorecard_builder_fit(b, &model), PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_EQ(model, nullptr);
  paystrike_scorecard_builder_free(b);
}

TEST(CapiScorecard, MisuseGetsAStatusAndAMessage) {
  paystrike_scorecard_builder* b = nullptr;
  const double good[] = {1, 0, 2};
  EXPECT_EQ(paystrike_scorecard_builder_new(good, nullptr, 3, &b), PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_NE(std::string(paystrike_last_error()).find("row 2"), std::string::npos) << paystrike_last_error();
  EXPECT_EQ(b, nullptr);
  EXPECT_EQ(paystrike_scorecard_builder_new(nullptr, nullptr, 3, &b), PAYSTRIKE_E_NULL_ARGUMENT);
  const double ok[] = {1, 0, 1, 0};
  ASSERT_EQ(paystrike_scorecard_builder_new(ok, nullptr, 4, &b), PAYSTRIKE_OK);
  const double x[] = {1, 2, 3, 4};
  int64_t index = -7;
  EXPECT_EQ(paystrike_scorecard_builder_add_numeric(b, "x", x, 1, 5, 20, 0.05, 8, 3, nullptr, 0, &index),
            PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_EQ(paystrike_scorecard_builder_add_numeric(b, "x", x, 1, 0, 20, 0.9, 8, 3, nullptr, 0, &index),
            PAYSTRIKE_E_INVALID_ARGUMENT);
  const double bad_cuts[] = {3, 2};
  EXPECT_EQ(paystrike_scorecard_builder_add_cuts(b, "x", x, 1, bad_cuts, 2, nullptr, 0, &index),
            PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_EQ(index, -7);
  EXPECT_EQ(paystrike_scorecard_builder_add_cuts(b, "x", x, 1, bad_cuts, 1, nullptr, 0, &index), PAYSTRIKE_OK);
  EXPECT_EQ(paystrike_scorecard_builder_add_cuts(b, "x", x, 1, bad_cuts, 1, nullptr, 0, &index),
            PAYSTRIKE_E_INVALID_ARGUMENT);  // the same name twice
  double estimate = -1;
  EXPECT_EQ(paystrike_scorecard_builder_coefficient(b, 0, &estimate, nullptr, nullptr, nullptr),
            PAYSTRIKE_E_INVALID_ARGUMENT);  // not fitted yet
  EXPECT_EQ(estimate, -1);
  EXPECT_EQ(paystrike_scorecard_builder_set_scaling(b, 600, -1, 20), PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_EQ(paystrike_scorecard_builder_set_reason_baseline(b, 7, 0, 0), PAYSTRIKE_E_INVALID_ARGUMENT);
  EXPECT_EQ(paystrike_scorecard_builder_bin(b, 3, 0, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr),
            PAYSTRIKE_E_INVALID_ARGUMENT);
  paystrike_scorecard_builder_free(b);
  paystrike_scorecard_builder_free(nullptr);
  EXPECT_EQ(paystrike_model_num_bins(nullptr, 0, &index), PAYSTRIKE_E_NULL_ARGUMENT);
  EXPECT_EQ(paystrike_model_save_file(nullptr, "x.psm"), PAYSTRIKE_E_NULL_ARGUMENT);
}

}  // namespace
