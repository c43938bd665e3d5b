// Consistency checks (checks.h): each rule on small hand-made pairs, the
// seed corpus (its repeated last sentence, no false number alarm from
// locale formats), the planted-error corpus of tests/data/qa, and the
// findings' JSONL writer. The review page of the findings: report_test.cpp.
#include "polyalign/checks.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "checks/calendar_names.h"
#include "checks/place_names.h"
#include "polyalign/corpus.h"
#include "test_pairs.h"

using polyalign::CheckKind;
using polyalign::Finding;
using polyalign::SentenceRange;
using polyalign::Severity;
using polyalign::testing::corpus_of;
using polyalign::testing::kPlanted;
using polyalign::testing::kSeeds;
using polyalign::testing::make_pair;
using polyalign::testing::source_file;

namespace {

std::vector<Finding> of_kind(const std::vector<Finding>& all, CheckKind kind) {
  std::vector<Finding> out;
  std::copy_if(all.begin(), all.end(), std::back_inserter(out),
               [&](const Finding& f) { return f.kind == kind; });
  return out;
}

polyalign::CheckOptions only(CheckKind kind) {
  polyalign::CheckOptions o;
  o.checks = {kind};
  o.threads = 1;
  return o;
}

// The bytes a finding highlights in member `m` of a pair.
std::vector<std::string> highlighted(const polyalign::DocumentAlignment& r, const Finding& f,
                                     std::size_t m) {
  std::vector<std::string> out;
  const std::string& text = m == 0 ? r.a.document.text : r.b.document.text;
  for (const polyalign::FindingMember& fm : f.members) {
    if (fm.member != m) continue;
    for (const polyalign::ByteSpan& h : fm.highlights)
      out.push_back(text.substr(h.start, h.size()));
  }
  return out;
}

}  // namespace

// Presegmented documents of three or more languages in one bundle, tuple t
// holding line t of each.
static polyalign::CorpusResult make_bundle(
    const std::vector<std::pair<std::string, std::vector<std::string>>>& versions) {
  polyalign::CorpusResult r;
  polyalign::Bundle b;
  b.id = "bundle-0001";
  std::size_t lines = 0;
  for (const auto& [lang, text] : versions) {
    polyalign::PipelineOptions po = polyalign::testing::presegmented_options();
    r.documents.push_back(polyalign::segment_document(
        polyalign::make_document(polyalign::testing::joined(text), lang, lang + ".txt"), po));
    b.documents.push_back(b.documents.size());
    lines = std::max(lines, text.size());
  }
  const std::size_t n = versions.size();
  for (std::uint32_t t = 0; t < lines; ++t) {
    polyalign::Tuple tuple;
    for (const auto& v : versions) {
      tuple.members.push_back(t < v.second.size() ? polyalign::SentenceRange{t, t + 1}
                                                  : polyalign::SentenceRange{t, t});
    }
    tuple.confidence = 0.9;
    tuple.pair_confidence.assign(n * (n - 1) / 2, 0.9f);
    b.tuples.push_back(tuple);
  }
  r.bundles.push_back(b);
  return r;
}

