#include "align/stretches.h"

#include <algorithm>
#include <iterator>
#include <limits>

#include "align/band.h"
#include "util/parallel.h"

namespace polyalign {
namespace align_detail {

namespace {

using Cell = std::pair<std::uint32_t, std::uint32_t>;

// The window [from[s], to[s]) of each stretch s between cuts s and s + 1:
// bead boundaries of the hint about kStretchOverlap rows beyond the cuts.
// Neighbouring paths are joined at a bead boundary both share near the
// cut (they agree there, each with that much context on either side), so
// the cut itself need not be a boundary of the best path.
void stretch_windows(const PairAlignment& hint, const std::vector<Cell>& cuts, std::uint32_t na,
                     std::uint32_t nb, std::vector<Cell>& from, std::vector<Cell>& to) {
  const std::size_t stretches = cuts.size() - 1;
  // Bead boundaries of the hint, in order: where windows may start and end.
  std::vector<Cell> bounds;
  bounds.reserve(hint.beads.size() + 1);
  for (const Bead& bead : hint.beads) bounds.emplace_back(bead.a.begin, bead.b.begin);
  bounds.emplace_back(na, nb);
  auto bound_near = [&](std::int64_t row) -> Cell {
    if (row <= 0) return {0, 0};
    if (row >= na) return {na, nb};
    return *std::lower_bound(bounds.begin(), bounds.end(), Cell{static_cast<std::uint32_t>(row), 0});
  };
  from.resize(stretches);
  to.resize(stretches);
  for (std::size_t s = 0; s < stretches; ++s) {
    from[s] = s == 0 ? Cell{0, 0} : bound_near(std::int64_t(cuts[s].first) - kStretchOverlap);
    to[s] = s + 1 == stretches ? Cell{na, nb}
                               : bound_near(std::int64_t(cuts[s + 1].first) + kStretchOverlap);
  }
}

AlignInput sub_input(const AlignInput& in, std::uint32_t first, std::uint32_t last) {
  AlignInput out;
  out.lengths = in.lengths.subspan(first, last - first);
  if (in.paragraphs.size() == in.lengths.size())
    out.paragraphs = in.paragraphs.subspan(first, last - first);
  if (in.foreign.size() == in.lengths.size()) out.foreign = in.foreign.subspan(first, last - first);
  if (in.units.size() == in.lengths.size()) out.units = in.units.subspan(first, last - first);
  return out;
}

// The hint's beads from boundary `from` to boundary `to`, shifted to start
// at (0, 0).
PairAlignment sub_hint(const PairAlignment& hint, const Cell& from, const Cell& to) {
  PairAlignment out;
  const auto [i0, j0] = from;
  auto first = std::lower_bound(hint.beads.begin(), hint.beads.end(), from,
                                [](const Bead& bead, const Cell& c) {
                                  return Cell{bead.a.begin, bead.b.begin} < c;
                                });
  for (auto it = first; it != hint.beads.end() && Cell{it->a.begin, it->b.begin} < to; ++it) {
    const Bead& bead = *it;
    Bead shifted = bead;
    shifted.a = {bead.a.begin - i0, bead.a.end - i0};
    shifted.b = {bead.b.begin - j0, bead.b.end - j0};
    out.beads.push_back(shifted);
  }
  return out;
}

// The search of one window, on one thread, in the documents' coordinates.
PairAlignment search_window(const SearchProblem& problem, const AlignerOptions& sub,
                            SearchMode mode, const PairAlignment& hint, const Cell& from,
                            const Cell& to, bool paragraphs) {
  const auto [i0, j0] = from;
  const auto [i1, j1] = to;
  const PairAlignment window_hint = sub_hint(hint, from, to);
  const SearchProblem window{sub,
                             sub_input(problem.a, i0, i1),
                             sub_input(problem.b, j0, j1),
                             problem.model,
                             problem.evidence,
                             ScorerWindow{i0, j0, paragraphs ? 1 : 0},
                             false};
  PairAlignment part = Search(window, mode, &window_hint).run();
  for (Bead& bead : part.beads) {
    bead.a = {bead.a.begin + i0, bead.a.end + i0};
    bead.b = {bead.b.begin + j0, bead.b.end + j0};
  }
  return part;
}

// Where stretches s and s + 1 are joined: the bead boundary both paths
// share nearest the cut (none in the overlap, not seen in practice:
// nullopt).
std::optional<Cell> join_point(const PairAlignment& left_part, const PairAlignment& right_part,
                               std::uint32_t cut) {
  std::vector<Cell> left, right;
  for (const Bead& bead : left_part.beads) left.emplace_back(bead.a.begin, bead.b.begin);
  for (const Bead& bead : right_part.beads) right.emplace_back(bead.a.begin, bead.b.begin);
  std::vector<Cell> shared;
  std::set_intersection(left.begin(), left.end(), right.begin(), right.end(),
                        std::back_inserter(shared));
  if (shared.empty()) return std::nullopt;
  Cell best = shared.front();
  std::uint32_t best_distance = std::numeric_limits<std::uint32_t>::max();
  for (const Cell& c : shared) {
    const std::uint32_t d = c.first > cut ? c.first - cut : cut - c.first;
    if (d < best_distance) best = c, best_distance = d;
  }
  return best;
}

// Stretch s contributes its beads from the join with s-1 to the join with
// s+1; nullopt when two stretches cannot be joined.
std::optional<PairAlignment> join_stretches(const std::vector<PairAlignment>& parts,
                                            const std::vector<Cell>& cuts,
                                            const LengthModel& model, std::uint32_t na,
                                            std::uint32_t nb) {
  const std::size_t stretches = parts.size();
  std::vector<Cell> joins(stretches + 1);
  joins[0] = {0, 0};
  joins[stretches] = {na, nb};
  for (std::size_t s = 0; s + 1 < stretches; ++s) {
    const std::optional<Cell> join = join_point(parts[s], parts[s + 1], cuts[s + 1].first);
    if (!join) return std::nullopt;
    joins[s + 1] = *join;
  }
  PairAlignment result;
  result.model = model;
  // Room for every part's beads (the overlaps are counted twice): grown by
  // doubling, a million beads were copied twenty times.
  std::size_t beads = 0;
  for (const PairAlignment& part : parts) beads += part.beads.size();
  result.beads.reserve(beads);
  for (std::size_t s = 0; s < stretches; ++s) {
    for (const Bead& bead : parts[s].beads) {
      const Cell start{bead.a.begin, bead.b.begin};
      if (start < joins[s] || !(start < joins[s + 1])) continue;
      result.beads.push_back(bead);
      result.total_cost += bead.cost;
    }
    result.cells += parts[s].cells;
    result.band = std::max(result.band, parts[s].band);
  }
  if (!covers(result.beads, na, nb)) return std::nullopt;
  return result;
}

}  // namespace

std::uint32_t stretch_rows(std::uint32_t na) {
  return na >= 2 * kStretchRows ? kStretchRows : na / 2;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> stretch_cuts(const PairAlignment& hint,
                                                                  std::uint32_t na,
                                                                  std::uint32_t nb) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> cuts{{0, 0}};
  const std::uint32_t spacing = stretch_rows(na);
  // A hint without confidences (a path-only pass, a coarse path): any
  // boundary then (the overlap of the windows, not the cut, decides where
  // stretches are joined).
  bool confidences = false;
  for (const Bead& bead : hint.beads) confidences |= bead.confidence > 0;
  auto one_to_one = [&](const Bead& bead) {
    return !confidences ||
           (bead.a.size() == 1 && bead.b.size() == 1 && bead.confidence >= kCutConfidence);
  };
  for (std::size_t q = 1; q < hint.beads.size(); ++q) {
    const Bead& next = hint.beads[q];
    if (next.a.begin - cuts.back().first < spacing || na - next.a.begin < spacing / 2) continue;
    if (one_to_one(hint.beads[q - 1]) && one_to_one(next)) cuts.emplace_back(next.a.begin, next.b.begin);
  }
  cuts.emplace_back(na, nb);
  if (cuts.size() < 3) cuts.clear();
  return cuts;
}

std::optional<PairAlignment> search_in_stretches(const SearchProblem& problem, SearchMode mode,
                                                 const PairAlignment& hint, bool paragraphs) {
  const auto na = static_cast<std::uint32_t>(problem.a.lengths.size());
  const auto nb = static_cast<std::uint32_t>(problem.b.lengths.size());
  const std::vector<Cell> cuts = stretch_cuts(hint, na, nb);
  if (cuts.empty()) return std::nullopt;
  const std::size_t stretches = cuts.size() - 1;
  std::vector<Cell> from, to;
  stretch_windows(hint, cuts, na, nb, from, to);
  std::vector<PairAlignment> parts(stretches);
  AlignerOptions sub = problem.options;
  sub.threads = 1;
  sub.progress = nullptr;
  // Stretches are taken in order; the calling thread works too and reports
  // progress (so the callback runs on the calling thread only).
  const auto& progress = problem.options.progress;
  util::parallel_for(
      stretches, problem.options.threads,
      [&](std::size_t s) {
        parts[s] = search_window(problem, sub, mode, hint, from[s], to[s], paragraphs);
      },
      [&](double done) {
        if (progress) progress(done);
      });
  return join_stretches(parts, cuts, problem.model, na, nb);
}

}  // namespace align_detail
}  // namespace polyalign
