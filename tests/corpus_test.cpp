// Corpus mode: bundling and N-way tuples, on the seed corpus, on documents
// built from ntrex-dev, and on a small corpus made by
// bench/make_ntrex_corpus.py. The writers: corpus_formats_test.cpp.
#include "polyalign/corpus.h"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "polyalign/corpus_formats.h"
#include "test_data.h"

namespace fs = std::filesystem;
using polyalign::testing::data_dir;
using polyalign::testing::read_all;
using polyalign::testing::source_file;
using polyalign::testing::TempDir;

namespace {

std::string basename(const std::string& path) { return fs::path(path).filename().string(); }

// The invariants every corpus result keeps, whatever its quality: every
// sentence of every member in exactly one tuple, tuples non-empty and in
// the order of every member (so no two tuples contradict each other),
// confidences in [0, 1], a member of each bundle per language at most.
void check_invariants(const polyalign::CorpusResult& r) {
  std::set<std::size_t> seen_docs;
  for (const polyalign::Bundle& b : r.bundles) {
    const std::size_t n = b.documents.size();
    REQUIRE(n >= 2);
    std::set<std::string> langs;
    for (std::size_t d : b.documents) {
      CHECK(seen_docs.insert(d).second);  // a document is in one bundle at most
      langs.insert(r.documents[d].document.lang);
    }
    CHECK(langs.size() == n);
    CHECK(b.pivot < n);
    CHECK(b.confidence >= 0.0);
    CHECK(b.confidence <= 1.0);
    std::vector<std::uint32_t> next(n, 0);  // next sentence expected per member
    for (const polyalign::Tuple& t : b.tuples) {
      REQUIRE(t.members.size() == n);
      REQUIRE(t.pair_confidence.size() == n * (n - 1) / 2);
      CHECK(t.confidence >= 0.0);
      CHECK(t.confidence <= 1.0);
      bool any = false;
      for (std::size_t k = 0; k < n; ++k) {
        const polyalign::SentenceRange& s = t.members[k];
        if (s.empty()) continue;
        any = true;
        // Monotone and gap-free: this tuple continues member k exactly
        // where the previous tuple holding k stopped.
        CHECK(s.begin == next[k]);
        next[k] = s.end;
      }
      CHECK(any);
    }
    for (std::size_t k = 0; k < n; ++k) {
      CHECK(next[k] == r.documents[b.documents[k]].sentences.size());
    }
  }
  for (const polyalign::UnmatchedDocument& u : r.unmatched) {
    CHECK(seen_docs.insert(u.document).second);
    CHECK_FALSE(u.reason.empty());
  }
  CHECK(seen_docs.size() == r.documents.size());  // every document bundled or unmatched
}

// Lines of ntrex-dev: {lang: lines} and the document id of every line.
struct Ntrex {
  std::map<std::string, std::vector<std::string>> lines;
  std::vector<std::string> doc_of;
};

bool load_ntrex(Ntrex& out) {
  const fs::path dir = fs::path(data_dir()) / "ntrex-dev";
  if (!fs::exists(dir / "documents.tsv")) return false;
  for (const char* lang : {"de", "en", "hi", "id", "uk"}) {
    std::ifstream in(dir / (std::string(lang) + ".txt"));
    for (std::string line; std::getline(in, line);) out.lines[lang].push_back(line);
  }
  std::ifstream in(dir / "documents.tsv");
  for (std::string line; std::getline(in, line);)
    out.doc_of.push_back(line.substr(0, line.find('\t')));
  return true;
}

}  // namespace

