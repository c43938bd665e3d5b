// polyalign/segmenter.h — sentence segmentation with exact byte spans.
//
//   polyalign::Segmenter seg({.lang = "hi"});
//   std::vector<polyalign::Sentence> s = seg.segment(doc.text);
//   // doc.text.substr(s[0].span.start, s[0].span.size()) is the first sentence.
//
// Rules, in order:
//  1. Lines: "\n", "\r\n" and a lone "\r" end a line; a line end is always a
//     sentence break (headlines and list items carry no final stop).
//  2. Paragraphs: one or more blank (whitespace-only) lines start a new
//     paragraph; `Sentence::paragraph` numbers them from 0.
//  3. Within a line, ICU's sentence BreakIterator for the language's locale,
//     with ICU's abbreviation suppressions (`ss=standard`) where ICU has them
//     and polyalign's own lists for languages it has none for (id, hi, uk).
//     Hindi danda (U+0964, U+0965) ends a sentence. Numbers such as `2.645`,
//     `31,82%`, `1,500` and URLs are never split.
//  4. Spans exclude leading/trailing white space; empty sentences are dropped.
//
// Thread-safety: a Segmenter is immutable after construction; segment() may be
// called from many threads at once (it clones ICU iterators per call).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "polyalign/common.h"
#include "polyalign/document.h"

namespace polyalign {

struct Sentence {
  ByteSpan span;                // byte range in the document, trimmed of white space
  std::uint32_t paragraph = 0;  // 0-based paragraph number
  std::uint32_t length = 0;     // Unicode code points in the span
};

// SegmenterOptions::max_sentences by default.
inline constexpr std::uint32_t kDefaultMaxSentences = 10'000'000;

struct SegmenterOptions {
  std::string lang = "und";     // ISO 639-1 code; "und" uses ICU's root rules
  bool split_lines = true;      // a line end always ends a sentence
  bool use_abbreviations = true;  // suppress breaks after known abbreviations
  // Hard cap on one sentence's length (bytes); a longer run without any break
  // is cut at the last white space (or code point) before the cap so one huge
  // line cannot produce a single unalignable unit. 0 disables.
  std::uint32_t max_sentence_bytes = 1u << 16;
  // Most sentences one text may give: beyond, segment() and split_lines()
  // throw std::invalid_argument ("more than N sentences ..."). The later
  // stages take about 1 KB of memory per sentence, so a pathological input
  // (a file of millions of one-letter lines) is refused with a clear message
  // instead of exhausting memory. 0 disables.
  std::uint32_t max_sentences = kDefaultMaxSentences;
};

class Segmenter {
 public:
  // Throws std::invalid_argument for an unusable option, std::runtime_error if
  // ICU cannot build the break rules.
  explicit Segmenter(SegmenterOptions options = {});
  ~Segmenter();
  Segmenter(Segmenter&&) noexcept;
  Segmenter& operator=(Segmenter&&) noexcept;
  Segmenter(const Segmenter&) = delete;  // owns ICU state; share by reference
  Segmenter& operator=(const Segmenter&) = delete;

  // Splits valid UTF-8 text (see validate_text). `text` may start with a BOM;
  // spans are offsets into `text` as given. O(n) in the text length.
  std::vector<Sentence> segment(std::string_view text) const;

  // One sentence per line ("presegmented" input): line i is sentence i, empty
  // lines included (an empty line is an empty sentence), no re-splitting.
  // More than `max_sentences` lines (0: no limit): std::invalid_argument.
  static std::vector<Sentence> split_lines(std::string_view text,
                                           std::uint32_t max_sentences = kDefaultMaxSentences);

  const SegmenterOptions& options() const { return options_; }

 private:
  struct Impl;
  SegmenterOptions options_;
  std::unique_ptr<Impl> impl_;
};

// A document with its sentences: the segmenter's output and the unit every
// later stage works on.
struct SegmentedDocument {
  Document document;
  std::vector<Sentence> sentences;

  std::string_view sentence_text(std::size_t i) const {
    const ByteSpan& s = sentences[i].span;
    return std::string_view(document.text).substr(s.start, s.size());
  }
};

}  // namespace polyalign
