/// @file calibration.hpp
/// @brief Calibration by score band: predicted against observed good:bad odds, the
/// Hosmer-Lemeshow test, and the check that the odds double every PDO points.
///
/// Bands follow score_bands.hpp (left-closed, ties kept together). Odds are good:bad, the
/// paystrike convention (higher score, higher odds).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "paystrike/probability_metrics.hpp"
#include "paystrike/score_bands.hpp"
#include "paystrike/statistical_distributions.hpp"
#include "paystrike/status.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

/// One score band of a calibration table.
struct CalibrationBand {
  double lower;                ///< band holds scores >= lower (-inf for the first band)
  double upper;                ///< and < upper (+inf for the last band)
  std::int64_t count = 0;      ///< rows in the band
  std::int64_t goods = 0;      ///< rows labelled good (1)
  std::int64_t bads = 0;       ///< rows labelled bad (0)
  double mean_score = 0.0;     ///< mean score of the band's rows
  double expected_goods = 0.0; ///< sum of predicted P(good): the goods the model expects
  double mean_predicted = 0.0; ///< mean predicted P(good)
  double observed_good_rate = 0.0;  ///< goods / count
  /// Predicted good:bad odds, expected_goods / (count - expected_goods).
  double predicted_odds = 0.0;
  /// Observed good:bad odds, goods / bads: +inf with no bads, 0 with no goods.
  double observed_odds = 0.0;
};

/// The calibration table, from the lowest score band up. Empty bands are omitted.
struct CalibrationTable {
  std::vector<double> edges;            ///< the inner band edges used
  std::vector<CalibrationBand> bands;   ///< non-empty bands, lowest scores first
};

/// Tallies the calibration table of scores (which define the bands), the model's predicted
/// P(good) and the outcomes.
/// @param scores      n scores (the bands are on these; pass the probabilities to band by them).
/// @param prob_good   n predicted probabilities of the good class, each in [0, 1].
/// @param is_good     n labels, 1 = good, 0 = bad.
/// @param n           the number of rows, > 0.
/// @param edges       increasing finite inner band edges (e.g. from quantile_band_edges).
/// @return the table.
/// Throws Error(null_argument), Error(missing_value) for a NaN score or probability,
/// Error(invalid_argument) for a bad label, probability or edge (naming the row or edge).
inline CalibrationTable calibration_table(const double* scores, const double* prob_good,
                                          const double* is_good, std::int64_t n,
                                          const std::vector<double>& edges) {
  const char* where = "calibration table";
  detail::check_probability_arguments(where, prob_good, is_good, n);
  if (n <= 0) throw Error(Status::invalid_argument, "calibration table: need at least one row");
  if (scores == nullptr) throw Error(Status::null_argument, "calibration table: scores is NULL");
  check_band_edges(where, edges);
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<CalibrationBand> all(edges.size() + 1);
  std::vector<double> score_sum(all.size(), 0.0);
  for (std::size_t b = 0; b < all.size(); ++b) {
    all[b].lower = b == 0 ? -inf : edges[b - 1];
    all[b].upper = b == edges.size() ? inf : edges[b];
  }
  for (std::int64_t i = 0; i < n; ++i) {
    if (std::isnan(scores[i]))
      throw Error(Status::missing_value,
                  "calibration table: score is NaN at row " + std::to_string(i));
    detail::checked_probability_row(where, prob_good, is_good, nullptr, i);
    const auto b = static_cast<std::size_t>(band_of(edges, scores[i]));
    CalibrationBand& band = all[b];
    ++band.count;
    (is_good[i] == 1.0 ? band.goods : band.bads) += 1;
    band.expected_goods += prob_good[i];
    score_sum[b] += scores[i];
  }
  CalibrationTable table;
  table.edges = edges;
  for (std::size_t b = 0; b < all.size(); ++b) {
    CalibrationBand band = all[b];
    if (band.count == 0) continue;
    const double count = static_cast<double>(band.count);
    band.mean_score = score_sum[b] / count;
    band.mean_predicted = band.expected_goods / count;
    band.observed_good_rate = static_cast<double>(band.goods) / count;
    band.predicted_odds = band.expected_goods / (count - band.expected_goods);
    band.observed_odds = band.bads == 0 ? inf
                                        : static_cast<double>(band.goods) /
                                              static_cast<double>(band.bads);
    table.bands.push_back(band);
  }
  return table;
}

/// The Hosmer-Lemeshow goodness-of-fit test over the bands of a calibration table.
struct HosmerLemeshow {
  double statistic = 0.0;           ///< sum over bands of (O - E)^2 / (E (1 - E / n))
  std::int64_t degrees_of_freedom = 0;  ///< bands - 2
  double p_value = 0.0;             ///< P(chi-square(df) > statistic)
};

