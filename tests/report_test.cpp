// The review page (report.h): one self-contained HTML file whose embedded
// data parses back and matches the corpus and the findings, text escaped
// so that no document can break out of it, bad input refused.
#include "polyalign/report.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "polyalign/checks.h"
#include "test_data.h"
#include "test_pairs.h"

using polyalign::CheckKind;
using polyalign::Finding;
using polyalign::testing::corpus_of;
using polyalign::testing::kPlanted;
using polyalign::testing::make_pair;
using polyalign::testing::read_all;
using polyalign::testing::TempDir;

namespace {

// The JSON data of a review page.
nlohmann::json page_data(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"report-data\">";
  const std::size_t begin = html.find(open);
  REQUIRE(begin != std::string::npos);
  const std::size_t end = html.find("</script>", begin);
  REQUIRE(end != std::string::npos);
  return nlohmann::json::parse(html.substr(begin + open.size(), end - begin - open.size()));
}

// The planted-error corpus as two bundles: its own, and a copy of it named
// `second_id` (the same documents), with its findings and, in the second
// bundle, one that relates a tuple of the first (as the inconsistent
// check's do).
struct TwoBundles {
  polyalign::CorpusResult result;
  std::vector<Finding> findings;
};
TwoBundles two_bundles(const std::string& second_id = "bundle-0002") {
  TwoBundles t{corpus_of(kPlanted), {}};
  REQUIRE(t.result.bundles.size() == 1);
  t.findings = polyalign::check_corpus(t.result);
  REQUIRE(!t.findings.empty());
  polyalign::Bundle copy = t.result.bundles[0];
  copy.id = second_id;
  t.result.bundles.push_back(copy);
  Finding cross;
  cross.kind = CheckKind::kInconsistent;
  cross.severity = polyalign::Severity::kWarning;
  cross.bundle = 1;
  cross.tuple = 5;
  cross.members.push_back({0, {copy.tuples[5].members[0].begin}, {}});
  cross.message = "translated differently than in bundle-0001 #3";
  cross.related.push_back({0, 2});
  t.findings.push_back(cross);
  return t;
}

std::string html_of(const std::function<void(std::ostream&)>& write) {
  std::ostringstream out;
  write(out);
  return out.str();
}

}  // namespace

TEST_CASE("report: one self-contained page whose data parses back") {
  const polyalign::CorpusResult r = corpus_of(kPlanted);
  const std::vector<Finding> f = polyalign::check_corpus(r);
  std::ostringstream out;
  polyalign::write_report_html(out, r, f);
  const std::string html = out.str();
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("Content-Security-Policy") != std::string::npos);
  // Nothing fetched: no external script, style sheet or image.
  CHECK(html.find(" src=") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  const nlohmann::json d = page_data(html);
  CHECK(d.at("mode") == "corpus");
  CHECK(d.at("summary").at("documents") == 2);
  CHECK(d.at("summary").at("tuples") == r.bundles[0].tuples.size());
  REQUIRE(d.at("bundles").size() == 1);
  CHECK(d.at("bundles")[0].at("rows").size() == r.bundles[0].tuples.size());
  CHECK(d.at("findings").size() == f.size());
  // The changed number is a piece of its own, marked with its finding.
  bool marked = false;
  for (const auto& row : d.at("bundles")[0].at("rows")) {
    for (const auto& cell : row[1]) {
      if (!cell.is_array()) continue;
      for (const auto& sentence : cell) {
        std::string joined;
        for (const auto& piece : sentence[1]) {
          if (piece.is_string()) {
            joined += piece.get<std::string>();
            continue;
          }
          joined += piece[0].get<std::string>();
          if (piece[0] == "2,654") {
            const std::size_t fid = piece[1];
            marked = f.at(fid).kind == CheckKind::kNumbers;
          }
        }
        // The pieces put together are the sentence.
        const std::size_t i = sentence[0];
        bool found = false;
        for (std::size_t k : r.bundles[0].documents) {
          found |= i < r.documents[k].sentences.size() && r.documents[k].sentence_text(i) == joined;
        }
        CHECK(found);
      }
    }
  }
  CHECK(marked);
}

