/// @file confidence_intervals.hpp
/// @brief Confidence intervals: DeLong's for an AUC and for the difference of two correlated
/// AUCs (two scores of the same customers), and a seeded, portable bootstrap for KS.
///
/// DeLong, DeLong and Clarke-Pearson (1988), computed in O(n log n) with midranks (Sun and Xu,
/// 2014): each positive's placement V10_i is the share of negatives it outscores (ties one
/// half), each negative's V01_j the share of positives that outscore it; AUC = mean V10 and
/// Var(AUC) = s^2(V10) / m + s^2(V01) / n with sample variances (divisor m - 1, n - 1). The
/// interval is AUC +/- z * SE with z the normal quantile; it is not clipped to [0, 1].
///
/// The KS bootstrap resamples positives and negatives separately (stratified, so every
/// replicate has both classes and the class sizes are kept), takes KS on each replicate at
/// tie-group edges, and reports the percentile interval (linear interpolation between order
/// statistics, numpy's default). Its random numbers come from SplitMix64, whose k-th output
/// depends only on the seed and k, so the interval is the same on every platform and compiler.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "paystrike/ranking_metrics.hpp"
#include "paystrike/statistical_distributions.hpp"
#include "paystrike/status.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

/// An AUC with its DeLong standard error and confidence interval.
struct AucInterval {
  double auc = 0.0;             ///< the AUC (ties one half)
  double standard_error = 0.0;  ///< DeLong's standard error
  double lower = 0.0;           ///< auc - z * standard_error
  double upper = 0.0;           ///< auc + z * standard_error
  double level = 0.0;           ///< the confidence level, e.g. 0.95
};

/// The difference of two correlated AUCs (two scores of the same rows) by DeLong's method.
struct AucDifference {
  double auc_a = 0.0;           ///< AUC of score a
  double auc_b = 0.0;           ///< AUC of score b
  double difference = 0.0;      ///< auc_a - auc_b
  double standard_error = 0.0;  ///< standard error of the difference (with the covariance)
  double z = 0.0;               ///< difference / standard_error (NaN if the error is 0)
  double p_value = 0.0;         ///< two-sided, 2 * (1 - Phi(|z|)); NaN if the error is 0
  double lower = 0.0;           ///< difference - z_level * standard_error
  double upper = 0.0;           ///< difference + z_level * standard_error
  double level = 0.0;           ///< the confidence level
};

/// KS with a percentile bootstrap interval.
struct KsInterval {
  double ks = 0.0;              ///< KS on the data
  double lower = 0.0;           ///< lower percentile of the replicates
  double upper = 0.0;           ///< upper percentile of the replicates
  double standard_error = 0.0;  ///< standard deviation of the replicates (divisor r - 1)
  double level = 0.0;           ///< the confidence level
  std::int64_t replicates = 0;  ///< the number of bootstrap replicates
  std::uint64_t seed = 0;       ///< the seed used
};

