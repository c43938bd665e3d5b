// polyalign/report.h — the review page: aligned text and the checks'
// findings as self-contained HTML files for a browser.
//
//   polyalign::CorpusResult r = polyalign::align_corpus({"corpora/vietnam-news"});
//   std::vector<polyalign::Finding> f = polyalign::check_corpus(r);
//   polyalign::write_report_pages(r, f, "out");  // out/report.html, out/<bundle>/report.html
//
// A corpus of any size gets an index and one page per bundle
// (write_report_pages; what `polyalign corpus` writes): the index lists the
// bundles, one row each (id, the language of each document, tuples, bundle
// confidence, findings by kind and by severity, a link to its page), no
// sentence, so that it opens at once for thousands of bundles. It sorts
// (bundle order, most findings, most errors, lowest confidence, most
// tuples), filters like a bundle page (low bundle confidence, finding
// kinds) and takes keys: j / ↓, k / ↑ move, n / p move to the next /
// previous bundle with a finding, Home / End, Enter opens the bundle's
// page, s cycles the order, f the filters, Esc clears them, ? hides the
// keys' line. A bundle page is the page described below for one bundle,
// with links (and keys: i or Backspace, [ and ]) to the index, at that
// bundle, and to the previous and next bundle. write_report_html() of a
// CorpusResult writes every bundle on one page instead (for small corpora;
// the Python binding's write_report).
//
// The page (no network access, no external file: its styles, script and
// data are all inside; a Content-Security-Policy forbids any fetch):
//  - a summary: documents, bundles, tuples, unmatched and skipped files,
//    findings by kind and severity;
//  - each bundle (for a pair: its beads) as a table, one row per tuple, one
//    column per member (language and path in the header), the tuple's
//    confidence as a number on a red (0) to green (1) background;
//  - findings: the words concerned (the number, the name...) marked in the
//    text, the sentences concerned outlined, the messages under the row;
//  - filters: "low confidence" (below a threshold the page lets one change)
//    and one per finding kind (a row is shown when it matches any filter
//    that is on; none on: every row), and a choice of bundle;
//  - keys: j / ↓ next row, k / ↑ previous row, n / p next / previous row
//    with a finding, Home / End first / last row, f cycles through the
//    filters, Esc clears them, ? hides or shows the line that lists them.
//  - a pair page (write_report_html of a DocumentAlignment) also edits the
//    alignment, keyboard first: h / ← and l / → choose side A or B, m
//    merges the row with the next, s splits it (each side's first sentence
//    stays, the others go to a new row below; a 1-1 row becomes 1-0 and
//    0-1), K / Shift+↑ moves the chosen side's first sentence to the end
//    of the row above, J / Shift+↓ its last sentence to the start of the
//    row below (a row left empty goes), a accepts the row's findings, u /
//    Ctrl+Z undoes the last edit (a stack). An edited row gets confidence
//    1 and cost 0 (a person decided it). w (or the buttons) saves: the
//    browser downloads alignment.corrected.jsonl, in the shape of
//    `polyalign align --format jsonl` plus "edited": true and "accepted":
//    [kinds] where they apply (read back by read_pair_jsonl, formats.h, and
//    `polyalign convert`), and alignment.corrected.tmx, built in the page
//    as write_pair_alignment's tmx (formats.h). For that the pair page's
//    data holds every sentence's byte span and each bead's cost. No server
//    is involved.
// Rows are rendered as they scroll into view (a few hundred at a time), so
// that a page of 10,000 tuples opens and filters in a fraction of a second.
//
// The data is JSON in a <script type="application/json"> element ('<'
// written \u003c, so no text can end the element). Sentences are cut into
// pieces on the server, at the byte offsets of the highlights, so the page
// never converts byte offsets into JavaScript string offsets.
//
// Output is a function of its inputs only (no date, no absolute path the
// inputs do not hold): the same corpus gives the same bytes.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "polyalign/checks.h"
#include "polyalign/corpus.h"
#include "polyalign/pipeline.h"

namespace polyalign {

struct ReportOptions {
  std::string title = "polyalign review";  // page title and heading
  double low_confidence = 0.5;  // initial threshold of the "low confidence" filter (0..1)
  // Checks that were run, listed as filters even without findings (empty:
  // the kinds of the findings given).
  std::vector<CheckKind> checks = all_checks();
  // Corpus page: the language of the first column, the others after it
  // alphabetically (empty: as corpus_language_order() chooses).
  std::string source_lang;
};

// Throws std::invalid_argument for a bad option or a finding that does not
// fit `result` (bundle, tuple, member or sentence out of range).
void write_report_html(std::ostream& out, const CorpusResult& result,
                       const std::vector<Finding>& findings, const ReportOptions& options = {});
void write_report_html(std::ostream& out, const DocumentAlignment& result,
                       const std::vector<Finding>& findings, const ReportOptions& options = {});

// The index page of `result` (see above): links to "<bundle id>/report.html"
// (the id percent-encoded), beside it. Findings are counted at their own
// tuple's bundle. Throws std::invalid_argument for a bad option or a
// finding whose bundle or tuple is out of range.
void write_report_index_html(std::ostream& out, const CorpusResult& result,
                             const std::vector<Finding>& findings,
                             const ReportOptions& options = {});

// The page of bundle `bundle` (an index into result.bundles), to be written
// to "<dir>/<bundle id>/report.html" next to the index "<dir>/report.html":
// its tuples and the findings that concern them (a finding of another
// bundle that relates one of its tuples is shown at that tuple, its
// message naming the other bundle). Title: options.title + ": " + id.
// Throws as write_report_html() does, and for a bundle out of range.
void write_bundle_report_html(std::ostream& out, const CorpusResult& result,
                              const std::vector<Finding>& findings, std::size_t bundle,
                              const ReportOptions& options = {});

// Writes every bundle's page, "<dir>/<bundle id>/report.html" (directories
// created as needed), then the index "<dir>/report.html", each through an
// AtomicFile (io.h): a file is either complete or absent, and the index
// only appears once the pages it links to exist. Returns the paths written,
// the index last. O(text + findings) in all; memory of one page at a time
// beside the result. Throws as the functions above, and std::runtime_error
// when a directory or file cannot be written.
std::vector<std::string> write_report_pages(const CorpusResult& result,
                                            const std::vector<Finding>& findings,
                                            const std::string& dir,
                                            const ReportOptions& options = {});

}  // namespace polyalign
