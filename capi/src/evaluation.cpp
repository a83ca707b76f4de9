// The C ABI of the evaluation concern: thin wrappers over the header-only metrics. Every body
// runs inside the exception fence; outputs are written only on success.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "fence.hpp"
#include "paystrike/calibration.hpp"
#include "paystrike/confidence_intervals.hpp"
#include "paystrike/confusion.hpp"
#include "paystrike/cutoff_selection.hpp"
#include "paystrike/lift.hpp"
#include "paystrike/paystrike.h"
#include "paystrike/probability_metrics.hpp"
#include "paystrike/ranking_metrics.hpp"
#include "paystrike/score_bands.hpp"
#include "paystrike/stability.hpp"

namespace {

namespace ps = paystrike;
using paystrike::Status;
using paystrike_capi::fenced;
using paystrike_capi::raise;

static_assert(PAYSTRIKE_HIGHEST_FIRST == static_cast<int>(ps::RankOrder::highest_first), "order");
static_assert(PAYSTRIKE_LOWEST_FIRST == static_cast<int>(ps::RankOrder::lowest_first), "order");
static_assert(PAYSTRIKE_STABILITY_STABLE == static_cast<int>(ps::StabilityBand::stable), "band");
static_assert(PAYSTRIKE_STABILITY_MODERATE_SHIFT ==
                  static_cast<int>(ps::StabilityBand::moderate_shift), "band");
static_assert(PAYSTRIKE_STABILITY_MAJOR_SHIFT == static_cast<int>(ps::StabilityBand::major_shift),
              "band");

void require(const void* pointer, const char* name) {
  if (pointer == nullptr) raise(Status::null_argument, std::string(name) + " is NULL");
}

paystrike_confusion to_c(const ps::ConfusionMatrix& m) {
  return {static_cast<double>(m.true_positives), static_cast<double>(m.false_positives),
          static_cast<double>(m.true_negatives), static_cast<double>(m.false_negatives)};
}

paystrike_confusion to_c(const ps::WeightedConfusionMatrix& m) {
  return {m.true_positives, m.false_positives, m.true_negatives, m.false_negatives};
}

// Writes `count` items with `write(k)` when the caller's arrays are present, after checking
// the capacity; always sets *out_count (on success). Arrays NULL + capacity 0: count only.
template <class Write>
void deliver(std::int64_t count, bool have_arrays, std::int64_t capacity, std::int64_t* out_count,
             Write&& write) {
  if (capacity < 0) raise(Status::invalid_argument, "capacity is negative");
  if (have_arrays) {
    if (capacity < count)
      raise(Status::dimension_mismatch, "capacity " + std::to_string(capacity) +
                                            " is less than the " + std::to_string(count) +
                                            " entries of the result");
    for (std::int64_t k = 0; k < count; ++k) write(static_cast<std::size_t>(k));
  }
  *out_count = count;
}

std::vector<double> edges_of(const double* edges, std::int64_t n_edges) {
  if (n_edges < 0) raise(Status::invalid_argument, "n_edges is negative");
  if (n_edges > 0) require(edges, "edges");
  return std::vector<double>(edges, edges + n_edges);
}

paystrike_cutoff_choice to_c(const ps::CutoffChoice& c) {
  return {c.cutoff, c.objective, c.approval_rate, c.bad_rate_among_approved, to_c(c.confusion)};
}

paystrike_swap_cell to_c(const ps::SwapCell& c) { return {c.count, c.goods, c.bads, c.exposure}; }

}  // namespace

