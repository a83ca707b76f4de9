/// @file scorecard.hpp
/// @brief A points scorecard on binned characteristics: building one (binning, WoE, logistic
/// fit, scaling) into a ScoreModel, the points table per bin, integer rounding, and reason codes
/// (the characteristics that cost an applicant the most points against a baseline).
///
/// Points of a binned characteristic in bin b: factor * coefficient * WoE_b; base points:
/// offset + factor * intercept (scaling.hpp). Their sum is the score computed from the
/// probability, scaling.score(ln(P(good) / P(bad))), up to rounding error (case C08).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "paystrike/binning.hpp"
#include "paystrike/data.hpp"
#include "paystrike/features.hpp"
#include "paystrike/logistic.hpp"
#include "paystrike/scaling.hpp"
#include "paystrike/score_model.hpp"
#include "paystrike/status.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

/// How one input becomes a characteristic of the scorecard.
struct CharacteristicSpec {
  std::int64_t input = 0;                       ///< the input column
  BinningKind kind = BinningKind::numeric;      ///< numeric or categorical binning
  BinningOptions options;                       ///< binning options
  bool use_cut_points = false;                  ///< numeric: take `cut_points` as given, no fit
  std::vector<double> cut_points;               ///< the caller's cut points (use_cut_points)
  std::vector<std::string> level_labels;        ///< categorical: names of the sorted levels
};

/// The points a reason code is measured against.
enum class ReasonBaseline : int {
  max_points = 0,        ///< each characteristic's best possible points
  mean_all = 1,          ///< the mean points of all applicants given
  mean_near_cutoff = 2   ///< the mean points of the applicants whose score is near the cutoff
};

/// Options of build_scorecard.
struct ScorecardOptions {
  ScoreScaling scaling;             ///< points scaling
  LogisticOptions logistic;         ///< fit options (L2 penalty, iterations)
  bool round_points = false;        ///< integer points per part; the total is their sum
  ReasonBaseline baseline = ReasonBaseline::max_points;  ///< reason-code baseline
  double baseline_cutoff = 0.0;     ///< mean_near_cutoff: the cutoff score
  double baseline_band = 20.0;      ///< mean_near_cutoff: |score - cutoff| <= band counts as near
  std::vector<std::string> reason_codes;  ///< per input (or empty): the reason code of each
};

/// A built scorecard: the model to save and score with, and its fit for the coefficient table.
struct Scorecard {
  ScoreModel model;                   ///< binnings, WoE terms, coefficients, scaling, reasons
  LogisticFit fit;                    ///< estimates, standard errors, p-values, log-likelihood
  std::vector<std::string> warnings;  ///< e.g. a negative WoE coefficient (reversed points)
};

/// Points per bin of one characteristic.
struct CharacteristicPoints {
  std::int64_t input = 0;            ///< the input column
  std::string name;                  ///< the characteristic
  double coefficient = 0.0;          ///< its WoE coefficient
  std::vector<std::string> labels;   ///< bin labels
  std::vector<double> woe;           ///< bin WoE
  std::vector<double> points;        ///< bin points (rounded if the model rounds)
};

/// The points table of `model`: one entry per woe_bins term, in term order. Base points are
/// model.scaling.offset() + factor * model.intercept (rounded if the model rounds).
inline std::vector<CharacteristicPoints> points_table(const ScoreModel& model) {
  std::vector<CharacteristicPoints> table;
  const double factor = model.scaling.factor();
  for (std::size_t t = 0; t < model.terms.size(); ++t) {
    const Term& term = model.terms[t];
    if (term.kind != TermKind::woe_bins) continue;
    const Binning& binning = model.binnings[static_cast<std::size_t>(term.binning)];
    CharacteristicPoints c;
    c.input = term.input;
    c.name = model.input_names[static_cast<std::size_t>(term.input)];
    c.coefficient = model.coefficients[t];
    for (std::int64_t b = 0; b < binning.num_bins(); ++b) {
      const double w = binning.woe[static_cast<std::size_t>(b)];
      const double p = factor * model.coefficients[t] * w;
      c.labels.push_back(binning.bin_label(b));
      c.woe.push_back(w);
      c.points.push_back(model.round_points ? std::round(p) + 0.0 : p);  // + 0.0: never "-0"
    }
    table.push_back(std::move(c));
  }
  return table;
}

