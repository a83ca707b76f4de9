// paystrike's main job on the UCI Taiwan credit-card data:
//   1. score as of end of June 2005 (application fields + April-June history);
//   2. fit the logistic score (Newton/IRLS) and scale it to points;
//   3. evaluate on the test set with the good payer as the positive class;
//   4. attribute every false positive to a root cause (real July-September behaviour plus
//      simulated CRM, bureau and registry evidence with known planted causes); evaluate again
//      with the service-dispute defaults set apart; replay the months for early warning;
//   5. save the model, reload it through the C ABI and check the C scores equal the C++ ones;
//   6. print a report and write a per-customer CSV.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "paystrike/attribution/attribution.hpp"
#include "paystrike/io/evidence_csv.hpp"
#include "paystrike/io/model_file.hpp"
#include "paystrike/paystrike.h"
#include "paystrike/paystrike.hpp"
#include "taiwan.hpp"

namespace {

struct Options {
  std::string data = PAYSTRIKE_BUNDLED_DATA;
  std::string out = "paystrike_out";
  double cutoff = 520.0;
  double test_share = 0.3;
  std::uint64_t split_seed = 20050630;
  std::uint64_t simulation_seed = 20051001;
  std::string write_evidence;  ///< folder for the evidence CSVs; empty = none
  paystrike::ScoreScaling scaling;
};

/// Rows `rows` of `matrix`, copied (row-major), so they can be passed to the C ABI as one block.
taiwan::RowMajorMatrix take_rows(const taiwan::RowMajorMatrix& matrix,
                                 const std::vector<std::int64_t>& rows) {
  taiwan::RowMajorMatrix out(static_cast<Eigen::Index>(rows.size()), matrix.cols());
  for (std::size_t i = 0; i < rows.size(); ++i)
    out.row(static_cast<Eigen::Index>(i)) = matrix.row(rows[i]);
  return out;
}

template <class T>
std::vector<T> take(const std::vector<T>& values, const std::vector<std::int64_t>& rows) {
  std::vector<T> out;
  out.reserve(rows.size());
  for (std::int64_t r : rows) out.push_back(values[static_cast<std::size_t>(r)]);
  return out;
}

namespace pa = paystrike::attribution;

std::string rate(double value) { return std::isnan(value) ? "undefined" : fmt::format("{:.4f}", value); }

std::string quality(const pa::LabelQuality& q) {
  return fmt::format("precision {}  recall {}  F1 {}", rate(q.precision), rate(q.recall), rate(q.f1));
}

/// The test accounts as the attribution sees them: the real April-September history, the
/// score and the decision at the June score, the October outcome (the bad definition: cycle 6,
/// one past the April-September history), and whether the inputs left the training range.
std::vector<pa::Account> attribution_accounts(const taiwan::Portfolio& portfolio,
                                              const std::vector<std::int64_t>& rows,
                                              const std::vector<double>& scores, double cutoff,
                                              const paystrike::ScoreModel& model) {
  std::vector<pa::Account> accounts;
  accounts.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto r = static_cast<std::size_t>(rows[i]);
    pa::Account account;
    account.id = std::to_string(portfolio.ids[r]);
    account.history = pa::history_from_monthly_statements(
        portfolio.bill[r], portfolio.paid[r], portfolio.status[r],
        static_cast<std::size_t>(taiwan::kMonthsKnownAtScoring));
    account.defaulted = portfolio.is_good[r] == 0.0;
    account.predicted_good = scores[i] >= cutoff;
    account.score = scores[i];
    if (account.defaulted) account.bad_cycle = static_cast<std::size_t>(taiwan::kMonths);
    account.outside_training_range =
        model.outside_training_range(portfolio.inputs.row(rows[i]).data(), 1);
    accounts.push_back(std::move(account));
  }
  return accounts;
}

