// Corpus mode, inside a bundle: minimal tuples and each pair's alignment
// (corpus/projection.h), on hand-made pair alignments and on ntrex-dev
// documents where two versions join different sentences.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "corpus/projection.h"
#include "corpus/tuples.h"
#include "polyalign/corpus.h"
#include "test_data.h"

using polyalign::Bead;
using polyalign::SentenceRange;
using polyalign::corpus::Block;
using polyalign::corpus::DirectPair;

namespace {

// A direct alignment from "a0-a1:b0-b1@p" beads.
struct B {
  std::uint32_t a0, a1, b0, b1;
  double p;
};

polyalign::PairAlignment alignment(const std::vector<B>& beads) {
  polyalign::PairAlignment r;
  for (const B& b : beads) {
    Bead bead;
    bead.a = {b.a0, b.a1};
    bead.b = {b.b0, b.b1};
    bead.confidence = b.p;
    r.beads.push_back(bead);
  }
  return r;
}

DirectPair direct(const std::vector<B>& beads, std::size_t na, std::size_t nb) {
  return polyalign::corpus::make_direct(alignment(beads), na, nb);
}

std::string show(const std::vector<Bead>& beads) {
  std::string s;
  for (const Bead& b : beads)
    s += fmt::format("[{},{}):[{},{}) ", b.a.begin, b.a.end, b.b.begin, b.b.end);
  return s;
}

}  // namespace

