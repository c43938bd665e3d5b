// checks/names.h (private) — the names check: a name in one member of a
// tuple that is absent from another (the rules are in polyalign/checks.h,
// "names").
//
// Two steps. shared_names() decides once per group which names may be
// checked at all: a name must be confirmed by other members whose
// documents have a name PairEvidence matches to it (the clustering the
// aligner uses); it builds PairEvidence for every ordered pair of members,
// O(names) each. check_names() then looks each checked name of a tuple up
// in the other members' tuple sentences: O(names_a · words_b) per tuple,
// name_similarity() at most once per (key, member). Both are reentrant;
// check_names() appends at most one finding per tuple to `out`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "checks/prepare.h"

namespace polyalign::checks {

// Which names of each member may be checked (see the header comment).
struct NameGate {
  std::vector<std::vector<std::uint8_t>> confirmed;  // [k][key]: by the bundle
  std::vector<std::vector<std::vector<std::uint8_t>>>
      pair;  // [k][l][key]: k's and l's documents share it
};

NameGate shared_names(const Group& g, const CheckOptions& options);

void check_names(const Group& g, std::size_t t, const NameGate& gate, const CheckOptions& options,
                 std::vector<Finding>& out);

}  // namespace polyalign::checks
