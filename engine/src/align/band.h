// align/band.h — the cells a banded search visits: per DP row i (0..na,
// sentences of A consumed) a column range [lo[i], hi[i]] (sentences of B).
//
// A Guide is the column range a band is laid around (a coarse or earlier
// alignment's cells, or the diagonal); make_band() widens it and makes it
// monotone, so that a path can always go on from (0, 0) to (na, nb). Cells
// are numbered row by row (Band::offset) for flat per-cell arrays.
// Cost: O(na) per band; a band of C cells backs arrays of C entries.
// Plain values: no sharing, no threads (for_row_runs() runs a callback on
// several threads; the callback must write disjoint rows).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "polyalign/aligner.h"
#include "util/parallel.h"

namespace polyalign {
namespace align_detail {

// Bands of at least this many cells get their memo filled, and forward and
// backward run, on several threads (when allowed): below, a thread costs
// more than it saves.
constexpr std::uint64_t kParallelCells = 16384;

// Band geometry: row i (0..na) holds columns [lo[i], hi[i]].
struct Band {
  std::vector<std::uint32_t> lo, hi;
  std::vector<std::uint64_t> offset;  // first cell of row i in a flat array
  std::uint64_t cells = 0;
  bool full = false;  // every row covers 0..nb
};

// The column range [lo[i], hi[i]] of row i that a band is laid around: the
// cells a coarse alignment's beads cover, or the diagonal.
struct Guide {
  std::vector<std::uint32_t> lo, hi;
};

Guide diagonal_guide(std::uint32_t na, std::uint32_t nb);

// The cells a given alignment's beads cover, as a guide (see Aligner::
// align_with_model's `hint`).
Guide bead_guide(const std::vector<Bead>& beads, std::uint32_t na, std::uint32_t nb);

// Whether `beads` cover (0, 0) .. (na, nb) one after the other.
bool covers(const std::vector<Bead>& beads, std::uint32_t na, std::uint32_t nb);

// The guide widened by half_width[i] columns on each side in row i (one
// value for all rows if half_width has one element).
Band make_band(const Guide& guide, std::uint32_t na, std::uint32_t nb,
               std::span<const std::uint32_t> half_widths);

// The columns of row i from which a bead of type t ends inside `band` and
// the documents: a run, as the band is monotone (empty: first > last).
struct ColumnRun {
  std::uint32_t first = 1, last = 0;
  bool empty() const { return first > last; }
};

ColumnRun bead_run(const Band& band, std::uint32_t i, const BeadType& t, std::uint32_t na,
                   std::uint32_t nb);

// Row boundaries splitting rows 0..na of `band` into `runs` runs of equal
// cell counts: run r is rows [bounds[r], bounds[r + 1]).
std::vector<std::uint32_t> row_runs(const Band& band, std::uint32_t na, unsigned runs);

// Calls rows(first, last) for the rows 0..na of `band` split into
// `threads` runs of equal cell counts, one thread each (on the calling
// thread alone for few cells). threads: at least 1.
template <typename Rows>
void for_row_runs(const Band& band, std::uint32_t na, unsigned threads, Rows&& rows) {
  if (threads <= 1 || band.cells < kParallelCells) {
    rows(std::uint32_t{0}, na + 1);
    return;
  }
  const std::vector<std::uint32_t> bounds = row_runs(band, na, threads);
  util::parallel_for(threads, threads,
                     [&](std::size_t r) { rows(bounds[r], bounds[r + 1]); });
}

}  // namespace align_detail
}  // namespace polyalign
