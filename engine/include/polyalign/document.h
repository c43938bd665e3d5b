// polyalign/document.h — a document is its original bytes plus what we know
// about them. Byte spans into `text` are the identity of everything
// downstream: sentences, beads, tuples and findings all point back here.
//
//   polyalign::Document doc = polyalign::read_document("corpora/x.txt");
//   // doc.text holds the file's bytes unchanged (BOM and CR included);
//   // doc.content_start skips a UTF-8 BOM if there is one.
//
// Ownership: a Document owns its bytes. Sentences refer to them by offset, so
// a Document can be moved and copied freely without invalidating anything.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "polyalign/common.h"

namespace polyalign {

struct Document {
  std::string path;           // where it came from ("" for in-memory text)
  std::string lang = "und";   // ISO 639-1 code, or "und" when unknown
  std::string text;           // original bytes, validated UTF-8
  std::uint64_t content_start = 0;  // 3 if text starts with a UTF-8 BOM, else 0
};

// Limits enforced when reading, with a clear message when exceeded.
struct ReadOptions {
  std::uint64_t max_bytes = 2ull << 30;  // largest accepted file (bytes), 2 GiB
};

// Checks that `bytes` is well-formed UTF-8 with no NUL byte. Throws
// std::invalid_argument naming `where`, the byte offset and the problem
// (overlong form, surrogate, truncated sequence, NUL byte, UTF-16 BOM...).
void validate_text(std::string_view bytes, std::string_view where);

// Wraps in-memory text as a Document (validated as above).
Document make_document(std::string text, std::string lang = "und", std::string path = "");

// Reads a file as a Document. Throws std::runtime_error if it cannot be read,
// std::invalid_argument if it is not UTF-8 text (see validate_text).
Document read_document(const std::string& path, const ReadOptions& options = {});

// Number of Unicode code points in valid UTF-8 `s`.
std::uint32_t count_code_points(std::string_view s);

}  // namespace polyalign
