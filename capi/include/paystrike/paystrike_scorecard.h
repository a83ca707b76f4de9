/*
 * paystrike_scorecard.h: scorecards through the C ABI (included by paystrike.h).
 *
 * C89-clean; the rules of paystrike.h hold (statuses, untouched outputs on failure,
 * thread-local last error, free functions accept NULL). Conventions (docs/scorecard.md):
 *  - good = 1 and bad = 0; a bin's event rate is its bad rate;
 *  - WoE = ln(%good / %bad); intervals are left-closed [a, b): a value equal to a cut point
 *    belongs to the upper bin; an empty or pure missing, special or rare-level bin gets WoE 0;
 *  - points of a binned characteristic = factor * coefficient * WoE of the bin; the base points
 *    (offset + factor * intercept) and the characteristics' points add up to the score.
 *
 * Building: create a builder over the response (and optional weights), add characteristics
 * (each a column of doubles; categorical columns hold level codes), optionally select, fit,
 * and get a paystrike_model that scores, explains and saves like any other. The model's input
 * columns are the builder's characteristics in the order they were added (and kept).
 */
#ifndef PAYSTRIKE_SCORECARD_H
#define PAYSTRIKE_SCORECARD_H

#include "paystrike/paystrike.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bad-rate trends of numeric binning. */
#define PAYSTRIKE_TREND_NONE 0
#define PAYSTRIKE_TREND_ASCENDING 1  /* the bad rate rises with the value */
#define PAYSTRIKE_TREND_DESCENDING 2
#define PAYSTRIKE_TREND_AUTO 3       /* the direction that keeps the higher IV */

/* Numeric pre-binning methods. */
#define PAYSTRIKE_PREBIN_QUANTILE 0
#define PAYSTRIKE_PREBIN_TREE 1

/* Kinds of bin. */
#define PAYSTRIKE_BIN_REGULAR 0
#define PAYSTRIKE_BIN_SPECIAL 1
#define PAYSTRIKE_BIN_MISSING 2

/* Reason-code baselines. */
#define PAYSTRIKE_BASELINE_MAX_POINTS 0       /* each characteristic's best points */
#define PAYSTRIKE_BASELINE_MEAN_ALL 1         /* mean points of all training rows */
#define PAYSTRIKE_BASELINE_MEAN_NEAR_CUTOFF 2 /* mean over rows scoring within band of cutoff */

/* A scorecard under construction; not thread-safe (one thread at a time). */
typedef struct paystrike_scorecard_builder paystrike_scorecard_builder;

/* A builder over n_rows training rows: good[i] is 1 (good) or 0 (bad); weights may be NULL
   (all 1) or n_rows non-negative finite weights. The arrays are copied.
   Errors: NULL_ARGUMENT, INVALID_ARGUMENT (n_rows <= 0, good not 0/1, a bad weight; the
   message names the row). */
PAYSTRIKE_API int paystrike_scorecard_builder_new(const double* good, const double* weights,
                                                  int64_t n_rows,
                                                  paystrike_scorecard_builder** out_builder);

/* Releases a builder. NULL is accepted. */
PAYSTRIKE_API void paystrike_scorecard_builder_free(paystrike_scorecard_builder* builder);

/* Adds a numeric characteristic and fits its binning at once. x[i * stride] is row i (NaN =
   missing, which gets its own bin). special_values (n_special, may be NULL when 0) get a bin
   each. prebinning: PAYSTRIKE_PREBIN_*; max_prebins >= 2; min_bin_share in [0, 0.5];
   max_bins >= 1; trend: PAYSTRIKE_TREND_*. Writes the characteristic's index.
   Errors: NULL_ARGUMENT, INVALID_ARGUMENT (a bad option, an infinite x, a repeated name),
   UNDEFINED (one class only). */
PAYSTRIKE_API int paystrike_scorecard_builder_add_numeric(
    paystrike_scorecard_builder* builder, const char* name, const double* x, int64_t stride,
    int prebinning, int64_t max_prebins, double min_bin_share, int64_t max_bins, int trend,
    const double* special_values, int64_t n_special, int64_t* out_index);

/* Adds a numeric characteristic on the caller's cut points (strictly ascending, finite;
   n_cuts may be 0 for one interval), nothing merged. Errors as add_numeric. */
PAYSTRIKE_API int paystrike_scorecard_builder_add_cuts(
    paystrike_scorecard_builder* builder, const char* name, const double* x, int64_t stride,
    const double* cut_points, int64_t n_cuts, const double* special_values, int64_t n_special,
    int64_t* out_index);

