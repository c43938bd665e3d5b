// corpus/projection.h — part of stage 5 of corpus mode (corpus/tuples.h):
// what the tuples of a bundle say about each pair of its members, and the
// tuples cut down to what those pairs force.
//
// A tuple holds a range of sentences of every member. Its projection onto
// members k < l is the finest list of beads over the two ranges that
//  * holds every link of their direct alignment inside the tuple (a bead of
//    the direct alignment cut at the tuple's border keeps what is inside),
//  * links the sentences the direct alignment leaves alone inside the tuple
//    (its bead was cut, or it was a 1-0) through a third member: x_i and
//    y_j each linked to z_s of the same tuple by their direct alignments
//    with z are put in one bead (the weak pair borrows from two others),
//  * is monotone (beads that would cross are merged).
// A tuple is minimal when no cut through it (one point per member) leaves
// every projected bead of every pair whole on one side; minimal_tuples()
// makes every tuple so.
//
// All functions are pure, O(sentences of the tuple² · members²) at worst
// (the blocks' merging), deterministic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "polyalign/aligner.h"
#include "polyalign/corpus.h"

namespace polyalign::corpus {

// The direct alignment of members k < l of a bundle, and for every sentence
// of either the bead holding it.
struct DirectPair {
  std::vector<Bead> beads;
  std::vector<std::uint32_t> bead_of_a, bead_of_b;
};

DirectPair make_direct(PairAlignment&& r, std::size_t na, std::size_t nb);

// A range of sentences per member (a tuple, or a bead with two members).
using Block = std::vector<SentenceRange>;

// The finest partition of the sentences of the blocks `parts` (each a range
// per member, together covering a set of sentences without overlap) into
// unions of them that are contiguous in every member and ordered alike in
// every member, in that order. Parts that overlap or cross in some member
// are merged; a cycle of orders across members merges its blocks.
std::vector<Block> monotone_blocks(std::vector<Block> parts);

// The projection of tuple `t` onto members k < l (header comment), in
// order; Bead::cost is 0. Confidence of a bead: its direct alignment's
// posterior where the direct alignment has exactly that bead; for a link
// through a third member z the product of the two posteriors (the best z);
// otherwise 1 - the posterior of the direct bead it was cut from (the
// direct alignment held these sentences elsewhere).
std::vector<Bead> project_pair(const std::vector<DirectPair>& pairs, std::size_t n, const Block& t,
                               std::size_t k, std::size_t l);

// Tuple `t` cut into its minimal tuples (header comment), in order.
std::vector<Block> minimal_tuples(const std::vector<DirectPair>& pairs, const Block& t);

}  // namespace polyalign::corpus
