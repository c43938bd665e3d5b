// The anchor extractor (anchors.cpp): which kinds it finds where, in what
// order, on the seed articles and from many threads. Numbers and name keys
// have files of their own (numbers_test.cpp, names_test.cpp).
#include "polyalign/anchors.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "polyalign/document.h"
#include "test_anchors.h"

namespace {

using polyalign::Anchor;
using polyalign::AnchorKind;
using polyalign::testing::describe;
using polyalign::testing::seen;
using polyalign::testing::Seen;

std::string seed_path(std::string_view prefix) {
  const std::filesystem::path dir =
      std::filesystem::path(POLYALIGN_SOURCE_DIR) / "corpora" / "vietnam-news";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().filename().string().starts_with(prefix)) return entry.path().string();
  }
  FAIL("no seed file " << prefix << " in " << dir);
  return {};
}

std::set<std::string> keys_of(const std::vector<Anchor>& anchors, AnchorKind kind) {
  std::set<std::string> keys;
  for (const Anchor& a : anchors) {
    if (a.kind == kind) keys.insert(a.key);
  }
  return keys;
}

// Distinct name keys of `a` with a name key of `b` scoring >= 0.8.
int matching_names(const std::set<std::string>& a, const std::set<std::string>& b) {
  int n = 0;
  for (const std::string& x : a) {
    n += std::any_of(b.begin(), b.end(),
                     [&](const std::string& y) { return polyalign::name_similarity(x, y) >= 0.8; });
  }
  return n;
}

}  // namespace

TEST_CASE("the extractor finds the same numbers as extract_numbers") {
  const std::string text = "Populasinya adalah 2.645 jiwa, 31,82% pada 2025-2030.";
  polyalign::AnchorExtractor ex({.lang = "id"});
  CHECK(seen(text, ex.extract(text), true) == seen(text, polyalign::extract_numbers(text, "id")));
  polyalign::AnchorExtractor off({.lang = "id", .numbers = false});
  CHECK(seen(text, off.extract(text), true).empty());
}

TEST_CASE("name candidates: capitalised runs in cased scripts, every word elsewhere") {
  struct Case {
    std::string lang;
    std::string text;
    std::vector<Seen> expected;  // name anchors, in order
  };
  constexpr AnchorKind M = AnchorKind::kName;
  const std::vector<Case> cases = {
      {"id",
       "Kamerad Trinh Xuan Truong - Sekretaris.",
       {{M, "kamerad trin suan truong", "Kamerad Trinh Xuan Truong"},
        {M, "kamerad trin suan", "Kamerad Trinh Xuan"},
        {M, "kamerad trin", "Kamerad Trinh"},
        {M, "kamerad", "Kamerad"},
        {M, "trin suan truong", "Trinh Xuan Truong"},
        {M, "trin suan", "Trinh Xuan"},
        {M, "trin", "Trinh"},
        {M, "suan truong", "Xuan Truong"},
        {M, "suan", "Xuan"},
        {M, "truong", "Truong"},
        {M, "sekretaris", "Sekretaris"}}},
      // Lower-case words are not candidates in a cased script.
      {"uk",
       "комуни Лок Бінь, Мау Сон.",
       {{M, "lok bin", "Лок Бінь"},
        {M, "lok", "Лок"},
        {M, "bin", "Бінь"},
        {M, "mau son", "Мау Сон"},
        {M, "mau", "Мау"},
        {M, "son", "Сон"}}},
      // Devanagari has no case: every word, and runs of two and three.
      {"hi",
       "चे ताओ कम्यून",
       {{M, "ke tao kamiun", "चे ताओ कम्यून"},
        {M, "ke tao", "चे ताओ"},
        {M, "ke", "चे"},
        {M, "tao kamiun", "ताओ कम्यून"},
        {M, "tao", "ताओ"},
        {M, "kamiun", "कम्यून"}}},
      // One-letter words only inside runs.
      {"en",
       "Hang A Ky",
       {{M, "hang a ki", "Hang A Ky"},
        {M, "hang a", "Hang A"},
        {M, "hang", "Hang"},
        {M, "a ki", "A Ky"},
        {M, "ki", "Ky"}}},
      // Scripts written without spaces need a dictionary to find words: none.
      {"th", "กรุงเทพมหานคร", {}},
      {"zh", "河内是越南的首都", {}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.lang);
    CAPTURE(c.text);
    polyalign::AnchorExtractor ex({.lang = c.lang});
    std::vector<Seen> got;
    for (const Seen& s : seen(c.text, ex.extract(c.text))) {
      if (s.kind == M) got.push_back(s);
    }
    CAPTURE(describe(got));
    CHECK(got == c.expected);
  }
}

