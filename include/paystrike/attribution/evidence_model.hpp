/// @file evidence_model.hpp
/// @brief The evidence model: the tables (evidence_tables.hpp), each signal's contribution in
/// score points, the label (label_thresholds.hpp), the treatment and the instalment.
///
/// Model miss is
/// the null hypothesis: for a cause c and signal s observed in state o,
///   contribution_s(c) = factor * ln( P(o | c) / P(o | model_miss) ),   factor = PDO / ln 2,
/// so that factor * ln( P(c | all) / P(model_miss | all) ) = prior_points(c) + sum_s
/// contribution_s(c) exactly, with prior_points(c) = factor * ln(prior(c) / prior(model_miss)).
/// An unknown signal contributes exactly 0. See docs/attribution.md for the default tables.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "paystrike/attribution/evidence_tables.hpp"
#include "paystrike/attribution/label_thresholds.hpp"
#include "paystrike/attribution/signals.hpp"
#include "paystrike/scaling.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

namespace attribution {

/// What to do with a defaulter, by top cause.
enum class Treatment {
  service_recovery_and_payment_plan,  ///< fix the complaint in the CRM, fair plan, pause dunning
  hardship_plan,                      ///< collections model's hardship plan
  fraud_review,                       ///< refer to fraud review
  standard_collections,               ///< usual collections; feed model monitoring
  recheck_when_evidence_arrives       ///< standard collections, re-attribute when data comes
};

/// A short, stable name for a treatment.
inline const char* treatment_name(Treatment treatment) noexcept {
  switch (treatment) {
    case Treatment::service_recovery_and_payment_plan: return "service_recovery_and_payment_plan";
    case Treatment::hardship_plan: return "hardship_plan";
    case Treatment::fraud_review: return "fraud_review";
    case Treatment::standard_collections: return "standard_collections";
    case Treatment::recheck_when_evidence_arrives: return "recheck_when_evidence_arrives";
  }
  return "unknown_treatment";
}

/// The treatment for a top cause (`undetermined` -> recheck_when_evidence_arrives).
inline Treatment treatment_for(Cause top_cause) noexcept {
  switch (top_cause) {
    case Cause::service_dispute: return Treatment::service_recovery_and_payment_plan;
    case Cause::financial_distress: return Treatment::hardship_plan;
    case Cause::first_payment_default_or_fraud: return Treatment::fraud_review;
    case Cause::model_miss: return Treatment::standard_collections;
    case Cause::undetermined: return Treatment::recheck_when_evidence_arrives;
  }
  return Treatment::recheck_when_evidence_arrives;
}

/// A suggested instalment per cycle.
struct Instalment {
  double amount = 0.0;              ///< per cycle; 0 when there is no basis at all
  bool capped_by_capacity = false;  ///< the collections capacity was lower than the history
  bool from_history = false;        ///< based on the customer's own positive payments
};

/// The median of the customer's positive past payments (what they have shown they can pay),
/// capped by the collections model's capacity when known. Without a positive payment, the
/// capacity alone if known, else 0 with from_history = false.
inline Instalment suggested_instalment(const PaymentHistory& history,
                                       const std::optional<CollectionsInfo>& collections) {
  std::vector<double> positive;
  for (const BillingCycle& cycle : history.cycles)
    if (cycle.amount_paid > 0.0) positive.push_back(cycle.amount_paid);
  Instalment instalment;
  if (!positive.empty()) {
    std::sort(positive.begin(), positive.end());
    const std::size_t middle = positive.size() / 2;
    instalment.amount = positive.size() % 2 == 1
                            ? positive[middle]
                            : 0.5 * (positive[middle - 1] + positive[middle]);
    instalment.from_history = true;
  }
  if (collections) {
    const double capacity = collections->payment_capacity_per_cycle;
    if (!instalment.from_history) {
      instalment.amount = capacity;
    } else if (capacity < instalment.amount) {
      instalment.amount = capacity;
      instalment.capped_by_capacity = true;
    }
  }
  return instalment;
}

/// The attribution of one defaulter.
struct Attribution {
  Signals signals;            ///< the signals the attribution used
  CauseVector probability{};  ///< P(cause | evidence), sums to 1
  Cause most_likely_cause = Cause::model_miss;  ///< argmax of probability
  /// The label: the most probable of the causes whose posterior reaches their label
  /// threshold; if none does, most_likely_cause, or undetermined if that is ambiguous and
  /// the evidence thin (EvidenceModel).
  Cause top_cause = Cause::undetermined;
  bool labelled_by_threshold = false;  ///< top_cause came from a label threshold
  /// factor * ln(prior(c) / prior(model_miss)): the starting point, in points.
  CauseVector prior_points{};
  /// [signal][cause]: factor * ln(P(o_s | c) / P(o_s | model_miss)); 0 for unknown signals
  /// and for the model_miss column.
  std::array<CauseVector, kSignalCount> contribution_points{};
  /// factor * ln(P(c | all) / P(model_miss | all)) = prior_points + sum of contributions.
  CauseVector log_odds_points_vs_model_miss{};
  Treatment treatment = Treatment::recheck_when_evidence_arrives;  ///< what to do
  Instalment instalment;  ///< suggested instalment per cycle
};

/// How many of the external sources (CRM complaints, bureau, registry) are known in `signals`.
inline int known_external_sources(const Signals& signals) noexcept {
  return (signals.complaint != ComplaintSignal::unknown ? 1 : 0) +
         (signals.bureau != BureauSignal::unknown ? 1 : 0) +
         (signals.registry != RegistrySignal::unknown ? 1 : 0);
}

/// The evidence model: tables, the points scaling and the undetermined rule.
struct EvidenceModel {
  EvidenceTables tables = default_evidence_tables();  ///< priors and likelihoods
  ScoreScaling scaling;  ///< only factor() = PDO / ln 2 is used
  /// The label is `undetermined` only when the evidence is both ambiguous (top posterior
  /// below this) and thin (at most max_known_sources_for_undetermined of the CRM, bureau and
  /// registry signals known). 0.5: a cause more likely than all the others together.
  double min_top_posterior = 0.5;
  /// See min_top_posterior. 1 (default): ambiguous evidence is `undetermined` ("re-check when
  /// evidence arrives") only while at least two of the three external sources are missing,
  /// because only then can more evidence arrive; with richer evidence the most likely cause is
  /// the label. 3 gives the first version's rule (undetermined whenever top < 0.5); -1 never
  /// labels undetermined (plain argmax).
  int max_known_sources_for_undetermined = 1;
  /// Per-cause label thresholds in (0, 1]: a cause whose posterior reaches its threshold may be
  /// the label even when it is not the most likely (the most probable such cause wins), so
  /// that a minority cause like a service dispute is labelled at its F1-optimal point.
  /// kNoLabelThreshold (1) leaves a cause to the argmax; all 1 = plain argmax. Defaults:
  /// default_label_thresholds(); set from a portfolio with adapt_evidence_model_to_portfolio()
  /// or label_thresholds_for_defaulters().
  CauseVector label_threshold = default_label_thresholds();

