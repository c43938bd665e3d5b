// Features (features.h): what the aligner keeps of each sentence, in flat
// arrays: lengths in code points, paragraphs, foreign sentences, anchors
// with their keys stored once, and word ids.
#include "polyalign/features.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "test_pairs.h"

using polyalign::testing::joined;
using polyalign::testing::perturbed;
using polyalign::testing::presegmented;
using polyalign::testing::read_lines;

TEST_CASE("features of a pair on two threads, in blocks, equal each document's alone") {
  const std::string dir = polyalign::testing::data_dir() + "/ntrex-dev";
  if (!std::filesystem::exists(dir + "/de.txt")) {
    MESSAGE("skipped: no " << dir);
    return;
  }
  // Four copies of each side: blocks after the first meet words and anchor
  // keys both new and already seen.
  const auto de = joined(read_lines(dir + "/de.txt")), hi = perturbed(read_lines(dir + "/hi.txt"));
  const auto a = presegmented(de + de + de + de, "de");
  const auto b = presegmented(hi + hi + hi + hi, "hi");
  REQUIRE(a.sentences.size() > 2048);
  const auto [pa, pb] = polyalign::compute_features(a, b, {}, 2);
  const std::vector<std::pair<const polyalign::DocumentFeatures*, polyalign::DocumentFeatures>>
      cases{{&pa, polyalign::compute_features(a)}, {&pb, polyalign::compute_features(b)}};
  for (const auto& [got, want] : cases) {
    CHECK(got->lengths == want.lengths);
    CHECK(got->paragraphs == want.paragraphs);
    CHECK(got->foreign == want.foreign);
    CHECK(got->anchor_offsets == want.anchor_offsets);
    REQUIRE(got->anchors.size() == want.anchors.size());
    for (std::size_t k = 0; k < want.anchors.size(); ++k) {
      CHECK(got->anchors[k].key == want.anchors[k].key);
      CHECK(got->anchors[k].span() == want.anchors[k].span());
    }
    REQUIRE(got->anchor_keys.size() == want.anchor_keys.size());
    for (std::size_t k = 0; k < want.anchor_keys.size(); ++k) {
      CHECK(got->anchor_keys[k].kind == want.anchor_keys[k].kind);
      CHECK(got->anchor_keys[k].text == want.anchor_keys[k].text);
    }
    CHECK(got->words == want.words);
    CHECK(got->word_offsets == want.word_offsets);
    CHECK(got->vocabulary == want.vocabulary);
  }
}
