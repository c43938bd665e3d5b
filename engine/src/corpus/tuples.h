// corpus/tuples.h — stage 5 of corpus mode (polyalign/corpus.h): the N-way
// alignment of one bundle, from the direct alignments of every pair of its
// members (the final passes of corpus/pair_work.h).
//
// Tuples are built by progressive multiple alignment (Feng & Doolittle
// 1987, over sentence alignments instead of residues): from a pivot, each
// further member is placed against the tuples built so far along the
// heaviest chain of links its direct alignments vote for; every member is
// then taken out and placed again (CorpusOptions::refinement_passes); last,
// a local search maximises the agreement of the tuples with all direct
// alignments (correlation clustering under the order constraints). From
// every member as pivot (CorpusOptions::all_pivots), the tuples with the
// highest total agreement are kept. Last (CorpusOptions::minimal_tuples),
// each tuple is cut into the smallest tuples the pairs' projections force
// (corpus/projection.h), and every pair's alignment is read off the tuples.
//
// By construction every sentence of every member is in exactly one tuple,
// each tuple holds a contiguous range of each member, and tuples are in
// the order of every member. Deterministic; one bundle per call, callable
// from many threads at once on different bundles. Cost: per pivot,
// O(Σ sentences · members²) for placement, and the local search's passes
// (each O(tuples · members² · sentences per tuple²)).
#pragma once

#include <cstddef>
#include <vector>

#include "polyalign/aligner.h"
#include "polyalign/corpus.h"

namespace polyalign::corpus {

// Sets out.tuples, out.pairs, out.pivot and out.confidence from the direct alignments
// `direct` of the members (sentence counts `sizes`), in pair_index() order.
void make_tuples(Bundle& out, const std::vector<std::size_t>& sizes,
                 std::vector<PairAlignment> direct, const CorpusOptions& options);

}  // namespace polyalign::corpus
