// corpus/third_versions.h — a bundle's pairs aligned again with what the
// other members say (CorpusOptions::third_version_rounds; polyalign/corpus.h,
// stage 5).
//
// For the pair (x, y), each third member z gives keys: a sentence of x in a
// pair bead of the direct alignment x-z with sentence k of z holds the key
// (z, k), weighted by that bead's posterior over the bead's sentences of
// z; so does a sentence of y in a bead of y-z. Two sentences holding one key translate the same sentence of
// z, and the pair's final pass is run again with these keys as anchors of
// its evidence (PairEvidence::with_third_versions()). A round reads only the
// alignments of the round before, so the pairs of a round are independent
// and the result does not depend on their order.
#pragma once

#include <cstddef>
#include <vector>

#include "corpus/pair_work.h"
#include "pair_recipe.h"
#include "polyalign/aligner.h"
#include "polyalign/corpus.h"
#include "polyalign/evidence.h"
#include "polyalign/features.h"

namespace polyalign::corpus {

// The keys the sentences of members x and y (x < y) hold through the other
// members of a bundle of n, from the direct alignments `direct` (in
// pair_index() order; side a of pair (k, l) is k), from their pair beads
// of posterior at least `min_confidence`: a sentence in such a bead with
// m sentences of z holds each with weight posterior / m.
struct ThirdVersionKeys {
  std::vector<ThirdVersionKey> x, y;
};
ThirdVersionKeys third_version_keys(const std::vector<PairAlignment>& direct, std::size_t n,
                                    std::size_t x, std::size_t y, double min_confidence);

// Whether a bundle of `members` members is aligned again with its third
// versions (rounds asked, anchors on, at least
// CorpusOptions::third_version_min_members and three members): only then
// are its pairs' FinalInputs worth keeping.
bool uses_third_versions(std::size_t members, const CorpusOptions& options,
                         const PipelineOptions& pipeline);

// CorpusOptions::third_version_rounds rounds of the above over a bundle of
// members.size() members (nothing below
// CorpusOptions::third_version_min_members or three, nor without anchors):
// every pair's final pass again from `inputs` (what its first final pass
// read, pair_index() order) with the keys of the round before (beads of
// posterior CorpusOptions::third_version_confidence or more), each key
// weighing 1 / (members - 2) of the bead's posterior: the third members
// together are worth one anchor. `direct` is replaced by the last round's
// alignments.
void align_with_third_versions(std::vector<PairAlignment>& direct,
                               const std::vector<FinalInputs>& inputs,
                               const std::vector<const DocumentFeatures*>& members,
                               const PairRecipe& recipe, const CorpusOptions& options);

}  // namespace polyalign::corpus
