// Private to the input stage: what the readers of input.h share.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "polyalign/input.h"

namespace polyalign::input {

// Gathers the units a reader finds into ExtractedText: white space in a
// unit collapsed to single spaces (line ends included: a unit must stay one
// line of the text), control characters made spaces, the unit trimmed,
// empty units dropped; units separated by `separator`. Enforces
// InputLimits::max_units and max_unit_bytes.
class TextBuilder {
 public:
  TextBuilder(std::string_view where, const InputLimits& limits, std::string_view separator);

  // Adds the text `raw` (UTF-8, decoded) as one unit.
  void add(std::string_view raw, std::string_view part, ByteSpan source,
           std::string_view label = {});

  ExtractedText finish(InputFormat format, bool sentence_units);

  // Throws std::invalid_argument("<where>: <what>").
  [[noreturn]] void fail(std::string_view what) const;
  const InputLimits& limits() const { return limits_; }

 private:
  std::string where_;
  InputLimits limits_;
  std::string separator_;
  ExtractedText out_;
  std::string unit_;                              // scratch
  std::map<std::string, std::uint64_t, std::less<>> part_start_;  // part -> offset of its first unit
};

// The members of a zip archive (docx, odt) held in memory, read under a
// budget of uncompressed bytes. Throws std::invalid_argument naming `where`
// for anything that is not a readable zip.
class ZipArchive {
 public:
  ZipArchive(std::string_view bytes, std::string_view where, std::uint64_t max_unpacked_bytes);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  bool has(std::string_view name) const;
  // The member's bytes; throws if it is missing, damaged, encrypted, or
  // would pass the budget (declared size or actual inflated bytes).
  std::string read(std::string_view name);

 private:
  struct Impl;
  Impl* impl_;
};

// Whether `bytes` starts a zip archive ("PK\3\4").
bool looks_like_zip(std::string_view bytes);

// Readers, one per format family (office.cpp, html.cpp, xliff.cpp,
// subtitles.cpp, pdf.cpp).
ExtractedText read_office(std::string_view bytes, InputFormat format, std::string_view where,
                          const InputLimits& limits);
// kDocx or kOdt when `bytes` is a zip holding one, else kAuto.
InputFormat office_format(std::string_view bytes);
ExtractedText read_html(std::string_view bytes, std::string_view where, const InputLimits& limits);
ExtractedText read_xliff(std::string_view bytes, std::string_view where, const InputLimits& limits,
                         InputSide side);
ExtractedText read_subtitles(std::string_view bytes, InputFormat format, std::string_view where,
                             const InputLimits& limits);
// PDF text, page by page (pdf.cpp).
ExtractedText read_pdf(std::string_view bytes, std::string_view where, const InputLimits& limits);
// Whether `bytes` (BOM skipped) begins with an SRT cue: an index line, then
// a timing line.
bool looks_like_srt(std::string_view bytes);

}  // namespace polyalign::input
