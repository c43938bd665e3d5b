#include "polyalign/aligner.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <atomic>
#include <thread>
#include <tuple>

#include <fmt/format.h>

#include "polyalign/evidence.h"

namespace polyalign {

std::vector<BeadType> default_bead_types() {
  // Gale & Church (1993), Table 5, measured 1-1 .89, 1-0/0-1 .0099,
  // 2-1/1-2 .089, 2-2 .011. Used as they are, merged beads win too often:
  // summing lengths shrinks the relative noise of a merged bead, and its
  // shared anchors are at least those of its parts. Lower merge priors were
  // chosen on the development data (Text+Berg dev and the NTREX cases,
  // bench/RESULTS.md); 1-3/3-1 are rarer still.
  return {
      {1, 1, 0.880}, {1, 0, 0.0050}, {0, 1, 0.0050}, {2, 1, 0.0300},
      {1, 2, 0.0300}, {2, 2, 0.0020}, {1, 3, 0.0050}, {3, 1, 0.0050},
  };
}

// -log(2(1-Φ(|x|))) from a table with linear interpolation: the search
// evaluates it for every cell and bead type, and erfc + log there cost more
// than the rest of the DP together. Step 1/64 keeps the error under 1e-4
// nats; beyond the table the exact (asymptotic) function is used.
class TailTable {
 public:
  static constexpr double kStep = 1.0 / 64, kMax = 24.0;
  TailTable() {
    const int n = static_cast<int>(kMax / kStep) + 2;
    v_.resize(n);
    for (int k = 0; k < n; ++k) v_[k] = neg_log_two_tailed(k * kStep);
  }
  double operator()(double x) const {
    x = std::fabs(x);
    if (x >= kMax) return neg_log_two_tailed(x);
    const double pos = x * (1.0 / kStep);
    const int k = static_cast<int>(pos);
    const double f = pos - k;
    return v_[k] + f * (v_[k + 1] - v_[k]);
  }

 private:
  std::vector<double> v_;
};

namespace {
const TailTable& tail_table() {
  static const TailTable table;
  return table;
}


constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::uint8_t kNoBack = 0xFF;
constexpr std::size_t kMaxBeadTypes = 64;  // LogSum's capacity; bead type ids fit a byte
// Bands of at least this many cells get their memo filled, and forward and
// backward run, on several threads (when allowed): below, a thread costs
// more than it saves.
constexpr std::uint64_t kParallelCells = 16384;
// The most cells per row a search's band may grow to on average (see
// search()); a band around a good guide has 20-70. Short documents may
// always have this many cells (a 1,400-sentence pair its whole matrix).
constexpr std::uint64_t kMaxBandCellsPerRow = 256;
constexpr std::uint64_t kMinBandBudget = 2u << 20;

void validate_types(const std::vector<BeadType>& types) {
  if (types.empty()) fail_input("AlignerOptions.bead_types", "empty bead-type set");
  if (types.size() > kMaxBeadTypes) {
    fail_input("AlignerOptions.bead_types",
               fmt::format("too many bead types (at most {})", kMaxBeadTypes));
  }
  bool has_a = false, has_b = false;
  for (const BeadType& t : types) {
    if (t.a == 0 && t.b == 0) fail_input("AlignerOptions.bead_types", "0-0 bead type");
    if (t.a > 8 || t.b > 8)
      fail_input("AlignerOptions.bead_types",
                 fmt::format("bead type {}-{} too large (at most 8 per side)", t.a, t.b));
    if (!(t.prior > 0)) {
      fail_input("AlignerOptions.bead_types",
                 fmt::format("bead type {}-{} has non-positive prior {}", t.a, t.b, t.prior));
    }
    // Coverage: every (na, nb) must be reachable, (1, 0) and (0, 1) among
    // them (a document against an empty one), which only 1-0 and 0-1
    // reach. Without them (1-1 alone, say) documents of different lengths
    // had no alignment: the search failed ("band lost the path") or
    // returned beads of types not in the set.
    has_a |= (t.a == 1 && t.b == 0);
    has_b |= (t.a == 0 && t.b == 1);
  }
  if (!has_a || !has_b) {
    fail_input("AlignerOptions.bead_types",
               "the set must contain 1-0 and 0-1, so every sentence can be aligned");
  }
}


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

// The guide widened by half_width[i] columns on each side in row i (one
// value for all rows if half_width has one element).
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

// log Σ exp(x) over at most kMaxBeadTypes terms with one log per cell
// (instead of a log1p and an exp per term); terms 40 nats below the largest
// add less than 1e-17 and are skipped.
// exp(d) for -40 < d <= 0: exp(-k) from a table times a degree-9 Taylor
// polynomial of exp around the middle of the unit interval left over
// (relative error below 5e-10, measured over the range; a posterior
// moves by less than that).
double exp_nonpositive(double d) {
  static const auto table = [] {
    std::array<double, 41> t{};
    for (int k = 0; k <= 40; ++k) t[k] = std::exp(-k);
    return t;
  }();
  const double t = -d;
  const int k = static_cast<int>(t);
  const double g = 0.5 - (t - k);  // exp(-(t - k)) = exp(-0.5) * exp(g), |g| <= 0.5
  double p = 1.0 / 362880;
  p = p * g + 1.0 / 40320;
  p = p * g + 1.0 / 5040;
  p = p * g + 1.0 / 720;
  p = p * g + 1.0 / 120;
  p = p * g + 1.0 / 24;
  p = p * g + 1.0 / 6;
  p = p * g + 0.5;
  p = p * g + 1.0;
  p = p * g + 1.0;
  return table[k] * 0.60653065971263342 * p;  // exp(-0.5)
}

class LogSum {
 public:
  void add(double x) { x_[n_++] = x; }
  double value() const {
    if (n_ == 0) return -kInf;
    double m = x_[0];
    for (std::size_t k = 1; k < n_; ++k) m = std::max(m, x_[k]);
    double s = 0;
    for (std::size_t k = 0; k < n_; ++k) {
      const double d = x_[k] - m;
      if (d > -40) s += exp_nonpositive(d);
    }
    return m + std::log(s);
  }