/// SplitMix64 (Steele, Lea and Flood, 2014): a counter-based 64-bit generator whose output is
/// fully specified, hence identical on every platform (std:: distributions are not).
class SplitMix64 {
 public:
  /// A generator whose first output is mix(seed + gamma).
  explicit SplitMix64(std::uint64_t seed) noexcept : state_(seed) {}
  /// The next 64-bit output.
  std::uint64_t next() noexcept {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  /// A uniform index in [0, bound): floor(bound * u) with u the top 53 bits as a double in
  /// [0, 1), computed exactly the same way by the reference script.
  /// @param bound the number of choices, >= 1 and < 2^53.
  /// @return the index.
  std::uint64_t below(std::uint64_t bound) noexcept {
    const double u = static_cast<double>(next() >> 11) * 0x1.0p-53;
    const auto k = static_cast<std::uint64_t>(u * static_cast<double>(bound));
    return k < bound ? k : bound - 1;
  }

 private:
  std::uint64_t state_;
};

namespace detail {

/// Placements of DeLong's method for one score: V10 per positive, V01 per negative, in row order.
struct Placements {
  std::vector<double> positive;  ///< V10_i: share of negatives below positive i (ties one half)
  std::vector<double> negative;  ///< V01_j: share of positives above negative j (ties one half)
};

/// 1-based midranks of `values` (tied values share the mean of their ranks). O(n log n).
inline std::vector<double> midranks(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&values](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> rank(values.size());
  std::size_t i = 0;
  while (i < order.size()) {
    std::size_t j = i;
    while (j < order.size() && values[order[j]] == values[order[i]]) ++j;
    const double mid = 0.5 * static_cast<double>(i + 1 + j);  // mean of ranks i+1 .. j
    for (std::size_t k = i; k < j; ++k) rank[order[k]] = mid;
    i = j;
  }
  return rank;
}

/// DeLong placements of a score; validates like ranking_metrics and needs >= 2 of each class.
inline Placements delong_placements(const char* where, const double* scores,
                                    const double* is_positive, std::int64_t n) {
  // Validation (NaN, labels, both classes) through the shared grouping.
  const std::vector<ScoreGroup> groups = score_groups(where, scores, is_positive, nullptr, n);
  const GroupTotals totals = group_totals(groups);
  require_both_classes(where, totals);
  if (totals.positives < 2 || totals.negatives < 2)
    throw Error(Status::undefined, std::string(where) +
                                       ": DeLong's variance needs at least 2 rows of each class");
  std::vector<double> all(scores, scores + n), pos, neg;
  for (std::int64_t i = 0; i < n; ++i) (is_positive[i] == 1.0 ? pos : neg).push_back(scores[i]);
  const std::vector<double> rank_all = midranks(all), rank_pos = midranks(pos),
                            rank_neg = midranks(neg);
  const double m = static_cast<double>(pos.size()), k = static_cast<double>(neg.size());
  Placements p;
  p.positive.reserve(pos.size());
  p.negative.reserve(neg.size());
  std::size_t ip = 0, in = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    const auto row = static_cast<std::size_t>(i);
    if (is_positive[i] == 1.0) p.positive.push_back((rank_all[row] - rank_pos[ip++]) / k);
    else p.negative.push_back(1.0 - (rank_all[row] - rank_neg[in++]) / m);
  }
  return p;
}

/// Mean of v.
inline double mean_of(const std::vector<double>& v) {
  double s = 0.0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

/// Sample covariance of a and b (divisor size - 1).
inline double covariance_of(const std::vector<double>& a, const std::vector<double>& b) {
  const double ma = mean_of(a), mb = mean_of(b);
  double s = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) s += (a[i] - ma) * (b[i] - mb);
  return s / static_cast<double>(a.size() - 1);
}

/// z for a two-sided interval of `level`; throws unless 0 < level < 1.
inline double z_for_level(const char* where, double level) {
  if (!(level > 0.0 && level < 1.0))
    throw Error(Status::invalid_argument, std::string(where) + ": level must be in (0, 1)");
  return normal_quantile(0.5 + 0.5 * level);
}

}  // namespace detail

/// DeLong's standard error and normal confidence interval of the AUC.
/// @param scores      n scores, higher = more likely positive.
/// @param is_positive n labels, exactly 0 or 1.
/// @param n           the number of rows.
/// @param level       the confidence level in (0, 1), e.g. 0.95.
/// @return AUC, standard error and interval.
/// Throws as ranking_metrics, Error(invalid_argument) for a bad level, and Error(undefined)
/// with fewer than 2 rows of either class.
inline AucInterval auc_delong_interval(const double* scores, const double* is_positive,
                                       std::int64_t n, double level = 0.95) {
  const char* where = "AUC DeLong interval";
  const double z = detail::z_for_level(where, level);
  const detail::Placements p = detail::delong_placements(where, scores, is_positive, n);
  AucInterval r;
  r.level = level;
  r.auc = detail::mean_of(p.positive);
  r.standard_error = std::sqrt(detail::covariance_of(p.positive, p.positive) /
                                   static_cast<double>(p.positive.size()) +
                               detail::covariance_of(p.negative, p.negative) /
                                   static_cast<double>(p.negative.size()));
  r.lower = r.auc - z * r.standard_error;
  r.upper = r.auc + z * r.standard_error;
  return r;
}

/// DeLong's test and interval for AUC(a) - AUC(b), two scores of the same n rows.
/// @param scores_a    n scores of model a.
/// @param scores_b    n scores of model b.
/// @param is_positive n labels, exactly 0 or 1.
/// @param n           the number of rows.
/// @param level       the confidence level in (0, 1).
/// @return both AUCs, the difference, its standard error, z, p-value and interval.
/// Throws as auc_delong_interval (the message names which score is bad).
inline AucDifference auc_difference_delong(const double* scores_a, const double* scores_b,
                                           const double* is_positive, std::int64_t n,
                                           double level = 0.95) {
  const double z_level = detail::z_for_level("AUC difference", level);
  const detail::Placements a = detail::delong_placements("AUC difference (score a)", scores_a,
                                                         is_positive, n);
  const detail::Placements b = detail::delong_placements("AUC difference (score b)", scores_b,
                                                         is_positive, n);
  AucDifference r;
  r.level = level;
  r.auc_a = detail::mean_of(a.positive);
  r.auc_b = detail::mean_of(b.positive);
  r.difference = r.auc_a - r.auc_b;
  const double m = static_cast<double>(a.positive.size()), k = static_cast<double>(a.negative.size());
  const double var10 = detail::covariance_of(a.positive, a.positive) +
                       detail::covariance_of(b.positive, b.positive) -
                       2.0 * detail::covariance_of(a.positive, b.positive);
  const double var01 = detail::covariance_of(a.negative, a.negative) +
                       detail::covariance_of(b.negative, b.negative) -
                       2.0 * detail::covariance_of(a.negative, b.negative);
  r.standard_error = std::sqrt(std::max(0.0, var10 / m + var01 / k));
  if (r.standard_error > 0.0) {
    r.z = r.difference / r.standard_error;
    r.p_value = std::erfc(std::abs(r.z) / std::sqrt(2.0));
  } else {
    r.z = r.p_value = std::numeric_limits<double>::quiet_NaN();
  }
  r.lower = r.difference - z_level * r.standard_error;
  r.upper = r.difference + z_level * r.standard_error;
  return r;
}

