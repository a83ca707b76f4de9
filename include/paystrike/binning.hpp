/// @file binning.hpp
/// @brief Binning of one characteristic with weight of evidence (WoE) and information value
/// (IV): numeric binning (quantile or tree pre-binning, then merging under a minimum bin share,
/// a maximum number of bins and a monotonic bad-rate trend), categorical binning with rare
/// levels joined, and bins of their own for missing values and user-declared special values.
///
/// Conventions (docs/scorecard.md):
/// - The response is good = 1, bad = 0 (as everywhere in paystrike); the *event rate* of a bin
///   is its bad rate, as in optbinning, R scorecard and toad.
/// - WoE = ln(%good / %bad) with %good = goods in the bin / all goods: the sign of optbinning,
///   the reverse of R scorecard's ln(%bad / %good). A higher WoE is a better bin, so in the
///   P(good) model a WoE coefficient near +1 is expected.
/// - Intervals are left-closed, [a, b): a value equal to a cut point belongs to the upper bin.
///   The table's counts and the bin applied at scoring come from the same Binning::bin_of.
/// - Zero counts: a regular bin never stays pure (the fit merges it); a missing, special or
///   rare-level bin that is empty or pure gets WoE 0 (no evidence: the population's odds) and
///   contributes 0 to IV, unless `pseudo_count` > 0, which smooths every bin before the totals.
///   No infinity or NaN ever enters a model; weight_of_evidence() reports the raw values.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "paystrike/status.hpp"

PAYSTRIKE_NAMESPACE_BEGIN

/// Numeric or categorical. Values are stored in model files: never renumber.
enum class BinningKind : int {
  numeric = 0,     ///< ordered values cut into intervals [a, b)
  categorical = 1  ///< codes (exact doubles) grouped into bins
};

/// The bad-rate trend a numeric binning is forced to follow.
enum class MonotonicTrend : int {
  none = 0,        ///< no constraint
  ascending = 1,   ///< the bad rate rises with the value
  descending = 2,  ///< the bad rate falls as the value rises
  automatic = 3    ///< whichever of ascending and descending keeps the higher IV
};

/// How numeric values are cut before merging.
enum class Prebinning : int {
  quantile = 0,  ///< cut points at the data's quantiles (equal-frequency bins)
  tree = 1       ///< best-first binary splits that most reduce the Gini impurity of good/bad
};

/// Options of fit_numeric_binning and fit_categorical_binning.
struct BinningOptions {
  Prebinning prebinning = Prebinning::quantile;  ///< numeric pre-binning method
  int max_prebins = 20;           ///< bins before merging (numeric), >= 2
  double min_bin_share = 0.05;    ///< smallest share of the regular rows' weight per bin, [0, 0.5]
  int max_bins = 8;               ///< most regular bins after merging, >= 1
  MonotonicTrend trend = MonotonicTrend::automatic;  ///< numeric bad-rate trend
  double min_level_share = 0.01;  ///< categorical: levels below this share join one "other" bin
  std::vector<double> special_values;  ///< values with a bin of their own each (e.g. -2, 999)
  double pseudo_count = 0.0;      ///< added to every bin's goods and bads before the totals
};

/// Where a bin comes from.
enum class BinKind : int {
  regular = 0,  ///< an interval or a group of levels
  special = 1,  ///< one user-declared special value
  missing = 2   ///< NaN
};

/// Raw weight of evidence of a set of bins, with the zero-count faults left visible (case C06).
struct WoeValues {
  std::vector<double> woe;  ///< ln(%good / %bad) per bin: +inf with no bads, -inf with no goods
  std::vector<double> iv;   ///< (%good - %bad) * WoE per bin (+inf for a pure bin)
  double total_iv = 0.0;    ///< sum of iv (+inf if any bin is pure)
  double total_goods = 0.0; ///< sum of goods after the pseudo-count
  double total_bads = 0.0;  ///< sum of bads after the pseudo-count
};