 private:
  double x_[kMaxBeadTypes];
  std::size_t n_ = 0;
};

// Rows a pass must keep: one more than the tallest bead type.
std::size_t ring_depth(const BeadScorer& scorer) {
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

struct PathStep {
  std::uint32_t i, j;  // end cell of the bead
  std::uint8_t type;
};

}  // namespace

BeadScorer::BeadScorer(const AlignInput& a, const AlignInput& b, const AlignerOptions& options,
                       const LengthModel& model, const PairEvidence* evidence,
                       const ScorerWindow& window)
    : eoa_(window.offset_a),
      eob_(window.offset_b),
      foreign_penalty_(options.foreign_penalty),
      types_(options.bead_types),
      model_(model),
      crossing_(options.paragraph_crossing_penalty),
      mismatch_(options.paragraph_mismatch_penalty),
      inv_c_(1.0 / model.c),
      tail_(tail_table()),
      evidence_(evidence && !evidence->empty() ? evidence : nullptr),
      anchor_weight_(options.anchor_weight),
      unmatched_weight_(options.unmatched_anchor_weight),
      orphan_weight_(options.orphan_number_weight) {
  auto prefix = [](std::span<const std::uint32_t> len) {
    std::vector<std::uint64_t> p(len.size() + 1, 0);
    for (std::size_t k = 0; k < len.size(); ++k) p[k + 1] = p[k] + len[k];
    return p;
  };
  prefix_a_ = prefix(a.lengths);
  prefix_b_ = prefix(b.lengths);
  auto foreign_prefix = [](std::span<const std::uint8_t> f, std::size_t n) {
    std::vector<std::uint32_t> p;
    if (f.size() != n || std::none_of(f.begin(), f.end(), [](std::uint8_t x) { return x != 0; }))
      return p;
    p.assign(n + 1, 0);
    for (std::size_t k = 0; k < n; ++k) p[k + 1] = p[k] + (f[k] != 0);
    return p;
  };
  if (a.units.size() == a.lengths.size() && b.units.size() == b.lengths.size() &&
      !a.units.empty()) {
    auto counts = [](std::span<const std::uint32_t> u) {
      std::vector<std::uint32_t> p(u.size() + 1, 0);
      for (std::size_t k = 0; k < u.size(); ++k) p[k + 1] = p[k] + u[k];
      return p;
    };
    units_a_ = counts(a.units);
    units_b_ = counts(b.units);
  }
  if (evidence_) {
    auto evidence_prefix = [](std::size_t n, auto&& linkable, auto&& orphans) {
      std::vector<EvidencePrefix> p(n + 1);
      for (std::size_t k = 0; k < n; ++k) {
        const auto i = static_cast<std::uint32_t>(k);
        const PairEvidence::Shared l = linkable(i);
        p[k + 1] = {p[k].anchors + l.anchors, p[k].links + l.links, p[k].orphans + orphans(i)};
      }
      return p;
    };
    ev_prefix_a_ = evidence_prefix(
        a.lengths.size(), [&](std::uint32_t i) { return evidence_->linkable_a(i + eoa_); },
        [&](std::uint32_t i) { return evidence_->orphan_numbers_a(i + eoa_); });
    ev_prefix_b_ = evidence_prefix(
        b.lengths.size(), [&](std::uint32_t j) { return evidence_->linkable_b(j + eob_); },
        [&](std::uint32_t j) { return evidence_->orphan_numbers_b(j + eob_); });
  }
  foreign_a_ = foreign_prefix(a.foreign, a.lengths.size());
  foreign_b_ = foreign_prefix(b.foreign, b.lengths.size());
  double total = 0;
  for (const BeadType& t : types_) total += t.prior;
  for (const BeadType& t : types_) neg_log_prior_.push_back(-std::log(t.prior / total));
  // Paragraphs are soft anchors only when both sides have a paragraph
  // structure and it is of comparable size: translations keep paragraphs,
  // but a side with 3 paragraphs against one with 30 was laid out
  // differently, and penalising every mismatch would then only hurt.
  auto count = [](std::span<const std::uint32_t> p) -> std::uint32_t {
    return p.empty() ? 0 : p.back() - p.front() + 1;
  };
  const bool sized = a.paragraphs.size() == a.lengths.size() &&
                     b.paragraphs.size() == b.lengths.size();
  const std::uint32_t pa = sized ? count(a.paragraphs) : 0, pb = sized ? count(b.paragraphs) : 0;
  use_paragraphs_ = window.paragraphs >= 0
                        ? window.paragraphs > 0 && sized && (crossing_ > 0 || mismatch_ > 0)
                        : pa > 1 && pb > 1 && std::max(pa, pb) <= 1.5 * std::min(pa, pb) + 2 &&
                              (crossing_ > 0 || mismatch_ > 0);
  if (use_paragraphs_) {
    para_a_.assign(a.paragraphs.begin(), a.paragraphs.end());
    para_b_.assign(b.paragraphs.begin(), b.paragraphs.end());
  }
}

// The terms of a bead's cost that depend on its A side only, computed once
// for all the beads of one row and type (cost_row) or for one bead (cost).
struct BeadScorer::RowTerms {
  std::uint32_t ia = 0, na = 0, nb = 0;
  double prior = 0;             // -log prior of the type
  double la = 0;                // code points of the A side
  std::uint32_t units_a = 0;    // sentences the A side stands for (units)
  std::uint32_t foreign_a = 0;  // A sentences in a third language
  EvidencePrefix a0, a1;        // evidence prefix sums around the A side
  bool crossing_a = false;      // the A side spans a paragraph boundary
  bool start_a = false;         // the A side starts a paragraph
  // The cached evidence rows of the A side's sentences (cache_band): cells
  // [lo, lo + len) of sentence ia + x are cells[0 .. len) of ev[x]; len 0:
  // not cached. Looked up once per row instead of once per bead.
  struct EvidenceRow {
    const SharedCell* cells = nullptr;
    std::uint32_t lo = 0, len = 0;
  };
  std::array<EvidenceRow, 8> ev;  // bead types take at most 8 sentences a side
};

BeadScorer::RowTerms BeadScorer::row_terms(std::uint32_t ia, std::uint32_t na, std::uint32_t nb,
                                           std::size_t type_index) const {
  RowTerms r;
  r.ia = ia;
  r.na = na;
  r.nb = nb;
  r.prior = neg_log_prior_[type_index];
  r.la = static_cast<double>(prefix_a_[ia + na] - prefix_a_[ia]);
  if (!units_a_.empty() && na > 0) r.units_a = units_a_[ia + na] - units_a_[ia];
  if (!foreign_a_.empty()) r.foreign_a = foreign_a_[ia + na] - foreign_a_[ia];
  if (evidence_) {
    r.a0 = ev_prefix_a_[ia];
    r.a1 = ev_prefix_a_[ia + na];
    for (std::uint32_t x = 0; x < na && ia + x < dense_lo_.size(); ++x) {
      r.ev[x] = {dense_.data() + dense_off_[ia + x], dense_lo_[ia + x], dense_len_[ia + x]};
    }
  }
  if (use_paragraphs_) {
    r.crossing_a = na > 1 && para_a_[ia] != para_a_[ia + na - 1];
    r.start_a = na > 0 && (ia == 0 || para_a_[ia] != para_a_[ia - 1]);
  }
  return r;
}

// The one definition of a bead's cost (cost() and cost_row() both call it;
// cost_row with the type's sizes as constants, which unrolls the evidence
// loops and drops the tests that do not apply: the arithmetic, and so every
// value, is the same).
template <int NA, int NB>
[[gnu::always_inline]] inline double BeadScorer::cost_at(const RowTerms& r,
                                                         std::uint32_t ib) const {
  const std::uint32_t ia = r.ia;
  const std::uint32_t na = NA >= 0 ? static_cast<std::uint32_t>(NA) : r.na;
  const std::uint32_t nb = NB >= 0 ? static_cast<std::uint32_t>(NB) : r.nb;
  const double la = r.la;
  const double lb = static_cast<double>(prefix_b_[ib + nb] - prefix_b_[ib]);
  double c = r.prior;
  if ((na == 0 || nb == 0) && !units_a_.empty()) {
    const std::uint32_t units = na > 0 ? r.units_a : units_b_[ib + nb] - units_b_[ib];
    c *= units;
  }
  // An insertion or omission has no length difference to measure: its cost
  // is its prior (and unmatched anchors, below). Scoring it as a match
  // against length 0 would make every 1-0 bead cost tens of nats, and the
  // search would then hide real insertions inside wrong 2-1 beads.
  if (na > 0 && nb > 0 && (la > 0 || lb > 0)) {
    // LengthModel::match_cost, with the tail probability from the table.
    const double m = (la + lb * inv_c_) * 0.5;
    c += tail_(( lb - model_.c * la) / std::sqrt(model_.s2 * m));
  }
  if (na > 0 && nb > 0 && foreign_penalty_ > 0) {
    std::uint32_t n = 0;
    if (!foreign_a_.empty()) n += r.foreign_a;
    if (!foreign_b_.empty()) n += foreign_b_[ib + nb] - foreign_b_[ib];
    c += foreign_penalty_ * n;
  }
  if (evidence_) {
    // Shared evidence of the bead: Σ over its sentence pairs, capped by what
    // each side holds (min-count semantics), so a key seen in all four
    // sentences of a 2-2 bead counts twice, as in two 1-1 beads, not four
    // times. Unmatched: linkable anchors of the bead left without partner.
    const EvidencePrefix& a0 = r.a0;
    const EvidencePrefix& a1 = r.a1;
    const EvidencePrefix& b0 = ev_prefix_b_[ib];
    const EvidencePrefix& b1 = ev_prefix_b_[ib + nb];
    const double la_anchor = a1.anchors - a0.anchors, la_link = a1.links - a0.links;
    const double lb_anchor = b1.anchors - b0.anchors, lb_link = b1.links - b0.links;
    double sa = 0, sl = 0;
    for (std::uint32_t x = 0; x < na; ++x) {
      const RowTerms::EvidenceRow& e = r.ev[x];
      for (std::uint32_t y = ib; y < ib + nb; ++y) {
        if (y - e.lo < e.len) {
          const SharedCell& s = e.cells[y - e.lo];
          sa += s.anchors;
          sl += s.links;
        } else {
          const PairEvidence::Shared s = evidence_->shared(ia + x + eoa_, y + eob_);
          sa += s.anchors;
          sl += s.links;
        }
      }
    }
    sa = std::min({sa, la_anchor, lb_anchor});
    sl = std::min({sl, la_link, lb_link});
    const double unmatched = la_anchor + lb_anchor - 2 * sa;
    c += unmatched_weight_ * unmatched - anchor_weight_ * (sa + sl);
    if (na > 0 && nb > 0 && orphan_weight_ > 0) {
      c += orphan_weight_ * ((a1.orphans - a0.orphans) + (b1.orphans - b0.orphans));
    }
  }
  if (use_paragraphs_) {
    if (r.crossing_a) c += crossing_;
    if (nb > 1 && para_b_[ib] != para_b_[ib + nb - 1]) c += crossing_;
    if (na > 0 && nb > 0) {
      const bool start_b = ib == 0 || para_b_[ib] != para_b_[ib - 1];
      if (r.start_a != start_b) c += mismatch_;
    }
  }
  // Rounded to float: the searches memoise costs as floats, and the value
  // must be the same whether memoised or not (and in the reference DP).
  return static_cast<double>(static_cast<float>(c));
}

double BeadScorer::cost(std::uint32_t ia, std::uint32_t na, std::uint32_t ib, std::uint32_t nb,
                        std::size_t type_index) const {
  return cost_at(row_terms(ia, na, nb, type_index), ib);
}

template <int NA, int NB>
void BeadScorer::cost_run(const RowTerms& r, std::uint32_t ib_first, std::uint32_t ib_last,
                          float* out, std::size_t stride) const {
  for (std::uint32_t ib = ib_first; ib <= ib_last; ++ib, out += stride)
    *out = static_cast<float>(cost_at<NA, NB>(r, ib));
}

void BeadScorer::cost_row(std::uint32_t ia, std::size_t type_index, std::uint32_t ib_first,
                          std::uint32_t ib_last, float* out, std::size_t stride) const {
  const BeadType& t = types_[type_index];
  const RowTerms r = row_terms(ia, t.a, t.b, type_index);
  // The default bead types get their own loops (see cost_at).
  switch (t.a * 16 + t.b) {
    case 0x11: return cost_run<1, 1>(r, ib_first, ib_last, out, stride);
    case 0x10: return cost_run<1, 0>(r, ib_first, ib_last, out, stride);
    case 0x01: return cost_run<0, 1>(r, ib_first, ib_last, out, stride);
    case 0x21: return cost_run<2, 1>(r, ib_first, ib_last, out, stride);
    case 0x12: return cost_run<1, 2>(r, ib_first, ib_last, out, stride);
    case 0x22: return cost_run<2, 2>(r, ib_first, ib_last, out, stride);
    case 0x13: return cost_run<1, 3>(r, ib_first, ib_last, out, stride);
    case 0x31: return cost_run<3, 1>(r, ib_first, ib_last, out, stride);
    default: return cost_run<-1, -1>(r, ib_first, ib_last, out, stride);
  }
}

void BeadScorer::cache_band(std::span<const std::uint32_t> lo, std::span<const std::uint32_t> hi) {
  dense_.clear();
  dense_off_.clear();
  dense_lo_.clear();
  dense_len_.clear();
  if (!evidence_ || lo.size() < 2) return;
  const auto na = static_cast<std::uint32_t>(lo.size() - 1);
  const auto nb = static_cast<std::uint32_t>(prefix_b_.size() - 1);
  std::uint32_t reach = 1;  // how many rows a bead spans at most
  for (const BeadType& t : types_) reach = std::max<std::uint32_t>(reach, std::max(t.a, t.b));
  dense_off_.resize(na);
  dense_lo_.resize(na);
  dense_len_.resize(na);
  std::uint64_t total = 0;
  for (std::uint32_t x = 0; x < na; ++x) {
    // Sentence x of A is read by beads ending in DP rows x+1 .. x+reach,
    // whose B sentences lie within those rows' columns, minus the bead width.
    const std::uint32_t first = lo[x + 1] > reach ? lo[x + 1] - reach : 0;
    const std::uint32_t last = std::min(nb, hi[std::min(na, x + reach)]);
    dense_lo_[x] = first;
    dense_len_[x] = last > first ? last - first : 0;
    dense_off_[x] = total;
    total += dense_len_[x];
  }
  // The cache trades memory for speed (about 20% of a search); past 32M
  // cells (256 MB) the sparse lookups are used instead, so memory stays
  // bounded on the longest documents.
  constexpr std::uint64_t kMaxCachedCells = 32u << 20;
  if (total > kMaxCachedCells) {
    dense_off_.clear();
    dense_lo_.clear();
    dense_len_.clear();
    return;
  }
  dense_.assign(total, SharedCell{});
  for (std::uint32_t x = 0; x < na; ++x) {
    evidence_->for_each_in_row(x + eoa_, dense_lo_[x] + eob_, dense_lo_[x] + dense_len_[x] + eob_,
                               [&](std::uint32_t y, const PairEvidence::Shared& s) {
                                 dense_[dense_off_[x] + (y - eob_ - dense_lo_[x])] = {s.anchors, s.links};
                               });
  }
}

Aligner::Aligner(AlignerOptions options) : options_(std::move(options)) {
  validate_types(options_.bead_types);
  if (!(options_.model.c > 0) || !(options_.model.s2 > 0)) {
    fail_input("AlignerOptions.model", "c and s2 must be positive");
  }
  if (!(options_.posterior_temperature > 0)) {
    fail_input("AlignerOptions.posterior_temperature", "must be positive");
  }
  if (options_.initial_band < 1) fail_input("AlignerOptions.initial_band", "must be at least 1");
}

namespace {

// The columns of row i from which a bead of type t ends inside `band` and
// the documents: a run, as the band is monotone (empty: first > last).
struct ColumnRun {
  std::uint32_t first = 1, last = 0;
  bool empty() const { return first > last; }
};

ColumnRun bead_run(const Band& band, std::uint32_t i, const BeadType& t, std::uint32_t na,
                   std::uint32_t nb) {
  const std::uint32_t ni = i + t.a;
  if (ni > na || nb < t.b || band.hi[ni] < t.b) return {};
  return {std::max<std::uint32_t>(band.lo[i], band.lo[ni] > t.b ? band.lo[ni] - t.b : 0),
          std::min<std::uint32_t>({band.hi[i], band.hi[ni] - t.b, nb - t.b})};
}

// Calls rows(first, last) for the rows 0..na of `band` split into
// `threads` runs of equal cell counts, one thread each (on the calling
// thread alone for few cells).
template <typename Rows>
void for_row_runs(const Band& band, std::uint32_t na, unsigned threads, Rows&& rows) {
  if (threads <= 1 || band.cells < kParallelCells) {
    rows(std::uint32_t{0}, na + 1);
    return;
  }
  std::vector<std::thread> pool;
  std::uint32_t first = 0;
  for (unsigned t = 1; t <= threads; ++t) {
    const std::uint64_t target = band.cells * t / threads;
    std::uint32_t last = first;
    while (last <= na && band.offset[last] < target) ++last;
    if (t == threads) last = na + 1;
    pool.emplace_back(rows, first, last);
    first = last;
  }
  for (std::thread& th : pool) th.join();
}

// Costs of every bead that starts in a band cell and ends in one, computed
// once and read by every pass over the band (Viterbi, forward, backward):
// [cell][bead type], +inf where the bead would leave the band or the
// documents. Floats, like every cost BeadScorer returns, so a memoised cost
// is the very value the scorer gives.
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
            const Band* previous_band = nullptr) {
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
          const BeadType& t = scorer.type(k);
          const ColumnRun run = bead_run(band, i, t, na, nb);
          if (run.empty()) continue;
          auto cost = [&](std::uint32_t first, std::uint32_t last) {
            scorer.cost_row(i, k, first, last, row + std::size_t(first - lo) * nt_ + k, nt_);
          };
          // The run the previous band shares with this one is copied.
          const ColumnRun old = previous ? bead_run(*previous_band, i, t, na, nb) : ColumnRun{};
          const std::uint32_t copy_first = std::max(run.first, old.first);
          const std::uint32_t copy_last = std::min(run.last, old.last);
          if (old.empty() || copy_first > copy_last) {
            cost(run.first, run.last);
            continue;
          }
          if (run.first < copy_first) cost(run.first, copy_first - 1);
          const Band& pb = *previous_band;
          const float* src =
              previous->v_.data() + (pb.offset[i] + (copy_first - pb.lo[i])) * nt_ + k;
          float* dst = row + std::size_t(copy_first - lo) * nt_ + k;
          for (std::uint32_t j = copy_first; j <= copy_last; ++j, src += nt_, dst += nt_) {
            *dst = *src;
          }
          if (copy_last < run.last) cost(copy_last + 1, run.last);
        }
      }
    };
    // Each entry is computed alone: the memo is the same at any thread count.
    for_row_runs(band, na, threads, rows);
  }

  float operator()(const Band& band, std::uint32_t i, std::uint32_t j, std::size_t k) const {
    return v_[(band.offset[i] + (j - band.lo[i])) * nt_ + k];
  }
  const float* data() const { return v_.data(); }
  std::size_t types() const { return nt_; }

 private:
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

