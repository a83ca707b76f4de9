// The C ABI over the C++ core: an exception fence around every body, a thread-local last
// error, out-parameters written only on success.
#include "paystrike/paystrike.h"

#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "paystrike/io/model_file.hpp"
#include "paystrike/score_model.hpp"
#include "paystrike/status.hpp"
#include "paystrike/version.hpp"
#include "fence.hpp"
#include "model_handle.hpp"

namespace {

using paystrike::Error;
using paystrike::Status;
using paystrike_capi::code;
using paystrike_capi::fail;
using paystrike_capi::fenced;
using paystrike_capi::raise;
using paystrike_capi::set_last_error;
static_assert(PAYSTRIKE_OK == code(Status::ok), "status codes must match paystrike::Status");
static_assert(PAYSTRIKE_E_NULL_ARGUMENT == code(Status::null_argument), "status mismatch");
static_assert(PAYSTRIKE_E_INVALID_ARGUMENT == code(Status::invalid_argument), "status mismatch");
static_assert(PAYSTRIKE_E_DIMENSION_MISMATCH == code(Status::dimension_mismatch), "mismatch");
static_assert(PAYSTRIKE_E_MISSING_VALUE == code(Status::missing_value), "status mismatch");
static_assert(PAYSTRIKE_E_IO_ERROR == code(Status::io_error), "status mismatch");
static_assert(PAYSTRIKE_E_BAD_FORMAT == code(Status::bad_format), "status mismatch");
static_assert(PAYSTRIKE_E_UNSUPPORTED_VERSION == code(Status::unsupported_version), "mismatch");
static_assert(PAYSTRIKE_E_CHECKSUM_MISMATCH == code(Status::checksum_mismatch), "mismatch");
static_assert(PAYSTRIKE_E_NOT_CONVERGED == code(Status::not_converged), "status mismatch");
static_assert(PAYSTRIKE_E_SEPARATION == code(Status::separation), "status mismatch");
static_assert(PAYSTRIKE_E_SINGULAR == code(Status::singular), "status mismatch");
static_assert(PAYSTRIKE_E_UNDEFINED == code(Status::undefined), "status mismatch");
static_assert(PAYSTRIKE_E_OUT_OF_MEMORY == code(Status::out_of_memory), "status mismatch");
static_assert(PAYSTRIKE_E_INTERNAL == code(Status::internal), "status mismatch");

static_assert(PAYSTRIKE_VERSION_NUMBER == PAYSTRIKE_VERSION_MAJOR * 10000 +
                                              PAYSTRIKE_VERSION_MINOR * 100 +
                                              PAYSTRIKE_VERSION_PATCH,
              "paystrike.h and version.hpp disagree on the version");

constexpr bool same_text(const char* a, const char* b) {
  return *a == *b && (*a == '\0' || same_text(a + 1, b + 1));
}
// paystrike.h and version.hpp both define PAYSTRIKE_VERSION_STRING; a differing redefinition
// is already a compile error, and this states the intent.
static_assert(same_text(PAYSTRIKE_VERSION_STRING, "0.1.0"), "version string");



}  // namespace

namespace {

int make_handle(paystrike::ModelFileContents loaded, paystrike_model** out_model) {
  auto handle = std::make_unique<paystrike_model>(std::move(loaded.score_model),
                                                  std::move(loaded.evidence_model));
  *out_model = handle.release();
  return PAYSTRIKE_OK;
}

// Checks the shape and every row, then scores. The single-row and batch calls both come here,
// so they cannot differ by a bit. Nothing is written unless all rows pass.
int score(const paystrike_model* handle, const double* x, std::int64_t n_rows,
          std::int64_t n_cols, std::int64_t row_stride, std::int64_t col_stride,
          double* out_scores, double* out_prob_good) {
  if (handle == nullptr) raise(Status::null_argument, "model is NULL");
  if (out_scores == nullptr && out_prob_good == nullptr)
    raise(Status::null_argument, "both outputs (scores and P(good)) are NULL");
  paystrike_capi::check_scoring_input(handle, x, n_rows, n_cols, row_stride, col_stride);
  const paystrike::ScoreModel& model = handle->model;
  // The same arithmetic as paystrike::score_rows: ScoreScaling::score is offset + factor * eta;
  // a rounding model's score is the sum of its rounded parts (ScoreModel::score).
  const double offset = handle->score_offset;
  const double factor = handle->score_factor;
  for (std::int64_t i = 0; i < n_rows; ++i) {
    const double* row = x + i * row_stride;
    const double eta = model.log_odds_good(row, col_stride);
    if (out_scores)
      out_scores[i] = model.round_points ? model.score(row, col_stride) : offset + factor * eta;
    if (out_prob_good) out_prob_good[i] = paystrike::detail::sigmoid(eta);
  }
  return PAYSTRIKE_OK;
}

}  // namespace

void paystrike_capi::check_scoring_input(const paystrike_model* handle, const double* x,
                                         std::int64_t n_rows, std::int64_t n_cols,
                                         std::int64_t row_stride, std::int64_t col_stride) {
  if (n_rows < 0) raise(Status::invalid_argument, "n_rows is negative (" + std::to_string(n_rows) + ")");
  const paystrike::ScoreModel& model = handle->model;
  if (n_cols != model.num_inputs())
    raise(Status::dimension_mismatch,
          "the model takes " + std::to_string(model.num_inputs()) + " input columns but " +
              std::to_string(n_cols) + " were given");
  if (row_stride <= 0 || col_stride <= 0)
    raise(Status::invalid_argument, "row_stride and col_stride must be positive (got " +
                                        std::to_string(row_stride) + ", " +
                                        std::to_string(col_stride) + ")");
  if (n_rows == 0) return;
  if (x == nullptr && n_cols > 0) raise(Status::null_argument, "the input matrix x is NULL");
  // The last element's offset must fit in int64 (and so in the address space it describes).
  constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
  if (n_cols > 0 && ((n_rows - 1) > max / row_stride || (n_cols - 1) > max / col_stride ||
                     (n_rows - 1) * row_stride > max - (n_cols - 1) * col_stride))
    raise(Status::invalid_argument, "the strides address beyond the 64-bit range");
  // Per term: finite, or for a binned input any value with a bin (NaN with a missing bin).
  for (std::int64_t i = 0; i < n_rows; ++i) model.check_row(x + i * row_stride, col_stride, i);
}

