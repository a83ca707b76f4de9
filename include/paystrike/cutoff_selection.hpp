/// @file cutoff_selection.hpp
/// @brief Choosing a cutoff (by maximum KS, Youden's J, target approval rate, target bad rate
/// among approved, or expected profit) and the swap-set table between two cutoffs or models.
///
/// A customer is approved (predicted good) when score >= cutoff; the candidate cutoffs are the
/// distinct scores in the data (the tie-group edges), so every choice is realisable. The label
/// is 1 for a good payer. O(n log n).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "paystrike/confusion.hpp"
#include "paystrike/ranking_metrics.hpp"
#include "paystrike/status.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

/// A chosen cutoff and what it gives on the data.
struct CutoffChoice {
  double cutoff = 0.0;            ///< approve when score >= cutoff (+inf: approve nobody)
  double objective = 0.0;         ///< the criterion's value at the cutoff (KS, J, rate, profit)
  double approval_rate = 0.0;     ///< share of rows approved
  double bad_rate_among_approved = 0.0;  ///< FP / (TP + FP); NaN when nobody is approved
  ConfusionMatrix confusion;      ///< the matrix at the cutoff
};

namespace detail {

/// The choice at group index `g` (approving groups 0..g), or "approve nobody" for g = npos.
inline CutoffChoice choice_at(const std::vector<ScoreGroup>& groups, std::size_t g,
                              const GroupTotals& totals, double objective) {
  CutoffChoice c;
  c.objective = objective;
  std::int64_t tp = 0, fp = 0;
  if (g == static_cast<std::size_t>(-1)) {
    c.cutoff = std::numeric_limits<double>::infinity();
  } else {
    for (std::size_t k = 0; k <= g; ++k) {
      tp += groups[k].positives;
      fp += groups[k].negatives;
    }
    c.cutoff = groups[g].threshold;
  }
  c.confusion.true_positives = tp;
  c.confusion.false_positives = fp;
  c.confusion.false_negatives = totals.positives - tp;
  c.confusion.true_negatives = totals.negatives - fp;
  c.approval_rate = static_cast<double>(tp + fp) / static_cast<double>(totals.positives + totals.negatives);
  c.bad_rate_among_approved = c.confusion.false_discovery_rate();
  return c;
}

}  // namespace detail

/// The cutoff of maximum KS, max |TPR - FPR| (the highest such cutoff on a tie).
/// @param scores  n scores.
/// @param is_good n labels, 1 = good.
/// @param n       the number of rows.
/// @return the choice; objective = KS.
/// Throws as ranking_metrics (Error(undefined) with one class only).
inline CutoffChoice cutoff_by_max_ks(const double* scores, const double* is_good, std::int64_t n) {
  const char* where = "cutoff by max KS";
  const auto groups = detail::score_groups(where, scores, is_good, nullptr, n);
  const RankingMetrics m = detail::ranking_from_groups(where, groups);
  std::size_t g = 0;
  while (g + 1 < groups.size() && groups[g].threshold != m.ks.threshold) ++g;
  return detail::choice_at(groups, g, detail::group_totals(groups), m.ks.statistic);
}

/// The cutoff of maximum Youden's J = TPR - FPR = TPR + TNR - 1 (signed, unlike KS; the
/// highest such cutoff on a tie).
/// @param scores  n scores.
/// @param is_good n labels, 1 = good.
/// @param n       the number of rows.
/// @return the choice; objective = J.
/// Throws as ranking_metrics.
inline CutoffChoice cutoff_by_youden(const double* scores, const double* is_good, std::int64_t n) {
  const char* where = "cutoff by Youden's J";
  const auto groups = detail::score_groups(where, scores, is_good, nullptr, n);
  const RankingMetrics m = detail::ranking_from_groups(where, groups);
  std::size_t best = 0;
  double best_j = -std::numeric_limits<double>::infinity();
  for (std::size_t g = 0; g < m.roc.size(); ++g) {
    const double j = m.roc[g].true_positive_rate - m.roc[g].false_positive_rate;
    if (j > best_j) {
      best_j = j;
      best = g;
    }
  }
  return detail::choice_at(groups, best, detail::group_totals(groups), best_j);
}