namespace detail {

// Points of input j at value x (the sum over its terms), unrounded.
inline double input_points(const ScoreModel& model, std::int64_t j, double x) noexcept {
  double points = 0.0;
  for (std::size_t t = 0; t < model.terms.size(); ++t)
    if (model.terms[t].input == j)
      points += model.coefficients[t] * term_value(model.terms[t], x, model.binnings);
  return model.scaling.factor() * points;
}

inline bool input_used(const ScoreModel& model, std::int64_t j) noexcept {
  for (const Term& term : model.terms)
    if (term.input == j) return true;
  return false;
}

// The best points input j can get: over its bins (binned), else over the training range's ends
// and every indicator level. No allocation.
inline double max_points(const ScoreModel& model, std::int64_t j) noexcept {
  double best = -std::numeric_limits<double>::infinity();
  auto consider = [&](double x) {
    const double p = detail::input_points(model, j, x);
    if (model.round_points ? std::round(p) > best : p > best) best = model.round_points ? std::round(p) : p;
  };
  for (const Term& term : model.terms) {
    if (term.input != j) continue;
    if (term.kind == TermKind::woe_bins) {
      const Binning& binning = model.binnings[static_cast<std::size_t>(term.binning)];
      // A representative value per bin: a cut point, a level, a special value, NaN.
      if (binning.kind == BinningKind::numeric) {
        consider(std::numeric_limits<double>::lowest());  // the first interval
        for (double c : binning.cut_points) consider(c);
      } else {
        for (double level : binning.levels) consider(level);
      }
      for (double s : binning.special_values) consider(s);
      if (binning.missing_bin) consider(std::numeric_limits<double>::quiet_NaN());
    } else if (term.kind == TermKind::indicator) {
      consider(term.level);
    }
  }
  consider(model.input_min[static_cast<std::size_t>(j)]);
  consider(model.input_max[static_cast<std::size_t>(j)]);
  return best;
}

}  // namespace detail

/// Baseline points per input for reason codes (0 for an input no term reads).
/// - max_points: each characteristic's maximum points (no data needed; `x` may have 0 rows);
/// - mean_all: the mean of each characteristic's points over the rows of `x`;
/// - mean_near_cutoff: the same over rows whose score is within `band` points of `cutoff`.
/// Points are rounded when the model rounds. Throws the errors of check_inputs, and
/// Error(undefined) when no row is averaged (empty `x`, or none near the cutoff), and
/// Error(invalid_argument) for a negative or non-finite band or non-finite cutoff.
inline std::vector<double> compute_reason_baseline(const ScoreModel& model, ReasonBaseline kind,
                                                   const MatrixView& x, double cutoff = 0.0,
                                                   double band = 20.0) {
  const auto inputs = static_cast<std::size_t>(model.num_inputs());
  std::vector<double> baseline(inputs, 0.0);
  if (kind == ReasonBaseline::max_points) {
    for (std::size_t j = 0; j < inputs; ++j)
      if (detail::input_used(model, static_cast<std::int64_t>(j)))
        baseline[j] = detail::max_points(model, static_cast<std::int64_t>(j));
    return baseline;
  }
  if (kind != ReasonBaseline::mean_all && kind != ReasonBaseline::mean_near_cutoff)
    throw Error(Status::invalid_argument, "reason baseline: unknown kind");
  if (kind == ReasonBaseline::mean_near_cutoff && (!(band >= 0.0) || !std::isfinite(band) || !std::isfinite(cutoff)))
    throw Error(Status::invalid_argument, "reason baseline: band must be finite and >= 0, cutoff finite");
  check_inputs(model, x);
  std::vector<double> points(inputs);
  double base = 0.0;
  std::int64_t used = 0;
  const std::int64_t row_stride = x.innerStride(), col_stride = x.outerStride();
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const double* row = x.data() + i * row_stride;
    if (kind == ReasonBaseline::mean_near_cutoff && !(std::abs(model.score(row, col_stride) - cutoff) <= band))
      continue;
    model.characteristic_points(row, col_stride, points.data(), &base);
    for (std::size_t j = 0; j < inputs; ++j) baseline[j] += points[j];
    ++used;
  }
  if (used == 0)
    throw Error(Status::undefined, kind == ReasonBaseline::mean_all
                                       ? "reason baseline: no rows to average"
                                       : "reason baseline: no row scores within the band of the cutoff");
  for (double& b : baseline) b /= static_cast<double>(used);
  return baseline;
}