TEST_CASE("parse_checks: names, all, none, and unknown or repeated names rejected") {
  CHECK(polyalign::parse_checks("all") == polyalign::all_checks());
  CHECK(polyalign::parse_checks("none").empty());
  CHECK(polyalign::parse_checks(" numbers , repeated") ==
        std::vector<CheckKind>{CheckKind::kNumbers, CheckKind::kRepeated});
  CHECK(polyalign::all_checks().size() == polyalign::kCheckKindCount);
  for (CheckKind k : polyalign::all_checks()) {
    CHECK(polyalign::parse_checks(polyalign::check_kind_name(k)) == std::vector<CheckKind>{k});
  }
  CHECK_THROWS_WITH_AS(polyalign::parse_checks("numbers,spelling"),
                       doctest::Contains("unknown check 'spelling'"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(polyalign::parse_checks("names,names"), doctest::Contains("given twice"),
                       std::invalid_argument);
  CHECK_THROWS_AS(polyalign::parse_checks(""), std::invalid_argument);
  CHECK_THROWS_AS(polyalign::parse_checks("all,numbers"), std::invalid_argument);
}

TEST_CASE("numbers that agree in other forms raise nothing") {
  struct Case {
    const char* what;
    std::string lang_a, a, lang_b, b;
  };
  const Case cases[] = {
      {"locale separators", "id", "Populasinya adalah 2.645 jiwa; persentase mencapai 31,82%.",
       "hi", "जनसंख्या 2,645 लोग हैं; घरेलू दर 31.82% है।"},
      {"an ambiguous reading (en 1.500 = 1.5 or 1500)", "en", "Over 1.500 people came to see it.",
       "de", "Über 1.500 Menschen kamen, um es zu sehen."},
      {"a range against its two ends", "en", "The term 2025-2030 starts now.", "de",
       "Die Amtszeit von 2025 bis 2030 beginnt jetzt."},
      {"a date against its fields", "de", "Am 23.10.2025 regnete es den ganzen Tag.", "en",
       "It rained all day on 23/10/2025."},
      {"a time with a dot or a colon", "en", "We met at 7.55 in the morning.", "de",
       "Wir trafen uns um 7:55 Uhr am Morgen."},
      {"a number with a scale word", "id", "Dana sebesar 30 juta VND diserahkan.", "hi",
       "30 मिलियन वीएनडी प्रदान किया गया।"},
      {"Devanagari digits", "hi", "जनसंख्या २,६४५ लोग है।", "en", "The population is 2,645."},
      {"a number in words", "en", "Eleven people and 18 dogs were rescued.", "de",
       "Elf Menschen und achtzehn Hunde wurden gerettet."},
      {"a number in words, inflected", "en", "The 11 ministers met.", "uk",
       "Зустрілися одинадцять міністрів."},
      {"a measure in two units, one kept", "en",
       "The volcano sits 45 miles (72 kilometers) south of the capital.", "de",
       "Der Vulkan liegt 72 Kilometer südlich der Hauptstadt."},
      {"a conversion in parentheses left out", "en", "Waves as high as six meters (18 feet) came.",
       "de", "Bis zu sechs Meter hohe Wellen kamen."},
      {"a time of day in 12 hours", "en", "At 2pm two vans were inside.", "de",
       "Um 14:00 Uhr waren zwei Fahrzeuge drinnen."},
      {"a score with a colon", "en", "Ayr 38 - 17 Melrose: Ayr go top", "de",
       "Ayr gegen Melrose 38:17: Ayr steigt auf"},
      {"a decade", "en", "It happened in the 1980s.", "de", "Es geschah in den 1980er Jahren."},
      {"an abbreviated year range", "en", "The 1950-53 Korean War ended.", "de",
       "Der Koreakrieg von 1950 bis 1953 endete."},
      {"measures converted: miles", "en",
       "Winds reached 85 miles per hour, 385 miles south, moving at 12 miles per hour.", "de",
       "Winde erreichten 136 Kilometer pro Stunde, 620 Kilometer südlich, mit 19 km/h."},
      {"measures converted: inches", "en", "Forecasts predict 2 to 4 inches, up to 6 inches.", "uk",
       "Прогнози передбачають від 5,08 до 10,16 см, місцями до 15,24 см."},
      {"measures converted: pounds", "en", "The 650 pound pig pinned him.", "de",
       "Das 290 Kilo schwere Schwein klemmte ihn ein."},
      {"measures converted: Fahrenheit", "en", "It was 95 degrees.", "de", "Es war 35 Grad."},
  };
  for (const Case& c : cases) {
    const std::string what = c.what;
    CAPTURE(what);
    const auto r = make_pair({c.a}, c.lang_a, {c.b}, c.lang_b);
    const auto f = polyalign::check_pair(r, only(CheckKind::kNumbers));
    CHECK_MESSAGE(f.empty(), (f.empty() ? std::string() : f[0].message));
  }
}

TEST_CASE("numbers: a number in words must be the number, as a word") {
  // "sieben" is in "siebenundzwanzig" but 27 is not 7; "two" is not 3.
  for (const auto& [a, b] : std::vector<std::pair<std::string, std::string>>{
           {"It took 7 days.", "Es dauerte siebenundzwanzig Tage."},
           {"They found 3 boats.", "Sie fanden zwei Boote."}}) {
    CAPTURE(a);
    const auto r = make_pair({a}, "en", {b}, "de");
    CHECK(polyalign::check_pair(r, only(CheckKind::kNumbers)).size() == 1);
  }
}

TEST_CASE("numbers: a conversion explains every differing number or none") {
  // 86 is not 85 miles in kilometres nor 137 in miles; a conversion that
  // explains one number but not the other explains nothing.
  for (const auto& [a, b] : std::vector<std::pair<std::string, std::string>>{
           {"It moved 85 miles.", "Er zog 86 Kilometer weiter."},
           {"Winds of 85 miles per hour, 385 miles south.", "Winde von 136 km/h, 500 km südlich."},
           {"The 19 boats came.", "Die 20 Boote kamen."},
           {"On Oct. 2 troops fired.", "Am 3. Oktober schossen Soldaten."}}) {
    CAPTURE(a);
    const auto r = make_pair({a}, "en", {b}, "de");
    CHECK(polyalign::check_pair(r, only(CheckKind::kNumbers)).size() == 1);
  }
}

TEST_CASE("numbers: two versions that converted one measure and rounded it apart agree") {
  // German and Ukrainian both convert the English miles: 136 / 137 km.
  // A number of their own that converts nothing still differs.
  const auto r = make_bundle(
      {{"en", {"Winds of 85 miles per hour, 385 miles south.", "It moved 40 miles in 2 days."}},
       {"de", {"Winde von 136 km/h, 620 km südlich.", "Er zog in 2 Tagen 64 km weit."}},
       {"uk", {"Вітер 137 км/год, 620 км на південь.", "Він пройшов 68 км за 2 дні."}}});
  const auto f = polyalign::check_corpus(r, only(CheckKind::kNumbers));
  REQUIRE(f.size() == 1);
  CHECK(f[0].tuple == 1);
  CHECK(f[0].message == "numbers differ: 40 (en) not in uk; 64 (de) not in uk; 68 (uk) not in en, de");
}

TEST_CASE("numbers: a changed number is an error, both numbers highlighted") {
  const auto r = make_pair({"Populasinya adalah 2.645 jiwa, 509 rumah tangga."}, "id",
                           {"जनसंख्या 2,654 लोग, 509 घर हैं।"}, "hi");
  const auto f = polyalign::check_pair(r, only(CheckKind::kNumbers));
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == Severity::kError);
  CHECK(f[0].tuple == 0);
  CHECK(highlighted(r, f[0], 0) == std::vector<std::string>{"2.645"});
  CHECK(highlighted(r, f[0], 1) == std::vector<std::string>{"2,654"});
  CHECK(f[0].message.find("2,654 (hi) not in id") != std::string::npos);
}

TEST_CASE("numbers: a missing number is a warning, a missing digit only info") {
  {
    const auto r = make_pair({"They have 12 dogs."}, "en", {"Sie haben Hunde."}, "de");
    const auto f = polyalign::check_pair(r, only(CheckKind::kNumbers));
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::kWarning);
    CHECK(highlighted(r, f[0], 0) == std::vector<std::string>{"12"});
  }
  {
    const auto r = make_pair({"They have 6 dogs."}, "en", {"Sie haben Hunde."}, "de");
    const auto f = polyalign::check_pair(r, only(CheckKind::kNumbers));
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::kInfo);
  }
  {  // The innermost token only: the range's end, not the range.
    const auto r = make_pair({"The term 2025-2030 starts now."}, "en",
                             {"Die Amtszeit 2025-2031 beginnt jetzt."}, "de");
    const auto f = polyalign::check_pair(r, only(CheckKind::kNumbers));
    REQUIRE(f.size() == 1);
    CHECK(highlighted(r, f[0], 0) == std::vector<std::string>{"2030"});
    CHECK(highlighted(r, f[0], 1) == std::vector<std::string>{"2031"});
  }
}

