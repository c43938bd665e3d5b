// write_report_html() (polyalign/report.h): the result's bundles (or the
// pair) as page data (report/page_data.h), written into the page's fixed
// text (report/page_template.h).
#include "polyalign/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <string_view>

#include "polyalign/corpus_formats.h"
#include "report/page_data.h"
#include "report/page_template.h"

namespace polyalign {

namespace {

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// The data as the content of a <script> element: '<' as \u003c, so that no
// text of the documents can close the element ("</script>") or open a
// comment in it; the JSON means the same.
std::string script_safe(const std::string& json) {
  std::string data;
  data.reserve(json.size() + json.size() / 16);
  for (char c : json) {
    if (c == '<') {
      data += "\\u003c";
    } else {
      data += c;
    }
  }
  return data;
}

void write_page(std::ostream& out, const report::PageData& page,
                const std::vector<Finding>& findings, const ReportOptions& options) {
  if (!(options.low_confidence >= 0 && options.low_confidence <= 1))
    fail_input("ReportOptions::low_confidence",
               fmt::format("must be in [0, 1], got {}", options.low_confidence));
  const nlohmann::ordered_json j = report::page_json(page, findings, options);
  const std::string data =
      script_safe(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  const std::string title = html_escape(options.title);
  std::string head(report::kPageHead);
  for (std::size_t p; (p = head.find("@TITLE@")) != std::string::npos;) head.replace(p, 7, title);
  out << head << data << report::kPageScript;
}

}  // namespace

void write_report_html(std::ostream& out, const CorpusResult& result,
                       const std::vector<Finding>& findings, const ReportOptions& options) {
  report::PageData page;
  page.mode = "corpus";
  page.documents = result.documents.size();
  // Columns in the writers' language order: the source language first.
  const std::vector<std::string> langs = corpus_language_order(result, options.source_lang);
  for (const Bundle& b : result.bundles) {
    report::View v;
    v.id = b.id;
    v.confidence = b.confidence;
    for (std::size_t d : b.documents) v.docs.push_back(&result.documents.at(d));
    v.order.resize(v.docs.size());
    std::iota(v.order.begin(), v.order.end(), 0);
    auto rank = [&](std::size_t k) {
      const std::string& l = v.docs[k]->document.lang;
      return std::make_pair(std::find(langs.begin(), langs.end(), l) - langs.begin(), l);
    };
    std::stable_sort(v.order.begin(), v.order.end(),
                     [&](std::size_t x, std::size_t y) { return rank(x) < rank(y); });
    v.tuples = b.tuples.size();
    for (const Tuple& t : b.tuples) {
      if (t.members.size() != v.docs.size())
        fail_input(b.id, "a tuple's member count differs from the bundle's");
      v.cells.insert(v.cells.end(), t.members.begin(), t.members.end());
      v.tuple_confidence.push_back(t.confidence);
    }
    page.views.push_back(std::move(v));
  }
  for (const UnmatchedDocument& u : result.unmatched) {
    const Document& d = result.documents.at(u.document).document;
    page.unmatched.push_back({{"path", d.path}, {"lang", d.lang}, {"reason", u.reason}});
  }
  for (const SkippedFile& s : result.skipped)
    page.skipped.push_back({{"path", s.path}, {"reason", s.reason}});
  write_page(out, page, findings, options);
}

void write_report_html(std::ostream& out, const DocumentAlignment& result,
                       const std::vector<Finding>& findings, const ReportOptions& options) {
  report::PageData page;
  page.mode = "pair";
  page.documents = 2;
  report::View v;
  v.id = "pair";
  v.docs = {&result.a, &result.b};
  v.tuples = result.alignment.beads.size();
  for (const Bead& bead : result.alignment.beads) {
    v.cells.push_back(bead.a);
    v.cells.push_back(bead.b);
    v.tuple_confidence.push_back(bead.confidence);
    v.tuple_cost.push_back(bead.cost);
  }
  page.views.push_back(std::move(v));
  write_page(out, page, findings, options);
}

}  // namespace polyalign
