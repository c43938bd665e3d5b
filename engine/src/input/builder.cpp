#include "builder.h"

#include <fmt/format.h>

#include "polyalign/document.h"

namespace polyalign::input {

TextBuilder::TextBuilder(std::string_view where, const InputLimits& limits,
                         std::string_view separator)
    : where_(where), limits_(limits), separator_(separator) {}

void TextBuilder::fail(std::string_view what) const { fail_input(where_, what); }

void TextBuilder::add(std::string_view raw, std::string_view part, ByteSpan source,
                      std::string_view label) {
  unit_.clear();
  bool space = false;
  for (char c : raw) {
    const auto u = static_cast<unsigned char>(c);
    // ASCII white space and C0 controls (a NUL among them) become one space:
    // a unit is one line of the text, and the text is validated as such.
    if (u < 0x20 || u == ' ' || u == 0x7F) {
      space = !unit_.empty();
      continue;
    }
    if (space) unit_ += ' ';
    space = false;
    unit_ += c;
  }
  if (unit_.empty()) return;
  if (unit_.size() > limits_.max_unit_bytes) {
    fail(fmt::format("{}a paragraph of {} bytes, more than the limit of {}",
                     label.empty() ? "" : fmt::format("unit {}: ", label), unit_.size(),
                     limits_.max_unit_bytes));
  }
  if (out_.units.size() >= limits_.max_units) {
    fail(fmt::format("more than {} paragraphs (the limit)", limits_.max_units));
  }
  validate_text(unit_, fmt::format("{}: {}text of unit {}", where_,
                                   part.empty() ? "" : std::string(part) + ": ", out_.units.size()));
  if (!out_.units.empty()) out_.text += separator_;
  const std::uint64_t start = out_.text.size();
  out_.text += unit_;
  SourceUnit u;
  u.text = {start, out_.text.size()};
  u.part = std::string(part);
  if (!part.empty()) {
    // Offsets within the part's extracted text, counted from its first unit.
    auto it = part_start_.find(part);
    if (it == part_start_.end()) it = part_start_.emplace(std::string(part), start).first;
    u.source = {start - it->second, out_.text.size() - it->second};
  } else {
    u.source = source;
  }
  u.label = std::string(label);
  out_.units.push_back(std::move(u));
}

ExtractedText TextBuilder::finish(InputFormat format, bool sentence_units) {
  out_.format = format;
  out_.sentence_units = sentence_units;
  if (!out_.text.empty()) out_.text += '\n';
  return std::move(out_);
}

}  // namespace polyalign::input