TEST_CASE("numbers: digits glued to a word are the number, another number there is not") {
  // "usia13": a missing space; the anchors read no number there.
  const auto same = make_pair({"A shark injured a 13-year-old boy."}, "en",
                              {"Hiu melukai remaja usia13 tahun."}, "id");
  CHECK(polyalign::check_pair(same, only(CheckKind::kNumbers)).empty());
  const auto other = make_pair({"A shark injured a 13-year-old boy."}, "en",
                               {"Hiu melukai remaja usia14 tahun."}, "id");
  const auto f = polyalign::check_pair(other, only(CheckKind::kNumbers));
  REQUIRE(f.size() == 1);
  CHECK(highlighted(other, f[0], 0) == std::vector<std::string>{"13"});
  // A sign or a dash is not a letter: "€10,5" holds 10,5, not 10.
  const auto sign = make_pair({"It costs 10 euros."}, "en", {"Es kostet €10,5."}, "de");
  CHECK(polyalign::check_pair(sign, only(CheckKind::kNumbers)).size() == 1);
}

TEST_CASE("names: a name the documents share, missing from one bead") {
  const auto r =
      make_pair({"Komune Che Tao terletak di Provinsi Lao Cai.",
                 "Kamerad Trinh Xuan Truong menyampaikan pidato penutup.",
                 "Sekretaris memberikan hadiah kepada komune."},
                "id",
                {"चे ताओ कम्यून लाओ काई प्रांत में स्थित है।", "कॉमरेड त्रिन्ह झुआन त्रुओंग ने समापन भाषण दिया।",
                 "सचिव त्रिन्ह झुआन त्रुओंग ने चे ताओ कम्यून को उपहार दिया।"},
                "hi");
  const auto f = polyalign::check_pair(r, only(CheckKind::kNames));
  REQUIRE(f.size() == 1);
  CHECK(f[0].tuple == 2);
  CHECK(f[0].severity == Severity::kWarning);
  // The widest missing names, not their words.
  const auto marks = highlighted(r, f[0], 1);
  CHECK(std::find(marks.begin(), marks.end(), "त्रिन्ह झुआन त्रुओंग") != marks.end());
  CHECK(std::find(marks.begin(), marks.end(), "चे ताओ") != marks.end());
  CHECK(std::find(marks.begin(), marks.end(), "झुआन") == marks.end());
}

