// The attribution's portfolio view on CSV files, one per evidence source (docs/attribution.md,
// "Evidence files"): why did the approved customers default, what did the model lose to bad
// service, and how early could the disputes have been seen?
//
//   paystrike_attribute_portfolio [--evidence DIR] [--out DIR] [--model FILE | --investigated
//                                  FILE] [--truth FILE] [--adapt | --no-adapt] [--cutoff X] [--pdo P]
//
// Reads accounts.csv and payments.csv (required) and crm_complaints.csv, bureau_snapshots.csv,
// registry_complaints.csv, collections.csv (each optional) from the evidence folder; attributes
// every customer; writes customers.csv (one row per customer) and report.txt to --out. One
// decision rule holds for every figure: the approved column, or with --cutoff X every account
// re-decided as score >= X. --save-model writes the model only after the run succeeded. The
// bundled folder examples/data/evidence holds the 9,000 Taiwan test accounts of the main job
// with simulated CRM, bureau and registry evidence, and sim_truth.csv (the planted causes and the
// Bayes ceiling), so the program runs out of the box and reports its figures beside the ceiling.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>
#include <unordered_map>
#include <vector>

#include "paystrike/attribution/attribution.hpp"
#include "paystrike/io/csv.hpp"
#include "paystrike/io/evidence_csv.hpp"
#include "paystrike/io/evidence_model_file.hpp"
#include "paystrike/io/model_file.hpp"

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
  // Adapt the model to this portfolio (docs/attribution.md): by default the documented default
  // tables are (their 10% strike share is a starting point, not a lender's figure); a fitted or
  // loaded model is used as it is. --adapt / --no-adapt decide it.
  bool adapt = false;
  bool adapt_asked = false;  // --adapt given: too few defaulters is then an error, not a warning
  double cutoff = std::numeric_limits<double>::quiet_NaN();
  double pdo = 20.0;
  double flag_posterior = 0.5;
};

// A figure of the report: "undefined" for NaN (never "nan").
std::string rate(double value) { return std::isnan(value) ? "undefined" : fmt::format("{:.4f}", value); }
std::string signed_rate(double value) {
  return std::isnan(value) ? "undefined" : fmt::format("{:+.4f}", value);
}
std::string figure(double value) { return std::isnan(value) ? "undefined" : fmt::format("{:.3f}", value); }
std::string cycles(double value) {
  return std::isnan(value) ? "undefined" : fmt::format("{:.1f} cycles", value);
}

// Fewer investigated cases of a cause than this and its table column and label threshold rest
// on too few cases to be trusted: the report and stderr warn.
constexpr std::int64_t kThinSampleCases = 20;

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

// The portfolio row of a file's account id; refuses an unknown id and one seen before in the
// same file (naming the file, the line and the first line).
std::size_t account_row(const paystrike::CsvTable& table, std::size_t row, std::size_t id_column,
                        const std::unordered_map<std::string, std::size_t>& ids,
                        std::unordered_map<std::string, std::int64_t>& first_line) {
  const std::string& id = table.rows[row][id_column];
  const std::int64_t line = table.line_numbers[row];
  const std::string where = table.source + ": line " + std::to_string(line) + ", column 'account_id'";
  const auto found = ids.find(id);
  if (found == ids.end())
    throw Error(Status::bad_format, where + ": unknown account id '" + id + "'");
  const auto seen = first_line.emplace(id, line);
  if (!seen.second)
    throw Error(Status::bad_format, where + ": duplicate account id '" + id + "' (first at line " +
                                        std::to_string(seen.first->second) + ")");
  return found->second;
}

// The investigated cases the model is fitted on, as read and checked.
struct InvestigatedSample {
  std::string source;
  std::vector<pa::InvestigatedCase> cases;
  std::vector<std::size_t> account;  // per case, its portfolio row
  std::array<std::int64_t, pa::kCauseCount> per_cause{};
};

