/// @file stability.hpp
/// @brief Population and characteristic stability indices (PSI, CSI) between a reference
/// (expected) and a current (actual) sample, with an explicit rule for empty bins (case C05).
///
/// PSI = sum_i (a_i - e_i) ln(a_i / e_i) over bins, with e_i and a_i the bins' shares of the
/// reference and current samples. Inputs may be counts or proportions: each side is divided by
/// its own sum, so counts, proportions and 0-100 percentages all give the same PSI (feeding
/// percentages to the raw formula would make it 100 times too large, case C05a).
///
/// Empty bins: a bin empty on both sides contributes 0. A bin empty on one side only has an
/// infinite term, and the PSI is then +inf, reported as such (`infinite_terms` counts them).
/// Nothing is smoothed unless the caller passes a `pseudocount` > 0: it is then added to every
/// bin that is empty on one side, on that side only, before both sides are normalised (with
/// counts, pseudocount 1 is one made-up observation). CSI is the same index over the bins of
/// one characteristic (a binned input variable) instead of the score.
///
/// Conventional reading: PSI < 0.1 stable, 0.1 to 0.25 a moderate shift, >= 0.25 a major shift.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "paystrike/score_bands.hpp"
#include "paystrike/status.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

/// The conventional reading of a stability index.
enum class StabilityBand : int {
  stable = 0,          ///< PSI < 0.1
  moderate_shift = 1,  ///< 0.1 <= PSI < 0.25
  major_shift = 2      ///< PSI >= 0.25 (including +inf)
};

/// The band of a PSI or CSI value: < 0.1 stable, < 0.25 moderate shift, else major shift.
/// @param index a PSI or CSI value (>= 0 or +inf).
/// @return its band.
inline StabilityBand stability_band(double index) noexcept {
  if (index < 0.1) return StabilityBand::stable;
  if (index < 0.25) return StabilityBand::moderate_shift;
  return StabilityBand::major_shift;
}

/// A short name of a band: "stable", "moderate_shift" or "major_shift".
/// @param band the band.
/// @return its static name.
inline const char* stability_band_name(StabilityBand band) noexcept {
  switch (band) {
    case StabilityBand::stable: return "stable";
    case StabilityBand::moderate_shift: return "moderate_shift";
    case StabilityBand::major_shift: return "major_shift";
  }
  return "unknown";
}

/// A stability index with its terms.
struct StabilityIndex {
  double index = 0.0;                  ///< PSI (or CSI); +inf with an unsmoothed empty bin
  std::vector<double> terms;           ///< (a_i - e_i) ln(a_i / e_i) per bin
  std::vector<double> expected_share;  ///< e_i after normalising (and smoothing)
  std::vector<double> actual_share;    ///< a_i after normalising (and smoothing)
  std::int64_t infinite_terms = 0;     ///< bins empty on one side only (before smoothing)
  StabilityBand band = StabilityBand::stable;  ///< the conventional reading of `index`
};

/// PSI between a reference (`expected`) and a current (`actual`) distribution over `bins` bins.
/// @param expected    bins counts or proportions of the reference sample (finite, >= 0).
/// @param actual      bins counts or proportions of the current sample (finite, >= 0).
/// @param bins        the number of bins, >= 1.
/// @param pseudocount 0 for none (the default), or a value > 0 added to one-sided empty bins
///                    (see the file comment).
/// @return the index, its terms and band.
/// Throws Error(null_argument), Error(invalid_argument) for bins < 1, a negative, infinite or
/// NaN value (naming the side and bin) or a negative pseudocount, and Error(undefined) when a
/// side sums to zero.
inline StabilityIndex population_stability_index(const double* expected, const double* actual,
                                                 std::int64_t bins, double pseudocount = 0.0) {
  if (expected == nullptr || actual == nullptr)
    throw Error(Status::null_argument, "stability index: expected or actual is NULL");
  if (bins < 1) throw Error(Status::invalid_argument, "stability index: bins must be >= 1");
  if (!(pseudocount >= 0.0) || !std::isfinite(pseudocount))
    throw Error(Status::invalid_argument, "stability index: pseudocount must be finite and >= 0");
  const auto size = static_cast<std::size_t>(bins);
  std::vector<double> e(expected, expected + bins), a(actual, actual + bins);
  for (std::size_t i = 0; i < size; ++i) {
    for (const auto& [side, value] : {std::pair<const char*, double>{"expected", e[i]},
                                      std::pair<const char*, double>{"actual", a[i]}})
      if (!(value >= 0.0) || !std::isfinite(value))
        throw Error(Status::invalid_argument, std::string("stability index: ") + side +
                                                  " value of bin " + std::to_string(i) +
                                                  " is negative, infinite or NaN");
  }
  StabilityIndex result;
  for (std::size_t i = 0; i < size; ++i) {
    if ((e[i] == 0.0) != (a[i] == 0.0)) {
      ++result.infinite_terms;
      if (pseudocount > 0.0) (e[i] == 0.0 ? e[i] : a[i]) = pseudocount;
    }
  }
  double e_sum = 0, a_sum = 0;
  for (std::size_t i = 0; i < size; ++i) {
    e_sum += e[i];
    a_sum += a[i];
  }
  if (!(e_sum > 0.0) || !(a_sum > 0.0))
    throw Error(Status::undefined, "stability index: a side has no observations");
  result.terms.resize(size);
  result.expected_share.resize(size);
  result.actual_share.resize(size);
  for (std::size_t i = 0; i < size; ++i) {
    const double ei = e[i] / e_sum, ai = a[i] / a_sum;
    result.expected_share[i] = ei;
    result.actual_share[i] = ai;
    double term;
    if (ei == 0.0 && ai == 0.0) term = 0.0;
    else if (ei == 0.0 || ai == 0.0) term = std::numeric_limits<double>::infinity();
    else term = (ai - ei) * std::log(ai / ei);
    result.terms[i] = term;
    result.index += term;
  }
  result.band = stability_band(result.index);
  return result;
}