TEST_CASE("names: a name the translation translates the same way each time is not missing") {
  // Indonesian keeps "Labour" once (so it is a name the documents share)
  // and otherwise writes "Buruh"; the last sentence drops the party.
  const auto r = make_pair(
      {"The Labour leader spoke in Leeds yesterday.", "Labour wants new elections this winter.",
       "Critics of Labour met on Monday in Hull.", "Labour said the vote had been fair.",
       "Labour will decide about the budget next week."},
      "en",
      {"Pemimpin Labour berbicara di Leeds kemarin.", "Buruh menginginkan pemilu baru musim dingin ini.",
       "Para pengkritik Buruh bertemu pada hari Senin di Hull.",
       "Buruh mengatakan pemungutan suara itu adil.", "Partai akan memutuskan anggaran minggu depan."},
      "id");
  REQUIRE(r.alignment.beads.size() == 5);
  const auto f = polyalign::check_pair(r, only(CheckKind::kNames));
  REQUIRE(f.size() == 1);
  CHECK(f[0].tuple == 4);
  CHECK(f[0].message == "name missing: Labour (en) not in id");
}

TEST_CASE("calendar names: every form of a month or weekday, in its language") {
  struct Case {
    const char* lang;
    const char* word;
    int item;  // 0-11 months, 12-18 Sunday..Saturday, -1 neither
  };
  const Case cases[] = {
      {"en", "Oct.", 9},          {"de", "Oktober", 9},   {"id", "Oktober", 9},
      {"uk", "жовтня", 9},        {"uk", "жовтні", 9},    {"uk", "жовтень", 9},
      {"hi", "मार्च", 2},           {"de", "März", 2},      {"en", "Tuesday", 14},
      {"uk", "вівторок", 14},     {"id", "Sabtu", 18},    {"hi", "शनिवार", 18},
      {"en", "Morgan", -1},       {"de", "Regierung", -1}, {"uk", "Київ", -1},
  };
  for (const Case& c : cases) {
    CAPTURE(c.lang);
    CAPTURE(c.word);
    const auto item = polyalign::checks::calendar_item(c.lang, polyalign::name_key(c.word));
    CHECK(item.value_or(-1) == c.item);
  }
}

TEST_CASE("place names: a country, region or language by its name in each language") {
  struct Case {
    const char* lang_a;
    const char* a;
    const char* lang_b;
    const char* b;
    bool same;
  };
  const Case cases[] = {
      {"en", "Greece", "uk", "Греції", true},         // genitive of Греція
      {"en", "Greece", "de", "Griechenland", true},   {"en", "Greece", "id", "Yunani", true},
      {"de", "Niederlanden", "id", "Belanda", true},  // dative plural
      {"en", "Singapore", "hi", "सिंगापुर", true},     {"en", "Europe", "id", "Eropa", true},
      {"en", "Welsh", "de", "walisische", true},      // the language, inflected
      {"en", "Italy", "id", "Italia", true},          {"en", "China", "uk", "Китай", true},
      {"en", "Greece", "de", "Italien", false},       {"en", "Austria", "de", "Australien", false},
      {"en", "Wales", "de", "walisisch", false},      // not a country of ICU's
      {"en", "Morgan", "de", "Morgan", false},        // not a place at all
  };
  for (const Case& c : cases) {
    CAPTURE(c.a);
    CAPTURE(c.b);
    const auto a = polyalign::checks::place_items(c.lang_a, polyalign::name_key(c.a));
    const auto b = polyalign::checks::place_items(c.lang_b, polyalign::name_key(c.b));
    const bool same = std::any_of(a.begin(), a.end(), [&](int i) {
      return std::find(b.begin(), b.end(), i) != b.end();
    });
    CHECK(same == c.same);
  }
}

TEST_CASE("names: a country in each version's own name is there, a word like a name is not the name") {
  // Tuple 0: "Greece" / "Griechenland" / "Yunani": no finding. Tuple 1:
  // English drops "Wales" but keeps "Welsh", which the others write too:
  // the others' "Wales" is missing from it, not rendered by its "Welsh".
  // Tuple 2 keeps "Wales" everywhere, so it is a name of the bundle.
  const auto r = make_bundle(
      {{"en",
        {"Athens said Greece would object to the plan.", "For readers outside: in Welsh twp means daft.",
         "The assembly of Wales will vote on the plan."}},
       {"id",
        {"Athena mengatakan Yunani akan menolak rencana itu.",
         "Bagi pembaca di luar Wales: dalam bahasa Welsh twp artinya gila.",
         "Majelis Wales akan memberikan suara atas rencana itu."}},
       {"de",
        {"Athen sagte, Griechenland werde den Plan ablehnen.",
         "Für Leser außerhalb von Wales: auf Welsh bedeutet twp verrückt.",
         "Die Versammlung von Wales wird über den Plan abstimmen."}}});
  const auto f = polyalign::check_corpus(r, only(CheckKind::kNames));
  REQUIRE(f.size() == 1);
  CHECK(f[0].tuple == 1);
  CHECK(f[0].message == "name missing: Wales (id) not in en; Wales (de) not in en");
}

