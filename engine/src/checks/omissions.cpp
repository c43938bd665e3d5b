#include "checks/omissions.h"

#include <fmt/format.h>

#include "checks/finding_builder.h"
#include "checks/text.h"

namespace polyalign::checks {

void check_omissions(const Group& g, std::size_t t, std::vector<Finding>& out) {
  std::vector<std::size_t> present, absent;
  bool content = false;
  for (std::size_t k = 0; k < g.size(); ++k) {
    const SentenceRange& r = g.cell(t, k);
    (r.empty() ? absent : present).push_back(k);
    for (std::uint32_t i = r.begin; i < r.end; ++i) {
      content |= has_letter_or_digit(g.members[k]->text(i));
    }
  }
  if (absent.empty() || present.empty() || !content) return;
  FindingBuilder b(CheckKind::kOmissions, Severity::kWarning, g, t);
  for (std::size_t k : present) b.sentences(k, g.cell(t, k));
  out.push_back(b.finish(fmt::format("{} {} no counterpart in {}", join_labels(g, present),
                                     present.size() == 1 ? "sentence has" : "sentences have",
                                     join_labels(g, absent))));
}

}  // namespace polyalign::checks
