// checks/numbers.h (private) — the numbers check: a number written with
// digits in one member of a tuple and absent from another (the rules and
// severities are in polyalign/checks.h, "numbers").
//
// Numbers are the kNumber anchors of DocFacts::features, compared by key
// (Anchor::key), with a time of day's other spelling ("7.55" / "7:55") as
// one more key. Per tuple: O(tokens · members²) set look-ups.
// Reentrant; appends at most one finding per tuple to `out`.
#pragma once

#include <cstddef>
#include <vector>

#include "checks/prepare.h"

namespace polyalign::checks {

void check_numbers(const Group& g, std::size_t t, std::vector<Finding>& out);

}  // namespace polyalign::checks