/// WoE and IV of bins with `goods[i]` goods and `bads[i]` bads, unsmoothed unless
/// `pseudo_count` > 0 (then it is added to every bin's goods and bads *before* the totals are
/// formed, so every bin is treated alike). An empty bin gets WoE NaN and IV 0 here.
/// Throws Error(dimension_mismatch) for sizes that differ, Error(invalid_argument) for a
/// negative or non-finite count or pseudo-count, Error(undefined) for no goods or no bads at all.
inline WoeValues weight_of_evidence(const std::vector<double>& goods,
                                    const std::vector<double>& bads, double pseudo_count = 0.0) {
  if (goods.size() != bads.size())
    throw Error(Status::dimension_mismatch, "weight_of_evidence: goods has " +
                                                std::to_string(goods.size()) + " bins, bads " +
                                                std::to_string(bads.size()));
  if (!(pseudo_count >= 0.0) || !std::isfinite(pseudo_count))
    throw Error(Status::invalid_argument, "weight_of_evidence: pseudo_count must be finite, >= 0");
  WoeValues out;
  for (std::size_t i = 0; i < goods.size(); ++i) {
    if (!(goods[i] >= 0.0) || !(bads[i] >= 0.0) || !std::isfinite(goods[i]) ||
        !std::isfinite(bads[i]))
      throw Error(Status::invalid_argument,
                  "weight_of_evidence: bin " + std::to_string(i) + " has a negative or non-finite count");
    out.total_goods += goods[i] + pseudo_count;
    out.total_bads += bads[i] + pseudo_count;
  }
  if (!(out.total_goods > 0.0) || !(out.total_bads > 0.0))
    throw Error(Status::undefined, "weight_of_evidence: needs at least one good and one bad");
  out.woe.resize(goods.size());
  out.iv.resize(goods.size());
  for (std::size_t i = 0; i < goods.size(); ++i) {
    const double pg = (goods[i] + pseudo_count) / out.total_goods;
    const double pb = (bads[i] + pseudo_count) / out.total_bads;
    if (pg == 0.0 && pb == 0.0) {
      out.woe[i] = std::numeric_limits<double>::quiet_NaN();
      out.iv[i] = 0.0;
      continue;
    }
    out.woe[i] = pb == 0.0 ? std::numeric_limits<double>::infinity()
                           : pg == 0.0 ? -std::numeric_limits<double>::infinity()
                                       : std::log(pg / pb);
    out.iv[i] = (pb == 0.0 || pg == 0.0) ? std::numeric_limits<double>::infinity()
                                         : (pg - pb) * out.woe[i];
    out.total_iv += out.iv[i];
  }
  return out;
}

/// The shortest decimal text that reads back as exactly `value` ("0.72", not "0.71999999";
/// whole numbers below 1e15 in plain digits).
inline std::string exact_number_text(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char text[40];
  // Whole numbers in plain digits ("110", not the equally exact "1.1e+02").
  if (std::abs(value) < 1e15 && value == std::trunc(value)) {
    std::snprintf(text, sizeof text, "%.0f", value);
    return text;
  }
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(text, sizeof text, "%.*g", precision, value);
    if (std::strtod(text, nullptr) == value) break;
  }
  return text;
}

/// A fitted binning of one characteristic. Bins are numbered: regular bins first (intervals in
/// ascending order, or groups of levels in ascending bad rate), then one bin per special value
/// in the order of `special_values`, then the missing bin if there is one. Plain data, saved in
/// model files; validate() checks it.
struct Binning {
  std::string name;                           ///< the characteristic, e.g. "Income"
  BinningKind kind = BinningKind::numeric;    ///< numeric intervals or categorical groups
  std::vector<double> cut_points;             ///< numeric: strictly ascending, finite; bin b is [cut[b-1], cut[b])
  std::vector<double> levels;                 ///< categorical: known levels, strictly ascending
  std::vector<std::int64_t> level_bins;       ///< categorical: the regular bin of each level
  std::vector<std::string> level_labels;      ///< categorical: display name of each level, or empty
  std::int64_t categorical_bins = 0;          ///< categorical: number of regular bins
  std::int64_t other_bin = -1;                ///< categorical: bin of levels unseen in training, or -1 (refused)
  std::vector<double> special_values;         ///< finite values with a bin each, checked before the intervals
  bool missing_bin = false;                   ///< NaN has a bin (the training data had NaN)
  std::vector<double> goods;                  ///< training goods (weighted) per bin
  std::vector<double> bads;                   ///< training bads (weighted) per bin
  std::vector<double> woe;                    ///< the WoE the model uses per bin: always finite
  double pseudo_count = 0.0;                  ///< the smoothing the WoE was computed with

  /// Regular bins: intervals (numeric) or groups of levels (categorical).
  std::int64_t num_regular_bins() const noexcept {
    return kind == BinningKind::numeric ? static_cast<std::int64_t>(cut_points.size()) + 1
                                        : categorical_bins;
  }
  /// All bins: regular, special, missing.
  std::int64_t num_bins() const noexcept {
    return num_regular_bins() + static_cast<std::int64_t>(special_values.size()) +
           (missing_bin ? 1 : 0);
  }
  /// Index of the missing bin, or -1.
  std::int64_t missing_bin_index() const noexcept { return missing_bin ? num_bins() - 1 : -1; }

