// Reliability at the library level: limits and their messages,
// pathological text, and pairs that are not translations. The command-line
// side of the same catalogue is tests/bad_input_test.sh; interrupted corpus
// runs are tests/interrupt_test.sh. Cases of the catalogue that belong to
// one unit live in that unit's file: interrupted and failed writes
// (AtomicFile and signals) in io_test.cpp, the TMX of text with U+FFFE in
// corpus_formats_test.cpp.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "polyalign/aligner.h"
#include "polyalign/corpus.h"
#include "polyalign/document.h"
#include "polyalign/language.h"
#include "polyalign/pipeline.h"
#include "polyalign/segmenter.h"
#include "test_data.h"

namespace fs = std::filesystem;
using polyalign::testing::TempDir;

namespace {

std::string sentences_of(const polyalign::SegmentedDocument& d) {
  std::string s;
  for (std::size_t i = 0; i < d.sentences.size(); ++i) s += std::string(d.sentence_text(i)) + "|";
  return s;
}

const std::string kNews = polyalign::testing::source_file("corpora/vietnam-news/");

}  // namespace

TEST_CASE("limits: a file larger than ReadOptions::max_bytes is refused, naming the limit") {
  TempDir dir("polyalign_limits");
  const std::string path = (dir.path() / "big.txt").string();
  std::ofstream(path) << std::string(1000, 'x');
  polyalign::ReadOptions small;
  small.max_bytes = 999;
  CHECK_THROWS_WITH_AS(polyalign::read_document(path, small),
                       (path + ": larger than the limit of 999 bytes").c_str(), std::runtime_error);
  small.max_bytes = 1000;
  CHECK(polyalign::read_document(path, small).text.size() == 1000);
  CHECK(polyalign::ReadOptions{}.max_bytes == 2ull << 30);  // the documented default, 2 GiB
}

TEST_CASE("limits: more sentences than max_sentences is refused with a clear message") {
  const char* message =
      "more than 3 sentences (the limit, SegmenterOptions::max_sentences); split the text into "
      "smaller documents";
  polyalign::SegmenterOptions o;
  o.lang = "en";
  o.max_sentences = 3;
  const polyalign::Segmenter seg(o);
  CHECK(seg.segment("One. Two. Three.").size() == 3);
  CHECK_THROWS_WITH_AS(seg.segment("One. Two. Three. Four."), message, std::invalid_argument);
  CHECK(polyalign::Segmenter::split_lines("a\nb\nc\n", 3).size() == 3);
  CHECK_THROWS_WITH_AS(polyalign::Segmenter::split_lines("a\n\n\n\n", 3), message,
                       std::invalid_argument);
  CHECK(polyalign::Segmenter::split_lines(std::string(100, '\n'), 0).size() == 100);  // 0: none
  CHECK(polyalign::SegmenterOptions{}.max_sentences == 10'000'000);

  // The pipeline names the document.
  polyalign::PipelineOptions po;
  po.segmenter.max_sentences = 3;
  po.presegmented = true;
  CHECK_THROWS_WITH_AS(
      polyalign::segment_document(polyalign::make_document("a\nb\nc\nd\n", "en", "doc.txt"), po),
      (std::string("doc.txt: ") + message).c_str(), std::invalid_argument);
}

