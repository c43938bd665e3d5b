// The pair writers of TMX, XLIFF and Moses, and pair JSONL read back
// (read_pair_jsonl): what `polyalign convert` rests on.
#include <doctest/doctest.h>

#include <pugixml.hpp>
#include <sstream>
#include <string>

#include "polyalign/formats.h"

namespace {

using polyalign::PairFormat;

polyalign::DocumentAlignment small_alignment() {
  polyalign::PipelineOptions options;
  options.presegmented = true;
  options.detect_language = false;
  polyalign::DocumentAlignment r;
  r.a = polyalign::segment_document(
      polyalign::make_document("Satu < dua.\nDua & tiga\x01.\nEmpat \xEF\xBF\xBF.\n", "id", "a.txt"),
      options);
  r.b = polyalign::segment_document(polyalign::make_document("One < two.\nTwo.\tThree.\n", "en"),
                                    options);
  r.alignment.beads = {{{0, 1}, {0, 1}, 0.5, 0.9}, {{1, 2}, {1, 2}, 1.25, 0.25},
                       {{2, 3}, {2, 2}, 7.0, 0.4}};
  return r;
}

std::string render(const polyalign::DocumentAlignment& r, PairFormat f) {
  std::ostringstream out;
  polyalign::write_pair_alignment(out, r, f);
  return out.str();
}

std::string a_text() { return small_alignment().a.document.text; }
std::string b_text() { return small_alignment().b.document.text; }

polyalign::DocumentAlignment read(const std::string& jsonl) {
  return polyalign::read_pair_jsonl(jsonl, polyalign::make_document(a_text(), "id", "a.txt"),
                                    polyalign::make_document(b_text(), "en", "b.txt"), "in.jsonl");
}

}  // namespace

TEST_CASE("tmx: one tu per bead, A's tuv first, its confidence, XML-legal text") {
  const std::string out = render(small_alignment(), PairFormat::kTmx);
  pugi::xml_document xml;
  REQUIRE(xml.load_string(out.c_str()));
  CHECK(std::string(xml.child("tmx").child("header").attribute("srclang").value()) == "id");
  const auto tus = xml.child("tmx").child("body").children("tu");
  CHECK(std::distance(tus.begin(), tus.end()) == 3);
  pugi::xml_node tu = xml.child("tmx").child("body").child("tu");
  CHECK(std::string(tu.child("prop").text().get()) == "0.9000");
  CHECK(std::string(tu.child("tuv").attribute("xml:lang").value()) == "id");
  CHECK(std::string(tu.child("tuv").child("seg").text().get()) == "Satu < dua.");
  CHECK(std::string(tu.child("tuv").next_sibling("tuv").child("seg").text().get()) == "One < two.");
  // The control character and U+FFFF became spaces; a bead with one side
  // has one <tuv>.
  tu = tu.next_sibling("tu");
  CHECK(std::string(tu.child("tuv").child("seg").text().get()) == "Dua & tiga .");
  tu = tu.next_sibling("tu");
  CHECK(std::string(tu.child("tuv").child("seg").text().get()) == "Empat  .");
  CHECK(!tu.child("tuv").next_sibling("tuv"));
}

TEST_CASE("xliff 1.2: source, target, state by confidence, confidence as attribute and note") {
  const std::string out = render(small_alignment(), PairFormat::kXliff);
  pugi::xml_document xml;
  REQUIRE(xml.load_string(out.c_str()));
  const pugi::xml_node root = xml.child("xliff");
  CHECK(std::string(root.attribute("version").value()) == "1.2");
  CHECK(std::string(root.attribute("xmlns").value()) == "urn:oasis:names:tc:xliff:document:1.2");
  CHECK(std::string(root.attribute("xmlns:polyalign").value()) == polyalign::kXliffNamespace);
  const pugi::xml_node file = root.child("file");
  CHECK(std::string(file.attribute("source-language").value()) == "id");
  CHECK(std::string(file.attribute("target-language").value()) == "en");
  CHECK(std::string(file.attribute("original").value()) == "a.txt");
  pugi::xml_node unit = file.child("body").child("trans-unit");
  CHECK(std::string(unit.attribute("id").value()) == "1");
  CHECK(std::string(unit.attribute("polyalign:confidence").value()) == "0.9000");
  CHECK(std::string(unit.child("source").text().get()) == "Satu < dua.");
  CHECK(std::string(unit.child("target").text().get()) == "One < two.");
  CHECK(std::string(unit.child("target").attribute("state").value()) == "translated");
  CHECK(std::string(unit.child("note").text().get()) == "alignment confidence 0.9000");
  unit = unit.next_sibling("trans-unit");
  CHECK(std::string(unit.child("target").attribute("state").value()) == "needs-review-translation");
  CHECK(std::string(unit.child("target").text().get()) == "Two.\tThree.");  // a tab is XML
  unit = unit.next_sibling("trans-unit");
  CHECK(!unit.child("target"));  // B has no sentence in the last bead
}

