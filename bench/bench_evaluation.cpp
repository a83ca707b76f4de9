// AUC and KS on 10 million scores (one sort, O(n log n)), and the DeLong interval. Figures
// only, not a test. bench/compare_sklearn.py runs this binary and scikit-learn's roc_auc_score
// on the same data: it writes the data to a file and passes its path in PAYSTRIKE_BENCH_DATA
// (int64 n, then n scores, then n labels, all little-endian). Without it the data is generated
// here: 30% positives, score = label * 0.6 + a normal draw rounded to 1e-4 (so ties occur).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "paystrike/confidence_intervals.hpp"
#include "paystrike/paystrike.h"
#include "paystrike/ranking_metrics.hpp"

namespace {

struct Data {
  std::vector<double> scores, labels;
};

Data generate(std::int64_t n) {
  Data d;
  d.scores.resize(static_cast<std::size_t>(n));
  d.labels.resize(d.scores.size());
  paystrike::SplitMix64 rng(20240611);
  const auto uniform = [&rng] { return (static_cast<double>(rng.next() >> 11) + 0.5) * 0x1.0p-53; };
  for (std::size_t i = 0; i < d.scores.size(); ++i) {
    const double label = uniform() < 0.3 ? 1.0 : 0.0;
    const double normal = std::sqrt(-2.0 * std::log(uniform())) * std::cos(6.283185307179586 * uniform());
    d.labels[i] = label;
    d.scores[i] = std::round((0.6 * label + normal) * 1e4) / 1e4;
  }
  return d;
}

const Data& data() {
  static const Data d = [] {
    const char* path = std::getenv("PAYSTRIKE_BENCH_DATA");
    if (path == nullptr || *path == '\0') return generate(10'000'000);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(std::string("cannot read ") + path);
    std::int64_t n = 0;
    in.read(reinterpret_cast<char*>(&n), sizeof n);
    Data loaded;
    loaded.scores.resize(static_cast<std::size_t>(n));
    loaded.labels.resize(static_cast<std::size_t>(n));
    in.read(reinterpret_cast<char*>(loaded.scores.data()), static_cast<std::streamsize>(n * 8));
    in.read(reinterpret_cast<char*>(loaded.labels.data()), static_cast<std::streamsize>(n * 8));
    if (!in) throw std::runtime_error(std::string("truncated ") + path);
    return loaded;
  }();
  return d;
}

std::int64_t rows() { return static_cast<std::int64_t>(data().scores.size()); }

// AUC, Gini, KS and the ROC curve in one call (the C++ core).
void BM_AucKs(benchmark::State& state) {
  const Data& d = data();
  for (auto _ : state) {
    const paystrike::RankingMetrics m = paystrike::ranking_metrics(d.scores.data(), d.labels.data(), rows());
    benchmark::DoNotOptimize(m.auc);
    benchmark::DoNotOptimize(m.ks.statistic);
  }
  state.SetItemsProcessed(state.iterations() * rows());
  state.counters["rows"] = static_cast<double>(rows());
}
BENCHMARK(BM_AucKs)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same through the C ABI.
void BM_AucKsCapi(benchmark::State& state) {
  const Data& d = data();
  for (auto _ : state) {
    paystrike_ranking r;
    if (paystrike_ranking_metrics(d.scores.data(), d.labels.data(), nullptr, rows(), &r) != PAYSTRIKE_OK)
      state.SkipWithError(paystrike_last_error());
    benchmark::DoNotOptimize(r.auc);
  }
  state.SetItemsProcessed(state.iterations() * rows());
}
BENCHMARK(BM_AucKsCapi)->Unit(benchmark::kMillisecond)->UseRealTime();

// DeLong's standard error (three midrank sorts).
void BM_AucDeLong(benchmark::State& state) {
  const Data& d = data();
  for (auto _ : state) {
    const paystrike::AucInterval ci =
        paystrike::auc_delong_interval(d.scores.data(), d.labels.data(), rows(), 0.95);
    benchmark::DoNotOptimize(ci.standard_error);
  }
  state.SetItemsProcessed(state.iterations() * rows());
}
BENCHMARK(BM_AucDeLong)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