// What the passes know of one bead type while they fill one row: where its
// beads come from (or go to), and that row's values and column range.
struct TypeStep {
  std::uint32_t a = 0, b = 0;
  bool usable = false;         // the bead fits between this row and the document's edge
  const double* other = nullptr;  // the other row's values (nullptr: the row being filled)
  std::uint32_t lo = 0, hi = 0;   // the other row's column range
  std::int64_t cost_base = 0;     // CostSource::base of the bead's start row

  // The value at column j of the row the step comes from (or goes to):
  // `other`, or for a step within one row (a = 0) the row being filled,
  // `row`, whose columns start at `row_lo`; `none` outside the row's band.
  double value_at(const std::vector<double>& row, std::uint32_t row_lo, std::uint32_t row_hi,
                  std::uint32_t j, double none) const {
    if (!other) return j >= row_lo && j <= row_hi ? row[j - row_lo] : none;
    return j >= lo && j <= hi ? other[j - lo] : none;
  }
};

// Type k's step into row i (forward passes): from row i - a.
TypeStep step_into(const Band& band, const RowRing& rows, const CostSource& cost, std::uint32_t i,
                   std::size_t k) {
  const BeadType& t = cost.scorer.type(k);
  TypeStep s;
  s.a = t.a;
  s.b = t.b;
  s.usable = t.a <= i;
  if (!s.usable) return s;
  const std::uint32_t pi = i - t.a;
  s.lo = band.lo[pi];
  s.hi = band.hi[pi];
  if (t.a > 0) s.other = rows.row(pi);
  s.cost_base = cost.base(pi, k);
  return s;
}

// Type k's step out of row i (backward pass): to row i + a.
TypeStep step_from(const Band& band, const RowRing& rows, const CostSource& cost, std::uint32_t i,
                   std::uint32_t na, std::size_t k) {
  const BeadType& t = cost.scorer.type(k);
  TypeStep s;
  s.a = t.a;
  s.b = t.b;
  s.usable = i + t.a <= na;
  if (!s.usable) return s;
  const std::uint32_t ni = i + t.a;
  s.lo = band.lo[ni];
  s.hi = band.hi[ni];
  if (t.a > 0) s.other = rows.row(ni);
  s.cost_base = cost.base(i, k);
  return s;
}

// The columns of a row where every usable step reads a cell inside the
// band and a memoised cost, so the passes can drop their per-cell tests:
// [first, last] (empty when first > last, and always without a memo).
// `backward`: steps go to later cells (step_from), else come from earlier
// ones (step_into). For each step: its value at column j is
// values[j - value_shift] and its cost memo[cost_shift + j * nt].
struct InteriorSteps {
  struct Step {
    const double* values;
    std::int64_t value_shift;
    std::int64_t cost_shift;
    std::uint8_t type;
  };
  std::array<Step, kMaxBeadTypes> steps;
  std::size_t count = 0;
  std::uint32_t first = 1, last = 0;

