// checks/inconsistent.h (private) — the inconsistent-translation check: the
// same sentence of one language in several tuples of the corpus (any
// bundles), alone in its member there, whose counterparts in another
// language differ (polyalign/checks.h, "inconsistent").
//
// Runs over every group at once, after the per-group families: a hash
// index of the sentences by (language, collapsed text), then each repeated
// sentence's counterparts, O(sentences + occurrences · members). `collapsed`
// is [group][member][sentence] (collapsed_sentences()). Reentrant; appends
// the findings in order of each sentence's first occurrence.
#pragma once

#include <vector>

#include "checks/prepare.h"

namespace polyalign::checks {

void check_inconsistent(const std::vector<Group>& groups,
                        const std::vector<CollapsedText>& collapsed, const CheckOptions& options,
                        std::vector<Finding>& out);

}  // namespace polyalign::checks
