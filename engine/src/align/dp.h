// align/dp.h — the dynamic-programming passes over a band: Viterbi (the
// cheapest bead sequence) and forward-backward (posterior sums).
//
// Cells (i, j): i sentences of A and j of B consumed, 0 <= i <= na, j in the
// band's row i. A bead of type (a, b) goes from (i - a, j - b) to (i, j) at
// its cost (CostSource). Every pass is O(band.cells × bead types) time and
// keeps only the last rows (RowRing): O(band width × tallest type) memory,
// plus one back pointer a cell for Viterbi.
// Forward-backward has two implementations of the same sums: in the
// probability domain, scaled row by row, from bead weights computed once
// (dp_scaled.cpp, the fast one), and in the log domain (dp.cpp, which
// holds at any range: run where scaling could underflow, or without a
// memo).
// The passes are pure functions of their arguments: several may run at once
// over the same band and memo.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <utility>
#include <vector>

#include "align/band.h"
#include "align/costs.h"
#include "polyalign/aligner.h"

namespace polyalign {
namespace align_detail {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::size_t kMaxBeadTypes = 64;  // LogSum's capacity; bead type ids fit a byte

// A bead of a path: its end cell and type.
struct PathStep {
  std::uint32_t i, j;  // end cell of the bead
  std::uint8_t type;
};

// Viterbi over one band. Returns the path (bead end cells, last first) and
// whether it came within `margin` of an inner band edge.
struct ViterbiResult {
  std::vector<PathStep> path;  // in reverse order
  double total = 0;
  bool touches_edge = false;
  std::vector<std::uint32_t> edge_rows;  // rows where it does (descending)
};

// `progress` (may be empty) gets the fraction of rows done every 8192 rows.
// Throws std::runtime_error if no path reaches (na, nb) in the band.
ViterbiResult viterbi(const Band& band, std::uint32_t na, std::uint32_t nb,
                      const CostSource& cost, std::uint32_t margin,
                      const std::function<void(double)>& progress);

// Cells, sorted by (i, j), at which forward-backward reports its values.
using Cells = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

// Forward (alpha) at the cells `starts` and backward (beta) at `ends`,
// over `fb` (a band within `cost.band`), with bead scores -cost / T
// (inv_t = 1 / T): exp(alpha) sums the probabilities of all bead sequences
// from (0, 0) to a cell, exp(beta) of those from a cell to (na, nb). The
// scaled passes run when the memo is there and the weights fit, else (or
// where they would underflow) the log-domain ones. Forward and backward
// run side by side when threads > 1 and the band is large.
void forward_backward(const Band& fb, std::uint32_t na, std::uint32_t nb,
                      const CostSource& cost, double inv_t, unsigned threads,
                      const Cells& starts, const Cells& ends, std::vector<double>& alpha,
                      std::vector<double>& beta);

}  // namespace align_detail
}  // namespace polyalign
