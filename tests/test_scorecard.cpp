// The scorecard: case C08 (scaling, per-bin points, rounding), a card built on credit_data
// (points add up to the probability-based score, single-row equals batch bit for bit, reason
// codes, missing values in their bins, the whole card through a model file).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "paystrike/io/csv.hpp"
#include "paystrike/io/model_file.hpp"
#include "paystrike/scorecard.hpp"

namespace {

using paystrike::Binning;
using paystrike::CharacteristicSpec;
using paystrike::Error;
using paystrike::ScoreModel;
using paystrike::Status;
using paystrike::Term;
using paystrike::TermKind;

const double nan = std::numeric_limits<double>::quiet_NaN();

std::uint64_t bits(double v) {
  std::uint64_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

// Case C08: 600 points at bad:good 1/19 (good:bad 19), PDO 50; in the case's P(bad) form the
// card has intercept -2 and coefficient 0.8 on WoE ln(bad/good) = [-0.5, 0.3, 1.2]. In
// paystrike's P(good) form: intercept +2, coefficient 0.8 on WoE ln(good/bad) = [0.5, -0.3, -1.2].
ScoreModel c08_card(bool round_points) {
  ScoreModel m;
  m.input_names = {"x"};
  m.input_min = {0.0};
  m.input_max = {3.0};
  Binning b;
  b.name = "x";
  b.cut_points = {1.0, 2.0};
  b.goods = {10, 10, 10};
  b.bads = {1, 2, 3};
  b.woe = {0.5, -0.3, -1.2};
  m.binnings = {b};
  Term t;
  t.name = "woe(x)";
  t.input = 0;
  t.kind = TermKind::woe_bins;
  t.binning = 0;
  m.terms = {t};
  m.intercept = 2.0;
  m.coefficients = {0.8};
  m.scaling.base_points = 600.0;
  m.scaling.base_odds = 19.0;  // good:bad = 1 / (bad:good 1/19)
  m.scaling.pdo = 50.0;
  m.round_points = round_points;
  m.validate();
  return m;
}

TEST(Scorecard, C08ScalingAndPointsPerBin) {
  const ScoreModel m = c08_card(false);
  EXPECT_NEAR(m.scaling.factor(), 72.13475204444818, 1e-12);
  EXPECT_NEAR(m.scaling.offset(), 387.6036243278207, 1e-10);
  const double p_bad[] = {0.05, 0.09523809523809523, 0.02564102564102564, 0.5};
  const double expected_scores[] = {600.0, 550.0, 650.0, 387.6036243278207};
  for (int i = 0; i < 4; ++i)
    EXPECT_NEAR(m.scaling.score(std::log((1 - p_bad[i]) / p_bad[i])), expected_scores[i], 1e-9);
  const auto table = paystrike::points_table(m);
  ASSERT_EQ(table.size(), 1u);
  const double bin_points[] = {28.853900817779273, -17.312340490667562, -69.24936196267025};
  for (std::size_t b = 0; b < 3; ++b) EXPECT_NEAR(table[0].points[b], bin_points[b], 1e-10);
  const double x[] = {0.5, 1.5, 2.5};
  const double totals[] = {560.7270292344963, 514.5607879260494, 462.6237664540468};
  const double implied_p_bad[] = {0.08317269649392238, 0.14679033980138237, 0.261149993915751};
  double scores[3], p_good[3];
  paystrike::score_rows(m, paystrike::make_row_major_view(x, 3, 1), scores, p_good);
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(scores[i], totals[i], 1e-9);
    EXPECT_NEAR(1.0 - p_good[i], implied_p_bad[i], 1e-12);
    double points = 0, base = 0;
    m.characteristic_points(&x[i], 1, &points, &base);
    EXPECT_NEAR(base, 531.873128416717, 1e-9);
    EXPECT_NEAR(base + points, scores[i], 1e-9);  // the parts add up to the score
  }
}

TEST(Scorecard, C08RoundedPointsAddUpToTheRoundedTotal) {
  const ScoreModel m = c08_card(true);
  const double x[] = {0.5, 1.5, 2.5};
  double scores[3];
  paystrike::score_rows(m, paystrike::make_row_major_view(x, 3, 1), scores, nullptr);
  EXPECT_EQ(scores[0], 561.0);
  EXPECT_EQ(scores[1], 515.0);
  EXPECT_EQ(scores[2], 463.0);
  const auto table = paystrike::points_table(m);
  EXPECT_EQ(table[0].points, (std::vector<double>{29, -17, -69}));
  double points = 0, base = 0;
  m.characteristic_points(&x[2], 1, &points, &base);
  EXPECT_EQ(base, 532.0);
  EXPECT_EQ(base + points, scores[2]);
}

// credit_data: numeric columns as numbers, text columns as the index of the sorted level.
struct CreditData {
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> levels;
  std::vector<double> x;  // row-major
  Eigen::VectorXd good;
  std::int64_t rows = 0;
};

const CreditData& credit_data() {
  static const CreditData data = [] {
    const auto table = paystrike::read_csv(std::string(PAYSTRIKE_TEST_DATA_DIR) + "/modeldata_credit_data.csv");
    CreditData d;
    const std::vector<std::string> numeric = {"Seniority", "Time", "Age", "Expenses", "Income",
                                              "Assets", "Debt", "Amount", "Price"};
    const std::vector<std::string> text = {"Home", "Marital", "Records", "Job"};
    std::vector<std::vector<double>> columns;
    for (const auto& name : numeric) {
      d.names.push_back(name);
      d.levels.emplace_back();
      columns.push_back(table.numeric_column(name));
    }
    for (const auto& name : text) {
      const auto c = static_cast<std::size_t>(table.column_index(name));
      std::vector<std::string> levels;
      for (const auto& row : table.rows)
        if (!row[c].empty()) levels.push_back(row[c]);
      std::sort(levels.begin(), levels.end());
      levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
      std::vector<double> column;
      for (const auto& row : table.rows)
        column.push_back(row[c].empty() ? nan
                                        : static_cast<double>(std::lower_bound(levels.begin(), levels.end(), row[c]) - levels.begin()));
      d.names.push_back(name);
      d.levels.push_back(levels);
      columns.push_back(column);
    }
    d.rows = table.num_rows();
    d.good.resize(d.rows);
    const auto s = static_cast<std::size_t>(table.column_index("Status"));
    for (std::int64_t i = 0; i < d.rows; ++i) {
      d.good[i] = table.rows[static_cast<std::size_t>(i)][s] == "good" ? 1.0 : 0.0;
      for (const auto& column : columns) d.x.push_back(column[static_cast<std::size_t>(i)]);
    }
    return d;
  }();
  return data;
}

paystrike::Scorecard build_credit_card_now(bool round_points) {
  const CreditData& d = credit_data();
  std::vector<CharacteristicSpec> specs;
  for (std::size_t j = 0; j < d.names.size(); ++j) {
    CharacteristicSpec spec;
    spec.input = static_cast<std::int64_t>(j);
    spec.kind = d.levels[j].empty() ? paystrike::BinningKind::numeric : paystrike::BinningKind::categorical;
    specs.push_back(spec);
  }
  paystrike::ScorecardOptions options;
  options.round_points = round_points;
  options.reason_codes.assign(d.names.size(), "");
  options.reason_codes[4] = "R05";  // Income
  const auto view = paystrike::make_row_major_view(d.x.data(), d.rows, static_cast<std::int64_t>(d.names.size()));
  return paystrike::build_scorecard(d.names, view, d.good, Eigen::VectorXd(), specs, options);
}

// Built once per rounding mode: the tests only read it.
const paystrike::Scorecard& build_credit_card(bool round_points) {
  static const paystrike::Scorecard unrounded = build_credit_card_now(false);
  static const paystrike::Scorecard rounded = build_credit_card_now(true);
  return round_points ? rounded : unrounded;
}

TEST(Scorecard, CreditDataCardHasFiniteWoeAndPointsThatAddUpToTheProbabilityScore) {
  const CreditData& d = credit_data();
  const paystrike::Scorecard& card = build_credit_card(false);
  const ScoreModel& m = card.model;
  ASSERT_EQ(m.binnings.size(), 13u);
  for (const Binning& b : m.binnings) {
    for (double w : b.woe) EXPECT_TRUE(std::isfinite(w)) << b.name;
    EXPECT_LE(b.num_regular_bins(), 8) << b.name;
  }
  // Income has 381 missing values in credit_data: a missing bin of that size.
  const Binning& income = m.binnings[4];
  ASSERT_TRUE(income.missing_bin);
  const auto mb = static_cast<std::size_t>(income.missing_bin_index());
  EXPECT_EQ(income.goods[mb] + income.bads[mb], 381.0);
  const auto view = paystrike::make_row_major_view(d.x.data(), d.rows, 13);
  std::vector<double> scores(static_cast<std::size_t>(d.rows)), p(static_cast<std::size_t>(d.rows));
  paystrike::score_rows(m, view, scores.data(), p.data());
  std::vector<double> points(13);
  for (std::int64_t i = 0; i < d.rows; ++i) {
    const double* row = d.x.data() + i * 13;
    double base = 0.0;
    m.characteristic_points(row, 1, points.data(), &base);
    double total = base;
    for (double v : points) total += v;
    const auto k = static_cast<std::size_t>(i);
    EXPECT_NEAR(total, scores[k], 1e-9) << "row " << i;
    EXPECT_NEAR(m.scaling.score(std::log(p[k] / (1.0 - p[k]))), scores[k], 1e-8) << "row " << i;
    // Single-row scoring is the batch result, bit for bit.
    double one = 0.0, one_p = 0.0;
    paystrike::score_rows(m, paystrike::make_row_major_view(row, 1, 13), &one, &one_p);
    ASSERT_EQ(bits(one), bits(scores[k])) << "row " << i;
    ASSERT_EQ(bits(one_p), bits(p[k])) << "row " << i;
  }
  // Each characteristic's points in a row equal its bin's entry in the points table.
  const auto table = paystrike::points_table(m);
  for (std::int64_t i = 0; i < 50; ++i) {
    const double* row = d.x.data() + i * 13;
    double base = 0.0;
    m.characteristic_points(row, 1, points.data(), &base);
    for (const auto& c : table) {
      const auto bin = m.binnings[static_cast<std::size_t>(c.input)].bin_of(row[c.input]);
      EXPECT_NEAR(points[static_cast<std::size_t>(c.input)], c.points[static_cast<std::size_t>(bin)], 1e-9);
    }
  }
}

TEST(Scorecard, RoundedCardTotalsAreSumsOfTheRoundedTableEntries) {
  const CreditData& d = credit_data();
  const paystrike::Scorecard& card = build_credit_card(true);
  const auto table = paystrike::points_table(card.model);
  const double base = std::round(card.model.scaling.offset() + card.model.scaling.factor() * card.model.intercept);
  for (std::int64_t i = 0; i < d.rows; i += 7) {
    const double* row = d.x.data() + i * 13;
    double expected = base;
    for (const auto& c : table) {
      const auto bin = card.model.binnings[static_cast<std::size_t>(c.input)].bin_of(row[c.input]);
      EXPECT_EQ(c.points[static_cast<std::size_t>(bin)], std::round(c.points[static_cast<std::size_t>(bin)]));
      expected += c.points[static_cast<std::size_t>(bin)];
    }
    double score = 0.0;
    paystrike::score_rows(card.model, paystrike::make_row_major_view(row, 1, 13), &score, nullptr);
    EXPECT_EQ(score, expected) << "row " << i;
  }
}

TEST(Scorecard, ReasonCodesAreTheLargestShortfallsAgainstMaxPoints) {
  const CreditData& d = credit_data();
  const paystrike::Scorecard& card = build_credit_card(false);
  const ScoreModel& m = card.model;
  const auto table = paystrike::points_table(m);
  std::vector<double> best(13, -1e300);
  for (const auto& c : table)
    best[static_cast<std::size_t>(c.input)] = *std::max_element(c.points.begin(), c.points.end());
  for (std::size_t j = 0; j < 13; ++j) EXPECT_NEAR(m.reason_baseline[j], best[j], 1e-9);
  for (std::int64_t i = 0; i < 200; ++i) {
    const double* row = d.x.data() + i * 13;
    std::vector<double> shortfall(13);
    for (const auto& c : table) {
      const auto bin = m.binnings[static_cast<std::size_t>(c.input)].bin_of(row[c.input]);
      shortfall[static_cast<std::size_t>(c.input)] = best[static_cast<std::size_t>(c.input)] - c.points[static_cast<std::size_t>(bin)];
    }
    std::vector<double> sorted = shortfall;
    std::sort(sorted.rbegin(), sorted.rend());
    std::int64_t inputs[4];
    double amounts[4];
    const std::int64_t k = paystrike::reason_codes_for_row(m, row, 1, 4, inputs, amounts);
    std::int64_t positive = 0;
    for (double s : shortfall) positive += s > 1e-9 ? 1 : 0;
    EXPECT_EQ(k, std::min<std::int64_t>(4, positive)) << "row " << i;
    for (std::int64_t r = 0; r < k; ++r) {
      EXPECT_NEAR(amounts[r], sorted[static_cast<std::size_t>(r)], 1e-9) << "row " << i;
      EXPECT_NEAR(shortfall[static_cast<std::size_t>(inputs[r])], amounts[r], 1e-9);
    }
    for (std::int64_t r = k; r < 4; ++r) EXPECT_EQ(inputs[r], -1);
  }
  EXPECT_EQ(paystrike::reason_code_of(m, 4), "R05");
  EXPECT_EQ(paystrike::reason_code_of(m, 0), "Seniority");  // no code: the name
}

TEST(Scorecard, MeanBaselinesAverageThePointsOfTheChosenApplicants) {
  const CreditData& d = credit_data();
  const paystrike::Scorecard& card = build_credit_card(false);
  const ScoreModel& m = card.model;
  const auto view = paystrike::make_row_major_view(d.x.data(), d.rows, 13);
  const auto mean_all = paystrike::compute_reason_baseline(m, paystrike::ReasonBaseline::mean_all, view);
  const double cutoff = 560.0, band = 10.0;
  const auto near = paystrike::compute_reason_baseline(m, paystrike::ReasonBaseline::mean_near_cutoff, view, cutoff, band);
  std::vector<double> sum_all(13, 0.0), sum_near(13, 0.0), points(13);
  double n_near = 0;
  for (std::int64_t i = 0; i < d.rows; ++i) {
    const double* row = d.x.data() + i * 13;
    double base = 0;
    m.characteristic_points(row, 1, points.data(), &base);
    double score = base;
    for (double v : points) score += v;
    const bool is_near = std::abs(score - cutoff) <= band;
    n_near += is_near ? 1 : 0;
    for (std::size_t j = 0; j < 13; ++j) {
      sum_all[j] += points[j];
      if (is_near) sum_near[j] += points[j];
    }
  }
  ASSERT_GT(n_near, 10);
  ASSERT_LT(n_near, static_cast<double>(d.rows));
  for (std::size_t j = 0; j < 13; ++j) {
    EXPECT_NEAR(mean_all[j], sum_all[j] / static_cast<double>(d.rows), 1e-9);
    EXPECT_NEAR(near[j], sum_near[j] / n_near, 1e-9);
  }
  try {
    paystrike::compute_reason_baseline(m, paystrike::ReasonBaseline::mean_near_cutoff, view, 5000.0, 1.0);
    FAIL() << "no applicant scores near 5000";
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::undefined);
  }
}

