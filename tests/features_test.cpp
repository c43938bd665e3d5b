// Features (features.h): what the aligner keeps of each sentence, in flat
// arrays: lengths in code points, paragraphs, foreign sentences, anchors
// with their keys stored once, and word ids.
#include "polyalign/features.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
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

TEST_CASE("one entry per sentence: lengths, paragraphs, and anchors as the extractor finds them") {
  struct Case {
    std::string lang;
    std::string text;
    std::vector<std::uint32_t> paragraphs;
  };
  const std::vector<Case> cases = {
      {"uk",
       "Населення становить 2 645 осіб. Комуна Лок Бінь має 6 сіл.\n\n"
       "У 2025 році рівень досяг 31,82 %. Дивіться https://laocai.gov.vn/tin.\n",
       {0, 0, 1, 1}},
      {"hi",
       "जनसंख्या 2,645 लोग हैं। चे ताओ प्रांतीय केंद्र से 220 किलोमीटर दूर है।\n\n"
       "इस वर्ष दर 31.82% तक पहुँच गई।\n",
       {0, 0, 1}},
      {"id", std::string(polyalign::testing::kId), {0, 0, 0, 0}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.lang);
    polyalign::PipelineOptions po;
    po.detect_language = false;
    const polyalign::SegmentedDocument doc =
        polyalign::segment_document(polyalign::make_document(c.text, c.lang), po);
    const polyalign::DocumentFeatures f = polyalign::compute_features(doc);
    REQUIRE(f.size() == c.paragraphs.size());
    CHECK(f.paragraphs == c.paragraphs);
    CHECK(f.anchor_offsets.size() == f.size() + 1);
    CHECK(f.word_offsets.size() == f.size() + 1);
    const polyalign::AnchorExtractor extractor({.lang = c.lang});
    for (std::size_t i = 0; i < f.size(); ++i) {
      CAPTURE(i);
      const std::string_view text = doc.sentence_text(i);
      CHECK(f.lengths[i] == polyalign::count_code_points(text));
      // The extractor's anchors of the sentence, spans moved into the document.
      const std::vector<polyalign::Anchor> want = extractor.extract(text);
      const auto got = f.anchors_of(i);
      REQUIRE(got.size() == want.size());
      for (std::size_t k = 0; k < want.size(); ++k) {
        CHECK(f.key_of(got[k]).kind == want[k].kind);
        CHECK(f.key_of(got[k]).text == want[k].key);
        CHECK(got[k].span() == polyalign::ByteSpan{doc.sentences[i].span.start + want[k].span.start,
                                                   doc.sentences[i].span.start + want[k].span.end});
      }
    }
    // Each (kind, key) is stored once.
    std::set<std::pair<polyalign::AnchorKind, std::string>> keys;
    for (const polyalign::AnchorKey& k : f.anchor_keys) CHECK(keys.insert({k.kind, k.text}).second);
  }
}

TEST_CASE("a key or word the document repeats is stored once, ids in order of first sight") {
  const std::string once(polyalign::testing::kId);
  const polyalign::DocumentFeatures one = polyalign::compute_features(presegmented(once, "id"));
  const polyalign::DocumentFeatures three =
      polyalign::compute_features(presegmented(once + once + once, "id"));
  REQUIRE(one.size() == 4);
  REQUIRE(three.size() == 12);
  CHECK(three.anchor_keys.size() == one.anchor_keys.size());
  CHECK(three.vocabulary == one.vocabulary);
  CHECK(three.anchors.size() == 3 * one.anchors.size());
  for (std::size_t i = 0; i < 12; ++i) {
    CAPTURE(i);
    const auto a = three.anchors_of(i), b = one.anchors_of(i % 4);
    REQUIRE(a.size() == b.size());
    for (std::size_t k = 0; k < a.size(); ++k) CHECK(a[k].key == b[k].key);
    CHECK(std::vector<std::uint32_t>(three.words_of(i).begin(), three.words_of(i).end()) ==
          std::vector<std::uint32_t>(one.words_of(i % 4).begin(), one.words_of(i % 4).end()));
  }
  // The first key seen is id 0: the sentence-initial name candidate
  // "Populasinya", then "2645" (2.645).
  REQUIRE(one.anchors.size() >= 2);
  CHECK(one.anchors[0].key == 0);
  CHECK(one.key_of(one.anchors[0]).kind == polyalign::AnchorKind::kName);
  CHECK(one.key_of(one.anchors[0]).text == polyalign::name_key("Populasinya"));
  CHECK(one.anchors[1].key == 1);
  CHECK(one.key_of(one.anchors[1]).text == "2645");
  CHECK(one.vocabulary.front() == "populasinya");
}

