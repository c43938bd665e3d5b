// report/page_template.h (private) — the review page around its data: the
// HTML head with the styles (kPageHead, ending inside the data's <script
// type="application/json" id="report-data"> element) and the script that
// renders the data (kPageScript, which closes that element first). The page
// is kPageHead with every @TITLE@ replaced by the HTML-escaped title, then
// the data JSON, then kPageScript. A Content-Security-Policy in the head
// forbids every fetch: the page works offline and cannot leak the text.
//
// Constant text, no state.
#pragma once

#include <string_view>

namespace polyalign::report {

extern const std::string_view kPageHead;  // holds @TITLE@ (twice)
extern const std::string_view kPageScript;

}  // namespace polyalign::report
