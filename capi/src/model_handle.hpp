// Internal to the C ABI's sources (not installed): the model handle, shared by the scoring
// functions (paystrike_c.cpp), the scorecard functions (scorecard.cpp) and the attribution
// functions that read or save the evidence model a model file carries (attribution.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "paystrike/attribution/evidence_model.hpp"
#include "paystrike/binning.hpp"
#include "paystrike/score_model.hpp"
#include "paystrike/scorecard.hpp"

// The handle: the immutable model plus what scoring and the tables need precomputed, so that
// scoring a row allocates nothing and computes no logarithm of the scaling, and table strings
// live as long as the handle.
struct paystrike_model {
  paystrike::ScoreModel model;
  std::vector<unsigned char> input_used;  // 1 if some term reads the input
  double score_offset = 0.0;              // model.scaling.offset()
  double score_factor = 0.0;              // model.scaling.factor()
  std::vector<std::int64_t> binned_term;  // per input: the woe_bins term reading it, or -1
  std::vector<std::vector<paystrike::BinRow>> bin_tables;  // per input (empty if not binned)
  std::vector<std::vector<double>> bin_points;             // per input, per bin
  // The evidence model the model file carried (ScoreModel class version 3), if any.
  std::optional<paystrike::attribution::EvidenceModel> evidence_model;

  explicit paystrike_model(paystrike::ScoreModel loaded,
                           std::optional<paystrike::attribution::EvidenceModel> evidence = {})
      : model(std::move(loaded)), evidence_model(std::move(evidence)) {
    const std::size_t inputs = model.input_names.size();
    input_used.assign(inputs, 0);
    binned_term.assign(inputs, -1);
    bin_tables.assign(inputs, {});
    bin_points.assign(inputs, {});
    for (std::size_t t = 0; t < model.terms.size(); ++t) {
      const paystrike::Term& term = model.terms[t];
      const auto j = static_cast<std::size_t>(term.input);
      input_used[j] = 1;
      if (term.kind != paystrike::TermKind::woe_bins || binned_term[j] >= 0) continue;
      binned_term[j] = static_cast<std::int64_t>(t);
      bin_tables[j] = paystrike::binning_table(model.binnings[static_cast<std::size_t>(term.binning)]);
    }
    for (const paystrike::CharacteristicPoints& c : paystrike::points_table(model))
      if (bin_points[static_cast<std::size_t>(c.input)].empty())
        bin_points[static_cast<std::size_t>(c.input)] = c.points;
    score_offset = model.scaling.offset();
    score_factor = model.scaling.factor();
  }
};

namespace paystrike_capi {

// Checks the shape of a strided matrix argument of the scoring calls (see paystrike.h) and
// every row with ScoreModel::check_row. Throws paystrike::Error; nothing is written.
void check_scoring_input(const paystrike_model* handle, const double* x, std::int64_t n_rows,
                         std::int64_t n_cols, std::int64_t row_stride, std::int64_t col_stride);

}  // namespace paystrike_capi
