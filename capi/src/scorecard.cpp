// The scorecard functions of the C ABI (paystrike_scorecard.h): a builder that bins and fits
// from column arrays, the binning and points tables of a model, points and reason codes for
// rows, and saving a model.
#include "paystrike/paystrike.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "paystrike/binning.hpp"
#include "paystrike/io/model_file.hpp"
#include "paystrike/scorecard.hpp"
#include "paystrike/variable_selection.hpp"
#include "fence.hpp"
#include "model_handle.hpp"

namespace {

using paystrike::Status;
using paystrike_capi::fenced;
using paystrike_capi::raise;

struct Characteristic {
  std::string name;
  Eigen::VectorXd column;
  paystrike::CharacteristicSpec spec;
  paystrike::Binning binning;
  std::vector<paystrike::BinRow> table;
  std::string reason_code;
};

}  // namespace

struct paystrike_scorecard_builder {
  Eigen::VectorXd good;
  Eigen::VectorXd weights;  // empty = all ones
  double pseudo_count = 0.0;
  std::vector<Characteristic> characteristics;
  paystrike::ScorecardOptions options;
  bool fitted = false;
  paystrike::LogisticFit fit;
};

namespace {

void need(const void* pointer, const char* what) {
  if (pointer == nullptr) raise(Status::null_argument, std::string(what) + " is NULL");
}

const Characteristic& characteristic(const paystrike_scorecard_builder* b, std::int64_t index) {
  need(b, "builder");
  if (index < 0 || index >= static_cast<std::int64_t>(b->characteristics.size()))
    raise(Status::invalid_argument, "characteristic index " + std::to_string(index) +
                                        " is outside [0, " +
                                        std::to_string(b->characteristics.size()) + ")");
  return b->characteristics[static_cast<std::size_t>(index)];
}

std::vector<double> copy_values(const double* values, std::int64_t count, const char* what) {
  if (count < 0) raise(Status::invalid_argument, std::string(what) + " count is negative");
  if (count > 0) need(values, what);
  return std::vector<double>(values, values + count);
}

// Copies the column, fits the binning, and appends the characteristic (all or nothing).
int add(paystrike_scorecard_builder* b, const char* name, const double* x, std::int64_t stride,
        paystrike::CharacteristicSpec spec, std::int64_t* out_index) {
  need(b, "builder");
  need(name, "name");
  need(out_index, "out_index");
  if (stride <= 0) raise(Status::invalid_argument, "stride must be positive (got " + std::to_string(stride) + ")");
  for (const Characteristic& c : b->characteristics)
    if (c.name == name) raise(Status::invalid_argument, std::string("characteristic '") + name + "' was already added");
  const Eigen::Index n = b->good.size();
  need(x, "x");
  Characteristic c;
  c.name = name;
  c.column.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) c.column[i] = x[i * stride];
  spec.options.pseudo_count = b->pseudo_count;
  if (spec.kind == paystrike::BinningKind::categorical)
    c.binning = paystrike::fit_categorical_binning(c.name, c.column, b->good, b->weights, spec.options);
  else if (spec.use_cut_points)
    c.binning = paystrike::make_numeric_binning(c.name, c.column, b->good, b->weights, spec.cut_points, spec.options);
  else
    c.binning = paystrike::fit_numeric_binning(c.name, c.column, b->good, b->weights, spec.options);
  c.table = paystrike::binning_table(c.binning);
  c.spec = std::move(spec);
  b->characteristics.push_back(std::move(c));
  b->fitted = false;
  *out_index = static_cast<std::int64_t>(b->characteristics.size()) - 1;
  return PAYSTRIKE_OK;
}

int int_option(std::int64_t value, const char* what) {
  if (value < 1 || value > 1000000) raise(Status::invalid_argument, std::string(what) + " must be in [1, 1000000]");
  return static_cast<int>(value);
}

const paystrike_model& checked(const paystrike_model* model) {
  need(model, "model");
  return *model;
}