/// One false positive's explanation, in the points of the score.
void print_explanation(std::ostream& report, const pa::Account& account,
                       const pa::Attribution& attribution, const pa::EvidenceModel& model,
                       double score) {
  const auto dispute = static_cast<std::size_t>(pa::Cause::service_dispute);
  fmt::print(report, "  account {} (score {:.1f}, defaulted): top cause {}, P = {:.3f}{} "
                     "(most likely: {}, P = {:.3f}); treatment {}, instalment {:.0f}\n",
             account.id, score, pa::cause_name(attribution.top_cause),
             attribution.probability[dispute],
             attribution.labelled_by_threshold
                 ? fmt::format(" >= its label threshold {:.3f}", model.label_threshold[dispute])
                 : std::string(),
             pa::cause_name(attribution.most_likely_cause),
             attribution.probability[static_cast<std::size_t>(attribution.most_likely_cause)],
             pa::treatment_name(attribution.treatment), attribution.instalment.amount);
  fmt::print(report, "    points toward service dispute vs model miss: prior {:+.1f}",
             attribution.prior_points[dispute]);
  for (std::size_t s = 0; s < pa::kSignalCount; ++s)
    fmt::print(report, ", {} {:+.1f}", pa::signal_name(static_cast<pa::SignalKind>(s)),
               attribution.contribution_points[s][dispute]);
  fmt::print(report, " = {:+.1f}\n", attribution.log_odds_points_vs_model_miss[dispute]);
}

/// "12.3 %" of `part` in `whole`, or "undefined" for an empty whole.
std::string percent(std::int64_t part, std::int64_t whole) {
  return whole == 0 ? std::string("undefined")
                    : fmt::format("{:.1f} %", 100.0 * static_cast<double>(part) /
                                                  static_cast<double>(whole));
}

/// A median lead time in cycles, or "undefined" when nobody was flagged in time.
std::string cycles(double value) {
  return std::isnan(value) ? "undefined" : fmt::format("{:.1f} cycles", value);
}

/// One service-adjusted evaluation: the matrix and the figures as they are, with the
/// service-dispute defaults set apart, and the difference.
void print_service_adjusted(std::ostream& report, const std::string& label,
                            const pa::ServiceAdjustedEvaluation& e) {
  fmt::print(report, "  {}:\n    {} defaulters set apart: {} approved (false positives), {} "
                     "declined\n",
             label, e.service_dispute_defaults, e.service_dispute_false_positives,
             e.service_dispute_defaults - e.service_dispute_false_positives);
  fmt::print(report, "    {:<27} {:>5} {:>5} {:>5} {:>5} {:>9} {:>7} {:>7}\n", "", "TP", "FP",
             "FN", "TN", "precision", "KS", "Gini");
  const auto row = [&report](const char* name, const pa::ScoreEvaluation& v) {
    fmt::print(report, "    {:<27} {:>5} {:>5} {:>5} {:>5} {:>9} {:>7} {:>7}\n", name,
               v.confusion.true_positives, v.confusion.false_positives,
               v.confusion.false_negatives, v.confusion.true_negatives, rate(v.precision),
               rate(v.ks), rate(v.gini));
  };
  row("as it is", e.all);
  row("service disputes set apart", e.adjusted);
  const auto signed_rate = [](double value) {
    return std::isnan(value) ? std::string("undefined") : fmt::format("{:+.4f}", value);
  };
  fmt::print(report, "    {:<27} {:>5} {:>5} {:>5} {:>5} {:>9} {:>7} {:>7}\n",
             "lost to bad service", "", "", "", "", signed_rate(e.precision_lost),
             signed_rate(e.ks_lost), signed_rate(e.gini_lost));
}

