// evidence/sparse_rows.h — the sparse sentence x key matrices of
// PairEvidence and their product, row by row.
//
// A document's sentences x keys (anchor ids or word links) are kept in CSR
// form (KeyRows: each row's keys sorted and distinct). invert() turns B's
// into postings (the rows holding each key); join_row() computes one row of
// M_a·M_bᵀ from A's row and B's postings in O(entries touched), and
// rows_in_blocks() assembles all rows into the evidence's CSR cells, blocks
// of rows on all threads, the result the same at any thread count.
//
// Ownership: KeyRows views vectors the caller keeps alive; everything else
// owns its arrays. RowJoin is per-worker scratch space, not shared.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "polyalign/evidence.h"
#include "polyalign/features.h"
#include "util/parallel.h"

namespace polyalign::detail::evidence {

// Sorts v[from, end) and drops repeats there.
inline void sort_unique(std::vector<std::uint32_t>& v, std::size_t from) {
  std::sort(v.begin() + static_cast<std::ptrdiff_t>(from), v.end());
  v.erase(std::unique(v.begin() + static_cast<std::ptrdiff_t>(from), v.end()), v.end());
}

// Sentences x keys in CSR form, each row's keys sorted and distinct.
struct KeyRows {
  const std::vector<std::uint32_t>& ids;
  const std::vector<std::uint32_t>& off;
};

// For each key of nonzero weight, the rows holding it, in increasing order.
struct Postings {
  std::vector<std::uint32_t> off, rows;
};

Postings invert(KeyRows m, const std::vector<float>& weight);

// Cells row i of M_a·M_bᵀ can have at most: one per posting its keys reach.
std::uint64_t join_bound(std::uint32_t i, KeyRows a, const Postings& b);

// Each sentence's joint ids (`joint` per key of f), sorted and distinct, in
// CSR form: sentences in blocks on all threads, each sorted in place where
// its anchors are, then packed.
void sentence_ids(const DocumentFeatures& f, const std::vector<std::uint32_t>& joint,
                  std::vector<std::uint32_t>& ids, std::vector<std::uint32_t>& off,
                  unsigned threads);

// Scratch space of one worker for join_row: a dense accumulator over B's
// sentences and a bitmap of the ones a row touched.
struct RowJoin {
  std::vector<float> sum;
  std::vector<std::uint64_t> bits;
  std::vector<std::uint32_t> touched;
  explicit RowJoin(std::size_t nb) : sum(nb, 0.0f), bits((nb + 63) / 64, 0) {}
};

// Row i of M_a·M_bᵀ, where both matrices hold sqrt(w) for a key of weight
// w (`product[k]` = sqrt(w)·sqrt(w) in float): calls emit(j, value) for
// its cells in increasing j. Each cell sums its keys in increasing key
// order, the order of Eigen's sparse product this replaces, so the floats
// are the same. The columns come out in order from the bitmap when they
// lie close together (a few words of it per cell), else by sorting them.
// Only the columns first..last are joined (the postings of a key are in
// increasing row order: a long list is entered by binary search).
template <typename Emit>
void join_row(std::uint32_t i, KeyRows a, const Postings& b, const std::vector<float>& product,
              RowJoin& s, Emit&& emit, std::uint32_t first_col = 0,
              std::uint32_t last_col = 0xFFFFFFFFu) {
  s.touched.clear();
  std::uint32_t lo = 0xFFFFFFFFu, hi = 0;
  const bool window = first_col > 0 || last_col != 0xFFFFFFFFu;
  for (std::uint32_t x = a.off[i]; x < a.off[i + 1]; ++x) {
    const std::uint32_t k = a.ids[x];
    const float v = product[k];
    const std::uint32_t* begin = b.rows.data() + b.off[k];
    const std::uint32_t* end = b.rows.data() + b.off[k + 1];
    if (window) {
      begin = end - begin > 16 ? std::lower_bound(begin, end, first_col)
                               : std::find_if(begin, end, [&](std::uint32_t j) { return j >= first_col; });
    }
    for (const std::uint32_t* y = begin; y != end; ++y) {
      const std::uint32_t j = *y;
      if (j > last_col) break;
      std::uint64_t& word = s.bits[j >> 6];
      const std::uint64_t bit = std::uint64_t(1) << (j & 63);
      if (word & bit) {
        s.sum[j] += v;
      } else {
        word |= bit;
        s.sum[j] = v;
        s.touched.push_back(j);
        lo = std::min(lo, j);
        hi = std::max(hi, j);
      }
    }
  }
  if (s.touched.empty()) return;
  const std::size_t first = lo >> 6, last = hi >> 6;
  if (last - first + 1 <= 8 * s.touched.size()) {
    for (std::size_t w = first; w <= last; ++w) {
      for (std::uint64_t word = s.bits[w]; word != 0; word &= word - 1) {
        const auto j = static_cast<std::uint32_t>(w * 64 + static_cast<unsigned>(std::countr_zero(word)));
        emit(j, s.sum[j]);
      }
      s.bits[w] = 0;
    }
  } else {
    std::sort(s.touched.begin(), s.touched.end());
    for (std::uint32_t j : s.touched) {
      s.bits[j >> 6] = 0;
      emit(j, s.sum[j]);
    }
  }
}

// Rows per block of parallel work: enough to amortise taking a block,
// few enough that two threads stay balanced on a shared machine.
constexpr std::uint32_t kRowBlock = 512;

// The cells of one block of consecutive rows, in row order and within a
// row in column order.
struct CellBlock {
  std::vector<std::uint32_t> cols;
  std::vector<PairEvidence::Shared> vals;
  std::vector<std::uint64_t> ends;  // per row, relative to the block
};

// Joins the blocks' cells in row order into one CSR matrix (the blocks
// are freed on the way).
void join_blocks(std::vector<CellBlock>& blocks, std::uint32_t n, std::vector<std::uint64_t>& row_ptr,
                 std::vector<std::uint32_t>& cols, std::vector<PairEvidence::Shared>& vals);

// The CSR cells of rows [0, n): row(i, scratch, push) pushes row i's cells
// in increasing column, at most bound(i) of them. Rows in blocks on all
// threads, each block into its own arrays (reserved from the bounds, so
// they never grow by copying), then joined in row order: the result is the
// same at any thread count.
template <typename Bound, typename Row>
void rows_in_blocks(std::uint32_t n, std::size_t nb, unsigned threads,
                    std::vector<std::uint64_t>& row_ptr, std::vector<std::uint32_t>& cols,
                    std::vector<PairEvidence::Shared>& vals, Bound&& bound, Row&& row) {
  const std::size_t blocks = (std::size_t(n) + kRowBlock - 1) / kRowBlock;
  std::vector<CellBlock> out(blocks);
  const unsigned workers = static_cast<unsigned>(
      std::min<std::size_t>(util::resolve_threads(threads), std::max<std::size_t>(1, blocks)));
  std::vector<RowJoin> scratch;
  scratch.reserve(workers);
  for (unsigned w = 0; w < workers; ++w) scratch.emplace_back(nb);
  util::parallel_for(blocks, workers, [&](std::size_t q, unsigned worker) {
    CellBlock& blk = out[q];
    const auto first = static_cast<std::uint32_t>(q * kRowBlock);
    const auto last = std::min<std::uint32_t>(n, first + kRowBlock);
    blk.ends.reserve(last - first);
    std::uint64_t most = 0;
    for (std::uint32_t i = first; i < last; ++i) most += bound(i);
    blk.cols.reserve(most);
    blk.vals.reserve(most);
    for (std::uint32_t i = first; i < last; ++i) {
      row(i, scratch[worker], [&](std::uint32_t j, PairEvidence::Shared v) {
        blk.cols.push_back(j);
        blk.vals.push_back(v);
      });
      blk.ends.push_back(blk.cols.size());
    }
  });
  join_blocks(out, n, row_ptr, cols, vals);
}

}  // namespace polyalign::detail::evidence
