// The UCI Taiwan credit-card data as the main job reads it: what is known at scoring (end of
// June 2005) and what happens after (July to September payments, the October outcome).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include <Eigen/Core>

#include "paystrike/features.hpp"
#include "paystrike/io/csv.hpp"

namespace taiwan {

/// Months in the file, oldest first: April .. September 2005.
constexpr int kMonths = 6;
constexpr int kMonthsKnownAtScoring = 3;  // April, May, June
inline const std::array<const char*, kMonths> kMonthNames = {"Apr", "May", "Jun",
                                                             "Jul", "Aug", "Sep"};
// The file names the months backwards (1 = September) and has no PAY_1.
inline const std::array<const char*, kMonths> kStatusColumns = {"PAY_6", "PAY_5", "PAY_4",
                                                                "PAY_3", "PAY_2", "PAY_0"};
inline const std::array<const char*, kMonths> kBillColumns = {
    "BILL_AMT6", "BILL_AMT5", "BILL_AMT4", "BILL_AMT3", "BILL_AMT2", "BILL_AMT1"};
inline const std::array<const char*, kMonths> kPaidColumns = {"PAY_AMT6", "PAY_AMT5", "PAY_AMT4",
                                                              "PAY_AMT3", "PAY_AMT2", "PAY_AMT1"};

/// Application fields plus the April-June history: the score's inputs, in order.
/// SEX, MARRIAGE and AGE are in the file but deliberately not used: sex and marital status are
/// prohibited bases for credit decisions (e.g. US ECOA / Regulation B, the EU gender directive),
/// and an age term that lowers older applicants' scores is not allowed either.
inline const std::vector<std::string> kInputNames = {
    "LIMIT_BAL", "EDUCATION", "PAY_4",     "PAY_5",    "PAY_6",    "BILL_AMT4",
    "BILL_AMT5", "BILL_AMT6", "PAY_AMT4",  "PAY_AMT5", "PAY_AMT6"};

using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct Portfolio {
  std::vector<std::int64_t> ids;
  RowMajorMatrix inputs;         ///< one row per account, columns kInputNames
  std::vector<double> is_good;   ///< 1 = paid in October, 0 = defaulted
  /// Per account and month (April first): repayment status, bill and amount paid.
  std::vector<std::array<double, kMonths>> status, bill, paid;

  std::int64_t size() const { return static_cast<std::int64_t>(ids.size()); }
};

/// Reads a CSV in the UCI Taiwan layout. Throws paystrike::Error naming the file, line and
/// column for a missing column, a non-number, or a missing value in a column the job needs.
inline Portfolio load(const std::string& path) {
  const paystrike::CsvTable table = paystrike::read_csv(path);
  auto column = [&](const std::string& name) {
    std::vector<double> values = table.numeric_column(name);
    for (std::size_t i = 0; i < values.size(); ++i)
      if (std::isnan(values[i]))
        throw paystrike::Error(paystrike::Status::missing_value,
                               table.source + ": line " + std::to_string(table.line_numbers[i]) +
                                   ", column '" + name + "' is empty");
    return values;
  };
  Portfolio p;
  const auto n = static_cast<std::size_t>(table.num_rows());
  if (n == 0) throw paystrike::Error(paystrike::Status::bad_format, path + ": no data rows");
  // IDs join the report to the file: each must be a whole number that a double holds exactly,
  // and unique (a repeated customer would sit in both the training and the test set).
  {
    const std::vector<double> ids = column("ID");
    std::unordered_map<std::int64_t, std::int64_t> first_line;
    for (std::size_t i = 0; i < n; ++i) {
      if (ids[i] != std::floor(ids[i]) || std::abs(ids[i]) > 9007199254740992.0)
        throw paystrike::Error(paystrike::Status::bad_format,
                               table.source + ": line " + std::to_string(table.line_numbers[i]) +
                                   ", column 'ID' must be a whole number below 2^53");
      const auto id = static_cast<std::int64_t>(ids[i]);
      const auto [where, fresh] = first_line.emplace(id, table.line_numbers[i]);
      if (!fresh)
        throw paystrike::Error(paystrike::Status::bad_format,
                               table.source + ": line " + std::to_string(table.line_numbers[i]) +
                                   ": ID " + std::to_string(id) + " repeats line " +
                                   std::to_string(where->second));
      p.ids.push_back(id);
    }
  }
  p.inputs.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(kInputNames.size()));
  for (std::size_t j = 0; j < kInputNames.size(); ++j) {
    const std::vector<double> values = column(kInputNames[j]);
    for (std::size_t i = 0; i < n; ++i)
      p.inputs(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = values[i];
  }
  const std::vector<double> defaulted = column("default_payment_next_month");
  for (std::size_t i = 0; i < n; ++i) {
    if (defaulted[i] != 0.0 && defaulted[i] != 1.0)
      throw paystrike::Error(paystrike::Status::bad_format,
                             table.source + ": line " + std::to_string(table.line_numbers[i]) +
                                 ", column 'default_payment_next_month' must be 0 or 1");
    p.is_good.push_back(1.0 - defaulted[i]);
  }
  p.status.resize(n);
  p.bill.resize(n);
  p.paid.resize(n);
  for (int m = 0; m < kMonths; ++m) {
    const std::vector<double> s = column(kStatusColumns[static_cast<std::size_t>(m)]);
    const std::vector<double> b = column(kBillColumns[static_cast<std::size_t>(m)]);
    const std::vector<double> a = column(kPaidColumns[static_cast<std::size_t>(m)]);
    for (std::size_t i = 0; i < n; ++i) {
      p.status[i][static_cast<std::size_t>(m)] = s[i];
      p.bill[i][static_cast<std::size_t>(m)] = b[i];
      p.paid[i][static_cast<std::size_t>(m)] = a[i];
    }
  }
  return p;
}

/// The model's terms over kInputNames: log amounts (long tails), education as indicators
/// against university (the largest group) and the undocumented codes, repayment statuses as numbers plus the June codes
/// whose risk is not on the line (-2 no consumption, 0 revolving, 2 two months late).
inline std::vector<paystrike::Term> terms() {
  using paystrike::Term;
  using paystrike::TermKind;
  auto input = [](const std::string& name) {
    for (std::size_t j = 0; j < kInputNames.size(); ++j)
      if (kInputNames[j] == name) return static_cast<std::int64_t>(j);
    throw paystrike::Error(paystrike::Status::internal, "no input " + name);
  };
  std::vector<Term> t = {
      {"log1p(LIMIT_BAL)", input("LIMIT_BAL"), TermKind::signed_log1p, 0},
      {"EDUCATION=1 (graduate school)", input("EDUCATION"), TermKind::indicator, 1},
      {"EDUCATION=3 (high school)", input("EDUCATION"), TermKind::indicator, 3},
      {"PAY_4 (Jun status)", input("PAY_4"), TermKind::linear, 0},
      {"PAY_4=-2 (Jun no use)", input("PAY_4"), TermKind::indicator, -2},
      {"PAY_4=0 (Jun revolving)", input("PAY_4"), TermKind::indicator, 0},
      {"PAY_4=2 (Jun 2 months late)", input("PAY_4"), TermKind::indicator, 2},
      {"PAY_5 (May status)", input("PAY_5"), TermKind::linear, 0},
      {"PAY_6 (Apr status)", input("PAY_6"), TermKind::linear, 0}};
  for (const char* name : {"BILL_AMT4", "BILL_AMT5", "BILL_AMT6", "PAY_AMT4", "PAY_AMT5",
                           "PAY_AMT6"})
    t.push_back({std::string("slog1p(") + name + ")", input(name), TermKind::signed_log1p, 0});
  return t;
}

/// A seeded split that gives the same rows on every platform: Fisher-Yates driven by the raw
/// output of mt19937_64 (std::shuffle's use of distributions differs between libraries).
inline void split(std::int64_t n, double test_share, std::uint64_t seed,
                  std::vector<std::int64_t>& train, std::vector<std::int64_t>& test) {
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) order[static_cast<std::size_t>(i)] = i;
  std::mt19937_64 engine(seed);
  for (std::int64_t i = n - 1; i > 0; --i) {
    const auto j = static_cast<std::int64_t>(engine() % static_cast<std::uint64_t>(i + 1));
    std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(j)]);
  }
  const auto n_test = static_cast<std::int64_t>(static_cast<double>(n) * test_share + 0.5);
  test.assign(order.begin(), order.begin() + n_test);
  train.assign(order.begin() + n_test, order.end());
  std::sort(test.begin(), test.end());
  std::sort(train.begin(), train.end());
}

}  // namespace taiwan
