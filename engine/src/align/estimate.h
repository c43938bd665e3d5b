// align/estimate.h — the length model's parameters estimated from the two
// texts being aligned (Aligner::estimate): c from their total lengths,
// then c and s2 from the 1-1 beads of a path-only pass, again from a second
// pass with posteriors. Two banded searches over the bead types of at most
// three sentences; the same threads and guarantees as Search.
#pragma once

#include <optional>

#include "polyalign/aligner.h"

namespace polyalign {
namespace align_detail {

// The second estimation pass (beads with posteriors) with `model` set to
// the parameters re-estimated from it. With estimation off, or a document
// empty: one search with posteriors under options.model.
PairAlignment estimate_pass(const AlignerOptions& options, const AlignInput& a,
                            const AlignInput& b, const PairEvidence* evidence);

// The bead model fitted again on `pass` (estimate_pass()'s) under
// `evidence`; nullopt without estimate_weights or a fitted model in `pass`.
std::optional<BeadModel> refit_model(const AlignerOptions& options, const AlignInput& a,
                                     const AlignInput& b, const PairEvidence* evidence,
                                     const PairAlignment& pass);

// c and s2 re-estimated from the 1-1 beads of `pass` (fewer than 8 such
// beads: `model` unchanged).
LengthModel reestimate(const AlignInput& a, const AlignInput& b, const PairAlignment& pass,
                       const LengthModel& model);

}  // namespace align_detail
}  // namespace polyalign
