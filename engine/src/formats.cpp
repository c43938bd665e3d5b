#include "polyalign/formats.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace polyalign {

PairFormat parse_pair_format(std::string_view name) {
  if (name == "brackets") return PairFormat::kBrackets;
  if (name == "tsv") return PairFormat::kTsv;
  if (name == "jsonl") return PairFormat::kJsonl;
  fail_input("--format", fmt::format("unknown format '{}' (expected brackets, tsv or jsonl)", name));
}

namespace {

std::string index_list(const SentenceRange& r) {
  std::string s = "[";
  for (std::uint32_t i = r.begin; i < r.end; ++i) {
    if (i > r.begin) s += ',';
    s += std::to_string(i);
  }
  s += ']';
  return s;
}

// The sentences of one side of a bead as one TSV field: joined by a space,
// with tabs and line breaks (which would break the TSV) turned into spaces.
std::string tsv_field(const SegmentedDocument& d, const SentenceRange& r) {
  std::string s;
  for (std::uint32_t i = r.begin; i < r.end; ++i) {
    if (i > r.begin) s += ' ';
    for (char ch : d.sentence_text(i)) s += (ch == '\t' || ch == '\n' || ch == '\r') ? ' ' : ch;
  }
  return s;
}

nlohmann::json spans(const SegmentedDocument& d, const SentenceRange& r) {
  nlohmann::json a = nlohmann::json::array();
  for (std::uint32_t i = r.begin; i < r.end; ++i) {
    a.push_back({d.sentences[i].span.start, d.sentences[i].span.end});
  }
  return a;
}

nlohmann::json indices(const SentenceRange& r) {
  nlohmann::json a = nlohmann::json::array();
  for (std::uint32_t i = r.begin; i < r.end; ++i) a.push_back(i);
  return a;
}

// Costs and confidences rounded so outputs stay short and byte-identical
// across platforms' last-digit differences.
double round_to(double x, double unit) { return std::round(x / unit) * unit; }

}  // namespace

void write_pair_alignment(std::ostream& out, const DocumentAlignment& r, PairFormat format,
                          bool explain) {
  for (const Bead& bead : r.alignment.beads) {
    switch (format) {
      case PairFormat::kBrackets:
        out << index_list(bead.a) << ':' << index_list(bead.b) << ':'
            << fmt::format("{:.4f}", bead.cost) << '\n';
        break;
      case PairFormat::kTsv:
        out << tsv_field(r.a, bead.a) << '\t' << tsv_field(r.b, bead.b) << '\t'
            << fmt::format("{:.4f}", bead.confidence) << '\n';
        break;
      case PairFormat::kJsonl: {
        nlohmann::json j;
        j["a"] = indices(bead.a);
        j["b"] = indices(bead.b);
        j["a_spans"] = spans(r.a, bead.a);
        j["b_spans"] = spans(r.b, bead.b);
        j["cost"] = round_to(bead.cost, 1e-4);
        j["confidence"] = round_to(bead.confidence, 1e-4);
        if (explain) {
          nlohmann::json anchors = nlohmann::json::array();
          for (const AnchorMatch& m : r.evidence.matches(bead.a, bead.b)) {
            anchors.push_back({{"kind", anchor_kind_name(m.kind)},
                               {"key", m.key},
                               {"weight", round_to(m.weight, 1e-3)}});
          }
          j["anchors"] = std::move(anchors);
        }
        out << j.dump() << '\n';
        break;
      }
    }
  }
}

}  // namespace polyalign
