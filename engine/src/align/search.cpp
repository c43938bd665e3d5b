#include "align/search.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <iterator>
#include <tuple>
#include <utility>

#include "align/stretches.h"
#include "polyalign/evidence.h"
#include "util/parallel.h"

namespace polyalign {
namespace align_detail {

namespace {

// The most cells per row a search's band may grow to on average (see
// Search::affordable()); a band around a good guide has 20-70. Short
// documents may always have this many cells (a 1,400-sentence pair its
// whole matrix).
constexpr std::uint64_t kMaxBandCellsPerRow = 256;
constexpr std::uint64_t kMinBandBudget = 2u << 20;
constexpr std::uint32_t kMaxWidth = 1u << 29;

// The alignment of blocks of k sentences, in sentence coordinates (each
// bead a rectangle of blocks): the guide of the fine band (row i gets the
// columns of the coarse bead that covers it; boundary rows belong to both
// neighbouring beads).
PairAlignment coarse_path(const AlignerOptions& options, const AlignInput& a, const AlignInput& b,
                          const LengthModel& model, const PairEvidence* evidence) {
  const std::uint32_t k = std::max<std::uint32_t>(2, options.coarse_factor);
  const auto na = static_cast<std::uint32_t>(a.lengths.size());
  const auto nb = static_cast<std::uint32_t>(b.lengths.size());
  auto blocks = [k](std::span<const std::uint32_t> len) {
    std::vector<std::uint32_t> out((len.size() + k - 1) / k, 0);
    for (std::size_t i = 0; i < len.size(); ++i) out[i / k] += len[i];
    return out;
  };
  // Sentences per block, so that skipping a block costs what skipping its
  // sentences would (see AlignInput::units).
  auto units = [k](const AlignInput& in) {
    const std::size_t n = in.lengths.size();
    std::vector<std::uint32_t> out((n + k - 1) / k, 0);
    for (std::size_t i = 0; i < n; ++i) out[i / k] += in.units.empty() ? 1 : in.units[i];
    return out;
  };
  const std::vector<std::uint32_t> ca = blocks(a.lengths), cb = blocks(b.lengths);
  const std::vector<std::uint32_t> ua = units(a), ub = units(b);
  PairEvidence coarse_evidence;
  if (evidence) coarse_evidence = evidence->coarsen(k);
  const PairAlignment coarse =
      Search({options, {ca, {}, {}, ua}, {cb, {}, {}, ub}, model,
              evidence ? &coarse_evidence : nullptr},
             SearchMode::kPath)
          .run();
  // The coarse beads in sentence coordinates: an alignment of blocks.
  PairAlignment fine;
  fine.model = model;
  for (const Bead& bead : coarse.beads) {
    Bead scaled;
    scaled.a = {std::min(na, bead.a.begin * k), std::min(na, bead.a.end * k)};
    scaled.b = {std::min(nb, bead.b.begin * k), std::min(nb, bead.b.end * k)};
    fine.beads.push_back(scaled);
  }
  return fine;
}

// Every sentence an insertion or omission: the one alignment there is when
// a side is empty, each bead costing what the scorer charges a 1-0 / 0-1
// bead (its prior), with full confidence.
PairAlignment one_sided(const AlignerOptions& options, const AlignInput& a, const AlignInput& b,
                        const LengthModel& model) {
  const auto na = static_cast<std::uint32_t>(a.lengths.size());
  const auto nb = static_cast<std::uint32_t>(b.lengths.size());
  PairAlignment result;
  result.model = model;
  BeadScorer scorer(a, b, options, model, nullptr);
  auto type_of = [&](std::uint8_t ta, std::uint8_t tb) {
    for (std::size_t k = 0; k < scorer.type_count(); ++k)
      if (scorer.type(k).a == ta && scorer.type(k).b == tb) return k;
    return scorer.type_count();
  };
  const std::size_t del = type_of(1, 0), ins = type_of(0, 1);
  for (std::uint32_t i = 0; i < na; ++i) {
    const double c = del < scorer.type_count() ? scorer.cost(i, 1, 0, 0, del) : 0.0;
    result.beads.push_back({{i, i + 1}, {0, 0}, c, 1.0});
  }
  for (std::uint32_t j = 0; j < nb; ++j) {
    const double c = ins < scorer.type_count() ? scorer.cost(0, 0, j, 1, ins) : 0.0;
    result.beads.push_back({{na, na}, {j, j + 1}, c, 1.0});
  }
  for (const Bead& bead : result.beads) result.total_cost += bead.cost;
  return result;
}

}  // namespace

// The rows of the steps one path has and the other has not (both paths in
// reverse order, as viterbi() gives them).
std::vector<std::uint32_t> rows_where_paths_differ(const std::vector<PathStep>& x,
                                                   const std::vector<PathStep>& y) {
  auto later = [](const PathStep& p, const PathStep& q) {
    return std::tie(q.i, q.j, q.type) < std::tie(p.i, p.j, p.type);
  };
  std::vector<PathStep> differ;
  std::set_symmetric_difference(x.begin(), x.end(), y.begin(), y.end(),
                                std::back_inserter(differ), later);
  std::vector<std::uint32_t> rows;
  rows.reserve(differ.size());
  for (const PathStep& p : differ) rows.push_back(p.i);
  return rows;
}

bool same_path(const std::vector<PathStep>& x, const std::vector<PathStep>& y) {
  if (x.size() != y.size()) return false;
  for (std::size_t k = 0; k < x.size(); ++k) {
    if (x[k].i != y[k].i || x[k].j != y[k].j || x[k].type != y[k].type) return false;
  }
  return true;
}

Search::Search(const SearchProblem& problem, SearchMode mode, const PairAlignment* hint)
    : p_(problem),
      mode_(mode),
      hint_(hint),
      na_(static_cast<std::uint32_t>(problem.a.lengths.size())),
      nb_(static_cast<std::uint32_t>(problem.b.lengths.size())),
      posteriors_(mode != SearchMode::kPath),
      exact_(mode == SearchMode::kExact),
      threads_(util::resolve_threads(problem.options.threads)),
      // A bound on the band, so that time and memory stay linear whatever
      // the input: on text whose lengths say little (no anchors, many
      // near-equal paths) the widening could otherwise go on round after
      // round towards the whole matrix. A widening past it is not made: the
      // last band's path is kept (it may run along the band's edge there).
      max_cells_(std::max<std::uint64_t>(
          {problem.options.full_dp_cells, kMinBandBudget,
           std::uint64_t(kMaxBandCellsPerRow) * (std::uint64_t(na_) + 1)})) {}

PairAlignment Search::run() {
  if (na_ == 0 || nb_ == 0) return one_sided(p_.options, p_.a, p_.b, p_.model);
  // A long search with posteriors guided by an earlier pass runs as
  // overlapping stretches cut between (nearly certain) beads of that pass:
  // the memory of a search stays bounded by a stretch's, and the stretches
  // run on all threads. Cuts and joins depend on the inputs alone, so the
  // result is the same at any thread count. (It equals the uncut search
  // wherever the uncut path runs through the join cells; on the 1M-sentence
  // benchmark pair the two are identical.)
  if (p_.may_split && hint_ && posteriors_ && na_ >= kMinSplitRows &&
      covers(hint_->beads, na_, nb_)) {
    if (auto joined = in_stretches(*hint_, p_.options)) return std::move(*joined);
  }
  if (auto joined = lay_guide()) return std::move(*joined);
  search_band();
  return posteriors_ ? with_posteriors() : path_only();
}

std::optional<PairAlignment> Search::in_stretches(const PairAlignment& guide_alignment,
                                                  const AlignerOptions& options) const {
  return search_in_stretches({options, p_.a, p_.b, p_.model, p_.evidence}, mode_,
                             guide_alignment,
                             BeadScorer::uses_paragraphs(p_.a, p_.b, p_.options, p_.window));
}

// Small enough: the full matrix, exact. Otherwise a band laid around a
// guide: the cells an earlier alignment of the same documents covers
// (`hint`, the path of an estimation pass: then the band starts
// narrower), or coarse to fine: the same search over blocks of k
// sentences (recursively, until the blocks fit the full DP) finds the
// region of the path. Unlike a band around the diagonal this follows long
// insertions and very unequal documents.
std::optional<PairAlignment> Search::lay_guide() {
  std::uint32_t w = p_.options.initial_band;
  const std::uint64_t cells = (std::uint64_t(na_) + 1) * (std::uint64_t(nb_) + 1);
  // One sentence a side cannot be coarsened further: with full_dp_cells
  // below 4 the coarse levels would recurse until the stack overflows.
  full_ = cells <= p_.options.full_dp_cells || std::max(na_, nb_) <= 1;
  if (full_) {
    guide_ = diagonal_guide(na_, nb_);
    w = std::max(na_, nb_);
  } else if (hint_ && covers(hint_->beads, na_, nb_)) {
    guide_ = bead_guide(hint_->beads, na_, nb_);
    w = hinted_width(w);
  } else {
    const PairAlignment coarse = coarse_path(p_.options, p_.a, p_.b, p_.model, p_.evidence);
    // A long path-only search (the first estimation pass) runs in
    // stretches too, guided by the coarse path (the width it would have
    // had around the coarse path is kept: the hinted search halves it).
    if (mode_ == SearchMode::kPath && p_.may_split && na_ >= kMinSplitRows) {
      AlignerOptions wider = p_.options;
      wider.initial_band = 2 * p_.options.initial_band;
      if (auto joined = in_stretches(coarse, wider)) return joined;
    }
    guide_ = bead_guide(coarse.beads, na_, nb_);
  }
  width_.assign(full_ ? 1 : na_ + 1, w);
  return std::nullopt;
}

// Around the path of an estimation pass the band starts at half the
// width; an exact search around a confident one (nine beads in ten at
// posterior 0.9 or more) at a quarter: its check (the same path at
// twice the width) and the widening where the path nears the edge
// still hold. That makes the final pass on real text 10% faster (same
// paths on the benchmark pairs and the ntrex cases; posteriors are
// summed over the narrower band). Where lengths say little and the
// estimation is unsure, a narrow band only widens in more places.
std::uint32_t Search::hinted_width(std::uint32_t w) const {
  std::size_t confident = 0;
  for (const Bead& bead : hint_->beads) confident += bead.confidence >= 0.9;
  const bool sure = 10 * confident >= 9 * hint_->beads.size();
  return std::max<std::uint32_t>(1, w / (exact_ && sure ? 4 : 2));
}

// The band widens where the path runs along its edge: in the rows around
// the trouble only, so that one long insertion in a million sentences
// does not double the whole band. An exact search then checks the path
// is stable: the band at twice the width must give the same path, else
// the guide takes in the wider band's path and every width doubles. The
// path's distance from the edge alone is no proof: with cheap insertions
// an equally good path can lie elsewhere. Nor is this check a proof (see
// tests/aligner_test.cpp for what it has been measured to miss). The wide
// band's costs are memoised first (when they fit), and the narrow band's
// search, forward and backward all read them: each cost is computed once.
void Search::search_band() {
  while (!round()) {
  }
  previous_memo_ = CostMemo();  // the last round's is all that is read from here
}

void Search::build_scorer() {
  if (!scorer_) {
    scorer_.emplace(p_.a, p_.b, p_.options, p_.model, p_.evidence, p_.window);
  }
}

bool Search::round() {
  build_scorer();
  wide_ = width_;
  if (exact_ && !full_) {
    for (std::uint32_t& x : wide_) x = std::min(kMaxWidth, 2 * x);
  }
  band_ = make_band(guide_, na_, nb_, wide_);
  scorer_->cache_band(band_.lo, band_.hi);
  fill_memo();
  const CostSource cost = costs();
  if (!exact_ || band_.full) {
    vr_ = viterbi(band_, na_, nb_, cost, margin(), p_.options.progress);
    return band_.full || !vr_.touches_edge || !widen(vr_.edge_rows);
  }
  return stable(cost);
}

// Memoised whenever it fits, even for one pass: a memo row is filled per
// bead type with the A side's terms computed once (cost_row), which is
// cheaper than calling the scorer cell by cell. A widened round reuses the
// costs of the round before (same scorer).
void Search::fill_memo() {
  const std::size_t nt = scorer().type_count();
  const bool reuse = memoised_ && CostMemo::fits(band_, nt);
  if (reuse) std::swap(memo_, previous_memo_);
  memoised_ = CostMemo::fits(band_, nt);
  if (memoised_) {
    memo_.fill(band_, na_, nb_, scorer(), threads_, reuse ? &previous_memo_ : nullptr,
               reuse ? &previous_band_ : nullptr);
  }
  previous_band_ = band_;
}

// A bead taking k sentences of a side jumps k columns at once: the
// margin grows with the largest type so that a path of large beads near
// the edge is seen as near it (band_margin was chosen for beads of up to
// three sentences).
std::uint32_t Search::margin() const {
  std::uint32_t reach = 1;
  for (std::size_t k = 0; k < scorer().type_count(); ++k)
    reach = std::max<std::uint32_t>(reach, std::max(scorer().type(k).a, scorer().type(k).b));
  return std::max<std::uint32_t>(p_.options.band_margin, 2 * reach);
}

bool Search::stable(const CostSource& cost) {
  narrow_ = make_band(guide_, na_, nb_, width_);
  const std::uint32_t margin = this->margin();
  // The wide band's search is needed unless the narrow path touches the
  // edge (rare): with a second thread it runs beside the narrow one. The
  // pass on the calling thread reports progress.
  ViterbiResult vn;
  const bool side_by_side = threads_ > 1 && band_.cells >= kParallelCells;
  if (side_by_side) {
    util::parallel_for(2, 2, [&](std::size_t pass, unsigned worker) {
      const std::function<void(double)> none;
      const std::function<void(double)>& progress = worker == 0 ? p_.options.progress : none;
      if (pass == 0) {
        vn = viterbi(narrow_, na_, nb_, cost, margin, progress);
      } else {
        vr_ = viterbi(band_, na_, nb_, cost, margin, progress);
      }
    });
  } else {
    vn = viterbi(narrow_, na_, nb_, cost, margin, p_.options.progress);
  }
  if (vn.touches_edge && widen(vn.edge_rows)) return false;
  if (!side_by_side) vr_ = viterbi(band_, na_, nb_, cost, margin, p_.options.progress);
  if (same_path(vn.path, vr_.path)) {
    agreed_ = true;
    return true;
  }
  take_in_path(vr_.path);
  // Wider around where the two paths part, not everywhere: where many
  // paths are nearly as good, the wide band finds a slightly better one
  // somewhere in every round, and doubling every row would grow the band
  // towards the whole matrix.
  return !widen(rows_where_paths_differ(vn.path, vr_.path));
}

void Search::take_in_path(const std::vector<PathStep>& path) {
  for (const PathStep& step : path) {
    const BeadType& t = scorer().type(step.type);
    for (std::uint32_t i = step.i - t.a; i <= step.i; ++i) {
      guide_.lo[i] = std::min(guide_.lo[i], step.j - t.b);
      guide_.hi[i] = std::max(guide_.hi[i], step.j);
    }
  }
}

// Whether a band of these widths (doubled for an exact search's check)
// stays within max_cells_.
bool Search::affordable(const std::vector<std::uint32_t>& widths) const {
  std::vector<std::uint32_t> searched = widths;
  if (exact_) {
    for (std::uint32_t& x : searched) x = std::min(kMaxWidth, 2 * x);
  }
  return make_band(guide_, na_, nb_, searched).cells <= max_cells_;
}

// Doubles the width of the rows within `radius` of any of `rows` (a
// difference array marks the union of the ranges in linear time); false
// when nothing grew or the band would pass its bound.
bool Search::widen(const std::vector<std::uint32_t>& rows) {
  cover_count_.assign(na_ + 2, 0);
  for (std::uint32_t r : rows) {
    const std::uint32_t radius = std::max<std::uint32_t>(256, 16 * width_[r]);
    ++cover_count_[r > radius ? r - radius : 0];
    --cover_count_[std::min<std::uint32_t>(na_, r + radius) + 1];
  }
  bool grew = false;
  std::int32_t inside = 0;
  next_width_ = width_;
  for (std::uint32_t i = 0; i <= na_; ++i) {
    inside += cover_count_[i];
    if (inside > 0 && next_width_[i] < kMaxWidth) {
      next_width_[i] *= 2;
      grew = true;
    }
  }
  if (!grew || !affordable(next_width_)) return false;
  width_.swap(next_width_);
  return true;
}

PairAlignment Search::summary() const {
  PairAlignment result;
  result.model = p_.model;
  const std::uint32_t w = *std::max_element(wide_.begin(), wide_.end());
  result.band = band_.full ? std::max(na_, nb_) : w;
  result.cells = band_.cells;
  result.total_cost = vr_.total;
  return result;
}

PairAlignment Search::path_only() const {
  PairAlignment result = summary();
  for (auto it = vr_.path.rbegin(); it != vr_.path.rend(); ++it) {
    const BeadType& t = scorer().type(it->type);
    const std::uint32_t ia = it->i - t.a, ib = it->j - t.b;
    result.beads.push_back(
        {{ia, it->i}, {ib, it->j}, scorer().cost(ia, t.a, ib, t.b, it->type), 0.0});
  }
  return result;
}

PairAlignment Search::with_posteriors() {
  PairAlignment result = summary();
  // Beads in document order with their start and end cells.
  std::vector<PathStep>& path = vr_.path;
  std::reverse(path.begin(), path.end());
  Cells starts, ends;
  starts.reserve(path.size() + 1);
  ends.reserve(path.size());
  for (const PathStep& s : path) {
    const BeadType& t = scorer().type(s.type);
    starts.emplace_back(s.i - t.a, s.j - t.b);
    ends.emplace_back(s.i, s.j);
  }
  // The end cell (na, nb) is asked for last; its alpha is log Z.
  starts.emplace_back(na_, nb_);
  std::vector<double> alpha(starts.size()), beta(ends.size());
  const double inv_t = 1.0 / p_.options.posterior_temperature;
  // Posteriors of an exact search are summed over the narrower of the two
  // bands that agreed on the path (its costs are in the memo too): what
  // lies beyond it weighs next to nothing, and it has half the cells.
  const Band& fb_band = agreed_ ? narrow_ : band_;
  forward_backward(fb_band, na_, nb_, costs(), inv_t, threads_, starts, ends, alpha, beta);
  const double log_z = alpha.back();
  result.beads.reserve(path.size());
  for (std::size_t k = 0; k < path.size(); ++k) {
    const PathStep& s = path[k];
    const BeadType& t = scorer().type(s.type);
    const std::uint32_t ia = s.i - t.a, ib = s.j - t.b;
    const double c = scorer().cost(ia, t.a, ib, t.b, s.type);
    const double post = std::exp(alpha[k] - inv_t * c + beta[k] - log_z);
    result.beads.push_back({{ia, s.i}, {ib, s.j}, c, std::clamp(post, 0.0, 1.0)});
  }
  return result;
}

}  // namespace align_detail
}  // namespace polyalign