TEST_CASE("names: with three versions, a name only one writes is its rendering, not an omission") {
  // Indonesian writes "Amerika Serikat" where English and German write
  // "U.S." / "USA" (all three write America elsewhere); German drops
  // "Kavanaugh", which the other two keep.
  const auto r = make_bundle(
      {{"en",
        {"In Lima, Kavanaugh met the U.S. delegation.", "The talks were about trade with Peru.",
         "Then Kavanaugh spoke about America for an hour."}},
       {"id",
        {"Di Lima, Kavanaugh bertemu delegasi Amerika Serikat.", "Pembicaraan itu tentang perdagangan dengan Peru.",
         "Lalu Kavanaugh berbicara tentang Amerika selama satu jam."}},
       {"de",
        {"In Lima traf Kavanaugh die US-Delegation.", "Die Gespräche betrafen den Handel mit Peru.",
         "Dann sprach er eine Stunde lang über Amerika."}}});
  const auto f = polyalign::check_corpus(r, only(CheckKind::kNames));
  REQUIRE(f.size() == 1);
  CHECK(f[0].tuple == 2);
  CHECK(f[0].message == "name missing: Kavanaugh (en) not in de; Kavanaugh (id) not in de");
}

TEST_CASE("names: a name a version never writes in its document is rendered, a month by its own name") {
  // German writes "walisisch", "in Cardiff", "des Landes" for "Welsh":
  // no finding (too varied for corpus statistics to learn). The
  // months "Oct." / "Oktober" / "Oktober" agree. "Morgan" is dropped once
  // from a text that keeps it elsewhere: reported.
  const auto r = make_bundle(
      {{"en",
        {"Soon the Welsh government will discuss the plan, in Oct.", "Yesterday Morgan asked for more time.",
         "Next week the Welsh assembly will vote on the plan.", "Then Morgan said the ministers agreed.",
         "Then the Welsh ministers will meet again.", "Later Morgan will present it to the assembly."}},
       {"id",
        {"Segera pemerintah Welsh akan membahas rencana itu, pada Oktober.", "Kemarin Morgan meminta lebih banyak waktu.",
         "Minggu depan majelis Welsh akan memberikan suara atas rencana itu.",
         "Lalu Morgan mengatakan para menteri setuju.", "Lalu para menteri Welsh akan bertemu lagi.",
         "Nanti Morgan akan menyampaikannya kepada majelis."}},
       {"de",
        {"Bald wird die walisische Regierung den Plan besprechen, im Oktober.",
         "Gestern bat Morgan um mehr Zeit.", "Nächste Woche wird die Versammlung in Cardiff über den Plan abstimmen.",
         "Dann sagte er, die Minister hätten zugestimmt.", "Dann treffen sich die Minister des Landes wieder.",
         "Später wird Morgan ihn der Versammlung vorlegen."}}});
  const auto f = polyalign::check_corpus(r, only(CheckKind::kNames));
  REQUIRE(f.size() == 1);
  CHECK(f[0].tuple == 3);
  CHECK(f[0].message == "name missing: Morgan (en) not in de; Morgan (id) not in de");
}

TEST_CASE("names: a name with an apostrophe, or with a final s, is the name") {
  // "L'Oreal" is one name key ("loreal") but two words; "HBO's", "Emmys"
  // add an "s" to a short name ("emmys" / "emmy" are "emis" / "emi"). The
  // last tuple does drop L'Oreal.
  const auto r = make_pair(
      {"Shares of L'Oreal rose in Paris.", "The new series of HBO's starts in May.",
       "Her first Emmy came in 2015.", "Many Emmy awards went to the show.",
       "Rose Leslie thanked L'Oreal."},
      "en",
      {"Die Aktien von L’Oreal stiegen in Paris.", "Die neue Serie von HBO beginnt im Mai.",
       "Ihren ersten Emmy bekam sie 2015.", "Viele Emmys gingen an die Serie.",
       "Rose Leslie bedankte sich."},
      "de");
  REQUIRE(r.alignment.beads.size() == 5);
  const auto f = polyalign::check_pair(r, only(CheckKind::kNames));
  REQUIRE(f.size() == 1);
  CHECK(f[0].tuple == 4);
  CHECK(f[0].message == "name missing: L'Oreal (en) not in de");
}

TEST_CASE("names: a territory by its code, as letters or spelled in Devanagari") {
  // Indonesian writes "Uni Eropa" and "Amerika Serikat" out; English
  // writes "EU", "U.S.", "USA"; Hindi "ईयू", "यूएसए" and "यू.एस." (the
  // letters read out). The last tuple drops Europe from Hindi.
  const auto r = make_bundle(
      {{"en",
        {"Europe and America are far apart.", "Leaders of the EU met in Brussels.",
         "The U.S. team won in Paris.", "The USA team lost in Rome.",
         "Then the leaders went home to Europe."}},
       {"id",
        {"Eropa dan Amerika berjauhan.", "Para pemimpin Uni Eropa bertemu di Brussels.",
         "Tim Amerika Serikat menang di Paris.", "Tim Amerika Serikat kalah di Roma.",
         "Lalu para pemimpin pulang ke Eropa."}},
       {"hi",
        {"यूरोप और अमेरिका बहुत दूर हैं।", "ब्रसेल्स में ईयू के नेता मिले।",
         "पेरिस में यूएसए की टीम जीती।", "रोम में यू.एस. टीम हारी।", "फिर नेता घर गए।"}}});
  const auto f = polyalign::check_corpus(r, only(CheckKind::kNames));
  REQUIRE(f.size() == 1);
  CHECK(f[0].tuple == 4);
  CHECK(f[0].message == "name missing: Europe (en) not in hi");
}

