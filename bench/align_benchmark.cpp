// The alignment loop over document length and bead-type sets.
// Preparation (generating lengths) is outside the timed loop; counters report
// sentences/s (both sides) and DP cells/s.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <vector>

#include "polyalign/aligner.h"

namespace {

struct Pair {
  std::vector<std::uint32_t> la, lb, pa, pb;
};

// A translation-like pair: B = 1.15 x A with Gale-Church noise, 5% merges.
Pair make_pair(std::int64_t n) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> len(8, 240);
  std::normal_distribution<double> noise(0, 1);
  std::uniform_real_distribution<double> u(0, 1);
  Pair p;
  for (std::int64_t k = 0; k < n; ++k) {
    const double a = len(rng);
    p.la.push_back(static_cast<std::uint32_t>(a));
    p.pa.push_back(static_cast<std::uint32_t>(k / 5));
    const double b = std::max(1.0, 1.15 * a + noise(rng) * std::sqrt(6.0 * a));
    if (u(rng) < 0.05 && !p.lb.empty()) {
      p.lb.back() += static_cast<std::uint32_t>(b);  // merged on side B
    } else {
      p.lb.push_back(static_cast<std::uint32_t>(b));
      p.pb.push_back(static_cast<std::uint32_t>(k / 5));
    }
  }
  p.pb.resize(p.lb.size());
  return p;
}

void BM_Align(benchmark::State& state) {
  const Pair p = make_pair(state.range(0));
  polyalign::AlignerOptions options;
  if (state.range(1) == 1) {
    options.bead_types = {{1, 1, 0.9}, {1, 0, 0.05}, {0, 1, 0.05}};
  }
  options.threads = static_cast<unsigned>(state.range(2));
  polyalign::Aligner aligner(options);
  std::uint32_t band = 0;
  std::uint64_t cells = 0;
  for (auto _ : state) {
    auto r = aligner.align({p.la, p.pa}, {p.lb, p.pb});
    band = r.band;
    cells = r.cells;
    benchmark::DoNotOptimize(r.beads.data());
  }
  const double sentences = static_cast<double>(p.la.size() + p.lb.size());
  state.counters["sentences/s"] =
      benchmark::Counter(sentences, benchmark::Counter::kIsIterationInvariantRate);
  // Cells of the final search (all stretches), per second of the whole
  // alignment (estimation passes included).
  state.counters["cells/s"] =
      benchmark::Counter(static_cast<double>(cells), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["band"] = band;
  state.counters["threads"] = static_cast<double>(options.threads);
  state.SetLabel(state.range(1) == 1 ? "beads 1-1,1-0,0-1" : "beads default (8 types)");
}

void BM_AlignWithModel(benchmark::State& state) {
  // One search pass (Viterbi + forward-backward), no parameter estimation.
  const Pair p = make_pair(state.range(0));
  polyalign::Aligner aligner;
  polyalign::LengthModel model{1.15, 6.0};
  for (auto _ : state) {
    auto r = aligner.align_with_model({p.la, p.pa}, {p.lb, p.pb}, model);
    benchmark::DoNotOptimize(r.beads.data());
  }
  state.counters["sentences/s"] = benchmark::Counter(
      static_cast<double>(p.la.size() + p.lb.size()), benchmark::Counter::kIsIterationInvariantRate);
}

}  // namespace

// Length x bead-type set (0: the default 8 types, 1: 1-1/1-0/0-1) x threads.
BENCHMARK(BM_Align)
    ->ArgsProduct({{1000, 10000, 100000}, {0, 1}, {1, 2}})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Align)
    ->ArgsProduct({{1000000}, {0, 1}, {2}})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AlignWithModel)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
