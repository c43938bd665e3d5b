// Number anchors (numbers.cpp, reached through extract_numbers()): the
// forms of each language read under its CLDR conventions into one
// language-independent key, ambiguous forms read both ways.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "polyalign/anchors.h"
#include "test_anchors.h"

namespace {

using polyalign::AnchorKind;
using polyalign::testing::describe;
using polyalign::testing::seen;
using polyalign::testing::Seen;

constexpr AnchorKind N = AnchorKind::kNumber;

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
      {"en", "in the 1980s", {{N, "1980", "1980"}}},          // a decade
      {"en", "sold for £125m and 5s", {{N, "125", "125"}}},  // an amount; "5s" is no decade
      {"en", "the 1950-53 war",
       {{N, "1950-53", "1950-53"}, {N, "1950-1953", "1950-53"}, {N, "1950", "1950"},
        {N, "53", "53"}, {N, "1953", "53"}}},
      {"de", "gewann 38:17 und 1:0",  // scores: no time of day
       {{N, "38:17", "38:17"}, {N, "38", "38"}, {N, "17", "17"}, {N, "1:0", "1:0"},
        {N, "1", "1"}, {N, "0", "0"}}},
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

TEST_CASE("one quantity written the way each language writes it gives one key") {
  struct Case {
    std::string lang;
    std::string token;  // the number as the language writes it
    std::string key;
  };
  const std::string nbsp = "\u00A0", nnbsp = "\u202F";
  const std::vector<Case> cases = {
      {"en", "1,234,567.5", "1234567.5"},
      {"hi", "12,34,567.5", "1234567.5"},  // Indian grouping
      {"de", "1.234.567,5", "1234567.5"},
      {"id", "1.234.567,5", "1234567.5"},
      {"uk", "1 234 567,5", "1234567.5"},
      {"fr", "1" + nnbsp + "234" + nnbsp + "567,5", "1234567.5"},
      {"de-CH", "1’234’567.5", "1234567.5"},
      {"ar", "١٬٢٣٤٬٥٦٧٫٥", "1234567.5"},
      {"hi", "१२,३४,५६७.५", "1234567.5"},  // Devanagari digits
      {"en", "45%", "45%"},
      {"de", "45" + nbsp + "%", "45%"},
      {"tr", "%45", "45%"},
      {"en", "0.50", "0.5"},  // trailing fractional zeros dropped
      {"de", "0,50", "0.5"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.lang);
    CAPTURE(c.token);
    const std::string text = "(" + c.token + ")";
    const std::vector<Seen> got = seen(text, polyalign::extract_numbers(text, c.lang));
    CAPTURE(describe(got));
    REQUIRE(!got.empty());
    // The whole token, one reading; a percentage is followed by its plain value.
    CHECK(got[0] == Seen{N, c.key, c.token});
    if (c.key.ends_with('%')) {
      REQUIRE(got.size() == 2);
      CHECK(got[1].key == c.key.substr(0, c.key.size() - 1));
      CHECK(got[1].ambiguous == false);
    } else {
      CHECK(got.size() == 1);
    }
  }
}