  template <class Reader>
  InteriorSteps(const std::array<TypeStep, kMaxBeadTypes>& ts, std::size_t nt,
                const std::vector<double>& row, std::uint32_t lo, std::uint32_t hi,
                const Reader& read, bool skip, bool backward, std::uint32_t nb) {
    if (!read.memo || skip) return;
    std::int64_t f = lo, l = hi;
    for (std::size_t k = 0; k < nt; ++k) {
      const TypeStep& t = ts[k];
      if (!t.usable) continue;
      const std::int64_t b = t.b;
      const double* values = t.other ? t.other : row.data();
      const std::int64_t vlo = t.other ? t.lo : lo, vhi = t.other ? t.hi : hi;
      Step s{values, 0, 0, static_cast<std::uint8_t>(k)};
      if (!backward) {
        // Column j reads j - b: needs vlo <= j - b <= vhi (and j - b < j
        // within the row, true as b >= 1 there).
        f = std::max(f, vlo + b);
        if (t.other) l = std::min(l, vhi + b);
        s.value_shift = vlo + b;
        s.cost_shift = t.cost_base - b * read.nt;
      } else {
        // Column j reads j + b: needs vlo <= j + b <= min(vhi, nb).
        f = std::max(f, vlo - b);
        l = std::min({l, vhi - b, std::int64_t(nb) - b});
        s.value_shift = vlo - b;
        s.cost_shift = t.cost_base;
      }
      steps[count++] = s;
    }
    if (count == 0 || f > l) return;
    first = static_cast<std::uint32_t>(f);
    last = static_cast<std::uint32_t>(l);
  }
};

// Viterbi over one band. Returns the path (bead end cells, last first) and
// whether it came within `margin` of an inner band edge.
struct ViterbiResult {
  std::vector<PathStep> path;  // in reverse order
  double total = 0;
  bool touches_edge = false;
  std::vector<std::uint32_t> edge_rows;  // rows where it does (descending)
};

[[gnu::flatten]] ViterbiResult viterbi(const Band& band, std::uint32_t na, std::uint32_t nb,
                                       const CostSource& cost, std::uint32_t margin,
                                       const std::function<void(double)>& progress) {
  const BeadScorer& scorer = cost.scorer;
  const std::size_t nt = scorer.type_count();
  std::vector<std::uint8_t> back(band.cells, kNoBack);
  RowRing rows(band, ring_depth(scorer), kInf);
  std::array<TypeStep, kMaxBeadTypes> steps;
  const CostReader read(cost);
  for (std::uint32_t i = 0; i <= na; ++i) {
    if (progress && (i & 8191) == 0) progress(static_cast<double>(i) / (na + 1));
    std::vector<double>& row = rows.start_row(i);
    const std::uint32_t lo = band.lo[i];
    std::uint8_t* brow = back.data() + band.offset[i];
    for (std::size_t k = 0; k < nt; ++k) steps[k] = step_into(band, rows, cost, i, k);
    const std::uint32_t hi = band.hi[i];
    auto cell = [&](std::uint32_t j) {
      if (i == 0 && j == 0) {
        row[0] = 0;
        return;
      }
      double best = kInf;
      std::uint8_t arg = kNoBack;
      for (std::size_t k = 0; k < nt; ++k) {
        const TypeStep& s = steps[k];
        if (!s.usable || s.b > j) continue;
        const std::uint32_t pj = j - s.b;
        // Within the current row a 0-b step reads cells just written.
        const double prev = s.value_at(row, lo, j, pj, kInf);
        if (prev == kInf) continue;
        const double cand = prev + read(s.cost_base, i - s.a, pj, k);
        // Branch-free (which type wins is data, and mispredicted often);
        // ties keep the earlier type, as a strict < does.
        const bool better = cand < best;
        best = better ? cand : best;
        arg = better ? static_cast<std::uint8_t>(k) : arg;
      }
      row[j - lo] = best;
      brow[j - lo] = arg;
    };
    const InteriorSteps inner(steps, nt, row, lo, hi, read, i == 0, false, 0);
    for (std::uint32_t j = lo; j < inner.first && j <= hi; ++j) cell(j);
    for (std::uint32_t j = inner.first; j <= inner.last; ++j) {
      // As cell(j), without the tests: every step's cell and cost lie in
      // the band here (an unreachable cell is +inf, and inf + cost stays
      // inf, which never wins: the same as skipping it).
      double best = kInf;
      std::uint8_t arg = kNoBack;
      for (std::size_t q = 0; q < inner.count; ++q) {
        const InteriorSteps::Step& s = inner.steps[q];
        const double cand = s.values[j - s.value_shift] + read.memo[s.cost_shift + j * read.nt];
        const bool better = cand < best;
        best = better ? cand : best;
        arg = better ? s.type : arg;
      }
      row[j - lo] = best;
      brow[j - lo] = arg;
    }
    for (std::uint32_t j = std::max(lo, inner.last + 1); j <= hi; ++j) {
      cell(j);
    }
  }
  ViterbiResult r;
  r.total = rows.get(na, nb);
  std::uint32_t i = na, j = nb;
  while (i > 0 || j > 0) {
    const std::uint8_t k = back[band.offset[i] + (j - band.lo[i])];
    if (k == kNoBack) fail_io("aligner", "internal error: band lost the path");
    r.path.push_back({i, j, k});
    if (!band.full) {
      const bool near_lo = band.lo[i] > 0 && j < band.lo[i] + margin;
      const bool near_hi = band.hi[i] < nb && j + margin > band.hi[i];
      if (near_lo || near_hi) {
        r.touches_edge = true;
        r.edge_rows.push_back(i);
      }
    }
    i -= scorer.type(k).a;
    j -= scorer.type(k).b;
  }
  return r;
}

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

// Forward (alpha) or backward (beta) log-sums over the band, recording the
// values at the requested cells. Scores are -cost, so exp(alpha) sums the
// probabilities of all bead sequences reaching a cell.
[[gnu::flatten]] void forward_at(const Band& band, std::uint32_t na, const CostSource& cost,
                                 double inv_t,
                                 const std::vector<std::pair<std::uint32_t, std::uint32_t>>& want,
                                 std::vector<double>& out) {
  const BeadScorer& scorer = cost.scorer;
  const std::size_t nt = scorer.type_count();
  RowRing alpha(band, ring_depth(scorer), -kInf);
  std::array<TypeStep, kMaxBeadTypes> steps;
  const CostReader read(cost);
  std::size_t w = 0;  // `want` is sorted by (i, j)
  for (std::uint32_t i = 0; i <= na; ++i) {
    std::vector<double>& row = alpha.start_row(i);
    const std::uint32_t lo = band.lo[i];
    for (std::size_t k = 0; k < nt; ++k) steps[k] = step_into(band, alpha, cost, i, k);
    const std::uint32_t hi = band.hi[i];
    auto cell = [&](std::uint32_t j) {
      LogSum acc;
      if (i == 0 && j == 0) acc.add(0);
      for (std::size_t k = 0; k < nt; ++k) {
        const TypeStep& s = steps[k];
        if (!s.usable || s.b > j) continue;
        const std::uint32_t pj = j - s.b;
        const double prev = s.value_at(row, lo, j, pj, -kInf);
        if (prev == -kInf) continue;
        acc.add(prev - inv_t * read(s.cost_base, i - s.a, pj, k));
      }
      row[j - lo] = acc.value();
    };
    const InteriorSteps inner(steps, nt, row, lo, hi, read, i == 0, false, 0);
    for (std::uint32_t j = lo; j < inner.first && j <= hi; ++j) cell(j);
    for (std::uint32_t j = inner.first; j <= inner.last; ++j) {
      // As cell(j) without the tests: a -inf term (an unreachable cell)
      // adds nothing to the log-sum, as skipping it does.
      LogSum acc;
      for (std::size_t q = 0; q < inner.count; ++q) {
        const InteriorSteps::Step& s = inner.steps[q];
        acc.add(s.values[j - s.value_shift] - inv_t * read.memo[s.cost_shift + j * read.nt]);
      }
      row[j - lo] = acc.value();
    }
    for (std::uint32_t j = std::max(lo, inner.last + 1); j <= hi; ++j) {
      cell(j);
    }
    while (w < want.size() && want[w].first == i) {
      out[w] = alpha.get(i, want[w].second);
      ++w;
    }
  }
}

