/// @file score_model.hpp
/// @brief A fitted, scaled credit score: terms over named inputs, logistic coefficients and the
/// points scaling. Scoring is a pure function of (model, row): no allocation, no shared state.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "paystrike/data.hpp"
#include "paystrike/features.hpp"
#include "paystrike/logistic.hpp"
#include "paystrike/scaling.hpp"
#include "paystrike/status.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

/// A credit score ready to apply. Plain data so it can be saved (lib/ model files) and checked.
struct ScoreModel {
  std::vector<std::string> input_names;  ///< the columns a caller passes, in order
  std::vector<double> input_min;         ///< training minimum per input (for range checks)
  std::vector<double> input_max;         ///< training maximum per input
  std::vector<Term> terms;               ///< design columns, each reading one input
  double intercept = 0.0;                ///< log-odds of good at all-zero terms
  std::vector<double> coefficients;      ///< one per term, on log-odds of good
  ScoreScaling scaling;                  ///< how log-odds of good become points

  /// The number of input columns a caller passes.
  std::int64_t num_inputs() const noexcept { return static_cast<std::int64_t>(input_names.size()); }

  /// Throws Error(bad_format) naming the first inconsistency: sizes that disagree, a term
  /// reading a missing input, an unknown term kind, a non-finite coefficient or range, or an
  /// invalid scaling. A loaded model passes this before anyone scores with it.
  void validate() const {
    auto bad = [](const std::string& what) { throw Error(Status::bad_format, "model: " + what); };
    if (coefficients.size() != terms.size()) bad("coefficient count differs from term count");
    if (input_min.size() != input_names.size() || input_max.size() != input_names.size())
      bad("training range size differs from input count");
    if (!std::isfinite(intercept)) bad("intercept is not finite");
    for (std::size_t t = 0; t < terms.size(); ++t) {
      const Term& term = terms[t];
      if (term.input < 0 || term.input >= num_inputs())
        bad("term '" + term.name + "' reads input " + std::to_string(term.input) +
            " of " + std::to_string(num_inputs()));
      const int kind = static_cast<int>(term.kind);
      if (kind < 0 || kind > static_cast<int>(TermKind::indicator))
        bad("term '" + term.name + "' has unknown kind " + std::to_string(kind));
      if (!std::isfinite(coefficients[t]) || !std::isfinite(term.level))
        bad("term '" + term.name + "' has a non-finite coefficient or level");
    }
    for (std::size_t i = 0; i < input_min.size(); ++i)
      if (std::isnan(input_min[i]) || std::isnan(input_max[i]) || input_min[i] > input_max[i])
        bad("input '" + input_names[i] + "' has an invalid training range");
    try {
      scaling.validate();
    } catch (const Error& e) {
      bad(e.what());
    }
  }

  /// Log good:bad odds of one row. `row[j * stride]` is input j; every input must be finite.
  double log_odds_good(const double* row, std::int64_t stride = 1) const noexcept {
    double eta = intercept;
    for (std::size_t t = 0; t < terms.size(); ++t)
      eta += coefficients[t] * term_value(terms[t], row[terms[t].input * stride]);
    return eta;
  }

  /// Points contributed by each input (factor * sum of its terms' coefficient * value) and the
  /// base points (offset + factor * intercept); they add up to the score.
  void characteristic_points(const double* row, std::int64_t stride, double* points_per_input,
                             double* base_points) const noexcept {
    const double factor = scaling.factor();
    for (std::int64_t j = 0; j < num_inputs(); ++j) points_per_input[j] = 0.0;
    for (std::size_t t = 0; t < terms.size(); ++t)
      points_per_input[terms[t].input] +=
          factor * coefficients[t] * term_value(terms[t], row[terms[t].input * stride]);
    *base_points = scaling.offset() + factor * intercept;
  }

