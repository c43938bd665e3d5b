#include "align/fit.h"

#include <Eigen/Dense>
#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

namespace polyalign {
namespace align_detail {

std::vector<double> estimate_priors(const AlignerOptions& options, const PairAlignment& pass,
                                    bool (*searched)(const BeadType&), bool scale_unsearched,
                                    const std::vector<double>& unrelated) {
  const std::vector<BeadType>& types = options.bead_types;
  std::vector<double> count(types.size(), 0.0);
  double counted = 0, given_all = 0, given_searched = 0;
  auto count_type = [&](std::uint32_t na, std::uint32_t nb, double n) {
    for (std::size_t k = 0; k < types.size(); ++k) {
      if (searched(types[k]) && na == types[k].a && nb == types[k].b) {
        count[k] += n;
        counted += n;
        return;
      }
    }
  };
  for (std::size_t x = 0; x < pass.beads.size(); ++x) {
    const Bead& bead = pass.beads[x];
    const double q = x < unrelated.size() ? unrelated[x] : 0.0;
    count_type(bead.a.size(), bead.b.size(), 1 - q);
    if (q > 0) {
      count_type(1, 0, q);
      count_type(0, 1, q);
    }
  }
  for (const BeadType& t : types) {
    given_all += t.prior;
    if (searched(t)) given_searched += t.prior;
  }
  std::vector<double> priors(types.size());
  const double s = options.prior_strength;
  double merges = 0, given_merges = 0;  // searched types pairing 3 sentences
  for (std::size_t k = 0; k < types.size(); ++k) {
    const double given = types[k].prior / given_all;
    if (!searched(types[k]) || given_searched <= 0) continue;
    // Share among the searched types, counted and smoothed, scaled to the
    // searched types' given mass.
    const double q = types[k].prior / given_searched;
    priors[k] = (count[k] + s * q) / (counted + s) * (given_searched / given_all);
    if (types[k].a > 0 && types[k].b > 0 && types[k].a + types[k].b > 2) {
      merges += priors[k];
      given_merges += given;
    }
  }
  // The larger types were not searched: they keep their given share, times
  // how much likelier than given the pass found the smaller merges (a text
  // that joins sentences often joins them in threes and fours too).
  const double scale = scale_unsearched && given_merges > 0 ? merges / given_merges : 1.0;
  double total = 0;
  for (std::size_t k = 0; k < types.size(); ++k) {
    if (!searched(types[k]) || given_searched <= 0) priors[k] = types[k].prior / given_all * scale;
    total += priors[k];
  }
  for (double& p : priors) p /= total;
  return priors;
}

namespace {

constexpr std::size_t kF = BeadScorer::kFeatures;
using Vec = Eigen::Matrix<double, kF, 1>;
using Mat = Eigen::Matrix<double, kF, kF>;

// θ of the options: log odds = θ·x, θ = -weights (the bias's centre is
// set by the caller).
Vec theta_of(const BeadModel& m) {
  Vec t;
  t << -m.length_weight, m.anchor_weight, m.link_weight, -m.unmatched_anchor_weight,
      -m.unmatched_link_weight, -m.orphan_number_weight, -m.paragraph_mismatch_penalty,
      -m.pair_bias, -m.no_shared_weight, m.lexical_weight;
  return t;
}

// The trusted 1-1 beads of the pass (sentence pairs).
std::vector<std::pair<std::uint32_t, std::uint32_t>> trusted_pairs(const PairAlignment& pass) {
  bool posteriors = false;
  for (const Bead& b : pass.beads) posteriors = posteriors || b.confidence > 0;
  auto one_one = [&](std::size_t k) {
    return pass.beads[k].a.size() == 1 && pass.beads[k].b.size() == 1;
  };
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  for (std::size_t k = 0; k < pass.beads.size(); ++k) {
    if (!one_one(k)) continue;
    const bool trusted = posteriors ? pass.beads[k].confidence >= 0.9
                                    : (k == 0 || one_one(k - 1)) &&
                                          (k + 1 == pass.beads.size() || one_one(k + 1));
    if (trusted) out.emplace_back(pass.beads[k].a.begin, pass.beads[k].b.begin);
  }
  return out;
}

}  // namespace

std::vector<double> unrelated_shares(const BeadScorer& scorer, const PairAlignment& pass,
                                     const BeadModel& model, const AlignerOptions& options) {
  std::vector<double> q(pass.beads.size(), 0.0);
  std::size_t one_one = scorer.type_count();
  for (std::size_t k = 0; k < scorer.type_count(); ++k)
    if (scorer.type(k).a == 1 && scorer.type(k).b == 1) one_one = k;
  if (one_one == scorer.type_count()) return q;
  // -θ of the model: the weights of the terms, in feature order.
  const Vec w = -theta_of(model);
  std::vector<std::pair<std::size_t, double>> lr;  // bead, likelihood ratio
  for (std::size_t x = 0; x < pass.beads.size(); ++x) {
    const Bead& bead = pass.beads[x];
    if (bead.a.size() != 1 || bead.b.size() != 1) continue;
    const BeadScorer::Features f = scorer.features(bead.a.begin, 1, bead.b.begin, 1, one_one);
    lr.emplace_back(x, std::exp(std::min(50.0, -w.dot(Vec(f.data())))));
  }
  if (lr.empty()) return q;
  // The share rho of unrelated pairs among the 1-1 beads, by EM on the
  // mixture (1 - rho) P(x | translation) + rho P(x | unrelated), smoothed
  // as the priors are: prior_strength pseudo-beads at the share the given
  // priors imply (a 1-0 and a 0-1 for a 1-1), so a short text cannot
  // claim a high share from a few beads.
  double given_11 = 0, given_10 = 0, given_01 = 0;
  for (const BeadType& t : options.bead_types) {
    if (t.a == 1 && t.b == 1) given_11 = t.prior;
    if (t.a == 1 && t.b == 0) given_10 = t.prior;
    if (t.a == 0 && t.b == 1) given_01 = t.prior;
  }
  const double rho0 = given_11 > 0 ? std::min(1.0, std::min(given_10, given_01) / given_11) : 0;
  const double s = options.prior_strength;
  double rho = 0.5;
  for (int iter = 0; iter < 100; ++iter) {
    double sum = 0;
    for (const auto& [x, l] : lr) sum += q[x] = rho / (rho + (1 - rho) * l);
    const double next = (sum + s * rho0) / (static_cast<double>(lr.size()) + s);
    const bool done = std::fabs(next - rho) < 1e-6;
    rho = next;
    if (done) break;
  }
  for (const auto& [x, l] : lr) q[x] = rho / (rho + (1 - rho) * l);
  return q;
}

std::optional<BeadModel> fit_weights(const BeadScorer& scorer, const PairAlignment& pass,
                      const AlignerOptions& options, BeadModel start) {
  std::size_t one_one = scorer.type_count();
  for (std::size_t k = 0; k < scorer.type_count(); ++k)
    if (scorer.type(k).a == 1 && scorer.type(k).b == 1) one_one = k;
  const auto positives = trusted_pairs(pass);
  if (one_one == scorer.type_count() || positives.size() < 8) return std::nullopt;
  std::uint32_t na = 0, nb = 0;
  for (const Bead& b : pass.beads) {
    na = std::max(na, b.a.end);
    nb = std::max(nb, b.b.end);
  }
  // Examples: each trusted pair, and its sentences paired with others 2
  // and 5 away (where they exist).
  std::vector<Vec> xs;
  std::vector<double> ys;
  auto add = [&](std::uint32_t i, std::uint32_t j, double y) {
    const BeadScorer::Features f = scorer.features(i, 1, j, 1, one_one);
    xs.push_back(Vec(f.data()));
    ys.push_back(y);
  };
  // At most kMaxExamples / 5 trusted pairs, evenly spread: the weights are
  // a handful of numbers, and a long pair would otherwise spend more time
  // here than in a search.
  constexpr std::size_t kMaxExamples = 5000;
  const std::size_t stride = positives.size() * 5 / kMaxExamples + 1;
  std::size_t n_pos = 0, n_neg = 0;
  for (std::size_t p = 0; p < positives.size(); p += stride) {
    const auto [i, j] = positives[p];
    add(i, j, 1);
    ++n_pos;
    const std::array<std::pair<std::int64_t, std::int64_t>, 4> shifts{{{0, 2}, {0, -2}, {5, 0}, {-5, 0}}};
    for (const auto& [di, dj] : shifts) {
      const std::int64_t i2 = i + di, j2 = j + dj;
      if (i2 < 0 || j2 < 0 || i2 >= na || j2 >= nb) continue;
      add(static_cast<std::uint32_t>(i2), static_cast<std::uint32_t>(j2), 0);
      ++n_neg;
    }
  }
  if (n_neg < 8) return std::nullopt;
  const BeadModel given = BeadModel::of(options);
  Vec centre = theta_of(given);
  const double base_log_odds = std::log(static_cast<double>(n_pos) / static_cast<double>(n_neg));
  centre[BeadScorer::kBias] += base_log_odds;
  Vec precision = Vec::Constant(options.weight_strength);
  precision[BeadScorer::kBias] = 1e-3;  // the class ratio is ours to choose
  // Newton's method on the penalised log-likelihood, each step halved
  // until it does not decrease (plain Newton overshoots from a poor start).
  auto objective = [&](const Vec& t) {
    double v = -0.5 * (precision.cwiseProduct((t - centre).cwiseAbs2())).sum();
    for (std::size_t k = 0; k < xs.size(); ++k) {
      const double z = t.dot(xs[k]);
      v += ys[k] * z - (z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z)));
    }
    return v;
  };
  Vec theta = centre;
  double value = objective(theta);
  for (int iter = 0; iter < 50; ++iter) {
    Vec g = -(precision.cwiseProduct(theta - centre));
    Mat h = Mat(precision.asDiagonal());
    for (std::size_t k = 0; k < xs.size(); ++k) {
      const double p = 1.0 / (1.0 + std::exp(-theta.dot(xs[k])));
      g += (ys[k] - p) * xs[k];
      h += (p * (1 - p)) * xs[k] * xs[k].transpose();
    }
    Vec step = h.ldlt().solve(g);
    if (!step.allFinite()) break;
    double next = objective(theta + step);
    while (!(next >= value) && step.cwiseAbs().maxCoeff() > 1e-9) {
      step *= 0.5;
      next = objective(theta + step);
    }
    if (!(next >= value)) break;
    theta += step;
    value = next;
    if (step.cwiseAbs().maxCoeff() < 1e-7) break;
  }
  if (!theta.allFinite()) return std::nullopt;
  BeadModel m = start;
  m.length_weight = std::clamp(-theta[BeadScorer::kLength], 0.1, 10.0);
  m.anchor_weight = std::clamp(theta[BeadScorer::kSharedAnchors], 0.0, 20.0);
  m.link_weight = std::clamp(theta[BeadScorer::kSharedLinks], 0.0, 20.0);
  m.unmatched_anchor_weight = std::clamp(-theta[BeadScorer::kUnmatchedAnchors], 0.0, 10.0);
  m.unmatched_link_weight = std::clamp(-theta[BeadScorer::kUnmatchedLinks], 0.0, 10.0);
  m.orphan_number_weight = std::clamp(-theta[BeadScorer::kOrphans], 0.0, 10.0);
  m.paragraph_mismatch_penalty = std::clamp(-theta[BeadScorer::kMismatch], 0.0, 10.0);
  m.no_shared_weight = std::clamp(-theta[BeadScorer::kNoShared], 0.0, 10.0);
  m.lexical_weight = std::clamp(theta[BeadScorer::kLexical], 0.0, 10.0);
  m.pair_bias = std::clamp(-(theta[BeadScorer::kBias] - base_log_odds), -20.0, 20.0);
  return m;
}

}  // namespace align_detail
}  // namespace polyalign
