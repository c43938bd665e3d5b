// polyalign/formats.h — writers for sentences and aligned text.
//
// Segmentation formats (polyalign segment):
//   lines     one sentence per line, its text as it is in the file
//   jsonl     {"end", "index", "paragraph", "start", "text"} per sentence:
//             byte offsets into the input, end exclusive
//
// Pair formats (polyalign align):
//   brackets  one bead per line: "[i,j]:[k]:cost" (0-based sentence indices)
//   tsv       "a_text<TAB>b_text<TAB>confidence"; sentences of a side joined
//             by one space, tabs/newlines inside text replaced by spaces
//   jsonl     {"a": [...], "b": [...], "a_spans": [[s,e],...], "b_spans": [...],
//              "cost": c, "confidence": p}  — byte offsets into the inputs
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "polyalign/pipeline.h"

namespace polyalign {

enum class SegmentFormat { kLines, kJsonl };

// Parses "lines" | "jsonl"; throws std::invalid_argument otherwise.
SegmentFormat parse_segment_format(std::string_view name);

void write_segmentation(std::ostream& out, const SegmentedDocument& d, SegmentFormat format);

enum class PairFormat { kBrackets, kTsv, kJsonl };

// Parses "brackets" | "tsv" | "jsonl"; throws std::invalid_argument otherwise.
PairFormat parse_pair_format(std::string_view name);

// explain (jsonl only): add "anchors": [{"kind", "key", "weight"}...], the
// anchors the bead's two sides share.
void write_pair_alignment(std::ostream& out, const DocumentAlignment& r, PairFormat format,
                          bool explain = false);

}  // namespace polyalign
