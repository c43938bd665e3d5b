#include "report/page_data.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <string_view>
#include <tuple>
#include <utility>

#include "util/rounding.h"
#include "util/text.h"

namespace polyalign::report {

namespace {

using nlohmann::ordered_json;

// What findings say about one sentence: the findings concerned with it, and
// the highlighted byte spans (document offsets) with their finding.
struct SentenceNotes {
  std::vector<std::size_t> concerned;
  std::vector<std::pair<ByteSpan, std::size_t>> highlights;
};

using NoteKey = std::tuple<std::size_t, std::size_t, std::uint32_t>;  // view, member, sentence
using Notes = std::map<NoteKey, SentenceNotes>;

}  // namespace

void check_place(const std::vector<View>& views, const Finding& f, const std::string& where) {
  if (f.bundle >= views.size()) fail_input(where, fmt::format("bundle {} out of range", f.bundle));
  const View& v = views[f.bundle];
  if (f.tuple >= v.tuples) fail_input(where, fmt::format("tuple {} out of range", f.tuple));
  for (const TupleRef& r : f.related) {
    if (r.bundle >= views.size() || r.tuple >= views[r.bundle].tuples)
      fail_input(where, fmt::format("related tuple {}/{} out of range", r.bundle, r.tuple));
  }
}

namespace {

// Adds what member m of finding fi (in view `view`, document d) says about
// its sentences to `notes`.
void note_member(Notes& notes, std::size_t view, const SegmentedDocument& d, const FindingMember& m,
                 std::size_t fi, const std::string& where) {
  for (std::uint32_t i : m.sentences) {
    if (i >= d.sentences.size()) fail_input(where, fmt::format("sentence {} out of range", i));
    notes[{view, m.member, i}].concerned.push_back(fi);
  }
  for (const ByteSpan& h : m.highlights) {
    if (h.start >= h.end || h.end > d.document.text.size())
      fail_input(where, fmt::format("highlight [{}, {}) out of range", h.start, h.end));
    // The sentence holding the highlight's first byte.
    auto it = std::upper_bound(d.sentences.begin(), d.sentences.end(), h.start,
                               [](std::uint64_t x, const Sentence& s) { return x < s.span.start; });
    if (it == d.sentences.begin()) continue;
    --it;
    if (h.start >= it->span.end) continue;  // between sentences
    const auto i = static_cast<std::uint32_t>(it - d.sentences.begin());
    notes[{view, m.member, i}].highlights.emplace_back(h, fi);
  }
}

Notes index_findings(const std::vector<View>& views, const std::vector<Finding>& findings) {
  Notes notes;
  for (std::size_t fi = 0; fi < findings.size(); ++fi) {
    const Finding& f = findings[fi];
    const std::string where = fmt::format("finding {}", fi);
    check_place(views, f, where);
    const View& v = views[f.bundle];
    for (const FindingMember& m : f.members) {
      if (m.member >= v.docs.size())
        fail_input(where, fmt::format("member {} out of range", m.member));
      note_member(notes, f.bundle, *v.docs[m.member], m, fi, where);
    }
  }
  return notes;
}

// A sentence as pieces: plain text as a string, highlighted text as
// [text, finding, finding...].
ordered_json pieces(const SegmentedDocument& d, std::uint32_t i, const SentenceNotes* n) {
  const ByteSpan s = d.sentences[i].span;
  const std::string_view text(d.document.text);
  ordered_json out = ordered_json::array();
  if (!n || n->highlights.empty()) {
    out.push_back(text.substr(s.start, s.size()));
    return out;
  }
  std::vector<std::uint64_t> cuts = {s.start, s.end};
  for (const auto& [h, f] : n->highlights) {
    cuts.push_back(util::code_point_start(text, std::clamp(h.start, s.start, s.end)));
    cuts.push_back(util::code_point_start(text, std::clamp(h.end, s.start, s.end)));
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::string plain;
  for (std::size_t c = 0; c + 1 < cuts.size(); ++c) {
    const std::uint64_t a = cuts[c], b = cuts[c + 1];
    std::vector<std::size_t> by;
    for (const auto& [h, f] : n->highlights) {
      if (h.start <= a && b <= h.end && std::find(by.begin(), by.end(), f) == by.end())
        by.push_back(f);
    }
    const std::string_view piece = text.substr(a, b - a);
    if (by.empty()) {
      plain += piece;
      continue;
    }
    if (!plain.empty()) out.push_back(std::exchange(plain, {}));
    ordered_json mark = ordered_json::array({piece});
    for (std::size_t f : by) mark.push_back(f);
    out.push_back(std::move(mark));
  }
  if (!plain.empty()) out.push_back(plain);
  return out;
}

// The checks listed as filters: the options' and those of the findings,
// by CheckKind.
ordered_json checks_json(const std::vector<Finding>& findings, const ReportOptions& options) {
  std::vector<CheckKind> checks = options.checks;
  for (const Finding& f : findings) {
    if (std::find(checks.begin(), checks.end(), f.kind) == checks.end()) checks.push_back(f.kind);
  }
  std::sort(checks.begin(), checks.end());
  ordered_json check_ids = ordered_json::array();
  for (CheckKind k : checks) check_ids.push_back(static_cast<int>(k));
  return check_ids;
}

// One cell: 0 when the member has no sentence in the tuple, else its
// sentences as [index, pieces, concerned findings (if any)].
ordered_json cell_json(const View& v, std::size_t vi, std::size_t k, const SentenceRange& r,
                       const Notes& notes) {
  if (r.empty()) return 0;
  ordered_json cell = ordered_json::array();
  for (std::uint32_t i = r.begin; i < r.end; ++i) {
    auto it = notes.find({vi, k, i});
    const SentenceNotes* sn = it == notes.end() ? nullptr : &it->second;
    ordered_json s = ordered_json::array({i, pieces(*v.docs[k], i, sn)});
    if (sn && !sn->concerned.empty()) s.push_back(sn->concerned);
    cell.push_back(std::move(s));
  }
  return cell;
}

// {"id", "conf", "cols": [{"lang", "path"}], "rows": [[confidence, cells]]}.
ordered_json bundle_json(const View& v, std::size_t vi, const Notes& notes) {
  const std::size_t n = v.docs.size();
  std::vector<std::size_t> order = v.order;
  if (order.size() != n) {
    order.resize(n);
    std::iota(order.begin(), order.end(), 0);
  }
  ordered_json cols = ordered_json::array();
  for (std::size_t k : order) {
    const SegmentedDocument* d = v.docs[k];
    cols.push_back({{"lang", d->document.lang}, {"path", d->document.path}});
  }
  ordered_json rows = ordered_json::array();
  for (std::size_t t = 0; t < v.tuples; ++t) {
    ordered_json cells = ordered_json::array();
    for (std::size_t k : order) cells.push_back(cell_json(v, vi, k, v.cells[t * n + k], notes));
    // Confidences to three decimals: a small page with stable bytes.
    const double confidence = util::round_to_scale(v.tuple_confidence[t], 1e3);
    ordered_json row = ordered_json::array({confidence, std::move(cells)});
    if (!v.tuple_cost.empty()) {
      // What a saved alignment needs as `polyalign align --format jsonl`
      // writes them: the cost and the confidence to four decimals.
      row.push_back(util::round_to_unit(v.tuple_cost.at(t), 1e-4));
      row.push_back(util::round_to_unit(v.tuple_confidence[t], 1e-4));
    }
    rows.push_back(std::move(row));
  }
  ordered_json b = {{"id", v.id}, {"conf", nullptr}, {"cols", std::move(cols)}};
  if (v.confidence >= 0) b["conf"] = util::round_to_scale(v.confidence, 1e3);
  b["rows"] = std::move(rows);
  if (!v.tuple_cost.empty()) {
    ordered_json spans = ordered_json::array();
    for (std::size_t k : order) {
      ordered_json flat = ordered_json::array();
      for (const Sentence& s : v.docs[k]->sentences) {
        flat.push_back(s.span.start);
        flat.push_back(s.span.end);
      }
      spans.push_back(std::move(flat));
    }
    b["spans"] = std::move(spans);
  }
  return b;
}

// [{"k": kind, "s": severity, "b": bundle, "t": tuple, "m": message,
//   "r": [[bundle, tuple]] (when any)}].
ordered_json findings_json(const std::vector<Finding>& findings) {
  ordered_json list = ordered_json::array();
  for (const Finding& f : findings) {
    ordered_json x = {{"k", static_cast<int>(f.kind)},
                      {"s", static_cast<int>(f.severity)},
                      {"b", f.bundle},
                      {"t", f.tuple},
                      {"m", f.message}};
    if (!f.related.empty()) {
      ordered_json related = ordered_json::array();
      for (const TupleRef& r : f.related) related.push_back({r.bundle, r.tuple});
      x["r"] = std::move(related);
    }
    list.push_back(std::move(x));
  }
  return list;
}

}  // namespace

ordered_json head_json(const PageData& page, const std::vector<Finding>& findings,
                       const ReportOptions& options) {
  ordered_json j;
  j["title"] = options.title;
  j["generator"] = fmt::format("polyalign {}", kVersion);
  j["mode"] = page.mode;
  j["unit"] = page.mode == "pair" ? "bead" : "tuple";
  j["low"] = options.low_confidence;
  ordered_json kinds = ordered_json::array();
  for (CheckKind k : all_checks()) kinds.push_back(check_kind_name(k));
  j["kinds"] = std::move(kinds);
  j["checks"] = checks_json(findings, options);
  ordered_json severities = ordered_json::array();
  for (Severity s : {Severity::kError, Severity::kWarning, Severity::kInfo})
    severities.push_back(severity_name(s));
  j["severities"] = std::move(severities);
  std::size_t tuples = 0;
  for (const View& v : page.views) tuples += v.tuples;
  j["summary"] = {{"documents", page.documents},
                  {"bundles", page.views.size()},
                  {"tuples", tuples},
                  {"unmatched", page.unmatched.size()},
                  {"skipped", page.skipped.size()}};
  j["unmatched"] = page.unmatched;
  j["skipped"] = page.skipped;
  return j;
}

ordered_json page_json(const PageData& page, const std::vector<Finding>& findings,
                       const ReportOptions& options) {
  const Notes notes = index_findings(page.views, findings);
  ordered_json j = head_json(page, findings, options);
  ordered_json bundles = ordered_json::array();
  for (std::size_t vi = 0; vi < page.views.size(); ++vi) {
    bundles.push_back(bundle_json(page.views[vi], vi, notes));
  }
  j["bundles"] = std::move(bundles);
  j["findings"] = findings_json(findings);
  if (!page.nav.is_null()) j["nav"] = page.nav;
  return j;
}

}  // namespace polyalign::report