TEST_CASE("place names: a territory by its ISO code") {
  const auto us = polyalign::checks::place_items("id", polyalign::name_key("Amerika Serikat"));
  const auto eu = polyalign::checks::place_items("de", polyalign::name_key("Europäische Union"));
  REQUIRE(us.size() == 1);
  REQUIRE(eu.size() == 1);
  CHECK(polyalign::checks::place_item_of_code("US") == us[0]);
  CHECK(polyalign::checks::place_item_of_code("USA") == us[0]);
  CHECK(polyalign::checks::place_item_of_code("EU") == eu[0]);
  CHECK(polyalign::checks::place_item_of_code("XQZ") == -1);
  CHECK(polyalign::checks::place_item_of_code("us") == -1);  // codes are upper case
}

TEST_CASE("names: capitalised common words are not names") {
  // "Partai" is written "partai" elsewhere; "Setelah" only starts a sentence.
  const auto r = make_pair({"Setelah rapat, Partai Rakyat bertemu.", "Anggota partai hadir."}, "id",
                           {"बैठक के बाद, पार्टी मिली।", "सदस्य उपस्थित थे।"}, "hi");
  CHECK(polyalign::check_pair(r, only(CheckKind::kNames)).empty());
}

TEST_CASE("omissions: a sentence without counterpart, but not punctuation alone") {
  const auto r = make_pair({"The first sentence is here.", "A second one follows.", "***"}, "en",
                           {"Der erste Satz ist hier."}, "de",
                           {{{0, 1}, {0, 1}}, {{1, 2}, {1, 1}}, {{2, 3}, {1, 1}}});
  const auto f = polyalign::check_pair(r, only(CheckKind::kOmissions));
  REQUIRE(f.size() == 1);
  CHECK(f[0].tuple == 1);
  REQUIRE(f[0].members.size() == 1);
  CHECK(f[0].members[0].member == 0);
  CHECK(f[0].members[0].sentences == std::vector<std::uint32_t>{1});
  CHECK(f[0].message == "en sentence has no counterpart in de");
}

TEST_CASE("untranslated: the source text copied, or a sentence in the other's language") {
  {
    const std::string s = "The committee approved the new budget for the schools on Monday.";
    const auto r = make_pair({s}, "en", {s}, "de");
    const auto f = polyalign::check_pair(r, only(CheckKind::kUntranslated));
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::kError);
    CHECK(f[0].message == "de sentence is the en one, untranslated");
  }
  {  // Only names and numbers: nothing to translate.
    const auto r = make_pair({"Ho Chi Minh City 2025"}, "en", {"Ho Chi Minh City 2025"}, "de");
    CHECK(polyalign::check_pair(r, only(CheckKind::kUntranslated)).empty());
  }
  {  // An English sentence left in a Hindi translation.
    const auto r =
        make_pair({"The meeting was held in the provincial capital.", "Many people attended it.",
                   "The weather was very good during the whole week of the festival."},
                  "en",
                  {"बैठक प्रांतीय राजधानी में आयोजित की गई थी।", "इसमें कई लोग शामिल हुए।",
                   "The weather was really nice during the entire week of the festival."},
                  "hi");
    const auto f = polyalign::check_pair(r, only(CheckKind::kUntranslated));
    REQUIRE(f.size() == 1);
    CHECK(f[0].tuple == 2);
    CHECK(f[0].message.find("hi sentence is in en") != std::string::npos);
  }
}

TEST_CASE("repeated: exact and near repeats in one document, short words alone not") {
  const std::vector<std::string> a = {
      "The secretary presented the education fund with 30 million dong.",
      "Other news of the day follow here.",
      "On this occasion, the secretary presented the education fund with 30 million dong.",
      "Other news of the day follow here.",
      "Yes.",
      "Yes.",
  };
  const auto r = make_pair(a, "en", a, "en");
  const auto f = polyalign::check_pair(r, only(CheckKind::kRepeated));
  REQUIRE(f.size() == 2);
  CHECK(f[0].tuple == 2);
  REQUIRE(f[0].related.size() == 1);
  CHECK(f[0].related[0].tuple == 0);
  CHECK(f[0].message.find("nearly repeats") != std::string::npos);
  REQUIRE(f[0].members.size() == 2);  // both sides repeat: one finding
  CHECK(f[0].members[0].sentences == std::vector<std::uint32_t>{0, 2});
  CHECK(f[1].tuple == 3);
  CHECK(f[1].message.find(": repeats") != std::string::npos);
  CHECK(f[1].severity == Severity::kInfo);
}

