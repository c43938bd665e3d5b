// align/stretches.h — a long search run as overlapping stretches.
//
// A search over na >= kMinSplitRows rows guided by an earlier alignment
// (the hint) is cut between beads of the hint that are nearly certain, at
// least stretch_rows(na) rows apart; each stretch is searched over a
// window reaching kStretchOverlap rows into its neighbours, the stretches
// side by side on AlignerOptions::threads threads (0: all cores), each
// on one; neighbouring paths are joined at a bead boundary both share near
// the cut. The memory of a search stays bounded by a stretch's, and the
// cuts and joins depend on the inputs alone: the result is the same at any
// thread count. Progress (AlignerOptions::progress) is the fraction of
// stretches done, reported on the calling thread.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "align/search.h"
#include "polyalign/aligner.h"

namespace polyalign {
namespace align_detail {

constexpr std::uint32_t kStretchRows = 8192;
constexpr std::uint32_t kStretchOverlap = 512;
constexpr double kCutConfidence = 0.999;
// Documents from this many rows are searched in stretches.
constexpr std::uint32_t kMinSplitRows = kStretchRows;

// Rows between cuts: kStretchRows, or half the document below twice that,
// so that a document of 8k-16k sentences is searched as two halves side
// by side rather than as one stretch on one thread (a function of the
// document alone: the cuts, and so the output, do not depend on the
// thread count).
std::uint32_t stretch_rows(std::uint32_t na);

// Cells where a long search may be cut into stretches: boundaries of the
// hint between two 1-1 beads that are both nearly certain (posterior >=
// kCutConfidence), at least stretch_rows(na) rows apart. The first cut is
// (0, 0), the last (na, nb); fewer than three: no split (empty).
std::vector<std::pair<std::uint32_t, std::uint32_t>> stretch_cuts(const PairAlignment& hint,
                                                                  std::uint32_t na,
                                                                  std::uint32_t nb);

// The search of `problem` in `mode`, in stretches cut along `hint` (which
// covers the documents). `paragraphs`: the whole pair's decision on
// paragraph penalties, imposed on every stretch. nullopt when there are no
// cuts or two neighbouring stretches share no bead boundary in their
// overlap: the caller then searches uncut.
std::optional<PairAlignment> search_in_stretches(const SearchProblem& problem, SearchMode mode,
                                                 const PairAlignment& hint, bool paragraphs);

}  // namespace align_detail
}  // namespace polyalign