  /// @throws Error(invalid_argument) on bad tables, scaling, threshold (outside [0, 1]), label
  ///   threshold (outside (0, 1]) or max_known_sources_for_undetermined outside -1..3.
  void validate() const {
    tables.validate();
    scaling.validate();
    if (!(min_top_posterior >= 0.0 && min_top_posterior <= 1.0))
      throw Error(Status::invalid_argument, "evidence model: min_top_posterior must be in [0, 1]");
    if (max_known_sources_for_undetermined < -1 || max_known_sources_for_undetermined > 3)
      throw Error(Status::invalid_argument,
                  "evidence model: max_known_sources_for_undetermined must be in -1..3");
    for (std::size_t c = 0; c < kCauseCount; ++c)
      if (!(label_threshold[c] > 0.0 && label_threshold[c] <= 1.0))
        throw Error(Status::invalid_argument,
                    std::string("evidence model: label threshold of ") +
                        cause_name(static_cast<Cause>(c)) + " must be in (0, 1]");
  }

  /// Attributes pre-derived signals (no validation of the tables; call validate() once).
  Attribution attribute_signals(const Signals& signals) const {
    Attribution result;
    result.signals = signals;
    result.probability = tables.posterior(signals);
    const double factor = scaling.factor();
    const std::size_t null_cause = static_cast<std::size_t>(Cause::model_miss);
    const auto states = signals.state_indices();
    for (std::size_t c = 0; c < kCauseCount; ++c) {
      result.prior_points[c] = factor * std::log(tables.prior[c] / tables.prior[null_cause]);
      double total = result.prior_points[c];
      for (std::size_t s = 0; s < kSignalCount; ++s) {
        double points = 0.0;
        if (states[s] != 0 && c != null_cause)
          points = factor * std::log(tables.likelihood[s][states[s]][c] /
                                     tables.likelihood[s][states[s]][null_cause]);
        result.contribution_points[s][c] = points;
        total += points;
      }
      result.log_odds_points_vs_model_miss[c] = total;
    }
    std::size_t best = 0;
    for (std::size_t c = 1; c < kCauseCount; ++c)
      if (result.probability[c] > result.probability[best]) best = c;
    result.most_likely_cause = static_cast<Cause>(best);
    std::size_t by_threshold = kCauseCount;  // none yet
    for (std::size_t c = 0; c < kCauseCount; ++c)
      if (result.probability[c] >= label_threshold[c] &&
          (by_threshold == kCauseCount || result.probability[c] > result.probability[by_threshold]))
        by_threshold = c;
    if (by_threshold != kCauseCount) {
      result.top_cause = static_cast<Cause>(by_threshold);
      result.labelled_by_threshold = true;
    } else {
      const bool ambiguous = result.probability[best] < min_top_posterior;
      const bool thin = known_external_sources(signals) <= max_known_sources_for_undetermined;
      result.top_cause = ambiguous && thin ? Cause::undetermined : result.most_likely_cause;
    }
    result.treatment = treatment_for(result.top_cause);
    return result;
  }