TEST(Scorecard, NanScoresInTheMissingBinAndIsRefusedWhereThereIsNone) {
  const paystrike::Scorecard& card = build_credit_card(false);
  const ScoreModel& m = card.model;
  std::vector<double> row(credit_data().x.begin(), credit_data().x.begin() + 13);
  row[4] = nan;  // Income has a missing bin
  double score = 0, base = 0;
  std::vector<double> points(13);
  EXPECT_NO_THROW(paystrike::score_rows(m, paystrike::make_row_major_view(row.data(), 1, 13), &score, nullptr));
  m.characteristic_points(row.data(), 1, points.data(), &base);
  const Binning& income = m.binnings[4];
  EXPECT_NEAR(points[4], m.scaling.factor() * m.coefficients[4] * income.woe[static_cast<std::size_t>(income.missing_bin_index())], 1e-9);
  row[4] = 100.0;
  row[0] = nan;  // Seniority had no missing value in training
  ASSERT_FALSE(m.binnings[0].missing_bin);
  double untouched = -1.0;
  try {
    paystrike::score_rows(m, paystrike::make_row_major_view(row.data(), 1, 13), &untouched, nullptr);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::missing_value);
    EXPECT_NE(std::string(e.what()).find("Seniority"), std::string::npos) << e.what();
  }
  EXPECT_EQ(untouched, -1.0);
}