[[gnu::flatten]] void backward_at(const Band& band, std::uint32_t na, std::uint32_t nb,
                                  const CostSource& cost, double inv_t,
                                  const std::vector<std::pair<std::uint32_t, std::uint32_t>>& want,
                                  std::vector<double>& out) {
  const BeadScorer& scorer = cost.scorer;
  const std::size_t nt = scorer.type_count();
  RowRing beta(band, ring_depth(scorer), -kInf);
  std::array<TypeStep, kMaxBeadTypes> steps;
  const CostReader read(cost);
  std::size_t w = want.size();  // consumed from the back
  for (std::uint32_t i = na + 1; i-- > 0;) {
    std::vector<double>& row = beta.start_row(i);
    const std::uint32_t lo = band.lo[i], hi = band.hi[i];
    for (std::size_t k = 0; k < nt; ++k) steps[k] = step_from(band, beta, cost, i, na, k);
    auto cell = [&](std::uint32_t j) {
      LogSum acc;
      if (i == na && j == nb) acc.add(0);
      for (std::size_t k = 0; k < nt; ++k) {
        const TypeStep& s = steps[k];
        const std::uint32_t nj = j + s.b;
        if (!s.usable || nj > nb) continue;
        const double next = s.value_at(row, lo, hi, nj, -kInf);
        if (next == -kInf) continue;
        acc.add(next - inv_t * read(s.cost_base, i, j, k));
      }
      row[j - lo] = acc.value();
    };
    // Columns from the right (0-b steps read the cells to the right).
    const InteriorSteps inner(steps, nt, row, lo, hi, read, i == na, true, nb);
    const bool any = inner.first <= inner.last;
    for (std::uint32_t j = hi + 1; j-- > lo;) {
      if (any && j == inner.last) {
        // As cell(j) without the tests (see forward_at).
        for (;; --j) {
          LogSum acc;
          for (std::size_t q = 0; q < inner.count; ++q) {
            const InteriorSteps::Step& s = inner.steps[q];
            acc.add(s.values[j - s.value_shift] - inv_t * read.memo[s.cost_shift + j * read.nt]);
          }
          row[j - lo] = acc.value();
          if (j == inner.first) break;
        }
        continue;
      }
      cell(j);
    }
    while (w > 0 && want[w - 1].first == i) {
      --w;
      out[w] = beta.get(i, want[w].second);
    }
  }
}

// Forward and backward in the probability domain, scaled row by row (as for
// hidden Markov models): a row's values are divided by their largest, whose
// log is kept for the row, so a cell is a sum of products, with no exp or
// log per cell. The weights exp(-cost / T) of the beads starting in each
// cell of the band are computed once (BeadWeights) and read by both passes.
// A value below 1e-308 of its row's largest (more than 700 nats down)
// underflows to zero. Where that could lose cells that matter, the caller
// runs the log-domain passes (forward_at, backward_at) instead: a whole
// row more than 600 nats below the rows it comes from (a bead of enormous
// cost on every path, e.g. one huge line), or a cell of the path below
// 1e-290 of its row's largest (a long run of 0-b beads in one row).
class BeadWeights {
 public:
  // Past the memo's bound (doubles, one a cell and bead type of fb) the
  // log-domain passes run instead, reading the memo: memory stays bounded.
  static bool fits(const Band& fb, std::size_t nt) {
    return fb.cells * nt * sizeof(double) <= CostMemo::kMaxBytes;
  }

  // Weights over `fb`, from the memo of `band` (a band containing fb).
  BeadWeights(const Band& fb, const Band& band, std::uint32_t na, std::uint32_t nb,
              const BeadScorer& scorer, const CostMemo& memo, double inv_t, unsigned threads)
      : fb_(fb), nt_(scorer.type_count()) {
    // Only the beads that end in fb are read (bead_run); the rest stay 0.
    w_.assign(fb.cells * nt_, 0.0);
    auto rows = [&](std::uint32_t first, std::uint32_t last) {
      for (std::uint32_t i = first; i < last; ++i) {
        double* row = w_.data() + fb.offset[i] * nt_;
        const bool inside = fb.lo[i] >= band.lo[i] && fb.hi[i] <= band.hi[i];
        for (std::size_t k = 0; k < nt_; ++k) {
          const BeadType& t = scorer.type(k);
          const ColumnRun run = bead_run(fb, i, t, na, nb);
          if (run.empty()) continue;
          double* out = row + std::size_t(run.first - fb.lo[i]) * nt_ + k;
          for (std::uint32_t j = run.first; j <= run.last; ++j, out += nt_) {
            const double c = inside ? double(memo(band, i, j, k)) : scorer.cost(i, t.a, j, t.b, k);
            *out = std::exp(-inv_t * c);
          }
        }
      }
    };
    for_row_runs(fb, na, threads, rows);
  }
  // Index of the weight of type k starting at (i, 0), which may lie before
  // the row's first cell: weight of (i, j, k) = data()[base(i, k) + j * nt].
  std::int64_t base(std::uint32_t i, std::size_t k) const {
    return (std::int64_t(fb_.offset[i]) - std::int64_t(fb_.lo[i])) * std::int64_t(nt_) +
           std::int64_t(k);
  }
  const double* data() const { return w_.data(); }
  std::size_t types() const { return nt_; }

 private:
  const Band& fb_;
  std::size_t nt_;
  std::vector<double> w_;
};

constexpr double kMinRowScale = 1e-260;  // about e^-600

// One bead type's step while a scaled pass fills a row: the row it reads
// (values from column `lo`, times `factor` to this row's scale), and the
// columns it can serve.
struct ScaledStep {
  const double* values = nullptr;  // nullptr: the row being filled (a = 0)
  std::uint32_t lo = 0, hi = 0;
  double factor = 1;
  std::int64_t weight_base = 0;
  std::uint32_t b = 0;
};

// What a scaled pass keeps while it fills rows: the last rows, each row's
// log scale, the weights (nt a cell) and the steps of the row being filled.
struct ScaledRows {
  ScaledRows(const Band& band, std::uint32_t na, const BeadScorer& scorer,
             const BeadWeights& weights)
      : rows(band, ring_depth(scorer), 0.0),
        log_scale(na + 1, 0.0),
        w(weights.data()),
        wnt(static_cast<std::int64_t>(scorer.type_count())) {}
  // Type t's step that reads row `other`, the row being filled if t.a is
  // 0, at this row's scale `ref`.
  ScaledStep step(const Band& band, const BeadType& t, std::uint32_t other, double ref,
                  std::int64_t weight_base) const {
    ScaledStep s;
    s.b = t.b;
    s.weight_base = weight_base;
    s.lo = band.lo[other];
    s.hi = band.hi[other];
    if (t.a > 0) {
      s.values = rows.row(other);
      s.factor = std::exp(log_scale[other] - ref);
    }
    return s;
  }

  RowRing rows;
  std::vector<double> log_scale;
  const double* w;
  std::int64_t wnt;
  std::array<ScaledStep, kMaxBeadTypes> steps;
};

// The log-domain value of a cell the caller asked for (a cell of the
// Viterbi path, so its true value is not 0): false if its scaled value is
// below 1e-290 of its row's largest. Then terms under 1e-308 that scaling
// dropped could matter to it: a row can hold a long run of 0-b beads (one
// sentence against thousands), its far end thousands of nats below its
// best cell; the log-domain passes run instead.
bool scaled_value(double v, double log_scale, double& out) {
  if (!(v >= 1e-290)) return false;
  out = std::log(v) + log_scale;
  return true;
}

// Rescales a filled row; false if it fell too far (see BeadWeights).
bool rescale(std::vector<double>& row, double ref, double& log_scale) {
  double m = 0;
  bool nan = false;
  for (double v : row) {
    nan |= v != v;
    m = std::max(m, v);
  }
  if (nan || !(m >= kMinRowScale) || !std::isfinite(m)) return false;
  const double inv = 1 / m;
  for (double& v : row) v *= inv;
  log_scale = ref + std::log(m);
  return true;
}

// As forward_at, from bead weights; false: run forward_at instead.
[[gnu::flatten]] bool forward_scaled(const Band& band, std::uint32_t na, const BeadScorer& scorer,
                                     const BeadWeights& weights,
                                     const std::vector<std::pair<std::uint32_t, std::uint32_t>>& want,
                                     std::vector<double>& out) {
  const std::size_t nt = scorer.type_count();
  ScaledRows p(band, na, scorer, weights);
  RowRing& alpha = p.rows;
  std::size_t wi = 0;
  for (std::uint32_t i = 0; i <= na; ++i) {
    std::vector<double>& row = alpha.start_row(i);
    const std::uint32_t lo = band.lo[i], hi = band.hi[i];
    double ref = i == 0 ? 0.0 : -kInf;
    for (std::size_t k = 0; k < nt; ++k) {
      const BeadType& t = scorer.type(k);
      if (t.a >= 1 && t.a <= i) ref = std::max(ref, p.log_scale[i - t.a]);
    }
    // Columns where every step reads inside its row's band.
    std::int64_t first = lo, last = hi;
    std::size_t count = 0;
    for (std::size_t k = 0; k < nt; ++k) {
      const BeadType& t = scorer.type(k);
      if (t.a > i) continue;
      const std::uint32_t pi = i - t.a;
      const ScaledStep s =
          p.step(band, t, pi, ref, weights.base(pi, k) - std::int64_t(t.b) * p.wnt);
      first = std::max<std::int64_t>(first, std::int64_t(s.lo) + t.b);
      last = std::min<std::int64_t>(last, std::int64_t(s.hi) + t.b);
      p.steps[count++] = s;
    }
    auto cell = [&](std::uint32_t j) {
      double acc = i == 0 && j == 0 ? 1.0 : 0.0;
      for (std::size_t q = 0; q < count; ++q) {
        const ScaledStep& s = p.steps[q];
        if (s.b > j) continue;
        const std::uint32_t pj = j - s.b;
        if (pj < s.lo || pj > s.hi) continue;
        const double v = s.values ? s.values[pj - s.lo] * s.factor : row[pj - lo];
        acc += v * p.w[s.weight_base + std::int64_t(j) * p.wnt];
      }
      row[j - lo] = acc;
    };
    if (i == 0 || first > last) {
      for (std::uint32_t j = lo; j <= hi; ++j) cell(j);
    } else {
      for (std::uint32_t j = lo; j < first; ++j) cell(j);
      for (auto j = static_cast<std::uint32_t>(first); j <= last; ++j) {
        // As cell(j) without the tests.
        double acc = 0;
        for (std::size_t q = 0; q < count; ++q) {
          const ScaledStep& s = p.steps[q];
          const double v = s.values ? s.values[j - s.b - s.lo] * s.factor : row[j - s.b - lo];
          acc += v * p.w[s.weight_base + std::int64_t(j) * p.wnt];
        }
        row[j - lo] = acc;
      }
      for (auto j = static_cast<std::uint32_t>(last + 1); j <= hi; ++j) cell(j);
    }
    if (!rescale(row, ref, p.log_scale[i])) return false;
    while (wi < want.size() && want[wi].first == i) {
      if (!scaled_value(alpha.get(i, want[wi].second), p.log_scale[i], out[wi])) return false;
      ++wi;
    }
  }
  return true;
}

