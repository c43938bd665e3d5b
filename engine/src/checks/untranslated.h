// checks/untranslated.h (private) — the untranslated check: a sentence that
// is the same text as a sentence of another member in the same or a
// neighbouring tuple, or that CLD2 confidently puts in another member's
// language (polyalign/checks.h, "untranslated").
//
// `collapsed` holds the group's sentences with white space collapsed
// (collapsed_sentences(), per member). Compares each sentence with the
// sentences of the other members in three tuples: O(sentences · members ·
// cell size), and CLD2 on each sentence found. Reentrant; appends at most
// one finding per (tuple, member), in that order.
#pragma once

#include <vector>

#include "checks/prepare.h"

namespace polyalign::checks {

void check_untranslated(const Group& g, const CheckOptions& options, const CollapsedText& collapsed,
                        std::vector<Finding>& out);

}  // namespace polyalign::checks
