// paystrike_evaluate: the validation report a risk team reads, from a CSV of scores and
// outcomes (the main job's customers.csv works as is):
//   confusion matrix and every rate at the chosen cutoff (also in money with --exposure-column),
//   AUC with its DeLong interval, Gini, KS with its bootstrap interval, average precision,
//   Brier and log loss, calibration by score band with Hosmer-Lemeshow and the odds-doubling
//   check, lift and gains, PSI against a reference file, and the suggested cutoffs.
// Every table is also written as CSV to --out, for examples/plot_evaluation.py.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "paystrike/io/csv.hpp"
#include "paystrike/paystrike.hpp"

namespace {

namespace ps = paystrike;

struct Options {
  std::string input;
  std::string out = "paystrike_evaluation";
  std::string score_column = "score";
  std::string prob_column = "prob_good";
  std::string good_column;      // 1 = good; default: is_good, else 1 - defaulted
  std::string bad_column;       // 1 = bad (defaulted)
  std::string exposure_column;  // optional amount at risk per row
  std::string reference;        // CSV with the same score column, for PSI
  double cutoff = 520.0;
  double pdo = 20.0;
  std::int64_t bands = 10;
  std::int64_t replicates = 1000;
  std::uint64_t seed = 20240611;
  double level = 0.95;
  double margin = 0.1;
  double loss_given_default = 0.6;
  double target_approval = 0.7;
  double target_bad_rate = 0.15;
};

struct Sample {
  std::vector<double> score, prob, good, exposure;
  std::int64_t n = 0;
};

std::string num(double v) {
  if (std::isnan(v)) return "undefined";
  if (std::isinf(v)) return v > 0 ? "+inf" : "-inf";
  return fmt::format("{:.6f}", v);
}

std::string csv_num(double v) {
  if (std::isnan(v)) return "";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return fmt::format("{}", v);  // shortest round-trip
}

Sample load(const Options& o) {
  const ps::CsvTable table = ps::read_csv(o.input);
  Sample s;
  s.score = table.numeric_column(o.score_column);
  s.n = table.num_rows();
  if (table.has_column(o.prob_column)) s.prob = table.numeric_column(o.prob_column);
  std::string good = o.good_column, bad = o.bad_column;
  if (good.empty() && bad.empty()) {
    if (table.has_column("is_good")) good = "is_good";
    else if (table.has_column("defaulted")) bad = "defaulted";
    else
      throw ps::Error(ps::Status::bad_format,
                      o.input + ": no outcome column (give --good-column or --bad-column)");
  }
  if (!good.empty()) {
    s.good = table.numeric_column(good);
  } else {
    s.good = table.numeric_column(bad);
    for (double& v : s.good)
      if (v == 0.0 || v == 1.0) v = 1.0 - v;  // anything else is refused by the metrics
  }
  if (!o.exposure_column.empty()) s.exposure = table.numeric_column(o.exposure_column);
  return s;
}

class Report {
 public:
  explicit Report(const std::filesystem::path& dir) : dir_(dir), text_(dir / "report.txt") {}
  template <class... Args>
  void print(fmt::format_string<Args...> format, Args&&... args) {
    const std::string line = fmt::format(format, std::forward<Args>(args)...);
    std::cout << line;
    text_ << line;
  }
  std::ofstream table(const std::string& name) {
    std::ofstream f(dir_ / name);
    if (!f) throw ps::Error(ps::Status::io_error, "cannot write " + (dir_ / name).string());
    written_.push_back(name);
    return f;
  }
  const std::vector<std::string>& written() const { return written_; }

