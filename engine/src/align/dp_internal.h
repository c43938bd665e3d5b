// align/dp_internal.h — what the passes of dp.cpp (Viterbi, log-domain
// forward-backward) and dp_scaled.cpp (scaled forward-backward) share: the
// rolling row storage and the log-domain passes the scaled ones fall back
// to. Private to the DP files.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "align/band.h"
#include "align/costs.h"
#include "align/dp.h"

namespace polyalign {
namespace align_detail {

// Rows a pass must keep: one more than the tallest bead type.
inline std::size_t ring_depth(const BeadScorer& scorer) {
  std::size_t depth = 1;
  for (std::size_t k = 0; k < scorer.type_count(); ++k)
    depth = std::max<std::size_t>(depth, scorer.type(k).a + 1);
  return depth;
}

// Rolling storage for the last `depth` rows of a band.
class RowRing {
 public:
  // Keeps a power of two rows (at least `depth`): rows are then found by a
  // mask, not a division.
  RowRing(const Band& band, std::size_t depth, double fill) : band_(band), fill_(fill) {
    std::size_t n = 1;
    while (n < depth) n *= 2;
    rows_.resize(n);
    mask_ = n - 1;
  }
  std::vector<double>& start_row(std::uint32_t i) {
    auto& r = rows_[i & mask_];
    r.assign(band_.hi[i] - band_.lo[i] + 1, fill_);
    return r;
  }
  // Value at (i, j), or `fill` if outside the band.
  double get(std::uint32_t i, std::uint32_t j) const {
    if (j < band_.lo[i] || j > band_.hi[i]) return fill_;
    return rows_[i & mask_][j - band_.lo[i]];
  }
  // Row i's values (columns band.lo[i] ..), which must be one of the last
  // `depth` rows started.
  const double* row(std::uint32_t i) const { return rows_[i & mask_].data(); }

 private:
  const Band& band_;
  double fill_;
  std::vector<std::vector<double>> rows_;
  std::size_t mask_ = 0;
};

// Forward (alpha) or backward (beta) log-sums over the band, recording the
// values at the requested cells `want` (sorted) in out[0..]. Scores are
// -cost, so exp(alpha) sums the probabilities of all bead sequences
// reaching a cell.
void forward_at(const Band& band, std::uint32_t na, const CostSource& cost, double inv_t,
                const Cells& want, std::vector<double>& out);
void backward_at(const Band& band, std::uint32_t na, std::uint32_t nb, const CostSource& cost,
                 double inv_t, const Cells& want, std::vector<double>& out);

}  // namespace align_detail
}  // namespace polyalign