// As backward_at, from bead weights; false: run backward_at instead.
[[gnu::flatten]] bool backward_scaled(const Band& band, std::uint32_t na, std::uint32_t nb,
                                      const BeadScorer& scorer, const BeadWeights& weights,
                                      const std::vector<std::pair<std::uint32_t, std::uint32_t>>& want,
                                      std::vector<double>& out) {
  const std::size_t nt = scorer.type_count();
  ScaledRows p(band, na, scorer, weights);
  RowRing& beta = p.rows;
  std::size_t wi = want.size();  // consumed from the back
  for (std::uint32_t i = na + 1; i-- > 0;) {
    std::vector<double>& row = beta.start_row(i);
    const std::uint32_t lo = band.lo[i], hi = band.hi[i];
    double ref = i == na ? 0.0 : -kInf;
    for (std::size_t k = 0; k < nt; ++k) {
      const BeadType& t = scorer.type(k);
      if (t.a >= 1 && i + t.a <= na) ref = std::max(ref, p.log_scale[i + t.a]);
    }
    std::int64_t first = lo, last = std::min<std::int64_t>(hi, nb);
    std::size_t count = 0;
    for (std::size_t k = 0; k < nt; ++k) {
      const BeadType& t = scorer.type(k);
      if (i + t.a > na) continue;
      const std::uint32_t ni = i + t.a;
      const ScaledStep s = p.step(band, t, ni, ref, weights.base(i, k));
      first = std::max<std::int64_t>(first, std::int64_t(s.lo) - t.b);
      last = std::min<std::int64_t>({last, std::int64_t(s.hi) - t.b, std::int64_t(nb) - t.b});
      p.steps[count++] = s;
    }
    auto cell = [&](std::uint32_t j) {
      double acc = i == na && j == nb ? 1.0 : 0.0;
      for (std::size_t q = 0; q < count; ++q) {
        const ScaledStep& s = p.steps[q];
        const std::uint32_t nj = j + s.b;
        if (nj > nb || nj < s.lo || nj > s.hi) continue;
        const double v = s.values ? s.values[nj - s.lo] * s.factor : row[nj - lo];
        acc += v * p.w[s.weight_base + std::int64_t(j) * p.wnt];
      }
      row[j - lo] = acc;
    };
    // Columns from the right (0-b steps read the cells to the right).
    const bool interior = i != na && first <= last;
    for (std::uint32_t j = hi + 1; j-- > lo;) {
      if (interior && j == last) {
        for (;; --j) {
          double acc = 0;
          for (std::size_t q = 0; q < count; ++q) {
            const ScaledStep& s = p.steps[q];
            const double v = s.values ? s.values[j + s.b - s.lo] * s.factor : row[j + s.b - lo];
            acc += v * p.w[s.weight_base + std::int64_t(j) * p.wnt];
          }
          row[j - lo] = acc;
          if (j == first) break;
        }
        continue;
      }
      cell(j);
    }
    if (!rescale(row, ref, p.log_scale[i])) return false;
    while (wi > 0 && want[wi - 1].first == i) {
      --wi;
      if (!scaled_value(beta.get(i, want[wi].second), p.log_scale[i], out[wi])) return false;
    }
  }
  return true;
}

// What one search computes.
enum class SearchMode {
  kPath,        // the Viterbi path over the first band the path keeps clear of the edge
  kPosteriors,  // the same, with posteriors over that band
  kExact,       // stability check (see search()), then posteriors
};