extern "C" {

PAYSTRIKE_API int paystrike_version_number(void) { return PAYSTRIKE_VERSION_NUMBER; }

PAYSTRIKE_API const char* paystrike_version(void) { return PAYSTRIKE_VERSION_STRING; }

PAYSTRIKE_API const char* paystrike_last_error(void) { return paystrike_capi::last_error_pointer; }

PAYSTRIKE_API const char* paystrike_status_string(int status) {
  if (status < PAYSTRIKE_OK || status > PAYSTRIKE_E_INTERNAL) return "unknown_status";
  return paystrike::status_name(static_cast<Status>(status));
}

PAYSTRIKE_API int paystrike_model_load_file(const char* path, paystrike_model** out_model) {
  return fenced("paystrike_model_load_file", [&] {
    if (path == nullptr) raise(Status::null_argument, "path is NULL");
    if (out_model == nullptr) raise(Status::null_argument, "out_model is NULL");
    return make_handle(paystrike::load_model_and_evidence_file(path), out_model);
  });
}

PAYSTRIKE_API int paystrike_model_load_buffer(const void* data, size_t size,
                                              paystrike_model** out_model) {
  return fenced("paystrike_model_load_buffer", [&] {
    if (data == nullptr && size > 0) raise(Status::null_argument, "data is NULL");
    if (out_model == nullptr) raise(Status::null_argument, "out_model is NULL");
    return make_handle(paystrike::load_model_and_evidence_from_buffer(data, size), out_model);
  });
}

PAYSTRIKE_API void paystrike_model_free(paystrike_model* model) { delete model; }

PAYSTRIKE_API int paystrike_model_num_features(const paystrike_model* model,
                                               int64_t* out_count) {
  return fenced("paystrike_model_num_features", [&] {
    if (model == nullptr) raise(Status::null_argument, "model is NULL");
    if (out_count == nullptr) raise(Status::null_argument, "out_count is NULL");
    *out_count = model->model.num_inputs();
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_model_feature_name(const paystrike_model* model, int64_t index,
                                               const char** out_name) {
  return fenced("paystrike_model_feature_name", [&] {
    if (model == nullptr) raise(Status::null_argument, "model is NULL");
    if (out_name == nullptr) raise(Status::null_argument, "out_name is NULL");
    if (index < 0 || index >= model->model.num_inputs())
      raise(Status::invalid_argument, "feature index " + std::to_string(index) +
                                          " is outside [0, " +
                                          std::to_string(model->model.num_inputs()) + ")");
    *out_name = model->model.input_names[static_cast<std::size_t>(index)].c_str();
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_score_batch(const paystrike_model* model, const double* x,
                                        int64_t n_rows, int64_t n_cols, int64_t row_stride,
                                        int64_t col_stride, double* out_scores,
                                        double* out_prob_good) {
  return fenced("paystrike_score_batch", [&] {
    return score(model, x, n_rows, n_cols, row_stride, col_stride,
                 out_scores, out_prob_good);
  });
}

PAYSTRIKE_API int paystrike_outside_training_range_batch(const paystrike_model* model,
                                                         const double* x, int64_t n_rows,
                                                         int64_t n_cols, int64_t row_stride,
                                                         int64_t col_stride,
                                                         int32_t* out_outside) {
  return fenced("paystrike_outside_training_range_batch", [&] {
    if (model == nullptr) raise(Status::null_argument, "model is NULL");
    if (out_outside == nullptr) raise(Status::null_argument, "out_outside is NULL");
    // The same checks as scoring: a row that cannot be scored has no range verdict either.
    paystrike_capi::check_scoring_input(model, x, n_rows, n_cols, row_stride, col_stride);
    for (std::int64_t i = 0; i < n_rows; ++i)
      out_outside[i] = model->model.outside_training_range(x + i * row_stride, col_stride) ? 1 : 0;
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_model_training_range(const paystrike_model* model, int64_t index,
                                                 double* out_min, double* out_max) {
  return fenced("paystrike_model_training_range", [&] {
    if (model == nullptr) raise(Status::null_argument, "model is NULL");
    if (out_min == nullptr || out_max == nullptr)
      raise(Status::null_argument, "out_min or out_max is NULL");
    if (index < 0 || index >= model->model.num_inputs())
      raise(Status::invalid_argument, "feature index " + std::to_string(index) +
                                          " is outside [0, " +
                                          std::to_string(model->model.num_inputs()) + ")");
    *out_min = model->model.input_min[static_cast<std::size_t>(index)];
    *out_max = model->model.input_max[static_cast<std::size_t>(index)];
    return PAYSTRIKE_OK;
  });
}

PAYSTRIKE_API int paystrike_score_row(const paystrike_model* model, const double* row,
                                      int64_t n_cols, double* out_score, double* out_prob_good) {
  return fenced("paystrike_score_row", [&] {
    return score(model, row, 1, n_cols, n_cols > 0 ? n_cols : 1, 1,
                 out_score, out_prob_good);
  });
}

}  // extern "C"
