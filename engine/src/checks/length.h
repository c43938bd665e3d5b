// checks/length.h (private) — the length check: for every two members of a
// group, the tuples whose log length ratio is far from the group's usual
// one, by a robust z-score over its 1-1 tuples (polyalign/checks.h,
// "length": median and MAD, Rousseeuw & Croux 1993).
//
// O(tuples · members²). Reentrant; appends at most one finding per tuple,
// in tuple order.
#pragma once

#include <vector>

#include "checks/prepare.h"

namespace polyalign::checks {

void check_length(const Group& g, const CheckOptions& options, std::vector<Finding>& out);

}  // namespace polyalign::checks
