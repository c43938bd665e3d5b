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
//   tmx       TMX 1.4b: srclang A's language, one <tu tuid="n"> per bead
//             (n from 1), its prop x-confidence, one <tuv xml:lang> per
//             side that has sentences (A's first), joined by a space
//   xliff     XLIFF 1.2, one <file> (source-language A's, target-language
//             B's), one <trans-unit id="n"> per bead: <source> A's
//             sentences (empty when A has none), <target> B's (absent when B has none; state
//             "needs-review-translation" below confidence 0.5, else
//             "translated"), the confidence as the attribute
//             polyalign:confidence (namespace kXliffNamespace) and as a
//             <note from="polyalign">
// In TMX and XLIFF, characters XML 1.0 forbids and line breaks become
// spaces. Moses (write_pair_moses): two line-parallel files, one line per
// bead with sentences on both sides.
//
// Reading back (read_pair_jsonl): the jsonl format, from `polyalign align`
// or from the review page's Save, over the two documents it points into,
// rebuilds the alignment so that any writer can write it again
// (`polyalign convert`).
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

#include "polyalign/pipeline.h"

namespace polyalign {

enum class SegmentFormat { kLines, kJsonl };

// Parses "lines" | "jsonl"; throws std::invalid_argument otherwise.
SegmentFormat parse_segment_format(std::string_view name);

void write_segmentation(std::ostream& out, const SegmentedDocument& d, SegmentFormat format);

enum class PairFormat { kBrackets, kTsv, kJsonl, kTmx, kXliff };

// Parses "brackets" | "tsv" | "jsonl" | "tmx" | "xliff"; throws
// std::invalid_argument otherwise.
PairFormat parse_pair_format(std::string_view name);

// The namespace of XLIFF's polyalign:confidence attribute.
inline constexpr std::string_view kXliffNamespace = "urn:x-polyalign:xliff:1";

// explain (jsonl only): add "anchors": [{"kind", "key", "weight"}...], the
// anchors the bead's two sides share.
void write_pair_alignment(std::ostream& out, const DocumentAlignment& r, PairFormat format,
                          bool explain = false);

// Moses: line k of `out_a` and of `out_b` is the k-th bead with sentences
// on both sides (A's and B's text, tabs and line breaks as spaces). Returns
// the number of lines written to each.
std::size_t write_pair_moses(std::ostream& out_a, std::ostream& out_b, const DocumentAlignment& r);

// Reads pair JSONL (the jsonl format above; "cost" may be absent, other
// fields are ignored) over documents `a` and `b`, the files its spans point
// into, and returns the alignment: its beads, and documents whose
// sentences are the spans the lines give (paragraph 0). Checks, naming
// `where` and the line: every line a JSON object with "a", "b" (sentence
// indices), "a_spans", "b_spans" (as many [start, end] byte offsets) and
// "confidence" in [0, 1] ("cost", when given, within ±1e9); each side's indices counting up from 0 across the
// lines without a gap; spans in order, not overlapping, inside the
// document and on code point boundaries; no bead empty on both sides.
// Blank lines are skipped. Throws std::invalid_argument on the first
// problem. O(bytes).
DocumentAlignment read_pair_jsonl(std::string_view jsonl, Document a, Document b,
                                  std::string_view where);

}  // namespace polyalign
