// read_pair_jsonl() (polyalign/formats.h): pair JSONL back into an
// alignment. The lines' spans become the documents' sentences, so that a
// corrected alignment (the review page's Save) needs nothing but the two
// original files: byte spans are the sentences' identity.
#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "polyalign/document.h"
#include "polyalign/formats.h"

namespace polyalign {

namespace {

constexpr double kMaxCost = 1e9;

// One side of the alignment as it is read: the document, its sentences so
// far, and where the previous one ended.
struct SideReader {
  SegmentedDocument doc;
  const char* name;  // "a" or "b"
  std::uint64_t last_end = 0;

  // Appends the bead side's sentences (fields `name` and `name`_spans of
  // `line`) and returns their range.
  SentenceRange read(const nlohmann::json& line, const std::string& where) {
    const std::string spans_key = std::string(name) + "_spans";
    const auto idx = line.find(name);
    const auto spans = line.find(spans_key);
    if (idx == line.end() || !idx->is_array())
      fail_input(where, fmt::format("\"{}\" missing or not an array", name));
    if (spans == line.end() || !spans->is_array())
      fail_input(where, fmt::format("\"{}\" missing or not an array", spans_key));
    if (spans->size() != idx->size())
      fail_input(where, fmt::format("\"{}\" has {} spans for {} sentences", spans_key,
                                    spans->size(), idx->size()));
    SentenceRange r;
    r.begin = r.end = static_cast<std::uint32_t>(doc.sentences.size());
    const std::string_view text(doc.document.text);
    for (std::size_t k = 0; k < idx->size(); ++k) {
      const nlohmann::json& i = (*idx)[k];
      if (!i.is_number_unsigned() || i.get<std::uint64_t>() != doc.sentences.size())
        fail_input(where, fmt::format("\"{}\": expected sentence {} (sentences count up from 0 "
                                      "across the lines), got {}",
                                      name, doc.sentences.size(), i.dump()));
      const nlohmann::json& s = (*spans)[k];
      if (!s.is_array() || s.size() != 2 || !s[0].is_number_unsigned() ||
          !s[1].is_number_unsigned())
        fail_input(where, fmt::format("\"{}\": not a [start, end] pair of byte offsets: {}",
                                      spans_key, s.dump()));
      const ByteSpan span{s[0].get<std::uint64_t>(), s[1].get<std::uint64_t>()};
      check_span(span, text, spans_key, where);
      last_end = span.end;
      doc.sentences.push_back(
          {span, 0, count_code_points(text.substr(span.start, span.size()))});
      ++r.end;
    }
    return r;
  }

  void check_span(const ByteSpan& span, std::string_view text, const std::string& key,
                  const std::string& where) const {
    const std::string what = fmt::format("\"{}\": span [{}, {}]", key, span.start, span.end);
    if (span.end < span.start || span.end > text.size())
      fail_input(where, fmt::format("{} is not inside {} ({} bytes)", what, doc.document.path,
                                    text.size()));
    if (span.start < last_end || span.start < doc.document.content_start)
      fail_input(where, fmt::format("{} overlaps the previous sentence (spans must be in order)",
                                    what));
    auto inside_code_point = [&](std::uint64_t p) {
      return p < text.size() && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80;
    };
    if (inside_code_point(span.start) || inside_code_point(span.end))
      fail_input(where, fmt::format("{} cuts a character of {} in two", what, doc.document.path));
  }
};

nlohmann::json parse_line(std::string_view line, const std::string& where) {
  try {
    nlohmann::json j = nlohmann::json::parse(line);
    if (!j.is_object()) fail_input(where, "not a JSON object");
    return j;
  } catch (const nlohmann::json::exception& e) {
    // e.what() names the byte of the line; keep the message one line.
    std::string what = e.what();
    for (char& c : what) c = c == '\n' ? ' ' : c;
    fail_input(where, fmt::format("not JSON: {}", what));
  }
}

double number(const nlohmann::json& line, const char* key, const std::string& where,
              bool required) {
  const auto it = line.find(key);
  if (it == line.end()) {
    if (required) fail_input(where, fmt::format("\"{}\" missing", key));
    return 0;
  }
  if (!it->is_number() || !std::isfinite(it->get<double>()))
    fail_input(where, fmt::format("\"{}\" is not a number: {}", key, it->dump()));
  return it->get<double>();
}

}  // namespace

DocumentAlignment read_pair_jsonl(std::string_view jsonl, Document a, Document b,
                                  std::string_view where) {
  SideReader sa{{std::move(a), {}}, "a"}, sb{{std::move(b), {}}, "b"};
  DocumentAlignment r;
  std::size_t line_no = 0;
  for (std::size_t pos = 0; pos < jsonl.size();) {
    std::size_t eol = jsonl.find('\n', pos);
    if (eol == std::string_view::npos) eol = jsonl.size();
    const std::string_view line = jsonl.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    const std::string at = fmt::format("{}: line {}", where, line_no);
    const nlohmann::json j = parse_line(line, at);
    Bead bead;
    bead.a = sa.read(j, at);
    bead.b = sb.read(j, at);
    if (bead.a.empty() && bead.b.empty()) fail_input(at, "a bead with no sentence on either side");
    bead.confidence = number(j, "confidence", at, true);
    if (bead.confidence < 0 || bead.confidence > 1)
      fail_input(at, fmt::format("\"confidence\" must be in [0, 1], got {}", bead.confidence));
    bead.cost = number(j, "cost", at, false);
    // Costs are nats, far below this; a bound keeps them exact to the 1e-4
    // the writer rounds to (a larger one would not read back the same).
    if (std::abs(bead.cost) > kMaxCost)
      fail_input(at, fmt::format("\"cost\" must be within ±{:g}, got {}", kMaxCost, bead.cost));
    r.alignment.total_cost += bead.cost;
    r.alignment.beads.push_back(bead);
  }
  r.a = std::move(sa.doc);
  r.b = std::move(sb.doc);
  return r;
}

}  // namespace polyalign
