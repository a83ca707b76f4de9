/// @file logistic.hpp
/// @brief Binary logistic regression by Newton/IRLS, with an optional L2 penalty, sample weights,
/// convergence, separation and singularity diagnostics, and standard errors.
///
/// The response is 1 for the event being modelled. paystrike's scores model P(good), so the
/// scoring code passes y = 1 for a good payer; nothing here assumes which class that is.
#pragma once

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <Eigen/QR>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "paystrike/status.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

/// Options of fit_logistic.
struct LogisticOptions {
  /// L2 penalty lambda: the fit minimises -loglik + lambda/2 * ||beta||^2 over the
  /// non-intercept coefficients (the intercept is never penalised). 0 = plain maximum likelihood.
  double l2_penalty = 0.0;
  /// Newton iterations before giving up with Status::not_converged.
  int max_iterations = 100;
  /// Converged when every Newton step |d_j| <= tolerance * max(1, |beta_j|). Newton converges
  /// quadratically, so a tight default costs one or two iterations and matches R glm to 1e-9.
  double tolerance = 1e-10;
  /// Add an intercept column (reported first).
  bool fit_intercept = true;
  /// Names of x's columns, used only in messages ("column j (name)"); empty = indices only.
  /// When given, one per column of x (else dimension_mismatch).
  std::vector<std::string> column_names;
};

/// The result of fit_logistic. `status` is ok, or says why the coefficients must not be used.
struct LogisticFit {
  Status status = Status::ok;       ///< ok, or why the coefficients must not be used
  std::string message;              ///< empty when ok; otherwise names the problem
  Eigen::VectorXd coefficients;     ///< intercept first (when fitted), then one per column
  Eigen::VectorXd standard_errors;  ///< sqrt(diag(inverse penalised Hessian)) at the optimum
  int iterations = 0;               ///< Newton iterations taken
  bool converged = false;           ///< the last full Newton step was within the tolerance
  double log_likelihood = 0.0;      ///< sum of w_i * log P(y_i), natural log
  double deviance = 0.0;            ///< -2 * log_likelihood (0/1 responses)
  double null_deviance = 0.0;       ///< deviance of the intercept-only model
  double aic = 0.0;                 ///< deviance + 2 * number of coefficients
  std::int64_t rows_at_probability_bound = 0;  ///< rows with fitted P within 1e-10 of 0 or 1
  /// z = coefficient / standard error.
  Eigen::VectorXd z_values() const { return coefficients.cwiseQuotient(standard_errors); }
  /// Two-sided Wald p-values, P(|Z| > |z|) = erfc(|z| / sqrt 2) for a standard normal Z (R
  /// glm's "Pr(>|z|)"); erfc keeps tiny p-values accurate instead of rounding 1 - Phi to 0.
  Eigen::VectorXd p_values() const {
    Eigen::VectorXd z = z_values();
    for (Eigen::Index j = 0; j < z.size(); ++j) z[j] = std::erfc(std::abs(z[j]) / std::sqrt(2.0));
    return z;
  }
};

namespace detail {

inline double log_sigmoid(double eta) noexcept {
  // log(1/(1+exp(-eta))) without overflow for large |eta|.
  return eta >= 0 ? -std::log1p(std::exp(-eta)) : eta - std::log1p(std::exp(eta));
}

// One formula for every eta (scipy.special.expit's): for eta -> -inf, exp(-eta) overflows to
// +inf and the result is exactly 0 under IEEE arithmetic, so no branch is needed. The former
// branch exp(eta) / (1 + exp(eta)) for eta < 0 was 1 ulp off the correctly rounded values of
// case C09 (eta = -1.75 gave 0.1480471980316895, not 0.14804719803168948).
inline double sigmoid(double eta) noexcept { return 1.0 / (1.0 + std::exp(-eta)); }

/// Weighted Bernoulli log-likelihood of linear predictor eta.
inline double bernoulli_log_likelihood(const Eigen::VectorXd& eta, const Eigen::VectorXd& y,
                                       const Eigen::VectorXd& w) {
  double ll = 0.0;
  for (Eigen::Index i = 0; i < eta.size(); ++i) {
    if (w[i] == 0.0) continue;
    ll += w[i] * (y[i] > 0.5 ? log_sigmoid(eta[i]) : log_sigmoid(-eta[i]));
  }
  return ll;
}

}  // namespace detail