TEST_CASE("URLs, e-mail addresses, acronyms and Latin words") {
  struct Case {
    std::string lang;
    std::string text;
    std::vector<Seen> expected;  // non-number, non-name anchors, in order
  };
  constexpr AnchorKind U = AnchorKind::kUrl, E = AnchorKind::kEmail, A = AnchorKind::kAcronym,
                       L = AnchorKind::kLatinWord;
  const std::vector<Case> cases = {
      {"id",
       "Sumber: https://www.laocai.gov.vn/tin-trong-tinh/xa-1538660.",
       {{U, "www.laocai.gov.vn/tin-trong-tinh/xa-1538660",
         "https://www.laocai.gov.vn/tin-trong-tinh/xa-1538660"}}},
      {"en",
       "(see http://Example.com/a_(b))",
       {{U, "example.com/a_(b)", "http://Example.com/a_(b)"}}},
      {"en",
       "Visit www.Example.org/path/, now",
       {{U, "www.example.org/path", "www.Example.org/path/"}}},
      {"en", "the www. prefix and http:// alone", {}},
      {"de",
       "Schreiben Sie an Info.Desk@Example.COM.",
       {{E, "info.desk@example.com", "Info.Desk@Example.COM"}}},
      {"en", "user@localhost is no address", {}},
      {"en",
       "the MWP and UNESCO at 10 AM",
       {{A, "MWP", "MWP"}, {A, "UNESCO", "UNESCO"}, {A, "AM", "AM"}}},
      {"en", "COVID-19 and MP3", {{A, "COVID-19", "COVID-19"}, {A, "MP3", "MP3"}}},
      {"en", "A single I is no acronym", {}},
      {"hi", "30 मिलियन VND प्रदान किया", {{A, "VND", "VND"}}},  // an acronym, not also a word
      {"hi", "फेसबुक पर Facebook पेज", {{L, "facebook", "Facebook"}}},
      {"uk",
       "Сторінку комуни у Facebook та YouTube оновлюють щодня",
       {{L, "facebook", "Facebook"}, {L, "youtube", "YouTube"}}},
      {"uk", "Đà Nẵng і Хошимін", {{L, "đà", "Đà"}, {L, "nẵng", "Nẵng"}}},
      {"en", "a page on Facebook", {}},  // Latin text: no Latin-word anchors
  };
  for (const Case& c : cases) {
    CAPTURE(c.lang);
    CAPTURE(c.text);
    polyalign::AnchorExtractor ex({.lang = c.lang});
    std::vector<Seen> got;
    for (const Seen& s : seen(c.text, ex.extract(c.text))) {
      if (s.kind != AnchorKind::kNumber && s.kind != AnchorKind::kName) got.push_back(s);
    }
    CAPTURE(describe(got));
    CHECK(got == c.expected);
  }
}

TEST_CASE("options switch kinds off") {
  const std::string text = "Lihat https://a.example.org/x, UNESCO, Trinh Xuan Truong, 2.645.";
  const auto kinds = [&](polyalign::AnchorOptions o) {
    std::set<AnchorKind> k;
    for (const Anchor& a : polyalign::AnchorExtractor(o).extract(text)) k.insert(a.kind);
    return k;
  };
  CHECK(kinds({.lang = "id"}) == std::set<AnchorKind>{AnchorKind::kNumber, AnchorKind::kName,
                                                      AnchorKind::kUrl, AnchorKind::kAcronym});
  CHECK(kinds({.lang = "id", .urls = false}).count(AnchorKind::kUrl) == 0);
  CHECK(kinds({.lang = "id", .names = false}).count(AnchorKind::kName) == 0);
  CHECK(kinds({.lang = "id", .acronyms = false}).count(AnchorKind::kAcronym) == 0);
  // The URL's digits stay out of the numbers even when URLs are not reported.
  polyalign::AnchorExtractor no_urls({.lang = "id", .urls = false});
  for (const Anchor& a : no_urls.extract("https://a.example.org/x-1538660 dan 2.645")) {
    CHECK(a.key != "1538660");
  }
}

TEST_CASE("anchors come in text order, a composite before its parts") {
  const std::string text = "Dari 2025-2030, 31,82% dan Che Tao.";
  polyalign::AnchorExtractor ex({.lang = "id"});
  const std::vector<Anchor> anchors = ex.extract(text);
  REQUIRE(anchors.size() >= 6);
  for (std::size_t k = 1; k < anchors.size(); ++k) {
    CAPTURE(k);
    const auto& a = anchors[k - 1].span;
    const auto& b = anchors[k].span;
    CHECK((a.start < b.start || (a.start == b.start && a.end >= b.end)));
  }
  CHECK(polyalign::anchor_kind_name(AnchorKind::kNumber) == "number");
  CHECK(polyalign::anchor_kind_name(AnchorKind::kLatinWord) == "latin_word");
}

