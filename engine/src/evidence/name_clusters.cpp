#include "evidence/name_clusters.h"

#include <algorithm>
#include <functional>
#include <string_view>
#include <utility>

#include "util/parallel.h"

namespace polyalign::detail::evidence {

namespace {

// An upper bound of name_similarity(x, y) = 1 - cost / longest (at most
// that of the whole keys). Every edit costs at least 0.5 per character it
// inserts or deletes and changes the letter counts of the keys by at most
// 2 at a cost of at least 0.5, so cost >= 0.5 |len x - len y| and cost >=
// 0.25 Σ_c |count_x(c) - count_y(c)|. Those bounds are multiples of 0.25
// (exact in double) and rounding is monotonic, so the bound computed here
// is at least the similarity computed there, bit for bit.
double similarity_bound(std::string_view x, std::string_view y) {
  if (x.empty() || y.empty()) return 1.0;  // left to name_similarity
  int count[256] = {};
  for (char c : x) ++count[static_cast<unsigned char>(c)];
  for (char c : y) --count[static_cast<unsigned char>(c)];
  std::size_t l1 = 0;
  for (std::string_view s : {x, y}) {
    for (char c : s) {
      int& n = count[static_cast<unsigned char>(c)];
      l1 += static_cast<std::size_t>(n < 0 ? -n : n);
      n = 0;
    }
  }
  const std::size_t diff = x.size() > y.size() ? x.size() - y.size() : y.size() - x.size();
  const double cost = std::max(0.5 * static_cast<double>(diff), 0.25 * static_cast<double>(l1));
  const double longest = static_cast<double>(std::max(x.size(), y.size()));
  return std::max(0.0, 1.0 - cost / longest);
}

// A's names and the index of their skeleton variants: (hash of a variant,
// name), sorted, each with the variant's text (in one buffer) to tell hash
// collisions apart. A flat sorted array instead of a map of vectors: no
// allocation per variant.
class NameIndex {
 public:
  // Views of `text`, which must not grow while the index is used.
  NameIndex(const std::vector<std::string>& text, const std::vector<AnchorKind>& kind) {
    for (std::uint32_t id = 0; id < kind.size(); ++id) {
      if (kind[id] == AnchorKind::kName) names_.emplace_back(text[id], id);
    }
    std::sort(names_.begin(), names_.end());  // deterministic order and ties
    for (std::uint32_t k = 0; k < names_.size(); ++k) {
      skeleton_variants(skeleton(names_[k].first), [&](const std::string& v) {
        variants_.push_back({std::hash<std::string_view>{}(v), k,
                             static_cast<std::uint32_t>(variant_text_.size()),
                             static_cast<std::uint32_t>(v.size())});
        variant_text_ += v;
      });
    }
    std::sort(variants_.begin(), variants_.end(),
              [](const Variant& p, const Variant& q) { return p.hash < q.hash; });
    index_groups();
  }

  // The names (indices into names()) sharing a skeleton variant with
  // `key`, sorted and distinct, into `out`.
  void candidates(std::string_view key, std::vector<std::uint32_t>& out) const {
    out.clear();
    skeleton_variants(skeleton(key), [&](const std::string& v) {
      const std::uint64_t h = std::hash<std::string_view>{}(v);
      for (std::uint32_t k = first_of(h); k < variants_.size() && variants_[k].hash == h; ++k) {
        const Variant& it = variants_[k];
        if (std::string_view(variant_text_).substr(it.text, it.size) == v) out.push_back(it.name);
      }
    });
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  }

  // (key, joint id) of A's names, sorted.
  const std::vector<std::pair<std::string_view, std::uint32_t>>& names() const { return names_; }

 private:
  struct Variant {
    std::uint64_t hash;
    std::uint32_t name, text, size;
  };
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

  // The first variant of each hash, by open addressing over the hashes
  // (load <= 1/2): one or two probes where a binary search over the
  // variants took a dozen dependent loads, for each variant of each name
  // of B.
  void index_groups() {
    std::size_t cap = 16;
    while (cap < 2 * variants_.size()) cap *= 2;
    group_.assign(cap, kNone);
    for (std::uint32_t k = 0; k < variants_.size(); ++k) {
      if (k > 0 && variants_[k].hash == variants_[k - 1].hash) continue;
      std::size_t s = slot(variants_[k].hash);
      while (group_[s] != kNone) s = (s + 1) & (cap - 1);
      group_[s] = k;
    }
  }
  // The index of the first variant of hash h, or kNone.
  std::uint32_t first_of(std::uint64_t h) const {
    for (std::size_t s = slot(h);; s = (s + 1) & (group_.size() - 1)) {
      if (group_[s] == kNone || variants_[group_[s]].hash == h) return group_[s];
    }
  }
  std::size_t slot(std::uint64_t h) const {
    return static_cast<std::size_t>((h * 0x9E3779B97F4A7C15ull) >> 20) & (group_.size() - 1);
  }

  std::vector<std::pair<std::string_view, std::uint32_t>> names_;
  std::vector<Variant> variants_;
  std::string variant_text_;
  std::vector<std::uint32_t> group_;  // open-addressing slots: first variant of a hash
};

// The best match of the name `key` of B (h: its hash) among A's names.
NameMatch best_match(std::string_view key, std::uint64_t h, const JointTable& joint,
                     const NameIndex& index, double threshold,
                     std::vector<std::uint32_t>& candidates) {
  NameMatch m;
  // Only an equal key scores 1, and it is a candidate (same skeleton):
  // no other candidate can beat it.
  if (const std::uint32_t same = joint.find(AnchorKind::kName, key, h); same != JointTable::kNone) {
    return {1.0, same};
  }
  index.candidates(key, candidates);
  const auto& names = index.names();
  for (std::uint32_t k : candidates) {
    // A cheap upper bound of name_similarity (see similarity_bound): a
    // candidate that cannot reach the threshold, or beat the best so
    // far, cannot change the match.
    const double bound = similarity_bound(names[k].first, key);
    if (bound < threshold || bound <= m.similarity) continue;
    const double sim = name_similarity(names[k].first, key);
    if (sim > m.similarity) m = {sim, names[k].second};
  }
  return m;
}

}  // namespace

std::vector<NameMatch> match_names(const JointTable& joint, const std::vector<std::string>& text,
                                   const std::vector<AnchorKind>& kind, const DocumentFeatures& b,
                                   const std::vector<std::uint64_t>& hash_b, double threshold,
                                   unsigned threads) {
  const NameIndex index(text, kind);
  // The best match of each name is independent of the others' (and most of
  // the work of build() on long documents): matched on all threads, in
  // blocks taken in turn; ids are then given out in key order as before,
  // so the result is the same at any thread count.
  std::vector<NameMatch> best(b.anchor_keys.size());
  constexpr std::size_t kNameBlock = 1024;
  const std::size_t keys = b.anchor_keys.size();
  util::parallel_for((keys + kNameBlock - 1) / kNameBlock, threads, [&](std::size_t q) {
    std::vector<std::uint32_t> candidates;
    for (std::size_t key = q * kNameBlock; key < std::min(keys, (q + 1) * kNameBlock); ++key) {
      const AnchorKey& anchor = b.anchor_keys[key];
      if (anchor.kind != AnchorKind::kName) continue;
      best[key] = best_match(anchor.text, hash_b[key], joint, index, threshold, candidates);
    }
  });
  return best;
}

}  // namespace polyalign::detail::evidence
