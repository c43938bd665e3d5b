// The review pages (polyalign/report.h): the result's bundles (or the pair)
// as page data (report/page_data.h, report/index_data.h), written into the
// pages' fixed text (report/page_template.h).
#include "polyalign/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <numeric>
#include <string_view>

#include "polyalign/corpus_formats.h"
#include "polyalign/io.h"
#include "report/index_data.h"
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

void check_low(const ReportOptions& options) {
  if (!(options.low_confidence >= 0 && options.low_confidence <= 1))
    fail_input("ReportOptions::low_confidence",
               fmt::format("must be in [0, 1], got {}", options.low_confidence));
}

// A page (report/page_template.h): the head with the escaped title, the
// style and the keys line filled in, the data, the shared script and the
// page's own.
void write_html(std::ostream& out, std::string_view keys, std::string_view style,
                const nlohmann::ordered_json& j, std::string_view script,
                const std::string& title_text) {
  const std::string data =
      script_safe(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  const std::string title = html_escape(title_text);
  std::string head(report::kHead);
  const auto fill = [&head](std::string_view slot, std::string_view text) {
    for (std::size_t p = 0; (p = head.find(slot, p)) != std::string::npos; p += text.size())
      head.replace(p, slot.size(), text);
  };
  // The title last, with the search going on after each replacement: a
  // title that names a slot ("@KEYS@") stays as it is.
  fill("@STYLE@", style);
  fill("@KEYS@", keys);
  fill("@TITLE@", title);
  out << head << data << report::kScriptStart << script << report::kScriptEnd;
}

void write_page(std::ostream& out, const report::PageData& page,
                const std::vector<Finding>& findings, const ReportOptions& options) {
  check_low(options);
  write_html(out, report::kPageKeys, report::kPageStyle, report::page_json(page, findings, options),
             report::kPageScript, options.title);
}

// Bundle b of `result` as the page shows it: its members in the writers'
// language order (`langs`: the source language first).
report::View bundle_view(const CorpusResult& result, std::size_t b,
                         const std::vector<std::string>& langs) {
  const Bundle& bundle = result.bundles[b];
  report::View v;
  v.id = bundle.id;
  v.confidence = bundle.confidence;
  for (std::size_t d : bundle.documents) v.docs.push_back(&result.documents.at(d));
  v.order.resize(v.docs.size());
  std::iota(v.order.begin(), v.order.end(), 0);
  auto rank = [&](std::size_t k) {
    const std::string& l = v.docs[k]->document.lang;
    return std::make_pair(std::find(langs.begin(), langs.end(), l) - langs.begin(), l);
  };
  std::stable_sort(v.order.begin(), v.order.end(),
                   [&](std::size_t x, std::size_t y) { return rank(x) < rank(y); });
  v.tuples = bundle.tuples.size();
  for (const Tuple& t : bundle.tuples) {
    if (t.members.size() != v.docs.size())
      fail_input(bundle.id, "a tuple's member count differs from the bundle's");
    v.cells.insert(v.cells.end(), t.members.begin(), t.members.end());
    v.tuple_confidence.push_back(t.confidence);
  }
  return v;
}

// The one-page corpus report's data (the index's too): every bundle, the
// unmatched and skipped files.
report::PageData corpus_page(const CorpusResult& result, const ReportOptions& options) {
  report::PageData page;
  page.mode = "corpus";
  page.documents = result.documents.size();
  const std::vector<std::string> langs = corpus_language_order(result, options.source_lang);
  for (std::size_t b = 0; b < result.bundles.size(); ++b)
    page.views.push_back(bundle_view(result, b, langs));
  for (const UnmatchedDocument& u : result.unmatched) {
    const Document& d = result.documents.at(u.document).document;
    page.unmatched.push_back({{"path", d.path}, {"lang", d.lang}, {"reason", u.reason}});
  }
  for (const SkippedFile& s : result.skipped)
    page.skipped.push_back({{"path", s.path}, {"reason", s.reason}});
  return page;
}

// A bundle id as one segment of a relative URL: bytes other than RFC 3986's
// unreserved ones percent-encoded.
std::string url_segment(std::string_view id) {
  std::string out;
  for (unsigned char c : id) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string page_href(const Bundle& b) { return url_segment(b.id) + "/report.html"; }

// Finding f as one of bundle b's page, whose only bundle is 0: its related
// tuples outside b dropped; a finding of another bundle (it relates a tuple
// of b) is placed at its first related tuple in b, without members (their
// sentences are in the other bundle). Precondition: f concerns b.
Finding finding_on_page(const Finding& f, std::size_t b) {
  Finding g = f;
  g.related.clear();
  bool placed = f.bundle == b;
  if (placed) {
    g.bundle = 0;
  } else {
    g.members.clear();
  }
  for (const TupleRef& r : f.related) {
    if (r.bundle != b) continue;
    if (placed) {
      g.related.push_back({0, r.tuple});
    } else {
      g.bundle = 0;
      g.tuple = r.tuple;
      placed = true;
    }
  }
  return g;
}

// Indices of the findings that concern each bundle (their own tuple or a
// related one), each once, in order.
std::vector<std::vector<std::size_t>> findings_by_bundle(const CorpusResult& result,
                                                         const std::vector<Finding>& findings) {
  std::vector<std::vector<std::size_t>> by(result.bundles.size());
  auto add = [&](std::size_t b, std::size_t fi) {
    if (b >= by.size())
      fail_input(fmt::format("finding {}", fi), fmt::format("bundle {} out of range", b));
    if (by[b].empty() || by[b].back() != fi) by[b].push_back(fi);
  };
  for (std::size_t fi = 0; fi < findings.size(); ++fi) {
    add(findings[fi].bundle, fi);
    for (const TupleRef& r : findings[fi].related) add(r.bundle, fi);
  }
  return by;
}

// Bundle b's page, given the findings that concern it (`mine`: indices).
void write_bundle_page(std::ostream& out, const CorpusResult& result,
                       const std::vector<Finding>& findings, const std::vector<std::size_t>& mine,
                       std::size_t b, const std::vector<std::string>& langs,
                       const ReportOptions& options) {
  check_low(options);
  report::PageData page;
  page.mode = "bundle";
  page.views.push_back(bundle_view(result, b, langs));
  page.documents = page.views[0].docs.size();
  const std::size_t n = result.bundles.size();
  auto link = [&](std::size_t k) {
    return nlohmann::ordered_json{{"id", result.bundles[k].id},
                                  {"href", "../" + page_href(result.bundles[k])}};
  };
  page.nav = {{"index", "../report.html#" + url_segment(result.bundles[b].id)},
              {"at", b + 1},
              {"of", n},
              {"prev", b > 0 ? link(b - 1) : nlohmann::ordered_json()},
              {"next", b + 1 < n ? link(b + 1) : nlohmann::ordered_json()}};
  std::vector<Finding> local;
  local.reserve(mine.size());
  for (std::size_t fi : mine) local.push_back(finding_on_page(findings[fi], b));
  ReportOptions o = options;
  o.title = options.title + ": " + result.bundles[b].id;
  const std::string style = std::string(report::kPageStyle) + std::string(report::kNavStyle);
  write_html(out, report::kPageKeys, style, report::page_json(page, local, o), report::kPageScript,
             o.title);
}

void write_index(std::ostream& out, const CorpusResult& result,
                 const std::vector<Finding>& findings, const ReportOptions& options) {
  check_low(options);
  report::PageData page = corpus_page(result, options);
  page.mode = "index";
  std::vector<std::string> hrefs;
  for (const Bundle& b : result.bundles) hrefs.push_back(page_href(b));
  const std::string style = std::string(report::kPageStyle) + std::string(report::kIndexStyle);
  write_html(out, report::kIndexKeys, style, report::index_json(page, hrefs, findings, options),
             report::kIndexScript, options.title);
}

void make_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    fail_io(dir.string(),
            fmt::format("cannot create directory: {}", ec ? ec.message() : "a file is in the way"));
  }
}

}  // namespace

