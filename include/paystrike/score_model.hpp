/// @file score_model.hpp
/// @brief A fitted, scaled credit score: terms over named inputs, logistic coefficients and the
/// points scaling. Scoring is a pure function of (model, row): no allocation, no shared state.
#pragma once

#include <cmath>
#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "paystrike/binning.hpp"
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
  std::vector<Binning> binnings;         ///< binnings read by woe_bins terms (Term::binning)
  std::vector<std::string> reason_codes; ///< per input: its reason code ("" none), or empty
  /// Per input: the baseline points reason codes are measured against (scorecard.hpp), or
  /// empty for the default (each characteristic's maximum points).
  std::vector<double> reason_baseline;
  /// When true, score() is the sum of the rounded base points and rounded characteristic
  /// points (integers), so a printed points table adds up exactly; P(good) stays unrounded.
  bool round_points = false;

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
      if (kind < 0 || kind > static_cast<int>(TermKind::woe_bins))
        bad("term '" + term.name + "' has unknown kind " + std::to_string(kind));
      if (term.kind == TermKind::woe_bins &&
          (term.binning < 0 || static_cast<std::size_t>(term.binning) >= binnings.size()))
        bad("term '" + term.name + "' reads binning " + std::to_string(term.binning) + " of " +
            std::to_string(binnings.size()));
      if (!std::isfinite(coefficients[t]) || !std::isfinite(term.level))
        bad("term '" + term.name + "' has a non-finite coefficient or level");
    }
    for (std::size_t i = 0; i < input_min.size(); ++i)
      if (std::isnan(input_min[i]) || std::isnan(input_max[i]) || input_min[i] > input_max[i])
        bad("input '" + input_names[i] + "' has an invalid training range");
    if (!reason_codes.empty() && reason_codes.size() != input_names.size())
      bad("reason code table size differs from input count");
    if (!reason_baseline.empty() && reason_baseline.size() != input_names.size())
      bad("reason baseline size differs from input count");
    for (double v : reason_baseline)
      if (!std::isfinite(v)) bad("reason baseline is not finite");
    try {
      scaling.validate();
      for (const Binning& binning : binnings) binning.validate();
    } catch (const Error& e) {
      bad(e.what());
    }
  }

  /// Throws Error(missing_value) for a NaN that a term cannot take (no missing bin) and
  /// Error(invalid_argument) for an infinity in a non-binned input or a value without a bin
  /// (an unseen level), naming `row_index`, the column and its name. Row layout as
  /// log_odds_good. A row that passes scores without reading an undefined value.
  void check_row(const double* row, std::int64_t stride, std::int64_t row_index) const {
    for (const Term& term : terms) {
      const double v = row[term.input * stride];
      bool ok = std::isfinite(v);
      if (term.kind == TermKind::woe_bins)
        ok = binnings[static_cast<std::size_t>(term.binning)].bin_of(v) >= 0;
      if (ok) continue;
      const std::string what = std::isnan(v) ? "missing value"
                               : std::isinf(v) && term.kind != TermKind::woe_bins
                                   ? "infinite value"
                                   : "a value without a bin (a level unseen in training)";
      throw Error(std::isnan(v) ? Status::missing_value : Status::invalid_argument,
                  what + " at row " + std::to_string(row_index) + ", column " +
                      std::to_string(term.input) + " (" +
                      input_names[static_cast<std::size_t>(term.input)] + ")");
    }
  }

  /// The score of one row in points: scaling.score(log_odds_good) or, with round_points, the
  /// sum of the rounded parts (see characteristic_points). No allocation.
  double score(const double* row, std::int64_t stride = 1) const noexcept {
    if (!round_points) return scaling.score(log_odds_good(row, stride));
    const double factor = scaling.factor();
    double total = std::round(scaling.offset() + factor * intercept);
    for (std::int64_t j = 0; j < num_inputs(); ++j) {
      double points = 0.0;
      bool used = false;
      for (std::size_t t = 0; t < terms.size(); ++t)
        if (terms[t].input == j) {
          points += factor * coefficients[t] * term_value(terms[t], row[j * stride], binnings);
          used = true;
        }
      if (used) total += std::round(points);
    }
    return total;
  }

  /// Log good:bad odds of one row. `row[j * stride]` is input j; every input must be finite.
  double log_odds_good(const double* row, std::int64_t stride = 1) const noexcept {
    double eta = intercept;
    for (std::size_t t = 0; t < terms.size(); ++t)
      eta += coefficients[t] * term_value(terms[t], row[terms[t].input * stride], binnings);
    return eta;
  }

  /// Points contributed by each input (factor * sum of its terms' coefficient * value) and the
  /// base points (offset + factor * intercept); they add up to the score (with round_points,
  /// each part is rounded and they add up to the rounded score).
  void characteristic_points(const double* row, std::int64_t stride, double* points_per_input,
                             double* base_points) const noexcept {
    const double factor = scaling.factor();
    for (std::int64_t j = 0; j < num_inputs(); ++j) points_per_input[j] = 0.0;
    for (std::size_t t = 0; t < terms.size(); ++t)
      points_per_input[terms[t].input] +=
          factor * coefficients[t] * term_value(terms[t], row[terms[t].input * stride], binnings);
    *base_points = scaling.offset() + factor * intercept;
    if (round_points) {
      for (std::int64_t j = 0; j < num_inputs(); ++j) points_per_input[j] = std::round(points_per_input[j]);
      *base_points = std::round(*base_points);
    }
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

/// Checks every row with ScoreModel::check_row: each input a term reads must be finite, except
/// that a binned (woe_bins) input may be NaN when its binning has a missing bin and infinite when
/// it is numeric. Throws Error(dimension_mismatch) for a wrong column count, Error(missing_value)
/// or Error(invalid_argument) naming the row and the input.
inline void check_inputs(const ScoreModel& model, const MatrixView& x) {
  if (x.cols() != model.num_inputs())
    throw Error(Status::dimension_mismatch,
                "scoring: the model takes " + std::to_string(model.num_inputs()) +
                    " input columns but " + std::to_string(x.cols()) + " were given");
  const std::int64_t row_stride = x.innerStride();
  const std::int64_t col_stride = x.outerStride();
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    model.check_row(x.data() + i * row_stride, col_stride, i);
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
    if (scores)
      scores[i] = model.round_points ? model.score(x.data() + i * row_stride, col_stride)
                                     : model.scaling.score(eta);
    if (probability_good) probability_good[i] = detail::sigmoid(eta);
  }
}

/// Builds a ScoreModel from a fit on build_design(terms, training_inputs, names, binnings). Throws
/// Error(invalid_argument) if the fit's status is not ok or its size does not match.
inline ScoreModel make_score_model(const std::vector<std::string>& input_names,
                                   const std::vector<Term>& terms, const LogisticFit& fit,
                                   const ScoreScaling& scaling, const MatrixView& training_inputs,
                                   const std::vector<Binning>& binnings = {}) {
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
  model.binnings = binnings;
  model.input_min.assign(input_names.size(), 0.0);
  model.input_max.assign(input_names.size(), 0.0);
  // The range of the finite values (a binned input may hold NaN; 0 if none is finite).
  for (Eigen::Index j = 0; j < training_inputs.cols(); ++j) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (Eigen::Index i = 0; i < training_inputs.rows(); ++i) {
      const double v = training_inputs(i, j);
      if (!std::isfinite(v)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    model.input_min[static_cast<std::size_t>(j)] = lo <= hi ? lo : 0.0;
    model.input_max[static_cast<std::size_t>(j)] = lo <= hi ? hi : 0.0;
  }
  model.validate();
  return model;
}

PAYSTRIKE_NAMESPACE_END