  /// Derives the signals of an account and attributes it, with treatment and instalment.
  /// @throws Error as derive_signals() (bad account or evidence, naming account and cycle).
  Attribution attribute(const Account& account, const ExternalEvidence& evidence) const {
    Attribution result = attribute_signals(derive_signals(account, evidence));
    result.instalment = suggested_instalment(account.history, evidence.collections);
    return result;
  }
};

/// Fits an evidence model on investigated cases: the tables by fit_evidence_tables() and the
/// label thresholds from the same cases' signals (label_thresholds_for_defaulters(); their
/// causes are not used for the thresholds, so the choice does not chase the sample's labels).
/// With fewer than kMinDefaultersForThresholds cases the thresholds come from the fitted
/// tables' own distribution instead (label_thresholds_under_tables(), as for the defaults): the
/// smoothed tables still use a small sample, the plug-in on it would not.
/// @throws Error as fit_evidence_tables() and ScoreScaling::validate().
inline EvidenceModel fit_evidence_model(const std::vector<InvestigatedCase>& cases,
                                        double smoothing = 1.0,
                                        const ScoreScaling& scaling = ScoreScaling{}) {
  EvidenceModel model;
  model.scaling = scaling;
  model.tables = fit_evidence_tables(cases, smoothing);
  std::vector<Signals> signals;
  signals.reserve(cases.size());
  for (const InvestigatedCase& investigated : cases) signals.push_back(investigated.signals);
  model.label_threshold =
      signals.size() >= kMinDefaultersForThresholds
          ? label_thresholds_for_defaulters(model.tables, signals)
          : label_thresholds_under_tables(model.tables, kDefaultMissingShare);
  model.validate();
  return model;
}

/// Adapts a model to a portfolio without labels: re-estimates the shares of `causes` on the
/// portfolio's defaulters (adapt_prior_to_portfolio(); by default the service dispute's alone,
/// kCausesAdaptedToPortfolio), then sets the label thresholds of the causes in
/// kCausesLabelledByThreshold from the adapted posteriors (label_thresholds_for_defaulters()).
/// The likelihoods, scaling and undetermined rule are kept. Why: the mix of causes differs
/// between lenders; the label is sensitive to it, the likelihoods travel better.
/// @param model a valid model.
/// @param defaulters the signals of the portfolio's defaulters (at least
///   kMinDefaultersForThresholds; on fewer, keep the model as it is).
/// @param causes which causes' shares to re-estimate.
/// @throws Error(invalid_argument) on an invalid model, no defaulter or fewer than
///   kMinDefaultersForThresholds.
inline EvidenceModel adapt_evidence_model_to_portfolio(
    const EvidenceModel& model, const std::vector<Signals>& defaulters,
    const std::array<bool, kCauseCount>& causes = kCausesAdaptedToPortfolio) {
  model.validate();
  if (defaulters.empty())
    throw Error(Status::invalid_argument, "adapt_evidence_model_to_portfolio: no defaulter");
  if (defaulters.size() < kMinDefaultersForThresholds)
    throw Error(Status::invalid_argument,
                "adapt_evidence_model_to_portfolio: " + std::to_string(defaulters.size()) +
                    " defaulters; at least " + std::to_string(kMinDefaultersForThresholds) +
                    " are needed to estimate a portfolio's share of service disputes and its "
                    "label thresholds (keep the model as it is)");
  EvidenceModel adapted = model;
  adapted.tables = adapt_prior_to_portfolio(model.tables, defaulters, causes);
  adapted.label_threshold = label_thresholds_for_defaulters(adapted.tables, defaulters);
  return adapted;
}

}  // namespace attribution

PAYSTRIKE_NAMESPACE_END
