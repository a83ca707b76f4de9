/// @file features.hpp
/// @brief Model terms: how a raw input column becomes a column of the logistic design.
///
/// A model is fitted and applied on the same terms, so a value is transformed by exactly one
/// piece of code at fit time and at scoring time.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "paystrike/binning.hpp"
#include "paystrike/data.hpp"
#include "paystrike/status.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

/// How a term transforms its input value. Values are stored in model files: never renumber.
enum class TermKind : int {
  linear = 0,        ///< x
  signed_log1p = 1,  ///< sign(x) * ln(1 + |x|): amounts with long tails, zero stays zero
  indicator = 2,     ///< 1 if x == level else 0: one level of a categorical code
  woe_bins = 3       ///< the WoE of x's bin in the model's Binning number `binning`
};

/// One column of the design: a transform of one input column.
struct Term {
  std::string name;        ///< e.g. "EDUCATION=2" or "log1p(BILL_AMT4)"
  std::int64_t input = 0;  ///< index of the input column it reads
  TermKind kind = TermKind::linear;  ///< how the input value is transformed
  double level = 0.0;      ///< the category of an indicator term
  std::int64_t binning = -1;  ///< woe_bins: index of its Binning in the model's binnings
};

/// The value of `term` for input value `x` (x must not be NaN unless the term is woe_bins and
/// its binning has a missing bin). `binnings` are the model's binnings, read by woe_bins terms
/// only; the term's binning index must be valid (ScoreModel::validate checks it).
inline double term_value(const Term& term, double x,
                         const std::vector<Binning>& binnings = {}) noexcept {
  switch (term.kind) {
    case TermKind::linear: return x;
    case TermKind::signed_log1p: return std::copysign(std::log1p(std::abs(x)), x);
    case TermKind::indicator: return x == term.level ? 1.0 : 0.0;
    case TermKind::woe_bins:
      return term.binning >= 0 && static_cast<std::size_t>(term.binning) < binnings.size()
                 ? binnings[static_cast<std::size_t>(term.binning)].woe_of(x)
                 : 0.0;
  }
  return x;
}

/// Builds the n x terms design matrix of `terms` over `inputs`; woe_bins terms read `binnings`.
/// Throws Error(dimension_mismatch) for a term reading a column that `inputs` lacks or a
/// binning that `binnings` lacks, Error(missing_value) naming the row and input for a NaN that
/// has no missing bin, and Error(invalid_argument) for a value without a bin (an unseen level).
inline Eigen::MatrixXd build_design(const std::vector<Term>& terms, const MatrixView& inputs,
                                    const std::vector<std::string>& input_names = {},
                                    const std::vector<Binning>& binnings = {}) {
  Eigen::MatrixXd design(inputs.rows(), static_cast<Eigen::Index>(terms.size()));
  for (std::size_t t = 0; t < terms.size(); ++t) {
    const Term& term = terms[t];
    if (term.input < 0 || term.input >= inputs.cols())
      throw Error(Status::dimension_mismatch, "term '" + term.name + "' reads input column " +
                                                  std::to_string(term.input) + " but there are " +
                                                  std::to_string(inputs.cols()));
    const Binning* binning = nullptr;
    if (term.kind == TermKind::woe_bins) {
      if (term.binning < 0 || static_cast<std::size_t>(term.binning) >= binnings.size())
        throw Error(Status::dimension_mismatch, "term '" + term.name + "' reads binning " +
                                                    std::to_string(term.binning) + " but there are " +
                                                    std::to_string(binnings.size()));
      binning = &binnings[static_cast<std::size_t>(term.binning)];
    }
    const std::string column = static_cast<std::size_t>(term.input) < input_names.size()
                                   ? input_names[static_cast<std::size_t>(term.input)]
                                   : std::to_string(term.input);
    for (Eigen::Index i = 0; i < inputs.rows(); ++i) {
      const double x = inputs(i, term.input);
      if (binning != nullptr) {
        if (binning->bin_of(x) < 0)
          throw Error(std::isnan(x) ? Status::missing_value : Status::invalid_argument,
                      std::string(std::isnan(x) ? "missing value" : "a value without a bin") +
                          " at row " + std::to_string(i) + ", column " + column);
      } else if (std::isnan(x)) {
        throw Error(Status::missing_value,
                    "missing value at row " + std::to_string(i) + ", column " + column);
      }
      design(i, static_cast<Eigen::Index>(t)) = term_value(term, x, binnings);
    }
  }
  return design;
}

PAYSTRIKE_NAMESPACE_END
