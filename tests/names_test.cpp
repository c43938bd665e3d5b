// Name keys and their similarity (names.cpp, reached through name_key()
// and name_similarity()): one key for the spellings of a name in any
// script, and a similarity that keeps different names apart.
#include <doctest/doctest.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <memory>
#include <string>
#include <vector>

#include "anchors_internal.h"
#include "polyalign/anchors.h"

TEST_CASE("name keys fold scripts and spellings together") {
  struct Case {
    const char* name;
    const char* key;
  };
  const Case cases[] = {
      {"Che Tao", "ke tao"},
      {"चे ताओ", "ke tao"},
      {"Loc Binh", "lok bin"},
      {"Лок Бінь", "lok bin"},  // soft sign dropped, і -> i
      {"Trịnh Xuân Trường", "trin suan truong"},
      {"त्रिन्ह झुआन त्रुओंग", "trin juan truong"},  // final schwa deleted
      {"Тхонг Нят", "tong nat"},
      {"Thong Nhat", "tong nat"},
      {"Лой Бак", "loi bak"},  // й is the glide y
      {"पेज", "pej"},           // ज is the consonant j
      {"Khuat Xa", "kuat sa"},
      {"Кхуат Са", "kuat sa"},
      {"Cu K'nia", "ku knia"},
      {"कमला", "kamla"},  // medial schwa deletion (VC_CV)
      {"न", "na"},        // a lone consonant keeps its vowel
      {"Phuong", "fuong"},
      {"", ""},
      {"2025 - ...", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(polyalign::name_key(c.name) == c.key);
  }
}

// Latin-script words get their keys without ICU's transliterator; they must
// be the keys the transliterator gives. Every letter and mark of the Latin
// blocks, alone, inside a word and with an accent, and a few real names.
TEST_CASE("name keys of Latin words are those of ICU Any-Latin; Latin-ASCII") {
  UErrorCode status = U_ZERO_ERROR;
  const std::unique_ptr<icu::Transliterator> icu_latin(
      icu::Transliterator::createInstance("Any-Latin; Latin-ASCII", UTRANS_FORWARD, status));
  REQUIRE(U_SUCCESS(status));
  std::vector<icu::UnicodeString> words = {
      u"Müller", u"Straße", u"Łódź", u"Nguyễn", u"Đặng", u"Øresund", u"Ærø", u"İstanbul",
      u"Þórsdóttir", u"Œuvre", u"Ångström", u"Dvořák", u"Ca\u0301rdenas", u"Ha\u0300\u0323"};
  for (UChar32 c = 0x41; c < 0x1F00; ++c) {
    if (c == 0x250) c = 0x300;
    if (c == 0x370) c = 0x1E00;
    if ((U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK)) == 0) continue;
    const icu::UnicodeString letter(c);
    words.push_back(letter);
    words.push_back(u"K" + letter + u"a");
    words.push_back(u"K" + letter + u"\u0301n");
    words.push_back(letter + u"\u0308" + letter);
  }
  for (icu::UnicodeString word : words) {
    std::string utf8;
    word.unescape().toUTF8String(utf8);
    icu::UnicodeString latin = word.unescape();
    icu_latin->transliterate(latin);
    std::string expected_source;
    latin.toUTF8String(expected_source);
    // The transliteration of a Latin letter word is ASCII letters (and an
    // apostrophe or two), whose key is that of the same word in ASCII.
    CAPTURE(utf8);
    CAPTURE(expected_source);
    CHECK(polyalign::name_key(utf8) == polyalign::name_key(expected_source));
  }
}

TEST_CASE("names across scripts match, different names do not") {
  struct Pair {
    const char* a;
    const char* b;
  };
  const Pair same[] = {
      {"Che Tao", "चे ताओ"},
      {"Trinh Xuan Truong", "त्रिन्ह झुआन त्रुओंग"},
      {"Hang A Ky", "हैंग ए क्य"},
      {"Lao Cai", "लाओ काई"},
      {"Xuan", "झुआन"},
      {"Vietnam", "वियतनाम"},
      {"Loc Binh", "Лок Бінь"},
      {"Mau Son", "Мау Сон"},
      {"Na Duong", "На Дуонг"},
      {"Loi Bac", "Лой Бак"},
      {"Thong Nhat", "Тхонг Нят"},
      {"Xuan Duong", "Суан Дуонг"},
      {"Khuat Xa", "Кхуат Са"},
      {"Lang Son", "Лангшон"},  // written as one word
      {"Vietnam", "В'єтнаму"},  // with a case ending
      {"Trịnh Xuân Trường", "Trinh Xuan Truong"},
      {"Mong", "मोंग"},
  };
  for (const Pair& p : same) {
    CAPTURE(p.a);
    CAPTURE(p.b);
    const std::string ka = polyalign::name_key(p.a), kb = polyalign::name_key(p.b);
    CAPTURE(ka);
    CAPTURE(kb);
    CHECK(polyalign::name_similarity(ka, kb) >= 0.8);
    CHECK(polyalign::name_similarity(kb, ka) ==
          doctest::Approx(polyalign::name_similarity(ka, kb)));
  }
  const Pair different[] = {
      {"Loc Binh", "Loi Bac"},
      {"Loc Binh", "Лой Бак"},
      {"Mau Son", "Nam"},
      {"Tao", "Tam"},
      {"Lao", "Lai"},
      {"Na Duong", "Xuan Duong"},  // one word differs
      {"Lao Cai", "Lai Chau"},
      {"Che Tao", "Cu Jut"},
      {"Trinh Xuan Truong", "Tran Van Nam"},
      {"Mau Son", "Мау"},
  };
  for (const Pair& p : different) {
    CAPTURE(p.a);
    CAPTURE(p.b);
    CHECK(polyalign::name_similarity(polyalign::name_key(p.a), polyalign::name_key(p.b)) < 0.8);
  }
  CHECK(polyalign::name_similarity("ke tao", "ke tao") == 1.0);
  CHECK(polyalign::name_similarity("", "ke tao") == 0.0);
  CHECK(polyalign::name_similarity("", "") == 1.0);
}

