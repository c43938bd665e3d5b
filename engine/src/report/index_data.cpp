// The index page's data (report/index_data.h): a row per bundle from its view,
// the findings counted at their own tuple's bundle.
#include "report/index_data.h"

#include <fmt/format.h>

#include <array>

#include "util/rounding.h"

namespace polyalign::report {

using nlohmann::ordered_json;

ordered_json index_json(const PageData& page, const std::vector<std::string>& hrefs,
                        const std::vector<Finding>& findings, const ReportOptions& options) {
  const std::size_t kinds = all_checks().size();
  std::vector<std::vector<std::size_t>> by_kind(page.views.size(),
                                                std::vector<std::size_t>(kinds, 0));
  std::vector<std::array<std::size_t, 3>> by_severity(page.views.size(), {0, 0, 0});
  for (std::size_t fi = 0; fi < findings.size(); ++fi) {
    const Finding& f = findings[fi];
    check_place(page.views, f, fmt::format("finding {}", fi));
    const auto k = static_cast<std::size_t>(f.kind);
    const auto s = static_cast<std::size_t>(f.severity);
    if (k < kinds) ++by_kind[f.bundle][k];
    if (s < 3) ++by_severity[f.bundle][s];
  }
  ordered_json j = head_json(page, findings, options);
  j["summary"]["findings"] = findings.size();
  ordered_json bundles = ordered_json::array();
  for (std::size_t vi = 0; vi < page.views.size(); ++vi) {
    const View& v = page.views[vi];
    ordered_json langs = ordered_json::array();
    for (std::size_t k = 0; k < v.docs.size(); ++k) {
      langs.push_back(v.docs[v.order.size() == v.docs.size() ? v.order[k] : k]->document.lang);
    }
    ordered_json conf = nullptr;
    if (v.confidence >= 0) conf = util::round_to_scale(v.confidence, 1e3);
    bundles.push_back(ordered_json::array({v.id, hrefs.at(vi), std::move(langs), v.tuples,
                                           std::move(conf), by_kind[vi], by_severity[vi]}));
  }
  j["bundles"] = std::move(bundles);
  return j;
}

}  // namespace polyalign::report