/// Hosmer-Lemeshow test of a calibration table: H = sum_g (O_g - E_g)^2 / (E_g (1 - E_g / n_g))
/// with O_g observed goods, E_g expected goods and n_g rows of band g (this is the two-class
/// chi-square summed over goods and bads), df = number of bands - 2. Use about 10 bands.
/// @param table a calibration table with at least 3 non-empty bands.
/// @return statistic, degrees of freedom and p-value.
/// Throws Error(undefined) with fewer than 3 bands, or for a band whose expected goods are 0 or
/// equal to its count (every predicted probability 0 or 1: the term divides by zero).
inline HosmerLemeshow hosmer_lemeshow(const CalibrationTable& table) {
  if (table.bands.size() < 3)
    throw Error(Status::undefined, "Hosmer-Lemeshow: needs at least 3 non-empty bands, got " +
                                       std::to_string(table.bands.size()));
  HosmerLemeshow result;
  for (std::size_t b = 0; b < table.bands.size(); ++b) {
    const CalibrationBand& band = table.bands[b];
    const double count = static_cast<double>(band.count);
    const double variance = band.expected_goods * (1.0 - band.expected_goods / count);
    if (!(variance > 0.0))
      throw Error(Status::undefined, "Hosmer-Lemeshow: band " + std::to_string(b) +
                                         " has expected goods 0 or equal to its count");
    const double difference = static_cast<double>(band.goods) - band.expected_goods;
    result.statistic += difference * difference / variance;
  }
  result.degrees_of_freedom = static_cast<std::int64_t>(table.bands.size()) - 2;
  result.p_value =
      chi_square_survival(result.statistic, static_cast<double>(result.degrees_of_freedom));
  return result;
}

/// Whether the observed odds double every PDO points, as the scaling promises.
struct OddsDoublingCheck {
  double slope = 0.0;        ///< fitted d ln(observed good:bad odds) / d score
  double intercept = 0.0;    ///< fitted ln odds at score 0
  double implied_pdo = 0.0;  ///< ln 2 / slope: the points that actually double the odds
  double nominal_pdo = 0.0;  ///< the PDO the scaling promised
  double ratio = 0.0;        ///< implied_pdo / nominal_pdo; 1 is a kept promise
  std::int64_t bands_used = 0;      ///< bands with both goods and bads
  std::int64_t bands_excluded = 0;  ///< bands without goods or without bads (infinite log odds)
};

/// Fits ln(observed good:bad odds) = intercept + slope * mean score by least squares over the
/// calibration table's bands, weighted by each band's count, and compares ln 2 / slope with the
/// promised PDO. Bands without goods or bads have infinite log odds and are left out (counted).
/// @param table       a calibration table.
/// @param nominal_pdo the scaling's points to double the odds, finite and > 0.
/// @return the fit and the comparison.
/// Throws Error(invalid_argument) for a bad nominal_pdo and Error(undefined) when fewer than two
/// bands are usable or their mean scores are all equal.
inline OddsDoublingCheck odds_doubling_check(const CalibrationTable& table, double nominal_pdo) {
  if (!(nominal_pdo > 0.0) || !std::isfinite(nominal_pdo))
    throw Error(Status::invalid_argument, "odds doubling check: nominal_pdo must be finite and > 0");
  OddsDoublingCheck result;
  result.nominal_pdo = nominal_pdo;
  double sw = 0, sx = 0, sy = 0;
  for (const CalibrationBand& band : table.bands) {
    if (band.goods == 0 || band.bads == 0) {
      ++result.bands_excluded;
      continue;
    }
    ++result.bands_used;
    const double w = static_cast<double>(band.count);
    sw += w;
    sx += w * band.mean_score;
    sy += w * std::log(band.observed_odds);
  }
  if (result.bands_used < 2)
    throw Error(Status::undefined, "odds doubling check: fewer than two bands have both goods and bads");
  const double mx = sx / sw, my = sy / sw;
  double sxx = 0, sxy = 0;
  for (const CalibrationBand& band : table.bands) {
    if (band.goods == 0 || band.bads == 0) continue;
    const double w = static_cast<double>(band.count), dx = band.mean_score - mx;
    sxx += w * dx * dx;
    sxy += w * dx * (std::log(band.observed_odds) - my);
  }
  if (!(sxx > 0.0))
    throw Error(Status::undefined, "odds doubling check: the bands' mean scores are all equal");
  result.slope = sxy / sxx;
  result.intercept = my - result.slope * mx;
  result.implied_pdo = std::log(2.0) / result.slope;
  result.ratio = result.implied_pdo / nominal_pdo;
  return result;
}

PAYSTRIKE_NAMESPACE_END
