/*
 * paystrike_attribution.h: why did a high score default? The attribution concern of the C ABI
 * (included by paystrike.h; C89-clean; the rules at the top of paystrike.h hold here too).
 *
 * An evidence model (priors and likelihood tables, default or fitted, and the points scaling)
 * takes one customer's evidence and gives a probability per cause, the top cause, each signal's
 * contribution in points on the score's scale, and the treatment with a suggested instalment.
 * A customer monitor takes one billing cycle of evidence at a time and updates the attribution
 * without recomputing the history. Method and signals: docs/attribution.md; early warning:
 * docs/early_warning.md.
 *
 * An evidence model lives in its own file (.pse) or inside the score model file it belongs to
 * (paystrike_model_save_file_with_evidence; read it back with
 * paystrike_evidence_model_from_model). Layouts: docs/model_file_format.md.
 *
 * Time is a billing-cycle index (0 = the customer's first cycle). Enumerations are int32_t
 * codes listed below; they are never renumbered, new values are only appended.
 */
#ifndef PAYSTRIKE_ATTRIBUTION_H
#define PAYSTRIKE_ATTRIBUTION_H

#include "paystrike/paystrike.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Causes (index into the probability arrays; UNDETERMINED is a label only). */
#define PAYSTRIKE_CAUSE_SERVICE_DISPUTE 0
#define PAYSTRIKE_CAUSE_FINANCIAL_DISTRESS 1
#define PAYSTRIKE_CAUSE_FIRST_PAYMENT_DEFAULT_OR_FRAUD 2
#define PAYSTRIKE_CAUSE_MODEL_MISS 3
#define PAYSTRIKE_CAUSE_UNDETERMINED 4
#define PAYSTRIKE_CAUSE_COUNT 4 /* real causes */

/* Signals (first index of contribution_points). */
#define PAYSTRIKE_SIGNAL_BEHAVIOUR 0
#define PAYSTRIKE_SIGNAL_COMPLAINT 1
#define PAYSTRIKE_SIGNAL_BUREAU 2
#define PAYSTRIKE_SIGNAL_REGISTRY 3
#define PAYSTRIKE_SIGNAL_TRAINING_RANGE 4
#define PAYSTRIKE_SIGNAL_COUNT 5

/* Treatments. */
#define PAYSTRIKE_TREATMENT_SERVICE_RECOVERY_AND_PAYMENT_PLAN 0
#define PAYSTRIKE_TREATMENT_HARDSHIP_PLAN 1
#define PAYSTRIKE_TREATMENT_FRAUD_REVIEW 2
#define PAYSTRIKE_TREATMENT_STANDARD_COLLECTIONS 3
#define PAYSTRIKE_TREATMENT_RECHECK_WHEN_EVIDENCE_ARRIVES 4

/* CRM complaint categories. */
#define PAYSTRIKE_COMPLAINT_POST_SALE_SERVICE 0
#define PAYSTRIKE_COMPLAINT_PRODUCT_DEFECT 1
#define PAYSTRIKE_COMPLAINT_BILLING_DISPUTE 2
#define PAYSTRIKE_COMPLAINT_DELIVERY 3
#define PAYSTRIKE_COMPLAINT_COLLECTIONS_CONDUCT 4
#define PAYSTRIKE_COMPLAINT_OTHER 5

/* Registry complaint issues. */
#define PAYSTRIKE_REGISTRY_BILLING_DISPUTE 0
#define PAYSTRIKE_REGISTRY_SERVICE_OR_PRODUCT 1
#define PAYSTRIKE_REGISTRY_FRAUD_OR_IDENTITY 2
#define PAYSTRIKE_REGISTRY_COLLECTIONS_PRACTICE 3
#define PAYSTRIKE_REGISTRY_OTHER 4

/* Company responses to a registry complaint. */
#define PAYSTRIKE_RESPONSE_CLOSED_WITH_EXPLANATION 0
#define PAYSTRIKE_RESPONSE_CLOSED_WITH_NON_MONETARY_RELIEF 1
#define PAYSTRIKE_RESPONSE_CLOSED_WITH_MONETARY_RELIEF 2
#define PAYSTRIKE_RESPONSE_CLOSED 3
#define PAYSTRIKE_RESPONSE_UNTIMELY 4
#define PAYSTRIKE_RESPONSE_IN_PROGRESS 5

/* An evidence model. Every function taking a const paystrike_evidence_model* may run on one
   model from many threads at once; paystrike_evidence_model_set_label_thresholds, the only
   function that changes a model, must not run while another thread uses the same model. */