std::size_t binned_input(const paystrike_model& m, std::int64_t input) {
  if (input < 0 || input >= m.model.num_inputs())
    raise(Status::invalid_argument, "input " + std::to_string(input) + " is outside [0, " +
                                        std::to_string(m.model.num_inputs()) + ")");
  const auto j = static_cast<std::size_t>(input);
  if (m.binned_term[j] < 0)
    raise(Status::invalid_argument, "input " + std::to_string(input) + " (" + m.model.input_names[j] +
                                        ") is not binned");
  return j;
}

}  // namespace

extern "C" {

PAYSTRIKE_API int paystrike_scorecard_builder_new(const double* good, const double* weights,
                                                  int64_t n_rows,
                                                  paystrike_scorecard_builder** out_builder) {
  return fenced("paystrike_scorecard_builder_new", [&] {
    need(good, "good");
    need(out_builder, "out_builder");
    if (n_rows <= 0) raise(Status::invalid_argument, "n_rows must be positive (got " + std::to_string(n_rows) + ")");
    auto b = std::make_unique<paystrike_scorecard_builder>();
    b->good = Eigen::Map<const Eigen::VectorXd>(good, static_cast<Eigen::Index>(n_rows));
    if (weights) b->weights = Eigen::Map<const Eigen::VectorXd>(weights, static_cast<Eigen::Index>(n_rows));
    for (Eigen::Index i = 0; i < b->good.size(); ++i) {
      if (!(b->good[i] == 0.0 || b->good[i] == 1.0))
        raise(Status::invalid_argument, "good at row " + std::to_string(i) + " is not 0 or 1");
      if (weights && (!(b->weights[i] >= 0.0) || !std::isfinite(b->weights[i])))
        raise(Status::invalid_argument, "weight at row " + std::to_string(i) + " is negative or not finite");
    }
    *out_builder = b.release();
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API void paystrike_scorecard_builder_free(paystrike_scorecard_builder* builder) { delete builder; }

PAYSTRIKE_API int paystrike_scorecard_builder_add_numeric(
    paystrike_scorecard_builder* builder, const char* name, const double* x, int64_t stride,
    int prebinning, int64_t max_prebins, double min_bin_share, int64_t max_bins, int trend,
    const double* special_values, int64_t n_special, int64_t* out_index) {
  return fenced("paystrike_scorecard_builder_add_numeric", [&] {
    paystrike::CharacteristicSpec spec;
    if (prebinning < 0 || prebinning > 1) raise(Status::invalid_argument, "unknown prebinning " + std::to_string(prebinning));
    if (trend < 0 || trend > 3) raise(Status::invalid_argument, "unknown trend " + std::to_string(trend));
    spec.options.prebinning = static_cast<paystrike::Prebinning>(prebinning);
    spec.options.max_prebins = int_option(max_prebins, "max_prebins");
    spec.options.min_bin_share = min_bin_share;
    spec.options.max_bins = int_option(max_bins, "max_bins");
    spec.options.trend = static_cast<paystrike::MonotonicTrend>(trend);
    spec.options.special_values = copy_values(special_values, n_special, "special_values");
    return add(builder, name, x, stride, std::move(spec), out_index);
  });
}

PAYSTRIKE_API int paystrike_scorecard_builder_add_cuts(
    paystrike_scorecard_builder* builder, const char* name, const double* x, int64_t stride,
    const double* cut_points, int64_t n_cuts, const double* special_values, int64_t n_special,
    int64_t* out_index) {
  return fenced("paystrike_scorecard_builder_add_cuts", [&] {
    paystrike::CharacteristicSpec spec;
    spec.use_cut_points = true;
    spec.cut_points = copy_values(cut_points, n_cuts, "cut_points");
    spec.options.special_values = copy_values(special_values, n_special, "special_values");
    return add(builder, name, x, stride, std::move(spec), out_index);
  });
}

PAYSTRIKE_API int paystrike_scorecard_builder_add_categorical(
    paystrike_scorecard_builder* builder, const char* name, const double* x, int64_t stride,
    double min_level_share, double min_bin_share, int64_t max_bins,
    const double* special_values, int64_t n_special, int64_t* out_index) {
  return fenced("paystrike_scorecard_builder_add_categorical", [&] {
    paystrike::CharacteristicSpec spec;
    spec.kind = paystrike::BinningKind::categorical;
    spec.options.min_level_share = min_level_share;
    spec.options.min_bin_share = min_bin_share;
    spec.options.max_bins = int_option(max_bins, "max_bins");
    spec.options.special_values = copy_values(special_values, n_special, "special_values");
    return add(builder, name, x, stride, std::move(spec), out_index);
  });
}

PAYSTRIKE_API int paystrike_scorecard_builder_set_pseudo_count(paystrike_scorecard_builder* builder,
                                                               double pseudo_count) {
  return fenced("paystrike_scorecard_builder_set_pseudo_count", [&] {
    need(builder, "builder");
    if (!(pseudo_count >= 0.0) || !std::isfinite(pseudo_count))
      raise(Status::invalid_argument, "pseudo_count must be finite and >= 0");
    builder->pseudo_count = pseudo_count;
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_scorecard_builder_num_characteristics(
    const paystrike_scorecard_builder* builder, int64_t* out_count) {
  return fenced("paystrike_scorecard_builder_num_characteristics", [&] {
    need(builder, "builder");
    need(out_count, "out_count");
    *out_count = static_cast<int64_t>(builder->characteristics.size());
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_scorecard_builder_num_bins(const paystrike_scorecard_builder* builder,
                                                       int64_t index, int64_t* out_count) {
  return fenced("paystrike_scorecard_builder_num_bins", [&] {
    const Characteristic& c = characteristic(builder, index);
    need(out_count, "out_count");
    *out_count = c.binning.num_bins();
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_scorecard_builder_bin(const paystrike_scorecard_builder* builder,
                                                  int64_t index, int64_t bin,
                                                  const char** out_label, int* out_kind,
                                                  double* out_goods, double* out_bads,
                                                  double* out_event_rate, double* out_woe,
                                                  double* out_iv) {
  return fenced("paystrike_scorecard_builder_bin", [&] {
    const Characteristic& c = characteristic(builder, index);
    if (bin < 0 || bin >= static_cast<std::int64_t>(c.table.size()))
      raise(Status::invalid_argument, "bin " + std::to_string(bin) + " is outside [0, " +
                                          std::to_string(c.table.size()) + ")");
    const paystrike::BinRow& row = c.table[static_cast<std::size_t>(bin)];
    if (out_label) *out_label = row.label.c_str();
    if (out_kind) *out_kind = static_cast<int>(row.kind);
    if (out_goods) *out_goods = row.goods;
    if (out_bads) *out_bads = row.bads;
    if (out_event_rate) *out_event_rate = row.event_rate;
    if (out_woe) *out_woe = row.woe;
    if (out_iv) *out_iv = row.iv;
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_scorecard_builder_characteristic(
    const paystrike_scorecard_builder* builder, int64_t index, const char** out_name,
    double* out_iv) {
  return fenced("paystrike_scorecard_builder_characteristic", [&] {
    const Characteristic& c = characteristic(builder, index);
    if (out_name) *out_name = c.name.c_str();
    if (out_iv) *out_iv = c.binning.information_value();
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_scorecard_builder_select(paystrike_scorecard_builder* builder,
                                                     double min_iv, double max_abs_correlation,
                                                     int64_t* out_kept) {
  return fenced("paystrike_scorecard_builder_select", [&] {
    need(builder, "builder");
    need(out_kept, "out_kept");
    std::vector<paystrike::Binning> binnings;
    for (const Characteristic& c : builder->characteristics) binnings.push_back(c.binning);
    const std::vector<std::size_t> informative = paystrike::select_by_iv(binnings, min_iv);
    Eigen::MatrixXd woe(builder->good.size(), static_cast<Eigen::Index>(informative.size()));
    std::vector<double> iv;
    for (std::size_t k = 0; k < informative.size(); ++k) {
      const Characteristic& c = builder->characteristics[informative[k]];
      for (Eigen::Index i = 0; i < woe.rows(); ++i) woe(i, static_cast<Eigen::Index>(k)) = c.binning.woe_of(c.column[i]);
      iv.push_back(c.binning.information_value());
    }
    const std::vector<std::size_t> kept = paystrike::correlation_filter(woe, iv, max_abs_correlation);
    std::vector<Characteristic> result;
    for (std::size_t k : kept) result.push_back(std::move(builder->characteristics[informative[k]]));
    builder->characteristics = std::move(result);
    builder->fitted = false;
    *out_kept = static_cast<int64_t>(builder->characteristics.size());
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_scorecard_builder_set_scaling(paystrike_scorecard_builder* builder,
                                                          double base_points, double base_odds,
                                                          double pdo) {
  return fenced("paystrike_scorecard_builder_set_scaling", [&] {
    need(builder, "builder");
    paystrike::ScoreScaling scaling;
    scaling.base_points = base_points;
    scaling.base_odds = base_odds;
    scaling.pdo = pdo;
    scaling.validate();
    builder->options.scaling = scaling;
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_scorecard_builder_set_l2_penalty(paystrike_scorecard_builder* builder,
                                                             double l2_penalty) {
  return fenced("paystrike_scorecard_builder_set_l2_penalty", [&] {
    need(builder, "builder");
    if (!(l2_penalty >= 0.0) || !std::isfinite(l2_penalty))
      raise(Status::invalid_argument, "l2_penalty must be finite and >= 0");
    builder->options.logistic.l2_penalty = l2_penalty;
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_scorecard_builder_set_rounding(paystrike_scorecard_builder* builder,
                                                           int round_points) {
  return fenced("paystrike_scorecard_builder_set_rounding", [&] {
    need(builder, "builder");
    builder->options.round_points = round_points != 0;
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_scorecard_builder_set_reason_baseline(
    paystrike_scorecard_builder* builder, int kind, double cutoff, double band) {
  return fenced("paystrike_scorecard_builder_set_reason_baseline", [&] {
    need(builder, "builder");
    if (kind < 0 || kind > 2) raise(Status::invalid_argument, "unknown baseline kind " + std::to_string(kind));
    if (kind == PAYSTRIKE_BASELINE_MEAN_NEAR_CUTOFF &&
        (!std::isfinite(cutoff) || !(band >= 0.0) || !std::isfinite(band)))
      raise(Status::invalid_argument, "cutoff must be finite and band finite and >= 0");
    builder->options.baseline = static_cast<paystrike::ReasonBaseline>(kind);
    builder->options.baseline_cutoff = cutoff;
    builder->options.baseline_band = band;
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_scorecard_builder_set_reason_code(paystrike_scorecard_builder* builder,
                                                              int64_t index, const char* code) {
  return fenced("paystrike_scorecard_builder_set_reason_code", [&] {
    need(code, "code");
    characteristic(builder, index);
    builder->characteristics[static_cast<std::size_t>(index)].reason_code = code;
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_scorecard_builder_fit(paystrike_scorecard_builder* builder,
                                                  paystrike_model** out_model) {
  return fenced("paystrike_scorecard_builder_fit", [&] {
    need(builder, "builder");
    need(out_model, "out_model");
    const auto k = static_cast<Eigen::Index>(builder->characteristics.size());
    if (k == 0) raise(Status::invalid_argument, "the builder has no characteristics");
    const Eigen::Index n = builder->good.size();
    Eigen::MatrixXd x(n, k);  // column-major: one column per characteristic
    std::vector<std::string> names;
    std::vector<paystrike::CharacteristicSpec> specs;
    paystrike::ScorecardOptions options = builder->options;
    options.reason_codes.clear();
    for (Eigen::Index j = 0; j < k; ++j) {
      const Characteristic& c = builder->characteristics[static_cast<std::size_t>(j)];
      x.col(j) = c.column;
      names.push_back(c.name);
      paystrike::CharacteristicSpec spec = c.spec;
      spec.input = j;
      specs.push_back(spec);
      options.reason_codes.push_back(c.reason_code);
    }
    const auto view = paystrike::make_matrix_view(x.data(), n, k, 1, n);
    paystrike::Scorecard card = paystrike::build_scorecard(names, view, builder->good, builder->weights, specs, options);
    auto handle = std::make_unique<paystrike_model>(std::move(card.model));
    builder->fit = std::move(card.fit);
    builder->fitted = true;
    *out_model = handle.release();
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_scorecard_builder_coefficient(
    const paystrike_scorecard_builder* builder, int64_t k, double* out_estimate,
    double* out_std_error, double* out_z, double* out_p_value) {
  return fenced("paystrike_scorecard_builder_coefficient", [&] {
    need(builder, "builder");
    if (!builder->fitted) raise(Status::invalid_argument, "the builder has not been fitted");
    if (k < 0 || k >= static_cast<std::int64_t>(builder->fit.coefficients.size()))
      raise(Status::invalid_argument, "coefficient " + std::to_string(k) + " is outside [0, " +
                                          std::to_string(builder->fit.coefficients.size()) + ")");
    const auto j = static_cast<Eigen::Index>(k);
    if (out_estimate) *out_estimate = builder->fit.coefficients[j];
    if (out_std_error) *out_std_error = builder->fit.standard_errors[j];
    if (out_z) *out_z = builder->fit.z_values()[j];
    if (out_p_value) *out_p_value = builder->fit.p_values()[j];
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_scorecard_builder_fit_statistics(
    const paystrike_scorecard_builder* builder, double* out_log_likelihood, double* out_aic,
    int64_t* out_iterations) {
  return fenced("paystrike_scorecard_builder_fit_statistics", [&] {
    need(builder, "builder");
    if (!builder->fitted) raise(Status::invalid_argument, "the builder has not been fitted");
    if (out_log_likelihood) *out_log_likelihood = builder->fit.log_likelihood;
    if (out_aic) *out_aic = builder->fit.aic;
    if (out_iterations) *out_iterations = builder->fit.iterations;
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_model_num_bins(const paystrike_model* model, int64_t input,
                                           int64_t* out_count) {
  return fenced("paystrike_model_num_bins", [&] {
    const paystrike_model& m = checked(model);
    need(out_count, "out_count");
    if (input < 0 || input >= m.model.num_inputs())
      raise(Status::invalid_argument, "input " + std::to_string(input) + " is outside [0, " +
                                          std::to_string(m.model.num_inputs()) + ")");
    *out_count = static_cast<int64_t>(m.bin_tables[static_cast<std::size_t>(input)].size());
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_model_bin(const paystrike_model* model, int64_t input, int64_t bin,
                                      const char** out_label, int* out_kind, double* out_goods,
                                      double* out_bads, double* out_woe, double* out_points) {
  return fenced("paystrike_model_bin", [&] {
    const paystrike_model& m = checked(model);
    const std::size_t j = binned_input(m, input);
    const auto& table = m.bin_tables[j];
    if (bin < 0 || bin >= static_cast<std::int64_t>(table.size()))
      raise(Status::invalid_argument, "bin " + std::to_string(bin) + " is outside [0, " +
                                          std::to_string(table.size()) + ")");
    const auto b = static_cast<std::size_t>(bin);
    if (out_label) *out_label = table[b].label.c_str();
    if (out_kind) *out_kind = static_cast<int>(table[b].kind);
    if (out_goods) *out_goods = table[b].goods;
    if (out_bads) *out_bads = table[b].bads;
    if (out_woe) *out_woe = table[b].woe;
    if (out_points) *out_points = m.bin_points[j][b];
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_model_information_value(const paystrike_model* model, int64_t input,
                                                    double* out_iv) {
  return fenced("paystrike_model_information_value", [&] {
    const paystrike_model& m = checked(model);
    const std::size_t j = binned_input(m, input);
    need(out_iv, "out_iv");
    const paystrike::Term& term = m.model.terms[static_cast<std::size_t>(m.binned_term[j])];
    *out_iv = m.model.binnings[static_cast<std::size_t>(term.binning)].information_value();
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_model_base_points(const paystrike_model* model, double* out_points) {
  return fenced("paystrike_model_base_points", [&] {
    const paystrike_model& m = checked(model);
    need(out_points, "out_points");
    const double base = m.score_offset + m.score_factor * m.model.intercept;
    *out_points = m.model.round_points ? std::round(base) : base;
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_model_reason_code(const paystrike_model* model, int64_t input,
                                              const char** out_code) {
  return fenced("paystrike_model_reason_code", [&] {
    const paystrike_model& m = checked(model);
    need(out_code, "out_code");
    *out_code = paystrike::reason_code_of(m.model, input).c_str();
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_points_batch(const paystrike_model* model, const double* x,
                                         int64_t n_rows, int64_t n_cols, int64_t row_stride,
                                         int64_t col_stride, double* out_points,
                                         double* out_base) {
  return fenced("paystrike_points_batch", [&] {
    const paystrike_model& m = checked(model);
    need(out_points, "out_points");
    paystrike_capi::check_scoring_input(model, x, n_rows, n_cols, row_stride, col_stride);
    double base = 0.0;
    for (std::int64_t i = 0; i < n_rows; ++i) {
      m.model.characteristic_points(x + i * row_stride, col_stride, out_points + i * n_cols, &base);
      if (out_base) out_base[i] = base;
    }
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_reason_codes_batch(const paystrike_model* model, const double* x,
                                               int64_t n_rows, int64_t n_cols, int64_t row_stride,
                                               int64_t col_stride, int64_t max_reasons,
                                               int64_t* out_inputs, double* out_shortfalls,
                                               int64_t* out_counts) {
  return fenced("paystrike_reason_codes_batch", [&] {
    const paystrike_model& m = checked(model);
    need(out_inputs, "out_inputs");
    if (max_reasons < 1) raise(Status::invalid_argument, "max_reasons must be >= 1 (got " + std::to_string(max_reasons) + ")");
    paystrike_capi::check_scoring_input(model, x, n_rows, n_cols, row_stride, col_stride);
    for (std::int64_t i = 0; i < n_rows; ++i) {
      const std::int64_t found = paystrike::reason_codes_for_row(
          m.model, x + i * row_stride, col_stride, max_reasons, out_inputs + i * max_reasons,
          out_shortfalls ? out_shortfalls + i * max_reasons : nullptr);
      if (out_counts) out_counts[i] = found;
    }
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_model_save_file(const paystrike_model* model, const char* path) {
  return fenced("paystrike_model_save_file", [&] {
    const paystrike_model& m = checked(model);
    need(path, "path");
    // Keep the evidence model a loaded file carried: a re-save must not drop it.
    if (m.evidence_model)
      paystrike::save_model_with_evidence_file(m.model, *m.evidence_model, path);
    else
      paystrike::save_model_file(m.model, path);
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_model_save_buffer(const paystrike_model* model, void* out,
                                              size_t capacity, size_t* out_size) {
  return fenced("paystrike_model_save_buffer", [&] {
    const paystrike_model& m = checked(model);
    need(out_size, "out_size");
    paystrike_capi::copy_image_out(
        m.evidence_model ? paystrike::save_model_with_evidence_to_buffer(m.model, *m.evidence_model)
                         : paystrike::save_model_to_buffer(m.model),
        out, capacity, out_size, "model file");
    return PAYSTRIKE_OK;
  });
}

}  // extern "C"
