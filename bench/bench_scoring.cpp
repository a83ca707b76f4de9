// The scoring hot path: batch and single-row scoring, through the C++ core and the C ABI.
// Figures only; there are no targets here. items_per_second counts scored rows.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "paystrike/io/model_file.hpp"
#include "paystrike/paystrike.h"
#include "paystrike/score_model.hpp"

namespace {

using paystrike::ScoreModel;
using paystrike::Term;
using paystrike::TermKind;

constexpr std::int64_t inputs = 20;

// 20 inputs: 8 amounts (signed_log1p), 8 ratios and counts (linear) and 4 categorical codes
// with 3 indicator levels each: 28 terms, close to the Taiwan credit-default scorecard.
ScoreModel bench_model() {
  ScoreModel m;
  std::mt19937_64 rng(42);
  std::normal_distribution<double> coefficient(0.0, 0.3);
  for (std::int64_t j = 0; j < inputs; ++j) {
    m.input_names.push_back("x" + std::to_string(j));
    m.input_min.push_back(-1e9);
    m.input_max.push_back(1e9);
    if (j < 8) {
      m.terms.push_back(Term{"log1p(x" + std::to_string(j) + ")", j, TermKind::signed_log1p, 0});
    } else if (j < 16) {
      m.terms.push_back(Term{"x" + std::to_string(j), j, TermKind::linear, 0});
    } else {
      for (int level = 1; level <= 3; ++level)
        m.terms.push_back(Term{"x" + std::to_string(j) + "=" + std::to_string(level), j,
                               TermKind::indicator, static_cast<double>(level)});
    }
  }
  for (std::size_t t = 0; t < m.terms.size(); ++t) m.coefficients.push_back(coefficient(rng));
  m.intercept = 1.2;
  m.validate();
  return m;
}

std::vector<double> bench_rows(std::int64_t n) {
  std::mt19937_64 rng(7);
  std::lognormal_distribution<double> amount(9.0, 1.5);
  std::normal_distribution<double> ratio(0.0, 1.0);
  std::uniform_int_distribution<int> code(0, 4);
  std::vector<double> x(static_cast<std::size_t>(n * inputs));
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j < inputs; ++j)
      x[static_cast<std::size_t>(i * inputs + j)] =
          j < 8 ? amount(rng) : j < 16 ? ratio(rng) : static_cast<double>(code(rng));
  return x;
}

paystrike_model* load_c_model() {
  const std::vector<unsigned char> file = paystrike::save_model_to_buffer(bench_model());
  paystrike_model* model = nullptr;
  if (paystrike_model_load_buffer(file.data(), file.size(), &model) != PAYSTRIKE_OK) return nullptr;
  return model;
}

void BM_CoreBatch(benchmark::State& state) {
  const ScoreModel model = bench_model();
  const std::int64_t n = state.range(0);
  const std::vector<double> x = bench_rows(n);
  std::vector<double> scores(static_cast<std::size_t>(n)), prob(static_cast<std::size_t>(n));
  const paystrike::MatrixView view = paystrike::make_row_major_view(x.data(), n, inputs);
  for (auto _ : state) {
    paystrike::score_rows(model, view, scores.data(), prob.data());
    benchmark::DoNotOptimize(scores.data());
    benchmark::DoNotOptimize(prob.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_CoreBatch)->Arg(1000)->Arg(100000);

void BM_CapiBatch(benchmark::State& state) {
  paystrike_model* model = load_c_model();
  if (model == nullptr) {
    state.SkipWithError(paystrike_last_error());
    return;
  }
  const std::int64_t n = state.range(0);
  const std::vector<double> x = bench_rows(n);
  std::vector<double> scores(static_cast<std::size_t>(n)), prob(static_cast<std::size_t>(n));
  for (auto _ : state) {
    const int status =
        paystrike_score_batch(model, x.data(), n, inputs, inputs, 1, scores.data(), prob.data());
    benchmark::DoNotOptimize(status);
    benchmark::DoNotOptimize(scores.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * n);
  paystrike_model_free(model);
}
BENCHMARK(BM_CapiBatch)->Arg(1000)->Arg(100000);

// Column-major input through the C ABI: the same rows read with strides (1, n).
void BM_CapiBatchColumnMajor(benchmark::State& state) {
  paystrike_model* model = load_c_model();
  if (model == nullptr) {
    state.SkipWithError(paystrike_last_error());
    return;
  }
  const std::int64_t n = state.range(0);
  const std::vector<double> rows = bench_rows(n);
  std::vector<double> x(rows.size());
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j < inputs; ++j)
      x[static_cast<std::size_t>(j * n + i)] = rows[static_cast<std::size_t>(i * inputs + j)];
  std::vector<double> scores(static_cast<std::size_t>(n)), prob(static_cast<std::size_t>(n));
  for (auto _ : state) {
    const int status =
        paystrike_score_batch(model, x.data(), n, inputs, 1, n, scores.data(), prob.data());
    benchmark::DoNotOptimize(status);
    benchmark::DoNotOptimize(scores.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * n);
  paystrike_model_free(model);
}
BENCHMARK(BM_CapiBatchColumnMajor)->Arg(100000);

// One row per call, cycling through 1,000 different rows so the branch predictor and caches see
// realistic variety.
void BM_CoreSingleRow(benchmark::State& state) {
  const ScoreModel model = bench_model();
  constexpr std::int64_t n = 1000;
  const std::vector<double> x = bench_rows(n);
  std::int64_t i = 0;
  for (auto _ : state) {
    double score = 0, prob = 0;
    paystrike::score_rows(model, paystrike::make_row_major_view(x.data() + i * inputs, 1, inputs),
                          &score, &prob);
    benchmark::DoNotOptimize(score);
    benchmark::DoNotOptimize(prob);
    if (++i == n) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CoreSingleRow);

void BM_CapiSingleRow(benchmark::State& state) {
  paystrike_model* model = load_c_model();
  if (model == nullptr) {
    state.SkipWithError(paystrike_last_error());
    return;
  }
  constexpr std::int64_t n = 1000;
  const std::vector<double> x = bench_rows(n);
  std::int64_t i = 0;
  for (auto _ : state) {
    double score = 0, prob = 0;
    const int status = paystrike_score_row(model, x.data() + i * inputs, inputs, &score, &prob);
    benchmark::DoNotOptimize(status);
    benchmark::DoNotOptimize(score);
    benchmark::DoNotOptimize(prob);
    if (++i == n) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  paystrike_model_free(model);
}
BENCHMARK(BM_CapiSingleRow);

// Loading a model from memory: envelope checks, CRC-32, archive and validation.
void BM_CapiLoadBuffer(benchmark::State& state) {
  const std::vector<unsigned char> file = paystrike::save_model_to_buffer(bench_model());
  for (auto _ : state) {
    paystrike_model* model = nullptr;
    const int status = paystrike_model_load_buffer(file.data(), file.size(), &model);
    benchmark::DoNotOptimize(status);
    paystrike_model_free(model);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(file.size()));
}
BENCHMARK(BM_CapiLoadBuffer);

}  // namespace

BENCHMARK_MAIN();