/* Adds a categorical characteristic: x holds level codes (exact doubles, NaN = missing).
   Levels under min_level_share of the rows join one "other" bin, which also takes levels
   unseen in training (without rare levels an unseen level is refused when scoring); groups
   are ordered by bad rate and merged under min_bin_share and max_bins. Errors as add_numeric. */
PAYSTRIKE_API int paystrike_scorecard_builder_add_categorical(
    paystrike_scorecard_builder* builder, const char* name, const double* x, int64_t stride,
    double min_level_share, double min_bin_share, int64_t max_bins,
    const double* special_values, int64_t n_special, int64_t* out_index);

/* WoE smoothing for characteristics added after this call: pseudo_count (finite, >= 0) is
   added to every bin's goods and bads before the totals. Default 0 (unsmoothed). */
PAYSTRIKE_API int paystrike_scorecard_builder_set_pseudo_count(
    paystrike_scorecard_builder* builder, double pseudo_count);

/* The number of characteristics the builder holds. */
PAYSTRIKE_API int paystrike_scorecard_builder_num_characteristics(
    const paystrike_scorecard_builder* builder, int64_t* out_count);

/* The number of bins of characteristic `index` (regular, then special, then missing). */
PAYSTRIKE_API int paystrike_scorecard_builder_num_bins(const paystrike_scorecard_builder* builder,
                                                       int64_t index, int64_t* out_count);

/* One row of characteristic `index`'s binning table. Every output may be NULL. The label
   ("[0.58, 0.72)", "{rent, owner}", "special 999", "missing") stays valid while the builder
   lives and the characteristic is kept. kind: PAYSTRIKE_BIN_*; event_rate = bads / count (NaN
   for an empty bin); woe is the model's (finite); iv is the bin's share of the IV.
   Errors: NULL_ARGUMENT, INVALID_ARGUMENT (index or bin out of range). */
PAYSTRIKE_API int paystrike_scorecard_builder_bin(const paystrike_scorecard_builder* builder,
                                                  int64_t index, int64_t bin,
                                                  const char** out_label, int* out_kind,
                                                  double* out_goods, double* out_bads,
                                                  double* out_event_rate, double* out_woe,
                                                  double* out_iv);

/* The information value of characteristic `index` and its name (valid while kept). */
PAYSTRIKE_API int paystrike_scorecard_builder_characteristic(
    const paystrike_scorecard_builder* builder, int64_t index, const char** out_name,
    double* out_iv);

/* Keeps the characteristics with IV >= min_iv, then drops any whose WoE column correlates
   (|Pearson| > max_abs_correlation, in [0, 1]; 1 disables) with a more informative kept one.
   Indices of the kept ones close up in their order. Writes how many were kept.
   Errors: NULL_ARGUMENT, INVALID_ARGUMENT (NaN min_iv, threshold outside [0, 1]). */
PAYSTRIKE_API int paystrike_scorecard_builder_select(paystrike_scorecard_builder* builder,
                                                     double min_iv, double max_abs_correlation,
                                                     int64_t* out_kept);

/* Points scaling (good:bad odds; see docs/methodology.md for the bad:good conversion).
   Default 600 points at 50:1, PDO 20. Errors: INVALID_ARGUMENT. */
PAYSTRIKE_API int paystrike_scorecard_builder_set_scaling(paystrike_scorecard_builder* builder,
                                                          double base_points, double base_odds,
                                                          double pdo);

/* L2 penalty of the fit (>= 0; the intercept is never penalised). Default 0. */
PAYSTRIKE_API int paystrike_scorecard_builder_set_l2_penalty(paystrike_scorecard_builder* builder,
                                                             double l2_penalty);

/* Non-zero: integer points per part, the score is their sum. Default 0. */
PAYSTRIKE_API int paystrike_scorecard_builder_set_rounding(paystrike_scorecard_builder* builder,
                                                           int round_points);

/* The reason-code baseline: kind PAYSTRIKE_BASELINE_*; cutoff and band (points) are used by
   MEAN_NEAR_CUTOFF only. Default MAX_POINTS. Errors: INVALID_ARGUMENT. */
PAYSTRIKE_API int paystrike_scorecard_builder_set_reason_baseline(
    paystrike_scorecard_builder* builder, int kind, double cutoff, double band);

/* The reason code (UTF-8, copied) of characteristic `index`; without one, its name is used. */
PAYSTRIKE_API int paystrike_scorecard_builder_set_reason_code(paystrike_scorecard_builder* builder,
                                                              int64_t index, const char* code);

