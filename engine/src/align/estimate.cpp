#include "align/estimate.h"

#include <algorithm>

#include "align/fit.h"
#include "align/search.h"

namespace polyalign {
namespace align_detail {

LengthModel reestimate(const AlignInput& a, const AlignInput& b, const PairAlignment& pass,
                       const LengthModel& model) {
  std::vector<std::uint32_t> la, lb;
  for (const Bead& bead : pass.beads) {
    if (bead.a.size() == 1 && bead.b.size() == 1) {
      la.push_back(a.lengths[bead.a.begin]);
      lb.push_back(b.lengths[bead.b.begin]);
    }
  }
  if (la.size() < 8) return model;
  LengthModel next = model;
  next.c = estimate_ratio(la, lb);
  next.s2 = estimate_variance(la, lb, next.c, model.s2);
  return next;
}

namespace {

bool small_type(const BeadType& t) { return t.a + t.b <= 3; }

// The bead model of `options` fitted on `pass`, a search under `searched`
// (the small bead types, and the model it used).
BeadModel fit_model(const AlignerOptions& options, const AlignerOptions& searched,
                    const AlignInput& a, const AlignInput& b, const LengthModel& model,
                    const PairEvidence* evidence, const PairAlignment& pass) {
  const BeadScorer scorer(a, b, searched, model, evidence);
  const std::optional<BeadModel> fit = fit_weights(scorer, pass, options, BeadModel::of(options));
  // Without a fit (a short text) the given weights are no likelihood
  // ratio to weigh the 1-1 beads by: they are counted as they are.
  const std::vector<double> priors = estimate_priors(
      options, pass, small_type, true,
      fit ? unrelated_shares(scorer, pass, *fit, options) : std::vector<double>{});
  BeadModel fitted = fit.value_or(BeadModel::of(options));
  for (std::size_t k = 0; k < priors.size(); ++k) fitted.bead_types[k].prior = priors[k];
  return fitted;
}

}  // namespace

std::optional<BeadModel> refit_model(const AlignerOptions& options, const AlignInput& a,
                                     const AlignInput& b, const PairEvidence* evidence,
                                     const PairAlignment& pass) {
  if (!options.estimate_parameters || !options.estimate_weights || !pass.fitted ||
      a.lengths.empty() || b.lengths.empty())
    return std::nullopt;
  AlignerOptions est = options;
  est.bead_types.clear();
  for (const BeadType& t : options.bead_types) {
    if (small_type(t)) est.bead_types.push_back(t);
  }
  return fit_model(options, pass.fitted->applied_to(est), a, b, pass.model, evidence, pass);
}

PairAlignment estimate_pass(const AlignerOptions& options, const AlignInput& a,
                            const AlignInput& b, const PairEvidence* evidence) {
  if (!options.estimate_parameters || a.lengths.empty() || b.lengths.empty()) {
    return Search({options, a, b, options.model, evidence}, SearchMode::kPosteriors).run();
  }
  // Gale & Church estimate c and s2 from hand-aligned data; here they come
  // from the texts themselves. c from the total lengths first, s2 seeded by
  // the textbook 6.8 scaled to c; then a pass, c and s2 re-estimated on its
  // 1-1 beads (insertions no longer distort c; the trimmed estimator drops
  // the few wrong ones), a second pass with posteriors, and c and s2
  // re-estimated again. The estimation passes consider only the bead types
  // of at most three sentences (1-1, 1-0, 0-1, 2-1, 1-2 by default): the
  // 1-1 beads they find are the same, at less than two thirds of the cost.
  AlignerOptions est = options;
  est.bead_types.clear();
  for (const BeadType& t : options.bead_types) {
    if (small_type(t)) est.bead_types.push_back(t);
  }
  LengthModel model;
  model.c = estimate_ratio(a.lengths, b.lengths);
  model.s2 = 6.8 * std::max(1.0, model.c);
  // The first pass only seeds the second: its path guides the second's
  // band, its 1-1 beads re-estimate c and s2. It keeps the full band
  // around the coarse path: with half of it the path runs along the edge
  // in places, and the rounds that widen the band there cost more than the
  // wider band (10k pair: 26-28 ms instead of 28-37 ms, same path).
  const PairAlignment first = Search({est, a, b, model, evidence}, SearchMode::kPath).run();
  model = reestimate(a, b, first, model);
  if (!options.estimate_weights) {
    PairAlignment second =
        Search({est, a, b, model, evidence}, SearchMode::kPosteriors, &first).run();
    second.model = reestimate(a, b, second, model);
    return second;
  }
  // The bead model fitted on the first pass aligns the second; fitted
  // again on the second's confident beads, it aligns the documents.
  const AlignerOptions est_fitted = fit_model(options, est, a, b, model, evidence, first).applied_to(est);
  PairAlignment second =
      Search({est_fitted, a, b, model, evidence}, SearchMode::kPosteriors, &first).run();
  second.model = reestimate(a, b, second, model);
  second.fitted = fit_model(options, est_fitted, a, b, second.model, evidence, second);
  return second;
}

}  // namespace align_detail
}  // namespace polyalign
