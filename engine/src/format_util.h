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

}  // namespace polyalign::format_util
