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

#include "paystrike/data.hpp"
#include "paystrike/status.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

/// How a term transforms its input value. Values are stored in model files: never renumber.
enum class TermKind : int {
  linear = 0,        ///< x
  signed_log1p = 1,  ///< sign(x) * ln(1 + |x|): amounts with long tails, zero stays zero
  indicator = 2      ///< 1 if x == level else 0: one level of a categorical code
};

/// One column of the design: a transform of one input column.
struct Term {
  std::string name;        ///< e.g. "EDUCATION=2" or "log1p(BILL_AMT4)"
  std::int64_t input = 0;  ///< index of the input column it reads
  TermKind kind = TermKind::linear;  ///< how the input value is transformed
  double level = 0.0;      ///< the category of an indicator term
};

/// The value of `term` for input value `x` (x must not be NaN).
inline double term_value(const Term& term, double x) noexcept {
  switch (term.kind) {
    case TermKind::linear: return x;
    case TermKind::signed_log1p: return std::copysign(std::log1p(std::abs(x)), x);
    case TermKind::indicator: return x == term.level ? 1.0 : 0.0;
  }
  return x;
}

/// Builds the n x terms design matrix of `terms` over `inputs`.
/// Throws Error(dimension_mismatch) for a term reading a column that `inputs` lacks and
/// Error(missing_value) naming the row and input for a NaN.
inline Eigen::MatrixXd build_design(const std::vector<Term>& terms, const MatrixView& inputs,
                                    const std::vector<std::string>& input_names = {}) {
  Eigen::MatrixXd design(inputs.rows(), static_cast<Eigen::Index>(terms.size()));
  for (std::size_t t = 0; t < terms.size(); ++t) {
    const Term& term = terms[t];
    if (term.input < 0 || term.input >= inputs.cols())
      throw Error(Status::dimension_mismatch, "term '" + term.name + "' reads input column " +
                                                  std::to_string(term.input) + " but there are " +
                                                  std::to_string(inputs.cols()));
    for (Eigen::Index i = 0; i < inputs.rows(); ++i) {
      const double x = inputs(i, term.input);
      if (std::isnan(x)) {
        const std::string column = static_cast<std::size_t>(term.input) < input_names.size()
                                       ? input_names[static_cast<std::size_t>(term.input)]
                                       : std::to_string(term.input);
        throw Error(Status::missing_value,
                    "missing value at row " + std::to_string(i) + ", column " + column);
      }
      design(i, static_cast<Eigen::Index>(t)) = term_value(term, x);
    }
  }
  return design;
}

PAYSTRIKE_NAMESPACE_END
