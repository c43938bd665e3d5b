#include "align/costs.h"

#include <algorithm>
#include <limits>

namespace polyalign {
namespace align_detail {

void CostMemo::fill(const Band& band, std::uint32_t na, std::uint32_t nb,
                    const BeadScorer& scorer, unsigned threads, const CostMemo* previous,
                    const Band* previous_band) {
  nt_ = scorer.type_count();
  v_.resize(band.cells * nt_);
  if (!previous || !previous_band || previous->nt_ != nt_) previous = nullptr;
  auto rows = [&](std::uint32_t first, std::uint32_t last) {
    constexpr float kNone = std::numeric_limits<float>::infinity();
    for (std::uint32_t i = first; i < last; ++i) {
      float* row = v_.data() + band.offset[i] * nt_;
      const std::uint32_t lo = band.lo[i], hi = band.hi[i];
      std::fill(row, row + std::size_t(hi - lo + 1) * nt_, kNone);
      for (std::size_t k = 0; k < nt_; ++k) {
        fill_row_type(band, i, k, na, nb, scorer, previous, previous_band);
      }
    }
  };
  // Each entry is computed alone: the memo is the same at any thread count.
  for_row_runs(band, na, threads, rows);
}

void CostMemo::fill_row_type(const Band& band, std::uint32_t i, std::size_t k, std::uint32_t na,
                             std::uint32_t nb, const BeadScorer& scorer,
                             const CostMemo* previous, const Band* previous_band) {
  float* row = v_.data() + band.offset[i] * nt_;
  const std::uint32_t lo = band.lo[i];
  const BeadType& t = scorer.type(k);
  const ColumnRun run = bead_run(band, i, t, na, nb);
  if (run.empty()) return;
  auto cost = [&](std::uint32_t first, std::uint32_t last) {
    scorer.cost_row(i, k, first, last, row + std::size_t(first - lo) * nt_ + k, nt_);
  };
  // The run the previous band shares with this one is copied.
  const ColumnRun old = previous ? bead_run(*previous_band, i, t, na, nb) : ColumnRun{};
  const std::uint32_t copy_first = std::max(run.first, old.first);
  const std::uint32_t copy_last = std::min(run.last, old.last);
  if (old.empty() || copy_first > copy_last) {
    cost(run.first, run.last);
    return;
  }
  if (run.first < copy_first) cost(run.first, copy_first - 1);
  const Band& pb = *previous_band;
  const float* src = previous->v_.data() + (pb.offset[i] + (copy_first - pb.lo[i])) * nt_ + k;
  float* dst = row + std::size_t(copy_first - lo) * nt_ + k;
  for (std::uint32_t j = copy_first; j <= copy_last; ++j, src += nt_, dst += nt_) {
    *dst = *src;
  }
  if (copy_last < run.last) cost(copy_last + 1, run.last);
}

}  // namespace align_detail
}  // namespace polyalign