/// PSI of a score between a reference and a current sample, on bands with the given edges
/// (typically quantile_band_edges of the reference scores, 10 bands).
/// @param reference     n_reference reference scores.
/// @param n_reference   their number, > 0.
/// @param current       n_current current scores.
/// @param n_current     their number, > 0.
/// @param edges         increasing finite inner edges (left-closed bands).
/// @param pseudocount   as population_stability_index.
/// @return the index over edges.size() + 1 bands.
/// Throws Error(missing_value) for a NaN score (naming the sample and row) and the errors of
/// population_stability_index.
inline StabilityIndex score_stability_index(const double* reference, std::int64_t n_reference,
                                            const double* current, std::int64_t n_current,
                                            const std::vector<double>& edges,
                                            double pseudocount = 0.0) {
  if (n_reference <= 0 || n_current <= 0)
    throw Error(Status::invalid_argument, "score stability index: both samples need rows");
  if (reference == nullptr || current == nullptr)
    throw Error(Status::null_argument, "score stability index: reference or current is NULL");
  check_band_edges("score stability index", edges);
  std::vector<double> e(edges.size() + 1, 0.0), a(edges.size() + 1, 0.0);
  for (std::int64_t i = 0; i < n_reference; ++i) {
    if (std::isnan(reference[i]))
      throw Error(Status::missing_value,
                  "score stability index: reference score is NaN at row " + std::to_string(i));
    e[static_cast<std::size_t>(band_of(edges, reference[i]))] += 1.0;
  }
  for (std::int64_t i = 0; i < n_current; ++i) {
    if (std::isnan(current[i]))
      throw Error(Status::missing_value,
                  "score stability index: current score is NaN at row " + std::to_string(i));
    a[static_cast<std::size_t>(band_of(edges, current[i]))] += 1.0;
  }
  return population_stability_index(e.data(), a.data(), static_cast<std::int64_t>(e.size()),
                                    pseudocount);
}

/// CSI of one characteristic: the PSI over its bins, from each row's bin index.
/// @param reference_bins n_reference bin indices in [0, bins) of the reference sample.
/// @param n_reference    their number, > 0.
/// @param current_bins   n_current bin indices in [0, bins) of the current sample.
/// @param n_current      their number, > 0.
/// @param bins           the characteristic's number of bins, >= 1.
/// @param pseudocount    as population_stability_index.
/// @return the index over the bins.
/// Throws Error(invalid_argument) for a bin index out of range (naming the sample and row) and
/// the errors of population_stability_index.
inline StabilityIndex characteristic_stability_index(const std::int64_t* reference_bins,
                                                     std::int64_t n_reference,
                                                     const std::int64_t* current_bins,
                                                     std::int64_t n_current, std::int64_t bins,
                                                     double pseudocount = 0.0) {
  if (n_reference <= 0 || n_current <= 0 || bins < 1)
    throw Error(Status::invalid_argument,
                "characteristic stability index: both samples need rows and bins must be >= 1");
  if (reference_bins == nullptr || current_bins == nullptr)
    throw Error(Status::null_argument, "characteristic stability index: a bin array is NULL");
  std::vector<double> e(static_cast<std::size_t>(bins), 0.0), a(e.size(), 0.0);
  const auto tally = [bins](const char* side, const std::int64_t* index, std::int64_t count,
                            std::vector<double>& into) {
    for (std::int64_t i = 0; i < count; ++i) {
      if (index[i] < 0 || index[i] >= bins)
        throw Error(Status::invalid_argument, std::string("characteristic stability index: ") +
                                                  side + " bin index at row " + std::to_string(i) +
                                                  " is outside [0, " + std::to_string(bins) + ")");
      into[static_cast<std::size_t>(index[i])] += 1.0;
    }
  };
  tally("reference", reference_bins, n_reference, e);
  tally("current", current_bins, n_current, a);
  return population_stability_index(e.data(), a.data(), bins, pseudocount);
}

PAYSTRIKE_NAMESPACE_END