/// The reason codes of one row: up to `max_reasons` inputs whose points fall furthest below
/// their baseline (model.reason_baseline, or each characteristic's maximum when the model has
/// none), largest shortfall first, ties in input order; only shortfalls > 0 count. Writes the
/// input indices to out_inputs[0..k) and the shortfalls (points) to out_shortfalls (may be
/// NULL), pads both up to max_reasons with -1 and 0, and returns k. The code of input j is
/// model.reason_codes[j] (reason_code_of). Row layout as ScoreModel::log_odds_good; the row
/// must pass ScoreModel::check_row. No allocation.
inline std::int64_t reason_codes_for_row(const ScoreModel& model, const double* row,
                                         std::int64_t stride, std::int64_t max_reasons,
                                         std::int64_t* out_inputs, double* out_shortfalls) noexcept {
  std::int64_t found = 0;
  for (; found < max_reasons; ++found) {
    std::int64_t best = -1;
    double best_shortfall = 0.0;
    for (std::int64_t j = 0; j < model.num_inputs(); ++j) {
      if (!detail::input_used(model, j)) continue;
      bool taken = false;
      for (std::int64_t k = 0; k < found; ++k) taken = taken || out_inputs[k] == j;
      if (taken) continue;
      double points = detail::input_points(model, j, row[j * stride]);
      if (model.round_points) points = std::round(points);
      const double baseline = model.reason_baseline.empty()
                                  ? detail::max_points(model, j)
                                  : model.reason_baseline[static_cast<std::size_t>(j)];
      const double shortfall = baseline - points;
      if (shortfall > best_shortfall) best = j, best_shortfall = shortfall;
    }
    if (best < 0) break;
    out_inputs[found] = best;
    if (out_shortfalls) out_shortfalls[found] = best_shortfall;
  }
  for (std::int64_t k = found; k < max_reasons; ++k) {
    out_inputs[k] = -1;
    if (out_shortfalls) out_shortfalls[k] = 0.0;
  }
  return found;
}

/// The reason code of input `input`: its entry in model.reason_codes, or the input's name when
/// the table is empty or the entry is "". Throws Error(invalid_argument) for an index out of range.
inline const std::string& reason_code_of(const ScoreModel& model, std::int64_t input) {
  if (input < 0 || input >= model.num_inputs())
    throw Error(Status::invalid_argument, "reason code: input " + std::to_string(input) +
                                              " is outside [0, " + std::to_string(model.num_inputs()) + ")");
  const auto j = static_cast<std::size_t>(input);
  if (j < model.reason_codes.size() && !model.reason_codes[j].empty()) return model.reason_codes[j];
  return model.input_names[j];
}

