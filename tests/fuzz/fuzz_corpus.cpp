// Fuzz target: corpus mode on small random file sets, and its writers'
// output read back.
//
// Input: byte 0 the options: bit 0 presegmented, bit 1 no corpus-wide
// learning, bit 2 one pivot only, bit 3 two worker threads, bit 4 the
// files' bytes as they are (ill-formed UTF-8 and NUL included: such files
// must be skipped, never stop the run), bit 5 a tiny full_dp_cells. Then up
// to eight files separated by 0x1E; file k is written to a temporary
// directory (one per process) as "dk.txt", odd ones in a subdirectory, and
// align_corpus() is run on the directory.
//
// Invariants: every file is a document or skipped with a reason; documents
// sorted by path; each document in at most one bundle, unbundled ones
// listed as unmatched with a reason; no bundle holds a language twice;
// every tuple covers a contiguous range of each member, in order, and
// every sentence of every member is in exactly one tuple; confidences in
// [0, 1]; bundles.json and every alignment.jsonl parse as JSON; the TMX
// parses as XML and holds no character XML 1.0 forbids; TSV lines have one
// field per language plus two; Moses files of a pair have as many lines.
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "fuzz_common.h"
#include "polyalign/corpus.h"
#include "polyalign/corpus_formats.h"

namespace fs = std::filesystem;

namespace {

// Owns the directory and removes it when the fuzzer exits normally. (A
// separate cleanup object would be destroyed after the path it reads.)
struct TempDir {
  fs::path dir = fs::temp_directory_path() / ("polyalign-fuzz-corpus." + std::to_string(::getpid()));
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

const fs::path& temp_dir() {
  static const TempDir temp;
  return temp.dir;
}

// XML 1.0 §2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
bool xml_chars_only(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
    if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(s[i + 2]) == 0xBE || static_cast<unsigned char>(s[i + 2]) == 0xBF)) {
      return false;  // U+FFFE, U+FFFF
    }
  }
  return true;
}

std::size_t count_lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t flags = data[0];
  const auto parts = polyalign::fuzz::split_parts(
      std::string_view(reinterpret_cast<const char*>(data + 1), size - 1), 8);
  const fs::path& dir = temp_dir();
  fs::remove_all(dir);
  fs::create_directories(dir / "sub");
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const fs::path p = (k % 2 ? dir / "sub" : dir) / ("d" + std::to_string(k) + ".txt");
    std::ofstream out(p, std::ios::binary);
    out << ((flags & 0x10) ? std::string(parts[k]) : polyalign::fuzz::make_valid_utf8(parts[k]));
  }

  polyalign::CorpusOptions o;
  o.pipeline.presegmented = flags & 1;
  o.corpus_learning = !(flags & 2);
  o.all_pivots = !(flags & 4);
  o.threads = (flags & 8) ? 2 : 1;
  if (flags & 0x20) o.pipeline.aligner.full_dp_cells = 16;
  const polyalign::CorpusResult r = polyalign::align_corpus({dir.string()}, o);

  FUZZ_CHECK(r.documents.size() + r.skipped.size() == parts.size());
  for (const polyalign::SkippedFile& s : r.skipped) FUZZ_CHECK(!s.reason.empty());
  for (std::size_t d = 1; d < r.documents.size(); ++d) {
    FUZZ_CHECK(r.documents[d - 1].document.path < r.documents[d].document.path);
  }
  std::vector<int> bundled(r.documents.size(), 0);
  for (const polyalign::Bundle& b : r.bundles) {
    const std::size_t m = b.documents.size();
    FUZZ_CHECK(m >= 2 && b.pivot < m);
    FUZZ_CHECK(b.confidence >= 0 && b.confidence <= 1);
    std::set<std::string> langs;
    std::vector<std::uint32_t> next(m, 0);
    for (std::size_t k = 0; k < m; ++k) {
      FUZZ_CHECK(b.documents[k] < r.documents.size());
      ++bundled[b.documents[k]];
      FUZZ_CHECK(langs.insert(r.documents[b.documents[k]].document.lang).second);
    }
    for (const polyalign::Tuple& t : b.tuples) {
      FUZZ_CHECK(t.members.size() == m);
      FUZZ_CHECK(t.pair_confidence.size() == m * (m - 1) / 2);
      FUZZ_CHECK(t.confidence >= 0 && t.confidence <= 1);
      for (float p : t.pair_confidence) FUZZ_CHECK(p == -1 || (p >= 0 && p <= 1));
      bool any = false;
      for (std::size_t k = 0; k < m; ++k) {
        const polyalign::SentenceRange& s = t.members[k];
        if (s.empty()) continue;
        any = true;
        FUZZ_CHECK(s.begin == next[k]);
        next[k] = s.end;
      }
      FUZZ_CHECK(any);
    }
    for (std::size_t k = 0; k < m; ++k) {
      FUZZ_CHECK(next[k] == r.documents[b.documents[k]].sentences.size());
    }
  }
  for (const polyalign::UnmatchedDocument& u : r.unmatched) {
    FUZZ_CHECK(u.document < r.documents.size() && !u.reason.empty());
    ++bundled[u.document];
  }
  for (int n : bundled) FUZZ_CHECK(n == 1);

  std::ostringstream index;
  polyalign::write_bundles_json(index, r);
  FUZZ_CHECK(nlohmann::json::parse(index.str()).is_object());  // parse throws if not JSON
  for (const polyalign::Bundle& b : r.bundles) {
    std::ostringstream lines;
    polyalign::write_bundle_jsonl(lines, r, b);
    std::istringstream in(lines.str());
    std::size_t n = 0;
    for (std::string line; std::getline(in, line); ++n) FUZZ_CHECK(nlohmann::json::parse(line).is_object());
    FUZZ_CHECK(n == b.tuples.size());
  }
  std::ostringstream tmx;
  polyalign::write_tmx(tmx, r);
  pugi::xml_document xml;
  FUZZ_CHECK(xml.load_string(tmx.str().c_str()));
  FUZZ_CHECK(xml_chars_only(tmx.str()));
  std::ostringstream tsv;
  polyalign::write_tsv(tsv, r);
  std::set<std::string> all_langs;
  for (const polyalign::Bundle& b : r.bundles) {
    for (std::size_t d : b.documents) all_langs.insert(r.documents[d].document.lang);
  }
  std::istringstream tsv_in(tsv.str());
  for (std::string line; std::getline(tsv_in, line);) {
    FUZZ_CHECK(static_cast<std::size_t>(std::count(line.begin(), line.end(), '\t')) == all_langs.size() + 1);
  }
  for (const std::string& l1 : all_langs) {
    for (const std::string& l2 : all_langs) {
      if (!(l1 < l2)) continue;
      std::ostringstream m1, m2;
      const std::size_t n = polyalign::write_moses(m1, m2, r, l1, l2, 0.5);
      FUZZ_CHECK(count_lines(m1.str()) == n && count_lines(m2.str()) == n);
    }
  }
  return 0;
}
