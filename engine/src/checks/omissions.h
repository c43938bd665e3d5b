// checks/omissions.h (private) — the omissions check: a tuple some members
// have no sentence in (a 1-0 / 0-1 bead), when the others' sentences hold a
// letter or a digit (polyalign/checks.h, "omissions").
//
// O(bytes of the tuple). Reentrant; appends at most one finding per tuple.
#pragma once

#include <cstddef>
#include <vector>

#include "checks/prepare.h"

namespace polyalign::checks {

void check_omissions(const Group& g, std::size_t t, std::vector<Finding>& out);

}  // namespace polyalign::checks
