// Anchors shared across a document pair, word links, and their effect on
// the alignment of real text.
#include <doctest/doctest.h>

#include <string>

#include "polyalign/evidence.h"
#include "polyalign/io.h"
#include "polyalign/pipeline.h"

using polyalign::PairEvidence;

namespace {

polyalign::SegmentedDocument lines(const std::string& text, const std::string& lang) {
  polyalign::PipelineOptions o;
  o.presegmented = true;
  o.detect_language = false;
  return polyalign::segment_document(polyalign::make_document(text, lang), o);
}

const char* kEn =
    "The population is 2,645 people in 509 households.\n"
    "Che Tao is 220 km from the provincial centre.\n"
    "The rate reached 31.82% this year.\n"
    "The commune has 6 villages.\n";
const char* kHi =
    "जनसंख्या 2,645 लोग, 509 घर हैं।\n"
    "चे ताओ प्रांतीय केंद्र से 220 किलोमीटर दूर है।\n"
    "इस वर्ष दर 31.82% तक पहुँच गई।\n"
    "कम्यून में 6 गाँव हैं।\n";
const char* kId =
    "Populasinya adalah 2.645 jiwa, 509 rumah tangga.\n"
    "Che Tao berjarak 220 km dari pusat provinsi.\n"
    "Persentase mencapai 31,82% tahun ini.\n"
    "Komune ini memiliki 6 desa.\n";

}  // namespace

TEST_CASE("numbers in locale forms and names across scripts become shared evidence") {
  auto id = lines(kId, "id");
  auto hi = lines(kHi, "hi");
  auto fa = polyalign::compute_features(id);
  auto fb = polyalign::compute_features(hi);
  auto ev = PairEvidence::build(fa, fb);
  // Each sentence shares most with its own translation.
  for (std::uint32_t i = 0; i < 4; ++i) {
    CAPTURE(i);
    for (std::uint32_t j = 0; j < 4; ++j) {
      if (j != i) CHECK(ev.shared(i, i).anchors > ev.shared(i, j).anchors);
    }
  }
  // 2.645 (id) = 2,645 (hi); 31,82% = 31.82%; Che Tao = चे ताओ.
  auto keys = [&](std::uint32_t i) {
    std::string all;
    for (const auto& m : ev.matches({i, i + 1}, {i, i + 1})) all += m.key + "|";
    return all;
  };
  CHECK(keys(0).find("2645|") != std::string::npos);
  CHECK(keys(0).find("509|") != std::string::npos);
  CHECK(keys(2).find("31.82%|") != std::string::npos);
  bool name = false;
  for (const auto& m : ev.matches({1, 2}, {1, 2})) name |= m.kind == polyalign::AnchorKind::kName;
  CHECK(name);
}

TEST_CASE("rare keys weigh more than frequent ones") {
  auto a = lines("In 2025 it rose.\nIn 2025 it fell.\nIn 2025 it was 4711.\n", "en");
  auto b = lines("2025 stieg es.\n2025 fiel es.\n2025 waren es 4711.\n", "de");
  auto ev = PairEvidence::build(polyalign::compute_features(a), polyalign::compute_features(b));
  // "2025" is in every sentence (weight 1/3), "4711" only in one pair (1).
  CHECK(ev.shared(0, 0).anchors == doctest::Approx(1.0 / 3));
  CHECK(ev.shared(2, 2).anchors == doctest::Approx(1.0 + 1.0 / 3));
  CHECK(ev.linkable_a(2).anchors == doctest::Approx(1.0 + 1.0 / 3));
}

TEST_CASE("coarsened evidence sums blocks") {
  auto a = lines(kEn, "en");
  auto b = lines(kHi, "hi");
  auto ev = PairEvidence::build(polyalign::compute_features(a), polyalign::compute_features(b));
  auto c = ev.coarsen(2);
  double fine = 0;
  for (std::uint32_t i = 0; i < 2; ++i)
    for (std::uint32_t j = 0; j < 2; ++j) fine += ev.shared(i, j).anchors;
  CHECK(c.shared(0, 0).anchors == doctest::Approx(fine));
  CHECK(c.linkable_a(1).anchors ==
        doctest::Approx(ev.linkable_a(2).anchors + ev.linkable_a(3).anchors));
}

TEST_CASE("word links are learned from confident one-to-one beads") {
  // "haus" always appears with "house", "rot" with "red": mutual best pairs.
  std::string de, en;
  const char* nouns_de[] = {"haus", "baum", "auto", "hund"};
  const char* nouns_en[] = {"house", "tree", "car", "dog"};
  for (int k = 0; k < 40; ++k) {
    de += std::string("das ") + nouns_de[k % 4] + (k % 3 == 0 ? " ist rot" : " ist alt") + ".\n";
    en += std::string("the ") + nouns_en[k % 4] + (k % 3 == 0 ? " is red" : " is old") + ".\n";
  }
  auto a = lines(de, "de");
  auto b = lines(en, "en");
  auto fa = polyalign::compute_features(a);
  auto fb = polyalign::compute_features(b);
  polyalign::PairAlignment diagonal;
  for (std::uint32_t i = 0; i < 40; ++i) diagonal.beads.push_back({{i, i + 1}, {i, i + 1}, 0, 1.0});
  auto links = polyalign::learn_word_links(fa, fb, diagonal);
  auto linked = [&](const std::string& x, const std::string& y) {
    for (const auto& l : links)
      if (fa.vocabulary[l.word_a] == x && fb.vocabulary[l.word_b] == y) return true;
    return false;
  };
  CHECK(linked("haus", "house"));
  CHECK(linked("hund", "dog"));
  CHECK(linked("rot", "red"));
  CHECK_FALSE(linked("haus", "dog"));
  auto ev = PairEvidence::build(fa, fb).with_links(fa, fb, links);
  CHECK(ev.shared(0, 0).links > ev.shared(0, 1).links);
}

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