/// Fits P(y = 1 | x) = 1 / (1 + exp(-(b0 + x b))).
///
/// @param x        n x p design without an intercept column; any Eigen expression (strided
///                 views included). NaN is refused (Status::missing_value names the cell).
/// @param y        n responses, each exactly 0 or 1.
/// @param weights  n non-negative finite sample weights, or an empty vector for all ones.
/// @param options  penalty, iteration limit, tolerance and intercept (see LogisticOptions).
/// @return a LogisticFit; its status is
///   - invalid_argument / dimension_mismatch / missing_value for bad input (nothing is fitted),
///   - singular for a rank-deficient design (the message names the dependent columns),
///   - separation when the maximum-likelihood estimate does not exist (fitted probabilities
///     run to 0 or 1): the coefficients are then not estimates and must not be used,
///   - not_converged when max_iterations ran out for another reason,
///   - ok otherwise.
template <class Derived>
LogisticFit fit_logistic(const Eigen::MatrixBase<Derived>& x, const Eigen::VectorXd& y,
                         const Eigen::VectorXd& weights = Eigen::VectorXd(),
                         const LogisticOptions& options = LogisticOptions()) {
  LogisticFit fit;
  const Eigen::Index n = x.rows();
  const Eigen::Index p = x.cols();
  const Eigen::Index k = p + (options.fit_intercept ? 1 : 0);
  auto fail = [&fit](Status status, std::string message) {
    fit.status = status;
    fit.message = std::move(message);
    return fit;
  };
  if (y.size() != n)
    return fail(Status::dimension_mismatch, "fit_logistic: y has " + std::to_string(y.size()) +
                                                " rows but x has " + std::to_string(n));
  if (weights.size() != 0 && weights.size() != n)
    return fail(Status::dimension_mismatch, "fit_logistic: weights has " +
                                                std::to_string(weights.size()) +
                                                " rows but x has " + std::to_string(n));
  if (!(options.l2_penalty >= 0.0) || !std::isfinite(options.l2_penalty))
    return fail(Status::invalid_argument, "fit_logistic: l2_penalty must be finite and >= 0");
  if (options.max_iterations <= 0 || !(options.tolerance > 0.0))
    return fail(Status::invalid_argument,
                "fit_logistic: max_iterations and tolerance must be positive");
  if (k == 0) return fail(Status::invalid_argument, "fit_logistic: no coefficients to fit");
  if (!options.column_names.empty() && options.column_names.size() != static_cast<std::size_t>(p))
    return fail(Status::dimension_mismatch,
                "fit_logistic: " + std::to_string(options.column_names.size()) +
                    " column names for " + std::to_string(p) + " columns of x");
  // "column j", or "column j (name)" when names were given: the message a user can act on.
  const auto column_label = [&options](Eigen::Index j) {
    std::string label = "column " + std::to_string(j);
    if (!options.column_names.empty())
      label += " (" + options.column_names[static_cast<std::size_t>(j)] + ")";
    return label;
  };

  Eigen::VectorXd w = weights.size() == 0 ? Eigen::VectorXd::Ones(n) : weights;
  double weight_total = 0.0, weighted_events = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) {
    if (!(y[i] == 0.0 || y[i] == 1.0))
      return fail(Status::invalid_argument,
                  "fit_logistic: y at row " + std::to_string(i) + " is not 0 or 1");
    if (!std::isfinite(w[i]) || w[i] < 0.0)
      return fail(Status::invalid_argument, "fit_logistic: weight at row " + std::to_string(i) +
                                                " is negative or not finite");
    weight_total += w[i];
    weighted_events += w[i] * y[i];
  }
  if (!(weight_total > 0.0)) return fail(Status::invalid_argument, "fit_logistic: no weight");
  if (weighted_events == 0.0 || weighted_events == weight_total)
    return fail(Status::undefined, "fit_logistic: y holds one class only");

  Eigen::MatrixXd design(n, k);
  if (options.fit_intercept) design.col(0).setOnes();
  for (Eigen::Index j = 0; j < p; ++j)
    for (Eigen::Index i = 0; i < n; ++i) {
      const double v = x(i, j);
      if (std::isnan(v))
        return fail(Status::missing_value, "fit_logistic: x is NaN at row " + std::to_string(i) +
                                               ", " + column_label(j));
      if (!std::isfinite(v))
        return fail(Status::invalid_argument, "fit_logistic: x is infinite at row " +
                                                  std::to_string(i) + ", " + column_label(j));
      design(i, j + (options.fit_intercept ? 1 : 0)) = v;
    }

  // A rank-deficient design has no unique MLE (R glm would report NA coefficients); name the
  // columns that depend on earlier ones rather than returning one arbitrary solution.
  if (options.l2_penalty == 0.0) {
    Eigen::MatrixXd weighted = w.cwiseSqrt().asDiagonal() * design;
    // Unit-length columns make the rank decision independent of the inputs' units: unscaled,
    // an amount of order 1e9 next to a rare 0/1 indicator fell below the relative threshold
    // and the intercept and the indicator were called dependent. A zero column stays zero.
    for (Eigen::Index j = 0; j < k; ++j) {
      const double norm = weighted.col(j).norm();
      if (norm > 0.0) weighted.col(j) /= norm;
    }
    Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(weighted);
    qr.setThreshold(1e-10);
    if (qr.rank() < k) {
      std::string names;
      for (Eigen::Index j = qr.rank(); j < k; ++j) {
        const Eigen::Index col = qr.colsPermutation().indices()[j];
        if (!names.empty()) names += ", ";
        names += (options.fit_intercept && col == 0)
                     ? std::string("intercept")
                     : column_label(col - (options.fit_intercept ? 1 : 0));
      }
      return fail(Status::singular,
                  "fit_logistic: the design is rank deficient (rank " + std::to_string(qr.rank()) +
                      " of " + std::to_string(k) + "); linearly dependent: " + names);
    }
  }

  Eigen::VectorXd penalty = Eigen::VectorXd::Constant(k, options.l2_penalty);
  if (options.fit_intercept) penalty[0] = 0.0;
  auto objective = [&](const Eigen::VectorXd& beta, const Eigen::VectorXd& eta) {
    return -detail::bernoulli_log_likelihood(eta, y, w) +
           0.5 * (penalty.array() * beta.array().square()).sum();
  };

  Eigen::VectorXd beta = Eigen::VectorXd::Zero(k);
  const double mean_y = weighted_events / weight_total;
  if (options.fit_intercept) beta[0] = std::log(mean_y / (1.0 - mean_y));
  {
    Eigen::VectorXd eta0 = Eigen::VectorXd::Constant(n, options.fit_intercept ? beta[0] : 0.0);
    fit.null_deviance = -2.0 * detail::bernoulli_log_likelihood(eta0, y, w);
  }
  Eigen::VectorXd eta = design * beta;
  double current = objective(beta, eta);
  Eigen::MatrixXd hessian(k, k);
  Eigen::LDLT<Eigen::MatrixXd> ldlt;
  Eigen::VectorXd prob(n), irls_weight(n);

  auto hessian_at = [&](const Eigen::VectorXd& eta_now) {
    for (Eigen::Index i = 0; i < n; ++i) {
      prob[i] = detail::sigmoid(eta_now[i]);
      irls_weight[i] = w[i] * prob[i] * (1.0 - prob[i]);
    }
    hessian.noalias() = design.transpose() * irls_weight.asDiagonal() * design;
    hessian.diagonal() += penalty;
    ldlt.compute(hessian);
  };

  for (fit.iterations = 1; fit.iterations <= options.max_iterations; ++fit.iterations) {
    hessian_at(eta);
    const Eigen::VectorXd gradient =
        design.transpose() * (w.array() * (y - prob).array()).matrix() -
        (penalty.array() * beta.array()).matrix();
    if (ldlt.info() != Eigen::Success) break;
    Eigen::VectorXd step = ldlt.solve(gradient);
    // Convergence is judged on the full Newton step: a step shrunk by halving says nothing
    // about the distance to the optimum.
    const Eigen::VectorXd newton_step = step;
    // Step halving keeps each iteration an improvement (as glm.fit does on a rising deviance).
    // Near the optimum the objective changes by less than its rounding error, so a rise within
    // that noise is not a reason to halve; halving there stalled the iteration short of the
    // optimum (relative coefficient errors of 1e-8 on the credit_data reference fit).
    const double noise = 1e-12 * std::max(1.0, std::abs(current));
    Eigen::VectorXd candidate = beta + step;
    Eigen::VectorXd candidate_eta = design * candidate;
    double value = objective(candidate, candidate_eta);
    for (int halving = 0; halving < 40 && !(value <= current + noise); ++halving) {
      step *= 0.5;
      candidate = beta + step;
      candidate_eta.noalias() = design * candidate;
      value = objective(candidate, candidate_eta);
    }
    if (!(value <= current) && !std::isfinite(value)) break;
    beta = candidate;
    eta = candidate_eta;
    current = value;
    bool small = true;
    for (Eigen::Index j = 0; j < k; ++j)
      if (std::abs(newton_step[j]) > options.tolerance * std::max(1.0, std::abs(beta[j])))
        small = false;
    if (small) {
      fit.converged = true;
      break;
    }
  }
  if (fit.iterations > options.max_iterations) fit.iterations = options.max_iterations;

  hessian_at(eta);
  fit.coefficients = beta;
  fit.log_likelihood = detail::bernoulli_log_likelihood(eta, y, w);
  fit.deviance = -2.0 * fit.log_likelihood;
  fit.aic = fit.deviance + 2.0 * static_cast<double>(k);
  double max_abs_eta = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) {
    if (w[i] == 0.0) continue;
    if (prob[i] < 1e-10 || prob[i] > 1.0 - 1e-10) ++fit.rows_at_probability_bound;
    max_abs_eta = std::max(max_abs_eta, std::abs(eta[i]));
  }
  // Judge (and invert) the Hessian after symmetric diagonal scaling to unit diagonal, so that
  // the pivot-ratio test does not depend on the inputs' units: unscaled, an amount of order
  // 1e6 next to a rare 0/1 indicator gave a pivot ratio below 1e-14 and a false "singular".
  // H^-1 = S (S H S)^-1 S with S = diag(1 / sqrt(H_jj)).
  bool hessian_ok = ldlt.info() == Eigen::Success && hessian.diagonal().minCoeff() > 0.0;
  Eigen::VectorXd unit_scale = Eigen::VectorXd::Ones(k);
  Eigen::LDLT<Eigen::MatrixXd> scaled_ldlt;
  if (hessian_ok) {
    unit_scale = hessian.diagonal().cwiseSqrt().cwiseInverse();
    scaled_ldlt.compute(unit_scale.asDiagonal() * hessian * unit_scale.asDiagonal());
    const Eigen::VectorXd pivots = scaled_ldlt.vectorD();
    hessian_ok = scaled_ldlt.info() == Eigen::Success && pivots.minCoeff() > 0.0 &&
                 pivots.minCoeff() > 1e-14 * pivots.maxCoeff();
  }
  if (hessian_ok) {
    fit.standard_errors = unit_scale.cwiseProduct(scaled_ldlt.solve(Eigen::MatrixXd::Identity(k, k))
                                                      .diagonal()
                                                      .cwiseMax(0.0)
                                                      .cwiseSqrt());
  } else {
    fit.standard_errors = Eigen::VectorXd::Constant(k, std::numeric_limits<double>::quiet_NaN());
  }

  // Separation: the likelihood keeps rising as coefficients run off to infinity, so fitted
  // probabilities reach 0 or 1 (|eta| beyond ~23 means P within 1e-10 of the bound).
  if (fit.rows_at_probability_bound > 0 && (!fit.converged || max_abs_eta > 30.0 || !hessian_ok) &&
      options.l2_penalty == 0.0) {
    fit.status = Status::separation;
    fit.message = "fit_logistic: the classes are separable (" +
                  std::to_string(fit.rows_at_probability_bound) +
                  " rows fitted with probability 0 or 1); the maximum-likelihood estimate does "
                  "not exist. Remove or bin the separating variable, or use an L2 penalty.";
  } else if (!hessian_ok) {
    fit.status = Status::singular;
    fit.message = "fit_logistic: the Hessian is singular at the solution";
  } else if (!fit.converged) {
    fit.status = Status::not_converged;
    fit.message = "fit_logistic: no convergence after " + std::to_string(options.max_iterations) +
                  " iterations";
  }
  return fit;
}

PAYSTRIKE_NAMESPACE_END
