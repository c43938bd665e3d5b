#include "evidence/sparse_rows.h"

namespace polyalign::detail::evidence {

Postings invert(KeyRows m, const std::vector<float>& weight) {
  Postings p;
  p.off.assign(weight.size() + 1, 0);
  for (std::uint32_t id : m.ids)
    if (weight[id] > 0) ++p.off[id + 1];
  for (std::size_t k = 0; k < weight.size(); ++k) p.off[k + 1] += p.off[k];
  p.rows.resize(p.off.back());
  std::vector<std::uint32_t> fill(p.off.begin(), p.off.end() - 1);
  const std::size_t n = m.off.size() - 1;
  for (std::size_t i = 0; i < n; ++i)
    for (std::uint32_t x = m.off[i]; x < m.off[i + 1]; ++x)
      if (weight[m.ids[x]] > 0) p.rows[fill[m.ids[x]]++] = static_cast<std::uint32_t>(i);
  return p;
}

std::uint64_t join_bound(std::uint32_t i, KeyRows a, const Postings& b) {
  std::uint64_t n = 0;
  for (std::uint32_t x = a.off[i]; x < a.off[i + 1]; ++x) n += b.off[a.ids[x] + 1] - b.off[a.ids[x]];
  return n;
}

void sentence_ids(const DocumentFeatures& f, const std::vector<std::uint32_t>& joint,
                  std::vector<std::uint32_t>& ids, std::vector<std::uint32_t>& off,
                  unsigned threads) {
  const std::size_t n = f.size();
  std::vector<std::uint32_t> all(f.anchors.size());
  off.assign(n + 1, 0);
  constexpr std::size_t kBlock = 2048;
  util::parallel_for((n + kBlock - 1) / kBlock, threads, [&](std::size_t q) {
    for (std::size_t i = q * kBlock; i < std::min(n, (q + 1) * kBlock); ++i) {
      const auto first = all.begin() + f.anchor_offsets[i];
      auto last = first;
      for (const AnchorRef& anchor : f.anchors_of(i)) *last++ = joint[anchor.key];
      if (last - first > 1) {
        std::sort(first, last);
        last = std::unique(first, last);
      }
      off[i + 1] = static_cast<std::uint32_t>(last - first);
    }
  });
  for (std::size_t i = 0; i < n; ++i) off[i + 1] += off[i];
  ids.resize(off[n]);
  util::parallel_for((n + kBlock - 1) / kBlock, threads, [&](std::size_t q) {
    for (std::size_t i = q * kBlock; i < std::min(n, (q + 1) * kBlock); ++i)
      std::copy_n(all.begin() + f.anchor_offsets[i], off[i + 1] - off[i], ids.begin() + off[i]);
  });
}

void join_blocks(std::vector<CellBlock>& blocks, std::uint32_t n, std::vector<std::uint64_t>& row_ptr,
                 std::vector<std::uint32_t>& cols, std::vector<PairEvidence::Shared>& vals) {
  row_ptr.assign(std::size_t(n) + 1, 0);
  std::size_t total = 0;
  for (const CellBlock& blk : blocks) total += blk.cols.size();
  cols.clear();
  vals.clear();
  cols.reserve(total);
  vals.reserve(total);
  std::size_t r = 0;
  for (CellBlock& blk : blocks) {
    const std::size_t at = cols.size();
    cols.insert(cols.end(), blk.cols.begin(), blk.cols.end());
    vals.insert(vals.end(), blk.vals.begin(), blk.vals.end());
    for (std::uint64_t end : blk.ends) row_ptr[++r] = at + end;
    blk = CellBlock{};
  }
}

}  // namespace polyalign::detail::evidence