  /// The bin of value `x`, or -1 if it has none (NaN without a missing bin, an unseen level
  /// without an "other" bin). The one comparison used both for the training table and for
  /// scoring (case C07): left-closed intervals, so x == cut goes to the upper bin. No allocation.
  std::int64_t bin_of(double x) const noexcept {
    if (std::isnan(x)) return missing_bin_index();
    const std::int64_t regular = num_regular_bins();
    for (std::size_t s = 0; s < special_values.size(); ++s)
      if (x == special_values[s]) return regular + static_cast<std::int64_t>(s);
    if (kind == BinningKind::numeric)
      return static_cast<std::int64_t>(
          std::upper_bound(cut_points.begin(), cut_points.end(), x) - cut_points.begin());
    const auto it = std::lower_bound(levels.begin(), levels.end(), x);
    if (it != levels.end() && *it == x) return level_bins[static_cast<std::size_t>(it - levels.begin())];
    return other_bin;
  }

  /// The model's WoE of value `x` (0 for a value without a bin; check_inputs refuses those).
  double woe_of(double x) const noexcept {
    const std::int64_t b = bin_of(x);
    return b < 0 ? 0.0 : woe[static_cast<std::size_t>(b)];
  }

  /// What kind of bin `bin` is.
  BinKind bin_kind(std::int64_t bin) const noexcept {
    if (bin < num_regular_bins()) return BinKind::regular;
    if (missing_bin && bin == num_bins() - 1) return BinKind::missing;
    return BinKind::special;
  }

  /// A readable label: "[0.58, 0.72)" (cut points printed exactly), "{rent, owner}" (the
  /// "other" bin ends with "(unseen)": it also takes levels unseen in training),
  /// "special 999", "missing".
  std::string bin_label(std::int64_t bin) const {
    if (bin < 0 || bin >= num_bins()) return "?";
    switch (bin_kind(bin)) {
      case BinKind::missing: return "missing";
      case BinKind::special:
        return "special " + exact_number_text(special_values[static_cast<std::size_t>(bin - num_regular_bins())]);
      case BinKind::regular: break;
    }
    if (kind == BinningKind::numeric) {
      const auto b = static_cast<std::size_t>(bin);
      const std::string lo = b == 0 ? "-inf" : exact_number_text(cut_points[b - 1]);
      const std::string hi = b == cut_points.size() ? "inf" : exact_number_text(cut_points[b]);
      return "[" + lo + ", " + hi + ")";
    }
    std::string text = "{";
    for (std::size_t l = 0; l < levels.size(); ++l) {
      if (level_bins[l] != bin) continue;
      if (text.size() > 1) text += ", ";
      text += l < level_labels.size() ? level_labels[l] : exact_number_text(levels[l]);
    }
    if (bin == other_bin) text += text.size() > 1 ? ", (unseen)" : "(unseen)";
    return text + "}";
  }

  /// Information value of the characteristic from the model's WoE: sum over bins of
  /// (%good - %bad) * WoE, with the pseudo-count in the shares. Finite.
  double information_value() const {
    double tg = 0.0, tb = 0.0, iv = 0.0;
    for (std::size_t b = 0; b < goods.size(); ++b) {
      tg += goods[b] + pseudo_count;
      tb += bads[b] + pseudo_count;
    }
    if (!(tg > 0.0) || !(tb > 0.0)) return 0.0;
    for (std::size_t b = 0; b < goods.size(); ++b)
      iv += ((goods[b] + pseudo_count) / tg - (bads[b] + pseudo_count) / tb) * woe[b];
    return iv;
  }

  /// Throws Error(bad_format) naming the first inconsistency (sizes, unsorted or non-finite cut
  /// points or levels, a bin index out of range, a non-finite WoE or a negative count).
  void validate() const {
    auto bad = [this](const std::string& what) {
      throw Error(Status::bad_format, "binning '" + name + "': " + what);
    };
    const int k = static_cast<int>(kind);
    if (k < 0 || k > static_cast<int>(BinningKind::categorical)) bad("unknown kind");
    for (std::size_t i = 0; i < cut_points.size(); ++i)
      if (!std::isfinite(cut_points[i]) || (i > 0 && !(cut_points[i - 1] < cut_points[i])))
        bad("cut points must be finite and strictly ascending");
    if (kind == BinningKind::categorical) {
      if (!cut_points.empty()) bad("a categorical binning has cut points");
      if (level_bins.size() != levels.size()) bad("level and level-bin counts differ");
      if (!level_labels.empty() && level_labels.size() != levels.size()) bad("level labels count");
      if (categorical_bins < 1 || categorical_bins > static_cast<std::int64_t>(levels.size()) + 1)
        bad("invalid number of categorical bins");
      for (std::size_t i = 0; i < levels.size(); ++i) {
        if (!std::isfinite(levels[i]) || (i > 0 && !(levels[i - 1] < levels[i])))
          bad("levels must be finite and strictly ascending");
        if (level_bins[i] < 0 || level_bins[i] >= categorical_bins) bad("level bin out of range");
      }
      if (other_bin < -1 || other_bin >= categorical_bins) bad("other bin out of range");
    } else if (!levels.empty() || !level_bins.empty() || categorical_bins != 0 || other_bin != -1) {
      bad("a numeric binning has levels");
    }
    for (std::size_t i = 0; i < special_values.size(); ++i) {
      if (!std::isfinite(special_values[i])) bad("special values must be finite");
      for (std::size_t j = 0; j < i; ++j)
        if (special_values[j] == special_values[i]) bad("a special value repeats");
    }
    const auto n = static_cast<std::size_t>(num_bins());
    if (goods.size() != n || bads.size() != n || woe.size() != n)
      bad("per-bin counts or WoE differ from the number of bins (" + std::to_string(n) + ")");
    for (std::size_t b = 0; b < n; ++b) {
      if (!std::isfinite(woe[b])) bad("bin " + std::to_string(b) + " has a non-finite WoE");
      if (!(goods[b] >= 0.0) || !(bads[b] >= 0.0) || !std::isfinite(goods[b]) ||
          !std::isfinite(bads[b]))
        bad("bin " + std::to_string(b) + " has a negative or non-finite count");
    }
    if (!(pseudo_count >= 0.0) || !std::isfinite(pseudo_count)) bad("invalid pseudo-count");
  }
};

