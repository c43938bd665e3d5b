// PairEvidence::coarsen(): the evidence over blocks of k sentences, for the
// coarse levels of the search.
#include <algorithm>
#include <bit>
#include <limits>

#include "evidence/sparse_rows.h"
#include "polyalign/evidence.h"
#include "util/parallel.h"

namespace polyalign {

namespace {

using detail::evidence::CellBlock;
using Shared = PairEvidence::Shared;

// One worker's accumulator over the block columns, with the block
// columns a block of rows touched marked with the block's number.
struct Scratch {
  std::vector<Shared> sum;
  std::vector<std::uint32_t> mark, touched;
};

// Block rows [first, last) of the CSR cells (row_ptr, cols, vals) over
// na rows and cb block columns, coarsened by k (`shift` = log2 k when k
// is a power of two, else -1) into `part`.
void coarsen_rows(const std::vector<std::uint64_t>& row_ptr, const std::vector<std::uint32_t>& cols,
                  const std::vector<Shared>& vals, std::size_t na, std::size_t cb, std::uint32_t k,
                  int shift, std::size_t first, std::size_t last, Scratch& scratch, CellBlock& part) {
  auto& [sum, mark, touched] = scratch;
  if (mark.empty()) {
    sum.resize(cb);
    mark.assign(cb, std::numeric_limits<std::uint32_t>::max());
  }
  for (std::size_t block = first; block < last; ++block) {
    touched.clear();
    const auto stamp = static_cast<std::uint32_t>(block);
    for (std::uint64_t x = row_ptr[block * k]; x < row_ptr[std::min(na, (block + 1) * k)]; ++x) {
      const std::uint32_t col = shift >= 0 ? cols[x] >> shift : cols[x] / k;
      if (mark[col] != stamp) {
        mark[col] = stamp;
        touched.push_back(col);
        sum[col] = vals[x];
      } else {
        sum[col].anchors += vals[x].anchors;
        sum[col].links += vals[x].links;
      }
    }
    std::sort(touched.begin(), touched.end());
    for (std::uint32_t col : touched) {
      part.cols.push_back(col);
      part.vals.push_back(sum[col]);
    }
    part.ends.push_back(part.cols.size());
  }
}

std::vector<Shared> sum_blocks(const std::vector<Shared>& v, std::uint32_t k, std::size_t blocks) {
  std::vector<Shared> out(blocks);
  for (std::size_t i = 0; i < v.size(); ++i) {
    out[i / k].anchors += v[i].anchors;
    out[i / k].links += v[i].links;
  }
  return out;
}

std::vector<float> sum_orphans(const std::vector<float>& v, std::uint32_t k, std::size_t blocks) {
  std::vector<float> out(blocks, 0.0f);
  for (std::size_t i = 0; i < v.size(); ++i) out[i / k] += v[i];
  return out;
}

}  // namespace

PairEvidence PairEvidence::coarsen(std::uint32_t k) const {
  PairEvidence c;
  if (empty() || k <= 1) return *this;
  const std::size_t na = row_ptr_.size() - 1, nb = linkable_b_.size();
  const std::size_t ca = (na + k - 1) / k, cb = (nb + k - 1) / k;
  c.threads_ = threads_;
  // A block's cells summed per block column in a dense accumulator, in row
  // order and within a row in column order, then emitted in column order.
  // Blocks of rows are coarsened on all threads.
  // On one thread, one part: its arrays become the result without a copy.
  const std::size_t kBlocksPerPart = threads_ > 1 ? 64 : std::max<std::size_t>(ca, 1);
  const std::size_t parts = (ca + kBlocksPerPart - 1) / kBlocksPerPart;
  std::vector<CellBlock> out(parts);
  std::vector<Scratch> scratch(std::max(1u, threads_));  // one per worker
  // A shift instead of a division per cell when k is a power of two (the
  // coarse levels' 8).
  const int shift = std::has_single_bit(k) ? std::countr_zero(k) : -1;
  util::parallel_for(parts, threads_, [&](std::size_t p, unsigned worker) {
    coarsen_rows(row_ptr_, cols_, vals_, na, cb, k, shift, p * kBlocksPerPart,
                 std::min(ca, (p + 1) * kBlocksPerPart), scratch[worker], out[p]);
  });
  if (parts == 1) {
    c.row_ptr_.assign(ca + 1, 0);
    for (std::size_t block = 0; block < ca; ++block) c.row_ptr_[block + 1] = out[0].ends[block];
    c.cols_ = std::move(out[0].cols);
    c.vals_ = std::move(out[0].vals);
  } else {
    detail::evidence::join_blocks(out, static_cast<std::uint32_t>(ca), c.row_ptr_, c.cols_, c.vals_);
  }
  c.orphan_a_ = sum_orphans(orphan_a_, k, ca);
  c.orphan_b_ = sum_orphans(orphan_b_, k, cb);
  c.linkable_a_ = sum_blocks(linkable_a_, k, ca);
  c.linkable_b_ = sum_blocks(linkable_b_, k, cb);
  return c;
}

}  // namespace polyalign
