// Segmentation, anchor extraction and feature extraction throughput
// (bytes/s) on the seed articles, per language.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "polyalign/anchors.h"
#include "polyalign/document.h"
#include "polyalign/features.h"
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

// The article repeated to about 1 MB, as one document.
std::string big_article(int k) {
  const std::string path = std::string(POLYALIGN_SOURCE_DIR) + "/corpora/vietnam-news/" + kSeeds[k];
  const std::string text = polyalign::read_file(path, 1 << 26);
  std::string big;
  while (big.size() < (1 << 20)) big += text + "\n\n";
  return big;
}

void BM_Anchors(benchmark::State& state) {
  // AnchorExtractor::extract on every sentence: numbers, names, URLs...
  const int k = static_cast<int>(state.range(0));
  const std::string big = big_article(k);
  polyalign::Segmenter seg({.lang = kLangs[k]});
  const std::vector<polyalign::Sentence> sentences = seg.segment(big);
  polyalign::AnchorOptions options;
  options.lang = kLangs[k];
  polyalign::AnchorExtractor extractor(options);
  std::size_t anchors = 0;
  for (auto _ : state) {
    anchors = 0;
    for (const polyalign::Sentence& s : sentences)
      anchors += extractor.extract(std::string_view(big).substr(s.span.start, s.span.size())).size();
    benchmark::DoNotOptimize(anchors);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * big.size());
  state.counters["anchors"] = static_cast<double>(anchors);
  state.SetLabel(kLangs[k]);
}

void BM_Features(benchmark::State& state) {
  // compute_features: lengths, anchors, word ids, foreign-sentence flags.
  const int k = static_cast<int>(state.range(0));
  polyalign::SegmentedDocument doc;
  doc.document = polyalign::make_document(big_article(k), kLangs[k]);
  polyalign::Segmenter seg({.lang = kLangs[k]});
  doc.sentences = seg.segment(doc.document.text);
  for (auto _ : state) {
    auto f = polyalign::compute_features(doc);
    benchmark::DoNotOptimize(f.anchors.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          doc.document.text.size());
  state.SetLabel(kLangs[k]);
}

}  // namespace

BENCHMARK(BM_Segment)->DenseRange(0, 4)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Anchors)->DenseRange(0, 4)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Features)->DenseRange(0, 4)->Unit(benchmark::kMillisecond);