TEST_CASE("monotone blocks: overlapping parts join, crossing parts join, order kept") {
  struct Case {
    const char* what;
    std::vector<Block> parts;
    std::vector<Block> want;
  };
  const std::vector<Case> cases = {
      {"disjoint 1-1 parts stay apart, in order",
       {{{1, 2}, {1, 2}}, {{0, 1}, {0, 1}}},
       {{{0, 1}, {0, 1}}, {{1, 2}, {1, 2}}}},
      {"parts sharing a sentence join",
       {{{0, 1}, {0, 1}}, {{0, 1}, {1, 2}}, {{1, 2}, {2, 3}}},
       {{{0, 1}, {0, 2}}, {{1, 2}, {2, 3}}}},
      {"crossing parts join (a0-b1, a1-b0)",
       {{{0, 1}, {1, 2}}, {{1, 2}, {0, 1}}},
       {{{0, 2}, {0, 2}}}},
      {"a hull swallows the part inside it",
       {{{0, 1}, {0, 1}}, {{2, 3}, {0, 1}}, {{1, 2}, {}}},
       {{{0, 3}, {0, 1}}}},
      {"one-sided parts keep their place",
       {{{0, 1}, {0, 1}}, {{}, {1, 2}}, {{1, 2}, {2, 3}}},
       {{{0, 1}, {0, 1}}, {{}, {1, 2}}, {{1, 2}, {2, 3}}}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    CHECK(polyalign::corpus::monotone_blocks(c.parts) == c.want);
  }
}

TEST_CASE("projection: a chained tuple gives the untouched pair its own 1-1 beads") {
  // Three members x, y, z of three sentences; x joins 0+1 (x0 = y0 y1),
  // y joins nothing, z joins 1+2 (z1 = y1 y2). The tuple must hold all of
  // 0-2; x-y and y-z keep their 1-2 / 2-1 beads, and x-z its one 2-2 bead.
  const std::vector<DirectPair> pairs = {
      direct({{0, 1, 0, 2, 0.9}, {1, 2, 2, 3, 0.9}}, 2, 3),  // x-y
      direct({{0, 2, 0, 2, 0.8}}, 2, 2),                     // x-z
      direct({{0, 1, 0, 1, 0.95}, {1, 3, 1, 2, 0.9}}, 3, 2)  // y-z
  };
  const Block all = {{0, 2}, {0, 3}, {0, 2}};
  CHECK(show(polyalign::corpus::project_pair(pairs, 3, all, 0, 1)) == "[0,1):[0,2) [1,2):[2,3) ");
  CHECK(show(polyalign::corpus::project_pair(pairs, 3, all, 1, 2)) == "[0,1):[0,1) [1,3):[1,2) ");
  CHECK(show(polyalign::corpus::project_pair(pairs, 3, all, 0, 2)) == "[0,2):[0,2) ");
  // Minimal: nothing can be cut (x0 ~ y0 y1 ~ z0 z1 ~ ...).
  CHECK(polyalign::corpus::minimal_tuples(pairs, all) == std::vector<Block>{all});
}

TEST_CASE(
    "minimal tuples: a tuple the pairs do not force is cut; a lone sentence finds its "
    "partner through a third member") {
  // x-y: 1-1 1-1; x-z: 1-1 1-1; y-z: the weak pair, which put y1 alone and
  // z1 alone. One tuple over everything must become two 1-1-1 tuples, and
  // y1 ~ z1 is linked through x1 (0.9 x 0.8).
  const std::vector<DirectPair> pairs = {
      direct({{0, 1, 0, 1, 0.9}, {1, 2, 1, 2, 0.9}}, 2, 2),  // x-y
      direct({{0, 1, 0, 1, 0.9}, {1, 2, 1, 2, 0.8}}, 2, 2),  // x-z
      direct({{0, 1, 0, 1, 0.7}, {1, 2, 1, 1, 0.6}, {2, 2, 1, 2, 0.6}}, 2, 2)};
  const Block all = {{0, 2}, {0, 2}, {0, 2}};
  const std::vector<Block> want = {{{0, 1}, {0, 1}, {0, 1}}, {{1, 2}, {1, 2}, {1, 2}}};
  CHECK(polyalign::corpus::minimal_tuples(pairs, all) == want);
  const std::vector<Bead> yz = polyalign::corpus::project_pair(pairs, 3, want[1], 1, 2);
  REQUIRE(yz.size() == 1);
  CHECK(yz[0].a == SentenceRange{1, 2});
  CHECK(yz[0].b == SentenceRange{1, 2});
  CHECK(yz[0].confidence == doctest::Approx(0.72));
}

TEST_CASE(
    "ntrex-dev, two members joining different lines: the tuple chains, the other pairs "
    "stay 1-1") {
  using polyalign::testing::data_dir;
  const std::string dir = data_dir() + "/ntrex-dev";
  std::map<std::string, std::vector<std::string>> lines;
  for (const char* lang : {"de", "en", "id", "uk"}) {
    std::ifstream in(dir + "/" + lang + ".txt");
    for (std::string line; std::getline(in, line) && lines[lang].size() < 10;)
      lines[lang].push_back(line);
  }
  if (lines["uk"].size() < 10) {
    MESSAGE("skipped: no ntrex-dev in " << data_dir());
    return;
  }
  // de joins lines 3+4, en joins 4+5 (one line each: presegmented).
  std::vector<polyalign::Document> docs;
  for (const char* lang : {"de", "en", "id", "uk"}) {
    std::string text;
    const std::vector<std::string>& l = lines[lang];
    for (std::size_t k = 0; k < l.size(); ++k) {
      text += l[k];
      const bool join =
          (std::string(lang) == "de" && k == 3) || (std::string(lang) == "en" && k == 4);
      text += join ? " " : "\n";
    }
    docs.push_back(polyalign::make_document(text, lang, fmt::format("mem/{}.txt", lang)));
  }
  polyalign::CorpusOptions options;
  options.pipeline.presegmented = true;
  const polyalign::CorpusResult r = polyalign::align_corpus(docs, options);
  REQUIRE(r.bundles.size() == 1);
  const polyalign::Bundle& b = r.bundles[0];
  REQUIRE(b.documents.size() == 4);  // de en id uk (by path)
  REQUIRE(b.pairs.size() == 6);
  // The pair id-uk: ten 1-1 beads, as its own texts say, though one tuple
  // holds lines 3-5 of every member.
  const std::vector<Bead>& id_uk = b.pairs[polyalign::pair_index(2, 3, 4)];
  REQUIRE(id_uk.size() == 10);
  for (std::uint32_t k = 0; k < 10; ++k) {
    CAPTURE(k);
    CHECK(id_uk[k].a == SentenceRange{k, k + 1});
    CHECK(id_uk[k].b == SentenceRange{k, k + 1});
  }
  // Minimal tuples: lines 0-2 and 6-9 one tuple each, lines 3-5 one tuple
  // (de 3-4, en 3-4, id 3-5, uk 3-5): 3 + 1 + 4 = 8.
  REQUIRE(b.tuples.size() == 8);
  const polyalign::Tuple& chained = b.tuples[3];
  CHECK(chained.members[0] == SentenceRange{3, 5});
  CHECK(chained.members[1] == SentenceRange{3, 5});
  CHECK(chained.members[2] == SentenceRange{3, 6});
  CHECK(chained.members[3] == SentenceRange{3, 6});
  // de-en: [3]:[3] would cut de 3 (lines 3+4) from en 4 (lines 4+5): one 2-2
  // bead; de-id: 3 (lines 3+4) ~ id 3 4, then 4 (line 5) ~ id 5.
  const std::vector<Bead>& de_id = b.pairs[polyalign::pair_index(0, 2, 4)];
  CHECK(show(de_id).find("[3,4):[3,5) [4,5):[5,6) ") != std::string::npos);
  // Tuple confidences are probabilities.
  for (const polyalign::Tuple& t : b.tuples) {
    CHECK(t.confidence >= 0.0);
    CHECK(t.confidence <= 1.0);
  }
}

TEST_CASE("tuple confidence: a member the tuple leaves out counts, with how sure its pairs are") {
  // Three members of two sentences. a0 ~ b0 surely; c0 is an insertion,
  // and whether a0 and b0 have nothing in c the pairs with c are unsure
  // (0.4); a1 ~ b1 ~ c1 surely.
  std::vector<polyalign::PairAlignment> direct(3);
  direct[polyalign::pair_index(0, 1, 3)] = alignment({{0, 1, 0, 1, 1.0}, {1, 2, 1, 2, 1.0}});
  for (const std::size_t k : {0, 1}) {
    direct[polyalign::pair_index(k, 2, 3)] =
        alignment({{0, 1, 0, 0, 0.4}, {1, 1, 0, 1, 0.4}, {1, 2, 1, 2, 1.0}});
  }
  polyalign::Bundle bundle;
  polyalign::corpus::make_tuples(bundle, {2, 2, 2}, direct, polyalign::CorpusOptions{});
  const polyalign::Tuple* without_c = nullptr;
  const polyalign::Tuple* all = nullptr;
  const polyalign::Tuple* c_alone = nullptr;
  for (const polyalign::Tuple& t : bundle.tuples) {
    if (t.members[2].empty() && t.members[0] == SentenceRange{0, 1}) without_c = &t;
    if (t.members[2] == SentenceRange{1, 2}) all = &t;
    if (t.members[0].empty() && t.members[1].empty()) c_alone = &t;
  }
  REQUIRE(without_c != nullptr);
  REQUIRE(all != nullptr);
  REQUIRE(c_alone != nullptr);
  // c0 alone is right if neither a nor b has anything there; the pairs
  // err together, so the tuple is as sure as the least sure of them (each
  // the posterior of its 0-1 bead of c0).
  const double ac = c_alone->pair_confidence[polyalign::pair_index(0, 2, 3)];
  const double bc = c_alone->pair_confidence[polyalign::pair_index(1, 2, 3)];
  CHECK(ac == doctest::Approx(0.4));
  CHECK(bc == doctest::Approx(0.4));
  CHECK(c_alone->confidence == doctest::Approx(std::min(ac, bc)));
  // Right only if c really has nothing there: not the 1.0 of a0 ~ b0.
  CHECK(without_c->confidence == doctest::Approx(0.4));
  CHECK(all->confidence == doctest::Approx(1.0));
}

TEST_CASE("a sentence alone in its tuple keeps the posterior of its direct 1-0 bead") {
  // x-y: x0 ~ y0 surely, x1 an insertion (a 1-0 bead of posterior 0.8,
  // its empty side at y's sentence 1), x2 ~ y1. The tuple of x1 alone is
  // projected onto x-y as that 1-0 bead: its confidence is the bead's
  // posterior, not 1 minus it (an empty side is empty wherever it sits).
  const std::vector<DirectPair> pairs = {
      direct({{0, 1, 0, 1, 0.99}, {1, 2, 1, 1, 0.8}, {2, 3, 1, 2, 0.97}}, 3, 2)};
  const Block lone = {{1, 2}, {}};
  const std::vector<Bead> xy = polyalign::corpus::project_pair(pairs, 2, lone, 0, 1);
  REQUIRE(xy.size() == 1);
  CHECK(xy[0].a == SentenceRange{1, 2});
  CHECK(xy[0].b.empty());
  CHECK(xy[0].confidence == doctest::Approx(0.8));
  // And the bundle's tuple of x1 alone says the same.
  polyalign::Bundle bundle;
  polyalign::corpus::make_tuples(
      bundle, {3, 2}, {alignment({{0, 1, 0, 1, 0.99}, {1, 2, 1, 1, 0.8}, {2, 3, 1, 2, 0.97}})},
      polyalign::CorpusOptions{});
  REQUIRE(bundle.tuples.size() == 3);
  CHECK(bundle.tuples[1].members[0] == SentenceRange{1, 2});
  CHECK(bundle.tuples[1].confidence == doctest::Approx(0.8));
}
