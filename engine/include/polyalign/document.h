// polyalign/document.h — a document is its original bytes plus what we know
// about them. Byte spans into `text` are the identity of everything
// downstream: sentences, beads, tuples and findings all point back here.
//
//   polyalign::Document doc = polyalign::read_document("corpora/x.txt");
//   // doc.text holds the file's bytes unchanged (BOM and CR included);
//   // doc.content_start skips a UTF-8 BOM if there is one.
//
// Other formats (DOCX, ODT, HTML, XLIFF, SRT, WebVTT; input.h) are read as
// their extracted text: then `text` holds that text, spans point into it,
// and `units` map each of its paragraphs, cues or segments back to the
// original file (locate()).
//
// Ownership: a Document owns its bytes. Sentences refer to them by offset, so
// a Document can be moved and copied freely without invalidating anything.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "polyalign/common.h"
#include "polyalign/input.h"

namespace polyalign {

struct Document {
  std::string path;           // where it came from ("" for in-memory text)
  std::string lang = "und";   // ISO 639-1 code, or "und" when unknown
  std::string text;           // original bytes, validated UTF-8
  std::uint64_t content_start = 0;  // 3 if text starts with a UTF-8 BOM, else 0
  InputFormat format = InputFormat::kText;  // what the file was (never kAuto)
  // Extracted formats: where each unit of `text` came from (input.h), in
  // text order; empty for text.
  std::vector<SourceUnit> units;
  // Each unit is one sentence, kept as given (XLIFF segments, subtitle
  // cues): segment_document() splits `text` by lines only.
  bool sentence_units = false;
};

// Limits enforced when reading, with a clear message when exceeded.
struct ReadOptions {
  std::uint64_t max_bytes = 2ull << 30;  // largest accepted file (bytes), 2 GiB
  InputFormat format = InputFormat::kAuto;  // kAuto: detected (input.h)
  InputSide side = InputSide::kSource;      // which side of an XLIFF file
  InputLimits limits;                       // extracted formats' limits
};

// Checks that `bytes` is well-formed UTF-8 with no NUL byte. Throws
// std::invalid_argument naming `where`, the byte offset and the problem
// (overlong form, surrogate, truncated sequence, NUL byte, UTF-16 BOM...).
void validate_text(std::string_view bytes, std::string_view where);

// Wraps in-memory text as a Document (validated as above).
Document make_document(std::string text, std::string lang = "und", std::string path = "");

// Reads a file as a Document: its format detected or as options.format
// says, its text extracted (input.h). Throws std::runtime_error if it cannot
// be read, std::invalid_argument if it is not UTF-8 text (see
// validate_text) or not well-formed in its format.
Document read_document(const std::string& path, const ReadOptions& options = {});

// Where `span` (into doc.text) came from in the original file. For a text
// document the span itself; else the unit holding span.start (input.h,
// "Spans stay honest"). O(log units).
SourceLocation locate(const Document& doc, ByteSpan span);

// Number of Unicode code points in valid UTF-8 `s`.
std::uint32_t count_code_points(std::string_view s);

}  // namespace polyalign