/// Builds a scorecard: bins every characteristic of `specs` on the training rows (`good` 1 or 0,
/// `weights` empty or one per row), fits the logistic model on their WoE (one woe_bins term
/// each, in spec order), scales it, and stores the reason-code table and baseline.
/// Throws Error(invalid_argument) for a spec naming an input twice or out of range, a
/// reason-code table of the wrong size; the binning errors; and the fit's status with its
/// message when the fit fails (singular, separation, not_converged, ...).
inline Scorecard build_scorecard(const std::vector<std::string>& input_names, const MatrixView& x,
                                 const Eigen::VectorXd& good, const Eigen::VectorXd& weights,
                                 const std::vector<CharacteristicSpec>& specs,
                                 const ScorecardOptions& options = ScorecardOptions()) {
  if (x.cols() != static_cast<Eigen::Index>(input_names.size()))
    throw Error(Status::dimension_mismatch, "build_scorecard: " + std::to_string(x.cols()) +
                                                " input columns but " +
                                                std::to_string(input_names.size()) + " names");
  if (good.size() != x.rows())
    throw Error(Status::dimension_mismatch, "build_scorecard: good has " + std::to_string(good.size()) +
                                                " rows but x has " + std::to_string(x.rows()));
  if (!options.reason_codes.empty() && options.reason_codes.size() != input_names.size())
    throw Error(Status::invalid_argument, "build_scorecard: reason_codes must be empty or one per input");
  if (specs.empty()) throw Error(Status::invalid_argument, "build_scorecard: no characteristics");
  options.scaling.validate();
  std::vector<Binning> binnings;
  std::vector<Term> terms;
  std::vector<char> seen(input_names.size(), 0);
  for (std::size_t s = 0; s < specs.size(); ++s) {
    const CharacteristicSpec& spec = specs[s];
    if (spec.input < 0 || spec.input >= x.cols())
      throw Error(Status::invalid_argument, "build_scorecard: spec " + std::to_string(s) +
                                                " reads input " + std::to_string(spec.input) +
                                                " of " + std::to_string(x.cols()));
    if (seen[static_cast<std::size_t>(spec.input)]++)
      throw Error(Status::invalid_argument, "build_scorecard: input '" +
                                                input_names[static_cast<std::size_t>(spec.input)] +
                                                "' has two specs");
    const std::string& name = input_names[static_cast<std::size_t>(spec.input)];
    const Eigen::VectorXd column = x.col(spec.input);
    if (spec.kind == BinningKind::categorical)
      binnings.push_back(fit_categorical_binning(name, column, good, weights, spec.options, spec.level_labels));
    else if (spec.use_cut_points)
      binnings.push_back(make_numeric_binning(name, column, good, weights, spec.cut_points, spec.options));
    else
      binnings.push_back(fit_numeric_binning(name, column, good, weights, spec.options));
    Term term;
    term.name = "woe(" + name + ")";
    term.input = spec.input;
    term.kind = TermKind::woe_bins;
    term.binning = static_cast<std::int64_t>(s);
    terms.push_back(term);
  }
  Scorecard card;
  const Eigen::MatrixXd design = build_design(terms, x, input_names, binnings);
  LogisticOptions logistic = options.logistic;
  if (logistic.column_names.empty())  // messages name the characteristic, not an index
    for (const Term& t : terms) logistic.column_names.push_back(t.name);
  card.fit = fit_logistic(design, good, weights, logistic);
  if (card.fit.status != Status::ok) throw Error(card.fit.status, card.fit.message);
  card.model = make_score_model(input_names, terms, card.fit, options.scaling, x, binnings);
  card.model.round_points = options.round_points;
  card.model.reason_codes = options.reason_codes;
  card.model.reason_baseline = compute_reason_baseline(card.model, options.baseline, x,
                                                       options.baseline_cutoff, options.baseline_band);
  for (std::size_t t = 0; t < terms.size(); ++t)
    if (card.model.coefficients[t] < 0.0)
      card.warnings.push_back("characteristic '" + input_names[static_cast<std::size_t>(terms[t].input)] +
                              "' has a negative WoE coefficient (" +
                              exact_number_text(card.model.coefficients[t]) +
                              "): its points run against its WoE; check collinearity or drop it");
  card.model.validate();
  return card;
}

PAYSTRIKE_NAMESPACE_END
