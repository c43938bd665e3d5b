#include "formats/source_json.h"

#include "polyalign/input.h"

namespace polyalign::formats {

nlohmann::json source_json(const Document& doc, ByteSpan span) {
  if (doc.units.empty()) return nullptr;
  const SourceLocation at = locate(doc, span);
  nlohmann::json j = {{"format", input_format_name(doc.format)},
                      {"unit", at.unit},
                      {"start", at.source.start},
                      {"end", at.source.end},
                      {"offset", at.offset}};
  if (!at.part.empty()) j["part"] = at.part;
  const std::string& label = doc.units[static_cast<std::size_t>(at.unit)].label;
  if (!label.empty()) j["label"] = label;
  return j;
}

nlohmann::json sources_json(const SegmentedDocument& d, const SentenceRange& r) {
  if (d.document.units.empty()) return nullptr;
  nlohmann::json a = nlohmann::json::array();
  for (std::uint32_t i = r.begin; i < r.end; ++i) {
    a.push_back(source_json(d.document, d.sentences[i].span));
  }
  return a;
}

}  // namespace polyalign::formats
