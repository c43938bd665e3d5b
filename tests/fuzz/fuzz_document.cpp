// Fuzz target: reading text. Input: the raw bytes of a file.
//
// validate_text() against a slow, obviously correct validator written from
// the Unicode Standard's table of well-formed UTF-8 byte sequences (Unicode
// 15, Table 3-7): both must accept the same inputs and, on rejection, name
// the same byte. Then, for accepted text: make_document() (BOM offset),
// count_code_points() against the reference decoder, and
// Segmenter::split_lines() (the presegmented reader: one sentence per line,
// "\n", "\r\n" and a lone "\r" ending a line).
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "fuzz_common.h"
#include "polyalign/document.h"
#include "polyalign/segmenter.h"

namespace {

// Length of the well-formed sequence at p (Table 3-7), or 0.
int reference_sequence(const unsigned char* p, const unsigned char* end) {
  struct Row {
    unsigned char lo0, hi0, lo1, hi1;
    int n;
  };
  static constexpr Row kTable[] = {
      {0x00, 0x7F, 0, 0, 1},       {0xC2, 0xDF, 0x80, 0xBF, 2}, {0xE0, 0xE0, 0xA0, 0xBF, 3},
      {0xE1, 0xEC, 0x80, 0xBF, 3}, {0xED, 0xED, 0x80, 0x9F, 3}, {0xEE, 0xEF, 0x80, 0xBF, 3},
      {0xF0, 0xF0, 0x90, 0xBF, 4}, {0xF1, 0xF3, 0x80, 0xBF, 4}, {0xF4, 0xF4, 0x80, 0x8F, 4},
  };
  for (const Row& r : kTable) {
    if (p[0] < r.lo0 || p[0] > r.hi0) continue;
    if (end - p < r.n) return 0;
    if (r.n >= 2 && (p[1] < r.lo1 || p[1] > r.hi1)) return 0;
    for (int k = 2; k < r.n; ++k) {
      if (p[k] < 0x80 || p[k] > 0xBF) return 0;
    }
    return r.n;
  }
  return 0;
}

// Offset of the first byte that makes `s` unacceptable (invalid UTF-8 or
// NUL), or npos.
std::size_t reference_error(std::string_view s, std::uint64_t* code_points) {
  const auto* begin = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = begin + s.size();
  *code_points = 0;
  for (const unsigned char* p = begin; p < end;) {
    if (*p == 0) return static_cast<std::size_t>(p - begin);
    const int n = reference_sequence(p, end);
    if (n == 0) return static_cast<std::size_t>(p - begin);
    p += n;
    ++*code_points;
  }
  return std::string_view::npos;
}

std::size_t reference_line_count(std::string_view s) {
  std::size_t lines = 0;
  std::size_t i = s.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  bool open = false;  // a line has started and not ended
  for (; i < s.size(); ++i) {
    if (s[i] == '\n' || s[i] == '\r') {
      ++lines;
      open = false;
      if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      open = true;
    }
  }
  return lines + (open ? 1 : 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::uint64_t code_points = 0;
  const std::size_t error = reference_error(bytes, &code_points);
  std::string message;
  try {
    polyalign::validate_text(bytes, "in.txt");
  } catch (const std::invalid_argument& e) {
    message = e.what();
  }
  const bool utf16 = size >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) ||
                                   (data[0] == 0xFE && data[1] == 0xFF));
  if (error == std::string_view::npos) {
    FUZZ_CHECK(message.empty());
  } else if (utf16) {
    FUZZ_CHECK(message.rfind("in.txt: looks like UTF-16", 0) == 0);
  } else {
    FUZZ_CHECK(message.rfind("in.txt: byte " + std::to_string(error) + ": ", 0) == 0);
    FUZZ_CHECK(message.find(data[error] == 0 ? "NUL byte" : "invalid UTF-8") != std::string::npos);
  }
  if (!message.empty()) return 0;

  const polyalign::Document doc = polyalign::make_document(std::string(bytes), "und", "in.txt");
  FUZZ_CHECK(doc.text == bytes);
  FUZZ_CHECK(doc.content_start == (bytes.substr(0, 3) == "\xEF\xBB\xBF" ? 3u : 0u));
  FUZZ_CHECK(polyalign::count_code_points(bytes) == code_points);

  const std::vector<polyalign::Sentence> lines = polyalign::Segmenter::split_lines(bytes);
  FUZZ_CHECK(lines.size() == reference_line_count(bytes));
  std::uint64_t previous_end = 0;
  for (const polyalign::Sentence& s : lines) {
    FUZZ_CHECK(polyalign::fuzz::on_boundaries(bytes, s.span.start, s.span.end));
    FUZZ_CHECK(s.span.start >= previous_end);
    const std::string_view text = bytes.substr(s.span.start, s.span.size());
    FUZZ_CHECK(text.find('\n') == std::string_view::npos && text.find('\r') == std::string_view::npos);
    FUZZ_CHECK(s.length == polyalign::count_code_points(text));
    previous_end = s.span.end;
  }
  return 0;
}