/// One row of a binning table.
struct BinRow {
  std::int64_t bin = 0;     ///< bin index
  BinKind kind = BinKind::regular;  ///< regular, special or missing
  std::string label;        ///< e.g. "[0.58, 0.72)"
  double count = 0.0;       ///< goods + bads (weighted)
  double share = 0.0;       ///< count / all rows
  double goods = 0.0;       ///< goods in the bin
  double bads = 0.0;        ///< bads in the bin
  double event_rate = 0.0;  ///< bads / count: the true rate, 0 or 1 for a pure bin; NaN if empty
  double raw_woe = 0.0;     ///< unsmoothed-rule WoE, +-inf for a pure bin, NaN for an empty one
  double woe = 0.0;         ///< the WoE the model uses (finite)
  double iv = 0.0;          ///< this bin's share of the characteristic's IV (model WoE)
};

/// The binning table of `binning` (one row per bin): what a data scientist reads.
inline std::vector<BinRow> binning_table(const Binning& binning) {
  std::vector<BinRow> rows;
  double tg = 0.0, tb = 0.0;
  for (std::size_t b = 0; b < binning.goods.size(); ++b) {
    tg += binning.goods[b] + binning.pseudo_count;
    tb += binning.bads[b] + binning.pseudo_count;
  }
  const double total = std::accumulate(binning.goods.begin(), binning.goods.end(), 0.0) +
                       std::accumulate(binning.bads.begin(), binning.bads.end(), 0.0);
  WoeValues raw;
  if (tg > 0.0 && tb > 0.0) raw = weight_of_evidence(binning.goods, binning.bads, binning.pseudo_count);
  for (std::int64_t b = 0; b < binning.num_bins(); ++b) {
    const auto i = static_cast<std::size_t>(b);
    BinRow row;
    row.bin = b;
    row.kind = binning.bin_kind(b);
    row.label = binning.bin_label(b);
    row.goods = binning.goods[i];
    row.bads = binning.bads[i];
    row.count = row.goods + row.bads;
    row.share = total > 0.0 ? row.count / total : 0.0;
    row.event_rate = row.count > 0.0 ? row.bads / row.count : std::numeric_limits<double>::quiet_NaN();
    row.raw_woe = raw.woe.empty() ? std::numeric_limits<double>::quiet_NaN() : raw.woe[i];
    row.woe = binning.woe[i];
    row.iv = (tg > 0.0 && tb > 0.0)
                 ? ((row.goods + binning.pseudo_count) / tg - (row.bads + binning.pseudo_count) / tb) * row.woe + 0.0
                 : 0.0;  // + 0.0: no "-0" for a bin of WoE 0
    rows.push_back(row);
  }
  return rows;
}

/// The table as aligned text with a total line, e.g. for a terminal or a log.
inline std::string format_binning_table(const Binning& binning) {
  const std::vector<BinRow> rows = binning_table(binning);
  std::size_t width = 5;
  for (const BinRow& r : rows) width = std::max(width, r.label.size());
  std::string out = binning.name + " (" +
                    (binning.kind == BinningKind::numeric ? "numeric" : "categorical") +
                    ", IV " + exact_number_text(std::round(binning.information_value() * 1e4) / 1e4) + ")\n";
  char line[512];
  std::snprintf(line, sizeof line, "  %-*s %9s %7s %9s %9s %8s %9s %8s\n", static_cast<int>(width),
                "bin", "count", "share", "goods", "bads", "badrate", "woe", "iv");
  out += line;
  double count = 0, goods = 0, bads = 0, iv = 0;
  for (const BinRow& r : rows) {
    std::snprintf(line, sizeof line, "  %-*s %9.6g %7.4f %9.6g %9.6g %8.4f %9.4f %8.4f%s\n",
                  static_cast<int>(width), r.label.c_str(), r.count, r.share, r.goods, r.bads,
                  r.event_rate, r.woe, r.iv,
                  std::isfinite(r.raw_woe) || r.count == 0.0 ? "" : "  (pure bin: WoE set to 0)");
    out += line;
    count += r.count;
    goods += r.goods;
    bads += r.bads;
    iv += r.iv;
  }
  std::snprintf(line, sizeof line, "  %-*s %9.6g %7.4f %9.6g %9.6g %8.4f %9s %8.4f\n",
                static_cast<int>(width), "total", count, 1.0, goods, bads,
                count > 0 ? bads / count : 0.0, "", iv);
  return out + line;
}

