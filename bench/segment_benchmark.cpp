// Segmentation throughput (bytes/s) on the seed articles, per language.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "polyalign/document.h"
#include "polyalign/io.h"
#include "polyalign/segmenter.h"

namespace {

const char* const kSeeds[] = {"000_ce7c1f1e563d1f0d.txt", "001_6df23d5c9a213664.txt",
                              "002_c7f188d49e2f1ac0.txt", "003_48a8ea6ca92906e5.txt",
                              "004_83945c7c3835f471.txt"};
const char* const kLangs[] = {"id", "hi", "uk", "de", "en"};

void BM_Segment(benchmark::State& state) {
  const int k = static_cast<int>(state.range(0));
  const std::string path = std::string(POLYALIGN_SOURCE_DIR) + "/corpora/vietnam-news/" + kSeeds[k];
  std::string text = polyalign::read_file(path, 1 << 26);
  // Repeat the article to ~1 MB so per-call setup does not dominate.
  std::string big;
  while (big.size() < (1 << 20)) big += text + "\n\n";
  polyalign::Segmenter seg({.lang = kLangs[k]});
  for (auto _ : state) {
    auto s = seg.segment(big);
    benchmark::DoNotOptimize(s.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * big.size());
  state.SetLabel(kLangs[k]);
}

}  // namespace

BENCHMARK(BM_Segment)->DenseRange(0, 4)->Unit(benchmark::kMillisecond);
