// Corpus mode's pair work (corpus/pair_work.h): what a pair keeps between
// its passes within the evidence budget, and that its known links, kept
// from its evidence to its word links, give the links computed afresh.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include "corpus/pair_work.h"
#include "pair_recipe.h"
#include "polyalign/aligner.h"
#include "test_data.h"
#include "test_pairs.h"
#include "util/heap.h"

namespace pc = polyalign::corpus;
using namespace polyalign::testing;  // presegmented(), data_dir(), read_lines(), joined()

namespace {

// The first 120 lines of ntrex-dev in German and English, with their
// features as corpus mode computes them; none without the data.
struct Docs {
  std::vector<pc::Prepared> prepared;
  Docs() {
    const std::string dir = data_dir() + "/ntrex-dev/";
    if (!std::filesystem::exists(dir + "de.txt")) return;
    const polyalign::FeatureOptions fo =
        polyalign::pair_feature_options(polyalign::PipelineOptions());
    for (const char* lang : {"de", "en"}) {
      std::vector<std::string> lines = read_lines(dir + lang + ".txt");
      lines.resize(std::min<std::size_t>(lines.size(), 120));
      pc::Prepared& p = prepared.emplace_back();
      p.doc = presegmented(joined(lines), lang);
      p.features = polyalign::compute_features(p.doc, fo);
    }
  }
  bool missing() const {
    if (prepared.empty()) MESSAGE("skipped: needs ntrex-dev under " << data_dir());
    return prepared.empty();
  }
};

// Corpus mode's recipe with the default options, and the pair (0, 1) of
// `d` with its evidence built as corpus mode builds it.
struct BuiltPair {
  pc::DocTable table;
  polyalign::PipelineOptions po;
  polyalign::Aligner aligner;
  polyalign::PairRecipe recipe;
  pc::PairWork p;
  explicit BuiltPair(const Docs& d)
      : table(d.prepared), aligner(pc::pair_aligner_options(po)), recipe(po, aligner) {
    p.a = 0;
    p.b = 1;
    pc::build_evidence(p, table, recipe);
  }
  BuiltPair(const BuiltPair&) = delete;
  BuiltPair& operator=(const BuiltPair&) = delete;
};

std::vector<std::tuple<std::uint32_t, std::uint32_t, double>> plain(
    const std::vector<polyalign::WordLink>& links) {
  std::vector<std::tuple<std::uint32_t, std::uint32_t, double>> out;
  for (const auto& l : links) out.emplace_back(l.word_a, l.word_b, l.strength);
  return out;
}

}  // namespace

TEST_CASE("pair work: known links kept from the evidence give the word links computed afresh") {
  const Docs d;
  if (d.missing()) return;
  BuiltPair built(d);
  const pc::DocTable& table = built.table;
  const polyalign::PairRecipe& recipe = built.recipe;
  pc::PairWork& p = built.p;
  REQUIRE(p.known.has_value());
  CHECK_FALSE(p.known->empty());  // cognates and loanwords of the news
  const auto fresh = recipe.dictionary_links(d.prepared[0].features, d.prepared[1].features);
  CHECK(plain(pc::pair_dictionary_links(p, table, recipe)) == plain(fresh));
  CHECK_FALSE(p.known.has_value());  // taken over by the word links
  // Without kept links they are computed again, the same.
  CHECK(plain(pc::pair_dictionary_links(p, table, recipe)) == plain(fresh));
  // Evidence built from kept links is the evidence built afresh.
  pc::PairWork q = p;
  pc::build_evidence(q, table, recipe);
  const polyalign::PairEvidence afresh =
      recipe.evidence(d.prepared[0].features, d.prepared[1].features);
  CHECK(q.evidence.memory_bytes() == afresh.memory_bytes());
  CHECK(q.evidence.nonzeros() == afresh.nonzeros());
}

TEST_CASE("evidence budget: both kept, the known links alone, or neither") {
  const Docs d;
  if (d.missing()) return;
  BuiltPair built(d);
  const pc::PairWork& p = built.p;
  const std::size_t evidence = p.evidence.memory_bytes();
  const std::size_t known = p.known->capacity() * sizeof(polyalign::WordLink);
  REQUIRE(evidence > 0);
  REQUIRE(known > 0);

  pc::PairWork both = p;
  both.known->shrink_to_fit();
  pc::EvidenceBudget roomy(evidence + known);
  roomy.keep_or_drop(both);
  CHECK_FALSE(both.evidence.empty());
  CHECK(both.known.has_value());

  pc::PairWork links_only = p;
  links_only.known->shrink_to_fit();
  pc::EvidenceBudget tight(evidence + known - 1);
  tight.keep_or_drop(links_only);
  CHECK(links_only.evidence.empty());
  CHECK(links_only.known.has_value());
  // What the links took is gone from the budget: a second pair keeps its
  // links only in what is left.
  pc::PairWork second = p;
  second.known->shrink_to_fit();
  tight.keep_or_drop(second);
  CHECK(second.evidence.empty());
  CHECK(second.known.has_value() == (known <= evidence - 1));

  pc::PairWork neither = p;
  neither.known->shrink_to_fit();
  pc::EvidenceBudget none(known - 1);
  none.keep_or_drop(neither);
  CHECK(neither.evidence.empty());
  CHECK_FALSE(neither.known.has_value());
}

TEST_CASE("evidence budget: what the live heap leaves of three quarters of the limit") {
  polyalign::CorpusOptions options;
  const auto in_use = polyalign::util::heap_in_use();
  if (!in_use) {
    CHECK(pc::kept_evidence_bytes(options) == options.memory_limit / 2);
    return;
  }
  options.memory_limit = std::size_t{64} << 30;  // far above the heap: half
  CHECK(pc::kept_evidence_bytes(options) == options.memory_limit / 2);
  // A limit the heap already fills: nothing kept.
  options.memory_limit = std::max<std::size_t>(std::size_t{16} << 20, *in_use);
  std::vector<char> ballast(options.memory_limit, 1);  // live while measured
  CHECK(pc::kept_evidence_bytes(options) == 0);
  CHECK(ballast.back() == 1);
}
