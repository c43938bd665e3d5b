// The review page (report.h): one self-contained HTML file whose embedded
// data parses back and matches the corpus and the findings, text escaped
// so that no document can break out of it, bad input refused.
#include "polyalign/report.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "polyalign/checks.h"
#include "test_pairs.h"

using polyalign::CheckKind;
using polyalign::Finding;
using polyalign::testing::corpus_of;
using polyalign::testing::kPlanted;
using polyalign::testing::make_pair;

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