TEST_CASE("seed articles: 000 (id) and 001 (hi) share numbers, the URL and names") {
  const polyalign::Document id = polyalign::read_document(seed_path("000_"));
  const polyalign::Document hi = polyalign::read_document(seed_path("001_"));
  const std::vector<Anchor> a = polyalign::AnchorExtractor({.lang = "id"}).extract(id.text);
  const std::vector<Anchor> b = polyalign::AnchorExtractor({.lang = "hi"}).extract(hi.text);

  const std::set<std::string> na = keys_of(a, AnchorKind::kNumber),
                              nb = keys_of(b, AnchorKind::kNumber);
  for (const char* key : {"2645", "31.82%", "220", "509", "180", "30", "2025-2030", "1500"}) {
    CAPTURE(key);
    CHECK(na.count(key) == 1);
    CHECK(nb.count(key) == 1);
  }
  const std::set<std::string> ua = keys_of(a, AnchorKind::kUrl), ub = keys_of(b, AnchorKind::kUrl);
  CHECK(ua.size() == 1);
  CHECK(ua == ub);

  const std::set<std::string> names_a = keys_of(a, AnchorKind::kName);
  const std::set<std::string> names_b = keys_of(b, AnchorKind::kName);
  for (const char* name : {"Che Tao", "Trinh Xuan Truong", "Lao Cai", "Hang A Ky"}) {
    CAPTURE(name);
    const std::string key = polyalign::name_key(name);
    CHECK(names_a.count(key) == 1);
    CHECK(matching_names({key}, names_b) == 1);
  }
  const int matched = matching_names(names_a, names_b);
  MESSAGE("000 (id) name keys matching 001 (hi): " << matched << " of " << names_a.size());
  CHECK(matched >= 15);
}

TEST_CASE("seed articles: 002 (uk) and 004 (en) share commune names") {
  const polyalign::Document uk = polyalign::read_document(seed_path("002_"));
  const polyalign::Document en = polyalign::read_document(seed_path("004_"));
  const auto names_uk =
      keys_of(polyalign::AnchorExtractor({.lang = "uk"}).extract(uk.text), AnchorKind::kName);
  const auto names_en =
      keys_of(polyalign::AnchorExtractor({.lang = "en"}).extract(en.text), AnchorKind::kName);
  for (const char* commune :
       {"Loc Binh", "Mau Son", "Na Duong", "Loi Bac", "Thong Nhat", "Xuan Duong", "Khuat Xa"}) {
    CAPTURE(commune);
    CHECK(matching_names({polyalign::name_key(commune)}, names_uk) == 1);
  }
  const int matched = matching_names(names_uk, names_en);
  MESSAGE("002 (uk) name keys matching 004 (en): " << matched << " of " << names_uk.size());
  CHECK(matched >= 15);
}

TEST_CASE("one extractor serves many threads") {
  const polyalign::Document hi = polyalign::read_document(seed_path("001_"));
  const polyalign::AnchorExtractor ex({.lang = "hi"});
  const std::vector<Seen> expected = seen(hi.text, ex.extract(hi.text));
  std::vector<std::vector<Seen>> results(4);
  std::vector<std::thread> threads;
  for (auto& r : results) {
    threads.emplace_back([&] { r = seen(hi.text, ex.extract(hi.text)); });
  }
  for (auto& t : threads) t.join();
  for (const auto& r : results) CHECK(r == expected);
}

TEST_CASE("random text: spans stay in bounds and on code point boundaries") {
  // Pieces chosen to hit the edges of every rule: separators, signs, dashes,
  // percent signs, URL and e-mail starts, cased and caseless letters, marks.
  const std::vector<std::string> pieces = {
      "0",       "7",      "12",     "645", "2025",   "१२",     "٣",     ".",   ",", ":",     "/",
      "-",       "\u2013", "\u2212", "%",   "\u00A0", "\u202F", " ",     " ",   "'", "’",     "@",
      "http://", "www.",   "x.org",  "A",   "Bi",     "nh",     "COVID", "Лок", "ь", "й",     "चे",
      "्",        "ं",       "ताओ",    "กรุง", "河",     "\u200D", "(",     ")",   "é", "\u0301"};
  std::mt19937 rng(20251023);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(1, 40);
  const char* langs[] = {"id", "hi", "uk", "de", "en", "und", "tr"};
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    for (int k = length(rng); k > 0; --k) text += pieces[pick(rng)];
    const char* lang = langs[round % 7];
    CAPTURE(text);
    CAPTURE(lang);
    const std::vector<Anchor> anchors = polyalign::AnchorExtractor({.lang = lang}).extract(text);
    for (std::size_t k = 0; k < anchors.size(); ++k) {
      const Anchor& a = anchors[k];
      REQUIRE(a.span.start < a.span.end);
      REQUIRE(a.span.end <= text.size());
      // A UTF-8 continuation byte never starts or follows the end of a span.
      CHECK((static_cast<unsigned char>(text[a.span.start]) & 0xC0) != 0x80);
      if (a.span.end < text.size()) {
        CHECK((static_cast<unsigned char>(text[a.span.end]) & 0xC0) != 0x80);
      }
      CHECK(!a.key.empty());
      if (k > 0) CHECK(anchors[k - 1].span.start <= a.span.start);
    }
  }
}
