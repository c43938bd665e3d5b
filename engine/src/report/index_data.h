// report/index_data.h (private) — the data of a corpus's index page
// (report.h): the header fields of every page (page_json's "title" to
// "skipped", mode "index") and one short row per bundle, no sentence, so
// that the page stays small for thousands of bundles. Read by the index
// page's script (report/index_template.h). A function of its inputs only.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "polyalign/checks.h"
#include "polyalign/report.h"
#include "report/page_data.h"

namespace polyalign::report {

// page_json()'s header fields plus "summary"."findings" and
// "bundles": [[id, href, [lang...], tuples, confidence or null,
// [findings per kind, by CheckKind], [errors, warnings, infos]]],
// one per view, `hrefs` (as many) giving the links. A finding counts in
// its own tuple's bundle. Throws std::invalid_argument (fail_input) for a
// finding whose bundle, tuple or related tuple is out of range. O(bundles
// + findings).
nlohmann::ordered_json index_json(const PageData& page, const std::vector<std::string>& hrefs,
                                  const std::vector<Finding>& findings,
                                  const ReportOptions& options);

}  // namespace polyalign::report
