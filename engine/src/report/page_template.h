// report/page_template.h (private) — the review pages around their data.
//
// Every page is one self-contained HTML file:
//
//   kHead          with @TITLE@ (twice) replaced by the HTML-escaped title,
//                  @STYLE@ by the page's style and @KEYS@ by its keys line;
//                  it ends inside <script type="application/json"
//                  id="report-data">
//   the data JSON  (report/page_data.h, report/index_data.h)
//   kScriptStart   closes the data element and opens the script: the
//                  helpers, summary, filters, lazy row list, selection and
//                  common keys both pages share
//   the page's own script (kPageScript or kIndexScript)
//   kScriptEnd
//
// A bundle's (or a pair's, or the one-page corpus's) page: style kPageStyle
// (a bundle page: followed by kNavStyle), keys kPageKeys, script
// kPageScript. The index of a corpus's bundle pages: kPageStyle followed by
// kIndexStyle, kIndexKeys, kIndexScript. kScriptStart's head comment lists
// what each page's script must define.
//
// A Content-Security-Policy in the head forbids every fetch: the pages work
// offline and cannot leak the text; links between them are plain
// navigation. Constant text, no state.
#pragma once

#include <string_view>

namespace polyalign::report {

extern const std::string_view kHead;         // holds @TITLE@ (twice), @STYLE@, @KEYS@
extern const std::string_view kScriptStart;  // shared script, before a page's own
extern const std::string_view kScriptEnd;

extern const std::string_view kPageStyle;  // shared by every page
extern const std::string_view kNavStyle;   // a bundle page's links
extern const std::string_view kPageKeys;
extern const std::string_view kPageScript;

extern const std::string_view kIndexStyle;
extern const std::string_view kIndexKeys;
extern const std::string_view kIndexScript;

}  // namespace polyalign::report