/// Scores the test rows through the C ABI from the saved file and compares bit for bit; takes
/// the evidence model back out of the same file and compares its label thresholds.
/// Returns the number of rows whose score or probability differs (0 means identical).
std::int64_t check_c_abi(const std::string& model_path, const taiwan::RowMajorMatrix& x,
                         const std::vector<double>& scores, const std::vector<double>& prob_good,
                         const pa::EvidenceModel& evidence_model, std::ostream& report) {
  paystrike_model* model = nullptr;
  if (paystrike_model_load_file(model_path.c_str(), &model) != PAYSTRIKE_OK)
    throw paystrike::Error(paystrike::Status::io_error,
                           std::string("C ABI load failed: ") + paystrike_last_error());
  paystrike_evidence_model* evidence = nullptr;
  double thresholds[PAYSTRIKE_CAUSE_COUNT] = {0.0, 0.0, 0.0, 0.0};
  const bool evidence_ok =
      paystrike_evidence_model_from_model(model, &evidence) == PAYSTRIKE_OK &&
      paystrike_evidence_model_label_thresholds(evidence, thresholds) == PAYSTRIKE_OK;
  paystrike_evidence_model_free(evidence);
  if (!evidence_ok) {
    paystrike_model_free(model);
    throw paystrike::Error(paystrike::Status::bad_format,
                           std::string("C ABI: no evidence model in the saved file: ") +
                               paystrike_last_error());
  }
  for (std::size_t c = 0; c < pa::kCauseCount; ++c)
    if (thresholds[c] != evidence_model.label_threshold[c]) {
      paystrike_model_free(model);
      throw paystrike::Error(paystrike::Status::internal,
                             "C ABI: the saved evidence model's label thresholds differ");
    }
  std::vector<double> c_scores(scores.size()), c_prob(scores.size());
  const int status = paystrike_score_batch(model, x.data(), x.rows(), x.cols(), x.cols(), 1,
                                           c_scores.data(), c_prob.data());
  int64_t features = 0;
  paystrike_model_num_features(model, &features);
  paystrike_model_free(model);
  if (status != PAYSTRIKE_OK)
    throw paystrike::Error(static_cast<paystrike::Status>(status),
                           std::string("C ABI scoring failed: ") + paystrike_last_error());
  std::int64_t differing = 0;
  for (std::size_t i = 0; i < scores.size(); ++i)
    if (c_scores[i] != scores[i] || c_prob[i] != prob_good[i]) ++differing;
  fmt::print(report, "C ABI (libpaystrike {}): reloaded {} ({} features, evidence model "
                     "included), scored {} rows; {}\n",
             paystrike_version(), model_path, features, scores.size(),
             differing == 0 ? "every score and probability is bit-identical to C++"
                            : fmt::format("{} rows DIFFER from C++", differing));
  return differing;
}

