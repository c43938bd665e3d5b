// The pieces of the pooled bead model (corpus/pooled_fit.h): documents laid
// end to end, and a model turned round for the other orientation. Its
// effect on alignments: corpus_third_versions_test.cpp.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "corpus/pooled_fit.h"
#include "polyalign/features.h"
#include "test_pairs.h"

using polyalign::DocumentFeatures;
using polyalign::testing::presegmented;

namespace {

DocumentFeatures features(const std::string& text) {
  polyalign::FeatureOptions fo;
  fo.words = true;
  fo.anchors.lang = "en";
  return polyalign::compute_features(presegmented(text, "en"), fo);
}

std::vector<std::string> words_of(const DocumentFeatures& f, std::size_t i) {
  std::vector<std::string> out;
  for (std::uint32_t w : f.words_of(i)) out.push_back(f.vocabulary[w]);
  return out;
}

std::vector<std::string> anchors_of(const DocumentFeatures& f, std::size_t i) {
  std::vector<std::string> out;
  for (const polyalign::AnchorRef& r : f.anchors_of(i)) out.push_back(f.key_of(r).text);
  return out;
}

}  // namespace

TEST_CASE("documents laid end to end keep every sentence's words, anchors and paragraph") {
  const DocumentFeatures a = features("Berlin has 3 parks.\nParis has 12 parks.\n");
  const DocumentFeatures b = features("Paris has 7 bridges.\n");
  const DocumentFeatures ab = polyalign::corpus::concatenate({&a, &b});
  REQUIRE(ab.size() == 3);
  CHECK(ab.lengths == std::vector<std::uint32_t>{a.lengths[0], a.lengths[1], b.lengths[0]});
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(words_of(ab, i) == words_of(a, i));
    CHECK(anchors_of(ab, i) == anchors_of(a, i));
  }
  CHECK(words_of(ab, 2) == words_of(b, 0));
  CHECK(anchors_of(ab, 2) == anchors_of(b, 0));
  // The second document starts a paragraph after the first's last.
  CHECK(ab.paragraphs[2] > ab.paragraphs[1]);
  CHECK(ab.paragraphs[1] >= ab.paragraphs[0]);
  // Words and anchor keys the two share are stored once.
  std::size_t paris = 0;
  for (const std::string& w : ab.vocabulary) paris += w == "paris";
  CHECK(paris == 1);
  std::size_t keys = 0;
  for (const polyalign::AnchorKey& k : ab.anchor_keys) keys += k.text.find("aris") != std::string::npos;
  CHECK(keys <= 1);
  CHECK(polyalign::corpus::concatenate({}).size() == 0);
}

TEST_CASE("a bead model turned round: a-b beads take the prior of b-a") {
  polyalign::BeadModel m;
  m.bead_types = {{1, 1, 0.8}, {2, 1, 0.15}, {1, 2, 0.05}};
  m.length_weight = 0.7;
  const polyalign::BeadModel t = polyalign::corpus::turned(m);
  REQUIRE(t.bead_types.size() == 3);
  for (const polyalign::BeadType& bt : t.bead_types) {
    if (bt.a == 1 && bt.b == 2) CHECK(bt.prior == 0.15);
    if (bt.a == 2 && bt.b == 1) CHECK(bt.prior == 0.05);
    if (bt.a == 1 && bt.b == 1) CHECK(bt.prior == 0.8);
  }
  CHECK(t.length_weight == 0.7);
}
