/*
 * paystrike_evaluation.h: judging a score. The evaluation concern of the C ABI (included by
 * paystrike.h; C89-clean; the rules at the top of paystrike.h hold here too).
 *
 * Conventions (docs/evaluation.md):
 *  - The positive class is the good payer: is_good[i] is exactly 1 (good) or 0 (bad); a
 *    customer is approved (predicted good) when score >= cutoff.
 *  - Weights / exposures, where accepted, may be NULL (1 per row); otherwise finite and >= 0.
 *  - A rate whose denominator is zero is NaN ("undefined"), never 0. A metric undefined on the
 *    whole input (one class only, no rows) returns PAYSTRIKE_E_UNDEFINED.
 *  - Variable-length results use a capacity: pass NULL arrays and capacity 0 to learn the
 *    count in *out_count; with arrays, capacity must be >= the count (else
 *    PAYSTRIKE_E_DIMENSION_MISMATCH, the message gives the count needed).
 *  - The structs below are part of the ABI and never change; a new field means a new struct
 *    and a new function.
 *  - Errors common to all: NULL_ARGUMENT (a required pointer), INVALID_ARGUMENT (a negative n,
 *    a label other than 0/1, a bad weight or option; the message names the argument and row),
 *    MISSING_VALUE (a NaN score, probability or weight; the message names the row).
 */
#ifndef PAYSTRIKE_EVALUATION_H
#define PAYSTRIKE_EVALUATION_H

#include "paystrike/paystrike.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- confusion matrix ---- */

/** The four cells by name (counts, or sums of weights / exposures). */
typedef struct paystrike_confusion {
  double true_positives;  /**< approved and good */
  double false_positives; /**< approved and defaulted */
  double true_negatives;  /**< declined and defaulted */
  double false_negatives; /**< declined and good */
} paystrike_confusion;

/** Every rate of a confusion matrix; NaN where the denominator is zero. */
typedef struct paystrike_confusion_rates {
  double true_positive_rate;        /**< TP / (TP + FN) */
  double false_positive_rate;       /**< FP / (FP + TN) */
  double true_negative_rate;        /**< TN / (TN + FP) */
  double false_negative_rate;       /**< FN / (FN + TP) */
  double precision;                 /**< TP / (TP + FP) */
  double negative_predictive_value; /**< TN / (TN + FN) */
  double false_discovery_rate;      /**< FP / (TP + FP): bad rate among approved */
  double accuracy;                  /**< (TP + TN) / total */
  double balanced_accuracy;         /**< (TPR + TNR) / 2 */
  double f1;                        /**< 2TP / (2TP + FP + FN) */
  double matthews_correlation;      /**< in double; NaN when a margin is zero */
  double cohens_kappa;              /**< (p_o - p_e) / (1 - p_e) */
} paystrike_confusion_rates;

/* Confusion matrix of n rows at a cutoff (approved when score >= cutoff), each row counting
   weights[i] (NULL: 1). Writes *out. */
PAYSTRIKE_API int paystrike_confusion_at_cutoff(const double* scores, const double* is_good,
                                                const double* weights, int64_t n, double cutoff,
                                                paystrike_confusion* out);

/* Confusion matrix of actual and predicted labels with an explicit positive label: a row is
   positive when its label equals positive_label, negative otherwise. */
PAYSTRIKE_API int paystrike_confusion_from_labels(const double* actual, const double* predicted,
                                                  int64_t n, double positive_label,
                                                  paystrike_confusion* out);

/* All rates of a matrix. Errors: NULL_ARGUMENT, INVALID_ARGUMENT (a negative or NaN cell). */
PAYSTRIKE_API int paystrike_confusion_compute_rates(const paystrike_confusion* matrix,
                                                    paystrike_confusion_rates* out);

/* ---- ranking without a cutoff ---- */

/** AUC (ties one half), Gini, KS and where it is reached, and the concordance counts. */
typedef struct paystrike_ranking {
  double auc; /**< the AUC (ties one half) */
  double gini;             /**< 2 AUC - 1 (Somers' D) */
  double ks;               /**< max |TPR - FPR| over distinct scores */
  double ks_threshold;     /**< the (highest) score at which KS is reached */
  int64_t positives;       /**< rows labelled good */
  int64_t negatives;       /**< rows labelled bad */
  double concordant_pairs; /**< (weighted) pairs with the good scored higher */
  double discordant_pairs; /**< pairs with the good scored lower */
  double tied_pairs;       /**< pairs with equal scores */
  int64_t roc_points;      /**< distinct scores = points of the ROC curve */
} paystrike_ranking;