namespace detail {

/// A run of adjacent regular bins during merging.
struct BinGroup {
  double goods = 0.0, bads = 0.0;
  double cut = 0.0;                  ///< numeric: the group's lower cut (unused for the first)
  std::vector<std::size_t> members;  ///< categorical: level indices
  double total() const { return goods + bads; }
  double bad_rate() const { return total() > 0 ? bads / total() : 0.0; }
};

inline void merge_into_previous(std::vector<BinGroup>& groups, std::size_t i) {
  groups[i - 1].goods += groups[i].goods;
  groups[i - 1].bads += groups[i].bads;
  groups[i - 1].members.insert(groups[i - 1].members.end(), groups[i].members.begin(),
                               groups[i].members.end());
  groups.erase(groups.begin() + static_cast<std::ptrdiff_t>(i));
}

// Merges group i with the neighbour whose bad rate is closer (the only neighbour at an end).
inline void merge_with_closer_neighbour(std::vector<BinGroup>& groups, std::size_t i) {
  if (groups.size() < 2) return;
  if (i == 0) return merge_into_previous(groups, 1);
  if (i + 1 == groups.size()) return merge_into_previous(groups, i);
  const double left = std::abs(groups[i].bad_rate() - groups[i - 1].bad_rate());
  const double right = std::abs(groups[i].bad_rate() - groups[i + 1].bad_rate());
  if (left <= right) merge_into_previous(groups, i);
  else merge_into_previous(groups, i + 1);
}

inline double groups_iv(const std::vector<BinGroup>& groups) {
  double tg = 0, tb = 0, iv = 0;
  for (const BinGroup& g : groups) tg += g.goods, tb += g.bads;
  for (const BinGroup& g : groups)
    if (g.goods > 0 && g.bads > 0) iv += (g.goods / tg - g.bads / tb) * std::log((g.goods / tg) / (g.bads / tb));
  return iv;
}

// The merging of every binning: pure groups, then groups under the minimum share, then the
// trend (numeric), then the bin limit (the adjacent pair whose merge loses the least IV).
inline void merge_groups(std::vector<BinGroup>& groups, const BinningOptions& options,
                         MonotonicTrend trend) {
  for (bool again = true; again && groups.size() > 1;) {
    again = false;
    for (std::size_t i = 0; i < groups.size(); ++i)
      if (groups[i].goods <= 0.0 || groups[i].bads <= 0.0) {
        merge_with_closer_neighbour(groups, i);
        again = true;
        break;
      }
  }
  double total = 0;
  for (const BinGroup& g : groups) total += g.total();
  while (groups.size() > 1) {
    std::size_t smallest = 0;
    for (std::size_t i = 1; i < groups.size(); ++i)
      if (groups[i].total() < groups[smallest].total()) smallest = i;
    if (groups[smallest].total() >= options.min_bin_share * total) break;
    merge_with_closer_neighbour(groups, smallest);
  }
  if (trend == MonotonicTrend::ascending || trend == MonotonicTrend::descending) {
    const bool up = trend == MonotonicTrend::ascending;
    for (bool again = true; again && groups.size() > 1;) {
      again = false;
      for (std::size_t i = 1; i < groups.size(); ++i) {
        const double a = groups[i - 1].bad_rate(), b = groups[i].bad_rate();
        if (up ? a > b : a < b) {
          merge_into_previous(groups, i);
          again = true;
          break;
        }
      }
    }
  }
  while (groups.size() > static_cast<std::size_t>(options.max_bins)) {
    std::size_t best = 1;
    double best_loss = std::numeric_limits<double>::infinity();
    const double before = groups_iv(groups);
    for (std::size_t i = 1; i < groups.size(); ++i) {
      std::vector<BinGroup> trial = groups;
      merge_into_previous(trial, i);
      const double loss = before - groups_iv(trial);
      if (loss < best_loss) best_loss = loss, best = i;
    }
    merge_into_previous(groups, best);
  }
}

inline void check_binning_input(const Eigen::VectorXd& x, const Eigen::VectorXd& good,
                                const Eigen::VectorXd& weights, const BinningOptions& options,
                                const std::string& name) {
  const std::string where = "binning '" + name + "': ";
  if (good.size() != x.size())
    throw Error(Status::dimension_mismatch, where + "good has " + std::to_string(good.size()) +
                                                " rows but x has " + std::to_string(x.size()));
  if (weights.size() != 0 && weights.size() != x.size())
    throw Error(Status::dimension_mismatch, where + "weights has " +
                                                std::to_string(weights.size()) + " rows but x has " +
                                                std::to_string(x.size()));
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    if (!(good[i] == 0.0 || good[i] == 1.0))
      throw Error(Status::invalid_argument, where + "good at row " + std::to_string(i) + " is not 0 or 1");
    if (weights.size() != 0 && (!(weights[i] >= 0.0) || !std::isfinite(weights[i])))
      throw Error(Status::invalid_argument, where + "weight at row " + std::to_string(i) + " is negative or not finite");
    if (std::isinf(x[i]))
      throw Error(Status::invalid_argument, where + "x is infinite at row " + std::to_string(i));
  }
  if (options.max_prebins < 2 || options.max_bins < 1)
    throw Error(Status::invalid_argument, where + "max_prebins must be >= 2 and max_bins >= 1");
  if (!(options.min_bin_share >= 0.0 && options.min_bin_share <= 0.5))
    throw Error(Status::invalid_argument, where + "min_bin_share must be in [0, 0.5]");
  if (!(options.min_level_share >= 0.0 && options.min_level_share <= 1.0))
    throw Error(Status::invalid_argument, where + "min_level_share must be in [0, 1]");
  if (!(options.pseudo_count >= 0.0) || !std::isfinite(options.pseudo_count))
    throw Error(Status::invalid_argument, where + "pseudo_count must be finite and >= 0");
  const int trend = static_cast<int>(options.trend), pre = static_cast<int>(options.prebinning);
  if (trend < 0 || trend > 3 || pre < 0 || pre > 1)
    throw Error(Status::invalid_argument, where + "unknown trend or pre-binning method");
  for (std::size_t s = 0; s < options.special_values.size(); ++s) {
    if (!std::isfinite(options.special_values[s]))
      throw Error(Status::invalid_argument, where + "special value " + std::to_string(s) + " is not finite");
    for (std::size_t t = 0; t < s; ++t)
      if (options.special_values[t] == options.special_values[s])
        throw Error(Status::invalid_argument, where + "special value " + std::to_string(s) + " repeats");
  }
}

}  // namespace detail

