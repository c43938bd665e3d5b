// Fuzz target: the sentence segmenter.
//
// Input: byte 0 picks the language (fuzz_common.h, kLanguages), byte 1 the
// options: bit 0 split_lines off, bit 1 abbreviations off, bits 2-3 the
// sentence cap (64 KiB, 0 = none, 16 bytes, 200 bytes), bit 4 repeats the
// text until it is longer than the segmenter's 1 MiB window (so windows and
// their margins are crossed; only for texts up to 4 KiB, to keep executions
// fast). The rest is the text, made valid UTF-8 (make_valid_utf8).
//
// Invariants: sentences in order, not overlapping, non-empty, on code point
// boundaries, free of white space at both ends, no longer than the cap,
// `length` = their code points, paragraphs non-decreasing; with split_lines
// no sentence holds a line end; segmenting is deterministic.
#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "fuzz_common.h"
#include "polyalign/segmenter.h"

namespace {

constexpr std::uint32_t kCaps[] = {1u << 16, 0, 16, 200};

const polyalign::Segmenter& segmenter(std::string_view lang, std::uint8_t flags) {
  // Segmenters are immutable: one per configuration, built on first use.
  static std::map<std::pair<std::string, int>, std::unique_ptr<polyalign::Segmenter>> cache;
  const int key = flags & 0x0F;
  auto& slot = cache[{std::string(lang), key}];
  if (!slot) {
    polyalign::SegmenterOptions o;
    o.lang = std::string(lang);
    o.split_lines = !(flags & 1);
    o.use_abbreviations = !(flags & 2);
    o.max_sentence_bytes = kCaps[(flags >> 2) & 3];
    slot = std::make_unique<polyalign::Segmenter>(o);
  }
  return *slot;
}

bool ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::string_view lang = polyalign::fuzz::language(data[0]);
  const std::uint8_t flags = data[1];
  std::string text = polyalign::fuzz::make_valid_utf8(
      std::string_view(reinterpret_cast<const char*>(data + 2), size - 2));
  if ((flags & 0x10) && !text.empty() && text.size() <= 4096) {
    const std::string unit = text;
    while (text.size() <= (1u << 20) + 8192) text += unit;
  }
  const polyalign::Segmenter& seg = segmenter(lang, flags);
  const std::vector<polyalign::Sentence> sentences = seg.segment(text);
  const std::uint32_t cap = seg.options().max_sentence_bytes;
  std::uint64_t previous_end = 0;
  std::uint32_t previous_paragraph = 0;
  for (const polyalign::Sentence& s : sentences) {
    FUZZ_CHECK(polyalign::fuzz::on_boundaries(text, s.span.start, s.span.end));
    FUZZ_CHECK(s.span.start >= previous_end);
    FUZZ_CHECK(s.span.size() > 0);
    FUZZ_CHECK(cap == 0 || s.span.size() <= cap);
    const std::string_view t = std::string_view(text).substr(s.span.start, s.span.size());
    FUZZ_CHECK(!ascii_space(t.front()) && !ascii_space(t.back()));
    FUZZ_CHECK(s.length == polyalign::count_code_points(t));
    FUZZ_CHECK(s.paragraph >= previous_paragraph);
    if (seg.options().split_lines) {
      FUZZ_CHECK(t.find('\n') == std::string_view::npos && t.find('\r') == std::string_view::npos);
    }
    previous_end = s.span.end;
    previous_paragraph = s.paragraph;
  }
  if (text.size() <= 4096) {
    const std::vector<polyalign::Sentence> again = seg.segment(text);
    FUZZ_CHECK(again.size() == sentences.size());
    for (std::size_t i = 0; i < again.size(); ++i) {
      FUZZ_CHECK(again[i].span == sentences[i].span && again[i].paragraph == sentences[i].paragraph);
    }
  }
  return 0;
}
