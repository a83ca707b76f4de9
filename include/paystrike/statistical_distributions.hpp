/// @file statistical_distributions.hpp
/// @brief The few distribution functions the evaluation needs: the standard normal CDF and
/// quantile, and the chi-square survival function. Accurate to about 1e-15 relative.
#pragma once

#include <cmath>
#include <limits>
#include <string>

#include "paystrike/status.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

/// P(Z <= z) for a standard normal Z.
/// @param z any value; +/-inf give 1 and 0.
/// @return the probability.
inline double normal_cdf(double z) noexcept { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

/// The z with P(Z <= z) = p for a standard normal Z (Wichura's algorithm AS 241, PPND16,
/// relative accuracy about 1e-16).
/// @param p a probability in (0, 1); 0 and 1 give -inf and +inf.
/// @return the quantile.
/// Throws Error(invalid_argument) for p outside [0, 1] or NaN.
inline double normal_quantile(double p) {
  if (!(p >= 0.0 && p <= 1.0))
    throw Error(Status::invalid_argument, "normal quantile: p must be in [0, 1]");
  if (p == 0.0) return -std::numeric_limits<double>::infinity();
  if (p == 1.0) return std::numeric_limits<double>::infinity();
  const double q = p - 0.5;
  if (std::abs(q) <= 0.425) {
    const double r = 0.180625 - q * q;
    return q *
           (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r +
                45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r +
             133.14166789178437745) * r + 3.387132872796366608) /
           (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r +
                21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r +
             42.313330701600911252) * r + 1.0);
  }
  double r = q < 0.0 ? p : 1.0 - p;
  r = std::sqrt(-std::log(r));
  double value;
  if (r <= 5.0) {
    r -= 1.6;
    value = (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r +
                 0.24178072517745061177) * r + 1.27045825245236838258) * r +
               3.64784832476320460504) * r + 5.7694972214606914055) * r + 4.6303378461565452959) * r +
             1.42343711074968357734) /
            (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r +
                  0.0151986665636164571966) * r + 0.14810397642748007459) * r +
                0.68976733498510000455) * r + 1.6763848301838038494) * r + 2.05319162663775882187) * r +
             1.0);
  } else {
    r -= 5.0;
    value = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r +
                 0.0012426609473880784386) * r + 0.026532189526576123093) * r +
               0.29656057182850489123) * r + 1.7848265399172913358) * r + 5.4637849111641143699) * r +
             6.6579046435011037772) /
            (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r +
                  1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r +
                0.0148753612908506148525) * r + 0.13692988092273580531) * r + 0.59983220655588793769) * r +
             1.0);
  }
  return q < 0.0 ? -value : value;
}

/// P(X > x) for X chi-square with `degrees_of_freedom`: the regularised upper incomplete gamma
/// Q(k/2, x/2), by its series below a + 1 and its continued fraction above (Numerical Recipes).
/// @param x                  the statistic, >= 0 (+inf gives 0).
/// @param degrees_of_freedom > 0.
/// @return the survival probability.
/// Throws Error(invalid_argument) for x < 0, NaN, or degrees_of_freedom <= 0.
inline double chi_square_survival(double x, double degrees_of_freedom) {
  if (!(x >= 0.0)) throw Error(Status::invalid_argument, "chi-square survival: x must be >= 0");
  if (!(degrees_of_freedom > 0.0) || !std::isfinite(degrees_of_freedom))
    throw Error(Status::invalid_argument, "chi-square survival: degrees of freedom must be > 0");
  if (std::isinf(x)) return 0.0;
  const double a = 0.5 * degrees_of_freedom, z = 0.5 * x;
  if (z == 0.0) return 1.0;
  const double log_prefix = -z + a * std::log(z) - std::lgamma(a);
  const double tiny = 1e-300, eps = 1e-17;
  if (z < a + 1.0) {
    double term = 1.0 / a, sum = term, ap = a;
    for (int k = 0; k < 100000; ++k) {
      ap += 1.0;
      term *= z / ap;
      sum += term;
      if (std::abs(term) < std::abs(sum) * eps) break;
    }
    return 1.0 - sum * std::exp(log_prefix);
  }
  // Modified Lentz for the continued fraction of Q.
  double b = z + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;
  for (int k = 1; k < 100000; ++k) {
    const double an = -k * (k - a);
    b += 2.0;
    d = an * d + b;
    if (std::abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::abs(c) < tiny) c = tiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::abs(delta - 1.0) < eps) break;
  }
  return std::exp(log_prefix) * h;
}

PAYSTRIKE_NAMESPACE_END
