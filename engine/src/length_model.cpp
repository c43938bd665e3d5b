#include "polyalign/length_model.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace polyalign {

double neg_log_two_tailed(double x) {
  // 2·(1 - Φ(|x|)) = erfc(|x|/√2). erfc underflows near z = 26; beyond
  // z = 5 use the asymptotic series erfc(z) ≈ e^{-z²} / (z√π) · (1 - 1/(2z²)),
  // accurate to better than 1e-3 relative there, so the cost keeps growing
  // smoothly instead of saturating.
  const double z = std::fabs(x) / std::sqrt(2.0);
  if (z < 5.0) return -std::log(std::erfc(z));
  const double z2 = z * z;
  return z2 + std::log(z * std::sqrt(M_PI)) - std::log1p(-0.5 / z2);
}

double LengthModel::match_cost(double la, double lb) const {
  if (la == 0 && lb == 0) return 0.0;
  const double m = (la + lb / c) / 2.0;
  const double delta = (lb - c * la) / std::sqrt(s2 * m);
  return neg_log_two_tailed(delta);
}

double estimate_ratio(std::span<const std::uint32_t> lengths_a,
                      std::span<const std::uint32_t> lengths_b) {
  const double ta = std::accumulate(lengths_a.begin(), lengths_a.end(), 0.0);
  const double tb = std::accumulate(lengths_b.begin(), lengths_b.end(), 0.0);
  if (ta <= 0 || tb <= 0) return 1.0;
  return std::clamp(tb / ta, 0.05, 20.0);
}

double estimate_variance(std::span<const std::uint32_t> la, std::span<const std::uint32_t> lb,
                         double c, double fallback) {
  const std::size_t n = std::min(la.size(), lb.size());
  if (n < 8) return fallback;
  struct Term {
    double r2, m;
  };
  std::vector<Term> terms;
  terms.reserve(n);
  for (std::size_t k = 0; k < n; ++k) {
    const double m = (la[k] + lb[k] / c) / 2.0;
    if (m <= 0) continue;
    const double r = lb[k] - c * la[k];
    terms.push_back({r * r, m});
  }
  if (terms.size() < 8) return fallback;
  // Trim the 5% worst standardised residuals: a first pass always has a few
  // wrong 1-1 beads, and squared errors would let them dominate.
  std::sort(terms.begin(), terms.end(),
            [](const Term& x, const Term& y) { return x.r2 / x.m < y.r2 / y.m; });
  const std::size_t keep = std::max<std::size_t>(8, terms.size() * 95 / 100);
  double sr = 0, sm = 0;
  for (std::size_t k = 0; k < keep; ++k) {
    sr += terms[k].r2;
    sm += terms[k].m;
  }
  if (sm <= 0) return fallback;
  // Trimming the top 5% of a chi-square(1) sample removes part of its mass;
  // E[x | x < q95] for chi2(1) is 0.7587, so rescale to stay unbiased.
  const double s2 = sr / sm / 0.7587;
  return std::clamp(s2, 0.5, 100.0);
}

}  // namespace polyalign