typedef struct paystrike_evidence_model paystrike_evidence_model;

/* One customer's evidence, updated one billing cycle at a time (not thread-safe: one thread
   at a time per monitor). */
typedef struct paystrike_customer_monitor paystrike_customer_monitor;

/** One billing cycle. Amounts are >= 0; the status is in the Taiwan coding (<= 0 not
    delinquent, k >= 1 = k cycles past due). */
typedef struct paystrike_billing_cycle {
  double amount_due;  /**< what the customer was asked to pay in this cycle */
  double amount_paid; /**< what the customer paid in this cycle */
  double status;      /**< delinquency status (Taiwan coding) */
} paystrike_billing_cycle;

/** A complaint in the company's CRM. */
typedef struct paystrike_crm_complaint {
  int64_t opened_cycle;   /**< cycle index when it was opened */
  int32_t category;       /**< PAYSTRIKE_COMPLAINT_* */
  int32_t severity;       /**< 1 (minor) to 3 (severe) */
  int32_t resolved;       /**< 0 or 1 */
  int64_t resolved_cycle; /**< cycle of the resolution; read only when resolved is 1 */
} paystrike_crm_complaint;

/** The latest credit-bureau snapshot: the customer's conduct with other lenders. */
typedef struct paystrike_bureau_snapshot {
  int32_t open_trade_lines;       /**< open lines with other lenders (>= 0) */
  int32_t delinquent_trade_lines; /**< of those, delinquent (>= 0) */
  double worst_status;            /**< worst months past due elsewhere, <= 0 clean */
  double utilisation;             /**< balances / limits elsewhere, >= 0 */
  int32_t new_enquiries;          /**< recent credit enquiries (>= 0) */
} paystrike_bureau_snapshot;

/** A complaint filed with a government consumer-complaint registry. */
typedef struct paystrike_registry_complaint {
  int64_t cycle;    /**< cycle index when filed */
  int32_t issue;    /**< PAYSTRIKE_REGISTRY_* */
  int32_t response; /**< PAYSTRIKE_RESPONSE_* */
  int32_t timely;   /**< 0 or 1 */
} paystrike_registry_complaint;

/** One customer's evidence. A source whose has_* flag is 0 is missing and moves nothing; a
    source present with zero complaints means "checked, none" (evidence in its own right);
    complaints given with their has_* flag 0 are refused (INVALID_ARGUMENT), not dropped.
    Arrays may be NULL when their count is 0. */
typedef struct paystrike_customer_evidence {
  const char* id;                         /**< used in error messages; NULL = "" */
  const paystrike_billing_cycle* cycles;  /**< the payment history, oldest first */
  int64_t n_cycles;                       /**< >= 1 */
  int64_t first_cycle_after_scoring;      /**< 0..n_cycles: cycles before it were scored on */
  int32_t outside_training_range;         /**< 0 or 1 */
  int32_t has_crm;                        /**< 0 = no CRM data, 1 = checked */
  const paystrike_crm_complaint* crm_complaints; /**< in opened_cycle order */
  int64_t n_crm_complaints;               /**< number of CRM complaints */
  int32_t has_bureau;                     /**< 0 = no bureau snapshot, 1 = `bureau` holds one */
  paystrike_bureau_snapshot bureau;       /**< the latest snapshot, read when has_bureau */
  int32_t has_registry;                   /**< 0 = registry not checked, 1 = checked */
  const paystrike_registry_complaint* registry_complaints; /**< in cycle order */
  int64_t n_registry_complaints;          /**< number of registry complaints */
  int32_t has_collections;                /**< 0 = no collections view, 1 = given */
  int32_t collections_segment;            /**< the collections model's segment (opaque) */
  double payment_capacity_per_cycle;      /**< what the customer can pay per cycle (>= 0) */
} paystrike_customer_evidence;

/** The evidence of one new billing cycle for a monitor. Complaints opened or filed in this
    cycle carry this cycle's index; crm_resolved lists earlier complaints (by arrival index,
    0 = the customer's first complaint given to the monitor) resolved in this cycle. A complaint
    opened and resolved in the same cycle arrives in crm_opened already resolved (resolved 1,
    resolved_cycle this cycle), not in crm_resolved. */