TEST_CASE("inconsistent: one sentence translated two ways, the differing words highlighted") {
  const auto r =
      make_pair({"The meeting starts at the city hall.", "Other text about the weather today.",
                 "The meeting starts at the city hall."},
                "en",
                {"Das Treffen beginnt im Rathaus.", "Anderer Text über das Wetter heute.",
                 "Die Sitzung fängt im Rathaus an."},
                "de");
  const auto f = polyalign::check_pair(r, only(CheckKind::kInconsistent));
  REQUIRE(f.size() == 1);
  CHECK(f[0].tuple == 2);
  REQUIRE(f[0].related.size() == 1);
  CHECK(f[0].related[0].tuple == 0);
  CHECK(highlighted(r, f[0], 1) == std::vector<std::string>{"Die", "Sitzung", "fängt", "an"});
}

TEST_CASE("length: a bead far outside the pair's length ratios") {
  std::vector<std::string> a, b;
  const char* words[] = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta"};
  for (int i = 0; i < 14; ++i) {
    std::string x = "Sentence", y = "Satz";
    for (int w = 0; w < 5 + i % 4; ++w) {
      x += std::string(" ") + words[(i + w) % 7];
      y += std::string(" ") + words[(i + 2 * w) % 7];
    }
    a.push_back(x + ".");
    b.push_back(y +
                (i == 9 ? " and then a long addition that the source does not have at all." : "."));
  }
  const auto r = make_pair(a, "en", b, "de");
  const auto f = polyalign::check_pair(r, only(CheckKind::kLength));
  REQUIRE(f.size() == 1);
  CHECK(f[0].tuple == 9);
  CHECK(f[0].message.find("unusual length: de/en") != std::string::npos);
  // Too few 1-1 beads to know the pair's ratios: nothing.
  const auto few =
      make_pair({a.begin(), a.begin() + 9}, "en", {b.begin() + 1, b.begin() + 10}, "de");
  CHECK(polyalign::check_pair(few, only(CheckKind::kLength)).empty());
}

TEST_CASE("seed corpus: the repeated last sentence, no false number alarm") {
  const polyalign::CorpusResult r = corpus_of(kSeeds);
  REQUIRE(r.bundles.size() == 1);
  REQUIRE(r.bundles[0].tuples.size() == 21);
  const std::vector<Finding> f = polyalign::check_corpus(r);
  // 2.645 / 2,645, 31,82% / 31.82%, 1.500 / 1,500, 30 juta / 30 मिलियन agree.
  CHECK(of_kind(f, CheckKind::kNumbers).empty());
  const auto repeated = of_kind(f, CheckKind::kRepeated);
  REQUIRE(repeated.size() == 1);
  CHECK(repeated[0].severity == Severity::kInfo);
  CHECK(repeated[0].bundle == 0);
  CHECK(repeated[0].tuple == 18);
  REQUIRE(repeated[0].members.size() == 2);
  for (const polyalign::FindingMember& m : repeated[0].members) {
    CHECK(m.sentences == std::vector<std::uint32_t>{17, 18});
  }
  REQUIRE(repeated[0].related.size() == 1);
  CHECK(repeated[0].related[0] == polyalign::TupleRef{0, 17});
  CHECK(f.size() == 1);  // nothing else on a faithful translation

  // The same pair through `align`: the same finding, on bead 18.
  const polyalign::DocumentAlignment p = polyalign::align_documents(
      polyalign::read_document(source_file(kSeeds + "/000_ce7c1f1e563d1f0d.txt")),
      polyalign::read_document(source_file(kSeeds + "/001_6df23d5c9a213664.txt")));
  const std::vector<Finding> fp = polyalign::check_pair(p);
  REQUIRE(fp.size() == 1);
  CHECK(fp[0].kind == CheckKind::kRepeated);
  CHECK(fp[0].tuple == 18);
}

