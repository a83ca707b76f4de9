// The attribution's portfolio view on CSV files, one per evidence source (docs/attribution.md,
// "Evidence files"): why did the approved customers default, what did the model lose to bad
// service, and how early could the disputes have been seen?
//
//   paystrike_attribute_portfolio [--evidence DIR] [--out DIR] [--model FILE | --investigated
//                                  FILE] [--truth FILE] [--adapt-prior] [--cutoff X] [--pdo P]
//
// Reads accounts.csv and payments.csv (required) and crm_complaints.csv, bureau_snapshots.csv,
// registry_complaints.csv, collections.csv (each optional) from the evidence folder; attributes
// every customer; writes customers.csv (one row per customer) and report.txt to --out. The
// bundled folder examples/data/evidence holds the 9,000 Taiwan test accounts of the main job
// with simulated CRM, bureau and registry evidence, and sim_truth.csv (the planted causes and the
// Bayes ceiling), so the program runs out of the box and reports its figures beside the ceiling.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <sstream>
#include <unordered_map>

#include "paystrike/attribution/attribution.hpp"
#include "paystrike/io/csv.hpp"
#include "paystrike/io/evidence_csv.hpp"
#include "paystrike/io/evidence_model_file.hpp"

namespace {

namespace pa = paystrike::attribution;
using paystrike::Error;
using paystrike::Status;

struct Options {
  std::string evidence = PAYSTRIKE_BUNDLED_EVIDENCE;
  std::string out = "paystrike_attribution_out";
  std::string model;         // evidence model file; empty = documented defaults
  std::string investigated;  // CSV of investigated cases: account_id and a cause column
  std::int64_t investigated_count = 1000;
  double smoothing = 1.0;
  std::string save_model;    // where to save the evidence model used
  std::string truth;         // sim_truth.csv; "auto" = the evidence folder's, if present
  bool adapt = false;
  double cutoff = std::numeric_limits<double>::quiet_NaN();
  double pdo = 20.0;
  double flag_posterior = 0.5;
};

std::string rate(double value) { return std::isnan(value) ? "undefined" : fmt::format("{:.4f}", value); }

std::unordered_map<std::string, std::size_t> index_of(const std::vector<pa::Account>& accounts) {
  std::unordered_map<std::string, std::size_t> ids;
  for (std::size_t i = 0; i < accounts.size(); ++i) ids.emplace(accounts[i].id, i);
  return ids;
}

pa::Cause parse_cause(const std::string& text, const std::string& where) {
  for (std::size_t c = 0; c < pa::kCauseCount; ++c)
    if (text == pa::cause_name(static_cast<pa::Cause>(c))) return static_cast<pa::Cause>(c);
  throw Error(Status::bad_format, where + ": '" + text + "' is not a cause (service_dispute, "
                                          "financial_distress, first_payment_default_or_fraud, "
                                          "model_miss)");
}

// The cause column of an investigated-cases or truth file: `cause` or `sim_planted_cause`.
std::string cause_column(const paystrike::CsvTable& table) {
  if (table.has_column("cause")) return "cause";
  if (table.has_column("sim_planted_cause")) return "sim_planted_cause";
  throw Error(Status::bad_format, table.source + ": no column 'cause' (or 'sim_planted_cause')");
}

// Fits the model (tables and label thresholds) on the first `count` investigated cases.
pa::EvidenceModel fit_on_investigated(const Options& options,
                                       const paystrike::EvidencePortfolio& portfolio) {
  const paystrike::CsvTable table = paystrike::read_csv(options.investigated);
  const auto ids = index_of(portfolio.accounts);
  const auto id_column = static_cast<std::size_t>(table.column_index("account_id"));
  const auto cause_index = static_cast<std::size_t>(table.column_index(cause_column(table)));
  std::vector<pa::InvestigatedCase> cases;
  for (std::size_t row = 0; row < table.rows.size() &&
                            static_cast<std::int64_t>(cases.size()) < options.investigated_count;
       ++row) {
    const std::string where = table.source + ": line " + std::to_string(table.line_numbers[row]);
    const auto found = ids.find(table.rows[row][id_column]);
    if (found == ids.end())
      throw Error(Status::bad_format, where + ", column 'account_id': unknown account id '" +
                                          table.rows[row][id_column] + "'");
    const std::size_t i = found->second;
    cases.push_back({pa::derive_signals(portfolio.accounts[i], portfolio.evidence[i]),
                     parse_cause(table.rows[row][cause_index], where)});
  }
  return pa::fit_evidence_model(cases, options.smoothing);
}

// The simulator's truth file as a SimulatedPortfolio (planted causes, ceiling posteriors).
pa::SimulatedPortfolio read_truth(const std::string& path, const paystrike::EvidencePortfolio& portfolio) {
  const paystrike::CsvTable table = paystrike::read_csv(path);
  const auto ids = index_of(portfolio.accounts);
  pa::SimulatedPortfolio truth;
  truth.evidence = portfolio.evidence;
  truth.planted_cause.assign(portfolio.accounts.size(), std::nullopt);
  truth.ceiling_posterior.assign(portfolio.accounts.size(), pa::CauseVector{});
  const auto id_column = static_cast<std::size_t>(table.column_index("account_id"));
  const auto cause_index = static_cast<std::size_t>(table.column_index(cause_column(table)));
  std::array<std::vector<double>, pa::kCauseCount> ceiling;
  for (std::size_t c = 0; c < pa::kCauseCount; ++c)
    ceiling[c] = table.numeric_column(std::string("sim_ceiling_p_") +
                                      pa::cause_name(static_cast<pa::Cause>(c)));
  for (std::size_t row = 0; row < table.rows.size(); ++row) {
    const std::string where = table.source + ": line " + std::to_string(table.line_numbers[row]);
    const auto found = ids.find(table.rows[row][id_column]);
    if (found == ids.end())
      throw Error(Status::bad_format, where + ", column 'account_id': unknown account id '" +
                                          table.rows[row][id_column] + "'");
    if (!portfolio.accounts[found->second].defaulted)
      throw Error(Status::bad_format, where + ": account '" + table.rows[row][id_column] +
                                          "' did not default; causes are planted on defaulters");
    truth.planted_cause[found->second] = parse_cause(table.rows[row][cause_index], where);
    for (std::size_t c = 0; c < pa::kCauseCount; ++c)
      truth.ceiling_posterior[found->second][c] = ceiling[c][row];
  }
  for (std::size_t i = 0; i < portfolio.accounts.size(); ++i)
    if (portfolio.accounts[i].defaulted && !truth.planted_cause[i])
      throw Error(Status::bad_format, path + ": no planted cause for defaulter '" +
                                          portfolio.accounts[i].id + "'");
  return truth;
}

// The decision's cutoff: given, or the lowest approved score (which must be above every
// declined one).
double decision_cutoff(const Options& options, const std::vector<pa::Account>& accounts) {
  double lowest_approved = std::numeric_limits<double>::infinity();
  double highest_declined = -std::numeric_limits<double>::infinity();
  for (const pa::Account& a : accounts) {
    if (std::isnan(a.score))
      throw Error(Status::missing_value, "account '" + a.id + "' has no score; the portfolio "
                                             "view needs one per account");
    (a.predicted_good ? lowest_approved : highest_declined) =
        a.predicted_good ? std::min(lowest_approved, a.score) : std::max(highest_declined, a.score);
  }
  if (!std::isnan(options.cutoff)) return options.cutoff;
  if (!(highest_declined < lowest_approved))
    throw Error(Status::invalid_argument,
                "the approvals are not a score cutoff (an approved score " +
                    fmt::format("{}", lowest_approved) + " is not above a declined one " +
                    fmt::format("{}", highest_declined) + "); give --cutoff");
  return lowest_approved;
}

void print_quality_table(std::ostream& report, const pa::PortfolioSummary& s) {
  fmt::print(report, "  {:<31} {:>21} {:>21} {:>21} {:>23} {:>14}\n", "cause",
             "ours label P / R / F1", "ours argmax P / R / F1", "ceiling argmax P/R/F1",
             "best-thr. F1 ours/ceil", "label/ceil best");
  for (std::size_t c = 0; c < pa::kCauseCount; ++c) {
    const auto& top = s.ours_by_cause[c];
    const auto& argmax = s.ours_argmax_by_cause[c];
    const auto& ceiling = s.ceiling_by_cause[c];
    fmt::print(report,
               "  {:<31} {:>6.3f} {:>6.3f} {:>6.3f}  {:>6.3f} {:>6.3f} {:>6.3f}  {:>6.3f} {:>6.3f} "
               "{:>6.3f}   {:>6.3f} / {:>6.3f}  {:>14.3f}\n",
               pa::cause_name(static_cast<pa::Cause>(c)), top.precision, top.recall, top.f1,
               argmax.precision, argmax.recall, argmax.f1, ceiling.precision, ceiling.recall,
               ceiling.f1, s.ours_best_f1_by_cause[c], s.ceiling_best_f1_by_cause[c],
               top.f1 / s.ceiling_best_f1_by_cause[c]);
  }
}

void print_service_adjusted(std::ostream& report, const char* label,
                            const pa::ServiceAdjustedEvaluation& e) {
  fmt::print(report, "  {}: {} service-dispute defaults set apart ({} of them false positives)\n",
             label, e.service_dispute_defaults, e.service_dispute_false_positives);
  fmt::print(report, "    {:<28} {:>10} {:>10} {:>10}\n", "", "precision", "KS", "Gini");
  fmt::print(report, "    {:<28} {:>10.4f} {:>10.4f} {:>10.4f}\n", "as it is", e.all.precision,
             e.all.ks, e.all.gini);
  fmt::print(report, "    {:<28} {:>10.4f} {:>10.4f} {:>10.4f}\n", "service disputes set apart",
             e.adjusted.precision, e.adjusted.ks, e.adjusted.gini);
  fmt::print(report, "    {:<28} {:>+10.4f} {:>+10.4f} {:>+10.4f}\n", "lost to bad service",
             e.precision_lost, e.ks_lost, e.gini_lost);
}

int run(const Options& options) {
  std::ostringstream report;
  const paystrike::EvidencePortfolio portfolio = paystrike::load_evidence_directory(options.evidence);
  const auto& accounts = portfolio.accounts;
  const auto& evidence = portfolio.evidence;
  const double cutoff = decision_cutoff(options, accounts);

  std::string truth_path = options.truth;
  if (truth_path == "auto") {
    const auto candidate = std::filesystem::path(options.evidence) / "sim_truth.csv";
    truth_path = std::filesystem::exists(candidate) ? candidate.string() : std::string();
  }
  std::optional<pa::SimulatedPortfolio> truth;
  if (!truth_path.empty()) truth = read_truth(truth_path, portfolio);

  // The evidence model: a file, fitted on investigated cases, or the documented defaults.
  pa::EvidenceModel model;
  std::string model_source = "documented default tables";
  if (!options.model.empty()) {
    model = paystrike::load_evidence_model_file(options.model);
    model_source = "loaded from " + options.model;
  } else if (!options.investigated.empty()) {
    model = fit_on_investigated(options, portfolio);
    model_source = fmt::format("fitted on the first {} investigated cases of {} (smoothing {})",
                               options.investigated_count, options.investigated, options.smoothing);
  }
  model.scaling.pdo = options.pdo;
  if (options.adapt) {
    std::vector<pa::Signals> defaulters;
    for (std::size_t i = 0; i < accounts.size(); ++i)
      if (accounts[i].defaulted) defaulters.push_back(pa::derive_signals(accounts[i], evidence[i]));
    if (defaulters.empty())
      throw Error(Status::invalid_argument, "--adapt: the portfolio has no defaulter to adapt to");
    model = pa::adapt_evidence_model_to_portfolio(model, defaulters);
    model_source += ", adapted to this portfolio's defaulters (prior by EM, label thresholds "
                    "at the expected-F1 optimum; no labels used)";
  }
  model.validate();
  if (!options.save_model.empty()) paystrike::save_evidence_model_file(model, options.save_model);

  const std::vector<pa::Attribution> attributions = pa::attribute_portfolio(model, accounts, evidence);
  const pa::PortfolioSummary summary =
      pa::summarise_portfolio(accounts, attributions, truth ? &*truth : nullptr);
  pa::EarlyWarningRule rule;
  rule.min_posterior = options.flag_posterior;
  const pa::EarlyWarningSummary warning =
      pa::replay_early_warning(model, accounts, evidence, rule, truth ? &*truth : nullptr);

  // Coverage of the sources.
  std::int64_t defaulters = 0, crm = 0, bureau = 0, registry = 0, collections = 0;
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    defaulters += accounts[i].defaulted ? 1 : 0;
    crm += evidence[i].crm_complaints ? 1 : 0;
    bureau += evidence[i].bureau ? 1 : 0;
    registry += evidence[i].registry_complaints ? 1 : 0;
    collections += evidence[i].collections ? 1 : 0;
  }
  fmt::print(report, "paystrike attribution: portfolio view of {}\n", options.evidence);
  fmt::print(report, "{} accounts, {} defaulted; evidence known for CRM {}, bureau {}, registry {}, "
                     "collections {}\n",
             accounts.size(), defaulters, crm, bureau, registry, collections);
  fmt::print(report, "Evidence model: {}; points at PDO {} (factor {:.4f}); decision cutoff {:.3f}\n",
             model_source, model.scaling.pdo, model.scaling.factor(), cutoff);
  fmt::print(report, "Label thresholds (a cause at or above its threshold is the label even if not "
                     "the most likely; 1 = by argmax only):");
  for (std::size_t c = 0; c < pa::kCauseCount; ++c)
    fmt::print(report, " {} {:.3f}", pa::cause_name(static_cast<pa::Cause>(c)),
               model.label_threshold[c]);
  fmt::print(report, "\n\n");

