// report/page_template.h (private) — the review pages around their data.
//
// A bundle's (or a pair's, or the one-page corpus's) page: the HTML head
// (kPageHead, ending inside the data's <script type="application/json"
// id="report-data"> element) and the script that renders the data
// (kPageScript, which closes that element first). The page is kPageHead
// with every @TITLE@ replaced by the HTML-escaped title and @STYLE@ by
// kPageStyle (a bundle page: followed by kNavStyle), then the data JSON,
// then kPageScript.
//
// The index of a corpus's bundle pages: the same with kIndexHead, kPageStyle
// followed by kIndexStyle, the index data (report/index_data.h) and
// kIndexScript.
//
// A Content-Security-Policy in each head forbids every fetch: the pages
// work offline and cannot leak the text; links between them are plain
// navigation. Constant text, no state.
#pragma once

#include <string_view>

namespace polyalign::report {

extern const std::string_view kPageStyle;  // shared by every page
extern const std::string_view kNavStyle;   // a bundle page's links
extern const std::string_view kPageHead;   // holds @TITLE@ (twice) and @STYLE@
extern const std::string_view kPageScript;

extern const std::string_view kIndexStyle;
extern const std::string_view kIndexHead;  // holds @TITLE@ (twice) and @STYLE@
extern const std::string_view kIndexScript;

}  // namespace polyalign::report