void write_report_html(std::ostream& out, const CorpusResult& result,
                       const std::vector<Finding>& findings, const ReportOptions& options) {
  write_page(out, corpus_page(result, options), findings, options);
}

void write_report_index_html(std::ostream& out, const CorpusResult& result,
                             const std::vector<Finding>& findings, const ReportOptions& options) {
  write_index(out, result, findings, options);
}

void write_bundle_report_html(std::ostream& out, const CorpusResult& result,
                              const std::vector<Finding>& findings, std::size_t bundle,
                              const ReportOptions& options) {
  if (bundle >= result.bundles.size())
    fail_input("write_bundle_report_html", fmt::format("bundle {} out of range", bundle));
  const std::vector<std::vector<std::size_t>> by = findings_by_bundle(result, findings);
  write_bundle_page(out, result, findings, by[bundle], bundle,
                    corpus_language_order(result, options.source_lang), options);
}

std::vector<std::string> write_report_pages(const CorpusResult& result,
                                            const std::vector<Finding>& findings,
                                            const std::string& dir, const ReportOptions& options) {
  check_low(options);
  const std::vector<std::vector<std::size_t>> by = findings_by_bundle(result, findings);
  const std::vector<std::string> langs = corpus_language_order(result, options.source_lang);
  std::vector<std::string> paths;
  for (std::size_t b = 0; b < result.bundles.size(); ++b) {
    const std::filesystem::path bundle_dir = std::filesystem::path(dir) / result.bundles[b].id;
    make_dir(bundle_dir);
    AtomicFile f((bundle_dir / "report.html").string());
    write_bundle_page(f.stream(), result, findings, by[b], b, langs, options);
    f.commit();
    paths.push_back(f.path());
  }
  make_dir(dir);
  AtomicFile f((std::filesystem::path(dir) / "report.html").string());
  write_index(f.stream(), result, findings, options);
  f.commit();
  paths.push_back(f.path());
  return paths;
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