typedef struct paystrike_cycle_evidence {
  paystrike_billing_cycle cycle;            /**< the cycle's amounts and status */
  int32_t has_crm;                          /**< 1 = the CRM was checked in this cycle */
  const paystrike_crm_complaint* crm_opened; /**< complaints opened in this cycle */
  int64_t n_crm_opened;                     /**< their number */
  const int64_t* crm_resolved;              /**< arrival indices resolved in this cycle */
  int64_t n_crm_resolved;                   /**< their number */
  int32_t has_bureau;                       /**< 1 = a new snapshot (replaces the last) */
  paystrike_bureau_snapshot bureau;         /**< the new snapshot, read when has_bureau */
  int32_t has_registry;                     /**< 1 = the registry was checked in this cycle */
  const paystrike_registry_complaint* registry_filed; /**< complaints filed in this cycle */
  int64_t n_registry_filed;                 /**< their number */
  int32_t has_collections;                  /**< 1 = a new collections view (replaces the last) */
  int32_t collections_segment;              /**< the collections model's segment */
  double payment_capacity_per_cycle;        /**< what the customer can pay per cycle (>= 0) */
} paystrike_cycle_evidence;

/** The attribution of one customer. Points are on the score's scale (PDO / ln 2 per unit of
    natural log odds): for every cause c, prior_points[c] + the sum over signals s of
    contribution_points[s][c] = log_odds_points_vs_model_miss[c] exactly. A missing signal
    contributes 0. */
typedef struct paystrike_attribution_result {
  double probability[PAYSTRIKE_CAUSE_COUNT]; /**< P(cause | evidence), sums to 1 */
  int32_t most_likely_cause;                 /**< argmax of probability */
  /** The label: the most probable cause whose probability reaches its label threshold
      (paystrike_evidence_model_label_thresholds); if none does, most_likely_cause, or
      UNDETERMINED when that is ambiguous and the evidence thin. It came from a threshold
      exactly when top_cause is not UNDETERMINED and probability[top_cause] >= its threshold. */
  int32_t top_cause;
  int32_t treatment;                         /**< PAYSTRIKE_TREATMENT_* */
  /** 0 = unknown; names by paystrike_signal_state_name, rules in docs/attribution.md */
  int32_t signal_state[PAYSTRIKE_SIGNAL_COUNT];
  int64_t onset_cycle; /**< first delinquent cycle, or the number of cycles if none */
  double prior_points[PAYSTRIKE_CAUSE_COUNT]; /**< factor ln(prior(c) / prior(model miss)) */
  /** [signal][cause]: factor ln(P(state | c) / P(state | model miss)); 0 when unknown */
  double contribution_points[PAYSTRIKE_SIGNAL_COUNT][PAYSTRIKE_CAUSE_COUNT];
  double log_odds_points_vs_model_miss[PAYSTRIKE_CAUSE_COUNT]; /**< prior + contributions */
  double instalment; /**< suggested instalment per cycle; 0 when there is no basis */
  int32_t instalment_capped_by_capacity; /**< 0 or 1 */
  int32_t instalment_from_history;       /**< 0 or 1: based on the customer's own payments */
} paystrike_attribution_result;

/* The documented default evidence model with points of `pdo` points to double the odds (the
   score's PDO; > 0). Errors: NULL_ARGUMENT, INVALID_ARGUMENT. */
PAYSTRIKE_API int paystrike_evidence_model_default(double pdo,
                                                   paystrike_evidence_model** out_model);

/* Fits an evidence model on n_cases investigated customers: cases[i] is a customer's evidence
   and causes[i] its established cause (0..3; never UNDETERMINED), with additive smoothing
   (> 0, 1 = Laplace) and points of `pdo` (paystrike::attribution::fit_evidence_model): the
   priors and likelihood tables are counted from the cases, and the label thresholds are set at
   the expected-F1 optimum on the same cases' signals (their causes are not used for them; read
   them with paystrike_evidence_model_label_thresholds); with fewer than 200 cases they come
   from the fitted tables' own distribution, as the default model's do. Errors: NULL_ARGUMENT,
   INVALID_ARGUMENT (no case, a bad cause, smoothing or pdo; the message names the case),
   MISSING_VALUE, as paystrike_attribute for a bad case. */
PAYSTRIKE_API int paystrike_evidence_model_fit(const paystrike_customer_evidence* cases,
                                               const int32_t* causes, int64_t n_cases,
                                               double smoothing, double pdo,
                                               paystrike_evidence_model** out_model);

/* Loads an evidence model file (docs/model_file_format.md, "Evidence model files"). Errors:
   NULL_ARGUMENT, IO_ERROR, BAD_FORMAT, UNSUPPORTED_VERSION, CHECKSUM_MISMATCH. */
PAYSTRIKE_API int paystrike_evidence_model_load_file(const char* path,
                                                     paystrike_evidence_model** out_model);

