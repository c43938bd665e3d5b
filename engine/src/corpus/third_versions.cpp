#include "corpus/third_versions.h"

#include <algorithm>

#include "polyalign/corpus.h"

namespace polyalign::corpus {

namespace {

// The keys member `side` (x or y) holds through member z: for each pair
// bead of their direct alignment of posterior at least `min_confidence`,
// each of its sentences of `side` holds every sentence of z in it, the
// posterior shared among them (as an anchor's weight is divided by the
// sentences holding it).
void keys_through(const std::vector<PairAlignment>& direct, std::size_t n, std::size_t side,
                  std::size_t z, double min_confidence, std::vector<ThirdVersionKey>& out) {
  const bool side_is_a = side < z;
  const PairAlignment& al = direct[pair_index(side, z, n)];
  for (const Bead& bead : al.beads) {
    const SentenceRange own = side_is_a ? bead.a : bead.b;
    const SentenceRange third = side_is_a ? bead.b : bead.a;
    if (own.empty() || third.empty() || !(bead.confidence >= min_confidence)) continue;
    const auto weight = static_cast<float>(bead.confidence / third.size());
    for (std::uint32_t i = own.begin; i < own.end; ++i)
      for (std::uint32_t k = third.begin; k < third.end; ++k)
        out.push_back({i, (std::uint64_t(z) << 32) | k, weight});
  }
}

}  // namespace

ThirdVersionKeys third_version_keys(const std::vector<PairAlignment>& direct, std::size_t n,
                                    std::size_t x, std::size_t y, double min_confidence) {
  ThirdVersionKeys keys;
  for (std::size_t z = 0; z < n; ++z) {
    if (z == x || z == y) continue;
    keys_through(direct, n, x, z, min_confidence, keys.x);
    keys_through(direct, n, y, z, min_confidence, keys.y);
  }
  return keys;
}

bool uses_third_versions(std::size_t members, const CorpusOptions& options,
                         const PipelineOptions& pipeline) {
  return options.third_version_rounds > 0 && pipeline.anchors && members >= 3 &&
         members >= options.third_version_min_members;
}

void align_with_third_versions(std::vector<PairAlignment>& direct,
                               const std::vector<FinalInputs>& inputs,
                               const std::vector<const DocumentFeatures*>& members,
                               const PairRecipe& recipe, const CorpusOptions& options) {
  const std::size_t n = members.size();
  if (!uses_third_versions(n, options, recipe.options())) return;
  // The third members together are worth one anchor: where all of them
  // agree, a sentence pair shares one unit.
  const double weight = 1.0 / static_cast<double>(n - 2);
  for (unsigned round = 0; round < options.third_version_rounds; ++round) {
    std::vector<PairAlignment> next(direct.size());
    for (std::size_t x = 0; x < n; ++x) {
      for (std::size_t y = x + 1; y < n; ++y) {
        const std::size_t p = pair_index(x, y, n);
        const DocumentFeatures& fx = *members[x];
        const DocumentFeatures& fy = *members[y];
        const ThirdVersionKeys keys =
            third_version_keys(direct, n, x, y, options.third_version_confidence);
        const PairEvidence ev = inputs[p].evidence.with_third_versions(
            static_cast<std::uint32_t>(fx.size()), static_cast<std::uint32_t>(fy.size()), keys.x,
            keys.y, weight);
        next[p] = recipe.final_pass(fx, fy, inputs[p].model, &ev, inputs[p].first);
      }
    }
    direct = std::move(next);
  }
}

}  // namespace polyalign::corpus
