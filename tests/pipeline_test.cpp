// The stages put together (pipeline.h): documents in, aligned sentences
// out. What the pipeline's options change (anchors, threads), the seed
// articles end to end, the transliterator started ahead, stage reports.
#include "polyalign/pipeline.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <future>
#include <string>
#include <vector>

#include "test_pairs.h"

using polyalign::testing::joined;
using polyalign::testing::kEn;
using polyalign::testing::kHi;
using polyalign::testing::perturbed;
using polyalign::testing::presegmented_options;
using polyalign::testing::read_lines;

TEST_CASE("anchors fix what length alone gets wrong") {
  // Sentences of near-equal length, one sentence of B missing: only the
  // numbers tell which B sentence translates which A sentence.
  const std::string a =
      "The plant produced 4,512 tonnes in March.\n"
      "The plant produced 3,877 tonnes in April.\n"
      "The plant produced 5,190 tonnes in May.\n"
      "The plant produced 6,034 tonnes in June.\n"
      "The plant produced 2,968 tonnes in July.\n";
  const std::string b =
      "Das Werk erzeugte im März 4.512 Tonnen.\n"
      "Das Werk erzeugte im Mai 5.190 Tonnen.\n"
      "Das Werk erzeugte im Juni 6.034 Tonnen.\n"
      "Das Werk erzeugte im Juli 2.968 Tonnen.\n";
  polyalign::PipelineOptions o;
  o.presegmented = true;
  o.detect_language = false;
  auto with = polyalign::align_documents(polyalign::make_document(a, "en"),
                                         polyalign::make_document(b, "de"), o);
  std::string got;
  for (const auto& bead : with.alignment.beads)
    got += std::to_string(bead.a.size()) + "-" + std::to_string(bead.b.size()) + " ";
  CHECK(got == "1-1 1-0 1-1 1-1 1-1 ");
  o.anchors = false;
  auto without = polyalign::align_documents(polyalign::make_document(a, "en"),
                                            polyalign::make_document(b, "de"), o);
  std::string got_length_only;
  for (const auto& bead : without.alignment.beads)
    got_length_only += std::to_string(bead.a.size()) + "-" + std::to_string(bead.b.size()) + " ";
  CHECK(got_length_only != got);  // the case really needs anchors
}

TEST_CASE("the seed articles: all 21 Indonesian and Hindi sentences one to one") {
  const std::string dir = std::string(POLYALIGN_SOURCE_DIR) + "/corpora/vietnam-news/";
  auto r = polyalign::align_documents(polyalign::read_document(dir + "000_ce7c1f1e563d1f0d.txt"),
                                      polyalign::read_document(dir + "001_6df23d5c9a213664.txt"));
  CHECK(r.a.document.lang == "id");
  CHECK(r.b.document.lang == "hi");
  REQUIRE(r.alignment.beads.size() == 21);
  for (std::uint32_t k = 0; k < 21; ++k) {
    CAPTURE(k);
    CHECK(r.alignment.beads[k].a == polyalign::SentenceRange{k, k + 1});
    CHECK(r.alignment.beads[k].b == polyalign::SentenceRange{k, k + 1});
    CHECK(r.alignment.beads[k].confidence > 0.5);
  }
}

TEST_CASE("the name transliterator is started once, and only for text that needs it") {
  // Latin text never needs it; Hindi text does, and the first call that
  // sees such text starts it (perhaps an earlier test did), after which no
  // call starts it again. The alignment then finds the names across scripts.
  polyalign::PipelineOptions options;
  const polyalign::Document en = polyalign::make_document(kEn, "en");
  const polyalign::Document hi = polyalign::make_document(kHi, "hi");
  CHECK_FALSE(polyalign::prepare_async(en, options).valid());
  std::future<void> first = polyalign::prepare_async(hi, options);
  if (first.valid()) first.get();
  CHECK_FALSE(polyalign::prepare_async(hi, options).valid());
  polyalign::PipelineOptions no_names;
  no_names.features.anchors.names = false;
  CHECK_FALSE(polyalign::prepare_async(hi, no_names).valid());
  options.presegmented = true;
  options.threads = 2;
  const polyalign::DocumentAlignment r = polyalign::align_documents(en, hi, options);
  bool che_tao = false;
  for (const polyalign::AnchorMatch& m : r.evidence.matches({1, 2}, {1, 2}))
    che_tao |= m.kind == polyalign::AnchorKind::kName;
  CHECK(che_tao);
}

TEST_CASE("the same result, to the bit, at one thread and at two") {
  const std::string dir = polyalign::testing::data_dir() + "/ntrex-dev";
  if (!std::filesystem::exists(dir + "/de.txt")) {
    MESSAGE("skipped: no " << dir);
    return;
  }
  auto run = [&](unsigned threads) {
    polyalign::PipelineOptions po = presegmented_options();
    po.threads = threads;
    po.aligner.threads = threads;
    return polyalign::align_documents(
        polyalign::make_document(joined(read_lines(dir + "/de.txt")), "de"),
        polyalign::make_document(perturbed(read_lines(dir + "/hi.txt")), "hi"), po);
  };
  const auto one = run(1), two = run(2);
  REQUIRE(one.alignment.beads.size() == two.alignment.beads.size());
  for (std::size_t k = 0; k < one.alignment.beads.size(); ++k) {
    CAPTURE(k);
    CHECK(one.alignment.beads[k].a == two.alignment.beads[k].a);
    CHECK(one.alignment.beads[k].b == two.alignment.beads[k].b);
    CHECK(one.alignment.beads[k].cost == two.alignment.beads[k].cost);
    CHECK(one.alignment.beads[k].confidence == two.alignment.beads[k].confidence);
  }
}