/* Loads an evidence model from the `size` bytes at `data` (copied). Errors as
   paystrike_evidence_model_load_file except IO_ERROR. */
PAYSTRIKE_API int paystrike_evidence_model_load_buffer(const void* data, size_t size,
                                                       paystrike_evidence_model** out_model);

/* Saves an evidence model file. Errors: NULL_ARGUMENT, IO_ERROR. */
PAYSTRIKE_API int paystrike_evidence_model_save_file(const paystrike_evidence_model* model,
                                                     const char* path);

/* Writes the evidence model file image into out (capacity bytes) and its size into *out_size;
   with out == NULL only the size is written (ask for it first). Errors: NULL_ARGUMENT,
   INVALID_ARGUMENT (capacity smaller than the image; nothing is written). */
PAYSTRIKE_API int paystrike_evidence_model_save_buffer(const paystrike_evidence_model* model,
                                                       void* out, size_t capacity,
                                                       size_t* out_size);

/* Releases an evidence model. NULL is accepted. */
PAYSTRIKE_API void paystrike_evidence_model_free(paystrike_evidence_model* model);

/* The label thresholds, one per real cause in PAYSTRIKE_CAUSE_* order, each in (0, 1]: a cause
   whose probability reaches its threshold may be the top cause even when it is not the most
   likely one (the most probable such cause wins); 1 leaves the cause to the argmax rule.
   Errors: NULL_ARGUMENT. */
PAYSTRIKE_API int paystrike_evidence_model_label_thresholds(
    const paystrike_evidence_model* model, double out_thresholds[PAYSTRIKE_CAUSE_COUNT]);

/* Replaces the label thresholds with thresholds[0..3] (PAYSTRIKE_CAUSE_* order), each in
   (0, 1]; all 1 gives the plain argmax label. Changes the model: see the thread rule at
   paystrike_evidence_model. Errors: NULL_ARGUMENT, INVALID_ARGUMENT (a threshold outside
   (0, 1] or NaN; the message names the cause; the model is left unchanged). */
PAYSTRIKE_API int paystrike_evidence_model_set_label_thresholds(
    paystrike_evidence_model* model, const double thresholds[PAYSTRIKE_CAUSE_COUNT]);

/* A new evidence model adapted to a portfolio without labels
   (paystrike::attribution::adapt_evidence_model_to_portfolio): the service dispute's share of
   the prior is re-estimated on the n_defaulters defaulters' evidence by EM (the other causes
   keep their ratios to one another), then the label thresholds are set on the adapted
   probabilities; the likelihoods, scaling and undetermined rule are kept. Each defaulter's
   signals are derived as paystrike_attribute derives them. `model` is not changed. At least
   200 defaulters are needed (fewer give a share and thresholds that follow a few customers;
   keep the model as it is then). Errors: NULL_ARGUMENT, INVALID_ARGUMENT (no defaulter, fewer
   than 200, a negative count, a bad record; the message names the defaulter's index and
   account), MISSING_VALUE. */
PAYSTRIKE_API int paystrike_evidence_model_adapt_to_portfolio(
    const paystrike_evidence_model* model, const paystrike_customer_evidence* defaulters,
    int64_t n_defaulters, paystrike_evidence_model** out_model);

/* As paystrike_evidence_model_adapt_to_portfolio, re-estimating the share of each cause c with
   adapt_causes[c] = 1 (PAYSTRIKE_CAUSE_* order); the causes with 0 keep their ratios to one
   another. {1, 0, 0, 0} is what paystrike_evidence_model_adapt_to_portfolio does; {1, 1, 1, 1}
   is the plain EM of every share (it follows the likelihoods' errors further: see
   docs/attribution.md). Errors: as paystrike_evidence_model_adapt_to_portfolio, and
   NULL_ARGUMENT for adapt_causes, INVALID_ARGUMENT for an entry other than 0 or 1 (the message
   names the cause). */
PAYSTRIKE_API int paystrike_evidence_model_adapt_causes_to_portfolio(
    const paystrike_evidence_model* model, const paystrike_customer_evidence* defaulters,
    int64_t n_defaulters, const int32_t adapt_causes[PAYSTRIKE_CAUSE_COUNT],
    paystrike_evidence_model** out_model);

/* Whether a score model's file carried an evidence model: *out_has_evidence_model is 1 or 0.
   Files saved before evidence models could be attached, or models built in memory and saved
   with paystrike_model_save_file, carry none. Errors: NULL_ARGUMENT. */