/* Fits the logistic model on the WoE of every characteristic and returns a new model (free it
   with paystrike_model_free). Errors: NULL_ARGUMENT, INVALID_ARGUMENT (no characteristics),
   SINGULAR, SEPARATION, NOT_CONVERGED, UNDEFINED (a failed fit; the message says why). */
PAYSTRIKE_API int paystrike_scorecard_builder_fit(paystrike_scorecard_builder* builder,
                                                  paystrike_model** out_model);

/* After a successful fit: coefficient k (0 = intercept, k = j + 1 for characteristic j) with
   its standard error, z value and two-sided p-value; every output may be NULL.
   Errors: NULL_ARGUMENT, INVALID_ARGUMENT (no fit yet, k out of range). */
PAYSTRIKE_API int paystrike_scorecard_builder_coefficient(
    const paystrike_scorecard_builder* builder, int64_t k, double* out_estimate,
    double* out_std_error, double* out_z, double* out_p_value);

/* After a successful fit: log-likelihood, AIC and Newton iterations; outputs may be NULL. */
PAYSTRIKE_API int paystrike_scorecard_builder_fit_statistics(
    const paystrike_scorecard_builder* builder, double* out_log_likelihood, double* out_aic,
    int64_t* out_iterations);

/* The number of bins of input `input` of a model (0 if no binned term reads it). */
PAYSTRIKE_API int paystrike_model_num_bins(const paystrike_model* model, int64_t input,
                                           int64_t* out_count);

/* One row of a model's binning table and points table; every output may be NULL. points is
   factor * coefficient * WoE (rounded if the model rounds). Strings live as long as the model.
   Errors: NULL_ARGUMENT, INVALID_ARGUMENT (input not binned, bin out of range). */
PAYSTRIKE_API int paystrike_model_bin(const paystrike_model* model, int64_t input, int64_t bin,
                                      const char** out_label, int* out_kind, double* out_goods,
                                      double* out_bads, double* out_woe, double* out_points);

/* The information value of binned input `input`. Errors as paystrike_model_bin. */
PAYSTRIKE_API int paystrike_model_information_value(const paystrike_model* model, int64_t input,
                                                    double* out_iv);

/* The base points (offset + factor * intercept; rounded if the model rounds). */
PAYSTRIKE_API int paystrike_model_base_points(const paystrike_model* model, double* out_points);

/* The reason code of input `input`: its code, or its name when it has none. */
PAYSTRIKE_API int paystrike_model_reason_code(const paystrike_model* model, int64_t input,
                                              const char** out_code);

/* Points per characteristic: out_points[i * n_cols + j] for row i and input j (0 for an input
   no term reads) and, if out_base is not NULL, the base points out_base[i]; the base and the
   row's points add up to its score. Input layout, NaN rules and errors as
   paystrike_score_batch. */
PAYSTRIKE_API int paystrike_points_batch(const paystrike_model* model, const double* x,
                                         int64_t n_rows, int64_t n_cols, int64_t row_stride,
                                         int64_t col_stride, double* out_points,
                                         double* out_base);

/* Reason codes: for row i, out_inputs[i * max_reasons + r] is the input with the r-th largest
   shortfall of points against the model's baseline (only shortfalls > 0; -1 pads), and
   out_shortfalls (may be NULL) the points it costs; out_counts (may be NULL) the number found.
   Read each code with paystrike_model_reason_code. max_reasons >= 1 (4 is customary).
   Errors as paystrike_score_batch, and INVALID_ARGUMENT for max_reasons < 1. */
PAYSTRIKE_API int paystrike_reason_codes_batch(const paystrike_model* model, const double* x,
                                               int64_t n_rows, int64_t n_cols, int64_t row_stride,
                                               int64_t col_stride, int64_t max_reasons,
                                               int64_t* out_inputs, double* out_shortfalls,
                                               int64_t* out_counts);

/* Saves a model (a whole scorecard included) to a model file, with the evidence model its
   own file carried, if any (paystrike_model_has_evidence_model). Errors: NULL_ARGUMENT,
   IO_ERROR (the message names the path). */
PAYSTRIKE_API int paystrike_model_save_file(const paystrike_model* model, const char* path);

/* Writes the model file image (as paystrike_model_save_file would) into out (capacity bytes)
   and its size into *out_size. With
   out == NULL only the size is written (ask for it first). Errors: NULL_ARGUMENT,
   INVALID_ARGUMENT (capacity smaller than the image; nothing is written). */
PAYSTRIKE_API int paystrike_model_save_buffer(const paystrike_model* model, void* out,
                                              size_t capacity, size_t* out_size);

#ifdef __cplusplus
}
#endif

#endif /* PAYSTRIKE_SCORECARD_H */