/// Counts every row into its bin with Binning::bin_of (the scoring comparison) and sets the
/// model WoE by the zero-count rule in the file comment. `binning`'s bins must be defined.
/// Throws Error(undefined) when the rows hold no goods or no bads, Error(invalid_argument)
/// naming the row of a value without a bin.
inline void fill_bin_statistics(Binning& binning, const Eigen::VectorXd& x,
                                const Eigen::VectorXd& good, const Eigen::VectorXd& weights) {
  const auto n = static_cast<std::size_t>(binning.num_bins());
  binning.goods.assign(n, 0.0);
  binning.bads.assign(n, 0.0);
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const std::int64_t b = binning.bin_of(x[i]);
    if (b < 0)
      throw Error(Status::invalid_argument, "binning '" + binning.name + "': value at row " +
                                                std::to_string(i) + " has no bin");
    const double w = weights.size() == 0 ? 1.0 : weights[i];
    (good[i] == 1.0 ? binning.goods : binning.bads)[static_cast<std::size_t>(b)] += w;
  }
  const WoeValues raw = weight_of_evidence(binning.goods, binning.bads, binning.pseudo_count);
  binning.woe.resize(n);
  for (std::size_t b = 0; b < n; ++b) binning.woe[b] = std::isfinite(raw.woe[b]) ? raw.woe[b] : 0.0;
}

/// A numeric binning on cut points the caller chose (ascending, finite; an empty list gives
/// one regular bin). Missing values get a bin if `x` has any; `options.special_values` and
/// `options.pseudo_count` apply, nothing is merged. `good` is 1 for a good row, 0 for a bad
/// one; `weights` empty or one non-negative weight per row.
/// Throws Error(invalid_argument) for unsorted or non-finite cuts and bad options or values,
/// Error(dimension_mismatch) for sizes, Error(undefined) for one class only.
inline Binning make_numeric_binning(const std::string& name, const Eigen::VectorXd& x,
                                    const Eigen::VectorXd& good, const Eigen::VectorXd& weights,
                                    const std::vector<double>& cut_points,
                                    const BinningOptions& options = BinningOptions()) {
  detail::check_binning_input(x, good, weights, options, name);
  for (std::size_t i = 0; i < cut_points.size(); ++i)
    if (!std::isfinite(cut_points[i]) || (i > 0 && !(cut_points[i - 1] < cut_points[i])))
      throw Error(Status::invalid_argument,
                  "binning '" + name + "': cut points must be finite and strictly ascending (at " +
                      std::to_string(i) + ")");
  Binning binning;
  binning.name = name;
  binning.kind = BinningKind::numeric;
  binning.cut_points = cut_points;
  binning.special_values = options.special_values;
  binning.pseudo_count = options.pseudo_count;
  for (Eigen::Index i = 0; i < x.size(); ++i)
    if (std::isnan(x[i])) binning.missing_bin = true;
  fill_bin_statistics(binning, x, good, weights);
  return binning;
}