/* Ranking metrics, optionally weighted. Errors: UNDEFINED with one class only. */
PAYSTRIKE_API int paystrike_ranking_metrics(const double* scores, const double* is_good,
                                            const double* weights, int64_t n,
                                            paystrike_ranking* out);

/* The ROC curve, one point per distinct score from the highest down: approve at
   score >= out_threshold[k] gives (out_fpr[k], out_tpr[k]). Capacity rule above. */
PAYSTRIKE_API int paystrike_roc_curve(const double* scores, const double* is_good,
                                      const double* weights, int64_t n, double* out_threshold,
                                      double* out_fpr, double* out_tpr, int64_t capacity,
                                      int64_t* out_count);

/* The precision-recall curve (same points) and the average precision (step sum, as
   scikit-learn). out_average_precision may be NULL. Errors: UNDEFINED with no good rows. */
PAYSTRIKE_API int paystrike_precision_recall_curve(const double* scores, const double* is_good,
                                                   const double* weights, int64_t n,
                                                   double* out_threshold, double* out_precision,
                                                   double* out_recall, int64_t capacity,
                                                   int64_t* out_count,
                                                   double* out_average_precision);

/* ---- probabilities ---- */

/* Brier score of P(good) against the outcomes. Errors: INVALID_ARGUMENT (p outside [0,1]). */
PAYSTRIKE_API int paystrike_brier_score(const double* prob_good, const double* is_good,
                                        const double* weights, int64_t n, double* out);

/* Log loss; clip_epsilon 0 clips nothing (p = 0 on a good gives +inf), else p is clipped to
   [eps, 1 - eps] with eps in (0, 0.5). */
PAYSTRIKE_API int paystrike_log_loss(const double* prob_good, const double* is_good,
                                     const double* weights, int64_t n, double clip_epsilon,
                                     double* out);

/* ---- bands, calibration, lift ---- */

/* At most bands - 1 increasing inner edges of quantile bands of the scores (ties kept together;
   bands are [edge_{k-1}, edge_k), a score on an edge goes up). Capacity rule above. */
PAYSTRIKE_API int paystrike_quantile_band_edges(const double* scores, int64_t n, int64_t bands,
                                                double* out_edges, int64_t capacity,
                                                int64_t* out_count);

/** One band of a calibration table; odds are good:bad. */
typedef struct paystrike_calibration_band {
  double lower;              /**< scores >= lower (-inf for the first band) */
  double upper;              /**< and < upper (+inf for the last) */
  int64_t count; /**< rows */
  int64_t goods; /**< rows labelled good */
  int64_t bads; /**< rows labelled bad */
  double mean_score; /**< mean score of the band */
  double expected_goods;     /**< sum of P(good) */
  double mean_predicted;     /**< mean P(good) */
  double observed_good_rate; /**< goods / count */
  double predicted_odds;     /**< expected_goods / (count - expected_goods) */
  double observed_odds;      /**< goods / bads; +inf with no bads */
} paystrike_calibration_band;

/* Calibration table over the bands given by n_edges inner edges (non-empty bands only, lowest
   scores first). Capacity rule above (at most n_edges + 1 bands). */
PAYSTRIKE_API int paystrike_calibration_table(const double* scores, const double* prob_good,
                                              const double* is_good, int64_t n,
                                              const double* edges, int64_t n_edges,
                                              paystrike_calibration_band* out_bands,
                                              int64_t capacity, int64_t* out_count);

/** Hosmer-Lemeshow test. */
typedef struct paystrike_hosmer_lemeshow {
  double statistic; /**< sum over bands of (O - E)^2 / (E (1 - E / n)) */
  int64_t degrees_of_freedom; /**< non-empty bands - 2 */
  double p_value; /**< P(chi-square(df) > statistic) */
} paystrike_hosmer_lemeshow;

/* Hosmer-Lemeshow over the calibration bands. Errors: UNDEFINED (fewer than 3 bands, or a band
   whose predictions are all 0 or all 1). */
PAYSTRIKE_API int paystrike_hosmer_lemeshow_test(const double* scores, const double* prob_good,
                                                 const double* is_good, int64_t n,
                                                 const double* edges, int64_t n_edges,
                                                 paystrike_hosmer_lemeshow* out);

/** Whether the observed odds double every PDO points. */
typedef struct paystrike_odds_doubling {
  double slope;         /**< fitted d ln(observed odds) / d score */
  double intercept; /**< fitted ln odds at score 0 */
  double implied_pdo;   /**< ln 2 / slope */
  double nominal_pdo; /**< the PDO the scaling promised */
  double ratio;         /**< implied / nominal */
  int64_t bands_used; /**< bands with both goods and bads */
  int64_t bands_excluded; /**< bands without goods or without bads */
} paystrike_odds_doubling;

