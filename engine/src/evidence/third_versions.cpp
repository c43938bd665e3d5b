// PairEvidence::with_third_versions(): what a bundle's other members say
// of a pair, as anchors merged into the pair's cells.
#include <algorithm>
#include <unordered_map>

#include "polyalign/common.h"
#include "polyalign/evidence.h"

namespace polyalign {

namespace {

// The keys of one side, by sentence (sorted by sentence, then key).
std::vector<ThirdVersionKey> by_sentence(std::vector<ThirdVersionKey> keys, std::uint32_t n,
                                         const char* side) {
  for (const ThirdVersionKey& k : keys) {
    if (k.sentence >= n) {
      fail_input("PairEvidence::with_third_versions",
                 std::string("a key of side ") + side + " names a sentence past the end");
    }
  }
  std::sort(keys.begin(), keys.end(), [](const ThirdVersionKey& x, const ThirdVersionKey& y) {
    return x.sentence != y.sentence ? x.sentence < y.sentence : x.key < y.key;
  });
  return keys;
}

}  // namespace

PairEvidence PairEvidence::with_third_versions(std::uint32_t na, std::uint32_t nb,
                                               const std::vector<ThirdVersionKey>& a,
                                               const std::vector<ThirdVersionKey>& b,
                                               double weight) const {
  if (!row_ptr_.empty() && (row_ptr_.size() != std::size_t(na) + 1 || linkable_b_.size() != nb)) {
    fail_input("PairEvidence::with_third_versions", "sizes do not belong to this evidence");
  }
  const std::vector<ThirdVersionKey> ka = by_sentence(a, na, "A");
  const std::vector<ThirdVersionKey> kb = by_sentence(b, nb, "B");
  // B's postings: the sentences holding each key, with their weights.
  std::unordered_map<std::uint64_t, std::vector<std::pair<std::uint32_t, float>>> post_b;
  for (const ThirdVersionKey& k : kb) post_b[k.key].emplace_back(k.sentence, k.weight);
  std::unordered_map<std::uint64_t, char> in_a;
  for (const ThirdVersionKey& k : ka) in_a.emplace(k.key, 1);

  PairEvidence ev = *this;
  if (row_ptr_.empty()) {
    ev.row_ptr_.assign(std::size_t(na) + 1, 0);
    ev.linkable_a_.assign(na, Shared{});
    ev.linkable_b_.assign(nb, Shared{});
  }
  const auto w = static_cast<float>(weight);
  for (const ThirdVersionKey& k : kb)
    if (in_a.count(k.key)) ev.linkable_b_[k.sentence].anchors += w * k.weight;

  // Row by row: this evidence's cells merged with the row's shared keys.
  std::vector<std::uint64_t> row_ptr(std::size_t(na) + 1, 0);
  std::vector<std::uint32_t> cols;
  std::vector<Shared> vals;
  cols.reserve(ev.cols_.size() + ka.size());
  vals.reserve(ev.cols_.size() + ka.size());
  std::vector<std::pair<std::uint32_t, float>> extra;
  std::size_t x = 0;
  for (std::uint32_t i = 0; i < na; ++i) {
    extra.clear();
    for (; x < ka.size() && ka[x].sentence == i; ++x) {
      const auto it = post_b.find(ka[x].key);
      if (it == post_b.end()) continue;
      ev.linkable_a_[i].anchors += w * ka[x].weight;
      for (const auto& [j, wj] : it->second) extra.emplace_back(j, w * std::min(ka[x].weight, wj));
    }
    std::sort(extra.begin(), extra.end());
    std::uint64_t y = ev.row_ptr_[i];
    const std::uint64_t y_end = ev.row_ptr_[i + 1];
    for (std::size_t e = 0; e < extra.size();) {
      const std::uint32_t j = extra[e].first;
      float add = 0;
      for (; e < extra.size() && extra[e].first == j; ++e) add += extra[e].second;
      for (; y < y_end && ev.cols_[y] < j; ++y) {
        cols.push_back(ev.cols_[y]);
        vals.push_back(ev.vals_[y]);
      }
      Shared cell{};
      if (y < y_end && ev.cols_[y] == j) cell = ev.vals_[y++];
      cell.anchors += add;
      cols.push_back(j);
      vals.push_back(cell);
    }
    for (; y < y_end; ++y) {
      cols.push_back(ev.cols_[y]);
      vals.push_back(ev.vals_[y]);
    }
    row_ptr[i + 1] = cols.size();
  }
  ev.row_ptr_ = std::move(row_ptr);
  ev.cols_ = std::move(cols);
  ev.vals_ = std::move(vals);
  return ev;
}

}  // namespace polyalign