/// Fits a numeric binning: pre-binning (options.prebinning, at most options.max_prebins bins
/// with cut points at observed values), then merging of pure bins, of bins under
/// options.min_bin_share of the regular rows' weight, of neighbours against the bad-rate trend,
/// and of the least informative neighbours down to options.max_bins. Missing values (NaN) and
/// each of options.special_values get bins of their own and take no part in the merging.
/// Throws as make_numeric_binning (also Error(invalid_argument) for an infinite x).
inline Binning fit_numeric_binning(const std::string& name, const Eigen::VectorXd& x,
                                   const Eigen::VectorXd& good,
                                   const Eigen::VectorXd& weights = Eigen::VectorXd(),
                                   const BinningOptions& options = BinningOptions()) {
  detail::check_binning_input(x, good, weights, options, name);
  struct Obs { double x, good, w; };
  std::vector<Obs> obs;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    if (std::isnan(x[i])) continue;
    if (std::find(options.special_values.begin(), options.special_values.end(), x[i]) !=
        options.special_values.end())
      continue;
    obs.push_back({x[i], good[i], weights.size() == 0 ? 1.0 : weights[i]});
  }
  std::sort(obs.begin(), obs.end(), [](const Obs& a, const Obs& b) { return a.x < b.x; });
  // Distinct values with their goods and bads: every cut lies at one of them.
  std::vector<detail::BinGroup> distinct;
  for (const Obs& o : obs) {
    if (distinct.empty() || distinct.back().cut != o.x) {
      distinct.emplace_back();
      distinct.back().cut = o.x;
    }
    (o.good == 1.0 ? distinct.back().goods : distinct.back().bads) += o.w;
  }
  double total = 0;
  for (const auto& d : distinct) total += d.total();
  std::vector<std::size_t> starts{0};  // indices into distinct where a pre-bin starts
  if (options.prebinning == Prebinning::quantile) {
    double cumulative = 0;
    int next = 1;
    for (std::size_t d = 0; d + 1 < distinct.size(); ++d) {
      cumulative += distinct[d].total();
      // Start a new bin once the weight below reaches the next quantile.
      if (cumulative >= total * next / options.max_prebins) {
        starts.push_back(d + 1);
        while (next < options.max_prebins && cumulative >= total * next / options.max_prebins) ++next;
      }
    }
  } else {
    // Best-first Gini splits; a side must keep min_bin_share of the weight.
    struct Segment { std::size_t begin, end; };
    std::vector<Segment> leaves{{0, distinct.size()}};
    auto gini = [](double g, double b) { const double t = g + b; return t > 0 ? t * (1.0 - (g / t) * (g / t) - (b / t) * (b / t)) : 0.0; };
    while (static_cast<int>(leaves.size()) < options.max_prebins) {
      double best_gain = 1e-12;
      std::size_t best_leaf = 0, best_split = 0;
      for (std::size_t l = 0; l < leaves.size(); ++l) {
        double g = 0, b = 0;
        for (std::size_t d = leaves[l].begin; d < leaves[l].end; ++d) g += distinct[d].goods, b += distinct[d].bads;
        double lg = 0, lb = 0;
        for (std::size_t d = leaves[l].begin; d + 1 < leaves[l].end; ++d) {
          lg += distinct[d].goods, lb += distinct[d].bads;
          if (lg + lb < options.min_bin_share * total || (g - lg) + (b - lb) < options.min_bin_share * total) continue;
          const double gain = gini(g, b) - gini(lg, lb) - gini(g - lg, b - lb);
          if (gain > best_gain) best_gain = gain, best_leaf = l, best_split = d + 1;
        }
      }
      if (best_split == 0) break;
      const Segment old = leaves[best_leaf];
      leaves[best_leaf] = {old.begin, best_split};
      leaves.push_back({best_split, old.end});
    }
    starts.clear();
    for (const auto& s : leaves) starts.push_back(s.begin);
    std::sort(starts.begin(), starts.end());
  }
  std::vector<detail::BinGroup> groups;
  for (std::size_t s = 0; s < starts.size() && !distinct.empty(); ++s) {
    detail::BinGroup group;
    group.cut = distinct[starts[s]].cut;
    const std::size_t end = s + 1 < starts.size() ? starts[s + 1] : distinct.size();
    for (std::size_t d = starts[s]; d < end; ++d) group.goods += distinct[d].goods, group.bads += distinct[d].bads;
    groups.push_back(group);
  }
  MonotonicTrend trend = options.trend;
  if (trend == MonotonicTrend::automatic) {
    std::vector<detail::BinGroup> up = groups, down = groups;
    detail::merge_groups(up, options, MonotonicTrend::ascending);
    detail::merge_groups(down, options, MonotonicTrend::descending);
    groups = detail::groups_iv(up) >= detail::groups_iv(down) ? up : down;
  } else {
    detail::merge_groups(groups, options, trend);
  }
  std::vector<double> cuts;
  for (std::size_t g = 1; g < groups.size(); ++g) cuts.push_back(groups[g].cut);
  return make_numeric_binning(name, x, good, weights, cuts, options);
}