// An evidence model file, or a score model file that carries one (as the main job's
// taiwan_model.psm does): whatever the lender saved, without extracting it first.
pa::EvidenceModel load_evidence_model_from(const std::string& path, std::string& source) {
  try {
    source = "loaded from " + path;
    return paystrike::load_evidence_model_file(path);
  } catch (const Error& not_evidence) {
    if (not_evidence.status() != Status::bad_format) throw;
    paystrike::ModelFileContents contents;
    try {
      contents = paystrike::load_model_and_evidence_file(path);
    } catch (const Error& not_score) {
      // A damaged score model file says so (checksum, version); otherwise the evidence
      // loader's message says what the file is.
      if (not_score.status() != Status::bad_format) throw;
      throw not_evidence;
    }
    if (!contents.evidence_model)
      throw Error(Status::bad_format,
                  path + ": a score model file without an evidence model (save the score with "
                         "its evidence model, or give an evidence model file)");
    source = "the evidence model of the score model file " + path;
    return *contents.evidence_model;
  }
}

// Reads the first `investigated_count` rows of the investigated cases. Each is a defaulter of
// the portfolio whose cause was established, once: an unknown or duplicate account id, or an
// account that did not default, is an error naming the file and the line.
InvestigatedSample read_investigated(const Options& options,
                                     const paystrike::EvidencePortfolio& portfolio) {
  const paystrike::CsvTable table = paystrike::read_csv(options.investigated);
  const auto ids = index_of(portfolio.accounts);
  const auto id_column = static_cast<std::size_t>(table.column_index("account_id"));
  const auto cause_index = static_cast<std::size_t>(table.column_index(cause_column(table)));
  InvestigatedSample sample;
  sample.source = table.source;
  std::unordered_map<std::string, std::int64_t> first_line;
  for (std::size_t row = 0; row < table.rows.size() &&
                            static_cast<std::int64_t>(sample.cases.size()) < options.investigated_count;
       ++row) {
    const std::string where = table.source + ": line " + std::to_string(table.line_numbers[row]);
    const std::size_t i = account_row(table, row, id_column, ids, first_line);
    if (!portfolio.accounts[i].defaulted)
      throw Error(Status::bad_format, where + ": account '" + portfolio.accounts[i].id +
                                          "' did not default; an investigated case is a "
                                          "defaulter whose cause was established");
    const pa::Cause cause = parse_cause(table.rows[row][cause_index], where);
    ++sample.per_cause[static_cast<std::size_t>(cause)];
    sample.cases.push_back({pa::derive_signals(portfolio.accounts[i], portfolio.evidence[i]), cause});
    sample.account.push_back(i);
  }
  if (sample.cases.empty())
    throw Error(Status::bad_format, table.source + ": no investigated case to fit on");
  return sample;
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
  std::unordered_map<std::string, std::int64_t> first_line;
  for (std::size_t row = 0; row < table.rows.size(); ++row) {
    const std::string where = table.source + ": line " + std::to_string(table.line_numbers[row]);
    const std::size_t i = account_row(table, row, id_column, ids, first_line);
    if (!portfolio.accounts[i].defaulted)
      throw Error(Status::bad_format, where + ": account '" + table.rows[row][id_column] +
                                          "' did not default; causes are planted on defaulters");
    truth.planted_cause[i] = parse_cause(table.rows[row][cause_index], where);
    for (std::size_t c = 0; c < pa::kCauseCount; ++c) {
      const double p = ceiling[c][row];
      if (!(p >= 0.0 && p <= 1.0))  // an empty field reads as NaN
        throw Error(std::isnan(p) ? Status::missing_value : Status::bad_format,
                    where + ", column 'sim_ceiling_p_" +
                        pa::cause_name(static_cast<pa::Cause>(c)) +
                        "': the ceiling posterior must be a probability in [0, 1]");
      truth.ceiling_posterior[i][c] = p;
    }
  }
  for (std::size_t i = 0; i < portfolio.accounts.size(); ++i)
    if (portfolio.accounts[i].defaulted && !truth.planted_cause[i])
      throw Error(Status::bad_format, path + ": no planted cause for defaulter '" +
                                          portfolio.accounts[i].id + "'");
  return truth;
}

