// report/page_data.h (private) — the review page's data: bundles (or the
// pair) as rows of sentence pieces, and the findings, as the JSON object the
// page's script reads (report/page_template.h).
//
// PageData holds views of the result, which must outlive it. page_json()
// validates the findings against it (std::invalid_argument through
// fail_input() for a bundle, tuple, member, sentence or highlight out of
// range) and cuts every sentence into pieces at its highlights' byte
// offsets, moved back to a code point start, so that the script never
// converts byte offsets. O(bytes of the text + findings · log). The JSON
// is a function of its inputs only. Reentrant.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "polyalign/checks.h"
#include "polyalign/report.h"
#include "polyalign/segmenter.h"

namespace polyalign::report {

// A bundle (or the pair) as the page shows it.
struct View {
  std::string id;
  double confidence = -1;  // < 0: none
  std::vector<const SegmentedDocument*> docs;
  std::size_t tuples = 0;
  std::vector<SentenceRange> cells;  // [t * n + k]
  std::vector<double> tuple_confidence;
  // Pair page (editable): each bead's cost and its confidence to four
  // decimals, written as a row's third and fourth items, and every
  // sentence's byte span, so that the page can save a corrected
  // alignment as pair JSONL (empty: neither).
  std::vector<double> tuple_cost;
  std::vector<std::size_t> order;  // columns: members in this order (empty: 0..n-1)
};

struct PageData {
  std::string mode;  // "corpus" or "pair"
  std::vector<View> views;
  std::size_t documents = 0;
  nlohmann::ordered_json unmatched = nlohmann::ordered_json::array();
  nlohmann::ordered_json skipped = nlohmann::ordered_json::array();
  // A bundle page's links (report.h): {"index", "at", "of", "prev", "next"}
  // (null: not a bundle page).
  nlohmann::ordered_json nav;
};

// {"title", "generator", "mode", "unit", "low", "kinds", "checks",
//  "severities", "summary", "unmatched", "skipped", "bundles", "findings"
//  (, "nav")};
// a bundle: {"id", "conf", "cols", "rows": [[confidence, cells(, cost, confidence to 1e-4)]]
// (, "spans": per column [start0, end0, start1, end1...] of every sentence
// of the document)}.
nlohmann::ordered_json page_json(const PageData& page, const std::vector<Finding>& findings,
                                 const ReportOptions& options);

// Throws (fail_input, with `where`) unless finding f's bundle, tuple and
// related tuples are in range of `views`.
void check_place(const std::vector<View>& views, const Finding& f, const std::string& where);

// The header fields of page_json(), "title" to "skipped" (the index page's
// too). Does not look at the findings' places.
nlohmann::ordered_json head_json(const PageData& page, const std::vector<Finding>& findings,
                                 const ReportOptions& options);

}  // namespace polyalign::report