  const paystrike::ConfusionMatrix& cm = summary.confusion;
  fmt::print(report, "Confusion matrix (positive = good payer, predicted good = approved)\n");
  fmt::print(report, "  predicted good      TP {:>8}   FP {:>8}   <- approved, then defaulted\n",
             cm.true_positives, cm.false_positives);
  fmt::print(report, "  predicted bad       FN {:>8}   TN {:>8}\n\n", cm.false_negatives,
             cm.true_negatives);
  fmt::print(report, "Root causes of the {} false positives (our top cause)\n", cm.false_positives);
  fmt::print(report, "  {:<32} {:>7} {:>8}{}\n", "cause", "count", "share",
             truth ? "   planted" : "");
  for (std::size_t c = 0; c < pa::kLabelCount; ++c)
    fmt::print(report, "  {:<32} {:>7} {:>8}{}\n", pa::cause_name(static_cast<pa::Cause>(c)),
               summary.false_positives_by_top_cause[c],
               rate(summary.false_positive_share_by_top_cause[c]),
               truth ? (c < pa::kCauseCount
                            ? fmt::format("   {:>7}", summary.false_positives_by_planted_cause[c])
                            : std::string("         -"))
                     : std::string());
  fmt::print(report, "  false negatives (good payers turned away), beside them: {}\n\n",
             summary.false_negatives);