TEST_CASE("moses: beads with both sides, one line each") {
  std::ostringstream a, b;
  CHECK(polyalign::write_pair_moses(a, b, small_alignment()) == 2);
  CHECK(a.str() == "Satu < dua.\nDua & tiga\x01.\n");
  CHECK(b.str() == "One < two.\nTwo. Three.\n");
}

TEST_CASE("pair jsonl read back gives the same alignment in every format") {
  const polyalign::DocumentAlignment r = small_alignment();
  const polyalign::DocumentAlignment back = read(render(r, PairFormat::kJsonl));
  REQUIRE(back.alignment.beads.size() == 3);
  CHECK(back.a.sentences.size() == 3);
  CHECK(back.b.sentences.size() == 2);
  for (PairFormat f : {PairFormat::kBrackets, PairFormat::kTsv, PairFormat::kJsonl, PairFormat::kTmx,
                       PairFormat::kXliff}) {
    CHECK(render(back, f) == render(r, f));
  }
}

TEST_CASE("pair jsonl: a corrected alignment (rows merged, extra fields) is read") {
  const auto back = read(
      "{\"a\":[0,1],\"a_spans\":[[0,11],[12,24]],\"b\":[0],\"b_spans\":[[0,10]],"
      "\"confidence\":1,\"edited\":true}\n\n"
      "{\"a\":[2],\"a_spans\":[[25,35]],\"b\":[1],\"b_spans\":[[11,22]],\"confidence\":0.5,"
      "\"cost\":2.5,\"accepted\":[\"numbers\"]}\n");
  REQUIRE(back.alignment.beads.size() == 2);
  CHECK(back.alignment.beads[0].a == polyalign::SentenceRange{0, 2});
  CHECK(back.alignment.beads[0].cost == 0);
  CHECK(back.alignment.beads[1].cost == 2.5);
  CHECK(back.a.sentence_text(1) == "Dua & tiga\x01.");
}

TEST_CASE("pair jsonl: bad input is one error naming the file and line") {
  struct Case {
    const char* jsonl;
    const char* error;
  };
  const Case cases[] = {
      {"{\"a\":[0],\"a_spans\":[[0,11]],\"b\":[0],\"b_spans\":[[0,10]],\"confidence\":1}\nnot json\n",
       "in.jsonl: line 2: not JSON"},
      {"[1]\n", "in.jsonl: line 1: not a JSON object"},
      {"{\"a_spans\":[],\"b\":[],\"b_spans\":[],\"confidence\":1}", "line 1: \"a\" missing"},
      {"{\"a\":[0],\"b\":[],\"b_spans\":[],\"confidence\":1}", "\"a_spans\" missing"},
      {"{\"a\":[0],\"a_spans\":[],\"b\":[],\"b_spans\":[],\"confidence\":1}",
       "\"a_spans\" has 0 spans for 1 sentences"},
      {"{\"a\":[1],\"a_spans\":[[0,11]],\"b\":[],\"b_spans\":[],\"confidence\":1}",
       "expected sentence 0"},
      {"{\"a\":[0],\"a_spans\":[[0,99]],\"b\":[],\"b_spans\":[],\"confidence\":1}",
       "span [0, 99] is not inside a.txt"},
      {"{\"a\":[0],\"a_spans\":[[5,2]],\"b\":[],\"b_spans\":[],\"confidence\":1}", "is not inside"},
      {"{\"a\":[0],\"a_spans\":[[0,\"x\"]],\"b\":[],\"b_spans\":[],\"confidence\":1}",
       "not a [start, end] pair"},
      {"{\"a\":[0,1],\"a_spans\":[[0,11],[5,20]],\"b\":[],\"b_spans\":[],\"confidence\":1}",
       "overlaps the previous sentence"},
      {"{\"a\":[0],\"a_spans\":[[0,32]],\"b\":[],\"b_spans\":[],\"confidence\":1}",
       "cuts a character of a.txt in two"},
      {"{\"a\":[],\"a_spans\":[],\"b\":[],\"b_spans\":[],\"confidence\":1}", "no sentence on either side"},
      {"{\"a\":[0],\"a_spans\":[[0,11]],\"b\":[],\"b_spans\":[]}", "\"confidence\" missing"},
      {"{\"a\":[0],\"a_spans\":[[0,11]],\"b\":[],\"b_spans\":[],\"confidence\":1.5}",
       "\"confidence\" must be in [0, 1]"},
      {"{\"a\":[0],\"a_spans\":[[0,11]],\"b\":[],\"b_spans\":[],\"confidence\":\"high\"}",
       "\"confidence\" is not a number"},
      {"{\"a\":[0],\"a_spans\":[[0,11]],\"b\":[],\"b_spans\":[],\"confidence\":1,\"cost\":1e300}",
       "\"cost\" must be within"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.jsonl);
    CHECK_THROWS_WITH_AS(read(c.jsonl), doctest::Contains(c.error), std::invalid_argument);
  }
}
