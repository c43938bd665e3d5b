// checks/repeated.h (private) — the repeated check: a sentence occurring
// twice in one document, exactly or nearly (polyalign/checks.h,
// "repeated": idf-weighted containment of distinct words).
//
// Found by prefix filtering (Chaudhuri, Ganti & Kaushik 2006) over an
// inverted word index of each member's document: only sentences sharing one
// of a sentence's rarest words are compared (words of more than 4096
// sentences are not used). `collapsed` holds the group's sentences with
// white space collapsed (collapsed_sentences(), per member). Reentrant;
// appends one finding per (earlier tuple, later tuple) pair, in that order.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "checks/prepare.h"

namespace polyalign::checks {

// Pairs (earlier, later) of sentences of `d` that repeat each other: for
// each later sentence, its first earlier occurrence. `collapsed` is
// collapsed_sentences(d).
std::vector<std::pair<std::uint32_t, std::uint32_t>> find_repeats(
    const DocFacts& d, const std::vector<std::string>& collapsed, const CheckOptions& options);

void check_repeated(const Group& g, const CheckOptions& options, const CollapsedText& collapsed,
                    std::vector<Finding>& out);

}  // namespace polyalign::checks
