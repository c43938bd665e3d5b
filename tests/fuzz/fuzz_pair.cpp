// Fuzz target: the whole pair pipeline (polyalign align) on two texts, and
// its three output formats read back.
//
// Input: byte 0 and byte 1 pick the languages of A and B (fuzz_common.h;
// "und" means CLD2 decides), byte 2 the options: bit 0 presegmented, bit 1
// no anchors, bit 2 no word links, bit 3 two threads (compared with one),
// bit 4 a tiny full_dp_cells (the coarse-to-fine search on small inputs),
// bit 5 a dictionary made of the third part. Then A, 0x1E, B [, 0x1E,
// dictionary entries "a<TAB>b" per line], made valid UTF-8.
//
// Invariants: beads cover both documents in order; confidences in [0, 1];
// brackets and TSV have one line per bead (TSV three fields); every JSONL
// line parses (strict UTF-8) with its spans cutting non-empty text out of
// the inputs (presegmented empty lines aside) and its anchors' keys
// non-empty; the output is the same with one and two threads.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_common.h"
#include "polyalign/formats.h"
#include "polyalign/pipeline.h"

namespace {

std::string render(const polyalign::DocumentAlignment& r, polyalign::PairFormat f, bool explain) {
  std::ostringstream out;
  polyalign::write_pair_alignment(out, r, f, explain);
  return out.str();
}

std::size_t count_lines(const std::string& s) {
  std::size_t n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const std::uint8_t flags = data[2];
  const auto parts = polyalign::fuzz::split_parts(
      std::string_view(reinterpret_cast<const char*>(data + 3), size - 3), 3);
  polyalign::PipelineOptions o;
  o.presegmented = flags & 1;
  o.anchors = !(flags & 2);
  o.word_links = !(flags & 4);
  o.threads = 1;
  if (flags & 0x10) o.aligner.full_dp_cells = 16;
  if ((flags & 0x20) && parts.size() > 2) {
    std::istringstream dict(polyalign::fuzz::make_valid_utf8(parts[2]));
    for (std::string line; std::getline(dict, line);) {
      const std::size_t tab = line.find('\t');
      if (tab != std::string::npos) o.dictionary.emplace_back(line.substr(0, tab), line.substr(tab + 1));
    }
  }
  auto document = [&](std::size_t k, std::uint8_t lang) {
    return polyalign::make_document(
        polyalign::fuzz::make_valid_utf8(k < parts.size() ? parts[k] : std::string_view()),
        std::string(polyalign::fuzz::language(lang)), k == 0 ? "a.txt" : "b.txt");
  };
  const polyalign::DocumentAlignment r = polyalign::align_documents(document(0, data[0]), document(1, data[1]), o);

  std::uint32_t ia = 0, ib = 0;
  for (const polyalign::Bead& b : r.alignment.beads) {
    FUZZ_CHECK(b.a.begin == ia && b.b.begin == ib && !(b.a.empty() && b.b.empty()));
    FUZZ_CHECK(b.confidence >= 0 && b.confidence <= 1);
    ia = b.a.end;
    ib = b.b.end;
  }
  FUZZ_CHECK(ia == r.a.sentences.size() && ib == r.b.sentences.size());

  const std::size_t beads = r.alignment.beads.size();
  const std::string brackets = render(r, polyalign::PairFormat::kBrackets, false);
  const std::string tsv = render(r, polyalign::PairFormat::kTsv, false);
  const std::string jsonl = render(r, polyalign::PairFormat::kJsonl, o.anchors);
  FUZZ_CHECK(count_lines(brackets) == beads);
  FUZZ_CHECK(count_lines(tsv) == beads);
  std::istringstream tsv_lines(tsv);
  for (std::string line; std::getline(tsv_lines, line);) {
    std::size_t tabs = 0;
    for (char c : line) tabs += c == '\t';
    FUZZ_CHECK(tabs == 2);
    FUZZ_CHECK(line.find('\r') == std::string::npos);
  }
  std::istringstream json_lines(jsonl);
  std::size_t n = 0;
  for (std::string line; std::getline(json_lines, line); ++n) {
    const nlohmann::json j = nlohmann::json::parse(line);  // throws (and crashes the target) if invalid
    for (const char* side : {"a_spans", "b_spans"}) {
      const std::string& text = side[0] == 'a' ? r.a.document.text : r.b.document.text;
      for (const auto& span : j.at(side)) {
        const std::uint64_t s = span.at(0), e = span.at(1);
        FUZZ_CHECK(polyalign::fuzz::on_boundaries(text, s, e));
        FUZZ_CHECK(o.presegmented || s < e);
      }
    }
    if (o.anchors) {
      for (const auto& a : j.at("anchors")) FUZZ_CHECK(!a.at("key").get<std::string>().empty());
    }
  }
  FUZZ_CHECK(n == beads);

  if (flags & 8) {
    polyalign::PipelineOptions two = o;
    two.threads = 2;
    two.aligner.threads = 2;
    const polyalign::DocumentAlignment r2 =
        polyalign::align_documents(document(0, data[0]), document(1, data[1]), two);
    FUZZ_CHECK(render(r2, polyalign::PairFormat::kJsonl, o.anchors) == jsonl);
  }
  return 0;
}