TEST_CASE("report: a title naming the page's slots is written as it is") {
  const auto r = make_pair({"One sentence here."}, "en", {"Ein Satz hier."}, "de");
  polyalign::ReportOptions o;
  o.title = "@TITLE@ @KEYS@ @STYLE@";
  std::ostringstream out;
  polyalign::write_report_html(out, r, polyalign::check_pair(r), o);
  const std::string html = out.str();
  CHECK(html.find("<title>@TITLE@ @KEYS@ @STYLE@</title>") != std::string::npos);
  CHECK(html.find("<h1>@TITLE@ @KEYS@ @STYLE@</h1>") != std::string::npos);
  CHECK(html.find("<p id=\"keys\">") != std::string::npos);
  CHECK(html.find("</html>") != std::string::npos);
}

TEST_CASE("report: text is escaped and bad findings are rejected") {
  const auto r = make_pair({"A </script><!-- <b>bold</b> & \"quoted\" 5 text."}, "en",
                           {"Ein </SCRIPT> Text & 6 mehr."}, "de");
  const auto f = polyalign::check_pair(r);
  polyalign::ReportOptions o;
  o.title = "Review <b>of</b> \"x\"";
  std::ostringstream out;
  polyalign::write_report_html(out, r, f, o);
  const std::string html = out.str();
  CHECK(html.find("<title>Review &lt;b&gt;of&lt;/b&gt; &quot;x&quot;</title>") !=
        std::string::npos);
  const std::size_t data = html.find("id=\"report-data\">");
  const std::size_t end = html.find("</script>", data);
  // The document's own "</script>" did not end the data early.
  CHECK(html.substr(data, end - data).find('<') == std::string::npos);
  const nlohmann::json d = page_data(html);
  CHECK(d.at("mode") == "pair");
  std::string first;
  for (const auto& piece : d.at("bundles")[0].at("rows")[0][1][0][0][1]) {
    first += piece.is_string() ? piece.get<std::string>() : piece[0].get<std::string>();
  }
  CHECK(first == "A </script><!-- <b>bold</b> & \"quoted\" 5 text.");

  Finding bad;
  bad.kind = CheckKind::kNumbers;
  bad.tuple = 7;
  bad.members.push_back({0, {0}, {}});
  std::ostringstream sink;
  CHECK_THROWS_AS(polyalign::write_report_html(sink, r, {bad}), std::invalid_argument);
  o.low_confidence = 1.5;
  CHECK_THROWS_AS(polyalign::write_report_html(sink, r, f, o), std::invalid_argument);
}

TEST_CASE("report of a pair: options, columns and rows in the data, the same bytes every time") {
  const auto r = make_pair({"Populasinya adalah 2.645 jiwa.", "Che Tao berjarak 220 km.",
                            "Komune ini memiliki 6 desa."},
                           "id",
                           {"जनसंख्या 2,654 लोग।", "चे ताओ 220 किलोमीटर दूर है।",
                            "कम्यून में 6 गाँव हैं।"},
                           "hi");
  const std::vector<Finding> f = polyalign::check_pair(r);
  struct Case {
    const char* what;
    std::vector<CheckKind> checks;
    std::vector<Finding> findings;
    std::vector<int> listed;  // the page's "checks": the kinds offered as filters
  };
  const Case cases[] = {
      {"every check", polyalign::all_checks(), f,
       [] {
         std::vector<int> all;
         for (CheckKind k : polyalign::all_checks()) all.push_back(static_cast<int>(k));
         return all;
       }()},
      {"one check run, no findings", {CheckKind::kRepeated}, {}, {static_cast<int>(CheckKind::kRepeated)}},
      {"none run: the kinds of the findings", {}, f,
       [&] {
         std::set<int> kinds;
         for (const Finding& x : f) kinds.insert(static_cast<int>(x.kind));
         return std::vector<int>(kinds.begin(), kinds.end());
       }()},
  };
  // 2.645 against 2,654: a numbers finding at least.
  CHECK(std::any_of(f.begin(), f.end(),
                    [](const Finding& x) { return x.kind == CheckKind::kNumbers; }));
  for (const Case& c : cases) {
    CAPTURE(c.what);
    polyalign::ReportOptions o;
    o.title = "Lao Cai: id–hi";
    o.low_confidence = 0.25;
    o.checks = c.checks;
    std::ostringstream first, second;
    polyalign::write_report_html(first, r, c.findings, o);
    polyalign::write_report_html(second, r, c.findings, o);
    CHECK(first.str() == second.str());
    const nlohmann::json d = page_data(first.str());
    CHECK(d.at("title") == "Lao Cai: id–hi");
    CHECK(d.at("mode") == "pair");
    CHECK(d.at("unit") == "bead");
    CHECK(d.at("low") == 0.25);
    CHECK(d.at("checks").get<std::vector<int>>() == c.listed);
    CHECK(d.at("findings").size() == c.findings.size());
    CHECK(d.at("summary").at("documents") == 2);
    CHECK(d.at("summary").at("tuples") == 3);
    REQUIRE(d.at("bundles").size() == 1);
    const auto& cols = d.at("bundles")[0].at("cols");
    REQUIRE(cols.size() == 2);
    CHECK(cols[0].at("lang") == "id");
    CHECK(cols[0].at("path") == "a.txt");
    CHECK(cols[1].at("lang") == "hi");
    CHECK(cols[1].at("path") == "b.txt");
    const auto& rows = d.at("bundles")[0].at("rows");
    REQUIRE(rows.size() == 3);
    for (const auto& row : rows) CHECK(row[0] == 0.9);  // the beads' confidence
  }
}

