/// @file score_bands.hpp
/// @brief Score bands shared by calibration, lift and stability tables: quantile edges that
/// keep ties together, and left-closed band assignment.
///
/// Bands are left-closed, [edge_{k-1}, edge_k): a score equal to an edge goes to the upper
/// band (the same rule as the binning's cut points), and the first band is open below, the last
/// open above. With B bands requested on n sorted scores s_(0) <= ... <= s_(n-1), the edges are
/// s_(floor(k n / B)) for k = 1..B-1, with duplicates and edges equal to the smallest score
/// dropped. Equal scores therefore always share a band, and heavy ties give fewer bands.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "paystrike/status.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

/// Edges of at most `bands` quantile bands of `scores` (see the file comment for the rule).
/// @param scores n scores (NaN refused; +/-inf allowed).
/// @param n      the number of scores, > 0.
/// @param bands  the number of bands wanted, >= 1.
/// @return the increasing inner edges (at most bands - 1 of them).
/// Throws Error(null_argument), Error(invalid_argument) for n <= 0 or bands < 1, and
/// Error(missing_value) for a NaN score, naming the row.
inline std::vector<double> quantile_band_edges(const double* scores, std::int64_t n,
                                               std::int64_t bands) {
  if (n <= 0) throw Error(Status::invalid_argument, "quantile band edges: need at least one score");
  if (scores == nullptr) throw Error(Status::null_argument, "quantile band edges: scores is NULL");
  if (bands < 1) throw Error(Status::invalid_argument, "quantile band edges: bands must be >= 1");
  std::vector<double> sorted(scores, scores + n);
  for (std::int64_t i = 0; i < n; ++i)
    if (std::isnan(sorted[static_cast<std::size_t>(i)]))
      throw Error(Status::missing_value,
                  "quantile band edges: score is NaN at row " + std::to_string(i));
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> edges;
  for (std::int64_t k = 1; k < bands; ++k) {
    // floor(k n / B) in 128-bit-safe form: k < B and n fit int64, the product may not.
    const auto rank = static_cast<std::int64_t>(
        (static_cast<long double>(k) * static_cast<long double>(n)) / static_cast<long double>(bands));
    const double edge = sorted[static_cast<std::size_t>(std::min(rank, n - 1))];
    if (edge > sorted.front() && (edges.empty() || edge > edges.back())) edges.push_back(edge);
  }
  return edges;
}

/// The band of `score` for increasing inner `edges`: the number of edges <= score, so band 0
/// is below the first edge and a score equal to an edge goes to the upper band.
/// @param edges increasing inner edges.
/// @param score the score (not NaN).
/// @return a band index in [0, edges.size()].
inline std::int64_t band_of(const std::vector<double>& edges, double score) noexcept {
  return static_cast<std::int64_t>(std::upper_bound(edges.begin(), edges.end(), score) -
                                   edges.begin());
}

/// Throws Error(invalid_argument) unless `edges` are finite and strictly increasing.
/// @param where  the caller's name for messages.
/// @param edges  the inner edges to check.
inline void check_band_edges(const char* where, const std::vector<double>& edges) {
  for (std::size_t k = 0; k < edges.size(); ++k) {
    if (!std::isfinite(edges[k]))
      throw Error(Status::invalid_argument,
                  std::string(where) + ": band edge " + std::to_string(k) + " is not finite");
    if (k > 0 && !(edges[k] > edges[k - 1]))
      throw Error(Status::invalid_argument, std::string(where) + ": band edge " +
                                                std::to_string(k) + " is not above the previous");
  }
}

PAYSTRIKE_NAMESPACE_END