// `window`: where a and b sit in the evidence's documents (a stretch);
// `split`: whether a long exact search may run in stretches.
PairAlignment search(const AlignerOptions& options_, const AlignInput& a, const AlignInput& b,
                     const LengthModel& model, const PairEvidence* evidence, SearchMode mode,
                     const PairAlignment* hint = nullptr, const ScorerWindow& window = {},
                     bool split = true);

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
  const PairAlignment coarse = search(options, {ca, {}, {}, ua}, {cb, {}, {}, ub}, model,
                                      evidence ? &coarse_evidence : nullptr, SearchMode::kPath);
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
PairAlignment one_sided(const AlignerOptions& options_, const AlignInput& a, const AlignInput& b,
                        const LengthModel& model) {
  const auto na = static_cast<std::uint32_t>(a.lengths.size());
  const auto nb = static_cast<std::uint32_t>(b.lengths.size());
  PairAlignment result;
  result.model = model;
  BeadScorer scorer(a, b, options_, model, nullptr);
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

// The cells a given alignment's beads cover, as a guide (see Aligner::
// align_with_model's `hint`).
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

// One search with a fixed model. Without posteriors every bead's confidence
// is left at 0 (the estimation rounds need only the path).
// Empty (no beads) when two neighbouring stretches share no bead boundary
// in their overlap: the caller then searches uncut.
PairAlignment search_in_stretches(const AlignerOptions& options, const AlignInput& a,
                                  const AlignInput& b, const LengthModel& model,
                                  const PairEvidence* evidence, const PairAlignment& hint,
                                  const std::vector<std::pair<std::uint32_t, std::uint32_t>>& cuts,
                                  bool paragraphs, SearchMode mode);

// Cells where a long exact search may be cut into stretches: boundaries of
// the hint between two 1-1 beads that are both nearly certain (posterior >=
// kCutConfidence), at least stretch_rows(na) rows apart (see
// search_in_stretches for how the stretches are searched and joined).
// The first cut is (0, 0), the last (na, nb); fewer than three: no split.
constexpr std::uint32_t kStretchRows = 8192;
constexpr std::uint32_t kStretchOverlap = 512;
constexpr double kCutConfidence = 0.999;
// Documents from this many rows are searched in stretches.
constexpr std::uint32_t kMinSplitRows = kStretchRows;

// Rows between cuts: kStretchRows, or half the document below twice that,
// so that a document of 8k-16k sentences is searched as two halves side
// by side rather than as one stretch on one thread (a function of the
// document alone: the cuts, and so the output, do not depend on the
// thread count).
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

PairAlignment search(const AlignerOptions& options_, const AlignInput& a, const AlignInput& b,
                     const LengthModel& model, const PairEvidence* evidence, SearchMode mode,
                     const PairAlignment* hint, const ScorerWindow& window, bool split) {
  const auto na = static_cast<std::uint32_t>(a.lengths.size());
  const auto nb = static_cast<std::uint32_t>(b.lengths.size());
  if (na == 0 || nb == 0) return one_sided(options_, a, b, model);
  PairAlignment result;
  result.model = model;
  BeadScorer scorer(a, b, options_, model, evidence, window);
  const bool posteriors = mode != SearchMode::kPath;
  const bool exact = mode == SearchMode::kExact;
  // A long search with posteriors guided by an earlier pass runs as
  // overlapping stretches cut between (nearly certain) beads of that pass:
  // the memory of a search stays bounded by a stretch's, and the stretches
  // run on all threads. Cuts and joins depend on the inputs alone, so the
  // result is the same at any thread count. (It equals the uncut search
  // wherever the uncut path runs through the join cells; on the 1M-sentence
  // benchmark pair the two are identical.)
  if (split && hint && posteriors && na >= kMinSplitRows && covers(hint->beads, na, nb)) {
    const auto cuts = stretch_cuts(*hint, na, nb);
    if (!cuts.empty()) {
      PairAlignment joined = search_in_stretches(options_, a, b, model, evidence, *hint, cuts,
                                                 scorer.uses_paragraphs(), mode);
      if (!joined.beads.empty()) return joined;
    }
  }

  // Small enough: the full matrix, exact. Otherwise a band laid around a
  // guide: the cells an earlier alignment of the same documents covers
  // (`hint`, the path of an estimation pass: then the band starts
  // narrower), or coarse to fine: the same search over blocks of k
  // sentences (recursively, until the blocks fit the full DP) finds the
  // region of the path. Unlike a band around the diagonal this follows long
  // insertions and very unequal documents.
  Guide guide;
  std::uint32_t w = options_.initial_band;
  const std::uint64_t cells = (std::uint64_t(na) + 1) * (std::uint64_t(nb) + 1);
  // One sentence a side cannot be coarsened further: with full_dp_cells
  // below 4 the coarse levels would recurse until the stack overflows.
  const bool full = cells <= options_.full_dp_cells || std::max(na, nb) <= 1;
  if (full) {
    guide = diagonal_guide(na, nb);
    w = std::max(na, nb);
  } else if (hint && covers(hint->beads, na, nb)) {
    guide = bead_guide(hint->beads, na, nb);
    // Around the path of an estimation pass the band starts at half the
    // width; an exact search around a confident one (nine beads in ten at
    // posterior 0.9 or more) at a quarter: its check (the same path at
    // twice the width) and the widening where the path nears the edge
    // still hold. That makes the final pass on real text 10% faster (same
    // paths on the benchmark pairs and the ntrex cases; posteriors are
    // summed over the narrower band). Where lengths say little and the
    // estimation is unsure, a narrow band only widens in more places.
    std::size_t confident = 0;
    for (const Bead& bead : hint->beads) confident += bead.confidence >= 0.9;
    const bool sure = 10 * confident >= 9 * hint->beads.size();
    w = std::max<std::uint32_t>(1, w / (exact && sure ? 4 : 2));
  } else {
    const PairAlignment coarse = coarse_path(options_, a, b, model, evidence);
    // A long path-only search (the first estimation pass) runs in
    // stretches too, guided by the coarse path (the width it would have
    // had around the coarse path is kept: the hinted search halves it).
    if (mode == SearchMode::kPath && split && na >= kMinSplitRows) {
      const auto cuts = stretch_cuts(coarse, na, nb);
      if (!cuts.empty()) {
        AlignerOptions wider = options_;
        wider.initial_band = 2 * options_.initial_band;
        PairAlignment joined = search_in_stretches(wider, a, b, model, evidence, coarse, cuts,
                                                   scorer.uses_paragraphs(), mode);
        if (!joined.beads.empty()) return joined;
      }
    }
    guide = bead_guide(coarse.beads, na, nb);
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
  const unsigned threads = std::max(1u, options_.threads);
  const std::size_t nt = scorer.type_count();
  constexpr std::uint32_t kMaxWidth = 1u << 29;
  std::vector<std::uint32_t> width(full ? 1 : na + 1, w), wide;
  // Doubles the width of the rows within `radius` of any of `rows`
  // (a difference array marks the union of the ranges in linear time).
  std::vector<std::int32_t> cover_count;
  // A bound on the band, so that time and memory stay linear whatever the
  // input: on text whose lengths say little (no anchors, many near-equal
  // paths) the widening below could otherwise go on round after round
  // towards the whole matrix. A widening past it is not made: the last
  // band's path is kept (it may run along the band's edge there).
  const std::uint64_t max_cells = std::max<std::uint64_t>(
      {options_.full_dp_cells, kMinBandBudget,
       std::uint64_t(kMaxBandCellsPerRow) * (std::uint64_t(na) + 1)});
  auto affordable = [&](const std::vector<std::uint32_t>& widths) {
    std::vector<std::uint32_t> searched = widths;
    if (exact) {
      for (std::uint32_t& x : searched) x = std::min(kMaxWidth, 2 * x);
    }
    return make_band(guide, na, nb, searched).cells <= max_cells;
  };
  std::vector<std::uint32_t> next_width;
  auto widen = [&](const std::vector<std::uint32_t>& rows) {
    cover_count.assign(na + 2, 0);
    for (std::uint32_t r : rows) {
      const std::uint32_t radius = std::max<std::uint32_t>(256, 16 * width[r]);
      ++cover_count[r > radius ? r - radius : 0];
      --cover_count[std::min<std::uint32_t>(na, r + radius) + 1];
    }
    bool grew = false;
    std::int32_t inside = 0;
    next_width = width;
    for (std::uint32_t i = 0; i <= na; ++i) {
      inside += cover_count[i];
      if (inside > 0 && next_width[i] < kMaxWidth) {
        next_width[i] *= 2;
        grew = true;
      }
    }
    if (!grew || !affordable(next_width)) return false;
    width.swap(next_width);
    return true;
  };
  ViterbiResult vr;
  Band band;    // the band the accepted path was searched in
  Band narrow;  // exact searches: the half-width band that agreed with it
  bool agreed = false;
  CostMemo memo, previous_memo;
  Band previous_band;
  bool memoised = false;
  for (;;) {
    wide = width;
    if (exact && !full) {
      for (std::uint32_t& x : wide) x = std::min(kMaxWidth, 2 * x);
    }
    band = make_band(guide, na, nb, wide);
    scorer.cache_band(band.lo, band.hi);
    // Memoised whenever it fits, even for one pass: a memo row is filled
    // per bead type with the A side's terms computed once (cost_row), which
    // is cheaper than calling the scorer cell by cell.
    // A widened round reuses the costs of the round before (same scorer).
    const bool reuse = memoised && CostMemo::fits(band, nt);
    if (reuse) std::swap(memo, previous_memo);
    memoised = CostMemo::fits(band, nt);
    if (memoised) {
      memo.fill(band, na, nb, scorer, threads, reuse ? &previous_memo : nullptr,
                reuse ? &previous_band : nullptr);
    }
    previous_band = band;
    const CostSource cost{scorer, band, memoised ? &memo : nullptr};
    if (!exact || band.full) {
      vr = viterbi(band, na, nb, cost, options_.band_margin, options_.progress);
      if (band.full || !vr.touches_edge || !widen(vr.edge_rows)) break;
      continue;
    }
    narrow = make_band(guide, na, nb, width);
    // The wide band's search is needed unless the narrow path touches the
    // edge (rare): with a second thread it runs beside the narrow one.
    std::thread wide_search;
    const bool side_by_side = threads > 1 && band.cells >= kParallelCells;
    if (side_by_side) {
      wide_search = std::thread([&] { vr = viterbi(band, na, nb, cost, options_.band_margin, {}); });
    }
    const ViterbiResult vn =
        viterbi(narrow, na, nb, cost, options_.band_margin, options_.progress);
    if (side_by_side) wide_search.join();
    if (vn.touches_edge && widen(vn.edge_rows)) continue;
    if (!side_by_side) vr = viterbi(band, na, nb, cost, options_.band_margin, options_.progress);
    if (same_path(vn.path, vr.path)) {
      agreed = true;
      break;
    }
    for (const PathStep& step : vr.path) {
      const BeadType& t = scorer.type(step.type);
      for (std::uint32_t i = step.i - t.a; i <= step.i; ++i) {
        guide.lo[i] = std::min(guide.lo[i], step.j - t.b);
        guide.hi[i] = std::max(guide.hi[i], step.j);
      }
    }
    // Wider around where the two paths part, not everywhere: where many
    // paths are nearly as good, the wide band finds a slightly better one
    // somewhere in every round, and doubling every row would grow the band
    // towards the whole matrix.
    if (!widen(rows_where_paths_differ(vn.path, vr.path))) break;
  }
  previous_memo = CostMemo();  // the last round's is all that is read from here
  w = *std::max_element(wide.begin(), wide.end());
  result.band = band.full ? std::max(na, nb) : w;
  result.cells = band.cells;
  result.total_cost = vr.total;
  if (!posteriors) {
    for (auto it = vr.path.rbegin(); it != vr.path.rend(); ++it) {
      const BeadType& t = scorer.type(it->type);
      const std::uint32_t ia = it->i - t.a, ib = it->j - t.b;
      result.beads.push_back({{ia, it->i}, {ib, it->j}, scorer.cost(ia, t.a, ib, t.b, it->type), 0.0});
    }
    return result;
  }

  // Beads in document order with their start and end cells.
  std::reverse(vr.path.begin(), vr.path.end());
  std::vector<std::pair<std::uint32_t, std::uint32_t>> starts, ends;
  starts.reserve(vr.path.size() + 1);
  ends.reserve(vr.path.size());
  for (const PathStep& s : vr.path) {
    const BeadType& t = scorer.type(s.type);
    starts.emplace_back(s.i - t.a, s.j - t.b);
    ends.emplace_back(s.i, s.j);
  }
  // The end cell (na, nb) is asked for last; its alpha is log Z.
  starts.emplace_back(na, nb);
  std::vector<double> alpha(starts.size()), beta(ends.size());
  const double inv_t = 1.0 / options_.posterior_temperature;
  const CostSource cost{scorer, band, memoised ? &memo : nullptr};
  // Posteriors of an exact search are summed over the narrower of the two
  // bands that agreed on the path (its costs are in the memo too): what
  // lies beyond it weighs next to nothing, and it has half the cells.
  const Band& fb_band = agreed ? narrow : band;
  // Forward and backward are independent: side by side when allowed. In the
  // probability domain from the memo's costs; in the log domain without a
  // memo or where scaling could underflow (see BeadWeights).
  const bool parallel = threads > 1 && fb_band.cells >= kParallelCells;
  bool scaled = false;
  if (memoised && BeadWeights::fits(fb_band, scorer.type_count())) {
    const BeadWeights weights(fb_band, band, na, nb, scorer, memo, inv_t, parallel ? threads : 1);
    bool forward_ok = false, backward_ok = false;
    if (parallel) {
      std::thread other([&] {
        backward_ok = backward_scaled(fb_band, na, nb, scorer, weights, ends, beta);
      });
      forward_ok = forward_scaled(fb_band, na, scorer, weights, starts, alpha);
      other.join();
    } else {
      forward_ok = forward_scaled(fb_band, na, scorer, weights, starts, alpha);
      backward_ok = forward_ok && backward_scaled(fb_band, na, nb, scorer, weights, ends, beta);
    }
    scaled = forward_ok && backward_ok;
  }
  if (!scaled && parallel) {
    std::thread other([&] { backward_at(fb_band, na, nb, cost, inv_t, ends, beta); });
    forward_at(fb_band, na, cost, inv_t, starts, alpha);
    other.join();
  } else if (!scaled) {
    forward_at(fb_band, na, cost, inv_t, starts, alpha);
    backward_at(fb_band, na, nb, cost, inv_t, ends, beta);
  }
  const double log_z = alpha.back();

  result.beads.reserve(vr.path.size());
  for (std::size_t k = 0; k < vr.path.size(); ++k) {
    const PathStep& s = vr.path[k];
    const BeadType& t = scorer.type(s.type);
    const std::uint32_t ia = s.i - t.a, ib = s.j - t.b;
    const double c = scorer.cost(ia, t.a, ib, t.b, s.type);
    const double post = std::exp(alpha[k] - inv_t * c + beta[k] - log_z);
    result.beads.push_back({{ia, s.i}, {ib, s.j}, c, std::clamp(post, 0.0, 1.0)});
  }
  return result;
}

PairAlignment search_in_stretches(const AlignerOptions& options, const AlignInput& a,
                                  const AlignInput& b, const LengthModel& model,
                                  const PairEvidence* evidence, const PairAlignment& hint,
                                  const std::vector<std::pair<std::uint32_t, std::uint32_t>>& cuts,
                                  bool paragraphs, SearchMode mode) {
  using Cell = std::pair<std::uint32_t, std::uint32_t>;
  const std::size_t stretches = cuts.size() - 1;
  const auto na = static_cast<std::uint32_t>(a.lengths.size());
  const auto nb = static_cast<std::uint32_t>(b.lengths.size());
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
  // Each stretch is searched over a window reaching kStretchOverlap rows
  // into its neighbours; neighbouring paths are then joined at a bead
  // boundary both share near the cut (they agree there, each with that
  // much context on either side), so the cut itself need not be a
  // boundary of the best path.
  std::vector<Cell> from(stretches), to(stretches);
  for (std::size_t s = 0; s < stretches; ++s) {
    from[s] = s == 0 ? Cell{0, 0} : bound_near(std::int64_t(cuts[s].first) - kStretchOverlap);
    to[s] = s + 1 == stretches ? Cell{na, nb}
                               : bound_near(std::int64_t(cuts[s + 1].first) + kStretchOverlap);
  }
  std::vector<PairAlignment> parts(stretches);
  AlignerOptions sub = options;
  sub.threads = 1;
  sub.progress = nullptr;
  auto sub_input = [](const AlignInput& in, std::uint32_t first, std::uint32_t last) {
    AlignInput out;
    out.lengths = in.lengths.subspan(first, last - first);
    if (in.paragraphs.size() == in.lengths.size())
      out.paragraphs = in.paragraphs.subspan(first, last - first);
    if (in.foreign.size() == in.lengths.size()) out.foreign = in.foreign.subspan(first, last - first);
    if (in.units.size() == in.lengths.size()) out.units = in.units.subspan(first, last - first);
    return out;
  };
  auto run = [&](std::size_t s) {
    const auto [i0, j0] = from[s];
    const auto [i1, j1] = to[s];
    PairAlignment sub_hint;
    // The hint's beads from boundary (i0, j0) to boundary (i1, j1).
    auto first = std::lower_bound(hint.beads.begin(), hint.beads.end(), from[s],
                                  [](const Bead& bead, const Cell& c) {
                                    return Cell{bead.a.begin, bead.b.begin} < c;
                                  });
    for (auto it = first; it != hint.beads.end() && Cell{it->a.begin, it->b.begin} < to[s]; ++it) {
      const Bead& bead = *it;
      Bead shifted = bead;
      shifted.a = {bead.a.begin - i0, bead.a.end - i0};
      shifted.b = {bead.b.begin - j0, bead.b.end - j0};
      sub_hint.beads.push_back(shifted);
    }
    PairAlignment part = search(sub, sub_input(a, i0, i1), sub_input(b, j0, j1), model, evidence,
                                mode, &sub_hint,
                                ScorerWindow{i0, j0, paragraphs ? 1 : 0}, false);
    for (Bead& bead : part.beads) {
      bead.a = {bead.a.begin + i0, bead.a.end + i0};
      bead.b = {bead.b.begin + j0, bead.b.end + j0};
    }
    parts[s] = std::move(part);
  };
  // Workers take stretches in order; the calling thread works too and
  // reports progress (so the callback runs on the calling thread only).
  std::atomic<std::size_t> next{0}, done{0};
  auto work = [&](bool report) {
    for (std::size_t s; (s = next.fetch_add(1)) < stretches;) {
      run(s);
      const std::size_t d = done.fetch_add(1) + 1;
      if (report && options.progress) options.progress(static_cast<double>(d) / stretches);
    }
  };
  std::vector<std::thread> pool;
  const unsigned threads = std::max(1u, options.threads);
  for (unsigned t = 1; t < threads && t < stretches; ++t) pool.emplace_back(work, false);
  work(true);
  for (std::thread& th : pool) th.join();

  // Join: stretch s contributes its beads from the join with s-1 to the
  // join with s+1. A join is the shared bead boundary nearest the cut;
  // with none in the overlap (not seen in practice) the stretches cannot be
  // joined, and the caller searches uncut.
  std::vector<Cell> joins(stretches + 1);
  joins[0] = {0, 0};
  joins[stretches] = {na, nb};
  for (std::size_t s = 0; s + 1 < stretches; ++s) {
    std::vector<Cell> left, right;
    for (const Bead& bead : parts[s].beads) left.emplace_back(bead.a.begin, bead.b.begin);
    for (const Bead& bead : parts[s + 1].beads) right.emplace_back(bead.a.begin, bead.b.begin);
    std::vector<Cell> shared;
    std::set_intersection(left.begin(), left.end(), right.begin(), right.end(),
                          std::back_inserter(shared));
    if (shared.empty()) return {};
    const std::uint32_t cut = cuts[s + 1].first;
    Cell best = shared.front();
    std::uint32_t best_distance = std::numeric_limits<std::uint32_t>::max();
    for (const Cell& c : shared) {
      const std::uint32_t d = c.first > cut ? c.first - cut : cut - c.first;
      if (d < best_distance) best = c, best_distance = d;
    }
    joins[s + 1] = best;
  }
  PairAlignment result;
  result.model = model;
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
  if (!covers(result.beads, na, nb)) return {};
  return result;
}

// The 1-1 beads' lengths re-estimate c and s2 (see Aligner::align).
LengthModel reestimate(const AlignInput& a, const AlignInput& b, const PairAlignment& pass,
                       const LengthModel& model) {
  std::vector<std::uint32_t> la, lb;
  for (const Bead& bead : pass.beads) {
    if (bead.a.size() == 1 && bead.b.size() == 1) {
      la.push_back(a.lengths[bead.a.begin]);
      lb.push_back(b.lengths[bead.b.begin]);
    }
  }
  if (la.size() < 8) return model;
  LengthModel next = model;
  next.c = estimate_ratio(la, lb);
  next.s2 = estimate_variance(la, lb, next.c, model.s2);
  return next;
}

}  // namespace

PairAlignment Aligner::align_with_model(const AlignInput& a, const AlignInput& b,
                                        const LengthModel& model, const PairEvidence* evidence,
                                        const PairAlignment* hint) const {
  return search(options_, a, b, model, evidence, SearchMode::kExact, hint);
}

PairAlignment Aligner::estimate(const AlignInput& a, const AlignInput& b,
                                const PairEvidence* evidence) const {
  if (!options_.estimate_parameters || a.lengths.empty() || b.lengths.empty()) {
    return search(options_, a, b, options_.model, evidence, SearchMode::kPosteriors);
  }
  // Gale & Church estimate c and s2 from hand-aligned data; here they come
  // from the texts themselves. c from the total lengths first, s2 seeded by
  // the textbook 6.8 scaled to c; then a pass, c and s2 re-estimated on its
  // 1-1 beads (insertions no longer distort c; the trimmed estimator drops
  // the few wrong ones), a second pass with posteriors, and c and s2
  // re-estimated again. The estimation passes consider only the bead types
  // of at most three sentences (1-1, 1-0, 0-1, 2-1, 1-2 by default): the
  // 1-1 beads they find are the same, at less than two thirds of the cost.
  AlignerOptions est = options_;
  est.bead_types.clear();
  for (const BeadType& t : options_.bead_types) {
    if (t.a + t.b <= 3) est.bead_types.push_back(t);
  }
  LengthModel model;
  model.c = estimate_ratio(a.lengths, b.lengths);
  model.s2 = 6.8 * std::max(1.0, model.c);
  // The first pass only seeds the second: its path guides the second's
  // band, its 1-1 beads re-estimate c and s2. It keeps the full band
  // around the coarse path: with half of it the path runs along the edge
  // in places, and the rounds that widen the band there cost more than the
  // wider band (10k pair: 26-28 ms instead of 28-37 ms, same path).
  const PairAlignment first = search(est, a, b, model, evidence, SearchMode::kPath);
  model = reestimate(a, b, first, model);
  PairAlignment second = search(est, a, b, model, evidence, SearchMode::kPosteriors, &first);
  second.model = reestimate(a, b, second, model);
  return second;
}

PairAlignment Aligner::align(const AlignInput& a, const AlignInput& b,
                             const PairEvidence* evidence) const {
  if (!options_.estimate_parameters || a.lengths.empty() || b.lengths.empty()) {
    return align_with_model(a, b, options_.model, evidence);
  }
  const PairAlignment estimated = estimate(a, b, evidence);
  return align_with_model(a, b, estimated.model, evidence, &estimated);
}

}  // namespace polyalign