// The one decision rule of the run, applied to every figure: approved (predicted good) =
// score >= cutoff. The service-adjusted evaluation takes only a cutoff, so without --cutoff
// the approved column must be one (the lowest approved score above every declined one).
struct Decision {
  double cutoff = std::numeric_limits<double>::infinity();
  std::string cutoff_text;  // as printed
  std::int64_t approved = 0;
  std::string description;
};

// Re-decides every account at --cutoff, or checks that the approved column is a cutoff.
Decision decide(const Options& options, std::vector<pa::Account>& accounts) {
  Decision decision;
  double lowest_approved = std::numeric_limits<double>::infinity();
  double highest_declined = -std::numeric_limits<double>::infinity();
  for (const pa::Account& a : accounts) {
    if (std::isnan(a.score))
      throw Error(Status::missing_value, "accounts.csv: account '" + a.id + "' has no score; the "
                                             "portfolio view needs one per account");
    if (a.predicted_good) lowest_approved = std::min(lowest_approved, a.score);
    else highest_declined = std::max(highest_declined, a.score);
  }
  if (!std::isnan(options.cutoff)) {
    std::int64_t changed = 0;
    for (pa::Account& a : accounts) {
      const bool approved = a.score >= options.cutoff;
      changed += approved != a.predicted_good ? 1 : 0;
      decision.approved += approved ? 1 : 0;
      a.predicted_good = approved;
    }
    decision.cutoff = options.cutoff;
    decision.cutoff_text = fmt::format("{:g}", options.cutoff);
    decision.description = fmt::format(
        "re-decided at cutoff {:g}: approved = score >= {:g} for every account, in every table "
        "below and in customers.csv ({} approved; the approved column of accounts.csv is not "
        "used, it differs on {} accounts)",
        options.cutoff, options.cutoff, decision.approved, changed);
    return decision;
  }
  if (!(highest_declined < lowest_approved))
    throw Error(Status::invalid_argument,
                "accounts.csv: the approved column is not a score cutoff (an approved score " +
                    fmt::format("{}", lowest_approved) + " is not above a declined one " +
                    fmt::format("{}", highest_declined) +
                    "); give --cutoff to re-decide every account at one cutoff");
  for (const pa::Account& a : accounts) decision.approved += a.predicted_good ? 1 : 0;
  decision.cutoff = lowest_approved;
  decision.cutoff_text = fmt::format("{:.3f}", lowest_approved);
  decision.description =
      decision.approved == 0
          ? std::string("the approved column of accounts.csv: no account approved")
          : fmt::format("the approved column of accounts.csv ({} approved; the same decisions as "
                        "score >= {:.3f}, the lowest approved score, which the service-adjusted "
                        "evaluation uses)",
                        decision.approved, lowest_approved);
  return decision;
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
               "  {:<31} {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}   {:>6} / {:>6}  "
               "{:>14}\n",
               pa::cause_name(static_cast<pa::Cause>(c)), figure(top.precision),
               figure(top.recall), figure(top.f1), figure(argmax.precision), figure(argmax.recall),
               figure(argmax.f1), figure(ceiling.precision), figure(ceiling.recall),
               figure(ceiling.f1), figure(s.ours_best_f1_by_cause[c]),
               figure(s.ceiling_best_f1_by_cause[c]), figure(top.f1 / s.ceiling_best_f1_by_cause[c]));
  }
}