 private:
  std::filesystem::path dir_;
  std::ofstream text_;
  std::vector<std::string> written_;
};

void confusion_section(Report& r, const Sample& s, const Options& o) {
  const ps::ConfusionMatrix m = ps::confusion_at_cutoff(s.score.data(), s.good.data(), s.n, o.cutoff);
  r.print("Confusion matrix at cutoff {} (positive = good payer; approved = score >= cutoff)\n", o.cutoff);
  r.print("                    actually good  actually bad\n");
  r.print("  approved          TP {:>10}  FP {:>9}\n", m.true_positives, m.false_positives);
  r.print("  declined          FN {:>10}  TN {:>9}\n\n", m.false_negatives, m.true_negatives);
  auto f = r.table("confusion.csv");
  f << "weighting,true_positives,false_positives,true_negatives,false_negatives\n";
  f << fmt::format("customers,{},{},{},{}\n", m.true_positives, m.false_positives,
                   m.true_negatives, m.false_negatives);
  std::optional<ps::WeightedConfusionMatrix> money;
  if (!s.exposure.empty()) {
    money = ps::weighted_confusion_at_cutoff(s.score.data(), s.good.data(), s.exposure.data(), s.n,
                                             o.cutoff);
    f << fmt::format("exposure,{},{},{},{}\n", csv_num(money->true_positives),
                     csv_num(money->false_positives), csv_num(money->true_negatives),
                     csv_num(money->false_negatives));
    r.print("  in exposure: TP {:.0f}  FP {:.0f}  FN {:.0f}  TN {:.0f}\n\n", money->true_positives,
            money->false_positives, money->false_negatives, money->true_negatives);
  }
  auto rates = r.table("rates.csv");
  rates << "rate,customers" << (money ? ",exposure" : "") << "\n";
  r.print("{:<28}{:>12}{}\n", "rate", "customers", money ? "    exposure" : "");
  const auto row = [&](const char* name, double value, double weighted) {
    r.print("{:<28}{:>12}{}\n", name, num(value), money ? fmt::format("{:>12}", num(weighted)) : "");
    rates << name << "," << csv_num(value) << (money ? "," + csv_num(weighted) : "") << "\n";
  };
  const ps::WeightedConfusionMatrix w = money.value_or(ps::WeightedConfusionMatrix{});
  row("true_positive_rate", m.true_positive_rate(), w.true_positive_rate());
  row("false_positive_rate", m.false_positive_rate(), w.false_positive_rate());
  row("true_negative_rate", m.true_negative_rate(), w.true_negative_rate());
  row("false_negative_rate", m.false_negative_rate(), w.false_negative_rate());
  row("precision", m.precision(), w.precision());
  row("negative_predictive_value", m.negative_predictive_value(), w.negative_predictive_value());
  row("false_discovery_rate", m.false_discovery_rate(), w.false_discovery_rate());
  row("accuracy", m.accuracy(), w.accuracy());
  row("balanced_accuracy", m.balanced_accuracy(), w.balanced_accuracy());
  row("f1", m.f1(), w.f1());
  row("matthews_correlation", m.matthews_correlation(), w.matthews_correlation());
  row("cohens_kappa", m.cohens_kappa(), w.cohens_kappa());
  r.print("\n");
}

void ranking_section(Report& r, const Sample& s, const Options& o) {
  const ps::RankingMetrics m = ps::ranking_metrics(s.score.data(), s.good.data(), s.n);
  const ps::AucInterval auc = ps::auc_delong_interval(s.score.data(), s.good.data(), s.n, o.level);
  const ps::KsInterval ks =
      ps::ks_bootstrap_interval(s.score.data(), s.good.data(), s.n, o.replicates, o.level, o.seed);
  const ps::PrecisionRecall pr = ps::precision_recall(s.score.data(), s.good.data(), nullptr, s.n);
  const int pct = static_cast<int>(std::lround(o.level * 100));
  r.print("Ranking ({} goods, {} bads; intervals {}%)\n", m.positives, m.negatives, pct);
  r.print("  AUC   {}  [{}, {}]  DeLong\n", num(m.auc), num(auc.lower), num(auc.upper));
  r.print("  Gini  {}  [{}, {}]\n", num(m.gini), num(2 * auc.lower - 1), num(2 * auc.upper - 1));
  r.print("  KS    {}  [{}, {}]  bootstrap, {} replicates, seed {}; at score >= {}\n",
          num(m.ks.statistic), num(ks.lower), num(ks.upper), ks.replicates, ks.seed, m.ks.threshold);
  r.print("  average precision {}; pairs concordant {:.0f}, discordant {:.0f}, tied {:.0f}\n",
          num(pr.average_precision), m.concordant_pairs, m.discordant_pairs, m.tied_pairs);
  auto metrics = r.table("metrics.csv");
  metrics << "metric,value,lower,upper\n";
  metrics << fmt::format("auc,{},{},{}\n", csv_num(m.auc), csv_num(auc.lower), csv_num(auc.upper));
  metrics << fmt::format("gini,{},{},{}\n", csv_num(m.gini), csv_num(2 * auc.lower - 1),
                         csv_num(2 * auc.upper - 1));
  metrics << fmt::format("ks,{},{},{}\n", csv_num(m.ks.statistic), csv_num(ks.lower), csv_num(ks.upper));
  metrics << fmt::format("ks_threshold,{},,\n", csv_num(m.ks.threshold));
  metrics << fmt::format("average_precision,{},,\n", csv_num(pr.average_precision));
  if (!s.prob.empty()) {
    const double brier = ps::brier_score(s.prob.data(), s.good.data(), nullptr, s.n);
    const double loss = ps::log_loss(s.prob.data(), s.good.data(), nullptr, s.n);
    r.print("  Brier {}   log loss {} (unclipped)\n", num(brier), num(loss));
    metrics << fmt::format("brier,{},,\nlog_loss,{},,\n", csv_num(brier), csv_num(loss));
  }
  r.print("\n");
  auto roc = r.table("roc.csv");
  roc << "threshold,false_positive_rate,true_positive_rate\n";
  for (const auto& p : m.roc)
    roc << csv_num(p.threshold) << "," << csv_num(p.false_positive_rate) << ","
        << csv_num(p.true_positive_rate) << "\n";
  // The KS curve: the two classes' cumulative shares below each threshold (the empirical CDFs).
  auto ks_curve = r.table("ks.csv");
  ks_curve << "threshold,bad_share_below,good_share_below,separation\n";
  for (const auto& p : m.roc)
    ks_curve << csv_num(p.threshold) << "," << csv_num(1.0 - p.false_positive_rate) << ","
             << csv_num(1.0 - p.true_positive_rate) << ","
             << csv_num(p.true_positive_rate - p.false_positive_rate) << "\n";
  auto prc = r.table("precision_recall.csv");
  prc << "threshold,precision,recall\n";
  for (const auto& p : pr.curve)
    prc << csv_num(p.threshold) << "," << csv_num(p.precision) << "," << csv_num(p.recall) << "\n";
}

void calibration_section(Report& r, const Sample& s, const Options& o) {
  if (s.prob.empty()) {
    r.print("Calibration: skipped (no probability column {})\n\n", o.prob_column);
    return;
  }
  const std::vector<double> edges = ps::quantile_band_edges(s.score.data(), s.n, o.bands);
  const ps::CalibrationTable t = ps::calibration_table(s.score.data(), s.prob.data(), s.good.data(), s.n, edges);
  r.print("Calibration by score band (odds good:bad)\n");
  r.print("  {:>9} {:>9} {:>6} {:>6} {:>5} {:>9} {:>9} {:>9}\n", "from", "to", "count", "goods",
          "bads", "mean P", "pred odds", "obs odds");
  auto f = r.table("calibration.csv");
  f << "lower,upper,count,goods,bads,mean_score,mean_predicted,observed_good_rate,predicted_odds,observed_odds\n";
  for (const auto& b : t.bands) {
    r.print("  {:>9.2f} {:>9.2f} {:>6} {:>6} {:>5} {:>9.4f} {:>9.3f} {:>9}\n", b.lower, b.upper,
            b.count, b.goods, b.bads, b.mean_predicted, b.predicted_odds,
            std::isinf(b.observed_odds) ? std::string("+inf") : fmt::format("{:.3f}", b.observed_odds));
    f << fmt::format("{},{},{},{},{},{},{},{},{},{}\n", csv_num(b.lower), csv_num(b.upper), b.count,
                     b.goods, b.bads, csv_num(b.mean_score), csv_num(b.mean_predicted),
                     csv_num(b.observed_good_rate), csv_num(b.predicted_odds), csv_num(b.observed_odds));
  }
  auto summary = r.table("calibration_tests.csv");
  summary << "test,value,detail\n";
  try {
    const ps::HosmerLemeshow hl = ps::hosmer_lemeshow(t);
    r.print("  Hosmer-Lemeshow {:.4f} on {} df, p = {:.4f}\n", hl.statistic, hl.degrees_of_freedom, hl.p_value);
    summary << fmt::format("hosmer_lemeshow,{},df={}\nhosmer_lemeshow_p,{},\n", csv_num(hl.statistic),
                           hl.degrees_of_freedom, csv_num(hl.p_value));
  } catch (const ps::Error& e) {
    r.print("  Hosmer-Lemeshow: {}\n", e.what());
  }
  try {
    const ps::OddsDoublingCheck c = ps::odds_doubling_check(t, o.pdo);
    r.print("  odds double every {:.2f} points (promised {}; ratio {:.3f}; {} bands used, {} left out)\n\n",
            c.implied_pdo, o.pdo, c.ratio, c.bands_used, c.bands_excluded);
    summary << fmt::format("implied_pdo,{},nominal={}\n", csv_num(c.implied_pdo), o.pdo);
  } catch (const ps::Error& e) {
    r.print("  odds doubling check: {}\n\n", e.what());
  }
}

void lift_section(Report& r, const Sample& s, const Options& o) {
  std::vector<double> bad(s.good.size());
  for (std::size_t i = 0; i < bad.size(); ++i) bad[i] = 1.0 - s.good[i];
  const auto table = ps::lift_table(s.score.data(), bad.data(), s.n, o.bands, ps::RankOrder::lowest_first);
  r.print("Lift: defaulters captured from the lowest scores\n");
  r.print("  {:>4} {:>9} {:>6} {:>6} {:>8} {:>7} {:>8}\n", "band", "below", "count", "bads", "bad rate",
          "lift", "captured");
  auto f = r.table("lift.csv");
  f << "band,lower,upper,count,bads,bad_rate,lift,cumulative_share,cumulative_bad_share,cumulative_lift\n";
  for (std::size_t k = 0; k < table.size(); ++k) {
    const auto& b = table[k];
    r.print("  {:>4} {:>9.2f} {:>6} {:>6} {:>8.4f} {:>7.3f} {:>8.4f}\n", k + 1, b.upper, b.count,
            b.targets, b.target_rate, b.lift, b.cumulative_target_share);
    f << fmt::format("{},{},{},{},{},{},{},{},{},{}\n", k + 1, csv_num(b.lower), csv_num(b.upper),
                     b.count, b.targets, csv_num(b.target_rate), csv_num(b.lift),
                     csv_num(b.cumulative_share), csv_num(b.cumulative_target_share),
                     csv_num(b.cumulative_lift));
  }
  r.print("\n");
}

void stability_section(Report& r, const Sample& s, const Options& o) {
  if (o.reference.empty()) {
    r.print("PSI: skipped (no --reference file)\n\n");
    return;
  }
  const ps::CsvTable ref = ps::read_csv(o.reference);
  const std::vector<double> reference = ref.numeric_column(o.score_column);
  const std::vector<double> edges =
      ps::quantile_band_edges(reference.data(), ref.num_rows(), o.bands);
  const ps::StabilityIndex psi = ps::score_stability_index(reference.data(), ref.num_rows(),
                                                           s.score.data(), s.n, edges);
  r.print("PSI against {} ({} rows): {} ({}; bands < 0.1 stable, < 0.25 moderate, else major;\n"
          "  empty bins are not smoothed: {} bin(s) empty on one side only)\n\n",
          o.reference, ref.num_rows(), num(psi.index), ps::stability_band_name(psi.band),
          psi.infinite_terms);
  auto f = r.table("psi.csv");
  f << "band,lower,upper,reference_share,current_share,term\n";
  for (std::size_t k = 0; k < psi.terms.size(); ++k)
    f << fmt::format("{},{},{},{},{},{}\n", k + 1, k == 0 ? "-inf" : csv_num(edges[k - 1]),
                     k == edges.size() ? "inf" : csv_num(edges[k]), csv_num(psi.expected_share[k]),
                     csv_num(psi.actual_share[k]), csv_num(psi.terms[k]));
}

void cutoff_section(Report& r, const Sample& s, const Options& o) {
  r.print("Cutoffs (approve at score >= cutoff)\n");
  auto f = r.table("cutoffs.csv");
  f << "rule,cutoff,objective,approval_rate,bad_rate_among_approved\n";
  const auto show = [&](const std::string& rule, const ps::CutoffChoice& c) {
    r.print("  {:<34} {:>10.4f}  objective {:>14}  approval {:.4f}  bad rate {:.4f}\n", rule,
            c.cutoff, num(c.objective), c.approval_rate, c.bad_rate_among_approved);
    f << fmt::format("{},{},{},{},{}\n", rule, csv_num(c.cutoff), csv_num(c.objective),
                     csv_num(c.approval_rate), csv_num(c.bad_rate_among_approved));
  };
  show("max KS", ps::cutoff_by_max_ks(s.score.data(), s.good.data(), s.n));
  show("max Youden J", ps::cutoff_by_youden(s.score.data(), s.good.data(), s.n));
  show(fmt::format("approval rate {}", o.target_approval),
       ps::cutoff_by_approval_rate(s.score.data(), s.good.data(), s.n, o.target_approval));
  try {
    show(fmt::format("bad rate among approved {}", o.target_bad_rate),
         ps::cutoff_by_bad_rate(s.score.data(), s.good.data(), s.n, o.target_bad_rate));
  } catch (const ps::Error& e) {
    r.print("  bad rate target: {}\n", e.what());
  }
  const ps::ProfitAssumptions economics{o.margin, o.loss_given_default};
  show(fmt::format("max profit (margin {}, LGD {})", o.margin, o.loss_given_default),
       ps::cutoff_by_profit(s.score.data(), s.good.data(), nullptr,
                            s.exposure.empty() ? nullptr : s.exposure.data(), s.n, economics));
  const ps::CutoffChoice by_ks = ps::cutoff_by_max_ks(s.score.data(), s.good.data(), s.n);
  const ps::SwapSet swap = ps::swap_set(s.score.data(), o.cutoff, s.score.data(), by_ks.cutoff,
                                        s.good.data(), nullptr, s.n);
  r.print("  swap set from cutoff {} to the max-KS cutoff {}: in {} ({} bad), out {} ({} bad)\n\n",
          o.cutoff, by_ks.cutoff, swap.swapped_in.count, swap.swapped_in.bads,
          swap.swapped_out.count, swap.swapped_out.bads);
  auto sw = r.table("swap_set.csv");
  sw << "cell,count,goods,bads,exposure\n";
  for (const auto& [name, c] : {std::pair<const char*, ps::SwapCell>{"approved_by_both", swap.approved_by_both},
                                {"swapped_out", swap.swapped_out}, {"swapped_in", swap.swapped_in},
                                {"declined_by_both", swap.declined_by_both}})
    sw << fmt::format("{},{},{},{},{}\n", name, c.count, c.goods, c.bads, csv_num(c.exposure));
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"paystrike validation report: every metric of a score with intervals, as text and CSV"};
  app.add_option("input", o.input, "CSV with a score column and an outcome column")
      ->required()
      ->check(CLI::ExistingFile);
  app.add_option("--out", o.out, "folder for report.txt and the CSV tables (created if missing)");
  app.add_option("--score-column", o.score_column, "score column (higher = better payer)");
  app.add_option("--prob-column", o.prob_column, "P(good) column; calibration needs it");
  app.add_option("--good-column", o.good_column, "outcome column, 1 = good payer");
  app.add_option("--bad-column", o.bad_column, "outcome column, 1 = defaulted");
  app.add_option("--exposure-column", o.exposure_column, "amount at risk per row (money view)");
  app.add_option("--reference", o.reference, "CSV of reference scores for the PSI")
      ->check(CLI::ExistingFile);
  app.add_option("--cutoff", o.cutoff, "approve when score >= cutoff");
  app.add_option("--pdo", o.pdo, "points to double the odds the scaling promised");
  app.add_option("--bands", o.bands, "score bands for calibration, lift and PSI")->check(CLI::Range(2, 1000));
  app.add_option("--replicates", o.replicates, "bootstrap replicates for the KS interval")
      ->check(CLI::Range(2, 1000000));
  app.add_option("--seed", o.seed, "bootstrap seed");
  app.add_option("--level", o.level, "confidence level")->check(CLI::Range(0.5, 0.999));
  app.add_option("--margin", o.margin, "profit on a good, share of exposure");
  app.add_option("--lgd", o.loss_given_default, "loss given default, share of exposure");
  app.add_option("--target-approval", o.target_approval, "approval rate target");
  app.add_option("--target-bad-rate", o.target_bad_rate, "bad rate among approved target");
  CLI11_PARSE(app, argc, argv);
  try {
    std::filesystem::create_directories(o.out);
    const Sample s = load(o);
    Report r(o.out);
    r.print("paystrike validation report: {} ({} rows)\n\n", o.input, s.n);
    confusion_section(r, s, o);
    ranking_section(r, s, o);
    calibration_section(r, s, o);
    lift_section(r, s, o);
    stability_section(r, s, o);
    cutoff_section(r, s, o);
    r.print("Wrote report.txt");
    for (const auto& name : r.written()) r.print(", {}", name);
    r.print(" to {}\n", o.out);
  } catch (const ps::Error& e) {
    std::cerr << "paystrike_evaluate: " << ps::status_name(e.status()) << ": " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "paystrike_evaluate: " << e.what() << "\n";
    return 3;
  }
  return 0;
}