TEST(Scorecard, WholeCardSurvivesTheModelFileAndScoresIdentically) {
  const CreditData& d = credit_data();
  for (bool rounded : {false, true}) {
    const paystrike::Scorecard& card = build_credit_card(rounded);
    const auto file = paystrike::save_model_to_buffer(card.model);
    const ScoreModel loaded = paystrike::load_model_from_buffer(file.data(), file.size());
    EXPECT_EQ(paystrike::save_model_to_buffer(loaded), file);
    EXPECT_EQ(loaded.round_points, rounded);
    EXPECT_EQ(loaded.reason_codes, card.model.reason_codes);
    ASSERT_EQ(loaded.binnings.size(), card.model.binnings.size());
    for (std::size_t b = 0; b < loaded.binnings.size(); ++b) {
      EXPECT_EQ(loaded.binnings[b].cut_points, card.model.binnings[b].cut_points);
      EXPECT_EQ(loaded.binnings[b].level_bins, card.model.binnings[b].level_bins);
      EXPECT_EQ(loaded.binnings[b].woe, card.model.binnings[b].woe);
    }
    const auto view = paystrike::make_row_major_view(d.x.data(), d.rows, 13);
    std::vector<double> a(static_cast<std::size_t>(d.rows)), b(a.size()), pa(a.size()), pb(a.size());
    paystrike::score_rows(card.model, view, a.data(), pa.data());
    paystrike::score_rows(loaded, view, b.data(), pb.data());
    for (std::size_t i = 0; i < a.size(); ++i) {
      ASSERT_EQ(bits(a[i]), bits(b[i])) << "row " << i;
      ASSERT_EQ(bits(pa[i]), bits(pb[i])) << "row " << i;
    }
    std::int64_t r1[4], r2[4];
    paystrike::reason_codes_for_row(card.model, d.x.data(), 1, 4, r1, nullptr);
    paystrike::reason_codes_for_row(loaded, d.x.data(), 1, 4, r2, nullptr);
    EXPECT_TRUE(std::equal(r1, r1 + 4, r2));
  }
}