int run(const Options& options) {
  const auto started = std::chrono::steady_clock::now();
  std::ostringstream report;

  // 1. Data and split.
  const taiwan::Portfolio portfolio = taiwan::load(options.data);
  std::vector<std::int64_t> train_rows, test_rows;
  taiwan::split(portfolio.size(), options.test_share, options.split_seed, train_rows, test_rows);
  for (const auto* part : {&train_rows, &test_rows}) {
    std::int64_t good = 0;
    for (std::int64_t r : *part) good += portfolio.is_good[static_cast<std::size_t>(r)] == 1.0;
    const auto size = static_cast<std::int64_t>(part->size());
    if (good == 0 || good == size)
      throw paystrike::Error(paystrike::Status::undefined,
                             std::string("the ") + (part == &train_rows ? "training" : "test") +
                                 " split (" + std::to_string(size) + " accounts, split seed " +
                                 std::to_string(options.split_seed) +
                                 ") holds one class only; use more data or another --test-share");
  }
  const taiwan::RowMajorMatrix train_x = take_rows(portfolio.inputs, train_rows);
  const taiwan::RowMajorMatrix test_x = take_rows(portfolio.inputs, test_rows);
  const std::vector<double> train_good = take(portfolio.is_good, train_rows);
  const std::vector<double> test_good = take(portfolio.is_good, test_rows);
  fmt::print(report, "paystrike {} main job on {}\n", PAYSTRIKE_VERSION_STRING, options.data);
  fmt::print(report, "{} accounts; scored as of end of June 2005 on {} inputs; split seed {}: "
                     "{} train, {} test\n\n",
             portfolio.size(), taiwan::kInputNames.size(), options.split_seed, train_rows.size(),
             test_rows.size());

  // 2. Fit and scale.
  const std::vector<paystrike::Term> terms = taiwan::terms();
  const paystrike::MatrixView train_view =
      paystrike::make_row_major_view(train_x.data(), train_x.rows(), train_x.cols());
  const Eigen::MatrixXd design = paystrike::build_design(terms, train_view, taiwan::kInputNames);
  const Eigen::Map<const Eigen::VectorXd> y(train_good.data(),
                                            static_cast<Eigen::Index>(train_good.size()));
  paystrike::LogisticOptions logistic;
  for (const paystrike::Term& term : terms) logistic.column_names.push_back(term.name);
  const paystrike::LogisticFit fit =
      paystrike::fit_logistic(design, Eigen::VectorXd(y), Eigen::VectorXd(), logistic);
  fmt::print(report, "Logistic model of P(good), Newton/IRLS: {} after {} iterations, "
                     "log-likelihood {:.4f}, AIC {:.2f}\n",
             fit.converged ? "converged" : "NOT converged", fit.iterations, fit.log_likelihood,
             fit.aic);
  if (fit.status != paystrike::Status::ok)
    throw paystrike::Error(fit.status, fit.message);
  const paystrike::ScoreModel model =
      paystrike::make_score_model(taiwan::kInputNames, terms, fit, options.scaling, train_view);
  fmt::print(report, "  {:<32} {:>12} {:>10} {:>8} {:>9}\n", "term", "coefficient", "std.err",
             "z", "points");
  for (Eigen::Index k = 0; k < fit.coefficients.size(); ++k) {
    const std::string name = k == 0 ? "(intercept)" : terms[static_cast<std::size_t>(k - 1)].name;
    // Points: the base points for the intercept, else the points one unit of the term is worth.
    const double points = k == 0 ? options.scaling.score(fit.coefficients[0])
                                 : options.scaling.factor() * fit.coefficients[k];
    fmt::print(report, "  {:<32} {:>12.6f} {:>10.6f} {:>8.2f} {:>9.3f}\n", name,
               fit.coefficients[k], fit.standard_errors[k],
               fit.coefficients[k] / fit.standard_errors[k], points);
  }
  fmt::print(report, "Scaling: {} points at good:bad odds {}:1, {} points to double the odds "
                     "(factor {:.4f}, offset {:.4f}); higher = better payer\n\n",
             options.scaling.base_points, options.scaling.base_odds, options.scaling.pdo,
             options.scaling.factor(), options.scaling.offset());

  // 3. Score and evaluate the test set; the good payer is the positive class.
  std::vector<double> scores(test_rows.size()), prob_good(test_rows.size());
  const paystrike::MatrixView test_view =
      paystrike::make_row_major_view(test_x.data(), test_x.rows(), test_x.cols());
  paystrike::score_rows(model, test_view, scores.data(), prob_good.data());
  const auto n_test = static_cast<std::int64_t>(test_rows.size());
  const paystrike::ConfusionMatrix cm =
      paystrike::confusion_at_cutoff(scores.data(), test_good.data(), n_test, options.cutoff);
  const paystrike::RankingMetrics ranking =
      paystrike::ranking_metrics(scores.data(), test_good.data(), n_test);
  fmt::print(report, "Test set: {} accounts, {} defaulted ({:.2f} %)\n", n_test,
             cm.actual_negatives(), 100.0 * static_cast<double>(cm.actual_negatives()) /
                                        static_cast<double>(n_test));
  fmt::print(report, "AUC {:.4f}   Gini {:.4f}   KS {:.4f} (at score >= {:.1f})\n\n", ranking.auc,
             ranking.gini, ranking.ks.statistic, ranking.ks.threshold);
  fmt::print(report, "Confusion matrix at cutoff {} (predicted good = score >= cutoff; "
                     "positive = good payer)\n",
             options.cutoff);
  fmt::print(report, "                      actually good   actually bad\n");
  fmt::print(report, "  predicted good      TP {:>10}   FP {:>9}   <- false positive: approved, "
                     "then defaulted\n",
             cm.true_positives, cm.false_positives);
  fmt::print(report, "  predicted bad       FN {:>10}   TN {:>9}\n", cm.false_negatives,
             cm.true_negatives);
  fmt::print(report, "  approval rate {:.4f}  precision {}  recall (TPR) {}  FPR {}  TNR {}  "
                     "NPV {}  accuracy {}  F1 {}  MCC {}\n\n",
             static_cast<double>(cm.predicted_positives()) / static_cast<double>(n_test),
             rate(cm.precision()), rate(cm.true_positive_rate()), rate(cm.false_positive_rate()),
             rate(cm.true_negative_rate()), rate(cm.negative_predictive_value()),
             rate(cm.accuracy()), rate(cm.f1()), rate(cm.matthews_correlation()));

  // 4. Attribute the defaulters. CRM, bureau and registry evidence do not exist in any public
  // data set, so a seeded simulator overlays them on the real accounts and plants the causes;
  // the real July-September payments feed the behaviour signal.
  const std::vector<pa::Account> accounts =
      attribution_accounts(portfolio, test_rows, scores, options.cutoff, model);
  const pa::SimulatedPortfolio simulated =
      pa::simulate_portfolio(accounts, options.simulation_seed);
  pa::EvidenceModel evidence_model;
  evidence_model.scaling = options.scaling;  // contributions in the score's points
  // The documented defaults as documented for a portfolio: the service-dispute share adapted
  // to these defaulters without labels (docs/attribution.md, "Adapting a model to a portfolio").
  constexpr auto dispute = static_cast<std::size_t>(pa::Cause::service_dispute);
  const double shipped_dispute_share = evidence_model.tables.prior[dispute];
  const std::vector<pa::Signals> defaulters = pa::defaulter_signals(accounts, simulated.evidence);
  // Fewer defaulters would give a share and thresholds that follow a few customers.
  const bool adapted = defaulters.size() >= pa::kMinDefaultersForThresholds;
  if (adapted) evidence_model = pa::adapt_evidence_model_to_portfolio(evidence_model, defaulters);
  const std::vector<pa::Attribution> attributions =
      pa::attribute_portfolio(evidence_model, accounts, simulated.evidence);
  const pa::PortfolioSummary summary = pa::summarise_portfolio(accounts, attributions, &simulated);
  if (!options.write_evidence.empty()) {
    // The test accounts' evidence as one CSV per source (examples/attribute_portfolio reads
    // them), with the score, the decision and the bad definition (the accounts carry them);
    // the simulator's truth (planted cause and ceiling posterior of each defaulter) in
    // sim_truth.csv, apart from the evidence.
    paystrike::write_evidence_directory(options.write_evidence,
                                        paystrike::EvidencePortfolio{accounts, simulated.evidence});
    const std::string truth_path =
        (std::filesystem::path(options.write_evidence) / "sim_truth.csv").string();
    std::ofstream truth(truth_path);
    truth << "account_id,sim_planted_cause";
    for (std::size_t c = 0; c < pa::kCauseCount; ++c)
      truth << ",sim_ceiling_p_" << pa::cause_name(static_cast<pa::Cause>(c));
    truth << "\n";
    for (std::size_t i = 0; i < accounts.size(); ++i) {
      if (!simulated.planted_cause[i]) continue;  // causes are planted on defaulters only
      truth << accounts[i].id << ',' << pa::cause_name(*simulated.planted_cause[i]);
      for (double p : simulated.ceiling_posterior[i]) fmt::print(truth, ",{:.6f}", p);
      truth << "\n";
    }
    truth.close();
    if (!truth) throw paystrike::Error(paystrike::Status::io_error, "cannot write " + truth_path);
    fmt::print(report, "Wrote the evidence of the {} test accounts, one CSV per source, and the "
                       "simulator's truth for the defaulters to {}\n",
               accounts.size(), options.write_evidence);
  }
  fmt::print(report, "Root causes of the {} false positives (simulation seed {}; documented "
                     "default evidence model, {})\n",
             summary.confusion.false_positives, options.simulation_seed,
             adapted ? fmt::format("its service-dispute share {:.3f} adapted to the test "
                                   "defaulters: {:.3f}, no labels used",
                                   shipped_dispute_share, evidence_model.tables.prior[dispute])
                     : fmt::format("not adapted: fewer than {} test defaulters",
                                   pa::kMinDefaultersForThresholds));
  fmt::print(report, "  CRM, bureau and registry evidence is simulated over the real payments "
                     "(docs/simulator.md): 'planted' is the cause\n  the simulator planted; "
                     "'ceiling' is the exact posterior given what is observable: its best F1\n  over "
                     "thresholds bounds any labelling (up to sampling noise); its argmax label "
                     "is shown for comparison.\n");
  fmt::print(report, "  {:<32} {:>8} {:>9}   {:>8}\n", "cause", "ours", "share", "planted");
  for (std::size_t c = 0; c < pa::kLabelCount; ++c)
    fmt::print(report, "  {:<32} {:>8} {:>9}   {:>8}\n",
               pa::cause_name(static_cast<pa::Cause>(c)), summary.false_positives_by_top_cause[c],
               rate(summary.false_positive_share_by_top_cause[c]),
               c < pa::kCauseCount ? fmt::format("{}", summary.false_positives_by_planted_cause[c])
                                   : std::string("-"));
  fmt::print(report, "  false negatives (good payers turned away), beside them: {}\n",
             summary.false_negatives);
  fmt::print(report, "Precision {}; without the service-dispute defaults {} (ours) / {} "
                     "(planted):\n  the difference is the model's error that is bad service, "
                     "not bad modelling\n",
             rate(summary.precision), rate(summary.precision_without_service_disputes),
             rate(summary.precision_without_planted_service_disputes));
  fmt::print(report, "Service-dispute label against the planted causes:\n");
  fmt::print(report, "  false positives  ours    {}\n", quality(summary.ours_service_dispute_false_positives));
  fmt::print(report, "                   ceiling {}  (its argmax)\n", quality(summary.ceiling_service_dispute_false_positives));
  fmt::print(report, "  all defaulters   ours    {}\n", quality(summary.ours_service_dispute));
  fmt::print(report, "                   ceiling {}  (its argmax)\n", quality(summary.ceiling_service_dispute));
  fmt::print(report, "  all defaulters: our label's F1 / the ceiling's best F1 over thresholds {} "
                     "(the ceiling bounds it, up to sampling noise);\n  best F1 over thresholds ours {}, ceiling {}; "
                     "undetermined share of defaulters {}\n",
             rate(summary.ours_service_dispute.f1 / summary.ceiling_best_f1),
             rate(summary.ours_best_f1), rate(summary.ceiling_best_f1),
             rate(summary.undetermined_share_of_defaulters));
  for (std::size_t i = 0; i < accounts.size(); ++i)
    if (accounts[i].predicted_good && accounts[i].defaulted &&
        attributions[i].top_cause == pa::Cause::service_dispute) {
      fmt::print(report, "Example explanation:\n");
      print_explanation(report, accounts[i], attributions[i], evidence_model, scores[i]);
      break;
    }
  fmt::print(report, "\n");

  // 4b. The service-adjusted evaluation: the same figures without the service-dispute
  // defaults, for our label and for the planted (simulated) disputes.
  std::vector<bool> ours_dispute(accounts.size()), planted_dispute(accounts.size());
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    ours_dispute[i] = attributions[i].top_cause == pa::Cause::service_dispute;
    planted_dispute[i] = simulated.planted_cause[i] == pa::Cause::service_dispute;
  }
  fmt::print(report, "Service-adjusted evaluation at cutoff {}: the test set again, with the "
                     "service-dispute\n  defaults set apart. A customer who stops paying over "
                     "bad service is a service failure,\n  not a modelling error. 'lost to bad "
                     "service' = set apart minus as it is: what the\n  model would gain if "
                     "those defaults had not happened. Positive = good payer.\n",
             options.cutoff);
  print_service_adjusted(report, "Our service-dispute label (the attribution's top cause)",
                         pa::service_adjusted_evaluation(accounts, ours_dispute, options.cutoff));
  print_service_adjusted(report, "Planted service disputes (simulated truth, not observable in "
                                 "real data)",
                         pa::service_adjusted_evaluation(accounts, planted_dispute, options.cutoff));
  fmt::print(report, "\n");

  // 4c. Early warning: the months replayed in order, as a loan system would have seen them.
  const pa::EarlyWarningRule rule;  // service dispute, P >= 0.5, monitoring from July
  const pa::EarlyWarningSummary warning =
      pa::replay_early_warning(evidence_model, accounts, simulated.evidence, rule, &simulated);
  std::int64_t flagged = 0;
  for (const pa::EarlyWarning& w : warning.customers) flagged += w.flagged_cycle ? 1 : 0;
  fmt::print(report, "Early warning: the test customers' months replayed in order, as the loan "
                     "system saw them.\n  Monitoring starts in July (cycle {}; April = 0); a "
                     "customer is flagged at the first\n  cycle with P({}) >= {}. Bad = the "
                     "October default (cycle {}).\n  Lead time = bad cycle - flag cycle, in "
                     "months, when the flag came first.\n  The flag is a stricter alarm than "
                     "the label (label threshold {:.3f}), to keep false alarms\n  low while "
                     "the months run; the label decides the treatment once the customer "
                     "defaults.\n",
             taiwan::kMonthsKnownAtScoring, pa::cause_name(rule.cause), rule.min_posterior,
             taiwan::kMonths,
             evidence_model.label_threshold[static_cast<std::size_t>(rule.cause)]);
  fmt::print(report, "  flagged customers, all                {:>5}\n", flagged);
  fmt::print(report, "  defaulters flagged before the default {:>5} of {:>5} ({}), median lead "
                     "{}\n",
             warning.flagged_before_bad, warning.reached_bad,
             percent(warning.flagged_before_bad, warning.reached_bad),
             cycles(warning.median_lead_cycles));
  fmt::print(report, "  planted disputes flagged before it    {:>5} of {:>5} ({}), median lead "
                     "{}\n    (planted = simulated truth, not observable in real data)\n",
             warning.planted_flagged_before_bad, warning.planted,
             percent(warning.planted_flagged_before_bad, warning.planted),
             cycles(warning.planted_median_lead_cycles));
  fmt::print(report, "  false alarms: good payers flagged     {:>5} of {:>5} ({})\n\n",
             warning.flagged_never_bad, warning.never_bad,
             percent(warning.flagged_never_bad, warning.never_bad));

  // 5. Save, reload through the C ABI, compare.
  std::filesystem::create_directories(options.out);
  const std::string model_path = (std::filesystem::path(options.out) / "taiwan_model.psm").string();
  paystrike::save_model_with_evidence_file(model, evidence_model, model_path);
  const std::int64_t differing =
      check_c_abi(model_path, test_x, scores, prob_good, evidence_model, report);

  // 6. Per-customer CSV.
  const std::string customers_path =
      (std::filesystem::path(options.out) / "customers.csv").string();
  std::ofstream customers(customers_path);
  customers << "id,score,prob_good,predicted_good,defaulted,cell";
  for (std::size_t c = 0; c < pa::kCauseCount; ++c)
    customers << ",p_" << pa::cause_name(static_cast<pa::Cause>(c));
  customers << ",top_cause,treatment,instalment";
  for (std::size_t s = 0; s < pa::kSignalCount; ++s)
    customers << ",points_service_dispute_" << pa::signal_name(static_cast<pa::SignalKind>(s));
  // Simulated ground truth is marked sim_ so it is never mistaken for observed data.
  customers << ",sim_planted_cause,sim_ceiling_p_service_dispute";
  // Early warning, for every customer (a good payer can be a false alarm); empty = none.
  customers << ",flagged_cycle,bad_cycle,lead_cycles\n";
  const auto optional_text = [](const std::optional<std::size_t>& v) {
    return v ? std::to_string(*v) : std::string();
  };
  for (std::size_t i = 0; i < test_rows.size(); ++i) {
    const bool predicted = accounts[i].predicted_good, defaulted = accounts[i].defaulted;
    fmt::print(customers, "{},{:.6f},{:.9f},{},{},{}", accounts[i].id, scores[i], prob_good[i],
               predicted ? 1 : 0, defaulted ? 1 : 0,
               predicted ? (defaulted ? "FP" : "TP") : (defaulted ? "TN" : "FN"));
    if (defaulted) {  // causes are attributed to defaulters only
      const pa::Attribution& a = attributions[i];
      for (double p : a.probability) fmt::print(customers, ",{:.6f}", p);
      fmt::print(customers, ",{},{},{:.2f}", pa::cause_name(a.top_cause),
                 pa::treatment_name(a.treatment), a.instalment.amount);
      for (std::size_t s = 0; s < pa::kSignalCount; ++s)
        fmt::print(customers, ",{:.3f}",
                   a.contribution_points[s][static_cast<std::size_t>(pa::Cause::service_dispute)]);
      fmt::print(customers, ",{},{:.6f}", pa::cause_name(*simulated.planted_cause[i]),
                 simulated.ceiling_posterior[i][static_cast<std::size_t>(pa::Cause::service_dispute)]);
    } else {
      customers << std::string(pa::kCauseCount + 3 + pa::kSignalCount + 2, ',');
    }
    const pa::EarlyWarning& w = warning.customers[i];
    fmt::print(customers, ",{},{},{}\n", optional_text(w.flagged_cycle),
               optional_text(w.bad_cycle), optional_text(w.lead_cycles));
  }
  if (!customers) throw paystrike::Error(paystrike::Status::io_error, "cannot write " + customers_path);

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  fmt::print(report, "\nWrote {} and {} ({:.2f} s)\n", customers_path, model_path, seconds);
  std::cout << report.str();
  const std::string report_path = (std::filesystem::path(options.out) / "report.txt").string();
  std::ofstream report_file(report_path);
  report_file << report.str();
  report_file.close();
  if (!report_file) throw paystrike::Error(paystrike::Status::io_error, "cannot write " + report_path);
  return differing == 0 ? 0 : 3;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  // Numbers must be finite and seeds whole non-negative numbers; CLI11 alone would turn an empty
  // value into 0 and wrap a negative seed.
  const CLI::Validator finite(
      [](std::string& text) -> std::string {
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(value))
          return "'" + text + "' is not a finite number";
        return "";
      },
      "FINITE");
  const CLI::Validator seed(
      [](std::string& text) -> std::string {
        std::uint64_t value = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (text.empty() || error != std::errc() || end != text.data() + text.size())
          return "'" + text + "' is not a whole number from 0 to 18446744073709551615";
        return "";
      },
      "SEED");
  CLI::App app{"paystrike main job: score, evaluate and explain the false positives of a credit "
               "score on the UCI Taiwan data (or another CSV in its layout)"};
  app.option_defaults()->always_capture_default();
  app.add_option("--data", options.data, "CSV in the UCI Taiwan layout")->check(CLI::ExistingFile);
  app.add_option("--out", options.out, "output folder (created if missing)");
  app.add_option("--cutoff", options.cutoff, "approve (predict good) when score >= cutoff")
      ->check(finite);
  app.add_option("--test-share", options.test_share, "share of accounts held out for testing")
      ->check(finite & CLI::Range(0.05, 0.95));
  app.add_option("--split-seed", options.split_seed, "seed of the train/test split")->check(seed);
  app.add_option("--simulation-seed", options.simulation_seed,
                 "seed of the evidence simulator (CRM, bureau, registry)")
      ->check(seed);
  app.add_option("--base-points", options.scaling.base_points, "score at the base odds")
      ->check(finite & CLI::Range(-1e6, 1e6));
  app.add_option("--base-odds", options.scaling.base_odds, "good:bad odds at the base points")
      ->check(finite & CLI::Range(1e-6, 1e6));
  app.add_option("--pdo", options.scaling.pdo, "points to double the odds")
      ->check(finite & CLI::Range(1e-3, 1e4));
  app.add_option("--write-evidence", options.write_evidence,
                 "also write the test accounts' evidence, one CSV per source, to this folder "
                 "(examples/attribute_portfolio reads it)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints the help or the message
    return code == 0 ? 0 : 2;      // one documented status for bad input
  }
  try {
    options.scaling.validate();
    return run(options);
  } catch (const paystrike::Error& e) {
    std::cerr << "paystrike_main_job: " << paystrike::status_name(e.status()) << ": " << e.what()
              << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "paystrike_main_job: " << e.what() << "\n";
    return 2;
  }
}
