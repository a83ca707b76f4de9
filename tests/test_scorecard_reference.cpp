// WoE binning and the logistic fit on WoE and raw inputs against R (tests/reference/
// scorecard_glm.R -> scorecard_*.csv), on the Spanish credit_data (real missing values) and the
// German credit data. R computes the bins, counts, WoE and IV by paystrike's documented rules
// with its own code (findInterval for [a, b) intervals); paystrike must agree exactly on the
// counts, to 1e-12 on WoE and IV, and to 1e-6 relative on everything glm reports.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "paystrike/binning.hpp"
#include "paystrike/features.hpp"
#include "paystrike/io/csv.hpp"
#include "paystrike/logistic.hpp"

namespace {

using paystrike::Binning;
using paystrike::BinningKind;
using paystrike::Term;
using paystrike::TermKind;

double relative_difference(double ours, double reference) {
  return std::abs(ours - reference) / std::max(std::abs(reference), 1e-300);
}

struct Column {
  std::vector<double> values;       // numbers, or level codes (index in sorted order); NaN missing
  std::vector<std::string> levels;  // categorical: sorted distinct texts
};

Column numeric_column(const paystrike::CsvTable& table, const std::string& name) {
  return {table.numeric_column(name), {}};
}

Column categorical_column(const paystrike::CsvTable& table, const std::string& name) {
  const auto c = static_cast<std::size_t>(table.column_index(name));
  Column column;
  for (const auto& row : table.rows)
    if (!row[c].empty()) column.levels.push_back(row[c]);
  std::sort(column.levels.begin(), column.levels.end());  // byte order = R's C locale
  column.levels.erase(std::unique(column.levels.begin(), column.levels.end()), column.levels.end());
  for (const auto& row : table.rows) {
    if (row[c].empty()) {
      column.values.push_back(std::nan(""));
      continue;
    }
    const auto it = std::lower_bound(column.levels.begin(), column.levels.end(), row[c]);
    column.values.push_back(static_cast<double>(it - column.levels.begin()));
  }
  return column;
}

Eigen::VectorXd to_vector(const std::vector<double>& v) {
  return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
}

/// One bin per level (as the R script does), counted by paystrike's fill_bin_statistics.
Binning one_bin_per_level(const std::string& name, const Column& column, const Eigen::VectorXd& good) {
  Binning binning;
  binning.name = name;
  binning.kind = BinningKind::categorical;
  for (std::size_t l = 0; l < column.levels.size(); ++l) {
    binning.levels.push_back(static_cast<double>(l));
    binning.level_bins.push_back(static_cast<std::int64_t>(l));
  }
  binning.level_labels = column.levels;
  binning.categorical_bins = static_cast<std::int64_t>(column.levels.size());
  binning.missing_bin = std::any_of(column.values.begin(), column.values.end(),
                                    [](double v) { return std::isnan(v); });
  paystrike::fill_bin_statistics(binning, to_vector(column.values), good, Eigen::VectorXd());
  return binning;
}

struct ReferenceFit {
  std::map<std::string, std::vector<double>> coefficients;  // term -> estimate, se, z, p
  std::vector<std::string> order;
  std::map<std::string, double> stats;
};

ReferenceFit read_fit(const std::string& file) {
  const auto table = paystrike::read_csv(std::string(PAYSTRIKE_REFERENCE_DIR) + "/" + file);
  ReferenceFit fit;
  for (const auto& row : table.rows) {
    if (row[0] == "coef") {
      fit.order.push_back(row[1]);
      std::vector<double>& values = fit.coefficients[row[1]];
      for (std::size_t c = 2; c < row.size(); ++c)
        values.push_back(row[c].empty() ? std::nan("") : std::stod(row[c]));
    } else {
      fit.stats[row[1]] = std::stod(row[2]);
    }
  }
  return fit;
}

/// Compares a paystrike fit with an R fit; returns the largest relative difference of the
/// estimates, standard errors, z values, log-likelihood, deviances and AIC, and puts that of
/// the p-values (which magnify a difference in z by about z^2: p = 1e-23 at z = 10) in `worst_p`.
double compare_fit(const paystrike::LogisticFit& fit, const ReferenceFit& ref,
                   const std::vector<std::string>& term_names, double& worst_p) {
  worst_p = 0.0;
  EXPECT_EQ(fit.status, paystrike::Status::ok) << fit.message;
  EXPECT_EQ(static_cast<std::size_t>(fit.coefficients.size()), ref.order.size());
  double worst = 0.0;
  auto check = [&](double ours, double theirs, const std::string& what) {
    const double d = relative_difference(ours, theirs);
    if (what.find("p-value") != std::string::npos) worst_p = std::max(worst_p, d);
    else worst = std::max(worst, d);
    EXPECT_LT(d, 1e-6) << what << ": paystrike " << ours << ", R " << theirs;
  };
  const Eigen::VectorXd z = fit.z_values(), p = fit.p_values();
  for (std::size_t k = 0; k < term_names.size(); ++k) {
    const auto it = ref.coefficients.find(term_names[k]);
    if (it == ref.coefficients.end()) {
      ADD_FAILURE() << "R has no term " << term_names[k];
      continue;
    }
    const auto j = static_cast<Eigen::Index>(k);
    check(fit.coefficients[j], it->second[0], term_names[k] + " estimate");
    check(fit.standard_errors[j], it->second[1], term_names[k] + " std error");
    if (it->second.size() >= 4) {
      check(z[j], it->second[2], term_names[k] + " z");
      check(p[j], it->second[3], term_names[k] + " p-value");
    }
  }
  check(fit.log_likelihood, ref.stats.at("loglik"), "log-likelihood");
  check(fit.deviance, ref.stats.at("deviance"), "deviance");
  check(fit.null_deviance, ref.stats.at("null_deviance"), "null deviance");
  check(fit.aic, ref.stats.at("aic"), "AIC");
  return worst;
}

/// Bins every variable on R's cut points, checks counts, WoE and IV against R, fits the WoE
/// model and checks it against glm. Returns the largest relative difference of the fit.
double check_woe_data_set(double& worst_p, const std::string& data_file, const std::string& tag,
                          const std::string& response, const std::string& good_value,
                          const std::vector<std::string>& numeric,
                          const std::vector<std::string>& categorical) {
  const auto data = paystrike::read_csv(std::string(PAYSTRIKE_TEST_DATA_DIR) + "/" + data_file);
  const auto r = static_cast<std::size_t>(data.column_index(response));
  Eigen::VectorXd good(data.num_rows());
  for (std::int64_t i = 0; i < data.num_rows(); ++i)
    good[i] = data.rows[static_cast<std::size_t>(i)][r] == good_value ? 1.0 : 0.0;

  std::map<std::string, std::vector<double>> cuts;
  for (const auto& row : paystrike::read_csv(std::string(PAYSTRIKE_REFERENCE_DIR) + "/scorecard_" +
                                             tag + "_cuts.csv").rows)
    cuts[row[0]].push_back(std::stod(row[1]));
  std::map<std::string, std::vector<std::string>> bins_of;  // variable -> rows of the R table
  const auto r_bins = paystrike::read_csv(std::string(PAYSTRIKE_REFERENCE_DIR) + "/scorecard_" +
                                          tag + "_bins.csv");
  std::map<std::string, double> r_iv;
  for (const auto& row : paystrike::read_csv(std::string(PAYSTRIKE_REFERENCE_DIR) + "/scorecard_" +
                                             tag + "_iv.csv").rows)
    r_iv[row[0]] = std::stod(row[1]);

  std::vector<std::string> names;
  std::vector<Binning> binnings;
  std::vector<Term> terms;
  std::vector<double> inputs;  // column-major, one column per variable
  for (const std::string& variable : numeric) names.push_back(variable);
  for (const std::string& variable : categorical) names.push_back(variable);
  for (std::size_t v = 0; v < names.size(); ++v) {
    const bool is_numeric = v < numeric.size();
    const Column column = is_numeric ? numeric_column(data, names[v]) : categorical_column(data, names[v]);
    const Binning binning =
        is_numeric ? paystrike::make_numeric_binning(names[v], to_vector(column.values), good,
                                                     Eigen::VectorXd(), cuts[names[v]])
                   : one_bin_per_level(names[v], column, good);
    // The R table, bin by bin: numeric bins by index, categorical by level text.
    std::size_t checked = 0;
    for (const auto& row : r_bins.rows) {
      if (row[0] != names[v]) continue;
      std::int64_t bin = -1;
      if (row[1] == "missing") bin = binning.missing_bin_index();
      else if (is_numeric) bin = std::stoll(row[1]);
      else bin = binning.bin_of(static_cast<double>(
               std::lower_bound(column.levels.begin(), column.levels.end(), row[1]) - column.levels.begin()));
      if (bin < 0) {
        ADD_FAILURE() << names[v] << " has no bin " << row[1];
        continue;
      }
      const auto b = static_cast<std::size_t>(bin);
      EXPECT_EQ(binning.goods[b], std::stod(row[2])) << names[v] << " bin " << row[1];
      EXPECT_EQ(binning.bads[b], std::stod(row[3])) << names[v] << " bin " << row[1];
      EXPECT_NEAR(binning.woe[b], std::stod(row[4]), 1e-12) << names[v] << " bin " << row[1];
      ++checked;
    }
    EXPECT_EQ(static_cast<std::int64_t>(checked), binning.num_bins()) << names[v];
    EXPECT_NEAR(binning.information_value(), r_iv.at(names[v]), 1e-12) << names[v];
    inputs.insert(inputs.end(), column.values.begin(), column.values.end());
    Term term;
    term.name = "woe(" + names[v] + ")";
    term.input = static_cast<std::int64_t>(v);
    term.kind = TermKind::woe_bins;
    term.binning = static_cast<std::int64_t>(v);
    terms.push_back(term);
    binnings.push_back(binning);
  }
  const auto view = paystrike::make_matrix_view(inputs.data(), data.num_rows(),
                                                static_cast<std::int64_t>(names.size()), 1,
                                                data.num_rows());
  const Eigen::MatrixXd design = paystrike::build_design(terms, view, names, binnings);
  const paystrike::LogisticFit fit = paystrike::fit_logistic(design, good);
  std::vector<std::string> term_names{"(Intercept)"};
  for (const Term& t : terms) term_names.push_back(t.name);
  const ReferenceFit ref = read_fit("scorecard_" + tag + "_glm_woe.csv");
  EXPECT_EQ(ref.stats.at("n"), static_cast<double>(data.num_rows()));
  return compare_fit(fit, ref, term_names, worst_p);
}

TEST(ScorecardReference, CreditDataWoeBinsAndGlmFitMatchR) {
  double worst_p = 0.0;
  const double worst = check_woe_data_set(worst_p,
      "modeldata_credit_data.csv", "credit_data", "Status", "good",
      {"Seniority", "Time", "Age", "Expenses", "Income", "Assets", "Debt", "Amount", "Price"},
      {"Home", "Marital", "Records", "Job"});
  std::printf("credit_data WoE inputs: largest relative difference from R glm %.3g (p-values %.3g)\n", worst, worst_p);
}

TEST(ScorecardReference, GermanWoeBinsAndGlmFitMatchR) {
  double worst_p = 0.0;
  const double worst = check_woe_data_set(worst_p,
      "uci_german_credit.csv", "german", "class", "1",
      {"duration", "credit_amount", "installment_commitment", "residence_since", "age",
       "existing_credits"},
      {"checking_status", "credit_history", "purpose", "savings_status", "employment",
       "personal_status", "other_parties", "property_magnitude", "other_payment_plans", "housing",
       "job", "own_telephone", "foreign_worker"});
  std::printf("German WoE inputs: largest relative difference from R glm %.3g (p-values %.3g)\n", worst, worst_p);
}

/// Raw inputs: linear terms and treatment-coded indicators, rows with a missing value dropped.
double check_raw(double& worst_p, const std::string& data_file, const std::string& reference,
                 const std::string& response, const std::string& good_value) {
  const auto data = paystrike::read_csv(std::string(PAYSTRIKE_TEST_DATA_DIR) + "/" + data_file);
  const ReferenceFit ref = read_fit(reference);
  std::vector<std::string> names;
  std::vector<Column> columns;
  std::vector<Term> terms;
  auto input_of = [&](const std::string& column, bool categorical) {
    const auto it = std::find(names.begin(), names.end(), column);
    if (it != names.end()) return static_cast<std::int64_t>(it - names.begin());
    names.push_back(column);
    columns.push_back(categorical ? categorical_column(data, column) : numeric_column(data, column));
    return static_cast<std::int64_t>(names.size() - 1);
  };
  for (std::size_t k = 1; k < ref.order.size(); ++k) {
    const std::string& name = ref.order[k];
    const auto eq = name.find('=');
    Term term;
    term.name = name;
    if (eq == std::string::npos) {
      term.input = input_of(name, false);
    } else {
      term.input = input_of(name.substr(0, eq), true);
      term.kind = TermKind::indicator;
      const auto& levels = columns[static_cast<std::size_t>(term.input)].levels;
      term.level = static_cast<double>(
          std::lower_bound(levels.begin(), levels.end(), name.substr(eq + 1)) - levels.begin());
    }
    terms.push_back(term);
  }
  const auto r = static_cast<std::size_t>(data.column_index(response));
  std::vector<double> inputs, good;  // row-major, complete rows only
  for (std::size_t i = 0; i < data.rows.size(); ++i) {
    bool complete = true;
    for (const Column& c : columns) complete = complete && !std::isnan(c.values[i]);
    if (!complete) continue;
    for (const Column& c : columns) inputs.push_back(c.values[i]);
    good.push_back(data.rows[i][r] == good_value ? 1.0 : 0.0);
  }
  const auto rows = static_cast<std::int64_t>(good.size());
  EXPECT_EQ(static_cast<double>(rows), ref.stats.at("n"));
  const auto view = paystrike::make_row_major_view(inputs.data(), rows,
                                                   static_cast<std::int64_t>(names.size()));
  const auto fit = paystrike::fit_logistic(paystrike::build_design(terms, view, names), to_vector(good));
  return compare_fit(fit, ref, ref.order, worst_p);
}

TEST(ScorecardReference, CreditDataRawInputsWithMissingRowsDroppedMatchR) {
  double worst_p = 0.0;
  const double worst = check_raw(worst_p, "modeldata_credit_data.csv", "scorecard_credit_data_glm_raw.csv",
                                 "Status", "good");
  std::printf("credit_data raw inputs: largest relative difference from R glm %.3g (p-values %.3g)\n", worst, worst_p);
}

TEST(ScorecardReference, GermanRawInputsMatchR) {
  double worst_p = 0.0;
  const double worst = check_raw(worst_p, "uci_german_credit.csv", "glm_german_categorical.csv", "class", "1");
  std::printf("German raw inputs: largest relative difference from R glm %.3g (p-values %.3g)\n", worst, worst_p);
}

}  // namespace
