// Documents, pairs and corpora the tests build through the public API:
// presegmented documents (one sentence per line, the language as given),
// hand-made pairs with their beads, small sample texts in three languages,
// and the corpora of the repository aligned. Shared by the tests of the
// stages that consume them (features, evidence, pipeline, checks, report).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "polyalign/corpus.h"
#include "polyalign/pipeline.h"
#include "test_data.h"

namespace polyalign::testing {

// One sentence per line, in the language given (no identification).
inline PipelineOptions presegmented_options() {
  PipelineOptions po;
  po.presegmented = true;
  po.detect_language = false;
  return po;
}

inline SegmentedDocument presegmented(std::string text, const std::string& lang) {
  return segment_document(make_document(std::move(text), lang), presegmented_options());
}

// A pair of presegmented documents (one sentence per line) and its beads:
// 1-1 in order unless given.
inline DocumentAlignment make_pair(
    const std::vector<std::string>& a, const std::string& lang_a, const std::vector<std::string>& b,
    const std::string& lang_b, std::vector<std::pair<SentenceRange, SentenceRange>> beads = {}) {
  PipelineOptions po;
  po.presegmented = true;
  DocumentAlignment r;
  r.a = segment_document(make_document(joined(a), lang_a, "a.txt"), po);
  r.b = segment_document(make_document(joined(b), lang_b, "b.txt"), po);
  if (beads.empty()) {
    const auto n = static_cast<std::uint32_t>(std::min(a.size(), b.size()));
    for (std::uint32_t i = 0; i < n; ++i) beads.push_back({{i, i + 1}, {i, i + 1}});
  }
  for (const auto& [ra, rb] : beads) r.alignment.beads.push_back({ra, rb, 0.0, 0.9});
  return r;
}

// Four sentences of one news item, one per line, in English, Hindi and
// Indonesian: numbers in each language's forms (2,645 / 2.645, 31.82% /
// 31,82%) and a name across scripts (Che Tao / चे ताओ).
inline const char* const kEn =
    "The population is 2,645 people in 509 households.\n"
    "Che Tao is 220 km from the provincial centre.\n"
    "The rate reached 31.82% this year.\n"
    "The commune has 6 villages.\n";
inline const char* const kHi =
    "जनसंख्या 2,645 लोग, 509 घर हैं।\n"
    "चे ताओ प्रांतीय केंद्र से 220 किलोमीटर दूर है।\n"
    "इस वर्ष दर 31.82% तक पहुँच गई।\n"
    "कम्यून में 6 गाँव हैं।\n";
inline const char* const kId =
    "Populasinya adalah 2.645 jiwa, 509 rumah tangga.\n"
    "Che Tao berjarak 220 km dari pusat provinsi.\n"
    "Persentase mencapai 31,82% tahun ini.\n"
    "Komune ini memiliki 6 desa.\n";

// Corpora of the repository, relative to its root: the seed articles (000
// id and 001 hi translate each other; 002 uk, 003 de, 004 en are other
// articles) and the planted-error pair of tests/data/qa (see its README).
inline const std::string kSeeds = "corpora/vietnam-news";
inline const std::string kPlanted = "tests/data/qa";

// A corpus directory of the repository aligned on two threads.
inline CorpusResult corpus_of(const std::string& dir) {
  CorpusOptions o;
  o.threads = 2;
  return align_corpus({source_file(dir)}, o);
}

}  // namespace polyalign::testing
