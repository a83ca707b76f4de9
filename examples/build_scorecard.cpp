// Builds a points scorecard from a CSV of applicants: WoE binning of every characteristic,
// selection by information value and correlation, the logistic fit on the WoE, scaling, the
// points table, reason codes of a few applicants, and the model file (the whole card: binning,
// WoE, coefficients, scaling, reason codes) that the main job and the C ABI load.
//
//   build_scorecard                          # the bundled credit_data
//   build_scorecard --data examples/data/uci_german_credit.csv --target class --good 1
//
// Numeric columns are binned by quantile pre-binning and merging (monotonic bad rate, at most
// --max-bins bins, each at least --min-share of the rows); a column with any text is
// categorical. Empty fields are missing values and get a bin of their own.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <exception>
#include <map>
#include <string>
#include <vector>

#include "paystrike/io/csv.hpp"
#include "paystrike/io/model_file.hpp"
#include "paystrike/paystrike.h"
#include "paystrike/scorecard.hpp"
#include "paystrike/variable_selection.hpp"

namespace {

struct Options {
  std::string data = PAYSTRIKE_EXAMPLE_DATA_DIR "/modeldata_credit_data.csv";
  std::string target = "Status";
  std::string good_value = "good";
  std::string out = "scorecard.psm";
  std::string reason_code_file;
  int max_bins = 6;
  double min_share = 0.05;
  double min_iv = 0.02;
  double max_correlation = 0.7;
  bool round_points = true;
  int applicants = 5;
  double base_points = 600, base_odds = 50, pdo = 20;
};

bool is_number(const std::string& text) {
  if (text.empty()) return true;  // missing
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && std::isfinite(v);
}

struct Column {
  std::string name;
  bool categorical = false;
  std::vector<std::string> levels;  // categorical: sorted level texts; values are their indices
  std::vector<double> values;       // NaN = missing
};

Column read_column(const paystrike::CsvTable& table, std::size_t c) {
  Column column;
  column.name = table.header[c];
  for (const auto& row : table.rows)
    if (!is_number(row[c])) column.categorical = true;
  if (column.categorical) {
    for (const auto& row : table.rows)
      if (!row[c].empty()) column.levels.push_back(row[c]);
    std::sort(column.levels.begin(), column.levels.end());
    column.levels.erase(std::unique(column.levels.begin(), column.levels.end()), column.levels.end());
  }
  for (const auto& row : table.rows) {
    if (row[c].empty()) {
      column.values.push_back(std::nan(""));
    } else if (column.categorical) {
      column.values.push_back(static_cast<double>(
          std::lower_bound(column.levels.begin(), column.levels.end(), row[c]) - column.levels.begin()));
    } else {
      column.values.push_back(std::strtod(row[c].c_str(), nullptr));
    }
  }
  return column;
}

int run(const Options& o) {
  const paystrike::CsvTable table = paystrike::read_csv(o.data);
  const auto target = static_cast<std::size_t>(table.column_index(o.target));
  Eigen::VectorXd good(table.num_rows());
  for (std::int64_t i = 0; i < table.num_rows(); ++i) {
    const std::string& cell = table.rows[static_cast<std::size_t>(i)][target];
    if (cell.empty())
      throw paystrike::Error(paystrike::Status::missing_value,
                             fmt::format("{}: line {}: the target '{}' is empty", o.data,
                                         table.line_numbers[static_cast<std::size_t>(i)], o.target));
    good[i] = cell == o.good_value ? 1.0 : 0.0;
  }
  fmt::print("paystrike {} scorecard on {}: {} applicants, {} good ({} = '{}'), {} bad\n\n",
             PAYSTRIKE_VERSION_STRING, o.data, table.num_rows(), good.sum(), o.target, o.good_value,
             static_cast<double>(good.size()) - good.sum());

  // 1. Bin every characteristic and rank by information value.
  std::vector<Column> columns;
  std::vector<paystrike::Binning> binnings;
  paystrike::BinningOptions binning_options;
  binning_options.max_bins = o.max_bins;
  binning_options.min_bin_share = o.min_share;
  for (std::size_t c = 0; c < table.header.size(); ++c) {
    if (c == target) continue;
    Column column = read_column(table, c);
    const Eigen::VectorXd x = Eigen::Map<const Eigen::VectorXd>(column.values.data(), good.size());
    binnings.push_back(column.categorical
                           ? paystrike::fit_categorical_binning(column.name, x, good, Eigen::VectorXd(),
                                                                binning_options, column.levels)
                           : paystrike::fit_numeric_binning(column.name, x, good, Eigen::VectorXd(),
                                                            binning_options));
    columns.push_back(std::move(column));
  }
  Eigen::MatrixXd woe(good.size(), static_cast<Eigen::Index>(columns.size()));
  std::vector<double> iv;
  for (std::size_t j = 0; j < columns.size(); ++j) {
    for (Eigen::Index i = 0; i < woe.rows(); ++i)
      woe(i, static_cast<Eigen::Index>(j)) = binnings[j].woe_of(columns[j].values[static_cast<std::size_t>(i)]);
    iv.push_back(binnings[j].information_value());
  }
  const std::vector<std::size_t> informative = paystrike::select_by_iv(binnings, o.min_iv);
  std::vector<double> informative_iv;
  Eigen::MatrixXd informative_woe(woe.rows(), static_cast<Eigen::Index>(informative.size()));
  for (std::size_t k = 0; k < informative.size(); ++k) {
    informative_woe.col(static_cast<Eigen::Index>(k)) = woe.col(static_cast<Eigen::Index>(informative[k]));
    informative_iv.push_back(iv[informative[k]]);
  }
  std::vector<std::size_t> selected;
  for (std::size_t k : paystrike::correlation_filter(informative_woe, informative_iv, o.max_correlation))
    selected.push_back(informative[k]);

  std::vector<std::size_t> order(columns.size());
  for (std::size_t j = 0; j < order.size(); ++j) order[j] = j;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return iv[a] > iv[b]; });
  fmt::print("Information value (IV >= {} kept, then |correlation of WoE| <= {}):\n", o.min_iv, o.max_correlation);
  fmt::print("  {:<22} {:>11} {:>6} {:>7}\n", "characteristic", "type", "bins", "IV");
  for (std::size_t j : order) {
    const bool kept = std::find(selected.begin(), selected.end(), j) != selected.end();
    const bool weak = iv[j] < o.min_iv;
    fmt::print("  {:<22} {:>11} {:>6} {:>7.4f}  {}\n", columns[j].name,
               columns[j].categorical ? "categorical" : "numeric", binnings[j].num_bins(), iv[j],
               kept ? "selected" : weak ? "dropped: weak" : "dropped: correlated");
  }

  // 2. The binning tables of the selected characteristics.
  fmt::print("\nBinning tables (WoE = ln(%good / %bad); intervals [a, b)):\n");
  for (std::size_t j : selected) fmt::print("\n{}", paystrike::format_binning_table(binnings[j]));

  // 3. The scorecard on the selected characteristics. A negative WoE coefficient (case C08)
  // means the characteristic's points run against its own evidence, usually through
  // collinearity: such characteristics are dropped and the card refitted.
  std::vector<std::string> names;
  std::vector<double> x;  // column-major, one column per selected characteristic
  std::int64_t rows = static_cast<std::int64_t>(good.size()), inputs = 0;
  paystrike::Scorecard card;
  for (;;) {
    names.clear();
    x.clear();
    std::vector<paystrike::CharacteristicSpec> specs;
    paystrike::ScorecardOptions options;
    for (std::size_t k = 0; k < selected.size(); ++k) {
      const Column& column = columns[selected[k]];
      names.push_back(column.name);
      x.insert(x.end(), column.values.begin(), column.values.end());
      paystrike::CharacteristicSpec spec;
      spec.input = static_cast<std::int64_t>(k);
      spec.kind = column.categorical ? paystrike::BinningKind::categorical : paystrike::BinningKind::numeric;
      spec.options = binning_options;
      spec.level_labels = column.levels;
      specs.push_back(spec);
      options.reason_codes.push_back(fmt::format("R{:02}", selected[k] + 1));  // the CSV column number
    }
    if (!o.reason_code_file.empty()) {  // the user's table: characteristic,code
      const paystrike::CsvTable codes = paystrike::read_csv(o.reason_code_file);
      for (const auto& code_row : codes.rows) {
        const auto it = std::find(names.begin(), names.end(), code_row.at(0));
        if (it != names.end()) options.reason_codes[static_cast<std::size_t>(it - names.begin())] = code_row.at(1);
      }
    }
    options.scaling.base_points = o.base_points;
    options.scaling.base_odds = o.base_odds;
    options.scaling.pdo = o.pdo;
    options.round_points = o.round_points;
    inputs = static_cast<std::int64_t>(names.size());
    card = paystrike::build_scorecard(names, paystrike::make_matrix_view(x.data(), rows, inputs, 1, rows),
                                      good, Eigen::VectorXd(), specs, options);
    std::vector<std::size_t> keep;
    for (std::size_t k = 0; k < selected.size(); ++k) {
      if (card.model.coefficients[k] >= 0.0) keep.push_back(selected[k]);
      else fmt::print("Dropped {}: negative WoE coefficient {:.4f} in the fit; refitting\n", names[k], card.model.coefficients[k]);
    }
    if (keep.size() == selected.size()) break;
    selected = keep;
  }
  const auto view = paystrike::make_matrix_view(x.data(), rows, inputs, 1, rows);
  const paystrike::ScoreModel& model = card.model;
  const paystrike::LogisticFit& fit = card.fit;

  fmt::print("\nLogistic model of P(good) on the WoE: converged in {} iterations, log-likelihood {:.4f}, "
             "AIC {:.2f}\n", fit.iterations, fit.log_likelihood, fit.aic);
  fmt::print("  {:<26} {:>10} {:>10} {:>8} {:>10}\n", "term", "estimate", "std.err", "z", "Pr(>|z|)");
  const Eigen::VectorXd z = fit.z_values(), p = fit.p_values();
  for (Eigen::Index k = 0; k < fit.coefficients.size(); ++k)
    fmt::print("  {:<26} {:>10.5f} {:>10.5f} {:>8.2f} {:>10.3g}\n",
               k == 0 ? std::string("(Intercept)") : model.terms[static_cast<std::size_t>(k - 1)].name,
               fit.coefficients[k], fit.standard_errors[k], z[k], p[k]);

  // 4. The points table.
  const double base = model.scaling.offset() + model.scaling.factor() * model.intercept;
  fmt::print("\nPoints ({} points at good:bad {}:1, PDO {}{}); base points {}\n", o.base_points,
             o.base_odds, o.pdo, o.round_points ? ", rounded" : "",
             o.round_points ? fmt::format("{:.0f}", std::round(base)) : fmt::format("{:.2f}", base));
  for (const paystrike::CharacteristicPoints& c : paystrike::points_table(model)) {
    fmt::print("  {} (reason code {}):\n", c.name, paystrike::reason_code_of(model, c.input));
    for (std::size_t b = 0; b < c.points.size(); ++b)
      fmt::print("    {:<40} {:>8}\n", c.labels[b],
                 o.round_points ? fmt::format("{:.0f}", c.points[b]) : fmt::format("{:.2f}", c.points[b]));
  }

  // 5. A few applicants: score, points and reason codes against each characteristic's best.
  std::vector<double> scores(static_cast<std::size_t>(rows)), prob(scores.size());
  paystrike::score_rows(model, view, scores.data(), prob.data());
  fmt::print("\nReason codes (largest shortfalls against each characteristic's maximum points):\n");
  std::vector<double> row(static_cast<std::size_t>(inputs));
  for (std::int64_t i = 0; i < std::min<std::int64_t>(o.applicants, rows); ++i) {
    for (std::int64_t j = 0; j < inputs; ++j) row[static_cast<std::size_t>(j)] = view(i, j);
    std::int64_t reason[4];
    double lost[4];
    const std::int64_t k = paystrike::reason_codes_for_row(model, row.data(), 1, 4, reason, lost);
    fmt::print("  applicant {} ({}): score {:.0f}, P(good) {:.3f}:", i + 1, good[i] == 1.0 ? "good" : "bad",
               scores[static_cast<std::size_t>(i)], prob[static_cast<std::size_t>(i)]);
    for (std::int64_t r = 0; r < k; ++r)
      fmt::print(" {} {} (-{:.0f})", paystrike::reason_code_of(model, reason[r]),
                 names[static_cast<std::size_t>(reason[r])], lost[r]);
    fmt::print("\n");
  }

  // 6. The model file, reloaded through the C ABI: every score must come back identical.
  paystrike::save_model_file(model, o.out);
  paystrike_model* handle = nullptr;
  if (paystrike_model_load_file(o.out.c_str(), &handle) != PAYSTRIKE_OK)
    throw paystrike::Error(paystrike::Status::internal, std::string("reload failed: ") + paystrike_last_error());
  std::vector<double> reloaded(scores.size());
  const int status = paystrike_score_batch(handle, x.data(), rows, inputs, 1, rows, reloaded.data(), nullptr);
  paystrike_model_free(handle);
  if (status != PAYSTRIKE_OK)
    throw paystrike::Error(static_cast<paystrike::Status>(status), paystrike_last_error());
  std::int64_t differing = 0;
  for (std::size_t i = 0; i < scores.size(); ++i) differing += scores[i] == reloaded[i] ? 0 : 1;
  fmt::print("\nSaved {} ({} characteristics); reloaded through the C ABI: {}\n", o.out, inputs,
             differing == 0 ? "every score is identical" : fmt::format("{} scores DIFFER", differing));
  return differing == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"Build a points scorecard (WoE binning, logistic fit, scaling, reason codes) from a CSV"};
  app.add_option("--data", o.data, "CSV with one row per applicant")->capture_default_str();
  app.add_option("--target", o.target, "column holding the outcome")->capture_default_str();
  app.add_option("--good", o.good_value, "value of the target that means a good payer")->capture_default_str();
  app.add_option("--out", o.out, "model file to write")->capture_default_str();
  app.add_option("--reason-codes", o.reason_code_file, "CSV characteristic,code (default R<column number>)");
  app.add_option("--max-bins", o.max_bins, "most bins per characteristic")->capture_default_str()->check(CLI::Range(1, 100));
  app.add_option("--min-share", o.min_share, "least share of rows per bin")->capture_default_str()->check(CLI::Range(0.0, 0.5));
  app.add_option("--min-iv", o.min_iv, "least information value to keep a characteristic")->capture_default_str();
  app.add_option("--max-correlation", o.max_correlation, "most |correlation| between kept WoE columns")
      ->capture_default_str()->check(CLI::Range(0.0, 1.0));
  app.add_option("--round", o.round_points, "integer points (true/false)")->capture_default_str();
  app.add_option("--applicants", o.applicants, "applicants whose reason codes are shown")->capture_default_str()->check(CLI::Range(0, 1000));
  app.add_option("--base-points", o.base_points, "score at the base odds")->capture_default_str();
  app.add_option("--base-odds", o.base_odds, "good:bad odds at the base points: 50 means 50 good payers per bad one (a bad:good "
                 "ratio of 1:19 is given as 19)")->capture_default_str();
  app.add_option("--pdo", o.pdo, "points to double the odds")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  try {
    return run(o);
  } catch (const paystrike::Error& e) {
    fmt::print(stderr, "build_scorecard: {} ({})\n", e.what(), paystrike::status_name(e.status()));
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "build_scorecard: {}\n", e.what());
    return 2;
  }
}
