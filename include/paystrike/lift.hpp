/// @file lift.hpp
/// @brief Lift and gains tables by score band (deciles or any number of bands).
///
/// Rows are ranked by score and cut into quantile bands (score_bands.hpp: ties kept together,
/// so with heavy ties a band can be larger than n / bands and fewer bands may result). The
/// target class is the one labelled 1: pass is_good and rank highest first for the capture of
/// good payers, or is_bad (1 - is_good) and lowest first for the capture of defaulters.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "paystrike/score_bands.hpp"
#include "paystrike/status.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

/// Which end of the score range comes first in a lift table.
enum class RankOrder : int {
  highest_first = 0,  ///< band 1 holds the highest scores
  lowest_first = 1    ///< band 1 holds the lowest scores
};

/// One band of a lift and gains table.
struct LiftBand {
  double lower;                    ///< band holds scores >= lower
  double upper;                    ///< and < upper
  std::int64_t count = 0;          ///< rows in the band
  std::int64_t targets = 0;        ///< rows labelled 1
  double target_rate = 0.0;        ///< targets / count
  double lift = 0.0;               ///< target_rate / overall target rate
  double cumulative_share = 0.0;   ///< share of all rows in this and the earlier bands
  /// Gains: share of all targets captured by this and the earlier bands.
  double cumulative_target_share = 0.0;
  double cumulative_non_target_share = 0.0;  ///< share of all non-targets in them
  double cumulative_lift = 0.0;    ///< cumulative target rate / overall target rate
};

/// Builds the lift and gains table.
/// @param scores    n scores.
/// @param is_target n labels, 1 for the target class, 0 otherwise.
/// @param n         the number of rows, > 0.
/// @param bands     the number of quantile bands wanted (10 for deciles), >= 1.
/// @param order     which end comes first.
/// @return the non-empty bands in the chosen order.
/// Throws Error(null_argument), Error(missing_value) for a NaN score, Error(invalid_argument)
/// for a bad label, n <= 0 or bands < 1, and Error(undefined) when no row is a target.
inline std::vector<LiftBand> lift_table(const double* scores, const double* is_target,
                                        std::int64_t n, std::int64_t bands,
                                        RankOrder order = RankOrder::highest_first) {
  if (n > 0 && is_target == nullptr) throw Error(Status::null_argument, "lift table: labels is NULL");
  std::vector<double> edges = quantile_band_edges(scores, n, bands);
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<LiftBand> table(edges.size() + 1);
  std::int64_t total_targets = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    if (is_target[i] != 0.0 && is_target[i] != 1.0)
      throw Error(Status::invalid_argument,
                  "lift table: label at row " + std::to_string(i) + " is not 0 or 1");
    LiftBand& band = table[static_cast<std::size_t>(band_of(edges, scores[i]))];
    ++band.count;
    if (is_target[i] == 1.0) {
      ++band.targets;
      ++total_targets;
    }
  }
  if (total_targets == 0) throw Error(Status::undefined, "lift table: no row is labelled 1");
  for (std::size_t b = 0; b < table.size(); ++b) {
    table[b].lower = b == 0 ? -inf : edges[b - 1];
    table[b].upper = b == edges.size() ? inf : edges[b];
  }
  if (order == RankOrder::highest_first) std::reverse(table.begin(), table.end());
  const double rows = static_cast<double>(n), targets = static_cast<double>(total_targets);
  const double non_targets = rows - targets, overall = targets / rows;
  std::vector<LiftBand> result;
  std::int64_t cumulative_count = 0, cumulative_targets = 0;
  for (LiftBand band : table) {
    if (band.count == 0) continue;
    cumulative_count += band.count;
    cumulative_targets += band.targets;
    const double count = static_cast<double>(band.count);
    band.target_rate = static_cast<double>(band.targets) / count;
    band.lift = band.target_rate / overall;
    band.cumulative_share = static_cast<double>(cumulative_count) / rows;
    band.cumulative_target_share = static_cast<double>(cumulative_targets) / targets;
    band.cumulative_non_target_share =
        non_targets > 0.0
            ? static_cast<double>(cumulative_count - cumulative_targets) / non_targets
            : std::numeric_limits<double>::quiet_NaN();
    band.cumulative_lift = (static_cast<double>(cumulative_targets) /
                            static_cast<double>(cumulative_count)) / overall;
    result.push_back(band);
  }
  return result;
}

PAYSTRIKE_NAMESPACE_END
