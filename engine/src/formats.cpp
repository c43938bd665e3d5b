#include "polyalign/formats.h"

#include <iterator>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "format_util.h"
#include "formats/pair_xml.h"
#include "formats/source_json.h"

namespace polyalign {

SegmentFormat parse_segment_format(std::string_view name) {
  if (name == "lines") return SegmentFormat::kLines;
  if (name == "jsonl") return SegmentFormat::kJsonl;
  fail_input("--format", fmt::format("unknown format '{}' (expected lines or jsonl)", name));
}

void write_segmentation(std::ostream& out, const SegmentedDocument& d, SegmentFormat format) {
  for (std::size_t i = 0; i < d.sentences.size(); ++i) {
    if (format == SegmentFormat::kLines) {
      out << d.sentence_text(i) << '\n';
    } else {
      const Sentence& s = d.sentences[i];
      nlohmann::json j = {{"index", i},
                          {"start", s.span.start},
                          {"end", s.span.end},
                          {"paragraph", s.paragraph},
                          {"text", d.sentence_text(i)}};
      if (!d.document.units.empty()) j["source"] = formats::source_json(d.document, s.span);
      out << j.dump() << '\n';
    }
  }
}

PairFormat parse_pair_format(std::string_view name) {
  if (name == "brackets") return PairFormat::kBrackets;
  if (name == "tsv") return PairFormat::kTsv;
  if (name == "jsonl") return PairFormat::kJsonl;
  if (name == "tmx") return PairFormat::kTmx;
  if (name == "xliff") return PairFormat::kXliff;
  fail_input("--format",
             fmt::format("unknown format '{}' (expected brackets, tsv, jsonl, tmx or xliff)", name));
}

namespace {

// "[3,4]": appended to `s`.
void index_list(const SentenceRange& r, std::string& s) {
  s += '[';
  for (std::uint32_t i = r.begin; i < r.end; ++i) {
    if (i > r.begin) s += ',';
    fmt::format_to(std::back_inserter(s), "{}", i);
  }
  s += ']';
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

}  // namespace

void write_pair_alignment(std::ostream& out, const DocumentAlignment& r, PairFormat format,
                          bool explain) {
  if (format == PairFormat::kTmx) return formats::write_pair_tmx(out, r);
  if (format == PairFormat::kXliff) return formats::write_pair_xliff(out, r);
  // Lines are gathered in a buffer and written a megabyte at a time (a
  // stream insertion per field cost more than the rest of the writing).
  std::string buf;
  constexpr std::size_t kFlush = 1 << 20;
  for (const Bead& bead : r.alignment.beads) {
    switch (format) {
      case PairFormat::kBrackets:
        index_list(bead.a, buf);
        buf += ':';
        index_list(bead.b, buf);
        fmt::format_to(std::back_inserter(buf), ":{:.4f}\n", bead.cost);
        break;
      case PairFormat::kTsv:
        format_util::append_line_field(r.a, bead.a, buf);
        buf += '\t';
        format_util::append_line_field(r.b, bead.b, buf);
        fmt::format_to(std::back_inserter(buf), "\t{:.4f}\n", bead.confidence);
        break;
      case PairFormat::kJsonl: {
        nlohmann::json j;
        j["a"] = indices(bead.a);
        j["b"] = indices(bead.b);
        j["a_spans"] = spans(r.a, bead.a);
        j["b_spans"] = spans(r.b, bead.b);
        // Read from another format than text: the spans are into the
        // extracted text; where the sentences are in the files.
        if (!r.a.document.units.empty()) j["a_sources"] = formats::sources_json(r.a, bead.a);
        if (!r.b.document.units.empty()) j["b_sources"] = formats::sources_json(r.b, bead.b);
        j["cost"] = format_util::round_to_unit(bead.cost, 1e-4);
        j["confidence"] = format_util::round_to_unit(bead.confidence, 1e-4);
        if (explain) {
          nlohmann::json anchors = nlohmann::json::array();
          for (const AnchorMatch& m : r.evidence.matches(bead.a, bead.b)) {
            anchors.push_back({{"kind", anchor_kind_name(m.kind)},
                               {"key", m.key},
                               {"weight", format_util::round_to_unit(m.weight, 1e-3)}});
          }
          j["anchors"] = std::move(anchors);
        }
        buf += j.dump();
        buf += '\n';
        break;
      }
      case PairFormat::kTmx:
      case PairFormat::kXliff:
        break;  // written above
    }
    if (buf.size() >= kFlush) {
      out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      buf.clear();
    }
  }
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
}

std::size_t write_pair_moses(std::ostream& out_a, std::ostream& out_b, const DocumentAlignment& r) {
  std::size_t lines = 0;
  std::string line;
  for (const Bead& bead : r.alignment.beads) {
    if (bead.a.empty() || bead.b.empty()) continue;
    line.clear();
    format_util::append_line_field(r.a, bead.a, line);
    out_a << line << '\n';
    line.clear();
    format_util::append_line_field(r.b, bead.b, line);
    out_b << line << '\n';
    ++lines;
  }
  return lines;
}

}  // namespace polyalign