TEST_CASE("seed corpus: one bundle (000 id + 001 hi), the three other articles unmatched") {
  polyalign::CorpusOptions options;
  options.threads = 2;
  const polyalign::CorpusResult r =
      polyalign::align_corpus({source_file("corpora/vietnam-news")}, options);
  check_invariants(r);
  REQUIRE(r.documents.size() == 5);  // README.md is not a .txt file
  CHECK(r.skipped.empty());
  const std::vector<std::string> langs = {"id", "hi", "uk", "de", "en"};
  for (std::size_t d = 0; d < 5; ++d) {
    CAPTURE(r.documents[d].document.path);
    CHECK(basename(r.documents[d].document.path).substr(0, 4) == fmt::format("00{}_", d));
    CHECK(r.documents[d].document.lang == langs[d]);
  }
  REQUIRE(r.bundles.size() == 1);
  const polyalign::Bundle& b = r.bundles[0];
  CHECK(b.id == "bundle-0001");
  REQUIRE(b.documents == std::vector<std::size_t>{0, 1});
  // 21 sentences each, one to one, in order: tuple k = sentence k of both.
  REQUIRE(b.tuples.size() == 21);
  for (std::uint32_t k = 0; k < 21; ++k) {
    CAPTURE(k);
    CHECK(b.tuples[k].members[0] == polyalign::SentenceRange{k, k + 1});
    CHECK(b.tuples[k].members[1] == polyalign::SentenceRange{k, k + 1});
    CHECK(b.tuples[k].confidence > 0.5);
  }
  // The mean tuple confidence: every tuple right, and the pair's one
  // alignment is sure of nearly every bead.
  CHECK(b.confidence > 0.99);
  REQUIRE(b.pairs.size() == 1);
  CHECK(b.pairs[0].size() == 21);  // the pair's alignment: the tuples themselves
  // 002 (uk) and 004 (en) share many place names but report different visits.
  REQUIRE(r.unmatched.size() == 3);
  for (std::size_t u = 0; u < 3; ++u) {
    CHECK(r.unmatched[u].document == u + 2);
    CHECK(r.unmatched[u].reason.find("best candidate") != std::string::npos);
    CHECK(r.unmatched[u].reason.find("aligned with score") != std::string::npos);
  }
  // 002 and 004 were compared (they share rare names) and failed verification.
  bool compared = false;
  for (const polyalign::PairCheck& c : r.checks) {
    CHECK(c.score >= 0.0);
    CHECK(c.score <= 1.0);
    if (c.a == 2 && c.b == 4) {
      compared = true;
      CHECK(c.score < polyalign::CorpusOptions{}.min_pair_score);
    }
    if (c.a == 0 && c.b == 1) CHECK(c.score > 0.8);
  }
  CHECK(compared);
}

TEST_CASE("the same result at any thread count and from any spelling of the inputs") {
  const std::string dir = source_file("corpora/vietnam-news");
  polyalign::CorpusOptions one, four;
  one.threads = 1;
  four.threads = 4;
  const polyalign::CorpusResult a = polyalign::align_corpus({dir}, one);
  // The directory and two of its files again: each file is read once.
  const polyalign::CorpusResult b = polyalign::align_corpus(
      {dir + "/001_6df23d5c9a213664.txt", dir, dir + "/000_ce7c1f1e563d1f0d.txt"}, four);
  REQUIRE(a.documents.size() == b.documents.size());
  std::ostringstream ja, jb;
  polyalign::write_bundles_json(ja, a);
  polyalign::write_bundles_json(jb, b);
  CHECK(ja.str() == jb.str());
  REQUIRE(a.bundles.size() == b.bundles.size());
  for (std::size_t i = 0; i < a.bundles.size(); ++i) {
    std::ostringstream ta, tb;
    polyalign::write_bundle_jsonl(ta, a, a.bundles[i]);
    polyalign::write_bundle_jsonl(tb, b, b.bundles[i]);
    CHECK(ta.str() == tb.str());
  }
}

TEST_CASE("file search: recursive, hidden files and other extensions skipped, bad files reported") {
  TempDir tmp;
  const std::string good = tmp.file("a/b/article.txt", "Ein kurzer Text.\n");
  tmp.file("a/.hidden.txt", "Versteckt.\n");
  tmp.file(".git/objects.txt", "Versteckt.\n");
  tmp.file("a/notes.md", "Not a text file by extension.\n");
  const std::string binary = tmp.file("a/image.txt", std::string("PNG\0\x01\x02", 6));
  const std::string latin1 = tmp.file("c/latin1.TXT", "caf\xe9\n");
  const std::vector<std::string> files = polyalign::find_corpus_files({tmp.path().string()});
  REQUIRE(files.size() == 3);
  CHECK(basename(files[0]) == "article.txt");
  CHECK(basename(files[1]) == "image.txt");
  CHECK(basename(files[2]) == "latin1.TXT");  // extensions compare without case

  polyalign::CorpusOptions every;
  every.extensions.clear();
  CHECK(polyalign::find_corpus_files({tmp.path().string()}, every).size() == 4);
  polyalign::CorpusOptions excluding;
  excluding.exclude = {(tmp.path() / "a").string()};
  CHECK(polyalign::find_corpus_files({tmp.path().string()}, excluding).size() == 1);

  // Binary and non-UTF-8 files are skipped with the reason, never fatal.
  const polyalign::CorpusResult r = polyalign::align_corpus({tmp.path().string()});
  REQUIRE(r.documents.size() == 1);
  CHECK(r.documents[0].document.path == fs::path(good).generic_string());
  REQUIRE(r.skipped.size() == 2);
  CHECK(r.skipped[0].path == fs::path(binary).generic_string());
  CHECK(r.skipped[0].reason.find("NUL byte") != std::string::npos);
  CHECK(r.skipped[1].path == fs::path(latin1).generic_string());
  CHECK(r.skipped[1].reason.find("byte 3") != std::string::npos);
  CHECK(r.bundles.empty());
  REQUIRE(r.unmatched.size() == 1);
  CHECK(r.unmatched[0].reason.find("no candidate") != std::string::npos);

  CHECK_THROWS_WITH_AS(polyalign::find_corpus_files({(tmp.path() / "missing").string()}),
                       doctest::Contains("missing: no such file or directory"), std::runtime_error);
  CHECK_THROWS_AS(polyalign::align_corpus(std::vector<std::string>{}), std::invalid_argument);
}