TEST_CASE("limits: a run without breaks longer than max_sentence_bytes is cut, nothing lost") {
  // A "word" of 150,000 bytes (2-byte letters) in a sentence: cut into
  // pieces of at most 64 KiB at code point boundaries; the pieces cover the
  // sentence exactly.
  std::string word;
  for (int k = 0; k < 75'000; ++k) word += "\xD0\x96";  // Ж
  const std::string text = "Before. " + word + " After.";
  const auto sentences = polyalign::Segmenter({.lang = "ru"}).segment(text);
  REQUIRE(sentences.size() == 4);
  CHECK(sentences[0].span == polyalign::ByteSpan{0, 7});
  CHECK(sentences[1].span == polyalign::ByteSpan{8, 8 + 65536});
  CHECK(sentences[2].span == polyalign::ByteSpan{8 + 65536, 8 + 2 * 65536});
  CHECK(sentences[3].span == polyalign::ByteSpan{8 + 2 * 65536, text.size()});
  for (const auto& s : sentences) {
    CHECK(s.length == polyalign::count_code_points(text.substr(s.span.start, s.span.size())));
  }
}

TEST_CASE("corpus mode: a file over a limit is skipped with the reason, the run goes on") {
  TempDir dir("polyalign_corpus_limits");
  fs::copy_file(kNews + "000_ce7c1f1e563d1f0d.txt", dir.path() / "a.txt");
  fs::copy_file(kNews + "001_6df23d5c9a213664.txt", dir.path() / "b.txt");
  std::ofstream(dir.path() / "many.txt") << "Satu. Dua. Tiga. Empat. Lima. Enam. Tujuh.\n";
  std::ofstream(dir.path() / "large.txt") << std::string(40'000, 'x');
  polyalign::CorpusOptions o;
  o.threads = 1;
  o.read.max_bytes = 30'000;
  o.pipeline.segmenter.max_sentences = 25;  // the articles have 21 each
  const polyalign::CorpusResult r = polyalign::align_corpus({dir.path().string()}, o);
  REQUIRE(r.skipped.size() == 1);
  CHECK(r.skipped[0].path == (dir.path() / "large.txt").string());
  CHECK(r.skipped[0].reason == "larger than the limit of 30000 bytes");
  REQUIRE(r.bundles.size() == 1);
  CHECK(r.bundles[0].tuples.size() == 21);

  o.pipeline.segmenter.max_sentences = 5;
  const polyalign::CorpusResult s = polyalign::align_corpus({dir.path().string()}, o);
  std::vector<std::string> reasons;
  for (const auto& k : s.skipped) reasons.push_back(fs::path(k.path).filename().string() + ": " + k.reason);
  CHECK(reasons == std::vector<std::string>{
                       "a.txt: more than 5 sentences (the limit, SegmenterOptions::max_sentences); "
                       "split the text into smaller documents",
                       "b.txt: more than 5 sentences (the limit, SegmenterOptions::max_sentences); "
                       "split the text into smaller documents",
                       "large.txt: larger than the limit of 30000 bytes",
                       "many.txt: more than 5 sentences (the limit, SegmenterOptions::max_sentences); "
                       "split the text into smaller documents"});
  CHECK(s.bundles.empty());
}

TEST_CASE("line ends: CRLF and old-Mac CR give the same sentences as LF") {
  const std::string lf = "First line.\nSecond one. Third!\n\nNew paragraph.\n";
  std::string crlf, cr;
  for (char c : lf) {
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    cr += c == '\n' ? '\r' : c;
  }
  polyalign::PipelineOptions o;
  auto seg = [&](const std::string& t) {
    return polyalign::segment_document(polyalign::make_document(t, "en"), o);
  };
  const auto a = seg(lf), b = seg(crlf), c = seg(cr);
  CHECK(sentences_of(a) == "First line.|Second one.|Third!|New paragraph.|");
  CHECK(sentences_of(b) == sentences_of(a));
  CHECK(sentences_of(c) == sentences_of(a));
  CHECK(b.sentences.back().paragraph == 1);
  CHECK(c.sentences.back().paragraph == 1);
  o.presegmented = true;
  CHECK(sentences_of(seg(crlf)) == "First line.|Second one. Third!||New paragraph.|");
  CHECK(sentences_of(seg(cr)) == "First line.|Second one. Third!||New paragraph.|");
}

TEST_CASE("combining characters and emoji: lengths in code points, clusters never split") {
  // "é" and "ä" as a letter + combining mark, a family emoji (a ZWJ
  // sequence of five code points), a flag (two regional indicators), a
  // thumb with a skin-tone modifier.
  const std::string text =
      "Cafe\u0301 na\u0308ive. Family \U0001F468\u200D\U0001F469\u200D\U0001F467 here! "
      "Flag \U0001F1FB\U0001F1F3 too? Thumbs \U0001F44D\U0001F3FD ok.";
  const auto s = polyalign::Segmenter({.lang = "en"}).segment(text);
  std::vector<std::string> got;
  std::vector<std::uint32_t> lengths;
  for (const auto& x : s) {
    got.push_back(text.substr(x.span.start, x.span.size()));
    lengths.push_back(x.length);
  }
  CHECK(got == std::vector<std::string>{
                   "Cafe\u0301 na\u0308ive.",
                   "Family \U0001F468\u200D\U0001F469\u200D\U0001F467 here!",
                   "Flag \U0001F1FB\U0001F1F3 too?", "Thumbs \U0001F44D\U0001F3FD ok."});
  CHECK(lengths == std::vector<std::uint32_t>{13, 18, 12, 13});
}

TEST_CASE("right-to-left text: Arabic and Hebrew split at their own marks, numbers kept") {
  const std::string ar = "بلغ عدد السكان 2,645 نسمة. هل هذا صحيح؟ نعم، بنسبة 31.82%.";
  const std::string he = "האוכלוסייה מנתה 2,645 איש. האם זה נכון? כן, 31.82%.";
  CHECK(sentences_of(polyalign::segment_document(polyalign::make_document(ar, "ar"))) ==
        "بلغ عدد السكان 2,645 نسمة.|هل هذا صحيح؟|نعم، بنسبة 31.82%.|");
  CHECK(sentences_of(polyalign::segment_document(polyalign::make_document(he, "he"))) ==
        "האוכלוסייה מנתה 2,645 איש.|האם זה נכון?|כן, 31.82%.|");
  polyalign::PipelineOptions o;
  o.detect_language = false;
  const auto r = polyalign::align_documents(polyalign::make_document(ar, "ar"),
                                            polyalign::make_document(he, "he"), o);
  REQUIRE(r.alignment.beads.size() == 3);
  for (std::uint32_t k = 0; k < 3; ++k) {
    CHECK(r.alignment.beads[k].a == polyalign::SentenceRange{k, k + 1});
    CHECK(r.alignment.beads[k].b == polyalign::SentenceRange{k, k + 1});
  }
}

TEST_CASE("a document aligned with itself: every bead 1-1 on the diagonal, confidence ~1") {
  const auto d = polyalign::read_document(kNews + "003_48a8ea6ca92906e5.txt");
  const auto r = polyalign::align_documents(d, d);
  REQUIRE(r.alignment.beads.size() == r.a.sentences.size());
  for (std::uint32_t k = 0; k < r.alignment.beads.size(); ++k) {
    CHECK(r.alignment.beads[k].a == polyalign::SentenceRange{k, k + 1});
    CHECK(r.alignment.beads[k].b == polyalign::SentenceRange{k, k + 1});
    CHECK(r.alignment.beads[k].confidence > 0.98);
  }
  CHECK(r.parallel_score > 0.8);
}

TEST_CASE("two unrelated documents: low confidence, not confidently wrong") {
  // Different articles of the seed corpus (German and English, Ukrainian
  // and German, Indonesian and English). The length model alone pairs most
  // of their sentences, with mean confidences of 0.57-0.68 and some pairs
  // above 0.99 (before min_parallel_score existed). They share almost no
  // evidence (parallel score < 0.15; translations score 0.39-0.87 on the
  // development data), so the confidences of paired sentences are scaled
  // down: measured, pairs 0.05-0.48 (mean 0.08-0.27), all beads 0.16-0.38
  // on average (the 1-0 / 0-1 beads, which say "no counterpart", are right
  // here and keep theirs). Asserted with some room: every pair < 0.5,
  // pairs < 0.3 and all beads < 0.45 on average.
  const std::pair<const char*, const char*> pairs[] = {
      {"003_48a8ea6ca92906e5.txt", "004_83945c7c3835f471.txt"},
      {"002_c7f188d49e2f1ac0.txt", "003_48a8ea6ca92906e5.txt"},
      {"000_ce7c1f1e563d1f0d.txt", "004_83945c7c3835f471.txt"},
  };
  for (const auto& [x, y] : pairs) {
    const std::string pair = std::string(x) + " ~ " + y;
    CAPTURE(pair);
    const auto r = polyalign::align_documents(polyalign::read_document(kNews + x),
                                              polyalign::read_document(kNews + y));
    CHECK(r.parallel_score < 0.15);
    double sum = 0, pair_sum = 0;
    std::size_t pairs_seen = 0;
    for (const auto& b : r.alignment.beads) {
      sum += b.confidence;
      if (b.a.empty() || b.b.empty()) continue;
      CHECK(b.confidence < 0.5);
      pair_sum += b.confidence;
      ++pairs_seen;
    }
    REQUIRE(pairs_seen > 0);
    CHECK(pair_sum / static_cast<double>(pairs_seen) < 0.3);
    CHECK(sum / static_cast<double>(r.alignment.beads.size()) < 0.45);
  }
  // The translation pair keeps its confidences.
  const auto t = polyalign::align_documents(polyalign::read_document(kNews + "000_ce7c1f1e563d1f0d.txt"),
                                            polyalign::read_document(kNews + "001_6df23d5c9a213664.txt"));
  CHECK(t.parallel_score > 0.8);
  double sum = 0;
  for (const auto& b : t.alignment.beads) sum += b.confidence;
  CHECK(sum / static_cast<double>(t.alignment.beads.size()) > 0.95);
}

TEST_CASE("fuzz regression: full_dp_cells below 4 no longer recurses until the stack overflows") {
  // fuzz_aligner (tests/fuzz/regressions/fuzz_aligner/full-dp-cells-0-stack-overflow):
  // with full_dp_cells = 0 every search went coarse, and one sentence a side
  // coarsens to one block a side, forever.
  const std::vector<std::uint32_t> la = {5, 40, 12}, lb = {6, 38, 11, 3};
  for (std::uint64_t cells : {0, 1, 3, 4}) {
    CAPTURE(cells);
    polyalign::AlignerOptions o;
    o.full_dp_cells = cells;
    const polyalign::PairAlignment r = polyalign::Aligner(o).align({la}, {lb});
    std::uint32_t ia = 0, ib = 0;
    for (const auto& b : r.beads) {
      CHECK(b.a.begin == ia);
      CHECK(b.b.begin == ib);
      ia = b.a.end;
      ib = b.b.end;
    }
    CHECK(ia == 3);
    CHECK(ib == 4);
  }
}

TEST_CASE("languages mixed within a file: the language of the largest share") {
  // The German article with the first four lines of the Hindi one inserted
  // after its sixth line: 67% German. CLD2's summary language was Hindi,
  // and the document was then segmented and read (numbers, names) as Hindi.
  auto lines = [](const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> out;
    for (std::string l; std::getline(in, l);) out.push_back(l + "\n");
    return out;
  };
  const auto de = lines(kNews + "003_48a8ea6ca92906e5.txt");
  const auto hi = lines(kNews + "001_6df23d5c9a213664.txt");
  std::string text;
  for (std::size_t k = 0; k < de.size(); ++k) {
    text += de[k];
    if (k == 5) {
      for (std::size_t j = 0; j < 4; ++j) text += hi[j];
    }
  }
  const polyalign::LanguageGuess g = polyalign::identify_language(text);
  CHECK(g.lang == "de");
  CHECK(g.percent == 67);
  CHECK(g.ranked == std::vector<std::string>{"de", "hi"});
}

TEST_CASE("fuzz regression: a bead-type set without 1-0 and 0-1 is refused") {
  // fuzz_aligner (tests/fuzz/regressions/fuzz_aligner/one-to-one-only-*): the
  // set {1-1} passed validation, yet documents of different lengths have no
  // alignment made of 1-1 beads: against an empty document the aligner
  // returned 0-1 beads (not in the set), otherwise it failed with
  // "aligner: internal error: band lost the path".
  polyalign::AlignerOptions o;
  o.bead_types = {{1, 1, 0.9}};
  CHECK_THROWS_WITH_AS(polyalign::Aligner{o},
                       "AlignerOptions.bead_types: the set must contain 1-0 and 0-1, so every "
                       "sentence can be aligned",
                       std::invalid_argument);
  o.bead_types = {{1, 1, 0.9}, {1, 0, 0.05}, {2, 1, 0.05}};
  CHECK_THROWS_AS(polyalign::Aligner{o}, std::invalid_argument);
  o.bead_types = {{1, 0, 0.5}, {0, 1, 0.5}};  // no 1-1 at all: valid, if odd
  const std::vector<std::uint32_t> la = {10, 20}, lb = {10, 20, 30};
  const polyalign::PairAlignment r = polyalign::Aligner(o).align({la}, {lb});
  CHECK(r.beads.size() == 5);
}
