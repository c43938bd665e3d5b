// Shared by the input readers' fuzz targets (fuzz_zip, fuzz_html,
// fuzz_xliff, fuzz_subtitles, fuzz_pdf): extract_text() under small
// limits, and the invariants every extracted text keeps.
//
// Invariants: it either returns or throws std::invalid_argument whose
// message is one line starting with the file's name; the text is valid
// UTF-8 and ends with a line end; the units are in order, inside the text,
// one line each (no line end inside, only separators between them);
// single-file formats' source spans lie inside the input, containers'
// units name their part (PDF's "page N").
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "fuzz_common.h"
#include "polyalign/document.h"
#include "polyalign/input.h"

namespace polyalign::fuzz {

inline void check_extract(std::string_view bytes, InputFormat format,
                          InputSide side = InputSide::kSource) {
  InputLimits limits;
  limits.max_unpacked_bytes = 1 << 20;
  limits.max_depth = 64;
  limits.max_units = 10000;
  limits.max_unit_bytes = 1 << 16;
  limits.max_pages = 64;
  ExtractedText x;
  try {
    x = extract_text(bytes, format, "in.file", limits, side);
  } catch (const std::invalid_argument& e) {
    const std::string_view what = e.what();
    FUZZ_CHECK(what.rfind("in.file", 0) == 0);
    FUZZ_CHECK(what.find('\n') == std::string_view::npos);
    return;
  }
  FUZZ_CHECK(x.format == format);
  validate_text(x.text, "extracted");  // throws (a crash here) if not UTF-8
  FUZZ_CHECK(x.text.empty() || x.text.back() == '\n');
  FUZZ_CHECK(x.units.empty() == x.text.empty());
  std::uint64_t at = 0;
  for (const SourceUnit& u : x.units) {
    FUZZ_CHECK(u.text.start >= at && u.text.start < u.text.end && u.text.end <= x.text.size());
    for (std::uint64_t i = at; i < u.text.start; ++i) FUZZ_CHECK(x.text[i] == '\n');
    const std::string_view t = std::string_view(x.text).substr(u.text.start, u.text.size());
    FUZZ_CHECK(t.find('\n') == std::string_view::npos && t.find('\r') == std::string_view::npos);
    FUZZ_CHECK(t.front() != ' ' && t.back() != ' ');
    if (format == InputFormat::kDocx || format == InputFormat::kOdt) {
      FUZZ_CHECK(!u.part.empty() && u.source.size() == u.text.size());
    } else if (format == InputFormat::kPdf) {
      FUZZ_CHECK(u.part.rfind("page ", 0) == 0 && u.source.size() == u.text.size());
    } else {
      FUZZ_CHECK(u.part.empty() && u.source.start <= u.source.end && u.source.end <= bytes.size());
    }
    at = u.text.end;
  }
}

}  // namespace polyalign::fuzz
