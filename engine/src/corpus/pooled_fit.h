// corpus/pooled_fit.h — the bead model of a language pair, fitted once on
// the estimation passes of many of its pairs (corpus/lexicon.h).
//
// A pair of two 20-sentence news documents is too short to estimate its
// bead-type priors and cost weights on its own: the fit (align/fit.h)
// smooths toward the given priors with prior_strength (50) pseudo-beads
// and the weights toward the given ones, so such a pair keeps the
// defaults, which suit text with few insertions and joins and not a crawl
// where a quarter of the beads are not 1-1. All the bundled pairs of one
// language pair come from one crawl and share its habits: their documents,
// laid end to end (an evenly spread sample, at most `max_sentences` a
// side), are one text long enough to estimate from, by the same
// estimation pass `polyalign align` runs on a pair (Aligner::estimate:
// Viterbi re-estimation of the priors, logistic regression of the
// weights). Every pair of the language pair then takes that model in its
// final pass, turned round for pairs of the other orientation.
//
// Cost: the evidence and one estimation of the sample (at most
// max_sentences a side: about as much as one pair of that length).
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "corpus/documents.h"
#include "corpus/pair_work.h"
#include "pair_recipe.h"
#include "polyalign/aligner.h"
#include "polyalign/features.h"

namespace polyalign::corpus {

// The documents `docs`, one after the other, as one document: sentences
// in order, paragraphs numbered on (each document starts a new one),
// anchor keys and words under one table each (equal keys and words
// shared).
DocumentFeatures concatenate(const std::vector<const DocumentFeatures*>& docs);

// The bead model fitted on the pairs `group` (all of one language pair),
// oriented x-y (x the alphabetically first language, see oriented()).
// nullopt when the recipe fits no model (no anchors, no estimation of
// weights), `max_sentences` is 0, or the estimation fitted none (too
// few beads).
std::optional<BeadModel> fit_pooled_model(const std::vector<PairWork>& pairs,
                                          const std::vector<std::size_t>& group,
                                          const DocTable& docs, const PairRecipe& recipe,
                                          std::size_t max_sentences);

// `m` for pairs of the other orientation: a bead type a-b takes the prior
// of b-a.
BeadModel turned(const BeadModel& m);

}  // namespace polyalign::corpus