void print_service_adjusted(std::ostream& report, const char* label,
                            const pa::ServiceAdjustedEvaluation& e) {
  fmt::print(report, "  {}: {} defaulters set apart: {} approved (false positives), {} declined\n",
             label, e.service_dispute_defaults, e.service_dispute_false_positives,
             e.service_dispute_defaults - e.service_dispute_false_positives);
  fmt::print(report, "    {:<28} {:>6} {:>6} {:>6} {:>6} {:>10} {:>10} {:>10}\n", "", "TP", "FP",
             "FN", "TN", "precision", "KS", "Gini");
  const auto row = [&report](const char* name, const pa::ScoreEvaluation& v) {
    fmt::print(report, "    {:<28} {:>6} {:>6} {:>6} {:>6} {:>10} {:>10} {:>10}\n", name,
               v.confusion.true_positives, v.confusion.false_positives,
               v.confusion.false_negatives, v.confusion.true_negatives, rate(v.precision),
               rate(v.ks), rate(v.gini));
  };
  row("as it is", e.all);
  row("service disputes set apart", e.adjusted);
  fmt::print(report, "    {:<28} {:>6} {:>6} {:>6} {:>6} {:>10} {:>10} {:>10}\n",
             "lost to bad service", "", "", "", "", signed_rate(e.precision_lost),
             signed_rate(e.ks_lost), signed_rate(e.gini_lost));
  if (std::isnan(e.adjusted.ks))
    fmt::print(report, "    undefined: setting the service disputes apart leaves no {}, so there "
                       "is nothing to compare\n",
               e.adjusted.confusion.false_positives + e.adjusted.confusion.true_negatives == 0
                   ? "defaulter"
                   : "good payer");
}

// True if `a` and `b` name the same file (a different spelling of the path included).
bool same_file(const std::string& a, const std::string& b) {
  std::error_code error;
  return std::filesystem::equivalent(a, b, error) && !error;
}