/// KS with a stratified percentile bootstrap interval.
/// Replicate r draws, with SplitMix64(seed) continued across replicates, first m indices into
/// the positives (sorted by score, ties in row order) and then n_neg into the negatives, each
/// as below(m) or below(n_neg); the replicate's KS is taken at tie-group edges.
/// @param scores      n scores.
/// @param is_positive n labels, exactly 0 or 1.
/// @param n           the number of rows.
/// @param replicates  the number of bootstrap replicates, >= 2 (1000 or more for reporting).
/// @param level       the confidence level in (0, 1).
/// @param seed        the generator's seed; the same seed gives the same interval everywhere.
/// @return KS, interval, bootstrap standard error.
/// Throws as ranking_metrics, and Error(invalid_argument) for replicates < 2 or a bad level.
inline KsInterval ks_bootstrap_interval(const double* scores, const double* is_positive,
                                        std::int64_t n, std::int64_t replicates,
                                        double level = 0.95, std::uint64_t seed = 20240611) {
  const char* where = "KS bootstrap interval";
  if (replicates < 2) throw Error(Status::invalid_argument, "KS bootstrap interval: replicates must be >= 2");
  if (!(level > 0.0 && level < 1.0))
    throw Error(Status::invalid_argument, "KS bootstrap interval: level must be in (0, 1)");
  const std::vector<detail::ScoreGroup> groups =
      detail::score_groups(where, scores, is_positive, nullptr, n);
  const detail::GroupTotals totals = detail::group_totals(groups);
  detail::require_both_classes(where, totals);
  // Each positive (negative) row, in descending score order, knows its group.
  std::vector<std::size_t> positive_group, negative_group;
  positive_group.reserve(static_cast<std::size_t>(totals.positives));
  negative_group.reserve(static_cast<std::size_t>(totals.negatives));
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (std::int64_t i = 0; i < groups[g].positives; ++i) positive_group.push_back(g);
    for (std::int64_t i = 0; i < groups[g].negatives; ++i) negative_group.push_back(g);
  }
  KsInterval r;
  r.level = level;
  r.replicates = replicates;
  r.seed = seed;
  r.ks = detail::ranking_from_groups(where, groups).ks.statistic;
  SplitMix64 rng(seed);
  std::vector<double> ks(static_cast<std::size_t>(replicates));
  std::vector<std::int64_t> pos_count(groups.size()), neg_count(groups.size());
  const auto m = static_cast<std::uint64_t>(totals.positives);
  const auto k = static_cast<std::uint64_t>(totals.negatives);
  for (std::int64_t rep = 0; rep < replicates; ++rep) {
    std::fill(pos_count.begin(), pos_count.end(), 0);
    std::fill(neg_count.begin(), neg_count.end(), 0);
    for (std::uint64_t i = 0; i < m; ++i) ++pos_count[positive_group[rng.below(m)]];
    for (std::uint64_t i = 0; i < k; ++i) ++neg_count[negative_group[rng.below(k)]];
    std::int64_t tp = 0, fp = 0;
    double best = 0.0;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      tp += pos_count[g];
      fp += neg_count[g];
      best = std::max(best, std::abs(static_cast<double>(tp) / static_cast<double>(m) -
                                     static_cast<double>(fp) / static_cast<double>(k)));
    }
    ks[static_cast<std::size_t>(rep)] = best;
  }
  double mean = detail::mean_of(ks), ss = 0.0;
  for (double v : ks) ss += (v - mean) * (v - mean);
  r.standard_error = std::sqrt(ss / static_cast<double>(replicates - 1));
  std::sort(ks.begin(), ks.end());
  const auto percentile = [&ks](double q) {
    const double h = q * static_cast<double>(ks.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, ks.size() - 1);
    return ks[lo] + (h - static_cast<double>(lo)) * (ks[hi] - ks[lo]);
  };
  r.lower = percentile(0.5 - 0.5 * level);
  r.upper = percentile(0.5 + 0.5 * level);
  return r;
}

PAYSTRIKE_NAMESPACE_END