extern "C" {

PAYSTRIKE_API int paystrike_confusion_at_cutoff(const double* scores, const double* is_good,
                                                const double* weights, int64_t n, double cutoff,
                                                paystrike_confusion* out) {
  return fenced("paystrike_confusion_at_cutoff", [&] {
    require(out, "out");
    *out = to_c(ps::weighted_confusion_at_cutoff(scores, is_good, weights, n, cutoff));
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_confusion_from_labels(const double* actual, const double* predicted,
                                                  int64_t n, double positive_label,
                                                  paystrike_confusion* out) {
  return fenced("paystrike_confusion_from_labels", [&] {
    require(out, "out");
    *out = to_c(ps::confusion_from_labels(actual, predicted, n, positive_label));
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_confusion_compute_rates(const paystrike_confusion* matrix,
                                                    paystrike_confusion_rates* out) {
  return fenced("paystrike_confusion_compute_rates", [&] {
    require(matrix, "matrix");
    require(out, "out");
    for (double cell : {matrix->true_positives, matrix->false_positives, matrix->true_negatives,
                        matrix->false_negatives})
      if (!(cell >= 0.0) || !std::isfinite(cell))
        raise(Status::invalid_argument, "a cell of the matrix is negative, infinite or NaN");
    const ps::WeightedConfusionMatrix m{matrix->true_positives, matrix->false_positives,
                                        matrix->true_negatives, matrix->false_negatives};
    *out = {m.true_positive_rate(), m.false_positive_rate(), m.true_negative_rate(),
            m.false_negative_rate(), m.precision(), m.negative_predictive_value(),
            m.false_discovery_rate(), m.accuracy(), m.balanced_accuracy(), m.f1(),
            m.matthews_correlation(), m.cohens_kappa()};
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_ranking_metrics(const double* scores, const double* is_good,
                                            const double* weights, int64_t n,
                                            paystrike_ranking* out) {
  return fenced("paystrike_ranking_metrics", [&] {
    require(out, "out");
    const ps::RankingMetrics m = ps::weighted_ranking_metrics(scores, is_good, weights, n);
    *out = {m.auc, m.gini, m.ks.statistic, m.ks.threshold, m.positives, m.negatives,
            m.concordant_pairs, m.discordant_pairs, m.tied_pairs,
            static_cast<int64_t>(m.roc.size())};
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_roc_curve(const double* scores, const double* is_good,
                                      const double* weights, int64_t n, double* out_threshold,
                                      double* out_fpr, double* out_tpr, int64_t capacity,
                                      int64_t* out_count) {
  return fenced("paystrike_roc_curve", [&] {
    require(out_count, "out_count");
    const bool arrays = out_threshold != nullptr || out_fpr != nullptr || out_tpr != nullptr;
    if (arrays && (out_threshold == nullptr || out_fpr == nullptr || out_tpr == nullptr))
      raise(Status::null_argument, "out_threshold, out_fpr and out_tpr must all be given or all NULL");
    const ps::RankingMetrics m = ps::weighted_ranking_metrics(scores, is_good, weights, n);
    deliver(static_cast<std::int64_t>(m.roc.size()), arrays, capacity, out_count, [&](std::size_t k) {
      out_threshold[k] = m.roc[k].threshold;
      out_fpr[k] = m.roc[k].false_positive_rate;
      out_tpr[k] = m.roc[k].true_positive_rate;
    });
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_precision_recall_curve(const double* scores, const double* is_good,
                                                   const double* weights, int64_t n,
                                                   double* out_threshold, double* out_precision,
                                                   double* out_recall, int64_t capacity,
                                                   int64_t* out_count,
                                                   double* out_average_precision) {
  return fenced("paystrike_precision_recall_curve", [&] {
    require(out_count, "out_count");
    const bool arrays = out_threshold != nullptr || out_precision != nullptr || out_recall != nullptr;
    if (arrays && (out_threshold == nullptr || out_precision == nullptr || out_recall == nullptr))
      raise(Status::null_argument,
            "out_threshold, out_precision and out_recall must all be given or all NULL");
    const ps::PrecisionRecall pr = ps::precision_recall(scores, is_good, weights, n);
    deliver(static_cast<std::int64_t>(pr.curve.size()), arrays, capacity, out_count, [&](std::size_t k) {
      out_threshold[k] = pr.curve[k].threshold;
      out_precision[k] = pr.curve[k].precision;
      out_recall[k] = pr.curve[k].recall;
    });
    if (out_average_precision != nullptr) *out_average_precision = pr.average_precision;
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_brier_score(const double* prob_good, const double* is_good,
                                        const double* weights, int64_t n, double* out) {
  return fenced("paystrike_brier_score", [&] {
    require(out, "out");
    *out = ps::brier_score(prob_good, is_good, weights, n);
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_log_loss(const double* prob_good, const double* is_good,
                                     const double* weights, int64_t n, double clip_epsilon,
                                     double* out) {
  return fenced("paystrike_log_loss", [&] {
    require(out, "out");
    *out = ps::log_loss(prob_good, is_good, weights, n, clip_epsilon);
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_quantile_band_edges(const double* scores, int64_t n, int64_t bands,
                                                double* out_edges, int64_t capacity,
                                                int64_t* out_count) {
  return fenced("paystrike_quantile_band_edges", [&] {
    require(out_count, "out_count");
    const std::vector<double> edges = ps::quantile_band_edges(scores, n, bands);
    deliver(static_cast<std::int64_t>(edges.size()), out_edges != nullptr, capacity, out_count,
            [&](std::size_t k) { out_edges[k] = edges[k]; });
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_calibration_table(const double* scores, const double* prob_good,
                                              const double* is_good, int64_t n,
                                              const double* edges, int64_t n_edges,
                                              paystrike_calibration_band* out_bands,
                                              int64_t capacity, int64_t* out_count) {
  return fenced("paystrike_calibration_table", [&] {
    require(out_count, "out_count");
    const ps::CalibrationTable t =
        ps::calibration_table(scores, prob_good, is_good, n, edges_of(edges, n_edges));
    deliver(static_cast<std::int64_t>(t.bands.size()), out_bands != nullptr, capacity, out_count,
            [&](std::size_t k) {
              const ps::CalibrationBand& b = t.bands[k];
              out_bands[k] = {b.lower, b.upper, b.count, b.goods, b.bads, b.mean_score,
                              b.expected_goods, b.mean_predicted, b.observed_good_rate,
                              b.predicted_odds, b.observed_odds};
            });
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_hosmer_lemeshow_test(const double* scores, const double* prob_good,
                                                 const double* is_good, int64_t n,
                                                 const double* edges, int64_t n_edges,
                                                 paystrike_hosmer_lemeshow* out) {
  return fenced("paystrike_hosmer_lemeshow_test", [&] {
    require(out, "out");
    const ps::HosmerLemeshow h = ps::hosmer_lemeshow(
        ps::calibration_table(scores, prob_good, is_good, n, edges_of(edges, n_edges)));
    *out = {h.statistic, h.degrees_of_freedom, h.p_value};
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_odds_doubling_check(const double* scores, const double* prob_good,
                                                const double* is_good, int64_t n,
                                                const double* edges, int64_t n_edges,
                                                double nominal_pdo, paystrike_odds_doubling* out) {
  return fenced("paystrike_odds_doubling_check", [&] {
    require(out, "out");
    const ps::OddsDoublingCheck c = ps::odds_doubling_check(
        ps::calibration_table(scores, prob_good, is_good, n, edges_of(edges, n_edges)), nominal_pdo);
    *out = {c.slope, c.intercept, c.implied_pdo, c.nominal_pdo, c.ratio, c.bands_used,
            c.bands_excluded};
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_lift_table(const double* scores, const double* is_target, int64_t n,
                                       int64_t bands, int order, paystrike_lift_band* out_bands,
                                       int64_t capacity, int64_t* out_count) {
  return fenced("paystrike_lift_table", [&] {
    require(out_count, "out_count");
    if (order != PAYSTRIKE_HIGHEST_FIRST && order != PAYSTRIKE_LOWEST_FIRST)
      raise(Status::invalid_argument, "order must be PAYSTRIKE_HIGHEST_FIRST or PAYSTRIKE_LOWEST_FIRST");
    const std::vector<ps::LiftBand> t =
        ps::lift_table(scores, is_target, n, bands, static_cast<ps::RankOrder>(order));
    deliver(static_cast<std::int64_t>(t.size()), out_bands != nullptr, capacity, out_count,
            [&](std::size_t k) {
              const ps::LiftBand& b = t[k];
              out_bands[k] = {b.lower, b.upper, b.count, b.targets, b.target_rate, b.lift,
                              b.cumulative_share, b.cumulative_target_share,
                              b.cumulative_non_target_share, b.cumulative_lift};
            });
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_population_stability_index(const double* expected,
                                                        const double* actual, int64_t bins,
                                                        double pseudocount, double* out_index,
                                                        double* out_terms, int* out_band) {
  return fenced("paystrike_population_stability_index", [&] {
    require(out_index, "out_index");
    const ps::StabilityIndex s = ps::population_stability_index(expected, actual, bins, pseudocount);
    if (out_terms != nullptr)
      for (std::size_t k = 0; k < s.terms.size(); ++k) out_terms[k] = s.terms[k];
    *out_index = s.index;
    if (out_band != nullptr) *out_band = static_cast<int>(s.band);
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_score_stability_index(const double* reference, int64_t n_reference,
                                                  const double* current, int64_t n_current,
                                                  const double* edges, int64_t n_edges,
                                                  double pseudocount, double* out_index,
                                                  int* out_band) {
  return fenced("paystrike_score_stability_index", [&] {
    require(out_index, "out_index");
    const ps::StabilityIndex s = ps::score_stability_index(reference, n_reference, current, n_current,
                                                           edges_of(edges, n_edges), pseudocount);
    *out_index = s.index;
    if (out_band != nullptr) *out_band = static_cast<int>(s.band);
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_characteristic_stability_index(
    const int64_t* reference_bins, int64_t n_reference, const int64_t* current_bins,
    int64_t n_current, int64_t bins, double pseudocount, double* out_index, int* out_band) {
  return fenced("paystrike_characteristic_stability_index", [&] {
    require(out_index, "out_index");
    const ps::StabilityIndex s = ps::characteristic_stability_index(
        reference_bins, n_reference, current_bins, n_current, bins, pseudocount);
    *out_index = s.index;
    if (out_band != nullptr) *out_band = static_cast<int>(s.band);
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_auc_delong(const double* scores, const double* is_good, int64_t n,
                                       double level, paystrike_auc_interval* out) {
  return fenced("paystrike_auc_delong", [&] {
    require(out, "out");
    const ps::AucInterval r = ps::auc_delong_interval(scores, is_good, n, level);
    *out = {r.auc, r.standard_error, r.lower, r.upper, r.level};
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_auc_difference_delong(const double* scores_a, const double* scores_b,
                                                  const double* is_good, int64_t n, double level,
                                                  paystrike_auc_difference* out) {
  return fenced("paystrike_auc_difference_delong", [&] {
    require(out, "out");
    const ps::AucDifference r = ps::auc_difference_delong(scores_a, scores_b, is_good, n, level);
    *out = {r.auc_a, r.auc_b, r.difference, r.standard_error, r.z, r.p_value, r.lower, r.upper,
            r.level};
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_ks_bootstrap(const double* scores, const double* is_good, int64_t n,
                                         int64_t replicates, double level, uint64_t seed,
                                         paystrike_ks_interval* out) {
  return fenced("paystrike_ks_bootstrap", [&] {
    require(out, "out");
    const ps::KsInterval r = ps::ks_bootstrap_interval(scores, is_good, n, replicates, level, seed);
    *out = {r.ks, r.lower, r.upper, r.standard_error, r.level, r.replicates, r.seed};
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_cutoff_max_ks(const double* scores, const double* is_good, int64_t n,
                                          paystrike_cutoff_choice* out) {
  return fenced("paystrike_cutoff_max_ks", [&] {
    require(out, "out");
    *out = to_c(ps::cutoff_by_max_ks(scores, is_good, n));
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_cutoff_youden(const double* scores, const double* is_good, int64_t n,
                                          paystrike_cutoff_choice* out) {
  return fenced("paystrike_cutoff_youden", [&] {
    require(out, "out");
    *out = to_c(ps::cutoff_by_youden(scores, is_good, n));
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_cutoff_approval_rate(const double* scores, const double* is_good,
                                                 int64_t n, double target,
                                                 paystrike_cutoff_choice* out) {
  return fenced("paystrike_cutoff_approval_rate", [&] {
    require(out, "out");
    *out = to_c(ps::cutoff_by_approval_rate(scores, is_good, n, target));
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_cutoff_bad_rate(const double* scores, const double* is_good,
                                            int64_t n, double target,
                                            paystrike_cutoff_choice* out) {
  return fenced("paystrike_cutoff_bad_rate", [&] {
    require(out, "out");
    *out = to_c(ps::cutoff_by_bad_rate(scores, is_good, n, target));
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_cutoff_profit(const double* scores, const double* is_good,
                                          const double* prob_good, const double* exposure,
                                          int64_t n, double margin, double loss_given_default,
                                          paystrike_cutoff_choice* out) {
  return fenced("paystrike_cutoff_profit", [&] {
    require(out, "out");
    *out = to_c(ps::cutoff_by_profit(scores, is_good, prob_good, exposure, n,
                                     ps::ProfitAssumptions{margin, loss_given_default}));
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_swap_set_table(const double* scores_a, double cutoff_a,
                                           const double* scores_b, double cutoff_b,
                                           const double* is_good, const double* exposure,
                                           int64_t n, paystrike_swap_set* out) {
  return fenced("paystrike_swap_set_table", [&] {
    require(out, "out");
    const ps::SwapSet s = ps::swap_set(scores_a, cutoff_a, scores_b, cutoff_b, is_good, exposure, n);
    *out = {to_c(s.approved_by_both), to_c(s.swapped_out), to_c(s.swapped_in),
            to_c(s.declined_by_both)};
    return PAYSTRIKE_OK;
  });
}

}  // extern "C"