int run(const Options& options) {
  std::ostringstream report;
  const paystrike::EvidencePortfolio portfolio = paystrike::load_evidence_directory(options.evidence);
  // One decision rule for every figure: the accounts as decided (re-decided at --cutoff).
  std::vector<pa::Account> accounts = portfolio.accounts;
  const auto& evidence = portfolio.evidence;
  const Decision decision = decide(options, accounts);
  const double cutoff = decision.cutoff;

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
  std::optional<InvestigatedSample> investigated;
  if (!options.model.empty()) {
    model = load_evidence_model_from(options.model, model_source);
  } else if (!options.investigated.empty()) {
    investigated = read_investigated(options, portfolio);
    model = pa::fit_evidence_model(investigated->cases, options.smoothing);
    model_source = fmt::format("fitted on {} investigated cases of {}{} (smoothing {})",
                               investigated->cases.size(), investigated->source,
                               static_cast<std::int64_t>(investigated->cases.size()) <
                                       options.investigated_count
                                   ? fmt::format(", all it holds ({} asked for)",
                                                 options.investigated_count)
                                   : std::string(),
                               options.smoothing);
  }
  model.scaling.pdo = options.pdo;
  if (options.adapt) {
    const std::vector<pa::Signals> defaulters = pa::defaulter_signals(accounts, evidence);
    if (defaulters.size() >= pa::kMinDefaultersForThresholds) {
      constexpr auto dispute = static_cast<std::size_t>(pa::Cause::service_dispute);
      const double share_before = model.tables.prior[dispute];
      model = pa::adapt_evidence_model_to_portfolio(model, defaulters);
      model_source += fmt::format(
          ", adapted to this portfolio's {} defaulters (service-dispute share {:.3f} -> {:.3f} "
          "by EM, the other causes kept in their ratios; label thresholds at the expected-F1 "
          "optimum; no labels used)",
          defaulters.size(), share_before, model.tables.prior[dispute]);
    } else {
      // A share and thresholds from a handful of defaulters follow those few customers
      // (pa::kMinDefaultersForThresholds); the model is better used as it is.
      const std::string not_adapted = fmt::format(
          "not adapted to this portfolio: it has {} defaulters, at least {} are needed to "
          "estimate its share of service disputes; the model is used as it is",
          defaulters.size(), pa::kMinDefaultersForThresholds);
      if (options.adapt_asked) throw Error(Status::invalid_argument, "--adapt: " + not_adapted);
      model_source += " (" + not_adapted + ")";
      std::cerr << "paystrike_attribute_portfolio: warning: " << not_adapted << "\n";
    }
  }
  model.validate();

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
  const std::int64_t goods = static_cast<std::int64_t>(accounts.size()) - defaulters;
  fmt::print(report, "paystrike attribution: portfolio view of {}\n", options.evidence);
  fmt::print(report, "{} accounts, {} defaulted; evidence known for CRM {}, bureau {}, registry {}, "
                     "collections {}\n",
             accounts.size(), defaulters, crm, bureau, registry, collections);
  fmt::print(report, "Decisions: {}\n", decision.description);
  fmt::print(report, "Evidence model: {}; points at PDO {} (factor {:.4f})\n", model_source,
             model.scaling.pdo, model.scaling.factor());
  if (investigated) {
    fmt::print(report, "Investigated cases used per cause:");
    std::string thin;
    for (std::size_t c = 0; c < pa::kCauseCount; ++c) {
      const char* name = pa::cause_name(static_cast<pa::Cause>(c));
      fmt::print(report, " {} {}", name, investigated->per_cause[c]);
      if (investigated->per_cause[c] < kThinSampleCases)
        thin += fmt::format("{}{} ({})", thin.empty() ? "" : ", ", name, investigated->per_cause[c]);
    }
    fmt::print(report, "\n");
    if (!thin.empty()) {
      const std::string message =
          fmt::format("thin sample: thresholds and tables are unreliable (fewer than {} "
                      "investigated cases of {})",
                      kThinSampleCases, thin);
      fmt::print(report, "Warning: {}\n", message);
      std::cerr << "paystrike_attribute_portfolio: warning: " << message << "\n";
    }
  }
  fmt::print(report, "Label thresholds (a cause at or above its threshold is the label even if not "
                     "the most likely; 1 = by argmax only):");
  for (std::size_t c = 0; c < pa::kCauseCount; ++c)
    fmt::print(report, " {} {:.3f}", pa::cause_name(static_cast<pa::Cause>(c)),
               model.label_threshold[c]);
  fmt::print(report, "\n\n");

  const paystrike::ConfusionMatrix& cm = summary.confusion;
  fmt::print(report, "Confusion matrix (positive = good payer, predicted good = approved as "
                     "decided above)\n");
  fmt::print(report, "  predicted good      TP {:>8}   FP {:>8}   <- approved, then defaulted\n",
             cm.true_positives, cm.false_positives);
  fmt::print(report, "  predicted bad       FN {:>8}   TN {:>8}\n\n", cm.false_negatives,
             cm.true_negatives);
  fmt::print(report, "Root causes of the {} false positives (our top cause)\n", cm.false_positives);
  fmt::print(report, "  {:<32} {:>7} {:>9}{}\n", "cause", "count", "share",
             truth ? "   planted" : "");
  for (std::size_t c = 0; c < pa::kLabelCount; ++c)
    fmt::print(report, "  {:<32} {:>7} {:>9}{}\n", pa::cause_name(static_cast<pa::Cause>(c)),
               summary.false_positives_by_top_cause[c],
               rate(summary.false_positive_share_by_top_cause[c]),
               truth ? (c < pa::kCauseCount
                            ? fmt::format("   {:>7}", summary.false_positives_by_planted_cause[c])
                            : std::string("         -"))
                     : std::string());
  fmt::print(report, "  false negatives (good payers turned away), beside them: {}\n\n",
             summary.false_negatives);

  fmt::print(report, "Service-adjusted evaluation (the same decisions: approved = score >= {}): "
                     "what the model lost to bad service, not to bad modelling\n",
             decision.cutoff_text);
  if (defaulters == 0 || goods == 0) {
    fmt::print(report, "  undefined: the portfolio needs both defaulters and good payers ({} "
                       "defaulters, {} good payers)\n",
               defaulters, goods);
  } else {
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
  }

  const std::size_t dispute = static_cast<std::size_t>(pa::Cause::service_dispute);
  const double label_threshold = model.label_threshold[dispute];
  fmt::print(report, "\nEarly warning: billing cycles replayed in order; flagged at the first cycle "
                     "after scoring with P(service dispute) >= {}\n",
             options.flag_posterior);
  if (options.flag_posterior >= label_threshold)
    fmt::print(report, "  (the label's threshold for service_dispute is {:.3f}: the flag is a "
                       "stricter alarm, raised on a paying\n  customer, so it keeps false alarms "
                       "low; the label decides the treatment once the account has defaulted)\n",
               label_threshold);
  else
    fmt::print(report, "  (the label's threshold for service_dispute is {:.3f}: this flag is looser "
                       "than the label, so expect more\n  false alarms; the label decides the "
                       "treatment once the account has defaulted)\n",
               label_threshold);
  fmt::print(report, "  {} accounts reached the bad definition; {} flagged before it, median lead "
                     "time {}\n",
             warning.reached_bad, warning.flagged_before_bad, cycles(warning.median_lead_cycles));
  if (truth)
    fmt::print(report, "  planted service disputes: {}, flagged before the bad definition {}, "
                       "median lead time {}\n",
               warning.planted, warning.planted_flagged_before_bad,
               cycles(warning.planted_median_lead_cycles));
  fmt::print(report, "  false alarms: {} flagged of {} accounts that never reached it\n",
             warning.flagged_never_bad, warning.never_bad);

  if (truth) {
    fmt::print(report, "\nAgainst the planted causes of all {} defaulters (simulation; undetermined "
                       "share {}):\n",
               defaulters, rate(summary.undetermined_share_of_defaulters));
    if (investigated) {
      // The fitted cases are defaulters of this portfolio, so they are among those judged.
      std::int64_t agree = 0;
      for (std::size_t k = 0; k < investigated->cases.size(); ++k)
        agree += truth->planted_cause[investigated->account[k]] == investigated->cases[k].cause ? 1 : 0;
      const auto fitted = static_cast<std::int64_t>(investigated->cases.size());
      if (same_file(options.investigated, truth_path) || (agree == fitted && fitted == defaulters))
        fmt::print(report, "  In-sample evaluation: {}: the model was fitted on the planted "
                           "causes of {} of the {}\n  defaulters it is judged against here. Judge "
                           "it on cases kept apart from the fit.\n",
                   same_file(options.investigated, truth_path)
                       ? "the investigated file is the truth file"
                       : "the investigated cases carry the planted cause of every defaulter",
                   fitted, defaulters);
      else
        fmt::print(report, "  Partly in-sample: {} of the {} defaulters judged here are "
                           "investigated cases the model was fitted on\n  ({} of them with the "
                           "planted cause).\n",
                   fitted, defaulters, agree);
    }
    print_quality_table(report, summary);
    fmt::print(report, "  'ceiling' = the Bayes posterior of the simulator's own tables. The "
                       "ceiling's best F1 over thresholds bounds\n  any labelling of the same "
                       "evidence (up to sampling noise): our label (thresholds, then argmax, then\n"
                       "  undetermined) is judged against it in 'label/ceil best'. The ceiling's "
                       "argmax is one labelling among\n  others, shown for comparison (ours can "
                       "beat it); argmax with argmax, best threshold with best threshold.\n");
  }

  fmt::print(report, "\nExplanations of false positives (points vs model miss, on the score's "
                     "scale):\n");
  int shown = 0;
  for (std::size_t i = 0; i < accounts.size() && shown < 3; ++i) {
    if (!(accounts[i].predicted_good && accounts[i].defaulted)) continue;
    const pa::Attribution& a = attributions[i];
    if (shown < 2 && a.top_cause != pa::Cause::service_dispute) continue;
    if (shown == 2 && a.top_cause == pa::Cause::service_dispute) continue;
    ++shown;
    // Explain the label (the most likely cause when the label is undetermined), and say
    // whose P is printed.
    const bool undetermined = a.top_cause == pa::Cause::undetermined;
    const pa::Cause explained = undetermined ? a.most_likely_cause : a.top_cause;
    const std::size_t c = static_cast<std::size_t>(explained);
    fmt::print(report, "  account {} (score {:.1f}): top cause {} ({}P = {:.3f}{}); treatment {}, "
                       "instalment {:.0f}\n    toward {}: prior {:+.1f}",
               accounts[i].id, accounts[i].score, pa::cause_name(a.top_cause),
               undetermined ? fmt::format("most likely {}, ", pa::cause_name(explained))
                            : std::string(),
               a.probability[c],
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

  // Per-customer CSV. A label, a treatment and an instalment are for defaulters only; every
  // customer keeps the probabilities (what the early warning reads) and the early warning.
  std::filesystem::create_directories(options.out);
  const std::string customers_path = (std::filesystem::path(options.out) / "customers.csv").string();
  std::ofstream customers(customers_path);
  customers << "account_id,score,approved,defaulted,cell";
  for (std::size_t c = 0; c < pa::kCauseCount; ++c)
    customers << ",p_" << pa::cause_name(static_cast<pa::Cause>(c));
  customers << ",most_likely_cause,top_cause,treatment,instalment,points_toward";
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
    fmt::print(customers, ",{}", pa::cause_name(a.most_likely_cause));
    if (d)
      fmt::print(customers, ",{},{},{:.2f}", pa::cause_name(a.top_cause),
                 pa::treatment_name(a.treatment), a.instalment.amount);
    else
      customers << ",,,";
    // Each signal's points (vs model miss) toward the labelled cause; the most likely cause
    // when there is no label (undetermined, or a good payer).
    const pa::Cause toward = d && a.top_cause != pa::Cause::undetermined ? a.top_cause
                                                                          : a.most_likely_cause;
    fmt::print(customers, ",{}", pa::cause_name(toward));
    for (std::size_t s = 0; s < pa::kSignalCount; ++s)
      fmt::print(customers, ",{:.3f}", a.contribution_points[s][static_cast<std::size_t>(toward)]);
    const pa::EarlyWarning& w = warning.customers[i];
    fmt::print(customers, ",{},{},{}\n", optional_text(w.flagged_cycle), optional_text(w.bad_cycle),
               optional_text(w.lead_cycles));
  }
  customers.close();
  if (!customers) throw Error(Status::io_error, "cannot write " + customers_path);
  fmt::print(report, "\nWrote {} (one row per customer: the decision, probabilities, most likely "
                     "cause; for defaulters the label\n  (top_cause), treatment and instalment; each "
                     "signal's points toward points_toward, the label or else the most likely\n  "
                     "cause; early warning)\n",
             customers_path);
  // The model is saved only now that the run has succeeded.
  if (!options.save_model.empty()) {
    paystrike::save_evidence_model_file(model, options.save_model);
    fmt::print(report, "Saved the evidence model to {}\n", options.save_model);
  }
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
      app.add_option("--model", options.model, "evidence model file, or a score model file that carries one "
                 "(default: documented tables)")
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
  auto* adapt_option = app.add_flag(
      "--adapt,--adapt-prior,!--no-adapt", options.adapt,
      "adapt the model to this portfolio's defaulters without labels (service-dispute share by "
      "EM, label thresholds at the expected-F1 optimum); default: on for the documented default "
      "tables, off for a --model or --investigated fit");
  auto* cutoff_option = app.add_option(
      "--cutoff", options.cutoff,
      "re-decide every account at this score cutoff (approved = score >= X) for every figure; "
      "default: the approved column of accounts.csv, which must then be a score cutoff");
  app.add_option("--pdo", options.pdo, "points to double the odds, as the score's scaling")
      ->check(CLI::Range(1e-3, 1e4));
  app.add_option("--flag-posterior", options.flag_posterior,
                 "early warning flags at P(service dispute) >= this")
      ->check(CLI::Range(0.0, 1.0));
  CLI11_PARSE(app, argc, argv);
  options.adapt_asked = adapt_option->count() > 0 && options.adapt;
  if (adapt_option->count() == 0) options.adapt = options.model.empty() && options.investigated.empty();
  if (cutoff_option->count() > 0 && !std::isfinite(options.cutoff)) {
    std::cerr << "paystrike_attribute_portfolio: --cutoff must be a finite score\n";
    return 2;
  }
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
