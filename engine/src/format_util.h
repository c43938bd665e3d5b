// format_util.h — what the pair writers (formats.cpp) and the corpus writers
// (corpus_formats.cpp) both do to numbers and text before writing them.
// Private to the engine. Pure functions, safe from any thread.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>

#include "polyalign/common.h"
#include "polyalign/segmenter.h"
#include "util/rounding.h"

namespace polyalign::format_util {

// Costs and confidences are rounded so outputs stay short and byte-identical
// across platforms' last-digit differences. Two forms, each kept as the
// outputs have always been written: the product x / unit · unit (pair JSONL)
// may print with more digits than the quotient x · scale / scale (corpus
// files, which print the short decimal), and one is never used for the other.

using util::round_to_scale;
using util::round_to_unit;

// A member's (or a bead side's) sentences as one text, appended to `out`:
// joined by one space; `clean(byte)` true replaces the byte by a space.
template <typename Clean>
void append_member_text(const SegmentedDocument& d, const SentenceRange& r, Clean&& clean,
                        std::string& out) {
  for (std::uint32_t i = r.begin; i < r.end; ++i) {
    if (i > r.begin) out += ' ';
    for (char ch : d.sentence_text(i)) out += clean(static_cast<unsigned char>(ch)) ? ' ' : ch;
  }
}

// One field of a line-based format (TSV, Moses: a record per line, fields
// split by tabs): the sentences joined by a space, tabs and line breaks
// inside them (which would break the format) turned into spaces; appended.
inline void append_line_field(const SegmentedDocument& d, const SentenceRange& r,
                              std::string& out) {
  append_member_text(
      d, r, [](unsigned char c) { return c == '\t' || c == '\n' || c == '\r'; }, out);
}

// XML 1.0 allows no C0 control character but tab, LF and CR (validated
// UTF-8 has no NUL), and not U+FFFE or U+FFFF either, which UTF-8 text may
// hold and pugixml writes as they are (a file no XML parser would read).
// Replaces each such character of `s` by a space, in place.
inline void make_xml_legal(std::string& s) {
  for (char& c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && u != '\t' && u != '\n' && u != '\r') c = ' ';
  }
  for (std::size_t p = 0; (p = s.find("\xEF\xBF", p)) != std::string::npos;) {
    if (p + 2 < s.size() && (s[p + 2] == '\xBE' || s[p + 2] == '\xBF')) {
      s[p] = ' ';  // the three bytes become one space
      s.erase(p + 1, 2);
    } else {
      p += 2;
    }
  }
}

// A member's sentences as the text of an XML element (TMX <seg>, XLIFF
// <source>/<target>): joined by one space; control characters but tab
// (line breaks too: a segment is one line) and the other characters XML
// forbids (make_xml_legal) turned into spaces.
inline std::string xml_text(const SegmentedDocument& d, const SentenceRange& r) {
  std::string s;
  append_member_text(
      d, r, [](unsigned char c) { return c < 0x20 && c != '\t'; }, s);
  make_xml_legal(s);
  return s;
}

}  // namespace polyalign::format_util