/// The highest cutoff that approves at least `target` of the rows (with ties the achieved
/// rate can exceed the target; it is reported).
/// @param scores  n scores.
/// @param is_good n labels, 1 = good (used only for the confusion matrix).
/// @param n       the number of rows, > 0.
/// @param target  the approval rate wanted, in (0, 1].
/// @return the choice; objective = the achieved approval rate.
/// Throws Error(invalid_argument) for a target outside (0, 1] or n = 0, and the input errors of
/// ranking_metrics (one class only is allowed here).
inline CutoffChoice cutoff_by_approval_rate(const double* scores, const double* is_good,
                                            std::int64_t n, double target) {
  const char* where = "cutoff by approval rate";
  if (!(target > 0.0 && target <= 1.0))
    throw Error(Status::invalid_argument, "cutoff by approval rate: target must be in (0, 1]");
  const auto groups = detail::score_groups(where, scores, is_good, nullptr, n);
  if (groups.empty()) throw Error(Status::invalid_argument, "cutoff by approval rate: no rows");
  const detail::GroupTotals totals = detail::group_totals(groups);
  const double rows = static_cast<double>(n);
  std::int64_t approved = 0;
  std::size_t g = 0;
  for (; g < groups.size(); ++g) {
    approved += groups[g].positives + groups[g].negatives;
    if (static_cast<double>(approved) >= target * rows) break;
  }
  if (g == groups.size()) g = groups.size() - 1;  // rounding: approve everybody
  return detail::choice_at(groups, g, totals, static_cast<double>(approved) / rows);
}

/// The lowest cutoff (the most approvals) whose bad rate among approved, FP / (TP + FP), is at
/// most `target`.
/// @param scores  n scores.
/// @param is_good n labels, 1 = good.
/// @param n       the number of rows.
/// @param target  the highest acceptable bad rate among approved, in [0, 1].
/// @return the choice; objective = the achieved bad rate.
/// Throws Error(invalid_argument) for a target outside [0, 1], Error(undefined) when no cutoff
/// reaches the target, and the input errors of ranking_metrics.
inline CutoffChoice cutoff_by_bad_rate(const double* scores, const double* is_good, std::int64_t n,
                                       double target) {
  const char* where = "cutoff by bad rate";
  if (!(target >= 0.0 && target <= 1.0))
    throw Error(Status::invalid_argument, "cutoff by bad rate: target must be in [0, 1]");
  const auto groups = detail::score_groups(where, scores, is_good, nullptr, n);
  std::int64_t tp = 0, fp = 0;
  std::size_t best = static_cast<std::size_t>(-1);
  double best_rate = 0.0;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    tp += groups[g].positives;
    fp += groups[g].negatives;
    const double rate = static_cast<double>(fp) / static_cast<double>(tp + fp);
    if (rate <= target) {
      best = g;
      best_rate = rate;
    }
  }
  if (best == static_cast<std::size_t>(-1))
    throw Error(Status::undefined, "cutoff by bad rate: no cutoff gives a bad rate among approved "
                                   "at or below the target");
  return detail::choice_at(groups, best, detail::group_totals(groups), best_rate);
}

/// The economics of approving a customer: a good earns margin * exposure, a bad loses
/// loss_given_default * exposure; a declined customer earns and loses nothing.
struct ProfitAssumptions {
  double margin = 0.1;              ///< earned on a good payer, as a share of exposure
  double loss_given_default = 0.6;  ///< lost on a defaulter, as a share of exposure
};

