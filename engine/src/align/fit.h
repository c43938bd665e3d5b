// align/fit.h — the bead model (AlignerOptions' priors and cost weights,
// polyalign::BeadModel) fitted to one pair of documents from a pass over
// them: the estimation half of Aligner::estimate (align/estimate.h).
//
// Priors: Viterbi re-estimation (Gale & Church 1993 counted bead types on
// hand-aligned text; Moore 2002 re-estimates from a first pass). Each
// bead type's share of the pass's beads, smoothed toward the options'
// priors with AlignerOptions::prior_strength pseudo-beads; a 1-1 bead
// counts as a 1-0 and a 0-1 with its posterior of pairing unrelated
// sentences under the fitted weights (unrelated_shares()). Types the pass
// did not search (the larger merges) keep the options' share, scaled by
// how much likelier than given the pass found the merges it searched.
//
// Weights: for a bead pairing sentences the weighted cost terms
// (BeadScorer::features) are read as -log of a likelihood ratio: how much
// likelier its features are for sentences that translate each other than
// for unrelated ones. Both kinds of example come from the pass itself:
// its trusted 1-1 beads (posterior >= 0.9, or, in a pass without
// posteriors, 1-1 beads between two 1-1 beads) against the same sentences
// paired with sentences 2 and 5 away. A logistic regression (Newton's
// method, Eigen) gives the log odds θ·x; the weights are -θ, the bias less
// the log of the examples' class ratio. The Gaussian prior (precision
// AlignerOptions::weight_strength) centres θ on the options' weights, so a
// short text keeps them and a term that never varies (no evidence, no
// paragraphs) keeps its given weight. Weights are then kept in sensible
// signs: evidence never costs for being shared.
//
// Cost: O(beads) feature reads (each O(log k) in the evidence) and a few
// Newton steps on an 8 x 8 system.
#pragma once

#include <optional>
#include <vector>

#include "polyalign/aligner.h"

namespace polyalign {
namespace align_detail {

// Priors for every type of `options.bead_types` from the beads of `pass`,
// a search over the types for which `searched(type)` holds; the others
// keep their given share, scaled as above when `scale_unsearched` (else
// as given: a pass over them will count them).
// `unrelated` (empty, or one per bead of `pass`): the probability that a
// 1-1 bead pairs two sentences that do not translate each other; such a
// bead counts that much as a 1-0 and a 0-1 instead (unrelated_shares()).
std::vector<double> estimate_priors(const AlignerOptions& options, const PairAlignment& pass,
                                    bool (*searched)(const BeadType&), bool scale_unsearched,
                                    const std::vector<double>& unrelated = {});

// Per bead of `pass`, for its 1-1 beads the probability under the weights
// of `model` that the two sentences are unrelated rather than
// translations: rho / (rho + (1 - rho) LR), LR the likelihood ratio the
// weighted terms stand for (exp of minus their sum), rho the share of
// unrelated pairs among the pass's 1-1 beads, estimated by EM on the
// mixture of the two (smoothed toward the options' priors with
// prior_strength pseudo-beads); 0 for the other beads. A pass that pairs an added sentence with a
// dropped one counts the pair as a 1-1 bead; re-estimating the priors from
// the raw counts would then keep insertions and deletions rare for ever.
std::vector<double> unrelated_shares(const BeadScorer& scorer, const PairAlignment& pass,
                                     const BeadModel& model, const AlignerOptions& options);

// The weights fitted on `pass` (an alignment of the scorer's documents);
// `options` gives the prior's centre and strength. Priors are left as in
// `start`. nullopt when the pass has too few trusted 1-1 beads or shifted
// pairs (fewer than 8) to fit on, or the fit does not converge.
std::optional<BeadModel> fit_weights(const BeadScorer& scorer, const PairAlignment& pass,
                                     const AlignerOptions& options, BeadModel start);

}  // namespace align_detail
}  // namespace polyalign