/* Count-weighted least squares of ln(observed odds) on each band's mean score. Errors:
   INVALID_ARGUMENT (nominal_pdo), UNDEFINED (fewer than 2 usable bands). */
PAYSTRIKE_API int paystrike_odds_doubling_check(const double* scores, const double* prob_good,
                                                const double* is_good, int64_t n,
                                                const double* edges, int64_t n_edges,
                                                double nominal_pdo, paystrike_odds_doubling* out);

/* Rank order of a lift table. */
#define PAYSTRIKE_HIGHEST_FIRST 0
#define PAYSTRIKE_LOWEST_FIRST 1

/** One band of a lift and gains table; the target is the class labelled 1. */
typedef struct paystrike_lift_band {
  double lower; /**< lower end of the interval */
  double upper; /**< upper end of the interval */
  int64_t count; /**< rows */
  int64_t targets; /**< rows labelled 1 (the target class) */
  double target_rate; /**< targets / count */
  double lift; /**< target_rate / overall target rate */
  double cumulative_share; /**< share of all rows in this and the earlier bands */
  double cumulative_target_share; /**< gains */
  double cumulative_non_target_share; /**< share of all non-targets in them */
  double cumulative_lift; /**< cumulative target rate / overall target rate */
} paystrike_lift_band;

/* Lift and gains table over `bands` quantile bands (10: deciles). is_target 1 for the target
   (is_good with PAYSTRIKE_HIGHEST_FIRST: goods captured from the top; 1 - is_good with
   PAYSTRIKE_LOWEST_FIRST: defaulters captured from the bottom). Capacity rule above. */
PAYSTRIKE_API int paystrike_lift_table(const double* scores, const double* is_target, int64_t n,
                                       int64_t bands, int order, paystrike_lift_band* out_bands,
                                       int64_t capacity, int64_t* out_count);

/* ---- stability ---- */

/* Conventional readings of a PSI / CSI. */
#define PAYSTRIKE_STABILITY_STABLE 0         /* < 0.1 */
#define PAYSTRIKE_STABILITY_MODERATE_SHIFT 1 /* 0.1 to 0.25 */
#define PAYSTRIKE_STABILITY_MAJOR_SHIFT 2    /* >= 0.25 or +inf */

/* PSI between reference (expected) and current (actual) counts or proportions over `bins`
   bins; each side is normalised by its own sum. A bin empty on one side only gives +inf unless
   pseudocount > 0, which is added to such bins on the empty side before normalising.
   out_terms (NULL or `bins` values) and out_band may be NULL. */
PAYSTRIKE_API int paystrike_population_stability_index(const double* expected,
                                                        const double* actual, int64_t bins,
                                                        double pseudocount, double* out_index,
                                                        double* out_terms, int* out_band);

/* PSI of scores on the bands of the given inner edges (typically the reference's deciles). */
PAYSTRIKE_API int paystrike_score_stability_index(const double* reference, int64_t n_reference,
                                                  const double* current, int64_t n_current,
                                                  const double* edges, int64_t n_edges,
                                                  double pseudocount, double* out_index,
                                                  int* out_band);

/* CSI of one characteristic from bin indices in [0, bins). */
PAYSTRIKE_API int paystrike_characteristic_stability_index(
    const int64_t* reference_bins, int64_t n_reference, const int64_t* current_bins,
    int64_t n_current, int64_t bins, double pseudocount, double* out_index, int* out_band);

/* ---- confidence intervals ---- */

/** An AUC with DeLong's standard error and interval auc +/- z * se. */
typedef struct paystrike_auc_interval {
  double auc; /**< the AUC (ties one half) */
  double standard_error; /**< standard error */
  double lower; /**< lower end of the interval */
  double upper; /**< upper end of the interval */
  double level; /**< the confidence level, e.g. 0.95 */
} paystrike_auc_interval;

/* DeLong interval of the AUC at `level` in (0, 1). Errors: UNDEFINED (< 2 rows of a class). */
PAYSTRIKE_API int paystrike_auc_delong(const double* scores, const double* is_good, int64_t n,
                                       double level, paystrike_auc_interval* out);

/** DeLong comparison of two correlated AUCs (two scores of the same rows). */
typedef struct paystrike_auc_difference {
  double auc_a; /**< AUC of score a */
  double auc_b; /**< AUC of score b */
  double difference;      /**< auc_a - auc_b */
  double standard_error; /**< standard error */
  double z; /**< difference / standard_error (NaN when the error is 0) */
  double p_value;         /**< two-sided; NaN when the standard error is 0 */
  double lower; /**< lower end of the interval */
  double upper; /**< upper end of the interval */
  double level; /**< the confidence level, e.g. 0.95 */
} paystrike_auc_difference;

