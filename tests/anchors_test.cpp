#include "polyalign/anchors.h"

#include <doctest/doctest.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "polyalign/document.h"

namespace {

using polyalign::Anchor;
using polyalign::AnchorKind;

// An anchor as the tests compare it: kind, key, the exact bytes it spans.
struct Seen {
  AnchorKind kind;
  std::string key;
  std::string token;
  bool ambiguous = false;
  bool operator==(const Seen&) const = default;
};

std::string describe(const std::vector<Seen>& seen) {
  std::string s;
  for (const Seen& a : seen) {
    s += std::string(polyalign::anchor_kind_name(a.kind)) + " " + a.key + " [" + a.token + "]" +
         (a.ambiguous ? " ambiguous" : "") + "; ";
  }
  return s;
}

std::vector<Seen> seen(std::string_view text, const std::vector<Anchor>& anchors,
                       bool only_numbers = false) {
  std::vector<Seen> out;
  for (const Anchor& a : anchors) {
    if (only_numbers && a.kind != AnchorKind::kNumber) continue;
    REQUIRE(a.span.end <= text.size());
    out.push_back(
        {a.kind, a.key, std::string(text.substr(a.span.start, a.span.size())), a.ambiguous});
  }
  return out;
}

constexpr AnchorKind N = AnchorKind::kNumber;

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

TEST_CASE("numbers are read under the conventions of the language") {
  struct Case {
    std::string lang;
    std::string text;
    std::vector<Seen> expected;
  };
  const std::string nbsp = "\u00A0", nnbsp = "\u202F";
  const std::vector<Case> cases = {
      // Indonesian: '.' groups, ',' is the decimal mark, times are H.mm (CLDR).
      {"id", "Populasinya adalah 2.645 jiwa", {{N, "2645", "2.645"}}},
      {"id", "mencapai 31,82%.", {{N, "31.82%", "31,82%"}, {N, "31.82", "31,82"}}},
      {"id", "lebih dari 1.500 kader", {{N, "1500", "1.500"}}},
      {"id", "pukul 10.30 WIB", {{N, "10:30", "10.30", true}, {N, "10.3", "10.30", true}}},
      {"id", "sebesar Rp5.000", {{N, "5000", "5.000"}}},  // ICU's currency symbol for id-ID
      {"id",
       "masa jabatan 2025-2030.",
       {{N, "2025-2030", "2025-2030"}, {N, "2025", "2025"}, {N, "2030", "2030"}}},
      // Hindi: ',' groups (Indian 3-then-2 grouping too), '.' is decimal.
      {"hi", "जनसंख्या 2,645 लोग", {{N, "2645", "2,645"}}},
      {"hi", "दर 31.82% है", {{N, "31.82%", "31.82%"}, {N, "31.82", "31.82"}}},
      {"hi", "वर्ष २०२५ में", {{N, "2025", "२०२५"}}},
      {"hi", "1,23,456 रुपये", {{N, "123456", "1,23,456"}}},
      {"hi", "1ला स्थान", {{N, "1", "1"}}},  // ordinal suffix from ICU's RBNF rules
      {"hi", "5वीं बार", {{N, "5", "5"}}},
      {"hi", "1,500 से अधिक", {{N, "1500", "1,500"}}},
      // Ukrainian: a space (plain or no-break) groups, ',' is decimal.
      {"uk", "2 645 осіб", {{N, "2645", "2 645"}}},
      {"uk", "2" + nbsp + "645 осіб", {{N, "2645", "2" + nbsp + "645"}}},
      {"uk", "31,82 % домогосподарств", {{N, "31.82%", "31,82 %"}, {N, "31.82", "31,82"}}},
      {"uk", "Вранці 23 жовтня", {{N, "23", "23"}}},
      {"uk", "1-й з'їзд", {{N, "1", "1"}}},
      // German.
      {"de", "über 48.880 Einwohnern", {{N, "48880", "48.880"}}},
      {"de",
       "Amtszeit 2025–2030",
       {{N, "2025-2030", "2025–2030"}, {N, "2025", "2025"}, {N, "2030", "2030"}}},
      {"de",
       "am 23.10.2025",
       {{N, "2025-10-23", "23.10.2025"}, {N, "23", "23"}, {N, "10", "10"}, {N, "2025", "2025"}}},
      {"de", "nach dem 1. Kongress", {{N, "1", "1"}}},
      {"de", "1.234,56 Euro", {{N, "1234.56", "1.234,56"}}},
      {"de", "3.5 Punkte", {{N, "3.5", "3.5"}}},  // cannot be a grouping: a decimal
      {"de", "1,500 Meter", {{N, "1.5", "1,500", true}, {N, "1500", "1,500", true}}},
      // English.
      {"en", "more than 1,500 officials", {{N, "1500", "1,500"}}},
      {"en", "3.5 km", {{N, "3.5", "3.5"}}},
      {"en", "at 10:30", {{N, "10:30", "10:30"}}},
      {"en", "at 09:05:30", {{N, "9:05:30", "09:05:30"}}},
      {"en", "the 1st time", {{N, "1", "1"}}},
      {"en", "1.500 tonnes", {{N, "1.5", "1.500", true}, {N, "1500", "1.500", true}}},
      {"en", "0.500 tonnes", {{N, "0.5", "0.500"}}},
      {"en", "1,234.56", {{N, "1234.56", "1,234.56"}}},
      {"en",
       "10/23/2025",
       {{N, "2025-10-23", "10/23/2025"}, {N, "10", "10"}, {N, "23", "23"}, {N, "2025", "2025"}}},
      {"en",
       "on 2025-10-23.",
       {{N, "2025-10-23", "2025-10-23"}, {N, "2025", "2025"}, {N, "10", "10"}, {N, "23", "23"}}},
      {"en", "it was -5 degrees", {{N, "-5", "-5"}}},
      {"en", "(\u22123.5)", {{N, "-3.5", "\u22123.5"}}},
      {"en",
       "2025 \u2013 2030",
       {{N, "2025-2030", "2025 \u2013 2030"}, {N, "2025", "2025"}, {N, "2030", "2030"}}},
      {"en", "10\u201320% more", {{N, "10-20%", "10\u201320%"}, {N, "10", "10"}, {N, "20", "20"}}},
      {"en", "version 1.2.3", {{N, "1.2.3", "1.2.3"}}},  // a code, kept as written
      {"en", "a 220km road", {{N, "220", "220"}}},
      {"en", "MP3, 3D and 5G", {}},  // digits glued to a word are not numbers
      {"en", "COVID-19 cases", {{N, "19", "19"}}},
      {"en", "a 2-level model", {{N, "2", "2"}}},
      {"en", "see https://example.com/page-2025 or info2025@example.com", {}},
      // Unknown language: an ambiguous form gives both readings, a plain
      // space does not group.
      {"und", "1.500", {{N, "1500", "1.500", true}, {N, "1.5", "1.500", true}}},
      {"und", "1,500", {{N, "1500", "1,500", true}, {N, "1.5", "1,500", true}}},
      {"und", "2 645", {{N, "2", "2"}, {N, "645", "645"}}},
      {"und", "2" + nnbsp + "645", {{N, "2645", "2" + nnbsp + "645"}}},
      {"und",
       "10/11/2025",
       {{N, "2025-11-10", "10/11/2025", true},
        {N, "2025-10-11", "10/11/2025", true},
        {N, "10", "10"},
        {N, "11", "11"},
        {N, "2025", "2025"}}},
      {"xx", "1.500", {{N, "1500", "1.500", true}, {N, "1.5", "1.500", true}}},  // no ICU data
      // Languages beyond the seed corpus, from ICU data alone.
      {"es",
       "1.500 y 31,82 %",
       {{N, "1500", "1.500"}, {N, "31.82%", "31,82 %"}, {N, "31.82", "31,82"}}},
      {"fr", "2" + nnbsp + "645 le 1er", {{N, "2645", "2" + nnbsp + "645"}, {N, "1", "1"}}},
      {"de-CH", "1’000 Franken", {{N, "1000", "1’000"}}},
      {"ar", "٣٫٥ و ١٢٬٣٤٥", {{N, "3.5", "٣٫٥"}, {N, "12345", "١٢٬٣٤٥"}}},
      {"tr", "%50 arttı", {{N, "50%", "%50"}, {N, "50", "50"}}},
      {"en_US", "1,500", {{N, "1500", "1,500"}}},  // an ICU locale ID works too
  };
  for (const Case& c : cases) {
    CAPTURE(c.lang);
    CAPTURE(c.text);
    const std::vector<Seen> got = seen(c.text, polyalign::extract_numbers(c.text, c.lang));
    CAPTURE(describe(got));
    CHECK(got == c.expected);
  }
}

TEST_CASE("the extractor finds the same numbers as extract_numbers") {
  const std::string text = "Populasinya adalah 2.645 jiwa, 31,82% pada 2025-2030.";
  polyalign::AnchorExtractor ex({.lang = "id"});
  CHECK(seen(text, ex.extract(text), true) == seen(text, polyalign::extract_numbers(text, "id")));
  polyalign::AnchorExtractor off({.lang = "id", .numbers = false});
  CHECK(seen(text, off.extract(text), true).empty());
}

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