TEST(Scorecard, BuildRefusesBadSpecs) {
  const CreditData& d = credit_data();
  const auto view = paystrike::make_row_major_view(d.x.data(), d.rows, 13);
  CharacteristicSpec spec;
  spec.input = 13;
  try {
    paystrike::build_scorecard(d.names, view, d.good, Eigen::VectorXd(), {spec});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::invalid_argument);
    EXPECT_NE(std::string(e.what()).find("input 13"), std::string::npos) << e.what();
  }
  spec.input = 0;
  try {
    paystrike::build_scorecard(d.names, view, d.good, Eigen::VectorXd(), {spec, spec});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), Status::invalid_argument);
  }
}

}  // namespace

TEST(Scorecard, ARepeatedCharacteristicIsSingularAndNamedByItsTerm) {
  // The same characteristic twice (Seniority as input 0 and input 1): the WoE columns are
  // identical, and the error names the characteristic, not a design column index.
  const CreditData& d = credit_data();
  const auto seniority = static_cast<std::size_t>(
      std::find(d.names.begin(), d.names.end(), "Seniority") - d.names.begin());
  ASSERT_LT(seniority, d.names.size());
  const std::size_t k = d.names.size();
  std::vector<double> x;
  for (std::int64_t i = 0; i < d.rows; ++i) {
    const double v = d.x[static_cast<std::size_t>(i) * k + seniority];
    x.push_back(v);
    x.push_back(v);
  }
  std::vector<CharacteristicSpec> specs(2);
  specs[1].input = 1;
  paystrike::ScorecardOptions options;
  options.reason_codes.assign(2, "");
  const auto view = paystrike::make_row_major_view(x.data(), d.rows, 2);
  try {
    paystrike::build_scorecard({"Seniority", "Seniority_again"}, view, d.good, Eigen::VectorXd(),
                               specs, options);
    ADD_FAILURE() << "fitted a card with a repeated characteristic";
  } catch (const paystrike::Error& e) {
    EXPECT_EQ(e.status(), paystrike::Status::singular) << e.what();
    const std::string message = e.what();
    EXPECT_TRUE(message.find("(woe(Seniority))") != std::string::npos ||
                message.find("(woe(Seniority_again))") != std::string::npos)
        << message;
  }
}