TEST_CASE("report index: a short row per bundle, findings counted by kind and severity") {
  const TwoBundles t = two_bundles();
  const std::string html = html_of(
      [&](std::ostream& o) { polyalign::write_report_index_html(o, t.result, t.findings); });
  CHECK(html.find("Content-Security-Policy") != std::string::npos);
  CHECK(html.find(" src=") == std::string::npos);
  const nlohmann::json d = page_data(html);
  CHECK(d.at("mode") == "index");
  CHECK(d.at("summary").at("bundles") == 2);
  CHECK(d.at("summary").at("findings") == t.findings.size());
  CHECK(!d.contains("findings"));  // counts only, no message, no sentence
  REQUIRE(d.at("bundles").size() == 2);
  std::size_t total = 0;
  for (std::size_t b = 0; b < 2; ++b) {
    CAPTURE(b);
    const auto& row = d.at("bundles")[b];
    CHECK(row[0] == t.result.bundles[b].id);
    CHECK(row[1] == t.result.bundles[b].id + "/report.html");
    CHECK(row[2].size() == t.result.bundles[b].documents.size());
    CHECK(row[3] == t.result.bundles[b].tuples.size());
    std::vector<std::size_t> kinds(polyalign::kCheckKindCount, 0), severities(3, 0);
    for (const Finding& f : t.findings) {
      if (f.bundle != b) continue;
      ++kinds[static_cast<std::size_t>(f.kind)];
      ++severities[static_cast<std::size_t>(f.severity)];
    }
    CHECK(row[5].get<std::vector<std::size_t>>() == kinds);
    CHECK(row[6].get<std::vector<std::size_t>>() == severities);
    for (std::size_t n : severities) total += n;
  }
  CHECK(total == t.findings.size());
  // No sentence on the index: it stays small for thousands of bundles.
  const std::string sentence(t.result.documents[0].sentence_text(0));
  REQUIRE(sentence.size() > 10);
  CHECK(html.find(sentence) == std::string::npos);
}

TEST_CASE("report index: links percent-encode the bundle id") {
  const TwoBundles t = two_bundles("b 2/é");
  const nlohmann::json d = page_data(html_of(
      [&](std::ostream& o) { polyalign::write_report_index_html(o, t.result, t.findings); }));
  CHECK(d.at("bundles")[1][1] == "b%202%2F%C3%A9/report.html");
  const nlohmann::json p = page_data(html_of(
      [&](std::ostream& o) { polyalign::write_bundle_report_html(o, t.result, t.findings, 0); }));
  CHECK(p.at("nav").at("next").at("href") == "../b%202%2F%C3%A9/report.html");
}