/// Fits a categorical binning of level codes (exact doubles; `level_labels` optionally names
/// the sorted distinct levels for display, e.g. from a CSV column's text). Levels under
/// options.min_level_share of the regular weight join one "other" bin, which also takes levels
/// unseen in training; groups are ordered by bad rate and merged as in fit_numeric_binning
/// (pure groups, minimum share, maximum bins). Missing values and special values get own bins.
/// Throws as fit_numeric_binning, and Error(dimension_mismatch) if `level_labels` is not empty
/// and its size differs from the number of distinct levels.
inline Binning fit_categorical_binning(const std::string& name, const Eigen::VectorXd& x,
                                       const Eigen::VectorXd& good,
                                       const Eigen::VectorXd& weights = Eigen::VectorXd(),
                                       const BinningOptions& options = BinningOptions(),
                                       const std::vector<std::string>& level_labels = {}) {
  detail::check_binning_input(x, good, weights, options, name);
  Binning binning;
  binning.name = name;
  binning.kind = BinningKind::categorical;
  binning.special_values = options.special_values;
  binning.pseudo_count = options.pseudo_count;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    if (std::isnan(x[i])) {
      binning.missing_bin = true;
      continue;
    }
    if (std::find(options.special_values.begin(), options.special_values.end(), x[i]) ==
        options.special_values.end())
      binning.levels.push_back(x[i]);
  }
  std::sort(binning.levels.begin(), binning.levels.end());
  binning.levels.erase(std::unique(binning.levels.begin(), binning.levels.end()), binning.levels.end());
  if (!level_labels.empty() && level_labels.size() != binning.levels.size())
    throw Error(Status::dimension_mismatch, "binning '" + name + "': " +
                                                std::to_string(level_labels.size()) +
                                                " level labels for " +
                                                std::to_string(binning.levels.size()) + " levels");
  binning.level_labels = level_labels;
  std::vector<detail::BinGroup> per_level(binning.levels.size());
  double total = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const auto it = std::lower_bound(binning.levels.begin(), binning.levels.end(), x[i]);
    if (it == binning.levels.end() || *it != x[i]) continue;
    const double w = weights.size() == 0 ? 1.0 : weights[i];
    auto& g = per_level[static_cast<std::size_t>(it - binning.levels.begin())];
    (good[i] == 1.0 ? g.goods : g.bads) += w;
    total += w;
  }
  std::vector<detail::BinGroup> groups;
  detail::BinGroup other;
  bool has_other = false;
  for (std::size_t l = 0; l < per_level.size(); ++l) {
    per_level[l].members = {l};
    if (per_level[l].total() < options.min_level_share * total) {
      other.goods += per_level[l].goods;
      other.bads += per_level[l].bads;
      other.members.push_back(l);
      has_other = true;
    } else {
      groups.push_back(per_level[l]);
    }
  }
  const std::size_t other_marker = per_level.size();  // a member index that means "other"
  if (has_other) {
    other.members.push_back(other_marker);
    groups.push_back(other);
  }
  std::stable_sort(groups.begin(), groups.end(), [](const detail::BinGroup& a, const detail::BinGroup& b) {
    return a.bad_rate() < b.bad_rate();
  });
  detail::merge_groups(groups, options, MonotonicTrend::none);
  binning.level_bins.assign(binning.levels.size(), 0);
  binning.categorical_bins = std::max<std::int64_t>(1, static_cast<std::int64_t>(groups.size()));
  for (std::size_t g = 0; g < groups.size(); ++g)
    for (std::size_t member : groups[g].members) {
      if (member == other_marker) binning.other_bin = static_cast<std::int64_t>(g);
      else binning.level_bins[member] = static_cast<std::int64_t>(g);
    }
  fill_bin_statistics(binning, x, good, weights);
  return binning;
}

PAYSTRIKE_NAMESPACE_END