PAYSTRIKE_API int paystrike_model_has_evidence_model(const paystrike_model* model,
                                                     int32_t* out_has_evidence_model);

/* A new evidence model handle holding a copy of the evidence model the score model's file
   carried (release it with paystrike_evidence_model_free; it outlives `model`). Errors:
   NULL_ARGUMENT, UNDEFINED (the score model carries no evidence model; see
   paystrike_model_has_evidence_model). */
PAYSTRIKE_API int paystrike_evidence_model_from_model(const paystrike_model* model,
                                                      paystrike_evidence_model** out_model);

/* Saves a score model file that carries `evidence_model` as well; paystrike_model_load_file
   reads it as before, and paystrike_evidence_model_from_model gives the evidence model back,
   bit for bit. (paystrike_model_save_file keeps the evidence model a loaded file carried;
   this function attaches another one.) Errors: NULL_ARGUMENT, IO_ERROR (the message
   names the path). */
PAYSTRIKE_API int paystrike_model_save_file_with_evidence(
    const paystrike_model* model, const paystrike_evidence_model* evidence_model,
    const char* path);

/* Writes the image of paystrike_model_save_file_with_evidence into out (capacity bytes) and its
   size into *out_size. With out == NULL only the size is written (ask for it first). Errors:
   NULL_ARGUMENT, INVALID_ARGUMENT (capacity smaller than the image; nothing is written). */
PAYSTRIKE_API int paystrike_model_save_buffer_with_evidence(
    const paystrike_model* model, const paystrike_evidence_model* evidence_model, void* out,
    size_t capacity, size_t* out_size);

/* Attributes one customer. *out is written only on success. Errors: NULL_ARGUMENT,
   INVALID_ARGUMENT (bad counts, flags, codes, cycles out of order or beyond the history; the
   message names the customer and the cycle), MISSING_VALUE (a NaN). */
PAYSTRIKE_API int paystrike_attribute(const paystrike_evidence_model* model,
                                      const paystrike_customer_evidence* evidence,
                                      paystrike_attribution_result* out);

/* A monitor for customer `id` (NULL = ""), scored after first_cycle_after_scoring cycles.
   Errors: NULL_ARGUMENT, INVALID_ARGUMENT (negative cycle, flag not 0 or 1). */
PAYSTRIKE_API int paystrike_monitor_create(const char* id, int64_t first_cycle_after_scoring,
                                           int32_t outside_training_range,
                                           paystrike_customer_monitor** out_monitor);

/* Takes the next billing cycle's evidence (O(1) in the number of cycles seen). A refused
   cycle leaves the monitor unchanged. Errors: NULL_ARGUMENT, INVALID_ARGUMENT (a complaint of
   another cycle, an unknown or already resolved complaint, bad codes), MISSING_VALUE. */
PAYSTRIKE_API int paystrike_monitor_add_cycle(paystrike_customer_monitor* monitor,
                                              const paystrike_cycle_evidence* evidence);

/* The attribution as of the last cycle taken: equal to paystrike_attribute on the same
   evidence given at once. Errors: NULL_ARGUMENT, INVALID_ARGUMENT (no cycle taken yet). */
PAYSTRIKE_API int paystrike_monitor_attribute(const paystrike_customer_monitor* monitor,
                                              const paystrike_evidence_model* model,
                                              paystrike_attribution_result* out);

/* The number of cycles the monitor has taken. Errors: NULL_ARGUMENT. */
PAYSTRIKE_API int paystrike_monitor_cycles_seen(const paystrike_customer_monitor* monitor,
                                                int64_t* out_count);

/* Releases a monitor. NULL is accepted. */
PAYSTRIKE_API void paystrike_monitor_free(paystrike_customer_monitor* monitor);

/* Short, stable, static names, e.g. "service_dispute"; "unknown_cause" (etc.) for a value
   this library does not know. */
PAYSTRIKE_API const char* paystrike_cause_name(int32_t cause);
PAYSTRIKE_API const char* paystrike_signal_name(int32_t signal);
PAYSTRIKE_API const char* paystrike_treatment_name(int32_t treatment);
/* The name of state `state` of signal `signal` (as in paystrike_attribution_result's
   signal_state), e.g. (PAYSTRIKE_SIGNAL_BEHAVIOUR, 1) -> "abrupt_stop"; 0 is "unknown";
   "unknown_state" for a pair this library does not know. */
PAYSTRIKE_API const char* paystrike_signal_state_name(int32_t signal, int32_t state);

#ifdef __cplusplus
}
#endif

#endif /* PAYSTRIKE_ATTRIBUTION_H */