TEST_CASE("tokenize_words: lower-cased runs of letters, marks and digits") {
  struct Case {
    const char* text;
    std::vector<std::string> words;
  };
  const Case cases[] = {
      {"Die Stadt KÖLN liegt am Rhein.", {"die", "stadt", "köln", "liegt", "am", "rhein"}},
      {"Київ, Львів і Одеса!", {"київ", "львів", "і", "одеса"}},
      {"नमस्ते दुनिया। कम्यून", {"नमस्ते", "दुनिया", "कम्यून"}},  // virama and vowel signs are marks
      {"Trịnh Xuân Trường", {"trịnh", "xuân", "trường"}},
      {"Ca\u0301rdenas", {"ca\u0301rdenas"}},  // a combining accent stays in its word
      {"COVID-19 in 2020: 31,82%", {"covid", "19", "in", "2020", "31", "82"}},
      {"snake_case stays whole", {"snake_case", "stays", "whole"}},
      {"ΑΘΗΝΑ και Σπάρτη", {"αθηνα", "και", "σπάρτη"}},
      {"河内是越南的首都", {"河内是越南的首都"}},  // no spaces, no word breaks
      {"... — !? 「」", {}},
      {"", {}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(polyalign::tokenize_words(c.text) == c.words);
  }
}

TEST_CASE("words: ids into the vocabulary as tokenize_words gives them, common ones left out") {
  const std::string text =
      "The cat sat on the mat.\n"
      "The dog ate the bone.\n"
      "A bird sang in the tree.\n"
      "Birds sing.\n";
  const polyalign::SegmentedDocument doc = presegmented(text, "en");
  auto words = [](const polyalign::DocumentFeatures& f, std::size_t i) {
    std::vector<std::string> out;
    for (std::uint32_t w : f.words_of(i)) out.push_back(f.vocabulary.at(w));
    return out;
  };
  const polyalign::DocumentFeatures all = polyalign::compute_features(doc);
  for (std::size_t i = 0; i < doc.sentences.size(); ++i) {
    CAPTURE(i);
    CHECK(words(all, i) == polyalign::tokenize_words(doc.sentence_text(i)));
  }
  // "the" is in three sentences: above max_word_sentences = 2, left out of
  // the words (duplicates and all) but kept in the vocabulary.
  polyalign::FeatureOptions two;
  two.max_word_sentences = 2;
  const polyalign::DocumentFeatures some = polyalign::compute_features(doc, two);
  CHECK(words(some, 0) == std::vector<std::string>{"cat", "sat", "on", "mat"});
  CHECK(words(some, 1) == std::vector<std::string>{"dog", "ate", "bone"});
  CHECK(words(some, 2) == std::vector<std::string>{"a", "bird", "sang", "in", "tree"});
  CHECK(words(some, 3) == std::vector<std::string>{"birds", "sing"});
  CHECK(some.vocabulary == all.vocabulary);
  // No words at all.
  polyalign::FeatureOptions none;
  none.words = false;
  const polyalign::DocumentFeatures off = polyalign::compute_features(doc, none);
  CHECK(off.words.empty());
  CHECK(off.vocabulary.empty());
  CHECK(off.word_offsets == std::vector<std::uint32_t>(doc.sentences.size() + 1, 0));
  CHECK(off.lengths == all.lengths);
  CHECK(off.anchors.size() == all.anchors.size());
}

TEST_CASE("a sentence confidently in another language than its document is flagged") {
  const std::string de =
      "Die Gemeinde liegt im Norden der Provinz und hat etwa zweitausend Einwohner.\n"
      "Im vergangenen Jahr wurden in der Gemeinde drei neue Schulen gebaut.\n"
      "Die meisten Einwohner leben von der Landwirtschaft und vom Handel mit Reis.\n"
      "The new road to the provincial capital was finished last summer after two years of work.\n"
      "Der Bürgermeister sagte, dass die Gemeinde in den nächsten Jahren weiter wachsen werde.\n"
      "Die Straße in die Hauptstadt der Provinz wurde im letzten Sommer fertig.\n"
      "OK.\n";
  const std::vector<std::uint8_t> english_only = {0, 0, 0, 1, 0, 0, 0};
  CHECK(polyalign::compute_features(presegmented(de, "de")).foreign == english_only);
  polyalign::FeatureOptions off;
  off.sentence_language = false;
  CHECK(polyalign::compute_features(presegmented(de, "de"), off).foreign ==
        std::vector<std::uint8_t>(7, 0));
  // A document of unknown language has nothing to differ from.
  CHECK(polyalign::compute_features(presegmented(de, "und")).foreign ==
        std::vector<std::uint8_t>(7, 0));
  // Shorter sentences are never flagged.
  polyalign::FeatureOptions strict;
  strict.foreign_min_letters = 200;
  CHECK(polyalign::compute_features(presegmented(de, "de"), strict).foreign ==
        std::vector<std::uint8_t>(7, 0));
}