  fmt::print(report, "Service-adjusted evaluation at cutoff {:.3f}: what the model lost to bad "
                     "service, not to bad modelling\n",
             cutoff);
  std::vector<bool> ours_dispute(accounts.size()), planted_dispute(accounts.size());
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    ours_dispute[i] = attributions[i].top_cause == pa::Cause::service_dispute;
    planted_dispute[i] = truth && truth->planted_cause[i] == pa::Cause::service_dispute;
  }
  print_service_adjusted(report, "our service-dispute label",
                         pa::service_adjusted_evaluation(accounts, ours_dispute, cutoff));
  if (truth)
    print_service_adjusted(report, "planted service disputes (simulation)",
                           pa::service_adjusted_evaluation(accounts, planted_dispute, cutoff));

  fmt::print(report, "\nEarly warning: billing cycles replayed in order; flagged at the first cycle "
                     "after scoring with P(service dispute) >= {}\n",
             options.flag_posterior);
  fmt::print(report, "  {} accounts reached the bad definition; {} flagged before it, median lead "
                     "time {} cycles\n",
             warning.reached_bad, warning.flagged_before_bad, rate(warning.median_lead_cycles));
  if (truth)
    fmt::print(report, "  planted service disputes: {}, flagged before the bad definition {}, "
                       "median lead time {} cycles\n",
               warning.planted, warning.planted_flagged_before_bad,
               rate(warning.planted_median_lead_cycles));
  fmt::print(report, "  false alarms: {} flagged of {} accounts that never reached it\n",
             warning.flagged_never_bad, warning.never_bad);

  if (truth) {
    fmt::print(report, "\nAgainst the planted causes of all {} defaulters (simulation; undetermined "
                       "share {}):\n",
               defaulters, rate(summary.undetermined_share_of_defaulters));
    print_quality_table(report, summary);
    fmt::print(report, "  Our label (thresholds, then argmax, then undetermined) is judged against "
                       "the ceiling's best F1 over thresholds,\n  which no rule can beat; "
                       "argmax with argmax and best threshold with best threshold are shown too.\n");
  }

  const std::size_t dispute = static_cast<std::size_t>(pa::Cause::service_dispute);
  fmt::print(report, "\nExplanations of false positives (points vs model miss, on the score's "
                     "scale):\n");
  int shown = 0;
  for (std::size_t i = 0; i < accounts.size() && shown < 3; ++i) {
    if (!(accounts[i].predicted_good && accounts[i].defaulted)) continue;
    const pa::Attribution& a = attributions[i];
    if (shown < 2 && a.top_cause != pa::Cause::service_dispute) continue;
    if (shown == 2 && a.top_cause == pa::Cause::service_dispute) continue;
    ++shown;
    // Explain the label (the most likely cause when the label is undetermined).
    const pa::Cause explained =
        a.top_cause == pa::Cause::undetermined ? a.most_likely_cause : a.top_cause;
    const std::size_t c = static_cast<std::size_t>(explained);
    fmt::print(report, "  account {} (score {:.1f}): top cause {} (P = {:.3f}{}); treatment {}, "
                       "instalment {:.0f}\n    toward {}: prior {:+.1f}",
               accounts[i].id, accounts[i].score, pa::cause_name(a.top_cause), a.probability[c],
               a.labelled_by_threshold
                   ? fmt::format(" >= threshold {:.3f}", model.label_threshold[c])
                   : std::string(),
               pa::treatment_name(a.treatment), a.instalment.amount, pa::cause_name(explained),
               a.prior_points[c]);
    for (std::size_t s = 0; s < pa::kSignalCount; ++s)
      fmt::print(report, ", {} {:+.1f}", pa::signal_name(static_cast<pa::SignalKind>(s)),
                 a.contribution_points[s][c]);
    fmt::print(report, " = {:+.1f}\n", a.log_odds_points_vs_model_miss[c]);
  }
  (void)dispute;

  // Per-customer CSV.
  std::filesystem::create_directories(options.out);
  const std::string customers_path = (std::filesystem::path(options.out) / "customers.csv").string();
  std::ofstream customers(customers_path);
  customers << "account_id,score,approved,defaulted,cell";
  for (std::size_t c = 0; c < pa::kCauseCount; ++c)
    customers << ",p_" << pa::cause_name(static_cast<pa::Cause>(c));
  customers << ",most_likely_cause,top_cause,treatment,instalment";
  for (std::size_t s = 0; s < pa::kSignalCount; ++s)
    customers << ",points_" << pa::signal_name(static_cast<pa::SignalKind>(s));
  customers << ",flagged_cycle,bad_cycle,lead_cycles\n";
  const auto optional_text = [](const std::optional<std::size_t>& v) {
    return v ? std::to_string(*v) : std::string();
  };
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    const pa::Account& account = accounts[i];
    const pa::Attribution& a = attributions[i];
    const bool p = account.predicted_good, d = account.defaulted;
    fmt::print(customers, "{},{:.6f},{},{},{}", account.id, account.score, p ? 1 : 0, d ? 1 : 0,
               p ? (d ? "FP" : "TP") : (d ? "TN" : "FN"));
    for (double probability : a.probability) fmt::print(customers, ",{:.6f}", probability);
    fmt::print(customers, ",{},{},{},{:.2f}", pa::cause_name(a.most_likely_cause),
               pa::cause_name(a.top_cause), pa::treatment_name(a.treatment), a.instalment.amount);
    // Each signal's points toward the most likely cause (vs model miss).
    const std::size_t c = static_cast<std::size_t>(a.most_likely_cause);
    for (std::size_t s = 0; s < pa::kSignalCount; ++s)
      fmt::print(customers, ",{:.3f}", a.contribution_points[s][c]);
    const pa::EarlyWarning& w = warning.customers[i];
    fmt::print(customers, ",{},{},{}\n", optional_text(w.flagged_cycle), optional_text(w.bad_cycle),
               optional_text(w.lead_cycles));
  }
  customers.close();
  if (!customers) throw Error(Status::io_error, "cannot write " + customers_path);
  fmt::print(report, "\nWrote {} (one row per customer: probabilities, causes, treatment, "
                     "instalment, points, early warning)\n",
             customers_path);
  const std::string report_path = (std::filesystem::path(options.out) / "report.txt").string();
  std::ofstream report_file(report_path);
  report_file << report.str();
  report_file.close();
  if (!report_file) throw Error(Status::io_error, "cannot write " + report_path);
  std::cout << report.str();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  options.truth = "auto";
  CLI::App app{"paystrike attribution: the portfolio view (root causes of the false positives, "
               "the service-adjusted evaluation, early warning) on one CSV per evidence source"};
  app.option_defaults()->always_capture_default();
  app.add_option("--evidence", options.evidence,
                 "folder with accounts.csv, payments.csv and optional source files")
      ->check(CLI::ExistingDirectory);
  app.add_option("--out", options.out, "output folder for customers.csv and report.txt");
  auto* model_option =
      app.add_option("--model", options.model, "evidence model file (default: documented tables)")
          ->check(CLI::ExistingFile);
  app.add_option("--investigated", options.investigated,
                 "CSV of investigated cases (account_id and cause or sim_planted_cause) to fit "
                 "the tables on")
      ->check(CLI::ExistingFile)
      ->excludes(model_option);
  app.add_option("--investigated-count", options.investigated_count,
                 "fit on the first N investigated cases")
      ->check(CLI::Range(std::int64_t{1}, std::numeric_limits<std::int64_t>::max()));
  app.add_option("--smoothing", options.smoothing, "additive smoothing of the fit")
      ->check(CLI::Range(1e-9, 1e6));
  app.add_option("--save-model", options.save_model, "save the evidence model used to this file");
  app.add_option("--truth", options.truth,
                 "simulator truth (sim_truth.csv) to report ours beside the ceiling; 'auto' = "
                 "the evidence folder's if present, '' = none");
  app.add_flag("--adapt,--adapt-prior", options.adapt,
               "adapt the model to this portfolio's defaulters without labels: cause shares by "
               "EM, label thresholds at the expected-F1 optimum");
  app.add_option("--cutoff", options.cutoff,
                 "score cutoff of the decision (default: the lowest approved score)");
  app.add_option("--pdo", options.pdo, "points to double the odds, as the score's scaling")
      ->check(CLI::Range(1e-3, 1e4));
  app.add_option("--flag-posterior", options.flag_posterior,
                 "early warning flags at P(service dispute) >= this")
      ->check(CLI::Range(0.0, 1.0));
  CLI11_PARSE(app, argc, argv);
  try {
    return run(options);
  } catch (const Error& e) {
    std::cerr << "paystrike_attribute_portfolio: " << paystrike::status_name(e.status()) << ": "
              << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "paystrike_attribute_portfolio: " << e.what() << "\n";
    return 2;
  }
}
