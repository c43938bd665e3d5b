// align/costs.h — bead costs over a band, computed once and read by every
// pass over it (Viterbi, forward, backward).
//
// CostMemo holds, for every band cell and bead type, the cost of the bead
// that starts in the cell (floats, +inf where the bead would leave the band
// or the documents): band.cells × types floats, bounded by kMaxBytes.
// CostSource / CostReader are what the passes read costs through: the memo
// when there is one, else the scorer (the same values: BeadScorer rounds
// every cost to float).
// A filled memo is immutable and may be read from many threads; fill() uses
// `threads` threads and gives the same memo at any count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "align/band.h"
#include "polyalign/aligner.h"

namespace polyalign {
namespace align_detail {

class CostMemo {
 public:
  // Past this size the passes call the scorer directly (bounded memory).
  static constexpr std::uint64_t kMaxBytes = 768ull << 20;

  static bool fits(const Band& band, std::size_t nt) {
    return band.cells * nt * sizeof(float) <= kMaxBytes;
  }

  // `previous`: the memo of an earlier round of the same search (same
  // scorer, a band this one contains, as widening makes it), or nullptr.
  // Its costs are copied where the two bands share the run of a row and
  // type; only the cells the widening added are computed.
  void fill(const Band& band, std::uint32_t na, std::uint32_t nb, const BeadScorer& scorer,
            unsigned threads, const CostMemo* previous = nullptr,
            const Band* previous_band = nullptr);

  float operator()(const Band& band, std::uint32_t i, std::uint32_t j, std::size_t k) const {
    return v_[(band.offset[i] + (j - band.lo[i])) * nt_ + k];
  }
  const float* data() const { return v_.data(); }
  std::size_t types() const { return nt_; }

 private:
  // Row i's costs of type k: copied from `previous` where its band has
  // them, computed elsewhere.
  void fill_row_type(const Band& band, std::uint32_t i, std::size_t k, std::uint32_t na,
                     std::uint32_t nb, const BeadScorer& scorer, const CostMemo* previous,
                     const Band* previous_band);

  std::vector<float> v_;
  std::size_t nt_ = 0;
};

// Where the passes get bead costs from: the memo if there is one, else the
// scorer (identical values). The passes read a row's costs of one bead type
// through `base`: they loop over the columns of a row for each type, and the
// memo's index arithmetic is then one multiply-add per cost.
struct CostSource {
  const BeadScorer& scorer;
  const Band& band;
  const CostMemo* memo;
  double operator()(std::uint32_t i, std::uint32_t j, std::size_t k) const {
    if (memo) return (*memo)(band, i, j, k);
    const BeadType& t = scorer.type(k);
    return scorer.cost(i, t.a, j, t.b, k);
  }
  // The memo index of (i, 0, k), which may lie before the row's first cell:
  // cost of (i, j, k) = at(base(i, k), i, j, k).
  std::int64_t base(std::uint32_t i, std::size_t k) const {
    if (!memo) return 0;
    return (std::int64_t(band.offset[i]) - std::int64_t(band.lo[i])) *
               std::int64_t(memo->types()) + std::int64_t(k);
  }
  double at(std::int64_t base, std::uint32_t i, std::uint32_t j, std::size_t k) const {
    if (memo) return memo->data()[base + std::int64_t(j) * std::int64_t(memo->types())];
    const BeadType& t = scorer.type(k);
    return scorer.cost(i, t.a, j, t.b, k);
  }
};

// CostSource::at with the memo's address and width held in locals: the
// passes store into byte arrays (back pointers), which may alias anything,
// and would otherwise reload them for every cost.
struct CostReader {
  explicit CostReader(const CostSource& c)
      : source(c),
        memo(c.memo ? c.memo->data() : nullptr),
        nt(c.memo ? std::int64_t(c.memo->types()) : 0) {}
  double operator()(std::int64_t base, std::uint32_t i, std::uint32_t j, std::size_t k) const {
    if (memo) return memo[base + std::int64_t(j) * nt];
    return source.at(base, i, j, k);
  }
  const CostSource& source;
  const float* memo;
  std::int64_t nt;
};

}  // namespace align_detail
}  // namespace polyalign