/* DeLong test and interval of AUC(a) - AUC(b). */
PAYSTRIKE_API int paystrike_auc_difference_delong(const double* scores_a, const double* scores_b,
                                                  const double* is_good, int64_t n, double level,
                                                  paystrike_auc_difference* out);

/** KS with a stratified percentile bootstrap interval. */
typedef struct paystrike_ks_interval {
  double ks; /**< KS on the data */
  double lower; /**< lower end of the interval */
  double upper; /**< upper end of the interval */
  double standard_error; /**< standard error */
  double level; /**< the confidence level, e.g. 0.95 */
  int64_t replicates; /**< the number of replicates */
  uint64_t seed; /**< the seed used */
} paystrike_ks_interval;

/* Bootstrap interval of KS with `replicates` (>= 2) replicates, seeded (SplitMix64): the same
   seed gives the same interval on every platform. */
PAYSTRIKE_API int paystrike_ks_bootstrap(const double* scores, const double* is_good, int64_t n,
                                         int64_t replicates, double level, uint64_t seed,
                                         paystrike_ks_interval* out);

/* ---- cutoffs ---- */

/** A chosen cutoff; cutoff = +inf means approve nobody. */
typedef struct paystrike_cutoff_choice {
  double cutoff; /**< approve when score >= cutoff (+inf: nobody) */
  double objective;               /**< KS, J, achieved rate or profit */
  double approval_rate; /**< share of rows approved */
  double bad_rate_among_approved; /**< NaN when nobody is approved */
  paystrike_confusion confusion;  /**< unweighted counts at the cutoff */
} paystrike_cutoff_choice;

/* Cutoff of maximum KS. */
PAYSTRIKE_API int paystrike_cutoff_max_ks(const double* scores, const double* is_good, int64_t n,
                                          paystrike_cutoff_choice* out);
/* Cutoff of maximum Youden's J = TPR - FPR. */
PAYSTRIKE_API int paystrike_cutoff_youden(const double* scores, const double* is_good, int64_t n,
                                          paystrike_cutoff_choice* out);
/* Highest cutoff approving at least `target` (in (0, 1]) of the rows. */
PAYSTRIKE_API int paystrike_cutoff_approval_rate(const double* scores, const double* is_good,
                                                 int64_t n, double target,
                                                 paystrike_cutoff_choice* out);
/* Lowest cutoff whose bad rate among approved is <= target. Errors: UNDEFINED if none. */
PAYSTRIKE_API int paystrike_cutoff_bad_rate(const double* scores, const double* is_good,
                                            int64_t n, double target,
                                            paystrike_cutoff_choice* out);
/* Cutoff of maximum profit: a good earns margin * exposure, a bad loses
   loss_given_default * exposure; realised on the outcomes when prob_good is NULL, expected
   from prob_good otherwise. exposure may be NULL (1 each). */
PAYSTRIKE_API int paystrike_cutoff_profit(const double* scores, const double* is_good,
                                          const double* prob_good, const double* exposure,
                                          int64_t n, double margin, double loss_given_default,
                                          paystrike_cutoff_choice* out);

/** One cell of a swap-set table. */
typedef struct paystrike_swap_cell {
  int64_t count; /**< rows */
  int64_t goods; /**< rows labelled good */
  int64_t bads; /**< rows labelled bad */
  double exposure; /**< total exposure (rows if exposure was NULL) */
} paystrike_swap_cell;

/** Who changes decision from policy a to policy b. */
typedef struct paystrike_swap_set {
  paystrike_swap_cell approved_by_both; /**< approved under a and b */
  paystrike_swap_cell swapped_out; /**< approved under a only */
  paystrike_swap_cell swapped_in;  /**< approved under b only */
  paystrike_swap_cell declined_by_both; /**< declined under a and b */
} paystrike_swap_set;

/* Swap set between (scores_a, cutoff_a) and (scores_b, cutoff_b) on the same rows; pass the
   same scores twice to compare two cutoffs. */
PAYSTRIKE_API int paystrike_swap_set_table(const double* scores_a, double cutoff_a,
                                           const double* scores_b, double cutoff_b,
                                           const double* is_good, const double* exposure,
                                           int64_t n, paystrike_swap_set* out);

#ifdef __cplusplus
}
#endif

#endif /* PAYSTRIKE_EVALUATION_H */
