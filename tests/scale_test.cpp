// The fast paths of the search on real text: the final search guided by
// the estimation pass's path (at a quarter of the band) against the same
// search laid out by the coarse alignment and against the full-matrix DP,
// and the search and the word links at one thread against two. The whole
// pipeline at one thread and at two: pipeline_test.cpp; features:
// features_test.cpp.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "polyalign/aligner.h"
#include "polyalign/evidence.h"
#include "polyalign/features.h"
#include "polyalign/pipeline.h"
#include "test_pairs.h"

using polyalign::testing::joined;
using polyalign::testing::perturbed;
using polyalign::testing::presegmented;
using polyalign::testing::presegmented_options;
using polyalign::testing::read_lines;

namespace {

// Two segmented documents' features, their evidence and the aligner's inputs,
// which point into the features (so the struct stays where it is made).
struct PreparedPair {
  polyalign::DocumentFeatures fa, fb;
  polyalign::PairEvidence ev;
  polyalign::AlignInput ia, ib;
  PreparedPair(const polyalign::SegmentedDocument& a, const polyalign::SegmentedDocument& b)
      : fa(polyalign::compute_features(a)),
        fb(polyalign::compute_features(b)),
        ev(polyalign::PairEvidence::build(fa, fb)),
        ia{fa.lengths, fa.paragraphs, fa.foreign, {}},
        ib{fb.lengths, fb.paragraphs, fb.foreign, {}} {}
  PreparedPair(const PreparedPair&) = delete;
  PreparedPair& operator=(const PreparedPair&) = delete;
};

bool same_beads(const polyalign::PairAlignment& x, const polyalign::PairAlignment& y) {
  if (x.beads.size() != y.beads.size()) return false;
  for (std::size_t k = 0; k < x.beads.size(); ++k) {
    if (!(x.beads[k].a == y.beads[k].a) || !(x.beads[k].b == y.beads[k].b)) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("guided final search equals the coarse-guided search and the full DP on real text") {
  const std::string dir = polyalign::testing::data_dir() + "/ntrex-dev";
  if (!std::filesystem::exists(dir + "/en.txt")) {
    MESSAGE("skipped: no " << dir);
    return;
  }
  const std::pair<const char*, const char*> pairs[] = {{"en", "de"}, {"hi", "id"}, {"uk", "en"}};
  for (const auto& [la, lb] : pairs) {
    CAPTURE(la);
    CAPTURE(lb);
    const PreparedPair pair(presegmented(joined(read_lines(dir + "/" + la + ".txt")), la),
                            presegmented(perturbed(read_lines(dir + "/" + lb + ".txt")), lb));
    const auto& [fa, fb, ev, ia, ib] = pair;
    polyalign::Aligner aligner;
    const polyalign::PairAlignment hint = aligner.estimate(ia, ib, &ev);
    const auto guided = aligner.align_with_model(ia, ib, hint.model, &ev, &hint);
    // Without the hint the searches use the bead model the hint carries.
    REQUIRE(hint.fitted.has_value());
    const auto coarse =
        polyalign::Aligner(hint.fitted->applied_to({})).align_with_model(ia, ib, hint.model, &ev);
    CHECK(guided.band < coarse.band);  // the guided band really is narrower
    CHECK(same_beads(guided, coarse));
    polyalign::AlignerOptions full_options = hint.fitted->applied_to({});
    full_options.full_dp_cells = 8'000'000;  // the whole matrix
    const auto full =
        polyalign::Aligner(full_options).align_with_model(ia, ib, hint.model, &ev);
    CHECK(full.cells >= std::uint64_t(fa.size()) * fb.size());
    CHECK(same_beads(guided, full));
    CHECK(guided.total_cost == doctest::Approx(full.total_cost).epsilon(1e-12));
  }
}

TEST_CASE("Text+Berg dev (de-fr): the guided final search equals the full DP") {
  const std::string dir = polyalign::testing::data_dir() + "/textberg-dev";
  if (!std::filesystem::exists(dir + "/dev.de")) {
    MESSAGE("skipped: no " << dir);
    return;
  }
  auto a = polyalign::segment_document(polyalign::read_document(dir + "/dev.de"),
                                       presegmented_options());
  auto b = polyalign::segment_document(polyalign::read_document(dir + "/dev.fr"),
                                       presegmented_options());
  a.document.lang = "de";
  b.document.lang = "fr";
  const PreparedPair pair(a, b);
  const auto& [fa, fb, ev, ia, ib] = pair;
  polyalign::Aligner aligner;
  const polyalign::PairAlignment hint = aligner.estimate(ia, ib, &ev);
  const auto guided = aligner.align_with_model(ia, ib, hint.model, &ev, &hint);
  REQUIRE(hint.fitted.has_value());
  polyalign::AlignerOptions full_options = hint.fitted->applied_to({});
  full_options.full_dp_cells = 16'000'000;
  const auto full = polyalign::Aligner(full_options).align_with_model(ia, ib, hint.model, &ev);
  CHECK(full.cells >= std::uint64_t(fa.size()) * fb.size());
  CHECK(same_beads(guided, full));
}

TEST_CASE("word links learned on two threads equal those learned on one") {
  const std::string dir = polyalign::testing::data_dir() + "/ntrex-dev";
  if (!std::filesystem::exists(dir + "/de.txt")) {
    MESSAGE("skipped: no " << dir);
    return;
  }
  std::string de, en;
  for (int copy = 0; copy < 4; ++copy) {
    de += joined(read_lines(dir + "/de.txt"));
    en += perturbed(read_lines(dir + "/en.txt"));
  }
  const PreparedPair pair(presegmented(de, "de"), presegmented(en, "en"));
  const auto& [fa, fb, ev, ia, ib] = pair;
  const polyalign::PairAlignment first = polyalign::Aligner().estimate(ia, ib, &ev);
  polyalign::WordLinkOptions one, two;
  two.threads = 2;
  const auto l1 = polyalign::learn_word_links(fa, fb, first, one);
  const auto l2 = polyalign::learn_word_links(fa, fb, first, two);
  REQUIRE(l1.size() > 100);
  REQUIRE(l1.size() == l2.size());
  for (std::size_t k = 0; k < l1.size(); ++k) {
    CAPTURE(k);
    CHECK(l1[k].word_a == l2[k].word_a);
    CHECK(l1[k].word_b == l2[k].word_b);
    CHECK(l1[k].strength == l2[k].strength);
  }
}

TEST_CASE("a long pair searched in overlapping stretches equals the uncut search") {
  const std::string dir = polyalign::testing::data_dir() + "/ntrex-dev";
  if (!std::filesystem::exists(dir + "/en.txt")) {
    MESSAGE("skipped: no " << dir);
    return;
  }
  // 20 copies of the NTREX documents (~19k sentences), each copy of side B
  // perturbed at other places: long enough for several stretches.
  const auto en = read_lines(dir + "/en.txt"), uk = read_lines(dir + "/uk.txt");
  std::string a, b;
  for (int copy = 0; copy < 20; ++copy) {
    a += joined(en);
    std::vector<std::string> rotated(uk.begin() + copy * 7, uk.end());
    rotated.insert(rotated.end(), uk.begin(), uk.begin() + copy * 7);
    std::string part = perturbed(rotated);
    // Undo the rotation's reordering: the lines of copy k start at line 7k.
    std::vector<std::string> lines;
    for (std::size_t p = 0, q; p < part.size(); p = q + 1) {
      q = part.find('\n', p);
      lines.push_back(part.substr(p, q - p));
    }
    std::rotate(lines.begin(), lines.end() - std::min<std::size_t>(lines.size(), copy * 7),
                lines.end());
    b += joined(lines);
  }
  const PreparedPair pair(presegmented(a, "en"), presegmented(b, "uk"));
  const auto& [fa, fb, ev, ia, ib] = pair;
  REQUIRE(fa.size() > 16384);
  polyalign::AlignerOptions one;
  one.threads = 1;
  polyalign::AlignerOptions two = one;
  two.threads = 2;
  const polyalign::PairAlignment hint = polyalign::Aligner(one).estimate(ia, ib, &ev);
  const auto cut1 = polyalign::Aligner(one).align_with_model(ia, ib, hint.model, &ev, &hint);
  const auto cut2 = polyalign::Aligner(two).align_with_model(ia, ib, hint.model, &ev, &hint);
  REQUIRE(hint.fitted.has_value());
  const auto uncut =
      polyalign::Aligner(hint.fitted->applied_to(one)).align_with_model(ia, ib, hint.model, &ev);
  CHECK(same_beads(cut1, uncut));
  REQUIRE(cut1.beads.size() == cut2.beads.size());
  for (std::size_t k = 0; k < cut1.beads.size(); ++k) {
    CAPTURE(k);
    CHECK(cut1.beads[k].a == cut2.beads[k].a);
    CHECK(cut1.beads[k].b == cut2.beads[k].b);
    CHECK(cut1.beads[k].confidence == cut2.beads[k].confidence);
  }
}
