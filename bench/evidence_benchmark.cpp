// The evidence of one news-length pair (the English seed article, ~20
// sentences, with each of the others), built again and again as corpus
// mode builds it for every candidate pair a document is in: pairs/s.
// Preparation (segmentation, features) is untimed.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "polyalign/document.h"
#include "polyalign/evidence.h"
#include "polyalign/features.h"
#include "polyalign/io.h"
#include "polyalign/segmenter.h"

namespace {

const char* const kArticles[] = {"000_ce7c1f1e563d1f0d.txt", "001_6df23d5c9a213664.txt",
                                 "002_c7f188d49e2f1ac0.txt", "003_48a8ea6ca92906e5.txt",
                                 "004_83945c7c3835f471.txt"};
const char* const kLanguages[] = {"id", "hi", "uk", "de", "en"};
constexpr int kEnglish = 4;

// The features of seed article k, words collected (as for cognates).
polyalign::DocumentFeatures article_features(int k) {
  const std::string path =
      std::string(POLYALIGN_SOURCE_DIR) + "/corpora/vietnam-news/" + kArticles[k];
  polyalign::SegmentedDocument doc;
  doc.document = polyalign::make_document(polyalign::read_file(path, 1 << 26), kLanguages[k]);
  doc.sentences = polyalign::Segmenter({.lang = kLanguages[k]}).segment(doc.document.text);
  polyalign::FeatureOptions options;
  options.words = true;
  return polyalign::compute_features(doc, options);
}

void BM_CognateLinks(benchmark::State& state) {
  // cognate_links(): keys of both vocabularies, candidates, linking.
  const int k = static_cast<int>(state.range(0));
  const polyalign::DocumentFeatures a = article_features(kEnglish), b = article_features(k);
  std::size_t links = 0;
  for (auto _ : state) {
    links = polyalign::cognate_links(a, b).size();
    benchmark::DoNotOptimize(links);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["links"] = static_cast<double>(links);
  state.SetLabel(std::string("en-") + kLanguages[k]);
}

void BM_PairEvidence(benchmark::State& state) {
  // PairEvidence::build() with the cognates' links: what a candidate pair
  // costs before its alignment.
  const int k = static_cast<int>(state.range(0));
  const polyalign::DocumentFeatures a = article_features(kEnglish), b = article_features(k);
  for (auto _ : state) {
    const polyalign::PairEvidence ev =
        polyalign::PairEvidence::build(a, b, {}, polyalign::cognate_links(a, b));
    benchmark::DoNotOptimize(&ev);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetLabel(std::string("en-") + kLanguages[k]);
}

}  // namespace

BENCHMARK(BM_CognateLinks)->DenseRange(0, 3)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PairEvidence)->DenseRange(0, 3)->Unit(benchmark::kMicrosecond);