// The weights of name_similarity()'s edit distance (anchors.h): a vowel for
// a vowel 0.7, a sibilant for a sibilant 0.5, a vowel or a space inserted or
// dropped 0.5, anything else 1; divided by the longer key; with as many
// words (> 1) on both sides, no more than the least similar pair of words
// of 2+ letters.
TEST_CASE("name similarity: the weights of the edit distance, word by word") {
  struct Case {
    const char* a;
    const char* b;
    double similarity;
  };
  const Case cases[] = {
      {"ban", "bin", 1 - 0.7 / 3},           // vowel for vowel
      {"sa", "za", 1 - 0.5 / 2},             // sibilant for sibilant
      {"sun", "jun", 1 - 0.5 / 3},           // s and j: sibilants too
      {"bn", "ban", 1 - 0.5 / 3},            // a vowel inserted
      {"bat", "bak", 1 - 1.0 / 3},           // any other substitution
      {"lang", "lan", 1 - 1.0 / 4},          // a consonant dropped
      {"langson", "lang son", 1 - 0.5 / 8},  // one word or two ("Langson" / "Lang Son")
      {"lok bin", "lok ban", 1 - 0.7 / 3},   // capped by the word pair "bin" / "ban"
      {"a ki", "e ki", 1 - 0.7 / 4},         // one-letter words are not capped alone
      {"ab", "kst", 0.0},                    // never below 0
      {"ke tao", "ke tao", 1.0},
  };
  for (const Case& c : cases) {
    CAPTURE(c.a);
    CAPTURE(c.b);
    CHECK(polyalign::name_similarity(c.a, c.b) == doctest::Approx(c.similarity));
    CHECK(polyalign::name_similarity(c.b, c.a) == doctest::Approx(c.similarity));
  }
}

TEST_CASE("name keys stay the same when the per-thread cache of word keys is emptied") {
  // The cache holds 65,536 words and is dropped when full (a corpus meets
  // millions of distinct words): keys computed after that are the same.
  const char* names[] = {"Trịnh Xuân Trường", "त्रिन्ह झुआन त्रुओंग", "Лок Бінь", "Khuat Xa"};
  std::vector<std::string> before;
  for (const char* n : names) before.push_back(polyalign::name_key(n));
  int other = 0;
  for (int k = 0; k < 70'000; ++k) {
    // Distinct words, one key: digits are dropped from it.
    other += polyalign::name_key("Xa" + std::to_string(k)) != "sa";
  }
  CHECK(other == 0);
  for (std::size_t k = 0; k < before.size(); ++k) {
    CAPTURE(names[k]);
    CHECK(polyalign::name_key(names[k]) == before[k]);
  }
  CHECK(before == std::vector<std::string>{"trin suan truong", "trin juan truong", "lok bin",
                                           "kuat sa"});
}

TEST_CASE("vocabulary word keys are the uncached keys, from the cache too") {
  // vocabulary_word_key() caches words outside ASCII per thread (corpus
  // mode keys a document's vocabulary for every pair it is in): the first
  // call, the cached ones and compute_word_key() agree.
  const char* words[] = {"trường", "त्रिन्ह", "бінь", "ökonomie", "straße", "kuat", "Ваня", "ज़िला"};
  for (const char* w : words) {
    CAPTURE(w);
    const std::string key = polyalign::detail::compute_word_key(w);
    CHECK(polyalign::detail::vocabulary_word_key(w) == key);
    CHECK(polyalign::detail::vocabulary_word_key(w) == key);
    CHECK(polyalign::detail::word_name_key(w) == key);
  }
}
