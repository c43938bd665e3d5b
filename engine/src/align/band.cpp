#include "align/band.h"

#include <algorithm>

namespace polyalign {
namespace align_detail {

Guide diagonal_guide(std::uint32_t na, std::uint32_t nb) {
  Guide g;
  g.lo.resize(na + 1);
  g.hi.resize(na + 1);
  for (std::uint32_t i = 0; i <= na; ++i) {
    const auto center =
        static_cast<std::uint32_t>(na == 0 ? 0 : (std::uint64_t(i) * nb + na / 2) / na);
    g.lo[i] = g.hi[i] = center;
  }
  return g;
}

Guide bead_guide(const std::vector<Bead>& beads, std::uint32_t na, std::uint32_t nb) {
  Guide g;
  g.lo.assign(na + 1, nb);
  g.hi.assign(na + 1, 0);
  for (const Bead& bead : beads) {
    for (std::uint32_t i = bead.a.begin; i <= bead.a.end; ++i) {
      g.lo[i] = std::min(g.lo[i], bead.b.begin);
      g.hi[i] = std::max(g.hi[i], bead.b.end);
    }
  }
  return g;
}

bool covers(const std::vector<Bead>& beads, std::uint32_t na, std::uint32_t nb) {
  std::uint32_t i = 0, j = 0;
  for (const Bead& bead : beads) {
    if (bead.a.begin != i || bead.b.begin != j || bead.a.end < i || bead.b.end < j) return false;
    i = bead.a.end;
    j = bead.b.end;
  }
  return i == na && j == nb;
}

Band make_band(const Guide& guide, std::uint32_t na, std::uint32_t nb,
               std::span<const std::uint32_t> half_widths) {
  Band band;
  band.lo.resize(na + 1);
  band.hi.resize(na + 1);
  band.offset.resize(na + 2);
  for (std::uint32_t i = 0; i <= na; ++i) {
    const std::uint32_t half_width = half_widths.size() == 1 ? half_widths[0] : half_widths[i];
    band.lo[i] = guide.lo[i] > half_width ? guide.lo[i] - half_width : 0;
    band.hi[i] = static_cast<std::uint32_t>(
        std::min<std::uint64_t>(nb, std::uint64_t(guide.hi[i]) + half_width));
  }
  band.lo[0] = 0;
  band.hi[na] = nb;
  // Rows must be monotone and consecutive rows must overlap, so that a path
  // can always continue (1-0 then 0-1 steps) from (0,0) to (na,nb).
  for (std::uint32_t i = na; i-- > 0;) band.lo[i] = std::min(band.lo[i], band.lo[i + 1]);
  for (std::uint32_t i = 1; i <= na; ++i) band.hi[i] = std::max(band.hi[i], band.hi[i - 1]);
  for (std::uint32_t i = 0; i < na; ++i) band.hi[i] = std::max(band.hi[i], band.lo[i + 1]);
  band.full = true;
  std::uint64_t cells = 0;
  for (std::uint32_t i = 0; i <= na; ++i) {
    band.full &= band.lo[i] == 0 && band.hi[i] == nb;
    band.offset[i] = cells;
    cells += band.hi[i] - band.lo[i] + 1;
  }
  band.offset[na + 1] = cells;
  band.cells = cells;
  return band;
}

ColumnRun bead_run(const Band& band, std::uint32_t i, const BeadType& t, std::uint32_t na,
                   std::uint32_t nb) {
  const std::uint32_t ni = i + t.a;
  if (ni > na || nb < t.b || band.hi[ni] < t.b) return {};
  return {std::max<std::uint32_t>(band.lo[i], band.lo[ni] > t.b ? band.lo[ni] - t.b : 0),
          std::min<std::uint32_t>({band.hi[i], band.hi[ni] - t.b, nb - t.b})};
}

std::vector<std::uint32_t> row_runs(const Band& band, std::uint32_t na, unsigned runs) {
  std::vector<std::uint32_t> bounds{0};
  std::uint32_t first = 0;
  for (unsigned t = 1; t <= runs; ++t) {
    const std::uint64_t target = band.cells * t / runs;
    std::uint32_t last = first;
    while (last <= na && band.offset[last] < target) ++last;
    if (t == runs) last = na + 1;
    bounds.push_back(last);
    first = last;
  }
  return bounds;
}

}  // namespace align_detail
}  // namespace polyalign