TEST_CASE("planted corpus: every planted error is found, nothing else") {
  const polyalign::CorpusResult r = corpus_of(kPlanted);
  REQUIRE(r.bundles.size() == 1);
  const polyalign::Bundle& b = r.bundles[0];
  REQUIRE(b.documents.size() == 2);
  // Members sorted by path: planted-hi.txt, planted-id.txt.
  const std::size_t hi = 0, id = 1;
  REQUIRE(r.documents[b.documents[hi]].document.lang == "hi");
  const std::vector<Finding> f = polyalign::check_corpus(r);
  auto text = [&](std::size_t member, const polyalign::ByteSpan& s) {
    return r.documents[b.documents[member]].document.text.substr(s.start, s.size());
  };
  auto marks = [&](const Finding& x, std::size_t member) {
    std::vector<std::string> out;
    for (const auto& m : x.members)
      if (m.member == member)
        for (const auto& h : m.highlights) out.push_back(text(member, h));
    return out;
  };
  auto sentences = [&](const Finding& x, std::size_t member) {
    for (const auto& m : x.members)
      if (m.member == member) return m.sentences;
    return std::vector<std::uint32_t>{};
  };
  const auto numbers = of_kind(f, CheckKind::kNumbers);
  REQUIRE(numbers.size() == 1);
  CHECK(numbers[0].severity == Severity::kError);
  CHECK(marks(numbers[0], hi) == std::vector<std::string>{"2,654"});
  CHECK(marks(numbers[0], id) == std::vector<std::string>{"2.645"});

  const auto omissions = of_kind(f, CheckKind::kOmissions);
  REQUIRE(omissions.size() == 1);
  CHECK(sentences(omissions[0], id) == std::vector<std::uint32_t>{11});
  CHECK(sentences(omissions[0], hi).empty());

  const auto names = of_kind(f, CheckKind::kNames);
  REQUIRE(names.size() == 1);
  CHECK(sentences(names[0], id) == std::vector<std::uint32_t>{10});
  CHECK(marks(names[0], hi) == std::vector<std::string>{"त्रिन्ह झुआन त्रुओंग"});

  const auto untranslated = of_kind(f, CheckKind::kUntranslated);
  REQUIRE(untranslated.size() == 1);
  CHECK(sentences(untranslated[0], hi) == std::vector<std::uint32_t>{13});
  CHECK(sentences(untranslated[0], id) == std::vector<std::uint32_t>{14});
  CHECK(untranslated[0].message == "hi sentence is the id one, untranslated");

  // Besides the seed's own repeat, no false alarm.
  CHECK(of_kind(f, CheckKind::kRepeated).size() == 1);
  CHECK(f.size() == 5);

  // --checks selects: only numbers.
  polyalign::CheckOptions o;
  o.checks = {CheckKind::kNumbers};
  const auto only_numbers = polyalign::check_corpus(r, o);
  CHECK(only_numbers.size() == 1);
  CHECK(only_numbers[0].kind == CheckKind::kNumbers);
  o.checks = {};
  CHECK(polyalign::check_corpus(r, o).empty());

  // The same findings at any thread count.
  o = {};
  o.threads = 1;
  std::ostringstream one, three;
  polyalign::write_findings_jsonl(one, r, polyalign::check_corpus(r, o));
  o.threads = 3;
  polyalign::write_findings_jsonl(three, r, polyalign::check_corpus(r, o));
  CHECK(one.str() == three.str());
}

TEST_CASE("findings JSONL: one object per line, spans and highlights point into the files") {
  const polyalign::CorpusResult r = corpus_of(kPlanted);
  const std::vector<Finding> f = polyalign::check_corpus(r);
  std::ostringstream out;
  polyalign::write_findings_jsonl(out, r, f);
  std::istringstream in(out.str());
  std::size_t lines = 0;
  bool saw_highlight = false;
  for (std::string line; std::getline(in, line); ++lines) {
    const nlohmann::json j = nlohmann::json::parse(line);
    CAPTURE(line);
    CHECK(j.at("bundle") == "bundle-0001");
    CHECK(j.at("tuple").get<std::size_t>() < r.bundles[0].tuples.size());
    CHECK(j.at("message").get<std::string>().find('\n') == std::string::npos);
    const std::string kind = j.at("kind");
    CHECK(polyalign::parse_checks(kind).size() == 1);
    const std::string severity = j.at("severity");
    CHECK((severity == "error" || severity == "warning" || severity == "info"));
    REQUIRE(!j.at("members").empty());
    for (const auto& [path, m] : j.at("members").items()) {
      const auto doc = std::find_if(r.documents.begin(), r.documents.end(),
                                    [&](const auto& d) { return d.document.path == path; });
      REQUIRE(doc != r.documents.end());
      CHECK(m.at("lang") == doc->document.lang);
      REQUIRE(m.at("sentences").size() == m.at("spans").size());
      for (std::size_t q = 0; q < m.at("sentences").size(); ++q) {
        const auto& s = doc->sentences.at(m.at("sentences")[q].get<std::size_t>()).span;
        CHECK(m.at("spans")[q][0] == s.start);
        CHECK(m.at("spans")[q][1] == s.end);
      }
      for (const auto& h : m.at("highlights")) {
        saw_highlight = true;
        const std::uint64_t s = h[0], e = h[1];
        CHECK(s < e);
        // Inside one of the member's sentences.
        CHECK(std::any_of(m.at("spans").begin(), m.at("spans").end(),
                          [&](const auto& sp) { return sp[0] <= s && e <= sp[1]; }));
      }
    }
  }
  CHECK(lines == f.size());
  CHECK(saw_highlight);
}

TEST_CASE("check options are validated") {
  const auto r = make_pair({"One."}, "en", {"Eins."}, "de");
  polyalign::CheckOptions o;
  o.name_threshold = 0;
  CHECK_THROWS_AS(polyalign::check_pair(r, o), std::invalid_argument);
  o = {};
  o.repeat_min_containment = 1.5;
  CHECK_THROWS_AS(polyalign::check_pair(r, o), std::invalid_argument);
  o = {};
  o.length_min_sigma = 0;
  CHECK_THROWS_AS(polyalign::check_pair(r, o), std::invalid_argument);
}