TEST_CASE("options are validated") {
  struct Case {
    const char* name;
    void (*set)(polyalign::CorpusOptions&);
  };
  const Case cases[] = {
      {"max_key_share", [](polyalign::CorpusOptions& o) { o.max_key_share = 0; }},
      {"max_key_documents", [](polyalign::CorpusOptions& o) { o.max_key_documents = 0; }},
      {"candidates_per_language",
       [](polyalign::CorpusOptions& o) { o.candidates_per_language = 0; }},
      {"max_length_ratio", [](polyalign::CorpusOptions& o) { o.max_length_ratio = 0.5; }},
      {"index_decisive_level",
       [](polyalign::CorpusOptions& o) { o.index_decisive_level = 1; }},
      {"min_pair_score", [](polyalign::CorpusOptions& o) { o.min_pair_score = 1.5; }},
      {"verify_full_evidence", [](polyalign::CorpusOptions& o) { o.verify_full_evidence = 0; }},
      {"verify_prior_sentences",
       [](polyalign::CorpusOptions& o) { o.verify_prior_sentences = -1; }},
      {"neutral_pair_score", [](polyalign::CorpusOptions& o) { o.neutral_pair_score = 0.5; }},
      {"retry_candidates_per_language",
       [](polyalign::CorpusOptions& o) { o.retry_candidates_per_language = 5000; }},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    polyalign::CorpusOptions o;
    c.set(o);
    CHECK_THROWS_WITH_AS(polyalign::align_corpus({source_file("corpora/vietnam-news")}, o),
                         doctest::Contains(c.name), std::invalid_argument);
  }
}

TEST_CASE("a sentence the others have but one member lacks still forms one tuple") {
  Ntrex ntrex;
  if (!load_ntrex(ntrex)) {
    MESSAGE("skipped: no ntrex-dev in " << data_dir());
    return;
  }
  // One document of ntrex-dev in three languages, one sentence per line; the
  // German version lacks line 3 and the English one has an unrelated line.
  const std::string id = ntrex.doc_of[0];
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < ntrex.doc_of.size() && ntrex.doc_of[i] == id; ++i) rows.push_back(i);
  REQUIRE(rows.size() >= 8);
  std::vector<polyalign::Document> docs;
  for (const char* lang : {"de", "en", "id"}) {
    std::string text;
    for (std::size_t k = 0; k < rows.size(); ++k) {
      if (std::string(lang) == "de" && k == 3) continue;
      if (std::string(lang) == "en" && k == 5) text += ntrex.lines["en"][600] + "\n";
      text += ntrex.lines[lang][rows[k]] + "\n";
    }
    docs.push_back(polyalign::make_document(text, lang, fmt::format("mem/{}.txt", lang)));
  }
  polyalign::PipelineOptions po;
  po.presegmented = true;  // line k = sentence k
  polyalign::CorpusOptions options;
  options.pipeline = po;
  const polyalign::CorpusResult r = polyalign::align_corpus(docs, options);
  check_invariants(r);
  REQUIRE(r.bundles.size() == 1);
  const polyalign::Bundle& b = r.bundles[0];
  REQUIRE(b.documents.size() == 3);  // de, en, id by path
  // Expected tuples, by original line: de skips line 3, en has the insertion
  // before line 5 (its sentence 5) alone in a tuple.
  std::vector<std::vector<polyalign::SentenceRange>> expected;
  for (std::uint32_t k = 0; k < rows.size(); ++k) {
    const std::uint32_t de = k < 3 ? k : k - 1, en = k < 5 ? k : k + 1;
    if (k == 5) expected.push_back({{}, {5, 6}, {}});
    expected.push_back({k == 3 ? polyalign::SentenceRange{} : polyalign::SentenceRange{de, de + 1},
                        {en, en + 1},
                        {k, k + 1}});
  }
  REQUIRE(b.tuples.size() == expected.size());
  for (std::size_t t = 0; t < expected.size(); ++t) {
    CAPTURE(t);
    CHECK(b.tuples[t].members == expected[t]);
  }
  CHECK(b.confidence > 0.8);
}

