#include "checks/length.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "checks/finding_builder.h"

namespace polyalign::checks {

namespace {

std::uint64_t code_points(const DocFacts& d, const SentenceRange& r) {
  std::uint64_t n = 0;
  for (std::uint32_t i = r.begin; i < r.end; ++i) n += d.features.lengths[i];
  return n;
}

double median(std::vector<double> v) {
  const std::size_t m = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(m), v.end());
  const double hi = v[m];
  if (v.size() % 2) return hi;
  const double lo = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(m));
  return (lo + hi) / 2;
}

// A tuple whose length ratio of members l / k is unusual.
struct Flag {
  std::size_t k, l;
  double ratio, typical, z;
};

// Adds to flags[t] the tuples whose members k and l (k < l) are unusual.
void flag_pair(const Group& g, std::size_t k, std::size_t l, const CheckOptions& options,
               std::vector<std::vector<Flag>>& flags) {
  const double s = options.length_smoothing;
  auto log_ratio = [&](std::size_t t) {
    const double la = static_cast<double>(code_points(*g.members[k], g.cell(t, k)));
    const double lb = static_cast<double>(code_points(*g.members[l], g.cell(t, l)));
    return std::log((lb + s) / (la + s));
  };
  std::vector<double> samples;
  for (std::size_t t = 0; t < g.tuples; ++t) {
    if (g.cell(t, k).size() == 1 && g.cell(t, l).size() == 1) samples.push_back(log_ratio(t));
  }
  if (samples.size() < options.length_min_samples) return;
  const double m = median(samples);
  for (double& x : samples) x = std::abs(x - m);
  // 1.4826 · MAD estimates the standard deviation of a normal distribution.
  const double sigma = std::max(1.4826 * median(samples), options.length_min_sigma);
  for (std::size_t t = 0; t < g.tuples; ++t) {
    if (g.cell(t, k).empty() || g.cell(t, l).empty()) continue;
    const double r = log_ratio(t);
    const double z = (r - m) / sigma;
    if (std::abs(z) > options.length_max_deviation) {
      flags[t].push_back({k, l, std::exp(r), std::exp(m), z});
    }
  }
}

}  // namespace

void check_length(const Group& g, const CheckOptions& options, std::vector<Finding>& out) {
  std::vector<std::vector<Flag>> flags(g.tuples);
  for (std::size_t k = 0; k < g.size(); ++k) {
    for (std::size_t l = k + 1; l < g.size(); ++l) flag_pair(g, k, l, options, flags);
  }
  for (std::size_t t = 0; t < g.tuples; ++t) {
    if (flags[t].empty()) continue;
    std::vector<Flag>& f = flags[t];
    std::stable_sort(f.begin(), f.end(),
                     [](const Flag& a, const Flag& b) { return std::abs(a.z) > std::abs(b.z); });
    FindingBuilder b(CheckKind::kLength, Severity::kWarning, g, t);
    std::vector<std::string> items;
    for (const Flag& x : f) {
      b.sentences(x.k, g.cell(t, x.k));
      b.sentences(x.l, g.cell(t, x.l));
      items.push_back(fmt::format("{}/{} {:.2f}x, usually {:.2f}x", g.label(x.l), g.label(x.k),
                                  x.ratio, x.typical));
    }
    out.push_back(b.finish(fmt::format("unusual length: {}", join_items(items))));
  }
}

}  // namespace polyalign::checks