  /// True when some input lies outside the range seen in training: the score extrapolates.
  bool outside_training_range(const double* row, std::int64_t stride = 1) const noexcept {
    for (std::int64_t j = 0; j < num_inputs(); ++j) {
      const double x = row[j * stride];
      if (x < input_min[static_cast<std::size_t>(j)] || x > input_max[static_cast<std::size_t>(j)])
        return true;
    }
    return false;
  }
};

/// Checks that every input a term reads is finite in every row. Throws Error(missing_value)
/// for NaN or Error(invalid_argument) for an infinity, naming the row and the input.
inline void check_inputs(const ScoreModel& model, const MatrixView& x) {
  if (x.cols() != model.num_inputs())
    throw Error(Status::dimension_mismatch,
                "scoring: the model takes " + std::to_string(model.num_inputs()) +
                    " input columns but " + std::to_string(x.cols()) + " were given");
  std::vector<char> used(static_cast<std::size_t>(model.num_inputs()), 0);
  for (const Term& term : model.terms) used[static_cast<std::size_t>(term.input)] = 1;
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      if (!used[static_cast<std::size_t>(j)]) continue;
      const double v = x(i, j);
      if (std::isfinite(v)) continue;
      throw Error(std::isnan(v) ? Status::missing_value : Status::invalid_argument,
                  std::string(std::isnan(v) ? "missing value" : "infinite value") + " at row " +
                      std::to_string(i) + ", column " + std::to_string(j) + " (" +
                      model.input_names[static_cast<std::size_t>(j)] + ")");
    }
}

/// Scores every row of `x`: writes the score (points) and P(good) when the pointers are not
/// NULL. Inputs are checked first, so on an exception nothing has been written.
inline void score_rows(const ScoreModel& model, const MatrixView& x, double* scores,
                       double* probability_good) {
  check_inputs(model, x);
  // Input j of row i sits at data + i * row_stride + j * col_stride (see make_matrix_view).
  const std::int64_t row_stride = x.innerStride();
  const std::int64_t col_stride = x.outerStride();
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const double eta = model.log_odds_good(x.data() + i * row_stride, col_stride);
    if (scores) scores[i] = model.scaling.score(eta);
    if (probability_good) probability_good[i] = detail::sigmoid(eta);
  }
}

/// Builds a ScoreModel from a fit on build_design(terms, training_inputs). Throws
/// Error(invalid_argument) if the fit's status is not ok or its size does not match.
inline ScoreModel make_score_model(const std::vector<std::string>& input_names,
                                   const std::vector<Term>& terms, const LogisticFit& fit,
                                   const ScoreScaling& scaling, const MatrixView& training_inputs) {
  if (fit.status != Status::ok)
    throw Error(Status::invalid_argument,
                "make_score_model: the fit did not succeed: " + fit.message);
  if (fit.coefficients.size() != static_cast<Eigen::Index>(terms.size()) + 1)
    throw Error(Status::dimension_mismatch,
                "make_score_model: the fit needs an intercept and one coefficient per term");
  if (training_inputs.cols() != static_cast<Eigen::Index>(input_names.size()))
    throw Error(Status::dimension_mismatch, "make_score_model: training inputs and names differ");
  ScoreModel model;
  model.input_names = input_names;
  model.terms = terms;
  model.intercept = fit.coefficients[0];
  model.coefficients.assign(fit.coefficients.data() + 1,
                            fit.coefficients.data() + fit.coefficients.size());
  model.scaling = scaling;
  model.input_min.assign(input_names.size(), 0.0);
  model.input_max.assign(input_names.size(), 0.0);
  for (Eigen::Index j = 0; j < training_inputs.cols(); ++j) {
    model.input_min[static_cast<std::size_t>(j)] = training_inputs.col(j).minCoeff();
    model.input_max[static_cast<std::size_t>(j)] = training_inputs.col(j).maxCoeff();
  }
  model.validate();
  return model;
}

PAYSTRIKE_NAMESPACE_END