TEST_CASE("a generated NTREX corpus (bench/make_ntrex_corpus.py): bundles exactly right") {
  const fs::path data = fs::path(data_dir()) / "ntrex-dev";
  if (!fs::exists(data / "documents.tsv") ||
      std::system("python3 --version >/dev/null 2>&1") != 0) {
    MESSAGE("skipped: needs python3 and " << data.string());
    return;
  }
  TempDir tmp;
  const std::string cmd =
      fmt::format("python3 '{}' --data '{}' --out '{}' --seed 1 --limit-docs 14 -q",
                  source_file("bench/make_ntrex_corpus.py"), data.string(), tmp.path().string());
  REQUIRE(std::system(cmd.c_str()) == 0);
  const auto gold = nlohmann::json::parse(read_all(tmp.path() / "gold.json"));
  polyalign::CorpusOptions options;
  options.threads = 2;
  const polyalign::CorpusResult r =
      polyalign::align_corpus({(tmp.path() / "corpus").string()}, options);
  check_invariants(r);
  CHECK(r.documents.size() == gold["documents"].size());

  // Bundles and unmatched files, by file name.
  std::set<std::set<std::string>> want, got;
  for (const auto& bundle : gold["bundles"]) {
    std::set<std::string> names;
    for (const auto& rel : bundle) names.insert(basename(rel.get<std::string>()));
    want.insert(names);
  }
  for (const polyalign::Bundle& b : r.bundles) {
    std::set<std::string> names;
    for (std::size_t d : b.documents) names.insert(basename(r.documents[d].document.path));
    got.insert(names);
  }
  CHECK(got == want);
  std::set<std::string> want_unmatched, got_unmatched;
  for (const auto& rel : gold["unmatched"]) want_unmatched.insert(basename(rel.get<std::string>()));
  for (const polyalign::UnmatchedDocument& u : r.unmatched)
    got_unmatched.insert(basename(r.documents[u.document].document.path));
  CHECK(got_unmatched == want_unmatched);

  // Tuples: a tuple of several members is right when all its sentences come
  // from one original line (mapped through the gold byte spans).
  std::size_t multi = 0, right = 0;
  for (const polyalign::Bundle& b : r.bundles) {
    std::vector<nlohmann::json> lines;
    for (std::size_t d : b.documents) {
      const std::string rel =
          fs::relative(r.documents[d].document.path, tmp.path() / "corpus").generic_string();
      lines.push_back(gold["documents"][rel]["lines"]);
    }
    for (const polyalign::Tuple& t : b.tuples) {
      std::set<std::string> origins;
      std::size_t members = 0;
      for (std::size_t k = 0; k < b.documents.size(); ++k) {
        if (t.members[k].empty()) continue;
        ++members;
        for (std::uint32_t i = t.members[k].begin; i < t.members[k].end; ++i) {
          const polyalign::ByteSpan& s = r.documents[b.documents[k]].sentences[i].span;
          for (const auto& unit : lines[k]) {  // [orig, start, end]
            if (unit[1].get<std::uint64_t>() <= s.start && s.end <= unit[2].get<std::uint64_t>())
              origins.insert(unit[0].dump());
          }
        }
      }
      if (members < 2) continue;
      ++multi;
      right += origins.size() == 1 && *origins.begin() != "null";
    }
  }
  REQUIRE(multi > 100);
  CHECK(static_cast<double>(right) / static_cast<double>(multi) >= 0.95);
}