TEST_CASE("report bundle page: its tuples, the findings that concern them, links") {
  const TwoBundles t = two_bundles();
  struct Case {
    std::size_t bundle;
    const char* index;
    const char* prev;  // "" for none
    const char* next;
  };
  const Case cases[] = {
      {0, "../report.html#bundle-0001", "", "../bundle-0002/report.html"},
      {1, "../report.html#bundle-0002", "../bundle-0001/report.html", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.bundle);
    const std::string html = html_of([&](std::ostream& o) {
      polyalign::write_bundle_report_html(o, t.result, t.findings, c.bundle);
    });
    CHECK(html.find("<title>polyalign review: " + t.result.bundles[c.bundle].id + "</title>") !=
          std::string::npos);
    const nlohmann::json d = page_data(html);
    CHECK(d.at("mode") == "bundle");
    REQUIRE(d.at("bundles").size() == 1);
    CHECK(d.at("bundles")[0].at("id") == t.result.bundles[c.bundle].id);
    CHECK(d.at("bundles")[0].at("rows").size() == t.result.bundles[c.bundle].tuples.size());
    const nlohmann::json& nav = d.at("nav");
    CHECK(nav.at("index") == c.index);
    CHECK(nav.at("at") == c.bundle + 1);
    CHECK(nav.at("of") == 2);
    CHECK((*c.prev ? nav.at("prev").at("href") == c.prev : nav.at("prev").is_null()));
    CHECK((*c.next ? nav.at("next").at("href") == c.next : nav.at("next").is_null()));
  }
  // Bundle 0 (the planted pair): its own findings, and the second bundle's
  // finding at the tuple it relates (#3), in the page's only bundle.
  const nlohmann::json first = page_data(html_of(
      [&](std::ostream& o) { polyalign::write_bundle_report_html(o, t.result, t.findings, 0); }));
  const auto& fs = first.at("findings");
  REQUIRE(fs.size() == t.findings.size());  // the check's (all in bundle 0) and the cross one
  CHECK(fs.back().at("m") == "translated differently than in bundle-0001 #3");
  CHECK(fs.back().at("b") == 0);
  CHECK(fs.back().at("t") == 2);
  // Bundle 1: only the cross finding, at its own tuple.
  const nlohmann::json second = page_data(html_of(
      [&](std::ostream& o) { polyalign::write_bundle_report_html(o, t.result, t.findings, 1); }));
  REQUIRE(second.at("findings").size() == 1);
  CHECK(second.at("findings")[0].at("t") == 5);
  CHECK(second.at("findings")[0].count("r") == 0);  // its related tuple is in another bundle

  std::ostringstream sink;
  CHECK_THROWS_AS(polyalign::write_bundle_report_html(sink, t.result, t.findings, 2),
                  std::invalid_argument);
  std::vector<Finding> bad = t.findings;
  bad.back().related.push_back({7, 0});
  CHECK_THROWS_AS(polyalign::write_bundle_report_html(sink, t.result, bad, 0),
                  std::invalid_argument);
  CHECK_THROWS_AS(polyalign::write_report_index_html(sink, t.result, bad), std::invalid_argument);
}

TEST_CASE("report pages: every bundle's page, then the index, atomically") {
  const TwoBundles t = two_bundles();
  const TempDir dir;
  const std::string out = (dir.path() / "out").string();
  const std::vector<std::string> paths = polyalign::write_report_pages(t.result, t.findings, out);
  REQUIRE(paths.size() == 3);
  CHECK(paths[0] == out + "/bundle-0001/report.html");
  CHECK(paths[1] == out + "/bundle-0002/report.html");
  CHECK(paths[2] == out + "/report.html");
  CHECK(read_all(paths[2]) == html_of([&](std::ostream& o) {
          polyalign::write_report_index_html(o, t.result, t.findings);
        }));
  for (std::size_t b = 0; b < 2; ++b) {
    CHECK(read_all(paths[b]) == html_of([&](std::ostream& o) {
            polyalign::write_bundle_report_html(o, t.result, t.findings, b);
          }));
  }
  // Nothing else: no temporary file left.
  std::size_t files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(out))
    files += e.is_regular_file();
  CHECK(files == 3);
  // A file where a bundle's directory goes: an error naming it, no index.
  const std::string blocked = (dir.path() / "blocked").string();
  dir.file("blocked/bundle-0002", "x");
  CHECK_THROWS_WITH_AS(polyalign::write_report_pages(t.result, t.findings, blocked),
                       doctest::Contains("bundle-0002"), std::runtime_error);
  CHECK(!std::filesystem::exists(blocked + "/report.html"));
}
