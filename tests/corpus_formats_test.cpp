// The corpus writers (corpus_formats.h): format lists, every format written
// for the seed corpus and read back (TMX with a real XML parser, JSONL
// spans against the files, TSV, Moses, bundles.json), atomic writes, and
// text the formats cannot hold as it is.
#include "polyalign/corpus_formats.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "polyalign/corpus.h"
#include "test_data.h"

namespace fs = std::filesystem;
using polyalign::testing::read_all;
using polyalign::testing::source_file;
using polyalign::testing::TempDir;

namespace {

const std::string kNews = source_file("corpora/vietnam-news/");

// The seed pair as a corpus of two documents, a.txt (Indonesian: `id_text`,
// the seed article 000 edited) and b.txt (Hindi: 001), aligned on one thread.
polyalign::CorpusResult seed_pair_corpus(std::string id_text) {
  std::vector<polyalign::Document> docs = {
      polyalign::make_document(std::move(id_text), "id", "a.txt"),
      polyalign::make_document(read_all(kNews + "001_6df23d5c9a213664.txt"), "hi", "b.txt")};
  polyalign::CorpusOptions o;
  o.threads = 1;
  return polyalign::align_corpus(std::move(docs), o);
}

}  // namespace

TEST_CASE("format lists") {
  using F = polyalign::CorpusFormat;
  struct Case {
    const char* list;
    std::vector<F> expected;
  };
  const Case good[] = {
      {"tmx", {F::kTmx}},
      {"tmx,tsv,jsonl,moses", {F::kTmx, F::kTsv, F::kJsonl, F::kMoses}},
      {"moses, jsonl", {F::kMoses, F::kJsonl}},
  };
  for (const Case& c : good) {
    CAPTURE(c.list);
    CHECK(polyalign::parse_corpus_formats(c.list) == c.expected);
  }
  for (const char* bad : {"", "xml", "tmx,,tsv", "tmx,tmx"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(polyalign::parse_corpus_formats(bad), std::invalid_argument);
  }
  CHECK_THROWS_WITH(polyalign::parse_corpus_formats("tmx,xml"), doctest::Contains("'xml'"));
}

TEST_CASE("writers: TMX parsed back with every tuple a <tu>, JSONL spans, TSV, Moses, bundles.json") {
  polyalign::CorpusOptions options;
  options.threads = 2;
  const polyalign::CorpusResult r =
      polyalign::align_corpus({source_file("corpora/vietnam-news")}, options);
  REQUIRE(r.bundles.size() == 1);
  TempDir tmp;
  const fs::path out = tmp.path() / "out" / "nested";  // created by write_corpus
  const std::vector<std::string> written = polyalign::write_corpus(r, out.string());
  CHECK(written.back() == (out / "bundles.json").string());  // the index comes last
  for (const auto& entry : fs::recursive_directory_iterator(out)) {
    CHECK(entry.path().filename().string()[0] != '.');  // no temporary file left behind
  }
  const polyalign::Bundle& b = r.bundles[0];
  auto text_of = [&](std::size_t k, const polyalign::SentenceRange& s) {
    std::string t;
    for (std::uint32_t i = s.begin; i < s.end; ++i) {
      if (i > s.begin) t += ' ';
      t += r.documents[b.documents[k]].sentence_text(i);
    }
    return t;
  };

  // TMX 1.4b, read back with a real XML parser.
  pugi::xml_document tmx;
  REQUIRE(tmx.load_file((out / "corpus.tmx").c_str()));
  pugi::xml_node root = tmx.child("tmx");
  CHECK(std::string(root.attribute("version").value()) == "1.4");
  pugi::xml_node header = root.child("header");
  for (const char* attr : {"creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang",
                           "srclang", "datatype"}) {
    CAPTURE(attr);
    CHECK_FALSE(std::string(header.attribute(attr).value()).empty());
  }
  // srclang: the source language, whose <tuv> comes first, then the others
  // alphabetically (a tie on confidence goes to the first alphabetically).
  const std::vector<std::string> order = polyalign::corpus_language_order(r);
  REQUIRE(order.size() == 2);
  CHECK(std::string(header.attribute("srclang").value()) == order[0]);
  std::size_t n = 0;
  for (pugi::xml_node tu : root.child("body").children("tu")) {
    REQUIRE(n < b.tuples.size());
    const polyalign::Tuple& t = b.tuples[n];
    CHECK(std::string(tu.attribute("tuid").value()) == fmt::format("bundle-0001-{}", n + 1));
    CHECK(std::string(tu.find_child_by_attribute("prop", "type", "x-bundle").text().get()) ==
          "bundle-0001");
    std::vector<std::pair<std::string, std::string>> tuvs;
    for (pugi::xml_node tuv : tu.children("tuv")) {
      tuvs.emplace_back(tuv.attribute("xml:lang").value(), tuv.child("seg").text().get());
    }
    std::vector<std::pair<std::string, std::string>> expected;
    for (const std::string& lang : order) {
      for (std::size_t k = 0; k < b.documents.size(); ++k) {
        if (!t.members[k].empty() && r.documents[b.documents[k]].document.lang == lang)
          expected.emplace_back(lang, text_of(k, t.members[k]));
      }
    }
    CHECK(tuvs == expected);
    ++n;
  }
  CHECK(n == b.tuples.size());

  // alignment.jsonl: one tuple per line, spans cut the sentences out of the files.
  std::ifstream jsonl(out / "bundle-0001" / "alignment.jsonl");
  n = 0;
  for (std::string line; std::getline(jsonl, line); ++n) {
    const auto j = nlohmann::json::parse(line);
    REQUIRE(n < b.tuples.size());
    CHECK(j["confidence"].get<double>() >= 0.0);
    for (std::size_t k = 0; k < b.documents.size(); ++k) {
      const polyalign::SegmentedDocument& d = r.documents[b.documents[k]];
      const polyalign::SentenceRange& s = b.tuples[n].members[k];
      REQUIRE(j["members"].contains(d.document.path) == !s.empty());
      if (s.empty()) continue;
      const auto& m = j["members"][d.document.path];
      REQUIRE(m["sentences"].size() == s.size());
      const std::string file = read_all(d.document.path);
      for (std::size_t i = 0; i < s.size(); ++i) {
        CHECK(m["sentences"][i].get<std::uint32_t>() == s.begin + i);
        const auto start = m["spans"][i][0].get<std::size_t>(),
                   end = m["spans"][i][1].get<std::size_t>();
        CHECK(file.substr(start, end - start) == d.sentence_text(s.begin + i));
      }
    }
  }
  CHECK(n == b.tuples.size());

  // bundles.json: the schema of the issue.
  const auto index = nlohmann::json::parse(read_all(out / "bundles.json"));
  REQUIRE(index["bundles"].size() == 1);
  CHECK(index["bundles"][0]["id"] == "bundle-0001");
  CHECK(index["bundles"][0]["documents"][0]["lang"] == "id");
  CHECK(index["bundles"][0]["documents"][1]["lang"] == "hi");
  // The mean tuple confidence, explained in the index.
  double mean = 0;
  for (const polyalign::Tuple& t : b.tuples) mean += t.confidence / double(b.tuples.size());
  CHECK(index["bundles"][0]["confidence"].get<double>() == doctest::Approx(mean).epsilon(1e-3));
  CHECK(mean > 0.8);
  CHECK(index["confidence"]["tuple"].get<std::string>().find("every member") != std::string::npos);
  REQUIRE(index["unmatched"].size() == 3);
  for (const auto& u : index["unmatched"]) {
    CHECK(u.contains("path"));
    CHECK(u.contains("lang"));
    CHECK(u["reason"].get<std::string>().find("best candidate") != std::string::npos);
  }

  // TSV: a header, then one line per tuple, one column per language.
  std::ifstream tsv(out / "corpus.tsv");
  std::string head;
  std::getline(tsv, head);
  CHECK(head == "bundle\tconfidence\thi\tid");
  n = 0;
  for (std::string line; std::getline(tsv, line); ++n) {
    CHECK(std::count(line.begin(), line.end(), '\t') == 3);
  }
  CHECK(n == b.tuples.size());

  // Moses: line-parallel, filtered by the pair confidence.
  auto lines = [](const fs::path& p) {
    std::ifstream in(p);
    std::vector<std::string> v;
    for (std::string l; std::getline(in, l);) v.push_back(l);
    return v;
  };
  const auto hi = lines(out / "moses" / "hi-id.hi"), id = lines(out / "moses" / "hi-id.id");
  CHECK(hi.size() == 21);
  CHECK(id.size() == 21);
  CHECK(id[3] == text_of(0, b.tuples[3].members[0]));
  // A threshold between the pair confidences keeps exactly the tuples above it.
  std::vector<float> conf;
  for (const polyalign::Tuple& t : b.tuples) conf.push_back(t.pair_confidence[0]);
  std::sort(conf.begin(), conf.end());
  polyalign::CorpusWriteOptions strict;
  strict.formats = {polyalign::CorpusFormat::kMoses};
  strict.min_confidence = 0.5 * (conf[5] + conf[6]);
  REQUIRE(conf[5] < conf[6]);
  polyalign::write_corpus(r, out.string(), strict);
  CHECK(lines(out / "moses" / "hi-id.hi").size() == 21 - 6);
  CHECK(lines(out / "moses" / "hi-id.id").size() == 21 - 6);

  // A failed write names the file and leaves no file under the final name.
  const std::string blocker = tmp.file("blocked", "a file where a directory should be");
  CHECK_THROWS_WITH_AS(polyalign::write_corpus(r, blocker), doctest::Contains("blocked"),
                       std::runtime_error);
}

TEST_CASE("regression: U+FFFE and U+FFFF in the text still give well-formed TMX") {
  // Found while writing fuzz_corpus's XML check (its input is kept in
  // tests/fuzz/regressions/fuzz_corpus/):
  // UTF-8 text may hold the noncharacters U+FFFE and U+FFFF, which XML 1.0
  // forbids; pugixml wrote them as they were and no XML parser read the TMX.
  std::string a = read_all(kNews + "000_ce7c1f1e563d1f0d.txt");
  a.insert(a.find("2.645") + 5, " \xEF\xBF\xBE\xEF\xBF\xBF");
  const polyalign::CorpusResult r = seed_pair_corpus(a);
  REQUIRE(r.bundles.size() == 1);
  std::ostringstream tmx;
  polyalign::write_tmx(tmx, r);
  CHECK(tmx.str().find("\xEF\xBF\xBE") == std::string::npos);
  CHECK(tmx.str().find("\xEF\xBF\xBF") == std::string::npos);
  CHECK(tmx.str().find("2.645    jiwa") != std::string::npos);  // each became a space
}

TEST_CASE("TSV and Moses: a tab inside a sentence becomes a space; JSONL spans keep the bytes") {
  // The seed pair, the Indonesian side with a tab for the space in "2.645 jiwa".
  std::string a = read_all(kNews + "000_ce7c1f1e563d1f0d.txt");
  const std::size_t at = a.find("2.645 jiwa");
  REQUIRE(at != std::string::npos);
  a[at + 5] = '\t';
  const polyalign::CorpusResult r = seed_pair_corpus(a);
  REQUIRE(r.bundles.size() == 1);
  const polyalign::Bundle& b = r.bundles[0];

  std::ostringstream tsv;
  polyalign::write_tsv(tsv, r);
  std::istringstream tsv_in(tsv.str());
  std::size_t lines = 0, with_number = 0;
  for (std::string line; std::getline(tsv_in, line); ++lines) {
    CAPTURE(line);
    CHECK(std::count(line.begin(), line.end(), '\t') == 3);  // bundle, confidence, hi, id
    with_number += line.find("2.645 jiwa") != std::string::npos;
  }
  CHECK(lines == 1 + b.tuples.size());
  CHECK(with_number == 1);

  std::ostringstream hi, id;
  CHECK(polyalign::write_moses(hi, id, r, "hi", "id", 0.0) == b.tuples.size());
  const std::string hi_lines = hi.str(), id_lines = id.str();
  CHECK(std::count(hi_lines.begin(), hi_lines.end(), '\n') == std::ptrdiff_t(b.tuples.size()));
  CHECK(std::count(id_lines.begin(), id_lines.end(), '\n') == std::ptrdiff_t(b.tuples.size()));
  CHECK(id_lines.find('\t') == std::string::npos);
  CHECK(id_lines.find("2.645 jiwa") != std::string::npos);
  // No pair is that sure: nothing kept above a confidence of 1.
  std::ostringstream none1, none2;
  CHECK(polyalign::write_moses(none1, none2, r, "hi", "id", 1.01) == 0);

  // One bundle's file: what write_bundle_jsonl writes, where the corpus
  // writer puts it; its spans cut the sentence out of the text, tab and all.
  TempDir tmp;
  const std::string path = polyalign::write_bundle_file(r, b, tmp.path().string());
  CHECK(fs::path(path) == tmp.path() / "bundle-0001" / "alignment.jsonl");
  std::ostringstream jsonl;
  polyalign::write_bundle_jsonl(jsonl, r, b);
  CHECK(read_all(path) == jsonl.str());
  bool tab_kept = false;
  std::istringstream jsonl_in(jsonl.str());
  for (std::string line; std::getline(jsonl_in, line);) {
    const auto j = nlohmann::json::parse(line);
    if (!j["members"].contains("a.txt")) continue;
    for (const auto& span : j["members"]["a.txt"]["spans"]) {
      const auto s = span[0].get<std::size_t>(), e = span[1].get<std::size_t>();
      tab_kept |= a.substr(s, e - s).find("2.645\tjiwa") != std::string::npos;
    }
  }
  CHECK(tab_kept);
}

TEST_CASE("pairs/ files in the shape of align --format jsonl; the source language leads TMX and TSV") {
  polyalign::CorpusOptions options;
  options.threads = 2;
  const polyalign::CorpusResult r =
      polyalign::align_corpus({source_file("corpora/vietnam-news")}, options);
  REQUIRE(r.bundles.size() == 1);
  const polyalign::Bundle& b = r.bundles[0];
  REQUIRE(b.pairs.size() == 1);
  TempDir tmp;
  polyalign::CorpusWriteOptions w;
  w.source_lang = "id";
  polyalign::write_corpus(r, tmp.path().string(), w);

  // pairs/hi-id.jsonl: side a = the Hindi member (documents[1]), spans cut
  // the sentences out of the files, every sentence of both once, in order.
  const polyalign::SegmentedDocument& id = r.documents[b.documents[0]];
  const polyalign::SegmentedDocument& hi = r.documents[b.documents[1]];
  REQUIRE(hi.document.lang == "hi");
  std::ifstream in(tmp.path() / "bundle-0001" / "pairs" / "hi-id.jsonl");
  std::size_t n = 0;
  std::uint32_t next_a = 0, next_b = 0;
  const std::string hi_file = read_all(hi.document.path), id_file = read_all(id.document.path);
  for (std::string line; std::getline(in, line); ++n) {
    const auto j = nlohmann::json::parse(line);
    for (const char* key : {"a", "b", "a_spans", "b_spans", "cost", "confidence"}) {
      CAPTURE(key);
      CHECK(j.contains(key));
    }
    REQUIRE(n < b.pairs[0].size());
    const polyalign::Bead& bead = b.pairs[0][n];  // side a = member 0 (id)
    CHECK(j["confidence"].get<double>() == doctest::Approx(bead.confidence).epsilon(1e-3));
    for (std::size_t i = 0; i < j["a"].size(); ++i) {
      const auto k = j["a"][i].get<std::uint32_t>();
      CHECK(k == next_a++);
      const auto s = j["a_spans"][i][0].get<std::size_t>(), e = j["a_spans"][i][1].get<std::size_t>();
      CHECK(hi_file.substr(s, e - s) == hi.sentence_text(k));
    }
    for (std::size_t i = 0; i < j["b"].size(); ++i) {
      const auto k = j["b"][i].get<std::uint32_t>();
      CHECK(k == next_b++);
      const auto s = j["b_spans"][i][0].get<std::size_t>(), e = j["b_spans"][i][1].get<std::size_t>();
      CHECK(id_file.substr(s, e - s) == id.sentence_text(k));
    }
    CHECK(j["a"].size() == bead.b.size());
    CHECK(j["b"].size() == bead.a.size());
  }
  CHECK(n == b.pairs[0].size());
  CHECK(next_a == hi.sentences.size());
  CHECK(next_b == id.sentences.size());

  // The source language first: TSV column, TMX srclang and first <tuv>.
  std::ifstream tsv(tmp.path() / "corpus.tsv");
  std::string head;
  std::getline(tsv, head);
  CHECK(head == "bundle\tconfidence\tid\thi");
  pugi::xml_document tmx;
  REQUIRE(tmx.load_file((tmp.path() / "corpus.tmx").c_str()));
  CHECK(std::string(tmx.child("tmx").child("header").attribute("srclang").value()) == "id");
  for (pugi::xml_node tu : tmx.child("tmx").child("body").children("tu")) {
    if (std::distance(tu.children("tuv").begin(), tu.children("tuv").end()) == 2) {
      CHECK(std::string(tu.child("tuv").attribute("xml:lang").value()) == "id");
    }
  }
  // A language the corpus lacks: named, before anything is written.
  w.source_lang = "de";
  const TempDir none;
  CHECK_THROWS_WITH_AS(polyalign::write_corpus(r, (none.path() / "out").string(), w),
                       doctest::Contains("'de'"), std::invalid_argument);
  CHECK_FALSE(fs::exists(none.path() / "out"));
}
