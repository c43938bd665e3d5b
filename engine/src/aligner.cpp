// The public Aligner: options checked once, then align() = estimate() (the
// length model from the texts, align/estimate.h) followed by one exact
// search with that model (align/search.h).
#include "polyalign/aligner.h"

#include <fmt/format.h>

#include "align/dp.h"
#include "align/estimate.h"
#include "align/search.h"

namespace polyalign {

std::vector<BeadType> default_bead_types() {
  // Gale & Church (1993), Table 5, measured 1-1 .89, 1-0/0-1 .0099,
  // 2-1/1-2 .089, 2-2 .011. Used as they are, merged beads win too often:
  // summing lengths shrinks the relative noise of a merged bead, and its
  // shared anchors are at least those of its parts. Lower merge priors were
  // chosen on the development data (Text+Berg dev and the NTREX cases,
  // bench/RESULTS.md); 1-3/3-1 are rarer still, and 2-3/3-2 rarer again
  // (1-4/4-1 were tried: they cost a wider band and a fifth of the search's
  // time for little, see bench/RESULTS.md).
  // These are starting points: estimation re-estimates them on each pair
  // (align/fit.h), the larger ones scaled with the smaller merges.
  return {
      {1, 1, 0.880}, {1, 0, 0.0050}, {0, 1, 0.0050}, {2, 1, 0.0300},
      {1, 2, 0.0300}, {2, 2, 0.0020}, {1, 3, 0.0050}, {3, 1, 0.0050},
      {2, 3, 0.0003}, {3, 2, 0.0003},
  };
}

BeadModel BeadModel::of(const AlignerOptions& o) {
  BeadModel m;
  m.bead_types = o.bead_types;
  m.length_weight = o.length_weight;
  m.anchor_weight = o.anchor_weight;
  m.link_weight = o.link_weight;
  m.unmatched_anchor_weight = o.unmatched_anchor_weight;
  m.unmatched_link_weight = o.unmatched_link_weight;
  m.no_shared_weight = o.no_shared_weight;
  m.lexical_weight = o.lexical_weight;
  m.orphan_number_weight = o.orphan_number_weight;
  m.paragraph_mismatch_penalty = o.paragraph_mismatch_penalty;
  m.pair_bias = o.pair_bias;
  return m;
}

AlignerOptions BeadModel::applied_to(AlignerOptions o) const {
  for (BeadType& t : o.bead_types) {
    for (const BeadType& m : bead_types)
      if (m == t) t.prior = m.prior;
  }
  o.length_weight = length_weight;
  o.anchor_weight = anchor_weight;
  o.link_weight = link_weight;
  o.unmatched_anchor_weight = unmatched_anchor_weight;
  o.unmatched_link_weight = unmatched_link_weight;
  o.no_shared_weight = no_shared_weight;
  o.lexical_weight = lexical_weight;
  o.orphan_number_weight = orphan_number_weight;
  o.paragraph_mismatch_penalty = paragraph_mismatch_penalty;
  o.pair_bias = pair_bias;
  return o;
}

namespace {

using align_detail::kMaxBeadTypes;

void validate_types(const std::vector<BeadType>& types) {
  if (types.empty()) fail_input("AlignerOptions.bead_types", "empty bead-type set");
  if (types.size() > kMaxBeadTypes) {
    fail_input("AlignerOptions.bead_types",
               fmt::format("too many bead types (at most {})", kMaxBeadTypes));
  }
  bool has_a = false, has_b = false;
  for (const BeadType& t : types) {
    if (t.a == 0 && t.b == 0) fail_input("AlignerOptions.bead_types", "0-0 bead type");
    if (t.a > 8 || t.b > 8)
      fail_input("AlignerOptions.bead_types",
                 fmt::format("bead type {}-{} too large (at most 8 per side)", t.a, t.b));
    if (!(t.prior > 0)) {
      fail_input("AlignerOptions.bead_types",
                 fmt::format("bead type {}-{} has non-positive prior {}", t.a, t.b, t.prior));
    }
    // Coverage: every (na, nb) must be reachable, (1, 0) and (0, 1) among
    // them (a document against an empty one), which only 1-0 and 0-1
    // reach. Without them (1-1 alone, say) documents of different lengths
    // had no alignment: the search failed ("band lost the path") or
    // returned beads of types not in the set.
    has_a |= (t.a == 1 && t.b == 0);
    has_b |= (t.a == 0 && t.b == 1);
  }
  if (!has_a || !has_b) {
    fail_input("AlignerOptions.bead_types",
               "the set must contain 1-0 and 0-1, so every sentence can be aligned");
  }
}


}  // namespace

Aligner::Aligner(AlignerOptions options) : options_(std::move(options)) {
  validate_types(options_.bead_types);
  if (!(options_.model.c > 0) || !(options_.model.s2 > 0)) {
    fail_input("AlignerOptions.model", "c and s2 must be positive");
  }
  if (!(options_.posterior_temperature > 0)) {
    fail_input("AlignerOptions.posterior_temperature", "must be positive");
  }
  if (options_.initial_band < 1) fail_input("AlignerOptions.initial_band", "must be at least 1");
}

PairAlignment Aligner::align_with_model(const AlignInput& a, const AlignInput& b,
                                        const LengthModel& model, const PairEvidence* evidence,
                                        const PairAlignment* hint) const {
  if (hint && hint->fitted && options_.estimate_weights) {
    const AlignerOptions fitted = hint->fitted->applied_to(options_);
    PairAlignment r =
        align_detail::Search({fitted, a, b, model, evidence}, align_detail::SearchMode::kExact, hint)
            .run();
    r.fitted = hint->fitted;
    return r;
  }
  return align_detail::Search({options_, a, b, model, evidence}, align_detail::SearchMode::kExact,
                              hint)
      .run();
}

PairAlignment Aligner::estimate(const AlignInput& a, const AlignInput& b,
                                const PairEvidence* evidence) const {
  return align_detail::estimate_pass(options_, a, b, evidence);
}

PairAlignment Aligner::refit(const AlignInput& a, const AlignInput& b,
                             const PairEvidence* evidence, PairAlignment pass) const {
  if (auto m = align_detail::refit_model(options_, a, b, evidence, pass)) pass.fitted = std::move(m);
  return pass;
}

PairAlignment Aligner::align(const AlignInput& a, const AlignInput& b,
                             const PairEvidence* evidence) const {
  if (!options_.estimate_parameters || a.lengths.empty() || b.lengths.empty()) {
    return align_with_model(a, b, options_.model, evidence);
  }
  const PairAlignment estimated = estimate(a, b, evidence);
  return align_with_model(a, b, estimated.model, evidence, &estimated);
}

}  // namespace polyalign
