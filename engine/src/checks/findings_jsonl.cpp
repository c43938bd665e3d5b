// write_findings_jsonl() (polyalign/checks.h): one JSON object per finding
// and line, for a corpus's bundles or a pair's beads.
#include <nlohmann/json.hpp>

#include "polyalign/checks.h"

namespace polyalign {

namespace {

using nlohmann::ordered_json;

// JSON of one finding's members: {"<path>": {"lang", "sentences", "spans", "highlights"}}.
ordered_json members_json(const Finding& f, const std::vector<const SegmentedDocument*>& docs,
                          const std::vector<std::string>& names) {
  ordered_json members = ordered_json::object();
  for (const FindingMember& m : f.members) {
    const SegmentedDocument& d = *docs[m.member];
    ordered_json sentences = ordered_json::array();
    ordered_json spans = ordered_json::array();
    ordered_json highlights = ordered_json::array();
    for (std::uint32_t i : m.sentences) {
      sentences.push_back(i);
      spans.push_back({d.sentences[i].span.start, d.sentences[i].span.end});
    }
    for (const ByteSpan& h : m.highlights) highlights.push_back({h.start, h.end});
    members[names[m.member]] = {{"lang", d.document.lang},
                                {"sentences", std::move(sentences)},
                                {"spans", std::move(spans)},
                                {"highlights", std::move(highlights)}};
  }
  return members;
}

// Writes one finding's line: kind, severity, the fields of `where` (its
// place: bundle and tuple, or bead), members, message, and "related" (each
// TupleRef as ref(r)) when not empty.
template <typename Ref>
void write_line(std::ostream& out, const Finding& f, const ordered_json& where,
                const std::vector<const SegmentedDocument*>& docs,
                const std::vector<std::string>& names, Ref&& ref) {
  ordered_json j = {{"kind", check_kind_name(f.kind)}, {"severity", severity_name(f.severity)}};
  for (const auto& [key, value] : where.items()) j[key] = value;
  j["members"] = members_json(f, docs, names);
  j["message"] = f.message;
  if (!f.related.empty()) {
    ordered_json related = ordered_json::array();
    for (const TupleRef& r : f.related) related.push_back(ref(r));
    j["related"] = std::move(related);
  }
  out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace

void write_findings_jsonl(std::ostream& out, const CorpusResult& result,
                          const std::vector<Finding>& findings) {
  for (const Finding& f : findings) {
    const Bundle& b = result.bundles.at(f.bundle);
    std::vector<const SegmentedDocument*> docs;
    std::vector<std::string> names;
    for (std::size_t d : b.documents) {
      docs.push_back(&result.documents[d]);
      names.push_back(result.documents[d].document.path);
    }
    write_line(out, f, {{"bundle", b.id}, {"tuple", f.tuple}}, docs, names,
               [&](const TupleRef& r) -> ordered_json {
                 return {{"bundle", result.bundles.at(r.bundle).id}, {"tuple", r.tuple}};
               });
  }
}

void write_findings_jsonl(std::ostream& out, const DocumentAlignment& result,
                          const std::vector<Finding>& findings) {
  const std::vector<const SegmentedDocument*> docs = {&result.a, &result.b};
  std::vector<std::string> names = {result.a.document.path, result.b.document.path};
  if (names[0] == names[1]) names = {"A:" + names[0], "B:" + names[1]};
  for (const Finding& f : findings) {
    write_line(out, f, {{"bead", f.tuple}}, docs, names, [](const TupleRef& r) -> ordered_json {
      return {{"bead", r.tuple}};
    });
  }
}

}  // namespace polyalign