/// The cutoff of maximum total profit. With `prob_good` NULL the profit is realised on the
/// outcomes (sum over approved of margin * E for goods, -LGD * E for bads); with `prob_good` it
/// is expected, sum over approved of [p * margin - (1 - p) * LGD] * E, and the labels only feed
/// the confusion matrix. Approving nobody (cutoff +inf, profit 0) is a candidate.
/// @param scores     n scores.
/// @param is_good    n labels, 1 = good.
/// @param prob_good  n predicted P(good) in [0, 1], or NULL (realised profit).
/// @param exposure   n finite non-negative exposures (amount at risk), or NULL for 1 each.
/// @param n          the number of rows.
/// @param economics  margin and LGD, each finite and >= 0.
/// @return the choice; objective = the total profit in the exposure's currency.
/// Throws Error(invalid_argument) for bad economics, exposure or probability (naming the row),
/// and the input errors of ranking_metrics.
inline CutoffChoice cutoff_by_profit(const double* scores, const double* is_good,
                                     const double* prob_good, const double* exposure,
                                     std::int64_t n, const ProfitAssumptions& economics) {
  const char* where = "cutoff by profit";
  if (!(economics.margin >= 0.0) || !std::isfinite(economics.margin) ||
      !(economics.loss_given_default >= 0.0) || !std::isfinite(economics.loss_given_default))
    throw Error(Status::invalid_argument, "cutoff by profit: margin and loss_given_default must be "
                                          "finite and >= 0");
  // Sort once by score with each row's profit as its "weight": reuse the grouping with the
  // positive weight carrying gains and the negative weight carrying losses.
  std::vector<double> gain(static_cast<std::size_t>(n > 0 ? n : 0));
  std::vector<double> label(gain.size());
  for (std::int64_t i = 0; i < n; ++i) {
    if (scores == nullptr || is_good == nullptr)
      throw Error(Status::null_argument, "cutoff by profit: scores or labels is NULL");
    const double e = exposure == nullptr ? 1.0 : exposure[i];
    if (exposure != nullptr) detail::check_weight(where, "exposure", e, i);
    double value;
    if (prob_good != nullptr) {
      const double p = prob_good[i];
      if (std::isnan(p))
        throw Error(Status::missing_value,
                    "cutoff by profit: probability is NaN at row " + std::to_string(i));
      if (!(p >= 0.0 && p <= 1.0))
        throw Error(Status::invalid_argument, "cutoff by profit: probability at row " +
                                                  std::to_string(i) + " is outside [0, 1]");
      value = (p * economics.margin - (1.0 - p) * economics.loss_given_default) * e;
    } else {
      value = (is_good[i] == 1.0 ? economics.margin : -economics.loss_given_default) * e;
    }
    gain[static_cast<std::size_t>(i)] = value;
  }
  const auto groups = detail::score_groups(where, scores, is_good, nullptr, n);
  // Profit per group: sort the row profits in the same score order.
  std::vector<std::size_t> order(gain.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [scores](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
  std::size_t best = static_cast<std::size_t>(-1), row = 0;
  double profit = 0.0, best_profit = 0.0;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const std::int64_t size = groups[g].positives + groups[g].negatives;
    for (std::int64_t k = 0; k < size; ++k) profit += gain[order[row++]];
    if (profit > best_profit) {
      best_profit = profit;
      best = g;
    }
  }
  return detail::choice_at(groups, best, detail::group_totals(groups), best_profit);
}

/// Customers of one cell of a swap-set table.
struct SwapCell {
  std::int64_t count = 0;  ///< rows
  std::int64_t goods = 0;  ///< rows labelled good
  std::int64_t bads = 0;   ///< rows labelled bad
  double exposure = 0.0;   ///< their total exposure (rows if no exposure was given)
  /// bads / count; NaN for an empty cell.
  double bad_rate() const noexcept {
    return detail::undefined_if_zero(static_cast<double>(bads), static_cast<double>(count));
  }
};

/// Who changes decision between policy a (score a, cutoff a) and policy b (score b, cutoff b).
struct SwapSet {
  SwapCell approved_by_both;   ///< approved under a and b
  SwapCell swapped_out;        ///< approved under a only: leave when moving from a to b
  SwapCell swapped_in;         ///< approved under b only: enter when moving from a to b
  SwapCell declined_by_both;   ///< declined under a and b
};

/// The swap-set table between two policies on the same rows: two cutoffs on one score (pass
/// the same scores twice) or two models (two scores, each with its cutoff).
/// @param scores_a n scores of policy a.
/// @param cutoff_a approve under a when scores_a >= cutoff_a.
/// @param scores_b n scores of policy b.
/// @param cutoff_b approve under b when scores_b >= cutoff_b.
/// @param is_good  n labels, 1 = good.
/// @param exposure n finite non-negative exposures, or NULL (each row counts 1).
/// @param n        the number of rows.
/// @return the four cells.
/// Throws Error(null_argument), Error(invalid_argument) for a NaN cutoff, a bad label or
/// exposure, Error(missing_value) for a NaN score, naming the score and row.
inline SwapSet swap_set(const double* scores_a, double cutoff_a, const double* scores_b,
                        double cutoff_b, const double* is_good, const double* exposure,
                        std::int64_t n) {
  if (n < 0) throw Error(Status::invalid_argument, "swap set: negative row count");
  if (n > 0 && (scores_a == nullptr || scores_b == nullptr || is_good == nullptr))
    throw Error(Status::null_argument, "swap set: scores_a, scores_b or labels is NULL");
  if (std::isnan(cutoff_a) || std::isnan(cutoff_b))
    throw Error(Status::invalid_argument, "swap set: a cutoff is NaN");
  SwapSet s;
  for (std::int64_t i = 0; i < n; ++i) {
    if (std::isnan(scores_a[i]) || std::isnan(scores_b[i]))
      throw Error(Status::missing_value, std::string("swap set: ") +
                                             (std::isnan(scores_a[i]) ? "scores_a" : "scores_b") +
                                             " is NaN at row " + std::to_string(i));
    if (is_good[i] != 0.0 && is_good[i] != 1.0)
      throw Error(Status::invalid_argument,
                  "swap set: label at row " + std::to_string(i) + " is not 0 or 1");
    const double e = exposure == nullptr ? 1.0 : exposure[i];
    if (exposure != nullptr) detail::check_weight("swap set", "exposure", e, i);
    const bool a = scores_a[i] >= cutoff_a, b = scores_b[i] >= cutoff_b;
    SwapCell& cell = a ? (b ? s.approved_by_both : s.swapped_out)
                       : (b ? s.swapped_in : s.declined_by_both);
    ++cell.count;
    (is_good[i] == 1.0 ? cell.goods : cell.bads) += 1;
    cell.exposure += e;
  }
  return s;
}

PAYSTRIKE_NAMESPACE_END
